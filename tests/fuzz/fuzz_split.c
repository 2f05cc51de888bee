/*
 * fuzz_split.c - libFuzzer target for stage 2 (front matter, YAML and the
 * properties lexer).  Arbitrary bytes are copied to a NUL-terminated buffer,
 * as the read stage hands them on, split, and everything is freed.
 *
 *   clang -fsanitize=fuzzer,address,undefined -Isrc tests/fuzz/fuzz_split.c \
 *     src/parse/split.c src/parse/properties.c src/parse/frontmatter.c src/core/buf.c src/core/diag.c \
 *     -lyaml -ljansson -o fuzz_split
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "split.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	shelf_diags d = SHELF_DIAGS_INIT;
	shelf_split s;
	char *text = malloc(size + 1);

	if (text == NULL)
		return 0;
	if (size)
		memcpy(text, data, size);
	text[size] = '\0';
	if (shelf_split_article(text, size, &s, &d, "fuzz.md") == 0) {
		/* the JSON must serialise: its strings are valid UTF-8 */
		char *p = s.properties ? json_dumps(s.properties, 0) : NULL;
		char *f = s.front_matter ? json_dumps(s.front_matter, 0) : NULL;
		if ((s.properties && p == NULL) || (s.front_matter && f == NULL))
			abort();
		free(p);
		free(f);
	}
	shelf_split_free(&s);
	shelf_diags_free(&d);
	free(text);
	return 0;
}
