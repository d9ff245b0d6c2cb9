#!/bin/bash
# gazette fcgi (the libfcgi transport), spoken to with tests/lib/fcgi.py:
#  1. --listen 127.0.0.1:PORT: the home page body is byte for byte the one
#     gazette serve sends; HEAD has the Content-Length and no body;
#  2. bodies are bounded: CONTENT_LENGTH over the limit gets 413 and an
#     invalid one 400, without reading; the server goes on answering;
#  3. the supervisor: kill -9 of the worker, or a PARAMS record that makes
#     libfcgi abort, and requests work again within a second;
#  4. --socket PATH (mode 0660, removed at exit) and a listening socket
#     inherited on fd 0 (spawn-fcgi, systemd) work too;
#  5. SIGTERM: exit status 0, worker gone; a port in use: exit 1.
set -u
. "$(dirname "$0")/lib.sh"

# fcgi ADDR OUT METHOD TARGET [NAME=VALUE...]: one request; OUT.h and
# OUT.body hold the answer; prints the status (000 when none came).
fcgi() {
	local out=$2
	python3 "$src/tests/lib/fcgi.py" "$1" "${@:3}" HTTP_HOST="127.0.0.1:$sport" \
		<"${body:-/dev/null}" >"$out" 2>"$out.err"
	split_cgi "$out"
	local st
	st=$(grep -ai '^status:' "$out.h" | head -1 | awk '{print $2}')
	if [ -s "$out" ]; then echo "${st:-200}"; else echo 000; fi
}

# worker_of PID: the supervisor's child (the worker process).
worker_of() {
	local c
	c=$(cat "/proc/$1/task/$1/children" 2>/dev/null || true)
	echo "${c%% *}"
}

# works_within ADDR SECONDS: a GET / answers 200 before SECONDS of polling
# pass (a bound on a broken server, never a speed expected of a working one).
works_within() {
	local i n
	n=$(python3 -c "print(int($2 * 20))")
	for ((i = 0; i < n; i++)); do
		[ "$(fcgi "$1" "$tmp/w" GET /)" = 200 ] && return 0
		sleep 0.05
	done
	return 1
}

step "setup: demo database, gazette serve for reference, gazette fcgi --listen"
"$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$tmp/g.db" >"$tmp/serve.log" 2>&1 &
spid=$!
pids+=("$spid")
sport=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "no port in $tmp/serve.log"; }
wait_http "http://127.0.0.1:$sport/" || { cat "$tmp/serve.log"; die "gazette serve does not answer"; }
"$GAZETTE_BIN" fcgi --listen "127.0.0.1:0" --threads 3 --db "$tmp/g.db" >"$tmp/fcgi.log" 2>&1 &
fpid=$!
pids+=("$fpid")
fport=$(listen_port "$tmp/fcgi.log") || { cat "$tmp/fcgi.log"; die "no port in $tmp/fcgi.log"; }
works_within "127.0.0.1:$fport" 30 || { cat "$tmp/fcgi.log"; die "gazette fcgi does not answer on 127.0.0.1:$fport"; }
pass "gazette fcgi answers on 127.0.0.1:$fport"
check "it binds exactly 127.0.0.1:$fport" grep -q "127.0.0.1:$fport" "$tmp/fcgi.log"

step "same answers as gazette serve"
for u in / /page/2 /no-such-page; do
	code=$(fetch "http://127.0.0.1:$sport$u" "$tmp/s")
	got=$(fcgi "127.0.0.1:$fport" "$tmp/f" GET "$u")
	if [ "$got" = "$code" ] && cmp -s "$tmp/s" "$tmp/f.body"; then
		pass "GET $u: status $got, body byte for byte as serve's ($(wc -c <"$tmp/s") bytes)"
	else
		fail "GET $u: fcgi $got vs serve $code, bodies $(cmp "$tmp/s" "$tmp/f.body" 2>&1 | head -1)"
	fi
done
code=$(fetch "http://127.0.0.1:$sport/" "$tmp/s")
got=$(fcgi "127.0.0.1:$fport" "$tmp/h" HEAD /)
len=$(header "$tmp/h.h" content-length)
cond "HEAD /: $got, Content-Length $len = GET body size, no body" \
	'[ "$got" = 200 ] && [ "$len" = "$(wc -c <"$tmp/s")" ] && [ ! -s "$tmp/h.body" ]'

step "bounded bodies"
got=$(fcgi "127.0.0.1:$fport" "$tmp/b" POST / CONTENT_LENGTH=71680 \
	CONTENT_TYPE=application/x-www-form-urlencoded)
check "CONTENT_LENGTH 70 KiB urlencoded, no body sent: 413 at once ($got)" [ "$got" = 413 ]
head -c $((70 * 1024)) /dev/zero | tr '\0' a >"$tmp/70k"
got=$(body=$tmp/70k fcgi "127.0.0.1:$fport" "$tmp/b" POST / CONTENT_TYPE=application/x-www-form-urlencoded)
check "70 KiB urlencoded body: 413 ($got)" [ "$got" = 413 ]
got=$(fcgi "127.0.0.1:$fport" "$tmp/b" POST / CONTENT_LENGTH=12abc)
check "CONTENT_LENGTH 12abc: 400 ($got)" [ "$got" = 400 ]
got=$(fcgi "127.0.0.1:$fport" "$tmp/b" POST / CONTENT_LENGTH=99999999999999999999999)
check "CONTENT_LENGTH with 23 digits: 400 ($got)" [ "$got" = 400 ]
got=$(fcgi "127.0.0.1:$fport" "$tmp/b" GET /)
check "afterwards GET /: 200 ($got)" [ "$got" = 200 ]

step "supervisor: the worker is restarted when it dies"
w1=$(worker_of "$fpid")
check "the supervisor ($fpid) has a worker ($w1)" [ -n "$w1" ]
kill -9 "$w1"
check "kill -9 of the worker: GET / works again" works_within "127.0.0.1:$fport" 30
w2=$(worker_of "$fpid")
cond "a new worker ($w2) replaced $w1" '[ -n "$w2" ] && [ "$w2" != "$w1" ]'
check "the restart is logged" grep -q "fcgi worker $w1 killed by signal 9" "$tmp/fcgi.log"
# A PARAMS record whose two lengths add past 2^31 (Debian's libfcgi aborts).
python3 "$src/tests/lib/fcgi.py" --bad-params "127.0.0.1:$fport"
check "after a malformed PARAMS record: GET / works again" works_within "127.0.0.1:$fport" 30

step "kept-alive connections (FCGI_KEEP_CONN) do not tie up threads"
"$GAZETTE_BIN" fcgi --listen "127.0.0.1:0" --threads 1 --db "$tmp/g.db" >"$tmp/keep.log" 2>&1 &
kpid=$!
pids+=("$kpid")
kport=$(listen_port "$tmp/keep.log") || { cat "$tmp/keep.log"; die "no port in $tmp/keep.log"; }
works_within "127.0.0.1:$kport" 30 || { cat "$tmp/keep.log"; die "gazette fcgi --threads 1 does not answer"; }
python3 - "$src/tests/lib" "$kport" >"$tmp/keep.out" 2>&1 <<'PY'
# One thread.  A keeps its connection open and idle after a request; B, a
# second connection, must still be answered; then A is reused; a request
# without the flag has its connection closed after the answer.
import socket, sys
sys.path.insert(0, sys.argv[1])
import fcgi
addr = "127.0.0.1:" + sys.argv[2]
def request(s, keep, rid=1):
    """The answer's STDOUT, or None when the connection ended first."""
    s.sendall(fcgi.request("GET", "/", keep=keep, request_id=rid))
    records, how = fcgi.read_records(s)
    if how == "timeout":
        raise socket.timeout
    r = fcgi.answer_of(records)
    return r and r.stdout
def ok(name, cond):
    print(("ok   " if cond else "FAIL ") + name)
a = fcgi.connect(addr, 30)
b = fcgi.connect(addr, 30)
r = request(a, True)
ok("A: first request answered", r is not None and b"200 OK" in r.split(b"\r\n")[0])
try:
    r = request(b, True)
    ok("B: answered while A is kept open and idle", r is not None and b"200 OK" in r)
except socket.timeout:
    ok("B: answered while A is kept open and idle (timed out)", False)
try:
    r = request(a, True, 2)
    ok("A: reused for a second request", r is not None and b"200 OK" in r)
    r = request(a, False, 3)
    ok("A: third request, without the flag, answered", r is not None and b"200 OK" in r)
    a.settimeout(30)
    ok("A: then closed by the server", a.recv(1) == b"")
except socket.timeout:
    ok("A: reuse (timed out)", False)
PY
while read -r verdict name; do
	cond "$name" '[ "$verdict" = ok ]'
done <"$tmp/keep.out"
check "five keep-alive checks ran" [ "$(grep -c '^ok\|^FAIL' "$tmp/keep.out")" -ge 5 ]
stop_pid "$kpid"

step "--socket PATH and a socket inherited on fd 0"
"$GAZETTE_BIN" fcgi --socket "$tmp/gz.sock" --threads 2 --db "$tmp/g.db" >"$tmp/sock.log" 2>&1 &
sockpid=$!
pids+=("$sockpid")
check "--socket: GET / answers" works_within "$tmp/gz.sock" 30
check "--socket: mode 0660" [ "$(stat -c %a "$tmp/gz.sock")" = 660 ]
stop_pid "$sockpid"
check "--socket: SIGTERM exit status 0 ($rc)" [ "$rc" = 0 ]
check "--socket: socket file removed" [ ! -e "$tmp/gz.sock" ]
python3 - "$GAZETTE_BIN" "$tmp/g.db" >"$tmp/fd0.log" 2>&1 <<'PY' &
# Like spawn-fcgi: a listening socket on fd 0, then exec the server (which
# announces the port it finds on fd 0).
import os, socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
os.dup2(s.fileno(), 0)
os.execv(sys.argv[1], [sys.argv[1], "fcgi", "--threads", "2", "--db", sys.argv[2]])
PY
zpid=$!
pids+=("$zpid")
zport=$(listen_port "$tmp/fd0.log") || { cat "$tmp/fd0.log"; die "no port in $tmp/fd0.log"; }
check "fd 0: GET / answers" works_within "127.0.0.1:$zport" 30
stop_pid "$zpid"
check "fd 0: SIGTERM exit status 0 ($rc)" [ "$rc" = 0 ]

step "start-up failure and SIGTERM"
"$GAZETTE_BIN" fcgi --listen "127.0.0.1:$fport" --db "$tmp/g.db" >"$tmp/busy.log" 2>&1 </dev/null
rc=$?
check "second fcgi on the same port: exit 1 ($rc)" [ "$rc" = 1 ]
check "with 'cannot listen on 127.0.0.1:$fport' on stderr" grep -q "cannot listen on 127.0.0.1:$fport" "$tmp/busy.log"
"$GAZETTE_BIN" fcgi --db "$tmp/g.db" >"$tmp/nofd.log" 2>&1 </dev/null
rc=$?
check "no socket flag and no socket on fd 0: exit 1 ($rc)" [ "$rc" = 1 ]
w3=$(worker_of "$fpid")
stop_pid "$fpid"
check "SIGTERM to the supervisor: exit status 0 ($rc)" [ "$rc" = 0 ]
check "the worker ($w3) is gone too" eval '! alive "$w3"'
stop_pid "$spid"

finish
