#!/bin/bash
# Throughput of Gazette behind nginx, against nginx serving the same bytes as
# a static file (issue 8, part 4; issue 20).  Builds nothing: expects
# build/gazette (or GAZETTE_BIN), nginx and wrk (sh tools/deps.sh test).
#
#   bash bench/run.sh            # 10 s per measurement, 32 connections
#   DURATION=3s bash bench/run.sh
#   KEEP_CONN=off bash bench/run.sh  # a new FastCGI connection per request
#   BEFORE=old/gazette bash bench/run.sh  # also the rendered pages of an
#                                         # older binary, in the same run
#
# For each of article, home, category and search it measures, with wrk
# (CONNS connections, THREADS threads, DURATION each):
#   cached     nginx -> gazette fcgi, Gazette's page cache on (the default)
#   rendered   the same with GAZETTE_PAGECACHE=0: every request renders
#              (what readers get after each write empties the caches)
#   before     rendered by the BEFORE binary, on its own copy of the site
#   static     the same body saved as a file, served by the same nginx
#              from a second location
# with nginx's micro-cache off; then the cached pages with the micro-cache
# (deploy/nginx-microcache.conf) on, and the article page from `gazette
# serve` directly.  It prints each measurement (requests/s, p50, p99,
# errors: non-2xx answers and socket errors), then one table per page with
# the columns side by side and their ratios to static, and the peak RSS
# (VmHWM) of the gazette worker per run.  Everything listens on 127.0.0.1
# only; only processes started here are stopped.  All numbers in one table
# come from one run on one machine: compare ratios, not absolute numbers
# across machines.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
e2e=$src/tests/e2e
BIN=${GAZETTE_BIN:-$src/build/gazette}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-32}
THREADS=${THREADS:-2}
MODES=${MODES:-"off on"}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
export NGINX_WORKERS=${NGINX_WORKERS:-auto} NGINX_ACCESS_LOG=off

. "$here/lib.sh"
need "$BIN" "$NGINX" wrk curl python3 sqlite3

tmp=$(mktemp -d)
pids=()
fcgi_pid=""
nginx_pid=""
cleanup() {
	local p
	for p in $nginx_pid $fcgi_pid "${pids[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	for p in $nginx_pid $fcgi_pid "${pids[@]}"; do
		wait "$p" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

wait_ok() { # URL: until it answers 200 (10 s)
	local i
	for ((i = 0; i < 200; i++)); do
		[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" || true)" = 200 ] && return 0
		sleep 0.05
	done
	return 1
}

# The worker is the supervisor's child (its only one).
worker_pid() {
	local c
	c=$(cat "/proc/$1/task/$1/children" 2>/dev/null || true)
	set -- $c
	echo "${1:-}"
}
vmhwm() { # PID: peak RSS in MiB, or "?"
	awk '/^VmHWM:/ { printf "%.1f MiB", $2 / 1024; found = 1 } END { if (!found) printf "?" }' \
		"/proc/$1/status" 2>/dev/null || echo "?"
}

start_fcgi() { # PAGECACHE(1|0) [BIN DB]: gazette fcgi on $tmp/gz.sock
	env GAZETTE_PAGECACHE="$1" "${2:-$BIN}" fcgi --socket "$tmp/gz.sock" --db "${3:-$tmp/g.db}" \
		${FCGI_THREADS:+--threads $FCGI_THREADS} >>"$tmp/fcgi.log" 2>&1 &
	fcgi_pid=$!
}
stop_pid() { # VAR: kill the pid held in the named variable, wait, clear it
	local p=${!1}
	[ -n "$p" ] || return 0
	kill "$p" 2>/dev/null || true
	wait "$p" 2>/dev/null || true
	printf -v "$1" ''
}
start_nginx() { # MODE (off|on)
	local m=""
	[ "$1" = on ] && m=microcache
	rm -rf "$tmp/nginx"
	sh "$e2e/nginx-conf.sh" "$tmp/nginx" "127.0.0.1:$port" "$tmp/gz.sock" "$src/static" \
		"$tmp/media" $m
	if [ "${KEEP_CONN:-on}" = off ]; then
		sed -i -e "s/keepalive 32;/#keepalive 32;/" \
			-e 's/fastcgi_keep_conn on;/fastcgi_keep_conn off;/' "$tmp/nginx/site.conf"
	fi
	cat >"$tmp/nginx/server.d/bench.conf" <<-EOF
		# The static twins: page bodies saved as files, same bytes.
		location ^~ /bench-static/ {
			alias $tmp/twin/;
			default_type text/html;
		}
	EOF
	"$NGINX" -t -q -p "$tmp/nginx/" -c "$tmp/nginx/nginx.conf"
	"$NGINX" -p "$tmp/nginx/" -c "$tmp/nginx/nginx.conf" -g 'daemon off;' 2>>"$tmp/nginx.err" &
	nginx_pid=$!
	wait_ok "$N/bench-static/home" || die "nginx did not start (see $tmp/nginx.err)"
}

# measure LABEL URL: one wrk run after a one-second warm-up; appends a row
# to $tmp/rows.  The warm-up keeps one-off costs out of the figures: the
# first render of each page, and with the micro-cache on, the requests that
# queue behind nginx's cache lock while the first one fills the entry
# (nginx polls that lock every 500 ms, so they show as a p99 of ~450 ms).
measure() {
	local out rps p50 p99 errs
	wrk -t"$THREADS" -c"$CONNS" -d1s "$2" >/dev/null 2>&1 || true
	# Let the server see the warm-up's connections close: gazette serve
	# allows 32 per address (-c32 is exactly that), and a leftover one
	# made a new connection fail now and then.
	sleep 0.3
	out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$2" 2>&1) || true
	rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
	p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
	p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
	errs=$(awk '/Non-2xx or 3xx/ { n += $NF } /Socket errors/ {
		gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' <<<"$out")
	printf '%s\t%s\t%s\t%s\t%s\n' "$1" "${rps:-0}" "${p50:--}" "${p99:--}" "$errs" >>"$tmp/rows"
	printf '  %-38s %10s req/s  p50 %-8s p99 %-8s errors %s\n' "$1" "${rps:-0}" "${p50:--}" \
		"${p99:--}" "$errs" >&2
}

echo "bench: $(nproc) cores, wrk -t$THREADS -c$CONNS -d$DURATION, nginx workers $NGINX_WORKERS, fastcgi_keep_conn ${KEEP_CONN:-on}" >&2
mkdir -p "$tmp/media" "$tmp/twin"
"$BIN" init --db "$tmp/g.db" --demo >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log"; die "gazette init"; }
if [ -n "${BEFORE:-}" ]; then
	# The older binary's own site: it may not open a newer schema.
	"$BEFORE" init --db "$tmp/before.db" --demo >>"$tmp/init.log" 2>&1 || die "$BEFORE init"
fi
read -r port port_serve < <(python3 "$e2e/freeport.py" 2 | xargs)
N=http://127.0.0.1:$port
S=http://127.0.0.1:$port_serve

q() { sqlite3 "$tmp/g.db" "$1"; }
article=$(q "SELECT slug FROM articles WHERE status='published' ORDER BY published_at DESC LIMIT 1")
category=$(q "SELECT slug FROM categories ORDER BY position, id LIMIT 1")
pages=("article /article/$article" "home /" "category /category/$category" "search /search?q=energy")

# The static twins, taken from gazette serve (same bytes as through nginx:
# tests/e2e/test_nginx.sh checks that).
"$BIN" serve --listen "127.0.0.1:$port_serve" --db "$tmp/g.db" --static "$src/static" \
	>"$tmp/serve.log" 2>&1 &
serve_pid=$!
pids+=("$serve_pid")
wait_ok "$S/" || die "gazette serve did not start (see $tmp/serve.log)"
for p in "${pages[@]}"; do
	set -- $p
	code=$(curl -s -o "$tmp/twin/$1" -w '%{http_code}' "$S$2")
	[ "$code" = 200 ] || echo "bench: warning: $2 answers $code, not 200" >&2
	echo "  $1: $2 ($(wc -c <"$tmp/twin/$1") bytes)" >&2
done

: >"$tmp/rows"
declare -A hwm
# run LABEL MICRO PAGECACHE [BIN DB] [static]: one gazette fcgi behind
# nginx; measures the four pages (and their static twins with "static").
run() {
	local label=$1 micro=$2 pc=$3 bin=${4:-$BIN} db=${5:-$tmp/g.db} twins=${6:-} w
	echo "$label (micro-cache $micro, page cache $pc):" >&2
	start_fcgi "$pc" "$bin" "$db"
	start_nginx "$micro"
	wait_ok "$N/" || die "gazette fcgi does not answer behind nginx (see $tmp/fcgi.log)"
	for p in "${pages[@]}"; do
		set -- $p
		measure "$label $1 nginx->fcgi" "$N$2"
		[ -n "$twins" ] && measure "static $1 nginx-static" "$N/bench-static/$1"
	done
	w=$(worker_pid "$fcgi_pid")
	hwm[$label]="worker pid ${w:-?}: $([ -n "$w" ] && vmhwm "$w" || echo '?'), supervisor: $(vmhwm "$fcgi_pid")"
	stop_pid nginx_pid
	stop_pid fcgi_pid
}
for mode in $MODES; do
	if [ "$mode" = off ]; then
		run cached off 1 "$BIN" "$tmp/g.db" static
		run rendered off 0
		if [ -n "${BEFORE:-}" ]; then
			run before off 0 "$BEFORE" "$tmp/before.db"
		fi
	else
		run microcache on 1
	fi
done
echo "gazette serve:" >&2
measure "serve article direct" "$S/article/$article"
hwm[serve]="pid $serve_pid: $(vmhwm "$serve_pid")"

# The tables: every measurement, then one row per page with the columns
# side by side; each ratio is to the page's static twin.
echo
printf '%-34s %10s %9s %9s %7s\n' "measurement" "req/s" "p50" "p99" "errors"
awk -F'\t' '{ printf "%-34s %10.0f %9s %9s %7d\n", $1, $2, $3, $4, $5 }' "$tmp/rows"
echo
printf '%-9s %9s %9s %9s %9s %10s %9s %9s %9s %9s\n' page static cached rendered before \
	microcache "cached÷" "rendered÷" "before÷" "micro÷"
awk -F'\t' '
	function ratio(a, b) { return (a != "" && b > 0) ? sprintf("%.2f", a / b) : "-" }
	function n(a) { return a != "" ? sprintf("%.0f", a) : "-" }
	{ split($1, w, " "); v[w[1], w[2]] = $2; if (!(w[2] in seen)) { seen[w[2]] = 1; order[++np] = w[2] } }
	END {
		for (i = 1; i <= np; i++) {
			p = order[i]
			if (!(("static", p) in v)) continue
			s = v["static", p]
			printf "%-9s %9s %9s %9s %9s %10s %9s %9s %9s %9s\n", p, n(s), n(v["cached", p]),
				n(v["rendered", p]), n(v["before", p]), n(v["microcache", p]),
				ratio(v["cached", p], s), ratio(v["rendered", p], s), ratio(v["before", p], s),
				ratio(v["microcache", p], s)
		}
		if (("serve", "article") in v)
			printf "gazette serve, article, direct: %.0f req/s (%s of static)\n",
				v["serve", "article"], ratio(v["serve", "article"], v["static", "article"])
	}' "$tmp/rows"
echo
echo "peak RSS (VmHWM):"
for k in cached rendered before microcache; do
	[ -n "${hwm[$k]:-}" ] && echo "  gazette fcgi, $k: ${hwm[$k]}"
done
echo "  gazette serve: ${hwm[serve]}"
