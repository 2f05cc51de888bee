/*
 * token.c - portal token spans; see token.h.
 */
#include "token.h"
#include "escape.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define SENT_OPEN "\xEE\x80\x80"   /* U+E000 */
#define SENT_CLOSE "\xEE\x80\x81"  /* U+E001 */

/* 1 when s starts with U+E000 or U+E001, the sentinel delimiters. */
static int
is_sentinel_char(const char *s, size_t n)
{
	return n >= 3 && s[0] == '\xEE' && s[1] == '\x80' && (s[2] == '\x80' || s[2] == '\x81');
}

typedef struct marker {
	int closing;          /* <!--/$x--> */
	size_t len;           /* bytes of the whole marker */
	const char *name;     /* trimmed name */
	size_t name_len;
} marker;

/* Parses a marker `<!--$name-->` or `<!--/$name-->` at s (n bytes). */
static int
match_marker(const char *s, size_t n, marker *m)
{
	size_t i = 4, e;

	if (n < 8 || memcmp(s, "<!--", 4) != 0)
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	m->closing = i < n && s[i] == '/';
	if (m->closing)
		i++;
	if (i >= n || s[i] != '$')
		return 0;
	i++;
	for (e = i; e + 2 < n && e - i <= SHELF_MAX_TOKEN_NAME + 8; e++) {
		if (s[e] == '\n' || s[e] == '<')
			return 0;
		if (is_sentinel_char(s + e, n - e))
			return 0; /* not a marker: scanned as text, the char replaced */
		if (s[e] == '-' && s[e + 1] == '-' && s[e + 2] == '>')
			break;
	}
	if (e + 2 >= n || s[e] != '-')
		return 0;
	m->len = e + 3;
	while (i < e && (s[i] == ' ' || s[i] == '\t'))
		i++;
	while (e > i && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	if (e == i || e - i > SHELF_MAX_TOKEN_NAME)
		return 0;
	m->name = s + i;
	m->name_len = e - i;
	return 1;
}

/* 1 when s starts like a token marker (`<!--$` or `<!--/$`) whose name
 * runs past SHELF_MAX_TOKEN_NAME, so match_marker() refused it. */
static int
overlong_marker(const char *s, size_t n)
{
	size_t i = 4, k;

	if (n < 6 || memcmp(s, "<!--", 4) != 0)
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	if (i < n && s[i] == '/')
		i++;
	if (i >= n || s[i] != '$')
		return 0;
	for (k = i + 1; k < n && k - i <= SHELF_MAX_TOKEN_NAME + 8; k++)
		if (s[k] == '\n' || s[k] == '<' || (s[k] == '-' && k + 2 < n && s[k + 1] == '-' &&
		                                      s[k + 2] == '>'))
			return 0;
	return k < n;
}

static const char *
lookup(const json_t *vars, const char *name)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)vars, key, v)
		if (strcasecmp(key, name) == 0 && json_is_string(v))
			return json_string_value(v);
	return NULL;
}

typedef struct tscan {
	const char *text;      /* the whole file, len bytes */
	size_t len;
	shelf_tokens *t;
	const json_t *vars;
	shelf_diags *d;
	const char *file;
	shelf_buf *out;
	unsigned line;         /* line of text[line_pos] */
	size_t line_start;     /* offset of that line in text */
	size_t line_pos;       /* how far lines were counted */
	/* the open marker, if any */
	int open;
	marker om;
	size_t o_at;           /* its offset in text */
	size_t o_out;          /* out->len when it began */
	unsigned o_line, o_col;
	int limited;
} tscan;

/* A copy of the preview with sentinel delimiters replaced by U+FFFD, as
 * the scan does for the rest of the text.  malloc'd or NULL. */
static char *
clean_preview(const char *s, size_t n)
{
	shelf_buf b = SHELF_BUF_INIT;
	size_t i = 0;

	while (i < n) {
		if (is_sentinel_char(s + i, n - i)) {
			shelf_buf_puts(&b, "\xEF\xBF\xBD");
			i += 3;
		} else {
			shelf_buf_putc(&b, s[i++]);
		}
	}
	if (b.failed) {
		shelf_buf_free(&b);
		return NULL;
	}
	return shelf_buf_detach(&b);
}

/* Longest emphasis run moved out of a span: `***` is bold italic. */
#define EMPH_RUN_MAX 3

/* Length of the run of `c` at the start (back = 0) or the end (back = 1)
 * of s[0..n), at most EMPH_RUN_MAX. */
static size_t
emph_run(const char *s, size_t n, char c, int back)
{
	size_t k = 0;

	while (k < n && k < EMPH_RUN_MAX && s[back ? n - 1 - k : k] == c)
		k++;
	return k;
}

/* Authors put emphasis across a token's markers: `**<!--$x-->v**<!--/$x-->`
 * closes inside the span what opened before it, `<!--$x-->**v<!--/$x-->**`
 * the reverse, and `<!--$x-->**v**<!--/$x-->` wraps the whole preview.  As
 * the span becomes one sentinel, cmark would see a lone `**` (shown as
 * text) or none at all (the value not bold).  Sets *lead and *trail to the
 * bytes at the start and end of the preview text[p0..close) that belong
 * outside the span, so the sentinel sits between balanced delimiters.
 * `after` is the offset just past the close marker. */
static void
straddle(const tscan *sc, size_t p0, size_t close, size_t after, size_t *lead,
         size_t *trail)
{
	const char *s = sc->text + p0;
	size_t n = close - p0, l = 0, t = 0;
	char lc = n ? s[0] : 0, tc = n ? s[n - 1] : 0;

	*lead = *trail = 0;
	if (lc == '*' || lc == '_')
		l = emph_run(s, n, lc, 0);
	if (tc == '*' || tc == '_')
		t = emph_run(s, n, tc, 1);
	if (l && t && lc == tc && l == t && l + t < n) {  /* wraps the preview */
		*lead = l;
		*trail = t;
		return;
	}
	if (t && t < n && sc->o_out > 0 && sc->out->ptr[sc->o_out - 1] == tc)
		*trail = t;           /* opened before the span */
	else if (l && l < n && after < sc->len && sc->text[after] == lc)
		*lead = l;            /* closed after the span */
}

/* Appends the sentinel of token `idx`: U+E000, the index in decimal,
 * U+E001. */
static void
put_sentinel(shelf_buf *out, size_t idx)
{
	shelf_buf_put(out, SENT_OPEN, 3);
	shelf_buf_putu(out, idx);
	shelf_buf_put(out, SENT_CLOSE, 3);
}

/* Moves the line count on to offset `at` (never back).  Lines are only
 * needed where a marker or a fault is, so they are counted there. */
static void
scan_where(tscan *sc, size_t at)
{
	const char *nl;

	while (sc->line_pos < at &&
	       (nl = memchr(sc->text + sc->line_pos, '\n', at - sc->line_pos)) != NULL) {
		sc->line++;
		sc->line_pos = sc->line_start = (size_t)(nl - sc->text) + 1;
	}
	if (at > sc->line_pos)
		sc->line_pos = at;
}

/* Records the token for the span opened by sc->om and closed by `cm` at
 * `close` (offset in text), replacing its output by the sentinel and any
 * straddling emphasis (see straddle()).  Returns 1, or 0 when the span
 * stays as written (token limit, OOM). */
static int
add_token(tscan *sc, const marker *cm, size_t close)
{
	const char *text = sc->text;
	shelf_token *tok;
	size_t p0 = sc->o_at + sc->om.len, lead, trail;

	if (sc->t->n >= SHELF_MAX_TOKENS) {
		if (!sc->limited)
			shelf_diags_add(sc->d, SHELF_E_TOKEN_LIMIT, SHELF_ERROR, sc->file, sc->o_line,
			                sc->o_col, "more than %d tokens; the rest stay as written",
			                SHELF_MAX_TOKENS);
		sc->limited = 1;
		return 0;
	}
	if (sc->t->n == sc->t->cap) {
		size_t ncap = sc->t->cap ? sc->t->cap * 2 : 16;
		shelf_token *nv = realloc(sc->t->v, ncap * sizeof *nv);
		if (nv == NULL)
			return 0;
		sc->t->v = nv;
		sc->t->cap = ncap;
	}
	straddle(sc, p0, close, close + cm->len, &lead, &trail);
	tok = &sc->t->v[sc->t->n];
	tok->name = strndup(sc->om.name, sc->om.name_len);
	tok->preview = clean_preview(text + p0 + lead, close - p0 - lead - trail);
	if (tok->name == NULL || tok->preview == NULL) {
		free(tok->name);
		free(tok->preview);
		return 0;
	}
	tok->line = sc->o_line;
	tok->col = sc->o_col;
	tok->value = lookup(sc->vars, tok->name);
	if (memchr(tok->name, ' ', sc->om.name_len) || memchr(tok->name, '\t', sc->om.name_len))
		shelf_diags_add(sc->d, SHELF_W_TOKEN_NAME, SHELF_WARNING, sc->file, sc->o_line,
		                sc->o_col, "token name '%s' has blanks; portals look names up exactly",
		                tok->name);
	if (cm->name_len == sc->om.name_len && strncmp(cm->name, sc->om.name, cm->name_len) != 0)
		shelf_diags_add(sc->d, SHELF_W_TOKEN_CASE, SHELF_WARNING, sc->file, sc->line,
		                (unsigned)(close - sc->line_start + 1),
		                "token '%s' is closed as '%.*s' (case differs)", tok->name,
		                (int)cm->name_len, cm->name);
	sc->t->n++;
	shelf_buf_truncate(sc->out, sc->o_out);
	shelf_buf_put(sc->out, text + p0, lead);
	put_sentinel(sc->out, sc->t->n - 1);
	shelf_buf_put(sc->out, text + close - trail, trail);
	return 1;
}

static void
unclosed(tscan *sc)
{
	shelf_diags_add(sc->d, SHELF_W_TOKEN_UNCLOSED, SHELF_WARNING, sc->file, sc->o_line,
	                sc->o_col, "token '%.*s' is never closed (expected '<!--/$%.*s-->' on the same line)",
	                (int)sc->om.name_len, sc->om.name, (int)sc->om.name_len, sc->om.name);
	sc->open = 0;
}

/* Handles a marker at text[i]. */
static void
on_marker(tscan *sc, const char *text, size_t i, const marker *m)
{
	unsigned col = (unsigned)(i - sc->line_start + 1);

	if (!m->closing) {
		if (sc->open)
			unclosed(sc);
		sc->open = 1;
		sc->om = *m;
		sc->o_at = i;
		sc->o_out = sc->out->len;
		sc->o_line = sc->line;
		sc->o_col = col;
		shelf_buf_put(sc->out, text + i, m->len);
		return;
	}
	if (sc->open && m->name_len == sc->om.name_len &&
	    strncasecmp(m->name, sc->om.name, m->name_len) == 0) {
		sc->open = 0;
		if (!add_token(sc, m, i))
			shelf_buf_put(sc->out, text + i, m->len); /* limit: kept as written */
		return;
	}
	shelf_diags_add(sc->d, SHELF_W_TOKEN_NO_OPENER, SHELF_WARNING, sc->file, sc->line, col,
	                "token close '<!--/$%.*s-->' has no matching open", (int)m->name_len, m->name);
	shelf_buf_put(sc->out, text + i, m->len);
}

/* Bytes the scan stops at: 1 for '<' (a marker) and 0xEE (a sentinel
 * character), 2 for '\n' (ends an open span). */
static const unsigned char tok_class[256] = {
	['<'] = 1, [0xEE] = 1, ['\n'] = 2,
};

char *
shelf_tokens_scan(const char *text, size_t len, size_t *out_len, shelf_tokens *t,
                  const json_t *vars, shelf_diags *d, const char *file)
{
	shelf_buf out = SHELF_BUF_INIT;
	tscan sc;
	size_t i = 0;
	marker m;
	int has_ee;     /* a U+E0xx anywhere: the scan must look at each */

	memset(&sc, 0, sizeof sc);
	sc.text = text;
	sc.len = len;
	sc.t = t;
	sc.vars = vars;
	sc.d = d;
	sc.file = file;
	sc.out = &out;
	sc.line = 1;
	out.max = len * 2 + 64;
	shelf_buf_reserve(&out, len); /* a sentinel is shorter than its span */
	has_ee = memchr(text, '\xEE', len) != NULL;
	while (i < len) {
		/* plain text up to the next byte a branch below looks at: '<'
		 * and U+E0xx, and while a span is open '\n', which ends it */
		unsigned mask = sc.open ? 3 : 1;
		size_t j = i;
		char c;
		if (mask == 1 && !has_ee) {
			const char *lt = memchr(text + i, '<', len - i);
			j = lt ? (size_t)(lt - text) : len;
		}
		while (j < len && !(tok_class[(unsigned char)text[j]] & mask))
			j++;
		shelf_buf_put(&out, text + i, j - i);
		if ((i = j) >= len)
			break;
		c = text[i];
		if (c == '\n') {
			unclosed(&sc); /* a span stays on one line */
			shelf_buf_putc(&out, c);
			i++;
			continue;
		}
		scan_where(&sc, i);
		if (c == '<' && match_marker(text + i, len - i, &m)) {
			on_marker(&sc, text, i, &m);
			i += m.len;
		} else if (c == '<' && overlong_marker(text + i, len - i)) {
			shelf_diags_add(d, SHELF_W_TOKEN_NAME, SHELF_WARNING, file, sc.line,
			                (unsigned)(i - sc.line_start + 1),
			                "token name longer than %d bytes; left as written",
			                SHELF_MAX_TOKEN_NAME);
			shelf_buf_putc(&out, c);
			i++;
		} else if (is_sentinel_char(text + i, len - i)) {
			shelf_buf_put(&out, "\xEF\xBF\xBD", 3); /* no forged sentinels */
			i += 3;
		} else {
			shelf_buf_putc(&out, c);
			i++;
		}
	}
	if (sc.open)
		unclosed(&sc);
	if (out.failed) {
		shelf_buf_free(&out);
		return NULL;
	}
	*out_len = out.len;
	return shelf_buf_detach(&out);
}

int
shelf_tokens_present(const char *text, size_t len)
{
	const char *p = text, *e = text + len;

	if (memchr(text, '\xEE', len))
		return 1;
	/* what match_marker() and overlong_marker() begin with */
	while ((p = memchr(p, '<', (size_t)(e - p))) != NULL) {
		const char *q = p + 1;
		if (e - q >= 3 && q[0] == '!' && q[1] == '-' && q[2] == '-') {
			for (q += 3; q < e && *q == ' '; q++)
				;
			if (q < e && *q == '/')
				q++;
			if (q < e && *q == '$')
				return 1;
		}
		p++;
	}
	return 0;
}

size_t
shelf_token_at(const shelf_tokens *t, const char *s, size_t n, const shelf_token **tok)
{
	size_t i = 3, idx = 0;

	if (t == NULL || n < 7 || memcmp(s, SENT_OPEN, 3) != 0)
		return 0;
	while (i < n && isdigit((unsigned char)s[i]) && i < 12)
		idx = idx * 10 + (size_t)(s[i++] - '0');
	if (i == 3 || i + 3 > n || memcmp(s + i, SENT_CLOSE, 3) != 0 || idx >= t->n)
		return 0;
	*tok = &t->v[idx];
	return i + 3;
}

/* Writes one token's replacement. */
static void
put_token(const shelf_tokens *t, const shelf_token *tok, shelf_tok_ctx ctx, shelf_buf *out)
{
	const char *v = tok->value;

	if (v == NULL && t->missing == SHELF_MISSING_BLANK)
		return;
	if (v == NULL && ctx == SHELF_TOK_TEXT && t->missing == SHELF_MISSING_KEEP) {
		shelf_buf_puts(out, "<span class=\"shelf-token\" data-token=\"");
		shelf_escape_html(out, tok->name, strlen(tok->name));
		shelf_buf_puts(out, "\">");
		shelf_escape_html(out, tok->preview, strlen(tok->preview));
		shelf_buf_puts(out, "</span>");
		return;
	}
	if (v == NULL)
		v = tok->preview;
	switch (ctx) {
	case SHELF_TOK_URL:
		shelf_escape_url(out, v, strlen(v), SHELF_URL_COMPONENT);
		break;
	case SHELF_TOK_PLAIN:
		shelf_buf_puts(out, v);
		break;
	default:
		shelf_escape_html(out, v, strlen(v));
	}
}

void
shelf_tokens_expand(const shelf_tokens *t, const char *s, size_t n, shelf_tok_ctx ctx,
                    shelf_buf *out)
{
	size_t i = 0, run = 0, k;
	const shelf_token *tok;
	int escape = ctx == SHELF_TOK_TEXT || ctx == SHELF_TOK_CODE || ctx == SHELF_TOK_ATTR;

	while (i < n) {
		if (s[i] == '\xEE' && (k = shelf_token_at(t, s + i, n - i, &tok)) != 0) {
			if (escape)
				shelf_escape_html(out, s + run, i - run);
			else
				shelf_buf_put(out, s + run, i - run);
			put_token(t, tok, ctx, out);
			i += k;
			run = i;
		} else {
			i++;
		}
	}
	if (escape)
		shelf_escape_html(out, s + run, n - run);
	else
		shelf_buf_put(out, s + run, n - run);
}

void
shelf_tokens_report_missing(const shelf_tokens *t, shelf_diags *d, const char *file)
{
	size_t i;

	if (t->missing != SHELF_MISSING_ERROR)
		return;
	for (i = 0; i < t->n; i++)
		if (t->v[i].value == NULL)
			shelf_diags_add(d, SHELF_E_TOKEN_MISSING, SHELF_ERROR, file, t->v[i].line,
			                t->v[i].col, "no value for token '%s' (give --var %s=VALUE)",
			                t->v[i].name, t->v[i].name);
}

void
shelf_tokens_free(shelf_tokens *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++) {
		free(t->v[i].name);
		free(t->v[i].preview);
	}
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}

/* A vars file is a handful of names; 1 MiB is far beyond a real one. */
#define SHELF_MAX_VARS_BYTES ((size_t)1024 * 1024)

char **
shelf_vars_read(const char *path, char **err)
{
	json_error_t jerr;
	json_t *o = json_load_file(path, 0, &jerr), *v;
	shelf_buf msg = SHELF_BUF_INIT;
	const char *k;
	char **pairs;
	size_t i = 0;
	struct stat st;

	if (stat(path, &st) == 0 && (size_t)st.st_size > SHELF_MAX_VARS_BYTES) {
		json_decref(o);
		shelf_buf_printf(&msg, "%s: larger than 1 MiB", path);
		*err = shelf_buf_detach(&msg);
		return NULL;
	}
	if (o == NULL) {
		shelf_buf_printf(&msg, "%s:%d:%d: %s", path, jerr.line, jerr.column, jerr.text);
		*err = shelf_buf_detach(&msg);
		return NULL;
	}
	if (!json_is_object(o)) {
		json_decref(o);
		shelf_buf_printf(&msg, "%s: expected a JSON object of strings", path);
		*err = shelf_buf_detach(&msg);
		return NULL;
	}
	pairs = calloc(json_object_size(o) * 2 + 1, sizeof *pairs);
	json_object_foreach(o, k, v) {
		if (pairs == NULL)
			break;
		if (!json_is_string(v)) {
			shelf_buf_printf(&msg, "%s: value of '%s' is not a string", path, k);
			*err = shelf_buf_detach(&msg);
			shelf_vars_free(pairs);
			json_decref(o);
			return NULL;
		}
		pairs[i++] = strdup(k);
		pairs[i++] = strdup(json_string_value(v));
	}
	json_decref(o);
	return pairs;
}

void
shelf_vars_free(char **vars)
{
	size_t i;

	if (vars == NULL)
		return;
	for (i = 0; vars[i]; i++)
		free(vars[i]);
	free(vars);
}
