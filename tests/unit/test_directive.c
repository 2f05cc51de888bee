/* test_directive.c - the docfx directive pre-pass (src/docfx/directive.c):
 * sentinels, the two sentinel forms, attribute parsing, zone and moniker
 * balancing (missing and stray ends), and the forged-sentinel check. */
#include "harness.h"
#include "directive.h"

#include <stdlib.h>
#include <string.h>

typedef struct scanned {
	char *text;
	shelf_directives t;
	shelf_diags d;
} scanned;

static void
scan(scanned *s, const char *md)
{
	size_t n = 0;

	memset(s, 0, sizeof *s);
	s->text = shelf_directives_scan(md, strlen(md), &n, &s->t, &s->d, "t.md");
}

static void
done(scanned *s)
{
	free(s->text);
	shelf_directives_free(&s->t);
	shelf_diags_free(&s->d);
}

static size_t
count(const shelf_diags *d, shelf_code code)
{
	size_t i, k = 0;

	for (i = 0; i < d->n; i++)
		k += d->v[i].code == code;
	return k;
}

/* A directive indented past a list item's content column: the sentinel
 * keeps the indentation, and an HTML block literal starts with it. */
static void
test_indented_in_list(void)
{
	scanned s;

	scan(&s, "1. Step.\n\n    [!INCLUDE [t](a.md)]\n\n     :::image type=\"complex\" source=\"a.png\" alt-text=\"A\":::\n       Desc.\n     :::image-end:::\n");
	STR_EQ(s.text, "1. Step.\n\n    <!--shelf:0-->\n\n     <!--shelf:1-->\n\n\n", "sentinels keep the indentation");
	INT_EQ(s.t.n, 2, "two directives");
	OK(shelf_directive_of(&s.t, " <!--shelf:0-->\n", 3) == &s.t.v[0], "found after a blank");
	OK(shelf_directive_of(&s.t, "  <!--shelf:1-->", 5) == &s.t.v[1], "found after two blanks");
	OK(shelf_directive_of(&s.t, " <!--shelf:0-->", 4) == NULL, "not on another line");
	STR_EQ(s.t.n == 2 ? s.t.v[1].body : NULL, "  Desc.\n", "description loses the opener's indentation only");
	done(&s);
}

/* A sentinel that lands in code is put back as written and counts as
 * used; one that lands nowhere is SH140. */
static void
test_restore_and_unused(void)
{
	scanned s;
	shelf_buf out = SHELF_BUF_INIT;
	const char code[] = " <!--shelf:0--> and </shelf-9> and <!--shelf:1-->";

	scan(&s, "        [!INCLUDE [t](a.md)]\n\n![x [!INCLUDE [u](b.md)]](c.png)\n");
	INT_EQ(s.t.n, 2, "two includes");
	shelf_directives_restore(&s.t, code, strlen(code), &out);
	STR_EQ(shelf_buf_cstr(&out), " [!INCLUDE [t](a.md)] and </shelf-9> and [!INCLUDE [u](b.md)]",
	       "restored as written; an unknown index stays");
	shelf_buf_free(&out);
	shelf_directives_report_unused(&s.t, &s.d, "t.md");
	INT_EQ(count(&s.d, SHELF_E_DIRECTIVE_LOST), 0, "restored ones are used");
	done(&s);

	scan(&s, "![x [!INCLUDE [u](b.md)]](c.png)\n");
	shelf_directives_report_unused(&s.t, &s.d, "t.md");
	INT_EQ(count(&s.d, SHELF_E_DIRECTIVE_LOST), 1, "an unrendered directive is reported");
	done(&s);
}

static void
test_include(void)
{
	scanned s;

	scan(&s, "[!INCLUDE [t](a.md)]\n\nsee [!include[v](v.md)] now\n\n[!INCLUDE [x](a.md) ]\n");
	STR_EQ(s.text, "<!--shelf:0-->\n\nsee <!--shelf:1--> now\n\n[!INCLUDE [x](a.md) ]\n", "include sentinels");
	INT_EQ(s.t.n, 2, "two includes");
	OK(s.t.v[0].block && !s.t.v[1].block, "block then inline");
	STR_EQ(s.t.v[0].b, "a.md", "path");
	STR_EQ(s.t.v[1].a, "v", "title");
	done(&s);
}

static void
test_line_start_form(void)
{
	scanned s;

	scan(&s, "[!INCLUDE [v](v.md)] or later.\n:::image source=\"a.png\" alt-text=\"A\":::\n");
	STR_EQ(s.text, "</shelf-0> or later.\n<!--shelf:1-->\n", "closing-tag form when text follows");
	OK(shelf_directive_of(&s.t, "</shelf-0>", 1) == &s.t.v[0], "closing-tag form found");
	OK(shelf_directive_of(&s.t, "<!--shelf:1-->", 2) == &s.t.v[1], "comment form found");
	OK(shelf_directive_of(&s.t, "<!--shelf:1-->", 1) == NULL, "wrong line: a forgery");
	OK(shelf_directive_of(&s.t, "</shelf-0 >", 1) == NULL, "not exact");
	OK(!s.t.v[1].block, "content image is inline");
	done(&s);
}

static void
test_zone_balance(void)
{
	scanned s;

	scan(&s, "::: zone pivot=\"a\"\n\n::: zone pivot=\"b\"\n\nx\n\n::: zone-end\n\n::: zone-end\n");
	INT_EQ(s.t.n, 2, "nested zone and stray end stay text");
	INT_EQ(count(&s.d, SHELF_E_DIRECTIVE), 1, "nesting is an error");
	INT_EQ(count(&s.d, SHELF_W_DIRECTIVE_END), 1, "stray end warned");
	done(&s);
	scan(&s, "::: zone target=\"docs\"\n\nnever closed\n");
	INT_EQ(count(&s.d, SHELF_W_DIRECTIVE_END), 1, "missing zone-end warned");
	INT_EQ(s.d.v[0].line, 1, "at the opening line");
	done(&s);
	scan(&s, "::: zone pivot=\"a\"\n::: zone-end junk\n");
	INT_EQ(s.t.n, 2, "end with junk still closes");
	INT_EQ(count(&s.d, SHELF_W_DIRECTIVE_END), 1, "junk after end warned");
	done(&s);
}

static void
test_moniker_balance(void)
{
	scanned s;

	scan(&s, "::: moniker range=\"a\"\n::: moniker range=\"b\"\n::: moniker-end\n::: moniker-end\n");
	INT_EQ(s.t.n, 3, "second end stays text");
	STR_EQ(s.t.v[2].a, "2", "first end closes both");
	INT_EQ(count(&s.d, SHELF_W_DIRECTIVE_END), 1, "stray second end warned");
	done(&s);
	scan(&s, "::: moniker range=\">= v1\"\n\ntext\n");
	INT_EQ(count(&s.d, SHELF_W_DIRECTIVE_END), 1, "missing moniker-end warned");
	STR_EQ(shelf_directive_attr(&s.t.v[0], "range"), ">= v1", "range kept as written");
	done(&s);
	scan(&s, "::: moniker range=\"a\n");
	INT_EQ(s.t.n, 0, "unclosed quote: text");
	OK(s.d.n == 1 && s.d.v[0].severity == SHELF_WARNING, "a warning, as docfx");
	done(&s);
}

static void
test_fence_and_row(void)
{
	scanned s;

	scan(&s, "```\n[!INCLUDE [t](a.md)]\n```\n:::row:::\n    :::column span=\"2\":::\n        text\n    :::column-end:::\n:::row-end:::\n");
	STR_EQ(s.text, "```\n[!INCLUDE [t](a.md)]\n```\n<!--shelf:0-->\n<!--shelf:1-->\ntext\n<!--shelf:2-->\n<!--shelf:3-->\n",
	       "fenced code untouched; row content loses its indentation");
	STR_EQ(shelf_directive_attr(&s.t.v[1], "span"), "2", "span");
	done(&s);
}

static void
test_attrs(void)
{
	scanned s;

	scan(&s, ":::image type=\"complex\" source=\"a.png\" alt-text=\"A\":::\nfirst\nlast\n:::image-end:::\nafter\n");
	INT_EQ(s.t.n, 1, "complex image swallows its body");
	STR_EQ(s.t.v[0].body, "first\nlast\n", "description lines");
	STR_EQ(s.text, "<!--shelf:0-->\n\n\n\nafter\n", "lines kept for positions");
	done(&s);
	scan(&s, ":::image source=\"a.png\" source=\"b.png\":::\n");
	INT_EQ(s.t.n, 0, "duplicate attribute: text");
	OK(count(&s.d, SHELF_E_DIRECTIVE) >= 1, "duplicate is an error");
	done(&s);
}

/* Portal (Apollo) elements: a block of one-line children becomes one
 * directive and its lines go blank (line numbers stay); what is not such
 * a block stays as written, with SH216 for the widget elements. */
static void
test_portal_elements(void)
{
	scanned s;

	scan(&s, "<Insight>\n\t<symptomId>A,B</symptomId>\n\n  <maxInsightCount>1</maxInsightCount>\n</Insight>\nafter\n");
	STR_EQ(s.text, "<!--shelf:0-->\n\n\n\n\nafter\n", "the element's lines go blank");
	INT_EQ(s.t.n, 1, "one directive");
	if (s.t.n == 1) {
		INT_EQ(s.t.v[0].kind, SHELF_DIR_WIDGET, "a widget");
		STR_EQ(s.t.v[0].a, "insight", "named in lower case");
		INT_EQ(s.t.v[0].n_attrs, 2, "two children");
		STR_EQ(s.t.v[0].attrs[0].name, "symptomId", "child name as written");
		STR_EQ(s.t.v[0].attrs[0].value, "A,B", "child text");
	}
	done(&s);

	/* one line, entities decoded, an empty child */
	scan(&s, "<azureKB><client>a &amp; b</client> <empty/></azureKB>\n");
	INT_EQ(s.t.n, 1, "one-line element");
	if (s.t.n == 1) {
		INT_EQ(s.t.v[0].n_attrs, 2, "both children");
		STR_EQ(s.t.v[0].attrs[0].value, "a & b", "entities decoded");
		STR_EQ(s.t.v[0].attrs[1].value, "", "empty child");
	}
	done(&s);

	/* HTML's own <video> (no <src> child) stays, without a word */
	scan(&s, "<video>\n  <source src=\"a.mp4\">\n</video>\n");
	INT_EQ(s.t.n, 0, "HTML video is not a portal element");
	INT_EQ(s.d.n, 0, "and no diagnostic");
	done(&s);

	/* never closed, and a line that is not a child */
	scan(&s, "<metric>\n<name>x</name>\n");
	INT_EQ(s.t.n, 0, "unclosed: no directive");
	INT_EQ(count(&s.d, SHELF_W_PORTAL_ELEMENT), 1, "unclosed: SH216");
	done(&s);
	scan(&s, "<insight>\n<symptomId>x</symptomId>\nplain text\n</insight>\n");
	INT_EQ(s.t.n, 0, "text inside: no directive");
	INT_EQ(count(&s.d, SHELF_W_PORTAL_ELEMENT), 1, "text inside: SH216");
	OK(s.d.n == 1 && strstr(s.d.v[0].message, "line 3") != NULL, "names the line");
	done(&s);

	/* in a quote: the prefixes stay on the blanked lines */
	scan(&s, "> <metric>\n> <name>x</name>\n> </metric>\n");
	STR_EQ(s.text, "> <!--shelf:0-->\n> \n> \n", "quote prefixes kept");
	done(&s);

	/* inside fenced code: nothing */
	scan(&s, "```\n<insight>\n<a>b</a>\n</insight>\n```\n");
	INT_EQ(s.t.n, 0, "fenced code is not scanned");
	done(&s);
}

/* :::Section Title::: and <videoGroup>: a group left open is closed at
 * the end, and a stray </videoGroup> stays text. */
static void
test_portal_sections_groups(void)
{
	scanned s;

	scan(&s, ":::Section  Two words :::\n:::Section:::\n:::sections x:::\n");
	INT_EQ(s.t.n, 1, "one section title");
	if (s.t.n >= 1) {
		INT_EQ(s.t.v[0].kind, SHELF_DIR_SECTION, "a section");
		STR_EQ(s.t.v[0].a, "Two words", "title trimmed");
	}
	done(&s);

	scan(&s, "<videoGroup>\n<video><src>u</src></video>\n</videoGroup>\n</videoGroup>\n");
	INT_EQ(s.t.n, 3, "group, video, end");
	if (s.t.n == 3) {
		INT_EQ(s.t.v[0].kind, SHELF_DIR_WIDGET_GROUP, "group opens");
		INT_EQ(s.t.v[1].kind, SHELF_DIR_WIDGET, "the video");
		INT_EQ(s.t.v[2].kind, SHELF_DIR_WIDGET_GROUP_END, "group closes");
	}
	STR_EQ(s.text, "<!--shelf:0-->\n<!--shelf:1-->\n<!--shelf:2-->\n</videoGroup>\n",
	       "the second end stays text");
	done(&s);

	/* its end only inside fenced code: closed at the end of the text */
	scan(&s, "<videoGroup>\n```\n</videoGroup>\n```\n");
	INT_EQ(s.t.n, 2, "group and a closing one");
	if (s.t.n == 2) {
		INT_EQ(s.t.v[1].kind, SHELF_DIR_WIDGET_GROUP_END, "closed at the end");
		OK(shelf_directive_of(&s.t, "<!--shelf:1-->", s.t.v[1].line) == &s.t.v[1],
		   "its sentinel is on its line");
		OK(strstr(s.text, "<!--shelf:1-->") != NULL, "its sentinel is in the text");
	}
	done(&s);
}

int
main(void)
{
	RUN(test_indented_in_list);
	RUN(test_restore_and_unused);
	RUN(test_include);
	RUN(test_line_start_form);
	RUN(test_zone_balance);
	RUN(test_moniker_balance);
	RUN(test_fence_and_row);
	RUN(test_attrs);
	RUN(test_portal_elements);
	RUN(test_portal_sections_groups);
	return harness_done();
}
