/*
 * snippet.c - docfx code snippets: `[!code-lang[name](path?query#bookmark
 * "title")]` and `:::code source= language= range= id= highlight=
 * interactive=:::`.
 *
 * The selection engine follows docfx's HtmlCodeSnippetRenderer and
 * CodeSnippetExtractor line for line (see snippet.h); the HTML follows
 * HtmlCodeSnippetRenderer and TripleColon/CodeExtension, with every value
 * escaped.  Snippet files are confined to the content root: a path is
 * checked as written, joined, compared lexically and then with symlinks
 * resolved, and only then read.
 */
#include "snippet.h"
#include "docfx.h"
#include "locale.h"
#include "escape.h"
#include "path.h"
#include "read.h"

#include <ctype.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Largest snippet file read: 1 MiB.  Real sample files are a few KiB; a
 * snippet is copied into the page (up to SHELF_MAX_SNIPPET_RANGES times),
 * so a larger file would only bloat it. */
#define SHELF_MAX_SNIPPET_BYTES ((size_t)1024 * 1024)

/* Largest notebook read for [!notebook]: 32 MiB.  A Jupyter notebook
 * keeps its cells' outputs (plots as base64 images) and is often several
 * MiB, though only one cell's source reaches the page. */
#define SHELF_MAX_NOTEBOOK_BYTES ((size_t)32 * 1024 * 1024)

/* Most bytes one snippet may put into a page after selection and dedent:
 * 8 MiB, the size of the largest article accepted. */
#define SHELF_MAX_SNIPPET_OUTPUT ((size_t)8 * 1024 * 1024)

/* ---- comment families and languages ---------------------------------- */

/* One comment syntax for tags: start and end line templates, split around
 * the tag name ("//<" name ">").  Region families end without a name and
 * close the innermost open tag. */
typedef struct tag_family {
	const char *start_before, *start_after;
	const char *end_before, *end_after;
	int end_named;
} tag_family;

/* In docfx's order of registration, which is the order they are tried. */
static const tag_family families[] = {
	{"'<", ">", "'</", ">", 1},             /* VB comment */
	{"//<", ">", "//</", ">", 1},           /* C family */
	{"<!--<", ">-->", "<!--</", ">-->", 1}, /* markup */
	{"--<", ">", "--</", ">", 1},           /* SQL-like */
	{"#<", ">", "#</", ">", 1},             /* script */
	{"rem<", ">", "rem</", ">", 1},         /* batch */
	{"#region", "", "#endregion", "", 0},   /* C# region */
	{"%<", ">", "%</", ">", 1},             /* Erlang, Matlab */
	{";<", ">", ";</", ">", 1},             /* Lisp */
	{"#region", "", "#endregion", "", 0},   /* VB region */
	{"/*<", ">*/", "/*</", ">*/", 0},       /* CSS (docfx: end unnamed) */
};

#define N_FAMILIES (sizeof families / sizeof families[0])
#define F_ALL ((1u << N_FAMILIES) - 1)

enum {
	F_VB = 1u << 0, F_C = 1u << 1, F_MARKUP = 1u << 2, F_SQL = 1u << 3,
	F_SCRIPT = 1u << 4, F_BATCH = 1u << 5, F_CSREGION = 1u << 6,
	F_ERLANG = 1u << 7, F_LISP = 1u << 8, F_VBREGION = 1u << 9, F_CSS = 1u << 10
};

/* docfx's language names, aliases (which double as file extensions) and
 * the comment families registered for them.  "everything" has no family:
 * it only names a language for `:::code` inference. */
static const struct lang_def {
	const char *name;
	const char *aliases;    /* " a b " */
	unsigned families;
} langs[] = {
	{"actionscript", " as ", F_C}, {"arduino", " ino ", F_C},
	{"assembly", " nasm asm ", F_C}, {"batchfile", " bat cmd ", F_BATCH},
	{"css", "", F_CSS},
	{"cpp", " c c++ objective-c obj-c objc objectivec h hpp cc m ", F_C},
	{"csharp", " cs ", F_C | F_CSREGION}, {"cuda", " cu cuh ", F_C},
	{"d", " dlang ", F_C}, {"everything", " example ", 0},
	{"erlang", " erl ", F_ERLANG}, {"fsharp", " fs fsi fsx ", F_C},
	{"go", " golang ", F_C}, {"handlebars", " hbs ", F_MARKUP},
	{"haskell", " hs ", F_SQL}, {"html", " jsp asp aspx ascx ", F_MARKUP},
	{"cshtml", " aspx-cs aspx-csharp ", F_C | F_MARKUP | F_CSREGION},
	{"vbhtml", " aspx-vb ", F_VB | F_MARKUP | F_VBREGION},
	{"java", " gradle ", F_C}, {"javascript", " js node json ", F_C},
	{"lisp", " lsp ", F_LISP}, {"lua", "", F_SQL}, {"matlab", "", F_ERLANG},
	{"pascal", " pas ", F_C}, {"perl", " pl ", F_SCRIPT}, {"php", "", F_C | F_MARKUP},
	{"powershell", " posh ps1 ", F_SCRIPT}, {"processing", " pde ", F_C},
	{"python", " py ", F_SCRIPT}, {"r", "", F_SCRIPT}, {"react", " tsx ", F_C | F_MARKUP},
	/* docfx also lists "" as a Ruby alias: see find_lang() */
	{"ruby", " ru erb rb ", F_MARKUP | F_SCRIPT}, {"rust", " rs ", F_C},
	{"scala", "", F_C}, {"shell", " sh bash ", F_SCRIPT}, {"smalltalk", " st ", F_C},
	{"sql", "", F_SQL}, {"swift", "", F_C}, {"typescript", " ts ", F_C},
	{"xaml", "", F_MARKUP}, {"xml", " xsl xslt xsd wsdl csdl edmx ", F_MARKUP},
	{"vb", " vbnet vbscript bas vbs vba ", F_VB | F_VBREGION},
};

/* The language whose name or alias is `key` (a leading '.' dropped, as
 * docfx registers both "cs" and ".cs"), or NULL.  Case matters, as in
 * docfx's dictionaries.  docfx lists "" among Ruby's aliases, so an empty
 * key (a file without extension) is Ruby. */
static const struct lang_def *
find_lang(const char *key)
{
	size_t i, n;

	if (key[0] == '.')
		key++;
	n = strlen(key);
	for (i = 0; i < sizeof langs / sizeof langs[0]; i++) {
		const char *a = langs[i].aliases, *hit;
		if (n == 0 ? strcmp(langs[i].name, "ruby") == 0 : strcmp(langs[i].name, key) == 0)
			return &langs[i];
		for (hit = n ? strstr(a, key) : NULL; hit; hit = strstr(hit + 1, key))
			if (hit > a && hit[-1] == ' ' && hit[n] == ' ')
				return &langs[i];
	}
	return NULL;
}

const char *
shelf_snip_lang_of_ext(const char *ext)
{
	const struct lang_def *l = find_lang(ext);

	return l ? l->name : NULL;
}

/* ---- query syntax ----------------------------------------------------- */

static int
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* .NET int.TryParse: blanks around, an optional sign, digits, no
 * overflow.  Returns 1 and sets *v, else 0. */
static int
parse_int(const char *s, size_t n, long *v)
{
	size_t i = 0;
	long x = 0;
	int neg = 0, digits = 0;

	while (n > 0 && is_ws((unsigned char)s[n - 1]))
		n--;
	while (i < n && is_ws((unsigned char)s[i]))
		i++;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
		x = x * 10 + (s[i] - '0');
		if (x > (long)INT_MAX + neg)
			return 0;
	}
	if (i != n || digits == 0)
		return 0;
	*v = neg ? -x : x;
	return 1;
}

/* docfx TryGetLineNumber: "" is SHELF_SNIPPET_OPEN; with_l wants "L12". */
static int
parse_line_number(const char *s, size_t n, int with_l, long *v)
{
	*v = SHELF_SNIPPET_OPEN;
	if (n == 0)
		return 1;
	if (with_l) {
		if (n < 2 || (s[0] != 'L' && s[0] != 'l'))
			return 0;
		s++;
		n--;
	}
	return parse_int(s, n, v);
}

int
shelf_snip_parse_range(const char *s, size_t n, int with_l, shelf_snip_range *r)
{
	const char *dash = n ? memchr(s, '-', n) : NULL;
	int ok;

	if (n == 0)
		return 0;
	if (dash && memchr(dash + 1, '-', n - (size_t)(dash + 1 - s)))
		return 0;
	ok = parse_line_number(s, dash ? (size_t)(dash - s) : n, with_l, &r->start);
	r->end = r->start;
	if (dash)
		ok &= parse_line_number(dash + 1, n - (size_t)(dash + 1 - s), with_l, &r->end);
	return ok;
}

int
shelf_snip_parse_ranges(const char *s, size_t n, shelf_snip_range *v, size_t *nv)
{
	size_t i = 0;

	*nv = 0;
	if (n == 0)
		return 0;
	for (;;) {
		const char *comma = memchr(s + i, ',', n - i);
		size_t e = comma ? (size_t)(comma - s) : n;
		if (*nv == SHELF_MAX_SNIPPET_RANGES ||
		    !shelf_snip_parse_range(s + i, e - i, 0, &v[*nv]))
			return 0;
		(*nv)++;
		if (comma == NULL)
			return 1;
		i = e + 1;
	}
}

void
shelf_snip_sel_init(shelf_snip_sel *sel)
{
	memset(sel, 0, sizeof *sel);
	sel->dedent = -1;
}

/* One `key=value` item of a query; returns 0 when it aborts the query. */
static int
query_item(const char *k, size_t kn, const char *v, size_t vn, shelf_snip_sel *sel,
           long *start, long *end)
{
	if (kn == 4 && strncasecmp(k, "name", 4) == 0) {
		sel->tag = v;
		sel->tag_n = vn;
		return 1;
	}
	if (kn == 5 && strncasecmp(k, "start", 5) == 0) {
		if (!parse_int(v, vn, start))
			return 0;
		*end = *start;
		return 1;
	}
	if (kn == 3 && strncasecmp(k, "end", 3) == 0)
		return parse_int(v, vn, end);
	if (kn == 5 && strncasecmp(k, "range", 5) == 0)
		return shelf_snip_parse_ranges(v, vn, sel->ranges, &sel->n_ranges);
	if (kn == 9 && strncasecmp(k, "highlight", 9) == 0)
		return shelf_snip_parse_ranges(v, vn, sel->highlight, &sel->n_highlight);
	if (kn == 6 && strncasecmp(k, "dedent", 6) == 0)
		return parse_int(v, vn, &sel->dedent);
	return 0;
}

int
shelf_snip_parse_query(const char *q, size_t n, shelf_snip_sel *sel)
{
	long start = -1, end = -1;
	size_t i = 0;

	while (n > 0 && is_ws((unsigned char)q[n - 1]))
		n--;
	while (i < n && is_ws((unsigned char)q[i]))
		i++;
	if (i == n)
		return 0;
	for (;;) {
		const char *amp = memchr(q + i, '&', n - i);
		size_t e = amp ? (size_t)(amp - q) : n;
		const char *eq = memchr(q + i, '=', e - i);
		if (eq == NULL || memchr(eq + 1, '=', (size_t)(q + e - eq - 1)) ||
		    !query_item(q + i, (size_t)(eq - q) - i, eq + 1, (size_t)(q + e - eq - 1),
		                sel, &start, &end))
			return 0;
		if (amp == NULL)
			break;
		i = e + 1;
	}
	/* docfx's "unset" is -1, so ?start=-1 means no range */
	if (start != -1 && end != -1) {
		sel->has_start_end = 1;
		sel->start_end.start = start;
		sel->start_end.end = end;
	}
	return 1;
}

void
shelf_snip_bookmark(const char *b, size_t n, shelf_snip_sel *sel)
{
	shelf_snip_range r;

	while (n > 0 && is_ws((unsigned char)b[n - 1]))
		n--;
	while (n > 0 && is_ws((unsigned char)*b))
		b++, n--;
	if (shelf_snip_parse_range(b, n, 1, &r)) {
		sel->has_bookmark = 1;
		sel->bookmark = r;
	} else {
		sel->tag = b;       /* even "" (a bare '#'): it clears ?name= */
		sel->tag_n = n;
	}
}

void
shelf_snip_highlight(const shelf_snip_range *v, size_t n, shelf_buf *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			shelf_buf_putc(out, ',');
		if (v[i].start == v[i].end)
			shelf_buf_printf(out, "%ld", v[i].start);
		else if (v[i].end == SHELF_SNIPPET_OPEN)
			shelf_buf_printf(out, "%ld-", v[i].start);
		else
			shelf_buf_printf(out, "%ld-%ld", v[i].start, v[i].end);
	}
}

/* ---- tags -------------------------------------------------------------- */

/* A file split into lines (docfx ReadLine: a final "\n" ends the last
 * line, it does not start an empty one). */
typedef struct lines {
	const char *text;
	size_t *off;            /* n + 1 offsets; line i is off[i]..off[i+1]-1 */
	size_t n;
} lines;

static int
lines_split(lines *L, const char *text, size_t len)
{
	size_t i, n = 0;

	L->text = text;
	L->n = 0;
	for (i = 0; i < len; i++)
		n += text[i] == '\n';
	if (len > 0 && text[len - 1] != '\n')
		n++;
	L->off = malloc((n + 1) * sizeof *L->off);
	if (L->off == NULL)
		return -1;
	L->off[0] = 0;
	for (i = 0; i < len; i++)
		if (text[i] == '\n')
			L->off[++L->n] = i + 1;
	if (L->n < n)
		L->off[++L->n] = len + 1;
	return 0;
}

static const char *
line_at(const lines *L, size_t i, size_t *n)
{
	*n = L->off[i + 1] - L->off[i] - 1;
	return L->text + L->off[i];
}

/* Tag names docfx accepts: ^[\w.-]+$ (non-ASCII bytes count as \w). */
static int
tag_name_ok(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '.' &&
		    s[i] != '-' && (unsigned char)s[i] < 0x80)
			return 0;
	return n > 0;
}

/* Matches `pat` against s from *col, ignoring blanks in s and ASCII case. */
static int
match_skipping_blanks(const char *s, size_t n, size_t *col, const char *pat)
{
	size_t c = *col;

	for (; *pat && c < n; c++) {
		if (is_ws((unsigned char)s[c]))
			continue;
		if (tolower((unsigned char)s[c]) != *pat)
			return 0;
		pat++;
	}
	*col = c;
	return *pat == '\0';
}

/* docfx CodeSnippetExtractor.MatchTag: does line s[0..n) match the
 * template before{name}after?  Sets the name span (trimmed). */
static int
match_tag(const char *s, size_t n, const char *before, const char *after, int named,
          const char **name, size_t *name_n)
{
	size_t col = 0, n0;

	if (n == 0 || !match_skipping_blanks(s, n, &col, before))
		return 0;
	for (n0 = col; col < n && (after[0] == '\0' || s[col] != after[0]); col++)
		;
	*name = s + n0;
	*name_n = col - n0;
	while (*name_n > 0 && is_ws((unsigned char)(*name)[*name_n - 1]))
		(*name_n)--;
	while (*name_n > 0 && is_ws((unsigned char)**name))
		(*name)++, (*name_n)--;
	if (!match_skipping_blanks(s, n, &col, after))
		return 0;
	while (col < n && is_ws((unsigned char)s[col]))
		col++;
	return col == n && (!named || tag_name_ok(*name, *name_n));
}

/* The tag being looked for: its name, and "snippet" + name. */
typedef struct tag_want {
	const char *name;
	size_t n;
	int found[2];
	shelf_snip_range r[2];  /* found[k]: r[k].end 0 = no end tag yet */
} tag_want;

/* 0: tag `s` is not wanted; 1: it is the name; 2: "snippet" + the name. */
static int
wanted(const tag_want *w, const char *s, size_t n)
{
	if (n == w->n && strncasecmp(s, w->name, n) == 0)
		return 1;
	if (n == w->n + 7 && strncasecmp(s, "snippet", 7) == 0 &&
	    strncasecmp(s + 7, w->name, w->n) == 0)
		return 2;
	return 0;
}

/* docfx GetAllTags for one family, keeping only the wanted tag: marks
 * every marker line in `marker`, and fills w->found/r.  Returns -1 on OOM. */
static int
scan_family(const lines *L, const tag_family *f, tag_want *w, unsigned char *marker)
{
	size_t i, depth = 0, *stack = malloc((L->n + 1) * sizeof *stack);
	const char *s, *nm;
	size_t n, nn;
	int k;

	if (stack == NULL)
		return -1;
	for (i = 0; i < L->n; i++) {
		s = line_at(L, i, &n);
		if (match_tag(s, n, f->end_before, f->end_after, f->end_named, &nm, &nn)) {
			marker[i] = 1;
			if (!f->end_named) {
				nm = "";
				nn = 0;
				if (depth > 0) {
					size_t at = stack[--depth];
					s = line_at(L, at, &n);
					match_tag(s, n, f->start_before, f->start_after, 1, &nm, &nn);
				}
			}
			if ((k = wanted(w, nm, nn)) != 0 && w->found[k - 1] && w->r[k - 1].end == 0)
				w->r[k - 1].end = (long)i;
		} else if (match_tag(s, n, f->start_before, f->start_after, 1, &nm, &nn)) {
			marker[i] = 1;
			if ((k = wanted(w, nm, nn)) != 0) {
				w->found[k - 1] = 1;
				w->r[k - 1].start = (long)i + 2;
				w->r[k - 1].end = 0;
			}
			stack[depth++] = i;
		}
	}
	free(stack);
	return 0;
}

/* ---- line selection ---------------------------------------------------- */

/* Leading blanks of a line as docfx counts them: tabs to 4-column stops. */
static long
indent_of(const char *s, size_t n, size_t *rest)
{
	long col = 0;
	size_t i;

	for (i = 0; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		col = s[i] == ' ' ? col + 1 : (col + 4) / 4 * 4;
	*rest = i;
	return col;
}

/* docfx GetCodeLines: the lines of `ranges` (minus `skip` lines), tabs
 * expanded, dedented by `dedent` (< 0: the common indent), each + "\n". */
static void
code_lines(const lines *L, const shelf_snip_range *ranges, size_t nr,
           const unsigned char *skip, long dedent, shelf_buf *out)
{
	long common = SHELF_SNIPPET_OPEN, ind, cut;
	size_t r, i, n, rest;
	int pass;
	const char *s;

	for (pass = 0; pass < 2 && !out->failed; pass++) {
		for (r = 0; r < nr && !out->failed; r++) {
			long from = ranges[r].start - 1 > 0 ? ranges[r].start - 1 : 0;
			long to = ranges[r].end < (long)L->n ? ranges[r].end : (long)L->n;
			for (i = (size_t)from; (long)i < to && !out->failed; i++) {
				if (skip && skip[i])
					continue;
				s = line_at(L, i, &n);
				if (n == 0) {
					if (pass == 1)
						shelf_buf_putc(out, '\n');
					continue;
				}
				ind = indent_of(s, n, &rest);
				if (pass == 0) {
					common = ind < common ? ind : common;
					continue;
				}
				cut = dedent < 0 ? common : dedent;
				cut = cut < ind ? cut : ind;
				for (; cut < ind; cut++)
					shelf_buf_putc(out, ' ');
				shelf_buf_put(out, s + rest, n - rest);
				shelf_buf_putc(out, '\n');
			}
		}
	}
}

/* Finds the wanted tag, trying the families of sel->lang in order.
 * Returns 1 and appends its lines, 0 when absent, -1 on OOM. */
static int
extract_tag(const lines *L, const shelf_snip_sel *sel, shelf_buf *out, int *unknown)
{
	const struct lang_def *l = sel->lang ? find_lang(sel->lang) : NULL;
	unsigned fams = l && l->families ? l->families : F_ALL;
	unsigned char *marker = calloc(L->n + 1, 1);
	size_t f;
	int k;

	*unknown = !(l && l->families);
	if (marker == NULL)
		return -1;
	for (f = 0; f < N_FAMILIES; f++) {
		tag_want w = {sel->tag, sel->tag_n, {0, 0}, {{0, 0}, {0, 0}}};
		if (!(fams & (1u << f)))
			continue;
		memset(marker, 0, L->n + 1);
		if (scan_family(L, &families[f], &w, marker) != 0)
			break;
		for (k = 0; k < 2; k++)
			if (w.found[k]) {
				code_lines(L, &w.r[k], 1, marker, sel->dedent, out);
				free(marker);
				return 1;
			}
	}
	free(marker);
	return f < N_FAMILIES ? -1 : 0;
}

int
shelf_snip_extract(const char *text, size_t len, const shelf_snip_sel *sel,
                   shelf_buf *out, int *unknown_lang)
{
	lines L;
	shelf_snip_range all;
	int rc = 0;

	*unknown_lang = 0;
	if (lines_split(&L, text, len) != 0)
		return -1;
	all.start = 0;
	all.end = (long)L.n;
	if (sel->tag && sel->tag_n > 0)
		rc = extract_tag(&L, sel, out, unknown_lang);
	else if (sel->has_bookmark)
		code_lines(&L, &sel->bookmark, 1, NULL, sel->dedent, out);
	else if (sel->has_start_end)
		code_lines(&L, &sel->start_end, 1, NULL, sel->dedent, out);
	else if (sel->n_ranges > 0)
		code_lines(&L, sel->ranges, sel->n_ranges, NULL, sel->dedent, out);
	else
		code_lines(&L, &all, 1, NULL, sel->dedent, out);
	free(L.off);
	return rc < 0 || out->failed ? -1 : 0;
}

/* ---- reading a snippet file -------------------------------------------- */

typedef enum snip_status {
	SNIP_OK,
	SNIP_MISSING,           /* not there: a warning was added */
	SNIP_FAILED             /* refused or unreadable: an error was added */
} snip_status;

/* Adds a diagnostic at the directive; warnings for the snippet codes that
 * still render something, errors otherwise. */
static void snip_diag(const shelf_dfm_env *env, const shelf_directive *dir,
                      shelf_code code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
snip_diag(const shelf_dfm_env *env, const shelf_directive *dir, shelf_code code,
          const char *fmt, ...)
{
	shelf_severity sev = code == SHELF_W_SNIPPET_MISSING ? SHELF_WARNING : SHELF_ERROR;
	shelf_buf msg = SHELF_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	shelf_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	shelf_diags_add(env->diags, code, sev, env->file, dir->line, dir->col, "%s",
	                shelf_buf_cstr(&msg));
	shelf_buf_free(&msg);
}

/* Moves the diagnostics of reading snippet `p` to the directive's place,
 * naming the snippet (and its line, for encoding faults). */
static void
relocate(const shelf_dfm_env *env, const shelf_directive *dir, shelf_diags *sub,
         const char *p)
{
	size_t i;

	for (i = 0; i < sub->n; i++) {
		const shelf_diag *d = &sub->v[i];
		if (d->line)
			shelf_diags_add(env->diags, d->code, d->severity, env->file, dir->line,
			                dir->col, "code snippet '%s' line %u: %s", p, d->line,
			                d->message);
		else
			shelf_diags_add(env->diags, d->code, d->severity, env->file, dir->line,
			                dir->col, "code snippet '%s': %s", p, d->message);
	}
	shelf_diags_free(sub);
}

/* 1 when `path` lies in the en-us folder the locale folder `root` falls
 * back to (`real`: symlinks resolved, as shelf_path_inside). */
static int
in_default_root(const char *root, const char *dflt, const char *path, int real)
{
	char *en = shelf_locale_default_root(root, dflt);
	int r = en && (real ? shelf_path_inside(en, path) : shelf_path_under(en, path));

	free(en);
	return r;
}

/* Where snippet path `p` points: a malloc'd real-root-based path, or NULL
 * after an error (refused path) or on OOM. */
static char *
confine(const shelf_dfm_env *env, const shelf_directive *dir, const char *p)
{
	const char *rel, *why;
	int tilde, changed;
	char *joined = NULL, *fixed = shelf_path_slashes(p, &changed);

	if (fixed == NULL)
		return NULL;
	if (changed)
		shelf_diags_add(env->diags, SHELF_W_BACKSLASH_PATH, SHELF_WARNING, env->file,
		                dir->line, dir->col,
		                "backslash in code snippet path '%s' read as '/'; write '%s'", p, fixed);
	tilde = strncmp(fixed, "~/", 2) == 0;
	rel = tilde ? fixed + 2 : fixed;
	if ((why = shelf_path_reject(rel, strlen(rel))) != NULL) {
		snip_diag(env, dir, SHELF_E_PATH, "code snippet '%s' refused: %s", p, why);
	} else if ((joined = shelf_path_join(tilde ? env->root : env->dir, rel)) != NULL &&
	           !shelf_path_under(env->root, joined) && !in_default_root(env->root, env->default_locale, joined, 0)) {
		snip_diag(env, dir, SHELF_E_PATH, "code snippet '%s' leaves the content root", p);
		free(joined);
		joined = NULL;
	}
	free(fixed);
	return joined;
}

/* Reads snippet `p` (as written), at most `max` bytes (over it: SH002), into
 * *text (normalised, malloc'd). */
static snip_status
load_file(const shelf_dfm_env *env, const shelf_directive *dir, const char *p,
          size_t max, char **text, size_t *len)
{
	shelf_diags sub = SHELF_DIAGS_INIT;
	struct stat st;
	char *path, *raw;
	size_t rawn;

	*text = NULL;
	if (p[0] == '\0' || env->dir == NULL || env->root == NULL)
		goto missing;
	if ((path = confine(env, dir, p)) == NULL)
		return SNIP_FAILED;
	if (env->on_look)
		env->on_look(env->user, path);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
		/* a translation may use the en-us snippet, as it may an include */
		char *twin = shelf_locale_twin(env->root, env->default_locale, path, NULL);
		free(path);
		if (twin && env->on_look)
			env->on_look(env->user, twin);
		if (twin == NULL || stat(twin, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(twin);
			goto missing;
		}
		path = twin;
	}
	/* env->root is a real path */
	if (!shelf_path_inside_real(env->root, path) &&
	    !in_default_root(env->root, env->default_locale, path, 1)) {
		snip_diag(env, dir, SHELF_E_PATH,
		          "code snippet '%s' refused: a symlink leads out of the content root", p);
		free(path);
		return SNIP_FAILED;
	}
	if (env->on_read)
		env->on_read(env->user, path);
	raw = shelf_file_slurp_st(path, max, &rawn, &sub, p, &st);
	if (raw != NULL && env->on_data) {
		shelf_input in;
		shelf_input_make(&in, path, raw, rawn, &st);
		env->on_data(env->user, &in);
	}
	free(path);
	if (raw != NULL)
		*text = shelf_text_normalize(raw, rawn, len, &sub, p);
	free(raw);
	relocate(env, dir, &sub, p);
	return *text ? SNIP_OK : SNIP_FAILED;
missing:
	snip_diag(env, dir, SHELF_W_SNIPPET_MISSING, "code snippet file '%s' not found", p);
	return SNIP_MISSING;
}

/* ---- HTML -------------------------------------------------------------- */

static void
put_esc(shelf_buf *out, const char *s)
{
	shelf_escape_html(out, s, strlen(s));
}

/* docfx's box for a missing snippet (HtmlCodeSnippetRenderer.GetWarning),
 * with the locale's title and message escaped.  docfx writes the "warning"
 * token as it is, with no <h5> around it (unlike an alert's title), and
 * `<h5>WARNING</h5>` only when there is no token. */
static void
missing_box(const shelf_dfm_env *env, shelf_buf *out)
{
	json_t *t = json_object_get(env->strings, "warning");
	json_t *m = json_object_get(env->strings, "codeIncludeNotFound");

	shelf_buf_puts(out, "<div class=\"WARNING\">\n");
	if (json_is_string(t))
		put_esc(out, json_string_value(t));
	else
		shelf_buf_puts(out, "<h5>WARNING</h5>");
	shelf_buf_puts(out, "\n<p>");
	put_esc(out, json_is_string(m) ? json_string_value(m)
	        : "It looks like the sample you are looking for does not exist.");
	shelf_buf_puts(out, "</p>\n</div>\n");
}

/* Path.GetExtension: ".cs" of "a/b.cs"; "" without one (or "a."). */
static void
extension_of(const char *p, size_t n, shelf_buf *ext)
{
	size_t i = n;

	while (i > 0 && p[i - 1] != '.' && p[i - 1] != '/' && p[i - 1] != '\\')
		i--;
	if (i > 0 && p[i - 1] == '.' && i < n)
		shelf_buf_put(ext, p + i - 1, n - i + 1);
	shelf_buf_puts(ext, "");
}

/* Copies s[0..n) trimmed of blanks, with `\x` escapes resolved (docfx
 * MatchName / MatchTitle). */
static void
unescape_trim(const char *s, size_t n, shelf_buf *out)
{
	size_t i;

	while (n > 0 && is_ws((unsigned char)s[n - 1]))
		n--;
	while (n > 0 && is_ws((unsigned char)*s))
		s++, n--;
	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n)
			i++;
		shelf_buf_putc(out, s[i]);
	}
	shelf_buf_puts(out, "");
}

/* The parts of a [!code] target: path, then ?query, then #bookmark. */
typedef struct snip_target {
	shelf_buf path;
	const char *query, *bookmark;
	size_t query_n, bookmark_n;
} snip_target;

static void
split_target(const char *b, snip_target *t)
{
	size_t pn = strcspn(b, "?#"), i, p0 = 0;

	/* trimmed but not unescaped: docfx's `\(` escapes would turn
	 * `..\..\x` into `....x`; confine() reads a backslash as '/' */
	while (pn > 0 && is_ws((unsigned char)b[pn - 1]))
		pn--;
	while (p0 < pn && is_ws((unsigned char)b[p0]))
		p0++;
	shelf_buf_put(&t->path, b + p0, pn - p0);
	shelf_buf_puts(&t->path, "");
	pn = strcspn(b, "?#");
	t->query = t->bookmark = NULL;
	t->query_n = t->bookmark_n = 0;
	i = pn;
	if (b[i] == '?') {
		t->query = b + i + 1;
		t->query_n = strcspn(t->query, "#");
		i += 1 + t->query_n;
	}
	if (b[i] == '#') {
		t->bookmark = b + i + 1;
		t->bookmark_n = strlen(t->bookmark);
	}
}

/* Warns that tag `tag` was looked up in language `lang` shelf (and docfx)
 * has no comment syntax for. */
static void
warn_language(const shelf_dfm_env *env, const shelf_directive *dir, const char *lang,
              const shelf_snip_sel *sel)
{
	shelf_diags_add(env->diags, SHELF_W_SNIPPET_MISSING, SHELF_WARNING, env->file,
	                dir->line, dir->col,
	                "code snippet tag '%.*s': unknown language '%s', every comment syntax tried",
	                (int)sel->tag_n, sel->tag, lang);
}

/* Reads and selects the snippet; returns its text in `code` (not escaped),
 * or a status when there is none. */
static snip_status
snippet_code(const shelf_dfm_env *env, const shelf_directive *dir, const char *p,
             const shelf_snip_sel *sel, shelf_buf *code)
{
	char *text;
	size_t len;
	int unknown = 0;
	snip_status st = load_file(env, dir, p, SHELF_MAX_SNIPPET_BYTES, &text, &len);

	if (st != SNIP_OK)
		return st;
	if (shelf_snip_extract(text, len, sel, code, &unknown) != 0) {
		snip_diag(env, dir, SHELF_E_DIRECTIVE,
		          "code snippet '%s' selects more than 8 MiB or memory ran out", p);
		free(text);
		return SNIP_FAILED;
	}
	if (unknown)
		warn_language(env, dir, sel->lang ? sel->lang : "", sel);
	free(text);
	return SNIP_OK;
}

/* The source of the cell named `name` (n bytes) of the Jupyter notebook
 * at `p` into `code`, its source lines joined as they are (docfx).  Not a
 * notebook, two cells of that name, or none: an error (SH100), and docfx's
 * empty code. */
static snip_status
notebook_code(const shelf_dfm_env *env, const shelf_directive *dir, const char *p,
              const char *name, size_t n, shelf_buf *code)
{
	char *text;
	size_t len, i, found = 0;
	snip_status st = load_file(env, dir, p, SHELF_MAX_NOTEBOOK_BYTES, &text, &len);
	json_t *nb, *cells, *cell, *hit = NULL;

	if (st != SNIP_OK)
		return st;
	nb = json_loadb(text, len, 0, NULL);
	free(text);
	cells = json_object_get(nb, "cells");
	if (!json_is_array(cells)) {
		snip_diag(env, dir, SHELF_E_DIRECTIVE, "notebook snippet '%s' is not a Jupyter "
		          "notebook (JSON with a \"cells\" array): its code is left empty", p);
		json_decref(nb);
		return SNIP_OK;
	}
	json_array_foreach(cells, i, cell) {
		const char *cn = json_string_value(json_object_get(json_object_get(cell, "metadata"),
		                                                   "name"));
		if (cn && strlen(cn) == n && strncmp(cn, name, n) == 0) {
			hit = cell;
			found++;
		}
	}
	if (found != 1) {
		shelf_buf b = SHELF_BUF_INIT;
		shelf_buf_put(&b, name, n);
		snip_diag(env, dir, SHELF_E_DIRECTIVE, found
		          ? "notebook snippet: more than one cell is named '%s': its code is left empty"
		          : "notebook snippet: no cell is named '%s' (metadata.name): its code is left empty",
		          shelf_buf_cstr(&b));
		shelf_buf_free(&b);
	} else {
		json_t *src = json_object_get(hit, "source"), *line;
		if (json_is_string(src))
			shelf_buf_put(code, json_string_value(src), json_string_length(src));
		json_array_foreach(src, i, line)
			if (json_is_string(line))
				shelf_buf_put(code, json_string_value(line), json_string_length(line));
		if (code->failed) {
			/* as [!code]: a cut cell would be a silently wrong sample */
			snip_diag(env, dir, SHELF_E_DIRECTIVE,
			          "notebook snippet '%s' selects more than 8 MiB or memory ran out", p);
			json_decref(nb);
			return SNIP_FAILED;
		}
	}
	json_decref(nb);
	return SNIP_OK;
}

/* Appends `<pre><code …>` attributes of a [!code] snippet. */
static void
snippet_open(const char *lang, int interactive, const char *name, const char *title,
             const shelf_snip_sel *sel, shelf_buf *out)
{
	shelf_buf_puts(out, "<pre><code");
	if (*lang) {
		shelf_buf_puts(out, " class=\"lang-");
		put_esc(out, lang);
		shelf_buf_putc(out, '"');
	}
	if (interactive) {
		shelf_buf_puts(out, " data-interactive=\"");
		put_esc(out, lang);
		shelf_buf_putc(out, '"');
	}
	if (*name) {
		shelf_buf_puts(out, " name=\"");
		put_esc(out, name);
		shelf_buf_putc(out, '"');
	}
	if (*title) {
		shelf_buf_puts(out, " title=\"");
		put_esc(out, title);
		shelf_buf_putc(out, '"');
	}
	if (sel->n_highlight) {
		shelf_buf_puts(out, " highlight-lines=\"");
		shelf_snip_highlight(sel->highlight, sel->n_highlight, out);
		shelf_buf_putc(out, '"');
	}
	shelf_buf_putc(out, '>');
}

void
shelf_dfm_snippet(const shelf_dfm_env *env, const shelf_directive *dir, shelf_buf *out)
{
	snip_target t = {SHELF_BUF_INIT, NULL, NULL, 0, 0};
	shelf_buf lang = SHELF_BUF_INIT, name = SHELF_BUF_INIT, title = SHELF_BUF_INIT;
	shelf_buf ext = SHELF_BUF_INIT, code = SHELF_BUF_INIT;
	shelf_snip_sel sel;
	int notebook = dir->raw && strncasecmp(dir->raw, "[!notebook", 10) == 0;
	int has_lang = dir->raw && (strncasecmp(dir->raw, "[!code-", 7) == 0 ||
	                            strncasecmp(dir->raw, "[!notebook-", 11) == 0);
	int interactive = 0;
	snip_status got;
	static const char suffix[] = "-interactive";

	shelf_buf_init(&code, SHELF_MAX_SNIPPET_OUTPUT);
	shelf_snip_sel_init(&sel);
	split_target(dir->b ? dir->b : "", &t);
	if (t.query)
		shelf_snip_parse_query(t.query, t.query_n, &sel);
	if (t.bookmark)
		shelf_snip_bookmark(t.bookmark, t.bookmark_n, &sel);
	shelf_buf_puts(&lang, dir->a ? dir->a : "");
	if (lang.len >= sizeof suffix - 1 &&
	    strcmp(lang.ptr + lang.len - (sizeof suffix - 1), suffix) == 0) {
		shelf_buf_truncate(&lang, lang.len - (sizeof suffix - 1));
		interactive = 1;
	}
	extension_of(shelf_buf_cstr(&t.path), t.path.len, &ext);
	/* docfx: the language if one was written (even ""), else the extension */
	sel.lang = has_lang ? shelf_buf_cstr(&lang) : shelf_buf_cstr(&ext);
	unescape_trim(dir->c ? dir->c : "", strlen(dir->c ? dir->c : ""), &name);
	unescape_trim(dir->d ? dir->d : "", strlen(dir->d ? dir->d : ""), &title);
	got = notebook ? notebook_code(env, dir, shelf_buf_cstr(&t.path), sel.tag ? sel.tag : "",
	                               sel.tag ? sel.tag_n : 0, &code)
	               : snippet_code(env, dir, shelf_buf_cstr(&t.path), &sel, &code);
	if (got == SNIP_OK) {
		snippet_open(shelf_buf_cstr(&lang), interactive, shelf_buf_cstr(&name),
		             shelf_buf_cstr(&title), &sel, out);
		shelf_escape_html(out, shelf_buf_cstr(&code), code.len);
		shelf_buf_puts(out, "</code></pre>\n");
	} else {
		missing_box(env, out);
	}
	shelf_buf_free(&t.path);
	shelf_buf_free(&lang);
	shelf_buf_free(&name);
	shelf_buf_free(&title);
	shelf_buf_free(&ext);
	shelf_buf_free(&code);
}

/* ---- :::code::: ---------------------------------------------------------- */

/* The attributes of :::code (its <code>, or the fallback <div>). */
static void
code_attrs(const shelf_directive *dir, const char *lang, shelf_buf *out)
{
	const char *inter = shelf_directive_attr(dir, "interactive");
	const char *hl = shelf_directive_attr(dir, "highlight");

	shelf_buf_puts(out, " class=\"lang-");
	put_esc(out, lang);
	shelf_buf_putc(out, '"');
	if (inter && *inter) {
		shelf_buf_puts(out, " data-interactive=\"");
		put_esc(out, lang);
		shelf_buf_puts(out, "\" data-interactive-mode=\"");
		put_esc(out, inter);
		shelf_buf_putc(out, '"');
	}
	if (hl && *hl) {
		shelf_buf_puts(out, " highlight-lines=\"");
		put_esc(out, hl);
		shelf_buf_putc(out, '"');
	}
}

/* Checks the attributes of :::code; returns 0 after an error (the
 * directive then stays text, as in docfx). */
static int
code_valid(const shelf_dfm_env *env, const shelf_directive *dir)
{
	static const char allowed[] = " source range id highlight language interactive ";
	const char *src = shelf_directive_attr(dir, "source");
	const char *bad = shelf_directive_unknown_attr(dir, allowed);

	if (bad) {
		snip_diag(env, dir, SHELF_E_DIRECTIVE,
		          "invalid :::code: unexpected attribute '%s'", bad);
		return 0;
	}
	if (src == NULL || *src == '\0') {
		snip_diag(env, dir, SHELF_E_DIRECTIVE, "invalid :::code: source is required");
		return 0;
	}
	return 1;
}

/* The language of :::code: language=, else inferred from the extension
 * (after an error when that fails: class="lang-", as docfx). */
static void
code_language(const shelf_dfm_env *env, const shelf_directive *dir, const char *src,
              shelf_buf *ext, shelf_buf *lang)
{
	const char *l = shelf_directive_attr(dir, "language");

	extension_of(src, strlen(src), ext);
	if (l && *l) {
		shelf_buf_puts(lang, l);
		return;
	}
	l = shelf_snip_lang_of_ext(shelf_buf_cstr(ext));
	if (l == NULL)
		snip_diag(env, dir, SHELF_E_DIRECTIVE,
		          "invalid :::code: no language given, and none is known for '%s' files",
		          shelf_buf_cstr(ext));
	shelf_buf_puts(lang, l ? l : "");
}

/* Selects, escapes and trims the code of :::code; empty when nothing. */
static snip_status
code_text(const shelf_dfm_env *env, const shelf_directive *dir, const char *src,
          const char *ext, shelf_buf *esc)
{
	shelf_buf code = SHELF_BUF_INIT;
	const char *id = shelf_directive_attr(dir, "id"), *range = shelf_directive_attr(dir, "range");
	shelf_snip_sel sel;
	snip_status st;

	shelf_buf_init(&code, SHELF_MAX_SNIPPET_OUTPUT);
	shelf_snip_sel_init(&sel);
	sel.lang = ext;                 /* docfx sets no language here */
	if (id) {
		sel.tag = id;
		sel.tag_n = strlen(id);
	}
	if (range)
		shelf_snip_parse_ranges(range, strlen(range), sel.ranges, &sel.n_ranges);
	st = snippet_code(env, dir, src, &sel, &code);
	if (st == SNIP_OK) {
		/* docfx ExtensionsHelper.Escape: & (unless it starts a reference),
		 * < > " and ' escaped */
		shelf_escape_text(esc, shelf_buf_cstr(&code), code.len,
		                  SHELF_ESC_QUOT | SHELF_ESC_APOS | SHELF_ESC_KEEP_REFS);
		while (esc->len > 0 && is_ws((unsigned char)esc->ptr[esc->len - 1]))
			shelf_buf_truncate(esc, esc->len - 1);
	}
	shelf_buf_free(&code);
	return st;
}

void
shelf_dfm_code(const shelf_dfm_env *env, const shelf_directive *dir, shelf_buf *out)
{
	shelf_buf ext = SHELF_BUF_INIT, lang = SHELF_BUF_INIT, esc = SHELF_BUF_INIT;
	const char *src = shelf_directive_attr(dir, "source");
	snip_status st;

	if (!code_valid(env, dir)) {
		shelf_buf_puts(out, dir->block ? "<p>" : "");
		put_esc(out, dir->raw ? dir->raw : "");
		shelf_buf_puts(out, dir->block ? "</p>\n" : "");
		return;
	}
	shelf_buf_init(&esc, SHELF_MAX_SNIPPET_OUTPUT * 6);
	code_language(env, dir, src, &ext, &lang);
	st = code_text(env, dir, src, shelf_buf_cstr(&ext), &esc);
	if (st == SNIP_OK && esc.len == 0)
		snip_diag(env, dir, SHELF_W_SNIPPET_MISSING,
		          ":::code '%s' selects no lines (is the id right? try range instead)", src);
	if (st == SNIP_MISSING) {
		missing_box(env, out); /* as [!code]: a missing file shows, never nothing */
	} else if (esc.len > 0) {
		shelf_buf_puts(out, "<pre>\n<code");
		code_attrs(dir, shelf_buf_cstr(&lang), out);
		shelf_buf_putc(out, '>');
		shelf_buf_put(out, esc.ptr, esc.len);
		shelf_buf_puts(out, "\n</code></pre>\n");
	} else {
		shelf_buf_puts(out, "<div");
		code_attrs(dir, shelf_buf_cstr(&lang), out);
		shelf_buf_puts(out, ">\n</div>\n");
	}
	shelf_buf_free(&ext);
	shelf_buf_free(&lang);
	shelf_buf_free(&esc);
}
