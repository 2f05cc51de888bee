/* test_jsonw.c - the JSON writer against jansson: every string and tree is
 * written by shelf_jsonw_*() and by json_dumps() with the same flags, and
 * the bytes must be the same (or both must fail). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "jsonw.h"

/* What json_dumps() writes for the string s (n bytes), or NULL where it
 * fails (not UTF-8). */
static char *
jansson_str(const char *s, size_t n)
{
	json_t *v = json_stringn_nocheck(s, n);
	char *out = v ? json_dumps(v, JSON_ENCODE_ANY) : NULL;

	json_decref(v);
	return out;
}

static void
same_str(const char *s, size_t n, const char *what)
{
	shelf_buf b = SHELF_BUF_INIT;
	char *want = jansson_str(s, n);
	int rc = shelf_jsonw_str(&b, s, n);

	if (want == NULL)
		INT_EQ(rc, -1, "%s: jansson refuses it, so must the writer", what);
	else if (rc != 0)
		OK(0, "%s: the writer refused what jansson writes", what);
	else
		OK(b.len == strlen(want) && memcmp(b.ptr, want, b.len) == 0,
		   "%s: got [%s] want [%s]", what, shelf_buf_cstr(&b), want);
	free(want);
	shelf_buf_free(&b);
}

/* Every escape JSON has, every control byte, and the characters around
 * them that must be left alone. */
static void
test_escapes(void)
{
	char one[2] = {0, 0};
	int c;

	same_str("", 0, "empty");
	same_str("plain text", 10, "plain");
	same_str("a \"quoted\" \\ back\\slash", 24, "quote and backslash");
	same_str("line\nbreak\ttab\rcr\bbs\fff", 23, "named escapes");
	same_str("</script> & 'x' /path/", 22, "slash and markup stay");
	same_str("\x7f del", 5, "DEL stays");
	same_str("a\0b", 3, "NUL inside");
	for (c = 0; c < 256; c++) {
		char what[32];
		one[0] = (char)c;
		snprintf(what, sizeof what, "byte %02X", c);
		same_str(one, 1, what);
	}
}

/* UTF-8: valid sequences pass as they are; everything jansson's
 * utf8_check refuses is refused here too. */
static void
test_utf8(void)
{
	static const char *const cases[] = {
		"caf\xC3\xA9", "\xE2\x82\xAC 20", "\xF0\x9F\x98\x80 emoji", "\xEF\xBB\xBF bom",
		"\xC3", "\xC3\x28", "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xE0\x9F\xBF",
		"\xED\xA0\x80", "\xED\xBF\xBF", "\xEF\xBF\xBF", "\xF4\x8F\xBF\xBF",
		"\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xF8\x88\x80\x80\x80", "\xFF",
		"\x80", "\xBF", "ok\xE2\x82", "\xF0\x9F\x98",
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		same_str(cases[i], strlen(cases[i]), cases[i]);
}

/* Random byte strings, biased to the bytes that matter. */
static void
test_random_strings(void)
{
	static const unsigned char pool[] = {'a', ' ', '"', '\\', '\n', 0x01, 0x1f, 0x7f,
	                                     0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0xED};
	unsigned seed = 12345;
	char s[24];
	int round, bad = 0;

	for (round = 0; round < 20000; round++) {
		size_t n = (seed = seed * 1103515245 + 12345) >> 16 & 15, i;
		shelf_buf b = SHELF_BUF_INIT;
		char *want;
		int rc;
		for (i = 0; i < n; i++)
			s[i] = (char)pool[(seed = seed * 1103515245 + 12345) >> 16 & 15];
		want = jansson_str(s, n);
		rc = shelf_jsonw_str(&b, s, n);
		if (want ? rc != 0 || b.len != strlen(want) || memcmp(b.ptr, want, b.len) != 0
		         : rc != -1)
			bad++;
		free(want);
		shelf_buf_free(&b);
	}
	INT_EQ(bad, 0, "random strings written as jansson writes them");
}

static void
same_tree(const char *json, int indent, int depth, const char *what)
{
	json_t *v = json_loads(json, JSON_DECODE_ANY, NULL);
	shelf_buf b = SHELF_BUF_INIT;
	char *want;
	size_t flags = JSON_ENCODE_ANY | (indent ? JSON_INDENT(indent) : JSON_COMPACT);

	if (v == NULL) {
		OK(0, "%s: test input does not parse", what);
		return;
	}
	want = json_dumps(v, flags);
	INT_EQ(shelf_jsonw_tree(&b, v, indent, depth), 0, "%s: written", what);
	if (depth == 0) {
		STR_EQ(shelf_buf_cstr(&b), want, "%s (indent %d)", what, indent);
	} else {
		/* every line after the first indented `depth` levels more */
		shelf_buf w = SHELF_BUF_INIT;
		const char *p;
		for (p = want; *p; p++) {
			shelf_buf_putc(&w, *p);
			if (*p == '\n')
				shelf_buf_printf(&w, "%*s", indent * depth, "");
		}
		STR_EQ(shelf_buf_cstr(&b), shelf_buf_cstr(&w), "%s at depth %d", what, depth);
		shelf_buf_free(&w);
	}
	free(want);
	json_decref(v);
	shelf_buf_free(&b);
}

static void
test_trees(void)
{
	static const char *const cases[] = {
		"null", "true", "false", "0", "-12", "9223372036854775807", "1.5", "-0.0",
		"1e300", "0.1", "\"s\"", "[]", "{}", "[[]]", "{\"a\":{}}", "[1,2,[3,[4]],{}]",
		"{\"b\":1,\"a\":[true,null],\"c\":{\"d\":\"x\\ny\",\"e\":[]}}",
		"{\"k\\\"ey\":\"\\u0001\",\"caf\\u00e9\":\"\\ud83d\\ude00\"}",
		"[{\"title\":\"</script>\",\"n\":3.25}]",
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		same_tree(cases[i], 0, 0, cases[i]);
		same_tree(cases[i], 2, 0, cases[i]);
		same_tree(cases[i], 4, 0, cases[i]);
		same_tree(cases[i], 2, 3, cases[i]);
	}
}

/* A tree holding a string jansson's dump refuses (made with _nocheck)
 * fails as a whole; so does one deeper than the cap. */
static void
test_tree_failures(void)
{
	json_t *a = json_array(), *v = a;
	shelf_buf b = SHELF_BUF_INIT;
	int i;

	json_array_append_new(a, json_string_nocheck("ok"));
	json_array_append_new(a, json_stringn_nocheck("\xC3\x28", 2));
	INT_EQ(shelf_jsonw_tree(&b, a, 2, 0), -1, "invalid UTF-8 in a tree");
	OK(json_dumps(a, JSON_INDENT(2)) == NULL, "jansson fails it too");
	json_decref(a);
	shelf_buf_free(&b);

	a = v = json_array();
	for (i = 0; i < SHELF_JSONW_MAX_DEPTH + 2; i++) {
		json_t *in = json_array();
		json_array_append_new(v, in);
		v = in;
	}
	INT_EQ(shelf_jsonw_tree(&b, a, 0, 0), -1, "deeper than SHELF_JSONW_MAX_DEPTH");
	shelf_buf_free(&b);
	json_decref(a);
}

int
main(void)
{
	RUN(test_escapes);
	RUN(test_utf8);
	RUN(test_random_strings);
	RUN(test_trees);
	RUN(test_tree_failures);
	return harness_done();
}
