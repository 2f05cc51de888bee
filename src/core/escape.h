/*
 * escape.h - the one escaping module.  Every value that reaches HTML goes
 * through one of these, chosen by where it lands.
 */
#ifndef SHELF_ESCAPE_H
#define SHELF_ESCAPE_H

#include <stddef.h>
#include "buf.h"

/* HTML text and double-quoted attribute values: & < > " escaped (what
 * Markdig writes, so docfx-shaped output matches).  Returns 0 / -1. */
int shelf_escape_html(shelf_buf *out, const char *s, size_t n);

/* A URL in href/src, as Markdig writes it: bytes outside printable ASCII,
 * space, " < > [ \ ] ^ ` { | } ~ and ' percent-encoded, & as &amp;, an
 * existing %XX kept.  The caller has already checked the scheme. */
int shelf_escape_href(shelf_buf *out, const char *s, size_t n);

/* Percent-encodes every byte except unreserved ones (A-Z a-z 0-9 - . _ ~):
 * for values placed inside a URL component (a query value, a path part). */
int shelf_escape_url_component(shelf_buf *out, const char *s, size_t n);

/* Decodes HTML character references (&amp; &lt; &#233; &#x41; and every
 * HTML5 named entity), leaving a bare & or an unknown &name; as written:
 * for values of the XML-like <properties/> block, which authors write both
 * as "Creating, Deleting, & Scaling" and as "Q&amp;A".  Uses cmark-gfm's
 * decoder (the same table CommonMark uses).  Returns 0 / -1. */
int shelf_entities_decode(shelf_buf *out, const char *s, size_t n);

/* 1 when the URL has a scheme that may run code or smuggle content
 * (javascript:, vbscript:, data:, file:), ignoring case, ASCII blanks and
 * control characters the way browsers do. */
int shelf_url_is_dangerous(const char *s, size_t n);

#endif
