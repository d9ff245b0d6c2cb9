#!/bin/bash
# Scale check for the reader side (issue 20): the article page, the home
# page, a section's first page and a deep one (keyset cursor ~5,000
# articles down) and searches, timed on a database with 100 generated
# articles and on one with 1,000,000, in one run, with Gazette's page cache
# off (GAZETTE_PAGECACHE=0) so every request renders.  Prints the mean
# latency per page, the ratio big/small against the issue's targets (1.5,
# searches 2), and the peak RSS (VmHWM) of the server on each database
# (target: under 32 MiB at 1,000,000).
#   bash bench/scale.sh [BIG=1000000] [SECONDS=5]
# SCALE_DIR=dir keeps the generated databases there and reuses them.
# Generating 1,000,000 articles (SQL in bulk, the search index kept by its
# triggers) and storing their bodies' HTML take a few minutes; both are
# timed and printed.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
bin=${GAZETTE_BIN:-$src/build/gazette}
big=${1:-1000000}
secs=${2:-5}
tmp=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"' EXIT
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)"; exit 1; }

# gen DB N: a database with N synthetic published articles over 6 years,
# spread over 5 categories and 15 tags, words from a small newsroom
# vocabulary (every 20th article in Chinese).
gen() {
	"$bin" init --db "$1" --demo >/dev/null 2>&1
	"$bin" sql --db "$1" <<SQL
CREATE TEMP TABLE w(i INTEGER PRIMARY KEY, t TEXT);
INSERT INTO w(t) VALUES ('steel'),('harbour'),('turbine'),('grid'),('battery'),('export'),
 ('policy'),('factory'),('workers'),('rail'),('freight'),('chips'),('energy'),('climate'),
 ('market'),('supply'),('orders'),('wages'),('port'),('data'),('software'),('plant'),
 ('investment'),('regulator'),('standards'),('prices'),('demand'),('training'),('shipyard'),
 ('engineers');
CREATE TEMP TABLE zh(i INTEGER PRIMARY KEY, t TEXT);
INSERT INTO zh(t) VALUES ('制造业'),('新能源'),('数字化'),('产业链'),('人工智能'),('工厂'),('出口'),('电网');
WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < $2)
INSERT INTO articles (slug, title, summary, body, author_id, category_id, status, published_at,
	created_at, updated_at)
SELECT 'gen-' || k,
	CASE WHEN k % 20 = 0 THEN (SELECT t FROM zh WHERE zh.i = 1 + k % 8) || '发展新闻 ' || k
	ELSE 'The ' || (SELECT t FROM w WHERE w.i = 1 + k % 30) || ' report on ' ||
	(SELECT t FROM w WHERE w.i = 1 + (k * 7) % 30) || ' number ' || k END,
	'Summary about ' || (SELECT t FROM w WHERE w.i = 1 + (k * 3) % 30) || ' and ' ||
	(SELECT t FROM w WHERE w.i = 1 + (k * 11) % 30) || '.',
	'Paragraph one on ' || (SELECT t FROM w WHERE w.i = 1 + (k * 13) % 30) || ' and ' ||
	(SELECT t FROM w WHERE w.i = 1 + (k * 17) % 30) || ' in the region.' || char(10) || char(10) ||
	'Paragraph two: ' || (SELECT t FROM w WHERE w.i = 1 + (k * 19) % 30) || ' ' ||
	(SELECT t FROM w WHERE w.i = 1 + (k * 23) % 30) || ' ' ||
	(SELECT t FROM zh WHERE zh.i = 1 + k % 8) || ' grew again this quarter.' || char(10) || char(10) ||
	'Paragraph three closes the story about ' || (SELECT t FROM w WHERE w.i = 1 + (k * 29) % 30) || '.',
	1, 1 + k % 5, 'published', unixepoch() - 3600 - ($2 - k) * (6 * 365 * 86400 / $2),
	unixepoch(), unixepoch()
FROM n;
INSERT OR IGNORE INTO article_tags (article_id, tag_id)
SELECT id, 1 + id % 15 FROM articles WHERE slug LIKE 'gen-%';
INSERT OR IGNORE INTO article_tags (article_id, tag_id)
SELECT id, 1 + (id * 7) % 15 FROM articles WHERE slug LIKE 'gen-%';
ANALYZE;
SQL
}

# measure DB LABEL: mean latency of each page with 1 connection, then a
# line "rss LABEL <VmHWM in KiB>".
measure() {
	local port db=$1 cursor pid
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	GAZETTE_PAGECACHE=0 "$bin" serve --listen "127.0.0.1:$port" --db "$db" 2>/dev/null &
	pid=$!
	pids+=($pid)
	for _ in $(seq 600); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
	# The cursor of the deepest page we can have in both: ~5,000 down in
	# the big one, the last page in the small one.
	cursor=$(sqlite3 "$db" "SELECT published_at || '.' || id FROM articles WHERE category_id = 1
		AND status = 'published' ORDER BY published_at DESC, id DESC LIMIT 1 OFFSET
		min(5000, (SELECT count(*) - 15 FROM articles WHERE category_id = 1))")
	art=$(sqlite3 "$db" "SELECT slug FROM articles WHERE slug LIKE 'gen-%' ORDER BY id DESC LIMIT 1 OFFSET 50")
	for page in "/article/$art" "/" "/category/industry" "/category/industry?before=$cursor&page=500" "/search?q=harbour" \
		"/search?q=harbour%20rail" "/search?q=%E5%88%B6%E9%80%A0" "/search?q=harbour%20workers"; do
		wrk -t1 -c1 -d"${secs}s" --latency "http://127.0.0.1:$port$page" 2>/dev/null |
			awk -v p="$page" -v l="$2" '/Requests\/sec/ {print l, p, 1000 / $2}'
	done
	awk -v l="$2" '/^VmHWM:/ { print "rss", l, $2 }' "/proc/$pid/status"
	kill "$pid"
	wait "$pid" 2>/dev/null || true
}

dbs=${SCALE_DIR:-$tmp}
mkdir -p "$dbs"
for n in 100 "$big"; do
	if [ ! -f "$dbs/scale_$n.db" ]; then
		echo "generating: $n articles"
		t0=$(date +%s)
		gen "$dbs/scale_$n.db" "$n"
		echo "  generated in $(($(date +%s) - t0)) s"
	fi
	# The bodies' HTML is stored on migration (gazette init), as on a
	# site upgraded to it; a second run finds nothing left to do.
	t0=$(date +%s)
	"$bin" init --db "$dbs/scale_$n.db" >/dev/null
	echo "  $n: body HTML stored in $(($(date +%s) - t0)) s"
done
measure "$dbs/scale_100.db" small >"$tmp/small.txt"
measure "$dbs/scale_$big.db" big >"$tmp/big.txt"
printf '%-44s %10s %10s %7s %7s\n' page "100 (ms)" "$big (ms)" ratio target
paste <(grep -v '^rss' "$tmp/small.txt") <(grep -v '^rss' "$tmp/big.txt") | awk '{
	page = $2; sub(/\?before=[0-9.]*/, "?before=<deep>", page)
	target = page ~ /^\/search/ ? 2 : 1.5
	printf "%-44s %10.3f %10.3f %7.2f %7s\n", page, $3, $6, $6 / $3, ($6 / $3 <= target ? "<=" : ">") target }'
awk '$1 == "rss" { printf "peak RSS (VmHWM) of gazette serve, %s database: %.1f MiB\n", $2, $3 / 1024 }' \
	"$tmp/small.txt" "$tmp/big.txt"
