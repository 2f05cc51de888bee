/* markdown.c - stage 3: cmark-gfm parsing; see markdown.h. */
#include "markdown.h"
#include "dfm_inline.h"
#include "buf.h"

#include <pthread.h>
#include <string.h>
#include <cmark-gfm-core-extensions.h>

static pthread_once_t register_once = PTHREAD_ONCE_INIT;

/* docfx's own inline forms (dfm_inline.c); made once, then only read. */
static cmark_syntax_extension *dfm_inline;

static void
register_extensions(void)
{
	cmark_gfm_core_extensions_ensure_registered();
	dfm_inline = shelf_dfm_inline_extension_new();
}

void
shelf_markdown_init(void)
{
	pthread_once(&register_once, register_extensions);
}

cmark_node *
shelf_markdown_parse(const char *text, size_t len)
{
	static const char *const exts[] = {"table", "strikethrough", "autolink", "tasklist"};
	int opts = CMARK_OPT_SOURCEPOS | CMARK_OPT_UNSAFE |
	           CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE;
	cmark_parser *p;
	cmark_node *doc;
	size_t i;

	shelf_markdown_init();
	p = cmark_parser_new(opts);
	if (p == NULL)
		return NULL;
	for (i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
		if (e)
			cmark_parser_attach_syntax_extension(p, e);
	}
	if (dfm_inline)
		cmark_parser_attach_syntax_extension(p, dfm_inline);
	cmark_parser_feed(p, text, len);
	doc = cmark_parser_finish(p);
	cmark_parser_free(p);
	return doc;
}

int
shelf_holds_inlines(cmark_node *node)
{
	cmark_node_type t = cmark_node_get_type(node);

	return t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING;
}

int
shelf_node_is(cmark_node *node, const char *type)
{
	const char *t = cmark_node_get_type_string(node);
	return t && strcmp(t, type) == 0;
}

void
shelf_node_plain_text(cmark_node *node, shelf_buf *out)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;

	if (it == NULL)
		return;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		const char *lit;
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			lit = cmark_node_get_literal(n);
			if (lit)
				shelf_buf_puts(out, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
			shelf_buf_putc(out, '\n');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}
