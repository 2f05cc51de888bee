#!/bin/sh
# tests/layout.sh - the source tree tells its story:
#   - README's pipeline table names every file under src/<stage>/;
#   - no include circle between files: the graph of #include "x.h" between
#     modules (a .c and its .h are one module) sorts topologically;
#   - src/main.c, the CLI, includes no private header, only shelf.h.
# Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 2
passed=0
failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

for f in src/*/*.c src/*/*.h; do
	if grep -q "\`$f\`" README.md; then ok; else fail "$f is not in README's pipeline table"; fi
done
edges=$(mktemp)
trap 'rm -f "$edges"' EXIT
for f in src/*/*.c src/*/*.h; do
	m=$(basename "$f" | sed 's/\.[ch]$//')
	sed -n 's/^#include "\([a-z_0-9]*\)\.h".*/\1/p' "$f" | while read -r d; do
		[ "$d" != "$m" ] && echo "$m $d"
	done
done | sort -u >"$edges"
if loop=$(tsort "$edges" 2>&1 >/dev/null) && [ -z "$loop" ]; then
	ok
else
	fail "include circle: $(echo "$loop" | sed -n 's/^tsort: \([a-z_0-9]*\)$/\1/p' | tr '\n' ' ')"
fi
bad=$(sed -n 's/^#include "\(.*\)".*/\1/p' src/main.c | grep -v '^shelf\.h$')
if [ -z "$bad" ]; then ok; else fail "src/main.c includes private headers: $bad"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
