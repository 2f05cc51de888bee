/*
 * output.c - stage 5: a rendered article as a page (through templates/),
 * a fragment, or a JSON description.
 *
 * Page chrome lives in templates/; this file only assembles the data the
 * templates see, as JSON values that the template engine escapes.
 */
#include "article.h"
#include "buf.h"
#include "template.h"

#include <stdlib.h>
#include <string.h>

/* Adds {name, content} for every key of `obj` to `meta`. */
static void
add_meta(json_t *meta, const json_t *obj)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)obj, key, v) {
		char *text;
		if (strcmp(key, "description") == 0)
			continue; /* written once, as the page's meta description */
		text = shelf_meta_text(v);
		if (text)
			json_array_append_new(meta, json_pack("{s:s, s:s}", "name", key,
			                                       "content", text));
		free(text);
	}
}

/* The data page.html sees (documented in README "Templates"). */
static json_t *
page_data(const shelf_ctx *ctx, const shelf_doc *doc, const char *site_root)
{
	json_t *meta = json_array(), *data;
	shelf_buf b = SHELF_BUF_INIT;

	if (meta == NULL)
		return NULL;
	if (doc->front_matter)
		add_meta(meta, doc->front_matter);
	if (doc->properties)
		add_meta(meta, doc->properties);
	data = json_pack("{s:s, s:s, s:o, s:s, s:s, s:O}",
	                 "lang", doc->locale, "title", doc->title, "meta", meta,
	                 "body", doc->html, "generator", "shelf " SHELF_VERSION,
	                 "strings", doc->strings ? doc->strings : json_object());
	if (data == NULL)
		return NULL;
	/* absent, not "", so that {{#description}} leaves the tag out */
	if (doc->description && *doc->description)
		json_object_set_new(data, "description", json_string(doc->description));
	if (site_root) {
		shelf_buf_printf(&b, "%sshelf.css", site_root);
		json_object_set_new(data, "css", json_string(shelf_buf_cstr(&b)));
		shelf_buf_clear(&b);
		shelf_buf_printf(&b, "%s%s/index.html", site_root, doc->locale);
		json_object_set_new(data, "index_href", json_string(shelf_buf_cstr(&b)));
	} else if (ctx->css) {
		json_object_set_new(data, "inline_css", json_stringn(ctx->css, ctx->css_len));
	}
	shelf_buf_free(&b);
	return data;
}

static json_t *
diags_json(const shelf_doc *doc)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr && i < doc->diags.n; i++) {
		const shelf_diag *d = &doc->diags.v[i];
		char code[16];
		snprintf(code, sizeof code, "SH%03d", (int)d->code);
		json_array_append_new(arr, json_pack(
			"{s:s, s:i, s:i, s:s, s:s, s:s}", "file", d->file,
			"line", (int)d->line, "col", (int)d->col,
			"severity", d->severity == SHELF_ERROR ? "error" : "warning",
			"code", code, "message", d->message));
	}
	return arr;
}

/* The JSON description (schema in README "JSON output"). */
static json_t *
doc_json(const shelf_doc *doc)
{
	json_t *files = json_array();
	size_t i;

	for (i = 0; files && i < doc->n_files; i++)
		json_array_append_new(files, json_string(doc->files[i]));
	return json_pack("{s:i, s:s, s:s, s:s, s:s, s:O?, s:O?, s:O, s:s, s:o, s:o}",
	                 "schemaVersion", 1, "path", doc->path, "locale", doc->locale,
	                 "title", doc->title, "description", doc->description,
	                 "frontMatter", doc->front_matter,
	                 "properties", doc->properties,
	                 "headings", doc->headings, "html", doc->html,
	                 "diagnostics", diags_json(doc), "files", files);
}

char *
shelf_doc_output(const shelf_ctx *ctx, const shelf_doc *doc, shelf_format format,
                 const char *site_root, char **err)
{
	shelf_buf out = SHELF_BUF_INIT;
	json_t *data;
	char *s, *dummy = NULL;

	if (err == NULL)
		err = &dummy;
	*err = NULL;
	switch (format) {
	case SHELF_FORMAT_FRAGMENT:
		return strdup(doc->html);
	case SHELF_FORMAT_JSON:
		data = doc_json(doc);
		s = data ? json_dumps(data, JSON_INDENT(2)) : NULL;
		json_decref(data);
		if (s) {
			size_t n = strlen(s);
			char *t = realloc(s, n + 2);
			if (t) {
				t[n] = '\n';
				t[n + 1] = '\0';
				s = t;
			}
		}
		return s;
	case SHELF_FORMAT_PAGE:
	default:
		data = page_data(ctx, doc, site_root);
		if (data == NULL || shelf_tmpl_render(ctx->tmpl, "page", data, &out, err) != 0) {
			json_decref(data);
			shelf_buf_free(&out);
			free(dummy);
			return NULL;
		}
		json_decref(data);
		return shelf_buf_detach(&out);
	}
}
