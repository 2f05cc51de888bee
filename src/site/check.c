/*
 * check.c - `shelf check`: the articles of a set of files and folders
 * rendered for their diagnostics, plus the lint that needs them all (an
 * articleId used twice); and shelf_doc_failed(), which says whether a
 * rendered article has anything to write.
 */
#include "diag.h"
#include "walk.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Most articleIds remembered by one check (the real corpus has ~16,000);
 * past it, further ids are not compared. */
#define SHELF_MAX_CHECK_IDS 1000000
/* Most diagnostics one check keeps: a tree of 16,000 articles at the
 * per-file cap (SHELF_MAX_DIAGS) could hold 8 million; past a million
 * nobody reads them, and the rest are counted in the SH059 note. */
#define SHELF_MAX_CHECK_DIAGS 1000000

typedef struct id_seen {
	char *id, *path;
} id_seen;

struct shelf_check {
	shelf_diags diags;     /* max SHELF_MAX_CHECK_DIAGS */
	size_t articles;       /* articles checked */
};

/* One check under way: what it reads with, and the ids seen so far. */
typedef struct checker {
	const shelf_ctx *ctx;
	const char *cloud;     /* shelf_check_options.cloud */
	id_seen *ids;          /* articleIds and their paths, for SH212 */
	size_t n_ids, cap_ids;
	shelf_check *res;
} checker;

int
shelf_doc_failed(const shelf_doc *doc)
{
	size_t i;

	for (i = 0; i < shelf_doc_diag_count(doc); i++) {
		const shelf_diag *d = shelf_doc_diag(doc, i);
		/* slurp names its SH001/SH002 after the article's own path; an
		 * include's have their own path or an include site */
		if ((d->code == SHELF_E_IO || d->code == SHELF_E_TOO_LARGE) &&
		    d->included_from == NULL && strcmp(d->file, shelf_doc_path(doc)) == 0)
			return 1;
		if (d->code == SHELF_E_OUTPUT_LIMIT || d->code == SHELF_E_OUTPUT_FAILED)
			return 1;
	}
	return 0;
}

static void
remember_id(checker *k, const char *id, const char *path)
{
	if (id == NULL || *id == '\0' || k->n_ids >= SHELF_MAX_CHECK_IDS)
		return;
	if (k->n_ids == k->cap_ids) {
		size_t ncap = k->cap_ids ? k->cap_ids * 2 : 256;
		id_seen *nv = realloc(k->ids, ncap * sizeof *nv);
		if (nv == NULL)
			return;
		k->ids = nv;
		k->cap_ids = ncap;
	}
	k->ids[k->n_ids].id = strdup(id);
	k->ids[k->n_ids].path = strdup(path);
	if (k->ids[k->n_ids].id && k->ids[k->n_ids].path) {
		k->n_ids++;
	} else {
		free(k->ids[k->n_ids].id);
		free(k->ids[k->n_ids].path);
	}
}

static int
cmp_id(const void *a, const void *b)
{
	const id_seen *x = a, *y = b;
	int c = strcasecmp(x->id, y->id);
	return c ? c : strcmp(x->path, y->path);
}

/* Reports (SH212) every articleId used by more than one article, at the
 * later path; frees the ids. */
static void
report_duplicates(checker *k)
{
	size_t i;

	/* Learn articles have no articleId: then ids is NULL, and qsort's
	 * pointer must not be */
	if (k->n_ids > 1)
		qsort(k->ids, k->n_ids, sizeof *k->ids, cmp_id);
	for (i = 1; i < k->n_ids; i++)
		if (strcasecmp(k->ids[i].id, k->ids[i - 1].id) == 0)
			shelf_diags_add(&k->res->diags, SHELF_E_DUP_ARTICLE_ID, SHELF_ERROR,
			                k->ids[i].path, 1, 1, "articleId '%s' is also used by '%s'",
			                k->ids[i].id, k->ids[i - 1].path);
	for (i = 0; i < k->n_ids; i++) {
		free(k->ids[i].id);
		free(k->ids[i].path);
	}
	free(k->ids);
}

/* Renders one article and keeps its diagnostics and articleId; an article
 * of another cloud than opt->cloud is not checked. */
static void
check_file(checker *k, const char *path)
{
	shelf_options o = SHELF_OPTIONS_INIT;
	shelf_doc *doc;
	size_t i;

	o.cloud = k->cloud;
	doc = shelf_render_file(k->ctx, path, &o);
	if (doc == NULL) {
		shelf_diags_add(&k->res->diags, SHELF_E_IO, SHELF_ERROR, path, 0, 0, "%s",
		                "cannot check: out of memory");
		return;
	}
	if (o.cloud && !shelf_doc_in_cloud(doc, o.cloud)) {
		shelf_doc_free(doc);
		return;
	}
	for (i = 0; i < shelf_doc_diag_count(doc); i++)
		shelf_diags_push(&k->res->diags, shelf_doc_diag(doc, i));
	remember_id(k, shelf_doc_article_id(doc), path);
	shelf_doc_free(doc);
	k->res->articles++;
}

/* on_file of the walk: every .md file, includes too (they are Markdown
 * an author wrote). */
static int
walk_file(void *user, const shelf_walk_entry *e)
{
	size_t n = strlen(e->name);

	if (n > 3 && strcmp(e->name + n - 3, ".md") == 0)
		check_file(user, e->path);
	return 0;
}

/* on_skip of the walk: what is not checked is said, as `shelf build` says
 * it (a symbolic link, a folder too deep or that cannot be opened), so a
 * check never passes over articles in silence.  The walk goes on. */
static int
walk_skip(void *user, shelf_code code, const char *path, const char *fmt, const char *arg)
{
	checker *k = user;

	shelf_diags_add(&k->res->diags, code, SHELF_ERROR, path, 0, 0, fmt, arg);
	return 0;
}

/* Checks a file, or every .md file below a folder. */
static void
check_path(checker *k, const char *path)
{
	shelf_walker w = {walk_file, walk_skip, k};
	struct stat st;

	if (stat(path, &st) != 0)
		shelf_diags_add(&k->res->diags, SHELF_E_IO, SHELF_ERROR, path, 0, 0,
		                "cannot read: %s", strerror(errno));
	else if (!S_ISDIR(st.st_mode))
		check_file(k, path);
	else
		shelf_walk(&w, path, path, 0);
}

/* shelf_ctx_check_locales()'s callback: the finding joins the check's. */
static void
locale_diag(void *user, const shelf_diag *d)
{
	checker *k = user;

	shelf_diags_add(&k->res->diags, d->code, d->severity, d->file, d->line, d->col, "%s",
	                d->message);
}

shelf_check *
shelf_check_tree(const shelf_ctx *ctx, const shelf_check_options *opt)
{
	static const shelf_check_options none = {0};
	checker k = {0};
	size_t i;

	if (opt == NULL)
		opt = &none;
	k.ctx = ctx;
	k.cloud = opt->cloud;
	if ((k.res = calloc(1, sizeof *k.res)) == NULL)
		return NULL;
	k.res->diags.max = SHELF_MAX_CHECK_DIAGS;
	if (opt->paths == NULL || opt->paths[0] == NULL)
		check_path(&k, opt->content_dir ? opt->content_dir : "content");
	for (i = 0; opt->paths && opt->paths[i]; i++)
		check_path(&k, opt->paths[i]);
	report_duplicates(&k);
	shelf_ctx_check_locales(ctx, locale_diag, &k);
	shelf_diags_finish(&k.res->diags);
	return k.res;
}

void
shelf_check_free(shelf_check *res)
{
	if (res == NULL)
		return;
	shelf_diags_free(&res->diags);
	free(res);
}

size_t shelf_check_articles(const shelf_check *res) { return res->articles; }
size_t shelf_check_diag_count(const shelf_check *res) { return res->diags.n; }

const shelf_diag *
shelf_check_diag(const shelf_check *res, size_t i)
{
	return shelf_diags_get(&res->diags, i);
}

size_t
shelf_check_count(const shelf_check *res, shelf_severity sev)
{
	return shelf_diags_count(&res->diags, sev);
}
