/* path.c - path joining and confinement; see path.h. */
#include "path.h"
#include "buf.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *
shelf_path_join(const char *dir, const char *rel)
{
	shelf_buf b = SHELF_BUF_INIT;
	const char *src[2];
	size_t base_len, i;
	int absolute;

	b.max = SHELF_MAX_PATH;
	if (rel[0] == '/')
		dir = "";
	absolute = dir[0] == '/' || rel[0] == '/';
	if (absolute)
		shelf_buf_putc(&b, '/');
	base_len = b.len;
	src[0] = dir;
	src[1] = rel;
	for (i = 0; i < 2; i++) {
		const char *p = src[i];
		while (*p) {
			const char *e = strchr(p, '/');
			size_t n = e ? (size_t)(e - p) : strlen(p);
			if (n == 0 || (n == 1 && p[0] == '.')) {
				/* skip */
			} else if (n == 2 && p[0] == '.' && p[1] == '.') {
				char *slash;
				const char *last;
				if (b.len == base_len && absolute)
					goto next; /* "/.." is "/" */
				shelf_buf_putc(&b, '\0'); /* ensure ptr */
				b.len--;
				slash = strrchr(b.ptr + base_len, '/');
				last = slash ? slash + 1 : b.ptr + base_len;
				if (b.len == base_len || strcmp(last, "..") == 0) {
					/* a relative path climbing above its start keeps ".." */
					if (b.len > base_len)
						shelf_buf_putc(&b, '/');
					shelf_buf_puts(&b, "..");
				} else {
					shelf_buf_truncate(&b, slash ? (size_t)(slash - b.ptr) : base_len);
				}
			} else {
				if (b.len > base_len)
					shelf_buf_putc(&b, '/');
				shelf_buf_put(&b, p, n);
			}
next:
			p += n;
			if (*p == '/')
				p++;
		}
	}
	if (b.len == 0)
		shelf_buf_putc(&b, '.');
	if (b.failed) {
		shelf_buf_free(&b);
		return NULL;
	}
	return shelf_buf_detach(&b);
}

char *
shelf_path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n;
	char *r;

	if (slash == NULL)
		return strdup(".");
	n = slash == path ? 1 : (size_t)(slash - path);
	r = malloc(n + 1);
	if (r) {
		memcpy(r, path, n);
		r[n] = '\0';
	}
	return r;
}

char *
shelf_path_relative(const char *from, const char *to)
{
	shelf_buf b = SHELF_BUF_INIT;
	size_t common = 0, i;

	/* longest common prefix ending at a component boundary */
	for (i = 0; from[i] && from[i] == to[i]; i++)
		if (from[i] == '/')
			common = i;
	if (from[i] == '\0' && (to[i] == '/' || to[i] == '\0'))
		common = i;
	else if (to[i] == '\0' && from[i] == '/')
		common = i;
	for (i = common; from[i]; i++)
		if (from[i] == '/' && from[i + 1] != '\0')
			shelf_buf_puts(&b, b.len ? "/.." : "..");
	if (to[common] == '/' && to[common + 1]) {
		if (b.len)
			shelf_buf_putc(&b, '/');
		shelf_buf_puts(&b, to + common + 1);
	}
	return shelf_buf_detach(&b);
}

const char *
shelf_path_basename(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* realpath() of `path`, or of its parent joined with its last component
 * when the file itself does not exist.  malloc'd or NULL. */
static char *
resolve(const char *path)
{
	char *r = realpath(path, NULL), *dir, *rdir;
	shelf_buf b = SHELF_BUF_INIT;

	if (r)
		return r;
	dir = shelf_path_dirname(path);
	rdir = dir ? realpath(dir, NULL) : NULL;
	free(dir);
	if (rdir == NULL)
		return NULL;
	shelf_buf_puts(&b, rdir);
	shelf_buf_putc(&b, '/');
	shelf_buf_puts(&b, shelf_path_basename(path));
	free(rdir);
	if (b.failed) {
		shelf_buf_free(&b);
		return NULL;
	}
	return shelf_buf_detach(&b);
}

int
shelf_path_inside(const char *root, const char *path)
{
	char *rr = realpath(root, NULL), *rp = resolve(path);
	size_t n;
	int ok = 0;

	if (rr && rp) {
		n = strlen(rr);
		if (strcmp(rr, "/") == 0)
			ok = 1;
		else
			ok = strncmp(rr, rp, n) == 0 && (rp[n] == '/' || rp[n] == '\0');
	}
	free(rr);
	free(rp);
	return ok;
}

int
shelf_path_plain(const char *rel)
{
	const char *p = rel;

	for (;;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		if (e == NULL)
			return 1;
		p = e + 1;
	}
}

/* lstat()s each component of `path` after its first `from` bytes (a
 * real folder).  1 when none is a symbolic link, 0 when one is, -1 when
 * one cannot be looked at (missing: errno set).  `last` 0 leaves the last
 * component out. */
static int
no_links_after(const char *path, size_t from, int last)
{
	char buf[SHELF_MAX_PATH];
	size_t len = strlen(path), i;
	struct stat st;

	if (len >= sizeof buf)
		return 0;
	memcpy(buf, path, len + 1);
	for (i = from + 1; i <= len; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		if (buf[i] == '\0' && !last)
			break;
		buf[i] = '\0';
		if (lstat(buf, &st) != 0)
			return -1;
		if (S_ISLNK(st.st_mode))
			return 0;
		buf[i] = path[i];
	}
	return 1;
}

/* Offset in `path` of the '/' after `root_real` when `path` lies below
 * it plainly (see shelf_path_plain), else (size_t)-1. */
static size_t
plain_below(const char *root_real, const char *path)
{
	size_t n = strlen(root_real);

	if (root_real[0] != '/')
		return (size_t)-1;
	if (n == 1)
		n = 0;                  /* the root is "/" */
	if (strncmp(root_real, path, n) != 0 || path[n] != '/' || !shelf_path_plain(path + n + 1))
		return (size_t)-1;
	return n;
}

char *
shelf_path_real_below(const char *root_real, const char *path)
{
	size_t at = plain_below(root_real, path);
	int r;

	if (at == (size_t)-1)
		return realpath(path, NULL);
	r = no_links_after(path, at, 1);
	if (r < 0)
		return NULL;
	return r ? strdup(path) : realpath(path, NULL);
}

int
shelf_path_inside_real(const char *root_real, const char *path)
{
	size_t at = plain_below(root_real, path);
	struct stat st;
	char *rp;
	int ok;

	/* resolve() judges a missing file by its folder: when the folders
	 * below the root are no links, and the file is none, it resolves to
	 * itself */
	if (at != (size_t)-1 && no_links_after(path, at, 0) == 1 &&
	    (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode)))
		return 1;
	rp = resolve(path);
	ok = rp && shelf_path_under(root_real, rp);
	free(rp);
	return ok;
}

int
shelf_path_under(const char *root, const char *path)
{
	size_t n = strlen(root);

	if (n == 1 && root[0] == '/')
		return path[0] == '/';
	return strncmp(root, path, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

const char *
shelf_path_reject(const char *p, size_t n)
{
	size_t i;

	if (n == 0)
		return "empty path";
	if (memchr(p, '\0', n))
		return "NUL byte in path";
	if (memchr(p, '\\', n))
		return "backslash in path";
	if (p[0] == '/')
		return "absolute path";
	for (i = 0; i < n && (isalnum((unsigned char)p[i]) || p[i] == '+' ||
	                      p[i] == '-' || p[i] == '.'); i++)
		;
	if (i > 0 && i < n && p[i] == ':')
		return "URL or drive letter, not a path";
	for (i = 0; i + 2 < n; i++)
		if (p[i] == '%' && (p[i + 1] == '2' || p[i + 1] == '5') &&
		    (tolower((unsigned char)p[i + 2]) == 'e' ||
		     tolower((unsigned char)p[i + 2]) == 'f' || p[i + 2] == '2' ||
		     tolower((unsigned char)p[i + 2]) == 'c'))
			return "percent-encoded dot, slash or percent in path";
	return NULL;
}

char *
shelf_path_slashes(const char *p, int *changed)
{
	char *r = strdup(p), *c;

	*changed = 0;
	for (c = r; c && *c; c++)
		if (*c == '\\') {
			*c = '/';
			*changed = 1;
		}
	return r;
}

int
shelf_locale_name_ok(const char *s, size_t n)
{
	size_t i;

	if (n < 5 || n > 10 || s[2] != '-')
		return 0;
	for (i = 0; i < n; i++)
		if (i != 2 && !isalpha((unsigned char)s[i]))
			return 0;
	return isalpha((unsigned char)s[0]) && isalpha((unsigned char)s[1]);
}

char *
shelf_path_locale_root(const char *path, char *locale)
{
	const char *p = path, *best = NULL;
	size_t best_n = 0, i;
	char *r;

	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (e && shelf_locale_name_ok(p, n)) {
			best = p;
			best_n = n;
		}
		p += n;
		if (*p == '/')
			p++;
	}
	if (best == NULL)
		return NULL;
	for (i = 0; i < best_n; i++)
		locale[i] = (char)tolower((unsigned char)best[i]);
	locale[best_n] = '\0';
	r = malloc((size_t)(best - path) + best_n + 1);
	if (r) {
		memcpy(r, path, (size_t)(best - path) + best_n);
		r[(size_t)(best - path) + best_n] = '\0';
	}
	return r;
}
