/* emoji.c - GitHub emoji shortcodes; see emoji.h. */
#include "emoji.h"

#include <string.h>

#include "emoji_table.h"

_Static_assert(SHELF_EMOJI_TABLE_LONGEST <= SHELF_MAX_EMOJI_NAME,
               "a shortcode in emoji_table.h is longer than SHELF_MAX_EMOJI_NAME");

/* Byte-wise order of (a, alen) against the NUL-terminated table name `b`,
 * the order gen_emoji_table.py sorts by. */
static int
name_cmp(const char *a, size_t alen, const char *b)
{
	size_t blen = strlen(b);
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen;
}

const char *
shelf_emoji_lookup(const char *name, size_t len)
{
	size_t lo = 0, hi = SHELF_EMOJI_TABLE_COUNT;

	if (name == NULL || len == 0 || len > SHELF_MAX_EMOJI_NAME)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = name_cmp(name, len, emoji_table[mid].name);

		if (c == 0)
			return emoji_table[mid].emoji;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static int
is_name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '+' || c == '-';
}

/* Markdig's CharHelper.IsWhiteSpaceOrZero, minus the zero (pos == 0 stands
 * for it): the CommonMark whitespace characters. */
static int
is_ascii_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

size_t
shelf_emoji_match(const char *text, size_t len, size_t pos, const char **emoji)
{
	size_t end, limit;
	const char *found;

	if (text == NULL || pos >= len || text[pos] != ':')
		return 0;
	if (pos > 0 && !is_ascii_space((unsigned char)text[pos - 1]))
		return 0;
	/* The name runs from pos+1 to the next ':'; every table key has this
	 * shape, so Markdig's longest-prefix match is this exact match. */
	limit = len - pos - 1 < SHELF_MAX_EMOJI_NAME + 1 ?
	        len : pos + 1 + SHELF_MAX_EMOJI_NAME + 1;
	for (end = pos + 1; end < limit && text[end] != ':'; end++)
		if (!is_name_char((unsigned char)text[end]))
			return 0;
	if (end >= limit || end == pos + 1)
		return 0;
	found = shelf_emoji_lookup(text + pos + 1, end - pos - 1);
	if (found == NULL)
		return 0;
	if (emoji != NULL)
		*emoji = found;
	return end - pos + 1;
}
