/*
 * render.c - stage 4: HTML from the cmark tree.
 *
 * The walk is iterative (cmark_iter), so a hostile tree 100,000 levels deep
 * cannot exhaust the stack.  Shapes follow what docfx (Markdig) writes:
 * `lang-X` code classes, `style="text-align: …;"` table cells, docfx heading
 * ids, `<img … />`, no bare-email autolinks.  Author-written raw HTML goes
 * through the sanitizer; every other text is escaped here.
 */
#include "render.h"
#include "dfm_inline.h"
#include "emoji.h"
#include "escape.h"
#include "markdown.h"
#include "sanitize.h"
#include "slug.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmark-gfm-core-extensions.h>

/* Deepest stack of author-written open tags tracked for balancing; more
 * open tags than this are closed early (the rest of the snippet is kept as
 * text by the sanitizer's own limits). */
#define SHELF_MAX_OPEN_TAGS 256

typedef struct render_state {
	const shelf_render_in *in;
	shelf_buf *out;
	shelf_render_out *res;
	shelf_slugs *slugs;
	cmark_node *skip[2];       /* heading-anchor nodes not to render */
	unsigned depth;            /* block container depth */
	unsigned tag_depth;        /* depth of blocks that hold content */
	int depth_reported;
	/* author tags opened by raw HTML and not yet closed */
	char *open_tags[SHELF_MAX_OPEN_TAGS];
	unsigned open_depth[SHELF_MAX_OPEN_TAGS]; /* block depth when opened */
	size_t n_open;
	unsigned src_line;         /* the line at src_off in in->src (0: none yet) */
	size_t src_off;
	shelf_buf h_text, h_id;    /* a heading's text and id, reused */
} render_state;

/* ---- small writers --------------------------------------------------- */

static void put_url_checked(render_state *r, const char *name, const char *url,
                            cmark_node *n);
static void blade_link(render_state *r, const char *raw_url, unsigned line, unsigned col);
static int md_link(const char *url);
static void put_url_body(render_state *r, const char *url, cmark_node *n);

/* Appends ` name="`. */
static void
put_attr_start(shelf_buf *out, const char *name)
{
	shelf_buf_putc(out, ' ');
	shelf_buf_puts(out, name);
	shelf_buf_put(out, "=\"", 2);
}

static void
put_attr(render_state *r, const char *name, const char *value)
{
	put_attr_start(r->out, name);
	shelf_tokens_expand(r->in->tokens, value, strlen(value), SHELF_TOK_ATTR, r->out);
	shelf_buf_putc(r->out, '"');
}

/* 1 when one of the 8 bytes at s is ':' or 0xEE (word at a time: a zero
 * byte of v is one where (v - 0x01..) & ~v has its top bit). */
static int
word_has_colon_or_ee(const char *s)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	uint64_t x, a, b;

	memcpy(&x, s, 8);
	a = x ^ (ones * ':');
	b = x ^ (ones * 0xEE);
	return (((a - ones) & ~a) | ((b - ones) & ~b)) & highs ? 1 : 0;
}

/* Writes text with :shortcode: emoji replaced, everything escaped.
 * `start_ok` says whether s[0] follows the start of the inline content or
 * whitespace (a shortcode right after `**b**` is text, as in Markdig). */
static void
put_text(render_state *r, const char *s, size_t n, int start_ok)
{
	/* the bytes a shortcode or a token sentinel starts with */
	static const unsigned char stop[256] = {[':'] = 1, [0xEE] = 1};
	size_t i = 0, run = 0, k;
	const char *emoji;

	while (i < n) {
		const shelf_token *tok;
		while (n - i >= 8 && !word_has_colon_or_ee(s + i))
			i += 8;
		while (i < n && !stop[(unsigned char)s[i]])
			i++;
		if (i >= n)
			break;
		if (s[i] == ':' && (i > 0 || start_ok) &&
		    (k = shelf_emoji_match(s, n, i, &emoji)) != 0) {
			shelf_escape_html(r->out, s + run, i - run);
			shelf_buf_puts(r->out, emoji);
			i += k;
			run = i;
		} else if (s[i] == '\xEE' && (k = shelf_token_at(r->in->tokens, s + i, n - i, &tok)) != 0) {
			shelf_escape_html(r->out, s + run, i - run);
			shelf_tokens_expand(r->in->tokens, s + i, k, SHELF_TOK_TEXT, r->out);
			i += k;
			run = i;
		} else {
			i++;
		}
	}
	shelf_escape_html(r->out, s + run, n - run);
}

/* Writes a TEXT node together with the TEXT siblings that follow it:
 * cmark splits text at characters that might start inline syntax, and a
 * shortcode such as ":smile:" may straddle such a split. */
static void
put_text_run(render_state *r, cmark_node *node)
{
	shelf_buf run = SHELF_BUF_INIT;
	cmark_node *n, *prev = cmark_node_previous(node);
	int start_ok = prev == NULL ||
	               cmark_node_get_type(prev) == CMARK_NODE_SOFTBREAK ||
	               cmark_node_get_type(prev) == CMARK_NODE_LINEBREAK;

	n = cmark_node_next(node);
	if (n == NULL || cmark_node_get_type(n) != CMARK_NODE_TEXT) {
		/* one node, the usual case: its literal as it is */
		const char *lit = cmark_node_get_literal(node);
		if (lit)
			put_text(r, lit, strlen(lit), start_ok);
		return;
	}
	for (n = node; n && cmark_node_get_type(n) == CMARK_NODE_TEXT;
	     n = cmark_node_next(n)) {
		const char *lit = cmark_node_get_literal(n);
		if (lit)
			shelf_buf_puts(&run, lit);
	}
	put_text(r, shelf_buf_cstr(&run), run.len, start_ok);
	shelf_buf_free(&run);
}

/* A URL with token sentinels and context tokens substituted. */
static void
expand_url(render_state *r, const char *url, shelf_buf *out)
{
	shelf_buf t = SHELF_BUF_INIT;

	shelf_tokens_expand(r->in->tokens, url, strlen(url), SHELF_TOK_URL, &t);
	shelf_portal_url(r->in->portal, shelf_buf_cstr(&t), out);
	shelf_buf_free(&t);
}

static void
put_url_attr(render_state *r, const char *name, const char *raw_url, cmark_node *n)
{
	shelf_buf expanded = SHELF_BUF_INIT;
	const char *url;

	expand_url(r, raw_url, &expanded);
	url = shelf_buf_cstr(&expanded);
	put_url_checked(r, name, url, n);
	shelf_buf_free(&expanded);
}

static void
put_url_checked(render_state *r, const char *name, const char *url, cmark_node *n)
{
	if (!shelf_url_allowed(url, strlen(url), strcmp(name, "src") == 0 ? SHELF_URL_MEDIA
	                                                               : SHELF_URL_LINK)) {
		shelf_diags_add(r->in->diags, SHELF_W_RAW_HTML, SHELF_WARNING,
		                r->in->file, n ? (unsigned)cmark_node_get_start_line(n) : 0,
		                n ? (unsigned)cmark_node_get_start_column(n) : 0,
		                "link to '%.40s' removed: the scheme is not allowed", url);
		return;
	}
	put_attr_start(r->out, name);
	if (r->in->site_links && strcmp(name, "href") == 0 && md_link(url)) {
		shelf_buf site = SHELF_BUF_INIT;
		size_t end = strcspn(url, "?#");
		shelf_buf_put(&site, url, end - 3);
		shelf_buf_puts(&site, ".html");
		shelf_buf_puts(&site, url + end);
		put_url_body(r, shelf_buf_cstr(&site), n);
		shelf_buf_free(&site);
	} else {
		put_url_body(r, url, n);
	}
	shelf_buf_putc(r->out, '"');
}

/* 1 for a relative link to a Markdown file ("a/b.md#x"). */
static int
md_link(const char *url)
{
	size_t end = strcspn(url, "?#");
	const char *p;

	for (p = url; isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.'; p++)
		;
	if (*p == ':' || url[0] == '/' || url[0] == '#' || end < 4)
		return 0;
	return strncmp(url + end - 3, ".md", 3) == 0;
}

/* The URL of an href/src: `~/`, backslashes, includes and base_url
 * resolved (shelf_dfm_url), then escaped. */
static void
put_url_body(render_state *r, const char *url, cmark_node *n)
{
	shelf_buf resolved = SHELF_BUF_INIT;

	shelf_dfm_url(r->in->dfm, url, n ? (unsigned)cmark_node_get_start_line(n) : 0,
	              n ? (unsigned)cmark_node_get_start_column(n) : 0, &resolved);
	shelf_escape_url(r->out, shelf_buf_cstr(&resolved), resolved.len, SHELF_URL_HREF);
	shelf_buf_free(&resolved);
}

/* ---- author HTML ----------------------------------------------------- */

/* Scans sanitized HTML for its start and end tags and keeps the stack of
 * open author elements, so that what an article leaves open is closed at
 * the end of the container it was opened in, and a stray end tag with no
 * opener is dropped.  The sanitizer's output is canonical (`<name …>`,
 * `</name>`, every other '<' escaped), which makes this scan exact. */
static void
track_author_tags(render_state *r, const char *h, size_t n, shelf_buf *kept)
{
	static const char *const voids[] = {"br", "hr", "img", "col", "source",
	                                    "wbr", "area", "input", "track"};
	size_t i = 0, start, j, v;

	while (i < n) {
		const char *lt = memchr(h + i, '<', n - i);
		int closing;
		if (lt == NULL) {
			shelf_buf_put(kept, h + i, n - i);
			break;
		}
		shelf_buf_put(kept, h + i, (size_t)(lt - (h + i)));
		start = (size_t)(lt - h);
		closing = start + 1 < n && h[start + 1] == '/';
		j = start + 1 + (size_t)closing;
		while (j < n && h[j] != '>' && h[j] != ' ' && h[j] != '/')
			j++;
		{
			size_t nlen = j - (start + 1 + (size_t)closing);
			const char *name = h + start + 1 + closing;
			const char *gt = memchr(h + j, '>', n - j);
			size_t end = gt ? (size_t)(gt - h) + 1 : n;
			int is_void = 0;
			for (v = 0; v < sizeof voids / sizeof voids[0]; v++)
				if (strlen(voids[v]) == nlen && memcmp(voids[v], name, nlen) == 0)
					is_void = 1;
			if (closing) {
				size_t k = r->n_open;
				while (k > 0 && !(strlen(r->open_tags[k - 1]) == nlen &&
				                  memcmp(r->open_tags[k - 1], name, nlen) == 0 &&
				                  r->open_depth[k - 1] == r->tag_depth))
					k--;
				if (k > 0) {
					/* close it and anything opened inside it */
					while (r->n_open >= k) {
						char *t = r->open_tags[--r->n_open];
						shelf_buf_printf(kept, "</%s>", t);
						free(t);
					}
				}
				/* else: stray end tag, dropped */
			} else {
				shelf_buf_put(kept, h + start, end - start);
				if (!is_void && r->n_open < SHELF_MAX_OPEN_TAGS) {
					char *t = strndup(name, nlen);
					if (t) {
						r->open_tags[r->n_open] = t;
						r->open_depth[r->n_open++] = r->tag_depth;
					}
				}
			}
			i = end;
		}
	}
}

/* Closes author tags opened at a depth deeper than `depth`. */
static void
close_author_tags(render_state *r, unsigned depth)
{
	while (r->n_open > 0 && r->open_depth[r->n_open - 1] > depth) {
		char *t = r->open_tags[--r->n_open];
		shelf_buf_printf(r->out, "</%s>", t);
		free(t);
	}
}

/* Lists an Apollo element for the blade document (r->res->elements): a
 * section with its title, a widget with its children. */
static void
list_element(render_state *r, const shelf_directive *dir)
{
	const char *names[SHELF_MAX_DIRECTIVE_ATTRS], *values[SHELF_MAX_DIRECTIVE_ATTRS];
	size_t i, n = 0;

	if (dir->kind == SHELF_DIR_SECTION) {
		names[n] = "title";
		values[n++] = dir->a ? dir->a : "";
	}
	for (i = 0; dir->kind == SHELF_DIR_WIDGET && i < dir->n_attrs; i++) {
		names[n] = dir->attrs[i].name;
		values[n++] = dir->attrs[i].value;
	}
	if (shelf_portal_elements_push(&r->res->elements,
	                               dir->kind == SHELF_DIR_SECTION ? "section" : dir->a ? dir->a : "",
	                               dir->line, names, values, n) != 0)
		r->out->failed = 1; /* out of memory: the page fails whole */
}

/* A directive's HTML.  The containers (zone, moniker, row, column) open
 * and close in separate sentinels, so their tags go through the same
 * balancing as author tags: a missing ::: zone-end is closed at the end of
 * the block, a stray one dropped. */
static void
put_directive(render_state *r, const shelf_directive *dir)
{
	shelf_buf html = SHELF_BUF_INIT;
	shelf_directive copy;
	const shelf_directive *use;

	shelf_directive_mark_used(r->in->dirs, dir);
	shelf_dfm_render(r->in->dfm, dir, &html);
	if (dir->kind == SHELF_DIR_WIDGET || dir->kind == SHELF_DIR_SECTION) {
		use = shelf_dfm_substitute(r->in->dfm, dir, &copy);
		list_element(r, use);
		shelf_dfm_substitute_free(dir, &copy, use);
	}
	switch (dir->kind) {
	case SHELF_DIR_ZONE: case SHELF_DIR_ZONE_END:
	case SHELF_DIR_MONIKER: case SHELF_DIR_MONIKER_END:
	case SHELF_DIR_ROW: case SHELF_DIR_ROW_END:
	case SHELF_DIR_COLUMN: case SHELF_DIR_COLUMN_END:
	case SHELF_DIR_WIDGET_GROUP: case SHELF_DIR_WIDGET_GROUP_END:
		track_author_tags(r, shelf_buf_cstr(&html), html.len, r->out);
		break;
	default:
		shelf_buf_put(r->out, shelf_buf_cstr(&html), html.len);
	}
	shelf_buf_free(&html);
}

/* Substitutes token sentinels in sanitized author HTML: inside a tag they
 * are attribute values (URL-encoded in href/src, which then get the
 * context tokens too), elsewhere text. */
static void
html_tokens(render_state *r, const char *h, size_t n, shelf_buf *out)
{
	size_t i = 0, run = 0, k;
	int in_tag = 0, url_attr = 0;
	const shelf_token *tok;

	while (i < n) {
		char c = h[i];
		if (c == '<')
			in_tag = 1;
		else if (c == '>')
			in_tag = 0;
		else if (in_tag && c == '=' && i >= 4)
			url_attr = strncmp(h + i - 4, "href", 4) == 0 || strncmp(h + i - 3, "src", 3) == 0;
		if (c == '\xEE' && (k = shelf_token_at(r->in->tokens, h + i, n - i, &tok)) != 0) {
			shelf_buf_put(out, h + run, i - run);
			if (!in_tag) {
				shelf_tokens_expand(r->in->tokens, h + i, k, SHELF_TOK_TEXT, out);
			} else if (url_attr) {
				shelf_buf u = SHELF_BUF_INIT;
				shelf_tokens_expand(r->in->tokens, h + i, k, SHELF_TOK_URL, &u);
				shelf_escape_html(out, shelf_buf_cstr(&u), u.len);
				shelf_buf_free(&u);
			} else {
				shelf_tokens_expand(r->in->tokens, h + i, k, SHELF_TOK_ATTR, out);
			}
			i += k;
			run = i;
			continue;
		}
		i++;
	}
	shelf_buf_put(out, h + run, n - run);
}

/* Rewrites each `<a href="SCHEME:…">` start tag of sanitized author HTML
 * whose scheme is a portal one into the blade-link tag of blade_link().
 * Returns 1 when something was rewritten. */
static int
raw_blade_links(render_state *r, shelf_buf *h, cmark_node *n)
{
	shelf_buf out = SHELF_BUF_INIT, *saved = r->out;
	const char *p = shelf_buf_cstr(h), *a;
	int changed = 0;

	while ((a = strstr(p, "<a href=\"")) != NULL) {
		const char *v = a + 9, *q = strchr(v, '"'), *gt = q ? strchr(q, '>') : NULL;
		shelf_buf url = SHELF_BUF_INIT;
		if (q == NULL || gt == NULL)
			break;
		shelf_entities_decode(&url, v, (size_t)(q - v));
		shelf_buf_put(&out, p, (size_t)(a - p));
		if (shelf_blade_scheme(shelf_buf_cstr(&url))) {
			r->out = &out;
			blade_link(r, shelf_buf_cstr(&url), (unsigned)cmark_node_get_start_line(n),
			           (unsigned)cmark_node_get_start_column(n));
			r->out = saved;
			changed = 1;
		} else {
			shelf_buf_put(&out, a, (size_t)(gt + 1 - a));
		}
		shelf_buf_free(&url);
		p = gt + 1;
	}
	shelf_buf_puts(&out, p);
	if (changed) {
		shelf_buf_clear(h);
		shelf_buf_put(h, shelf_buf_cstr(&out), out.len);
	}
	shelf_buf_free(&out);
	return changed;
}

static void
put_raw_html(render_state *r, cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n);
	shelf_buf clean = SHELF_BUF_INIT;
	const shelf_directive *dir;

	if (lit == NULL)
		return;
	/* a block sentinel indented by up to three spaces (`  ::: moniker-end`
	 * after paragraph text) keeps its indentation in cmark's literal */
	if (r->in->dfm && cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK)
		while (*lit == ' ')
			lit++;
	if (r->in->dfm && (dir = shelf_directive_of(r->in->dirs, lit,
	                                            (unsigned)cmark_node_get_start_line(n))) != NULL) {
		put_directive(r, dir);
		return;
	}
	shelf_sanitize_snippet(&clean, lit, strlen(lit), r->in->diags, r->in->file,
	                       (unsigned)cmark_node_get_start_line(n),
	                       (unsigned)cmark_node_get_start_column(n));
	if (strstr(shelf_buf_cstr(&clean), "<a href=\"") && raw_blade_links(r, &clean, n)) {
		/* rewritten in place */
	}
	if (r->in->tokens && memchr(shelf_buf_cstr(&clean), '\xEE', clean.len)) {
		shelf_buf t = SHELF_BUF_INIT;
		html_tokens(r, shelf_buf_cstr(&clean), clean.len, &t);
		track_author_tags(r, shelf_buf_cstr(&t), t.len, r->out);
		shelf_buf_free(&t);
	} else {
		track_author_tags(r, shelf_buf_cstr(&clean), clean.len, r->out);
	}
	shelf_buf_free(&clean);
}

/* ---- headings -------------------------------------------------------- */

/* docfx HeadingIdRewriter: a heading whose first inline is exactly
 * `<a name="x">` or `<a id="x">` (double quotes, value of [\w \-.]) and
 * whose second is `</a>`, with more after them, takes x as its id. */
static int
heading_anchor(cmark_node *h, shelf_buf *id, cmark_node **a, cmark_node **b)
{
	cmark_node *first = cmark_node_first_child(h), *second, *third;
	const char *lit, *p, *q;

	if (first == NULL || (second = cmark_node_next(first)) == NULL ||
	    (third = cmark_node_next(second)) == NULL)
		return 0;
	(void)third;
	if (cmark_node_get_type(first) != CMARK_NODE_HTML_INLINE ||
	    cmark_node_get_type(second) != CMARK_NODE_HTML_INLINE)
		return 0;
	lit = cmark_node_get_literal(second);
	if (lit == NULL || strcmp(lit, "</a>") != 0)
		return 0;
	lit = cmark_node_get_literal(first);
	if (lit == NULL || strncmp(lit, "<a ", 3) != 0)
		return 0;
	p = lit + 3;
	while (*p == ' ')
		p++;
	if (strncmp(p, "name=\"", 6) == 0)
		p += 6;
	else if (strncmp(p, "id=\"", 4) == 0)
		p += 4;
	else
		return 0;
	for (q = p; *q && *q != '"'; q++) {
		unsigned char c = (unsigned char)*q;
		if (!(c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z') || c == '_' || c == ' ' || c == '-' || c == '.'))
			return 0;
	}
	if (*q != '"' || q == p)
		return 0;
	for (p = q + 1; *p == ' '; p++)
		;
	if (strcmp(p, ">") != 0)
		return 0;
	shelf_buf_clear(id);
	shelf_buf_put(id, strchr(lit, '"') + 1, (size_t)(q - (strchr(lit, '"') + 1)));
	*a = first;
	*b = second;
	return 1;
}

/* Replaces token sentinels in plain text by their value or preview. */
static void
plain_tokens(render_state *r, shelf_buf *text)
{
	shelf_buf t = SHELF_BUF_INIT;

	if (r->in->tokens == NULL || text->len == 0 || memchr(text->ptr, '\xEE', text->len) == NULL)
		return;
	shelf_tokens_expand(r->in->tokens, text->ptr, text->len, SHELF_TOK_PLAIN, &t);
	shelf_buf_clear(text);
	shelf_buf_put(text, shelf_buf_cstr(&t), t.len);
	shelf_buf_free(&t);
}

static int xref_node(cmark_node *n);

/* Appends the text of a run of TEXT nodes starting at `node`, with
 * shortcodes replaced by their emoji (the rule of put_text). */
static void
id_text_run(cmark_node *node, shelf_buf *out)
{
	shelf_buf run = SHELF_BUF_INIT;
	cmark_node *n = cmark_node_next(node), *prev = cmark_node_previous(node);
	int start_ok = prev == NULL || cmark_node_get_type(prev) == CMARK_NODE_SOFTBREAK;
	const char *s, *emoji, *colon;
	size_t i = 0, k, len;

	if (n == NULL || cmark_node_get_type(n) != CMARK_NODE_TEXT) {
		/* one node, the usual case: its literal as it is */
		s = cmark_node_get_literal(node);
		s = s ? s : "";
		len = strlen(s);
	} else {
		for (n = node; n && cmark_node_get_type(n) == CMARK_NODE_TEXT; n = cmark_node_next(n))
			if (cmark_node_get_literal(n))
				shelf_buf_puts(&run, cmark_node_get_literal(n));
		s = shelf_buf_cstr(&run);
		len = run.len;
	}
	while (i < len) {
		colon = memchr(s + i, ':', len - i);
		k = colon ? (size_t)(colon - s) : len;
		shelf_buf_put(out, s + i, k - i);
		if ((i = k) >= len)
			break;
		if ((i > 0 || start_ok) && (k = shelf_emoji_match(s, len, i, &emoji)) != 0) {
			shelf_buf_puts(out, emoji);
			i += k;
		} else {
			shelf_buf_putc(out, ':');
			i++;
		}
	}
	shelf_buf_free(&run);
}

/* The text Markdig's AutoIdentifier slugs: what a bare renderer writes for
 * the heading's inlines.  Emoji give their character (which the slug then
 * drops), docfx inlines (xrefs in both forms, math, directives) give
 * nothing. */
static void
heading_id_text(cmark_node *h, shelf_buf *out)
{
	cmark_iter *it = cmark_iter_new(h);
	cmark_event_type ev;

	if (it == NULL)
		return;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node *prev = cmark_node_previous(n);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
			if (prev == NULL || cmark_node_get_type(prev) != CMARK_NODE_TEXT)
				id_text_run(n, out);
			break;
		case CMARK_NODE_CODE:
			if (cmark_node_get_literal(n))
				shelf_buf_puts(out, cmark_node_get_literal(n));
			break;
		case CMARK_NODE_SOFTBREAK:
			shelf_buf_putc(out, '\n');
			break;
		case CMARK_NODE_LINK:
			if (xref_node(n))
				cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			break;
		default:
			if (shelf_node_is_xref_short(n) || shelf_node_is_math(n))
				cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			break;
		}
	}
	cmark_iter_free(it);
}

/* `b` emptied for another use: its allocation kept, unless an append
 * failed (then it starts afresh, as a failed buffer stays failed). */
static shelf_buf *
scratch(shelf_buf *b)
{
	if (b->failed)
		shelf_buf_free(b);
	else
		shelf_buf_clear(b);
	return b;
}

static void
enter_heading(render_state *r, cmark_node *n)
{
	int level = cmark_node_get_heading_level(n);
	shelf_buf *text = scratch(&r->h_text), *id = scratch(&r->h_id);
	cmark_node *a = NULL, *b = NULL;

	heading_id_text(n, text);
	plain_tokens(r, text);
	/* docfx computes the auto id first (it reserves the slug) and only
	 * then lets an <a name> anchor override it. */
	shelf_slug_make(id, shelf_buf_cstr(text), text->len);
	shelf_slugs_claim(r->slugs, id);
	shelf_buf_clear(text);
	shelf_node_plain_text(n, text);
	plain_tokens(r, text);
	if (heading_anchor(n, id, &a, &b)) {
		r->skip[0] = a;
		r->skip[1] = b;
		shelf_buf_clear(text);
		/* plain text without the anchor */
		for (cmark_node *c = cmark_node_next(b); c; c = cmark_node_next(c)) {
			shelf_buf tmp = SHELF_BUF_INIT;
			shelf_node_plain_text(c, &tmp);
			shelf_buf_put(text, shelf_buf_cstr(&tmp), tmp.len);
			shelf_buf_free(&tmp);
		}
	}
	plain_tokens(r, text);
	shelf_buf_put(r->out, "<h", 2);
	shelf_buf_putc(r->out, '0' + level); /* 1 to 6 */
	put_attr(r, "id", shelf_buf_cstr(id));
	shelf_buf_putc(r->out, '>');
	if (shelf_headings_push(&r->res->headings, level, shelf_buf_cstr(id), shelf_buf_cstr(text),
	                        (unsigned)cmark_node_get_start_line(n)) == 0 &&
	    cmark_node_parent(n) && cmark_node_get_type(cmark_node_parent(n)) == CMARK_NODE_DOCUMENT) {
		size_t k = r->res->blocks.n;
		if (k)
			r->res->blocks.v[k - 1].heading = r->res->headings.n - 1;
	}
	if (level == 1 && r->res->first_h1 == NULL)
		r->res->first_h1 = strdup(shelf_buf_cstr(text));
}

/* ---- tables ---------------------------------------------------------- */

static const char *
cell_align(cmark_node *cell)
{
	cmark_node *row = cmark_node_parent(cell), *table, *c;
	uint8_t *al;
	uint16_t ncols, i = 0;

	if (row == NULL || (table = cmark_node_parent(row)) == NULL)
		return NULL;
	ncols = cmark_gfm_extensions_get_table_columns(table);
	al = cmark_gfm_extensions_get_table_alignments(table);
	for (c = cmark_node_first_child(row); c && c != cell; c = cmark_node_next(c))
		i++;
	if (al == NULL || i >= ncols)
		return NULL;
	switch (al[i]) {
	case 'l': return "left";
	case 'c': return "center";
	case 'r': return "right";
	default: return NULL;
	}
}

/* The start of line `line` (1-based) of the parsed source, or NULL; moves
 * r's cursor, which table rows only ever advance. */
static const char *
src_line(render_state *r, unsigned line, size_t *len)
{
	const char *s = r->in->src, *nl;
	size_t n = r->in->src_len;

	if (s == NULL || line == 0)
		return NULL;
	if (line < r->src_line || r->src_line == 0) {
		r->src_line = 1;
		r->src_off = 0;
	}
	while (r->src_line < line) {
		nl = memchr(s + r->src_off, '\n', n - r->src_off);
		if (nl == NULL)
			return NULL;
		r->src_off = (size_t)(nl - s) + 1;
		r->src_line++;
	}
	nl = memchr(s + r->src_off, '\n', n - r->src_off);
	*len = nl ? (size_t)(nl - (s + r->src_off)) : n - r->src_off;
	return s + r->src_off;
}

/* GFM splits a table row at every unescaped '|', even inside link text:
 * `| [a | b](url) |` gives the cells "[a" and "b](url)", the link shows as
 * text and the cells past the header's count are dropped.  cmark says
 * which lines are rows; this looks at the row's line for a '|' after an
 * open '[' whose "](" follows on the line, and warns (SH215) there. */
static void
check_split_links(render_state *r, cmark_node *row)
{
	unsigned line = (unsigned)cmark_node_get_start_line(row);
	size_t n, i, open = 0;
	const char *s = src_line(r, line, &n);

	for (i = 0; s && i < n; i++) {
		if (s[i] == '\\') {
			i++;          /* \| and \[ are text */
		} else if (s[i] == '[') {
			open++;
		} else if (s[i] == ']' && open > 0) {
			open--;
		} else if (s[i] == '|' && open > 0) {
			const char *rest = s + i + 1, *close;
			size_t k = n - i - 1;
			for (close = rest; close + 1 < rest + k && !(close[0] == ']' && close[1] == '(');
			     close++)
				;
			if (close + 1 >= rest + k)
				return;
			shelf_diags_add(r->in->diags, SHELF_W_TABLE_PIPE, SHELF_WARNING, r->in->file,
			                line, (unsigned)(i + 1),
			                "'|' inside link text splits the table cell, so the link "
			                "shows as text; write '\\|' instead");
			return;
		}
	}
}

static void
table_row(render_state *r, cmark_node *n, int entering)
{
	int header = shelf_node_is(n, "table_header");
	cmark_node *prev = cmark_node_previous(n);

	if (entering) {
		check_split_links(r, n);
		if (header)
			shelf_buf_puts(r->out, "<thead>\n");
		else if (prev && shelf_node_is(prev, "table_header"))
			shelf_buf_puts(r->out, "<tbody>\n");
		shelf_buf_puts(r->out, "<tr>\n");
		return;
	}
	shelf_buf_puts(r->out, "</tr>\n");
	if (header)
		shelf_buf_puts(r->out, "</thead>\n");
	else if (cmark_node_next(n) == NULL)
		shelf_buf_puts(r->out, "</tbody>\n");
}

static void
table_cell(render_state *r, cmark_node *n, int entering)
{
	int header = shelf_node_is(cmark_node_parent(n), "table_header");
	const char *al;

	if (!entering) {
		shelf_buf_puts(r->out, header ? "</th>\n" : "</td>\n");
		return;
	}
	shelf_buf_puts(r->out, header ? "<th" : "<td");
	if ((al = cell_align(n)) != NULL)
		shelf_buf_printf(r->out, " style=\"text-align: %s;\"", al);
	shelf_buf_putc(r->out, '>');
}

/* ---- blocks and inlines ---------------------------------------------- */

static int
in_tight_list(cmark_node *para)
{
	cmark_node *item = cmark_node_parent(para), *list;

	if (item == NULL || (list = cmark_node_parent(item)) == NULL)
		return 0;
	return cmark_node_get_type(list) == CMARK_NODE_LIST &&
	       cmark_node_get_list_tight(list);
}

/* The text of a code block or span.  A directive the pre-pass replaced
 * there (indented five spaces under `1. `, cmark's indented code) is put
 * back as written: docfx shows it as code too. */
static void
put_code_text(render_state *r, const char *lit)
{
	shelf_buf raw = SHELF_BUF_INIT;

	if (lit == NULL)
		return;
	if (r->in->dirs == NULL || r->in->dirs->n == 0 || strstr(lit, "shelf") == NULL) {
		shelf_tokens_expand(r->in->tokens, lit, strlen(lit), SHELF_TOK_CODE, r->out);
		return;
	}
	shelf_directives_restore(r->in->dirs, lit, strlen(lit), &raw);
	shelf_tokens_expand(r->in->tokens, shelf_buf_cstr(&raw), raw.len, SHELF_TOK_CODE, r->out);
	if (raw.failed)
		r->out->failed = 1;
	shelf_buf_free(&raw);
}

static void
code_block(render_state *r, cmark_node *n)
{
	const char *info = cmark_node_get_fence_info(n), *lit = cmark_node_get_literal(n);
	size_t k = 0;

	shelf_buf_puts(r->out, "<pre><code");
	if (info) {
		while (info[k] && info[k] != ' ' && info[k] != '\t')
			k++;
		/* docfx InteractiveCode: `lang-interactive` gives class lang-X
		 * and data-interactive="X" */
		size_t lang = k > 12 && strncmp(info + k - 12, "-interactive", 12) == 0 ? k - 12 : k;
		if (k) {
			shelf_buf_puts(r->out, " class=\"lang-");
			shelf_escape_html(r->out, info, lang);
			shelf_buf_putc(r->out, '"');
		}
		if (lang != k) {
			shelf_buf_puts(r->out, " data-interactive=\"");
			shelf_escape_html(r->out, info, lang);
			shelf_buf_putc(r->out, '"');
		}
	}
	shelf_buf_putc(r->out, '>');
	put_code_text(r, lit);
	shelf_buf_puts(r->out, "</code></pre>\n");
}

/* An autolink the GFM extension made from a bare e-mail address: docfx
 * does not link those, so they stay text.  Such nodes carry no source
 * position (the extension creates them after parsing). */
static int
bare_email_link(cmark_node *n)
{
	const char *url = cmark_node_get_url(n);
	return url && strncmp(url, "mailto:", 7) == 0 &&
	       cmark_node_get_start_line(n) == 0;
}

/* A parameter value for the portal: $resourceId and $subscriptionId as
 * plain ids (the portal receives them as JSON, not in a URL). */
static json_t *
blade_params(render_state *r, const json_t *params)
{
	const shelf_portal *p = r->in->portal;
	json_t *out = json_object(), *v;
	const char *k;

	json_object_foreach((json_t *)params, k, v) {
		const char *s = json_string_value(v), *rep = NULL;
		if (p && s && strcmp(s, "$resourceId") == 0)
			rep = p->resource_id;
		else if (p && s && strcmp(s, "$subscriptionId") == 0)
			rep = p->subscription_id;
		json_object_set_new(out, k, json_string(rep ? rep : s ? s : ""));
	}
	return out;
}

/* `[text](data-blade:Ext.Blade.param.value;data-blade-uri:FALLBACK)`: an
 * <a> carrying the blade for the portal, with the fallback as href. */
static void
blade_link(render_state *r, const char *raw_url, unsigned line, unsigned col)
{
	shelf_buf url = SHELF_BUF_INIT, fb = SHELF_BUF_INIT;
	shelf_blade_link b;
	const char *why = NULL;
	int typo = 0;
	shelf_portal_link rec = {0};
	json_t *params, *v;
	const char *k;
	char *pj;

	shelf_tokens_expand(r->in->tokens, raw_url, strlen(raw_url), SHELF_TOK_URL, &url);
	if (shelf_blade_parse(shelf_buf_cstr(&url), &b, &why, &typo) != 0) {
		shelf_diags_add(r->in->diags, SHELF_E_BLADE_LINK, SHELF_ERROR, r->in->file, line, col,
		                "portal link '%.80s' does not parse: %s", raw_url, why);
		shelf_buf_puts(r->out, "<a class=\"shelf-blade-link shelf-broken\">");
		/* listed too, so the document accounts for every portal link */
		rec.kind = strdup("invalid");
		rec.raw = strdup(raw_url);
		rec.error = strdup(why);
		rec.line = line;
		shelf_portal_links_push(&r->res->blade_links, &rec);
		shelf_buf_free(&url);
		return;
	}
	if (typo)
		shelf_diags_add(r->in->diags, SHELF_W_BLADE_SCHEME, SHELF_WARNING, r->in->file, line, col,
		                "portal link scheme 'datablade:' is misspelt; write 'data-blade:'");
	if (b.fallback && !shelf_url_allowed(b.fallback, strlen(b.fallback), SHELF_URL_LINK))
		shelf_diags_add(r->in->diags, SHELF_W_RAW_HTML, SHELF_WARNING, r->in->file, line, col,
		                "portal link fallback '%.40s' removed: the scheme is not allowed",
		                b.fallback);
	if (b.fallback)
		shelf_portal_url(r->in->portal, b.fallback, &fb);
	params = blade_params(r, b.params);
	pj = json_dumps(params, JSON_COMPACT | JSON_PRESERVE_ORDER);
	shelf_buf_puts(r->out, "<a");
	/* a fallback still holding {$…} placeholders (no --resource-id) is no
	 * usable address: the portal resolves it from data-blade-uri */
	if (fb.len && !strstr(fb.ptr, "{$") && !strstr(fb.ptr, "$resourceId") &&
	    !strstr(fb.ptr, "$subscriptionId") && shelf_url_allowed(fb.ptr, fb.len, SHELF_URL_LINK))
		put_url_checked(r, "href", shelf_buf_cstr(&fb), NULL);
	else
		shelf_buf_puts(r->out, " href=\"#\"");
	if (b.fallback && shelf_url_allowed(b.fallback, strlen(b.fallback), SHELF_URL_LINK))
		put_attr(r, "data-blade-uri", b.fallback);
	shelf_buf_printf(r->out, " class=\"shelf-blade-link\" data-blade-kind=\"%s\"", b.kind);
	put_attr(r, "data-blade-extension", b.extension);
	put_attr(r, "data-blade-name", b.blade);
	put_attr(r, "data-blade-params", pj ? pj : "{}");
	shelf_buf_putc(r->out, '>');
	rec.kind = strdup(b.kind);
	rec.extension = strdup(b.extension);
	rec.blade = strdup(b.blade);
	json_object_foreach(params, k, v)
		if (json_string_value(v))
			shelf_portal_link_param(&rec, k, json_string_value(v));
	rec.fallback = fb.len ? strdup(fb.ptr) : NULL;
	rec.line = line;
	shelf_portal_links_push(&r->res->blade_links, &rec);
	free(pj);
	json_decref(params);
	shelf_blade_free(&b);
	shelf_buf_free(&url);
	shelf_buf_free(&fb);
}

/* docfx Xref: the autolink `<xref:uid>` (cmark makes it a link whose text
 * is its URL) becomes `<xref href="uid" data-throw-if-not-resolved="True"
 * data-raw-source="&lt;xref:uid&gt;"></xref>`, for the build to resolve.
 * docfx writes href unescaped; shelf escapes it (same bytes for real
 * uids).  Returns 1 when `n` was one (the iterator then skips it). */
/* 1 for the link cmark makes of the autolink `<xref:uid>` (its only child
 * is a text equal to its URL). */
static int
xref_node(cmark_node *n)
{
	const char *url = cmark_node_get_url(n);
	cmark_node *c = cmark_node_first_child(n);

	return url != NULL && strncasecmp(url, "xref:", 5) == 0 && c != NULL &&
	       cmark_node_next(c) == NULL && cmark_node_get_type(c) == CMARK_NODE_TEXT &&
	       cmark_node_get_literal(c) != NULL && strcmp(cmark_node_get_literal(c), url) == 0;
}

static int
xref_autolink(render_state *r, cmark_node *n, cmark_iter *it)
{
	const char *url = cmark_node_get_url(n), *uid;
	size_t k;

	if (!xref_node(n))
		return 0;
	for (uid = url + 5; *uid == ' '; uid++)
		;
	for (k = strlen(uid); k > 0 && uid[k - 1] == ' '; k--)
		;
	if (k >= 2 && (uid[0] == '"' || uid[0] == '\'') && uid[k - 1] == uid[0]) {
		uid++; /* docfx: <xref:"uid"> is the uid without its quotes */
		k -= 2;
	}
	if (!shelf_url_allowed(uid, k, SHELF_URL_LINK)) {
		/* a resolver would make this uid a link: never a script URL */
		shelf_diags_add(r->in->diags, SHELF_W_RAW_HTML, SHELF_WARNING, r->in->file,
		                (unsigned)cmark_node_get_start_line(n),
		                (unsigned)cmark_node_get_start_column(n),
		                "xref '%.40s' removed: the scheme is not allowed", uid);
		shelf_buf_puts(r->out, "&lt;");
		shelf_escape_html(r->out, url, strlen(url));
		shelf_buf_puts(r->out, "&gt;");
		cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
		return 1;
	}
	shelf_buf_puts(r->out, "<xref href=\"");
	shelf_escape_html(r->out, uid, k);
	shelf_buf_puts(r->out, "\" data-throw-if-not-resolved=\"True\" data-raw-source=\"&lt;");
	shelf_escape_html(r->out, url, strlen(url));
	shelf_buf_puts(r->out, "&gt;\"></xref>");
	cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
	return 1;
}

/* The xref shorthand (`@uid`, `@"uid"`) and inline math (dfm_inline.c).
 * docfx: `<xref href="uid" data-throw-if-not-resolved="False"
 * data-raw-source="@uid"></xref>` and Markdig: `<span class="math">\(…\)</span>`.
 * An `@` glued to a word (`me@example.com`) is no xref (dfm_inline.c). */
static void
dfm_inline_node(render_state *r, cmark_node *n, cmark_iter *it)
{
	cmark_node *c = cmark_node_first_child(n);
	const char *raw = c ? cmark_node_get_literal(c) : NULL;
	size_t len;

	cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
	if (raw == NULL)
		return;
	len = strlen(raw);
	shelf_dfm_inline_html(r->out, shelf_node_is_math(n), raw, len);
}

/* 1 for a link written `(Extension_Name.SomeBlade…)`: a portal link whose
 * scheme was forgotten (it would resolve as a relative file). */
static int
schemeless_blade(const char *url)
{
	const char *dot = strchr(url, '.'), *p;

	if (dot == NULL || dot == url || strchr(url, ':') || strchr(url, '/'))
		return 0;
	for (p = url; p < dot; p++)
		if (!(isalnum((unsigned char)*p) || *p == '_'))
			return 0;
	return strchr(url, '_') != NULL && strstr(dot, "Blade") != NULL;
}

static void
link(render_state *r, cmark_node *n, int entering, cmark_iter *it)
{
	const char *title = cmark_node_get_title(n);

	if (entering && xref_autolink(r, n, it))
		return;
	if (bare_email_link(n)) {
		if (entering) {
			put_text_run(r, cmark_node_first_child(n));
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
		}
		return;
	}
	if (!entering) {
		shelf_buf_puts(r->out, "</a>");
		return;
	}
	if (shelf_blade_scheme(cmark_node_get_url(n))) {
		blade_link(r, cmark_node_get_url(n), (unsigned)cmark_node_get_start_line(n),
		           (unsigned)cmark_node_get_start_column(n));
		return;
	}
	if (schemeless_blade(cmark_node_get_url(n)))
		shelf_diags_add(r->in->diags, SHELF_E_BLADE_LINK, SHELF_ERROR, r->in->file,
		                (unsigned)cmark_node_get_start_line(n),
		                (unsigned)cmark_node_get_start_column(n),
		                "'%.80s' looks like a portal link without its scheme; write 'data-blade:%.80s'",
		                cmark_node_get_url(n), cmark_node_get_url(n));
	shelf_buf_puts(r->out, "<a");
	put_url_attr(r, "href", cmark_node_get_url(n), n);
	if (title && *title)
		put_attr(r, "title", title);
	shelf_buf_putc(r->out, '>');
}

/* Markdig MediaLinks (docfx turns it on): an image link to a known video
 * host is an iframe, one to a video or audio file a player.  Returns 1
 * when `n` was one. */
static int
media_image(render_state *r, cmark_node *n)
{
	shelf_buf url = SHELF_BUF_INIT, src = SHELF_BUF_INIT;
	const char *cls = NULL, *mime = NULL;
	int fullscreen = 0;
	shelf_media_kind kind;

	expand_url(r, cmark_node_get_url(n) ? cmark_node_get_url(n) : "", &url);
	kind = shelf_dfm_media_link(shelf_buf_cstr(&url), &src, &cls, &fullscreen, &mime);
	if (kind == SHELF_MEDIA_IFRAME) {
		shelf_buf_puts(r->out, "<iframe src=\"");
		shelf_escape_url(r->out, shelf_buf_cstr(&src), src.len, SHELF_URL_HREF);
		shelf_buf_printf(r->out, "\" class=\"%s\" width=\"500\" height=\"281\" frameborder=\"0\"%s></iframe>",
		                 cls, fullscreen ? " allowfullscreen=\"\"" : "");
	} else if (kind != SHELF_MEDIA_NONE) {
		int audio = kind == SHELF_MEDIA_AUDIO;
		shelf_buf_printf(r->out, "<%s width=\"500\"%s controls=\"\"><source type=\"%s\"",
		                 audio ? "audio" : "video", audio ? "" : " height=\"281\"", mime);
		put_url_checked(r, "src", shelf_buf_cstr(&url), n);
		shelf_buf_printf(r->out, "></source></%s>", audio ? "audio" : "video");
	}
	if (kind != SHELF_MEDIA_NONE && cmark_node_first_child(n)) {
		shelf_buf alt = SHELF_BUF_INIT;
		shelf_node_plain_text(n, &alt);
		if (alt.len)
			shelf_diags_add(r->in->diags, SHELF_W_MEDIA_ALT, SHELF_WARNING, r->in->file,
			                (unsigned)cmark_node_get_start_line(n),
			                (unsigned)cmark_node_get_start_column(n),
			                "image link to a video or audio: docfx embeds a player and drops the alt text '%.60s'; say it in the text around it if it matters",
			                shelf_buf_cstr(&alt));
		shelf_buf_free(&alt);
	}
	shelf_buf_free(&url);
	shelf_buf_free(&src);
	return kind != SHELF_MEDIA_NONE;
}

static void
image(render_state *r, cmark_node *n, cmark_iter *it)
{
	const char *title = cmark_node_get_title(n);
	shelf_buf alt = SHELF_BUF_INIT, url = SHELF_BUF_INIT, text = SHELF_BUF_INIT;

	if (media_image(r, n)) {
		cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
		return;
	}
	shelf_node_plain_text(n, &alt);
	expand_url(r, cmark_node_get_url(n), &url);
	if (shelf_dfm_media_missing(r->in->dfm, shelf_buf_cstr(&url), "image",
	                            (unsigned)cmark_node_get_start_line(n),
	                            (unsigned)cmark_node_get_start_column(n))) {
		/* the alt text, visibly marked: a missing picture is never nothing */
		shelf_buf where = SHELF_BUF_INIT;
		shelf_dfm_url(r->in->dfm, shelf_buf_cstr(&url), (unsigned)cmark_node_get_start_line(n),
		              (unsigned)cmark_node_get_start_column(n), &where);
		shelf_tokens_expand(r->in->tokens, shelf_buf_cstr(&alt), alt.len, SHELF_TOK_PLAIN,
		                    &text);
		shelf_dfm_missing_media(shelf_buf_cstr(&where), shelf_buf_cstr(&text), r->out);
		shelf_buf_free(&where);
	} else {
		shelf_buf_puts(r->out, "<img");
		put_url_checked(r, "src", shelf_buf_cstr(&url), n);
		put_attr(r, "alt", shelf_buf_cstr(&alt));
		if (title && *title)
			put_attr(r, "title", title);
		shelf_buf_puts(r->out, " />");
	}
	shelf_buf_free(&alt);
	shelf_buf_free(&url);
	shelf_buf_free(&text);
	cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
}

static void
task_item(render_state *r, cmark_node *n, int entering)
{
	if (!entering) {
		shelf_buf_puts(r->out, "</li>\n");
		return;
	}
	/* A checkbox input is not allowed in a portal fragment; a symbol with
	 * an accessible name says the same. */
	if (cmark_gfm_extensions_get_tasklist_item_checked(n))
		shelf_buf_puts(r->out, "<li class=\"task-list-item\"><span class=\"task-list-item-checkbox\" role=\"img\" aria-label=\"done\">&#x2611;</span> ");
	else
		shelf_buf_puts(r->out, "<li class=\"task-list-item\"><span class=\"task-list-item-checkbox\" role=\"img\" aria-label=\"not done\">&#x2610;</span> ");
}

static int
is_container(cmark_node_type t)
{
	return t == CMARK_NODE_BLOCK_QUOTE || t == CMARK_NODE_LIST ||
	       t == CMARK_NODE_ITEM;
}

static void
block_container(render_state *r, cmark_node *n, int entering)
{
	cmark_node_type t = cmark_node_get_type(n);

	if (r->depth > SHELF_MAX_NESTING) {
		if (!r->depth_reported) {
			r->depth_reported = 1;
			shelf_diags_add(r->in->diags, SHELF_E_NESTING, SHELF_ERROR,
			                r->in->file, (unsigned)cmark_node_get_start_line(n),
			                (unsigned)cmark_node_get_start_column(n),
			                "blocks nested deeper than %d levels; the deeper ones are rendered flat",
			                SHELF_MAX_NESTING);
		}
		return;
	}
	if (t == CMARK_NODE_BLOCK_QUOTE) {
		shelf_buf_puts(r->out, entering ? "<blockquote>\n" : "</blockquote>\n");
	} else if (t == CMARK_NODE_LIST) {
		int ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
		int start = cmark_node_get_list_start(n);
		if (!entering)
			shelf_buf_puts(r->out, ordered ? "</ol>\n" : "</ul>\n");
		else if (ordered && start != 1)
			shelf_buf_printf(r->out, "<ol start=\"%d\">\n", start);
		else
			shelf_buf_puts(r->out, ordered ? "<ol>\n" : "<ul>\n");
	} else if (shelf_node_is(n, "tasklist")) {
		task_item(r, n, entering);
	} else {
		shelf_buf_puts(r->out, entering ? "<li>" : "</li>\n");
	}
}

/* 1 for block nodes that have children (and so an exit event). */
static int
holds_blocks_or_inlines(cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);

	if ((t & CMARK_NODE_TYPE_MASK) != CMARK_NODE_TYPE_BLOCK)
		return 0;
	return t != CMARK_NODE_DOCUMENT && t != CMARK_NODE_CODE_BLOCK &&
	       t != CMARK_NODE_HTML_BLOCK && t != CMARK_NODE_THEMATIC_BREAK;
}

/* 1 for the node types of cmark itself; the extensions' (tables,
 * strikethrough, docfx inlines) are numbered after them. */
static int
is_core_type(cmark_node_type t)
{
	return (t >= CMARK_NODE_DOCUMENT && t <= CMARK_NODE_FOOTNOTE_DEFINITION) ||
	       (t >= CMARK_NODE_TEXT && t <= CMARK_NODE_FOOTNOTE_REFERENCE);
}

/* Renders an event of an extension's node. */
static void
render_extension(render_state *r, cmark_iter *it, cmark_node *n, int entering)
{
	if (shelf_node_is(n, "table")) {
		shelf_buf_puts(r->out, entering ? "<table>\n" : "</table>\n");
		return;
	}
	if (shelf_node_is(n, "table_row") || shelf_node_is(n, "table_header")) {
		table_row(r, n, entering);
		return;
	}
	if (shelf_node_is(n, "table_cell")) {
		table_cell(r, n, entering);
		return;
	}
	if (shelf_node_is_xref_short(n) || shelf_node_is_math(n)) {
		if (entering)
			dfm_inline_node(r, n, it);
		return;
	}
	if (shelf_node_is(n, "strikethrough"))
		shelf_buf_puts(r->out, entering ? "<del>" : "</del>");
}

/* Renders one iterator event. */
static void
render_event(render_state *r, cmark_iter *it, cmark_event_type ev)
{
	cmark_node *n = cmark_iter_get_node(it);
	cmark_node_type t = cmark_node_get_type(n);
	int entering = ev == CMARK_EVENT_ENTER;
	const char *lit;

	if (n == r->skip[0] || n == r->skip[1])
		return;
	if (holds_blocks_or_inlines(n)) {
		/* Author tags opened inside a block are closed when it ends. */
		if (entering) {
			r->tag_depth++;
		} else {
			close_author_tags(r, r->tag_depth - 1);
			r->tag_depth--;
		}
	}
	if (is_container(t)) {
		if (entering)
			r->depth++;
		block_container(r, n, entering);
		if (!entering)
			r->depth--;
		return;
	}
	if (!is_core_type(t)) {
		render_extension(r, it, n, entering);
		return;
	}
	switch (t) {
	case CMARK_NODE_DOCUMENT:
		break;
	case CMARK_NODE_CUSTOM_BLOCK:
	case CMARK_NODE_CUSTOM_INLINE:
		if (entering && cmark_node_get_user_data(n)) {
			/* a tab section: its heading's id is reserved (tabs.c) */
			const char *text = cmark_node_get_user_data(n);
			shelf_buf id = SHELF_BUF_INIT;
			shelf_slug_make(&id, text, strlen(text));
			shelf_slugs_claim(r->slugs, &id);
			shelf_buf_free(&id);
		}
		lit = entering ? cmark_node_get_on_enter(n) : cmark_node_get_on_exit(n);
		if (lit)
			shelf_buf_puts(r->out, lit);
		break;
	case CMARK_NODE_PARAGRAPH:
		if (r->in->inline_only)
			break; /* an inline include: paragraphs run together */
		if (!in_tight_list(n))
			shelf_buf_puts(r->out, entering ? "<p>" : "</p>\n");
		else if (!entering && cmark_node_next(n))
			shelf_buf_putc(r->out, '\n');
		break;
	case CMARK_NODE_HEADING:
		if (r->in->inline_only) {
			/* docfx's inline pipeline has no headings: the text stays */
			if (entering)
				shelf_buf_printf(r->out, "%.*s ", cmark_node_get_heading_level(n),
				                 "######");
		} else if (entering) {
			enter_heading(r, n);
		} else {
			shelf_buf_put(r->out, "</h", 3);
			shelf_buf_putc(r->out, '0' + cmark_node_get_heading_level(n));
			shelf_buf_put(r->out, ">\n", 2);
			r->skip[0] = r->skip[1] = NULL;
		}
		break;
	case CMARK_NODE_CODE_BLOCK:
		code_block(r, n);
		break;
	case CMARK_NODE_HTML_BLOCK:
	case CMARK_NODE_HTML_INLINE:
		put_raw_html(r, n);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		shelf_buf_puts(r->out, "<hr />\n");
		break;
	case CMARK_NODE_TEXT: {
		cmark_node *prev = cmark_node_previous(n);
		if (prev == NULL || cmark_node_get_type(prev) != CMARK_NODE_TEXT)
			put_text_run(r, n);
		break;
	}
	case CMARK_NODE_SOFTBREAK:
		shelf_buf_putc(r->out, '\n');
		break;
	case CMARK_NODE_LINEBREAK:
		shelf_buf_puts(r->out, "<br />\n");
		break;
	case CMARK_NODE_CODE:
		shelf_buf_puts(r->out, "<code>");
		put_code_text(r, cmark_node_get_literal(n));
		shelf_buf_puts(r->out, "</code>");
		break;
	case CMARK_NODE_EMPH:
		shelf_buf_puts(r->out, entering ? "<em>" : "</em>");
		break;
	case CMARK_NODE_STRONG:
		shelf_buf_puts(r->out, entering ? "<strong>" : "</strong>");
		break;
	case CMARK_NODE_LINK:
		link(r, n, entering, it);
		break;
	case CMARK_NODE_IMAGE:
		if (entering)
			image(r, n, it);
		break;
	default:
		break;
	}
}

/* Records where each top-level block starts in the HTML (and its source
 * lines), so sections can be cut from the rendered body; NULL closes the
 * last one. */
static void
mark_block(render_state *r, cmark_node *node)
{
	shelf_blocks *a = &r->res->blocks;
	shelf_block b;

	if (a->n && a->v[a->n - 1].open) {
		a->v[a->n - 1].to = r->out->len;
		a->v[a->n - 1].open = 0;
	}
	if (node == NULL)
		return;
	b.line = (unsigned)cmark_node_get_start_line(node);
	b.end = (unsigned)cmark_node_get_end_line(node);
	b.from = b.to = r->out->len;
	b.open = 1;
	b.heading = SHELF_NO_HEADING;
	shelf_blocks_push(a, &b);
}

int
shelf_render_tree(cmark_node *doc, const shelf_render_in *in,
                  shelf_buf *html, shelf_render_out *res)
{
	render_state r;
	cmark_iter *it;
	cmark_event_type ev;
	int rc = -1;

	memset(&r, 0, sizeof r);
	memset(res, 0, sizeof *res);
	shelf_buf_init(&r.h_text, 0);
	shelf_buf_init(&r.h_id, 0);
	r.in = in;
	r.out = html;
	r.res = res;
	r.slugs = shelf_slugs_new();
	it = cmark_iter_new(doc);
	if (r.slugs == NULL || it == NULL)
		goto done;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE && !html->failed) {
		cmark_node *node = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_parent(node) == doc)
			mark_block(&r, node);
		render_event(&r, it, ev);
	}
	mark_block(&r, NULL);
	close_author_tags(&r, 0);
	while (r.n_open > 0) {
		char *t = r.open_tags[--r.n_open];
		shelf_buf_printf(html, "</%s>", t);
		free(t);
	}
	rc = html->failed ? -1 : 0;
done:
	while (r.n_open > 0)
		free(r.open_tags[--r.n_open]);
	cmark_iter_free(it);
	shelf_slugs_free(r.slugs);
	shelf_buf_free(&r.h_text);
	shelf_buf_free(&r.h_id);
	return rc;
}

void
shelf_render_out_free(shelf_render_out *res)
{
	if (res == NULL)
		return;
	shelf_headings_free(&res->headings);
	shelf_portal_links_free(&res->blade_links);
	shelf_portal_elements_free(&res->elements);
	shelf_blocks_free(&res->blocks);
	free(res->first_h1);
	res->first_h1 = NULL;
}

int
shelf_heading_explicit_id(cmark_node *heading, shelf_buf *id)
{
	cmark_node *a, *b;

	return heading_anchor(heading, id, &a, &b);
}
