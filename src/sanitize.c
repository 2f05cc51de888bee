/* sanitize.c - raw-HTML sanitizer; see sanitize.h.  The allow-lists are in
 * sanitize_tables.c.  In order: escaping and references, URL and style checks, the start-tag writer both
 * stages share, the tokenizer and stage 1, then stage 2: depth model,
 * bounded gumbo parse, tree writer. */
#include "sanitize.h"
#include "sanitize_tables.h"
#include "escape.h"

#include <gumbo.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int
el_is(const el_info *el, const char *name)
{
	return el != NULL && strcmp(el->name, name) == 0;
}

/* ---- URL and style values ---------------------------------------------- */

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && IS_WS(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && IS_WS((*s)[*n - 1]))
		(*n)--;
}

/* 1 when style may set property p (with `cell`, text-align only). */
static int
style_prop_ok(const char *p, size_t n, int cell)
{
	if (cell)
		return shelf_san_in_list(" text-align ", p, n);
	if (shelf_san_has_prefix(p, n, "border-image"))
		return 0;
	return shelf_san_in_list(" color background-color font-size font-weight"
	               " font-style text-align text-decoration width height"
	               " margin padding border ", p, n) ||
	       shelf_san_has_prefix(p, n, "margin-") || shelf_san_has_prefix(p, n, "padding-") ||
	       shelf_san_has_prefix(p, n, "border-");
}

/* 1 when a declaration value uses only [#a-zA-Z0-9 .,%()-] and blanks,
 * and every '(' opens rgb(), rgba(), hsl(), hsla() or calc() or nests in
 * one: no url(), no expression(), no escapes, no comments. */
static int
style_value_ok(const char *v, size_t n)
{
	size_t i, word = 0, depth = 0;

	for (i = 0; i < n; i++) {
		char c = v[i];
		if (IS_ALPHA(c) || IS_DIGIT(c) || c == '-') {
			word++;
			continue;
		}
		if (c == '(' && ((depth > 0 && word == 0) ||
		                 shelf_san_in_list(" rgb rgba hsl hsla calc ", v + i - word,
		                         word)))
			depth++;
		else if (c == ')' && depth > 0)
			depth--;
		else if (!(c == '#' || c == '.' || c == ',' || c == '%' || IS_WS(c)))
			return 0;
		word = 0;
	}
	return n > 0 && depth == 0;
}

/* 1 when every declaration of the decoded style value v is allowed (with
 * `cell`, text-align only).  Else the whole attribute goes. */
static int
style_ok(const char *v, size_t n, int cell)
{
	size_t i = 0;

	while (i < n) {
		const char *decl = v + i, *semi = memchr(decl, ';', n - i), *colon;
		const char *val;
		size_t dn = semi ? (size_t)(semi - decl) : n - i, pn, vn;

		i += dn + (semi != NULL);
		trim(&decl, &dn);
		if (dn == 0)
			continue;
		if ((colon = memchr(decl, ':', dn)) == NULL)
			return 0;
		pn = (size_t)(colon - decl);
		val = colon + 1;
		vn = dn - pn - 1;
		trim(&decl, &pn);
		trim(&val, &vn);
		if (!style_prop_ok(decl, pn, cell) || !style_value_ok(val, vn))
			return 0;
	}
	return 1;
}

/* ---- Writing a start tag (both stages) --------------------------------- */

typedef struct attr_view {
	const char *name;   /* any case */
	size_t nlen;
	const char *val;    /* decoded */
	size_t vlen;
} attr_view;

#define DROP_NAMES_MAX 8   /* attribute names quoted in one warning */

/* Names of the attributes dropped in one snippet, for one warning. */
typedef struct drop_list {
	char text[DROP_NAMES_MAX * 40];
	size_t len;
	unsigned count;
	int more;
} drop_list;

/* Adds `name` to `dl` once, cut to 32 bytes and printable: it ends up on
 * a terminal, so it must not carry escape sequences. */
static void
drop_note(drop_list *dl, const char *name, size_t n)
{
	char safe[40];
	const char *p;
	size_t i, k;

	for (k = 0; k < n && k < 32; k++)
		safe[k] = name[k] > 0x20 && name[k] < 0x7F && name[k] != ',' ?
		          (char)LOWER(name[k]) : '?';
	if (k < n) {
		memcpy(safe + k, "...", 3);
		k += 3;
	}
	safe[k] = '\0';
	for (p = dl->text, i = 0; i < dl->count; i++, p += strcspn(p, ",") + 2)
		if (strncmp(p, safe, k) == 0 && (p[k] == ',' || p[k] == '\0'))
			return;
	if (dl->count == DROP_NAMES_MAX) {
		dl->more = 1;
		return;
	}
	if (dl->count++ > 0) {
		memcpy(dl->text + dl->len, ", ", 2);
		dl->len += 2;
	}
	memcpy(dl->text + dl->len, safe, k + 1);
	dl->len += k;
}

/* Writes ` name="value"` when the value of `a` is safe for `kind`.
 * Returns 1, or 0 when the attribute is dropped instead. */
static int
put_attr(shelf_buf *out, const attr_view *a, enum attr_kind kind)
{
	int ok = kind == AK_TEXT || kind == AK_REL;
	size_t i;

	if (kind == AK_URL || kind == AK_MEDIA || kind == AK_HTTPS)
		ok = shelf_url_allowed(a->val, a->vlen, kind == AK_URL ? SHELF_URL_LINK :
		                       kind == AK_MEDIA ? SHELF_URL_MEDIA : SHELF_URL_FRAME);
	else if (kind == AK_STYLE || kind == AK_CELLSTYLE)
		ok = style_ok(a->val, a->vlen, kind == AK_CELLSTYLE);
	else if (kind == AK_TARGET)
		ok = shelf_san_in_list(" _blank _self ", a->val, a->vlen);
	else if (kind == AK_ALIGN)
		ok = shelf_san_in_list(" left center right justify ", a->val, a->vlen);
	if (!ok)
		return 0;
	shelf_buf_putc(out, ' ');
	for (i = 0; i < a->nlen; i++)
		shelf_buf_putc(out, LOWER(a->name[i]));
	shelf_buf_put(out, "=\"", 2);
	if (kind == AK_TARGET || kind == AK_ALIGN)    /* one of the words */
		for (i = 0; i < a->vlen; i++)
			shelf_buf_putc(out, LOWER(a->val[i]));
	else
		shelf_escape_text(out, a->val, a->vlen, SHELF_ESC_QUOT | SHELF_ESC_CLEAN);
	shelf_buf_putc(out, '"');
	return 1;
}

/* 1 when one of the n attributes in av is called `name` (any case). */
static int
has_attr(const attr_view *av, size_t n, const char *name)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (av[k].nlen == strlen(name) && strncasecmp(av[k].name, name, av[k].nlen) == 0)
			return 1;
	return 0;
}

/* Appends <name attr="value"...> for allowed element `el`, with only the
 * allowed attributes with safe values; the names of the others go to
 * `drops` (may be NULL).  target="_blank" gets rel="noopener noreferrer". */
static void
emit_start_tag(shelf_buf *out, const el_info *el, const attr_view *av,
               size_t n, drop_list *drops)
{
	size_t k;
	int blank = 0;

	for (k = 0; k < n; k++)
		if (shelf_san_attr_kind(el, av[k].name, av[k].nlen) == AK_TARGET &&
		    shelf_san_in_list(" _blank ", av[k].val, av[k].vlen))
			blank = 1;
	shelf_buf_putc(out, '<');
	shelf_buf_puts(out, el->name);
	for (k = 0; k < n; k++) {
		enum attr_kind kind = shelf_san_attr_kind(el, av[k].name, av[k].nlen);
		if (!(kind == AK_REL && blank) && !put_attr(out, &av[k], kind) &&
		    drops != NULL)
			drop_note(drops, av[k].name, av[k].nlen);
	}
	if (blank)
		shelf_buf_puts(out, " rel=\"noopener noreferrer\"");
	/* a video plays only when the reader asks (autoplay is not allowed) */
	if (el_is(el, "video") && !has_attr(av, n, "controls"))
		shelf_buf_puts(out, " controls=\"\"");
	shelf_buf_putc(out, '>');
}

/* ---- The tokenizer: HTML5's tag, attribute and comment states ---------- */

typedef enum tok_kind {
	TK_TEXT,            /* '<' starts no markup: it is text */
	TK_START, TK_END,
	TK_DROP,            /* comment, <!DOCTYPE>, <?...>, <![CDATA[...]]> */
	TK_EOF_IN_TAG       /* the input ends inside a tag */
} tok_kind;

typedef struct raw_attr {
	const char *name, *val;   /* slices of the input; val not decoded */
	size_t nlen, vlen;
	int has_val;
} raw_attr;

typedef struct tag_tok {
	tok_kind kind;
	size_t len;               /* bytes from '<' */
	const char *name;
	size_t nlen;
	int self_closing;
	size_t nattr;             /* attributes seen; the first
	                           * SHELF_SANITIZE_MAX_ATTRS are kept */
	raw_attr attr[SHELF_SANITIZE_MAX_ATTRS];
} tag_tok;

/* Offset just past the '>' at or after i, or n. */
static size_t
skip_to_gt(const char *p, size_t n, size_t i)
{
	const char *gt = i < n ? memchr(p + i, '>', n - i) : NULL;

	return gt ? (size_t)(gt - p) + 1 : n;
}

/* Length of the comment at p ("<!--"), to "-->" or "--!>" ("<!-->" and
 * "<!--->" are whole comments), or to the end of input. */
static size_t
comment_len(const char *p, size_t n)
{
	size_t i = 4;
	const char *dash;

	if (n > 4 && p[4] == '>')
		return 5;
	if (n > 5 && p[4] == '-' && p[5] == '>')
		return 6;
	while (i + 2 < n && (dash = memchr(p + i, '-', n - i - 2)) != NULL) {
		i = (size_t)(dash - p);
		if (p[i + 1] == '-' && p[i + 2] == '>')
			return i + 3;
		if (i + 3 < n && p[i + 1] == '-' && p[i + 2] == '!' && p[i + 3] == '>')
			return i + 4;
		i++;
	}
	return n;
}

/* Lexes the attributes and the end of a tag whose name ends at p[i].
 * Returns the offset past its '>', or 0 when the input ends first. */
static size_t
lex_attrs(const char *p, size_t n, size_t i, tag_tok *t)
{
	for (;;) {
		raw_attr a = {NULL, NULL, 0, 0, 0};
		const char *q;

		while (i < n && IS_WS(p[i]))
			i++;
		if (i >= n)
			return 0;
		if (p[i] == '>')
			return i + 1;
		if (p[i] == '/') {
			if (++i < n && p[i] == '>') {
				t->self_closing = 1;
				return i + 1;
			}
			continue;
		}
		a.name = p + i++;             /* the first character may be '=' */
		while (i < n && !IS_WS(p[i]) && p[i] != '/' && p[i] != '>' &&
		       p[i] != '=')
			i++;
		a.nlen = (size_t)(p + i - a.name);
		while (i < n && IS_WS(p[i]))
			i++;
		if (i < n && p[i] == '=') {
			for (i++; i < n && IS_WS(p[i]); i++)
				;
			if (i >= n)
				return 0;
			a.has_val = 1;
			a.val = p + i;
			if (p[i] == '"' || p[i] == '\'') {
				if ((q = memchr(p + i + 1, p[i], n - i - 1)) == NULL)
					return 0;
				a.val++;
				i = (size_t)(q - p) + 1;
				a.vlen = (size_t)(q - a.val);
			} else {
				while (i < n && !IS_WS(p[i]) && p[i] != '>')
					i++;
				a.vlen = (size_t)(p + i - a.val);
			}
		}
		if (t->nattr < SHELF_SANITIZE_MAX_ATTRS)
			t->attr[t->nattr] = a;
		t->nattr++;
	}
}

/* Lexes the markup at p[0] == '<' (n bytes left) into t, as the HTML5
 * tokenizer does from its data state. */
static void
lex_markup(const char *p, size_t n, tag_tok *t)
{
	size_t i = 1;

	t->kind = TK_TEXT;
	t->len = 1;
	t->nattr = 0;
	t->self_closing = 0;
	if (n < 2)
		return;
	if (p[1] == '!' || p[1] == '?') {
		t->kind = TK_DROP;
		t->len = n >= 4 && memcmp(p, "<!--", 4) == 0 ? comment_len(p, n)
		                                             : skip_to_gt(p, n, 2);
		return;
	}
	if (p[1] == '/') {
		if (n < 3 || p[2] == '>')
			return;               /* "</" at the end, "</>": text */
		if (!IS_ALPHA(p[2])) {
			t->kind = TK_DROP;    /* "</ x>" is a bogus comment */
			t->len = skip_to_gt(p, n, 2);
			return;
		}
		i = 2;
	} else if (!IS_ALPHA(p[1])) {
		return;
	}
	t->kind = i == 2 ? TK_END : TK_START;
	t->name = p + i;
	while (i < n && !IS_WS(p[i]) && p[i] != '/' && p[i] != '>')
		i++;
	t->nlen = (size_t)(p + i - t->name);
	if ((t->len = lex_attrs(p, n, i, t)) == 0) {
		t->kind = TK_EOF_IN_TAG;
		t->len = n;
	}
}

/* Offset in p of the "</name" that ends raw-text element el, or n:
 * <plaintext> and unclosed elements run to the end. */
static size_t
raw_text_len(const char *p, size_t n, const el_info *el)
{
	size_t k = strlen(el->name), i = 0, j;
	const char *lt;

	while (!el_is(el, "plaintext") && i < n &&
	       (lt = memchr(p + i, '<', n - i)) != NULL) {
		j = (size_t)(lt - p);
		if (j + 2 + k <= n && p[j + 1] == '/' &&
		    strncasecmp(p + j + 2, el->name, k) == 0 &&
		    (j + 2 + k == n || IS_WS(p[j + 2 + k]) || p[j + 2 + k] == '/' ||
		     p[j + 2 + k] == '>'))
			return j;
		i = j + 1;
	}
	return n;
}

/* ---- Stage 1: snippets ------------------------------------------------- */

typedef struct snip {
	shelf_buf *out;
	shelf_diags *d;
	const char *file, *html;
	size_t len;
	size_t pos_off;           /* where pos_line:pos_col is */
	unsigned pos_line, pos_col;
	shelf_buf scratch;        /* decoded attribute values of a tag */
	drop_list drops;
	unsigned drop_line, drop_col;
	tag_tok tok;
} snip;

/* Line and column of offset off (never before the last one asked). */
static void
snip_pos(snip *s, size_t off, unsigned *line, unsigned *col)
{
	for (; s->pos_off < off && s->pos_off < s->len; s->pos_off++) {
		if (s->html[s->pos_off] == '\n') {
			s->pos_line++;
			s->pos_col = 1;
		} else {
			s->pos_col++;
		}
	}
	*line = s->pos_line;
	*col = s->pos_col;
}

/* Warns "raw HTML <what>; shown as text" at offset at. */
static void
snip_warn(snip *s, size_t at, const char *what)
{
	unsigned line, col;

	if (s->d == NULL)
		return;
	snip_pos(s, at, &line, &col);
	shelf_diags_add(s->d, SHELF_W_RAW_HTML, SHELF_WARNING, s->file, line, col,
	                "raw HTML %s; shown as text", what);
}

/* Fills av from the attributes of s->tok, values decoded into s->scratch;
 * of two names equal in any case the first wins, as in browsers.  Returns
 * the count, or (size_t)-1 on OOM. */
static size_t
snip_attrs(snip *s, attr_view *av)
{
	size_t voff[SHELF_SANITIZE_MAX_ATTRS], k, j, n = 0;
	const tag_tok *t = &s->tok;

	shelf_buf_clear(&s->scratch);
	for (k = 0; k < t->nattr; k++) {
		const raw_attr *a = &t->attr[k];
		for (j = 0; j < n; j++)
			if (av[j].nlen == a->nlen &&
			    strncasecmp(av[j].name, a->name, a->nlen) == 0)
				break;
		if (j < n)
			continue;
		av[n].name = a->name;
		av[n].nlen = a->nlen;
		voff[n] = s->scratch.len;
		shelf_entities_decode(&s->scratch, a->val, a->vlen);
		av[n].vlen = s->scratch.len - voff[n];
		n++;
	}
	for (k = 0; k < n; k++)
		av[k].val = shelf_buf_cstr(&s->scratch) + voff[k];
	return s->scratch.failed ? (size_t)-1 : n;
}

/* 1 when a known tag is prose in angle brackets (<Sub GUID that was used
 * ...>, <TIME ZONE>): it has a value-less attribute that is no HTML
 * attribute name. */
static int
reads_as_prose(const tag_tok *t)
{
	size_t k;

	for (k = 0; k < t->nattr; k++)
		if (!t->attr[k].has_val &&
		    !shelf_san_attr_name_known(t->attr[k].name, t->attr[k].nlen))
			return 1;
	return 0;
}

static void
put_end_tag(shelf_buf *out, const el_info *el)
{
	shelf_buf_put(out, "</", 2);
	shelf_buf_puts(out, el->name);
	shelf_buf_putc(out, '>');
}

/* Writes the allowed start tag s->tok found at offset at.  Returns 0, or
 * -1 on OOM. */
static int
snip_emit_start(snip *s, const el_info *el, size_t at)
{
	attr_view av[SHELF_SANITIZE_MAX_ATTRS];
	size_t n = snip_attrs(s, av);

	if (n == (size_t)-1)
		return -1;
	emit_start_tag(s->out, el, av, n, &s->drops);
	if (s->drops.count > 0 && s->drop_line == 0)  /* the first such tag */
		snip_pos(s, at, &s->drop_line, &s->drop_col);
	if (s->tok.self_closing && !(el->flags & EL_VOID))
		put_end_tag(s->out, el);
	return 0;
}

/* Writes the start or end tag s->tok (at offset at) of an element that is
 * rewritten (see shelf_san_rewrite_of()): as rw->to with its class, or
 * nothing when unwrapped.  The author's attributes are dropped, named in
 * the snippet's warning. */
static void
snip_rewrite(snip *s, const shelf_san_rewrite *rw, size_t at)
{
	const tag_tok *t = &s->tok;
	size_t k;

	if (rw->to != NULL && t->kind == TK_END)
		shelf_buf_printf(s->out, "</%s>", rw->to);
	else if (rw->to != NULL)
		shelf_buf_printf(s->out, "<%s class=\"%s\">%s%s%s", rw->to, rw->cls,
		                 t->self_closing ? "</" : "", t->self_closing ? rw->to : "",
		                 t->self_closing ? ">" : "");
	if (t->kind != TK_START)
		return;
	for (k = 0; k < t->nattr; k++)
		drop_note(&s->drops, t->attr[k].name, t->attr[k].nlen);
	if (s->drops.count > 0 && s->drop_line == 0)
		snip_pos(s, at, &s->drop_line, &s->drop_col);
}

/* Handles the tag s->tok at offset at.  Returns 0, or -1 on OOM. */
static int
snip_tag(snip *s, size_t at)
{
	const tag_tok *t = &s->tok;
	const el_info *el = shelf_san_el_lookup(t->name, t->nlen);
	const shelf_san_rewrite *rw = shelf_san_rewrite_of(el);
	char what[64];

	if (t->len > SHELF_SANITIZE_MAX_TAG_BYTES) {
		snprintf(what, sizeof what, "tag longer than %zu bytes",
		         SHELF_SANITIZE_MAX_TAG_BYTES);
		snip_warn(s, at, what);
	} else if (t->nattr > SHELF_SANITIZE_MAX_ATTRS) {
		snprintf(what, sizeof what, "tag with more than %d attributes",
		         SHELF_SANITIZE_MAX_ATTRS);
		snip_warn(s, at, what);
	} else if (rw != NULL && !reads_as_prose(t)) {
		snip_rewrite(s, rw, at);
		return 0;
	} else if (!shelf_san_el_allowed(el, SHELF_POLICY_PAGE) || (el->flags & EL_NOSNIP)) {
		/* not allowed, or only the renderer's (iframe) */
		snprintf(what, sizeof what, "<%s> is not allowed", el ? el->name : "");
		if (el != NULL && t->kind == TK_START && !reads_as_prose(t))
			snip_warn(s, at, what);
	} else if (t->kind == TK_END) {
		put_end_tag(s->out, el);
		return 0;
	} else if (!reads_as_prose(t)) {
		return snip_emit_start(s, el, at);
	}
	shelf_escape_text(s->out, s->html + at, t->len, SHELF_ESC_QUOT | SHELF_ESC_CLEAN |
		                  SHELF_ESC_KEEP_REFS);
	return 0;
}

/* Handles the markup at offset at (html[at] == '<').  Returns where text
 * resumes, or (size_t)-1 on OOM. */
static size_t
snip_markup(snip *s, size_t at)
{
	tag_tok *t = &s->tok;
	const el_info *el;
	size_t next, raw;

	lex_markup(s->html + at, s->len - at, t);
	if (t->kind == TK_TEXT) {
		shelf_buf_puts(s->out, "&lt;");
		return at + 1;
	}
	if (t->kind == TK_DROP)
		return at + t->len;
	if (t->kind == TK_EOF_IN_TAG) {      /* a browser would hide the rest */
		shelf_escape_text(s->out, s->html + at, s->len - at, SHELF_ESC_QUOT | SHELF_ESC_CLEAN |
		                  SHELF_ESC_KEEP_REFS);
		return s->len;
	}
	if (snip_tag(s, at) != 0)
		return (size_t)-1;
	next = at + t->len;
	el = shelf_san_el_lookup(t->name, t->nlen);
	if (t->kind == TK_START && el != NULL && (el->flags & EL_RAW)) {
		raw = raw_text_len(s->html + next, s->len - next, el);
		shelf_escape_text(s->out, s->html + next, raw, SHELF_ESC_QUOT | SHELF_ESC_CLEAN |
		                  SHELF_ESC_KEEP_REFS);
		next += raw;
	}
	return next;
}

int
shelf_sanitize_snippet(shelf_buf *out, const char *html, size_t len,
                       shelf_diags *d, const char *file, unsigned line,
                       unsigned col)
{
	snip *s;
	size_t i = 0;
	int ret = -1;

	if (len > SHELF_SANITIZE_MAX_INPUT || (html == NULL && len > 0) ||
	    (s = malloc(sizeof *s)) == NULL)   /* ~3 KiB: not on the stack */
		return -1;
	*s = (snip){.out = out, .d = d, .file = file, .html = html, .len = len,
	            .pos_line = line ? line : 1, .pos_col = col ? col : 1,
	            .scratch = SHELF_BUF_INIT};
	while (i < len) {
		const char *lt = memchr(html + i, '<', len - i);
		size_t at = lt ? (size_t)(lt - html) : len;

		shelf_escape_text(out, html + i, at - i, SHELF_ESC_QUOT | SHELF_ESC_CLEAN |
		                  SHELF_ESC_KEEP_REFS);
		if (lt == NULL)
			break;
		if ((i = snip_markup(s, at)) == (size_t)-1)
			goto done;
	}
	if (s->drops.count && d != NULL)
		shelf_diags_add(d, SHELF_W_RAW_HTML, SHELF_WARNING, file,
		                s->drop_line, s->drop_col,
		                "raw HTML attribute%s removed: %s%s",
		                s->drops.count > 1 || s->drops.more ? "s" : "",
		                s->drops.text, s->drops.more ? ", ..." : "");
	ret = out->failed ? -1 : 0;
done:
	shelf_buf_free(&s->scratch);
	free(s);
	return ret;
}

/* ---- Stage 2, before gumbo: a depth model of the input ----------------- */

/* gumbo's scope checks walk its stack of open elements (time: tags times
 * depth), so tags first run through a model of that stack that never
 * closes more than gumbo: voids are not pushed; <li>, <dd>, <dt> and
 * <p>-closing starts close as in gumbo; an end tag pops to its match only
 * across elements neither special nor foreign; </form> removes the form
 * alone.  The rest stays open, so the model overestimates gumbo's depth
 * but for the <tbody>/<tr> gumbo adds (at most doubling it) and re-opened
 * formatting elements, which SHELF_SANITIZE_MAX_PARSE_BYTES bounds. */
typedef struct open_el {
	const el_info *el;     /* NULL for unknown names */
	const char *name;      /* as written */
	size_t nlen;
	int foreign;           /* in <svg> or <math> */
} open_el;

typedef struct depth_model {
	open_el st[SHELF_SANITIZE_MAX_DEPTH];
	size_t n, foreign;     /* entries, <svg>/<math> entries */
	tag_tok tok;
} depth_model;

static void
model_pop_to(depth_model *m, size_t k)
{
	for (; m->n > k; m->n--)
		if (m->st[m->n - 1].el && (m->st[m->n - 1].el->flags & EL_FOREIGN))
			m->foreign--;
}

/* gumbo's implied close of an open <p> (which "p") or <li> ("li") or <dd>
 * and <dt> ("dd"): the nearest such element, unless a special element
 * comes first (for lists: but <address>, <div>, <p>). */
static void
model_close(depth_model *m, const char *which)
{
	size_t k;
	int list = which[0] != 'p';

	for (k = m->n; k-- > 0; ) {
		const el_info *el = m->st[k].el;
		if (el_is(el, which) || (which[0] == 'd' && el_is(el, "dt"))) {
			model_pop_to(m, k);
			return;
		}
		if (el != NULL && (el->flags & EL_SPECIAL) &&
		    !(list && (el_is(el, "address") || el_is(el, "div") ||
		               el_is(el, "p"))))
			return;
	}
}

#define IS_HEADING(el) ((el) != NULL && (el)->name[0] == 'h' && \
                        IS_DIGIT((el)->name[1]))

/* A start tag.  Returns 0, or -1 past SHELF_SANITIZE_MAX_DEPTH. */
static int
model_start(depth_model *m, const tag_tok *t)
{
	const el_info *el = shelf_san_el_lookup(t->name, t->nlen);
	int root;

	if (el != NULL && (el->flags & EL_VOID))
		return 0;
	if (m->foreign == 0 && el != NULL) {
		if (el_is(el, "li") || el_is(el, "dd") || el_is(el, "dt"))
			model_close(m, el_is(el, "li") ? "li" : "dd");
		if (el->flags & EL_CLOSEP)
			model_close(m, "p");
		if (IS_HEADING(el) && m->n > 0 && IS_HEADING(m->st[m->n - 1].el))
			m->n--;
	}
	if (m->n == SHELF_SANITIZE_MAX_DEPTH)
		return -1;
	root = el != NULL && (el->flags & EL_FOREIGN);
	m->st[m->n++] = (open_el){el, t->name, t->nlen, m->foreign > 0 || root};
	m->foreign += (size_t)root;
	return 0;
}

static void
model_end(depth_model *m, const tag_tok *t)
{
	const el_info *el = shelf_san_el_lookup(t->name, t->nlen);
	size_t k;

	for (k = m->n; k-- > 0; ) {
		const open_el *e = &m->st[k];
		if (el != NULL ? e->el == el
		               : e->el == NULL && e->nlen == t->nlen &&
		                 strncasecmp(e->name, t->name, t->nlen) == 0) {
			if (el_is(el, "form")) {
				memmove(&m->st[k], &m->st[k + 1],
				        (m->n - k - 1) * sizeof *e);
				m->n--;
			} else {
				model_pop_to(m, k);
			}
			return;
		}
		if (e->foreign || (e->el != NULL && (e->el->flags & EL_SPECIAL)))
			return;
	}
}

/* 0 when gumbo can parse html without nesting deeper than (about twice)
 * SHELF_SANITIZE_MAX_DEPTH, else -1. */
static int
check_depth(const char *html, size_t len)
{
	depth_model *m = calloc(1, sizeof *m);
	const char *lt;
	size_t i = 0;
	int ret = -1;

	if (m == NULL)
		return -1;
	while (i < len && (lt = memchr(html + i, '<', len - i)) != NULL) {
		i = (size_t)(lt - html);
		lex_markup(lt, len - i, &m->tok);
		i += m->tok.len;
		if (m->tok.kind == TK_START && model_start(m, &m->tok) != 0)
			goto done;
		if (m->tok.kind == TK_END)
			model_end(m, &m->tok);
	}
	ret = 0;
done:
	free(m);
	return ret;
}

/* ---- Stage 2: a gumbo parse with a memory budget ----------------------- */

/* gumbo cannot fail an allocation, so the budget is kept by jumping out of
 * the allocator back to parse_bounded(); the caller then frees every block
 * of the parse.  That is also how the tree is freed when all went well:
 * gumbo_destroy_output() recurses as deep as the tree.  Blocks are zeroed:
 * gumbo 0.10.1 leaves the document's quirks mode unset in fragment parses,
 * and <table> reads it. */
typedef union arena_hdr {
	struct {
		union arena_hdr *prev, *next;
		size_t size;
	} h;
	max_align_t align;
} arena_hdr;

typedef struct parse_arena {
	arena_hdr *head;       /* blocks in use */
	size_t used;
	jmp_buf fail;
} parse_arena;

static void *
arena_alloc(void *userdata, size_t size)
{
	parse_arena *a = userdata;
	const size_t cap = SHELF_SANITIZE_MAX_PARSE_BYTES - sizeof(arena_hdr);
	arena_hdr *b;

	if (size > cap || a->used > cap - size ||
	    (b = calloc(1, sizeof *b + size)) == NULL)
		longjmp(a->fail, 1);
	b->h.size = size;
	b->h.prev = NULL;
	b->h.next = a->head;
	if (a->head != NULL)
		a->head->h.prev = b;
	a->head = b;
	a->used += sizeof *b + size;
	return b + 1;
}

static void
arena_free(void *userdata, void *p)
{
	parse_arena *a = userdata;
	arena_hdr *b;

	if (p == NULL)
		return;
	b = (arena_hdr *)p - 1;
	if (b->h.prev != NULL)
		b->h.prev->h.next = b->h.next;
	else
		a->head = b->h.next;
	if (b->h.next != NULL)
		b->h.next->h.prev = b->h.prev;
	a->used -= sizeof *b + b->h.size;
	free(b);
}

static void
arena_release(parse_arena *a)
{
	arena_hdr *next;

	for (; a->head != NULL; a->head = next) {
		next = a->head->h.next;
		free(a->head);
	}
	a->used = 0;
}

/* Parses html as the content of a <div>.  NULL when the budget ran out;
 * the caller releases the arena either way. */
static GumboOutput *
parse_bounded(parse_arena *a, const char *html, size_t len)
{
	GumboOptions opt = kGumboDefaultOptions;

	opt.allocator = arena_alloc;
	opt.deallocator = arena_free;
	opt.userdata = a;
	opt.max_errors = 0;        /* nobody reads gumbo's errors */
	opt.fragment_context = GUMBO_TAG_DIV;
	opt.fragment_namespace = GUMBO_NAMESPACE_HTML;
	if (setjmp(a->fail) != 0)
		return NULL;
	return gumbo_parse_with_options(&opt, html, len);
}

/* ---- Stage 2: writing the tree ----------------------------------------- */

enum node_act { ACT_TEXT, ACT_EMIT, ACT_UNWRAP, ACT_DROP };

/* The element of gumbo element e, NULL when unknown (<xref> is unknown to
 * gumbo: its name comes from the source). */
static const el_info *
gumbo_el(const GumboElement *e)
{
	const char *p = e->original_tag.data, *name;
	size_t n = e->original_tag.length, i;

	if (e->tag != GUMBO_TAG_UNKNOWN) {
		name = gumbo_normalized_tagname(e->tag);
		return shelf_san_el_lookup(name, strlen(name));
	}
	if (p == NULL || n < 2 || p[0] != '<')
		return NULL;
	name = p + 1 + (p[1] == '/');
	for (i = (size_t)(name - p); i < n && !IS_WS(p[i]) && p[i] != '/' &&
	     p[i] != '>'; i++)
		;
	return shelf_san_el_lookup(name, (size_t)(p + i - name));
}

static enum node_act
node_action(shelf_policy policy, const GumboNode *node, const el_info **elp)
{
	const el_info *el;

	*elp = NULL;
	if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
	    node->type == GUMBO_NODE_WHITESPACE)
		return ACT_TEXT;
	if (node->type != GUMBO_NODE_ELEMENT)    /* comments, <template> */
		return ACT_DROP;
	el = gumbo_el(&node->v.element);
	if (node->v.element.tag_namespace == GUMBO_NAMESPACE_HTML &&
	    shelf_san_el_allowed(el, policy)) {
		*elp = el;
		return ACT_EMIT;
	}
	return el != NULL && (el->flags & EL_DROP) ? ACT_DROP : ACT_UNWRAP;
}

static void
write_start(shelf_buf *out, const GumboNode *node, const el_info *el)
{
	attr_view av[SHELF_SANITIZE_MAX_ATTRS];
	const GumboVector *attrs = &node->v.element.attributes;
	const GumboVector *kids = &node->v.element.children;
	const GumboNode *first = kids->length ? kids->data[0] : NULL;
	size_t i, n = 0;

	for (i = 0; i < attrs->length && n < SHELF_SANITIZE_MAX_ATTRS; i++) {
		const GumboAttribute *a = attrs->data[i];
		if (a->attr_namespace != GUMBO_ATTR_NAMESPACE_NONE)
			continue;
		av[n].name = a->name;
		av[n].nlen = strlen(a->name);
		av[n].val = a->value;
		av[n++].vlen = strlen(a->value);
	}
	emit_start_tag(out, el, av, n, NULL);
	/* The parser drops a newline right after <pre>: write one more. */
	if (el_is(el, "pre") && first != NULL &&
	    (first->type == GUMBO_NODE_TEXT || first->type == GUMBO_NODE_WHITESPACE)
	    && first->v.text.text[0] == '\n')
		shelf_buf_putc(out, '\n');
}

/* The node after `node` once its subtree is written, writing the end tags
 * of the elements left on the way up; NULL after root's last child. */
static const GumboNode *
next_node(shelf_buf *out, shelf_policy policy, const GumboNode *node,
          const GumboNode *root)
{
	const GumboNode *parent;
	const el_info *el;

	for (; (parent = node->parent) != NULL; node = parent) {
		const GumboVector *kids = &parent->v.element.children;
		size_t i = node->index_within_parent;
		if (i >= kids->length || kids->data[i] != node) {
			int k = gumbo_vector_index_of((GumboVector *)kids, (void *)node);
			if (k < 0)
				return NULL;
			i = (size_t)k;
		}
		if (i + 1 < kids->length)
			return kids->data[i + 1];
		if (parent == root)
			return NULL;
		if (node_action(policy, parent, &el) == ACT_EMIT)
			put_end_tag(out, el);
	}
	return NULL;
}

/* Writes the children of root, iteratively (the tree may be deep). */
static void
write_tree(shelf_buf *out, shelf_policy policy, const GumboNode *root)
{
	const GumboVector *top = &root->v.element.children;
	const GumboNode *node = top->length ? top->data[0] : NULL;

	while (node != NULL) {
		const el_info *el;
		enum node_act act = node_action(policy, node, &el);
		int descend = act == ACT_UNWRAP;

		if (act == ACT_TEXT) {
			shelf_escape_text(out, node->v.text.text, strlen(node->v.text.text),
			                  SHELF_ESC_CLEAN);
		} else if (act == ACT_EMIT) {
			write_start(out, node, el);
			descend = !(el->flags & (EL_VOID | EL_NOKIDS));
		}
		if (descend && node->v.element.children.length > 0) {
			node = node->v.element.children.data[0];
			continue;
		}
		if (act == ACT_EMIT && !(el->flags & EL_VOID))
			put_end_tag(out, el);
		node = next_node(out, policy, node, root);
	}
}

/* One parse and write of html into out.  Returns 0, or -1 when it nests
 * too deep, runs over the memory budget or out of memory. */
static int
fragment_pass(shelf_buf *out, const char *html, size_t len,
              shelf_policy policy)
{
	parse_arena arena;
	GumboOutput *g;
	int ret = -1;

	if (check_depth(html, len) != 0)
		return -1;
	arena.head = NULL;
	arena.used = 0;
	g = parse_bounded(&arena, html, len);
	if (g != NULL && g->root != NULL) {
		write_tree(out, policy, g->root);
		ret = out->failed ? -1 : 0;
	}
	arena_release(&arena);
	return ret;
}

int
shelf_sanitize_fragment(shelf_buf *out, const char *html, size_t len,
                        shelf_policy policy)
{
	shelf_buf a, b, *cur = &a, *next = &b, *tmp;
	int pass, ret = -1;

	if (len > SHELF_SANITIZE_MAX_INPUT || (html == NULL && len > 0))
		return -1;
	shelf_buf_init(&a, out->max);
	shelf_buf_init(&b, out->max);
	if (fragment_pass(cur, html ? html : "", len, policy) != 0)
		goto done;
	/* A written tree does not always parse back into itself (mis-nested
	 * <a>s, unwrapped elements), so the output is parsed again until it
	 * does.  A pass that fails keeps the last output: as safe, if not a
	 * fixed point. */
	for (pass = 1; pass < SHELF_SANITIZE_MAX_PASSES; pass++) {
		shelf_buf_clear(next);
		if (fragment_pass(next, shelf_buf_cstr(cur), cur->len, policy) != 0)
			break;
		if (next->len == cur->len &&
		    memcmp(shelf_buf_cstr(next), shelf_buf_cstr(cur), cur->len) == 0)
			break;
		tmp = cur;
		cur = next;
		next = tmp;
	}
	if (shelf_buf_put(out, shelf_buf_cstr(cur), cur->len) == 0)
		ret = 0;
done:
	shelf_buf_free(&a);
	shelf_buf_free(&b);
	return ret;
}
