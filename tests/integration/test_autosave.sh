#!/bin/bash
# The editor desk's server side without JavaScript (issue 16 point 2):
# draft copies through POST /admin/articles/{id}/autosave and
# /admin/articles/autosave, the offer on the editor, restoring with a plain
# GET, discarding, and the rules that keep a copy from doing harm: it never
# changes the article, Save removes it, a copy from a stale form (the
# article saved since, or a new-article form that already created its
# article) or of an article in the trash is refused, an author may not make
# one of another's article, and one editor cannot see or discard another's.
# Also the live preview endpoint (server renderer, raw HTML dropped, the
# word count, CSRF required), the revisions page's word diff (escaped), and
# a Chinese body past the 64 KiB urlencoded cap saved through the
# multipart editor form.
set -u
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 not found: skip"; exit 77; }

db=$tmp/g.db
now=$(date +%s)
export GAZETTE_TEST_CLOCK=$tmp/clock
echo "$now" >"$GAZETTE_TEST_CLOCK"
tick() { now=$((now + $1)); echo "$now" >"$GAZETTE_TEST_CLOCK"; }
"$GAZETTE_BIN" init --db "$db" --demo >/dev/null 2>&1 || die "init"
for u in editor1:editor editor2:editor author1:author; do
	echo 'desk pass 12345' | "$GAZETTE_BIN" user add "${u%%:*}" --role "${u##*:}" --password-stdin \
		--db "$db" >/dev/null || die "user add $u"
done
(cd "$src" && GAZETTE_STRICT=1 exec "$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$db") \
	>"$tmp/serve.log" 2>&1 &
pids+=($!)
port=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "no port"; }
base=http://127.0.0.1:$port
wait_http "$base/" || die "serve does not answer"

login() {
	local jar=$1 tok
	curl -s -c "$jar" -b "$jar" -o "$tmp/form" "$base/admin/login"
	tok=$(sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p' "$tmp/form")
	fetch "$base/admin/login" "$tmp/login" -c "$jar" -b "$jar" --data-urlencode "login=$2" \
		--data-urlencode "password=desk pass 12345" --data "login_token=$tok" >/dev/null
}
csrf_in() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -1; }
field_in() { sed -n "s/.*name=\"$2\" value=\"\\([^\"]*\\)\".*/\\1/p" "$1" | head -1; }
q() { sqlite3 "$db" "$1"; }

art=$(q "SELECT id FROM articles WHERE status = 'published' ORDER BY id LIMIT 1")
title0=$(q "SELECT title FROM articles WHERE id = $art")
login "$tmp/e1" editor1
login "$tmp/e2" editor2
login "$tmp/a1" author1
fetch "$base/admin/articles/$art" "$tmp/ed" -b "$tmp/e1" >/dev/null
csrf=$(csrf_in "$tmp/ed")
ver=$(field_in "$tmp/ed" version)

step "a draft copy never touches the article"
code=$(fetch "$base/admin/articles/$art/autosave" "$tmp/as" -b "$tmp/e1" -F "csrf=$csrf" \
	-F "version=$ver" -F "title=Autosaved <title>" -F $'body=Draft **words** only\n\nSecond line' \
	-F "status=published" -F "action=save")
cond "multipart copy: 200 ($code), says when" '[ "$code" = 200 ] && grep -q "Draft copy saved at <time" "$tmp/as"'
cond "the article is unchanged" '[ "$(q "SELECT title FROM articles WHERE id = $art")" = "$title0" ]'
cond "one copy stored, without the token or the button" \
	'[ "$(q "SELECT count(*) FROM autosaves WHERE article_id = $art")" = 1 ] && ! q "SELECT form FROM autosaves" | grep -q "csrf\|action="'
code=$(fetch "$base/admin/articles/$art/autosave" "$tmp/as" -b "$tmp/e1" --data "csrf=$csrf&version=$ver" \
	--data-urlencode "title=Autosaved <title>" --data-urlencode $'body=Draft **words** only\n\nSecond line, again')
cond "urlencoded copy replaces it: 200 ($code), still one row" \
	'[ "$code" = 200 ] && [ "$(q "SELECT count(*) FROM autosaves")" = 1 ]'
code=$(fetch "$base/admin/articles/$art/autosave" "$tmp/as" -b "$tmp/e1" --data "version=$ver&title=x")
cond "no CSRF token: 403 ($code)" '[ "$code" = 403 ]'
code=$(fetch "$base/admin/articles/$art/autosave" "$tmp/as" -b "$tmp/e1" --data "csrf=$csrf&version=x&title=x")
cond "a malformed version: 400 ($code) with the reason" '[ "$code" = 400 ] && grep -q "could not be read" "$tmp/as"'

step "the offer, without JavaScript"
tick 60
fetch "$base/admin/articles/$art" "$tmp/ed2" -b "$tmp/e1" >/dev/null
id=$(q "SELECT id FROM autosaves WHERE article_id = $art")
cond "the editor offers the copy (restore link, discard form)" \
	'grep -q "was saved automatically" "$tmp/ed2" && grep -q "href=\"/admin/articles/$art?restore=$id\"" "$tmp/ed2" && grep -q "action=\"/admin/autosaves/$id/discard\"" "$tmp/ed2"'
fetch "$base/admin/articles/$art" "$tmp/other" -b "$tmp/e2" >/dev/null
cond "another editor is not offered it" '! grep -q "autosave-offer" "$tmp/other"'
code=$(fetch "$base/admin/articles/$art?restore=$id" "$tmp/rs" -b "$tmp/e1")
cond "restore: 200 ($code), the copy in the form (escaped), marked unsaved" \
	'[ "$code" = 200 ] && grep -q "value=\"Autosaved &lt;title&gt;\"" "$tmp/rs" && grep -q "Second line, again" "$tmp/rs" && grep -q "data-restored=\"1\"" "$tmp/rs"'
code=$(fetch "$base/admin/articles/$art?restore=$id" "$tmp/rs2" -b "$tmp/e2")
cond "another editor's restore of it: the saved text and a notice ($code)" \
	'[ "$code" = 200 ] && grep -q "no longer there" "$tmp/rs2" && ! grep -q "Second line, again" "$tmp/rs2"'
csrf2=$(csrf_in "$tmp/other")
code=$(fetch "$base/admin/autosaves/$id/discard" "$tmp/dx" -b "$tmp/e2" --data "csrf=$csrf2")
cond "another editor's discard: 303 ($code), the copy stays" \
	'[ "$code" = 303 ] && [ "$(q "SELECT count(*) FROM autosaves WHERE id = $id")" = 1 ]'

step "authors: only their own articles"
fetch "$base/admin/articles/new" "$tmp/an" -b "$tmp/a1" >/dev/null
acsrf=$(csrf_in "$tmp/an")
code=$(fetch "$base/admin/articles/$art/autosave" "$tmp/as" -b "$tmp/a1" --data "csrf=$acsrf&version=$ver&title=x")
cond "an author's copy of an editor's article: 403 ($code), nothing stored" \
	'[ "$code" = 403 ] && [ "$(q "SELECT count(*) FROM autosaves WHERE user_id = (SELECT id FROM users WHERE login = '"'author1'"')")" = 0 ]'

step "Save removes the copy; a copy from the stale form is refused"
code=$(fetch "$base/admin/articles/$art" "$tmp/sv" -b "$tmp/e1" -F "csrf=$csrf" -F "version=$ver" \
	-F "title=Saved after the copy" -F $'body=Saved **text** here\n\nSecond line' -F "status=published" -F "action=save")
cond "save: 303 ($code)" '[ "$code" = 303 ]'
cond "the copy is gone" '[ "$(q "SELECT count(*) FROM autosaves WHERE article_id = $art")" = 0 ]'
code=$(fetch "$base/admin/articles/$art/autosave" "$tmp/as" -b "$tmp/e1" --data "csrf=$csrf&version=$ver&title=late")
cond "a late copy from the old form: 409 ($code), says why, nothing stored" \
	'[ "$code" = 409 ] && grep -q "saved since this page was loaded" "$tmp/as" && [ "$(q "SELECT count(*) FROM autosaves")" = 0 ]'

step "the revisions page: word by word, escaped"
tick 10
ver2=$(q "SELECT version FROM articles WHERE id = $art")
fetch "$base/admin/articles/$art" "$tmp/sv" -b "$tmp/e1" -F "csrf=$csrf" -F "version=$ver2" \
	-F "title=Saved after the copy" -F $'body=Saved **<b>prose</b>** here\n\nSecond line' -F "status=published" -F "action=save" >/dev/null
code=$(fetch "$base/admin/articles/$art/revisions" "$tmp/rev" -b "$tmp/e1")
cond "revisions: 200 ($code), <del>text</del><ins>&lt;b&gt;prose&lt;/b&gt;</ins>" \
	'[ "$code" = 200 ] && grep -q "<del>text</del><ins>&lt;b&gt;prose&lt;/b&gt;</ins>" "$tmp/rev"'

step "trash: no copies"
trash=$(q "SELECT id FROM articles WHERE status = 'published' AND id != $art ORDER BY id LIMIT 1")
fetch "$base/admin/articles/$trash" "$tmp/tr" -b "$tmp/e1" >/dev/null
tver=$(field_in "$tmp/tr" version)
fetch "$base/admin/articles/$trash" "$tmp/tr2" -b "$tmp/e1" --data "csrf=$csrf&version=$tver&action=trash" >/dev/null
code=$(fetch "$base/admin/articles/$trash/autosave" "$tmp/as" -b "$tmp/e1" \
	--data "csrf=$csrf&version=$(q "SELECT version FROM articles WHERE id = $trash")&title=x")
cond "a copy of an article in the trash: 409 ($code)" '[ "$code" = 409 ] && grep -q "in the trash" "$tmp/as"'

step "a new article: copy, offer, restore, create once"
fetch "$base/admin/articles/new" "$tmp/new" -b "$tmp/e1" >/dev/null
key=$(field_in "$tmp/new" form_key)
code=$(fetch "$base/admin/articles/autosave" "$tmp/as" -b "$tmp/e1" --data "csrf=$csrf&form_key=$key&status=draft" \
	--data-urlencode "title=Never saved story" --data-urlencode "body=Its only words")
cond "new-article copy: 200 ($code)" '[ "$code" = 200 ] && [ "$(q "SELECT count(*) FROM autosaves WHERE form_key = '"'$key'"'")" = 1 ]'
code=$(fetch "$base/admin/articles/autosave" "$tmp/as" -b "$tmp/e1" --data "csrf=$csrf&form_key=nothex&title=x")
cond "a malformed form key: 400 ($code)" '[ "$code" = 400 ]'
tick 10
fetch "$base/admin/articles/new" "$tmp/new2" -b "$tmp/e1" >/dev/null
nid=$(q "SELECT id FROM autosaves WHERE form_key = '$key'")
cond "the next New article form offers it" 'grep -q "href=\"/admin/articles/new?restore=$nid\"" "$tmp/new2" && grep -q "Never saved story" "$tmp/new2"'
fetch "$base/admin/articles/new?restore=$nid" "$tmp/new3" -b "$tmp/e1" >/dev/null
cond "restored with the copy's form key" '[ "$(field_in "$tmp/new3" form_key)" = "$key" ] && grep -q "Its only words" "$tmp/new3"'
code=$(fetch "$base/admin/articles" "$tmp/cr" -b "$tmp/e1" -F "csrf=$csrf" -F "form_key=$key" -F "status=draft" \
	-F "title=Never saved story" -F "body=Its only words" -F "action=save")
cond "create: 303 ($code), the copy gone" '[ "$code" = 303 ] && [ "$(q "SELECT count(*) FROM autosaves")" = 0 ]'
code=$(fetch "$base/admin/articles/autosave" "$tmp/as" -b "$tmp/e1" --data "csrf=$csrf&form_key=$key&title=late")
cond "a late copy from that form: 409 ($code)" '[ "$code" = 409 ] && [ "$(q "SELECT count(*) FROM autosaves")" = 0 ]'

step "discard"
fetch "$base/admin/articles/autosave" "$tmp/as" -b "$tmp/e1" --data "csrf=$csrf&form_key=$(printf '%032d' 7)&title=Drop+me" >/dev/null
did=$(q "SELECT id FROM autosaves WHERE title = 'Drop me'")
code=$(fetch "$base/admin/autosaves/$did/discard" "$tmp/dc" -b "$tmp/e1" --data "csrf=$csrf")
cond "discard: 303 ($code) to the New article form, the copy gone" \
	'[ "$code" = 303 ] && header "$tmp/dc.h" Location | grep -q "/admin/articles/new?done=discarded" && [ "$(q "SELECT count(*) FROM autosaves")" = 0 ]'
code=$(fetch "$base/admin/autosaves/$did/discard" "$tmp/dc" -b "$tmp/e1" --data "x=1")
cond "discard without the token: 403 ($code)" '[ "$code" = 403 ]'

step "the live preview"
code=$(fetch "$base/admin/preview" "$tmp/pv" -b "$tmp/e1" -F "csrf=$csrf" \
	-F $'body=Hello *desk* 今天天气很好\n\n<script>alert(1)</script>\n\n| a | b |\n|---|---|\n| 1 | 2 |')
cond "preview: 200 ($code), rendered, raw HTML dropped, table" \
	'[ "$code" = 200 ] && grep -q "<em>desk</em>" "$tmp/pv" && ! grep -q "<script>alert" "$tmp/pv" && grep -q "<td>1</td>" "$tmp/pv"'
cond "preview: the word count of the Markdown, Chinese characters one each (Hello, desk, 6 characters, 4 in the script line, 4 cells = 16)" 'grep -q "16 words · 1 minute to read" "$tmp/pv"'
code=$(fetch "$base/admin/preview" "$tmp/pv" -b "$tmp/e1" -F "body=x")
cond "preview without the token: 403 ($code)" '[ "$code" = 403 ]'

step "a long Chinese body through the multipart form"
python3 -c 'print("港区新常态来了，排队的船少了。" * 6000)' >"$tmp/long.txt"
bytes=$(wc -c <"$tmp/long.txt")
ver3=$(q "SELECT version FROM articles WHERE id = $art")
code=$(fetch "$base/admin/articles/$art" "$tmp/sv" -b "$tmp/e1" -F "csrf=$csrf" -F "version=$ver3" \
	-F "title=Long Chinese body" -F "body=<$tmp/long.txt" -F "status=published" -F "action=save")
cond "a $bytes-byte body (about $((bytes * 3)) bytes urlencoded) saves: 303 ($code)" \
	'[ "$code" = 303 ] && [ "$(q "SELECT length(body) FROM articles WHERE id = $art")" -ge 90000 ]'

step "the server log"
cond "no template or runtime errors" '! grep -E "render|runtime error|AddressSanitizer" "$tmp/serve.log"'

echo
echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
