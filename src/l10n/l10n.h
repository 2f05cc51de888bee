/*
 * l10n.h - translation QA (shelf l10n): private structures shared by the
 * driver (l10n.c: reading, pairing), the checks (l10n_checks.c for
 * structure, l10n_text.c for prose) and the report writers (l10n_report.c).
 *
 * Each file of a pair goes through the renderer's own stages (read, split,
 * tokens, directives, cmark) and is then reduced to an outline: a list of
 * items (headings, code, links, directives, ...) and a list of text lines,
 * each with its file line.  The checks compare outlines, never raw text.
 */
#ifndef SHELF_L10N_H
#define SHELF_L10N_H

#include <stddef.h>

#include <cmark-gfm.h>
#include <jansson.h>

#include "buf.h"
#include "diag.h"
#include "directive.h"
#include "shelf.h"
#include "token.h"

/* Longest quote of either side in a message: a finding names what differs,
 * it does not copy paragraphs. */
#define L10N_MAX_QUOTE 120
/* Most findings one pair may produce: a translation of another article
 * entirely would otherwise give one per line.  Past it, one note says how
 * many were dropped. */
#define L10N_MAX_FINDINGS_PER_PAIR 200
/* Most pairs one run compares (a real localized repo has ~10,000 per
 * locale); the pair table costs memory per entry. */
#define L10N_MAX_PAIRS 1000000

/* Stands in a prose line for what is not prose (a code span, a token),
 * so that neighbouring words do not run together. */
#define L10N_GAP '\x1F'

typedef enum l10n_kind {
	L10N_HEADING = 1,   /* level = heading level, a = plain text, b = explicit id or NULL */
	L10N_CODE_BLOCK,    /* a = literal, b = info string, level = fenced */
	L10N_CODE_SPAN,     /* a = literal */
	L10N_LINK,          /* a = url, b = text */
	L10N_IMAGE,         /* a = url, b = alt */
	L10N_DIRECTIVE,     /* level = shelf_dir_kind, a = key value, b = raw */
	L10N_ALERT,         /* a = marker as written without [! ] ("NOTE", "div class=x") */
	L10N_TABLE,         /* level = columns, count = rows */
	L10N_LIST,          /* level = ordered, count = items */
	L10N_ANCHOR,        /* a = name/id of an <a> in raw HTML */
	L10N_TOKEN          /* a = portal token name */
} l10n_kind;

typedef struct l10n_item {
	l10n_kind kind;
	unsigned line;
	int level;
	unsigned count;
	char *a;
	char *b;
} l10n_item;

/* One line of prose as rendered: text nodes (not code), in block order;
 * `block` numbers the leaf block (paragraph, heading, cell) it belongs to,
 * so both sides can be aligned block by block. */
typedef struct l10n_line {
	unsigned line;
	unsigned block;
	char *text;
} l10n_line;

/* One file of a pair, reduced to its outline. */
typedef struct l10n_doc {
	char *path;              /* as shown */
	char *raw;               /* bytes as read, for hashing and encoding */
	size_t raw_len;
	int readable;            /* 0 when the file could not be read */
	char *read_error;        /* why not (malloc'd), or NULL */
	json_t *fm;              /* front matter object, or NULL */
	int fm_present;          /* a '---' block was there */
	int fm_broken;           /* ... but did not parse */
	unsigned fm_line;        /* line of the opening '---' */
	char *fm_error;          /* first YAML diagnostic, or NULL */
	l10n_item *items;
	size_t n_items, cap_items;
	l10n_line *lines;
	size_t n_lines, cap_lines;
	unsigned n_blocks;
	size_t prose_chars;      /* code points of prose, for the length ratio */
} l10n_doc;

typedef struct l10n_pair {
	char *locale;            /* lower case, or "" for explicit pairs without one */
	char *source, *target;   /* display paths; NULL when absent */
	int is_include;
	shelf_l10n_status status;
} l10n_pair;

struct shelf_l10n_report {
	shelf_l10n_finding *v;
	size_t n, cap;
	l10n_pair *pairs;
	size_t n_pairs, cap_pairs;
	char **locales;
	size_t n_locales;
	/* per-pair collection state (reset for every pair) */
	size_t pair_findings, pair_dropped;
	int oom;
};

/* Reads and outlines `path` (shown as `shown`).  Never NULL unless OOM; an
 * unreadable file gives readable = 0. */
l10n_doc *l10n_doc_load(const char *path, const char *shown);
void l10n_doc_free(l10n_doc *d);

/* What the pair is known to be before the checks run. */
typedef struct l10n_ctx {
	shelf_l10n_report *r;
	const l10n_doc *src, *tgt;
	const char *locale;      /* target locale, lower case, or "" */
	const char *folder_locale; /* locale of the target's folder, or NULL */
	const char *src_dir;     /* folder of the source file (real path), or NULL */
	const char *tgt_dir;
	int stale;               /* decided by l10n_check_stale */
} l10n_ctx;

/* Appends a finding for the current pair.  `src_text`/`tgt_text` may be
 * NULL.  In a stale pair a finding with `grouped` set becomes info and is
 * marked stale.  Message formatted printf-style. */
void l10n_add(l10n_ctx *c, const char *check, shelf_l10n_severity sev, int grouped,
              unsigned line, unsigned src_line, const char *src_text,
              const char *tgt_text, const char *fmt, ...)
	__attribute__((format(printf, 9, 10)));

/* Runs every check over one pair (l10n_checks.c). */
void l10n_check_pair(l10n_ctx *c);

/* The checks on prose (l10n_text.c): placeholders, literals, untranslated,
 * length, whitespace, markup-leak; and encoding, on the target's bytes. */
void l10n_check_text(l10n_ctx *c);
void l10n_check_encoding(l10n_ctx *c);

/* Shared by the checks (l10n_checks.c): */
/* the target line matching source line `sl`, block by block; */
unsigned l10n_map_line(const l10n_ctx *c, unsigned sl);
/* s without blanks and hyphens, lower-cased (malloc'd, NULL on OOM); */
char *l10n_squash(const char *s);
/* 1 when `locale` is an English one. */
int l10n_english(const char *locale);

/* Appends a quote of s (at most L10N_MAX_QUOTE bytes, cut at a character
 * boundary, with "…" when cut) to out. */
void l10n_quote(shelf_buf *out, const char *s);

#endif
