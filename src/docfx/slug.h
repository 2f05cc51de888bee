/*
 * slug.h - heading ids as docfx makes them (Markdig AutoIdentifier with the
 * GitHub option): research/dfm-extensions.md section 6.1.
 */
#ifndef SHELF_SLUG_H
#define SHELF_SLUG_H

#include <stddef.h>

#include "buf.h"

/* Most ids one document may hold.  A real article has tens of headings; a
 * hostile one could have millions ("#\n" repeated over 8 MiB), and each id
 * costs memory.  Past this, shelf_slugs_claim/add fail. */
#define SHELF_MAX_SLUGS 65536

/* Appends to `out` the docfx/Markdig GitHub-style id for heading plain text
 * `text` (len bytes UTF-8): for each UTF-16 code unit, a letter or decimal
 * digit of any script (.NET char.IsLetterOrDigit: general categories Lu Ll
 * Lt Lm Lo Nd), '-' or '_' is appended lower-cased (ToLowerInvariant: simple
 * case mapping, but U+0130 stays itself); the ASCII space becomes '-';
 * everything else is dropped (punctuation, symbols, emoji, marks Mn/Mc, tabs,
 * NBSP, ideographic space, and every non-BMP code point, which is a
 * surrogate pair in UTF-16).  No collapsing of repeated '-', no trimming.
 * An empty result appends "section".  Invalid UTF-8 bytes are dropped.
 * Errors (limit, OOM) set out->failed, as every buffer append does. */
void shelf_slug_make(shelf_buf *out, const char *text, size_t len);

/* The set of ids already used in one rendered document.  Included files are
 * separate documents, with their own set. */
typedef struct shelf_slugs shelf_slugs;

/* A new, empty set; NULL on OOM.  Free with shelf_slugs_free. */
shelf_slugs *shelf_slugs_new(void);
void shelf_slugs_free(shelf_slugs *s);   /* NULL-safe */

/* Makes `id` (NUL-terminated, in a shelf_buf) unique within the set as
 * Markdig does: if taken, appends "-1", "-2", ... (the first free one, so a
 * heading literally named "Cause 1" pushes the next duplicate "Cause" to
 * "cause-2"), then records it.  Returns 0, or -1 on OOM, when `id` cannot
 * grow, or when the set already holds SHELF_MAX_SLUGS ids (id unrecorded). */
int shelf_slugs_claim(shelf_slugs *s, shelf_buf *id);

/* Records `id` without changing it (for explicit ids); recording one that is
 * already there is a no-op.  Returns 0, or -1 on OOM or SHELF_MAX_SLUGS. */
int shelf_slugs_add(shelf_slugs *s, const char *id);

#endif
