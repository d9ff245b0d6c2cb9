#!/bin/bash
# A full disk under `gazette serve` (issue 13 point 2).  The database and
# its -wal/-shm live in a small tmpfs; a filler file takes the rest of it,
# after the WAL was truncated, so the next write really needs new blocks.
#  1. a comment POST answers 503 + Retry-After with the form re-shown:
#     message, name, e-mail, website and text as typed, the same token and
#     nonce; nothing stored;
#  2. an admin article create and an update answer 503 + Retry-After with
#     every field as typed (title, slug, summary, body, category, tags,
#     status, time, featured, comments) and the message; nothing stored;
#  3. reads go on: home, article, category, search, feed answer 200;
#  4. the filler removed, without restarting gazette: the same comment
#     form is stored (303) exactly once, and sent once more it answers
#     "already received"; the same new-article form creates the article
#     (303) once, and sent once more it leads to that article ("already
#     created"); the update is saved.
set -u
. "$(dirname "$0")/../integration/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 not found: skipped"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "needs root for mount -t tmpfs: skipped"; exit 77; }

mnt=$tmp/disk
mkdir -p "$mnt"
mount -t tmpfs -o size=4m tmpfs "$mnt" || { echo "cannot mount a tmpfs: skipped"; exit 77; }
# Servers first (they hold files open), then the mount, then lib.sh's clean-up.
fault_cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	for p in "${pids[@]}"; do
		wait "$p" 2>/dev/null || true
	done
	pids=()
	umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null || true
	cleanup
}
trap fault_cleanup EXIT

db=$mnt/g.db
"$GAZETTE_BIN" init --db "$db" --demo >/dev/null 2>&1 || die "init"
echo 'editor pass 123' | "$GAZETTE_BIN" user add editor1 --role editor --password-stdin --db "$db" >/dev/null ||
	die "user add editor1"
q() { sqlite3 -cmd ".timeout 5000" "$db" "$@"; }
# Comments may be sent at once (the form's minimum time is not under test).
q "INSERT OR REPLACE INTO settings (key, value) VALUES ('comment_min_seconds', '0');"
"$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$db" >"$tmp/serve.log" 2>&1 &
pids+=($!)
port=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "no port in $tmp/serve.log"; }
base=http://127.0.0.1:$port
wait_http "$base/" || die "serve does not answer"

slug=$(q "SELECT slug FROM articles WHERE status = 'published' AND comments_open = 1 ORDER BY id LIMIT 1;")
art=/article/$slug
cat_slug=$(q "SELECT slug FROM categories ORDER BY id LIMIT 1;")
cat_id=$(q "SELECT id FROM categories ORDER BY id LIMIT 1;")
edit_id=$(q "SELECT id FROM articles ORDER BY id LIMIT 1;")

# form FILE: "token nonce" of the comment form in a page.
form() {
	python3 - "$1" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
t = re.search(r'name="token" value="([^"]*)"', page)
n = re.search(r'name="nonce" value="([^"]*)"', page)
print(t.group(1) if t else "", n.group(1) if n else "")
PY
}
# Everything typed into the comment form, with characters that must come
# back escaped.
c_name="Dora Diskfull"
c_email="dora@example.org"
c_url="https://dora.example/blog"
c_body=$'First line of a comment typed while the disk was full.\n\nSecond paragraph with <b>tags</b> & "quotes".'
post_comment() { # OUT TOKEN NONCE: prints the status
	fetch "$base$art/comments" "$1" --data-urlencode "token=$2" --data-urlencode "nonce=$3" \
		--data-urlencode "name=$c_name" --data-urlencode "email=$c_email" \
		--data-urlencode "url=$c_url" --data-urlencode "body=$c_body"
}
ncomments() { q "SELECT count(*) FROM comments WHERE author_email = '$c_email';"; }

login() {
	local jar=$1 tok
	curl -s -c "$jar" -b "$jar" -o "$tmp/lform" "$base/admin/login"
	tok=$(sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p' "$tmp/lform")
	fetch "$base/admin/login" "$tmp/login" -c "$jar" -b "$jar" --data-urlencode "login=$2" \
		--data-urlencode "password=$3" --data "login_token=$tok" >/dev/null
}
csrf_in() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -1; }
version_in() { sed -n 's/.*name="version" value="\([0-9-]*\)".*/\1/p' "$1" | head -1; }
# The article typed into the editor: every field.
a_title="Written while the disk was full"
a_slug="written-on-a-full-disk"
a_summary="A summary that must survive the full disk."
a_body=$'# Heading\n\nA body paragraph typed on a full disk, with *Markdown* & <angle> text.'
a_tags="Disk, Reliability"
a_when="2031-05-06T07:08:09"
post_article() { # URL OUT VERSION SLUG: prints the status
	fetch "$1" "$2" -b "$tmp/jar" --data "csrf=$csrf&version=$3&status=scheduled&featured=1&comments_open=1" \
		--data "form_key=$fkey" \
		--data "category_id=$cat_id" --data-urlencode "published_at=$a_when" \
		--data-urlencode "title=$a_title" --data-urlencode "slug=$4" \
		--data-urlencode "summary=$a_summary" --data-urlencode "body=$a_body" --data-urlencode "tags=$a_tags"
}
narticles() { q "SELECT count(*) FROM articles WHERE title = '$a_title';"; }
# kept FILE SLUG: every article field shows again as typed (HTML-escaped).
article_kept() {
	python3 - "$1" "$a_title" "$2" "$a_summary" "$a_body" "$a_tags" "$a_when" "$cat_id" <<'PY'
import html, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
title, slug, summary, body, tags, when, cat = sys.argv[2:]
e = lambda s: html.escape(s, quote=True).replace("&quot;", "&#34;").replace("&#x27;", "&#39;")
want = {
    "title": 'name="title" value="%s"' % e(title),
    "slug": 'name="slug" value="%s"' % e(slug),
    "summary": ">%s</textarea>" % e(summary),
    "body": ">%s</textarea>" % e(body),
    "tags": 'name="tags" value="%s"' % e(tags),
    "time": 'name="published_at" value="%s"' % e(when),
}
bad = [k for k, v in want.items() if v not in page]
if not re.search(r'<option value="%s"[^>]*selected' % cat, page): bad.append("category")
if not re.search(r'<option value="scheduled"[^>]*selected', page): bad.append("status")
if not re.search(r'name="featured"[^>]*checked', page): bad.append("featured")
if not re.search(r'name="comments_open"[^>]*checked', page): bad.append("comments_open")
print(" ".join(bad) or "all")
sys.exit(1 if bad else 0)
PY
}

step "before the disk fills"
login "$tmp/jar" editor1 'editor pass 123'
code=$(fetch "$base/admin/articles/new" "$tmp/new" -b "$tmp/jar")
csrf=$(csrf_in "$tmp/new")
fkey=$(sed -n 's/.*name="form_key" value="\([0-9a-f]*\)".*/\1/p' "$tmp/new" | head -1)
cond "editor: new-article form ($code) with a csrf token and a form key" '[ "$code" = 200 ] && [ -n "$csrf" ] && [ -n "$fkey" ]'
code=$(fetch "$base/admin/articles/$edit_id" "$tmp/edit" -b "$tmp/jar")
ver=$(version_in "$tmp/edit")
cond "editor: edit form of article $edit_id ($code), version $ver" '[ "$code" = 200 ] && [ -n "$ver" ]'
code=$(fetch "$base$art" "$tmp/a0")
read -r tok non < <(form "$tmp/a0")
cond "article page with a comment form ($code)" '[ "$code" = 200 ] && [ -n "$tok" ] && [ -n "$non" ]'
# An empty WAL: the next commit must grow it.  Nobody reads now, so the
# truncating checkpoint completes ("0|0|0").
ck=$(q "PRAGMA wal_checkpoint(TRUNCATE);")
check "WAL checkpointed and truncated ($ck)" [ "$ck" = "0|0|0" ]
dd if=/dev/zero of="$mnt/filler" bs=4k >/dev/null 2>&1
avail=$(df -k --output=avail "$mnt" | tail -1 | tr -d ' ')
check "the tmpfs is full (${avail} KiB left)" [ "$avail" = 0 ]

step "comment on a full disk"
code=$(post_comment "$tmp/c1" "$tok" "$non")
check "comment POST: 503 ($code)" [ "$code" = 503 ]
ra=$(header "$tmp/c1.h" Retry-After)
check "Retry-After ($ra)" [ -n "$ra" ]
check "says why and that nothing was lost" grep -qF 'The server could not save right now (disk full). Nothing was lost: your text is below. Try again in a minute.' "$tmp/c1"
cond "name, e-mail and website kept" 'grep -qF "value=\"$c_name\"" "$tmp/c1" && grep -qF "value=\"$c_email\"" "$tmp/c1" && grep -qF "value=\"$c_url\"" "$tmp/c1"'
cond "the text kept, escaped" 'grep -qF "Second paragraph with &lt;b&gt;tags&lt;/b&gt; &amp; &#34;quotes&#34;." "$tmp/c1"'
read -r tok2 non2 < <(form "$tmp/c1")
cond "the same token and nonce to send again" '[ "$tok2" = "$tok" ] && [ "$non2" = "$non" ]'
check "no-store" grep -qi '^cache-control:.*no-store' "$tmp/c1.h"
check "nothing stored" [ "$(ncomments)" = 0 ]

step "admin saves on a full disk"
n0=$(narticles)
code=$(post_article "$base/admin/articles" "$tmp/s1" 0 "$a_slug")
check "create: 503 ($code)" [ "$code" = 503 ]
ra=$(header "$tmp/s1.h" Retry-After)
check "create: Retry-After ($ra)" [ -n "$ra" ]
check "create: the message" grep -qF 'could not save right now (disk full). Nothing was lost' "$tmp/s1"
kept=$(article_kept "$tmp/s1" "$a_slug")
check "create: every field kept ($kept)" [ "$kept" = all ]
check "create: the same form key kept" grep -qF "name=\"form_key\" value=\"$fkey\"" "$tmp/s1"
check "create: nothing stored" [ "$(narticles)" = "$n0" ]
code=$(post_article "$base/admin/articles/$edit_id" "$tmp/u1" "$ver" "$a_slug-edited")
check "update: 503 ($code)" [ "$code" = 503 ]
check "update: Retry-After" [ -n "$(header "$tmp/u1.h" Retry-After)" ]
kept=$(article_kept "$tmp/u1" "$a_slug-edited")
check "update: every field kept ($kept)" [ "$kept" = all ]
check "update: the version it was based on kept" [ "$(version_in "$tmp/u1")" = "$ver" ]
check "update: nothing stored" [ "$(q "SELECT version FROM articles WHERE id = $edit_id;")" = "$ver" ]

step "reads on a full disk"
for path in / "$art" "/category/$cat_slug" "/search?q=the" /feed; do
	code=$(fetch "$base$path" "$tmp/r")
	check "GET $path: 200 ($code)" [ "$code" = 200 ]
done
echo "server log, faults met:"
grep -i 'full\|ioerr\|disk' "$tmp/serve.log" | sort | uniq -c | head -5

step "space again, same server"
rm -f "$mnt/filler"
code=$(post_comment "$tmp/c2" "$tok" "$non")
check "the same comment form: 303 ($code)" [ "$code" = 303 ]
check "stored once" [ "$(ncomments)" = 1 ]
code=$(post_comment "$tmp/c3" "$tok" "$non")
loc=$(header "$tmp/c3.h" Location)
cond "sent again: 303 to comment=received ($code $loc)" '[ "$code" = 303 ] && [[ "$loc" == *comment=received* ]]'
code=$(fetch "$base${loc#http://127.0.0.1:$port}" "$tmp/c3p")
check "the page says it was already received ($code)" grep -qF 'Your comment was already received, so it was not posted twice.' "$tmp/c3p"
check "still stored once" [ "$(ncomments)" = 1 ]
code=$(post_article "$base/admin/articles" "$tmp/s2" 0 "$a_slug")
loc=$(header "$tmp/s2.h" Location)
check "create again: 303 ($code $loc)" [ "$code" = 303 ]
code=$(post_article "$base/admin/articles" "$tmp/s3" 0 "$a_slug")
loc3=$(header "$tmp/s3.h" Location)
cond "the same form once more: 303 to the same article, 'exists' ($code $loc3)" \
	'[ "$code" = 303 ] && [ "${loc3%%\?*}" = "${loc%%\?*}" ] && [[ "$loc3" == *done=exists* ]]'
code=$(fetch "$base${loc3#http://127.0.0.1:$port}" "$tmp/s3p" -b "$tmp/jar")
check "it says the article was already created ($code)" grep -qF 'This article was already created from the same form, so it was not created twice.' "$tmp/s3p"
check "created exactly once" [ "$(narticles)" = $((n0 + 1)) ]
check "with what was typed" [ "$(q "SELECT slug || '|' || status || '|' || featured FROM articles WHERE title = '$a_title';")" = "$a_slug|scheduled|1" ]
code=$(post_article "$base/admin/articles/$edit_id" "$tmp/u2" "$ver" "$a_slug-edited")
check "update again: 303 ($code)" [ "$code" = 303 ]
check "update saved (version $((ver + 1)))" [ "$(q "SELECT version FROM articles WHERE id = $edit_id;")" = $((ver + 1)) ]
check "the server is the one started before the disk filled" alive "${pids[0]}"

finish
