/*
 * sections.c - issueDescription, H2 sections and the JSON block; see
 * sections.h.
 */
#include "sections.h"
#include "buf.h"
#include "read.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct line_ref {
	size_t at, end;       /* offsets of the line's start and of its '\n' */
	unsigned no;
} line_ref;

static void
blank(char *text, size_t from, size_t to)
{
	for (; from < to; from++)
		if (text[from] != '\n')
			text[from] = ' ';
}

/* Removes the marker of `mlen` bytes at `at` from its line (which ends at
 * `end`).  Alone on its line it is blanked.  With text after it, the text
 * moves left (so it is not read as indented code) and the line ends with
 * an empty comment of the same length, which renders as nothing. */
static void
drop_marker(char *text, size_t at, size_t end, size_t mlen)
{
	size_t rest = end - (at + mlen), k;

	for (k = at + mlen; k < end && (text[k] == ' ' || text[k] == '\t'); k++)
		;
	if (k == end) {
		blank(text, at, end);
		return;
	}
	memmove(text + at, text + at + mlen, rest);
	memcpy(text + end - mlen, "<!--", 4);
	memset(text + end - mlen + 4, ' ', mlen - 7);
	memcpy(text + end - 3, "-->", 3);
}

/* Offset of the marker `<!--issueDescription-->` (closing: with '/') at
 * the start of the line (after blanks), or (size_t)-1. */
static size_t
marker_at(const char *s, size_t n, int *closing)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (n - i >= 23 && strncmp(s + i, "<!--issueDescription-->", 23) == 0) {
		*closing = 0;
		return i;
	}
	if (n - i >= 24 && strncmp(s + i, "<!--/issueDescription-->", 24) == 0) {
		*closing = 1;
		return i;
	}
	return (size_t)-1;
}

/* Pairs the markers in order.  O C is a section; C C (the opener written
 * as a closer), O O (the closer written as an opener) and C O (reversed)
 * are read as one section with a warning; a final O runs to the next
 * heading. */
static void
pair_marks(shelf_marks *m, const unsigned *line, const int *closing, size_t n,
           shelf_diags *d, const char *file)
{
	size_t i = 0;

	while (i < n && m->n < SHELF_MAX_SECTION_MARKS) {
		if (i + 1 < n && !closing[i] && closing[i + 1]) {
			m->open[m->n] = line[i];
			m->close[m->n++] = line[i + 1];
			i += 2;
			continue;
		}
		if (i + 1 < n) {
			shelf_diags_add(d, SHELF_W_SECTION, SHELF_WARNING, file, line[i], 1,
			                "issueDescription markers are %s; read as one section up to line %u",
			                closing[i] && closing[i + 1] ? "both closers"
			                : !closing[i] ? "both openers" : "reversed", line[i + 1]);
			m->open[m->n] = line[i];
			m->close[m->n++] = line[i + 1];
			i += 2;
			continue;
		}
		shelf_diags_add(d, SHELF_W_SECTION, SHELF_WARNING, file, line[i], 1,
		                "issueDescription is %s; read up to the next heading",
		                closing[i] ? "a lone closer" : "never closed");
		m->open[m->n] = line[i];
		m->close[m->n++] = 0;
		i++;
	}
}

/* ---- the JSON block ---------------------------------------------------- */

/* Deepest nesting the fast reader takes; deeper goes to json_loadb (whose
 * own limit, 2048, then applies). */
#define JR_MAX_DEPTH 512

/* A strict JSON reader for the data block, building the same jansson tree
 * as json_loadb(s, n, 0) (which reads a byte at a time through two layers
 * of buffers: four fifths of the block's cost).  It takes a subset of what
 * jansson takes: anything else (an error, \u0000, a lone surrogate, a
 * number that overflows, a locale whose decimal point is not '.') makes it
 * give up, and json_loadb reads the block, with its error text. */
typedef struct jr {
	const char *s, *e;
	shelf_buf str;      /* a string's decoded bytes */
	unsigned depth;
	int lenient;        /* raw control characters in strings taken... */
	const char *ctrl;   /* ...and the first one noted, with */
	const char *ctrl_quote; /* the quote that opens its string */
} jr;

static json_t *jr_value(jr *r);

static void
jr_blank(jr *r)
{
	while (r->s < r->e && (*r->s == ' ' || *r->s == '\t' || *r->s == '\n' || *r->s == '\r'))
		r->s++;
}

static int
jr_hex4(const char *p, const char *e, unsigned *v)
{
	int i;

	*v = 0;
	if (e - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		unsigned c = (unsigned char)p[i], d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if ((c | 32) >= 'a' && (c | 32) <= 'f')
			d = (c | 32) - 'a' + 10;
		else
			return -1;
		*v = *v * 16 + d;
	}
	return 0;
}

/* Reads a string (r->s after its opening quote) into r->str.  0 or -1. */
static int
jr_string(jr *r)
{
	const char *quote = r->s - 1;

	shelf_buf_clear(&r->str);
	for (;;) {
		const char *p = r->s;
		unsigned cp, lo;
		char u[4];
		size_t k;
		while (p < r->e && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20 &&
		       (unsigned char)*p < 0x80)
			p++;
		shelf_buf_put(&r->str, r->s, (size_t)(p - r->s));
		r->s = p;
		if (p < r->e && r->lenient && *p != '\0' && (unsigned char)*p < 0x20) {
			if (r->ctrl == NULL) {
				r->ctrl = p;
				r->ctrl_quote = quote;
			}
			shelf_buf_putc(&r->str, *p);
			r->s++;
			continue;
		}
		if (p >= r->e || (unsigned char)*p < 0x20)
			return -1;
		if (*p == '"') {
			r->s++;
			return r->str.failed ? -1 : 0;
		}
		if ((unsigned char)*p >= 0x80) {
			if ((k = shelf_utf8_valid_len((const unsigned char *)p, (size_t)(r->e - p))) == 0)
				return -1;
			shelf_buf_put(&r->str, p, k);
			r->s += k;
			continue;
		}
		if (r->e - p < 2)
			return -1;
		switch (p[1]) {
		case '"': case '\\': case '/': shelf_buf_putc(&r->str, p[1]); break;
		case 'b': shelf_buf_putc(&r->str, '\b'); break;
		case 'f': shelf_buf_putc(&r->str, '\f'); break;
		case 'n': shelf_buf_putc(&r->str, '\n'); break;
		case 'r': shelf_buf_putc(&r->str, '\r'); break;
		case 't': shelf_buf_putc(&r->str, '\t'); break;
		case 'u':
			if (jr_hex4(p + 2, r->e, &cp) != 0 || cp == 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
				return -1;
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				if (r->e - p < 12 || p[6] != '\\' || p[7] != 'u' ||
				    jr_hex4(p + 8, r->e, &lo) != 0 || lo < 0xDC00 || lo > 0xDFFF)
					return -1;
				cp = ((cp - 0xD800) << 10) + (lo - 0xDC00) + 0x10000;
				p += 6;
			}
			k = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
			if (k == 1) {
				u[0] = (char)cp;
			} else {
				size_t i;
				for (i = k - 1; i > 0; i--, cp >>= 6)
					u[i] = (char)(0x80 | (cp & 0x3F));
				u[0] = (char)(((0xF00u >> k) & 0xF0) | cp);
			}
			shelf_buf_put(&r->str, u, k);
			p += 4;
			break;
		default:
			return -1;
		}
		r->s = p + 2;
	}
}

/* A number (jansson's grammar: no leading zeros, no '+'), or NULL. */
static json_t *
jr_number(jr *r)
{
	const char *p = r->s, *b = p;
	char tok[64], *end;
	int real = 0;

	if (p < r->e && *p == '-')
		p++;
	if (p < r->e && *p == '0')
		p++;
	else if (p < r->e && *p >= '1' && *p <= '9')
		while (p < r->e && *p >= '0' && *p <= '9')
			p++;
	else
		return NULL;
	if (p < r->e && *p >= '0' && *p <= '9')
		return NULL;             /* a leading zero */
	if (p < r->e && *p == '.') {
		real = 1;
		if (++p >= r->e || !(*p >= '0' && *p <= '9'))
			return NULL;
		while (p < r->e && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < r->e && (*p == 'e' || *p == 'E')) {
		real = 1;
		p++;
		if (p < r->e && (*p == '+' || *p == '-'))
			p++;
		if (p >= r->e || !(*p >= '0' && *p <= '9'))
			return NULL;
		while (p < r->e && *p >= '0' && *p <= '9')
			p++;
	}
	if ((size_t)(p - b) >= sizeof tok)
		return NULL;
	memcpy(tok, b, (size_t)(p - b));
	tok[p - b] = '\0';
	r->s = p;
	errno = 0;
	if (!real) {
		long long v = strtoll(tok, &end, 10);
		return errno == ERANGE ? NULL : json_integer((json_int_t)v);
	} else {
		double v;
		/* jansson turns '.' into the locale's decimal point first */
		if (strtod("0.5", NULL) != 0.5)
			return NULL;
		v = strtod(tok, &end);
		if ((v == HUGE_VAL || v == -HUGE_VAL) && errno == ERANGE)
			return NULL;
		return json_real(v);
	}
}

/* An object or array (r->s at its bracket), or NULL. */
static json_t *
jr_container(jr *r)
{
	int obj = *r->s == '{';
	json_t *c = obj ? json_object() : json_array(), *v;

	if (c == NULL || ++r->depth > JR_MAX_DEPTH)
		goto fail;
	r->s++;
	jr_blank(r);
	if (r->s < r->e && *r->s == (obj ? '}' : ']')) {
		r->s++;
		r->depth--;
		return c;
	}
	for (;;) {
		char *key = NULL;
		size_t klen = 0;
		jr_blank(r);
		if (obj) {
			if (r->s >= r->e || *r->s != '"')
				goto fail;
			r->s++;
			if (jr_string(r) != 0 || memchr(shelf_buf_cstr(&r->str), '\0', r->str.len))
				goto fail;
			klen = r->str.len;
			if ((key = malloc(klen + 1)) == NULL)
				goto fail;
			memcpy(key, shelf_buf_cstr(&r->str), klen + 1);
			jr_blank(r);
			if (r->s >= r->e || *r->s != ':') {
				free(key);
				goto fail;
			}
			r->s++;
			jr_blank(r);
		}
		v = jr_value(r);
		if (v == NULL || (obj ? json_object_setn_new_nocheck(c, key, klen, v)
		                      : json_array_append_new(c, v)) != 0) {
			if (v && obj)
				json_decref(v);
			free(key);
			goto fail;
		}
		free(key);
		jr_blank(r);
		if (r->s < r->e && *r->s == ',') {
			r->s++;
			continue;
		}
		if (r->s < r->e && *r->s == (obj ? '}' : ']')) {
			r->s++;
			r->depth--;
			return c;
		}
		goto fail;
	}
fail:
	json_decref(c);
	return NULL;
}

static json_t *
jr_value(jr *r)
{
	const char *p = r->s;
	size_t n = (size_t)(r->e - p);

	if (n == 0)
		return NULL;
	switch (*p) {
	case '{': case '[':
		return jr_container(r);
	case '"':
		r->s++;
		if (jr_string(r) != 0 || memchr(shelf_buf_cstr(&r->str), '\0', r->str.len))
			return NULL;
		return json_stringn_nocheck(shelf_buf_cstr(&r->str), r->str.len);
	case 't':
		if (n >= 4 && memcmp(p, "true", 4) == 0 && !(n > 4 && ((p[4] | 32) >= 'a' && (p[4] | 32) <= 'z'))) {
			r->s += 4;
			return json_true();
		}
		return NULL;
	case 'f':
		if (n >= 5 && memcmp(p, "false", 5) == 0 && !(n > 5 && ((p[5] | 32) >= 'a' && (p[5] | 32) <= 'z'))) {
			r->s += 5;
			return json_false();
		}
		return NULL;
	case 'n':
		if (n >= 4 && memcmp(p, "null", 4) == 0 && !(n > 4 && ((p[4] | 32) >= 'a' && (p[4] | 32) <= 'z'))) {
			r->s += 4;
			return json_null();
		}
		return NULL;
	default:
		return jr_number(r);
	}
}

/* Reads the whole block s[0..n) with `r`; the value or NULL. */
static json_t *
jr_parse(jr *r, const char *s, size_t n)
{
	json_t *v = NULL;

	r->s = s;
	r->e = s + n;
	jr_blank(r);
	if (r->s < r->e && (*r->s == '{' || *r->s == '[')) {
		v = jr_container(r);
		jr_blank(r);
		if (v && r->s != r->e) {
			json_decref(v);
			v = NULL;
		}
	}
	shelf_buf_free(&r->str);
	return v;
}

/* The block read by the fast reader, or NULL when it leaves it to
 * json_loadb (see jr). */
static json_t *
jr_read(const char *s, size_t n)
{
	jr r = {NULL, NULL, SHELF_BUF_INIT, 0, 0, NULL, NULL};

	return jr_parse(&r, s, n);
}

/* When the block's one fault is raw control characters in strings (tabs
 * pasted into a value), json_loadb stops at the first: fills *err as it
 * would (jansson's message, its line, and its column counted in
 * characters, with the string so far as context when 20 bytes or less)
 * and returns 0.  Else -1, and json_loadb must say what is wrong. */
static int
jr_control_error(const char *s, size_t n, json_error_t *err)
{
	jr r = {NULL, NULL, SHELF_BUF_INIT, 0, 1, NULL, NULL};
	json_t *v = jr_parse(&r, s, n);
	shelf_buf msg = SHELF_BUF_INIT;
	const char *p;
	int line = 1, col = 0;
	size_t saved;

	json_decref(v);
	if (v == NULL || r.ctrl == NULL)
		return -1;
	for (p = s; p < r.ctrl; p++) {
		if (*p == '\n') {
			line++;
			col = 0;
		} else if (((unsigned char)*p & 0xC0) != 0x80) {
			col++;
		}
	}
	if (*r.ctrl == '\n')
		shelf_buf_puts(&msg, "unexpected newline");
	else
		shelf_buf_printf(&msg, "control character 0x%x", (unsigned)(unsigned char)*r.ctrl);
	saved = (size_t)(r.ctrl - r.ctrl_quote);
	if (saved <= 20) {
		shelf_buf_puts(&msg, " near '");
		shelf_buf_put(&msg, r.ctrl_quote, saved);
		shelf_buf_putc(&msg, '\'');
	}
	memset(err, 0, sizeof *err);
	if (msg.failed) {
		shelf_buf_free(&msg);
		return -1;
	}
	/* at most 22 + 7 + 20 + 1 bytes: well inside jansson's 160 */
	memcpy(err->text, shelf_buf_cstr(&msg), msg.len + 1);
	shelf_buf_free(&msg);
	err->line = line;
	err->column = col;
	err->position = (int)(r.ctrl - s);
	return 0;
}

/* Parses the JSON block text, retrying with raw control characters in
 * strings escaped (9 real files have tabs there) before giving up. */
static json_t *
parse_json(char *s, size_t n, unsigned first_line, shelf_diags *d, const char *file)
{
	json_error_t err;
	json_t *v = jr_read(s, n);
	shelf_buf fixed = SHELF_BUF_INIT;
	int in_str = 0, mended = 0;
	size_t i;

	if (v)
		return v;
	if (jr_control_error(s, n, &err) != 0 && (v = json_loadb(s, n, 0, &err)) != NULL)
		return v;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (c == '"' && (i == 0 || s[i - 1] != '\\'))
			in_str = !in_str;
		if (in_str && (unsigned char)c < 0x20) {
			shelf_buf_printf(&fixed, "\\u%04x", (unsigned)(unsigned char)c);
			mended = 1;
		} else {
			shelf_buf_putc(&fixed, c);
		}
	}
	/* nothing mended: the same text fails the same way */
	v = mended ? jr_read(shelf_buf_cstr(&fixed), fixed.len) : NULL;
	if (v == NULL && mended)
		v = json_loadb(shelf_buf_cstr(&fixed), fixed.len, 0, NULL);
	shelf_buf_free(&fixed);
	if (v) {
		shelf_diags_add(d, SHELF_E_JSON, SHELF_WARNING, file, first_line + (unsigned)err.line - 1,
		                (unsigned)(err.column > 0 ? err.column : 1),
		                "JSON block has raw control characters in strings (%s); read leniently",
		                err.text);
		return v;
	}
	shelf_diags_add(d, SHELF_E_JSON, SHELF_ERROR, file, first_line + (unsigned)err.line - 1,
	                (unsigned)(err.column > 0 ? err.column : 1), "invalid JSON block: %s", err.text);
	return NULL;
}

/* Finds `---` / `{…}` / `---` after the first H1: the opening `---` is the
 * first such line followed (after blanks) by a line starting with '{'; the
 * closing one is the last `---` line. */
static void
json_block(char *text, const line_ref *lines, size_t nl, json_t **data, shelf_diags *d,
           const char *file)
{
	size_t i, j, open = nl, close = nl;
	int seen_h1 = 0;

	for (i = 0; i < nl && open == nl; i++) {
		const char *s = text + lines[i].at;
		size_t n = lines[i].end - lines[i].at;
		if (n >= 2 && s[0] == '#' && s[1] == ' ')
			seen_h1 = 1;
		if (seen_h1 && n >= 3 && strncmp(s, "---", 3) == 0 && strspn(s, "- \t") == n) {
			for (j = i + 1; j < nl && lines[j].end == lines[j].at; j++)
				;
			if (j < nl && text[lines[j].at] == '{')
				open = i;
		}
	}
	for (i = nl; i > open + 1; i--) {
		const char *s = text + lines[i - 1].at;
		size_t n = lines[i - 1].end - lines[i - 1].at;
		if (n >= 3 && strncmp(s, "---", 3) == 0 && strspn(s, "- \t") == n) {
			close = i - 1;
			break;
		}
	}
	if (open == nl || close == nl)
		return;
	*data = parse_json(text + lines[open + 1].at, lines[close].at - lines[open + 1].at,
	                   lines[open + 1].no, d, file);
	blank(text, lines[open].at, lines[close].end);
}

int
shelf_sections_scan(char *text, size_t len, shelf_marks *m, json_t **data,
                    shelf_diags *d, const char *file)
{
	unsigned mline[SHELF_MAX_SECTION_MARKS];
	int mclose[SHELF_MAX_SECTION_MARKS];
	line_ref *lines = NULL;
	size_t nl = 0, cap = 0, pos = 0, nm = 0, at;
	unsigned no = 1;

	memset(m, 0, sizeof *m);
	*data = NULL;
	while (pos <= len) {
		const char *nlp = pos < len ? memchr(text + pos, '\n', len - pos) : NULL;
		size_t e = nlp ? (size_t)(nlp - text) : len;
		int closing;
		if (nl == cap) {
			line_ref *nv = realloc(lines, (cap = cap ? cap * 2 : 256) * sizeof *nv);
			if (nv == NULL) {
				free(lines);
				return -1;
			}
			lines = nv;
		}
		lines[nl++] = (line_ref){pos, e, no};
		if ((at = marker_at(text + pos, e - pos, &closing)) != (size_t)-1 &&
		    nm < SHELF_MAX_SECTION_MARKS) {
			mline[nm] = no;
			mclose[nm++] = closing;
			drop_marker(text, pos + at, e, 23 + (size_t)closing);
		}
		if (nlp == NULL)
			break;
		pos = e + 1;
		no++;
	}
	pair_marks(m, mline, mclose, nm, d, file);
	json_block(text, lines, nl, data, d, file);
	free(lines);
	return 0;
}

/* 1 when the blocks that have a line (transforms make some without)
 * come in the order of their lines: then the blocks of a line range are
 * found from where it starts, and the scan stops where it ends. */
static int
blocks_in_line_order(const shelf_blocks *blocks)
{
	unsigned last = 0;
	size_t i;

	for (i = 0; i < blocks->n; i++) {
		if (blocks->v[i].line == 0)
			continue;
		if (blocks->v[i].line < last)
			return 0;
		last = blocks->v[i].line;
	}
	return 1;
}

/* Index of the first block whose line is `line` or more, going back from
 * `i` (blocks in line order; lines of 0 skipped). */
static size_t
first_at(const shelf_blocks *blocks, size_t i, unsigned line)
{
	size_t j = i;

	while (i > 0 && (blocks->v[i - 1].line >= line || blocks->v[i - 1].line == 0))
		if (blocks->v[--i].line != 0)
			j = i;
	return j;
}

/* Appends the HTML of blocks [from_line, to_line) to `h` and, when `t`
 * is not NULL, its text (the HTML without tags, entities as written).
 * `start`: the first block that can be in the range, and `ordered`: the
 * blocks are in line order (so none past the range's end is in it). */
static void
cut(const char *html, const shelf_blocks *blocks, size_t start_block, int ordered,
    unsigned from, unsigned to, int skip_heading, shelf_buf *h, shelf_buf *t)
{
	size_t i, start = h->len;

	for (i = start_block; i < blocks->n; i++) {
		const shelf_block *b = &blocks->v[i];
		if (ordered && to && b->line >= to)
			break;
		if (b->line < from || (to && b->line >= to) || b->open)
			continue;
		if (skip_heading && b->line == from && b->heading != SHELF_NO_HEADING)
			continue;
		shelf_buf_put(h, html + b->from, b->to - b->from);
	}
	for (i = start; t && i < h->len; i++) {
		if (h->ptr[i] == '<') {
			const char *gt = memchr(h->ptr + i, '>', h->len - i);
			i = gt ? (size_t)(gt - h->ptr) : h->len;
			continue;
		}
		shelf_buf_putc(t, h->ptr[i]);
	}
}

/* Line of the first top-level heading (level <= 2) after `line`, or 0;
 * blocks before `from` need not be looked at (they are in line order and
 * not after `line`). */
static unsigned
next_heading(const shelf_blocks *blocks, const shelf_headings *heads, size_t from,
             unsigned line)
{
	size_t i;

	for (i = from; i < blocks->n; i++) {
		const shelf_block *b = &blocks->v[i];
		if (b->heading != SHELF_NO_HEADING && b->line > line &&
		    heads->v[b->heading].level <= 2)
			return b->line;
	}
	return 0;
}

void
shelf_sections_build(const shelf_marks *m, const char *html, const shelf_blocks *blocks,
                     const shelf_headings *heads, shelf_sections *sections, shelf_issue *issue)
{
	shelf_buf ih = SHELF_BUF_INIT, it = SHELF_BUF_INIT, sh = SHELF_BUF_INIT;
	int ordered = blocks_in_line_order(blocks);
	size_t i;

	memset(sections, 0, sizeof *sections);
	memset(issue, 0, sizeof *issue);
	for (i = 0; i < blocks->n; i++) {
		const shelf_block *b = &blocks->v[i];
		const shelf_heading *h;
		size_t s;
		if (b->heading == SHELF_NO_HEADING || heads->v[b->heading].level != 2)
			continue;
		h = &heads->v[b->heading];
		s = ordered ? first_at(blocks, i, b->line) : 0;
		shelf_buf_clear(&sh);
		cut(html, blocks, s, ordered, b->line, next_heading(blocks, heads, s, b->line), 1,
		    &sh, NULL);
		shelf_sections_push(sections, h->id, h->text, shelf_buf_cstr(&sh));
	}
	for (i = 0; i < m->n; i++) {
		unsigned to = m->close[i] ? m->close[i] : next_heading(blocks, heads, 0, m->open[i]);
		cut(html, blocks, 0, ordered, m->open[i], to, 0, &ih, &it);
	}
	if (m->n) {
		issue->present = 1;
		issue->html = shelf_buf_detach(&ih);
		issue->text = shelf_buf_detach(&it);
	}
	shelf_buf_free(&ih);
	shelf_buf_free(&it);
	shelf_buf_free(&sh);
}
