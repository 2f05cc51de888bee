#!/bin/sh
# tests/xss/xss.sh SHELF_BINARY
#
# XSS suite: every vector in tests/xss/vectors/*.txt (see vectors/README)
# becomes an article, rendered by SHELF_BINARY twice:
#  - --format fragment, wrapped into a minimal page: hook, <div
#    id="xss-content">FRAGMENT</div>, a sentinel <p> after it;
#  - --format page, with the hook put right after its <!DOCTYPE>.
# The hook (hook.js) records every alert/confirm/prompt/print/open/fetch/
# XMLHttpRequest.open/document.cookie call, and flags markup that would run
# script on a click or a hover (it then fires those handlers too).
# One batch page per format holds every vector page in its own <iframe>;
# headless Chromium loads it and dumps the DOM, where batch.js wrote one
# verdict per vector.  If a batch page breaks (hangs, crashes, or something
# runs in it), its vectors are loaded again in chunks, and the vectors of a
# broken chunk one by one, to name the culprit.
#
#
# Time bound: every browser call runs under `timeout`, and the whole suite
# has XSS_BUDGET seconds (default 120): a vector still without a verdict
# when the budget is spent fails with "no verdict".  The articles are
# rendered in one process by SHELF_BATCH (default: tests/cli_batch beside
# SHELF_BINARY, when it exists; see tests/cli_batch.c).
#
# Prints one line per failing vector and format, ends with
# "N passed, N failed" (one count per vector per format).  Without chromium
# it says so and ends with "0 passed, 0 failed", or, with CI=true, counts
# that as one failure.  It never installs anything.
# CHROMIUM=path overrides the browser; XSS_KEEP=1 keeps the temporary folder.
set -u
bin=${1:-build/shelf}
here=$(cd "$(dirname "$0")" && pwd)
chrome=${CHROMIUM:-chromium}
budget=${XSS_BUDGET:-120}
start=$(date +%s)
ncpu=$(nproc 2>/dev/null || echo 2)

if ! command -v "$chrome" >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then
		echo "FAIL xss: chromium not found (CI=true); .ci/run installs it: make deps EXTRA_PKGS=chromium"
		echo "0 passed, 1 failed"
		exit 1
	fi
	echo "xss: chromium not found; install it with: apt-get install chromium"
	echo "0 passed, 0 failed"
	exit 0
fi
if [ ! -x "$bin" ]; then
	echo "FAIL xss: $bin is not an executable"
	echo "0 passed, 1 failed"
	exit 1
fi
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d)
if [ "${XSS_KEEP:-0}" = 1 ]; then echo "xss: keeping $tmp" >&2; else trap 'rm -rf "$tmp"' EXIT; fi
# Render with a copy, so a rebuild during the run cannot change the binary
# under us; the copy finds templates/ through SHELF_DATA.
if [ -z "${SHELF_DATA:-}" ]; then
	for d in "$(dirname "$bin")/.." "$here/../.."; do
		[ -d "$d/templates" ] && { SHELF_DATA=$(cd "$d" && pwd); break; }
	done
	export SHELF_DATA
fi
cp "$bin" "$tmp/shelf" && bin=$tmp/shelf
batch=${SHELF_BATCH-$(dirname "${1:-build/shelf}")/tests/cli_batch}
if [ -n "$batch" ] && [ -x "$batch" ]; then
	cp "$batch" "$tmp/cli_batch" && batch=$tmp/cli_batch
else
	batch=""
fi
tab=$(printf '\t')

# --- 1. vectors -> articles --------------------------------------------
files=""
for f in "$here"/vectors/*.txt; do
	if [ "$(basename "$f")" = token.txt ] && ! "$bin" render --help 2>&1 | grep -q -- '--var'; then
		echo "SKIP xss: vectors/token.txt (shelf render has no --var yet)"
		continue
	fi
	files="$files $f"
done
# Writes $tmp/N.md (and $tmp/N.var for token values); prints the manifest
# "N<TAB>mode<TAB>file:line<TAB>vector as written".
# shellcheck disable=SC2086
awk -v dir="$tmp" '
function article(mode, t, n) {
	if (mode == "block")
		return "# Vector " n "\n\nBefore.\n\n" t "\n\nAfter.\n"
	if (mode == "inline")
		return "# Vector " n "\n\nBefore " t " after.\n"
	if (mode == "url")
		return "# Vector " n "\n\n[link](" t ") and ![image](" t ") and [reference][r" n \
		    "] and ![reference image][r" n "] and <" t ">.\n\n[r" n "]: " t "\n"
	if (mode == "heading")
		return "# " t "\n\nBody.\n\n## " t "\n\nMore.\n"
	if (mode == "frontmatter")
		return "---\ntitle: " t "\ndescription: " t "\nms.custom: " t "\n---\n\n# Heading\n\nBody.\n"
	if (mode == "frontmatter-raw")
		return "---\n" t "\n---\n\n# Heading\n\nBody.\n"
	if (mode == "properties")
		return "<properties\n\tpageTitle=\"" t "\"\n\tdescription=\"" t "\"\n\tservice=\"" t \
		    "\"\n\tarticleId=\"00000000-0000-0000-0000-000000000000\"\n/>\n\nBody.\n"
	if (mode == "token") {
		tok = "<!--$vmname-->[vmname]<!--/$vmname-->"
		return "<properties\n\tpageTitle=\"VM " tok " cannot start\"\n\tdescription=\"About " tok \
		    "\"\n\tarticleId=\"00000000-0000-0000-0000-000000000000\"\n/>\n\n# Cannot start " tok \
		    "\n\nWe looked at **" tok "** and found a problem.\n\n| VM | State |\n|---|---|\n| " tok \
		    " | stopped |\n\n[Open " tok "](https://portal.azure.com/)\n\n<span title=\"" tok \
		    "\">hover</span> and " tok ".\n"
	}
	return ""
}
FNR == 1 { mode = ""; name = FILENAME; sub(/.*\//, "", name) }
FNR == 1 && /^# mode: / { mode = $3; next }
/^#/ || /^[ \t]*$/ { next }
{
	if (mode == "") { print "xss: " name ": no \"# mode:\" line" > "/dev/stderr"; exit 2 }
	n++
	t = $0
	gsub(/__N__/, n, t)
	gsub(/\\n/, "\n", t)
	gsub(/\\t/, "\t", t)
	if (mode == "token") {
		printf "%s", t > (dir "/" n ".var"); close(dir "/" n ".var")
	}
	a = article(mode, t, n)
	if (a == "") { print "xss: " name ": unknown mode " mode > "/dev/stderr"; exit 2 }
	printf "%s", a > (dir "/" n ".md"); close(dir "/" n ".md")
	print n "\t" mode "\t" name ":" FNR "\t" $0
}' $files >"$tmp/manifest" || { echo "FAIL xss: bad vector file"; echo "0 passed, 1 failed"; exit 1; }

# --- 2. render and wrap --------------------------------------------------
# Every vector in both formats: $tmp/N.FMT (shelf's output), and its exit
# status, one line per render in $tmp/status (fragment, then page).
: >"$tmp/status"
: >"$tmp/jobs"
ids=""
count=0
while IFS="$tab" read -r n mode loc text; do
	ids="$ids $n"
	for fmt in fragment page; do
		count=$((count + 1))
		set -- render --format "$fmt"
		if [ -f "$tmp/$n.var" ]; then
			IFS= read -r value <"$tmp/$n.var"
			set -- "$@" --var "vmname=$value"
		fi
		if [ -n "$batch" ]; then
			printf '%s\0' "$tmp/$n.$fmt" "$tmp/$n.$fmt.err" "$@" "$tmp/$n.md" "" >>"$tmp/jobs"
		else
			"$bin" "$@" "$tmp/$n.md" >"$tmp/$n.$fmt" 2>"$tmp/$n.$fmt.err"
			echo $? >>"$tmp/status"
		fi
	done
done <"$tmp/manifest"
batch_bad=0
if [ -n "$batch" ] && ! sh "$here/../batch.sh" "$batch" "$tmp/jobs" "$tmp/status" "$count"; then
	echo "FAIL xss: $batch did not end cleanly:"
	head -n 20 "$tmp/status.err" | sed 's/^/    /'
	batch_bad=1
fi
{
	for n in $ids; do
		for fmt in fragment page; do
			IFS= read -r rc <&3
			[ "$rc" -lt 2 ] && [ ! -s "$tmp/$n.$fmt" ] && rc=99
			if [ "$rc" -eq 99 ]; then
				echo "$n $fmt FAIL shelf render wrote nothing" >>"$tmp/rendered-bad"
			elif [ "$rc" -ge 2 ]; then
				echo "$n $fmt FAIL shelf render exited with status $rc" >>"$tmp/rendered-bad"
			fi
		done
	done
} 3<"$tmp/status"
cat "$tmp"/*.err >"$tmp/render.log" 2>/dev/null

# The page template's own inline script (the tab groups'), which its
# Content-Security-Policy allows: the hook does not count it as injected.
printf '# Plain\n\nText.\n' >"$tmp/own.md"
"$bin" render --format page "$tmp/own.md" >"$tmp/own.html" 2>/dev/null
own=$(sh "$here/../tabs/csp-hash.sh" --text "$tmp/own.html" 2>/dev/null | base64 | tr -d '\n')
# hook N FMT: the recorder as a <script> element
hook() {
	printf '<script>var __xssVid = %s, __xssFmt = "%s", __xssOwn = atob("%s");\n' "$1" "$2" "$own"
	cat "$here/hook.js"
	printf '</script>\n'
}
# The vector pages, in one awk: fragment pages wrap the fragment between
# the hook and a sentinel <p>; page pages get the hook right after their
# <!DOCTYPE> (or first, without one).
# shellcheck disable=SC2086
awk -v dir="$tmp" -v hookjs="$here/hook.js" -v own="$own" '
function hook(n, fmt) {
	return "<script>var __xssVid = " n ", __xssFmt = \"" fmt "\", __xssOwn = atob(\"" own "\");\n" js "\n</script>\n"
}
BEGIN {
	while ((getline line < hookjs) > 0) js = js line "\n"
	close(hookjs)
	sub(/\n+$/, "", js)
	for (i = 1; i < ARGC; i++) {
		n = ARGV[i]
		f = dir "/" n "-fragment.html"
		printf "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>vector %s</title>\n", n > f
		printf "%s", hook(n, "fragment") > f
		printf "</head><body>\n<div id=\"xss-content\">\n" > f
		src = dir "/" n ".fragment"
		while ((getline line < src) > 0) print line > f
		close(src)
		printf "</div>\n<p id=\"xss-sentinel\">end</p>\n</body></html>\n" > f
		close(f)
		p = dir "/" n "-page.html"
		src = dir "/" n ".page"
		first = 1
		while ((getline line < src) > 0) {
			if (first && line ~ /^<!(DOCTYPE|doctype)/) print line > p
			if (first) printf "%s", hook(n, "page") > p
			if (!first || line !~ /^<!(DOCTYPE|doctype)/) print line > p
			first = 0
		}
		if (first) printf "%s", hook(n, "page") > p
		close(src)
		close(p)
	}
	exit
}' $ids

# --- 3. load in Chromium -------------------------------------------------
# batch SECONDS FMT NAME N...: loads one page holding the pages of vectors
# N... in iframes; writes $tmp/NAME.out: "R N ok|FAIL ..." lines, "T FAIL
# ..." when something ran in the batch page itself, and "END" when the page
# finished.  A page that hangs (a native dialog opened by a nested frame, an
# endless load) is killed after SECONDS, or when the suite's budget is
# spent, and has no "END"; once the budget is spent nothing is loaded.
left() { # seconds left of the budget
	echo $((start + budget - $(date +%s)))
}
batch() {
	secs=$1 fmt=$2 name=$3
	shift 3
	page=$tmp/$name.html
	: >"$tmp/$name.out"
	l=$(left)
	[ "$l" -lt "$secs" ] && secs=$l
	[ "$secs" -le 0 ] && return
	{
		printf '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>xss batch</title>\n'
		hook 0 "$fmt"
		printf '<script>var want = [%s];</script>\n<script>\n' "$(echo "$*" | tr ' ' ,)"
		cat "$here/batch.js"
		printf '</script>\n</head><body>\n'
		for n in "$@"; do
			printf '<iframe src="%s-%s.html" width="400" height="200"></iframe>\n' "$n" "$fmt"
		done
		printf '</body></html>\n'
	} >"$page"
	profile=$(mktemp -d "$tmp/profile.XXXXXX")
	timeout -k 5 "$secs" "$chrome" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --user-data-dir="$profile" --virtual-time-budget=5000 \
		--dump-dom "file://$page" >"$page.dom" 2>"$page.log"
	rm -rf "$profile"
	sed -n '/^\(R [0-9][0-9]* \|T FAIL\|END$\)/p' "$page.dom" |
		sed -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&quot;/"/g' -e 's/&nbsp;/ /g' \
		    -e 's/&amp;/\&/g' >"$tmp/$name.out"
}
finished() { # finished NAME: the batch page ended and nothing ran in it
	grep -q '^END$' "$tmp/$1.out" && ! grep -q '^T FAIL' "$tmp/$1.out"
}
take() { # take NAME FMT: records the verdicts of a batch page that finished
	sed -n "s/^R \([0-9][0-9]*\) /\1 $2 /p" "$tmp/$1.out" >>"$tmp/results"
}

# judge FMT: after the batch page of FMT ran.  Each vector has its own
# iframe, so a batch page that finished names its failing vectors.  If it
# broke (hung, crashed, or something ran in the batch page itself), the
# vectors are loaded in chunks of 40, and those of a broken chunk one by
# one; as many browsers at once as there are cores, each under `timeout`,
# all within the budget.
judge() {
	f=$1
	if finished "batch-$f"; then
		take "batch-$f" "$f"
		return
	fi
	echo "xss: the $f batch page broke or hung; loading the vectors in chunks ($(left) s of the budget left)"
	sed -n "s/^T FAIL /xss: $f batch: /p" "$tmp/batch-$f.out"
	j=0
	# shellcheck disable=SC2086
	set -- $ids
	while [ $# -gt 0 ]; do
		j=$((j + 1)) c="" k=0
		while [ $# -gt 0 ] && [ $k -lt 40 ]; do c="$c $1" k=$((k + 1)); shift; done
		echo "$c" >"$tmp/chunk-$f-$j.ids"
		# shellcheck disable=SC2086
		batch 30 "$f" "chunk-$f-$j" $c &
		[ $((j % ncpu)) -eq 0 ] && wait
	done
	wait
	alone="" i=0
	while [ $i -lt $j ]; do
		i=$((i + 1))
		if finished "chunk-$f-$i"; then
			take "chunk-$f-$i" "$f"
		else
			alone="$alone $(cat "$tmp/chunk-$f-$i.ids")"
		fi
	done
	i=0
	for n in $alone; do
		batch 15 "$f" "alone-$f-$n" "$n" &
		i=$((i + 1))
		[ $((i % ncpu)) -eq 0 ] && wait
	done
	wait
	for n in $alone; do
		o=$tmp/alone-$f-$n.out
		line=$(sed -n "s/^R $n //p" "$o")
		top=$(sed -n 's/^T FAIL //p' "$o")
		[ "$line" = ok ] && line=""
		if [ -n "$top" ]; then
			line="FAIL ${line#FAIL } $top"
		elif [ ! -s "$o" ] && [ "$(left)" -le 0 ]; then
			line="FAIL no verdict: the suite's budget of $budget s (XSS_BUDGET) was spent"
		elif ! grep -q '^END$' "$o"; then
			line="FAIL the page hung or crashed the browser (a native dialog opened by a nested frame, or an endless load)"
		fi
		echo "$n $f $line" >>"$tmp/results"
	done
}

# Both batch pages load at once.
for fmt in fragment page; do
	# shellcheck disable=SC2086
	batch 60 "$fmt" "batch-$fmt" $ids &
done
wait
judge fragment
judge page
[ -f "$tmp/rendered-bad" ] && cat "$tmp/rendered-bad" >>"$tmp/results"

# --- 4. report -----------------------------------------------------------
passed=0
failed=0
while IFS="$tab" read -r n mode loc text; do
	for fmt in fragment page; do
		bad=$(grep "^$n $fmt FAIL" "$tmp/results" | sed "s/^$n $fmt FAIL //")
		if [ -z "$bad" ] && grep -q "^$n $fmt ok$" "$tmp/results"; then
			passed=$((passed + 1))
			continue
		fi
		[ -z "$bad" ] && bad="no verdict"
		failed=$((failed + 1))
		printf 'FAIL xss #%s %s (%s, %s): %s\n' "$n" "$fmt" "$loc" "$mode" "$text"
		printf '%s\n' "$bad" | sed 's/^/    /'
		if [ "${XSS_VERBOSE:-0}" = 1 ]; then
			sed 's/^/    | /' "$tmp/$n.$fmt" | head -n 40
		fi
	done
done <"$tmp/manifest"
failed=$((failed + batch_bad))
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
