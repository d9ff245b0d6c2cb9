#!/bin/bash
# WordPress export at newsroom scale (issue 15, point 5): fill an empty
# database through gazette sql with ARTICLES articles (a 3 KB Markdown
# body each: paragraphs, a heading, a list, a link to another article, two
# tags, a section) and COMMENTS_PER_ARTICLE comments each, export it with
# gazette export wordpress, and report the time, the exporter's peak RSS
# and the size of the document; then read the document once with python's
# streaming parser to show it is well-formed and whole.  The exporter holds
# one article at a time, so its RSS should not grow with ARTICLES.
#   bash bench/export.sh [ARTICLES=100000] [COMMENTS_PER_ARTICLE=3]
# Builds nothing: expects build/gazette (or GAZETTE_BIN).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
BIN=${GAZETTE_BIN:-$src/build/gazette}
articles=${1:-100000}
per=${2:-3}
. "$here/lib.sh"
need "$BIN" python3 sqlite3

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db=$tmp/site.db
"$BIN" init --db "$db" >/dev/null
echo "filling $db: $articles articles x $per comments ..."
"$BIN" sql --db "$db" <<SQL
INSERT INTO users (id, login, display_name, email, role, created_at)
	VALUES (1, 'editor', 'The Editor', 'editor@example.org', 'admin', 1);
INSERT INTO categories (id, slug, name) VALUES (1, 'news', 'News'), (2, 'business', 'Business');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
INSERT INTO tags (id, slug, name) SELECT i, 'tag-' || i, 'Tag ' || i FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $articles)
INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status,
	published_at, created_at, updated_at)
SELECT i, 'article-' || i, 'Article number ' || i, 'The summary of article ' || i || '.',
	'The first paragraph of article ' || i || ', with [a link](/article/article-' ||
	(i % 1000 + 1) || ') and *emphasis*.
A second line of the same paragraph.

## A heading

- one item
- two items

' || replace(hex(zeroblob(600)), '00', 'word '), 1, 1 + i % 2, 'published',
	1600000000 + i, 1600000000, 1600000000 + i FROM n;
INSERT INTO article_tags (article_id, tag_id) SELECT id, 1 + id % 200 FROM articles;
INSERT INTO article_tags (article_id, tag_id) SELECT id, 1 + (id * 7 + 3) % 200 FROM articles
	WHERE (id * 7 + 3) % 200 != id % 200;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $articles * $per)
INSERT INTO comments (article_id, author_name, author_email, body, status, created_at,
	status_changed_at)
SELECT 1 + i % $articles, 'Reader ' || i, 'r' || i || '@example.org',
	'Comment number ' || i || ' & <more>', 'approved', 1600000000 + i, 1600000000 + i FROM n;
SQL
echo "database: $(du -h "$db" | cut -f1)"

python3 - "$BIN" "$db" "$tmp/site.xml" <<'PY'
import resource, subprocess, sys, time
import xml.etree.ElementTree as ET
bin_, db, out = sys.argv[1:]
t = time.monotonic()
with open(out, "wb") as f:
    p = subprocess.run([bin_, "export", "wordpress", "--db", db, "--base-url",
                        "https://news.example.org"], stdout=f, stderr=subprocess.PIPE, text=True)
dt = time.monotonic() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"export: exit {p.returncode}, {dt:.1f} s, peak RSS {rss:.1f} MiB")
print("   ", p.stderr.strip())
if p.returncode != 0:
    sys.exit(1)
items = comments = 0
for _, el in ET.iterparse(out):
    if el.tag == "item":
        items += 1
        el.clear()
    elif el.tag == "{http://wordpress.org/export/1.2/}comment":
        comments += 1
import os
print(f"document: {os.path.getsize(out) / 2**20:.0f} MiB, well-formed, {items} items, "
      f"{comments} comments")
PY
