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

/* Records the ids and links of the page written at `out_rel` (below the
 * output folder) with body `html`, made from the file `src`, in `map`. */
void shelf_site_links_add(json_t *map, const char *out_rel, const char *html,
                          const char *src);

/* Follows every recorded relative link: a page not recorded and no file
 * in `out_dir` is SH072, a #fragment not among the target page's ids
 * SH073 (warnings, in `d`, naming the page `src_of` maps its out_rel to). */
void shelf_site_links_check(const json_t *map, const char *out_dir, const json_t *src_of,
                            shelf_diags *d);

/* Lists, as SH074 warnings, every key of locales/en-us.yml that another
 * locale file (below `data_dir`) lacks. */
void shelf_locale_missing_keys(const json_t *locales, const char *data_dir, shelf_diags *d);



/* The twin of `path` in the default locale's folder (`dflt`, NULL:
 * en-us) beside the locale folder `root` (a real path, such as
 * /x/content/ko-kr): /x/content/en-us/<the rest>, or NULL when `root` is
 * not a locale folder other than the default or `path` is not below it.
 * What images, videos and code snippets fall back to, as includes do.
 * *twin_root, when not NULL, gets the default locale's folder.  malloc'd. */
char *shelf_locale_twin(const char *root, const char *dflt, const char *path,
                        char **twin_root);

/* The default locale's folder (`dflt`, NULL: en-us; its name matched
 * case-insensitively) beside the locale folder `root`, or NULL when `root`
 * is not a locale folder other than the default.  malloc'd. */
char *shelf_locale_default_root(const char *root, const char *dflt);

#endif
