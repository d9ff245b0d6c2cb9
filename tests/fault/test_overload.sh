#!/bin/bash
# Overload through the real nginx of deploy/nginx.conf (issue 13 point 5):
# 2,000 connections at once used to get 10.7% 502s, nginx's connect() to
# Gazette's socket failing with EAGAIN once the socket's queue (511) was full.
#  1. the queue: `gazette fcgi` listens with the kernel's somaxconn by
#     default and --backlog N when given (ss shows the LISTEN socket's size);
#  2. wrk with 2,000 connections for 10 s against GET / (micro-cache off, so
#     every request reaches Gazette): no 502, no 504, no socket error, and
#     nginx logged no failed connect(); the counts by status, the rate and
#     latencies are printed (503s, nginx's limit_conn, are allowed and
#     counted);
#  3. a 2 MB form POST, refused 413 by Gazette before it reads the body, is
#     answered 413 five times (Gazette reads past the body it refuses);
#  4. with Gazette stopped, nginx's own failure is a 503 with Retry-After
#     (error_page 502 503 504 =503), not a 502.
# Needs nginx and wrk; a missing tool is a failure, not a skip.
set -u
. "$(dirname "$0")/../integration/lib.sh"
e2e=$src/tests/e2e
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
for tool in "$NGINX" wrk ss; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool not found: run sh tools/deps.sh test"
done
. "$e2e/nginx-start.sh"
conns=2000
# wrk, nginx and Gazette each hold a descriptor per connection.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -gt $((conns + 100)) ] ||
	die "ulimit -n $(ulimit -n) is too low for $conns connections"

db=$tmp/g.db
"$GAZETTE_BIN" init --db "$db" --demo >/dev/null 2>&1 || die "init"
mkdir -p "$tmp/static" "$tmp/media"

step "the socket's queue"
somaxconn=$(cat /proc/sys/net/core/somaxconn)
"$GAZETTE_BIN" fcgi --socket "$tmp/q.sock" --backlog 100 --db "$db" >"$tmp/q.log" 2>&1 &
qpid=$!
pids+=("$qpid")
"$GAZETTE_BIN" fcgi --socket "$tmp/gz.sock" --db "$db" >"$tmp/fcgi.log" 2>&1 &
fpid=$!
pids+=("$fpid")
# queue PATH: the size of the LISTEN socket at PATH, once it listens.
queue() {
	local i q
	for ((i = 0; i < 300; i++)); do
		q=$(ss -xlnH 2>/dev/null | awk -v p="$1" '$5 == p {print $4}' | head -1)
		[ -n "$q" ] && { echo "$q"; return 0; }
		sleep 0.1
	done
	return 1
}
q=$(queue "$tmp/gz.sock")
check "default queue = net.core.somaxconn ($q = $somaxconn)" [ "$q" = "$somaxconn" ]
q=$(queue "$tmp/q.sock")
check "--backlog 100: queue 100 ($q)" [ "$q" = 100 ]
stop_pid "$qpid"

step "2,000 connections through nginx"
NGINX_CONNECTIONS=$((3 * conns)) nginx_start "$tmp/nginx" "$tmp/gz.sock" "$tmp/static" "$tmp/media" ||
	die "nginx does not start"
pids+=("$NGINX_PID")
base=http://127.0.0.1:$NGINX_PORT
for ((i = 0; i < 300; i++)); do
	[ "$(fetch "$base/" "$tmp/probe")" = 200 ] && break
	sleep 0.1
done
check "GET / through nginx: 200" [ "$(fetch "$base/" "$tmp/probe")" = 200 ]
cat >"$tmp/count.lua" <<'LUA'
-- Count answers by status over all of wrk's threads; print them at the end.
local threads = {}
function setup(thread)
	table.insert(threads, thread)
end
function init(args)
	codes = {}
end
function response(status, headers, body)
	codes[status] = (codes[status] or 0) + 1
end
function done(summary, latency, requests)
	local e = summary.errors
	for _, t in ipairs(threads) do
		for k, v in pairs(t:get("codes")) do
			io.write(string.format("status %d %d\n", k, v))
		end
	end
	io.write(string.format("errors %d %d %d %d\n", e.connect, e.read, e.write, e.timeout))
	io.write(string.format("latency_ms %.1f %.1f %.1f\n", latency:percentile(50) / 1000,
		latency:percentile(99) / 1000, latency.max / 1000))
end
LUA
wrk -t2 -c$conns -d10s --timeout 30s -s "$tmp/count.lua" "$base/" >"$tmp/wrk.out" 2>&1
sed 's/^/  wrk: /' "$tmp/wrk.out"
# count CODE: answers with that status, summed over wrk's threads.
count() { awk -v c="$1" '$1 == "status" && $2 == c {n += $3} END {print n + 0}' "$tmp/wrk.out"; }
read -r econn eread ewrite etime < <(awk '$1 == "errors" {print $2, $3, $4, $5}' "$tmp/wrk.out")
ok=$(count 200)
n502=$(count 502)
n503=$(count 503)
n504=$(count 504)
others=$(awk '$1 == "status" && $2 != 200 && $2 != 502 && $2 != 503 && $2 != 504 {n += $3} END {print n + 0}' "$tmp/wrk.out")
failed_connects=$(grep -c "connect() to unix" "$tmp/nginx/error.log" || true)
limited=$(grep -c "limiting connections" "$tmp/nginx/error.log" || true)
echo "  figures: $conns connections, 10 s: 200 $ok, 502 $n502, 503 $n503 ($limited by limit_conn)," \
	"504 $n504, other $others; socket errors connect $econn read $eread write $ewrite" \
	"timeout $etime; nginx connect() failures $failed_connects;" \
	"latency p50/p99/max $(awk '$1 == "latency_ms" {print $2 "/" $3 "/" $4 " ms"}' "$tmp/wrk.out")"
check "answers came ($ok x 200)" [ "$ok" -gt 0 ]
check "no 502 ($n502)" [ "$n502" = 0 ]
check "no 504 ($n504)" [ "${n504:-0}" = 0 ]
check "no other status ($others)" [ "$others" = 0 ]
check "no socket errors at wrk ($econn/$eread/$ewrite/$etime)" \
	[ "${econn:-x}${eread:-x}${ewrite:-x}${etime:-x}" = 0000 ]
check "nginx never failed to connect to Gazette ($failed_connects)" [ "$failed_connects" = 0 ]
check "gazette's worker did not restart" bash -c "! grep -q restarting '$tmp/fcgi.log'"

step "a refused body is read, not cut off"
# Gazette answers 413 for a 2 MB form before reading it; it must still read
# the rest, or nginx, still sending, sees a closed connection (an error).
head -c 2000000 /dev/zero | tr '\0' a >"$tmp/big"
codes=""
for i in 1 2 3 4 5; do
	codes="$codes $(fetch "$base/consent" "$tmp/big.out" -X POST \
		-H 'Content-Type: application/x-www-form-urlencoded' --data-binary @"$tmp/big")"
done
check "a 2 MB urlencoded POST five times: 413 each time ($codes)" [ "$codes" = " 413 413 413 413 413" ]
check "... and nginx logged no upstream error" bash -c "! grep -q 'upstream' '$tmp/nginx/error.log'"

step "Gazette stopped: nginx answers 503 with Retry-After, not 502"
stop_pid "$fpid"
check "gazette fcgi stopped cleanly ($rc)" [ "$rc" = 0 ]
code=$(fetch "$base/" "$tmp/down")
check "GET / with nobody listening: 503 ($code)" [ "$code" = 503 ]
check "Retry-After: 5 ($(header "$tmp/down.h" retry-after))" [ "$(header "$tmp/down.h" retry-after)" = 5 ]
check "Cache-Control: no-store" [ "$(header "$tmp/down.h" cache-control)" = no-store ]
check "a plain-text body that says to try again" grep -q "try again" "$tmp/down"
check "nginx logged the failed connect()" grep -q "connect() to unix" "$tmp/nginx/error.log"
finish
