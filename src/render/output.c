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

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Adds {name, content} for every key of `obj` to `meta`. */
/* The token list of the JSON description: {name, preview, line, col,
 * value?} in the order met. */
static json_t *
tokens_json(const shelf_tokens *t)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr && i < t->n; i++) {
		json_t *o = json_pack("{s:s, s:s, s:i, s:i}", "name", t->v[i].name,
		                      "preview", t->v[i].preview, "line", (int)t->v[i].line,
		                      "col", (int)t->v[i].col);
		if (o && t->v[i].value)
			json_object_set_new(o, "value", json_string(t->v[i].value));
		json_array_append_new(arr, o);
	}
	return arr;
}

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
		shelf_buf_printf(&b, "%s%s/index.html", site_root,
		                 doc->serve_locale ? doc->serve_locale : doc->locale);
		json_object_set_new(data, "index_href", json_string(shelf_buf_cstr(&b)));
	} else if (ctx->css) {
		json_object_set_new(data, "inline_css", json_stringn(ctx->css, ctx->css_len));
	}
	shelf_buf_free(&b);
	return data;
}

static json_t *
diag_object(const shelf_diag *d)
{
	char code[16];
	const char *site = d->included_from;
	json_t *o, *sites;

	snprintf(code, sizeof code, "SH%03d", (int)d->code);
	o = json_pack("{s:s, s:i, s:i, s:s, s:s, s:s}", "file", d->file,
	              "line", (int)d->line, "col", (int)d->col,
	              "severity", d->severity == SHELF_ERROR ? "error" : "warning",
	              "code", code, "message", d->message);
	if (o == NULL || site == NULL)
		return o;
	/* "included_from": ["inc/b.md:3", "a.md:12"], innermost first */
	sites = json_array();
	while (*site) {
		size_t n = strcspn(site, "\n");
		json_array_append_new(sites, json_stringn(site, n));
		site += n + (site[n] == '\n');
	}
	json_object_set_new(o, "included_from", sites);
	return o;
}

char *
shelf_diag_json(const shelf_diag *d)
{
	json_t *o = diag_object(d);
	char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;

	json_decref(o);
	return s;
}

static json_t *
diags_json(const shelf_doc *doc)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr && i < doc->diags.n; i++)
		json_array_append_new(arr, diag_object(&doc->diags.v[i]));
	return arr;
}

/* The clouds an article exists in: properties cloudEnvironments split on
 * ',', trimmed, lower-cased; those shelf_doc_in_cloud() accepts (the
 * filter of build and check: not in disableClouds).  NULL for Learn
 * articles. */
static json_t *
clouds_json(const shelf_doc *doc)
{
	const char *v = shelf_doc_property(doc, "cloudEnvironments");
	json_t *arr;

	if (v == NULL)
		return json_null();
	arr = json_array();
	while (*v) {
		shelf_buf c = SHELF_BUF_INIT;
		while (*v == ' ' || *v == ',' || *v == '\t')
			v++;
		while (*v && *v != ',') {
			if (*v != ' ' && *v != '\t')
				shelf_buf_putc(&c, tolower((unsigned char)*v));
			v++;
		}
		if (c.len && shelf_doc_in_cloud(doc, shelf_buf_cstr(&c)))
			json_array_append_new(arr, json_string(shelf_buf_cstr(&c)));
		shelf_buf_free(&c);
	}
	return arr;
}

/* [{level, id, text, line}] of the headings. */
static json_t *
headings_json(const shelf_headings *a)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr && i < a->n; i++) {
		const shelf_heading *h = &a->v[i];
		json_t *o = json_pack("{s:i, s:s, s:s, s:i}", "level", h->level, "id", h->id,
		                      "text", h->text, "line", (int)h->line);
		if (o)
			json_array_append_new(arr, o);
	}
	return arr;
}

/* One portal link: {kind, extension, blade, params, fallback?, line}, or
 * {kind: "invalid", raw, error, line}; NULL on OOM or invalid UTF-8. */
static json_t *
portal_link_json(const shelf_portal_link *l)
{
	json_t *params;
	size_t i;

	if (l->raw)
		return json_pack("{s:s, s:s, s:s, s:i}", "kind", l->kind, "raw", l->raw,
		                 "error", l->error, "line", (int)l->line);
	if ((params = json_object()) == NULL)
		return NULL;
	for (i = 0; i < l->n_params; i++)
		json_object_set_new(params, l->params[i].name, json_string(l->params[i].value));
	return json_pack("{s:s, s:s, s:s, s:o, s:s?, s:i}", "kind", l->kind,
	                 "extension", l->extension, "blade", l->blade, "params", params,
	                 "fallback", l->fallback, "line", (int)l->line);
}

/* The blade document's bladeLinks array. */
static json_t *
portal_links_json(const shelf_portal_links *a)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr && i < a->n; i++) {
		json_t *o = portal_link_json(&a->v[i]);
		if (o)
			json_array_append_new(arr, o);
	}
	return arr;
}

/* [{html, id, title}] of the H2 sections. */
static json_t *
sections_json(const shelf_sections *a)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr && i < a->n; i++) {
		const shelf_section *s = &a->v[i];
		json_t *o = json_pack("{s:s, s:s, s:s}", "html", s->html, "id", s->id,
		                      "title", s->title);
		if (o)
			json_array_append_new(arr, o);
	}
	return arr;
}

/* {html, text} of the issueDescription, or null. */
static json_t *
issue_json(const shelf_issue *i)
{
	json_t *o = NULL;

	if (i->present)
		o = json_pack("{s:s, s:s}", "html", i->html, "text", i->text);
	return o ? o : json_null();
}

/* The JSON description (schema in README "JSON output"): the Learn
 * fields and, for portal articles, the blade document fields. */
static json_t *
doc_json(const shelf_doc *doc)
{
	json_t *files = json_array(), *o;
	json_t *props = doc->properties;
	size_t i;

	for (i = 0; files && i < doc->n_files; i++)
		json_array_append_new(files, json_string(doc->files[i]));
	o = json_pack("{s:i, s:s, s:s, s:O?, s:s, s:O?, s:s, s:O?, s:O?, s:o}",
	              "schemaVersion", 1, "path", doc->path, "locale", doc->locale,
	              "articleId", json_object_get(props, "articleId"),
	              "title", doc->title,
	              "selfHelpType", json_object_get(props, "selfHelpType"),
	              "description", doc->description,
	              "frontMatter", doc->front_matter, "properties", props,
	              "clouds", clouds_json(doc));
	if (o == NULL)
		return NULL;
	json_object_set_new(o, "headings", headings_json(&doc->headings));
	json_object_set_new(o, "issueDescription", issue_json(&doc->issue));
	json_object_set_new(o, "sections", sections_json(&doc->sections));
	json_object_set_new(o, "tokens", tokens_json(&doc->tokens));
	json_object_set_new(o, "bladeLinks", portal_links_json(&doc->blade_links));
	json_object_set(o, "data", doc->data ? doc->data : json_null());
	json_object_set_new(o, "html", json_string(doc->html));
	json_object_set_new(o, "diagnostics", diags_json(doc));
	json_object_set_new(o, "files", files);
	/* a fallback page: its text is in `locale`, served in serveLocale */
	if (doc->serve_locale) {
		json_object_set_new(o, "serveLocale", json_string(doc->serve_locale));
		json_object_set_new(o, "fallback_locale", json_string(doc->locale));
	}
	if (doc->stale)
		json_object_set_new(o, "stale", json_true());
	return o;
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
		/* the body is at most SHELF_BUF_DEFAULT_MAX: room for it, the
		 * inlined stylesheet and the metadata, so that only a broken
		 * template reaches this cap (and fails: see buf.h) */
		shelf_buf_init(&out, 2 * SHELF_BUF_DEFAULT_MAX);
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
