#!/bin/bash
# gazette serve's rough edges (issue 13, point 10), and HSTS, with real
# requests on real sockets:
#  1. a NUL anywhere in the request-target (path or query), or a blank or a
#     control byte in it: 400, never the page the target was cut short to;
#  2. a chunked body over the form limit (64 KiB): a real 413 answer, our
#     error page with a matching Content-Length, after the body and not a
#     reset; far past it (more than 1 MiB over) the connection is closed
#     instead; a chunked body within the limit still reaches the handler;
#  3. error answers carry their head once: HTTP/1.1 without Host, a target
#     with a NUL, framing conflicts: the body never starts with a status
#     line and is exactly Content-Length long.  Printed, not failed: a
#     malformed Content-Length, which libmicrohttpd 0.9.75 answers itself
#     with the head doubled (no callback runs before it);
#  4. HSTS: over FastCGI and CGI with HTTPS=on, Strict-Transport-Security:
#     max-age=31536000 on pages, redirects and errors; none without HTTPS,
#     none from gazette serve (no TLS); the settings page shows the box
#     ticked; unticked and saved there, no header over HTTPS either; ticked
#     again, back.
# The server keeps answering after every bad request.
set -u
. "$(dirname "$0")/../integration/lib.sh"

cat >"$tmp/raw.py" <<'PY'
"""raw.py PORT REQUEST [chunked N [TEXT]]: send REQUEST (Python escapes) to
127.0.0.1:PORT, then with "chunked N" a chunked body of N bytes in 8 KiB
chunks (N bytes of "a", or of TEXT repeated).  Reads one answer (by Content-Length, or to the close) and prints
"STATUS CONTENT_LENGTH BODY_BYTES DOUBLED": DOUBLED is 1 when the body
starts with a status line.  STATUS is "closed" when no answer came."""
import socket, sys
port, req = int(sys.argv[1]), sys.argv[2].encode("latin-1").decode("unicode_escape").encode("latin-1")
s = socket.create_connection(("127.0.0.1", port), timeout=10)
try:
    s.sendall(req)
    if len(sys.argv) > 4 and sys.argv[3] == "chunked":
        left = int(sys.argv[4])
        text = sys.argv[5].encode() if len(sys.argv) > 5 else b"a"
        chunk = (text * (8192 // len(text) + 1))[:max(len(text), 8192)]
        while left > 0:
            n = min(left, len(chunk))
            s.sendall(b"%x\r\n" % n + chunk[:n] + b"\r\n")
            left -= n
        s.sendall(b"0\r\n\r\n")
except (BrokenPipeError, ConnectionResetError):
    pass
buf, length = b"", None
try:
    while True:
        if b"\r\n\r\n" in buf and length is None:
            head = buf.split(b"\r\n\r\n", 1)[0]
            for h in head.split(b"\r\n")[1:]:
                k, _, v = h.partition(b":")
                if k.strip().lower() == b"content-length":
                    length = int(v.strip())
        if length is not None and len(buf.split(b"\r\n\r\n", 1)[1]) >= length:
            break
        d = s.recv(65536)
        if not d:
            break
        buf += d
except (socket.timeout, ConnectionResetError):
    pass
head, _, body = buf.partition(b"\r\n\r\n")
line = head.split(b"\r\n")[0].decode("latin-1")
status = line.split(" ")[1] if line.startswith("HTTP/") else "closed"
print(status, length if length is not None else "-", len(body), int(body.startswith(b"HTTP/")))
PY
raw() { python3 "$tmp/raw.py" "$@"; }

step "setup: demo database, an admin, gazette serve and gazette fcgi on it"
db=$tmp/g.db
"$GAZETTE_BIN" init --db "$db" --demo >/dev/null 2>&1 || die "init"
echo 'admin pass 123' | "$GAZETTE_BIN" user add boss --role admin --password-stdin --db "$db" >/dev/null
"$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$db" >"$tmp/serve.log" 2>&1 &
spid=$!
pids+=("$spid")
port=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "no port in serve.log"; }
base=http://127.0.0.1:$port
wait_http "$base/" || die "serve does not answer"
"$GAZETTE_BIN" fcgi --listen "127.0.0.1:0" --threads 2 --db "$db" >"$tmp/fcgi.log" 2>&1 &
pids+=($!)
fport=$(listen_port "$tmp/fcgi.log") || { cat "$tmp/fcgi.log"; die "no port in fcgi.log"; }
pass "gazette serve on $port, gazette fcgi on $fport"
art=$(sqlite3 "$db" "SELECT slug FROM articles WHERE status = 'published' LIMIT 1")

step "NUL, blanks and control bytes in the request-target: 400"
for t in '/\x00admin' '/admin\x00x' '/?q=\x00' '/search?q=a\x00b' '/a b' '/a\tb' '/a\x01b' '/a\x7fb'; do
	out=$(raw "$port" "GET $t HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	cond "GET $t: 400, one head ($out)" '[ "${out%% *}" = 400 ] && [ "${out##* }" = 0 ]'
done
out=$(raw "$port" 'GET /\x00admin HTTP/1.0\r\n\r\n')
cond "HTTP/1.0 GET /\\x00admin: 400 too ($out)" '[ "${out%% *}" = 400 ]'
code=$(fetch "$base/" "$tmp/home")
check "the home page still answers: 200 ($code)" [ "$code" = 200 ]
code=$(fetch "$base/search?q=steel" "$tmp/s")
check "a plain query still answers: 200 ($code)" [ "$code" = 200 ]

step "chunked request bodies and the form limit (64 KiB)"
chunked="POST /consent HTTP/1.1\r\nHost: 127.0.0.1:$port\r\nOrigin: http://127.0.0.1:$port\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
out=$(raw "$port" "$chunked" chunked $((128 * 1024)))
read -r st cl blen dbl <<<"$out"
cond "128 KiB chunked: a 413 answer, not a reset ($out)" '[ "$st" = 413 ]'
cond "  with our error page, Content-Length $cl = body $blen, one head" \
	'[ "$cl" = "$blen" ] && [ "$blen" -gt 0 ] && [ "$dbl" = 0 ]'
check "  logged as 413" grep -q '"POST /consent" 413' "$tmp/serve.log"
out=$(raw "$port" "$chunked" chunked $((64 * 1024 + 1)))
cond "one byte over: 413 ($out)" '[ "${out%% *}" = 413 ]'
out=$(raw "$port" "$chunked" chunked $((3 * 1024 * 1024)))
cond "3 MiB chunked (over 1 MiB past the limit): closed or 413, nothing else ($out)" \
	'[ "${out%% *}" = closed ] || [ "${out%% *}" = 413 ]'
form='choice=accept&back=%2F'
out=$(raw "$port" "$chunked" chunked ${#form} "$form")
cond "a consent form sent chunked: the handler answers 303 ($out)" '[ "${out%% *}" = 303 ]'
code=$(fetch "$base/" "$tmp/home")
check "the home page still answers: 200 ($code)" [ "$code" = 200 ]

step "error answers carry their head once"
while IFS='|' read -r label req want; do
	out=$(raw "$port" "$req")
	read -r st cl blen dbl <<<"$out"
	cond "$label: $want, body $blen = Content-Length $cl, no second head ($out)" \
		'[ "$st" = "$want" ] && [ "$cl" = "$blen" ] && [ "$dbl" = 0 ]'
done <<'EOF'
HTTP/1.1 without Host|GET / HTTP/1.1\r\nConnection: close\r\n\r\n|400
two Hosts|GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n|400
Content-Length and chunked|POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n|400
two Content-Lengths|POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello|400
unknown Transfer-Encoding|POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n|400
a NUL in the target|GET /\x00x HTTP/1.1\r\nHost: x\r\n\r\n|400
a body over the limit by Content-Length|POST /consent HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 70000\r\n\r\n|413
EOF
out=$(raw "$port" 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n')
read -r st cl blen dbl <<<"$out"
cond "malformed Content-Length: 400 ($out)" '[ "$st" = 400 ]'
echo "note malformed Content-Length: answered by libmicrohttpd itself; head doubled in the body: $([ "$dbl" = 1 ] && echo yes || echo no)"
check "the server is still up" alive "$spid"

step "HSTS over HTTPS (FastCGI and CGI HTTPS=on), with the setting"
# fcgi_head OUT TARGET [NAME=VALUE...]: one FastCGI GET; prints the status.
fcgi_head() {
	local out=$1 st
	python3 "$src/tests/lib/fcgi.py" "127.0.0.1:$fport" GET "$2" "${@:3}" \
		HTTP_HOST="127.0.0.1:$fport" >"$out" 2>"$out.err" </dev/null
	split_cgi "$out"
	st=$(grep -ai '^status:' "$out.h" | head -1 | awk '{print $2}')
	echo "${st:-000}"
}
hsts_of() { header "$1.h" strict-transport-security; }
for t in / "/article/$art" /admin /no-such-page; do
	st=$(fcgi_head "$tmp/f" "$t" HTTPS=on)
	h=$(hsts_of "$tmp/f")
	cond "FastCGI HTTPS=on $t ($st): Strict-Transport-Security '$h'" '[ "$h" = "max-age=31536000" ]'
done
st=$(fcgi_head "$tmp/f" / HTTPS=)
cond "FastCGI without HTTPS ($st): no Strict-Transport-Security" '[ -z "$(hsts_of "$tmp/f")" ] && [ "$st" = 200 ]'
env -i PATH="$PATH" GAZETTE_DB="$db" GATEWAY_INTERFACE=CGI/1.1 SERVER_PROTOCOL=HTTP/1.1 \
	REQUEST_METHOD=GET REQUEST_URI=/ HTTP_HOST=x REMOTE_ADDR=127.0.0.1 HTTPS=on \
	"$GAZETTE_BIN" >"$tmp/c" 2>"$tmp/c.err" </dev/null
split_cgi "$tmp/c"
cond "CGI HTTPS=on: Strict-Transport-Security '$(hsts_of "$tmp/c")'" '[ "$(hsts_of "$tmp/c")" = "max-age=31536000" ]'
fetch "$base/" "$tmp/p" >/dev/null
cond "gazette serve (plain HTTP): no Strict-Transport-Security" '[ -z "$(hsts_of "$tmp/p")" ]'

curl -s -c "$tmp/ja" -b "$tmp/ja" -o "$tmp/form" "$base/admin/login"
tok=$(sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p' "$tmp/form")
code=$(fetch "$base/admin/login" "$tmp/login" -c "$tmp/ja" -b "$tmp/ja" --data-urlencode "login=boss" \
	--data-urlencode "password=admin pass 123" --data "login_token=$tok")
check "admin logged in: 303 ($code)" [ "$code" = 303 ]
# settings_body FILE KEY VALUE: the settings form in FILE as a urlencoded
# body, every field as shown (ticked boxes only) but KEY set to VALUE ("":
# left out, so a box is unticked).
settings_body() {
	python3 - "$@" <<'PY'
import sys, urllib.parse
from html.parser import HTMLParser
page, key, value = sys.argv[1:4]
class Form(HTMLParser):
	def __init__(self):
		super().__init__()
		self.fields, self.area, self.inside = [], None, False
	def handle_starttag(self, tag, attrs):
		a = dict(attrs)
		if tag == "form":
			self.inside = a.get("action") == "/admin/settings"
		if not self.inside or "name" not in a:
			return
		if tag == "input" and (a.get("type") != "checkbox" or "checked" in a):
			self.fields.append([a["name"], a.get("value", "")])
		elif tag == "textarea":
			self.area = [a["name"], ""]
			self.fields.append(self.area)
	def handle_endtag(self, tag):
		if tag == "textarea":
			self.area = None
		if tag == "form":
			self.inside = False
	def handle_data(self, data):
		if self.area is not None:
			self.area[1] += data
f = Form()
f.feed(open(page, encoding="utf-8").read())
out = [(k, v) for k, v in f.fields if k != key]
if value:
	out.append((key, value))
print(urllib.parse.urlencode(out))
PY
}
code=$(fetch "$base/admin/settings" "$tmp/set" -b "$tmp/ja")
cond "settings page ($code) offers the HSTS box, ticked by default" \
	'[ "$code" = 200 ] && grep -q "name=\"hsts\" value=\"1\" checked" "$tmp/set"'
settings_body "$tmp/set" hsts "" >"$tmp/body"
code=$(fetch "$base/admin/settings" "$tmp/sb" -b "$tmp/ja" --data "@$tmp/body")
v=$(sqlite3 "$db" "SELECT value FROM settings WHERE key = 'hsts'")
cond "unticked and saved: 303 ($code), stored '$v'" '[ "$code" = 303 ] && [ "$v" = 0 ]'
fcgi_head "$tmp/f" / HTTPS=on >/dev/null
cond "FastCGI HTTPS=on with the setting off: no Strict-Transport-Security" '[ -z "$(hsts_of "$tmp/f")" ]'
fetch "$base/admin/settings" "$tmp/set" -b "$tmp/ja" >/dev/null
settings_body "$tmp/set" hsts 1 >"$tmp/body"
code=$(fetch "$base/admin/settings" "$tmp/sb" -b "$tmp/ja" --data "@$tmp/body")
fcgi_head "$tmp/f" / HTTPS=on >/dev/null
cond "ticked again ($code): Strict-Transport-Security back" '[ "$(hsts_of "$tmp/f")" = "max-age=31536000" ]'

check "gazette serve is still up" alive "$spid"
finish
