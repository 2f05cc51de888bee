/*
 * fuzz_include.c - libFuzzer target for include resolution and
 * confinement.
 *
 * Each input line (at most 16) is a path the fuzzer picks; the article
 * includes every one of them, as a block include and as an inline one, and
 * also links each as an image.  The temporary tree holds a content root
 * en-us/ with a few includes (one including another, one including itself)
 * and, outside the root, secret.md, reachable from inside only through a
 * planted symlink (en-us/inc/link.md) or `..`.  The oracle: no file outside
 * the root is ever read, its text never reaches the output, and every
 * format is produced.
 *
 *   make fuzz   (build/fuzz/fuzz_include; SHELF_DATA=repo root)
 */
#include "fuzz_env.h"


/* At most this many paths per input: enough for chains, small enough to
 * keep one execution fast. */
#define MAX_PATHS 16

static void
setup(void)
{
	static const char *const dirs[] = {"en-us/inc/sub", "ko-kr/inc", NULL};
	static const char a[] = "A *one* [!INCLUDE [b](b.md)]\n\n[!INCLUDE [s](sub/c.md)]\n";
	static const char b[] = "B two ![x](../media/x.png)\n";
	static const char c[] = "C three [!INCLUDE [up](../a.md)] [!INCLUDE [me](c.md)]\n";
	static const char self[] = "[!INCLUDE [self](self.md)]\n";
	char link[4300];

	if (fuzz_top[0])
		return;
	fuzz_setup(dirs);
	fuzz_write("en-us/inc/a.md", a, sizeof a - 1);
	fuzz_write("en-us/inc/b.md", b, sizeof b - 1);
	fuzz_write("en-us/inc/sub/c.md", c, sizeof c - 1);
	fuzz_write("en-us/inc/self.md", self, sizeof self - 1);
	fuzz_write("ko-kr/inc/k.md", "K\n", 2);
	fuzz_write("secret.md", "S3CR3T\n", 7);
	snprintf(link, sizeof link, "ln -s ../../secret.md '%s'", fuzz_path("en-us/inc/link.md"));
	if (system(link) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	shelf_ctx *ctx = fuzz_ctx();
	shelf_options opt;
	char root[4200], *art;
	const char *p = (const char *)data, *e, *end = p + size;
	size_t n = 0, k;
	shelf_doc *doc;

	setup();
	if (fuzz_contains(data, size, "S3CR3T"))
		return 0;
	art = malloc(size * 3 + MAX_PATHS * 80 + 1);
	if (art == NULL)
		return 0;
	for (k = 0; p < end && k < MAX_PATHS; k++, p = e + 1) {
		e = memchr(p, '\n', (size_t)(end - p));
		if (e == NULL)
			e = end;
		n += (size_t)sprintf(art + n, "[!INCLUDE [t](");
		memcpy(art + n, p, (size_t)(e - p));
		n += (size_t)(e - p);
		n += (size_t)sprintf(art + n, ")]\n\nx [!INCLUDE [t](");
		memcpy(art + n, p, (size_t)(e - p));
		n += (size_t)(e - p);
		n += (size_t)sprintf(art + n, ")] y ![i](");
		memcpy(art + n, p, (size_t)(e - p));
		n += (size_t)(e - p);
		n += (size_t)sprintf(art + n, ")\n\n");
		if (e == end)
			break;
	}
	memset(&opt, 0, sizeof opt);
	opt.display_path = "en-us/article.md";
	snprintf(root, sizeof root, "%s", fuzz_path("en-us"));
	opt.root = root;
	fuzz_write("en-us/article.md", art, n);
	free(art);
	doc = shelf_render_file(ctx, fuzz_path("en-us/article.md"), &opt);
	if (doc == NULL)
		return 0;
	fuzz_check_files(doc, root);
	fuzz_outputs(ctx, doc, data, size);
	shelf_doc_free(doc);
	return 0;
}
