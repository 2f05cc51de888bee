/*
 * test_corpus.c - renders every file of ../shared/corpus/ and
 * ../shared/seeds/ (or $SHARED) through the library in every format and
 * fails on a crash (the sanitizer build aborts), invalid JSON, or a lost
 * article: a page whose text keeps less than half of the letters and
 * digits of the article body, a directive left as text outside code, or
 * a directive that did not reach the page (SH140).  Without the shared
 * folder it says so and checks nothing.
 */
#include "harness.h"
#include "shelf.h"

#include <ctype.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const shelf_ctx *ctx;
static int files_seen;

/* Letters and digits (and bytes of non-ASCII characters) in `s` that a
 * reader sees: what is inside <...> is skipped on both sides, and in the
 * Markdown source (`html` == 0) so are link destinations "](...)", which
 * become attributes. */
static size_t
count_text(const char *s, int html)
{
	size_t n = 0;
	int in_tag = 0, in_dest = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (!html && !in_tag && c == ']' && s[1] == '(')
			in_dest = 1;
		else if (in_dest && (c == ')' || c == '\n'))
			in_dest = 0;
		else if (in_dest)
			continue;
		else if (c == '<' && (isalpha((unsigned char)s[1]) || s[1] == '/' || s[1] == '!'))
			in_tag = 1;
		else if (c == '>')
			in_tag = 0;
		else if (!in_tag && (isalnum(c) || c >= 0x80))
			n++;
	}
	return n;
}

/* Text of the file after its metadata header, roughly: after the line that
 * closes the front matter or the properties block. */
static size_t
body_letters(const char *path)
{
	FILE *f = fopen(path, "rb");
	static char buf[1 << 22];
	size_t n;
	char *body;

	if (f == NULL)
		return 0;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	body = strstr(buf, "/>");
	if (body == NULL && strncmp(buf, "---", 3) == 0)
		body = strstr(buf + 3, "\n---");
	if (body == NULL)
		body = buf;
	/* a JSON block is data, not page text */
	char *json = strstr(body, "\n---\n{");
	if (json == NULL)
		json = strstr(body, "\n---\r\n{");
	if (json)
		*json = '\0';
	return count_text(body, 0);
}

/* A docfx directive shown to the reader as text: its syntax outside <pre>
 * and <code> in the HTML.  Returns the first one, or NULL. */
static const char *
directive_text(const char *html)
{
	static const char *const marks[] = {
		":::image", ":::code", ":::video", ":::zone", ":::row", ":::column",
		"::: zone", "::: moniker", "[!INCLUDE", "[!include", "[!code-", "[!NOTE]",
		"[!TIP]", "[!IMPORTANT]", "[!WARNING]", "[!CAUTION]",
	};
	const char *p = html;
	size_t i;

	while (*p) {
		if (strncmp(p, "<pre", 4) == 0 || strncmp(p, "<code>", 6) == 0) {
			const char *e = strstr(p, p[1] == 'p' ? "</pre>" : "</code>");
			if (e == NULL)
				return NULL;
			p = e + 1;
			continue;
		}
		for (i = 0; i < sizeof marks / sizeof marks[0]; i++)
			if (strncmp(p, marks[i], strlen(marks[i])) == 0)
				return p;
		p++;
	}
	return NULL;
}

static void
check_file(const char *path)
{
	shelf_doc *doc = shelf_render_file(ctx, path, NULL);
	char *json, *err = NULL;
	json_error_t jerr;
	json_t *parsed;
	size_t src, got;

	files_seen++;
	OK(doc != NULL, "%s: render returned NULL", path);
	if (doc == NULL)
		return;
	OK(*shelf_doc_title(doc) != '\0', "%s: empty title", path);
	json = shelf_doc_output(ctx, doc, SHELF_FORMAT_JSON, NULL, &err);
	parsed = json ? json_loads(json, 0, &jerr) : NULL;
	OK(parsed != NULL, "%s: JSON output does not parse", path);
	json_decref(parsed);
	shelf_free(json);
	shelf_free(err);
	err = NULL;
	json = shelf_doc_output(ctx, doc, SHELF_FORMAT_PAGE, NULL, &err);
	OK(json != NULL && strstr(json, "</html>") != NULL, "%s: no page (%s)", path,
	   err ? err : "");
	shelf_free(json);
	shelf_free(err);
	src = body_letters(path);
	got = count_text(shelf_doc_html(doc), 1);
	OK(src < 40 || got * 2 >= src, "%s: lost article: %zu of %zu letters rendered",
	   path, got, src);
	{
		const char *leak = directive_text(shelf_doc_html(doc));
		size_t i;
		/* an include not found or outside the root stays visible as text,
		 * as in docfx (SH101, SH053) */
		for (i = 0; leak && strncmp(leak, "[!include[", 10) == 0 && i < shelf_doc_diag_count(doc); i++)
			if (shelf_doc_diag(doc, i)->code == SHELF_W_INCLUDE_MISSING ||
			    shelf_doc_diag(doc, i)->code == SHELF_E_PATH)
				leak = directive_text(strstr(leak, "]") + 1);
		OK(leak == NULL, "%s: directive shown as text: %.60s", path, leak ? leak : "");
		for (i = 0; i < shelf_doc_diag_count(doc); i++)
			OK(shelf_doc_diag(doc, i)->code != SHELF_E_DIRECTIVE_LOST,
			   "%s:%u: a directive did not reach the page", path, shelf_doc_diag(doc, i)->line);
	}
	shelf_doc_free(doc);
}

static void
walk(const char *dir, int depth)
{
	DIR *dp = opendir(dir);
	struct dirent *e;

	if (dp == NULL || depth > 16) {
		if (dp)
			closedir(dp);
		return;
	}
	while ((e = readdir(dp)) != NULL) {
		char p[4096];
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		if (lstat(p, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			walk(p, depth + 1);
		else if (S_ISREG(st.st_mode) && strcmp(e->d_name, "SOURCE.md") != 0 &&
		         strcmp(e->d_name, "README.md") != 0 &&
		         !strstr(e->d_name, ".json") && !strstr(e->d_name, ".docx") &&
		         !strstr(e->d_name, ".png") && !strstr(e->d_name, ".gitattributes"))
			check_file(p);
	}
	closedir(dp);
}

int
main(void)
{
	const char *shared = getenv("SHARED");
	char p[4096], *err = NULL;
	struct stat st;
	shelf_ctx *c;

	if (shared == NULL)
		shared = "../shared";
	c = shelf_ctx_new(".", &err);
	OK(c != NULL, "context: %s", err ? err : "");
	shelf_free(err);
	if (c == NULL)
		return harness_done();
	ctx = c;
	snprintf(p, sizeof p, "%s/corpus", shared);
	if (stat(p, &st) != 0) {
		fprintf(stderr, "test_corpus: %s not found; corpus not checked\n", p);
	} else {
		walk(p, 0);
		snprintf(p, sizeof p, "%s/seeds", shared);
		walk(p, 0);
		OK(files_seen > 100, "only %d corpus files found", files_seen);
	}
	/* the shipped sample content renders too */
	walk("content", 0);
	fprintf(stderr, "test_corpus: %d files rendered\n", files_seen);
	shelf_ctx_free(c);
	return harness_done();
}
