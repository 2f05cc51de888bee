/*
 * fuzz_properties.c - libFuzzer target for the <properties/> lexer,
 * shelf_properties_parse().
 *
 * The input is put after "<properties" (unless it already starts so) in a
 * NUL-terminated buffer, as the splitter hands it on.  The oracle: *end
 * lies within the text and after the start, every value is a string, and
 * the object serialises (its strings are valid UTF-8 whenever the input
 * was; the read stage guarantees that, so invalid input is normalised
 * first).
 *
 *   make fuzz   (build/fuzz/fuzz_properties)
 */
#include "fuzz_check.h"
#include "properties.h"
#include "read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char head[] = "<properties";
	shelf_diags d = SHELF_DIAGS_INIT;
	size_t hl = sizeof head - 1, n = 0, end = 0;
	char *raw = malloc(size + hl + 1), *text = NULL, *dump;
	json_t *o = NULL, *v;
	const char *k;

	if (raw == NULL)
		return 0;
	memcpy(raw, head, hl);
	if (size)
		memcpy(raw + hl, data, size);
	if (size >= hl && strncasecmp((const char *)data, head, hl) == 0)
		memmove(raw, raw + hl, size);
	else
		size += hl;
	text = shelf_text_normalize(raw, size, &n, &d, "fuzz.md");
	if (text == NULL || n < hl || strncasecmp(text, head, hl) != 0)
		goto done;
	o = shelf_properties_parse(text, n, 0, 1, &end, &d, "fuzz.md");
	if (o == NULL)
		goto done;
	CHECK(json_is_object(o));
	CHECK(end > 0 && end <= n);
	CHECK(json_object_size(o) <= SHELF_MAX_PROP_ATTRS);
	json_object_foreach(o, k, v) {
		CHECK(json_is_string(v));
		CHECK(json_string_length(v) <= SHELF_MAX_PROP_VALUE * 4);
	}
	dump = json_dumps(o, 0);
	CHECK(dump != NULL);
	free(dump);
done:
	json_decref(o);
	free(text);
	free(raw);
	shelf_diags_free(&d);
	return 0;
}
