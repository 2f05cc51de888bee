/*
 * properties.h - the lexer of the portal's <properties ... /> block.
 *
 * The block is HTML-attribute-like but hand written, so the lexer forgives
 * what the real corpus does (see shared/research/selfhelp-format.md 1.1-1.3):
 * case-insensitive names, U+00A0/U+200B used as blanks, a missing or doubled
 * closing quote, a comma after a value, junk after "/>".  Every fault is a
 * diagnostic with file:line:col and a best-effort value, never a lost article.
 */
#ifndef SHELF_PROPERTIES_H
#define SHELF_PROPERTIES_H

#include <stddef.h>

#include <jansson.h>

#include "diag.h"

/* The largest block of the sample corpus holds 16 attributes; 256 stops a
 * hostile file from building a huge object yet fits any sane template. */
#define SHELF_MAX_PROP_ATTRS 256
/* The longest real value is a few hundred bytes (a list of topic IDs); a
 * value is one line of metadata, so 64 KiB is generous.  Longer values are
 * cut (at a UTF-8 boundary) with SHELF_E_PROP_LIMIT. */
#define SHELF_MAX_PROP_VALUE ((size_t)64 * 1024)
/* Real blocks are under 1 KiB.  The lexer looks no further than this for
 * "/>", so a block that never closes costs at most 1 MiB of scanning. */
#define SHELF_MAX_PROP_BLOCK ((size_t)1024 * 1024)

/*
 * Lexes the properties block that starts at text[start], which must be
 * "<properties" (any case).  `text` holds `len` bytes; `line` is the file
 * line of text[start], so diagnostics (added to `d`, naming `file`) point
 * into the file; columns are 1-based byte columns.
 *
 * Sets *end to the byte after the block: after "/>" and any junk up to the
 * end of that line (the '\n' itself is not part of the block).  Without a
 * "/>" (SHELF_E_PROP_UNTERMINATED) the block ends at the first blank line
 * after which no attribute follows, or at the end of the text.
 *
 * Returns a new JSON object (the caller owns it, json_decref) mapping each
 * attribute's canonical name (shelf_properties_canonical(), else the name as
 * written) to its value as a string: character references decoded (&amp; is
 * "&", a bare & stays), blanks at both ends trimmed.  Returns NULL only when out of
 * memory; *end is then `start`.
 */
json_t *shelf_properties_parse(const char *text, size_t len, size_t start,
                               unsigned line, size_t *end, shelf_diags *d,
                               const char *file);

/* Returns the canonical spelling of a known attribute name (matched without
 * regard to case, `len` bytes of `name`), or NULL for an unknown name.  The
 * string is static. */
const char *shelf_properties_canonical(const char *name, size_t len);

/* Every canonical attribute name, NULL-terminated (read-only). */
extern const char *const shelf_properties_names[];

#endif
