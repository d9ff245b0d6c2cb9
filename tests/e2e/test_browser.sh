#!/bin/bash
# Browser smoke test: `gazette serve` on a demo database, driven by headless
# Chromium (tests/e2e/smoke.mjs): home -> category -> article, screenshots at
# 390x844 and 1280x900, no cross-origin request, no CSP violation, axe-core
# WCAG 2.1 A/AA clean, then the Nu HTML checker on the HTML of home and
# article.  Output in $GAZETTE_BUILD/e2e-out/.
# Needs chromium, nodejs, npm, default-jre-headless (sh tools/deps.sh test);
# a missing one is a failure, not a skip.
set -euo pipefail

. "$(dirname "$0")/../integration/lib.sh"
build=${GAZETTE_BUILD:-$src/build}
e2e=$src/tests/e2e
out=$build/e2e-out
export GAZETTE_BUILD=$build

for tool in node npm java "${CHROMIUM:-/usr/bin/chromium}"; do
	command -v "$tool" >/dev/null 2>&1 ||
		die "$tool not found: run sh tools/deps.sh test"
done

step "install the browser-test packages if missing (npm ci)"
sh "$e2e/setup.sh"

rm -rf "$out"
mkdir -p "$out"

step "demo database and gazette serve"
"$GAZETTE_BIN" init --db "$tmp/g.db" --demo >"$tmp/init.log" 2>&1 ||
	{ cat "$tmp/init.log"; die "gazette init"; }
# Port 0: the kernel picks a free port at bind time and serve names it.
(cd "$src" && GAZETTE_STRICT=1 exec "$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$tmp/g.db" \
	--static "$src/static") >"$tmp/serve.log" 2>&1 &
pids+=($!)
port=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "gazette serve did not say its port"; }
origin=http://127.0.0.1:$port
wait_http "$origin/" 100 || { cat "$tmp/serve.log"; die "gazette serve does not answer on $origin"; }

status=0
step "smoke.mjs: home -> category -> article in Chromium"
(cd "$e2e" && node smoke.mjs "$origin") || status=1

step "consent.mjs: the cookie banner with JavaScript on and off"
art=$(sqlite3 "$tmp/g.db" "SELECT '/article/' || slug FROM articles WHERE id = 1")
(cd "$e2e" && node consent.mjs "$origin" "$art") || status=1

step "flows.mjs: comment, moderate, reply; log in and publish"
echo 'browser test pass 1' | "$GAZETTE_BIN" user add chief --role admin --password-stdin --db "$tmp/g.db" >/dev/null
echo "INSERT OR REPLACE INTO settings (key, value) VALUES ('comment_min_seconds', '0');" | sqlite3 "$tmp/g.db"
(cd "$e2e" && node flows.mjs "$origin" "$art" chief 'browser test pass 1') || status=1

step "Nu HTML checker (vnu --errors-only) on home and article"
files=()
for f in home article category search privacy notfound tag search-empty admin-login; do
	[ -f "$out/$f.html" ] && files+=("$out/$f.html")
done
if [ ${#files[@]} -ne 9 ]; then
	echo "FAIL: HTML of the checked pages not all saved (${files[*]:-none})"
	status=1
fi
if [ ${#files[@]} -gt 0 ]; then
	if ! java -jar "$e2e/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only \
		--format text "${files[@]}" 2>&1 | tee "$out/vnu.txt"; then
		echo "FAIL: vnu found errors (see $out/vnu.txt)"
		status=1
	fi
fi

if [ $status -ne 0 ]; then
	echo "--- gazette serve log (tail)"
	tail -20 "$tmp/serve.log"
	echo "test_browser: FAILED (screenshots and HTML in $out)"
	exit 1
fi
echo "test_browser: all checks passed (screenshots and HTML in $out)"
