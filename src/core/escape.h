/*
 * escape.h - the one escaping module and the one URL policy.  Every value
 * that reaches HTML goes through one of these, chosen by where it lands;
 * every URL that is written goes through shelf_url_allowed() first.
 */
#ifndef SHELF_ESCAPE_H
#define SHELF_ESCAPE_H

#include <stddef.h>
#include "buf.h"

/* Flags of shelf_escape_text().  & < > are always escaped. */
enum {
	SHELF_ESC_QUOT = 1,      /* " as &quot; (attribute values) */
	SHELF_ESC_APOS = 2,      /* ' as &#39; (docfx's :::code escaping) */
	SHELF_ESC_KEEP_REFS = 4, /* a character reference the author wrote
	                          * (&amp; &nbsp; &#160; &#x41;) stays as it is */
	SHELF_ESC_CLEAN = 8      /* CR as &#13; (read raw it comes back as LF);
	                          * NUL, controls other than blanks, C1
	                          * controls and noncharacters as U+FFFD, as
	                          * the HTML parser would read them */
};

/* Appends s escaped for HTML text or a double-quoted attribute value, as
 * `flags` asks.  Returns 0 / -1 (out failed). */
int shelf_escape_text(shelf_buf *out, const char *s, size_t n, unsigned flags);

/* HTML text and double-quoted attribute values: & < > " escaped (what
 * Markdig writes, so docfx-shaped output matches): shelf_escape_text()
 * with SHELF_ESC_QUOT.  Returns 0 / -1. */
int shelf_escape_html(shelf_buf *out, const char *s, size_t n);

/* What shelf_escape_url() encodes. */
typedef enum shelf_url_part {
	/* A whole URL in href/src, as Markdig writes it: bytes outside
	 * printable ASCII, space, " < > [ \ ] ^ ` { | } ~ and '
	 * percent-encoded, & as &amp;, an existing %XX kept.  The caller has
	 * already checked it with shelf_url_allowed(). */
	SHELF_URL_HREF,
	/* A value placed inside a URL component (a query value, a path part):
	 * every byte but the unreserved ones (A-Z a-z 0-9 - . _ ~). */
	SHELF_URL_COMPONENT
} shelf_url_part;

/* Appends s percent-encoded for `part`.  Returns 0 / -1. */
int shelf_escape_url(shelf_buf *out, const char *s, size_t n, shelf_url_part part);

/* Decodes HTML character references, leaving a bare & or an unknown
 * &name; as written.  Named references (&amp; &hearts; and every HTML5
 * name, with ';') come from cmark-gfm's table, the one CommonMark uses
 * for Markdown text, so a name means the same in text, in raw-HTML
 * attribute values and in <properties/>.  Numeric ones (&#233; &#x41) are
 * read as a browser reads them in an attribute: also without ';', 0 and
 * surrogates as U+FFFD, 0x80-0x9F as Windows-1252.  Returns 0 / -1. */
int shelf_entities_decode(shelf_buf *out, const char *s, size_t n);

/* Where a URL is used: each use has its own allow-list of schemes. */
typedef enum shelf_url_use {
	/* A link: <a href>, <xref href>, cite, Markdown links, directive and
	 * portal links.  Relative URLs and http https mailto tel ms-settings,
	 * xref (docfx resolves it), and the portal's blade schemes (data-blade button-data-blade
	 * button-data-context datablade data-blade-uri). */
	SHELF_URL_LINK,
	/* Something the page loads: <img src>, <video src poster>, <source
	 * src>, Markdown images, :::image, :::video.  Relative URLs, http,
	 * https. */
	SHELF_URL_MEDIA
} shelf_url_use;

/* 1 when the (decoded) URL s may be written for `use`, else 0.  The
 * scheme is read ignoring case and skipping ASCII blanks and control
 * characters anywhere before the ':' (more than a browser skips, so a
 * scheme a browser sees is seen here too).  No scheme (no ':' before the
 * first '/', '?' or '#') is a relative URL. */
int shelf_url_allowed(const char *s, size_t n, shelf_url_use use);

#endif
