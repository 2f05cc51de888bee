/* test_strmap.c - the build's string map (src/site/strmap.c) and the
 * sorted walk (src/site/walk.c) that spares the build a qsort of its
 * items. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "buf.h"
#include "strmap.h"
#include "walk.h"

/* Added once, found again, in the order added; a key's bytes are the
 * key, a NUL and all. */
static void
test_add_get(void)
{
	shelf_strmap m = SHELF_STRMAP_INIT;
	shelf_strmap_ent *e;

	OK(shelf_strmap_get(&m, "a", 1) == NULL, "an empty map has nothing");
	INT_EQ(shelf_strmap_add(&m, "a", 1, 7, &e), 1, "added");
	OK(e && e->val == 7 && strcmp(e->key, "a") == 0, "its entry");
	INT_EQ(shelf_strmap_add(&m, "a", 1, 9, &e), 0, "there already");
	OK(e && e->val == 7, "the first value stays");
	INT_EQ(shelf_strmap_add(&m, "a\0b", 3, 1, NULL), 1, "a NUL is a byte of the key");
	INT_EQ(shelf_strmap_add(&m, "", 0, 2, NULL), 1, "the empty key");
	OK(shelf_strmap_get(&m, "", 0) && shelf_strmap_get(&m, "", 0)->val == 2, "found");
	OK(shelf_strmap_get(&m, "ab", 2) == NULL, "not a key");
	INT_EQ(m.n, 3, "three keys");
	STR_EQ(m.v[0].key, "a", "in the order added");
	INT_EQ(m.v[1].len, 3, "with its length");
	shelf_strmap_free(&m);
	OK(m.n == 0 && m.v == NULL, "freed and empty");
	shelf_strmap_free(&m);
}

/* Many keys: the table grows and every key is still found; keys longer
 * than a block of key bytes get their own. */
static void
test_grow(void)
{
	shelf_strmap m = SHELF_STRMAP_INIT;
	char key[64], *big = malloc(300000);
	size_t i, found = 0;

	for (i = 0; i < 20000; i++) {
		snprintf(key, sizeof key, "en-us/c%zu/article-%zu.md", i % 165, i);
		shelf_strmap_add(&m, key, strlen(key), i, NULL);
	}
	memset(big, 'x', 300000);
	INT_EQ(shelf_strmap_add(&m, big, 300000, 1, NULL), 1, "a key of 300,000 bytes");
	for (i = 0; i < 20000; i++) {
		const shelf_strmap_ent *e;
		snprintf(key, sizeof key, "en-us/c%zu/article-%zu.md", i % 165, i);
		e = shelf_strmap_get(&m, key, strlen(key));
		found += e && e->val == i;
	}
	INT_EQ(found, 20000, "every key found with its value");
	OK(shelf_strmap_get(&m, big, 300000) != NULL, "the long key found");
	INT_EQ(m.n, 20001, "no key twice");
	shelf_strmap_free(&m);
	free(big);
}

typedef struct seen {
	shelf_buf paths;
	int n;
} seen;

static int
on_file(void *user, const shelf_walk_entry *e)
{
	seen *s = user;
	struct stat st;

	OK(fstatat(e->dir_fd, e->name, &st, 0) == 0, "%s: its folder is open", e->rel);
	shelf_buf_puts(&s->paths, e->rel);
	shelf_buf_putc(&s->paths, '\n');
	s->n++;
	return 0;
}

/* A sorted walk gives the paths strcmp() order, where a file name that
 * sorts between a folder's name and the folder's name with '/' comes
 * first ("a-b.md", "a.md" before "a/x.md"). */
static void
test_sorted_walk(void)
{
	char dir[] = "/tmp/shelf-walk-XXXXXX";
	static const char *const files[] = {"a/x.md", "a.md", "a-b.md", "ab.md", "a/b/c.md",
	                                    "a.b/y.md", "A.md", "z.md", "a/-.md"};
	shelf_walker w = {on_file, NULL, NULL};
	seen s;
	size_t i;
	char path[256];

	OK(mkdtemp(dir) != NULL, "a scratch folder");
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		char *slash;
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		for (slash = strchr(path + strlen(dir) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
			*slash = '\0';
			mkdir(path, 0755);
			*slash = '/';
		}
		fclose(fopen(path, "w"));
	}
	shelf_buf_init(&s.paths, 0);
	s.n = 0;
	w.user = &s;
	INT_EQ(shelf_walk_sorted(&w, dir, "", 0), 0, "walked");
	INT_EQ(s.n, 9, "every file");
	STR_EQ(shelf_buf_cstr(&s.paths), "A.md\na-b.md\na.b/y.md\na.md\na/-.md\na/b/c.md\na/x.md\n"
	       "ab.md\nz.md\n", "in strcmp order");
	shelf_buf_free(&s.paths);
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
	}
	snprintf(path, sizeof path, "%s/a/b", dir);
	rmdir(path);
	snprintf(path, sizeof path, "%s/a", dir);
	rmdir(path);
	snprintf(path, sizeof path, "%s/a.b", dir);
	rmdir(path);
	rmdir(dir);
}

int
main(void)
{
	RUN(test_add_get);
	RUN(test_grow);
	RUN(test_sorted_walk);
	return harness_done();
}
