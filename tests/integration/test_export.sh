#!/bin/bash
# gazette export wordpress, on the demo site with what the demo lacks added
# through gazette sql (a nested section, a Chinese-named author, a media
# file used as an article's image, a title, summary, body and comment with
# &, <, "]]>" and Chinese, a trashed article, a draft page, a reply to a
# reply, a trashed comment):
#  1. usage and runtime errors: no format or an unknown one, a bad
#     --base-url (exit 2); a missing file, a file with no Gazette schema, a
#     full disk (/dev/full) and a reader that goes away (closed pipe): exit 1
#     with one message, and the partial output is said to be unusable;
#  2. the base URL: the setting when saved, --base-url over it, else the
#     default with a note on stderr;
#  3. the document, checked by tests/integration/wxr_check.py against the
#     database with python3's xml.etree and sqlite3: well-formed, every
#     field WordPress's importer reads on every item and comment, counts of
#     authors, sections, tags, posts, pages, attachments and comments equal
#     to the database's, statuses mapped, text byte-identical;
#  4. the export only reads: the database's content is the same after;
#  5. the round trip: the export imported by `gazette import wordpress`
#     (with --media naming the old site's folder) into an empty database
#     has the same articles, pages, comments, sections, tags, staff, media
#     and images (wxr_check.py roundtrip).
#  6. the same with real WordPress content: the theme unit test export
#     (../shared/fixtures/wordpress, exit 77 when it is missing) imported,
#     exported (checked as in 3), imported again: the two Gazettes hold the
#     same site.
set -u
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || die "sqlite3 not found"
check_py=$here/wxr_check.py

# pychecks ARGS...: run wxr_check.py, its PASS/FAIL lines become checks.
pychecks() {
	local line
	python3 "$check_py" "$@" >"$tmp/py.out" 2>&1
	while IFS= read -r line; do
		case $line in
		"PASS "*) pass "${line#PASS }" ;;
		"FAIL "*) fail "${line#FAIL }" ;;
		*) echo "     $line" ;;
		esac
	done <"$tmp/py.out"
	grep -q '^PASS ' "$tmp/py.out" || fail "wxr_check.py $1 ran no check"
}

# content_sum DB: a digest of every row of every table, to see that nothing changed.
content_sum() {
	python3 - "$1" <<'PY'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
h = hashlib.sha256()
for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'article_fts%' ORDER BY name"):
    for row in db.execute('SELECT * FROM "%s" ORDER BY 1' % name):
        h.update(repr(row).encode())
print(h.hexdigest())
PY
}

step "setup: demo site and what it lacks"
db=$tmp/site.db
"$GAZETTE_BIN" init --db "$db" --demo >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log"; die "init failed"; }
mkdir -p "$tmp/media"
# A real 1x1 PNG stored as Gazette stores uploads: media/<sha256>.png.
hash=$(python3 - "$tmp/media" <<'PY'
import hashlib, struct, sys, zlib
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))
h = hashlib.sha256(png).hexdigest()
open("%s/%s.png" % (sys.argv[1], h), "wb").write(png)
print(h)
PY
)
[ -n "$hash" ] || die "no media file"
"$GAZETTE_BIN" sql --db "$db" <<SQL || die "fixture SQL failed"
INSERT INTO categories (id, slug, name, description, parent_id) VALUES
	(6, 'ports', 'Ports & harbours', 'Docks, cranes ]]> and <tides>', 4);
INSERT INTO users (id, login, display_name, email, role, created_at) VALUES
	(4, 'lwei', '李伟', 'li.wei@example.org', 'author', unixepoch());
INSERT INTO media (id, hash, ext, mime, width, height, bytes, alt, original_name, uploaded_by, created_at)
	VALUES (1, '$hash', 'png', 'image/png', 1, 1, 69, 'A green & red pixel', 'pixel.png', 4, unixepoch() - 900);
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, image_id, status, featured,
	comments_open, published_at, created_at, updated_at, meta_description) VALUES
	(101, 'special-characters', 'Q&A: <b>bold</b> ]]> 中文标题', 'Summary & <more> ]]> 摘要',
	 'Body & <b>x</b> ]]> 正文 — line one
line two

Read [the wind piece](/article/wind-tower-plant-adds-third-shift).

![A green pixel](/media/$hash.png "A caption ]]> 说明")', 4, 6, 1, 'published', 0, 1,
	 unixepoch() - 600, unixepoch() - 700, unixepoch() - 650, 'Meta & <description> 中文'),
	(104, 'trashed-piece', 'Trashed', '', 'Gone.', 3, NULL, NULL, 'trash', 0, 1, unixepoch() - 86400,
	 unixepoch() - 90000, unixepoch() - 500, '');
INSERT INTO article_tags (article_id, tag_id) VALUES (101, 15), (101, 1);
INSERT INTO comments (id, article_id, parent_id, user_id, author_name, author_email, author_url, body,
	status, created_at, status_changed_at) VALUES
	(101, 101, NULL, NULL, '读者 & co', 'reader@example.org', 'https://reader.example/a?b=1&c=2',
	 'Great ]]> & <script>alert(1)</script> 好', 'approved', unixepoch() - 500, unixepoch() - 500),
	(102, 101, 101, 4, '李伟', 'li.wei@example.org', '', 'Thanks.', 'approved', unixepoch() - 400, unixepoch() - 400),
	(103, 101, 102, NULL, 'Third', 'third@example.org', '', 'A reply to a reply.', 'pending',
	 unixepoch() - 300, unixepoch() - 300),
	(104, 101, NULL, NULL, 'Spam Bot', 'bot@example.com', 'https://spam.example', 'cheap pills',
	 'spam', unixepoch() - 200, unixepoch() - 200),
	(105, 101, NULL, NULL, 'Removed', 'gone@example.org', '', 'rude', 'trash', unixepoch() - 100,
	 unixepoch() - 100);
INSERT INTO pages (slug, title, body, updated_at, status) VALUES
	('draft-page', 'Draft page & more', 'Not yet [public](/p/about).', unixepoch(), 'draft');
SQL
counts=$(sqlite3 "$db" "SELECT (SELECT count(*) FROM articles) || ' articles, ' ||
	(SELECT group_concat(status || '=' || n) FROM (SELECT status, count(*) n FROM articles GROUP BY status)) || '; ' ||
	(SELECT count(*) FROM comments) || ' comments (' ||
	(SELECT group_concat(status || '=' || n) FROM (SELECT status, count(*) n FROM comments GROUP BY status)) || '), ' ||
	(SELECT count(*) FROM pages) || ' pages, ' || (SELECT count(*) FROM media) || ' media'")
pass "demo site plus fixtures: $counts"

step "usage and runtime errors"
for args in "" "csv" "wordpress extra" "wordpress --bogus" "wordpress --base-url ftp://x" \
	"wordpress --base-url https://x/?q=1" "wordpress --base-url"; do
	# shellcheck disable=SC2086
	"$GAZETTE_BIN" export $args --db "$db" >"$tmp/o" 2>"$tmp/e"; rc=$?
	cond "export $args: exit 2, a message, nothing on stdout ($rc: $(head -1 "$tmp/e"))" \
		'[ $rc = 2 ] && [ -s "$tmp/e" ] && [ ! -s "$tmp/o" ]'
done
"$GAZETTE_BIN" export wordpress --db "$tmp/missing.db" >"$tmp/o" 2>"$tmp/e"; rc=$?
cond "missing database: exit 1, one line, nothing on stdout ($(cat "$tmp/e"))" \
	'[ $rc = 1 ] && [ "$(wc -l <"$tmp/e")" = 1 ] && [ ! -s "$tmp/o" ] && [ ! -e "$tmp/missing.db" ]'
python3 -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute("CREATE TABLE t (x)")' "$tmp/other.db"
"$GAZETTE_BIN" export wordpress --db "$tmp/other.db" >"$tmp/o" 2>"$tmp/e"; rc=$?
cond "a database with no Gazette schema: exit 1, one line, nothing on stdout ($(cat "$tmp/e"))" \
	'[ $rc = 1 ] && [ "$(wc -l <"$tmp/e")" = 1 ] && grep -q "no Gazette site" "$tmp/e" && [ ! -s "$tmp/o" ]'
echo 'not a database at all, just some text long enough to fill a header.....' >"$tmp/text.db"
"$GAZETTE_BIN" export wordpress --db "$tmp/text.db" >"$tmp/o" 2>"$tmp/e"; rc=$?
cond "a file that is not a database: exit 1, one line ($(cat "$tmp/e"))" \
	'[ $rc = 1 ] && [ "$(wc -l <"$tmp/e")" = 1 ] && [ ! -s "$tmp/o" ]'
"$GAZETTE_BIN" export wordpress --db "$db" >/dev/full 2>"$tmp/e"; rc=$?
cond "a full disk (/dev/full): exit 1, says the output is not a whole export ($(cat "$tmp/e"))" \
	'[ $rc = 1 ] && grep -q "cannot write" "$tmp/e" && grep -q "not a whole export" "$tmp/e"'
"$GAZETTE_BIN" export wordpress --db "$db" 2>"$tmp/e" | head -c 100 >/dev/null
rc=${PIPESTATUS[0]}
cond "the reader goes away (closed pipe): exit 1 with a message ($(cat "$tmp/e"))" \
	'[ $rc = 1 ] && grep -q "cannot write" "$tmp/e"'

step "the base URL"
"$GAZETTE_BIN" export wordpress --db "$db" >"$tmp/default.xml" 2>"$tmp/e"; rc=$?
cond "no setting: exit 0, the default with a note on stderr" \
	'[ $rc = 0 ] && grep -q "no base URL setting; using http://127.0.0.1:8080" "$tmp/e"'
check "  and the channel link is the default" grep -q '<link>http://127.0.0.1:8080</link>' "$tmp/default.xml"
echo "INSERT INTO settings (key, value) VALUES ('base_url', 'https://news.example.org/');" |
	"$GAZETTE_BIN" sql --db "$db" || die "cannot set base_url"
"$GAZETTE_BIN" export wordpress --db "$db" --base-url http://staging.example:8443/ >"$tmp/o" 2>"$tmp/e"; rc=$?
cond "--base-url wins over the setting, its trailing slash dropped" \
	'[ $rc = 0 ] && grep -q "<wp:base_blog_url>http://staging.example:8443</wp:base_blog_url>" "$tmp/o"'
before=$(content_sum "$db")
summary=$(sqlite3 "$db" "SELECT 'wrote ' || (SELECT count(*) FROM articles) || ' articles, ' ||
	(SELECT count(*) FROM comments) || ' comments, ' || (SELECT count(*) FROM pages) || ' pages, ' ||
	(SELECT count(*) FROM media) || ' media, ' || (SELECT count(*) FROM categories) || ' sections, ' ||
	(SELECT count(*) FROM tags) || ' tags, ' || (SELECT count(*) FROM users) || ' staff'")
"$GAZETTE_BIN" export wordpress --db "$db" >"$tmp/site.xml" 2>"$tmp/e"; rc=$?
cond "the saved setting: exit 0, no note, a summary on stderr with the database's counts ($(cat "$tmp/e"))" \
	'[ $rc = 0 ] && ! grep -q "no base URL" "$tmp/e" && grep -qF "$summary" "$tmp/e"'
after=$(content_sum "$db")
check "the export only reads: every table's rows are the same after" [ "$before" = "$after" ]

step "the document against the database"
pychecks export "$tmp/site.xml" "$db" https://news.example.org
check "\"]]>\" in the Markdown split as WordPress splits it" grep -qF 'Body & <b>x</b> ]]]]><![CDATA[> 正文' "$tmp/site.xml"
check "the title as the HTML WordPress shows: Q&amp;A: &lt;b&gt;" \
	grep -qF '<title><![CDATA[Q&amp;A: &lt;b&gt;bold&lt;/b&gt; ]]&gt; 中文标题]]></title>' "$tmp/site.xml"
check "a reader's comment stays text in WordPress: &lt;script&gt;" \
	grep -qF 'Great ]]&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt; 好' "$tmp/site.xml"
check "the image's address is absolute in the body" \
	grep -qF "src=\"https://news.example.org/media/$hash.png\"" "$tmp/site.xml"
check "a Gazette link is absolute in the body" \
	grep -qF 'href="https://news.example.org/article/wind-tower-plant-adds-third-shift"' "$tmp/site.xml"
check "Gazette's safe rendering: no script element in any body" \
	python3 -c 'import sys, xml.etree.ElementTree as E
t = E.parse(sys.argv[1])
sys.exit(any("<script" in (e.text or "") for e in t.iter("{http://purl.org/rss/1.0/modules/content/}encoded")))' "$tmp/site.xml"

step "round trip: export, import into an empty Gazette, compare"
now=$(python3 -c 'import email.utils, sys, xml.etree.ElementTree as E
print(int(email.utils.parsedate_to_datetime(E.parse(sys.argv[1]).find("channel/pubDate").text).timestamp()))' "$tmp/site.xml")
# The export's media addresses are BASE/media/<file>: the old site's folder
# holding media/ is what --media names (as wp-content/uploads for WordPress).
mkdir -p "$tmp/copy"
"$GAZETTE_BIN" init --db "$tmp/copy/copy.db" >/dev/null 2>&1 || die "init of the copy failed"
"$GAZETTE_BIN" import wordpress "$tmp/site.xml" --db "$tmp/copy/copy.db" --media "$tmp" \
	>"$tmp/import.out" 2>"$tmp/import.err"; rc=$?
[ $rc = 0 ] || tail -5 "$tmp/import.err"
cond "gazette import wordpress of the export: exit 0 ($rc)" '[ $rc = 0 ]'
check "  no media reported missing" grep -q "media  *1  *0  *0" "$tmp/import.out"
check "  the media file is in the copy's media folder" [ -f "$tmp/copy/media/$hash.png" ]
pychecks roundtrip "$db" "$tmp/copy/copy.db" "$now"

step "round trip of real WordPress content: the theme unit test export, imported, exported, imported again"
fixture=${GAZETTE_WP_FIXTURE:-$src/../shared/fixtures/wordpress/themeunittestdata.wordpress.xml}
if [ ! -r "$fixture" ]; then
	echo "SKIP: $fixture is missing (see /work/shared/fixtures/wordpress/README.md): this step needs it"
	[ "$nfail" -eq 0 ] && exit 77
	finish
fi
mkdir -p "$tmp/wp1" "$tmp/wp2"
"$GAZETTE_BIN" init --db "$tmp/wp1/a.db" >/dev/null 2>&1 || die "init failed"
"$GAZETTE_BIN" import wordpress "$fixture" --db "$tmp/wp1/a.db" >"$tmp/wp1.out" 2>&1; rc=$?
cond "the fixture imports ($rc)" '[ $rc = 0 ]'
"$GAZETTE_BIN" export wordpress --db "$tmp/wp1/a.db" --base-url https://wp.example >"$tmp/wp1.xml" 2>"$tmp/e"; rc=$?
cond "its Gazette exports ($rc: $(cat "$tmp/e"))" '[ $rc = 0 ]'
pychecks export "$tmp/wp1.xml" "$tmp/wp1/a.db" https://wp.example
now=$(date +%s)
"$GAZETTE_BIN" init --db "$tmp/wp2/b.db" >/dev/null 2>&1 || die "init failed"
"$GAZETTE_BIN" import wordpress "$tmp/wp1.xml" --db "$tmp/wp2/b.db" --media "$tmp/wp1" >"$tmp/wp2.out" 2>&1; rc=$?
cond "the export imports into an empty Gazette ($rc)" '[ $rc = 0 ]'
pychecks roundtrip "$tmp/wp1/a.db" "$tmp/wp2/b.db" "$now"

finish
