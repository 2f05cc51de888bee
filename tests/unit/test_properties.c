/* test_properties.c - the <properties/> lexer (src/parse/properties.c).  The
 * inputs are modelled on the faults of the real corpus (selfhelp-format.md
 * 1.3) with made-up text. */
#include "harness.h"
#include "shelf_test.h"
#include "properties.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Lexes `s` from byte 0, file line 1. */
static json_t *
lex(const char *s, shelf_diags *d, size_t *end)
{
	return shelf_properties_parse(s, strlen(s), 0, 1, end, d, "p.md");
}

static size_t
count(const shelf_diags *d, shelf_code code)
{
	size_t i, n = 0;

	for (i = 0; i < d->n; i++)
		n += d->v[i].code == code;
	return n;
}

/* Checks that diagnostic `code` exists, at line:col, with `sev`. */
#define AT(d, code, sev, l, c) do { \
	const shelf_diag *x_ = find((d), (code)); \
	OK(x_ != NULL, "diagnostic %d present", (int)(code)); \
	if (x_) { INT_EQ(x_->line, (l), "line of %d", (int)(code)); \
	          INT_EQ(x_->col, (c), "column of %d", (int)(code)); \
	          INT_EQ(x_->severity, (sev), "severity of %d", (int)(code)); } \
} while (0)

static void
test_plain_block(void)
{
	const char *s = "<properties\n\tpageTitle=\"Disk is full\"\n"
	                "    description=\"The OS disk has no space left\"\n"
	                "\tselfHelpType=\"generic\"\n\tarticleId=\"0f1e2d3c\"\n/>\n\n# Body\n";
	shelf_diags d = SHELF_DIAGS_INIT;
	size_t end;
	json_t *o = lex(s, &d, &end);

	OK(o != NULL, "object");
	INT_EQ(json_object_size(o), 4, "four attributes");
	STR_EQ(val(o, "pageTitle"), "Disk is full", "pageTitle");
	STR_EQ(val(o, "selfHelpType"), "generic", "selfHelpType");
	INT_EQ(end, strstr(s, "/>") - s + 2, "end is right after '/>'");
	INT_EQ(d.n, 0, "no diagnostics");
	json_decref(o);

	/* "/>" on the last attribute's line, no blank before it; first
	 * attribute on the <properties line; tab between two attributes */
	s = "<properties pageTitle=\"T\"\n\tcloudEnvironments=\"Public, usnat\"\townershipId=\"O\"\"/>\nx";
	o = lex(s, &d, &end);
	STR_EQ(val(o, "pageTitle"), "T", "attribute on the opening line");
	STR_EQ(val(o, "cloudEnvironments"), "Public, usnat", "first of two on a line");
	STR_EQ(val(o, "ownershipId"), "O", "second of two, then '\"/>'");
	INT_EQ(s[end], '\n', "end at the newline");
	json_decref(o);
	shelf_diags_free(&d);
}

static void
test_case_insensitive_names(void)
{
	const char *s = "<properties selfhelptype=\"a\" ArticleID=\"b\" SupportTopicIDs=\"1\"\n"
	                " MS.Author=\"c\" supportToicIds=\"\" customThing=\"d\" />";
	shelf_diags d = SHELF_DIAGS_INIT;
	size_t end;
	json_t *o = lex(s, &d, &end);

	STR_EQ(val(o, "selfHelpType"), "a", "selfhelptype -> selfHelpType");
	STR_EQ(val(o, "articleId"), "b", "ArticleID -> articleId");
	STR_EQ(val(o, "supportTopicIds"), "1", "SupportTopicIDs -> supportTopicIds");
	STR_EQ(val(o, "ms.author"), "c", "MS.Author -> ms.author");
	STR_EQ(val(o, "supportToicIds"), "", "a typo keeps its spelling");
	STR_EQ(val(o, "customThing"), "d", "an unknown name keeps its spelling");
	STR_EQ(shelf_properties_canonical("SYMPTOMid", 9), "symptomID", "canonical()");
	STR_EQ(shelf_properties_canonical("icmTeam", 7), "icmteam", "lower-case canonical");
	OK(shelf_properties_canonical("pageTitleX", 10) == NULL, "unknown: NULL");
	OK(shelf_properties_canonical("pageTitleX", 9) != NULL, "length is honoured");
	INT_EQ(d.n, 0, "no diagnostics");
	json_decref(o);
	shelf_diags_free(&d);
}

static void
test_quotes_and_raw_text(void)
{
	const char *s = "<properties\n"
	                "  pageTitle='Route to \"Any (Region)\" endpoints'\n"
	                "  clientIds='partnerhub'\n"
	                "  description=\"Tom &amp; Jerry <b> & co > x\"\n"
	                "  infoBubbleText=\"  padded value \t\"\n"
	                "  resourceTags = \"spaced\"\n"
	                "/>";
	shelf_diags d = SHELF_DIAGS_INIT;
	size_t end;
	json_t *o = lex(s, &d, &end);

	STR_EQ(val(o, "pageTitle"), "Route to \"Any (Region)\" endpoints", "\" inside '");
	STR_EQ(val(o, "clientIds"), "partnerhub", "single quotes");
	STR_EQ(val(o, "description"), "Tom & Jerry <b> & co > x",
	       "entities decoded, bare & and < > kept as text");
	STR_EQ(val(o, "infoBubbleText"), "padded value", "blanks trimmed");
	STR_EQ(val(o, "resourceTags"), "spaced", "blanks around '='");
	INT_EQ(d.n, 0, "no diagnostics");
	json_decref(o);
	shelf_diags_free(&d);
}

static void
test_multiline_values(void)
{
	const char *s = "<properties\n\tpageTitle=\"A title that\n> goes on\"\n"
	                "\tsupportTopicIds=\"\n1001,\n1002,\n1003\n\"\n\tarticleId=\"z\"\n/>\n";
	shelf_diags d = SHELF_DIAGS_INIT;
	size_t end;
	json_t *o = lex(s, &d, &end);

	STR_EQ(val(o, "pageTitle"), "A title that\n> goes on", "two-line value");
	STR_EQ(val(o, "supportTopicIds"), "1001,\n1002,\n1003", "one ID per line");
	STR_EQ(val(o, "articleId"), "z", "after them");
	INT_EQ(d.n, 0, "no diagnostics");
	json_decref(o);
	shelf_diags_free(&d);
}

static void
test_missing_close_quote(void)
{
	const char *s = "<properties\n"
	                "    authors=\"someone\"\n"
	                "    ms.author=\"jdoe\n"
	                "    displayOrder=\"2\"\n"
	                "\tarticleId=\"abc\"\n"
	                "\townershipId=\"Own\n"
	                "/>\n# Body \"quoted\"\n";
	shelf_diags d = SHELF_DIAGS_INIT;
	size_t end;
	json_t *o = lex(s, &d, &end);

	STR_EQ(val(o, "ms.author"), "jdoe", "value is the rest of the line");
	STR_EQ(val(o, "displayOrder"), "2", "next attribute is intact");
	STR_EQ(val(o, "articleId"), "abc", "and the one after");
	STR_EQ(val(o, "ownershipId"), "Own", "unclosed before '/>'");
	INT_EQ(count(&d, SHELF_W_PROP_NO_CLOSE_QUOTE), 2, "two warnings");
	AT(&d, SHELF_W_PROP_NO_CLOSE_QUOTE, SHELF_WARNING, 3, 15);
	OK(d.n && strstr(d.v[0].message, "'ms.author' has no closing quote") != NULL,
	   "message: %s", d.n ? d.v[0].message : "");
	INT_EQ(end, strstr(s, "/>") - s + 2, "block still ends at '/>'");
	json_decref(o);
	shelf_diags_free(&d);
}

static void
test_doubled_quote_and_comma(void)
{
	const char *s = "<properties\n"
	                "\tdescription=\"Set up app based access\"\"\n"
	                "\tcloudEnvironments=\"Public, USSec\",\n"
	                "\townershipId=\"X\"\n"
	                "/>";
	shelf_diags d = SHELF_DIAGS_INIT;
	size_t end;
	json_t *o = lex(s, &d, &end);

	STR_EQ(val(o, "description"), "Set up app based access", "extra quote dropped");
	AT(&d, SHELF_W_PROP_DOUBLED_QUOTE, SHELF_WARNING, 2, 39);
	STR_EQ(val(o, "cloudEnvironments"), "Public, USSec", "value before the comma");
	AT(&d, SHELF_W_PROP_JUNK_AFTER_VALUE, SHELF_WARNING, 3, 35);
	STR_EQ(val(o, "ownershipId"), "X", "after the comma");
	INT_EQ(d.n, 2, "two warnings");
	json_decref(o);
	shelf_diags_free(&d);
}

static void
test_junk_after_end(void)
{
	const char *s = "<properties\n\tarticleId=\"a\"\n/>e  \n# Title\n";
	shelf_diags d = SHELF_DIAGS_INIT;
	size_t end;
	json_t *o = lex(s, &d, &end);

	STR_EQ(val(o, "articleId"), "a", "value");
	AT(&d, SHELF_W_PROP_JUNK_AFTER_END, SHELF_WARNING, 3, 3);
	INT_EQ(end, strstr(s, "\n# Title") - s, "the junk belongs to the block");
	json_decref(o);
	shelf_diags_free(&d);
}

static void
test_duplicate_and_malformed(void)
{
	const char *s = "<properties\n"
	                "\tarticleId=\"first\"\n"
	                "\tARTICLEID=\"second\"\n"
	                "\tcustom=\"1\" CUSTOM=\"2\"\n"
	                "\thidden\n"
	                "\tempty=\n"
	                "\tbare=word\n"
	                "/>";
	shelf_diags d = SHELF_DIAGS_INIT;
	size_t end;
	json_t *o = lex(s, &d, &end);

	STR_EQ(val(o, "articleId"), "first", "the first wins");
	AT(&d, SHELF_W_PROP_DUPLICATE, SHELF_WARNING, 3, 2);
	STR_EQ(val(o, "custom"), "1", "unknown names are compared without case");
	INT_EQ(count(&d, SHELF_W_PROP_DUPLICATE), 2, "two duplicates");
	STR_EQ(val(o, "hidden"), "", "name without '='");
	AT(&d, SHELF_W_PROP_MALFORMED, SHELF_WARNING, 5, 2);
	STR_EQ(val(o, "empty"), "", "'=' without a value");
	STR_EQ(val(o, "bare"), "word", "unquoted value");
	INT_EQ(count(&d, SHELF_W_PROP_MALFORMED), 3, "three malformed");
	INT_EQ(json_object_size(o), 5, "five attributes");
	json_decref(o);
	shelf_diags_free(&d);
}

static void
test_unterminated(void)
{
	const char *s = "<properties\n\tarticleId=\"a\"\n\tselfHelpType=\"b\"\n\n"
	                "# Body\nSome text<br/> and more\n";
	shelf_diags d = SHELF_DIAGS_INIT;
	size_t end;
	json_t *o = lex(s, &d, &end);

	STR_EQ(val(o, "articleId"), "a", "what was lexed is kept");
	STR_EQ(val(o, "selfHelpType"), "b", "both");
	AT(&d, SHELF_E_PROP_UNTERMINATED, SHELF_ERROR, 1, 1);
	INT_EQ(end, strstr(s, "\n\n# Body") - s + 1, "ends at the blank line");
	INT_EQ(d.n, 1, "nothing from the body");
	json_decref(o);
	shelf_diags_free(&d);

	/* a blank line inside the run, then more attributes: not the end */
	s = "<properties\n\ta=\"1\"\n\n\tb=\"2\"\n/>";
	o = lex(s, &d, &end);
	STR_EQ(val(o, "b"), "2", "blank line between attributes");
	INT_EQ(d.n, 0, "no diagnostics");
	json_decref(o);

	/* a Markdown quote after the blank line is body, not a '>' close */
	s = "<properties\n\ta=\"1\"\n\n> quoted\n";
	o = lex(s, &d, &end);
	OK(find(&d, SHELF_E_PROP_UNTERMINATED) != NULL, "'>' line after a blank line");
	INT_EQ(end, strstr(s, "\n\n>") - s + 1, "ends at the blank line");
	json_decref(o);
	shelf_diags_free(&d);

	s = "<properties a=\"1\"";
	o = lex(s, &d, &end);
	STR_EQ(val(o, "a"), "1", "at EOF");
	INT_EQ(end, strlen(s), "to the end of the text");
	OK(find(&d, SHELF_E_PROP_UNTERMINATED) != NULL, "unterminated at EOF");
	json_decref(o);
	shelf_diags_free(&d);

	s = "<properties";
	o = lex(s, &d, &end);
	OK(o != NULL && json_object_size(o) == 0, "bare '<properties'");
	INT_EQ(end, 11, "end");
	json_decref(o);
	shelf_diags_free(&d);
}

static void
test_odd_blanks(void)
{
	/* U+00A0 indentation, U+00A0 inside a value, U+200B after a value */
	const char *s = "<properties\n"
	                "\xC2\xA0\xC2\xA0pageTitle=\"No\xC2\xA0" "break\"\n"
	                "\tresourceTags=\"\"\xE2\x80\x8B\n"
	                "/>";
	shelf_diags d = SHELF_DIAGS_INIT;
	size_t end;
	json_t *o = lex(s, &d, &end);

	STR_EQ(val(o, "pageTitle"), "No\xC2\xA0" "break", "U+00A0 inside a value is kept");
	STR_EQ(val(o, "resourceTags"), "", "value before U+200B");
	INT_EQ(count(&d, SHELF_W_PROP_ODD_BLANK), 3, "one warning per odd blank");
	INT_EQ(d.n, 3, "nothing else");
	if (d.n == 3) {
		INT_EQ(d.v[0].line, 2, "first nbsp line");
		INT_EQ(d.v[0].col, 1, "first nbsp column");
		INT_EQ(d.v[1].col, 3, "second nbsp: byte column");
		INT_EQ(d.v[2].line, 3, "zwsp line");
		INT_EQ(d.v[2].col, 17, "zwsp column");
		INT_EQ(d.v[2].severity, SHELF_WARNING, "a warning");
	}
	json_decref(o);
	shelf_diags_free(&d);
}

static void
test_lines_from_offset(void)
{
	/* the block starts at line 3, after a heading and a blank line */
	const char *s = "# Title\n\n<properties\n  a=\"x\"\"\n/>\n";
	shelf_diags d = SHELF_DIAGS_INIT;
	size_t end, start = strstr(s, "<prop") - s;
	json_t *o = shelf_properties_parse(s, strlen(s), start, 3, &end, &d, "p.md");

	STR_EQ(val(o, "a"), "x", "value");
	AT(&d, SHELF_W_PROP_DOUBLED_QUOTE, SHELF_WARNING, 4, 8);
	STR_EQ(d.n ? d.v[0].file : NULL, "p.md", "file name");
	json_decref(o);
	shelf_diags_free(&d);
}

static void
test_odd_input(void)
{
	const char *s = "<properties a=\"\xFF\xFE ok\" b=\"x\">\nbody";
	shelf_diags d = SHELF_DIAGS_INIT;
	size_t end;
	json_t *o = lex(s, &d, &end);

	STR_EQ(val(o, "a"), "\xEF\xBF\xBD\xEF\xBF\xBD ok", "invalid UTF-8 replaced");
	STR_EQ(val(o, "b"), "x", "closed by '>'");
	OK(find(&d, SHELF_W_PROP_MALFORMED) != NULL, "'>' is a warning");
	INT_EQ(s[end], '\n', "ends after '>'");
	json_decref(o);
	shelf_diags_free(&d);

	s = "<properties\n  # stray \"quoted words\" here\n  a=\"1\"\n/>";
	o = lex(s, &d, &end);
	STR_EQ(val(o, "a"), "1", "after junk");
	OK(find(&d, SHELF_W_PROP_MALFORMED) != NULL, "junk is reported");
	OK(json_object_get(o, "quoted") == NULL, "quoted junk is skipped whole");
	json_decref(o);
	shelf_diags_free(&d);
}

static void
test_limits(void)
{
	shelf_buf b = SHELF_BUF_INIT;
	shelf_diags d = SHELF_DIAGS_INIT;
	size_t end;
	json_t *o;
	int i;

	shelf_buf_puts(&b, "<properties\n");
	for (i = 0; i < SHELF_MAX_PROP_ATTRS + 50; i++)
		shelf_buf_printf(&b, "  attr%d=\"%d\"\n", i, i);
	shelf_buf_puts(&b, "/>\n");
	o = shelf_properties_parse(b.ptr, b.len, 0, 1, &end, &d, "p.md");
	INT_EQ(json_object_size(o), SHELF_MAX_PROP_ATTRS, "attributes are capped");
	INT_EQ(count(&d, SHELF_E_PROP_LIMIT), 1, "one limit error");
	AT(&d, SHELF_E_PROP_LIMIT, SHELF_ERROR, SHELF_MAX_PROP_ATTRS + 2, 3);
	INT_EQ(end, b.len - 1, "the block still ends at '/>'");
	json_decref(o);
	shelf_diags_free(&d);

	/* a value over the limit is cut at a character boundary */
	shelf_buf_clear(&b);
	shelf_buf_puts(&b, "<properties description=\"x");
	for (i = 0; i < (int)SHELF_MAX_PROP_VALUE / 2; i++)
		shelf_buf_puts(&b, "\xC3\xA9");
	shelf_buf_puts(&b, "\" />");
	o = shelf_properties_parse(b.ptr, b.len, 0, 1, &end, &d, "p.md");
	INT_EQ(json_string_length(json_object_get(o, "description")),
	       SHELF_MAX_PROP_VALUE - 1, "cut to the limit, less half a character");
	INT_EQ(count(&d, SHELF_E_PROP_LIMIT), 1, "limit error");
	json_decref(o);
	shelf_diags_free(&d);

	/* a block larger than the block limit without '/>' */
	shelf_buf_clear(&b);
	b.max = 4 * SHELF_MAX_PROP_BLOCK;
	shelf_buf_puts(&b, "<properties\n");
	for (i = 0; b.len < 2 * SHELF_MAX_PROP_BLOCK; i++)
		shelf_buf_printf(&b, " a%d=\"v\"\n", i);
	o = shelf_properties_parse(b.ptr, b.len, 0, 1, &end, &d, "p.md");
	OK(o != NULL && end <= SHELF_MAX_PROP_BLOCK, "stops at the block limit");
	OK(find(&d, SHELF_E_PROP_UNTERMINATED) != NULL, "unterminated");
	OK(find(&d, SHELF_E_PROP_LIMIT) != NULL, "limit");
	json_decref(o);
	shelf_diags_free(&d);
	shelf_buf_free(&b);
}

/* Many faults in a block as large as allowed must stay linear. */
static void
test_many_faults_fast(void)
{
	shelf_buf b = SHELF_BUF_INIT;
	shelf_diags d = SHELF_DIAGS_INIT;
	size_t end;
	clock_t t0;
	json_t *o;

	b.max = 2 * SHELF_MAX_PROP_BLOCK;
	shelf_buf_puts(&b, "<properties");
	while (b.len < SHELF_MAX_PROP_BLOCK - 100)
		shelf_buf_puts(&b, " a\xC2\xA0=\"x\"\", b\n");
	shelf_buf_puts(&b, "/>");
	t0 = clock();
	o = shelf_properties_parse(b.ptr, b.len, 0, 1, &end, &d, "p.md");
	OK(o != NULL && json_object_size(o) == 2, "two attributes");
	INT_EQ(end, b.len, "closed");
	OK(seconds_since(t0) < 2.0 * slack(), "fast");
	json_decref(o);
	shelf_diags_free(&d);
	shelf_buf_free(&b);
}

int
main(void)
{
	RUN(test_plain_block);
	RUN(test_case_insensitive_names);
	RUN(test_quotes_and_raw_text);
	RUN(test_multiline_values);
	RUN(test_missing_close_quote);
	RUN(test_doubled_quote_and_comma);
	RUN(test_junk_after_end);
	RUN(test_duplicate_and_malformed);
	RUN(test_unterminated);
	RUN(test_odd_blanks);
	RUN(test_lines_from_offset);
	RUN(test_odd_input);
	RUN(test_limits);
	RUN(test_many_faults_fast);
	return harness_done();
}
