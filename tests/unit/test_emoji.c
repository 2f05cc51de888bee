/* test_emoji.c - GitHub emoji shortcodes. */
#include "harness.h"
#include "emoji.h"
/* The table itself, to check that it is sorted and complete. */
#include "emoji_table.h"

#define CHECK_MARK "\xE2\x9C\x94\xEF\xB8\x8F"   /* U+2714 U+FE0F */
#define THUMBS_UP "\xF0\x9F\x91\x8D"
#define THUMBS_DOWN "\xF0\x9F\x91\x8E"
#define SMILE "\xF0\x9F\x98\x84"

static const char *
lookup(const char *name)
{
	return shelf_emoji_lookup(name, strlen(name));
}

static void
test_lookup(void)
{
	STR_EQ(lookup("heavy_check_mark"), CHECK_MARK, "heavy_check_mark");
	STR_EQ(lookup("+1"), THUMBS_UP, "+1");
	STR_EQ(lookup("thumbsup"), THUMBS_UP, "alias thumbsup");
	STR_EQ(lookup("-1"), THUMBS_DOWN, "-1");
	STR_EQ(lookup("smile"), SMILE, "smile");
	STR_EQ(lookup("white_check_mark"), "\xE2\x9C\x85", "white_check_mark");
	STR_EQ(lookup("warning"), "\xE2\x9A\xA0\xEF\xB8\x8F", "warning");
	STR_EQ(lookup("x"), "\xE2\x9D\x8C", "x");
	STR_EQ(lookup("hash"), "#\xEF\xB8\x8F\xE2\x83\xA3", "keycap with ASCII");
	STR_EQ(lookup("zzz"), "\xF0\x9F\x92\xA4", "last entry");
	OK(lookup("unknown_emoji") == NULL, "unknown");
	OK(lookup("Smile") == NULL, "case-sensitive");
	OK(lookup("smil") == NULL, "prefix");
	OK(lookup("smilee") == NULL, "longer");
	OK(lookup(":smile:") == NULL, "with colons");
	OK(shelf_emoji_lookup("smile", 0) == NULL, "empty");
	OK(shelf_emoji_lookup(NULL, 3) == NULL, "NULL");
	STR_EQ(shelf_emoji_lookup("smiley", 5), SMILE, "len bounds the name");
}

static void
test_table(void)
{
	size_t i, bad_order = 0, not_found = 0;

	OK(SHELF_EMOJI_TABLE_COUNT > 1800, "table has the GitHub set");
	for (i = 0; i < SHELF_EMOJI_TABLE_COUNT; i++) {
		const char *name = emoji_table[i].name;
		const char *got = shelf_emoji_lookup(name, strlen(name));

		if (i > 0 && strcmp(emoji_table[i - 1].name, name) >= 0)
			bad_order++;
		if (got == NULL || strcmp(got, emoji_table[i].emoji) != 0)
			not_found++;
	}
	INT_EQ(bad_order, 0, "table strictly sorted");
	INT_EQ(not_found, 0, "every shortcode is found");
}

/* Matches at `pos` in `text`; checks the length and, if any, the emoji. */
static void
check_match(const char *text, size_t pos, size_t want, const char *emoji,
            int line)
{
	const char *got = "(unset)";
	size_t n = shelf_emoji_match(text, strlen(text), pos, &got);

	INT_EQ(n, want, "line %d: match length in [%s] at %zu", line, text, pos);
	if (want)
		STR_EQ(got, emoji, "line %d: emoji", line);
	else
		STR_EQ(got, "(unset)", "line %d: emoji untouched", line);
}
#define MATCH(text, pos, want, emoji) \
	check_match((text), (pos), (want), (emoji), __LINE__)
#define NO_MATCH(text, pos) check_match((text), (pos), 0, NULL, __LINE__)

static void
test_match(void)
{
	MATCH(":smile:", 0, 7, SMILE);
	MATCH("say :smile: now", 4, 7, SMILE);
	MATCH("say :smile:.", 4, 7, SMILE);
	MATCH("end :smile:", 4, 7, SMILE);
	MATCH("tab\t:smile:", 4, 7, SMILE);
	MATCH("line\n:smile:", 5, 7, SMILE);
	MATCH(":+1:", 0, 4, THUMBS_UP);
	MATCH(":-1: no", 0, 4, THUMBS_DOWN);
	MATCH("**Applies to:** :heavy_check_mark: Windows VM", 16, 18, CHECK_MARK);
	MATCH(":smile::smile:", 0, 7, SMILE);

	NO_MATCH(":not an emoji:", 0);
	NO_MATCH("::", 0);
	NO_MATCH(":smile", 0);
	NO_MATCH(":smile ", 0);
	NO_MATCH(":", 0);
	NO_MATCH(":Smile:", 0);
	NO_MATCH(":unknown_code:", 0);
	NO_MATCH(":smile::smile:", 6);   /* ':' after ':' is not whitespace */
	NO_MATCH(":smile::smile:", 7);
	NO_MATCH("10:30:45", 2);
	NO_MATCH("10:30:45", 5);
	NO_MATCH("a:smile:", 1);         /* Markdig: previous char not space */
	NO_MATCH("|:x:|", 1);
	NO_MATCH("(:smile:)", 1);
	NO_MATCH("smile:", 0);           /* not at a colon */
	NO_MATCH(":smile:", 7);          /* pos past the end */
}

static void
test_match_bounds(void)
{
	char longname[SHELF_MAX_EMOJI_NAME + 8];
	const char *got = NULL;

	/* `len` cuts the text: the closing colon is outside. */
	OK(shelf_emoji_match(":smile:", 6, 0, &got) == 0, "len excludes colon");
	OK(shelf_emoji_match(":smile: x", 7, 0, &got) == 7 &&
	   got != NULL && strcmp(got, SMILE) == 0, "len exact");
	OK(shelf_emoji_match(":smile:", 7, 0, NULL) == 7, "emoji may be NULL");

	/* A run of name chars longer than the limit is never scanned past it. */
	memset(longname, 'a', sizeof longname);
	longname[0] = ':';
	longname[sizeof longname - 1] = '\0';
	longname[SHELF_MAX_EMOJI_NAME + 1] = ':';
	NO_MATCH(longname, 0);                 /* 64 unknown chars */
	longname[SHELF_MAX_EMOJI_NAME + 1] = 'a';
	longname[SHELF_MAX_EMOJI_NAME + 2] = ':';
	NO_MATCH(longname, 0);                 /* 65: over the limit */
}

int
main(void)
{
	RUN(test_lookup);
	RUN(test_table);
	RUN(test_match);
	RUN(test_match_bounds);
	return harness_done();
}
