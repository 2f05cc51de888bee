#!/bin/sh
# tests/build.sh SHELF_BINARY
#
# `shelf build` over tests/render/paths/site: a diagnostic inside an
# include shared by two pages is printed once (build.err, exact); the
# base_url of the tree's shelf.yml makes site-absolute links absolute and
# --base-url wins over it; a bad --base-url is a usage error (exit 2); an
# image whose file exists reaches the page and is copied beside it; check's
# JSON names the include sites of a diagnostic inside an include; links to
# the indexes, shelf.css and search-index.json are good on a first build; a
# notebook of several MiB gives its cell.
# Ends with "N passed, N failed".
set -u
suite=build
. "$(dirname "$0")/lib.sh"
bin=$1
here=tests/render/paths/site
has() { # name, file, needle
	if grep -qF -- "$3" "$2" 2>/dev/null; then ok; else bad "$1: $2 lacks: $3"; fi
}

${SHELF_WRAP:-} "$bin" build --quiet --content "$here" --out "$d/out" 2>"$d/err"
rc=$?
[ $rc -eq 0 ] && ok || bad "exit status $rc, want 0"
if cmp -s "$d/err" "$here/build.err"; then ok; else
	bad "diagnostics differ from $here/build.err"
	diff -u "$here/build.err" "$d/err" | head -n 20 | sed 's/^/    /'
fi
has base-url-from-config "$d/out/en-us/first.html" 'href="https://docs.example.org/cli/azure/install-azure-cli"'
has image-reaches-page "$d/out/en-us/first.html" '<img src="media/ok.png" alt="the logo" />'
[ -f "$d/out/en-us/media/ok.png" ] && ok || bad "media/ok.png not copied"
has missing-marked "$d/out/en-us/second.html" '<span class="shelf-missing" data-src="media/shared.png">Shared diagram</span>'

${SHELF_WRAP:-} "$bin" build --quiet --content "$here" --out "$d/out2" \
	--base-url https://flag.example.com/x/ 2>/dev/null
has base-url-flag-wins "$d/out2/en-us/first.html" 'href="https://flag.example.com/x/cli/azure/install-azure-cli"'

${SHELF_WRAP:-} "$bin" build --quiet --content "$here" --out "$d/out3" \
	--base-url 'javascript:alert(1)' 2>"$d/err3"
rc=$?
[ $rc -eq 2 ] && ok || bad "bad --base-url: exit status $rc, want 2"
has bad-base-url-message "$d/err3" "--base-url 'javascript:alert(1)' is not usable"

${SHELF_WRAP:-} "$bin" check --format json tests/render/paths/en-us/include-context.md \
	>"$d/check.json" 2>/dev/null
has check-json-included-from "$d/check.json" \
	'"included_from":["tests/render/paths/en-us/includes/outer.md:3","tests/render/paths/en-us/include-context.md:12"]'
# A symbolic link in the tree is not followed, and check says so (exit 1).
mkdir -p "$d/lt/en-us" && printf '# A\n' >"$d/lt/en-us/a.md" && ln -s /etc "$d/lt/en-us/elsewhere"
${SHELF_WRAP:-} "$bin" check --content "$d/lt" >/dev/null 2>"$d/lt.err"
rc=$?
[ $rc -eq 1 ] && ok || bad "check over a symbolic link: exit status $rc, want 1"
has check-link-named "$d/lt.err" "elsewhere: error: symbolic link in the content tree is not followed"

# Links to the files a build writes besides pages (the indexes,
# shelf.css, search-index.json) are good on a first build as on a rebuild,
# with -j1 and -j2; a link to a page that is not there is told on both.
mkdir -p "$d/sf/en-us"
printf '# Home links\n\n[top](../index.html) [list](index.html) [style](../shelf.css) [find](../search-index.json) [gone](gone.md)\n' \
	>"$d/sf/en-us/a.md"
for j in 1 2; do
	for run in first again; do
		${SHELF_WRAP:-} "$bin" build -j$j --content "$d/sf" --out "$d/sf-out-$j" 2>"$d/sf.err"
		n=$(grep -c 'SH072' "$d/sf.err")
		[ "$n" -eq 1 ] && grep -q "link 'gone.html' on en-us/a.html" "$d/sf.err" && ok \
			|| { bad "-j$j $run build: want only the link to gone.md told (SH072), got $n:"; grep SH072 "$d/sf.err" | sed 's/^/    /'; }
	done
done

# A notebook of several MiB (a cell's output kept as a base64 plot) still
# gives its cell's source: notebooks have a limit of their own (32 MiB),
# above the 1 MiB of a code snippet.
mkdir -p "$d/nb/en-us"
{
	printf '{"cells": [{"cell_type": "code", "metadata": {"name": "plot"}, '
	printf '"source": ["draw(queue_depth)\\n"], "outputs": [{"data": {"image/png": "'
	head -c 3000000 /dev/zero | tr '\0' 'A'
	printf '"}}]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n'
} >"$d/nb/en-us/report.ipynb"
printf '# Report\n\n[!notebook-python[plot](report.ipynb?name=plot)]\n' >"$d/nb/en-us/a.md"
${SHELF_WRAP:-} "$bin" build --quiet --content "$d/nb" --out "$d/nb-out" 2>"$d/nb.err"
rc=$?
[ $rc -eq 0 ] && ! grep -q 'SH' "$d/nb.err" && ok || { bad "a 3 MB notebook: exit $rc"; head -n 3 "$d/nb.err" | sed 's/^/    /'; }
has notebook-cell "$d/nb-out/en-us/a.html" '<pre><code class="lang-python" name="plot">draw(queue_depth)'

# No template syntax reaches a reader: every page and index of the sample
# content tree (en-us and ko-kr, so fallback pages too) is free of {{ and }}.
${SHELF_WRAP:-} "$bin" build --quiet --content content --out "$d/sample" 2>/dev/null
for f in $(find "$d/sample" -name '*.html' | sort); do
	if grep -q '{{\|}}' "$f"; then bad "template text in ${f#$d/}: $(grep -o '.\{0,30\}[{}][{}].\{0,30\}' "$f" | head -n 1)"; else ok; fi
done
finish
