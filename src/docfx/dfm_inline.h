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
 */
#ifndef SHELF_DFM_INLINE_H
#define SHELF_DFM_INLINE_H

#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>

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

#endif
