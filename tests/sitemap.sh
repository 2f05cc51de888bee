#!/bin/sh
# tests/sitemap.sh SHELF_BINARY
#
# `shelf build` writes sitemap.xml and search-index.json (README "Search
# and sitemap"), on a small temporary tree of two locales:
# - with base_url in shelf.yml: one absolute <loc> per index and page,
#   fallback pages included, paths percent-encoded and the URL
#   XML-escaped, in path order; --base-url wins over shelf.yml;
# - without a base_url: no sitemap.xml (a stale one is removed) and the
#   summary says why;
# - search-index.json: valid JSON (jq or python3 when present), one record
#   a line by path, with title, path, locale, headings and an excerpt that
#   is plain text (no tags, references decoded, no locale notice, no title
#   heading), cut near 200 characters;
# - the index pages: the CSP meta names the hash of the inline script, in
#   templates/index.html and in the built pages; the box is hidden without
#   scripts and the article list is there;
# - when Chromium is installed: the site served by `shelf serve --port 0`,
#   en-us/index.html?q=... shows a matching result of its locale only;
#   opened from disk (file://) the box says search needs a served site.
# Ends with "N passed, N failed".
set -u
suite=sitemap
. "$(dirname "$0")/lib.sh"
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
pid=""
cleanup_extra() { # the server of the browser check, when running
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
}
has() { # name, file, needle
	if grep -qF -- "$3" "$2" 2>/dev/null; then ok; else bad "$1: $2 lacks: $3"; fi
}
hasnt() { # name, file, needle
	if grep -qF -- "$3" "$2" 2>/dev/null; then bad "$1: $2 has: $3"; else ok; fi
}

c=$d/c
mkdir -p "$c/en-us/sub" "$c/de-de"
cat >"$c/en-us/printer.md" <<'MD'
---
title: Fix the printer & the <queue>
---
# Fix the printer & the queue

The spooler **stops** when the queue is full; restart it with `net stop spooler`.

## Clear the queue

Delete the files in the spool folder &amp; try again.
MD
cat >"$c/en-us/sub/long name.md" <<'MD'
---
title: Zebra crossing
---
# Zebra crossing

Nothing about printers here. Word word word word word word word word word word
word word word word word word word word word word word word word word word word
word word word word word word word word word word word word word word word word
word word word word word word word word word word word word word word word tail.
MD
cat >"$c/de-de/printer.md" <<'MD'
---
title: Drucker reparieren
---
# Drucker reparieren

Der Spooler hält an, wenn die Warteschlange voll ist.
MD
printf 'base_url: https://docs.example.com/a&b/\nlocales: [en-us, de-de]\n' >"$c/shelf.yml"

# --- with base_url ----------------------------------------------------------
${SHELF_WRAP:-} "$bin" build --quiet --content "$c" --out "$d/out" 2>"$d/err"
rc=$?
[ $rc -eq 0 ] && ok || { bad "exit status $rc, want 0"; sed 's/^/    /' "$d/err" | head -n 10; }
sm=$d/out/sitemap.xml
cat >"$d/want.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://docs.example.com/a&amp;b/index.html</loc></url>
  <url><loc>https://docs.example.com/a&amp;b/en-us/index.html</loc></url>
  <url><loc>https://docs.example.com/a&amp;b/de-de/index.html</loc></url>
  <url><loc>https://docs.example.com/a&amp;b/de-de/printer.html</loc></url>
  <url><loc>https://docs.example.com/a&amp;b/de-de/sub/long%20name.html</loc></url>
  <url><loc>https://docs.example.com/a&amp;b/en-us/printer.html</loc></url>
  <url><loc>https://docs.example.com/a&amp;b/en-us/sub/long%20name.html</loc></url>
</urlset>
XML
if cmp -s "$d/want.xml" "$sm"; then ok; else
	bad "sitemap.xml differs from the expected one"
	diff -u "$d/want.xml" "$sm" 2>&1 | head -n 20 | sed 's/^/    /'
fi
# well-formed enough: every line a declaration, the urlset tags or one <url>
if awk '
	NR == 1 { if ($0 != "<?xml version=\"1.0\" encoding=\"UTF-8\"?>") exit 1; next }
	/^<urlset xmlns="http:\/\/www\.sitemaps\.org\/schemas\/sitemap\/0\.9">$/ { next }
	/^<\/urlset>$/ { end = 1; next }
	/^  <url><loc>https?:\/\/[^<>"]*<\/loc><\/url>$/ { if ($0 ~ /&/ && $0 !~ /&(amp|lt|gt|quot|apos);/) exit 1; next }
	{ exit 1 }
	END { if (!end) exit 1 }' "$sm"; then ok; else bad "sitemap.xml has a line that is not one <url><loc>"; fi
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout "$sm" 2>/dev/null && ok || bad "xmllint: sitemap.xml is not well-formed"
fi

ix=$d/out/search-index.json
if command -v jq >/dev/null 2>&1; then
	n=$(jq length "$ix" 2>/dev/null)
	[ "$n" = 4 ] && ok || bad "search-index.json: jq reads ${n:-no} records, want 4"
	jq -e 'all(.[]; (.title|type)=="string" and (.path|type)=="string" and (.locale|type)=="string" and (.headings|type)=="array" and (.excerpt|type)=="string")' "$ix" >/dev/null 2>&1 &&
		ok || bad "search-index.json: a record lacks title, path, locale, headings or excerpt"
elif command -v python3 >/dev/null 2>&1; then
	python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); assert len(v)==4 and all(set(r)=={"title","path","locale","headings","excerpt"} for r in v)' "$ix" 2>/dev/null &&
		ok || bad "search-index.json: python3 does not read 4 complete records"
fi
[ "$(sed -n '1p' "$ix")" = "[" ] && [ "$(sed -n '$p' "$ix")" = "]" ] && [ "$(wc -l <"$ix")" -eq 6 ] &&
	ok || bad "search-index.json: not '[', one record a line, ']'"
has index-en "$ix" '{"title":"Fix the printer & the <queue>","path":"en-us/printer.html","locale":"en-us","headings":["Fix the printer & the queue","Clear the queue"],"excerpt":"The spooler stops when the queue is full; restart it with net stop spooler. Clear the queue Delete the files in the spool folder & try again."}'
has index-de "$ix" '{"title":"Drucker reparieren","path":"de-de/printer.html","locale":"de-de","headings":["Drucker reparieren"],"excerpt":"Der Spooler hält an, wenn die Warteschlange voll ist."}'
has index-fallback "$ix" '"path":"de-de/sub/long name.html","locale":"de-de","headings":["Zebra crossing"],"excerpt":"Nothing about printers here. Word'
has excerpt-cut "$ix" ' word word…"}'
hasnt excerpt-no-tail "$ix" 'tail.'
[ "$(sed -n 's/.*"path":"\([^"]*\)".*/\1/p' "$ix" | tr '\n' ' ')" = "de-de/printer.html de-de/sub/long name.html en-us/printer.html en-us/sub/long name.html " ] &&
	ok || bad "search-index.json: records not in path order"

# --- the index pages -------------------------------------------------------
# the policy's script hash is the inline script's, in the template and built
policy() { sed -n "s/.*Content-Security-Policy\" content=\"script-src \('sha256-[^']*'\).*/\1/p" "$1" | head -n 1; }
for f in "${SHELF_DATA:-.}/templates/index.html" "$d/out/index.html" "$d/out/en-us/index.html"; do
	want=$(sh "$here/tabs/csp-hash.sh" "$f" 2>&1) || { bad "csp-hash $f: $want"; continue; }
	got=$(policy "$f")
	[ "$got" = "$want" ] && ok ||
		bad "$f: the Content-Security-Policy names ${got:-no script hash} but the inline script hashes to $want; put $want in templates/index.html"
done
has csp-connect "$d/out/en-us/index.html" "connect-src 'self'"
has box-hidden "$d/out/en-us/index.html" '<div class="shelf-search" id="shelf-search" role="search" hidden data-index="../search-index.json" data-root="../" data-locale="en-us"'
has box-top "$d/out/index.html" 'data-index="search-index.json" data-root="" data-locale=""'
has input "$d/out/en-us/index.html" '<input type="search" id="shelf-search-q"'
has list-stays "$d/out/en-us/index.html" '<a href="printer.html">Fix the printer &amp; the &lt;queue&gt;</a>'
[ "$(head -c 15 "$d/out/en-us/index.html")" = "<!DOCTYPE html>" ] && ok || bad "en-us/index.html does not start with <!DOCTYPE html>"

# --- --base-url wins; without one, no sitemap -------------------------------
${SHELF_WRAP:-} "$bin" build --quiet --content "$c" --out "$d/out" --base-url 'http://flag.example.org' 2>/dev/null
has base-url-flag "$sm" '<loc>http://flag.example.org/en-us/printer.html</loc>'
printf 'locales: [en-us, de-de]\n' >"$c/shelf.yml"
${SHELF_WRAP:-} "$bin" build --content "$c" --out "$d/out" 2>"$d/err2"
rc=$?
[ $rc -eq 0 ] && ok || bad "without base_url: exit status $rc, want 0"
[ -e "$sm" ] && bad "without base_url: the old sitemap.xml is still there" || ok
has no-sitemap-note "$d/err2" "note: no sitemap.xml, since a sitemap needs absolute URLs: set base_url in $c/shelf.yml or pass --base-url"
[ -f "$ix" ] && ok || bad "without base_url: no search-index.json"
${SHELF_WRAP:-} "$bin" build --quiet --content "$c" --out "$d/out" 2>"$d/err3"
[ -s "$d/err3" ] && bad "--quiet still prints: $(head -n 1 "$d/err3")" || ok

# --- in the browser, served ------------------------------------------------
chrome=${CHROMIUM:-chromium}
if ! command -v "$chrome" >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
	echo "skip sitemap: chromium or curl not found, the search box did not run in a browser"
	# CI installs the browser: there, a missing one is a failure, not a skip
	# (CHROMIUM set by hand, as run.sh does for the ASan build, opts out)
	[ "${CI:-}" = true ] && [ -z "${CHROMIUM:-}" ] && { failed=$((failed + 1)); echo "FAIL no browser with CI=true"; }
	finish
fi
# from disk the fetch is refused: the box says search needs a served site
timeout -k 2 20 "$chrome" --headless --no-sandbox --disable-gpu --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$d/profile0" --virtual-time-budget=1000 \
	--dump-dom "file://$d/out/en-us/index.html?q=queue" >"$d/dom0" 2>/dev/null
has file-url-note "$d/dom0" '<p class="shelf-search-note" aria-live="polite">Search needs the site served over HTTP'
mkdir -p "$d/tmp"
: >"$d/serr"
TMPDIR=$d/tmp timeout --foreground 60 ${SHELF_WRAP:-} "$bin" serve --content "$c" --port 0 2>"$d/serr" &
pid=$!
url=""
i=0
while [ $i -lt 150 ]; do
	url=$(sed -n 's|^serving \(http://127\.0\.0\.1:[0-9][0-9]*/\)$|\1|p' "$d/serr")
	[ -n "$url" ] && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
	i=$((i + 1))
done
if [ -z "$url" ]; then
	bad "shelf serve gave no URL: $(head -n 3 "$d/serr")"
else
	# The served page holds an event stream open (live reload), so virtual
	# time would wait for ever: the server is stopped after 6 s, which ends
	# the stream, and Chromium dumps the page once the budget is spent.
	timeout -k 2 25 "$chrome" --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$d/profile" --virtual-time-budget=3000 \
		--dump-dom "${url}en-us/index.html?q=QUEUE%20spool" >"$d/dom" 2>"$d/chrome.log" &
	cpid=$!
	sleep 6
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=""
	wait "$cpid"
	# the result list, one line
	tr -d '\n' <"$d/dom" | sed -n 's|.*<ol class="shelf-search-results">\(.*\)</ol>.*|\1|p' >"$d/results"
	if grep -q 'aria-live="polite">Search needs the site served' "$d/dom" 2>/dev/null; then
		echo "skip sitemap: Chromium did not fetch search-index.json within 6 s (a loaded machine?)"
	else
	has browser-result "$d/results" '<a href="../en-us/printer.html">Fix the printer &amp; the &lt;queue&gt;</a>'
	hasnt browser-locale "$d/results" 'de-de/'
	hasnt browser-all-words "$d/results" 'Zebra'
	grep -q '<div class="shelf-search" id="shelf-search" role="search" data-index' "$d/dom" &&
		ok || bad "browser: the search box is still hidden (the script did not run: CSP?)"
	fi
fi
finish
