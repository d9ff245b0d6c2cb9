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
python3 - "$src/tests/lib" "$sock" "$threads" >"$tmp/abuse.out" 2>&1 <<'PY'
import socket, sys, time

sys.path.insert(0, sys.argv[1])
import fcgi
from fcgi import GET_VALUES_RESULT, PARAMS, STDIN, begin, lying_pair, record

path, threads = sys.argv[2], int(sys.argv[3])
FORM = "application/x-www-form-urlencoded"


def head(method, uri, body_len=None, ctype=""):
    """BEGIN_REQUEST (kept connection) and the PARAMS stream, no STDIN."""
    p = fcgi.params(method, uri, body_len, ctype, {"HTTP_HOST": "localhost", "SERVER_NAME": "localhost"})
    return begin(True) + fcgi.stream(PARAMS, fcgi.pairs(p))


def conn():
    return fcgi.connect(path, 20)


def read_answer(s, until=fcgi.END_REQUEST):
    """(status or None, records) until a record of type until (END_REQUEST); None when the
    connection ended or timed out first."""
    recs, how = fcgi.read_records(s, until)
    a = fcgi.answer_of(recs)
    if how != "end":
        return None, recs
    return (fcgi.status(a.stdout) if a else 200), recs


def get(s, uri="/"):
    s.sendall(head("GET", uri) + record(STDIN, b""))
    return read_answer(s)[0]


def closed_unanswered(s):
    """The server closed (or reset) the connection without sending a record; a timeout is not."""
    recs, how = fcgi.read_records(s)
    return how in ("closed", "reset") and not recs


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


# A kept-alive connection, opened and used before the abuse.
keep = conn()
report(get(keep) == 200, "kept-alive connection: GET / 200 before the abuse")

# A POST in flight: head and half its body sent.
body = b"choice=accept"
inflight = conn()
inflight.sendall(head("POST", "/consent", len(body), FORM) + record(STDIN, body[:6]))

s = conn()
s.sendall(begin(False) + record(PARAMS, lying_pair(0x7ffffffe, 1)) + record(PARAMS, b"") + record(STDIN, b""))
report(closed_unanswered(s), "PARAMS pair with name length 0x7ffffffe: connection closed, no answer")
s = conn()
s.sendall(record(fcgi.GET_VALUES, lying_pair(0x40000000, 0x40000000), 0))
report(closed_unanswered(s), "GET_VALUES pair with lengths 0x40000000: connection closed, no answer")
s = conn()
s.sendall(head("POST", "/consent", len(body), FORM) + record(STDIN, body[:6])
          + record(fcgi.GET_VALUES, lying_pair(0x7ffffffe, 1), 0) + record(STDIN, body[6:])
          + record(STDIN, b""))
report(closed_unanswered(s), "GET_VALUES with lengths 0x7ffffffe inside a POST body: connection closed, no answer")

s = conn()
s.sendall(fcgi.get_values(["FCGI_MAX_CONNS", "FCGI_MAX_REQS", "FCGI_MPXS_CONNS"]))
status, recs = read_answer(s, GET_VALUES_RESULT)
vals = {}
for t, _, c in recs:
    if t == GET_VALUES_RESULT:
        vals.update(fcgi.parse_pairs(c))
report(vals.get(b"FCGI_MPXS_CONNS") == b"0" and vals.get(b"FCGI_MAX_REQS") == str(threads).encode()
       and int(vals.get(b"FCGI_MAX_CONNS", b"0")) > 0,
       "GET_VALUES answered: %s" % {k.decode(): v.decode() for k, v in vals.items()})
# The same connection goes on to serve a request.
report(get(s) == 200, "GET / on the connection that asked GET_VALUES: 200")

report(get(keep) == 200, "kept-alive connection from before: GET / 200 after the abuse")
inflight.sendall(record(STDIN, body[6:]) + record(STDIN, b""))
status, _ = read_answer(inflight)
report(status == 303, "POST /consent in flight during the abuse: %s" % status)

# threads+1 half-sent heads and threads+1 half-sent bodies.
hanging = []
for i in range(threads + 1):
    h = conn()
    whole = head("GET", "/")
    h.sendall(whole[:len(whole) - 12])
    hanging.append(h)
for i in range(threads + 1):
    h = conn()
    h.sendall(head("POST", "/consent", len(body), FORM) + record(STDIN, body[:4]))
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
