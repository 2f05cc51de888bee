/* read.c - stage 1: reading and normalising article text; see read.h. */
#include "read.h"
#include "buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *
shelf_file_slurp(const char *path, size_t max, size_t *len, shelf_diags *d,
                 const char *shown)
{
	return shelf_file_slurp_st(path, max, len, d, shown, NULL);
}

char *
shelf_file_slurp_st(const char *path, size_t max, size_t *len, shelf_diags *d,
                    const char *shown, struct stat *st_out)
{
	struct stat st;
	int fd;
	char *data = NULL;
	size_t got = 0, want;

	*len = 0;
	/* open, fstat and read the size found: no stdio buffer to fill and
	 * copy, and the one fstat (stdio makes another) */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0) {
		shelf_diags_add(d, SHELF_E_IO, SHELF_ERROR, shown, 0, 0,
		                "cannot read file: %s", strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		shelf_diags_add(d, SHELF_E_IO, SHELF_ERROR, shown, 0, 0,
		                "not a regular file");
		goto fail;
	}
	if ((unsigned long long)st.st_size > max) {
		shelf_diags_add(d, SHELF_E_TOO_LARGE, SHELF_ERROR, shown, 0, 0,
		                "file is %llu bytes, over the limit of %zu bytes",
		                (unsigned long long)st.st_size, max);
		goto fail;
	}
	want = (size_t)st.st_size;
	data = malloc(want + 1);
	if (data == NULL)
		goto fail;
	while (got < want) {
		ssize_t r = read(fd, data + got, want - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			shelf_diags_add(d, SHELF_E_IO, SHELF_ERROR, shown, 0, 0,
			                "read error: %s", strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;          /* shorter than when it was looked at */
		got += (size_t)r;
	}
	data[got] = '\0';
	*len = got;
	close(fd);
	if (st_out)
		*st_out = st;
	return data;
fail:
	free(data);
	if (fd >= 0)
		close(fd);
	return NULL;
}

void
shelf_input_make(shelf_input *in, const char *path, const char *data, size_t len,
                 const struct stat *st)
{
	in->path = path;
	in->data = data;
	in->len = len;
	in->size = (long long)st->st_size;
	in->mtime_s = (long long)st->st_mtim.tv_sec;
	in->mtime_ns = (long long)st->st_mtim.tv_nsec;
	in->ino = (long long)st->st_ino;
}

size_t
shelf_utf8_valid_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && s[1] < 0xA0)
			return 0; /* overlong */
		if (c == 0xED && s[1] > 0x9F)
			return 0; /* surrogate */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
		    (s[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && s[1] < 0x90)
			return 0; /* overlong */
		if (c == 0xF4 && s[1] > 0x8F)
			return 0; /* over U+10FFFF */
		return 4;
	}
	return 0;
}

int
shelf_utf8_valid(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		uint64_t w;
		if (i + 8 <= n) {
			memcpy(&w, u + i, 8);
			if ((w & 0x8080808080808080ULL) == 0) {
				i += 8;
				continue;
			}
		}
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = shelf_utf8_valid_len(u + i, n - i)) == 0)
			return 0;
		i += k;
	}
	return 1;
}

/* Length of the maximal subpart of an invalid sequence at s (Unicode
 * "substitution of maximal subparts"): the lead byte plus any continuation
 * bytes that could still have been valid. */
static size_t
utf8_bad_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t want, i;
	unsigned char lo = 0x80, hi = 0xBF;

	if (c >= 0xC2 && c <= 0xDF)
		want = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		want = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		want = 4;
	else
		return 1;
	if (c == 0xE0) lo = 0xA0;
	if (c == 0xED) hi = 0x9F;
	if (c == 0xF0) lo = 0x90;
	if (c == 0xF4) hi = 0x8F;
	for (i = 1; i < want && i < n; i++) {
		unsigned char b = s[i];
		if (i == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80)
			break;
	}
	return i;
}

static const char REPLACEMENT[] = "\xEF\xBF\xBD";

typedef struct norm_state {
	shelf_diags *d;
	const char *file;
	const unsigned char *raw;
	unsigned line;        /* line of raw[pos], 1-based */
	size_t line_start;    /* offset in raw of that line */
	size_t pos;           /* how far lines were counted */
	unsigned warned_line; /* last line that got an encoding warning */
	unsigned warnings;
} norm_state;

/* Moves the line count on to offset `at` (never back): LF, CR LF and a
 * lone CR each end a line.  Lines are only needed for warnings, so they
 * are counted only when one is made. */
static void
norm_where(norm_state *st, size_t at)
{
	size_t k;

	for (k = st->pos; k < at; k++) {
		unsigned char c = st->raw[k];
		/* raw[k + 1] is at most raw[at], the byte warned about */
		if (c == '\n' || (c == '\r' && st->raw[k + 1] != '\n')) {
			st->line++;
			st->line_start = k + 1;
		}
	}
	if (at > st->pos)
		st->pos = at;
}

/* One warning per line and at most SHELF_MAX_ENCODING_WARNINGS per file. */
static void
norm_warn(norm_state *st, shelf_code code, size_t at, const char *what,
          const unsigned char *bytes, size_t nbytes)
{
	char hex[3 * 4 + 1];
	size_t i, k = 0;

	norm_where(st, at);
	if (st->warned_line == st->line)
		return;
	st->warned_line = st->line;
	if (++st->warnings > SHELF_MAX_ENCODING_WARNINGS)
		return;
	for (i = 0; i < nbytes && i < 4; i++)
		k += (size_t)snprintf(hex + k, sizeof hex - k, "%s%02X",
		                      i ? " " : "", bytes[i]);
	hex[k] = '\0';
	shelf_diags_add(st->d, code, SHELF_WARNING, st->file, st->line,
	                (unsigned)(at - st->line_start + 1),
	                "%s (bytes %s) replaced by U+FFFD", what, hex);
}

/* Bytes normalising looks at: 1 for a UTF-8 lead or continuation byte
 * (checked as a sequence), 2 for CR, NUL, DEL and the controls other than
 * TAB, LF and FF.  The rest (0) are copied in runs. */
static const unsigned char norm_class[256] = {
	2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 2, 0, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* 1 when one of the 8 bytes at p is below 0x20 (LF and TAB too), DEL or
 * above 0x7F: the usual word-at-a-time tests (a byte below N: x - N*0x01..
 * borrows into its top bit; a DEL is a zero byte of x ^ 0x7F..). */
static int
word_needs_look(const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	uint64_t x, del;

	memcpy(&x, p, 8);
	del = x ^ (ones * 0x7F);
	return (((x - ones * 0x20) | (del - ones)) & ~x & highs) != 0 || (x & highs) != 0;
}

char *
shelf_text_normalize(const char *raw, size_t n, size_t *len,
                     shelf_diags *d, const char *file)
{
	const unsigned char *s = (const unsigned char *)raw;
	shelf_buf out = SHELF_BUF_INIT;
	norm_state st = {d, file, s, 1, 0, 0, 0, 0};
	size_t i = 0, k, run;
	int boms;

	out.max = n * 3 + 16; /* each byte becomes at most U+FFFD */
	shelf_buf_reserve(&out, n);  /* the usual case: about as long */
	for (boms = 0; boms < 2 && n - i >= 3 && memcmp(s + i, "\xEF\xBB\xBF", 3) == 0; boms++)
		i += 3;
	st.line_start = st.pos = i;
	run = i;
	while (i < n) {
		unsigned char c;
		/* bytes that stay as they are gather into a run, copied at once;
		 * eight at a time while none is a control, DEL or above 0x7F */
		while (n - i >= 8 && !word_needs_look(s + i))
			i += 8;
		if (i >= n)
			break;
		c = s[i];
		if (norm_class[c] == 0) {
			i++;
			continue;
		}
		if (c >= 0x80 && (k = shelf_utf8_valid_len(s + i, n - i)) != 0) {
			i += k;
			continue;
		}
		shelf_buf_put(&out, raw + run, i - run);
		if (c == '\r') {
			shelf_buf_putc(&out, '\n');
			i += (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
		} else if (c == 0) {
			norm_warn(&st, SHELF_W_NUL_BYTE, i, "NUL byte", s + i, 1);
			shelf_buf_put(&out, REPLACEMENT, 3);
			i++;
		} else if (c < 0x80) {
			norm_warn(&st, SHELF_W_CONTROL_CHAR, i, "control character", s + i, 1);
			shelf_buf_put(&out, REPLACEMENT, 3);
			i++;
		} else {
			k = utf8_bad_len(s + i, n - i);
			norm_warn(&st, SHELF_W_BAD_UTF8, i, "invalid UTF-8", s + i, k);
			shelf_buf_put(&out, REPLACEMENT, 3);
			i += k;
		}
		run = i;
	}
	shelf_buf_put(&out, raw + run, i - run);
	if (st.warnings > SHELF_MAX_ENCODING_WARNINGS)
		shelf_diags_add(d, SHELF_W_BAD_UTF8, SHELF_WARNING, file, 0, 0,
		                "%u more encoding faults not listed",
		                st.warnings - SHELF_MAX_ENCODING_WARNINGS);
	if (out.failed) {
		shelf_buf_free(&out);
		return NULL;
	}
	*len = out.len;
	return shelf_buf_detach(&out);
}
