#!/bin/bash
# A breaking-news day through a cache tier (issue 18 point 4): CONNS readers
# (32) over the mix of bench/breaking-news.lua (the hot article 50 %, home
# 20 %, its section 15 %, other articles 15 %) while the newsroom writes
# (bench/breaking-news-writer.py: 5 comments a second posted and approved,
# half on the hot article; the editor saves the hot article every 10 s),
# through
#   (a) nginx's micro-cache (deploy/nginx.conf + nginx-microcache.conf) in
#       front of `gazette fcgi`, and
#   (b) Varnish (deploy/varnish/gazette.vcl) in front of `gazette serve`,
#       purged by key;
# each "before" (GAZETTE_CACHE_KEYS=global: every write touches everything,
# as the single generation did) and "after" (fine-grained keys), all in one
# run.  Prints one table: requests/s, the share of answers the cache served
# (hit ratio), origin requests/s (GET lines in Gazette's own access log),
# origin load as a share of reader requests, and p50/p99 latency.
#
#   bash bench/breaking-news.sh    # DURATION=20s CONNS=32 THREADS=2 RATE=5 ARTICLES=2000
#   TIERS=varnish MODES=after KEEP=1 bash bench/breaking-news.sh   # one row, logs kept
#
# The demo site gets ARTICLES older published articles (the long tail the
# "other articles" share of readers spreads over).  About 3 minutes with the
# defaults.  Needs wrk, nginx, varnishd with the
# xkey vmod, curl, python3, sqlite3 (sh tools/deps.sh test).  The machine is
# shared with everything else running: compare the rows of one run.
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
BIN=${GAZETTE_BIN:-$src/build/gazette}
DURATION=${DURATION:-20s}
CONNS=${CONNS:-32}
THREADS=${THREADS:-2}
RATE=${RATE:-5}
ARTICLES=${ARTICLES:-2000}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
VARNISHD=${VARNISHD:-$(command -v varnishd || echo /usr/sbin/varnishd)}
e2e=$src/tests/e2e

. "$src/bench/lib.sh"
need "$BIN" "$NGINX" "$VARNISHD" wrk curl python3 sqlite3
. "$e2e/nginx-start.sh"

tmp=$(mktemp -d)
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	if [ -n "${KEEP:-}" ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# stop PID: end one process this script started and forget it.
stop() {
	local p keep=()
	kill "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
	for p in "${pids[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
	pids=("${keep[@]}")
}

db=$tmp/g.db
"$BIN" init --db "$db" --demo >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log"; die "gazette init"; }
echo 'bench pass 123' | "$BIN" user add bench --role admin --password-stdin --db "$db" >/dev/null
# The long tail: older articles over the demo's sections, a year back.
"$BIN" sql --db "$db" >/dev/null <<SQL
WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < $ARTICLES)
INSERT INTO articles (slug, title, summary, body, author_id, category_id, status, published_at,
	created_at, updated_at)
SELECT 'archive-' || k, 'Archive story ' || k, 'An older story, number ' || k || '.',
	'Paragraph one of story ' || k || '.' || char(10) || char(10) || 'Paragraph two.',
	(SELECT min(id) FROM users), (SELECT id FROM categories WHERE id = 1 + k % 3),
	'published', unixepoch() - 86400 * 30 - k * 3600, unixepoch(), unixepoch()
FROM n;
SQL
q() { sqlite3 -cmd ".timeout 5000" "$db" "$@"; }
hot_id=$(q "SELECT id FROM articles WHERE status = 'published' AND category_id IS NOT NULL
	ORDER BY published_at DESC LIMIT 1")
{
	echo "/article/$(q "SELECT slug FROM articles WHERE id = $hot_id")"
	echo "/category/$(q "SELECT c.slug FROM categories c JOIN articles a ON a.category_id = c.id
		WHERE a.id = $hot_id")"
	q "SELECT '/article/' || slug FROM articles WHERE status = 'published' AND id <> $hot_id"
} >"$tmp/paths.txt"
mkdir -p "$tmp/static" "$tmp/media"
cp -R "$src/static/." "$tmp/static/"
secs=${DURATION%s}

# origin_gets LOG: GET lines in Gazette's access log, the newsroom's own left out.
origin_gets() {
	grep '"GET /' "$1" | grep -vc '"GET /admin' || true
}

# run TIER MODE URL LOG [ADMIN]: one measured run; appends a row to $tmp/rows.
# The newsroom writes at ADMIN (default URL).
run() {
	local tier=$1 mode=$2 url=$3 log=$4 admin=${5:-$3} p before after wout
	# Warm the pages most read (the tail stays cold, as on a real day).
	head -50 "$tmp/paths.txt" | while read -r p; do curl -s -o /dev/null "$url$p"; done
	curl -s -o /dev/null "$url/"
	before=$(origin_gets "$log")
	python3 "$src/bench/breaking-news-writer.py" "$url" "$db" bench 'bench pass 123' "$hot_id" \
		"$secs" "$RATE" "$admin" >"$tmp/writer.out" 2>&1 &
	wpid=$!
	pids+=("$wpid")
	wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -s "$src/bench/breaking-news.lua" \
		"$url" -- "$tmp/paths.txt" >"$tmp/wrk.out" 2>&1
	wait "$wpid" || true
	stop "$wpid"
	after=$(origin_gets "$log")
	python3 - "$tier" "$mode" "$tmp/wrk.out" "$tmp/writer.out" "$before" "$after" "$secs" \
		>>"$tmp/rows" <<'PY'
import re, sys
tier, mode, wrk, writer, before, after, secs = sys.argv[1:]
w = open(wrk).read()
rps = float(re.search(r"Requests/sec:\s*([\d.]+)", w).group(1))
hits, total = map(int, re.search(r"CACHE hits=(\d+) total=(\d+)", w).groups())
p50, p99 = map(float, re.search(r"LAT p50=([\d.]+) p99=([\d.]+)", w).groups())
origin = (int(after) - int(before)) / float(secs)
wr = open(writer).read().strip().splitlines()
wr = wr[-1] if wr else "writer: no output"
m = re.search(r"visible_median=([\d.a-z]+)s visible_max=([\d.a-z]+)s", wr)
vis = f"{m.group(1)} / {m.group(2)} s" if m else "?"
bad = re.search(r"failed=(\d+)", wr)
wr = vis + ("" if bad and bad.group(1) == "0" else f" ({wr})")
print(f"| {tier} | {mode} | {rps:,.0f} | {100.0 * hits / max(total, 1):.1f} % | "
      f"{origin:,.1f} | {100.0 * origin / max(rps, 1):.2f} % | {p50:.2f} | {p99:.2f} | {wr} |")
PY
	tail -1 "$tmp/rows"
}

for mode in ${MODES:-before after}; do
	if [ "$mode" = before ]; then export GAZETTE_CACHE_KEYS=global; else unset GAZETTE_CACHE_KEYS; fi

	# (a) nginx micro-cache -> gazette fcgi (its access log counts origin requests).
	if [[ " ${TIERS:-nginx varnish} " == *" nginx "* ]]; then
	rm -f "$tmp/gz.sock"
	: >"$tmp/fcgi.log"
	"$BIN" fcgi --socket "$tmp/gz.sock" --db "$db" --access-log >>"$tmp/fcgi.log" 2>&1 &
	fpid=$!
	pids+=("$fpid")
	nginx_start "$tmp/nginx" "$tmp/gz.sock" "$tmp/static" "$tmp/media" microcache ||
		die "nginx does not start"
	pids+=("$NGINX_PID")
	run nginx "$mode" "http://127.0.0.1:$NGINX_PORT" "$tmp/fcgi.log"
	stop "$NGINX_PID"
	stop "$fpid"
	fi

	# (b) Varnish -> gazette serve, purged by key through the setting purge_urls.
	[[ " ${TIERS:-nginx varnish} " == *" varnish "* ]] || continue
	: >"$tmp/serve.log"
	"$BIN" serve --listen 127.0.0.1:0 --db "$db" >>"$tmp/serve.log" 2>&1 &
	spid=$!
	pids+=("$spid")
	for ((i = 0; i < 300; i++)); do
		gport=$(sed -n 's/.*serving http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/serve.log")
		[ -n "$gport" ] && break
		sleep 0.1
	done
	[ -n "$gport" ] || die "gazette serve said no port"
	sed -e "s/@BACKEND_HOST@/127.0.0.1/" -e "s/@BACKEND_PORT@/$gport/" \
		"$src/deploy/varnish/gazette.vcl" >"$tmp/gazette.vcl"
	vport=""
	for ((i = 0; i < 20; i++)); do
		[ -z "$vport" ] || break
		p=$(python3 "$e2e/freeport.py")
		rm -rf "$tmp/vn"
		"$VARNISHD" -F -j none -T none -a "127.0.0.1:$p" -f "$tmp/gazette.vcl" -n "$tmp/vn" \
			-s malloc,256m >"$tmp/varnish.log" 2>&1 &
		vpid=$!
		for ((j = 0; j < 100; j++)); do
			curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$p/robots.txt" && { vport=$p; break; }
			kill -0 "$vpid" 2>/dev/null || break
			sleep 0.1
		done
		[ -n "$vport" ] || { kill "$vpid" 2>/dev/null || true; wait "$vpid" 2>/dev/null || true; }
	done
	[ -n "$vport" ] || { cat "$tmp/varnish.log"; die "varnishd does not start"; }
	pids+=("$vpid")
	q "INSERT OR REPLACE INTO settings (key, value) VALUES ('purge_urls', 'http://127.0.0.1:$vport/')"
	# The newsroom goes to Gazette itself, as an admin host would: its
	# requests pass Varnish anyway, and there they would compete with
	# readers' misses for the backend connections.
	run varnish "$mode" "http://127.0.0.1:$vport" "$tmp/serve.log" "http://127.0.0.1:$gport"
	q "DELETE FROM settings WHERE key = 'purge_urls'"
	stop "$vpid"
	stop "$spid"
done

echo
echo "$CONNS readers, $DURATION per row, $RATE comments/s approved (half on the hot article),"
echo "the hot article saved every 10 s, $ARTICLES older articles.  Origin: GET requests in"
echo "Gazette's log per second.  Visible: from a comment's approval to the first page through"
echo "the cache that shows it (every 10th comment; median / worst)."
echo
echo "| cache | invalidation | req/s | hit ratio | origin req/s | origin / reader | p50 ms | p99 ms | visible |"
echo "|---|---|---|---|---|---|---|---|---|"
sed -e 's/| before |/| global (before) |/' -e 's/| after |/| per key (after) |/' "$tmp/rows"
