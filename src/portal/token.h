/*
 * token.h - portal tokens: `<!--$name-->preview<!--/$name-->`.
 *
 * A line that starts with `<!--$` is an HTML block to CommonMark, and a
 * token can sit in code, tables and attribute values, so tokens are found
 * before cmark parses: each whole span becomes a private-use sentinel
 * (U+E000 index U+E001) that cmark keeps as plain text wherever it is.  The
 * renderer substitutes each sentinel where it lands, escaped for that
 * place: HTML text, code, an attribute, a URL.  A value is never parsed as
 * Markdown or HTML.
 */
#ifndef SHELF_TOKEN_H
#define SHELF_TOKEN_H

#include <stddef.h>
#include <jansson.h>
#include "buf.h"
#include "diag.h"
#include "shelf.h"

/* Most tokens per article: 10,000.  The busiest real article has under 50;
 * each costs a table entry and a substitution. */
#define SHELF_MAX_TOKENS 10000
/* Longest token name: 128 bytes (real names are under 40). */
#define SHELF_MAX_TOKEN_NAME 128
/* Longest preview between the markers: 4 KiB on one line. */
#define SHELF_MAX_TOKEN_PREVIEW 4096

typedef struct shelf_token {
	char *name;       /* trimmed, as written in the opener */
	char *preview;    /* text between the markers, raw */
	unsigned line, col;
	const char *value; /* the caller's value, or NULL (points into vars) */
} shelf_token;

typedef struct shelf_tokens {
	shelf_token *v;
	size_t n, cap;
	shelf_missing_mode missing;
} shelf_tokens;

/* Where a substituted value lands. */
typedef enum shelf_tok_ctx {
	SHELF_TOK_TEXT,   /* HTML text: escaped, or the preview span */
	SHELF_TOK_CODE,   /* inside <code>: escaped, plain preview */
	SHELF_TOK_ATTR,   /* an attribute value: escaped, plain preview */
	SHELF_TOK_URL,    /* inside a URL: percent-encoded, not yet escaped */
	SHELF_TOK_PLAIN   /* plain text (ids, titles): the value or the preview */
} shelf_tok_ctx;

/* Finds token spans in `text` (len bytes, one article file) and returns a
 * malloc'd copy with each span replaced by its sentinel (*out_len set);
 * private-use U+E000/U+E001 already in the text become U+FFFD so nobody
 * can forge a sentinel.  `vars` is a JSON object of name -> string, looked
 * up case-insensitively.  Faults go to `d`.  NULL on OOM. */
char *shelf_tokens_scan(const char *text, size_t len, size_t *out_len,
                        shelf_tokens *t, const json_t *vars,
                        shelf_diags *d, const char *file);

/* 0 when shelf_tokens_scan() would give `text` back as it is and report
 * nothing: no `<!--$` or `<!--/$` starts a marker in it and it holds no
 * U+E0xx character.  Most articles have no token. */
int shelf_tokens_present(const char *text, size_t len);

/* Appends s[0..n) to out for context `ctx`, every sentinel replaced.  For
 * TEXT, CODE and ATTR the rest of `s` is HTML-escaped; for URL and PLAIN it
 * is copied.  Missing values are reported once per token (ERROR mode). */
void shelf_tokens_expand(const shelf_tokens *t, const char *s, size_t n,
                         shelf_tok_ctx ctx, shelf_buf *out);

/* Length of the sentinel at s (n bytes left) and its token, or 0. */
size_t shelf_token_at(const shelf_tokens *t, const char *s, size_t n,
                      const shelf_token **tok);

/* Reports, once each, the tokens that have no value when the mode is
 * SHELF_MISSING_ERROR. */
void shelf_tokens_report_missing(const shelf_tokens *t, shelf_diags *d, const char *file);


void shelf_tokens_free(shelf_tokens *t);

#endif
