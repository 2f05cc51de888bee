/*
 * manifest.h - what an output folder was built from, so that the next
 * build renders only what changed.
 *
 * OUT/.shelf/manifest lists, for every page, the item it came from, the
 * files the render read or looked for (article, includes, snippets, media,
 * the translation's source) with a content hash each, and the page's
 * record: what rendering it told the build (diagnostics, index entry, link
 * data, search record).  A page whose inputs all hash the same is not
 * rendered again: its record is replayed, so the indexes, the link check
 * and the diagnostics come out as a full build's.  What every page depends
 * on (shelf's version, templates, locale strings, shelf.yml, the options
 * that change pages) is one hash in the header: when it changes, every
 * page is rendered.
 *
 * The manifest holds no time stamps or inode numbers, so two builds of the
 * same tree write the same bytes, on any machine (shards merged by
 * `shelf merge` equal one build).  Which file is unchanged since it was
 * hashed is remembered in OUT/.shelf/stat (size, mtime, inode, hash): a
 * cache of this machine's file system, used only when a file's stat is
 * identical, and never needed (without it every input is hashed again).
 */
#ifndef SHELF_MANIFEST_H
#define SHELF_MANIFEST_H

#include <stddef.h>
#include "buf.h"

/* The folder of build state inside the output folder. */
#define SHELF_MANIFEST_DIR ".shelf"
/* Largest manifest or stat cache read: 1 GiB.  A 16,000-article site
 * writes about 20 MB; a bigger file is not one shelf wrote. */
#define SHELF_MAX_MANIFEST_BYTES ((size_t)1024 * 1024 * 1024)
/* A content hash: 32 hex digits (128 bits of SHA-256) and a NUL.  "-" is
 * a file looked for and absent, "+" one whose existence alone counts
 * (media: a page links it, it does not read it). */
#define SHELF_HASH_LEN 33

typedef struct shelf_mf_input {
	char *path;                  /* below the content folder, or absolute */
	char hash[SHELF_HASH_LEN];
} shelf_mf_input;

typedef enum shelf_mf_kind {
	SHELF_MF_PAGE = 'P',         /* an article: its page and .json */
	SHELF_MF_ASSET = 'A',        /* a media file copied */
	SHELF_MF_DIRTY = 'X'         /* outputs of a build that may have stopped
	                                while writing them: never current */
} shelf_mf_kind;

typedef struct shelf_mf_entry {
	int kind;                    /* shelf_mf_kind */
	char *rel;                   /* item: "ko-kr/a/b.md" */
	char *src;                   /* its source, below the content folder */
	shelf_mf_input *in;          /* PAGE: inputs; ASSET: in[0] is the source */
	size_t n_in;
	char *record;                /* PAGE: the page record (site.c) */
	size_t record_len;
	int is_article;              /* DIRTY: which outputs rel stands for */
	int borrowed;                /* rel, src, the input paths and the record are
	                                in the buffers of the manifest it was read
	                                from, not each its own allocation */
} shelf_mf_entry;

typedef struct shelf_manifest {
	char *version;               /* SHELF_VERSION that wrote it */
	char *tool;                  /* hash: version, templates, locale strings */
	char *global;                /* hash: tool, shelf.yml, options, locales built */
	unsigned long shard_k, shard_n;  /* 1/1: not a shard */
	char *dflt;                  /* default locale */
	char *locales;               /* the locales built, in order, ',' between */
	char *base_url;              /* --base-url, or NULL */
	char *site_diags;            /* what the site-wide link check reported (site.c's
	                                record framing), or NULL for a shard */
	shelf_mf_entry *v;           /* by rel */
	size_t n, cap;
	/* read from bytes: its entries borrow them, the records where they
	 * are (`raw`), the other strings copied with a NUL (`strings`) */
	char *raw;                   /* the bytes read, or NULL */
	size_t raw_mapped;           /* raw is the file mapped, this long (else malloc'd) */
	char *strings;
} shelf_manifest;

#define SHELF_MANIFEST_INIT {NULL, NULL, NULL, 1, 1, NULL, NULL, NULL, NULL, NULL, 0, 0, \
                             NULL, 0, NULL}

/* Reading the framing the manifest and site.c's page records share, from
 * memory: a number is digits (a '-' first when negative) and ';', a string
 * its length, ':' and its bytes, or '~' for NULL.  A field that is not one
 * sets `bad`, and every later read gives 0 / NULL. */
typedef struct shelf_rec {
	const char *p, *end;
	int bad;
} shelf_rec;

/* Writing: the framing of number `v` ended by `end` (';' for a number
 * field, ':' before a string's bytes) into `out`; its length.  By hand:
 * printf's parsing showed in the parent of -j N, which writes every
 * page's record into the manifest. */
#define SHELF_REC_NUM_MAX 24
size_t shelf_rec_fmt(char out[SHELF_REC_NUM_MAX], long long v, char end);

long shelf_rec_num(shelf_rec *c);
/* malloc'd (NUL-terminated; its length in *len when not NULL), or NULL
 * for '~' and for a bad field. */
char *shelf_rec_str(shelf_rec *c, size_t *len);
/* The same without a copy: the field's bytes where they are (not
 * NUL-terminated; *len bytes), or NULL for '~' and for a bad field.  For
 * fields read only to be looked at or skipped. */
const char *shelf_rec_view(shelf_rec *c, size_t *len);

/* Reads OUT/.shelf/manifest.  0; 1 when there is none; -1 when it cannot
 * be read or is not one (*why says so; the build then renders all). */
int shelf_manifest_load(shelf_manifest *m, const char *out_dir, const char **why);
/* The same from the `n` bytes at `raw` (any bytes: a damaged or planted
 * file is -1, never a crash).  `m` is SHELF_MANIFEST_INIT. */
int shelf_manifest_parse(shelf_manifest *m, const char *raw, size_t n, const char **why);
/* The manifest as bytes: the header, the entries in their order, the end
 * (shelf_manifest_write_end).  A build streams the same pieces to the
 * file as it makes each page, so the records are never all in memory. */
int shelf_manifest_dump(const shelf_manifest *m, shelf_buf *b);
int shelf_manifest_write_head(shelf_buf *b, const shelf_manifest *m);
int shelf_manifest_write_entry(shelf_buf *b, const shelf_mf_entry *e);
int shelf_manifest_write_end(shelf_buf *b, const char *site_diags, size_t count);
void shelf_manifest_free(shelf_manifest *m);
/* Appends an entry; `e`'s contents move into it.  -1 on OOM. */
int shelf_manifest_add(shelf_manifest *m, shelf_mf_entry *e);
/* Sorts the entries by rel; -1 when two share one (shards that overlap). */
int shelf_manifest_sort(shelf_manifest *m);
/* The entry for `rel` in a sorted manifest, or NULL. */
shelf_mf_entry *shelf_manifest_find(const shelf_manifest *m, const char *rel);
void shelf_mf_entry_free(shelf_mf_entry *e);

/* ---- content hashes through the stat cache ---- */

typedef struct shelf_hasher shelf_hasher;

/* A hasher for files below `content_dir` (relative paths are taken below
 * it), with OUT/.shelf/stat as its cache.  NULL on OOM. */
shelf_hasher *shelf_hasher_new(const char *content_dir, const char *out_dir);
/* The hash of `path` now into `hash`: its content's, "-" when it is not a
 * regular file, or "+" when `exists_only` and it is one.  Each path is
 * looked at once per hasher.  0, -1 on OOM. */
int shelf_hasher_get(shelf_hasher *h, const char *path, int exists_only,
                     char hash[SHELF_HASH_LEN]);
/* The same when the caller has stat()ed the file already (`st`; NULL:
 * it did and found none), as the walk does every article it finds. */
struct stat;
int shelf_hasher_get_stat(shelf_hasher *h, const char *path, const struct stat *st,
                          int exists_only, char hash[SHELF_HASH_LEN]);
/* What a hasher found of a file: its content's hash ("-" when it is not
 * a regular file or cannot be read) and its stat. */
typedef struct shelf_file_seen {
	char hash[SHELF_HASH_LEN];
	long long size, mtime_s, mtime_ns, ino;
} shelf_file_seen;

/* shelf_hasher_get() that says what it found in *seen (the content's
 * hash, never "+").  -j N workers hash the inputs of the pages they
 * render with their copy of the parent's hasher, and send it that, so
 * the parent reads no article a second time.  0, -1 on OOM. */
int shelf_hasher_look(shelf_hasher *h, const char *path, shelf_file_seen *seen);
/* Takes what another hasher found of `path` as this one's look at it
 * (unless this one looked already: its own stands), and gives its hash
 * as shelf_hasher_get() would.  0, -1 on OOM. */
int shelf_hasher_put(shelf_hasher *h, const char *path, const shelf_file_seen *seen,
                     int exists_only, char hash[SHELF_HASH_LEN]);
/* Writes the cache back (temporary file, renamed); failures only cost
 * hashing again next time.  Frees `h`. */
void shelf_hasher_close(shelf_hasher *h, int save);

/* The SHA-256 of `n` bytes, cut as above. */
void shelf_hash_bytes(const void *p, size_t n, char hash[SHELF_HASH_LEN]);

/* Shard (1..n) of the item `rel` out of n: by a hash of its path, so
 * that a file moving does not move the others. */
unsigned long shelf_shard_of(const char *rel, unsigned long n);

#endif
