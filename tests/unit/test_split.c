/* test_split.c - stage 2, front matter and properties block (src/parse/split.c),
 * on inline articles, the three seeds and the self-help corpus sample. */
#include "harness.h"
#include "shelf_test.h"
#include "split.h"
#include "buf.h"
#include "read.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A malloc'd copy of `s` to split in place. */
static char *
dup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	memcpy(p, s, n);
	return p;
}

/* The text of line `n` (1-based) of `s`, in a static buffer. */
static const char *
line_of(const char *s, unsigned n)
{
	static char out[256];
	const char *e;

	while (--n > 0 && (s = strchr(s, '\n')) != NULL)
		s++;
	if (s == NULL)
		return "(no such line)";
	e = strchr(s, '\n');
	n = (unsigned)(e ? (size_t)(e - s) : strlen(s));
	if (n >= sizeof out)
		n = sizeof out - 1;
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

/* Is every byte of line `n` a space? */
static int
line_blank(const char *s, unsigned n)
{
	const char *l = line_of(s, n);

	return strspn(l, " ") == strlen(l);
}

/* Checks that `after` is `before` with some bytes turned into spaces:
 * same length, every '\n' in place, nothing else moved. */
static int
only_blanked(const char *before, const char *after)
{
	size_t i;

	if (strlen(before) != strlen(after))
		return 0;
	for (i = 0; before[i]; i++)
		if (after[i] != before[i] && (after[i] != ' ' || before[i] == '\n'))
			return 0;
	return 1;
}

static void
test_front_matter_and_properties(void)
{
	const char *src = "---\ntitle: Disk full\nms.date: 01/02/2023\ntags: [a, b]\n---\n"
	                  "<properties\n\tarticleId=\"x1\"\n\tselfHelpType=\"generic\"\n/>\n"
	                  "# Disk full\n\nText *here*.\n";
	char *t = dup(src);
	shelf_diags d = SHELF_DIAGS_INIT;
	shelf_split s;

	INT_EQ(shelf_split_article(t, strlen(t), &s, &d, "a.md"), 0, "returns 0");
	STR_EQ(val(s.front_matter, "ms.date"), "01/02/2023", "front matter");
	OK(json_is_array(json_object_get(s.front_matter, "tags")), "list in front matter");
	STR_EQ(val(s.properties, "articleId"), "x1", "properties after front matter");
	INT_EQ(s.fm_first_line, 1, "fm first line");
	INT_EQ(s.fm_last_line, 5, "fm last line");
	INT_EQ(s.props_first_line, 6, "props first line");
	INT_EQ(s.props_last_line, 9, "props last line");
	OK(only_blanked(src, t), "only blanked, lines kept");
	OK(line_blank(t, 1) && line_blank(t, 5) && line_blank(t, 7) && line_blank(t, 9),
	   "fences and block blanked");
	STR_EQ(line_of(t, 10), "# Disk full", "body at its original line");
	INT_EQ(d.n, 0, "no diagnostics");
	shelf_split_free(&s);
	shelf_split_free(&s);   /* zeroed: a second free is harmless */
	shelf_split_free(NULL);
	free(t);
	shelf_diags_free(&d);
}

static void
test_front_matter_faults(void)
{
	shelf_diags d = SHELF_DIAGS_INIT;
	const shelf_diag *e;
	shelf_split s;
	char *t;

	t = dup("---\ntitle: never closed\n\n# Body\n");
	shelf_split_article(t, strlen(t), &s, &d, "a.md");
	e = find(&d, SHELF_E_YAML_UNCLOSED);
	OK(e && e->line == 1 && e->col == 1 && e->severity == SHELF_ERROR, "unclosed at 1:1");
	OK(s.front_matter == NULL && s.fm_first_line == 0, "no front matter");
	STR_EQ(t, "---\ntitle: never closed\n\n# Body\n", "nothing consumed");
	shelf_split_free(&s);
	shelf_diags_free(&d);
	free(t);

	t = dup("---  \n- a\n- b\n...\nbody\n");
	shelf_split_article(t, strlen(t), &s, &d, "a.md");
	e = find(&d, SHELF_W_YAML_NOT_MAPPING);
	OK(e && e->severity == SHELF_WARNING && e->line == 2, "not a mapping");
	OK(s.front_matter == NULL, "front matter dropped");
	INT_EQ(s.fm_last_line, 4, "closed by '...'");
	STR_EQ(t, "     \n   \n   \n   \nbody\n", "lines consumed anyway");
	shelf_split_free(&s);
	shelf_diags_free(&d);
	free(t);

	t = dup("---\ntitle: ok\nbad: [x\n---\n# Body\n");
	shelf_split_article(t, strlen(t), &s, &d, "a.md");
	e = find(&d, SHELF_E_YAML);
	OK(e != NULL && e->line == 4 && e->col == 1, "YAML error at file line 4 (%u:%u)",
	   e ? e->line : 0, e ? e->col : 0);
	OK(s.front_matter == NULL && s.fm_last_line == 4, "fenced lines still consumed");
	STR_EQ(line_of(t, 5), "# Body", "body kept");
	shelf_split_free(&s);
	shelf_diags_free(&d);
	free(t);

	t = dup("---\n---\nbody");
	shelf_split_article(t, strlen(t), &s, &d, "a.md");
	OK(json_is_object(s.front_matter) && json_object_size(s.front_matter) == 0,
	   "empty front matter is an empty object");
	INT_EQ(d.n, 0, "no diagnostics");
	shelf_split_free(&s);
	free(t);

	t = dup("--- \ntitle: x\n---");
	shelf_split_article(t, strlen(t), &s, &d, "a.md");
	STR_EQ(val(s.front_matter, "title"), "x", "closing fence at EOF");
	STR_EQ(t, "    \n        \n   ", "all blanked");
	shelf_split_free(&s);
	free(t);

	t = dup("----\ntitle: x\n---\n");
	shelf_split_article(t, strlen(t), &s, &d, "a.md");
	OK(s.front_matter == NULL && d.n == 0, "'----' does not open front matter");
	shelf_split_free(&s);
	free(t);
	shelf_diags_free(&d);
}

static void
test_front_matter_limit(void)
{
	shelf_buf b = SHELF_BUF_INIT;
	shelf_diags d = SHELF_DIAGS_INIT;
	const shelf_diag *e;
	shelf_split s;

	shelf_buf_puts(&b, "---\n");
	while (b.len <= SHELF_MAX_FRONT_MATTER + 4)
		shelf_buf_puts(&b, "key: value\n");
	shelf_buf_puts(&b, "---\n# Body\n");
	shelf_split_article(b.ptr, b.len, &s, &d, "a.md");
	e = find(&d, SHELF_E_YAML);
	OK(e && e->line == 2 && strstr(e->message, "longer than"), "too large");
	OK(s.front_matter == NULL && s.fm_last_line > 1, "not parsed, but consumed");
	STR_EQ(line_of(b.ptr, s.fm_last_line + 1), "# Body", "body after it");
	OK(line_blank(b.ptr, 2), "its lines are blanked");
	shelf_split_free(&s);
	shelf_diags_free(&d);
	shelf_buf_free(&b);
}

static void
test_preamble(void)
{
	const char *src = "# ARP incomplete\n\n<properties\npageTitle=\"ARP\"\narticleId=\"1\"\n/>\n\n## Next\n";
	char *t = dup(src);
	shelf_diags d = SHELF_DIAGS_INIT;
	shelf_split s;

	shelf_split_article(t, strlen(t), &s, &d, "a.md");
	STR_EQ(val(s.properties, "articleId"), "1", "block after an H1");
	INT_EQ(d.n, 0, "a heading is no preamble fault");
	STR_EQ(line_of(t, 1), "# ARP incomplete", "heading kept in the body");
	INT_EQ(s.props_first_line, 3, "first line");
	INT_EQ(s.props_last_line, 6, "last line");
	OK(only_blanked(src, t), "only blanked");
	shelf_split_free(&s);
	free(t);

	t = dup("<!-- for \"other\" topics -->\n<properties articleId=\"2\" />\nx\n");
	shelf_split_article(t, strlen(t), &s, &d, "a.md");
	STR_EQ(val(s.properties, "articleId"), "2", "block after a comment");
	INT_EQ(d.n, 0, "no warning");
	STR_EQ(line_of(t, 1), "<!-- for \"other\" topics -->", "comment kept");
	shelf_split_free(&s);
	free(t);

	t = dup("<!--\n multi-line\n comment -->\n  <PROPERTIES articleId=\"3\"/>\n");
	shelf_split_article(t, strlen(t), &s, &d, "a.md");
	STR_EQ(val(s.properties, "articleId"), "3", "multi-line comment, indented upper case");
	INT_EQ(s.props_first_line, 4, "line");
	shelf_split_free(&s);
	free(t);
	shelf_diags_free(&d);

	t = dup("\"public, usnat, ussec\"\n\n<properties articleId=\"4\"\n/>\n");
	shelf_split_article(t, strlen(t), &s, &d, "a.md");
	STR_EQ(val(s.properties, "articleId"), "4", "block after a stray line");
	OK(find(&d, SHELF_W_PROP_PREAMBLE) && d.v[0].line == 1 && d.v[0].col == 1,
	   "stray line reported at 1:1");
	STR_EQ(line_of(t, 1), "\"public, usnat, ussec\"", "stray line kept");
	shelf_split_free(&s);
	free(t);
	shelf_diags_free(&d);
}

static void
test_no_block(void)
{
	const char *src = "# Title\n\nA first paragraph\nthat goes on\nand on.\n\n<properties a=\"1\"/>\n";
	char *t = dup(src);
	shelf_diags d = SHELF_DIAGS_INIT;
	shelf_split s;
	shelf_buf b = SHELF_BUF_INIT;
	int i;

	shelf_split_article(t, strlen(t), &s, &d, "a.md");
	OK(s.properties == NULL && s.props_first_line == 0, "a body is no preamble");
	STR_EQ(t, src, "untouched");
	INT_EQ(d.n, 0, "no diagnostics");
	shelf_split_free(&s);
	free(t);

	for (i = 0; i < SHELF_MAX_PREAMBLE_LINES + 5; i++)
		shelf_buf_puts(&b, "\n");
	shelf_buf_puts(&b, "<properties a=\"1\"/>\n");
	shelf_split_article(b.ptr, b.len, &s, &d, "a.md");
	OK(s.properties == NULL, "too far down");
	shelf_split_free(&s);
	shelf_buf_free(&b);

	t = dup("<propertiesX a=\"1\"/>\n");
	shelf_split_article(t, strlen(t), &s, &d, "a.md");
	OK(s.properties == NULL, "another tag name");
	shelf_split_free(&s);
	free(t);

	t = dup("");
	INT_EQ(shelf_split_article(t, 0, &s, &d, "a.md"), 0, "empty text");
	OK(!s.front_matter && !s.properties && !s.fm_first_line && !s.props_last_line,
	   "all zero");
	free(t);
	shelf_diags_free(&d);
}

static void
test_faulty_block_blanking(void)
{
	const char *src = "<properties\n\tms.author=\"jdoe\n\tarticleId=\"a\"\n\tselfHelpType=\"b\",\n/>e\n"
	                  "# Title\n";
	char *t = dup(src);
	shelf_diags d = SHELF_DIAGS_INIT;
	shelf_split s;

	shelf_split_article(t, strlen(t), &s, &d, "f.md");
	STR_EQ(val(s.properties, "ms.author"), "jdoe", "no close quote");
	STR_EQ(val(s.properties, "selfHelpType"), "b", "comma");
	OK(find(&d, SHELF_W_PROP_NO_CLOSE_QUOTE) && find(&d, SHELF_W_PROP_JUNK_AFTER_VALUE)
	   && find(&d, SHELF_W_PROP_JUNK_AFTER_END), "three warnings");
	INT_EQ(s.props_last_line, 5, "last line is the '/>e' line");
	OK(line_blank(t, 5), "junk after '/>' blanked");
	STR_EQ(line_of(t, 6), "# Title", "body kept");
	OK(only_blanked(src, t), "only blanked");
	shelf_split_free(&s);
	free(t);
	shelf_diags_free(&d);

	src = "<properties\n\tarticleId=\"a\"\n\n# Body\n";
	t = dup(src);
	shelf_split_article(t, strlen(t), &s, &d, "f.md");
	OK(find(&d, SHELF_E_PROP_UNTERMINATED) != NULL, "unterminated");
	INT_EQ(s.props_last_line, 2, "ends before the blank line");
	STR_EQ(line_of(t, 4), "# Body", "body kept");
	shelf_split_free(&s);
	free(t);
	shelf_diags_free(&d);
}

/* Reads a file and normalises it as stage 1 does (BOMs dropped, CRLF and
 * CR turned into LF).  Returns a malloc'd string (length in *len) or NULL. */
static char *
read_normalized(const char *path, size_t *len)
{
	shelf_diags d = SHELF_DIAGS_INIT;
	size_t n;
	char *raw = shelf_file_slurp(path, SHELF_MAX_FILE_BYTES, &n, &d, path);
	char *t = raw ? shelf_text_normalize(raw, n, len, &d, path) : NULL;

	free(raw);
	shelf_diags_free(&d);
	return t;
}

static void
test_seeds(void)
{
	shelf_diags d = SHELF_DIAGS_INIT;
	shelf_split s;
	size_t len;
	char *t = read_normalized(shared_path("seeds/000_3917b02228889d01.txt"), &len);

	if (t == NULL) {
		printf("seeds not found, skipped\n");
		return;
	}
	shelf_split_article(t, len, &s, &d, "000.md");
	STR_EQ(val(s.front_matter, "ms.date"), "05/15/2024", "000: date as text");
	STR_EQ(val(s.front_matter, "ms.custom"), "sap:My VM is not booting", "000");
	INT_EQ(s.fm_last_line, 16, "000: closing fence");
	OK(s.properties == NULL, "000: no properties");
	STR_EQ(line_of(t, 17), "# Windows Stop error - 0xC000021A Status System Process "
	       "Terminated", "000: body line 17");
	shelf_split_free(&s);
	free(t);

	t = read_normalized(shared_path("seeds/001_f6a83ba25f2e67f4.txt"), &len);
	shelf_split_article(t, len, &s, &d, "001.md");
	INT_EQ(json_object_size(s.properties), 16, "001: 16 attributes");
	STR_EQ(val(s.properties, "cloudEnvironments"), "public, Fairfax, usnat, ussec", "001");
	INT_EQ(s.props_first_line, 1, "001: first");
	INT_EQ(s.props_last_line, 18, "001: last");
	OK(s.front_matter == NULL, "001: no front matter");
	shelf_split_free(&s);
	free(t);

	t = read_normalized(shared_path("seeds/002_c2b57c279a815c5b.txt"), &len);
	shelf_split_article(t, len, &s, &d, "002.md");
	STR_EQ(val(s.front_matter, "ms.contentlocale"), "ko-KR", "002: locale");
	STR_EQ(val(s.front_matter, "editor"), "", "002: ''");
	STR_EQ(val(s.front_matter, "ms.locfileid"), "91977000", "002: quoted number");
	shelf_split_free(&s);
	free(t);
	INT_EQ(d.n, 0, "seeds are clean");
	shelf_diags_free(&d);
}

typedef struct corpus_stats {
	size_t files, warnings, errors;
} corpus_stats;

/* Splits one corpus article and checks the attributes every one has. */
static void
corpus_file(const char *path, corpus_stats *st)
{
	shelf_diags d = SHELF_DIAGS_INIT;
	shelf_split s;
	size_t len;
	char *t = read_normalized(path, &len);

	OK(t != NULL, "read %s", path);
	if (t == NULL)
		return;
	OK(shelf_split_article(t, len, &s, &d, path) == 0, "split %s", path);
	OK(s.properties != NULL, "properties in %s", path);
	OK(val(s.properties, "selfHelpType") && *val(s.properties, "selfHelpType"),
	   "selfHelpType in %s", path);
	OK(val(s.properties, "articleId") && *val(s.properties, "articleId"),
	   "articleId in %s", path);
	OK(shelf_diags_count(&d, SHELF_ERROR) == 0, "no error in %s", path);
	st->files++;
	st->warnings += shelf_diags_count(&d, SHELF_WARNING);
	st->errors += shelf_diags_count(&d, SHELF_ERROR);
	shelf_split_free(&s);
	shelf_diags_free(&d);
	free(t);
}

/* Walks `dir` recursively. */
static void
corpus_walk(const char *dir, corpus_stats *st)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	struct stat sb;
	shelf_buf path = SHELF_BUF_INIT;

	if (dp == NULL)
		return;
	while ((e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.')
			continue;       /* ., .., .gitignore */
		shelf_buf_clear(&path);
		shelf_buf_printf(&path, "%s/%s", dir, e->d_name);
		if (stat(path.ptr, &sb) != 0)
			continue;
		if (S_ISDIR(sb.st_mode))
			corpus_walk(path.ptr, st);
		else if (S_ISREG(sb.st_mode) && !strstr(e->d_name, ".png") &&
		         !strstr(e->d_name, ".jpg") && !strstr(e->d_name, ".gif"))
			corpus_file(path.ptr, st);
	}
	closedir(dp);
	shelf_buf_free(&path);
}

static void
test_corpus(void)
{
	const char *dir = getenv("SHELF_SELFHELP_CORPUS");
	corpus_stats st = {0, 0, 0};
	struct stat sb;

	if (dir == NULL)
		dir = shared_path("corpus/selfhelp/articles");
	if (stat(dir, &sb) != 0) {
		printf("corpus %s not found, skipped\n", dir);
		return;
	}
	corpus_walk(dir, &st);
	OK(st.files > 0, "corpus has articles");
	printf("corpus: %zu articles, %zu warnings, %zu errors\n", st.files,
	       st.warnings, st.errors);
}

int
main(void)
{
	RUN(test_front_matter_and_properties);
	RUN(test_front_matter_faults);
	RUN(test_front_matter_limit);
	RUN(test_preamble);
	RUN(test_no_block);
	RUN(test_faulty_block_blanking);
	RUN(test_seeds);
	RUN(test_corpus);
	return harness_done();
}
