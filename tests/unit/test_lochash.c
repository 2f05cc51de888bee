/* test_lochash.c - the source hash a translation records
 * (ms.openlocfilehash): SHA-1 with every line ending written as CRLF, so
 * LF, CRLF and CR copies of one source hash alike. */
#include <string.h>

#include "harness.h"
#include "lochash.h"

static void
test_line_endings(void)
{
	char hex[41];

	shelf_l10n_source_hash("a\nb\n", 4, hex);
	STR_EQ(hex, "72dd82ee6968b55d1833597e2d6e1638a100c2ea", "LF");
	shelf_l10n_source_hash("a\r\nb\r\n", 6, hex);
	STR_EQ(hex, "72dd82ee6968b55d1833597e2d6e1638a100c2ea", "CRLF: the same");
	shelf_l10n_source_hash("a\rb\r", 4, hex);
	STR_EQ(hex, "72dd82ee6968b55d1833597e2d6e1638a100c2ea", "lone CR: the same");
}

static void
test_plain(void)
{
	char hex[41];

	shelf_l10n_source_hash("", 0, hex);
	STR_EQ(hex, "da39a3ee5e6b4b0d3255bfef95601890afd80709", "empty");
	shelf_l10n_source_hash("no newline", 10, hex);
	STR_EQ(hex, "b59d4a519b27a41382e809148ffaba554b722757", "no line ending");
}

int
main(void)
{
	RUN(test_line_endings);
	RUN(test_plain);
	return harness_done();
}
