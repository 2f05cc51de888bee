/*
 * fuzz_check.h - what every fuzz target shares: the libFuzzer entry point's
 * prototype and CHECK, the oracle's assertion (abort, so libFuzzer and the
 * replay both see a finding).
 */
#ifndef SHELF_FUZZ_CHECK_H
#define SHELF_FUZZ_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "oracle failed: %s\n", #cond); \
		abort(); \
	} \
} while (0)

#endif
