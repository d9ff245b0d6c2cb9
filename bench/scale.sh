#!/bin/bash
# Scale check for the reader side: the article page, a deep category page
# (keyset cursor ~5,000 articles down) and a search, timed on a database
# with 100 generated articles and on one with 100,000, in one run, with
# Gazette's page cache off (GAZETTE_PAGECACHE=0) so every request renders.
# Prints mean latency per page and the ratio big/small (target: <= 2).
#   bash bench/scale.sh [BIG=100000] [SECONDS=5]
# SCALE_DIR=dir keeps the generated databases there and reuses them.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
bin=${GAZETTE_BIN:-$src/build/gazette}
big=${1:-100000}
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

# measure DB LABEL: mean latency of each page with 1 connection.
measure() {
	local port db=$1 cursor
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	GAZETTE_PAGECACHE=0 "$bin" serve --listen "127.0.0.1:$port" --db "$db" 2>/dev/null &
	pids+=($!)
	for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
	# The cursor of the deepest page we can have in both: ~5,000 down in
	# the big one, the last page in the small one.
	cursor=$(sqlite3 "$db" "SELECT published_at || '.' || id FROM articles WHERE category_id = 1
		AND status = 'published' ORDER BY published_at DESC, id DESC LIMIT 1 OFFSET
		min(5000, (SELECT count(*) - 15 FROM articles WHERE category_id = 1))")
	art=$(sqlite3 "$db" "SELECT slug FROM articles WHERE slug LIKE 'gen-%' ORDER BY id DESC LIMIT 1 OFFSET 50")
	for page in "/article/$art" "/category/industry?before=$cursor&page=500" "/search?q=harbour" \
		"/search?q=harbour%20rail" "/search?q=%E5%88%B6%E9%80%A0" "/search?q=harbour%20workers"; do
		wrk -t1 -c1 -d"${secs}s" --latency "http://127.0.0.1:$port$page" 2>/dev/null |
			awk -v p="$page" -v l="$2" '/Requests\/sec/ {print l, p, 1000 / $2}'
	done
	kill "${pids[-1]}"
}

dbs=${SCALE_DIR:-$tmp}
mkdir -p "$dbs"
for n in 100 "$big"; do
	if [ ! -f "$dbs/scale_$n.db" ]; then
		echo "generating: $n articles"
		gen "$dbs/scale_$n.db" "$n"
	fi
done
measure "$dbs/scale_100.db" small >"$tmp/small.txt"
measure "$dbs/scale_$big.db" big >"$tmp/big.txt"
printf '%-44s %10s %10s %7s\n' page "100 (ms)" "$big (ms)" ratio
paste "$tmp/small.txt" "$tmp/big.txt" | awk '{
	page = $2; sub(/\?before=[0-9.]*/, "?before=<deep>", page)
	printf "%-44s %10.3f %10.3f %7.2f\n", page, $3, $6, $6 / $3 }'
