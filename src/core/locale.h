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

#endif
