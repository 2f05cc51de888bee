/*
 * emoji.h - GitHub emoji shortcodes (`:smile:`) to Unicode, as docfx's
 * Markdig emoji extension renders them (smileys off).
 *
 * The table (emoji_table.h) is generated from the GitHub emoji set by
 * src/tools/gen_emoji_table.py and committed; see that script to refresh it.
 */
#ifndef SHELF_EMOJI_H
#define SHELF_EMOJI_H

#include <stddef.h>

/* Longest shortcode name (without colons) that is looked up.  GitHub's
 * longest is 40 bytes; the bound keeps the scan for the closing colon short,
 * so a line of `:aaaa…` costs O(n), not O(n^2). */
#define SHELF_MAX_EMOJI_NAME 64

/* Returns the UTF-8 emoji for GitHub shortcode `name` (without the colons,
 * `len` bytes, case-sensitive as GitHub's: all lower case), or NULL.  The
 * string is static; nobody frees it.  Binary search over the sorted table. */
const char *shelf_emoji_lookup(const char *name, size_t len);

/* Scans `text` (`len` bytes) at `pos`, where text[pos] == ':'.  If a known
 * shortcode `:name:` starts there (name chars [a-z0-9_+-], 1 to
 * SHELF_MAX_EMOJI_NAME bytes), returns its length including both colons and
 * sets *emoji to the static UTF-8 string; else returns 0 and leaves *emoji.
 *
 * `text` must be the whole inline subject (a paragraph's or heading's raw
 * content) because, like Markdig's EmojiParser, a shortcode counts only at
 * the start of the subject (pos == 0) or right after ASCII whitespace
 * (space, tab, LF, VT, FF, CR): `10:30:45`, `a:smile:`, `|:x:|` stay text.
 * Nothing is required after the closing colon (`:smile:.` converts). */
size_t shelf_emoji_match(const char *text, size_t len, size_t pos,
                         const char **emoji);

#endif
