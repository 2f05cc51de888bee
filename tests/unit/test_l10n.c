/* test_l10n.c - translation QA: the outline of a file and the checks'
 * decisions, through l10n_doc_load and shelf_l10n_run. */
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"
#include "l10n.h"

static char dir[] = "/tmp/shelf-l10n-XXXXXX";

/* Writes `text` to dir/name and returns the path (static buffer per slot). */
static const char *
put(const char *name, const char *text)
{
	static char paths[4][512];
	static int slot;
	char *p = paths[slot++ % 4];
	FILE *f;

	snprintf(p, 512, "%s/%s", dir, name);
	f = fopen(p, "wb");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return p;
}

static size_t
count_kind(const l10n_doc *d, l10n_kind k)
{
	size_t i, n = 0;

	for (i = 0; i < d->n_items; i++)
		n += d->items[i].kind == k;
	return n;
}

static const l10n_item *
first(const l10n_doc *d, l10n_kind k)
{
	size_t i;

	for (i = 0; i < d->n_items; i++)
		if (d->items[i].kind == k)
			return &d->items[i];
	return NULL;
}

static void
test_outline(void)
{
	const char *p = put("a.md",
		"---\ntitle: T\n---\n"
		"# <a name=\"x-y\"></a>Title\n\n"
		"Text with `code` and [a link](b.md#c).\n\n"
		"> [!NOTE]\n> Note text.\n\n"
		"1. one\n\n   ```bash\n   ls -l\n   ```\n\n"
		"2. two\n\n"
		"| a | b |\n|---|---|\n| 1 | 2 |\n\n"
		"[!INCLUDE [t](../includes/x.md)]\n\n"
		"```\n[!INCLUDE [not](a-directive.md)]\n```\n");
	l10n_doc *d = l10n_doc_load(p, "a.md");
	const l10n_item *it;

	OK(d != NULL && d->readable, "loaded");
	if (d == NULL)
		return;
	OK(d->fm != NULL && d->fm_present && !d->fm_broken, "front matter");
	it = first(d, L10N_HEADING);
	OK(it && it->level == 1 && it->b && strcmp(it->b, "x-y") == 0, "explicit heading id");
	STR_EQ(it ? it->a : NULL, "Title", "heading text without the anchor");
	INT_EQ(it ? it->line : 0, 4, "heading line counts the front matter");
	INT_EQ(count_kind(d, L10N_CODE_SPAN), 1, "code span");
	it = first(d, L10N_LINK);
	STR_EQ(it ? it->a : NULL, "b.md#c", "link url");
	it = first(d, L10N_ALERT);
	STR_EQ(it ? it->a : NULL, "NOTE", "alert marker");
	it = first(d, L10N_LIST);
	OK(it && it->level == 1 && it->count == 2, "ordered list of two items");
	it = first(d, L10N_TABLE);
	OK(it && it->level == 2 && it->count == 2, "table: 2 columns, 2 rows");
	it = first(d, L10N_DIRECTIVE);
	OK(it && it->level == SHELF_DIR_INCLUDE && strcmp(it->a, "../includes/x.md") == 0,
	   "include directive");
	INT_EQ(count_kind(d, L10N_DIRECTIVE), 1, "an include inside code is code");
	INT_EQ(count_kind(d, L10N_CODE_BLOCK), 2, "code blocks, the nested one too");
	OK(d->n_blocks >= 5 && d->n_lines >= 5, "prose lines collected");
	l10n_doc_free(d);
}

/* Runs one explicit pair and returns the report. */
static shelf_l10n_report *
pair(const char *src, const char *tgt)
{
	const char *files[2];
	shelf_l10n_options o;
	shelf_l10n_report *r = NULL;

	files[0] = put("src.md", src);
	files[1] = put("tgt.md", tgt);
	memset(&o, 0, sizeof o);
	o.pairs = files;
	o.n_pairs = 1;
	if (shelf_l10n_run(NULL, &o, &r, NULL) != 0)
		return NULL;
	return r;
}

/* The first finding of check `id`, or NULL. */
static const shelf_l10n_finding *
find_check(const shelf_l10n_report *r, const char *id)
{
	size_t i;

	for (i = 0; i < shelf_l10n_count(r); i++)
		if (strcmp(shelf_l10n_at(r, i)->check, id) == 0)
			return shelf_l10n_at(r, i);
	return NULL;
}

static void
test_stale_hash(void)
{
	/* SHA-1 of "x\r\ny\r\n" (the source hashed with CRLF) */
	const char *src = "x\ny\n";
	shelf_l10n_report *r = pair(src, "---\nms.openlocfilehash: "
	                            "0a7f3b9a6b1bb3e4b6e4b2b1d1ab7a0d7d0a8d27\n---\nx\n");
	const shelf_l10n_finding *f;

	OK(r != NULL, "run");
	f = r ? find_check(r, "stale") : NULL;
	OK(f != NULL && f->severity == SHELF_L10N_WARNING, "a wrong hash is stale");
	shelf_l10n_report_free(r);
	/* the real CRLF hash: in sync */
	r = pair(src, "---\nms.openlocfilehash: b108c1826a81be814f3b94fda7ff02497298dd35\n---\nx\n");
	OK(r && find_check(r, "stale") == NULL, "the CRLF hash is in sync");
	shelf_l10n_report_free(r);
}

static void
test_grouping(void)
{
	shelf_l10n_report *r = pair("# A\n\n## B\n",
		"---\nms.openlocfilehash: 0000000000000000000000000000000000000000\n---\n"
		"# A\n\n### B\n");
	const shelf_l10n_finding *f = r ? find_check(r, "headings") : NULL;

	OK(f && f->stale && f->severity == SHELF_L10N_INFO, "grouped under stale as info");
	OK(r && strcmp(shelf_l10n_at(r, 0)->check, "stale") == 0, "stale comes first");
	shelf_l10n_report_free(r);
	r = pair("# A\n\n## B\n", "# A\n\n### B\n");
	f = r ? find_check(r, "headings") : NULL;
	OK(f && !f->stale && f->severity == SHELF_L10N_WARNING, "not stale: a warning");
	shelf_l10n_report_free(r);
}

static void
test_checks(void)
{
	shelf_l10n_report *r;
	const shelf_l10n_finding *f;

	r = pair("Error 0xC0000225 in `svc.exe`.\n", "오류 0xc0000225, `svc .exe`.\n");
	f = r ? find_check(r, "literals") : NULL;
	OK(f && strstr(f->message, "0xc0000225"), "hex case change quoted");
	f = r ? find_check(r, "code-spans") : NULL;
	OK(f && f->severity == SHELF_L10N_ERROR, "altered inline code is an error");
	shelf_l10n_report_free(r);

	r = pair("Wait (##% complete).\n", "기다립니다 (# #% 완료).\n");
	f = r ? find_check(r, "placeholders") : NULL;
	OK(f && f->target_text && strcmp(f->target_text, "# #%") == 0, "damaged ##%%");
	shelf_l10n_report_free(r);

	r = pair("Open **Settings** now.\n", "** 설정**을 엽니다.\n");
	f = r ? find_check(r, "markup-leak") : NULL;
	OK(f && f->severity == SHELF_L10N_ERROR, "leaked emphasis");
	shelf_l10n_report_free(r);

	r = pair("Same text in both files here.\n", "Same text in both files here.\n");
	OK(r && shelf_l10n_count_severity(r, SHELF_L10N_ERROR) == 0, "identical: no error");
	shelf_l10n_report_free(r);

	r = pair("```\nls -l\n```\n", "```\nls -l\n# 주석\n```\n");
	OK(r && find_check(r, "code-blocks") == NULL, "a translated comment is fine");
	shelf_l10n_report_free(r);
}

static void
test_list_checks(void)
{
	const char *id, *ex;
	size_t n = shelf_l10n_checks(0, NULL, NULL), i;
	int stale = 0;

	OK(n >= 21, "at least the 21 checks of the spec");
	for (i = 0; i < n; i++) {
		shelf_l10n_checks(i, &id, &ex);
		OK(id && ex && *ex, "check %zu explained", i);
		stale |= id && strcmp(id, "stale") == 0;
	}
	OK(stale, "stale listed");
	shelf_l10n_checks(n, &id, &ex);
	OK(id == NULL && ex == NULL, "past the end");
}

int
main(void)
{
	char cmd[64];

	if (mkdtemp(dir) == NULL)
		return 1;
	RUN(test_outline);
	RUN(test_stale_hash);
	RUN(test_grouping);
	RUN(test_checks);
	RUN(test_list_checks);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	return harness_done();
}
