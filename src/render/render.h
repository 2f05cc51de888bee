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
#include "doc.h"
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
	const char *src;         /* the text cmark parsed (src_len bytes), for */
	size_t src_len;          /* checks on a row's raw line; may be NULL */
} shelf_render_in;

/* What a render reports besides the HTML. */
typedef struct shelf_render_out {
	shelf_headings headings; /* every heading, owned */
	char *first_h1;          /* plain text of the first H1, or NULL; owned */
	shelf_portal_links blade_links; /* portal links found (doc.h) */
	shelf_portal_elements elements; /* Apollo elements rendered (doc.h) */
	shelf_blocks blocks;     /* top-level blocks, for sections (doc.h) */
} shelf_render_out;

/* Renders `doc` to HTML appended to `html`.  Returns 0, -1 on OOM or when
 * the output limit was hit.  `res` is filled; free with
 * shelf_render_out_free. */
int shelf_render_tree(cmark_node *doc, const shelf_render_in *in,
                      shelf_buf *html, shelf_render_out *res);
void shelf_render_out_free(shelf_render_out *res);

/* 1 when `heading` starts with docfx's explicit id `<a name="x"></a>` (or
 * id=), then with x in `id`; else 0 (translation QA compares them). */
int shelf_heading_explicit_id(cmark_node *heading, shelf_buf *id);

#endif
