#!/bin/sh
# tests/hostile/run.sh SHELF_BINARY
#
# The hostile suite: tests/hostile/gen.sh writes include bombs and cycles,
# YAML bombs, pathological nesting, huge and binary files, invalid UTF-8,
# token floods, unbalanced markers and path-escape attempts into a temporary
# folder; each case runs `shelf render` or `shelf build` under `timeout`
# with a budget of HOSTILE_BUDGET seconds (default 5; 20 for a build/asan/
# binary; 60 under SHELF_WRAP, i.e. valgrind) and must
#   - finish in time, without a signal and without a sanitizer or valgrind
#     report,
#   - exit with an expected status and print every expected SHnnn code,
#   - never show the text of a file outside the root ("S3CR3T") and, for
#     render, write valid UTF-8 (when iconv is installed).
# A case marked XFAIL is a known bug in a file being edited elsewhere: it is
# reported with its symptom and counts as failed only if it crashes.
# Ends with "N passed, N failed".
set -u
suite= # its lines name the case
. "$(dirname "$0")/../lib.sh"
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
: "${SHELF_DATA:=$top}"
export SHELF_DATA
wrap=${SHELF_WRAP:-}
# The budget catches hangs and blow-ups (a quadratic pass over 100,000
# nested items takes minutes), not slowness: the slowest case takes 0.2-0.5 s
# alone, and make check runs the plain and ASan suites at once on a machine
# that may be busy.  Speed is measured by make bench, not asserted here.
# ASan+UBSan runs 2-5 times slower, valgrind 20-50 times.
budget=${HOSTILE_BUDGET:-5}
case $bin in */asan/*) [ -z "${HOSTILE_BUDGET:-}" ] && budget=20 ;; esac
[ -n "$wrap" ] && [ -z "${HOSTILE_BUDGET:-}" ] && budget=60
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
sh "$here/gen.sh" "$d" || { echo "gen.sh failed"; failed=1; finish; }
c=$d/content/en-us
have_iconv=0
command -v iconv >/dev/null 2>&1 && have_iconv=1

# verdict NAME XFAIL PROBLEM CRASHED: counts one case and prints its line
verdict() {
	if [ -z "$3" ]; then
		passed=$((passed + 1))
		if [ "$2" != - ]; then
			echo "XPASS $1 (was: $2)"
		else
			echo "ok   $1"
		fi
	elif [ "$2" != - ] && [ "$4" = 0 ]; then
		passed=$((passed + 1))
		echo "XFAIL $1: $3 -- known: $2"
	else
		bad "$1: $3${2#-}"
		grep -v '^\(shelf: \)\{0,1\}[^ ]*:[0-9]*:[0-9]*: ' "$d/err" | head -n 12 | sed 's/^/    /'
	fi
}

# judge NAME RCS CODES XFAIL RC [render]: checks the last run
judge() {
	problem=""
	crashed=0
	if [ "$5" -eq 124 ] || [ "$5" -eq 137 ]; then
		problem="no result within ${budget}s (hang or too slow)"
	elif [ "$5" -gt 128 ] || grep -q 'ERROR: AddressSanitizer\|ERROR: LeakSanitizer\|runtime error:\|^==[0-9]*== ' "$d/err"; then
		problem="crash or sanitizer report (exit $5)"
		crashed=1
	else
		case " $2 " in *" $5 "*) ;; *) problem="exit $5, want $2" ;; esac
		for code in $3; do
			[ "$code" = - ] && continue
			grep -q "\[$code\]" "$d/err" || problem="${problem:+$problem; }no $code diagnostic"
		done
	fi
	if grep -q S3CR3T "$d/out" 2>/dev/null; then
		problem="${problem:+$problem; }text from outside the root in the output"
	fi
	if [ "${6:-}" = render ] && [ $have_iconv = 1 ] && [ "$crashed" = 0 ] &&
	   ! iconv -f UTF-8 -t UTF-8 "$d/out" >/dev/null 2>&1; then
		problem="${problem:+$problem; }output is not valid UTF-8"
	fi
	verdict "$1" "$4" "$problem" "$crashed"
}

# r NAME RCS CODES XFAIL FILE [ARGS...]: shelf render FILE with --root c
r() {
	name=$1 rcs=$2 codes=$3 xf=$4 file=$5
	shift 5
	# shellcheck disable=SC2086
	timeout -s KILL "$budget" $wrap "$bin" render --format fragment --root "$c" "$@" \
		"$c/$file" >"$d/out" 2>"$d/err"
	rc=$?
	if [ $rc -eq 137 ]; then
		# over budget: once more, in case another process held the CPU; a
		# real blow-up is over budget twice
		# shellcheck disable=SC2086
		timeout -s KILL "$budget" $wrap "$bin" render --format fragment --root "$c" "$@" \
			"$c/$file" >"$d/out" 2>"$d/err"
		rc=$?
	fi
	judge "$name" "$rcs" "$codes" "$xf" $rc render
}

# b NAME RCS CODES XFAIL CONTENT OUT [ARGS...]: shelf build
b() {
	name=$1 rcs=$2 codes=$3 xf=$4 content=$5 out=$6
	shift 6
	# shellcheck disable=SC2086
	timeout -s KILL "$budget" $wrap "$bin" build --quiet --content "$content" --out "$out" \
		"$@" >"$d/out" 2>"$d/err"
	rc=$?
	set -- "$name" "$rcs" "$codes" "$xf" "$content" "$out"
	grep -rl S3CR3T "$6" >>"$d/out" 2>/dev/null && echo S3CR3T >>"$d/out"
	judge "$1" "$2" "$3" "$4" $rc
}

# k NAME RCS CODES XFAIL ARGS...: shelf check ARGS
k() {
	name=$1 rcs=$2 codes=$3 xf=$4
	shift 4
	# shellcheck disable=SC2086
	timeout -s KILL "$budget" $wrap "$bin" check "$@" >"$d/out" 2>"$d/err"
	rc=$?
	if [ $rc -eq 137 ]; then # over budget: once more, as r does
		# shellcheck disable=SC2086
		timeout -s KILL "$budget" $wrap "$bin" check "$@" >"$d/out" 2>"$d/err"
		rc=$?
	fi
	judge "$name" "$rcs" "$codes" "$xf" $rc
}

# absent NAME PATH: a failed command must not have created PATH
absent() {
	if [ -e "$2" ]; then
		bad "$1: created $2"
	fi
}

# --- includes ----------------------------------------------------------------
r include-bomb            1 SH103 - include-bomb.md
r include-cycle-1         0 SH102 - include-cycle-1.md
r include-cycle-2         0 SH102 - include-cycle-2a.md
r include-cycle-3         0 SH102 - include-cycle-3a.md
r include-cycle-self      0 SH102 - include-cycle-self.md
# --- YAML --------------------------------------------------------------------
r yaml-billion-laughs     1 SH012 - yaml-laughs.md
r yaml-deep               1 SH011 - yaml-deep.md
r open-frontmatter        1 SH014 - open-frontmatter.md
# --- nesting -----------------------------------------------------------------
r nested-quotes-100000    1 SH040 - nested-quotes.md
r nested-list-100000      1 SH040 - nested-list.md
r nested-ordered-100000   1 SH040 - nested-ordered.md
r nested-div-50000        "0 1" - - nested-div.md
r nested-emphasis         "0 1" - - nested-emph.md
r nested-links            "0 1" - - nested-links.md
# --- size and bytes ----------------------------------------------------------
r line-50mb               1 SH002 - line-50mb.md
r newlines-1mb            "0 1" - - newlines-1mb.md
r nul-bytes               0 SH004 - nul-bytes.md
r empty-file              0 SH042 - empty.md
r missing-file            3 SH001 - does-not-exist.md
r utf8-overlong           0 SH003 - utf8-overlong.md
r utf8-surrogates         0 SH003 - utf8-surrogate.md
r utf8-above-10ffff       0 SH003 - utf8-too-big.md
r utf8-truncated          0 SH003 - utf8-truncated.md
r utf8-lone-continuation  0 SH003 - utf8-lone.md
r bom-and-controls        0 SH005 - bom-controls.md
# --- portal tokens -----------------------------------------------------------
r token-long-name         "0 1" SH203 - token-long-name.md
r token-10000             0 - - token-10000.md
r token-20000             1 SH204 - token-20000.md
# --- unbalanced markers ------------------------------------------------------
r open-issueDescription   0 SH208 - open-issue.md
r open-zone               0 SH104 - open-zone.md
r stray-zone-end          0 SH104 - stray-zone-end.md
r open-moniker            0 SH104 - open-moniker.md
r open-div                0 - - open-div.md
r open-token              0 SH201 - open-token.md
r stray-token-close       0 SH202 - stray-token-close.md
r open-properties         1 SH026 - open-properties.md
r open-fence              0 - - open-fence.md
r open-comment            0 - - open-comment.md
# --- path escapes ------------------------------------------------------------
# Each path of paths.txt as an include, an image and a code snippet.  An
# include or snippet must be refused (SH053) or not found (SH101/SH107);
# an image is never read, so it only must not leak.
n=0
while IFS= read -r p; do
	n=$((n + 1))
	case $p in
	'~root/'*) want_i=SH101 want_c=SH107 rc_i=0 ;;
	*) want_i=SH053 want_c=SH053 rc_i=1 ;;
	esac
	r "escape-include-$n ($p)" $rc_i "$want_i" - "escape-include-$n.md"
	r "escape-image-$n ($p)"   "0 1" - - "escape-image-$n.md"
	r "escape-code-$n ($p)"    "0 1" "$want_c" - "escape-code-$n.md"
done <"$d/paths.txt"
r escape-nul-in-path      "0 1" SH004 - escape-nul.md
# symlinks inside the root: followed, and paths resolve from the real folder
r article-through-link    0 - - alias/through-link.md
grep -q DEEP-OK "$d/out" && ! grep -q WRONG-LEXICAL "$d/out" ||
	bad "article-through-link: ../x.md not read from the real folder"
r include-through-link    0 - - include-through-link.md
grep -q DEEP-OK "$d/out" && grep -q ALIAS_OK "$d/out" && ! grep -q WRONG-LEXICAL "$d/out" ||
	bad "include-through-link: include or snippet through alias/ lost"
# --- shelf build ----------------------------------------------------------------
b build-symlink-in-output "1 3" SH053 - "$d/site/content" "$d/site/out"
if [ "$(cat "$d/outside/victim.html")" != victim ]; then
	bad "build-symlink-in-output: wrote through the symlink"
fi
b build-symlinked-output-locale "1 3" SH053 - "$d/site/content" "$d/site/out2"
if [ -e "$d/outside/page.html" ]; then
	bad "build-symlinked-output-locale: wrote outside the output folder"
fi
b build-symlinks-in-content "0 1" - - "$d/site3/content" "$d/site3/out"
# --command line and caps --------------------------------------------------------
b build-locale-folder     2 SH058 - "$d/site3/content/en-us" "$d/out-locale"
absent build-locale-folder "$d/out-locale"
b build-no-content        3 SH001 - "$d/nonexistent" "$d/out-none"
absent build-no-content "$d/out-none"
b build-unknown-cloud     2 - - "$d/site3/content" "$d/out-cloud" --cloud bogus
absent build-unknown-cloud "$d/out-cloud"
grep -q "unknown cloud 'bogus'" "$d/err" || bad "build-unknown-cloud: no message"
# Learn articles have no articleId: the duplicate check sorts nothing
# (qsort with a null pointer was undefined behaviour, caught by UBSan)
k check-learn-only        0 - - "$d/site3/content/en-us/fine.md"
r faults-700              0 "SH015 SH059" - faults-700.md
[ "$(grep -c '\[SH015\]' "$d/err")" -eq 499 ] ||
	bad "faults-700: want 499 SH015 lines kept"
grep -q '201 more diagnostics' "$d/err" ||
	bad "faults-700: the note does not count 201 dropped"
# 4 x 35 MiB of &amp;: over the 64 MiB cap.  Rendering 28 MiB of text
# takes seconds, not the budget of the small cases.
big_budget=$budget
budget=$((budget * 30))
r output-cap              1 SH055 - output-cap.md
budget=$big_budget
if [ -s "$d/out" ]; then
	bad "output-cap: wrote $(wc -c <"$d/out") bytes of a cut-off article"
fi

finish
