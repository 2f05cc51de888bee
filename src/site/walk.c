/* walk.c - walking a folder of articles; see walk.h. */
#define _GNU_SOURCE /* getdents64(), glibc 2.30 and later */
#include "walk.h"
#include "buf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__linux__) && defined(__GLIBC__) && \
    (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 30))
/* A folder read with getdents64() on its descriptor: opendir() would
 * also fstat() it and allocate a DIR, for folders that hold a file or two
 * (a no-change rebuild walks 11,000 of them). */
#define WALK_GETDENTS 1
/* Bytes of folder entries read at a time: 32 KiB, as glibc's readdir(). */
#define WALK_DENTS_BYTES 32768
#endif

/* Entries of a folder sorted by insertion, above which qsort(): 16. */
#define WALK_SMALL_FOLDER 16

/* The walk's state: the path and the shown path of the folder being
 * walked, grown by a name on the way down and cut back after, so a file
 * costs no allocation (a no-change rebuild walks every file of the tree). */
typedef struct walk_state {
	const shelf_walker *w;
	int sorted;        /* shelf_walk_sorted() */
	shelf_buf path, rel;
	char *dents;       /* WALK_DENTS_BYTES for getdents64(), or NULL */
} walk_state;

/* One entry of a folder: its name at `name` in the folder's name buffer,
 * what it is (readdir's d_type, or an lstat's when the file system does
 * not say). */
typedef struct walk_name {
	size_t at;
	const char *name;   /* set once every name is read (the buffer moves) */
	unsigned char type;
} walk_name;

static int
skip(const shelf_walker *w, shelf_code code, const char *path, const char *fmt,
     const char *arg)
{
	return w->on_skip ? w->on_skip(w->user, code, path, fmt, arg) : 0;
}

static int walk_dir(walk_state *ws, int parent, const char *name, int depth, int in_includes);

/* The type of `name` in the folder open as `fd`: d_type where the file
 * system gives one (a stat per file was a third of the system time of a
 * no-change rebuild), else lstat's; DT_UNKNOWN when it vanished. */
static unsigned char
type_of(int fd, const char *name, unsigned char type)
{
	struct stat st;

	if (type == DT_REG || type == DT_DIR || type == DT_LNK)
		return type;
	if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return DT_UNKNOWN; /* vanished while walking: skipped */
	return S_ISLNK(st.st_mode) ? DT_LNK : S_ISDIR(st.st_mode) ? DT_DIR
	       : S_ISREG(st.st_mode) ? DT_REG : DT_FIFO; /* FIFO: any other kind */
}

/* Looks at one folder entry (ws->path and ws->rel name it): a file for
 * on_file, a folder to walk, or a link to skip.  0, or what a callback
 * returned. */
static int
walk_entry(walk_state *ws, int fd, const char *name, int depth, int in_includes,
           unsigned char type)
{
	shelf_walk_entry e;

	if (type == DT_UNKNOWN)
		return 0;
	if (type == DT_LNK)
		return skip(ws->w, SHELF_E_PATH, ws->path.ptr,
		            "symbolic link in the content tree %s; skipped", "is not followed");
	if (type == DT_DIR)
		return walk_dir(ws, fd, name, depth + 1,
		                in_includes || strcmp(name, "includes") == 0);
	e.path = ws->path.ptr;
	e.rel = ws->rel.ptr;
	e.name = name;
	e.regular = type == DT_REG;
	e.in_includes = in_includes;
	e.dir_fd = fd;
	return ws->w->on_file(ws->w->user, &e);
}

/* walk_name order for a sorted walk: by name, a folder's with a '/'. */
static int
cmp_names(const void *a, const void *b)
{
	const walk_name *x = a, *y = b;
	const unsigned char *p = (const unsigned char *)x->name;
	const unsigned char *q = (const unsigned char *)y->name;
	int c, d;

	while (*p && *p == *q) {
		p++;
		q++;
	}
	c = *p ? *p : x->type == DT_DIR ? '/' : 0;
	d = *q ? *q : y->type == DT_DIR ? '/' : 0;
	return c - d;
}

/* Adds the entry `name` (of type `type`, from the folder open as `fd`)
 * to the names; 0, -1 on OOM. */
static int
add_name(shelf_buf *buf, walk_name **v, size_t *n, size_t *cap, int fd, const char *name,
         unsigned char type)
{
	if (*n == *cap) {
		walk_name *nv = realloc(*v, (*cap = *cap ? *cap * 2 : 8) * sizeof *nv);
		if (nv == NULL)
			return -1;
		*v = nv;
	}
	(*v)[*n].at = buf->len;
	(*v)[*n].type = type_of(fd, name, type);
	shelf_buf_put(buf, name, strlen(name) + 1);
	(*n)++;
	return buf->failed ? -1 : 0;
}

/* Reads the entries of the folder open as `fd` not starting with '.'
 * into names (their bytes in `buf`, each NUL-ended) and *v.  0, -1 on
 * OOM.  An error reading the folder ends its list and is left in
 * *read_err (an errno value; 0 when it was read whole): the caller
 * reports it (a build stops on it), for the files after it would be
 * missing without a word. */
static int
read_names(walk_state *ws, int fd, shelf_buf *buf, walk_name **v, size_t *n, int *read_err)
{
	size_t cap = 0, i;
	int rc = 0;

	*v = NULL;
	*n = 0;
	*read_err = 0;
#ifdef WALK_GETDENTS
	if (ws->dents) {
		ssize_t got;
		while (rc == 0 && (got = getdents64(fd, ws->dents, WALK_DENTS_BYTES)) > 0) {
			ssize_t at = 0;
			while (rc == 0 && at < got) {
				const struct dirent64 *e = (const struct dirent64 *)(ws->dents + at);
				at += e->d_reclen;
				if (e->d_name[0] != '.')
					rc = add_name(buf, v, n, &cap, fd, e->d_name, e->d_type);
			}
		}
		if (rc == 0 && got < 0)
			*read_err = errno;
	} else
#endif
	{
		int dfd = dup(fd);
		DIR *dp = dfd >= 0 ? fdopendir(dfd) : NULL;
		struct dirent *e = NULL;
		if (dp == NULL) {
			*read_err = errno;
			if (dfd >= 0)
				close(dfd);
		}
		while (rc == 0 && dp) {
			errno = 0;
			if ((e = readdir(dp)) == NULL) {
				*read_err = errno;
				break;
			}
			if (e->d_name[0] != '.')
				rc = add_name(buf, v, n, &cap, fd, e->d_name, e->d_type);
		}
		if (dp)
			closedir(dp);
	}
	(void)ws;
	if (rc != 0)
		return -1;
	for (i = 0; i < *n; i++)
		(*v)[i].name = buf->ptr + (*v)[i].at;
	return 0;
}

/* Walks the folder `name` of the folder open as `parent` (AT_FDCWD: a
 * path), which ws->path and ws->rel name. */
static int
walk_dir(walk_state *ws, int parent, const char *name, int depth, int in_includes)
{
	shelf_buf names = SHELF_BUF_INIT;
	walk_name *v = NULL;
	size_t n = 0, i, plen = ws->path.len, rlen = ws->rel.len;
	int fd, rc = 0, read_err;

	if (depth > SHELF_MAX_DIR_DEPTH)
		return skip(ws->w, SHELF_E_PATH, ws->path.ptr,
		            "folders nested deeper than %s levels; not walked", "32");
	/* opened from its parent: one name to look up, not the whole path */
	fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC |
	            (parent == AT_FDCWD ? 0 : O_NOFOLLOW));
	if (fd < 0)
		return skip(ws->w, SHELF_E_IO, ws->path.ptr, "cannot open folder: %s",
		            strerror(errno));
	if (read_names(ws, fd, &names, &v, &n, &read_err) != 0)
		rc = -1; /* out of memory */
	else if (read_err)
		rc = skip(ws->w, SHELF_E_IO, ws->path.ptr, "cannot read all of the folder: %s",
		          strerror(read_err));
	if (rc == 0 && ws->sorted && n > WALK_SMALL_FOLDER) {
		qsort(v, n, sizeof *v, cmp_names);
	} else if (rc == 0 && ws->sorted) {
		/* most folders hold a file or two: qsort()'s setup cost more
		 * than sorting them in place */
		for (i = 1; i < n; i++) {
			walk_name x = v[i];
			size_t j = i;
			for (; j > 0 && cmp_names(&v[j - 1], &x) > 0; j--)
				v[j] = v[j - 1];
			v[j] = x;
		}
	}
	for (i = 0; rc == 0 && i < n; i++) {
		const char *nm = v[i].name;
		/* joined by hand: printf's parsing was a tenth of a no-change
		 * rebuild of a big tree */
		shelf_buf_truncate(&ws->path, plen);
		shelf_buf_truncate(&ws->rel, rlen);
		shelf_buf_putc(&ws->path, '/');
		shelf_buf_puts(&ws->path, nm);
		if (rlen)
			shelf_buf_putc(&ws->rel, '/');
		shelf_buf_puts(&ws->rel, nm);
		if (ws->path.failed || ws->rel.failed)
			rc = -1; /* out of memory */
		else
			rc = walk_entry(ws, fd, nm, depth, in_includes, v[i].type);
	}
	if (!ws->path.failed && !ws->rel.failed) {
		shelf_buf_truncate(&ws->path, plen);
		shelf_buf_truncate(&ws->rel, rlen);
	}
	close(fd);
	free(v);
	shelf_buf_free(&names);
	return rc;
}

static int
walk(const shelf_walker *w, const char *dir, const char *rel, int depth, int sorted)
{
	walk_state ws;
	int rc;

	ws.w = w;
	ws.sorted = sorted;
#ifdef WALK_GETDENTS
	ws.dents = malloc(WALK_DENTS_BYTES); /* NULL: readdir() */
#else
	ws.dents = NULL;
#endif
	shelf_buf_init(&ws.path, 0);
	shelf_buf_init(&ws.rel, 0);
	shelf_buf_puts(&ws.path, dir);
	shelf_buf_puts(&ws.rel, rel);
	shelf_buf_putc(&ws.rel, '\0'); /* "" has a buffer too */
	shelf_buf_truncate(&ws.rel, ws.rel.len - 1);
	rc = ws.path.failed || ws.rel.failed ? -1 : walk_dir(&ws, AT_FDCWD, dir, depth, 0);
	shelf_buf_free(&ws.path);
	shelf_buf_free(&ws.rel);
	free(ws.dents);
	return rc;
}

int
shelf_walk(const shelf_walker *w, const char *dir, const char *rel, int depth)
{
	return walk(w, dir, rel, depth, 0);
}

int
shelf_walk_sorted(const shelf_walker *w, const char *dir, const char *rel, int depth)
{
	return walk(w, dir, rel, depth, 1);
}
