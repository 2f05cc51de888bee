/* slug.c - docfx heading ids and their per-document uniqueness; see slug.h. */
#include "slug.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <unistr.h>

/*
 * Markdig's LinkHelper.UrilizeAsGfm walks UTF-16 code units and keeps
 * char.IsLetterOrDigit(c) || c == '-' || c == '_' as char.ToLowerInvariant(c),
 * turns ' ' into '-', and drops the rest.
 *
 * - IsLetterOrDigit is general category L* or Nd.  A non-BMP code point is
 *   two surrogate units (category Cs), so it is always dropped, letters such
 *   as U+1D400 included.  .NET's category table and libunistring's may be of
 *   different Unicode versions; only letters added in between differ.
 * - ToLowerInvariant is ICU's u_tolower (simple mapping, as uc_tolower) with
 *   one exception that matches Windows' invariant culture: U+0130 (I with dot
 *   above) stays itself (dotnet/runtime pal_casing.c, ChangeCaseInvariant;
 *   the invariant-globalization-mode table also leaves U+0130 unmapped).
 */
static int
is_letter_or_digit(ucs4_t c)
{
	return uc_is_general_category(c, UC_CATEGORY_L) ||
	       uc_is_general_category(c, UC_CATEGORY_Nd);
}

static ucs4_t
to_lower_invariant(ucs4_t c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
	if (c == 0x0130)
		return c;
	return uc_tolower(c);
}

void
shelf_slug_make(shelf_buf *out, const char *text, size_t len)
{
	const uint8_t *s = (const uint8_t *)text;
	size_t i = 0, kept = 0;

	while (i < len) {
		ucs4_t c;
		uint8_t enc[6];
		int n;

		if (s[i] < 0x80) {
			/* ASCII: the letters and digits are its L* and Nd */
			c = s[i++];
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
				shelf_buf_putc(out, (int)c);
			else if (c >= 'A' && c <= 'Z')
				shelf_buf_putc(out, (int)(c + ('a' - 'A')));
			else if (c == ' ')
				shelf_buf_putc(out, '-');
			else if (c == '-' || c == '_')
				shelf_buf_putc(out, (int)c);
			else
				continue;
			kept++;
			continue;
		}
		n = u8_mbtouc(&c, s + i, len - i);   /* invalid: U+FFFD, So */
		i += (size_t)(n > 0 ? n : 1);
		if (c == ' ') {
			shelf_buf_putc(out, '-');
		} else if (c == '-' || c == '_') {
			shelf_buf_putc(out, (int)c);
		} else if (c <= 0xFFFF && is_letter_or_digit(c)) {
			n = u8_uctomb(enc, to_lower_invariant(c), (int)sizeof enc);
			if (n <= 0)
				continue;
			shelf_buf_put(out, (const char *)enc, (size_t)n);
		} else {
			continue;
		}
		kept++;
	}
	if (kept == 0)
		shelf_buf_puts(out, "section");
}

/* --- the set of used ids ------------------------------------------------ */

/* First table size; doubled whenever half full.  Power of two; most
 * pages have fewer than 8 headings. */
#define SLUGS_INITIAL_CAP 16

struct slug_entry {
	char *id;               /* owned, NUL-terminated; NULL: empty slot */
	size_t len;
	size_t hash;
	/* Next suffix to try when this id is claimed again as a base.  Ids are
	 * never removed, so every suffix below it is still taken: the probes
	 * for one base never repeat, and N duplicates cost O(N), not O(N^2). */
	unsigned long next;
};

struct shelf_slugs {
	struct slug_entry *v;
	size_t cap;             /* slots, a power of two */
	size_t n;               /* ids held, at most SHELF_MAX_SLUGS */
};

/* FNV-1a. */
static size_t
slug_hash(const char *s, size_t len)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

/* The slot holding (id, len), or the empty slot where it would go. */
static struct slug_entry *
slug_slot(struct slug_entry *v, size_t cap, const char *id, size_t len,
          size_t hash)
{
	size_t i = hash & (cap - 1);

	while (v[i].id != NULL &&
	       !(v[i].hash == hash && v[i].len == len &&
	         memcmp(v[i].id, id, len) == 0))
		i = (i + 1) & (cap - 1);
	return &v[i];
}

static struct slug_entry *
slug_find(const shelf_slugs *s, const char *id, size_t len)
{
	struct slug_entry *e = slug_slot(s->v, s->cap, id, len,
	                                 slug_hash(id, len));

	return e->id != NULL ? e : NULL;
}

/* Doubles the table.  0 or -1 (OOM, table unchanged). */
static int
slug_grow(shelf_slugs *s)
{
	size_t ncap = s->cap * 2, i;
	struct slug_entry *nv = calloc(ncap, sizeof *nv);

	if (nv == NULL)
		return -1;
	for (i = 0; i < s->cap; i++)
		if (s->v[i].id != NULL)
			*slug_slot(nv, ncap, s->v[i].id, s->v[i].len,
			           s->v[i].hash) = s->v[i];
	free(s->v);
	s->v = nv;
	s->cap = ncap;
	return 0;
}

/* Records (id, len), known to be absent.  0, or -1 on OOM or the limit. */
static int
slug_insert(shelf_slugs *s, const char *id, size_t len)
{
	struct slug_entry *e;
	size_t hash = slug_hash(id, len);
	char *copy;

	if (s->n >= SHELF_MAX_SLUGS)
		return -1;
	if ((s->n + 1) * 2 > s->cap && slug_grow(s) != 0)
		return -1;
	copy = malloc(len + 1);
	if (copy == NULL)
		return -1;
	memcpy(copy, id, len);
	copy[len] = '\0';
	e = slug_slot(s->v, s->cap, id, len, hash);
	e->id = copy;
	e->len = len;
	e->hash = hash;
	e->next = 1;
	s->n++;
	return 0;
}

shelf_slugs *
shelf_slugs_new(void)
{
	shelf_slugs *s = calloc(1, sizeof *s);

	if (s == NULL)
		return NULL;
	s->v = calloc(SLUGS_INITIAL_CAP, sizeof *s->v);
	if (s->v == NULL) {
		free(s);
		return NULL;
	}
	s->cap = SLUGS_INITIAL_CAP;
	return s;
}

void
shelf_slugs_free(shelf_slugs *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->cap; i++)
		free(s->v[i].id);
	free(s->v);
	free(s);
}

int
shelf_slugs_add(shelf_slugs *s, const char *id)
{
	size_t len = strlen(id);

	if (slug_find(s, id, len) != NULL)
		return 0;
	return slug_insert(s, id, len);
}

int
shelf_slugs_claim(shelf_slugs *s, shelf_buf *id)
{
	struct slug_entry *base;
	size_t base_len = id->len;
	unsigned long k;

	base = slug_find(s, shelf_buf_cstr(id), base_len);
	if (base == NULL)
		return slug_insert(s, shelf_buf_cstr(id), base_len);
	if (s->n >= SHELF_MAX_SLUGS)
		return -1;
	for (k = base->next;; k++) {
		shelf_buf_truncate(id, base_len);
		if (shelf_buf_printf(id, "-%lu", k) != 0)
			return -1;
		if (slug_find(s, id->ptr, id->len) == NULL)
			break;
	}
	/* Before the insert, which may move the entries. */
	base->next = k + 1;
	return slug_insert(s, id->ptr, id->len);
}
