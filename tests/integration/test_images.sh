#!/bin/bash
# Images done properly (issue 16 point 3) through `gazette serve`: a real
# 2400x1600 JPEG and a 1000x500 PNG made here with libvips's command line
# are uploaded by an editor; each gets its resized copies (320 ... 1920
# pixels wide, the PNG one at its own width too), same format, recorded in
# media_variants and served from /media/; the image page names them and
# shows the caption-and-credit Markdown.  The editor's picker lists the
# library as a fragment (session only), and an upload from it comes back
# as that list with the new image chosen, a refused one as the library
# page's message.  An article showing the JPEG as its lead image and as a
# figure with caption and credit in its text: the body's <img> has a copy
# as src, width, height, srcset, sizes and loading="lazy"; the lead image
# srcset and no lazy; the home listing's picture a 640-pixel copy with
# srcset and lazy; JSON-LD's image the absolute address of the 1920 copy
# with its size.  A decompression bomb (a PNG claiming 100 megapixels) is
# refused with a message and nothing stored.  `gazette media rebuild`
# remakes lost copies; `gazette check --media` names a missing copy; the
# site exported and imported into a new one (gazette import wordpress,
# which stores media through the same path) has the copies again;
# deleting the image removes its copies' files.
set -u
. "$(dirname "$0")/lib.sh"
for tool in sqlite3 vips vipsheader; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool not found: run sh tools/deps.sh test"
done

db=$tmp/g.db
media=$tmp/media
export GAZETTE_TEST_CLOCK=$tmp/clock
date +%s >"$GAZETTE_TEST_CLOCK"
"$GAZETTE_BIN" init --db "$db" --demo >/dev/null 2>&1 || die "init"
echo 'editor pass 123' | "$GAZETTE_BIN" user add editor1 --role editor --password-stdin --db "$db" >/dev/null ||
	die "user add editor1"
"$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$db" >"$tmp/serve.log" 2>&1 &
pids+=($!)
port=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "no port in $tmp/serve.log"; }
base=http://127.0.0.1:$port
wait_http "$base/" || die "serve does not answer"

login() {
	local jar=$1 tok
	curl -s -c "$jar" -b "$jar" -o "$tmp/form" "$base/admin/login"
	tok=$(sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p' "$tmp/form")
	fetch "$base/admin/login" "$tmp/login" -c "$jar" -b "$jar" --data-urlencode "login=$2" \
		--data-urlencode "password=$3" --data "login_token=$tok" >/dev/null
}
location() {
	header "$1" Location | sed 's|^https\?://[^/]*||'
}

step "test images made with libvips"
# A colour gradient: red across, green down, blue along the diagonal.
(cd "$tmp" && vips xyz xy.v 2400 1600 && vips extract_band xy.v x.v 0 &&
	vips extract_band xy.v y.v 1 && vips linear x.v r.v 0.1 0 && vips linear y.v g.v 0.15 0 &&
	vips add x.v y.v s.v && vips linear s.v b.v 0.06 0 && vips bandjoin "r.v g.v b.v" rgb.v &&
	vips cast rgb.v rgb8.v uchar && vips copy rgb8.v photo.jpg[Q=85] &&
	vips resize rgb8.v half.v 0.41667 && vips crop half.v wide.v 0 0 1000 500 &&
	vips copy wide.v wide.png) >"$tmp/vips.log" 2>&1 || { cat "$tmp/vips.log"; die "vips"; }
check "photo.jpg is 2400x1600" sh -c "vipsheader '$tmp/photo.jpg' | grep -q '2400x1600'"
check "wide.png is 1000x500" sh -c "vipsheader '$tmp/wide.png' | grep -q '1000x500'"
# 10000 x 10000 in a few bytes: IHDR says so, the data is one byte.
python3 - "$tmp/bomb.png" <<'PY'
import struct, sys, zlib
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 10000, 10000, 8, 2, 0, 0, 0))
    + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b""))
PY

step "upload: copies made, recorded and served"
login "$tmp/je" editor1 'editor pass 123'
fetch "$base/admin/media" "$tmp/ml" -b "$tmp/je" >/dev/null
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/ml" | head -1)
code=$(fetch "$base/admin/media" "$tmp/up" -b "$tmp/je" -F "csrf=$csrf" -F "alt=A colour gradient" \
	-F "file=@$tmp/photo.jpg;type=image/jpeg")
jid=$(location "$tmp/up.h" | sed -n 's|^/admin/media/\([0-9]*\).*|\1|p')
cond "JPEG upload: 303 ($code) to its page" '[ "$code" = 303 ] && [ -n "$jid" ]'
jhash=$(sqlite3 "$db" "SELECT hash FROM media WHERE id = ${jid:-0}")
rows=$(sqlite3 "$db" "SELECT group_concat(width || 'x' || height, ' ') FROM (SELECT * FROM media_variants WHERE media_id = ${jid:-0} ORDER BY width)")
check "five copies recorded ($rows)" [ "$rows" = "320x213 640x427 960x640 1280x853 1920x1280" ]
for w in 320 640 960 1280 1920; do
	f=$jhash-${w}w.jpg
	code=$(fetch "$base/media/$f" "$tmp/c$w")
	cond "copy $w served: 200 ($code), image/jpeg, $w pixels wide, no EXIF" \
		'[ "$code" = 200 ] && header "$tmp/c$w.h" Content-Type | grep -q image/jpeg && vipsheader "$tmp/c$w" | grep -q "^.*: ${w}x" && ! vipsheader -a "$tmp/c$w" | grep -q exif-data'
done
check "the original keeps its bytes" cmp -s "$media/$jhash.jpg" "$tmp/photo.jpg"
code=$(fetch "$base/admin/media" "$tmp/up2" -b "$tmp/je" -F "csrf=$csrf" -F "alt=A wide gradient" \
	-F "file=@$tmp/wide.png;type=image/png")
pid_=$(location "$tmp/up2.h" | sed -n 's|^/admin/media/\([0-9]*\).*|\1|p')
rows=$(sqlite3 "$db" "SELECT group_concat(width, ' ') FROM (SELECT * FROM media_variants WHERE media_id = ${pid_:-0} ORDER BY width)")
cond "PNG upload: 303 ($code), copies at 320 640 960 and its own 1000 ($rows)" '[ "$code" = 303 ] && [ "$rows" = "320 640 960 1000" ]'
phash=$(sqlite3 "$db" "SELECT hash FROM media WHERE id = ${pid_:-0}")
check "the PNG copies are PNG" sh -c "vipsheader '$media/$phash-640w.png' | grep -q pngload"
code=$(fetch "$base/admin/media/$jid" "$tmp/item" -b "$tmp/je")
cond "image page: 200 ($code), names 5 copies and the caption-and-credit Markdown" \
	'[ "$code" = 200 ] && grep -q "5 copies" "$tmp/item" && grep -q "/media/$jhash.jpg \"Caption\")" "$tmp/item"'
code=$(fetch "$base/admin/media" "$tmp/lib" -b "$tmp/je")
cond "library grid shows the 320 copies as thumbnails ($code)" 'grep -q "<img src=\"/media/$jhash-320w.jpg\"" "$tmp/lib"'

step "refused: a decompression bomb"
n0=$(ls "$media" | wc -l)
code=$(fetch "$base/admin/media" "$tmp/bomb" -b "$tmp/je" -F "csrf=$csrf" -F "file=@$tmp/bomb.png;type=image/png")
cond "100 megapixels: 422 ($code), the message beside the file field" \
	'[ "$code" = 422 ] && grep -q "more than 64 million pixels" "$tmp/bomb" && grep -q "id=\"file-error\"" "$tmp/bomb"'
check "nothing stored ($(ls "$media" | wc -l) files, $n0 before)" [ "$(ls "$media" | wc -l)" = "$n0" ]
check "the server still answers" sh -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' '$base/')\" = 200 ]"

step "the editor's picker"
code=$(fetch "$base/admin/media/picker" "$tmp/pick" -b "$tmp/je")
cond "picker list: 200 ($code), a button per image with its address and alt text, 320 thumbnails" \
	'[ "$code" = 200 ] && grep -q "data-url=\"/media/$jhash.jpg\" data-alt=\"A colour gradient\"" "$tmp/pick" && grep -q "src=\"/media/$jhash-320w.jpg\"" "$tmp/pick" && ! grep -q "<html" "$tmp/pick"'
code=$(fetch "$base/admin/media/picker" "$tmp/pick0")
cond "picker list without a session: not 200 ($code), no library in it" '[ "$code" != 200 ] && ! grep -q "$jhash" "$tmp/pick0"'
cp "$tmp/wide.png" "$tmp/other.png"
printf 'x' >>"$tmp/other.png" # other bytes, a new image: PNG readers stop at IEND
code=$(fetch "$base/admin/media?picker=1" "$tmp/pu" -b "$tmp/je" -F "csrf=$csrf" -F "alt=Another" -F "file=@$tmp/other.png;type=image/png")
loc=$(location "$tmp/pu.h")
cond "upload from the picker: 303 ($code) to the list, the new image chosen ($loc)" '[ "$code" = 303 ] && echo "$loc" | grep -q "^/admin/media/picker?selected=[0-9]"'
code=$(fetch "$base$loc" "$tmp/pl" -b "$tmp/je")
cond "that list marks it ($code)" '[ "$code" = 200 ] && grep -q "data-alt=\"Another\" data-id=\"[0-9]*\" data-selected=\"1\"" "$tmp/pl"'
code=$(fetch "$base/admin/media?picker=1" "$tmp/pb" -b "$tmp/je" -F "csrf=$csrf" -F "file=@$tmp/bomb.png;type=image/png")
cond "a refused upload from the picker: 422 ($code) with the message in #file-error" '[ "$code" = 422 ] && grep -q "id=\"file-error\">[^<]*64 million" "$tmp/pb"'
code=$(fetch "$base/admin/articles/new" "$tmp/new" -b "$tmp/je")
cond "the editor includes the picker ($code)" 'grep -q "id=\"media-picker-dialog\"" "$tmp/new" && grep -q "/static/js/media_picker.js" "$tmp/new"'
code=$(fetch "$base/static/js/media_picker.js" "$tmp/js")
check "its script is served ($code)" [ "$code" = 200 ]

step "pages: body figure, lead image, listing, JSON-LD"
slug=$(sqlite3 "$db" "SELECT slug FROM articles WHERE status = 'published' ORDER BY published_at DESC, id DESC LIMIT 1")
"$GAZETTE_BIN" sql --db "$db" <<SQL || fail "set the article's image and body"
UPDATE articles SET image_id = $jid,
  body = 'Opening paragraph.' || char(10) || char(10) ||
         '![A colour gradient](/media/$jhash.jpg "Dawn over the bay")' || char(10) ||
         '*Photo: Li Wei / Harbour Press*' || char(10) || char(10) || 'Closing paragraph.'
WHERE slug = '$slug';
SQL
code=$(fetch "$base/article/$slug" "$tmp/art")
body_img=$(grep -o '<figure><img [^>]*>' "$tmp/art" | head -1)
cond "article 200 ($code); body figure src is the 960 copy with its size" \
	'[ "$code" = 200 ] && echo "$body_img" | grep -q "src=\"/media/$jhash-960w.jpg\" alt=\"A colour gradient\" width=\"960\" height=\"640\""'
cond "the body image has srcset 320w..1920w, sizes, lazy, async" \
	'echo "$body_img" | grep -q "srcset=\"/media/$jhash-320w.jpg 320w, /media/$jhash-640w.jpg 640w, /media/$jhash-960w.jpg 960w, /media/$jhash-1280w.jpg 1280w, /media/$jhash-1920w.jpg 1920w\" sizes=\"[^\"]*\" loading=\"lazy\" decoding=\"async\""'
cond "caption and credit in the figcaption" 'grep -q "<figcaption>Dawn over the bay <span class=\"credit\">Photo: Li Wei / Harbour Press</span></figcaption>" "$tmp/art"'
lead=$(grep -o "<img src=\"/media/$jhash-960w.jpg\" alt=\"A colour gradient\" width=\"960\" height=\"640\" srcset=\"[^\"]*\" sizes=\"[^\"]*\" decoding=\"async\">" "$tmp/art" | head -1)
cond "the lead image: the 960 copy, srcset, not lazy" '[ -n "$lead" ] && ! echo "$lead" | grep -q loading'
cond "JSON-LD image: the 1920 copy, absolute, with its size" \
	'grep -qE "\"image\":\\{\"@type\":\"ImageObject\",\"url\":\"https?:[^\"]*u002fmedia\\\\u002f$jhash-1920w.jpg\",\"width\":1920,\"height\":1280\\}" "$tmp/art"'
check "the page does not load the original" sh -c "! grep -q 'src=\"/media/$jhash.jpg\"' '$tmp/art'"
code=$(fetch "$base/" "$tmp/home")
story=$(grep -o "<img src=\"/media/$jhash-640w.jpg\"[^>]*>" "$tmp/home" | head -1)
cond "home listing: the 640 copy with width, height, srcset, sizes, lazy ($code)" \
	'echo "$story" | grep -q "width=\"640\" height=\"427\" srcset=\"/media/$jhash-320w.jpg 320w, [^\"]*1920w\" sizes=\"(min-width: 48rem) 12rem, 100vw\" loading=\"lazy\" decoding=\"async\""'

step "gazette media rebuild and gazette check --media"
sqlite3 "$db" "DELETE FROM media_variants WHERE media_id = $jid"
rm -f "$media/$jhash"-*w.jpg
"$GAZETTE_BIN" media rebuild --db "$db" >"$tmp/rb" 2>&1
rc=$?
cond "rebuild: exit $rc, 5 copies made for media $jid" '[ $rc = 0 ] && grep -q "media $jid: 5 copies made" "$tmp/rb"'
check "the files are back" [ -s "$media/$jhash-1920w.jpg" ]
"$GAZETTE_BIN" media rebuild --db "$db" >"$tmp/rb2" 2>&1
cond "a second rebuild changes nothing" 'grep -q "0 given 0 copies, 0 failed" "$tmp/rb2"'
"$GAZETTE_BIN" media bogus --db "$db" >/dev/null 2>&1
check "an unknown media command: usage, exit 2 ($?)" [ $? = 2 ]
rm -f "$media/$jhash-640w.jpg"
"$GAZETTE_BIN" check --db "$db" --media "$media" >"$tmp/ck" 2>&1
rc=$?
cond "check --media: exit $rc, names the missing copy and the fix" '[ $rc != 0 ] && grep -q "$jhash-640w.jpg" "$tmp/ck" && grep -q "gazette media rebuild" "$tmp/ck"'
"$GAZETTE_BIN" media rebuild --db "$db" >/dev/null 2>&1
"$GAZETTE_BIN" check --db "$db" --media "$media" >"$tmp/ck2" 2>&1
check "after a rebuild check --media is clean ($?)" [ $? = 0 ]

step "a WordPress import makes the copies too"
"$GAZETTE_BIN" export wordpress --db "$db" >"$tmp/site.xml" 2>"$tmp/export.err" || fail "export wordpress"
mkdir -p "$tmp/moved"
"$GAZETTE_BIN" init --db "$tmp/moved/site.db" >/dev/null 2>&1 || fail "init the new site"
"$GAZETTE_BIN" import wordpress "$tmp/site.xml" --db "$tmp/moved/site.db" --media "$tmp" >"$tmp/imp.out" 2>&1
rc=$?
rows=$(sqlite3 "$tmp/moved/site.db" "SELECT group_concat(v.width, ' ') FROM (SELECT v.width FROM media_variants v JOIN media m ON m.id = v.media_id WHERE m.hash = '$jhash' ORDER BY v.width) v")
cond "import: exit $rc, the JPEG arrives with its five copies ($rows)" '[ $rc = 0 ] && [ "$rows" = "320 640 960 1280 1920" ]'
check "their files are in the new media folder" [ -s "$tmp/moved/media/$jhash-1280w.jpg" ]

step "deleting an image removes its copies"
"$GAZETTE_BIN" sql --db "$db" <<SQL >/dev/null 2>&1
UPDATE articles SET image_id = NULL, body = 'No picture.' WHERE image_id = $jid OR instr(body, '$jhash') > 0;
SQL
code=$(fetch "$base/admin/media/$jid/delete" "$tmp/del" -b "$tmp/je" --data "csrf=$csrf")
check "delete: 303 ($code)" [ "$code" = 303 ]
check "no file of it left" sh -c "! ls '$media' | grep -q '$jhash'"
check "no copy rows left" [ "$(sqlite3 "$db" "SELECT count(*) FROM media_variants WHERE media_id = $jid")" = 0 ]

finish
