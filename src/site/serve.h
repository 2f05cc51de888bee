/*
 * serve.h - the preview server's pieces that need no socket: what a
 * request path maps to, and what a served page gets added.
 */
#ifndef SHELF_SERVE_H
#define SHELF_SERVE_H

#include <stddef.h>

/* The script every served HTML page loads: it listens on the event stream
 * and reloads the page after a build. */
#define SHELF_SERVE_RELOAD_JS "/__shelf/reload.js"
#define SHELF_SERVE_EVENTS "/__shelf/events"

/* Content-Type for a file name, by its extension; a static string
 * (application/octet-stream when unknown). */
const char *shelf_serve_content_type(const char *name);

/* Maps request path `url` (decoded, starting with '/') to a file path
 * below `root` (a realpath).  Lexical only: refuses (returns NULL, *forbidden = 1)
 * a ".." segment or anything that would leave `root`; NULL with
 * *forbidden = 0 on OOM.  malloc'd. */
char *shelf_serve_map(const char *root, const char *url, int *forbidden);

/* `html` (n bytes) as served: the page's Content-Security-Policy meta
 * gets 'self' in its script-src (so /__shelf/reload.js may run) and the
 * script tag goes before the last </body> (at the end without one).
 * malloc'd NUL-terminated text and its length in *out_len, or NULL on OOM. */
char *shelf_serve_inject(const char *html, size_t n, size_t *out_len);

#endif
