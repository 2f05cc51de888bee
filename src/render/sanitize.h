/*
 * sanitize.h - the raw-HTML sanitizer (the security boundary of shelf).
 *
 * shelf_sanitize_snippet() sees each piece of raw HTML an author wrote (a
 * CommonMark HTML block or one inline HTML node) while the renderer walks
 * the tree.  It has its own small HTML5 tokenizer, because a lone
 * "</span>" must survive as a lone end tag (a parser would drop it), and
 * because tags it does not allow must stay visible as text: authors write
 * placeholders such as <storage-account-name> that a browser would
 * swallow.  It is allow-list based: elements and attributes from
 * sanitize_tables.c, URLs through shelf_url_allowed() and every value
 * through shelf_escape_text() (escape.c), so its output is canonical:
 * every '<' in it starts an allowed tag with checked, quoted attributes.
 *
 * One stage, not two.  There was a second stage, shelf_sanitize_fragment(),
 * that re-parsed the whole rendered body with gumbo (HTML5 fragment
 * parsing, as the browser will) and wrote the tree back; it ran only in
 * the unit tests.  Wired into the renderer for a measurement (2026-12-07,
 * the 2-core build machine, synthetic tree of 500 articles, `make bench
 * BENCH_ARGS="--runs 3 --articles 500"`):
 *   - XSS suite (tests/xss/xss.sh, headless Chromium, 332 vectors as
 *     fragment and as page): 664 passed, 0 failed without it, and 664
 *     passed, 0 failed with it: no vector got through stage 1 that the
 *     parser stage would have stopped;
 *   - build of 500 pages, CPU time: 0.46 s without it, 0.89 s with it
 *     (3.1x -> 9.9x bare cmark-gfm); one article: 0.002 s -> 0.004 s;
 *   - and every page would be re-serialised (implied </p>, <tbody>,
 *     repaired nesting), changing the docfx-shaped output.
 * It doubled the cost for no vector stopped, so it was deleted with the
 * libgumbo dependency.  What a parser would repair is covered instead by
 * the renderer: it closes what author HTML leaves open at the end of its
 * container and drops stray end tags (render.c, author HTML).
 *
 * The function keeps no state between calls; it is reentrant.
 */
#ifndef SHELF_SANITIZE_H
#define SHELF_SANITIZE_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"

/* Attributes kept per tag.  Real tags carry fewer than ten; a snippet tag
 * with more is shown as text (with a warning), which also keeps the
 * duplicate-attribute check (quadratic in the count) cheap. */
#define SHELF_SANITIZE_MAX_ATTRS 64

/* Longest snippet tag, from '<' to '>'.  Longer tags are not markup an
 * author wrote by hand; they are shown as text (with a warning). */
#define SHELF_SANITIZE_MAX_TAG_BYTES ((size_t)64 * 1024)

/* Largest input shelf_sanitize_snippet() accepts: the renderer's own
 * output ceiling (SHELF_BUF_DEFAULT_MAX). */
#define SHELF_SANITIZE_MAX_INPUT SHELF_BUF_DEFAULT_MAX

/*
 * Sanitizes one raw-HTML snippet written by an article's author: a
 * CommonMark HTML block (whole lines, any content) or one inline HTML node.
 * Appends to `out`:
 *  - an allowed tag, re-serialised as <name attr="value"> or </name>: name
 *    in lower case, only allowed attributes, values entity-decoded, checked
 *    and re-escaped (& < > ").  A self-closed non-void tag (<xref .../>)
 *    gets its end tag.  Dropped attributes produce one SHELF_W_RAW_HTML
 *    warning per snippet naming them;
 *  - a known but forbidden element (script, style, iframe, form, button,
 *    svg, ...) as escaped text, with a warning at its line:col; an unknown
 *    tag (<storage-account-name>) or a known tag that reads as prose
 *    (<Sub GUID that was used ...>) as escaped text, without a warning;
 *  - the content of a raw-text element (<script>...</script>) as escaped
 *    text;
 *  - text re-escaped: character references the author wrote (&amp; &nbsp;
 *    &#160;) are kept, a bare & or < is escaped;
 *  - nothing for comments, <!DOCTYPE>, <?...> and <![CDATA[...]]>.
 * Lone start and end tags stay lone; the renderer balances them.
 * The output is canonical: every '<' in it starts one of the tags above.
 * `line`/`col` give the position of the snippet's first byte in `file`; `d`
 * may be NULL.  Returns 0, or -1 when `out` failed (OOM or its maximum). */
int shelf_sanitize_snippet(shelf_buf *out, const char *html, size_t len,
                           shelf_diags *d, const char *file, unsigned line,
                           unsigned col);


#endif
