/*
 * include.h - rendering an article body together with its includes.
 *
 * Includes resolve relative to the including file (`~/` is the content
 * root), may not leave the root (lexically, nor through symlinks), and are
 * rendered as separate documents, as docfx does.  Relative links and images
 * inside an include are rebased so they point at the same files from the
 * including page.  A ko-kr include that does not exist falls back to the
 * same path below en-us.
 */
#ifndef SHELF_INCLUDE_H
#define SHELF_INCLUDE_H

#include "article.h"
#include "buf.h"
#include "render.h"

/* Deepest include nesting: 8.  Real articles nest two or three levels; a
 * deeper chain is almost surely a mistake, and depth multiplies work. */
#define SHELF_MAX_INCLUDE_DEPTH 8
/* Most includes expanded for one article: 500.  A file that includes
 * another 10 times, 10 levels deep, would otherwise mean 10^10 renders. */
#define SHELF_MAX_INCLUDES 500
/* Most bytes of included text read for one article: 32 MiB (four times the
 * article size limit). */
#define SHELF_MAX_INCLUDE_BYTES ((size_t)32 * 1024 * 1024)

/* Renders the body `text` (after split; len bytes; modified) of the
 * article `doc`, whose file is `path`, into `html`; fills `res`.  Every
 * file read is recorded on `doc`, every fault added to its diagnostics.
 * Returns 0, -1 on OOM. */
int shelf_render_body(const shelf_ctx *ctx, shelf_doc *doc, const char *path,
                      char *text, size_t len, shelf_buf *html,
                      shelf_render_out *res);

#endif
