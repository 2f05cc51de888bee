/*
 * main.c - the `shelf` command line.  A client of shelf.h only; the one
 * place that prints or exits.
 *
 * Exit codes: 0 no errors (warnings allowed unless --strict), 1 content
 * errors, 2 usage errors (also an unknown cloud, SH057, and a --content
 * that is not a content tree, SH058), 3 I/O errors.
 */
#include "shelf.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_OK = 0, EXIT_CONTENT = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

static const char *prog = "shelf";

static const char usage_main[] =
	"usage: shelf <command> [options]\n"
	"\n"
	"Renders troubleshooting articles (Learn-style Markdown and portal\n"
	"self-help articles) into HTML pages, fragments and JSON.\n"
	"\n"
	"commands:\n"
	"  render   render articles to standard output\n"
	"  build    render a content tree into a site folder\n"
	"  check    print the diagnostics of articles\n"
	"  l10n     compare translations with their source (translation QA)\n"
	"  serve    preview a content tree in the browser, rebuilt as it changes\n"
	"  merge    join the outputs of sharded builds (build --shard K/N) into a site\n"
	"\n"
	"options:\n"
	"  -h, --help     show help (also: shelf <command> --help)\n"
	"  --version      show the version\n"
	"\n"
	"Options are written in full (--format, not --form) before the files.\n"
	"\n"
	"exit status: 0 no errors, 1 content errors, 2 usage errors, 3 I/O errors\n";

static const char usage_render[] =
	"usage: shelf render [options] FILE...\n"
	"\n"
	"Renders each FILE and writes the result to standard output.\n"
	"\n"
	"  --format F     page (full HTML page, default), fragment (the sanitized\n"
	"                 body), or json (a description of the article)\n"
	"  --locale L     locale such as en-us or ko-kr (default: the locale folder\n"
	"                 the file sits in, else front matter ms.contentlocale,\n"
	"                 else en-us)\n"
	"  --root DIR     folder that ~/ means and that includes may not leave\n"
	"                 (default: the file's locale folder, else its folder)\n"
	"  --strict       warnings count as errors for the exit status\n"
	"  --data DIR     folder holding templates/ and locales/\n"
	"  --site-root P  page format: link P/shelf.css and P/<locale>/index.html\n"
	"                 instead of inlining the stylesheet (P: \"../\", or a URL)\n"
	"  --base-url URL site-absolute links (/azure/x) become URL/azure/x\n"
	"                 (default: base_url in content/shelf.yml, else unchanged)\n"
	"\n"
	"portal articles:\n"
	"  --var NAME=VALUE    value of token <!--$NAME-->…<!--/$NAME--> (repeatable)\n"
	"  --vars FILE.json    token values from a JSON object of strings\n"
	"  --missing MODE      token without a value: keep (a span with the\n"
	"                      preview, default), blank, or error\n"
	"  --resource-id ID    ARM resource id for $resourceId, {$resourceIdDecoded},\n"
	"                      {$resourceId} and $subscriptionId\n"
	"  --cloud C           public (default), fairfax, mooncake, usnat, ussec:\n"
	"                      the portal origin {$domain} (content/shelf.yml)\n"
	"\n"
	"examples:\n"
	"  shelf render --format json content/en-us/windows/stop-error-0xc000021a.md\n"
	"  shelf render --format fragment --var vmname=web01 \\\n"
	"    --resource-id /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.Compute/virtualMachines/web01 \\\n"
	"    content/en-us/portal/vm-cannot-start.md\n";

static const char usage_build[] =
	"usage: shelf build [options]\n"
	"\n"
	"Renders every article under CONTENT/<locale>/ to OUT/<locale>/<path>.html,\n"
	"copies media beside them, writes the JSON description of each article\n"
	"beside its page (x.html, x.json), and an index.html per locale and on top.\n"
	"Markdown below includes/ folders is not a page.\n"
	"\n"
	"  --content DIR  content tree: the folder holding the <locale>/ folders\n"
	"                 (default: content)\n"
	"  --out DIR      output folder (default: _site)\n"
	"  --strict       warnings count as errors for the exit status\n"
	"  --cloud C      only portal articles whose cloudEnvironments name C\n"
	"                 (public, fairfax, mooncake, usnat, ussec); Learn articles\n"
	"                 are always built\n"
	"  --base-url URL site-absolute links (/azure/x) become URL/azure/x\n"
	"                 (default: base_url in content/shelf.yml, else unchanged)\n"
	"  -j N, --jobs N render in N worker processes (default: the number of\n"
	"                 cores); the output is byte for byte the same whatever N,\n"
	"                 and -j1 renders in this process\n"
	"  -q, --quiet    no progress and no summary; without -q, a terminal shows\n"
	"                 one updating line (done/total, pages per second, locale)\n"
	"  --force        render every page; without it a build renders only the\n"
	"                 pages whose inputs (article, includes, snippets, media,\n"
	"                 templates, locale strings, shelf.yml, shelf) changed since\n"
	"                 OUT/.shelf/manifest, and removes the pages of deleted articles\n"
	"  --shard K/N    build only shard K (1..N) of N: the articles and media whose\n"
	"                 path hashes to it, into OUT with its own manifest and no\n"
	"                 indexes; `shelf merge` joins the N outputs\n"
	"  --data DIR     folder holding templates/ and locales/\n"
	"\n"
	"One build or merge writes OUT at a time: a second one says it is waiting\n"
	"and starts when the first ends.\n"
	"\n"
	"example: shelf build --content content --out _site -j4\n";

static const char usage_merge[] =
	"usage: shelf merge [options] OUT SHARD_OUT...\n"
	"\n"
	"Joins the outputs of `shelf build --shard K/N` for every K from 1 to N\n"
	"(in any order) into OUT, and writes what needs the whole site: the\n"
	"indexes, the cross-page link check, search-index.json, sitemap.xml and\n"
	"OUT's manifest.  OUT is then byte for byte what one `shelf build` of the\n"
	"tree writes.  Fails (exit 1, SH087) when a shard is missing, given twice,\n"
	"unfinished, or built from other settings or by another shelf.\n"
	"\n"
	"  -q, --quiet    no summary\n"
	"  --strict       warnings count as errors for the exit status\n"
	"  --data DIR     folder holding templates/ and locales/ (the same the\n"
	"                 shards were built with)\n"
	"  --content DIR  the content tree the shards were built from, read to\n"
	"                 give each broken link its line (default: content); a\n"
	"                 merge without it tells those links without a line\n"
	"\n"
	"example: shelf merge _site shard-1 shard-2 shard-3 shard-4\n";

static const char usage_check[] =
	"usage: shelf check [options] [PATH...]\n"
	"\n"
	"Prints the diagnostics of each article (a PATH may be a folder, walked\n"
	"for .md files); without PATH, every article under the content tree.\n"
	"Portal articles are also linted: attributes their selfHelpType needs,\n"
	"misspelt attributes, articleIds used twice, broken links.\n"
	"\n"
	"  --format F     text (default: file:line:col lines on stderr) or json\n"
	"                 (an array of diagnostics on stdout)\n"
	"  --content DIR  content tree (default: content)\n"
	"  --strict       warnings count as errors for the exit status\n"
	"  --cloud C      only portal articles whose cloudEnvironments name C\n"
	"                 (public, fairfax, mooncake, usnat, ussec)\n"
	"  --data DIR     folder holding templates/ and locales/\n"
	"\n"
	"example: shelf check content/en-us\n";

/* Most bytes of diagnostics held before they are written: 64 KiB.  A
 * no-change rebuild of a big tree prints 17,000 lines, and a write() each
 * was a tenth of its time; a build that renders writes what it holds
 * after each page (on_progress), so a reader of a pipe sees it go. */
#define CLI_HOLD_BYTES 65536

/* Most --var options on one command line. */
#define CLI_MAX_VARS 256

typedef struct cli {
	const char *format, *locale, *root, *content, *out, *data;
	const char *vars_file, *missing, *resource_id, *cloud, *site_root, *base_url;
	const char *source_locale, *target_locale;   /* l10n */
	int list_checks;                             /* l10n --list-checks */
	const char *port;      /* serve */
	const char *vars[CLI_MAX_VARS * 2 + 1];
	char *var_copies[CLI_MAX_VARS];
	size_t n_vars;
	int strict, quiet;
	long jobs;             /* build -j; 0: the number of cores */
	int force;             /* build --force */
	unsigned long shard_k, shard_n; /* build --shard K/N; 0/0: none */
	int progress_shown;    /* build: the progress line is on the terminal */
	struct timespec t0;    /* build: when it started (pages per second) */
	int lint_advisory;     /* render, build: lint errors count as warnings */
	size_t errors, warnings;
	int io_error;
	int bad_request;     /* SH057/SH058: the command line asked the impossible */
	int diags_unread;    /* build, merge: stderr is /dev/null, so diagnostics are
	                        only counted (a no-change rebuild of a big tree spent
	                        a third of its time formatting lines nobody reads) */
	int hold;            /* build, merge: stderr is not a terminal, so diagnostics
	                        are written a block at a time (see hold_line()) */
	char *held;          /* CLI_HOLD_BYTES, malloc'd once needed */
	size_t n_held;
} cli;

/* Prints one line naming the problem and where help is, and returns the
 * usage exit status.  `cmd` is the command ("render"), or NULL. */
static int
usage_error(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "%s%s%s: ", prog, cmd ? " " : "", cmd ? cmd : "");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\ntry '%s%s%s --help'\n", prog, cmd ? " " : "", cmd ? cmd : "");
	return EXIT_USAGE;
}

/* --base-url that shelf_base_url_check refuses: a usage error. */
static int
base_url_error(const char *cmd, const char *url)
{
	fprintf(stderr, "%s %s: --base-url '%s' is not usable: %s (e.g. https://learn.microsoft.com)",
	        prog, cmd, url, shelf_base_url_check(url));
	fprintf(stderr, "\ntry '%s %s --help'\n", prog, cmd);
	return EXIT_USAGE;
}

/* Counts `d` towards the exit status. */
static void
count_diag(const shelf_diag *d, cli *c)
{
	if (d->severity == SHELF_ERROR)
		c->errors++;
	else
		c->warnings++;
	if (d->code == SHELF_E_IO || d->code == SHELF_E_OUTPUT)
		c->io_error = 1;
	if (d->code == SHELF_E_CLOUD || d->code == SHELF_E_CONTENT_TREE)
		c->bad_request = 1;
}

/* 1 when standard error is /dev/null. */
static int
stderr_is_null(void)
{
	struct stat e, n;

	return fstat(STDERR_FILENO, &e) == 0 && S_ISCHR(e.st_mode) &&
	       stat("/dev/null", &n) == 0 && S_ISCHR(n.st_mode) && e.st_rdev == n.st_rdev;
}

/* Writes the diagnostics held. */
static void
flush_held(cli *c)
{
	if (c->n_held)
		fwrite(c->held, 1, c->n_held, stderr);
	c->n_held = 0;
}

/* Holds the line `s` to be written with the others; 0, or -1 when it is
 * to be printed now (no memory, or a line too long to hold). */
static int
hold_line(cli *c, const char *s)
{
	size_t n = strlen(s);

	if (c->held == NULL && (c->held = malloc(CLI_HOLD_BYTES)) == NULL)
		return -1;
	if (c->n_held + n + 1 > CLI_HOLD_BYTES)
		flush_held(c);
	if (n + 1 > CLI_HOLD_BYTES)
		return -1;
	memcpy(c->held + c->n_held, s, n);
	c->held[c->n_held + n] = '\n';
	c->n_held += n + 1;
	return 0;
}

/* Ends holding: writes what is held and frees the block. */
static void
end_hold(cli *c)
{
	flush_held(c);
	free(c->held);
	c->held = NULL;
	c->hold = 0;
}

/* Prints `d` on stderr and counts it. */
static void
print_diag(const shelf_diag *d, cli *c)
{
	shelf_diag w = *d;
	char *s;

	/* lint findings are check's business: a page that rendered does not
	 * fail render or build (unless --strict) */
	if (c->lint_advisory && d->severity == SHELF_ERROR && shelf_code_is_lint(d->code)) {
		w.severity = SHELF_WARNING;
		d = &w;
	}
	if (c->diags_unread) {
		count_diag(d, c);
		return;
	}
	s = shelf_diag_format(d);
	if (c->progress_shown) {
		fputs("\r\033[K", stderr); /* the diagnostic replaces the progress line */
		c->progress_shown = 0;
	}
	if (s) {
		if (!c->hold || hold_line(c, s) != 0)
			fprintf(stderr, "%s\n", s);
		shelf_free(s);
	}
	count_diag(d, c);
}

static int
exit_status(const cli *c)
{
	if (c->bad_request)
		return EXIT_USAGE;
	if (c->io_error)
		return EXIT_IO;
	if (c->errors || (c->strict && c->warnings))
		return EXIT_CONTENT;
	return EXIT_OK;
}

/* 1 when dir/templates/page.html exists. */
static int
has_templates(const char *dir)
{
	char p[PATH_MAX];
	struct stat st;

	if (snprintf(p, sizeof p, "%s/templates/page.html", dir) >= (int)sizeof p)
		return 0;
	return stat(p, &st) == 0;
}

/* Finds templates/ and locales/: --data, $SHELF_DATA, beside the binary
 * (../share/shelf when installed, .. in the source tree), else NULL (the
 * library's compiled-in folder). */
static const char *
find_data(const char *given, char *buf, size_t size)
{
	const char *env = getenv("SHELF_DATA");
	char exe[PATH_MAX];
	ssize_t n;
	char *slash;

	if (given)
		return given;
	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		if ((size_t)snprintf(buf, size, "%s/../share/shelf", exe) < size &&
		    has_templates(buf))
			return buf;
		if ((size_t)snprintf(buf, size, "%s/..", exe) < size && has_templates(buf))
			return buf;
	}
	return NULL;
}

static shelf_ctx *
open_ctx(const cli *c)
{
	char buf[PATH_MAX];
	char *err = NULL;
	shelf_ctx *ctx = shelf_ctx_new(find_data(c->data, buf, sizeof buf), &err);

	if (ctx == NULL) {
		fprintf(stderr, "%s: cannot load templates and locales: %s\n", prog,
		        err ? err : "out of memory");
		fprintf(stderr, "%s: point --data (or $SHELF_DATA) at the folder holding templates/ and locales/\n", prog);
		shelf_free(err);
	}
	return ctx;
}

/* Records --var NAME=VALUE.  0, or -1 after a usage error. */
static int
add_var(cli *c, const char *v, const char *cmd)
{
	const char *eq = strchr(v, '=');
	char *name;

	if (eq == NULL || eq == v) {
		usage_error(cmd, "--var takes NAME=VALUE, not '%s'", v);
		return -1;
	}
	if (c->n_vars >= CLI_MAX_VARS) {
		usage_error(cmd, "%s", "too many --var options");
		return -1;
	}
	name = strndup(v, (size_t)(eq - v));
	if (name == NULL)
		return -1;
	c->var_copies[c->n_vars] = name;
	c->vars[c->n_vars * 2] = name;
	c->vars[c->n_vars * 2 + 1] = eq + 1;
	c->n_vars++;
	return 0;
}

static void
free_vars(cli *c)
{
	size_t i;

	for (i = 0; i < c->n_vars; i++)
		free(c->var_copies[i]);
}

/* Option ids beyond the short ones ('h', 'q'). */
enum {
	OPT_FORMAT = 256, OPT_LOCALE, OPT_ROOT, OPT_CONTENT, OPT_OUT, OPT_DATA, OPT_VAR,
	OPT_VARS, OPT_MISSING, OPT_RESOURCE_ID, OPT_CLOUD, OPT_SITE_ROOT, OPT_STRICT,
	OPT_BASE_URL, OPT_SOURCE, OPT_TARGET, OPT_LIST_CHECKS, OPT_PORT, OPT_JOBS, OPT_FORCE, OPT_SHARD
};

#define OPT_ARG(name, id) {name, required_argument, NULL, id}
static const struct option render_options[] = {
	OPT_ARG("format", OPT_FORMAT), OPT_ARG("locale", OPT_LOCALE), OPT_ARG("root", OPT_ROOT),
	{"strict", no_argument, NULL, OPT_STRICT}, OPT_ARG("data", OPT_DATA),
	OPT_ARG("var", OPT_VAR), OPT_ARG("vars", OPT_VARS), OPT_ARG("missing", OPT_MISSING),
	OPT_ARG("resource-id", OPT_RESOURCE_ID), OPT_ARG("cloud", OPT_CLOUD),
	OPT_ARG("site-root", OPT_SITE_ROOT), OPT_ARG("base-url", OPT_BASE_URL),
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0}
};
static const struct option build_options[] = {
	OPT_ARG("content", OPT_CONTENT), OPT_ARG("out", OPT_OUT),
	{"strict", no_argument, NULL, OPT_STRICT}, {"quiet", no_argument, NULL, 'q'},
	OPT_ARG("data", OPT_DATA), OPT_ARG("cloud", OPT_CLOUD), OPT_ARG("base-url", OPT_BASE_URL),
	OPT_ARG("jobs", 'j'), {"force", no_argument, NULL, OPT_FORCE}, OPT_ARG("shard", OPT_SHARD),
	{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}
};
static const struct option merge_options[] = {
	{"strict", no_argument, NULL, OPT_STRICT}, {"quiet", no_argument, NULL, 'q'},
	OPT_ARG("content", OPT_CONTENT),
	OPT_ARG("data", OPT_DATA), {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}
};
static const struct option check_options[] = {
	OPT_ARG("content", OPT_CONTENT), {"strict", no_argument, NULL, OPT_STRICT},
	OPT_ARG("data", OPT_DATA), OPT_ARG("format", OPT_FORMAT), OPT_ARG("cloud", OPT_CLOUD),
	{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}
};
static const struct option l10n_options[] = {
	OPT_ARG("content", OPT_CONTENT), OPT_ARG("source", OPT_SOURCE),
	OPT_ARG("target", OPT_TARGET), OPT_ARG("format", OPT_FORMAT), OPT_ARG("output", 'o'),
	{"list-checks", no_argument, NULL, OPT_LIST_CHECKS}, {"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0}
};

/* 1 when `arg` ("--name" or "--name=value") spells `name` out in full:
 * getopt_long also takes any unique prefix, and a prefix that happens to
 * be unique today ("--form") must not change meaning when an option is
 * added.  The documented short forms are -h, -q and -j. */
static int
full_name(const char *arg, const char *name)
{
	size_t n = strlen(name);

	return strncmp(arg, "--", 2) == 0 && strncmp(arg + 2, name, n) == 0 &&
	       (arg[2 + n] == '\0' || arg[2 + n] == '=');
}

/* Stores the value of option `id`.  0, or -1 after a usage error. */
static int
set_option(cli *c, int id, const char *v, const char *cmd)
{
	switch (id) {
	case OPT_FORMAT: c->format = v; break;
	case OPT_LOCALE: c->locale = v; break;
	case OPT_ROOT: c->root = v; break;
	case OPT_CONTENT: c->content = v; break;
	case OPT_OUT: c->out = v; break;
	case OPT_DATA: c->data = v; break;
	case OPT_VARS: c->vars_file = v; break;
	case OPT_MISSING: c->missing = v; break;
	case OPT_RESOURCE_ID: c->resource_id = v; break;
	case OPT_CLOUD: c->cloud = v; break;
	case OPT_SITE_ROOT: c->site_root = v; break;
	case OPT_BASE_URL: c->base_url = v; break;
	case OPT_SOURCE: c->source_locale = v; break;
	case OPT_TARGET: c->target_locale = v; break;
	case OPT_LIST_CHECKS: c->list_checks = 1; break;
	case 'o': c->out = v; break;
	case OPT_PORT: c->port = v; break;
	case OPT_STRICT: c->strict = 1; break;
	case OPT_FORCE: c->force = 1; break;
	case OPT_SHARD: {
		char *end, *slash;
		errno = 0;
		c->shard_k = strtoul(v, &slash, 10);
		if (errno == 0 && slash != v && *slash == '/' && slash[1] >= '0' && slash[1] <= '9')
			c->shard_n = strtoul(slash + 1, &end, 10);
		else
			end = slash, c->shard_n = 0;
		if (errno || *end || c->shard_n < 1 || c->shard_n > 100000 || c->shard_k < 1 ||
		    c->shard_k > c->shard_n) {
			usage_error(cmd, "--shard needs K/N with 1 <= K <= N <= 100000 (such as 2/4), "
			            "not '%s'", v);
			return -1;
		}
		break;
	}
	case 'q': c->quiet = 1; break;
	case 'j': {
		char *end;
		errno = 0;
		c->jobs = strtol(v, &end, 10);
		if (errno || end == v || *end || c->jobs < 1 || c->jobs > 256) {
			usage_error(cmd, "-j needs a number of worker processes from 1 to 256, not '%s'", v);
			return -1;
		}
		break;
	}
	case OPT_VAR: return add_var(c, v, cmd);
	default: break;
	}
	return 0;
}

/* Parses the options of command `cmd` with getopt_long: exact long names
 * only, options before the operands (as `cp`; "--" ends them).  argv[0] is
 * the command.  Returns the index of the first operand, -1 after printing
 * a usage error, or -2 for --help. */
static int
parse_opts(int argc, char **argv, cli *c, const char *cmd, const struct option *longopts,
           const char *shortopts)
{
	int ch;

	opterr = 0;   /* our messages, one line each */
	optind = 1;
	for (;;) {
		int at = optind, li = -1;
		ch = getopt_long(argc, argv, shortopts, longopts, &li);
		if (ch == -1)
			return optind;
		if (ch == '?') {
			if (optopt && optopt < 256 && strncmp(argv[at], "--", 2) != 0)
				fprintf(stderr, "%s %s: unknown option '-%c'\n", prog, cmd, optopt);
			else
				fprintf(stderr, "%s %s: unknown option '%s'\n", prog, cmd, argv[at]);
			fprintf(stderr, "try '%s %s --help'\n", prog, cmd);
			return -1;
		}
		if (ch == ':') {
			usage_error(cmd, "option '%s' needs a value", argv[at]);
			return -1;
		}
		if (li >= 0 && !full_name(argv[at], longopts[li].name)) {
			fprintf(stderr, "%s %s: unknown option '%s' (write --%s in full)\n", prog, cmd,
			        argv[at], longopts[li].name);
			fprintf(stderr, "try '%s %s --help'\n", prog, cmd);
			return -1;
		}
		if (ch == 'h')
			return -2;
		if (set_option(c, ch, optarg, cmd) != 0)
			return -1;
	}
}

/* Rejects a cloud that shelf_cloud_valid() does not know.  0 or EXIT_USAGE. */
static int
check_cloud(const cli *c, const char *cmd)
{
	if (shelf_cloud_valid(c->cloud))
		return 0;
	return usage_error(cmd, "unknown cloud '%s' (public, fairfax, mooncake, usnat, ussec)",
	                   c->cloud);
}

/* 1, after reporting SH052, when standard output could not be written
 * (a full disk, a closed pipe): the output is incomplete. */
static int
stdout_failed(cli *c, int write_failed)
{
	shelf_diag dg = {.code = SHELF_E_OUTPUT, .severity = SHELF_ERROR, .file = "<stdout>"};
	char msg[256];

	if (fflush(stdout) == 0 && !ferror(stdout) && !write_failed)
		return 0;
	snprintf(msg, sizeof msg, "cannot write to standard output: %s", strerror(errno));
	dg.message = msg;
	print_diag(&dg, c);
	return 1;
}

static int
write_stdout(const char *s)
{
	size_t n = strlen(s);
	return fwrite(s, 1, n, stdout) == n ? 0 : -1;
}

static int cmd_render2(cli *cp, int first, int argc, char **argv);

static int
cmd_render(int argc, char **argv)
{
	cli c = {0};
	int first = parse_opts(argc, argv, &c, "render", render_options, "+:h"), rc;

	c.lint_advisory = 1;
	rc = cmd_render2(&c, first, argc, argv);
	free_vars(&c);
	return rc;
}

/* The body of `shelf render` once options are parsed. */
static int
cmd_render2(cli *cp, int first, int argc, char **argv)
{
	cli c = *cp;
	shelf_format fmt = SHELF_FORMAT_PAGE;
	shelf_missing_mode missing = SHELF_MISSING_KEEP;
	char **file_vars = NULL, *verr = NULL;
	const char **all_vars = NULL;
	shelf_ctx *ctx;
	int i, write_failed = 0;
	size_t k, nv = 0, written = 0;

	if (first == -2)
		return fputs(usage_render, stdout), EXIT_OK;
	if (first < 0)
		return EXIT_USAGE;
	if (c.format == NULL || strcmp(c.format, "page") == 0)
		fmt = SHELF_FORMAT_PAGE;
	else if (strcmp(c.format, "fragment") == 0)
		fmt = SHELF_FORMAT_FRAGMENT;
	else if (strcmp(c.format, "json") == 0)
		fmt = SHELF_FORMAT_JSON;
	else
		return usage_error("render", "unknown format '%s' (page, fragment, json)", c.format);
	if (first >= argc)
		return usage_error("render", "%s", "no FILE given");
	if (c.missing == NULL || strcmp(c.missing, "keep") == 0)
		missing = SHELF_MISSING_KEEP;
	else if (strcmp(c.missing, "blank") == 0)
		missing = SHELF_MISSING_BLANK;
	else if (strcmp(c.missing, "error") == 0)
		missing = SHELF_MISSING_ERROR;
	else
		return usage_error("render", "unknown --missing mode '%s' (keep, blank, error)", c.missing);
	if (check_cloud(&c, "render") != 0)
		return EXIT_USAGE;
	if (c.base_url && shelf_base_url_check(c.base_url))
		return base_url_error("render", c.base_url);
	if (c.vars_file && (file_vars = shelf_vars_read(c.vars_file, &verr)) == NULL) {
		fprintf(stderr, "%s: --vars: %s\n", prog, verr ? verr : "out of memory");
		shelf_free(verr);
		return EXIT_USAGE;
	}
	/* file values first: a later pair wins (shelf_options.vars), so a
	 * --var given on the command line beats the --vars file */
	for (k = 0; file_vars && file_vars[k]; k++)
		nv++;
	all_vars = calloc(nv + c.n_vars * 2 + 1, sizeof *all_vars);
	if (all_vars == NULL) {
		shelf_vars_free(file_vars);
		return EXIT_IO;
	}
	for (k = 0; k < nv; k++)
		all_vars[k] = file_vars[k];
	for (k = 0; c.n_vars && k < c.n_vars * 2; k++)
		all_vars[nv + k] = c.vars[k];
	if ((ctx = open_ctx(&c)) == NULL) {
		free(all_vars);
		shelf_vars_free(file_vars);
		return EXIT_IO;
	}
	if (fmt == SHELF_FORMAT_JSON && argc - first > 1)
		write_stdout("[\n");
	for (i = first; i < argc; i++) {
		shelf_options o = SHELF_OPTIONS_INIT;
		shelf_doc *doc;
		char *out, *err = NULL;
		o.root = c.root;
		o.locale = c.locale;
		o.vars = all_vars;
		o.missing = missing;
		o.resource_id = c.resource_id;
		o.cloud = c.cloud;
		o.base_url = c.base_url;
		doc = shelf_render_file(ctx, argv[i], &o);
		if (doc == NULL) {
			fprintf(stderr, "%s: out of memory\n", prog);
			break;
		}
		for (k = 0; k < shelf_doc_diag_count(doc); k++)
			print_diag(shelf_doc_diag(doc, k), &c);
		if (shelf_doc_failed(doc)) {
			shelf_doc_free(doc);
			continue;
		}
		out = shelf_doc_output(ctx, doc, fmt, c.site_root, &err);
		if (out == NULL) {
			shelf_diag dg = {.code = SHELF_E_OUTPUT_FAILED, .severity = SHELF_ERROR,
			                 .file = shelf_doc_path(doc),
			                 .message = err ? err : "out of memory"};
			print_diag(&dg, &c);
		} else {
			if (fmt == SHELF_FORMAT_JSON && written++ > 0)
				write_stdout(",\n");
			if (write_stdout(out) != 0)
				write_failed = 1;
		}
		shelf_free(out);
		shelf_free(err);
		shelf_doc_free(doc);
	}
	if (fmt == SHELF_FORMAT_JSON && argc - first > 1)
		write_stdout("]\n");
	shelf_ctx_free(ctx);
	free(all_vars);
	shelf_vars_free(file_vars);
	if (stdout_failed(&c, write_failed))
		return EXIT_IO;
	return exit_status(&c);
}

static void
on_diag(void *user, const shelf_diag *d)
{
	print_diag(d, user);
}

/* One line, rewritten after each article: done/total, pages per second,
 * and the locale being built (the first folder of `path`). */
static void
on_progress(void *user, size_t done, size_t total, const char *path)
{
	cli *c = user;
	struct timespec now;
	double secs;

	flush_held(c); /* a page made: what it said is written */
	if (c->quiet || !isatty(STDERR_FILENO))
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	secs = (double)(now.tv_sec - c->t0.tv_sec) + (double)(now.tv_nsec - c->t0.tv_nsec) / 1e9;
	fprintf(stderr, "\r\033[K[%zu/%zu] %.0f pages/s  %.*s", done, total,
	        secs > 0 ? (double)done / secs : 0.0, (int)strcspn(path, "/"), path);
	c->progress_shown = 1;
}

/* Another build or merge holds OUT's lock: say so, then wait for it. */
static void
on_lock_wait(void *user, const char *out_dir)
{
	cli *c = user;

	if (!c->quiet)
		fprintf(stderr, "%s: waiting for another build or merge into %s/ to end "
		        "(it holds %s/.shelf/lock)\n", prog, out_dir, out_dir);
}

static int
cmd_build(int argc, char **argv)
{
	cli c = {0};
	shelf_build_options o;
	shelf_build_stats st;
	shelf_ctx *ctx;
	int first = parse_opts(argc, argv, &c, "build", build_options, "+:hqj:"), rc;

	c.lint_advisory = 1;
	c.diags_unread = stderr_is_null();
	c.hold = !c.diags_unread && !isatty(STDERR_FILENO);
	if (first == -2)
		return fputs(usage_build, stdout), EXIT_OK;
	if (first < 0)
		return EXIT_USAGE;
	if (first < argc)
		return usage_error("build", "unexpected argument '%s'", argv[first]);
	if (check_cloud(&c, "build") != 0)
		return EXIT_USAGE;
	if (c.base_url && shelf_base_url_check(c.base_url))
		return base_url_error("build", c.base_url);
	if ((ctx = open_ctx(&c)) == NULL)
		return EXIT_IO;
	memset(&o, 0, sizeof o);
	o.content_dir = c.content ? c.content : "content";
	o.out_dir = c.out ? c.out : "_site";
	o.strict = c.strict;
	o.cloud = c.cloud;
	o.base_url = c.base_url;
	o.on_diag = on_diag;
	o.on_progress = on_progress;
	o.on_lock_wait = on_lock_wait;
	o.user = &c;
	if (c.jobs == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		c.jobs = n < 1 ? 1 : n > 256 ? 256 : n;
	}
	o.jobs = (int)c.jobs;
	o.force = c.force;
	o.shard_k = c.shard_k;
	o.shard_n = c.shard_n;
	clock_gettime(CLOCK_MONOTONIC, &c.t0);
	rc = shelf_site_build(ctx, &o, &st);
	end_hold(&c);
	if (c.progress_shown)
		fprintf(stderr, "\r\033[K");
	/* a build stopped before it began has nothing to sum up */
	if (!c.quiet && !(rc != 0 && st.articles == 0 && st.assets == 0 && st.unchanged == 0)) {
		fprintf(stderr, "%s: built %zu articles (%zu rendered, %zu unchanged) and copied %zu "
		        "media files into %s/", prog, st.articles, st.articles - st.unchanged,
		        st.unchanged, st.assets, o.out_dir);
		if (st.removed)
			fprintf(stderr, ", removed the output of %zu deleted files", st.removed);
		if (c.shard_n)
			fprintf(stderr, " as shard %lu/%lu", c.shard_k, c.shard_n);
		fprintf(stderr, " (%zu errors, %zu warnings)\n", c.errors, c.warnings);
	}
	if (!c.quiet && st.no_sitemap && !c.shard_n)
		fprintf(stderr, "%s: note: no sitemap.xml, since a sitemap needs absolute URLs: "
		        "set base_url in %s/shelf.yml or pass --base-url\n", prog, o.content_dir);
	shelf_ctx_free(ctx);
	if (c.bad_request)
		return EXIT_USAGE;
	if (rc != 0 || st.io_failed)
		return EXIT_IO;
	return exit_status(&c);
}

/* Prints the diagnostics of a check: text lines on stderr, or (--format
 * json) an array on stdout. */
static void
print_check(const shelf_check *res, int json, cli *c)
{
	size_t i, n = shelf_check_diag_count(res);

	for (i = 0; i < n; i++) {
		const shelf_diag *d = shelf_check_diag(res, i);
		char *s;
		if (!json) {
			print_diag(d, c);
			continue;
		}
		s = shelf_diag_json(d);
		printf("%s  %s", i ? ",\n" : "[\n", s ? s : "{}");
		shelf_free(s);
		count_diag(d, c);
	}
	if (json)
		printf("%s]\n", n ? "\n" : "[");
}

static int
cmd_check(int argc, char **argv)
{
	cli c = {0};
	shelf_check_options o = {0};
	shelf_check *res;
	shelf_ctx *ctx;
	int first = parse_opts(argc, argv, &c, "check", check_options, "+:h"), out_failed;

	if (first == -2)
		return fputs(usage_check, stdout), EXIT_OK;
	if (first < 0)
		return EXIT_USAGE;
	if (c.format && strcmp(c.format, "json") != 0 && strcmp(c.format, "text") != 0)
		return usage_error("check", "unknown format '%s' (text, json)", c.format);
	if (check_cloud(&c, "check") != 0)
		return EXIT_USAGE;
	if ((ctx = open_ctx(&c)) == NULL)
		return EXIT_IO;
	o.paths = (const char *const *)argv + first;
	o.content_dir = c.content;
	o.cloud = c.cloud;
	res = shelf_check_tree(ctx, &o);
	shelf_ctx_free(ctx);
	if (res == NULL) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return EXIT_IO;
	}
	print_check(res, c.format && strcmp(c.format, "json") == 0, &c);
	out_failed = stdout_failed(&c, 0);
	fprintf(stderr, "%s: checked %zu articles: %zu errors, %zu warnings\n", prog,
	        shelf_check_articles(res), c.errors, c.warnings);
	shelf_check_free(res);
	return out_failed ? EXIT_IO : exit_status(&c);
}

/* ---- shelf l10n ----------------------------------------------------------
 * Its own option loop, so it stays one hunk apart from the other commands. */

static const char usage_l10n[] =
	"usage: shelf l10n [options] [SOURCE.md TARGET.md]...\n"
	"\n"
	"Compares each translation CONTENT/<locale>/X.md with its source\n"
	"CONTENT/<source>/X.md (locale folder names match in any case;\n"
	"<locale>/_history/<id>/X.md is an older version of X.md), or the files\n"
	"named in pairs, and reports findings with a check id.\n"
	"\n"
	"  --content DIR    content tree (default: content)\n"
	"  --source L       source locale (default: en-us)\n"
	"  --target L       one target locale, or all (default)\n"
	"  --format F       text (default: file:line: severity: [check] message),\n"
	"                   json (an array of findings), or html (a page per locale)\n"
	"  -o FILE          write there instead of standard output; html with\n"
	"                   several locales: FILE is a folder, one LOCALE.html each\n"
	"  --list-checks    explain every check\n"
	"\n"
	"exit status: 0 no error-level finding, 1 errors, 2 usage, 3 I/O errors\n";

/* Most explicit file pairs on one command line. */
#define L10N_MAX_CLI_FILES 4096

/* Writes `s` to `path` (NULL: stdout).  0, or -1 after a message. */
static int
l10n_write(const char *path, const char *s)
{
	FILE *fp = path ? fopen(path, "w") : stdout;
	size_t n = strlen(s);
	int ok;

	if (fp == NULL) {
		fprintf(stderr, "%s: cannot write '%s': %s\n", prog, path, strerror(errno));
		return -1;
	}
	ok = fwrite(s, 1, n, fp) == n;
	ok = (path ? fclose(fp) : fflush(fp)) == 0 && ok;
	if (!ok)
		fprintf(stderr, "%s: cannot write '%s'\n", prog, path ? path : "standard output");
	return ok ? 0 : -1;
}

/* Writes the HTML report: one page, or one LOCALE.html per locale into
 * the folder `out`. */
static int
l10n_write_html(const shelf_l10n_report *r, const char *out)
{
	size_t i, n = shelf_l10n_locale_count(r);
	int rc = 0;

	if (n <= 1 || out == NULL) {
		char *s = shelf_l10n_format_report(r, SHELF_L10N_HTML, n ? shelf_l10n_locale(r, 0) : NULL);
		rc = s ? l10n_write(out, s) : -1;
		shelf_free(s);
		if (n > 1)
			fprintf(stderr, "%s: %zu locales: only '%s' written; give -o FOLDER for all\n",
			        prog, n, shelf_l10n_locale(r, 0));
		return rc;
	}
	if (mkdir(out, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "%s: cannot create folder '%s': %s\n", prog, out, strerror(errno));
		return -1;
	}
	for (i = 0; i < n && rc == 0; i++) {
		char path[PATH_MAX];
		char *s = shelf_l10n_format_report(r, SHELF_L10N_HTML, shelf_l10n_locale(r, i));
		snprintf(path, sizeof path, "%s/%s.html", out, *shelf_l10n_locale(r, i) ?
		         shelf_l10n_locale(r, i) : "report");
		rc = s ? l10n_write(path, s) : -1;
		shelf_free(s);
	}
	return rc;
}

static int
cmd_l10n(int argc, char **argv)
{
	shelf_l10n_options o;
	shelf_l10n_report *r = NULL;
	const char *format, *out, **files;
	size_t n_files, i;
	char *err = NULL, *s;
	cli c;
	int first, a, rc;

	memset(&c, 0, sizeof c);
	first = parse_opts(argc, argv, &c, "l10n", l10n_options, "+:ho:");
	if (first == -2)
		return fputs(usage_l10n, stdout), EXIT_OK;
	if (first < 0)
		return EXIT_USAGE;
	if (c.list_checks) {
		const char *id, *ex;
		for (i = 0; i < shelf_l10n_checks(0, NULL, NULL); i++) {
			shelf_l10n_checks(i, &id, &ex);
			printf("%-13s %s\n", id, ex);
		}
		return EXIT_OK;
	}
	format = c.format ? c.format : "text";
	out = c.out;
	files = (const char **)(argv + first);
	n_files = (size_t)(argc - first);
	if (n_files > L10N_MAX_CLI_FILES)
		return usage_error("l10n", "too many files ('%s')", files[L10N_MAX_CLI_FILES]);
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0 &&
	    strcmp(format, "html") != 0)
		return usage_error("l10n", "unknown format '%s' (text, json, html)", format);
	if (n_files % 2 != 0)
		return usage_error("l10n", "files come in pairs: SOURCE TARGET (%s has no target)",
		                   files[n_files - 1]);
	memset(&o, 0, sizeof o);
	o.content_dir = c.content;
	o.source_locale = c.source_locale;
	o.target_locale = c.target_locale;
	o.pairs = files;
	o.n_pairs = n_files / 2;
	if (shelf_l10n_run(NULL, &o, &r, &err) != 0) {
		fprintf(stderr, "%s: l10n: %s\n", prog, err ? err : "out of memory");
		shelf_free(err);
		return EXIT_IO;
	}
	if (strcmp(format, "html") == 0) {
		rc = l10n_write_html(r, out);
	} else {
		s = shelf_l10n_format_report(r, strcmp(format, "json") == 0 ? SHELF_L10N_JSON
		                             : SHELF_L10N_TEXT, NULL);
		rc = s ? l10n_write(out, s) : -1;
		shelf_free(s);
	}
	fprintf(stderr, "%s: compared %zu pairs: %zu errors, %zu warnings, %zu info\n", prog,
	        shelf_l10n_pair_count(r), shelf_l10n_count_severity(r, SHELF_L10N_ERROR),
	        shelf_l10n_count_severity(r, SHELF_L10N_WARNING),
	        shelf_l10n_count_severity(r, SHELF_L10N_INFO));
	a = shelf_l10n_count_severity(r, SHELF_L10N_ERROR) ? EXIT_CONTENT : EXIT_OK;
	for (i = 0; i < shelf_l10n_count(r); i++)
		if (strcmp(shelf_l10n_at(r, i)->check, "io") == 0)
			a = EXIT_IO;
	shelf_l10n_report_free(r);
	return rc != 0 ? EXIT_IO : a;
}

/* --- shelf serve ------------------------------------------------------ */

static const char usage_serve[] =
	"usage: shelf serve [options]\n"
	"\n"
	"Builds the content tree into a temporary folder (removed on exit) and\n"
	"serves it on http://127.0.0.1:PORT/ only.  Every change below CONTENT,\n"
	"templates/ or locales/ rebuilds the site, and open pages reload.\n"
	"Stop with Ctrl-C.\n"
	"\n"
	"  --content DIR  content tree (default: content)\n"
	"  --port N       port (default: 8000; 0 picks a free one)\n"
	"  --data DIR     folder holding templates/ and locales/\n"
	"\n"
	"example: shelf serve --content content --port 8000\n";

static const struct option serve_options[] = {
	OPT_ARG("content", OPT_CONTENT), OPT_ARG("port", OPT_PORT), OPT_ARG("data", OPT_DATA),
	{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}
};

static void
serve_ready(void *user, unsigned port)
{
	(void)user;
	fprintf(stderr, "serving http://127.0.0.1:%u/\n", port);
}

static void
serve_built(void *user, const shelf_build_stats *st, int rc, unsigned ms)
{
	cli *c = user;

	if (rc == 0)
		fprintf(stderr, "%s: built %zu articles and %zu media files in %u ms (%zu errors, %zu warnings)\n",
		        prog, st->articles, st->assets, ms, c->errors, c->warnings);
	else
		fprintf(stderr, "%s: build stopped after %u ms (see the errors above)\n",
		        prog, ms);
	c->errors = c->warnings = 0;   /* each summary counts its own build */
}

static int
cmd_serve(int argc, char **argv)
{
	cli c = {0};
	shelf_serve_options o = {0};
	shelf_ctx *ctx;
	char *end, *err = NULL;
	unsigned long port = 8000;
	int first = parse_opts(argc, argv, &c, "serve", serve_options, "+:h"), rc;

	c.lint_advisory = 1;
	if (first == -2)
		return fputs(usage_serve, stdout), EXIT_OK;
	if (first < 0)
		return EXIT_USAGE;
	if (first < argc)
		return usage_error("serve", "unexpected argument '%s'", argv[first]);
	if (c.port) {
		errno = 0;
		port = strtoul(c.port, &end, 10);
		if (errno || end == c.port || *end || c.port[0] == '-' || port > 65535)
			return usage_error("serve", "--port takes a number from 0 to 65535, not '%s'", c.port);
	}
	if ((ctx = open_ctx(&c)) == NULL)
		return EXIT_IO;
	o.content_dir = c.content ? c.content : "content";
	o.port = (unsigned)port;
	o.on_diag = on_diag;
	o.on_ready = serve_ready;
	o.on_build = serve_built;
	o.user = &c;
	rc = shelf_serve(ctx, &o, &err);
	if (err)
		fprintf(stderr, "%s serve: %s\n", prog, err);
	shelf_free(err);
	shelf_ctx_free(ctx);
	if (rc == 0)
		return EXIT_OK;
	return c.bad_request ? EXIT_USAGE : EXIT_IO;
}

static int
cmd_merge(int argc, char **argv)
{
	cli c = {0};
	shelf_build_options o;
	shelf_build_stats st;
	shelf_ctx *ctx;
	int first = parse_opts(argc, argv, &c, "merge", merge_options, "+:hq"), rc;

	c.lint_advisory = 1;
	c.diags_unread = stderr_is_null();
	c.hold = !c.diags_unread && !isatty(STDERR_FILENO);
	if (first == -2)
		return fputs(usage_merge, stdout), EXIT_OK;
	if (first < 0)
		return EXIT_USAGE;
	if (argc - first < 2)
		return usage_error("merge", "%s", "give the output folder and then every shard's "
		                   "output (shelf merge OUT SHARD_OUT...)");
	if ((ctx = open_ctx(&c)) == NULL)
		return EXIT_IO;
	memset(&o, 0, sizeof o);
	o.out_dir = argv[first];
	o.content_dir = c.content ? c.content : "content";
	o.on_diag = on_diag;
	o.on_lock_wait = on_lock_wait;
	o.user = &c;
	rc = shelf_site_merge(ctx, &o, (const char *const *)argv + first + 1,
	                      (size_t)(argc - first - 1), &st);
	end_hold(&c);
	if (!c.quiet && rc == 0)
		fprintf(stderr, "%s: merged %d shards: %zu articles and %zu media files into %s/ "
		        "(%zu errors, %zu warnings)\n", prog, argc - first - 1, st.articles,
		        st.assets, o.out_dir, c.errors, c.warnings);
	if (!c.quiet && rc == 0 && st.no_sitemap)
		fprintf(stderr, "%s: note: no sitemap.xml, since a sitemap needs absolute URLs: "
		        "set base_url in shelf.yml or pass --base-url to the shard builds\n", prog);
	shelf_ctx_free(ctx);
	if (rc != 0 && !st.io_failed)
		return EXIT_CONTENT;
	if (rc != 0)
		return EXIT_IO;
	return exit_status(&c);
}

int
main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2)
		return usage_error(NULL, "%s", "no command given");
	cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
		if (argc > 2 && strcmp(argv[2], "render") == 0) fputs(usage_render, stdout);
		else if (argc > 2 && strcmp(argv[2], "build") == 0) fputs(usage_build, stdout);
		else if (argc > 2 && strcmp(argv[2], "check") == 0) fputs(usage_check, stdout);
		else if (argc > 2 && strcmp(argv[2], "l10n") == 0) fputs(usage_l10n, stdout);
		else if (argc > 2 && strcmp(argv[2], "serve") == 0) fputs(usage_serve, stdout);
		else if (argc > 2 && strcmp(argv[2], "merge") == 0) fputs(usage_merge, stdout);
		else fputs(usage_main, stdout);
		return EXIT_OK;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("shelf %s\n", SHELF_VERSION);
		return EXIT_OK;
	}
	if (strcmp(cmd, "render") == 0)
		return cmd_render(argc - 1, argv + 1);
	if (strcmp(cmd, "build") == 0)
		return cmd_build(argc - 1, argv + 1);
	if (strcmp(cmd, "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(cmd, "l10n") == 0)
		return cmd_l10n(argc - 1, argv + 1);
	if (strcmp(cmd, "serve") == 0)
		return cmd_serve(argc - 1, argv + 1);
	if (strcmp(cmd, "merge") == 0)
		return cmd_merge(argc - 1, argv + 1);
	return usage_error(NULL, "unknown command '%s'", cmd);
}
