#!/bin/bash
# Pages, menus and branding (issue 19 points 1 and 2), through the admin's
# real session against `gazette serve`:
#  - pages: a new page (address rules, a taken address, preview, create),
#    edit, unpublish (Draft: 404), publish again, delete (410 Gone, out of
#    the sitemap and the admin list; the address can be used again), the
#    privacy policy cannot be deleted, About and Privacy keep their
#    addresses;
#  - menus: while no menu is defined the header keeps the automatic
#    section menu and the footer its links; items of each kind (section,
#    page, link) with labels, a child under a top-level item, javascript:
#    and other bad addresses refused beside the field with the typed text
#    kept, moving up and down (plain forms), editing, deleting, a draft
#    page's item hidden from readers, aria-current on the current item;
#  - branding: logo and favicon uploads checked by content (a script named
#    logo.png refused, a non-square favicon refused, nothing saved), the
#    logo in the header with the site name as alt and its box, /favicon.ico
#    and <link rel=icon>, the logo in RSS, Atom and the JSON-LD publisher,
#    the theme colour validated (#rrggbb, dark enough) and served as
#    /theme.css under the unchanged CSP, <meta name=theme-color>;
#  - authors are refused (403) and every POST needs the CSRF token.
set -u
. "$(dirname "$0")/lib.sh"

db=$tmp/g.db
"$GAZETTE_BIN" init --db "$db" --demo >/dev/null 2>&1 || die "init"
echo 'admin pass 123' | "$GAZETTE_BIN" user add boss --role admin --password-stdin --db "$db" >/dev/null
echo 'author pass 123' | "$GAZETTE_BIN" user add writer --role author --password-stdin --db "$db" >/dev/null
sqlite3 "$db" "INSERT OR REPLACE INTO settings VALUES ('base_url', 'https://news.example.org')"
GAZETTE_STRICT=1 "$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$db" >"$tmp/serve.log" 2>&1 &
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
csrf_of() {
	curl -s -b "$1" "$base/admin" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1
}
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
login "$tmp/ja" boss 'admin pass 123'
csrf=$(csrf_of "$tmp/ja")
cond "logged in as admin (csrf token found)" '[ -n "$csrf" ]'
login "$tmp/jw" writer 'author pass 123'

step "the site before any menu or branding"
curl -s "$base/" >"$tmp/home0"
cond "the header keeps the automatic section menu" \
	'grep -q "<nav class=\"site-nav\" aria-label=\"Sections\">" "$tmp/home0" && grep -q "href=\"/category/" "$tmp/home0"'
cond "the footer keeps About, Archives, RSS, Sitemap" \
	'grep -q "href=\"/p/about\">About" "$tmp/home0" && grep -q "href=\"/archive\">Archives" "$tmp/home0" && grep -q "href=\"/sitemap.xml\">Sitemap" "$tmp/home0"'
cond "no logo, favicon link or theme colour" \
	'! grep -q "site-logo\|rel=\"icon\"\|theme-color\|/theme.css" "$tmp/home0"'
check "/favicon.ico: 404 while none is set" [ "$(status "$base/favicon.ico")" = 404 ]
check "/p/about and /privacy answer 200" [ "$(status "$base/p/about")$(status "$base/privacy")" = 200200 ]

step "pages: create"
code=$(fetch "$base/admin/pages/new" "$tmp/new" -b "$tmp/ja")
cond "the new-page form: 200 ($code), address field" '[ "$code" = 200 ] && grep -q "name=\"slug\"" "$tmp/new"'
check "  linked from the pages list" sh -c "curl -s -b '$tmp/ja' '$base/admin/pages' | grep -q 'href=\"/admin/pages/new\"'"
for bad in 'Contact Us' 'contact/us' '-contact' 'contact-' 'new' 'privacy' 'über' ''; do
	code=$(fetch "$base/admin/pages/new" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf&status=published" \
		--data-urlencode "slug=$bad" --data-urlencode "title=Contact" --data-urlencode "body=Typed body kept")
	cond "address '$bad': 422 ($code), said beside the field, text kept" \
		'[ "$code" = 422 ] && grep -q "id=\"slug-error\"" "$tmp/x" && grep -q "Typed body kept" "$tmp/x"'
done
code=$(fetch "$base/admin/pages/new" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf&status=published" \
	--data-urlencode "slug=about" --data-urlencode "title=Another about" --data-urlencode "body=x")
cond "a taken address (about): 422 ($code), 'already has this address'" \
	'[ "$code" = 422 ] && grep -q "A page already has this address" "$tmp/x"'
check "  the About page is unchanged" sh -c "! curl -s '$base/p/about' | grep -q 'Another about'"
code=$(fetch "$base/admin/pages/new" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf&status=published&preview=1" \
	--data-urlencode "slug=contact" --data-urlencode "title=Contact" --data-urlencode $'body=Write to *us*.\n\n<script>x</script>')
cond "preview: 200 ($code), rendered, raw HTML dropped, nothing saved" \
	'[ "$code" = 200 ] && grep -q "<em>us</em>" "$tmp/x" && ! grep -q "<script>x" "$tmp/x" && [ "$(status "$base/p/contact")" = 404 ]'
code=$(fetch "$base/admin/pages/new" "$tmp/x" -b "$tmp/ja" --data "status=published" \
	--data-urlencode "slug=contact" --data-urlencode "title=Contact" --data-urlencode "body=x")
check "create without the CSRF token: 403 ($code)" [ "$code" = 403 ]
code=$(fetch "$base/admin/pages/new" "$tmp/x" -b "$tmp/jw" --data "csrf=$csrf&status=published" \
	--data-urlencode "slug=contact" --data-urlencode "title=Contact" --data-urlencode "body=x")
check "an author cannot create pages: 403 ($code)" [ "$code" = 403 ]
code=$(fetch "$base/admin/pages/new" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf&status=published" \
	--data-urlencode "slug=contact" --data-urlencode "title=Contact the newsroom" --data-urlencode "body=Write to *us*.")
cond "create: 303 ($code) to its edit page" '[ "$code" = 303 ] && grep -qi "^location: /admin/pages/contact?saved=1" "$tmp/x.h"'
code=$(fetch "$base/p/contact" "$tmp/p")
cond "/p/contact: 200 ($code) with title and body" \
	'[ "$code" = 200 ] && grep -q "Contact the newsroom" "$tmp/p" && grep -q "<em>us</em>" "$tmp/p"'
check "  in the sitemap" sh -c "curl -s '$base/sitemaps/pages.xml' | grep -q '/p/contact<'"
code=$(fetch "$base/admin/pages/contact?saved=1" "$tmp/e" -b "$tmp/ja")
cond "  its edit page says it was saved ($code)" '[ "$code" = 200 ] && grep -q "The page was saved." "$tmp/e"'

step "pages: edit, unpublish, publish"
code=$(fetch "$base/admin/pages/contact" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf&status=published" \
	--data-urlencode "title=Contact us" --data-urlencode "body=New text.")
check "edit: 303 ($code)" [ "$code" = 303 ]
check "  the page shows the new text" sh -c "curl -s '$base/p/contact' | grep -q 'New text.'"
code=$(fetch "$base/admin/pages/contact" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf&status=draft" \
	--data-urlencode "title=Contact us" --data-urlencode "body=New text.")
check "unpublish (Draft): 303 ($code)" [ "$code" = 303 ]
check "  /p/contact answers 404" [ "$(status "$base/p/contact")" = 404 ]
code=$(fetch "$base/admin/pages/contact" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf&status=published" \
	--data-urlencode "title=Contact us" --data-urlencode "body=New text.")
check "publish again: 303 ($code), 200 again" [ "$code$(status "$base/p/contact")" = 303200 ]

step "menus: header and footer items"
cat_id=$(sqlite3 "$db" "SELECT id FROM categories WHERE parent_id IS NULL ORDER BY id LIMIT 1")
cat_slug=$(sqlite3 "$db" "SELECT slug FROM categories WHERE id = $cat_id")
cat_name=$(sqlite3 "$db" "SELECT name FROM categories WHERE id = $cat_id")
contact_id=$(sqlite3 "$db" "SELECT id FROM pages WHERE slug = 'contact'")
about_id=$(sqlite3 "$db" "SELECT id FROM pages WHERE slug = 'about'")
about_title=$(sqlite3 "$db" "SELECT title FROM pages WHERE slug = 'about'")
code=$(fetch "$base/admin/menus" "$tmp/m" -b "$tmp/ja")
cond "the editor: 200 ($code), both menus empty" \
	'[ "$code" = 200 ] && grep -q "No items: the site shows its sections." "$tmp/m" && grep -q "No items: the footer shows its usual links." "$tmp/m"'
add() { # add MENU TARGET URL LABEL PARENT: prints the status
	fetch "$base/admin/menus" "$tmp/add" -b "$tmp/ja" --data "csrf=$csrf" --data-urlencode "menu=$1" \
		--data-urlencode "target=$2" --data-urlencode "url=$3" --data-urlencode "label=$4" \
		--data-urlencode "parent=$5"
}
for bad in 'javascript:alert(1)' 'JavaScript:alert(1)' 'data:text/html,x' '//evil.example/' 'https://' 'http://a b' 'ftp://x.org' 'news"><script>'; do
	code=$(add header link "$bad" "Bad link" "")
	cond "link '$bad': 422 ($code), beside the address, label kept" \
		'[ "$code" = 422 ] && grep -q "id=\"menu-url-error\"" "$tmp/add" && grep -q "value=\"Bad link\"" "$tmp/add"'
done
check "  nothing stored" [ "$(sqlite3 "$db" "SELECT count(*) FROM menu_items")" = 0 ]
code=$(add header link "https://example.org/x" "" "")
cond "a link without a label: 422 ($code)" '[ "$code" = 422 ] && grep -q "A link needs a label." "$tmp/add"'
code=$(add header "c:999999" "" "" "")
cond "a section that does not exist: 422 ($code)" '[ "$code" = 422 ] && grep -q "id=\"menu-target-error\"" "$tmp/add"'
code=$(add sidebar "c:$cat_id" "" "" "")
cond "an unknown menu: 422 ($code)" '[ "$code" = 422 ] && grep -q "Choose the header or the footer menu." "$tmp/add"'
code=$(fetch "$base/admin/menus" "$tmp/x" -b "$tmp/jw" --data "csrf=$csrf&menu=header&target=c:$cat_id")
check "an author cannot edit menus: 403 ($code)" [ "$code" = 403 ]
code=$(fetch "$base/admin/menus" "$tmp/x" -b "$tmp/ja" --data "menu=header&target=c:$cat_id")
check "adding without the CSRF token: 403 ($code)" [ "$code" = 403 ]
check "add a section item: 303" [ "$(add header "c:$cat_id" "" "" "")" = 303 ]
check "add a page item with a label: 303" [ "$(add header "p:$contact_id" "" "Write to us" "")" = 303 ]
check "add a site link: 303" [ "$(add header link "/archive" "Archive" "")" = 303 ]
top=$(sqlite3 "$db" "SELECT id FROM menu_items WHERE url = '/archive'")
check "add an outside link under it: 303" [ "$(add header link "https://example.org/tips?a=1&b=2" "Tip line" "$top")" = 303 ]
child=$(sqlite3 "$db" "SELECT id FROM menu_items WHERE label = 'Tip line'")
code=$(add header link "/x" "Grandchild" "$child")
cond "no second level: 422 ($code)" '[ "$code" = 422 ] && grep -q "Choose a top-level item of the same menu." "$tmp/add"'
code=$(add footer link "/x" "Cross" "$top")
cond "no parent from the other menu: 422 ($code)" '[ "$code" = 422 ] && grep -q "id=\"menu-parent-error\"" "$tmp/add"'
check "add a footer item (About): 303" [ "$(add footer "p:$about_id" "" "" "")" = 303 ]
curl -s "$base/" >"$tmp/home1"
nav=$(sed -n '/<nav class="site-nav"/,/<\/nav>/p' "$tmp/home1")
cond "the header shows the menu in order, as nested lists" \
	'echo "$nav" | tr -d "\n" | grep -q "aria-label=\"Main menu\".*href=\"/category/$cat_slug\">$cat_name</a></li><li><a href=\"/p/contact\">Write to us</a></li><li class=\"has-sub\"><a href=\"/archive\">Archive</a><ul><li><a href=\"https://example.org/tips?a=1&amp;b=2\">Tip line</a></li></ul></li></ul>"'
cond "  the automatic menu is gone (no Home item)" '! echo "$nav" | grep -q ">Home</a>"'
foot=$(sed -n '/<footer/,/<\/footer>/p' "$tmp/home1")
cond "the footer shows its menu in a labelled nav, then the policy and cookie links" \
	'echo "$foot" | tr -d "\n" | grep -q "<nav class=\"footer-menu\" aria-label=\"Footer menu\"><ul><li><a href=\"/p/about\">$about_title</a></li></ul></nav><ul><li><a href=\"/privacy\">"'
cond "  without the default About/Archives links" '! echo "$foot" | grep -q "href=\"/archive\">Archives"'
cond "aria-current on the current item (/p/contact)" \
	'curl -s "$base/p/contact" | grep -q "<a href=\"/p/contact\" aria-current=\"page\">Write to us</a>"'
cond "aria-current on the section item on its section page" \
	'curl -s "$base/category/$cat_slug" | grep -q "href=\"/category/$cat_slug\" aria-current=\"page\""'

step "menus: move, edit, delete"
sec=$(sqlite3 "$db" "SELECT id FROM menu_items WHERE category_id = $cat_id")
pg=$(sqlite3 "$db" "SELECT id FROM menu_items WHERE page_id = $contact_id")
code=$(fetch "$base/admin/menus" "$tmp/m" -b "$tmp/ja")
item_block() { tr -d '\n' <"$tmp/m" | grep -o "<li id=\"item-$1\"[^>]*>.*" | sed 's|</li>.*||'; }
cond "the first item offers Down only" \
	'item_block $sec | grep -q "value=\"down\"" && ! item_block $sec | grep -q "value=\"up\""'
cond "the last top-level item offers Up only" \
	'item_block $top | grep -q "value=\"up\"" && ! item_block $top | grep -q "value=\"down\""'
cond "  each button names its item for screen readers" \
	'item_block $sec | grep -q "Down<span class=\"visually-hidden\">: $cat_name</span>"'
code=$(fetch "$base/admin/menus/$pg/move" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf&dir=up")
check "move the page item up: 303 ($code)" [ "$code" = 303 ]
order=$(curl -s "$base/" | sed -n '/<nav class="site-nav"/,/<\/nav>/p' | grep -o 'href="[^"]*"' | tr '\n' ' ')
cond "  the header order changed ($order)" '[[ "$order" == "href=\"/p/contact\" href=\"/category/$cat_slug\" href=\"/archive\""* ]]'
code=$(fetch "$base/admin/menus/$pg/move" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf&dir=up")
check "moving the first item up: 303 ($code), nothing changes" [ "$code" = 303 ]
code=$(fetch "$base/admin/menus/$pg/move" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf&dir=sideways")
check "an unknown direction: 400 ($code)" [ "$code" = 400 ]
code=$(fetch "$base/admin/menus/$pg" "$tmp/e" -b "$tmp/ja")
cond "the item's edit page: 200 ($code), target chosen" '[ "$code" = 200 ] && grep -q "value=\"p:$contact_id\" selected" "$tmp/e"'
code=$(fetch "$base/admin/menus/$pg" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf&target=link&parent=" \
	--data-urlencode "url=javascript:void(0)" --data-urlencode "label=Contact")
cond "edit into a javascript: link: 422 ($code), nothing saved" \
	'[ "$code" = 422 ] && grep -q "id=\"menu-url-error\"" "$tmp/x" && [ "$(sqlite3 "$db" "SELECT kind FROM menu_items WHERE id = $pg")" = page ]'
code=$(fetch "$base/admin/menus/$top" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf&target=link&parent=$sec" \
	--data-urlencode "url=/archive" --data-urlencode "label=Archive")
cond "an item with children cannot go under another: 422 ($code)" '[ "$code" = 422 ] && grep -q "stays at the top" "$tmp/x"'
code=$(fetch "$base/admin/menus/$pg" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf&target=p:$contact_id&parent=$top" \
	--data-urlencode "url=" --data-urlencode "label=")
check "edit: put the page item under Archive, no label: 303 ($code)" [ "$code" = 303 ]
cond "  the header nests it, under the page's own title" \
	'curl -s "$base/" | tr -d "\n" | grep -q "<a href=\"/archive\">Archive</a><ul><li><a href=\"https://example.org/tips?a=1&amp;b=2\">Tip line</a></li><li><a href=\"/p/contact\">Contact us</a></li></ul>"'
fetch "$base/admin/pages/contact" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf&status=draft" \
	--data-urlencode "title=Contact us" --data-urlencode "body=New text." >/dev/null
check "a draft page's item is not shown to readers" sh -c "! curl -s '$base/' | grep -q 'href=\"/p/contact\"'"
fetch "$base/admin/pages/contact" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf&status=published" \
	--data-urlencode "title=Contact us" --data-urlencode "body=New text." >/dev/null
code=$(fetch "$base/admin/menus/$top/delete" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf")
check "delete Archive: 303 ($code)" [ "$code" = 303 ]
check "  its children went with it" [ "$(sqlite3 "$db" "SELECT count(*) FROM menu_items WHERE menu = 'header'")" = 1 ]
code=$(fetch "$base/admin/menus/$top/delete" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf")
check "  deleting it again: 404 ($code)" [ "$code" = 404 ]

step "pages: delete"
code=$(fetch "$base/admin/pages/privacy/delete" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf")
check "the privacy policy cannot be deleted: 403 ($code)" [ "$code" = 403 ]
check "  /privacy still 200" [ "$(status "$base/privacy")" = 200 ]
check "  its form has no delete button" sh -c "! curl -s -b '$tmp/ja' '$base/admin/pages/privacy' | grep -q '/delete'"
check "about's form has one" sh -c "curl -s -b '$tmp/ja' '$base/admin/pages/about' | grep -q 'action=\"/admin/pages/about/delete\"'"
code=$(fetch "$base/admin/pages/about/delete" "$tmp/x" -b "$tmp/jw" --data "csrf=$csrf")
check "an author cannot delete: 403 ($code)" [ "$code" = 403 ]
code=$(fetch "$base/admin/pages/about/delete" "$tmp/x" -b "$tmp/ja" --data "x=1")
check "delete without the CSRF token: 403 ($code)" [ "$code" = 403 ]
code=$(fetch "$base/admin/pages/about/delete" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf")
cond "delete about: 303 ($code) to the list, which says so" \
	'[ "$code" = 303 ] && curl -s -b "$tmp/ja" "$base/admin/pages?deleted=about" | grep -q "The page was deleted"'
code=$(fetch "$base/p/about" "$tmp/g")
cond "/p/about answers 410 Gone ($code), the themed page" \
	'[ "$code" = 410 ] && grep -q "<h1 class=\"page-title\">Page removed</h1>" "$tmp/g" && grep -q "noindex" "$tmp/g"'
check "  HEAD too" [ "$(curl -s -I -o /dev/null -w '%{http_code}' "$base/p/about")" = 410 ]
check "  an address never used is still 404" [ "$(status "$base/p/never-was")" = 404 ]
check "  out of the sitemap" sh -c "! curl -s '$base/sitemaps/pages.xml' | grep -q '/p/about<'"
check "  out of the admin list" sh -c "! curl -s -b '$tmp/ja' '$base/admin/pages' | grep -q 'href=\"/admin/pages/about\"'"
check "  its footer menu item went with it (footer falls back)" \
	sh -c "[ \"\$(sqlite3 '$db' \"SELECT count(*) FROM menu_items WHERE menu = 'footer'\")\" = 0 ] && curl -s '$base/' | grep -q 'href=\"/archive\">Archives'"
code=$(fetch "$base/admin/pages/about/delete" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf")
check "  deleting it again: 404 ($code)" [ "$code" = 404 ]
code=$(fetch "$base/admin/pages/new" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf&status=published" \
	--data-urlencode "slug=about" --data-urlencode "title=About us" --data-urlencode "body=Back again.")
check "a new page may take the address again: 303 ($code)" [ "$code" = 303 ]
check "  /p/about is 200 again" sh -c "curl -s '$base/p/about' | grep -q 'Back again.'"

step "branding: logo, favicon, theme colour"
site=$(sqlite3 "$db" "SELECT value FROM settings WHERE key = 'site_name'")
python3 - "$tmp" <<'PY'
import struct, sys, zlib
def png(path, w, h, rgb):
	def chunk(kind, data):
		return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
	rows = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))
	open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
		+ chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))
png(sys.argv[1] + "/logo.png", 400, 100, (163, 18, 43))
png(sys.argv[1] + "/icon.png", 64, 64, (20, 60, 120))
png(sys.argv[1] + "/wide.png", 64, 32, (20, 60, 120))
png(sys.argv[1] + "/bigicon.png", 600, 600, (20, 60, 120))
open(sys.argv[1] + "/fake.png", "w").write("<script>alert(1)</script>\n")
PY
brand() { fetch "$base/admin/branding" "$tmp/b" -b "$tmp/ja" -F "csrf=$csrf" "$@"; }
code=$(fetch "$base/admin/branding" "$tmp/b" -b "$tmp/ja")
cond "the branding page: 200 ($code), a multipart form" \
	'[ "$code" = 200 ] && grep -q "enctype=\"multipart/form-data\"" "$tmp/b" && grep -q "No logo" "$tmp/b"'
code=$(brand -F "logo=@$tmp/fake.png;type=image/png" -F "theme_color=#123456")
cond "a script named logo.png: 422 ($code), said beside the field, nothing saved" \
	'[ "$code" = 422 ] && grep -q "id=\"brand-logo-error\"" "$tmp/b" && [ "$(sqlite3 "$db" "SELECT count(*) FROM settings WHERE key IN (\"logo_media\", \"theme_color\")")" = 0 ] && [ "$(sqlite3 "$db" "SELECT count(*) FROM media")" = 0 ]'
check "  the typed colour is kept" grep -q 'name="theme_color" value="#123456"' "$tmp/b"
code=$(brand -F "favicon=@$tmp/wide.png;type=image/png")
cond "a favicon that is not square: 422 ($code)" '[ "$code" = 422 ] && grep -q "A favicon must be square" "$tmp/b"'
code=$(brand -F "favicon=@$tmp/fake.png;type=image/png")
cond "a fake favicon: 422 ($code)" '[ "$code" = 422 ] && grep -q "id=\"brand-favicon-error\"" "$tmp/b"'
for bad in '#fff' 'red' '#12345g' '#ffff00' '#a3122b;x' 'url(x)'; do
	code=$(brand --form-string "theme_color=$bad")
	cond "theme colour '$bad': 422 ($code), beside the field" '[ "$code" = 422 ] && grep -q "id=\"brand-color-error\"" "$tmp/b"'
done
code=$(brand -F "logo=@$tmp/logo.png;type=image/png" -F "favicon=@$tmp/icon.png;type=image/png" -F "theme_color=#1A5FB4")
check "logo, favicon and colour saved: 303 ($code)" [ "$code" = 303 ]
check "  the colour stored in lower case" [ "$(sqlite3 "$db" "SELECT value FROM settings WHERE key = 'theme_color'")" = '#1a5fb4' ]
code=$(fetch "$base/" "$tmp/home2")
logo=$(sqlite3 "$db" "SELECT '/media/' || hash || '.' || ext FROM media WHERE width = 384 AND height = 96")
check "the 400x100 logo was stored scaled down to 384x96 (twice its header box)" [ -n "$logo" ]
icon=$(sqlite3 "$db" "SELECT '/media/' || hash || '.' || ext FROM media WHERE width = 64")
cond "the header shows the logo, site name as alt, 48 px high box (192x48)" \
	'grep -q "<p class=\"site-name\"><a href=\"/\"><img class=\"site-logo\" src=\"$logo\" alt=\"$site\" width=\"192\" height=\"48\"></a></p>" "$tmp/home2"'
check "  the logo file is served" [ "$(status "$base$logo")" = 200 ]
cond "<link rel=icon> names the favicon" 'grep -q "<link rel=\"icon\" href=\"$icon\" type=\"image/png\" sizes=\"64x64\">" "$tmp/home2"'
code=$(fetch "$base/favicon.ico" "$tmp/f")
cond "/favicon.ico: 302 ($code) to the favicon" '[ "$code" = 302 ] && [ "$(header "$tmp/f.h" location)" = "$icon" ]'
check "  which is the PNG" sh -c "curl -s -L '$base/favicon.ico' | cmp -s - '$tmp/icon.png'"
cond "<meta name=theme-color> and the theme stylesheet" \
	'grep -q "<meta name=\"theme-color\" content=\"#1a5fb4\">" "$tmp/home2" && grep -q "<link rel=\"stylesheet\" href=\"/theme.css?c=%231a5fb4\">" "$tmp/home2"'
code=$(fetch "$base/theme.css" "$tmp/t")
cond "/theme.css: 200 ($code), text/css, sets --accent" \
	'[ "$code" = 200 ] && [[ "$(header "$tmp/t.h" content-type)" == text/css* ]] && grep -q -- "--accent: #1a5fb4;" "$tmp/t"'
csp=$(header "$tmp/home2.h" content-security-policy)
cond "the CSP is unchanged: style-src 'self' only" '[[ "$csp" == *"style-src '"'"'self'"'"';"* ]] && ! grep -q "<style" "$tmp/home2"'
curl -s "$base/feed" >"$tmp/rss"
cond "RSS: <image> with the absolute logo address" \
	'grep -q "<image><url>https://news.example.org$logo</url><title>$site</title><link>https://news.example.org/</link></image>" "$tmp/rss"'
curl -s "$base/feed/atom" >"$tmp/atom"
cond "Atom: <icon> and <logo>" \
	'grep -q "<icon>https://news.example.org$icon</icon>" "$tmp/atom" && grep -q "<logo>https://news.example.org$logo</logo>" "$tmp/atom"'
art=$(sqlite3 "$db" "SELECT slug FROM articles WHERE status = 'published' ORDER BY id LIMIT 1")
curl -s "$base/article/$art" >"$tmp/art"
pub=$(python3 - "$tmp/art" <<'PY'
import json, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
	d = json.loads(block)
	if d.get("@type") == "NewsArticle":
		p = d["publisher"]
		print(p["name"], p["logo"]["@type"], p["logo"]["url"], p["logo"]["width"], p["logo"]["height"])
PY
)
cond "JSON-LD publisher logo on an article ($pub)" '[ "$pub" = "$site ImageObject https://news.example.org$logo 384 96" ]'
code=$(brand -F "favicon=@$tmp/bigicon.png;type=image/png")
big=$(sqlite3 "$db" "SELECT '/media/' || hash || '.' || ext FROM media WHERE width = 180 AND height = 180")
cond "a 600x600 favicon: 303 ($code), stored scaled down to 180x180" '[ "$code" = 303 ] && [ -n "$big" ]'
cond "  <link rel=icon> names it with its size" 'curl -s "$base/" | grep -q "<link rel=\"icon\" href=\"$big\" type=\"image/png\" sizes=\"180x180\">"'
a=$(sqlite3 "$db" "SELECT detail FROM audit_log WHERE action = 'settings.update' AND target = 'branding' ORDER BY id DESC LIMIT 1")
cond "the audit log names what the branding save set ($a)" '[ "$a" = "theme_color, favicon_media" ]'
code=$(brand -F "remove_logo=1" -F "remove_favicon=1" -F "theme_color=")
check "remove logo and favicon, clear the colour: 303 ($code)" [ "$code" = 303 ]
curl -s "$base/" >"$tmp/home3"
cond "  the header shows the site name again, no icon, no theme" \
	'grep -q "<p class=\"site-name\"><a href=\"/\">$site</a>" "$tmp/home3" && ! grep -q "site-logo\|rel=\"icon\"\|theme-color" "$tmp/home3"'
check "  /favicon.ico is 404 again" [ "$(status "$base/favicon.ico")" = 404 ]
code=$(fetch "$base/admin/branding" "$tmp/x" -b "$tmp/jw")
check "an author cannot open branding: 403 ($code)" [ "$code" = 403 ]
code=$(fetch "$base/admin/branding" "$tmp/x" -b "$tmp/ja" -F "theme_color=#000000")
check "branding without the CSRF token: 403 ($code)" [ "$code" = 403 ]

step "the server's log"
check "no sanitizer report, runtime error or template error" \
	sh -c "! grep -qE 'Sanitizer|runtime error|gazette: render ' '$tmp/serve.log'"

finish
