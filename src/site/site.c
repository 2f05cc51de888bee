/*
 * site.c - `shelf build`: every article under content/<locale>/ to
 * out/<locale>/<same path>.html, media copied beside, one index per locale
 * and one on top.
 *
 * Every output appears whole or not at all, so a reader never sees half a
 * page and an interrupted build leaves the previous page: a new file is
 * written with no name in its folder (O_TMPFILE) and then linked, a file
 * replaced is written to a temporary file in OUT/.shelf/tmp/ and renamed
 * over it.  The output tree is only written inside: a symlink found on
 * the way down is refused, and the temporary file is opened with
 * O_EXCL|O_NOFOLLOW.
 */
#define _GNU_SOURCE /* O_TMPFILE */
#include "article.h"
#include "buf.h"
#include "escape.h"
#include "path.h"
#include "read.h"
#include "walk.h"
#include "site_locale.h"
#include "jsonw.h"
#include "manifest.h"
#include "strmap.h"

#include <ctype.h>
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Most files one build walks: 1,000,000.  The real self-help corpus has
 * ~16,000 articles; the ceiling stops a runaway walk (a loop of bind
 * mounts, a mistaken --content /). */
#define SHELF_MAX_SITE_FILES 1000000
/* A worker's pipe: 1 MiB (Linux's default ceiling, fs.pipe-max-size), not
 * the default 64 KiB.  The parent takes records in article order, so a
 * worker ahead of the other blocked on a full pipe and idled: -j2 lost a
 * quarter of its time so on a Learn tree. */
#define SHELF_WORKER_PIPE_BYTES (1024 * 1024)
/* The manifest is written once this much is framed: 1 MiB. */
#define SHELF_MANIFEST_WRITE_BYTES (1024 * 1024)
/* Articles a -j N worker takes at a time: few, so that the workers end
 * together (a fixed slice each left one idle for up to 60 ms of a
 * 1.5 s build while the other finished its own), and not one, so that a
 * folder's neighbouring articles mostly stay with one worker. */
#define SHELF_WORKER_CHUNK 4
/* How long the parent waits for an article to be taken by a worker
 * when a worker has died, before it counts the article lost: 1 s, far
 * beyond the moment between a worker's taking articles and saying so. */
#define SHELF_WORKER_TAKE_NS 1000000000L
/* What a worker writes to its pipe at a time: 64 KiB (about 25 pages'
 * records). */
#define SHELF_WORKER_WRITE_BYTES (64 * 1024)
/* The parent's read buffer on a worker's pipe: 64 KiB. */
#define SHELF_WORKER_READ_BYTES (64 * 1024)
#ifndef F_SETPIPE_SZ
#define F_SETPIPE_SZ 1031    /* Linux's F_LINUX_SPECIFIC_BASE + 7, hidden without _GNU_SOURCE */
#endif
/* Largest media file copied: 256 MiB (videos beyond that belong on a CDN). */
#define SHELF_MAX_ASSET_BYTES ((size_t)256 * 1024 * 1024)

typedef struct site_item {
	char *src;       /* path to read */
	char *rel;       /* output path, e.g. "ko-kr/a/b.md" (locale in lower case) */
	int is_article;
	char *shown;     /* path in diagnostics: the default locale's for a fallback */
	int fallback;    /* the default locale's file, served in another locale */
	char *source;    /* a translation: its default-locale source file, or NULL */
	int in_shard;    /* this build makes it (--shard K/N; all without) */
	int render;      /* an article to render, an asset to copy: its inputs
	                    changed since the manifest (or --force) */
	shelf_mf_entry *cached; /* the manifest's entry when unchanged */
	shelf_mf_entry *prev;   /* the manifest's entry of the same rel, or NULL */
	/* src as the walk found it (stat from its folder: one name looked up,
	 * not the path again): 1 a regular file of this size, mtime, inode;
	 * -1 none; 0 not looked at */
	int st_state;
	long long st_size, st_ms, st_mns, st_ino;
} site_item;

typedef struct site_entry {
	char *href;      /* relative to the locale index */
	char *title;
	char *path;
	char *description;
	int fallback;    /* text from the default locale */
} site_entry;

/* A page written, for search-index.json and sitemap.xml: kept as text,
 * as -j N workers send it (not as jansson values, which the parent made
 * and sorted by a lookup in each comparison). */
typedef struct site_page {
	char *path;      /* "ko-kr/a/b.html" */
	char *line;      /* its search-index.json record, JSON text */
} site_page;

/* Bytes read from a worker's pipe, kept from one record to the next. */
typedef struct site_inbuf {
	char *p;
	size_t len, cap;
} site_inbuf;

typedef struct site {
	const shelf_ctx *ctx;
	const shelf_build_options *opt;
	shelf_build_stats *stats;
	site_item *items;
	size_t n_items, cap_items;
	shelf_strmap seen; /* diagnostics printed so far (dedupe_key) */
	shelf_buf key;   /* dedupe_key()'s, kept between calls */
	shelf_buf dbuf;  /* get_diag()'s strings, kept between calls */
	char *dflt;      /* default locale, lower case */
	shelf_site_links links; /* every page's ids and links, and the source its
	                           diagnostics name (site_locale.h) */
	json_t *real;    /* locale (lower case) -> its folder name in the tree */
	struct site_page *pages; /* one per page written */
	size_t n_pages, cap_pages;
	char *base_url;  /* --base-url, else the first page's (shelf.yml), or NULL */
	char *made;      /* the folder make_parents() last found or made whole */
	int made_fresh;  /* and it made its last folder itself, this build */
	pid_t pid;       /* this process's, for temporary file names */
	shelf_render_cache cache; /* what one article's render leaves for the next */
	size_t total;    /* articles the build renders (progress) */
	/* -j N: in a worker, where its diagnostics go (see "parallel
	 * rendering"); in the parent, the workers and the next article */
	FILE *rec;
	struct site_worker *workers;
	size_t n_workers, next;
	struct site_share *share; /* shared with the workers (mmap), or NULL */
	size_t share_len;
	site_inbuf take[2]; /* the record and inputs last taken from a worker */
	/* incremental builds (manifest.h): the manifest found, the one being
	 * made, the content hasher, and the content folder's real path */
	shelf_manifest old, now;
	int trust;       /* old's pages are of the same settings and shelf */
	shelf_hasher *hasher;
	char *root_real;
	unsigned long shard_k, shard_n;
	char *tool, *global;
	size_t to_render;
	int merge;       /* shelf merge: items come from shard outputs */
	const char *tree; /* the content tree broken links are looked for in, to
	                     tell their line; NULL: a merge given none */
	int same;        /* nothing to make or remove: the manifest stays */
	int lock_fd;     /* OUT/.shelf/lock, held (flock) while the build runs */
	int out_fd;      /* the output folder, open (-1: paths are joined) */
	int walk_stat;   /* the walk stats what it finds: there is a manifest whose
	                    inputs they may match */
	struct mf_file *mf; /* the manifest being written, entry by entry */
	unsigned long tmp_seq; /* temporary file names: OUT/.shelf/tmp/PID-SEQ */
} site;

static void record_diag(FILE *f, int kind, const shelf_diag *d);
static void put_num(FILE *f, long v);
static void put_str(FILE *f, const char *v);
static void put_strn(FILE *f, const char *v, size_t n);

static void
report(site *s, shelf_code code, const char *file, const char *fmt, const char *arg)
{
	shelf_diags d = SHELF_DIAGS_INIT;

	shelf_diags_add(&d, code, SHELF_ERROR, file, 0, 0, fmt, arg);
	if (d.n && s->rec) {
		record_diag(s->rec, 1, &d.v[0]); /* a worker: the parent reports it */
		shelf_diags_free(&d);
		return;
	}
	if (d.n && s->opt->on_diag)
		s->opt->on_diag(s->opt->user, &d.v[0]);
	s->stats->errors++;
	shelf_diags_free(&d);
}

static int
has_suffix(const char *name, const char *suf)
{
	size_t n = strlen(name), k = strlen(suf);
	return n > k && strcasecmp(name + n - k, suf) == 0;
}

static int
is_media(const char *name)
{
	static const char *const ext[] = {".png", ".jpg", ".jpeg", ".gif", ".svg",
	                                  ".webp", ".ico", ".bmp", ".mp4", ".webm",
	                                  ".pdf", ".zip", ".txt", ".json", ".csv"};
	size_t i;

	for (i = 0; i < sizeof ext / sizeof ext[0]; i++)
		if (has_suffix(name, ext[i]))
			return 1;
	return 0;
}

static int
add_item(site *s, const char *src, const char *rel, int article)
{
	site_item *it;

	if (s->n_items >= SHELF_MAX_SITE_FILES)
		return -1;
	if (s->n_items == s->cap_items) {
		size_t ncap = s->cap_items ? s->cap_items * 2 : 64;
		site_item *nv = realloc(s->items, ncap * sizeof *nv);
		if (nv == NULL)
			return -1;
		s->items = nv;
		s->cap_items = ncap;
	}
	it = &s->items[s->n_items];
	memset(it, 0, sizeof *it);
	it->src = strdup(src);
	it->rel = strdup(rel);
	it->is_article = article;
	/* diagnostics name the file as the tree spells it (ko-KR/a.md) */
	{
		size_t cn = strlen(s->opt->content_dir);
		it->shown = strdup(strncmp(src, s->opt->content_dir, cn) == 0 && src[cn] == '/'
		                   ? src + cn + 1 : rel);
	}
	it->fallback = 0;
	it->source = NULL;
	if (it->src == NULL || it->rel == NULL || it->shown == NULL) {
		free(it->src);
		free(it->rel);
		free(it->shown);
		return -1;
	}
	s->n_items++;
	return 0;
}

static int
cmp_item(const void *a, const void *b)
{
	return strcmp(((const site_item *)a)->rel, ((const site_item *)b)->rel);
}

/* on_file of the walk: articles (Markdown not below includes/) and media. */
static int
walk_file(void *user, const shelf_walk_entry *e)
{
	site *s = user;

	struct stat st;
	site_item *it;
	int art;

	if (!e->regular)
		return 0;
	if (has_suffix(e->name, ".md") || has_suffix(e->name, ".markdown")) {
		if (e->in_includes)
			return 0;
		art = 1;
	} else if (is_media(e->name)) {
		art = 0;
	} else {
		return 0;
	}
	if (add_item(s, e->path, e->rel, art) != 0)
		return -1;
	it = &s->items[s->n_items - 1];
	if (!s->walk_stat) {
		it->st_state = 0; /* nothing to compare it with */
	} else if (fstatat(e->dir_fd, e->name, &st, 0) != 0 || !S_ISREG(st.st_mode)) {
		it->st_state = -1;
	} else {
		it->st_state = 1;
		it->st_size = (long long)st.st_size;
		it->st_ms = (long long)st.st_mtim.tv_sec;
		it->st_mns = (long long)st.st_mtim.tv_nsec;
		it->st_ino = (long long)st.st_ino;
	}
	return 0;
}

/* on_skip of the walk: reported; a folder that cannot be opened stops the
 * build. */
static int
walk_skip(void *user, shelf_code code, const char *path, const char *fmt, const char *arg)
{
	report(user, code, path, fmt, arg);
	return code == SHELF_E_IO ? -1 : 0;
}

/* Collects articles and media below `dir` (shown as `rel`). */
static int
walk(site *s, const char *dir, const char *rel)
{
	shelf_walker w = {walk_file, walk_skip, s};

	return shelf_walk_sorted(&w, dir, rel, 1);
}

/* Sorts the items by rel, unless they are (the walk gives them sorted;
 * a check is a strcmp an item, a qsort twenty). */
static void
sort_items(site *s)
{
	size_t i;

	for (i = 1; i < s->n_items && strcmp(s->items[i - 1].rel, s->items[i].rel) <= 0; i++)
		;
	if (i < s->n_items)
		qsort(s->items, s->n_items, sizeof *s->items, cmp_item);
}

/* ---- writing --------------------------------------------------------- */

/* Creates the folders of `rel` below `root`, refusing symlinks on the
 * way.  0, or -1 after reporting. */
static int
make_parents(site *s, const char *root, const char *rel)
{
	shelf_buf p = SHELF_BUF_INIT;
	const char *c = rel, *slash;
	size_t known = 0, rootn = strlen(root);
	struct stat st;
	int rc = 0, fresh = 0;

	shelf_buf_puts(&p, root);
	if ((slash = strrchr(rel, '/')) != NULL) {
		/* pages come folder by folder: the folders checked or made for the
		 * last file (s->made) are not walked again, only what follows
		 * the part of the path they share */
		shelf_buf_putc(&p, '/');
		shelf_buf_put(&p, rel, (size_t)(slash - rel));
		if (s->made && !p.failed) {
			const char *m = s->made, *q = p.ptr;
			size_t i = 0;
			while (m[i] && m[i] == q[i])
				i++;
			if (m[i] == '\0' && q[i] == '\0') {
				shelf_buf_free(&p);
				return 0;
			}
			/* the longest folder path both start with: up to a '/' or
			 * the end in each */
			if ((m[i] == '\0' || m[i] == '/') && (q[i] == '\0' || q[i] == '/')) {
				known = i;
			} else {
				while (i > 0 && q[--i] != '/') /* before the first difference */
					;
				known = i;
			}
		}
		shelf_buf_truncate(&p, rootn);
	}
	while (rc == 0 && (slash = strchr(c, '/')) != NULL) {
		shelf_buf_putc(&p, '/');
		shelf_buf_put(&p, c, (size_t)(slash - c));
		c = slash + 1;
		fresh = 0;
		if (p.len <= known) {
			continue; /* a folder of s->made */
		} else if (lstat(shelf_buf_cstr(&p), &st) == 0) {
			if (!S_ISDIR(st.st_mode)) {
				report(s, SHELF_E_PATH, shelf_buf_cstr(&p),
				       "refusing to write through %s", "a symlink or file in the output folder");
				rc = -1;
			}
		} else if (mkdir(shelf_buf_cstr(&p), 0755) == 0) {
			fresh = 1;
		} else if (errno != EEXIST) {
			report(s, SHELF_E_OUTPUT, shelf_buf_cstr(&p), "cannot create folder: %s",
			       strerror(errno));
			rc = -1;
		}
	}
	if (rc == 0 && c != rel && !p.failed) {
		free(s->made);
		s->made = shelf_buf_detach(&p);
		s->made_fresh = fresh;
	}
	shelf_buf_free(&p);
	return rc;
}

/* Writes the n bytes at `p` to `fd`, again after a short write or EINTR.
 * 0, or -1 with errno set. */
static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Writes the n bytes `data` to `path`, which does not exist yet, as a file
 * with no name (O_TMPFILE) in its folder, then linked under `path` whole:
 * no temporary name to create, rename across folders and remove, and
 * nothing left behind by a build killed before the link.  0; -1 when the
 * file system cannot (no O_TMPFILE, no /proc) or `path` exists after all:
 * the caller writes it the other way. */
static int
write_new(const char *path, const char *data, size_t n)
{
	char *dir = path && strchr(path, '/') ? shelf_path_dirname(path) : NULL;
	char proc[64];
	int fd, ok = 0;

	fd = dir ? open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644) : -1;
	free(dir);
	if (fd < 0)
		return -1;
	/* by the descriptor itself (Linux 6.10 lets the opener link it; before
	 * that it takes CAP_DAC_READ_SEARCH), else through /proc, which costs
	 * a lookup of its own */
	if (write_all(fd, data, n) == 0) {
		if (linkat(fd, "", AT_FDCWD, path, AT_EMPTY_PATH) == 0)
			ok = 1;
		else if (errno != EEXIST) {
			snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
			ok = linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0;
		}
	}
	if (close(fd) != 0 && ok) {
		unlink(path); /* written, but not whole after all */
		ok = 0;
	}
	return ok ? 0 : -1;
}

/* Writes `data` to root/rel through a temporary file and rename(). */
static int
write_atomic(site *s, const char *root, const char *rel, const char *data, size_t n)
{
	shelf_buf fin = SHELF_BUF_INIT, tmp = SHELF_BUF_INIT;
	struct stat st;
	int fd = -1, rc = -1, absent;

	if (make_parents(s, root, rel) != 0)
		goto done;
	shelf_buf_printf(&fin, "%s/%s", root, rel);
	/* rename() would replace a planted symlink, not follow it; refuse it
	 * anyway, so the build says what it found (nothing can be planted in
	 * a folder this build made: it holds only what it wrote there) */
	absent = s->made_fresh && strchr(rel, '/') != NULL;
	if (!absent && lstat(shelf_buf_cstr(&fin), &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			report(s, SHELF_E_PATH, shelf_buf_cstr(&fin),
			       "refusing to write through %s", "a symlink or folder in the output folder");
			goto done;
		}
	} else {
		absent = 1;
	}
	if (absent && write_new(fin.failed ? NULL : shelf_buf_cstr(&fin), data, n) == 0) {
		rc = 0;
		goto done;
	}
	/* in one folder that each build empties first, so what a killed
	 * build leaves there goes with the next one */
	shelf_buf_printf(&tmp, "%s/%s/tmp/%ld-%lu", root, SHELF_MANIFEST_DIR, (long)s->pid,
	                 s->tmp_seq++);
	fd = open(shelf_buf_cstr(&tmp), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0 && errno == EEXIST) {
		/* left by an interrupted build whose pid was this one */
		unlink(shelf_buf_cstr(&tmp));
		fd = open(shelf_buf_cstr(&tmp), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		          0644);
	}
	if (fd < 0 || write_all(fd, data, n) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(shelf_buf_cstr(&tmp), shelf_buf_cstr(&fin)) != 0)
		goto fail;
	rc = 0;
	goto done;
fail:
	report(s, SHELF_E_OUTPUT, shelf_buf_cstr(&fin), "cannot write: %s", strerror(errno));
	s->stats->io_failed = 1;
	if (fd >= 0)
		close(fd);
	unlink(shelf_buf_cstr(&tmp));
done:
	shelf_buf_free(&fin);
	shelf_buf_free(&tmp);
	return rc;
}

/* Takes OUT/.shelf/lock (one build or merge writes an output folder at a
 * time) and empties OUT/.shelf/tmp/, the temporary files of a build that
 * was killed.  0, or -1 after reporting. */
static int
prepare_out(site *s)
{
	shelf_buf p = SHELF_BUF_INIT;
	DIR *dp;
	struct dirent *e;
	size_t base;
	int rc = -1, locked;

	s->lock_fd = -1;
	if (make_parents(s, s->opt->out_dir, SHELF_MANIFEST_DIR "/tmp/x") != 0)
		return -1;
	s->out_fd = open(s->opt->out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	shelf_buf_printf(&p, "%s/%s/lock", s->opt->out_dir, SHELF_MANIFEST_DIR);
	if (p.failed)
		goto done;
	s->lock_fd = open(shelf_buf_cstr(&p), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (s->lock_fd < 0) {
		report(s, SHELF_E_OUTPUT, shelf_buf_cstr(&p), "cannot open the build lock: %s",
		       strerror(errno));
		goto done;
	}
	locked = flock(s->lock_fd, LOCK_EX | LOCK_NB);
	if (locked != 0 && errno == EWOULDBLOCK && s->opt->on_lock_wait) {
		/* the other build ends, or is killed: the kernel lets go of its
		 * lock either way, so this wait ends too */
		s->opt->on_lock_wait(s->opt->user, s->opt->out_dir);
		while ((locked = flock(s->lock_fd, LOCK_EX)) != 0 && errno == EINTR)
			;
	}
	if (locked != 0) {
		report(s, SHELF_E_OUTPUT, s->opt->out_dir, "%s", errno == EWOULDBLOCK
		       ? "another shelf build or merge is writing this folder (it holds "
		         ".shelf/lock): wait for it to end" : "cannot lock .shelf/lock");
		close(s->lock_fd);
		s->lock_fd = -1;
		goto done;
	}
	shelf_buf_truncate(&p, p.len - 4);
	shelf_buf_puts(&p, "tmp/");
	base = p.len;
	if ((dp = opendir(shelf_buf_cstr(&p))) != NULL) {
		while ((e = readdir(dp)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			shelf_buf_truncate(&p, base);
			shelf_buf_puts(&p, e->d_name);
			if (!p.failed)
				unlink(shelf_buf_cstr(&p));
		}
		closedir(dp);
	}
	rc = 0;
done:
	shelf_buf_free(&p);
	return rc;
}

/* "../" once per folder in `rel`, then `target`. */
static char *
up_href(const char *rel, const char *target)
{
	shelf_buf b = SHELF_BUF_INIT;
	const char *c;

	for (c = rel; *c; c++)
		if (*c == '/')
			shelf_buf_puts(&b, "../");
	shelf_buf_puts(&b, target);
	return shelf_buf_detach(&b);
}

/* ---- one article ----------------------------------------------------- */

/* What makes two diagnostics the same report: everything but the include
 * sites, so a diagnostic inside an include shared by 50 pages is printed
 * once (naming the first page that met it; the fix is in the include), and
 * one from shelf.yml once per build.  Into `b` (emptied first); 0, or -1
 * on OOM. */
static int
dedupe_key(shelf_buf *b, const shelf_diag *d)
{
	unsigned long v[3] = {(unsigned long)d->code, d->line, d->col};
	int k;

	/* not printf: its parsing showed in no-change rebuilds, which replay
	 * every diagnostic of the site */
	shelf_buf_clear(b);
	for (k = 0; k < 3; k++) {
		shelf_buf_putu(b, v[k]);
		shelf_buf_putc(b, '|');
	}
	shelf_buf_puts(b, d->file ? d->file : "");
	shelf_buf_putc(b, '|');
	shelf_buf_puts(b, d->message ? d->message : "");
	return b->failed ? -1 : 0;
}

/* Prints one diagnostic and counts it by its severity. */
static void
emit_one(site *s, const shelf_diag *d)
{
	if (s->opt->on_diag)
		s->opt->on_diag(s->opt->user, d);
	if (d->severity == SHELF_ERROR)
		s->stats->errors++;
	else
		s->stats->warnings++;
}

static void
emit_diag(site *s, const shelf_diag *d)
{
	/* a key that cannot be made or kept (OOM): printed, as without the set */
	if (dedupe_key(&s->key, d) == 0 &&
	    shelf_strmap_add(&s->seen, s->key.ptr, s->key.len, 0, NULL) == 0)
		return; /* printed for an earlier page */
	if (s->key.failed)
		shelf_buf_init(&s->key, 0);
	if (s->opt->on_diag)
		s->opt->on_diag(s->opt->user, d);
	/* lint findings are check's business (see shelf_code_is_lint()) */
	if (d->severity == SHELF_ERROR && !shelf_code_is_lint(d->code))
		s->stats->errors++;
	else
		s->stats->warnings++;
}

static void
emit_diags(site *s, const shelf_doc *doc)
{
	size_t i;

	for (i = 0; i < shelf_doc_diag_count(doc); i++) {
		if (s->rec) /* a worker: the parent dedupes and reports, in item order */
			record_diag(s->rec, 0, shelf_doc_diag(doc, i));
		else
			emit_diag(s, shelf_doc_diag(doc, i));
	}
}

/* Renders one article to its page; records it for the index. */
static json_t *strings_for(const site *s, const char *locale);

/* Puts the not-translated or out-of-date notice at the top of a page of
 * the locale `it->rel` is in (out_rel: its page). */
static void
locale_notice(site *s, const site_item *it, shelf_doc *doc, const char *out_rel)
{
	size_t ln = strcspn(it->rel, "/");
	char *reader = strndup(it->rel, ln), *notice = NULL, *html, *href = NULL;
	json_t *rs;

	if (!it->fallback && !it->source) {
		free(reader);
		return; /* a page in its own language: no notice (and no copy of
		           the locale's strings made for it) */
	}
	if (reader == NULL)
		return;
	rs = strings_for(s, reader);
	if (it->fallback) {
		doc->serve_locale = reader;
		reader = NULL;
		notice = shelf_site_notice(rs, doc->strings, doc->serve_locale, doc->locale,
		                           "not_translated", NULL);
	} else if (it->source && shelf_site_stale(it->source, doc->front_matter)) {
		shelf_buf t = SHELF_BUF_INIT;
		doc->stale = 1;
		shelf_buf_printf(&t, "%s%s", s->dflt, out_rel + ln);
		href = up_href(out_rel, shelf_buf_cstr(&t));
		shelf_buf_free(&t);
		{
			json_t *ds = strings_for(s, s->dflt);
			notice = shelf_site_notice(rs, ds, reader, s->dflt, "out_of_date", href);
			json_decref(ds);
		}
	}
	if (notice && (html = malloc(strlen(notice) + strlen(doc->html) + 1)) != NULL) {
		strcpy(html, notice);
		strcat(html, doc->html);
		free(doc->html);
		doc->html = html;
	} else if (notice || it->fallback || doc->stale) {
		report(s, SHELF_E_OUTPUT_FAILED, it->rel, "%s", "out of memory adding the locale "
		       "notice; the page is written without it");
	}
	json_decref(rs);
	free(notice);
	free(href);
	free(reader);
}

/* ---- search index and sitemap: per-page data ------------------------- */

/* Most characters of a page's excerpt in search-index.json. */
#define SHELF_EXCERPT_CHARS 200

/* 1 when the tag `t` (after '<', n bytes) is an inline one, which does
 * not separate words. */
static int
is_inline_tag(const char *t, size_t n)
{
	static const char *const names[] = {"a", "abbr", "b", "bdi", "bdo", "cite", "code",
	                                    "del", "dfn", "em", "i", "ins", "kbd", "mark",
	                                    "q", "s", "samp", "small", "span", "strong",
	                                    "sub", "sup", "time", "u", "var", "wbr"};
	size_t i, k;

	if (n && *t == '/') {
		t++;
		n--;
	}
	for (k = 0; k < n && isalnum((unsigned char)t[k]); k++)
		;
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strlen(names[i]) == k && strncasecmp(t, names[i], k) == 0)
			return 1;
	return 0;
}

/* The first ~SHELF_EXCERPT_CHARS characters of the text of `html` (a
 * sanitized body): tags dropped, the character references shelf writes
 * decoded, blanks collapsed, cut at a word with "…".  The locale notice
 * at the top of a translated or fallback page is not the article's text
 * and is skipped.  malloc'd, or NULL on OOM. */
static char *
page_excerpt(const char *html)
{
	static const char notice[] = "<div class=\"shelf-l10n-notice\"";
	shelf_buf b = SHELF_BUF_INIT;
	const char *p = html;
	size_t chars = 0, last_space = 0;
	int blank = 1, cut = 0, inl;

	if (strncmp(p, notice, sizeof notice - 1) == 0) {
		const char *end = strstr(p, "</div>");
		if (end)
			p = end + 6;
	}
	/* nor is the title heading the page starts with */
	while (isspace((unsigned char)*p))
		p++;
	if (strncmp(p, "<h1", 3) == 0 && (p[3] == '>' || p[3] == ' ')) {
		const char *end = strstr(p, "</h1>");
		if (end)
			p = end + 5;
	}
	while (*p && !cut) {
		if (*p == '<') {
			const char *gt = strchr(p, '>');
			if (gt == NULL)
				break;
			inl = is_inline_tag(p + 1, (size_t)(gt - p - 1));
			p = gt + 1;
			if (!blank && !inl) { /* a block tag separates words: <td>a</td><td>b</td> */
				last_space = b.len;
				shelf_buf_putc(&b, ' ');
				chars++;
				blank = 1;
			}
			continue;
		}
		if (isspace((unsigned char)*p)) {
			p++;
			if (!blank) {
				last_space = b.len;
				shelf_buf_putc(&b, ' ');
				chars++;
				blank = 1;
			}
			continue;
		}
		if (*p == '&') {
			/* a character reference, read by the one entity table */
			const char *semi = memchr(p, ';', strnlen(p, 40));
			if (semi) {
				shelf_entities_decode(&b, p, (size_t)(semi - p + 1));
				p = semi + 1;
			} else {
				shelf_buf_putc(&b, *p++);
			}
		} else {
			shelf_buf_putc(&b, *p++);
			/* the rest of a UTF-8 sequence is the same character */
			while ((*p & 0xC0) == 0x80)
				shelf_buf_putc(&b, *p++);
		}
		blank = 0;
		if (++chars >= SHELF_EXCERPT_CHARS)
			cut = 1;
	}
	while (b.len && b.ptr[b.len - 1] == ' ')
		shelf_buf_truncate(&b, b.len - 1);
	if (cut && *p) {
		/* end at a word when one ends in the last fifth */
		if (last_space > b.len - b.len / 5)
			shelf_buf_truncate(&b, last_space);
		shelf_buf_puts(&b, "\xE2\x80\xA6");
	}
	if (b.failed) {
		shelf_buf_free(&b);
		return NULL;
	}
	return shelf_buf_detach(&b);
}

/* Keeps `path` and `line` (owned; either NULL after OOM) as the
 * search-index.json and sitemap.xml record of page out_rel; a record lost
 * is reported. */
static void
add_page(site *s, char *path, char *line, const char *out_rel)
{
	if (path && line && s->n_pages == s->cap_pages) {
		size_t ncap = s->cap_pages ? s->cap_pages * 2 : 64;
		site_page *nv = realloc(s->pages, ncap * sizeof *nv);
		if (nv) {
			s->pages = nv;
			s->cap_pages = ncap;
		}
	}
	if (path && line && s->n_pages < s->cap_pages) {
		s->pages[s->n_pages].path = path;
		s->pages[s->n_pages].line = line;
		s->n_pages++;
	} else {
		free(path);
		free(line);
		report(s, SHELF_E_OUTPUT_FAILED, out_rel, "%s", "out of memory: the page is "
		       "missing from search-index.json and sitemap.xml");
	}
}

/* Frees the pages from the n-th on. */
static void
drop_pages(site *s, size_t n)
{
	while (s->n_pages > n) {
		s->n_pages--;
		free(s->pages[s->n_pages].path);
		free(s->pages[s->n_pages].line);
	}
}

/* Records the page out_rel ("ko-kr/a/b.html") for search-index.json and
 * sitemap.xml; the first page's base_url (shelf.yml) is the sitemap's
 * when --base-url is not given.  A record lost to OOM is reported. */
static void
collect_page(site *s, const shelf_doc *doc, const char *out_rel)
{
	shelf_buf b = SHELF_BUF_INIT;
	char *loc = strndup(out_rel, strcspn(out_rel, "/")), *excerpt = page_excerpt(doc->html);
	const char *title = shelf_doc_title(doc);
	char *line = NULL;
	size_t i;
	int n = 0, bad;

	if (s->base_url == NULL && doc->base_url)
		s->base_url = strdup(doc->base_url);
	/* written once as text (jsonw.h, compact), so the parent of -j N
	 * workers keeps what they send as it is; a field missing or not
	 * UTF-8 loses the record, a heading that is not UTF-8 only itself */
	shelf_buf_puts(&b, "{\"title\":");
	bad = loc == NULL || excerpt == NULL || title == NULL ||
	      shelf_jsonw_str(&b, title, strlen(title)) != 0;
	shelf_buf_puts(&b, ",\"path\":");
	bad = bad || shelf_jsonw_str(&b, out_rel, strlen(out_rel)) != 0;
	shelf_buf_puts(&b, ",\"locale\":");
	bad = bad || shelf_jsonw_str(&b, loc, strlen(loc)) != 0;
	shelf_buf_puts(&b, ",\"headings\":[");
	for (i = 0; !bad && i < doc->headings.n; i++) {
		const char *h = doc->headings.v[i].text;
		size_t mark = b.len;
		if (h == NULL)
			continue;
		if (n)
			shelf_buf_putc(&b, ',');
		if (shelf_jsonw_str(&b, h, strlen(h)) != 0) {
			if (!b.failed)
				shelf_buf_truncate(&b, mark);
			continue;
		}
		n++;
	}
	shelf_buf_puts(&b, "],\"excerpt\":");
	bad = bad || shelf_jsonw_str(&b, excerpt, strlen(excerpt)) != 0;
	shelf_buf_putc(&b, '}');
	if (!bad)
		line = shelf_buf_detach(&b);
	add_page(s, line ? strdup(out_rel) : NULL, line, out_rel);
	shelf_buf_free(&b);
	free(loc);
	free(excerpt);
}

/* Content-relative form of `path` for the manifest, where it is in
 * `path` itself: below the content folder, or absolute; else NULL. */
static const char *
input_rel(const site *s, const char *path)
{
	size_t n = s->root_real ? strlen(s->root_real) : 0;

	if (n && strncmp(path, s->root_real, n) == 0 && path[n] == '/')
		return path + n + 1;
	n = strlen(s->opt->content_dir);
	if (strncmp(path, s->opt->content_dir, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path[0] == '/' ? path : NULL;
}

/* input_rel() malloc'd, else the path made absolute; NULL for a path
 * outside the content folder that cannot be made absolute. */
static char *
input_path(const site *s, const char *path)
{
	const char *r = input_rel(s, path);

	return r ? strdup(r) : realpath(path, NULL);
}

static void
put_input(site *s, FILE *ins, const char *path, int exists_only, int *cache)
{
	char *p = path ? input_path(s, path) : NULL;
	shelf_file_seen seen;

	if (p) {
		put_str(ins, p);
		put_num(ins, exists_only);
		/* hashed here, in the worker that read it: the parent of -j N
		 * hashing every input again was a tenth of its time */
		if (shelf_hasher_look(s->hasher, p, &seen) != 0) {
			put_str(ins, NULL);
		} else {
			put_str(ins, seen.hash);
			put_num(ins, (long)seen.size);
			put_num(ins, (long)seen.mtime_s);
			put_num(ins, (long)seen.mtime_ns);
			put_num(ins, (long)seen.ino);
		}
	} else if (path) {
		*cache = 0; /* an input the manifest cannot name: never reused */
	}
	free(p);
}

/* Writes to `ins` what the page of `it` was made from (manifest.h): each
 * input path, whether only its existence counts, and what the hasher found
 * of it (its hash and stat, or '~'), then '.' and whether its outcome may be
 * reused (`cache`). */
static void
put_inputs(site *s, const site_item *it, const shelf_doc *doc, int cache, FILE *ins)
{
	size_t i;

	put_input(s, ins, it->src, 0, &cache);
	put_input(s, ins, it->source, 0, &cache);
	for (i = 0; doc && i < doc->n_files; i++)
		put_input(s, ins, doc->files[i], 0, &cache);
	for (i = 0; doc && i < doc->n_looked; i++)
		put_input(s, ins, doc->looked[i], 1, &cache);
	fputc('.', ins);
	put_num(ins, cache);
}

/* shelf_options.on_input of a build: each file the render read is hashed
 * from the bytes it read, so the manifest names exactly what the page was
 * made from (a file edited between the render and a second read would
 * otherwise be recorded as rendered), and put_inputs() reads nothing again. */
static void
input_read(void *user, const shelf_input *in)
{
	site *s = user;
	char *p = input_path(s, in->path);
	char hash[SHELF_HASH_LEN];
	shelf_file_seen seen;

	if (p == NULL)
		return; /* put_input() says the page cannot be reused */
	shelf_hash_bytes(in->data, in->len, seen.hash);
	seen.size = in->size;
	seen.mtime_s = in->mtime_s;
	seen.mtime_ns = in->mtime_ns;
	seen.ino = in->ino;
	(void)shelf_hasher_put(s->hasher, p, &seen, 0, hash); /* OOM: put_input() hashes it */
	free(p);
}

/* Renders `it` to its page and .json.  0 written, 1 not in the cloud
 * built, -1 not written (reported).  What it was made from goes to `ins`. */
static int
build_article(site *s, const site_item *it, site_entry *entry, FILE *ins)
{
	int cache = 0;
	shelf_options o;
	shelf_buf out_rel = SHELF_BUF_INIT, href = SHELF_BUF_INIT, prefer = SHELF_BUF_INIT;
	const char *slash = strchr(it->rel, '/');
	char *page = NULL, *css = NULL, *err = NULL;
	shelf_doc *doc;
	size_t base = strlen(it->rel) - (has_suffix(it->rel, ".md") ? 3 : 9);
	int rc = -1;

	memset(&o, 0, sizeof o);
	o.display_path = it->shown;
	o.site_links = 1; /* links to articles point at their pages */
	o.base_url = s->opt->base_url;
	o.on_input = input_read;
	o.input_user = s;
	if (it->fallback) {
		/* the reader's locale folder: its translated includes are used */
		size_t ln = strcspn(it->rel, "/");
		char loc[64];
		const char *name;
		snprintf(loc, sizeof loc, "%.*s", (int)(ln < sizeof loc ? ln : sizeof loc - 1), it->rel);
		name = json_string_value(json_object_get(s->real, loc));
		if (name)
			shelf_buf_printf(&prefer, "%s/%s", s->opt->content_dir, name);
	}
	doc = shelf_render_file_in(s->ctx, it->src, &o, prefer.len && !prefer.failed
	                                                ? shelf_buf_cstr(&prefer) : NULL, &s->cache);
	shelf_buf_free(&prefer);
	if (doc == NULL) {
		put_inputs(s, it, NULL, 0, ins);
		return -1;
	}
	if (s->opt->cloud && !shelf_doc_in_cloud(doc, s->opt->cloud)) {
		put_inputs(s, it, doc, 1, ins);
		shelf_doc_free(doc); /* not in this cloud: no page */
		return 1;
	}
	emit_diags(s, doc);
	if (shelf_doc_failed(doc)) {
		cache = 1; /* the same text fails the same way */
		goto done; /* reported (SH001/SH002/SH055/SH056): no page rather than a cut-off one */
	}
	shelf_buf_put(&out_rel, it->rel, base);
	shelf_buf_puts(&out_rel, ".html");
	locale_notice(s, it, doc, shelf_buf_cstr(&out_rel));
	css = up_href(shelf_buf_cstr(&out_rel), "");
	page = shelf_doc_output(s->ctx, doc, SHELF_FORMAT_PAGE, css, &err);
	if (page == NULL) {
		report(s, SHELF_E_OUTPUT_FAILED, it->rel, "cannot produce the page, so none is "
		       "written: %s", err ? err : "out of memory");
		goto done;
	}
	if (write_atomic(s, s->opt->out_dir, shelf_buf_cstr(&out_rel), page, strlen(page)) != 0)
		goto done;
	/* the blade document beside the page: x.html -> x.json */
	free(page);
	page = shelf_doc_output(s->ctx, doc, SHELF_FORMAT_JSON, NULL, NULL);
	shelf_buf_truncate(&out_rel, out_rel.len - 5);
	shelf_buf_puts(&out_rel, ".json");
	if (page == NULL) {
		report(s, SHELF_E_OUTPUT_FAILED, it->rel, "%s", "cannot produce the JSON "
		       "description (out of memory), so none is written");
		goto done;
	}
	if (write_atomic(s, s->opt->out_dir, shelf_buf_cstr(&out_rel), page, strlen(page)) != 0)
		goto done;
	shelf_buf_truncate(&out_rel, out_rel.len - 5);
	shelf_buf_puts(&out_rel, ".html");
	{
		/* the source and the Markdown includes read, relative to the
		 * content tree, as diagnostics show them (an absolute path would
		 * tie a shard's manifest to the machine that built it) */
		size_t nf = shelf_doc_file_count(doc), ni = 0, i;
		const char **inc = nf ? malloc(nf * sizeof *inc) : NULL;
		const char *src = input_rel(s, it->src);
		char *lrec = NULL;
		size_t ln;
		for (i = 1; inc && i < nf; i++) {
			const char *f = shelf_doc_file(doc, i), *shown = f ? input_rel(s, f) : NULL;
			if (shown && shown[0] != '/' && has_suffix(f, ".md"))
				inc[ni++] = shown;
		}
		if (shelf_site_links_record(doc->html, src ? src : it->src, inc, ni, &lrec, &ln) == 0)
			shelf_site_links_set(&s->links, out_rel.ptr, out_rel.len, lrec, ln);
		free(inc);
		free(lrec);
		shelf_site_links_set_shown(&s->links, out_rel.ptr, out_rel.len, it->shown,
		                           strlen(it->shown));
	}
	entry->fallback = it->fallback;
	shelf_buf_puts(&href, slash ? shelf_buf_cstr(&out_rel) + (slash - it->rel) + 1
	                            : shelf_buf_cstr(&out_rel));
	entry->href = shelf_buf_detach(&href);
	entry->title = strdup(shelf_doc_title(doc));
	entry->path = strdup(slash ? slash + 1 : it->rel);
	entry->description = strdup(doc->description);
	collect_page(s, doc, shelf_buf_cstr(&out_rel));
	s->stats->articles++;
	rc = 0;
	cache = 1;
done:
	put_inputs(s, it, doc, cache, ins);
	free(page);
	free(css);
	free(err);
	shelf_buf_free(&out_rel);
	shelf_buf_free(&href);
	shelf_buf_free(&prefer);
	shelf_doc_free(doc);
	return rc;
}

static int
copy_asset(site *s, const site_item *it)
{
	shelf_diags d = SHELF_DIAGS_INIT;
	size_t n;
	char *data = shelf_file_slurp(it->src, SHELF_MAX_ASSET_BYTES, &n, &d, it->rel);
	int rc;

	if (data == NULL) {
		if (d.n && s->opt->on_diag)
			s->opt->on_diag(s->opt->user, &d.v[0]);
		s->stats->errors++;
		shelf_diags_free(&d);
		return 1;
	}
	rc = write_atomic(s, s->opt->out_dir, it->rel, data, n);
	if (rc == 0)
		s->stats->assets++;
	free(data);
	shelf_diags_free(&d);
	return rc;
}

/* ---- parallel rendering (-j N) ---------------------------------------
 *
 * cmark-gfm keeps a process-wide table of special characters, so renders
 * run in worker processes, not threads.  The parent lists the articles in
 * the order it builds them; each worker, when free, takes the next few
 * (site_share: a counter and, per article, who took it, in memory the
 * processes share), renders them in that order, and writes one record per
 * article to its pipe: the diagnostics as they
 * happened, then the page's index entry and link data.  The parent reads
 * the records in article order (always from the worker that has the next
 * one, so a full pipe never blocks it) and treats each as if it had
 * rendered the article itself: diagnostics, their de-duplication, the
 * indexes and the link check come out the same whatever N.
 *
 * A record is a sequence of fields: a number is decimal digits and ';', a
 * string is its length, ':' and its bytes, or '~' for NULL.  'D' opens a
 * diagnostic (kind, code, severity, file, line, col, message, include
 * sites); 'E' the end (result, io_failed, entry, links, sources, the
 * search/sitemap record of the page, base_url). */

typedef struct site_worker {
	pid_t pid;
	FILE *in;        /* read end of its pipe; NULL once it is gone */
	int reaped, status;
} site_worker;

/* What the parent and its workers share (MAP_SHARED): the next article of
 * the order to take, and for each article 1 + the worker that took it (0:
 * not taken yet).  A worker stores its number for the articles it took
 * before it renders them, so the parent, reading the records in article
 * order, knows whose pipe has the next one. */
typedef struct site_share {
	atomic_size_t next;
	atomic_ushort owner[];
} site_share;

static void
put_num(FILE *f, long v)
{
	char t[SHELF_REC_NUM_MAX];

	fwrite(t, 1, shelf_rec_fmt(t, v, ';'), f);
}

static void
put_strn(FILE *f, const char *v, size_t n)
{
	char t[SHELF_REC_NUM_MAX];

	fwrite(t, 1, shelf_rec_fmt(t, (long long)n, ':'), f);
	fwrite(v, 1, n, f);
}

static void
put_str(FILE *f, const char *v)
{
	if (v == NULL) {
		fputc('~', f);
		return;
	}
	put_strn(f, v, strlen(v));
}

/* The links of a page (site_locale.h) as two maps of strings: its record
 * of ids and links, then the source shown for it; each how many, then
 * each key and value. */
static void
put_links(FILE *f, const shelf_site_links *l)
{
	size_t i, n;
	int shown;

	for (shown = 0; shown < 2; shown++) {
		for (i = n = 0; i < l->n; i++)
			n += (shown ? l->v[i].shown : l->v[i].rec) != NULL;
		put_num(f, (long)n);
		for (i = 0; i < l->n; i++) {
			if (!shown && l->v[i].rec) {
				put_str(f, l->v[i].page);
				put_strn(f, l->v[i].rec, l->v[i].rec_len);
			} else if (shown && l->v[i].shown) {
				put_str(f, l->v[i].page);
				put_str(f, l->v[i].shown);
			}
		}
	}
}

static void
record_diag(FILE *f, int kind, const shelf_diag *d)
{
	fputc('D', f);
	put_num(f, kind);
	put_num(f, (long)d->code);
	put_num(f, (long)d->severity);
	put_str(f, d->file);
	put_num(f, (long)d->line);
	put_num(f, (long)d->col);
	put_str(f, d->message);
	put_str(f, d->included_from);
}

/* A string field read from a worker's pipe into `b` (its bytes and a
 * NUL; the buffer is kept from one record to the next, not allocated for
 * each): 0, 1 for '~', -1 on a cut or garbled record or OOM. */
static int
get_str(FILE *f, site_inbuf *b)
{
	int c = getc_unlocked(f), digits = 0;
	size_t n;

	b->len = 0;
	if (c == '~')
		return 1;
	for (n = 0; c >= '0' && c <= '9' && digits < 12; c = getc_unlocked(f), digits++)
		n = n * 10 + (size_t)(c - '0');
	if (!digits || c != ':' || n > SHELF_MAX_ASSET_BYTES)
		return -1;
	if (n + 1 > b->cap) {
		char *nv = realloc(b->p, n + 1);
		if (nv == NULL)
			return -1;
		b->p = nv;
		b->cap = n + 1;
	}
	if (fread(b->p, 1, n, f) != n)
		return -1;
	b->p[n] = '\0';
	b->len = n;
	return 0;
}

/* One of put_links()'s maps, read past: 0 with where it starts in *at,
 * or -1 on a cut or garbled record. */
static int
skip_map(shelf_rec *c, const char **at)
{
	long n;

	*at = c->p;
	n = shelf_rec_num(c);
	if (c->bad || n < 0 || n > SHELF_MAX_SITE_FILES)
		return -1;
	while (n-- > 0 && !c->bad) {
		size_t kn, vn;
		(void)shelf_rec_view(c, &kn);
		(void)shelf_rec_view(c, &vn);
	}
	return c->bad ? -1 : 0;
}

/* Puts the map skip_map() found at `at` (before `end`) in s->links: the
 * pages' records, or (`shown`) the sources shown for them.  A key or value
 * that is not UTF-8 is left out. */
static void
apply_map(site *s, const char *at, const char *end, int shown)
{
	shelf_rec c = {at, end, 0};
	long n = shelf_rec_num(&c);

	while (n-- > 0 && !c.bad) {
		size_t kn, vn;
		const char *k = shelf_rec_view(&c, &kn), *v = shelf_rec_view(&c, &vn);
		if (k && v && !shown)
			shelf_site_links_set(&s->links, k, kn, v, vn);
		else if (k && v)
			shelf_site_links_set_shown(&s->links, k, kn, v, vn);
	}
}

/* One 'D' record (record_diag()) after its 'D': 0 with d's strings in
 * `b` (good until its next use: no allocation per diagnostic, as a
 * no-change rebuild replays every one of the site), or -1 on a garbled
 * one (and on OOM, which also marks `c` bad). */
static int
get_diag(shelf_rec *c, shelf_buf *b, shelf_diag *d, long *kind)
{
	const char *f, *m, *inc;
	size_t fn, mn, in, at_m, at_i;

	memset(d, 0, sizeof *d);
	*kind = shelf_rec_num(c);
	d->code = (shelf_code)shelf_rec_num(c);
	d->severity = (shelf_severity)shelf_rec_num(c);
	f = shelf_rec_view(c, &fn);
	d->line = (unsigned)shelf_rec_num(c);
	d->col = (unsigned)shelf_rec_num(c);
	m = shelf_rec_view(c, &mn);
	inc = shelf_rec_view(c, &in);
	if (c->bad || f == NULL || m == NULL)
		return -1;
	shelf_buf_clear(b);
	shelf_buf_put(b, f, fn);
	shelf_buf_putc(b, '\0');
	at_m = b->len;
	shelf_buf_put(b, m, mn);
	shelf_buf_putc(b, '\0');
	at_i = b->len;
	if (inc)
		shelf_buf_put(b, inc, in);
	shelf_buf_putc(b, '\0');
	if (b->failed) {
		shelf_buf_init(b, 0);
		c->bad = 1;
		return -1;
	}
	d->file = b->ptr;
	d->message = b->ptr + at_m;
	d->included_from = inc ? b->ptr + at_i : NULL;
	return 0;
}

/* Frees what index entry `e` owns and empties it. */
static void
entry_clear(site_entry *e)
{
	free(e->href);
	free(e->title);
	free(e->path);
	free(e->description);
	memset(e, 0, sizeof *e);
}

/* Renders `it` in this process as a worker would: its record (see above)
 * into *rec, what it was made from into *ins (put_inputs).  0, -1 on OOM. */
static int
render_one(site *s, const site_item *it, char **rec, size_t *rec_len, char **ins,
           size_t *ins_len)
{
	shelf_build_stats st, *keep_stats = s->stats;
	shelf_site_links keep_links = s->links;
	FILE *keep_rec = s->rec, *out, *in;
	site_entry e;
	const site_page *page;
	size_t pages = s->n_pages;
	int r;

	*rec = *ins = NULL;
	out = open_memstream(rec, rec_len);
	in = open_memstream(ins, ins_len);
	if (out == NULL || in == NULL) {
		if (out)
			fclose(out);
		if (in)
			fclose(in);
		free(*rec);
		free(*ins);
		*rec = *ins = NULL;
		return -1;
	}
	memset(&st, 0, sizeof st);
	memset(&e, 0, sizeof e);
	s->stats = &st;
	s->rec = out;
	memset(&s->links, 0, sizeof s->links);
	r = build_article(s, it, &e, in);
	fputc('E', out);
	put_num(out, r);
	put_num(out, st.io_failed);
	put_str(out, e.href);
	put_str(out, e.title);
	put_str(out, e.path);
	put_str(out, e.description);
	put_num(out, e.fallback);
	put_links(out, &s->links);
	/* the page's search and sitemap record, which the parent keeps */
	page = s->n_pages > pages ? &s->pages[s->n_pages - 1] : NULL;
	put_str(out, page ? page->path : NULL);
	put_str(out, page ? page->line : NULL);
	put_str(out, s->base_url);
	drop_pages(s, pages);
	entry_clear(&e);
	shelf_site_links_free(&s->links);
	s->links = keep_links;
	s->stats = keep_stats;
	s->rec = keep_rec;
	r = ferror(out) | ferror(in);
	if ((fclose(out) | fclose(in)) != 0 || r) {
		free(*rec);
		free(*ins);
		*rec = *ins = NULL;
		return -1;
	}
	return 0;
}


/* A worker's life: takes SHELF_WORKER_CHUNK articles of `order` at a
 * time, marks them as its own (worker w), renders them and writes to `out`,
 * for each, 'R', its record and its inputs; until none are left. */
static void
worker_run(site *s, const size_t *order, size_t n, size_t w, FILE *out)
{
	site_share *sh = s->share;

	/* the parent's maps, copied by fork(): this process fills its own per
	 * article (valgrind counted them lost in every worker) */
	shelf_site_links_free(&s->links);
	for (;;) {
		size_t k = atomic_fetch_add(&sh->next, SHELF_WORKER_CHUNK), e, j;
		if (k >= n)
			return;
		e = n - k > SHELF_WORKER_CHUNK ? k + SHELF_WORKER_CHUNK : n;
		for (j = k; j < e; j++)
			atomic_store_explicit(&sh->owner[j], (unsigned short)(w + 1),
			                      memory_order_release);
		for (j = k; j < e; j++) {
			char *rec, *ins;
			size_t rn, in;
			if (render_one(s, &s->items[order[j]], &rec, &rn, &ins, &in) != 0)
				return; /* out of memory: the parent reports SH085 */
			fputc('R', out);
			put_strn(out, rec, rn);
			put_strn(out, ins, in);
			free(rec);
			free(ins);
			if (ferror(out))
				return; /* the parent stopped reading */
		}
	}
}

/* Waits for worker `w` (once) and describes how it ended. */
static void
worker_reap(site_worker *w)
{
	if (!w->reaped) {
		while (waitpid(w->pid, &w->status, 0) < 0 && errno == EINTR)
			;
		w->reaped = 1;
	}
}

static void
worker_how(const site_worker *w, char *buf, size_t n)
{
	if (WIFSIGNALED(w->status))
		snprintf(buf, n, "was killed by signal %d", WTERMSIG(w->status));
	else if (WIFEXITED(w->status) && WEXITSTATUS(w->status) != 0)
		snprintf(buf, n, "exited with status %d", WEXITSTATUS(w->status));
	else
		snprintf(buf, n, "%s", "ended before sending it");
}

/* SH085 for `it`: its worker died before sending its page. */
static void
worker_lost(site *s, site_worker *w, const site_item *it)
{
	shelf_buf m = SHELF_BUF_INIT;
	char how[64];

	if (w->in) {
		fclose(w->in);
		w->in = NULL;
	}
	worker_reap(w);
	worker_how(w, how, sizeof how);
	shelf_buf_printf(&m, "not rendered: the worker process that was to render it (pid %ld) %s, so "
	                 "it is in no index and the next build makes it again; build with -j1 "
	                 "to see the failure", (long)w->pid, how);
	report(s, SHELF_E_WORKER, it->shown, "%s", m.failed ? "not rendered: its worker process "
	       "died" : shelf_buf_cstr(&m));
	shelf_buf_free(&m);
}

/* Replays the record `rec` of `it` as if this process had rendered it:
 * diagnostics (de-duplicated), the index entry, links, the search record.
 * build_article()'s return values; -2 when the record is garbled. */
static int
replay(site *s, const site_item *it, const char *rec, size_t len, site_entry *entry)
{
	shelf_rec c = {rec, rec + len, 0};
	long kind, r, io, fb;
	char *ppath = NULL, *page = NULL, *burl = NULL;
	const char *l = NULL, *o = NULL;
	int maps = 0;

	memset(entry, 0, sizeof *entry);
	while (c.p < c.end && *c.p == 'D') {
		shelf_diag d;
		c.p++;
		if (get_diag(&c, &s->dbuf, &d, &kind) != 0)
			break;
		if (kind == 1)
			emit_one(s, &d);  /* the build's own error, not de-duplicated */
		else
			emit_diag(s, &d);
	}
	if (c.bad || c.p >= c.end || *c.p++ != 'E')
		return -2;
	r = shelf_rec_num(&c);
	io = shelf_rec_num(&c);
	if (s->same) {
		/* nothing changed: the index entry, links and search record
		 * are not wanted (the site-wide files stay), only read past */
		size_t n;
		int k;
		for (k = 0; k < 4; k++)
			(void)shelf_rec_view(&c, &n);
	} else {
		entry->href = shelf_rec_str(&c, NULL);
		entry->title = shelf_rec_str(&c, NULL);
		entry->path = shelf_rec_str(&c, NULL);
		entry->description = shelf_rec_str(&c, NULL);
	}
	fb = shelf_rec_num(&c);
	if (skip_map(&c, &l) == 0 && skip_map(&c, &o) == 0) {
		maps = 1;
		if (s->same) {
			size_t n;
			(void)shelf_rec_view(&c, &n);
			(void)shelf_rec_view(&c, &n);
		} else {
			ppath = shelf_rec_str(&c, NULL);
			page = shelf_rec_str(&c, NULL);
		}
		burl = s->base_url == NULL ? shelf_rec_str(&c, NULL) : NULL;
		if (s->base_url) {
			size_t n;
			(void)shelf_rec_view(&c, &n);
		}
	}
	if (c.bad) {
		entry_clear(entry);
		free(ppath);
		free(page);
		free(burl);
		return -2;
	}
	if (s->base_url == NULL)
		s->base_url = burl;
	else
		free(burl);
	if (ppath && page && !s->same) {
		add_page(s, ppath, page, entry->path ? entry->path : it->rel);
		ppath = page = NULL;
	}
	if (io)
		s->stats->io_failed = 1;
	if (r == 0 && s->same) {
		/* nothing changed: the site-wide files stay, so only the
		 * diagnostics and the counts are wanted */
		entry->fallback = (int)fb;
		s->stats->articles++;
	} else if (r == 0) {
		if (maps) {
			apply_map(s, l, c.end, 0);
			apply_map(s, o, c.end, 1);
		}
		entry->fallback = (int)fb;
		s->stats->articles++;
	} else {
		entry_clear(entry);
	}
	free(ppath);
	free(page);
	return (int)r;
}

static void
share_free(site *s)
{
	if (s->share)
		munmap(s->share, s->share_len);
	s->share = NULL;
}

/* 1 when a worker has ended (reaped now if so). */
static int
worker_gone(site_worker *w)
{
	if (!w->reaped && waitpid(w->pid, &w->status, WNOHANG) == w->pid)
		w->reaped = 1;
	return w->reaped;
}

/* The worker that took the k-th article: waits the moment between a
 * worker's taking it and saying so.  When a worker has died and none has
 * said so for SHELF_WORKER_TAKE_NS (the one that took it died in that
 * moment), one that died: its pipe is at its end, so the article is
 * reported lost (SH085). */
static size_t
owner_of(site *s, size_t k)
{
	struct timespec nap = {0, 100000}; /* 0.1 ms */
	long waited = 0;
	unsigned spins = 0;
	unsigned short o;

	while ((o = atomic_load_explicit(&s->share->owner[k], memory_order_acquire)) == 0) {
		size_t w, gone = s->n_workers;
		if (++spins < 100) {
			sched_yield();
			continue;
		}
		/* only one that died: one that ended well has records of later
		 * articles in its pipe, which must not be read as this one's */
		for (w = 0; w < s->n_workers; w++)
			if (worker_gone(&s->workers[w]) &&
			    !(WIFEXITED(s->workers[w].status) && WEXITSTATUS(s->workers[w].status) == 0))
				gone = w;
		if (gone < s->n_workers && waited >= SHELF_WORKER_TAKE_NS)
			return gone;
		nanosleep(&nap, NULL);
		waited += nap.tv_nsec;
	}
	return (size_t)o - 1;
}

/* The next rendered record, from the worker that has it: 0 with *rec and
 * *ins in s->take (good until the next), or -1 after SH085 (the worker
 * died). */
static int
take_record(site *s, const site_item *it, char **rec, size_t *rn, char **ins, size_t *in)
{
	site_worker *w = &s->workers[owner_of(s, s->next++)];

	*rec = *ins = NULL;
	if (w->in == NULL || getc(w->in) != 'R' || get_str(w->in, &s->take[0]) != 0 ||
	    get_str(w->in, &s->take[1]) != 0) {
		worker_lost(s, w, it);
		return -1;
	}
	*rec = s->take[0].p;
	*ins = s->take[1].p;
	*rn = strlen(*rec);
	*in = strlen(*ins);
	return 0;
}

/* Forks min(jobs, n) workers over order[0, n).  0, or -1 when they
 * could not all start (fork or pipe failed): the caller then renders in
 * this process, as -j1. */
static int
workers_start(site *s, const size_t *order, size_t n, size_t jobs)
{
	size_t w, i;

	if (jobs > n)
		jobs = n;
	if (jobs > USHRT_MAX - 1)
		jobs = USHRT_MAX - 1; /* site_share.owner holds 1 + a worker's number */
	s->share_len = sizeof *s->share + n * sizeof s->share->owner[0];
	s->share = mmap(NULL, s->share_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s->share == MAP_FAILED) {
		s->share = NULL;
		return -1;
	}
	atomic_init(&s->share->next, 0); /* owner[]: zero pages, "not taken" */
	s->workers = calloc(jobs ? jobs : 1, sizeof *s->workers);
	if (s->workers == NULL) {
		share_free(s);
		return -1;
	}
	fflush(NULL); /* nothing buffered is written twice */
	for (w = 0; w < jobs; w++) {
		int fd[2];
		pid_t pid;
		if (pipe(fd) != 0)
			break;
		(void)fcntl(fd[1], F_SETPIPE_SZ, SHELF_WORKER_PIPE_BYTES); /* else the default */
		pid = fork();
		if (pid < 0) {
			close(fd[0]);
			close(fd[1]);
			break;
		}
		if (pid == 0) {
			FILE *out;
			s->pid = getpid();
			for (i = 0; i < w; i++)
				close(fileno(s->workers[i].in));
			close(fd[0]);
			signal(SIGPIPE, SIG_DFL);
			out = fdopen(fd[1], "w");
			if (out == NULL)
				_exit(1);
			/* records go out SHELF_WORKER_WRITE_BYTES at a time, not
			 * one by one: a pipe write per record woke the parent
			 * 14,000 times a build, and the wake-ups cost the workers
			 * an eighth more CPU than -j1 spent on the same pages */
			(void)setvbuf(out, NULL, _IOFBF, SHELF_WORKER_WRITE_BYTES);
			worker_run(s, order, n, w, out);
			_exit(fclose(out) == 0 ? 0 : 1);
		}
		close(fd[1]);
		s->workers[w].pid = pid;
		s->workers[w].in = fdopen(fd[0], "r");
		if (s->workers[w].in == NULL) {
			close(fd[0]);
			kill(pid, SIGKILL);
			worker_reap(&s->workers[w]);
			break;
		}
		/* what the pipe holds in one read, not a page's record in
		 * a few (a read() each of the 4 KiB stdio gives a pipe) */
		(void)setvbuf(s->workers[w].in, NULL, _IOFBF, SHELF_WORKER_READ_BYTES);
	}
	if (w < jobs) {
		/* not all could start: stop those that did before they write
		 * anything more, and build in this process */
		for (i = 0; i < w; i++) {
			kill(s->workers[i].pid, SIGKILL);
			fclose(s->workers[i].in);
			worker_reap(&s->workers[i]);
		}
		free(s->workers);
		s->workers = NULL;
		share_free(s);
		return -1;
	}
	s->n_workers = jobs;
	return 0;
}

/* Closes the pipes and waits for every worker.  A worker that ended badly
 * after the build read all it sent is an error too (`complete`: the build
 * read every record). */
static void
workers_finish(site *s, int complete)
{
	size_t w;

	for (w = 0; w < s->n_workers; w++) {
		site_worker *k = &s->workers[w];
		int read_all = k->in != NULL;
		if (k->in)
			fclose(k->in);
		k->in = NULL;
		worker_reap(k);
		if (complete && read_all && !(WIFEXITED(k->status) && WEXITSTATUS(k->status) == 0)) {
			char how[64];
			worker_how(k, how, sizeof how);
			report(s, SHELF_E_WORKER, s->opt->out_dir, "a worker process %s after "
			       "sending its pages; build again with -j1 to check", how);
		}
	}
	free(s->workers);
	s->workers = NULL;
	s->n_workers = 0;
	share_free(s);
}

/* ---- indexes --------------------------------------------------------- */

static int
cmp_entry(const void *a, const void *b)
{
	const site_entry *x = a, *y = b;
	int c = strcasecmp(x->title ? x->title : "", y->title ? y->title : "");
	return c ? c : strcmp(x->path ? x->path : "", y->path ? y->path : "");
}

static void
free_entries(site_entry *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		entry_clear(&v[i]);
	free(v);
}

/* Renders templates/index.html with `data` to out/rel. */
static int
write_index(site *s, const char *rel, json_t *data)
{
	shelf_buf out = SHELF_BUF_INIT;
	char *err = NULL;
	int rc = -1;

	if (data == NULL)
		return -1;
	if (shelf_tmpl_render(s->ctx->tmpl, "index", data, &out, &err) != 0)
		report(s, SHELF_E_TEMPLATE, "templates/index.html", "%s", err ? err : "render failed");
	else
		rc = write_atomic(s, s->opt->out_dir, rel, shelf_buf_cstr(&out), out.len);
	free(err);
	shelf_buf_free(&out);
	json_decref(data);
	return rc;
}

static json_t *
strings_for(const site *s, const char *locale)
{
	json_t *all = s->ctx->locales, *en = json_object_get(all, "en-us"),
	       *loc = json_object_get(all, locale), *out = json_object();

	if (json_is_object(en))
		json_object_update(out, en);
	if (json_is_object(loc))
		json_object_update(out, loc);
	return out;
}

static const char *
str_or(const json_t *strings, const char *key, const char *dflt)
{
	json_t *v = json_object_get(strings, key);
	return json_is_string(v) ? json_string_value(v) : dflt;
}

/* The search box of an index (templates/index.html): `up` leads from
 * the index to the top of the output, `locale` filters ("" for all). */
static json_t *
search_box(const json_t *strings, const char *up, const char *locale)
{
	shelf_buf idx = SHELF_BUF_INIT;
	json_t *v;

	shelf_buf_printf(&idx, "%ssearch-index.json", up);
	v = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "index", shelf_buf_cstr(&idx),
	              "root", up, "locale", locale,
	              "label", str_or(strings, "search", "Search"),
	              "none", str_or(strings, "search_none", "No article matches."),
	              "offline", str_or(strings, "search_offline", "Search needs the site "
	                                "served over HTTP (shelf serve, or any web server)."));
	shelf_buf_free(&idx);
	return v;
}

/* The "fallback" object of a locale index's entries shown in the default
 * locale's language (the same for all of them). */
static json_t *
fallback_object(const site *s)
{
	json_t *dstrings = strings_for(s, s->dflt);
	json_t *fb = json_pack("{s:s, s:s}", "lang", s->dflt, "name",
	                       str_or(dstrings, "language_name", s->dflt));

	json_decref(dstrings);
	return fb;
}

/* A locale index's data: its small part a JSON object, its articles (one
 * per page, 14,000 in a big locale) read from the entries themselves
 * through a view (template.h) rather than built as jansson objects,
 * which were most of the index's cost. */
typedef struct index_view {
	const json_t *data;       /* lang, title, css, generator, search, strings, locales */
	const site_entry *v;      /* the entries, sorted */
	const size_t *ok;         /* the indexes into v listed: those whose
	                             strings are UTF-8 (others were left out
	                             when they were jansson strings) */
	size_t n;
	const json_t *fb;         /* fallback_object() */
} index_view;

typedef struct entry_ref {
	const index_view *iv;
	const site_entry *e;
} entry_ref;

static void
tv_str(shelf_tval *out, const char *s)
{
	out->kind = SHELF_TV_STR;
	out->s = s;
	out->n = strlen(s);
}

#define NAME_IS(name, n, lit) ((n) == sizeof(lit) - 1 && memcmp((name), (lit), (n)) == 0)

/* articles[]: {href, title, path, description?, fallback?} */
static void
entry_get(const void *obj, const char *name, size_t n, shelf_tval *out)
{
	const entry_ref *r = obj;
	const site_entry *e = r->e;

	if (NAME_IS(name, n, "href"))
		tv_str(out, e->href);
	else if (NAME_IS(name, n, "title"))
		tv_str(out, e->title);
	else if (NAME_IS(name, n, "path"))
		tv_str(out, e->path);
	else if (NAME_IS(name, n, "description") && e->description && *e->description)
		tv_str(out, e->description);
	else if (NAME_IS(name, n, "fallback") && e->fallback && r->iv->fb) {
		out->kind = SHELF_TV_JSON;
		out->json = r->iv->fb;
	}
}

static const shelf_tview entry_view = {entry_get, NULL};

/* The item a list hands out lives until the next one: the template
 * renders an item whole before it asks for the next. */
typedef struct index_state {
	index_view iv;
	entry_ref cur;
} index_state;

static void
article_item(const void *obj, size_t i, shelf_tval *out)
{
	index_state *st = (index_state *)obj;

	st->cur.iv = &st->iv;
	st->cur.e = &st->iv.v[st->iv.ok[i]];
	out->kind = SHELF_TV_OBJ;
	out->view = &entry_view;
	out->obj = &st->cur;
}

static const shelf_tview articles_view = {NULL, article_item};

static void
index_get(const void *obj, const char *name, size_t n, shelf_tval *out)
{
	const index_state *st = obj;
	char key[32];
	const json_t *v;

	if (NAME_IS(name, n, "articles")) {
		out->kind = SHELF_TV_LIST;
		out->view = &articles_view;
		out->obj = st;
		out->n = st->iv.n;
		return;
	}
	if (n >= sizeof key)
		return;
	memcpy(key, name, n);
	key[n] = '\0';
	if ((v = json_object_get(st->iv.data, key)) != NULL) {
		out->kind = SHELF_TV_JSON;
		out->json = v;
	}
}

static const shelf_tview index_view_view = {index_get, NULL};

/* 1 when the entry's strings are UTF-8 (it is listed). */
static int
entry_ok(const site_entry *e)
{
	return e->href && e->title && e->path && shelf_utf8_valid(e->href, strlen(e->href)) &&
	       shelf_utf8_valid(e->title, strlen(e->title)) &&
	       shelf_utf8_valid(e->path, strlen(e->path)) &&
	       (e->description == NULL || shelf_utf8_valid(e->description, strlen(e->description)));
}

/* Writes LOCALE/index.html of the n entries `v`, sorted by title. */
static int
locale_index(site *s, const char *locale, site_entry *v, size_t n)
{
	json_t *strings = strings_for(s, locale), *data;
	json_t *fb = fallback_object(s);
	shelf_buf rel = SHELF_BUF_INIT, out = SHELF_BUF_INIT;
	size_t i, *ok = malloc((n ? n : 1) * sizeof *ok), hint = 0;
	index_state st;
	shelf_tval root;
	char *err = NULL;
	int rc = -1;

	qsort(v, n, sizeof *v, cmp_entry);
	memset(&st, 0, sizeof st);
	for (i = 0; ok && i < n; i++)
		if (entry_ok(&v[i])) {
			ok[st.iv.n++] = i;
			hint += strlen(v[i].href) + strlen(v[i].title) + strlen(v[i].path) +
			        (v[i].description ? strlen(v[i].description) : 0) + 128;
		}
	shelf_buf_printf(&rel, "%s/index.html", locale);
	data = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:[]}", "lang", locale,
	                 "title", str_or(strings, "articles", "Articles"),
	                 "css", "../shelf.css", "generator", "shelf " SHELF_VERSION,
	                 "search", search_box(strings, "../", locale),
	                 "strings", strings, "locales");
	if (ok && data) {
		st.iv.data = data;
		st.iv.v = v;
		st.iv.ok = ok;
		st.iv.fb = fb;
		memset(&root, 0, sizeof root);
		root.kind = SHELF_TV_OBJ;
		root.view = &index_view_view;
		root.obj = &st;
		if (shelf_tmpl_render_view(s->ctx->tmpl, "index", &root, hint, &out, &err) != 0)
			report(s, SHELF_E_TEMPLATE, "templates/index.html", "%s",
			       err ? err : "render failed");
		else
			rc = write_atomic(s, s->opt->out_dir, shelf_buf_cstr(&rel), shelf_buf_cstr(&out),
			                  out.len);
	}
	free(err);
	free(ok);
	shelf_buf_free(&out);
	shelf_buf_free(&rel);
	json_decref(data);
	json_decref(fb);
	return rc;
}

/* ---- incremental builds ---------------------------------------------- */

/* A manifest written as the build goes (manifest.h): to a temporary file,
 * renamed into place by mf_commit(), so the records are never all held. */
typedef struct mf_file {
	int fd;          /* the temporary file, or -1 */
	shelf_buf out;   /* entries not yet written (SHELF_MANIFEST_WRITE_BYTES) */
	shelf_buf tmp;   /* its temporary path */
	size_t n;        /* entries written */
	int bad;         /* a write failed */
} mf_file;

/* Writes what w->out holds and empties it (a failure: w->bad). */
static void
mf_flush(mf_file *w)
{
	if (w->out.failed || (!w->bad && write_all(w->fd, w->out.ptr, w->out.len) != 0))
		w->bad = 1;
	shelf_buf_clear(&w->out);
}

/* Starts a manifest with the header of `head`.  0, -1 after reporting. */
static int
mf_begin(site *s, mf_file *w, const shelf_manifest *head)
{
	memset(w, 0, sizeof *w);
	shelf_buf_init(&w->tmp, 0);
	shelf_buf_printf(&w->tmp, "%s/%s/tmp/manifest-%ld-%lu", s->opt->out_dir, SHELF_MANIFEST_DIR,
	                 (long)s->pid, s->tmp_seq++);
	w->fd = w->tmp.failed ? -1 : open(shelf_buf_cstr(&w->tmp), O_WRONLY | O_CREAT | O_TRUNC |
	                                  O_NOFOLLOW | O_CLOEXEC, 0644);
	if (w->fd < 0) {
		report(s, SHELF_E_OUTPUT, w->tmp.failed ? s->opt->out_dir : shelf_buf_cstr(&w->tmp),
		       "cannot write the build manifest: %s", strerror(errno));
		s->stats->io_failed = 1;
		shelf_buf_free(&w->tmp);
		return -1;
	}
	/* entries are framed straight into one buffer, written a MiB at a
	 * time: a big site's manifest is 30 MB, and a buffer made per entry
	 * and copied again into stdio's was a third of the parent's work
	 * while -j N workers render */
	shelf_buf_init(&w->out, SHELF_MAX_MANIFEST_BYTES);
	shelf_manifest_write_head(&w->out, head);
	return 0;
}

/* Writes entry `e`; without a manifest being written, nothing. */
static void
mf_put(mf_file *w, const shelf_mf_entry *e)
{
	if (w == NULL || w->fd < 0 || w->bad)
		return;
	shelf_manifest_write_entry(&w->out, e);
	w->n++;
	if (w->out.failed || w->out.len >= SHELF_MANIFEST_WRITE_BYTES)
		mf_flush(w);
}

/* Ends the manifest and renames it into place (`commit`), or drops it.
 * 0, -1 after reporting. */
static int
mf_end(site *s, mf_file *w, const char *site_diags, int commit)
{
	shelf_buf fin = SHELF_BUF_INIT;
	int rc = 0;

	if (w->fd < 0)
		return 0;
	if (!w->bad)
		shelf_manifest_write_end(&w->out, site_diags, w->n);
	mf_flush(w);
	shelf_buf_free(&w->out);
	if (close(w->fd) != 0)
		w->bad = 1;
	w->fd = -1;
	shelf_buf_printf(&fin, "%s/%s/manifest", s->opt->out_dir, SHELF_MANIFEST_DIR);
	if (commit && (w->bad || fin.failed || rename(shelf_buf_cstr(&w->tmp), shelf_buf_cstr(&fin)) != 0)) {
		report(s, SHELF_E_OUTPUT, fin.failed ? s->opt->out_dir : shelf_buf_cstr(&fin),
		       "cannot write the build manifest (%s); the next build renders every page",
		       w->bad ? "a write failed" : strerror(errno));
		s->stats->io_failed = 1;
		rc = -1;
	}
	if (rc != 0 || !commit)
		unlink(shelf_buf_cstr(&w->tmp));
	shelf_buf_free(&fin);
	shelf_buf_free(&w->tmp);
	return rc;
}


/* Records, in the manifest being made, what `it` was made from: `ins`
 * (put_inputs: each input and what the hasher found of it), and its
 * record `rec` (written, not kept).  A page whose
 * outcome may not repeat (out of memory, a write that failed) is marked
 * dirty, so the next build makes it again.  -1 on OOM. */
static int
note_page(site *s, const site_item *it, const char *rec, size_t rn, const char *ins, size_t in)
{
	shelf_rec c = {ins, ins + in, 0};
	shelf_mf_entry e;
	size_t cap = 0;
	long cache = in > 0;
	int rc = 0;

	memset(&e, 0, sizeof e);
	e.rel = strdup(it->rel);
	e.src = input_path(s, it->src);
	while (cache && c.p < c.end && *c.p != '.') {
		char *path = shelf_rec_str(&c, NULL);
		long only = shelf_rec_num(&c);
		size_t hn = 0;
		const char *h = shelf_rec_view(&c, &hn);
		shelf_file_seen seen;
		if (h) {
			seen.size = shelf_rec_num(&c);
			seen.mtime_s = shelf_rec_num(&c);
			seen.mtime_ns = shelf_rec_num(&c);
			seen.ino = shelf_rec_num(&c);
		}
		if (c.bad || path == NULL || hn >= SHELF_HASH_LEN || (h && memchr(h, '\0', hn))) {
			free(path);
			cache = 0;
			break;
		}
		if (e.n_in == cap) {
			shelf_mf_input *nv = realloc(e.in, (cap = cap ? cap * 2 : 8) * sizeof *nv);
			if (nv == NULL) {
				free(path);
				cache = 0;
				break;
			}
			e.in = nv;
		}
		e.in[e.n_in].path = path;
		if (h) {
			memcpy(seen.hash, h, hn);
			seen.hash[hn] = '\0';
		}
		if (h == NULL || hn == 0 ||
		    shelf_hasher_put(s->hasher, path, &seen, (int)only, e.in[e.n_in].hash) != 0)
			cache = 0; /* not hashed (out of memory) */
		e.n_in++;
	}
	if (cache && c.p < c.end && *c.p == '.') {
		c.p++;
		cache = shelf_rec_num(&c) && !c.bad;
	} else {
		cache = 0;
	}
	if (cache && rn) {
		e.kind = SHELF_MF_PAGE;
		e.record = (char *)rec; /* written below, not kept */
		e.record_len = rn;
	} else {
		size_t i;
		for (i = 0; i < e.n_in; i++)
			free(e.in[i].path);
		free(e.in);
		e.in = NULL;
		e.n_in = 0;
		e.kind = SHELF_MF_DIRTY;
		e.is_article = 1;
	}
	if (e.rel == NULL || e.src == NULL)
		rc = -1;
	else
		mf_put(s->mf, &e);
	e.record = NULL; /* the caller's */
	shelf_mf_entry_free(&e);
	return rc;
}

/* Keeps the manifest's entry of an unchanged item in the new one. */
static int
keep_entry(site *s, site_item *it)
{
	mf_put(s->mf, it->cached);
	shelf_mf_entry_free(it->cached); /* its record is not needed again */
	it->cached = NULL;
	return 0;
}

/* Copies the page of `it` and its .json from the shard output it came
 * from (shelf merge: it->src is that output's "<locale>/<path>.md"). */
static int copy_page(site *s, const site_item *it);

/* One article: replayed from the manifest when unchanged, else rendered
 * (by a worker or here) and replayed.  build_article()'s return values. */
static int
article(site *s, site_item *it, site_entry *entry, size_t *done)
{
	char *rec = NULL, *ins = NULL;
	size_t rn = 0, in = 0;
	int r, own = 0;

	if (it->cached) {
		r = replay(s, it, it->cached->record, it->cached->record_len, entry);
		if (r != -2) {
			if (r == 0 && s->merge && copy_page(s, it) != 0)
				r = -1;
			if (keep_entry(s, it) != 0)
				r = -1;
			s->stats->unchanged += !s->merge && r == 0;
			return r;
		}
		report(s, SHELF_E_OUTPUT_FAILED, it->rel, "%s", "its record in the build "
		       "manifest is damaged, so it is rendered again");
		it->cached = NULL;
		if (s->merge)
			return -1;
	}
	if (s->workers && it->render)
		r = take_record(s, it, &rec, &rn, &ins, &in);
	else if ((r = render_one(s, it, &rec, &rn, &ins, &in)) != 0)
		report(s, SHELF_E_OUTPUT_FAILED, it->rel, "%s", "out of memory: not rendered");
	else
		own = 1; /* render_one()'s, not the worker buffers' */
	if (r != 0)
		return -1;
	r = replay(s, it, rec, rn, entry);
	if (r == -2) {
		report(s, SHELF_E_OUTPUT_FAILED, it->rel, "%s", "its render sent a garbled "
		       "record; build again with -j1");
		r = -1;
		in = 0; /* not reusable */
	}
	if (note_page(s, it, rec, rn, ins, in) != 0)
		report(s, SHELF_E_OUTPUT_FAILED, it->rel, "%s", "out of memory: it is missing "
		       "from the build manifest and is rendered again next time");
	if (own) {
		free(rec);
		free(ins);
	}
	(*done)++;
	if (s->opt->on_progress)
		s->opt->on_progress(s->opt->user, *done, s->to_render, it->rel);
	return r;
}

/* One media file: copied unless unchanged.  0, -1 when an output could
 * not be written. */
static int
asset(site *s, site_item *it)
{
	shelf_mf_entry e;
	int r = 0;

	if (it->render && (r = copy_asset(s, it)) != 0) {
		memset(&e, 0, sizeof e);
		e.kind = SHELF_MF_DIRTY; /* a copy that may not be whole */
		e.rel = strdup(it->rel);
		e.src = input_path(s, it->src);
		if (e.rel && e.src)
			mf_put(s->mf, &e);
		shelf_mf_entry_free(&e);
		return r < 0 ? -1 : 0;
	}
	if (it->cached)
		return keep_entry(s, it) == 0 ? 0 : -1;
	memset(&e, 0, sizeof e);
	e.kind = SHELF_MF_ASSET;
	e.rel = strdup(it->rel);
	e.src = input_path(s, it->src);
	e.in = calloc(1, sizeof *e.in);
	if (e.in && e.src && (e.in[0].path = strdup(e.src)) != NULL) {
		e.n_in = 1;
		if (shelf_hasher_get(s->hasher, e.src, 0, e.in[0].hash) != 0)
			r = -1;
	}
	if (r != 0 || e.rel == NULL || e.n_in != 1)
		r = -1;
	else
		mf_put(s->mf, &e);
	shelf_mf_entry_free(&e);
	return r;
}

/* Builds the articles of one locale, items[from, to): their index entries
 * into *out (calloc'd, *n_out of them; free_entries()). */
static int
build_locale(site *s, size_t from, size_t to, size_t *done, site_entry **out, size_t *n_out)
{
	site_entry *entries = calloc(to - from + 1, sizeof *entries);
	size_t i, n = 0;
	int rc = 0;

	*out = entries;
	*n_out = 0;
	if (entries == NULL)
		return -1;
	for (i = from; i < to && rc == 0; i++) {
		site_item *it = &s->items[i];
		if (!it->in_shard) {
			continue;
		} else if (it->is_article) {
			int r = article(s, it, &entries[n], done);
			if (r == 0)
				n++;
			else if (r < 0 && s->stats->io_failed)
				rc = -1;
		} else if (asset(s, it) != 0) {
			rc = -1;
		}
	}
	*n_out = n;
	return rc;
}

static int
top_index(site *s, json_t *locales)
{
	json_t *strings = strings_for(s, "en-us");
	json_t *data = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:[], s:o}", "lang", "en-us",
	                         "title", str_or(strings, "locales", "Locales"),
	                         "css", "shelf.css", "generator", "shelf " SHELF_VERSION,
	                         "search", search_box(strings, "", ""),
	                         "strings", strings, "articles", "locales", locales);
	return write_index(s, "index.html", data);
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* ---- search-index.json and sitemap.xml ------------------------------- */

static int
cmp_page(const void *a, const void *b)
{
	return strcmp(((const site_page *)a)->path, ((const site_page *)b)->path);
}

/* Writes `b` (then freed) as out/name, or reports that it failed whole:
 * a site file is never written cut short.  0 or -1. */
static int
write_whole(site *s, const char *name, shelf_buf *b)
{
	int rc;

	if (b->failed) {
		report(s, SHELF_E_OUTPUT_FAILED, name, "out of memory: %s is not written", name);
		rc = -1;
	} else {
		rc = write_atomic(s, s->opt->out_dir, name, b->ptr, b->len);
	}
	shelf_buf_free(b);
	return rc;
}

/* out/search-index.json: an array of every page's record, one a line, by
 * path.  Once: the lines are freed as they are written. */
static int
write_search_index(site *s)
{
	shelf_buf b;
	size_t i;

	/* a line of ~500 bytes a page: beyond the 64 MiB of a page's buffer
	 * for sites of 100,000 pages and more */
	shelf_buf_init(&b, SHELF_MAX_MANIFEST_BYTES);
	shelf_buf_puts(&b, "[");
	for (i = 0; i < s->n_pages; i++) {
		const char *one = s->pages[i].line;
		if (one == NULL) {
			b.failed = 1;
			break;
		}
		shelf_buf_puts(&b, i ? ",\n" : "\n");
		shelf_buf_puts(&b, one);
		/* no longer needed, and freed while in the cache: at the end
		 * of the build, 14,000 lines took longer to free than to write */
		free(s->pages[i].line);
		s->pages[i].line = NULL;
	}
	shelf_buf_puts(&b, "\n]\n");
	return write_whole(s, "search-index.json", &b);
}

/* Appends `path` to a sitemap: percent-encoded but for unreserved bytes
 * and '/', then (with the base URL) XML-escaped. */
static void
put_loc(shelf_buf *b, const char *base, const char *path)
{
	shelf_buf u = SHELF_BUF_INIT;
	size_t n = strlen(base);
	const char *c, *seg;

	while (n && base[n - 1] == '/')
		n--;
	shelf_buf_put(&u, base, n);
	for (c = path; ; c = seg + 1) {   /* each segment percent-encoded */
		seg = strchr(c, '/');
		shelf_buf_putc(&u, '/');
		shelf_escape_url(&u, c, seg ? (size_t)(seg - c) : strlen(c), SHELF_URL_COMPONENT);
		if (seg == NULL)
			break;
	}
	shelf_buf_puts(b, "  <url><loc>");
	shelf_escape_text(b, shelf_buf_cstr(&u), u.len, SHELF_ESC_QUOT | SHELF_ESC_APOS);
	shelf_buf_puts(b, "</loc></url>\n");
	if (u.failed)
		b->failed = 1;
	shelf_buf_free(&u);
}

/* out/sitemap.xml (sitemaps.org 0.9): the top index, each locale's index,
 * then every page by path.  Without a base URL a sitemap cannot be made
 * (its URLs are absolute): none is written, a stale one is removed, and
 * stats->no_sitemap tells the caller to say so. */
static int
write_sitemap(site *s, const json_t *locales)
{
	shelf_buf b;
	const char *base = s->opt->base_url ? s->opt->base_url : s->base_url;
	const json_t *l;
	size_t i;

	shelf_buf_init(&b, SHELF_MAX_MANIFEST_BYTES);
	if (base == NULL) {
		shelf_buf p = SHELF_BUF_INIT;
		struct stat st;
		shelf_buf_printf(&p, "%s/sitemap.xml", s->opt->out_dir);
		if (!p.failed && lstat(shelf_buf_cstr(&p), &st) == 0 && S_ISREG(st.st_mode))
			unlink(shelf_buf_cstr(&p)); /* from a build that had a base_url */
		shelf_buf_free(&p);
		s->stats->no_sitemap = 1;
		return 0;
	}
	shelf_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	               "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	put_loc(&b, base, "index.html");
	json_array_foreach(locales, i, l)
		put_loc(&b, base, json_string_value(json_object_get(l, "href")));
	for (i = 0; i < s->n_pages; i++)
		put_loc(&b, base, s->pages[i].path);
	shelf_buf_puts(&b, "</urlset>\n");
	return write_whole(s, "sitemap.xml", &b);
}

/* Both files, after every page is written. */
static int
write_site_files(site *s, const json_t *locales)
{
	size_t i;

	/* made in item order: sorted already but for several locales */
	for (i = 1; i < s->n_pages && strcmp(s->pages[i - 1].path, s->pages[i].path) <= 0; i++)
		;
	if (i < s->n_pages)
		qsort(s->pages, s->n_pages, sizeof *s->pages, cmp_page);
	if (write_search_index(s) != 0)
		return -1;
	return write_sitemap(s, locales);
}

/* Lists content/<locale>/ folders (names lower-cased into `folders`: the
 * output folders are lower case), then walks each, in name order so that
 * of two folders differing in case the same one is built every time. */
static int
collect(site *s, const char *content, json_t *folders)
{
	DIR *dp = opendir(content);
	struct dirent *e;
	json_t *real = s->real;
	char **names = NULL;
	size_t n = 0, cap = 0, k;
	int rc = 0;

	if (dp == NULL) {
		report(s, SHELF_E_IO, content, "cannot open content folder: %s", strerror(errno));
		return -1;
	}
	while ((e = readdir(dp)) != NULL) {
		shelf_buf p = SHELF_BUF_INIT;
		struct stat st;
		shelf_buf_printf(&p, "%s/%s", content, e->d_name);
		if (e->d_name[0] != '.' && lstat(shelf_buf_cstr(&p), &st) == 0 &&
		    S_ISDIR(st.st_mode) && shelf_locale_name_ok(e->d_name, strlen(e->d_name))) {
			if (n == cap) {
				char **nv = realloc(names, (cap = cap ? cap * 2 : 16) * sizeof *nv);
				if (nv == NULL) {
					shelf_buf_free(&p);
					rc = -1;
					break;
				}
				names = nv;
			}
			if ((names[n] = strdup(e->d_name)) != NULL)
				n++;
			else
				rc = -1; /* out of memory: build nothing rather than part */
		}
		shelf_buf_free(&p);
	}
	closedir(dp);
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_name);
	for (k = 0; k < n; k++) {
		shelf_buf p = SHELF_BUF_INIT, low = SHELF_BUF_INIT;
		json_t *met;
		size_t i;
		shelf_buf_printf(&p, "%s/%s", content, names[k]);
		for (i = 0; names[k][i]; i++)
			shelf_buf_putc(&low, (char)tolower((unsigned char)names[k][i]));
		met = json_object_get(real, shelf_buf_cstr(&low));
		if (rc != 0) {
			/* out of memory or a walk failed: stop */
		} else if (met) {
			shelf_buf m = SHELF_BUF_INIT;
			shelf_buf_printf(&m, "locale folders '%s' and '%s' are the same locale "
			                 "(names are case-insensitive): move the articles of one "
			                 "into the other; '%s' is not built", json_string_value(met),
			                 names[k], names[k]);
			report(s, SHELF_E_LOCALE_DUP, shelf_buf_cstr(&p), "%s", shelf_buf_cstr(&m));
			shelf_buf_free(&m);
		} else {
			json_object_set_new(real, shelf_buf_cstr(&low), json_string(names[k]));
			rc = walk(s, shelf_buf_cstr(&p), shelf_buf_cstr(&low));
			json_array_append_new(folders, json_string(shelf_buf_cstr(&low)));
		}
		shelf_buf_free(&p);
		shelf_buf_free(&low);
		free(names[k]);
	}
	free(names);
	sort_items(s);
	return rc;
}

/* Every file of the default locale exists in every built locale: what a
 * locale lacks is served from the default locale's file (a fallback);
 * what it has is a translation, which remembers its source. */
static int
add_fallbacks(site *s, const json_t *build)
{
	size_t n0 = s->n_items, dn = strlen(s->dflt), i, j;
	json_t *l;
	int rc = 0;

	json_array_foreach(build, j, l) {
		const char *loc = json_string_value(l);
		if (strcmp(loc, s->dflt) == 0)
			continue;
		for (i = 0; i < n0 && rc == 0; i++) {
			shelf_buf key = SHELF_BUF_INIT;
			site_item probe, *hit;
			if (strncmp(s->items[i].rel, s->dflt, dn) != 0 || s->items[i].rel[dn] != '/')
				continue;
			shelf_buf_printf(&key, "%s%s", loc, s->items[i].rel + dn);
			probe.rel = (char *)shelf_buf_cstr(&key);
			hit = bsearch(&probe, s->items, n0, sizeof *s->items, cmp_item);
			if (hit && hit->is_article) {
				free(hit->source);
				hit->source = strdup(s->items[i].src);
			} else if (hit == NULL) {
				char *src = strdup(s->items[i].src), *shown = strdup(s->items[i].shown);
				site_item from = s->items[i]; /* add_item may move the items */
				rc = src && shown ? add_item(s, src, shelf_buf_cstr(&key), from.is_article) : -1;
				if (rc == 0) {
					site_item *it = &s->items[s->n_items - 1];
					free(it->shown);
					it->shown = shown;
					it->fallback = 1;
					it->st_state = from.st_state;
					it->st_size = from.st_size;
					it->st_ms = from.st_ms;
					it->st_mns = from.st_mns;
					it->st_ino = from.st_ino;
					shown = NULL;
				}
				free(src);
				free(shown);
			}
			shelf_buf_free(&key);
		}
	}
	sort_items(s);
	return rc;
}

/* Prints the diagnostics in `d` and counts them. */
static void
emit_list(site *s, const shelf_diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		emit_one(s, &d->v[i]);
}

/* 1 when `content` holds at least one <locale>/ folder. */
static int
has_locale_folder(const char *content)
{
	DIR *dp = opendir(content);
	struct dirent *e;
	int found = 0;

	if (dp == NULL)
		return 0;
	while (!found && (e = readdir(dp)) != NULL)
		if (e->d_name[0] != '.' && shelf_locale_name_ok(e->d_name, strlen(e->d_name))) {
			shelf_buf p = SHELF_BUF_INIT;
			struct stat st;
			shelf_buf_printf(&p, "%s/%s", content, e->d_name);
			found = !p.failed && stat(shelf_buf_cstr(&p), &st) == 0 && S_ISDIR(st.st_mode);
			shelf_buf_free(&p);
		}
	closedir(dp);
	return found;
}

/* Checks what a build is asked to do before anything is written: a known
 * cloud, and a content folder that is a tree of <locale>/ folders (a
 * locale folder given by mistake would build 0 articles).  0, or -1 after
 * reporting SH057, SH001 or SH058. */
static int
check_request(site *s, const char *content)
{
	shelf_buf msg = SHELF_BUF_INIT, trim = SHELF_BUF_INIT;
	const char *base;
	char *parent;
	struct stat st;

	if (!shelf_cloud_valid(s->opt->cloud)) {
		report(s, SHELF_E_CLOUD, "", "unknown cloud '%s': use public, fairfax, mooncake, "
		       "usnat or ussec", s->opt->cloud);
		return -1;
	}
	if (stat(content, &st) != 0) {
		report(s, SHELF_E_IO, content, "cannot open content folder: %s", strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode) && has_locale_folder(content))
		return 0;
	if (!S_ISDIR(st.st_mode)) {
		report(s, SHELF_E_CONTENT_TREE, content, "%s", "not a folder: the content tree is a "
		       "folder of <locale>/ folders (content/en-us/...); pass it with --content");
		return -1;
	}
	/* "tree/en-us/" names the same folder as "tree/en-us" */
	shelf_buf_puts(&trim, content);
	while (trim.len > 1 && trim.ptr[trim.len - 1] == '/')
		shelf_buf_truncate(&trim, trim.len - 1);
	base = shelf_path_basename(shelf_buf_cstr(&trim));
	parent = shelf_path_dirname(shelf_buf_cstr(&trim));
	if (shelf_locale_name_ok(base, strlen(base)))
		shelf_buf_printf(&msg, "this is the locale folder '%s', not the content tree that "
		                 "holds it: pass the folder above it (--content %s)", base,
		                 parent ? parent : "..");
	else
		shelf_buf_printf(&msg, "no <locale>/ folder (such as en-us/) here, so there is "
		                 "nothing to build: articles go in %s/en-us/ and so on",
		                 shelf_buf_cstr(&trim));
	report(s, SHELF_E_CONTENT_TREE, content, "%s",
	       msg.failed ? "not a content tree" : shelf_buf_cstr(&msg));
	shelf_buf_free(&msg);
	shelf_buf_free(&trim);
	free(parent);
	return -1;
}

/* items[*from, *to): the items of `locale` (items are sorted by path, so
 * one locale's items are contiguous). */
static void
locale_range(const site *s, const char *locale, size_t *from, size_t *to)
{
	size_t len = strlen(locale), i;

	for (i = 0; i < s->n_items && !(strncmp(s->items[i].rel, locale, len) == 0 &&
	                                s->items[i].rel[len] == '/'); i++)
		;
	*from = i;
	for (; i < s->n_items && strncmp(s->items[i].rel, locale, len) == 0 &&
	       s->items[i].rel[len] == '/'; i++)
		;
	*to = i;
}

/* The articles this build renders, in the order it builds them: *order
 * (malloc'd) holds s->to_render item numbers. */
static int
plan(site *s, const json_t *build, size_t **order)
{
	size_t j, i, from, to;
	json_t *l;

	*order = malloc((s->n_items + 1) * sizeof **order);
	if (*order == NULL)
		return -1;
	json_array_foreach(build, j, l) {
		locale_range(s, json_string_value(l), &from, &to);
		for (i = from; i < to; i++)
			if (s->items[i].in_shard && s->items[i].is_article && s->items[i].render)
				(*order)[s->to_render++] = i;
	}
	return 0;
}

/* Appends to `b` each regular file of `dir` (name order) and the hash of
 * its bytes: what templates/ or locales/ hold. */
static void
hash_folder(shelf_buf *b, const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;

	shelf_buf_printf(b, "[%s]\n", shelf_path_basename(dir));
	if (dp == NULL)
		return;
	while ((e = readdir(dp)) != NULL) {
		char **nv;
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			if ((nv = realloc(names, (cap = cap ? cap * 2 : 16) * sizeof *nv)) == NULL) {
				b->failed = 1;
				break;
			}
			names = nv;
		}
		if ((names[n] = strdup(e->d_name)) != NULL)
			n++;
		else
			b->failed = 1;
	}
	closedir(dp);
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_name);
	for (i = 0; i < n; i++) {
		shelf_buf p = SHELF_BUF_INIT;
		shelf_diags d = SHELF_DIAGS_INIT;
		struct stat st;
		size_t len;
		char *data, hash[SHELF_HASH_LEN];
		shelf_buf_printf(&p, "%s/%s", dir, names[i]);
		if (!p.failed && stat(shelf_buf_cstr(&p), &st) == 0 && S_ISREG(st.st_mode)) {
			data = shelf_file_slurp(shelf_buf_cstr(&p), SHELF_MAX_ASSET_BYTES, &len, &d, names[i]);
			if (data) {
				shelf_hash_bytes(data, len, hash);
				shelf_buf_printf(b, "%s %s\n", hash, names[i]);
			} else {
				b->failed = 1;
			}
			free(data);
		}
		shelf_diags_free(&d);
		shelf_buf_free(&p);
		free(names[i]);
	}
	free(names);
}

/* s->tool: what shelf itself brings to every page (its version, the
 * templates and locale strings it loaded). */
static int
tool_hash(site *s)
{
	shelf_buf b = SHELF_BUF_INIT, d = SHELF_BUF_INIT;
	char hash[SHELF_HASH_LEN];

	shelf_buf_puts(&b, "shelf " SHELF_VERSION "\n");
	shelf_buf_printf(&d, "%s/templates", s->ctx->data_dir);
	hash_folder(&b, shelf_buf_cstr(&d));
	shelf_buf_truncate(&d, 0);
	shelf_buf_printf(&d, "%s/locales", s->ctx->data_dir);
	hash_folder(&b, shelf_buf_cstr(&d));
	shelf_hash_bytes(b.ptr, b.len, hash);
	free(s->tool);
	s->tool = b.failed || d.failed ? NULL : strdup(hash);
	shelf_buf_free(&b);
	shelf_buf_free(&d);
	return s->tool ? 0 : -1;
}

/* s->global: the tool, shelf.yml and the options that change pages. */
static int
global_hash(site *s, const json_t *build)
{
	shelf_buf b = SHELF_BUF_INIT;
	char hash[SHELF_HASH_LEN];
	json_t *l;
	size_t i;

	if (tool_hash(s) != 0 || shelf_hasher_get(s->hasher, "shelf.yml", 0, hash) != 0)
		return -1;
	shelf_buf_printf(&b, "tool %s\nshelf.yml %s\ncloud %s\nbase_url %s\ndefault %s\n",
	                 s->tool, hash, s->opt->cloud ? s->opt->cloud : "",
	                 s->opt->base_url ? s->opt->base_url : "", s->dflt);
	json_array_foreach(build, i, l)
		shelf_buf_printf(&b, "locale %s\n", json_string_value(l));
	shelf_hash_bytes(b.ptr, b.len, hash);
	s->global = b.failed ? NULL : strdup(hash);
	shelf_buf_free(&b);
	return s->global ? 0 : -1;
}

/* The new manifest's header: this build's settings. */
static int
manifest_header(site *s, shelf_manifest *m, const json_t *build)
{
	shelf_buf l = SHELF_BUF_INIT;
	json_t *v;
	size_t i;

	json_array_foreach(build, i, v)
		shelf_buf_printf(&l, "%s%s", i ? "," : "", json_string_value(v));
	m->version = strdup(SHELF_VERSION);
	m->tool = strdup(s->tool);
	m->global = strdup(s->global);
	m->shard_k = s->shard_k;
	m->shard_n = s->shard_n;
	m->dflt = strdup(s->dflt);
	m->locales = shelf_buf_detach(&l);
	m->base_url = s->opt->base_url ? strdup(s->opt->base_url) : NULL;
	return m->version && m->tool && m->global && m->dflt && m->locales &&
	       (m->base_url || !s->opt->base_url) ? 0 : -1;
}

static int
cmp_mf(const void *a, const void *b)
{
	return strcmp(((const shelf_mf_entry *)a)->rel, ((const shelf_mf_entry *)b)->rel);
}

static char *output_of(const char *rel, int is_article, int json);

/* 1 when out/rel exists as a regular file. */
static int
out_exists(site *s, const char *rel)
{
	shelf_buf p = SHELF_BUF_INIT;
	struct stat st;
	int ok;

	/* below the output folder's descriptor: a path of one name, not
	 * the output folder's path walked again for every page */
	if (s->out_fd >= 0)
		return fstatat(s->out_fd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
	shelf_buf_printf(&p, "%s/%s", s->opt->out_dir, rel);
	ok = !p.failed && lstat(shelf_buf_cstr(&p), &st) == 0 && S_ISREG(st.st_mode);
	shelf_buf_free(&p);
	return ok;
}

static void output_name(shelf_buf *b, const char *rel, int is_article, int json);

/* 1 when the output of item `rel` is there (its page; a page that failed
 * has none, and is made again, failing the same way).  An output deleted
 * by hand is made again, not trusted to the manifest. */
static int
output_present(site *s, const char *rel, int is_article)
{
	shelf_buf_clear(&s->key);
	output_name(&s->key, rel, is_article, 0);
	if (s->key.failed) {
		shelf_buf_init(&s->key, 0);
		return 0;
	}
	return out_exists(s, s->key.ptr);
}

/* 1 when the site-wide files a whole build writes are there. */
static int
site_files_present(site *s, const json_t *build)
{
	json_t *l;
	size_t i;

	if (!out_exists(s, "index.html") || !out_exists(s, "search-index.json") ||
	    (s->ctx->css && !out_exists(s, "shelf.css")))
		return 0;
	json_array_foreach(build, i, l) {
		shelf_buf p = SHELF_BUF_INIT;
		int ok;
		shelf_buf_printf(&p, "%s/index.html", json_string_value(l));
		ok = !p.failed && out_exists(s, shelf_buf_cstr(&p));
		shelf_buf_free(&p);
		if (!ok)
			return 0;
	}
	return 1;
}

/* 1 when every input of `e`, the manifest's entry for `it`, hashes as it
 * did.  `src`: it->src as an input path (or NULL), whose stat the walk
 * took. */
static int
inputs_same(site *s, const site_item *it, const char *src, const shelf_mf_entry *e)
{
	char now[SHELF_HASH_LEN];
	struct stat st;
	size_t i;
	int r;

	for (i = 0; i < e->n_in; i++) {
		int only = strcmp(e->in[i].hash, "+") == 0;
		if (it->st_state && src && strcmp(e->in[i].path, src) == 0) {
			memset(&st, 0, sizeof st);
			st.st_mode = S_IFREG;
			st.st_size = (off_t)it->st_size;
			st.st_mtim.tv_sec = (time_t)it->st_ms;
			st.st_mtim.tv_nsec = (long)it->st_mns;
			st.st_ino = (ino_t)it->st_ino;
			r = shelf_hasher_get_stat(s->hasher, src, it->st_state > 0 ? &st : NULL, only, now);
		} else {
			r = shelf_hasher_get(s->hasher, e->in[i].path, only, now);
		}
		if (r != 0 || strcmp(now, e->in[i].hash) != 0)
			return 0;
	}
	return 1;
}

/* Appends to `b` the output of an item: its page ("a/b.md" -> "a/b.html";
 * `json`: "a/b.json") or the copied file. */
static void
output_name(shelf_buf *b, const char *rel, int is_article, int json)
{
	size_t base = strlen(rel);

	if (is_article) {
		base -= has_suffix(rel, ".md") ? 3 : has_suffix(rel, ".markdown") ? 9 : 0;
		shelf_buf_put(b, rel, base);
		shelf_buf_puts(b, json ? ".json" : ".html");
	} else {
		shelf_buf_puts(b, rel);
	}
}

/* output_name() as a malloc'd string, or NULL. */
static char *
output_of(const char *rel, int is_article, int json)
{
	shelf_buf b = SHELF_BUF_INIT;

	output_name(&b, rel, is_article, json);
	return b.failed ? (shelf_buf_free(&b), NULL) : shelf_buf_detach(&b);
}

/* Deletes out/rel and then each folder above it that is left empty. */
static void
remove_output(site *s, const char *rel)
{
	shelf_buf p = SHELF_BUF_INIT;
	size_t root;

	shelf_buf_printf(&p, "%s/", s->opt->out_dir);
	root = p.len;
	shelf_buf_puts(&p, rel);
	if (p.failed || strstr(rel, "..") != NULL) {
		shelf_buf_free(&p);
		return; /* a manifest names only paths the build made */
	}
	if (unlink(shelf_buf_cstr(&p)) != 0 && errno != ENOENT) {
		report(s, SHELF_E_OUTPUT, shelf_buf_cstr(&p), "cannot remove the output of an "
		       "article that is gone: %s", strerror(errno));
		shelf_buf_free(&p);
		return;
	}
	for (;;) {
		char *slash = strrchr(p.ptr + root, '/');
		if (slash == NULL)
			break;
		shelf_buf_truncate(&p, (size_t)(slash - p.ptr));
		if (rmdir(shelf_buf_cstr(&p)) != 0)
			break;
	}
	shelf_buf_free(&p);
}

/* The entry `e` of the old manifest names outputs nothing in this build
 * makes: they go. */
static void
remove_entry(site *s, const shelf_mf_entry *e)
{
	int art = e->kind == SHELF_MF_PAGE || (e->kind == SHELF_MF_DIRTY && e->is_article);
	char *a = output_of(e->rel, art, 0), *b = art ? output_of(e->rel, art, 1) : NULL;

	if (a)
		remove_output(s, a);
	if (b)
		remove_output(s, b);
	free(a);
	free(b);
	s->stats->removed++;
}

/* 1 when the locale of item `rel` ("ko-kr/a.md") is one of `build`. */
static int
built_locale(const json_t *build, const char *rel)
{
	size_t n = strcspn(rel, "/"), i;
	json_t *l;

	json_array_foreach(build, i, l) {
		const char *v = json_string_value(l);
		if (v && strlen(v) == n && strncmp(v, rel, n) == 0)
			return 1;
	}
	return 0;
}

/* Removes the index of each locale the old manifest's build made and
 * `build` does not (shelf.yml dropped it; the shards merged lack it). */
static void
drop_old_indexes(site *s, const json_t *build)
{
	const char *l;

	for (l = s->old.locales; l && *l; l += strcspn(l, ",") + (l[strcspn(l, ",")] == ',')) {
		shelf_buf idx = SHELF_BUF_INIT;
		shelf_buf_printf(&idx, "%.*s/index.html", (int)strcspn(l, ","), l);
		if (!idx.failed && !built_locale(build, shelf_buf_cstr(&idx)))
			remove_output(s, shelf_buf_cstr(&idx));
		shelf_buf_free(&idx);
	}
}

/* Pairs the items with the old manifest's entries of the same rel, both
 * sorted by it (a merge, not a bsearch for each of either): it->prev,
 * and (*item_of)[j] the item of entry j or NULL (malloc'd).  0, -1 on
 * OOM. */
static int
match_old(site *s, site_item ***item_of)
{
	size_t i = 0, j = 0;

	*item_of = calloc(s->old.n + 1, sizeof **item_of);
	if (*item_of == NULL)
		return -1;
	while (i < s->n_items && j < s->old.n) {
		int c = strcmp(s->items[i].rel, s->old.v[j].rel);
		if (c < 0) {
			i++;
		} else if (c > 0) {
			j++;
		} else {
			s->items[i].prev = &s->old.v[j];
			(*item_of)[j] = &s->items[i];
			i++;
			j++;
		}
	}
	return 0;
}

/* Decides what this build makes: items in the shard, which of them
 * changed since the manifest (every one with --force, another shelf or
 * other settings), and removes the outputs of items that are gone.
 * Before the first output changes, a manifest that no longer claims
 * anything about them is written, so a build killed midway leaves a
 * manifest that is true.  0, -1 on OOM or a write that failed. */
static int
plan_changes(site *s, const json_t *build)
{
	shelf_manifest journal = SHELF_MANIFEST_INIT;
	const char *why = NULL;
	site_item **item_of = NULL;
	size_t i, changed = 0, gone = 0;
	int loaded = 1, rc = 0;

	if ((s->hasher = shelf_hasher_new(s->opt->content_dir, s->opt->out_dir)) == NULL ||
	    global_hash(s, build) != 0 || manifest_header(s, &s->now, build) != 0) {
		report(s, SHELF_E_OUTPUT_FAILED, s->opt->out_dir, "%s", "cannot fingerprint the "
		       "build (a file of templates/ or locales/ could not be read, or out of "
		       "memory), so nothing is built");
		return -1;
	}
	/* read with --force too: what it lists that is gone is removed */
	loaded = shelf_manifest_load(&s->old, s->opt->out_dir, &why);
	if (loaded < 0) {
		shelf_diags d = SHELF_DIAGS_INIT;
		shelf_diags_add(&d, SHELF_W_MANIFEST, SHELF_WARNING, s->opt->out_dir, 0, 0,
		                "the build manifest %s/.shelf/manifest is unusable (%s): every page is "
		                "rendered again", s->opt->out_dir, why);
		emit_list(s, &d);
		shelf_diags_free(&d);
	}
	s->trust = loaded == 0 && !s->opt->force && strcmp(s->old.version, SHELF_VERSION) == 0 &&
	           strcmp(s->old.global, s->global) == 0 && s->old.shard_k == s->shard_k &&
	           s->old.shard_n == s->shard_n;
	if (loaded == 0 && match_old(s, &item_of) != 0) {
		report(s, SHELF_E_OUTPUT_FAILED, s->opt->out_dir, "%s", "out of memory");
		return -1;
	}
	for (i = 0; i < s->n_items; i++) {
		site_item *it = &s->items[i];
		shelf_mf_entry *e;
		const char *src;
		char *own = NULL;
		/* made by this build: in a locale it builds (shelf.yml `locales`
		 * may leave folders out), and in its shard */
		it->in_shard = built_locale(build, it->rel) &&
		               (s->shard_n <= 1 || shelf_shard_of(it->rel, s->shard_n) == s->shard_k);
		if (!it->in_shard)
			continue;
		e = s->trust ? it->prev : NULL;
		src = e ? input_rel(s, it->src) : NULL;
		if (e && src == NULL)
			src = own = input_path(s, it->src);
		if (e && src && strcmp(src, e->src ? e->src : "") == 0 &&
		    e->kind == (it->is_article ? SHELF_MF_PAGE : SHELF_MF_ASSET) &&
		    output_present(s, it->rel, it->is_article) && inputs_same(s, it, src, e))
			it->cached = e;
		it->render = it->cached == NULL;
		changed += it->render;
		free(own);
	}
	for (i = 0; loaded == 0 && i < s->old.n; i++) {
		site_item *hit = item_of[i];
		if (hit == NULL || !hit->in_shard)
			gone++;
	}
	/* replayed without the link maps: only when the manifest holds what
	 * the link check said (a whole build's does), and the indexes and
	 * site files it wrote are still there */
	s->same = s->trust && changed == 0 && gone == 0 &&
	          (s->shard_n > 1 || (s->old.site_diags != NULL && site_files_present(s, build)));
	if (loaded != 0 || (changed == 0 && gone == 0)) {
		free(item_of);
		return 0; /* nothing written before the manifest: it stays true */
	}
	/* the journal: what stays, and the rest as outputs of unknown state */
	journal = s->now;
	journal.cap = s->old.n + 1;
	journal.v = calloc(journal.cap, sizeof *journal.v);
	journal.n = 0;
	if (journal.v == NULL) {
		free(item_of);
		return -1;
	}
	for (i = 0; i < s->old.n; i++) {
		const shelf_mf_entry *e = &s->old.v[i];
		const site_item *hit = item_of[i];
		journal.v[journal.n] = *e;
		if (hit == NULL || hit->cached != e) {
			journal.v[journal.n].kind = SHELF_MF_DIRTY;
			journal.v[journal.n].is_article = e->kind == SHELF_MF_PAGE ||
			                                  (e->kind == SHELF_MF_DIRTY && e->is_article);
		}
		journal.n++;
	}
	for (i = 0; i < s->n_items; i++) {
		const site_item *it = &s->items[i];
		shelf_mf_entry *e;
		if (!it->in_shard || !it->render || it->prev)
			continue;
		if (journal.n == journal.cap) {
			size_t cap = journal.n + 256;
			shelf_mf_entry *nv = realloc(journal.v, cap * sizeof *nv);
			if (nv == NULL)
				break;
			journal.v = nv;
			journal.cap = cap;
		}
		e = &journal.v[journal.n++];
		memset(e, 0, sizeof *e);
		e->kind = SHELF_MF_DIRTY;
		e->rel = it->rel;
		e->src = it->rel;
		e->is_article = it->is_article;
	}
	journal.cap = journal.n;
	if (journal.n > 1)
		qsort(journal.v, journal.n, sizeof *journal.v, cmp_mf);
	{
		mf_file w;
		rc = mf_begin(s, &w, &journal);
		for (i = 0; rc == 0 && i < journal.n; i++)
			mf_put(&w, &journal.v[i]);
		if (rc == 0)
			rc = mf_end(s, &w, NULL, 1);
	}
	free(journal.v); /* the entries are the old manifest's */
	for (i = 0; rc == 0 && i < s->old.n; i++) {
		const site_item *hit = item_of[i];
		if (hit == NULL || !hit->in_shard)
			remove_entry(s, &s->old.v[i]);
	}
	free(item_of);
	if (rc == 0)
		drop_old_indexes(s, build);
	return rc;
}

/* Frees what a site holds. */
static void
site_free(site *s)
{
	size_t i;

	for (i = 0; i < s->n_items; i++) {
		free(s->items[i].src);
		free(s->items[i].rel);
		free(s->items[i].shown);
		free(s->items[i].source);
	}
	free(s->items);
	drop_pages(s, 0);
	free(s->pages);
	free(s->base_url);
	shelf_strmap_free(&s->seen);
	shelf_buf_free(&s->key);
	shelf_buf_free(&s->dbuf);
	shelf_site_links_free(&s->links);
	free(s->take[0].p);
	free(s->take[1].p);
	json_decref(s->real);
	free(s->dflt);
	shelf_manifest_free(&s->old);
	shelf_manifest_free(&s->now);
	shelf_hasher_close(s->hasher, 0);
	free(s->root_real);
	free(s->tool);
	free(s->global);
	free(s->made);
	shelf_render_cache_free(&s->cache);
	if (s->lock_fd >= 0)
		close(s->lock_fd); /* and with it the lock */
	if (s->out_fd >= 0)
		close(s->out_fd);
}

/* The diagnostics `d` as records (record_diag), malloc'd; NULL on OOM. */
static char *
list_record(const shelf_diags *d)
{
	char *p = NULL;
	size_t n = 0, i;
	FILE *f = open_memstream(&p, &n);

	if (f == NULL)
		return NULL;
	for (i = 0; i < d->n; i++)
		record_diag(f, 2, &d->v[i]);
	if (fclose(f) != 0) {
		free(p);
		return NULL;
	}
	return p;
}

/* Prints and counts the diagnostics list_record() wrote, as emit_list(). */
static void
replay_list(site *s, const char *rec)
{
	shelf_rec c = {rec, rec + strlen(rec), 0};
	long kind;

	while (c.p < c.end && *c.p == 'D') {
		shelf_diag d;
		c.p++;
		if (get_diag(&c, &s->dbuf, &d, &kind) == 0)
			emit_one(s, &d);
		if (c.bad)
			break;
	}
}

/* The link check of a build, run beside the writing of the site's files
 * (a thread of its own with -j N): it reads s->links and stats the output
 * folder, and touches nothing the writing does. */
typedef struct link_job {
	const shelf_site_links *links;
	const char *out_dir, *tree;
	const char *const *made;
	size_t n_made;
	shelf_diags d;
} link_job;

static void *
link_job_run(void *arg)
{
	link_job *j = arg;

	shelf_site_links_check(j->links, j->out_dir, j->tree, j->made, j->n_made, &j->d);
	return NULL;
}

/* What needs every page, written after them: each locale's index (of
 * ents[j], n_ents[j] entries; not for a shard's output, indexed by `shelf
 * merge`), shelf.css, search-index.json, sitemap.xml and the top index;
 * and the link check over the whole site, beside them.  Takes `locales`.
 * 0, -1 after reporting. */
static int
site_files(site *s, const json_t *build, json_t *locales, site_entry **ents, size_t *n_ents)
{
	size_t j, nl = json_array_size(build), nm = 0;
	const char **made = calloc(nl + 5, sizeof *made);
	shelf_buf names = SHELF_BUF_INIT; /* the locale indexes' paths, NUL-separated */
	link_job job;
	pthread_t th;
	int threaded = 0, rc = 0;
	json_t *l;

	memset(&job, 0, sizeof job);
	if (made == NULL) {
		json_decref(locales);
		return -1;
	}
	json_array_foreach(build, j, l) {
		shelf_buf_puts(&names, json_string_value(l));
		shelf_buf_puts(&names, "/index.html");
		shelf_buf_putc(&names, '\0');
	}
	for (j = 0; !names.failed && j < names.len; j += strlen(names.ptr + j) + 1)
		made[nm++] = names.ptr + j;
	made[nm++] = "index.html";
	made[nm++] = "search-index.json";
	if (s->ctx->css)
		made[nm++] = "shelf.css";
	if (s->opt->base_url || s->base_url)
		made[nm++] = "sitemap.xml";
	job.links = &s->links;
	job.out_dir = s->opt->out_dir;
	job.tree = s->tree;
	job.made = made;
	job.n_made = nm;
	job.d = (shelf_diags)SHELF_DIAGS_INIT;
	/* with -j N there is a core to spare for it: a fifth of what is left
	 * after the workers end, on a site of 14,000 pages */
	if (s->opt->jobs > 1 && pthread_create(&th, NULL, link_job_run, &job) == 0)
		threaded = 1;
	else
		link_job_run(&job);
	for (j = 0; rc == 0 && j < nl; j++)
		if (s->shard_n == 1 && !s->same) /* a shard's: `shelf merge` writes them */
			rc = locale_index(s, json_string_value(json_array_get(build, j)), ents[j], n_ents[j]);
	if (rc == 0 && s->ctx->css)
		rc = write_atomic(s, s->opt->out_dir, "shelf.css", s->ctx->css, s->ctx->css_len);
	if (rc == 0)
		rc = write_site_files(s, locales);
	if (rc == 0) {
		rc = top_index(s, locales); /* takes `locales` */
		locales = NULL;
	}
	json_decref(locales);
	if (threaded)
		pthread_join(th, NULL);
	emit_list(s, &job.d);
	s->now.site_diags = list_record(&job.d);
	shelf_diags_free(&job.d);
	if (s->now.site_diags == NULL)
		rc = -1;
	shelf_buf_free(&names);
	free(made);
	return rc;
}

/* Builds every locale of `build` (items planned), then what needs the
 * whole site: the link check, shelf.css, search index, sitemap, the top
 * index (not for a shard), and last the manifest. */
static int
build_all(site *s, const json_t *build, size_t *order)
{
	mf_file mf;
	json_t *locales = json_array(), *l;
	size_t j, from, to, done = 0, nl = json_array_size(build);
	site_entry **ents = calloc(nl + 1, sizeof *ents);
	size_t *n_ents = calloc(nl + 1, sizeof *n_ents);
	int rc = 0;

	if (locales == NULL || ents == NULL || n_ents == NULL) {
		json_decref(locales);
		free(ents);
		free(n_ents);
		return -1;
	}
	if (order && s->opt->jobs > 1 && s->to_render > 1)
		workers_start(s, order, s->to_render, (size_t)s->opt->jobs); /* -1: this process renders */
	if (!s->same && mf_begin(s, &mf, &s->now) == 0)
		s->mf = &mf;
	json_array_foreach(build, j, l) {
		const char *name = json_string_value(l);
		shelf_buf href = SHELF_BUF_INIT;
		locale_range(s, name, &from, &to);
		if (rc == 0)
			rc = build_locale(s, from, to, &done, &ents[j], &n_ents[j]);
		shelf_buf_printf(&href, "%s/index.html", name);
		json_array_append_new(locales, json_pack("{s:s, s:s}", "name", name,
		                                         "href", shelf_buf_cstr(&href)));
		shelf_buf_free(&href);
	}
	if (s->workers)
		workers_finish(s, rc == 0);
	if (rc == 0 && s->shard_n <= 1 && s->same && s->old.site_diags) {
		/* nothing changed: the link check would say what it said, and
		 * the indexes are the ones written last time */
		replay_list(s, s->old.site_diags);
		if ((s->opt->base_url ? s->opt->base_url : s->base_url) == NULL)
			s->stats->no_sitemap = 1;
	} else if (rc == 0 && s->shard_n <= 1) {
		rc = site_files(s, build, locales, ents, n_ents);
		locales = NULL; /* taken */
	}
	json_decref(locales);
	for (j = 0; j < nl; j++)
		free_entries(ents[j], n_ents[j]);
	free(ents);
	free(n_ents);
	/* last: unchanged, the manifest would be written with the same bytes */
	if (s->mf && mf_end(s, s->mf, s->now.site_diags, rc == 0 && !s->stats->io_failed) != 0)
		rc = -1;
	s->mf = NULL;
	return rc;
}

int
shelf_site_build(const shelf_ctx *ctx, const shelf_build_options *opt,
                 shelf_build_stats *stats)
{
	shelf_build_options o = *opt;
	site s;
	json_t *folders = json_array(), *build = NULL;
	size_t *order = NULL;
	int rc;

	memset(stats, 0, sizeof *stats);
	if (o.content_dir == NULL)
		o.content_dir = "content";
	if (o.out_dir == NULL)
		o.out_dir = "_site";
	memset(&s, 0, sizeof s);
	s.lock_fd = -1;
	s.pid = getpid();
	s.out_fd = -1;
	s.ctx = ctx;
	s.tree = o.content_dir;
	s.opt = &o;
	s.stats = stats;
	s.shard_k = o.shard_n ? o.shard_k : 1;
	s.shard_n = o.shard_n ? o.shard_n : 1;
	s.old.shard_k = s.old.shard_n = s.now.shard_k = s.now.shard_n = 1;
	if (s.shard_k < 1 || s.shard_k > s.shard_n) {
		report(&s, SHELF_E_SHARDS, "", "%s", "--shard K/N needs 1 <= K <= N");
		json_decref(folders);
		return -1;
	}
	if (check_request(&s, o.content_dir) != 0) {
		json_decref(folders);
		return -1;
	}
	shelf_buf_init(&s.key, 0);
	shelf_buf_init(&s.dbuf, 0);
	s.real = json_object();
	s.root_real = realpath(o.content_dir, NULL);
	if (mkdir(o.out_dir, 0755) != 0 && errno != EEXIST) {
		report(&s, SHELF_E_OUTPUT, o.out_dir, "cannot create output folder: %s", strerror(errno));
		site_free(&s);
		json_decref(folders);
		return -1;
	}
	rc = prepare_out(&s);
	if (rc == 0) {
		struct stat st;
		shelf_buf mp = SHELF_BUF_INIT;
		shelf_buf_printf(&mp, "%s/%s/manifest", o.out_dir, SHELF_MANIFEST_DIR);
		s.walk_stat = !o.force && !mp.failed && lstat(shelf_buf_cstr(&mp), &st) == 0;
		shelf_buf_free(&mp);
		rc = collect(&s, o.content_dir, folders);
	}
	if (rc == 0) {
		shelf_diags d = SHELF_DIAGS_INIT;
		rc = shelf_site_locale_config(o.content_dir, folders, &s.dflt, &build, &d);
		emit_list(&s, &d);
		shelf_diags_free(&d);
	}
	if (rc == 0)
		rc = add_fallbacks(&s, build);
	if (rc == 0)
		rc = plan_changes(&s, build);
	if (rc == 0)
		rc = plan(&s, build, &order);
	if (rc == 0)
		rc = build_all(&s, build, order);
	free(order);
	if (rc == 0)
		shelf_hasher_close(s.hasher, 1);
	else
		shelf_hasher_close(s.hasher, 0);
	s.hasher = NULL;
	site_free(&s);
	json_decref(folders);
	json_decref(build);
	return rc == 0 && !stats->io_failed ? 0 : -1;
}

/* ---- shelf merge -------------------------------------------------------- */

static int
copy_file(site *s, const char *from, const char *rel)
{
	shelf_diags d = SHELF_DIAGS_INIT;
	size_t n;
	char *data = shelf_file_slurp(from, SHELF_MAX_ASSET_BYTES, &n, &d, from);
	int rc;

	if (data == NULL) {
		emit_list(s, &d);
		shelf_diags_free(&d);
		s->stats->io_failed = 1;
		return -1;
	}
	rc = write_atomic(s, s->opt->out_dir, rel, data, n);
	free(data);
	shelf_diags_free(&d);
	return rc;
}

static int
copy_page(site *s, const site_item *it)
{
	size_t shard = strlen(it->src) - strlen(it->rel);
	int k, rc = 0;

	for (k = 0; k < 2 && rc == 0; k++) {
		char *out = output_of(it->rel, 1, k);
		shelf_buf from = SHELF_BUF_INIT;
		shelf_buf_put(&from, it->src, shard);
		shelf_buf_puts(&from, out ? out : "");
		rc = out && !from.failed ? copy_file(s, shelf_buf_cstr(&from), out) : -1;
		shelf_buf_free(&from);
		free(out);
	}
	return rc;
}

static void
merge_error(site *s, const char *where, const char *fmt, const char *arg)
{
	report(s, SHELF_E_SHARDS, where, fmt, arg);
}

/* Checks that the shards' manifests make one build: the same shelf (this
 * one: the same templates and strings), the same settings and tree, N
 * shards each once.  0, or -1 after reporting SH087. */
static int
merge_check(site *s, shelf_manifest *m, const char *const *dirs, size_t n)
{
	unsigned char *seen = calloc(n + 1, 1);
	size_t i, j;
	int rc = 0;

	if (seen == NULL || tool_hash(s) != 0)
		return free(seen), -1;
	for (i = 0; i < n && rc == 0; i++) {
		shelf_buf msg = SHELF_BUF_INIT;
		if (strcmp(m[i].version, SHELF_VERSION) != 0 || strcmp(m[i].tool, s->tool) != 0)
			shelf_buf_printf(&msg, "built by shelf %s with other templates or locale strings "
			                 "than this shelf %s has: build every shard with the same shelf",
			                 m[i].version, SHELF_VERSION);
		else if (m[i].shard_n <= 1)
			shelf_buf_puts(&msg, "not a shard (built without --shard K/N)");
		else if (m[i].shard_n != n)
			shelf_buf_printf(&msg, "shard %lu/%lu: the site is %lu shards and %zu output%s "
			                 "given; give every shard's output", m[i].shard_k, m[i].shard_n,
			                 m[i].shard_n, n, n == 1 ? " is" : "s are");
		else if (strcmp(m[i].global, m[0].global) != 0)
			shelf_buf_printf(&msg, "built from another tree or other settings than %s (its "
			                 "shelf.yml, --cloud, --base-url or locales differ)", dirs[0]);
		else if (seen[m[i].shard_k]++)
			shelf_buf_printf(&msg, "shard %lu/%lu given twice", m[i].shard_k, m[i].shard_n);
		for (j = 0; msg.len == 0 && j < m[i].n; j++)
			if (m[i].v[j].kind == SHELF_MF_DIRTY)
				shelf_buf_printf(&msg, "did not finish (%s was not made): build the shard again",
				                 m[i].v[j].rel);
		if (msg.len) {
			merge_error(s, dirs[i], "%s", msg.failed ? "not a usable shard" : shelf_buf_cstr(&msg));
			rc = -1;
		}
		shelf_buf_free(&msg);
	}
	free(seen);
	return rc;
}

int
shelf_site_merge(const shelf_ctx *ctx, const shelf_build_options *opt,
                 const char *const *shards, size_t n, shelf_build_stats *stats)
{
	shelf_build_options o = *opt;
	shelf_manifest *m = calloc(n + 1, sizeof *m);
	json_t *build = json_array();
	const char *why = NULL;
	size_t i, j;
	site s;
	int rc = 0;

	memset(stats, 0, sizeof *stats);
	memset(&s, 0, sizeof s);
	s.lock_fd = -1;
	s.pid = getpid();
	s.out_fd = -1;
	if (o.out_dir == NULL)
		o.out_dir = "_site";
	o.content_dir = "";
	s.tree = opt->content_dir;
	s.ctx = ctx;
	s.opt = &o;
	s.stats = stats;
	s.merge = 1;
	s.shard_k = s.shard_n = 1;
	s.old.shard_k = s.old.shard_n = s.now.shard_k = s.now.shard_n = 1;
	shelf_buf_init(&s.key, 0);
	shelf_buf_init(&s.dbuf, 0);
	s.real = json_object();
	if (m == NULL || build == NULL || n == 0) {
		rc = -1;
		goto done;
	}
	for (i = 0; i < n; i++) {
		int r;
		m[i].shard_k = m[i].shard_n = 1;
		r = shelf_manifest_load(&m[i], shards[i], &why);
		if (r != 0) {
			merge_error(&s, shards[i], "%s", r > 0 ? "no build manifest (.shelf/manifest): "
			            "not the output of `shelf build --shard K/N`" : why);
			rc = -1;
		}
	}
	if (rc == 0)
		rc = merge_check(&s, m, shards, n);
	if (rc != 0)
		goto done;
	/* the settings every shard shares */
	s.dflt = strdup(m[0].dflt ? m[0].dflt : "en-us");
	s.global = strdup(m[0].global);
	o.base_url = m[0].base_url;
	{
		const char *p = m[0].locales ? m[0].locales : "";
		while (*p) {
			size_t k = strcspn(p, ",");
			char *one = strndup(p, k);
			json_array_append_new(build, json_string(one ? one : ""));
			free(one);
			p += k + (p[k] == ',');
		}
	}
	if (s.dflt == NULL || s.global == NULL || manifest_header(&s, &s.now, build) != 0) {
		rc = -1;
		goto done;
	}
	for (i = 0; i < n && rc == 0; i++)
		for (j = 0; j < m[i].n && rc == 0; j++) {
			shelf_mf_entry *e = &m[i].v[j];
			shelf_buf src = SHELF_BUF_INIT;
			shelf_buf_printf(&src, "%s/%s", shards[i], e->rel);
			rc = src.failed ? -1 : add_item(&s, shelf_buf_cstr(&src), e->rel,
			                                 e->kind == SHELF_MF_PAGE);
			if (rc == 0) {
				site_item *it = &s.items[s.n_items - 1];
				it->in_shard = 1;
				it->cached = e;
				it->render = e->kind == SHELF_MF_ASSET; /* copied */
				free(it->shown); /* named as in the tree the shards were built from */
				it->shown = strdup(e->rel);
				if (it->shown == NULL)
					rc = -1;
			}
			shelf_buf_free(&src);
		}
	if (rc == 0 && s.n_items > 1) {
		qsort(s.items, s.n_items, sizeof *s.items, cmp_item);
		for (i = 1; i < s.n_items && rc == 0; i++)
			if (strcmp(s.items[i - 1].rel, s.items[i].rel) == 0) {
				merge_error(&s, s.items[i].rel, "%s", "made by two shards: build every "
				            "shard from the same tree");
				rc = -1;
			}
	}
	if (rc != 0)
		goto done;
	if (mkdir(o.out_dir, 0755) != 0 && errno != EEXIST) {
		report(&s, SHELF_E_OUTPUT, o.out_dir, "cannot create output folder: %s", strerror(errno));
		rc = -1;
		goto done;
	}
	if (prepare_out(&s) != 0) {
		rc = -1;
		goto done;
	}
	/* what OUT held that the shards do not make goes; without a manifest
	 * until the merge ends, a merge killed midway is not trusted */
	if (shelf_manifest_load(&s.old, o.out_dir, &why) == 0) {
		shelf_buf mp = SHELF_BUF_INIT;
		shelf_buf_printf(&mp, "%s/%s/manifest", o.out_dir, SHELF_MANIFEST_DIR);
		if (!mp.failed)
			unlink(shelf_buf_cstr(&mp));
		shelf_buf_free(&mp);
		for (i = 0; i < s.old.n; i++) {
			site_item probe;
			probe.rel = s.old.v[i].rel;
			if (bsearch(&probe, s.items, s.n_items, sizeof *s.items, cmp_item) == NULL)
				remove_entry(&s, &s.old.v[i]);
		}
		drop_old_indexes(&s, build);
	}
	rc = build_all(&s, build, NULL);
done:
	for (i = 0; m && i < n; i++)
		shelf_manifest_free(&m[i]);
	free(m);
	json_decref(build);
	site_free(&s);
	return rc == 0 && !stats->io_failed ? 0 : -1;
}
