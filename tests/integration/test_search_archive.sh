#!/bin/bash
# Search that does what readers type, month archives and the extra feeds
# (issue 17 points 4 and 5), through `gazette serve` on a real demo
# database with generated articles:
#  1. phrases: "arc electric" in quotes finds only the article where the
#     words touch in that order, the bare words find more; Chinese phrases
#     too; the results header shows the query once, escaped once;
#  2. filters: a section (with its subsections) and a date range narrow
#     the results, are kept in every link, refill the form, and bad values
#     get a 400 page that says which; the page cache keeps filtered pages
#     apart;
#  3. past the newest 200 matches: 450 generated matches are all reached,
#     each once, by following "Older results" (three batches);
#  4. month archives: /YYYY/MM lists the month (its first and last second,
#     not the next month's first), pages by cursor, 404 for months outside
#     1..12, in the future or empty, /YYYY/MM/ 301, a digits-only route
#     that leaves other paths to the old-address lookup; /archive and its
#     year select; the footer links it;
#  5. tag, author and comment feeds: 200, well-formed RSS (python3
#     xml.etree), held/spam/trashed comments and comments on drafts never
#     in the comment feed, anchors to the comment, ETag and 304, and
#     <link rel="alternate"> on the tag, author and article pages;
#  6. WordPress's /?s=term lands on search, quotes and all.
set -u
. "$(dirname "$0")/lib.sh"

step "setup: demo database, fixed clock, generated articles"
db=$tmp/g.db
"$GAZETTE_BIN" init --db "$db" --demo >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log"; die "init failed"; }
now=$(date +%s)
export GAZETTE_TEST_CLOCK=$tmp/clock
echo "$now" >"$GAZETTE_TEST_CLOCK"
# Times of the February 2024 archive: its first and last second, and the
# first second of March (not February's).
feb1=$(date -u -d 2024-02-01T00:00:00Z +%s)
mar1=$(date -u -d 2024-03-01T00:00:00Z +%s)
jan15=$(date -u -d 2024-01-15T12:00:00Z +%s)
"$GAZETTE_BIN" sql --db "$db" <<SQL || die "fixture SQL failed"
INSERT INTO categories (id, slug, name, parent_id) VALUES
	(80, 'harbour', 'Harbour', NULL), (81, 'docks', 'Docks', 80), (82, 'cranes', 'Cranes', 81),
	(83, 'elsewhere', 'Elsewhere', NULL);
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status,
	published_at, created_at, updated_at) VALUES
	(800, 'welder', 'An arc electric welder', '', 'The arc electric welder is new.', 1, 83,
	 'published', $feb1, 0, 0),
	(801, 'feb-last', 'Last second of February', '', 'Crane heron story.', 1, 82,
	 'published', $mar1 - 1, 0, 0),
	(802, 'mar-first', 'First second of March', '', 'Crane heron story.', 1, 80,
	 'published', $mar1, 0, 0),
	(803, 'jan-mid', 'Middle of January', '', 'Crane heron story.', 1, 83,
	 'published', $jan15, 0, 0),
	(804, 'zh-econ', '经济报道', '', '中国经济在增长。', 1, 83, 'published', $feb1 + 60, 0, 0),
	(805, 'zh-apart', '学者', '', '中国的经济学家说。', 1, 83, 'published', $feb1 + 120, 0, 0),
	(806, 'feb-draft', 'Draft in February', '', 'Crane heron draft.', 1, 82, 'draft', NULL, 0, 0),
	(807, 'feb-trash', 'Trash in February', '', 'Crane heron trash.', 1, 82, 'trash',
	 $feb1 + 3600, 0, 0),
	(808, 'just-now', 'Published this second', '', 'Now.', 1, 80, 'published', $now, 0, 0);
-- 450 articles with the word quokka, newest id newest, a tenth in Docks.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 450)
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status,
	published_at, created_at, updated_at)
SELECT 10000 + i, 'quokka-' || i, 'Quokka report ' || i, '', 'A quokka was seen, number ' || i,
	1, CASE WHEN i % 10 = 0 THEN 81 ELSE NULL END, 'published', $now - 400000 + i * 60, 0, 0 FROM n;
-- 25 in April 2024 for the month pager.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25)
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status,
	published_at, created_at, updated_at)
SELECT 20000 + i, 'april-' || i, 'April story ' || i, '', 'Spring.', 1, 80, 'published',
	$(date -u -d 2024-04-01T00:00:00Z +%s) + i * 3600, 0, 0 FROM n;
INSERT INTO tags (id, slug, name) VALUES (80, 'cranes-tag', 'Cranes & <Hoists>');
INSERT INTO article_tags VALUES (801, 80), (803, 80);
INSERT INTO comments (id, article_id, author_name, author_email, body, status, created_at,
	status_changed_at) VALUES
	(900, 801, 'Approved Reader', 'a@example.com', 'ApprovedMarker & <b>bold</b>', 'approved',
	 $now - 50, $now - 50),
	(901, 801, 'Held Reader', 'h@example.com', 'HeldMarker', 'pending', $now - 40, $now - 40),
	(902, 801, 'Spam Reader', 's@example.com', 'SpamMarker', 'spam', $now - 30, $now - 30),
	(903, 801, 'Trash Reader', 't@example.com', 'TrashMarker', 'trash', $now - 20, $now - 20),
	(904, 806, 'Draft Reader', 'd@example.com', 'DraftMarker', 'approved', $now - 10, $now - 10);
-- A WordPress month archive the importer mapped, on a month without articles.
INSERT INTO redirects (path, target, created_at) VALUES ('/2019/05', '/category/harbour', 1);
SQL
GAZETTE_STRICT=1 "$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$db" >"$tmp/serve.log" 2>&1 &
pids+=($!)
port=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "no port in $tmp/serve.log"; }
base=http://127.0.0.1:$port
wait_http "$base/" || { cat "$tmp/serve.log"; die "serve does not answer"; }
pass "gazette serve on $base"

# slugs FILE: the article slugs a result page links, in order, one per line.
slugs() { grep -o '<h2><a href="/article/[^"]*"' "$1" | sed 's/.*article\///; s/"$//'; }
# summary FILE: the results header.
summary() { grep -o '<p class="search-summary">.*</p>' "$1" | head -1; }
# attr_href FILE TEXT: the href of the link whose text is TEXT, &amp; decoded.
link_href() { grep -o "<a href=\"[^\"]*\"[^>]*>$2</a>" "$1" | head -1 | sed 's/^<a href="//; s/".*//; s/&amp;/\&/g'; }

step "phrases against words"
code=$(fetch "$base/search?q=arc+electric" "$tmp/w")
words=$(slugs "$tmp/w" | sort | tr '\n' ' ')
code2=$(fetch "$base/search?q=%22arc+electric%22" "$tmp/p")
phrase=$(slugs "$tmp/p" | sort | tr '\n' ' ')
cond "words: 200 ($code), 7 articles ($(slugs "$tmp/w" | wc -l))" '[ "$code" = 200 ] && [ "$(slugs "$tmp/w" | wc -l)" = 7 ]'
cond "phrase: 200 ($code2), only the welder ($phrase)" '[ "$code2" = 200 ] && [ "$phrase" = "welder " ]'
check "the phrase's set lies inside the words' set" grep -qw welder <<<"$words"
code=$(fetch "$base/search?q=%22electric+arc%22" "$tmp/p2")
cond "\"electric arc\": the demo's 6, not the welder ($(slugs "$tmp/p2" | wc -l))" \
	'[ "$(slugs "$tmp/p2" | wc -l)" = 6 ] && ! slugs "$tmp/p2" | grep -qx welder'
code=$(fetch "$base/search?q=%E2%80%9Carc+electric%E2%80%9D" "$tmp/p3")
cond "curly quotes are quotes too" '[ "$(slugs "$tmp/p3" | tr "\n" " ")" = "welder " ]'
code=$(fetch "$base/search?q=%22arc+electric" "$tmp/p4")
cond "an unclosed quote runs to the end: a phrase" '[ "$(slugs "$tmp/p4" | tr "\n" " ")" = "welder " ]'
# Chinese: 中国 经济 as words finds both; in quotes only where they touch.
code=$(fetch "$base/search?q=%E4%B8%AD%E5%9B%BD+%E7%BB%8F%E6%B5%8E" "$tmp/z1")
cond "Chinese words: both articles" '[ "$(slugs "$tmp/z1" | sort | tr "\n" " ")" = "zh-apart zh-econ " ]'
code=$(fetch "$base/search?q=%22%E4%B8%AD%E5%9B%BD+%E7%BB%8F%E6%B5%8E%22" "$tmp/z2")
cond "Chinese phrase \"中国 经济\": only 中国经济" '[ "$(slugs "$tmp/z2" | tr "\n" " ")" = "zh-econ " ]'
check "the Chinese phrase is marked whole" grep -qF '<mark>中国经济</mark>' "$tmp/z2"
code=$(fetch "$base/search?q=%E3%80%8C%E4%B8%AD%E5%9B%BD%E7%9A%84%E7%BB%8F%E6%B5%8E%E3%80%8D" "$tmp/z3")
cond "corner brackets 「中国的经济」: only 中国的经济" '[ "$(slugs "$tmp/z3" | tr "\n" " ")" = "zh-apart " ]'

step "the results header shows the query once"
s=$(summary "$tmp/p")
check "header: 1 result for the quoted query ($s)" grep -qF '1 result for <strong class="search-q">&#34;arc electric&#34;</strong>.' <<<"$s"
cond "the query's quotes appear once, not inside added quotes" \
	'[ "$(grep -o "&#34;arc electric&#34;" <<<"$s" | wc -l)" = 1 ] && ! grep -qF "“" <<<"$s"'
check "escaped once: no &amp;#34;" sh -c "! grep -qF '&amp;#34;' '$tmp/p'"
check "the search box holds the query as typed" grep -qF 'value="&#34;arc electric&#34;"' "$tmp/p"
code=$(fetch "$base/search?q=%3Cb%3E%26%22x%22" "$tmp/h")
check "hostile query: escaped once in the header" grep -qF '<strong class="search-q">&lt;b&gt;&amp;&#34;x&#34;</strong>' "$tmp/h"

step "filters: section with subsections, dates"
code=$(fetch "$base/search?q=heron" "$tmp/f0")
cond "heron: 3 visible articles ($(slugs "$tmp/f0" | wc -l))" '[ "$(slugs "$tmp/f0" | wc -l)" = 3 ]'
code=$(fetch "$base/search?q=heron&cat=harbour" "$tmp/f1")
cond "section harbour takes docks and cranes below it ($(slugs "$tmp/f1" | sort | tr '\n' ' '))" \
	'[ "$(slugs "$tmp/f1" | sort | tr "\n" " ")" = "feb-last mar-first " ]'
code=$(fetch "$base/search?q=heron&cat=docks" "$tmp/f2")
cond "section docks: only cranes' article below it" '[ "$(slugs "$tmp/f2" | tr "\n" " ")" = "feb-last " ]'
check "the header names the section" grep -qF '</strong> in Docks.' "$tmp/f2"
check "the select keeps the section chosen" grep -qF '<option value="docks" selected>' "$tmp/f2"
nbsp3=$(printf '\xc2\xa0%.0s' 1 2 3)
check "subsections follow their parent, indented by depth" grep -qzF \
	"<option value=\"harbour\">Harbour</option>
<option value=\"docks\" selected>${nbsp3}Docks</option>
<option value=\"cranes\">${nbsp3}${nbsp3}Cranes</option>" "$tmp/f2"
code=$(fetch "$base/search?q=heron&from=2024-02-01&to=2024-02-29" "$tmp/f3")
cond "February 2024, both days included: the last second of the 29th" \
	'[ "$(slugs "$tmp/f3" | tr "\n" " ")" = "feb-last " ]'
check "the form keeps the dates" grep -qF 'name="from" value="2024-02-01"' "$tmp/f3"
check "the filters are open when used" grep -qF '<details class="search-filters" open>' "$tmp/f3"
code=$(fetch "$base/search?q=heron&from=2024-03-01" "$tmp/f4")
cond "from 1 March: only March's first second" '[ "$(slugs "$tmp/f4" | tr "\n" " ")" = "mar-first " ]'
code=$(fetch "$base/search?q=heron&to=2024-01-31&cat=elsewhere" "$tmp/f5")
cond "to 31 January in Elsewhere: the January one" '[ "$(slugs "$tmp/f5" | tr "\n" " ")" = "jan-mid " ]'
code=$(fetch "$base/search?q=heron&cat=&from=&to=" "$tmp/f6")
cond "empty filter fields are no filter" '[ "$(slugs "$tmp/f6" | wc -l)" = 3 ]'
for bad in "cat=nowhere:section called" "from=2024-02-30:could not be read" "to=24-1-1:could not be read" \
	"from=2024-03-01%26to%3D:could not be read" "from=2024-03-02&to=2024-03-01:comes after"; do
	qs=${bad%%:*}
	msg=${bad#*:}
	code=$(fetch "$base/search?q=heron&$qs" "$tmp/fb")
	cond "bad filter $qs: 400 ($code) saying '$msg'" '[ "$code" = 400 ] && grep -qF "$msg" "$tmp/fb" && [ "$(slugs "$tmp/fb" | wc -l)" = 0 ]'
done
code=$(fetch "$base/search?q=heron&from=2024-02-30&to=2024-03-01" "$tmp/fb")
check "a date that is no date is not put back in its date field" grep -qF 'name="from" value=""' "$tmp/fb"
check "the good one is kept" grep -qF 'name="to" value="2024-03-01"' "$tmp/fb"
code=$(fetch "$base/search?q=heron&before=x" "$tmp/fb")
check "a malformed batch cursor: 404 ($code)" [ "$code" = 404 ]
# The page cache (keyed by the whole target) keeps filtered pages apart.
fetch "$base/search?q=heron&cat=docks" "$tmp/c1" >/dev/null
fetch "$base/search?q=heron" "$tmp/c2" >/dev/null
fetch "$base/search?q=heron&cat=docks" "$tmp/c3" >/dev/null
cond "cached filtered and unfiltered pages stay apart" \
	'[ "$(slugs "$tmp/c1" | wc -l)" = 1 ] && [ "$(slugs "$tmp/c2" | wc -l)" = 3 ] && cmp -s "$tmp/c1" "$tmp/c3"'
etag=$(header "$tmp/c1.h" etag)
code=$(fetch "$base/search?q=heron&cat=docks" "$tmp/c4" -H "If-None-Match: $etag")
check "a filtered page revalidates: 304 ($code)" [ "$code" = 304 ]

step "pages and links keep the filters"
code=$(fetch "$base/search?q=quokka&cat=docks" "$tmp/k1")
cond "45 quokkas in Docks: page 1 of 5 ($(slugs "$tmp/k1" | wc -l) shown)" \
	'grep -qF "45 results for" "$tmp/k1" && [ "$(slugs "$tmp/k1" | wc -l)" = 10 ]'
next=$(link_href "$tmp/k1" Next)
cond "Next keeps the section ($next)" '[ "$next" = "/search?q=quokka&cat=docks&page=2" ]'
sortl=$(link_href "$tmp/k1" newest)
cond "the sort link keeps it too ($sortl)" '[ "$sortl" = "/search?q=quokka&cat=docks&sort=new" ]'
code=$(fetch "$base$sortl" "$tmp/k2")
next=$(link_href "$tmp/k2" Next)
cond "newest first, Next keeps order and section ($next)" '[ "$next" = "/search?q=quokka&cat=docks&sort=new&page=2" ]'
check "the form keeps newest first" grep -qF '<input type="hidden" name="sort" value="new">' "$tmp/k2"
seen=""
url="/search?q=quokka&cat=docks&sort=new"
for i in 1 2 3 4 5 6; do
	fetch "$base$url" "$tmp/kp" >/dev/null
	seen="$seen $(slugs "$tmp/kp" | tr '\n' ' ')"
	url=$(link_href "$tmp/kp" Next)
	[ -n "$url" ] || break
done
cond "five pages reach all 45, each once" '[ "$(tr " " "\n" <<<"$seen" | grep -c .)" = 45 ] && [ "$(tr " " "\n" <<<"$seen" | grep . | sort -u | wc -l)" = 45 ]'

step "past the newest 200 matches"
code=$(fetch "$base/search?q=quokka" "$tmp/o1")
check "more than 200: the header says so" grep -qF 'More than 200 results for' "$tmp/o1"
older=$(link_href "$tmp/o1" "Older results")
cond "an Older results link with a batch cursor ($older)" '[[ "$older" == /search\?q=quokka\&before=* ]]'
all=""
url="/search?q=quokka&sort=new"
batches=0
while [ -n "$url" ] && [ "$batches" -lt 5 ]; do
	batches=$((batches + 1))
	page=$url
	while [ -n "$page" ]; do
		fetch "$base$page" "$tmp/ob" >/dev/null
		all="$all $(slugs "$tmp/ob" | tr '\n' ' ')"
		page=$(link_href "$tmp/ob" Next)
	done
	url=$(link_href "$tmp/ob" "Older results")
done
n_all=$(tr ' ' '\n' <<<"$all" | grep -c quokka)
n_uniq=$(tr ' ' '\n' <<<"$all" | grep quokka | sort -u | wc -l)
cond "three batches ($batches) reach all 450 quokkas ($n_all), each once ($n_uniq)" \
	'[ "$batches" = 3 ] && [ "$n_all" = 450 ] && [ "$n_uniq" = 450 ]'
check "the oldest quokka is in the last batch" grep -q 'href="/article/quokka-1"' "$tmp/ob"
check "an older batch says so and links back to the newest" \
	sh -c "grep -qF 'Older results: ' '$tmp/ob' && grep -qF '>Newest results</a>' '$tmp/ob'"
check "the newest first order is kept across batches" grep -qF 'sort=new' <<<"$older$(link_href "$tmp/ob" "Newest results")"
code=$(fetch "$base/search?q=quokka&page=21" "$tmp/x")
check "page 21 of a full batch: 404 ($code)" [ "$code" = 404 ]
code=$(fetch "$base/search?q=quokka&page=22" "$tmp/x")
check "page 22: 404 ($code)" [ "$code" = 404 ]

step "month archives"
code=$(fetch "$base/2024/02" "$tmp/m")
cond "/2024/02: 200 ($code)" '[ "$code" = 200 ]'
check "titled February 2024" grep -qF '<h1 class="page-title">February 2024</h1>' "$tmp/m"
feb=$(grep -o 'href="/article/[^"]*"' "$tmp/m" | sort -u | tr '\n' ' ')
cond "lists its first and last second, not March 1st or the draft/trash ($feb)" \
	'[[ "$feb" == *welder* ]] && [[ "$feb" == *feb-last* ]] && [[ "$feb" != *mar-first* ]] && [[ "$feb" != *feb-draft* ]] && [[ "$feb" != *feb-trash* ]]'
check "the navigation lists 2024's months with counts" grep -qF '<a href="/2024/02" aria-current="page">Feb 2024</a> <span class="count">(4)</span>' "$tmp/m"
check "a month without articles is no link" grep -qF '<span class="empty">May 2024</span>' "$tmp/m"
check "the year select offers 2024" grep -qF '<option value="2024" selected>2024</option>' "$tmp/m"
code=$(fetch "$base/2024/03" "$tmp/m3")
check "/2024/03 holds March's first second" grep -qF 'href="/article/mar-first"' "$tmp/m3"
code=$(fetch "$base/2024/02/" "$tmp/x")
loc=$(header "$tmp/x.h" location)
cond "/2024/02/: 301 ($code) to /2024/02 ($loc)" '[ "$code" = 301 ] && [ "$loc" = /2024/02 ]'
cur=$(date -u -d "@$now" +%Y/%m)
code=$(fetch "$base/$cur" "$tmp/x")
check "this month /$cur: 200 ($code)" [ "$code" = 200 ]
for bad in /2024/13 /2024/00 /2024/99 /9999/12 /2023/07 /2024/2 /24/02 /02024/02 /2024/02x /1969/12 /0000/01; do
	code=$(fetch "$base$bad" "$tmp/x")
	check "$bad: 404 ($code)" [ "$code" = 404 ]
done
next_year=$(( $(date -u -d "@$now" +%Y) + 1 ))
code=$(fetch "$base/$next_year/01" "$tmp/x")
check "a month after now (/$next_year/01): 404 ($code)" [ "$code" = 404 ]
code=$(fetch "$base/2019/05" "$tmp/x")
loc=$(header "$tmp/x.h" location)
cond "an empty month the redirects know: 301 to its target ($code $loc)" '[ "$code" = 301 ] && [ "$loc" = /category/harbour ]'
for other in /some/thing /12/thing /admin/nothing-here; do
	code=$(fetch "$base$other" "$tmp/x")
	check "$other is no archive: 404 ($code)" [ "$code" = 404 ]
done
code=$(fetch "$base/2024/02" "$tmp/x" -X POST)
check "POST /2024/02: 405 ($code)" [ "$code" = 405 ]
code=$(fetch "$base/2024/02" "$tmp/x" -I)
check "HEAD /2024/02: 200 ($code)" [ "$code" = 200 ]

step "a month's pages"
code=$(fetch "$base/2024/04" "$tmp/a1")
cond "April 2024: 25 articles, page 1 of 3" 'grep -qF "Page 1 of 3" "$tmp/a1" && grep -qF "25 articles" "$tmp/a1"'
older=$(link_href "$tmp/a1" Older)
cond "Older goes by cursor ($older)" '[[ "$older" == /2024/04\?before=*\&page=2 ]]'
months=""
url=/2024/04
for i in 1 2 3 4; do
	fetch "$base$url" "$tmp/ap" >/dev/null
	months="$months $(grep -o 'href="/article/april-[0-9]*"' "$tmp/ap" | tr '\n' ' ')"
	url=$(link_href "$tmp/ap" Older)
	[ -n "$url" ] || break
done
cond "three pages hold all 25, each once" \
	'[ "$(tr " " "\n" <<<"$months" | grep -c april)" = 25 ] && [ "$(tr " " "\n" <<<"$months" | grep april | sort -u | wc -l)" = 25 ]'
check "the last page says page 3 of 3" grep -qF 'Page 3 of 3' "$tmp/ap"
newer=$(link_href "$tmp/ap" Newer)
code=$(fetch "$base$newer" "$tmp/an")
cond "Newer from page 3: page 2 ($newer)" '[ "$code" = 200 ] && grep -qF "Page 2 of 3" "$tmp/an"'
code=$(fetch "$base/2024/04?before=$mar1.1" "$tmp/x")
check "a cursor outside the month: 404 ($code)" [ "$code" = 404 ]
code=$(fetch "$base/2024/04?before=x" "$tmp/x")
check "a malformed cursor: 404 ($code)" [ "$code" = 404 ]

step "/archive and the footer"
code=$(fetch "$base/archive" "$tmp/ar")
check "/archive: 200 ($code)" [ "$code" = 200 ]
check "the last twelve months" grep -qF 'The last twelve months' "$tmp/ar"
check "this month is linked" grep -qF "href=\"/$cur\"" "$tmp/ar"
check "a year select as a plain GET form" grep -qF '<form class="archive-years" method="get" action="/archive">' "$tmp/ar"
years=$(grep -o '<option value="[0-9]*"' "$tmp/ar" | tr '\n' ' ')
cond "years with articles only ($years)" '[[ "$years" == *2024* ]] && [[ "$years" != *2023* ]] && [[ "$years" != *2019* ]]'
code=$(fetch "$base/archive?year=2024" "$tmp/ay")
check "/archive?year=2024: 200, 2024's months" grep -qF '<a href="/2024/04">Apr 2024</a> <span class="count">(25)</span>' "$tmp/ay"
for bad in 2019 1969 20244 abc 10000; do
	code=$(fetch "$base/archive?year=$bad" "$tmp/x")
	check "/archive?year=$bad: 404 ($code)" [ "$code" = 404 ]
done
fetch "$base/" "$tmp/home" >/dev/null
check "the footer links the archives" grep -qF '<a href="/archive">' "$tmp/home"

step "tag, author and comment feeds"
xmlcheck() {
	python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "rss", root.tag
ch = root.find("channel")
assert ch.findtext("title") and ch.findtext("link") is not None
for it in ch.findall("item"):
    assert it.findtext("title") and it.findtext("link") and it.findtext("pubDate")
print(len(ch.findall("item")))
PY
}
for f in /tag/cranes-tag/feed /author/admin/feed /feed/comments /tag/energy/feed; do
	code=$(fetch "$base$f" "$tmp/feed")
	ct=$(header "$tmp/feed.h" content-type)
	items=$(xmlcheck "$tmp/feed" 2>&1)
	cond "$f: 200 ($code), RSS ($ct), well-formed with $items items" \
		'[ "$code" = 200 ] && [[ "$ct" == application/rss+xml* ]] && [[ "$items" =~ ^[1-9][0-9]*$ ]]'
	etag=$(header "$tmp/feed.h" etag)
	code=$(fetch "$base$f" "$tmp/feed2" -H "If-None-Match: $etag")
	check "$f: If-None-Match 304 ($code)" [ "$code" = 304 ]
done
fetch "$base/tag/cranes-tag/feed" "$tmp/tf" >/dev/null
check "the tag feed is titled by the tag, escaped" grep -qF '<title>The Gazette Demo: Cranes &amp; &lt;Hoists&gt;</title>' "$tmp/tf"
check "the tag feed holds the tag's article" grep -qF '/article/feb-last</link>' "$tmp/tf"
check "and not others" sh -c "! grep -qF '/article/mar-first</link>' '$tmp/tf'"
fetch "$base/feed/comments" "$tmp/cf" >/dev/null
check "the comment feed links the comment's anchor" grep -qF '/article/feb-last#comment-900</link>' "$tmp/cf"
check "its text escaped once" grep -qF 'ApprovedMarker &amp; &lt;b&gt;bold&lt;/b&gt;' "$tmp/cf"
for marker in HeldMarker SpamMarker TrashMarker DraftMarker; do
	check "no $marker in the comment feed" sh -c "! grep -qF '$marker' '$tmp/cf'"
done
newest=$(python3 -c "
import sys, xml.etree.ElementTree as ET
print(ET.parse('$tmp/cf').getroot().find('channel/item/link').text)")
cond "the newest comment comes first ($newest)" '[[ "$newest" == */article/feb-last#comment-900 ]]'
for f in /tag/nope/feed /author/nobody/feed; do
	code=$(fetch "$base$f" "$tmp/x")
	check "$f: 404 ($code)" [ "$code" = 404 ]
done
# Approving the held comment changes the feed and its validator.
etag=$(header "$tmp/cf.h" etag)
"$GAZETTE_BIN" sql --db "$db" <<SQL || die "approve failed"
UPDATE comments SET status = 'approved' WHERE id = 901;
UPDATE generation SET value = value + 1 WHERE id = 1;
SQL
code=$(fetch "$base/feed/comments" "$tmp/cf2" -H "If-None-Match: $etag")
cond "after a comment is approved: 200 ($code), now with it" '[ "$code" = 200 ] && grep -qF HeldMarker "$tmp/cf2"'

step "feeds are announced on their pages"
fetch "$base/tag/cranes-tag" "$tmp/tp" >/dev/null
check "tag page: <link rel=alternate> to its feed" grep -qF '<link rel="alternate" type="application/rss+xml" title="Cranes &amp; &lt;Hoists&gt; (RSS)" href="/tag/cranes-tag/feed">' "$tmp/tp"
fetch "$base/author/admin" "$tmp/up" >/dev/null
check "author page: <link rel=alternate> to its feed" grep -qF 'href="/author/admin/feed">' "$tmp/up"
fetch "$base/article/feb-last" "$tmp/artp" >/dev/null
for want in 'href="/feed/comments"' 'href="/author/admin/feed"' 'href="/tag/cranes-tag/feed"' 'href="/category/cranes/feed"'; do
	check "article page: <link rel=alternate> $want" sh -c "grep '<link rel=\"alternate\" type=\"application/rss+xml\"' '$tmp/artp' | grep -qF '$want'"
done

step "WordPress's /?s= lands on search"
code=$(fetch "$base/?s=%22arc+electric%22" "$tmp/s")
loc=$(header "$tmp/s.h" location)
cond "/?s=\"arc electric\": 301 ($code) to search ($loc)" '[ "$code" = 301 ] && [ "$loc" = "/search?q=%22arc%20electric%22" ]'
code=$(fetch "$base$loc" "$tmp/s2")
cond "and the phrase is searched ($(slugs "$tmp/s2" | tr '\n' ' '))" '[ "$code" = 200 ] && [ "$(slugs "$tmp/s2" | tr "\n" " ")" = "welder " ]'

step "the server logged no error"
stop_pid "${pids[0]}"
check "clean exit ($rc)" [ "$rc" = 0 ]
check "no 5xx or template error in the log" sh -c "! grep -E '\" 5[0-9][0-9] |template|strict' '$tmp/serve.log'"
finish
