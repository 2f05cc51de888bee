/*
 * fuzz_manifest.c - libFuzzer target for the build manifest
 * (OUT/.shelf/manifest, src/site/manifest.c).  Arbitrary bytes go to
 * shelf_manifest_parse, as a damaged or planted file would: -1 or 0, never
 * a crash.  When they parse, the manifest must dump, the dump must parse,
 * and dumping that must give the same bytes (the next build reads what
 * this one wrote, unchanged).
 */
#include <string.h>

#include "fuzz_check.h"
#include "manifest.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	shelf_manifest m = SHELF_MANIFEST_INIT, again = SHELF_MANIFEST_INIT;
	shelf_buf d1 = SHELF_BUF_INIT, d2 = SHELF_BUF_INIT;
	const char *why = NULL;
	int rc = shelf_manifest_parse(&m, (const char *)data, size, &why);

	CHECK(rc == 0 || rc == -1);
	if (rc == -1) {
		CHECK(why != NULL);
		CHECK(m.v == NULL && m.version == NULL);
		return 0;
	}
	CHECK(m.shard_k >= 1 && m.shard_k <= m.shard_n);
	CHECK(shelf_manifest_dump(&m, &d1) == 0);
	CHECK(shelf_manifest_parse(&again, d1.ptr, d1.len, &why) == 0);
	CHECK(again.n == m.n);
	CHECK(shelf_manifest_dump(&again, &d2) == 0);
	CHECK(d1.len == d2.len && memcmp(d1.ptr, d2.ptr, d1.len) == 0);
	/* parsing sorted the entries: each is found by its rel */
	if (m.n)
		CHECK(shelf_manifest_find(&m, m.v[m.n - 1].rel) == &m.v[m.n - 1]);
	shelf_buf_free(&d1);
	shelf_buf_free(&d2);
	shelf_manifest_free(&m);
	shelf_manifest_free(&again);
	return 0;
}
