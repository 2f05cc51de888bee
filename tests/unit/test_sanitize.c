/* test_sanitize.c - the raw-HTML sanitizer: allow-lists, XSS vectors,
 * placeholders, limits and diagnostics. */
#include "harness.h"
#include "sanitize.h"

#include <stdlib.h>
#include <string.h>

static shelf_buf out_buf = SHELF_BUF_INIT;
static shelf_diags diags = SHELF_DIAGS_INIT;

/* Sanitizes snippet `in` (n bytes) at t.md:1:1; the result stays valid
 * until the next call, its diagnostics are in `diags`. */
static const char *
snipn(const char *in, size_t n)
{
	shelf_buf_free(&out_buf);
	shelf_buf_init(&out_buf, 0);
	shelf_diags_free(&diags);
	INT_EQ(shelf_sanitize_snippet(&out_buf, in, n, &diags, "t.md", 1, 1), 0,
	       "snippet returns 0 for [%s]", in);
	return shelf_buf_cstr(&out_buf);
}

static const char *
snip(const char *in)
{
	return snipn(in, strlen(in));
}

static const char *const allowed_tags[] = {
	"a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col",
	"colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em",
	"figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
	"img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp",
	"section", "small", "span", "strong", "sub", "summary", "sup", "table",
	"tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
	"nav", "xref", "source", "video", "iframe"
};

static int
tag_allowed(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof allowed_tags / sizeof allowed_tags[0]; i++)
		if (strlen(allowed_tags[i]) == n && memcmp(allowed_tags[i], name, n) == 0)
			return 1;
	return 0;
}

/* The output oracle: every '<' opens an allowed tag, and no attribute is
 * an event handler or carries a script URL.  Text never holds a raw '<',
 * so this scan sees exactly the tags a browser sees. */
static int
is_safe(const char *s)
{
	const char *p = s;

	while ((p = strchr(p, '<')) != NULL) {
		const char *gt = strchr(p, '>'), *q;
		size_t n;
		p += p[1] == '/' ? 2 : 1;
		for (n = 0; (p[n] >= 'a' && p[n] <= 'z') || (p[n] >= '1' && p[n] <= '6');
		     n++)
			;
		if (n == 0 || gt == NULL || !tag_allowed(p, n))
			return 0;
		for (q = p; q < gt; q++) {
			if (q[0] == '"') {             /* skip quoted values */
				const char *e = strchr(q + 1, '"');
				if (e == NULL || e > gt)
					return 0;
				if (strncmp(q + 1, "javascript:", 11) == 0 ||
				    strncmp(q + 1, "data:", 5) == 0 ||
				    strncmp(q + 1, "vbscript", 8) == 0)
					return 0;
				q = e;
			} else if (q[0] == ' ' && q[1] == 'o' && q[2] == 'n') {
				return 0;
			}
		}
		p = gt + 1;
	}
	return 1;
}

/* Runs each tag name t of `tags` through the snippet stage as the input
 * `in` (a format taking t twice) and checks the result `want` (likewise)
 * and the number of warnings. */
static void
each_tag(const char *const *tags, size_t n, const char *in, const char *want,
         size_t warnings)
{
	char i_buf[64], w_buf[64];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(i_buf, sizeof i_buf, in, tags[i], tags[i]);
		snprintf(w_buf, sizeof w_buf, want, tags[i], tags[i]);
		STR_EQ(snip(i_buf), w_buf, "tag <%s>", tags[i]);
		INT_EQ(diags.n, warnings, "warnings for <%s>", tags[i]);
		if (diags.n)
			INT_EQ(diags.v[0].code, SHELF_W_RAW_HTML, "code for <%s>", tags[i]);
	}
}

static void
test_allowed_elements(void)
{
	/* iframe, last, is the renderer's only; video, before it, gets controls */
	each_tag(allowed_tags, sizeof allowed_tags / sizeof allowed_tags[0] - 2,
	         "<%s>x</%s>", "<%s>x</%s>", 0);
	STR_EQ(snip("<video>x</video>"), "<video controls=\"\">x</video>", "video");
	STR_EQ(snip("<DIV CLASS=\"Note\">"), "<div class=\"Note\">", "lower-cased");
	STR_EQ(snip("<br>line<br/>"), "<br>line<br>", "void br");
	STR_EQ(snip("<xref href=\"System.String\"/>"),
	       "<xref href=\"System.String\"></xref>", "self-closed xref");
	STR_EQ(snip("<div/>"), "<div></div>", "self-closed div");
	STR_EQ(snip("a<wbr>b<WBR/>c"), "a<wbr>b<wbr>c", "void wbr");
}

/* Tags authors write for their look: rewritten or unwrapped, never text. */
static void
test_rewritten_elements(void)
{
	STR_EQ(snip("<nobr>a b</NOBR>"), "<span class=\"shelf-nobr\">a b</span>", "nobr");
	INT_EQ(diags.n, 0, "nobr: no warning");
	STR_EQ(snip("<center>x</center>"), "<div class=\"shelf-center\">x</div>", "center");
	STR_EQ(snip("<center/>"), "<div class=\"shelf-center\"></div>", "self-closed center");
	STR_EQ(snip("<font color=\"red\" face=Arial>x</font>"), "x", "font unwrapped");
	INT_EQ(diags.n, 1, "font: its attributes named");
	STR_EQ(diags.v[0].message, "raw HTML attributes removed: color, face", "font message");
	STR_EQ(snip("<button type=\"button\" onclick=\"go()\"><a href=\"https://x.test/\">"
	            "Go</a></button>"), "<a href=\"https://x.test/\">Go</a>",
	       "button unwrapped, its link kept");
	STR_EQ(snip("<nobr class=\"x\" onmouseover=\"alert(1)\">"),
	       "<span class=\"shelf-nobr\">", "nobr keeps none of the author's attributes");
	STR_EQ(snip("<Font Some words about fonts>"), "&lt;Font Some words about fonts&gt;",
	       "prose in angle brackets stays text");
	STR_EQ(snip("<video src=\"https://v.test/a.mp4\" autoplay>"),
	       "<video src=\"https://v.test/a.mp4\" controls=\"\">", "video gets controls");
}

static const char *const forbidden_tags[] = {
	"script", "style", "iframe", "object", "embed", "form", "input",
	"base", "meta", "link", "frame", "frameset", "svg", "math",
	"template", "textarea", "select", "title", "noscript", "applet",
	"marquee", "label", "option", "xmp", "plaintext"
};

static void
test_forbidden_elements(void)
{
	each_tag(forbidden_tags, sizeof forbidden_tags / sizeof forbidden_tags[0],
	         "<%s>", "&lt;%s&gt;", 1);
	STR_EQ(snip("<script>alert(1)</script>"),
	       "&lt;script&gt;alert(1)&lt;/script&gt;", "script shown");
	STR_EQ(snip("<script>var a = \"<b>x</b>\";</script>after"),
	       "&lt;script&gt;var a = &quot;&lt;b&gt;x&lt;/b&gt;&quot;;"
	       "&lt;/script&gt;after", "script content is text");
	STR_EQ(snip("<style>p{color:red}</style><p>"),
	       "&lt;style&gt;p{color:red}&lt;/style&gt;<p>", "style content");
	STR_EQ(snip("<textarea><b>hi</b></TEXTAREA >x"),
	       "&lt;textarea&gt;&lt;b&gt;hi&lt;/b&gt;&lt;/TEXTAREA &gt;x",
	       "textarea content");
	STR_EQ(snip("<plaintext><b>rest</b>"),
	       "&lt;plaintext&gt;&lt;b&gt;rest&lt;/b&gt;", "plaintext to the end");
	snip("<form action=x>\n<input name=q>\n</form>");
	INT_EQ(diags.n, 2, "start tags warn, end tags do not");
}

static void
test_placeholders(void)
{
	STR_EQ(snip("<storage-account-name>"), "&lt;storage-account-name&gt;",
	       "placeholder kept as text");
	INT_EQ(diags.n, 0, "placeholders do not warn");
	STR_EQ(snip("<vmname>"), "&lt;vmname&gt;", "vmname");
	STR_EQ(snip("</container-name>"), "&lt;/container-name&gt;", "end tag");
	STR_EQ(snip("<LETTER OF WINDOWS FOLDER>"), "&lt;LETTER OF WINDOWS FOLDER&gt;",
	       "multi-word placeholder");
	STR_EQ(snip("<Sub GUID that was used to create the Event Hub>"),
	       "&lt;Sub GUID that was used to create the Event Hub&gt;",
	       "known tag reading as prose");
	INT_EQ(diags.n, 0, "prose does not warn");
	STR_EQ(snip("<TIME ZONE>"), "&lt;TIME ZONE&gt;", "<TIME ZONE>");
	STR_EQ(snip("<title of the doc>"), "&lt;title of the doc&gt;", "prose title");
	INT_EQ(diags.n, 0, "prose title does not warn");
	STR_EQ(snip("<BINARY WITH \".SYS\" EXTENSION>"),
	       "&lt;BINARY WITH &quot;.SYS&quot; EXTENSION&gt;", "quoted placeholder");
	STR_EQ(snip("<x onclick=alert(1)>"), "&lt;x onclick=alert(1)&gt;",
	       "unknown tag with a handler is text");
}

static void
test_text_and_comments(void)
{
	STR_EQ(snip("a & b < c > d \"q\""),
	       "a &amp; b &lt; c &gt; d &quot;q&quot;", "bare specials escaped");
	STR_EQ(snip("&amp; &nbsp; &#160; &#x41; &copy;"),
	       "&amp; &nbsp; &#160; &#x41; &copy;", "references kept");
	STR_EQ(snip("&unknown &#; &#xZ;"), "&amp;unknown &amp;#; &amp;#xZ;",
	       "broken references escaped");
	STR_EQ(snip("a<!-- hidden -->b"), "ab", "comment dropped");
	STR_EQ(snip("a<!-->b<!--->c"), "abc", "abrupt comments");
	STR_EQ(snip("a<!-- x --!>b"), "ab", "--!> closes");
	STR_EQ(snip("a<!-- never closed <script>"), "a", "unclosed comment");
	STR_EQ(snip("<!DOCTYPE html>x<?php echo 1 ?>y<![CDATA[z]]>"), "xy",
	       "declarations dropped");
	STR_EQ(snip("</ 3>x"), "x", "bogus end tag");
	STR_EQ(snip("</>x<"), "&lt;/&gt;x&lt;", "lone </> and <");
	STR_EQ(snip("a < b <3 <:"), "a &lt; b &lt;3 &lt;:", "not tags");
	STR_EQ(snip("<a href=\"x"), "&lt;a href=&quot;x", "input ends in tag");
	STR_EQ(snipn("a\0b", 3), "a\xEF\xBF\xBD" "b", "NUL replaced");
	STR_EQ(snip("<div>\n**not bold** [x](y) & `c`\n</div>"),
	       "<div>\n**not bold** [x](y) &amp; `c`\n</div>", "div with markdown");
	STR_EQ(snip("<span>"), "<span>", "lone start tag");
	STR_EQ(snip("</span>"), "</span>", "lone end tag");
	STR_EQ(snip("</span class=x>"), "</span>", "end tag attributes");
}

static void
test_attributes(void)
{
	STR_EQ(snip("<a href='https://x.test/?a=1&b=2' title=T>"),
	       "<a href=\"https://x.test/?a=1&amp;b=2\" title=\"T\">", "quoting");
	STR_EQ(snip("<img src=\"a.png\" alt='say \"hi\" &amp; <go>'>"),
	       "<img src=\"a.png\" alt=\"say &quot;hi&quot; &amp; &lt;go&gt;\">",
	       "values re-escaped");
	STR_EQ(snip("<a title=\"&copy; &colon; &hearts;\">"),
	       "<a title=\"\xC2\xA9 : \xE2\x99\xA5\">",
	       "every HTML5 name decodes, as in text");
	STR_EQ(snip("<a title=\"&nosuchname; &amp\">"),
	       "<a title=\"&amp;nosuchname; &amp;amp\">", "unknown names stay literal");
	STR_EQ(snip("<a title=\"&#128;&#x41&#0;&#x110000;\" TITLE=y>"),
	       "<a title=\"\xE2\x82\xAC" "A\xEF\xBF\xBD\xEF\xBF\xBD\">",
	       "numeric references decoded as HTML5 does");
	STR_EQ(snip("<a href=\"https://ok.test\" HREF=\"javascript:x\">"),
	       "<a href=\"https://ok.test\">", "first duplicate wins");
	INT_EQ(diags.n, 0, "duplicates do not warn");
	STR_EQ(snip("<a name=\"cause\" id=x class=\"c\" lang=en dir=ltr role=note>"),
	       "<a name=\"cause\" id=\"x\" class=\"c\" lang=\"en\" dir=\"ltr\" "
	       "role=\"note\">", "globals");
	STR_EQ(snip("<span data-foo=1 data-Bar-2=2 aria-label=L hidden tabindex=0>"),
	       "<span data-foo=\"1\" data-bar-2=\"2\" aria-label=\"L\" hidden=\"\" "
	       "tabindex=\"0\">", "data-, aria-, boolean");
	STR_EQ(snip("<span data-a_b=1 data-bind=\"html: x\" data-ng-click=y data-=1>"),
	       "<span>", "bad data- names and framework hooks dropped");
	STR_EQ(snip("<ol start=3 type=a reversed><li value=2>"),
	       "<ol start=\"3\" type=\"a\" reversed=\"\"><li value=\"2\">", "lists");
	STR_EQ(snip("<code name=\"x\" highlight-lines=\"1-2\">"),
	       "<code name=\"x\" highlight-lines=\"1-2\">", "code attrs");
	STR_EQ(snip("<td colspan=2 rowspan=1 align=CENTER style=\"text-align:right\">"),
	       "<td colspan=\"2\" rowspan=\"1\" align=\"center\" "
	       "style=\"text-align:right\">", "cells");
	STR_EQ(snip("<td style=\"color:red\" align=middle>"), "<td>",
	       "cell style is text-align only");
	STR_EQ(snip("<time datetime=\"2020-01-01\"><q cite=\"https://c.test\">"),
	       "<time datetime=\"2020-01-01\"><q cite=\"https://c.test\">", "cite");
	STR_EQ(snip("<div range=\"1-3\" align=left>"), "<div range=\"1-3\">",
	       "div range");
	STR_EQ(snip("<a href=x target=_BLANK rel=opener>"),
	       "<a href=\"x\" target=\"_blank\" rel=\"noopener noreferrer\">",
	       "_blank gets noopener");
	STR_EQ(snip("<a href=x target=_self rel=nofollow>"),
	       "<a href=\"x\" target=\"_self\" rel=\"nofollow\">", "_self");
	STR_EQ(snip("<a target=_top>"), "<a>", "other targets dropped");
	STR_EQ(snip("<video src=\"https://v.test/a.mp4\" controls poster=\"http://p\">"),
	       "<video src=\"https://v.test/a.mp4\" controls=\"\" poster=\"http://p\">",
	       "video: media URLs (http, https, relative)");
	STR_EQ(snip("<source src=\"a.mp4\" type=\"video/mp4\">"),
	       "<source src=\"a.mp4\" type=\"video/mp4\">", "source src relative");
	STR_EQ(snip("<video poster=\"mailto:a@b.test\" src=\"ms-settings:x\">"),
	       "<video controls=\"\">", "video: no link schemes");
}

static void
test_urls(void)
{
	static const char *const good[] = {
		"https://learn.test/a", "http://x.test", "mailto:a@b.test",
		"mailTo:a@b.test", "tel:+1-555", "#cause", "~/articles/x.md",
		"relative/path.md", "?q=1", "//cdn.test/x", "{$domain}/#blade/X",
		"data-blade:Microsoft_Azure_Compute.VmBlade.id.$resourceId",
		"button-data-blade:HubsExtension.Blade", "datablade:X.Y",
		"button-data-context:X.Y", "data-blade-uri:{$domain}",
		"<!--$Link1-->Link1<!--/$Link1-->"
	};
	char in[160];
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		snprintf(in, sizeof in, "<a href='%s'>", good[i]);
		OK(strstr(snip(in), "href=") != NULL, "kept: %s", good[i]);
		INT_EQ(diags.n, 0, "no warning: %s", good[i]);
	}
	STR_EQ(snip("<a href=\"C:\\temp\">"), "<a>", "drive letter is a scheme");
	STR_EQ(snip("<a href=\"troubleshoot-a-very-long-article-name.md\">"),
	       "<a href=\"troubleshoot-a-very-long-article-name.md\">",
	       "long relative URL");
	STR_EQ(snip("<a href=\"a-very-long-made-up-scheme-name-x:y\">"), "<a>",
	       "long unknown scheme");
	STR_EQ(snip("<img src=\"file:///etc/passwd\">"), "<img>", "file:");
	STR_EQ(snip("<a href=\"ftp://x\">"), "<a>", "ftp:");
}

/* Each vector must come out safe; `gone` must not appear in the output. */
static const struct {
	const char *in, *gone;
} vectors[] = {
	{"<a href=\"javascript:alert(1)\">x</a>", "javascript"},
	{"<a href=\"JaVaScRiPt:alert(1)\">", "alert"},
	{"<a href=\" JAVASCRIPT:alert(1)\">", "alert"},
	{"<a href=\"java\tscript:alert(1)\">", "alert"},
	{"<a href=\"java\nscript:alert(1)\">", "alert"},
	{"<a href=\"jav&#x61;script:alert(1)\">", "alert"},
	{"<a href=\"jav&#97;script:alert(1)\">", "alert"},
	{"<a href=\"&#106;avascript:alert(1)\">", "alert"},
	{"<a href=\"&#0000106&#0000097vascript:alert(1)\">", "alert"},
	{"<a href=\"&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;"
	 "alert(1)\">", "alert"},
	{"<a href=\"java&Tab;script:alert(1)\">", "alert"},
	{"<a href=\"java&NewLine;script:alert(1)\">", "alert"},
	{"<a href=\"javascript&colon;alert&lpar;1&rpar;\">", "alert"},
	{"<a href=\"java&#x09;script:alert(1)\">", "alert"},
	{"<a href=\"&#14;javascript:alert(1)\">", "alert"},
	{"<a href=\"\x01javascript:alert(1)\">", "alert"},
	{"<a href=\"javascript&#58;alert(1)\">", "alert"},
	{"<a href=\"vbscript:msgbox(1)\">", "msgbox"},
	{"<a href=\"data:text/html;base64,PHNjcmlwdD4=\">", "base64"},
	{"<a href=\"  data:text/html,<script>alert(1)</script>\">", "alert"},
	{"<IMG SRC=JaVaScRiPt:alert('XSS')>", "alert"},
	{"<img src=x onerror=alert(1)>", "onerror"},
	{"<img src=x ONERROR=alert(1)>", "alert"},
	{"<img src=x onerror = \"alert(1)\" >", "alert"},
	{"<div onmouseover\n=\n'alert(1)'>", "alert"},
	{"<a ONCLICK=alert(1) href=#>", "alert"},
	{"<b/onclick=alert(1)>", "alert"},
	{"<img src=x onerror=alert(1)//>", "alert"},
	{"<img/src=x/onerror=alert(1)>", " onerror"},
	{"<IMG SRC=# onmouseover=\"alert('xxs')\">", "onmouseover="},
	{"<img src=x:alert(alt) onerror=eval(src) alt=0>", "eval"},
	{"<details open ontoggle=alert(1)>", "ontoggle"},
	{"<time ontouchstart=alert(1) tabindex=1>", "alert"},
	{"<a href=https://ok.test/ onfocus=alert(1) autofocus>", "alert"},
	{"<svg onload=alert(1)>", "<svg"},
	{"<svg/onload=alert(1)>", "<svg"},
	{"<svg><script>alert(1)</script></svg>", "<script"},
	{"<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>", "<mi"},
	{"<math><maction actiontype=statusline xlink:href=javascript:alert(1)>",
	 "<math"},
	{"<iframe srcdoc=\"<script>alert(1)</script>\">", "<script"},
	{"<iframe src=\"javascript:alert(1)\"></iframe>", "<iframe"},
	{"<a title=\"</script><script>alert(1)</script>\">", "<script"},
	{"<a title='x\"><script>alert(1)</script>'>", "<script"},
	{"<<SCRIPT>alert(\"XSS\");//<</SCRIPT>", "<SCRIPT"},
	{"<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\">", "<SCRIPT"},
	{"<SCRIPT SRC=//xss.test/.j>", "<SCRIPT"},
	{"<BODY ONLOAD=alert('XSS')>", "<BODY"},
	{"<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">", "<INPUT"},
	{"<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">", "<LINK"},
	{"<STYLE>@import'http://xss.test/x.css';</STYLE>", "<STYLE"},
	{"<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert(1);\">",
	 "<META"},
	{"<TABLE BACKGROUND=\"javascript:alert('XSS')\">", "BACKGROUND"},
	{"<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">", "url("},
	{"<DIV STYLE=\"width: expression(alert('XSS'));\">", "expression"},
	{"<div style=\"color:red;x:expression(alert(1))\">", "expression"},
	{"<span style=\"color:\\72 ed\">", "\\72"},
	{"<span style=\"color:red/*x*/\">", "/*"},
	{"<span style=\"-moz-binding:url(x.xml#xss)\">", "binding"},
	{"<a href=x style=\"behavior:url(x.htc)\">", "behavior"},
	{"<span style=\"position:fixed;top:0\">", "fixed"},
	{"<span style=\"color:red !important\">", "important"},
	{"<span style=\"border-image:url(x) 30\">", "url"},
	{"<span style=\"background:u&#114;l(x)\">", "(x)"},
	{"<BASE HREF=\"javascript:alert('XSS');//\">", "<BASE"},
	{"<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"https://x.test\">", "<OBJECT"},
	{"<EMBED SRC=\"data:image/svg+xml;base64,PHN2Zz4=\">", "<EMBED"},
	{"<form action=\"javascript:alert(1)\"><button>x</button></form>",
	 "<form"},
	{"<isindex type=image src=1 onerror=alert(1)>", "<isindex"},
	{"<marquee onstart=alert(1)>", "<marquee"},
	{"<video><source onerror=\"alert(1)\">", "onerror="},
	{"<video src=x onerror=alert(1)>", "onerror="},
	{"<img src=\"https://ok.test\" srcset=\"javascript:alert(1)\">", "srcset"},
	{"<a href=\"javascript:alert(1)\" target=\"_blank\">", "javascript"},
	{"<iframe src=http://xss.test/x.html <", "<iframe"},
	{"<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
	 "<noscript"},
	{"<template><img src=x onerror=alert(1)></template>", "<template"}
};

static void
test_xss_vectors(void)
{
	size_t i;

	for (i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
		const char *o = snip(vectors[i].in);
		OK(is_safe(o), "safe snippet: %s -> %s", vectors[i].in, o);
		OK(strstr(o, vectors[i].gone) == NULL,
		   "'%s' gone or shown as text: %s -> %s", vectors[i].gone,
		   vectors[i].in, o);
	}
	STR_EQ(snip("<a href=\"javascript:alert(1)\">x</a>"), "<a>x</a>",
	       "javascript: href dropped");
	INT_EQ(diags.n, 1, "one warning");
	STR_EQ(snip("<span style=\"background-color:#1E90FF;color:white;"
	            "width:330px; height:40px;font-size:1.2em;margin:0 auto;"
	            "border-left:1px solid rgb(1,2,3)\">"),
	       "<span style=\"background-color:#1E90FF;color:white;width:330px; "
	       "height:40px;font-size:1.2em;margin:0 auto;border-left:1px solid "
	       "rgb(1,2,3)\">", "harmless style kept");
	STR_EQ(snip("<span style=\"width:calc(100% - (2px))\">"),
	       "<span style=\"width:calc(100% - (2px))\">", "calc kept");
}

static void
test_diagnostics(void)
{
	shelf_buf b = SHELF_BUF_INIT;
	shelf_diags d = SHELF_DIAGS_INIT;
	const char *in = "text\n  <img src=x onerror=a() ONCLICK=b>\n"
	                 "<a onerror=1 style=\"x:url(y)\">\n<script>";

	INT_EQ(shelf_sanitize_snippet(&b, in, strlen(in), &d, "f.md", 5, 3), 0,
	       "rc");
	INT_EQ(d.n, 2, "script warning plus one attribute warning");
	if (d.n == 2) {
		INT_EQ(d.v[0].line, 8, "script line");
		INT_EQ(d.v[0].col, 1, "script col");
		OK(strstr(d.v[0].message, "<script>") != NULL, "names the element: %s",
		   d.v[0].message);
		INT_EQ(d.v[1].line, 6, "attribute warning at the first such tag");
		INT_EQ(d.v[1].col, 3, "col");
		STR_EQ(d.v[1].message,
		       "raw HTML attributes removed: onerror, onclick, style",
		       "one warning names them all, once");
		STR_EQ(d.v[1].file, "f.md", "file");
		INT_EQ(d.v[1].severity, SHELF_WARNING, "severity");
	}
	shelf_buf_free(&b);
	shelf_diags_free(&d);
	snip("<a \x1b[31m=1 on\x01x=2>");
	OK(diags.n == 1 && strchr(diags.v[0].message, '\x1b') == NULL &&
	   strchr(diags.v[0].message, '\x01') == NULL, "names made printable");
	INT_EQ(shelf_sanitize_snippet(&b, "<b onclick=x>", 13, NULL, NULL, 0, 0),
	       0, "no diagnostics list");
	STR_EQ(shelf_buf_cstr(&b), "<b>", "still sanitized");
	shelf_buf_free(&b);
}

static void
test_limits(void)
{
	shelf_buf in = SHELF_BUF_INIT, b;
	int i;

	shelf_buf_puts(&in, "<span");
	for (i = 0; i < SHELF_SANITIZE_MAX_ATTRS; i++)
		shelf_buf_printf(&in, " data-a%d=%d", i, i);
	shelf_buf_puts(&in, ">");
	OK(strncmp(snip(in.ptr), "<span data-a0=\"0\"", 17) == 0,
	   "exactly the limit is kept");
	shelf_buf_truncate(&in, in.len - 1);
	shelf_buf_puts(&in, " onclick=x>");
	OK(strncmp(snip(in.ptr), "&lt;span data-a0=0", 18) == 0,
	   "over the attribute limit: text");
	INT_EQ(diags.n, 1, "limit warns");
	shelf_buf_clear(&in);
	shelf_buf_puts(&in, "<a title=\"");
	for (i = 0; i < 70000; i++)
		shelf_buf_putc(&in, 'x');
	shelf_buf_puts(&in, "\">");
	OK(strncmp(snip(in.ptr), "&lt;a title=", 12) == 0, "long tag: text");
	INT_EQ(diags.n, 1, "long tag warns");

	shelf_buf_init(&b, 16);
	INT_EQ(shelf_sanitize_snippet(&b, "more than sixteen bytes", 23, NULL,
	                              NULL, 1, 1), -1, "snippet output maximum");
	shelf_buf_free(&b);
	shelf_buf_free(&in);
}

static void
test_corpus_snippets(void)
{
	const char *s = snip("<a href=\"data-blade:X.Y\"><button type=\"button\" "
	                     "style=\"color:white\"><b>Recover</button></a>");

	STR_EQ(s, "<a href=\"data-blade:X.Y\"><b>Recover</a>",
	       "corpus button unwrapped by the snippet stage");
	s = snip("<ul><li>You can view <a href='https://portal.azure.com/#blade/"
	         "Microsoft_AAD_IAM/SignInEventsV3Blade/{key}/{value}/'>Sign-in "
	         "Logs</a></li><li> <a href='https://docs.test/x'>FAQ</a></li></ul>");
	STR_EQ(s, "<ul><li>You can view <a href=\"https://portal.azure.com/#blade/"
	       "Microsoft_AAD_IAM/SignInEventsV3Blade/{key}/{value}/\">Sign-in "
	       "Logs</a></li><li> <a href=\"https://docs.test/x\">FAQ</a></li></ul>",
	       "corpus list");
}

int
main(void)
{
	RUN(test_allowed_elements);
	RUN(test_forbidden_elements);
	RUN(test_rewritten_elements);
	RUN(test_placeholders);
	RUN(test_text_and_comments);
	RUN(test_attributes);
	RUN(test_urls);
	RUN(test_xss_vectors);
	RUN(test_diagnostics);
	RUN(test_limits);
	RUN(test_corpus_snippets);
	shelf_buf_free(&out_buf);
	shelf_diags_free(&diags);
	return harness_done();
}
