/*
 * doc.c - the struct arrays of the article's data model; see doc.h.
 */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

/* Makes room for one more item of `size` bytes in `v` (n used, *cap
 * allocated).  Returns the array (perhaps moved), or NULL on OOM with `v`
 * and *cap unchanged. */
static void *
grow(void *v, size_t *cap, size_t n, size_t size)
{
	size_t nc;
	void *nv;

	if (n < *cap)
		return v;
	nc = *cap ? *cap * 2 : 16;
	if (nc > (size_t)-1 / size || (nv = realloc(v, nc * size)) == NULL)
		return NULL;
	*cap = nc;
	return nv;
}

/* Grows array `a` ({v, n, cap}) by one slot, or returns -1 from the
 * calling function. */
#define GROW_OR_FAIL(a) do { \
	void *nv_ = grow((a)->v, &(a)->cap, (a)->n, sizeof *(a)->v); \
	if (nv_ == NULL) \
		return -1; \
	(a)->v = nv_; \
} while (0)

/* ---- headings --------------------------------------------------------- */

int
shelf_headings_push(shelf_headings *a, int level, const char *id, const char *text,
                    unsigned line)
{
	shelf_heading h;

	GROW_OR_FAIL(a);
	h.level = level;
	h.line = line;
	h.id = strdup(id);
	h.text = strdup(text);
	if (h.id == NULL || h.text == NULL) {
		free(h.id);
		free(h.text);
		return -1;
	}
	a->v[a->n++] = h;
	return 0;
}

void
shelf_headings_free(shelf_headings *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		free(a->v[i].id);
		free(a->v[i].text);
	}
	free(a->v);
	memset(a, 0, sizeof *a);
}

/* ---- blocks ----------------------------------------------------------- */

int
shelf_blocks_push(shelf_blocks *a, const shelf_block *b)
{
	GROW_OR_FAIL(a);
	a->v[a->n++] = *b;
	return 0;
}

void
shelf_blocks_free(shelf_blocks *a)
{
	free(a->v);
	memset(a, 0, sizeof *a);
}

/* ---- portal links ----------------------------------------------------- */

int
shelf_portal_link_param(shelf_portal_link *l, const char *name, const char *value)
{
	shelf_param *nv = realloc(l->params, (l->n_params + 1) * sizeof *nv);
	shelf_param p;

	if (nv == NULL)
		return -1;
	l->params = nv;
	p.name = strdup(name);
	p.value = strdup(value);
	if (p.name == NULL || p.value == NULL) {
		free(p.name);
		free(p.value);
		return -1;
	}
	l->params[l->n_params++] = p;
	return 0;
}

void
shelf_portal_link_free(shelf_portal_link *l)
{
	size_t i;

	for (i = 0; i < l->n_params; i++) {
		free(l->params[i].name);
		free(l->params[i].value);
	}
	free(l->params);
	free(l->kind);
	free(l->extension);
	free(l->blade);
	free(l->fallback);
	free(l->raw);
	free(l->error);
	memset(l, 0, sizeof *l);
}

int
shelf_portal_links_push(shelf_portal_links *a, shelf_portal_link *l)
{
	void *nv = grow(a->v, &a->cap, a->n, sizeof *a->v);

	if (nv == NULL) {
		shelf_portal_link_free(l);
		return -1;
	}
	a->v = nv;
	a->v[a->n++] = *l;
	memset(l, 0, sizeof *l);
	return 0;
}

static void
element_free(shelf_portal_element *e)
{
	size_t i;

	for (i = 0; i < e->n_fields; i++) {
		free(e->fields[i].name);
		free(e->fields[i].value);
	}
	free(e->fields);
	free(e->kind);
}

int
shelf_portal_elements_push(shelf_portal_elements *a, const char *kind, unsigned line,
                           const char *const *names, const char *const *values, size_t n)
{
	shelf_portal_element e;
	void *nv = grow(a->v, &a->cap, a->n, sizeof *a->v);
	size_t i;

	if (nv == NULL)
		return -1;
	a->v = nv;
	memset(&e, 0, sizeof e);
	e.line = line;
	if ((e.kind = strdup(kind)) == NULL || (n && (e.fields = calloc(n, sizeof *e.fields)) == NULL))
		goto fail;
	for (i = 0; i < n; i++, e.n_fields++)
		if ((e.fields[i].name = strdup(names[i])) == NULL ||
		    (e.fields[i].value = strdup(values[i])) == NULL) {
			free(e.fields[i].name);
			goto fail;
		}
	a->v[a->n++] = e;
	return 0;
fail:
	element_free(&e);
	return -1;
}

void
shelf_portal_elements_free(shelf_portal_elements *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		element_free(&a->v[i]);
	free(a->v);
	memset(a, 0, sizeof *a);
}

void
shelf_portal_links_free(shelf_portal_links *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		shelf_portal_link_free(&a->v[i]);
	free(a->v);
	memset(a, 0, sizeof *a);
}

/* ---- sections --------------------------------------------------------- */

int
shelf_sections_push(shelf_sections *a, const char *id, const char *title, const char *html)
{
	shelf_section sec;

	GROW_OR_FAIL(a);
	sec.id = strdup(id);
	sec.title = strdup(title);
	sec.html = strdup(html);
	if (sec.id == NULL || sec.title == NULL || sec.html == NULL) {
		free(sec.id);
		free(sec.title);
		free(sec.html);
		return -1;
	}
	a->v[a->n++] = sec;
	return 0;
}

void
shelf_sections_free(shelf_sections *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		free(a->v[i].id);
		free(a->v[i].title);
		free(a->v[i].html);
	}
	free(a->v);
	memset(a, 0, sizeof *a);
}

void
shelf_issue_free(shelf_issue *i)
{
	free(i->html);
	free(i->text);
	memset(i, 0, sizeof *i);
}
