#!/bin/bash
# Readers' personal data and the audit log in Chromium, on an English demo
# site and a Chinese one (gazette init --demo --lang zh-CN): an admin logs
# in, finds a reader's comments and consent record, downloads them as JSON,
# erases them and reads the audit log (tests/e2e/privacy_admin.mjs: each
# step's result, the JSON's content, axe WCAG 2.1 A/AA, no sideways
# scrolling at 390 px, screenshots at 1280 and 390 px).  Then the Nu HTML
# checker (vnu --errors-only) over every page saved, and the public privacy
# policy says how to ask, in both languages.  Output in
# $GAZETTE_BUILD/e2e-out/privacy-*.
# Needs chromium, nodejs, npm, default-jre-headless (sh tools/deps.sh test);
# a missing one is a failure, not a skip.
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
rm -f "$out"/privacy-*

status=0
for lang in en zh-CN; do
	step "$lang: a demo site with two readers' comments and consent records"
	db=$tmp/$lang.db
	"$GAZETTE_BIN" init --db "$db" --demo --lang "$lang" >"$tmp/init.log" 2>&1 ||
		{ cat "$tmp/init.log"; die "gazette init"; }
	echo 'admin pass 123' | "$GAZETTE_BIN" user add boss --role admin --password-stdin --db "$db" >/dev/null
	art=$(sqlite3 "$db" "SELECT min(id) FROM articles WHERE status = 'published'")
	now=$(date +%s)
	sqlite3 "$db" "INSERT INTO comments (article_id, author_name, author_email, author_url, body, status,
		client_hash, created_at, status_changed_at) VALUES
		($art, 'Rita Reader', 'rita@example.org', 'https://rita.example', 'I was there: the ferry left at 7:40, not 8.', 'approved', X'0000000000000000000000000000aa01', $now - 7200, $now - 7200),
		($art, 'Rita', 'Rita@Example.org', '', 'And the new timetable is <b>not</b> on the pier yet.', 'pending', X'0000000000000000000000000000aa01', $now - 3600, $now - 3600),
		($art, 'Otto Other', 'otto@example.org', '', 'Otto''s own words.', 'approved', X'0000000000000000000000000000bb02', $now - 1800, $now - 1800);
		INSERT INTO consent_records (at, choice, policy_version, client_hash) VALUES
		($now - 7300, 'accept', 1, X'0000000000000000000000000000aa01'),
		($now - 1900, 'reject', 1, X'0000000000000000000000000000bb02');"
	(cd "$src" && GAZETTE_STRICT=1 exec "$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$db") \
		>"$tmp/serve-$lang.log" 2>&1 &
	pids+=($!)
	port=$(listen_port "$tmp/serve-$lang.log") || { cat "$tmp/serve-$lang.log"; die "no port"; }
	origin=http://127.0.0.1:$port
	wait_http "$origin/" 100 || die "gazette serve does not answer on $origin"

	step "$lang: the privacy policy says how to ask"
	if [ "$lang" = en ]; then want='We answer within one month'; else want='我们会在一个月内答复'; fi
	if curl -s "$origin/privacy" | grep -q "$want"; then echo "ok   /privacy: \"$want\""; else
		echo "FAIL /privacy does not say \"$want\""
		status=1
	fi

	step "$lang: privacy_admin.mjs"
	(cd "$e2e" && node privacy_admin.mjs "$origin" "$lang" boss 'admin pass 123' \
		rita@example.org otto@example.org) || status=1
	n=$(sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE action IN ('personal.export', 'personal.erase') AND actor_login = 'boss'")
	if [ "$n" = 2 ]; then echo "ok   the database holds the export and the erasure ($n)"; else
		echo "FAIL audit entries: $n, want 2"
		status=1
	fi
done

step "Nu HTML checker (vnu --errors-only) on the saved pages"
pages=("$out"/privacy-*.html)
if [ ${#pages[@]} -ge 8 ] && [ -f "${pages[0]}" ]; then
	if ! java -jar "$e2e/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only \
		--format text "${pages[@]}" 2>&1 | tee "$out/privacy-vnu.txt"; then
		echo "FAIL: vnu found errors (see $out/privacy-vnu.txt)"
		status=1
	else
		echo "ok   vnu: 0 errors in ${#pages[@]} pages"
	fi
else
	echo "FAIL: the pages were not saved (${#pages[@]})"
	status=1
fi

if [ $status -ne 0 ]; then
	echo "test_privacy_admin: FAILED (screenshots and HTML in $out)"
	exit 1
fi
echo "test_privacy_admin: all checks passed (screenshots and HTML in $out)"
