/*
 * test_check.c - shelf_check_tree(): a small tree written to a temporary
 * folder, checked whole, by cloud and with a path that is missing; and
 * shelf_doc_failed().
 */
#include "harness.h"
#include "shelf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Writes `text` to dir/rel.  0 or -1. */
static int
put(const char *dir, const char *rel, const char *text)
{
	char p[4096];
	FILE *f;

	snprintf(p, sizeof p, "%s/%s", dir, rel);
	if ((f = fopen(p, "w")) == NULL)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* How many diagnostics of `res` have `code`; *file gets the last one's. */
static size_t
count_code(const shelf_check *res, shelf_code code, const char **file)
{
	size_t i, n = 0;

	for (i = 0; i < shelf_check_diag_count(res); i++)
		if (shelf_check_diag(res, i)->code == code) {
			n++;
			if (file)
				*file = shelf_check_diag(res, i)->file;
		}
	return n;
}

static char tree[64];
static char a_md[128], b_md[128];

static int
make_tree(void)
{
	char p[256];

	strcpy(tree, "/tmp/shelf-test-check-XXXXXX");
	if (mkdtemp(tree) == NULL)
		return -1;
	snprintf(p, sizeof p, "%s/sub", tree);
	mkdir(p, 0755);
	snprintf(a_md, sizeof a_md, "%s/a.md", tree);
	snprintf(b_md, sizeof b_md, "%s/sub/b.md", tree);
	snprintf(p, sizeof p, "%s/link.md", tree);
	return put(tree, "a.md", "<properties articleId=\"same-id\" cloudEnvironments=\"public\" />\n"
	                         "# A\n") |
	       put(tree, "sub/b.md", "<properties articleId=\"SAME-ID\" cloudEnvironments=\"public\" />\n"
	                             "# B\n") |
	       put(tree, "c.md", "---\ntitle: C\n---\n# C\n") |
	       put(tree, "d.md", "<properties articleId=\"other\" cloudEnvironments=\"fairfax\" />\n"
	                         "# D\n") |
	       put(tree, "notes.txt", "not an article\n") |
	       put(tree, ".hidden.md", "# hidden\n") |
	       symlink(a_md, p);
}

static void
remove_tree(void)
{
	const char *rel[] = {"a.md", "sub/b.md", "c.md", "d.md", "notes.txt", ".hidden.md",
	                     "link.md", "sub"};
	char p[256];
	size_t i;

	for (i = 0; i < sizeof rel / sizeof rel[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", tree, rel[i]);
		remove(p);
	}
	rmdir(tree);
}

/* The whole folder: .md files only, no hidden ones, links not followed;
 * the articleId used twice (any case) is SH212 at the later path. */
static void
test_tree(const shelf_ctx *ctx)
{
	const char *paths[] = {tree, NULL};
	shelf_check_options o = {.paths = paths};
	shelf_check *res = shelf_check_tree(ctx, &o);
	const char *file = NULL;

	OK(res != NULL, "a result");
	if (res == NULL)
		return;
	INT_EQ(shelf_check_articles(res), 4, "a, b, c and d; not notes.txt, .hidden.md, link.md");
	INT_EQ(count_code(res, SHELF_E_DUP_ARTICLE_ID, &file), 1, "one SH212");
	STR_EQ(file, b_md, "SH212 at the later path (sorted)");
	INT_EQ(shelf_check_diag(res, shelf_check_diag_count(res) - 1)->code,
	       SHELF_E_DUP_ARTICLE_ID, "the cross-article lint comes last");
	OK(shelf_check_count(res, SHELF_ERROR) >= 1, "errors counted");
	OK(shelf_check_diag(res, shelf_check_diag_count(res)) == NULL, "NULL past the end");
	shelf_check_free(res);
}

/* --cloud: an article of another cloud is not checked, nor its id kept. */
static void
test_cloud(const shelf_ctx *ctx)
{
	const char *paths[] = {tree, NULL};
	shelf_check_options o = {.paths = paths, .cloud = "fairfax"};
	shelf_check *res = shelf_check_tree(ctx, &o);

	if (res == NULL)
		return;
	INT_EQ(shelf_check_articles(res), 2, "d, and the Learn article c");
	INT_EQ(count_code(res, SHELF_E_DUP_ARTICLE_ID, NULL), 0, "a and b are not fairfax");
	shelf_check_free(res);
}

/* A missing path is an SH001 error of the result; the other paths are
 * still checked; a file is checked whatever its name. */
static void
test_missing(const shelf_ctx *ctx)
{
	char missing[128];
	const char *paths[3] = {NULL, a_md, NULL};
	shelf_check_options o = {.paths = paths};
	shelf_check *res;
	const char *file = NULL;

	snprintf(missing, sizeof missing, "%s/no-such.md", tree);
	paths[0] = missing;
	res = shelf_check_tree(ctx, &o);
	if (res == NULL)
		return;
	INT_EQ(count_code(res, SHELF_E_IO, &file), 1, "one SH001");
	STR_EQ(file, missing, "named after the path given");
	INT_EQ(shelf_check_diag(res, 0)->severity, SHELF_ERROR, "an error");
	INT_EQ(shelf_check_articles(res), 1, "a.md still checked");
	shelf_check_free(res);
}

/* No paths: content_dir is checked. */
static void
test_content_dir(const shelf_ctx *ctx)
{
	shelf_check_options o = {.content_dir = tree};
	shelf_check *res = shelf_check_tree(ctx, &o);

	if (res == NULL)
		return;
	INT_EQ(shelf_check_articles(res), 4, "the content folder, walked");
	shelf_check_free(res);
}

/* shelf_doc_failed: an article that could not be read has nothing to
 * write; one that rendered has. */
static void
test_doc_failed(const shelf_ctx *ctx)
{
	char missing[128];
	shelf_doc *doc;

	snprintf(missing, sizeof missing, "%s/no-such.md", tree);
	doc = shelf_render_file(ctx, missing, NULL);
	OK(doc && shelf_doc_failed(doc) == 1, "unreadable: failed");
	shelf_doc_free(doc);
	doc = shelf_render_file(ctx, a_md, NULL);
	OK(doc && shelf_doc_failed(doc) == 0, "rendered: not failed");
	shelf_doc_free(doc);
}

int
main(void)
{
	char *err = NULL;
	shelf_ctx *ctx = shelf_ctx_new(".", &err);

	OK(ctx != NULL, "context: %s", err ? err : "");
	shelf_free(err);
	if (ctx == NULL || make_tree() != 0) {
		OK(0, "cannot set up the test tree");
		shelf_ctx_free(ctx);
		return harness_done();
	}
	test_tree(ctx);
	test_cloud(ctx);
	test_missing(ctx);
	test_content_dir(ctx);
	test_doc_failed(ctx);
	remove_tree();
	shelf_ctx_free(ctx);
	return harness_done();
}
