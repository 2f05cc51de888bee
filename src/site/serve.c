/*
 * serve.c - `shelf serve`: a preview server.
 *
 * Builds the content tree with shelf_site_build() into a temporary folder,
 * serves it on 127.0.0.1 with libmicrohttpd, watches the content tree,
 * templates/ and locales/ with inotify, rebuilds after a change and tells
 * open pages to reload through server-sent events.  No polling anywhere:
 * the watch loop sleeps in poll() on inotify and a signalfd, an event
 * stream sleeps on a condition variable until the next build.
 *
 * Threads: the caller's thread runs the watch loop and every build;
 * libmicrohttpd runs one thread per connection (an event stream holds its
 * connection open).  They share only `shared`: the build generation and
 * the stop flag, under its lock.  The output folder is safe to read
 * during a build: shelf_site_build() renames every file into place.
 *
 * The Content-Security-Policy of templates/page.html allows scripts by
 * hash only.  A policy sent as a header could not loosen that: when a page
 * has several policies, a script must pass every one of them.  So the meta
 * itself is rewritten at serve time ('self' added to its script-src), in
 * the response only; the built files stay as `shelf build` writes them.
 */
#define _XOPEN_SOURCE 700 /* nftw */

#include "serve.h"
#include "article.h"
#include "buf.h"
#include "path.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Quiet time before a rebuild: 75 ms.  Saving a file is a burst of
 * events (write, close, rename; an editor's backup), one build is enough. */
#define SERVE_DEBOUNCE_MS 75
/* A tree that never goes quiet (a script writing for minutes) still
 * rebuilds once a second. */
#define SERVE_DEBOUNCE_MAX_MS 1000
/* An idle event stream sends a comment every 15 s, so the connection of a
 * closed tab fails a write and its thread ends. */
#define SERVE_KEEPALIVE_S 15
/* Most folders watched: 100,000 (each costs kernel memory; Linux's default
 * max_user_watches is 8192 to 1M by RAM). */
#define SERVE_MAX_WATCHES 100000
/* Deepest folder watched below the content tree, as the site walk. */
#define SERVE_MAX_DEPTH 32
/* Largest HTML page read to add the reload script: 64 MiB (a page is an
 * article of at most 8 MiB, escaped). */
#define SERVE_MAX_PAGE ((size_t)64 * 1024 * 1024)

static const char reload_js[] =
	"(function () {\n"
	"  var es = new EventSource('" SHELF_SERVE_EVENTS "');\n"
	"  es.addEventListener('reload', function () { location.reload(); });\n"
	"})();\n";

static const char page_403[] =
	"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>403 Forbidden</title></head>\n"
	"<body><h1>403 Forbidden</h1><p>This path leaves the site.</p></body></html>\n";
static const char page_404[] =
	"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>404 Not Found</title></head>\n"
	"<body><h1>404 Not Found</h1><p>No such page in the built site.</p>\n"
	"<script src=\"" SHELF_SERVE_RELOAD_JS "\"></script></body></html>\n";
static const char page_405[] =
	"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>405 Method Not Allowed</title></head>\n"
	"<body><h1>405 Method Not Allowed</h1><p>GET and HEAD only.</p></body></html>\n";

/* What the watch loop and the connection threads share. */
typedef struct shared {
	pthread_mutex_t lock;
	pthread_cond_t changed;   /* broadcast after each build and at stop */
	unsigned long gen;        /* builds done */
	int stop;
} shared;

/* One watched folder. */
typedef struct watch {
	int wd;
	int data;                 /* templates/ or locales/: reload the context */
	int depth;                /* below the folder watched first */
	char *path;
} watch;

typedef struct server {
	const shelf_serve_options *opt;
	const shelf_ctx *ctx;     /* the context builds use */
	shelf_ctx *own_ctx;       /* a reloaded one, or NULL */
	char *data_dir;
	char out[PATH_MAX];       /* the temporary output folder */
	char *root;               /* its realpath: what requests may reach */
	int ifd;                  /* inotify */
	watch *w;
	size_t n_w, cap_w;
	shared sh;
} server;

/* ---------------------------------------------------------------- */
/* Requests: paths, types, pages. */

const char *
shelf_serve_content_type(const char *name)
{
	static const struct { const char *ext, *type; } types[] = {
		{"html", "text/html; charset=utf-8"}, {"htm", "text/html; charset=utf-8"},
		{"css", "text/css; charset=utf-8"}, {"js", "text/javascript; charset=utf-8"},
		{"json", "application/json"}, {"png", "image/png"}, {"jpg", "image/jpeg"},
		{"jpeg", "image/jpeg"}, {"svg", "image/svg+xml"}, {"gif", "image/gif"},
		{"mp4", "video/mp4"}, {"webp", "image/webp"}, {"txt", "text/plain; charset=utf-8"},
	};
	const char *base = shelf_path_basename(name), *dot = strrchr(base, '.');
	size_t i;

	for (i = 0; dot && i < sizeof types / sizeof *types; i++)
		if (strcasecmp(dot + 1, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

char *
shelf_serve_map(const char *root, const char *url, int *forbidden)
{
	const char *p = url, *seg;
	char *path;

	*forbidden = 1;
	if (url[0] != '/')
		return NULL;
	/* ".." is refused outright rather than folded: a request that tries
	 * to climb is not a request for some other page.  No page starts with
	 * a dot, and .shelf/ holds the build's manifest: refused too. */
	for (seg = p; *seg; ) {
		size_t n;
		while (*seg == '/')
			seg++;
		n = strcspn(seg, "/");
		if (n >= 2 && seg[0] == '.')
			return NULL;
		seg += n;
	}
	while (*p == '/')         /* "//etc" would be absolute to the join */
		p++;
	*forbidden = 0;
	if ((path = shelf_path_join(root, *p ? p : ".")) == NULL)
		return NULL;
	if (!shelf_path_under(root, path)) {
		*forbidden = 1;
		free(path);
		return NULL;
	}
	return path;
}

/* Adds 'self' to the script-src of the first Content-Security-Policy meta
 * of `b`'s page; nothing when there is none or it has no script-src. */
static void
csp_allow_self(shelf_buf *b, const char *html, size_t n, size_t *done)
{
	const char *csp = NULL, *end, *src, *p;

	for (p = html; p < html + n; p++) {
		if ((size_t)(html + n - p) >= 23 && strncasecmp(p, "Content-Security-Policy", 23) == 0) {
			csp = p;
			break;
		}
	}
	if (csp == NULL || (end = memchr(csp, '>', (size_t)(html + n - csp))) == NULL)
		return;
	for (src = csp; src + 10 <= end; src++)
		if (strncmp(src, "script-src", 10) == 0)
			break;
	if (src + 10 > end)
		return;
	src += 10;
	shelf_buf_put(b, html, (size_t)(src - html));
	shelf_buf_puts(b, " 'self'");
	*done = (size_t)(src - html);
}

char *
shelf_serve_inject(const char *html, size_t n, size_t *out_len)
{
	shelf_buf b = SHELF_BUF_INIT;
	size_t done = 0, at = n, i;
	static const char tag[] = "<script src=\"" SHELF_SERVE_RELOAD_JS "\"></script>";

	csp_allow_self(&b, html, n, &done);
	for (i = n; i >= done + 7; i--)
		if (strncasecmp(html + i - 7, "</body>", 7) == 0) {
			at = i - 7;
			break;
		}
	shelf_buf_put(&b, html + done, at - done);
	shelf_buf_puts(&b, tag);
	shelf_buf_put(&b, html + at, n - at);
	if (b.failed)
		return NULL;
	*out_len = b.len;
	return shelf_buf_detach(&b);
}

/* Queues a response of static text. */
static enum MHD_Result
send_text(struct MHD_Connection *con, unsigned status, const char *type, const char *text)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), (void *)text,
	                                                         MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ret;

	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, "Allow", "GET, HEAD");
	ret = MHD_queue_response(con, status, r);
	MHD_destroy_response(r);
	return ret;
}

/* Reads the open page `fd` (size `size`) and returns it as served, or NULL. */
static char *
read_page(int fd, size_t size, size_t *len)
{
	char *raw, *out;
	size_t got = 0;

	if (size > SERVE_MAX_PAGE || (raw = malloc(size + 1)) == NULL)
		return NULL;
	while (got < size) {
		ssize_t k = read(fd, raw + got, size - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	out = shelf_serve_inject(raw, got, len);
	free(raw);
	return out;
}

/* Serves the file that request path `url` names below sv->root: a folder
 * as its index.html (redirected to end in '/' first, so that relative
 * links resolve), a symlink that leads out of the root as 403. */
static enum MHD_Result
serve_file(server *sv, struct MHD_Connection *con, const char *url)
{
	struct MHD_Response *r;
	struct stat st;
	char *path, *real = NULL, *page;
	const char *type;
	int forbidden, fd;
	size_t len;
	enum MHD_Result ret;

	if ((path = shelf_serve_map(sv->root, url, &forbidden)) == NULL)
		return forbidden ? send_text(con, MHD_HTTP_FORBIDDEN, "text/html; charset=utf-8", page_403)
		                 : MHD_NO;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		char *index;
		if (url[strlen(url) - 1] != '/') {
			shelf_buf loc = SHELF_BUF_INIT;
			free(path);
			shelf_buf_printf(&loc, "%s/", url);
			if (loc.failed || (r = MHD_create_response_from_buffer(0, NULL,
			                                                       MHD_RESPMEM_PERSISTENT)) == NULL) {
				shelf_buf_free(&loc);
				return MHD_NO;
			}
			MHD_add_response_header(r, "Location", loc.ptr);
			ret = MHD_queue_response(con, MHD_HTTP_MOVED_PERMANENTLY, r);
			MHD_destroy_response(r);
			shelf_buf_free(&loc);
			return ret;
		}
		index = shelf_path_join(path, "index.html");
		free(path);
		if ((path = index) == NULL)
			return MHD_NO;
	}
	/* symlinks resolved: the file opened is the one judged */
	real = realpath(path, NULL);
	free(path);
	if (real == NULL)
		return send_text(con, MHD_HTTP_NOT_FOUND, "text/html; charset=utf-8", page_404);
	if (!shelf_path_under(sv->root, real)) {
		free(real);
		return send_text(con, MHD_HTTP_FORBIDDEN, "text/html; charset=utf-8", page_403);
	}
	fd = open(real, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		free(real);
		return send_text(con, MHD_HTTP_NOT_FOUND, "text/html; charset=utf-8", page_404);
	}
	type = shelf_serve_content_type(real);
	free(real);
	if (strncmp(type, "text/html", 9) == 0) {
		page = read_page(fd, (size_t)st.st_size, &len);
		close(fd);
		if (page == NULL)
			return MHD_NO;
		r = MHD_create_response_from_buffer(len, page, MHD_RESPMEM_MUST_FREE);
		if (r == NULL)
			free(page);
	} else {
		r = MHD_create_response_from_fd64((uint64_t)st.st_size, fd); /* closes fd */
		if (r == NULL)
			close(fd);
	}
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	ret = MHD_queue_response(con, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

/* ---------------------------------------------------------------- */
/* Server-sent events. */

typedef struct stream {
	shared *sh;
	unsigned long seen;       /* generation the page was served from */
	int hello;
} stream;

/* libmicrohttpd's reader for one event stream: blocks until a build
 * finishes (an "event: reload"), the keepalive is due (a comment) or the
 * server stops (end of stream). */
static ssize_t
stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	stream *s = cls;
	struct timespec until;
	int n;

	(void)pos;
	if (!s->hello) {
		s->hello = 1;
		n = snprintf(buf, max, "retry: 500\n: shelf\n\n");
		return n > 0 && (size_t)n < max ? n : MHD_CONTENT_READER_END_WITH_ERROR;
	}
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += SERVE_KEEPALIVE_S;
	pthread_mutex_lock(&s->sh->lock);
	while (!s->sh->stop && s->sh->gen == s->seen)
		if (pthread_cond_timedwait(&s->sh->changed, &s->sh->lock, &until) == ETIMEDOUT)
			break;
	if (s->sh->stop) {
		pthread_mutex_unlock(&s->sh->lock);
		return MHD_CONTENT_READER_END_OF_STREAM;
	}
	if (s->sh->gen != s->seen) {
		s->seen = s->sh->gen;
		n = snprintf(buf, max, "event: reload\ndata: %lu\n\n", s->seen);
	} else {
		n = snprintf(buf, max, ": keepalive\n\n");
	}
	pthread_mutex_unlock(&s->sh->lock);
	return n > 0 && (size_t)n < max ? n : MHD_CONTENT_READER_END_WITH_ERROR;
}

static enum MHD_Result
serve_events(server *sv, struct MHD_Connection *con)
{
	stream *s = calloc(1, sizeof *s);
	struct MHD_Response *r;
	enum MHD_Result ret;

	if (s == NULL)
		return MHD_NO;
	s->sh = &sv->sh;
	pthread_mutex_lock(&sv->sh.lock);
	s->seen = sv->sh.gen;
	pthread_mutex_unlock(&sv->sh.lock);
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 256, stream_read, s, free);
	if (r == NULL) {
		free(s);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", "text/event-stream");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	ret = MHD_queue_response(con, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

/* 1 when the request's Host names the loopback (127.0.0.1, localhost or
 * [::1], any port): a page of another site that made its name resolve to
 * 127.0.0.1 (DNS rebinding) sends its own name and cannot read the preview. */
static int
host_ok(struct MHD_Connection *con)
{
	static const char *const names[] = {"127.0.0.1", "localhost", "[::1]"};
	const char *h = MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
	size_t i, n;

	if (h == NULL)
		return 1;             /* HTTP/1.0 without Host: not a browser page */
	for (i = 0; i < sizeof names / sizeof *names; i++) {
		n = strlen(names[i]);
		if (strncasecmp(h, names[i], n) == 0 && (h[n] == '\0' || h[n] == ':'))
			return 1;
	}
	return 0;
}

static enum MHD_Result
answer(void *cls, struct MHD_Connection *con, const char *url, const char *method,
       const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	server *sv = cls;

	(void)version;
	(void)upload;
	(void)con_cls;
	*upload_size = 0;
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return send_text(con, MHD_HTTP_METHOD_NOT_ALLOWED, "text/html; charset=utf-8", page_405);
	if (!host_ok(con))
		return send_text(con, MHD_HTTP_FORBIDDEN, "text/html; charset=utf-8", page_403);
	if (strcmp(url, SHELF_SERVE_EVENTS) == 0)
		return serve_events(sv, con);
	if (strcmp(url, SHELF_SERVE_RELOAD_JS) == 0)
		return send_text(con, MHD_HTTP_OK, "text/javascript; charset=utf-8", reload_js);
	return serve_file(sv, con, url);
}

/* ---------------------------------------------------------------- */
/* Watching. */

/* Watches folder `path` (a data folder when `data`); and, for the content
 * tree, every folder below it.  A folder already watched keeps its entry
 * (inotify gives the same wd). */
static void
watch_tree(server *sv, const char *path, int data, int depth)
{
	uint32_t mask = IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM |
	                IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_ONLYDIR;
	DIR *dp;
	struct dirent *e;
	size_t i;
	int wd;

	if (depth > SERVE_MAX_DEPTH || sv->n_w >= SERVE_MAX_WATCHES)
		return;
	if ((wd = inotify_add_watch(sv->ifd, path, mask)) < 0)
		return;
	for (i = 0; i < sv->n_w && sv->w[i].wd != wd; i++)
		;
	if (i == sv->n_w) {
		char *copy = strdup(path);
		if (copy == NULL)
			return;
		if (sv->n_w == sv->cap_w) {
			size_t ncap = sv->cap_w ? sv->cap_w * 2 : 64;
			watch *nw = realloc(sv->w, ncap * sizeof *nw);
			if (nw == NULL) {
				free(copy);
				return;
			}
			sv->w = nw;
			sv->cap_w = ncap;
		}
		sv->w[sv->n_w++] = (watch){wd, data, depth, copy};
	}
	if (data || (dp = opendir(path)) == NULL)
		return;
	while ((e = readdir(dp)) != NULL) {
		struct stat st;
		char *sub;
		if (e->d_name[0] == '.')
			continue;
		if ((sub = shelf_path_join(path, e->d_name)) == NULL)
			continue;
		if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			watch_tree(sv, sub, 0, depth + 1);
		free(sub);
	}
	closedir(dp);
}

static void
watch_all(server *sv)
{
	char *t = shelf_path_join(sv->data_dir, "templates");
	char *l = shelf_path_join(sv->data_dir, "locales");

	watch_tree(sv, sv->opt->content_dir ? sv->opt->content_dir : "content", 0, 0);
	if (t)
		watch_tree(sv, t, 1, 0);
	if (l)
		watch_tree(sv, l, 1, 0);
	free(t);
	free(l);
}

/* Reads the pending inotify events.  Sets *dirty when a build is due and
 * *data when templates or locales changed; watches new folders. */
static void
read_events(server *sv, int *dirty, int *data)
{
	_Alignas(struct inotify_event) char buf[16384];
	ssize_t n;

	while ((n = read(sv->ifd, buf, sizeof buf)) > 0) {
		const char *p;
		for (p = buf; p < buf + n; ) {
			const struct inotify_event *ev = (const void *)p;
			size_t i;
			p += sizeof *ev + ev->len;
			if (ev->mask & IN_Q_OVERFLOW) {   /* lost events: assume everything */
				*dirty = *data = 1;
				watch_all(sv);
				continue;
			}
			for (i = 0; i < sv->n_w && sv->w[i].wd != ev->wd; i++)
				;
			if (i == sv->n_w)
				continue;
			if (ev->mask & IN_IGNORED) {      /* the folder is gone */
				free(sv->w[i].path);
				sv->w[i] = sv->w[--sv->n_w];
				continue;
			}
			/* editor swap and backup files are not content */
			if (ev->len && (ev->name[0] == '.' || ev->name[strlen(ev->name) - 1] == '~'))
				continue;
			*dirty = 1;
			*data |= sv->w[i].data;
			if (!sv->w[i].data && ev->len && (ev->mask & IN_ISDIR) &&
			    (ev->mask & (IN_CREATE | IN_MOVED_TO))) {
				char *sub = shelf_path_join(sv->w[i].path, ev->name);
				if (sub)
					watch_tree(sv, sub, 0, sv->w[i].depth + 1);
				free(sub);
			}
		}
	}
}

/* ---------------------------------------------------------------- */
/* Building. */

static long
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Reloads templates/ and locales/.  On failure keeps the context it had
 * and reports SH050 with the reason. */
static void
reload_ctx(server *sv)
{
	char *err = NULL;
	shelf_ctx *c = shelf_ctx_new(sv->data_dir, &err);

	if (c == NULL) {
		shelf_diag d = {.code = SHELF_E_TEMPLATE, .severity = SHELF_ERROR,
		                .file = sv->data_dir,
		                .message = err ? err : "out of memory"};
		if (sv->opt->on_diag)
			sv->opt->on_diag(sv->opt->user, &d);
		shelf_free(err);
		return;
	}
	shelf_ctx_free(sv->own_ctx);
	sv->own_ctx = c;
	sv->ctx = c;
}

/* The one rebuild call: the whole tree into the output folder (an
 * incremental build can replace the body later), then the generation
 * moves on so that open pages reload.  Returns shelf_site_build()'s
 * result. */
static int
rebuild(server *sv, int data_changed)
{
	shelf_build_options o;
	shelf_build_stats st;
	long t0 = now_ms();
	int rc;

	if (data_changed)
		reload_ctx(sv);
	memset(&o, 0, sizeof o);
	memset(&st, 0, sizeof st);
	o.content_dir = sv->opt->content_dir;
	o.out_dir = sv->out;
	o.on_diag = sv->opt->on_diag;
	o.user = sv->opt->user;
	rc = shelf_site_build(sv->ctx, &o, &st);
	if (sv->opt->on_build)
		sv->opt->on_build(sv->opt->user, &st, rc, (unsigned)(now_ms() - t0));
	pthread_mutex_lock(&sv->sh.lock);
	sv->sh.gen++;
	pthread_cond_broadcast(&sv->sh.changed);
	pthread_mutex_unlock(&sv->sh.lock);
	return rc;
}

/* Waits for a signal, rebuilding after each burst of changes. */
static void
watch_loop(server *sv, int sfd)
{
	long first = 0, last = 0;
	int dirty = 0, data = 0;

	for (;;) {
		struct pollfd p[2] = {{sfd, POLLIN, 0}, {sv->ifd, POLLIN, 0}};
		int timeout = -1, n;
		if (dirty) {
			long due = last + SERVE_DEBOUNCE_MS, cap = first + SERVE_DEBOUNCE_MAX_MS;
			long left = (due < cap ? due : cap) - now_ms();
			timeout = left > 0 ? (int)left : 0;
		}
		n = poll(p, 2, timeout);
		if (n < 0 && errno != EINTR)
			return;
		if (n > 0 && (p[0].revents & POLLIN)) {
			/* SIGINT, SIGTERM or SIGHUP: read, so that it is not
			 * delivered when the caller's mask comes back */
			struct signalfd_siginfo si;
			if (read(sfd, &si, sizeof si) < 0)
				errno = 0;
			return;
		}
		if (n > 0 && (p[1].revents & POLLIN)) {
			int was = dirty;
			read_events(sv, &dirty, &data);
			last = now_ms();
			if (dirty && !was)
				first = last;
		}
		if (dirty && now_ms() >= (last + SERVE_DEBOUNCE_MS < first + SERVE_DEBOUNCE_MAX_MS
		                          ? last + SERVE_DEBOUNCE_MS : first + SERVE_DEBOUNCE_MAX_MS)) {
			rebuild(sv, data);
			dirty = data = 0;
		}
	}
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* Sets *err to a malloc'd copy of `msg` ("...: strerror") when err. */
static void
set_err(char **err, const char *msg, int e)
{
	shelf_buf b = SHELF_BUF_INIT;

	if (err == NULL)
		return;
	if (e)
		shelf_buf_printf(&b, "%s: %s", msg, strerror(e));
	else
		shelf_buf_puts(&b, msg);
	*err = shelf_buf_detach(&b);
}

/* Starts libmicrohttpd on 127.0.0.1:opt->port.  NULL when it cannot. */
static struct MHD_Daemon *
start_http(server *sv, unsigned *port)
{
	struct sockaddr_in a;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;

	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)sv->opt->port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
	                     MHD_USE_ITC, (uint16_t)sv->opt->port, NULL, NULL, answer, sv,
	                     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&a, MHD_OPTION_END);
	if (d == NULL)
		return NULL;
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	*port = info ? info->port : sv->opt->port;
	return d;
}

/* The serving part of shelf_serve, once the first build is done. */
static int
serve_until_signal(server *sv, int sfd, char **err)
{
	struct MHD_Daemon *d;
	unsigned port = 0;

	if ((d = start_http(sv, &port)) == NULL) {
		char msg[128];
		snprintf(msg, sizeof msg, "cannot listen on 127.0.0.1:%u (is the port taken? --port 0 picks a free one)",
		         sv->opt->port);
		set_err(err, msg, 0);
		return -1;
	}
	if (sv->opt->on_ready)
		sv->opt->on_ready(sv->opt->user, port);
	watch_loop(sv, sfd);
	pthread_mutex_lock(&sv->sh.lock);
	sv->sh.stop = 1;
	pthread_cond_broadcast(&sv->sh.changed);
	pthread_mutex_unlock(&sv->sh.lock);
	MHD_stop_daemon(d);
	return 0;
}

/* shelf_serve once the signals are blocked: sets up, builds, serves. */
static int
serve_run(server *sv, int sfd, char **err)
{
	const char *tmp = getenv("TMPDIR");
	int rc;

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	if ((size_t)snprintf(sv->out, sizeof sv->out, "%s/shelf-serve-XXXXXX", tmp) >= sizeof sv->out ||
	    mkdtemp(sv->out) == NULL) {
		set_err(err, "cannot create a temporary folder (set TMPDIR)", errno);
		return -1;
	}
	if ((sv->root = realpath(sv->out, NULL)) == NULL) {
		set_err(err, "cannot resolve the temporary folder", errno);
		rmdir(sv->out);
		return -1;
	}
	if ((sv->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) < 0) {
		set_err(err, "cannot watch files (inotify)", errno);
		rmdir(sv->out);
		return -1;
	}
	/* watching starts before the first build: an edit during it is not lost */
	watch_all(sv);
	rc = rebuild(sv, 0);
	if (rc == 0)
		rc = serve_until_signal(sv, sfd, err);
	nftw(sv->out, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	return rc;
}

int
shelf_serve(const shelf_ctx *ctx, const shelf_serve_options *opt, char **err)
{
	server sv;
	sigset_t set, old;
	size_t i;
	int sfd, rc;

	if (err)
		*err = NULL;
	memset(&sv, 0, sizeof sv);
	sv.opt = opt;
	sv.ctx = ctx;
	sv.ifd = -1;
	if ((sv.data_dir = strdup(ctx->data_dir)) == NULL)
		return -1;
	pthread_mutex_init(&sv.sh.lock, NULL);
	{
		pthread_condattr_t ca;
		pthread_condattr_init(&ca);
		pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
		pthread_cond_init(&sv.sh.changed, &ca);
		pthread_condattr_destroy(&ca);
	}
	/* blocked before libmicrohttpd starts, so its threads inherit the
	 * mask and the signals reach only the signalfd */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	if ((sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK)) < 0) {
		set_err(err, "cannot receive signals (signalfd)", errno);
		rc = -1;
	} else {
		struct signalfd_siginfo si;
		rc = serve_run(&sv, sfd, err);
		/* a signal repeated while shutting down (`timeout` signals the
		 * process and its group) asks the same: do not let it kill the
		 * caller once the mask is back */
		while (read(sfd, &si, sizeof si) > 0)
			;
		close(sfd);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (sv.ifd >= 0)
		close(sv.ifd);
	for (i = 0; i < sv.n_w; i++)
		free(sv.w[i].path);
	free(sv.w);
	free(sv.root);
	free(sv.data_dir);
	shelf_ctx_free(sv.own_ctx);
	pthread_cond_destroy(&sv.sh.changed);
	pthread_mutex_destroy(&sv.sh.lock);
	return rc;
}
