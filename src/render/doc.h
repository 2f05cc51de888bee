/*
 * doc.h - the article's data model as C structs: headings, the top-level
 * block map, portal links and sections.
 *
 * The stages fill these; only output.c (the JSON description and blade
 * document) and site.c (manifests) turn them into JSON.  Every array is
 * {v, n, cap}, zero-initialised empty, grown by its _push function (0, or
 * -1 on OOM with the array unchanged) and freed by its _free function,
 * which leaves it empty again.
 */
#ifndef SHELF_DOC_H
#define SHELF_DOC_H

#include <stddef.h>

/* One heading of the article (not of its includes). */
typedef struct shelf_heading {
	int level;                /* 1-6 */
	char *id;                 /* the id attribute written, owned */
	char *text;               /* plain text, tokens replaced, owned */
	unsigned line;            /* source line */
} shelf_heading;

typedef struct shelf_headings {
	shelf_heading *v;
	size_t n, cap;
} shelf_headings;

/* Copies id and text. */
int shelf_headings_push(shelf_headings *a, int level, const char *id, const char *text,
                        unsigned line);
void shelf_headings_free(shelf_headings *a);

/* No heading starts the block. */
#define SHELF_NO_HEADING ((size_t)-1)

/* One top-level block: its source lines and where its HTML lies in the
 * body, so sections can be cut from the rendered HTML. */
typedef struct shelf_block {
	unsigned line, end;       /* first and last source line */
	size_t from, to;          /* body[from, to) is its HTML */
	int open;                 /* `to` not known yet */
	size_t heading;           /* index in the headings when the block is a
	                             heading, else SHELF_NO_HEADING */
} shelf_block;

typedef struct shelf_blocks {
	shelf_block *v;
	size_t n, cap;
} shelf_blocks;

int shelf_blocks_push(shelf_blocks *a, const shelf_block *b);
void shelf_blocks_free(shelf_blocks *a);

/* One parameter of a portal link, in the order written. */
typedef struct shelf_param {
	char *name, *value;       /* owned */
} shelf_param;

/* A portal link found in the article, as the blade document lists it.
 * A link that does not parse is kept too (kind "invalid", with raw and
 * error), so the document accounts for every portal link. */
typedef struct shelf_portal_link {
	char *kind;               /* data-blade, button-data-blade,
	                             button-data-context, or invalid; owned */
	char *extension, *blade;  /* owned; NULL when invalid */
	shelf_param *params;      /* owned; $resourceId and $subscriptionId
	                             replaced when known */
	size_t n_params;
	char *fallback;           /* the fallback URL as rendered, or NULL */
	char *raw, *error;        /* invalid only: the URL and why; owned */
	unsigned line;
} shelf_portal_link;

typedef struct shelf_portal_links {
	shelf_portal_link *v;
	size_t n, cap;
} shelf_portal_links;

/* Takes ownership of every pointer in *l (also when it fails: then they
 * are freed). */
int shelf_portal_links_push(shelf_portal_links *a, shelf_portal_link *l);
/* Appends a parameter to `l`, copying both strings. */
int shelf_portal_link_param(shelf_portal_link *l, const char *name, const char *value);
void shelf_portal_link_free(shelf_portal_link *l);
void shelf_portal_links_free(shelf_portal_links *a);

/* An Apollo element of a portal page (directive.h: a :::Section::: title,
 * a <video>, <insight>, <metric> or <azureKB>), as the blade document
 * lists it, so a blade learns which insights and metrics to run without
 * reading the HTML. */
typedef struct shelf_portal_element {
	char *kind;               /* section, video, insight, metric, azurekb; owned */
	shelf_param *fields;      /* its children in order (a section: its title);
	                             owned */
	size_t n_fields;
	unsigned line;
} shelf_portal_element;

typedef struct shelf_portal_elements {
	shelf_portal_element *v;
	size_t n, cap;
} shelf_portal_elements;

/* Appends an element of `kind` at `line` with the n fields names[i] =
 * values[i] (all copied).  0, -1 on OOM (nothing added). */
int shelf_portal_elements_push(shelf_portal_elements *a, const char *kind, unsigned line,
                               const char *const *names, const char *const *values, size_t n);
void shelf_portal_elements_free(shelf_portal_elements *a);

/* One H2 section of a portal article: the HTML after its heading up to
 * the next heading of level 1 or 2. */
typedef struct shelf_section {
	char *id, *title, *html;  /* owned */
} shelf_section;

typedef struct shelf_sections {
	shelf_section *v;
	size_t n, cap;
} shelf_sections;

/* Copies the three strings. */
int shelf_sections_push(shelf_sections *a, const char *id, const char *title, const char *html);
void shelf_sections_free(shelf_sections *a);

/* The `<!--issueDescription-->` part of a portal article. */
typedef struct shelf_issue {
	int present;              /* the article has issueDescription markers */
	char *html, *text;        /* owned; NULL when not present */
} shelf_issue;

void shelf_issue_free(shelf_issue *i);

#endif
