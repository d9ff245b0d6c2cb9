#!/bin/bash
# gazette serve (the libmicrohttpd transport), from the outside:
#  1. it answers the home page, and HEAD with the same headers and no body;
#  2. /static/ files with their type, ETag, Last-Modified, nosniff, and 304
#     for If-None-Match / If-Modified-Since; /media/ files too;
#  3. traversal (plain, percent-encoded, mixed), backslashes, NUL, a symlink
#     pointing out of the folder, directories and dotfiles: 400 or 404, and
#     nothing from outside leaks;
#  4. what nginx would refuse: duplicate Content-Length, Content-Length with
#     chunked, CR or NUL in a header value, HTTP/1.1 without Host, two Hosts,
#     an unknown Transfer-Encoding: 400; a 17 KiB header: 431 or 400;
#  5. bodies: a 70 KiB urlencoded POST gets 413 without being read;
#  6. slowloris: 40 connections trickling a header byte a second neither stop
#     a normal client nor live past the request deadline;
#  7. SIGTERM: exit status 0; a port in use: exit 1 with one line.
# The server keeps answering after every bad request.
set -u
. "$(dirname "$0")/lib.sh"

step "setup: static folder with a symlink out, media folder, gazette serve"
mkdir -p "$tmp/static" "$tmp/media"
cp -R "$src/static/." "$tmp/static/"
echo 'secret outside the static folder' >"$tmp/secret.txt"
ln -s "$tmp/secret.txt" "$tmp/static/evil.txt"
ln -s "$tmp" "$tmp/static/up"
echo 'hidden' >"$tmp/static/.hidden"
printf 'plain text\n' >"$tmp/static/note.txt"
printf 'binary' >"$tmp/static/blob.unknownext"
printf 'GIF89a\1\0\1\0\0\0\0;' >"$tmp/media/pixel.gif"
"$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$tmp/g.db" --static "$tmp/static" \
	>"$tmp/serve.log" 2>&1 &
spid=$!
pids+=("$spid")
port=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "no port in $tmp/serve.log"; }
base=http://127.0.0.1:$port
wait_http "$base/" || { cat "$tmp/serve.log"; die "gazette serve does not answer on $base"; }
pass "gazette serve answers on $base"

step "home page and HEAD"
code=$(fetch "$base/" "$tmp/home")
check "GET /: 200 ($code)" [ "$code" = 200 ]
check "GET /: Content-Type text/html" grep -qi '^content-type: text/html' "$tmp/home.h"
len=$(header "$tmp/home.h" content-length)
check "GET /: Content-Length $len matches the body" [ "$len" = "$(wc -c <"$tmp/home")" ]
# The same Host as the GET: a site without a saved base URL builds its
# links from it, so another Host is another page (of another length).
out=$(python3 "$here/rawhttp.py" "$port" "HEAD / HTTP/1.1\r\nHost: 127.0.0.1:$port\r\nConnection: close\r\n\r\n" full)
check "HEAD /: 200, Content-Length $len, no body ($out)" [ "$out" = "200 $len 0" ]

step "static files"
code=$(fetch "$base/static/css/site.css" "$tmp/css")
check "/static/css/site.css: 200 ($code)" [ "$code" = 200 ]
check "/static/css/site.css: same bytes as static/css/site.css" cmp -s "$tmp/css" "$src/static/css/site.css"
check "/static/css/site.css: text/css; charset=utf-8" \
	[ "$(header "$tmp/css.h" content-type)" = "text/css; charset=utf-8" ]
check "/static/css/site.css: X-Content-Type-Options nosniff" \
	[ "$(header "$tmp/css.h" x-content-type-options)" = nosniff ]
etag=$(header "$tmp/css.h" etag)
lastmod=$(header "$tmp/css.h" last-modified)
cond "/static/css/site.css: ETag ($etag) and Last-Modified ($lastmod)" '[ -n "$etag" ] && [ -n "$lastmod" ]'
code=$(fetch "$base/static/css/site.css" "$tmp/c304" -H "If-None-Match: $etag")
cond "If-None-Match with the ETag: 304 ($code), empty body" '[ "$code" = 304 ] && [ ! -s "$tmp/c304" ]'
code=$(fetch "$base/static/css/site.css" "$tmp/c304b" -H 'If-None-Match: "other"')
check "If-None-Match with another tag: 200 ($code)" [ "$code" = 200 ]
code=$(fetch "$base/static/css/site.css" "$tmp/c304c" -H "If-Modified-Since: $lastmod")
check "If-Modified-Since Last-Modified: 304 ($code)" [ "$code" = 304 ]
code=$(fetch "$base/static/css/site.css" "$tmp/c304d" -H "If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT")
check "If-Modified-Since 1970: 200 ($code)" [ "$code" = 200 ]
out=$(python3 "$here/rawhttp.py" "$port" 'HEAD /static/css/site.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' full)
check "HEAD /static/css/site.css: headers only ($out)" [ "$out" = "200 $(wc -c <"$src/static/css/site.css") 0" ]
code=$(fetch "$base/static/note.txt" "$tmp/txt")
cond "/static/note.txt: text/plain; charset=utf-8" \
	'[ "$code" = 200 ] && [ "$(header "$tmp/txt.h" content-type)" = "text/plain; charset=utf-8" ]'
code=$(fetch "$base/static/blob.unknownext" "$tmp/blob")
cond "unknown extension: application/octet-stream" \
	'[ "$code" = 200 ] && [ "$(header "$tmp/blob.h" content-type)" = application/octet-stream ]'
code=$(fetch "$base/media/pixel.gif" "$tmp/gif")
cond "/media/pixel.gif: 200, image/gif, nosniff ($code)" '[ "$code" = 200 ] &&
	[ "$(header "$tmp/gif.h" content-type)" = image/gif ] &&
	[ "$(header "$tmp/gif.h" x-content-type-options)" = nosniff ]'
check "the access log has the static requests" grep -q '/static/css/site.css' "$tmp/serve.log"

step "refused paths: traversal, symlinks, directories, dotfiles"
refused() { # PATH LABEL
	local code
	code=$(fetch "$base$1" "$tmp/r")
	if [[ "$code" =~ ^(400|404)$ ]] &&
		! grep -aq -e 'secret outside' -e cmake_minimum_required -e 'SQLite format' "$tmp/r"; then
		pass "$2 $1: $code"
	else
		fail "$2 $1: status $code"
	fi
}
refused /static/../CMakeLists.txt "traversal"
refused /static/../../../../etc/passwd "traversal"
refused /static/%2e%2e/CMakeLists.txt "encoded traversal"
refused /static/%2E%2E/%2E%2E/CMakeLists.txt "encoded traversal"
refused /static/%2E./CMakeLists.txt "half-encoded traversal"
refused /static/..%2fREADME.md "encoded slash"
refused /static/css/..%2f..%2fsecret.txt "encoded slash"
refused /static/..%5csecret.txt "backslash"
refused '/static/a\b' "backslash"
refused /static/note.txt%00.css "NUL"
refused /static/evil.txt "symlink out"
refused /static/up/secret.txt "directory symlink out"
refused /static/up/g.db "directory symlink to the database"
refused /static/ "directory"
refused /static/css/ "directory"
refused /static/css "directory"
refused /static/.hidden "dotfile"
refused /media/../g.db "traversal"
refused /media/%2e%2e/g.db "encoded traversal"

step "malformed requests nginx would refuse: 400"
raw() { # LABEL WANT REQUEST
	local got
	got=$(python3 "$here/rawhttp.py" "$port" "$3")
	if [[ "$got" =~ ^($2)$ ]]; then pass "$1: $got"; else fail "$1: $got, want $2"; fi
}
raw "duplicate Content-Length" 400 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc'
raw "conflicting Content-Length" 400 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd'
raw "Content-Length with chunked" 400 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'
raw "Transfer-Encoding gzip, chunked" 400 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'
raw "bare CR in a header value" 400 'GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n'
raw "NUL in a header value" 400 'GET / HTTP/1.1\r\nX-A: a\x00b\r\nHost: x\r\n\r\n'
raw "NUL in the last header value" 400 'GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n'
raw "HTTP/1.1 without Host" 400 'GET / HTTP/1.1\r\n\r\n'
raw "two Host headers" 400 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n'
raw "negative Content-Length" 400 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n'
raw "HTTP/1.0 without Host still served" 200 'GET / HTTP/1.0\r\n\r\n'
big=$(head -c 17000 /dev/zero | tr '\0' a)
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "X-Big: $big" "$base/")
cond "17 KiB header: 431 or 400 ($code)" '[[ "$code" =~ ^(431|400)$ ]]'
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "X-Ok: ${big:0:8000}" "$base/")
check "8 KB header: 200 ($code)" [ "$code" = 200 ]

step "request bodies"
head -c $((70 * 1024)) /dev/zero | tr '\0' a >"$tmp/70k"
code=$(curl -s -o "$tmp/413" -w '%{http_code}' --max-time 10 \
	-H 'Content-Type: application/x-www-form-urlencoded' --data-binary @"$tmp/70k" "$base/")
check "70 KiB urlencoded POST: 413 ($code)" [ "$code" = 413 ]
raw "Content-Length 20 MiB, no body sent: 413 at once" 413 \
	'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 20971520\r\n\r\n'
code=$(fetch "$base/" "$tmp/after")
check "after the bad requests, GET / still 200 ($code)" [ "$code" = 200 ]

step "slowloris: 40 connections trickling a header byte a second"
src_addr=127.0.0.2
python3 -c "import socket; socket.socket().bind(('$src_addr', 0))" 2>/dev/null || src_addr=""
if [ -n "$src_addr" ]; then
	n=40
	echo "     from $src_addr, so the per-address limit spares the test's own client"
else
	n=20
	echo "     127.0.0.2 unusable here: 20 connections from 127.0.0.1 (under the per-address limit)"
fi
python3 "$here/slowloris.py" "$port" "$n" 45 $src_addr >"$tmp/slow.out" 2>&1 &
slow_pid=$!
pids+=("$slow_pid")
for ((i = 0; i < 600; i++)); do
	grep -q ready "$tmp/slow.out" && break
	sleep 0.1
done
check "the trickling connections are open" grep -q ready "$tmp/slow.out"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 "$base/")
cond "while trickled: GET / answered ($code)" '[ "$code" = 200 ] && alive "$slow_pid"'
wait "$slow_pid"
res=$(tail -1 "$tmp/slow.out")
echo "     $res"
read -r _ opened _ refused _ closed _ still _ longest <<<"$res"
check "every trickling connection was closed by the server (still open: $still)" [ "$still" = 0 ]
echo "     longest a trickling connection lived: ${longest} s (header deadline 30 s)"
if [ "$n" = 40 ]; then
	check "per-address limit: connections past 32 refused at once ($refused)" [ "$refused" -ge 8 ]
fi
code=$(fetch "$base/" "$tmp/after2")
check "afterwards GET / 200 ($code)" [ "$code" = 200 ]

step "start-up failure and SIGTERM"
"$GAZETTE_BIN" serve --listen "127.0.0.1:$port" --db "$tmp/g.db" --static "$tmp/static" \
	>"$tmp/busy.log" 2>&1
rc=$?
check "second serve on the same port: exit 1 ($rc)" [ "$rc" = 1 ]
check "with 'cannot listen on 127.0.0.1:$port' on stderr" grep -q "cannot listen on 127.0.0.1:$port" "$tmp/busy.log"
stop_pid "$spid"
check "SIGTERM: exit status 0 ($rc)" [ "$rc" = 0 ]

finish
