#!/bin/bash
# The editor desk (issue 16 points 2 and 7) in headless Chromium, on an
# English demo site and a Chinese one (gazette init --demo --lang zh-CN),
# each served by gazette serve with the test clock.  tests/e2e/editor.mjs
# checks the live preview (the server's renderer, word count with Chinese
# characters counted), the title side by side with the text at 1280 px and
# Write / Preview tabs at 390 px, Ctrl+S, the warning before leaving with
# unsaved changes (and none without), autosave recovery for an existing
# and a new article (the page closed without saving, the copy restored,
# the published text untouched until Save, the copy gone after Save), the
# discard button, the revisions page's word-level diff; axe WCAG 2.1 A/AA
# on each page at both widths, screenshots to $GAZETTE_BUILD/e2e-out/editor-*.
# This script then runs the Nu HTML checker on the pages editor.mjs saved,
# and checks the database: the article row never took an autosaved text.
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
rm -f "$out"/editor-*

# The server's clock is the test's: editor.mjs moves it forward so that a
# draft copy is newer than the article's last save.
export GAZETTE_TEST_CLOCK=$tmp/clock
date +%s >"$GAZETTE_TEST_CLOCK"

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

step "two demo sites, an editor on each"
for lang in en zh-CN; do
	"$GAZETTE_BIN" init --db "$tmp/$lang.db" --demo --lang "$lang" >"$tmp/init-$lang.log" 2>&1 ||
		{ cat "$tmp/init-$lang.log"; die "gazette init --demo --lang $lang"; }
	echo 'desk pass 12345' | "$GAZETTE_BIN" user add desk --role editor --password-stdin \
		--db "$tmp/$lang.db" >/dev/null || die "user add desk ($lang)"
done
serve "$tmp/en.db" en
en_origin=$origin
serve "$tmp/zh-CN.db" zh
zh_origin=$origin
art=$(sqlite3 "$tmp/en.db" "SELECT id FROM articles WHERE status = 'published' ORDER BY id LIMIT 1")
slug=$(sqlite3 "$tmp/en.db" "SELECT slug FROM articles WHERE id = $art")
title0=$(sqlite3 "$tmp/en.db" "SELECT title FROM articles WHERE id = $art")
zh_art=$(sqlite3 "$tmp/zh-CN.db" "SELECT id FROM articles WHERE status = 'published' ORDER BY id LIMIT 1")

plan=$(python3 - "$en_origin" "$art" "$slug" "$title0" "$zh_origin" "$zh_art" "$GAZETTE_TEST_CLOCK" <<'PY'
import json, sys
a = sys.argv[1:]
print(json.dumps({"en": {"origin": a[0], "article": int(a[1]), "slug": a[2], "title": a[3]},
                  "zh": {"origin": a[4], "article": int(a[5])},
                  "clock": a[6], "login": "desk", "password": "desk pass 12345"}))
PY
)
echo "plan: $plan"

status=0
step "editor.mjs: the desk in Chromium"
(cd "$e2e" && node editor.mjs "$plan") || status=1

step "the database after the run"
n=$(sqlite3 "$tmp/en.db" "SELECT count(*) FROM autosaves")
cond "no draft copy left behind after Save and Discard ($n)" '[ "$n" = 0 ]'
t=$(sqlite3 "$tmp/en.db" "SELECT title FROM articles WHERE id = $art")
cond "the article holds the saved title, not a draft copy's ($t)" '[ "$t" = "Desk test: saved after recovery" ]'
r=$(sqlite3 "$tmp/en.db" "SELECT count(*) FROM revisions WHERE article_id = $art")
cond "one revision per Save of the article, two Saves ($r)" '[ "$r" = 2 ]'
new=$(sqlite3 "$tmp/en.db" "SELECT count(*) FROM articles WHERE title = 'A new story, recovered'")
cond "the recovered new article was created once ($new)" '[ "$new" = 1 ]'

step "Nu HTML checker (vnu --errors-only) on the editor pages"
files=()
for f in editor-en-1280 editor-en-new editor-en-restored editor-en-revisions editor-zh-1280; do
	[ -f "$out/$f.html" ] && files+=("$out/$f.html")
done
if [ ${#files[@]} -ne 5 ]; then
	fail "editor.mjs saved ${#files[@]} of 5 pages for the HTML checker"
	status=1
elif java -jar "$e2e/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only --format text \
	"${files[@]}" >"$out/editor-vnu.txt" 2>&1; then
	pass "vnu: 0 errors in ${#files[@]} pages"
else
	cat "$out/editor-vnu.txt"
	fail "vnu found errors (see $out/editor-vnu.txt)"
	status=1
fi

step "the servers' logs"
if grep -E "AddressSanitizer|runtime error|LeakSanitizer|template" "$tmp/en.log" "$tmp/zh.log"; then
	fail "sanitizer, runtime or template errors in the server logs"
else
	pass "no sanitizer, runtime or template error in the server logs"
fi

[ "$nfail" -eq 0 ] || status=1
if [ $status -ne 0 ]; then
	echo "--- gazette serve logs (tail)"
	tail -n 10 "$tmp/en.log" "$tmp/zh.log"
	echo "test_editor: FAILED (screenshots and HTML in $out)"
	exit 1
fi
echo "test_editor: all checks passed (screenshots and HTML in $out)"
