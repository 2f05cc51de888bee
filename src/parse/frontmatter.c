/* frontmatter.c - YAML to JSON through libyaml's event parser; see
 * frontmatter.h.  The document is built bottom-up on an explicit stack of
 * open collections, so nesting never recurses in C. */
#include "frontmatter.h"
#include "buf.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

/* One open mapping or sequence. */
typedef struct yframe {
	json_t *node;         /* object or array being filled (owned) */
	json_t *key;          /* an object's pending key, a string (owned) */
	size_t key_index;     /* libyaml character index of that key */
	char *anchor;         /* anchor to record when it ends (owned) */
	size_t first_node;    /* node count before it began */
	size_t index;         /* libyaml character index where it began */
	unsigned height;      /* collection levels in it, itself included */
} yframe;

typedef struct yctx {
	const char *s;
	size_t len;
	unsigned first_line;
	shelf_diags *d;
	const char *file;
	yframe stack[SHELF_MAX_YAML_DEPTH];
	size_t depth;         /* open frames */
	json_t *root;         /* the finished document (owned) */
	/* completed anchors: name -> [node, nodes one copy adds, height] */
	json_t *anchors;
	size_t nodes;         /* produced so far, alias copies included */
	int docs;
	int fault;            /* 1 = reported as a diagnostic, 2 = out of memory */
	/* y_where's cache: character w_char is byte w_byte, on line w_line
	 * that begins at byte w_bol */
	size_t w_char, w_byte, w_bol;
	unsigned w_line;
} yctx;

/* Turns a libyaml character index (the count of characters, not bytes,
 * before the mark) or, with `is_byte`, a byte offset into a file line and
 * 1-based byte column.  libyaml also counts U+2028 and friends as line
 * breaks; counting '\n' here keeps the line the one an editor shows.
 * Marks come mostly in increasing order, so the walk resumes from the last
 * one (a cache in `y`) and the cost stays linear. */
static void
y_where(yctx *y, size_t index, int is_byte, unsigned *line, unsigned *col)
{
	size_t i = y->w_byte, n = y->w_char;

	if (is_byte || index < n) {
		i = n = 0;
		y->w_line = y->first_line;
		y->w_bol = 0;
	}
	while (i < y->len && n < index) {
		if (y->s[i] == '\n') {
			y->w_line++;
			y->w_bol = i + 1;
		}
		i++;
		while (!is_byte && i < y->len && ((unsigned char)y->s[i] & 0xC0) == 0x80)
			i++;
		n++;
	}
	*line = y->w_line;
	*col = (unsigned)(i - y->w_bol + 1);
	/* a byte walk leaves the cache at the start (it is not in characters) */
	y->w_byte = is_byte ? 0 : i;
	y->w_char = is_byte ? 0 : n;
	if (is_byte) {
		y->w_line = y->first_line;
		y->w_bol = 0;
	}
}

/* Reports a diagnostic at a libyaml index; errors also end the parse. */
static void
y_diag(yctx *y, shelf_code code, size_t index, int is_byte, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void
y_diag(yctx *y, shelf_code code, size_t index, int is_byte, const char *fmt, ...)
{
	shelf_buf msg = SHELF_BUF_INIT;
	shelf_severity sev = code == SHELF_W_YAML_DUP_KEY ? SHELF_WARNING : SHELF_ERROR;
	unsigned line, col;
	va_list ap;

	if (code != SHELF_W_YAML_DUP_KEY)
		y->fault = 1;
	if (shelf_diags_full(y->d, sev))
		return;
	va_start(ap, fmt);
	shelf_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	y_where(y, index, is_byte, &line, &col);
	shelf_diags_add(y->d, code, sev, y->file, line, col, "%s", shelf_buf_cstr(&msg));
	shelf_buf_free(&msg);
}

/* Counts `n` more nodes against SHELF_MAX_YAML_NODES.  0, or -1 with a
 * diagnostic; `alias` names the alias that asked, or is NULL. */
static int
y_count(yctx *y, size_t n, size_t index, const char *alias)
{
	if (n <= SHELF_MAX_YAML_NODES - y->nodes) {
		y->nodes += n;
		return 0;
	}
	if (alias)
		y_diag(y, SHELF_E_YAML_ALIASES, index, 0, "alias '*%.64s' expands the "
		       "YAML past %d nodes", alias, SHELF_MAX_YAML_NODES);
	else
		y_diag(y, SHELF_E_YAML, index, 0, "the YAML has more than %d nodes", SHELF_MAX_YAML_NODES);
	return -1;
}

/* Records (or redefines, as YAML allows) anchor `name` for `node`, which
 * adds `count` nodes and `height` levels when copied.  Takes a new
 * reference to `node`.  0, or -1 on OOM. */
static int
y_anchor(yctx *y, const char *name, json_t *node, size_t count, unsigned height)
{
	json_t *a = json_pack("[O,I,i]", node, (json_int_t)count, (int)height);

	return a ? json_object_set_new(y->anchors, name, a) : -1;
}

/* Puts a finished node (consumed) into the open collection, or makes it the
 * root.  `height` is its collection levels, `index` where it began.
 * 0, or -1 (fault set). */
static int
y_attach(yctx *y, json_t *v, unsigned height, size_t index)
{
	yframe *f;
	const char *k;
	size_t klen;
	int rc;

	if (y->depth == 0) {
		json_decref(y->root);
		y->root = v;
		return 0;
	}
	f = &y->stack[y->depth - 1];
	if (height + 1 > f->height)
		f->height = height + 1;
	if (json_is_array(f->node)) {
		rc = json_array_append_new(f->node, v);
	} else if (f->key == NULL) {
		if (!json_is_string(v)) {
			json_decref(v);
			y_diag(y, SHELF_E_YAML, index, 0, "a mapping key must be a scalar");
			return -1;
		}
		f->key = v;
		f->key_index = index;
		return 0;
	} else {
		k = json_string_value(f->key);
		klen = json_string_length(f->key);
		if (json_object_getn(f->node, k, klen) != NULL)
			y_diag(y, SHELF_W_YAML_DUP_KEY, f->key_index, 0, "key '%.*s' is "
			       "given twice; the last value wins", (int)(klen > 64 ? 64 : klen), k);
		rc = json_object_setn_new(f->node, k, klen, v);
		json_decref(f->key);
		f->key = NULL;
	}
	if (rc != 0 && !y->fault)
		y->fault = 2;
	return rc ? -1 : 0;
}

/* Is the next node a mapping key? */
static int
y_at_key(const yctx *y)
{
	const yframe *f = y->depth ? &y->stack[y->depth - 1] : NULL;

	return f != NULL && json_is_object(f->node) && f->key == NULL;
}

/* A scalar: always a string; as a value, the plain null forms become "". */
static int
y_scalar(yctx *y, const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	json_t *s;

	if (y_count(y, 1, ev->start_mark.index, NULL) != 0)
		return -1;
	if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !y_at_key(y) &&
	    ((n == 1 && v[0] == '~') || (n == 4 && strncasecmp(v, "null", 4) == 0)))
		n = 0;
	s = json_stringn(v, n);
	if (s == NULL || (ev->data.scalar.anchor &&
	    y_anchor(y, (const char *)ev->data.scalar.anchor, s, 1, 0) != 0)) {
		json_decref(s);
		y->fault = 2;
		return -1;
	}
	return y_attach(y, s, 0, ev->start_mark.index);
}

/* A mapping or sequence begins: push a frame.  0, or -1 (fault set). */
static int
y_start(yctx *y, const yaml_event_t *ev, int is_map)
{
	const yaml_char_t *anchor = is_map ? ev->data.mapping_start.anchor
	                                   : ev->data.sequence_start.anchor;
	yframe *f;

	if (y->depth == SHELF_MAX_YAML_DEPTH) {
		y_diag(y, SHELF_E_YAML_DEPTH, ev->start_mark.index, 0, "the YAML nests "
		       "deeper than %d levels", SHELF_MAX_YAML_DEPTH);
		return -1;
	}
	if (y_count(y, 1, ev->start_mark.index, NULL) != 0)
		return -1;
	f = &y->stack[y->depth];
	memset(f, 0, sizeof *f);
	f->node = is_map ? json_object() : json_array();
	f->anchor = anchor ? strdup((const char *)anchor) : NULL;
	f->first_node = y->nodes - 1;
	f->index = ev->start_mark.index;
	f->height = 1;
	if (f->node == NULL || (anchor && f->anchor == NULL)) {
		json_decref(f->node);
		free(f->anchor);
		y->fault = 2;
		return -1;
	}
	y->depth++;
	return 0;
}

/* The open collection ends: record its anchor, attach it. */
static int
y_end(yctx *y)
{
	yframe f;

	if (y->depth == 0)
		return 0;       /* libyaml pairs its events; defensive only */
	f = y->stack[--y->depth];
	json_decref(f.key);
	if (f.anchor && y_anchor(y, f.anchor, f.node, y->nodes - f.first_node,
	                         f.height) != 0) {
		free(f.anchor);
		json_decref(f.node);
		y->fault = 2;
		return -1;
	}
	free(f.anchor);
	return y_attach(y, f.node, f.height, f.index);
}

/* An alias: a deep copy of its anchor's node, counted and depth-checked
 * before it is made, so "billion laughs" stops at the limit. */
static int
y_alias(yctx *y, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	size_t at = ev->start_mark.index;
	json_t *a = json_object_get(y->anchors, name), *copy;
	unsigned height;

	if (a == NULL) {
		y_diag(y, SHELF_E_YAML, at, 0, "alias '*%.64s' refers to no anchor "
		       "completed before it", name);
		return -1;
	}
	height = (unsigned)json_integer_value(json_array_get(a, 2));
	if (y->depth + height > SHELF_MAX_YAML_DEPTH) {
		y_diag(y, SHELF_E_YAML_DEPTH, at, 0, "alias '*%.64s' makes the YAML "
		       "nest deeper than %d levels", name, SHELF_MAX_YAML_DEPTH);
		return -1;
	}
	if (y_count(y, (size_t)json_integer_value(json_array_get(a, 1)), at, name) != 0)
		return -1;
	copy = json_deep_copy(json_array_get(a, 0));
	if (copy == NULL) {
		y->fault = 2;
		return -1;
	}
	return y_attach(y, copy, height, at);
}

/* Handles one event.  Returns 1 at the end of the stream, else 0 (a fault
 * is in y->fault). */
static int
y_event(yctx *y, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return 1;
	case YAML_DOCUMENT_START_EVENT:
		if (++y->docs > 1)
			y_diag(y, SHELF_E_YAML, ev->start_mark.index, 0, "more than one "
			       "YAML document");
		break;
	case YAML_SCALAR_EVENT:
		y_scalar(y, ev);
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		y_start(y, ev, ev->type == YAML_MAPPING_START_EVENT);
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		y_end(y);
		break;
	case YAML_ALIAS_EVENT:
		y_alias(y, ev);
		break;
	default:
		break;
	}
	return 0;
}

/* Reports libyaml's own error (or notes OOM). */
static void
y_parser_error(yctx *y, const yaml_parser_t *p)
{
	const char *problem = p->problem ? p->problem : "syntax error";

	if (p->error == YAML_MEMORY_ERROR) {
		y->fault = 2;
		return;
	}
	if (p->error == YAML_READER_ERROR)
		y_diag(y, SHELF_E_YAML, p->problem_offset, 1, "%s", problem);
	else if (p->context)
		y_diag(y, SHELF_E_YAML, p->problem_mark.index, 0, "%s (%s)", problem,
		       p->context);
	else
		y_diag(y, SHELF_E_YAML, p->problem_mark.index, 0, "%s", problem);
}

/* Frees whatever the context still holds. */
static void
y_free(yctx *y)
{
	while (y->depth > 0) {
		yframe *f = &y->stack[--y->depth];
		json_decref(f->node);
		json_decref(f->key);
		free(f->anchor);
	}
	json_decref(y->anchors);
	json_decref(y->root);
}

json_t *
shelf_yaml_parse(const char *s, size_t len, unsigned first_line,
                 shelf_diags *d, const char *file)
{
	yaml_parser_t p;
	yaml_event_t ev;
	yctx y;
	json_t *out = NULL;
	int done = 0;

	memset(&y, 0, sizeof y);
	y.s = s;
	y.len = len;
	y.first_line = first_line ? first_line : 1;
	y.w_line = y.first_line;
	y.d = d;
	y.file = file;
	if (!yaml_parser_initialize(&p))
		return NULL;
	/* No encoding sniffing: the text is UTF-8 even if it begins with
	 * bytes that look like a UTF-16 BOM. */
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(&p, (const unsigned char *)s, len);
	y.anchors = json_object();
	if (y.anchors == NULL)
		goto done;
	while (!done && !y.fault) {
		if (!yaml_parser_parse(&p, &ev)) {
			y_parser_error(&y, &p);
			break;
		}
		done = y_event(&y, &ev);
		yaml_event_delete(&ev);
	}
	if (!y.fault) {
		out = y.root ? y.root : json_object();
		y.root = NULL;
	}
done:
	y_free(&y);
	yaml_parser_delete(&p);
	return out;
}
