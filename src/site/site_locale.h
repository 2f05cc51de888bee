/*
 * site_locale.h - locales in `shelf build`: the content tree's locale
 * settings, fallback and out-of-date notices, and the check that every
 * link of the built site lands on a page (and #fragment) that the reader's
 * locale really serves.
 */
#ifndef SHELF_SITE_LOCALE_H
#define SHELF_SITE_LOCALE_H

#include <jansson.h>
#include "diag.h"
#include "strmap.h"

/* Reads default_locale and locales from content/shelf.yml.  `folders`
 * holds the lower-cased locale folder names found.  Sets *dflt (malloc'd,
 * lower case; "en-us" when unset) and *build (a new array of the lower-
 * cased locales to build; every folder when unset).  Faults are SH070
 * errors in `d`; returns -1 when the build cannot go on. */
int shelf_site_locale_config(const char *content_dir, const json_t *folders, char **dflt,
                             json_t **build, shelf_diags *d);

/* The notice put at the top of a page served in `reader` whose text is
 * not, or may be stale: `key` is "not_translated" or "out_of_date".
 * `reader_strings` are the reader locale's strings, `text_strings` those
 * of the language the text is in (its language_name labels the link to
 * `source_href`, NULL for none).  malloc'd HTML. */
char *shelf_site_notice(const json_t *reader_strings, const json_t *text_strings,
                        const char *reader, const char *text_locale, const char *key,
                        const char *source_href);

/* 1 when the translation with front matter `fm` was made from an older
 * version of the source file at `src_path`: its ms.openlocfilehash is not
 * the source's hash (lochash.h), or, without a hash, its ms.date is
 * before the source's.  0 otherwise, also when nothing tells. */
int shelf_site_stale(const char *src_path, const json_t *fm);

/* The links of a built site, by page ("ko-kr/a/b.html"), in the order
 * the pages were added: each page's record of its ids and links
 * (shelf_site_links_record()) and the source its diagnostics name.  Not
 * jansson objects: the parent of -j N took every page's into one, and a
 * no-change rebuild's sibling, a build with one change, still does. */
typedef struct shelf_site_page_links {
	const char *page;    /* the key in `pages` */
	char *rec;           /* malloc'd, or NULL: none */
	size_t rec_len;
	char *shown;         /* malloc'd, or NULL: the page's own path */
} shelf_site_page_links;

typedef struct shelf_site_links {
	shelf_strmap pages;  /* page -> number in v */
	shelf_site_page_links *v;
	size_t n, cap;
} shelf_site_links;

#define SHELF_SITE_LINKS_INIT {SHELF_STRMAP_INIT, NULL, 0, 0}

/* The record of the ids and links of a page with body `html`, made from
 * the file `src` and the Markdown includes `inc` (n_inc paths), all
 * relative to the content tree, so that a broken link an include wrote is
 * told at its line there: malloc'd into *rec (*len bytes); 1 when the page
 * has none (a `src` that is not UTF-8 leaves it out), -1 on OOM. */
int shelf_site_links_record(const char *html, const char *src, const char *const *inc,
                            size_t n_inc, char **rec, size_t *len);
/* Sets the record of the page `page` (pn bytes) to the n bytes at `rec`
 * (copied), or the source shown for it.  Each is taken up to a NUL, and
 * a page or value that is not UTF-8 is left out (as when these were
 * jansson strings).  0, -1 on OOM. */
int shelf_site_links_set(shelf_site_links *l, const char *page, size_t pn, const char *rec,
                         size_t n);
int shelf_site_links_set_shown(shelf_site_links *l, const char *page, size_t pn,
                               const char *shown, size_t n);
void shelf_site_links_free(shelf_site_links *l);

/* Follows every recorded relative link: a page not recorded and no file
 * in `out_dir` is SH072, a #fragment not among the target page's ids
 * SH073 (warnings, in `d`, at the link's line in the page's source shown,
 * or in the include that wrote it: then once for every page using it;
 * the sources are read below `root`, the content tree, and with `root`
 * NULL the links are told without their line).
 * `made` (n_made paths below out_dir) are the files the build writes
 * besides its pages (indexes, shelf.css, search-index.json, sitemap.xml):
 * they count as written though they may not be yet, so the check says the
 * same on a first build and runs beside their writing. */
void shelf_site_links_check(const shelf_site_links *l, const char *out_dir, const char *root,
                            const char *const *made, size_t n_made, shelf_diags *d);

/* Lists, as SH074 warnings, every key of locales/en-us.yml that another
 * locale file (below `data_dir`) lacks. */
void shelf_locale_missing_keys(const json_t *locales, const char *data_dir, shelf_diags *d);

#endif
