#!/bin/bash
# The imported WordPress site as a reader's browser sees it (issue 15: "import
# the real fixture in a test and check what a reader sees, page by page";
# tests/integration/test_import.sh does it with curl, this with Chromium).
#  1. the WordPress Theme Unit Test export ($GAZETTE_WP_FIXTURE) imported
#     into a fresh database, `GAZETTE_STRICT=1 gazette serve` on it;
#  2. tests/e2e/import_browser.mjs visits every visible imported article,
#     every published page (/p/slug), the home page, every category and tag
#     page with articles and /search?q=image: each answers 200 with its
#     title in the <h1>, no wider than a 390 px screen, makes no
#     cross-origin request, meets no CSP
#     violation and no page error; axe (WCAG 2.1 A/AA) on home, a category
#     and the articles with a table, a link card and figures, with
#     screenshots of those at 1280 and 390 px;
#  3. the Nu HTML checker (vnu --errors-only) over every saved body: 0 errors.
# Output in $GAZETTE_BUILD/e2e-out/import/.  Exit 77 (skipped) without the
# fixture; chromium, nodejs, npm or java missing is a failure (sh
# tools/deps.sh test).
set -euo pipefail

. "$(dirname "$0")/../integration/lib.sh"
build=${GAZETTE_BUILD:-$src/build}
e2e=$src/tests/e2e
out=$build/e2e-out/import
export GAZETTE_BUILD=$build

fixture=${GAZETTE_WP_FIXTURE:-}
if [ -z "$fixture" ]; then
	echo "skip: GAZETTE_WP_FIXTURE is not set (CMake sets it when it finds the WordPress fixture)"
	exit 77
fi
if [ ! -r "$fixture" ]; then
	echo "skip: the WordPress fixture $fixture is not there"
	exit 77
fi

for tool in node npm java sqlite3 "${CHROMIUM:-/usr/bin/chromium}"; do
	command -v "$tool" >/dev/null 2>&1 ||
		die "$tool not found: run sh tools/deps.sh test"
done

step "install the browser-test packages if missing (npm ci)"
sh "$e2e/setup.sh"

rm -rf "$out"
mkdir -p "$out"

# The clock of the importer and the server: 1 June 2025, so the fixture's
# post scheduled for 2030 stays in the future whatever today's date, and the
# list of visible articles below is the one the server shows.
export GAZETTE_TEST_CLOCK=$tmp/clock
now=1748736000
echo "$now" >"$GAZETTE_TEST_CLOCK"

step "import the fixture into a fresh database"
db=$tmp/wp.db
"$GAZETTE_BIN" init --db "$db" >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log"; die "gazette init"; }
"$GAZETTE_BIN" import wordpress "$fixture" --db "$db" >"$tmp/import.log" 2>&1 ||
	{ cat "$tmp/import.log"; die "gazette import wordpress"; }

step "gazette serve (GAZETTE_STRICT=1) on it"
(cd "$src" && GAZETTE_STRICT=1 exec "$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$db" \
	--static "$src/static") >"$tmp/serve.log" 2>&1 &
pids+=($!)
port=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "gazette serve did not say its port"; }
origin=http://127.0.0.1:$port
wait_http "$origin/" 100 || { cat "$tmp/serve.log"; die "gazette serve does not answer on $origin"; }

# The plan for import_browser.mjs, from the database: what a reader may see.
# Visible articles: published or scheduled with published_at <= now (the
# rule in sql/001_init.sql).  A category counts when it or a category under
# it holds such an article.
visible="status IN ('published', 'scheduled') AND published_at <= $now"
python3 - "$db" "$now" >"$tmp/plan.json" <<'PY'
import json, sqlite3, sys

con = sqlite3.connect(sys.argv[1])
vis = "status IN ('published', 'scheduled') AND published_at <= %d" % int(sys.argv[2])
q = lambda sql: con.execute(sql).fetchall()
articles = [{"slug": s, "title": t} for s, t in q(
    "SELECT slug, title FROM articles WHERE %s ORDER BY id" % vis)]
pages = [{"slug": s, "title": t} for s, t in q(
    "SELECT slug, title FROM pages WHERE status = 'published' ORDER BY id")]
categories = [{"slug": s, "title": t} for s, t in q("""
    WITH RECURSIVE up(id) AS (
        SELECT category_id FROM articles WHERE %s AND category_id IS NOT NULL
        UNION SELECT c.parent_id FROM categories c JOIN up ON c.id = up.id
        WHERE c.parent_id IS NOT NULL)
    SELECT slug, name FROM categories WHERE id IN (SELECT id FROM up) ORDER BY id""" % vis)]
tags = [{"slug": s, "title": t} for s, t in q("""
    SELECT slug, name FROM tags WHERE id IN (SELECT tag_id FROM article_tags
        WHERE article_id IN (SELECT id FROM articles WHERE %s)) ORDER BY id""" % vis)]
print(json.dumps({"articles": articles, "pages": pages, "categories": categories, "tags": tags}))
PY
count() { python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))[sys.argv[2]]))' "$tmp/plan.json" "$1"; }
n_art=$(count articles)
n_page=$(count pages)
n_cat=$(count categories)
n_tag=$(count tags)
n_db=$(sqlite3 "$db" "SELECT count(*) FROM articles WHERE $visible")
echo "plan: $n_art articles, $n_page pages, $n_cat categories, $n_tag tags"
# The fixture has 48 posts a reader may see on 1 June 2025 and 22 published
# pages; fewer would mean the import lost some and this test would check less.
[ "$n_art" -eq "$n_db" ] && [ "$n_art" -ge 40 ] && [ "$n_page" -ge 20 ] && [ "$n_cat" -ge 1 ] &&
	[ "$n_tag" -ge 1 ] || die "too little imported to check (articles $n_art, pages $n_page)"

status=0
step "import_browser.mjs: every imported article, page, listing in Chromium"
(cd "$e2e" && node import_browser.mjs "$origin" "$tmp/plan.json" "$out") || status=1

step "Nu HTML checker (vnu --errors-only) on every saved page"
shopt -s nullglob
files=("$out"/*.html)
want=$((n_art + n_page + n_cat + n_tag + 2))
if [ ${#files[@]} -ne $want ]; then
	echo "FAIL: ${#files[@]} pages saved, want $want"
	status=1
fi
if [ ${#files[@]} -gt 0 ]; then
	if ! java -jar "$e2e/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only \
		--format text "${files[@]}" >"$out/vnu.txt" 2>&1; then
		cat "$out/vnu.txt"
		echo "FAIL: vnu found errors in the imported site (see $out/vnu.txt)"
		status=1
	else
		echo "ok   vnu: 0 errors in ${#files[@]} pages"
	fi
fi

if [ $status -ne 0 ]; then
	echo "--- gazette serve log (tail)"
	tail -20 "$tmp/serve.log"
	echo "test_import_browser: FAILED (screenshots and HTML in $out)"
	exit 1
fi
echo "test_import_browser: all checks passed (screenshots and HTML in $out)"
