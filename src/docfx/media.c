/*
 * media.c - where author-written link, image and video targets point
 * (`~/`, backslashes, includes, base_url, missing files), and docfx video
 * embeds: the URL fix-up of `> [!Video URL]` and `:::video …:::`
 * (QuoteSectionNoteRender.FixUpLink, VideoExtension).
 *
 * Every value is escaped where it lands; a URL whose scheme is not allowed
 * for media (shelf_url_allowed) is never written.
 */
#include "docfx.h"
#include "locale.h"
#include "escape.h"
#include "path.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* 1 when `path` lies in the en-us folder that the locale folder `root`
 * falls back to (an image of an en-us include used by a translation). */
static int
under_default_root(const char *root, const char *dflt, const char *path)
{
	char *en = shelf_locale_default_root(root, dflt);
	int r = en && shelf_path_under(en, path);

	free(en);
	return r;
}

/* ---- link, image and video targets -------------------------------------- */

/* Length of the scheme of `url` ("https" of "https://x"), 0 without one. */
static size_t
scheme_len(const char *url)
{
	const char *p = url;

	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':' && p > url && isalpha((unsigned char)url[0]) ? (size_t)(p - url) : 0;
}

/* 1 for a path relative to the file or to the content root: not empty,
 * not `#frag`, not site-absolute ("/x", "//host"), no scheme. */
static int
is_local(const char *url)
{
	return url[0] != '\0' && url[0] != '#' && url[0] != '/' && url[0] != '\\' &&
	       scheme_len(url) == 0;
}

void
shelf_dfm_url(const shelf_dfm_env *env, const char *url, unsigned line, unsigned col,
              shelf_buf *out)
{
	shelf_buf fixed = SHELF_BUF_INIT;
	size_t pn = strcspn(url, "?#"), i, n;
	char *joined = NULL;

	if (env == NULL) {
		shelf_buf_puts(out, url);
		return;
	}
	if (url[0] == '/' && url[1] != '/' && url[1] != '\\' && env->base_url) {
		size_t bn = strlen(env->base_url);
		while (bn > 0 && env->base_url[bn - 1] == '/')
			bn--;
		shelf_buf_put(out, env->base_url, bn);
		shelf_buf_puts(out, url);
		return;
	}
	if (!is_local(url)) {
		shelf_buf_puts(out, url);
		return;
	}
	/* `.\media\a.png`: Windows separators, seen in real articles */
	n = strlen(url);
	shelf_buf_put(&fixed, url, n);
	for (i = 0; fixed.ptr && i < pn; i++)
		if (fixed.ptr[i] == '\\')
			fixed.ptr[i] = '/';
	if (memchr(url, '\\', pn))
		shelf_diags_add(env->diags, SHELF_W_BACKSLASH_PATH, SHELF_WARNING, env->file, line,
		                col, "backslash in path '%.200s' read as '/'; write '%.200s'", url,
		                shelf_buf_cstr(&fixed));
	url = shelf_buf_cstr(&fixed);
	if (strncmp(url, "~/", 2) == 0 && env->root_base)
		joined = shelf_path_join(*env->root_base ? env->root_base : ".", url + 2);
	else if (strncmp(url, "~/", 2) != 0 && env->link_base && *env->link_base)
		joined = shelf_path_join(env->link_base, url);
	/* shelf_path_join folds "./x" to "x" and keeps "#frag" inside the
	 * last segment, as a relative URL resolves.  Folding can bare a
	 * scheme ("~/javascript:x", "a/../javascript:x" -> "javascript:x"): a
	 * ':' before any '/' keeps a "./" in front, so the URL stays a path */
	url = joined ? joined : url;
	if (url[strcspn(url, ":/?#")] == ':')
		shelf_buf_puts(out, "./");
	shelf_buf_puts(out, url);
	free(joined);
	shelf_buf_free(&fixed);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int
shelf_dfm_media_missing(const shelf_dfm_env *env, const char *url, const char *what,
                        unsigned line, unsigned col)
{
	shelf_buf rel = SHELF_BUF_INIT;
	size_t pn = strcspn(url, "?#"), i;
	const char *p;
	char *path;
	struct stat st;
	int missing = 0, tilde, fell_back = 0;

	if (env == NULL || env->dir == NULL || env->root == NULL || !is_local(url))
		return 0;
	/* the file name as the browser will ask for it: %XX decoded, '\\' as '/' */
	for (i = 0; i < pn; i++) {
		int h, l;
		if (url[i] == '%' && i + 2 < pn && (h = hexval((unsigned char)url[i + 1])) >= 0 &&
		    (l = hexval((unsigned char)url[i + 2])) >= 0) {
			shelf_buf_putc(&rel, (char)(h * 16 + l));
			i += 2;
		} else {
			shelf_buf_putc(&rel, url[i] == '\\' ? '/' : url[i]);
		}
	}
	p = shelf_buf_cstr(&rel);
	tilde = strncmp(p, "~/", 2) == 0;
	if (rel.len == 0 || memchr(rel.ptr, '\0', rel.len)) {
		shelf_buf_free(&rel);
		return 0;
	}
	path = shelf_path_join(tilde ? env->root : env->dir, tilde ? p + 2 : p);
	if (path && env->on_look)
		env->on_look(env->user, path);
	if (path && (stat(path, &st) != 0 || !S_ISREG(st.st_mode))) {
		/* a translation may use the en-us file: the build serves it at
		 * the same place in every locale */
		char *twin_root = NULL, *twin = shelf_locale_twin(env->root, env->default_locale, path,
		                                                    &twin_root);
		if (twin && env->on_look)
			env->on_look(env->user, twin);
		if (twin && stat(twin, &st) == 0 && S_ISREG(st.st_mode) &&
		    shelf_path_under(twin_root, twin)) {
			free(path);
			path = twin;
			twin = NULL;
			fell_back = 1;
		}
		free(twin);
		free(twin_root);
	}
	if (path && (stat(path, &st) != 0 || !S_ISREG(st.st_mode))) {
		missing = 1;
		shelf_diags_add(env->diags, SHELF_W_MEDIA_MISSING, SHELF_WARNING, env->file, line, col,
		                "%s file '%.200s' not found (fix the path or add the file); "
		                "the page shows a marked placeholder", what, url);
	} else if (path && !fell_back && !shelf_path_under(env->root, path) &&
	           !under_default_root(env->root, env->default_locale, path) &&
	           !(env->alt_root && shelf_path_under(env->alt_root, path))) {
		/* a built site copies only what lies below the content root */
		shelf_diags_add(env->diags, SHELF_W_MEDIA_MISSING, SHELF_WARNING, env->file, line, col,
		                "%s file '%.200s' lies outside the content root; a built site "
		                "will not have it (move it below the root)", what, url);
	}
	free(path);
	shelf_buf_free(&rel);
	return missing;
}

void
shelf_dfm_missing_media(const char *url, const char *text, shelf_buf *out)
{
	shelf_buf_puts(out, "<span class=\"shelf-missing\" data-src=\"");
	shelf_escape_html(out, url, strlen(url));
	shelf_buf_puts(out, "\">");
	shelf_escape_html(out, text && *text ? text : shelf_path_basename(url),
	                  strlen(text && *text ? text : shelf_path_basename(url)));
	shelf_buf_puts(out, "</span>");
}

/* An absolute URL cut into the parts UriBuilder rebuilds. */
typedef struct url_parts {
	const char *scheme, *user, *host, *port, *path, *query, *frag;
	size_t scheme_n, user_n, host_n, port_n, path_n, query_n, frag_n;
} url_parts;

/* Splits scheme://[user@]host[:port][/path][?query][#frag].  Returns 0
 * when `s` is not such a URL (docfx then leaves it as it is). */
static int
url_split(const char *s, size_t n, url_parts *u)
{
	size_t i = 0, a, e, c;

	memset(u, 0, sizeof *u);
	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.'))
		i++;
	if (i == 0 || !isalpha((unsigned char)s[0]) || n - i < 3 || strncmp(s + i, "://", 3) != 0)
		return 0;
	u->scheme = s;
	u->scheme_n = i;
	a = i + 3;
	for (e = a; e < n && s[e] != '/' && s[e] != '?' && s[e] != '#'; e++)
		;
	for (c = e; c > a && s[c - 1] != '@'; c--)
		;
	u->user = s + a;
	u->user_n = c > a ? c - 1 - a : 0;
	a = c;
	for (c = e; c > a && isdigit((unsigned char)s[c - 1]); c--)
		;
	if (c > a && s[c - 1] == ':' && s[a] != '[') {
		u->port = s + c;
		u->port_n = e - c;
		c--;
	} else {
		c = e;
	}
	u->host = s + a;
	u->host_n = c - a;
	if (u->host_n == 0)
		return 0;
	for (i = e; i < n && s[i] != '?' && s[i] != '#'; i++)
		;
	u->path = s + e;
	u->path_n = i - e;
	if (i < n && s[i] == '?') {
		for (e = ++i; i < n && s[i] != '#'; i++)
			;
		u->query = s + e;
		u->query_n = i - e;
	}
	if (i < n && s[i] == '#') {
		u->frag = s + i + 1;
		u->frag_n = n - i - 1;
	}
	return 1;
}

static int
host_is(const url_parts *u, const char *h)
{
	return u->host_n == strlen(h) && strncasecmp(u->host, h, u->host_n) == 0;
}

/* Value of query key `k` in q[0..n) (its span), or NULL. */
static const char *
query_get(const char *q, size_t n, const char *k, size_t *vn)
{
	size_t i = 0, kn = strlen(k);

	while (i < n) {
		size_t e = i;
		while (e < n && q[e] != '&')
			e++;
		if (e - i > kn && strncmp(q + i, k, kn) == 0 && q[i + kn] == '=') {
			*vn = e - i - kn - 1;
			return q + i + kn + 1;
		}
		i = e + 1;
	}
	return NULL;
}

/* Appends q[0..n) without the item `k=…`, joining the rest with '&'. */
static void
query_without(const char *q, size_t n, const char *k, shelf_buf *out)
{
	size_t i = 0, kn = strlen(k), start = out->len;

	while (i < n) {
		size_t e = i;
		while (e < n && q[e] != '&')
			e++;
		if (!(e - i > kn && strncmp(q + i, k, kn) == 0 && q[i + kn] == '=') && e > i) {
			if (out->len > start)
				shelf_buf_putc(out, '&');
			shelf_buf_put(out, q + i, e - i);
		}
		i = e + 1;
	}
}

/* The YouTube video id of `u`: youtu.be/ID, ?v=ID, or …/embed/ID (not
 * videoseries).  Returns its span or NULL. */
static const char *
youtube_id(const url_parts *u, size_t *idn)
{
	const char *p = u->path, *id = NULL;
	size_t n = u->path_n, i;

	if (host_is(u, "youtu.be") && n > 1) {
		id = p + 1;
		for (i = 1; i < n && p[i] != '/'; i++)
			;
		*idn = i - 1;
	} else if ((id = query_get(u->query, u->query_n, "v", idn)) != NULL) {
		return *idn ? id : NULL;
	} else {
		for (i = 0; i + 7 <= n; i++)
			if (strncmp(p + i, "/embed/", 7) == 0)
				id = p + i + 7;
		if (id == NULL)
			return NULL;
		for (i = 0; id + i < p + n && id[i] != '/'; i++)
			;
		*idn = i;
		if (*idn == 11 && strncmp(id, "videoseries", 11) == 0)
			return NULL;
	}
	return *idn ? id : NULL;
}

/* Appends ?query with rel=0 added unless a rel= is there. */
static void
put_query_rel(const char *q, size_t n, int drop_v, shelf_buf *out)
{
	size_t mark, vn;

	shelf_buf_putc(out, '?');
	mark = out->len;
	if (drop_v)
		query_without(q, n, "v", out);
	else
		shelf_buf_put(out, q, n);
	if (query_get(q, n, "rel", &vn) == NULL) {
		if (out->len > mark)
			shelf_buf_putc(out, '&');
		shelf_buf_puts(out, "rel=0");
	}
}

/* Rewrites a YouTube link to a youtube-nocookie embed.  Returns 0 when
 * `u` is not one of the rewritten shapes. */
static int
youtube(const url_parts *u, shelf_buf *out)
{
	const char *id;
	size_t idn, vn;

	if (!host_is(u, "youtube.com") && !host_is(u, "www.youtube.com") &&
	    !host_is(u, "youtu.be") && !host_is(u, "www.youtube-nocookie.com"))
		return 0;
	if ((id = youtube_id(u, &idn)) != NULL) {
		shelf_buf_puts(out, "https://www.youtube-nocookie.com/embed/");
		shelf_buf_put(out, id, idn);
		put_query_rel(u->query, u->query_n, 1, out);
	} else if (query_get(u->query, u->query_n, "list", &vn) != NULL) {
		shelf_buf_puts(out, "https://www.youtube-nocookie.com/embed/videoseries");
		put_query_rel(u->query, u->query_n, 0, out);
	} else {
		return 0;
	}
	if (u->frag) {
		shelf_buf_putc(out, '#');
		shelf_buf_put(out, u->frag, u->frag_n);
	}
	return 1;
}

/* UriBuilder's rebuild: host lower-cased, default port dropped, "/" for an
 * empty path; channel9 gains nocookie=true, youtube.com becomes
 * www.youtube-nocookie.com. */
static void
rebuild(const url_parts *u, shelf_buf *out)
{
	size_t i;
	int c9 = host_is(u, "channel9.msdn.com");

	shelf_buf_put(out, u->scheme, u->scheme_n);
	shelf_buf_puts(out, "://");
	if (u->user_n) {
		shelf_buf_put(out, u->user, u->user_n);
		shelf_buf_putc(out, '@');
	}
	if (host_is(u, "youtube.com") || host_is(u, "www.youtube.com"))
		shelf_buf_puts(out, "www.youtube-nocookie.com");
	else
		for (i = 0; i < u->host_n; i++)
			shelf_buf_putc(out, tolower((unsigned char)u->host[i]));
	if (u->port_n && !(u->port_n == 3 && strncmp(u->port, "443", 3) == 0 &&
	                   u->scheme_n == 5 && strncasecmp(u->scheme, "https", 5) == 0) &&
	    !(u->port_n == 2 && strncmp(u->port, "80", 2) == 0 &&
	      u->scheme_n == 4 && strncasecmp(u->scheme, "http", 4) == 0)) {
		shelf_buf_putc(out, ':');
		shelf_buf_put(out, u->port, u->port_n);
	}
	shelf_buf_put(out, u->path_n ? u->path : "/", u->path_n ? u->path_n : 1);
	if (u->query_n || c9) {
		shelf_buf_putc(out, '?');
		shelf_buf_put(out, u->query, u->query_n);
		if (c9)
			shelf_buf_puts(out, u->query_n ? "&nocookie=true" : "nocookie=true");
	}
	if (u->frag) {
		shelf_buf_putc(out, '#');
		shelf_buf_put(out, u->frag, u->frag_n);
	}
}

void
shelf_dfm_video_src(const char *url, size_t n, shelf_buf *out)
{
	shelf_buf fixed = SHELF_BUF_INIT;
	url_parts u;
	size_t i;
	int has_https;

	if (!shelf_url_allowed(url, n, SHELF_URL_MEDIA))
		return;
	/* docfx: with no "https" anywhere, every "http" becomes "https" */
	for (i = 0, has_https = 0; i + 5 <= n && !has_https; i++)
		has_https = strncmp(url + i, "https", 5) == 0;
	for (i = 0; i < n; i++) {
		if (!has_https && i + 4 <= n && strncmp(url + i, "http", 4) == 0) {
			shelf_buf_puts(&fixed, "https");
			i += 3;
		} else {
			shelf_buf_putc(&fixed, url[i]);
		}
	}
	if (url_split(shelf_buf_cstr(&fixed), fixed.len, &u)) {
		if (!youtube(&u, out))
			rebuild(&u, out);
	} else {
		shelf_buf_put(out, shelf_buf_cstr(&fixed), fixed.len);
	}
	shelf_buf_free(&fixed);
}

/* ---- :::video::: ---------------------------------------------------------- */

static void video_diag(const shelf_dfm_env *env, const shelf_directive *dir,
                       shelf_code code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Adds a diagnostic at the directive: SHELF_E_DIRECTIVE is an error (the
 * directive stays text), SHELF_W_VIDEO a warning (it still renders). */
static void
video_diag(const shelf_dfm_env *env, const shelf_directive *dir, shelf_code code,
           const char *fmt, ...)
{
	shelf_buf msg = SHELF_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	shelf_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	shelf_diags_add(env->diags, code, code == SHELF_W_VIDEO ? SHELF_WARNING : SHELF_ERROR,
	                env->file, dir->line, dir->col, "%s", shelf_buf_cstr(&msg));
	shelf_buf_free(&msg);
}

/* .NET int.TryParse, without the blanks: a sign, 1 to 10 digits, no
 * overflow. */
static int
is_int(const char *s)
{
	long long v = 0;
	int neg = *s == '-', digits = 0;

	if (*s == '+' || *s == '-')
		s++;
	for (; isdigit((unsigned char)*s) && digits < 11; s++, digits++)
		v = v * 10 + (*s - '0');
	return *s == '\0' && digits > 0 && digits <= 10 && v <= 2147483647LL + neg;
}

/* Checks the attributes docfx's VideoExtension checks.  Returns 0 after an
 * error that makes the directive stay text. */
static int
video_valid(const shelf_dfm_env *env, const shelf_directive *dir)
{
	static const char allowed[] =
		" source title max-width thumbnail upload-date duration type ";
	const char *src = shelf_directive_attr(dir, "source");
	const char *mw = shelf_directive_attr(dir, "max-width");
	const char *bad = shelf_directive_unknown_attr(dir, allowed);

	if (bad) {
		video_diag(env, dir, SHELF_E_DIRECTIVE,
		           "invalid :::video: unexpected attribute '%s'", bad);
		return 0;
	}
	if (src == NULL || *src == '\0') {
		video_diag(env, dir, SHELF_E_DIRECTIVE, "invalid :::video: source is required");
		return 0;
	}
	if (!shelf_url_allowed(src, strlen(src), SHELF_URL_MEDIA)) {
		video_diag(env, dir, SHELF_E_DIRECTIVE,
		           "invalid :::video: source '%s' has a scheme that is not allowed", src);
		return 0;
	}
	if (mw && *mw && !is_int(mw)) {
		video_diag(env, dir, SHELF_E_DIRECTIVE,
		           "invalid :::video: max-width '%s' is not a number", mw);
		return 0;
	}
	return 1;
}

/* The warnings docfx gives for a video that still renders. */
static void
video_warnings(const shelf_dfm_env *env, const shelf_directive *dir, const char *src)
{
	const char *need[] = {"thumbnail", "upload-date"}, *v;
	size_t i;

	for (i = 0; i < 2; i++)
		if ((v = shelf_directive_attr(dir, need[i])) == NULL || *v == '\0')
			video_diag(env, dir, SHELF_W_VIDEO, ":::video lacks the required %s attribute",
			           need[i]);
	if (!strstr(src, "channel9.msdn.com") && !strstr(src, "youtube.com/embed") &&
	    !strstr(src, "microsoft.com/en-us/videoplayer/embed"))
		video_diag(env, dir, SHELF_W_VIDEO,
		           ":::video source '%s' should be from https://channel9.msdn.com, "
		           "https://www.youtube.com/embed, or "
		           "https://www.microsoft.com/en-us/videoplayer/embed", src);
	if (strstr(src, "channel9.msdn.com") && !strstr(src, "/player"))
		video_diag(env, dir, SHELF_W_VIDEO,
		           ":::video source '%s' from channel9.msdn.com does not end in '/player'", src);
	v = shelf_directive_attr(dir, "thumbnail");
	if (v && !shelf_url_allowed(v, strlen(v), SHELF_URL_MEDIA))
		video_diag(env, dir, SHELF_W_VIDEO,
		           ":::video thumbnail '%s' has a scheme that is not allowed (dropped)", v);
}

/* Appends ` name="value"` (escaped) when the attribute is set and not
 * empty. */
static void
put_attr(const shelf_directive *dir, const char *name, shelf_buf *out)
{
	const char *v = shelf_directive_attr(dir, name);

	if (v == NULL || *v == '\0')
		return;
	if (strcmp(name, "thumbnail") == 0 && !shelf_url_allowed(v, strlen(v), SHELF_URL_MEDIA))
		return;
	shelf_buf_printf(out, " %s=\"", name);
	shelf_escape_html(out, v, strlen(v));
	shelf_buf_putc(out, '"');
}

/* The <iframe> of :::video, attributes in docfx's order. */
static void
video_iframe(const shelf_directive *dir, const char *src, int complex, shelf_buf *out)
{
	shelf_buf fixed = SHELF_BUF_INIT;
	const char *mw = shelf_directive_attr(dir, "max-width");

	shelf_dfm_video_src(src, strlen(src), &fixed);
	shelf_buf_puts(out, "<iframe src=\"");
	shelf_escape_html(out, shelf_buf_cstr(&fixed), fixed.len);
	shelf_buf_puts(out, "\" allowFullScreen=\"true\" frameBorder=\"0\"");
	put_attr(dir, "title", out);
	if (mw && *mw) {
		shelf_buf_puts(out, " style=\"max-width:");
		shelf_escape_html(out, mw, strlen(mw));
		shelf_buf_puts(out, "px;\"");
	}
	put_attr(dir, "thumbnail", out);
	put_attr(dir, "upload-date", out);
	put_attr(dir, "duration", out);
	if (complex)
		shelf_buf_printf(out, " aria-describedby=\"%u-%u\"", dir->index_line,
		                 dir->col ? dir->col - 1 : 0);
	shelf_buf_puts(out, "></iframe>\n");
	shelf_buf_free(&fixed);
}

void
shelf_dfm_video(const shelf_dfm_env *env, const shelf_directive *dir, shelf_buf *out)
{
	const char *src = shelf_directive_attr(dir, "source");
	const char *type = shelf_directive_attr(dir, "type");
	int complex = type && strcmp(type, "complex") == 0;
	shelf_buf where = SHELF_BUF_INIT;

	if (!video_valid(env, dir)) {
		shelf_buf_puts(out, dir->block ? "<p>" : "");
		shelf_escape_html(out, dir->raw ? dir->raw : "", strlen(dir->raw ? dir->raw : ""));
		shelf_buf_puts(out, dir->block ? "</p>\n" : "");
		return;
	}
	video_warnings(env, dir, src);
	if (shelf_dfm_media_missing(env, src, "video", dir->line, dir->col)) {
		const char *title = shelf_directive_attr(dir, "title");
		shelf_dfm_url(env, src, dir->line, dir->col, &where);
		shelf_buf_puts(out, dir->block ? "<p>" : "");
		shelf_dfm_missing_media(shelf_buf_cstr(&where), title, out);
		shelf_buf_puts(out, dir->block ? "</p>\n" : "");
		shelf_buf_free(&where);
		return;
	}
	if (complex && (dir->body == NULL || *dir->body == '\0')) {
		/* a block one without a body had no :::video-end:::, which the
		 * scan already told */
		if (dir->body != NULL || !dir->block)
			video_diag(env, dir, SHELF_W_VIDEO, ":::video type=\"complex\" has no "
			           "description; rendered as a plain video");
		complex = 0;
	}
	/* a non-complex video is inline in docfx: alone on its line it sits
	 * in a paragraph of its own */
	shelf_buf_puts(out, dir->block ? "<p>" : "");
	shelf_buf_puts(out, "<div class=\"embeddedvideo\">\n");
	shelf_dfm_url(env, src, dir->line, dir->col, &where);
	video_iframe(dir, shelf_buf_cstr(&where), complex, out);
	shelf_buf_free(&where);
	if (complex) {
		shelf_buf_printf(out, "<div id=\"%u-%u\" class=\"visually-hidden\">\n<p>",
		                 dir->index_line, dir->col ? dir->col - 1 : 0);
		shelf_escape_html(out, dir->body, strlen(dir->body));
		shelf_buf_puts(out, "</p>\n</div>\n");
	}
	shelf_buf_puts(out, "</div>\n");
	shelf_buf_puts(out, dir->block ? "</p>\n" : "");
}

/* ---- image links to media (Markdig MediaLinks) ------------------------- */

static const struct { const char *ext, *mime; } media_types[] = {
	{".3gp", "video/3gpp"}, {".3g2", "video/3gpp2"}, {".avi", "video/x-msvideo"},
	{".uvh", "video/vnd.dece.hd"}, {".uvm", "video/vnd.dece.mobile"},
	{".uvu", "video/vnd.uvvu.mp4"}, {".uvp", "video/vnd.dece.pd"},
	{".uvs", "video/vnd.dece.sd"}, {".uvv", "video/vnd.dece.video"}, {".fvt", "video/vnd.fvt"},
	{".f4v", "video/x-f4v"}, {".flv", "video/x-flv"}, {".fli", "video/x-fli"},
	{".h261", "video/h261"}, {".h263", "video/h263"}, {".h264", "video/h264"},
	{".jpm", "video/jpm"}, {".jpgv", "video/jpeg"}, {".m4v", "video/x-m4v"},
	{".asf", "video/x-ms-asf"}, {".pyv", "video/vnd.ms-playready.media.pyv"},
	{".wm", "video/x-ms-wm"}, {".wmx", "video/x-ms-wmx"}, {".wmv", "video/x-ms-wmv"},
	{".wvx", "video/x-ms-wvx"}, {".mj2", "video/mj2"}, {".mxu", "video/vnd.mpegurl"},
	{".mpeg", "video/mpeg"}, {".mp4", "video/mp4"}, {".ogv", "video/ogg"},
	{".webm", "video/webm"}, {".qt", "video/quicktime"}, {".movie", "video/x-sgi-movie"},
	{".viv", "video/vnd.vivo"},
	{".adp", "audio/adpcm"}, {".aac", "audio/x-aac"}, {".aif", "audio/x-aiff"},
	{".uva", "audio/vnd.dece.audio"}, {".eol", "audio/vnd.digital-winds"},
	{".dra", "audio/vnd.dra"}, {".dts", "audio/vnd.dts"}, {".dtshd", "audio/vnd.dts.hd"},
	{".rip", "audio/vnd.rip"}, {".lvp", "audio/vnd.lucent.voice"}, {".m3u", "audio/x-mpegurl"},
	{".pya", "audio/vnd.ms-playready.media.pya"}, {".wma", "audio/x-ms-wma"},
	{".wax", "audio/x-ms-wax"}, {".mid", "audio/midi"}, {".mp3", "audio/mpeg"},
	{".mpga", "audio/mpeg"}, {".mp4a", "audio/mp4"},
	{".ecelp4800", "audio/vnd.nuera.ecelp4800"}, {".ecelp7470", "audio/vnd.nuera.ecelp7470"},
	{".ecelp9600", "audio/vnd.nuera.ecelp9600"}, {".oga", "audio/ogg"}, {".ogg", "audio/ogg"},
	{".weba", "audio/webm"}, {".ram", "audio/x-pn-realaudio"},
	{".rmp", "audio/x-pn-realaudio-plugin"}, {".au", "audio/basic"}, {".wav", "audio/x-wav"},
};

static int
host_starts(const url_parts *u, const char *h)
{
	return u->host_n >= strlen(h) && strncasecmp(u->host, h, strlen(h)) == 0;
}

/* The first query item `k=…` of u (its value span), or NULL. */
static const char *
media_query(const url_parts *u, const char *k, size_t *vn)
{
	return u->query ? query_get(u->query, u->query_n, k, vn) : NULL;
}

/* https://www.youtube.com/embed/ID[?start=T]; 0 when the id is empty. */
static int
youtube_embed(const char *id, size_t idn, const char *t, size_t tn, shelf_buf *src)
{
	if (idn == 0)
		return 0;
	shelf_buf_puts(src, "https://www.youtube.com/embed/");
	shelf_buf_put(src, id, idn);
	if (t && tn) {
		shelf_buf_puts(src, "?start=");
		shelf_buf_put(src, t, tn);
	}
	return 1;
}

/* The last '/'-separated segment of u's path. */
static const char *
last_segment(const url_parts *u, size_t *n)
{
	size_t i = u->path_n;

	while (i > 0 && u->path[i - 1] != '/')
		i--;
	*n = u->path_n - i;
	return u->path + i;
}

/* Markdig's known hosts, in its order; 1 with *cls set when one applies. */
static int
media_host(const url_parts *u, const char *url, shelf_buf *src, const char **cls, int *fs)
{
	const char *p = u->path, *v, *t;
	size_t pn = u->path_n, vn = 0, tn = 0;

	*fs = 1;
	if (host_starts(u, "www.youtube.com")) {
		if (pn > 8 && strncasecmp(p, "/shorts/", 8) == 0 &&
		    youtube_embed(p + 8, pn - 8, NULL, 0, src)) {
			*cls = "youtubeshort";
			return 1;
		}
		*cls = "youtube";
		if ((pn == 6 || (pn > 6 && p[6] == '/')) && strncasecmp(p, "/embed", 6) == 0) {
			shelf_buf_puts(src, url);
			return 1;
		}
		if (!((pn == 6 || (pn > 6 && p[6] == '/')) && strncasecmp(p, "/watch", 6) == 0))
			return 0;
		v = media_query(u, "v", &vn);
		t = media_query(u, "t", &tn);
		return youtube_embed(v, v ? vn : 0, t, tn, src);
	}
	if (host_starts(u, "youtu.be")) {
		*cls = "youtube";
		t = media_query(u, "t", &tn);
		return pn > 1 && youtube_embed(p + 1, pn - 1, t, tn, src);
	}
	if (host_starts(u, "vimeo.com") || host_starts(u, "ok.ru")) {
		int vimeo = host_starts(u, "vimeo.com");
		*cls = vimeo ? "vimeo" : "odnoklassniki";
		v = last_segment(u, &vn);
		shelf_buf_puts(src, vimeo ? "https://player.vimeo.com/video/" : "https://ok.ru/videoembed/");
		shelf_buf_put(src, v, vn);
		return 1;
	}
	if (host_starts(u, "music.yandex.ru")) {
		/* /album/A/track/T */
		const char *seg[4];
		size_t segn[4], k = 0, i = pn > 0 && p[0] == '/' ? 1 : 0;
		while (k < 4 && i <= pn) {
			size_t e = i;
			while (e < pn && p[e] != '/')
				e++;
			seg[k] = p + i;
			segn[k++] = e - i;
			i = e + 1;
		}
		if (k < 4 || segn[0] != 5 || strncmp(seg[0], "album", 5) != 0 || segn[2] != 5 ||
		    strncmp(seg[2], "track", 5) != 0)
			return 0;
		*cls = "yandex";
		*fs = 0;
		shelf_buf_printf(src, "https://music.yandex.ru/iframe/#track/%.*s/%.*s/",
		                 (int)segn[3], seg[3], (int)segn[1], seg[1]);
		return 1;
	}
	return 0;
}

shelf_media_kind
shelf_dfm_media_link(const char *url, shelf_buf *src, const char **cls, int *fullscreen,
                     const char **mime)
{
	shelf_buf abs = SHELF_BUF_INIT;
	url_parts u;
	const char *path, *dot = NULL;
	size_t pn, i, k, start = src->len;
	shelf_media_kind kind = SHELF_MEDIA_NONE;

	if (strncmp(url, "//", 2) == 0)
		shelf_buf_puts(&abs, "https:");
	shelf_buf_puts(&abs, url);
	if (!shelf_url_allowed(abs.ptr, abs.len, SHELF_URL_MEDIA))
		goto done;
	if (url_split(abs.ptr, abs.len, &u)) {
		if (media_host(&u, abs.ptr, src, cls, fullscreen)) {
			kind = SHELF_MEDIA_IFRAME;
			goto done;
		}
		src->len = start;
		shelf_buf_puts(src, "");
		path = u.path;
		pn = u.path_n;
	} else {
		path = url;
		pn = strlen(url);
	}
	for (i = pn; i > 0; i--)
		if (path[i - 1] == '.') {
			dot = path + i - 1;
			break;
		}
	for (k = 0; dot && k < sizeof media_types / sizeof media_types[0]; k++)
		if (strlen(media_types[k].ext) == (size_t)(path + pn - dot) &&
		    strncasecmp(dot, media_types[k].ext, (size_t)(path + pn - dot)) == 0) {
			*mime = media_types[k].mime;
			kind = strncmp(*mime, "audio", 5) == 0 ? SHELF_MEDIA_AUDIO : SHELF_MEDIA_VIDEO;
			break;
		}
done:
	shelf_buf_free(&abs);
	return kind;
}
