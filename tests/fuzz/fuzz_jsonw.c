/*
 * fuzz_jsonw.c - libFuzzer target for the JSON writer (src/core/jsonw.c).
 *
 * The oracle is jansson: the input as a string must be written exactly as
 * json_dumps() writes it, or refused where jansson refuses it; and when
 * the input parses as JSON, the tree must be written as json_dumps()
 * writes it, compact and indented.
 *
 *   make fuzz   (build/fuzz/fuzz_jsonw)
 */
#include "fuzz_check.h"
#include "jsonw.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void
same(shelf_buf *b, int rc, const char *want)
{
	if (want == NULL) {
		CHECK(rc == -1);
		return;
	}
	CHECK(rc == 0);
	CHECK(b->len == strlen(want));
	CHECK(b->len == 0 || memcmp(b->ptr, want, b->len) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	shelf_buf b = SHELF_BUF_INIT;
	json_t *v = json_stringn_nocheck((const char *)data, size);
	char *want = v ? json_dumps(v, JSON_ENCODE_ANY) : NULL;
	int indent;

	if (v == NULL)
		return 0;
	same(&b, shelf_jsonw_str(&b, (const char *)data, size), want);
	free(want);
	json_decref(v);
	shelf_buf_free(&b);

	v = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	for (indent = 0; v && indent <= 2; indent += 2) {
		want = json_dumps(v, JSON_ENCODE_ANY | (indent ? JSON_INDENT(indent) : JSON_COMPACT));
		shelf_buf_init(&b, SHELF_BUF_DEFAULT_MAX);
		same(&b, shelf_jsonw_tree(&b, v, indent, 0), want);
		free(want);
		shelf_buf_free(&b);
	}
	json_decref(v);
	return 0;
}
