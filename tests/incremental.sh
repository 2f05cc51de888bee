#!/bin/sh
# tests/incremental.sh SHELF_BINARY
#
# Incremental builds (OUT/.shelf/manifest) and sharded builds.  After each
# change to a content tree, a build into the same output folder renders
# exactly the pages whose inputs changed (counted from its summary line)
# and leaves byte for byte what a --force build of the tree into a fresh
# folder writes (diff -r; OUT/.shelf/stat, this machine's stat cache, is
# the one file left out).  Changes: none, an article, an include used by
# two pages, a snippet, a missing image added, a translation added for a
# fallback page, the default-locale source of a translation, an article
# deleted, shelf.yml, a template, a damaged manifest; and a build started
# while another holds the output's lock waits for it.  Then the tree is
# built as 4 shards in separate processes, merged, and compared with one
# build; and merge refuses a missing, doubled or foreign shard.
# Ends with "N passed, N failed".
set -u
suite=incremental
. "$(dirname "$0")/lib.sh"
bin=$1

t=$d/tree
mkdir -p "$t/en-us/guide/includes" "$t/en-us/guide/media" "$t/en-us/guide/code" "$t/ko-kr/guide"
cp -R content/. "$t/"
cp -R templates locales "$d/"          # a data folder of its own, to edit
cat >"$t/en-us/guide/includes/shared-step.md" <<'EOF'
Restart the agent service, then wait two minutes.
EOF
for n in 1 2 3; do
	cat >"$t/en-us/guide/page-$n.md" <<EOF
---
title: Guide page $n
---
# Guide page $n

## Steps

1. Open the console.

   [!INCLUDE [step](includes/shared-step.md)]

See [the next page](page-$(( n % 3 + 1 )).md#steps).
EOF
done
# page-1 and page-2 use the include; page-3 does not
sed -i '/INCLUDE/d' "$t/en-us/guide/page-3.md"
cat >"$t/en-us/guide/code/sample.sh" <<'EOF'
echo checking
EOF
cat >"$t/en-us/guide/snippet.md" <<'EOF'
---
title: Snippet page
---
# Snippet page

[!code-bash[sample](code/sample.sh)]

![Screen](media/later.png)
EOF
cat >"$t/ko-kr/guide/page-3.md" <<'EOF'
---
title: 가이드 3
---
# 가이드 3

## Steps

콘솔을 엽니다.
EOF

# build NAME [ARGS...]: incremental build into $d/inc; stderr in $d/NAME.err
build() {
	name=$1
	shift
	${SHELF_WRAP:-} "$bin" build --data "$d" --content "$t" --out "$d/inc" "$@" 2>"$d/$name.err"
	echo $? >"$d/$name.rc"
}
# rendered NAME: the count of pages the build rendered
rendered() { sed -n 's/.*(\([0-9]*\) rendered, .*/\1/p' "$d/$1.err" | tail -n 1; }
# every NAME: NAME rendered every page the output holds
every() { [ "$(rendered "$1")" = "$(find "$d/inc" -name '*.html' ! -name index.html | wc -l | tr -d ' ')" ]; }
# fresh LABEL: a --force build into a new folder equals $d/inc
fresh() {
	rm -rf "$d/full"
	${SHELF_WRAP:-} "$bin" build --quiet --force --data "$d" --content "$t" --out "$d/full" \
		-j1 2>/dev/null
	if diff -r -x stat "$d/full" "$d/inc" >"$d/diff" 2>&1; then ok; else
		bad "$1: the incremental output differs from a full build"
		head -n 20 "$d/diff" | sed 's/^/    /'
	fi
}
# step LABEL WANT NAME: NAME rendered WANT pages and equals a full build
step() {
	got=$(rendered "$3")
	[ "$got" = "$2" ] && ok || { bad "$1: rendered '$got' pages, want $2"; sed 's/^/    /' "$d/$3.err" | tail -n 5; }
	fresh "$1"
}

build b0 -j2
all=$(rendered b0)
[ -n "$all" ] && [ "$all" -gt 10 ] && ok || bad "first build rendered '$all' pages"
[ -s "$d/inc/.shelf/manifest" ] && ok || bad "no .shelf/manifest after a build"
fresh "first build"

build b1 -j2
step "no change" 0 b1
# the same diagnostics, in the same order, as the build that made the pages
grep -v '^shelf: ' "$d/b0.err" >"$d/b0.diags"
grep -v '^shelf: ' "$d/b1.err" >"$d/b1.diags"
[ -s "$d/b0.diags" ] && cmp -s "$d/b0.diags" "$d/b1.diags" && ok \
	|| { bad "a no-change build prints other diagnostics"; diff "$d/b0.diags" "$d/b1.diags" | head -n 10 | sed 's/^/    /'; }
[ "$(cat "$d/b0.rc")" = "$(cat "$d/b1.rc")" ] && ok || bad "a no-change build exits otherwise"
cp "$d/inc/.shelf/manifest" "$d/m1"
build b1b -j1
cmp -s "$d/m1" "$d/inc/.shelf/manifest" && ok || bad "a no-change build rewrote the manifest differently"

# outputs deleted by hand are made again, not trusted to the manifest
rm "$d/inc/en-us/guide/page-1.html" "$d/inc/index.html"
build b1c
step "a page and the top index deleted by hand" 1 b1c

echo "One more line." >>"$t/en-us/guide/page-3.md"
build b2
# page-3 and its ko-kr translation's out-of-date notice depends on it
step "an article edited" 2 b2

echo "Check the log too." >>"$t/en-us/guide/includes/shared-step.md"
build b3 -j2
# page-1, page-2, and their ko-kr fallback pages
step "an include used by two pages" 4 b3
grep -q "Check the log too" "$d/inc/en-us/guide/page-1.html" && ok || bad "page-1 lacks the include's new text"

# a second build into the same folder waits for the one that holds its
# lock: the holder (flock(1)) edits page-3 once the build says it waits,
# then lets go; the build then renders the edit and exits 0
if command -v flock >/dev/null 2>&1; then
	flock "$d/inc/.shelf/lock" sh -c '
		touch "$1.held"; i=0
		while ! grep -q "waiting for another build" "$1" 2>/dev/null &&
		      [ ! -e "$1.stop" ] && [ $i -lt 1200 ]; do
			sleep 0.1; i=$((i + 1))
		done
		[ -e "$1.stop" ] || echo "Edited while locked." >>"$2"' sh "$d/b3w.err" \
		"$t/en-us/guide/page-3.md" &
	holder=$!
	i=0
	while [ ! -e "$d/b3w.err.held" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
	build b3w
	touch "$d/b3w.err.stop" # a build that did not wait: the holder stops too
	wait $holder
	grep -q "waiting for another build or merge into $d/inc/ to end" "$d/b3w.err" && ok \
		|| bad "a build into a locked folder did not say it waits"
	[ "$(cat "$d/b3w.rc")" = 0 ] && grep -q "Edited while locked" "$d/inc/en-us/guide/page-3.html" \
		&& ok || { bad "a build into a locked folder did not wait for the lock"; tail -n 3 "$d/b3w.err"; }
	step "a build that waited for the lock" 2 b3w
else
	echo "note: no flock(1): the lock-wait case is skipped"
fi

echo "echo done" >>"$t/en-us/guide/code/sample.sh"
build b4
step "a snippet" 2 b4

grep -q 'later.png' "$d/inc/en-us/guide/snippet.html" && grep -q 'SH112' "$d/b4.err" && ok \
	|| bad "the missing image is not reported"
printf 'PNG' >"$t/en-us/guide/media/later.png"
build b5
step "a missing image added" 2 b5
grep -q 'SH112' "$d/b5.err" && bad "SH112 still reported after the image was added" || ok

cat >"$t/ko-kr/guide/page-1.md" <<'EOF'
---
title: 가이드 1
---
# 가이드 1

## Steps

콘솔을 엽니다.
EOF
build b6 -j2
step "a translation added for a fallback page" 1 b6
grep -q '가이드 1' "$d/inc/ko-kr/guide/page-1.html" && ok || bad "ko-kr page-1 is still the fallback"

rm "$t/en-us/guide/page-2.md"
build b7
# page-2 gone (en-us and ko-kr fallback); page-1 links page-2: its link
# check reports, but the page itself is unchanged
[ ! -e "$d/inc/en-us/guide/page-2.html" ] && [ ! -e "$d/inc/en-us/guide/page-2.json" ] && \
	[ ! -e "$d/inc/ko-kr/guide/page-2.html" ] && ok || bad "the pages of a deleted article remain"
grep -q 'removed the output of' "$d/b7.err" && ok || bad "the summary does not say what was removed"
step "an article deleted" 0 b7
grep -q 'SH072' "$d/b7.err" && ok || bad "the link to the deleted page is not reported"

printf '\nbase_url: https://docs.example.com/help\n' >>"$t/shelf.yml"
build b8 -j2
every b8 && ok || bad "shelf.yml changed but only $(rendered b8) pages rendered"
fresh "shelf.yml"

echo "<!-- edited -->" >>"$d/templates/page.html"
build b9
every b9 && ok || bad "a template changed but only $(rendered b9) pages rendered"
fresh "a template"

rm "$t/en-us/guide/snippet.md"
build b10 --force
every b10 && ok || bad "--force rendered only $(rendered b10) pages"
[ ! -e "$d/inc/en-us/guide/snippet.html" ] && ok || bad "--force kept the page of a deleted article"
fresh "--force"

printf 'garbage' >"$d/inc/.shelf/manifest"
build b11
grep -q 'SH086' "$d/b11.err" && every b11 && ok \
	|| bad "a damaged manifest: no SH086 or not every page rendered"
fresh "a damaged manifest"

# ---- shards -----------------------------------------------------------
for k in 1 2 3 4; do
	${SHELF_WRAP:-} "$bin" build --quiet --data "$d" --content "$t" --out "$d/shard-$k" \
		--shard "$k/4" -j1 2>/dev/null &
done
wait
sum=0
for k in 1 2 3 4; do
	c=$(find "$d/shard-$k" -name '*.html' | wc -l)
	[ "$c" -gt 0 ] && ok || bad "shard $k/4 has no page: the hash does not spread"
	sum=$((sum + c))
	[ ! -e "$d/shard-$k/index.html" ] && ok || bad "shard $k/4 wrote an index"
done
full=$(find "$d/full" -name '*.html' ! -name index.html | wc -l)
[ "$sum" = "$full" ] && ok || bad "the shards hold $sum pages, one build $full"
${SHELF_WRAP:-} "$bin" merge --data "$d" --content "$t" "$d/merged" "$d/shard-3" "$d/shard-1" "$d/shard-4" \
	"$d/shard-2" 2>"$d/merge.err"
[ $? -le 1 ] && ok || bad "merge failed: $(cat "$d/merge.err")"
if diff -r -x stat "$d/full" "$d/merged" >"$d/diff" 2>&1; then ok; else
	bad "4 shards merged differ from one build"; head -n 20 "$d/diff" | sed 's/^/    /'
fi
grep -q 'SH072' "$d/merge.err" && ok || bad "merge did not run the link check"
grep -q 'page-1.md:[0-9]*:[0-9]*: warning: .*SH072' "$d/merge.err" && ok \
	|| bad "merge told a broken link without its line: $(grep SH072 "$d/merge.err" | head -n 1)"
# without the tree (a merge machine that has only the shards): the same
# warning, without its line, and the same pages
abs_bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
(cd "$d" && ${SHELF_WRAP:-} "$abs_bin" merge --data "$d" "$d/merged-nt" "$d/shard-1" "$d/shard-2" \
	"$d/shard-3" "$d/shard-4" 2>"$d/merge-nt.err")
[ $? -le 1 ] && grep -q 'page-1.md: warning: .*SH072' "$d/merge-nt.err" && ok \
	|| bad "a merge without the tree: $(head -n 3 "$d/merge-nt.err")"
diff -r -x stat -x .shelf "$d/full" "$d/merged-nt" >/dev/null 2>&1 && ok \
	|| bad "a merge without the tree wrote other pages"

# a shard built on another machine: the tree checked out in another folder
mkdir -p "$d/machine-b/checkout" && cp -R "$t" "$d/machine-b/checkout/tree"
${SHELF_WRAP:-} "$bin" build --quiet --data "$d" --content "$d/machine-b/checkout/tree" \
	--out "$d/shard-b2" --shard 2/4 -j1 2>/dev/null
${SHELF_WRAP:-} "$bin" merge --data "$d" --content "$t" "$d/merged-b" "$d/shard-1" "$d/shard-b2" "$d/shard-3" \
	"$d/shard-4" 2>/dev/null
if diff -r -x stat "$d/full" "$d/merged-b" >"$d/diff" 2>&1; then ok; else
	bad "a shard built from another folder differs (a build machine's path in the output?)"
	head -n 20 "$d/diff" | sed 's/^/    /'
fi
grep -rlF -e "$t" -e "$d" "$d/full" --exclude=stat --exclude=lock >"$d/abs" 2>/dev/null
[ ! -s "$d/abs" ] && ok || bad "the build machine's folders are in $(head -n 3 "$d/abs")"
rm -rf "$d/machine-b"

"$bin" merge --data "$d" "$d/m2" "$d/shard-1" "$d/shard-2" "$d/shard-3" 2>"$d/e1"
[ $? -eq 1 ] && grep -q 'SH087' "$d/e1" && ok || bad "merge took 3 of 4 shards"
"$bin" merge --data "$d" "$d/m2" "$d/shard-1" "$d/shard-1" "$d/shard-3" "$d/shard-4" 2>"$d/e2"
[ $? -eq 1 ] && grep -q 'given twice' "$d/e2" && ok || bad "merge took a shard twice"
"$bin" merge --data "$d" "$d/m2" "$d/inc" 2>"$d/e3"
[ $? -eq 1 ] && grep -q 'not a shard' "$d/e3" && ok || bad "merge took a whole build as a shard"
"$bin" build --quiet --data "$d" --content "$t" --out "$d/other-2" --shard 2/4 --cloud fairfax 2>/dev/null
"$bin" merge --data "$d" "$d/m2" "$d/shard-1" "$d/other-2" "$d/shard-3" "$d/shard-4" 2>"$d/e4"
[ $? -eq 1 ] && grep -q 'other settings' "$d/e4" && ok || bad "merge took a shard of other settings"
for s in 0/4 5/4 1/0 x 2 1/4x; do
	"$bin" build --content "$t" --out "$d/nope" --shard "$s" 2>"$d/e5"
	[ $? -eq 2 ] && grep -q -- '--shard needs' "$d/e5" && ok || bad "--shard $s is not a usage error"
done

# a locale that shelf.yml stops building: its pages and index go
printf 'locales: [en-us]\n' >>"$t/shelf.yml"
build b12
[ ! -e "$d/inc/ko-kr/guide/page-3.html" ] && [ ! -e "$d/inc/ko-kr/guide/page-1.json" ] && ok \
	|| bad "pages of a locale shelf.yml no longer builds remain"
fresh "a locale no longer built"

# merged into the folder that held the ko-kr pages: they and their index go
for k in 1 2 3 4; do
	${SHELF_WRAP:-} "$bin" build --quiet --data "$d" --content "$t" --out "$d/shard-$k" \
		--shard "$k/4" -j1 2>/dev/null
done
[ -e "$d/merged/ko-kr/index.html" ] && ok || bad "the first merge wrote no ko-kr index"
${SHELF_WRAP:-} "$bin" merge --data "$d" --content "$t" "$d/merged" "$d/shard-1" "$d/shard-2" "$d/shard-3" \
	"$d/shard-4" 2>"$d/merge2.err"
[ $? -le 1 ] && ok || bad "merge after a locale was dropped failed: $(cat "$d/merge2.err")"
if diff -r -x stat "$d/full" "$d/merged" >"$d/diff" 2>&1; then ok; else
	bad "a merge into a folder of a dropped locale differs from one build"
	head -n 20 "$d/diff" | sed 's/^/    /'
fi

finish
