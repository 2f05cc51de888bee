/* strmap.c - byte strings to numbers, open-addressed; see strmap.h. */
#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Bytes of keys in one block: 256 KiB; a longer key has a block of its
 * own. */
#define STRMAP_BLOCK_BYTES ((size_t)256 * 1024)

struct shelf_strmap_block {
	shelf_strmap_block *next;
	size_t used, cap;
	char bytes[];
};

/* A hash of the key, eight bytes at a time (a multiply and a shift per
 * word: byte-at-a-time FNV cost more than the lookups it served). */
static unsigned long long
hash_of(const char *p, size_t n)
{
	unsigned long long h = 0x9E3779B97F4A7C15ULL ^ (n * 0xFF51AFD7ED558CCDULL), w;

	while (n >= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
		h ^= h >> 31;
		p += 8;
		n -= 8;
	}
	w = 0;
	memcpy(&w, p, n);
	h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
	h ^= h >> 29;
	h *= 0xFF51AFD7ED558CCDULL;
	h ^= h >> 32;
	return h;
}

/* The slot of `key` (with hash `h`): its entry's, or the empty one where
 * it would go. */
static unsigned *
find_slot(const shelf_strmap *m, const char *key, size_t n, unsigned long long h)
{
	size_t mask = m->n_slots - 1, i = (size_t)h & mask;

	for (;; i = (i + 1) & mask) {
		unsigned s = m->slot[i];
		const shelf_strmap_ent *e;
		if (s == 0)
			return &m->slot[i];
		e = &m->v[s - 1];
		if (e->hash == h && e->len == n && memcmp(e->key, key, n) == 0)
			return &m->slot[i];
	}
}

shelf_strmap_ent *
shelf_strmap_get(const shelf_strmap *m, const char *key, size_t n)
{
	unsigned *s;

	if (m->n == 0)
		return NULL;
	s = find_slot(m, key, n, hash_of(key, n));
	return *s ? &m->v[*s - 1] : NULL;
}

/* Doubles the table (kept at most half full). */
static int
grow_table(shelf_strmap *m)
{
	size_t ns = m->n_slots ? m->n_slots * 2 : 64, i;
	unsigned *nt = calloc(ns, sizeof *nt);

	if (nt == NULL)
		return -1;
	free(m->slot);
	m->slot = nt;
	m->n_slots = ns;
	for (i = 0; i < m->n; i++) {
		size_t mask = ns - 1, k = (size_t)m->v[i].hash & mask;
		while (nt[k])
			k = (k + 1) & mask;
		nt[k] = (unsigned)(i + 1);
	}
	return 0;
}

/* A copy of the n bytes at `key` (and a NUL) in the map's blocks. */
static char *
keep_key(shelf_strmap *m, const char *key, size_t n)
{
	shelf_strmap_block *b = m->blocks;
	char *p;

	if (b == NULL || b->cap - b->used < n + 1) {
		size_t cap = n + 1 > STRMAP_BLOCK_BYTES ? n + 1 : STRMAP_BLOCK_BYTES;
		if ((b = malloc(sizeof *b + cap)) == NULL)
			return NULL;
		b->cap = cap;
		b->used = 0;
		b->next = m->blocks;
		m->blocks = b;
	}
	p = b->bytes + b->used;
	memcpy(p, key, n);
	p[n] = '\0';
	b->used += n + 1;
	return p;
}

int
shelf_strmap_add(shelf_strmap *m, const char *key, size_t n, size_t val,
                 shelf_strmap_ent **at)
{
	unsigned long long h = hash_of(key, n);
	shelf_strmap_ent *e;
	unsigned *s;

	if (at)
		*at = NULL;
	if (m->n_slots && (s = find_slot(m, key, n, h)) != NULL && *s) {
		if (at)
			*at = &m->v[*s - 1];
		return 0;
	}
	if (m->n >= SHELF_STRMAP_MAX_KEYS)
		return -1;
	if ((m->n + 1) * 2 > m->n_slots && grow_table(m) != 0)
		return -1;
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		shelf_strmap_ent *nv = realloc(m->v, cap * sizeof *nv);
		if (nv == NULL)
			return -1;
		m->v = nv;
		m->cap = cap;
	}
	e = &m->v[m->n];
	if ((e->key = keep_key(m, key, n)) == NULL)
		return -1;
	e->len = n;
	e->val = val;
	e->hash = h;
	*find_slot(m, key, n, h) = (unsigned)(m->n + 1);
	m->n++;
	if (at)
		*at = e;
	return 1;
}

void
shelf_strmap_free(shelf_strmap *m)
{
	while (m->blocks) {
		shelf_strmap_block *next = m->blocks->next;
		free(m->blocks);
		m->blocks = next;
	}
	free(m->v);
	free(m->slot);
	memset(m, 0, sizeof *m);
}
