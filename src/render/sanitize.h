/*
 * sanitize.h - the raw-HTML sanitizer (the security boundary of shelf).
 *
 * Two stages, both allow-list based:
 *
 *  1. shelf_sanitize_snippet() sees each piece of raw HTML an author wrote
 *     (a CommonMark HTML block or one inline HTML node) while the renderer
 *     walks the tree.  It has its own small HTML5 tokenizer, because a lone
 *     "</span>" must survive as a lone end tag (a parser would drop it), and
 *     because tags it does not allow must stay visible as text: authors
 *     write placeholders such as <storage-account-name> that a browser
 *     would swallow.
 *
 *  2. shelf_sanitize_fragment() re-parses the whole rendered body with gumbo
 *     (HTML5 fragment parsing in a <div>) and serialises the tree back,
 *     balanced, keeping only allowed elements and attributes.  Whatever the
 *     renderer or stage 1 got wrong, nothing else leaves this function.
 *
 * Neither function keeps state between calls; both are reentrant.
 */
#ifndef SHELF_SANITIZE_H
#define SHELF_SANITIZE_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"

/* Attributes kept per tag.  Real tags carry fewer than ten; a snippet tag
 * with more is shown as text (with a warning), which also keeps the
 * duplicate-attribute check (quadratic in the count) cheap.  Elements of a
 * fragment keep their first SHELF_SANITIZE_MAX_ATTRS attributes. */
#define SHELF_SANITIZE_MAX_ATTRS 64

/* Longest snippet tag, from '<' to '>'.  Longer tags are not markup an
 * author wrote by hand; they are shown as text (with a warning). */
#define SHELF_SANITIZE_MAX_TAG_BYTES ((size_t)64 * 1024)

/* Deepest element nesting accepted by shelf_sanitize_fragment().  gumbo's
 * scope checks walk the stack of open elements, so its time grows with
 * depth times tags (100,000 nested <div>s take half a minute), and it frees
 * the tree recursively.  Rendered articles nest a few dozen levels. */
#define SHELF_SANITIZE_MAX_DEPTH 256

/* Largest input either function accepts: the renderer's own output ceiling
 * (SHELF_BUF_DEFAULT_MAX). */
#define SHELF_SANITIZE_MAX_INPUT SHELF_BUF_DEFAULT_MAX

/* Memory gumbo may use for one parse.  Its tree costs 20-40 bytes per input
 * byte, so this fits ~15 MiB of dense HTML (an article is at most 8 MiB of
 * Markdown), while the re-opening of formatting elements (<p><b></p> ...)
 * cannot turn a small input into gigabytes of nodes. */
#define SHELF_SANITIZE_MAX_PARSE_BYTES ((size_t)512 * 1024 * 1024)

/* A written tree does not always parse back into itself (mis-nested <a>s,
 * unwrapped elements), so shelf_sanitize_fragment() parses its output again
 * until it is stable: at least two parses, at most this many. */
#define SHELF_SANITIZE_MAX_PASSES 4

/* Which allow-list shelf_sanitize_fragment() applies. */
typedef enum shelf_policy {
	SHELF_POLICY_PAGE = 0,     /* a page of our own: also iframe, video,
	                            * source and xref */
	SHELF_POLICY_FRAGMENT = 1  /* a fragment injected into the portal */
} shelf_policy;

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
 * Lone start and end tags stay lone; shelf_sanitize_fragment() balances.
 * The output is canonical: every '<' in it starts one of the tags above.
 * `line`/`col` give the position of the snippet's first byte in `file`; `d`
 * may be NULL.  Returns 0, or -1 when `out` failed (OOM or its maximum). */
int shelf_sanitize_snippet(shelf_buf *out, const char *html, size_t len,
                           shelf_diags *d, const char *file, unsigned line,
                           unsigned col);

/*
 * Parses a whole rendered fragment with gumbo (fragment parsing in a <div>)
 * and appends it to `out` serialised back, balanced, keeping only the
 * elements and attributes `policy` allows.  Disallowed elements are removed
 * with their content (script, style, object, embed, template, noscript,
 * iframe outside SHELF_POLICY_PAGE, ...) or else unwrapped (children kept).
 * Text is re-escaped (& < >), attribute values too (& < > ").  Void elements
 * have no end tag.  The output parses back to itself (see
 * SHELF_SANITIZE_MAX_PASSES).
 * Returns 0, or -1 (nothing appended) on OOM, when the input is larger than
 * SHELF_SANITIZE_MAX_INPUT, nests deeper than SHELF_SANITIZE_MAX_DEPTH or
 * needs more than SHELF_SANITIZE_MAX_PARSE_BYTES to parse. */
int shelf_sanitize_fragment(shelf_buf *out, const char *html, size_t len,
                            shelf_policy policy);

/* 1 when `name` (len bytes, any case) is an HTML element name (HTML5 and
 * the obsolete names browsers still parse, plus docfx's <xref>), else 0.
 * The renderer uses it to tell tags from <placeholder> text. */
int shelf_html_known_tag(const char *name, size_t len);

#endif
