#!/bin/bash
# Staff accounts in a real browser (tests/e2e/accounts.mjs): a reset link
# made by an admin and followed by the user, the second factor turned on
# with a code computed from the key on the page, and a two-step login, in
# headless Chromium against `gazette serve` on the test clock; then the
# pages' HTML through the Nu HTML checker.  Output in
# $GAZETTE_BUILD/e2e-out/accounts-*.
# Needs chromium, nodejs, npm, default-jre-headless (sh tools/deps.sh test).
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
mkdir -p "$out"
rm -f "$out"/accounts-*

export GAZETTE_TEST_CLOCK=$tmp/clock
echo 1800000000 >"$GAZETTE_TEST_CLOCK"
(cd "$src" && GAZETTE_STRICT=1 exec "$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$tmp/g.db") \
	>"$tmp/serve.log" 2>&1 &
pids+=($!)
port=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "gazette serve did not say its port"; }
origin=http://127.0.0.1:$port
wait_http "$origin/" 100 || { cat "$tmp/serve.log"; die "gazette serve does not answer on $origin"; }
adminpw=$(sed -n 's/.*admin login: admin  password: \([^ ]*\).*/\1/p' "$tmp/serve.log" | head -1)
[ -n "$adminpw" ] || die "no admin password in the log"
echo 'editor pass 1' | "$GAZETTE_BIN" user add ed --role editor --password-stdin --db "$tmp/g.db" >/dev/null

status=0
step "accounts.mjs in Chromium"
(cd "$e2e" && node accounts.mjs "$origin" "$adminpw" "$GAZETTE_TEST_CLOCK") || status=1

step "Nu HTML checker (vnu --errors-only) on the pages"
pages=$(ls "$out"/accounts-*.html 2>/dev/null || true)
if [ -n "$pages" ]; then
	# shellcheck disable=SC2086
	if ! java -jar "$e2e/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only \
		--format text $pages 2>&1 | tee "$out/accounts-vnu.txt"; then
		echo "FAIL: vnu found errors (see $out/accounts-vnu.txt)"
		status=1
	fi
else
	echo "FAIL: no page HTML was saved"
	status=1
fi

if [ $status -ne 0 ]; then
	echo "--- gazette serve log (tail)"
	tail -20 "$tmp/serve.log"
	echo "test_accounts (e2e): FAILED (screenshots and HTML in $out)"
	exit 1
fi
echo "test_accounts (e2e): all checks passed (screenshots and HTML in $out)"
