#!/bin/sh
# tests/l10n.sh SHELF_BINARY
#
# Translation QA (shelf l10n) golden tests:
#  - every tests/l10n/X.src.md + X.tgt.md pair is compared
#    (`shelf l10n X.src.md X.tgt.md`); standard output must equal X.out and
#    the exit status must be 1 when X.out holds an error, else 0;
#  - the tree tests/l10n/tree/content: text (tree.out) and JSON (tree.json);
#    the HTML report per locale is escaped, counts its statuses and, when
#    Chromium is there, loads in it;
#  - --list-checks names every check id a golden uses;
#  - with the shared folder: the ko-KR seed is stale with its heading and
#    include differences grouped under it, the real l10n corpus gives no
#    error but its two broken front matters, and an unchanged copy of each
#    source gives no error.
# GOLDEN_UPDATE=1 rewrites X.out, tree.out and tree.json (review them!).
# Ends with "N passed, N failed".
set -u
suite=l10n
. "$(dirname "$0")/lib.sh"
bin=$1
run() { ${SHELF_WRAP:-} "$bin" l10n "$@"; }

for src in tests/l10n/*.src.md; do
	base=${src%.src.md}
	name=$(basename "$base")
	run "$src" "$base.tgt.md" >"$d/out" 2>"$d/err"
	rc=$?
	if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
		cp "$d/out" "$base.out"
		echo "updated $base.out"
		continue
	fi
	want=0
	grep -q ': error: ' "$base.out" 2>/dev/null && want=1
	if ! cmp -s "$d/out" "$base.out"; then
		bad "$name: output differs"
		diff "$base.out" "$d/out" | head -n 20 | sed 's/^/    /'
	elif [ "$rc" -ne "$want" ]; then
		bad "$name: exit status $rc, want $want"
	else
		ok
	fi
done

# --- the tree ---------------------------------------------------------------
tree=tests/l10n/tree
for fmt in text json; do
	exp=$tree/tree.out
	[ $fmt = json ] && exp=$tree/tree.json
	run --content "$tree/content" --format $fmt >"$d/tree" 2>/dev/null
	rc=$?
	if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
		cp "$d/tree" "$exp"
		echo "updated $exp"
	elif ! cmp -s "$d/tree" "$exp"; then
		bad "tree $fmt: output differs"
		diff "$exp" "$d/tree" | head -n 20 | sed 's/^/    /'
	elif [ $rc -ne 1 ]; then
		bad "tree $fmt: exit status $rc, want 1"
	else
		ok
	fi
done
run --content "$tree/content" --target KO-kr >"$d/ko" 2>/dev/null
if grep -q 'de-de' "$d/ko" || ! grep -q 'ko-KR/guide/removed.md' "$d/ko"; then
	bad "tree --target KO-kr: not just the ko-KR folder"
else
	ok
fi

run --content "$tree/content" --format html -o "$d/html" >/dev/null 2>&1
page=$d/html/de-de.html
if [ ! -f "$page" ] || [ ! -f "$d/html/ko-kr.html" ]; then
	bad "html: no page per locale"
elif grep -q 'demo <b>' "$page" || ! grep -q 'demo &lt;b&gt;' "$page"; then
	bad "html: text not escaped"
elif ! grep -q '<tr class="translated"><td>translated</td><td>1</td>' "$page" ||
     ! grep -q '<tr class="orphan"><td>orphan</td><td>1</td>' "$d/html/ko-kr.html" ||
     ! grep -q '<tr class="stale"><td>stale</td><td>2</td>' "$d/html/ko-kr.html"; then
	bad "html: status counts"
elif ! grep -q '<mark>' "$page"; then
	bad "html: no highlighted difference"
else
	ok
fi
chrome=${CHROMIUM:-chromium}
if command -v "$chrome" >/dev/null 2>&1; then
	timeout 60 "$chrome" --headless --no-sandbox --disable-gpu --dump-dom \
		"file://$page" >"$d/dom" 2>/dev/null
	if grep -q 'Translation report: de-de' "$d/dom" &&
	   grep -q 'code-blocks' "$d/dom" && ! grep -q '<script' "$d/dom"; then
		ok
	else
		bad "html: Chromium did not render the de-de report"
	fi
fi

# --- every check is explained ---------------------------------------------
run --list-checks >"$d/checks" 2>/dev/null
missing=""
for id in $(cat tests/l10n/*.out "$tree/tree.out" | sed -n 's/.*: \[\([a-z-]*\)\] .*/\1/p' | sort -u); do
	grep -q "^$id " "$d/checks" || missing="$missing $id"
done
if [ -n "$missing" ]; then bad "--list-checks lacks:$missing"; else ok; fi

# --- the shared seeds and corpus --------------------------------------------
shared=${SHARED:-../shared}
seed_en=$(ls "$shared"/seeds/000_*.txt 2>/dev/null | head -n 1)
seed_ko=$(ls "$shared"/seeds/002_*.txt 2>/dev/null | head -n 1)
if [ -n "$seed_en" ] && [ -n "$seed_ko" ]; then
	run "$seed_en" "$seed_ko" >"$d/seed" 2>/dev/null
	rc=$?
	if [ $rc -eq 0 ] && grep -q ': warning: \[stale\] ' "$d/seed" &&
	   grep -q ': info: \[headings\] stale: ' "$d/seed" &&
	   [ "$(grep -c ': info: \[includes\] stale: ' "$d/seed")" -eq 2 ] &&
	   ! grep -q ': error: ' "$d/seed"; then
		ok
	else
		bad "seed: ko-KR not reported stale with grouped headings and includes"
		sed 's/^/    /' "$d/seed" | head -n 20
	fi
fi
corpus=$shared/corpus/l10n
if [ -d "$corpus/en-us" ]; then
	run --content "$corpus" >"$d/corpus" 2>/dev/null
	# the only errors: two history versions whose front matter is broken
	errors=$(grep ': error: ' "$d/corpus" | grep -v '_history/\(fece17a0\|d9671dd2\)[0-9a-f]*/.*\[frontmatter\]')
	if [ -n "$errors" ]; then
		bad "corpus: unexpected errors"
		printf '%s\n' "$errors" | head -n 10 | sed 's/^/    /'
	elif ! grep -q 'zh-cn/.*: \[literals\] .0xC000021A. is written .0xc000021a.' "$d/corpus" ||
	     ! grep -q "ko-kr/.*: \[placeholders\] '##%' is damaged, written '# #%'" "$d/corpus" ||
	     ! grep -q "ko-kr/.*boot-error.*: \[whitespace\] .*'cng .sys'" "$d/corpus"; then
		bad "corpus: known defects not reported"
	else
		ok
	fi
	n=0
	for f in $(find "$corpus/en-us" -name '*.md' | sort); do
		run "$f" "$f" >"$d/same" 2>/dev/null || { bad "unchanged copy of $f: exit $?"; n=1; }
		grep -q ': error: ' "$d/same" && { bad "unchanged copy of $f has errors"; n=1; }
	done
	[ $n -eq 0 ] && ok
fi

# A symbolic link in a locale folder is not followed, and is an io finding.
mkdir -p "$d/lt/en-us" "$d/lt/ko-kr" && printf '# A\n' >"$d/lt/en-us/a.md" &&
	printf '# <a name="a"></a>A\n' >"$d/lt/ko-kr/a.md" && ln -s /etc "$d/lt/ko-kr/elsewhere"
${SHELF_WRAP:-} "$bin" l10n --content "$d/lt" >"$d/lt.out" 2>/dev/null
rc=$?
if [ $rc -eq 3 ] && grep -q 'elsewhere:1: error: \[io\] symbolic link' "$d/lt.out"; then ok; else bad "symbolic link: exit $rc, $(head -c 200 "$d/lt.out")"; fi

finish
