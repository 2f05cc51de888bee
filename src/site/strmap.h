/*
 * strmap.h - a map from byte strings to numbers, for the build's own
 * bookkeeping: the diagnostics already printed, the stat cache's paths,
 * the pages of the link check.
 *
 * jansson objects did these jobs, and in a no-change rebuild (which only
 * replays what the manifest holds) making and querying them was a third
 * of the time: every key was checked as UTF-8, copied into its own
 * allocation and put in a chained table.  Here the keys are copied into
 * large blocks, the table is open-addressed, and entries keep the order
 * they were added in (so a walk over the map is as deterministic as the
 * build).  Keys are bytes: any value, NUL included, is one.
 */
#ifndef SHELF_STRMAP_H
#define SHELF_STRMAP_H

#include <stddef.h>

/* Most keys in one map: 16,000,000 (a site of a million pages with a
 * dozen links each).  The table's slots are 32-bit entry numbers. */
#define SHELF_STRMAP_MAX_KEYS ((size_t)16 * 1000 * 1000)

typedef struct shelf_strmap_ent {
	const char *key;   /* NUL-terminated copy, owned by the map */
	size_t len;
	size_t val;
	unsigned long long hash;
} shelf_strmap_ent;

typedef struct shelf_strmap_block shelf_strmap_block;

typedef struct shelf_strmap {
	shelf_strmap_ent *v;     /* in the order added */
	size_t n, cap;
	unsigned *slot;          /* 0 empty, else entry number + 1 */
	size_t n_slots;          /* a power of two, or 0 */
	shelf_strmap_block *blocks; /* the keys' bytes */
} shelf_strmap;

#define SHELF_STRMAP_INIT {NULL, 0, 0, NULL, 0, NULL}

/* The entry of the `n` bytes at `key`, or NULL. */
shelf_strmap_ent *shelf_strmap_get(const shelf_strmap *m, const char *key, size_t n);
/* Adds `key` with value `val` unless it is there.  1 when added, 0 when
 * it was there (its value unchanged), -1 on OOM or past the limit; *at
 * (when not NULL) is then its entry, else NULL.  An entry pointer is good
 * until the next add. */
int shelf_strmap_add(shelf_strmap *m, const char *key, size_t n, size_t val,
                     shelf_strmap_ent **at);
/* Empties the map and frees what it holds; `m` is SHELF_STRMAP_INIT. */
void shelf_strmap_free(shelf_strmap *m);

#endif
