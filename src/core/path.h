/*
 * path.h - the one place that joins, normalises and confines paths.
 */
#ifndef SHELF_PATH_H
#define SHELF_PATH_H

#include <stddef.h>

/* Longest path we build: PATH_MAX-sized, so realpath() fits. */
#define SHELF_MAX_PATH 4096

/* Joins `dir` and `rel` ("a/b" + "../c" -> "a/c") lexically: "." and ".."
 * segments are folded, repeated '/' collapsed.  An absolute `rel` replaces
 * `dir`.  A relative result may start with ".." segments ("../a" +
 * "../b" -> "../../b"); an absolute one never climbs above "/".  Returns
 * malloc'd text, or NULL on OOM. */
char *shelf_path_join(const char *dir, const char *rel);

/* Directory part of `path` ("a/b/c.md" -> "a/b", "c.md" -> "."), malloc'd. */
char *shelf_path_dirname(const char *path);

/* The relative way from directory `from` to directory `to`, both absolute
 * and normalised ("/a/b", "/a/c/d" -> "../c/d"; equal -> "").  malloc'd. */
char *shelf_path_relative(const char *from, const char *to);

/* Last component of `path`, pointing into it. */
const char *shelf_path_basename(const char *path);

/* 1 when `path` (resolved with realpath, so symlinks count) lies inside
 * the directory `root` (also resolved), else 0.  A missing file is judged by
 * its resolved parent directory. */
int shelf_path_inside(const char *root, const char *path);

/* shelf_path_inside() for a `root_real` that is already a real path
 * (realpath's): only `path` is resolved, and below the root only as far
 * as a symbolic link makes it necessary (shelf_path_real_below). */
int shelf_path_inside_real(const char *root_real, const char *path);

/* The real path of `path` (as realpath(3)), for a `path` that lies below
 * `root_real`, itself a real path: a path below the root whose components
 * are none of them a symbolic link is its own real path, which one lstat
 * per component below the root shows (realpath reads every component from
 * '/' on).  A link, or a path that is not plainly below the root (not
 * normalised, elsewhere), goes to realpath.  malloc'd; NULL when a
 * component does not exist (errno set), or on OOM. */
char *shelf_path_real_below(const char *root_real, const char *path);

/* 1 when `rel` (a path below some folder, no leading '/') has no empty,
 * "." or ".." segment: appended to a real folder it names the same file
 * as written. */
int shelf_path_plain(const char *rel);

/* 1 when normalised `path` is `root` or lies below it, comparing text
 * only (both from shelf_path_join or realpath). */
int shelf_path_under(const char *root, const char *path);

/* Checks a path written in an article (an include, image or snippet
 * target) before it is joined: refuses NUL bytes, backslashes, absolute
 * paths, URLs with a scheme, and percent-encoded dots or slashes.  Returns
 * NULL when fine, else a static reason. */
const char *shelf_path_reject(const char *p, size_t n);

/* `p` with every backslash turned into '/' (`.\\media\\a.png`, Windows
 * separators seen in real articles), malloc'd (NULL on OOM); *changed is
 * set to 1 when there was one, else 0. */
char *shelf_path_slashes(const char *p, int *changed);

/* If some component of `path` names a locale folder ("en-us", "ko-KR",
 * "zh-hans"), copies it lower-cased into `locale` (size >= 16) and returns
 * a malloc'd path of that folder (the content root for the file); else
 * returns NULL.  The innermost such folder wins. */
char *shelf_path_locale_root(const char *path, char *locale);

/* 1 when `s` looks like a locale name: ll-cc, ll-cccc (letters only). */
int shelf_locale_name_ok(const char *s, size_t n);

#endif
