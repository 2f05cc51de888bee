/*
 * render.h - stage 4: the cmark tree to HTML, in the shapes docfx writes.
 */
#ifndef SHELF_RENDER_H
#define SHELF_RENDER_H

#include <cmark-gfm.h>
#include <jansson.h>
#include "buf.h"
#include "diag.h"
#include "directive.h"
#include "docfx.h"
#include "portal.h"
#include "token.h"

/* Deepest block nesting rendered as nested HTML: 64.  Real articles nest
 * under 10 levels; browsers, HTML parsers (gumbo recurses) and readers fail
 * on pathological depth.  Deeper containers are rendered flat, text kept. */
#define SHELF_MAX_NESTING 64

/* What a render needs besides the tree. */
typedef struct shelf_render_in {
	const char *file;        /* display path, for diagnostics */
	const json_t *strings;   /* locale UI strings (object), may be NULL */
	shelf_diags *diags;      /* where faults go */
	const shelf_directives *dirs;  /* the pre-pass table, or NULL */
	const shelf_dfm_env *dfm;      /* how to render directives, or NULL */
	int inline_only;         /* an inline include: no block wrappers */
	const shelf_tokens *tokens;    /* portal token table, or NULL */
	const shelf_portal *portal;    /* context token values, or NULL */
	int site_links;          /* relative .md links -> .html */
} shelf_render_in;

/* What a render reports besides the HTML. */
typedef struct shelf_render_out {
	json_t *headings;        /* array of {level, id, text, line}, owned */
	char *first_h1;          /* plain text of the first H1, or NULL; owned */
	json_t *blade_links;     /* array of {kind, extension, blade, params, fallback, line} */
	json_t *blocks;          /* top-level blocks: {line, end, html: [from, to],
	                            heading?: {level, id, text}} for sections */
} shelf_render_out;

/* Renders `doc` to HTML appended to `html`.  Returns 0, -1 on OOM or when
 * the output limit was hit.  `res` is filled; free with
 * shelf_render_out_free. */
int shelf_render_tree(cmark_node *doc, const shelf_render_in *in,
                      shelf_buf *html, shelf_render_out *res);
void shelf_render_out_free(shelf_render_out *res);

/* Appends the plain text of `node`'s inline content to `out`, as docfx
 * computes heading ids: text and code literals, link text, image alt, soft
 * breaks as '\n', raw HTML as nothing. */
void shelf_node_plain_text(cmark_node *node, shelf_buf *out);

/* 1 when `heading` starts with docfx's explicit id `<a name="x"></a>` (or
 * id=), then with x in `id`; else 0 (translation QA compares them). */
int shelf_heading_explicit_id(cmark_node *heading, shelf_buf *id);

#endif
