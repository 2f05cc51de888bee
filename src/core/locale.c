/* locale.c - UI strings per locale, with en-us fallback; see locale.h. */
#include "locale.h"
#include "buf.h"
#include "frontmatter.h"
#include "read.h"

#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

/* A locale file is a short list of labels; 256 KiB is generous. */
#define SHELF_MAX_LOCALE_BYTES ((size_t)256 * 1024)

/* Loads one locales/X.yml into `all`.  0, or -1 with *err set. */
static int
load_one(json_t *all, const char *dir, const char *name, char **err)
{
	shelf_buf path = SHELF_BUF_INIT, key = SHELF_BUF_INIT;
	shelf_diags d = SHELF_DIAGS_INIT;
	char *raw = NULL, *text = NULL, *msg;
	size_t n, len, i;
	json_t *obj = NULL;
	int rc = -1;

	shelf_buf_printf(&path, "%s/%s", dir, name);
	raw = shelf_file_slurp(shelf_buf_cstr(&path), SHELF_MAX_LOCALE_BYTES, &n, &d,
	                       shelf_buf_cstr(&path));
	if (raw)
		text = shelf_text_normalize(raw, n, &len, &d, shelf_buf_cstr(&path));
	if (text)
		obj = shelf_yaml_parse(text, len, 1, &d, shelf_buf_cstr(&path));
	if (obj == NULL || !json_is_object(obj) || shelf_diags_count(&d, SHELF_ERROR)) {
		msg = d.n ? shelf_diag_format(&d.v[0]) : NULL;
		*err = msg ? msg : strdup("cannot load locale file");
		goto done;
	}
	for (i = 0; name[i] && name[i] != '.'; i++)
		shelf_buf_putc(&key, tolower((unsigned char)name[i]));
	json_object_set(all, shelf_buf_cstr(&key), obj);
	rc = 0;
done:
	json_decref(obj);
	free(raw);
	free(text);
	shelf_buf_free(&path);
	shelf_buf_free(&key);
	shelf_diags_free(&d);
	return rc;
}

json_t *
shelf_locales_load(const char *dir, char **err)
{
	json_t *all = json_object();
	struct dirent *e;
	DIR *dp = opendir(dir);

	if (dp == NULL || all == NULL) {
		shelf_buf b = SHELF_BUF_INIT;
		shelf_buf_printf(&b, "cannot open locale folder '%s'", dir);
		*err = shelf_buf_detach(&b);
		if (dp)
			closedir(dp);
		json_decref(all);
		return NULL;
	}
	while ((e = readdir(dp)) != NULL) {
		size_t n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 4, ".yml") != 0)
			continue;
		if (load_one(all, dir, e->d_name, err) != 0) {
			closedir(dp);
			json_decref(all);
			return NULL;
		}
	}
	closedir(dp);
	return all;
}

json_t *
shelf_locale_strings(const json_t *locales, const char *locale)
{
	json_t *out = json_object(), *en, *loc;

	if (out == NULL)
		return NULL;
	en = json_object_get(locales, "en-us");
	loc = json_object_get(locales, locale);
	if (json_is_object(en))
		json_object_update(out, en);
	if (json_is_object(loc))
		json_object_update(out, loc);
	return out;
}
