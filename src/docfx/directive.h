/*
 * directive.h - docfx directives, found before cmark parses.
 *
 * CommonMark rules would otherwise bite: `[!INCLUDE [t](p)]` parses as a
 * link, `:::zone` lines are paragraph text, and a directive inside a quote
 * or a list must stay inside it.  The pre-pass replaces each directive, in
 * place, by a sentinel comment `<!--shelf:N-->` (N indexes the table).  A
 * sentinel alone on its line is an HTML block to cmark (and can interrupt
 * a paragraph); inside a line it is inline HTML.  Container prefixes (`>`,
 * list indentation) are left untouched, so cmark still nests the directive
 * where the author put it; fenced code is never scanned.  The renderer
 * turns each sentinel it meets back into the directive's HTML, after
 * checking that the sentinel sits on the line the directive was on (an
 * author cannot forge one).
 */
#ifndef SHELF_DIRECTIVE_H
#define SHELF_DIRECTIVE_H

#include <stddef.h>
#include "buf.h"
#include "diag.h"

/* Most directives in one file: 10,000.  The largest real article has a few
 * dozen; the table costs memory per entry. */
#define SHELF_MAX_DIRECTIVES 10000

/* Most attributes on one triple-colon directive (real ones use up to 7),
 * and most children of a portal element (real ones up to 7). */
#define SHELF_MAX_DIRECTIVE_ATTRS 32

/* Most lines a portal element (<insight> … </insight>) spans: real ones
 * span up to 10; the bound keeps the look for its closing tag short on a
 * file of unclosed ones. */
#define SHELF_MAX_WIDGET_LINES 64

typedef enum shelf_dir_kind {
	SHELF_DIR_INCLUDE = 1,     /* [!INCLUDE [title](path)]; a = title, b = path */
	SHELF_DIR_ZONE,            /* ::: zone pivot="a,b" target="docs" */
	SHELF_DIR_ZONE_END,        /* ::: zone-end */
	SHELF_DIR_MONIKER,         /* ::: moniker range="expr"; a = expr */
	SHELF_DIR_MONIKER_END,
	SHELF_DIR_ROW,             /* :::row::: */
	SHELF_DIR_ROW_END,
	SHELF_DIR_COLUMN,          /* :::column span="2"::: */
	SHELF_DIR_COLUMN_END,
	SHELF_DIR_IMAGE,           /* :::image …::: (complex: body = description) */
	SHELF_DIR_IMAGE_END,       /* :::image-end::: */
	SHELF_DIR_CODE,            /* :::code source="…" …::: */
	SHELF_DIR_VIDEO,           /* :::video source="…"::: */
	SHELF_DIR_NOLOC,           /* :::no-loc text="…":::; a = text */
	SHELF_DIR_SNIPPET,         /* [!code-lang[name](path "title")] or
	                              [!notebook-lang[name](x.ipynb?name=cell)]
	                              (raw tells which); a = lang,
	                              b = path (with ?query#bookmark), c = name,
	                              d = title */
	SHELF_DIR_FORM,            /* ::: form action="…" submitText="…" ::: */
	SHELF_DIR_MATH,            /* a `$$` line, TeX lines, a `$$` line: body =
	                              the TeX */
	SHELF_DIR_XREF,            /* <xref:"uid"> or <xref:'uid'> (a uid with
	                              spaces: no CommonMark autolink); a = uid */
	/* Portal (Apollo, "Solutions 2.0") elements, which the portal turns
	 * into widgets; raw HTML to cmark, and unknown tags to the sanitizer,
	 * they would reach the reader as tags shown as text: */
	SHELF_DIR_SECTION,         /* :::Section Title:::; a = the title */
	SHELF_DIR_WIDGET,          /* <insight>, <video>, <metric> or <azureKB>,
	                              its lines up to its closing tag, each a
	                              child <name>text</name>; a = the element
	                              name, lower-cased; attrs = the children
	                              (names and values as written) */
	SHELF_DIR_WIDGET_GROUP,    /* <videoGroup> */
	SHELF_DIR_WIDGET_GROUP_END /* </videoGroup> */
} shelf_dir_kind;

typedef struct shelf_dir_attr {
	char *name;      /* lower-cased */
	char *value;     /* as written, "" for a bare name */
} shelf_dir_attr;

typedef struct shelf_directive {
	shelf_dir_kind kind;
	int block;              /* 1 when the directive was a whole line */
	unsigned line, col;     /* 1-based, in the file */
	unsigned index_line;    /* 0-based line index docfx uses for ids */
	char *raw;              /* the directive text as written */
	char *a, *b, *c, *d;    /* kind-specific, see shelf_dir_kind */
	char *body;             /* complex image: the description lines; math:
	                           the TeX lines */
	shelf_dir_attr attrs[SHELF_MAX_DIRECTIVE_ATTRS];
	size_t n_attrs;
} shelf_directive;

typedef struct shelf_directives {
	shelf_directive *v;
	size_t n, cap;
	/* One flag per entry, set once the directive reached the output (as
	 * HTML, or as text where cmark put it in code).  A side array, so the
	 * renderers can mark a table they only read.  Allocated by the scan. */
	unsigned char *used;
} shelf_directives;

#define SHELF_DIRECTIVES_INIT {NULL, 0, 0, NULL}

/* 0 when shelf_directives_scan() would give `text` back as it is and
 * report nothing: it holds no `:::` and no `[!include` or `[!code` (any
 * case).  94 % of the self-help articles hold no directive. */
int shelf_directives_present(const char *text, size_t len);

/* Scans `text` (normalised, LF only, len bytes) and returns a malloc'd copy
 * in which every directive is replaced by its sentinel; *out_len is set.
 * Directives are appended to `t`; faults (an attribute error, a missing
 * end) go to `d` with file:line:col.  Line breaks are kept, so later line
 * numbers are the file's.  NULL on OOM. */
char *shelf_directives_scan(const char *text, size_t len, size_t *out_len,
                            shelf_directives *t, shelf_diags *d, const char *file);

/* If the raw-HTML literal `lit` of a node starting on `line` is a sentinel
 * of `t`, returns its directive, else NULL.  Blanks before the sentinel are
 * skipped: an HTML block keeps the indentation its line had beyond its
 * container's content column (a directive indented four spaces under
 * `1. ` keeps one), and that indentation is the author's, not a forgery. */
const shelf_directive *shelf_directive_of(const shelf_directives *t,
                                          const char *lit, unsigned line);

/* The first attribute of `dir` whose name is not in `allowed` (names
 * separated and surrounded by blanks: " source type "), or NULL. */
const char *shelf_directive_unknown_attr(const shelf_directive *dir, const char *allowed);

/* 1 when the attributes of ::: zone `dir` are valid for docfx
 * (ZoneExtension): only pivot and target; pivot a comma list of lower-case
 * ids; target docs, chromeless or pdf; not both pdf and a pivot. */
int shelf_dfm_zone_valid(const shelf_directive *dir);

/* Value of attribute `name` of `dir`, or NULL when absent. */
const char *shelf_directive_attr(const shelf_directive *dir, const char *name);

/* Text of the child `name` (any case) of a portal element, or NULL. */
const char *shelf_directive_child(const shelf_directive *dir, const char *name);

/* Records that `dir`, an entry of `t`, reached the output. */
void shelf_directive_mark_used(const shelf_directives *t, const shelf_directive *dir);

/* Appends s[0..n) to `out` with every sentinel of `t` in it replaced by its
 * directive's text as written, marking those used: cmark put the directive
 * in code (an indented code block, a code span), where docfx shows it as
 * text too.  Sentinels that are not `t`'s are copied as they are. */
void shelf_directives_restore(const shelf_directives *t, const char *s, size_t n,
                              shelf_buf *out);

/* Reports every directive of `t` that never reached the output: content
 * that would otherwise vanish without a word (SH140). */
void shelf_directives_report_unused(const shelf_directives *t, shelf_diags *d,
                                    const char *file);

void shelf_directives_free(shelf_directives *t);

#endif
