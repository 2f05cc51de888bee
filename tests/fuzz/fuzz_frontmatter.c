/*
 * fuzz_frontmatter.c - libFuzzer target for the YAML front matter parser,
 * shelf_yaml_parse().
 *
 * The input is normalised as the read stage would (libyaml is then given
 * valid UTF-8, as in a render) and parsed.  The oracle: a NULL result comes
 * with a diagnostic (or is OOM), every scalar is a string, nesting stays
 * within SHELF_MAX_YAML_DEPTH, and the JSON serialises.
 *
 *   make fuzz   (build/fuzz/fuzz_frontmatter)
 */
#include "fuzz_check.h"
#include "frontmatter.h"
#include "read.h"

#include <stdio.h>
#include <stdlib.h>

/* Checks the shape of `v` at nesting `depth`; returns the nodes seen. */
static size_t
walk(const json_t *v, int depth)
{
	const char *k;
	json_t *c;
	size_t i, n = 1;

	CHECK(depth <= SHELF_MAX_YAML_DEPTH + 1);
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, c)
			n += walk(c, depth + 1);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, c)
			n += walk(c, depth + 1);
	} else {
		CHECK(json_is_string(v));
	}
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	shelf_diags d = SHELF_DIAGS_INIT;
	size_t n = 0;
	char *text = shelf_text_normalize((const char *)data, size, &n, &d, "fuzz.md");
	json_t *j;
	char *dump;

	if (text == NULL)
		goto done;
	j = shelf_yaml_parse(text, n, 2, &d, "fuzz.md");
	if (j == NULL)
		goto done;  /* a fault (with its diagnostic) or OOM */
	CHECK(walk(j, 0) <= SHELF_MAX_YAML_NODES + 1);
	dump = json_dumps(j, JSON_ENCODE_ANY);
	CHECK(dump != NULL);
	free(dump);
	json_decref(j);
done:
	free(text);
	shelf_diags_free(&d);
	return 0;
}
