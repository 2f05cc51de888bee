/*
 * l10n_checks.c - the translation checks over two outlines (l10n.h).
 *
 * A check that compares the target with its source marks its findings
 * `grouped`: when the pair is stale, those differences are expected (the
 * source moved on) and are listed under the `stale` finding as info.
 * Checks on the target alone (encoding, whitespace, markup leaks, front
 * matter that no longer parses, #fragment links) stay what they are.
 */
#include "l10n.h"
#include "path.h"
#include "read.h"
#include "slug.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <nettle/sha1.h>

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
static unsigned
map_line(const l10n_ctx *c, unsigned sl)
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
static int
english(const char *locale)
{
	return locale && strncmp(locale, "en", 2) == 0 && (locale[2] == '-' || !locale[2]);
}

/* ---- stale ------------------------------------------------------------- */

/* SHA-1 of `raw` in hex; with `crlf`, every LF not after a CR is hashed as
 * CRLF (the form the localization hand-off hashes). */
static void
sha1_hex(const char *raw, size_t n, int crlf, char out[41])
{
	struct sha1_ctx ctx;
	uint8_t dig[SHA1_DIGEST_SIZE];
	size_t i, run = 0;

	sha1_init(&ctx);
	for (i = 0; crlf && i < n; i++)
		if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r')) {
			sha1_update(&ctx, i - run, (const uint8_t *)raw + run);
			sha1_update(&ctx, 2, (const uint8_t *)"\r\n");
			run = i + 1;
		}
	sha1_update(&ctx, n - run, (const uint8_t *)raw + run);
	sha1_digest(&ctx, SHA1_DIGEST_SIZE, dig);
	for (i = 0; i < SHA1_DIGEST_SIZE; i++)
		snprintf(out + 2 * i, 3, "%02x", dig[i]);
}

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
		sha1_hex(c->src->raw, c->src->raw_len, 1, crlf);
		sha1_hex(c->src->raw, c->src->raw_len, 0, asis);
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
			l10n_add(c, "headings", SHELF_L10N_WARNING, 1, map_line(c, s[i]->line),
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
		else if (!english(c->locale) || strcmp(s[i]->a, t[i]->a) != 0)
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
		         tn ? t[0]->line : map_line(c, sn ? s[0]->line : 1), sn ? s[0]->line : 0,
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
static char *
squash(const char *s)
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
			char *ss = squash(s[i]->a);
			size_t k;
			for (k = 0; ss && k < tn; k++) {
				char *ts;
				if (used[k])
					continue;
				ts = squash(t[k]->a);
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
				l10n_add(c, "code-spans", SHELF_L10N_WARNING, 1, map_line(c, s[i]->line),
				         s[i]->line, s[i]->a, NULL, "`%s` is no longer inline code "
				         "(its backticks were lost)", s[i]->a);
			} else {
				l10n_add(c, "code-spans", SHELF_L10N_WARNING, 1, map_line(c, s[i]->line),
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
			l10n_add(c, check, SHELF_L10N_WARNING, 1, map_line(c, s[i]->line), s[i]->line,
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
		"code", "video", "no-loc", "code snippet"};
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
		         1, map_line(c, s[i]->line), s[i]->line, s[i]->b, NULL,
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
		l10n_add(c, "alerts", SHELF_L10N_WARNING, 1, tn ? t[0]->line : map_line(c, s[0]->line),
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
		         tn ? t[0]->line : map_line(c, s[0]->line), sn ? s[0]->line : 0, NULL, NULL,
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
		l10n_add(c, "lists", SHELF_L10N_WARNING, 1, tn ? t[0]->line : map_line(c, s[0]->line),
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
	char *vs = squash(v);
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
	tsq = squash(shelf_buf_cstr(&all));
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
				         map_line(c, src->line[i]), src->line[i], v, NULL,
				         "'%s' appears %zu times in the source, %zu here", v, ns, nt);
			continue;
		}
		vsq = squash(v);
		if (count_in(c->tgt, v, 1) > 0) {
			;                           /* reported by damaged_variant */
		} else if (spaced_ok(c->tgt, v)) {
			;                           /* "127 GB" written "127GB" */
		} else if (vsq && *vsq && strstr(tsq, vsq)) {
			l10n_add(c, check, portal ? SHELF_L10N_ERROR : SHELF_L10N_WARNING, 0,
			         map_line(c, src->line[i]), src->line[i], v, NULL,
			         "'%s' is damaged (blanks inserted or case changed); keep it exactly "
			         "as in the source", v);
		} else if (!spaced_ok(c->tgt, v)) {
			l10n_add(c, check, portal ? SHELF_L10N_ERROR : SHELF_L10N_WARNING, 1,
			         map_line(c, src->line[i]), src->line[i], v, NULL,
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

	if (english(c->locale))
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

static void
check_encoding(l10n_ctx *c)
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

/* ---- the pair ---------------------------------------------------------- */

void
l10n_check_pair(l10n_ctx *c)
{
	check_encoding(c);
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
	check_placeholders(c);
	check_literals(c);
	check_untranslated(c);
	check_length(c);
	check_whitespace(c);
	check_markup(c);
}
