#!/bin/bash
# FastCGI abuse from anyone who can write to the socket (issue 13 point 9),
# against `gazette fcgi --socket --threads 3 --read-timeout 3`, with a
# FastCGI client in python3 talking straight to the unix socket:
#  1. the three records that used to abort libfcgi (a PARAMS pair with a
#     name length of 0x7ffffffe, a GET_VALUES pair with two lengths of
#     0x40000000, a GET_VALUES record with such lengths in the middle of a
#     POST body) each get their own connection closed, unanswered; the
#     worker's pid stays the same, a kept-alive connection opened before
#     still answers, and a POST /consent in flight (its body half sent when
#     the records arrive) completes with 303 and its row;
#  2. FCGI_GET_VALUES gets FCGI_GET_VALUES_RESULT: MPXS_CONNS 0, MAX_REQS 3;
#  3. threads+1 requests whose head is half sent and threads+1 whose body is
#     half sent: a normal request on a new connection is answered 200 while
#     every one of them is still open (no thread waits on them); then the
#     server closes each of them (--read-timeout), which is awaited, not
#     timed;
#  4. the worker's pid is still the first one and the log shows no restart.
set -u
. "$(dirname "$0")/../integration/lib.sh"

threads=3
db=$tmp/g.db
sock=$tmp/gz.sock
"$GAZETTE_BIN" init --db "$db" --demo >/dev/null 2>&1 || die "init"
"$GAZETTE_BIN" fcgi --socket "$sock" --threads $threads --read-timeout 3 --db "$db" \
	>"$tmp/fcgi.log" 2>&1 &
fpid=$!
pids+=("$fpid")
for ((i = 0; i < 300; i++)); do
	grep -q "fastcgi on" "$tmp/fcgi.log" && [ -S "$sock" ] && break
	sleep 0.1
done
grep -q "fastcgi on" "$tmp/fcgi.log" || { cat "$tmp/fcgi.log"; die "gazette fcgi did not start"; }
worker() { cat "/proc/$fpid/task/$fpid/children" 2>/dev/null | awk '{print $1}'; }
w1=$(worker)
check "the supervisor ($fpid) has a worker ($w1)" [ -n "$w1" ]
rows_before=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from consent_records').fetchone()[0])" "$db")

step "abuse, then the same worker answers"
python3 - "$sock" "$threads" >"$tmp/abuse.out" 2>&1 <<'PY'
import socket, struct, sys, time

path, threads = sys.argv[1], int(sys.argv[2])
BEGIN, END, PARAMS, STDIN, STDOUT, GET_VALUES, GET_VALUES_RESULT = 1, 3, 4, 5, 6, 9, 10


def rec(t, content, rid=1):
    pad = (-len(content)) % 8
    return struct.pack(">BBHHBB", 1, t, rid, len(content), pad, 0) + content + b"\0" * pad


def nv(k, v):
    return bytes([len(k), len(v)]) + k + v


def begin(keep, rid=1):
    return rec(BEGIN, struct.pack(">HB5x", 1, 1 if keep else 0), rid)


def params(method, uri, body_len=None, ctype=b""):
    p = nv(b"REQUEST_METHOD", method) + nv(b"REQUEST_URI", uri) + nv(b"REMOTE_ADDR", b"127.0.0.1")
    p += nv(b"HTTP_HOST", b"localhost") + nv(b"SERVER_NAME", b"localhost")
    if body_len is not None:
        p += nv(b"CONTENT_LENGTH", str(body_len).encode()) + nv(b"CONTENT_TYPE", ctype)
    return rec(PARAMS, p) + rec(PARAMS, b"")


def conn():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.settimeout(20)
    return s


def read_answer(s, until=END):
    """(status or None, records) until a record of type until (END_REQUEST); None when the
    server closed first."""
    buf, out, recs = b"", b"", []
    while True:
        while len(buf) >= 8:
            _, t, _, clen, plen, _ = struct.unpack(">BBHHBB", buf[:8])
            if len(buf) < 8 + clen + plen:
                break
            recs.append((t, buf[8:8 + clen]))
            if t == STDOUT:
                out += buf[8:8 + clen]
            buf = buf[8 + clen + plen:]
            if t == until:
                status = 200
                for line in out.split(b"\r\n\r\n")[0].split(b"\r\n"):
                    if line.lower().startswith(b"status:"):
                        status = int(line.split()[1])
                return status, recs
        try:
            chunk = s.recv(65536)
        except (ConnectionResetError, socket.timeout):
            chunk = b""
        if not chunk:
            return None, recs
        buf += chunk


def get(s, uri=b"/", keep=True):
    s.sendall(begin(keep) + params(b"GET", uri) + rec(STDIN, b""))
    return read_answer(s)[0]


def closed_unanswered(s):
    status, recs = read_answer(s)
    return status is None and not recs


def still_open(s):
    s.setblocking(False)
    try:
        data = s.recv(1)
        return False  # an answer or EOF: not hanging any more
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        s.setblocking(True)


T0 = time.monotonic()


def report(ok, what):
    print(("ok   " if ok else "FAIL ") + what + " [%.2f]" % (time.monotonic() - T0), flush=True)


huge = lambda n, v: struct.pack(">II", n | 0x80000000, v | 0x80000000) + b"A" * 16

# A kept-alive connection, opened and used before the abuse.
keep = conn()
report(get(keep) == 200, "kept-alive connection: GET / 200 before the abuse")

# A POST in flight: head and half its body sent.
body = b"choice=accept"
inflight = conn()
inflight.sendall(begin(True) + params(b"POST", b"/consent", len(body),
                                      b"application/x-www-form-urlencoded") + rec(STDIN, body[:6]))

s = conn()
s.sendall(begin(False) + rec(PARAMS, huge(0x7ffffffe, 1)) + rec(PARAMS, b"") + rec(STDIN, b""))
report(closed_unanswered(s), "PARAMS pair with name length 0x7ffffffe: connection closed, no answer")
s = conn()
s.sendall(rec(GET_VALUES, huge(0x40000000, 0x40000000), 0))
report(closed_unanswered(s), "GET_VALUES pair with lengths 0x40000000: connection closed, no answer")
s = conn()
s.sendall(begin(True) + params(b"POST", b"/consent", len(body), b"application/x-www-form-urlencoded")
          + rec(STDIN, body[:6]) + rec(GET_VALUES, huge(0x7ffffffe, 1), 0) + rec(STDIN, body[6:])
          + rec(STDIN, b""))
report(closed_unanswered(s), "GET_VALUES with lengths 0x7ffffffe inside a POST body: connection closed, no answer")

s = conn()
names = [b"FCGI_MAX_CONNS", b"FCGI_MAX_REQS", b"FCGI_MPXS_CONNS"]
s.sendall(rec(GET_VALUES, b"".join(nv(n, b"") for n in names), 0))
status, recs = read_answer(s, GET_VALUES_RESULT)
vals = {}
for t, c in recs:
    if t == GET_VALUES_RESULT:
        i = 0
        while i < len(c):
            nl, vl = c[i], c[i + 1]
            vals[c[i + 2:i + 2 + nl]] = c[i + 2 + nl:i + 2 + nl + vl]
            i += 2 + nl + vl
report(vals.get(b"FCGI_MPXS_CONNS") == b"0" and vals.get(b"FCGI_MAX_REQS") == str(threads).encode()
       and int(vals.get(b"FCGI_MAX_CONNS", b"0")) > 0,
       "GET_VALUES answered: %s" % {k.decode(): v.decode() for k, v in vals.items()})
# The same connection goes on to serve a request.
report(get(s) == 200, "GET / on the connection that asked GET_VALUES: 200")

report(get(keep) == 200, "kept-alive connection from before: GET / 200 after the abuse")
inflight.sendall(rec(STDIN, body[6:]) + rec(STDIN, b""))
status, _ = read_answer(inflight)
report(status == 303, "POST /consent in flight during the abuse: %s" % status)

# threads+1 half-sent heads and threads+1 half-sent bodies.
hanging = []
for i in range(threads + 1):
    h = conn()
    whole = begin(True) + params(b"GET", b"/")
    h.sendall(whole[:len(whole) - 12])
    hanging.append(h)
for i in range(threads + 1):
    h = conn()
    h.sendall(begin(True) + params(b"POST", b"/consent", len(body), b"application/x-www-form-urlencoded")
              + rec(STDIN, body[:4]))
    hanging.append(h)
fresh = conn()
report(get(fresh) == 200, "with %d half-sent requests open, a new connection: GET / 200" % len(hanging))
report(all(still_open(h) for h in hanging), "... answered while every half-sent request is still open")
# The server lets them go after --read-timeout: awaited (up to 60 s), not timed.
for h in hanging:
    h.settimeout(60)
report(all(closed_unanswered(h) for h in hanging), "the half-sent requests are closed by the server, unanswered")
report(get(keep) == 200, "kept-alive connection: GET / 200 at the end")
PY
cat "$tmp/abuse.out"
npass=$((npass + $(grep -c '^ok' "$tmp/abuse.out")))
nfail=$((nfail + $(grep -c '^FAIL' "$tmp/abuse.out")))
grep -q '^ok' "$tmp/abuse.out" || fail "the python client ran (see above)"

rows_after=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from consent_records').fetchone()[0])" "$db")
check "one consent row for the in-flight POST ($rows_before -> $rows_after), none for the abusive one" \
	[ "$rows_after" -eq $((rows_before + 1)) ]

step "the worker"
w2=$(worker)
check "the worker pid is still $w1 ($w2)" [ "$w1" = "$w2" ]
check "no worker restart in the log" bash -c "! grep -q 'restarting' '$tmp/fcgi.log'"
check "the closed connections are logged with their reason" \
	grep -q "closed a connection: name length past the head bound" "$tmp/fcgi.log"
check "the late ones too" grep -q "within --read-timeout" "$tmp/fcgi.log"
sed 's/^/  log: /' "$tmp/fcgi.log"
stop_pid "$fpid"
check "SIGTERM: exit status 0 ($rc)" [ "$rc" = 0 ]
finish
