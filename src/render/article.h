/*
 * article.h - the context and the rendered document, and the pipeline that
 * runs the stages for one article (read, split, parse, render).
 */
#ifndef SHELF_ARTICLE_H
#define SHELF_ARTICLE_H

#include <jansson.h>
#include "diag.h"
#include "doc.h"
#include "shelf.h"
#include "template.h"
#include "portal.h"
#include "token.h"

struct shelf_ctx {
	char *data_dir;        /* holds templates/ and locales/ */
	shelf_tmpl *tmpl;      /* each templates/NAME.html, by NAME */
	json_t *locales;       /* locale name -> strings object */
	json_t *strings;       /* locale name -> its strings merged over en-us's
	                        * (shelf_locale_strings), made once: shared by
	                        * every document of that locale, never changed */
	char *css;             /* templates/shelf.css, copied by builds */
	size_t css_len;
};

/* The article.  Its own structure is C structs: headings, blocks, portal
 * links and sections (doc.h), tokens (token.h), diagnostics (diag.h),
 * files; output.c alone makes the JSON description from them.  Five members stay jansson value trees, because they are
 * generic metadata whose keys the author or the caller chooses, not
 * shelf: front matter and properties (any keys, copied to <meta> tags and
 * the JSON description as written), the embedded JSON block (arbitrary
 * JSON, passed through), shelf.yml (a small YAML settings tree read by
 * portal.c) and the locale strings (handed whole to templates, which look
 * keys up by name).  vars is the caller's token values, kept as the
 * name -> string object token.c looks names up in.  Read properties
 * through shelf_doc_property(). */
struct shelf_doc {
	char *path;            /* display path */
	char *locale;          /* lower case */
	char *root;            /* content root used for ~/ and confinement */
	char *root_real;       /* its realpath(), once the body is rendered; NULL
	                          before, or when it could not be resolved */
	char *title;
	char *description;     /* "" when none */
	char *html;            /* the body fragment */
	json_t *front_matter;  /* object or NULL */
	json_t *properties;    /* object or NULL */
	shelf_headings headings;
	json_t *strings;       /* locale UI strings used */
	json_t *vars;          /* token values given (object name -> string) */
	shelf_tokens tokens;   /* portal tokens of the article and its includes */
	shelf_portal portal;   /* context token values */
	shelf_portal_links blade_links; /* portal links found */
	shelf_portal_elements elements; /* Apollo elements rendered */
	shelf_blocks blocks;   /* top-level block map */
	json_t *data;          /* the embedded JSON block, or NULL */
	shelf_sections sections; /* the H2 sections of a portal article */
	shelf_issue issue;     /* its <!--issueDescription--> part */
	json_t *config;        /* the content tree's shelf.yml, or NULL */
	int site_links;        /* shelf_options.site_links */
	char *base_url;        /* shelf_options.base_url or shelf.yml's, or NULL */
	int root_guessed;      /* no --root and no content tree: root is the file's folder */
	shelf_diags diags;
	char **files;          /* every file read */
	size_t n_files;
	char **looked;         /* every file looked for (found or not) whose
	                          presence changes the page: what a build
	                          must watch besides `files` */
	size_t n_looked;
	/* set by shelf build: the locale whose site serves the page when its
	 * text is another's (a fallback), and whether a translation is older
	 * than its source; NULL / 0 otherwise */
	char *serve_locale;
	int stale;
	char *prefer_root;     /* shelf_options.prefer_root */
	struct shelf_render_cache *cache; /* shelf_render_file_in()'s, or NULL; not owned */
	/* shelf_options.on_input and its user, told each file read */
	void (*on_input)(void *user, const shelf_input *in);
	void *input_user;
};

/* What `shelf build` reads once for all its articles rather than once
 * for each: the content tree's shelf.yml (a build has one; 15,000 reads
 * and parses of it were 8 % of a build).  Start it zeroed; free it with
 * shelf_render_cache_free(). */
typedef struct shelf_render_cache {
	char *cfg_path;         /* the shelf.yml looked for, NULL before the first article */
	int cfg_found;          /* it is a regular file (and was read) */
	int cfg_off;            /* reading it dropped diagnostics: read it each time */
	json_t *cfg;            /* its tree, or NULL */
	shelf_diags cfg_diags;  /* what reading it reported, copied to every article */
	/* realpath() of the last content root and fallback folder asked for:
	 * the articles of a build share them (each realpath reads every
	 * component of the path from '/' on) */
	char *root, *root_real;
	char *prefer, *prefer_real;
} shelf_render_cache;

void shelf_render_cache_free(shelf_render_cache *c);

/* The string value of properties attribute `name` (portal articles), or
 * NULL when there is none (Learn articles have no properties). */
const char *shelf_doc_property(const shelf_doc *doc, const char *name);

/* shelf_render_file() for `shelf build`: `prefer_root`, for a default-
 * locale article served in another locale (a fallback), is that locale's
 * folder.  An include the folder has at the same place as the article's
 * own is used instead (includes fall back each on its own); its links and
 * images stay relative to where the page is served.  NULL: none.
 * `cache` (NULL: none) keeps what the next article can reuse. */
shelf_doc *shelf_render_file_in(const shelf_ctx *ctx, const char *path,
                                const shelf_options *opt, const char *prefer_root,
                                shelf_render_cache *cache);

/* Records that the render read `path`.  0 / -1 on OOM. */
int shelf_doc_add_file(shelf_doc *doc, const char *path);
/* Records a file looked for (shelf_doc.looked).  0, -1 on OOM. */
int shelf_doc_add_looked(shelf_doc *doc, const char *path);

/* Converts a metadata value to display text: strings as is, arrays joined
 * with ", ", anything else as compact JSON.  malloc'd. */
char *shelf_meta_text(const json_t *v);

#endif
