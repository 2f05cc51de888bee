/*
 * l10n_checks.c - the translation checks over two outlines (l10n.h):
 * stale, frontmatter, headings, anchors, code, links, images, docfx
 * extensions, tables and lists.  The checks on prose are in l10n_text.c.
 *
 * A check that compares the target with its source marks its findings
 * `grouped`: when the pair is stale, those differences are expected (the
 * source moved on) and are listed under the `stale` finding as info.
 * Checks on the target alone (encoding, whitespace, markup leaks, front
 * matter that no longer parses, #fragment links) stay what they are.
 */
#include "l10n.h"
#include "lochash.h"
#include "path.h"
#include "slug.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>



/* ---- small helpers ----------------------------------------------------- */

static const char *
fm_str(const l10n_doc *d, const char *key)
{
	return json_string_value(json_object_get(d->fm, key));
}

/* The line of front matter key `key:` in the file, else the fence's. */
static unsigned
key_line(const l10n_doc *d, const char *key)
{
	size_t n = strlen(key), i = 0;
	unsigned line = 1;

	while (d->raw && i < d->raw_len) {
		if (strncmp(d->raw + i, key, n) == 0 && d->raw[i + n] == ':')
			return line;
		if (line > 1 && strncmp(d->raw + i, "---", 3) == 0)
			break;
		while (i < d->raw_len && d->raw[i] != '\n')
			i++;
		i++;
		line++;
	}
	return d->fm_line ? d->fm_line : 1;
}

/* Items of one kind, as an array of pointers (malloc'd; *n set). */
static const l10n_item **
items_of(const l10n_doc *d, l10n_kind kind, size_t *n)
{
	const l10n_item **v = malloc((d->n_items + 1) * sizeof *v);
	size_t i;

	*n = 0;
	if (v == NULL)
		return NULL;
	for (i = 0; i < d->n_items; i++)
		if (d->items[i].kind == kind)
			v[(*n)++] = &d->items[i];
	return v;
}

/* The target line that corresponds to source line `sl`: the first line of
 * the target block with the same index (scaled when the block counts
 * differ).  0 when the target has no prose. */
unsigned
l10n_map_line(const l10n_ctx *c, unsigned sl)
{
	const l10n_doc *s = c->src, *t = c->tgt;
	size_t i;
	unsigned b = 0;

	if (t->n_lines == 0)
		return 1;
	for (i = 0; i < s->n_lines && s->lines[i].line <= sl; i++)
		b = s->lines[i].block;
	if (s->n_blocks != t->n_blocks && s->n_blocks)
		b = (unsigned)((unsigned long long)b * t->n_blocks / s->n_blocks);
	for (i = 0; i < t->n_lines; i++)
		if (t->lines[i].block >= b)
			return t->lines[i].line;
	return t->lines[t->n_lines - 1].line;
}

/* 1 when `locale` is an English one (untranslated text is expected). */
int
l10n_english(const char *locale)
{
	return locale && strncmp(locale, "en", 2) == 0 && (locale[2] == '-' || !locale[2]);
}

/* ---- stale ------------------------------------------------------------- */

/* ms.date as yyyymmdd (m/d/yyyy), or 0. */
static long
parse_date(const char *s)
{
	int m, d, y;
	char tail;

	if (s == NULL || sscanf(s, "%d/%d/%d%c", &m, &d, &y, &tail) != 3)
		return 0;
	if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1990)
		return 0;
	return (long)y * 10000 + m * 100 + d;
}

static int
is_hex40(const char *s)
{
	size_t i;

	for (i = 0; i < 40; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return s[40] == '\0';
}

static size_t
count_kind(const l10n_doc *d, l10n_kind k)
{
	size_t i, n = 0;

	for (i = 0; i < d->n_items; i++)
		n += d->items[i].kind == k;
	return n;
}

static void
check_stale(l10n_ctx *c)
{
	const char *hash = fm_str(c->tgt, "ms.openlocfilehash");
	char crlf[41], asis[41];
	long sd, td;
	size_t sh, th;

	if (hash && is_hex40(hash)) {
		shelf_l10n_hash(c->src->raw, c->src->raw_len, 1, crlf);
		shelf_l10n_hash(c->src->raw, c->src->raw_len, 0, asis);
		if (strcasecmp(hash, crlf) == 0 || strcasecmp(hash, asis) == 0)
			return;
		c->stale = 1;
		l10n_add(c, "stale", SHELF_L10N_WARNING, 0, key_line(c->tgt, "ms.openlocfilehash"),
		         0, crlf, hash, "translated from an older source: ms.openlocfilehash %s "
		         "is not the SHA-1 of the current source (%s, with CRLF line ends); "
		         "update the translation (differences from the source are listed "
		         "below as info)", hash, crlf);
		return;
	}
	if (hash)
		l10n_add(c, "frontmatter", SHELF_L10N_WARNING, 0, key_line(c->tgt, "ms.openlocfilehash"),
		         0, NULL, hash, "ms.openlocfilehash '%s' is not a 40-digit SHA-1; "
		         "freshness judged by ms.date instead", hash);
	sd = parse_date(fm_str(c->src, "ms.date"));
	td = parse_date(fm_str(c->tgt, "ms.date"));
	if (sd && td) {
		if (td < sd) {
			c->stale = 1;
			l10n_add(c, "stale", SHELF_L10N_WARNING, 0, key_line(c->tgt, "ms.date"), 0,
			         fm_str(c->src, "ms.date"), fm_str(c->tgt, "ms.date"),
			         "translated from an older source (judged by ms.date, no "
			         "ms.openlocfilehash): translation dated '%s', source '%s'",
			         fm_str(c->tgt, "ms.date"), fm_str(c->src, "ms.date"));
		}
		return;
	}
	/* neither: a structural heuristic (headings and blocks, not text) */
	sh = count_kind(c->src, L10N_HEADING);
	th = count_kind(c->tgt, L10N_HEADING);
	if (sh != th && (c->tgt->fm_present || c->src->fm_present)) {
		c->stale = 1;
		l10n_add(c, "stale", SHELF_L10N_WARNING, 0, 1, 0, NULL, NULL,
		         "probably translated from an older source (heuristic: no "
		         "ms.openlocfilehash nor ms.date; the source has %zu headings, the "
		         "translation %zu)", sh, th);
	}
}

/* ---- frontmatter ------------------------------------------------------- */

static int
loc_key(const char *k)
{
	static const char *const keys[] = {"ms.openlocfilehash", "ms.sourcegitcommit",
		"ms.translationtype", "ms.contentlocale", "ms.lasthandoff", "ms.locfileid",
		"ms.openlocfilepath", "ms.translationauthor", NULL};
	size_t i;

	for (i = 0; keys[i]; i++)
		if (strcasecmp(k, keys[i]) == 0)
			return 1;
	return strncasecmp(k, "ms.loc", 6) == 0;
}

static int
translatable_key(const char *k)
{
	static const char *const keys[] = {"title", "description", "titleSuffix", "keywords",
		"summary", "ms.title", "name", NULL};
	size_t i;

	for (i = 0; keys[i]; i++)
		if (strcasecmp(k, keys[i]) == 0)
			return 1;
	return 0;
}

static void
check_loc_keys(l10n_ctx *c)
{
	const char *cl = fm_str(c->tgt, "ms.contentlocale");
	const char *tt = fm_str(c->tgt, "ms.translationtype");

	if (cl && !shelf_locale_name_ok(cl, strlen(cl)))
		l10n_add(c, "frontmatter", SHELF_L10N_WARNING, 0, key_line(c->tgt, "ms.contentlocale"),
		         0, NULL, cl, "ms.contentlocale '%s' is not a locale name (ll-cc)", cl);
	else if (cl && c->folder_locale && strcasecmp(cl, c->folder_locale) != 0)
		l10n_add(c, "frontmatter", SHELF_L10N_WARNING, 0, key_line(c->tgt, "ms.contentlocale"),
		         0, c->folder_locale, cl, "ms.contentlocale '%s' does not match the "
		         "locale folder '%s'", cl, c->folder_locale);
	if (tt && strcmp(tt, "MT") != 0 && strcmp(tt, "HT") != 0)
		l10n_add(c, "frontmatter", SHELF_L10N_WARNING, 0, key_line(c->tgt, "ms.translationtype"),
		         0, "MT|HT", tt, "ms.translationtype '%s' is neither MT (machine) nor "
		         "HT (human)", tt);
}

static void
check_frontmatter(l10n_ctx *c)
{
	const char *k;
	json_t *v;

	if (c->tgt->fm_broken) {
		l10n_add(c, "frontmatter", SHELF_L10N_ERROR, 0, c->tgt->fm_line, 0, NULL, NULL,
		         "front matter no longer parses as YAML (%s): the page loses its title "
		         "and metadata", c->tgt->fm_error ? c->tgt->fm_error : "syntax error");
		return;
	}
	if (c->src->fm && !c->tgt->fm_present) {
		l10n_add(c, "frontmatter", SHELF_L10N_ERROR, 0, 1, c->src->fm_line, NULL, NULL,
		         "the source's front matter is gone from the translation: title, "
		         "description and metadata are lost");
		return;
	}
	if (c->tgt->fm == NULL)
		return;
	check_loc_keys(c);
	json_object_foreach(c->src->fm, k, v) {
		json_t *tv = json_object_get(c->tgt->fm, k);
		const char *sv = json_string_value(v), *ts = json_string_value(tv);
		if (tv == NULL) {
			l10n_add(c, "frontmatter", SHELF_L10N_WARNING, 1, c->tgt->fm_line,
			         key_line(c->src, k), k, NULL, "key '%s' of the source is missing "
			         "(lost, or its name translated)", k);
		} else if (sv && *sv && ts && *ts == '\0') {
			l10n_add(c, "frontmatter", SHELF_L10N_WARNING, 0, key_line(c->tgt, k),
			         key_line(c->src, k), sv, "", "value of '%s' emptied: the source has "
			         "'%s'", k, sv);
		} else if (sv && ts && !translatable_key(k) && strcmp(sv, ts) != 0) {
			l10n_add(c, "frontmatter", SHELF_L10N_INFO, 1, key_line(c->tgt, k),
			         key_line(c->src, k), sv, ts, "value of '%s' differs from the "
			         "source: '%s' here, '%s' there (metadata is not translated)", k, ts, sv);
		}
	}
	json_object_foreach(c->tgt->fm, k, v) {
		if (json_object_get(c->src->fm, k) == NULL && !loc_key(k))
			l10n_add(c, "frontmatter", SHELF_L10N_WARNING, 1, key_line(c->tgt, k), 0,
			         NULL, k, "key '%s' is not in the source (a translated or "
			         "misspelt key is ignored)", k);
	}
}

/* ---- headings and anchors ---------------------------------------------- */

/* Ids of headings `h` as docfx makes them (explicit, else the
 * unique slug): a malloc'd array of malloc'd strings. */
static char **
heading_ids(const l10n_item **h, size_t n)
{
	char **ids = calloc(n + 1, sizeof *ids);
	shelf_slugs *set = shelf_slugs_new();
	size_t i;

	for (i = 0; ids && set && i < n; i++) {
		shelf_buf b = SHELF_BUF_INIT;
		if (h[i]->b) {
			shelf_buf_puts(&b, h[i]->b);
			shelf_slugs_add(set, h[i]->b);
		} else {
			shelf_slug_make(&b, h[i]->a, strlen(h[i]->a));
			shelf_slugs_claim(set, &b);
		}
		ids[i] = shelf_buf_detach(&b);
	}
	shelf_slugs_free(set);
	return ids;
}

static void
ids_free(char **ids, size_t n)
{
	size_t i;

	for (i = 0; ids && i < n; i++)
		free(ids[i]);
	free(ids);
}

/* 1 when `frag` is an id of the document: a heading id or an <a> anchor. */
static int
has_id(const l10n_doc *d, char **ids, size_t n, const char *frag)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ids[i] && strcmp(ids[i], frag) == 0)
			return 1;
	for (i = 0; i < d->n_items; i++)
		if (d->items[i].kind == L10N_ANCHOR && strcmp(d->items[i].a, frag) == 0)
			return 1;
	return 0;
}

static void
check_fragments(l10n_ctx *c, char **sid, size_t sn, char **tid, size_t tn)
{
	size_t i;

	for (i = 0; i < c->tgt->n_items; i++) {
		const l10n_item *it = &c->tgt->items[i];
		const char *frag;
		if (it->kind != L10N_LINK || it->a == NULL || it->a[0] != '#')
			continue;
		frag = it->a + 1;
		if (*frag == '\0' || has_id(c->tgt, tid, tn, frag))
			continue;
		if (has_id(c->src, sid, sn, frag))
			l10n_add(c, "anchors", SHELF_L10N_ERROR, 0, it->line, 0, frag, it->a,
			         "link '%s' points nowhere in the translation (the source has that "
			         "id; keep the heading's <a name=\"%s\"></a>)", it->a, frag);
		else
			l10n_add(c, "anchors", SHELF_L10N_WARNING, 0, it->line, 0, NULL, it->a,
			         "link '%s' points nowhere here, nor in the source", it->a);
	}
}

static void
check_headings(l10n_ctx *c)
{
	size_t sn, tn, i, n;
	const l10n_item **s = items_of(c->src, L10N_HEADING, &sn);
	const l10n_item **t = items_of(c->tgt, L10N_HEADING, &tn);
	char **sid = s ? heading_ids(s, sn) : NULL;
	char **tid = t ? heading_ids(t, tn) : NULL;

	if (s == NULL || t == NULL || sid == NULL || tid == NULL)
		goto done;
	n = sn < tn ? sn : tn;
	for (i = 0; i < n && s[i]->level == t[i]->level; i++)
		;
	if (sn != tn || i < n) {
		if (i < n)
			l10n_add(c, "headings", SHELF_L10N_WARNING, 1, t[i]->line, s[i]->line,
			         s[i]->a, t[i]->a, "heading %zu is H%d '%s' in the source but H%d "
			         "'%s' here (%zu headings in the source, %zu here)", i + 1,
			         s[i]->level, s[i]->a, t[i]->level, t[i]->a, sn, tn);
		else if (sn > tn)
			l10n_add(c, "headings", SHELF_L10N_WARNING, 1, l10n_map_line(c, s[i]->line),
			         s[i]->line, s[i]->a, NULL, "source heading H%d '%s' has no "
			         "counterpart (%zu headings in the source, %zu here)", s[i]->level,
			         s[i]->a, sn, tn);
		else
			l10n_add(c, "headings", SHELF_L10N_WARNING, 1, t[i]->line, 0, NULL, t[i]->a,
			         "heading H%d '%s' is not in the source (%zu headings in the "
			         "source, %zu here)", t[i]->level, t[i]->a, sn, tn);
	}
	/* anchors of the headings that align (before the first difference) */
	for (n = i, i = 0; i < n; i++) {
		if (strcmp(sid[i], tid[i]) == 0)
			continue;
		if (t[i]->b)
			l10n_add(c, "anchors", SHELF_L10N_ERROR, 1, t[i]->line, s[i]->line, sid[i],
			         tid[i], "heading anchor '%s' should be '%s', the id of source "
			         "heading '%s': links to #%s break", tid[i], sid[i], s[i]->a, sid[i]);
		else if (!l10n_english(c->locale) || strcmp(s[i]->a, t[i]->a) != 0)
			l10n_add(c, "anchors", SHELF_L10N_WARNING, 1, t[i]->line, s[i]->line, sid[i],
			         tid[i], "heading id becomes '%s' instead of the source's '%s': "
			         "links to #%s from other pages break; start the heading with "
			         "<a name=\"%s\"></a>", tid[i], sid[i], sid[i], sid[i]);
	}
	check_fragments(c, sid, sn, tid, tn);
done:
	ids_free(sid, sn);
	ids_free(tid, tn);
	free(s);
	free(t);
}

/* ---- code -------------------------------------------------------------- */

/* 1 when the line, trimmed, is a comment in a common shell or language. */
static int
comment_line(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	return n == 0 || *s == '#' || (n > 1 && s[0] == '/' && s[1] == '/') ||
	       (n > 2 && strncasecmp(s, "rem", 3) == 0 && (n == 3 || s[3] == ' ')) ||
	       (n > 1 && s[0] == ':' && s[1] == ':') || (n > 1 && s[0] == '-' && s[1] == '-') ||
	       *s == ';';
}

/* Finds the first differing non-comment line of a and b.  Returns 1 and
 * the lines (pointers, lengths) when they differ, 0 when equal but for
 * comments and trailing blanks. */
static int
code_diff(const char *a, const char *b, const char **la, size_t *na, const char **lb,
          size_t *nb, unsigned *lines_a, unsigned *lines_b)
{
	*lines_a = *lines_b = 0;
	for (;;) {
		size_t x, y;
		while (*a && (x = strcspn(a, "\n"), comment_line(a, x)))
			a += x + (a[x] == '\n'), ++*lines_a;
		while (*b && (y = strcspn(b, "\n"), comment_line(b, y)))
			b += y + (b[y] == '\n'), ++*lines_b;
		if (!*a && !*b)
			return 0;
		while (*a == ' ' || *a == '\t')
			a++;                        /* indentation is not compared */
		while (*b == ' ' || *b == '\t')
			b++;
		x = strcspn(a, "\n");
		y = strcspn(b, "\n");
		*la = a, *na = x, *lb = b, *nb = y;
		while (*na && (a[*na - 1] == ' ' || a[*na - 1] == '\t' || a[*na - 1] == '\r'))
			(*na)--;
		while (*nb && (b[*nb - 1] == ' ' || b[*nb - 1] == '\t' || b[*nb - 1] == '\r'))
			(*nb)--;
		if (!*a || !*b || *na != *nb || memcmp(a, b, *na) != 0)
			return 1;
		a += x + (a[x] == '\n'), ++*lines_a;
		b += y + (b[y] == '\n'), ++*lines_b;
	}
}

static void
check_code_blocks(l10n_ctx *c)
{
	size_t sn, tn, i;
	const l10n_item **s = items_of(c->src, L10N_CODE_BLOCK, &sn);
	const l10n_item **t = items_of(c->tgt, L10N_CODE_BLOCK, &tn);

	if (s == NULL || t == NULL)
		goto done;
	if (sn != tn) {
		l10n_add(c, "code-blocks", sn > tn ? SHELF_L10N_ERROR : SHELF_L10N_WARNING, 1,
		         tn ? t[0]->line : l10n_map_line(c, sn ? s[0]->line : 1), sn ? s[0]->line : 0,
		         NULL, NULL, "the source has %zu code blocks, the translation %zu%s", sn, tn,
		         sn > tn ? ": commands are lost" : "");
		goto done;
	}
	for (i = 0; i < sn; i++) {
		const char *la, *lb;
		size_t na, nb;
		unsigned ka, kb;
		const char *si = s[i]->b ? s[i]->b : "", *ti = t[i]->b ? t[i]->b : "";
		if (strcasecmp(si, ti) != 0)
			l10n_add(c, "code-blocks", SHELF_L10N_WARNING, 1, t[i]->line, s[i]->line, si, ti,
			         "code block %zu is fenced as '%s' here, '%s' in the source", i + 1,
			         ti, si);
		if (code_diff(s[i]->a, t[i]->a, &la, &na, &lb, &nb, &ka, &kb)) {
			char *x = strndup(la, na), *y = strndup(lb, nb);
			/* the differing line: a fence line comes first */
			l10n_add(c, "code-blocks", SHELF_L10N_ERROR, 1, t[i]->line + kb + (t[i]->level != 0),
			         s[i]->line + ka + (s[i]->level != 0), x, y,
			         "code block %zu differs from the source: '%s' here, '%s' there "
			         "(only comments may be translated)", i + 1, y ? y : "", x ? x : "");
			free(x);
			free(y);
		}
	}
done:
	free(s);
	free(t);
}

/* s without blanks and hyphens, lower-cased: how damaged copies are
 * recognised ("tailspin azdatatier" for "tailspin-azdatatier"). */
char *
l10n_squash(const char *s)
{
	char *o = malloc(strlen(s) + 1), *p = o;

	if (o == NULL)
		return NULL;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != L10N_GAP && *s != '-')
			*p++ = (char)tolower((unsigned char)*s);
	*p = '\0';
	return o;
}

/* 1 when `needle` occurs in the target's prose. */
static int
in_prose(const l10n_doc *d, const char *needle)
{
	size_t i;

	for (i = 0; i < d->n_lines; i++)
		if (strstr(d->lines[i].text, needle))
			return 1;
	return 0;
}

static void
check_code_spans(l10n_ctx *c)
{
	size_t sn, tn, i, j;
	const l10n_item **s = items_of(c->src, L10N_CODE_SPAN, &sn);
	const l10n_item **t = items_of(c->tgt, L10N_CODE_SPAN, &tn);
	unsigned char *used = calloc(tn + 1, 1);

	if (s == NULL || t == NULL || used == NULL)
		goto done;
	for (i = 0; i < sn; i++) {
		for (j = 0; j < tn; j++)
			if (!used[j] && strcmp(s[i]->a, t[j]->a) == 0)
				break;
		if (j < tn) {
			used[j] = 1;
			continue;
		}
		{
			char *ss = l10n_squash(s[i]->a);
			size_t k;
			for (k = 0; ss && k < tn; k++) {
				char *ts;
				if (used[k])
					continue;
				ts = l10n_squash(t[k]->a);
				if (ts && strcmp(ss, ts) == 0) {
					free(ts);
					break;
				}
				free(ts);
			}
			if (ss && k < tn) {
				used[k] = 1;
				l10n_add(c, "code-spans", SHELF_L10N_ERROR, 1, t[k]->line, s[i]->line,
				         s[i]->a, t[k]->a, "inline code `%s` was altered to `%s`: a "
				         "command or name copied from it breaks", s[i]->a, t[k]->a);
			} else if (in_prose(c->tgt, s[i]->a)) {
				l10n_add(c, "code-spans", SHELF_L10N_WARNING, 1, l10n_map_line(c, s[i]->line),
				         s[i]->line, s[i]->a, NULL, "`%s` is no longer inline code "
				         "(its backticks were lost)", s[i]->a);
			} else {
				l10n_add(c, "code-spans", SHELF_L10N_WARNING, 1, l10n_map_line(c, s[i]->line),
				         s[i]->line, s[i]->a, NULL, "inline code `%s` of the source is "
				         "missing (dropped or translated)", s[i]->a);
			}
			free(ss);
		}
	}
	for (j = 0; j < tn; j++)
		if (!used[j])
			l10n_add(c, "code-spans", SHELF_L10N_INFO, 1, t[j]->line, 0, NULL, t[j]->a,
			         "inline code `%s` is not in the source", t[j]->a);
done:
	free(used);
	free(s);
	free(t);
}

/* ---- links, images ----------------------------------------------------- */

/* Comparison key of a URL: the docs host, a locale segment, ".md" and the
 * query dropped; then its last path segment and fragment, lower-cased (a
 * localization pipeline rewrites docs links between absolute and relative
 * forms, and localized media live in other folders). */
static char *
url_key(const char *url)
{
	shelf_buf b = SHELF_BUF_INIT;
	const char *p = url, *end, *frag, *seg;
	size_t i;
	char *o;

	if (strncmp(p, "https://", 8) == 0 || strncmp(p, "http://", 7) == 0) {
		const char *host = strchr(p, '/') + 2, *slash = strchr(host, '/');
		if (!(strncmp(host, "docs.microsoft.com", 18) == 0 ||
		      strncmp(host, "learn.microsoft.com", 19) == 0)) {
			shelf_buf_puts(&b, url);
			goto out;
		}
		p = slash ? slash : host + strlen(host);
	}
	frag = strchr(p, '#');
	end = strchr(p, '?');
	if (end == NULL || (frag && frag < end))
		end = frag ? frag : p + strlen(p);
	seg = end;
	while (seg > p && seg[-1] != '/')
		seg--;
	if (end - seg > 3 && strncmp(end - 3, ".md", 3) == 0)
		shelf_buf_put(&b, seg, (size_t)(end - 3 - seg));
	else
		shelf_buf_put(&b, seg, (size_t)(end - seg));
	if (frag)
		shelf_buf_puts(&b, frag);
out:
	o = shelf_buf_detach(&b);
	for (i = 0; o && o[i]; i++)
		o[i] = (char)tolower((unsigned char)o[i]);
	return o;
}

static void
check_refs(l10n_ctx *c, l10n_kind kind, const char *check, const char *what)
{
	size_t sn, tn, i, j;
	const l10n_item **s = items_of(c->src, kind, &sn);
	const l10n_item **t = items_of(c->tgt, kind, &tn);
	char **tk = calloc(tn + 1, sizeof *tk);
	unsigned char *used = calloc(tn + 1, 1);

	if (s == NULL || t == NULL || tk == NULL || used == NULL)
		goto done;
	for (j = 0; j < tn; j++)
		tk[j] = url_key(t[j]->a ? t[j]->a : "");
	for (i = 0; i < sn; i++) {
		char *k;
		if (s[i]->a && s[i]->a[0] == '#')
			continue;                   /* same-page links: the anchors check */
		k = url_key(s[i]->a ? s[i]->a : "");
		for (j = 0; k && j < tn; j++)
			if (!used[j] && tk[j] && strcmp(k, tk[j]) == 0)
				break;
		if (k && j < tn) {
			used[j] = 1;
			if (kind == L10N_IMAGE && s[i]->b && *s[i]->b && t[j]->b && !*t[j]->b)
				l10n_add(c, check, SHELF_L10N_WARNING, 1, t[j]->line, s[i]->line, s[i]->b,
				         "", "image '%s' lost its alt text (the source has '%s')",
				         t[j]->a, s[i]->b);
		} else if (k) {
			l10n_add(c, check, SHELF_L10N_WARNING, 1, l10n_map_line(c, s[i]->line), s[i]->line,
			         s[i]->a, NULL, "%s to '%s' ('%s') of the source is missing", what,
			         s[i]->a, s[i]->b ? s[i]->b : "");
		}
		free(k);
	}
	for (j = 0; j < tn; j++)
		if (!used[j] && !(t[j]->a && t[j]->a[0] == '#'))
			l10n_add(c, check, SHELF_L10N_INFO, 1, t[j]->line, 0, NULL, t[j]->a,
			         "%s to '%s' is not in the source", what, t[j]->a);
done:
	for (j = 0; tk && j < tn; j++)
		free(tk[j]);
	free(tk);
	free(used);
	free(s);
	free(t);
}

/* ---- docfx extensions ---------------------------------------------------- */

static const char *
dir_name(int kind)
{
	static const char *const names[] = {"?", "include", "zone", "zone-end", "moniker",
		"moniker-end", "row", "row-end", "column", "column-end", "image", "image-end",
		"code", "video", "no-loc", "code snippet", "form", "math block", "xref",
		"section title", "portal element", "videoGroup", "videoGroup end"};
	return kind > 0 && kind < (int)(sizeof names / sizeof names[0]) ? names[kind] : "?";
}

static void
check_includes(l10n_ctx *c)
{
	size_t sn, tn, i, j;
	const l10n_item **s = items_of(c->src, L10N_DIRECTIVE, &sn);
	const l10n_item **t = items_of(c->tgt, L10N_DIRECTIVE, &tn);
	unsigned char *used = calloc(tn + 1, 1);

	if (s == NULL || t == NULL || used == NULL)
		goto done;
	for (i = 0; i < sn; i++) {
		int inc = s[i]->level == SHELF_DIR_INCLUDE || s[i]->level == SHELF_DIR_SNIPPET;
		for (j = 0; j < tn; j++)
			if (!used[j] && t[j]->level == s[i]->level &&
			    strcmp(s[i]->a ? s[i]->a : "", t[j]->a ? t[j]->a : "") == 0)
				break;
		if (j < tn) {
			used[j] = 1;
			continue;
		}
		if (s[i]->level == SHELF_DIR_NOLOC) {
			for (j = 0; j < tn; j++)
				if (!used[j] && t[j]->level == SHELF_DIR_NOLOC)
					break;
			if (j < tn) {
				used[j] = 1;
				l10n_add(c, "alerts", SHELF_L10N_ERROR, 1, t[j]->line, s[i]->line, s[i]->a,
				         t[j]->a, "no-loc text '%s' was changed to '%s': it must stay "
				         "as written", s[i]->a, t[j]->a);
				continue;
			}
		}
		l10n_add(c, inc ? "includes" : "alerts",
		         s[i]->level == SHELF_DIR_ZONE_END || s[i]->level == SHELF_DIR_MONIKER_END ||
		         s[i]->level == SHELF_DIR_ROW_END || s[i]->level == SHELF_DIR_COLUMN_END ||
		         s[i]->level == SHELF_DIR_IMAGE_END ? SHELF_L10N_ERROR : SHELF_L10N_WARNING,
		         1, l10n_map_line(c, s[i]->line), s[i]->line, s[i]->b, NULL,
		         "%s '%s' of the source is missing here%s", dir_name(s[i]->level),
		         s[i]->b ? s[i]->b : "", inc ? ": its content is not on the page" : "");
	}
	for (j = 0; j < tn; j++)
		if (!used[j]) {
			int inc = t[j]->level == SHELF_DIR_INCLUDE || t[j]->level == SHELF_DIR_SNIPPET;
			l10n_add(c, inc ? "includes" : "alerts", SHELF_L10N_WARNING, 1, t[j]->line, 0,
			         NULL, t[j]->b, "%s '%s' is not in the source", dir_name(t[j]->level),
			         t[j]->b ? t[j]->b : "");
		}
done:
	free(used);
	free(s);
	free(t);
}

static int
known_alert(const char *m)
{
	static const char *const kinds[] = {"NOTE", "TIP", "IMPORTANT", "CAUTION", "WARNING", NULL};
	size_t i;

	for (i = 0; kinds[i]; i++)
		if (strcasecmp(m, kinds[i]) == 0)
			return 1;
	return strncasecmp(m, "div", 3) == 0 || strncasecmp(m, "video", 5) == 0 ||
	       strncasecmp(m, "NOTE", 4) == 0 || strncasecmp(m, "WARNING", 7) == 0 ||
	       strncasecmp(m, "IMPORTANT", 9) == 0 || strncasecmp(m, "TIP", 3) == 0;
}

static void
check_alerts(l10n_ctx *c)
{
	size_t sn, tn, i, n;
	const l10n_item **s = items_of(c->src, L10N_ALERT, &sn);
	const l10n_item **t = items_of(c->tgt, L10N_ALERT, &tn);

	if (s == NULL || t == NULL)
		goto done;
	for (i = 0; i < tn; i++)
		if (!known_alert(t[i]->a))
			l10n_add(c, "alerts", SHELF_L10N_ERROR, 0, t[i]->line, 0, NULL, t[i]->a,
			         "alert marker '[!%s]' is not a docfx alert (NOTE, TIP, IMPORTANT, "
			         "CAUTION, WARNING): it shows as text in a plain quote", t[i]->a);
	if (sn != tn)
		l10n_add(c, "alerts", SHELF_L10N_WARNING, 1, tn ? t[0]->line : l10n_map_line(c, s[0]->line),
		         sn ? s[0]->line : 0, NULL, NULL, "the source has %zu alerts, the "
		         "translation %zu", sn, tn);
	n = sn < tn ? sn : tn;
	for (i = 0; sn == tn && i < n; i++)
		if (strcasecmp(s[i]->a, t[i]->a) != 0 && known_alert(t[i]->a))
			l10n_add(c, "alerts", SHELF_L10N_WARNING, 1, t[i]->line, s[i]->line, s[i]->a,
			         t[i]->a, "alert %zu is [!%s] here, [!%s] in the source", i + 1,
			         t[i]->a, s[i]->a);
done:
	free(s);
	free(t);
}

/* ---- tables, lists ------------------------------------------------------- */

static void
check_tables(l10n_ctx *c)
{
	size_t sn, tn, i;
	const l10n_item **s = items_of(c->src, L10N_TABLE, &sn);
	const l10n_item **t = items_of(c->tgt, L10N_TABLE, &tn);

	if (s == NULL || t == NULL)
		goto done;
	if (sn != tn) {
		int broken = sn > tn && in_prose(c->tgt, "|");
		l10n_add(c, "tables", broken ? SHELF_L10N_ERROR : SHELF_L10N_WARNING, 1,
		         tn ? t[0]->line : l10n_map_line(c, s[0]->line), sn ? s[0]->line : 0, NULL, NULL,
		         "the source has %zu tables, the translation %zu%s", sn, tn,
		         broken ? ": a table no longer parses and shows as text with '|'" : "");
		goto done;
	}
	for (i = 0; i < sn; i++) {
		if (s[i]->level != t[i]->level)
			l10n_add(c, "tables", SHELF_L10N_ERROR, 1, t[i]->line, s[i]->line, NULL, NULL,
			         "table %zu has %d columns here, %d in the source: cells shift",
			         i + 1, t[i]->level, s[i]->level);
		if (s[i]->count != t[i]->count)
			l10n_add(c, "tables", SHELF_L10N_WARNING, 1, t[i]->line, s[i]->line, NULL, NULL,
			         "table %zu has %u rows here, %u in the source", i + 1, t[i]->count,
			         s[i]->count);
	}
done:
	free(s);
	free(t);
}

static void
check_lists(l10n_ctx *c)
{
	size_t sn, tn, i;
	const l10n_item **s = items_of(c->src, L10N_LIST, &sn);
	const l10n_item **t = items_of(c->tgt, L10N_LIST, &tn);

	if (s == NULL || t == NULL)
		goto done;
	if (sn != tn) {
		l10n_add(c, "lists", SHELF_L10N_WARNING, 1, tn ? t[0]->line : l10n_map_line(c, s[0]->line),
		         sn ? s[0]->line : 0, NULL, NULL, "the source has %zu lists, the "
		         "translation %zu (a list merged into a paragraph, or split)", sn, tn);
		goto done;
	}
	for (i = 0; i < sn; i++) {
		if (s[i]->count != t[i]->count)
			l10n_add(c, "lists", SHELF_L10N_WARNING, 1, t[i]->line, s[i]->line, NULL, NULL,
			         "list %zu has %u items here, %u in the source", i + 1, t[i]->count,
			         s[i]->count);
		else if (s[i]->level != t[i]->level)
			l10n_add(c, "lists", SHELF_L10N_INFO, 1, t[i]->line, s[i]->line, NULL, NULL,
			         "list %zu is %s here, %s in the source", i + 1,
			         t[i]->level ? "numbered" : "bulleted", s[i]->level ? "numbered" : "bulleted");
	}
done:
	free(s);
	free(t);
}

/* ---- the pair ---------------------------------------------------------- */

void
l10n_check_pair(l10n_ctx *c)
{
	l10n_check_encoding(c);
	check_stale(c);
	check_frontmatter(c);
	check_headings(c);
	check_code_blocks(c);
	check_code_spans(c);
	check_refs(c, L10N_LINK, "links", "link");
	check_refs(c, L10N_IMAGE, "images", "image");
	check_includes(c);
	check_alerts(c);
	check_tables(c);
	check_lists(c);
	l10n_check_text(c);
}
