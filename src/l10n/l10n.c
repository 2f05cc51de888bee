/*
 * l10n.c - translation QA: each file through the renderer's own stages
 * (read, split, tokens, directives, cmark) down to an outline, the pairing
 * of content/<locale>/X with content/<source>/X, and the report's data.
 * The checks are in l10n_checks.c, the output formats in l10n_report.c.
 */
#include "l10n.h"
#include "markdown.h"
#include "path.h"
#include "read.h"
#include "render.h"
#include "split.h"
#include "walk.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* ---- outline ----------------------------------------------------------- */

static char *
dup_n(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/* Appends an item; a and b are copied (NULL stays NULL).  0 / -1 on OOM. */
static int
add_item(l10n_doc *d, l10n_kind kind, unsigned line, int level, unsigned count,
         const char *a, const char *b)
{
	l10n_item *it;

	if (d->n_items == d->cap_items) {
		size_t ncap = d->cap_items ? d->cap_items * 2 : 32;
		l10n_item *nv = realloc(d->items, ncap * sizeof *nv);
		if (nv == NULL)
			return -1;
		d->items = nv;
		d->cap_items = ncap;
	}
	it = &d->items[d->n_items];
	it->kind = kind;
	it->line = line;
	it->level = level;
	it->count = count;
	it->a = a ? strdup(a) : NULL;
	it->b = b ? strdup(b) : NULL;
	if ((a && it->a == NULL) || (b && it->b == NULL)) {
		free(it->a);
		free(it->b);
		return -1;
	}
	d->n_items++;
	return 0;
}

/* Ends the prose line being collected in `cur` (if it holds anything). */
static int
flush_line(l10n_doc *d, shelf_buf *cur, unsigned line)
{
	l10n_line *l;
	const unsigned char *p;

	if (cur->len == 0)
		return 0;
	if (d->n_lines == d->cap_lines) {
		size_t ncap = d->cap_lines ? d->cap_lines * 2 : 64;
		l10n_line *nv = realloc(d->lines, ncap * sizeof *nv);
		if (nv == NULL)
			return -1;
		d->lines = nv;
		d->cap_lines = ncap;
	}
	l = &d->lines[d->n_lines];
	l->line = line;
	l->block = d->n_blocks;
	l->text = shelf_buf_detach(cur);
	if (l->text == NULL)
		return -1;
	for (p = (const unsigned char *)l->text; *p; p++)
		if ((*p & 0xC0) != 0x80 && *p != ' ' && *p != L10N_GAP)
			d->prose_chars++;
	d->n_lines++;
	return 0;
}

/* Copies s into out with each portal token sentinel written `$name`, so two
 * files compare by token name and not by table index. */
static void
detoken(const shelf_tokens *t, const char *s, shelf_buf *out)
{
	size_t n = strlen(s), i = 0, run = 0, k;
	const shelf_token *tok;

	while (i < n) {
		if (s[i] == '\xEE' && (k = shelf_token_at(t, s + i, n - i, &tok)) != 0) {
			shelf_buf_put(out, s + run, i - run);
			shelf_buf_printf(out, "$%s", tok->name);
			i += k;
			run = i;
		} else {
			i++;
		}
	}
	shelf_buf_put(out, s + run, n - run);
}

/* The key value a directive is compared by. */
static const char *
directive_key(const shelf_directive *dir)
{
	switch (dir->kind) {
	case SHELF_DIR_INCLUDE:
	case SHELF_DIR_SNIPPET:
		return dir->b;
	case SHELF_DIR_MONIKER:
	case SHELF_DIR_NOLOC:
		return dir->a;
	case SHELF_DIR_ZONE: {
		const char *p = shelf_directive_attr(dir, "pivot");
		return p ? p : shelf_directive_attr(dir, "target");
	}
	case SHELF_DIR_IMAGE:
	case SHELF_DIR_VIDEO:
	case SHELF_DIR_CODE:
		return shelf_directive_attr(dir, "source");
	case SHELF_DIR_COLUMN:
		return shelf_directive_attr(dir, "span");
	case SHELF_DIR_WIDGET:
		return dir->a; /* insight, video, metric, azurekb */
	default:
		return "";
	}
}

/* Records every `<a name="x">` / `<a id="x">` in raw HTML `lit`. */
static int
html_anchors(l10n_doc *d, const char *lit, unsigned line)
{
	const char *p = lit;

	while ((p = strstr(p, "<a ")) != NULL) {
		const char *q = p + 3, *e;
		char *name;
		p += 3;
		while (*q == ' ')
			q++;
		if (strncasecmp(q, "name=\"", 6) == 0)
			q += 6;
		else if (strncasecmp(q, "id=\"", 4) == 0)
			q += 4;
		else
			continue;
		if ((e = strchr(q, '"')) == NULL)
			break;
		name = dup_n(q, (size_t)(e - q));
		if (name == NULL || add_item(d, L10N_ANCHOR, line, 0, 0, name, NULL) != 0) {
			free(name);
			return -1;
		}
		free(name);
	}
	return 0;
}

/* The docfx alert markers ([!NOTE], [!div ...], [AZURE.NOTE]) that start a
 * paragraph directly inside block quote `q`. */
static int
quote_alerts(l10n_doc *d, cmark_node *q)
{
	cmark_node *p;
	shelf_buf t = SHELF_BUF_INIT;
	int rc = 0;

	for (p = cmark_node_first_child(q); p; p = cmark_node_next(p)) {
		const char *s, *e;
		if (cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH)
			continue;
		shelf_buf_clear(&t);
		shelf_node_plain_text(p, &t);
		s = shelf_buf_cstr(&t);
		if (strncmp(s, "[!", 2) == 0)
			s += 2;
		else if (strncasecmp(s, "[AZURE.", 7) == 0)
			s += 7;
		else
			continue;
		if ((e = strchr(s, ']')) == NULL || memchr(s, '\n', (size_t)(e - s)))
			continue;
		{
			char *m = dup_n(s, (size_t)(e - s));
			if (m == NULL || add_item(d, L10N_ALERT, (unsigned)cmark_node_get_start_line(p),
			                          0, 0, m, NULL) != 0)
				rc = -1;
			free(m);
		}
	}
	shelf_buf_free(&t);
	return rc;
}

typedef struct walk {
	l10n_doc *d;
	const shelf_directives *dirs;
	const shelf_tokens *toks;
	shelf_buf cur;          /* prose line being collected */
	unsigned cur_line;
	int in_leaf;            /* inside a paragraph, heading or cell */
} walk;

static unsigned
node_line(cmark_node *n, unsigned fallback)
{
	int l = cmark_node_get_start_line(n);
	return l > 0 ? (unsigned)l : fallback;
}

static int
leaf_block(cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	return t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING ||
	       shelf_node_is(n, "table_cell");
}

/* A heading: its plain text (tokens as $name) and docfx explicit id. */
static int
add_heading(walk *w, cmark_node *n, unsigned line)
{
	shelf_buf id = SHELF_BUF_INIT, plain = SHELF_BUF_INIT, t = SHELF_BUF_INIT;
	int has = shelf_heading_explicit_id(n, &id), rc;

	shelf_node_plain_text(n, &plain);
	detoken(w->toks, shelf_buf_cstr(&plain), &t);
	rc = add_item(w->d, L10N_HEADING, line, cmark_node_get_heading_level(n), 0,
	              shelf_buf_cstr(&t), has ? shelf_buf_cstr(&id) : NULL);
	shelf_buf_free(&id);
	shelf_buf_free(&plain);
	shelf_buf_free(&t);
	return rc;
}

/* A code block: its code with directives as written (cmark put them in
 * code, where they are text) and tokens as $name, its info string. */
static int
add_code_block(walk *w, cmark_node *n, unsigned line)
{
	const char *lit = cmark_node_get_literal(n);
	shelf_buf raw = SHELF_BUF_INIT, c = SHELF_BUF_INIT;
	int flen = 0, foff = 0, rc;
	char fch = 0;

	shelf_directives_restore(w->dirs, lit ? lit : "", lit ? strlen(lit) : 0, &raw);
	detoken(w->toks, shelf_buf_cstr(&raw), &c);
	rc = add_item(w->d, L10N_CODE_BLOCK, line, cmark_node_get_fenced(n, &flen, &foff, &fch),
	              0, shelf_buf_cstr(&c), cmark_node_get_fence_info(n));
	shelf_buf_free(&raw);
	shelf_buf_free(&c);
	return rc;
}

/* Handles one ENTER event of the outline walk. */
static int
walk_enter(walk *w, cmark_node *n)
{
	l10n_doc *d = w->d;
	shelf_buf t = SHELF_BUF_INIT;
	unsigned line = node_line(n, w->cur_line);
	const char *lit = cmark_node_get_literal(n);
	int rc = 0;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_HEADING:
		rc = add_heading(w, n, line);
		break;
	case CMARK_NODE_CODE_BLOCK:
		rc = add_code_block(w, n, line);
		break;
	case CMARK_NODE_CODE:
		detoken(w->toks, lit ? lit : "", &t);
		rc = add_item(d, L10N_CODE_SPAN, line, 0, 0, shelf_buf_cstr(&t), NULL);
		shelf_buf_putc(&w->cur, L10N_GAP);
		break;
	case CMARK_NODE_LINK:
	case CMARK_NODE_IMAGE:
		shelf_node_plain_text(n, &t);
		rc = add_item(d, cmark_node_get_type(n) == CMARK_NODE_LINK ? L10N_LINK : L10N_IMAGE,
		              line, 0, 0, cmark_node_get_url(n), shelf_buf_cstr(&t));
		break;
	case CMARK_NODE_HTML_BLOCK:
	case CMARK_NODE_HTML_INLINE: {
		const shelf_directive *dir = shelf_directive_of(w->dirs, lit ? lit : "", line);
		if (dir)
			rc = add_item(d, L10N_DIRECTIVE, dir->line, (int)dir->kind, 0,
			              directive_key(dir), dir->raw);
		else if (lit)
			rc = html_anchors(d, lit, line);
		break;
	}
	case CMARK_NODE_BLOCK_QUOTE:
		rc = quote_alerts(d, n);
		break;
	case CMARK_NODE_LIST: {
		unsigned items = 0;
		cmark_node *c;
		for (c = cmark_node_first_child(n); c; c = cmark_node_next(c))
			items++;
		rc = add_item(d, L10N_LIST, line, cmark_node_get_list_type(n) == CMARK_ORDERED_LIST,
		              items, NULL, NULL);
		break;
	}
	case CMARK_NODE_TEXT:
		detoken(w->toks, lit ? lit : "", &w->cur);
		break;
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
		if (w->in_leaf) {
			rc = flush_line(d, &w->cur, w->cur_line);
			w->cur_line++;
		}
		break;
	default:
		if (shelf_node_is(n, "table")) {
			unsigned rows = 0, cols = 0;
			cmark_node *r = cmark_node_first_child(n), *c;
			for (c = r ? cmark_node_first_child(r) : NULL; c; c = cmark_node_next(c))
				cols++;
			for (; r; r = cmark_node_next(r))
				rows++;
			rc = add_item(d, L10N_TABLE, line, (int)cols, rows, NULL, NULL);
		}
		break;
	}
	if (leaf_block(n)) {
		rc |= flush_line(d, &w->cur, w->cur_line);
		d->n_blocks++;
		w->in_leaf = 1;
		w->cur_line = line;
	}
	shelf_buf_free(&t);
	return rc;
}

/* Builds the outline of parsed `tree`. */
static int
outline(l10n_doc *d, cmark_node *tree, const shelf_directives *dirs,
        const shelf_tokens *toks)
{
	cmark_iter *it = cmark_iter_new(tree);
	cmark_event_type ev;
	walk w;
	size_t i;
	int rc = 0;

	if (it == NULL)
		return -1;
	memset(&w, 0, sizeof w);
	w.d = d;
	w.dirs = dirs;
	w.toks = toks;
	shelf_buf_init(&w.cur, SHELF_BUF_DEFAULT_MAX);
	while (rc == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER)
			rc = walk_enter(&w, n);
		else if (ev == CMARK_EVENT_EXIT && leaf_block(n)) {
			rc = flush_line(d, &w.cur, w.cur_line);
			w.in_leaf = 0;
		}
	}
	cmark_iter_free(it);
	for (i = 0; i < toks->n; i++)
		if (rc == 0)
			rc = add_item(d, L10N_TOKEN, toks->v[i].line, 0, 0, toks->v[i].name, NULL);
	shelf_buf_free(&w.cur);
	return rc || w.cur.failed ? -1 : 0;
}

/* Keeps the front matter and the first YAML fault of `diags`. */
static void
keep_front_matter(l10n_doc *d, shelf_split *sp, const shelf_diags *diags)
{
	size_t i;

	d->fm = sp->front_matter;
	sp->front_matter = NULL;
	d->fm_line = sp->fm_first_line;
	d->fm_present = sp->fm_first_line != 0 || d->fm != NULL;
	for (i = 0; i < diags->n; i++) {
		const shelf_diag *g = &diags->v[i];
		if (g->code >= SHELF_E_YAML && g->code <= SHELF_W_YAML_DUP_KEY &&
		    g->severity == SHELF_ERROR) {
			d->fm_broken = 1;
			d->fm_present = 1;
			if (d->fm_line == 0)
				d->fm_line = g->line;
			if (d->fm_error == NULL) {
				shelf_buf m = SHELF_BUF_INIT;
				shelf_buf_printf(&m, "line %u: %s", g->line, g->message);
				d->fm_error = shelf_buf_detach(&m);
			}
		}
	}
}

l10n_doc *
l10n_doc_load(const char *path, const char *shown)
{
	l10n_doc *d = calloc(1, sizeof *d);
	shelf_diags diags = SHELF_DIAGS_INIT;
	shelf_directives dirs = SHELF_DIRECTIVES_INIT;
	shelf_tokens toks;
	shelf_split sp;
	char *text = NULL, *t1 = NULL, *t2 = NULL;
	size_t len, n1, n2;
	cmark_node *tree = NULL;
	int ok = 0;

	memset(&toks, 0, sizeof toks);
	memset(&sp, 0, sizeof sp);
	if (d == NULL || (d->path = strdup(shown)) == NULL)
		goto done;
	d->raw = shelf_file_slurp(path, SHELF_MAX_FILE_BYTES, &d->raw_len, &diags, shown);
	if (d->raw == NULL) {
		ok = 1;                         /* unreadable: a finding, not a failure */
		if (diags.n)
			d->read_error = strdup(diags.v[0].message);
		goto done;
	}
	d->readable = 1;
	if ((text = shelf_text_normalize(d->raw, d->raw_len, &len, &diags, shown)) == NULL)
		goto done;
	if (shelf_split_article(text, len, &sp, &diags, shown) != 0)
		goto done;
	keep_front_matter(d, &sp, &diags);
	if ((t1 = shelf_tokens_scan(text, len, &n1, &toks, NULL, &diags, shown)) == NULL)
		goto done;
	if ((t2 = shelf_directives_scan(t1, n1, &n2, &dirs, &diags, shown)) == NULL)
		goto done;
	if ((tree = shelf_markdown_parse(t2, n2)) == NULL)
		goto done;
	ok = outline(d, tree, &dirs, &toks) == 0;
done:
	if (tree)
		cmark_node_free(tree);
	shelf_split_free(&sp);
	shelf_directives_free(&dirs);
	shelf_tokens_free(&toks);
	shelf_diags_free(&diags);
	free(text);
	free(t1);
	free(t2);
	if (!ok) {
		l10n_doc_free(d);
		return NULL;
	}
	return d;
}

void
l10n_doc_free(l10n_doc *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n_items; i++) {
		free(d->items[i].a);
		free(d->items[i].b);
	}
	for (i = 0; i < d->n_lines; i++)
		free(d->lines[i].text);
	free(d->items);
	free(d->lines);
	json_decref(d->fm);
	free(d->fm_error);
	free(d->read_error);
	free(d->raw);
	free(d->path);
	free(d);
}

/* ---- findings ---------------------------------------------------------- */

void
l10n_quote(shelf_buf *out, const char *s)
{
	size_t n = strlen(s);

	if (n <= L10N_MAX_QUOTE) {
		shelf_buf_put(out, s, n);
		return;
	}
	n = L10N_MAX_QUOTE;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	shelf_buf_put(out, s, n);
	shelf_buf_puts(out, "\xE2\x80\xA6");
}

static char *
quote_dup(const char *s)
{
	shelf_buf b = SHELF_BUF_INIT;

	if (s == NULL)
		return NULL;
	l10n_quote(&b, s);
	return shelf_buf_detach(&b);
}

void
l10n_add(l10n_ctx *c, const char *check, shelf_l10n_severity sev, int grouped,
         unsigned line, unsigned src_line, const char *src_text, const char *tgt_text,
         const char *fmt, ...)
{
	shelf_l10n_report *r = c->r;
	shelf_l10n_finding *f;
	shelf_buf msg = SHELF_BUF_INIT;
	va_list ap;

	if (r->pair_findings >= L10N_MAX_FINDINGS_PER_PAIR) {
		r->pair_dropped++;
		return;
	}
	if (r->n == r->cap) {
		size_t ncap = r->cap ? r->cap * 2 : 64;
		shelf_l10n_finding *nv = realloc(r->v, ncap * sizeof *nv);
		if (nv == NULL) {
			r->oom = 1;
			return;
		}
		r->v = nv;
		r->cap = ncap;
	}
	va_start(ap, fmt);
	shelf_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	f = &r->v[r->n];
	memset(f, 0, sizeof *f);
	f->check = check;
	f->stale = grouped && c->stale;
	f->severity = f->stale ? SHELF_L10N_INFO : sev;
	f->line = line;
	f->source_line = src_line;
	f->source = c->src && c->src->path ? strdup(c->src->path) : NULL;
	f->target = c->tgt && c->tgt->path ? strdup(c->tgt->path) : NULL;
	f->message = shelf_buf_detach(&msg);
	f->locale = strdup(c->locale ? c->locale : "");
	f->source_text = quote_dup(src_text);
	f->target_text = quote_dup(tgt_text);
	if (f->message == NULL || f->locale == NULL) {
		r->oom = 1;
		return;
	}
	r->n++;
	r->pair_findings++;
}

static void
finding_free(shelf_l10n_finding *f)
{
	free((char *)f->source);
	free((char *)f->target);
	free((char *)f->message);
	free((char *)f->source_text);
	free((char *)f->target_text);
	free((char *)f->locale);
}

/* Orders one pair's findings: `stale` first, then by line, stable. */
static int
cmp_finding(const void *a, const void *b)
{
	const shelf_l10n_finding *x = a, *y = b;
	int sx = strcmp(x->check, "stale") == 0, sy = strcmp(y->check, "stale") == 0;

	if (sx != sy)
		return sy - sx;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* ---- pairs ------------------------------------------------------------- */

static int
add_pair(shelf_l10n_report *r, const char *locale, const char *src, const char *tgt,
         shelf_l10n_status st)
{
	l10n_pair *p;
	const char *any = tgt ? tgt : src;

	if (r->n_pairs >= L10N_MAX_PAIRS)
		return -1;
	if (r->n_pairs == r->cap_pairs) {
		size_t ncap = r->cap_pairs ? r->cap_pairs * 2 : 64;
		l10n_pair *nv = realloc(r->pairs, ncap * sizeof *nv);
		if (nv == NULL)
			return -1;
		r->pairs = nv;
		r->cap_pairs = ncap;
	}
	p = &r->pairs[r->n_pairs];
	p->locale = strdup(locale ? locale : "");
	p->source = src ? strdup(src) : NULL;
	p->target = tgt ? strdup(tgt) : NULL;
	p->is_include = any && (strncmp(any, "includes/", 9) == 0 || strstr(any, "/includes/"));
	p->status = st;
	if (p->locale == NULL) {
		free(p->source);
		free(p->target);
		return -1;
	}
	r->n_pairs++;
	return 0;
}

static int
add_locale(shelf_l10n_report *r, const char *locale)
{
	size_t i;
	char **nv;

	for (i = 0; i < r->n_locales; i++)
		if (strcmp(r->locales[i], locale) == 0)
			return 0;
	nv = realloc(r->locales, (r->n_locales + 1) * sizeof *nv);
	if (nv == NULL)
		return -1;
	r->locales = nv;
	if ((nv[r->n_locales] = strdup(locale)) == NULL)
		return -1;
	r->n_locales++;
	return 0;
}

static void
lower(char *s)
{
	for (; s && *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* Compares one loaded pair and records it.  `folder_locale` is the
 * target's folder locale (NULL when unknown). */
static void
compare(shelf_l10n_report *r, const l10n_doc *src, const l10n_doc *tgt,
        const char *locale, const char *folder_locale, const char *src_path,
        const char *tgt_path)
{
	l10n_ctx c;
	size_t first = r->n;
	char *sd = shelf_path_dirname(src_path), *td = shelf_path_dirname(tgt_path);

	memset(&c, 0, sizeof c);
	c.r = r;
	c.src = src;
	c.tgt = tgt;
	c.locale = locale;
	c.folder_locale = folder_locale;
	c.src_dir = sd;
	c.tgt_dir = td;
	r->pair_findings = r->pair_dropped = 0;
	l10n_check_pair(&c);
	if (r->pair_dropped) {
		r->pair_findings = 0;
		l10n_add(&c, "length", SHELF_L10N_INFO, 0, 0, 0, NULL, NULL,
		         "%zu more findings not shown (at most %d per pair): the files "
		         "may not be a source and its translation", r->pair_dropped,
		         L10N_MAX_FINDINGS_PER_PAIR);
	}
	if (r->n > first)
		qsort(r->v + first, r->n - first, sizeof *r->v, cmp_finding);
	if (add_pair(r, locale, src->path, tgt->path,
	             c.stale ? SHELF_L10N_STALE : SHELF_L10N_TRANSLATED) != 0)
		r->oom = 1;
	if (add_locale(r, locale) != 0)
		r->oom = 1;
	free(sd);
	free(td);
}

/* Adds a finding that concerns one file only (missing, orphan, io). */
static void
file_finding(shelf_l10n_report *r, const char *locale, const char *check,
             shelf_l10n_severity sev, const char *src, const char *tgt, const char *fmt,
             const char *arg)
{
	l10n_doc s = {0}, t = {0};
	l10n_ctx c;

	memset(&c, 0, sizeof c);
	c.r = r;
	c.locale = locale;
	s.path = (char *)src;
	t.path = (char *)tgt;
	c.src = src ? &s : NULL;
	c.tgt = tgt ? &t : NULL;
	r->pair_findings = 0;
	l10n_add(&c, check, sev, 0, 0, 0, NULL, NULL, fmt, arg);
}

/* ---- the content tree -------------------------------------------------- */

typedef struct entry {
	char *key;       /* rel, or rel without _history/<id>/ */
	char *rel;       /* path below the locale folder */
	int used;        /* paired with a source */
} entry;

typedef struct file_list {
	entry *v;
	size_t n, cap;
	char **skipped;     /* what the walk did not enter: path, why, path, why, ... */
	size_t n_skipped;   /* pairs */
} file_list;

static void
files_free(file_list *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->v[i].key);
		free(f->v[i].rel);
	}
	free(f->v);
	for (i = 0; i < 2 * f->n_skipped; i++)
		free(f->skipped[i]);
	free(f->skipped);
	memset(f, 0, sizeof *f);
}

static int
files_add(file_list *f, const char *rel)
{
	const char *k = rel, *s;
	entry *e;

	if (f->n == f->cap) {
		size_t ncap = f->cap ? f->cap * 2 : 64;
		entry *nv = realloc(f->v, ncap * sizeof *nv);
		if (nv == NULL)
			return -1;
		f->v = nv;
		f->cap = ncap;
	}
	/* _history/<commit>/X holds an older version of X */
	if (strncmp(k, "_history/", 9) == 0 && (s = strchr(k + 9, '/')) != NULL)
		k = s + 1;
	e = &f->v[f->n];
	e->key = strdup(k);
	e->rel = strdup(rel);
	e->used = 0;
	if (e->key == NULL || e->rel == NULL) {
		free(e->key);
		free(e->rel);
		return -1;
	}
	f->n++;
	return 0;
}

/* on_file of the walk: every regular .md file, by its path below the
 * folder walked.  0 / -1 on OOM. */
static int
collect_md(void *user, const shelf_walk_entry *e)
{
	size_t n = strlen(e->name);

	if (!e->regular || n <= 3 || strcmp(e->name + n - 3, ".md") != 0)
		return 0;
	return files_add(user, e->rel);
}

/* on_skip of the walk: a link or folder not walked is kept, to become an
 * `io` finding, so no translation is passed over in silence.  0 / -1. */
static int
skip_md(void *user, shelf_code code, const char *path, const char *fmt, const char *arg)
{
	file_list *f = user;
	shelf_buf m = SHELF_BUF_INIT;
	char **nv = realloc(f->skipped, (2 * f->n_skipped + 2) * sizeof *nv);

	(void)code;
	if (nv == NULL)
		return -1;
	f->skipped = nv;
	shelf_buf_printf(&m, fmt, arg);
	nv[2 * f->n_skipped] = strdup(path);
	nv[2 * f->n_skipped + 1] = shelf_buf_detach(&m);
	if (nv[2 * f->n_skipped] == NULL || nv[2 * f->n_skipped + 1] == NULL) {
		free(nv[2 * f->n_skipped]);
		free(nv[2 * f->n_skipped + 1]);
		return -1;
	}
	f->n_skipped++;
	return 0;
}

/* Collects every .md file below `dir` (links not followed; what is not
 * walked is listed in f->skipped).  0 / -1 on OOM. */
static int
walk_dir(const char *dir, file_list *f)
{
	shelf_walker w = {collect_md, skip_md, f};

	return shelf_walk(&w, dir, "", 0);
}

static int
cmp_entry(const void *a, const void *b)
{
	const entry *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : strcmp(x->rel, y->rel);
}

/* First entry of sorted `f` whose key is `key`, or f->n. */
static size_t
files_find(const file_list *f, const char *key)
{
	size_t lo = 0, hi = f->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(f->v[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < f->n && strcmp(f->v[lo].key, key) == 0 ? lo : f->n;
}

typedef struct target_locale {
	char *dir;        /* folder name as on disk ("ko-KR") */
	char *locale;     /* lower case */
	file_list files;
} target_locale;

static int
cmp_target(const void *a, const void *b)
{
	return strcmp(((const target_locale *)a)->locale, ((const target_locale *)b)->locale);
}

/* The tree run: finds the source folder and the target folders. */
typedef struct tree {
	const char *content;
	char *src_dir;
	file_list src;
	target_locale *t;
	size_t n_t;
} tree;

static void
tree_free(tree *tr)
{
	size_t i;

	free(tr->src_dir);
	files_free(&tr->src);
	for (i = 0; i < tr->n_t; i++) {
		free(tr->t[i].dir);
		free(tr->t[i].locale);
		files_free(&tr->t[i].files);
	}
	free(tr->t);
}

/* Lists content/: the source locale folder and every target folder. */
static int
tree_open(tree *tr, const shelf_l10n_options *opt, char **err)
{
	const char *source = opt->source_locale ? opt->source_locale : "en-us";
	const char *want = opt->target_locale && strcasecmp(opt->target_locale, "all") != 0
	                 ? opt->target_locale : NULL;
	shelf_buf m = SHELF_BUF_INIT;
	struct dirent *e;
	DIR *dp = opendir(tr->content);
	size_t i;

	if (dp == NULL) {
		shelf_buf_printf(&m, "cannot open content folder '%s': %s", tr->content,
		                 strerror(errno));
		*err = shelf_buf_detach(&m);
		return -1;
	}
	while ((e = readdir(dp)) != NULL) {
		size_t n = strlen(e->d_name);
		target_locale *nv;
		if (!shelf_locale_name_ok(e->d_name, n))
			continue;
		if (strcasecmp(e->d_name, source) == 0) {
			free(tr->src_dir);
			tr->src_dir = strdup(e->d_name);
			continue;
		}
		if (want && strcasecmp(e->d_name, want) != 0)
			continue;
		nv = realloc(tr->t, (tr->n_t + 1) * sizeof *nv);
		if (nv == NULL)
			break;
		tr->t = nv;
		memset(&nv[tr->n_t], 0, sizeof *nv);
		nv[tr->n_t].dir = strdup(e->d_name);
		nv[tr->n_t].locale = strdup(e->d_name);
		lower(nv[tr->n_t].locale);
		tr->n_t++;
	}
	closedir(dp);
	if (tr->src_dir == NULL) {
		shelf_buf_printf(&m, "no source locale folder '%s' in '%s' (locale folder "
		                 "names match in any case; see --source)", source, tr->content);
		*err = shelf_buf_detach(&m);
		return -1;
	}
	if (want && tr->n_t == 0) {
		shelf_buf_printf(&m, "no locale folder '%s' in '%s'", want, tr->content);
		*err = shelf_buf_detach(&m);
		return -1;
	}
	if (tr->n_t)
		qsort(tr->t, tr->n_t, sizeof *tr->t, cmp_target);
	shelf_buf_printf(&m, "%s/%s", tr->content, tr->src_dir);
	if (walk_dir(shelf_buf_cstr(&m), &tr->src) != 0)
		goto oom;
	if (tr->src.n)
		qsort(tr->src.v, tr->src.n, sizeof *tr->src.v, cmp_entry);
	for (i = 0; i < tr->n_t; i++) {
		if (tr->t[i].dir == NULL || tr->t[i].locale == NULL)
			goto oom;
		shelf_buf_clear(&m);
		shelf_buf_printf(&m, "%s/%s", tr->content, tr->t[i].dir);
		if (walk_dir(shelf_buf_cstr(&m), &tr->t[i].files) != 0)
			goto oom;
		if (tr->t[i].files.n)
			qsort(tr->t[i].files.v, tr->t[i].files.n, sizeof(entry), cmp_entry);
	}
	shelf_buf_free(&m);
	return 0;
oom:
	shelf_buf_free(&m);
	*err = strdup("out of memory");
	return -1;
}

/* Compares every file of the tree. */
static void
tree_run(shelf_l10n_report *r, tree *tr)
{
	shelf_buf sp = SHELF_BUF_INIT, tp = SHELF_BUF_INIT;
	size_t i, j, k;

	for (j = 0; j < tr->n_t; j++)
		if (add_locale(r, tr->t[j].locale) != 0)
			r->oom = 1;
	for (i = 0; i < tr->src.n && !r->oom; i++) {
		const entry *s = &tr->src.v[i];
		l10n_doc *src;
		if (i > 0 && strcmp(s->key, tr->src.v[i - 1].key) == 0)
			continue;                  /* en-us/_history: not a source */
		shelf_buf_clear(&sp);
		shelf_buf_printf(&sp, "%s/%s/%s", tr->content, tr->src_dir, s->rel);
		src = l10n_doc_load(shelf_buf_cstr(&sp), shelf_buf_cstr(&sp));
		if (src == NULL) {
			r->oom = 1;
			break;
		}
		if (!src->readable)
			file_finding(r, "", "io", SHELF_L10N_ERROR, src->path, NULL,
			             "source cannot be read: %s", src->read_error ? src->read_error : "");
		for (j = 0; j < tr->n_t; j++) {
			target_locale *tl = &tr->t[j];
			size_t at = files_find(&tl->files, s->key);
			int inc = strncmp(s->key, "includes/", 9) == 0 || strstr(s->key, "/includes/");
			if (at == tl->files.n) {
				file_finding(r, tl->locale, "missing", inc ? SHELF_L10N_WARNING : SHELF_L10N_INFO,
				             src->path, NULL, inc ? "no %s translation of this include: "
				             "translated pages show it in the source language" :
				             "no %s translation: the site falls back to the source page",
				             tl->locale);
				if (add_pair(r, tl->locale, src->path, NULL,
				             inc ? SHELF_L10N_MISSING : SHELF_L10N_FALLBACK) != 0)
					r->oom = 1;
				continue;
			}
			for (k = at; k < tl->files.n && strcmp(tl->files.v[k].key, s->key) == 0; k++) {
				l10n_doc *tgt;
				tl->files.v[k].used = 1;
				shelf_buf_clear(&tp);
				shelf_buf_printf(&tp, "%s/%s/%s", tr->content, tl->dir, tl->files.v[k].rel);
				tgt = l10n_doc_load(shelf_buf_cstr(&tp), shelf_buf_cstr(&tp));
				if (tgt == NULL) {
					r->oom = 1;
					break;
				}
				if (src->readable)
					compare(r, src, tgt, tl->locale, tl->locale, shelf_buf_cstr(&sp),
					        shelf_buf_cstr(&tp));
				l10n_doc_free(tgt);
			}
		}
		l10n_doc_free(src);
	}
	for (j = 0; j < tr->n_t && !r->oom; j++)
		for (k = 0; k < tr->t[j].files.n; k++) {
			if (tr->t[j].files.v[k].used)
				continue;
			shelf_buf_clear(&tp);
			shelf_buf_printf(&tp, "%s/%s/%s", tr->content, tr->t[j].dir,
			                 tr->t[j].files.v[k].rel);
			file_finding(r, tr->t[j].locale, "orphan", SHELF_L10N_WARNING, NULL, shelf_buf_cstr(&tp),
			             "no source '%s': the translation is never shown (its source "
			             "was moved or deleted)", tr->t[j].files.v[k].key);
			if (add_pair(r, tr->t[j].locale, NULL, shelf_buf_cstr(&tp), SHELF_L10N_ORPHAN))
				r->oom = 1;
		}
	for (k = 0; k < tr->src.n_skipped; k++)
		file_finding(r, "", "io", SHELF_L10N_ERROR, tr->src.skipped[2 * k], NULL,
		             "%s: not compared", tr->src.skipped[2 * k + 1]);
	for (j = 0; j < tr->n_t; j++)
		for (k = 0; k < tr->t[j].files.n_skipped; k++)
			file_finding(r, tr->t[j].locale, "io", SHELF_L10N_ERROR, NULL,
			             tr->t[j].files.skipped[2 * k], "%s: not compared",
			             tr->t[j].files.skipped[2 * k + 1]);
	shelf_buf_free(&sp);
	shelf_buf_free(&tp);
}

/* Compares explicitly named pairs. */
static void
pairs_run(shelf_l10n_report *r, const shelf_l10n_options *opt)
{
	size_t i;

	for (i = 0; i < opt->n_pairs && !r->oom; i++) {
		const char *sp = opt->pairs[2 * i], *tp = opt->pairs[2 * i + 1];
		char folder[16] = "", locale[64] = "";
		char *root = shelf_path_locale_root(tp, folder);
		l10n_doc *src = l10n_doc_load(sp, sp), *tgt = l10n_doc_load(tp, tp);
		const char *fml;

		free(root);
		if (src == NULL || tgt == NULL) {
			r->oom = 1;
		} else if (!src->readable || !tgt->readable) {
			const l10n_doc *bad = src->readable ? tgt : src;
			char msg[1024];
			snprintf(msg, sizeof msg, "'%s': %s", bad->path,
			         bad->read_error ? bad->read_error : "cannot be read");
			file_finding(r, "", "io", SHELF_L10N_ERROR, sp, tp, "%s", msg);
		} else {
			fml = json_string_value(json_object_get(tgt->fm, "ms.contentlocale"));
			if (folder[0])
				snprintf(locale, sizeof locale, "%s", folder);
			else if (fml && shelf_locale_name_ok(fml, strlen(fml)))
				snprintf(locale, sizeof locale, "%s", fml);
			lower(locale);
			compare(r, src, tgt, locale, folder[0] ? folder : NULL, sp, tp);
		}
		l10n_doc_free(src);
		l10n_doc_free(tgt);
	}
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
shelf_l10n_run(const shelf_ctx *ctx, const shelf_l10n_options *opt,
               shelf_l10n_report **out, char **err)
{
	shelf_l10n_report *r = calloc(1, sizeof *r);
	char *dummy = NULL;
	tree tr;

	(void)ctx;
	if (err == NULL)
		err = &dummy;
	*err = NULL;
	*out = NULL;
	if (r == NULL)
		return -1;
	shelf_markdown_init();
	if (opt->n_pairs > 0) {
		pairs_run(r, opt);
	} else {
		memset(&tr, 0, sizeof tr);
		tr.content = opt->content_dir ? opt->content_dir : "content";
		if (tree_open(&tr, opt, err) != 0) {
			tree_free(&tr);
			shelf_l10n_report_free(r);
			free(dummy);
			return -1;
		}
		tree_run(r, &tr);
		tree_free(&tr);
	}
	if (r->oom) {
		shelf_l10n_report_free(r);
		*err = strdup("out of memory");
		free(dummy);
		return -1;
	}
	if (r->n_locales)
		qsort(r->locales, r->n_locales, sizeof *r->locales, cmp_str);
	*out = r;
	return 0;
}

void
shelf_l10n_report_free(shelf_l10n_report *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		finding_free(&r->v[i]);
	for (i = 0; i < r->n_pairs; i++) {
		free(r->pairs[i].locale);
		free(r->pairs[i].source);
		free(r->pairs[i].target);
	}
	for (i = 0; i < r->n_locales; i++)
		free(r->locales[i]);
	free(r->v);
	free(r->pairs);
	free(r->locales);
	free(r);
}

size_t shelf_l10n_count(const shelf_l10n_report *r) { return r ? r->n : 0; }
size_t shelf_l10n_pair_count(const shelf_l10n_report *r) { return r ? r->n_pairs : 0; }
size_t shelf_l10n_locale_count(const shelf_l10n_report *r) { return r ? r->n_locales : 0; }

const shelf_l10n_finding *
shelf_l10n_at(const shelf_l10n_report *r, size_t i)
{
	return r && i < r->n ? &r->v[i] : NULL;
}

size_t
shelf_l10n_count_severity(const shelf_l10n_report *r, shelf_l10n_severity sev)
{
	size_t i, n = 0;

	for (i = 0; r && i < r->n; i++)
		n += r->v[i].severity == sev;
	return n;
}

shelf_l10n_status
shelf_l10n_pair(const shelf_l10n_report *r, size_t i, const char **locale,
                const char **source, const char **target)
{
	const l10n_pair *p = &r->pairs[i];

	if (locale)
		*locale = p->locale;
	if (source)
		*source = p->source;
	if (target)
		*target = p->target;
	return p->status;
}

const char *
shelf_l10n_locale(const shelf_l10n_report *r, size_t i)
{
	return r && i < r->n_locales ? r->locales[i] : NULL;
}
