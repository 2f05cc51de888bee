/*
 * markdown.h - stage 3: parse Markdown with cmark-gfm and its extensions.
 */
#ifndef SHELF_MARKDOWN_H
#define SHELF_MARKDOWN_H

#include <stddef.h>
#include <cmark-gfm.h>
#include "buf.h"

/* Registers cmark-gfm's core extensions once per process (thread-safe:
 * pthread_once).  Called by shelf_ctx_new(). */
void shelf_markdown_init(void);

/* Parses `text` (len bytes, normalised UTF-8) into a cmark tree with source
 * positions, GFM tables, strikethrough (double tilde only, as docfx),
 * autolinks and task lists.  Raw HTML is kept in the tree; the renderer
 * sanitises it.  Returns the document node (free with cmark_node_free) or
 * NULL on OOM. */
cmark_node *shelf_markdown_parse(const char *text, size_t len);

/* 1 when `node`'s children are inlines only (a paragraph, a heading): a
 * pass looking for blocks skips them. */
int shelf_holds_inlines(cmark_node *node);

/* 1 when `node` is of the extension type named `type` ("table", ...). */
int shelf_node_is(cmark_node *node, const char *type);

/* Appends the plain text of `node`'s inline content to `out`, as docfx
 * computes heading ids: text and code literals, link text, image alt, soft
 * breaks as '\n', raw HTML as nothing.  Here, beside the parser, because
 * the docfx extensions, tab groups and the renderer all need it. */
void shelf_node_plain_text(cmark_node *node, shelf_buf *out);

#endif
