# tests/lib.sh - the start and the end that the shell suites share.
#
# A suite is run as `sh tests/X.sh SHELF_BINARY` from the top of the tree
# (tests/run.sh does), names itself and sources this file:
#
#	set -u
#	suite=build
#	. "$(dirname "$0")/lib.sh"
#
# and has:
#   passed, failed   the counts, from 0;
#   d                a new temporary folder, removed when the script exits,
#                    however it exits.  A script with more to undo (a server
#                    to stop) defines cleanup_extra(), run first;
#   ok [NAME]        counts a case that passed; with print_ok=1 it also
#                    prints "ok   SUITE NAME" (kill.sh: one line a round);
#   bad NAME         counts a case that failed and prints "FAIL SUITE NAME"
#                    ("FAIL NAME" when suite is empty);
#   finish [STATUS]  prints the closing "N passed, N failed", the line
#                    tests/run.sh adds up, and exits: with STATUS when one is
#                    given, else 1 when a case failed and 0 when none did.
# ok and bad return 0, so `[ ... ] && ok || bad "..."` counts one of them.

: "${suite?tests/lib.sh: set suite=NAME before sourcing it}"
passed=0
failed=0
d=$(mktemp -d) || exit 2

# the EXIT trap: the script's own cleanup (when it has one), then $d
lib_exit() {
	if command -v cleanup_extra >/dev/null 2>&1; then
		cleanup_extra
	fi
	rm -rf "$d"
}
trap lib_exit EXIT

ok() {
	passed=$((passed + 1))
	if [ "${print_ok:-0}" = 1 ]; then
		echo "ok   ${suite:+$suite }${1-}"
	fi
	return 0
}

bad() {
	failed=$((failed + 1))
	echo "FAIL ${suite:+$suite }$1"
}

finish() {
	echo "$passed passed, $failed failed"
	[ $# -eq 0 ] || exit "$1"
	[ "$failed" -eq 0 ]
	exit
}
