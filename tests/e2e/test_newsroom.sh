#!/bin/bash
# The newsroom fields (issue 16 points 5 and 7, E3) in headless Chromium:
# an English demo site in Europe/London and a Chinese one (gazette init
# --demo --lang zh-CN) in Asia/Shanghai, each served by gazette serve, an
# admin (for Settings) and a writer on each.
# tests/e2e/newsroom.mjs picks two bylines in order, types a publish time
# in the site's zone and finds it again in the editor and on the reader's
# page ("by A and B" / "作者：A、B", BST / CST), adds a correction and an
# update from the editor and finds them above and below the text; axe
# WCAG 2.1 A/AA at 1280 and 390 px, screenshots to
# $GAZETTE_BUILD/e2e-out/newsroom-*.  This script then runs the Nu HTML
# checker on the pages saved and checks the database: times stored in UTC.
# Needs chromium, nodejs, npm, default-jre-headless, sqlite3 (sh
# tools/deps.sh test); a missing one is a failure, not a skip.
set -euo pipefail

. "$(dirname "$0")/../integration/lib.sh"
build=${GAZETTE_BUILD:-$src/build}
e2e=$src/tests/e2e
out=$build/e2e-out
export GAZETTE_BUILD=$build

for tool in node npm java sqlite3 "${CHROMIUM:-/usr/bin/chromium}"; do
	command -v "$tool" >/dev/null 2>&1 ||
		die "$tool not found: run sh tools/deps.sh test"
done

step "install the browser-test packages if missing (npm ci)"
sh "$e2e/setup.sh"
mkdir -p "$out"
rm -f "$out"/newsroom-*

# 3 December 2026: the clock stands still, so "published" means now.
export GAZETTE_TEST_CLOCK=$tmp/clock
echo 1796299200 >"$GAZETTE_TEST_CLOCK"

# serve DB NAME: start gazette serve on DB; sets origin.
serve() {
	(cd "$src" && GAZETTE_STRICT=1 exec "$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$1" \
		--static "$src/static") >"$tmp/$2.log" 2>&1 &
	pids+=($!)
	local port
	port=$(listen_port "$tmp/$2.log") || { cat "$tmp/$2.log"; die "gazette serve ($2) did not say its port"; }
	origin=http://127.0.0.1:$port
	wait_http "$origin/" 100 || { cat "$tmp/$2.log"; die "gazette serve ($2) does not answer on $origin"; }
}

step "two demo sites with their zones, two editors on each"
for lang in en zh-CN; do
	db=$tmp/$lang.db
	"$GAZETTE_BIN" init --db "$db" --demo --lang "$lang" >"$tmp/init-$lang.log" 2>&1 ||
		{ cat "$tmp/init-$lang.log"; die "gazette init --demo --lang $lang"; }
	echo 'desk pass 12345' | "$GAZETTE_BIN" user add desk --role admin --name 'Dana Desk' \
		--password-stdin --db "$db" >/dev/null || die "user add desk ($lang)"
	echo 'desk pass 12345' | "$GAZETTE_BIN" user add lin --role author --name 'Lin Reporter' \
		--password-stdin --db "$db" >/dev/null || die "user add lin ($lang)"
done
sqlite3 "$tmp/en.db" "INSERT OR REPLACE INTO settings (key, value) VALUES ('site_timezone', 'Europe/London')"
sqlite3 "$tmp/zh-CN.db" "INSERT OR REPLACE INTO settings (key, value) VALUES ('site_timezone', 'Asia/Shanghai')"
serve "$tmp/en.db" en
en_origin=$origin
serve "$tmp/zh-CN.db" zh
zh_origin=$origin

plan=$(python3 - "$en_origin" "$zh_origin" <<'PY'
import json, sys
print(json.dumps({"en": {"origin": sys.argv[1], "zone": "Europe/London"},
                  "zh": {"origin": sys.argv[2], "zone": "Asia/Shanghai"},
                  "login": "desk", "password": "desk pass 12345",
                  "first": "Dana Desk", "second": "Lin Reporter"}))
PY
)
echo "plan: $plan"

status=0
step "newsroom.mjs: bylines, time zones and notes in Chromium"
(cd "$e2e" && node newsroom.mjs "$plan") || status=1

step "the database after the run"
t=$(sqlite3 "$tmp/en.db" "SELECT published_at FROM articles WHERE title = 'Ferry timetable changes'")
cond "London 09:30 BST stored as 08:30 UTC ($t)" '[ "$t" = "$(date -u -d "2026-07-01 08:30" +%s)" ]'
t=$(sqlite3 "$tmp/zh-CN.db" "SELECT published_at FROM articles WHERE title = '渡轮时刻表调整'")
cond "Shanghai 09:30 CST stored as 01:30 UTC ($t)" '[ "$t" = "$(date -u -d "2026-07-01 01:30" +%s)" ]'
n=$(sqlite3 "$tmp/en.db" "SELECT count(*) FROM article_notes")
cond "two notes stored ($n)" '[ "$n" = 2 ]'

step "Nu HTML checker (vnu --errors-only) on the pages"
files=()
for f in newsroom-{en,zh}-{dashboard,settings,editor,article}; do
	[ -f "$out/$f.html" ] && files+=("$out/$f.html")
done
if [ ${#files[@]} -ne 8 ]; then
	fail "newsroom.mjs saved ${#files[@]} of 8 pages for the HTML checker"
	status=1
elif java -jar "$e2e/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only --format text \
	"${files[@]}" >"$out/newsroom-vnu.txt" 2>&1; then
	pass "vnu: 0 errors in ${#files[@]} pages"
else
	cat "$out/newsroom-vnu.txt"
	fail "vnu found errors (see $out/newsroom-vnu.txt)"
	status=1
fi

[ "$nfail" -eq 0 ] || status=1
if [ $status -ne 0 ]; then
	echo "--- gazette serve logs (tail)"
	tail -n 10 "$tmp/en.log" "$tmp/zh.log"
	echo "test_newsroom (e2e): FAILED (screenshots and HTML in $out)"
	exit 1
fi
echo "test_newsroom (e2e): all checks passed (screenshots and HTML in $out)"
