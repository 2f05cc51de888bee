/*
 * fuzz_sanitize.c - libFuzzer target for the raw-HTML sanitizer.
 *
 * Runs shelf_sanitize_snippet() on the input and checks its output with an
 * oracle that does not share the sanitizer's tables: the output must be
 * canonical (every '<' starts a tag `<name attr="value" ...>` or `</name>`,
 * values hold no raw '<', '>' or '"'), every tag must be on the
 * oracle's own allow-list, no attribute an event handler, no URL a script
 * URL once the browser has decoded it, no comment survive.  Because the
 * output is canonical, this scan reads it as a browser's tokenizer would.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *     tests/fuzz/fuzz_sanitize.c src/render/sanitize.c src/render/sanitize_tables.c \
 *     src/core/escape.c src/core/buf.c src/core/diag.c -lcmark-gfm
 */
#include "sanitize.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond, html) do { \
	if (!(cond)) { \
		fprintf(stderr, "oracle failed: %s\noutput: %s\n", #cond, (html)); \
		abort(); \
	} \
} while (0)

static const char *const ok_tags =
	" a abbr b blockquote br caption code col colgroup dd del details div"
	" cite dfn dl dt em figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark"
	" ol p pre q s samp section small span strong sub summary sup table"
	" tbody td tfoot th thead time tr u ul var nav wbr video source xref ";

static int
word_in(const char *list, const char *w, size_t n)
{
	const char *p;

	for (p = list; (p = strchr(p, ' ')) != NULL && p[1] != '\0'; p++)
		if (strncmp(p + 1, w, n) == 0 && p[1 + n] == ' ')
			return 1;
	return 0;
}

/* The value as the browser reads it (the writer escapes & < > " only),
 * without ASCII blanks and controls, lower-cased, cut to cap - 1 bytes. */
static void
squeeze(const char *v, size_t n, char *out, size_t cap)
{
	static const char *const refs[] = {"&amp;", "&lt;", "&gt;", "&quot;"};
	static const char chars[] = "&<>\"";
	size_t i = 0, k = 0, r;

	while (i < n && k + 1 < cap) {
		char c = v[i++];
		if (c == '&')
			for (r = 0; r < 4; r++)
				if (strncmp(v + i - 1, refs[r], strlen(refs[r])) == 0) {
					c = chars[r];
					i += strlen(refs[r]) - 1;
					break;
				}
		if ((unsigned char)c > 0x20 && c != 0x7F)
			out[k++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
	}
	out[k] = '\0';
}

/* Checks the tag at html[i] == '<'; returns the index after its '>'. */
static size_t
check_tag(const char *html, size_t len, size_t i)
{
	size_t name, n, an, vb;
	char v[64];

	i++;
	if (i < len && html[i] == '/')
		i++;
	for (name = i; i < len && ((html[i] >= 'a' && html[i] <= 'z') ||
	                           (html[i] >= '0' && html[i] <= '9')); i++)
		;
	n = i - name;
	CHECK(n > 0 && word_in(ok_tags, html + name, n), html);
	while (i < len && html[i] == ' ') {
		for (an = ++i; i < len && html[i] != '=' && html[i] != '>'; i++)
			CHECK(html[i] > 0x20 && html[i] != '"' && html[i] != '<' &&
			      html[i] != '/', html);
		CHECK(i + 1 < len && html[i] == '=' && html[i + 1] == '"', html);
		CHECK(strncmp(html + an, "on", 2) != 0, html);
		CHECK(!word_in(" srcdoc srcset action formaction background xmlns ",
		               html + an, i - an), html);
		for (vb = i += 2; i < len && html[i] != '"'; i++)
			CHECK(html[i] != '<' && html[i] != '>', html);
		CHECK(i < len, html);
		squeeze(html + vb, i - vb, v, sizeof v);
		if (word_in(" href src cite poster ", html + an, (size_t)(vb - 2 - an))) {
			CHECK(strncmp(v, "javascript:", 11) != 0, html);
			CHECK(strncmp(v, "vbscript:", 9) != 0, html);
			CHECK(strncmp(v, "data:", 5) != 0, html);
			CHECK(strncmp(v, "file:", 5) != 0, html);
		}
		if (strncmp(html + an, "style", 5) == 0 && vb - 2 - an == 5)
			CHECK(strstr(v, "url(") == NULL && strstr(v, "expression") == NULL &&
			      strchr(v, '\\') == NULL && strstr(v, "/*") == NULL, html);
		i++;
	}
	CHECK(i < len && html[i] == '>', html);
	return i + 1;
}

static void
oracle(const shelf_buf *b)
{
	const char *html = shelf_buf_cstr(b);
	size_t i = 0;

	while (i < b->len) {
		if (html[i] == '<')
			i = check_tag(html, b->len, i);
		else
			i++;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	shelf_buf s = SHELF_BUF_INIT;
	shelf_diags d = SHELF_DIAGS_INIT;

	if (shelf_sanitize_snippet(&s, (const char *)data, size, &d, "fuzz.md", 1, 1) == 0)
		oracle(&s);
	shelf_buf_free(&s);
	shelf_diags_free(&d);
	return 0;
}
