/*
 * article.c - the pipeline for one article, and the context it runs in.
 *
 * shelf_render_file() is a pure function of its inputs and the files it
 * reads (each one recorded on the document): it writes nothing and keeps
 * no state between calls, so a site build can run it anywhere.
 */
#include "article.h"
#include "buf.h"
#include "lint.h"
#include "locale.h"
#include "markdown.h"
#include "path.h"
#include "read.h"
#include "include.h"
#include "render.h"
#include "sections.h"
#include "split.h"
#include "frontmatter.h"

#include <ctype.h>
#include <dirent.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifndef SHELF_DATADIR
#define SHELF_DATADIR "/usr/local/share/shelf"
#endif


/* ---- context --------------------------------------------------------- */

/* Compiles each templates/NAME.html as template NAME, and keeps
 * templates/shelf.css.  0, or -1 with *err set. */
static int
load_templates(shelf_ctx *ctx, const char *dir, char **err)
{
	shelf_diags d = SHELF_DIAGS_INIT;
	shelf_buf path = SHELF_BUF_INIT;
	struct dirent *e;
	DIR *dp = opendir(dir);
	int rc = -1;

	if (dp == NULL) {
		shelf_buf_printf(&path, "cannot open template folder '%s'", dir);
		*err = shelf_buf_detach(&path);
		return -1;
	}
	while ((e = readdir(dp)) != NULL) {
		size_t n = strlen(e->d_name), len;
		char *src;
		shelf_buf_clear(&path);
		shelf_buf_printf(&path, "%s/%s", dir, e->d_name);
		if (n > 4 && strcmp(e->d_name + n - 4, ".css") == 0 &&
		    strcmp(e->d_name, "shelf.css") == 0) {
			ctx->css = shelf_file_slurp(shelf_buf_cstr(&path),
			                            SHELF_MAX_TEMPLATE_BYTES, &ctx->css_len,
			                            &d, shelf_buf_cstr(&path));
			continue;
		}
		if (n < 6 || strcmp(e->d_name + n - 5, ".html") != 0)
			continue;
		src = shelf_file_slurp(shelf_buf_cstr(&path), SHELF_MAX_TEMPLATE_BYTES,
		                       &len, &d, shelf_buf_cstr(&path));
		if (src == NULL)
			goto done;
		e->d_name[n - 5] = '\0';
		if (shelf_tmpl_add(ctx->tmpl, e->d_name, src, len, err) != 0) {
			free(src);
			goto out;
		}
		free(src);
	}
	if (!shelf_tmpl_has(ctx->tmpl, "page") || !shelf_tmpl_has(ctx->tmpl, "index")) {
		shelf_buf_clear(&path);
		shelf_buf_printf(&path, "'%s' lacks page.html or index.html", dir);
		*err = shelf_buf_detach(&path);
		goto out;
	}
	rc = 0;
done:
	if (rc != 0 && d.n)
		*err = shelf_diag_format(&d.v[0]);
out:
	closedir(dp);
	shelf_buf_free(&path);
	shelf_diags_free(&d);
	return rc;
}

shelf_ctx *
shelf_ctx_new(const char *data_dir, char **err)
{
	shelf_ctx *ctx = calloc(1, sizeof *ctx);
	shelf_buf dir = SHELF_BUF_INIT;
	char *dummy = NULL;

	if (err == NULL)
		err = &dummy;
	*err = NULL;
	if (ctx == NULL)
		return NULL;
	shelf_markdown_init();
	ctx->data_dir = strdup(data_dir ? data_dir : SHELF_DATADIR);
	ctx->tmpl = shelf_tmpl_new();
	if (ctx->data_dir == NULL || ctx->tmpl == NULL)
		goto fail;
	shelf_buf_printf(&dir, "%s/templates", ctx->data_dir);
	if (load_templates(ctx, shelf_buf_cstr(&dir), err) != 0)
		goto fail;
	shelf_buf_clear(&dir);
	shelf_buf_printf(&dir, "%s/locales", ctx->data_dir);
	ctx->locales = shelf_locales_load(shelf_buf_cstr(&dir), err);
	if (ctx->locales == NULL || (ctx->strings = json_object()) == NULL)
		goto fail;
	{
		const char *name;
		json_t *v;
		json_object_foreach(ctx->locales, name, v)
			if (json_object_set_new(ctx->strings, name,
			                        shelf_locale_strings(ctx->locales, name)) != 0)
				goto fail;
	}
	shelf_buf_free(&dir);
	return ctx;
fail:
	shelf_buf_free(&dir);
	shelf_ctx_free(ctx);
	free(dummy);
	return NULL;
}

void
shelf_ctx_free(shelf_ctx *ctx)
{
	if (ctx == NULL)
		return;
	free(ctx->data_dir);
	shelf_tmpl_free(ctx->tmpl);
	json_decref(ctx->locales);
	json_decref(ctx->strings);
	free(ctx->css);
	free(ctx);
}

/* ---- document accessors ---------------------------------------------- */

static int
add_path(char ***v, size_t *n, const char *path)
{
	char **nv = realloc(*v, (*n + 1) * sizeof *nv);

	if (nv == NULL)
		return -1;
	*v = nv;
	if ((nv[*n] = strdup(path)) == NULL)
		return -1;
	(*n)++;
	return 0;
}

int
shelf_doc_add_looked(shelf_doc *doc, const char *path)
{
	return add_path(&doc->looked, &doc->n_looked, path);
}

int
shelf_doc_add_file(shelf_doc *doc, const char *path)
{
	return add_path(&doc->files, &doc->n_files, path);
}

char *
shelf_meta_text(const json_t *v)
{
	shelf_buf b = SHELF_BUF_INIT;
	size_t i;
	json_t *item;

	if (json_is_string(v))
		return strdup(json_string_value(v));
	if (json_is_array(v)) {
		json_array_foreach(v, i, item) {
			char *t = shelf_meta_text(item);
			if (i)
				shelf_buf_puts(&b, ", ");
			if (t)
				shelf_buf_puts(&b, t);
			free(t);
		}
		return shelf_buf_detach(&b);
	}
	return json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
}

void
shelf_doc_free(shelf_doc *doc)
{
	size_t i;

	if (doc == NULL)
		return;
	free(doc->path);
	free(doc->locale);
	free(doc->serve_locale);
	free(doc->prefer_root);
	free(doc->root);
	free(doc->root_real);
	free(doc->base_url);
	free(doc->title);
	free(doc->description);
	free(doc->html);
	json_decref(doc->front_matter);
	json_decref(doc->properties);
	shelf_headings_free(&doc->headings);
	json_decref(doc->strings);
	json_decref(doc->vars);
	shelf_tokens_free(&doc->tokens);
	shelf_portal_free(&doc->portal);
	shelf_portal_links_free(&doc->blade_links);
	shelf_portal_elements_free(&doc->elements);
	shelf_blocks_free(&doc->blocks);
	json_decref(doc->data);
	shelf_sections_free(&doc->sections);
	shelf_issue_free(&doc->issue);
	json_decref(doc->config);
	shelf_diags_free(&doc->diags);
	for (i = 0; i < doc->n_files; i++)
		free(doc->files[i]);
	free(doc->files);
	for (i = 0; i < doc->n_looked; i++)
		free(doc->looked[i]);
	free(doc->looked);
	free(doc);
}

const char *shelf_doc_html(const shelf_doc *doc) { return doc->html ? doc->html : ""; }
const char *shelf_doc_title(const shelf_doc *doc) { return doc->title ? doc->title : ""; }
const char *shelf_doc_locale(const shelf_doc *doc) { return doc->locale ? doc->locale : "en-us"; }
const char *shelf_doc_path(const shelf_doc *doc) { return doc->path ? doc->path : ""; }
size_t shelf_doc_diag_count(const shelf_doc *doc) { return doc->diags.n; }

const char *
shelf_doc_property(const shelf_doc *doc, const char *name)
{
	return json_string_value(json_object_get(doc->properties, name));
}

const char *
shelf_doc_article_id(const shelf_doc *doc)
{
	return shelf_doc_property(doc, "articleId");
}

/* 1 when `word` is an item of the comma list `list`, case and blanks
 * ignored ("public, FairFax,usnat"). */
static int
in_list(const char *list, const char *word)
{
	size_t n = strlen(word);

	while (list && *list) {
		while (*list == ' ' || *list == ',' || *list == '\t')
			list++;
		if (strncasecmp(list, word, n) == 0) {
			const char *e = list + n;
			while (*e == ' ' || *e == '\t')
				e++;
			if (*e == ',' || *e == '\0')
				return 1;
		}
		while (*list && *list != ',')
			list++;
	}
	return 0;
}

int
shelf_doc_in_cloud(const shelf_doc *doc, const char *cloud)
{
	const char *on = shelf_doc_property(doc, "cloudEnvironments");
	const char *off = shelf_doc_property(doc, "disableClouds");

	if (doc->properties == NULL || on == NULL)
		return 1;
	return in_list(on, cloud) && !in_list(off, cloud);
}
size_t shelf_doc_file_count(const shelf_doc *doc) { return doc->n_files; }

const shelf_diag *
shelf_doc_diag(const shelf_doc *doc, size_t i)
{
	return i < doc->diags.n ? &doc->diags.v[i] : NULL;
}

size_t
shelf_doc_count(const shelf_doc *doc, shelf_severity sev)
{
	return shelf_diags_count(&doc->diags, sev);
}

const char *
shelf_doc_file(const shelf_doc *doc, size_t i)
{
	return i < doc->n_files ? doc->files[i] : NULL;
}

/* ---- the pipeline ---------------------------------------------------- */

/* The UI strings of `locale` (a new reference): the context's merged
 * object when the locale has a file, else merged now. */
static json_t *
doc_strings(const shelf_ctx *ctx, const char *locale)
{
	json_t *s = locale ? json_object_get(ctx->strings, locale) : NULL;

	return s ? json_incref(s) : shelf_locale_strings(ctx->locales, locale);
}

/* Decides locale and content root (see shelf_options). */
static void
resolve_place(shelf_doc *doc, const char *path, const shelf_options *opt)
{
	char folder_locale[16] = "";
	char *lroot = shelf_path_locale_root(path, folder_locale);
	const char *fm_locale = NULL;
	json_t *v;
	size_t i;

	doc->root = opt && opt->root ? strdup(opt->root)
	          : lroot ? strdup(lroot) : shelf_path_dirname(path);
	doc->root_guessed = !(opt && opt->root) && lroot == NULL;
	v = json_object_get(doc->front_matter, "ms.contentlocale");
	if (json_is_string(v) &&
	    shelf_locale_name_ok(json_string_value(v), strlen(json_string_value(v))))
		fm_locale = json_string_value(v);
	if (opt && opt->locale)
		doc->locale = strdup(opt->locale);
	else if (folder_locale[0])
		doc->locale = strdup(folder_locale);
	else
		doc->locale = strdup(fm_locale ? fm_locale : "en-us");
	for (i = 0; doc->locale && doc->locale[i]; i++)
		doc->locale[i] = (char)tolower((unsigned char)doc->locale[i]);
	free(lroot);
}

/* A metadata title with its portal tokens substituted as plain text (the
 * value, else the preview): `<title>` must not show a raw <!--$name-->
 * marker.  The template escapes the result.  Faults of the markers were
 * already reported where the body has them, or are harmless here, so the
 * scan's diagnostics are not kept.  malloc'd, NULL on OOM. */
static char *
title_tokens(const shelf_doc *doc, const char *title)
{
	shelf_tokens t;
	shelf_diags scratch = SHELF_DIAGS_INIT;
	shelf_buf out = SHELF_BUF_INIT;
	size_t n;
	char *scanned;

	if (strstr(title, "<!--") == NULL)
		return strdup(title);
	memset(&t, 0, sizeof t);
	t.missing = SHELF_MISSING_KEEP;
	scanned = shelf_tokens_scan(title, strlen(title), &n, &t, doc->vars, &scratch, doc->path);
	if (scanned)
		shelf_tokens_expand(&t, scanned, n, SHELF_TOK_PLAIN, &out);
	free(scanned);
	shelf_tokens_free(&t);
	shelf_diags_free(&scratch);
	return scanned ? shelf_buf_detach(&out) : NULL;
}

/* Title and description from front matter, then properties, then the first
 * H1, then the file name. */
static void
resolve_title(shelf_doc *doc, const char *first_h1)
{
	const json_t *srcs[2] = {doc->front_matter, doc->properties};
	const char *tkeys[2] = {"title", "pageTitle"};
	size_t i;

	for (i = 0; i < 2 && doc->title == NULL; i++) {
		json_t *v = json_object_get(srcs[i], tkeys[i]);
		if (json_is_string(v) && *json_string_value(v))
			doc->title = title_tokens(doc, json_string_value(v));
	}
	if (doc->title == NULL && first_h1 && *first_h1)
		doc->title = strdup(first_h1);
	/* an include is a fragment of a page: it needs no title */
	if (doc->title == NULL && strstr(doc->path, "includes/") == NULL) {
		shelf_diags_add(&doc->diags, SHELF_W_NO_TITLE, SHELF_WARNING, doc->path, 1, 1,
		                "no title: no 'title' in front matter, no 'pageTitle' property and no H1");
		doc->title = strdup(shelf_path_basename(doc->path));
	}
	for (i = 0; i < 2 && doc->description == NULL; i++) {
		json_t *v = json_object_get(srcs[i], "description");
		if (json_is_string(v))
			doc->description = strdup(json_string_value(v));
	}
	if (doc->description == NULL)
		doc->description = strdup("");
}

/* The content tree's shelf.yml is read from the folder above the locale
 * folder (content/shelf.yml); a cap of 64 KiB, it is a short settings file. */
#define SHELF_MAX_CONFIG_BYTES ((size_t)64 * 1024)

const char *
shelf_base_url_check(const char *url)
{
	const char *host, *p;

	if (strncasecmp(url, "https://", 8) == 0)
		host = url + 8;
	else if (strncasecmp(url, "http://", 7) == 0)
		host = url + 7;
	else
		return "it must start with http:// or https://";
	if (*host == '\0' || *host == '/')
		return "it names no host";
	for (p = url; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '"' || *p == '\'' || *p == '<' ||
		    *p == '>' || *p == '\\' || *p == 0x7f)
			return "it holds a blank, quote, '<', '>' or backslash";
		else if (*p == '?' || *p == '#')
			return "it holds a query or fragment ('?' or '#')";
	return NULL;
}

/* base_url: the caller's, else shelf.yml's (checked; a bad one is an
 * error and is not used). */
static void
resolve_base_url(shelf_doc *doc, const shelf_options *opt, const char *cfg)
{
	json_t *v = json_object_get(doc->config, "base_url");
	const char *why;

	if (opt && opt->base_url) {
		doc->base_url = strdup(opt->base_url);
		return;
	}
	if (v == NULL || json_is_null(v))
		return;
	if (!json_is_string(v)) {
		shelf_diags_add(&doc->diags, SHELF_E_BASE_URL, SHELF_ERROR, cfg, 0, 0,
		                "base_url is not a string; write base_url: https://host/path");
		return;
	}
	if ((why = shelf_base_url_check(json_string_value(v))) != NULL) {
		shelf_diags_add(&doc->diags, SHELF_E_BASE_URL, SHELF_ERROR, cfg, 0, 0,
		                "base_url '%.200s' is not usable: %s; write base_url: "
		                "https://host/path (site-absolute links stay as written)",
		                json_string_value(v), why);
		return;
	}
	doc->base_url = strdup(json_string_value(v));
}

/* Records the value of token `name`; a later pair for the same name wins.
 * A name or value that is not valid UTF-8 is not dropped in silence: the
 * bad bytes become U+FFFD and SH220 says so. */
static void
set_var(shelf_doc *doc, const char *name, const char *value)
{
	shelf_diags scratch = SHELF_DIAGS_INIT;
	char *n2 = NULL, *v2 = NULL;
	json_t *v = json_string(value), *old;
	const char *key;
	void *tmp;
	size_t len;

	/* names match case-insensitively, so VMName and vmname are one token */
	json_object_foreach_safe(doc->vars, tmp, key, old)
		if (strcasecmp(key, name) == 0)
			json_object_del(doc->vars, key);
	if (v && json_object_set_new(doc->vars, name, v) == 0)
		return;
	/* json_object_set_new() has released v on failure */
	n2 = shelf_text_normalize(name, strlen(name), &len, &scratch, "");
	v2 = shelf_text_normalize(value, strlen(value), &len, &scratch, "");
	shelf_diags_free(&scratch);
	if (n2 == NULL || v2 == NULL ||
	    json_object_set_new(doc->vars, n2, json_string(v2)) != 0)
		shelf_diags_add(&doc->diags, SHELF_E_OUTPUT_FAILED, SHELF_ERROR, doc->path, 0, 0,
		                "out of memory storing the value of token '%s'", n2 ? n2 : "?");
	else
		shelf_diags_add(&doc->diags, SHELF_W_TOKEN_VALUE_UTF8, SHELF_WARNING, doc->path,
		                0, 0, "the value given for token '%s' is not valid UTF-8: its "
		                "invalid bytes were replaced by U+FFFD; give the value in UTF-8",
		                n2);
	free(n2);
	free(v2);
}

/* Reads the shelf.yml at `cfg` into *tree (NULL when unreadable),
 * reporting in `d`.  1 when it is a regular file, else 0. */
static int
config_read(const char *cfg, json_t **tree, shelf_diags *d)
{
	struct stat st;
	size_t n, len;
	char *raw, *text;

	*tree = NULL;
	if (stat(cfg, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	raw = shelf_file_slurp(cfg, SHELF_MAX_CONFIG_BYTES, &n, d, cfg);
	text = raw ? shelf_text_normalize(raw, n, &len, d, cfg) : NULL;
	if (text)
		*tree = shelf_yaml_parse(text, len, 1, d, cfg);
	free(raw);
	free(text);
	return 1;
}

/* doc->config from the shelf.yml at `cfg`, with what reading it
 * reported: read for this article, or once for the build (doc->cache). */
static void
config_load(shelf_doc *doc, const char *cfg)
{
	shelf_render_cache *c = doc->cache;
	size_t i;

	if (c && c->cfg_path == NULL && (c->cfg_path = strdup(cfg)) != NULL) {
		c->cfg_found = config_read(cfg, &c->cfg, &c->cfg_diags);
		/* replaying a list that hit its cap would not drop the same ones */
		c->cfg_off = c->cfg_diags.dropped != 0;
	}
	if (c == NULL || c->cfg_path == NULL || c->cfg_off || strcmp(c->cfg_path, cfg) != 0) {
		if (config_read(cfg, &doc->config, &doc->diags))
			shelf_doc_add_file(doc, cfg);
		return;
	}
	if (!c->cfg_found)
		return;
	shelf_doc_add_file(doc, cfg);
	for (i = 0; i < c->cfg_diags.n; i++)
		shelf_diags_push(&doc->diags, &c->cfg_diags.v[i]);
	doc->config = json_incref(c->cfg);
}

void
shelf_render_cache_free(shelf_render_cache *c)
{
	if (c == NULL)
		return;
	free(c->cfg_path);
	json_decref(c->cfg);
	shelf_diags_free(&c->cfg_diags);
	free(c->root);
	free(c->root_real);
	free(c->prefer);
	free(c->prefer_real);
	memset(c, 0, sizeof *c);
}

/* Token values, portal context and the content tree's shelf.yml. */
static void
load_config(shelf_doc *doc, const shelf_options *opt)
{
	const char *base = shelf_path_basename(doc->root);
	char *dir = shelf_locale_name_ok(base, strlen(base)) ? shelf_path_dirname(doc->root)
	                                                     : strdup(doc->root);
	char *cfg = dir ? shelf_path_join(dir, "shelf.yml") : NULL;
	size_t i;

	doc->vars = json_object();
	for (i = 0; opt && opt->vars && opt->vars[i] && opt->vars[i + 1]; i += 2)
		set_var(doc, opt->vars[i], opt->vars[i + 1]);
	doc->tokens.missing = opt ? opt->missing : SHELF_MISSING_KEEP;
	doc->site_links = opt ? opt->site_links : 0;
	if (cfg)
		config_load(doc, cfg);
	resolve_base_url(doc, opt, cfg);
	shelf_portal_init(&doc->portal, opt ? opt->resource_id : NULL, opt ? opt->cloud : NULL,
	                  doc->config);
	free(dir);
	free(cfg);
}

/* The body could not be rendered whole: say why (SH055 for the size cap,
 * SH056 otherwise) and keep no part of it, so that no caller writes a
 * fragment cut off mid-way as if it were the article. */
static void
body_failed(shelf_doc *doc, shelf_buf *html)
{
	if (html->failed == SHELF_BUF_TOO_LARGE)
		shelf_diags_add(&doc->diags, SHELF_E_OUTPUT_LIMIT, SHELF_ERROR, doc->path, 0, 0,
		                "the rendered article is larger than %zu MiB, so none of it is "
		                "written: split it, or its includes, into smaller articles",
		                (size_t)(html->max >> 20));
	else
		shelf_diags_add(&doc->diags, SHELF_E_OUTPUT_FAILED, SHELF_ERROR, doc->path, 0, 0,
		                "%s", "rendering stopped (out of memory or an earlier error), so "
		                "none of the article is written: fix the errors above, or free "
		                "memory, and render again");
	shelf_buf_free(html);
}

/* Appends to the first SH053 that a path left the root a hint when the
 * root was only guessed: a file in no content tree has its own folder as
 * root, so an include from a sibling folder is refused although the author
 * meant a bigger root.  Once per article: the hint is the same each time. */
static void
hint_root(shelf_doc *doc)
{
	static const char hint[] = "; no content tree (a <locale>/ folder) holds this file, "
	                           "so its own folder is the root: pass --root DIR to widen it";
	size_t i;

	if (!doc->root_guessed)
		return;
	for (i = 0; i < doc->diags.n; i++) {
		shelf_diag *d = &doc->diags.v[i];
		size_t n;
		char *m;
		if (d->code != SHELF_E_PATH || strstr(d->message, "content root") == NULL)
			continue;
		n = strlen(d->message);
		m = realloc((char *)d->message, n + sizeof hint);
		if (m == NULL)
			return;
		memcpy(m + n, hint, sizeof hint);
		d->message = m;
		return;
	}
}

/* shelf_run.on_file: records a file on the document. */
static int
add_file_cb(void *user, const char *path)
{
	return shelf_doc_add_file(user, path);
}

/* shelf_run.on_data: passes a file read on to shelf_options.on_input. */
static void
input_cb(void *user, const shelf_input *in)
{
	const shelf_doc *doc = user;

	if (doc->on_input)
		doc->on_input(doc->input_user, in);
}

/* input_cb() for the article itself. */
static void
data_cb(shelf_doc *doc, const char *path, const char *raw, size_t n, const struct stat *st)
{
	shelf_input in;

	if (doc->on_input) {
		shelf_input_make(&in, path, raw, n, st);
		input_cb(doc, &in);
	}
}

/* shelf_run.on_look: records a file looked for. */
static void
add_looked_cb(void *user, const char *path)
{
	shelf_doc_add_looked(user, path);
}

/* realpath(path), kept in *key / *real for the next call with the same
 * path: a borrowed string, or NULL when it does not resolve. */
static const char *
cached_realpath(const char *path, char **key, char **real)
{
	if (*key == NULL || strcmp(*key, path) != 0) {
		free(*key);
		free(*real);
		*real = realpath(path, NULL);
		if ((*key = strdup(path)) == NULL) {
			free(*real);
			*real = NULL;
		}
	}
	return *real;
}

/* Renders the body through the include stage, which sees only `run`.
 * Returns 0, -1 on OOM or a failed buffer. */
static int
render_body(shelf_doc *doc, const char *path, char *text, size_t len, shelf_buf *html,
            shelf_render_out *res)
{
	shelf_run run;
	const char *dl;

	memset(&run, 0, sizeof run);
	run.path = doc->path;
	run.root = doc->root;
	if (doc->cache)
		run.root_real = cached_realpath(doc->root, &doc->cache->root, &doc->cache->root_real);
	else
		run.root_real = realpath(doc->root, NULL);
	/* kept, so the description can name files below the root */
	free(doc->root_real);
	doc->root_real = doc->cache && run.root_real ? strdup(run.root_real) : (char *)run.root_real;
	run.strings = doc->strings;
	run.vars = doc->vars;
	run.tokens = &doc->tokens;
	run.portal = &doc->portal;
	run.site_links = doc->site_links;
	run.diags = &doc->diags;
	run.on_file = add_file_cb;
	run.on_look = add_looked_cb;
	run.on_data = input_cb;
	run.user = doc;
	run.base_url = doc->base_url;
	run.prefer_root = doc->prefer_root;
	dl = json_string_value(json_object_get(doc->config, "default_locale"));
	run.default_locale = dl && shelf_locale_name_ok(dl, strlen(dl)) ? dl : NULL;
	return shelf_render_body(&run, path, text, len, html, res);
}

/* Runs split, parse and render over normalised `text`. */
static void
render_text(const shelf_ctx *ctx, shelf_doc *doc, const char *path,
            const shelf_options *opt, char *text, size_t len)
{
	shelf_split sp;
	shelf_render_out res = {0};
	shelf_buf html = SHELF_BUF_INIT;
	shelf_marks marks;

	shelf_split_article(text, len, &sp, &doc->diags, doc->path);
	if (sp.properties)
		shelf_lint_properties(sp.properties, &doc->diags, doc->path, sp.props_first_line);
	shelf_lint_text(text, len, &doc->diags, doc->path);
	doc->front_matter = sp.front_matter;
	doc->properties = sp.properties;
	sp.front_matter = sp.properties = NULL;
	shelf_split_free(&sp);
	resolve_place(doc, path, opt);
	doc->strings = doc_strings(ctx, doc->locale);
	load_config(doc, opt);
	memset(&marks, 0, sizeof marks);
	if (doc->properties)
		shelf_sections_scan(text, len, &marks, &doc->data, &doc->diags, doc->path);
	/* the HTML of an article is about as long as its text, markup added
	 * and blanked metadata dropped: room for twice that, grown if not */
	shelf_buf_reserve(&html, 2 * len);
	if (render_body(doc, path, text, len, &html, &res) != 0 || html.failed)
		body_failed(doc, &html);
	shelf_tokens_report_missing(&doc->tokens, &doc->diags, doc->path);
	doc->html = shelf_buf_detach(&html);
	doc->headings = res.headings;
	doc->blade_links = res.blade_links;
	doc->elements = res.elements;
	doc->blocks = res.blocks;
	memset(&res.blade_links, 0, sizeof res.blade_links);
	memset(&res.elements, 0, sizeof res.elements);
	memset(&res.headings, 0, sizeof res.headings);
	memset(&res.blocks, 0, sizeof res.blocks);
	shelf_sections_build(&marks, doc->html ? doc->html : "", &doc->blocks, &doc->headings,
	                     &doc->sections, &doc->issue);
	resolve_title(doc, res.first_h1);
	shelf_render_out_free(&res);
}

/* A new document shown as `opt->display_path`, else `path`, whose
 * includes are looked for first below `prefer_root` (NULL: none), using
 * `cache` (NULL: none); NULL on OOM. */
static shelf_doc *
doc_new(const char *path, const shelf_options *opt, const char *prefer_root,
        shelf_render_cache *cache)
{
	shelf_doc *doc = calloc(1, sizeof *doc);

	if (doc == NULL)
		return NULL;
	doc->cache = cache;
	if (opt) {
		doc->on_input = opt->on_input;
		doc->input_user = opt->input_user;
	}
	if (prefer_root && cache) {
		const char *r = cached_realpath(prefer_root, &cache->prefer, &cache->prefer_real);
		doc->prefer_root = r ? strdup(r) : NULL;
	} else if (prefer_root) {
		doc->prefer_root = realpath(prefer_root, NULL);
	}
	doc->path = strdup(opt && opt->display_path ? opt->display_path : path);
	if (doc->path == NULL) {
		shelf_doc_free(doc);
		return NULL;
	}
	if (opt && !shelf_cloud_valid(opt->cloud))
		shelf_diags_add(&doc->diags, SHELF_E_CLOUD, SHELF_ERROR, doc->path, 0, 0,
		                "unknown cloud '%s': use public, fairfax, mooncake, usnat or ussec",
		                opt->cloud);
	return doc;
}

/* Normalises and renders the article bytes raw[0..n) (NULL: unreadable,
 * already reported) of `path`, then fills what is still missing.  Frees
 * `raw`.  Returns `doc`, or NULL (doc freed) on OOM. */
static shelf_doc *
render_raw(const shelf_ctx *ctx, shelf_doc *doc, const char *path, const shelf_options *opt,
           char *raw, size_t n)
{
	char *text = NULL;
	size_t len = 0;

	if (raw)
		text = shelf_text_normalize(raw, n, &len, &doc->diags, doc->path);
	free(raw);
	if (text)
		render_text(ctx, doc, path, opt, text, len);
	else
		resolve_place(doc, path, opt);
	free(text);
	hint_root(doc);
	shelf_diags_sort(&doc->diags);
	shelf_diags_finish(&doc->diags);
	if (doc->html == NULL)
		doc->html = strdup("");
	if (doc->title == NULL)
		doc->title = strdup(shelf_path_basename(doc->path));
	if (doc->description == NULL)
		doc->description = strdup("");
	if (doc->strings == NULL)
		doc->strings = doc_strings(ctx, doc->locale);
	if (!doc->html || !doc->title || !doc->description || !doc->locale || !doc->root) {
		shelf_doc_free(doc);
		return NULL;
	}
	return doc;
}

shelf_doc *
shelf_render_file_in(const shelf_ctx *ctx, const char *path, const shelf_options *opt,
                     const char *prefer_root, shelf_render_cache *cache)
{
	shelf_doc *doc = doc_new(path, opt, prefer_root, cache);
	struct stat st;
	char *raw;
	size_t n;

	if (doc == NULL)
		return NULL;
	if (shelf_doc_add_file(doc, path) != 0) {
		shelf_doc_free(doc);
		return NULL;
	}
	raw = shelf_file_slurp_st(path, SHELF_MAX_FILE_BYTES, &n, &doc->diags, doc->path, &st);
	if (raw)
		data_cb(doc, path, raw, n, &st);
	return render_raw(ctx, doc, path, opt, raw, n);
}

shelf_doc *
shelf_render_file(const shelf_ctx *ctx, const char *path, const shelf_options *opt)
{
	return shelf_render_file_in(ctx, path, opt, NULL, NULL);
}

shelf_doc *
shelf_render_buffer(const shelf_ctx *ctx, const char *text, size_t len,
                    const char *display_path, const shelf_options *opt)
{
	const char *path = display_path ? display_path : "-";
	shelf_doc *doc = doc_new(path, opt, NULL, NULL);
	char *raw = NULL;

	if (doc == NULL)
		return NULL;
	/* the same ceiling as for a file, for the same reason (read.h) */
	if (len > SHELF_MAX_FILE_BYTES) {
		shelf_diags_add(&doc->diags, SHELF_E_TOO_LARGE, SHELF_ERROR, doc->path, 0, 0,
		                "text is %zu bytes, over the limit of %zu bytes", len,
		                SHELF_MAX_FILE_BYTES);
	} else if ((raw = malloc(len + 1)) == NULL) {
		shelf_doc_free(doc);
		return NULL;
	} else {
		if (len)
			memcpy(raw, text, len);
		raw[len] = '\0';
	}
	return render_raw(ctx, doc, path, opt, raw, len);
}
