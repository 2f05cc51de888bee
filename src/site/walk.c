/* walk.c - walking a folder of articles; see walk.h. */
#include "walk.h"
#include "buf.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

static int
skip(const shelf_walker *w, shelf_code code, const char *path, const char *fmt,
     const char *arg)
{
	return w->on_skip ? w->on_skip(w->user, code, path, fmt, arg) : 0;
}

/* Looks at one folder entry: a file for on_file, a folder to walk, or a
 * link to skip.  0, or what a callback returned. */
static int walk_dir(const shelf_walker *w, const char *dir, const char *rel, int depth,
                    int in_includes);

static int
walk_entry(const shelf_walker *w, const char *path, const char *rel, const char *name,
           int depth, int in_includes, unsigned char type)
{
	shelf_walk_entry e = {path, rel, name, 0, in_includes};
	struct stat st;

	/* readdir's type where the file system gives one (a stat per file
	 * was a third of the system time of a no-change rebuild) */
	memset(&st, 0, sizeof st);
	if (type == DT_REG)
		st.st_mode = S_IFREG;
	else if (type == DT_DIR)
		st.st_mode = S_IFDIR;
	else if (type == DT_LNK)
		st.st_mode = S_IFLNK;
	else if (lstat(path, &st) != 0)
		return 0; /* vanished while walking: skip */
	if (S_ISLNK(st.st_mode))
		return skip(w, SHELF_E_PATH, path,
		            "symbolic link in the content tree %s; skipped", "is not followed");
	if (S_ISDIR(st.st_mode))
		return walk_dir(w, path, rel, depth + 1,
		                in_includes || strcmp(name, "includes") == 0);
	e.regular = S_ISREG(st.st_mode);
	return w->on_file(w->user, &e);
}

static int
walk_dir(const shelf_walker *w, const char *dir, const char *rel, int depth, int in_includes)
{
	DIR *dp;
	struct dirent *e;
	int rc = 0;

	if (depth > SHELF_MAX_DIR_DEPTH)
		return skip(w, SHELF_E_PATH, dir, "folders nested deeper than %s levels; not walked",
		            "32");
	if ((dp = opendir(dir)) == NULL)
		return skip(w, SHELF_E_IO, dir, "cannot open folder: %s", strerror(errno));
	while (rc == 0 && (e = readdir(dp)) != NULL) {
		shelf_buf path = SHELF_BUF_INIT, r = SHELF_BUF_INIT;
		if (e->d_name[0] == '.')
			continue;
		/* joined by hand: printf's parsing was a tenth of a no-change
		 * rebuild of a big tree */
		shelf_buf_puts(&path, dir);
		shelf_buf_putc(&path, '/');
		shelf_buf_puts(&path, e->d_name);
		shelf_buf_puts(&r, rel);
		if (*rel)
			shelf_buf_putc(&r, '/');
		shelf_buf_puts(&r, e->d_name);
		if (path.failed || r.failed)
			rc = -1; /* out of memory */
		else
			rc = walk_entry(w, shelf_buf_cstr(&path), shelf_buf_cstr(&r), e->d_name, depth,
			                in_includes, e->d_type);
		shelf_buf_free(&path);
		shelf_buf_free(&r);
	}
	closedir(dp);
	return rc;
}

int
shelf_walk(const shelf_walker *w, const char *dir, const char *rel, int depth)
{
	return walk_dir(w, dir, rel, depth, 0);
}
