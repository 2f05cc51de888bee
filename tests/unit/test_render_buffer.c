/* test_render_buffer.c - shelf_render_buffer (src/render/article.c) through the
 * public header only: the same article rendered from memory and from its
 * file gives the same page; text need not be NUL-terminated nor its path
 * exist; the size ceiling is a diagnostic; SHELF_OPTIONS_INIT's defaults
 * and its named fields work. */
#include "harness.h"
#include "shelf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static shelf_ctx *ctx;

/* The bytes of `path`, malloc'd (NUL-terminated, *n set), or NULL. */
static char *
slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	long sz;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (sz = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (p = malloc((size_t)sz + 1)) != NULL) {
		*n = fread(p, 1, (size_t)sz, f);
		p[*n] = '\0';
	}
	fclose(f);
	return p;
}

/* 1 when some diagnostic of `doc` has `code`. */
static int
has_code(const shelf_doc *doc, shelf_code code)
{
	size_t i;

	for (i = 0; i < shelf_doc_diag_count(doc); i++)
		if (shelf_doc_diag(doc, i)->code == code)
			return 1;
	return 0;
}

/* A file and the same bytes from memory, shown under the same path, give
 * the same body, title, diagnostics and JSON but for the file list (the
 * buffer is no file read). */
static void
same_as_file(const char *path)
{
	shelf_options o = SHELF_OPTIONS_INIT;
	shelf_doc *a, *b;
	char *text, *ja, *jb;
	size_t n = 0, i;

	text = slurp(path, &n);
	OK(text != NULL, "%s: cannot read the fixture", path);
	if (text == NULL)
		return;
	a = shelf_render_file(ctx, path, &o);
	b = shelf_render_buffer(ctx, text, n, path, &o);
	OK(a && b, "%s: render returned NULL", path);
	if (a && b) {
		STR_EQ(shelf_doc_html(b), shelf_doc_html(a), "%s: body", path);
		STR_EQ(shelf_doc_title(b), shelf_doc_title(a), "%s: title", path);
		STR_EQ(shelf_doc_path(b), path, "%s: path shown", path);
		INT_EQ(shelf_doc_diag_count(b), shelf_doc_diag_count(a), "%s: diagnostics", path);
		for (i = 0; i < shelf_doc_diag_count(a) && i < shelf_doc_diag_count(b); i++) {
			char *da = shelf_diag_format(shelf_doc_diag(a, i));
			char *db = shelf_diag_format(shelf_doc_diag(b, i));
			STR_EQ(db, da, "%s: diagnostic %zu", path, i);
			shelf_free(da);
			shelf_free(db);
		}
		/* the article's own file is listed only when it was read */
		INT_EQ(shelf_doc_file_count(b) + 1, shelf_doc_file_count(a), "%s: files read", path);
		for (i = 1; i < shelf_doc_file_count(a); i++)
			STR_EQ(shelf_doc_file(b, i - 1), shelf_doc_file(a, i), "%s: file %zu", path, i);
		ja = shelf_doc_output(ctx, a, SHELF_FORMAT_PAGE, NULL, NULL);
		jb = shelf_doc_output(ctx, b, SHELF_FORMAT_PAGE, NULL, NULL);
		STR_EQ(jb, ja, "%s: page", path);
		shelf_free(ja);
		shelf_free(jb);
	}
	shelf_doc_free(a);
	shelf_doc_free(b);
	free(text);
}

static void
test_same_as_file(void)
{
	same_as_file("tests/render/core/heading-ids.md");
	same_as_file("tests/render/core/invalid-utf8.md");
	same_as_file("tests/render/core/crlf-bom.md");
	/* includes resolve from the folder of the path given */
	same_as_file("tests/render/docfx/nest-include-image.md");
	same_as_file("tests/render/steps/step-include.md");
	same_as_file("tests/render/portal/tokens.md");
}

/* Only `len` bytes are read, and the path need not exist. */
static void
test_slice_and_missing_path(void)
{
	static const char text[] = "# Kept title\n\nBody *here*.\n# Not read\n";
	size_t len = strlen("# Kept title\n\nBody *here*.\n");
	shelf_doc *doc = shelf_render_buffer(ctx, text, len, "no/such/folder/a.md", NULL);

	OK(doc != NULL, "render returned NULL");
	if (doc == NULL)
		return;
	STR_EQ(shelf_doc_html(doc), "<h1 id=\"kept-title\">Kept title</h1>\n<p>Body <em>here</em>.</p>\n",
	       "body of the slice");
	STR_EQ(shelf_doc_title(doc), "Kept title", "title from the H1");
	STR_EQ(shelf_doc_path(doc), "no/such/folder/a.md", "path shown");
	INT_EQ(shelf_doc_file_count(doc), 0, "no file read");
	INT_EQ(shelf_doc_diag_count(doc), 0, "no diagnostics");
	shelf_doc_free(doc);
	/* an include there cannot be found: reported, not silently dropped */
	doc = shelf_render_buffer(ctx, "# T\n\n[!INCLUDE [x](inc.md)]\n", 27, "no/such/a.md", NULL);
	OK(doc != NULL, "render returned NULL");
	if (doc)
		OK(has_code(doc, SHELF_E_PATH) || has_code(doc, SHELF_W_INCLUDE_MISSING),
		   "include from a folder that does not exist is reported");
	shelf_doc_free(doc);
}

/* NULL path: "-"; an empty text is an empty body; display_path wins. */
static void
test_null_path_and_display(void)
{
	shelf_options o = SHELF_OPTIONS_INIT;
	shelf_doc *doc = shelf_render_buffer(ctx, "", 0, NULL, NULL);

	OK(doc != NULL, "render returned NULL");
	if (doc) {
		STR_EQ(shelf_doc_path(doc), "-", "NULL path shows as -");
		STR_EQ(shelf_doc_html(doc), "", "empty body");
		STR_EQ(shelf_doc_locale(doc), "en-us", "default locale");
		OK(has_code(doc, SHELF_W_NO_TITLE), "no title is reported");
	}
	shelf_doc_free(doc);
	o.display_path = "shown.md";
	o.locale = "DE-de";
	doc = shelf_render_buffer(ctx, "Text\n", 5, "dir/a.md", &o);
	OK(doc != NULL, "render returned NULL");
	if (doc) {
		STR_EQ(shelf_doc_path(doc), "shown.md", "display_path is shown");
		STR_EQ(shelf_doc_locale(doc), "de-de", "locale option, lower-cased");
	}
	shelf_doc_free(doc);
}

/* Text over the 8 MiB ceiling is an error, not a shorter page. */
static void
test_too_large(void)
{
	size_t n = (size_t)8 * 1024 * 1024 + 1;
	char *big = malloc(n);
	shelf_doc *doc;

	OK(big != NULL, "malloc");
	if (big == NULL)
		return;
	memset(big, 'a', n);
	doc = shelf_render_buffer(ctx, big, n, "big.md", NULL);
	OK(doc != NULL, "render returned NULL");
	if (doc) {
		OK(has_code(doc, SHELF_E_TOO_LARGE), "SH002 reported");
		INT_EQ(shelf_doc_count(doc, SHELF_ERROR), 1, "one error");
		STR_EQ(shelf_doc_html(doc), "", "nothing rendered");
	}
	shelf_doc_free(doc);
	free(big);
}

/* SHELF_OPTIONS_INIT is the documented defaults, and token options given
 * by name reach the render. */
static void
test_options_init(void)
{
	static const char *const vars[] = {"vm", "web<01>", NULL};
	static const char text[] = "# T\n\nName: <!--$vm-->preview<!--/$vm--> and "
	                           "<!--$other-->other<!--/$other-->.\n";
	shelf_options o = SHELF_OPTIONS_INIT;
	shelf_doc *doc;

	OK(o.root == NULL && o.locale == NULL && o.display_path == NULL && o.vars == NULL &&
	   o.missing == SHELF_MISSING_KEEP && o.resource_id == NULL && o.cloud == NULL &&
	   o.site_links == 0, "defaults");
	o.vars = vars;
	o.missing = SHELF_MISSING_BLANK;
	doc = shelf_render_buffer(ctx, text, sizeof text - 1, "t.md", &o);
	OK(doc != NULL, "render returned NULL");
	if (doc)
		OK(strstr(shelf_doc_html(doc), "Name: web&lt;01&gt; and .") != NULL,
		   "value escaped, missing token blank: %s", shelf_doc_html(doc));
	shelf_doc_free(doc);
}

int
main(void)
{
	char *err = NULL;

	ctx = shelf_ctx_new(".", &err);
	OK(ctx != NULL, "context: %s", err ? err : "out of memory");
	shelf_free(err);
	if (ctx == NULL)
		return harness_done();
	RUN(test_same_as_file);
	RUN(test_slice_and_missing_path);
	RUN(test_null_path_and_display);
	RUN(test_too_large);
	RUN(test_options_init);
	shelf_ctx_free(ctx);
	return harness_done();
}
