#!/bin/bash
# Images in a real browser (tests/e2e/images.mjs, issue 16 points 3 and 7):
# the editor's image picker uploads a photo, refuses to insert it without
# alt text and inserts it with caption and credit at the cursor; the
# published article loads a resized copy with width, height, srcset and
# sizes; the picker in English and Chinese at 1280 and 390 px, and its
# fallback without JavaScript; axe on every page, then the pages' HTML
# through the Nu HTML checker.  Output in $GAZETTE_BUILD/e2e-out/images-*.
# Needs chromium, nodejs, npm, default-jre-headless, libvips-tools
# (sh tools/deps.sh test).
set -euo pipefail

. "$(dirname "$0")/../integration/lib.sh"
build=${GAZETTE_BUILD:-$src/build}
e2e=$src/tests/e2e
out=$build/e2e-out
export GAZETTE_BUILD=$build

for tool in node npm java vips "${CHROMIUM:-/usr/bin/chromium}"; do
	command -v "$tool" >/dev/null 2>&1 ||
		die "$tool not found: run sh tools/deps.sh test"
done

step "install the browser-test packages if missing (npm ci)"
sh "$e2e/setup.sh"
mkdir -p "$out"
rm -f "$out"/images-*

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

step "a photo (libvips), two demo sites, an editor on each"
(cd "$tmp" && vips xyz xy.v 1800 1200 && vips extract_band xy.v x.v 0 &&
	vips extract_band xy.v y.v 1 && vips linear x.v r.v 0.14 0 && vips linear y.v g.v 0.2 0 &&
	vips add x.v y.v s.v && vips linear s.v b.v 0.08 0 && vips bandjoin "r.v g.v b.v" rgb.v &&
	vips cast rgb.v rgb8.v uchar && vips copy rgb8.v photo.jpg[Q=85]) >"$tmp/vips.log" 2>&1 ||
	{ cat "$tmp/vips.log"; die "vips"; }
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
plan=$(python3 - "$en_origin" "$zh_origin" "$tmp/photo.jpg" <<'PY'
import json, sys
print(json.dumps({"en": sys.argv[1], "zh": sys.argv[2], "photo": sys.argv[3],
                  "login": "desk", "password": "desk pass 12345"}))
PY
)
echo "plan: $plan"

status=0
step "images.mjs in Chromium"
(cd "$e2e" && node images.mjs "$plan") || status=1

step "Nu HTML checker (vnu --errors-only) on the pages"
pages=$(ls "$out"/images-*.html 2>/dev/null || true)
if [ -n "$pages" ]; then
	# shellcheck disable=SC2086
	if ! java -jar "$e2e/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only \
		--format text $pages 2>&1 | tee "$out/images-vnu.txt"; then
		echo "FAIL: vnu found errors (see $out/images-vnu.txt)"
		status=1
	fi
else
	echo "FAIL: no page HTML was saved"
	status=1
fi

if [ $status -ne 0 ]; then
	echo "--- gazette serve logs (tail)"
	tail -n 20 "$tmp/en.log" "$tmp/zh.log"
	echo "test_images (e2e): FAILED (screenshots and HTML in $out)"
	exit 1
fi
echo "test_images (e2e): all checks passed (screenshots and HTML in $out)"
