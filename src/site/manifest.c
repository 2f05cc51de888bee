/*
 * manifest.c - the build manifest and the stat cache (manifest.h).
 *
 * Both files are a header line and then fields: a number is decimal
 * digits and ';', a string its length, ':' and its bytes, or '~' for
 * NULL (the framing of site.c's page records, which the manifest holds).
 */
#include "manifest.h"
#include "read.h"
#include "strmap.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MANIFEST_MAGIC "shelf-manifest 1\n"
#define STAT_MAGIC "shelf-stat 1\n"

/* The digest of `c`, cut to SHELF_HASH_LEN - 1 hex digits, into `hash`. */
static void
hash_end(struct sha256_ctx *c, char hash[SHELF_HASH_LEN])
{
	static const char hex[] = "0123456789abcdef";
	uint8_t d[SHA256_DIGEST_SIZE];
	size_t i;

	sha256_digest(c, sizeof d, d);
	for (i = 0; i < (SHELF_HASH_LEN - 1) / 2; i++) {
		hash[2 * i] = hex[d[i] >> 4];
		hash[2 * i + 1] = hex[d[i] & 15];
	}
	hash[SHELF_HASH_LEN - 1] = '\0';
}

void
shelf_hash_bytes(const void *p, size_t n, char hash[SHELF_HASH_LEN])
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, n, p);
	hash_end(&c, hash);
}

unsigned long
shelf_shard_of(const char *rel, unsigned long n)
{
	struct sha256_ctx c;
	uint8_t d[SHA256_DIGEST_SIZE];
	unsigned long long v = 0;
	int i;

	sha256_init(&c);
	sha256_update(&c, strlen(rel), (const uint8_t *)rel);
	sha256_digest(&c, sizeof d, d);
	for (i = 0; i < 8; i++)
		v = v << 8 | d[i];
	return n ? (unsigned long)(v % n) + 1 : 1;
}

/* ---- reading fields from memory ---------------------------------------- */


/* The digits at *p (at most `max` of them, before `end`) as a number
 * into *v; how many there were.  The pointers are kept in registers, not
 * the record's fields (a no-change rebuild reads 600,000 digits). */
static int
rd_digits(const char **p, const char *end, int max, unsigned long long *v)
{
	const char *q = *p;
	unsigned long long x = 0;
	int digits = 0;

	while (q < end && digits < max && (unsigned)(*q - '0') < 10) {
		x = x * 10 + (unsigned)(*q++ - '0');
		digits++;
	}
	*p = q;
	*v = x;
	return digits;
}

long
shelf_rec_num(shelf_rec *c)
{
	unsigned long long v;
	int neg = 0;

	if (c->bad)
		return 0;
	if (c->p < c->end && *c->p == '-') { /* a file time before 1970 */
		neg = 1;
		c->p++;
	}
	if (!rd_digits(&c->p, c->end, 18, &v) || c->p >= c->end || *c->p != ';') {
		c->bad = 1;
		return 0;
	}
	c->p++;
	return neg ? -(long)v : (long)v;
}

const char *
shelf_rec_view(shelf_rec *c, size_t *len)
{
	unsigned long long n;
	const char *v;

	*len = 0;
	if (c->bad || c->p >= c->end)
		return c->bad = 1, NULL;
	if (*c->p == '~') {
		c->p++;
		return NULL;
	}
	if (!rd_digits(&c->p, c->end, 12, &n) || c->p >= c->end || *c->p != ':' ||
	    (size_t)(c->end - c->p - 1) < n)
		return c->bad = 1, NULL;
	v = ++c->p;
	c->p += n;
	*len = (size_t)n;
	return v;
}

/* A string field: malloc'd (NULL for '~', or on a bad field: c->bad). */
char *
shelf_rec_str(shelf_rec *c, size_t *len)
{
	size_t n;
	const char *v = shelf_rec_view(c, &n);
	char *s;

	if (v == NULL)
		return NULL;
	if ((s = malloc(n + 1)) == NULL)
		return c->bad = 1, NULL;
	memcpy(s, v, n);
	s[n] = '\0';
	if (len)
		*len = n;
	return s;
}

size_t
shelf_rec_fmt(char out[SHELF_REC_NUM_MAX], long long v, char end)
{
	char t[SHELF_REC_NUM_MAX];
	size_t at = sizeof t, n;
	unsigned long long x = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	t[--at] = end;
	do {
		t[--at] = (char)('0' + x % 10);
		x /= 10;
	} while (x);
	if (v < 0)
		t[--at] = '-';
	n = sizeof t - at;
	memcpy(out, t + at, n);
	return n;
}

static void
wr_num(shelf_buf *b, long v)
{
	char t[SHELF_REC_NUM_MAX];

	shelf_buf_put(b, t, shelf_rec_fmt(t, v, ';'));
}

static void
wr_strn(shelf_buf *b, const char *s, size_t n)
{
	char t[SHELF_REC_NUM_MAX];

	if (s == NULL) {
		shelf_buf_putc(b, '~');
		return;
	}
	shelf_buf_put(b, t, shelf_rec_fmt(t, (long long)n, ':'));
	shelf_buf_put(b, s, n);
}

static void
wr_str(shelf_buf *b, const char *s)
{
	wr_strn(b, s, s ? strlen(s) : 0);
}

/* ---- the manifest ------------------------------------------------------ */

void
shelf_mf_entry_free(shelf_mf_entry *e)
{
	size_t i;

	for (i = 0; !e->borrowed && i < e->n_in; i++)
		free(e->in[i].path);
	free(e->in);
	if (!e->borrowed) {
		free(e->rel);
		free(e->src);
		free(e->record);
	}
	memset(e, 0, sizeof *e);
}

void
shelf_manifest_free(shelf_manifest *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		shelf_mf_entry_free(&m->v[i]);
	free(m->v);
	free(m->version);
	free(m->tool);
	free(m->global);
	free(m->dflt);
	free(m->locales);
	free(m->base_url);
	free(m->site_diags);
	if (m->raw_mapped)
		munmap(m->raw, m->raw_mapped);
	else
		free(m->raw);
	free(m->strings);
	memset(m, 0, sizeof *m);
	m->shard_k = m->shard_n = 1;
}

int
shelf_manifest_add(shelf_manifest *m, shelf_mf_entry *e)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 256;
		shelf_mf_entry *nv = realloc(m->v, cap * sizeof *nv);
		if (nv == NULL)
			return -1;
		m->v = nv;
		m->cap = cap;
	}
	m->v[m->n++] = *e;
	memset(e, 0, sizeof *e);
	return 0;
}

static int
cmp_rel(const void *a, const void *b)
{
	return strcmp(((const shelf_mf_entry *)a)->rel, ((const shelf_mf_entry *)b)->rel);
}

int
shelf_manifest_sort(shelf_manifest *m)
{
	size_t i;

	/* a build writes them sorted but for a site of several locales */
	for (i = 1; i < m->n && strcmp(m->v[i - 1].rel, m->v[i].rel) < 0; i++)
		;
	if (m->n <= 1 || i == m->n)
		return 0;
	qsort(m->v, m->n, sizeof *m->v, cmp_rel);
	for (i = 1; i < m->n; i++)
		if (strcmp(m->v[i - 1].rel, m->v[i].rel) == 0)
			return -1;
	return 0;
}

shelf_mf_entry *
shelf_manifest_find(const shelf_manifest *m, const char *rel)
{
	shelf_mf_entry probe;

	if (m->n == 0)
		return NULL;
	memset(&probe, 0, sizeof probe);
	probe.rel = (char *)rel;
	return bsearch(&probe, m->v, m->n, sizeof *m->v, cmp_rel);
}

/* A string field copied to *at with a NUL after it (*at moves past); a
 * manifest of 16,000 pages is read without 70,000 allocations.  NULL for
 * '~' or a bad field. */
static char *
rd_str_to(shelf_rec *c, char **at)
{
	size_t n;
	const char *v = shelf_rec_view(c, &n);
	char *s = *at;

	if (v == NULL)
		return NULL;
	memcpy(s, v, n);
	s[n] = '\0';
	*at += n + 1;
	return s;
}

/* Reads one entry: its record where `c` reads it, its other strings
 * copied to *at (see rd_str_to()).  0, -1 on a bad one. */
static int
rd_entry(shelf_rec *c, shelf_mf_entry *e, char **at)
{
	long n, i;

	memset(e, 0, sizeof *e);
	e->borrowed = 1;
	if (c->p >= c->end)
		return -1;
	e->kind = *c->p++;
	e->rel = rd_str_to(c, at);
	e->src = rd_str_to(c, at);
	if (e->kind == SHELF_MF_DIRTY) {
		e->is_article = shelf_rec_num(c) != 0;
		return c->bad || e->rel == NULL ? -1 : 0;
	}
	if (e->kind != SHELF_MF_PAGE && e->kind != SHELF_MF_ASSET)
		return -1;
	n = shelf_rec_num(c);
	/* at least 4 bytes a field: a count beyond the bytes left is a lie */
	if (c->bad || n < 0 || n > (c->end - c->p) / 4)
		return -1;
	if (n && (e->in = calloc((size_t)n, sizeof *e->in)) == NULL)
		return -1;
	e->n_in = (size_t)n;
	for (i = 0; i < n && !c->bad; i++) {
		size_t hn;
		const char *h = shelf_rec_view(c, &hn);
		e->in[i].path = rd_str_to(c, at);
		hn = h ? strnlen(h, hn) : 0; /* as a C string */
		if (h && hn < SHELF_HASH_LEN) {
			memcpy(e->in[i].hash, h, hn);
			e->in[i].hash[hn] = '\0';
		} else {
			c->bad = 1;
		}
		if (e->in[i].path == NULL)
			c->bad = 1;
	}
	if (e->kind == SHELF_MF_PAGE) {
		/* where it is: a no-change rebuild only reads it */
		e->record = (char *)shelf_rec_view(c, &e->record_len);
		if (e->record == NULL)
			c->bad = 1;
	}
	return c->bad || e->rel == NULL ? -1 : 0;
}

/* shelf_manifest_parse() of the n bytes at m->raw, which the manifest
 * keeps (and frees): its entries' records are in it. */
static int
parse_raw(shelf_manifest *m, size_t n, const char **why)
{
	const char *raw = m->raw;
	char *at;
	long count;
	shelf_rec c;

	*why = "it is damaged";
	/* every string is shorter than its field: the copies fit in n bytes */
	if ((m->strings = at = malloc(n + 1)) == NULL) {
		*why = "out of memory";
		goto bad;
	}
	c.p = raw;
	c.end = raw + n;
	c.bad = 0;
	if (n < sizeof MANIFEST_MAGIC - 1 || memcmp(raw, MANIFEST_MAGIC, sizeof MANIFEST_MAGIC - 1)) {
		*why = "it is not a shelf manifest of this format";
		goto bad;
	}
	c.p += sizeof MANIFEST_MAGIC - 1;
	m->version = shelf_rec_str(&c, NULL);
	m->tool = shelf_rec_str(&c, NULL);
	m->global = shelf_rec_str(&c, NULL);
	m->shard_k = (unsigned long)shelf_rec_num(&c);
	m->shard_n = (unsigned long)shelf_rec_num(&c);
	m->dflt = shelf_rec_str(&c, NULL);
	m->locales = shelf_rec_str(&c, NULL);
	m->base_url = shelf_rec_str(&c, NULL);
	if (c.bad || m->version == NULL || m->tool == NULL || m->global == NULL ||
	    m->dflt == NULL || m->locales == NULL || m->shard_k < 1 || m->shard_k > m->shard_n)
		goto bad;
	/* entries in the order the build made them, then 'Z', what the link
	 * check said, and the count: a manifest cut short has no end */
	while (c.p < c.end && *c.p != 'Z') {
		shelf_mf_entry e;
		if (rd_entry(&c, &e, &at) != 0 || shelf_manifest_add(m, &e) != 0) {
			shelf_mf_entry_free(&e);
			goto bad;
		}
	}
	if (c.p >= c.end)
		goto bad;
	c.p++;
	m->site_diags = shelf_rec_str(&c, NULL);
	count = shelf_rec_num(&c);
	if (c.bad || count < 0 || (size_t)count != m->n || c.p != c.end ||
	    shelf_manifest_sort(m) != 0)
		goto bad;
	return 0;
bad:
	shelf_manifest_free(m);
	return -1;
}

int
shelf_manifest_parse(shelf_manifest *m, const char *raw, size_t n, const char **why)
{
	char *copy = malloc(n + 1);

	if (copy == NULL) {
		*why = "out of memory";
		return -1;
	}
	memcpy(copy, raw, n);
	m->raw = copy;
	return parse_raw(m, n, why);
}

/* The file at `path` mapped (its length in *n; NULL *n 0 for an empty
 * one, which *mapped says is not mapped), or read when it cannot be; NULL
 * when it is not a regular file of at most SHELF_MAX_MANIFEST_BYTES or
 * cannot be read.  Mapped, the 20 MB of a big site's manifest are neither
 * copied nor given fresh pages: a no-change rebuild spent a fifth of its
 * time reading it.  (A file cut short under the mapping would fault; a
 * manifest is only ever replaced by rename(), by a build or merge that
 * holds OUT/.shelf/lock.) */
static char *
map_file(const char *path, size_t *n, size_t *mapped)
{
	shelf_diags d = SHELF_DIAGS_INIT;
	struct stat st;
	void *p = MAP_FAILED;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *raw;

	*n = *mapped = 0;
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (unsigned long long)st.st_size > SHELF_MAX_MANIFEST_BYTES) {
		close(fd);
		return NULL;
	}
	if (st.st_size > 0)
		p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p != MAP_FAILED) {
		*n = *mapped = (size_t)st.st_size;
		return p;
	}
	raw = shelf_file_slurp(path, SHELF_MAX_MANIFEST_BYTES, n, &d, "manifest");
	shelf_diags_free(&d);
	return raw;
}

int
shelf_manifest_load(shelf_manifest *m, const char *out_dir, const char **why)
{
	shelf_buf path = SHELF_BUF_INIT;
	struct stat st;
	size_t n = 0, mapped = 0;
	char *raw;

	shelf_buf_printf(&path, "%s/%s/manifest", out_dir, SHELF_MANIFEST_DIR);
	if (path.failed) {
		*why = "out of memory";
		shelf_buf_free(&path);
		return -1;
	}
	if (lstat(shelf_buf_cstr(&path), &st) != 0) {
		shelf_buf_free(&path);
		return 1;
	}
	raw = S_ISREG(st.st_mode) ? map_file(shelf_buf_cstr(&path), &n, &mapped) : NULL;
	shelf_buf_free(&path);
	if (raw == NULL) {
		*why = "it cannot be read";
		return -1;
	}
	m->raw = raw;
	m->raw_mapped = mapped;
	return parse_raw(m, n, why);
}

int
shelf_manifest_write_head(shelf_buf *b, const shelf_manifest *m)
{
	shelf_buf_puts(b, MANIFEST_MAGIC);
	wr_str(b, m->version);
	wr_str(b, m->tool);
	wr_str(b, m->global);
	wr_num(b, (long)m->shard_k);
	wr_num(b, (long)m->shard_n);
	wr_str(b, m->dflt);
	wr_str(b, m->locales);
	wr_str(b, m->base_url);
	return b->failed ? -1 : 0;
}

int
shelf_manifest_write_entry(shelf_buf *b, const shelf_mf_entry *e)
{
	size_t j;

	shelf_buf_putc(b, (char)e->kind);
	wr_str(b, e->rel);
	wr_str(b, e->src);
	if (e->kind == SHELF_MF_DIRTY) {
		wr_num(b, e->is_article);
		return b->failed ? -1 : 0;
	}
	wr_num(b, (long)e->n_in);
	for (j = 0; j < e->n_in; j++) {
		wr_str(b, e->in[j].hash);
		wr_str(b, e->in[j].path);
	}
	if (e->kind == SHELF_MF_PAGE)
		wr_strn(b, e->record, e->record_len);
	return b->failed ? -1 : 0;
}

int
shelf_manifest_write_end(shelf_buf *b, const char *site_diags, size_t count)
{
	shelf_buf_putc(b, 'Z');
	wr_str(b, site_diags);
	wr_num(b, (long)count);
	return b->failed ? -1 : 0;
}

int
shelf_manifest_dump(const shelf_manifest *m, shelf_buf *b)
{
	size_t i;

	shelf_manifest_write_head(b, m);
	for (i = 0; i < m->n; i++)
		shelf_manifest_write_entry(b, &m->v[i]);
	shelf_manifest_write_end(b, m->site_diags, m->n);
	return b->failed ? -1 : 0;
}

/* ---- the stat cache ---------------------------------------------------- */

typedef struct stat_entry {
	const char *path; /* the key in the hasher's `paths` */
	long long size, mtime_s, mtime_ns, ino;
	char hash[SHELF_HASH_LEN];
	int looked;       /* this run: `now` holds what the file is */
	char now[SHELF_HASH_LEN];
} stat_entry;

struct shelf_hasher {
	char *content;
	int content_fd;   /* the content folder, open: a relative path is looked
	                     up from it (-1: joined to `content`) */
	shelf_buf full;   /* a path joined, kept between calls */
	char *out;
	stat_entry *v;
	size_t n, cap;
	shelf_strmap paths; /* path -> entry number (a bsearch and a jansson
	                       index of the new ones cost a sixth of a
	                       no-change rebuild; it also holds the paths) */
	long long written; /* when the cache was written (seconds) */
	int dirty;
	char *chunk;       /* HASH_CHUNK bytes, made once: a megabyte malloc'd
	                      per file was an mmap, an munmap and fresh pages
	                      for every article hashed */
};

/* Most bytes hashed of one file in one read: 1 MiB at a time. */
#define HASH_CHUNK ((size_t)1 << 20)

/* The entry of `path`, or NULL. */
static stat_entry *
stat_find(const shelf_hasher *h, const char *path)
{
	const shelf_strmap_ent *at = shelf_strmap_get(&h->paths, path, strlen(path));

	return at ? &h->v[at->val] : NULL;
}

/* A new entry for the n bytes of `path` (a path that has one: NULL). */
static stat_entry *
stat_add(shelf_hasher *h, const char *path, size_t n)
{
	shelf_strmap_ent *at;
	stat_entry *e;

	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 1024;
		stat_entry *nv = realloc(h->v, cap * sizeof *nv);
		if (nv == NULL)
			return NULL;
		h->v = nv;
		h->cap = cap;
	}
	if (shelf_strmap_add(&h->paths, path, n, h->n, &at) != 1)
		return NULL;
	e = &h->v[h->n++];
	memset(e, 0, sizeof *e);
	e->path = at->key;
	return e;
}

static void
stat_load(shelf_hasher *h)
{
	shelf_buf path = SHELF_BUF_INIT;
	shelf_diags d = SHELF_DIAGS_INIT;
	struct stat st;
	size_t n = 0;
	char *raw;
	shelf_rec c;

	shelf_buf_printf(&path, "%s/%s/stat", h->out, SHELF_MANIFEST_DIR);
	raw = !path.failed && lstat(shelf_buf_cstr(&path), &st) == 0 && S_ISREG(st.st_mode)
	      ? shelf_file_slurp(shelf_buf_cstr(&path), SHELF_MAX_MANIFEST_BYTES, &n, &d, "stat")
	      : NULL;
	shelf_diags_free(&d);
	shelf_buf_free(&path);
	if (raw == NULL)
		return;
	c.p = raw;
	c.end = raw + n;
	c.bad = n < sizeof STAT_MAGIC - 1 || memcmp(raw, STAT_MAGIC, sizeof STAT_MAGIC - 1) != 0;
	if (!c.bad)
		c.p += sizeof STAT_MAGIC - 1;
	h->written = shelf_rec_num(&c);
	while (!c.bad && c.p < c.end) {
		size_t pn, hn;
		const char *p = shelf_rec_view(&c, &pn), *hash = shelf_rec_view(&c, &hn);
		long long size = shelf_rec_num(&c), ms = shelf_rec_num(&c), mns = shelf_rec_num(&c), ino = shelf_rec_num(&c);
		stat_entry *e;
		/* as C strings: a NUL ends them */
		pn = p ? strnlen(p, pn) : 0;
		hn = hash ? strnlen(hash, hn) : 0;
		if (!c.bad && p && hash && hn < SHELF_HASH_LEN && (e = stat_add(h, p, pn)) != NULL) {
			e->size = size;
			e->mtime_s = ms;
			e->mtime_ns = mns;
			e->ino = ino;
			memcpy(e->hash, hash, hn);
			e->hash[hn] = '\0';
		}
	}
	free(raw);
}

shelf_hasher *
shelf_hasher_new(const char *content_dir, const char *out_dir)
{
	shelf_hasher *h = calloc(1, sizeof *h);

	if (h == NULL)
		return NULL;
	h->content = strdup(content_dir);
	h->content_fd = open(content_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	shelf_buf_init(&h->full, 0);
	h->out = strdup(out_dir);
	if (h->content == NULL || h->out == NULL) {
		shelf_hasher_close(h, 0);
		return NULL;
	}
	stat_load(h);
	return h;
}

/* Hashes the file open as `fd`; 0, -1 when it cannot be read. */
static int
hash_fd(shelf_hasher *h, int fd, char hash[SHELF_HASH_LEN])
{
	struct sha256_ctx c;
	char *chunk = h->chunk ? h->chunk : (h->chunk = malloc(HASH_CHUNK));
	ssize_t r;

	if (chunk == NULL)
		return -1;
	sha256_init(&c);
	while ((r = read(fd, chunk, HASH_CHUNK)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		sha256_update(&c, (size_t)r, (const uint8_t *)chunk);
	}
	hash_end(&c, hash);
	return 0;
}

/* shelf_hasher_get() and shelf_hasher_get_stat(): `given` 1 when `gst`
 * is the caller's stat of the file (NULL: none). */
static int
hasher_get(shelf_hasher *h, const char *path, int given, const struct stat *gst,
           int exists_only, char hash[SHELF_HASH_LEN])
{
	stat_entry *e = stat_find(h, path);
	const char *full = path;
	struct stat st;
	int fd, dir = AT_FDCWD;

	if (e && e->looked) {
		strcpy(hash, exists_only && e->now[0] != '-' ? "+" : e->now);
		return 0;
	}
	if (e == NULL && (e = stat_add(h, path, strlen(path))) == NULL)
		return -1;
	if (path[0] != '/' && h->content_fd >= 0) {
		dir = h->content_fd; /* one name's walk, not the content folder's again */
	} else if (path[0] != '/') {
		shelf_buf_clear(&h->full);
		shelf_buf_puts(&h->full, h->content);
		shelf_buf_putc(&h->full, '/');
		shelf_buf_puts(&h->full, path);
		if (h->full.failed)
			return shelf_buf_init(&h->full, 0), -1;
		full = h->full.ptr;
	}
	e->looked = 1;
	if (given && gst)
		st = *gst;
	if ((given ? gst == NULL : fstatat(dir, full, &st, 0) != 0) || !S_ISREG(st.st_mode)) {
		strcpy(e->now, "-");
	} else if (e->hash[0] && e->size == (long long)st.st_size &&
	           e->mtime_s == (long long)st.st_mtim.tv_sec &&
	           e->mtime_ns == (long long)st.st_mtim.tv_nsec &&
	           e->ino == (long long)st.st_ino &&
	           /* a file changed in the same second the cache was
	            * written may still show the old stat: hash it again */
	           (long long)st.st_mtim.tv_sec < h->written) {
		strcpy(e->now, e->hash);
	} else if ((fd = openat(dir, full, O_RDONLY | O_CLOEXEC)) < 0 ||
	           hash_fd(h, fd, e->now) != 0) {
		if (fd >= 0)
			close(fd);
		strcpy(e->now, "-"); /* unreadable: as if absent, so it never matches */
		e->hash[0] = '\0';
	} else {
		close(fd);
		strcpy(e->hash, e->now);
		e->size = (long long)st.st_size;
		e->mtime_s = (long long)st.st_mtim.tv_sec;
		e->mtime_ns = (long long)st.st_mtim.tv_nsec;
		e->ino = (long long)st.st_ino;
		h->dirty = 1;
	}
	strcpy(hash, exists_only && e->now[0] != '-' ? "+" : e->now);
	return 0;
}

int
shelf_hasher_look(shelf_hasher *h, const char *path, shelf_file_seen *seen)
{
	char hash[SHELF_HASH_LEN];
	stat_entry *e;

	if (hasher_get(h, path, 0, NULL, 0, hash) != 0 || (e = stat_find(h, path)) == NULL)
		return -1;
	strcpy(seen->hash, e->now);
	seen->size = e->size;
	seen->mtime_s = e->mtime_s;
	seen->mtime_ns = e->mtime_ns;
	seen->ino = e->ino;
	return 0;
}

int
shelf_hasher_put(shelf_hasher *h, const char *path, const shelf_file_seen *seen,
                 int exists_only, char hash[SHELF_HASH_LEN])
{
	stat_entry *e = stat_find(h, path);

	if (e == NULL && (e = stat_add(h, path, strlen(path))) == NULL)
		return -1;
	if (!e->looked) {
		e->looked = 1;
		strcpy(e->now, seen->hash);
		if (seen->hash[0] != '-' &&
		    (strcmp(e->hash, seen->hash) != 0 || e->size != seen->size ||
		     e->mtime_s != seen->mtime_s || e->mtime_ns != seen->mtime_ns ||
		     e->ino != seen->ino)) {
			strcpy(e->hash, seen->hash);
			e->size = seen->size;
			e->mtime_s = seen->mtime_s;
			e->mtime_ns = seen->mtime_ns;
			e->ino = seen->ino;
			h->dirty = 1;
		}
	}
	strcpy(hash, exists_only && e->now[0] != '-' ? "+" : e->now);
	return 0;
}

int
shelf_hasher_get(shelf_hasher *h, const char *path, int exists_only, char hash[SHELF_HASH_LEN])
{
	return hasher_get(h, path, 0, NULL, exists_only, hash);
}

int
shelf_hasher_get_stat(shelf_hasher *h, const char *path, const struct stat *st,
                      int exists_only, char hash[SHELF_HASH_LEN])
{
	return hasher_get(h, path, 1, st, exists_only, hash);
}

static int
cmp_stat_ptr(const void *a, const void *b)
{
	return strcmp((*(const stat_entry *const *)a)->path, (*(const stat_entry *const *)b)->path);
}

static void
stat_save(shelf_hasher *h)
{
	shelf_buf b = SHELF_BUF_INIT, dir = SHELF_BUF_INIT, fin = SHELF_BUF_INIT, tmp = SHELF_BUF_INIT;
	const stat_entry **order = malloc((h->n + 1) * sizeof *order);
	size_t i;
	int fd;

	/* by path, so that the next build's stat_load() need not sort */
	if (order == NULL)
		return; /* the next build hashes again */
	for (i = 0; i < h->n; i++)
		order[i] = &h->v[i];
	if (h->n > 1)
		qsort(order, h->n, sizeof *order, cmp_stat_ptr);
	shelf_buf_init(&b, SHELF_MAX_MANIFEST_BYTES);
	shelf_buf_puts(&b, STAT_MAGIC);
	wr_num(&b, (long)time(NULL));
	for (i = 0; i < h->n; i++) {
		const stat_entry *e = order[i];
		if (!e->hash[0] || !e->looked || e->now[0] == '-')
			continue; /* only what this build saw */
		wr_str(&b, e->path);
		wr_str(&b, e->hash);
		wr_num(&b, (long)e->size);
		wr_num(&b, (long)e->mtime_s);
		wr_num(&b, (long)e->mtime_ns);
		wr_num(&b, (long)e->ino);
	}
	shelf_buf_printf(&dir, "%s/%s", h->out, SHELF_MANIFEST_DIR);
	shelf_buf_printf(&fin, "%s/stat", shelf_buf_cstr(&dir));
	/* the build's folder of temporary files (emptied by each build) */
	shelf_buf_printf(&tmp, "%s/tmp/stat-%ld", shelf_buf_cstr(&dir), (long)getpid());
	if (!b.failed && !fin.failed && !tmp.failed &&
	    (mkdir(shelf_buf_cstr(&dir), 0755) == 0 || errno == EEXIST) &&
	    (fd = open(shelf_buf_cstr(&tmp), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	               0644)) >= 0) {
		int ok = write(fd, b.ptr, b.len) == (ssize_t)b.len;
		if (close(fd) != 0 || !ok || rename(shelf_buf_cstr(&tmp), shelf_buf_cstr(&fin)) != 0)
			unlink(shelf_buf_cstr(&tmp));
	}
	shelf_buf_free(&b);
	shelf_buf_free(&dir);
	shelf_buf_free(&fin);
	shelf_buf_free(&tmp);
	free(order);
}

void
shelf_hasher_close(shelf_hasher *h, int save)
{
	if (h == NULL)
		return;
	if (save && h->dirty)
		stat_save(h);
	free(h->v);
	free(h->chunk);
	shelf_strmap_free(&h->paths);
	if (h->content_fd >= 0)
		close(h->content_fd);
	shelf_buf_free(&h->full);
	free(h->content);
	free(h->out);
	free(h);
}
