/*
 * article.h - the context and the rendered document, and the pipeline that
 * runs the stages for one article (read, split, parse, render).
 */
#ifndef SHELF_ARTICLE_H
#define SHELF_ARTICLE_H

#include <jansson.h>
#include "diag.h"
#include "shelf.h"
#include "template.h"
#include "portal.h"
#include "token.h"

struct shelf_ctx {
	char *data_dir;        /* holds templates/ and locales/ */
	shelf_tmpl *tmpl;      /* each templates/NAME.html, by NAME */
	json_t *locales;       /* locale name -> strings object */
	char *css;             /* templates/shelf.css, copied by builds */
	size_t css_len;
};

struct shelf_doc {
	char *path;            /* display path */
	char *locale;          /* lower case */
	char *root;            /* content root used for ~/ and confinement */
	char *title;
	char *description;     /* "" when none */
	char *html;            /* the body fragment */
	json_t *front_matter;  /* object or NULL */
	json_t *properties;    /* object or NULL */
	json_t *headings;      /* array */
	json_t *strings;       /* locale UI strings used */
	json_t *vars;          /* token values given (object name -> string) */
	shelf_tokens tokens;   /* portal tokens of the article and its includes */
	shelf_portal portal;   /* context token values */
	json_t *blade_links;   /* portal links found */
	json_t *blocks;        /* top-level block map (render.h) */
	json_t *data;          /* the embedded JSON block, or NULL */
	json_t *sections;      /* [{id, title, html}] of the H2 sections */
	json_t *issue;         /* {html, text} of <!--issueDescription-->, or NULL */
	json_t *config;        /* the content tree's shelf.yml, or NULL */
	int site_links;        /* shelf_options.site_links */
	char *base_url;        /* shelf_options.base_url or shelf.yml's, or NULL */
	int root_guessed;      /* no --root and no content tree: root is the file's folder */
	shelf_diags diags;
	char **files;          /* every file read */
	size_t n_files;
	/* set by shelf build: the locale whose site serves the page when its
	 * text is another's (a fallback), and whether a translation is older
	 * than its source; NULL / 0 otherwise */
	char *serve_locale;
	int stale;
	char *prefer_root;     /* shelf_options.prefer_root */
};

/* shelf_render_file() for `shelf build`: `prefer_root`, for a default-
 * locale article served in another locale (a fallback), is that locale's
 * folder.  An include the folder has at the same place as the article's
 * own is used instead (includes fall back each on its own); its links and
 * images stay relative to where the page is served.  NULL: none. */
shelf_doc *shelf_render_file_in(const shelf_ctx *ctx, const char *path,
                                const shelf_options *opt, const char *prefer_root);

/* Records that the render read `path`.  0 / -1 on OOM. */
int shelf_doc_add_file(shelf_doc *doc, const char *path);

/* Converts a metadata value to display text: strings as is, arrays joined
 * with ", ", anything else as compact JSON.  malloc'd. */
char *shelf_meta_text(const json_t *v);

#endif
