/* escape.c - HTML and URL escaping, character references and the URL
 * policy; see escape.h. */
#include "escape.h"

#include <stdint.h>
#include <string.h>
#include <cmark-gfm.h>
#include <cmark-gfm/houdini.h>

#define ALPHA(c) ((((unsigned)(unsigned char)(c) | 32) - 'a') < 26u)
#define DIGIT(c) ((unsigned)(unsigned char)(c) - '0' < 10u)
#define HEXDIGIT(c) (DIGIT(c) || (((unsigned)(unsigned char)(c) | 32) - 'a') < 6u)

/* ---- HTML text and attribute values ------------------------------------ */

/* Length of the character reference at s[0] == '&' (&name; &#123; &#x1F;)
 * or 0.  Only its syntax is checked: the browser decodes what it knows and
 * shows the rest, both harmless. */
static size_t
charref_len(const char *s, size_t n)
{
	size_t i = 1, start;
	int hex = 0, num = n > 1 && s[1] == '#';

	if (num) {
		hex = n > 2 && (s[2] == 'x' || s[2] == 'X');
		i += 1 + (size_t)hex;
	} else if (n < 2 || !ALPHA(s[1])) {
		return 0;
	}
	for (start = i; i < n && i - start < (num ? 8u : 32u); i++)
		if (!(num ? (hex ? HEXDIGIT(s[i]) : DIGIT(s[i]))
		          : (ALPHA(s[i]) || DIGIT(s[i]))))
			break;
	return i > start && i < n && s[i] == ';' ? i + 1 : 0;
}

/* Length of the UTF-8 sequence at s if it is one the HTML parser reads as
 * U+FFFD (NUL, controls but blanks, C1 controls, noncharacters), else 0. */
static size_t
bad_char_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if ((c < 0x20 && c != ' ' && c != '\t' && c != '\n' && c != '\f' &&
	     c != '\r') || c == 0x7F)
		return 1;
	if (c == 0xC2 && n > 1 && s[1] >= 0x80 && s[1] <= 0x9F)
		return 2;
	if (c == 0xEF && n > 2 &&
	    ((s[1] == 0xB7 && s[2] >= 0x90 && s[2] <= 0xAF) ||
	     (s[1] == 0xBF && s[2] >= 0xBE)))
		return 3;
	if (c >= 0xF0 && c <= 0xF4 && n > 3 && (s[1] & 0x0F) == 0x0F &&
	    s[2] == 0xBF && s[3] >= 0xBE)
		return 4;
	return 0;
}

/* What each byte may need in shelf_escape_text(), as bits matching the
 * flags: ESC_AMP_LT_GT always; QUOT, APOS; CLEAN for CR and for the lead
 * bytes bad_char_len() looks at (controls, DEL, C1 controls' C2,
 * noncharacters' EF and F0-F4).  Every other byte is copied as it is, so
 * the text goes out in runs. */
enum { ESC_AMP_LT_GT = 64, EC = SHELF_ESC_CLEAN };
static const unsigned char esc_class[256] = {
	[0x00] = EC, [0x01] = EC, [0x02] = EC, [0x03] = EC,
	[0x04] = EC, [0x05] = EC, [0x06] = EC, [0x07] = EC,
	[0x08] = EC, [0x0B] = EC, [0x0D] = EC,
	[0x0E] = EC, [0x0F] = EC, [0x10] = EC, [0x11] = EC,
	[0x12] = EC, [0x13] = EC, [0x14] = EC, [0x15] = EC,
	[0x16] = EC, [0x17] = EC, [0x18] = EC, [0x19] = EC,
	[0x1A] = EC, [0x1B] = EC, [0x1C] = EC, [0x1D] = EC,
	[0x1E] = EC, [0x1F] = EC,
	['&'] = ESC_AMP_LT_GT, ['<'] = ESC_AMP_LT_GT, ['>'] = ESC_AMP_LT_GT,
	['"'] = SHELF_ESC_QUOT, ['\''] = SHELF_ESC_APOS,
	[0x7F] = EC, [0xC2] = EC, [0xEF] = EC,
	[0xF0] = EC, [0xF1] = EC, [0xF2] = EC, [0xF3] = EC,
	[0xF4] = EC,
};

/* 1 when one of the 8 bytes at p is & " < or > (or ' with `apos`), the
 * bytes of plain HTML escaping (word at a time: a zero byte of v is one
 * where (v - 0x01..) & ~v has its top bit; b | 4 is 0x26 for " and &,
 * b | 2 is 0x3E for < and >). */
static int
word_has_html_special(const unsigned char *p, int apos)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	uint64_t x, a, b, c;

	memcpy(&x, p, 8);
	a = (x | ones * 0x04) ^ (ones * 0x26);
	b = (x | ones * 0x02) ^ (ones * 0x3E);
	c = apos ? x ^ (ones * 0x27) : ~(uint64_t)0;
	return (((a - ones) & ~a) | ((b - ones) & ~b) | ((c - ones) & ~c)) & highs ? 1 : 0;
}

int
shelf_escape_text(shelf_buf *out, const char *s, size_t n, unsigned flags)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned mask = ESC_AMP_LT_GT | (flags & (SHELF_ESC_QUOT | SHELF_ESC_APOS | SHELF_ESC_CLEAN));
	int words = (mask & ~(unsigned)SHELF_ESC_APOS) == (ESC_AMP_LT_GT | SHELF_ESC_QUOT);
	int apos = (mask & SHELF_ESC_APOS) != 0;
	size_t i = 0, run = 0, len;

	for (;;) {
		const char *rep;
		size_t rlen;
		unsigned char c;

		/* plain HTML escaping, the usual kind, skips clean words whole */
		if (words)
			while (n - i >= 8 && !word_has_html_special(u + i, apos))
				i += 8;
		while (i < n && !(esc_class[u[i]] & mask))
			i++;
		if (i >= n)
			break;
		c = u[i];
		len = 1;
		switch (c) {
		case '&':
			if ((flags & SHELF_ESC_KEEP_REFS) && (len = charref_len(s + i, n - i)) > 0) {
				i += len;
				continue;
			}
			len = 1;
			rep = "&amp;", rlen = 5;
			break;
		case '<': rep = "&lt;", rlen = 4; break;
		case '>': rep = "&gt;", rlen = 4; break;
		case '"': rep = "&quot;", rlen = 6; break;
		case '\'': rep = "&#39;", rlen = 5; break;
		case '\r': rep = "&#13;", rlen = 5; break;
		default:
			if ((len = bad_char_len(u + i, n - i)) == 0) {
				i++;
				continue;
			}
			rep = "\xEF\xBF\xBD", rlen = 3;
		}
		shelf_buf_put(out, s + run, i - run);
		shelf_buf_put(out, rep, rlen);
		i += len;
		run = i;
	}
	shelf_buf_put(out, s + run, i - run);
	return out->failed ? -1 : 0;
}

int
shelf_escape_html(shelf_buf *out, const char *s, size_t n)
{
	return shelf_escape_text(out, s, n, SHELF_ESC_QUOT);
}

/* ---- URLs ------------------------------------------------------------- */

/* Bytes a URL keeps as they are: bit 1 in an href (printable ASCII but
 * blank " < > [ \ ] ^ ` { | } ~ ' and &, which becomes &amp;), bit 2 in a
 * component (the unreserved A-Z a-z 0-9 - . _ ~). */
static const unsigned char url_keep[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 3, 3, 1,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 1, 1, 0, 1, 0, 1,
	1, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 3,
	0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 2, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

int
shelf_escape_url(shelf_buf *out, const char *s, size_t n, shelf_url_part part)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *u = (const unsigned char *)s, *keep = url_keep;
	unsigned bit = part == SHELF_URL_COMPONENT ? 2 : 1;
	size_t i = 0, run = 0;

	for (;;) {
		unsigned char c;

		while (i < n && (keep[u[i]] & bit))
			i++;
		if (i >= n)
			break;
		c = u[i];
		shelf_buf_put(out, s + run, i - run);
		if (part == SHELF_URL_HREF && c == '&') {
			shelf_buf_put(out, "&amp;", 5);
		} else {
			char enc[3] = {'%', hex[c >> 4], hex[c & 15]};
			shelf_buf_put(out, enc, 3);
		}
		run = ++i;
	}
	shelf_buf_put(out, s + run, i - run);
	return out->failed ? -1 : 0;
}

/* 1 when the n bytes at s equal, in any case, one of the blank-separated
 * words of `list` (which starts and ends with a blank). */
static int
in_list(const char *list, const char *s, size_t n)
{
	const char *p;
	size_t i;

	for (p = list; (p = strchr(p, ' ')) != NULL && p[1] != '\0'; p++) {
		for (i = 0; i < n && p[1 + i] == (char)(s[i] | (ALPHA(s[i]) ? 32 : 0)); i++)
			;
		if (i == n && p[1 + n] == ' ')
			return 1;
	}
	return 0;
}

int
shelf_url_allowed(const char *s, size_t n, shelf_url_use use)
{
	static const char *const allowed[] = {
		[SHELF_URL_LINK] = " http https mailto tel ms-settings xref data-blade"
		                   " button-data-blade button-data-context datablade"
		                   " data-blade-uri ",
		[SHELF_URL_MEDIA] = " http https ",
	};
	char scheme[24];          /* longer than any allowed scheme */
	size_t i, k = 0;

	for (i = 0; i < n && s[i] != ':'; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c == 0x7F)
			continue;
		if (!(ALPHA(c) || (k > 0 && (DIGIT(c) || c == '+' || c == '-' || c == '.'))))
			return 1;      /* no scheme: relative */
		if (k < sizeof scheme)
			scheme[k] = (char)c;
		k++;
	}
	if (i == n || k == 0)
		return 1;
	if (k > sizeof scheme)
		return 0;
	return in_list(allowed[use], scheme, k);
}

/* ---- Character references ---------------------------------------------- */

/* Windows-1252 meaning of numeric references 0x80-0x9F (HTML5 rule). */
static const uint16_t cp1252[32] = {
	0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
	0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178
};

static void
put_utf8(shelf_buf *b, uint32_t cp)
{
	char u[4];
	int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4, i;

	for (i = n - 1; i > 0; i--, cp >>= 6)
		u[i] = (char)(0x80 | (cp & 0x3F));
	u[0] = (char)(n == 1 ? cp : ((0xFF00u >> n) & 0xFF) | cp);
	shelf_buf_put(b, u, (size_t)n);
}

/* Decodes the numeric reference at s[0] == '&', s[1] == '#' as HTML5 does
 * (also without ';'; 0, surrogates and values past U+10FFFF as U+FFFD,
 * 0x80-0x9F as Windows-1252).  Returns its length, or 0 when it has no
 * digits. */
static size_t
decode_numeric(shelf_buf *b, const char *s, size_t n)
{
	int hex = n > 2 && (s[2] == 'x' || s[2] == 'X');
	size_t i = 2 + (size_t)hex, start = i;
	uint32_t cp = 0;

	for (; i < n && (hex ? HEXDIGIT(s[i]) : DIGIT(s[i])); i++)
		if (cp <= 0x10FFFF)
			cp = cp * (hex ? 16 : 10) + (uint32_t)(DIGIT(s[i]) ? s[i] - '0' :
			                                       (s[i] | 32) - 'a' + 10);
	if (i == start)
		return 0;
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	else if (cp >= 0x80 && cp <= 0x9F)
		cp = cp1252[cp - 0x80];
	put_utf8(b, cp);
	return i + (i < n && s[i] == ';');
}

int
shelf_entities_decode(shelf_buf *out, const char *s, size_t n)
{
	cmark_strbuf b;
	size_t i = 0, used;

	if (n > (size_t)INT32_MAX / 2)
		return -1;
	cmark_strbuf_init(cmark_get_default_mem_allocator(), &b, 0);
	while (i < n) {
		const char *amp = memchr(s + i, '&', n - i);
		if (amp == NULL) {
			shelf_buf_put(out, s + i, n - i);
			break;
		}
		shelf_buf_put(out, s + i, (size_t)(amp - (s + i)));
		i = (size_t)(amp - s);
		used = 0;
		if (i + 1 < n && s[i + 1] == '#') {
			used = decode_numeric(out, s + i, n - i);
		} else if (i + 1 < n) {
			cmark_strbuf_clear(&b);
			used = (size_t)houdini_unescape_ent(&b, (const uint8_t *)s + i + 1,
			                                    (bufsize_t)(n - i - 1));
			if (used > 0) {
				shelf_buf_put(out, (const char *)b.ptr, (size_t)b.size);
				used++;
			}
		}
		if (used == 0) {
			shelf_buf_putc(out, '&');
			used = 1;
		}
		i += used;
	}
	cmark_strbuf_free(&b);
	return out->failed ? -1 : 0;
}
