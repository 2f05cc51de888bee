/*
 * snippet.h - line selection for docfx code snippets (snippet.c).
 *
 * Private to libshelf: `[!code-lang[name](path?query#bookmark)]` and
 * `:::code:::` share one selection engine, the one of docfx's
 * HtmlCodeSnippetRenderer.  Line numbers are 1-based and inclusive; a
 * missing number ("5-", "-3") is SHELF_SNIPPET_OPEN, as docfx's
 * int.MaxValue.  Exposed for the unit tests.
 */
#ifndef SHELF_SNIPPET_H
#define SHELF_SNIPPET_H

#include <limits.h>
#include <stddef.h>
#include "buf.h"

/* A missing or open-ended line number (docfx: int.MaxValue). */
#define SHELF_SNIPPET_OPEN INT_MAX

/* Most ranges in one `range=` / `highlight=` list: real snippets use a few;
 * each range copies its lines, so 10,000 ranges of "1-" over a 1 MiB file
 * would write 10 GB.  More ranges make the query invalid. */
#define SHELF_MAX_SNIPPET_RANGES 64

typedef struct shelf_snip_range {
	long start, end;        /* 1-based, inclusive */
} shelf_snip_range;

/* What to take from a file: docfx's priority is tag > bookmark range >
 * start/end > ranges > the whole file. */
typedef struct shelf_snip_sel {
	const char *lang;       /* tag-comment language or ".ext"; NULL: none */
	const char *tag;        /* tag name (not NUL-terminated), or NULL */
	size_t tag_n;
	int has_bookmark;       /* #L12-L16 */
	shelf_snip_range bookmark;
	int has_start_end;      /* ?start=&end= */
	shelf_snip_range start_end;
	size_t n_ranges;        /* ?range= (0: none) */
	shelf_snip_range ranges[SHELF_MAX_SNIPPET_RANGES];
	size_t n_highlight;     /* ?highlight= (0: none) */
	shelf_snip_range highlight[SHELF_MAX_SNIPPET_RANGES];
	long dedent;            /* spaces to remove; < 0: the common indent */
} shelf_snip_sel;

/* An empty selection: whole file, automatic dedent. */
void shelf_snip_sel_init(shelf_snip_sel *sel);

/* docfx TryGetLineRange: "12", "12-16", "12-" ("L12-L16" when with_l).
 * Returns 1 and sets *r when valid, else 0 (*r may be set anyway). */
int shelf_snip_parse_range(const char *s, size_t n, int with_l, shelf_snip_range *r);

/* docfx TryGetLineRanges: comma-separated ranges into v (room for
 * SHELF_MAX_SNIPPET_RANGES).  Returns 1 when all were valid; on failure the
 * ranges before the bad one stay in v (*nv counts them), as in docfx. */
int shelf_snip_parse_ranges(const char *s, size_t n, shelf_snip_range *v, size_t *nv);

/* docfx TryParseQuery over `name=&start=&end=&range=&highlight=&dedent=`
 * (keys in any case).  Items before a malformed one stay applied; start/end
 * only when the whole query parsed.  `tag` points into q.  Returns 1 when
 * every item parsed. */
int shelf_snip_parse_query(const char *q, size_t n, shelf_snip_sel *sel);

/* Applies a `#bookmark`: a line range (#L12-L16) or else a tag name. */
void shelf_snip_bookmark(const char *b, size_t n, shelf_snip_sel *sel);

/* Appends the highlight-lines value ("1,2,4-"; "2-2" as "2"). */
void shelf_snip_highlight(const shelf_snip_range *v, size_t n, shelf_buf *out);

/* The language docfx infers from a file extension (".ps1" -> "powershell",
 * "" -> "ruby" as docfx does), or NULL. */
const char *shelf_snip_lang_of_ext(const char *ext);

/* Selects lines of normalised `text` per `sel`, expands leading tabs,
 * dedents, and appends them to `out`, each ending in "\n" (not escaped).
 * Sets *unknown_lang when a tag was asked for in a language without known
 * comment syntax (every syntax is then tried).  Returns 0, -1 on OOM or when
 * `out` is full. */
int shelf_snip_extract(const char *text, size_t len, const shelf_snip_sel *sel,
                       shelf_buf *out, int *unknown_lang);

#endif
