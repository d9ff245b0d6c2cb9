#!/bin/bash
# Reader comments through `gazette serve` (issue 5):
#  1. the form under an article: labels, hidden token/nonce/parent, the
#     honeypot, the spam line and the privacy link; "save my details" only
#     with accepted consent;
#  2. the signed token: the default comment_min_seconds (3) refuses a post
#     sent at once; forged tokens, tokens of another article refused;
#  3. validation: messages by the fields, typed text kept (escaped); the
#     textarea's maxlength follows comment_max_length;
#  4. moderation: a new author is held (303 to the notice), approved via
#     sqlite3, then the same e-mail is shown at once (303 to #comment-N);
#     more than comment_max_links links held; blocklist to spam;
#  5. a threaded reply shown nested; duplicate nonce and duplicate text
#     stored once; honeypot refused; closed and unknown articles;
#     cross-site posts; rate limit per client;
#  6. hostile text and author URLs escaped in the page, javascript: refused,
#     comment text absent from feeds;
#  7. the commenter cookie: only with consent, HttpOnly, SameSite=Lax,
#     prefills the form and makes the page uncacheable;
#  8. 200 comments posted in parallel on one article, each also retried:
#     all stored exactly once, every answer a 303.
set -u
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 not found: skipped"; exit 77; }

db=$tmp/g.db
"$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$db" >"$tmp/serve.log" 2>&1 &
pids+=($!)
port=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "no port in $tmp/serve.log"; }
base=http://127.0.0.1:$port
wait_http "$base/" || die "serve does not answer"

q() { sqlite3 -cmd ".timeout 5000" "$db" "$@"; }
setting() { q "INSERT OR REPLACE INTO settings (key, value) VALUES ('$1', '$2');"; }
# Reader-visible change made behind Gazette's back: bump the generation too.
approve() { q "UPDATE comments SET status = 'approved' WHERE id = $1; UPDATE generation SET value = value + 1;"; }

slug=$(q "SELECT slug FROM articles WHERE id = 1;")
art=/article/$slug
other=/article/$(q "SELECT slug FROM articles WHERE id = 2;")
closed=/article/$(q "SELECT slug FROM articles WHERE comments_open = 0 AND status = 'published' LIMIT 1;")

# form FILE: "token nonce" from a page.
form() {
	python3 - "$1" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
t = re.search(r'name="token" value="([^"]*)"', page)
n = re.search(r'name="nonce" value="([^"]*)"', page)
print(t.group(1) if t else "", n.group(1) if n else "")
PY
}
# post PATH OUT TOKEN NONCE [curl --data-urlencode args...]: prints the status.
post() {
	local path=$1 out=$2 tok=$3 non=$4
	shift 4
	fetch "$base$path/comments" "$out" --data-urlencode "token=$tok" --data-urlencode "nonce=$non" "$@"
}
# fresh PATH: a form for PATH as "token nonce".
fresh() {
	fetch "$base$1" "$tmp/fresh" >/dev/null
	form "$tmp/fresh"
}

step "the form"
code=$(fetch "$base$art" "$tmp/a")
check "article 200 ($code)" [ "$code" = 200 ]
check "form posts to the comments URL" grep -qF "<form method=\"post\" action=\"$art/comments#respond\"" "$tmp/a"
for f in body name email url; do
	check "label and field: $f" grep -qE "<label for=\"comment-$f\">" "$tmp/a"
done
check "email not published line" grep -qF 'Your email address will not be published' "$tmp/a"
check "hidden token" grep -qE 'type="hidden" name="token" value="[0-9]+\.[0-9a-f]{64}"' "$tmp/a"
check "hidden nonce" grep -qE 'type="hidden" name="nonce" value="[0-9a-f]{32}"' "$tmp/a"
check "hidden parent" grep -qF 'type="hidden" name="parent" value="0"' "$tmp/a"
check "honeypot hidden by class" grep -qF '<div class="hp" aria-hidden="true">' "$tmp/a"
check "spam line" grep -qF 'filters spam on its own server' "$tmp/a"
check "privacy link" grep -qF '<a href="/privacy#comments">Learn how your comment data is processed</a>' "$tmp/a"
check "no save box without consent" sh -c "! grep -q 'name=\"save\"' '$tmp/a'"
check "comments have anchors" grep -qE '<li id="comment-[0-9]+">' "$tmp/a"
check "avatars are local initials" grep -qE '<span class="avatar avatar-[0-7]" aria-hidden="true">[A-Z]{1,2}</span>' "$tmp/a"
check "no avatar images from elsewhere" sh -c "! grep -qiE 'gravatar|<img[^>]*avatar' '$tmp/a'"
check "reply links" grep -qE 'href="\?reply=[0-9]+#respond"' "$tmp/a"
fetch "$base/consent" "$tmp/c" --data "choice=accept&next=/" >/dev/null
consent=$(header "$tmp/c.h" set-cookie | sed 's/;.*//')
fetch "$base$art" "$tmp/a2" -H "Cookie: $consent" >/dev/null
check "save box with consent" grep -qF 'Save my name, email, and website in this browser for the next time I comment.' "$tmp/a2"

step "the token"
read -r tok non < <(form "$tmp/a2")
code=$(post "$art" "$tmp/fast" "$tok" "$non" --data-urlencode "name=Quick" \
	--data-urlencode "email=quick@example.org" --data-urlencode "body=Too fast to be true")
check "default min delay refuses an instant post ($code)" [ "$code" = 400 ]
check "says why" grep -qF 'quicker than anyone can type' "$tmp/fast"
check "keeps the text" grep -qF '>Too fast to be true</textarea>' "$tmp/fast"
check "not stored" [ "$(q "SELECT count(*) FROM comments WHERE author_name = 'Quick';")" = 0 ]
setting comment_min_seconds 0
setting comment_rate_client 100000
setting comment_rate_article 100000
# Change the token's last character (to one it is not: a fixed '0' would
# leave one token in sixteen unchanged).
if [ "${tok: -1}" = 0 ]; then forged="${tok%?}1"; else forged="${tok%?}0"; fi
code=$(post "$art" "$tmp/forged" "$forged" "$non" --data-urlencode "name=F" \
	--data-urlencode "email=f@example.org" --data-urlencode "body=forged")
check "forged token refused ($code)" [ "$code" = 400 ]
code=$(post "$other" "$tmp/oth" "$tok" "$non" --data-urlencode "name=F" \
	--data-urlencode "email=f@example.org" --data-urlencode "body=wrong article")
check "token of another article refused ($code)" [ "$code" = 400 ]
code=$(post "$art" "$tmp/nt" "" "" --data-urlencode "name=F" \
	--data-urlencode "email=f@example.org" --data-urlencode "body=no token")
check "missing token refused ($code)" [ "$code" = 400 ]
check "expired-form message" grep -qF 'This form had expired or was damaged' "$tmp/nt"
check "nothing stored" [ "$(q "SELECT count(*) FROM comments WHERE author_email = 'f@example.org';")" = 0 ]

step "validation"
read -r tok non < <(fresh "$art")
long=$(python3 -c 'print("x" * 5001)')
code=$(post "$art" "$tmp/v" "$tok" "$non" --data-urlencode "name=" \
	--data-urlencode "email=not-an-email" --data-urlencode "url=javascript:alert(1)" \
	--data-urlencode "body=$long")
check "422 ($code)" [ "$code" = 422 ]
check "name message by its field" grep -qF 'id="comment-name-error">Please enter your name.' "$tmp/v"
check "email message" grep -qF 'id="comment-email-error">Please enter a valid email address' "$tmp/v"
check "url message" grep -qF 'id="comment-url-error">The website must be an http:// or https:// address.' "$tmp/v"
check "body too long" grep -qF 'id="comment-body-error">The comment is too long (5001 characters; at most 5000).' "$tmp/v"
check "typed email kept" grep -qF 'value="not-an-email"' "$tmp/v"
check "typed url kept as text" grep -qF 'value="javascript:alert(1)"' "$tmp/v"
check "fields marked invalid" grep -qF 'aria-invalid="true"' "$tmp/v"
check "422 page is not cached" [ "$(header "$tmp/v.h" cache-control)" = no-store ]
code=$(post "$art" "$tmp/v2" "$tok" "$non" --data-urlencode "name=Bell$(printf '\a')" \
	--data-urlencode "email=a@b.example" --data-urlencode "url=ftp://x.example" \
	--data-urlencode "body=   ")
check "control character, ftp URL, blank body: 422 ($code)" [ "$code" = 422 ]
check "control character named" grep -qF 'name holds characters that are not allowed' "$tmp/v2"
check "blank body named" grep -qF 'Please write a comment.' "$tmp/v2"
code=$(fetch "$base$art/comments" "$tmp/v3" --data "token=$tok&nonce=$non&name=A&email=a%40b.example&body=%FF")
check "invalid UTF-8 refused ($code)" [ "$code" = 400 ]
code=$(post "$art" "$tmp/v4" "$tok" "$non" --data-urlencode "name=A" --data-urlencode "email=a@b.example" \
	--data-urlencode "body=one" --data-urlencode "body=two")
check "field sent twice: 422 ($code)" [ "$code" = 422 ]
check "nothing stored by validation failures" [ "$(q "SELECT count(*) FROM comments WHERE author_email IN ('not-an-email', 'a@b.example');")" = 0 ]
check "the textarea's maxlength is the default 5000" grep -qF 'name="body" rows="6" maxlength="5000" required' "$tmp/v"
# The limit follows the setting, in the form and on posting alike (set
# behind Gazette's back: bump the generation as the settings page does).
setting comment_max_length 120
q "UPDATE generation SET value = value + 1;"
code=$(fetch "$base$art" "$tmp/ml")
check "maxlength follows comment_max_length ($code)" grep -qF 'name="body" rows="6" maxlength="120" required' "$tmp/ml"
read -r tok non < <(form "$tmp/ml")
code=$(post "$art" "$tmp/ml2" "$tok" "$non" --data-urlencode "name=Long" \
	--data-urlencode "email=long@example.org" --data-urlencode "body=$(python3 -c 'print("y" * 121)')")
cond "121 bytes over a limit of 120: 422 ($code) with the limit named" \
	'[ "$code" = 422 ] && grep -qF "(121 characters; at most 120)" "$tmp/ml2"'
check "the re-shown form keeps maxlength 120" grep -qF 'maxlength="120"' "$tmp/ml2"
setting comment_max_length 0
q "UPDATE generation SET value = value + 1;"
fetch "$base$art" "$tmp/ml3" >/dev/null
check "a nonsense setting reads as the default" grep -qF 'maxlength="5000"' "$tmp/ml3"
q "DELETE FROM settings WHERE key = 'comment_max_length'; UPDATE generation SET value = value + 1;"

step "moderation"
read -r tok non < <(fresh "$art")
code=$(post "$art" "$tmp/m1" "$tok" "$non" --data-urlencode "name=Nora Newcomer" \
	--data-urlencode "email=Nora@Example.org" --data-urlencode "body=First time here.")
check "new author: 303 ($code)" [ "$code" = 303 ]
check "to the held notice" [ "$(header "$tmp/m1.h" location)" = "$art?comment=held#respond" ]
id=$(q "SELECT id FROM comments WHERE author_email = 'nora@example.org';")
check "stored pending" [ "$(q "SELECT status FROM comments WHERE id = $id;")" = pending ]
check "with its reasons" grep -q 'new author' <<<"$(q "SELECT reasons FROM comments WHERE id = $id;")"
check "client address stored hashed" [ "$(q "SELECT length(client_hash) FROM comments WHERE id = $id;")" = 16 ]
fetch "$base$art?comment=held" "$tmp/held" >/dev/null
check "notice shown" grep -qF 'Your comment is awaiting moderation' "$tmp/held"
check "pending comment not shown" sh -c "! grep -qF 'First time here.' '$tmp/held'"
before=$(fetch "$base/" "$tmp/home" >/dev/null; q "SELECT count(*) FROM comments WHERE article_id = 1 AND status = 'approved';")
approve "$id"
fetch "$base$art" "$tmp/ap" >/dev/null
check "approved comment shown at its anchor" grep -qF "<li id=\"comment-$id\">" "$tmp/ap"
read -r tok non < <(form "$tmp/ap")
code=$(post "$art" "$tmp/m2" "$tok" "$non" --data-urlencode "name=Nora Newcomer" \
	--data-urlencode "email=nora@example.org" --data-urlencode "body=Back again.")
id2=$(q "SELECT id FROM comments WHERE body = 'Back again.';")
check "known author: 303 to the comment ($code)" [ "$(header "$tmp/m2.h" location)" = "$art#comment-$id2" ]
check "approved at once" [ "$(q "SELECT status FROM comments WHERE id = $id2;")" = approved ]
fetch "$base$art" "$tmp/ap2" >/dev/null
check "shown" grep -qF 'Back again.' "$tmp/ap2"
read -r tok non < <(form "$tmp/ap2")
post "$art" "$tmp/m3" "$tok" "$non" --data-urlencode "name=Nora Newcomer" \
	--data-urlencode "email=nora@example.org" \
	--data-urlencode "body=See http://a.example and http://b.example and http://c.example" >/dev/null
check "3 links held" [ "$(q "SELECT status || ' ' || reasons FROM comments WHERE body LIKE 'See http%';" | cut -d' ' -f1-4)" = "pending held: 3 links;" ]
setting comment_blocklist "$(printf 'casino\nviagra')"
post "$art" "$tmp/m4" "$tok" "$non" --data-urlencode "name=Nora Newcomer" \
	--data-urlencode "email=nora@example.org" --data-urlencode "body=Try the Casino tonight" >/dev/null
check "blocklist: 303 to the same notice" [ "$(header "$tmp/m4.h" location)" = "$art?comment=held#respond" ]
check "blocklist: kept in spam with reason" grep -q 'spam|spam: blocklist "casino"' <<<"$(q "SELECT status, reasons FROM comments WHERE body = 'Try the Casino tonight';")"
n=$(q "SELECT count(*) FROM comments WHERE article_id = 1 AND status = 'approved';")
all=$(q "SELECT count(*) FROM comments WHERE article_id = 1;")
cat=$(q "SELECT c.slug FROM categories c JOIN articles a ON a.category_id = c.id WHERE a.id = 1;")
fetch "$base/category/$cat" "$tmp/cat" >/dev/null
shown=$(python3 - "$tmp/cat" "$slug" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
at = page.find('href="/article/%s"' % sys.argv[2])
m = re.search(r"(\d+) comments?</p>", page[at:at + 2000]) if at >= 0 else None
print(m.group(1) if m else "none")
PY
)
cond "listing counts approved only (shows $shown, approved $n, all $all)" '[ "$shown" = "$n" ] && [ "$n" != "$all" ]'

step "threads"
fetch "$base$art?reply=$id" "$tmp/r" >/dev/null
check "reply form names the parent" grep -qF "type=\"hidden\" name=\"parent\" value=\"$id\"" "$tmp/r"
check "reply heading" grep -qF 'Reply to Nora Newcomer' "$tmp/r"
read -r tok non < <(form "$tmp/r")
post "$art" "$tmp/r1" "$tok" "$non" --data-urlencode "name=Nora Newcomer" --data-urlencode "email=nora@example.org" \
	--data-urlencode "parent=$id" --data-urlencode "body=Replying to myself." >/dev/null
rid=$(q "SELECT id FROM comments WHERE body = 'Replying to myself.';")
check "reply stored under its parent" [ "$(q "SELECT parent_id FROM comments WHERE id = $rid;")" = "$id" ]
post "$art" "$tmp/r2" "$tok" "$non" --data-urlencode "name=Nora Newcomer" --data-urlencode "email=nora@example.org" \
	--data-urlencode "parent=$rid" --data-urlencode "body=Second level." >/dev/null
fetch "$base$art" "$tmp/t" >/dev/null
check "reply nested in the parent's list" python3 - "$tmp/t" "$id" "$rid" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
p, r = sys.argv[2], sys.argv[3]
start = page.index('<li id="comment-%s">' % p)
inner = page.index('<li id="comment-%s">' % r)
# between the parent and its reply: the parent's own nested <ol>
sys.exit(0 if start < inner and "<ol>" in page[start:inner] and "Second level." in page[inner:] else 1)
PY
code=$(post "$art" "$tmp/r3" "$tok" "$non" --data-urlencode "name=Nora Newcomer" --data-urlencode "email=nora@example.org" \
	--data-urlencode "parent=999999" --data-urlencode "body=Orphan.")
check "reply to a missing comment: 422 ($code)" [ "$code" = 422 ]

step "exactly once"
read -r tok non < <(fresh "$art")
for i in 1 2; do
	code=$(post "$art" "$tmp/d$i" "$tok" "$non" --data-urlencode "name=Retry Rita" \
		--data-urlencode "email=rita@example.org" --data-urlencode "body=Posted twice by a retry.")
	check "post $i: 303 ($code)" [ "$code" = 303 ]
done
check "stored once" [ "$(q "SELECT count(*) FROM comments WHERE author_email = 'rita@example.org';")" = 1 ]
# (A new URL, so not the cached page with the same nonce: that would be a retry.)
read -r tok non < <(fresh "$art?fresh=1")
code=$(post "$art" "$tmp/d3" "$tok" "$non" --data-urlencode "name=Retry Rita" \
	--data-urlencode "email=rita@example.org" --data-urlencode "body=Posted twice by a retry.")
check "same text from a fresh form: 409 ($code)" [ "$code" = 409 ]
check "says so" grep -qF 'You have already posted this comment' "$tmp/d3"
check "still once" [ "$(q "SELECT count(*) FROM comments WHERE author_email = 'rita@example.org';")" = 1 ]

step "refusals"
read -r tok non < <(fresh "$art")
code=$(post "$art" "$tmp/hp" "$tok" "$non" --data-urlencode "name=Bot" --data-urlencode "email=bot@example.org" \
	--data-urlencode "homepage=http://spam.example" --data-urlencode "body=I am a bot")
check "honeypot: 400 ($code)" [ "$code" = 400 ]
check "honeypot: not stored" [ "$(q "SELECT count(*) FROM comments WHERE author_email = 'bot@example.org';")" = 0 ]
code=$(post "$art" "$tmp/xs" "$tok" "$non" -H "Origin: http://evil.example" --data-urlencode "name=X" \
	--data-urlencode "email=x@example.org" --data-urlencode "body=cross-site")
check "cross-site post: 403 ($code)" [ "$code" = 403 ]
code=$(post "/article/no-such-article" "$tmp/nf" "$tok" "$non" --data-urlencode "name=X" \
	--data-urlencode "email=x@example.org" --data-urlencode "body=nowhere")
check "unknown article: 404 ($code)" [ "$code" = 404 ]
if [ "$closed" != /article/ ]; then
	read -r ctok cnon < <(fresh "$closed")
	code=$(post "$closed" "$tmp/cl" "$ctok" "$cnon" --data-urlencode "name=X" \
		--data-urlencode "email=x@example.org" --data-urlencode "body=closed")
	check "closed article: 403 ($code)" [ "$code" = 403 ]
	check "closed article: says so" grep -qF 'Comments are closed on this article.' "$tmp/cl"
	check "closed article: no form" sh -c "! grep -q 'name=\"token\"' '$tmp/cl'"
fi
code=$(fetch "$base$art/comments" "$tmp/get")
check "GET on the comments URL: 405 ($code)" [ "$code" = 405 ]
setting comment_rate_client 2
read -r tok non < <(fresh "$other")
codes=""
for i in 1 2 3; do
	codes="$codes $(post "$other" "$tmp/rl$i" "$tok" "$non" --data-urlencode "name=Rate" \
		--data-urlencode "email=rate$i@example.org" --data-urlencode "body=rate $i")"
done
# The client already posted more than 2 in the window: refused with 429.
check "rate limit per client: 429 ($codes)" grep -q 429 <<<"$codes"
check "rate limit: text kept" grep -qF '>rate 3</textarea>' "$tmp/rl3"
check "rate limit: Retry-After" [ -n "$(header "$tmp/rl3.h" retry-after)" ]
setting comment_rate_client 100000

step "hostile text"
read -r tok non < <(fresh "$art")
post "$art" "$tmp/h1" "$tok" "$non" --data-urlencode 'name=<b>Mallory</b>"' \
	--data-urlencode "email=mallory@example.org" --data-urlencode 'url=https://evil.example/?a=1&b=<x>' \
	--data-urlencode 'body=<script>alert(1)</script>' >/dev/null
check "URL with < refused" grep -qF 'The website must be an http:// or https:// address.' "$tmp/h1"
post "$art" "$tmp/h2" "$tok" "$non" --data-urlencode 'name=<b>Mallory</b>"' \
	--data-urlencode "email=mallory@example.org" --data-urlencode "url=https://evil.example/?a=1&b='2'" \
	--data-urlencode 'body=<script>alert(1)</script>
<img src=x onerror=alert(2)>' >/dev/null
hid=$(q "SELECT id FROM comments WHERE author_email = 'mallory@example.org';")
check "hostile comment stored" [ -n "$hid" ]
approve "$hid"
fetch "$base$art" "$tmp/h" >/dev/null
check "script escaped" grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$tmp/h"
check "no live script" sh -c "! grep -qF '<script>alert(1)' '$tmp/h'"
check "no live img" sh -c "! grep -qF '<img src=x' '$tmp/h'"
check "name escaped" grep -qF '&lt;b&gt;Mallory&lt;/b&gt;&#34;' "$tmp/h" || grep -qF '&lt;b&gt;Mallory&lt;/b&gt;&quot;' "$tmp/h"
check "author URL escaped in href" grep -qE 'href="https://evil\.example/\?a=1&amp;b=(&#39;|%27)2(&#39;|%27)" rel="ugc' "$tmp/h"
check "line break kept as <br>" grep -qF '&lt;/script&gt;<br>' "$tmp/h"
read -r tok non < <(form "$tmp/h")
code=$(post "$art" "$tmp/h3" "$tok" "$non" --data-urlencode "name=J" --data-urlencode "email=j@example.org" \
	--data-urlencode "url=JavaScript:alert(document.cookie)" --data-urlencode "body=js url")
check "javascript: URL refused ($code)" [ "$code" = 422 ]
check "not stored" [ "$(q "SELECT count(*) FROM comments WHERE author_email = 'j@example.org';")" = 0 ]
for f in /feed /feed/atom; do
	fetch "$base$f" "$tmp/feed" >/dev/null
	check "$f: no comment text" sh -c "! grep -qiE 'alert\\(1\\)|Mallory|Back again' '$tmp/feed'"
done

step "save my details"
read -r tok non < <(fresh "$art")
post "$art" "$tmp/s0" "$tok" "$non" --data-urlencode "name=No Consent" --data-urlencode "email=nc@example.org" \
	--data-urlencode "save=1" --data-urlencode "body=no consent, no cookie" >/dev/null
check "no cookie without consent" sh -c "! grep -qi '^set-cookie: gz_commenter' '$tmp/s0.h'"
fetch "$base$art" "$tmp/sa" -H "Cookie: $consent" >/dev/null
read -r tok non < <(form "$tmp/sa")
post "$art" "$tmp/s1" "$tok" "$non" -H "Cookie: $consent" --data-urlencode "name=Saved Sam" \
	--data-urlencode "email=sam@example.org" --data-urlencode "url=https://sam.example" \
	--data-urlencode "save=1" --data-urlencode "body=remember me" >/dev/null
sc=$(grep -i '^set-cookie: gz_commenter=' "$tmp/s1.h" | cut -d: -f2- | sed 's/^ *//; s/\r$//')
check "commenter cookie set" [ -n "$sc" ]
for attr in 'HttpOnly' 'SameSite=Lax' 'Max-Age=15811200' 'Path=/'; do
	check "cookie has $attr" grep -qF "$attr" <<<"$sc"
done
cc=$(sed 's/;.*//' <<<"$sc")
fetch "$base$art" "$tmp/s2" -H "Cookie: $consent; $cc" >/dev/null
check "prefilled name" grep -qF 'value="Saved Sam"' "$tmp/s2"
check "prefilled email" grep -qF 'value="sam@example.org"' "$tmp/s2"
check "box ticked" grep -qF 'name="save" value="1" checked' "$tmp/s2"
check "personal page not cached" grep -qi 'no-store' <<<"$(header "$tmp/s2.h" cache-control)"
fetch "$base$art" "$tmp/s3" -H "Cookie: $cc" >/dev/null
check "no prefill once consent is gone" sh -c "! grep -qF 'value=\"Saved Sam\"' '$tmp/s3'"

step "200 in parallel"
read -r tok non < <(fresh "$other")
python3 - "$port" "$other/comments" "$tok" "$non" >"$tmp/par" <<'PY'
import sys, threading, urllib.parse, http.client, collections
port, path, tok, non = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
codes = collections.Counter()
lock = threading.Lock()
start = threading.Barrier(200)
def one(i):
    # The same cached page's token and nonce for everyone: the stored key
    # still differs per author and text.  Each client comes from its own
    # loopback address (the server allows 32 connections per address).
    data = urllib.parse.urlencode({"token": tok, "nonce": non, "name": "Parallel %d" % i,
        "email": "p%d@example.org" % i, "body": "Parallel comment number %d." % i})
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60,
                                       source_address=("127.0.%d.%d" % (1 + i // 250, 2 + i % 250), 0))
        start.wait(timeout=30)
        c.request("POST", path, data, {"Content-Type": "application/x-www-form-urlencoded"})
        code = c.getresponse().status
        c.close()
    except Exception as e:
        code = type(e).__name__
    with lock:
        codes[code] += 1
# Twice: the second round is every reader's retry after a lost answer.
for attempt in (1, 2):
    threads = [threading.Thread(target=one, args=(i,)) for i in range(200)]
    for t in threads: t.start()
    for t in threads: t.join()
    start.reset()
print(" ".join("%s:%d" % kv for kv in sorted(codes.items(), key=str)))
PY
res=$(cat "$tmp/par")
echo "answers: $res"
check "every answer a 303 ($res)" [ "$res" = "303:400" ]
n=$(q "SELECT count(*) FROM comments WHERE author_email LIKE 'p%@example.org' AND body LIKE 'Parallel comment number %';")
d=$(q "SELECT count(DISTINCT body) FROM comments WHERE author_email LIKE 'p%@example.org' AND body LIKE 'Parallel comment number %';")
cond "200 stored exactly once ($n rows, $d distinct)" '[ "$n" = 200 ] && [ "$d" = 200 ]'
check "no SQLITE_BUSY in the log" sh -c "! grep -qi 'busy\|locked' '$tmp/serve.log'"

finish
