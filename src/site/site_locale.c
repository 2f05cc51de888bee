/* site_locale.c - locales in `shelf build`; see site_locale.h. */
#include "site_locale.h"
#include "article.h"
#include "buf.h"
#include "escape.h"
#include "frontmatter.h"
#include "lochash.h"
#include "manifest.h"
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
 * 'S' is the source file (first), then 'G' each Markdown include, both
 * relative to the content tree (a shard's record is merged on another
 * machine, whose tree may lie elsewhere), 'I' an id or <a name> of the page,
 * 'H' a link on it (each once, in the order first met). */

/* Appends one field. */
static void
rec_put(shelf_buf *b, char kind, const char *v, size_t n)
{
	char t[SHELF_REC_NUM_MAX];

	shelf_buf_putc(b, kind);
	shelf_buf_put(b, t, shelf_rec_fmt(t, (long long)n, ':'));
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

/* The first field of `kind` whose value is `want` (NULL: any) in the
 * record of `pl`, or NULL; the value's length in *n. */
static const char *
rec_find(const shelf_site_page_links *pl, char kind, const char *want, size_t *n)
{
	const char *p = pl->rec, *end, *v;
	size_t wn = want ? strlen(want) : 0;
	char k;

	if (p == NULL)
		return NULL;
	end = p + pl->rec_len;
	while ((k = rec_next(&p, end, &v, n)) != 0)
		if (k == kind && (want == NULL || (*n == wn && memcmp(v, want, wn) == 0)))
			return v;
	return NULL;
}

/* 1 when the n bytes at `s` are UTF-8 (what jansson takes as a string).
 * ASCII eight bytes at a time: the parent of -j N checks every page's
 * link record, 10 MB on a big site. */
static int
utf8_ok(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	size_t k;

	while (p < end) {
		unsigned long long w;
		if (end - p >= 8) {
			memcpy(&w, p, 8);
			if ((w & 0x8080808080808080ULL) == 0) {
				p += 8;
				continue;
			}
		}
		if (*p < 0x80) {
			p++;
			continue;
		}
		if ((k = shelf_utf8_valid_len(p, (size_t)(end - p))) == 0)
			return 0;
		p += k;
	}
	return 1;
}

/* Each `attr="…"` value in `html`, entity-decoded, as a field of `kind`;
 * with `seen`, a value already in it is left out (and each one is added). */
static void
scan_attr(const char *html, const char *attr, char kind, shelf_strmap *seen, shelf_buf *rec)
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
		/* as a C string, and one that is not UTF-8 left out, as when the
		 * set was a jansson object */
		if (seen && (!utf8_ok(shelf_buf_cstr(&dec), strlen(shelf_buf_cstr(&dec))) ||
		             shelf_strmap_add(seen, shelf_buf_cstr(&dec), strlen(shelf_buf_cstr(&dec)),
		                              0, NULL) != 1))
			continue;
		rec_put(rec, kind, shelf_buf_cstr(&dec), strlen(shelf_buf_cstr(&dec)));
	}
	shelf_buf_free(&dec);
}

int
shelf_site_links_record(const char *html, const char *src, const char *const *inc,
                        size_t n_inc, char **out, size_t *len)
{
	shelf_buf rec = SHELF_BUF_INIT;
	shelf_strmap uniq = SHELF_STRMAP_INIT;
	size_t i;

	*out = NULL;
	*len = 0;
	/* a source path that is not UTF-8 leaves the page out, as before */
	if (src == NULL || !utf8_ok(src, strlen(src)))
		return 1;
	rec_put(&rec, 'S', src, strlen(src));
	for (i = 0; i < n_inc; i++)
		if (utf8_ok(inc[i], strlen(inc[i])))
			rec_put(&rec, 'G', inc[i], strlen(inc[i]));
	scan_attr(html, " id=\"", 'I', NULL, &rec);
	scan_attr(html, " name=\"", 'I', NULL, &rec); /* <a name> anchors of translations */
	/* each link once per page: one warning for a link written twice */
	scan_attr(html, " href=\"", 'H', &uniq, &rec);
	shelf_strmap_free(&uniq);
	if (rec.failed)
		return -1;
	*len = rec.len;
	*out = shelf_buf_detach(&rec);
	return *out ? 0 : -1;
}

/* The entry of `page`, made when it has none; NULL on OOM. */
static shelf_site_page_links *
page_of(shelf_site_links *l, const char *page, size_t pn)
{
	shelf_strmap_ent *at;
	int r;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		shelf_site_page_links *nv = realloc(l->v, cap * sizeof *nv);
		if (nv == NULL)
			return NULL;
		l->v = nv;
		l->cap = cap;
	}
	if ((r = shelf_strmap_add(&l->pages, page, pn, l->n, &at)) < 0)
		return NULL;
	if (r == 1) {
		memset(&l->v[l->n], 0, sizeof l->v[l->n]);
		l->v[l->n++].page = at->key;
	}
	return &l->v[at->val];
}

/* shelf_site_links_set() (`shown` 0) and shelf_site_links_set_shown(). */
static int
set_value(shelf_site_links *l, const char *page, size_t pn, const char *v, size_t n, int shown)
{
	shelf_site_page_links *pl;
	char *copy;

	pn = strnlen(page, pn); /* as C strings, as jansson kept them */
	n = strnlen(v, n);
	if (!utf8_ok(page, pn) || !utf8_ok(v, n))
		return 0;
	if ((copy = strndup(v, n)) == NULL || (pl = page_of(l, page, pn)) == NULL) {
		free(copy);
		return -1;
	}
	if (shown) {
		free(pl->shown);
		pl->shown = copy;
	} else {
		free(pl->rec);
		pl->rec = copy;
		pl->rec_len = n;
	}
	return 0;
}

int
shelf_site_links_set(shelf_site_links *l, const char *page, size_t pn, const char *rec,
                     size_t n)
{
	return set_value(l, page, pn, rec, n, 0);
}

int
shelf_site_links_set_shown(shelf_site_links *l, const char *page, size_t pn,
                           const char *shown, size_t n)
{
	return set_value(l, page, pn, shown, n, 1);
}

void
shelf_site_links_free(shelf_site_links *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].rec);
		free(l->v[i].shown);
	}
	free(l->v);
	shelf_strmap_free(&l->pages);
	memset(l, 0, sizeof *l);
}

/* The entry of `page`, or NULL. */
static const shelf_site_page_links *
page_get(const shelf_site_links *l, const char *page)
{
	const shelf_strmap_ent *at = shelf_strmap_get(&l->pages, page, strlen(page));

	return at ? &l->v[at->val] : NULL;
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
	shelf_buf b = SHELF_BUF_INIT, out = SHELF_BUF_INIT;
	size_t end = strcspn(href, "?#"), i, n_seg = 0, cap = 0;
	const char *p = href, *slash = strrchr(from, '/');
	size_t (*seg)[2] = NULL; /* each segment kept: offset and length in b */
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
	if (b.failed)
		goto done;
	/* collapse "." and ".." */
	p = shelf_buf_cstr(&b);
	while (*p) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (n_seg == 0)
				goto done;
			n_seg--;
		} else if (n && !(n == 1 && p[0] == '.') && utf8_ok(p, n)) {
			/* (a segment that is not UTF-8 is dropped, as when these were
			 * jansson strings) */
			if (n_seg == cap) {
				size_t (*nv)[2] = realloc(seg, (cap = cap ? cap * 2 : 16) * sizeof *nv);
				if (nv == NULL)
					goto done;
				seg = nv;
			}
			seg[n_seg][0] = (size_t)(p - b.ptr);
			seg[n_seg][1] = n;
			n_seg++;
		}
		p += n + (p[n] == '/');
	}
	for (i = 0; i < n_seg; i++) {
		if (i)
			shelf_buf_putc(&out, '/');
		shelf_buf_put(&out, b.ptr + seg[i][0], seg[i][1]);
	}
	if (!out.failed)
		r = shelf_buf_detach(&out);
done:
	free(seg);
	shelf_buf_free(&b);
	shelf_buf_free(&out);
	return r;
}

/* Where the file at `path` writes `want`: *line and *col, 1-based; 0
 * when it does not (or cannot be read). */
static int
find_text(const char *path, const char *want, unsigned *line, unsigned *col)
{
	shelf_diags scratch = SHELF_DIAGS_INIT;
	size_t n;
	char *text = path && *want ? shelf_file_slurp(path, SHELF_MAX_FILE_BYTES, &n, &scratch, path)
	                           : NULL;
	const char *at = text ? strstr(text, want) : NULL, *p;

	*line = *col = 0;
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
	shelf_diags_free(&scratch);
	return at != NULL;
}

/* `path` below its first folder (the locale's): "guide/a.md" for
 * "en-us/guide/a.md". */
static const char *
below_locale(const char *path)
{
	const char *slash = strchr(path, '/');

	return slash ? slash + 1 : path;
}

/* `link` in its .md form ("fix.md#x" for "fix.html#x") into *md; 0 when it
 * has no .html page name. */
static int
md_form(shelf_buf *md, const char *link)
{
	size_t end = strcspn(link, "?#");

	shelf_buf_clear(md);
	if (end <= 5 || strncmp(link + end - 5, ".html", 5) != 0)
		return 0;
	shelf_buf_put(md, link, end - 5);
	shelf_buf_puts(md, ".md");
	shelf_buf_puts(md, link + end);
	return !md->failed;
}

/* ROOT/REL (n bytes) into *b; ROOT/ left out when it is "". */
static void
tree_path(shelf_buf *b, const char *root, const char *rel, size_t n)
{
	shelf_buf_clear(b);
	if (root[0]) {
		shelf_buf_puts(b, root);
		shelf_buf_putc(b, '/');
	}
	shelf_buf_put(b, rel, n);
}

/* Where the link that became `href` on the page of `pl` (its source shown
 * as `file`) is written: in the article (`where` left empty), else in one
 * of the page's includes (its path shown into `where`, and the link as the
 * include writes it, relative to itself, into `orig`).  *line and *col,
 * 1-based, 0 when neither has it. */
static void
find_link(const shelf_site_page_links *pl, const char *root, const char *file, const char *href,
          unsigned *line, unsigned *col, shelf_buf *where, shelf_buf *orig)
{
	shelf_buf md = SHELF_BUF_INIT, path = SHELF_BUF_INIT;
	const char *p, *end, *v, *frag;
	char *target = NULL;
	size_t n;
	char k;

	*line = *col = 0;
	shelf_buf_clear(where);
	shelf_buf_clear(orig);
	if (root == NULL)
		goto done; /* no tree to read: the link is told without its line */
	if ((v = rec_find(pl, 'S', NULL, &n)) != NULL)
		tree_path(&path, root, v, n);
	if (path.len && !path.failed &&
	    ((md_form(&md, href) && find_text(shelf_buf_cstr(&path), shelf_buf_cstr(&md), line, col)) ||
	     find_text(shelf_buf_cstr(&path), href, line, col)))
		goto done;
	/* the link as an include wrote it: relative to the include, not to
	 * the page its text was rebased for */
	target = resolve(file, href, &frag);
	for (p = pl->rec, end = p + pl->rec_len; target && (k = rec_next(&p, end, &v, &n)) != 0;) {
		char *dir, *rel;
		if (k != 'G')
			continue;
		tree_path(&path, root, v, n);
		if (path.failed)
			continue;
		shelf_buf_clear(where);
		shelf_buf_put(where, v, n);
		/* below the locale folders: a translation's page links its own
		 * locale's pages, where the default locale's include it uses
		 * links the include's (and "/" first: shelf_path_relative takes
		 * absolute paths) */
		shelf_buf_clear(&md);
		shelf_buf_putc(&md, '/');
		shelf_buf_puts(&md, below_locale(shelf_buf_cstr(where)));
		dir = md.failed || where->failed ? NULL : shelf_path_dirname(shelf_buf_cstr(&md));
		shelf_buf_clear(&md);
		shelf_buf_putc(&md, '/');
		shelf_buf_puts(&md, below_locale(target));
		rel = dir && !md.failed ? shelf_path_relative(dir, shelf_buf_cstr(&md)) : NULL;
		free(dir);
		if (rel == NULL)
			break;
		shelf_buf_clear(orig);
		shelf_buf_puts(orig, rel);
		if (frag)
			shelf_buf_puts(orig, frag);
		free(rel);
		if (orig->failed)
			break;
		if (md_form(&md, shelf_buf_cstr(orig)) &&
		    find_text(shelf_buf_cstr(&path), shelf_buf_cstr(&md), line, col)) {
			shelf_buf_clear(orig);
			shelf_buf_puts(orig, shelf_buf_cstr(&md));
			goto done;
		}
		if (find_text(shelf_buf_cstr(&path), shelf_buf_cstr(orig), line, col))
			goto done;
	}
	shelf_buf_clear(where);
	shelf_buf_clear(orig);
done:
	if (where->failed || orig->failed) {
		shelf_buf_clear(where); /* out of memory: told as the article's */
		shelf_buf_clear(orig);
	}
	free(target);
	shelf_buf_free(&md);
	shelf_buf_free(&path);
}

/* 1 the first time the link `href` of source `file` is found broken
 * against a page made from `why`: a link of an en-us article served in
 * five locales is one fault, told once. */
static int
first_time(shelf_strmap *said, shelf_buf *k, const char *file, const char *href,
           const char *why)
{
	shelf_buf_clear(k);
	shelf_buf_puts(k, file);
	shelf_buf_putc(k, '|');
	shelf_buf_puts(k, href);
	shelf_buf_putc(k, '|');
	shelf_buf_puts(k, why ? why : "");
	if (k->failed) {
		shelf_buf_init(k, 0);
		return 1;
	}
	/* a key that cannot be kept (OOM) is told, as when it was never said */
	return shelf_strmap_add(said, k->ptr, k->len, 0, NULL) != 0;
}

/* 1 when `to` is one of the n paths `made`. */
static int
is_made(const char *const *made, size_t n, const char *to)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(made[i], to) == 0)
			return 1;
	return 0;
}

void
shelf_site_links_check(const shelf_site_links *l, const char *out_dir, const char *root,
                       const char *const *made, size_t n_made, shelf_diags *d)
{
	shelf_strmap said = SHELF_STRMAP_INIT; /* file|href|why already reported */
	shelf_buf href = SHELF_BUF_INIT, key = SHELF_BUF_INIT;
	shelf_buf where = SHELF_BUF_INIT, orig = SHELF_BUF_INIT;
	size_t i;

	for (i = 0; i < l->n; i++) {
		const shelf_site_page_links *pl = &l->v[i];
		const char *page = pl->page, *file = pl->shown ? pl->shown : page;
		const char *p = pl->rec, *end = p + pl->rec_len, *v;
		size_t n;
		char k;
		if (pl->rec == NULL)
			continue; /* a source shown, and no links (not UTF-8) */
		while ((k = rec_next(&p, end, &v, &n)) != 0) {
			const shelf_site_page_links *target;
			const char *frag, *why, *at, *link;
			char *to;
			struct stat st;
			unsigned line, col;
			int missing, bad;
			if (k != 'H')
				continue;
			shelf_buf_clear(&href);
			shelf_buf_put(&href, v, n);
			if (href.failed)
				break;
			to = resolve(page, shelf_buf_cstr(&href), &frag);
			if (to == NULL)
				continue;
			target = page_get(l, to);
			missing = target == NULL || target->rec == NULL;
			if (missing && is_made(made, n_made, to)) {
				bad = 0;
			} else if (missing) {
				char *full = shelf_path_join(out_dir, to);
				bad = full && stat(full, &st) != 0;
				free(full);
				why = "";
			} else {
				bad = frag && frag[1] && !rec_find(target, 'I', frag + 1, &n);
				why = target->shown;
			}
			if (bad && first_time(&said, &key, file, shelf_buf_cstr(&href), why)) {
				find_link(pl, root, file, shelf_buf_cstr(&href), &line, &col, &where, &orig);
				at = where.len ? shelf_buf_cstr(&where) : file;
				link = where.len ? shelf_buf_cstr(&orig) : shelf_buf_cstr(&href);
				/* an include's link: once for all the pages that use it */
				if (where.len && !first_time(&said, &key, at, link, why)) {
					free(to);
					continue;
				}
				if (missing)
					shelf_diags_add(d, SHELF_W_LINK_TARGET, SHELF_WARNING, at, line, col,
					                "link '%s' %s%s%s leads to %s, which this build does "
					                "not write: fix the link or add the file", link,
					                where.len ? "of this include, on " : "on ", page,
					                where.len ? " (and every page using it)," : "", to);
				else
					shelf_diags_add(d, SHELF_W_LINK_FRAGMENT, SHELF_WARNING, at, line, col,
					                "link '%s' %s%s%s: %s has no anchor '%s' (its text comes "
					                "from %s): link a heading that page has", link,
					                where.len ? "of this include, on " : "on ", page,
					                where.len ? " (and every page using it)" : "", to,
					                frag + 1, why ? why : to);
			}
			free(to);
		}
	}
	shelf_buf_free(&href);
	shelf_buf_free(&key);
	shelf_buf_free(&where);
	shelf_buf_free(&orig);
	shelf_strmap_free(&said);
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

