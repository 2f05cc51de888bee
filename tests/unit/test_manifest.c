/* test_manifest.c - the incremental build's manifest (OUT/.shelf/manifest):
 * dump and parse round trip, damaged input, lookup; shard hashing; and the
 * content hasher with its stat cache (OUT/.shelf/stat) in a temporary
 * folder. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "manifest.h"

#define MAGIC "shelf-manifest 1\n"

/* A record holding every byte the framing uses, newlines and a NUL. */
static const char RECORD[] = "d3:a:b;5:c~d;e\n\n~;:\0tail\r\n";
#define RECORD_LEN (sizeof RECORD - 1)

static char *
dup_s(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void
add_input(shelf_mf_entry *e, const char *path, const char *hash)
{
	e->in = realloc(e->in, (e->n_in + 1) * sizeof *e->in);
	e->in[e->n_in].path = strdup(path);
	snprintf(e->in[e->n_in].hash, SHELF_HASH_LEN, "%s", hash);
	e->n_in++;
}

/* Starts `e` afresh as an entry of `kind` for `rel` (from `src`). */
static void
entry(shelf_mf_entry *e, int kind, const char *rel, const char *src)
{
	memset(e, 0, sizeof *e);
	e->kind = kind;
	e->rel = dup_s(rel);
	e->src = dup_s(src);
}

/* The manifest of the round trip, entries added out of order. */
static void
build_sample(shelf_manifest *m, const char *base_url, const char *site_diags)
{
	shelf_mf_entry e;

	m->version = strdup("0.9.0");
	m->tool = strdup("0123456789abcdef0123456789abcdef");
	m->global = strdup("fedcba9876543210fedcba9876543210");
	m->shard_k = 2;
	m->shard_n = 3;
	m->dflt = strdup("en-us");
	m->locales = strdup("en-us,ko-kr");
	m->base_url = dup_s(base_url);
	m->site_diags = dup_s(site_diags);

	entry(&e, SHELF_MF_DIRTY, "ko-kr/z.md", NULL);
	e.is_article = 1;
	shelf_manifest_add(m, &e);

	entry(&e, SHELF_MF_PAGE, "en-us/a/b.md", "en-us/a/b.md");
	add_input(&e, "en-us/a/b.md", "00112233445566778899aabbccddeeff");
	add_input(&e, "en-us/includes/gone.md", "-");
	add_input(&e, "en-us/a/media/x;y:1~.png", "+");
	add_input(&e, "/abs/olute/path", "ffeeddccbbaa99887766554433221100");
	e.record = malloc(RECORD_LEN);
	memcpy(e.record, RECORD, RECORD_LEN);
	e.record_len = RECORD_LEN;
	shelf_manifest_add(m, &e);

	entry(&e, SHELF_MF_ASSET, "en-us/a/media/p.png", "en-us/a/media/p.png");
	add_input(&e, "en-us/a/media/p.png", "abababababababababababababababab");
	shelf_manifest_add(m, &e);
}

/* 1 when two strings are both NULL or equal. */
static int
same_s(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

static void
compare(const shelf_manifest *a, const shelf_manifest *b)
{
	size_t i, j;

	OK(same_s(a->version, b->version), "version");
	OK(same_s(a->tool, b->tool), "tool");
	OK(same_s(a->global, b->global), "global");
	INT_EQ(a->shard_k, b->shard_k, "shard_k");
	INT_EQ(a->shard_n, b->shard_n, "shard_n");
	OK(same_s(a->dflt, b->dflt), "dflt");
	OK(same_s(a->locales, b->locales), "locales");
	OK(same_s(a->base_url, b->base_url), "base_url");
	OK(same_s(a->site_diags, b->site_diags), "site_diags");
	INT_EQ(a->n, b->n, "entries");
	for (i = 0; i < a->n && i < b->n; i++) {
		const shelf_mf_entry *x = &a->v[i], *y = &b->v[i];
		INT_EQ(x->kind, y->kind, "entry %zu kind", i);
		OK(same_s(x->rel, y->rel), "entry %zu rel", i);
		OK(same_s(x->src, y->src), "entry %zu src", i);
		INT_EQ(x->n_in, y->n_in, "entry %zu inputs", i);
		for (j = 0; j < x->n_in && j < y->n_in; j++) {
			OK(same_s(x->in[j].path, y->in[j].path), "entry %zu input %zu path", i, j);
			STR_EQ(y->in[j].hash, x->in[j].hash, "entry %zu input %zu hash", i, j);
		}
		INT_EQ(x->record_len, y->record_len, "entry %zu record length", i);
		OK((x->record == NULL && y->record == NULL) ||
		   (x->record && y->record && x->record_len == y->record_len &&
		    memcmp(x->record, y->record, x->record_len) == 0), "entry %zu record bytes", i);
		if (x->kind == SHELF_MF_DIRTY)
			INT_EQ(x->is_article, y->is_article, "entry %zu is_article", i);
	}
}

/* Parses `n` bytes from a buffer of exactly that size (so that ASan sees
 * any read past the end). */
static int
parse_exact(shelf_manifest *m, const char *raw, size_t n, const char **why)
{
	char *copy = malloc(n ? n : 1);
	int rc;

	memcpy(copy, raw, n);
	rc = shelf_manifest_parse(m, copy, n, why);
	free(copy);
	return rc;
}

static int
parse_str(shelf_manifest *m, const char *raw, const char **why)
{
	return parse_exact(m, raw, strlen(raw), why);
}

static void
round_trip(const char *base_url, const char *site_diags)
{
	shelf_manifest m = SHELF_MANIFEST_INIT, back = SHELF_MANIFEST_INIT;
	shelf_buf b1 = SHELF_BUF_INIT, b2 = SHELF_BUF_INIT;
	const char *why = NULL;

	build_sample(&m, base_url, site_diags);
	INT_EQ(shelf_manifest_sort(&m), 0, "sort");
	STR_EQ(m.v[0].rel, "en-us/a/b.md", "sorted: first");
	STR_EQ(m.v[1].rel, "en-us/a/media/p.png", "sorted: second");
	STR_EQ(m.v[2].rel, "ko-kr/z.md", "sorted: third");
	INT_EQ(shelf_manifest_dump(&m, &b1), 0, "dump");
	OK(b1.len > sizeof MAGIC && memcmp(b1.ptr, MAGIC, sizeof MAGIC - 1) == 0, "magic line");
	INT_EQ(parse_exact(&back, b1.ptr, b1.len, &why), 0, "parse the dump (%s)", why ? why : "");
	compare(&m, &back);
	INT_EQ(shelf_manifest_dump(&back, &b2), 0, "dump again");
	OK(b1.len == b2.len && memcmp(b1.ptr, b2.ptr, b1.len) == 0, "the same bytes twice");
	shelf_buf_free(&b1);
	shelf_buf_free(&b2);
	shelf_manifest_free(&m);
	shelf_manifest_free(&back);
}

static void
test_round_trip(void)
{
	round_trip("https://example.com/docs/", "3:x;y\n~");
	round_trip(NULL, NULL);          /* '~' fields */
	round_trip("", "");              /* empty, not NULL */
}

static void
test_empty_manifest(void)
{
	shelf_manifest m = SHELF_MANIFEST_INIT, back = SHELF_MANIFEST_INIT;
	shelf_buf b = SHELF_BUF_INIT;
	const char *why;

	m.version = strdup("v");
	m.tool = strdup("t");
	m.global = strdup("g");
	m.dflt = strdup("en-us");
	m.locales = strdup("en-us");
	INT_EQ(shelf_manifest_sort(&m), 0, "sort of none");
	INT_EQ(shelf_manifest_dump(&m, &b), 0, "dump of none");
	INT_EQ(parse_exact(&back, b.ptr, b.len, &why), 0, "parse of none");
	INT_EQ(back.n, 0, "no entries");
	OK(shelf_manifest_find(&back, "en-us/a.md") == NULL, "find in an empty manifest");
	shelf_buf_free(&b);
	shelf_manifest_free(&m);
	shelf_manifest_free(&back);
	shelf_manifest_free(&back);      /* twice: freed is INIT again */
}

/* Every proper prefix of a dump is damaged; the whole is not. */
static void
test_prefixes(void)
{
	shelf_manifest m = SHELF_MANIFEST_INIT, back = SHELF_MANIFEST_INIT;
	shelf_buf b = SHELF_BUF_INIT;
	const char *why;
	size_t len, accepted = 0, left = 0;

	build_sample(&m, "https://example.com/", "1:x");
	shelf_manifest_sort(&m);
	shelf_manifest_dump(&m, &b);
	for (len = 0; len < b.len; len++) {
		if (parse_exact(&back, b.ptr, len, &why) == 0) {
			accepted++;
			fprintf(stderr, "prefix of %zu bytes accepted\n", len);
			shelf_manifest_free(&back);
		}
		if (back.v || back.version)
			left++;
	}
	INT_EQ(left, 0, "refused prefixes that left something to free");
	INT_EQ(accepted, 0, "prefixes accepted, of %zu", b.len);
	INT_EQ(parse_exact(&back, b.ptr, b.len, &why), 0, "the whole dump");
	shelf_manifest_free(&back);
	shelf_buf_free(&b);
	shelf_manifest_free(&m);
}

/* Every byte of a dump replaced by each of a set of values: -1 or 0, and
 * when 0 the result dumps and parses back to the same bytes. */
static void
test_flips(void)
{
	static const char with[] = "0123456789;:~\n\xff" "PAX";
	shelf_manifest m = SHELF_MANIFEST_INIT, back = SHELF_MANIFEST_INIT, again = SHELF_MANIFEST_INIT;
	shelf_buf b = SHELF_BUF_INIT;
	const char *why;
	size_t i, k, tried = 0, ok0 = 0, stable = 0, other = 0;
	char *copy;

	build_sample(&m, "https://example.com/", "1:x");
	shelf_manifest_sort(&m);
	shelf_manifest_dump(&m, &b);
	copy = malloc(b.len);
	for (i = 0; i < b.len; i++) {
		for (k = 0; k < sizeof with - 1; k++) {
			int rc;
			memcpy(copy, b.ptr, b.len);
			copy[i] = with[k];
			rc = parse_exact(&back, copy, b.len, &why);
			tried++;
			if (rc == 0) {
				shelf_buf d1 = SHELF_BUF_INIT, d2 = SHELF_BUF_INIT;
				ok0++;
				if (shelf_manifest_dump(&back, &d1) == 0 &&
				    parse_exact(&again, d1.ptr, d1.len, &why) == 0 &&
				    shelf_manifest_dump(&again, &d2) == 0 &&
				    d1.len == d2.len && memcmp(d1.ptr, d2.ptr, d1.len) == 0)
					stable++;
				else
					fprintf(stderr, "byte %zu = 0x%02x: parsed, but not stable\n",
					        i, (unsigned char)with[k]);
				shelf_buf_free(&d1);
				shelf_buf_free(&d2);
				shelf_manifest_free(&again);
				shelf_manifest_free(&back);
			} else if (rc != -1) {
				other++;
				fprintf(stderr, "byte %zu = 0x%02x: rc %d\n", i, (unsigned char)with[k], rc);
			}
		}
	}
	INT_EQ(stable, ok0, "flipped dumps that parse are stable (%zu of %zu tried parse)",
	       ok0, tried);
	INT_EQ(other, 0, "flipped dumps: neither 0 nor -1");
	OK(ok0 < tried, "some flips are refused");
	free(copy);
	shelf_buf_free(&b);
	shelf_manifest_free(&m);
}

/* A hand-made manifest: the header of one shard of one, then `body`. */
static int
parse_body(const char *body, const char **why)
{
	shelf_manifest m = SHELF_MANIFEST_INIT;
	char raw[1024];
	int rc;
	/* body: "COUNT;ENTRIES", the count going to the end, after 'Z' and
	 * the link check's (none) */
	const char *semi = strchr(body, ';');

	snprintf(raw, sizeof raw, MAGIC "1:v1:t1:g1;1;5:en-us5:en-us~%sZ~%.*s;", semi + 1,
	         (int)(semi - body), body);
	rc = parse_exact(&m, raw, strlen(raw), why);
	shelf_manifest_free(&m);
	return rc;
}

static void
test_damaged(void)
{
	shelf_manifest m = SHELF_MANIFEST_INIT;
	const char *why;

	/* the hand-made frame itself is good */
	INT_EQ(parse_body("0;", &why), 0, "no entries");
	INT_EQ(parse_body("1;X4:a.md~1;", &why), 0, "one DIRTY entry");
	INT_EQ(parse_body("1;P4:a.md4:a.md1;1:-4:a.md3:abc", &why), 0, "one PAGE entry");

	INT_EQ(parse_str(&m, "", &why), -1, "empty file");
	INT_EQ(parse_str(&m, "shelf-manifest 2\n1:v1:t1:g1;1;5:en-us5:en-us~Z~0;", &why),
	       -1, "another format's magic");
	OK(why && strstr(why, "format"), "why names the format: %s", why ? why : "(null)");
	INT_EQ(parse_str(&m, "shelf-stat 1\n0;", &why), -1, "the stat cache is no manifest");

	INT_EQ(parse_body("2;X4:a.md~1;X4:a.md~0;", &why), -1, "one rel twice");
	INT_EQ(parse_body("2;P4:a.md~0;0:X4:a.md~0;", &why), -1, "one rel twice, two kinds");
	INT_EQ(parse_body("1;P4:a.md4:a.md0;999:abc", &why), -1, "record longer than the file");
	INT_EQ(parse_body("1;P4:a.md4:a.md0;999999999999:abc", &why), -1, "record of 12 digits");
	INT_EQ(parse_body("1;P4:a.md4:a.md0;9999999999999:abc", &why), -1, "record of 13 digits");
	INT_EQ(parse_body("1;P999:a.md4:a.md0;3:abc", &why), -1, "rel longer than the file");
	INT_EQ(parse_body("1;P4:a.md4:a.md99999;1:-4:a.md3:abc", &why), -1, "more inputs than bytes");
	INT_EQ(parse_body("1;P4:a.md4:a.md999999999999999999;1:-", &why), -1, "18-digit input count");
	INT_EQ(parse_body("99999999;X4:a.md~1;", &why), -1, "more entries than written");
	INT_EQ(parse_body("999999999999999999;X4:a.md~1;", &why), -1, "18-digit entry count");
	INT_EQ(parse_body("9999999999999999999;X4:a.md~1;", &why), -1, "19-digit entry count");
	INT_EQ(parse_body("0;trailing", &why), -1, "bytes after the last entry");
	INT_EQ(parse_body("1;Q4:a.md4:a.md0;", &why), -1, "unknown kind");
	INT_EQ(parse_body("1;X~~1;", &why), -1, "entry without rel");
	INT_EQ(parse_body("1;P4:a.md4:a.md1;~4:a.md3:abc", &why), -1, "input without hash");
	INT_EQ(parse_body("1;P4:a.md4:a.md1;1:-~3:abc", &why), -1, "input without path");
	INT_EQ(parse_body("1;P4:a.md4:a.md1;33:0123456789abcdef0123456789abcdef04:a.md3:abc", &why),
	       -1, "hash of 33 characters");
	INT_EQ(parse_body("1;P4:a.md4:a.md0;~", &why), -1, "page without record");
	INT_EQ(parse_body("1;P4:a.md4:a.md-1;3:abc", &why), -1, "negative count");
	INT_EQ(parse_body("1;X4:a.md~1", &why), -1, "number without ';'");

	INT_EQ(parse_str(&m, MAGIC "1:v1:t1:g3;2;5:en-us5:en-us~Z~0;", &why), -1,
	       "shard 3 of 2");
	INT_EQ(parse_str(&m, MAGIC "1:v1:t1:g0;1;5:en-us5:en-us~Z~0;", &why), -1,
	       "shard 0");
	INT_EQ(parse_str(&m, MAGIC "~1:t1:g1;1;5:en-us5:en-us~Z~0;", &why), -1,
	       "no version");
	INT_EQ(parse_str(&m, MAGIC "1:v1:t1:g1;1;~5:en-us~Z~0;", &why), -1,
	       "no default locale");
	OK(m.v == NULL && m.version == NULL, "nothing left after refusals");
}

static void
test_sort_duplicates(void)
{
	shelf_manifest m = SHELF_MANIFEST_INIT;
	shelf_mf_entry e;
	const char *rels[] = { "b.md", "a.md", "c.md", "a.md" };
	size_t i;

	for (i = 0; i < 3; i++) {
		entry(&e, SHELF_MF_DIRTY, rels[i], NULL);
		INT_EQ(shelf_manifest_add(&m, &e), 0, "add %s", rels[i]);
		OK(e.rel == NULL, "add moves the entry");
	}
	INT_EQ(shelf_manifest_sort(&m), 0, "distinct");
	entry(&e, SHELF_MF_DIRTY, rels[3], NULL);
	shelf_manifest_add(&m, &e);
	INT_EQ(shelf_manifest_sort(&m), -1, "overlapping shards: one rel twice");
	shelf_manifest_free(&m);
}

static void
test_find(void)
{
	shelf_manifest m = SHELF_MANIFEST_INIT;
	shelf_mf_entry e, *f;
	char rel[64];
	int i;

	OK(shelf_manifest_find(&m, "a.md") == NULL, "empty manifest");
	for (i = 999; i >= 0; i -= 2) {      /* odd numbers, backwards */
		snprintf(rel, sizeof rel, "en-us/%04d.md", i);
		entry(&e, SHELF_MF_DIRTY, rel, NULL);
		shelf_manifest_add(&m, &e);
	}
	INT_EQ(shelf_manifest_sort(&m), 0, "sort 500");
	f = shelf_manifest_find(&m, "en-us/0001.md");
	OK(f && strcmp(f->rel, "en-us/0001.md") == 0, "first found");
	f = shelf_manifest_find(&m, "en-us/0999.md");
	OK(f && strcmp(f->rel, "en-us/0999.md") == 0, "last found");
	f = shelf_manifest_find(&m, "en-us/0501.md");
	OK(f && strcmp(f->rel, "en-us/0501.md") == 0, "middle found");
	OK(shelf_manifest_find(&m, "en-us/0500.md") == NULL, "even: not found");
	OK(shelf_manifest_find(&m, "en-us/0000.md") == NULL, "before the first: not found");
	OK(shelf_manifest_find(&m, "zz.md") == NULL, "after the last: not found");
	OK(shelf_manifest_find(&m, "") == NULL, "empty rel: not found");
	shelf_manifest_free(&m);
}

/* ---- shards ---------------------------------------------------------- */

#define N_PATHS 4000

static void
test_shards(void)
{
	static unsigned long before[N_PATHS];
	unsigned long count[5] = {0}, n;
	char rel[128];
	int i, bad_range = 0, unstable = 0, moved = 0, not_one = 0;

	for (i = 0; i < N_PATHS; i++) {
		snprintf(rel, sizeof rel, "%s/topic-%d/article-%d.md", i % 3 ? "en-us" : "ko-kr",
		         i / 40, i);
		before[i] = shelf_shard_of(rel, 4);
		if (before[i] < 1 || before[i] > 4)
			bad_range++;
		else
			count[before[i]]++;
		if (shelf_shard_of(rel, 4) != before[i])
			unstable++;
		if (shelf_shard_of(rel, 1) != 1)
			not_one++;
		for (n = 2; n <= 9; n++) {
			unsigned long s = shelf_shard_of(rel, n);
			if (s < 1 || s > n)
				bad_range++;
		}
	}
	INT_EQ(bad_range, 0, "shards in 1..n");
	INT_EQ(unstable, 0, "the same rel, the same shard");
	INT_EQ(not_one, 0, "n = 1: always shard 1");
	for (i = 1; i <= 4; i++)
		OK(count[i] >= N_PATHS / 5 && count[i] <= N_PATHS * 3 / 10,
		   "shard %d of 4 holds %lu of %d (20%%..30%%)", i, count[i], N_PATHS);
	INT_EQ(shelf_shard_of("a.md", 0), 1, "n = 0 is no sharding");
	OK(shelf_shard_of("en-us/a.md", 7) == shelf_shard_of("en-us/a.md", 7), "deterministic");

	/* article 17 is renamed: no other path moves */
	snprintf(rel, sizeof rel, "en-us/renamed/elsewhere-%d.md", 17);
	OK(shelf_shard_of(rel, 4) >= 1, "the renamed path has a shard");
	for (i = 0; i < N_PATHS; i++) {
		if (i == 17)
			continue;
		snprintf(rel, sizeof rel, "%s/topic-%d/article-%d.md", i % 3 ? "en-us" : "ko-kr",
		         i / 40, i);
		if (shelf_shard_of(rel, 4) != before[i])
			moved++;
	}
	INT_EQ(moved, 0, "paths moved by one rename");
}

/* ---- content hashes and the stat cache -------------------------------- */

static void
test_hash_bytes(void)
{
	char h[SHELF_HASH_LEN];

	/* SHA-256 test vectors (FIPS 180-2), cut to 128 bits */
	shelf_hash_bytes("abc", 3, h);
	STR_EQ(h, "ba7816bf8f01cfea414140de5dae2223", "sha256(abc)");
	shelf_hash_bytes("", 0, h);
	STR_EQ(h, "e3b0c44298fc1c149afbf4c8996fb924", "sha256()");
}

static char top[4096];

static const char *
at(const char *rel)
{
	static char p[2][4300];
	static int k;

	k ^= 1;
	snprintf(p[k], sizeof p[k], "%s/%s", top, rel);
	return p[k];
}

static void
put_file(const char *rel, const char *text)
{
	FILE *f = fopen(at(rel), "w");   /* truncates in place: the inode stays */

	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0) {
		perror(at(rel));
		exit(2);
	}
}

static void
set_mtime(const char *rel, time_t sec, long nsec)
{
	struct timespec ts[2];

	ts[0].tv_sec = ts[1].tv_sec = sec;
	ts[0].tv_nsec = ts[1].tv_nsec = nsec;
	if (utimensat(AT_FDCWD, at(rel), ts, 0) != 0) {
		perror(at(rel));
		exit(2);
	}
}

static int
is_hex32(const char *h)
{
	size_t i;

	for (i = 0; i < 32; i++)
		if (!((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'f')))
			return 0;
	return h[32] == '\0';
}

/* The hash of `rel` below content/ through a new hasher (saved after). */
static void
hash_now(const char *rel, char out[SHELF_HASH_LEN])
{
	shelf_hasher *h = shelf_hasher_new(at("content"), at("out"));

	strcpy(out, "?");
	OK(h != NULL, "hasher");
	if (h == NULL)
		return;
	INT_EQ(shelf_hasher_get(h, rel, 0, out), 0, "get %s", rel);
	shelf_hasher_close(h, 1);
}

/* content/a.md is rewritten in place with `text` and its mtime set to
 * `sec`.`nsec` (left as now when `sec` is 0): a new hasher must give the
 * hash of `text`. */
static void
a_md_hashes_as(const char *text, time_t sec, long nsec, const char *what)
{
	char got[SHELF_HASH_LEN], want[SHELF_HASH_LEN];

	put_file("content/a.md", text);
	if (sec)
		set_mtime("content/a.md", sec, nsec);
	hash_now("a.md", got);
	shelf_hash_bytes(text, strlen(text), want);
	STR_EQ(got, want, "%s: the new content's hash", what);
}

static void
test_hasher(void)
{
	const char *tmp = getenv("TMPDIR");
	char h1[SHELF_HASH_LEN], h2[SHELF_HASH_LEN], want[SHELF_HASH_LEN];
	static const struct {
		const char *path;
		int exists_only;
		const char *want, *what;
	} cases[] = {
		{ "a.md", 1, "+", "looked at once, then only its existence asked" },
		{ "missing.md", 0, "-", "absent" },
		{ "missing.png", 1, "-", "absent, existence only" },
		{ "m.png", 1, "+", "present, existence only" },
		{ "sub", 0, "-", "a folder is no file" },
		{ "sub", 1, "-", "a folder is no file, existence only" },
	};
	char cmd[4400];
	size_t i;
	shelf_hasher *h;
	struct stat st;
	time_t past = time(NULL) - 3600;

	snprintf(top, sizeof top, "%s/shelf-mtest-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(top) == NULL) {
		perror(top);
		exit(2);
	}
	if (mkdir(at("content"), 0755) || mkdir(at("content/sub"), 0755) || mkdir(at("out"), 0755) ||
	    mkdir(at("out/.shelf"), 0755) || mkdir(at("out/.shelf/tmp"), 0755)) {
		perror(top);
		exit(2);
	}
	put_file("content/a.md", "hello\n");
	set_mtime("content/a.md", past, 250000000);
	put_file("content/m.png", "PNG");

	h = shelf_hasher_new(at("content"), at("out"));
	OK(h != NULL, "hasher without a cache");
	INT_EQ(shelf_hasher_get(h, "a.md", 0, h1), 0, "get a.md");
	OK(is_hex32(h1), "32 lowercase hex digits: %s", h1);
	shelf_hash_bytes("hello\n", 6, want);
	STR_EQ(h1, want, "the hash of its bytes");
	INT_EQ(shelf_hasher_get(h, "a.md", 0, h2), 0, "get a.md again");
	STR_EQ(h2, h1, "same hash again");
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		INT_EQ(shelf_hasher_get(h, cases[i].path, cases[i].exists_only, h2), 0,
		       "get %s (%d)", cases[i].path, cases[i].exists_only);
		STR_EQ(h2, cases[i].want, "%s", cases[i].what);
	}
	INT_EQ(shelf_hasher_get(h, at("content/a.md"), 0, h2), 0, "absolute path");
	STR_EQ(h2, h1, "absolute path: the same file's hash");
	shelf_hasher_close(h, 1);
	OK(stat(at("out/.shelf/stat"), &st) == 0 && S_ISREG(st.st_mode), "out/.shelf/stat written");
	OK(rmdir(at("out/.shelf/tmp")) == 0 && mkdir(at("out/.shelf/tmp"), 0755) == 0,
	   "no temporary file left in out/.shelf/tmp (%s)", strerror(errno));

	hash_now("a.md", h2);
	STR_EQ(h2, h1, "read back through the cache");

	/* The cache is trusted when size, mtime and inode are the same: other
	 * bytes of the same size written in place, with the mtime put back,
	 * give the old hash, which shows the cache was read (by design: see
	 * manifest.h). */
	put_file("content/a.md", "HELLO\n");
	set_mtime("content/a.md", past, 250000000);
	hash_now("a.md", h2);
	STR_EQ(h2, h1, "identical stat: the cached hash");

	/* same size, another mtime (a second earlier): hashed again */
	a_md_hashes_as("HELLO\n", past - 1, 250000000, "same size, other mtime");
	a_md_hashes_as("hullo\n", past - 1, 750000000, "same size, mtime differs in ns");
	a_md_hashes_as("hello, world\n", past - 1, 750000000, "other size");
	/* a file written now (the cache's own second) is hashed every time */
	a_md_hashes_as("HELLO, WORLD\n", 0, 0, "written in the cache's second");

	/* removed: "-", and nothing stale from the cache */
	OK(unlink(at("content/a.md")) == 0, "remove a.md");
	hash_now("a.md", h2);
	STR_EQ(h2, "-", "removed file");

	/* a damaged cache only costs hashing again */
	put_file("out/.shelf/stat", "shelf-stat 1\n12;4:m.png3:zzz");
	hash_now("m.png", h2);
	shelf_hash_bytes("PNG", 3, want);
	STR_EQ(h2, want, "damaged cache: hashed again");
	put_file("out/.shelf/stat", "not a cache at all");
	hash_now("m.png", h2);
	STR_EQ(h2, want, "foreign cache: hashed again");

	/* a name that is not UTF-8 (Latin-1 é): a file like any other */
	put_file("content/caf\xe9.png", "bytes");
	set_mtime("content/caf\xe9.png", past, 0);
	h = shelf_hasher_new(at("content"), at("out"));
	INT_EQ(shelf_hasher_get(h, "caf\xe9.png", 0, h2), 0, "get a Latin-1 name");
	shelf_hash_bytes("bytes", 5, want);
	STR_EQ(h2, want, "a Latin-1 name: its hash");
	shelf_hasher_close(h, 1);
	hash_now("caf\xe9.png", h2);
	STR_EQ(h2, want, "a Latin-1 name: read back through the cache");

	/* no out/.shelf at all: works, and closing without saving is fine */
	h = shelf_hasher_new(at("content"), at("nowhere"));
	INT_EQ(shelf_hasher_get(h, "m.png", 0, h2), 0, "no cache folder");
	shelf_hash_bytes("PNG", 3, want);
	STR_EQ(h2, want, "no cache folder: hashed");
	shelf_hasher_close(h, 0);
	shelf_hasher_close(NULL, 1);

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", top);
}

int
main(void)
{
	RUN(test_round_trip);
	RUN(test_empty_manifest);
	RUN(test_prefixes);
	RUN(test_flips);
	RUN(test_damaged);
	RUN(test_sort_duplicates);
	RUN(test_find);
	RUN(test_shards);
	RUN(test_hash_bytes);
	RUN(test_hasher);
	return harness_done();
}
