/*
 * fuzz_render.c - libFuzzer target for a whole article: read, split,
 * directives, Markdown, includes, rendering, templates.
 *
 * The input is written to en-us/a.md inside a temporary content root that
 * also holds an include, an image and a code file, rendered with
 * shelf_render_file(), and produced as a page, a fragment and JSON.  The
 * oracle: every format is produced, the JSON parses back, the title and
 * locale are set, and every file the render read lies inside the root.
 *
 *   make fuzz   (build/fuzz/fuzz_render; SHELF_DATA=repo root)
 */
#include "fuzz_env.h"

#include <jansson.h>

static void
setup(void)
{
	static const char *const dirs[] = {"en-us/includes", "en-us/media", NULL};
	static const char inc[] = "---\ntitle: inc\n---\nIncluded **text** [a](../a.md) ![i](media/i.png)\n";
	static const char code[] = "int main(void)\n{\n\treturn 0; // <tag>\n}\n";

	fuzz_setup(dirs);
	fuzz_write("en-us/includes/inc.md", inc, sizeof inc - 1);
	fuzz_write("en-us/media/i.png", "\x89PNG", 4);
	fuzz_write("en-us/code.c", code, sizeof code - 1);
	fuzz_write("secret.md", "S3CR3T\n", 7);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	shelf_ctx *ctx = fuzz_ctx();
	shelf_options opt;
	char root[4200];
	shelf_doc *doc;

	memset(&opt, 0, sizeof opt);
	opt.display_path = "en-us/a.md";
	setup();
	snprintf(root, sizeof root, "%s", fuzz_path("en-us"));
	opt.root = root;
	fuzz_write("en-us/a.md", data, size);
	doc = shelf_render_file(ctx, fuzz_path("en-us/a.md"), &opt);
	if (doc == NULL)
		return 0;  /* out of memory */
	CHECK(shelf_doc_title(doc) != NULL && shelf_doc_locale(doc) != NULL);
	CHECK(shelf_doc_html(doc) != NULL);
	fuzz_check_files(doc, root);
	fuzz_outputs(ctx, doc, data, size);
	shelf_doc_free(doc);
	return 0;
}
