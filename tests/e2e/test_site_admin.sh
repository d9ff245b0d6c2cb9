#!/bin/bash
# Pages, menus and branding (issue 19 points 1 and 2) in headless Chromium,
# on an English demo site and a Chinese one (gazette init --demo --lang
# zh-CN), each served by gazette serve with strict templates.
# tests/e2e/site_admin.mjs does what an admin does: a new page with the
# live preview, unpublish and publish, the header and footer menus (items
# of each kind, a nested one, Up), the menus on the site (hover, keyboard,
# 390 px, aria-current), logo, favicon and theme colour (a fake image
# refused), the page deleted (410); axe WCAG 2.1 A/AA on every page at 1280
# and 390 px, screenshots to $GAZETTE_BUILD/e2e-out/site-admin-*.  This
# script then runs the Nu HTML checker on the pages it saved and checks the
# database.  Needs chromium, nodejs, npm, default-jre-headless, sqlite3 (sh
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
rm -f "$out"/site-admin-*

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

step "two demo sites, an admin on each"
for lang in en zh-CN; do
	"$GAZETTE_BIN" init --db "$tmp/$lang.db" --demo --lang "$lang" >"$tmp/init-$lang.log" 2>&1 ||
		{ cat "$tmp/init-$lang.log"; die "gazette init --demo --lang $lang"; }
	echo 'site pass 12345' | "$GAZETTE_BIN" user add chief --role admin --password-stdin \
		--db "$tmp/$lang.db" >/dev/null || die "user add chief ($lang)"
done
serve "$tmp/en.db" en
en_origin=$origin
serve "$tmp/zh-CN.db" zh
zh_origin=$origin

# A logo (a red bar with a white band, 240x60), a 64x64 favicon, and a
# script named logo.png.
python3 - "$tmp" <<'PY'
import struct, sys, zlib
def png(path, w, h, px):
	def chunk(kind, data):
		return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
	rows = b"".join(b"\x00" + b"".join(bytes(px(x, y)) for x in range(w)) for y in range(h))
	open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
		+ chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))
png(sys.argv[1] + "/logo.png", 240, 60, lambda x, y: (255, 255, 255) if 24 <= y < 36 else (26, 95, 180))
png(sys.argv[1] + "/favicon.png", 64, 64, lambda x, y: (26, 95, 180) if (x // 16 + y // 16) % 2 else (255, 255, 255))
open(sys.argv[1] + "/fake.png", "w").write("<script>alert(1)</script>\n")
PY

cat_of() {
	sqlite3 -separator $'\t' "$1" "SELECT id, slug, name FROM categories WHERE parent_id IS NULL ORDER BY position, id LIMIT 1"
}
IFS=$'\t' read -r en_cat en_slug en_name < <(cat_of "$tmp/en.db")
IFS=$'\t' read -r zh_cat zh_slug zh_name < <(cat_of "$tmp/zh-CN.db")
en_site=$(sqlite3 "$tmp/en.db" "SELECT value FROM settings WHERE key = 'site_name'")

plan=$(python3 - "$en_origin" "$en_cat" "$en_slug" "$en_name" "$en_site" "$zh_origin" "$zh_cat" "$zh_slug" "$zh_name" "$tmp" <<'PY'
import json, sys
a = sys.argv[1:]
print(json.dumps({"en": {"origin": a[0], "category": {"id": int(a[1]), "slug": a[2], "name": a[3]}, "site": a[4]},
                  "zh": {"origin": a[5], "category": {"id": int(a[6]), "slug": a[7], "name": a[8]}},
                  "login": "chief", "password": "site pass 12345",
                  "logo": a[9] + "/logo.png", "favicon": a[9] + "/favicon.png", "fake": a[9] + "/fake.png"}))
PY
)
echo "plan: $plan"

status=0
step "site_admin.mjs: pages, menus and branding in Chromium"
(cd "$e2e" && node site_admin.mjs "$plan") || status=1

step "the database after the run"
n=$(sqlite3 "$tmp/en.db" "SELECT count(*) FROM pages WHERE slug = 'contact'")
cond "the page is deleted ($n rows)" '[ "$n" = 0 ]'
g=$(sqlite3 "$tmp/en.db" "SELECT count(*) FROM pages_gone WHERE slug = 'contact'")
cond "  and its address remembered as gone ($g)" '[ "$g" = 1 ]'
m=$(sqlite3 "$tmp/en.db" "SELECT group_concat(menu || ':' || kind, ' ') FROM (SELECT menu, kind FROM menu_items ORDER BY menu, id)")
cond "the page's menu items went with it; the others stay ($m)" '[ "$m" = "header:category header:link header:link" ]'
c=$(sqlite3 "$tmp/en.db" "SELECT value FROM settings WHERE key = 'theme_color'")
cond "the theme colour is stored ($c)" '[ "$c" = "#1a5fb4" ]'
f=$(sqlite3 "$tmp/en.db" "SELECT count(*) FROM media")
cond "logo and favicon in the media library, the fake one not ($f)" '[ "$f" = 2 ]'

cond "the servers logged no sanitizer report, runtime or template error" \
	'! grep -qE "Sanitizer|runtime error|gazette: render " "$tmp/en.log" "$tmp/zh.log"'

step "Nu HTML checker (vnu --errors-only) on the pages"
files=()
for f in site-admin-en-pages site-admin-en-page-new site-admin-en-page-edit site-admin-en-menus \
	site-admin-en-home site-admin-en-branding site-admin-en-home-brand site-admin-en-410 \
	site-admin-zh-page-new site-admin-zh-menus site-admin-zh-branding site-admin-zh-home; do
	[ -f "$out/$f.html" ] && files+=("$out/$f.html")
done
if [ ${#files[@]} -ne 12 ]; then
	fail "site_admin.mjs saved ${#files[@]} of 12 pages for the HTML checker"
	status=1
elif java -jar "$e2e/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only --format text \
	"${files[@]}" >"$out/site-admin-vnu.txt" 2>&1; then
	pass "vnu: 0 errors in ${#files[@]} pages"
else
	cat "$out/site-admin-vnu.txt"
	fail "vnu found errors (see $out/site-admin-vnu.txt)"
	status=1
fi

[ "$nfail" -eq 0 ] || status=1
if [ $status -ne 0 ]; then
	echo "--- gazette serve logs (tail)"
	tail -n 10 "$tmp/en.log" "$tmp/zh.log"
	echo "test_site_admin: FAILED (screenshots and HTML in $out)"
	exit 1
fi
echo "test_site_admin: all checks passed (screenshots and HTML in $out)"
