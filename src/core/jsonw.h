/*
 * jsonw.h - JSON text written straight into a buffer.
 *
 * jansson stays the JSON library of libshelf: it parses every JSON shelf
 * reads and holds the trees shelf keeps (front matter, properties, data
 * blocks).  What this module takes over is the one hot loop of writing:
 * a build writes every article's HTML as a JSON string beside its page,
 * and jansson's dump walked that string one code point at a time through
 * a callback, a fifth of a build's time.  Here a string is checked as
 * UTF-8 by the reader's own check (read.h) and copied in runs between the
 * bytes JSON must escape.  The bytes are exactly those of jansson's
 * json_dumps() with the same flags (tests/unit/test_jsonw.c and
 * tests/fuzz/fuzz_jsonw.c compare the two on every input), so a
 * description reads the same whichever wrote it.
 */
#ifndef SHELF_JSONW_H
#define SHELF_JSONW_H

#include <jansson.h>
#include <stddef.h>
#include "buf.h"

/* Deepest tree written: the trees shelf writes come from libyaml (depth
 * capped by the front matter reader) and json_loadb() (2048 levels in
 * jansson), so a deeper one is a bug, refused rather than recursed into. */
#define SHELF_JSONW_MAX_DEPTH 4096

/* Appends the n bytes at s as a JSON string, quotes included: " \ and
 * control characters escaped (\b \f \n \r \t, others \u00XX), everything
 * else as it is, '/' and non-ASCII included.  Returns 0, or -1 when s is
 * not UTF-8 (jansson's dump fails there too) or the buffer failed; on -1
 * part of the string may have been appended (the caller truncates). */
int shelf_jsonw_str(shelf_buf *b, const char *s, size_t n);

/* Appends the tree v as json_dumps(v, flags | JSON_ENCODE_ANY) writes it,
 * where flags is JSON_COMPACT (indent 0) or JSON_INDENT(indent), each of
 * its lines after the first indented by `depth` more levels (a tree
 * written as a member of an indented object).  Keys in the object's
 * order.  Returns 0, or -1 on a string that is not UTF-8, a tree deeper
 * than SHELF_JSONW_MAX_DEPTH, or a failed buffer. */
int shelf_jsonw_tree(shelf_buf *b, const json_t *v, int indent, int depth);

#endif
