/*
 * sanitize_tables.h - the sanitizer's allow-lists (elements, attributes,
 * and the tags authors write that are rewritten), shared by sanitize.c.
 * Internal: not part of the public API.
 */
#ifndef SHELF_SANITIZE_TABLES_H
#define SHELF_SANITIZE_TABLES_H

#include <stddef.h>


/* ASCII classes as the HTML tokenizer uses them (no locale). */
#define IS_WS(c) ((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\f' || \
                  (c) == '\r')
#define IS_ALPHA(c) ((((unsigned)(unsigned char)(c) | 32) - 'a') < 26u)
#define IS_DIGIT(c) ((unsigned)(unsigned char)(c) - '0' < 10u)
#define IS_HEX(c) (IS_DIGIT(c) || \
                   (((unsigned)(unsigned char)(c) | 32) - 'a') < 6u)
#define LOWER(c) ((unsigned)(unsigned char)(c) - 'A' < 26u ? (c) + 32 : (c))

enum {
	EL_ALLOW = 1 << 0,    /* allowed */
	EL_VOID = 1 << 1,     /* no content and no end tag */
	EL_RAW = 1 << 2       /* content is raw text (or RCDATA) */
};

typedef struct el_info {
	const char *name;
	unsigned flags;
} el_info;

enum attr_kind {
	AK_NONE = 0,  /* not allowed */
	AK_TEXT,      /* any value */
	AK_URL,       /* a link: shelf_url_allowed(SHELF_URL_LINK) */
	AK_MEDIA,     /* a media source: shelf_url_allowed(SHELF_URL_MEDIA) */
	AK_STYLE,     /* see style_ok() */
	AK_CELLSTYLE, /* style with text-align only */
	AK_TARGET,    /* _blank or _self */
	AK_REL,       /* replaced when target="_blank" */
	AK_ALIGN      /* left, center, right, justify */
};

/* 1 when the n bytes at s equal, in any case, one of the blank-separated
 * words of `list` (which starts and ends with a blank). */
int shelf_san_in_list(const char *list, const char *s, size_t n);

/* 1 when s (n bytes) starts with `prefix`, in any case. */
int shelf_san_has_prefix(const char *s, size_t n, const char *prefix);

/* bsearch() comparison for tables whose rows start with a name. */
int shelf_san_name_cmp(const void *key, const void *row);

/* The element called `name` (any case), or NULL when it is not one. */
const el_info *shelf_san_el_lookup(const char *name, size_t len);

/* 1 when `el` may be written. */
int shelf_san_el_allowed(const el_info *el);

/* How attribute `name` (any case) of `el` is treated. */
enum attr_kind shelf_san_attr_kind(const el_info *el, const char *name, size_t n);

/* 1 when `name` (any case) is an HTML attribute name, allowed or not. */
int shelf_san_attr_name_known(const char *name, size_t n);

/* A tag an author writes whose content is kept: see shelf_san_rewrite_of(). */
typedef struct shelf_san_rewrite {
	const char *from;   /* element name */
	const char *to;     /* written instead, or NULL: unwrapped */
	const char *cls;    /* class of `to` */
} shelf_san_rewrite;

/* How element `el` is rewritten in a snippet (nobr, center, font, button),
 * or NULL when it is not. */
const shelf_san_rewrite *shelf_san_rewrite_of(const el_info *el);

#endif
