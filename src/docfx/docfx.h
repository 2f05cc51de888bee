/*
 * docfx.h - docfx's Markdown extensions over the cmark tree: alerts
 * (`> [!NOTE]`), `[!div]` sections, quote videos, and the HTML of every
 * directive the pre-pass found (directive.h).
 */
#ifndef SHELF_DOCFX_H
#define SHELF_DOCFX_H

#include <cmark-gfm.h>
#include <jansson.h>
#include "buf.h"
#include "diag.h"
#include "directive.h"

/* Rewrites every block quote whose lines carry docfx markers ([!NOTE],
 * [!TIP], [!IMPORTANT], [!CAUTION], [!WARNING] in any case, [!div …],
 * [!Video URL], and the legacy [AZURE.NOTE]) into custom blocks that render
 * as docfx does: `<div class="NOTE"><h5>{title}</h5>…</div>`.  Titles come
 * from `strings` (keys note, tip, …), HTML-escaped.  A quote holding
 * several markers becomes several blocks.  Returns 0, -1 on OOM. */
int shelf_docfx_alerts(cmark_node *doc, const json_t *strings, shelf_diags *d,
                       const char *file);

/* What rendering a directive needs from the pipeline. */
typedef struct shelf_dfm_env {
	const char *file;          /* display path of the file being rendered */
	const char *dir;           /* its folder (real path), for relative paths */
	const char *root;          /* content root (real path) */
	const char *link_base;     /* prefix for relative URLs (includes), or NULL */
	const char *root_base;     /* from the page's folder to the root ("../.."; "" when
	                              the same), what `~/` becomes in a URL; NULL: kept */
	const char *base_url;      /* prefix of site-absolute URLs, or NULL */
	const json_t *strings;     /* locale UI strings */
	shelf_diags *diags;
	/* Renders the include `dir` (inline_mode: no block wrappers) into out.
	 * Returns 0 when rendered, -1 after it reported why it was not. */
	int (*include)(void *user, const shelf_directive *dir, int inline_mode,
	               shelf_buf *out);
	void *user;
	/* Appends s[0..n) to out with every portal token sentinel in it
	 * replaced by the token's value (or preview) as plain text; NULL: no
	 * tokens.  A directive's texts (an alt text, a portal element's
	 * child) are substituted before they are escaped where they land. */
	void (*expand)(void *user, const char *s, size_t n, shelf_buf *out);
	/* Called with the path of every other file read (code snippets), so
	 * the document lists all its inputs; may be NULL. */
	void (*on_read)(void *user, const char *path);
	/* Then, once read, with its bytes (shelf_options.on_input); may be
	 * NULL. */
	void (*on_data)(void *user, const shelf_input *in);
	/* Called with every path looked for (found or not) whose presence
	 * changes the page, so an incremental build watches it; may be NULL. */
	void (*on_look)(void *user, const char *path);
	/* A second folder media may lie in (a translated include of a fallback
	 * article: shelf_options.prefer_root), or NULL. */
	const char *alt_root;
	/* The content tree's default locale (shelf.yml default_locale), whose
	 * folder a translation's missing media and snippets fall back to;
	 * NULL: en-us. */
	const char *default_locale;
} shelf_dfm_env;

/* docfx parses content and icon images, videos and no-loc inline, so a
 * line holding only one of them is paragraph text (and continues the
 * paragraph above or below it).  The pre-pass left such a line as a
 * sentinel HTML block; this renders each through `env` into a custom
 * inline inside the right paragraph.  Returns 0, -1 on OOM. */
int shelf_docfx_inline_lines(cmark_node *doc, const shelf_directives *dirs,
                             const shelf_dfm_env *env);

/* Appends the HTML of directive `dir` (met as a sentinel) to `out`, its
 * texts' tokens substituted first (env->expand). */
void shelf_dfm_render(const shelf_dfm_env *env, const shelf_directive *dir,
                      shelf_buf *out);

/* `dir`, or, when a text of it holds a token sentinel and env->expand is
 * set, *copy: `dir` with those texts substituted (names borrowed).  Free
 * with shelf_dfm_substitute_free(dir, copy, the result).  A field that
 * could not be substituted (OOM) is NULL in the copy. */
const shelf_directive *shelf_dfm_substitute(const shelf_dfm_env *env, const shelf_directive *dir,
                                            shelf_directive *copy);
void shelf_dfm_substitute_free(const shelf_directive *dir, shelf_directive *copy,
                               const shelf_directive *used);

/* Appends the URL an author-written link, image or video target `url`
 * becomes on the page (media.c): `~/x` -> root_base + x; backslashes in a
 * relative path -> '/' (a SHELF_W_BACKSLASH_PATH warning at line:col); a
 * relative URL of an included file is rebased to point at the same file
 * from the including page (link_base + url, normalised); a site-absolute
 * "/x" gets base_url in front; `#frag`, `//host` and scheme URLs are
 * copied.  `env` may be NULL (url copied). */
void shelf_dfm_url(const shelf_dfm_env *env, const char *url, unsigned line, unsigned col,
                   shelf_buf *out);

/* 1 when `url` (as written) names a local image or video file (a relative
 * or `~/` path, not a URL with a scheme nor a site-absolute one) that does
 * not exist; then a SHELF_W_MEDIA_MISSING warning at line:col says so,
 * `what` naming the kind ("image").  0 otherwise. */
int shelf_dfm_media_missing(const shelf_dfm_env *env, const char *url, const char *what,
                            unsigned line, unsigned col);

/* Appends the visible stand-in of a missing image or video: `text` (alt
 * text, escaped) in <span class="shelf-missing" data-src="url">. */
void shelf_dfm_missing_media(const char *url, const char *text, shelf_buf *out);

/* Appends the embed URL docfx makes of a video link (FixUpLink): http ->
 * https; YouTube watch/short links -> youtube-nocookie embeds with rel=0;
 * channel9 gains nocookie=true. */
void shelf_dfm_video_src(const char *url, size_t n, shelf_buf *out);

/* What Markdig's MediaLinks makes of an image link `![x](url)`. */
typedef enum shelf_media_kind {
	SHELF_MEDIA_NONE = 0,  /* an ordinary image */
	SHELF_MEDIA_IFRAME,    /* a known video host: *src = embed URL, *cls */
	SHELF_MEDIA_VIDEO,     /* by file extension: *mime */
	SHELF_MEDIA_AUDIO
} shelf_media_kind;

/* Classifies image URL `url` as Markdig's MediaLinks does (media.c):
 * www.youtube.com watch/embed/shorts, youtu.be, vimeo.com, ok.ru and
 * music.yandex.ru links become iframes (embed URL appended to `src`, the
 * host's class in *cls, *fullscreen whether allowfullscreen is written);
 * a path ending in a known video or audio extension becomes <video> or
 * <audio> (*mime static).  `//host/…` counts as https. */
shelf_media_kind shelf_dfm_media_link(const char *url, shelf_buf *src, const char **cls,
                                      int *fullscreen, const char **mime);

/* Renders `:::video …:::` (media.c). */
void shelf_dfm_video(const shelf_dfm_env *env, const shelf_directive *dir, shelf_buf *out);

/* Renders `[!code-…]` and `:::code …:::` snippets (snippet.c). */
void shelf_dfm_snippet(const shelf_dfm_env *env, const shelf_directive *dir, shelf_buf *out);
void shelf_dfm_code(const shelf_dfm_env *env, const shelf_directive *dir, shelf_buf *out);

#endif
