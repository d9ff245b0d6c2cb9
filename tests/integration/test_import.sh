#!/bin/bash
# gazette import wordpress, as a newsroom moving house would meet it:
#  1. the public Theme Unit Test export (../shared/fixtures/wordpress) into a
#     fresh database, then `gazette serve` on it, read page by page: every
#     published post's page with its title; the draft, the scheduled and the
#     password-protected posts nowhere (article 404; home, categories, tags,
#     search, feeds, sitemaps); the category tree; tags; a threaded reply
#     under its parent; held comments hidden; pingbacks not imported; missing
#     media listed; the old addresses answering 301;
#  2. tests/data/wxr/newsroom.xml with a local uploads folder (PNG and JPEG
#     made here): Chinese titles and percent-encoded slugs, media by file
#     and by size variant, a missing and a refused file, a path climbing out
#     of the folder, threaded/held/spam/trashed comments, private, pending,
#     trashed, draft, scheduled and protected posts, private and clashing
#     pages, Yoast's primary category and description, sticky;
#  3. a second run: "0 new", every row count and the generation unchanged,
#     no media file written; --dry-run: nothing kept;
#  4. refusals: a cut-short export, not an export, usage, a missing file,
#     database or media folder: exit 1 or 2 and nothing written;
#  5. an import killed (kill -9) after its first batch, then again while
#     storing posts: gazette check is clean each time, a third run completes
#     it to the rows of a clean import.
set -u
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || die "sqlite3 not found"
fixture=${GAZETTE_WP_FIXTURE:-$src/../shared/fixtures/wordpress/themeunittestdata.wordpress.xml}
if [ ! -r "$fixture" ]; then
	echo "skip: the WordPress fixture $fixture is not there"
	exit 77
fi
newsroom=$src/tests/data/wxr/newsroom.xml

# The clock of the importer and of the server: 1 June 2025, so the
# fixture's post scheduled for 2030 stays in the future whatever the date.
export GAZETTE_TEST_CLOCK=$tmp/clock
echo 1748736000 >"$GAZETTE_TEST_CLOCK"

q() { sqlite3 "$1" "$2"; }
# fingerprint DB: every table's row count and the generation, one line.
fingerprint() {
	q "$1" "SELECT (SELECT count(*) FROM users) || ' ' || (SELECT count(*) FROM categories)
		|| ' ' || (SELECT count(*) FROM tags) || ' ' || (SELECT count(*) FROM articles)
		|| ' ' || (SELECT count(*) FROM article_tags) || ' ' || (SELECT count(*) FROM pages)
		|| ' ' || (SELECT count(*) FROM comments) || ' ' || (SELECT count(*) FROM media)
		|| ' ' || (SELECT count(*) FROM redirects) || ' ' || (SELECT count(*) FROM import_map)
		|| ' gen ' || (SELECT value FROM generation)"
}
# counts DB: the same without the generation (batches differ between runs).
counts() { fingerprint "$1" | sed 's/ gen .*//'; }

# serve DB: start gazette serve on DB; sets port and spid.
serve() {
	"$GAZETTE_BIN" serve --db "$1" --listen 127.0.0.1:0 >"$tmp/serve.log" 2>&1 &
	spid=$!
	pids+=("$spid")
	port=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "no port"; }
	wait_http "http://127.0.0.1:$port/" || { cat "$tmp/serve.log"; kill -0 "$spid" 2>/dev/null && echo "(serve $spid still running)"; die "serve does not answer"; }
}

# reader DB PORT SPEC: run the Python reader checks (tests below) against the
# server; each printed "ok ..." or "FAIL ..." line is counted here.
reader() {
	local line
	while IFS= read -r line; do
		case $line in
		"ok "*) pass "${line#ok }" ;;
		"FAIL "*) fail "${line#FAIL }" ;;
		*) echo "$line" ;;
		esac
	done < <(python3 - "$@" <<'PY' 2>&1 || echo "FAIL the reader checks crashed"
import html, html.parser, json, re, sqlite3, sys, urllib.error, urllib.parse, urllib.request

db, port, spec = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
base = "http://127.0.0.1:%s" % port
con = sqlite3.connect(db)
NOW = 1748736000


def say(ok, label):
    print(("ok   " if ok else "FAIL ") + label, flush=True)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


opener = urllib.request.build_opener(NoRedirect)


def get(path):
    try:
        r = opener.open(base + path, timeout=20)
        return r.status, r.read().decode("utf-8", "replace"), r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace"), e.headers


def enc(slug):
    return urllib.parse.quote(slug, safe="")


def rows(sql, *args):
    return con.execute(sql, args).fetchall()


# Published posts: each page answers 200 and shows its title.
bad = []
published = rows("SELECT slug, title FROM articles WHERE status IN ('published','scheduled') "
                 "AND published_at <= ?", NOW)
for slug, title in published:
    st, body, _ = get("/article/" + enc(slug))
    if st != 200 or title not in html.unescape(body):
        bad.append("%s (%d)" % (slug, st))
say(not bad and len(published) == spec["published"],
    "%d published posts: each /article/<slug> 200 with its title %s" % (len(published), bad[:5]))

# Hidden posts: never a page, never a link, wherever a reader looks.
hidden = rows("SELECT a.slug, a.title, a.status, coalesce(c.slug, '') FROM articles a "
              "LEFT JOIN categories c ON c.id = a.category_id "
              "WHERE NOT (a.status IN ('published','scheduled') AND a.published_at <= ?)", NOW)
say(sorted(h[2] for h in hidden) == sorted(spec["hidden_status"]),
    "hidden posts by status: %s" % sorted(h[2] for h in hidden))
pages = ["/", "/feed", "/feed/atom", "/sitemap.xml", "/news-sitemap.xml"]
for n in range(2, 30):
    st, _, _ = get("/page/%d" % n)
    if st != 200:
        break
    pages.append("/page/%d" % n)
st, smap, _ = get("/sitemap.xml")
pages += [urllib.parse.urlparse(u).path for u in re.findall(r"<loc>([^<]+)</loc>", smap)]
pages += ["/category/" + enc(s) for (s,) in rows("SELECT slug FROM categories")]
pages += ["/tag/" + enc(s) for (s,) in rows(
    "SELECT DISTINCT t.slug FROM tags t JOIN article_tags x ON x.tag_id = t.id")]
pages += ["/author/" + enc(s) for (s,) in rows("SELECT login FROM users")]
for slug, title, status, cat in hidden:
    pages.append("/search?q=" + urllib.parse.quote(title))
leaks = []
for p in pages:
    st, body, _ = get(p)
    text = html.unescape(urllib.parse.unquote(body))
    for slug, title, status, cat in hidden:
        if "/article/" + slug + '"' in text or "/article/" + slug + "<" in text or \
           "/article/" + slug + "#" in text:
            leaks.append("%s on %s" % (slug, p))
    # A search page shows its query: only links count there.
    for secret in spec.get("secrets", []) if not p.startswith("/search") else []:
        if secret in text:
            leaks.append("%s on %s" % (secret, p))
say(not leaks, "%d hidden posts absent from %d reader pages (home, feeds, sitemaps, "
    "categories, tags, authors, searches) %s" % (len(hidden), len(pages), sorted(set(leaks))[:5]))
bad = [s for s, _, _, _ in hidden if get("/article/" + enc(s))[0] != 404]
say(not bad, "each hidden post's /article/<slug> is 404 %s" % bad)

# Held, spam and trashed comments: stored, never shown.
unshown = rows("SELECT a.slug, c.body FROM comments c JOIN articles a ON a.id = c.article_id "
               "WHERE c.status != 'approved'")
bad = []
for slug, text in unshown:
    st, body, _ = get("/article/" + enc(slug))
    if st == 200 and text.split("\n")[0][:40] in html.unescape(body):
        bad.append(slug)
say(len(unshown) == spec["unshown_comments"] and not bad,
    "%d held/spam/trashed comments stored and not shown %s" % (len(unshown), bad))

# A reply sits inside its parent's list item.
class Tree(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.inside = [], {}
    def handle_starttag(self, tag, attrs):
        if tag == "li":
            i = dict(attrs).get("id", "")
            self.inside[i] = [x for x in self.stack if x]
            self.stack.append(i)
    def handle_endtag(self, tag):
        if tag == "li" and self.stack:
            self.stack.pop()

for slug, child, parent in spec["threads"]:
    (cid,), = rows("SELECT id FROM comments WHERE body LIKE ?", child + "%")
    (pid,), = rows("SELECT id FROM comments WHERE body LIKE ?", parent + "%")
    st, body, _ = get("/article/" + enc(slug))
    t = Tree()
    t.feed(body)
    say(st == 200 and "comment-%d" % pid in t.inside.get("comment-%d" % cid, []),
        "'%s' shown under '%s' on /article/%s" % (child, parent, slug))

# Old addresses: 301 to their new place, which answers 200.
for old, want in spec["redirects"]:
    st, _, h = get(old)
    loc = h.get("Location", "")
    path = urllib.parse.urlparse(loc).path
    ok = st == 301 and urllib.parse.unquote(path) == want
    if ok and want.startswith(("/article/", "/p/", "/category/", "/tag/", "/author/")):
        ok = get(path)[0] == 200
    say(ok, "%s -> 301 %s (%d %s)" % (old, want, st, urllib.parse.unquote(loc)))

# Addresses of what WordPress never showed: no 301 that would name them.
bad = [p for p in spec.get("notfound", []) if get(p)[0] != 404]
say(not bad, "old addresses of unpublished posts and pages are 404, not 301 %s" % bad)

for path, status, needles in spec.get("pages", []):
    st, body, _ = get(path)
    text = html.unescape(body)
    missing = [n for n in needles if n not in text]
    say(st == status and not missing, "%s: %d %s" % (path, st, missing))
for path, needles in spec.get("absent", []):
    st, body, _ = get(path)
    found = [n for n in needles if n in html.unescape(body)]
    say(not found, "%s does not show %s" % (path, found))
PY
)
}

step "1. the Theme Unit Test export into a fresh database"
db=$tmp/fx/site.db
mkdir -p "$tmp/fx"
"$GAZETTE_BIN" init --db "$db" >/dev/null || die "init"
"$GAZETTE_BIN" import wordpress "$fixture" --db "$db" >"$tmp/fx.out" 2>"$tmp/fx.err"; rc=$?
cond "exit 0 ($rc), nothing on stderr (not a terminal: no progress bar)" '[ $rc = 0 ] && [ ! -s "$tmp/fx.err" ]'
cond "report: counts per kind and a summary" \
	'grep -q "^  posts  *51  *0  *0$" "$tmp/fx.out" && grep -q "^Summary: [1-9][0-9]* new, " "$tmp/fx.out"'
cond "51 posts: 48 published, the 2030 one scheduled, the draft and the protected one drafts" \
	'[ "$(q "$db" "SELECT group_concat(s, \" \") FROM (SELECT status || \"=\" || count(*) AS s FROM articles GROUP BY status ORDER BY status)")" = "draft=2 published=48 scheduled=1" ]'
cond "password-protected post kept as a draft, said in the report" \
	'[ "$(q "$db" "SELECT status FROM articles WHERE slug = \"template-password-protected\"")" = draft ] && grep -q "password-protected: kept as a draft" "$tmp/fx.out"'
cond "sticky post featured, one only" '[ "$(q "$db" "SELECT group_concat(slug) FROM articles WHERE featured = 1")" = template-sticky ]'
cond "21 pages, published (Gazette's own privacy page kept)" \
	'[ "$(q "$db" "SELECT count(*) FROM pages WHERE status = \"published\" AND slug != \"privacy\"")" = 21 ]'
cond "authors: accounts with no password, role author" \
	'[ "$(q "$db" "SELECT group_concat(login || \":\" || role || \":\" || (password_hash IS NULL)) FROM users")" = "themedemos:author:1,themereviewteam:author:1" ]'
cond "category tree: child-2 < child-1 < parent" \
	'[ "$(q "$db" "SELECT p.slug || \"/\" || c.slug || \"/\" || g.slug FROM categories g JOIN categories c ON c.id = g.parent_id JOIN categories p ON p.id = c.parent_id WHERE g.slug = \"child-2\"")" = parent/child-1/child-2 ]'
cond "Greek page slugs percent-decoded (επίπεδο-2)" '[ "$(q "$db" "SELECT count(*) FROM pages WHERE slug = \"επίπεδο-2\"")" = 1 ]'
cond "23 comments: 22 approved, 1 held; 9 replies keep their parent" \
	'[ "$(q "$db" "SELECT count(*), sum(status = \"approved\"), sum(status = \"pending\"), count(parent_id) FROM comments")" = "23|22|1|9" ]'
cond "pingbacks and trackbacks not imported, recorded with a reason" \
	'[ "$(q "$db" "SELECT count(*) FROM import_map WHERE kind = \"comment\" AND local_id IS NULL AND note LIKE \"a %back: not imported\"")" = 4 ] && [ "$(q "$db" "SELECT count(*) FROM comments WHERE author_name LIKE \"Ping %\"")" = 0 ] && grep -q "a pingback: not imported" "$tmp/fx.out"'
cond "comments on pages listed as skipped (Gazette pages have none)" 'grep -q "a comment on a page" "$tmp/fx.out"'
cond "menu entries skipped with the reason" '[ "$(grep -c "a menu entry" "$tmp/fx.out")" -ge 60 ]'
cond "38 attachments: missing media listed with path and reason" \
	'grep -q "^Missing media:" "$tmp/fx.out" && grep -q "^  2008/06/canola2.jpg (\"canola2\"): no --media folder given$" "$tmp/fx.out" && grep -q "^  media  *0  *0  *38$" "$tmp/fx.out"'
cond "search index in step with the articles (gazette check clean)" '"$GAZETTE_BIN" check --db "$db" >"$tmp/check.out" 2>&1'

serve "$db"
reader "$db" "$port" '{
 "published": 48,
 "hidden_status": ["draft", "draft", "scheduled"],
 "unshown_comments": 1,
 "threads": [["template-comments", "Comment Depth 02", "Comment Depth 01"],
             ["template-comments", "Comment Depth 03", "Comment Depth 02"]],
 "redirects": [["/2013/01/10/markup-image-alignment/", "/article/markup-image-alignment"],
               ["/2013/01/10/markup-image-alignment", "/article/markup-image-alignment"],
               ["/?p=1177", "/article/markup-image-alignment"],
               ["/?page_id=2", "/p/about"],
               ["/about/page-with-comments/", "/p/page-with-comments"],
               ["/greek/%CE%B5%CF%80%CE%AF%CF%80%CE%B5%CE%B4%CE%BF-2/", "/p/επίπεδο-2"],
               ["/category/parent/child-1/child-2/", "/category/child-2"],
               ["/?cat=111995", "/category/cat-a"],
               ["/?tag=8bit", "/tag/8bit"],
               ["/author/themedemos/", "/author/themedemos"]],
 "notfound": ["/?p=1153", "/2030/01/01/scheduled/", "/?p=1164", "/?p=1168"],
 "pages": [["/category/child-2", 200, ["Child 2"]],
           ["/tag/8bit", 200, ["Edge Case: Many Tags"]],
           ["/p/page-markup-and-formatting", 200, ["Page Markup And Formatting"]],
           ["/article/markup-title-with-markup", 200, ["Markup: Title With Markup"]]],
 "absent": [["/article/template-pingbacks-an-trackbacks", ["Ping 1", "Ping 2"]]]
}'
stop_pid "$spid"

step "2. a newsroom export with Chinese slugs, local media and every status"
ndb=$tmp/nr/site.db
up=$tmp/uploads
mkdir -p "$tmp/nr"
python3 - "$up" <<'PY' || die "cannot make the uploads folder"
# The old wp-content/uploads: a real 3x2 PNG and an 8x8 baseline JPEG, made
# byte by byte; a text file posing as a PNG.  gone.jpg is left missing.
import os, struct, sys, zlib
d = sys.argv[1] + "/2024/03"
os.makedirs(d)
def chunk(t, b):
    return struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b))
rows = b"".join(b"\x00" + bytes((10, 80, 160)) * 3 for _ in range(2))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 3, 2, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
def seg(m, b):
    return b"\xff" + bytes([m]) + struct.pack(">H", len(b) + 2) + b
one = bytes([1] + [0] * 15) + b"\x00"  # a Huffman table with one code: symbol 0
jpg = (b"\xff\xd8" + seg(0xDB, b"\x00" + b"\x01" * 64)
       + seg(0xC0, struct.pack(">BHHB", 8, 8, 8, 1) + b"\x01\x11\x00")
       + seg(0xC4, b"\x00" + one) + seg(0xC4, b"\x10" + one)
       + seg(0xDA, b"\x01\x01\x00\x00\x3f\x00") + b"\x3f\xff\xd9")
open(d + "/harbour.png", "wb").write(png)
open(d + "/chart.jpg", "wb").write(jpg)
open(d + "/fake.png", "wb").write(b"this is not an image\n")
PY
png_hash=$(sha256sum <"$up/2024/03/harbour.png" | cut -c1-64)
jpg_hash=$(sha256sum <"$up/2024/03/chart.jpg" | cut -c1-64)
"$GAZETTE_BIN" init --db "$ndb" >/dev/null || die "init"
"$GAZETTE_BIN" import wordpress "$newsroom" --db "$ndb" --media "$up" >"$tmp/nr.out" 2>"$tmp/nr.err"; rc=$?
cond "exit 0 ($rc)" '[ $rc = 0 ]'
cond "media: the PNG and the JPEG stored next to the database under their hashes" \
	'[ -f "$tmp/nr/media/$png_hash.png" ] && [ -f "$tmp/nr/media/$jpg_hash.jpg" ] && [ "$(ls "$tmp/nr/media" | wc -l)" = 2 ] && [ "$(q "$ndb" "SELECT group_concat(alt, \"|\") FROM (SELECT alt FROM media ORDER BY id)")" = "Cranes over the harbour|Tonnage by year" ]'
cond "missing media listed: the absent file, the text posing as PNG, the path out of the folder" \
	'grep -q "^  2024/03/gone.jpg (\"Gone\"): not in the --media folder$" "$tmp/nr.out" && grep -q "^  2024/03/fake.png (\"Fake\"): .*not a PNG" "$tmp/nr.out" && grep -q "etc/passwd (\"Escape\"): its address names no file below the uploads folder" "$tmp/nr.out"'
zh=$(q "$ndb" "SELECT slug || '|' || title || '|' || featured || '|' || meta_description || '|' || (SELECT slug FROM categories WHERE id = category_id) || '|' || (image_id IS NOT NULL) || '|' || summary FROM articles WHERE title LIKE '港口%'")
cond "Chinese post: slug percent-decoded, sticky featured, Yoast description and primary category, featured image, excerpt ($zh)" \
	'[ "$zh" = "港口扩建|港口扩建计划公布|1|港口扩建的SEO描述|中国|1|港口扩建的摘要 & more" ]'
cond "body: the size variant and the file both point at the imported media" \
	'q "$ndb" "SELECT body FROM articles WHERE slug = \"港口扩建\"" | grep -q "/media/$png_hash.png" && q "$ndb" "SELECT body FROM articles WHERE slug = \"港口扩建\"" | grep -q "/media/$jpg_hash.jpg" && ! q "$ndb" "SELECT body FROM articles WHERE slug = \"港口扩建\"" | grep -q "wp-content/uploads"'
cond "body: the link to another post of the old site made a local path" \
	'q "$ndb" "SELECT body FROM articles WHERE slug = \"港口扩建\"" | grep -q "(/2024/03/02/harbour-opens/)" || q "$ndb" "SELECT body FROM articles WHERE slug = \"港口扩建\"" | grep -q "(/article/harbour-opens)"'
cond "gallery: both attachments' images" \
	'q "$ndb" "SELECT body FROM articles WHERE slug = \"gallery\"" | grep -q "$png_hash" && q "$ndb" "SELECT body FROM articles WHERE slug = \"gallery\"" | grep -q "$jpg_hash"'
st=$(q "$ndb" "SELECT group_concat(slug || '=' || status, ' ') FROM (SELECT slug, status FROM articles WHERE title LIKE '%-POST-TITLE' ORDER BY slug)")
cond "private, pending, draft, protected: drafts; trash: trash; 2099: scheduled ($st)" \
	'[ "$st" = "draft-post-title=draft future-post=scheduled pending-post=draft private-post=draft protected-post=draft trashed-post=trash" ]'
cond "a taken slug gets -2; an undeclared category and tag are made" \
	'[ "$(q "$ndb" "SELECT slug || \"|\" || (SELECT slug FROM categories WHERE id = category_id) || \"|\" || (SELECT group_concat(t.slug) FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = articles.id) FROM articles WHERE title = \"Harbour opens again\"")" = "harbour-opens-2|sport|surprise" ]'
cond "authors: 'Mary Jones' became Mary-Jones (said so), an unknown creator an account" \
	'[ "$(q "$ndb" "SELECT group_concat(login || \":\" || display_name, \",\") FROM users")" = "editor.li:李编辑,Mary-Jones:Mary & Co,newcomer:newcomer" ] && grep -q "author Mary Jones \"Mary-Jones\": login changed" "$tmp/nr.out"'
cond "comments: approved, held, spam and trash kept as such; the pingback not; javascript: URL dropped" \
	'[ "$(q "$ndb" "SELECT group_concat(status || \":\" || author_url, \",\") FROM (SELECT status, author_url FROM comments ORDER BY id)")" = "approved:https://wang.example.net/,approved:,pending:,spam:http://spam.example.com/,trash:,approved:" ] && [ "$(q "$ndb" "SELECT count(*) FROM comments WHERE body LIKE \"%PINGBACK%\"")" = 0 ]'
cond "comment text: HTML made plain text, paragraphs kept" \
	'[ "$(q "$ndb" "SELECT body FROM comments WHERE id = 1")" = "$(printf "First comment, with bold words.\n\nA second paragraph.")" ]'
cond "pages: About published, the private page a draft, 'privacy' not overwritten (said why)" \
	'[ "$(q "$ndb" "SELECT group_concat(slug || \"=\" || status, \" \") FROM (SELECT slug, status FROM pages ORDER BY slug)")" = "about=published privacy=published secret-page=draft" ] && ! q "$ndb" "SELECT body FROM pages" | grep -q WORDPRESS-PRIVACY && grep -q "page 202 \"Privacy Policy\": a page called \"privacy\" exists: not overwritten" "$tmp/nr.out"'
cond "the menu entry and the menu's term left out, said so" \
	'grep -q "item 300 \"Home\": a menu entry" "$tmp/nr.out" && grep -q "^Terms of other taxonomies (menus, post formats) left out: 1$" "$tmp/nr.out"'

serve "$ndb"
reader "$ndb" "$port" '{
 "published": 4,
 "hidden_status": ["draft", "draft", "draft", "draft", "scheduled", "trash"],
 "unshown_comments": 3,
 "secrets": ["PRIVATE-POST", "PENDING-POST", "TRASHED-POST", "DRAFT-POST", "FUTURE-POST",
             "PROTECTED-POST", "HELD-COMMENT", "SPAM-COMMENT", "TRASHED-COMMENT", "PINGBACK",
             "SECRET-PAGE", "javascript:alert"],
 "threads": [["港口扩建", "A reply to the first", "First comment"],
             ["港口扩建", "A reply to the reply", "A reply to the first"]],
 "redirects": [["/2024/03/01/%e6%b8%af%e5%8f%a3%e6%89%a9%e5%bb%ba/", "/article/港口扩建"],
               ["/2024/03/01/%E6%B8%AF%E5%8F%A3%E6%89%A9%E5%BB%BA", "/article/港口扩建"],
               ["/?p=100", "/article/港口扩建"],
               ["/2024/03/05/harbour-opens/", "/article/harbour-opens-2"],
               ["/category/news/%e4%b8%ad%e5%9b%bd/", "/category/中国"],
               ["/?cat=6", "/category/中国"],
               ["/tag/%e6%b8%af%e5%8f%a3/", "/tag/港口"],
               ["/author/editor.li/", "/author/editor.li"],
               ["/author/mary-jones/", "/author/Mary-Jones"],
               ["/?author=4", "/author/Mary-Jones"],
               ["/about/", "/p/about"],
               ["/?attachment_id=40", "/media/'"$png_hash"'.png"],
               ["/wp-content/uploads/2024/03/harbour.png", "/media/'"$png_hash"'.png"],
               ["/2024/03/01/harbour-expansion/harbour/", "/media/'"$png_hash"'.png"]],
 "notfound": ["/?p=102", "/2024/03/03/private-post/", "/?p=103", "/?p=104", "/?p=105",
              "/2099/01/01/future-post/", "/?p=106", "/2024/03/04/protected-post/",
              "/?page_id=201"],
 "pages": [["/article/%E6%B8%AF%E5%8F%A3%E6%89%A9%E5%BB%BA", 200,
            ["港口扩建计划公布", "港口扩建的SEO描述", "/media/'"$png_hash"'.png", "First comment, with bold words."]],
           ["/", 200, ["港口扩建计划公布", "Harbour opens"]],
           ["/category/%E4%B8%AD%E5%9B%BD", 200, ["港口扩建计划公布"]],
           ["/search?q=%E6%B8%AF%E5%8F%A3", 200, ["港口扩建计划公布"]],
           ["/p/secret-page", 404, []],
           ["/p/about", 200, ["We report on the harbour."]],
           ["/media/'"$png_hash"'.png", 200, []]]
}'
stop_pid "$spid"

step "3. the same imports again: nothing new, nothing changed; --dry-run keeps nothing"
before=$(fingerprint "$db")
"$GAZETTE_BIN" import wordpress "$fixture" --db "$db" >"$tmp/fx2.out" 2>&1; rc=$?
cond "fixture again: exit 0 ($rc), '0 new'" '[ $rc = 0 ] && grep -q "^Summary: 0 new, " "$tmp/fx2.out"'
cond "fixture again: row counts and generation unchanged ($before)" '[ "$(fingerprint "$db")" = "$before" ]'
before=$(fingerprint "$ndb")
ls -l --time-style=full-iso "$tmp/nr/media" >"$tmp/media.before"
"$GAZETTE_BIN" import wordpress "$newsroom" --db "$ndb" --media "$up" >"$tmp/nr2.out" 2>&1; rc=$?
cond "newsroom again: exit 0 ($rc), '0 new', the missing media listed again" \
	'[ $rc = 0 ] && grep -q "^Summary: 0 new, " "$tmp/nr2.out" && grep -q "2024/03/gone.jpg" "$tmp/nr2.out"'
cond "newsroom again: row counts and generation unchanged ($before)" '[ "$(fingerprint "$ndb")" = "$before" ]'
ls -l --time-style=full-iso "$tmp/nr/media" >"$tmp/media.after"
check "newsroom again: no media file written" cmp -s "$tmp/media.before" "$tmp/media.after"

ddb=$tmp/dry/site.db
mkdir -p "$tmp/dry"
"$GAZETTE_BIN" init --db "$ddb" >/dev/null || die "init"
before=$(fingerprint "$ddb")
"$GAZETTE_BIN" import wordpress "$newsroom" --db "$ddb" --media "$up" --dry-run >"$tmp/dry.out" 2>&1; rc=$?
cond "--dry-run: exit 0 ($rc), the full report, 'nothing was kept'" \
	'[ $rc = 0 ] && grep -q "^  posts  *10  *0  *0$" "$tmp/dry.out" && grep -q "^  media  *2  *0  *3$" "$tmp/dry.out" && grep -q "^Dry run: nothing was kept.$" "$tmp/dry.out"'
cond "--dry-run: row counts and generation unchanged, no media folder made" \
	'[ "$(fingerprint "$ddb")" = "$before" ] && [ ! -e "$tmp/dry/media" ]'
"$GAZETTE_BIN" import wordpress "$fixture" --db "$ddb" --dry-run >/dev/null 2>&1
cond "--dry-run of the fixture: unchanged too" '[ "$(fingerprint "$ddb")" = "$before" ]'

step "4. refusals: a clear message, the right exit status, nothing written"
rdb=$tmp/refuse/site.db
mkdir -p "$tmp/refuse"
"$GAZETTE_BIN" init --db "$rdb" >/dev/null || die "init"
before=$(fingerprint "$rdb")
head -c 30000 "$fixture" >"$tmp/cut.xml"
printf '<html><body>not an export</body></html>\n' >"$tmp/page.html"
printf '<rss version="2.0"><channel><title>A feed</title><item><title>x</title></item></channel></rss>\n' >"$tmp/feed.xml"
# refuse LABEL WANT-STATUS WANT-MESSAGE ARGS...
refuse() {
	local label=$1 want=$2 msg=$3
	shift 3
	"$GAZETTE_BIN" import "$@" >"$tmp/r.out" 2>"$tmp/r.err"; rc=$?
	cond "$label: exit $want ($rc), '$(head -1 "$tmp/r.err")'" \
		'[ $rc = $want ] && grep -q -- "$msg" "$tmp/r.err" && [ ! -s "$tmp/r.out" ]'
}
refuse "an export cut short" 1 "cut.xml: line [0-9]*: not well-formed XML" wordpress "$tmp/cut.xml" --db "$rdb"
refuse "an HTML page" 1 "not a WordPress export: the document is <html>" wordpress "$tmp/page.html" --db "$rdb"
refuse "a plain RSS feed" 1 "no wp:wxr_version" wordpress "$tmp/feed.xml" --db "$rdb"
refuse "a missing file" 1 "cannot read $tmp/none.xml" wordpress "$tmp/none.xml" --db "$rdb"
refuse "a folder" 1 "not a regular file" wordpress "$tmp" --db "$rdb"
refuse "standard input" 1 "give it as a file" wordpress - --db "$rdb"
refuse "a missing --media folder" 1 "--media $tmp/nomedia: not a folder" wordpress "$newsroom" --db "$rdb" --media "$tmp/nomedia"
refuse "a missing database" 1 "does not exist" wordpress "$newsroom" --db "$tmp/nodb.db"
refuse "no source" 2 "usage" --db "$rdb"
refuse "another source" 2 "the only source is wordpress" blogger "$newsroom" --db "$rdb"
refuse "no file" 2 "give the export file" wordpress --db "$rdb"
refuse "an unknown option" 2 "unknown option" wordpress "$newsroom" --db "$rdb" --force
cond "after every refusal the database is as it was" '[ "$(fingerprint "$rdb")" = "$before" ] && [ ! -e "$tmp/refuse/media" ]'

step "progress bar on a terminal (stderr a pty), none otherwise"
python3 - "$GAZETTE_BIN" "$newsroom" "$ddb" >"$tmp/pty.out" 2>&1 <<'PY'
import os, subprocess, sys
m, s = os.openpty()
p = subprocess.run([sys.argv[1], "import", "wordpress", sys.argv[2], "--db", sys.argv[3],
                    "--dry-run"], stdout=subprocess.DEVNULL, stderr=s)
os.close(s)
out = b""
while True:
    try:
        b = os.read(m, 4096)
    except OSError:
        break
    if not b:
        break
    out += b
print(p.returncode, out.count(b"\rimporting ["), repr(out[:80]))
PY
cond "a terminal sees a redrawn 'importing [###...] NN%' line ($(cat "$tmp/pty.out"))" \
	'read -r prc bars _ <"$tmp/pty.out" && [ "$prc" = 0 ] && [ "$bars" -ge 1 ]'

step "5. an import killed twice (kill -9) resumes to a clean import's rows"
big=$tmp/big.xml
python3 "$src/bench/wxr_gen.py" 3000 2 >"$big" || die "cannot generate the export"
kdb=$tmp/kill/site.db
cdb=$tmp/clean/site.db
mkdir -p "$tmp/kill" "$tmp/clean"
"$GAZETTE_BIN" init --db "$kdb" >/dev/null && "$GAZETTE_BIN" init --db "$cdb" >/dev/null || die "init"
# kill_when SQL: start the import, poll SQL's count until it is above 0
# (a batch was committed), then kill -9; sets krc and n.
kill_when() {
	local i ipid
	"$GAZETTE_BIN" import wordpress "$big" --db "$kdb" >"$tmp/kill.out" 2>&1 &
	ipid=$!
	pids+=("$ipid")
	for ((i = 0; i < 6000; i++)); do
		n=$(q "$kdb" "$1" 2>/dev/null || echo 0)
		[ "${n:-0}" -gt 0 ] && break
		alive "$ipid" || break
		sleep 0.01
	done
	kill -KILL "$ipid" 2>/dev/null
	wait "$ipid" 2>/dev/null
	krc=$?
	forget_pid "$ipid"
}
kill_when "SELECT count(*) FROM import_map"
cond "killed with SIGKILL after its first batch (status $krc, $n rows in import_map)" \
	'[ $krc = 137 ] && [ "${n:-0}" -gt 0 ]'
cond "the database was left half-imported ($(q "$kdb" "SELECT count(*) FROM articles") of 3000 articles)" \
	'[ "$(q "$kdb" "SELECT count(*) FROM articles")" -lt 3000 ]'
"$GAZETTE_BIN" check --db "$kdb" >"$tmp/kcheck.out" 2>&1; rc=$?
cond "gazette check after the kill: clean ($rc)" '[ $rc = 0 ]'
kill_when "SELECT count(*) FROM articles"
cond "run again, killed again once it was storing posts (status $krc, $n articles)" \
	'[ $krc = 137 ] && [ "${n:-0}" -gt 0 ] && [ "$(q "$kdb" "SELECT count(*) FROM articles")" -lt 3000 ]'
"$GAZETTE_BIN" check --db "$kdb" >"$tmp/kcheck.out" 2>&1; rc=$?
cond "gazette check after the kill: clean ($rc)" '[ $rc = 0 ]'
"$GAZETTE_BIN" import wordpress "$big" --db "$kdb" >"$tmp/resume.out" 2>&1; rc=$?
cond "the same import again: exit 0 ($rc), it made what was missing" \
	'[ $rc = 0 ] && grep -q "^Summary: [1-9][0-9]* new, [1-9][0-9]* already there" "$tmp/resume.out"'
"$GAZETTE_BIN" import wordpress "$big" --db "$cdb" >"$tmp/clean.out" 2>&1 || fail "clean import"
cond "resumed and clean imports have the same rows ($(counts "$kdb") / $(counts "$cdb"))" \
	'[ "$(counts "$kdb")" = "$(counts "$cdb")" ]'
cond "and the same articles, comments and redirects, row by row" \
	'cmp -s <(q "$kdb" "SELECT slug, title, status, published_at, category_id IS NULL, length(body) FROM articles ORDER BY slug") <(q "$cdb" "SELECT slug, title, status, published_at, category_id IS NULL, length(body) FROM articles ORDER BY slug") && cmp -s <(q "$kdb" "SELECT path, target FROM redirects ORDER BY path") <(q "$cdb" "SELECT path, target FROM redirects ORDER BY path") && cmp -s <(q "$kdb" "SELECT a.slug, c.status, c.body FROM comments c JOIN articles a ON a.id = c.article_id ORDER BY a.slug, c.created_at, c.body") <(q "$cdb" "SELECT a.slug, c.status, c.body FROM comments c JOIN articles a ON a.id = c.article_id ORDER BY a.slug, c.created_at, c.body")'
"$GAZETTE_BIN" check --db "$kdb" >/dev/null 2>&1; rc=$?
cond "gazette check after the resumed import: clean ($rc)" '[ $rc = 0 ]'

finish
