/*
 * bare_cmark.c - the benchmark's baseline: what any Markdown site build
 * must do at the least.  Reads every *.md below IN, parses it with
 * cmark-gfm and the GFM extensions shelf enables (table, strikethrough,
 * autolink, tagfilter, tasklist), renders HTML and writes OUT/<path>.html.
 * Nothing else: no front matter, includes, templates or checks.
 *
 *     bare_cmark IN OUT
 *
 * Prints the number of files written; exit 1 on any read or write error.
 */
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Deepest folder nesting walked: real trees are a few levels deep. */
#define BARE_MAX_DEPTH 32

static const char *const ext_names[] = {"table", "strikethrough", "autolink", "tagfilter",
                                        "tasklist"};

static int
write_html(const char *out_dir, const char *rel, const char *html)
{
	char path[4096], *p;
	FILE *f;
	size_t n = strlen(html);

	if ((size_t)snprintf(path, sizeof path, "%s/%s", out_dir, rel) >= sizeof path - 5)
		return -1;
	strcpy(path + strlen(path) - 3, ".html");
	for (p = path + strlen(out_dir) + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if ((f = fopen(path, "wb")) == NULL)
		return -1;
	if (fwrite(html, 1, n, f) != n) {
		fclose(f);
		return -1;
	}
	return fclose(f) == 0 ? 0 : -1;
}

static int
render_one(const char *in_path, const char *out_dir, const char *rel)
{
	cmark_parser *p = cmark_parser_new(CMARK_OPT_UNSAFE);
	cmark_node *doc;
	char buf[65536], *html;
	size_t n, i;
	FILE *f = fopen(in_path, "rb");
	int rc;

	if (f == NULL || p == NULL) {
		if (f)
			fclose(f);
		cmark_parser_free(p);
		return -1;
	}
	for (i = 0; i < sizeof ext_names / sizeof ext_names[0]; i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(ext_names[i]);
		if (e)
			cmark_parser_attach_syntax_extension(p, e);
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		cmark_parser_feed(p, buf, n);
	fclose(f);
	doc = cmark_parser_finish(p);
	html = cmark_render_html(doc, CMARK_OPT_UNSAFE, cmark_parser_get_syntax_extensions(p));
	rc = html ? write_html(out_dir, rel, html) : -1;
	free(html);
	cmark_node_free(doc);
	cmark_parser_free(p);
	return rc;
}

static int
walk(const char *in_root, const char *rel, const char *out_dir, int depth, long *count)
{
	char dir[4096], path[4096], sub[4096];
	DIR *dp;
	struct dirent *e;
	int rc = 0;

	if (depth > BARE_MAX_DEPTH)
		return 0;
	if ((size_t)snprintf(dir, sizeof dir, "%s%s%s", in_root, *rel ? "/" : "", rel) >= sizeof dir)
		return -1;
	if ((dp = opendir(dir)) == NULL)
		return -1;
	while ((e = readdir(dp)) != NULL) {
		struct stat st;
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= sizeof path ||
		    (size_t)snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name) >= sizeof sub)
			continue; /* a path longer than PATH_MAX cannot be opened anyway */
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (walk(in_root, sub, out_dir, depth + 1, count) != 0)
				rc = -1;
		} else if (len > 3 && strcmp(e->d_name + len - 3, ".md") == 0) {
			if (render_one(path, out_dir, sub) != 0) {
				fprintf(stderr, "bare_cmark: %s: cannot render or write\n", path);
				rc = -1;
			} else {
				(*count)++;
			}
		}
	}
	closedir(dp);
	return rc;
}

int
main(int argc, char **argv)
{
	long count = 0;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: bare_cmark IN OUT\n");
		return 2;
	}
	cmark_gfm_core_extensions_ensure_registered();
	if (mkdir(argv[2], 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "bare_cmark: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	rc = walk(argv[1], "", argv[2], 0, &count);
	printf("%ld\n", count);
	return rc ? 1 : 0;
}
