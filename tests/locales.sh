#!/bin/sh
# tests/locales.sh SHELF_BINARY
#
# Locales in `shelf build`, over tests/render/l10n/site (en-us and ko-KR,
# small articles of our own): the build is clean; EVERY link of every
# written page is followed and must reach a written file and, with a
# #fragment, an id or name in it; fallback pages (lang, notice, JSON),
# the out-of-date notice (hash, and ms.date without one), links of an
# en-us include inside a translation kept in ko-kr, a fallback article
# using the include ko-kr translated, the index marks;
# SH073 for a #fragment the served translation lacks; SH072/SH073 of a
# link an include writes, told there once; SH070 and SH071;
# and the seeds of /work/shared/seeds when present (README "Locales").
# Ends with "N passed, N failed".
set -u
suite=l10n # the locale sites' FAIL lines say l10n
. "$(dirname "$0")/lib.sh"
bin=$1
here=tests/render/l10n/site
has() { # name, file, needle
	if grep -qF -- "$3" "$2" 2>/dev/null; then ok; else bad "$1: $2 lacks: $3"; fi
}
lacks() { # name, file, needle
	if grep -qF -- "$3" "$2" 2>/dev/null; then bad "$1: $2 has: $3"; else ok; fi
}
build() { # content out -> exit status; stderr in out.err
	${SHELF_WRAP:-} "$bin" build --quiet --content "$1" --out "$2" 2>"$2.err"
}

# Follows every href of every page below $1; prints one line per broken link.
follow() {
	find "$1" -name '*.html' | sort | while read -r page; do
		dir=$(dirname "$page")
		grep -o ' href="[^"]*"' "$page" | sed 's/^ href="//; s/"$//; s/&amp;/\&/g' |
		while read -r href; do
			case $href in
			*:*|/*|'') continue ;; # another site, or site-absolute
			esac
			path=${href%%#*}
			frag=
			case $href in *'#'*) frag=${href#*#} ;; esac
			if [ -n "$path" ]; then
				target=$(realpath -m "$dir/$path")
			else
				target=$page
			fi
			if [ ! -f "$target" ]; then
				echo "$page: $href: no file $target"
			elif [ -n "$frag" ] &&
			     ! grep -qE "(id|name)=\"$frag\"" "$target"; then
				echo "$page: $href: no anchor '$frag' in $target"
			fi
		done
	done
}

build "$here" "$d/out"
rc=$?
[ $rc -eq 0 ] && ok || bad "exit status $rc, want 0"
if [ -s "$d/out.err" ]; then bad "diagnostics on a clean tree:"; sed 's/^/    /' "$d/out.err"; else ok; fi
n=$(find "$d/out" -name '*.html' | wc -l)
[ "$n" -eq 11 ] && ok || bad "$n pages, want 11 (4 articles x 2 locales, 2 indexes, top)"
follow "$d/out" >"$d/broken"
if [ -s "$d/broken" ]; then bad "broken links:"; sed 's/^/    /' "$d/broken"; else ok; fi
nlinks=$(find "$d/out" -name '*.html' -exec grep -o ' href="[^":]*"' {} + | wc -l)
[ "$nlinks" -gt 40 ] && ok || bad "only $nlinks relative links followed"

ko=$d/out/ko-kr
# a translation in sync: Korean alert title, no notice, en-us image,
# snippet and include fall back, the include's link stays in ko-kr
has translated-alert "$ko/guide/start.html" '<h5>참고</h5>'
lacks in-sync-no-notice "$ko/guide/start.html" 'shelf-l10n-notice'
has image-fallback "$ko/guide/start.html" '<img src="media/screen.png" alt="시작 화면" />'
[ -f "$ko/guide/media/screen.png" ] && ok || bad "en-us image not copied into ko-kr"
has snippet-fallback "$ko/guide/start.html" 'echo starting'
has include-translated "$ko/guide/start.html" '<a href="../guide/fix.html#restart-the-service">다시 시작하세요</a>'
has include-en-link-in-locale "$ko/guide/start.html" '<p>Only in English: the <a href="../guide/tips.html#read-the-log">log tips</a> help too.</p>'
# stale translation: hash differs
has stale-notice "$ko/guide/fix.html" 'data-stale="true"'
has stale-text "$ko/guide/fix.html" '이 번역은 최신 내용이 아닐 수 있습니다.'
has stale-source-link "$ko/guide/fix.html" '<a href="../../en-us/guide/fix.html" hreflang="en-us" lang="en-us">English</a>'
has stale-json "$ko/guide/fix.json" '"stale": true'
has stale-lang "$ko/guide/fix.html" '<html lang="ko-kr">'
# fallback article
has fallback-lang "$ko/guide/tips.html" '<html lang="en-us">'
has fallback-notice "$ko/guide/tips.html" '<div class="shelf-l10n-notice" role="note" lang="ko-kr" data-fallback-locale="en-us">'
has fallback-text "$ko/guide/tips.html" '이 문서는 아직 한국어로 제공되지 않아 영어로 표시됩니다.'
has fallback-home "$ko/guide/tips.html" 'href="../../ko-kr/index.html"'
has fallback-link "$ko/guide/tips.html" '<a href="fix.html#restart-the-service">Fix</a>'
# ...and the reverse: the fallback article uses the include ko-kr translated
has fallback-translated-include "$ko/guide/tips.html" '공유 단계: 잘 모르겠으면 <a href="../guide/fix.html#restart-the-service">'
has en-include "$d/out/en-us/guide/tips.html" 'Shared step: when in doubt'
has fallback-json "$ko/guide/tips.json" '"fallback_locale": "en-us"'
has fallback-json-serve "$ko/guide/tips.json" '"serveLocale": "ko-kr"'
has fallback-json-locale "$ko/guide/tips.json" '"locale": "en-us"'
# portal article, blade document
has portal-fallback "$ko/portal/blade-help.json" '"fallback_locale": "en-us"'
has portal-fallback-page "$ko/portal/blade-help.html" 'data-fallback-locale="en-us"'
# the index: every article, fallbacks marked; en-us pages carry no notice
has index-fallback "$ko/index.html" '<a href="guide/tips.html">Tips for the sample service</a> <span class="shelf-fallback" lang="en-us">(English)</span>'
has index-translated "$ko/index.html" '<a href="guide/start.html">샘플 서비스 시작</a>'
lacks en-no-notice "$d/out/en-us/guide/tips.html" 'shelf-l10n-notice'
has top-index "$d/out/index.html" 'href="ko-kr/index.html"'

# a #fragment is checked against the page ko-kr serves: en-us fix has
# check-the-log, the ko-kr translation does not; ms.date decides without
# a hash
cp -R "$here" "$d/t2"
printf '\n[로그](fix.md#check-the-log)\n' >>"$d/t2/ko-KR/guide/start.md"
printf '\n[gone](gone.md) [spaced](my%%20notes.md#part-two)\n' >>"$d/t2/en-us/guide/tips.md"
printf -- '---\ntitle: My notes\n---\n# My notes\n\n## Part two\n' >"$d/t2/en-us/guide/my notes.md"
sed -i '/ms.openlocfilehash/d; s|ms.date: 02/01/2026|ms.date: 03/06/2026|' "$d/t2/ko-KR/guide/fix.md"
build "$d/t2" "$d/o2"
has fragment-sh073 "$d/o2.err" "ko-KR/guide/start.md:27:10: warning: link 'fix.html#check-the-log' on ko-kr/guide/start.html: ko-kr/guide/fix.html has no anchor 'check-the-log' (its text comes from ko-KR/guide/fix.md)"
[ "$(grep -c SH073 "$d/o2.err")" -eq 1 ] && ok || bad "want exactly one SH073 (en-us has the anchor)"
has sh072 "$d/o2.err" "en-us/guide/tips.md:16:8: warning: link 'gone.html' on en-us/guide/tips.html leads to en-us/guide/gone.html, which this build does not write: fix the link or add the file [SH072]"
[ "$(grep -c SH072 "$d/o2.err")" -eq 1 ] && ok || bad "a broken link of a fallback article is told once, not once per locale (and %20 is a space)"
lacks date-not-stale "$d/o2/ko-kr/guide/fix.html" 'data-stale'

# a broken link an include writes is told in the include, at its line, as
# the include writes it, and once though two pages (en-us and ko-kr
# start) use it; the pages' own links stay told in the article
cp -R "$here" "$d/t3"
printf 'See [the old page](retired.md) and [tips](../guide/tips.md#no-such-part).\n' \
	>>"$d/t3/en-us/includes/extra-note.md"
build "$d/t3" "$d/o3"
has include-sh072 "$d/o3.err" "en-us/includes/extra-note.md:2:20: warning: link 'retired.md' of this include, on en-us/guide/start.html (and every page using it), leads to en-us/includes/retired.html, which this build does not write: fix the link or add the file [SH072]"
has include-sh073 "$d/o3.err" "en-us/includes/extra-note.md:2:43: warning: link '../guide/tips.md#no-such-part' of this include, on en-us/guide/start.html (and every page using it): en-us/guide/tips.html has no anchor 'no-such-part'"
[ "$(grep -c 'SH07[23]' "$d/o3.err")" -eq 2 ] && ok \
	|| { bad "want the include's two broken links told once each:"; grep 'SH07' "$d/o3.err" | sed 's/^/    /'; }
sed -i 's|ms.date: 03/06/2026|ms.date: 03/04/2026|' "$d/t2/ko-KR/guide/fix.md"
build "$d/t2" "$d/o2"
has date-stale "$d/o2/ko-kr/guide/fix.html" 'data-stale="true"'

# another default locale, its folder named in upper case: includes,
# images and snippets of ko-kr fall back to it
cp -R "$here" "$d/t6"
mv "$d/t6/en-us" "$d/t6/EN-GB"
printf 'default_locale: en-gb\n' >"$d/t6/shelf.yml"
build "$d/t6" "$d/o6"
[ $? -eq 0 ] && ok || bad "default_locale en-gb: exit status"
if [ -s "$d/o6.err" ]; then bad "default_locale en-gb: diagnostics:"; sed 's/^/    /' "$d/o6.err"; else ok; fi
has other-default-fallback "$d/o6/ko-kr/guide/tips.html" '<html lang="en-gb">'
has other-default-include "$d/o6/ko-kr/guide/start.html" 'Only in English: the <a href="../guide/tips.html#read-the-log">'
has other-default-snippet "$d/o6/ko-kr/guide/start.html" 'echo starting'
[ -f "$d/o6/ko-kr/guide/media/screen.png" ] && ok || bad "en-gb image not copied into ko-kr"
has other-default-stale "$d/o6/ko-kr/guide/fix.html" '<a href="../../en-gb/guide/fix.html" hreflang="en-gb" lang="en-gb">English</a>'

# shelf.yml: a default locale with no folder, locales not a list;
# two folders of one locale
cp -R "$here" "$d/t3"
printf 'default_locale: fr-fr\n' >"$d/t3/shelf.yml"
build "$d/t3" "$d/o3"
[ $? -ne 0 ] && ok || bad "default_locale without a folder: exit 0"
has sh070-default "$d/o3.err" "default_locale: locale 'fr-fr' has no folder in the content tree"
printf 'locales: ko-kr\n' >"$d/t3/shelf.yml"
build "$d/t3" "$d/o3"
has sh070-list "$d/o3.err" "locales: not a list"
printf 'locales: [ko-kr]\n' >"$d/t3/shelf.yml"
build "$d/t3" "$d/o3"
has sh070-default-listed "$d/o3.err" "the default locale 'en-us' is not listed"
printf 'locales: [en-us]\n' >"$d/t3/shelf.yml"
build "$d/t3" "$d/o4"
[ -d "$d/o4/en-us" ] && [ ! -d "$d/o4/ko-kr" ] && ok || bad "locales: [en-us] built ko-kr"
: >"$d/t3/shelf.yml"
mkdir -p "$d/t3/ko-kr"
build "$d/t3" "$d/o5"
has sh071 "$d/o5.err" "t3/ko-kr: error: locale folders 'ko-KR' and 'ko-kr' are the same locale (names are case-insensitive): move the articles of one into the other; 'ko-kr' is not built [SH071]"

# the seeds (issue 10, Done means): the ko-KR translation of an older
# version of the en-us article, and the portal article
seeds=${SHARED:-../shared}/seeds
if [ -f "$seeds/002_c2b57c279a815c5b.txt" ]; then
	s=$d/seed
	mkdir -p "$s/en-us/windows" "$s/ko-kr/windows" "$s/en-us/portal"
	cp "$seeds/000_3917b02228889d01.txt" "$s/en-us/windows/stop-error.md"
	cp "$seeds/002_c2b57c279a815c5b.txt" "$s/ko-kr/windows/stop-error.md"
	cp "$seeds/001_f6a83ba25f2e67f4.txt" "$s/en-us/portal/vm-help.md"
	build "$s" "$d/so" # the seed's includes are not there: errors expected
	p=$d/so/ko-kr/windows/stop-error.html
	has seed-stale "$p" 'data-stale="true"'
	has seed-slug-ids "$p" '<h2 id="symptom">증상</h2>'
	has seed-slug-ids2 "$p" '<h3 id="collect-the-memory-dump-file">'
	has seed-lang "$p" '<html lang="ko-kr">'
	for t in Note Tip Important Caution Warning; do
		lacks "seed-alert-$t" "$p" "<h5>$t</h5>"
	done
	has seed-portal-fallback "$d/so/ko-kr/portal/vm-help.json" '"fallback_locale": "en-us"'
	has seed-portal-notice "$d/so/ko-kr/portal/vm-help.html" 'data-fallback-locale="en-us"'
	has seed-en-alert "$d/so/ko-kr/windows/stop-error.html" 'lang="ko-kr"'
fi

finish
