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
bin=$1
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL l10n $1"; }
run() { ${SHELF_WRAP:-} "$bin" l10n "$@"; }

for src in tests/l10n/*.src.md; do
	base=${src%.src.md}
	name=$(basename "$base")
	run "$src" "$base.tgt.md" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
		cp "$tmp/out" "$base.out"
		echo "updated $base.out"
		continue
	fi
	want=0
	grep -q ': error: ' "$base.out" 2>/dev/null && want=1
	if ! cmp -s "$tmp/out" "$base.out"; then
		fail "$name: output differs"
		diff "$base.out" "$tmp/out" | head -n 20 | sed 's/^/    /'
	elif [ "$rc" -ne "$want" ]; then
		fail "$name: exit status $rc, want $want"
	else
		ok
	fi
done

# --- the tree ---------------------------------------------------------------
tree=tests/l10n/tree
for fmt in text json; do
	exp=$tree/tree.out
	[ $fmt = json ] && exp=$tree/tree.json
	run --content "$tree/content" --format $fmt >"$tmp/tree" 2>/dev/null
	rc=$?
	if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
		cp "$tmp/tree" "$exp"
		echo "updated $exp"
	elif ! cmp -s "$tmp/tree" "$exp"; then
		fail "tree $fmt: output differs"
		diff "$exp" "$tmp/tree" | head -n 20 | sed 's/^/    /'
	elif [ $rc -ne 1 ]; then
		fail "tree $fmt: exit status $rc, want 1"
	else
		ok
	fi
done
run --content "$tree/content" --target KO-kr >"$tmp/ko" 2>/dev/null
if grep -q 'de-de' "$tmp/ko" || ! grep -q 'ko-KR/guide/removed.md' "$tmp/ko"; then
	fail "tree --target KO-kr: not just the ko-KR folder"
else
	ok
fi

run --content "$tree/content" --format html -o "$tmp/html" >/dev/null 2>&1
page=$tmp/html/de-de.html
if [ ! -f "$page" ] || [ ! -f "$tmp/html/ko-kr.html" ]; then
	fail "html: no page per locale"
elif grep -q 'demo <b>' "$page" || ! grep -q 'demo &lt;b&gt;' "$page"; then
	fail "html: text not escaped"
elif ! grep -q '<tr class="translated"><td>translated</td><td>1</td>' "$page" ||
     ! grep -q '<tr class="orphan"><td>orphan</td><td>1</td>' "$tmp/html/ko-kr.html" ||
     ! grep -q '<tr class="stale"><td>stale</td><td>2</td>' "$tmp/html/ko-kr.html"; then
	fail "html: status counts"
elif ! grep -q '<mark>' "$page"; then
	fail "html: no highlighted difference"
else
	ok
fi
chrome=${CHROMIUM:-chromium}
if command -v "$chrome" >/dev/null 2>&1; then
	timeout 60 "$chrome" --headless --no-sandbox --disable-gpu --dump-dom \
		"file://$page" >"$tmp/dom" 2>/dev/null
	if grep -q 'Translation report: de-de' "$tmp/dom" &&
	   grep -q 'code-blocks' "$tmp/dom" && ! grep -q '<script' "$tmp/dom"; then
		ok
	else
		fail "html: Chromium did not render the de-de report"
	fi
fi

# --- every check is explained ---------------------------------------------
run --list-checks >"$tmp/checks" 2>/dev/null
missing=""
for id in $(cat tests/l10n/*.out "$tree/tree.out" | sed -n 's/.*: \[\([a-z-]*\)\] .*/\1/p' | sort -u); do
	grep -q "^$id " "$tmp/checks" || missing="$missing $id"
done
if [ -n "$missing" ]; then fail "--list-checks lacks:$missing"; else ok; fi

# --- the shared seeds and corpus --------------------------------------------
shared=${SHARED:-../shared}
seed_en=$(ls "$shared"/seeds/000_*.txt 2>/dev/null | head -n 1)
seed_ko=$(ls "$shared"/seeds/002_*.txt 2>/dev/null | head -n 1)
if [ -n "$seed_en" ] && [ -n "$seed_ko" ]; then
	run "$seed_en" "$seed_ko" >"$tmp/seed" 2>/dev/null
	rc=$?
	if [ $rc -eq 0 ] && grep -q ': warning: \[stale\] ' "$tmp/seed" &&
	   grep -q ': info: \[headings\] stale: ' "$tmp/seed" &&
	   [ "$(grep -c ': info: \[includes\] stale: ' "$tmp/seed")" -eq 2 ] &&
	   ! grep -q ': error: ' "$tmp/seed"; then
		ok
	else
		fail "seed: ko-KR not reported stale with grouped headings and includes"
		sed 's/^/    /' "$tmp/seed" | head -n 20
	fi
fi
corpus=$shared/corpus/l10n
if [ -d "$corpus/en-us" ]; then
	run --content "$corpus" >"$tmp/corpus" 2>/dev/null
	# the only errors: two history versions whose front matter is broken
	bad=$(grep ': error: ' "$tmp/corpus" | grep -v '_history/\(fece17a0\|d9671dd2\)[0-9a-f]*/.*\[frontmatter\]')
	if [ -n "$bad" ]; then
		fail "corpus: unexpected errors"
		printf '%s\n' "$bad" | head -n 10 | sed 's/^/    /'
	elif ! grep -q 'zh-cn/.*: \[literals\] .0xC000021A. is written .0xc000021a.' "$tmp/corpus" ||
	     ! grep -q "ko-kr/.*: \[placeholders\] '##%' is damaged, written '# #%'" "$tmp/corpus" ||
	     ! grep -q "ko-kr/.*boot-error.*: \[whitespace\] .*'cng .sys'" "$tmp/corpus"; then
		fail "corpus: known defects not reported"
	else
		ok
	fi
	n=0
	for f in $(find "$corpus/en-us" -name '*.md' | sort); do
		run "$f" "$f" >"$tmp/same" 2>/dev/null || { fail "unchanged copy of $f: exit $?"; n=1; }
		grep -q ': error: ' "$tmp/same" && { fail "unchanged copy of $f has errors"; n=1; }
	done
	[ $n -eq 0 ] && ok
fi

# A symbolic link in a locale folder is not followed, and is an io finding.
mkdir -p "$tmp/lt/en-us" "$tmp/lt/ko-kr" && printf '# A\n' >"$tmp/lt/en-us/a.md" &&
	printf '# <a name="a"></a>A\n' >"$tmp/lt/ko-kr/a.md" && ln -s /etc "$tmp/lt/ko-kr/elsewhere"
${SHELF_WRAP:-} "$bin" l10n --content "$tmp/lt" >"$tmp/lt.out" 2>/dev/null
rc=$?
if [ $rc -eq 3 ] && grep -q 'elsewhere:1: error: \[io\] symbolic link' "$tmp/lt.out"; then ok; else fail "symbolic link: exit $rc, $(head -c 200 "$tmp/lt.out")"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
