#!/bin/sh
# tests/jobs.sh SHELF_BINARY
#
# `shelf build -j N` gives the same site whatever N: a tree made of the
# repo's content/ plus the shared Learn corpus (when $SHARED has it) is
# built with -j1 and -j3, and the two outputs must be byte for byte the
# same (diff -r), and so must the diagnostics, in the same order.  Also
# tests/render/paths/site (a diagnostic in an include shared by two pages,
# printed once), a --cloud build, -j usage errors, and a worker killed
# mid-build (what it took is reported, the rest is built).
# Ends with "N passed, N failed".
set -u
suite=jobs
. "$(dirname "$0")/lib.sh"
bin=$1

# build NAME CONTENT JOBS [ARGS...]: output in $d/NAME.out, stderr in
# $d/NAME.err, exit status in $d/NAME.rc.  Every build writes to the same
# folder name, so the diagnostics (which may name it) compare too.
build() {
	name=$1 content=$2 jobs=$3
	shift 3
	rm -rf "$d/site"
	${SHELF_WRAP:-} "$bin" build --quiet --content "$content" --out "$d/site" -j "$jobs" "$@" \
		2>"$d/$name.err"
	echo $? >"$d/$name.rc"
	mv "$d/site" "$d/$name.out"
}
same() { # label, a, b
	if diff -r -x stat "$d/$2.out" "$d/$3.out" >"$d/diff" 2>&1; then ok; else
		bad "$1: outputs differ"; head -n 20 "$d/diff" | sed 's/^/    /'; fi
	if cmp -s "$d/$2.err" "$d/$3.err"; then ok; else
		bad "$1: diagnostics differ"; diff -u "$d/$2.err" "$d/$3.err" | head -n 20 | sed 's/^/    /'; fi
	if cmp -s "$d/$2.rc" "$d/$3.rc"; then ok; else bad "$1: exit status differs"; fi
}

mkdir -p "$d/tree"
cp -R content/. "$d/tree/"
learn=${SHARED:-../shared}/corpus/learn/azure-cli
if [ -d "$learn" ]; then
	cp -R "$learn" "$d/tree/en-us/learn-cli"
else
	# without it (a clone alone): copies of content/'s articles, and
	# pages that raise warnings, so the comparison still has pages and
	# diagnostics to compare
	echo "note: $learn not found; the comparison uses copies of content/"
	for k in 1 2 3 4 5; do
		mkdir -p "$d/tree/en-us/copy-$k"
		cp -R content/en-us/windows content/en-us/network content/en-us/portal "$d/tree/en-us/copy-$k/"
		printf '# Copy %s\n\n![Gone](media/none-%s.png)\n\n[Nowhere](missing-%s.md#x)\n' \
			"$k" "$k" "$k" >"$d/tree/en-us/copy-$k/warns.md"
	done
fi
n=$(find "$d/tree" -name '*.md' | wc -l)

build t1 "$d/tree" 1
build t3 "$d/tree" 3
same "content+learn ($n files)" t1 t3
pages=$(find "$d/t1.out" -name '*.html' | wc -l)
[ "$pages" -gt 20 ] && ok || bad "only $pages pages built"
[ -s "$d/t1.err" ] && ok || bad "no diagnostics at all: the comparison proves little"

build p1 tests/render/paths/site 1
build p3 tests/render/paths/site 3
same "paths/site" p1 p3
if cmp -s "$d/p3.err" tests/render/paths/site/build.err; then ok; else
	bad "paths/site -j3: diagnostics differ from build.err"
	diff -u tests/render/paths/site/build.err "$d/p3.err" | head -n 20 | sed 's/^/    /'
fi

build c1 "$d/tree" 1 --cloud fairfax
build c2 "$d/tree" 2 --cloud fairfax
same "--cloud fairfax" c1 c2

# more workers than articles
build m1 tests/render/paths/site 64
same "-j64 on a small tree" p1 m1

for bad_j in 0 -1 x 257; do
	"$bin" build --content content --out "$d/nope" -j "$bad_j" >/dev/null 2>"$d/uerr"
	rc=$?
	[ $rc -eq 2 ] && grep -q -- "-j needs a number" "$d/uerr" && [ ! -e "$d/nope" ] && ok \
		|| bad "-j $bad_j: exit $rc, want 2 and a usage error"
done
"$bin" build --help | grep -q -- '-j N' && ok || bad "build --help does not mention -j"

# A worker killed mid-build loses only what it had taken: every article
# of a 600-article tree has its page or an SH085 naming it, and the exit
# status says whether any was lost.  (Not under SHELF_WRAP: the worker is
# found as the build's child process.)
if [ -z "${SHELF_WRAP:-}" ] && command -v pgrep >/dev/null 2>&1; then
	mkdir -p "$d/many/en-us"
	i=0
	while [ $i -lt 600 ]; do
		printf -- '---\ntitle: Page %s\n---\n# Page %s\n\n## Steps\n\n1. Open the **console**.\n2. Read the [log](page-0.md#steps).\n' \
			$i $i >"$d/many/en-us/page-$i.md"
		i=$((i + 1))
	done
	"$bin" build --quiet --content "$d/many" --out "$d/many-out" -j 2 2>"$d/many.err" &
	pid=$!
	i=0
	kid=""
	while [ -z "$kid" ] && [ $i -lt 500 ]; do
		kid=$(pgrep -P $pid | head -n 1)
		[ -n "$kid" ] || sleep 0.01
		i=$((i + 1))
	done
	[ -n "$kid" ] && kill -9 "$kid" 2>/dev/null
	wait $pid
	rc=$?
	lost=$(grep -c 'SH085' "$d/many.err")
	missing=0
	i=0
	while [ $i -lt 600 ]; do
		[ -f "$d/many-out/en-us/page-$i.html" ] || grep -q "en-us/page-$i.md: error: not rendered: the worker" "$d/many.err" \
			|| missing=$((missing + 1))
		i=$((i + 1))
	done
	[ "$missing" -eq 0 ] && ok || bad "a worker killed: $missing articles have neither a page nor an SH085"
	if [ "$lost" -gt 0 ]; then want=1; else want=0; fi
	[ "$rc" -eq "$want" ] && ok || bad "a worker killed: exit $rc with $lost SH085, want $want"
	[ "$lost" -lt 600 ] && ok || bad "a worker killed: all $lost articles lost (the other worker took none)"
fi

finish
