#!/bin/bash
# Old addresses through `gazette serve` on a real demo database, with rows
# put in the redirects table by `gazette sql` (as the WordPress importer
# leaves them: keys percent-decoded, no trailing slash):
#  1. a permalink with and without its slash, with a tracking query, and a
#     percent-encoded Chinese one in either hex case: 301, Location,
#     Cache-Control (a path with "//" is refused 400 by the request parser
#     before routing; tests/unit/test_redirect.c covers its key);
#  2. WordPress's query-string links on "/": "/?p=12" (other parameters
#     ignored), an unknown "/?p=999" is 404, "/?s=term" and
#     "/search/term/" go to the search page, URL-encoded;
#  3. "/feed/" lands on the RSS feed, "/comments/feed/" on the comment feed, "/category/x/"
#     and "/tag/x/" on their route (query kept);
#  4. unknown paths still 404, a row whose target leaves the site is never
#     served, a matched route is unaffected (no Location, same page), the
#     page cache does not swallow a redirect, POST is not redirected;
#  5. HEAD gets the same 301 with no body.
set -u
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || die "sqlite3 not found"

step "setup: demo database, redirect rows, gazette serve"
db=$tmp/g.db
"$GAZETTE_BIN" init --db "$db" --demo >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log"; die "init failed"; }
art=$(sqlite3 "$db" "SELECT slug FROM articles WHERE id = 1")
[ -n "$art" ] || die "no demo article"
cat=$(sqlite3 "$db" "SELECT slug FROM categories ORDER BY id LIMIT 1")
[ -n "$cat" ] || die "no demo category"
"$GAZETTE_BIN" sql --db "$db" <<SQL || die "fixture SQL failed"
INSERT INTO redirects (path, target, created_at) VALUES
	('/2013/04/09/level-01', '/article/$art', 1),
	('/' || char(20013) || char(25991) || '/' || char(26032) || char(38395), '/article/$art', 1),
	('/?p=12', '/article/$art', 1),
	('/?page_id=7', '/p/about', 1),
	('/category/parent/child', '/category/$cat', 1),
	('/evil', '//evil.example/x', 1),
	('/evil2', 'http://evil.example/', 1);
INSERT INTO tags (slug, name) VALUES ('x', 'X');
SQL
"$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$db" >"$tmp/serve.log" 2>&1 &
pids+=($!)
port=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "no port in $tmp/serve.log"; }
base=http://127.0.0.1:$port
wait_http "$base/" || { cat "$tmp/serve.log"; die "serve does not answer"; }
pass "gazette serve on $base"

# moved URL LOCATION: GET URL answers 301 to LOCATION, cacheable for a while.
moved() {
	local code loc cc want=$2
	code=$(fetch "$base$1" "$tmp/r")
	loc=$(header "$tmp/r.h" location)
	cc=$(header "$tmp/r.h" cache-control)
	cond "GET $1: 301 ($code) to $want ($loc)" '[ "$code" = 301 ] && [ "$loc" = "$want" ]'
	cond "GET $1: Cache-Control public, max-age=3600 ($cc)" '[ "$cc" = "public, max-age=3600" ]'
}
# gone URL: GET URL answers 404 with no Location.
gone() {
	local code
	code=$(fetch "$base$1" "$tmp/r")
	cond "GET $1: 404 ($code), no Location" '[ "$code" = 404 ] && [ -z "$(header "$tmp/r.h" location)" ]'
}

step "permalinks from the table"
moved /2013/04/09/level-01/ "/article/$art"
moved /2013/04/09/level-01 "/article/$art"
moved "/2013/04/09/level-01/?utm_source=feed&utm_medium=rss" "/article/$art"
moved /%E4%B8%AD%E6%96%87/%E6%96%B0%E9%97%BB/ "/article/$art"
moved /%e4%b8%ad%e6%96%87/%e6%96%b0%e9%97%bb "/article/$art"
moved /category/parent/child/ "/category/$cat"

step "query-string links on /"
moved "/?p=12" "/article/$art"
moved "/?p=12&utm_source=x" "/article/$art"
moved "/?utm_source=x&p=12" "/article/$art"
moved "/?page_id=7" "/p/about"
gone "/?p=999"
gone "/?cat=3"
moved "/?s=hello%20world" "/search?q=hello%20world"
moved "/?s=hello+world" "/search?q=hello%20world"
moved "/?s=%E4%B8%AD%E6%96%87" "/search?q=%E4%B8%AD%E6%96%87"
moved "/?s=a%26b%3Dc" "/search?q=a%26b%3Dc"
moved "/search/hello+world/" "/search?q=hello%20world"
moved "/search/hello%20world" "/search?q=hello%20world"
code=$(curl -s -L --max-time 10 -o "$tmp/s" -w '%{http_code} %{url_effective}' "$base/?s=hello+world")
cond "/?s=hello+world followed: 200 at /search?q=hello%20world ($code)" \
	'[ "$code" = "200 $base/search?q=hello%20world" ]'

step "feeds and trailing slashes"
moved /feed/ /feed
moved /comments/feed/ /feed/comments
moved /comments/feed /feed/comments
moved /feed/rss2/ /feed
moved /feed/atom/ /feed/atom
code=$(curl -s -L --max-time 10 -o "$tmp/f" -w '%{http_code}' -D "$tmp/f.h" "$base/feed/")
ct=$(grep -i '^content-type:' "$tmp/f.h" | tail -1)
cond "/feed/ followed: 200 RSS ($code, $ct)" '[ "$code" = 200 ] && [[ "$ct" == *application/rss+xml* ]] && grep -q "<rss" "$tmp/f"'
code=$(curl -s -L --max-time 10 -o "$tmp/f" -w '%{http_code}' "$base/comments/feed/")
cond "/comments/feed/ followed to the comment feed: 200 RSS ($code)" '[ "$code" = 200 ] && grep -q "<rss" "$tmp/f"'
moved "/category/$cat/" "/category/$cat"
moved "/category/$cat/?page=2" "/category/$cat?page=2"
moved /tag/x/ /tag/x
moved /tag/caf%C3%A9/ /tag/caf%C3%A9
moved "/author/admin/" /author/admin
moved "/article/$art/" "/article/$art"
moved /page/2/ /page/2

step "unknown addresses, unsafe rows, matched routes"
gone /no/such/thing/
gone /no-such-thing
gone /2013/04/09/level-02/
gone /evil
gone /evil/
gone /evil2
gone /tag/x/y/
code=$(fetch "$base/" "$tmp/home")
cond "GET /: 200 ($code), no Location" '[ "$code" = 200 ] && [ -z "$(header "$tmp/home.h" location)" ]'
code=$(fetch "$base/?utm_source=x" "$tmp/home2")
# The same page but for the consent form's way back, which keeps the query.
cond "GET /?utm_source=x: the front page ($code)" \
	'[ "$code" = 200 ] && diff -q <(grep -v "name=\"next\"" "$tmp/home") <(grep -v "name=\"next\"" "$tmp/home2") >/dev/null'
code=$(fetch "$base/?cat=" "$tmp/home3")
cond "GET /?cat= (empty): the front page ($code)" '[ "$code" = 200 ]'
code=$(fetch "$base/article/$art" "$tmp/a")
cond "GET /article/$art: 200 ($code), no Location" '[ "$code" = 200 ] && [ -z "$(header "$tmp/a.h" location)" ]'
code=$(fetch "$base/feed" "$tmp/f")
cond "GET /feed: 200 ($code)" '[ "$code" = 200 ]'
# The front page is now in the page cache: "/?p=12" must still move.
moved "/?p=12" "/article/$art"
code=$(fetch "$base/" "$tmp/home4")
cond "GET / after /?p=12: 200 ($code), no Location" '[ "$code" = 200 ] && [ -z "$(header "$tmp/home4.h" location)" ]'
code=$(fetch "$base/2013/04/09/level-01/" "$tmp/p" -X POST -d x=1)
cond "POST /2013/04/09/level-01/: not redirected ($code)" '[ "$code" != 301 ] && [ -z "$(header "$tmp/p.h" location)" ]'

step "HEAD"
code=$(curl -s --max-time 10 -I -o "$tmp/h" -w '%{http_code} %{size_download}' "$base/2013/04/09/level-01/")
cond "HEAD permalink: 301, no body ($code)" '[ "$code" = "301 0" ] && grep -qi "^location: /article/$art" "$tmp/h"'
code=$(curl -s --max-time 10 -I -o "$tmp/h" -w '%{http_code}' "$base/?p=12")
cond "HEAD /?p=12: 301 ($code)" '[ "$code" = 301 ] && grep -qi "^location: /article/$art" "$tmp/h"'
code=$(curl -s --max-time 10 -I -o "$tmp/h" -w '%{http_code}' "$base/feed/")
cond "HEAD /feed/: 301 ($code)" '[ "$code" = 301 ] && grep -qi "^location: /feed" "$tmp/h"'
code=$(curl -s --max-time 10 -I -o "$tmp/h" -w '%{http_code}' "$base/no-such-thing")
cond "HEAD unknown: 404 ($code)" '[ "$code" = 404 ]'

finish
