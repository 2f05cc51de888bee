/* sanitize.c - raw-HTML sanitizer; see sanitize.h (and why there is no
 * second, parser-based stage).  The allow-lists are in sanitize_tables.c,
 * escaping, references and the URL policy in escape.c.  In order: style
 * checks, the start-tag writer, the tokenizer and the snippet stage. */
#include "sanitize.h"
#include "sanitize_tables.h"
#include "escape.h"

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

	if (kind == AK_URL || kind == AK_MEDIA)
		ok = shelf_url_allowed(a->val, a->vlen, kind == AK_URL ? SHELF_URL_LINK
		                                                       : SHELF_URL_MEDIA);
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
	} else if (!shelf_san_el_allowed(el)) {
		/* not allowed (iframe: only the renderer writes one) */
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
