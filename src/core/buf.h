/*
 * buf.h - the one growable byte buffer of libshelf.
 *
 * Every buffer has a maximum size (curl's rule: nothing grows without
 * bound).  Reaching it is an error the caller must handle, as with curl's
 * dynbuf: an append past the maximum, or on OOM, fails, frees the content
 * (a partial buffer must never be mistaken for the whole output) and sets
 * `failed` to SHELF_BUF_TOO_LARGE or SHELF_BUF_NOMEM.  The flag is sticky:
 * every later append fails too, until shelf_buf_free() or shelf_buf_init(),
 * so callers may check `failed` once at the end.  `ptr` is always
 * NUL-terminated once anything was appended.
 */
#ifndef SHELF_BUF_H
#define SHELF_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

/* Default ceiling for output buffers: 64 MiB.  An article is at most
 * SHELF_MAX_FILE_BYTES (8 MiB); escaping can at most multiply it by ~6, and
 * includes are bounded separately, so 64 MiB is never reached by a real
 * article but stops runaway growth. */
#define SHELF_BUF_DEFAULT_MAX ((size_t)64 * 1024 * 1024)

typedef struct shelf_buf {
	char *ptr;      /* NUL-terminated content, or NULL while empty */
	size_t len;     /* bytes, without the NUL */
	size_t cap;     /* bytes allocated */
	size_t max;     /* ceiling for len */
	int failed;     /* 0, or why an append failed: SHELF_BUF_TOO_LARGE/NOMEM */
} shelf_buf;

/* Values of shelf_buf.failed. */
#define SHELF_BUF_TOO_LARGE 1   /* an append would have passed `max` */
#define SHELF_BUF_NOMEM 2       /* out of memory */

#define SHELF_BUF_INIT {NULL, 0, 0, SHELF_BUF_DEFAULT_MAX, 0}

void shelf_buf_init(shelf_buf *b, size_t max);
/* Appends; return 0, or -1 (and set failed, and free the content) past
 * max, on OOM, or when an earlier append failed.  Appends that fit in the
 * room already allocated are inline (every stage appends a few bytes at a
 * time); the rest go through shelf_buf_put_slow(). */
int shelf_buf_put_slow(shelf_buf *b, const char *s, size_t n);

static inline int
shelf_buf_put(shelf_buf *b, const char *s, size_t n)
{
	if (!b->failed && n < b->cap - b->len && n <= b->max - b->len) {
		if (n)
			memcpy(b->ptr + b->len, s, n);
		b->len += n;
		b->ptr[b->len] = '\0';
		return 0;
	}
	return shelf_buf_put_slow(b, s, n);
}

static inline int
shelf_buf_puts(shelf_buf *b, const char *s)
{
	return shelf_buf_put(b, s, strlen(s));
}

static inline int
shelf_buf_putc(shelf_buf *b, int c)
{
	if (!b->failed && b->len + 1 < b->cap && b->len < b->max) {
		b->ptr[b->len++] = (char)c;
		b->ptr[b->len] = '\0';
		return 0;
	} else {
		char ch = (char)c;
		return shelf_buf_put_slow(b, &ch, 1);
	}
}

/* Makes room for `extra` more bytes, so that appends up to that size
 * need no reallocation: a hint, for a caller that knows about how much it
 * will write.  Never fails: what does not fit under max, or an allocation
 * that fails, is left to the appends to report. */
void shelf_buf_reserve(shelf_buf *b, size_t extra);
/* Appends `v` in decimal (what printf's %u, %zu, %llu write, without
 * the cost of parsing a format).  0 / -1. */
int shelf_buf_putu(shelf_buf *b, unsigned long long v);
int shelf_buf_printf(shelf_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int shelf_buf_vprintf(shelf_buf *b, const char *fmt, va_list ap);
/* Empties the buffer, keeping its allocation, max and failed flag. */
void shelf_buf_clear(shelf_buf *b);
/* Shortens to n bytes (n <= len). */
void shelf_buf_truncate(shelf_buf *b, size_t n);
/* Returns the content ("" when empty) as a malloc'd string the caller
 * frees, and resets the buffer.  NULL when an append failed (the content
 * is gone: see above) or on OOM. */
char *shelf_buf_detach(shelf_buf *b);
/* The content as a C string, "" when empty; stays owned by the buffer. */
const char *shelf_buf_cstr(const shelf_buf *b);
void shelf_buf_free(shelf_buf *b);

#endif
