#!/bin/bash
# What the section menu and section trees cost (issue 15, sections as a
# tree).  The menu is on every page the page cache does not answer, so
# this times a page that is little else (a 404: menu, and the five latest
# articles) on three databases, and the pages of a parent section:
#   fixture  the Theme Unit Test export imported: 67 sections, 57 of them
#            top-level, 2 holding articles;
#   1000-empty  100,000 articles in 5 sections placed last, behind 995
#            empty top-level ones: the menu tests all 1,000 (worst case);
#   1000-full   the same 100,000 articles spread over 1,000 top-level
#            sections: the menu stops after 11;
#   tree     100,000 articles in 5 sections, 3 of them below "industry"
#            (80,000 articles below it): its first page and one 5,000 down.
# Each page is asked for by wrk, one connection, with the page cache off
# (GAZETTE_PAGECACHE=0); printed: the server's CPU time per request
# (perf stat task-clock over 4 s, which other load on the machine disturbs
# less than latency does) and the mean latency.
#   bash bench/sections.sh [BIN]
# SECTIONS_DIR=dir keeps the databases there and reuses them.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
. "$src/bench/lib.sh"
bin=${1:-${GAZETTE_BIN:-$src/build/gazette}}
fixture=$src/../shared/fixtures/wordpress/themeunittestdata.wordpress.xml
need "$bin" wrk perf sqlite3 curl
[ -r "$fixture" ] || die "the WordPress fixture is not at $fixture"
dir=${SECTIONS_DIR:-$(mktemp -d)}
[ -n "${SECTIONS_DIR:-}" ] || trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir"

# gen DB N: scale.sh's generator, N articles over 6 years in the demo's 5
# sections (taken from there, so both benches measure the same data).
eval "$(sed -n '/^gen() {/,/^}/p' "$src/bench/scale.sh")"

if [ ! -f "$dir/fixture.db" ]; then
	"$bin" init --db "$dir/fixture.db" >/dev/null
	"$bin" import wordpress "$fixture" --db "$dir/fixture.db" >/dev/null 2>&1
fi
if [ ! -f "$dir/base.db" ]; then
	echo "generating 100,000 articles"
	gen "$dir/base.db" 100000
fi
if [ ! -f "$dir/1000-empty.db" ]; then
	cp "$dir/base.db" "$dir/1000-empty.db"
	sqlite3 "$dir/1000-empty.db" "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n
		WHERE k < 995) INSERT INTO categories (slug, name, position)
		SELECT printf('empty-%04d', k), printf('Empty %04d', k), 0 FROM n; ANALYZE;"
fi
if [ ! -f "$dir/1000-full.db" ]; then
	cp "$dir/base.db" "$dir/1000-full.db"
	sqlite3 "$dir/1000-full.db" "WITH RECURSIVE n(k) AS (SELECT 6 UNION ALL SELECT k + 1 FROM n
		WHERE k < 1000) INSERT INTO categories (id, slug, name, position)
		SELECT k, printf('section-%04d', k), printf('Section %04d', k), 0 FROM n;
		UPDATE articles SET category_id = 1 + id % 1000; ANALYZE;"
fi
if [ ! -f "$dir/tree.db" ]; then
	cp "$dir/base.db" "$dir/tree.db"
	sqlite3 "$dir/tree.db" "UPDATE categories SET parent_id = 1 WHERE id IN (2, 3);
		UPDATE categories SET parent_id = 3 WHERE id = 4; ANALYZE;"
fi

# measure DB URL...: one server on DB, each URL timed.
measure() {
	local db=$1 log=$dir/serve.log port pid u w ms rps
	shift
	GAZETTE_PAGECACHE=0 "$bin" serve --listen 127.0.0.1:0 --db "$db" >"$log" 2>&1 &
	pid=$!
	for _ in $(seq 100); do
		port=$(sed -n 's/.*serving http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log")
		[ -n "$port" ] && break
		sleep 0.1
	done
	[ -n "$port" ] || { kill "$pid"; die "the server did not start"; }
	for u in "$@"; do
		wrk -t1 -c1 -d1s "http://127.0.0.1:$port$u" >/dev/null 2>&1
		wrk -t1 -c1 -d5s "http://127.0.0.1:$port$u" >"$dir/wrk.txt" 2>&1 &
		w=$!
		sleep 0.5
		ms=$(perf stat -x, -e task-clock -p "$pid" -- sleep 4 2>&1 |
			awk -F, '/task-clock/ {print $1}')
		wait "$w"
		rps=$(awk '/Requests\/sec/ {print $2}' "$dir/wrk.txt")
		awk -v ms="$ms" -v rps="$rps" -v d="${db##*/}" -v u="$u" 'BEGIN {
			printf "%-16s %-52s %9.1f %9.3f\n", d, u, ms * 1000 / (rps * 4), 1000 / rps }'
	done
	kill "$pid"
	wait "$pid" 2>/dev/null || true
}

deep=$(sqlite3 "$dir/tree.db" "SELECT published_at || '.' || id FROM articles
	WHERE category_id IN (1, 2, 3, 4) AND status = 'published'
	ORDER BY published_at DESC, id DESC LIMIT 1 OFFSET 5000")
printf '%-16s %-52s %9s %9s\n' database page "CPU (us)" "ms"
measure "$dir/fixture.db" /no-such /sections
measure "$dir/1000-empty.db" /no-such
measure "$dir/1000-full.db" /no-such /sections
measure "$dir/tree.db" / /category/industry "/category/industry?before=$deep&page=500" \
	/category/economy
