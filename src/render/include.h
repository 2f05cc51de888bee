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

#include <jansson.h>
#include "buf.h"
#include "diag.h"
#include "portal.h"
#include "render.h"
#include "token.h"

/* Deepest include nesting: 8.  Real articles nest two or three levels; a
 * deeper chain is almost surely a mistake, and depth multiplies work. */
#define SHELF_MAX_INCLUDE_DEPTH 8
/* Most includes expanded for one article: 500.  A file that includes
 * another 10 times, 10 levels deep, would otherwise mean 10^10 renders. */
#define SHELF_MAX_INCLUDES 500
/* Most bytes of included text read for one article: 32 MiB (four times the
 * article size limit). */
#define SHELF_MAX_INCLUDE_BYTES ((size_t)32 * 1024 * 1024)

/* What rendering an article body needs from the article: only this, not
 * the whole document, so the include stage does not depend on it. */
typedef struct shelf_run {
	const char *path;          /* display path of the article */
	const char *root;          /* content root, as given (for messages
	                              and `~/` paths shown) */
	const char *root_real;     /* its realpath when the caller has it (a
	                              build resolves it once), or NULL */
	const json_t *strings;     /* locale UI strings (object) */
	const json_t *vars;        /* token values given (name -> string) */
	shelf_tokens *tokens;      /* token table: every file adds its tokens */
	const shelf_portal *portal;  /* context token values */
	int site_links;            /* shelf_options.site_links */
	const char *base_url;      /* prefix for site-absolute links, or NULL */
	const char *prefer_root;   /* a fallback page's reader-locale folder (real
	                              path): its includes win, or NULL */
	const char *default_locale; /* shelf.yml default_locale, NULL: en-us */
	shelf_diags *diags;        /* where every fault goes */
	/* Records a file the render read (includes, snippets); may be NULL. */
	int (*on_file)(void *user, const char *path);
	/* Records a file looked for whose presence changes the page (an
	 * include or its fallback twin, a snippet, a media file); may be NULL. */
	void (*on_look)(void *user, const char *path);
	/* Told each input file's bytes once read (shelf_options.on_input);
	 * may be NULL. */
	void (*on_data)(void *user, const shelf_input *in);
	void *user;
} shelf_run;

/* Renders the body `text` (after split; len bytes; modified) of the
 * article whose file is `path` into `html`; fills `res`.  Every file read
 * goes to run->on_file, every fault to run->diags.  Returns 0, -1 on OOM. */
int shelf_render_body(const shelf_run *run, const char *path, char *text, size_t len,
                      shelf_buf *html, shelf_render_out *res);

#endif
