/*
 * test_template.c - the template engine against the Mustache spec v1.3
 * (interpolation, sections, inverted, partials, comments; cases named as
 * in github.com/mustache/spec), plus shelf's own rules: errors with
 * line:col, limits, escaping, and renders that leave the set unchanged.
 */
#include "harness.h"
#include "template.h"

#include <stdlib.h>
#include <string.h>

/* Renders `src` as template "t" against the JSON text `data`, with the
 * partials of the JSON object `partials` (name -> source; may be NULL).
 * Returns the malloc'd output, or "ERROR: message" / "COMPILE: message". */
static char *
render_with(const char *src, const char *data, const char *partials)
{
	shelf_tmpl *t = shelf_tmpl_new();
	shelf_buf out = SHELF_BUF_INIT;
	json_t *d = json_loads(data, JSON_DECODE_ANY, NULL);
	json_t *p = partials ? json_loads(partials, 0, NULL) : NULL;
	char *err = NULL, *res = NULL;
	const char *key;
	json_t *v;

	if (t == NULL || d == NULL || (partials && p == NULL)) {
		res = strdup("BAD TEST INPUT");
		goto done;
	}
	json_object_foreach(p, key, v) {
		if (shelf_tmpl_add(t, key, json_string_value(v),
		                   json_string_length(v), &err) != 0)
			goto fail;
	}
	if (shelf_tmpl_add(t, "t", src, strlen(src), &err) != 0)
		goto fail;
	if (shelf_tmpl_render(t, "t", d, &out, &err) != 0)
		goto fail;
	res = shelf_buf_detach(&out);
	goto done;
fail:
	res = malloc(strlen(err ? err : "(null)") + 8);
	sprintf(res, "ERROR: %s", err ? err : "(null)");
done:
	free(err);
	shelf_buf_free(&out);
	json_decref(d);
	json_decref(p);
	shelf_tmpl_free(t);
	return res;
}

/* One spec case: label, template, data, partials, expected output. */
#define SPEC(label, src, data, partials, want) do { \
	char *got_ = render_with(src, data, partials); \
	STR_EQ(got_, want, "%s", label); \
	free(got_); \
} while (0)

#define T(label, src, data, want) SPEC(label, src, data, NULL, want)

static void
test_interpolation(void)
{
	T("No Interpolation", "Hello from {Mustache}!\n", "{}", "Hello from {Mustache}!\n");
	T("Basic Interpolation", "Hello, {{subject}}!\n", "{\"subject\":\"world\"}",
	  "Hello, world!\n");
	T("No Re-interpolation", "{{template}}: {{planet}}",
	  "{\"template\":\"{{planet}}\",\"planet\":\"Earth\"}", "{{planet}}: Earth");
	T("HTML Escaping", "These characters should be HTML escaped: {{forbidden}}\n",
	  "{\"forbidden\":\"& \\\" < >\"}",
	  "These characters should be HTML escaped: &amp; &quot; &lt; &gt;\n");
	T("Triple Mustache", "These characters should not be HTML escaped: {{{forbidden}}}\n",
	  "{\"forbidden\":\"& \\\" < >\"}",
	  "These characters should not be HTML escaped: & \" < >\n");
	T("Ampersand", "These characters should not be HTML escaped: {{&forbidden}}\n",
	  "{\"forbidden\":\"& \\\" < >\"}",
	  "These characters should not be HTML escaped: & \" < >\n");
	T("Basic Integer Interpolation", "\"{{mph}} miles an hour!\"", "{\"mph\":85}",
	  "\"85 miles an hour!\"");
	T("Triple Mustache Integer Interpolation", "\"{{{mph}}} miles an hour!\"",
	  "{\"mph\":85}", "\"85 miles an hour!\"");
	T("Ampersand Integer Interpolation", "\"{{&mph}} miles an hour!\"",
	  "{\"mph\":85}", "\"85 miles an hour!\"");
	T("Basic Decimal Interpolation", "\"{{power}} jiggawatts!\"",
	  "{\"power\":1.210}", "\"1.21 jiggawatts!\"");
	T("Triple Mustache Decimal Interpolation", "\"{{{power}}} jiggawatts!\"",
	  "{\"power\":1.210}", "\"1.21 jiggawatts!\"");
	T("Ampersand Decimal Interpolation", "\"{{&power}} jiggawatts!\"",
	  "{\"power\":1.210}", "\"1.21 jiggawatts!\"");
	T("Basic Null Interpolation", "I ({{cannot}}) be seen!", "{\"cannot\":null}",
	  "I () be seen!");
	T("Triple Mustache Null Interpolation", "I ({{{cannot}}}) be seen!",
	  "{\"cannot\":null}", "I () be seen!");
	T("Ampersand Null Interpolation", "I ({{&cannot}}) be seen!",
	  "{\"cannot\":null}", "I () be seen!");
	T("Basic Context Miss Interpolation", "I ({{cannot}}) be seen!", "{}",
	  "I () be seen!");
	T("Triple Mustache Context Miss Interpolation", "I ({{{cannot}}}) be seen!",
	  "{}", "I () be seen!");
	T("Ampersand Context Miss Interpolation", "I ({{&cannot}}) be seen!", "{}",
	  "I () be seen!");
}

static void
test_interpolation_dotted(void)
{
	const char *joe = "{\"person\":{\"name\":\"Joe\"}}";

	T("Dotted Names - Basic Interpolation",
	  "\"{{person.name}}\" == \"{{#person}}{{name}}{{/person}}\"", joe,
	  "\"Joe\" == \"Joe\"");
	T("Dotted Names - Triple Mustache Interpolation",
	  "\"{{{person.name}}}\" == \"{{#person}}{{{name}}}{{/person}}\"", joe,
	  "\"Joe\" == \"Joe\"");
	T("Dotted Names - Ampersand Interpolation",
	  "\"{{&person.name}}\" == \"{{#person}}{{&name}}{{/person}}\"", joe,
	  "\"Joe\" == \"Joe\"");
	T("Dotted Names - Arbitrary Depth", "\"{{a.b.c.d.e.name}}\" == \"Phil\"",
	  "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"name\":\"Phil\"}}}}}}",
	  "\"Phil\" == \"Phil\"");
	T("Dotted Names - Broken Chains", "\"{{a.b.c}}\" == \"\"", "{\"a\":{}}",
	  "\"\" == \"\"");
	T("Dotted Names - Broken Chain Resolution", "\"{{a.b.c.name}}\" == \"\"",
	  "{\"a\":{\"b\":{}},\"c\":{\"name\":\"Jim\"}}", "\"\" == \"\"");
	T("Dotted Names - Initial Resolution",
	  "\"{{#a}}{{b.c.d.e.name}}{{/a}}\" == \"Phil\"",
	  "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"name\":\"Phil\"}}}}},"
	  "\"b\":{\"c\":{\"d\":{\"e\":{\"name\":\"Wrong\"}}}}}",
	  "\"Phil\" == \"Phil\"");
	T("Dotted Names - Context Precedence", "{{#a}}{{b.c}}{{/a}}",
	  "{\"a\":{\"b\":{}},\"b\":{\"c\":\"ERROR\"}}", "");
	T("Dotted Names are never single keys", "{{a.b}}", "{\"a.b\":\"c\"}", "");
	T("Dotted Names - No Masking", "{{a.b}}", "{\"a.b\":\"c\",\"a\":{\"b\":\"d\"}}", "d");
	T("Implicit Iterators - Basic Interpolation", "Hello, {{.}}!\n", "\"world\"",
	  "Hello, world!\n");
	T("Implicit Iterators - HTML Escaping",
	  "These characters should be HTML escaped: {{.}}\n", "\"& \\\" < >\"",
	  "These characters should be HTML escaped: &amp; &quot; &lt; &gt;\n");
	T("Implicit Iterators - Triple Mustache",
	  "These characters should not be HTML escaped: {{{.}}}\n", "\"& \\\" < >\"",
	  "These characters should not be HTML escaped: & \" < >\n");
	T("Implicit Iterators - Ampersand",
	  "These characters should not be HTML escaped: {{&.}}\n", "\"& \\\" < >\"",
	  "These characters should not be HTML escaped: & \" < >\n");
	T("Implicit Iterators - Basic Integer Interpolation",
	  "\"{{.}} miles an hour!\"", "85", "\"85 miles an hour!\"");
}

static void
test_interpolation_whitespace(void)
{
	const char *s = "{\"string\":\"---\"}";

	T("Interpolation - Surrounding Whitespace", "| {{string}} |", s, "| --- |");
	T("Triple Mustache - Surrounding Whitespace", "| {{{string}}} |", s, "| --- |");
	T("Ampersand - Surrounding Whitespace", "| {{&string}} |", s, "| --- |");
	T("Interpolation - Standalone", "  {{string}}\n", s, "  ---\n");
	T("Triple Mustache - Standalone", "  {{{string}}}\n", s, "  ---\n");
	T("Ampersand - Standalone", "  {{&string}}\n", s, "  ---\n");
	T("Interpolation With Padding", "|{{ string }}|", s, "|---|");
	T("Triple Mustache With Padding", "|{{{ string }}}|", s, "|---|");
	T("Ampersand With Padding", "|{{& string }}|", s, "|---|");
}

static void
test_sections(void)
{
	const char *t = "{\"boolean\":true}";

	T("Truthy", "\"{{#boolean}}This should be rendered.{{/boolean}}\"", t,
	  "\"This should be rendered.\"");
	T("Falsey", "\"{{#boolean}}This should not be rendered.{{/boolean}}\"",
	  "{\"boolean\":false}", "\"\"");
	T("Null is falsey", "\"{{#null}}This should not be rendered.{{/null}}\"",
	  "{\"null\":null}", "\"\"");
	T("Context", "\"{{#context}}Hi {{name}}.{{/context}}\"",
	  "{\"context\":{\"name\":\"Joe\"}}", "\"Hi Joe.\"");
	T("Parent contexts", "\"{{#sec}}{{a}}, {{b}}, {{c.d}}{{/sec}}\"",
	  "{\"a\":\"foo\",\"b\":\"wrong\",\"sec\":{\"b\":\"bar\"},\"c\":{\"d\":\"baz\"}}",
	  "\"foo, bar, baz\"");
	T("Variable test", "\"{{#foo}}{{.}} is {{foo}}{{/foo}}\"", "{\"foo\":\"bar\"}",
	  "\"bar is bar\"");
	T("List Contexts",
	  "{{#tops}}{{#middles}}{{tname.lower}}{{mname}}.{{#bottoms}}{{tname.upper}}"
	  "{{mname}}{{bname}}.{{/bottoms}}{{/middles}}{{/tops}}",
	  "{\"tops\":[{\"tname\":{\"upper\":\"A\",\"lower\":\"a\"},\"middles\":"
	  "[{\"mname\":\"1\",\"bottoms\":[{\"bname\":\"x\"},{\"bname\":\"y\"}]}]}]}",
	  "a1.A1x.A1y.");
	T("Deeply Nested Contexts",
	  "{{#a}}\n{{one}}\n{{#b}}\n{{one}}{{two}}{{one}}\n{{#c}}\n"
	  "{{one}}{{two}}{{three}}{{two}}{{one}}\n{{#d}}\n"
	  "{{one}}{{two}}{{three}}{{four}}{{three}}{{two}}{{one}}\n{{#five}}\n"
	  "{{one}}{{two}}{{three}}{{four}}{{five}}{{four}}{{three}}{{two}}{{one}}\n"
	  "{{one}}{{two}}{{three}}{{four}}{{.}}6{{.}}{{four}}{{three}}{{two}}{{one}}\n"
	  "{{one}}{{two}}{{three}}{{four}}{{five}}{{four}}{{three}}{{two}}{{one}}\n"
	  "{{/five}}\n{{one}}{{two}}{{three}}{{four}}{{three}}{{two}}{{one}}\n{{/d}}\n"
	  "{{one}}{{two}}{{three}}{{two}}{{one}}\n{{/c}}\n{{one}}{{two}}{{one}}\n{{/b}}\n"
	  "{{one}}\n{{/a}}\n",
	  "{\"a\":{\"one\":1},\"b\":{\"two\":2},\"c\":{\"three\":3,\"d\":{\"four\":4,\"five\":5}}}",
	  "1\n121\n12321\n1234321\n123454321\n12345654321\n123454321\n1234321\n12321\n121\n1\n");
	T("List", "\"{{#list}}{{item}}{{/list}}\"",
	  "{\"list\":[{\"item\":1},{\"item\":2},{\"item\":3}]}", "\"123\"");
	T("Empty List", "\"{{#list}}Yay lists!{{/list}}\"", "{\"list\":[]}", "\"\"");
	T("Doubled", "{{#bool}}\n* first\n{{/bool}}\n* {{two}}\n{{#bool}}\n* third\n{{/bool}}\n",
	  "{\"bool\":true,\"two\":\"second\"}", "* first\n* second\n* third\n");
	T("Nested (Truthy)", "| A {{#bool}}B {{#bool}}C{{/bool}} D{{/bool}} E |",
	  "{\"bool\":true}", "| A B C D E |");
	T("Nested (Falsey)", "| A {{#bool}}B {{#bool}}C{{/bool}} D{{/bool}} E |",
	  "{\"bool\":false}", "| A  E |");
	T("Context Misses", "[{{#missing}}Found key 'missing'!{{/missing}}]", "{}", "[]");
	T("Strings Not Lists", "\"{{#section}}foo{{/section}}\"", "{\"section\":\"123\"}",
	  "\"foo\"");
}

static void
test_sections_iterators(void)
{
	const char *esc = "{\"list\":[\"&\",\"\\\"\",\"<\",\">\"]}";

	T("Implicit Iterator - String", "\"{{#list}}({{.}}){{/list}}\"",
	  "{\"list\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}", "\"(a)(b)(c)(d)(e)\"");
	T("Implicit Iterator - Integer", "\"{{#list}}({{.}}){{/list}}\"",
	  "{\"list\":[1,2,3,4,5]}", "\"(1)(2)(3)(4)(5)\"");
	T("Implicit Iterator - Decimal", "\"{{#list}}({{.}}){{/list}}\"",
	  "{\"list\":[1.10,2.20,3.30,4.40,5.50]}", "\"(1.1)(2.2)(3.3)(4.4)(5.5)\"");
	T("Implicit Iterator - Array", "\"{{#list}}({{#.}}{{.}}{{/.}}){{/list}}\"",
	  "{\"list\":[[1,2,3],[\"a\",\"b\",\"c\"]]}", "\"(123)(abc)\"");
	T("Implicit Iterator - HTML Escaping", "\"{{#list}}({{.}}){{/list}}\"", esc,
	  "\"(&amp;)(&quot;)(&lt;)(&gt;)\"");
	T("Implicit Iterator - Triple mustache", "\"{{#list}}({{{.}}}){{/list}}\"", esc,
	  "\"(&)(\")(<)(>)\"");
	T("Implicit Iterator - Ampersand", "\"{{#list}}({{&.}}){{/list}}\"", esc,
	  "\"(&)(\")(<)(>)\"");
	T("Implicit Iterator - Root-level", "\"{{#.}}({{value}}){{/.}}\"",
	  "[{\"value\":\"a\"},{\"value\":\"b\"}]", "\"(a)(b)\"");
	T("Dotted Names - Truthy", "\"{{#a.b.c}}Here{{/a.b.c}}\" == \"Here\"",
	  "{\"a\":{\"b\":{\"c\":true}}}", "\"Here\" == \"Here\"");
	T("Dotted Names - Falsey", "\"{{#a.b.c}}Here{{/a.b.c}}\" == \"\"",
	  "{\"a\":{\"b\":{\"c\":false}}}", "\"\" == \"\"");
	T("Dotted Names - Broken Chains", "\"{{#a.b.c}}Here{{/a.b.c}}\" == \"\"",
	  "{\"a\":{}}", "\"\" == \"\"");
}

static void
test_sections_whitespace(void)
{
	const char *t = "{\"boolean\":true}";

	T("Surrounding Whitespace", " | {{#boolean}}\t|\t{{/boolean}} | \n", t,
	  " | \t|\t | \n");
	T("Internal Whitespace",
	  " | {{#boolean}} {{! Important Whitespace }}\n {{/boolean}} | \n", t,
	  " |  \n  | \n");
	T("Indented Inline Sections", " {{#boolean}}YES{{/boolean}}\n {{#boolean}}GOOD{{/boolean}}\n",
	  t, " YES\n GOOD\n");
	T("Standalone Lines", "| This Is\n{{#boolean}}\n|\n{{/boolean}}\n| A Line\n", t,
	  "| This Is\n|\n| A Line\n");
	T("Indented Standalone Lines", "| This Is\n  {{#boolean}}\n|\n  {{/boolean}}\n| A Line\n",
	  t, "| This Is\n|\n| A Line\n");
	T("Standalone Line Endings", "|\r\n{{#boolean}}\r\n{{/boolean}}\r\n|", t, "|\r\n|");
	T("Standalone Without Previous Line", "  {{#boolean}}\n#{{/boolean}}\n/", t, "#\n/");
	T("Standalone Without Newline", "#{{#boolean}}\n/\n  {{/boolean}}", t, "#\n/\n");
	T("Padding", "|{{# boolean }}={{/ boolean }}|", t, "|=|");
	/* Not in the spec; as its reference implementation does, a line with
	 * two tags is not standalone (mustache.js would strip it). */
	T("a line with two tags is not standalone", "{{#boolean}}{{/boolean}}\nx", t, "\nx");
}

/* The spec leaves truthiness to the host language ("!!data"); shelf
 * follows its reference implementation (Ruby): only false, null, a missing
 * name and [] are falsy, so "" and 0 and {} are truthy. */
static void
test_truthiness(void)
{
	const char *d = "{\"s\":\"\",\"z\":0,\"r\":0.0,\"o\":{},\"f\":false,\"n\":null,\"e\":[]}";

	T("empty string is truthy", "{{#s}}yes{{/s}}{{^s}}no{{/s}}", d, "yes");
	T("zero is truthy", "{{#z}}yes:{{.}}{{/z}}{{^z}}no{{/z}}", d, "yes:0");
	T("0.0 is truthy", "{{#r}}yes:{{.}}{{/r}}", d, "yes:0");
	T("empty object is truthy", "{{#o}}yes{{/o}}{{^o}}no{{/o}}", d, "yes");
	T("false, null, missing, [] are falsy",
	  "{{#f}}F{{/f}}{{#n}}N{{/n}}{{#m}}M{{/m}}{{#e}}E{{/e}}|"
	  "{{^f}}f{{/f}}{{^n}}n{{/n}}{{^m}}m{{/m}}{{^e}}e{{/e}}", d, "|fnme");
	T("a found null hides the same name further down",
	  "{{#o}}[{{a}}]{{/o}}", "{\"a\":\"outer\",\"o\":{\"a\":null}}", "[]");
}

static void
test_inverted(void)
{
	T("Falsey", "\"{{^boolean}}This should be rendered.{{/boolean}}\"",
	  "{\"boolean\":false}", "\"This should be rendered.\"");
	T("Truthy", "\"{{^boolean}}This should not be rendered.{{/boolean}}\"",
	  "{\"boolean\":true}", "\"\"");
	T("Null is falsey", "\"{{^null}}This should be rendered.{{/null}}\"",
	  "{\"null\":null}", "\"This should be rendered.\"");
	T("Context", "\"{{^context}}Hi {{name}}.{{/context}}\"",
	  "{\"context\":{\"name\":\"Joe\"}}", "\"\"");
	T("List", "\"{{^list}}{{n}}{{/list}}\"",
	  "{\"list\":[{\"n\":1},{\"n\":2},{\"n\":3}]}", "\"\"");
	T("Empty List", "\"{{^list}}Yay lists!{{/list}}\"", "{\"list\":[]}",
	  "\"Yay lists!\"");
	T("Doubled", "{{^bool}}\n* first\n{{/bool}}\n* {{two}}\n{{^bool}}\n* third\n{{/bool}}\n",
	  "{\"bool\":false,\"two\":\"second\"}", "* first\n* second\n* third\n");
	T("Nested (Falsey)", "| A {{^bool}}B {{^bool}}C{{/bool}} D{{/bool}} E |",
	  "{\"bool\":false}", "| A B C D E |");
	T("Nested (Truthy)", "| A {{^bool}}B {{^bool}}C{{/bool}} D{{/bool}} E |",
	  "{\"bool\":true}", "| A  E |");
	T("Context Misses", "[{{^missing}}Found key 'missing'!{{/missing}}]", "{}",
	  "[Found key 'missing'!]");
	T("Dotted Names - Truthy", "\"{{^a.b.c}}Not Here{{/a.b.c}}\" == \"\"",
	  "{\"a\":{\"b\":{\"c\":true}}}", "\"\" == \"\"");
	T("Dotted Names - Falsey", "\"{{^a.b.c}}Not Here{{/a.b.c}}\" == \"Not Here\"",
	  "{\"a\":{\"b\":{\"c\":false}}}", "\"Not Here\" == \"Not Here\"");
	T("Dotted Names - Broken Chains", "\"{{^a.b.c}}Not Here{{/a.b.c}}\" == \"Not Here\"",
	  "{\"a\":{}}", "\"Not Here\" == \"Not Here\"");
}

static void
test_inverted_whitespace(void)
{
	const char *f = "{\"boolean\":false}";

	T("Surrounding Whitespace", " | {{^boolean}}\t|\t{{/boolean}} | \n", f,
	  " | \t|\t | \n");
	T("Internal Whitespace",
	  " | {{^boolean}} {{! Important Whitespace }}\n {{/boolean}} | \n", f,
	  " |  \n  | \n");
	T("Indented Inline Sections", " {{^boolean}}NO{{/boolean}}\n {{^boolean}}WAY{{/boolean}}\n",
	  f, " NO\n WAY\n");
	T("Standalone Lines", "| This Is\n{{^boolean}}\n|\n{{/boolean}}\n| A Line\n", f,
	  "| This Is\n|\n| A Line\n");
	T("Standalone Indented Lines", "| This Is\n  {{^boolean}}\n|\n  {{/boolean}}\n| A Line\n",
	  f, "| This Is\n|\n| A Line\n");
	T("Standalone Line Endings", "|\r\n{{^boolean}}\r\n{{/boolean}}\r\n|", f, "|\r\n|");
	T("Standalone Without Previous Line", "  {{^boolean}}\n^{{/boolean}}\n/", f, "^\n/");
	T("Standalone Without Newline", "^{{^boolean}}\n/\n  {{/boolean}}", f, "^\n/\n");
	T("Padding", "|{{^ boolean }}={{/ boolean }}|", f, "|=|");
}

static void
test_comments(void)
{
	T("Inline", "12345{{! Comment Block! }}67890", "{}", "1234567890");
	T("Multiline", "12345{{!\n  This is a\n  multi-line comment...\n}}67890\n", "{}",
	  "1234567890\n");
	T("Standalone", "Begin.\n{{! Comment Block! }}\nEnd.\n", "{}", "Begin.\nEnd.\n");
	T("Indented Standalone", "Begin.\n  {{! Indented Comment Block! }}\nEnd.\n", "{}",
	  "Begin.\nEnd.\n");
	T("Standalone Line Endings", "|\r\n{{! Standalone Comment }}\r\n|", "{}", "|\r\n|");
	T("Standalone Without Previous Line", "  {{! I'm Still Standalone }}\n!", "{}", "!");
	T("Standalone Without Newline", "!\n  {{! I'm Still Standalone }}", "{}", "!\n");
	T("Multiline Standalone", "Begin.\n{{!\nSomething's going on here...\n}}\nEnd.\n",
	  "{}", "Begin.\nEnd.\n");
	T("Indented Multiline Standalone",
	  "Begin.\n  {{!\n    Something's going on here...\n  }}\nEnd.\n", "{}",
	  "Begin.\nEnd.\n");
	T("Indented Inline", "  12 {{! 34 }}\n", "{}", "  12 \n");
	T("Surrounding Whitespace", "12345 {{! Comment Block! }} 67890", "{}",
	  "12345  67890");
	T("Variable Name Collision", "comments never show: >{{! comment }}<",
	  "{\"! comment\":1,\"! comment \":2,\"!comment\":3,\"comment\":4}",
	  "comments never show: ><");
}

static void
test_partials(void)
{
	SPEC("Basic Behavior", "\"{{>text}}\"", "{}", "{\"text\":\"from partial\"}",
	     "\"from partial\"");
	SPEC("Context", "\"{{>partial}}\"", "{\"text\":\"content\"}",
	     "{\"partial\":\"*{{text}}*\"}", "\"*content*\"");
	SPEC("Recursion", "{{>node}}",
	     "{\"content\":\"X\",\"nodes\":[{\"content\":\"Y\",\"nodes\":[]}]}",
	     "{\"node\":\"{{content}}<{{#nodes}}{{>node}}{{/nodes}}>\"}", "X<Y<>>");
	SPEC("Nested", "{{>outer}}", "{\"a\":\"hello\",\"b\":\"world\"}",
	     "{\"outer\":\"*{{a}} {{>inner}}*\",\"inner\":\"{{b}}!\"}", "*hello world!*");
	SPEC("Surrounding Whitespace", "| {{>partial}} |", "{}",
	     "{\"partial\":\"\\t|\\t\"}", "| \t|\t |");
	SPEC("Inline Indentation", "  {{data}}  {{> partial}}\n", "{\"data\":\"|\"}",
	     "{\"partial\":\">\\n>\"}", "  |  >\n>\n");
	SPEC("Standalone Line Endings", "|\r\n{{>partial}}\r\n|", "{}",
	     "{\"partial\":\">\"}", "|\r\n>|");
	SPEC("Standalone Without Previous Line", "  {{>partial}}\n>", "{}",
	     "{\"partial\":\">\\n>\"}", "  >\n  >>");
	SPEC("Standalone Without Newline", ">\n  {{>partial}}", "{}",
	     "{\"partial\":\">\\n>\"}", ">\n  >\n  >");
	SPEC("Standalone Indentation", "\\\n {{>partial}}\n/\n", "{\"content\":\"<\\n->\"}",
	     "{\"partial\":\"|\\n{{{content}}}a b{{{content}}}c\\n|\\n\"}",
	     "\\\n |\n <\n->a b<\n->c\n |\n/\n");
	SPEC("Padding Whitespace", "|{{> partial }}|", "{\"boolean\":true}",
	     "{\"partial\":\"[]\"}", "|[]|");
	/* Deliberate difference: the spec's "Failed Lookup" renders "". */
	SPEC("Failed Lookup is an error in shelf", "\"{{>text}}\"", "{}", "{}",
	     "ERROR: t:1:2: unknown partial 'text'");
	SPEC("a missing partial in a skipped section is no error",
	     "[{{#no}}{{>text}}{{/no}}]", "{}", "{}", "[]");
}

/* The spec's rule ("prepend the indentation to each line of the partial
 * before rendering") applied through nesting. */
static void
test_partial_indentation(void)
{
	SPEC("indentation adds up through nested standalone partials",
	     "  {{>a}}\n", "{}", "{\"a\":\"x\\n  {{>b}}\\ny\\n\",\"b\":\"1\\n2\\n\"}",
	     "  x\n    1\n    2\n  y\n");
	SPEC("an inline partial inside an indented one is not indented",
	     "  {{>a}}\n", "{}", "{\"a\":\"x {{>b}}\\n\",\"b\":\"1\\n2\"}", "  x 1\n2\n");
	SPEC("standalone lines inside an indented partial vanish",
	     "  {{>a}}\n", "{\"t\":true}",
	     "{\"a\":\"{{#t}}\\nin\\n{{/t}}\\n{{! c }}\\nout\\n\"}", "  in\n  out\n");
	SPEC("a line starting with an inline close keeps its indentation (true)",
	     "  {{>a}}\n", "{\"t\":true}", "{\"a\":\"{{#t}}q\\n{{/t}}!\"}", "  q\n  !");
	SPEC("a line starting with an inline close keeps its indentation (false)",
	     "  {{>a}}\n", "{\"t\":false}", "{\"a\":\"{{#t}}q\\n{{/t}}!\"}", "  !");
	SPEC("indentation repeats per list item",
	     "<ul>\n  {{>li}}\n</ul>\n", "{\"l\":[1,2]}",
	     "{\"li\":\"{{#l}}\\n<li>{{.}}</li>\\n{{/l}}\\n\"}",
	     "<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>\n");
	SPEC("tab indentation and blank lines", "\t{{>p}}\r\nz", "{}",
	     "{\"p\":\"a\\n\\nb\\n\"}", "\ta\n\t\n\tb\nz");
}

static void
test_values_and_escaping(void)
{
	T("every special character is escaped", "{{s}}", "{\"s\":\"&<>\\\"'\"}",
	  "&amp;&lt;&gt;&quot;&#39;");
	T("escaping in attribute position", "<a title=\"{{s}}\" data-x='{{s}}'>",
	  "{\"s\":\"a\\\"b'c\"}", "<a title=\"a&quot;b&#39;c\" data-x='a&quot;b&#39;c'>");
	T("raw keeps every character", "{{{s}}}|{{& s}}", "{\"s\":\"&<>\\\"'\"}",
	  "&<>\"'|&<>\"'");
	T("other characters pass through", "{{s}}", "{\"s\":\"caf\\u00e9 / = ` \\u2603 ;\"}",
	  "caf\xc3\xa9 / = ` \xe2\x98\x83 ;");
	T("an entity in data is escaped again", "{{s}}", "{\"s\":\"&amp;\"}", "&amp;amp;");
	T("integers", "{{a}} {{b}} {{c}}", "{\"a\":0,\"b\":-5,\"c\":9007199254740993}",
	  "0 -5 9007199254740993");
	T("reals, shortest round-trip text", "{{a}} {{b}} {{c}} {{d}} {{e}} {{f}}",
	  "{\"a\":1.5,\"b\":0.1,\"c\":100.0,\"d\":-2.5e-7,\"e\":1e300,\"f\":0.30000000000000004}",
	  "1.5 0.1 100 -2.5e-07 1e+300 0.30000000000000004");
	T("booleans and null", "[{{t}}|{{f}}|{{n}}]", "{\"t\":true,\"f\":false,\"n\":null}",
	  "[true||]");
	T("arrays and objects interpolate as nothing", "[{{a}}|{{o}}]",
	  "{\"a\":[1],\"o\":{\"k\":1}}", "[|]");
	T("dotted name through a non-object", "[{{a.b}}|{{l.0}}]",
	  "{\"a\":\"str\",\"l\":[\"x\"]}", "[|]");
	T("null root", "[{{a}}{{.}}]", "null", "[]");
}

/* Compiles `src` as "t" and returns the error (malloc'd) or "OK". */
static char *
compile_error(const char *src)
{
	shelf_tmpl *t = shelf_tmpl_new();
	char *err = NULL;

	if (shelf_tmpl_add(t, "t", src, strlen(src), &err) == 0)
		err = strdup("OK");
	shelf_tmpl_free(t);
	return err;
}

#define SYNTAX(src, want) do { \
	char *e_ = compile_error(src); \
	STR_EQ(e_, want, "compile %s", #src); \
	free(e_); \
} while (0)

static void
test_syntax_errors(void)
{
	SYNTAX("a\n  {{name", "t:2:3: unclosed tag: no '}}' follows");
	SYNTAX("{{{raw}}", "t:1:1: unclosed tag: no '}}}' follows");
	SYNTAX("x\n\n  {{! never closed\n", "t:3:3: unclosed tag: no '}}' follows");
	SYNTAX("ab{{}}", "t:1:3: empty tag name");
	SYNTAX("{{  }}", "t:1:1: empty tag name");
	SYNTAX("{{#}}{{/}}", "t:1:1: empty tag name");
	SYNTAX("{{>}}", "t:1:1: empty tag name");
	SYNTAX("{{a b}}", "t:1:1: whitespace in tag name 'a b'");
	SYNTAX("{{a..b}}", "t:1:1: empty part in dotted name 'a..b'");
	SYNTAX("{{.a}}", "t:1:1: empty part in dotted name '.a'");
	SYNTAX("one\n{{#a}}\n  x\n", "t:2:1: unclosed section 'a'");
	SYNTAX("{{#a}}{{#b}}{{/a}}", "t:1:13: '{{/a}}' does not close '{{#b}}' (line 1)");
	SYNTAX("{{^a}}\n\n{{/b}}", "t:3:1: '{{/b}}' does not close '{{^a}}' (line 1)");
	SYNTAX("x {{/a}}", "t:1:3: '{{/a}}' closes no open section");
	SYNTAX("{{=<% %>=}}", "t:1:1: unsupported tag '{{=' (no delimiters, lambdas or inheritance)");
	SYNTAX("{{<parent}}{{/parent}}",
	       "t:1:1: unsupported tag '{{<' (no delimiters, lambdas or inheritance)");
	SYNTAX("{{a\x01}}", "t:1:1: control character in tag name");
	SYNTAX("{{! a comment may hold {{ and anything }}", "OK");
	SYNTAX("{ } }} {x} {{{{a}}}}", "OK");
}

static void
test_limits(void)
{
	shelf_buf src = SHELF_BUF_INIT;
	char *e;
	int i;

	for (i = 0; i < SHELF_MAX_TEMPLATE_DEPTH; i++)
		shelf_buf_puts(&src, "{{#a}}");
	for (i = 0; i < SHELF_MAX_TEMPLATE_DEPTH; i++)
		shelf_buf_puts(&src, "{{/a}}");
	e = compile_error(shelf_buf_cstr(&src));
	STR_EQ(e, "OK", "sections nested %d deep compile", SHELF_MAX_TEMPLATE_DEPTH);
	free(e);
	shelf_buf_clear(&src);
	for (i = 0; i <= SHELF_MAX_TEMPLATE_DEPTH; i++)
		shelf_buf_puts(&src, "{{#a}}");
	e = compile_error(shelf_buf_cstr(&src));
	STR_EQ(e, "t:1:385: sections nested deeper than 64", "one more does not");
	free(e);
	shelf_buf_clear(&src);
	for (i = 0; i <= SHELF_MAX_TEMPLATE_TAGS; i++)
		shelf_buf_puts(&src, "{{a}}");
	e = compile_error(shelf_buf_cstr(&src));
	STR_EQ(e, "t:1:50001: more than 10000 tags", "tag limit");
	free(e);
	shelf_buf_free(&src);
}

static void
test_size_limit(void)
{
	size_t n = SHELF_MAX_TEMPLATE_BYTES + 1;
	char *big = malloc(n), *err = NULL;
	shelf_tmpl *t = shelf_tmpl_new();

	memset(big, 'x', n);
	INT_EQ(shelf_tmpl_add(t, "big", big, n, &err), -1, "source size limit");
	STR_EQ(err, "big: template larger than 262144 bytes", "size message");
	free(err);
	INT_EQ(shelf_tmpl_add(t, "big", big, n - 1, &err), 0, "just under the limit");
	OK(err == NULL, "no error on success");
	free(big);
	shelf_tmpl_free(t);
}

static void
test_recursion(void)
{
	SPEC("a partial including itself stops", "{{>self}}", "{}", "{\"self\":\"x{{>self}}\"}",
	     "ERROR: self:1:2: sections and partials nested deeper than 64 "
	     "(a partial including itself?)");
	SPEC("mutual recursion stops", "{{>a}}", "{}",
	     "{\"a\":\"{{>b}}\",\"b\":\"{{#.}}{{>a}}{{/.}}\"}",
	     "ERROR: a:1:1: sections and partials nested deeper than 64 "
	     "(a partial including itself?)");
	/* 3^40 iterations with empty bodies: no output, so only the step
	 * limit stops it. */
	{
		shelf_buf src = SHELF_BUF_INIT;
		char *got;
		int i;

		for (i = 0; i < 40; i++)
			shelf_buf_puts(&src, "{{#l}}");
		for (i = 0; i < 40; i++)
			shelf_buf_puts(&src, "{{/l}}");
		got = render_with(shelf_buf_cstr(&src), "{\"l\":[1,2,3]}", NULL);
		OK(got && strstr(got, "render took more than 4194304 steps"),
		   "step limit: %s", got);
		free(got);
		shelf_buf_free(&src);
	}
}

static void
test_set_api(void)
{
	shelf_tmpl *t = shelf_tmpl_new();
	shelf_buf out = SHELF_BUF_INIT;
	char *err = NULL;

	OK(t != NULL, "new");
	INT_EQ(shelf_tmpl_add(t, "a", "v1", 2, &err), 0, "add a");
	OK(shelf_tmpl_has(t, "a") && !shelf_tmpl_has(t, "b"), "has");
	INT_EQ(shelf_tmpl_add(t, "a", "{{#x}}", 6, &err), -1, "bad re-add fails");
	free(err);
	err = NULL;
	shelf_tmpl_render(t, "a", NULL, &out, &err);
	STR_EQ(shelf_buf_cstr(&out), "v1", "a failed add leaves the set as it was");
	INT_EQ(shelf_tmpl_add(t, "a", "v2", 2, &err), 0, "re-add");
	shelf_buf_clear(&out);
	shelf_tmpl_render(t, "a", NULL, &out, &err);
	STR_EQ(shelf_buf_cstr(&out), "v2", "a later add replaces");
	INT_EQ(shelf_tmpl_render(t, "nope", NULL, &out, &err), -1, "unknown template");
	STR_EQ(err, "unknown template 'nope'", "unknown template message");
	free(err);
	INT_EQ(shelf_tmpl_add(t, "", "x", 1, &err), -1, "empty name");
	free(err);
	INT_EQ(shelf_tmpl_add(t, "n", NULL, 0, NULL), 0, "NULL err and empty source");
	shelf_buf_free(&out);
	shelf_tmpl_free(t);
	shelf_tmpl_free(NULL);
}

static void
test_render_errors_keep_output(void)
{
	shelf_tmpl *t = shelf_tmpl_new();
	shelf_buf out = SHELF_BUF_INIT;
	char *err = NULL;
	const char *src = "0123456789{{>missing}}";

	shelf_tmpl_add(t, "p", src, strlen(src), NULL);
	shelf_buf_puts(&out, "keep");
	INT_EQ(shelf_tmpl_render(t, "p", NULL, &out, &err), -1, "missing partial");
	STR_EQ(shelf_buf_cstr(&out), "keep", "output cut back after an error");
	free(err);
	err = NULL;
	shelf_tmpl_add(t, "q", "0123456789", 10, NULL);
	out.max = 8;
	INT_EQ(shelf_tmpl_render(t, "q", NULL, &out, &err), -1, "output limit");
	STR_EQ(err, "template output larger than 8 bytes (or out of memory)", "limit message");
	/* a cap is an error (buf.h): the buffer is emptied, never cut short */
	STR_EQ(shelf_buf_cstr(&out), "", "no partial output after the limit");
	INT_EQ(out.failed, SHELF_BUF_TOO_LARGE, "the buffer says why");
	free(err);
	shelf_buf_free(&out);
	shelf_tmpl_free(t);
}

static void
test_nul_bytes(void)
{
	shelf_tmpl *t = shelf_tmpl_new();
	shelf_buf out = SHELF_BUF_INIT;
	json_t *d = json_pack("{s:s#}", "v", "x\0y", (int)3);

	INT_EQ(shelf_tmpl_add(t, "n", "a\0b{{v}}", 8, NULL), 0, "NUL in source");
	INT_EQ(shelf_tmpl_render(t, "n", d, &out, NULL), 0, "render");
	INT_EQ(out.len, 6, "NULs in text and values are kept");
	OK(out.ptr && memcmp(out.ptr, "a\0bx\0y", 6) == 0, "bytes");
	json_decref(d);
	shelf_buf_free(&out);
	shelf_tmpl_free(t);
}

/* The set and the data are only read: two renders give the same bytes and
 * leave the data's reference counts alone (jansson's refcounts are not
 * atomic for readers sharing data across threads). */
static void
test_render_is_pure(void)
{
	const char *page = "{{#items}}<li>{{>item}}</li>\n{{/items}}{{^items}}none{{/items}}";
	shelf_tmpl *t = shelf_tmpl_new();
	shelf_buf a = SHELF_BUF_INIT, b = SHELF_BUF_INIT;
	json_t *d = json_loads("{\"items\":[{\"n\":\"<1>\"},{\"n\":2}],\"x\":{\"y\":1}}", 0, NULL);
	size_t rc_d = d->refcount, rc_items = json_object_get(d, "items")->refcount;

	shelf_tmpl_add(t, "page", page, strlen(page), NULL);
	shelf_tmpl_add(t, "item", "{{n}}{{x.y}}", 12, NULL);
	INT_EQ(shelf_tmpl_render(t, "page", d, &a, NULL), 0, "first render");
	INT_EQ(shelf_tmpl_render(t, "item", d, &b, NULL), 0, "another template between");
	shelf_buf_clear(&b);
	INT_EQ(shelf_tmpl_render(t, "page", d, &b, NULL), 0, "second render");
	STR_EQ(shelf_buf_cstr(&a), "<li>&lt;1&gt;1</li>\n<li>21</li>\n", "output");
	STR_EQ(shelf_buf_cstr(&b), shelf_buf_cstr(&a), "same output twice");
	INT_EQ(d->refcount, rc_d, "data refcount untouched");
	INT_EQ(json_object_get(d, "items")->refcount, rc_items, "member refcount untouched");
	json_decref(d);
	shelf_buf_free(&a);
	shelf_buf_free(&b);
	shelf_tmpl_free(t);
}

/* Reads a shipped template; the tests run from the repository root. */
static int
add_file(shelf_tmpl *t, const char *name)
{
	char path[256], *err = NULL;
	shelf_buf src = SHELF_BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f;
	int rc;

	snprintf(path, sizeof path, "templates/%s.html", name);
	if ((f = fopen(path, "rb")) == NULL) {
		OK(0, "cannot open %s (run the tests from the repository root)", path);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		shelf_buf_put(&src, chunk, n);
	fclose(f);
	rc = shelf_tmpl_add(t, name, shelf_buf_cstr(&src), src.len, &err);
	OK(rc == 0, "%s compiles: %s", path, err ? err : "");
	free(err);
	shelf_buf_free(&src);
	return rc;
}

#define HAS(hay, needle) OK(strstr(hay, needle) != NULL, "page lacks: %s", needle)

static void
test_shipped_templates(void)
{
	shelf_tmpl *t = shelf_tmpl_new();
	shelf_buf out = SHELF_BUF_INIT;
	char *err = NULL;
	const char *o, *p;
	json_t *page = json_loads(
	    "{\"lang\":\"en-us\",\"title\":\"Fix <error> 0x80070005\","
	    "\"description\":\"Says \\\"why\\\" & how\","
	    "\"meta\":[{\"name\":\"ms.date\",\"content\":\"01/02/2024\"},"
	    "{\"name\":\"ms.author\",\"content\":\"a'b\"}],"
	    "\"body\":\"<p>Body &amp; <b>bold</b></p>\",\"css\":\"../shelf.css\","
	    "\"generator\":\"shelf 0.1.0\",\"index_href\":\"index.html\","
	    "\"strings\":{\"home\":\"Home\",\"on_this_page\":\"On this page\"}}", 0, NULL);
	json_t *index = json_loads(
	    "{\"lang\":\"en-us\",\"title\":\"Articles\",\"css\":\"shelf.css\","
	    "\"generator\":\"shelf 0.1.0\",\"strings\":{\"home\":\"Home\"},"
	    "\"articles\":[{\"href\":\"a/b.html\",\"title\":\"B & C\",\"path\":\"a/b.md\","
	    "\"description\":\"About B\"},{\"href\":\"z.html\",\"title\":\"Z\",\"path\":\"z.md\"}],"
	    "\"locales\":[{\"href\":\"de-de/index.html\",\"name\":\"Deutsch\"}]}", 0, NULL);

	if (add_file(t, "_head") || add_file(t, "_header") || add_file(t, "page") ||
	    add_file(t, "index"))
		goto done;
	INT_EQ(shelf_tmpl_render(t, "page", page, &out, &err), 0, "page renders: %s",
	       err ? err : "");
	o = shelf_buf_cstr(&out);
	OK(strncmp(o, "<!DOCTYPE html>\n", 16) == 0, "page starts with the doctype");
	HAS(o, "<html lang=\"en-us\">");
	HAS(o, "<meta charset=\"utf-8\">");
	HAS(o, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
	HAS(o, "<title>Fix &lt;error&gt; 0x80070005</title>");
	HAS(o, "<meta name=\"description\" content=\"Says &quot;why&quot; &amp; how\">");
	HAS(o, "<meta name=\"ms.date\" content=\"01/02/2024\">");
	HAS(o, "<meta name=\"ms.author\" content=\"a&#39;b\">");
	HAS(o, "<meta name=\"generator\" content=\"shelf 0.1.0\">");
	HAS(o, "<link rel=\"stylesheet\" href=\"../shelf.css\">");
	HAS(o, "href=\"index.html\">Home</a>");
	HAS(o, "<main");
	HAS(o, "<p>Body &amp; <b>bold</b></p>");
	{
		/* one script, the tab groups', in <head> after the policy that
		 * allows it by hash (tests/tabs/tabs.sh checks the hash) */
		const char *csp = strstr(o, "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'sha256-");
		const char *sc = strstr(o, "<script>"), *head = strstr(o, "</head>");
		OK(csp && sc && head && csp < sc && sc < head, "the script follows its policy in <head>");
		OK(sc && strstr(sc + 1, "<script") == NULL, "one script only");
	}
	OK(strstr(o, "{{") == NULL, "no tag left over");
	json_object_del(page, "description");
	shelf_buf_clear(&out);
	shelf_tmpl_render(t, "page", page, &out, NULL);
	OK(strstr(shelf_buf_cstr(&out), "name=\"description\"") == NULL,
	   "no description meta without a description");
	shelf_buf_clear(&out);
	INT_EQ(shelf_tmpl_render(t, "index", index, &out, &err), 0, "index renders: %s",
	       err ? err : "");
	o = shelf_buf_cstr(&out);
	HAS(o, "<!DOCTYPE html>");
	HAS(o, "<a href=\"a/b.html\">B &amp; C</a>");
	HAS(o, "About B");
	HAS(o, "<a href=\"z.html\">Z</a>");
	HAS(o, "<a href=\"de-de/index.html\">Deutsch</a>");
	p = strstr(o, "shelf-description");
	OK(p && strstr(p + 1, "shelf-description") == NULL,
	   "one description paragraph: the article without one gets none");
done:
	free(err);
	json_decref(page);
	json_decref(index);
	shelf_buf_free(&out);
	shelf_tmpl_free(t);
}

/* ---- views: C data read through shelf_tview --------------------------- */

typedef struct v_item { const char *name; } v_item;
typedef struct v_root { const char *title; v_item items[3]; size_t n; const json_t *j; } v_root;

static void
v_item_get(const void *obj, const char *name, size_t n, shelf_tval *out)
{
	const v_item *it = obj;

	if (n == 4 && memcmp(name, "name", 4) == 0) {
		out->kind = SHELF_TV_STR;
		out->s = it->name;
		out->n = strlen(it->name);
	}
}

static const shelf_tview v_item_view = {v_item_get, NULL};

static void
v_list_item(const void *obj, size_t i, shelf_tval *out)
{
	const v_root *r = obj;

	out->kind = SHELF_TV_OBJ;
	out->view = &v_item_view;
	out->obj = &r->items[i];
}

static const shelf_tview v_list_view = {NULL, v_list_item};

static void
v_root_get(const void *obj, const char *name, size_t n, shelf_tval *out)
{
	const v_root *r = obj;

	if (n == 5 && memcmp(name, "title", 5) == 0 && r->title) {
		out->kind = SHELF_TV_STR;
		out->s = r->title;
		out->n = strlen(r->title);
	} else if (n == 5 && memcmp(name, "items", 5) == 0) {
		out->kind = SHELF_TV_LIST;
		out->view = &v_list_view;
		out->obj = r;
		out->n = r->n;
	} else if (n == 1 && name[0] == 'j' && r->j) {
		out->kind = SHELF_TV_JSON;
		out->json = r->j;
	}
}

static const shelf_tview v_root_view = {v_root_get, NULL};

static char *
render_view(const char *src, const v_root *r)
{
	shelf_tmpl *t = shelf_tmpl_new();
	shelf_buf out = SHELF_BUF_INIT;
	shelf_tval root;
	char *err = NULL, *res;

	memset(&root, 0, sizeof root);
	root.kind = SHELF_TV_OBJ;
	root.view = &v_root_view;
	root.obj = r;
	if (t == NULL || shelf_tmpl_add(t, "t", src, strlen(src), &err) != 0 ||
	    shelf_tmpl_render_view(t, "t", &root, 0, &out, &err) != 0) {
		res = malloc(strlen(err ? err : "(null)") + 8);
		sprintf(res, "ERROR: %s", err ? err : "(null)");
	} else {
		res = shelf_buf_detach(&out);
	}
	free(err);
	shelf_buf_free(&out);
	shelf_tmpl_free(t);
	return res;
}

#define V(label, src, root, want) do { \
	char *got_ = render_view(src, root); \
	STR_EQ(got_, want, "%s", label); \
	free(got_); \
} while (0)

static void
test_views(void)
{
	json_t *j = json_pack("{s:s}", "k", "from json");
	v_root r = {"A & B", {{"x"}, {"<y>"}, {""}}, 3, j};
	v_root empty = {NULL, {{0}}, 0, NULL};

	V("string, escaped", "{{title}}|{{{title}}}", &r, "A &amp; B|A & B");
	V("a list of objects", "{{#items}}[{{name}}]{{/items}}", &r, "[x][&lt;y&gt;][]");
	V("an empty string is truthy", "{{#items}}{{#name}}+{{/name}}{{^name}}-{{/name}}{{/items}}",
	  &r, "+++");
	V("a missing name reads the context below", "{{#items}}{{title}};{{/items}}", &r,
	  "A &amp; B;A &amp; B;A &amp; B;");
	V("dotted into JSON", "{{j.k}}", &r, "from json");
	V("a list of none is falsy", "{{#items}}x{{/items}}{{^items}}none{{/items}}", &empty, "none");
	V("missing is falsy and empty", "{{^title}}no title{{/title}}{{title}}", &empty, "no title");
	V("an object and a list print nothing", "[{{items}}][{{.}}]", &r, "[][]");
	json_decref(j);
}

int
main(void)
{
	RUN(test_interpolation);
	RUN(test_interpolation_dotted);
	RUN(test_interpolation_whitespace);
	RUN(test_sections);
	RUN(test_sections_iterators);
	RUN(test_sections_whitespace);
	RUN(test_truthiness);
	RUN(test_inverted);
	RUN(test_inverted_whitespace);
	RUN(test_comments);
	RUN(test_partials);
	RUN(test_partial_indentation);
	RUN(test_values_and_escaping);
	RUN(test_syntax_errors);
	RUN(test_limits);
	RUN(test_size_limit);
	RUN(test_recursion);
	RUN(test_set_api);
	RUN(test_render_errors_keep_output);
	RUN(test_nul_bytes);
	RUN(test_render_is_pure);
	RUN(test_shipped_templates);
	RUN(test_views);
	return harness_done();
}
