/*
 * shelf_test.h - helpers the parser unit tests share (beside harness.h).
 */
#ifndef SHELF_TEST_H
#define SHELF_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <jansson.h>
#include "diag.h"

/* The first diagnostic with `code`, or NULL. */
static inline const shelf_diag *
find(const shelf_diags *d, shelf_code code)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].code == code)
			return &d->v[i];
	return NULL;
}

/* The string at key `k` of object `o`, or NULL. */
static inline const char *
val(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* `rel` below the shared folder: $SHARED (tests/run.sh sets it), else
 * ../shared beside the checkout.  Returns a static buffer. */
static inline const char *
shared_path(const char *rel)
{
	static char buf[4096];
	const char *s = getenv("SHARED");

	snprintf(buf, sizeof buf, "%s/%s", s && *s ? s : "../shared", rel);
	return buf;
}

/* Time bounds are for a normal or sanitizer build; valgrind (make
 * valgrind sets SHELF_VALGRIND) runs some 50 times slower. */
static inline double
slack(void)
{
	return getenv("SHELF_VALGRIND") ? 50.0 : 1.0;
}

static inline double
seconds_since(clock_t t0)
{
	return (double)(clock() - t0) / CLOCKS_PER_SEC;
}

#endif
