#!/usr/bin/env python3
"""Checks for tests/integration/test_export.sh, on real files, stdlib only.

  wxr_check.py export SITE.xml SITE.db BASE_URL
      The export against the database it came from: well-formed; the
      channel; every item and comment carries every field WordPress's
      importer reads; counts of authors, sections, tags, posts, pages,
      attachments and comments match the database; ids unique; statuses
      mapped at the export's time; titles, summaries, Markdown, comments,
      names byte-identical; sections parents first; thumbnails point at
      attachments; addresses absolute.

  wxr_check.py roundtrip SITE.db COPY.db NOW
      A database imported from the export against the original: the same
      articles (slug, title, body, summary, status as readers see it at NOW,
      published_at, featured, comments open, section, tags, meta
      description), pages, comments (article, author, e-mail, URL, body,
      status, time, the comment each answers), sections (name, description,
      parent), tags, staff logins, media files and the articles' images.

Prints one "PASS label" or "FAIL label" line per check.
"""
import email.utils
import html
import sqlite3
import sys
import urllib.parse
import xml.etree.ElementTree as ET

NS = {
    "wp": "http://wordpress.org/export/1.2/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}

ITEM_FIELDS = [
    "title", "link", "pubDate", "dc:creator", "guid", "description", "content:encoded",
    "excerpt:encoded", "wp:post_id", "wp:post_date", "wp:post_date_gmt", "wp:post_modified",
    "wp:post_modified_gmt", "wp:comment_status", "wp:ping_status", "wp:post_name", "wp:status",
    "wp:post_parent", "wp:menu_order", "wp:post_type", "wp:post_password", "wp:is_sticky",
]
COMMENT_FIELDS = [
    "wp:comment_id", "wp:comment_author", "wp:comment_author_email", "wp:comment_author_url",
    "wp:comment_author_IP", "wp:comment_date", "wp:comment_date_gmt", "wp:comment_content",
    "wp:comment_approved", "wp:comment_type", "wp:comment_parent", "wp:comment_user_id",
]

failures = 0


def check(label, ok, detail=""):
    global failures
    if ok:
        print("PASS " + label)
    else:
        failures += 1
        print("FAIL " + label + (": " + detail if detail else ""))


def text(el, path):
    found = el.find(path, NS)
    return None if found is None else (found.text or "")


# Built-in values of settings never saved (src/model/settings.c).
SETTING_DEFAULTS = {"site_name": "Gazette", "tagline": "News that stays put"}


def path_of(s):
    """A slug as one percent-encoded path segment (gz_url_encode: unreserved bytes kept)."""
    return urllib.parse.quote(s, safe="-._~")


def esc(s):
    """Plain text as the HTML WordPress keeps for titles, excerpts, comments, term names."""
    return html.escape(s, quote=False)


def meta(item, key):
    for pm in item.findall("wp:postmeta", NS):
        if text(pm, "wp:meta_key") == key:
            return text(pm, "wp:meta_value")
    return None


def wp_status(status, published_at, now):
    if status in ("published", "scheduled"):
        return "future" if published_at is not None and published_at > now else "publish"
    return {"draft": "draft", "trash": "trash"}[status]


def seen_status(status, published_at, now):
    """The status a reader sees: a scheduled article whose time came is published."""
    if status == "scheduled" and published_at is not None and published_at <= now:
        return "published"
    return status


def cmd_export(xml_path, db_path, base):
    try:
        tree = ET.parse(xml_path)
    except ET.ParseError as e:
        check("the export is well-formed XML", False, str(e))
        return
    check("the export is well-formed XML", True)
    db = sqlite3.connect(db_path)
    db.row_factory = sqlite3.Row
    rss = tree.getroot()
    ch = rss.find("channel")
    check("rss version 2.0 with a channel", rss.tag == "rss" and rss.get("version") == "2.0"
          and ch is not None)
    site = dict(SETTING_DEFAULTS)
    site.update(db.execute("SELECT key, value FROM settings WHERE key IN ('site_name', 'tagline')"))
    check("channel title is the site name", text(ch, "title") == site.get("site_name"))
    check("channel description is the tagline", text(ch, "description") == site.get("tagline"))
    check("wp:wxr_version 1.2", text(ch, "wp:wxr_version") == "1.2")
    check("channel link, base_site_url, base_blog_url are " + base,
          text(ch, "link") == base and text(ch, "wp:base_site_url") == base
          and text(ch, "wp:base_blog_url") == base)
    now = int(email.utils.parsedate_to_datetime(text(ch, "pubDate")).timestamp())
    check("channel pubDate is RFC 822 (+0000)", text(ch, "pubDate").endswith(" +0000"))

    # Authors, sections, tags: counts, fields, values.
    authors = ch.findall("wp:author", NS)
    users = db.execute("SELECT id, login, display_name, email FROM users ORDER BY id").fetchall()
    check("%d wp:author for %d users" % (len(authors), len(users)), len(authors) == len(users))
    check("authors: id, login, email, display name as stored",
          [(text(a, "wp:author_id"), text(a, "wp:author_login"), text(a, "wp:author_email"),
            text(a, "wp:author_display_name")) for a in authors]
          == [(str(u["id"]), u["login"], u["email"], u["display_name"]) for u in users])
    check("authors: first and last name elements present",
          all(a.find("wp:author_first_name", NS) is not None
              and a.find("wp:author_last_name", NS) is not None for a in authors))
    cats = ch.findall("wp:category", NS)
    dbcats = {r["slug"]: r for r in db.execute(
        "SELECT c.id, c.slug, c.name, c.description, coalesce(p.slug, '') AS parent "
        "FROM categories c LEFT JOIN categories p ON p.id = c.parent_id")}
    check("%d wp:category for %d sections" % (len(cats), len(dbcats)), len(cats) == len(dbcats))
    seen, ok_order, ok_fields = set(), True, True
    for c in cats:
        slug = text(c, "wp:category_nicename")
        r = dbcats.get(slug)
        parent = text(c, "wp:category_parent")
        if parent and parent not in seen:
            ok_order = False
        seen.add(slug)
        if (r is None or text(c, "wp:term_id") != str(r["id"])
                or text(c, "wp:cat_name") != esc(r["name"]) or parent != r["parent"]
                or (text(c, "wp:category_description") or "") != esc(r["description"])):
            ok_fields = False
    check("sections: every parent comes before its children", ok_order)
    check("sections: term_id, nicename, parent slug as stored, name and description as HTML",
          ok_fields)
    tags = ch.findall("wp:tag", NS)
    dbtags = {r["slug"]: r for r in db.execute("SELECT id, slug, name, description FROM tags")}
    check("%d wp:tag for %d tags" % (len(tags), len(dbtags)), len(tags) == len(dbtags))
    check("tags: term_id, slug as stored, name and description as HTML",
          all(text(t, "wp:tag_slug") in dbtags
              and text(t, "wp:term_id") == str(dbtags[text(t, "wp:tag_slug")]["id"])
              and text(t, "wp:tag_name") == esc(dbtags[text(t, "wp:tag_slug")]["name"])
              and (text(t, "wp:tag_description") or "")
              == esc(dbtags[text(t, "wp:tag_slug")]["description"])
              for t in tags))

    # Items: every field WordPress reads, unique ids, one item per row.
    items = ch.findall("item")
    missing = ["%s: %s" % (text(i, "wp:post_id"), f) for i in items for f in ITEM_FIELDS
               if i.find(f, NS) is None]
    check("every item has the %d fields WordPress's importer reads" % len(ITEM_FIELDS),
          not missing, ", ".join(missing[:5]))
    check("every guid says isPermaLink=\"false\"",
          all(i.find("guid").get("isPermaLink") == "false" for i in items))
    ids = [text(i, "wp:post_id") for i in items]
    check("%d items, %d distinct post ids" % (len(ids), len(set(ids))), len(ids) == len(set(ids)))
    by_type = {}
    for i in items:
        by_type.setdefault(text(i, "wp:post_type"), []).append(i)
    n_art = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    n_page = db.execute("SELECT count(*) FROM pages").fetchone()[0]
    n_media = db.execute("SELECT count(*) FROM media").fetchone()[0]
    n_com = db.execute("SELECT count(*) FROM comments").fetchone()[0]
    check("%d posts for %d articles" % (len(by_type.get("post", [])), n_art),
          len(by_type.get("post", [])) == n_art)
    check("%d pages for %d pages" % (len(by_type.get("page", [])), n_page),
          len(by_type.get("page", [])) == n_page)
    check("%d attachments for %d media" % (len(by_type.get("attachment", [])), n_media),
          len(by_type.get("attachment", [])) == n_media)
    check("only post, page and attachment items", set(by_type) <= {"post", "page", "attachment"})
    comments = [c for i in items for c in i.findall("wp:comment", NS)]
    check("%d wp:comment for %d comments" % (len(comments), n_com), len(comments) == n_com)
    missing = ["%s: %s" % (text(c, "wp:comment_id"), f) for c in comments for f in COMMENT_FIELDS
               if c.find(f, NS) is None]
    check("every comment has the %d fields WordPress's importer reads" % len(COMMENT_FIELDS),
          not missing, ", ".join(missing[:5]))

    # Articles against their rows.
    posts = {int(text(i, "wp:post_id")): i for i in by_type.get("post", [])}
    rows = db.execute(
        "SELECT a.*, coalesce(u.login, '') AS login, coalesce(c.slug, '') AS cat, "
        "coalesce(c.name, '') AS catname FROM articles a LEFT JOIN users u ON u.id = a.author_id "
        "LEFT JOIN categories c ON c.id = a.category_id").fetchall()
    bad = {k: [] for k in ("id", "text", "status", "date", "terms", "meta", "link", "abs")}
    for r in rows:
        i = posts.get(r["id"])
        if i is None:
            bad["id"].append(r["id"])
            continue
        if (text(i, "title") != esc(r["title"]) or text(i, "excerpt:encoded") != esc(r["summary"])
                or meta(i, "_gazette_markdown") != r["body"] or text(i, "wp:post_name") != r["slug"]
                or text(i, "dc:creator") != r["login"]):
            bad["text"].append(r["id"])
        if (text(i, "wp:status") != wp_status(r["status"], r["published_at"], now)
                or text(i, "wp:is_sticky") != str(r["featured"])
                or text(i, "wp:comment_status") != ("open" if r["comments_open"] else "closed")):
            bad["status"].append(r["id"])
        gmt = text(i, "wp:post_date_gmt")
        if r["published_at"] is None:
            date_ok = gmt == "0000-00-00 00:00:00"
        else:
            date_ok = gmt == sqlite3.connect(":memory:").execute(
                "SELECT datetime(?, 'unixepoch')", (r["published_at"],)).fetchone()[0]
        if not date_ok:
            bad["date"].append(r["id"])
        cats_of = [(c.get("nicename"), c.text) for c in i.findall("category")
                   if c.get("domain") == "category"]
        tags_of = sorted(c.get("nicename") for c in i.findall("category")
                         if c.get("domain") == "post_tag")
        want_tags = sorted(t[0] for t in db.execute(
            "SELECT t.slug FROM article_tags x JOIN tags t ON t.id = x.tag_id "
            "WHERE x.article_id = ?", (r["id"],)))
        if cats_of != ([(r["cat"], esc(r["catname"]))] if r["cat"] else []) or tags_of != want_tags:
            bad["terms"].append(r["id"])
        thumb = meta(i, "_thumbnail_id")
        want_thumb = None if r["image_id"] is None else str(2000000000 + r["image_id"])
        desc = meta(i, "_yoast_wpseo_metadesc")
        if thumb != want_thumb or (desc or "") != esc(r["meta_description"]):
            bad["meta"].append(r["id"])
        if text(i, "link") != base + "/article/" + path_of(r["slug"]):
            bad["link"].append(r["id"])
        html = text(i, "content:encoded")
        if 'href="/' in html or 'src="/' in html or (r["body"] and not html.strip()):
            bad["abs"].append(r["id"])
    check("every article is an item with its own id", not bad["id"], str(bad["id"][:5]))
    check("Markdown (_gazette_markdown), slugs, authors byte-identical; titles, summaries as HTML",
          not bad["text"], str(bad["text"][:5]))
    check("statuses mapped at the export's time (publish/future/draft/trash), sticky, comments",
          not bad["status"], str(bad["status"][:5]))
    check("post_date_gmt is published_at, 0000-00-00 for unpublished drafts",
          not bad["date"], str(bad["date"][:5]))
    check("section and tags as <category domain nicename>Name", not bad["terms"],
          str(bad["terms"][:5]))
    check("_thumbnail_id as the attachment's id, _yoast_wpseo_metadesc as HTML", not bad["meta"], str(bad["meta"][:5]))
    check("links are BASE/article/slug (percent-encoded)", not bad["link"], str(bad["link"][:5]))
    check("content:encoded is rendered HTML with absolute addresses", not bad["abs"],
          str(bad["abs"][:5]))

    # Comments against their rows.
    approved = {"approved": "1", "pending": "0", "spam": "spam", "trash": "trash"}
    dbc = {r["id"]: r for r in db.execute("SELECT * FROM comments")}
    badc = []
    for i in by_type.get("post", []):
        for c in i.findall("wp:comment", NS):
            r = dbc.get(int(text(c, "wp:comment_id")))
            if (r is None or r["article_id"] != int(text(i, "wp:post_id"))
                    or text(c, "wp:comment_author") != r["author_name"]
                    or text(c, "wp:comment_author_email") != r["author_email"]
                    or text(c, "wp:comment_author_url") != r["author_url"]
                    or text(c, "wp:comment_content") != esc(r["body"])
                    or text(c, "wp:comment_approved") != approved[r["status"]]
                    or text(c, "wp:comment_parent") != str(r["parent_id"] or 0)
                    or text(c, "wp:comment_user_id") != str(r["user_id"] or 0)):
                badc.append(text(c, "wp:comment_id"))
    check("comments: article, author, e-mail, URL, text as HTML, approved (1/0/spam/trash), parent, "
          "user",
          not badc, str(badc[:5]))

    # Media and pages.
    atts = {int(text(i, "wp:post_id")): i for i in by_type.get("attachment", [])}
    badm = []
    for r in db.execute("SELECT m.*, (SELECT min(id) FROM articles WHERE image_id = m.id) AS art "
                        "FROM media m"):
        i = atts.get(2000000000 + r["id"])
        url = "%s/media/%s.%s" % (base, r["hash"], r["ext"])
        if (i is None or text(i, "wp:attachment_url") != url
                or text(i, "wp:post_parent") != str(r["art"] or 0)
                or text(i, "wp:status") != "inherit"
                or (meta(i, "_wp_attachment_image_alt") or "") != r["alt"]):
            badm.append(r["id"])
    check("attachments: id 2e9+id, attachment_url BASE/media/hash.ext, parent, alt", not badm,
          str(badm))
    pages = {int(text(i, "wp:post_id")): i for i in by_type.get("page", [])}
    badp = []
    for r in db.execute("SELECT * FROM pages"):
        i = pages.get(1000000000 + r["id"])
        link = base + ("/privacy" if r["slug"] == "privacy" else "/p/" + path_of(r["slug"]))
        if (i is None or text(i, "title") != esc(r["title"])
                or meta(i, "_gazette_markdown") != r["body"]
                or text(i, "wp:post_name") != r["slug"] or text(i, "link") != link
                or text(i, "wp:status") != ("publish" if r["status"] == "published" else "draft")):
            badp.append(r["id"])
    check("pages: id 1e9+id, title, Markdown, slug, link, publish/draft", not badp, str(badp))


def snapshot(db_path, now):
    db = sqlite3.connect(db_path)
    db.row_factory = sqlite3.Row
    s = {}
    s["articles"] = {}
    for r in db.execute(
            "SELECT a.*, coalesce(c.slug, '') AS cat FROM articles a "
            "LEFT JOIN categories c ON c.id = a.category_id"):
        tags = sorted(t[0] for t in db.execute(
            "SELECT t.slug FROM article_tags x JOIN tags t ON t.id = x.tag_id "
            "WHERE x.article_id = ?", (r["id"],)))
        s["articles"][r["slug"]] = {
            "title": r["title"], "body": r["body"], "summary": r["summary"],
            "status": seen_status(r["status"], r["published_at"], now),
            "published_at": r["published_at"], "featured": r["featured"],
            "comments_open": r["comments_open"], "category": r["cat"], "tags": tags,
            "meta_description": r["meta_description"],
        }
    s["pages"] = {r["slug"]: (r["title"], r["body"], r["status"])
                  for r in db.execute("SELECT * FROM pages")}
    s["categories"] = {r["slug"]: (r["name"], r["description"], r["parent"]) for r in db.execute(
        "SELECT c.slug, c.name, c.description, coalesce(p.slug, '') AS parent "
        "FROM categories c LEFT JOIN categories p ON p.id = c.parent_id")}
    s["tags"] = {r["slug"]: (r["name"], r["description"])
                 for r in db.execute("SELECT slug, name, description FROM tags")}
    s["comments"] = sorted(
        tuple(r) for r in db.execute(
            "SELECT a.slug, c.author_name, c.author_email, c.author_url, c.body, c.status, "
            "c.created_at, coalesce(p.author_name, ''), coalesce(p.body, '') "
            "FROM comments c JOIN articles a ON a.id = c.article_id "
            "LEFT JOIN comments p ON p.id = c.parent_id"))
    s["logins"] = sorted(r[0].lower() for r in db.execute("SELECT login FROM users"))
    s["media"] = sorted(tuple(r) for r in db.execute("SELECT hash, ext, mime, width, height, "
                                                     "bytes, alt FROM media"))
    s["images"] = sorted(tuple(r) for r in db.execute(
        "SELECT a.slug, m.hash FROM articles a JOIN media m ON m.id = a.image_id"))
    return s


def cmd_roundtrip(src_path, dst_path, now):
    a, b = snapshot(src_path, now), snapshot(dst_path, now)
    check("%d articles before, %d after" % (len(a["articles"]), len(b["articles"])),
          set(a["articles"]) == set(b["articles"]),
          "missing %s, extra %s" % (sorted(set(a["articles"]) - set(b["articles"]))[:5],
                                    sorted(set(b["articles"]) - set(a["articles"]))[:5]))
    for field in ("title", "body", "summary", "status", "published_at", "featured",
                  "comments_open", "category", "tags", "meta_description"):
        diff = [s for s in a["articles"] if s in b["articles"]
                and a["articles"][s][field] != b["articles"][s][field]]
        check("articles: the same %s" % field, not diff,
              "; ".join("%s: %r != %r" % (s, a["articles"][s][field], b["articles"][s][field])
                        for s in diff[:3]))
    for kind in ("pages", "categories", "tags"):
        diff = sorted(set(a[kind].items()) ^ set(b[kind].items()))
        check("the same %s (%d)" % (kind, len(a[kind])), not diff, str(diff[:4]))
    ca, cb = a["comments"], b["comments"]
    check("the same %d comments (article, author, e-mail, URL, text, status, time, parent)" % len(ca),
          ca == cb, "only before: %s; only after: %s" % (
              [c for c in ca if c not in cb][:2], [c for c in cb if c not in ca][:2]))
    check("the same staff logins", a["logins"] == b["logins"], "%s != %s" % (a["logins"], b["logins"]))
    check("the same %d media files (hash, type, size, alt)" % len(a["media"]),
          a["media"] == b["media"], "%s != %s" % (a["media"][:2], b["media"][:2]))
    check("the same article images (%d)" % len(a["images"]), a["images"] == b["images"],
          "%s != %s" % (a["images"][:2], b["images"][:2]))


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "export":
        cmd_export(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 5 and sys.argv[1] == "roundtrip":
        cmd_roundtrip(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        sys.exit(__doc__)
    sys.exit(1 if failures else 0)


main()
