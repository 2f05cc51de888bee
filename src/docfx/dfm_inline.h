/*
 * dfm_inline.h - docfx's inline forms that cmark does not know, parsed as
 * cmark-gfm inline extension nodes (so emphasis, code spans and links keep
 * their CommonMark precedence): the xref shorthand `@uid`, `@"uid"`,
 * `@'uid'` (docfx XrefInlineShortParser) and `$…$` / `$$…$$` math
 * (Markdig MathInlineParser).
 *
 * Each node holds one TEXT child: for an xref its raw source (`@uid`, what
 * docfx writes for it where no HTML is allowed, e.g. image alt text), for
 * math its content.  The renderer writes the HTML; heading ids skip both.
 * A GFM table cell takes only cmark's own inline kinds (cmark-gfm's table
 * extension lists them): there the node is inline HTML instead, the same
 * HTML; cmark dropped (and leaked) a node its parent refused, so a formula
 * or xref in a table cell vanished.
 */
#ifndef SHELF_DFM_INLINE_H
#define SHELF_DFM_INLINE_H

#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include "buf.h"

/* Longest `@uid` / `@"uid"` looked at: uids are short, and the bound keeps a
 * line of many `@` linear. */
#define SHELF_MAX_XREF_SCAN 512

/* Longest inline math looked at, for the same reason (real formulas are a
 * few dozen characters). */
#define SHELF_MAX_MATH_SCAN 1024

/* Creates the extension (named "shelf_dfm_inline"); called once by
 * shelf_markdown_init(), which registers it.  NULL on OOM. */
cmark_syntax_extension *shelf_dfm_inline_extension_new(void);

/* 1 when `n` is an xref shorthand node / a math node. */
int shelf_node_is_xref_short(cmark_node *n);
int shelf_node_is_math(cmark_node *n);

/* Appends the HTML of an xref shorthand (`raw`: its source, `@uid`) or,
 * with `math`, of inline math (`raw`: the TeX), as docfx writes them:
 * `<xref href="uid" data-throw-if-not-resolved="False"
 * data-raw-source="@uid"></xref>`, `<span class="math">\(…\)</span>`.
 * The renderer writes each node so; a container that takes no extension
 * node (a GFM table cell) gets this HTML as an inline HTML node. */
void shelf_dfm_inline_html(shelf_buf *out, int math, const char *raw, size_t len);

#endif
