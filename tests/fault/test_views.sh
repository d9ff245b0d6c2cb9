#!/bin/bash
# Readers never wait on a writer to count a page view (issue 13 point 4: an
# article GET waited 11.6 s behind a held lock because the view count was
# written inside the reader's request).
#  1. gazette serve; another process (python3's sqlite3) holds the write
#     lock (BEGIN IMMEDIATE, kept open; the sqlite3 shell confirms it is
#     held) while an article is fetched 20 times, the test clock moved 10 s
#     on before each, so a count written by requests would be due every
#     time: every answer is 200; the times are printed, not asserted;
#     nothing about a locked database is logged;
#  2. the lock released, gazette stopped with SIGTERM: the article's view
#     count rose by exactly 20 (kept while locked, written at shutdown);
#  3. CGI (one request per process): with the lock held, the article
#     answers 200 and that view is dropped, not waited for (count as it
#     was, the drop reported on stderr); without the lock, the view is
#     written as the process ends (count + 1).
set -u
. "$(dirname "$0")/../integration/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 not found: skipped"; exit 77; }

db=$tmp/g.db
"$GAZETTE_BIN" init --db "$db" --demo >/dev/null 2>&1 || die "init"
q() { sqlite3 -cmd ".timeout 5000" "$db" "$@"; }
clock=$tmp/clock
date +%s >"$clock"
export GAZETTE_TEST_CLOCK=$clock

id=$(q "SELECT id FROM articles WHERE status = 'published' ORDER BY id LIMIT 1;")
slug=$(q "SELECT slug FROM articles WHERE id = $id;")
art=/article/$slug
views() { q "SELECT views FROM articles WHERE id = $id;"; }

# hold_lock: start a process that holds the write lock until $tmp/release
# exists (bounded: it gives up after 60 s); returns once it is held.
hold_lock() {
	rm -f "$tmp/locked" "$tmp/release"
	python3 - "$db" "$tmp/locked" "$tmp/release" <<'PY' &
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
for _ in range(1200):
    if os.path.exists(sys.argv[3]):
        break
    time.sleep(0.05)
c.execute("ROLLBACK")
PY
	locker=$!
	pids+=("$locker")
	local i
	for ((i = 0; i < 200; i++)); do
		[ -e "$tmp/locked" ] && return 0
		sleep 0.05
	done
	die "the lock holder did not start"
}
release_lock() {
	touch "$tmp/release"
	wait "$locker" 2>/dev/null
}
# is_locked: a writer that does not wait is refused.
is_locked() { ! sqlite3 -cmd ".timeout 0" "$db" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1; }

step "gazette serve, 20 article GETs while another process holds the write lock"
"$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$db" >"$tmp/serve.log" 2>&1 &
spid=$!
pids+=("$spid")
port=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "no port in $tmp/serve.log"; }
base=http://127.0.0.1:$port
wait_http "$base/" || die "serve does not answer"
before=$(views)
hold_lock
check "the write lock is held by the other process" is_locked
ok=0
times=()
for ((i = 0; i < 20; i++)); do
	echo $(($(cat "$clock") + 10)) >"$clock"
	r=$(curl -s -o /dev/null --max-time 30 -w '%{http_code} %{time_total}' "$base$art")
	[ "${r% *}" = 200 ] && ok=$((ok + 1))
	times+=("${r#* }")
done
check "20 of 20 article GETs answered 200 under the held lock ($ok)" [ "$ok" = 20 ]
python3 - "${times[@]}" <<'PY'
import sys
t = sorted(float(x) * 1000 for x in sys.argv[1:])
print("measured: article GET under a held write lock, %d requests: median %.1f ms, max %.1f ms, all: %s"
      % (len(t), t[len(t) // 2], t[-1], " ".join("%.1f" % x for x in t)))
PY
check "still locked after the GETs" is_locked
check "views not written while locked ($(views) = $before)" [ "$(views)" = "$before" ]
release_lock

step "lock released, gazette stopped: the 20 views are written"
stop_pid "$spid"
check "serve exits 0 on SIGTERM ($rc)" [ "$rc" = 0 ]
after=$(views)
check "view count $before -> $after: +20" [ "$after" = $((before + 20)) ]
check "nothing about a locked database in the log" \
	sh -c "! grep -qi 'locked\|busy' '$tmp/serve.log'"

step "CGI: a view is never waited for"
cgi_get() {
	env -i PATH="$PATH" GAZETTE_DB="$db" GAZETTE_TEST_CLOCK="$clock" GATEWAY_INTERFACE=CGI/1.1 \
		REQUEST_METHOD=GET REQUEST_URI="$art" SERVER_PROTOCOL=HTTP/1.1 SERVER_NAME=127.0.0.1 \
		SERVER_PORT=80 REMOTE_ADDR=127.0.0.1 HTTP_HOST=127.0.0.1 \
		"$GAZETTE_BIN" </dev/null >"$tmp/cgi.out" 2>"$tmp/cgi.err"
	grep -ai '^status:' "$tmp/cgi.out" | head -1 | awk '{print $2}'
}
before=$(views)
hold_lock
st=$(cgi_get)
check "CGI article under the held lock: 200 ($st)" [ "$st" = 200 ]
check "its view dropped, not waited for ($(views) = $before)" [ "$(views)" = "$before" ]
check "the drop is reported" grep -q 'page views not counted' "$tmp/cgi.err"
release_lock
st=$(cgi_get)
check "CGI article, no lock: 200 ($st)" [ "$st" = 200 ]
check "its view written ($before -> $(views))" [ "$(views)" = $((before + 1)) ]

finish
