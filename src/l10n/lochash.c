/* lochash.c - see lochash.h. */
#include "lochash.h"

#include <nettle/sha1.h>

void
shelf_l10n_source_hash(const char *text, size_t n, char hex[41])
{
	shelf_l10n_hash(text, n, 1, hex);
}

void
shelf_l10n_hash(const char *text, size_t n, int crlf, char hex[41])
{
	static const char digits[] = "0123456789abcdef";
	static const unsigned char eol[2] = {'\r', '\n'};
	struct sha1_ctx c;
	uint8_t d[SHA1_DIGEST_SIZE];
	size_t i, from = 0;

	sha1_init(&c);
	for (i = 0; crlf && i < n; i++) {
		if (text[i] != '\r' && text[i] != '\n')
			continue;
		sha1_update(&c, i - from, (const uint8_t *)text + from);
		sha1_update(&c, 2, eol);
		if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n')
			i++;
		from = i + 1;
	}
	sha1_update(&c, n - from, (const uint8_t *)text + from);
	sha1_digest(&c, SHA1_DIGEST_SIZE, d);
	for (i = 0; i < SHA1_DIGEST_SIZE; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[40] = '\0';
}
