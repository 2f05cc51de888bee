#!/bin/sh
# tests/tabs/csp-hash.sh [--text] FILE
#
# Prints the Content-Security-Policy source of the first inline script in
# FILE (templates/page.html, templates/index.html or a rendered page):
# 'sha256-BASE64' of the bytes between <script> and </script>, as the
# browser hashes them.  Put its output in the policy of that template after
# changing its script (tests/tabs/tabs.sh checks page.html,
# tests/sitemap.sh index.html).  Uses openssl, or python3 when openssl is absent.
# --text prints the script's text itself (tests/xss/xss.sh uses it).
set -u
text=0
[ "${1:-}" = --text ] && { text=1; shift; }
f=${1:?usage: csp-hash.sh [--text] FILE}
[ -r "$f" ] || { echo "csp-hash: cannot read $f" >&2; exit 2; }
# The text between the first <script> and the next </script>, byte for byte
# (the page's lines end with one newline each).
body() {
	awk '
	!on { i = index($0, "<script>"); if (!i) next; on = 1; $0 = substr($0, i + 8); }
	on { j = index($0, "</script>"); if (j) { printf "%s", substr($0, 1, j - 1); done = 1; exit } print }
	END { if (!done) exit 1 }' "$f"
}
body >/dev/null || { echo "csp-hash: no <script>...</script> in $f" >&2; exit 1; }
[ $text = 1 ] && { body; exit; }
if command -v openssl >/dev/null 2>&1; then
	h=$(body | openssl dgst -sha256 -binary | openssl base64 -A)
elif command -v python3 >/dev/null 2>&1; then
	h=$(body | python3 -c 'import base64, hashlib, sys; print(base64.b64encode(hashlib.sha256(sys.stdin.buffer.read()).digest()).decode())')
else
	echo "csp-hash: needs openssl or python3" >&2
	exit 2
fi
echo "'sha256-$h'"
