/* snippet.c - docfx code snippets (placeholder until implemented). */
#include "docfx.h"
#include "escape.h"

#include <string.h>

void
shelf_dfm_snippet(const shelf_dfm_env *env, const shelf_directive *dir, shelf_buf *out)
{
	(void)env;
	shelf_buf_puts(out, "<p>");
	shelf_escape_html(out, dir->raw, strlen(dir->raw));
	shelf_buf_puts(out, "</p>\n");
}

void
shelf_dfm_code(const shelf_dfm_env *env, const shelf_directive *dir, shelf_buf *out)
{
	shelf_dfm_snippet(env, dir, out);
}
