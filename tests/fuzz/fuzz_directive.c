/*
 * fuzz_directive.c - libFuzzer target for the docfx directive pre-pass,
 * shelf_directives_scan().
 *
 * The input is normalised as the read stage would (the scanner's contract
 * is LF-only text) and scanned.  The oracle: the output keeps every line
 * break (later stages rely on the file's line numbers), is NUL-terminated
 * at *out_len, the table stays within SHELF_MAX_DIRECTIVES, each directive
 * lies on a line of the file, and each one's sentinel is found again by
 * shelf_directive_of() on its own line only.
 *
 *   make fuzz   (build/fuzz/fuzz_directive)
 */
#include "fuzz_check.h"
#include "directive.h"
#include "read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t
count_lf(const char *s, size_t n)
{
	size_t k = 0;

	while (n--)
		k += *s++ == '\n';
	return k;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	shelf_diags d = SHELF_DIAGS_INIT;
	shelf_directives t = SHELF_DIRECTIVES_INIT;
	size_t n = 0, out_len = 0, i, lines;
	char *text = shelf_text_normalize((const char *)data, size, &n, &d, "fuzz.md");
	char *out = NULL, sentinel[48];

	if (text == NULL)
		goto done;
	out = shelf_directives_scan(text, n, &out_len, &t, &d, "fuzz.md");
	if (out == NULL)
		goto done;
	lines = count_lf(text, n);
	CHECK(out[out_len] == '\0');
	CHECK(count_lf(out, out_len) == lines);
	CHECK(t.n <= SHELF_MAX_DIRECTIVES);
	for (i = 0; i < t.n; i++) {
		const shelf_directive *dir = &t.v[i];
		CHECK(dir->line >= 1 && dir->line <= lines + 1);
		CHECK(dir->raw != NULL);
		CHECK(dir->n_attrs <= SHELF_MAX_DIRECTIVE_ATTRS);
		snprintf(sentinel, sizeof sentinel, "<!--shelf:%zu-->", i);
		CHECK(shelf_directive_of(&t, sentinel, dir->line) == dir);
		CHECK(shelf_directive_of(&t, sentinel, dir->line + 1) == NULL);
	}
done:
	free(out);
	free(text);
	shelf_directives_free(&t);
	shelf_diags_free(&d);
	return 0;
}
