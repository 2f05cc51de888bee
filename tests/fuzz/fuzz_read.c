/*
 * fuzz_read.c - libFuzzer target for stage 1, shelf_text_normalize().
 *
 * Arbitrary bytes are normalised; the oracle checks the promise of read.h:
 * the text is valid UTF-8, has no BOM at its start, no CR, no NUL and no C0
 * control but TAB, LF and FF, is NUL-terminated at *len, and keeps the
 * number of lines (CRLF and CR each count as one line end).
 *
 *   make fuzz   (build/fuzz/fuzz_read)
 */
#include "fuzz_check.h"
#include "read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Line ends of raw input: LF, CRLF and a lone CR each count once. */
static size_t
raw_lines(const uint8_t *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n')))
			k++;
	return k;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	shelf_diags d = SHELF_DIAGS_INIT;
	size_t len = 0, i, n, lines = 0;
	char *t = shelf_text_normalize((const char *)data, size, &len, &d, "fuzz.md");
	const unsigned char *u = (const unsigned char *)t;

	if (t == NULL)
		goto done;
	CHECK(t[len] == '\0');
	CHECK(len < 3 || memcmp(t, "\xEF\xBB\xBF", 3) != 0 || size >= 9);
	for (i = 0; i < len; i += n) {
		CHECK(u[i] != '\r' && u[i] != '\0');
		CHECK(u[i] >= 0x20 || u[i] == '\t' || u[i] == '\n' || u[i] == '\f');
		if (u[i] == '\n')
			lines++;
		n = shelf_utf8_valid_len(u + i, len - i);
		CHECK(n > 0);
	}
	CHECK(lines == raw_lines(data, size));
	CHECK(d.n <= SHELF_MAX_DIAGS);
done:
	free(t);
	shelf_diags_free(&d);
	return 0;
}
