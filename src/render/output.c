/*
 * output.c - stage 5: a rendered article as a page (through templates/),
 * a fragment, or a JSON description.
 *
 * Page chrome lives in templates/; this file only hands the templates the
 * doc's strings (through a view, template.h), which the engine escapes.
 */
#include "article.h"
#include "buf.h"
#include "jsonw.h"
#include "path.h"
#include "read.h"
#include "template.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- the page: page.html's data, read through a view --------------------
 *
 * The template reads the doc's own strings through shelf_tview callbacks
 * (template.h) rather than a JSON tree built and freed for every page. */

/* One <meta>: a front-matter or properties key and its value as text. */
typedef struct page_meta {
	const char *name;
	char *content;            /* shelf_meta_text(), owned */
} page_meta;

typedef struct page_view {
	const shelf_ctx *ctx;
	const shelf_doc *doc;
	page_meta *meta;
	size_t n_meta;
	const char *site_root;    /* in a site, the way up to OUT/; else NULL */
	shelf_buf css, index_href;
} page_view;

static void
tv_str(shelf_tval *out, const char *s, size_t n)
{
	out->kind = SHELF_TV_STR;
	out->s = s;
	out->n = n;
}

/* `name` (n bytes) is `lit`? */
#define NAME_IS(name, n, lit) ((n) == sizeof(lit) - 1 && memcmp((name), (lit), (n)) == 0)

static void
meta_get(const void *obj, const char *name, size_t n, shelf_tval *out)
{
	const page_meta *m = obj;

	if (NAME_IS(name, n, "name"))
		tv_str(out, m->name, strlen(m->name));
	else if (NAME_IS(name, n, "content"))
		tv_str(out, m->content, strlen(m->content));
}

static const shelf_tview meta_item_view = {meta_get, NULL};

static void
meta_item(const void *obj, size_t i, shelf_tval *out)
{
	const page_view *pv = obj;

	out->kind = SHELF_TV_OBJ;
	out->view = &meta_item_view;
	out->obj = &pv->meta[i];
}

static const shelf_tview page_list_view = {NULL, meta_item};

/* The keys page.html sees (README "Templates"). */
static void
page_get(const void *obj, const char *name, size_t n, shelf_tval *out)
{
	const page_view *pv = obj;
	const shelf_doc *doc = pv->doc;

	if (NAME_IS(name, n, "lang")) {
		tv_str(out, doc->locale, strlen(doc->locale));
	} else if (NAME_IS(name, n, "title")) {
		tv_str(out, doc->title, strlen(doc->title));
	} else if (NAME_IS(name, n, "description")) {
		/* absent, not "", so that {{#description}} leaves the tag out */
		if (doc->description && *doc->description)
			tv_str(out, doc->description, strlen(doc->description));
	} else if (NAME_IS(name, n, "meta")) {
		out->kind = SHELF_TV_LIST;
		out->view = &page_list_view;
		out->obj = pv;
		out->n = pv->n_meta;
	} else if (NAME_IS(name, n, "body")) {
		tv_str(out, doc->html, strlen(doc->html));
	} else if (NAME_IS(name, n, "generator")) {
		tv_str(out, "shelf " SHELF_VERSION, strlen("shelf " SHELF_VERSION));
	} else if (NAME_IS(name, n, "strings")) {
		if (doc->strings) {
			out->kind = SHELF_TV_JSON;
			out->json = doc->strings;
		} else {
			out->kind = SHELF_TV_STR; /* {} as was: truthy, with no keys */
			out->s = "";
		}
	} else if (NAME_IS(name, n, "css")) {
		if (pv->site_root)
			tv_str(out, shelf_buf_cstr(&pv->css), pv->css.len);
	} else if (NAME_IS(name, n, "index_href")) {
		if (pv->site_root)
			tv_str(out, shelf_buf_cstr(&pv->index_href), pv->index_href.len);
	} else if (NAME_IS(name, n, "inline_css")) {
		if (!pv->site_root && pv->ctx->css)
			tv_str(out, pv->ctx->css, pv->ctx->css_len);
	}
}

static const shelf_tview page_view_view = {page_get, NULL};

/* Adds a <meta> for every key of `obj` but description (written once, as
 * the page's meta description) whose name and text are UTF-8.  -1 on OOM. */
static int
add_meta(page_view *pv, const json_t *obj)
{
	const char *key;
	json_t *v;
	page_meta *nm;

	if (json_object_size(obj) == 0)
		return 0;
	nm = realloc(pv->meta, (pv->n_meta + json_object_size(obj)) * sizeof *nm);
	if (nm == NULL)
		return -1;
	pv->meta = nm;
	json_object_foreach((json_t *)obj, key, v) {
		char *text;
		if (strcmp(key, "description") == 0)
			continue;
		if ((text = shelf_meta_text(v)) == NULL)
			continue;
		if (!shelf_utf8_valid(key, strlen(key)) || !shelf_utf8_valid(text, strlen(text))) {
			free(text); /* as jansson refused such a string: the tag is left out */
			continue;
		}
		pv->meta[pv->n_meta].name = key;
		pv->meta[pv->n_meta++].content = text;
	}
	return 0;
}

static void
page_view_free(page_view *pv)
{
	size_t i;

	for (i = 0; i < pv->n_meta; i++)
		free(pv->meta[i].content);
	free(pv->meta);
	shelf_buf_free(&pv->css);
	shelf_buf_free(&pv->index_href);
}

/* Fills the view of `doc`'s page.  -1 on OOM, or when a string the page
 * needs is missing or not UTF-8 (the page fails, as it did when these
 * were jansson strings). */
static int
page_view_init(page_view *pv, const shelf_ctx *ctx, const shelf_doc *doc,
               const char *site_root)
{
	memset(pv, 0, sizeof *pv);
	pv->ctx = ctx;
	pv->doc = doc;
	pv->site_root = site_root;
	shelf_buf_init(&pv->css, 0);
	shelf_buf_init(&pv->index_href, 0);
	if (doc->html == NULL || doc->locale == NULL || doc->title == NULL ||
	    !shelf_utf8_valid(doc->html, strlen(doc->html)) ||
	    !shelf_utf8_valid(doc->title, strlen(doc->title)) ||
	    !shelf_utf8_valid(doc->locale, strlen(doc->locale)) ||
	    (doc->description && !shelf_utf8_valid(doc->description, strlen(doc->description))))
		return -1;
	if ((doc->front_matter && add_meta(pv, doc->front_matter) != 0) ||
	    (doc->properties && add_meta(pv, doc->properties) != 0))
		return -1;
	if (site_root) {
		shelf_buf_printf(&pv->css, "%sshelf.css", site_root);
		shelf_buf_printf(&pv->index_href, "%s%s/index.html", site_root,
		                 doc->serve_locale ? doc->serve_locale : doc->locale);
		if (pv->css.failed || pv->index_href.failed)
			return -1;
	}
	return 0;
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

/* ---- the JSON description, written as it goes --------------------------
 *
 * The description is written straight into one buffer, in the bytes
 * jansson's json_dumps(JSON_INDENT(2)) wrote for the value tree this file
 * used to build (tests/render goldens hold them), by jsonw.c: strings
 * and the trees the doc already holds (front matter, properties, the
 * data block) alike.  Where the tree lost a member or an
 * element (a NULL or invalid UTF-8 string made json_pack() or
 * json_string() fail), the writer drops it too: jw_mark()/jw_undo(). */

/* Largest JSON description: 1 GiB.  The html is at most
 * SHELF_BUF_DEFAULT_MAX and appears at most three times (html, sections,
 * issueDescription), each at most doubled by escaping (\" \n \t; control
 * characters are already gone from sanitized HTML), plus metadata. */
#define SHELF_MAX_JSON_BYTES (16 * SHELF_BUF_DEFAULT_MAX)

typedef struct jw {
	shelf_buf *b;
	int depth;       /* open containers */
	int first;       /* nothing written yet in the innermost one */
	int compact;     /* JSON_COMPACT's bytes, not JSON_INDENT(2)'s */
} jw;

typedef struct jw_mark {
	size_t len;
	int depth, first;
} jw_mark;

static jw_mark
jw_mark_at(const jw *w)
{
	jw_mark m = {w->b->len, w->depth, w->first};
	return m;
}

/* Drops what was written since `m`. */
static void
jw_undo(jw *w, jw_mark m)
{
	if (!w->b->failed)
		shelf_buf_truncate(w->b, m.len);
	w->depth = m.depth;
	w->first = m.first;
}

static void
jw_indent(jw *w, int depth)
{
	static const char spaces[] = "                                ";
	size_t n = (size_t)depth * 2;

	if (w->compact)
		return;
	shelf_buf_putc(w->b, '\n');
	for (; n > sizeof spaces - 1; n -= sizeof spaces - 1)
		shelf_buf_put(w->b, spaces, sizeof spaces - 1);
	shelf_buf_put(w->b, spaces, n);
}

/* Before a member or an element: the comma and the line break. */
static void
jw_next(jw *w)
{
	if (!w->first)
		shelf_buf_putc(w->b, ',');
	jw_indent(w, w->depth);
	w->first = 0;
}

static void
jw_open(jw *w, char c)
{
	shelf_buf_putc(w->b, c);
	w->depth++;
	w->first = 1;
}

static void
jw_close(jw *w, char c)
{
	w->depth--;
	if (!w->first)
		jw_indent(w, w->depth);
	shelf_buf_putc(w->b, c);
	w->first = 0;
}

/* `key` is one of this file's literal ASCII names. */
static void
jw_key(jw *w, const char *key)
{
	jw_next(w);
	shelf_buf_putc(w->b, '"');
	shelf_buf_puts(w->b, key);
	shelf_buf_puts(w->b, w->compact ? "\":" : "\": ");
}

/* A value tree as json_dumps(JSON_INDENT(2)) writes it at this depth;
 * NULL is null.  0, or -1 (the output is to be undone). */
static int
jw_tree(jw *w, const json_t *v)
{
	if (v == NULL) {
		shelf_buf_puts(w->b, "null");
		return 0;
	}
	return shelf_jsonw_tree(w->b, v, w->compact ? 0 : 2, w->depth);
}

/* A string.  -1 where json_string() would have failed (NULL, invalid
 * UTF-8) or on OOM; the caller undoes what it wrote. */
static int
jw_str(jw *w, const char *s)
{
	return s ? shelf_jsonw_str(w->b, s, strlen(s)) : -1;
}

static void
jw_int(jw *w, long v)
{
	if (v < 0)
		shelf_buf_putc(w->b, '-');
	shelf_buf_putu(w->b, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v);
}

/* Member "key": number. */
static void
jw_kint(jw *w, const char *key, long v)
{
	jw_key(w, key);
	jw_int(w, v);
}

/* Opens an object as the next element of an array; returns where to undo
 * to, should a member fail (the element is then left out). */
static jw_mark
jw_elem(jw *w)
{
	jw_mark m = jw_mark_at(w);

	jw_next(w);
	jw_open(w, '{');
	return m;
}

/* Members "key": string; -1 when the string fails (see jw_str). */
static int
jw_kstr(jw *w, const char *key, const char *s)
{
	jw_key(w, key);
	return jw_str(w, s);
}

/* A member whose string may fail: dropped then, as json_object_set_new()
 * dropped a NULL value. */
static void
jw_kstr_opt(jw *w, const char *key, const char *s)
{
	jw_mark m = jw_mark_at(w);

	if (jw_kstr(w, key, s) != 0)
		jw_undo(w, m);
}

/* "tokens": {name, preview, line, col, value?} in the order met. */
static void
jw_tokens(jw *w, const shelf_tokens *t)
{
	size_t i;

	jw_key(w, "tokens");
	jw_open(w, '[');
	for (i = 0; i < t->n; i++) {
		jw_mark m = jw_elem(w);
		if (jw_kstr(w, "name", t->v[i].name) || jw_kstr(w, "preview", t->v[i].preview)) {
			jw_undo(w, m);
			continue;
		}
		jw_kint(w, "line", (int)t->v[i].line);
		jw_kint(w, "col", (int)t->v[i].col);
		if (t->v[i].value)
			jw_kstr_opt(w, "value", t->v[i].value);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

/* "portalElements": [{kind, line, fields: {child: text, …}}]; fields in
 * the order written (a child given twice is there twice). */
static void
jw_elements(jw *w, const shelf_portal_elements *a)
{
	size_t i, k;

	jw_key(w, "portalElements");
	jw_open(w, '[');
	for (i = 0; i < a->n; i++) {
		const shelf_portal_element *e = &a->v[i];
		jw_mark m = jw_elem(w);
		if (jw_kstr(w, "kind", e->kind)) {
			jw_undo(w, m);
			continue;
		}
		jw_kint(w, "line", (int)e->line);
		jw_key(w, "fields");
		jw_open(w, '{');
		for (k = 0; k < e->n_fields; k++) {
			jw_mark f = jw_mark_at(w);
			if (jw_kstr(w, e->fields[k].name, e->fields[k].value))
				jw_undo(w, f);
		}
		jw_close(w, '}');
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

/* "headings": [{level, id, text, line}]. */
static void
jw_headings(jw *w, const shelf_headings *a)
{
	size_t i;

	jw_key(w, "headings");
	jw_open(w, '[');
	for (i = 0; i < a->n; i++) {
		const shelf_heading *h = &a->v[i];
		jw_mark m = jw_elem(w);
		jw_kint(w, "level", h->level);
		if (jw_kstr(w, "id", h->id) || jw_kstr(w, "text", h->text)) {
			jw_undo(w, m);
			continue;
		}
		jw_kint(w, "line", (int)h->line);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

/* "sections": [{html, id, title}] of the H2 sections. */
static void
jw_sections(jw *w, const shelf_sections *a)
{
	size_t i;

	jw_key(w, "sections");
	jw_open(w, '[');
	for (i = 0; i < a->n; i++) {
		const shelf_section *s = &a->v[i];
		jw_mark m = jw_elem(w);
		jw_key(w, "html");
		if (jw_str(w, s->html) || jw_kstr(w, "id", s->id) ||
		    jw_kstr(w, "title", s->title)) {
			jw_undo(w, m);
			continue;
		}
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

/* "issueDescription": {html, text}, or null. */
static void
jw_issue(jw *w, const shelf_issue *is)
{
	jw_mark m;

	jw_key(w, "issueDescription");
	m = jw_mark_at(w);
	if (is->present) {
		jw_open(w, '{');
		jw_key(w, "html");
		if (jw_str(w, is->html) == 0 && jw_kstr(w, "text", is->text) == 0) {
			jw_close(w, '}');
			return;
		}
		jw_undo(w, m);
	}
	shelf_buf_puts(w->b, "null");
}

/* "clouds": the clouds an article exists in: properties
 * cloudEnvironments split on ',', trimmed, lower-cased; those
 * shelf_doc_in_cloud() accepts (the filter of build and check: not in
 * disableClouds).  null for Learn articles. */
static void
jw_clouds(jw *w, const shelf_doc *doc)
{
	const char *v = shelf_doc_property(doc, "cloudEnvironments");
	shelf_buf c = SHELF_BUF_INIT;

	jw_key(w, "clouds");
	if (v == NULL) {
		shelf_buf_puts(w->b, "null");
		return;
	}
	jw_open(w, '[');
	while (*v) {
		shelf_buf_clear(&c);
		while (*v == ' ' || *v == ',' || *v == '\t')
			v++;
		while (*v && *v != ',') {
			if (*v != ' ' && *v != '\t')
				shelf_buf_putc(&c, tolower((unsigned char)*v));
			v++;
		}
		if (c.len && shelf_doc_in_cloud(doc, shelf_buf_cstr(&c))) {
			jw_mark m = jw_mark_at(w);
			jw_next(w);
			if (jw_str(w, shelf_buf_cstr(&c)) != 0)
				jw_undo(w, m);
		}
	}
	shelf_buf_free(&c);
	jw_close(w, ']');
}

/* One diagnostic: {file, line, col, severity, code, message,
 * included_from?}.  -1 (the caller drops the element) where file or
 * message is missing or not UTF-8; an include site that is not UTF-8 is
 * left out. */
static int
jw_diag(jw *w, const shelf_diag *d)
{
	char code[16];
	const char *site = d->included_from;

	snprintf(code, sizeof code, "SH%03d", (int)d->code);
	jw_open(w, '{');
	if (jw_kstr(w, "file", d->file))
		return -1;
	jw_kint(w, "line", (int)d->line);
	jw_kint(w, "col", (int)d->col);
	if (jw_kstr(w, "severity", d->severity == SHELF_ERROR ? "error" : "warning") ||
	    jw_kstr(w, "code", code) || jw_kstr(w, "message", d->message))
		return -1;
	if (site) {
		/* "included_from": ["inc/b.md:3", "a.md:12"], innermost first */
		jw_key(w, "included_from");
		jw_open(w, '[');
		while (*site) {
			size_t n = strcspn(site, "\n");
			jw_mark m = jw_mark_at(w);
			jw_next(w);
			if (shelf_jsonw_str(w->b, site, n) != 0)
				jw_undo(w, m);
			site += n + (site[n] == '\n');
		}
		jw_close(w, ']');
	}
	jw_close(w, '}');
	return 0;
}

char *
shelf_diag_json(const shelf_diag *d)
{
	shelf_buf b = SHELF_BUF_INIT;
	jw w = {&b, 0, 1, 1};

	if (jw_diag(&w, d) != 0) {
		shelf_buf_free(&b);
		return NULL;
	}
	return shelf_buf_detach(&b);
}

/* `f` below `root` (not real when `real` is 0): its part after the root,
 * else NULL.  A root that is a locale folder ("c/en-us") stands for the
 * content tree above it, which article paths are relative to. */
static const char *
below_root(const char *root, const char *f)
{
	const char *base = strrchr(root, '/');
	size_t n = strlen(root);

	base = base ? base + 1 : root;
	if (shelf_locale_name_ok(base, strlen(base)))
		n = (size_t)(base - root) - (base != root);
	if (n == 0 && root[0] == '/' && f[0] == '/')
		return f + 1; /* the tree is "/" */
	if (n == 0)
		return f[0] == '/' ? NULL : f;
	if (strncmp(f, root, n) == 0 && f[n] == '/' && f[n + 1] != '\0')
		return f + n + 1;
	return NULL;
}

/* A file the render read (or a diagnostic's), as the description names it,
 * in the form of the article's `path`: below the content tree, relative to
 * it ("en-us/includes/a.md"), so that a page built on another machine or
 * from another folder is described in the same bytes and the build
 * machine's folders are not published; for a loose file (no content tree:
 * the root is its folder, as the caller named it), joined to that folder.
 * Else as it was given.  May be built in *tmp. */
static const char *
file_shown(const shelf_doc *doc, const char *f, shelf_buf *tmp)
{
	const char *r = NULL;

	if (f == NULL)
		return f;
	if (doc->root && (r = below_root(doc->root, f)) != NULL)
		return doc->root_guessed ? f : r; /* a loose file's: named as given */
	if (doc->root_real)
		r = below_root(doc->root_real, f);
	if (r == NULL)
		return f;
	if (!doc->root_guessed)
		return r;
	shelf_buf_clear(tmp);
	if (strcmp(doc->root, ".") != 0) {
		shelf_buf_puts(tmp, doc->root);
		shelf_buf_putc(tmp, '/');
	}
	shelf_buf_puts(tmp, r);
	return tmp->failed ? f : shelf_buf_cstr(tmp);
}

/* "bladeLinks", "diagnostics", "files": arrays. */
static void
jw_lists(jw *w, const shelf_doc *doc, int which)
{
	size_t i, n = which == 0 ? doc->blade_links.n : which == 1 ? doc->diags.n : doc->n_files;
	shelf_buf tmp = SHELF_BUF_INIT;

	jw_key(w, which == 0 ? "bladeLinks" : which == 1 ? "diagnostics" : "files");
	jw_open(w, '[');
	for (i = 0; i < n; i++) {
		jw_mark m = jw_mark_at(w);
		int rc;
		jw_next(w);
		if (which == 2) {
			rc = jw_str(w, file_shown(doc, doc->files[i], &tmp));
		} else if (which == 1) {
			shelf_diag d = doc->diags.v[i];
			if (d.file && d.file[0] == '/') /* no build machine's folders */
				d.file = file_shown(doc, d.file, &tmp);
			rc = jw_diag(w, &d);
		} else {
			json_t *o = portal_link_json(&doc->blade_links.v[i]);
			rc = o ? jw_tree(w, o) : -1;
			json_decref(o);
		}
		if (rc != 0)
			jw_undo(w, m);
	}
	jw_close(w, ']');
	shelf_buf_free(&tmp);
}

/* The JSON description (schema in README "JSON output"), with its final
 * newline: the Learn fields and, for portal articles, the blade document
 * fields.  malloc'd; NULL on OOM or where the required strings (path,
 * locale, title, description) are missing or not UTF-8. */
static char *
doc_json(const shelf_doc *doc)
{
	shelf_buf b;
	jw w = {&b, 0, 1, 0};
	const json_t *props = doc->properties;

	shelf_buf_init(&b, SHELF_MAX_JSON_BYTES);
	jw_open(&w, '{');
	jw_kint(&w, "schemaVersion", 1);
	if (jw_kstr(&w, "path", doc->path) || jw_kstr(&w, "locale", doc->locale))
		goto fail;
	jw_key(&w, "articleId");
	if (jw_tree(&w, json_object_get(props, "articleId")) || jw_kstr(&w, "title", doc->title))
		goto fail;
	jw_key(&w, "selfHelpType");
	if (jw_tree(&w, json_object_get(props, "selfHelpType")) ||
	    jw_kstr(&w, "description", doc->description))
		goto fail;
	jw_key(&w, "frontMatter");
	if (jw_tree(&w, doc->front_matter))
		goto fail;
	jw_key(&w, "properties");
	if (jw_tree(&w, props))
		goto fail;
	jw_clouds(&w, doc);
	jw_headings(&w, &doc->headings);
	jw_issue(&w, &doc->issue);
	jw_sections(&w, &doc->sections);
	jw_tokens(&w, &doc->tokens);
	jw_lists(&w, doc, 0);
	jw_elements(&w, &doc->elements);
	jw_key(&w, "data");
	if (jw_tree(&w, doc->data))
		goto fail;
	jw_kstr_opt(&w, "html", doc->html);
	jw_lists(&w, doc, 1);
	jw_lists(&w, doc, 2);
	/* a fallback page: its text is in `locale`, served in serveLocale */
	if (doc->serve_locale) {
		jw_kstr_opt(&w, "serveLocale", doc->serve_locale);
		jw_kstr_opt(&w, "fallback_locale", doc->locale);
	}
	if (doc->stale) {
		jw_key(&w, "stale");
		shelf_buf_puts(&b, "true");
	}
	jw_close(&w, '}');
	shelf_buf_putc(&b, '\n');
	return shelf_buf_detach(&b);
fail:
	shelf_buf_free(&b);
	return NULL;
}

char *
shelf_doc_output(const shelf_ctx *ctx, const shelf_doc *doc, shelf_format format,
                 const char *site_root, char **err)
{
	shelf_buf out = SHELF_BUF_INIT;
	page_view pv;
	shelf_tval root;
	char *dummy = NULL;

	if (err == NULL)
		err = &dummy;
	*err = NULL;
	switch (format) {
	case SHELF_FORMAT_FRAGMENT:
		return strdup(doc->html);
	case SHELF_FORMAT_JSON:
		return doc_json(doc);
	case SHELF_FORMAT_PAGE:
	default:
		/* the body is at most SHELF_BUF_DEFAULT_MAX: room for it, the
		 * inlined stylesheet and the metadata, so that only a broken
		 * template reaches this cap (and fails: see buf.h) */
		shelf_buf_init(&out, 2 * SHELF_BUF_DEFAULT_MAX);
		if (page_view_init(&pv, ctx, doc, site_root) != 0) {
			page_view_free(&pv);
			shelf_buf_free(&out);
			free(dummy);
			return NULL;
		}
		memset(&root, 0, sizeof root);
		root.kind = SHELF_TV_OBJ;
		root.view = &page_view_view;
		root.obj = &pv;
		if (shelf_tmpl_render_view(ctx->tmpl, "page", &root,
		                           strlen(doc->html) + (site_root ? 0 : ctx->css_len),
		                           &out, err) != 0) {
			page_view_free(&pv);
			shelf_buf_free(&out);
			free(dummy);
			return NULL;
		}
		page_view_free(&pv);
		return shelf_buf_detach(&out);
	}
}
