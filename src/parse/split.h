/*
 * split.h - stage 2: cut the metadata headers off an article.
 *
 * A Learn article starts with YAML front matter between '---' lines; a
 * portal self-help article has a <properties ... /> block near the top.
 * Both are parsed here and blanked out of the text, so that the Markdown
 * parser sees only the body, at its original lines and columns.
 */
#ifndef SHELF_SPLIT_H
#define SHELF_SPLIT_H

#include <stddef.h>

#include <jansson.h>

#include "diag.h"

/* Learn front matter is under 4 KiB; 256 KiB bounds libyaml's work.  A
 * larger front matter is an error and is not parsed (its lines are still
 * cut from the body). */
#define SHELF_MAX_FRONT_MATTER ((size_t)256 * 1024)
/* The properties block is looked for in this many lines from the top (or
 * from the end of the front matter).  Real preambles are one to three
 * lines: an H1, an HTML comment, or a stray line, plus blank lines. */
#define SHELF_MAX_PREAMBLE_LINES 40
/* At most this many stray lines (not blank, a heading or a comment) may
 * precede the block, each at most SHELF_MAX_STRAY_BYTES long; beyond that
 * the text is a body, not a preamble.  The corpus has one stray line of
 * 31 bytes. */
#define SHELF_MAX_PREAMBLE_STRAY 2
#define SHELF_MAX_STRAY_BYTES 200

typedef struct shelf_split {
	json_t *front_matter;     /* YAML front matter as a JSON object (owned), or NULL */
	json_t *properties;       /* <properties/> attributes: canonical key -> string (owned), or NULL */
	unsigned fm_first_line, fm_last_line;       /* lines of the '---' fences, 1-based; 0 = none */
	unsigned props_first_line, props_last_line; /* lines of '<properties' and '/>'; 0 = none */
} shelf_split;

/*
 * Finds and parses front matter and the properties block in `text` (UTF-8,
 * LF line ends only, no BOM, NUL-terminated, `len` bytes).  Reports faults
 * to `d` as file:line:col.  Overwrites every consumed byte (fences, YAML,
 * the whole properties block incl. any junk after '/>' on its line) with
 * ' ' but keeps '\n', so line and column numbers of the body left in
 * `text` are those of the original file.  A preamble before the block (a
 * heading, a comment, a stray line) stays in the body.
 *
 * Front matter: only when the first line is exactly '---' (trailing blanks
 * allowed), closed by a line '---' or '...'.  Unclosed: SHELF_E_YAML_UNCLOSED
 * and nothing is consumed.  Not a mapping: SHELF_W_YAML_NOT_MAPPING,
 * front_matter stays NULL, the lines are consumed.
 *
 * Returns 0, or -1 on out-of-memory (then *out is zeroed and the text may
 * be partly blanked).  Always fills *out (zeroed when nothing is found);
 * the caller frees it with shelf_split_free().
 */
int shelf_split_article(char *text, size_t len, shelf_split *out,
                        shelf_diags *d, const char *file);

/* Frees the JSON of `s` and zeroes it; NULL-safe. */
void shelf_split_free(shelf_split *s);

#endif
