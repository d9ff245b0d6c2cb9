#!/bin/bash
# Article bodies rendered once (issue 20): the HTML of a body is made when
# it is saved and stored beside it (sql/018_body_html.sql), not by Markdown
# on every view.  Checked here, through CGI and `gazette serve`:
#  1. `gazette init` stores the HTML of every demo article (English and
#     Chinese sites), made by this renderer (GZ_MARKDOWN_VERSION);
#  2. the page uses the stored copy (a marker put into it shows), and the
#     page is byte-for-byte the same whether its HTML was stored or is
#     rendered on the spot (a copy from a "newer renderer" is ignored),
#     for every demo article in both languages (the comment form's token
#     and nonce, new on each request, masked);
#  3. HTML made by an older renderer is made again when the program
#     starts, and the page never shows the old one;
#  4. a new body (any writer: plain SQL here) drops the stored HTML at
#     once (trigger), and the page shows the new text;
#  5. an editor's create and save through the admin store the new HTML
#     before the 303, so the first reader gets it;
#  6. an image the body names changing in the media library (its row or
#     its resized copies) drops the HTML of the bodies that name it, and
#     only theirs;
#  7. the related list kept in the worker's memo (gazette/memo.h): pages
#     are the same with the memo on (read twice, the second from it) and
#     off (GAZETTE_MEMO=0, compared in 2), and a new article sharing a
#     story's tags is in the story's related list at once (page cache off).
set -u
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 not found: skip"; exit 77; }

# cgi DB PATH OUT: one CGI GET of PATH; the body to OUT with the comment
# form's per-request token and nonce masked.
cgi() {
	env -i GAZETTE_DB="$1" GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET REQUEST_URI="$2" \
		PATH_INFO="$2" SCRIPT_NAME= QUERY_STRING= HTTP_HOST=x "$GAZETTE_BIN" >"$3.raw" 2>/dev/null
	split_cgi "$3.raw"
	sed -E 's/(name="(token|nonce)" value=")[^"]*"/\1X"/g' "$3.raw.body" >"$3"
}
q() { sqlite3 "$1" "$2"; }
# The renderer's version, which stored HTML carries (markdown.h).
ver=$(sed -n 's/^#define GZ_MARKDOWN_VERSION \([0-9]*\).*/\1/p' "$src/include/gazette/markdown.h")
[ -n "$ver" ] || die "no GZ_MARKDOWN_VERSION in include/gazette/markdown.h"

step "1. init stores every body's HTML"
for lang in en zh-CN; do
	"$GAZETTE_BIN" init --db "$tmp/$lang.db" --demo --lang "$lang" >/dev/null 2>&1 || die "init $lang"
	n=$(q "$tmp/$lang.db" "SELECT count(*) FROM articles")
	made=$(q "$tmp/$lang.db" "SELECT count(*) FROM articles WHERE body_html_ver = $ver AND body_html IS NOT NULL")
	cond "$lang: $made of $n articles have stored HTML" '[ "$n" -gt 10 ] && [ "$made" = "$n" ]'
done

step "2. the stored copy is used, and the page is the same either way"
db=$tmp/en.db
slug=$(q "$db" "SELECT slug FROM articles WHERE status = 'published' ORDER BY published_at DESC LIMIT 1")
cp "$db" "$tmp/mark.db"
q "$tmp/mark.db" "UPDATE articles SET body_html = '<p>STORED-MARKER</p>' WHERE slug = '$slug'"
cgi "$tmp/mark.db" "/article/$slug" "$tmp/mark.html"
check "a marker in the stored HTML shows on the page" grep -q "STORED-MARKER" "$tmp/mark.html"
# serve DB [VAR=VALUE...]: start `gazette serve` on DB with the page
# cache off (and the environment given); its base URL in $base.
serve() {
	local db=$1
	shift
	env GAZETTE_PAGECACHE=0 "$@" "$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$db" >"$db.log" 2>&1 &
	pids+=($!)
	port=$(listen_port "$db.log") || { cat "$db.log"; die "no port in $db.log"; }
	base=http://127.0.0.1:$port
	wait_http "$base/" || die "serve does not answer"
}
# get URL OUT: the page, token and nonce masked; one Host for every
# server, since pages name the site by it (canonical links, og:url).
get() {
	curl -s --max-time 10 -H "Host: news.example" "$1" | sed -E 's/(name="(token|nonce)" value=")[^"]*"/\1X"/g' >"$2"
}
for lang in en zh-CN; do
	db=$tmp/$lang.db
	cp "$db" "$tmp/fresh-$lang.db"
	# A copy made by a renderer newer than this program's: ignored, and
	# never replaced (versions only grow), so every page renders here.
	q "$tmp/fresh-$lang.db" "UPDATE articles SET body_html = '<p>FOREIGN</p>', body_html_ver = 99"
	serve "$db"
	stored=$base
	serve "$tmp/fresh-$lang.db" GAZETTE_MEMO=0
	fresh=$base
	same=0 differ=0 bad=""
	for s in $(q "$db" "SELECT slug FROM articles WHERE status = 'published' ORDER BY id"); do
		get "$stored/article/$s" "$tmp/a0.html"
		get "$stored/article/$s" "$tmp/a.html"
		get "$fresh/article/$s" "$tmp/b.html"
		if cmp -s "$tmp/a.html" "$tmp/b.html" && cmp -s "$tmp/a0.html" "$tmp/a.html" &&
			grep -q 'class="article-body' "$tmp/a.html" &&
			! grep -q FOREIGN "$tmp/b.html"; then
			same=$((same + 1))
		else
			differ=$((differ + 1))
			bad="$bad $s"
		fi
	done
	cond "$lang: $same article pages byte-identical stored+memo (twice) vs rendered+no memo, $differ differ$bad" \
		'[ "$same" -gt 10 ] && [ "$differ" = 0 ]'
done

step "3. HTML from an older renderer is made again at start-up"
db=$tmp/en.db
q "$db" "UPDATE articles SET body_html = '<p>OLD-RENDERER</p>', body_html_ver = 0"
cgi "$db" "/article/$slug" "$tmp/old.html"
check "the page does not show the old HTML" sh -c "! grep -q OLD-RENDERER '$tmp/old.html'"
serve "$db"
left=$(q "$db" "SELECT count(*) FROM articles WHERE body_html_ver != $ver OR body_html LIKE '%OLD-RENDERER%'")
check "after start-up no article keeps old HTML ($left left)" [ "$left" = 0 ]

step "4. a new body drops the stored HTML at once"
id=$(q "$db" "SELECT id FROM articles WHERE slug = '$slug'")
"$GAZETTE_BIN" sql --db "$db" <<<"UPDATE articles SET body = 'Brand *new* text.' WHERE id = $id;" ||
	fail "gazette sql"
row=$(q "$db" "SELECT body_html IS NULL, body_html_ver FROM articles WHERE id = $id")
check "the row's HTML is gone, version 0 ($row)" [ "$row" = "1|0" ]
others=$(q "$db" "SELECT count(*) FROM articles WHERE id != $id AND body_html_ver != $ver")
check "no other row touched ($others)" [ "$others" = 0 ]
code=$(fetch "$base/article/$slug" "$tmp/new.html")
cond "the page ($code) shows the new body" '[ "$code" = 200 ] && grep -q "Brand <em>new</em> text." "$tmp/new.html"'

step "5. an editor's create and save store the new HTML"
echo 'editor pass 123' | "$GAZETTE_BIN" user add editor1 --role editor --password-stdin --db "$db" >/dev/null ||
	die "user add editor1"
jar=$tmp/jar
curl -s -c "$jar" -b "$jar" -o "$tmp/form" "$base/admin/login"
tok=$(sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p' "$tmp/form")
fetch "$base/admin/login" "$tmp/login" -c "$jar" -b "$jar" --data-urlencode "login=editor1" \
	--data-urlencode "password=editor pass 123" --data "login_token=$tok" >/dev/null
fetch "$base/admin/articles/new" "$tmp/newform" -b "$jar" >/dev/null
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/newform" | head -1)
code=$(fetch "$base/admin/articles" "$tmp/cr" -b "$jar" --data "csrf=$csrf&status=published" \
	--data-urlencode "title=Stored body story" --data-urlencode $'body=First *draft*.\n\nSecond paragraph.\n\nThird one.')
aid=$(header "$tmp/cr.h" Location | sed -n 's|.*/admin/articles/\([0-9]*\).*|\1|p')
cond "create: 303 ($code), article $aid" '[ "$code" = 303 ] && [ -n "$aid" ]'
row=$(q "$db" "SELECT body_html_ver, body_html LIKE '%<em>draft</em>%', body_html_tail LIKE '%Third one.%' FROM articles WHERE id = ${aid:-0}")
check "stored at create: head and tail split after two paragraphs ($row)" [ "$row" = "$ver|1|1" ]
fetch "$base/admin/articles/$aid" "$tmp/ed" -b "$jar" >/dev/null
pub=$(sed -n 's/.*name="published_at" value="\([^"]*\)".*/\1/p' "$tmp/ed" | head -1)
code=$(fetch "$base/admin/articles/$aid" "$tmp/sv" -b "$jar" --data "csrf=$csrf&version=1&status=published" \
	--data-urlencode "published_at=$pub" --data-urlencode "title=Stored body story" \
	--data-urlencode "slug=stored-body-story" --data-urlencode $'body=Edited *again*.')
row=$(q "$db" "SELECT body_html_ver, body_html LIKE '%<em>again</em>%', body_html_tail FROM articles WHERE id = ${aid:-0}")
cond "save: 303 ($code), the new HTML stored ($row)" '[ "$code" = 303 ] && [ "$row" = "$ver|1|" ]'
code=$(fetch "$base/article/stored-body-story" "$tmp/sb.html")
cond "the page ($code) shows the saved body" '[ "$code" = 200 ] && grep -q "Edited <em>again</em>." "$tmp/sb.html"'

step "6. a change to an image a body names drops that body's HTML"
hash=$(printf '%064d' 7)
"$GAZETTE_BIN" sql --db "$db" <<<"UPDATE articles SET body = 'See ![chart](/media/$hash.png \"A chart\")' WHERE id = $id;" ||
	fail "gazette sql"
"$GAZETTE_BIN" init --db "$db" >/dev/null 2>&1 || fail "init (fill)"
check "filled again by init" [ "$(q "$db" "SELECT body_html_ver FROM articles WHERE id = $id")" = "$ver" ]
"$GAZETTE_BIN" sql --db "$db" <<<"INSERT INTO media (hash, ext, mime, width, height, bytes, created_at) VALUES ('$hash', 'png', 'image/png', 640, 480, 100, 0);" ||
	fail "gazette sql"
row=$(q "$db" "SELECT body_html_ver FROM articles WHERE id = $id")
others=$(q "$db" "SELECT count(*) FROM articles WHERE id != $id AND body_html_ver != $ver")
check "upload: that body's HTML dropped ($row), no other ($others)" [ "$row:$others" = "0:0" ]
"$GAZETTE_BIN" init --db "$db" >/dev/null 2>&1 || fail "init (fill)"
"$GAZETTE_BIN" sql --db "$db" <<<"UPDATE media SET alt = 'new alt' WHERE hash = '$hash';" || fail "gazette sql"
check "media edit: dropped again" [ "$(q "$db" "SELECT body_html_ver FROM articles WHERE id = $id")" = 0 ]
"$GAZETTE_BIN" init --db "$db" >/dev/null 2>&1 || fail "init (fill)"
"$GAZETTE_BIN" sql --db "$db" <<<"INSERT INTO media_variants (media_id, width, height, bytes) SELECT id, 320, 240, 50 FROM media WHERE hash = '$hash';" ||
	fail "gazette sql"
check "a new resized copy: dropped again" [ "$(q "$db" "SELECT body_html_ver FROM articles WHERE id = $id")" = 0 ]
"$GAZETTE_BIN" init --db "$db" >/dev/null 2>&1 || fail "init (fill)"
"$GAZETTE_BIN" sql --db "$db" <<<"DELETE FROM media WHERE hash = '$hash';" || fail "gazette sql"
check "media delete: dropped again" [ "$(q "$db" "SELECT body_html_ver FROM articles WHERE id = $id")" = 0 ]

step "7. a new related article shows at once"
get "$base/article/$slug" "$tmp/r0.html"
tags=$(q "$db" "SELECT group_concat(t.name, ', ') FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = $id")
check "the story has tags ($tags)" [ -n "$tags" ]
check "no 'Fresh related story' yet" sh -c "! grep -q 'Fresh related story' '$tmp/r0.html'"
code=$(fetch "$base/admin/articles" "$tmp/cr2" -b "$jar" --data "csrf=$csrf&status=published" \
	--data-urlencode "title=Fresh related story" --data-urlencode "tags=$tags" --data-urlencode "body=Text.")
get "$base/article/$slug" "$tmp/r1.html"
cond "created ($code); the story's page lists it now" '[ "$code" = 303 ] && grep -q "Fresh related story" "$tmp/r1.html"'

finish
