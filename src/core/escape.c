/* escape.c - HTML and URL escaping; see escape.h. */
#include "escape.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <cmark-gfm.h>
#include <cmark-gfm/houdini.h>

int
shelf_escape_html(shelf_buf *out, const char *s, size_t n)
{
	size_t i, run = 0;

	for (i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		default: continue;
		}
		shelf_buf_put(out, s + run, i - run);
		shelf_buf_puts(out, rep);
		run = i + 1;
	}
	shelf_buf_put(out, s + run, n - run);
	return out->failed ? -1 : 0;
}

int
shelf_escape_href(shelf_buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '&') {
			shelf_buf_puts(out, "&amp;");
		} else if (c <= 0x20 || c >= 0x7F || strchr("\"<>[\\]^`{|}~'", c)) {
			char enc[3] = {'%', hex[c >> 4], hex[c & 15]};
			shelf_buf_put(out, enc, 3);
		} else {
			shelf_buf_putc(out, c);
		}
	}
	return out->failed ? -1 : 0;
}

int
shelf_escape_url_component(shelf_buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
			shelf_buf_putc(out, c);
		} else {
			char enc[3] = {'%', hex[c >> 4], hex[c & 15]};
			shelf_buf_put(out, enc, 3);
		}
	}
	return out->failed ? -1 : 0;
}

int
shelf_url_is_dangerous(const char *s, size_t n)
{
	static const char *const bad[] = {"javascript:", "vbscript:", "data:", "file:"};
	char scheme[16];
	size_t i, k = 0;

	for (i = 0; i < n && k < sizeof scheme - 1; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20)
			continue; /* browsers skip blanks and controls */
		scheme[k++] = (char)tolower(c);
		if (c == ':')
			break;
	}
	scheme[k] = '\0';
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (strncmp(scheme, bad[i], strlen(bad[i])) == 0)
			return 1;
	return 0;
}

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
