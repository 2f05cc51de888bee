/*
 * jsonw.c - JSON text written straight into a buffer (see jsonw.h).
 */
#include "jsonw.h"
#include "read.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The escape of each byte JSON requires escaped, "" for the others: the
 * sequences jansson writes (upper-case hex, as its dump_string does). */
static const char *const json_escapes[128] = {
	"\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
	"\\b",     "\\t",     "\\n",     "\\u000B", "\\f",     "\\r",     "\\u000E", "\\u000F",
	"\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
	"\\u0018", "\\u0019", "\\u001A", "\\u001B", "\\u001C", "\\u001D", "\\u001E", "\\u001F",
	['"'] = "\\\"",
	['\\'] = "\\\\",
};

/* 1 when one of the 8 bytes of w is below 0x20, '"', '\\' or not ASCII:
 * the word must be looked at byte by byte (the zero-byte tests of
 * "Bit Twiddling Hacks"; a false alarm only costs the slow path). */
static int
word_needs_look(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');

	return (((q - ones) & ~q) | ((b - ones) & ~b) | ((w - ones * 0x20) & ~w) | w) & high
	       ? 1 : 0;
}

int
shelf_jsonw_str(shelf_buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0, k;

	if (s == NULL)
		return -1;
	shelf_buf_putc(b, '"');
	while (i < n) {
		const char *e;
		if (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, u + i, 8);
			if (!word_needs_look(w)) {
				i += 8;
				continue;
			}
		}
		if (u[i] >= 0x80) {
			/* checked as the reader checks text: jansson refuses the
			 * same sequences */
			if ((k = shelf_utf8_valid_len(u + i, n - i)) == 0)
				return -1;
			i += k;
			continue;
		}
		if ((e = json_escapes[u[i]]) == NULL) {
			i++;
			continue;
		}
		shelf_buf_put(b, s + run, i - run);
		shelf_buf_puts(b, e);
		run = ++i;
	}
	shelf_buf_put(b, s + run, n - run);
	return shelf_buf_putc(b, '"');
}

/* A line break and the indentation of `level` levels of `indent` spaces;
 * nothing in compact output. */
static void
put_break(shelf_buf *b, int indent, int level)
{
	static const char spaces[] = "                                ";
	size_t n = (size_t)indent * (size_t)level;

	if (indent <= 0)
		return;
	shelf_buf_putc(b, '\n');
	for (; n > sizeof spaces - 1; n -= sizeof spaces - 1)
		shelf_buf_put(b, spaces, sizeof spaces - 1);
	shelf_buf_put(b, spaces, n);
}

static int
put_tree(shelf_buf *b, const json_t *v, int indent, int level, int nest)
{
	char num[64];
	int len;

	if (v == NULL || nest > SHELF_JSONW_MAX_DEPTH)
		return -1;
	switch (json_typeof(v)) {
	case JSON_NULL:
		return shelf_buf_puts(b, "null");
	case JSON_TRUE:
		return shelf_buf_puts(b, "true");
	case JSON_FALSE:
		return shelf_buf_puts(b, "false");
	case JSON_INTEGER:
		len = snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return len > 0 && (size_t)len < sizeof num ? shelf_buf_put(b, num, (size_t)len) : -1;
	case JSON_REAL: {
		/* jansson's own %.17g with its ".0" and locale rules: rare
		 * (a number in front matter), not worth a second copy */
		char *r = json_dumps(v, JSON_ENCODE_ANY);
		int rc = r ? shelf_buf_puts(b, r) : -1;
		free(r);
		return rc;
	}
	case JSON_STRING:
		return shelf_jsonw_str(b, json_string_value(v), json_string_length(v));
	case JSON_ARRAY: {
		size_t i, n = json_array_size(v);
		shelf_buf_putc(b, '[');
		if (n == 0)
			return shelf_buf_putc(b, ']');
		for (i = 0; i < n; i++) {
			if (i)
				shelf_buf_putc(b, ',');
			put_break(b, indent, level + 1);
			if (put_tree(b, json_array_get(v, i), indent, level + 1, nest + 1) != 0)
				return -1;
		}
		put_break(b, indent, level);
		return shelf_buf_putc(b, ']');
	}
	case JSON_OBJECT: {
		void *it = json_object_iter((json_t *)v);
		int first = 1;
		shelf_buf_putc(b, '{');
		if (it == NULL)
			return shelf_buf_putc(b, '}');
		for (; it; it = json_object_iter_next((json_t *)v, it), first = 0) {
			const char *key = json_object_iter_key(it);
			if (!first)
				shelf_buf_putc(b, ',');
			put_break(b, indent, level + 1);
			if (shelf_jsonw_str(b, key, json_object_iter_key_len(it)) != 0)
				return -1;
			shelf_buf_puts(b, indent > 0 ? ": " : ":");
			if (put_tree(b, json_object_iter_value(it), indent, level + 1, nest + 1) != 0)
				return -1;
		}
		put_break(b, indent, level);
		return shelf_buf_putc(b, '}');
	}
	}
	return -1;
}

int
shelf_jsonw_tree(shelf_buf *b, const json_t *v, int indent, int depth)
{
	if (put_tree(b, v, indent < 0 ? 0 : indent, depth < 0 ? 0 : depth, 0) != 0)
		return -1;
	return b->failed ? -1 : 0;
}
