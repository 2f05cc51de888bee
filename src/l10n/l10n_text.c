/*
 * l10n_text.c - the translation checks on prose: placeholders, literals,
 * untranslated text, length, whitespace, markup leaks, and the encoding of
 * the target's bytes.  The prose comes from the outline (l10n.h): text
 * nodes of cmark's tree, never raw Markdown.
 */
#include "l10n.h"
#include "read.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- text: placeholders, literals ---------------------------------------- */

typedef struct strlist {
	char **v;
	unsigned *line;
	size_t n, cap;
} strlist;

static void
sl_add(strlist *l, const char *s, size_t n, unsigned line)
{
	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 32;
		char **nv = realloc(l->v, ncap * sizeof *nv);
		unsigned *nl;
		if (nv == NULL)
			return;
		l->v = nv;
		nl = realloc(l->line, ncap * sizeof *nl);
		if (nl == NULL)
			return;
		l->line = nl;
		l->cap = ncap;
	}
	if ((l->v[l->n] = strndup(s, n)) != NULL)
		l->line[l->n++] = line;
}

static void
sl_free(strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	free(l->line);
}

static int
word_char(int ch)
{
	return isalnum(ch) || ch == '_';
}

/* Placeholders in one prose line: {x} {$x} %X% <NAME> ##% $name. */
static void
placeholders(const char *s, unsigned line, strlist *out)
{
	const char *p;

	for (p = s; *p; p++) {
		const char *q = p + 1;
		if (*p == '{') {
			if (*q == '$')
				q++;
			while (word_char((unsigned char)*q) || *q == '.')
				q++;
			if (*q == '}' && q > p + 1)
				sl_add(out, p, (size_t)(q - p + 1), line);
		} else if (*p == '%' && (isalpha((unsigned char)*q) || *q == '_')) {
			while (word_char((unsigned char)*q))
				q++;
			if (*q == '%' && (p == s || !isalnum((unsigned char)p[-1])))
				sl_add(out, p, (size_t)(q - p + 1), line);
		} else if (*p == '<' && isupper((unsigned char)*q)) {
			while (isupper((unsigned char)*q) || isdigit((unsigned char)*q) || *q == '_' ||
			       *q == '-' || *q == ' ')
				q++;
			if (*q == '>')
				sl_add(out, p, (size_t)(q - p + 1), line);
		} else if (strncmp(p, "##%", 3) == 0) {
			sl_add(out, p, 3, line);
			p += 2;
		} else if (*p == '$' && (isalpha((unsigned char)*q)) &&
		           (p == s || p[-1] != '{')) {
			while (word_char((unsigned char)*q))
				q++;
			sl_add(out, p, (size_t)(q - p), line);
			p = q - 1;
		}
	}
}

/* strstr ignoring ASCII case. */
static const char *
find_fold(const char *h, const char *needle)
{
	size_t n = strlen(needle);

	for (; *h; h++)
		if (strncasecmp(h, needle, n) == 0)
			return h;
	return NULL;
}

/* Counts occurrences of `needle` in the prose of `d`; with `fold`, ignoring
 * ASCII case. */
static size_t
count_in(const l10n_doc *d, const char *needle, int fold)
{
	size_t i, n = 0, len = strlen(needle);

	for (i = 0; i < d->n_lines && len; i++) {
		const char *p = d->lines[i].text;
		while ((p = fold ? find_fold(p, needle) : strstr(p, needle)) != NULL) {
			n++;
			p += len;
		}
	}
	return n;
}

/* 1 when `v[i]` already occurred in v[0..i). */
static int
seen_before(const strlist *l, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (strcmp(l->v[j], l->v[i]) == 0)
			return 1;
	return 0;
}

/* 1 when w is v with its one blank removed ("127GB" for "127 GB"). */
static int
spaced_ok_str(const char *w, const char *v)
{
	const char *sp = strchr(v, ' ');
	size_t a;

	if (sp == NULL)
		return 0;
	a = (size_t)(sp - v);
	return strlen(w) + 1 == strlen(v) && strncmp(w, v, a) == 0 && strcmp(w + a, sp + 1) == 0;
}

/* 1 when `v` holds a blank and the target has it without ("127GB"). */
static int
spaced_ok(const l10n_doc *t, const char *v)
{
	const char *sp = strchr(v, ' ');
	shelf_buf b = SHELF_BUF_INIT;
	int ok;

	if (sp == NULL)
		return 0;
	shelf_buf_put(&b, v, (size_t)(sp - v));
	shelf_buf_puts(&b, sp + 1);
	ok = count_in(t, shelf_buf_cstr(&b), 0) > 0;
	shelf_buf_free(&b);
	return ok;
}

/* Reports a spelling of `v` in the target that differs from it only in
 * case or blanks and that the source never uses: "0xc000021a" for
 * "0xC000021A", "# #%" for "##%", "127 g b" for "127 GB".  Blanks are a
 * `whitespace` finding for literals, case a finding of `check`.  Returns 1
 * when it reported one. */
static int
damaged_variant(l10n_ctx *c, const char *v, unsigned src_line, const char *check)
{
	char *vs = l10n_squash(v);
	size_t i, vn = vs ? strlen(vs) : 0;
	int found = 0;

	for (i = 0; vn && i < c->tgt->n_lines && !found; i++) {
		const char *t = c->tgt->lines[i].text;
		size_t n = strlen(t), k = 0, j;
		char *sq = malloc(n + 1);
		size_t *map = malloc((n + 1) * sizeof *map);
		const char *hit;
		if (sq == NULL || map == NULL) {
			free(sq);
			free(map);
			break;
		}
		for (j = 0; j < n; j++)
			if (t[j] != ' ' && t[j] != '\t' && t[j] != L10N_GAP && t[j] != '-') {
				map[k] = j;
				sq[k++] = (char)tolower((unsigned char)t[j]);
			}
		sq[k] = '\0';
		for (hit = sq; (hit = strstr(hit, vs)) != NULL; hit++) {
			size_t from = map[hit - sq], to = map[hit - sq + vn - 1] + 1;
			char *w = strndup(t + from, to - from);
			int blanks = w && strchr(w, ' ') && !strchr(v, ' ');
			if (w && strcmp(w, v) != 0 && !spaced_ok_str(w, v) &&
			    count_in(c->src, w, 0) == 0 && (from == 0 || !isalnum((unsigned char)t[from - 1]) ||
			                                     !isalnum((unsigned char)v[0]))) {
				if (blanks && strcmp(check, "literals") == 0)
					l10n_add(c, "whitespace", SHELF_L10N_WARNING, 0, c->tgt->lines[i].line,
					         src_line, v, w, "blank inside '%s', written '%s' here: copied "
					         "as written it names something else", v, w);
				else if (!strchr(w, ' ') || strchr(v, ' '))
					l10n_add(c, check, SHELF_L10N_WARNING, 0, c->tgt->lines[i].line, src_line,
					         v, w, strcasecmp(w, v) == 0 ? "'%s' is written '%s' here: keep "
					         "it exactly as in the source (case matters)" : "'%s' is damaged, "
					         "written '%s' here: keep it exactly as in the source", v, w);
				else
					l10n_add(c, check, SHELF_L10N_WARNING, 0, c->tgt->lines[i].line, src_line,
					         v, w, "'%s' is damaged, written '%s' here: keep it exactly as "
					         "in the source", v, w);
				found = 1;
			}
			free(w);
			if (found)
				break;
		}
		free(sq);
		free(map);
	}
	free(vs);
	return found;
}

/* Reports values of `src` that the target lost: kept exactly (the count
 * in the target reaches the source's), damaged (found once blanks and case
 * are ignored), or missing. */
static void
compare_values(l10n_ctx *c, const strlist *src, const char *check, int portal_error)
{
	size_t i;
	char *tsq = NULL;
	shelf_buf all = SHELF_BUF_INIT;

	for (i = 0; i < c->tgt->n_lines; i++) {
		shelf_buf_puts(&all, c->tgt->lines[i].text);
		shelf_buf_putc(&all, '\n');
	}
	tsq = l10n_squash(shelf_buf_cstr(&all));
	for (i = 0; tsq && i < src->n; i++) {
		const char *v = src->v[i];
		size_t ns, nt;
		int portal = portal_error && (v[0] == '$' || strncmp(v, "{$", 2) == 0);
		char *vsq;
		if (seen_before(src, i))
			continue;
		if (damaged_variant(c, v, src->line[i], check))
			continue;
		ns = count_in(c->src, v, 0);
		nt = count_in(c->tgt, v, 0);
		if (nt >= ns)
			continue;
		if (nt > 0) {
			/* a placeholder is a token: each one counts; a literal may be
			 * named fewer times in a translation */
			if (portal_error)
				l10n_add(c, check, portal ? SHELF_L10N_ERROR : SHELF_L10N_WARNING, 1,
				         l10n_map_line(c, src->line[i]), src->line[i], v, NULL,
				         "'%s' appears %zu times in the source, %zu here", v, ns, nt);
			continue;
		}
		vsq = l10n_squash(v);
		if (count_in(c->tgt, v, 1) > 0) {
			;                           /* reported by damaged_variant */
		} else if (spaced_ok(c->tgt, v)) {
			;                           /* "127 GB" written "127GB" */
		} else if (vsq && *vsq && strstr(tsq, vsq)) {
			l10n_add(c, check, portal ? SHELF_L10N_ERROR : SHELF_L10N_WARNING, 0,
			         l10n_map_line(c, src->line[i]), src->line[i], v, NULL,
			         "'%s' is damaged (blanks inserted or case changed); keep it exactly "
			         "as in the source", v);
		} else if (!spaced_ok(c->tgt, v)) {
			l10n_add(c, check, portal ? SHELF_L10N_ERROR : SHELF_L10N_WARNING, 1,
			         l10n_map_line(c, src->line[i]), src->line[i], v, NULL,
			         "'%s' of the source is missing here%s", v,
			         portal ? ": the portal cannot substitute it" : "");
		}
		free(vsq);
	}
	free(tsq);
	shelf_buf_free(&all);
}

static void
check_placeholders(l10n_ctx *c)
{
	strlist s = {0};
	size_t i;

	for (i = 0; i < c->src->n_lines; i++)
		placeholders(c->src->lines[i].text, c->src->lines[i].line, &s);
	compare_values(c, &s, "placeholders", 1);
	sl_free(&s);
}

static const char *const units[] = {"KB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "TiB",
	"ms", "GHz", "MHz", "Mbps", "Gbps", "px", "%", NULL};

/* Classifies one word (punctuation trimmed): 1 when it is a literal that a
 * translation must keep exactly. */
static int
literal_word(const char *w, size_t n)
{
	size_t i, dot = 0, letters = 0, digits = 0, upper = 0, under = 0, slash = 0;

	if (n == 2 && isalpha((unsigned char)w[0]) && w[1] == '#')
		return 1;                            /* C#, F# */
	if (n < 3)
		return 0;
	if (w[0] == '0' && (w[1] == 'x' || w[1] == 'X')) {
		for (i = 2; i < n && isxdigit((unsigned char)w[i]); i++)
			;
		return i == n && n >= 4;
	}
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)w[i];
		if (ch >= 0x80)
			return 0;
		if (ch == '.')
			dot = i;
		else if (isalpha(ch))
			letters++, upper += isupper(ch) != 0;
		else if (isdigit(ch))
			digits++;
		else if (ch == '_')
			under++;
		else if (ch == '\\' || ch == '/')
			slash++;
		else if (ch != '-' && ch != ':')
			return 0;
	}
	if (slash && letters && n >= 4 && w[n - 1] != '/')
		return memchr(w, '\\', n) != NULL;  /* C:\Windows\... */
	if (under && upper + digits + under == n && n >= 6)
		return 1;                            /* STATUS_NOT_FOUND */
	if (n >= 8 && strncmp(w, "KB", 2) == 0 && digits == n - 2)
		return 1;                            /* KB4012212 */
	if (dot && dot + 2 < n && n - dot - 1 <= 4 && isalpha((unsigned char)w[dot + 1]) &&
	    dot >= 2 && isalpha((unsigned char)w[dot - 1]) && !slash)
		return 1;                            /* winlogon.exe, portal.azure.com */
	for (i = 0; units[i]; i++) {
		size_t ul = strlen(units[i]);
		if (n > ul && strcmp(w + n - ul, units[i]) == 0 && digits == n - ul - (w[0] == '.'))
			return 1;                        /* 128GB, 50% */
	}
	return 0;
}

static int
is_unit(const char *w, size_t n)
{
	size_t i;

	for (i = 0; units[i]; i++)
		if (strlen(units[i]) == n && strncmp(w, units[i], n) == 0 && n >= 2)
			return 1;
	return 0;
}

/* Literals of one prose line. */
static void
literals(const char *s, unsigned line, strlist *out)
{
	const char *p = s, *num = NULL, *num_end = NULL;

	while (*p) {
		const char *b, *e;
		while (*p && strchr(" \t\x1F()[]{}\"'<>,;!?*", *p))
			p++;
		b = p;
		while (*p && !strchr(" \t\x1F()[]{}\"'<>,;!?*", *p) && (unsigned char)*p < 0x80)
			p++;
		e = p;
		while (*p && !strchr(" \t\x1F", *p) && (unsigned char)*p >= 0x80)
			p++;                        /* CJK particles glued to a word */
		while (e > b && strchr(".:#", e[-1]))
			e--;
		while (b < e && strchr("#:.", *b))
			b++;
		if (b > s && b[-1] == '<' && *e == '>')
			;                           /* <PLACEHOLDER>: placeholders' business */
		else if (literal_word(b, (size_t)(e - b)))
			sl_add(out, b, (size_t)(e - b), line);
		else if (num_end && b == num_end + 1 && is_unit(b, (size_t)(e - b)))
			sl_add(out, num, (size_t)(e - num), line);    /* "127 GB" */
		num = NULL;
		num_end = NULL;
		if (e > b && strspn(b, "0123456789") == (size_t)(e - b) && *e == ' ') {
			num = b;
			num_end = e;
		}
		if (p == b && *p)
			p++;
	}
}

static void
check_literals(l10n_ctx *c)
{
	strlist s = {0};
	size_t i;

	for (i = 0; i < c->src->n_lines; i++)
		literals(c->src->lines[i].text, c->src->lines[i].line, &s);
	compare_values(c, &s, "literals", 0);
	sl_free(&s);
}

/* ---- text: untranslated, length, whitespace, markup ---------------------- */

/* Words of two or more ASCII letters in s. */
static size_t
latin_words(const char *s)
{
	size_t n = 0, run = 0;

	for (;; s++) {
		if (isalpha((unsigned char)*s)) {
			run++;
			continue;
		}
		n += run >= 2;
		run = 0;
		if (!*s)
			return n;
	}
}

/* Text of block `b` of d, lines joined by ' ' (malloc'd). */
static char *
block_text(const l10n_doc *d, unsigned b, unsigned *line)
{
	shelf_buf o = SHELF_BUF_INIT;
	size_t i;

	*line = 0;
	for (i = 0; i < d->n_lines; i++)
		if (d->lines[i].block == b) {
			if (*line == 0)
				*line = d->lines[i].line;
			if (o.len)
				shelf_buf_putc(&o, ' ');
			shelf_buf_puts(&o, d->lines[i].text);
		}
	return shelf_buf_detach(&o);
}

static void
check_untranslated(l10n_ctx *c)
{
	unsigned b, sl, tl;
	size_t words = 0, same = 0, i;
	strlist hits = {0};

	if (l10n_english(c->locale))
		return;
	for (b = 0; b < c->tgt->n_blocks; b++) {
		char *t = block_text(c->tgt, b, &tl);
		size_t w = t ? latin_words(t) : 0;
		unsigned sb;
		if (w >= 4) {
			words++;
			for (sb = 0; sb < c->src->n_blocks; sb++) {
				char *s = block_text(c->src, sb, &sl);
				int eq = s && strcmp(s, t) == 0;
				free(s);
				if (eq) {
					same++;
					sl_add(&hits, t, strlen(t), tl);
					break;
				}
			}
		}
		free(t);
	}
	if (words >= 4 && same * 2 >= words) {
		l10n_add(c, "untranslated", SHELF_L10N_WARNING, 1, hits.n ? hits.line[0] : 1, 0,
		         NULL, NULL, "%zu of %zu paragraphs are the source's text unchanged: "
		         "the file is not translated", same, words);
	} else {
		for (i = 0; i < hits.n; i++)
			l10n_add(c, "untranslated", SHELF_L10N_INFO, 1, hits.line[i], 0, hits.v[i],
			         hits.v[i], "left in the source language: '%s'", hits.v[i]);
	}
	sl_free(&hits);
}

/* Expected ratio of translated to source prose characters (non-blank code
 * points), by language: CJK scripts need far fewer characters. */
static void
length_band(const char *locale, double *lo, double *hi)
{
	*lo = 0.5, *hi = 2.0;
	if (!locale)
		return;
	if (strncmp(locale, "zh", 2) == 0)
		*lo = 0.15, *hi = 0.8;
	else if (strncmp(locale, "ja", 2) == 0 || strncmp(locale, "ko", 2) == 0)
		*lo = 0.25, *hi = 1.1;
	else if (strncmp(locale, "en", 2) == 0)
		*lo = 0.8, *hi = 1.25;
	else if (strncmp(locale, "de", 2) == 0 || strncmp(locale, "fr", 2) == 0 ||
	         strncmp(locale, "es", 2) == 0 || strncmp(locale, "it", 2) == 0 ||
	         strncmp(locale, "pt", 2) == 0 || strncmp(locale, "nl", 2) == 0 ||
	         strncmp(locale, "ru", 2) == 0 || strncmp(locale, "pl", 2) == 0)
		*lo = 0.8, *hi = 1.8;
}

static void
check_length(l10n_ctx *c)
{
	double lo, hi, r;

	if (c->src->prose_chars < 200)
		return;
	length_band(c->locale, &lo, &hi);
	r = (double)c->tgt->prose_chars / (double)c->src->prose_chars;
	if (r < lo || r > hi)
		l10n_add(c, "length", r < lo / 2 ? SHELF_L10N_WARNING : SHELF_L10N_INFO, 1, 1, 0,
		         NULL, NULL, "the translation's text is %.0f%% of the source's (expected "
		         "%.0f%%-%.0f%% for '%s')%s", r * 100, lo * 100, hi * 100,
		         c->locale && *c->locale ? c->locale : "this locale",
		         r < lo ? ": parts may be missing" : "");
}

/* One whitespace fault in a target line, per line. */
static void
check_whitespace(l10n_ctx *c)
{
	size_t i;
	int french = c->locale && strncmp(c->locale, "fr", 2) == 0;

	for (i = 0; i < c->tgt->n_lines; i++) {
		const char *t = c->tgt->lines[i].text, *p;
		for (p = t + 1; *p; p++) {
			unsigned char after;
			if (p[-1] != ' ' || (*p != '.' && *p != ',') || p < t + 2 || p[-2] == ' ' ||
			    p[-2] == L10N_GAP || french)
				continue;
			after = (unsigned char)p[1];
			if (after == '.' || isalnum(after) || after == '/' || after == '\\')
				continue;               /* ".NET", ".ps1", ", 5" stay */
			{
				const char *b = p - 2;
				while (b > t && b[-1] != ' ')
					b--;
				size_t ql = (size_t)(p - b + 1);
				if (p[1] != '\0')
					ql += shelf_utf8_valid_len((const unsigned char *)p + 1, strlen(p + 1)) ?
					      shelf_utf8_valid_len((const unsigned char *)p + 1, strlen(p + 1)) : 1;
				char *q = strndup(b, ql);
				l10n_add(c, "whitespace", SHELF_L10N_INFO, 0, c->tgt->lines[i].line, 0,
				         NULL, q, "blank before '%c' in '%s' (machine-translation "
				         "spacing)", *p, q ? q : "");
				free(q);
			}
			break;
		}
	}
}

static int
alert_on(const l10n_doc *d, unsigned line)
{
	size_t i;

	for (i = 0; i < d->n_items; i++)
		if (d->items[i].kind == L10N_ALERT && d->items[i].line == line)
			return 1;
	return 0;
}

/* Markdown (or tool markup) that shows as text once rendered: more of it in
 * the target's prose than in the source's means the translation broke it. */
static void
check_markup(l10n_ctx *c)
{
	static const struct { const char *pat, *what; shelf_l10n_severity sev; } leaks[] = {
		{"**", "emphasis markers '**' show as text (a blank inside the markers, "
		       "or one of them lost)", SHELF_L10N_ERROR},
		{"](", "link syntax '](' shows as text", SHELF_L10N_ERROR},
		{"] (", "a blank between a link's text and its target breaks the link",
		        SHELF_L10N_ERROR},
		{"[!", "a docfx marker '[!' shows as text (outside a quote, or damaged)",
		       SHELF_L10N_ERROR},
		{":::", "a ':::' directive shows as text", SHELF_L10N_ERROR},
		{"<a ", "an HTML anchor shows as text", SHELF_L10N_ERROR},
		{"&nbsp;", "an HTML entity shows as text", SHELF_L10N_ERROR},
		{"`", "a backtick shows as text (inline code lost a delimiter)", SHELF_L10N_ERROR},
		{"# A", "a translation-tool placeholder ('# A0', '# A1') replaced the source's "
		        "text", SHELF_L10N_WARNING},
	};
	size_t k, i;

	for (k = 0; k < sizeof leaks / sizeof leaks[0]; k++) {
		size_t ns = count_in(c->src, leaks[k].pat, 0), seen = 0;
		for (i = 0; i < c->tgt->n_lines; i++) {
			const char *t = c->tgt->lines[i].text, *p = t;
			while ((p = strstr(p, leaks[k].pat)) != NULL) {
				size_t pl = strlen(leaks[k].pat);
				int real = 1;
				if (k == 8)                 /* "# A" + digit */
					real = isdigit((unsigned char)p[3]);
				if (k == 3 && p == t)       /* an alert marker of a quote */
					real = !alert_on(c->tgt, c->tgt->lines[i].line);
				if (real && ++seen > ns) {
					const char *b = p > t + 20 ? p - 20 : t;
					while (b > t && ((unsigned char)*b & 0xC0) == 0x80)
						b--;
					char *q = strndup(b, (size_t)(p - b) + pl + 12 > strlen(b) ? strlen(b)
					                  : (size_t)(p - b) + pl + 12);
					if (q) {
						size_t ql = strlen(q);
						while (ql && ((unsigned char)q[ql - 1] & 0xC0) == 0x80)
							q[--ql] = '\0';
						if (ql && (unsigned char)q[ql - 1] >= 0xC0)
							q[--ql] = '\0';
					}
					l10n_add(c, "markup-leak", leaks[k].sev, 0, c->tgt->lines[i].line, 0,
					         NULL, q, "%s: '%s'", leaks[k].what, q ? q : "");
					free(q);
					break;              /* one per line and pattern */
				}
				p += pl;
			}
		}
	}
}

/* ---- encoding ---------------------------------------------------------- */

void
l10n_check_encoding(l10n_ctx *c)
{
	const unsigned char *s = (const unsigned char *)c->tgt->raw;
	size_t n = c->tgt->raw_len, i = 0, reported = 0;
	unsigned line = 1, last = 0;

	while (i < n && reported < SHELF_MAX_ENCODING_WARNINGS) {
		size_t k;
		unsigned cp;
		if (s[i] == '\n') {
			line++;
			i++;
			continue;
		}
		if (s[i] < 0x80) {
			if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\r' && line != last) {
				l10n_add(c, "encoding", SHELF_L10N_WARNING, 0, line, 0, NULL, NULL,
				         "control character U+%04X in the text", s[i]);
				last = line, reported++;
			}
			i++;
			continue;
		}
		k = shelf_utf8_valid_len(s + i, n - i);
		if (k == 0) {
			if (line != last) {
				l10n_add(c, "encoding", SHELF_L10N_ERROR, 0, line, 0, NULL, NULL,
				         "invalid UTF-8 (byte 0x%02X): the text is damaged; save the "
				         "file as UTF-8", s[i]);
				last = line, reported++;
			}
			i++;
			continue;
		}
		cp = k == 2 ? (s[i] & 0x1Fu) << 6 | (s[i + 1] & 0x3Fu)
		   : k == 3 ? (s[i] & 0x0Fu) << 12 | (s[i + 1] & 0x3Fu) << 6 | (s[i + 2] & 0x3Fu) : 0;
		if (((cp >= 0x200B && cp <= 0x200F) || cp == 0x2060 || (cp == 0xFEFF && i > 0) ||
		     cp == 0xFFFD || (cp >= 0x80 && cp < 0xA0)) && line != last) {
			l10n_add(c, "encoding", SHELF_L10N_WARNING, 0, line, 0, NULL, NULL,
			         "%s U+%04X in the text", cp == 0xFFFD ? "replacement character (lost "
			         "text)" : cp < 0xA0 ? "C1 control character" : "invisible character",
			         cp);
			last = line, reported++;
		}
		i += k;
	}
}

void
l10n_check_text(l10n_ctx *c)
{
	check_placeholders(c);
	check_literals(c);
	check_untranslated(c);
	check_length(c);
	check_whitespace(c);
	check_markup(c);
}
