#!/bin/sh
# tests/golden.sh SHELF_BINARY
#
# Golden tests: every tests/render/**/X.md is rendered with the arguments
# in X.args (default: --format fragment; shell quoting applies) and its standard output must equal
# X.html byte for byte.  When X.err exists, standard error must equal it
# too (diagnostics name the file as tests/render/...).  When X.docfx
# exists (docfx's own expected HTML), the output must equal it once every
# newline is deleted from both.  When X.status
# exists, the exit status must equal its content (default: 0 or 1).
# SHELF_WRAP (e.g. valgrind) is put in front of the binary.
# Set GOLDEN_UPDATE=1 to rewrite the expected files from the actual output.
#
# SHELF_BATCH=path/to/cli_batch (tests/run.sh sets it to the cli_batch of
# the same build) runs every case in one process, through the same main.c
# code: see tests/cli_batch.c.  A case that ends that process (crash,
# sanitizer report, exit()) gets the process's exit status and the rest
# goes on in a new process.  When the batch reports a leak at its end, every
# case runs again one process each, to name the leaking case.
set -u
suite=golden
. "$(dirname "$0")/lib.sh"
bin=$1
batch=${SHELF_BATCH:-}
# The batch program finds templates/ through SHELF_DATA (it does not sit
# beside them as build/shelf does).
if [ -n "$batch" ] && [ -z "${SHELF_DATA:-}" ]; then
	SHELF_DATA=$(cd "$(dirname "$0")/.." && pwd)
	export SHELF_DATA
fi

# --- 1. run every case -----------------------------------------------------
# Markdown below an includes/ folder is a fixture that tests include, not
# a test of its own.  Case i writes $d/i.out and $d/i.err; its exit
# status is line i of $d/status.
: >"$d/status"
n=0
for md in $(find tests/render -name '*.md' ! -path '*/includes/*' | sort); do
	base=${md%.md}
	[ -f "$base.html" ] || [ -f "$base.docfx" ] || [ "${GOLDEN_UPDATE:-0}" = 1 ] || continue
	n=$((n + 1))
	echo "$md" >>"$d/cases"
	args="--format fragment"
	[ -f "$base.args" ] && args=$(cat "$base.args")
	# shellcheck disable=SC2086
	# X.args is read with shell quoting: --var 'name=a value'
	eval "set -- $args"
	if [ -n "$batch" ]; then
		# one job: stdout file, stderr file, arguments, "" (all NUL-ended)
		printf '%s\0' "$d/$n.out" "$d/$n.err" render "$@" "$md" "" >>"$d/jobs"
	else
		${SHELF_WRAP:-} "$bin" render "$@" "$md" >"$d/$n.out" 2>"$d/$n.err"
		echo $? >>"$d/status"
	fi
done
[ -f "$d/cases" ] || finish
if [ -n "$batch" ] &&
   ! sh "$(dirname "$0")/batch.sh" "$batch" "$d/jobs" "$d/status" "$n"; then
	echo "FAIL golden: $batch did not end cleanly after the last case:"
	head -n 30 "$d/status.err" | sed 's/^/    /'
	echo "golden: running every case again, one process each"
	SHELF_BATCH='' sh "$0" "$bin" >"$d/again"
	sed '$d' "$d/again"
	last=$(tail -n 1 "$d/again")
	p=${last%% passed*}
	f=${last#*passed, }
	f=${f%% failed*}
	passed=$p failed=$((f + 1))
	finish
fi

# --- 2. compare ------------------------------------------------------------
i=0
while IFS= read -r md <&3 && IFS= read -r rc <&4; do
	i=$((i + 1))
	base=${md%.md}
	out=$d/$i.out
	err=$d/$i.err
	if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
		cp "$out" "$base.html"
		[ -s "$err" ] && cp "$err" "$base.err"
		[ -s "$err" ] || rm -f "$base.err"
		echo "updated $base"
		continue
	fi
	good=1
	want_status="0 1"
	[ -f "$base.status" ] && want_status=$(cat "$base.status")
	case " $want_status " in *" $rc "*) ;; *) good=0; echo "FAIL $md: exit status $rc, want $want_status";; esac
	# X.docfx: docfx's own expected HTML; docfx's tests compare with every
	# newline removed, so newline placement is not part of the contract.
	if [ -f "$base.docfx" ]; then
		tr -d '\n' <"$base.docfx" >"$d/want.nl"
		tr -d '\n' <"$out" >"$d/got.nl"
		if ! cmp -s "$d/got.nl" "$d/want.nl"; then
			good=0
			echo "FAIL $md: output differs from $base.docfx (newlines removed)"
			printf '    want: %s\n    got:  %s\n' "$(head -c 600 "$d/want.nl")" "$(head -c 600 "$d/got.nl")"
		fi
	fi
	if [ -f "$base.html" ] && ! cmp -s "$out" "$base.html"; then
		good=0
		echo "FAIL $md: output differs from $base.html"
		diff -u "$base.html" "$out" | head -n 20 | sed 's/^/    /'
	fi
	if [ -f "$base.err" ] && ! cmp -s "$err" "$base.err"; then
		good=0
		echo "FAIL $md: diagnostics differ from $base.err"
		diff -u "$base.err" "$err" | head -n 10 | sed 's/^/    /'
	fi
	if [ -s "$err" ] && grep -q 'Sanitizer\|runtime error' "$err"; then
		good=0
		echo "FAIL $md: sanitizer report"
		head -n 10 "$err" | sed 's/^/    /'
	fi
	if [ $good = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done 3<"$d/cases" 4<"$d/status"
finish
