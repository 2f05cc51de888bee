/* test_serve.c - the preview server's pure parts: request path to file
 * (confined to the output folder), Content-Type, and the reload script
 * and CSP rewrite added to served pages. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "serve.h"

/* Checks one request path: the file it maps to, or NULL and forbidden. */
static void
map_is(const char *url, const char *want, int want_forbidden)
{
	int forbidden = -1;
	char *got = shelf_serve_map("/srv/out", url, &forbidden);

	if (want)
		STR_EQ(got, want, "map %s", url);
	else
		OK(got == NULL, "map %s refused, got %s", url, got ? got : "");
	INT_EQ(forbidden, want_forbidden, "map %s: forbidden", url);
	free(got);
}

static void
test_map(void)
{
	map_is("/", "/srv/out", 0);
	map_is("/en-us/a.html", "/srv/out/en-us/a.html", 0);
	map_is("/en-us/./a.html", "/srv/out/en-us/a.html", 0);
	map_is("//etc/passwd", "/srv/out/etc/passwd", 0);
	map_is("/../../etc/passwd", NULL, 1);
	map_is("/en-us/../a.html", NULL, 1);   /* refused, not folded */
	map_is("/en-us/..", NULL, 1);
	map_is("/..", NULL, 1);
	map_is("/a/..b/c", NULL, 1);            /* a hidden name: no page has one */
	map_is("/...", NULL, 1);
	map_is("/.shelf/manifest", NULL, 1);   /* the build's manifest */
	map_is("/en-us/.hidden.html", NULL, 1);
	map_is("/a/b..c/d.html", "/srv/out/a/b..c/d.html", 0);
	map_is("en-us/a.html", NULL, 1);
}

static void
test_types(void)
{
	STR_EQ(shelf_serve_content_type("a/b.html"), "text/html; charset=utf-8", "html");
	STR_EQ(shelf_serve_content_type("shelf.css"), "text/css; charset=utf-8", "css");
	STR_EQ(shelf_serve_content_type("x.js"), "text/javascript; charset=utf-8", "js");
	STR_EQ(shelf_serve_content_type("x.json"), "application/json", "json");
	STR_EQ(shelf_serve_content_type("m/x.PNG"), "image/png", "png, any case");
	STR_EQ(shelf_serve_content_type("x.jpg"), "image/jpeg", "jpg");
	STR_EQ(shelf_serve_content_type("x.jpeg"), "image/jpeg", "jpeg");
	STR_EQ(shelf_serve_content_type("x.svg"), "image/svg+xml", "svg");
	STR_EQ(shelf_serve_content_type("x.gif"), "image/gif", "gif");
	STR_EQ(shelf_serve_content_type("x.mp4"), "video/mp4", "mp4");
	STR_EQ(shelf_serve_content_type("a.d/README"), "application/octet-stream", "none");
}

static void
inject_is(const char *html, const char *want, const char *what)
{
	size_t n = 0;
	char *got = shelf_serve_inject(html, strlen(html), &n);

	STR_EQ(got, want, "%s", what);
	INT_EQ(got ? n : 0, strlen(want), "%s: length", what);
	free(got);
}

#define TAG "<script src=\"/__shelf/reload.js\"></script>"

static void
test_inject(void)
{
	inject_is("<head><meta http-equiv=\"Content-Security-Policy\" content=\"script-src "
	          "'sha256-x'; object-src 'none'\"></head><body>p</body></html>",
	          "<head><meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self' "
	          "'sha256-x'; object-src 'none'\"></head><body>p" TAG "</body></html>",
	          "CSP gets 'self', script before </body>");
	inject_is("<body>a</body> text </body>x", "<body>a</body> text " TAG "</body>x",
	          "the last </body>");
	inject_is("<p>no body", "<p>no body" TAG, "no </body>: at the end");
	inject_is("<meta http-equiv=\"Content-Security-Policy\" content=\"object-src 'none'\">"
	          "<p>script-src in text</p></BODY>",
	          "<meta http-equiv=\"Content-Security-Policy\" content=\"object-src 'none'\">"
	          "<p>script-src in text</p>" TAG "</BODY>",
	          "script-src outside the meta is text");
	inject_is("", TAG, "empty page");
}

int
main(void)
{
	RUN(test_map);
	RUN(test_types);
	RUN(test_inject);
	return harness_done();
}
