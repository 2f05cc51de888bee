#!/bin/sh
# tests/l10n-bench.sh SHELF_BINARY [PAIRS]
#
# `make bench`: generates a content tree of PAIRS (default 10,000) en-us
# articles with ko-kr translations (every tenth stale, every hundredth
# missing) and times `shelf l10n` over it.  Prints the pairs, the findings
# and the seconds; the target is a few seconds.
set -u
bin=$1
n=${2:-10000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/content/en-us/a" "$tmp/content/ko-kr/a"
awk -v n="$n" -v dir="$tmp/content" 'BEGIN {
	for (i = 0; i < n; i++) {
		s = dir "/en-us/a/article-" i ".md"
		printf "---\ntitle: Article %d\nms.date: 01/02/2024\n---\n# Article %d\n\n", i, i > s
		printf "Error 0xC0000225 stops the VM. Run `svc start --name demo%d` first.\n\n", i > s
		printf "## Cause\n\n- The file *cng.sys* is missing.\n- The disk has 127 GB.\n\n", i > s
		printf "```console\nsvc start --name demo%d\n```\n\n> [!NOTE]\n> See [the cause](#cause).\n", i > s
		close(s)
		if (i % 100 == 99)
			continue
		t = dir "/ko-kr/a/article-" i ".md"
		printf "---\ntitle: 문서 %d\nms.date: %s\nms.contentlocale: ko-KR\n---\n", i, (i % 10 == 9) ? "01/01/2023" : "01/02/2024" > t
		printf "# <a name=\"article-%d\"></a>문서 %d\n\n", i, i > t
		printf "오류 0xC0000225로 VM이 중지됩니다. 먼저 `svc start --name demo%d`를 실행합니다.\n\n", i > t
		printf "## <a name=\"cause\"></a>원인\n\n- *cng.sys* 파일이 없습니다.\n- 디스크는 127 GB입니다.\n\n", i > t
		printf "```console\nsvc start --name demo%d\n```\n\n> [!NOTE]\n> [원인](#cause)을 참조하세요.\n", i > t
		close(t)
	}
}'
start=$(date +%s.%N)
"$bin" l10n --content "$tmp/content" >"$tmp/out" 2>"$tmp/err"
end=$(date +%s.%N)
tail -n 1 "$tmp/err"
awk -v a="$start" -v b="$end" -v n="$n" 'BEGIN { printf "l10n: %d pairs in %.2f s\n", n, b - a }'
