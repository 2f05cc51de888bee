/*
 * frontmatter.h - YAML front matter to JSON (libyaml events to jansson).
 *
 * Metadata stays text (STYLE rule 5): every scalar becomes a JSON string,
 * with no YAML 1.1 typing, so `no` stays "no" and `05/15/2024` stays a
 * string.  The renderer escapes it later.
 */
#ifndef SHELF_FRONTMATTER_H
#define SHELF_FRONTMATTER_H

#include <stddef.h>

#include <jansson.h>

#include "diag.h"

/* Real front matter nests two or three levels.  jansson's dump and deep
 * copy recurse once per level, so nesting is bounded well below any stack
 * limit. */
#define SHELF_MAX_YAML_DEPTH 32
/* Real front matter has under 200 nodes.  Counting every node produced,
 * alias copies included, stops "billion laughs" (9 levels of 9 aliases
 * would expand to 387 million nodes) after ~10 MB of JSON at most. */
#define SHELF_MAX_YAML_NODES 100000

/*
 * Parses the YAML text s[0..len) into JSON: mappings become objects (keys
 * as strings; a duplicated key is SHELF_W_YAML_DUP_KEY and the last value
 * wins), sequences become arrays, every scalar a string.  A plain empty,
 * `~` or `null` (any case) value becomes ""; keys keep their text.  Tags are ignored; `<<` is an
 * ordinary key (no merging).  Only one document is allowed.  A stream with
 * no document (empty, or only comments) gives an empty object.
 *
 * `first_line` is the file line of s[0]; diagnostics go to `d` naming
 * `file`, at file line and 1-based byte column.  Faults: SHELF_E_YAML
 * (syntax, per libyaml's problem mark), SHELF_E_YAML_DEPTH,
 * SHELF_E_YAML_ALIASES (node limit hit through an alias).
 *
 * Returns a new reference the caller owns (json_decref): usually an
 * object, but a string or array when the document is one.  Returns NULL on
 * a fault (after adding its diagnostic) or when out of memory (without a
 * diagnostic; the caller tells the two apart by the count of `d`).
 */
json_t *shelf_yaml_parse(const char *s, size_t len, unsigned first_line,
                         shelf_diags *d, const char *file);

#endif
