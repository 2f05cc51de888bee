/* test_frontmatter.c - YAML front matter to JSON (src/parse/frontmatter.c). */
#include "harness.h"
#include "shelf_test.h"
#include "frontmatter.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Parses `y` as if it began on file line 2 (after the opening fence). */
static json_t *
parse(const char *y, shelf_diags *d)
{
	return shelf_yaml_parse(y, strlen(y), 2, d, "a.md");
}

static void
test_scalars_stay_strings(void)
{
	shelf_diags d = SHELF_DIAGS_INIT;
	json_t *j = parse("flag: no\nyes: yes\ndate: 05/15/2024\nnum: 1.50\n"
	                  "tilde: ~\nempty:\nnull: NULL\nNull: x\nquoted: \"null\"\n"
	                  "title: 'It''s \"fine\"'\n", &d);

	OK(json_is_object(j), "a mapping gives an object");
	STR_EQ(val(j, "flag"), "no", "no is not a boolean");
	STR_EQ(val(j, "yes"), "yes", "yes as a key and a value");
	STR_EQ(val(j, "date"), "05/15/2024", "dates stay as written");
	STR_EQ(val(j, "num"), "1.50", "numbers keep their spelling");
	STR_EQ(val(j, "tilde"), "", "~ is empty");
	STR_EQ(val(j, "empty"), "", "a missing value is empty");
	STR_EQ(val(j, "null"), "", "plain NULL is empty");
	STR_EQ(val(j, "Null"), "x", "a key keeps its text");
	STR_EQ(val(j, "quoted"), "null", "a quoted null is text");
	STR_EQ(val(j, "title"), "It's \"fine\"", "single-quoted escapes");
	INT_EQ(d.n, 0, "no diagnostics");
	json_decref(j);
	shelf_diags_free(&d);
}

static void
test_lists_maps_nested(void)
{
	shelf_diags d = SHELF_DIAGS_INIT;
	json_t *j = parse("tags: [a, b]\nlist:\n  - x\n  - y: 1\n    z: [p, q]\n"
	                  "map:\n  inner:\n    deep: v\n  other: w\n", &d);
	json_t *tags = json_object_get(j, "tags"), *list = json_object_get(j, "list");
	json_t *map = json_object_get(j, "map");

	OK(json_is_array(tags) && json_array_size(tags) == 2, "flow sequence");
	STR_EQ(json_string_value(json_array_get(tags, 1)), "b", "flow item");
	OK(json_is_array(list) && json_array_size(list) == 2, "block sequence");
	STR_EQ(json_string_value(json_array_get(list, 0)), "x", "block item");
	STR_EQ(val(json_array_get(list, 1), "y"), "1", "map inside a list");
	STR_EQ(json_string_value(json_array_get(json_object_get(json_array_get(list, 1),
	       "z"), 1)), "q", "list inside a map inside a list");
	STR_EQ(val(json_object_get(map, "inner"), "deep"), "v", "nested maps");
	STR_EQ(val(map, "other"), "w", "sibling after a nested map");
	INT_EQ(d.n, 0, "no diagnostics");
	json_decref(j);
	shelf_diags_free(&d);
}

static void
test_learn_front_matter(void)
{
	shelf_diags d = SHELF_DIAGS_INIT;
	json_t *j = parse("title: Stop error 0xC000021A\nms.date: 05/15/2024\n"
	                  "ms.custom: sap:My VM is not booting\ndocumentationcenter: ''\n"
	                  "ms.locfileid: \"91977000\"\n", &d);

	STR_EQ(val(j, "title"), "Stop error 0xC000021A", "title");
	STR_EQ(val(j, "ms.custom"), "sap:My VM is not booting", "colon inside a value");
	STR_EQ(val(j, "documentationcenter"), "", "empty quoted");
	STR_EQ(val(j, "ms.locfileid"), "91977000", "quoted digits");
	json_decref(j);
	shelf_diags_free(&d);
}

static void
test_error_position(void)
{
	shelf_diags d = SHELF_DIAGS_INIT;
	const shelf_diag *e;
	json_t *j = parse("title: a\ndescription: b\nbad: x: y\n", &d);

	OK(j == NULL, "syntax error gives NULL");
	e = find(&d, SHELF_E_YAML);
	OK(e != NULL && e->severity == SHELF_ERROR, "SHELF_E_YAML error");
	/* YAML line 3 is file line 4; libyaml marks the second ':' */
	INT_EQ(e ? e->line : 0, 4, "file line of the error");
	INT_EQ(e ? e->col : 0, 7, "column of the error");
	STR_EQ(e ? e->file : NULL, "a.md", "file name");
	shelf_diags_free(&d);

	/* columns are bytes, not characters: 'é' is two bytes */
	j = parse("t: \xC3\xA9\xC3\xA9: x\n", &d);
	e = find(&d, SHELF_E_YAML);
	OK(j == NULL && e != NULL, "error after multibyte text");
	INT_EQ(e ? e->line : 0, 2, "line");
	INT_EQ(e ? e->col : 0, 8, "byte column after two 2-byte characters");
	shelf_diags_free(&d);

	j = parse("a: [b, c\n", &d);
	OK(j == NULL && find(&d, SHELF_E_YAML) != NULL, "unclosed flow sequence");
	shelf_diags_free(&d);

	j = parse("a: 1\n---\nb: 2\n", &d);
	e = find(&d, SHELF_E_YAML);
	OK(j == NULL && e != NULL && e->line == 3, "a second document is an error");
	shelf_diags_free(&d);

	j = parse("? [a, b]\n: c\n", &d);
	e = find(&d, SHELF_E_YAML);
	OK(j == NULL && e != NULL && e->line == 2 && e->col == 3, "collection as a key");
	shelf_diags_free(&d);

	j = parse("a: *nowhere\n", &d);
	OK(j == NULL && find(&d, SHELF_E_YAML) != NULL, "alias without an anchor");
	shelf_diags_free(&d);

	j = parse("a: &r [x, *r]\n", &d);
	OK(j == NULL && find(&d, SHELF_E_YAML) != NULL, "recursive alias is refused");
	shelf_diags_free(&d);

	j = parse("a: b\n\xFF\n", &d);
	e = find(&d, SHELF_E_YAML);
	OK(j == NULL && e != NULL && e->line == 3 && e->col == 1, "invalid UTF-8 at 3:1");
	shelf_diags_free(&d);
}

static void
test_duplicate_keys(void)
{
	shelf_diags d = SHELF_DIAGS_INIT;
	const shelf_diag *w;
	json_t *j = parse("title: first\nauthor: x\ntitle: second\n", &d);

	STR_EQ(val(j, "title"), "second", "the last value wins");
	INT_EQ(json_object_size(j), 2, "two keys");
	w = find(&d, SHELF_W_YAML_DUP_KEY);
	OK(w != NULL && w->severity == SHELF_WARNING, "duplicate key warning");
	INT_EQ(w ? w->line : 0, 4, "at the second key's line");
	INT_EQ(w ? w->col : 0, 1, "at the second key's column");
	OK(w && strstr(w->message, "'title'") != NULL, "message quotes the key: %s",
	   w ? w->message : "");
	json_decref(j);
	shelf_diags_free(&d);
}

static void
test_empty_and_non_mapping(void)
{
	shelf_diags d = SHELF_DIAGS_INIT;
	json_t *j = parse("", &d);

	OK(json_is_object(j) && json_object_size(j) == 0, "empty text gives {}");
	json_decref(j);
	j = parse("# only a comment\n", &d);
	OK(json_is_object(j) && json_object_size(j) == 0, "comments only give {}");
	json_decref(j);
	j = parse("- a\n- b\n", &d);
	OK(json_is_array(j) && json_array_size(j) == 2, "a list stays a list");
	json_decref(j);
	j = parse("just text\n", &d);
	STR_EQ(json_string_value(j), "just text", "a scalar document");
	json_decref(j);
	INT_EQ(d.n, 0, "no diagnostics for any of these");
	shelf_diags_free(&d);
}

static void
test_anchors_and_special_keys(void)
{
	shelf_diags d = SHELF_DIAGS_INIT;
	json_t *j = parse("base: &b {k: v, l: [1, 2]}\ncopy: *b\nname: &n text\n"
	                  "again: *n\n\"a\\0b\": nul\n<<: *b\n", &d);

	STR_EQ(val(json_object_get(j, "copy"), "k"), "v", "alias copies a mapping");
	OK(json_equal(json_object_get(j, "copy"), json_object_get(j, "base")), "equal copy");
	OK(json_object_get(j, "copy") != json_object_get(j, "base"), "a copy, not shared");
	STR_EQ(val(j, "again"), "text", "alias of a scalar");
	OK(json_object_getn(j, "a\0b", 3) != NULL, "a key with a NUL byte");
	OK(json_is_object(json_object_get(j, "<<")), "<< is an ordinary key");
	INT_EQ(d.n, 0, "no diagnostics");
	json_decref(j);
	shelf_diags_free(&d);
}

/* "Billion laughs": 9 levels of 9 aliases would be 387 million nodes. */
static void
test_billion_laughs(void)
{
	shelf_buf b = SHELF_BUF_INIT;
	shelf_diags d = SHELF_DIAGS_INIT;
	const shelf_diag *e;
	clock_t t0;
	json_t *j;
	int lv, k;

	shelf_buf_puts(&b, "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\","
	               "\"lol\",\"lol\",\"lol\"]\n");
	for (lv = 1; lv <= 9; lv++) {
		shelf_buf_printf(&b, "a%d: &a%d [", lv, lv);
		for (k = 0; k < 9; k++)
			shelf_buf_printf(&b, "%s*a%d", k ? "," : "", lv - 1);
		shelf_buf_puts(&b, "]\n");
	}
	t0 = clock();
	j = shelf_yaml_parse(b.ptr, b.len, 2, &d, "a.md");
	OK(j == NULL, "billion laughs is refused");
	e = find(&d, SHELF_E_YAML_ALIASES);
	OK(e != NULL && e->severity == SHELF_ERROR, "SHELF_E_YAML_ALIASES");
	OK(e && e->line >= 7, "reported at the alias that overflows (line %u)",
	   e ? e->line : 0);
	OK(seconds_since(t0) < 1.0 * slack(), "stopped quickly");
	shelf_buf_free(&b);
	shelf_diags_free(&d);
}

static void
test_depth_limit(void)
{
	shelf_buf b = SHELF_BUF_INIT;
	shelf_diags d = SHELF_DIAGS_INIT;
	const shelf_diag *e;
	json_t *j;
	int i;

	/* exactly the limit is fine */
	shelf_buf_puts(&b, "k: ");
	for (i = 0; i < SHELF_MAX_YAML_DEPTH - 1; i++)
		shelf_buf_putc(&b, '[');
	for (i = 0; i < SHELF_MAX_YAML_DEPTH - 1; i++)
		shelf_buf_putc(&b, ']');
	j = shelf_yaml_parse(b.ptr, b.len, 2, &d, "a.md");
	OK(j != NULL && d.n == 0, "%d levels are allowed", SHELF_MAX_YAML_DEPTH);
	json_decref(j);

	shelf_buf_clear(&b);
	shelf_buf_puts(&b, "k: ");
	for (i = 0; i < 10000; i++)
		shelf_buf_putc(&b, '[');
	j = shelf_yaml_parse(b.ptr, b.len, 2, &d, "a.md");
	e = find(&d, SHELF_E_YAML_DEPTH);
	OK(j == NULL && e != NULL, "10000 levels are refused");
	INT_EQ(e ? e->col : 0, 4 + SHELF_MAX_YAML_DEPTH - 1, "at the first level too deep");
	shelf_diags_free(&d);

	/* an alias can deepen a document past the limit too */
	shelf_buf_clear(&b);
	shelf_buf_puts(&b, "a: &x ");
	for (i = 0; i < 20; i++)
		shelf_buf_putc(&b, '[');
	for (i = 0; i < 20; i++)
		shelf_buf_putc(&b, ']');
	shelf_buf_puts(&b, "\nb: [[[[[[[[[[[[[[[[*x]]]]]]]]]]]]]]]]\n");
	j = shelf_yaml_parse(b.ptr, b.len, 2, &d, "a.md");
	OK(j == NULL && find(&d, SHELF_E_YAML_DEPTH) != NULL, "alias past the depth");
	shelf_diags_free(&d);
	shelf_buf_free(&b);
}

static void
test_node_limit(void)
{
	shelf_buf b = SHELF_BUF_INIT;
	shelf_diags d = SHELF_DIAGS_INIT;
	json_t *j;
	int i;

	shelf_buf_puts(&b, "k: [");
	for (i = 0; i < SHELF_MAX_YAML_NODES; i++)
		shelf_buf_puts(&b, "a,");
	shelf_buf_puts(&b, "a]\n");
	j = shelf_yaml_parse(b.ptr, b.len, 2, &d, "a.md");
	OK(j == NULL && find(&d, SHELF_E_YAML) != NULL, "too many plain nodes");
	shelf_diags_free(&d);
	shelf_buf_free(&b);
}

/* Many diagnostics must not make the parse quadratic. */
static void
test_many_duplicates_fast(void)
{
	shelf_buf b = SHELF_BUF_INIT;
	shelf_diags d = SHELF_DIAGS_INIT;
	clock_t t0;
	json_t *j;
	int i;

	for (i = 0; i < 40000; i++)
		shelf_buf_puts(&b, "a: b\n");
	t0 = clock();
	j = shelf_yaml_parse(b.ptr, b.len, 2, &d, "a.md");
	OK(json_is_object(j) && json_object_size(j) == 1, "one key");
	INT_EQ(d.n + d.dropped, 39999, "every duplicate counted");
	/* the last slot is kept for the note of shelf_diags_finish() */
	INT_EQ(d.n, SHELF_MAX_DIAGS - 1, "the kept ones are capped");
	INT_EQ(d.v[SHELF_MAX_DIAGS - 2].line, SHELF_MAX_DIAGS + 1, "line of the last kept");
	OK(seconds_since(t0) < 1.0 * slack(), "fast");
	json_decref(j);
	shelf_diags_free(&d);
	shelf_buf_free(&b);
}

int
main(void)
{
	RUN(test_scalars_stay_strings);
	RUN(test_lists_maps_nested);
	RUN(test_learn_front_matter);
	RUN(test_error_position);
	RUN(test_duplicate_keys);
	RUN(test_empty_and_non_mapping);
	RUN(test_anchors_and_special_keys);
	RUN(test_billion_laughs);
	RUN(test_depth_limit);
	RUN(test_node_limit);
	RUN(test_many_duplicates_fast);
	return harness_done();
}
