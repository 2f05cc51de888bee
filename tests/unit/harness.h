/*
 * harness.h - the tiny unit-test harness (after cmark's OK / STR_EQ).
 *
 * Each tests/unit/test_*.c is its own program:
 *
 *     static void test_x(void) { OK(1 + 1 == 2, "arithmetic"); }
 *     int main(void) { RUN(test_x); return harness_done(); }
 *
 * Failures print "file:line: FAIL: message"; the last line a program prints
 * is "N passed, N failed", which tests/run.sh adds up.
 */
#ifndef SHELF_HARNESS_H
#define SHELF_HARNESS_H

#include <stdio.h>
#include <string.h>

static int harness_passed, harness_failed;

#define OK(cond, ...) do { \
	if (cond) { harness_passed++; } else { harness_failed++; \
		fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__); \
		fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } \
} while (0)

#define STR_EQ(got, want, ...) do { \
	const char *g_ = (got), *w_ = (want); \
	if (g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0) { harness_passed++; } \
	else { harness_failed++; \
		fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__); \
		fprintf(stderr, __VA_ARGS__); \
		fprintf(stderr, "\n  got:  [%s]\n  want: [%s]\n", \
		        g_ ? g_ : "(null)", w_ ? w_ : "(null)"); } \
} while (0)

#define INT_EQ(got, want, ...) do { \
	long long g_ = (long long)(got), w_ = (long long)(want); \
	if (g_ == w_) { harness_passed++; } else { harness_failed++; \
		fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__); \
		fprintf(stderr, __VA_ARGS__); \
		fprintf(stderr, "\n  got:  %lld\n  want: %lld\n", g_, w_); } \
} while (0)

#define RUN(fn) do { fn(); } while (0)

static inline int
harness_done(void)
{
	printf("%d passed, %d failed\n", harness_passed, harness_failed);
	return harness_failed ? 1 : 0;
}

#endif
