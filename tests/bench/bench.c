/*
 * bench.c - `make bench`: shelf against bare cmark-gfm on the same files,
 * in the same run.
 *
 *     bench [--runs N] [--articles N] [--shelf PATH] [--bare PATH] [CORPUS]
 *
 * CORPUS is a content tree (locale folders such as en-us/) or a folder of
 * Markdown files (copied into a scratch tree as en-us/).  Without one, a
 * synthetic tree is generated that mixes the article shapes shelf meets:
 * Learn articles with front matter, steps with images, alerts, tabs, code,
 * tables and includes; portal self-help articles with properties, tokens
 * and sections.
 *
 * Each case runs as its own process, the cases alternate round by round
 * (so a slow moment of the machine hits all of them), and the median of
 * the rounds is reported with its ratio to bare cmark-gfm, pages per
 * second and the peak resident memory of the process.  Timing only: no
 * case can fail the benchmark except by not running at all.
 *
 * The scratch tree and the outputs go below $TMPDIR (default /tmp).  On
 * ext4 the cost of creating files just after deleting the last round's
 * can outweigh the rendering: TMPDIR=/dev/shm measures the programs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Most rounds: the median of more than this says nothing new, and each
 * round builds the whole tree several times. */
#define BENCH_MAX_RUNS 25
#define BENCH_MAX_CASES 8
/* Longest TMPDIR: the bench's paths below it must fit 4 KiB buffers. */
#define BENCH_MAX_TMPDIR 1024

typedef struct bench_case {
	const char *name;
	char *argv[12];
	int clean_out;          /* remove the output folder before each run */
	const char *out;        /* that folder */
	int pages;              /* pages one run makes (for pages/s) */
	int ratio_to;           /* the case whose time is its 1.00x */
	double secs[BENCH_MAX_RUNS];
	double cpu[BENCH_MAX_RUNS];  /* user + system time of the process */
	long rss_kb;            /* the largest peak over the rounds */
	int failed;
} bench_case;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs argv with stdout and stderr to /dev/null; returns its exit status
 * (-1 when it could not run or was killed), the wall time, the CPU time
 * (steadier than wall time on a busy machine) and peak RSS. */
static int
run(char *const argv[], double *secs, double *cpu, long *rss_kb)
{
	struct rusage ru;
	int status = 0;
	double t0 = now();
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0)
		return -1;
	*secs = now() - t0;
	*cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	*rss_kb = ru.ru_maxrss;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int
sh(const char *fmt, const char *a, const char *b)
{
	char cmd[16384];

	snprintf(cmd, sizeof cmd, fmt, a, b);
	return system(cmd);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double
median(const double *v, int n)
{
	double s[BENCH_MAX_RUNS];

	memcpy(s, v, (size_t)n * sizeof *s);
	qsort(s, (size_t)n, sizeof *s, cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* ---- the synthetic tree ----------------------------------------------- */

static void
put_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || fputs(text, f) < 0) {
		fprintf(stderr, "bench: cannot write %s\n", path);
		exit(2);
	}
	fclose(f);
}

static void
learn_article(FILE *f, int i)
{
	int k;

	fprintf(f, "---\ntitle: Fix sign-in loop number %d\ndescription: Steps for case %d.\n"
	        "ms.date: 01/%02d/2026\nms.topic: troubleshooting\n---\n\n", i, i, i % 28 + 1);
	fprintf(f, "# Fix sign-in loop number %d\n\n[!INCLUDE [prereq](../includes/prereq.md)]\n\n", i);
	fprintf(f, "> [!NOTE]\n> The portal keeps **your** settings between attempts %d.\n\n", i);
	for (k = 1; k <= 4; k++)
		fprintf(f, "## Step group %d\n\n1. Open the **Settings** pane and select *Reset* (%d).\n\n"
		        "    :::image type=\"content\" source=\"../media/pane.png\" alt-text=\"Settings pane %d.\":::\n\n"
		        "1. Run the command below, then check the `status` field.\n\n"
		        "    ```azurecli\n    az account show --query status -o tsv\n    ```\n\n"
		        "1. Confirm with ![the check](../media/check.png) that the value is `Enabled`.\n\n",
		        k, i + k, k);
	fprintf(f, "# [Windows](#tab/windows)\n\nUse the Start menu.\n\n"
	        "# [Linux](#tab/linux)\n\nUse a terminal: `sudo systemctl restart agent`.\n\n---\n\n");
	fprintf(f, "| Setting | Value | Notes |\n|---|---|---|\n");
	for (k = 0; k < 8; k++)
		fprintf(f, "| retry-%d | %d | Seen on ~~old~~ builds, see https://example.com/r/%d |\n",
		        k, k * 7, k);
	fprintf(f, "\n## Next steps\n\n- [Related case](case-%d.md)\n- [Back](case-%d.md#step-group-1)\n",
	        i + 1, i > 0 ? i - 1 : 0);
}

static void
portal_article(FILE *f, int i)
{
	int k;

	fprintf(f, "<properties\n  pageTitle=\"Agent not reporting %d\"\n  description=\"Case %d\"\n"
	        "  selfHelpType=\"generic\"\n  supportTopicIds=\"%d\"\n  resourceTags=\"\"\n"
	        "  productPesIds=\"%d\"\n  cloudEnvironments=\"public\"\n  articleId=\"bench-%d\"\n/>\n\n",
	        i, i, 30000 + i, 1000 + i, i);
	fprintf(f, "# Agent not reporting on <!--$vmname-->[vmname]<!--/$vmname-->\n\n"
	        "<!--issueDescription-->\nThe agent on **<!--$vmname-->[vmname]<!--/$vmname-->** stopped sending data.\n"
	        "<!--/issueDescription-->\n\n");
	for (k = 0; k < 3; k++)
		fprintf(f, "## Cause %d\n\nThe extension in $resourceId may be out of date (%d).\n\n"
		        "1. Open <a href=\"https://{$domain}/#blade/Extensions/%d\">extensions</a>.\n"
		        "2. Select **Update**.\n\n", k + 1, i, k);
	fprintf(f, "## Recommended steps\n\n* Restart the agent.\n* Check the [health blade]"
	        "(data-blade:Microsoft_Azure_Health.HealthBlade).\n");
}

/* Makes a content tree of `n` articles below dir/content; returns 0. */
static int
generate(const char *dir, int n)
{
	char path[4096];
	int i;

	snprintf(path, sizeof path, "%s/content/en-us", dir);
	if (sh("mkdir -p '%s/cases' '%s/includes'", path, path) != 0 ||
	    sh("mkdir -p '%s/media'%s", path, "") != 0)
		return -1;
	snprintf(path, sizeof path, "%s/content/en-us/includes/prereq.md", dir);
	put_file(path, "You need an account with the **Reader** role.\n\n> [!TIP]\n> Sign in first.\n");
	snprintf(path, sizeof path, "%s/content/en-us/media/pane.png", dir);
	put_file(path, "\x89PNG\r\n");
	snprintf(path, sizeof path, "%s/content/en-us/media/check.png", dir);
	put_file(path, "\x89PNG\r\n");
	for (i = 0; i < n; i++) {
		FILE *f;
		snprintf(path, sizeof path, "%s/content/en-us/cases/case-%d.md", dir, i);
		if ((f = fopen(path, "w")) == NULL)
			return -1;
		if (i % 3 == 2)
			portal_article(f, i);
		else
			learn_article(f, i);
		fclose(f);
	}
	return 0;
}

/* ---- main ------------------------------------------------------------- */

static int
shelf_has_option(const char *shelf, const char *opt)
{
	char cmd[8400], line[1024];
	FILE *p;
	int found = 0;

	snprintf(cmd, sizeof cmd, "'%s' build --help 2>&1", shelf);
	if ((p = popen(cmd, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof line, p))
		if (strstr(line, opt))
			found = 1;
	pclose(p);
	return found;
}

static int
count_md(const char *dir)
{
	char cmd[8400], line[64];
	FILE *p;
	int n = 0;

	snprintf(cmd, sizeof cmd, "find '%s' -name '*.md' ! -path '*/includes/*' | wc -l", dir);
	if ((p = popen(cmd, "r")) != NULL) {
		if (fgets(line, sizeof line, p))
			n = atoi(line);
		pclose(p);
	}
	return n;
}

static void
usage(void)
{
	fprintf(stderr, "usage: bench [--runs N] [--articles N] [--shelf PATH] [--bare PATH] [CORPUS]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *shelf = "build/shelf", *bare = "build/bench/bare_cmark", *corpus = NULL;
	char tmpl[BENCH_MAX_TMPDIR + 32], content[4096], out_bare[4096], out_site[4096];
	const char *tmpdir = getenv("TMPDIR");
	char one[4096], out_one[4096];
	char first[4096], jobs1[] = "-j1", jobs2[] = "-j2";
	bench_case cases[BENCH_MAX_CASES];
	int runs = 5, articles = 3000, nc = 0, i, r, pages, has_j;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (strcmp(argv[i], "--articles") == 0 && i + 1 < argc)
			articles = atoi(argv[++i]);
		else if (strcmp(argv[i], "--shelf") == 0 && i + 1 < argc)
			shelf = argv[++i];
		else if (strcmp(argv[i], "--bare") == 0 && i + 1 < argc)
			bare = argv[++i];
		else if (argv[i][0] == '-' || corpus)
			usage();
		else
			corpus = argv[i];
	}
	if (runs < 1 || runs > BENCH_MAX_RUNS || articles < 1 || articles > 1000000)
		usage();
	/* TMPDIR=/dev/shm keeps the file system's cost of creating and
	 * deleting 30,000 files out of the comparison */
	if (tmpdir == NULL || *tmpdir == '\0')
		tmpdir = "/tmp";
	if (strlen(tmpdir) > BENCH_MAX_TMPDIR) {
		fprintf(stderr, "bench: TMPDIR longer than %d bytes\n", BENCH_MAX_TMPDIR);
		return 2;
	}
	snprintf(tmpl, sizeof tmpl, "%s/shelf-bench-XXXXXX", tmpdir);
	if (mkdtemp(tmpl) == NULL) {
		perror("bench: mkdtemp");
		return 2;
	}
	snprintf(content, sizeof content, "%s/content", tmpl);
	if (corpus == NULL) {
		fprintf(stderr, "bench: generating %d synthetic articles in %s\n", articles, content);
		if (generate(tmpl, articles) != 0)
			return 2;
	} else if (sh("ls -d '%s'/[a-zA-Z][a-zA-Z]-[a-zA-Z]*/ >/dev/null 2>&1%s", corpus, "") == 0) {
		snprintf(content, sizeof content, "%s", corpus);
	} else {
		sh("mkdir -p '%s/en-us'%s", content, "");
		if (sh("cp -r '%s'/. '%s/en-us'", corpus, content) != 0)
			return 2;
	}
	snprintf(out_bare, sizeof out_bare, "%s/out-bare", tmpl);
	snprintf(out_site, sizeof out_site, "%s/out-site", tmpl);
	pages = count_md(content);
	snprintf(first, sizeof first, "%s", content);
	{
		char cmd[8400];
		FILE *p;
		snprintf(cmd, sizeof cmd, "find '%s' -name '*.md' ! -path '*/includes/*' | sort | head -n 1", content);
		if ((p = popen(cmd, "r")) != NULL) {
			if (fgets(first, sizeof first, p))
				first[strcspn(first, "\n")] = '\0';
			pclose(p);
		}
	}
	has_j = shelf_has_option(shelf, "-j");
	memset(cases, 0, sizeof cases);
	snprintf(one, sizeof one, "%s/one", tmpl);
	snprintf(out_one, sizeof out_one, "%s/out-one", tmpl);
	sh("mkdir -p '%s'%s", one, "");
	sh("cp '%s' '%s/'", first, one);
	cases[nc++] = (bench_case){.name = "bare cmark-gfm", .argv = {(char *)bare, content, out_bare},
	                           .clean_out = 1, .out = out_bare, .pages = pages, .ratio_to = 0};
	cases[nc++] = (bench_case){.name = has_j ? "shelf build -j1" : "shelf build (no -j yet)",
	                           .argv = {(char *)shelf, "build", "--content", content, "--out",
	                                    out_site, has_j ? jobs1 : NULL},
	                           .clean_out = 1, .out = out_site, .pages = pages};
	if (has_j)
		cases[nc++] = (bench_case){.name = "shelf build -j2",
		                           .argv = {(char *)shelf, "build", "--content", content, "--out",
		                                    out_site, jobs2},
		                           .clean_out = 1, .out = out_site, .pages = pages};
	cases[nc++] = (bench_case){.name = "no-change rebuild",
	                           .argv = {(char *)shelf, "build", "--content", content, "--out", out_site},
	                           .out = out_site, .pages = pages, .ratio_to = 1};
	i = nc;
	cases[nc++] = (bench_case){.name = "bare cmark-gfm (one)", .argv = {(char *)bare, one, out_one},
	                           .clean_out = 1, .out = out_one, .pages = 1, .ratio_to = i};
	cases[nc++] = (bench_case){.name = "shelf render (one)",
	                           .argv = {(char *)shelf, "render", "--format", "fragment", first},
	                           .pages = 1, .ratio_to = i};
	fprintf(stderr, "bench: %d pages, %d rounds of %d cases\n", pages, runs, nc);
	for (r = 0; r < runs; r++) {
		for (i = 0; i < nc; i++) {
			long rss = 0;
			int st;
			if (cases[i].clean_out)
				sh("rm -rf '%s'%s", cases[i].out, "");
			st = run(cases[i].argv, &cases[i].secs[r], &cases[i].cpu[r], &rss);
			if (st != 0 && st != 1)
				cases[i].failed = 1;
			if (rss > cases[i].rss_kb)
				cases[i].rss_kb = rss;
		}
		fprintf(stderr, "bench: round %d of %d done\n", r + 1, runs);
	}
	printf("%-24s %9s %8s %9s %8s %9s %8s\n", "case", "median s", "ratio", "cpu s", "ratio",
	       "pages/s", "peak MB");
	for (i = 0; i < nc; i++) {
		double m = median(cases[i].secs, runs), c = median(cases[i].cpu, runs);
		double bm = median(cases[cases[i].ratio_to].secs, runs);
		double bc = median(cases[cases[i].ratio_to].cpu, runs);
		printf("%-24s %9.3f %7.2fx %9.3f %7.2fx %9.0f %8.1f%s\n", cases[i].name, m,
		       bm > 0 ? m / bm : 0, c, bc > 0 ? c / bc : 0, m > 0 ? cases[i].pages / m : 0,
		       (double)cases[i].rss_kb / 1024, cases[i].failed ? "  (exited with an error)" : "");
	}
	printf("ratios: median over bare cmark-gfm's median on the same %d files (one file for the\n"
	       "render rows), same run, %d rounds; the no-change rebuild's is over shelf's full build\n",
	       pages, runs);
	sh("rm -rf '%s'%s", tmpl, "");
	return 0;
}
