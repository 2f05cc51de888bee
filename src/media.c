/* media.c - docfx video embeds (placeholder until implemented). */
#include "docfx.h"
#include "escape.h"

#include <string.h>

void
shelf_dfm_video_src(const char *url, size_t n, shelf_buf *out)
{
	shelf_buf_put(out, url, n);
}

void
shelf_dfm_video(const shelf_dfm_env *env, const shelf_directive *dir, shelf_buf *out)
{
	(void)env;
	shelf_escape_html(out, dir->raw, strlen(dir->raw));
}
