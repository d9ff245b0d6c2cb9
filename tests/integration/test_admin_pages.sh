#!/bin/bash
# Admin pages that sit between the other admin areas: editing the Privacy &
# Cookies Policy (an editable page; preview, validation, save, the public
# page changes) and comment moderation through the real session (pending
# queue with the verdict reasons, approve, the comment appears on the
# article, then spam).  Authors may do neither.
set -u
. "$(dirname "$0")/lib.sh"

port=$(free_port)
base=http://127.0.0.1:$port
db=$tmp/g.db
"$GAZETTE_BIN" init --db "$db" --demo >/dev/null 2>&1 || die "init"
echo 'admin pass 123' | "$GAZETTE_BIN" user add boss --role admin --password-stdin --db "$db" >/dev/null
echo 'author pass 123' | "$GAZETTE_BIN" user add writer --role author --password-stdin --db "$db" >/dev/null
"$GAZETTE_BIN" serve --listen "127.0.0.1:$port" --db "$db" >"$tmp/serve.log" 2>&1 &
pids+=($!)
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
code=$(fetch "$base/admin/pages/privacy" "$tmp/x" -b "$tmp/ja" --data "title=X&body=Y")
check "save without the CSRF token: 403 ($code)" [ "$code" = 403 ]
login "$tmp/jw" writer 'author pass 123'
code=$(fetch "$base/admin/pages/privacy" "$tmp/x" -b "$tmp/jw")
check "an author cannot edit pages: 403 ($code)" [ "$code" = 403 ]

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

finish
