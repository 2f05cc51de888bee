#!/bin/sh
# tests/fuzz/replay.sh DIR
#
# Replays every seed and every crash reproducer through the replay
# programs in DIR (build/asan/fuzz/: each fuzz target linked with
# tests/fuzz/replay.c under ASan+UBSan, no clang needed).  Inputs of target
# T: tests/fuzz/seeds/T/, tests/fuzz/crashes/T/, tests/render/ and
# ../shared/seeds/.  A sanitizer report or a failed oracle aborts the
# program, and the target fails.  A reproducer named xfail-* records a bug
# not fixed yet: it is replayed on its own and reported as XFAIL; it counts
# as failed only if it still crashes.
# Prints one line per failure and ends with "N passed, N failed".
set -u
dir=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top" || exit 2
: "${SHARED:=$top/../shared}"
SHELF_DATA=$top
export SHELF_DATA
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# add_line LINE: adds "N passed, N failed" to the totals; 1 if not such a line
add_line() {
	p=$(printf '%s\n' "$1" | sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1/p')
	f=$(printf '%s\n' "$1" | sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\2/p')
	[ -n "$p" ] || return 1
	passed=$((passed + p))
	failed=$((failed + f))
}

# show: the input being replayed when the program died, and the report
show() {
	sed -n 's/^replay: //p' "$log" | tail -n 1 | sed 's/^/    input: /'
	grep -v '^replay: ' "$log" | head -n 25 | sed 's/^/    /'
}

for bin in "$dir"/fuzz_*; do
	[ -x "$bin" ] || continue
	t=$(basename "$bin")
	inputs=""
	for s in "tests/fuzz/seeds/$t" "tests/fuzz/crashes/$t" tests/render "$SHARED/seeds"; do
		[ -d "$s" ] && inputs="$inputs $s"
	done
	# find batches the file names itself, so names with blanks are fine;
	# several batches each print their own count line.
	# shellcheck disable=SC2086
	out=$(find $inputs -type f ! -name 'xfail-*' ! -name '.*' -exec \
	      "$bin" {} + 2>"$log")
	rc=$?
	lines=$(printf '%s\n' "$out" | grep -c 'passed, .* failed$')
	if [ $rc -ne 0 ] || [ "$lines" -eq 0 ]; then
		failed=$((failed + 1))
		echo "FAIL $t: replay exit $rc"
		show
	else
		add_line "$(printf '%s\n' "$out" | awk '/^[0-9]+ passed, [0-9]+ failed$/ { p += $1; f += $3 }
			END { printf "%d passed, %d failed\n", p, f }')"
		echo "ok   $t"
	fi
	for x in "tests/fuzz/crashes/$t"/xfail-*; do
		[ -f "$x" ] || continue
		if "$bin" "$x" >/dev/null 2>"$log"; then
			passed=$((passed + 1))
			echo "ok   $t: $x no longer crashes (rename it: drop xfail-)"
		else
			failed=$((failed + 1))
			echo "FAIL $t: XFAIL $x still crashes (known bug, see tests/fuzz/README.md)"
			show
		fi
	done
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
