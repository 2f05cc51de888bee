/*
 * sections.h - the structure of a portal article: the
 * `<!--issueDescription-->` section, the H2 sections, and the `---` JSON
 * `---` data block after the H1.
 *
 * Markers and the JSON block are found in the text before cmark parses it
 * and blanked (newlines kept): a JSON block under a heading would parse as
 * a setext heading and paragraphs, and text after a marker on its line
 * would be swallowed into an HTML block.  Sections are then cut from the
 * rendered HTML by the source lines of its top-level blocks.
 */
#ifndef SHELF_SECTIONS_H
#define SHELF_SECTIONS_H

#include <jansson.h>
#include "diag.h"
#include "doc.h"

/* Most issueDescription markers kept per article (real files have <= 6). */
#define SHELF_MAX_SECTION_MARKS 64

typedef struct shelf_marks {
	unsigned open[SHELF_MAX_SECTION_MARKS];   /* line of each section start */
	unsigned close[SHELF_MAX_SECTION_MARKS];  /* line of its end (0: to the next heading) */
	size_t n;
} shelf_marks;

/* Scans portal text (len bytes, modified in place): pairs issueDescription
 * markers, recovering the unbalanced forms of the corpus with a warning
 * (two closers, two openers, never closed, reversed), parses the JSON block
 * into *data (NULL when none; SHELF_E_JSON with line:col when invalid).
 * Returns 0, -1 on OOM. */
int shelf_sections_scan(char *text, size_t len, shelf_marks *m, json_t **data,
                        shelf_diags *d, const char *file);

/* From the rendered `html`, its block map and its headings (doc.h),
 * fills `sections` (one per H2: id, title, html) and `issue` (present only
 * when the article has issueDescription markers).  Both are overwritten;
 * free with shelf_sections_free and shelf_issue_free. */
void shelf_sections_build(const shelf_marks *m, const char *html, const shelf_blocks *blocks,
                          const shelf_headings *heads, shelf_sections *sections,
                          shelf_issue *issue);

#endif
