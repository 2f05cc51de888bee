#!/bin/sh
# tests/kill.sh SHELF_BINARY
#
# A build killed at any moment leaves every output old-and-whole or
# new-and-whole, and the next build repairs the rest.  A generated tree
# (400 articles in en-us with includes, images and portal articles; a
# quarter translated into ko-kr, so the rest are fallback pages) is built
# once to measure how long a build takes.  Then, KILL_ROUNDS times (20;
# 8 for a build/asan/ binary, 3 under SHELF_WRAP, i.e. valgrind), `shelf
# build` starts into OUT (-j1 and -j2 in turn) in a session of its own, is
# sent SIGKILL with its workers after a pseudo-random delay within that
# duration (a fixed seed: every run kills at the same points of the build;
# every other round a --force build, the others incremental),
# and OUT is checked (one case per round):
#   - no output file is empty;
#   - every .html ends with </html>, sitemap.xml with </urlset>;
#   - every .json parses (python3, else jq; skipped with a note without);
#   - media and shelf.css are byte for byte those of the reference build;
#   - a temporary file (write_atomic in src/site/site.c: OUT/.shelf/tmp/
#     PID-SEQ) is never taken for an output: none lies outside .shelf/tmp/,
#     and no page, index or search index points at one.
# Between rounds some articles, translations and includes are edited, so
# that an old page and a new page differ.  At the end a build that is not
# killed must leave no temporary file (the kills' and one planted as a
# killed build would leave it), and OUT must equal (diff -r) a fresh
# build of the final tree, manifest included; OUT/.shelf/stat (this
# machine's stat cache) is the one file left out.
# Ends with "N passed, N failed".
set -u
suite=kill
print_ok=1 # each round's line shows how it went (killed when, files written)
. "$(dirname "$0")/lib.sh"
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
: "${SHELF_DATA:=$top}"
export SHELF_DATA
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
wrap=${SHELF_WRAP:-}

# ASan runs a build 2-5 times slower, valgrind 20-50 times: fewer rounds
# there (the plain run is the one with 20), a smaller tree under valgrind.
rounds=20
n=400
case $bin in */asan/*) rounds=8 ;; esac
[ -n "$wrap" ] && rounds=3 && n=80
rounds=${KILL_ROUNDS:-$rounds}
tree=$d/tree
out=$d/out

# --- the content tree ------------------------------------------------------
# article I REV: writes en-us/topic-(I mod 8)/aIII.md; one in ten is a portal
# article, the others Learn articles with an include, images, a note, code,
# a table and a link to the next article of their folder.
article() {
	ai=$1 arev=$2 ag=$(($1 % 8)) af=$(printf 'a%03d' "$1")
	if [ $((ai % 10)) -eq 5 ]; then
		cat >"$tree/en-us/topic-$ag/$af.md" <<EOF
<properties
  pageTitle="Agent $ai does not report (revision $arev)"
  description="Case $ai"
  selfHelpType="generic"
  supportTopicIds="$((40000000 + ai))"
  productPesIds="$((1000 + ai))"
  cloudEnvironments="public"
  articleId="kill-$ai"
  ownershipId="Shelf_Tests"
  infoBubbleText="Case $ai"
  resourceTags=""
/>

# Agent $ai does not report on <!--\$vmname-->[vmname]<!--/\$vmname-->

<!--issueDescription-->
The agent on **<!--\$vmname-->[vmname]<!--/\$vmname-->** stopped sending data (revision $arev).
<!--/issueDescription-->

## Recommended steps

1. Restart the agent.
2. Check the [health blade](data-blade:Microsoft_Azure_Health.HealthBlade).
EOF
		return
	fi
	{
		printf -- '---\ntitle: Case %d sign-in loop, revision %d\ndescription: Steps for case %d.\n' \
			"$ai" "$arev" "$ai"
		printf 'ms.date: 01/%02d/2026\nms.topic: troubleshooting\n---\n\n' $((ai % 28 + 1))
		printf '# Case %d sign-in loop, revision %d\n\n[!INCLUDE [prereq](../includes/prereq-%d.md)]\n\n' \
			"$ai" "$arev" $((ai % 4))
		printf '> [!NOTE]\n> The portal keeps **your** settings between attempts %d.\n\n' "$ai"
		for ak in 1 2 3; do
			printf '## Step group %d\n\n1. Open the **Settings** pane and select *Reset* (%d).\n\n' "$ak" "$ai"
			printf '    :::image type="content" source="media/pane-%d.png" alt-text="Settings pane %d.":::\n\n' \
				$(((ak + ai) % 4 + 1)) "$ak"
			printf '1. Run the command below, then check the `status` field.\n\n'
			printf '    ```azurecli\n    az account show --query status -o tsv\n    ```\n\n'
			printf '1. Confirm with ![the check](../media/check.png) that the value is `Enabled`.\n\n'
		done
		printf '| Setting | Value |\n|---|---|\n| retry-%d | %d |\n| revision | %d |\n\n' \
			"$ai" $((ai * 7)) "$arev"
		an=$((ai + 8))
		[ $an -lt $n ] || an=$ag
		printf '## Next steps\n\n- [Related case](a%03d.md)\n' "$an"
	} >"$tree/en-us/topic-$ag/$af.md"
}
# translated I: is article I one of the quarter translated into ko-kr?
translated() { [ $(($1 % 4)) -eq 0 ] && [ $(($1 % 10)) -ne 5 ]; }
# translation I REV: writes the ko-kr page of article I
translation() {
	ai=$1 arev=$2 ag=$(($1 % 8)) af=$(printf 'a%03d' "$1")
	{
		printf -- '---\ntitle: 사례 %d 로그인 반복, 수정 %d\ndescription: 사례 %d의 단계입니다.\n' \
			"$ai" "$arev" "$ai"
		printf 'ms.date: 01/%02d/2026\nms.topic: troubleshooting\nms.contentlocale: ko-KR\n---\n\n' \
			$((ai % 28 + 1))
		printf '# 사례 %d 로그인 반복, 수정 %d\n\n[!INCLUDE [준비](../includes/prereq-%d.md)]\n\n' \
			"$ai" "$arev" $((ai % 4))
		printf '1. **설정** 창을 엽니다.\n\n'
		printf '    :::image type="content" source="media/pane-1.png" alt-text="설정 창.":::\n\n'
		printf '1. 값이 `Enabled`인지 확인합니다.\n'
	} >"$tree/ko-kr/topic-$ag/$af.md"
}
# include K REV: writes en-us/includes/prereq-K.md (ko-kr has none: its
# pages take the en-us include)
include() {
	printf 'You need an account with the **Reader** role (%d, revision %d).\n\n> [!TIP]\n> Sign in first.\n' \
		"$1" "$2" >"$tree/en-us/includes/prereq-$1.md"
}

for g in 0 1 2 3 4 5 6 7; do
	mkdir -p "$tree/en-us/topic-$g/media" "$tree/ko-kr/topic-$g"
	for k in 1 2 3 4; do
		printf '\211PNG\r\n\032\npane %d %d' "$g" "$k" >"$tree/en-us/topic-$g/media/pane-$k.png"
	done
done
mkdir -p "$tree/en-us/includes" "$tree/en-us/media"
printf '\211PNG\r\n\032\ncheck' >"$tree/en-us/media/check.png"
printf 'base_url: https://docs.example.org/kill\n' >"$tree/shelf.yml"
for k in 0 1 2 3; do include $k 0; done
i=0
while [ $i -lt $n ]; do
	article $i 0
	translated $i && translation $i 0
	i=$((i + 1))
done

# --- helpers -----------------------------------------------------------------
# A fixed-seed linear congruential generator (dash has no $RANDOM): rnd
# sets r to the next number in 0..999.
seed=20261207
rnd() {
	seed=$(((seed * 1103515245 + 12345) % 2147483648))
	r=$((seed / 65536 % 1000))
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# build DIR JOBS: a build that is not killed; sets rc and ms (its duration)
build() {
	t0=$(now_ms)
	$wrap "$bin" build --quiet --content "$tree" --out "$1" -j "$2" >/dev/null 2>"$d/build.err"
	rc=$?
	ms=$(($(now_ms) - t0))
}

json_check=""
if command -v python3 >/dev/null 2>&1; then
	json_check=python3
	# the interpreter itself: a version manager's shim (pyenv) costs a
	# shell and a lookup on every call, here 20 times
	py=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null)
	[ -x "$py" ] || py=python3
elif command -v jq >/dev/null 2>&1; then
	json_check=jq
else
	echo "note: neither python3 nor jq: .json files are only checked for being non-empty"
fi

# check_out: every problem of $out, one a line, into $d/problems
check_out() {
	: >"$d/problems"
	[ -d "$out" ] || return 0 # killed before it made the folder
	find "$out" -type f -empty ! -path "$out/.shelf/tmp/*" ! -path "$out/.shelf/lock" \
		| sed 's|^|empty: |' >>"$d/problems"
	# the manifest, when there is one, is a whole one
	if [ -e "$out/.shelf/manifest" ] && [ "$(head -c 16 "$out/.shelf/manifest")" != "shelf-manifest 1" ]; then
		echo "not a manifest: $out/.shelf/manifest" >>"$d/problems"
	fi
	# the last non-blank line of each page must be </html>
	find "$out" -type f -name '*.html' ! -empty -exec awk '
		function verdict() { if (f != "" && last != "</html>") print "cut short: " f }
		FNR == 1 { verdict(); f = FILENAME; last = "" }
		NF { last = $0; sub(/^[ \t]+/, "", last); sub(/[ \t\r]+$/, "", last) }
		END { verdict() }' {} + >>"$d/problems"
	if [ -s "$out/sitemap.xml" ]; then
		case $(tail -c 16 "$out/sitemap.xml" | tr -d ' \n') in
		*'</urlset>') ;;
		*) echo "cut short: $out/sitemap.xml" >>"$d/problems" ;;
		esac
	fi
	case $json_check in
	python3)
		find "$out" -type f -name '*.json' ! -empty -exec "$py" -c '
import json, sys
for p in sys.argv[1:]:
    try:
        with open(p, encoding="utf-8") as f:
            json.load(f)
    except Exception as e:
        print("bad JSON: %s (%s)" % (p, e))' {} + >>"$d/problems" ;;
	jq)
		find "$out" -type f -name '*.json' ! -empty | while read -r f; do
			jq -e . "$f" >/dev/null 2>&1 || echo "bad JSON: $f"
		done >>"$d/problems" ;;
	esac
	# media and the stylesheet never change in this test: those written so
	# far, read one after the other, must be those of the reference build
	# (a file at a time only to name the one that differs)
	(cd "$out" && while read -r f; do [ -e "$f" ] && echo "$f"; done <"$d/fixed") >"$d/present"
	(cd "$d/ref" && xargs cat <"$d/present") >"$d/ref.cat"
	if ! (cd "$out" && xargs cat <"$d/present" 2>/dev/null) | cmp -s - "$d/ref.cat"; then
		while read -r f; do
			cmp -s "$d/ref/$f" "$out/$f" || echo "differs from the reference: $out/$f" >>"$d/problems"
		done <"$d/present"
	fi
	# a temporary file lies in .shelf/tmp/, where no server or reader
	# takes it for a page; and no output names one
	find "$out" -type f -name '*tmp*' ! -path "$out/.shelf/tmp/*" \
		| sed 's|^|temporary file outside .shelf/tmp: |' >>"$d/problems"
	grep -rl '\.shelf/tmp' "$out" --include='*.html' --include='*.json' --include='*.xml' 2>/dev/null \
		| sed 's|^|names a temporary file: |' >>"$d/problems"
	[ ! -s "$d/problems" ]
}

# --- the reference build ---------------------------------------------------
build "$d/ref2" 2
ms2=$ms
build "$d/ref" 1
ms1=$ms
if [ $rc -ne 0 ]; then # nothing below means anything without it
	bad "reference build: exit $rc"
	sed 's/^/    /' "$d/build.err" | head -n 10
	finish
fi
ok "reference build (-j1 ${ms1} ms, -j2 ${ms2} ms)"
# (not .shelf/: the manifest and stat cache follow the edits between
# rounds, so a round whose build finished before its kill has others; the
# manifest is compared with a fresh build's at the end)
(cd "$d/ref" && find . -path ./.shelf -prune -o -type f ! -name '*.html' ! -name '*.json' \
	! -name '*.xml' -print | sed 's|^\./||') >"$d/fixed"
[ -s "$d/fixed" ] || bad "the reference build copied no media"
pages=$(find "$d/ref" -name '*.html' | wc -l)
[ "$pages" -gt $((2 * n)) ] || bad "the reference build wrote only $pages pages (want more than $((2 * n)))"
rm -rf "$d/ref2"

# The checks themselves: a copy of the reference build with a page, a
# description, the sitemap and an image cut short or emptied, and a
# leftover temporary file (which is allowed), must give those four.
cp -R "$d/ref" "$out"
page=$(find "$out/ko-kr" -name '*.html' | sort | sed -n 3p)
desc=$(find "$out/en-us" -name '*.json' | sort | sed -n 5p)
img=$(find "$out/en-us" -name '*.png' | sort | sed -n 2p)
head -c 700 "$d/ref/${page#$out/}" >"$page"
: >"$desc"
head -c 200 "$d/ref/sitemap.xml" >"$out/sitemap.xml"
head -c 4 "$d/ref/${img#$out/}" >"$img"
mkdir -p "$out/.shelf/tmp"
head -c 100 "$page" >"$out/.shelf/tmp/12345-0"
check_out
for want in "cut short: $page" "empty: $desc" "cut short: $out/sitemap.xml" "differs from the reference: $img"; do
	what="${want%%:*}: ${want#*: $out/}"
	grep -qxF "$want" "$d/problems" && ok "the checks see $what" || bad "the checks miss $what"
done
[ "$(wc -l <"$d/problems")" -eq 4 ] && ok "the checks take nothing else for a problem" \
	|| { bad "the checks report more than the four"; sed "s|$d/||; s/^/    /" "$d/problems" | head -n 10; }
if [ -n "$json_check" ]; then
	head -c 300 "$d/ref/search-index.json" >"$out/search-index.json"
	check_out
	grep -q "^bad JSON: $out/search-index.json" "$d/problems" && ok "the checks see bad JSON" \
		|| bad "the checks miss a search-index.json cut short"
fi
rm -rf "$out"

# --- the kills ---------------------------------------------------------------
killed=0
round=1
while [ $round -le $rounds ]; do
	# edit some articles first, every other round, and an include every fifth
	if [ $((round % 2)) -eq 0 ]; then
		e=0
		while [ $e -lt 12 ]; do
			rnd
			ei=$((r * n / 1000))
			article $ei $round
			translated $ei && translation $ei $round
			e=$((e + 1))
		done
	fi
	[ $((round % 5)) -eq 0 ] && include $((round % 4)) $round
	# odd rounds rebuild every page (--force), and their kills land within
	# the measured length of a full build; even rounds are incremental
	# (the articles just edited, and the pages a killed build left dirty),
	# far shorter, so their kills land early or after the end
	jobs=$(((round / 2) % 2 + 1))
	span=$ms1
	[ $jobs -eq 2 ] && span=$ms2
	force=--force
	if [ $((round % 2)) -eq 0 ]; then
		force=""
		span=$((span / 4))
	fi
	rnd
	delay=$((span * r / 1000))
	# its own session, so that the kill reaches the workers too
	setsid $wrap "$bin" build --quiet $force --content "$tree" --out "$out" -j $jobs >/dev/null 2>&1 &
	pid=$!
	sleep "$((delay / 1000)).$(printf '%03d' $((delay % 1000)))"
	kill -9 -$pid 2>/dev/null || kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null # no "Killed" from the shell
	rc=$?
	# the workers die with it; wait until none is left running (a killed
	# worker whose parent is gone may stay a zombie: that is not running)
	w=0
	while [ $w -lt 100 ] && ps -o stat= -s $pid 2>/dev/null | grep -qv '^Z'; do
		sleep 0.02
		w=$((w + 1))
	done
	if [ $rc -eq 137 ]; then
		how="killed after ${delay} ms"
		[ -n "$force" ] && killed=$((killed + 1))
	else
		how="done before the kill at ${delay} ms (exit $rc)"
	fi
	files=$(find "$out" -type f ! -path "$out/.shelf/*" 2>/dev/null | wc -l)
	if check_out; then
		ok "round $round (-j$jobs${force:+ --force}, $how): $files files, all whole"
	else
		bad "round $round (-j$jobs${force:+ --force}, $how): $(wc -l <"$d/problems") problems"
		sed "s|$d/||; s/^/    /" "$d/problems" | head -n 10
	fi
	round=$((round + 1))
done
# Most kills of full builds must land inside them, or the rounds proved
# little; a build on a busy machine only takes longer, which moves the kills
# earlier in it.
full=$(((rounds + 1) / 2))
[ $killed -ge $(((full + 1) / 2)) ] && ok "$killed of $full kills of full builds landed inside them" \
	|| bad "only $killed of $full kills of full builds landed inside them"

# --- the repair ----------------------------------------------------------------
article 1 99
include 1 99
# The kills above leave a temporary file only when one lands between an
# open() and its rename(); one more, as a killed build leaves it (a page
# cut short, named for a process that is gone), makes the case below
# certain.
sh -c 'exit 0' &
gone=$!
wait $gone
mkdir -p "$out/.shelf/tmp"
head -c 300 "$d/ref/en-us/topic-0/a000.html" >"$out/.shelf/tmp/$gone-7"
build "$out" 2
[ $rc -eq 0 ] && ok "a complete build after the kills" \
	|| { bad "complete build after the kills: exit $rc"; sed 's/^/    /' "$d/build.err" | head -n 10; }
find "$out/.shelf/tmp" -type f >"$d/left"
[ ! -s "$d/left" ] && ok "the complete build left no temporary file" \
	|| { bad "the complete build left $(wc -l <"$d/left") temporary files of killed builds"; sed "s|$d/||; s/^/    /" "$d/left" | head -n 5; }
build "$d/fresh" 2
if diff -r -x stat "$d/fresh" "$out" >"$d/diff" 2>&1; then
	ok "the repaired output equals a fresh build"
else
	bad "the repaired output differs from a fresh build ($(grep -c '^Only in\|^diff ' "$d/diff") files)"
	sed "s|$d/||g; s/^/    /" "$d/diff" | head -n 20
fi

finish
