/*
 * fuzz_token.c - libFuzzer target for portal token spans,
 * shelf_tokens_scan() and shelf_tokens_expand().
 *
 * The first input line is a token value (for every name, through a vars
 * object), the rest the article text.  The oracle: line breaks are kept,
 * the table stays within SHELF_MAX_TOKENS, every sentinel in the output
 * resolves to a token, and expanding the output for HTML text leaves no
 * raw '<' from a value (values are text, never markup).
 *
 *   make fuzz   (build/fuzz/fuzz_token)
 */
#include "fuzz_check.h"
#include "read.h"
#include "token.h"

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
	shelf_tokens t = {NULL, 0, 0, SHELF_MISSING_KEEP};
	shelf_buf html = SHELF_BUF_INIT;
	size_t n = 0, out_len = 0, i;
	char *text = shelf_text_normalize((const char *)data, size, &n, &d, "fuzz.md");
	char *out = NULL, *nl;
	json_t *vars = json_object();

	if (text == NULL || vars == NULL)
		goto done;
	nl = memchr(text, '\n', n);
	if (nl) {
		json_t *v = json_stringn(text, (size_t)(nl - text));
		/* the same value for the names the seeds use */
		json_object_set(vars, "vmname", v);
		json_object_set_new(vars, "a", v);
	}
	out = shelf_tokens_scan(text, n, &out_len, &t, vars, &d, "fuzz.md");
	if (out == NULL)
		goto done;
	CHECK(out[out_len] == '\0');
	CHECK(count_lf(out, out_len) == count_lf(text, n));
	CHECK(t.n <= SHELF_MAX_TOKENS);
	for (i = 0; i < out_len; i++) {
		const shelf_token *tok;
		if ((unsigned char)out[i] == 0xEE && i + 2 < out_len &&
		    (unsigned char)out[i + 1] == 0x80 && (unsigned char)out[i + 2] == 0x80)
			CHECK(shelf_token_at(&t, out + i, out_len - i, &tok) != 0);
	}
	/* a value never brings markup: expanded text has no '<' that the
	 * text itself did not have, except the preview span's own tags */
	shelf_tokens_expand(&t, out, out_len, SHELF_TOK_TEXT, &html);
	for (i = 0; i < html.len; i++)
		if (html.ptr[i] == '<')
			CHECK(strncmp(html.ptr + i, "<span class=\"shelf-token\"", 25) == 0 ||
			      strncmp(html.ptr + i, "</span>", 7) == 0);
	shelf_buf_clear(&html);
	shelf_tokens_expand(&t, out, out_len, SHELF_TOK_URL, &html);
	/* every token the description lists has a name, a preview and a place */
	for (i = 0; i < t.n; i++)
		CHECK(t.v[i].name != NULL && t.v[i].preview != NULL && t.v[i].line >= 1);
done:
	shelf_buf_free(&html);
	json_decref(vars);
	free(out);
	free(text);
	shelf_tokens_free(&t);
	shelf_diags_free(&d);
	return 0;
}
