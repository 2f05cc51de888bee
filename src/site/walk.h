/*
 * walk.h - walking a folder of articles: the one walker that `shelf
 * build` (site.c) and `shelf check` (check.c) both use.
 */
#ifndef SHELF_WALK_H
#define SHELF_WALK_H

#include "shelf.h"

/* Deepest folder nesting walked: 32 (real trees are under 8 deep); a
 * deeper folder is reported to on_skip and not entered. */
#define SHELF_MAX_DIR_DEPTH 32

/* One file found by the walk. */
typedef struct shelf_walk_entry {
	const char *path;      /* folder/name: the path to open */
	const char *rel;       /* rel/name: the path to show */
	const char *name;      /* the file name */
	int regular;           /* a regular file (else a FIFO, socket, device) */
	int in_includes;       /* below a folder named includes/ */
	int dir_fd;            /* the folder it is in, open during the call: a stat
	                          of `name` from it looks up one name, not the path */
} shelf_walk_entry;

typedef struct shelf_walker {
	/* Called for every file that is neither a folder nor a symbolic link.
	 * Non-zero stops the walk, which returns it. */
	int (*on_file)(void *user, const shelf_walk_entry *e);
	/* Called for what is not walked: a folder nested deeper than
	 * SHELF_MAX_DIR_DEPTH (SH053), a symbolic link (SH053, links are not
	 * followed), a folder that cannot be opened (SH001).  `fmt` holds one
	 * %s, filled by `arg`.  Non-zero stops the walk, which returns it.
	 * NULL: those are skipped without a word. */
	int (*on_skip)(void *user, shelf_code code, const char *path, const char *fmt,
	               const char *arg);
	void *user;
} shelf_walker;

/* Walks `dir` (shown as `rel`, "" for paths relative to `dir`; `depth` is
 * its nesting), skipping names that start with '.'.
 * Returns 0, -1 when out of memory, or the first non-zero value a
 * callback returned. */
int shelf_walk(const shelf_walker *w, const char *dir, const char *rel, int depth);
/* The same, each folder's entries in the order that gives the files'
 * paths sorted by strcmp() (by name, a folder's name read with a '/'
 * after it), where shelf_walk() takes readdir's: a caller that needs them
 * sorted then sorts nothing. */
int shelf_walk_sorted(const shelf_walker *w, const char *dir, const char *rel, int depth);

#endif
