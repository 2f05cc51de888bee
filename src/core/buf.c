/* buf.c - bounded growable buffer; see buf.h. */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
shelf_buf_init(shelf_buf *b, size_t max)
{
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->max = max ? max : SHELF_BUF_DEFAULT_MAX;
	b->failed = 0;
}

/* Records a failed append: the content is freed so that no caller can
 * emit a cut-off buffer as if it were whole.  Always -1. */
static int
buf_fail(shelf_buf *b, int why)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
	if (!b->failed)
		b->failed = why;
	return -1;
}

/* Makes room for `extra` more bytes plus the NUL.  0 or -1. */
static int
buf_grow(shelf_buf *b, size_t extra)
{
	size_t need, ncap;
	char *p;

	if (b->failed)
		return -1;
	if (extra > b->max - b->len)
		return buf_fail(b, SHELF_BUF_TOO_LARGE);
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : 256;
	while (ncap < need)
		ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
	p = realloc(b->ptr, ncap);
	if (p == NULL)
		return buf_fail(b, SHELF_BUF_NOMEM);
	b->ptr = p;
	b->cap = ncap;
	return 0;
}

int
shelf_buf_put_slow(shelf_buf *b, const char *s, size_t n)
{
	if (buf_grow(b, n) != 0)
		return -1;
	if (n)
		memcpy(b->ptr + b->len, s, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return 0;
}

void
shelf_buf_reserve(shelf_buf *b, size_t extra)
{
	size_t need;
	char *p;

	if (b->failed || extra > b->max - b->len || extra >= SIZE_MAX / 2)
		return;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	p = realloc(b->ptr, need);
	if (p == NULL)
		return;
	if (b->ptr == NULL)
		p[0] = '\0';
	b->ptr = p;
	b->cap = need;
}

int
shelf_buf_putu(shelf_buf *b, unsigned long long v)
{
	char digits[24];
	size_t k = sizeof digits;

	do
		digits[--k] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	return shelf_buf_put(b, digits + k, sizeof digits - k);
}

int
shelf_buf_vprintf(shelf_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	size_t room = b->failed || b->ptr == NULL ? 0 : b->cap - b->len;
	int n;

	/* first into the room there is: most appends fit, one pass */
	va_copy(ap2, ap);
	n = room ? vsnprintf(b->ptr + b->len, room, fmt, ap2) : vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return buf_fail(b, SHELF_BUF_NOMEM);
	if ((size_t)n < room && (size_t)n <= b->max - b->len) {
		b->len += (size_t)n;
		return 0;
	}
	if (room)
		b->ptr[b->len] = '\0'; /* what did not fit is cut again */
	if (buf_grow(b, (size_t)n) != 0)
		return -1;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int
shelf_buf_printf(shelf_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = shelf_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void
shelf_buf_clear(shelf_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

void
shelf_buf_truncate(shelf_buf *b, size_t n)
{
	if (n < b->len) {
		b->len = n;
		b->ptr[n] = '\0';
	}
}

char *
shelf_buf_detach(shelf_buf *b)
{
	char *p = b->ptr;

	if (b->failed)
		return NULL;
	if (p == NULL)
		p = calloc(1, 1);
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

const char *
shelf_buf_cstr(const shelf_buf *b)
{
	return b->ptr ? b->ptr : "";
}

void
shelf_buf_free(shelf_buf *b)
{
	if (b == NULL)
		return;
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}
