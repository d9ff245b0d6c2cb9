#!/bin/bash
# An article using tables, strikethrough, autolinks, a figure and link cards
# (markdown.h), served by `gazette serve` and read in headless Chromium
# (tests/e2e/rich_article.mjs: elements, no third-party request, no page
# overflow at 390 px, the table scrolling in its wrapper, axe WCAG 2.1 A/AA
# in light and dark colours, screenshots), then its HTML through the Nu
# HTML checker.  Output in $GAZETTE_BUILD/e2e-out/rich-article*.
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
rm -f "$out"/rich-article*

step "demo database, one article rewritten with every Markdown extension"
"$GAZETTE_BIN" init --db "$tmp/g.db" --demo >"$tmp/init.log" 2>&1 ||
	{ cat "$tmp/init.log"; die "gazette init"; }
slug=$(sqlite3 "$tmp/g.db" "SELECT slug FROM articles WHERE status = 'published' ORDER BY id LIMIT 1")
# The figure's photo: a PNG drawn here (sky, water, a crane), served from a
# copy of the static folder.
cp -r "$src/static" "$tmp/static"
python3 - "$tmp/static/crane.png" <<'PY'
import struct, sys, zlib
w, h = 960, 540
rows = []
for y in range(h):
    row = bytearray([0])
    for x in range(w):
        if y > h * 0.72:  # water
            r, g, b = 30, 70 + (y % 7) * 3, 110
        else:             # sky, lighter towards the horizon
            t = y / (h * 0.72)
            r, g, b = int(90 + 140 * t), int(140 + 90 * t), int(200 + 40 * t)
        # the crane: a tower, a jib and a hanging cable
        if 600 <= x <= 620 and 120 <= y <= h * 0.72:
            r, g, b = 200, 60, 40
        if 380 <= x <= 860 and 120 <= y <= 135:
            r, g, b = 200, 60, 40
        if x == 450 and 135 <= y <= 300:
            r, g, b = 40, 40, 40
        row += bytes((r, g, b))
    rows.append(bytes(row))
def chunk(kind, data):
    c = struct.pack('>I', len(data)) + kind + data
    return c + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0))
png += chunk(b'IDAT', zlib.compress(b''.join(rows), 9)) + chunk(b'IEND', b'')
open(sys.argv[1], 'wb').write(png)
PY
cat >"$tmp/body.md" <<'MD'
The port authority published its **quarterly figures** this morning. Volumes rose on every route but one, and the new crane on the north quay is already working two shifts.

![A red ship-to-shore crane against a clear sky above the harbour](/static/crane.png "The new ship-to-shore crane on the north quay, photographed on its first day in service.")

| Route | Q1 TEU | Q2 TEU | Change | Share | Vessels | Avg. wait (h) | Note |
|:------|-------:|-------:|-------:|------:|--------:|--------------:|:----:|
| Shanghai–Rotterdam | 412,300 | 438,900 | +6.5 % | 31 % | 58 | 14.2 | ~~delayed~~ on time |
| Singapore–Hamburg | 298,750 | 301,020 | +0.8 % | 21 % | 44 | 11.9 | new berth |
| Busan–Antwerp | 187,400 | 181,200 | −3.3 % | 13 % | 29 | 17.5 | strike |
| Feeder services | 96,100 | 104,850 | +9.1 % | 7 % | 120 | 3.1 | |

The full annual report is at https://www.example.org/annual-report and the authority's statistics office answers questions at stats@example.org.

The harbour master explained the new berth allocation in a short video:

https://www.youtube.com/watch?v=dQw4w9WgXcQ

The consultation documents are published by the ministry:

<https://example.com/consultations/port-capacity-2026.pdf>

Figures for the third quarter are due in October.
MD
# Through gazette sql, whose functions the search triggers call.
{
	printf "UPDATE articles SET body = '"
	sed "s/'/''/g" "$tmp/body.md"
	printf "' WHERE slug = '%s';\n" "$slug"
} | "$GAZETTE_BIN" sql --db "$tmp/g.db" >/dev/null || die "set the body"
sqlite3 "$tmp/g.db" "SELECT body FROM articles WHERE slug = '$slug'" | grep -q 'Shanghai' ||
	die "the article body was not replaced"

(cd "$src" && GAZETTE_STRICT=1 exec "$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$tmp/g.db" \
	--static "$tmp/static") >"$tmp/serve.log" 2>&1 &
pids+=($!)
port=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "gazette serve did not say its port"; }
origin=http://127.0.0.1:$port
wait_http "$origin/" 100 || { cat "$tmp/serve.log"; die "gazette serve does not answer on $origin"; }

status=0
step "rich_article.mjs: /article/$slug in Chromium"
(cd "$e2e" && node rich_article.mjs "$origin" "/article/$slug") || status=1

step "Nu HTML checker (vnu --errors-only) on the article"
if [ -f "$out/rich-article.html" ]; then
	if ! java -jar "$e2e/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only \
		--format text "$out/rich-article.html" 2>&1 | tee "$out/rich-article-vnu.txt"; then
		echo "FAIL: vnu found errors (see $out/rich-article-vnu.txt)"
		status=1
	fi
else
	echo "FAIL: the article's HTML was not saved"
	status=1
fi

if [ $status -ne 0 ]; then
	echo "--- gazette serve log (tail)"
	tail -20 "$tmp/serve.log"
	echo "test_rich_article: FAILED (screenshots and HTML in $out)"
	exit 1
fi
echo "test_rich_article: all checks passed (screenshots and HTML in $out)"
