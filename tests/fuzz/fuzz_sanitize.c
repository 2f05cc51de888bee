/*
 * fuzz_sanitize.c - libFuzzer target for the raw-HTML sanitizer.
 *
 * Runs shelf_sanitize_snippet() and shelf_sanitize_fragment() (both
 * policies) on the input, and the fragment stage on the snippet output,
 * then checks every output with an oracle that does not share the
 * sanitizer's tables: gumbo parses it as a browser would, and no element
 * may be outside the allow-list, no attribute an event handler, no URL a
 * script URL, no comment survive; a fragment output must parse back to
 * itself.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *     tests/fuzz/fuzz_sanitize.c src/render/sanitize.c src/render/sanitize_tables.c src/core/buf.c src/core/diag.c -lgumbo
 */
#include "sanitize.h"

#include <gumbo.h>
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

enum { IN_SNIPPET, IN_PAGE, IN_FRAGMENT };

static const char *const ok_everywhere =
	" a abbr b blockquote br caption code col colgroup dd del details div"
	" cite dfn dl dt em figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark"
	" ol p pre q s samp section small span strong sub summary sup table"
	" tbody td tfoot th thead time tr u ul var nav wbr ";

static int
word_in(const char *list, const char *w)
{
	char key[40];

	if (strlen(w) > sizeof key - 3)
		return 0;
	snprintf(key, sizeof key, " %s ", w);
	return strstr(list, key) != NULL;
}

/* 1 when the name of `e` may appear in output of kind `where`. */
static int
name_ok(const GumboElement *e, int where)
{
	const char *name;

	if (e->tag_namespace != GUMBO_NAMESPACE_HTML)
		return 0;
	if (e->tag == GUMBO_TAG_UNKNOWN)    /* only <xref> is unknown to gumbo */
		return where != IN_FRAGMENT && e->original_tag.length >= 5 &&
		       strncasecmp(e->original_tag.data + 1, "xref", 4) == 0;
	name = gumbo_normalized_tagname(e->tag);
	if (word_in(ok_everywhere, name))
		return 1;
	if (where == IN_FRAGMENT)
		return 0;
	return word_in(" video source ", name) ||
	       (where == IN_PAGE && strcmp(name, "iframe") == 0);
}

/* The value without ASCII blanks and controls, lower-cased. */
static void
squeeze(const char *v, char *out, size_t cap)
{
	size_t k = 0;

	for (; *v && k + 1 < cap; v++)
		if ((unsigned char)*v > 0x20 && *v != 0x7F)
			out[k++] = (char)((*v >= 'A' && *v <= 'Z') ? *v + 32 : *v);
	out[k] = '\0';
}

static void
check_attrs(const GumboElement *e, const char *html)
{
	unsigned i;
	char v[64];

	for (i = 0; i < e->attributes.length; i++) {
		const GumboAttribute *a = e->attributes.data[i];
		CHECK(strncmp(a->name, "on", 2) != 0, html);
		CHECK(!word_in(" srcdoc srcset action formaction background xmlns ",
		               a->name), html);
		squeeze(a->value, v, sizeof v);
		if (word_in(" href src cite poster ", a->name)) {
			CHECK(strncmp(v, "javascript:", 11) != 0, html);
			CHECK(strncmp(v, "vbscript:", 9) != 0, html);
			CHECK(strncmp(v, "data:", 5) != 0, html);
			CHECK(strncmp(v, "file:", 5) != 0, html);
		}
		if (strcmp(a->name, "style") == 0)
			CHECK(strstr(a->value, "url(") == NULL &&
			      strstr(a->value, "expression") == NULL &&
			      strchr(a->value, '\\') == NULL &&
			      strstr(a->value, "/*") == NULL, html);
	}
}

static void
check_node(const GumboNode *n, int where, const char *html)
{
	unsigned i;

	CHECK(n->type != GUMBO_NODE_COMMENT && n->type != GUMBO_NODE_TEMPLATE,
	      html);
	if (n->type != GUMBO_NODE_ELEMENT)
		return;
	CHECK(name_ok(&n->v.element, where), html);
	check_attrs(&n->v.element, html);
	for (i = 0; i < n->v.element.children.length; i++)
		check_node(n->v.element.children.data[i], where, html);
}

/* gumbo 0.10.1 reads its quirks mode unset in fragment parses: zero it. */
static void *
zalloc(void *userdata, size_t n)
{
	(void)userdata;
	return calloc(1, n);
}

static void
zfree(void *userdata, void *ptr)
{
	(void)userdata;
	free(ptr);
}

/* Parses `html` as a browser would (inside a <div>) and checks it. */
static void
oracle(const shelf_buf *b, int where)
{
	GumboOptions opt = kGumboDefaultOptions;
	GumboOutput *g;
	const char *html = shelf_buf_cstr(b);
	unsigned i;

	opt.allocator = zalloc;
	opt.deallocator = zfree;
	opt.fragment_context = GUMBO_TAG_DIV;
	opt.max_errors = 0;
	g = gumbo_parse_with_options(&opt, html, b->len);
	for (i = 0; i < g->root->v.element.children.length; i++)
		check_node(g->root->v.element.children.data[i], where, html);
	gumbo_destroy_output(&opt, g);
}

/* fragment() of `in` under `policy`, checked, and checked to be a fixed
 * point of itself. */
static void
run_fragment(const char *in, size_t len, shelf_policy policy)
{
	shelf_buf a = SHELF_BUF_INIT, b = SHELF_BUF_INIT;

	if (shelf_sanitize_fragment(&a, in, len, policy) == 0) {
		oracle(&a, policy == SHELF_POLICY_PAGE ? IN_PAGE : IN_FRAGMENT);
		if (shelf_sanitize_fragment(&b, shelf_buf_cstr(&a), a.len, policy) == 0)
			CHECK(b.len == a.len &&
			      memcmp(shelf_buf_cstr(&a), shelf_buf_cstr(&b), a.len) == 0,
			      shelf_buf_cstr(&a));
	}
	shelf_buf_free(&a);
	shelf_buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	shelf_buf s = SHELF_BUF_INIT;
	shelf_diags d = SHELF_DIAGS_INIT;

	if (shelf_sanitize_snippet(&s, in, size, &d, "fuzz.md", 1, 1) == 0) {
		oracle(&s, IN_SNIPPET);
		run_fragment(shelf_buf_cstr(&s), s.len, SHELF_POLICY_FRAGMENT);
	}
	run_fragment(in, size, SHELF_POLICY_PAGE);
	run_fragment(in, size, SHELF_POLICY_FRAGMENT);
	shelf_buf_free(&s);
	shelf_diags_free(&d);
	return 0;
}
