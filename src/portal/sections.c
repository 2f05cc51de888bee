/*
 * sections.c - issueDescription, H2 sections and the JSON block; see
 * sections.h.
 */
#include "sections.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>

typedef struct line_ref {
	size_t at, end;       /* offsets of the line's start and of its '\n' */
	unsigned no;
} line_ref;

static void
blank(char *text, size_t from, size_t to)
{
	for (; from < to; from++)
		if (text[from] != '\n')
			text[from] = ' ';
}

/* Removes the marker of `mlen` bytes at `at` from its line (which ends at
 * `end`).  Alone on its line it is blanked.  With text after it, the text
 * moves left (so it is not read as indented code) and the line ends with
 * an empty comment of the same length, which renders as nothing. */
static void
drop_marker(char *text, size_t at, size_t end, size_t mlen)
{
	size_t rest = end - (at + mlen), k;

	for (k = at + mlen; k < end && (text[k] == ' ' || text[k] == '\t'); k++)
		;
	if (k == end) {
		blank(text, at, end);
		return;
	}
	memmove(text + at, text + at + mlen, rest);
	memcpy(text + end - mlen, "<!--", 4);
	memset(text + end - mlen + 4, ' ', mlen - 7);
	memcpy(text + end - 3, "-->", 3);
}

/* Offset of the marker `<!--issueDescription-->` (closing: with '/') at
 * the start of the line (after blanks), or (size_t)-1. */
static size_t
marker_at(const char *s, size_t n, int *closing)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (n - i >= 23 && strncmp(s + i, "<!--issueDescription-->", 23) == 0) {
		*closing = 0;
		return i;
	}
	if (n - i >= 24 && strncmp(s + i, "<!--/issueDescription-->", 24) == 0) {
		*closing = 1;
		return i;
	}
	return (size_t)-1;
}

/* Pairs the markers in order.  O C is a section; C C (the opener written
 * as a closer), O O (the closer written as an opener) and C O (reversed)
 * are read as one section with a warning; a final O runs to the next
 * heading. */
static void
pair_marks(shelf_marks *m, const unsigned *line, const int *closing, size_t n,
           shelf_diags *d, const char *file)
{
	size_t i = 0;

	while (i < n && m->n < SHELF_MAX_SECTION_MARKS) {
		if (i + 1 < n && !closing[i] && closing[i + 1]) {
			m->open[m->n] = line[i];
			m->close[m->n++] = line[i + 1];
			i += 2;
			continue;
		}
		if (i + 1 < n) {
			shelf_diags_add(d, SHELF_W_SECTION, SHELF_WARNING, file, line[i], 1,
			                "issueDescription markers are %s; read as one section up to line %u",
			                closing[i] && closing[i + 1] ? "both closers"
			                : !closing[i] ? "both openers" : "reversed", line[i + 1]);
			m->open[m->n] = line[i];
			m->close[m->n++] = line[i + 1];
			i += 2;
			continue;
		}
		shelf_diags_add(d, SHELF_W_SECTION, SHELF_WARNING, file, line[i], 1,
		                "issueDescription is %s; read up to the next heading",
		                closing[i] ? "a lone closer" : "never closed");
		m->open[m->n] = line[i];
		m->close[m->n++] = 0;
		i++;
	}
}

/* Parses the JSON block text, retrying with raw control characters in
 * strings escaped (9 real files have tabs there) before giving up. */
static json_t *
parse_json(char *s, size_t n, unsigned first_line, shelf_diags *d, const char *file)
{
	json_error_t err;
	json_t *v = json_loadb(s, n, 0, &err);
	shelf_buf fixed = SHELF_BUF_INIT;
	int in_str = 0, mended = 0;
	size_t i;

	if (v)
		return v;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (c == '"' && (i == 0 || s[i - 1] != '\\'))
			in_str = !in_str;
		if (in_str && (unsigned char)c < 0x20) {
			shelf_buf_printf(&fixed, "\\u%04x", (unsigned)(unsigned char)c);
			mended = 1;
		} else {
			shelf_buf_putc(&fixed, c);
		}
	}
	/* nothing mended: the same text fails the same way */
	v = mended ? json_loadb(shelf_buf_cstr(&fixed), fixed.len, 0, NULL) : NULL;
	shelf_buf_free(&fixed);
	if (v) {
		shelf_diags_add(d, SHELF_E_JSON, SHELF_WARNING, file, first_line + (unsigned)err.line - 1,
		                (unsigned)(err.column > 0 ? err.column : 1),
		                "JSON block has raw control characters in strings (%s); read leniently",
		                err.text);
		return v;
	}
	shelf_diags_add(d, SHELF_E_JSON, SHELF_ERROR, file, first_line + (unsigned)err.line - 1,
	                (unsigned)(err.column > 0 ? err.column : 1), "invalid JSON block: %s", err.text);
	return NULL;
}

/* Finds `---` / `{…}` / `---` after the first H1: the opening `---` is the
 * first such line followed (after blanks) by a line starting with '{'; the
 * closing one is the last `---` line. */
static void
json_block(char *text, const line_ref *lines, size_t nl, json_t **data, shelf_diags *d,
           const char *file)
{
	size_t i, j, open = nl, close = nl;
	int seen_h1 = 0;

	for (i = 0; i < nl && open == nl; i++) {
		const char *s = text + lines[i].at;
		size_t n = lines[i].end - lines[i].at;
		if (n >= 2 && s[0] == '#' && s[1] == ' ')
			seen_h1 = 1;
		if (seen_h1 && n >= 3 && strncmp(s, "---", 3) == 0 && strspn(s, "- \t") == n) {
			for (j = i + 1; j < nl && lines[j].end == lines[j].at; j++)
				;
			if (j < nl && text[lines[j].at] == '{')
				open = i;
		}
	}
	for (i = nl; i > open + 1; i--) {
		const char *s = text + lines[i - 1].at;
		size_t n = lines[i - 1].end - lines[i - 1].at;
		if (n >= 3 && strncmp(s, "---", 3) == 0 && strspn(s, "- \t") == n) {
			close = i - 1;
			break;
		}
	}
	if (open == nl || close == nl)
		return;
	*data = parse_json(text + lines[open + 1].at, lines[close].at - lines[open + 1].at,
	                   lines[open + 1].no, d, file);
	blank(text, lines[open].at, lines[close].end);
}

int
shelf_sections_scan(char *text, size_t len, shelf_marks *m, json_t **data,
                    shelf_diags *d, const char *file)
{
	unsigned mline[SHELF_MAX_SECTION_MARKS];
	int mclose[SHELF_MAX_SECTION_MARKS];
	line_ref *lines = NULL;
	size_t nl = 0, cap = 0, pos = 0, nm = 0, at;
	unsigned no = 1;

	memset(m, 0, sizeof *m);
	*data = NULL;
	while (pos <= len) {
		const char *nlp = pos < len ? memchr(text + pos, '\n', len - pos) : NULL;
		size_t e = nlp ? (size_t)(nlp - text) : len;
		int closing;
		if (nl == cap) {
			line_ref *nv = realloc(lines, (cap = cap ? cap * 2 : 256) * sizeof *nv);
			if (nv == NULL) {
				free(lines);
				return -1;
			}
			lines = nv;
		}
		lines[nl++] = (line_ref){pos, e, no};
		if ((at = marker_at(text + pos, e - pos, &closing)) != (size_t)-1 &&
		    nm < SHELF_MAX_SECTION_MARKS) {
			mline[nm] = no;
			mclose[nm++] = closing;
			drop_marker(text, pos + at, e, 23 + (size_t)closing);
		}
		if (nlp == NULL)
			break;
		pos = e + 1;
		no++;
	}
	pair_marks(m, mline, mclose, nm, d, file);
	json_block(text, lines, nl, data, d, file);
	free(lines);
	return 0;
}

/* 1 when the blocks that have a line (transforms make some without)
 * come in the order of their lines: then the blocks of a line range are
 * found from where it starts, and the scan stops where it ends. */
static int
blocks_in_line_order(const shelf_blocks *blocks)
{
	unsigned last = 0;
	size_t i;

	for (i = 0; i < blocks->n; i++) {
		if (blocks->v[i].line == 0)
			continue;
		if (blocks->v[i].line < last)
			return 0;
		last = blocks->v[i].line;
	}
	return 1;
}

/* Index of the first block whose line is `line` or more, going back from
 * `i` (blocks in line order; lines of 0 skipped). */
static size_t
first_at(const shelf_blocks *blocks, size_t i, unsigned line)
{
	size_t j = i;

	while (i > 0 && (blocks->v[i - 1].line >= line || blocks->v[i - 1].line == 0))
		if (blocks->v[--i].line != 0)
			j = i;
	return j;
}

/* Appends the HTML of blocks [from_line, to_line) to `h` and, when `t`
 * is not NULL, its text (the HTML without tags, entities as written).
 * `start`: the first block that can be in the range, and `ordered`: the
 * blocks are in line order (so none past the range's end is in it). */
static void
cut(const char *html, const shelf_blocks *blocks, size_t start_block, int ordered,
    unsigned from, unsigned to, int skip_heading, shelf_buf *h, shelf_buf *t)
{
	size_t i, start = h->len;

	for (i = start_block; i < blocks->n; i++) {
		const shelf_block *b = &blocks->v[i];
		if (ordered && to && b->line >= to)
			break;
		if (b->line < from || (to && b->line >= to) || b->open)
			continue;
		if (skip_heading && b->line == from && b->heading != SHELF_NO_HEADING)
			continue;
		shelf_buf_put(h, html + b->from, b->to - b->from);
	}
	for (i = start; t && i < h->len; i++) {
		if (h->ptr[i] == '<') {
			const char *gt = memchr(h->ptr + i, '>', h->len - i);
			i = gt ? (size_t)(gt - h->ptr) : h->len;
			continue;
		}
		shelf_buf_putc(t, h->ptr[i]);
	}
}

/* Line of the first top-level heading (level <= 2) after `line`, or 0;
 * blocks before `from` need not be looked at (they are in line order and
 * not after `line`). */
static unsigned
next_heading(const shelf_blocks *blocks, const shelf_headings *heads, size_t from,
             unsigned line)
{
	size_t i;

	for (i = from; i < blocks->n; i++) {
		const shelf_block *b = &blocks->v[i];
		if (b->heading != SHELF_NO_HEADING && b->line > line &&
		    heads->v[b->heading].level <= 2)
			return b->line;
	}
	return 0;
}

void
shelf_sections_build(const shelf_marks *m, const char *html, const shelf_blocks *blocks,
                     const shelf_headings *heads, shelf_sections *sections, shelf_issue *issue)
{
	shelf_buf ih = SHELF_BUF_INIT, it = SHELF_BUF_INIT, sh = SHELF_BUF_INIT;
	int ordered = blocks_in_line_order(blocks);
	size_t i;

	memset(sections, 0, sizeof *sections);
	memset(issue, 0, sizeof *issue);
	for (i = 0; i < blocks->n; i++) {
		const shelf_block *b = &blocks->v[i];
		const shelf_heading *h;
		size_t s;
		if (b->heading == SHELF_NO_HEADING || heads->v[b->heading].level != 2)
			continue;
		h = &heads->v[b->heading];
		s = ordered ? first_at(blocks, i, b->line) : 0;
		shelf_buf_clear(&sh);
		cut(html, blocks, s, ordered, b->line, next_heading(blocks, heads, s, b->line), 1,
		    &sh, NULL);
		shelf_sections_push(sections, h->id, h->text, shelf_buf_cstr(&sh));
	}
	for (i = 0; i < m->n; i++) {
		unsigned to = m->close[i] ? m->close[i] : next_heading(blocks, heads, 0, m->open[i]);
		cut(html, blocks, 0, ordered, m->open[i], to, 0, &ih, &it);
	}
	if (m->n) {
		issue->present = 1;
		issue->html = shelf_buf_detach(&ih);
		issue->text = shelf_buf_detach(&it);
	}
	shelf_buf_free(&ih);
	shelf_buf_free(&it);
	shelf_buf_free(&sh);
}
