/*
 * fuzz_portal.c - libFuzzer target for portal links and context tokens,
 * shelf_blade_parse() and shelf_portal_url().
 *
 * The first input line is a resource id, the rest one URL per line.  The
 * oracle: a parse either fails with a reason or yields an extension and a
 * blade without '.' or ';' and parameters that serialise as JSON; URL
 * substitution never grows without bound.
 *
 *   make fuzz   (build/fuzz/fuzz_portal)
 */
#include "fuzz_check.h"
#include "portal.h"

#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *line, *save = NULL, *rid = NULL;
	shelf_portal p;
	int first = 1;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		shelf_blade_link b;
		shelf_buf u = SHELF_BUF_INIT;
		const char *why = NULL;
		int typo;
		if (first) {
			rid = line;
			first = 0;
			CHECK(shelf_portal_init(&p, rid, "public", NULL) >= 0);
			continue;
		}
		if (shelf_blade_parse(line, &b, &why, &typo) == 0) {
			char *j = json_dumps(b.params, JSON_COMPACT);
			CHECK(b.extension && b.blade && !strchr(b.extension, '.') && !strchr(b.blade, ';'));
			CHECK(j != NULL || json_object_size(b.params) == 0);
			free(j);
			shelf_blade_free(&b);
		} else {
			CHECK(why != NULL);
		}
		shelf_portal_url(&p, line, &u);
		CHECK(!u.failed);
		CHECK(u.len <= strlen(line) * (strlen(rid) * 3 + 32) + 1);
		shelf_buf_free(&u);
	}
	if (!first)
		shelf_portal_free(&p);
	free(text);
	return 0;
}
