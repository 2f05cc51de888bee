#!/bin/sh
# tests/serve.sh SHELF_BINARY
#
# `shelf serve --port 0` on a small temporary content tree, over loopback
# only: the URL line appears; a page is served with the reload script
# (and 'self' in its CSP) while the built file has neither; an edit to the
# article is served within one second and an event stream on
# /__shelf/events receives "event: reload"; a folder created later is
# watched too, and so is templates/ (a broken template is SH050 and the
# last good page stays); `..`, encoded `..` and symlinks out of the output folder are
# refused (403/404), and so is a Host that is not the loopback; content
# types, HEAD, 405, 404; SIGTERM ends it with
# status 0 and removes its temporary folder.  Every wait is a bounded
# loop, and the server runs under `timeout`, so the test cannot hang.
# Ends with "N passed, N failed".
set -u
suite=serve
. "$(dirname "$0")/lib.sh"
bin=$1
pid=""
ssepid=""
cleanup_extra() { # the server and the event-stream reader, when running
	[ -n "$ssepid" ] && kill "$ssepid" 2>/dev/null
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
}

if ! command -v curl >/dev/null 2>&1; then
	bad "curl is not installed (make deps installs it)"
	finish
fi

mkdir -p "$d/c/en-us/media" "$d/tmp" "$d/data"
# a copy of templates/ and locales/, so that the test may edit a template
cp -R "${SHELF_DATA:-.}/templates" "${SHELF_DATA:-.}/locales" "$d/data/"
cat >"$d/c/en-us/a.md" <<'EOF'
---
title: Serve test
---
# Serve test

First text of the article.

![a dot](media/dot.png)
EOF
printf '\211PNG\r\n\032\n' >"$d/c/en-us/media/dot.png"

# the server: 60 s at most whatever happens; its output folder lands in
# $d/tmp, so the test can look at it and plant symlinks in it
: >"$d/err" # before the background job opens it: the loop below reads it at once
TMPDIR=$d/tmp timeout --foreground 60 ${SHELF_WRAP:-} "$bin" serve --content "$d/c" --data "$d/data" --port 0 2>"$d/err" &
pid=$!
url=""
i=0
while [ $i -lt 150 ]; do # 15 s (the sanitizer build starts slowly)
	url=$(sed -n 's|^serving \(http://127\.0\.0\.1:[0-9][0-9]*/\)$|\1|p' "$d/err")
	[ -n "$url" ] && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
	i=$((i + 1))
done
if [ -z "$url" ]; then
	bad "no 'serving http://127.0.0.1:PORT/' line; stderr:"
	sed 's/^/    /' "$d/err" | head -n 20
	finish
fi
ok
out=$(ls -d "$d"/tmp/shelf-serve-* 2>/dev/null | head -n 1)
[ -d "$out" ] && ok || bad "no temporary output folder below \$TMPDIR"

get() { curl -s --max-time 5 "$@"; }
code() { curl -s --max-time 5 -o /dev/null -w '%{http_code}' "$@"; }
has() { # name, text, needle
	case $2 in *"$3"*) ok ;; *) bad "$1: lacks: $3" ;; esac
}

page=$(get "${url}en-us/a.html")
has page-served "$page" "First text of the article."
has reload-script "$page" '<script src="/__shelf/reload.js"></script></body>'
has csp-self "$page" "script-src 'self' 'sha256-"
if grep -q '__shelf' "$out/en-us/a.html" 2>/dev/null; then bad "the built file has the reload script"; else ok; fi
js=$(get "${url}__shelf/reload.js")
has reload-js "$js" "new EventSource('/__shelf/events')"

# an event stream, connected (its first comment arrived) before the edit
curl -s -N --max-time 20 "${url}__shelf/events" >"$d/sse" 2>/dev/null &
ssepid=$!
i=0
while [ $i -lt 50 ] && ! grep -q '^: shelf' "$d/sse" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
grep -q '^: shelf' "$d/sse" && ok || bad "event stream did not start"

sed 's/First text/Second text/' "$d/c/en-us/a.md" >"$d/a.new" && mv "$d/a.new" "$d/c/en-us/a.md"
# one second (20 x 50 ms); ten under valgrind (make valgrind sets SHELF_WRAP)
tries=20
[ -n "${SHELF_WRAP:-}" ] && tries=200
i=0
seen=0
while [ $i -lt $tries ]; do
	if get "${url}en-us/a.html" | grep -q 'Second text of the article.'; then seen=1; break; fi
	sleep 0.05
	i=$((i + 1))
done
[ $seen = 1 ] && ok || bad "the edited article was not served within one second"
i=0
while [ $i -lt 30 ] && ! grep -q '^event: reload' "$d/sse"; do sleep 0.1; i=$((i + 1)); done
grep -q '^event: reload' "$d/sse" && ok || bad "no 'event: reload' on /__shelf/events"
kill "$ssepid" 2>/dev/null
wait "$ssepid" 2>/dev/null
ssepid=""

# a folder made after the start is watched, and so is one inside it
mkdir -p "$d/c/en-us/new/deeper"
sleep 0.2
printf '# Deeper\n\nA page in a new folder.\n' >"$d/c/en-us/new/deeper/n.md"
i=0
while [ $i -lt 40 ] && [ "$(code "${url}en-us/new/deeper/n.html")" != 200 ]; do
	sleep 0.05
	i=$((i + 1))
done
[ "$(code "${url}en-us/new/deeper/n.html")" = 200 ] && ok || bad "a page in a new folder was not built"

# a deleted article's page goes (the rebuild is incremental and removes it)
rm "$d/c/en-us/new/deeper/n.md"
i=0
while [ $i -lt 40 ] && [ "$(code "${url}en-us/new/deeper/n.html")" != 404 ]; do
	sleep 0.05
	i=$((i + 1))
done
[ "$(code "${url}en-us/new/deeper/n.html")" = 404 ] && ok || bad "a deleted article's page is still served"
[ "$(code "${url}.shelf/manifest")" = 403 ] && ok || bad "the build manifest is served"

# a template edit rebuilds with the new template
sed 's|</head>|<meta name="x-serve-test" content="1"></head>|' "$d/data/templates/page.html" >"$d/p.new" &&
	mv "$d/p.new" "$d/data/templates/page.html"
i=0
while [ $i -lt 40 ] && ! get "${url}en-us/a.html" | grep -q 'x-serve-test'; do
	sleep 0.05
	i=$((i + 1))
done
get "${url}en-us/a.html" | grep -q 'x-serve-test' && ok || bad "a template edit did not rebuild the page"
# a template that no longer loads is SH050, and the last good one stays
printf '{{#unclosed}}\n' >>"$d/data/templates/page.html"
i=0
while [ $i -lt 40 ] && ! grep -q 'SH050' "$d/err"; do sleep 0.05; i=$((i + 1)); done
grep -q 'SH050' "$d/err" && ok || bad "a broken template is not reported (SH050)"
get "${url}en-us/a.html" | grep -q 'x-serve-test' && ok || bad "a broken template lost the last good page"

refused() { # name, code
	case $2 in 403|404) ok ;; *) bad "$1: status $2, want 403 or 404" ;; esac
}
refused dotdot "$(code --path-as-is "${url}../../etc/passwd")"
refused dotdot-encoded "$(code --path-as-is "${url}%2e%2e/%2e%2e/etc/passwd")"
refused dotdot-inside "$(code --path-as-is "${url}en-us/../../../etc/passwd")"
refused double-slash "$(code --path-as-is "${url}/etc/passwd")"
ln -s /etc "$out/escape"
ln -s /etc/passwd "$out/passwd.html"
refused symlink-folder "$(code "${url}escape/passwd")"
refused symlink-file "$(code "${url}passwd.html")"
if get "${url}passwd.html" "${url}escape/passwd" | grep -q 'root:'; then
	bad "a symlink served /etc/passwd"
else ok; fi

ctype() { curl -s --max-time 5 -o /dev/null -w '%{content_type}' "$1"; }
has type-html "$(ctype "${url}en-us/a.html")" "text/html"
has type-css "$(ctype "${url}shelf.css")" "text/css"
has type-json "$(ctype "${url}en-us/a.json")" "application/json"
has type-png "$(ctype "${url}en-us/media/dot.png")" "image/png"
has type-js "$(ctype "${url}__shelf/reload.js")" "text/javascript"
[ "$(code -I "${url}en-us/a.html")" = 200 ] && ok || bad "HEAD is not 200"
[ -z "$(curl -s --max-time 5 -I "${url}en-us/a.html" | sed -n '/^\r*$/,$p' | tr -d '\r\n')" ] && ok \
	|| bad "HEAD sent a body"
[ "$(code -H 'Host: rebound.example' "${url}en-us/a.html")" = 403 ] && ok \
	|| bad "a Host other than the loopback is not refused (DNS rebinding)"
[ "$(code -H 'Host: localhost:1' "${url}en-us/a.html")" = 200 ] && ok || bad "Host localhost refused"
[ "$(code -X POST "${url}en-us/a.html")" = 405 ] && ok || bad "POST is not 405"
[ "$(code "${url}en-us/nothing.html")" = 404 ] && ok || bad "a missing page is not 404"
[ "$(code "${url}en-us")" = 301 ] && ok || bad "a folder without its / is not redirected"
[ "$(code "${url}en-us/")" = 200 ] && ok || bad "a folder does not serve its index.html"

kill -TERM "$pid"
wait "$pid"
rc=$?
pid=""
[ $rc -eq 0 ] && ok || bad "exit status $rc after SIGTERM, want 0"
[ -e "$out" ] && bad "the temporary folder is left after SIGTERM" || ok

"$bin" serve --port nope >/dev/null 2>&1
[ $? -eq 2 ] && ok || bad "--port nope is not a usage error"
finish
