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
set -u
bin=$1
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Markdown below an includes/ folder is a fixture that tests include, not
# a test of its own.
for md in $(find tests/render -name '*.md' ! -path '*/includes/*' | sort); do
	base=${md%.md}
	[ -f "$base.html" ] || [ -f "$base.docfx" ] || [ "${GOLDEN_UPDATE:-0}" = 1 ] || continue
	args="--format fragment"
	[ -f "$base.args" ] && args=$(cat "$base.args")
	# shellcheck disable=SC2086
	# X.args is read with shell quoting: --var 'name=a value'
	eval "set -- $args"
	${SHELF_WRAP:-} "$bin" render "$@" "$md" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
		cp "$tmp/out" "$base.html"
		[ -s "$tmp/err" ] && cp "$tmp/err" "$base.err"
		[ -s "$tmp/err" ] || rm -f "$base.err"
		echo "updated $base"
		continue
	fi
	ok=1
	want_status="0 1"
	[ -f "$base.status" ] && want_status=$(cat "$base.status")
	case " $want_status " in *" $rc "*) ;; *) ok=0; echo "FAIL $md: exit status $rc, want $want_status";; esac
	# X.docfx: docfx's own expected HTML; docfx's tests compare with every
	# newline removed, so newline placement is not part of the contract.
	if [ -f "$base.docfx" ]; then
		tr -d '\n' <"$base.docfx" >"$tmp/want.nl"
		tr -d '\n' <"$tmp/out" >"$tmp/got.nl"
		if ! cmp -s "$tmp/got.nl" "$tmp/want.nl"; then
			ok=0
			echo "FAIL $md: output differs from $base.docfx (newlines removed)"
			printf '    want: %s\n    got:  %s\n' "$(head -c 600 "$tmp/want.nl")" "$(head -c 600 "$tmp/got.nl")"
		fi
	fi
	if [ -f "$base.html" ] && ! cmp -s "$tmp/out" "$base.html"; then
		ok=0
		echo "FAIL $md: output differs from $base.html"
		diff -u "$base.html" "$tmp/out" | head -n 20 | sed 's/^/    /'
	fi
	if [ -f "$base.err" ] && ! cmp -s "$tmp/err" "$base.err"; then
		ok=0
		echo "FAIL $md: diagnostics differ from $base.err"
		diff -u "$base.err" "$tmp/err" | head -n 10 | sed 's/^/    /'
	fi
	if grep -q 'Sanitizer\|runtime error' "$tmp/err"; then
		ok=0
		echo "FAIL $md: sanitizer report"
		head -n 10 "$tmp/err" | sed 's/^/    /'
	fi
	if [ $ok = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "$passed passed, $failed failed"
