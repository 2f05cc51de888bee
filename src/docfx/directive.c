/*
 * directive.c - the docfx directive pre-pass; see directive.h.
 *
 * One pass over the lines.  For each line the container prefix (`>`
 * markers) is kept as written; fenced code is copied untouched; a block
 * directive is replaced by its sentinel, an inline one by an inline
 * sentinel.  Inside :::row::: the content lines lose their indentation, as
 * docfx's row and column containers strip it.
 */
#include "directive.h"
#include "escape.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct scan {
	const char *file;
	shelf_diags *diags;
	shelf_directives *t;
	shelf_buf *out;
	unsigned line;         /* current line, 1-based */
	char fence_ch;         /* open fence character, or 0 */
	size_t fence_len;
	size_t list_indent;    /* content indent of the open list item, or 0 */
	int prev_blank;
	int row_depth;         /* open :::row::: containers */
	size_t row_indent;     /* indentation of the outermost open row line */
	unsigned zone_line, zone_col;  /* the open ::: zone, line 0 when none */
	unsigned moniker_depth;        /* open ::: moniker blocks */
	unsigned moniker_line, moniker_col; /* the outermost one */
	int group_open;        /* a <videoGroup> is open */
} scan;

/* ---- table ----------------------------------------------------------- */

static shelf_directive *
dir_new(scan *s, shelf_dir_kind kind, int block, size_t col, const char *raw, size_t n)
{
	shelf_directive *d;

	if (s->t->n >= SHELF_MAX_DIRECTIVES) {
		if (s->t->n == SHELF_MAX_DIRECTIVES)
			shelf_diags_add(s->diags, SHELF_E_DIRECTIVE, SHELF_ERROR, s->file, s->line,
			                (unsigned)col, "more than %d directives; the rest stay text",
			                SHELF_MAX_DIRECTIVES);
		return NULL;
	}
	if (s->t->n == s->t->cap) {
		size_t ncap = s->t->cap ? s->t->cap * 2 : 16;
		shelf_directive *nv = realloc(s->t->v, ncap * sizeof *nv);
		if (nv == NULL)
			return NULL;
		s->t->v = nv;
		s->t->cap = ncap;
	}
	d = &s->t->v[s->t->n];
	memset(d, 0, sizeof *d);
	d->kind = kind;
	d->block = block;
	d->line = s->line;
	d->index_line = s->line - 1;
	d->col = (unsigned)col;
	d->raw = strndup(raw, n);
	if (d->raw == NULL)
		return NULL;
	s->t->n++;
	return d;
}

/* Frees what directive `d` owns. */
static void
dir_clear(shelf_directive *d)
{
	size_t k;

	free(d->raw);
	free(d->a);
	free(d->b);
	free(d->c);
	free(d->d);
	free(d->body);
	for (k = 0; k < d->n_attrs; k++) {
		free(d->attrs[k].name);
		free(d->attrs[k].value);
	}
}

/* Drops the directive added last (its line turned out not to be one). */
static void
drop_last(shelf_directives *t)
{
	dir_clear(&t->v[--t->n]);
}

static void
put_sentinel(scan *s)
{
	shelf_buf_put(s->out, "<!--shelf:", 10);
	shelf_buf_putu(s->out, s->t->n - 1);
	shelf_buf_put(s->out, "-->", 3);
}

/* The sentinel of an inline directive that starts its line with text after
 * it.  A comment there would open an HTML block (and cut the line out of
 * its paragraph); a closing tag followed by text is inline HTML to cmark,
 * so the line stays paragraph text, as in docfx. */
static void
put_line_start_sentinel(scan *s)
{
	shelf_buf_put(s->out, "</shelf-", 8);
	shelf_buf_putu(s->out, s->t->n - 1);
	shelf_buf_putc(s->out, '>');
}

void
shelf_directives_free(shelf_directives *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++)
		dir_clear(&t->v[i]);
	free(t->v);
	free(t->used);
	t->used = NULL;
	t->v = NULL;
	t->n = t->cap = 0;
}

const shelf_directive *
shelf_directive_of(const shelf_directives *t, const char *lit, unsigned line)
{
	char *end;
	unsigned long n;

	if (t == NULL || lit == NULL)
		return NULL;
	while (*lit == ' ' || *lit == '\t')
		lit++;
	if (strncmp(lit, "<!--shelf:", 10) == 0 && isdigit((unsigned char)lit[10])) {
		n = strtoul(lit + 10, &end, 10);
		if (strncmp(end, "-->", 3) != 0 || (end[3] != '\0' && end[3] != '\n'))
			return NULL;
	} else if (strncmp(lit, "</shelf-", 8) == 0 && isdigit((unsigned char)lit[8])) {
		n = strtoul(lit + 8, &end, 10);
		if (strcmp(end, ">") != 0)
			return NULL;
	} else {
		return NULL;
	}
	if (n >= t->n || t->v[n].line != line)
		return NULL;
	return &t->v[n];
}

void
shelf_directive_mark_used(const shelf_directives *t, const shelf_directive *dir)
{
	if (t && t->used && dir >= t->v && dir < t->v + t->n)
		t->used[dir - t->v] = 1;
}

/* Length of the sentinel at s[0..n) (either form), its index in *idx; 0
 * when s does not start with one. */
static size_t
sentinel_at(const char *s, size_t n, size_t *idx)
{
	size_t i, pre, v = 0;
	const char *post;

	if (n > 10 && memcmp(s, "<!--shelf:", 10) == 0) {
		pre = 10;
		post = "-->";
	} else if (n > 8 && memcmp(s, "</shelf-", 8) == 0) {
		pre = 8;
		post = ">";
	} else {
		return 0;
	}
	for (i = pre; i < n && i < pre + 6 && isdigit((unsigned char)s[i]); i++)
		v = v * 10 + (size_t)(s[i] - '0');
	if (i == pre || n - i < strlen(post) || memcmp(s + i, post, strlen(post)) != 0)
		return 0;
	*idx = v;
	return i + strlen(post);
}

void
shelf_directives_restore(const shelf_directives *t, const char *s, size_t n, shelf_buf *out)
{
	size_t i = 0, run = 0, k, idx;

	while (t != NULL && t->n > 0 && i < n) {
		const char *lt = memchr(s + i, '<', n - i);
		if (lt == NULL)
			break;
		i = (size_t)(lt - s);
		if ((k = sentinel_at(s + i, n - i, &idx)) == 0 || idx >= t->n) {
			i++;
			continue;
		}
		shelf_buf_put(out, s + run, i - run);
		shelf_buf_puts(out, t->v[idx].raw);
		shelf_directive_mark_used(t, &t->v[idx]);
		i += k;
		run = i;
	}
	shelf_buf_put(out, s + run, n - run);
}

void
shelf_directives_report_unused(const shelf_directives *t, shelf_diags *d, const char *file)
{
	size_t i;

	if (t == NULL || t->used == NULL)
		return;
	for (i = 0; i < t->n; i++) {
		const shelf_directive *dir = &t->v[i];
		if (t->used[i])
			continue;
		shelf_diags_add(d, SHELF_E_DIRECTIVE_LOST, SHELF_ERROR, file, dir->line, dir->col,
		                "'%.60s%s' is not rendered where it stands (inside link text, "
		                "alt text or a heading id?); move it to a line of its own",
		                dir->raw, strlen(dir->raw) > 60 ? "…" : "");
	}
}

const char *
shelf_directive_unknown_attr(const shelf_directive *dir, const char *allowed)
{
	size_t i, n;

	for (i = 0; i < dir->n_attrs; i++) {
		const char *a = dir->attrs[i].name, *hit;
		n = strlen(a);
		for (hit = strstr(allowed, a); hit; hit = strstr(hit + 1, a))
			if (n && hit > allowed && hit[-1] == ' ' && hit[n] == ' ')
				break;
		if (hit == NULL)
			return a;
	}
	return NULL;
}

const char *
shelf_directive_attr(const shelf_directive *dir, const char *name)
{
	size_t i;

	for (i = 0; i < dir->n_attrs; i++)
		if (strcmp(dir->attrs[i].name, name) == 0)
			return dir->attrs[i].value;
	return NULL;
}

const char *
shelf_directive_child(const shelf_directive *dir, const char *name)
{
	size_t i;

	for (i = 0; i < dir->n_attrs; i++)
		if (strcasecmp(dir->attrs[i].name, name) == 0)
			return dir->attrs[i].value;
	return NULL;
}

/* ---- include and code-snippet syntax --------------------------------- */

/* Parses `[!INCLUDE [title](path)]` (or the `[!include+[` / `[!include-[`
 * legacy forms) at s[0..n).  Returns its length, 0 if none; sets title and
 * path spans. */
static size_t
match_include(const char *s, size_t n, const char **t0, size_t *tn,
              const char **p0, size_t *pn)
{
	size_t i = 9, k;

	if (n < 14 || strncasecmp(s, "[!include", 9) != 0)
		return 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < n && s[i] == ' ')
		i++;
	if (i >= n || s[i] != '[')
		return 0;
	*t0 = s + ++i;
	while (i < n && s[i] != ']') {
		if (s[i] == '\\' && i + 1 < n)
			i++;
		i++;
	}
	if (i + 1 >= n || s[i + 1] != '(')
		return 0;
	*tn = (size_t)(s + i - *t0);
	i += 2;
	if (i < n && s[i] == '<') {
		*p0 = s + ++i;
		while (i < n && s[i] != '>' && s[i] != ' ')
			i++;
		if (i >= n || s[i] != '>')
			return 0;
		*pn = (size_t)(s + i - *p0);
		i++;
	} else {
		*p0 = s + i;
		while (i < n && s[i] != ')' && s[i] != ' ' && s[i] != '\t') {
			if (s[i] == '\\' && i + 1 < n)
				i++;
			i++;
		}
		*pn = (size_t)(s + i - *p0);
	}
	while (i < n && s[i] == ' ')
		i++;
	if (i < n && (s[i] == '"' || s[i] == '\'')) {
		char q = s[i];
		for (k = i + 1; k < n && s[k] != q; k++)
			;
		i = k + 1;
		while (i < n && s[i] == ' ')
			i++;
	}
	if (i + 1 >= n || s[i] != ')' || s[i + 1] != ']' || *pn == 0)
		return 0;
	return i + 2;
}

/* Parses `[!code-lang[name](path "title")]` at s[0..n), the whole rest of
 * the line.  Returns 1 and fills the directive's a..d, else 0. */
static int
match_snippet(scan *sc, const char *s, size_t n, size_t col)
{
	size_t i, lang0, langn, name0, namen, p0, depth = 0;
	shelf_directive *d;
	size_t t0 = 0, tn = 0;

	if (n >= 10 && strncasecmp(s, "[!code", 6) == 0)
		i = 6;
	else if (n >= 14 && strncasecmp(s, "[!notebook", 10) == 0)
		i = 10; /* a Jupyter cell: the same syntax (snippet.c) */
	else
		return 0;
	lang0 = i;
	if (s[i] == '-') {
		lang0 = ++i;
		while (i < n && s[i] != '[')
			i++;
	}
	langn = i - lang0;
	if (i >= n || s[i] != '[')
		return 0;
	name0 = ++i;
	while (i < n && s[i] != ']') {
		if (s[i] == '\\' && i + 1 < n)
			i++;
		i++;
	}
	namen = i - name0;
	if (i + 1 >= n || s[i + 1] != '(')
		return 0;
	i += 2;
	p0 = i;
	while (i < n && !(s[i] == ')' && depth == 0) && s[i] != '"') {
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')')
			depth--;
		i++;
	}
	{
		size_t pe = i;
		while (pe > p0 && s[pe - 1] == ' ')
			pe--;
		if (i < n && s[i] == '"') {
			/* docfx: a backslash escapes the next character (\" inside) */
			t0 = ++i;
			while (i < n && s[i] != '"') {
				if (s[i] == '\\' && i + 1 < n)
					i++;
				i++;
			}
			tn = i - t0;
			i++;
			while (i < n && s[i] == ' ')
				i++;
		}
		if (i + 1 >= n || s[i] != ')' || s[i + 1] != ']' || pe == p0)
			return 0;
		for (size_t k = i + 2; k < n; k++)
			if (s[k] != ' ' && s[k] != '\t')
				return 0;
		d = dir_new(sc, SHELF_DIR_SNIPPET, 1, col, s, n);
		if (d == NULL)
			return 0;
		d->a = strndup(s + lang0, langn);
		while (d->a && langn && d->a[langn - 1] == ' ')
			d->a[--langn] = '\0';
		d->b = strndup(s + p0, pe - p0);
		d->c = strndup(s + name0, namen); /* escapes undone in snippet.c */
		d->d = strndup(s + t0, tn);
	}
	return 1;
}

/* ---- triple-colon syntax --------------------------------------------- */

/* Parses attributes `name="value" name2 …` from s[*i..n) until `:::` or
 * the end.  Returns 0, or -1 after an attribute error (diagnostic added
 * by the caller with its name). */
static int
parse_attrs(shelf_directive *d, const char *s, size_t n, size_t *ip, const char **why)
{
	size_t i = *ip;

	for (;;) {
		size_t a0, an, v0 = 0, vn = 0, k;
		int has_value = 0;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i >= n || (i + 2 < n && s[i] == ':' && s[i + 1] == ':' && s[i + 2] == ':'))
			break;
		if (!isalpha((unsigned char)s[i])) {
			*why = "unexpected character";
			return -1;
		}
		a0 = i;
		while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == '_'))
			i++;
		an = i - a0;
		while (i < n && s[i] == ' ')
			i++;
		if (i < n && s[i] == '=') {
			i++;
			while (i < n && s[i] == ' ')
				i++;
			if (i >= n || s[i] != '"') {
				*why = "attribute value must be in double quotes";
				return -1;
			}
			v0 = ++i;
			while (i < n && s[i] != '"')
				i++;
			if (i >= n) {
				*why = "attribute value lacks its closing quote";
				return -1;
			}
			vn = i - v0;
			i++;
			has_value = 1;
		}
		if (d->n_attrs >= SHELF_MAX_DIRECTIVE_ATTRS) {
			*why = "too many attributes";
			return -1;
		}
		for (k = 0; k < d->n_attrs; k++)
			if (strlen(d->attrs[k].name) == an &&
			    strncasecmp(d->attrs[k].name, s + a0, an) == 0) {
				*why = "attribute given twice";
				return -1;
			}
		d->attrs[d->n_attrs].name = strndup(s + a0, an);
		d->attrs[d->n_attrs].value = has_value ? strndup(s + v0, vn) : strdup("");
		if (d->attrs[d->n_attrs].name == NULL || d->attrs[d->n_attrs].value == NULL)
			return -1;
		for (k = 0; k < an; k++)
			d->attrs[d->n_attrs].name[k] = (char)tolower((unsigned char)d->attrs[d->n_attrs].name[k]);
		d->n_attrs++;
	}
	*ip = i;
	return 0;
}

static const struct { const char *name; shelf_dir_kind kind, end; int closes; } triple[] = {
	{"zone", SHELF_DIR_ZONE, SHELF_DIR_ZONE_END, 0},
	{"moniker", SHELF_DIR_MONIKER, SHELF_DIR_MONIKER_END, 0},
	{"row", SHELF_DIR_ROW, SHELF_DIR_ROW_END, 1},
	{"column", SHELF_DIR_COLUMN, SHELF_DIR_COLUMN_END, 1},
	{"image", SHELF_DIR_IMAGE, SHELF_DIR_IMAGE_END, 1},
	{"code", SHELF_DIR_CODE, 0, 1},
	{"video", SHELF_DIR_VIDEO, 0, 1},
	{"form", SHELF_DIR_FORM, 0, 1},
};

/* `:::Section Title:::` (s[0..n), the title from s[i]): the portal's
 * section title of an Apollo page.  NULL when the line does not end in
 * `:::` or has no title: it stays text. */
static shelf_directive *
match_section(scan *sc, const char *s, size_t n, size_t i, size_t col)
{
	size_t e = n;
	shelf_directive *d;

	if (n < i + 3 || strncmp(s + n - 3, ":::", 3) != 0)
		return NULL;
	e = n - 3;
	while (i < e && (s[i] == ' ' || s[i] == '\t'))
		i++;
	while (e > i && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	if (e == i || memchr(s + i, ':', e - i) != NULL)
		return NULL;
	if ((d = dir_new(sc, SHELF_DIR_SECTION, 1, col, s, n)) == NULL)
		return NULL;
	if ((d->a = strndup(s + i, e - i)) == NULL) {
		drop_last(sc->t);
		return NULL;
	}
	return d;
}

/* Recognises a triple-colon line s[0..n) (indentation already skipped).
 * Returns the directive added (its sentinel replaces the line), or NULL
 * when the line is not one (it then stays text). */
static shelf_directive *
match_triple(scan *sc, const char *s, size_t n, size_t col)
{
	size_t i = 0, w0, wn, k, colons;
	shelf_directive *d;
	const char *why = NULL;

	while (i < n && s[i] == ':')
		i++;
	colons = i;
	if (colons < 3)
		return NULL;
	while (i < n && s[i] == ' ')
		i++;
	w0 = i;
	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '-'))
		i++;
	wn = i - w0;
	for (k = 0; k < sizeof triple / sizeof triple[0]; k++) {
		size_t tl = strlen(triple[k].name);
		int is_end = wn == tl + 4 && strncasecmp(s + w0, triple[k].name, tl) == 0 &&
		             (triple[k].kind == SHELF_DIR_MONIKER /* docfx: any case */
		              ? strncasecmp(s + w0 + tl, "-end", 4) : strncmp(s + w0 + tl, "-end", 4)) == 0;
		if (is_end && triple[k].end) {
			d = dir_new(sc, triple[k].end, 1, col, s, n);
			return d;
		}
		if (wn != tl || strncasecmp(s + w0, triple[k].name, tl) != 0)
			continue;
		d = dir_new(sc, triple[k].kind, 1, col, s, n);
		if (d == NULL)
			return NULL;
		if (parse_attrs(d, s, n, &i, &why) != 0) {
			/* docfx: invalid-moniker-range is a warning, the others errors */
			shelf_diags_add(sc->diags, SHELF_E_DIRECTIVE,
			                triple[k].kind == SHELF_DIR_MONIKER ? SHELF_WARNING : SHELF_ERROR,
			                sc->file, sc->line,
			                (unsigned)(col + i), "invalid :::%s: %s; the line stays text",
			                triple[k].name, why ? why : "out of memory");
			drop_last(sc->t);
			return NULL;
		}
		if (!triple[k].closes && i < n) {
			shelf_diags_add(sc->diags, SHELF_E_DIRECTIVE, SHELF_ERROR, sc->file, sc->line,
			                (unsigned)(col + i), "invalid :::%s: it takes no closing ':::'; the line stays text",
			                triple[k].name);
			drop_last(sc->t);
			return NULL;
		}
		return d;
	}
	if (colons == 3 && wn == 7 && strncasecmp(s + w0, "section", 7) == 0 && i < n &&
	    (s[i] == ' ' || s[i] == '\t' || s[i] == ':'))
		return match_section(sc, s, n, i, col);
	return NULL; /* `:::no-loc` is inline only; others stay text */
}

/* ---- inline directives ----------------------------------------------- */

/* `:::no-loc text="…":::` at s[0..n): its length or 0; sets the text. */
static size_t
match_noloc(const char *s, size_t n, const char **t0, size_t *tn)
{
	size_t i = 15;

	if (n < 19 || strncmp(s, ":::no-loc text=\"", 16) != 0)
		return 0;
	*t0 = s + 16;
	for (i = 16; i < n && s[i] != '"'; i++)
		if (s[i] == '\\' && i + 1 < n)
			i++;
	if (i + 3 >= n || strncmp(s + i, "\":::", 4) != 0)
		return 0;
	*tn = (size_t)(s + i - *t0);
	return i + 4;
}

/* 1 when s[0..n) holds more than blanks. */
static int
rest_has_text(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 1;
	return 0;
}

/* Bytes scan_inline() looks at; the rest of a line is copied. */
static const unsigned char inline_stop[256] = {
	['`'] = 1, ['\\'] = 1, ['['] = 1, [':'] = 1, ['<'] = 1,
};

/* `<xref:"uid">` or `<xref:'uid'>` (prefix in any case, one line) at s:
 * its length, the uid (trimmed) in *t0, *tn; 0 when not one.  The plain
 * `<xref:uid>` is a CommonMark autolink and is left to cmark. */
static size_t
match_xref_quoted(const char *s, size_t n, const char **t0, size_t *tn)
{
	const char *close;
	char q;

	if (n < 9 || strncasecmp(s, "<xref:", 6) != 0 || (s[6] != '"' && s[6] != '\''))
		return 0;
	q = s[6];
	if ((close = memchr(s + 7, q, n - 7)) == NULL || (size_t)(close - s) + 1 >= n ||
	    close[1] != '>')
		return 0;
	*t0 = s + 7;
	*tn = (size_t)(close - *t0);
	while (*tn && (**t0 == ' ' || **t0 == '\t')) {
		(*t0)++;
		(*tn)--;
	}
	while (*tn && ((*t0)[*tn - 1] == ' ' || (*t0)[*tn - 1] == '\t'))
		(*tn)--;
	return *tn ? (size_t)(close - s) + 2 : 0;
}

/* Scans one line's text s[0..n) for inline directives (outside code
 * spans) and writes it with sentinels in their place. */
static void
scan_inline(scan *sc, const char *s, size_t n, size_t col0)
{
	size_t i = 0, run = 0, k, tn = 0, pn = 0;
	const char *t0 = NULL, *p0 = NULL;
	shelf_directive *d;
	shelf_dir_kind kind;
#define PUT_INLINE_SENTINEL(len) \
	(i == 0 && rest_has_text(s + (len), n - (len)) ? put_line_start_sentinel(sc) : put_sentinel(sc))

	while (i < n) {
		while (i < n && !inline_stop[(unsigned char)s[i]])
			i++;
		if (i >= n)
			break;
		if (s[i] == '`') {
			/* skip a code span: a run of backticks to the same run */
			size_t bt = 0, j;
			while (i + bt < n && s[i + bt] == '`')
				bt++;
			for (j = i + bt; j < n; j++) {
				size_t r = 0;
				while (j + r < n && s[j + r] == '`')
					r++;
				if (r == bt)
					break;
				j += r ? r - 1 : 0;
			}
			i = j < n ? j + bt : i + bt;
			continue;
		}
		if (s[i] == '\\') {
			i += 2;
			continue;
		}
		if (s[i] == '[' && (k = match_include(s + i, n - i, &t0, &tn, &p0, &pn)) != 0) {
			d = dir_new(sc, SHELF_DIR_INCLUDE, 0, col0 + i, s + i, k);
			if (d) {
				d->a = strndup(t0, tn);
				d->b = strndup(p0, pn);
				shelf_buf_put(sc->out, s + run, i - run);
				PUT_INLINE_SENTINEL(k);
				run = i + k;
			}
			i += k;
			continue;
		}
		/* the two whose one value is their text: a = the uid, the text */
		kind = 0;
		if (s[i] == '<' && (k = match_xref_quoted(s + i, n - i, &t0, &tn)) != 0)
			kind = SHELF_DIR_XREF;
		else if (s[i] == ':' && (k = match_noloc(s + i, n - i, &t0, &tn)) != 0)
			kind = SHELF_DIR_NOLOC;
		if (kind) {
			d = dir_new(sc, kind, 0, col0 + i, s + i, k);
			if (d) {
				d->a = strndup(t0, tn);
				shelf_buf_put(sc->out, s + run, i - run);
				PUT_INLINE_SENTINEL(k);
				run = i + k;
			}
			i += k;
			continue;
		}
		if (s[i] == ':' && n - i > 10 &&
		    (strncmp(s + i, ":::image ", 9) == 0 || strncmp(s + i, ":::video ", 9) == 0)) {
			const char *end = NULL;
			for (k = i + 9; k + 2 < n; k++)
				if (s[k] == ':' && s[k + 1] == ':' && s[k + 2] == ':') {
					end = s + k + 3;
					break;
				}
			if (end) {
				size_t len = (size_t)(end - (s + i));
				d = match_triple(sc, s + i, len, col0 + i);
				if (d) {
					d->block = 0;
					shelf_buf_put(sc->out, s + run, i - run);
					PUT_INLINE_SENTINEL(len);
					run = i + len;
					i += len;
					continue;
				}
			}
		}
		i++;
	}
	shelf_buf_put(sc->out, s + run, n - run);
#undef PUT_INLINE_SENTINEL
}

/* ---- lines ----------------------------------------------------------- */

/* Width of the blockquote prefix of line s[0..n): `>` markers, each with
 * up to three spaces before and one after. */
static size_t
quote_prefix(const char *s, size_t n)
{
	size_t i = 0, j;

	for (;;) {
		j = i;
		while (j < n && j - i < 3 && s[j] == ' ')
			j++;
		if (j >= n || s[j] != '>')
			return i;
		i = j + 1;
		if (i < n && s[i] == ' ')
			i++;
	}
}

/* Fence opener/closer: returns the run length of ``` or ~~~ at s, or 0. */
static size_t
fence_run(const char *s, size_t n, char *ch)
{
	size_t k = 0;

	if (n < 3 || (s[0] != '`' && s[0] != '~'))
		return 0;
	while (k < n && s[k] == s[0])
		k++;
	if (k < 3)
		return 0;
	if (s[0] == '`' && memchr(s + k, '`', n - k))
		return 0; /* an info string may not contain backticks */
	*ch = s[0];
	return k;
}

/* Content indent of a list item starting at s (after `ind` spaces), or 0. */
static size_t
list_item_indent(const char *s, size_t n, size_t ind)
{
	size_t i = 0;

	if (n >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ')
		i = 1;
	else {
		while (i < n && i < 9 && isdigit((unsigned char)s[i]))
			i++;
		if (i == 0 || i >= n || (s[i] != '.' && s[i] != ')'))
			return 0;
		i++;
	}
	if (i >= n || s[i] != ' ')
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	return ind + i;
}

/* Swallows the lines after a block directive's opening line (which ends
 * at `pos` - 1) up to the first line `closes` accepts: each becomes an
 * empty line (quote prefix kept) so line numbers stay, and its text, less
 * up to `strip` blanks (the opening line's indentation: a list item's
 * content column), goes to d->body.  *closed says whether such a line
 * came.  Returns the offset of the end of the last consumed line. */
static size_t
swallow(scan *sc, shelf_directive *d, const char *text, size_t len, size_t pos, size_t strip,
        int (*closes)(const char *text, size_t pos, size_t e), int *closed)
{
	shelf_buf body = SHELF_BUF_INIT;
	size_t last = pos ? pos - 1 : 0;

	*closed = 0;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t e = nl ? (size_t)(nl - text) : len, q = quote_prefix(text + pos, e - pos), k;
		const char *r = text + pos + q;
		size_t rn = e - pos - q;
		sc->line++;
		shelf_buf_putc(sc->out, '\n');
		shelf_buf_put(sc->out, text + pos, q);
		last = e;
		if (closes(text, pos, e)) {
			*closed = 1;
			break;
		}
		for (k = 0; k < rn && k < strip && (r[k] == ' ' || r[k] == '\t'); k++)
			;
		shelf_buf_put(&body, r + k, rn - k);
		shelf_buf_putc(&body, '\n');
		pos = e + 1;
	}
	d->body = shelf_buf_detach(&body);
	return last;
}

/* The line at text[pos, e), after its quote prefix and blanks, starts
 * with `lit`? */
static int
line_starts(const char *text, size_t pos, size_t e, const char *lit)
{
	size_t k = pos + quote_prefix(text + pos, e - pos), n = strlen(lit);

	while (k < e && (text[k] == ' ' || text[k] == '\t'))
		k++;
	return e - k >= n && strncmp(text + k, lit, n) == 0;
}

static int
is_image_end(const char *text, size_t pos, size_t e)
{
	return line_starts(text, pos, e, ":::image-end:::");
}

static int
is_video_end(const char *text, size_t pos, size_t e)
{
	return line_starts(text, pos, e, ":::video-end:::");
}

/* A line after `pos` that `is_end` accepts?  A `$$` block or a complex
 * video whose end never comes is not one: the rest of the page would
 * otherwise become TeX or a visually hidden description. */
static int
closes_later(const char *text, size_t len, size_t pos,
             int (*is_end)(const char *text, size_t pos, size_t e))
{
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t e = nl ? (size_t)(nl - text) : len;
		if (is_end(text, pos, e))
			return 1;
		pos = e + 1;
	}
	return 0;
}

/* Complex :::image: swallows the description lines up to
 * :::image-end::: into d->body (swallow()). */
static size_t
complex_image(scan *sc, shelf_directive *d, const char *text, size_t len, size_t pos,
              size_t strip)
{
	size_t start_line = sc->line;
	int closed;
	size_t end = swallow(sc, d, text, len, pos, strip, is_image_end, &closed);

	if (!closed)
		shelf_diags_add(sc->diags, SHELF_W_DIRECTIVE_END, SHELF_WARNING, sc->file,
		                (unsigned)start_line, d->col,
		                "no ':::image-end:::' closes this complex image");
	return end;
}

/* The content of the line at text[pos, e) after its quote prefix and
 * blanks, without trailing blanks, is `$$`? */
static int
is_math_fence(const char *text, size_t pos, size_t e)
{
	size_t q = quote_prefix(text + pos, e - pos), k = pos + q;

	while (k < e && (text[k] == ' ' || text[k] == '\t'))
		k++;
	while (e > k && (text[e - 1] == ' ' || text[e - 1] == '\t'))
		e--;
	return e - k == 2 && text[k] == '$' && text[k + 1] == '$';
}

/* A math block: swallows the TeX lines after the opening `$$` and the
 * closing `$$` line (math_closes() made sure of one) into d->body
 * (swallow()). */
static size_t
math_block(scan *sc, shelf_directive *d, const char *text, size_t len, size_t pos, size_t strip)
{
	int closed;

	return swallow(sc, d, text, len, pos, strip, is_math_fence, &closed);
}

/* Text after the keyword of an end line (`::: zone-end trailing`)? */
static int
end_has_text(const shelf_directive *d)
{
	const char *p = strstr(d->raw, "-end");

	if (p == NULL)
		return 0;
	return rest_has_text(p + 4, strlen(p + 4));
}

/* pivot="a,b": lower-case ids separated by commas. */
static int
pivot_ok(const char *v)
{
	int ids = 0, in_id = 0;

	for (; *v; v++) {
		if ((*v >= 'a' && *v <= 'z') || (*v >= '0' && *v <= '9') || *v == '-') {
			if (!in_id)
				ids++;
			in_id = 1;
		} else if (*v == ',') {
			if (!in_id)
				return 0;
			in_id = 0;
		} else if (*v != ' ' && *v != '\t') {
			return 0;
		} else if (in_id && v[1] != ',' && v[1] != ' ' && v[1] != '\0') {
			return 0; /* a blank inside an id list item */
		}
	}
	return ids > 0 && in_id;
}

int
shelf_dfm_zone_valid(const shelf_directive *dir)
{
	const char *pivot = shelf_directive_attr(dir, "pivot");
	const char *target = shelf_directive_attr(dir, "target");
	size_t i;

	for (i = 0; i < dir->n_attrs; i++)
		if (strcmp(dir->attrs[i].name, "pivot") && strcmp(dir->attrs[i].name, "target"))
			return 0;
	return !((!pivot && !target) || (pivot && !pivot_ok(pivot)) ||
	         (target && strcmp(target, "docs") && strcmp(target, "chromeless") &&
	          strcmp(target, "pdf")) ||
	         (pivot && target && strcmp(target, "pdf") == 0));
}

/* Keeps zone and moniker blocks balanced, as docfx's parser does: a zone
 * inside a zone is an error, an end line with nothing open stays text, the
 * first moniker-end closes every open moniker (d->a = how many), text
 * after an end line is a warning.  Returns 0 to keep `d`, -1 when the line
 * stays text (the caller drops `d`). */
static int
balance(scan *sc, shelf_directive *d)
{
	const char *what = d->kind == SHELF_DIR_ZONE_END ? "::: zone-end" : "::: moniker-end";

	switch (d->kind) {
	case SHELF_DIR_ZONE:
		if (!shelf_dfm_zone_valid(d)) {
			/* docfx: the line is paragraph text, and so is its zone-end */
			shelf_diags_add(sc->diags, SHELF_E_DIRECTIVE, SHELF_ERROR, sc->file, sc->line, d->col,
			                "invalid ::: zone: it takes pivot=\"a,b\" (lower-case ids) and/or target=\"docs|chromeless|pdf\"; the line stays text");
			return -1;
		}
		if (sc->zone_line) {
			shelf_diags_add(sc->diags, SHELF_E_DIRECTIVE, SHELF_ERROR, sc->file, sc->line, d->col,
			                "invalid ::: zone: zones cannot nest (one is open since line %u); the line stays text",
			                sc->zone_line);
			return -1;
		}
		sc->zone_line = sc->line;
		sc->zone_col = d->col;
		return 0;
	case SHELF_DIR_MONIKER:
		if (sc->moniker_depth++ == 0) {
			sc->moniker_line = sc->line;
			sc->moniker_col = d->col;
		}
		return 0;
	case SHELF_DIR_ZONE_END:
	case SHELF_DIR_MONIKER_END:
		if (d->kind == SHELF_DIR_ZONE_END ? sc->zone_line == 0 : sc->moniker_depth == 0) {
			shelf_diags_add(sc->diags, SHELF_W_DIRECTIVE_END, SHELF_WARNING, sc->file, sc->line,
			                d->col, "'%s' with no open block; the line stays text", what);
			return -1;
		}
		if (end_has_text(d))
			shelf_diags_add(sc->diags, SHELF_W_DIRECTIVE_END, SHELF_WARNING, sc->file, sc->line,
			                d->col, "text after '%s' is ignored", what);
		if (d->kind == SHELF_DIR_ZONE_END) {
			sc->zone_line = 0;
		} else {
			char count[24];
			snprintf(count, sizeof count, "%u", sc->moniker_depth);
			d->a = strdup(count);
			sc->moniker_depth = 0;
		}
		return 0;
	default:
		return 0;
	}
}

/* At the end of the scan: a zone or moniker never closed.  docfx renders
 * the block to the end of its container and warns; so does shelf. */
static void
report_unclosed(scan *sc)
{
	if (sc->zone_line)
		shelf_diags_add(sc->diags, SHELF_W_DIRECTIVE_END, SHELF_WARNING, sc->file, sc->zone_line,
		                sc->zone_col, "no '::: zone-end' closes this zone");
	if (sc->moniker_depth)
		shelf_diags_add(sc->diags, SHELF_W_DIRECTIVE_END, SHELF_WARNING, sc->file,
		                sc->moniker_line, sc->moniker_col,
		                "no '::: moniker-end' closes this moniker range");
}

/* ---- portal elements ------------------------------------------------- */

static const char *const widget_names[] = {"insight", "video", "metric", "azurekb"};

/* s[0..n) (trimmed) is `<name>` or `</name>` for a portal element name,
 * any case: its index in widget_names, 4 for videoGroup, else -1. */
static int
widget_tag(const char *s, size_t n, int closing)
{
	size_t k, o = closing ? 2 : 1;

	if (n < o + 2 || s[0] != '<' || (closing && s[1] != '/') || s[n - 1] != '>')
		return -1;
	for (k = 0; k < 5; k++) {
		const char *w = k < 4 ? widget_names[k] : "videogroup";
		if (n - o - 1 == strlen(w) && strncasecmp(s + o, w, strlen(w)) == 0)
			return (int)k;
	}
	return -1;
}

/* The line at text[pos, e) after its quote prefix, trimmed, into *s, *n. */
static void
line_core(const char *text, size_t pos, size_t e, const char **s, size_t *n)
{
	size_t k = pos + quote_prefix(text + pos, e - pos);

	while (k < e && (text[k] == ' ' || text[k] == '\t'))
		k++;
	while (e > k && (text[e - 1] == ' ' || text[e - 1] == '\t'))
		e--;
	*s = text + k;
	*n = e - k;
}

/* A child line s[0..n): `<name>text</name>`, `<name></name>` or
 * `<name/>`, name ASCII letters and digits, text without `<`.  Adds it to
 * d's attrs; 0, or -1 when the line is not one (or OOM, or too many). */
static int
widget_child(shelf_directive *d, const char *s, size_t n)
{
	shelf_buf dec = SHELF_BUF_INIT;
	size_t i = 1, nn, t0, k;

	if (n < 4 || s[0] != '<' || !isalpha((unsigned char)s[1]))
		return -1;
	while (i < n && isalnum((unsigned char)s[i]))
		i++;
	nn = i - 1;
	if (i + 2 == n && s[i] == '/' && s[i + 1] == '>') {
		t0 = i; /* <name/>: empty */
		k = i;
	} else {
		if (i >= n || s[i] != '>')
			return -1;
		t0 = ++i;
		while (i < n && s[i] != '<')
			i++;
		k = i;
		if (n - i != nn + 3 || s[i + 1] != '/' || strncasecmp(s + i + 2, s + 1, nn) != 0 ||
		    s[n - 1] != '>')
			return -1;
	}
	if (d->n_attrs >= SHELF_MAX_DIRECTIVE_ATTRS)
		return -1;
	/* the text is HTML's: &amp; and the like stand for their characters */
	shelf_buf_clear(&dec);
	shelf_entities_decode(&dec, s + t0, k - t0);
	d->attrs[d->n_attrs].name = strndup(s + 1, nn);
	d->attrs[d->n_attrs].value = dec.failed ? NULL : strdup(shelf_buf_cstr(&dec));
	shelf_buf_free(&dec);
	if (d->attrs[d->n_attrs].name == NULL || d->attrs[d->n_attrs].value == NULL) {
		free(d->attrs[d->n_attrs].name);
		free(d->attrs[d->n_attrs].value);
		return -1;
	}
	d->n_attrs++;
	return 0;
}

/* A portal element on one line, r[0..rn): `<azureKB><client>portal</client>
 * </azureKB>`.  Adds it, or returns NULL (nothing added). */
static shelf_directive *
widget_one_line(scan *sc, const char *r, size_t rn, size_t col)
{
	size_t k, o, c, i;
	shelf_directive *d;

	for (k = 0; k < 4; k++) {
		size_t wn = strlen(widget_names[k]);
		if (rn > 2 * wn + 5 && r[0] == '<' && strncasecmp(r + 1, widget_names[k], wn) == 0 &&
		    r[wn + 1] == '>' && r[rn - wn - 3] == '<' && r[rn - wn - 2] == '/' &&
		    strncasecmp(r + rn - wn - 1, widget_names[k], wn) == 0 && r[rn - 1] == '>')
			break;
	}
	if (k == 4 || (d = dir_new(sc, SHELF_DIR_WIDGET, 1, col, r, rn)) == NULL)
		return NULL;
	o = strlen(widget_names[k]) + 2;
	c = rn - strlen(widget_names[k]) - 3;
	if ((d->a = strdup(widget_names[k])) == NULL)
		goto not;
	/* children one after the other: each ends at its own closing tag */
	while (o < c) {
		const char *lt;
		while (o < c && (r[o] == ' ' || r[o] == '\t'))
			o++;
		if (o == c)
			break;
		/* the child's end: its '>' when it is <name/>, else the '>'
		 * after its "</" */
		for (i = o; i < c && r[i] != '>'; i++)
			;
		if (i < c && r[i - 1] != '/') {
			lt = memchr(r + o + 1, '<', c - o - 1);
			if (lt == NULL || (size_t)(lt - r) + 1 >= c || lt[1] != '/')
				goto not;
			for (i = (size_t)(lt - r); i < c && r[i] != '>'; i++)
				;
		}
		if (i == c || widget_child(d, r + o, i + 1 - o) != 0)
			goto not;
		o = i + 1;
	}
	if (k == 1 && shelf_directive_child(d, "src") == NULL)
		goto not;
	return d;
not:
	drop_last(sc->t);
	return NULL;
}

/* A portal element opened by the line r[0..rn) (trimmed), whose line ends
 * at `e`: when the lines after it, up to its closing tag, are all children
 * (blank lines aside; a <video> needs its <src>), adds it, puts its
 * sentinel and blanks those lines (quote prefixes kept, so line numbers
 * stay), and returns the offset of the end of the closing line.  <videoGroup>
 * and </videoGroup> are one line each, the opening one only when a closing
 * one follows.  0 when the line is none of these: it stays raw HTML. */
static size_t
match_widget(scan *sc, const char *text, size_t len, size_t e, const char *r, size_t rn,
             size_t col)
{
	int k = widget_tag(r, rn, 0);
	size_t pos = e + 1, lines = 0, close_e = 0, i;
	shelf_directive *d;
	unsigned bad_line = 0; /* a line that is not a child, before the end */

	if (k < 0 && (d = widget_one_line(sc, r, rn, col)) != NULL) {
		put_sentinel(sc);
		return e;
	}
	if (k < 0) {
		if (widget_tag(r, rn, 1) != 4 || !sc->group_open)
			return 0;
		/* </videoGroup> */
		if (dir_new(sc, SHELF_DIR_WIDGET_GROUP_END, 1, col, r, rn) == NULL)
			return 0;
		sc->group_open = 0;
		put_sentinel(sc);
		return e;
	}
	if (k == 4 && sc->group_open)
		return 0; /* groups do not nest */
	d = dir_new(sc, k == 4 ? SHELF_DIR_WIDGET_GROUP : SHELF_DIR_WIDGET, 1, col, r, rn);
	if (d == NULL)
		return 0;
	if (k < 4 && (d->a = strdup(widget_names[k])) == NULL)
		goto not;
	/* its closing tag, within SHELF_MAX_WIDGET_LINES lines */
	while (pos < len && lines < SHELF_MAX_WIDGET_LINES) {
		const char *nl = memchr(text + pos, '\n', len - pos), *s;
		size_t le = nl ? (size_t)(nl - text) : len, n;
		line_core(text, pos, le, &s, &n);
		lines++;
		if (widget_tag(s, n, 1) == k) {
			close_e = le;
			break;
		}
		if (k == 4) { /* a group holds anything up to its end */
			pos = le + 1;
			continue;
		}
		if (n > 0 && widget_child(d, s, n) != 0) {
			bad_line = sc->line + (unsigned)lines;
			break;
		}
		pos = le + 1;
	}
	if (close_e == 0) {
		if ((k == 0 || k == 2 || k == 3) && bad_line)
			shelf_diags_add(sc->diags, SHELF_W_PORTAL_ELEMENT, SHELF_WARNING, sc->file,
			                sc->line, (unsigned)col,
			                "portal element <%s> not read (line %u is not one <name>text</name> "
			                "child, before any </%s>): shown as text", widget_names[k], bad_line,
			                widget_names[k]);
		else if (k == 0 || k == 2 || k == 3)
			shelf_diags_add(sc->diags, SHELF_W_PORTAL_ELEMENT, SHELF_WARNING, sc->file,
			                sc->line, (unsigned)col,
			                "portal element <%s> not read (no </%s> within %d lines): shown as text",
			                widget_names[k], widget_names[k], SHELF_MAX_WIDGET_LINES);
		goto not;
	}
	if (k == 1 && shelf_directive_child(d, "src") == NULL)
		goto not; /* a <video> with no <src> is HTML's own */
	put_sentinel(sc);
	if (k == 4) {
		sc->group_open = 1;
		return e;
	}
	for (pos = e + 1, i = 0; i < lines; i++) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t le = nl ? (size_t)(nl - text) : len;
		sc->line++;
		shelf_buf_putc(sc->out, '\n');
		shelf_buf_put(sc->out, text + pos, quote_prefix(text + pos, le - pos));
		pos = le + 1;
	}
	return close_e;
not:
	drop_last(sc->t);
	return 0;
}

/* Handles one line that is not inside fenced code.  Returns the offset
 * where scanning goes on (after this line, or after a complex image). */
static size_t
scan_line(scan *sc, const char *text, size_t len, size_t pos, size_t e)
{
	const char *s = text + pos;
	size_t n = e - pos, q = quote_prefix(s, n), ind = 0, li;
	const char *r = s + q;
	size_t rn = n - q;
	int eligible;
	shelf_directive *d = NULL;
	const char *t0, *p0;
	size_t tn, pn, k;

	while (ind < rn && (r[ind] == ' ' || r[ind] == '\t'))
		ind += r[ind] == '\t' ? 1 : 1;
	if (ind == rn) { /* blank */
		sc->prev_blank = 1;
		shelf_buf_put(sc->out, s, n);
		return e;
	}
	if (sc->prev_blank && ind < sc->list_indent)
		sc->list_indent = 0;
	sc->prev_blank = 0;
	if ((li = list_item_indent(r + ind, rn - ind, ind)) != 0)
		sc->list_indent = li;
	eligible = ind <= 3 || (sc->list_indent && ind >= sc->list_indent &&
	                        ind < sc->list_indent + 4);
	/* prefix, then the indentation.  Inside a row, docfx reads the
	 * columns' content at any indentation: what lies past the row line's
	 * own indentation is dropped, so cmark does not see code, while the
	 * indentation that places the row (in a list item) stays. */
	shelf_buf_put(sc->out, s, q);
	if (sc->row_depth == 0) {
		shelf_buf_put(sc->out, r, ind);
	} else {
		shelf_buf_put(sc->out, r, ind < sc->row_indent ? ind : sc->row_indent);
		eligible = 1;
	}
	r += ind;
	rn -= ind;
	while (rn > 0 && (r[rn - 1] == ' ' || r[rn - 1] == '\t'))
		rn--;
	if (eligible && r[0] == '[' && (k = match_include(r, rn, &t0, &tn, &p0, &pn)) == rn) {
		d = dir_new(sc, SHELF_DIR_INCLUDE, 1, q + ind + 1, r, rn);
		if (d) {
			d->a = strndup(t0, tn);
			d->b = strndup(p0, pn);
		}
	} else if (eligible && rn == 2 && r[0] == '$' && r[1] == '$' && e < len &&
	           closes_later(text, len, e + 1, is_math_fence)) {
		d = dir_new(sc, SHELF_DIR_MATH, 1, q + ind + 1, r, rn);
	} else if (eligible && r[0] == '[' && match_snippet(sc, r, rn, q + ind + 1)) {
		d = &sc->t->v[sc->t->n - 1];
	} else if (eligible && r[0] == '<' && (k = match_widget(sc, text, len, e, r, rn,
	                                                        q + ind + 1)) != 0) {
		return k;
	} else if (eligible && r[0] == ':' && !(rn >= 9 && strncmp(r, ":::no-loc", 9) == 0)) {
		d = match_triple(sc, r, rn, q + ind + 1);
		if (d && d->kind == SHELF_DIR_IMAGE &&
		    !(shelf_directive_attr(d, "type") && strcmp(shelf_directive_attr(d, "type"), "complex") == 0)) {
			/* content/icon images are inline in docfx, and the rest of
			 * their line is paragraph text: scan the line as text */
			drop_last(sc->t);
			d = NULL;
		}
	}
	if (d != NULL && balance(sc, d) != 0) {
		drop_last(sc->t);
		d = NULL;
	}
	if (d == NULL) {
		scan_inline(sc, r, e - pos - q - ind, q + ind + 1);
		return e;
	}
	if (d->kind == SHELF_DIR_ROW && sc->row_depth++ == 0)
		sc->row_indent = ind;
	else if (d->kind == SHELF_DIR_ROW_END && sc->row_depth > 0)
		sc->row_depth--;
	put_sentinel(sc);
	if (d->kind == SHELF_DIR_IMAGE && d->block)
		return complex_image(sc, d, text, len, e + 1, ind);
	if (d->kind == SHELF_DIR_MATH)
		return math_block(sc, d, text, len, e + 1, ind);
	if (d->kind == SHELF_DIR_VIDEO && d->block && shelf_directive_attr(d, "type") &&
	    strcmp(shelf_directive_attr(d, "type"), "complex") == 0) {
		int closed;
		if (e < len && closes_later(text, len, e + 1, is_video_end))
			return swallow(sc, d, text, len, e + 1, ind, is_video_end, &closed);
		shelf_diags_add(sc->diags, SHELF_W_DIRECTIVE_END, SHELF_WARNING, sc->file, sc->line,
		                d->col, "no ':::video-end:::' closes this complex video: it is "
		                "shown as a plain video and the lines after it as text");
	}
	return e;
}

int
shelf_directives_present(const char *text, size_t len)
{
	const char *p = text, *e = text + len;

	while ((p = memchr(p, ':', (size_t)(e - p))) != NULL) {
		if (e - p >= 3 && p[1] == ':' && p[2] == ':')
			return 1;
		p++;
	}
	for (p = text; (p = memchr(p, '[', (size_t)(e - p))) != NULL; p++)
		if (e - p >= 6 && p[1] == '!' &&
		    ((e - p >= 9 && strncasecmp(p + 2, "include", 7) == 0) ||
		     strncasecmp(p + 2, "code", 4) == 0 ||
		     (e - p >= 10 && strncasecmp(p + 2, "notebook", 8) == 0)))
			return 1;
	for (p = text; (p = memchr(p, '$', (size_t)(e - p))) != NULL; p++)
		if (e - p >= 2 && p[1] == '$')
			return 1; /* perhaps a math block */
	for (p = text; (p = memchr(p, '<', (size_t)(e - p))) != NULL; p++) {
		if (e - p >= 7 && strncasecmp(p + 1, "xref:", 5) == 0 && (p[6] == '"' || p[6] == '\''))
			return 1;
		/* portal elements: <insight>, <video>, <metric>, <azureKB> */
		if (e - p >= 7 && (strncasecmp(p + 1, "insight>", 8) == 0 ||
		                   strncasecmp(p + 1, "video", 5) == 0 ||
		                   strncasecmp(p + 1, "metric>", 7) == 0 ||
		                   strncasecmp(p + 1, "azurekb>", 8) == 0))
			return 1;
	}
	return 0;
}

char *
shelf_directives_scan(const char *text, size_t len, size_t *out_len,
                      shelf_directives *t, shelf_diags *d, const char *file)
{
	shelf_buf out = SHELF_BUF_INIT;
	scan sc;
	size_t pos = 0;

	memset(&sc, 0, sizeof sc);
	sc.file = file;
	sc.diags = d;
	sc.t = t;
	sc.out = &out;
	sc.line = 1;
	out.max = len * 2 + 4096; /* a sentinel is shorter than its directive */
	shelf_buf_reserve(&out, len);
	if (t->n == 0 && !shelf_directives_present(text, len)) {
		shelf_buf_put(&out, text, len);
		pos = len;
	}
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t e = nl ? (size_t)(nl - text) : len;
		size_t q = quote_prefix(text + pos, e - pos), ind = 0, run;
		const char *r = text + pos + q;
		char ch = 0;
		while (ind < e - pos - q && ind < 64 && r[ind] == ' ')
			ind++;
		run = fence_run(r + ind, e - pos - q - ind, &ch);
		if (sc.fence_ch) {
			if (run >= sc.fence_len && ch == sc.fence_ch)
				sc.fence_ch = 0;
			shelf_buf_put(&out, text + pos, e - pos);
		} else if (run) {
			sc.fence_ch = ch;
			sc.fence_len = run;
			shelf_buf_put(&out, text + pos, e - pos);
		} else {
			e = scan_line(&sc, text, len, pos, e);
		}
		if (e < len) {
			shelf_buf_putc(&out, '\n');
			sc.line++;
		}
		pos = e + 1;
	}
	report_unclosed(&sc);
	sc.line += 2; /* the sentinel below sits two lines after the last */
	if (sc.group_open && dir_new(&sc, SHELF_DIR_WIDGET_GROUP_END, 1, 1, "", 0) != NULL) {
		/* its </videoGroup> was seen ahead but not as a line of its own
		 * here (fenced code, a deeper indentation): closed at the end */
		shelf_buf_puts(&out, "\n\n");
		put_sentinel(&sc);
		shelf_buf_putc(&out, '\n');
	}
	if (t->n > 0 && t->used == NULL && (t->used = calloc(t->n, 1)) == NULL)
		out.failed = 1;
	if (out.failed) {
		shelf_buf_free(&out);
		return NULL;
	}
	*out_len = out.len;
	return shelf_buf_detach(&out);
}
