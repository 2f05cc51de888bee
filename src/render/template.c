/*
 * template.c - a Mustache subset over jansson data; see template.h.
 *
 * A template compiles to a flat array of nodes.  A section node owns the
 * nodes up to its `end` index, so rendering is a loop over a range and
 * freeing never recurses.  Standalone lines (a line holding only a section,
 * inverted, close, comment or partial tag) are removed at compile time.
 *
 * Partial indentation: the spec prepends a standalone partial tag's
 * indentation to every line of the partial's source before rendering it.
 * Rather than recompiling, each node that begins a source line carries a
 * `bol` flag, and the renderer writes the chain of active indentations
 * before it.  Text is split at newlines so that every line start is a node.
 */
#include "template.h"
#include "escape.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A template name in a message is cut to this many bytes. */
#define NAME_IN_MSG 200

enum node_kind {
	NODE_TEXT,      /* literal text: src[off, off+len) */
	NODE_VAR,       /* {{name}}: escaped */
	NODE_RAW,       /* {{{name}}}, {{&name}}: not escaped */
	NODE_SECTION,   /* {{#name}}: children up to `end` */
	NODE_INVERTED,  /* {{^name}}: children up to `end` */
	NODE_PARTIAL    /* {{>name}} */
};

typedef struct node {
	unsigned char kind;
	unsigned char bol;        /* begins a source line: indentation goes here */
	unsigned char standalone; /* partials: the tag stood alone on its line */
	uint32_t off, len;        /* text, or the tag's name, in the source */
	uint32_t end;             /* sections: index of the node after the last child;
	                           * text: after the last text node that goes on
	                           * from it in the source (one put, unindented) */
	uint32_t ind_off, ind_len; /* standalone partials: whitespace before the tag */
	uint32_t line, col;       /* of the tag, for render errors */
} node;

typedef struct tmpl {
	char *name;
	char *src;      /* own copy of the source */
	size_t len;
	node *nodes;
	size_t count, cap;
} tmpl;

struct shelf_tmpl {
	tmpl **v;
	size_t count, cap;
};

/* Stores a formatted, malloc'd message in *err when err is not NULL and
 * nothing was stored yet.  On OOM *err stays NULL. */
static void
set_error(char **err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
set_error(char **err, const char *fmt, ...)
{
	shelf_buf msg;
	va_list ap;

	if (err == NULL || *err != NULL)
		return;
	shelf_buf_init(&msg, 4096); /* one line; long names are cut */
	va_start(ap, fmt);
	shelf_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (msg.failed) {
		shelf_buf_free(&msg);
		return;
	}
	*err = shelf_buf_detach(&msg);
}

static void
tmpl_free(tmpl *tp)
{
	if (tp == NULL)
		return;
	free(tp->name);
	free(tp->src);
	free(tp->nodes);
	free(tp);
}

/* The template called name[0, n) in the set, or NULL. */
static const tmpl *
find_tmpl(const shelf_tmpl *t, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < t->count; i++)
		if (strlen(t->v[i]->name) == n && memcmp(t->v[i]->name, name, n) == 0)
			return t->v[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Compiling. */

typedef struct tag {
	size_t start, end;         /* from "{{" to just after the closing braces */
	char sigil;                /* 0, '{', '&', '#', '^', '/', '!' or '>' */
	size_t name_off, name_len; /* trimmed content */
} tag;

typedef struct parser {
	tmpl *tp;
	const char *src;
	size_t len, pos;
	uint32_t open[SHELF_MAX_TEMPLATE_DEPTH]; /* open section nodes */
	size_t nopen;
	size_t ntags;
	int bol;                   /* the next node begins a source line */
	size_t lc_off;             /* position cache: offset ... */
	unsigned lc_line, lc_col;  /* ... and its line and column */
	char **err;
} parser;

/* Line and column (1-based, column in bytes) of `off`.  Offsets asked in
 * increasing order are counted from the previous answer, so locating every
 * tag stays linear. */
static void
locate(parser *p, size_t off, unsigned *line, unsigned *col)
{
	size_t i;

	if (off < p->lc_off) {
		p->lc_off = 0;
		p->lc_line = p->lc_col = 1;
	}
	for (i = p->lc_off; i < off; i++) {
		if (p->src[i] == '\n') {
			p->lc_line++;
			p->lc_col = 1;
		} else {
			p->lc_col++;
		}
	}
	p->lc_off = off;
	*line = p->lc_line;
	*col = p->lc_col;
}

/* The one formatter of template errors: stores "name:line:col: message"
 * (see set_error); returns -1. */
static int
pos_verror(char **err, const char *name, unsigned line, unsigned col,
           const char *fmt, va_list ap)
{
	char text[512];

	vsnprintf(text, sizeof text, fmt, ap);
	set_error(err, "%.*s:%u:%u: %s", NAME_IN_MSG, name, line, col, text);
	return -1;
}

/* Stores the error `fmt` at source offset `off`; returns -1. */
static int
syntax_error(parser *p, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
syntax_error(parser *p, size_t off, const char *fmt, ...)
{
	unsigned line, col;
	va_list ap;

	locate(p, off, &line, &col);
	va_start(ap, fmt);
	pos_verror(p->err, p->tp->name, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

/* Stores the error `fmt` at node `n` of `tp`; returns -1. */
static int
node_error(char **err, const tmpl *tp, const node *n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
node_error(char **err, const tmpl *tp, const node *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pos_verror(err, tp->name, n->line, n->col, fmt, ap);
	va_end(ap);
	return -1;
}

/* Appends a node of `kind` over src[off, off+len) and returns it, or NULL
 * on OOM (with the error stored). */
static node *
push_node(parser *p, int kind, size_t off, size_t len)
{
	tmpl *tp = p->tp;
	node *n;

	if (tp->count == tp->cap) {
		size_t ncap = tp->cap ? tp->cap * 2 : 32;
		node *nv = realloc(tp->nodes, ncap * sizeof *nv);
		if (nv == NULL) {
			syntax_error(p, off, "out of memory");
			return NULL;
		}
		tp->nodes = nv;
		tp->cap = ncap;
	}
	n = &tp->nodes[tp->count++];
	memset(n, 0, sizeof *n);
	n->kind = (unsigned char)kind;
	n->off = (uint32_t)off;
	n->len = (uint32_t)len;
	return n;
}

/* Appends src[a, b) as text nodes, one per source line, marking line
 * starts.  0 or -1. */
static int
emit_text(parser *p, size_t a, size_t b)
{
	while (a < b) {
		const char *nl = memchr(p->src + a, '\n', b - a);
		size_t e = nl ? (size_t)(nl - p->src) + 1 : b;
		node *n = push_node(p, NODE_TEXT, a, e - a);

		if (n == NULL)
			return -1;
		n->bol = (unsigned char)p->bol;
		p->bol = nl != NULL;
		a = e;
	}
	return 0;
}

/* Offset of the first `needle` (nlen bytes) in src[from, len), or len. */
static size_t
find(const char *src, size_t len, size_t from, const char *needle, size_t nlen)
{
	size_t i;

	for (i = from; i + nlen <= len; i++)
		if (src[i] == needle[0] && memcmp(src + i, needle, nlen) == 0)
			return i;
	return len;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Checks the trimmed name of `tg`.  Names are non-empty, without blanks or
 * control characters, and (except partial names and ".") have no empty
 * part between dots.  0 or -1 with the error stored. */
static int
check_name(parser *p, const tag *tg)
{
	const char *s = p->src + tg->name_off;
	size_t i, n = tg->name_len;

	if (n == 0)
		return syntax_error(p, tg->start, "empty tag name");
	if (n > SHELF_MAX_TEMPLATE_NAME)
		return syntax_error(p, tg->start, "tag name longer than %d bytes",
		                    SHELF_MAX_TEMPLATE_NAME);
	for (i = 0; i < n; i++) {
		if (is_blank(s[i]))
			return syntax_error(p, tg->start, "whitespace in tag name '%.*s'",
			                    (int)(n > 64 ? 64 : n), s);
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return syntax_error(p, tg->start, "control character in tag name");
	}
	if (tg->sigil == '>' || (n == 1 && s[0] == '.'))
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] == '.' && (i == 0 || i == n - 1 || s[i + 1] == '.'))
			return syntax_error(p, tg->start, "empty part in dotted name '%.*s'",
			                    (int)(n > 64 ? 64 : n), s);
	return 0;
}

/* Reads the tag whose "{{" is at `t` into *tg.  0 or -1 with the error
 * stored (unclosed tag, unsupported sigil, bad name). */
static int
scan_tag(parser *p, size_t t, tag *tg)
{
	size_t c = t + 2, close;
	const char *closer = "}}";
	char s = c < p->len ? p->src[c] : 0;

	memset(tg, 0, sizeof *tg);
	tg->start = t;
	if (s == '=' || s == '<' || s == '$')
		return syntax_error(p, t, "unsupported tag '{{%c' (no delimiters, "
		                    "lambdas or inheritance)", s);
	if (s && strchr("{&#^/!>", s)) {
		tg->sigil = s;
		c++;
		if (s == '{')
			closer = "}}}";
	}
	close = find(p->src, p->len, c, closer, strlen(closer));
	if (close == p->len)
		return syntax_error(p, t, "unclosed tag: no '%s' follows", closer);
	tg->end = close + strlen(closer);
	while (c < close && is_blank(p->src[c]))
		c++;
	while (close > c && is_blank(p->src[close - 1]))
		close--;
	tg->name_off = c;
	tg->name_len = close - c;
	return tg->sigil == '!' ? 0 : check_name(p, tg);
}

/* Whether `tg` stands alone on its line: only spaces and tabs between the
 * line start and the tag, and between the tag and "\n", "\r\n" or the end.
 * If so, sets *ls to the line start and *next to just after the line. */
static int
standalone(const parser *p, const tag *tg, size_t *ls, size_t *next)
{
	size_t a = tg->start, b = tg->end;

	if (tg->sigil == 0 || tg->sigil == '{' || tg->sigil == '&')
		return 0;
	while (a > p->pos && (p->src[a - 1] == ' ' || p->src[a - 1] == '\t'))
		a--;
	if (a > 0 && p->src[a - 1] != '\n')
		return 0;
	while (b < p->len && (p->src[b] == ' ' || p->src[b] == '\t'))
		b++;
	if (b < p->len && p->src[b] == '\n')
		b++;
	else if (b + 1 < p->len && p->src[b] == '\r' && p->src[b + 1] == '\n')
		b += 2;
	else if (b < p->len)
		return 0;
	*ls = a;
	*next = b;
	return 1;
}

/* Handles a closing tag: it must name the innermost open section, whose
 * node then learns where it ends.  0 or -1. */
static int
close_section(parser *p, const tag *tg)
{
	const char *name = p->src + tg->name_off;
	node *open;

	if (p->nopen == 0)
		return syntax_error(p, tg->start, "'{{/%.*s}}' closes no open section",
		                    (int)tg->name_len, name);
	open = &p->tp->nodes[p->open[p->nopen - 1]];
	if (open->len != tg->name_len || memcmp(p->src + open->off, name, open->len))
		return syntax_error(p, tg->start, "'{{/%.*s}}' does not close "
		                    "'{{%c%.*s}}' (line %u)", (int)tg->name_len, name,
		                    open->kind == NODE_SECTION ? '#' : '^',
		                    (int)open->len, p->src + open->off, open->line);
	open->end = (uint32_t)p->tp->count;
	p->nopen--;
	return 0;
}

/* The node kind of a tag's sigil (comments and closes make no node). */
static int
kind_of(char sigil)
{
	switch (sigil) {
	case '#': return NODE_SECTION;
	case '^': return NODE_INVERTED;
	case '>': return NODE_PARTIAL;
	case '{':
	case '&': return NODE_RAW;
	default: return NODE_VAR;
	}
}

/* Appends the node for tag `tg`; `alone` says whether it stood alone on
 * its line, whose start is `ls`.  0 or -1. */
static int
add_tag(parser *p, const tag *tg, int alone, size_t ls)
{
	int bol = !alone && p->bol;   /* the tag begins a line that is kept */
	unsigned line, col;
	node *n;

	if (tg->sigil == '!')
		return 0;   /* a pending line start waits for the next node */
	if (!alone)
		p->bol = 0;
	if (tg->sigil == '/') {
		/* an inline close at a line start: an empty text node keeps the
		 * indentation inside the section, where the source has it */
		if (bol) {
			if ((n = push_node(p, NODE_TEXT, tg->start, 0)) == NULL)
				return -1;
			n->bol = 1;
		}
		return close_section(p, tg);
	}
	locate(p, tg->start, &line, &col);
	n = push_node(p, kind_of(tg->sigil), tg->name_off, tg->name_len);
	if (n == NULL)
		return -1;
	n->line = line;
	n->col = col;
	n->bol = (unsigned char)bol;
	n->standalone = (unsigned char)alone;
	n->ind_off = (uint32_t)ls;
	n->ind_len = alone ? (uint32_t)(tg->start - ls) : 0;
	if (n->kind != NODE_SECTION && n->kind != NODE_INVERTED)
		return 0;
	if (p->nopen == SHELF_MAX_TEMPLATE_DEPTH)
		return syntax_error(p, tg->start, "sections nested deeper than %d",
		                    SHELF_MAX_TEMPLATE_DEPTH);
	p->open[p->nopen++] = (uint32_t)(p->tp->count - 1);
	return 0;
}

/* Compiles p->src into p->tp's nodes.  0 or -1 with the error stored. */
static int
parse(parser *p)
{
	while (p->pos < p->len) {
		size_t t = find(p->src, p->len, p->pos, "{{", 2), ls = 0, next;
		tag tg;
		int alone;

		if (t == p->len) {
			if (emit_text(p, p->pos, p->len) != 0)
				return -1;
			break;
		}
		if (scan_tag(p, t, &tg) != 0)
			return -1;
		if (++p->ntags > SHELF_MAX_TEMPLATE_TAGS)
			return syntax_error(p, t, "more than %d tags", SHELF_MAX_TEMPLATE_TAGS);
		alone = standalone(p, &tg, &ls, &next);
		if (emit_text(p, p->pos, alone ? ls : t) != 0 || add_tag(p, &tg, alone, ls) != 0)
			return -1;
		p->pos = alone ? next : tg.end;
		if (alone)
			p->bol = 1;
	}
	if (p->nopen > 0) {
		const node *open = &p->tp->nodes[p->open[p->nopen - 1]];
		return node_error(p->err, p->tp, open, "unclosed section '%.*s'",
		                  (int)open->len, p->src + open->off);
	}
	return 0;
}

/* Sets each text node's `end`: text is one node per line (a line start is
 * where a partial's indentation goes), but where no indentation applies a
 * run of text nodes that follow each other in the source is one append. */
static void
join_text_runs(tmpl *tp)
{
	size_t i;

	for (i = tp->count; i-- > 0;) {
		node *n = &tp->nodes[i], *next = i + 1 < tp->count ? &tp->nodes[i + 1] : NULL;
		if (n->kind != NODE_TEXT)
			continue;
		n->end = next && next->kind == NODE_TEXT && n->off + n->len == next->off
		         ? next->end : (uint32_t)(i + 1);
	}
}

/* Compiles `src` into a new template called `name`.  Returns it (the
 * caller frees with tmpl_free) or NULL with the error stored. */
static tmpl *
compile(const char *name, const char *src, size_t len, char **err)
{
	parser p;
	tmpl *tp = calloc(1, sizeof *tp);

	if (tp == NULL || (tp->name = strdup(name)) == NULL ||
	    (tp->src = malloc(len + 1)) == NULL) {
		set_error(err, "%.*s: out of memory", NAME_IN_MSG, name);
		goto fail;
	}
	if (len)
		memcpy(tp->src, src, len);
	tp->src[len] = '\0';
	tp->len = len;
	memset(&p, 0, sizeof p);
	p.tp = tp;
	p.src = tp->src;
	p.len = len;
	p.bol = 1;
	p.lc_line = p.lc_col = 1;
	p.err = err;
	if (parse(&p) != 0)
		goto fail;
	join_text_runs(tp);
	return tp;
fail:
	tmpl_free(tp);
	return NULL;
}

shelf_tmpl *
shelf_tmpl_new(void)
{
	return calloc(1, sizeof(shelf_tmpl));
}

int
shelf_tmpl_add(shelf_tmpl *t, const char *name, const char *src, size_t len,
               char **err)
{
	tmpl *tp;
	size_t i;

	if (err)
		*err = NULL;
	if (t == NULL || name == NULL || (src == NULL && len > 0)) {
		set_error(err, "shelf_tmpl_add: missing argument");
		return -1;
	}
	if (name[0] == '\0' || strlen(name) > SHELF_MAX_TEMPLATE_NAME) {
		set_error(err, "%.*s: template name empty or longer than %d bytes",
		          NAME_IN_MSG, name, SHELF_MAX_TEMPLATE_NAME);
		return -1;
	}
	if (len > SHELF_MAX_TEMPLATE_BYTES) {
		set_error(err, "%s: template larger than %zu bytes", name,
		          SHELF_MAX_TEMPLATE_BYTES);
		return -1;
	}
	if (t->count == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 8;
		tmpl **nv = realloc(t->v, ncap * sizeof *nv);
		if (nv == NULL) {
			set_error(err, "%s: out of memory", name);
			return -1;
		}
		t->v = nv;
		t->cap = ncap;
	}
	if ((tp = compile(name, src ? src : "", len, err)) == NULL)
		return -1;
	for (i = 0; i < t->count && strcmp(t->v[i]->name, name) != 0; i++)
		;
	if (i < t->count)
		tmpl_free(t->v[i]);
	else
		t->count++;
	t->v[i] = tp;
	return 0;
}

int
shelf_tmpl_has(const shelf_tmpl *t, const char *name)
{
	return t != NULL && name != NULL && find_tmpl(t, name, strlen(name)) != NULL;
}

void
shelf_tmpl_free(shelf_tmpl *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->count; i++)
		tmpl_free(t->v[i]);
	free(t->v);
	free(t);
}

/* ------------------------------------------------------------------ */
/* Rendering.  All state lives in a `render` on the caller's stack. */

/* One active partial indentation; `outer` is the enclosing one. */
typedef struct indent {
	const char *s;
	size_t n;
	const struct indent *outer;
} indent;

typedef struct render {
	const shelf_tmpl *set;
	shelf_buf *out;
	shelf_tval stack[SHELF_MAX_TEMPLATE_DEPTH + 1]; /* context stack */
	size_t sp;
	unsigned depth;   /* sections and partials being rendered */
	size_t steps;     /* nodes visited */
	char **err;
} render;

static int render_nodes(render *r, const tmpl *tp, size_t i, size_t end,
                        const indent *ind);

/* Stores the output-limit error; returns -1. */
static int
out_error(render *r)
{
	set_error(r->err, "template output larger than %zu bytes (or out of memory)",
	          r->out->max);
	return -1;
}

/* Appends s[0, n); 0, or -1 with the output-limit error stored. */
static int
put(render *r, const char *s, size_t n)
{
	return shelf_buf_put(r->out, s, n) == 0 ? 0 : out_error(r);
}

/* Appends s[0, n) escaped for HTML text and attribute values: the escaping
 * module's & < > ", plus ' as &#39; so that a single-quoted attribute is
 * safe too.  0 or -1. */
static int
put_escaped(render *r, const char *s, size_t n)
{
	return shelf_escape_text(r->out, s, n, SHELF_ESC_QUOT | SHELF_ESC_APOS) == 0
	       ? 0 : out_error(r);
}

/* Writes the indentation chain, outermost first. */
static int
put_indent(render *r, const indent *ind)
{
	if (ind == NULL)
		return 0;
	if (put_indent(r, ind->outer) != 0)
		return -1;
	return put(r, ind->s, ind->n);
}

/* Formats a real as the shortest %g text that reads back as the same
 * double; integral values below 1e15 print without exponent ("100").
 * Assumes the C locale's '.' (a ',' from another locale is mended). */
static void
real_text(double d, char *text, size_t size)
{
	int prec;
	char *c;

	if (d > -1e15 && d < 1e15 && d == (double)(long long)d) {
		snprintf(text, size, "%.0f", d);
		return;
	}
	for (prec = 1; prec <= 17; prec++) {
		snprintf(text, size, "%.*g", prec, d);
		if (strtod(text, NULL) == d)
			break;
	}
	if ((c = strchr(text, ',')) != NULL)
		*c = '.';
}

/* Appends the text of value `tv` (see template.h), escaped if `esc`. */
static int
put_value(render *r, const shelf_tval *tv, int esc)
{
	const json_t *v = tv->json;
	char num[40];

	if (tv->kind == SHELF_TV_STR)
		return (esc ? put_escaped : put)(r, tv->s, tv->n);
	if (tv->kind != SHELF_TV_JSON)
		return 0;
	switch (json_typeof(v)) {
	case JSON_STRING:
		return (esc ? put_escaped : put)(r, json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
		snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		real_text(json_real_value(v), num, sizeof num);
		break;
	case JSON_TRUE:
		strcpy(num, "true");
		break;
	default:
		return 0;
	}
	return put(r, num, strlen(num));
}

/* Member name[0, n) of object `obj` into *out, NONE when it has none (or
 * is no object).  n <= SHELF_MAX_TEMPLATE_NAME, checked at compile time. */
static void
member(const shelf_tval *obj, const char *name, size_t n, shelf_tval *out)
{
	char key[SHELF_MAX_TEMPLATE_NAME + 1];
	const json_t *v;

	memset(out, 0, sizeof *out);
	if (obj->kind == SHELF_TV_OBJ && obj->view->get) {
		obj->view->get(obj->obj, name, n, out);
		return;
	}
	if (obj->kind != SHELF_TV_JSON || !json_is_object(obj->json))
		return;
	memcpy(key, name, n);
	key[n] = '\0';
	if ((v = json_object_get(obj->json, key)) != NULL) {
		out->kind = SHELF_TV_JSON;
		out->json = v;
	}
}

/* Resolves the name of node `n` into *v: "." is the top of the context
 * stack; otherwise the first dotted part is looked up from the top of the
 * stack down, and each further part only inside what the previous one
 * found.  NONE when missing. */
static void
lookup(const render *r, const tmpl *tp, const node *n, shelf_tval *v)
{
	const char *s = tp->src + n->off, *e = s + n->len, *dot;
	shelf_tval in;
	size_t k;

	memset(v, 0, sizeof *v);
	if (n->len == 1 && s[0] == '.') {
		*v = r->stack[r->sp - 1];
		return;
	}
	dot = memchr(s, '.', n->len);
	if (dot == NULL)
		dot = e;
	for (k = r->sp; k-- > 0 && v->kind == SHELF_TV_NONE;)
		member(&r->stack[k], s, (size_t)(dot - s), v);
	while (v->kind != SHELF_TV_NONE && dot < e) {
		s = dot + 1;
		dot = memchr(s, '.', (size_t)(e - s));
		if (dot == NULL)
			dot = e;
		in = *v;
		member(&in, s, (size_t)(dot - s), v);
	}
}

static int
is_falsy(const shelf_tval *tv)
{
	const json_t *v = tv->json;

	switch (tv->kind) {
	case SHELF_TV_JSON:
		return json_is_null(v) || json_is_false(v) ||
		       (json_is_array(v) && json_array_size(v) == 0);
	case SHELF_TV_LIST:
		return tv->n == 0;
	case SHELF_TV_STR:
	case SHELF_TV_OBJ:
		return 0;
	default:
		return 1;
	}
}

/* Renders the children of section node `i` once, with `push` (if not
 * NULL) on top of the context stack.  0 or -1. */
static int
render_body(render *r, const tmpl *tp, size_t i, const indent *ind,
            const shelf_tval *push)
{
	const node *n = &tp->nodes[i];
	int rc;

	if (r->depth >= SHELF_MAX_TEMPLATE_DEPTH)
		return node_error(r->err, tp, n, "sections and partials nested deeper than %d",
		                    SHELF_MAX_TEMPLATE_DEPTH);
	r->depth++;
	if (push)
		r->stack[r->sp++] = *push;
	rc = render_nodes(r, tp, i + 1, n->end, ind);
	if (push)
		r->sp--;
	r->depth--;
	return rc;
}

/* Renders section or inverted node `i`: a list once per item, another
 * truthy value once with it pushed; an inverted section only when falsy. */
static int
render_section(render *r, const tmpl *tp, size_t i, const indent *ind)
{
	const node *n = &tp->nodes[i];
	shelf_tval v, item;
	size_t k;

	lookup(r, tp, n, &v);
	if (n->kind == NODE_INVERTED)
		return is_falsy(&v) ? render_body(r, tp, i, ind, NULL) : 0;
	if (is_falsy(&v))
		return 0;
	if (v.kind == SHELF_TV_LIST) {
		for (k = 0; k < v.n; k++) {
			memset(&item, 0, sizeof item);
			v.view->item(v.obj, k, &item);
			if (render_body(r, tp, i, ind, &item) != 0)
				return -1;
		}
		return 0;
	}
	if (v.kind != SHELF_TV_JSON || !json_is_array(v.json))
		return render_body(r, tp, i, ind, &v);
	memset(&item, 0, sizeof item);
	item.kind = SHELF_TV_JSON;
	for (k = 0; k < json_array_size(v.json); k++) {
		item.json = json_array_get(v.json, k);
		if (render_body(r, tp, i, ind, &item) != 0)
			return -1;
	}
	return 0;
}

/* Renders partial node `n` with the current context.  A standalone tag
 * adds its own indentation to the chain; an inline one renders the
 * partial unindented, as the spec's "prepend to each line" implies. */
static int
render_partial(render *r, const tmpl *tp, const node *n, const indent *ind)
{
	const tmpl *part = find_tmpl(r->set, tp->src + n->off, n->len);
	indent own = {tp->src + n->ind_off, n->ind_len, ind};
	const indent *use = NULL;
	int rc;

	if (part == NULL)
		return node_error(r->err, tp, n, "unknown partial '%.*s'", (int)n->len,
		                    tp->src + n->off);
	if (r->depth >= SHELF_MAX_TEMPLATE_DEPTH)
		return node_error(r->err, tp, n, "sections and partials nested deeper than %d "
		                    "(a partial including itself?)", SHELF_MAX_TEMPLATE_DEPTH);
	if (n->standalone)
		use = n->ind_len ? &own : ind;
	r->depth++;
	rc = render_nodes(r, part, 0, part->count, use);
	r->depth--;
	return rc;
}

/* Renders nodes [i, end) of `tp`.  0 or -1 with the error stored. */
static int
render_nodes(render *r, const tmpl *tp, size_t i, size_t end, const indent *ind)
{
	while (i < end) {
		const node *n = &tp->nodes[i];
		int rc = 0;

		if (++r->steps > SHELF_MAX_TEMPLATE_STEPS)
			return node_error(r->err, tp, n, "render took more than %zu steps",
			                    SHELF_MAX_TEMPLATE_STEPS);
		if (n->bol && put_indent(r, ind) != 0)
			return -1;
		switch (n->kind) {
		case NODE_TEXT:
			if (ind == NULL && n->end > i + 1 && n->end <= end &&
			    r->steps + (n->end - i - 1) <= SHELF_MAX_TEMPLATE_STEPS) {
				const node *last = &tp->nodes[n->end - 1];
				rc = put(r, tp->src + n->off, last->off + last->len - n->off);
				r->steps += n->end - i - 1;
				if (rc != 0)
					return -1;
				i = n->end;
				continue;
			}
			rc = put(r, tp->src + n->off, n->len);
			break;
		case NODE_VAR:
		case NODE_RAW: {
			shelf_tval v;
			lookup(r, tp, n, &v);
			rc = put_value(r, &v, n->kind == NODE_VAR);
			break;
		}
		case NODE_SECTION:
		case NODE_INVERTED:
			rc = render_section(r, tp, i, ind);
			break;
		case NODE_PARTIAL:
			rc = render_partial(r, tp, n, ind);
			break;
		}
		if (rc != 0)
			return -1;
		i = n->kind == NODE_SECTION || n->kind == NODE_INVERTED ? n->end : i + 1;
	}
	return 0;
}

int
shelf_tmpl_render_view(const shelf_tmpl *t, const char *name, const shelf_tval *root,
                       size_t size_hint, shelf_buf *out, char **err)
{
	render r;
	const tmpl *tp;
	size_t mark, i;

	if (err)
		*err = NULL;
	if (t == NULL || name == NULL || out == NULL || root == NULL) {
		set_error(err, "shelf_tmpl_render: missing argument");
		return -1;
	}
	tp = find_tmpl(t, name, strlen(name));
	if (tp == NULL) {
		set_error(err, "unknown template '%.*s'", NAME_IN_MSG, name);
		return -1;
	}
	for (i = 0; i < t->count; i++)
		size_hint += t->v[i]->len;
	shelf_buf_reserve(out, size_hint);
	memset(&r, 0, sizeof r);
	r.set = t;
	r.out = out;
	r.err = err;
	r.stack[0] = *root;
	r.sp = 1;
	mark = out->len;
	if (render_nodes(&r, tp, 0, tp->count, NULL) != 0) {
		shelf_buf_truncate(out, mark);
		return -1;
	}
	return 0;
}

int
shelf_tmpl_render(const shelf_tmpl *t, const char *name, const json_t *data,
                  shelf_buf *out, char **err)
{
	shelf_tval root;
	size_t hint = 0;
	const char *key;
	const json_t *v;

	memset(&root, 0, sizeof root);
	if (data) {
		root.kind = SHELF_TV_JSON;
		root.json = data;
	}
	/* the strings at the top of `data` (a page's body is one) */
	json_object_foreach((json_t *)data, key, v)
		if (json_is_string(v))
			hint += json_string_length(v);
	return shelf_tmpl_render_view(t, name, &root, hint, out, err);
}
