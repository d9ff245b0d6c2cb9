#!/bin/bash
# The reader side through `gazette serve` on a real demo database:
#  1. every public URL answers with its status, type and key content;
#  2. hostile text (<script>, quotes, &) in a title, tag, summary and body is
#     escaped everywhere: article, listings, search, feeds, JSON-LD;
#  3. pagination across page boundaries, cursors both ways (Older to the
#     last page, Newer back), out-of-range pages and bad cursors: 404;
#  4. search: English word forms, Chinese two-character words, hostile
#     queries, empty and over-long queries;
#  5. a scheduled article appears by itself when its time comes;
#  6. conditional requests: ETag/Last-Modified, 304, a write changes the ETag;
#     HEAD answers headers only; renamed slugs 301; drafts 404.
set -u
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || die "sqlite3 not found"

step "setup: demo database, hostile article, 25 extra articles in one category"
db=$tmp/g.db
"$GAZETTE_BIN" init --db "$db" --demo >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log"; die "init failed"; }
# The server's clock is the test's (GAZETTE_TEST_CLOCK): time moves only when
# this script says so, however slow the machine.
now=$(date +%s)
export GAZETTE_TEST_CLOCK=$tmp/clock
echo "$now" >"$GAZETTE_TEST_CLOCK"
"$GAZETTE_BIN" sql --db "$db" <<SQL || die "fixture SQL failed"
INSERT INTO categories (id, slug, name, description) VALUES (90, 'bulk', 'Bulk', 'Many & more');
INSERT INTO tags (id, slug, name) VALUES (90, 'xss', '<script>alert("tag")</script>');
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status,
	published_at, created_at, updated_at) VALUES (900, 'hostile',
	'<script>alert("t")</script> Tom & "Jerry" ''quoted''',
	'Summary <b>bold</b> & <script>s()</script>',
	'First <script>alert(1)</script> para &amp; more.

Second para with [a link](javascript:alert(2)) and <img src=x onerror=alert(3)>.

Third para.', 1, 90, 'published', $now - 30, $now - 30, $now - 30);
INSERT INTO article_tags VALUES (900, 90);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25)
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status,
	published_at, created_at, updated_at)
SELECT 1000 + i, 'bulk-' || i, 'Bulk story ' || i, 'S', 'Body of bulk ' || i, 1, 90,
	'published', $now - 100000 - i * 60, 0, 0 FROM n;
INSERT INTO articles (id, slug, title, body, author_id, category_id, status, published_at,
	created_at, updated_at) VALUES
	(950, 'draft-secret', 'Draft secret', 'x', 1, 90, 'draft', NULL, 0, 0),
	(951, 'soon', 'Coming soon', 'x', 1, 90, 'scheduled', $now + 3600, 0, 0);
INSERT INTO slug_redirects VALUES ('old-hostile', 900);
INSERT INTO categories (id, slug, name) VALUES (91, 'deep', 'Deep');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 47)
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status,
	published_at, created_at, updated_at)
SELECT 2000 + i, 'deep-' || i, 'Deep story ' || i, 'S', 'Body of deep ' || i, 1, 91,
	'published', $now - 200000 - (i / 2) * 60, 0, 0 FROM n;
INSERT INTO articles (id, slug, title, body, author_id, category_id, status, published_at,
	created_at, updated_at) VALUES
	(2100, 'deep-draft', 'Deep draft', 'x', 1, 91, 'draft', $now - 200000 - 600, 0, 0),
	(2101, 'deep-trash', 'Deep trash', 'x', 1, 91, 'trash', $now - 200000 - 300, 0, 0),
	(2102, 'deep-later', 'Deep later', 'x', 1, 91, 'scheduled', $now + 100000, 0, 0);
SQL
GAZETTE_STRICT=1 "$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$db" >"$tmp/serve.log" 2>&1 &
pids+=($!)
port=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "no port in $tmp/serve.log"; }
base=http://127.0.0.1:$port
wait_http "$base/" || { cat "$tmp/serve.log"; die "serve does not answer"; }
pass "gazette serve on $base"

step "every public URL"
art=$(sqlite3 "$db" "SELECT slug FROM articles WHERE id = 1")
while read -r url want type needle; do
	code=$(fetch "$base$url" "$tmp/page")
	ct=$(header "$tmp/page.h" content-type)
	cond "GET $url: $want ($code), $type" '[ "$code" = "$want" ] && [[ "$ct" == $type* ]]'
	if [ "$needle" != "-" ]; then
		check "GET $url holds '$needle'" grep -qF -- "$needle" "$tmp/page"
	fi
done <<EOF2
/ 200 text/html Latest
/page/2 200 text/html Page
/article/$art 200 text/html See also
/category/industry 200 text/html Industry
/tag/energy 200 text/html Energy
/author/admin 200 text/html admin
/search?q=steel 200 text/html <mark>
/feed 200 application/rss+xml <rss
/feed/atom 200 application/atom+xml <feed
/category/industry/feed 200 application/rss+xml <item>
/sitemap.xml 200 application/xml <sitemapindex
/sitemaps/pages.xml 200 application/xml /category/industry
/sitemaps/articles-0.xml 200 application/xml /article/$art
/news-sitemap.xml 200 application/xml <news:title>
/robots.txt 200 text/plain Sitemap:
/privacy 200 text/html id="cookies"
/p/about 200 text/html About
/article/no-such-article 404 text/html Latest articles
/article/draft-secret 404 text/html -
/category/nope 404 text/html -
/tag/nope 404 text/html -
/author/nobody 404 text/html -
/page/99 404 text/html -
/page/0 404 text/html -
/page/x 404 text/html -
/sitemaps/articles-x.xml 404 text/html -
EOF2

step "the article page has the reference page's parts"
fetch "$base/article/$art" "$tmp/a" >/dev/null
for needle in 'class="breadcrumb"' '>Home</a>' 'rel="author"' '<time datetime=' 'class="see-also"' \
	'You may also like' 'rel="tag"' 'application/ld+json' '"@type":"NewsArticle"' \
	'"@type":"BreadcrumbList"' 'og:title' 'twitter:card' 'rel="canonical"' 'Share this article'; do
	check "article has $needle" grep -qF -- "$needle" "$tmp/a"
done
# See also sits after the second paragraph of the body.
python3 - "$tmp/a" <<'PY' && pass "See also after the body's second paragraph" || fail "See also placement"
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
body = html[html.index('<div class="article-body">'):]
before = body[:body.index('class="see-also"')]
sys.exit(0 if before.count("<p>") == 2 else 1)
PY

step "escaping of hostile text everywhere"
for url in /article/hostile /category/bulk /tag/xss "/search?q=Jerry" /feed /feed/atom /category/bulk/feed /; do
	fetch "$base$url" "$tmp/h" >/dev/null
	check "$url: no raw <script>alert" sh -c "! grep -q '<script>alert' '$tmp/h'"
	check "$url: no raw onerror/javascript: markup" sh -c "! grep -qE '<img src=x|href=\"javascript:' '$tmp/h'"
done
fetch "$base/article/hostile" "$tmp/h" >/dev/null
check "title escaped in <h1>" grep -qF '&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; Tom &amp; &#34;Jerry&#34;' "$tmp/h"
check "JSON-LD escapes </script>" grep -qF '"headline":"\u003cscript\u003ealert' "$tmp/h"
check "tag name escaped" grep -qF '&lt;script&gt;alert(&#34;tag&#34;)&lt;/script&gt;' "$tmp/h"
fetch "$base/feed" "$tmp/f" >/dev/null
python3 -c "import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])" "$tmp/f" &&
	pass "RSS with hostile items is well-formed XML" || fail "RSS not well-formed"
fetch "$base/feed/atom" "$tmp/f" >/dev/null
python3 -c "import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])" "$tmp/f" &&
	pass "Atom with hostile items is well-formed XML" || fail "Atom not well-formed"

step "pagination across boundaries (26 articles in 'bulk', 10 a page)"
fetch "$base/category/bulk" "$tmp/p1" >/dev/null
check "page 1 says Page 1 of 3" grep -qF 'Page 1 of 3' "$tmp/p1"
next=$(grep -o 'href="/category/bulk?before=[0-9.]*&amp;page=[0-9]*" rel="next"' "$tmp/p1" | sed 's/href="//; s/" rel.*//; s/&amp;/\&/')
cond "page 1 links to page 2 by cursor ($next)" '[ -n "$next" ]'
code=$(fetch "$base$next" "$tmp/p2")
check "page 2: 200 ($code), Page 2 of 3" grep -qF 'Page 2 of 3' "$tmp/p2"
next=$(grep -o 'href="/category/bulk?before=[0-9.]*&amp;page=[0-9]*" rel="next"' "$tmp/p2" | sed 's/href="//; s/" rel.*//; s/&amp;/\&/')
cursor2=$next
fetch "$base$next" "$tmp/p3" >/dev/null
check "page 3: Page 3 of 3, no Older link" sh -c "grep -qF 'Page 3 of 3' '$tmp/p3' && ! grep -q 'rel=\"next\"' '$tmp/p3'"
n1=$(grep -c '<li class="story' "$tmp/p1"); n3=$(grep -c '<li class="story' "$tmp/p3")
cond "10 on page 1 ($n1), 6 on page 3 ($n3)" '[ "$n1" = 10 ] && [ "$n3" = 6 ]'
cat "$tmp/p1" "$tmp/p2" "$tmp/p3" | grep -o 'href="/article/[^"]*"><' | sort | uniq -d >"$tmp/dups"
check "no article on two pages" [ ! -s "$tmp/dups" ]
code=$(fetch "$base${cursor2%%&page=*}" "$tmp/p3b")
check "a hand-made cursor link (no page number) still knows it is page 3" grep -qF 'Page 3 of 3' "$tmp/p3b"
code=$(fetch "$base/category/bulk?before=1.1" "$tmp/x")
check "cursor past the end: 404 ($code)" [ "$code" = 404 ]
code=$(fetch "$base/category/bulk?before=abc" "$tmp/x")
check "malformed cursor: 404 ($code)" [ "$code" = 404 ]

step "Older to the last page and Newer back (47 articles in 'deep', 5 pages, ties on the time)"
# pager FILE REL: the pager link with rel REL, &amp; decoded ("" when none).
pager() {
	grep -o "href=\"[^\"]*\" rel=\"$2\"" "$1" | head -1 | sed 's/^href="//; s/" rel=.*//; s/&amp;/\&/g'
}
# stories FILE: the article slugs of a listing page, in page order.
stories() {
	grep -o '<h2><a href="/article/[^"]*"' "$1" | sed 's|.*/article/||; s|"$||' | tr '\n' ' '
}
# wellformed FILE: every non-void element closes, in order.
wellformed() {
	python3 - "$1" <<'PY'
import sys
from html.parser import HTMLParser
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
	"track", "wbr"}
class P(HTMLParser):
	def __init__(self):
		super().__init__()
		self.stack = []
		self.bad = []
	def handle_starttag(self, tag, attrs):
		if tag not in VOID:
			self.stack.append(tag)
	def handle_endtag(self, tag):
		if not self.stack or self.stack[-1] != tag:
			self.bad.append(tag)
		else:
			self.stack.pop()
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
sys.exit(0 if not p.bad and not p.stack else 1)
PY
}
declare -a older
url=/category/deep
last=0
while [ -n "$url" ] && [ "$last" -lt 9 ]; do
	last=$((last + 1))
	code=$(fetch "$base$url" "$tmp/d$last")
	check "Older to page $last: 200 ($code), 'Page $last of 5'" grep -qF "Page $last of 5" "$tmp/d$last"
	older[$last]=$(stories "$tmp/d$last")
	url=$(pager "$tmp/d$last" next)
done
cond "Older stops at page 5 ($last)" '[ "$last" = 5 ]'
all=$(printf '%s' "${older[@]}" | tr ' ' '\n' | grep -c .)
uniq=$(printf '%s' "${older[@]}" | tr ' ' '\n' | grep . | sort -u | grep -c '^deep-[0-9]*$')
cond "the five pages hold the 47 visible articles once each ($all, $uniq)" '[ "$all" = 47 ] && [ "$uniq" = 47 ]'
cp "$tmp/d5" "$tmp/n5"
for ((i = 5; i > 1; i--)); do
	prev=$(pager "$tmp/n$i" prev)
	if [ "$i" -gt 2 ]; then
		cond "page $i: Newer goes by cursor to page $((i - 1)) ($prev)" \
			'[[ "$prev" =~ ^/category/deep\?after=[0-9]+\.[0-9]+\&page=$((i - 1))$ ]]'
		check "page $i: a First page link too" grep -qF '<a href="/category/deep">First page</a>' "$tmp/n$i"
	else
		cond "page 2: Newer is the first page's one URL ($prev)" '[ "$prev" = /category/deep ]'
		check "page 2: no separate First page link" sh -c "! grep -qF 'First page' '$tmp/n$i'"
	fi
	check "page $i: Newer link says so" grep -qF 'rel="prev">Newer</a>' "$tmp/n$i"
	code=$(fetch "$base$prev" "$tmp/n$((i - 1))")
	check "Newer to page $((i - 1)): 200 ($code), 'Page $((i - 1)) of 5'" \
		grep -qF "Page $((i - 1)) of 5" "$tmp/n$((i - 1))"
	got=$(stories "$tmp/n$((i - 1))")
	cond "Newer to page $((i - 1)): the articles Older showed there" '[ "$got" = "${older[$((i - 1))]}" ]'
done
check "page 1: no Newer link" sh -c "! grep -q 'rel=\"prev\"' '$tmp/n1'"
for f in d1 d3 d5 n4; do
	check "$f: well-formed HTML" wellformed "$tmp/$f"
done
check "the pager is a labelled nav" grep -qF '<nav class="pagination" aria-label="Pages">' "$tmp/n4"
after3=$(pager "$tmp/n4" prev)
code=$(fetch "$base${after3%%&page=*}" "$tmp/x")
check "a hand-made after link (no page number) still knows it is page 3 ($code)" grep -qF 'Page 3 of 5' "$tmp/x"
code=$(fetch "$base${after3%%&page=*}&page=999" "$tmp/x")
check "an impossible page number is counted instead ($code)" grep -qF 'Page 3 of 5' "$tmp/x"
first2=$(grep -o '<h2><a href="/article/[^"]*"' "$tmp/d2" | head -1 | sed 's|.*/article/||; s|"$||')
ts=$(sqlite3 "$db" "SELECT published_at || '.' || id FROM articles WHERE slug = '$first2'")
code=$(fetch "$base/category/deep?after=$ts&page=2" "$tmp/x")
cond "after page 2's first article: the first page, as page 1 ($code)" \
	'grep -qF "Page 1 of 5" "$tmp/x" && [ "$(stories "$tmp/x")" = "${older[1]}" ]'
code=$(fetch "$base/category/deep?after=$ts&before=$ts" "$tmp/x")
check "after and before together: 404 ($code)" [ "$code" = 404 ]
for bad in abc 1 1. .1 0.5 5.0 1.2.3 -1.2 +1.2 '1.2%20' '%201.2' 99999999999999999999.1 1.9223372036854775807 ''; do
	code=$(fetch "$base/category/deep?after=$bad" "$tmp/x")
	check "malformed after '$bad': 404 ($code)" [ "$code" = 404 ]
done
code=$(fetch "$base/category/deep?after=1.1" "$tmp/x")
got=$(stories "$tmp/x" | wc -w)
cond "after a time before everything: the ten oldest, newest first ($code, $got)" \
	'[ "$got" = 10 ] && [[ "$(stories "$tmp/x")" == *"deep-46 " ]]'
code=$(fetch "$base/category/deep?after=$((now + 200000)).1" "$tmp/x")
check "after a time nothing is newer than: 404 ($code)" [ "$code" = 404 ]
code=$(fetch "$base/?after=1.1" "$tmp/x")
check "the home page has no after cursor: 404 ($code)" [ "$code" = 404 ]
code=$(fetch "$base/tag/energy?after=1.1&before=1.1" "$tmp/x")
check "tag listing: both cursors 404 ($code)" [ "$code" = 404 ]
code=$(fetch "$base/author/admin?after=x" "$tmp/x")
check "author listing: malformed after 404 ($code)" [ "$code" = 404 ]

step "search"
q() { fetch "$base/search?q=$1" "$tmp/s"; }
code=$(q publishing); check "English word forms: 'publishing' ($code)" grep -q '<mark>' "$tmp/s"
code=$(q '%E5%88%B6%E9%80%A0'); check "Chinese two characters 制造 find articles" grep -q '<mark>' "$tmp/s"
code=$(q '%E6%96%B0%E8%83%BD%E6%BA%90'); check "Chinese 新能源 finds articles" grep -q '<mark>' "$tmp/s"
for hostile in '%22' '*' 'NEAR(a%20b)' '-steel' 'title:steel' '(%20)' "%27)--" 'a%20OR%20b' '%5C%22%5C'; do
	code=$(q "$hostile")
	check "hostile query '$hostile': 200 ($code)" [ "$code" = 200 ]
done
code=$(q ''); check "empty query: helpful page 200 ($code)" grep -qF 'Type one or more words' "$tmp/s"
long=$(printf 'word%%20%.0s' $(seq 1 40))
code=$(q "$long"); check "over-long query: 200 with a message ($code)" grep -qF 'too long' "$tmp/s"
code=$(q 'steel&page=999'); check "search page past the end: 404 ($code)" [ "$code" = 404 ]
code=$(q 'bulk'); check "26 hits: page 1 links to page 2 ($code)" grep -qF 'page=2" rel="next"' "$tmp/s"
code=$(q 'bulk&page=3'); check "page 3 of 26 hits: Previous, no Next ($code)" \
	sh -c "grep -qF 'page=2\" rel=\"prev\"' '$tmp/s' && ! grep -qF 'rel=\"next\"' '$tmp/s'"
check "best match by default, a link to newest first" grep -qF 'search?q=bulk&amp;sort=new">newest</a>' "$tmp/s"
code=$(q 'bulk&sort=new'); check "sort=new: the newest bulk story leads ($code)" \
	sh -c "grep -o 'href=\"/article/bulk-[0-9]*\"' '$tmp/s' | head -1 | grep -qF '/article/bulk-1\"'"
check "sort=new: Next keeps the order" grep -qF 'sort=new&amp;page=2" rel="next"' "$tmp/s"
code=$(q 'bulk&sort=old'); check "an unknown sort: 404 ($code)" [ "$code" = 404 ]
code=$(q 'Jerry'); check "one page of hits: no pager ($code)" \
	sh -c "grep -qF '1 result for' '$tmp/s' && ! grep -qF 'class=\"pagination\"' '$tmp/s'"

step "scheduled publishing without a cron job"
code=$(fetch "$base/article/soon" "$tmp/x"); check "before its time: 404 ($code)" [ "$code" = 404 ]
echo $((now + 3599)) >"$GAZETTE_TEST_CLOCK"
code=$(fetch "$base/article/soon" "$tmp/x"); check "a second before its time: 404 ($code)" [ "$code" = 404 ]
echo $((now + 3600)) >"$GAZETTE_TEST_CLOCK"
code=$(fetch "$base/article/soon" "$tmp/x"); check "after its time: 200 ($code)" [ "$code" = 200 ]
check "and it leads the home page" sh -c "fetch() { :; }; curl -s '$base/' | grep -q 'Coming soon'"

step "HTTP caching"
fetch "$base/article/$art" "$tmp/c" >/dev/null
etag=$(header "$tmp/c.h" etag); lm=$(header "$tmp/c.h" last-modified); cc=$(header "$tmp/c.h" cache-control)
cond "ETag ($etag), Last-Modified ($lm)" '[ -n "$etag" ] && [ -n "$lm" ]'
check "Cache-Control public ($cc)" grep -q public <<<"$cc"
code=$(fetch "$base/article/$art" "$tmp/c2" -H "If-None-Match: $etag")
cond "If-None-Match: 304 ($code), no body" '[ "$code" = 304 ] && [ ! -s "$tmp/c2" ]'
code=$(fetch "$base/article/$art" "$tmp/c2" -H "If-Modified-Since: $lm")
check "If-Modified-Since: 304 ($code)" [ "$code" = 304 ]
code=$(fetch "$base/article/$art" "$tmp/c2" -H "If-None-Match: $etag" -H 'Cookie: gz_consent=accept.1.1')
check "another consent state: 200, not the cached page ($code)" [ "$code" = 200 ]
echo "UPDATE articles SET title = title || ' (corrected)' WHERE id = 1; UPDATE generation SET value = value + 1, changed_at = $((now + 3601));" | "$GAZETTE_BIN" sql --db "$db"
code=$(fetch "$base/article/$art" "$tmp/c2" -H "If-None-Match: $etag")
check "after a write the old ETag no longer matches: 200 ($code)" [ "$code" = 200 ]
code=$(fetch "$base/article/$art" "$tmp/c2" -H 'Cookie: gz_session=x')
check "a session cookie: private, no-store" grep -qi 'cache-control: private, no-store' "$tmp/c2.h"
out=$(python3 "$here/rawhttp.py" "$port" "HEAD /article/$art HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" full)
check "HEAD: 200 with Content-Length and no body ($out)" grep -qE '^200 [0-9]+ 0$' <<<"$out"

step "renamed slug and methods"
code=$(fetch "$base/article/old-hostile" "$tmp/r")
cond "old slug: 301 to /article/hostile ($code)" '[ "$code" = 301 ] && [ "$(header "$tmp/r.h" location)" = /article/hostile ]'
code=$(fetch "$base/article/$art" "$tmp/m" -X DELETE)
cond "DELETE on an article: 405 with Allow ($code)" '[ "$code" = 405 ] && grep -qi "^allow: GET, HEAD" "$tmp/m.h"'

finish
