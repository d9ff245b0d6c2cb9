#!/bin/bash
# The articles' SEO description through `gazette serve` and the real admin:
#  1. the editor shows the optional field with its hint, empty for a new
#     article;
#  2. an article created with one shows it in <meta name="description">,
#     og:description, twitter:description and the JSON-LD description
#     instead of the summary, escaped like any text;
#  3. over 300 characters or on two lines: 422, the message beside the
#     field, what was typed kept, nothing saved; 300 Chinese characters
#     (900 bytes) pass;
#  4. emptied, the summary serves again (the page as before the field).
set -u
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || die "sqlite3 not found"

db=$tmp/g.db
"$GAZETTE_BIN" init --db "$db" --demo >/dev/null 2>&1 || die "init"
echo 'editor pass 123' | "$GAZETTE_BIN" user add ed --role editor --password-stdin --db "$db" >/dev/null ||
	die "user add"
"$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$db" >"$tmp/serve.log" 2>&1 &
pids+=($!)
port=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "no port in $tmp/serve.log"; }
base=http://127.0.0.1:$port
wait_http "$base/" || die "serve does not answer"

jar=$tmp/jar
curl -s -c "$jar" -b "$jar" -o "$tmp/form" "$base/admin/login"
tok=$(sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p' "$tmp/form")
fetch "$base/admin/login" "$tmp/login" -c "$jar" -b "$jar" --data-urlencode "login=ed" \
	--data-urlencode "password=editor pass 123" --data "login_token=$tok" >/dev/null
# meta FILE NAME: the content of <meta name|property="NAME"> in FILE.
meta() {
	sed -n "s/.*<meta \(name\|property\)=\"$2\" content=\"\([^\"]*\)\".*/\2/p" "$1" | head -1
}
# ld FILE: the NewsArticle JSON-LD description in FILE.
ld() {
	python3 -c '
import json, re, sys
for m in re.finditer(r"<script type=\"application/ld\+json\">(.*?)</script>", open(sys.argv[1]).read(), re.S):
    d = json.loads(m.group(1))
    if d.get("@type") == "NewsArticle":
        print(d["description"])' "$1"
}

step "the editor's field"
code=$(fetch "$base/admin/articles/new" "$tmp/new" -b "$jar")
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/new" | head -1)
cond "new-article form: 200 ($code), csrf token" '[ "$code" = 200 ] && [ -n "$csrf" ]'
check "  an empty SEO description field, at most 300" \
	grep -q '<input type="text" id="seo_description" name="seo_description" value="" maxlength="300"' "$tmp/new"
check "  with its hint" grep -q 'id="seo_description-hint">What search engines' "$tmp/new"

step "create with an SEO description"
seo='Ferries run again from Monday & "the timetable" <inside>'
code=$(fetch "$base/admin/articles" "$tmp/cr" -b "$jar" --data "csrf=$csrf&status=published" \
	--data-urlencode "title=Harbour reopens" --data-urlencode "summary=The summary text." \
	--data-urlencode "seo_description=$seo" --data-urlencode "body=Body.")
id=$(header "$tmp/cr.h" location | sed -n 's|.*/admin/articles/\([0-9]*\).*|\1|p')
cond "create: 303 ($code), id $id" '[ "$code" = 303 ] && [ -n "$id" ]'
check "  stored" [ "$(sqlite3 "$db" "SELECT meta_description FROM articles WHERE id = ${id:-0}")" = "$seo" ]
code=$(fetch "$base/article/harbour-reopens" "$tmp/a")
esc='Ferries run again from Monday &amp; &#34;the timetable&#34; &lt;inside&gt;'
cond "article page: 200 ($code)" '[ "$code" = 200 ]'
for name in description og:description twitter:description; do
	got=$(meta "$tmp/a" "$name")
	cond "  $name is the SEO description, escaped ($got)" '[ "$got" = "$esc" ]'
done
got=$(ld "$tmp/a")
cond "  JSON-LD description is the SEO description ($got)" '[ "$got" = "$seo" ]'
check "  the summary still stands on the page" grep -q "The summary text." "$tmp/a"
code=$(fetch "$base/admin/articles/$id" "$tmp/ed" -b "$jar")
cond "  the editor shows it ($code)" '[ "$code" = 200 ] && grep -qF "value=\"$esc\"" "$tmp/ed"'

step "refusals"
v=$(sed -n 's/.*name="version" value="\([0-9]*\)".*/\1/p' "$tmp/ed" | head -1)
long=$(printf 'x%.0s' $(seq 301))
code=$(fetch "$base/admin/articles/$id" "$tmp/bad" -b "$jar" --data "csrf=$csrf&version=$v&status=published" \
	--data-urlencode "title=Harbour reopens" --data-urlencode "summary=The summary text." \
	--data-urlencode "seo_description=$long" --data-urlencode "body=Body, edited.")
cond "301 characters: 422 ($code), said beside the field, text kept" \
	'[ "$code" = 422 ] && grep -q "id=\"seo_description-error\">Use at most 300 characters" "$tmp/bad" && grep -q "Body, edited." "$tmp/bad"'
code=$(fetch "$base/admin/articles/$id" "$tmp/bad" -b "$jar" --data "csrf=$csrf&version=$v&status=published" \
	--data-urlencode "title=Harbour reopens" --data-urlencode $'seo_description=two\nlines' --data-urlencode "body=Body.")
cond "two lines: 422 ($code)" '[ "$code" = 422 ] && grep -q "id=\"seo_description-error\">The SEO description must be plain text on one line" "$tmp/bad"'
check "  nothing saved" [ "$(sqlite3 "$db" "SELECT meta_description || '|' || version FROM articles WHERE id = $id")" = "$seo|$v" ]
zh=$(printf '中%.0s' $(seq 300))
code=$(fetch "$base/admin/articles/$id" "$tmp/ok" -b "$jar" --data "csrf=$csrf&version=$v&status=published" \
	--data-urlencode "title=Harbour reopens" --data-urlencode "summary=The summary text." \
	--data-urlencode "seo_description=$zh" --data-urlencode "body=Body.")
cond "300 Chinese characters (900 bytes): 303 ($code)" '[ "$code" = 303 ]'
got=$(fetch "$base/article/harbour-reopens" "$tmp/a" >/dev/null; meta "$tmp/a" description)
cond "  the page's description is all of it" '[ "$got" = "$zh" ]'

step "emptied: the summary serves"
v=$((v + 1))
code=$(fetch "$base/admin/articles/$id" "$tmp/ok" -b "$jar" --data "csrf=$csrf&version=$v&status=published" \
	--data-urlencode "title=Harbour reopens" --data-urlencode "summary=The summary text." \
	--data-urlencode "seo_description=" --data-urlencode "body=Body.")
cond "save with it empty: 303 ($code)" '[ "$code" = 303 ]'
fetch "$base/article/harbour-reopens" "$tmp/a" >/dev/null
for name in description og:description twitter:description; do
	got=$(meta "$tmp/a" "$name")
	cond "  $name is the summary ($got)" '[ "$got" = "The summary text." ]'
done
got=$(ld "$tmp/a")
cond "  JSON-LD description is the summary ($got)" '[ "$got" = "The summary text." ]'
# A demo article never given one reads as before: the summary, cut at 200.
art=$(sqlite3 "$db" "SELECT slug FROM articles WHERE id = 1")
sum=$(sqlite3 "$db" "SELECT summary FROM articles WHERE id = 1")
fetch "$base/article/$art" "$tmp/d" >/dev/null
got=$(meta "$tmp/d" og:description)
cond "a demo article: og:description is its summary" '[ -n "$sum" ] && [ "${got:0:40}" = "${sum:0:40}" ]'

finish
