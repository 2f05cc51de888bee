/*
 * replay.c - runs a libFuzzer target without libFuzzer: each file named
 * on the command line is read whole and passed to LLVMFuzzerTestOneInput.
 * Linked with each target under gcc (or clang) + ASan/UBSan, so that
 * `make check` replays the seed corpora and the crash reproducers on any
 * machine.  Prints "N passed, N failed" as its last line; a file that
 * cannot be read counts as failed.  A finding aborts (the sanitizer or the
 * target's oracle), which the caller sees as a non-zero exit.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Largest input replayed: 64 MiB, above any seed we keep. */
#define REPLAY_MAX ((size_t)64 * 1024 * 1024)

/* Reads `path` whole into a malloc'd buffer; NULL when it cannot. */
static uint8_t *
slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = NULL, *nb;
	size_t cap = 0, got;

	*n = 0;
	if (f == NULL)
		return NULL;
	for (;;) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 65536;
			if (cap > REPLAY_MAX || (nb = realloc(b, cap)) == NULL)
				goto fail;
			b = nb;
		}
		got = fread(b + *n, 1, cap - *n, f);
		*n += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		goto fail;
	fclose(f);
	return b;
fail:
	fclose(f);
	free(b);
	return NULL;
}

int
main(int argc, char **argv)
{
	int i, passed = 0, failed = 0;
	size_t n;
	uint8_t *data;

	for (i = 1; i < argc; i++) {
		if ((data = slurp(argv[i], &n)) == NULL) {
			fprintf(stderr, "replay: cannot read %s\n", argv[i]);
			failed++;
			continue;
		}
		/* print the name first: a finding aborts in the call */
		fprintf(stderr, "replay: %s\n", argv[i]);
		LLVMFuzzerTestOneInput(data, n);
		free(data);
		passed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
