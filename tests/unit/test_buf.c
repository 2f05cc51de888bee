/* test_buf.c - the bounded buffer (curl's dynbuf rule) and the diagnostic
 * list's cap with its "N more were dropped" note. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "buf.h"
#include "diag.h"

/* Reaching the cap is an error: the content is gone, not cut short. */
static void
test_cap_fails_whole(void)
{
	shelf_buf b;

	shelf_buf_init(&b, 8);
	INT_EQ(shelf_buf_puts(&b, "12345"), 0, "fits");
	INT_EQ(shelf_buf_puts(&b, "6789"), -1, "past the cap");
	INT_EQ(b.failed, SHELF_BUF_TOO_LARGE, "why");
	INT_EQ(b.len, 0, "no partial content");
	STR_EQ(shelf_buf_cstr(&b), "", "no partial content");
	OK(shelf_buf_detach(&b) == NULL, "a failed buffer detaches to NULL");
	shelf_buf_free(&b);
}

/* The flag is sticky: a small append after a failed one does not succeed
 * and leave a hole in the middle. */
static void
test_sticky(void)
{
	shelf_buf b;

	shelf_buf_init(&b, 8);
	shelf_buf_puts(&b, "123456789");
	INT_EQ(shelf_buf_putc(&b, 'x'), -1, "append after a failure");
	INT_EQ(shelf_buf_printf(&b, "%d", 1), -1, "printf after a failure");
	shelf_buf_clear(&b);
	INT_EQ(shelf_buf_putc(&b, 'x'), -1, "clear keeps the flag");
	OK(b.failed != 0, "still failed");
	shelf_buf_free(&b);
	OK(b.failed == 0, "free resets");
	INT_EQ(shelf_buf_putc(&b, 'x'), 0, "usable again after free");
	shelf_buf_free(&b);
}

/* 700 faults: the list keeps SHELF_MAX_DIAGS - 1 and the note says how
 * many more there were, an error when an error was among them. */
static void
test_dropped_note(void)
{
	shelf_diags d = SHELF_DIAGS_INIT;
	const shelf_diag *last;
	unsigned i;

	for (i = 1; i <= 700; i++)
		shelf_diags_add(&d, SHELF_W_CONTROL_CHAR, i == 650 ? SHELF_ERROR : SHELF_WARNING,
		                "a.md", i, 1, "fault %u", i);
	INT_EQ(d.n, SHELF_MAX_DIAGS - 1, "kept");
	INT_EQ(d.dropped, 700 - (SHELF_MAX_DIAGS - 1), "dropped");
	shelf_diags_finish(&d);
	shelf_diags_finish(&d);
	INT_EQ(d.n, SHELF_MAX_DIAGS, "one note, once");
	last = &d.v[d.n - 1];
	INT_EQ(last->code, SHELF_W_DIAGS_DROPPED, "code");
	INT_EQ(last->severity, SHELF_ERROR, "an error was dropped");
	OK(strstr(last->message, "201 more diagnostics (1 of them errors)") != NULL,
	   "message: %s", last->message);
	shelf_diags_free(&d);
	shelf_diags_add(&d, SHELF_W_CONTROL_CHAR, SHELF_WARNING, "a.md", 1, 1, "one");
	shelf_diags_finish(&d);
	INT_EQ(d.n, 1, "no note when nothing was dropped");
	shelf_diags_free(&d);
}

/* A message longer than its 4 KiB line is cut at a character boundary. */
static void
test_long_message_utf8(void)
{
	shelf_diags d = SHELF_DIAGS_INIT;
	char *quote = malloc(3 * 3000 + 1);
	size_t i, n;

	for (i = 0; i < 3000; i++)
		memcpy(quote + 3 * i, "\xE2\x82\xAC", 3); /* U+20AC, three bytes */
	quote[3 * 3000] = '\0';
	shelf_diags_add(&d, SHELF_W_CONTROL_CHAR, SHELF_WARNING, "a.md", 1, 1, "x%s", quote);
	INT_EQ(d.n, 1, "kept");
	n = strlen(d.v[0].message);
	OK(n < 4096 && (n - 1) % 3 == 0, "cut between characters (length %zu)", n);
	shelf_diags_free(&d);
	free(quote);
}

/* Decimal numbers without printf; the inline appends around them. */
static void
test_putu(void)
{
	shelf_buf b = SHELF_BUF_INIT;

	shelf_buf_putu(&b, 0);
	shelf_buf_putc(&b, ' ');
	shelf_buf_putu(&b, 7);
	shelf_buf_putc(&b, ' ');
	shelf_buf_putu(&b, 1000);
	shelf_buf_putc(&b, ' ');
	shelf_buf_putu(&b, 18446744073709551615ULL);
	STR_EQ(shelf_buf_cstr(&b), "0 7 1000 18446744073709551615", "decimal");
	shelf_buf_free(&b);
	shelf_buf_init(&b, 3);
	INT_EQ(shelf_buf_putu(&b, 1234), -1, "past the cap");
	INT_EQ(b.failed, SHELF_BUF_TOO_LARGE, "why");
	shelf_buf_free(&b);
	shelf_buf_init(&b, 0);
	shelf_buf_reserve(&b, 100);
	OK(b.cap >= 101 && b.len == 0, "reserve makes room and writes nothing");
	STR_EQ(shelf_buf_cstr(&b), "", "empty after reserve");
	shelf_buf_free(&b);
}

int
main(void)
{
	RUN(test_cap_fails_whole);
	RUN(test_sticky);
	RUN(test_dropped_note);
	RUN(test_long_message_utf8);
	RUN(test_putu);
	return harness_done();
}
