/*
 * tabs.c - docfx tab groups; see tabs.h.
 *
 * The transform runs after the alert transform, so a tab group inside an
 * alert is found in its custom block.  Directive containers (zone,
 * moniker, row, column) are sentinels between sibling blocks, not tree
 * nodes, so their start and end sentinels end a group as the end of a
 * docfx container would.
 *
 * Each tab heading still reserves its heading id, as in docfx: the section
 * carries the heading's text for the renderer.  Not reproduced: the blank
 * lines docfx writes inside sections (newlines are not part of its
 * contract).
 */
#include "tabs.h"
#include "escape.h"
#include "markdown.h"

#include <stdlib.h>
#include <string.h>

typedef struct tab {
	cmark_node *heading;
	cmark_node *section;     /* custom block holding the tab's blocks */
	const char *id;          /* into the link URL (alive until freed) */
	size_t id_n;
	const char *cond;        /* NULL when none */
	size_t cond_n;
	int visible;
} tab;

/* An id list remembered for later groups (owned copies). */
typedef struct tab_set {
	char **ids;
	size_t n;
} tab_set;

typedef struct tabs_state {
	const shelf_render_in *in;
	unsigned groups;                       /* groups made so far */
	tab_set sets[SHELF_MAX_TAB_GROUPS];
	size_t n_sets;
	int failed;
} tabs_state;

static int
id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-';
}

/* Matches `#tab/ID(+ID)*(/COND?)?`; sets the spans.  Returns 1 or 0. */
static int
parse_tab_url(const char *u, tab *t)
{
	const char *p;

	if (u == NULL || strncmp(u, "#tab/", 5) != 0)
		return 0;
	p = u + 5;
	t->id = p;
	for (;;) {
		const char *s = p;
		while (id_char(*p))
			p++;
		if (p == s)
			return 0;
		if (*p != '+')
			break;
		p++;
	}
	t->id_n = (size_t)(p - t->id);
	t->cond = NULL;
	t->cond_n = 0;
	if (*p == '/') {
		t->cond = ++p;
		while (id_char(*p))
			p++;
		t->cond_n = (size_t)(p - t->cond);
		if (t->cond_n == 0)
			t->cond = NULL;
	}
	return *p == '\0';
}

/* The link of a tab heading (its only inline, optionally after an
 * `<a name="x"></a>` anchor pair), or NULL; fills t's id spans. */
static cmark_node *
tab_link(cmark_node *h, tab *t)
{
	cmark_node *c;

	if (cmark_node_get_type(h) != CMARK_NODE_HEADING)
		return NULL;
	c = cmark_node_first_child(h);
	if (c && cmark_node_get_type(c) == CMARK_NODE_HTML_INLINE && cmark_node_next(c) &&
	    cmark_node_get_type(cmark_node_next(c)) == CMARK_NODE_HTML_INLINE) {
		const char *a = cmark_node_get_literal(c);
		const char *b = cmark_node_get_literal(cmark_node_next(c));
		if (a && b && strncmp(a, "<a ", 3) == 0 && strcmp(b, "</a>") == 0)
			c = cmark_node_next(cmark_node_next(c));
	}
	if (c == NULL || cmark_node_get_type(c) != CMARK_NODE_LINK || cmark_node_next(c))
		return NULL;
	return parse_tab_url(cmark_node_get_url(c), t) ? c : NULL;
}

/* 1 when `n` ends a tab group: a thematic break, or the sentinel of a
 * directive container's start or end. */
static int
ends_group(cmark_node *n, const shelf_render_in *in)
{
	const shelf_directive *d;

	if (cmark_node_get_type(n) == CMARK_NODE_THEMATIC_BREAK)
		return 1;
	if (cmark_node_get_type(n) != CMARK_NODE_HTML_BLOCK)
		return 0;
	d = shelf_directive_of(in->dirs, cmark_node_get_literal(n),
	                       (unsigned)cmark_node_get_start_line(n));
	return d && d->kind != SHELF_DIR_INCLUDE && d->kind != SHELF_DIR_IMAGE &&
	       d->kind != SHELF_DIR_IMAGE_END && d->kind != SHELF_DIR_CODE &&
	       d->kind != SHELF_DIR_VIDEO && d->kind != SHELF_DIR_NOLOC &&
	       d->kind != SHELF_DIR_SNIPPET && d->kind != SHELF_DIR_FORM &&
	       d->kind != SHELF_DIR_MATH;
}

/* Renders the link's inlines (moved out of it) as HTML into out. */
static void
render_title(tabs_state *st, cmark_node *link, shelf_buf *out)
{
	cmark_node *doc = cmark_node_new(CMARK_NODE_DOCUMENT);
	cmark_node *para = cmark_node_new(CMARK_NODE_PARAGRAPH), *c, *next;
	shelf_render_in in = *st->in;
	shelf_render_out res;

	if (doc == NULL || para == NULL) {
		cmark_node_free(doc);
		cmark_node_free(para);
		st->failed = 1;
		return;
	}
	cmark_node_append_child(doc, para);
	for (c = cmark_node_first_child(link); c; c = next) {
		next = cmark_node_next(c);
		cmark_node_append_child(para, c);
	}
	in.inline_only = 1;
	if (shelf_render_tree(doc, &in, out, &res) != 0)
		st->failed = 1;
	shelf_render_out_free(&res);
	cmark_node_free(doc);
}

/* 1 when the tab's `+`-separated ids include id[0..n). */
static int
tab_has(const tab *t, const char *id, size_t n)
{
	const char *p = t->id, *end = t->id + t->id_n;

	while (p < end) {
		const char *q = memchr(p, '+', (size_t)(end - p));
		size_t k = q ? (size_t)(q - p) : (size_t)(end - p);
		if (k == n && strncmp(p, id, n) == 0)
			return 1;
		p += k + 1;
	}
	return 0;
}

/* 1 when the set holds tab id tabs[i] (whole). */
static int
set_has(const tab_set *s, const char *id, size_t n)
{
	for (size_t k = 0; k < s->n; k++)
		if (strlen(s->ids[k]) == n && strncmp(s->ids[k], id, n) == 0)
			return 1;
	return 0;
}

/* How the group's ids relate to set s: 2 same set, 1 some shared, 0 none. */
static int
compare_set(const tab_set *s, const tab *tabs, size_t n)
{
	size_t shared = 0, k;

	for (k = 0; k < n; k++)
		if (set_has(s, tabs[k].id, tabs[k].id_n))
			shared++;
	if (shared == 0)
		return 0;
	if (shared < n)
		return 1;
	for (k = 0; k < s->n; k++) {
		size_t j;
		for (j = 0; j < n; j++)
			if (strlen(s->ids[k]) == tabs[j].id_n &&
			    strncmp(s->ids[k], tabs[j].id, tabs[j].id_n) == 0)
				break;
		if (j == n)
			return 1;
	}
	return 2;
}

static void
remember(tabs_state *st, const tab *tabs, size_t n)
{
	tab_set *s;

	if (st->n_sets >= SHELF_MAX_TAB_GROUPS)
		return;
	s = &st->sets[st->n_sets];
	s->ids = calloc(n, sizeof *s->ids);
	if (s->ids == NULL) {
		st->failed = 1;
		return;
	}
	for (s->n = 0; s->n < n; s->n++)
		if ((s->ids[s->n] = strndup(tabs[s->n].id, tabs[s->n].id_n)) == NULL) {
			st->failed = 1;
			break;
		}
	st->n_sets++;
}

/* Index of the tab of the group holding id[0..n), or -1. */
static int
tab_with(const tab *tabs, size_t n, const char *id)
{
	for (size_t k = 0; k < n; k++)
		if (tab_has(&tabs[k], id, strlen(id)))
			return (int)k;
	return -1;
}

static void
warn(tabs_state *st, cmark_node *at, const char *msg, const char *arg, size_t n)
{
	shelf_diags_add(st->in->diags, SHELF_W_TABS, SHELF_WARNING, st->in->file,
	                (unsigned)cmark_node_get_start_line(at),
	                (unsigned)cmark_node_get_start_column(at), msg, (int)n, arg);
}

/* Decides visibility and the active tab, as docfx's aggregator does.
 * Returns the active index. */
static size_t
choose_active(tabs_state *st, tab *tabs, size_t n)
{
	size_t k, j, first_visible = n;
	int active = -1, rel;

	for (k = 0; k < n; k++) {
		tabs[k].visible = tabs[k].cond == NULL;
		for (j = 0; !tabs[k].visible && j < st->n_sets; j++)
			tabs[k].visible = st->sets[j].n > 0 && strlen(st->sets[j].ids[0]) == tabs[k].cond_n &&
			                  strncmp(st->sets[j].ids[0], tabs[k].cond, tabs[k].cond_n) == 0;
		if (tabs[k].visible && first_visible == n)
			first_visible = k;
		for (j = 0; tabs[k].visible && j < k; j++)
			if (tabs[j].visible && tabs[j].id_n == tabs[k].id_n &&
			    strncmp(tabs[j].id, tabs[k].id, tabs[k].id_n) == 0)
				warn(st, tabs[k].heading, "tab group: duplicate tab id '%.*s'", tabs[k].id, tabs[k].id_n);
	}
	for (rel = 2; rel >= 1 && active < 0; rel--)
		for (j = 0; j < st->n_sets && active < 0; j++)
			if (compare_set(&st->sets[j], tabs, n) == rel && st->sets[j].n > 0) {
				active = tab_with(tabs, n, st->sets[j].ids[0]);
				if (active >= 0 && rel == 1)
					warn(st, tabs[0].heading, "tab group: tab id set differs from an earlier group's%.*s", "", 0);
			}
	if (active >= 0)
		return (size_t)active;
	if (first_visible == n) {
		warn(st, tabs[0].heading, "tab group: every tab is hidden by its condition%.*s", "", 0);
		first_visible = 0;
	}
	remember(st, tabs, n);
	return first_visible;
}

/* Writes the panel key `N_ID` or `N_ID_COND`. */
static void
put_key(shelf_buf *b, unsigned group, const tab *t)
{
	shelf_buf_printf(b, "%u_%.*s", group, (int)t->id_n, t->id);
	if (t->cond)
		shelf_buf_printf(b, "_%.*s", (int)t->cond_n, t->cond);
}

static void
put_data(shelf_buf *b, const tab *t)
{
	shelf_buf_printf(b, " data-tab=\"%.*s\"", (int)t->id_n, t->id);
	if (t->cond)
		shelf_buf_printf(b, " data-condition=\"%.*s\"", (int)t->cond_n, t->cond);
}

/* The tab list item of tab t with its rendered title. */
static void
put_item(shelf_buf *b, unsigned group, const tab *t, int active, const char *title)
{
	shelf_buf_puts(b, t->visible ? "<li role=\"presentation\">\n"
	                             : "<li role=\"presentation\" aria-hidden=\"true\" hidden=\"hidden\">\n");
	shelf_buf_puts(b, "<a href=\"#tabpanel_");
	put_key(b, group, t);
	shelf_buf_puts(b, "\" role=\"tab\" aria-controls=\"tabpanel_");
	put_key(b, group, t);
	shelf_buf_putc(b, '"');
	put_data(b, t);
	shelf_buf_puts(b, active ? " tabindex=\"0\" aria-selected=\"true\">" : " tabindex=\"-1\">");
	shelf_buf_puts(b, title);
	shelf_buf_puts(b, "</a>\n</li>\n");
}

/* Sets the section's opening tag. */
static void
set_section(cmark_node *sec, unsigned group, const tab *t, int active)
{
	shelf_buf b = SHELF_BUF_INIT;

	shelf_buf_puts(&b, "<section id=\"tabpanel_");
	put_key(&b, group, t);
	shelf_buf_puts(&b, "\" role=\"tabpanel\"");
	put_data(&b, t);
	shelf_buf_puts(&b, active ? ">\n" : " aria-hidden=\"true\" hidden=\"hidden\">\n");
	cmark_node_set_on_enter(sec, shelf_buf_cstr(&b));
	cmark_node_set_on_exit(sec, "</section>\n");
	shelf_buf_free(&b);
}

/* Collects the tabs starting at heading `h` (moving each tab's blocks into
 * a new section under `group`).  Returns the count; *after is the node
 * after the group (a closing thematic break is freed). */
static size_t
collect(tabs_state *st, cmark_node *h, cmark_node *group, tab *tabs, cmark_node **after)
{
	size_t n = 0;
	cmark_node *c = h, *next;
	tab t;

	while (c && n < SHELF_MAX_TABS && tab_link(c, &t)) {
		t.heading = c;
		t.section = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
		if (t.section == NULL) {
			st->failed = 1;
			break;
		}
		cmark_node_append_child(group, t.section);
		tabs[n++] = t;
		for (c = cmark_node_next(c); c && !ends_group(c, st->in); c = next) {
			tab probe;
			next = cmark_node_next(c);
			if (tab_link(c, &probe))
				break;
			cmark_node_append_child(t.section, c);
		}
	}
	if (c && cmark_node_get_type(c) == CMARK_NODE_THEMATIC_BREAK) {
		next = cmark_node_next(c);
		cmark_node_free(c);
		c = next;
	}
	*after = c;
	return n;
}

static void
free_text(cmark_mem *mem, void *p)
{
	(void)mem;
	free(p);
}

/* docfx gives every tab heading an id (and so reserves it) before the tab
 * turns it into a tab: the section keeps the heading's text as user data,
 * which the renderer claims as a heading id when it enters the section
 * (render.c), in document order. */
static void
reserve_heading_id(cmark_node *section, cmark_node *heading)
{
	shelf_buf text = SHELF_BUF_INIT;
	char *t;

	shelf_node_plain_text(heading, &text);
	t = shelf_buf_detach(&text);
	if (t && cmark_node_set_user_data(section, t))
		cmark_node_set_user_data_free_func(section, free_text);
	else
		free(t);
}

/* Turns the group starting at tab heading `h` into custom blocks.
 * Returns the node after the group. */
static cmark_node *
build_group(tabs_state *st, cmark_node *h)
{
	tab tabs[SHELF_MAX_TABS];
	cmark_node *group = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK), *after = NULL;
	shelf_buf on = SHELF_BUF_INIT, title = SHELF_BUF_INIT;
	size_t n, k, active;
	unsigned g;

	if (group == NULL) {
		st->failed = 1;
		return NULL;
	}
	cmark_node_insert_before(h, group);
	n = collect(st, h, group, tabs, &after);
	if (n == 0)
		return after;
	g = ++st->groups;
	active = choose_active(st, tabs, n);
	shelf_buf_printf(&on, "<div class=\"tabGroup\" id=\"tabgroup_%u\">\n<ul role=\"tablist\">\n", g);
	for (k = 0; k < n; k++) {
		tab probe;
		/* before render_title, which takes the link's text */
		reserve_heading_id(tabs[k].section, tabs[k].heading);
		shelf_buf_clear(&title);
		render_title(st, tab_link(tabs[k].heading, &probe), &title);
		put_item(&on, g, &tabs[k], k == active, shelf_buf_cstr(&title));
		set_section(tabs[k].section, g, &tabs[k], k == active);
	}
	shelf_buf_puts(&on, "</ul>\n");
	if (on.failed || title.failed)
		st->failed = 1;
	cmark_node_set_on_enter(group, shelf_buf_cstr(&on));
	cmark_node_set_on_exit(group, "</div>\n");
	for (k = 0; k < n; k++)
		cmark_node_free(tabs[k].heading); /* the ids pointed into it: done */
	shelf_buf_free(&on);
	shelf_buf_free(&title);
	return after;
}

static int
is_block_container(cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	return t == CMARK_NODE_DOCUMENT || t == CMARK_NODE_BLOCK_QUOTE ||
	       t == CMARK_NODE_ITEM || t == CMARK_NODE_CUSTOM_BLOCK;
}

int
shelf_docfx_tabs(cmark_node *doc, const shelf_render_in *in)
{
	tabs_state st;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_node **conts = NULL;
	size_t n = 0, cap = 0, i, k;
	cmark_event_type ev;

	if (it == NULL)
		return -1;
	memset(&st, 0, sizeof st);
	st.in = in;
	/* collect first: rewriting while iterating would confuse the iterator */
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && shelf_holds_inlines(node)) {
			cmark_iter_reset(it, node, CMARK_EVENT_EXIT); /* no container in there */
			continue;
		}
		if (ev != CMARK_EVENT_ENTER || !is_block_container(node))
			continue;
		if (n == cap) {
			cmark_node **nv = realloc(conts, (cap ? cap * 2 : 16) * sizeof *nv);
			if (nv == NULL) {
				st.failed = 1;
				break;
			}
			conts = nv;
			cap = cap ? cap * 2 : 16;
		}
		conts[n++] = node;
	}
	cmark_iter_free(it);
	for (i = 0; i < n; i++) {
		cmark_node *c = cmark_node_first_child(conts[i]);
		while (c) {
			tab probe;
			c = tab_link(c, &probe) ? build_group(&st, c) : cmark_node_next(c);
		}
	}
	for (i = 0; i < st.n_sets; i++) {
		for (k = 0; k < st.sets[i].n; k++)
			free(st.sets[i].ids[k]);
		free(st.sets[i].ids);
	}
	free(conts);
	return st.failed ? -1 : 0;
}
