#!/bin/bash
# Sections as a reader meets them on an imported WordPress site: the public
# Theme Unit Test export (../shared/fixtures/wordpress) imported, then
# re-filed as a newsroom would after the move (the importer keeps one
# section per post, the first listed, so 47 of its 51 posts land in
# "Classic"): the post formats under Parent > Child 1 (> Child 2), the edge
# cases under Parent Category > Child Category 03 > Grandchild Category,
# markup and template posts in their sections, one post each in five small
# sections, the draft alone in "Cat A", the scheduled post alone in
# "Unpublished", and the sections put in order.  Then, through `gazette
# serve`:
#  1. the menu: the top-level sections holding a visible article, in the
#     admin's order, at most 10, then "More" to /sections; never a child,
#     an empty section or one holding only a draft or a scheduled post;
#  2. /sections: every section once, nested as in the database, each with
#     the number of articles its page lists (counted here from the
#     database);
#  3. a parent's page lists its subsections' articles, newest first,
#     across its pages (older, then newer again: the same articles), links
#     the subsections that hold any, and its feed lists the same articles
#     in the same order; breadcrumbs show the chain of parents on section
#     and article pages, and the menu lights the top-level section;
#  4. an empty section, one with only a draft and an empty child: 200 with
#     "Nothing has been published here yet."; an unknown one: 404;
#  5. a Chinese site (CGI, strict templates): the menu's 更多栏目, /sections
#     as 全部栏目 with its counts, the subsections' label.
set -u
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || die "sqlite3 not found"
fixture=${GAZETTE_WP_FIXTURE:-$src/../shared/fixtures/wordpress/themeunittestdata.wordpress.xml}
if [ ! -r "$fixture" ]; then
	echo "skip: the WordPress fixture $fixture is not there"
	exit 77
fi

# 1 June 2025 for the importer and the server: the fixture's post
# scheduled for 2030 stays in the future whatever today's date.
export GAZETTE_TEST_CLOCK=$tmp/clock
echo 1748736000 >"$GAZETTE_TEST_CLOCK"
db=$tmp/site.db

step "import and re-file"
"$GAZETTE_BIN" init --db "$db" >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log"; die "init"; }
"$GAZETTE_BIN" import wordpress "$fixture" --db "$db" >"$tmp/import.log" 2>&1 ||
	{ tail "$tmp/import.log"; die "import"; }
sqlite3 "$db" <<'SQL' || die "re-filing"
CREATE TEMP TABLE sec(slug TEXT PRIMARY KEY, id INTEGER);
INSERT INTO sec SELECT slug, id FROM categories;
UPDATE articles SET category_id = (SELECT id FROM sec WHERE slug =
	CASE WHEN articles.id % 2 = 0 THEN 'child-1' ELSE 'child-2' END)
	WHERE title LIKE 'Post Format:%';
UPDATE articles SET category_id = (SELECT id FROM sec WHERE slug = 'grandchild-category')
	WHERE title LIKE 'Edge Case:%';
UPDATE articles SET category_id = (SELECT id FROM sec WHERE slug = 'markup')
	WHERE title LIKE 'Markup:%';
UPDATE articles SET category_id = (SELECT id FROM sec WHERE slug = 'template-2')
	WHERE title LIKE 'Template:%';
UPDATE articles SET category_id = (SELECT id FROM sec WHERE slug = 'cat-a') WHERE title = 'Draft';
-- One Block post each in five small sections, the oldest first.
CREATE TEMP TABLE small(n INTEGER PRIMARY KEY, slug TEXT);
INSERT INTO small(slug) VALUES ('aciform'), ('antiquarianism'), ('arrangement'), ('asmodeus'),
	('broder');
CREATE TEMP TABLE moved(n INTEGER PRIMARY KEY, id INTEGER);
INSERT INTO moved(id) SELECT id FROM articles WHERE title LIKE 'Block%' ORDER BY id LIMIT 5;
UPDATE articles SET category_id = (SELECT sec.id FROM moved JOIN small USING (n)
	JOIN sec ON sec.slug = small.slug WHERE moved.id = articles.id)
	WHERE id IN (SELECT id FROM moved);
-- Five articles a page, so a parent's 14 take three pages.
INSERT OR REPLACE INTO settings (key, value) VALUES ('per_page', '5');
UPDATE categories SET position = CASE slug WHEN 'classic' THEN 1 WHEN 'block' THEN 2
	WHEN 'parent' THEN 3 WHEN 'parent-category' THEN 4 WHEN 'markup' THEN 5
	WHEN 'template-2' THEN 6 ELSE 7 END
	WHERE slug IN ('classic', 'block', 'parent', 'parent-category', 'markup', 'template-2',
	'aciform', 'antiquarianism', 'arrangement', 'asmodeus', 'broder');
SQL
check "the import gave 67 sections" [ "$(sqlite3 "$db" 'SELECT count(*) FROM categories')" = 67 ]
check "14 post formats below Parent" \
	[ "$(sqlite3 "$db" "SELECT count(*) FROM articles a JOIN categories c ON c.id = a.category_id WHERE c.slug IN ('child-1', 'child-2')")" = 14 ]

"$GAZETTE_BIN" serve --db "$db" --listen 127.0.0.1:0 >"$tmp/serve.log" 2>&1 &
spid=$!
pids+=("$spid")
port=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "no port"; }
wait_http "http://127.0.0.1:$port/" || { cat "$tmp/serve.log"; die "serve does not answer"; }

# The reader's checks, in Python for the HTML; each "ok ..." or
# "FAIL ..." line it prints is counted here.
reader() {
	local line
	while IFS= read -r line; do
		case $line in
		"ok "*) pass "${line#ok }" ;;
		"FAIL "*) fail "${line#FAIL }" ;;
		*) echo "$line" ;;
		esac
	done < <(python3 - "$@" <<'PY' 2>&1 || echo "FAIL the reader checks crashed"
import html.parser, sqlite3, sys, urllib.error, urllib.parse, urllib.request
import xml.etree.ElementTree as ET

db, port = sys.argv[1], sys.argv[2]
base = "http://127.0.0.1:%s" % port
con = sqlite3.connect(db)
NOW = 1748736000


def say(ok, label):
    print(("ok   " if ok else "FAIL ") + label, flush=True)


def get(path):
    try:
        with urllib.request.urlopen(base + path, timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


class Page(html.parser.HTMLParser):
    """What the checks read from a page: the menu, the breadcrumb, the
    subsections, the story list, the pager and the section tree."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.stack, self.nav, self.crumbs, self.subs, self.stories = [], [], [], [], []
        self.tree, self.pager, self.bad_nesting, self.h1 = [], {}, 0, ""
        self.link = None
        self.feed(text)

    def inside(self, tag, cls=None):
        return any(t == tag and (cls is None or cls in (c or "").split()) for t, c in self.stack)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag not in ("meta", "link", "input", "br", "img", "hr"):
            self.stack.append((tag, a.get("class")))
        if tag == "a":
            self.link = {"href": a.get("href"), "current": a.get("aria-current"), "text": ""}
        if tag == "li" and self.inside("nav", "breadcrumb"):
            self.crumbs.append({"href": None, "current": a.get("aria-current"), "text": ""})
        if tag == "span" and a.get("aria-current") == "page" and self.inside("nav", "pagination"):
            self.pager["label"] = ""

    def handle_endtag(self, tag):
        if tag in ("meta", "link", "input", "br", "img", "hr"):
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.bad_nesting += 1
            return
        if tag == "a" and self.link is not None:
            l = self.link
            if self.inside("nav", "site-nav"):
                self.nav.append(l)
            elif self.inside("nav", "breadcrumb"):
                self.crumbs[-1].update(href=l["href"], text=l["text"])
            elif self.inside("nav", "subsections"):
                self.subs.append(l)
            elif self.inside("ul", "section-tree"):
                depth = sum(1 for t, _ in self.stack if t == "ul") - 1
                self.tree.append(dict(l, depth=depth))
            elif self.inside("ol", "story-list") and self.inside("h2"):
                self.stories.append(l["href"])
            elif self.inside("nav", "pagination"):
                self.pager[l["text"]] = l["href"]
            self.link = None
        self.stack.pop()

    def handle_data(self, d):
        if self.link is not None:
            self.link["text"] += d
        elif self.inside("nav", "breadcrumb") and self.crumbs and self.stack[-1][0] == "li":
            self.crumbs[-1]["text"] += d
        if self.inside("h1"):
            self.h1 += d
        if self.inside("ul", "section-tree") and self.inside("span", "count") and self.tree:
            self.tree[-1]["count"] = self.tree[-1].get("count", "") + d
        if "label" in self.pager and self.inside("nav", "pagination") and self.inside("span"):
            self.pager["label"] += d


def fetch(path):
    st, body = get(path)
    return st, body, Page(body)


def slug_of(href):
    return urllib.parse.unquote(href.rsplit("/", 1)[1])


sec = {r[0]: r[1:] for r in con.execute(
    "SELECT id, slug, name, coalesce(parent_id, 0), position FROM categories")}
by_slug = {v[0]: k for k, v in sec.items()}
children = {}
for k, v in sec.items():
    children.setdefault(v[2], []).append(k)
visible = {}
for (cat, n) in con.execute(
        "SELECT category_id, count(*) FROM articles WHERE status IN ('published', 'scheduled') "
        "AND published_at <= ? AND category_id IS NOT NULL GROUP BY category_id", (NOW,)):
    visible[cat] = n


def below(cid):
    out, todo = [], [cid]
    while todo:
        c = todo.pop()
        out.append(c)
        todo += children.get(c, [])
    return out


def count(cid):
    return sum(visible.get(c, 0) for c in below(cid))


def depth(cid):
    d = 0
    while sec[cid][2]:
        cid, d = sec[cid][2], d + 1
    return d


def listing(slug):
    ids = below(by_slug[slug])
    q = ("SELECT slug FROM articles WHERE status IN ('published', 'scheduled') AND "
         "published_at <= ? AND category_id IN (%s) ORDER BY published_at DESC, id DESC"
         % ",".join("?" * len(ids)))
    return [r[0] for r in con.execute(q, [NOW] + ids)]


def art(href):
    return urllib.parse.unquote(href.split("/article/", 1)[1])


# 1. The menu.
st, body, home = fetch("/")
say(st == 200, "home 200")
names = [l["text"] for l in home.nav]
want = ["Home", "Classic", "Block", "Parent", "Parent Category", "Markup", "Template", "aciform",
        "antiquarianism", "arrangement", "asmodeus", "More"]
say(names == want, "menu: Home, the ten sections in the admin's order, More (%s)" % names)
sections = [l for l in home.nav if l["href"].startswith("/category/")]
say(len(sections) <= 10 and len(sections) + 1 <= 11,
    "menu: %d sections and More, at most 11 items besides Home" % len(sections))
say(home.nav[-1]["href"] == "/sections", "menu: More is last and leads to /sections")
say(all(sec[by_slug[slug_of(l["href"])]][2] == 0 for l in sections), "menu: top-level sections only")
say(all(count(by_slug[slug_of(l["href"])]) > 0 for l in sections),
    "menu: each section holds a visible article (database)")
for l in sections:
    st, _, p = fetch(l["href"])
    if st != 200 or not p.stories:
        say(False, "menu: %s lists an article" % l["href"])
        break
else:
    say(True, "menu: each section's page lists an article (%d pages)" % len(sections))
hidden = {"Cat A", "Unpublished", "broder", "Foo Parent", "Child 1", "Uncategorized"}
say(not hidden & set(names), "menu: no draft-only, scheduled-only, eleventh, empty or child section")
say(home.nav[0]["current"] == "page", "menu: Home is the current page on /")

# 2. /sections.
st, body, tree = fetch("/sections")
say(st == 200, "/sections 200")
say(tree.h1.strip() == "All sections", "/sections: its title")
say(tree.bad_nesting == 0 and not tree.stack, "/sections: well nested lists")
slugs = [slug_of(l["href"]) for l in tree.tree]
say(sorted(slugs) == sorted(by_slug) and len(slugs) == 67,
    "/sections: every section once (%d links)" % len(slugs))
wrong = [s for s, l in zip(slugs, tree.tree) if l["depth"] != depth(by_slug[s])]
say(not wrong, "/sections: each nested at its depth in the tree (wrong: %s)" % wrong[:5])
bad = []
for s, l in zip(slugs, tree.tree):
    n = count(by_slug[s])
    if l.get("count", "").strip() != "%d article%s" % (n, "" if n == 1 else "s"):
        bad.append((s, l.get("count"), n))
say(not bad, "/sections: each count is what its page lists (wrong: %s)" % bad[:3])
say(slugs.index("child-2") == slugs.index("child-1") + 1 == slugs.index("parent") + 2,
    "/sections: Parent, then Child 1, then Child 2")
top = [s for s, l in zip(slugs, tree.tree) if l["depth"] == 0]
say(top[:6] == ["blogroll", "buying", "cat-a", "cat-b", "cat-c", "championship"],
    "/sections: top level by position, then name without case (%s)" % top[:6])
say(top[-11:] == ["classic", "block", "parent", "parent-category", "markup", "template-2",
                  "aciform", "antiquarianism", "arrangement", "asmodeus", "broder"],
    "/sections: ... the positioned sections last, in their order")
say(tree.nav[-1]["current"] == "page", "/sections: the menu's More is the current page")
say(tree.crumbs and tree.crumbs[-1]["current"] == "page", "/sections: breadcrumb ends on it")

# 3. A parent's pages, its feed, its children.
want_parent = listing("parent")
say(len(want_parent) == 14, "Parent's listing holds its 14 subsection articles (database)")
st, body, p1 = fetch("/category/parent")
say(st == 200 and p1.h1.strip() == "Parent", "/category/parent 200")
say("Nothing has been published here yet." not in body, "Parent: not empty any more")
say([art(h) for h in p1.stories] == want_parent[:5], "Parent page 1: the newest 5 of its subtree")
say([(c["text"], c["href"], c["current"]) for c in p1.crumbs] ==
    [("Home", "/", None), ("Parent", None, "page")], "Parent: breadcrumb Home » Parent")
say([l["text"] for l in p1.subs] == ["Child 1"], "Parent: links its subsection Child 1")
say(p1.subs and p1.subs[0]["href"] == "/category/child-1", "Parent: ... at /category/child-1")
say(p1.pager.get("label", "").strip() == "Page 1 of 3", "Parent: Page 1 of 3")
older = p1.pager.get("Older")
say(bool(older) and "before=" in older, "Parent: an Older link by cursor (%s)" % older)
st, body, p2 = fetch(older or "/")
say(st == 200 and [art(h) for h in p2.stories] == want_parent[5:10], "Parent page 2: the next 5")
say(p2.pager.get("label", "").strip() == "Page 2 of 3", "Parent page 2: Page 2 of 3")
st, body, p3 = fetch(p2.pager.get("Older") or "/")
say(st == 200 and [art(h) for h in p3.stories] == want_parent[10:],
    "Parent page 3: the last 4, in order")
newer = p3.pager.get("Newer")
say(bool(newer) and "after=" in newer, "Parent page 3: a Newer link by cursor (%s)" % newer)
st, body, p2b = fetch(newer or "/")
say(st == 200 and [art(h) for h in p2b.stories] == want_parent[5:10]
    and p2b.pager.get("label", "").strip() == "Page 2 of 3",
    "Parent: newer from page 3 is page 2 again")
st, body, p1b = fetch(p2b.pager.get("Newer") or "/")
say(st == 200 and [art(h) for h in p1b.stories] == want_parent[:5],
    "Parent: newer from there is page 1 again")
st, body = get("/category/parent/feed")
items = []
try:
    for it in ET.fromstring(body).iter("item"):
        items.append(art(it.find("link").text))
except ET.ParseError:
    pass
say(st == 200 and items == want_parent[:20], "Parent's feed: the same articles in the same order")
st, body, c1 = fetch("/category/child-1")
say(st == 200 and [art(h) for h in c1.stories] == listing("child-1")[:5],
    "Child 1 lists its own and Child 2's articles")
say([(c["text"], c["href"], c["current"]) for c in c1.crumbs] ==
    [("Home", "/", None), ("Parent", "/category/parent", None), ("Child 1", None, "page")],
    "Child 1: breadcrumb Home » Parent » Child 1")
say([l["text"] for l in c1.subs] == ["Child 2"], "Child 1: links Child 2")
say([l["text"] for l in c1.nav if l["current"] == "page"] == ["Parent"],
    "Child 1: the menu lights Parent")
st, body, c2 = fetch("/category/child-2")
say(st == 200 and [art(h) for h in c2.stories] == listing("child-2")[:5] and not c2.subs
    and c2.pager.get("label", "").strip() == "Page 1 of 2",
    "Child 2: its own 7 articles, in two pages; no subsections")
say([c["text"] for c in c2.crumbs] == ["Home", "Parent", "Child 1", "Child 2"],
    "Child 2: breadcrumb Home » Parent » Child 1 » Child 2")
st, body, pc = fetch("/category/parent-category")
say(st == 200 and [art(h) for h in pc.stories] == listing("parent-category"),
    "Parent Category lists its grandchild's 4 articles")
say([l["text"] for l in pc.subs] == ["Child Category 03"],
    "Parent Category: links only the child holding articles")
# Article pages.
a2 = listing("child-2")[0]
st, body, ap = fetch("/article/" + urllib.parse.quote(a2))
say(st == 200 and [(c["text"], c["href"]) for c in ap.crumbs] ==
    [("Home", "/"), ("Parent", "/category/parent"), ("Child 1", "/category/child-1"),
     ("Child 2", "/category/child-2")], "article in Child 2: breadcrumb of four links")
say([l["text"] for l in ap.nav if l["current"] == "page"] == ["Parent"],
    "article in Child 2: the menu lights Parent")
edge = listing("grandchild-category")[0]
st, body, ep = fetch("/article/" + urllib.parse.quote(edge))
say([c["text"] for c in ep.crumbs] ==
    ["Home", "Parent Category", "Child Category 03", "Grandchild Category"],
    "edge case article: Home » Parent Category » Child Category 03 » Grandchild Category")
st, body, lp = fetch("/article/title-should-not-overflow-the-content-area")
say(st == 200 and [c["text"] for c in lp.crumbs] == ["Home", "Classic"],
    "the long-title article: Home » Classic")

# 4. Empty sections and an unknown one.
for slug, crumbs in (("foo-parent", ["Home", "Foo Parent"]), ("cat-a", ["Home", "Cat A"]),
                     ("unpublished", ["Home", "Unpublished"]), ("sub", ["Home", "aciform", "sub"])):
    st, body, e = fetch("/category/" + slug)
    say(st == 200 and "Nothing has been published here yet." in body and not e.stories
        and [c["text"] for c in e.crumbs] == crumbs,
        "/category/%s: 200, empty, breadcrumb %s" % (slug, " » ".join(crumbs)))
st, body = get("/category/no-such-section")
say(st == 404, "/category/no-such-section: 404")
PY
	)
}

step "a reader's pages"
reader "$db" "$port"
stop_pid "$spid"

step "a Chinese site (CGI)"
cp "$db" "$tmp/zh.db"
sqlite3 "$tmp/zh.db" "UPDATE settings SET value = 'zh-CN' WHERE key = 'site_language'" ||
	die "site language"
cgi() {
	env -i PATH="$PATH" GAZETTE_DB="$tmp/zh.db" GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET \
		REQUEST_URI="$1" QUERY_STRING= HTTP_HOST=x GAZETTE_STRICT=1 \
		GAZETTE_TEST_CLOCK="$GAZETTE_TEST_CLOCK" "$GAZETTE_BIN" >"$2" 2>"$2.err"
	split_cgi "$2"
}
cgi / "$tmp/zh_home"
cgi /sections "$tmp/zh_sections"
cgi /category/parent "$tmp/zh_parent"
check "zh menu: 更多栏目" grep -qF '<a href="/sections">更多栏目</a>' "$tmp/zh_home.body"
check "zh /sections: 全部栏目" grep -qF '<h1 class="page-title">全部栏目</h1>' "$tmp/zh_sections.body"
check "zh /sections: 14 篇文章 for Parent" \
	grep -qF '<a href="/category/parent">Parent</a> <span class="count">14 篇文章</span>' "$tmp/zh_sections.body"
check "zh parent: the subsections' label 子栏目" grep -qF 'aria-label="子栏目"' "$tmp/zh_parent.body"
check "zh pages: nothing on stderr" [ ! -s "$tmp/zh_home.err" ] && [ ! -s "$tmp/zh_sections.err" ]

finish
