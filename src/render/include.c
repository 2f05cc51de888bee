/*
 * include.c - an article body with its includes; see include.h.
 */
#include "include.h"
#include "directive.h"
#include "docfx.h"
#include "locale.h"
#include "markdown.h"
#include "path.h"
#include "read.h"
#include "split.h"
#include "tabs.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct incl_state {
	const shelf_run *run;
	char *root_real;            /* realpath of the content root */
	char *page_dir_real;        /* realpath of the article's folder */
	char *link_dir;             /* scratch of link_dir() */
	char *root_base;            /* from the article's folder to the root ("../..") */
	char *root_shown;           /* the root as displayed (beside the display path) */
	const char *chain[SHELF_MAX_INCLUDE_DEPTH + 2];  /* real paths, outermost first */
	const char *shown[SHELF_MAX_INCLUDE_DEPTH + 2];  /* the same, as displayed */
	size_t depth;
	size_t expansions, bytes;
	int limit_reported;
} incl_state;

/* One file being rendered: the article or an include. */
typedef struct incl_level {
	incl_state *st;
	const char *shown;          /* display path */
	char *dir_real;             /* its folder, real path */
	char *dir_shown;            /* its folder, as displayed */
	int inline_only;            /* rendered for an inline include */
} incl_level;

static int render_level(incl_level *lv, char *text, size_t len, const char *link_base,
                        int inline_only, shelf_buf *html, shelf_render_out *res);

static void
report(incl_level *lv, const shelf_directive *dir, shelf_code code, const char *fmt,
       const char *a, const char *b)
{
	shelf_severity sev = code == SHELF_E_PATH || code == SHELF_E_INCLUDE_LIMIT
	                     ? SHELF_ERROR : SHELF_WARNING;
	shelf_diags_add(lv->st->run->diags, code, sev, lv->shown, dir->line, dir->col,
	                fmt, a, b ? b : "");
}

/* Where an include path points (not yet checked for existence): a malloc'd
 * joined path, or NULL after reporting why it is refused. */
static char *
resolve(incl_level *lv, const shelf_directive *dir, char **shown)
{
	const char *p = dir->b ? dir->b : "", *why, *rel;
	int tilde, changed;
	char *joined, *fixed = shelf_path_slashes(p, &changed);

	if (fixed == NULL)
		return NULL;
	if (changed)
		report(lv, dir, SHELF_W_BACKSLASH_PATH, "backslash in include path '%s' read as '/'; "
		       "write '%s'", p, fixed);
	tilde = strncmp(fixed, "~/", 2) == 0;
	rel = tilde ? fixed + 2 : fixed;
	if ((why = shelf_path_reject(rel, strlen(rel))) != NULL) {
		report(lv, dir, SHELF_E_PATH, "include '%s' refused: %s", p, why);
		free(fixed);
		return NULL;
	}
	joined = shelf_path_join(tilde ? lv->st->root_real : lv->dir_real, rel);
	*shown = shelf_path_join(tilde ? lv->st->root_shown : lv->dir_shown, rel);
	if (joined == NULL || !shelf_path_under(lv->st->root_real, joined)) {
		report(lv, dir, SHELF_E_PATH, "include '%s' leaves the content root '%s'", p,
		       lv->st->run->root);
		free(joined);
		free(*shown);
		free(fixed);
		*shown = NULL;
		return NULL;
	}
	free(fixed);
	return joined;
}

/* The twin of `path` in the default locale's folder when the root is
 * another locale's folder (content/ko-kr/x.md -> content/en-us/x.md), or
 * NULL; *dflt_root gets that folder. */
static char *
fallback(incl_state *st, const char *path, char **dflt_root)
{
	return shelf_locale_twin(st->root_real, st->run->default_locale, path, dflt_root);
}

/* The folder the links of an include in `dir` are relative to: `dir`
 * itself, or for an include taken from the en-us folder `fb_root`, the
 * same place below the article's own locale folder, so that its links
 * stay in the reader's locale (the build serves every en-us file there
 * too).  Returns `dir` or a string kept in st->link_dir. */
static const char *
link_dir(incl_state *st, const char *fb_root, const char *dir)
{
	char *fb_real = fb_root ? realpath(fb_root, NULL) : NULL;
	size_t n = fb_real ? strlen(fb_real) : 0;
	const char *r = dir;

	if (fb_real && strncmp(dir, fb_real, n) == 0 && (dir[n] == '/' || dir[n] == '\0')) {
		free(st->link_dir);
		st->link_dir = dir[n] ? shelf_path_join(st->root_real, dir + n + 1)
		                      : strdup(st->root_real);
		if (st->link_dir)
			r = st->link_dir;
	}
	free(fb_real);
	return r;
}

static int
on_chain(incl_state *st, const char *real)
{
	size_t i;

	for (i = 0; i <= st->depth; i++)
		if (strcmp(st->chain[i], real) == 0)
			return 1;
	return 0;
}

/* Reports an include cycle: "a.md -> b.md -> a.md". */
static void
report_cycle(incl_level *lv, const shelf_directive *dir, const char *shown)
{
	shelf_buf b = SHELF_BUF_INIT;
	size_t i;

	for (i = 0; i <= lv->st->depth; i++) {
		shelf_buf_puts(&b, lv->st->shown[i]);
		shelf_buf_puts(&b, " -> ");
	}
	shelf_buf_puts(&b, shown);
	report(lv, dir, SHELF_W_INCLUDE_CYCLE, "include cycle: %s%s", shelf_buf_cstr(&b), NULL);
	shelf_buf_free(&b);
}

/* Checks the limits before one more expansion. */
static int
over_limits(incl_level *lv, const shelf_directive *dir)
{
	incl_state *st = lv->st;

	/* One diagnostic per article: an include bomb (a file including
	 * another ten times, ten levels deep) hits the limits thousands of
	 * times, and each hit would say the same. */
	if (st->depth >= SHELF_MAX_INCLUDE_DEPTH) {
		if (!st->limit_reported)
			report(lv, dir, SHELF_E_INCLUDE_LIMIT, "include '%s' nested deeper than %s levels",
			       dir->b, "8");
		st->limit_reported = 1;
		return 1;
	}
	if (st->expansions >= SHELF_MAX_INCLUDES || st->bytes > SHELF_MAX_INCLUDE_BYTES) {
		if (!st->limit_reported)
			report(lv, dir, SHELF_E_INCLUDE_LIMIT,
			       "include '%s' not expanded: the article already expanded %s includes or 32 MiB",
			       dir->b, "500");
		st->limit_reported = 1;
		return 1;
	}
	return 0;
}

/* Reads, normalises and splits an include; returns its body text. */
static char *
load(incl_level *lv, const char *real, const char *shown, size_t *len)
{
	const shelf_run *run = lv->st->run;
	shelf_split sp;
	struct stat st;
	size_t n;
	char *raw, *text;

	if (run->on_file)
		run->on_file(run->user, real);
	raw = shelf_file_slurp_st(real, SHELF_MAX_FILE_BYTES, &n, run->diags, shown, &st);
	if (raw == NULL)
		return NULL;
	if (run->on_data) {
		shelf_input in;
		shelf_input_make(&in, real, raw, n, &st);
		run->on_data(run->user, &in);
	}
	text = shelf_text_normalize(raw, n, len, run->diags, shown);
	free(raw);
	if (text == NULL)
		return NULL;
	lv->st->bytes += *len;
	/* front matter and properties of an include produce nothing */
	shelf_split_article(text, *len, &sp, run->diags, shown);
	shelf_split_free(&sp);
	return text;
}

/* Records a path looked for (shelf_run.on_look). */
static void
look(const shelf_run *run, const char *path)
{
	if (run->on_look && path)
		run->on_look(run->user, path);
}

/* The include callback of shelf_dfm_env. */
static int
include_cb(void *user, const shelf_directive *dir, int inline_mode, shelf_buf *out)
{
	incl_level *lv = user, child;
	incl_state *st = lv->st;
	char *shown = NULL, *path, *real = NULL, *text = NULL, *base = NULL, *fb_root = NULL;
	shelf_render_out res;
	struct stat sb;
	size_t len, n0;
	int rc = -1;

	memset(&res, 0, sizeof res);
	if ((path = resolve(lv, dir, &shown)) == NULL)
		return -1;
	if (st->run->prefer_root) {
		/* a fallback article served in a locale that translated the
		 * include: the translation */
		size_t rn = strlen(st->root_real);
		char *pref = strncmp(path, st->root_real, rn) == 0 && path[rn] == '/'
		             ? shelf_path_join(st->run->prefer_root, path + rn + 1) : NULL;
		look(st->run, pref);
		if (pref && stat(pref, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    (fb_root = strdup(st->run->prefer_root)) != NULL) {
			free(path);
			path = pref;
			pref = NULL;
		}
		free(pref);
	}
	if (fb_root == NULL)
		look(st->run, path);
	if (fb_root == NULL && (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))) {
		char *twin = fallback(st, path, &fb_root);
		look(st->run, twin);
		if (twin && stat(twin, &sb) == 0 && S_ISREG(sb.st_mode)) {
			free(path);
			path = twin;
		} else {
			free(twin);
			free(fb_root);
			fb_root = NULL;
			report(lv, dir, SHELF_W_INCLUDE_MISSING, "include file '%s' not found (%s)",
			       dir->b, shown);
			goto done;
		}
	}
	/* symlinks count: the resolved file must stay below the root (or below
	 * the en-us root it fell back to); both are real paths then */
	if ((real = shelf_path_real_below(st->root_real, path)) == NULL ||
	    !(fb_root ? shelf_path_inside(fb_root, real) : shelf_path_under(st->root_real, real))) {
		report(lv, dir, SHELF_E_PATH, "include '%s' resolves outside the content root '%s'",
		       dir->b, st->run->root);
		goto done;
	}
	if (over_limits(lv, dir))
		goto done;
	if (on_chain(st, real)) {
		report_cycle(lv, dir, shown);
		goto done;
	}
	/* what the include's own text raises names the include line */
	n0 = st->run->diags->n;
	text = load(lv, real, shown, &len);
	if (text == NULL) {
		shelf_diags_included(st->run->diags, n0, lv->shown, dir->line);
		goto done;
	}
	st->expansions++;
	/* docfx's inline pipeline has no block parsers: an include inside an
	 * inline include is inline too */
	inline_mode = inline_mode || lv->inline_only;
	child.st = st;
	child.inline_only = inline_mode;
	child.shown = shown;
	child.dir_real = shelf_path_dirname(real);
	child.dir_shown = shelf_path_dirname(shown);
	base = child.dir_real ? shelf_path_relative(st->page_dir_real, link_dir(st, fb_root,
	                                                                      child.dir_real))
	                      : NULL;
	st->depth++;
	st->chain[st->depth] = real;
	st->shown[st->depth] = shown;
	if (child.dir_real && child.dir_shown && base &&
	    render_level(&child, text, len, base, inline_mode, out, &res) == 0)
		rc = 0;
	shelf_diags_included(st->run->diags, n0, lv->shown, dir->line);
	shelf_render_out_free(&res);
	st->depth--;
	free(child.dir_real);
	free(child.dir_shown);
done:
	free(fb_root);
	free(base);
	free(text);
	free(real);
	free(path);
	free(shown);
	return rc;
}

/* The on_look hook of directives. */
static void
record_look(void *user, const char *path)
{
	incl_level *lv = user;

	look(lv->st->run, path);
}

/* The on_read hook: records a file a directive read. */
static void
record_read(void *user, const char *path)
{
	incl_level *lv = user;
	const shelf_run *run = lv->st->run;

	if (run->on_file)
		run->on_file(run->user, path);
}

/* The on_data hook: a file a directive read, with its bytes. */
static void
record_data(void *user, const shelf_input *in)
{
	incl_level *lv = user;
	const shelf_run *run = lv->st->run;

	if (run->on_data)
		run->on_data(run->user, in);
}

/* The expand hook of directives: tokens as plain text. */
static void
expand_tokens(void *user, const char *s, size_t n, shelf_buf *out)
{
	incl_level *lv = user;

	shelf_tokens_expand(lv->st->run->tokens, s, n, SHELF_TOK_PLAIN, out);
}

/* Pre-pass, parse, alerts, render for one file. */
static int
render_level(incl_level *lv, char *text, size_t len, const char *link_base,
             int inline_only, shelf_buf *html, shelf_render_out *res)
{
	shelf_directives dirs = SHELF_DIRECTIVES_INIT;
	const shelf_run *run = lv->st->run;
	shelf_dfm_env env;
	shelf_render_in in;
	cmark_node *tree = NULL;
	const char *src;
	size_t n1, n2;
	char *t1 = NULL, *t2 = NULL;
	int rc = -1;

	memset(res, 0, sizeof *res);
	/* each pre-pass copies the text; one with nothing to do is skipped */
	if (!shelf_tokens_present(text, len)) {
		n1 = len;
	} else if ((t1 = shelf_tokens_scan(text, len, &n1, run->tokens, run->vars, run->diags,
	                                   lv->shown)) == NULL) {
		goto done;
	}
	if (!shelf_directives_present(t1 ? t1 : text, n1)) {
		n2 = n1;
	} else if ((t2 = shelf_directives_scan(t1 ? t1 : text, n1, &n2, &dirs, run->diags,
	                                       lv->shown)) == NULL) {
		goto done;
	}
	src = t2 ? t2 : t1 ? t1 : text;
	tree = shelf_markdown_parse(src, n2);
	if (tree == NULL)
		goto done;
	memset(&env, 0, sizeof env);
	env.file = lv->shown;
	env.dir = lv->dir_real;
	env.root = lv->st->root_real;
	env.link_base = link_base;
	env.root_base = lv->st->root_base;
	env.base_url = run->base_url;
	env.strings = run->strings;
	env.diags = run->diags;
	env.include = include_cb;
	env.expand = expand_tokens;
	env.on_read = record_read;
	env.on_data = record_data;
	env.on_look = record_look;
	env.alt_root = run->prefer_root;
	env.default_locale = run->default_locale;
	env.user = lv;
	in.file = lv->shown;
	in.strings = run->strings;
	in.diags = run->diags;
	in.dirs = &dirs;
	in.dfm = &env;
	in.inline_only = inline_only;
	in.tokens = run->tokens;
	in.site_links = run->site_links;
	in.portal = run->portal;
	in.src = src;
	in.src_len = n2;
	/* tree transforms, in docfx's order: alerts, then tab groups (which
	 * may hold alerts); inline directives alone on a line join their
	 * paragraph first */
	if (shelf_docfx_inline_lines(tree, &dirs, &env) != 0 ||
	    shelf_docfx_alerts(tree, run->strings, run->diags, lv->shown) != 0 ||
	    (!inline_only && shelf_docfx_tabs(tree, &in) != 0))
		goto done;
	rc = shelf_render_tree(tree, &in, html, res);
	if (rc == 0)
		shelf_directives_report_unused(&dirs, run->diags, lv->shown);
done:
	cmark_node_free(tree);
	free(t1);
	free(t2);
	shelf_directives_free(&dirs);
	return rc;
}

/* The real path of the article: realpath(path), or, for a text that is
 * no file (shelf_render_buffer), its folder's real path joined with its
 * name, or (no such folder) the path made absolute, so the body still
 * renders and only its includes go missing.  A path below the root as
 * given (`root`, real path `root_real`) is resolved from the root's real
 * path on.  malloc'd; NULL on OOM. */
static char *
article_real(const char *path, const char *root, const char *root_real)
{
	size_t rn = strlen(root);
	char *real = NULL, *dir, *rdir;

	if (rn && strncmp(path, root, rn) == 0 && path[rn] == '/' && root[rn - 1] != '/' &&
	    shelf_path_plain(path + rn + 1)) {
		char *below = shelf_path_join(root_real, path + rn + 1);
		if (below && strncmp(below, root_real, strlen(root_real)) == 0)
			real = shelf_path_real_below(root_real, below);
		free(below);
	}
	if (real == NULL)
		real = realpath(path, NULL);
	if (real)
		return real;
	dir = shelf_path_dirname(path);
	rdir = dir ? realpath(dir, NULL) : NULL;
	if (rdir)
		real = shelf_path_join(rdir, shelf_path_basename(path));
	else if ((rdir = realpath(".", NULL)) != NULL)
		real = shelf_path_join(rdir, path);
	free(dir);
	free(rdir);
	return real;
}

int
shelf_render_body(const shelf_run *run, const char *path, char *text, size_t len,
                  shelf_buf *html, shelf_render_out *res)
{
	incl_state st;
	incl_level top;
	char *real;
	int rc = -1;

	memset(&st, 0, sizeof st);
	memset(&top, 0, sizeof top);
	st.run = run;
	st.root_real = run->root_real ? strdup(run->root_real) : realpath(run->root, NULL);
	if (st.root_real == NULL)
		st.root_real = strdup(run->root);
	real = st.root_real ? article_real(path, run->root, st.root_real) : NULL;
	top.st = &st;
	top.shown = run->path;
	top.dir_real = real ? shelf_path_dirname(real) : NULL;
	top.dir_shown = shelf_path_dirname(run->path);
	st.page_dir_real = top.dir_real ? strdup(top.dir_real) : NULL;
	st.root_base = st.page_dir_real ? shelf_path_relative(st.page_dir_real, st.root_real)
	                                : NULL;
	st.chain[0] = real ? real : path;
	st.shown[0] = run->path;
	/* "en-us/a/b.md" with root_base ".." shows the root as "en-us", so a
	 * `~/` include is named as the article is, not by a real path */
	st.root_shown = top.dir_shown && st.root_base
	                ? shelf_path_join(top.dir_shown, st.root_base) : NULL;
	if (st.root_real && top.dir_real && top.dir_shown && st.page_dir_real && st.root_base &&
	    st.root_shown)
		rc = render_level(&top, text, len, NULL, 0, html, res);
	free(st.root_real);
	free(st.root_shown);
	free(st.root_base);
	free(st.page_dir_real);
	free(st.link_dir);
	free(top.dir_real);
	free(top.dir_shown);
	free(real);
	return rc;
}
