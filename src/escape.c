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

int
shelf_escape_text(shelf_buf *out, const char *s, size_t n, unsigned flags)
{
	size_t i = 0, run = 0, len;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		const char *rep = NULL;

		len = c == '&' && (flags & SHELF_ESC_KEEP_REFS) ? charref_len(s + i, n - i) : 0;
		if (len > 0) {
			i += len;
			continue;
		}
		len = 1;
		if (c == '&')
			rep = "&amp;";
		else if (c == '<')
			rep = "&lt;";
		else if (c == '>')
			rep = "&gt;";
		else if (c == '"' && (flags & SHELF_ESC_QUOT))
			rep = "&quot;";
		else if (c == '\'' && (flags & SHELF_ESC_APOS))
			rep = "&#39;";
		else if (c == '\r' && (flags & SHELF_ESC_CLEAN))
			rep = "&#13;";
		else if ((flags & SHELF_ESC_CLEAN) && (c < 0x20 || c >= 0x7F) &&
		         (len = bad_char_len((const unsigned char *)s + i, n - i)) > 0)
			rep = "\xEF\xBF\xBD";
		if (rep == NULL) {
			i++;
			continue;
		}
		shelf_buf_put(out, s + run, i - run);
		shelf_buf_puts(out, rep);
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

int
shelf_escape_url(shelf_buf *out, const char *s, size_t n, shelf_url_part part)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int keep = part == SHELF_URL_COMPONENT
		           ? ALPHA(c) || DIGIT(c) || c == '-' || c == '.' || c == '_' || c == '~'
		           : c > 0x20 && c < 0x7F && !strchr("\"<>[\\]^`{|}~'", c);
		if (part == SHELF_URL_HREF && c == '&') {
			shelf_buf_puts(out, "&amp;");
		} else if (keep) {
			shelf_buf_putc(out, (char)c);
		} else {
			char enc[3] = {'%', hex[c >> 4], hex[c & 15]};
			shelf_buf_put(out, enc, 3);
		}
	}
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
		[SHELF_URL_FRAME] = " https ",
	};
	char scheme[24];          /* longer than any allowed scheme */
	size_t i, k = 0;

	for (i = 0; i < n && s[i] != ':'; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c == 0x7F)
			continue;
		if (!(ALPHA(c) || (k > 0 && (DIGIT(c) || c == '+' || c == '-' || c == '.'))))
			return use != SHELF_URL_FRAME;      /* no scheme: relative */
		if (k < sizeof scheme)
			scheme[k] = (char)c;
		k++;
	}
	if (i == n || k == 0)
		return use != SHELF_URL_FRAME;
	if (k > sizeof scheme)
		return 0;
	return in_list(allowed[use], scheme, k);
}

/* ---- Character references ---------------------------------------------- */

int
shelf_entities_decode(shelf_buf *out, const char *s, size_t n)
{
	cmark_strbuf b;

	if (n > (size_t)INT32_MAX / 2)
		return -1;
	cmark_strbuf_init(cmark_get_default_mem_allocator(), &b, 0);
	houdini_unescape_html_f(&b, (const uint8_t *)s, (bufsize_t)n);
	shelf_buf_put(out, (const char *)b.ptr, (size_t)b.size);
	cmark_strbuf_free(&b);
	return out->failed ? -1 : 0;
}
