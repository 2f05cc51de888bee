/*
 * docfx.c - docfx's alerts and directives as HTML; see docfx.h.
 *
 * Shapes follow docfx (Docfx.MarkdigEngine.Extensions) as documented in
 * its tests.  Where docfx writes an author's text unescaped (no-loc text,
 * complex-image descriptions) shelf escapes it: the output goes into portal
 * pages, and for ordinary text the bytes are the same.  [!div] attributes
 * are kept as written (see div_attrs).
 */
#include "docfx.h"
#include "escape.h"
#include "markdown.h"
#include "path.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- alerts ---------------------------------------------------------- */

typedef enum marker_kind { MK_NONE, MK_ALERT, MK_DIV, MK_VIDEO } marker_kind;

typedef struct marker {
	marker_kind kind;
	char keyword[16];    /* NOTE, TIP, … (upper case) */
	int legacy;          /* [AZURE.NOTE] */
	const char *arg;     /* div attribute text / video URL (into line) */
	size_t arg_len;
} marker;

/* Recognises a marker line (already trimmed).  Returns MK_NONE when the
 * line is not one; sets *junk when a marker is followed by other text. */
static marker_kind
match_marker(const char *s, size_t n, marker *m, int *junk)
{
	static const char *const alerts[] = {"NOTE", "TIP", "IMPORTANT", "CAUTION", "WARNING"};
	const char *close;
	size_t i, k, kw;

	memset(m, 0, sizeof *m);
	*junk = 0;
	if (n < 4 || s[0] != '[')
		return MK_NONE;
	close = memchr(s, ']', n);
	if (close == NULL)
		return MK_NONE;
	k = (size_t)(close - s);
	for (i = k + 1; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			break;
	if (strncasecmp(s, "[AZURE.", 7) == 0) {
		m->legacy = 1;
		s += 7;
		kw = k - 7;
	} else if (s[1] == '!') {
		s += 2;
		kw = k - 2;
	} else {
		return MK_NONE;
	}
	for (size_t a = 0; a < sizeof alerts / sizeof alerts[0]; a++)
		if (kw == strlen(alerts[a]) && strncasecmp(s, alerts[a], kw) == 0) {
			memcpy(m->keyword, alerts[a], kw + 1);
			m->kind = MK_ALERT;
		}
	if (m->kind == MK_NONE && !m->legacy && kw >= 3 && strncasecmp(s, "div", 3) == 0 &&
	    (kw == 3 || s[3] == ' ')) {
		m->kind = MK_DIV;
		m->arg = s + 3;
		m->arg_len = kw - 3;
	} else if (m->kind == MK_NONE && !m->legacy && kw > 6 && strncasecmp(s, "video ", 6) == 0 &&
	           (strncmp(s + 6, "http://", 7) == 0 || strncmp(s + 6, "https://", 8) == 0)) {
		m->kind = MK_VIDEO;
		m->arg = s + 6;
		m->arg_len = kw - 6;
	}
	if (m->kind != MK_NONE && i < n) {
		*junk = 1;
		return MK_NONE;
	}
	return m->kind;
}

/* Plain text of the inline nodes [from, to). */
static void
line_text(cmark_node *from, cmark_node *to, shelf_buf *out)
{
	for (cmark_node *c = from; c && c != to; c = cmark_node_next(c))
		shelf_node_plain_text(c, out);
	while (out->len && (out->ptr[out->len - 1] == ' ' || out->ptr[out->len - 1] == '\t'))
		shelf_buf_truncate(out, out->len - 1);
}

/* 1 for attribute names a `[!div]` may set: class, id, role, data-*,
 * aria-* (no event handlers, no style). */
static int
div_attr_ok(const char *a, size_t n)
{
	return (n == 5 && strncmp(a, "class", 5) == 0) || (n == 2 && strncmp(a, "id", 2) == 0) ||
	       (n == 4 && strncmp(a, "role", 4) == 0) || (n > 5 && strncmp(a, "data-", 5) == 0) ||
	       (n > 5 && strncmp(a, "aria-", 5) == 0);
}

/* Writes the div attribute text of `[!div …]` as attributes.  docfx copies
 * that text verbatim and unescaped; shelf keeps only attributes with
 * allowed names, but writes each one as written: name, then its value in
 * double quotes, single quotes or none, unchanged (a quoted value cannot
 * leave its attribute, and entities stay as the author wrote them).  Text
 * in backticks is the attribute text; one unmatched backtick gives none. */
static void
div_attrs(const char *s, size_t n, shelf_buf *out)
{
	size_t i = 0;

	while (i < n && s[i] == ' ')
		i++;
	if (i < n && s[i] == '`') {
		const char *close = memchr(s + i + 1, '`', n - i - 1);
		if (close == NULL)
			return;
		n = (size_t)(close - s);
		i++;
	}
	while (i < n) {
		size_t a0 = i, an, v0, vn = 0;
		char q = 0;
		while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '-'))
			i++;
		an = i - a0;
		if (an == 0 || i + 1 >= n || s[i] != '=')
			break;
		i++;
		if (s[i] == '"' || s[i] == '\'') {
			q = s[i];
			v0 = ++i;
			while (i < n && s[i] != q)
				i++;
			if (i >= n)
				break;
			vn = i - v0;
			i++;
		} else {
			v0 = i;
			while (i < n && s[i] != ' ' && !strchr("\"'<>=`", s[i]))
				i++;
			vn = i - v0;
			if (i < n && s[i] != ' ')
				break;
		}
		if (div_attr_ok(s + a0, an)) {
			shelf_buf_putc(out, ' ');
			shelf_buf_put(out, s + a0, an + 1);
			if (q)
				shelf_buf_putc(out, q);
			shelf_buf_put(out, s + v0, vn);
			if (q)
				shelf_buf_putc(out, q);
		}
		while (i < n && s[i] == ' ')
			i++;
	}
}

/* The custom block a marker opens (NULL on OOM). */
static cmark_node *
marker_block(const marker *m, const json_t *strings)
{
	cmark_node *b = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
	shelf_buf on = SHELF_BUF_INIT;
	char key[16];
	size_t i;

	if (b == NULL)
		return NULL;
	if (m->kind == MK_ALERT) {
		json_t *t;
		for (i = 0; m->keyword[i]; i++)
			key[i] = (char)tolower((unsigned char)m->keyword[i]);
		key[i] = '\0';
		t = json_object_get(strings, key);
		shelf_buf_printf(&on, "<div class=\"%s\">\n<h5>", m->keyword);
		if (json_is_string(t))
			shelf_escape_html(&on, json_string_value(t), strlen(json_string_value(t)));
		else
			shelf_buf_puts(&on, m->keyword);
		shelf_buf_puts(&on, "</h5>\n");
		cmark_node_set_on_exit(b, "</div>\n");
	} else if (m->kind == MK_DIV) {
		shelf_buf_puts(&on, "<div");
		div_attrs(m->arg, m->arg_len, &on);
		shelf_buf_puts(&on, ">\n");
		cmark_node_set_on_exit(b, "</div>\n");
	} else {
		shelf_buf vid = SHELF_BUF_INIT;
		shelf_dfm_video_src(m->arg, m->arg_len, &vid);
		shelf_buf_puts(&on, "<div class=\"embeddedvideo\"><iframe src=\"");
		shelf_escape_html(&on, shelf_buf_cstr(&vid), vid.len);
		shelf_buf_puts(&on, "\" frameborder=\"0\" allowfullscreen=\"true\"></iframe></div>\n");
		cmark_node_set_on_exit(b, "");
		shelf_buf_free(&vid);
	}
	cmark_node_set_on_enter(b, shelf_buf_cstr(&on));
	shelf_buf_free(&on);
	return b;
}

typedef struct splitter {
	cmark_node *quote;      /* the block quote being rewritten */
	cmark_node *group;      /* where blocks go now (NULL: a new plain quote) */
	const json_t *strings;
	shelf_diags *diags;
	const char *file;
	int changed;
} splitter;

static void
group_append(splitter *sp, cmark_node *block)
{
	if (sp->group == NULL) {
		sp->group = cmark_node_new(CMARK_NODE_BLOCK_QUOTE);
		cmark_node_insert_before(sp->quote, sp->group);
	}
	cmark_node_append_child(sp->group, block);
}

static void
open_group(splitter *sp, const marker *m, cmark_node *at)
{
	cmark_node *b = marker_block(m, sp->strings);

	if (m->legacy)
		shelf_diags_add(sp->diags, SHELF_W_LEGACY_ALERT, SHELF_WARNING, sp->file,
		                (unsigned)cmark_node_get_start_line(at),
		                (unsigned)cmark_node_get_start_column(at),
		                "legacy alert '[AZURE.%s]'; write '[!%s]'", m->keyword, m->keyword);
	if (b == NULL)
		return;
	cmark_node_insert_before(sp->quote, b);
	sp->group = b;
	sp->changed = 1;
	if (m->kind == MK_VIDEO)
		sp->group = NULL; /* a quote video holds nothing */
}

/* Moves the inline nodes [from, to) into a new paragraph of the current
 * group (nothing when the range is empty). */
static void
move_lines(splitter *sp, cmark_node *from, cmark_node *to)
{
	cmark_node *p, *c, *next;

	if (from == to)
		return;
	p = cmark_node_new(CMARK_NODE_PARAGRAPH);
	if (p == NULL)
		return;
	for (c = from; c && c != to; c = next) {
		next = cmark_node_next(c);
		cmark_node_append_child(p, c);
	}
	group_append(sp, p);
}

/* Splits one paragraph of the quote at its marker lines. */
static void own_literals(cmark_node *para);

static void
split_paragraph(splitter *sp, cmark_node *para)
{
	cmark_node *line = cmark_node_first_child(para), *start = line;
	int any = 0;

	own_literals(para);

	while (line) {
		cmark_node *end = line, *next_line;
		shelf_buf text = SHELF_BUF_INIT;
		marker m;
		int junk;
		while (end && cmark_node_get_type(end) != CMARK_NODE_SOFTBREAK &&
		       cmark_node_get_type(end) != CMARK_NODE_LINEBREAK)
			end = cmark_node_next(end);
		next_line = end ? cmark_node_next(end) : NULL;
		line_text(line, end, &text);
		if (match_marker(shelf_buf_cstr(&text), text.len, &m, &junk) != MK_NONE) {
			cmark_node *prev_break = cmark_node_previous(line);
			any = 1;
			move_lines(sp, start, prev_break ? prev_break : line);
			if (prev_break)
				cmark_node_free(prev_break);
			open_group(sp, &m, para);
			while (line != end) {
				cmark_node *n = cmark_node_next(line);
				cmark_node_free(line);
				line = n;
			}
			if (end)
				cmark_node_free(end);
			start = next_line;
		} else if (junk) {
			shelf_diags_add(sp->diags, SHELF_W_ALERT_TEXT, SHELF_WARNING, sp->file,
			                (unsigned)cmark_node_get_start_line(para),
			                (unsigned)cmark_node_get_start_column(para),
			                "text after an alert marker on the same line; the line stays text");
		}
		shelf_buf_free(&text);
		line = next_line;
	}
	if (!any) {
		group_append(sp, para);
		return;
	}
	move_lines(sp, start, NULL);
	cmark_node_free(para); /* its inlines own their literals (see own_literals) */
}

/* 1 when some paragraph line of quote q could be a marker (fast path). */
static int
quote_has_marker(cmark_node *q)
{
	for (cmark_node *c = cmark_node_first_child(q); c; c = cmark_node_next(c)) {
		cmark_node *t = cmark_node_first_child(c);
		if (cmark_node_get_type(c) != CMARK_NODE_PARAGRAPH)
			continue;
		for (; t; t = cmark_node_next(t)) {
			const char *lit = cmark_node_get_literal(t);
			if (cmark_node_get_type(t) == CMARK_NODE_TEXT && lit &&
			    (lit[0] == '[' || strncasecmp(lit, "AZURE.", 6) == 0 || lit[0] == '!'))
				return 1;
		}
	}
	return 0;
}

static void
rewrite_quote(cmark_node *q, const json_t *strings, shelf_diags *d, const char *file)
{
	splitter sp = {q, NULL, strings, d, file, 0};
	cmark_node *c, *next;

	for (c = cmark_node_first_child(q); c; c = next) {
		next = cmark_node_next(c);
		if (cmark_node_get_type(c) == CMARK_NODE_PARAGRAPH)
			split_paragraph(&sp, c);
		else
			group_append(&sp, c);
	}
	cmark_node_free(q); /* now empty: its blocks moved to the groups */
}

int
shelf_docfx_alerts(cmark_node *doc, const json_t *strings, shelf_diags *d,
                   const char *file)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_node **quotes = NULL;
	size_t n = 0, cap = 0, i;
	cmark_event_type ev;

	if (it == NULL)
		return -1;
	/* collect first: rewriting while iterating would confuse the iterator */
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && shelf_holds_inlines(node)) {
			cmark_iter_reset(it, node, CMARK_EVENT_EXIT); /* no quote in there */
			continue;
		}
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_BLOCK_QUOTE ||
		    !quote_has_marker(node))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			cmark_node **nv = realloc(quotes, cap * sizeof *nv);
			if (nv == NULL)
				break;
			quotes = nv;
		}
		quotes[n++] = node;
	}
	cmark_iter_free(it);
	/* innermost first, so an outer quote moves already-rewritten blocks */
	for (i = n; i > 0; i--)
		rewrite_quote(quotes[i - 1], strings, d, file);
	free(quotes);
	return 0;
}

/* ---- directives ------------------------------------------------------ */

/* The directive as written, escaped, for a line that is not valid. */
static void
raw_text(const shelf_directive *dir, shelf_buf *out)
{
	if (dir->block)
		shelf_buf_puts(out, "<p>");
	shelf_escape_html(out, dir->raw, strlen(dir->raw));
	shelf_buf_puts(out, dir->block ? "</p>\n" : "");
}

static void
dir_error(const shelf_dfm_env *env, const shelf_directive *dir, shelf_code code,
          const char *what)
{
	shelf_diags_add(env->diags, code, code == SHELF_E_DIRECTIVE || code == SHELF_E_IMAGE
	                ? SHELF_ERROR : SHELF_WARNING, env->file, dir->line, dir->col, "%s", what);
}

static void
zone(const shelf_dfm_env *env, const shelf_directive *dir, shelf_buf *out)
{
	const char *pivot = shelf_directive_attr(dir, "pivot");
	const char *target = shelf_directive_attr(dir, "target");

	if (!shelf_dfm_zone_valid(dir)) { /* the pre-pass keeps these as text */
		dir_error(env, dir, SHELF_E_DIRECTIVE,
		          "invalid ::: zone: it takes pivot=\"a,b\" (lower-case ids) and/or target=\"docs|chromeless|pdf\"");
		raw_text(dir, out);
		return;
	}
	shelf_buf_puts(out, "<div class=\"zone");
	if (target)
		shelf_buf_puts(out, " has-target");
	if (pivot)
		shelf_buf_puts(out, " has-pivot");
	shelf_buf_putc(out, '"');
	if (target) {
		shelf_buf_puts(out, " data-target=\"");
		shelf_escape_html(out, target, strlen(target));
		shelf_buf_putc(out, '"');
	}
	if (pivot) {
		const char *p = pivot;
		int sep = 0;
		shelf_buf_puts(out, " data-pivot=\"");
		while (*p == ' ')
			p++;
		for (; *p; p++) {
			if (*p == ',' || *p == ' ') {
				sep = 1;
				continue;
			}
			if (sep)
				shelf_buf_putc(out, ' ');
			sep = 0;
			shelf_buf_putc(out, *p);
		}
		shelf_buf_putc(out, '"');
	}
	shelf_buf_puts(out, ">\n");
}

/* docfx ChromelessFormExtension: `::: form model="…" action="…"
 * submitText="…" :::`; action and submitText required, nothing else. */
static void
form(const shelf_dfm_env *env, const shelf_directive *dir, shelf_buf *out)
{
	const char *model = shelf_directive_attr(dir, "model");
	const char *action = shelf_directive_attr(dir, "action");
	const char *submit = shelf_directive_attr(dir, "submittext");

	if (shelf_directive_unknown_attr(dir, " model action submittext ") || !action || !*action ||
	    !submit || !*submit) {
		dir_error(env, dir, SHELF_E_DIRECTIVE,
		          "invalid ::: form: it takes action=\"…\" and submitText=\"…\" (and model=\"…\"); the line stays text");
		raw_text(dir, out);
		return;
	}
	shelf_buf_puts(out, "<form class=\"chromeless-form\"");
	if (model && *model) {
		shelf_buf_puts(out, " data-model=\"");
		shelf_escape_html(out, model, strlen(model));
		shelf_buf_putc(out, '"');
	}
	shelf_buf_puts(out, " data-action=\"");
	shelf_escape_html(out, action, strlen(action));
	shelf_buf_puts(out, "\">\n<div></div>\n<button class=\"button is-primary\" disabled=\"disabled\" type=\"submit\">");
	shelf_escape_html(out, submit, strlen(submit));
	shelf_buf_puts(out, "</button>\n</form>\n");
}

/* Inline and complex :::image:::. */
static void
image(const shelf_dfm_env *env, const shelf_directive *dir, shelf_buf *out)
{
	static const char allowed[] = " type source alt-text lightbox border link loc-scope ";
	const char *type = shelf_directive_attr(dir, "type");
	const char *src = shelf_directive_attr(dir, "source");
	const char *alt = shelf_directive_attr(dir, "alt-text");
	const char *lb = shelf_directive_attr(dir, "lightbox");
	const char *link = shelf_directive_attr(dir, "link");
	const char *border = shelf_directive_attr(dir, "border");
	const char *bad = shelf_directive_unknown_attr(dir, allowed);
	int icon = type && strcmp(type, "icon") == 0;
	int complex = type && strcmp(type, "complex") == 0;
	int has_border = border ? strcasecmp(border, "true") == 0 : !icon;
	shelf_buf u = SHELF_BUF_INIT;

	if (bad) {
		shelf_buf msg = SHELF_BUF_INIT;
		shelf_buf_printf(&msg, ":::image: unexpected attribute '%s'", bad);
		dir_error(env, dir, SHELF_E_IMAGE, shelf_buf_cstr(&msg));
		shelf_buf_free(&msg);
		raw_text(dir, out);
		return;
	}
	if (src == NULL || (alt == NULL && !icon)) {
		dir_error(env, dir, SHELF_E_IMAGE, src == NULL ? ":::image: 'source' is required"
		                                             : ":::image: 'alt-text' is required");
		raw_text(dir, out);
		return;
	}
	if (complex)
		shelf_buf_puts(out, has_border ? "<p class=\"mx-imgBorder\">\n" : "<p>\n");
	else if (has_border)
		shelf_buf_puts(out, "<span class=\"mx-imgBorder\">\n");
	if (link || lb) {
		shelf_dfm_url(env, link ? link : lb, dir->line, dir->col, &u);
		shelf_buf_puts(out, "<a href=\"");
		if (shelf_url_allowed(u.ptr, u.len, SHELF_URL_LINK))
			shelf_escape_html(out, shelf_buf_cstr(&u), u.len);
		else
			dir_error(env, dir, SHELF_W_RAW_HTML,
			          ":::image link removed: its scheme is not allowed for links");
		shelf_buf_puts(out, link ? "\">\n" : "#lightbox\" data-linktype=\"relative-path\">\n");
		shelf_buf_clear(&u);
	}
	if (shelf_dfm_media_missing(env, src, "image", dir->line, dir->col)) {
		/* the alt text, marked, in place of the picture; a link still works */
		shelf_dfm_url(env, src, dir->line, dir->col, &u);
		shelf_dfm_missing_media(shelf_buf_cstr(&u), alt, out);
		shelf_buf_putc(out, '\n');
	} else {
		shelf_dfm_url(env, src, dir->line, dir->col, &u);
		shelf_buf_puts(out, "<img src=\"");
		if (shelf_url_allowed(u.ptr, u.len, SHELF_URL_MEDIA))
			shelf_escape_html(out, shelf_buf_cstr(&u), u.len);
		else
			dir_error(env, dir, SHELF_W_RAW_HTML, ":::image source removed: its scheme"
			          " is not allowed for images (relative, http, https)");
		if (icon) {
			shelf_buf_puts(out, "\" role=\"presentation\"");
		} else {
			shelf_buf_puts(out, "\" alt=\"");
			shelf_escape_html(out, alt, strlen(alt));
			shelf_buf_putc(out, '"');
		}
		if (complex)
			shelf_buf_printf(out, " aria-describedby=\"%u-%u\"", dir->index_line,
			                 dir->col - 1);
		shelf_buf_puts(out, ">\n");
	}
	if (complex) {
		/* docfx keeps only the last non-blank description line */
		const char *b = dir->body ? dir->body : "", *last = NULL, *p = b;
		size_t last_n = 0;
		while (*p) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p), j;
			for (j = 0; j < n && (p[j] == ' ' || p[j] == '\t'); j++)
				;
			if (j < n) {
				last = p;
				last_n = n;
			}
			p += n + (nl ? 1 : 0);
		}
		if (last == NULL)
			dir_error(env, dir, SHELF_E_IMAGE, ":::image type=\"complex\" has no description");
		shelf_buf_printf(out, "<div id=\"%u-%u\" class=\"visually-hidden\"><p>\n",
		                 dir->index_line, dir->col - 1);
		if (last)
			shelf_escape_html(out, last, last_n);
		shelf_buf_puts(out, "</p></div>\n");
	}
	if (link || lb)
		shelf_buf_puts(out, "</a>\n");
	if (complex)
		shelf_buf_puts(out, "</p>\n");
	else if (has_border)
		shelf_buf_puts(out, "</span>\n");
	shelf_buf_free(&u);
}

/* ---- portal elements ------------------------------------------------- */

/* data-NAME for a child name: camelCase to lower-case words joined by
 * '-' (symptomId: data-symptom-id, which a script reads as
 * dataset.symptomId). */
static void
data_attr(const char *name, shelf_buf *out)
{
	size_t i;

	shelf_buf_puts(out, " data-");
	for (i = 0; name[i]; i++) {
		unsigned char c = (unsigned char)name[i];
		if (isupper(c) && i > 0 && !isupper((unsigned char)name[i - 1]))
			shelf_buf_putc(out, '-');
		shelf_buf_putc(out, (char)tolower(c));
	}
}

/* UI string `key` of the page's locale, HTML-escaped, into out. */
static void
ui_text(const shelf_dfm_env *env, const char *key, shelf_buf *out)
{
	const char *v = json_string_value(json_object_get(env->strings, key));

	shelf_escape_html(out, v ? v : key, strlen(v ? v : key));
}

/* An Apollo <video>: the player docfx makes for an image link to the same
 * URL (a YouTube watch page becomes its embed), with its title as the
 * caption, a link to the URL (where embeds are blocked, the reader still
 * gets to the video); a URL no link may have leaves the title alone, and
 * SH041 says so. */
static void
widget_video(const shelf_dfm_env *env, const shelf_directive *dir, shelf_buf *out)
{
	const char *url = shelf_directive_child(dir, "src");
	const char *title = shelf_directive_child(dir, "title"), *cls = NULL, *mime = NULL;
	shelf_buf src = SHELF_BUF_INIT;
	int fs = 0;
	shelf_media_kind kind;
	size_t tn;

	while (*url == ' ')
		url++;
	if (title == NULL || *title == '\0')
		title = url;
	tn = strlen(title);
	kind = shelf_dfm_media_link(url, &src, &cls, &fs, &mime);
	shelf_buf_puts(out, "<figure class=\"shelf-video\">\n");
	if (kind == SHELF_MEDIA_IFRAME) {
		shelf_buf_puts(out, "<iframe src=\"");
		shelf_escape_url(out, shelf_buf_cstr(&src), src.len, SHELF_URL_HREF);
		shelf_buf_printf(out, "\" class=\"%s\" width=\"500\" height=\"281\" frameborder=\"0\"%s title=\"",
		                 cls, fs ? " allowfullscreen=\"\"" : "");
		shelf_escape_html(out, title, tn);
		shelf_buf_puts(out, "\"></iframe>\n");
	} else if (kind != SHELF_MEDIA_NONE) {
		int audio = kind == SHELF_MEDIA_AUDIO;
		shelf_buf_printf(out, "<%s width=\"500\"%s controls=\"\"><source type=\"%s\" src=\"",
		                 audio ? "audio" : "video", audio ? "" : " height=\"281\"", mime);
		shelf_escape_url(out, url, strlen(url), SHELF_URL_HREF);
		shelf_buf_printf(out, "\"></source></%s>\n", audio ? "audio" : "video");
	}
	shelf_buf_puts(out, "<figcaption>");
	if (shelf_url_allowed(url, strlen(url), SHELF_URL_LINK)) {
		shelf_buf_puts(out, "<a href=\"");
		shelf_escape_url(out, url, strlen(url), SHELF_URL_HREF);
		shelf_buf_puts(out, "\">");
		shelf_escape_html(out, title, tn);
		shelf_buf_puts(out, "</a>");
	} else {
		if (kind == SHELF_MEDIA_NONE)
			shelf_diags_add(env->diags, SHELF_W_RAW_HTML, SHELF_WARNING, env->file, dir->line,
			                dir->col, "video source '%.80s' removed: the scheme is not allowed",
			                url);
		shelf_escape_html(out, title, tn);
	}
	shelf_buf_puts(out, "</figcaption>\n</figure>\n");
	shelf_buf_free(&src);
}

/* An Apollo <insight>, <metric> or <azureKB>: a box the portal fills in,
 * its children as data-NAME attributes (names lower-cased), and for a
 * reader of the page a line saying what the portal shows there. */
static void
widget(const shelf_dfm_env *env, const shelf_directive *dir, shelf_buf *out)
{
	const char *name = dir->a ? dir->a : "";
	const char *title = shelf_directive_child(dir, "title");
	size_t k;

	if (strcmp(name, "video") == 0) {
		widget_video(env, dir, out);
		return;
	}
	shelf_buf_printf(out, "<div class=\"shelf-%s\"", name);
	for (k = 0; k < dir->n_attrs; k++) {
		data_attr(dir->attrs[k].name, out);
		shelf_buf_puts(out, "=\"");
		shelf_escape_html(out, dir->attrs[k].value, strlen(dir->attrs[k].value));
		shelf_buf_putc(out, '"');
	}
	shelf_buf_puts(out, "><p>");
	ui_text(env, strcmp(name, "insight") == 0 ? "portal_insight"
	             : strcmp(name, "metric") == 0 ? "portal_metric" : "portal_azurekb", out);
	if (strcmp(name, "metric") == 0 && title && *title) {
		shelf_buf_puts(out, " <strong>");
		shelf_escape_html(out, title, strlen(title));
		shelf_buf_puts(out, "</strong>");
	}
	shelf_buf_puts(out, "</p></div>\n");
}

/* `s` holds a token sentinel (U+E000, bytes EE 80 80)? */
static int
has_sentinel(const char *s)
{
	return s && strstr(s, "\xee\x80\x80") != NULL;
}

static char *
expanded(const shelf_dfm_env *env, const char *s)
{
	shelf_buf b = SHELF_BUF_INIT;

	if (s == NULL)
		return NULL;
	env->expand(env->user, s, strlen(s), &b);
	return shelf_buf_detach(&b);
}

const shelf_directive *
shelf_dfm_substitute(const shelf_dfm_env *env, const shelf_directive *dir, shelf_directive *copy)
{
	size_t k;
	int any = has_sentinel(dir->a) || has_sentinel(dir->b) || has_sentinel(dir->c) ||
	          has_sentinel(dir->d) || has_sentinel(dir->body);

	for (k = 0; !any && k < dir->n_attrs; k++)
		any = has_sentinel(dir->attrs[k].value);
	if (!any || env == NULL || env->expand == NULL)
		return dir;
	*copy = *dir;
	copy->a = expanded(env, dir->a);
	copy->b = expanded(env, dir->b);
	copy->c = expanded(env, dir->c);
	copy->d = expanded(env, dir->d);
	copy->body = expanded(env, dir->body);
	for (k = 0; k < dir->n_attrs; k++)
		copy->attrs[k].value = expanded(env, dir->attrs[k].value);
	return copy;
}

void
shelf_dfm_substitute_free(const shelf_directive *dir, shelf_directive *copy,
                          const shelf_directive *used)
{
	size_t k;

	if (used == dir)
		return;
	free(copy->a);
	free(copy->b);
	free(copy->c);
	free(copy->d);
	free(copy->body);
	for (k = 0; k < copy->n_attrs; k++)
		free(copy->attrs[k].value);
}

static void render_dir(const shelf_dfm_env *env, const shelf_directive *dir, shelf_buf *out);

void
shelf_dfm_render(const shelf_dfm_env *env, const shelf_directive *dir, shelf_buf *out)
{
	shelf_directive copy;
	const shelf_directive *use = shelf_dfm_substitute(env, dir, &copy);

	render_dir(env, use, out);
	shelf_dfm_substitute_free(dir, &copy, use);
}

static void
render_dir(const shelf_dfm_env *env, const shelf_directive *dir, shelf_buf *out)
{
	const char *v;

	switch (dir->kind) {
	case SHELF_DIR_INCLUDE:
		if (env->include == NULL || env->include(env->user, dir, !dir->block, out) != 0) {
			/* as docfx: the directive, lower-cased, in place, with no
			 * wrapper (docfx writes it unescaped; shelf escapes it) */
			shelf_buf_puts(out, "[!include[");
			shelf_escape_html(out, dir->a ? dir->a : "", strlen(dir->a ? dir->a : ""));
			shelf_buf_puts(out, "](");
			shelf_escape_html(out, dir->b ? dir->b : "", strlen(dir->b ? dir->b : ""));
			shelf_buf_puts(out, ")]");
			shelf_buf_puts(out, dir->block ? "\n" : "");
		}
		break;
	case SHELF_DIR_ZONE:
		zone(env, dir, out);
		break;
	case SHELF_DIR_MONIKER:
		v = shelf_directive_attr(dir, "range");
		if (v == NULL || dir->n_attrs != 1) {
			dir_error(env, dir, SHELF_E_DIRECTIVE, "invalid ::: moniker: it takes range=\"…\"");
			raw_text(dir, out);
			break;
		}
		shelf_buf_puts(out, "<div range=\"");
		shelf_escape_html(out, v, strlen(v));
		shelf_buf_puts(out, "\">\n");
		break;
	case SHELF_DIR_ROW:
		shelf_buf_puts(out, "<section class=\"row\">\n");
		break;
	case SHELF_DIR_COLUMN:
		v = shelf_directive_attr(dir, "span");
		shelf_buf_puts(out, "<div class=\"column");
		if (v && *v) {
			shelf_buf_puts(out, " span");
			shelf_escape_html(out, v, strlen(v));
		}
		shelf_buf_puts(out, "\">\n");
		break;
	case SHELF_DIR_ROW_END:
		shelf_buf_puts(out, "</section>\n");
		break;
	case SHELF_DIR_MONIKER_END:
		/* the first moniker-end closes every open moniker (directive.c) */
		for (int k = dir->a ? atoi(dir->a) : 1; k > 1; k--)
			shelf_buf_puts(out, "</div>\n");
		shelf_buf_puts(out, "</div>\n");
		break;
	case SHELF_DIR_ZONE_END:
	case SHELF_DIR_COLUMN_END:
		shelf_buf_puts(out, "</div>\n");
		break;
	case SHELF_DIR_NOLOC:
		for (v = dir->a ? dir->a : ""; *v == ' '; v++)
			;
		{
			size_t n = strlen(v);
			while (n && v[n - 1] == ' ')
				n--;
			for (size_t i = 0; i < n; i++) {
				if (v[i] == '\\' && i + 1 < n && v[i + 1] == '"')
					continue;
				shelf_escape_html(out, v + i, 1);
			}
		}
		break;
	case SHELF_DIR_IMAGE:
		image(env, dir, out);
		break;
	case SHELF_DIR_IMAGE_END:
		break;
	case SHELF_DIR_VIDEO:
		shelf_dfm_video(env, dir, out);
		break;
	case SHELF_DIR_FORM:
		form(env, dir, out);
		break;
	case SHELF_DIR_CODE:
		shelf_dfm_code(env, dir, out);
		break;
	case SHELF_DIR_SNIPPET:
		shelf_dfm_snippet(env, dir, out);
		break;
	case SHELF_DIR_XREF:
		/* docfx: the uid trimmed, the source as written */
		shelf_buf_puts(out, "<xref href=\"");
		shelf_escape_html(out, dir->a ? dir->a : "", dir->a ? strlen(dir->a) : 0);
		shelf_buf_puts(out, "\" data-throw-if-not-resolved=\"True\" data-raw-source=\"");
		shelf_escape_html(out, dir->raw, strlen(dir->raw));
		shelf_buf_puts(out, "\"></xref>");
		break;
	case SHELF_DIR_SECTION:
		/* a section title of an Apollo page: a heading to assistive
		 * technology, outside the h1-h6 outline the portal's own
		 * headings make */
		shelf_buf_puts(out, "<div class=\"shelf-section\" role=\"heading\" aria-level=\"2\">");
		shelf_escape_html(out, dir->a ? dir->a : "", dir->a ? strlen(dir->a) : 0);
		shelf_buf_puts(out, "</div>\n");
		break;
	case SHELF_DIR_WIDGET:
		widget(env, dir, out);
		break;
	case SHELF_DIR_WIDGET_GROUP:
		shelf_buf_puts(out, "<div class=\"shelf-video-group\">\n");
		break;
	case SHELF_DIR_WIDGET_GROUP_END:
		shelf_buf_puts(out, "</div>\n");
		break;
	case SHELF_DIR_MATH:
		/* docfx (Markdig): the TeX as text, between \[ and \] */
		shelf_buf_puts(out, "<div class=\"math\">\n\\[\n");
		if (dir->body)
			shelf_escape_html(out, dir->body, strlen(dir->body));
		shelf_buf_puts(out, "\\]</div>\n");
		break;
	}
}

/* ---- inline directives alone on their line --------------------------- */

/* Puts the inline node `ci` (of source line `line`) into a paragraph:
 * the one before when it ends on the line above (docfx's paragraph goes
 * on), else a new one before `at`.  Returns that paragraph, or NULL. */
static cmark_node *
join_before(cmark_node *at, cmark_node *ci, int line, cmark_node *last, int last_line)
{
	cmark_node *prev = cmark_node_previous(at), *p;

	if (prev && cmark_node_get_type(prev) == CMARK_NODE_PARAGRAPH &&
	    ((prev == last && last_line == line - 1) ||
	     (prev != last && cmark_node_get_end_line(prev) == line - 1))) {
		cmark_node_append_child(prev, cmark_node_new(CMARK_NODE_SOFTBREAK));
		cmark_node_append_child(prev, ci);
		return prev;
	}
	if ((p = cmark_node_new(CMARK_NODE_PARAGRAPH)) == NULL)
		return NULL;
	cmark_node_insert_before(at, p);
	cmark_node_append_child(p, ci);
	return p;
}

/* cmark's inline literals may point into their paragraph's buffer; before
 * a paragraph is freed, the inlines moved out of it get their own copies
 * (cmark_node_get_literal/get_url copy a borrowed string on first use). */
static void
own_literals(cmark_node *para)
{
	cmark_iter *it = cmark_iter_new(para);
	cmark_event_type ev;

	if (it == NULL)
		return;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		(void)cmark_node_get_literal(n);
		if (cmark_node_get_type(n) == CMARK_NODE_LINK || cmark_node_get_type(n) == CMARK_NODE_IMAGE) {
			(void)cmark_node_get_url(n);
			(void)cmark_node_get_title(n);
		}
	}
	cmark_iter_free(it);
}

/* Rewrites one sentinel HTML block of an inline directive; returns the
 * paragraph it went into (NULL on OOM) and sets *last_line. */
static cmark_node *
inline_line(cmark_node *hb, const shelf_directive *dir, const shelf_dfm_env *env,
            cmark_node *last, int *last_line)
{
	shelf_buf html = SHELF_BUF_INIT;
	cmark_node *ci = cmark_node_new(CMARK_NODE_CUSTOM_INLINE), *p, *next, *c, *cn;
	int line = cmark_node_get_start_line(hb);

	if (ci == NULL)
		return NULL;
	shelf_dfm_render(env, dir, &html);
	cmark_node_set_on_enter(ci, shelf_buf_cstr(&html));
	cmark_node_set_on_exit(ci, "");
	shelf_buf_free(&html);
	if ((p = join_before(hb, ci, line, last, *last_line)) == NULL) {
		cmark_node_free(ci);
		return NULL;
	}
	*last_line = line;
	next = cmark_node_next(hb);
	if (next && cmark_node_get_type(next) == CMARK_NODE_PARAGRAPH &&
	    cmark_node_get_start_line(next) == line + 1) {
		/* a text line right below continues the same paragraph */
		own_literals(next);
		cmark_node_append_child(p, cmark_node_new(CMARK_NODE_SOFTBREAK));
		for (c = cmark_node_first_child(next); c; c = cn) {
			cn = cmark_node_next(c);
			cmark_node_append_child(p, c);
		}
		*last_line = cmark_node_get_end_line(next);
		cmark_node_free(next);
	}
	cmark_node_free(hb);
	return p;
}

int
shelf_docfx_inline_lines(cmark_node *doc, const shelf_directives *dirs,
                         const shelf_dfm_env *env)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_node **v = NULL, *last = NULL;
	size_t n = 0, cap = 0, i;
	cmark_event_type ev;
	int last_line = 0, rc = 0;

	if (it == NULL)
		return -1;
	while (dirs && dirs->n > 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		const shelf_directive *dir;
		if (ev == CMARK_EVENT_ENTER && shelf_holds_inlines(node)) {
			cmark_iter_reset(it, node, CMARK_EVENT_EXIT); /* no HTML block in there */
			continue;
		}
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_HTML_BLOCK)
			continue;
		dir = shelf_directive_of(dirs, cmark_node_get_literal(node),
		                         (unsigned)cmark_node_get_start_line(node));
		if (dir == NULL || dir->block)
			continue;
		if (n == cap) {
			cmark_node **nv = realloc(v, (cap ? cap * 2 : 16) * sizeof *nv);
			if (nv == NULL) {
				rc = -1;
				break;
			}
			v = nv;
			cap = cap ? cap * 2 : 16;
		}
		v[n++] = node;
	}
	cmark_iter_free(it);
	for (i = 0; i < n; i++) {
		const shelf_directive *dir = shelf_directive_of(dirs, cmark_node_get_literal(v[i]),
		                                                (unsigned)cmark_node_get_start_line(v[i]));
		shelf_directive_mark_used(dirs, dir);
		if ((last = inline_line(v[i], dir, env, last, &last_line)) == NULL)
			rc = -1;
	}
	free(v);
	return rc;
}
