/*
 * fuzz_env.h - what the whole-article fuzz targets share: one context and
 * one temporary content root per process, and a way to write files there.
 * Included by fuzz_render.c and fuzz_include.c only.
 *
 * The context's data folder (templates/ and locales/) is $SHELF_DATA, else
 * SHELF_FUZZ_DATA given with -D at build time (fuzz.mk passes the repo
 * root).  The temporary tree lives below $TMPDIR (default /tmp) as
 * shelf-fuzz-XXXXXX/ and is removed at exit.
 */
#ifndef SHELF_FUZZ_ENV_H
#define SHELF_FUZZ_ENV_H

#include "fuzz_check.h"
#include "shelf.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef SHELF_FUZZ_DATA
#define SHELF_FUZZ_DATA "."
#endif

static char fuzz_top[4096];   /* the temporary folder, "" before setup */

static void
fuzz_cleanup(void)
{
	char cmd[4200];

	if (fuzz_top[0] == '\0')
		return;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fuzz_top);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz: could not remove %s\n", fuzz_top);
}

/* The shared context, made on first use; aborts when the data folder is
 * wrong, since nothing could be fuzzed then. */
static shelf_ctx *
fuzz_ctx(void)
{
	static shelf_ctx *ctx;
	const char *dir = getenv("SHELF_DATA");
	char *err = NULL;

	if (ctx)
		return ctx;
	ctx = shelf_ctx_new(dir && *dir ? dir : SHELF_FUZZ_DATA, &err);
	if (ctx == NULL) {
		fprintf(stderr, "fuzz: no context (%s); set SHELF_DATA to the repo root\n",
		        err ? err : "out of memory");
		abort();
	}
	return ctx;
}

/* Path of `rel` below the temporary folder, in a static buffer. */
static const char *
fuzz_path(const char *rel)
{
	static char p[4200];

	snprintf(p, sizeof p, "%s/%s", fuzz_top, rel);
	return p;
}

/* Writes `n` bytes to `rel` below the temporary folder; aborts on failure
 * (a full disk would otherwise look like a finding). */
static void
fuzz_write(const char *rel, const void *data, size_t n)
{
	FILE *f = fopen(fuzz_path(rel), "wb");

	if (f == NULL || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
		perror(fuzz_path(rel));
		abort();
	}
}

/* Makes the temporary folder once, with each of `dirs` (NULL-terminated)
 * below it. */
static void
fuzz_setup(const char *const *dirs)
{
	const char *tmp = getenv("TMPDIR");

	if (fuzz_top[0])
		return;
	snprintf(fuzz_top, sizeof fuzz_top, "%s/shelf-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(fuzz_top) == NULL) {
		perror(fuzz_top);
		abort();
	}
	atexit(fuzz_cleanup);
	for (; *dirs; dirs++) {
		char cmd[4300];
		snprintf(cmd, sizeof cmd, "mkdir -p '%s'", fuzz_path(*dirs));
		if (system(cmd) != 0)
			abort();
	}
}

/* 1 when `n` bytes at `s` hold the NUL-terminated `w`. */
static int
fuzz_contains(const void *s, size_t n, const char *w)
{
	const char *p = s;
	size_t k = strlen(w), i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(p + i, w, k) == 0)
			return 1;
	return 0;
}

/* Checks that every file `doc` read lies inside `root` once symlinks are
 * resolved: the confinement promise of include.h. */
static void
fuzz_check_files(const shelf_doc *doc, const char *root)
{
	char *rr = realpath(root, NULL), *rf;
	size_t i, n;

	if (rr == NULL)
		abort();
	n = strlen(rr);
	for (i = 0; i < shelf_doc_file_count(doc); i++) {
		rf = realpath(shelf_doc_file(doc, i), NULL);
		if (rf && (strncmp(rf, rr, n) != 0 || rf[n] != '/')) {
			fprintf(stderr, "oracle failed: read %s outside %s\n", rf, rr);
			abort();
		}
		free(rf);
	}
	free(rr);
}

/* Produces `doc` in all three formats and checks each: produced, no text
 * of the secret outside the root unless the input (`data`) holds it, the
 * JSON parses back. */
static void
fuzz_outputs(const shelf_ctx *ctx, const shelf_doc *doc, const void *data, size_t size)
{
	static const shelf_format formats[] = {
		SHELF_FORMAT_PAGE, SHELF_FORMAT_FRAGMENT, SHELF_FORMAT_JSON
	};
	char *out, *err;
	size_t i;

	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		err = NULL;
		out = shelf_doc_output(ctx, doc, formats[i], i == 0 ? NULL : "../", &err);
		CHECK(out != NULL);
		CHECK(strstr(out, "S3CR3T") == NULL || fuzz_contains(data, size, "S3CR3T"));
		if (formats[i] == SHELF_FORMAT_JSON) {
			json_t *j = json_loads(out, 0, NULL);
			CHECK(j != NULL);
			json_decref(j);
		}
		shelf_free(out);
		shelf_free(err);
	}
}

#endif
