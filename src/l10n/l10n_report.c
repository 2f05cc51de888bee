/*
 * l10n_report.c - the translation report as text, JSON and an HTML page
 * per locale, and the list of checks.  JSON is built with jansson only
 * here, at the output edge; HTML goes through the one escaping module.
 */
#include "l10n.h"
#include "escape.h"

#include <stdlib.h>
#include <string.h>

static const struct { const char *id, *explain; } checks[] = {
	{"stale", "warning: the translation's ms.openlocfilehash is not the SHA-1 of the "
	          "current source (hashed with CRLF line ends); without a hash, its ms.date is "
	          "older than the source's; without either, the heading count differs.  Its "
	          "differences from the source are then listed as info, grouped under it."},
	{"missing", "info: an article has no translation (the site falls back to the source "
	            "page); warning for an include (translated pages show it untranslated)."},
	{"orphan", "warning: a translation whose source is gone (moved or deleted); it is "
	           "never shown.  content/<locale>/_history/<id>/X is an older version of X."},
	{"frontmatter", "error: YAML that no longer parses, or lost entirely; warning: a key "
	                "lost or translated, a value emptied, ms.contentlocale not the folder's "
	                "locale, ms.translationtype not MT/HT; info: a metadata value changed."},
	{"headings", "warning: headings differ in number, order or level."},
	{"anchors", "error: an explicit <a name> heading anchor differs from the id of the "
	            "source heading at that place, or a #fragment link resolves in the source "
	            "but not here; warning: a translated heading changes its id."},
	{"code-blocks", "error: a code block's code differs (only comments may be translated) "
	                "or code blocks are missing; warning: a different fence info string."},
	{"code-spans", "error: inline code altered (blanks, case); warning: inline code "
	               "missing or turned into text; info: new inline code."},
	{"links", "warning: a link of the source is missing (docs links compare by page name, "
	          "so absolute and relative forms match); info: a new link."},
	{"images", "warning: an image is missing or lost its alt text; info: a new image."},
	{"includes", "warning: an [!INCLUDE] or code snippet differs: its content is not on the "
	             "page."},
	{"alerts", "error: an alert marker translated ([!참고]) or a directive end lost, or "
	           "no-loc text changed; warning: alerts, zones, monikers, :::image and other "
	           "docfx extensions differ in number or kind."},
	{"tables", "error: a table no longer parses, or its columns differ; warning: rows differ."},
	{"lists", "warning: lists or their items differ in number; info: numbered vs bulleted."},
	{"placeholders", "error: a portal token or {$x} is missing or damaged; warning: "
	                 "<PLACEHOLDER>, %VAR%, {x}, ##% or $name missing or damaged (# #%)."},
	{"literals", "warning: a hex code (case-sensitive), error code, file or host name, "
	             "Windows path or number with unit of the source is missing or changed."},
	{"untranslated", "warning: most paragraphs are the source's text; info: one paragraph "
	                 "left in the source language."},
	{"length", "info: the text is outside the expected length ratio for the locale (zh "
	           "15-80%, ja/ko 25-110%, de/fr/es/... 80-180%); warning below half of that."},
	{"whitespace", "warning: a blank inside a file name (Memory. dmp); info: a blank "
	               "before a period or comma (machine-translation spacing)."},
	{"encoding", "error: invalid UTF-8; warning: zero-width, control or replacement "
	             "characters."},
	{"markup-leak", "error: Markdown shown as text once rendered (** with a blank inside, "
	                "'] (', [!, :::, a backtick); warning: tool placeholders like '# A0'."},
	{"io", "error: a file of the pair cannot be read."},
};

size_t
shelf_l10n_checks(size_t i, const char **id, const char **explain)
{
	size_t n = sizeof checks / sizeof checks[0];

	if (id)
		*id = i < n ? checks[i].id : NULL;
	if (explain)
		*explain = i < n ? checks[i].explain : NULL;
	return n;
}

static const char *
sev_word(shelf_l10n_severity s)
{
	return s == SHELF_L10N_ERROR ? "error" : s == SHELF_L10N_WARNING ? "warning" : "info";
}

/* The file a finding is shown at: the target, else the source. */
static const char *
where(const shelf_l10n_finding *f)
{
	return f->target ? f->target : f->source ? f->source : "";
}

static char *
as_text(const shelf_l10n_report *r)
{
	shelf_buf b = SHELF_BUF_INIT;
	size_t i;

	for (i = 0; i < r->n; i++) {
		const shelf_l10n_finding *f = &r->v[i];
		shelf_buf_printf(&b, "%s:%u: %s: [%s] %s%s\n", where(f), f->line ? f->line : 1,
		                 sev_word(f->severity), f->check, f->stale ? "stale: " : "",
		                 f->message);
	}
	return shelf_buf_detach(&b);
}

static char *
as_json(const shelf_l10n_report *r)
{
	json_t *a = json_array();
	size_t i;
	char *s;

	for (i = 0; a && i < r->n; i++) {
		const shelf_l10n_finding *f = &r->v[i];
		json_t *o = json_pack("{s:s, s:s, s:s?, s:s?, s:I, s:s}", "check", f->check,
		                      "severity", sev_word(f->severity), "source", f->source,
		                      "target", f->target, "line", (json_int_t)f->line,
		                      "message", f->message);
		if (o && f->locale && *f->locale)
			json_object_set_new(o, "locale", json_string(f->locale));
		if (o && f->stale)
			json_object_set_new(o, "group", json_string("stale"));
		if (o && f->source_line)
			json_object_set_new(o, "source_line", json_integer(f->source_line));
		if (o == NULL || json_array_append_new(a, o) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	s = a ? json_dumps(a, JSON_INDENT(2)) : NULL;
	json_decref(a);
	if (s) {
		size_t n = strlen(s);
		char *t = realloc(s, n + 2);
		if (t == NULL) {
			free(s);
			return NULL;
		}
		t[n] = '\n';
		t[n + 1] = '\0';
		s = t;
	}
	return s;
}

/* ---- HTML -------------------------------------------------------------- */

static void
esc(shelf_buf *b, const char *s)
{
	if (s)
		shelf_escape_html(b, s, strlen(s));
}

/* Line `line` of file `path` (at most 400 bytes), malloc'd, or NULL. */
static char *
file_line(const char *path, unsigned line)
{
	FILE *fp;
	char buf[4096];
	unsigned n = 0;
	char *out = NULL;

	if (path == NULL || line == 0 || (fp = fopen(path, "r")) == NULL)
		return NULL;
	while (fgets(buf, sizeof buf, fp)) {
		size_t len = strlen(buf);
		int whole = len && buf[len - 1] == '\n';
		if (++n == line) {
			buf[strcspn(buf, "\r\n")] = '\0';
			if (strlen(buf) > 400) {
				size_t k = 400;
				while (k && ((unsigned char)buf[k] & 0xC0) == 0x80)
					k--;
				buf[k] = '\0';
			}
			out = strdup(buf);
			break;
		}
		while (!whole && fgets(buf, sizeof buf, fp)) {   /* rest of a long line */
			len = strlen(buf);
			whole = len && buf[len - 1] == '\n';
		}
	}
	fclose(fp);
	return out;
}

/* Appends `text` escaped, with the part that differs from `other` in
 * <mark>: everything between their common prefix and common suffix. */
static void
put_diff(shelf_buf *b, const char *text, const char *other)
{
	size_t n = strlen(text), m = other ? strlen(other) : 0, p = 0, s = 0;

	if (other == NULL) {
		shelf_buf_puts(b, "<mark>");
		esc(b, text);
		shelf_buf_puts(b, "</mark>");
		return;
	}
	while (p < n && p < m && text[p] == other[p])
		p++;
	while (p > 0 && ((unsigned char)text[p] & 0xC0) == 0x80)
		p--;
	while (s < n - p && s < m - p && text[n - 1 - s] == other[m - 1 - s])
		s++;
	while (s > 0 && ((unsigned char)text[n - s] & 0xC0) == 0x80)
		s--;
	shelf_escape_html(b, text, p);
	if (n - p - s) {
		shelf_buf_puts(b, "<mark>");
		shelf_escape_html(b, text + p, n - p - s);
		shelf_buf_puts(b, "</mark>");
	}
	shelf_escape_html(b, text + n - s, s);
}

/* One side of a finding: the quoted value with its difference marked, and
 * the line of the file it came from, with that value marked in it. */
static void
put_side(shelf_buf *b, const char *path, unsigned line, const char *value,
         const char *other)
{
	char *l = file_line(path, line);
	const char *hit = l && value && *value ? strstr(l, value) : NULL;

	shelf_buf_puts(b, "<td>");
	if (value) {
		shelf_buf_puts(b, "<div class=\"v\">");
		put_diff(b, value, other);
		shelf_buf_puts(b, "</div>");
	}
	if (l) {
		shelf_buf_printf(b, "<div class=\"l\"><span class=\"n\">%u</span> ", line);
		if (hit) {
			shelf_escape_html(b, l, (size_t)(hit - l));
			shelf_buf_puts(b, "<mark>");
			esc(b, value);
			shelf_buf_puts(b, "</mark>");
			esc(b, hit + strlen(value));
		} else {
			esc(b, l);
		}
		shelf_buf_puts(b, "</div>");
	}
	shelf_buf_puts(b, "</td>");
	free(l);
}

static const char *const status_word[] = {"translated", "stale", "fallback", "missing",
                                          "orphan"};

static void
put_status(shelf_buf *b, const shelf_l10n_report *r, const char *locale)
{
	size_t count[5] = {0}, total = 0, i;

	for (i = 0; i < r->n_pairs; i++)
		if (strcmp(r->pairs[i].locale, locale) == 0) {
			count[r->pairs[i].status]++;
			total++;
		}
	shelf_buf_puts(b, "<table class=\"status\"><tr><th>status</th><th>files</th>"
	               "<th></th></tr>\n");
	for (i = 0; i < 5; i++)
		shelf_buf_printf(b, "<tr class=\"%s\"><td>%s</td><td>%zu</td><td><span class=\"bar\" "
		                 "style=\"width:%zupx\"></span></td></tr>\n", status_word[i],
		                 status_word[i], count[i], total ? count[i] * 300 / total : 0);
	shelf_buf_puts(b, "</table>\n");
}

static void
put_finding(shelf_buf *b, const shelf_l10n_finding *f)
{
	shelf_buf_printf(b, "<tr class=\"%s%s\"><td>", sev_word(f->severity),
	                 f->stale ? " grouped" : "");
	if (f->line)
		shelf_buf_printf(b, "%u", f->line);
	shelf_buf_printf(b, "</td><td>%s</td><td>", sev_word(f->severity));
	esc(b, f->check);
	shelf_buf_puts(b, "</td><td>");
	if (f->stale)
		shelf_buf_puts(b, "<span class=\"tag\">stale</span> ");
	esc(b, f->message);
	shelf_buf_puts(b, "</td>");
	put_side(b, f->source, f->source_line, f->source_text, f->target_text);
	put_side(b, f->target, f->line, f->target_text, f->source_text);
	shelf_buf_puts(b, "</tr>\n");
}

static char *
as_html(const shelf_l10n_report *r, const char *locale)
{
	shelf_buf b = SHELF_BUF_INIT;
	size_t i, j;

	if (locale == NULL)
		locale = r->n_locales ? r->locales[0] : "";
	shelf_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	               "<meta name=\"viewport\" content=\"width=device-width\"><title>"
	               "Translation report: ");
	esc(&b, locale);
	shelf_buf_puts(&b, "</title><style>\n"
		"body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}\n"
		"h1{font-size:1.5em}h2{font-size:1.1em;margin-top:2em;word-break:break-all}\n"
		"table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px 6px;"
		"vertical-align:top;text-align:left}\n"
		"table.status{width:auto}.bar{display:inline-block;height:12px;background:#2b6cb0}\n"
		"tr.stale .bar{background:#d69e2e}tr.fallback .bar,tr.missing .bar{background:#a0aec0}"
		"tr.orphan .bar{background:#c53030}\n"
		"tr.error td:nth-child(2){color:#fff;background:#c53030}"
		"tr.warning td:nth-child(2){background:#f6e05e}tr.info td:nth-child(2){background:#e2e8f0}\n"
		"tr.grouped{color:#555}.tag{background:#d69e2e;color:#fff;padding:0 4px;border-radius:3px}\n"
		"td:nth-child(5),td:nth-child(6){width:26%;word-break:break-word}\n"
		".v{font-family:monospace;white-space:pre-wrap}.l{color:#555;font-size:12px;margin-top:4px}"
		".n{color:#999}\nmark{background:#fbd38d}\n"
		"</style></head><body>\n<h1>Translation report: ");
	esc(&b, locale);
	shelf_buf_puts(&b, "</h1>\n");
	put_status(&b, r, locale);
	for (i = 0; i < r->n_pairs; i++) {
		const l10n_pair *p = &r->pairs[i];
		int any = 0;
		if (strcmp(p->locale, locale) != 0)
			continue;
		for (j = 0; j < r->n; j++) {
			const shelf_l10n_finding *f = &r->v[j];
			if (strcmp(f->locale, p->locale) != 0 ||
			    !((p->target && f->target && strcmp(p->target, f->target) == 0) ||
			      (!p->target && !f->target && p->source && f->source &&
			       strcmp(p->source, f->source) == 0)))
				continue;
			if (!any) {
				shelf_buf_printf(&b, "<h2><span class=\"tag\" style=\"background:#4a5568\">"
				                 "%s</span> ", status_word[p->status]);
				esc(&b, p->target ? p->target : p->source);
				shelf_buf_puts(&b, "</h2>\n<p>source: ");
				esc(&b, p->source ? p->source : "(none)");
				shelf_buf_puts(&b, "</p>\n<table><tr><th>line</th><th>severity</th><th>check"
				               "</th><th>finding</th><th>source</th><th>translation</th></tr>\n");
				any = 1;
			}
			put_finding(&b, f);
		}
		if (any)
			shelf_buf_puts(&b, "</table>\n");
	}
	shelf_buf_puts(&b, "</body></html>\n");
	return shelf_buf_detach(&b);
}

char *
shelf_l10n_format_report(const shelf_l10n_report *r, shelf_l10n_format format,
                         const char *locale)
{
	switch (format) {
	case SHELF_L10N_JSON:
		return as_json(r);
	case SHELF_L10N_HTML:
		return as_html(r, locale);
	default:
		return as_text(r);
	}
}
