/* properties.c - the <properties ... /> lexer; see properties.h. */
#include "properties.h"
#include "escape.h"
#include "buf.h"
#include "read.h"

#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

/* Names are quoted in messages up to this many bytes; a name is ASCII, so
 * the cut never splits a character. */
#define NAME_QUOTE_MAX 64

/* Canonical spellings, from the corpus survey (selfhelp-format.md 1.2).
 * Typos such as supportToicIds are not folded: they keep their spelling. */
const char *const shelf_properties_names[] = {
	"pageTitle", "description", "ms.author", "authors", "selfHelpType",
	"supportTopicIds", "productPesIds", "cloudEnvironments", "articleId",
	"ownershipId", "service", "resource", "resourceTags", "displayOrder",
	"infoBubbleText", "diagnosticScenario", "schemaVersion", "clientIds",
	"disableClouds", "articleTags", "authorAlias", "category",
	"resourceRequired", "ms.service", "symptomID", "icmteam", "icmservice",
	"feedbackemail", "issueNotListed", "searchTags", "author",
	"mappedToBucket", "productFamilyId", "editor", "documentationCenter",
	"useAsAdditionalDetails", NULL
};

typedef struct lexer {
	const char *s;
	size_t stop;         /* lexing never reads at or past this */
	size_t pos;
	size_t start;        /* of "<properties" */
	unsigned line0;      /* file line of `start` */
	/* line/column cache: line `lc_line` begins at `lc_bol`, valid to lc_pos */
	size_t lc_pos, lc_bol;
	unsigned lc_line;
	shelf_diags *d;
	const char *file;
	json_t *obj;
	int attrs_full;      /* SHELF_MAX_PROP_ATTRS reached (and reported) */
	/* the names stored in obj, as written (they point into s) */
	struct { const char *name; size_t len; } kept[SHELF_MAX_PROP_ATTRS];
	size_t n_kept;
} lexer;

const char *
shelf_properties_canonical(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof shelf_properties_names / sizeof shelf_properties_names[0] - 1; i++) {
		const char *c = shelf_properties_names[i];
		/* the first letters differ for most names: a cheap test first */
		if (((c[0] ^ name[0]) & ~0x20) == 0 && strlen(c) == len &&
		    strncasecmp(c, name, len) == 0)
			return c;
	}
	return NULL;
}

/* Turns a byte offset into a file line and 1-based byte column.  Offsets
 * are asked for mostly in increasing order, so the cache makes the whole
 * lex linear; a smaller offset restarts from the block's first line. */
static void
lx_where(lexer *lx, size_t pos, unsigned *line, unsigned *col)
{
	if (pos < lx->lc_pos && pos >= lx->lc_bol && lx->lc_pos != SIZE_MAX) {
		*line = lx->lc_line;    /* back, but on the cached line */
		*col = (unsigned)(pos - lx->lc_bol + 1);
		return;
	}
	if (pos < lx->lc_pos) {
		size_t b = lx->start;
		while (b > 0 && lx->s[b - 1] != '\n')
			b--;
		lx->lc_pos = lx->start;
		lx->lc_bol = b;
		lx->lc_line = lx->line0;
	}
	for (; lx->lc_pos < pos; lx->lc_pos++) {
		if (lx->s[lx->lc_pos] == '\n') {
			lx->lc_line++;
			lx->lc_bol = lx->lc_pos + 1;
		}
	}
	*line = lx->lc_line;
	*col = (unsigned)(pos - lx->lc_bol + 1);
}

/* Adds a diagnostic at byte offset `pos`; the severity follows the code. */
static void
lx_diag(lexer *lx, shelf_code code, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
lx_diag(lexer *lx, shelf_code code, size_t pos, const char *fmt, ...)
{
	shelf_buf msg = SHELF_BUF_INIT;
	shelf_severity sev = SHELF_WARNING;
	unsigned line, col;
	va_list ap;

	if (code == SHELF_E_PROP_UNTERMINATED || code == SHELF_E_PROP_LIMIT)
		sev = SHELF_ERROR;
	if (shelf_diags_full(lx->d, sev))
		return;
	lx_where(lx, pos, &line, &col);
	va_start(ap, fmt);
	shelf_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	shelf_diags_add(lx->d, code, sev, lx->file, line, col, "%s",
	                shelf_buf_cstr(&msg));
	shelf_buf_free(&msg);
}

/* Length of the blank at s[i] (0 if none).  Sets *odd for the two Unicode
 * blanks the corpus uses between attributes, U+00A0 and U+200B. */
static size_t
blank_at(const char *s, size_t i, size_t stop, int *odd)
{
	unsigned char c = (unsigned char)s[i];

	*odd = 0;
	if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
		return 1;
	if (c == 0xC2 && i + 1 < stop && (unsigned char)s[i + 1] == 0xA0) {
		*odd = 1;
		return 2;
	}
	if (c == 0xE2 && i + 2 < stop && (unsigned char)s[i + 1] == 0x80 &&
	    (unsigned char)s[i + 2] == 0x8B) {
		*odd = 1;
		return 3;
	}
	return 0;
}

static int
is_name_start(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int
is_name_char(int c)
{
	return is_name_start(c) || (c >= '0' && c <= '9') || c == '.' ||
	       c == '_' || c == '-';
}

static int
is_end_at(const lexer *lx, size_t i)
{
	return i + 1 < lx->stop && lx->s[i] == '/' && lx->s[i + 1] == '>';
}

/* A JSON string of s[0..n), invalid UTF-8 bytes replaced by U+FFFD (the
 * read stage already did that for real input; this keeps the lexer total
 * on any bytes).  Returns a new reference, or NULL on OOM. */
static json_t *
json_text(const char *s, size_t n)
{
	shelf_buf b = SHELF_BUF_INIT;
	json_t *v;
	size_t i = 0, k;

	v = json_stringn(s, n);
	if (v != NULL)
		return v;
	while (i < n) {
		k = shelf_utf8_valid_len((const unsigned char *)s + i, n - i);
		if (k == 0) {
			shelf_buf_put(&b, "\xEF\xBF\xBD", 3);
			i++;
		} else {
			shelf_buf_put(&b, s + i, k);
			i += k;
		}
	}
	v = b.failed ? NULL : json_stringn(shelf_buf_cstr(&b), b.len);
	shelf_buf_free(&b);
	return v;
}

/* Trims blanks (ASCII and the two odd ones) from both ends of [*b, *e).
 * 451 real values carry a stray blank at an end ("I can't connect to my
 * VM "): typing slips that would otherwise leak into titles and IDs. */
static void
trim(const char *s, size_t *b, size_t *e)
{
	int odd;
	size_t k;

	while (*b < *e && (k = blank_at(s, *b, *e, &odd)) != 0)
		*b += k;
	while (*e > *b) {
		const unsigned char *p = (const unsigned char *)s + *e;
		if (p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\r' || p[-1] == '\n')
			*e -= 1;
		else if (*e - *b >= 2 && p[-2] == 0xC2 && p[-1] == 0xA0)
			*e -= 2;
		else if (*e - *b >= 3 && p[-3] == 0xE2 && p[-2] == 0x80 && p[-1] == 0x8B)
			*e -= 3;
		else
			break;
	}
}

/* Does an attribute ("name =", blanks allowed) or the end ("/>") begin
 * at s[i]?  Used to tell where a run of attributes stops.  A bare '>' does
 * not count: at the start of a line it is more likely a Markdown quote. */
static int
looks_like_attr(const lexer *lx, size_t i)
{
	if (is_end_at(lx, i))
		return 1;
	if (i >= lx->stop || !is_name_start((unsigned char)lx->s[i]))
		return 0;
	while (i < lx->stop && is_name_char((unsigned char)lx->s[i]))
		i++;
	while (i < lx->stop && (lx->s[i] == ' ' || lx->s[i] == '\t'))
		i++;
	return i < lx->stop && lx->s[i] == '=';
}

/* At the '\n' at s[nl] inside a quoted value: does the next line show that
 * the quote was never closed?  It does when that line is blank, or starts
 * (after blanks) with the next attribute or with "/>". */
static int
value_ends_at_newline(const lexer *lx, size_t nl)
{
	size_t i = nl + 1;

	while (i < lx->stop && (lx->s[i] == ' ' || lx->s[i] == '\t' || lx->s[i] == '\r'))
		i++;
	if (i >= lx->stop || lx->s[i] == '\n')
		return 1;
	return looks_like_attr(lx, i);
}

/* How many bytes of s[0..n) to quote in a message: at most `max`, cut back
 * to a UTF-8 character boundary. */
static int
quote_len(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return (int)n;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return (int)max;
}

/* Stores name = value (value [vb, ve), untrimmed) in the object, applying
 * the duplicate rule (the first wins) and the attribute limit.  `at` is the
 * name's offset.  Returns 0, or -1 on OOM. */
static int
store(lexer *lx, const char *name, size_t nlen, size_t at, size_t vb, size_t ve)
{
	const char *canon = shelf_properties_canonical(name, nlen);
	int qlen = quote_len(name, nlen, NAME_QUOTE_MAX);
	json_t *v;
	size_t i;

	if (lx->attrs_full)
		return 0;
	trim(lx->s, &vb, &ve);
	/* the object's keys are these names or their canonical spelling,
	 * which differs only in case */
	for (i = 0; i < lx->n_kept; i++) {
		if (lx->kept[i].len == nlen && strncasecmp(lx->kept[i].name, name, nlen) == 0) {
			lx_diag(lx, SHELF_W_PROP_DUPLICATE, at, "attribute '%.*s' is given "
			        "twice; the first value is kept", qlen, name);
			return 0;
		}
	}
	if (json_object_size(lx->obj) >= SHELF_MAX_PROP_ATTRS) {
		lx_diag(lx, SHELF_E_PROP_LIMIT, at, "more than %d attributes; '%.*s' "
		        "and the rest are ignored", SHELF_MAX_PROP_ATTRS, qlen, name);
		lx->attrs_full = 1;
		return 0;
	}
	if (ve - vb > SHELF_MAX_PROP_VALUE) {
		lx_diag(lx, SHELF_E_PROP_LIMIT, at, "value of attribute '%.*s' is "
		        "longer than %zu bytes; it is cut", qlen, name,
		        SHELF_MAX_PROP_VALUE);
		ve = vb + SHELF_MAX_PROP_VALUE;
		while (ve > vb && ((unsigned char)lx->s[ve] & 0xC0) == 0x80)
			ve--;
	}
	if (memchr(lx->s + vb, '&', ve - vb) == NULL) {
		v = json_text(lx->s + vb, ve - vb);
	} else {
		/* the block is XML-like: "Q&amp;A" means "Q&A" */
		shelf_buf dec = SHELF_BUF_INIT;
		if (shelf_entities_decode(&dec, lx->s + vb, ve - vb) == 0)
			v = json_text(shelf_buf_cstr(&dec), dec.len);
		else
			v = json_text(lx->s + vb, ve - vb);
		shelf_buf_free(&dec);
	}
	if (v == NULL)
		return -1;
	/* Unknown names keep their own spelling. */
	if (json_object_setn_new(lx->obj, canon ? canon : name, nlen, v) != 0)
		return -1;
	lx->kept[lx->n_kept].name = name;
	lx->kept[lx->n_kept++].len = nlen;
	return 0;
}

/* Lexes a quoted value; lx->pos is at the opening quote.  Sets [*vb, *ve)
 * to the value and leaves lx->pos after it.  `name` is for messages. */
static void
lex_quoted(lexer *lx, const char *name, int nlen, size_t *vb, size_t *ve)
{
	const char *s = lx->s;
	char q = s[lx->pos];
	size_t open = lx->pos, i = lx->pos + 1;

	*vb = i;
	while (i < lx->stop && s[i] != q && !(s[i] == '\n' && value_ends_at_newline(lx, i)))
		i++;
	if (i < lx->stop && s[i] == q) {
		*ve = i;
		lx->pos = i + 1;
		if (lx->pos < lx->stop && s[lx->pos] == q) {
			lx_diag(lx, SHELF_W_PROP_DOUBLED_QUOTE, lx->pos, "attribute '%.*s' "
			        "ends with a doubled quote; the extra quote is dropped",
			        nlen, name);
			lx->pos++;
		}
		return;
	}
	/* Never closed: the value is the rest of the opening line and lexing
	 * goes on at the next line, where the next attribute usually is. */
	for (i = open + 1; i < lx->stop && s[i] != '\n'; i++)
		;
	*ve = i;
	lx->pos = i;
	lx_diag(lx, SHELF_W_PROP_NO_CLOSE_QUOTE, open, "attribute '%.*s' has no "
	        "closing quote; value taken up to the end of its line", nlen, name);
}

/* Skips blanks (warning about each odd one) and stops at the first other
 * byte.  Sets *blank_line to the start of the first blank line crossed, or
 * leaves it at 0 when none was.  `warn` 0 skips without warnings. */
static void
skip_blanks(lexer *lx, size_t *blank_line, int warn)
{
	size_t k, bol = 0;
	int odd, content = 1;

	*blank_line = 0;
	while (lx->pos < lx->stop && (k = blank_at(lx->s, lx->pos, lx->stop, &odd)) != 0) {
		if (odd && warn)
			lx_diag(lx, SHELF_W_PROP_ODD_BLANK, lx->pos, "%s used as a blank "
			        "in the properties block", k == 2 ? "no-break space (U+00A0)"
			        : "zero-width space (U+200B)");
		if (lx->s[lx->pos] == '\n') {
			if (!content && *blank_line == 0)
				*blank_line = bol;
			content = 0;
			bol = lx->pos + 1;
		}
		lx->pos += k;
	}
}

/* Offset of the first non-blank byte at or after `i`, without warnings;
 * `*nl` is set when a '\n' lies between. */
static size_t
peek_past_blanks(const lexer *lx, size_t i, int *nl)
{
	size_t k;
	int odd;

	*nl = 0;
	while (i < lx->stop && (k = blank_at(lx->s, i, lx->stop, &odd)) != 0) {
		if (lx->s[i] == '\n')
			*nl = 1;
		i += k;
	}
	return i;
}

/* Lexes one attribute; lx->pos is at its name.  Returns 0, or -1 on OOM. */
static int
lex_attr(lexer *lx)
{
	const char *s = lx->s, *name = lx->s + lx->pos;
	size_t at = lx->pos, nlen, vb = at, ve = at, i, bl;
	int qlen, nl, odd;

	while (lx->pos < lx->stop && is_name_char((unsigned char)s[lx->pos]))
		lx->pos++;
	nlen = lx->pos - at;
	qlen = quote_len(name, nlen, NAME_QUOTE_MAX);
	i = peek_past_blanks(lx, lx->pos, &nl);
	if (i >= lx->stop || s[i] != '=') {
		lx_diag(lx, SHELF_W_PROP_MALFORMED, at, "attribute '%.*s' has no '=' "
		        "and no value; its value is empty", qlen, name);
		return store(lx, name, nlen, at, vb, ve);
	}
	skip_blanks(lx, &bl, 1);
	lx->pos++;                      /* the '=' */
	i = peek_past_blanks(lx, lx->pos, &nl);
	if (i < lx->stop && (s[i] == '"' || s[i] == '\'')) {
		skip_blanks(lx, &bl, 1);
		lex_quoted(lx, name, qlen, &vb, &ve);
	} else if (i < lx->stop && !nl && s[i] != '>' && !is_end_at(lx, i)) {
		/* No quotes: HTML's rule, the value runs to the next blank. */
		skip_blanks(lx, &bl, 1);
		vb = lx->pos;
		while (lx->pos < lx->stop && !blank_at(s, lx->pos, lx->stop, &odd) &&
		       s[lx->pos] != '"' && s[lx->pos] != '\'' && s[lx->pos] != '>' &&
		       !is_end_at(lx, lx->pos))
			lx->pos++;
		ve = lx->pos;
		lx_diag(lx, SHELF_W_PROP_MALFORMED, at, "attribute '%.*s' has an "
		        "unquoted value", qlen, name);
	} else {
		lx_diag(lx, SHELF_W_PROP_MALFORMED, at, "attribute '%.*s' has '=' but "
		        "no value; its value is empty", qlen, name);
	}
	return store(lx, name, nlen, at, vb, ve);
}

/* After "/>": skips the rest of its line, warning when it is not blank. */
static void
finish_line(lexer *lx)
{
	const char *s = lx->s;
	size_t i = lx->pos, j;

	while (i < lx->stop && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	if (i < lx->stop && s[i] != '\n') {
		for (j = i; j < lx->stop && s[j] != '\n'; j++)
			;
		lx_diag(lx, SHELF_W_PROP_JUNK_AFTER_END, i, "text '%.*s' after '/>' "
		        "is ignored", quote_len(s + i, j - i, 32), s + i);
		i = j;
	}
	lx->pos = i;
}

/* Skips a run of bytes that cannot start an attribute or the end, and
 * reports it.  A quoted string in the junk is skipped whole, up to its
 * closing quote on the same line, so its words are not taken for names. */
static void
skip_junk(lexer *lx, int after_value)
{
	const char *s = lx->s;
	size_t at = lx->pos;
	int odd;

	while (lx->pos < lx->stop && !blank_at(s, lx->pos, lx->stop, &odd) &&
	       !is_name_start((unsigned char)s[lx->pos]) && s[lx->pos] != '>' &&
	       !is_end_at(lx, lx->pos)) {
		char c = s[lx->pos++];
		if (c == '"' || c == '\'') {
			while (lx->pos < lx->stop && s[lx->pos] != c && s[lx->pos] != '\n')
				lx->pos++;
			if (lx->pos < lx->stop && s[lx->pos] == c)
				lx->pos++;
		}
	}
	if (after_value)
		lx_diag(lx, SHELF_W_PROP_JUNK_AFTER_VALUE, at, "unexpected '%.*s' after "
		        "a value; it is skipped", quote_len(s + at, lx->pos - at, 32), s + at);
	else
		lx_diag(lx, SHELF_W_PROP_MALFORMED, at, "unexpected '%.*s' in the "
		        "properties block; it is skipped",
		        quote_len(s + at, lx->pos - at, 32), s + at);
}

/* Lexes attributes up to the end of the block.  Returns 1 when "/>" closed
 * it (lx->pos at the end of that line), 0 when nothing did (lx->pos where
 * the block is taken to end), -1 on OOM. */
static int
lex_run(lexer *lx)
{
	size_t bl;
	int after_value = 0;
	unsigned char c;

	for (;;) {
		skip_blanks(lx, &bl, 1);
		if (lx->pos >= lx->stop)
			return 0;
		if (bl != 0 && !looks_like_attr(lx, lx->pos)) {
			lx->pos = bl;   /* a blank line, then no attribute: body */
			return 0;
		}
		c = (unsigned char)lx->s[lx->pos];
		if (c == '>' || is_end_at(lx, lx->pos)) {
			if (c == '>')
				lx_diag(lx, SHELF_W_PROP_MALFORMED, lx->pos, "properties block "
				        "closed by '>' instead of '/>'");
			lx->pos += c == '>' ? 1 : 2;
			finish_line(lx);
			return 1;
		}
		if (is_name_start(c)) {
			if (lex_attr(lx) != 0)
				return -1;
			after_value = 1;
			continue;
		}
		skip_junk(lx, after_value);
		after_value = 0;
	}
}

json_t *
shelf_properties_parse(const char *text, size_t len, size_t start,
                       unsigned line, size_t *end, shelf_diags *d,
                       const char *file)
{
	lexer lx;
	int rc;

	memset(&lx, 0, sizeof lx);
	if (start > len)
		start = len;
	*end = start;
	lx.s = text;
	lx.start = start;
	lx.line0 = line ? line : 1;
	lx.lc_pos = SIZE_MAX;          /* forces lx_where to start afresh */
	lx.d = d;
	lx.file = file;
	lx.stop = len - start > SHELF_MAX_PROP_BLOCK ? start + SHELF_MAX_PROP_BLOCK : len;
	lx.pos = lx.stop - start > 11 ? start + 11 : lx.stop;   /* "<properties" */
	lx.obj = json_object();
	if (lx.obj == NULL)
		return NULL;
	rc = lex_run(&lx);
	if (rc < 0) {
		json_decref(lx.obj);
		return NULL;
	}
	if (rc == 0) {
		if (lx.stop < len && lx.pos >= lx.stop)
			lx_diag(&lx, SHELF_E_PROP_LIMIT, start, "properties block is longer "
			        "than %zu bytes; the rest is not read", SHELF_MAX_PROP_BLOCK);
		lx_diag(&lx, SHELF_E_PROP_UNTERMINATED, start, "properties block is not "
		        "closed by '/>'; it is taken to end at the first blank line");
	}
	*end = lx.pos;
	return lx.obj;
}
