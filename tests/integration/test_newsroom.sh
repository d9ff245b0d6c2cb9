#!/bin/bash
# The newsroom fields of issue 16 (E3) through `gazette serve` and curl:
# the base URL taken from the request until an admin saves one (Host in
# canonical, Open Graph, feeds and the sitemap; a bad Host refused with
# 400; the page cache never hands one host's page to another; the
# dashboard warns while it is unset), the site time zone (refused when
# unknown, times typed in the editor read in it and stored in UTC, shown
# back and to readers in it, the skipped hour of a DST change moved on),
# bylines (several, ordered, on the page, in JSON-LD, RSS and Atom, on
# each author's page; a writer's save keeps them), update and correction
# notes (where readers see them, dateModified moves, refusals keep the
# typed text, removal keeps a revision, writers may not), the social image
# (og:image absolute, JSON-LD) and dateModified never before
# datePublished for a scheduled article.
set -u
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 not found: skip"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skip"; exit 77; }

db=$tmp/g.db
# 3 December 2026, 12:00 UTC: the server's clock stands still unless moved.
now=1796299200
export GAZETTE_TEST_CLOCK=$tmp/clock
echo "$now" >"$GAZETTE_TEST_CLOCK"
"$GAZETTE_BIN" init --db "$db" --demo >/dev/null 2>&1 || die "init"
for u in "boss admin Boss" "ed1 editor Ada_Editor" "ed2 editor Bo_Second" "wr1 author Wu_Writer"; do
	set -- $u
	echo 'pass word 123' | "$GAZETTE_BIN" user add "$1" --role "$2" --name "${3//_/ }" --password-stdin --db "$db" >/dev/null ||
		die "user add $1"
done
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
		--data-urlencode "password=pass word 123" --data "login_token=$tok" >/dev/null
}
csrf_in() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -1; }
version_in() { sed -n 's/.*name="version" value="\([0-9-]*\)".*/\1/p' "$1" | head -1; }
location() { header "$1" Location | sed 's|^https\?://[^/]*||'; }
uid() { sqlite3 "$db" "SELECT id FROM users WHERE login = '$1'"; }
# settings_post JAR OUT KEY=VALUE...: the settings form as the page holds
# it (every field, so nothing else changes) with the given fields replaced.
settings_post() {
	local jar=$1 out=$2 data
	shift 2
	curl -s -b "$jar" -o "$tmp/sform" "$base/admin/settings"
	data=$(python3 - "$tmp/sform" "$@" <<'EOF'
import html, re, sys, urllib.parse
page = open(sys.argv[1], encoding="utf-8").read()
form = {}
for m in re.finditer(r'<input ([^>]*)>', page):
    a = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
    if "name" not in a or a.get("type") == "checkbox" and "checked" not in m.group(1):
        continue
    form[a["name"]] = html.unescape(a.get("value", ""))
for m in re.finditer(r'<textarea [^>]*name="(\w+)"[^>]*>(.*?)</textarea>', page, re.S):
    form[m.group(1)] = html.unescape(m.group(2))
for m in re.finditer(r'<select [^>]*name="(\w+)"[^>]*>(.*?)</select>', page, re.S):
    sel = re.search(r'<option value="([^"]*)"[^>]* selected', m.group(2))
    form[m.group(1)] = html.unescape(sel.group(1)) if sel else ""
form.pop("bump_policy", None)
for kv in sys.argv[2:]:
    k, v = kv.split("=", 1)
    form[k] = v
print(urllib.parse.urlencode(form))
EOF
)
	fetch "$base/admin/settings" "$out" -b "$jar" --data "$data"
}

login "$tmp/jb" boss
login "$tmp/j1" ed1
login "$tmp/jw" wr1

step "base URL from the request until it is set"
code=$(fetch "$base/" "$tmp/h1")
cond "home: 200 ($code), canonical on this server's address" \
	'[ "$code" = 200 ] && grep -q "rel=\"canonical\" href=\"$base/\"" "$tmp/h1"'
code=$(fetch "$base/" "$tmp/h2" -H "Host: news.example.org:8443")
cond "asked as news.example.org:8443: canonical and og:url follow ($code)" \
	'[ "$code" = 200 ] && grep -q "rel=\"canonical\" href=\"http://news.example.org:8443/\"" "$tmp/h2" && grep -q "og:url\" content=\"http://news.example.org:8443/\"" "$tmp/h2"'
code=$(fetch "$base/" "$tmp/h3")
check "the page cache does not hand that page to another Host" grep -q "rel=\"canonical\" href=\"$base/\"" "$tmp/h3"
fetch "$base/feed" "$tmp/rss" -H "Host: news.example.org" >/dev/null
check "RSS links on the asked host" grep -q "<link>http://news.example.org/</link>" "$tmp/rss"
fetch "$base/sitemap.xml" "$tmp/sm" -H "Host: news.example.org" >/dev/null
check "the sitemap index on the asked host" grep -q "<loc>http://news.example.org/sitemaps/" "$tmp/sm"
for h in 'evil.example"><script>' 'a b' 'x/y' 'user@host' '[::1' 'host:99999999' ':80' "$(printf 'a%.0s' $(seq 300))"; do
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $h" "$base/")
	cond "Host '${h:0:24}': 400 ($code)" '[ "$code" = 400 ]'
done
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: [::1]:8080" "$base/")
check "Host [::1]:8080: 200 ($code)" [ "$code" = 200 ]
fetch "$base/" "$tmp/h5" -H "X-Forwarded-Proto: https" -H "X-Forwarded-Host: news.example.org" >/dev/null
check "X-Forwarded-* from a peer that is no trusted proxy: ignored" grep -q "rel=\"canonical\" href=\"$base/\"" "$tmp/h5"
# A second server that trusts 127.0.0.1 as its proxy (--trusted-proxy).
"$GAZETTE_BIN" init --db "$tmp/p.db" >/dev/null 2>&1 || die "init p.db"
"$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$tmp/p.db" --trusted-proxy 127.0.0.1/32 >"$tmp/p.log" 2>&1 &
pids+=($!)
pport=$(listen_port "$tmp/p.log") || { cat "$tmp/p.log"; die "no port in $tmp/p.log"; }
wait_http "http://127.0.0.1:$pport/" || die "the proxied server does not answer"
fetch "http://127.0.0.1:$pport/" "$tmp/p1" -H "X-Forwarded-Proto: https" -H "X-Forwarded-Host: news.example.org, inner.example" >/dev/null
check "behind a trusted proxy: scheme and host from X-Forwarded-Proto/-Host" \
	grep -q "rel=\"canonical\" href=\"https://news.example.org/\"" "$tmp/p1"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-Host: evil"><x' "http://127.0.0.1:$pport/")
check "a bad X-Forwarded-Host: 400 ($code)" [ "$code" = 400 ]
code=$(fetch "$base/admin" "$tmp/dash" -b "$tmp/jb")
cond "dashboard warns while the base URL is unset ($code)" \
	'[ "$code" = 200 ] && grep -q "base URL is not set" "$tmp/dash" && grep -q "/admin/settings#set-base_url" "$tmp/dash"'
code=$(fetch "$base/admin/settings" "$tmp/set0" -b "$tmp/jb")
cond "the settings form shows the base URL empty, not the built-in default" \
	'[ "$code" = 200 ] && grep -q "name=\"base_url\" value=\"\"" "$tmp/set0"'
code=$(settings_post "$tmp/jb" "$tmp/set1" base_url=https://news.example.org)
check "saving a base URL: 303 ($code)" [ "$code" = 303 ]
fetch "$base/" "$tmp/h4" -H "Host: other.example" >/dev/null
check "now every page links the saved address, whatever the Host" \
	grep -q "rel=\"canonical\" href=\"https://news.example.org/\"" "$tmp/h4"
fetch "$base/admin" "$tmp/dash2" -b "$tmp/jb" >/dev/null
check "and the dashboard warning is gone" sh -c "! grep -q 'base URL is not set' '$tmp/dash2'"

step "site time zone"
code=$(settings_post "$tmp/jb" "$tmp/tz0" site_timezone=Mars/Olympus)
cond "an unknown zone: 422 ($code), message beside it, typed value kept" \
	'[ "$code" = 422 ] && grep -q "id=\"set-site_timezone-error\"" "$tmp/tz0" && grep -q "value=\"Mars/Olympus\"" "$tmp/tz0"'
check "nothing saved" [ "$(sqlite3 "$db" "SELECT value FROM settings WHERE key = 'site_timezone'")" = UTC ]
code=$(settings_post "$tmp/jb" "$tmp/tz0" site_timezone=../../etc/passwd)
check "a path: 422 ($code)" [ "$code" = 422 ]
code=$(settings_post "$tmp/jb" "$tmp/tz1" site_timezone=Europe/London)
check "Europe/London: 303 ($code)" [ "$code" = 303 ]
code=$(fetch "$base/admin/articles/new" "$tmp/new" -b "$tmp/j1")
csrf=$(csrf_in "$tmp/new")
cond "the editor names the zone ($code)" '[ "$code" = 200 ] && grep -q "Publish time (Europe/London)" "$tmp/new"'
# 1 July 2026 09:00 in London is 08:00 UTC (BST).
code=$(fetch "$base/admin/articles" "$tmp/c1" -b "$tmp/j1" --data "csrf=$csrf&status=published&comments_open=1" \
	--data-urlencode "title=Summer story" --data-urlencode "published_at=2026-07-01T09:00" \
	--data-urlencode "body=Hot." --data "byline=$(uid ed1)&byline=$(uid ed2)")
id=$(location "$tmp/c1.h" | sed -n 's|^/admin/articles/\([0-9]*\).*|\1|p')
cond "create: 303 ($code)" '[ "$code" = 303 ] && [ -n "$id" ]'
t=$(sqlite3 "$db" "SELECT published_at FROM articles WHERE id = ${id:-0}")
check "stored in UTC: 08:00 UTC ($t)" [ "$t" = "$(date -u -d '2026-07-01 08:00' +%s)" ]
fetch "$base/admin/articles/$id" "$tmp/e1" -b "$tmp/j1" >/dev/null
check "shown back in London time" grep -q 'name="published_at" value="2026-07-01T09:00:00"' "$tmp/e1"
fetch "$base/article/summer-story" "$tmp/a1" >/dev/null
check "readers see 09:00 BST" grep -q "1 July 2026, 09:00 BST" "$tmp/a1"
check "machine times stay UTC" grep -q '"datePublished":"2026-07-01T08:00:00Z"' "$tmp/a1"
# 29 March 2026 01:30 never happened in London (01:00 -> 02:00 BST).
code=$(fetch "$base/admin/articles" "$tmp/c2" -b "$tmp/j1" --data "csrf=$csrf&status=published" \
	--data-urlencode "title=Skipped hour" --data-urlencode "published_at=2026-03-29T01:30" --data-urlencode "body=x")
t=$(sqlite3 "$db" "SELECT published_at FROM articles WHERE slug = 'skipped-hour'")
check "a skipped time moves on by the gap: 01:30 UTC = 02:30 BST ($t)" [ "$t" = "$(date -u -d '2026-03-29 01:30' +%s)" ]
check "the form says the rule" grep -q "a time that happens twice means the first" "$tmp/new"

step "bylines"
a1=$tmp/a1
cond "the page credits both, in order" \
	'grep -q "by <a href=\"/author/ed1\" rel=\"author\">Ada Editor</a> and <a href=\"/author/ed2\" rel=\"author\">Bo Second</a>" "$a1"'
cond "JSON-LD: an author array of two Persons" \
	'grep -q "\"author\":\[{\"@type\":\"Person\",\"name\":\"Ada Editor\",\"url\":\"https:\\\\u002f\\\\u002fnews.example.org\\\\u002fauthor\\\\u002fed1\"},{\"@type\":\"Person\",\"name\":\"Bo Second\"" "$a1"'
# The newest article, so the site's feeds hold it: an editor credits a writer too.
code=$(fetch "$base/admin/articles" "$tmp/c4" -b "$tmp/j1" --data "csrf=$csrf&status=published" \
	--data-urlencode "title=Joint story" --data-urlencode "body=j" --data "byline=$(uid ed2)&byline=$(uid wr1)&byline=$(uid ed1)")
check "three bylines: 303 ($code)" [ "$code" = 303 ]
fetch "$base/article/joint-story" "$tmp/a7" >/dev/null
check "three read 'A, B and C'" grep -q 'Bo Second</a>, <a href="/author/wr1" rel="author">Wu Writer</a> and <a href="/author/ed1"' "$tmp/a7"
fetch "$base/feed" "$tmp/rss2" >/dev/null
n=$(python3 -c 'import sys; t=open(sys.argv[1]).read(); i=t.index("<title>Joint story</title>"); print(t[i:t.index("</item>", i)].count("<dc:creator"))' "$tmp/rss2")
check "RSS: one dc:creator per byline ($n)" [ "$n" = 3 ]
fetch "$base/feed/atom" "$tmp/atom" >/dev/null
n=$(python3 -c 'import sys; t=open(sys.argv[1]).read(); i=t.index("<title>Joint story</title>"); print(t[i:t.index("</entry>", i)].count("<author>"))' "$tmp/atom")
check "Atom: one author per byline ($n)" [ "$n" = 3 ]
check "Atom authors link their pages" grep -q "<author><name>Wu Writer</name><uri>https://news.example.org/author/wr1</uri></author>" "$tmp/atom"
code=$(fetch "$base/author/wr1" "$tmp/au3")
cond "the writer's page lists the article an editor credited them on ($code)" '[ "$code" = 200 ] && grep -q "Joint story" "$tmp/au3"'
code=$(fetch "$base/author/ed2" "$tmp/au2")
cond "the second author's page lists it ($code)" '[ "$code" = 200 ] && grep -q "Summer story" "$tmp/au2"'
code=$(fetch "$base/admin/articles/$id" "$tmp/bad" -b "$tmp/j1" --data "csrf=$csrf&version=1&status=published" \
	--data-urlencode "title=Summer story" --data-urlencode "body=Hot." --data "byline=&byline=")
cond "no byline at all: 422 ($code), message beside the picker" '[ "$code" = 422 ] && grep -q "id=\"bylines-error\"" "$tmp/bad"'
code=$(fetch "$base/admin/articles/$id" "$tmp/bad" -b "$tmp/j1" --data "csrf=$csrf&version=1&status=published" \
	--data-urlencode "title=Summer story" --data-urlencode "body=Hot." --data "byline=999999")
cond "an unknown person: 422 ($code), nothing saved" \
	'[ "$code" = 422 ] && [ "$(sqlite3 "$db" "SELECT version FROM articles WHERE id = $id")" = 1 ]'
# A writer's own article: the form says they credit themselves; a save
# naming others keeps the byline an editor set.
code=$(fetch "$base/admin/articles/new" "$tmp/wn" -b "$tmp/jw")
wcsrf=$(csrf_in "$tmp/wn")
cond "the writer's form says the rule, no picker ($code)" \
	'[ "$code" = 200 ] && grep -q "Writers credit themselves" "$tmp/wn" && ! grep -q "name=\"byline\"" "$tmp/wn"'
code=$(fetch "$base/admin/articles" "$tmp/wc" -b "$tmp/jw" --data "csrf=$wcsrf&status=draft" \
	--data-urlencode "title=Writer draft" --data-urlencode "body=w" --data "byline=$(uid ed2)")
wid=$(location "$tmp/wc.h" | sed -n 's|^/admin/articles/\([0-9]*\).*|\1|p')
b=$(sqlite3 "$db" "SELECT group_concat(user_id) FROM article_authors WHERE article_id = ${wid:-0}")
check "a writer naming someone else is credited alone ($b)" [ "$b" = "$(uid wr1)" ]

step "notes"
ecsrf=$(csrf_in "$tmp/e1")
code=$(fetch "$base/admin/articles/$id/notes" "$tmp/n0" -b "$tmp/j1" --data "csrf=$ecsrf&note_kind=correction" \
	--data-urlencode "note_body=   " --data-urlencode "title=Typed but unsaved")
cond "an empty note: 422 ($code), message, the form's typed fields kept" \
	'[ "$code" = 422 ] && grep -q "id=\"note_body-error\"" "$tmp/n0" && grep -q "value=\"Typed but unsaved\"" "$tmp/n0"'
echo $((now + 600)) >"$GAZETTE_TEST_CLOCK"
code=$(fetch "$base/admin/articles/$id/notes" "$tmp/n1" -b "$tmp/j1" --data "csrf=$ecsrf&note_kind=correction" \
	--data-urlencode "note_body=An earlier version gave the wrong <date>.")
cond "a correction: 303 ($code) back to the notes" '[ "$code" = 303 ] && location "$tmp/n1.h" | grep -q "done=note#notes"'
code=$(fetch "$base/admin/articles/$id/notes" "$tmp/n2" -b "$tmp/j1" --data "csrf=$ecsrf&note_kind=update" \
	--data-urlencode "note_body=The council replied on Friday.")
check "an update: 303 ($code)" [ "$code" = 303 ]
fetch "$base/article/summer-story" "$tmp/a2" >/dev/null
cond "readers see the correction before the text, escaped, with its time" \
	'python3 -c "import sys; t=open(sys.argv[1]).read(); c=t.index(\"wrong &lt;date&gt;\"); b=t.index(\"class=\\\"article-body\\\"\"); u=t.index(\"The council replied\"); sys.exit(0 if c < b < u else 1)" "$tmp/a2" && grep -q "3 December 2026, 12:10 GMT" "$tmp/a2"'
mod=$(date -u -d @$((now + 600)) +%Y-%m-%dT%H:%M:%SZ)
check "dateModified and article:modified_time are the note's time" \
	sh -c "grep -q '\"dateModified\":\"$mod\"' '$tmp/a2' && grep -q 'article:modified_time\" content=\"$mod\"' '$tmp/a2'"
code=$(fetch "$base/admin/articles/$id/notes" "$tmp/nw" -b "$tmp/jw" --data "csrf=$wcsrf&note_kind=update&note_body=x")
check "a writer may not add notes: 403 ($code)" [ "$code" = 403 ]
code=$(fetch "$base/admin/articles/$wid/notes" "$tmp/nd" -b "$tmp/j1" --data "csrf=$ecsrf&note_kind=update&note_body=x")
cond "a note on a draft: 422 ($code) with the reason" '[ "$code" = 422 ] && grep -q "Notes go on published articles only." "$tmp/nd"'
nid=$(sqlite3 "$db" "SELECT id FROM article_notes WHERE article_id = $id AND kind = 'correction'")
nrev=$(sqlite3 "$db" "SELECT count(*) FROM revisions WHERE article_id = $id")
code=$(fetch "$base/admin/articles/$id/notes/$nid/remove" "$tmp/nr" -b "$tmp/j1" --data "csrf=$ecsrf")
check "remove: 303 ($code)" [ "$code" = 303 ]
fetch "$base/article/summer-story" "$tmp/a3" >/dev/null
check "readers no longer see it" sh -c "! grep -q 'wrong &lt;date&gt;' '$tmp/a3'"
check "a revision records the removal" \
	[ "$(sqlite3 "$db" "SELECT count(*) FROM revisions WHERE article_id = $id AND note LIKE 'correction removed: An earlier%'")" = 1 ]
check "one revision more" [ "$(sqlite3 "$db" "SELECT count(*) FROM revisions WHERE article_id = $id")" = $((nrev + 1)) ]
fetch "$base/admin/articles/$id" "$tmp/e2" -b "$tmp/j1" >/dev/null
check "the editor still lists it, marked removed" grep -q "note-correction note-removed" "$tmp/e2"
code=$(fetch "$base/admin/articles/$id/notes/$nid/remove" "$tmp/nr2" -b "$tmp/j1" --data "csrf=$ecsrf")
check "removing it again: 404 ($code)" [ "$code" = 404 ]

step "social image"
sqlite3 "$db" "INSERT INTO media (hash, ext, mime, width, height, bytes, alt, created_at) VALUES
	('aaaa', 'png', 'image/png', 1200, 630, 10, 'Lead', $now), ('bbbb', 'png', 'image/png', 1600, 840, 10, 'Share card', $now)"
lead=$(sqlite3 "$db" "SELECT id FROM media WHERE hash = 'aaaa'")
card=$(sqlite3 "$db" "SELECT id FROM media WHERE hash = 'bbbb'")
v=$(sqlite3 "$db" "SELECT version FROM articles WHERE id = $id")
code=$(fetch "$base/admin/articles/$id" "$tmp/s1" -b "$tmp/j1" --data "csrf=$ecsrf&version=$v&status=published&image_id=$lead" \
	--data-urlencode "published_at=2026-07-01T09:00:00" --data-urlencode "title=Summer story" --data-urlencode "body=Hot." \
	--data "byline=$(uid ed1)&byline=$(uid ed2)&social_image_id=0")
fetch "$base/article/summer-story" "$tmp/a4" >/dev/null
cond "save with a lead image ($code): og:image is the lead image, absolute" \
	'[ "$code" = 303 ] && grep -q "og:image\" content=\"https://news.example.org/media/aaaa.png\"" "$tmp/a4"'
code=$(fetch "$base/admin/articles/$id" "$tmp/s2" -b "$tmp/j1" --data "csrf=$ecsrf&version=$((v + 1))&status=published&image_id=$lead" \
	--data-urlencode "published_at=2026-07-01T09:00:00" --data-urlencode "title=Summer story" --data-urlencode "body=Hot." \
	--data "byline=$(uid ed1)&byline=$(uid ed2)&social_image_id=$card")
fetch "$base/article/summer-story" "$tmp/a5" >/dev/null
cond "a social image picked ($code): og:image, twitter:image and JSON-LD use it" \
	'[ "$code" = 303 ] && grep -q "og:image\" content=\"https://news.example.org/media/bbbb.png\"" "$tmp/a5" && grep -q "twitter:image\" content=\"https://news.example.org/media/bbbb.png\"" "$tmp/a5" && grep -q "\"image\":{\"@type\":\"ImageObject\",\"url\":\"https:\\\\u002f\\\\u002fnews.example.org\\\\u002fmedia\\\\u002fbbbb.png\",\"width\":1600" "$tmp/a5"'
check "the revision names it" \
	[ "$(sqlite3 "$db" "SELECT count(*) FROM revisions WHERE article_id = $id AND note LIKE '%social image%'")" = 1 ]
check "the editor shows it chosen" sh -c "curl -s -b '$tmp/j1' '$base/admin/articles/$id' | grep -q 'value=\"$card\" selected'"

step "dateModified never before datePublished"
fetch "$base/admin/articles/new" "$tmp/new2" -b "$tmp/j1" >/dev/null
csrf=$(csrf_in "$tmp/new2")
code=$(fetch "$base/admin/articles" "$tmp/c3" -b "$tmp/j1" --data "csrf=$csrf&status=scheduled" \
	--data-urlencode "title=Later story" --data-urlencode "published_at=2026-12-03T14:00" --data-urlencode "body=x")
check "scheduled for 14:00 London: 303 ($code)" [ "$code" = 303 ]
echo $((now + 3 * 3600)) >"$GAZETTE_TEST_CLOCK"
fetch "$base/article/later-story" "$tmp/a6" >/dev/null
cond "once live: dateModified equals datePublished, not the earlier save" \
	'grep -q "\"datePublished\":\"2026-12-03T14:00:00Z\",\"dateModified\":\"2026-12-03T14:00:00Z\"" "$tmp/a6"'

finish
