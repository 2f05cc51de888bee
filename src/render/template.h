/*
 * template.h - a Mustache subset over jansson data.
 *
 * Follows the Mustache spec v1.3 (github.com/mustache/spec) for
 * interpolation, sections, inverted sections, partials and comments,
 * including its standalone-line and partial-indentation rules.  Not
 * supported: set-delimiter tags, lambdas, inheritance (a `{{=`, `{{<` or
 * `{{$` tag is a syntax error).
 *
 * Deliberate differences from the spec, for a site generator where a typo
 * should fail loudly rather than render an empty slot:
 *   - a partial that is not in the set is a render error (the spec renders
 *     it as "");
 *   - a tag name with inner whitespace, an empty name, or an empty part of a
 *     dotted name (`a..b`, `.a`, `a.`) is a syntax error.
 *
 * Values: a string as is; an integer or real as its decimal text (reals as
 * the shortest text that reads back as the same double, e.g. "1.5");
 * true as "true"; false, null, missing, arrays and objects as "".  `{{x}}`
 * escapes & < > " ' for HTML text and attributes; `{{{x}}}` and `{{& x}}`
 * do not.  Sections: false, null, missing and [] are falsy; everything else
 * (including "" and 0, as in the spec's reference implementation) is truthy.
 *
 * Threading: a set is immutable once the adds are done.  Render only reads
 * the set and the data (no reference counts are touched), so any number of
 * threads may render from one set at once.
 */
#ifndef SHELF_TEMPLATE_H
#define SHELF_TEMPLATE_H

#include <stddef.h>
#include <jansson.h>

#include "buf.h"

/* Sections and partials nest at most this deep while rendering (and
 * sections at most this deep in the source): a partial that includes itself
 * must stop with an error, not overflow the C stack. */
#define SHELF_MAX_TEMPLATE_DEPTH 64

/* A template source is at most 256 KiB: site templates are hand-written
 * pages of a few KiB, and the bound caps the compiled node array. */
#define SHELF_MAX_TEMPLATE_BYTES ((size_t)256 * 1024)

/* At most 10,000 tags per template: real templates use a few dozen, and
 * each tag costs a node. */
#define SHELF_MAX_TEMPLATE_TAGS 10000

/* Tag and template names are at most 256 bytes, so that a name part can be
 * looked up through a fixed stack buffer. */
#define SHELF_MAX_TEMPLATE_NAME 256

/* A render visits at most 2^22 (~4 million) nodes: nested loops over
 * lists, or a partial included twice by itself, can spin exponentially
 * long without producing output, so the output ceiling alone does not
 * bound the time.  The shipped index visits ~15 nodes per article. */
#define SHELF_MAX_TEMPLATE_STEPS ((size_t)1 << 22)

/* A set of named, compiled templates; partials resolve by name within the
 * set. */
typedef struct shelf_tmpl shelf_tmpl;

/* Returns an empty set (free with shelf_tmpl_free), or NULL on OOM. */
shelf_tmpl *shelf_tmpl_new(void);

/* Compiles `src` (len bytes, need not be NUL-terminated) under `name`; a
 * later add under the same name replaces the earlier one.  Returns 0, or -1
 * and, if `err` is not NULL, a malloc'd message "name:line:col: message"
 * (line and column 1-based, the column in bytes) in *err, for: unclosed tag,
 * unclosed or mismatched section, empty tag name, whitespace in a tag name,
 * unsupported tag, or a limit above.  The caller frees *err.  On failure
 * the set is unchanged. */
int shelf_tmpl_add(shelf_tmpl *t, const char *name, const char *src, size_t len,
                   char **err);

/* 1 when the set holds a template called `name`, else 0. */
int shelf_tmpl_has(const shelf_tmpl *t, const char *name);

/* A value a template reads: a jansson value, or the caller's own data
 * read through a view, so that a caller holding C structs need not build
 * a JSON tree for each render.  Same truth rules as JSON: a string (even
 * "") and an object are truthy, a list of 0 items and NONE (missing) are
 * falsy. */
typedef enum shelf_tval_kind {
	SHELF_TV_NONE = 0,  /* missing: the lookup goes on down the context stack */
	SHELF_TV_JSON,      /* json (not NULL) */
	SHELF_TV_STR,       /* s[0, n) */
	SHELF_TV_OBJ,       /* obj through view->get */
	SHELF_TV_LIST       /* n items of obj through view->item */
} shelf_tval_kind;

struct shelf_tview;

typedef struct shelf_tval {
	shelf_tval_kind kind;
	const json_t *json;
	const char *s;
	size_t n;
	const struct shelf_tview *view;
	const void *obj;
} shelf_tval;

typedef struct shelf_tview {
	/* SHELF_TV_OBJ: member name[0, n) of obj into *out (left NONE when
	 * obj has none).  NULL for a view of lists only. */
	void (*get)(const void *obj, const char *name, size_t n, shelf_tval *out);
	/* SHELF_TV_LIST: item i (< its n) of obj into *out.  NULL for a view
	 * of objects only. */
	void (*item)(const void *obj, size_t i, shelf_tval *out);
} shelf_tview;

/* Renders template `name` with `root` as the root context, appending to
 * `out` (reserving `size_hint` bytes first); as shelf_tmpl_render(). */
int shelf_tmpl_render_view(const shelf_tmpl *t, const char *name, const shelf_tval *root,
                           size_t size_hint, shelf_buf *out, char **err);

/* Renders template `name` with `data` (may be NULL) as the root context,
 * appending to `out`.  Returns 0, or -1 and, if `err` is not NULL, a
 * malloc'd message in *err (caller frees) for: unknown template or partial,
 * nesting over SHELF_MAX_TEMPLATE_DEPTH, more than SHELF_MAX_TEMPLATE_STEPS
 * steps, or `out` reaching its maximum.  On failure `out` is cut back to
 * its length at the call.  Neither the set nor `data` is modified. */
int shelf_tmpl_render(const shelf_tmpl *t, const char *name, const json_t *data,
                      shelf_buf *out, char **err);

/* Frees the set and every template in it.  NULL-safe. */
void shelf_tmpl_free(shelf_tmpl *t);

#endif
