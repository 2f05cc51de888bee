/*
 * dfm_inline.c - the xref shorthand and inline math as cmark-gfm inline
 * extension nodes; see dfm_inline.h.
 *
 * The match function runs when cmark's inline parser reaches `@` or `$`
 * outside code spans, autolinks and raw HTML.  It looks ahead in the
 * current line only (cmark's subject is NUL-terminated and holds no NUL
 * byte, so peeking stops at the end), within a named bound.
 */
#include "dfm_inline.h"
#include "escape.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char XREF_TYPE[] = "shelf_xref_short";
static const char MATH_TYPE[] = "shelf_math";

/* Node types handed out by cmark when the extension is made; written once,
 * under shelf_markdown_init()'s pthread_once, then only read. */
static cmark_node_type xref_type, math_type;

int
shelf_node_is_xref_short(cmark_node *n)
{
	return n && xref_type && cmark_node_get_type(n) == xref_type;
}

int
shelf_node_is_math(cmark_node *n)
{
	return n && math_type && cmark_node_get_type(n) == math_type;
}

static int
is_blank(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static int
is_ascii_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Markdig's whitespace/punctuation test for emphasis-like delimiters; the
 * start and end of the line count as whitespace.  Non-ASCII bytes count as
 * neither (letters in practice). */
static void
char_class(unsigned char c, int *space, int *punct)
{
	*space = c == 0 || is_blank(c);
	*punct = c > 0 && c < 0x80 && !*space &&
	         !((c >= '0' && c <= '9') || is_ascii_alpha(c));
}

/* The node of `type` with one TEXT child holding s[0..n). */
static cmark_node *
make_node(cmark_syntax_extension *ext, cmark_node_type type, const char *s, size_t n)
{
	cmark_node *node = cmark_node_new(type), *text = cmark_node_new(CMARK_NODE_TEXT);
	char *lit = malloc(n + 1);

	if (node == NULL || text == NULL || lit == NULL)
		goto fail;
	memcpy(lit, s, n);
	lit[n] = '\0';
	cmark_node_set_syntax_extension(node, ext);
	if (!cmark_node_set_literal(text, lit) || !cmark_node_append_child(node, text))
		goto fail;
	free(lit);
	return node;
fail:
	free(lit);
	cmark_node_free(text);
	cmark_node_free(node);
	return NULL;
}

/* Copies up to `max` bytes of the current line from the parser's offset
 * into buf (NUL-terminated); returns the length. */
static size_t
peek_line(cmark_inline_parser *ip, char *buf, size_t max)
{
	int off = cmark_inline_parser_get_offset(ip);
	size_t n = 0;
	unsigned char c;

	while (n < max && (c = cmark_inline_parser_peek_at(ip, off + (int)n)) != 0 && c != '\n') {
		buf[n] = (char)c;
		n++;
	}
	buf[n] = '\0';
	return n;
}

/* `@uid`, `@"uid"`, `@'uid'` at s (s[0] == '@'); the raw source's length,
 * or 0.  docfx: an unquoted uid starts with an ASCII letter and runs to a
 * blank or one of "'<>[]|; a character of .,;:!?~ ends it when a blank, a
 * stop character, another of those or the end follows. */
static size_t
xref_at(const char *s, size_t n)
{
	static const char stop[] = "\"'<>[]|";
	static const char cont[] = ".,;:!?~";
	size_t j;

	if (n < 2)
		return 0;
	if (s[1] == '"' || s[1] == '\'') {
		for (j = 2; j < n && s[j] != s[1]; j++)
			;
		return j < n ? j + 1 : 0;
	}
	if (!is_ascii_alpha((unsigned char)s[1]))
		return 0;
	for (j = 1; j < n; j++) {
		unsigned char c = (unsigned char)s[j], next = j + 1 < n ? (unsigned char)s[j + 1] : 0;
		if (is_blank(c) || strchr(stop, c))
			break;
		if (strchr(cont, c) && (next == 0 || is_blank(next) || strchr(stop, next) ||
		                        strchr(cont, next)))
			break;
	}
	return j;
}

static unsigned char
byte_at(const char *s, size_t n, size_t k)
{
	return k < n ? (unsigned char)s[k] : 0;
}

/* Markdig MathInlineParser at s (s[0] == '$'), `prev` the character
 * before it (0 at the start).  Returns the length consumed and sets the
 * content s[*c0 .. *c0 + *cn), or 0. */
static size_t
math_at(const char *s, size_t n, unsigned char prev, size_t *c0, size_t *cn)
{
	size_t i = 1, open = 1, close = 0, start, end;
	long last_ws = -1;
	unsigned char c, pc;
	int prev_space, prev_punct, next_space, next_punct, open_next_space;

	if (prev == '$')
		return 0;
	if (byte_at(s, n, 1) == '$') {
		open = 2;
		i = 2;
	}
	c = byte_at(s, n, i);
	char_class(prev, &prev_space, &prev_punct);
	char_class(c, &open_next_space, &next_punct);
	if ((!prev_space && !prev_punct) || (c >= '0' && c <= '9'))
		return 0;
	while (c == ' ' || c == '\t')
		c = byte_at(s, n, ++i);
	start = i;
	pc = '$';
	while (c != 0) {
		if (pc != '\\') {
			if (c == ' ' || c == '\t') {
				if (last_ws < 0)
					last_ws = (long)i;
			} else {
				int has_close = c == '$';
				while (c == '$') {
					close++;
					c = byte_at(s, n, ++i);
				}
				if (close >= open)
					break;
				last_ws = -1;
				if (has_close) {
					pc = '$';
					continue;
				}
			}
		}
		if (close > 0) {
			close = 0;
		} else {
			pc = c;
			c = byte_at(s, n, ++i);
		}
	}
	if (close < open)
		return 0;
	char_class(pc, &prev_space, &prev_punct);
	char_class(c, &next_space, &next_punct);
	if ((!next_punct && !next_space) || open_next_space != prev_space)
		return 0;
	end = prev_space && last_ws > 0 ? (size_t)last_ws + open - 1 : i - 1;
	if (end < open || end - open + 1 < start)
		return 0;
	*c0 = start;
	*cn = end - open + 1 - start;
	return i;
}

void
shelf_dfm_inline_html(shelf_buf *out, int math, const char *raw, size_t len)
{
	if (math) {
		shelf_buf_puts(out, "<span class=\"math\">\\(");
		shelf_escape_html(out, raw, len);
		shelf_buf_puts(out, "\\)</span>");
		return;
	}
	shelf_buf_puts(out, "<xref href=\"");
	if (len >= 2 && (raw[1] == '"' || raw[1] == '\''))
		shelf_escape_html(out, raw + 2, len >= 3 ? len - 3 : 0);
	else if (len >= 1)
		shelf_escape_html(out, raw + 1, len - 1);
	shelf_buf_puts(out, "\" data-throw-if-not-resolved=\"False\" data-raw-source=\"");
	shelf_escape_html(out, raw, len);
	shelf_buf_puts(out, "\"></xref>");
}

/* `node` (of math or not) as `parent` may hold it: itself, or, where the
 * parent takes no extension node, inline HTML of the same output; NULL
 * (the text stays text) when it takes neither.  Frees what it does not
 * return. */
static cmark_node *
fit(cmark_node *parent, cmark_node *node, int math, const char *raw, size_t len)
{
	shelf_buf html = SHELF_BUF_INIT;
	cmark_node *h;

	if (node == NULL || parent == NULL)
		return node;
	if (cmark_node_append_child(parent, node)) {
		cmark_node_unlink(node); /* cmark appends what it is given */
		return node;
	}
	cmark_node_free(node);
	shelf_dfm_inline_html(&html, math, raw, len);
	h = html.failed ? NULL : cmark_node_new(CMARK_NODE_HTML_INLINE);
	if (h && cmark_node_set_literal(h, shelf_buf_cstr(&html)) && cmark_node_append_child(parent, h)) {
		cmark_node_unlink(h);
	} else {
		cmark_node_free(h);
		h = NULL;
	}
	shelf_buf_free(&html);
	return h;
}

static cmark_node *
match(cmark_syntax_extension *ext, cmark_parser *parser, cmark_node *parent,
      unsigned char ch, cmark_inline_parser *ip)
{
	char buf[SHELF_MAX_MATH_SCAN + 1];
	int off = cmark_inline_parser_get_offset(ip);
	unsigned char prev = off > 0 ? cmark_inline_parser_peek_at(ip, off - 1) : 0;
	cmark_node *node = NULL;
	size_t n, k, c0 = 0, cn = 0;

	(void)parser;
	if (ch == '@') {
		/* Learn's parser (Microsoft.Docs.MarkdigExtensions) takes `@` only
		 * at the start, after a blank or after one of .,;:!?~ — so an
		 * e-mail address (help@example.com) and `\@uid` stay text */
		if (prev != 0 && !isspace(prev) && !strchr(".,;:!?~", prev))
			return NULL;
		n = peek_line(ip, buf, SHELF_MAX_XREF_SCAN);
		if ((k = xref_at(buf, n)) == 0)
			return NULL;
		node = fit(parent, make_node(ext, xref_type, buf, k), 0, buf, k);
	} else if (ch == '$') {
		n = peek_line(ip, buf, SHELF_MAX_MATH_SCAN);
		if ((k = math_at(buf, n, prev, &c0, &cn)) == 0)
			return NULL;
		node = fit(parent, make_node(ext, math_type, buf + c0, cn), 1, buf + c0, cn);
	} else {
		return NULL;
	}
	if (node != NULL)
		cmark_inline_parser_set_offset(ip, off + (int)k);
	return node;
}

static const char *
type_string(cmark_syntax_extension *ext, cmark_node *node)
{
	(void)ext;
	return shelf_node_is_xref_short(node) ? XREF_TYPE : shelf_node_is_math(node) ? MATH_TYPE
	                                                                              : "<unknown>";
}

static int
can_contain(cmark_syntax_extension *ext, cmark_node *node, cmark_node_type child)
{
	(void)ext;
	(void)node;
	return child == CMARK_NODE_TEXT;
}

cmark_syntax_extension *
shelf_dfm_inline_extension_new(void)
{
	cmark_syntax_extension *ext = cmark_syntax_extension_new("shelf_dfm_inline");
	cmark_mem *mem = cmark_get_default_mem_allocator();
	cmark_llist *chars = NULL;

	if (ext == NULL)
		return NULL;
	xref_type = cmark_syntax_extension_add_node(1);
	math_type = cmark_syntax_extension_add_node(1);
	cmark_syntax_extension_set_match_inline_func(ext, match);
	cmark_syntax_extension_set_get_type_string_func(ext, type_string);
	cmark_syntax_extension_set_can_contain_func(ext, can_contain);
	chars = cmark_llist_append(mem, chars, (void *)(unsigned long)'@');
	chars = cmark_llist_append(mem, chars, (void *)(unsigned long)'$');
	cmark_syntax_extension_set_special_inline_chars(ext, chars);
	return ext;
}
