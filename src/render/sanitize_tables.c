/*
 * sanitize_tables.c - the sanitizer's allow-lists; see sanitize_tables.h.
 */
#include "sanitize_tables.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* 1 when the n bytes at s equal, in any case, one of the blank-separated
 * words of `list` (which starts and ends with a blank). */
int
shelf_san_in_list(const char *list, const char *s, size_t n)
{
	const char *p;

	if (n == 0 || memchr(s, ' ', n) != NULL)
		return 0;
	for (p = list; (p = strchr(p, ' ')) != NULL && p[1] != '\0'; p++)
		if (strncasecmp(p + 1, s, n) == 0 && p[1 + n] == ' ')
			return 1;
	return 0;
}

int
shelf_san_has_prefix(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && strncasecmp(s, prefix, k) == 0;
}

/* ---- Elements ---------------------------------------------------------- */

#define A_ EL_ALLOW
#define V_ EL_VOID
#define R_ EL_RAW

/* Every element name browsers know, sorted for bsearch, plus docfx's
 * <xref>: a name not here is a <placeholder> the author wrote. */
static const el_info elements[] = {
	{"a", A_}, {"abbr", A_}, {"acronym", 0}, {"address", 0},
	{"applet", 0}, {"area", V_}, {"article", 0}, {"aside", 0},
	{"audio", 0}, {"b", A_}, {"base", V_}, {"basefont", V_}, {"bdi", 0},
	{"bdo", 0}, {"bgsound", V_}, {"big", 0}, {"blink", 0},
	{"blockquote", A_}, {"body", 0}, {"br", A_ | V_}, {"button", 0},
	{"canvas", 0}, {"caption", A_}, {"center", 0}, {"cite", A_},
	{"code", A_}, {"col", A_ | V_}, {"colgroup", A_}, {"data", 0},
	{"datalist", 0}, {"dd", A_}, {"del", A_}, {"details", A_},
	{"dfn", A_}, {"dialog", 0}, {"dir", 0}, {"div", A_}, {"dl", A_},
	{"dt", A_}, {"em", A_}, {"embed", V_}, {"fieldset", 0},
	{"figcaption", A_}, {"figure", A_}, {"font", 0}, {"footer", 0},
	{"form", 0}, {"frame", V_}, {"frameset", 0}, {"h1", A_}, {"h2", A_},
	{"h3", A_}, {"h4", A_}, {"h5", A_}, {"h6", A_}, {"head", 0},
	{"header", 0}, {"hgroup", 0}, {"hr", A_ | V_}, {"html", 0}, {"i", A_},
	{"iframe", R_}, {"image", V_}, {"img", A_ | V_}, {"input", V_},
	{"ins", A_}, {"isindex", 0}, {"kbd", A_}, {"keygen", V_},
	{"label", 0}, {"legend", 0}, {"li", A_}, {"link", V_}, {"listing", 0},
	{"main", 0}, {"map", 0}, {"mark", A_}, {"marquee", 0}, {"math", 0},
	{"menu", 0}, {"menuitem", 0}, {"meta", V_}, {"meter", 0},
	{"multicol", 0}, {"nav", A_}, {"nextid", 0}, {"nobr", 0},
	{"noembed", R_}, {"noframes", R_}, {"noscript", R_}, {"object", 0},
	{"ol", A_}, {"optgroup", 0}, {"option", 0}, {"output", 0}, {"p", A_},
	{"param", V_}, {"picture", 0}, {"plaintext", R_}, {"pre", A_},
	{"progress", 0}, {"q", A_}, {"rb", 0}, {"rp", 0}, {"rt", 0},
	{"rtc", 0}, {"ruby", 0}, {"s", A_}, {"samp", A_}, {"script", R_},
	{"search", 0}, {"section", A_}, {"select", 0}, {"slot", 0},
	{"small", A_}, {"source", A_ | V_}, {"spacer", 0}, {"span", A_},
	{"strike", 0}, {"strong", A_}, {"style", R_}, {"sub", A_},
	{"summary", A_}, {"sup", A_}, {"svg", 0}, {"table", A_},
	{"tbody", A_}, {"td", A_}, {"template", 0}, {"textarea", R_},
	{"tfoot", A_}, {"th", A_}, {"thead", A_}, {"time", A_}, {"title", R_},
	{"tr", A_}, {"track", V_}, {"tt", 0}, {"u", A_}, {"ul", A_},
	{"var", A_}, {"video", A_}, {"wbr", A_ | V_}, {"xmp", R_},
	{"xref", A_}
};

/* bsearch() comparison for tables whose rows start with a name. */
int
shelf_san_name_cmp(const void *key, const void *row)
{
	return strcmp(key, *(const char *const *)row);
}

/* The element called `name` (any case), or NULL when it is not one. */
const el_info *
shelf_san_el_lookup(const char *name, size_t len)
{
	char low[16];
	size_t i;

	if (len == 0 || len >= sizeof low)
		return NULL;
	for (i = 0; i < len; i++) {
		if (!IS_ALPHA(name[i]) && !IS_DIGIT(name[i]))
			return NULL;
		low[i] = (char)LOWER(name[i]);
	}
	low[len] = '\0';
	return bsearch(low, elements, sizeof elements / sizeof elements[0],
	               sizeof elements[0], shelf_san_name_cmp);
}

/* 1 when `el` may be written. */
int
shelf_san_el_allowed(const el_info *el)
{
	return el != NULL && (el->flags & EL_ALLOW);
}

/* ---- Attributes -------------------------------------------------------- */

typedef struct attr_rule {
	const char *els;    /* elements, NULL for all */
	unsigned char kind;
	const char *names;
} attr_rule;

/* The first rule naming the element and the attribute wins. */
static const attr_rule attr_rules[] = {
	{" a xref ", AK_URL, " href "}, {" a ", AK_TEXT, " name "},
	{" a ", AK_TARGET, " target "}, {" a ", AK_REL, " rel "},
	{" img ", AK_MEDIA, " src "}, {" img ", AK_TEXT, " alt width height "},
	{" td th ", AK_TEXT, " colspan rowspan "},
	{" td th ", AK_ALIGN, " align "}, {" td th ", AK_CELLSTYLE, " style "},
	{" ol ", AK_TEXT, " start type reversed "}, {" li ", AK_TEXT, " value "},
	{" col colgroup ", AK_TEXT, " span "},
	{" code ", AK_TEXT, " name highlight-lines "},
	{" div ", AK_TEXT, " range "}, {" time ", AK_TEXT, " datetime "},
	{" q blockquote ", AK_URL, " cite "}, {" details ", AK_TEXT, " open "},
	{" video source ", AK_MEDIA, " src "},
	{" video ", AK_MEDIA, " poster "},
	{" video ", AK_TEXT, " width height controls "},
	{" source ", AK_TEXT, " type "},
	{NULL, AK_TEXT, " id class title lang dir role hidden tabindex "},
	{NULL, AK_STYLE, " style "}
};

/* HTML attribute names that are not allowed: a value-less one does not
 * make a tag read as prose (see reads_as_prose()). */
static const char html_attr_names[] =
	" accesskey action async autocomplete autofocus autoplay background"
	" bgcolor border cellpadding cellspacing charset checked color compact"
	" content contenteditable crossorigin default defer disabled download"
	" draggable dynsrc face formaction formnovalidate inert integrity is"
	" ismap itemscope loading loop lowsrc method multiple muted nomodule"
	" nonce noresize noshade novalidate nowrap part ping playsinline"
	" readonly referrerpolicy required sandbox selected size slot"
	" spellcheck srcdoc srcset translate usemap valign xmlns ";

/* aria-* and data-* with a [a-z0-9-] suffix (in any case: it is written
 * lower-cased).  data-bind and data-ng-* are not: Knockout and AngularJS,
 * which portals run, evaluate them as code.  data-blade-* and data-token
 * are not either: they are shelf's own portal-link and token attributes,
 * which a portal acts on, so an author may not forge them. */
static int
prefixed_attr_ok(const char *name, size_t n)
{
	size_t i;

	if (n <= 5 ||
	    !(shelf_san_has_prefix(name, n, "aria-") || shelf_san_has_prefix(name, n, "data-")))
		return 0;
	for (i = 5; i < n; i++)
		if (!(IS_DIGIT(name[i]) || IS_ALPHA(name[i]) || name[i] == '-'))
			return 0;
	return !shelf_san_in_list(" data-bind data-token ", name, n) &&
	       !shelf_san_has_prefix(name, n, "data-ng-") && !shelf_san_has_prefix(name, n, "data-blade-");
}

/* How attribute `name` (any case) of `el` is treated. */
enum attr_kind
shelf_san_attr_kind(const el_info *el, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof attr_rules / sizeof attr_rules[0]; i++) {
		const attr_rule *r = &attr_rules[i];
		if ((r->els == NULL ||
		     shelf_san_in_list(r->els, el->name, strlen(el->name))) &&
		    shelf_san_in_list(r->names, name, n))
			return (enum attr_kind)r->kind;
	}
	return prefixed_attr_ok(name, n) ? AK_TEXT : AK_NONE;
}

/* 1 when `name` (any case) is an HTML attribute name, allowed or not. */
int
shelf_san_attr_name_known(const char *name, size_t n)
{
	size_t i;

	if (shelf_san_in_list(html_attr_names, name, n) || shelf_san_has_prefix(name, n, "on") ||
	    shelf_san_has_prefix(name, n, "aria-") || shelf_san_has_prefix(name, n, "data-") ||
	    shelf_san_has_prefix(name, n, "xml") || shelf_san_has_prefix(name, n, "xlink:"))
		return 1;
	for (i = 0; i < sizeof attr_rules / sizeof attr_rules[0]; i++)
		if (shelf_san_in_list(attr_rules[i].names, name, n))
			return 1;
	return 0;
}

/* ---- Tags rewritten ---------------------------------------------------- */

/* Tags authors write for their look, whose content is wanted although the
 * tag is not allowed (sorted for bsearch): written as `to` with class
 * `cls` (shelf.css styles it), or unwrapped when `to` is NULL.  Showing
 * them as text would put "<nobr>" on the page. */
static const shelf_san_rewrite rewrites[] = {
	{"button", NULL, NULL},              /* a styled "button" around a link */
	{"center", "div", "shelf-center"},
	{"font", NULL, NULL},                /* color, face, size: looks only */
	{"nobr", "span", "shelf-nobr"},
};

const shelf_san_rewrite *
shelf_san_rewrite_of(const el_info *el)
{
	if (el == NULL)
		return NULL;
	return bsearch(el->name, rewrites, sizeof rewrites / sizeof rewrites[0],
	               sizeof rewrites[0], shelf_san_name_cmp);
}
