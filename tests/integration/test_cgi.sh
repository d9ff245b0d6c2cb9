#!/bin/bash
# gazette as a CGI program (GATEWAY_INTERFACE set), run the way a web server
# would: meta-variables in the environment, the body on stdin.
#  1. GET /: "Status: 200 OK", a Content-Length that matches, and the body
#     byte for byte the one gazette serve sends; exit status 0;
#  2. HEAD: the same Content-Length and no body;
#  3. POST: the body comes from stdin, bounded by CONTENT_LENGTH (the program
#     does not wait for more), 413 over the limit without reading, 400 for a
#     short or invalid body;
#  4. REQUEST_URI missing: rebuilt from SCRIPT_NAME, PATH_INFO, QUERY_STRING.
set -u
. "$(dirname "$0")/lib.sh"

# cgi OUT NAME=VALUE...: run one request (stdin from $body or nothing);
# OUT.h and OUT.body hold the answer; prints "STATUS EXIT".
cgi() {
	local out=$1 ec
	shift
	env -i PATH="$PATH" GAZETTE_DB="$tmp/g.db" GATEWAY_INTERFACE=CGI/1.1 \
		SERVER_PROTOCOL=HTTP/1.1 SERVER_NAME=127.0.0.1 SERVER_PORT=80 \
		REMOTE_ADDR=127.0.0.1 HTTP_HOST="127.0.0.1:$sport" "$@" \
		"$GAZETTE_BIN" <"${body:-/dev/null}" >"$out" 2>"$out.err"
	ec=$?
	split_cgi "$out"
	echo "$(grep -ai '^status:' "$out.h" | head -1 | awk '{print $2}') $ec"
}

step "setup: demo database and gazette serve for reference"
"$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$tmp/g.db" >"$tmp/serve.log" 2>&1 &
sport=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "no port in $tmp/serve.log"; }
spid=$!
pids+=("$spid")
wait_http "http://127.0.0.1:$sport/" || { cat "$tmp/serve.log"; die "gazette serve does not answer"; }
pass "gazette serve answers on 127.0.0.1:$sport"

step "GET and HEAD"
for u in / /page/2 /no-such-page; do
	code=$(fetch "http://127.0.0.1:$sport$u" "$tmp/s")
	got=$(cgi "$tmp/c" REQUEST_METHOD=GET REQUEST_URI="$u")
	if [ "$got" = "$code 0" ] && cmp -s "$tmp/s" "$tmp/c.body"; then
		pass "GET $u: Status $code, exit 0, body byte for byte as serve's ($(wc -c <"$tmp/s") bytes)"
	else
		fail "GET $u: cgi '$got' vs serve $code; $(cmp "$tmp/s" "$tmp/c.body" 2>&1 | head -1)"
	fi
done
code=$(fetch "http://127.0.0.1:$sport/" "$tmp/s")
got=$(cgi "$tmp/c" REQUEST_METHOD=GET REQUEST_URI=/)
check "GET /: Content-Length matches the body" \
	[ "$(header "$tmp/c.h" content-length)" = "$(wc -c <"$tmp/c.body")" ]
check "GET /: the head starts with a Status line" grep -q '^Status: 200 OK' "$tmp/c.h"
got=$(cgi "$tmp/h" REQUEST_METHOD=HEAD REQUEST_URI=/)
len=$(header "$tmp/h.h" content-length)
cond "HEAD /: '$got', Content-Length $len = GET body size, no body" \
	'[ "$got" = "200 0" ] && [ "$len" = "$(wc -c <"$tmp/s")" ] && [ ! -s "$tmp/h.body" ]'

step "POST bodies from stdin"
printf 'choice=accept&back=%%2F' >"$tmp/form"
got=$(body=$tmp/form cgi "$tmp/p" REQUEST_METHOD=POST REQUEST_URI=/consent \
	CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH="$(wc -c <"$tmp/form")")
cond "POST /consent with a form on stdin: answered, not 5xx, exit 0 ($got)" \
	'[[ "$got" =~ ^[234][0-9][0-9]\ 0$ ]]'
# The body's writer keeps stdin open until the answer has been read: an
# answer that waited for end of input would never come (the read gives up
# after 60 s), so this checks the order of events, not a duration.
mkfifo "$tmp/in"
env -i PATH="$PATH" GAZETTE_DB="$tmp/g.db" \
	GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=POST REQUEST_URI=/consent HTTP_HOST=x \
	CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=13 \
	"$GAZETTE_BIN" <"$tmp/in" >"$tmp/out13" 2>/dev/null &
cgi_pid=$!
pids+=("$cgi_pid")
exec 7>"$tmp/in"
printf 'choice=accept' >&7
for ((i = 0; i < 600; i++)); do
	alive "$cgi_pid" || break
	sleep 0.1
done
got=$(head -1 "$tmp/out13" | tr -d '\r')
cond "CONTENT_LENGTH is honoured: '$got' with stdin still open" \
	'! alive "$cgi_pid" && [[ "$got" == Status:* ]]'
exec 7>&-
wait "$cgi_pid" 2>/dev/null
head -c $((70 * 1024)) /dev/zero | tr '\0' a >"$tmp/70k"
got=$(body=$tmp/70k cgi "$tmp/p" REQUEST_METHOD=POST REQUEST_URI=/ \
	CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=71680)
check "70 KiB urlencoded body: 413, exit 0 ($got)" [ "$got" = "413 0" ]
got=$(cgi "$tmp/p" REQUEST_METHOD=POST REQUEST_URI=/ CONTENT_LENGTH=100)
check "CONTENT_LENGTH 100 with an empty stdin: 400 ($got)" [ "$got" = "400 0" ]
got=$(cgi "$tmp/p" REQUEST_METHOD=POST REQUEST_URI=/ CONTENT_LENGTH=-5)
check "CONTENT_LENGTH -5: 400 ($got)" [ "$got" = "400 0" ]

step "REQUEST_URI rebuilt from its parts"
code=$(fetch "http://127.0.0.1:$sport/page/2" "$tmp/s")
got=$(cgi "$tmp/c" REQUEST_METHOD=GET SCRIPT_NAME=/page PATH_INFO=/2 QUERY_STRING=)
cond "SCRIPT_NAME=/page PATH_INFO=/2: same as serve's /page/2 ($got)" \
	'[ "$got" = "$code 0" ] && cmp -s "$tmp/s" "$tmp/c.body"'

stop_pid "$spid"
finish
