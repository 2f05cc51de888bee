/*
 * locale.h - UI strings (alert titles, section labels) from locales/.
 */
#ifndef SHELF_LOCALE_H
#define SHELF_LOCALE_H

#include <jansson.h>
#include "diag.h"

/* Loads every locales/<name>.yml below `dir` into an object keyed by the
 * lower-cased locale name.  Returns NULL and a malloc'd *err on failure. */
json_t *shelf_locales_load(const char *dir, char **err);

/* The strings of `locale` with every missing key taken from en-us: a new
 * object (caller decrefs), never NULL unless out of memory. */
json_t *shelf_locale_strings(const json_t *locales, const char *locale);

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
