/* test_slug.c - docfx heading ids (dfm-extensions.md section 6.1). */
#include <stdlib.h>

#include "harness.h"
#include "slug.h"

/* Checks shelf_slug_make(text) == want; `len` (-1: strlen) allows NULs. */
static void
check_len(const char *text, long len, const char *want, int line)
{
	shelf_buf b = SHELF_BUF_INIT;

	shelf_slug_make(&b, text, len < 0 ? strlen(text) : (size_t)len);
	OK(!b.failed, "line %d: buffer failed", line);
	STR_EQ(shelf_buf_cstr(&b), want, "line %d: slug of [%s]", line, text);
	shelf_buf_free(&b);
}
#define SLUG(text, want) check_len((text), -1, (want), __LINE__)

static void
test_docfx_upstream(void)
{
	/* docfx AutoIdentifierTest and dfm-extensions.md 6.1. */
	SLUG("This - is a &@! heading _ with . and ! -",
	     "this---is-a--heading-_-with--and---");
	SLUG("1. Deploying the network", "1-deploying-the-network");
	/* "# Hello @CrossLink1 @'CrossLink2'dummy": xrefs render nothing. */
	SLUG("Hello  dummy", "hello--dummy");
}

static void
test_derived(void)
{
	SLUG("문제 해결", "문제-해결");
	SLUG("Étape 1", "étape-1");
	SLUG("Error: 0x80070005", "error-0x80070005");
	SLUG("Q&A", "qa");
	SLUG("✅ Fixed", "-fixed");
	SLUG("???", "section");
	SLUG("", "section");
	SLUG("   ", "---");
	SLUG("__init__ and --flag", "__init__-and---flag");
	SLUG("Step 3: Restart the VM (optional)", "step-3-restart-the-vm-optional");
	SLUG("C# / .NET", "c--net");
	SLUG("a\nb", "ab");   /* soft line break in the plain text */
}

static void
test_scripts(void)
{
	/* U+30FC (prolonged sound mark) is Lm: kept. */
	SLUG("リモート デスクトップ接続のトラブルシューティング",
	     "リモート-デスクトップ接続のトラブルシューティング");
	SLUG("解决方案 2", "解决方案-2");
	SLUG("错误：拒绝访问", "错误拒绝访问");   /* fullwidth colon is Po */
	SLUG("Устранение Неполадок", "устранение-неполадок");
	/* Per-char ToLowerInvariant: no final sigma. */
	SLUG("Σφάλμα ΣΥΝΔΕΣΗΣ", "σφάλμα-συνδεσησ");
	SLUG("ＡＢＣ １２", "ａｂｃ-１２");   /* fullwidth Lu and Nd */
	SLUG("خطأ ٣", "خطأ-٣");               /* Arabic-Indic digit is Nd */
	SLUG("שגיאה", "שגיאה");
}

static void
test_dropped(void)
{
	SLUG("A\xC2\xA0" "B", "ab");              /* NBSP */
	SLUG("A\xE3\x80\x80" "B", "ab");          /* ideographic space */
	SLUG("a\tb", "ab");
	SLUG("e\xCC\x81" "cole", "ecole");        /* U+0301 is Mn */
	/* Devanagari: vowel signs U+093F/U+0940 are Mc, virama U+094D Mn. */
	SLUG("हिन्दी", "हनद");
	SLUG("\xF0\x9D\x90\x80 bold", "-bold");    /* U+1D400, non-BMP letter */
	SLUG("\xF0\x9F\x98\x84", "section");       /* emoji */
	SLUG("x² ½ Ⅻ", "x--");                    /* No, No, Nl */
	SLUG("a\xE2\x80\x8D" "b", "ab");           /* ZWJ (Cf) */
}

static void
test_case(void)
{
	SLUG("İstanbul", "İstanbul");   /* U+0130 stays (invariant culture) */
	SLUG("ISTANBUL", "istanbul");
	SLUG("ı", "ı");                 /* dotless i is already lower */
	SLUG("\xC7\x85", "\xC7\x86");   /* U+01C5 (Lt) -> U+01C6 */
	SLUG("\xE2\x84\xAA", "k");      /* KELVIN SIGN -> k */
	SLUG("\xE2\x84\xA6", "ω");      /* OHM SIGN -> omega */
	SLUG("ẞ", "ß");                 /* U+1E9E -> U+00DF */
	SLUG("Straße", "straße");       /* no full case folding */
	SLUG("ǅemal", "ǆemal");
}

static void
test_invalid_utf8(void)
{
	check_len("a\xFF" "b\xC3", -1, "ab", __LINE__);
	check_len("\xC0\xAF" "x", -1, "x", __LINE__);          /* overlong */
	check_len("\xED\xA0\x80" "z", -1, "z", __LINE__);      /* surrogate */
	check_len("\xC3" "A", -1, "a", __LINE__);              /* truncated */
	check_len("\xF4\x90\x80\x80", -1, "section", __LINE__); /* > U+10FFFF */
	check_len("a\0b", 3, "ab", __LINE__);                  /* NUL is Cc */
}

static void
test_appends(void)
{
	shelf_buf b = SHELF_BUF_INIT;

	shelf_buf_puts(&b, "id=");
	shelf_slug_make(&b, "Hi There", 8);
	STR_EQ(shelf_buf_cstr(&b), "id=hi-there", "appends");
	shelf_buf_clear(&b);
	shelf_buf_puts(&b, "x");
	shelf_slug_make(&b, "!!", 2);
	STR_EQ(shelf_buf_cstr(&b), "xsection", "empty appends section");
	shelf_buf_free(&b);

	shelf_buf_init(&b, 4);
	shelf_slug_make(&b, "abcdefgh", 8);
	OK(b.failed, "limit sets failed");
	shelf_buf_free(&b);
}

/* Claims the slug of `text` and checks the id it gets. */
static void
claim(shelf_slugs *s, const char *text, const char *want, int line)
{
	shelf_buf b = SHELF_BUF_INIT;

	shelf_slug_make(&b, text, strlen(text));
	INT_EQ(shelf_slugs_claim(s, &b), 0, "line %d: claim", line);
	STR_EQ(shelf_buf_cstr(&b), want, "line %d: claim of [%s]", line, text);
	shelf_buf_free(&b);
}
#define CLAIM(s, text, want) claim((s), (text), (want), __LINE__)

static void
test_unique(void)
{
	shelf_slugs *s = shelf_slugs_new();

	OK(s != NULL, "new");
	CLAIM(s, "Cause", "cause");
	CLAIM(s, "Cause", "cause-1");
	CLAIM(s, "Cause", "cause-2");
	CLAIM(s, "Resolution", "resolution");
	CLAIM(s, "???", "section");
	CLAIM(s, "!!!", "section-1");
	shelf_slugs_free(s);

	/* Markdig: first free suffix; a real "Cause 1" takes cause-1. */
	s = shelf_slugs_new();
	CLAIM(s, "Cause", "cause");
	CLAIM(s, "Cause 1", "cause-1");
	CLAIM(s, "Cause", "cause-2");
	CLAIM(s, "Cause 1", "cause-1-1");
	CLAIM(s, "Cause 3", "cause-3");
	CLAIM(s, "Cause", "cause-4");
	shelf_slugs_free(s);

	/* Suffix ids claimed before their base. */
	s = shelf_slugs_new();
	CLAIM(s, "a-1", "a-1");
	CLAIM(s, "a-2", "a-2");
	CLAIM(s, "a", "a");
	CLAIM(s, "a", "a-3");
	shelf_slugs_free(s);
}

static void
test_add(void)
{
	shelf_slugs *s = shelf_slugs_new();

	INT_EQ(shelf_slugs_add(s, "intro"), 0, "add");
	INT_EQ(shelf_slugs_add(s, "intro"), 0, "add twice is a no-op");
	CLAIM(s, "Intro", "intro-1");
	INT_EQ(shelf_slugs_add(s, "x-2"), 0, "add x-2");
	CLAIM(s, "X", "x");
	CLAIM(s, "X", "x-1");
	CLAIM(s, "X", "x-3");
	shelf_slugs_free(s);
	shelf_slugs_free(NULL);
}

static void
test_many_duplicates(void)
{
	shelf_slugs *s = shelf_slugs_new();
	shelf_buf b = SHELF_BUF_INIT;
	char want[32];
	int i, rc = 0;

	/* 20000 identical headings: linear thanks to the per-base hint. */
	for (i = 0; i < 20000 && rc == 0; i++) {
		shelf_buf_clear(&b);
		shelf_buf_puts(&b, "step");
		rc = shelf_slugs_claim(s, &b);
	}
	INT_EQ(rc, 0, "20000 claims");
	STR_EQ(shelf_buf_cstr(&b), "step-19999", "last duplicate");
	snprintf(want, sizeof want, "step-%d", 20000);
	shelf_buf_clear(&b);
	shelf_buf_puts(&b, "step");
	INT_EQ(shelf_slugs_claim(s, &b), 0, "one more");
	STR_EQ(shelf_buf_cstr(&b), want, "one more id");
	shelf_buf_free(&b);
	shelf_slugs_free(s);
}

static void
test_limit(void)
{
	shelf_slugs *s = shelf_slugs_new();
	shelf_buf b = SHELF_BUF_INIT;
	char id[32];
	int i, rc = 0;

	for (i = 0; i < SHELF_MAX_SLUGS && rc == 0; i++) {
		snprintf(id, sizeof id, "h%d", i);
		rc = shelf_slugs_add(s, id);
	}
	INT_EQ(rc, 0, "fill to the limit");
	INT_EQ(shelf_slugs_add(s, "one-more"), -1, "add past the limit");
	INT_EQ(shelf_slugs_add(s, "h0"), 0, "re-adding a held id is fine");
	shelf_buf_puts(&b, "h0");
	INT_EQ(shelf_slugs_claim(s, &b), -1, "claim past the limit");
	shelf_buf_clear(&b);
	shelf_buf_puts(&b, "fresh");
	INT_EQ(shelf_slugs_claim(s, &b), -1, "claim of a new id past the limit");
	shelf_buf_free(&b);
	shelf_slugs_free(s);

	/* An id buffer that cannot grow. */
	s = shelf_slugs_new();
	shelf_buf_init(&b, 5);
	shelf_buf_puts(&b, "cause");
	INT_EQ(shelf_slugs_claim(s, &b), 0, "fits");
	INT_EQ(shelf_slugs_claim(s, &b), -1, "suffix does not fit");
	OK(b.failed, "buffer failed");
	shelf_buf_free(&b);
	shelf_slugs_free(s);
}

int
main(void)
{
	RUN(test_docfx_upstream);
	RUN(test_derived);
	RUN(test_scripts);
	RUN(test_dropped);
	RUN(test_case);
	RUN(test_invalid_utf8);
	RUN(test_appends);
	RUN(test_unique);
	RUN(test_add);
	RUN(test_many_duplicates);
	RUN(test_limit);
	return harness_done();
}
