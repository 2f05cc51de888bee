/*
 * shelf.h - the one public header of libshelf.
 *
 * shelf renders troubleshooting articles (Learn-style Markdown with YAML
 * front matter, and portal self-help articles with a <properties/> block)
 * into HTML pages, HTML fragments and JSON descriptions.
 *
 * Threading: a shelf_ctx is read-only once shelf_ctx_new() returns, so one
 * context may be shared by any number of renders.  Each shelf_render_file()
 * call owns everything it allocates.  cmark-gfm's inline parser keeps a
 * process-wide table of special characters, so parallel renders must run in
 * separate processes (the site builder forks); shelf_ctx_new() performs
 * cmark-gfm's one-time extension registration.
 *
 * Ownership: every pointer returned by a shelf_*_new() or shelf_render_*()
 * is freed by the matching shelf_*_free(); *_free(NULL) is a no-op.
 * Strings returned as `char *` are malloc'd and freed with shelf_free().
 * Strings returned as `const char *` belong to the object they came from.
 */
#ifndef SHELF_H
#define SHELF_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define SHELF_API __attribute__((visibility("default")))
#else
#define SHELF_API
#endif

#define SHELF_VERSION "0.1.0"

/* Severity of a diagnostic. */
typedef enum shelf_severity {
	SHELF_WARNING = 1,
	SHELF_ERROR = 2
} shelf_severity;

/*
 * Stable diagnostic codes, printed as SHnnn.  Never renumber; add new codes
 * last within their block.  The text of a message may change, its code not.
 */
typedef enum shelf_code {
	SHELF_OK = 0,
	/* 001-009: reading a file */
	SHELF_E_IO = 1,              /* file cannot be read */
	SHELF_E_TOO_LARGE = 2,       /* file larger than SHELF_MAX_FILE_BYTES */
	SHELF_W_BAD_UTF8 = 3,        /* invalid UTF-8, replaced by U+FFFD */
	SHELF_W_NUL_BYTE = 4,        /* NUL byte, replaced by U+FFFD */
	SHELF_W_CONTROL_CHAR = 5,    /* C0 control character in text */
	/* 010-019: YAML front matter */
	SHELF_E_YAML = 10,           /* YAML syntax error */
	SHELF_E_YAML_DEPTH = 11,     /* nesting deeper than SHELF_MAX_YAML_DEPTH */
	SHELF_E_YAML_ALIASES = 12,   /* alias expansion over SHELF_MAX_YAML_NODES */
	SHELF_W_YAML_NOT_MAPPING = 13, /* front matter is not a mapping */
	SHELF_E_YAML_UNCLOSED = 14,  /* '---' opened but never closed */
	SHELF_W_YAML_DUP_KEY = 15,   /* key given twice; the last one wins */
	/* 020-039: <properties/> block */
	SHELF_W_PROP_NO_CLOSE_QUOTE = 20, /* value lacks its closing quote */
	SHELF_W_PROP_DOUBLED_QUOTE = 21,  /* value ends with a doubled quote */
	SHELF_W_PROP_JUNK_AFTER_VALUE = 22, /* e.g. a comma after a value */
	SHELF_W_PROP_JUNK_AFTER_END = 23, /* text after '/>' on its line */
	SHELF_W_PROP_ODD_BLANK = 24,      /* U+200B / U+00A0 used as a blank */
	SHELF_W_PROP_DUPLICATE = 25,      /* attribute given twice */
	SHELF_E_PROP_UNTERMINATED = 26,   /* no '/>' closes the block */
	SHELF_E_PROP_LIMIT = 27,          /* too many / too long attributes */
	SHELF_W_PROP_MALFORMED = 28,      /* attribute without '=' or value */
	SHELF_W_PROP_PREAMBLE = 29,       /* text before the block */
	/* 040-049: Markdown structure */
	SHELF_E_NESTING = 40,        /* nesting deeper than SHELF_MAX_NESTING */
	SHELF_W_RAW_HTML = 41,       /* raw HTML tag or attribute not allowed */
	SHELF_W_NO_TITLE = 42,       /* no title in metadata nor an H1 */
	/* 050-059: templates and output */
	SHELF_E_TEMPLATE = 50,       /* template syntax error or missing partial */
	SHELF_E_TEMPLATE_DEPTH = 51, /* partial/section recursion too deep */
	SHELF_E_OUTPUT = 52,         /* cannot write an output file */
	SHELF_E_PATH = 53,           /* path leaves its root */
	SHELF_W_LOCALE = 54,         /* locale strings missing, fell back */
	SHELF_E_OUTPUT_LIMIT = 55,   /* output larger than its cap: nothing written */
	SHELF_E_OUTPUT_FAILED = 56,  /* rendering or writing failed (OOM, template) */
	SHELF_E_CLOUD = 57,          /* unknown cloud name (see shelf_cloud_valid) */
	SHELF_E_CONTENT_TREE = 58,   /* build: not a content tree (no <locale>/ folder) */
	SHELF_W_DIAGS_DROPPED = 59,  /* more diagnostics than kept; an error if errors were dropped */
	/* 100-149: docfx extensions */
	SHELF_E_DIRECTIVE = 100,     /* a directive's attributes are invalid */
	SHELF_W_INCLUDE_MISSING = 101, /* include file not found */
	SHELF_W_INCLUDE_CYCLE = 102, /* include cycle */
	SHELF_E_INCLUDE_LIMIT = 103, /* include depth or expansion limit hit */
	SHELF_W_DIRECTIVE_END = 104, /* missing or misplaced ::: *-end */
	SHELF_W_LEGACY_ALERT = 105,  /* > [AZURE.NOTE] legacy alert syntax */
	SHELF_W_ALERT_TEXT = 106,    /* text after [!NOTE] on its line */
	SHELF_W_SNIPPET_MISSING = 107, /* code snippet file not found */
	SHELF_E_IMAGE = 108,         /* :::image lacks a required attribute */
	SHELF_W_VIDEO = 109,         /* :::video problem */
	SHELF_W_TABS = 110,          /* tab group problem */
	SHELF_W_BACKSLASH_PATH = 111, /* backslash in a relative path, read as '/' */
	SHELF_W_MEDIA_MISSING = 112, /* image or video file not found */
	SHELF_E_BASE_URL = 113,      /* base_url in shelf.yml is not an http(s) URL */
	SHELF_W_MEDIA_ALT = 126,     /* image link made a player: its alt text is dropped */
	SHELF_E_DIRECTIVE_LOST = 140, /* a directive that did not reach the output */
	/* 200-249: portal self-help articles */
	SHELF_W_TOKEN_CASE = 200,    /* token close differs from its open in case */
	SHELF_W_TOKEN_UNCLOSED = 201, /* token opened and never closed */
	SHELF_W_TOKEN_NO_OPENER = 202, /* token close with no open */
	SHELF_W_TOKEN_NAME = 203,    /* token name with blanks or odd characters */
	SHELF_E_TOKEN_LIMIT = 204,   /* more than SHELF_MAX_TOKENS tokens */
	SHELF_E_TOKEN_MISSING = 205, /* no value for a token (--missing=error) */
	SHELF_E_BLADE_LINK = 206,    /* portal link does not parse */
	SHELF_W_BLADE_SCHEME = 207,  /* misspelt portal link scheme (datablade:) */
	SHELF_W_SECTION = 208,       /* unbalanced section markers */
	SHELF_E_JSON = 209,          /* embedded JSON block does not parse */
	SHELF_E_PROP_REQUIRED = 210, /* lint: attribute required for the selfHelpType */
	SHELF_W_PROP_UNKNOWN = 211,  /* lint: unknown or misspelt attribute */
	SHELF_E_DUP_ARTICLE_ID = 212, /* lint: articleId used by another article */
	SHELF_W_BROKEN_LINK = 213,   /* lint: [text] then (url) on the next line */
	SHELF_W_PROP_USUAL = 214,    /* lint: attribute older articles often lack */
	SHELF_W_TABLE_PIPE = 215,    /* '|' in link text splits a table cell */
	SHELF_W_PORTAL_ELEMENT = 216, /* <insight>, <metric>, <azureKB> not read: shown as text */
	SHELF_W_TOKEN_VALUE_UTF8 = 220, /* token value not UTF-8: bad bytes became U+FFFD */
	/* 070-079: locales in the build */
	SHELF_E_LOCALE_CONFIG = 70,  /* default_locale / locales in shelf.yml not usable */
	SHELF_E_LOCALE_DUP = 71,     /* two locale folders differ only in case */
	SHELF_W_LINK_TARGET = 72,    /* build: link to a page or file the locale does not serve */
	SHELF_W_LINK_FRAGMENT = 73,  /* build: #fragment not in the page the locale serves */
	SHELF_W_LOCALE_KEY = 74,     /* check: locale string missing, en-us text used */
	/* 085-089: parallel, incremental and sharded builds */
	SHELF_E_WORKER = 85,         /* build -j: a worker process died; its pages are not written */
	SHELF_W_MANIFEST = 86,       /* build: the output's manifest is unusable; every page is made */
	SHELF_E_SHARDS = 87          /* merge: the shards are not one whole build */
} shelf_code;

/* One diagnostic.  `file` is the path as given by the caller; `line` and
 * `col` are 1-based (0 when unknown); `message` has no trailing newline.
 * `included_from` is NULL for a diagnostic of the article itself; for one
 * raised inside an include it lists the include sites, innermost first,
 * one "file:line" per line ("inc/b.md:3\na.md:12"). */
typedef struct shelf_diag {
	shelf_code code;
	shelf_severity severity;
	const char *file;
	unsigned line;
	unsigned col;
	const char *message;
	const char *included_from;
} shelf_diag;

/* Formats `d` as "file:line:col: error|warning: message [SHnnn]", after
 * one line per include site as compilers print them
 * ("In file included from inc/b.md:3,\n                 from a.md:12:\n").
 * Returns a malloc'd string (free with shelf_free) or NULL on OOM. */
SHELF_API char *shelf_diag_format(const shelf_diag *d);

/* Formats `d` as a compact JSON object {file, line, col, severity, code,
 * message}.  malloc'd (shelf_free) or NULL on OOM. */
SHELF_API char *shelf_diag_json(const shelf_diag *d);

/* 1 when `code` is a lint finding (SH210-SH214): `check`'s business.
 * `render` and `build` count such errors as warnings, so an article that
 * rendered does not fail them. */
SHELF_API int shelf_code_is_lint(shelf_code code);

/* Frees a string returned by libshelf. */
SHELF_API void shelf_free(void *p);

/* ------------------------------------------------------------------ */
/* Context: templates and locale strings, loaded once, then read-only. */

typedef struct shelf_ctx shelf_ctx;

/* Loads templates/ and locales/ below `data_dir` (NULL: the directory the
 * library was installed with, SHELF_DATADIR at build time).  On failure
 * returns NULL and, if `err` is not NULL, stores a malloc'd message there. */
SHELF_API shelf_ctx *shelf_ctx_new(const char *data_dir, char **err);
SHELF_API void shelf_ctx_free(shelf_ctx *ctx);

/* Reports to `on_diag`, as SH074 warnings, every UI string key that
 * locales/en-us.yml has and another locales/<locale>.yml lacks (pages of
 * that locale show the English text).  `shelf check` runs it. */
SHELF_API void shelf_ctx_check_locales(const shelf_ctx *ctx,
                                       void (*on_diag)(void *user, const shelf_diag *d),
                                       void *user);

/* ------------------------------------------------------------------ */
/* Rendering one article. */

/* What the caller supplies beyond the article's own path. */
/* What to do with a portal token that has no value. */
typedef enum shelf_missing_mode {
	SHELF_MISSING_KEEP = 0,   /* <span class="shelf-token" data-token="NAME">preview</span> */
	SHELF_MISSING_BLANK = 1,  /* nothing */
	SHELF_MISSING_ERROR = 2   /* the preview text, and an error diagnostic */
} shelf_missing_mode;

/* One input file as a render read it (shelf_options.on_input). */
typedef struct shelf_input {
	const char *path;          /* the path opened */
	const char *data;          /* its bytes as read, before normalising */
	size_t len;
	/* fstat of the open file, taken before reading */
	long long size, mtime_s, mtime_ns, ino;
} shelf_input;

typedef struct shelf_options {
	/* Folder that `~/` means and that includes, images and snippets may not
	 * leave.  NULL: the locale folder of the content tree the file sits in,
	 * else the file's own folder. */
	const char *root;
	/* Locale such as "en-us".  NULL: the locale folder the file sits in,
	 * else front matter ms.contentlocale, else "en-us". */
	const char *locale;
	/* Path to show in diagnostics and JSON instead of the path read
	 * (e.g. relative to the content tree).  NULL: the path as given. */
	const char *display_path;
	/* Portal token values: name, value, name, value, …, NULL.  Names match
	 * case-insensitively; a later pair for the same name wins.  Values are
	 * text: escaped where they land, never parsed as Markdown or HTML; one
	 * that is not valid UTF-8 gets U+FFFD for its bad bytes and SH220.
	 * NULL: none. */
	const char *const *vars;
	shelf_missing_mode missing;
	/* Context tokens: $resourceId, {$resourceId}, {$resourceIdDecoded} and
	 * $subscriptionId come from `resource_id` (an ARM id, NULL: unset);
	 * {$domain} from the cloud's portal origin (`cloud`: public (NULL),
	 * fairfax, mooncake, usnat, ussec; origins from content/shelf.yml, with
	 * defaults for the three public clouds). */
	const char *resource_id;
	const char *cloud;         /* checked with shelf_cloud_valid(): else SH057 */
	/* Relative links to .md files point at the .html page a site build
	 * writes for them (shelf build sets this). */
	int site_links;
	/* Prefix for site-absolute links and images ("/azure/x" ->
	 * base_url + "/azure/x"): an absolute http(s) URL, checked with
	 * shelf_base_url_check.  NULL: content/shelf.yml `base_url`, else
	 * such links stay as written. */
	const char *base_url;
	/* Called, when set, with each file a render reads as its input (the
	 * article, its includes, its code snippets), right after reading it:
	 * a build's manifest hashes exactly the bytes a page was made from,
	 * without reading the file a second time. */
	void (*on_input)(void *user, const shelf_input *in);
	void *input_user;
} shelf_options;

/* NULL when `url` may be a base_url (an absolute http:// or https:// URL
 * with a host, without blanks, quotes, '<', '>', query or fragment), else
 * a static reason. */
SHELF_API const char *shelf_base_url_check(const char *url);
/* 1 when `cloud` names a cloud shelf knows: public, fairfax, mooncake,
 * usnat or ussec (any case); NULL means public.  0 otherwise: a render
 * then reports SH057 and a build stops before writing anything. */
SHELF_API int shelf_cloud_valid(const char *cloud);
/* The defaults of every shelf_options field, by name: start from these and
 * set what differs (a zeroed struct means the same, but says less):
 *     shelf_options o = SHELF_OPTIONS_INIT;
 *     o.locale = "de-de"; */
#define SHELF_OPTIONS_INIT { \
	.root = NULL, .locale = NULL, .display_path = NULL, .vars = NULL, \
	.missing = SHELF_MISSING_KEEP, .resource_id = NULL, .cloud = NULL, \
	.site_links = 0, .base_url = NULL, .on_input = NULL, .input_user = NULL }

/* Reads a JSON object of strings ({"vmname": "web01"}) from `path` into a
 * NULL-terminated name, value, … array for shelf_options.vars.  Returns
 * NULL and a malloc'd message in *err on failure (unreadable, not JSON
 * (with line:col), not an object of strings, over 1 MiB).  Free with
 * shelf_vars_free. */
SHELF_API char **shelf_vars_read(const char *path, char **err);
SHELF_API void shelf_vars_free(char **vars);

typedef struct shelf_doc shelf_doc;

/* Reads, splits, parses and renders the article at `path`.  Returns NULL
 * only when out of memory; every other failure is a diagnostic on the
 * returned document (which then may have an empty body). */
SHELF_API shelf_doc *shelf_render_file(const shelf_ctx *ctx, const char *path,
                                       const shelf_options *opt);
SHELF_API void shelf_doc_free(shelf_doc *doc);

/* Renders article text held in memory (`len` bytes, not necessarily
 * NUL-terminated; read as a file's bytes would be: BOM, line ends and bad
 * UTF-8 are normalised with diagnostics) as if it were the file
 * `display_path`, which need not exist: relative includes, images and
 * snippets resolve from its folder, and root and locale are found from it
 * as for shelf_render_file.  NULL means "-" in the current folder.
 * opt->display_path, when set, is shown instead.  The text itself is not
 * listed among the files read.  Returns NULL only when out of memory;
 * text over 8 MiB is an error diagnostic (SH002) and an empty body. */
SHELF_API shelf_doc *shelf_render_buffer(const shelf_ctx *ctx, const char *text, size_t len,
                                         const char *display_path,
                                         const shelf_options *opt);

/* The rendered HTML body fragment (never NULL). */
SHELF_API const char *shelf_doc_html(const shelf_doc *doc);
/* The title: front matter `title`, properties `pageTitle`, else the first
 * H1's text, else the file name.  Never NULL. */
SHELF_API const char *shelf_doc_title(const shelf_doc *doc);
/* The resolved locale, lower case ("en-us").  Never NULL. */
SHELF_API const char *shelf_doc_locale(const shelf_doc *doc);
/* The path used for display (see shelf_options.display_path). */
SHELF_API const char *shelf_doc_path(const shelf_doc *doc);

/* The portal articleId (properties), or NULL for a Learn article. */
SHELF_API const char *shelf_doc_article_id(const shelf_doc *doc);
/* 1 when the article exists in `cloud` (its cloudEnvironments list names
 * it, and disableClouds does not); always 1 for Learn articles. */
SHELF_API int shelf_doc_in_cloud(const shelf_doc *doc, const char *cloud);

SHELF_API size_t shelf_doc_diag_count(const shelf_doc *doc);
SHELF_API const shelf_diag *shelf_doc_diag(const shelf_doc *doc, size_t i);
/* Number of diagnostics of severity `sev`. */
SHELF_API size_t shelf_doc_count(const shelf_doc *doc, shelf_severity sev);

/* Every file the render read, in the order it read them (the article
 * first).  Lets a site build decide what to rebuild. */
SHELF_API size_t shelf_doc_file_count(const shelf_doc *doc);
SHELF_API const char *shelf_doc_file(const shelf_doc *doc, size_t i);

/* Output formats of one rendered article. */
typedef enum shelf_format {
	SHELF_FORMAT_PAGE = 0,      /* full HTML5 page through templates/page.html */
	SHELF_FORMAT_FRAGMENT = 1,  /* the sanitized body fragment */
	SHELF_FORMAT_JSON = 2       /* JSON description of the article */
} shelf_format;

/* Produces `doc` in `format`.  For the page format, `site_root` is the
 * relative way from the page up to the top of a built site ("../../"):
 * the page then links the site's shelf.css and its locale index.  NULL
 * makes a standalone page: the stylesheet is inlined, no index link.
 * Returns a malloc'd NUL-terminated string (free with shelf_free), or NULL
 * when a template fails; then, if `err` is not NULL, a malloc'd message is
 * stored there. */
SHELF_API char *shelf_doc_output(const shelf_ctx *ctx, const shelf_doc *doc,
                                 shelf_format format, const char *site_root,
                                 char **err);

/* 1 when `doc` has nothing to write: the article itself could not be read
 * (SH001, SH002) or was not rendered whole (SH055, SH056).  Its
 * diagnostics say why. */
SHELF_API int shelf_doc_failed(const shelf_doc *doc);

/* ------------------------------------------------------------------ */
/* Building a content tree. */

typedef struct shelf_build_options {
	const char *content_dir;   /* default "content" */
	const char *out_dir;       /* default "_site" */
	int strict;                /* warnings count as errors */
	const char *cloud;         /* build only articles of this cloud; NULL: all */
	/* Called for every diagnostic, in order; may be NULL. */
	void (*on_diag)(void *user, const shelf_diag *d);
	/* Called after each article: done of total, and the article path. */
	void (*on_progress)(void *user, size_t done, size_t total, const char *path);
	void *user;
	/* As shelf_options.base_url; NULL: content/shelf.yml `base_url`. */
	const char *base_url;
	/* Worker processes rendering articles (fork): 0 or 1 renders in this
	 * process and forks nothing.  The output, the diagnostics and their
	 * order are the same whatever the number. */
	int jobs;
	/* Render every page, whatever the manifest of out_dir says. */
	int force;
	/* --shard K/N: build only the items whose path hashes to shard K
	 * (1..N) of N, into an output of its own with its own manifest and
	 * no indexes; shelf_site_merge() joins the N outputs.  0/0: all. */
	unsigned long shard_k, shard_n;
	/* Called once when another build or merge is writing out_dir (it
	 * holds out_dir/.shelf/lock), before this one waits for it to end;
	 * NULL: do not wait, stop with SH052 instead. */
	void (*on_lock_wait)(void *user, const char *out_dir);
} shelf_build_options;

typedef struct shelf_build_stats {
	size_t articles;   /* articles rendered */
	size_t assets;     /* media files copied */
	size_t errors;     /* diagnostics of severity error */
	size_t warnings;   /* diagnostics of severity warning */
	int io_failed;     /* an output could not be written */
	int no_sitemap;    /* no base_url, so no sitemap.xml was written */
	size_t unchanged;  /* articles whose inputs had not changed: not rendered */
	size_t removed;    /* outputs removed: their article or file is gone */
} shelf_build_stats;

/* Builds every article under content_dir/<locale>/ into out_dir.  Output
 * files are written to a temporary name (out_dir/.shelf/tmp/) and renamed
 * into place; out_dir/.shelf/lock keeps a second build out meanwhile (it
 * waits, or stops: opt->on_lock_wait).  The
 * build is incremental: out_dir/.shelf/manifest (written last) records what
 * every page was made from, with content hashes, and the next build renders
 * only the pages whose inputs changed (all with opt->force), replays the
 * rest, and deletes the outputs of articles that are gone; the output is
 * the same as a full build's.  Returns 0
 * when the build ran (content errors are in `stats`), -1 on an I/O failure
 * that stopped it, and -1 before anything is written (out_dir not even
 * created) when the cloud is unknown (SH057), content_dir cannot be read
 * (SH001) or is not a tree of <locale>/ folders (SH058); each reported
 * through on_diag. */
SHELF_API int shelf_site_build(const shelf_ctx *ctx, const shelf_build_options *opt,
                               shelf_build_stats *stats);

/* Joins the outputs of `shelf build --shard K/N` for K = 1..N (`shards`,
 * n of them, any order) into opt->out_dir: their pages and media, then
 * what needs the whole site (indexes, link check, search index, sitemap,
 * manifest), byte for byte what one build of the tree writes.  Only
 * out_dir, on_diag, on_lock_wait, user and content_dir of `opt` are used;
 * content_dir is the tree the shards were built from, read only to give
 * a broken link its line (NULL, or a tree not on this machine: the link is
 * told without it).  Returns 0, or -1 (SH087)
 * when the shards are not one whole build (missing, given twice, of other
 * settings or another shelf, unfinished) or an output failed. */
SHELF_API int shelf_site_merge(const shelf_ctx *ctx, const shelf_build_options *opt,
                               const char *const *shards, size_t n,
                               shelf_build_stats *stats);

/* ------------------------------------------------------------------ */
/* Checking articles: what `shelf check` prints. */

typedef struct shelf_check_options {
	/* Files and folders to check, NULL-terminated; a folder is walked for
	 * .md files (includes/ too; names starting with '.' are skipped, and
	 * a symbolic link or a folder not entered is an SH053/SH001 error).
	 * NULL or empty: content_dir. */
	const char *const *paths;
	const char *content_dir;   /* default "content" */
	/* Check only articles of this cloud (shelf_doc_in_cloud); NULL: all.
	 * An unknown cloud gives each article SH057: check it first with
	 * shelf_cloud_valid. */
	const char *cloud;
} shelf_check_options;

typedef struct shelf_check shelf_check;

/* Renders every article of opt->paths for its diagnostics, and lints
 * across them: an articleId (any case) used by two articles is SH212 at
 * the later path.  A path that does not exist is SH001.  Diagnostics come
 * in walk order, article by article, the SH212s last; at most 999,999 are
 * kept (then a last SH059 counts the rest).  Returns NULL only when out of
 * memory; free with shelf_check_free. */
SHELF_API shelf_check *shelf_check_tree(const shelf_ctx *ctx, const shelf_check_options *opt);
SHELF_API void shelf_check_free(shelf_check *res);
/* Number of articles checked (not those of another cloud). */
SHELF_API size_t shelf_check_articles(const shelf_check *res);
SHELF_API size_t shelf_check_diag_count(const shelf_check *res);
/* The i-th diagnostic (NULL past the end); it belongs to `res`. */
SHELF_API const shelf_diag *shelf_check_diag(const shelf_check *res, size_t i);
/* Number of diagnostics of severity `sev`. */
SHELF_API size_t shelf_check_count(const shelf_check *res, shelf_severity sev);

/* ------------------------------------------------------------------ */
/* Translation QA: shelf l10n. */

/* Severity of a translation finding: error where rendering or a command
 * breaks, warning where meaning may change, info otherwise. */
typedef enum shelf_l10n_severity {
	SHELF_L10N_INFO = 0,
	SHELF_L10N_WARNING = 1,
	SHELF_L10N_ERROR = 2
} shelf_l10n_severity;

/* One finding.  `check` is a stable id ("stale", "headings", ...; see
 * shelf_l10n_checks).  `line` is the target's line (0 when it concerns
 * the whole file), `source_line` the source's.  `source_text` and
 * `target_text` are the differing values, or NULL.  `stale` is 1 when the
 * pair is stale and the finding is one of its differences, grouped under
 * the pair's `stale` finding (its severity is then info). */
typedef struct shelf_l10n_finding {
	const char *check;
	shelf_l10n_severity severity;
	const char *source;
	const char *target;
	unsigned line;
	unsigned source_line;
	const char *message;
	const char *source_text;
	const char *target_text;
	int stale;
	const char *locale;      /* the target locale, lower case, or "" */
} shelf_l10n_finding;

/* Status of one source/target pair in a report. */
typedef enum shelf_l10n_status {
	SHELF_L10N_TRANSLATED = 0,  /* translation in sync with its source */
	SHELF_L10N_STALE = 1,       /* translated from an older source */
	SHELF_L10N_FALLBACK = 2,    /* article without translation: source shown */
	SHELF_L10N_MISSING = 3,     /* include without translation */
	SHELF_L10N_ORPHAN = 4       /* translation without source */
} shelf_l10n_status;

typedef struct shelf_l10n_options {
	const char *content_dir;    /* default "content" */
	const char *source_locale;  /* default "en-us"; folder names match in any case */
	const char *target_locale;  /* a locale, or NULL / "all" for every one */
	/* Explicit pairs: source, target, source, target, ...; n_pairs counts
	 * pairs.  When n_pairs > 0 the content tree is not walked. */
	const char *const *pairs;
	size_t n_pairs;
} shelf_l10n_options;

typedef struct shelf_l10n_report shelf_l10n_report;

/* Compares every translation with its source.  Returns 0 and a report in
 * *out (free with shelf_l10n_report_free), or -1 with *out NULL when out of
 * memory or when the content tree cannot be read (then, if `err` is not
 * NULL, a malloc'd message is stored there).  Unreadable files are findings. */
SHELF_API int shelf_l10n_run(const shelf_ctx *ctx, const shelf_l10n_options *opt,
                             shelf_l10n_report **out, char **err);
SHELF_API void shelf_l10n_report_free(shelf_l10n_report *r);

/* Findings, sorted by target, then line.  Pointers belong to the report. */
SHELF_API size_t shelf_l10n_count(const shelf_l10n_report *r);
SHELF_API const shelf_l10n_finding *shelf_l10n_at(const shelf_l10n_report *r, size_t i);
/* Number of findings of severity `sev`. */
SHELF_API size_t shelf_l10n_count_severity(const shelf_l10n_report *r,
                                           shelf_l10n_severity sev);

/* Pairs compared: status, locale, source and target path (either may be
 * NULL: fallback/missing have no target, orphans no source). */
SHELF_API size_t shelf_l10n_pair_count(const shelf_l10n_report *r);
SHELF_API shelf_l10n_status shelf_l10n_pair(const shelf_l10n_report *r, size_t i,
                                            const char **locale, const char **source,
                                            const char **target);

/* Target locales of the report, lower case, sorted. */
SHELF_API size_t shelf_l10n_locale_count(const shelf_l10n_report *r);
SHELF_API const char *shelf_l10n_locale(const shelf_l10n_report *r, size_t i);

typedef enum shelf_l10n_format {
	SHELF_L10N_TEXT = 0,   /* file:line: severity: [check] message, one a line */
	SHELF_L10N_JSON = 1,   /* [{check, severity, source, target, line, message}] */
	SHELF_L10N_HTML = 2    /* one page for `locale` */
} shelf_l10n_format;

/* The report in `format`; for HTML, the page of `locale` (NULL: the first).
 * malloc'd (shelf_free), NULL on OOM. */
SHELF_API char *shelf_l10n_format_report(const shelf_l10n_report *r,
                                         shelf_l10n_format format, const char *locale);

/* The checks: id, default severity word, one-line explanation.  Returns
 * the number of checks; `i` beyond it gives NULLs. */
SHELF_API size_t shelf_l10n_checks(size_t i, const char **id, const char **explain);

/* ------------------------------------------------------------------ */
/* Previewing a content tree. */

typedef struct shelf_serve_options {
	const char *content_dir;   /* default "content" */
	unsigned port;             /* 127.0.0.1 port; 0: a free one */
	/* As shelf_build_options: every diagnostic of every build, in order. */
	void (*on_diag)(void *user, const shelf_diag *d);
	/* Called once the server listens, with the port it listens on. */
	void (*on_ready)(void *user, unsigned port);
	/* Called after each build, the first included: its stats, what
	 * shelf_site_build() returned, and how long it took. */
	void (*on_build)(void *user, const shelf_build_stats *st, int rc, unsigned ms);
	void *user;
} shelf_serve_options;

/* Builds content_dir (shelf_site_build) into a new temporary folder below
 * $TMPDIR (else /tmp), serves it on 127.0.0.1 only with libmicrohttpd,
 * watches content_dir (every folder, new ones too) and ctx's templates/
 * and locales/ with inotify, rebuilds about 75 ms after the last change
 * (reloading the templates and locales when they changed) and tells open
 * pages to reload through server-sent events (/__shelf/events; HTML pages
 * are served with /__shelf/reload.js added, the built files are not
 * changed).  Runs until SIGINT, SIGTERM or SIGHUP, which it blocks in the
 * calling thread while it runs; then removes the temporary folder and
 * returns 0.  Returns -1 when it cannot start (the first build failed:
 * see on_diag; the port is taken; no inotify) and, if `err` is not NULL,
 * stores a malloc'd message there (NULL when on_diag already said why).
 * `ctx` stays the caller's; the server may load newer contexts of its own. */
SHELF_API int shelf_serve(const shelf_ctx *ctx, const shelf_serve_options *opt, char **err);

#ifdef __cplusplus
}
#endif

#endif /* SHELF_H */
