#!/bin/bash
# Admin pages that sit between the other admin areas: editing the Privacy &
# Cookies Policy (an editable page; preview, validation, save, the public
# page changes), a page's status (a draft page is 404 and out of the
# sitemap, marked Draft in the list; the policy cannot be one) and comment moderation through the real session (pending
# queue with the verdict reasons, approve, the comment appears on the
# article, then spam).  Authors may do neither; refusals (403) are the
# site's themed page, private and unstored.  The image upload limit
# (media_max_bytes) on the settings page: bounds, messages beside the
# field, and an upload over a saved limit refused.
set -u
. "$(dirname "$0")/lib.sh"

db=$tmp/g.db
"$GAZETTE_BIN" init --db "$db" --demo >/dev/null 2>&1 || die "init"
echo 'admin pass 123' | "$GAZETTE_BIN" user add boss --role admin --password-stdin --db "$db" >/dev/null
echo 'author pass 123' | "$GAZETTE_BIN" user add writer --role author --password-stdin --db "$db" >/dev/null
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
csrf_of() {
	curl -s -b "$1" "$base/admin" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1
}

step "privacy policy editing"
login "$tmp/ja" boss 'admin pass 123'
csrf=$(csrf_of "$tmp/ja")
cond "logged in as admin (csrf token found)" '[ -n "$csrf" ]'
code=$(fetch "$base/admin/pages" "$tmp/p" -b "$tmp/ja")
cond "pages list: 200 ($code), lists the policy" '[ "$code" = 200 ] && grep -q "/admin/pages/privacy" "$tmp/p"'
code=$(fetch "$base/admin/pages/privacy" "$tmp/e" -b "$tmp/ja")
cond "edit form: 200 ($code) with the current text" '[ "$code" = 200 ] && grep -q "gz_consent" "$tmp/e"'
code=$(fetch "$base/admin/pages/privacy" "$tmp/pv" -b "$tmp/ja" --data "csrf=$csrf&preview=1" \
	--data-urlencode "title=Privacy & Cookies Policy" --data-urlencode $'body=## Cookies {#cookies}\n\nWe now say <script>x</script> *more*.')
cond "preview: 200 ($code), rendered, raw HTML dropped, nothing saved" \
	'[ "$code" = 200 ] && grep -q "<em>more</em>" "$tmp/pv" && ! grep -q "<script>x" "$tmp/pv" && ! curl -s "$base/privacy" | grep -q "We now say"'
code=$(fetch "$base/admin/pages/privacy" "$tmp/bad" -b "$tmp/ja" --data "csrf=$csrf&title=" \
	--data-urlencode "body=kept text")
cond "empty title: 422 ($code), message beside the field, text kept" \
	'[ "$code" = 422 ] && grep -q "id=\"title-error\"" "$tmp/bad" && grep -q "kept text" "$tmp/bad"'
code=$(fetch "$base/admin/pages/privacy" "$tmp/s" -b "$tmp/ja" --data "csrf=$csrf" \
	--data-urlencode "title=Privacy & Cookies Policy" --data-urlencode $'body=## Cookies {#cookies}\n\nWe now say more.')
check "save: 303 ($code)" [ "$code" = 303 ]
check "the public policy shows the new text" sh -c "curl -s '$base/privacy' | grep -q 'We now say more'"
# themed_403 LABEL FILE: a 403 answer in FILE(.h) is the site's themed page,
# private and never stored.
themed_403() {
	local page=$2 cc ct
	cc=$(header "$page.h" cache-control)
	ct=$(header "$page.h" content-type)
	cond "$1: the themed 403 page" \
		'grep -qF "<h1 class=\"page-title\">Not allowed</h1>" "$page" && grep -qF "class=\"site-nav\"" "$page" && grep -qF "<meta name=\"robots\" content=\"noindex\">" "$page"'
	cond "$1: Cache-Control private, no-store ($cc)" '[ "$cc" = "private, no-store" ]'
	cond "$1: text/html ($ct)" '[[ "$ct" == text/html* ]]'
}
code=$(fetch "$base/admin/pages/privacy" "$tmp/x" -b "$tmp/ja" --data "title=X&body=Y")
check "save without the CSRF token: 403 ($code)" [ "$code" = 403 ]
themed_403 "no CSRF token" "$tmp/x"
code=$(fetch "$base/admin/pages/privacy" "$tmp/x" -b "$tmp/ja" -H "Origin: https://evil.example" \
	--data "csrf=$csrf&title=X&body=Y")
check "a cross-site save with the token: 403 ($code)" [ "$code" = 403 ]
themed_403 "cross-site post" "$tmp/x"
login "$tmp/jw" writer 'author pass 123'
code=$(fetch "$base/admin/pages/privacy" "$tmp/x" -b "$tmp/jw")
check "an author cannot edit pages: 403 ($code)" [ "$code" = 403 ]
themed_403 "an author on an admin page" "$tmp/x"
check "  says why it may be" grep -qF 'your role may not include this' "$tmp/x"

step "page status: published or draft"
# The policy stays published: no choice on its form, a forged draft refused.
code=$(fetch "$base/admin/pages/privacy" "$tmp/e" -b "$tmp/ja")
cond "the policy's form offers no status ($code)" '[ "$code" = 200 ] && ! grep -q "name=\"status\"" "$tmp/e"'
code=$(fetch "$base/admin/pages/privacy" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf&status=draft" \
	--data-urlencode "title=Privacy & Cookies Policy" --data-urlencode "body=Still here.")
cond "the policy as a draft: 422 ($code), said beside the field" \
	'[ "$code" = 422 ] && grep -q "id=\"status-error\"" "$tmp/x" && grep -q "stays published" "$tmp/x"'
check "  /privacy still 200" [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/privacy")" = 200 ]
code=$(fetch "$base/admin/pages/about" "$tmp/e" -b "$tmp/ja")
cond "about's form: Published chosen ($code)" \
	'[ "$code" = 200 ] && grep -q "<option value=\"published\" selected>Published</option>" "$tmp/e" && grep -q "<option value=\"draft\">Draft</option>" "$tmp/e"'
check "/p/about is public" [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/p/about")" = 200 ]
check "  and in the sitemap" sh -c "curl -s '$base/sitemaps/pages.xml' | grep -q '/p/about<'"
code=$(fetch "$base/admin/pages/about" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf&status=secret" \
	--data-urlencode "title=About" --data-urlencode "body=About us.")
cond "an unknown status: 422 ($code), said beside the field" '[ "$code" = 422 ] && grep -q "Choose Published or Draft" "$tmp/x"'
code=$(fetch "$base/admin/pages/about" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf&status=draft" \
	--data-urlencode "title=About" --data-urlencode "body=About us, draft.")
check "save about as a draft: 303 ($code)" [ "$code" = 303 ]
check "  /p/about answers 404" [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/p/about")" = 404 ]
check "  HEAD /p/about answers 404" [ "$(curl -s -I -o /dev/null -w '%{http_code}' "$base/p/about")" = 404 ]
check "  not in the sitemap" sh -c "! curl -s '$base/sitemaps/pages.xml' | grep -q '/p/about<'"
check "  the draft text is nowhere public" sh -c "! curl -s '$base/p/about' | grep -q 'About us, draft'"
code=$(fetch "$base/admin/pages" "$tmp/p" -b "$tmp/ja")
cond "  the admin list marks it Draft ($code)" '[ "$code" = 200 ] && grep -q "About</a></td><td><strong>Draft</strong>" "$tmp/p"'
code=$(fetch "$base/admin/pages/about" "$tmp/e" -b "$tmp/ja")
cond "  its form has Draft chosen ($code)" '[ "$code" = 200 ] && grep -q "<option value=\"draft\" selected>Draft</option>" "$tmp/e"'
code=$(fetch "$base/admin/pages/about" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf&status=published" \
	--data-urlencode "title=About" --data-urlencode "body=About us, again.")
check "publish it again: 303 ($code)" [ "$code" = 303 ]
check "  /p/about is back" sh -c "curl -s '$base/p/about' | grep -q 'About us, again'"

step "comment moderation"
art=$(sqlite3 "$db" "SELECT slug FROM articles WHERE id = 2")
sqlite3 "$db" "INSERT OR REPLACE INTO settings VALUES ('comment_min_seconds', '0')"
curl -s -o "$tmp/a" "$base/article/$art"
token=$(sed -n 's/.*name="token" value="\([^"]*\)".*/\1/p' "$tmp/a" | head -1)
nonce=$(sed -n 's/.*name="nonce" value="\([^"]*\)".*/\1/p' "$tmp/a" | head -1)
code=$(fetch "$base/article/$art/comments" "$tmp/c" --data "token=$token&nonce=$nonce&parent=0" \
	--data-urlencode "name=First Timer" --data-urlencode "email=first@example.org" \
	--data-urlencode "body=A first comment from a new reader, thoughtful and on topic.")
check "a new reader's comment is held: 303 to the notice ($code)" grep -q 'comment=held' "$tmp/c.h"
id=$(sqlite3 "$db" "SELECT id FROM comments WHERE author_email = 'first@example.org'")
code=$(fetch "$base/admin/comments" "$tmp/q" -b "$tmp/ja")
cond "pending queue lists it with its reasons ($code)" '[ "$code" = 200 ] && grep -q "First Timer" "$tmp/q" && grep -q "new author" "$tmp/q"'
check "not on the article yet" sh -c "! curl -s '$base/article/$art' | grep -q 'thoughtful and on topic'"
code=$(fetch "$base/admin/comments" "$tmp/ap" -b "$tmp/ja" --data "csrf=$csrf&status=pending&action=approve&id=$id")
check "approve: 303 ($code)" [ "$code" = 303 ]
check "now on the article" sh -c "curl -s '$base/article/$art' | grep -q 'thoughtful and on topic'"
code=$(fetch "$base/admin/comments" "$tmp/sp" -b "$tmp/ja" --data "csrf=$csrf&status=approved&action=spam&id=$id")
check "mark as spam: 303 ($code)" [ "$code" = 303 ]
check "gone from the article" sh -c "! curl -s '$base/article/$art' | grep -q 'thoughtful and on topic'"
st=$(sqlite3 "$db" "SELECT status FROM comments WHERE id = $id")
check "kept in the spam folder for review ($st)" [ "$st" = spam ]
code=$(fetch "$base/admin/comments" "$tmp/x" -b "$tmp/jw")
check "an author cannot moderate: 403 ($code)" [ "$code" = 403 ]

step "the image upload limit on the settings page"
# settings_body FILE KEY VALUE: the settings form in FILE as a urlencoded
# body, every field as shown (checked boxes only) but KEY set to VALUE.
settings_body() {
	python3 - "$@" <<'PY'
import sys, urllib.parse
from html.parser import HTMLParser
page, key, value = sys.argv[1], sys.argv[2], sys.argv[3]
class Form(HTMLParser):
	def __init__(self):
		super().__init__()
		self.fields, self.area, self.inside = [], None, False
	def handle_starttag(self, tag, attrs):
		a = dict(attrs)
		if tag == "form":
			self.inside = a.get("action") == "/admin/settings"
		if not self.inside:
			return
		if tag == "input" and "name" in a and (a.get("type") != "checkbox" or "checked" in a):
			self.fields.append([a["name"], a.get("value") or ""])
		elif tag == "textarea":
			self.area = [a["name"], ""]
			self.fields.append(self.area)
	def handle_endtag(self, tag):
		if tag == "textarea":
			self.area = None
		elif tag == "form":
			self.inside = False
	def handle_data(self, data):
		if self.area is not None:
			self.area[1] += data
f = Form()
f.feed(open(page, encoding="utf-8").read())
pairs = [(k, value if k == key else v) for k, v in f.fields]
print(urllib.parse.urlencode(pairs), end="")
PY
}
code=$(fetch "$base/admin/settings" "$tmp/set" -b "$tmp/ja")
cond "the field is there with the default and its bounds ($code)" \
	'[ "$code" = 200 ] && grep -qF "id=\"set-media_max_bytes\" name=\"media_max_bytes\" value=\"8388608\" min=\"1024\" max=\"16777216\"" "$tmp/set"'
check "  labelled" grep -qF '<label for="set-media_max_bytes">Largest image upload, in bytes</label>' "$tmp/set"
for bad in 1023 16777217 0 -5 abc 1e6 '' 99999999999999999999; do
	settings_body "$tmp/set" media_max_bytes "$bad" >"$tmp/body"
	code=$(fetch "$base/admin/settings" "$tmp/sb" -b "$tmp/ja" --data "@$tmp/body")
	cond "media_max_bytes '$bad': 422 ($code), the message beside the field" \
		'[ "$code" = 422 ] && grep -qF "id=\"set-media_max_bytes-error\">Give a whole number from 1024 to 16777216." "$tmp/sb" && grep -qF "aria-describedby=\"set-media_max_bytes-error\"" "$tmp/sb"'
done
check "  the typed value comes back" grep -qF 'name="media_max_bytes" value="99999999999999999999"' "$tmp/sb"
n=$(sqlite3 "$db" "SELECT count(*) FROM settings WHERE key = 'media_max_bytes'")
check "  nothing saved ($n)" [ "$n" = 0 ]
settings_body "$tmp/set" media_max_bytes 1024 >"$tmp/body"
code=$(fetch "$base/admin/settings" "$tmp/sb" -b "$tmp/ja" --data "@$tmp/body")
v=$(sqlite3 "$db" "SELECT value FROM settings WHERE key = 'media_max_bytes'")
cond "1024 (the lower bound) saved: 303 ($code), stored $v" '[ "$code" = 303 ] && [ "$v" = 1024 ]'
fetch "$base/admin/settings" "$tmp/set2" -b "$tmp/ja" >/dev/null
check "  and shown" grep -qF 'name="media_max_bytes" value="1024"' "$tmp/set2"
# A real PNG of random pixels: about 3 KiB, over the new limit.
python3 - "$tmp/noise.png" <<'PY'
import os, struct, sys, zlib
def chunk(kind, data):
	return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
w = h = 32
rows = b"".join(b"\x00" + os.urandom(3 * w) for _ in range(h))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))
open(sys.argv[1], "wb").write(png)
PY
size=$(wc -c <"$tmp/noise.png")
code=$(fetch "$base/admin/media" "$tmp/up" -b "$tmp/ja" -F "csrf=$csrf" -F "file=@$tmp/noise.png;type=image/png")
cond "a $size-byte image over 1 KiB: 413 ($code), says the limit" \
	'[ "$code" = 413 ] && grep -qF "larger than 1 KiB" "$tmp/up" && grep -qF "id=\"file-error\"" "$tmp/up"'
check "  not stored" [ "$(sqlite3 "$db" "SELECT count(*) FROM media")" = 0 ]
settings_body "$tmp/set2" media_max_bytes 16777216 >"$tmp/body"
code=$(fetch "$base/admin/settings" "$tmp/sb" -b "$tmp/ja" --data "@$tmp/body")
check "16777216 (the upper bound) saved: 303 ($code)" [ "$code" = 303 ]
code=$(fetch "$base/admin/media" "$tmp/up" -b "$tmp/ja" -F "csrf=$csrf" -F "file=@$tmp/noise.png;type=image/png")
cond "then the same image is taken: 303 ($code)" '[ "$code" = 303 ] && [ "$(sqlite3 "$db" "SELECT count(*) FROM media")" = 1 ]'

finish
