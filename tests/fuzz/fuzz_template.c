/*
 * fuzz_template.c - libFuzzer target for the template engine.
 *
 * The input up to the first NUL (or all of it) is template "main"; what
 * follows the NUL, if anything, is template "p", so partials, recursion
 * and indentation get exercised ({{>main}}, {{>p}}).  Both render against
 * a small fixed context into a 1 MiB buffer; everything is freed.
 *
 *   clang -fsanitize=fuzzer,address,undefined -Isrc tests/fuzz/fuzz_template.c \
 *         src/render/template.c src/core/escape.c src/core/buf.c -ljansson
 */
#include "template.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char context[] =
	"{\"s\":\"a<b>&\\\"'\",\"n\":42,\"r\":1.5,\"t\":true,\"f\":false,\"z\":null,"
	"\"e\":[],\"l\":[1,\"x\",{\"s\":\"y\",\"l\":[2]}],\"o\":{\"s\":\"in\",\"o\":{}},"
	"\"a.b\":\"dotted\",\"body\":\"<p>x</p>\\n<p>y</p>\"}";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *src = (const char *)data;
	const char *nul = memchr(src, '\0', size);
	size_t len = nul ? (size_t)(nul - src) : size;
	shelf_tmpl *t = shelf_tmpl_new();
	json_t *ctx = json_loads(context, 0, NULL);
	shelf_buf out;
	char *err = NULL;

	shelf_buf_init(&out, (size_t)1 << 20);
	if (t == NULL || ctx == NULL)
		goto done;
	if (shelf_tmpl_add(t, "main", src, len, &err) != 0)
		goto done;
	if (nul && shelf_tmpl_add(t, "p", nul + 1, size - len - 1, &err) != 0)
		goto done;
	if (shelf_tmpl_render(t, "main", ctx, &out, &err) != 0)
		goto done;
	free(err);
	err = NULL;
	if (shelf_tmpl_has(t, "p"))
		shelf_tmpl_render(t, "p", ctx, &out, &err);
done:
	free(err);
	shelf_buf_free(&out);
	json_decref(ctx);
	shelf_tmpl_free(t);
	return 0;
}
