/* split.c - stage 2: front matter and the properties block; see split.h. */
#include "split.h"
#include "frontmatter.h"
#include "properties.h"

#include <string.h>
#include <strings.h>

/* find_props() found nothing. */
#define NOT_FOUND ((size_t)-1)

/* Stray lines seen before the properties block, to report once it is
 * found (a Markdown body without a block has them too, silently). */
typedef struct preamble {
	size_t n;
	unsigned line[SHELF_MAX_PREAMBLE_STRAY];
	unsigned col[SHELF_MAX_PREAMBLE_STRAY];
	size_t off[SHELF_MAX_PREAMBLE_STRAY];
	size_t len[SHELF_MAX_PREAMBLE_STRAY];
} preamble;

/* Offset of the '\n' that ends the line at s[i], or len. */
static size_t
eol(const char *s, size_t len, size_t i)
{
	const char *p = i < len ? memchr(s + i, '\n', len - i) : NULL;

	return p ? (size_t)(p - s) : len;
}

static int
is_line_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Is the line s[b..e) the 3-byte `mark` followed only by blanks? */
static int
is_fence(const char *s, size_t b, size_t e, const char *mark)
{
	if (e - b < 3 || memcmp(s + b, mark, 3) != 0)
		return 0;
	for (b += 3; b < e; b++)
		if (!is_line_blank((unsigned char)s[b]))
			return 0;
	return 1;
}

/* Overwrites s[b..e) with spaces, keeping every '\n'. */
static void
blank_out(char *s, size_t b, size_t e)
{
	for (; b < e; b++)
		if (s[b] != '\n')
			s[b] = ' ';
}

/* Cuts and parses the front matter, if the text starts with one.  Sets
 * *body and *body_line to where the text after it begins.  Returns 0, or
 * -1 on OOM. */
static int
split_front_matter(char *text, size_t len, shelf_split *out, shelf_diags *d,
                   const char *file, size_t *body, unsigned *body_line)
{
	size_t e0 = eol(text, len, 0), i, e = len, ylen, before;
	unsigned line = 2;
	json_t *fm;

	*body = 0;
	*body_line = 1;
	if (!is_fence(text, 0, e0, "---"))
		return 0;
	for (i = e0 + 1; i < len; i = e + 1, line++) {
		e = eol(text, len, i);
		if (is_fence(text, i, e, "---") || is_fence(text, i, e, "..."))
			break;
	}
	if (i >= len) {
		shelf_diags_add(d, SHELF_E_YAML_UNCLOSED, SHELF_ERROR, file, 1, 1,
		                "front matter opened by '---' is never closed by '---' "
		                "or '...'; it is rendered as text");
		return 0;
	}
	ylen = i - (e0 + 1);
	if (ylen > SHELF_MAX_FRONT_MATTER) {
		shelf_diags_add(d, SHELF_E_YAML, SHELF_ERROR, file, 2, 1, "front matter "
		                "is longer than %zu bytes; it is not read",
		                SHELF_MAX_FRONT_MATTER);
	} else {
		before = d->n + d->dropped;
		fm = shelf_yaml_parse(text + e0 + 1, ylen, 2, d, file);
		if (fm == NULL && d->n + d->dropped == before)
			return -1;      /* NULL without a diagnostic: OOM */
		if (fm != NULL && !json_is_object(fm)) {
			shelf_diags_add(d, SHELF_W_YAML_NOT_MAPPING, SHELF_WARNING, file,
			                2, 1, "front matter is not a mapping of keys to "
			                "values; it is ignored");
			json_decref(fm);
			fm = NULL;
		}
		out->front_matter = fm;
	}
	out->fm_first_line = 1;
	out->fm_last_line = line;
	blank_out(text, 0, e);
	*body = e < len ? e + 1 : len;
	*body_line = line + 1;
	return 0;
}

/* Does the line s[b..e), b past its leading blanks, open the block? */
static int
opens_props(const char *s, size_t b, size_t e)
{
	unsigned char c;

	if (e - b < 11 || strncasecmp(s + b, "<properties", 11) != 0)
		return 0;
	if (b + 11 == e)
		return 1;
	c = (unsigned char)s[b + 11];
	return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	         (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ':');
}

/* Does s[b..e) contain "-->"?  (memmem is not POSIX.) */
static int
has_comment_end(const char *s, size_t b, size_t e)
{
	for (; b + 3 <= e; b++)
		if (s[b] == '-' && s[b + 1] == '-' && s[b + 2] == '>')
			return 1;
	return 0;
}

/* Looks for the line opening the properties block, from offset `i` (file
 * line `line`) on, past a preamble of blank lines, headings, HTML comments
 * and a few short stray lines (collected in *pre).  Returns the offset of
 * "<properties" and sets *pline, or returns NOT_FOUND. */
static size_t
find_props(const char *s, size_t len, size_t i, unsigned line,
           unsigned *pline, preamble *pre)
{
	size_t n, b, e;
	int in_comment = 0;

	pre->n = 0;
	for (n = 0; i < len && n < SHELF_MAX_PREAMBLE_LINES; n++, line++, i = e + 1) {
		e = eol(s, len, i);
		for (b = i; b < e && is_line_blank((unsigned char)s[b]); b++)
			;
		if (in_comment) {
			in_comment = !has_comment_end(s, b, e);
			continue;
		}
		if (b == e || s[b] == '#')      /* blank, or a heading */
			continue;
		if (opens_props(s, b, e)) {
			*pline = line;
			return b;
		}
		if (e - b >= 4 && memcmp(s + b, "<!--", 4) == 0) {
			in_comment = !has_comment_end(s, b + 4, e);
			continue;
		}
		if (pre->n == SHELF_MAX_PREAMBLE_STRAY || e - b > SHELF_MAX_STRAY_BYTES)
			return NOT_FOUND;   /* a body, not a preamble */
		pre->line[pre->n] = line;
		pre->col[pre->n] = (unsigned)(b - i + 1);
		pre->off[pre->n] = b;
		pre->len[pre->n++] = e - b;
	}
	return NOT_FOUND;
}

/* The file line of the last byte of s[b..e), the block starting on `line`;
 * a '\n' that ends the range does not start another line. */
static unsigned
last_line(const char *s, size_t b, size_t e, unsigned line)
{
	if (e > b && s[e - 1] == '\n')
		e--;
	for (; b < e; b++)
		if (s[b] == '\n')
			line++;
	return line;
}

int
shelf_split_article(char *text, size_t len, shelf_split *out,
                    shelf_diags *d, const char *file)
{
	preamble pre;
	size_t body, start, end, k;
	unsigned body_line, pline = 0;

	memset(out, 0, sizeof *out);
	if (split_front_matter(text, len, out, d, file, &body, &body_line) != 0)
		goto fail;
	start = find_props(text, len, body, body_line, &pline, &pre);
	if (start == NOT_FOUND)
		return 0;
	for (k = 0; k < pre.n; k++)
		shelf_diags_add(d, SHELF_W_PROP_PREAMBLE, SHELF_WARNING, file,
		                pre.line[k], pre.col[k], "text before the properties "
		                "block: '%.*s'", (int)pre.len[k], text + pre.off[k]);
	out->properties = shelf_properties_parse(text, len, start, pline, &end,
	                                         d, file);
	if (out->properties == NULL)
		goto fail;
	out->props_first_line = pline;
	out->props_last_line = last_line(text, start, end, pline);
	blank_out(text, start, end);
	return 0;
fail:
	shelf_split_free(out);
	return -1;
}

void
shelf_split_free(shelf_split *s)
{
	if (s == NULL)
		return;
	json_decref(s->front_matter);
	json_decref(s->properties);
	memset(s, 0, sizeof *s);
}
