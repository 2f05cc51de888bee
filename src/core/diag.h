/*
 * diag.h - diagnostics as data.
 *
 * Every stage appends to a shelf_diags list; nothing prints.  Messages are
 * formatted here, in one place (curl's rule), without trailing newlines.
 */
#ifndef SHELF_DIAG_H
#define SHELF_DIAG_H

#include "shelf.h"

/* At most this many diagnostics are kept per list: a hostile file could
 * otherwise produce one per byte (8 MiB of messages).  The last slot is
 * kept for the note (SH059) that shelf_diags_finish() writes when more
 * were dropped. */
#define SHELF_MAX_DIAGS 500

typedef struct shelf_diags {
	shelf_diag *v;   /* items; file, message, included_from owned (malloc'd) */
	size_t n, cap;
	size_t dropped;  /* diagnostics not kept because of SHELF_MAX_DIAGS */
	size_t dropped_errors; /* how many of those were errors */
	int noted;       /* shelf_diags_finish() wrote its note */
	size_t max;      /* most kept, the note's slot included; 0: SHELF_MAX_DIAGS */
} shelf_diags;

#define SHELF_DIAGS_INIT {NULL, 0, 0, 0, 0, 0, 0}

/* Appends a diagnostic; `file` is copied, the message formatted.  Never
 * fails visibly: on OOM the diagnostic is counted in `dropped`. */
void shelf_diags_add(shelf_diags *d, shelf_code code, shelf_severity sev,
                     const char *file, unsigned line, unsigned col,
                     const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* 1 when `d` is full (the last slot is kept for the note): a diagnostic
 * of severity `sev` is then counted as dropped, and the caller need not
 * format it.  0 when there is room.  The one place the cap is applied. */
int shelf_diags_full(shelf_diags *d, shelf_severity sev);
/* Appends a copy of `s` (file, message and included_from copied), within
 * the cap as shelf_diags_add. */
void shelf_diags_push(shelf_diags *d, const shelf_diag *s);
/* Marks the diagnostics from index `from` on as raised inside an include
 * that `file` includes at `line`: appends "file:line" to their
 * included_from (outermost site last). */
void shelf_diags_included(shelf_diags *d, size_t from, const char *file, unsigned line);
/* Writes, last, the note that `dropped` diagnostics were not kept
 * (SH059; an error when an error was among them, so the exit status still
 * sees it).  Call once the list is complete (and sorted); idempotent. */
void shelf_diags_finish(shelf_diags *d);
/* Sorts by line, then column, keeping the order of equal positions
 * (diagnostics without a line first); a diagnostic inside an include sorts
 * at the line of its outermost include site, after that line's own. */
void shelf_diags_sort(shelf_diags *d);
/* The i-th diagnostic, or NULL past the end. */
const shelf_diag *shelf_diags_get(const shelf_diags *d, size_t i);
size_t shelf_diags_count(const shelf_diags *d, shelf_severity sev);
void shelf_diags_free(shelf_diags *d);

#endif
