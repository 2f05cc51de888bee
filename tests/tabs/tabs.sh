#!/bin/sh
# tests/tabs/tabs.sh SHELF_BINARY
#
# The tab groups of a page (README "Tab groups"):
#  - the Content-Security-Policy of templates/page.html, and of a page shelf
#    renders with it, names the sha256 of its inline script (csp-hash.sh);
#    fails when someone edits the script without recomputing the hash;
#  - in headless Chromium, two-groups.md rendered with --format page:
#    clicks and arrow keys switch both groups, with their ARIA state
#    (harness.js, put before the policy, drives it);
#  - the same page with its script removed (a reader without JavaScript):
#    every panel shows, each under its tab's title.
# Prints one line per failure, ends with "N passed, N failed".  Without
# chromium the browser checks are skipped with a "skip" line.  Each browser
# run has a hard timeout.  CHROMIUM=path overrides the browser.
set -u
suite=tabs:
. "$(dirname "$0")/../lib.sh"
bin=${1:-build/shelf}
here=$(cd "$(dirname "$0")" && pwd)
chrome=${CHROMIUM:-chromium}

if [ ! -x "$bin" ]; then
	bad "$bin is not an executable"
	finish
fi
"$bin" render --format page "$here/two-groups.md" >"$d/page.html" 2>"$d/render.err" ||
	bad "shelf render --format page two-groups.md failed: $(head -n 3 "$d/render.err")"

# --- the policy names the script's hash ---------------------------------
# policy FILE: the script-src hash source the page's policy names
policy() { sed -n "s/.*http-equiv=\"Content-Security-Policy\".*script-src \('sha256-[^']*'\).*/\1/p" "$1" | head -n 1; }
for f in "$here/../../templates/page.html" "$d/page.html"; do
	name=$f
	[ "$f" = "$d/page.html" ] && name="the rendered page"
	want=$(sh "$here/csp-hash.sh" "$f" 2>"$d/hash.err") || { bad "$name: $(cat "$d/hash.err")"; continue; }
	got=$(policy "$f")
	if [ "$got" = "$want" ]; then
		ok
	else
		bad "$name: the Content-Security-Policy names ${got:-no script hash} but the inline script hashes to $want; after changing the script put $want in the policy (templates/page.html)"
	fi
done

# --- in the browser -------------------------------------------------------
if ! command -v "$chrome" >/dev/null 2>&1; then
	echo "skip tabs: chromium not found, the browser checks did not run (apt-get install chromium)"
	# CI installs the browser: there, a missing one is a failure, not a skip
	# (CHROMIUM set by hand, as run.sh does for the ASan build, opts out)
	[ "${CI:-}" = true ] && [ -z "${CHROMIUM:-}" ] && { failed=$((failed + 1)); echo "FAIL no browser with CI=true"; }
	finish
fi
# page MODE: the rendered page with the harness right after <head>, and
# without the page's own script for MODE noscript
page() {
	{
		sed -n '1,/<head>/p' "$d/page.html"
		printf '<script>var __tabsMode = "%s";\n' "$1"
		cat "$here/harness.js"
		printf '</script>\n'
		if [ "$1" = noscript ]; then
			sed -e '1,/<head>/d' -e '/^<script>$/,/^<\/script>$/d' "$d/page.html"
		else
			sed '1,/<head>/d' "$d/page.html"
		fi
	} >"$d/$1.html"
}
# One browser run: a batch page holds both pages in iframes and writes
# what their harnesses post, "CHECK MODE ok|FAIL ..." lines and "CHECK
# MODE END" (Chromium starts slowly; one start keeps the test short).
page script
page noscript
cat >"$d/batch.html" <<'HTML'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>tabs batch</title>
<script>
addEventListener('message', function (e) {
	var d = e.data, pre = document.createElement('pre');
	if (!d || !d.mode) return;
	pre.textContent = '\n' + d.out.map(function (l) { return 'CHECK ' + d.mode + ' ' + l; }).join('\n') +
		'\nCHECK ' + d.mode + ' END\n';
	document.body.appendChild(pre);
});
</script></head><body>
<iframe src="script.html" width="800" height="1200"></iframe>
<iframe src="noscript.html" width="800" height="1200"></iframe>
</body></html>
HTML
timeout -k 2 20 "$chrome" --headless --no-sandbox --disable-gpu --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$d/profile" --window-size=1700,1300 --virtual-time-budget=500 \
	--dump-dom "file://$d/batch.html" >"$d/batch.dom" 2>"$d/batch.log"
sed -n 's/^CHECK //p' "$d/batch.dom" |
	sed -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&quot;/"/g' -e 's/&amp;/\&/g' >"$d/batch.out"
for m in script noscript; do
	if ! grep -q "^$m END\$" "$d/batch.out"; then
		bad "$m: the page did not report in Chromium (timeout or crash): $(grep -v dbus "$d/batch.log" | tail -n 2)"
		continue
	fi
	sed -n "s/^$m //p" "$d/batch.out" >"$d/$m.out"
	while IFS= read -r line; do
		case $line in
		"ok "*) ok ;;
		"FAIL "*) bad "$m: ${line#FAIL }" ;;
		esac
	done <"$d/$m.out"
done
finish
