/* test_snippet.c - docfx code-snippet line selection (src/docfx/snippet.h). */
#include "harness.h"
#include "snippet.h"

#include <stdlib.h>

/* Selects from `text` with the query `q` (and bookmark `b`, lang `lang`)
 * and compares with `want`. */
static void
check(const char *text, const char *lang, const char *q, const char *b, const char *want,
      int want_unknown)
{
	shelf_snip_sel sel;
	shelf_buf out = SHELF_BUF_INIT;
	int unknown = -1;

	shelf_snip_sel_init(&sel);
	sel.lang = lang;
	if (q)
		shelf_snip_parse_query(q, strlen(q), &sel);
	if (b)
		shelf_snip_bookmark(b, strlen(b), &sel);
	OK(shelf_snip_extract(text, strlen(text), &sel, &out, &unknown) == 0, "extract %s", q ? q : b);
	STR_EQ(shelf_buf_cstr(&out), want, "query %s bookmark %s", q ? q : "-", b ? b : "-");
	INT_EQ(unknown, want_unknown, "unknown language for %s", lang ? lang : "-");
	shelf_buf_free(&out);
}

static void
test_ranges(void)
{
	shelf_snip_range r[SHELF_MAX_SNIPPET_RANGES];
	size_t n;

	OK(shelf_snip_parse_range("L12-L16", 7, 1, r) && r[0].start == 12 && r[0].end == 16, "L12-L16");
	OK(shelf_snip_parse_range("l3-", 3, 1, r) && r[0].start == 3 && r[0].end == SHELF_SNIPPET_OPEN, "l3-");
	OK(!shelf_snip_parse_range("L12-16", 6, 1, r), "L needed on both ends");
	OK(!shelf_snip_parse_range("1-2-3", 5, 0, r), "two dashes");
	OK(!shelf_snip_parse_range("", 0, 0, r), "empty");
	OK(shelf_snip_parse_ranges("1-3,5,7-", 8, r, &n) && n == 3 && r[2].end == SHELF_SNIPPET_OPEN, "list");
	OK(!shelf_snip_parse_ranges("1,x,3", 5, r, &n) && n == 1, "partial list kept");
}

static void
test_highlight(void)
{
	shelf_snip_sel sel;
	shelf_buf out = SHELF_BUF_INIT;

	shelf_snip_sel_init(&sel);
	OK(shelf_snip_parse_query("highlight=1,2-2,4-", 18, &sel), "parse");
	shelf_snip_highlight(sel.highlight, sel.n_highlight, &out);
	STR_EQ(shelf_buf_cstr(&out), "1,2,4-", "normalised");
	shelf_buf_free(&out);
}

static void
test_select(void)
{
	const char *cs = "    line for start & end\n    // <tag1>\n    line1\n    // </tag1>\n \tline for indent & range\n";
	const char *py = "# <a>\nx = 1\n    # <b>\n    y = 2\n    # </b>\n# </a>\n";
	const char *reg = "class C {\n  #region Main\n  int a;\n  #region Inner\n  int b;\n  #endregion\n  #endregion\n}\n";

	/* docfx's upstream example: the tag wins over everything else */
	check(cs, "csharp", "start=1&end=1&name=tag&range=5-&highlight=1,2-2,4-&dedent=3", "tag1",
	      " line1\n", 0);
	check(cs, "csharp", "range=5-", NULL, "line for indent & range\n", 0);
	check(cs, "csharp", "start=1&end=1", NULL, "line for start & end\n", 0);
	check(cs, "csharp", NULL, "L3", "line1\n", 0);
	check(py, "python", "name=a", NULL, "x = 1\n    y = 2\n", 0);
	check(py, ".py", NULL, "B", "y = 2\n", 0);
	check(reg, "csharp", "name=main", NULL, "int a;\nint b;\n", 0);
	check(py, "klingon", "name=b", NULL, "y = 2\n", 1);
	check(py, "python", "name=nope", NULL, "", 0);
	check("a\n\n\tb\n", NULL, NULL, NULL, "a\n\n    b\n", 0);
	check("    a\n      b\n", NULL, "dedent=2", NULL, "  a\n    b\n", 0);
	check("x\ny\n", NULL, "bogus=1&range=2", NULL, "x\ny\n", 0);
}

int
main(void)
{
	RUN(test_ranges);
	RUN(test_highlight);
	RUN(test_select);
	return harness_done();
}
