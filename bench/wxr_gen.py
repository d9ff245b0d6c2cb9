#!/usr/bin/env python3
"""Write a synthetic WordPress export (WXR 1.2) for bench/import.sh.

    python3 bench/wxr_gen.py POSTS COMMENTS_PER_POST > site.xml

Shaped like a newsroom's archive: 20 authors, 60 categories two levels
deep, 3,000 tags, posts over ten years with classic-editor and Gutenberg
bodies (paragraphs, headings, lists, a table now and then, images under
wp-content/uploads, a [caption] shortcode, an embed), every 25th post in
Chinese with a percent-encoded slug, a few drafts, private and scheduled
posts, threaded comments with some held and some spam, a pingback now and
then.  Deterministic: the same arguments give the same bytes.  Streams to
stdout, so memory stays flat whatever the size.
"""
import random
import sys
import urllib.parse
from xml.sax.saxutils import escape

WORDS = ("harbour turbine grid battery export policy factory workers rail freight chips energy "
         "climate market supply orders wages port data software plant investment regulator "
         "standards prices demand training shipyard engineers council budget election court "
         "hospital school river bridge storm harvest museum festival league coach").split()
ZH = "港口 风电 电网 电池 出口 政策 工厂 工人 铁路 货运 芯片 能源 气候 市场 供应 订单 工资 数据 软件 投资".split()
SITE = "https://news.example.org"


def cdata(s):
    return "<![CDATA[" + s.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def sentence(r, n, zh=False):
    if zh:
        return "".join(r.choice(ZH) for _ in range(n)) + "。"
    w = [r.choice(WORDS) for _ in range(n)]
    return w[0].capitalize() + " " + " ".join(w[1:]) + "."


def body(r, i, zh):
    parts = []
    gutenberg = i % 3 == 0
    for k in range(r.randint(4, 9)):
        p = " ".join(sentence(r, r.randint(8, 18), zh) for _ in range(r.randint(2, 4)))
        if k == 1:
            p += ' See <a href="%s/%d/01/02/post-%d/">an earlier report</a>.' % (SITE, 2016 + i % 10, max(1, i - 7))
        if gutenberg:
            parts.append("<!-- wp:paragraph -->\n<p>%s</p>\n<!-- /wp:paragraph -->" % p)
        else:
            parts.append(p.replace(". ", ".\n", 1))
        if k == 2 and i % 4 == 0:
            parts.append("<h2>%s</h2>" % sentence(r, 4, zh).rstrip("。."))
        if k == 3 and i % 5 == 0:
            parts.append("<ul>\n" + "".join("<li>%s</li>\n" % sentence(r, 5, zh) for _ in range(3)) + "</ul>")
        if k == 3 and i % 17 == 0:
            rows = "".join("<tr><td>%s</td><td>%d</td></tr>" % (r.choice(WORDS), r.randint(1, 999)) for _ in range(4))
            parts.append("<table><thead><tr><th>Item</th><th>Value</th></tr></thead><tbody>%s</tbody></table>" % rows)
    if i % 6 == 0:
        y, m = 2016 + i % 10, 1 + i % 12
        parts.insert(1, '[caption id="attachment_%d" align="aligncenter" width="800"]<img src="%s/wp-content/uploads/%d/%02d/photo-%d-800x533.jpg" alt="%s" width="800" height="533" /> %s[/caption]'
                     % (i, SITE, y, m, i, r.choice(WORDS), sentence(r, 6, zh)))
    if i % 40 == 0:
        parts.append("https://www.youtube.com/watch?v=vid%05d" % i)
    return ("\n\n" if not gutenberg else "\n\n").join(parts)


def main():
    posts = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    per = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    r = random.Random(15)
    out = sys.stdout
    w = out.write
    w('<?xml version="1.0" encoding="UTF-8" ?>\n'
      '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
      'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
      '<title>Harbour City Daily</title>\n<link>%s</link>\n<description>News</description>\n'
      '<language>en-US</language>\n<wp:wxr_version>1.2</wp:wxr_version>\n'
      '<wp:base_site_url>%s</wp:base_site_url>\n<wp:base_blog_url>%s</wp:base_blog_url>\n' % (SITE, SITE, SITE))
    for a in range(1, 21):
        w('<wp:author><wp:author_id>%d</wp:author_id><wp:author_login>%s</wp:author_login>'
          '<wp:author_email>reporter%d@news.example.org</wp:author_email>'
          '<wp:author_display_name>%s</wp:author_display_name><wp:author_first_name>%s</wp:author_first_name>'
          '<wp:author_last_name>Writer</wp:author_last_name></wp:author>\n'
          % (a, "reporter%d" % a, a, cdata("Reporter %d" % a), cdata("Reporter")))
    cats = []
    for c in range(1, 61):
        parent = "" if c <= 12 else "section-%d" % (1 + c % 12)
        slug = "section-%d" % c
        cats.append(slug)
        w('<wp:category><wp:term_id>%d</wp:term_id><wp:category_nicename>%s</wp:category_nicename>'
          '<wp:category_parent>%s</wp:category_parent><wp:cat_name>%s</wp:cat_name>'
          '<wp:category_description>%s</wp:category_description></wp:category>\n'
          % (c, slug, parent, cdata("Section %d" % c), cdata(sentence(r, 8))))
    for t in range(1, 3001):
        w('<wp:tag><wp:term_id>%d</wp:term_id><wp:tag_slug>topic-%d</wp:tag_slug>'
          '<wp:tag_name>%s</wp:tag_name></wp:tag>\n' % (1000 + t, t, cdata("topic %d" % t)))
    cid = 0
    for i in range(1, posts + 1):
        zh = i % 25 == 0
        y, m, d = 2016 + i % 10, 1 + i % 12, 1 + i % 28
        hh, mm = i % 24, i % 60
        title = sentence(r, r.randint(5, 10), zh).rstrip("。.")
        slug = ("post-%d" % i) if not zh else urllib.parse.quote("新闻-%d" % i).lower()
        status = "publish"
        if i % 97 == 0:
            status = "draft"
        elif i % 89 == 0:
            status = "private"
        elif i % 83 == 0:
            status = "pending"
        date = "%04d-%02d-%02d %02d:%02d:00" % (y, m, d, hh, mm)
        cat = r.choice(cats)
        tags = r.sample(range(1, 3001), 3)
        link = "%s/%04d/%02d/%02d/%s/" % (SITE, y, m, d, slug)
        w("<item>\n<title>%s</title>\n<link>%s</link>\n<pubDate>Mon, 01 Jan 2024 00:00:00 +0000</pubDate>\n"
          "<dc:creator>%s</dc:creator>\n<guid isPermaLink=\"false\">%s/?p=%d</guid>\n<description></description>\n"
          "<content:encoded>%s</content:encoded>\n<excerpt:encoded>%s</excerpt:encoded>\n"
          "<wp:post_id>%d</wp:post_id>\n<wp:post_date>%s</wp:post_date>\n<wp:post_date_gmt>%s</wp:post_date_gmt>\n"
          "<wp:comment_status>open</wp:comment_status>\n<wp:ping_status>open</wp:ping_status>\n"
          "<wp:post_name>%s</wp:post_name>\n<wp:status>%s</wp:status>\n<wp:post_parent>0</wp:post_parent>\n"
          "<wp:menu_order>0</wp:menu_order>\n<wp:post_type>post</wp:post_type>\n<wp:post_password></wp:post_password>\n"
          "<wp:is_sticky>%d</wp:is_sticky>\n<category domain=\"category\" nicename=\"%s\">%s</category>\n"
          % (escape(title), escape(link), "reporter%d" % (1 + i % 20), SITE, 100000 + i,
             cdata(body(r, i, zh)), cdata(sentence(r, 12, zh) if i % 2 else ""), 100000 + i, date, date,
             slug, status, 1 if i % 500 == 0 else 0, cat, cdata(cat.replace("-", " ").title())))
        for t in tags:
            w('<category domain="post_tag" nicename="topic-%d">%s</category>\n' % (t, cdata("topic %d" % t)))
        if i % 3 == 0:
            w("<wp:postmeta><wp:meta_key>_yoast_wpseo_metadesc</wp:meta_key><wp:meta_value>%s</wp:meta_value></wp:postmeta>\n"
              % cdata(sentence(r, 14, zh)))
        first = cid + 1
        for k in range(per):
            cid += 1
            parent = first if (k % 3 == 2 and cid > first) else 0
            approved = "1"
            if k % 11 == 7:
                approved = "0"
            elif k % 13 == 5:
                approved = "spam"
            ctype = "pingback" if (i % 50 == 0 and k == 0) else ""
            w("<wp:comment><wp:comment_id>%d</wp:comment_id><wp:comment_author>%s</wp:comment_author>"
              "<wp:comment_author_email>reader%d@mail.example</wp:comment_author_email>"
              "<wp:comment_author_url>%s</wp:comment_author_url><wp:comment_author_IP>192.0.2.%d</wp:comment_author_IP>"
              "<wp:comment_date>%s</wp:comment_date><wp:comment_date_gmt>%s</wp:comment_date_gmt>"
              "<wp:comment_content>%s</wp:comment_content><wp:comment_approved>%s</wp:comment_approved>"
              "<wp:comment_type>%s</wp:comment_type><wp:comment_parent>%d</wp:comment_parent>"
              "<wp:comment_user_id>0</wp:comment_user_id></wp:comment>\n"
              % (cid, cdata("Reader %d" % (cid % 997)), cid % 997,
                 "https://blog.example/%d" % cid if k % 4 == 0 else "", cid % 250, date, date,
                 cdata(sentence(r, r.randint(6, 30), zh) + "\n\n" + sentence(r, 8, zh)), approved, ctype, parent))
        w("</item>\n")
    w("</channel>\n</rss>\n")


if __name__ == "__main__":
    main()
