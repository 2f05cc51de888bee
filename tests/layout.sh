#!/bin/sh
# tests/layout.sh - the source tree tells its story:
#   - README's pipeline table names every file under src/<stage>/;
#   - no include circle between files: the graph of #include "x.h" between
#     modules (a .c and its .h are one module) sorts topologically;
#   - src/main.c, the CLI, includes no private header, only shelf.h.
# Ends with "N passed, N failed".
set -u
suite= # its FAIL lines name the file
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.." || exit 2

for f in src/*/*.c src/*/*.h; do
	if grep -q "\`$f\`" README.md; then ok; else bad "$f is not in README's pipeline table"; fi
done
edges=$d/edges
for f in src/*/*.c src/*/*.h; do
	m=$(basename "$f" | sed 's/\.[ch]$//')
	sed -n 's/^#include "\([a-z_0-9]*\)\.h".*/\1/p' "$f" | while read -r h; do
		[ "$h" != "$m" ] && echo "$m $h"
	done
done | sort -u >"$edges"
if loop=$(tsort "$edges" 2>&1 >/dev/null) && [ -z "$loop" ]; then
	ok
else
	bad "include circle: $(echo "$loop" | sed -n 's/^tsort: \([a-z_0-9]*\)$/\1/p' | tr '\n' ' ')"
fi
private=$(sed -n 's/^#include "\(.*\)".*/\1/p' src/main.c | grep -v '^shelf\.h$')
if [ -z "$private" ]; then ok; else bad "src/main.c includes private headers: $private"; fi
finish
