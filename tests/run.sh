#!/bin/sh
# tests/run.sh BUILD_DIR [BUILD_DIR...]
#
# Runs every test against each build folder (build/ and build/asan/):
# the unit-test programs, the golden render tests, the corpus test, the
# hostile suite, the XSS and tab-group browser tests (plain build only),
# translation QA tests (tests/l10n.sh), locale sites (tests/locales.sh),
# sitemap.xml and search-index.json (tests/sitemap.sh), builds killed with
# SIGKILL at random moments (tests/kill.sh), and (sanitizer build only) the fuzz
# seed and crash replay.
# Prints one line per failure and ends with "N passed, N failed".
# SHELF_VALGRIND=1 runs each program under valgrind (make valgrind).
#
# With several folders, each runs in its own process at the same time: the
# first prints as it goes, the others into BUILD_DIR/check.log, printed
# once the first is done; each one's count goes to BUILD_DIR/check.total.  The golden tests run in one process per build
# (BUILD_DIR/tests/cli_batch, see tests/golden.sh).
set -u
passed=0
failed=0
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
cd "$top" || exit 2
: "${SHARED:=$top/../shared}"
export SHARED
# build/asan/shelf cannot find templates/ beside itself: name the tree's
SHELF_DATA=$top
export SHELF_DATA

vg=""
if [ "${SHELF_VALGRIND:-0}" = 1 ]; then
	vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
fi
export SHELF_WRAP="$vg"


add() { # add "passed failed" from a program's last line
	line=$1
	p=$(printf '%s\n' "$line" | sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1/p')
	f=$(printf '%s\n' "$line" | sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\2/p')
	if [ -z "$p" ]; then
		failed=$((failed + 1))
		return 1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
}

if [ $# -gt 1 ]; then
	first=$1
	shift
	for b in "$first" "$@"; do
		rm -f "$b/check.total"
	done
	for b in "$@"; do
		RUN_TOTAL=$b/check.total sh "$here/run.sh" "$b" >"$b/check.log" 2>&1 &
	done
	RUN_TOTAL=$first/check.total sh "$here/run.sh" "$first"
	wait
	for b in "$@"; do
		cat "$b/check.log"
	done
	for b in "$first" "$@"; do
		add "$(cat "$b/check.total" 2>/dev/null)" || echo "FAIL tests/run.sh $b did not finish"
	done
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
fi

for b in "$@"; do
	label=$(basename "$b")
	[ "$label" = build ] && label=plain
	echo "== $label build"
	for t in "$b"/tests/test_*; do
		[ -x "$t" ] || continue
		name=$(basename "$t")
		out=$($vg "$t" 2>"$b/tests/$name.err")
		rc=$?
		last=$(printf '%s\n' "$out" | tail -n 1)
		before=$failed
		if ! add "$last"; then
			echo "FAIL $name: no 'N passed, N failed' line (exit $rc)"
		elif [ $rc -ne 0 ] && [ $failed -eq $before ]; then
			failed=$((failed + 1)) # e.g. a leak report after the last line
			echo "FAIL $name: exit $rc"
		fi
		if [ $failed -ne $before ]; then
			sed 's/^/    /' "$b/tests/$name.err" | head -n 30
		else
			echo "ok   $name: $last"
		fi
	done
	batch=""
	[ -x "$b/tests/cli_batch" ] && batch=$b/tests/cli_batch
	last=$(SHELF_BATCH=$batch sh tests/golden.sh "$b/shelf" | tee "$b/golden.log" | tail -n 1)
	grep -q '^FAIL' "$b/golden.log" && sed '$d' "$b/golden.log" | grep -v '^ok ' | head -n 80
	add "$last" || echo "FAIL golden.sh did not finish"
	echo "ok   golden: $last"
	[ "$label" = plain ] && { last=$(sh tests/xss/xss.sh "$b/shelf" | tee "$b/xss.log" | tail -n 1); sed '$d' "$b/xss.log" | head -n 80; }
	[ "$label" = plain ] && { add "$last" || echo "FAIL xss/xss.sh did not finish"; echo "ok   xss (headless Chromium): $last"; }
	[ "$label" = plain ] && { last=$(sh tests/tabs/tabs.sh "$b/shelf" | tee "$b/tabs.log" | tail -n 1); sed '$d' "$b/tabs.log" | head -n 40; }
	[ "$label" = plain ] && { add "$last" || echo "FAIL tabs/tabs.sh did not finish"; echo "ok   tabs (CSP hash, headless Chromium): $last"; }
	last=$(sh tests/seed.sh "$b/shelf" | tee "$b/seed.log" | tail -n 1)
	grep '^FAIL' "$b/seed.log"
	add "$last" || echo "FAIL seed.sh did not finish"
	echo "ok   portal seed: $last"
	last=$(sh tests/build.sh "$b/shelf" | tee "$b/build.log" | tail -n 1)
	grep '^FAIL\|^    ' "$b/build.log"
	add "$last" || echo "FAIL build.sh did not finish"
	echo "ok   build: $last"
	last=$(sh tests/jobs.sh "$b/shelf" | tee "$b/jobs.log" | tail -n 1)
	grep '^FAIL\|^    ' "$b/jobs.log"
	add "$last" || echo "FAIL jobs.sh did not finish"
	echo "ok   build -j (same output whatever N): $last"
	last=$(sh tests/incremental.sh "$b/shelf" | tee "$b/incremental.log" | tail -n 1)
	grep '^FAIL\|^    ' "$b/incremental.log"
	add "$last" || echo "FAIL incremental.sh did not finish"
	echo "ok   incremental builds, shards and merge: $last"
	last=$(sh tests/kill.sh "$b/shelf" | tee "$b/kill.log" | tail -n 1)
	grep '^FAIL\|^    ' "$b/kill.log"
	add "$last" || echo "FAIL kill.sh did not finish"
	echo "ok   build killed at random moments (every output whole): $last"
	# the browser part needs shelf serve, run by hand under ASan: plain only
	last=$( { [ "$label" = plain ] || CHROMIUM=/nonexistent; export CHROMIUM; sh tests/sitemap.sh "$b/shelf"; } | tee "$b/sitemap.log" | tail -n 1)
	grep '^FAIL\|^    ' "$b/sitemap.log"
	add "$last" || echo "FAIL sitemap.sh did not finish"
	echo "ok   sitemap and search index: $last"
	last=$(sh tests/l10n.sh "$b/shelf" | tee "$b/l10n.log" | tail -n 1)
	grep -q '^FAIL' "$b/l10n.log" && sed '$d' "$b/l10n.log" | head -n 60
	add "$last" || echo "FAIL l10n.sh did not finish"
	echo "ok   l10n: $last"
	last=$(sh tests/locales.sh "$b/shelf" | tee "$b/locales.log" | tail -n 1)
	grep '^FAIL\|^    ' "$b/locales.log"
	add "$last" || echo "FAIL locales.sh did not finish"
	echo "ok   locales: $last"
	[ "$label" = plain ] && { last=$(sh tests/layout.sh | tee "$b/layout.log" | tail -n 1); grep '^FAIL' "$b/layout.log"; }
	[ "$label" = plain ] && { add "$last" || echo "FAIL layout.sh did not finish"; echo "ok   layout (README table, include circles): $last"; }
	# shelf serve over loopback (plain build only; it was run by hand under ASan)
	[ "$label" = plain ] && { last=$(sh tests/serve.sh "$b/shelf" | tee "$b/serve.log" | tail -n 1); grep '^FAIL\|^    ' "$b/serve.log"; }
	[ "$label" = plain ] && { add "$last" || echo "FAIL serve.sh did not finish"; echo "ok   serve: $last"; }
	last=$(sh tests/hostile/run.sh "$b/shelf" | tee "$b/hostile.log" | tail -n 1)
	grep -q '^FAIL\|^XFAIL' "$b/hostile.log" && grep '^FAIL\|^XFAIL\|^    ' "$b/hostile.log" | head -n 80
	add "$last" || echo "FAIL hostile/run.sh did not finish"
	echo "ok   hostile: $last"
	if [ "$(basename "$b")" = asan ]; then # replay needs the sanitizer build
		last=$(sh tests/fuzz/replay.sh "$b/fuzz" | tee "$b/replay.log" | tail -n 1)
		grep -q '^FAIL' "$b/replay.log" && grep -v '^ok ' "$b/replay.log" | sed '$d' | head -n 80
		add "$last" || echo "FAIL fuzz/replay.sh did not finish"
		echo "ok   fuzz replay: $last"
	fi
done
# RUN_TOTAL: the closing line goes to that file (for the run above).
if [ -n "${RUN_TOTAL:-}" ]; then
	echo "$passed passed, $failed failed" >"$RUN_TOTAL"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
