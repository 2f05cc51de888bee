/* site_locale.c - locales in `shelf build`; see site_locale.h. */
#include "site_locale.h"
#include "article.h"
#include "buf.h"
#include "escape.h"
#include "frontmatter.h"
#include "lochash.h"
#include "path.h"
#include "read.h"
#include "split.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <sys/stat.h>

/* shelf.yml is a short settings file; 1 MiB is generous. */
#define SHELF_MAX_SITE_CONFIG_BYTES ((size_t)1024 * 1024)

static char *
lower_dup(const char *s)
{
	char *r = strdup(s);
	size_t i;

	for (i = 0; r && r[i]; i++)
		r[i] = (char)tolower((unsigned char)r[i]);
	return r;
}

static int
has_folder(const json_t *folders, const char *name)
{
	size_t i;
	json_t *v;

	json_array_foreach(folders, i, v)
		if (strcmp(json_string_value(v), name) == 0)
			return 1;
	return 0;
}

/* The line of shelf.yml where `key` starts a line, or 0. */
static unsigned
key_line(const char *text, const char *key)
{
	size_t kn = strlen(key);
	const char *p = text;
	unsigned line = 1;

	while (p && *p) {
		if (strncmp(p, key, kn) == 0 && p[kn] == ':')
			return line;
		p = strchr(p, '\n');
		if (p)
			p++, line++;
	}
	return 0;
}

/* One locale name from shelf.yml: valid and present as a folder, else
 * SH070.  malloc'd lower case, or NULL. */
static char *
config_locale(const json_t *v, const json_t *folders, const char *cfg, const char *key,
              unsigned line, shelf_diags *d)
{
	const char *s = json_string_value(v);
	char *low;

	if (s == NULL || !shelf_locale_name_ok(s, strlen(s))) {
		shelf_diags_add(d, SHELF_E_LOCALE_CONFIG, SHELF_ERROR, cfg, line, line ? 1 : 0,
		                "%s: '%s' is not a locale name: write one such as en-us or ko-kr",
		                key, s ? s : "(not a string)");
		return NULL;
	}
	low = lower_dup(s);
	if (low && !has_folder(folders, low)) {
		shelf_diags_add(d, SHELF_E_LOCALE_CONFIG, SHELF_ERROR, cfg, line, line ? 1 : 0,
		                "%s: locale '%s' has no folder in the content tree: create "
		                "%s/ beside shelf.yml or remove it from %s", key, s, low, key);
		free(low);
		return NULL;
	}
	return low;
}

int
shelf_site_locale_config(const char *content_dir, const json_t *folders, char **dflt,
                         json_t **build, shelf_diags *d)
{
	char *cfg = shelf_path_join(content_dir, "shelf.yml"), *raw = NULL, *text = NULL;
	json_t *conf = NULL, *v, *l;
	struct stat st;
	size_t n, len, i;
	unsigned dl = 0, ll = 0;
	int rc = 0;

	*dflt = NULL;
	*build = json_array();
	if (cfg && stat(cfg, &st) == 0 && S_ISREG(st.st_mode)) {
		shelf_diags scratch = SHELF_DIAGS_INIT; /* the renders report shelf.yml's faults */
		raw = shelf_file_slurp(cfg, SHELF_MAX_SITE_CONFIG_BYTES, &n, &scratch, cfg);
		text = raw ? shelf_text_normalize(raw, n, &len, &scratch, cfg) : NULL;
		conf = text ? shelf_yaml_parse(text, len, 1, &scratch, cfg) : NULL;
		shelf_diags_free(&scratch);
	}
	dl = text ? key_line(text, "default_locale") : 0;
	ll = text ? key_line(text, "locales") : 0;
	v = json_object_get(conf, "default_locale");
	if (v && !json_is_null(v)) {
		*dflt = config_locale(v, folders, cfg, "default_locale", dl, d);
		if (*dflt == NULL)
			rc = -1;
	} else if (has_folder(folders, "en-us")) {
		*dflt = strdup("en-us");
	} else {
		shelf_diags_add(d, SHELF_E_LOCALE_CONFIG, SHELF_ERROR, cfg ? cfg : "shelf.yml", 0, 0,
		                "%s", "no en-us/ folder, and shelf.yml names no default_locale: "
		                "add default_locale: <the locale every article is written in>");
		rc = -1;
	}
	v = json_object_get(conf, "locales");
	if (v && !json_is_null(v) && !json_is_array(v)) {
		shelf_diags_add(d, SHELF_E_LOCALE_CONFIG, SHELF_ERROR, cfg, ll, ll ? 1 : 0, "%s",
		                "locales: not a list: write locales: [en-us, ko-kr], or leave it out "
		                "to build every locale folder");
		rc = -1;
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, l) {
			char *low = config_locale(l, folders, cfg, "locales", ll, d);
			if (low == NULL)
				rc = -1;
			else if (!has_folder(*build, low))
				json_array_append_new(*build, json_string(low));
			free(low);
		}
		if (rc == 0 && *dflt && !has_folder(*build, *dflt)) {
			shelf_diags_add(d, SHELF_E_LOCALE_CONFIG, SHELF_ERROR, cfg, ll, ll ? 1 : 0,
			                "locales: the default locale '%s' is not listed: every other "
			                "locale falls back to it, so add it to locales", *dflt);
			rc = -1;
		}
	} else {
		json_array_foreach(folders, i, l)
			json_array_append(*build, l);
	}
	json_decref(conf);
	free(raw);
	free(text);
	free(cfg);
	return rc;
}

/* ---- notices ---------------------------------------------------------- */

static const char *
str_of(const json_t *strings, const char *key, const char *dflt)
{
	const char *s = json_string_value(json_object_get(strings, key));
	return s ? s : dflt;
}

char *
shelf_site_notice(const json_t *reader_strings, const json_t *text_strings,
                  const char *reader, const char *text_locale, const char *key,
                  const char *source_href)
{
	shelf_buf b = SHELF_BUF_INIT;
	const char *msg = str_of(reader_strings, key, ""), *lang = str_of(reader_strings,
	                  "language_name", reader), *at;
	int stale = strcmp(key, "out_of_date") == 0;

	shelf_buf_printf(&b, "<div class=\"shelf-l10n-notice\" role=\"note\" lang=\"%s\" "
	                 "data-%s=\"%s\">\n<p>", reader, stale ? "stale" : "fallback-locale",
	                 stale ? "true" : text_locale);
	while ((at = strstr(msg, "{language}")) != NULL) {
		shelf_escape_html(&b, msg, (size_t)(at - msg));
		shelf_escape_html(&b, lang, strlen(lang));
		msg = at + 10;
	}
	shelf_escape_html(&b, msg, strlen(msg));
	if (source_href) {
		const char *name = str_of(text_strings, "language_name", text_locale);
		shelf_buf_puts(&b, " <a href=\"");
		shelf_escape_html(&b, source_href, strlen(source_href));
		shelf_buf_printf(&b, "\" hreflang=\"%s\" lang=\"%s\">", text_locale, text_locale);
		shelf_escape_html(&b, name, strlen(name));
		shelf_buf_puts(&b, "</a>");
	}
	shelf_buf_puts(&b, "</p>\n</div>\n");
	return shelf_buf_detach(&b);
}

/* ---- out of date ------------------------------------------------------ */

/* "09/21/2020" or "2020-09-21" as 20200921; 0 when neither. */
static long
date_key(const json_t *v)
{
	const char *s = json_string_value(v);
	int a, b, c;

	if (s == NULL)
		return 0;
	if (sscanf(s, "%d/%d/%d", &a, &b, &c) == 3 && c > 999)
		return (long)c * 10000 + a * 100 + b;
	if (sscanf(s, "%d-%d-%d", &a, &b, &c) == 3 && a > 999)
		return (long)a * 10000 + b * 100 + c;
	return 0;
}

int
shelf_site_stale(const char *src_path, const json_t *fm)
{
	shelf_diags scratch = SHELF_DIAGS_INIT;
	const char *hash = json_string_value(json_object_get(fm, "ms.openlocfilehash"));
	char hex[41], *raw, *text = NULL;
	size_t n, len;
	int stale = 0;

	raw = shelf_file_slurp(src_path, SHELF_MAX_FILE_BYTES, &n, &scratch, src_path);
	if (raw && hash) {
		shelf_l10n_source_hash(raw, n, hex);
		stale = strcasecmp(hash, hex) != 0;
	} else if (raw && (text = shelf_text_normalize(raw, n, &len, &scratch, src_path))) {
		shelf_split sp;
		long mine = date_key(json_object_get(fm, "ms.date")), theirs;
		shelf_split_article(text, len, &sp, &scratch, src_path);
		theirs = date_key(json_object_get(sp.front_matter, "ms.date"));
		stale = mine && theirs && theirs > mine;
		shelf_split_free(&sp);
	}
	free(raw);
	free(text);
	shelf_diags_free(&scratch);
	return stale;
}

/* ---- links ------------------------------------------------------------ */

/* A page's record in the links map is one string, not a tree of its ids
 * and links (a site of 16,000 pages held 30 MB of jansson objects for
 * them): fields of a kind letter, the decimal length, ':' and the bytes.
 * 'S' is the source file (first), 'I' an id or <a name> of the page, 'H'
 * a link on it (each once, in the order first met). */

/* Appends one field. */
static void
rec_put(shelf_buf *b, char kind, const char *v, size_t n)
{
	shelf_buf_printf(b, "%c%zu:", kind, n);
	shelf_buf_put(b, v, n);
}

/* The next field of record `*p` (ending at `end`): its kind, and its
 * value in *v, *n; 0 at the end. */
static char
rec_next(const char **p, const char *end, const char **v, size_t *n)
{
	char kind, *after;
	unsigned long long len;

	if (*p >= end)
		return 0;
	kind = **p;
	len = strtoull(*p + 1, &after, 10);
	if (*after != ':' || len > (unsigned long long)(end - after - 1))
		return 0;
	*v = after + 1;
	*n = (size_t)len;
	*p = after + 1 + len;
	return kind;
}

/* The first field of `kind` whose value is `want` (NULL: any), or NULL;
 * the value's length in *n. */
static const char *
rec_find(const json_t *rec, char kind, const char *want, size_t *n)
{
	const char *p = json_string_value(rec), *end = p + json_string_length(rec), *v;
	size_t wn = want ? strlen(want) : 0;
	char k;

	if (p == NULL)
		return NULL;
	while ((k = rec_next(&p, end, &v, n)) != 0)
		if (k == kind && (want == NULL || (*n == wn && memcmp(v, want, wn) == 0)))
			return v;
	return NULL;
}

/* Each `attr="…"` value in `html`, entity-decoded, as a field of `kind`;
 * with `seen`, a value already in it is left out (and each one is added). */
static void
scan_attr(const char *html, const char *attr, char kind, json_t *seen, shelf_buf *rec)
{
	size_t an = strlen(attr);
	const char *p = html;
	shelf_buf dec = SHELF_BUF_INIT;

	while ((p = strstr(p, attr)) != NULL) {
		const char *v = p + an, *end = strchr(v, '"');
		if (end == NULL)
			break;
		shelf_buf_clear(&dec);
		shelf_entities_decode(&dec, v, (size_t)(end - v));
		p = end + 1;
		if (dec.failed) {
			shelf_buf_free(&dec); /* that value is lost (OOM); try the next */
			continue;
		}
		if (seen && (json_object_get(seen, shelf_buf_cstr(&dec)) ||
		             json_object_set_new(seen, shelf_buf_cstr(&dec), json_true()) != 0))
			continue;
		rec_put(rec, kind, shelf_buf_cstr(&dec), strlen(shelf_buf_cstr(&dec)));
	}
	shelf_buf_free(&dec);
}

void
shelf_site_links_add(json_t *map, const char *out_rel, const char *html, const char *src)
{
	shelf_buf rec = SHELF_BUF_INIT;
	json_t *uniq = json_object(), *probe = src ? json_string(src) : NULL;

	/* a source path that is not UTF-8 leaves the page out, as before */
	if (probe && uniq) {
		rec_put(&rec, 'S', src, strlen(src));
		scan_attr(html, " id=\"", 'I', NULL, &rec);
		scan_attr(html, " name=\"", 'I', NULL, &rec); /* <a name> anchors of translations */
		/* each link once per page: one warning for a link written twice */
		scan_attr(html, " href=\"", 'H', uniq, &rec);
		if (!rec.failed)
			json_object_set_new(map, out_rel, json_stringn_nocheck(rec.ptr, rec.len));
	}
	json_decref(probe);
	json_decref(uniq);
	shelf_buf_free(&rec);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* `href` from the page at `from` as a path below the output folder, with
 * the fragment in *frag; NULL when not a relative link or it leaves the
 * output folder. */
static char *
resolve(const char *from, const char *href, const char **frag)
{
	shelf_buf b = SHELF_BUF_INIT;
	size_t end = strcspn(href, "?#"), i;
	const char *p = href, *slash = strrchr(from, '/');
	json_t *parts = json_array();
	char *r = NULL;

	*frag = strchr(href, '#');
	for (i = 0; i < end && href[i] != '/'; i++)
		if (href[i] == ':')
			goto done; /* a scheme */
	if (href[0] == '/')
		goto done;
	if (slash)
		shelf_buf_put(&b, from, (size_t)(slash - from) + 1);
	if (end == 0)
		shelf_buf_puts(&b, slash ? slash + 1 : from); /* "#x": this page */
	for (i = 0; i < end; i++) {
		/* the file name as the browser asks for it: %XX decoded */
		int h, l;
		if (p[i] == '%' && i + 2 < end && (h = hexval(p[i + 1])) >= 0 &&
		    (l = hexval(p[i + 2])) >= 0) {
			shelf_buf_putc(&b, (char)(h * 16 + l));
			i += 2;
		} else {
			shelf_buf_putc(&b, p[i]);
		}
	}
	/* collapse "." and ".." */
	p = shelf_buf_cstr(&b);
	while (*p) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (json_array_size(parts) == 0)
				goto done;
			json_array_remove(parts, json_array_size(parts) - 1);
		} else if (n && !(n == 1 && p[0] == '.')) {
			json_array_append_new(parts, json_stringn(p, n));
		}
		p += n + (p[n] == '/');
	}
	shelf_buf_clear(&b);
	for (i = 0; i < json_array_size(parts); i++) {
		if (i)
			shelf_buf_putc(&b, '/');
		shelf_buf_puts(&b, json_string_value(json_array_get(parts, i)));
	}
	if (!b.failed)
		r = shelf_buf_detach(&b);
done:
	shelf_buf_free(&b);
	json_decref(parts);
	return r;
}

/* Where the article at `src` writes the link that became `href` (its
 * .md form first: "fix.md#x" for "fix.html#x"): *line and *col, 1-based,
 * or 0 when not in the article itself (an include has it). */
static void
find_link(const char *src, const char *href, unsigned *line, unsigned *col)
{
	shelf_diags scratch = SHELF_DIAGS_INIT;
	shelf_buf md = SHELF_BUF_INIT;
	size_t n, end = strcspn(href, "?#");
	char *text = src ? shelf_file_slurp(src, SHELF_MAX_FILE_BYTES, &n, &scratch, src) : NULL;
	const char *at = NULL, *p;

	*line = *col = 0;
	if (end > 5 && strncmp(href + end - 5, ".html", 5) == 0) {
		shelf_buf_put(&md, href, end - 5);
		shelf_buf_puts(&md, ".md");
		shelf_buf_puts(&md, href + end);
	}
	if (text && md.len && !md.failed)
		at = strstr(text, shelf_buf_cstr(&md));
	if (text && at == NULL)
		at = strstr(text, href);
	if (at) {
		*line = 1;
		for (p = text; p < at; p++)
			if (*p == '\n') {
				(*line)++;
				*col = 0;
			} else {
				(*col)++;
			}
		(*col)++;
	}
	free(text);
	shelf_buf_free(&md);
	shelf_diags_free(&scratch);
}

/* 1 the first time the link `href` of source `file` is found broken
 * against a page made from `why`: a link of an en-us article served in
 * five locales is one fault, told once. */
static int
first_time(json_t *said, const char *file, const char *href, const char *why)
{
	shelf_buf k = SHELF_BUF_INIT;
	int first;

	shelf_buf_printf(&k, "%s|%s|%s", file, href, why ? why : "");
	first = k.failed || json_object_get(said, shelf_buf_cstr(&k)) == NULL;
	if (first && !k.failed)
		json_object_set_new(said, shelf_buf_cstr(&k), json_true());
	shelf_buf_free(&k);
	return first;
}

void
shelf_site_links_check(const json_t *map, const char *out_dir, const json_t *src_of,
                       shelf_diags *d)
{
	const char *page;
	json_t *rec, *said = json_object(); /* file|href|why already reported */
	shelf_buf href = SHELF_BUF_INIT, srcb = SHELF_BUF_INIT;

	json_object_foreach((json_t *)map, page, rec) {
		const char *file = json_string_value(json_object_get(src_of, page));
		const char *p = json_string_value(rec), *end = p + json_string_length(rec), *v;
		const char *src;
		size_t n;
		char k;
		if (file == NULL)
			file = page;
		shelf_buf_clear(&srcb);
		if ((v = rec_find(rec, 'S', NULL, &n)) != NULL)
			shelf_buf_put(&srcb, v, n);
		src = srcb.len ? shelf_buf_cstr(&srcb) : NULL;
		while ((k = rec_next(&p, end, &v, &n)) != 0) {
			const char *frag;
			char *to;
			json_t *target;
			struct stat st;
			unsigned line, col;
			if (k != 'H')
				continue;
			shelf_buf_clear(&href);
			shelf_buf_put(&href, v, n);
			if (href.failed)
				break;
			to = resolve(page, shelf_buf_cstr(&href), &frag);
			if (to == NULL)
				continue;
			target = json_object_get(map, to);
			if (target == NULL) {
				char *full = shelf_path_join(out_dir, to);
				if (full && stat(full, &st) != 0 &&
				    first_time(said, file, shelf_buf_cstr(&href), "")) {
					find_link(src, shelf_buf_cstr(&href), &line, &col);
					shelf_diags_add(d, SHELF_W_LINK_TARGET, SHELF_WARNING, file, line, col,
					                "link '%s' on %s leads to %s, which this build does not "
					                "write: fix the link or add the file",
					                shelf_buf_cstr(&href), page, to);
				}
				free(full);
			} else if (frag && frag[1] && !rec_find(target, 'I', frag + 1, &n) &&
			           first_time(said, file, shelf_buf_cstr(&href),
			                      json_string_value(json_object_get(src_of, to)))) {
				const char *tsrc = json_string_value(json_object_get(src_of, to));
				find_link(src, shelf_buf_cstr(&href), &line, &col);
				shelf_diags_add(d, SHELF_W_LINK_FRAGMENT, SHELF_WARNING, file, line, col,
				                "link '%s' on %s: %s has no anchor '%s' (its text comes "
				                "from %s): link a heading that page has",
				                shelf_buf_cstr(&href), page, to, frag + 1, tsrc ? tsrc : to);
			}
			free(to);
		}
	}
	shelf_buf_free(&href);
	shelf_buf_free(&srcb);
	json_decref(said);
}

/* ---- locale strings --------------------------------------------------- */

void
shelf_locale_missing_keys(const json_t *locales, const char *data_dir, shelf_diags *d)
{
	const json_t *en = json_object_get(locales, "en-us");
	const char *name, *key;
	json_t *strings, *v;

	json_object_foreach((json_t *)locales, name, strings) {
		shelf_buf file = SHELF_BUF_INIT;
		if (strcmp(name, "en-us") == 0)
			continue;
		shelf_buf_printf(&file, "%s/locales/%s.yml", data_dir ? data_dir : ".", name);
		json_object_foreach((json_t *)en, key, v)
			if (!json_object_get(strings, key))
				shelf_diags_add(d, SHELF_W_LOCALE_KEY, SHELF_WARNING, shelf_buf_cstr(&file),
				                0, 0, "string '%s' missing: %s pages show the en-us text "
				                "\"%s\"; add %s: <translation>", key, name,
				                json_string_value(v) ? json_string_value(v) : "", key);
		shelf_buf_free(&file);
	}
}

void
shelf_ctx_check_locales(const shelf_ctx *ctx, void (*on_diag)(void *user, const shelf_diag *d),
                        void *user)
{
	shelf_diags d = SHELF_DIAGS_INIT;
	size_t i;

	shelf_locale_missing_keys(ctx->locales, ctx->data_dir, &d);
	for (i = 0; i < d.n && on_diag; i++)
		on_diag(user, &d.v[i]);
	shelf_diags_free(&d);
}

