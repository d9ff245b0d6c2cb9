/*
 * The WXR writer and the model's export under it, on real SQLite files:
 * the base URL check; the HTML for content:encoded (site-relative
 * addresses made absolute, nothing else touched, soft breaks as spaces
 * outside <pre>); and a whole site written and parsed back by libxml2
 * with no recovery, checked element by element: well-formed whatever the
 * text ("]]>" split as WordPress splits it, control characters and invalid
 * UTF-8 as U+FFFD), sections parents first, ids in their three ranges,
 * statuses mapped at a given time, drafts' zero GMT date, terms, postmeta,
 * threaded comments of every status; one snapshot, whatever another
 * connection commits meanwhile.  Also: a database from before
 * sql/008 (no pages.status, no meta_description), one with no schema, and
 * an output that cannot be written.  Last, the same document through the
 * importer's own stream reader (wxr.h): what one writes the other reads,
 * field for field.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "gazette/arena.h"
#include "gazette/export.h"
#include "gazette/wxr.h"
#include "gazette/wxr_write.h"
#include "test.h"
#include "testdb.h"

#define BASE "https://news.example.org"
#define NOW 1700000000

/* ---- gz_wxr_base_url ------------------------------------------------- */

struct base_case {
	const char *in;   /* as given */
	const char *want; /* normalised, or NULL: refused */
};

static const struct base_case base_cases[] = {
    {"https://news.example.org", "https://news.example.org"},
    {"https://news.example.org/", "https://news.example.org"},
    {"http://127.0.0.1:8080//", "http://127.0.0.1:8080"},
    {"HTTPS://Example.org/news/", "HTTPS://Example.org/news"},
    {"https://example.org/a%20b", "https://example.org/a%20b"},
    {"ftp://example.org", NULL},
    {"example.org", NULL},
    {"", NULL},
    {"http://", NULL},
    {"https:///", NULL},
    {"https:///path", NULL},
    {"https://exa mple.org", NULL},
    {"https://example.org/?q=1", NULL},
    {"https://example.org/#top", NULL},
    {"https://example.org/\"x", NULL},
    {"https://example.org/<x>", NULL},
    {"https://example.org/\x01", NULL},
    {"https://ex\xC3\xA4mple.org", NULL},
};

static void
t_base_url(void)
{
	struct gz_arena a;
	char err[256], long_url[300];
	const char *got;
	size_t i;

	gz_arena_init(&a, 1024, 0);
	for (i = 0; i < sizeof(base_cases) / sizeof(base_cases[0]); i++) {
		err[0] = '\0';
		got = gz_wxr_base_url(&a, base_cases[i].in, err, sizeof(err));
		if (base_cases[i].want != NULL) {
			CHECK_STR(got, base_cases[i].want);
		} else {
			CHECK(got == NULL);
			CHECK(err[0] != '\0');
		}
	}
	/* The length bound, counted after the trailing slashes go. */
	memset(long_url, 'a', sizeof(long_url) - 1);
	long_url[sizeof(long_url) - 1] = '\0';
	memcpy(long_url, "https://", 8);
	long_url[GZ_WXR_BASE_URL_MAX] = '\0';
	CHECK(gz_wxr_base_url(&a, long_url, err, sizeof(err)) != NULL);
	long_url[GZ_WXR_BASE_URL_MAX] = 'a';
	long_url[GZ_WXR_BASE_URL_MAX + 1] = '\0';
	CHECK(gz_wxr_base_url(&a, long_url, err, sizeof(err)) == NULL);
	long_url[GZ_WXR_BASE_URL_MAX] = '/';
	CHECK(gz_wxr_base_url(&a, long_url, err, sizeof(err)) != NULL);
	gz_arena_free(&a);
}

/* ---- gz_wxr_post_html ------------------------------------------------ */

struct html_case {
	const char *md;       /* Markdown in */
	const char *want;     /* must appear in the HTML */
	const char *not_want; /* must not appear (NULL: no such check) */
};

static const struct html_case html_cases[] = {
    /* Site-relative addresses become absolute. */
    {"[a](/article/x)", "<a href=\"" BASE "/article/x\">a</a>", NULL},
    {"![i](/media/ab.png)", "src=\"" BASE "/media/ab.png\"", "src=\"/media"},
    {"[home](/)", "href=\"" BASE "/\"", NULL},
    /* Others are left alone: another host, protocol-relative, a fragment, relative. */
    {"[e](https://e.org/x)", "href=\"https://e.org/x\"", BASE},
    {"[p](//cdn.example/x)", "href=\"//cdn.example/x\"", BASE},
    {"[f](#part)", "href=\"#part\"", BASE},
    {"[r](page.html)", "href=\"page.html\"", BASE},
    /* Text that spells an attribute is escaped by cmark and never touched. */
    {"`<a href=\"/x\">`", "href=&quot;/x&quot;", BASE},
    {"say href=&quot;/x&quot; here", "href=&quot;/x&quot;", BASE},
    /* A soft break is a space; a hard break and block ends keep their newline. */
    {"line one\nline two", "<p>line one line two</p>\n", NULL},
    {"*one*\ntwo", "<em>one</em> two", "</em>\n"},
    {"one  \ntwo", "one<br />\ntwo", NULL},
    {"- a\n- b", "<li>a</li>\n<li>b</li>\n", NULL},
    {"# T\n\npara", "</h1>\n<p>para</p>", NULL},
    /* Inside <pre> every newline stays. */
    {"```\nx = 1\ny = 2\n```", "x = 1\ny = 2\n</code></pre>", NULL},
    {"    indented\n    code", "indented\ncode\n</code></pre>", NULL},
};

static void
t_post_html(void)
{
	struct gz_arena a;
	char *html;
	size_t i;

	gz_arena_init(&a, 4096, 0);
	for (i = 0; i < sizeof(html_cases) / sizeof(html_cases[0]); i++) {
		html = NULL;
		CHECK_INT(gz_wxr_post_html(&a, html_cases[i].md, BASE, &html), GZ_OK);
		if (html == NULL) {
			continue;
		}
		if (strstr(html, html_cases[i].want) == NULL) {
			fprintf(stderr, "case %zu: want \"%s\" in \"%s\"\n", i, html_cases[i].want,
			        html);
			CHECK(0);
		}
		if (html_cases[i].not_want != NULL &&
		    strstr(html, html_cases[i].not_want) != NULL) {
			fprintf(stderr, "case %zu: did not want \"%s\" in \"%s\"\n", i,
			        html_cases[i].not_want, html);
			CHECK(0);
		}
	}
	gz_arena_free(&a);
}

/* ---- a whole site, parsed back --------------------------------------- */

/* Text that XML and WXR make hard: CDATA's end, markup, CJK. */
#define HARD_TITLE "Fish & chips <b>]]> 中文"
#define HARD_SUMMARY "Sum ]]> & < >"
/* The same as the HTML WordPress keeps for a title or an excerpt. */
#define HARD_TITLE_HTML "Fish &amp; chips &lt;b&gt;]]&gt; 中文"
#define HARD_SUMMARY_HTML "Sum ]]&gt; &amp; &lt; &gt;"
#define HARD_BODY                                                                                  \
	"Body with [a link](/article/x) and ![img](/media/h.png \"cap\")\n\nsecond ]]> para & "    \
	"<script>x</script> 制造"

static const char site_sql[] =
    "INSERT INTO users (id, login, display_name, email, role, created_at) VALUES "
    " (1, 'boss', 'The Boss', 'boss@example.org', 'admin', 1),"
    " (2, 'writer', 'Wri Ter', '', 'author', 1);"
    "INSERT INTO categories (id, slug, name, description, parent_id) VALUES "
    " (1, 'sub', 'Sub & co', '', NULL), (2, 'top', 'Top', 'The top ]]> one', NULL);"
    "UPDATE categories SET parent_id = 2 WHERE id = 1;"
    "INSERT INTO tags (id, slug, name, description) VALUES (1, 't-one', 'One', ''),"
    " (2, 'zhizao', '制造', '制造业');"
    "INSERT INTO media (id, hash, ext, mime, width, height, bytes, alt, original_name, "
    " uploaded_by, created_at) VALUES "
    " (1, 'aaaa', 'png', 'image/png', 10, 10, 100, 'An alt', 'photo.final.png', 2, 5),"
    " (2, 'bbbb', 'jpg', 'image/jpeg', 10, 10, 100, '', '', NULL, 6);"
    "INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, image_id, "
    " status, featured, comments_open, published_at, created_at, updated_at, meta_description) "
    " VALUES "
    " (1, 'hard', '" HARD_TITLE "', '" HARD_SUMMARY "', '" HARD_BODY "', 2, 1, 1,"
    "  'published', 1, 1, 1699999900, 1699999000, 1699999950, 'Meta <desc>'),"
    " (2, 'later', 'Later', '', 'b', 1, NULL, NULL, 'scheduled', 0, 0, 1700001000, 1, 2, ''),"
    " (3, 'due', 'Due', '', 'b', 1, NULL, NULL, 'scheduled', 0, 1, 1699990000, 1, 2, ''),"
    " (4, 'draft', 'Draft', '', 'b', 1, NULL, NULL, 'draft', 0, 1, NULL, 1600000000, 2, ''),"
    " (5, 'gone', 'Gone', '', 'b', 1, NULL, NULL, 'trash', 0, 1, 1699999000, 1, 2, ''),"
    " (6, 'odd', 'a' || char(1) || 'b ' || CAST(X'63FF64' AS TEXT), '', 'b', 1, NULL, NULL,"
    "  'published', 0, 1, 1699999000, 1, 2, '');"
    "INSERT INTO article_tags (article_id, tag_id) VALUES (1, 2), (1, 1);"
    "INSERT INTO comments (id, article_id, parent_id, user_id, author_name, author_email, "
    " author_url, body, status, created_at, status_changed_at) VALUES "
    " (1, 1, NULL, NULL, 'Reader', 'r@example.org', 'https://r.example', 'First ]]> & <', "
    "  'approved', 1699999960, 1),"
    " (2, 1, 1, NULL, '读者', 'd@example.org', '', 'held', 'pending', 1699999970, 1),"
    " (3, 1, NULL, NULL, 'Spammer', 's@example.org', '', 'buy', 'spam', 1699999971, 1),"
    " (4, 1, NULL, NULL, 'Gone', 'g@example.org', '', 'bye', 'trash', 1699999972, 1),"
    " (5, 1, 1, 1, 'The Boss', 'boss@example.org', '', 'Thanks', 'approved', 1699999980, 1),"
    " (6, 3, NULL, NULL, 'Other', 'o@example.org', '', 'on due', 'approved', 1699999990, 1);"
    "INSERT INTO pages (id, slug, title, body, updated_at, status) VALUES "
    " (7, 'about', 'About', '[home](/)', 1699000000, 'draft');";

/* The document written from db (opts at BASE, NOW), parsed strictly; NULL on failure. */
static xmlDocPtr
write_and_parse(struct gz_db *db, struct gz_export_counts *counts, char **raw, size_t *rawlen)
{
	struct gz_wxr_write_opts o = {BASE, NOW};
	char err[256];
	FILE *f;
	xmlDocPtr doc;
	enum gz_err rc;

	*raw = NULL;
	*rawlen = 0;
	if ((f = open_memstream(raw, rawlen)) == NULL) {
		return NULL;
	}
	rc = gz_wxr_write(db, f, &o, counts, err, sizeof(err));
	fclose(f);
	CHECK_INT(rc, GZ_OK);
	if (rc != GZ_OK) {
		fprintf(stderr, "gz_wxr_write: %s\n", err);
		return NULL;
	}
	/* No recovery: a document that is not well-formed does not parse. */
	doc = xmlReadMemory(*raw, (int)*rawlen, "export.xml", NULL, XML_PARSE_NONET);
	CHECK(doc != NULL);
	return doc;
}

/* The string value of expr, copied into buf ("" when it has none). */
static const char *
xs(xmlDocPtr doc, const char *expr, char *buf, size_t size)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr r;
	char wrapped[512];

	buf[0] = '\0';
	xmlXPathRegisterNs(ctx, BAD_CAST "wp", BAD_CAST "http://wordpress.org/export/1.2/");
	xmlXPathRegisterNs(ctx, BAD_CAST "excerpt",
	                   BAD_CAST "http://wordpress.org/export/1.2/excerpt/");
	xmlXPathRegisterNs(ctx, BAD_CAST "content",
	                   BAD_CAST "http://purl.org/rss/1.0/modules/content/");
	xmlXPathRegisterNs(ctx, BAD_CAST "dc", BAD_CAST "http://purl.org/dc/elements/1.1/");
	snprintf(wrapped, sizeof(wrapped), "string(%s)", expr);
	r = xmlXPathEvalExpression(BAD_CAST wrapped, ctx);
	if (r != NULL && r->type == XPATH_STRING && r->stringval != NULL) {
		snprintf(buf, size, "%s", (const char *)r->stringval);
	} else {
		fprintf(stderr, "xpath failed: %s\n", expr);
	}
	xmlXPathFreeObject(r);
	xmlXPathFreeContext(ctx);
	return buf;
}

/* XPath's count(expr). */
static long
xcount(xmlDocPtr doc, const char *expr)
{
	char q[512], buf[32];

	snprintf(q, sizeof(q), "count(%s)", expr);
	/* string(count(...)) is the number in decimal. */
	return strtol(xs(doc, q, buf, sizeof(buf)), NULL, 10);
}

#define ITEM(id) "/rss/channel/item[wp:post_id='" #id "']"
#define META(id, key) ITEM(id) "/wp:postmeta[wp:meta_key='" key "']/wp:meta_value"

static void
check_site(xmlDocPtr doc, const char *raw)
{
	char b[8192];

	/* The channel. */
	CHECK_STR(xs(doc, "/rss/@version", b, sizeof(b)), "2.0");
	CHECK_STR(xs(doc, "/rss/channel/wp:wxr_version", b, sizeof(b)), "1.2");
	CHECK_STR(xs(doc, "/rss/channel/link", b, sizeof(b)), BASE);
	CHECK_STR(xs(doc, "/rss/channel/wp:base_blog_url", b, sizeof(b)), BASE);
	CHECK_STR(xs(doc, "/rss/channel/pubDate", b, sizeof(b)), "Tue, 14 Nov 2023 22:13:20 +0000");
	CHECK_INT(xcount(doc, "/rss/channel/wp:author"), 2);
	CHECK_STR(xs(doc, "/rss/channel/wp:author[2]/wp:author_login", b, sizeof(b)), "writer");
	CHECK_STR(xs(doc, "/rss/channel/wp:author[1]/wp:author_display_name", b, sizeof(b)),
	          "The Boss");
	/* Sections: the parent first, though its id is higher. */
	CHECK_INT(xcount(doc, "/rss/channel/wp:category"), 2);
	CHECK_STR(xs(doc, "/rss/channel/wp:category[1]/wp:category_nicename", b, sizeof(b)), "top");
	CHECK_STR(xs(doc, "/rss/channel/wp:category[1]/wp:category_parent", b, sizeof(b)), "");
	CHECK_STR(xs(doc, "/rss/channel/wp:category[1]/wp:category_description", b, sizeof(b)),
	          "The top ]]&gt; one");
	CHECK_STR(xs(doc, "/rss/channel/wp:category[2]/wp:category_nicename", b, sizeof(b)), "sub");
	CHECK_STR(xs(doc, "/rss/channel/wp:category[2]/wp:category_parent", b, sizeof(b)), "top");
	CHECK_STR(xs(doc, "/rss/channel/wp:category[2]/wp:cat_name", b, sizeof(b)), "Sub &amp; co");
	CHECK_INT(xcount(doc, "/rss/channel/wp:category[2]/wp:category_description"), 0);
	CHECK_INT(xcount(doc, "/rss/channel/wp:tag"), 2);
	CHECK_STR(xs(doc, "/rss/channel/wp:tag[2]/wp:tag_name", b, sizeof(b)), "制造");
	CHECK_STR(xs(doc, "/rss/channel/wp:tag[2]/wp:tag_description", b, sizeof(b)), "制造业");

	/* Items: media first, then pages, then articles; ids in three ranges. */
	CHECK_INT(xcount(doc, "/rss/channel/item"), 2 + 2 + 6);
	CHECK_INT(xcount(doc, "/rss/channel/item[wp:post_type='attachment']"), 2);
	CHECK_INT(xcount(doc, "/rss/channel/item[wp:post_type='page']"), 2);
	CHECK_INT(xcount(doc, "/rss/channel/item[wp:post_type='post']"), 6);
	CHECK_STR(xs(doc, "/rss/channel/item[1]/wp:post_id", b, sizeof(b)), "2000000001");
	CHECK_STR(xs(doc, "/rss/channel/item[3]/wp:post_type", b, sizeof(b)), "page");
	CHECK_STR(xs(doc, "/rss/channel/item[5]/wp:post_id", b, sizeof(b)), "1");

	/* The hard article, field by field. */
	CHECK_STR(xs(doc, ITEM(1) "/title", b, sizeof(b)), HARD_TITLE_HTML);
	CHECK_STR(xs(doc, ITEM(1) "/link", b, sizeof(b)), BASE "/article/hard");
	CHECK_STR(xs(doc, ITEM(1) "/guid", b, sizeof(b)), BASE "/?p=1");
	CHECK_STR(xs(doc, ITEM(1) "/guid/@isPermaLink", b, sizeof(b)), "false");
	CHECK_STR(xs(doc, ITEM(1) "/dc:creator", b, sizeof(b)), "writer");
	CHECK_STR(xs(doc, ITEM(1) "/pubDate", b, sizeof(b)), "Tue, 14 Nov 2023 22:11:40 +0000");
	CHECK_STR(xs(doc, ITEM(1) "/wp:post_date", b, sizeof(b)), "2023-11-14 22:11:40");
	CHECK_STR(xs(doc, ITEM(1) "/wp:post_date_gmt", b, sizeof(b)), "2023-11-14 22:11:40");
	CHECK_STR(xs(doc, ITEM(1) "/wp:post_modified_gmt", b, sizeof(b)), "2023-11-14 22:12:30");
	CHECK_STR(xs(doc, ITEM(1) "/excerpt:encoded", b, sizeof(b)), HARD_SUMMARY_HTML);
	CHECK_STR(xs(doc, ITEM(1) "/wp:status", b, sizeof(b)), "publish");
	CHECK_STR(xs(doc, ITEM(1) "/wp:is_sticky", b, sizeof(b)), "1");
	CHECK_STR(xs(doc, ITEM(1) "/wp:comment_status", b, sizeof(b)), "open");
	CHECK_STR(xs(doc, ITEM(1) "/wp:post_name", b, sizeof(b)), "hard");
	CHECK_STR(xs(doc, ITEM(1) "/category[@domain='category']/@nicename", b, sizeof(b)), "sub");
	CHECK_STR(xs(doc, ITEM(1) "/category[@domain='category']", b, sizeof(b)), "Sub &amp; co");
	CHECK_INT(xcount(doc, ITEM(1) "/category[@domain='post_tag']"), 2);
	CHECK_STR(xs(doc, ITEM(1) "/category[@domain='post_tag'][1]/@nicename", b, sizeof(b)),
	          "t-one");
	CHECK_STR(xs(doc, ITEM(1) "/category[@nicename='zhizao']", b, sizeof(b)), "制造");
	CHECK_STR(xs(doc, META(1, "_gazette_markdown"), b, sizeof(b)), HARD_BODY);
	CHECK_STR(xs(doc, META(1, "_thumbnail_id"), b, sizeof(b)), "2000000001");
	CHECK_STR(xs(doc, META(1, "_yoast_wpseo_metadesc"), b, sizeof(b)), "Meta &lt;desc&gt;");
	xs(doc, ITEM(1) "/content:encoded", b, sizeof(b));
	CHECK(strstr(b, "<a href=\"" BASE "/article/x\">a link</a>") != NULL);
	CHECK(strstr(b, BASE "/media/h.png") != NULL);
	CHECK(strstr(b, "second ]]&gt; para &amp; ") != NULL);
	CHECK(strstr(b, "<script>") == NULL); /* Gazette's safe rendering drops raw HTML */
	/* "]]>" went out as WordPress writes it (in the Markdown; titles hold "]]&gt;"). */
	CHECK(strstr(raw, "<wp:meta_value><![CDATA[Body with [a link](/article/x)") != NULL);
	CHECK(strstr(raw,
	             "second ]]]]><![CDATA[> para & <script>x</script> 制造]]></wp:meta_value>") !=
	      NULL);
	CHECK(strstr(raw, "<title><![CDATA[Fish &amp; chips &lt;b&gt;]]&gt; 中文]]></title>") !=
	      NULL);

	/* Its comments: every status, threads by id, the staff reply's user. */
	CHECK_INT(xcount(doc, ITEM(1) "/wp:comment"), 5);
	CHECK_STR(xs(doc, ITEM(1) "/wp:comment[1]/wp:comment_content", b, sizeof(b)),
	          "First ]]&gt; &amp; &lt;");
	CHECK_STR(xs(doc, ITEM(1) "/wp:comment[1]/wp:comment_author_url", b, sizeof(b)),
	          "https://r.example");
	CHECK_STR(xs(doc, ITEM(1) "/wp:comment[1]/wp:comment_date_gmt", b, sizeof(b)),
	          "2023-11-14 22:12:40");
	CHECK_STR(xs(doc, ITEM(1) "/wp:comment[1]/wp:comment_approved", b, sizeof(b)), "1");
	CHECK_STR(xs(doc, ITEM(1) "/wp:comment[2]/wp:comment_approved", b, sizeof(b)), "0");
	CHECK_STR(xs(doc, ITEM(1) "/wp:comment[2]/wp:comment_author", b, sizeof(b)), "读者");
	CHECK_STR(xs(doc, ITEM(1) "/wp:comment[2]/wp:comment_parent", b, sizeof(b)), "1");
	CHECK_STR(xs(doc, ITEM(1) "/wp:comment[3]/wp:comment_approved", b, sizeof(b)), "spam");
	CHECK_STR(xs(doc, ITEM(1) "/wp:comment[4]/wp:comment_approved", b, sizeof(b)), "trash");
	CHECK_STR(xs(doc, ITEM(1) "/wp:comment[5]/wp:comment_user_id", b, sizeof(b)), "1");
	CHECK_STR(xs(doc, ITEM(1) "/wp:comment[5]/wp:comment_parent", b, sizeof(b)), "1");
	CHECK_STR(xs(doc, ITEM(1) "/wp:comment[1]/wp:comment_type", b, sizeof(b)), "comment");
	CHECK_INT(xcount(doc, ITEM(3) "/wp:comment"), 1);

	/* Statuses at NOW, and the draft's dates. */
	CHECK_STR(xs(doc, ITEM(2) "/wp:status", b, sizeof(b)), "future");
	CHECK_STR(xs(doc, ITEM(2) "/wp:comment_status", b, sizeof(b)), "closed");
	CHECK_STR(xs(doc, ITEM(3) "/wp:status", b, sizeof(b)), "publish");
	CHECK_STR(xs(doc, ITEM(4) "/wp:status", b, sizeof(b)), "draft");
	CHECK_STR(xs(doc, ITEM(4) "/wp:post_date_gmt", b, sizeof(b)), "0000-00-00 00:00:00");
	CHECK_STR(xs(doc, ITEM(4) "/wp:post_date", b, sizeof(b)), "2020-09-13 12:26:40");
	CHECK_STR(xs(doc, ITEM(5) "/wp:status", b, sizeof(b)), "trash");
	CHECK_INT(xcount(doc, ITEM(2) "/category"), 0);
	CHECK_INT(xcount(doc, META(2, "_thumbnail_id")), 0);
	CHECK_INT(xcount(doc, META(2, "_yoast_wpseo_metadesc")), 0);
	/* What XML cannot carry became U+FFFD; the rest is intact. */
	CHECK_STR(xs(doc, ITEM(6) "/title", b, sizeof(b)), "a\xEF\xBF\xBD"
	                                                   "b c\xEF\xBF\xBD"
	                                                   "d");

	/* Media. */
	CHECK_STR(xs(doc, ITEM(2000000001) "/wp:attachment_url", b, sizeof(b)),
	          BASE "/media/aaaa.png");
	CHECK_STR(xs(doc, ITEM(2000000001) "/guid", b, sizeof(b)), BASE "/media/aaaa.png");
	CHECK_STR(xs(doc, ITEM(2000000001) "/title", b, sizeof(b)), "photo.final");
	CHECK_STR(xs(doc, ITEM(2000000001) "/wp:status", b, sizeof(b)), "inherit");
	CHECK_STR(xs(doc, ITEM(2000000001) "/wp:post_parent", b, sizeof(b)), "1");
	CHECK_STR(xs(doc, ITEM(2000000001) "/dc:creator", b, sizeof(b)), "writer");
	CHECK_STR(xs(doc, META(2000000001, "_wp_attachment_image_alt"), b, sizeof(b)), "An alt");
	CHECK_STR(xs(doc, ITEM(2000000002) "/wp:post_parent", b, sizeof(b)), "0");
	CHECK_STR(xs(doc, ITEM(2000000002) "/title", b, sizeof(b)), "bbbb");
	CHECK_INT(xcount(doc, META(2000000002, "_wp_attachment_image_alt")), 0);

	/* Pages: the policy at /privacy, the others under /p/; a draft stays one. */
	CHECK_STR(xs(doc, ITEM(1000000001) "/wp:post_name", b, sizeof(b)), "privacy");
	CHECK_STR(xs(doc, ITEM(1000000001) "/link", b, sizeof(b)), BASE "/privacy");
	CHECK_STR(xs(doc, ITEM(1000000001) "/wp:status", b, sizeof(b)), "publish");
	CHECK_STR(xs(doc, ITEM(1000000007) "/link", b, sizeof(b)), BASE "/p/about");
	CHECK_STR(xs(doc, ITEM(1000000007) "/guid", b, sizeof(b)), BASE "/?page_id=1000000007");
	CHECK_STR(xs(doc, ITEM(1000000007) "/wp:status", b, sizeof(b)), "draft");
	CHECK_STR(xs(doc, ITEM(1000000007) "/wp:post_date", b, sizeof(b)), "2023-11-03 08:26:40");
	CHECK_STR(xs(doc, META(1000000007, "_gazette_markdown"), b, sizeof(b)), "[home](/)");
	xs(doc, ITEM(1000000007) "/content:encoded", b, sizeof(b));
	CHECK(strstr(b, "href=\"" BASE "/\"") != NULL);
}

static void
t_site(void)
{
	struct gz_export_counts n;
	struct gz_db *db;
	xmlDocPtr doc;
	size_t rawlen;
	char *raw = NULL;

	if ((db = testdb_open("site.db")) == NULL) {
		CHECK(0);
		return;
	}
	CHECK(testdb_exec(db, site_sql));
	memset(&n, 0xff, sizeof(n));
	if ((doc = write_and_parse(db, &n, &raw, &rawlen)) != NULL) {
		check_site(doc, raw);
		xmlFreeDoc(doc);
	}
	CHECK_INT(n.users, 2);
	CHECK_INT(n.categories, 2);
	CHECK_INT(n.tags, 2);
	CHECK_INT(n.media, 2);
	CHECK_INT(n.pages, 2);
	CHECK_INT(n.articles, 6);
	CHECK_INT(n.comments, 6);
	/* Only read: the connection is out of its transaction, and can write. */
	CHECK_INT(gz_db_tx_depth(db), 0);
	CHECK(testdb_exec(db, "UPDATE articles SET title = 'x' WHERE id = 2"));
	free(raw);
	gz_db_close(db);
}

/* The snapshot test's state: a second connection writes while the export reads. */
struct snap {
	struct gz_db *writer; /* another connection to the same file */
	int wrote;            /* 1 once it has written */
	int saw_new;          /* an article or comment written meanwhile was handed over */
	int64_t last_id;      /* the last article handed over */
};

/*
 * At the first user, long before the articles are read (by another
 * statement, which without the export's one transaction would take a
 * newer snapshot).
 */
static enum gz_err
snap_user(void *ctx, const struct gz_export_user *u)
{
	struct snap *s = ctx;

	(void)u;
	if (!s->wrote) {
		s->wrote = 1;
		/* Committed at once: WAL lets a writer go on beside the export's snapshot. */
		CHECK(testdb_exec(
		    s->writer,
		    "INSERT INTO articles (id, slug, title, author_id, status, "
		    "created_at, updated_at) VALUES (50, 'new', 'New', 1, 'draft', 1, 1);"
		    "INSERT INTO comments (article_id, author_name, author_email, body, "
		    "status, created_at, status_changed_at) VALUES (3, 'n', 'n@x', 'new',"
		    " 'approved', 1, 1);"
		    "UPDATE articles SET title = 'changed' WHERE id = 6;"
		    "DELETE FROM articles WHERE id = 5;"));
	}
	return GZ_OK;
}

static enum gz_err
snap_article(void *ctx, const struct gz_export_article *a)
{
	struct snap *s = ctx;

	s->last_id = a->id;
	s->saw_new |= a->id == 50 || strcmp(a->title, "changed") == 0;
	return GZ_OK;
}

static enum gz_err
snap_comment(void *ctx, const struct gz_export_article *a, const struct gz_export_comment *c)
{
	struct snap *s = ctx;

	(void)a;
	s->saw_new |= strcmp(c->body, "new") == 0;
	return GZ_OK;
}

/*
 * One read transaction: what another connection commits while the export
 * runs (a new article and comment, a changed title, a deleted article) is
 * not seen; the rows are those of the moment the export began.
 */
static void
t_snapshot(void)
{
	struct gz_export_handler h = {0};
	struct gz_export_counts n;
	struct snap s = {0};
	struct gz_db *db;
	char path[512], err[256];

	if ((db = testdb_open("snap.db")) == NULL) {
		CHECK(0);
		return;
	}
	CHECK(testdb_exec(db, site_sql));
	s.writer = gz_db_open(testdb_path("snap.db", path, sizeof(path)), 0, err, sizeof(err));
	CHECK(s.writer != NULL);
	if (s.writer == NULL) {
		gz_db_close(db);
		return;
	}
	h.ctx = &s;
	h.user = snap_user;
	h.article = snap_article;
	h.comment = snap_comment;
	CHECK_INT(gz_export_run(db, &h, &n), GZ_OK);
	CHECK(s.wrote);
	CHECK(!s.saw_new);
	CHECK_INT(n.articles, 6);
	CHECK_INT(n.comments, 6);
	CHECK_INT(s.last_id, 6);
	/* After it, the writes are there. */
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM articles"), 6);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM articles WHERE id = 50"), 1);
	gz_db_close(s.writer);
	gz_db_close(db);
}

/* A database from before sql/008: no pages.status, no meta_description. */
static void
t_before_008(void)
{
	struct gz_db *db;
	xmlDocPtr doc;
	size_t rawlen;
	char *raw = NULL, b[256];

	if ((db = testdb_open("old.db")) == NULL) {
		CHECK(0);
		return;
	}
	CHECK(testdb_exec(db, site_sql));
	CHECK(testdb_exec(db, "ALTER TABLE pages DROP COLUMN status;"
	                      "ALTER TABLE articles DROP COLUMN meta_description;"));
	if ((doc = write_and_parse(db, NULL, &raw, &rawlen)) != NULL) {
		CHECK_INT(xcount(doc, "/rss/channel/item"), 10);
		CHECK_INT(xcount(doc, META(1, "_yoast_wpseo_metadesc")), 0);
		CHECK_STR(xs(doc, META(1, "_thumbnail_id"), b, sizeof(b)), "2000000001");
		CHECK_STR(xs(doc, ITEM(1000000007) "/wp:status", b, sizeof(b)), "publish");
		xmlFreeDoc(doc);
	}
	free(raw);
	gz_db_close(db);
}

/* No schema, and an output that fails: an error with its reason. */
static void
t_failures(void)
{
	struct gz_wxr_write_opts o = {BASE, NOW};
	struct gz_db *db;
	char err[256];
	FILE *f;

	if ((db = testdb_create("empty.db")) == NULL) {
		CHECK(0);
		return;
	}
	f = tmpfile();
	CHECK_INT(gz_wxr_write(db, f, &o, NULL, err, sizeof(err)), GZ_EINVAL);
	CHECK(strstr(err, "no Gazette site") != NULL);
	if (f != NULL) {
		fclose(f);
	}
	gz_db_close(db);

	if ((db = testdb_open("full.db")) == NULL) {
		CHECK(0);
		return;
	}
	CHECK(testdb_exec(db, site_sql));
	if ((f = fopen("/dev/full", "w")) != NULL) {
		CHECK_INT(gz_wxr_write(db, f, &o, NULL, err, sizeof(err)), GZ_EIO);
		CHECK(strstr(err, "cannot write") != NULL || strstr(err, "flushing") != NULL);
		fclose(f);
	}
	/* The failure left no transaction open. */
	CHECK_INT(gz_db_tx_depth(db), 0);
	CHECK(testdb_exec(db, "UPDATE articles SET title = 'y' WHERE id = 2"));
	gz_db_close(db);
}

/* What the reader handed over, kept for the checks (a few fields of each kind). */
struct seen {
	char site_url[128], version[8];
	int authors, categories, tags, items, comments;
	char cat2_parent[32], tag2_name[32];
	char hard_title[128], hard_excerpt[64], hard_markdown[256], hard_status[16];
	char hard_terms[128], hard_thumb[16], odd_title[32], page_status[16];
	char comments_seen[256]; /* "id:approved:parent:content|" per comment of item 1 */
};

static enum gz_err
rd_site(void *ctx, const struct gz_wxr_site *s)
{
	struct seen *v = ctx;

	snprintf(v->site_url, sizeof(v->site_url), "%s", s->base_blog_url);
	snprintf(v->version, sizeof(v->version), "%s", s->wxr_version);
	return GZ_OK;
}

static enum gz_err
rd_author(void *ctx, const struct gz_wxr_author *a)
{
	((struct seen *)ctx)->authors++;
	(void)a;
	return GZ_OK;
}

static enum gz_err
rd_term(void *ctx, const struct gz_wxr_term *t)
{
	struct seen *v = ctx;

	if (t->kind == GZ_WXR_CATEGORY && ++v->categories == 2) {
		snprintf(v->cat2_parent, sizeof(v->cat2_parent), "%s", t->parent_slug);
	} else if (t->kind == GZ_WXR_TAG && ++v->tags == 2) {
		snprintf(v->tag2_name, sizeof(v->tag2_name), "%s", t->name);
	}
	return GZ_OK;
}

static enum gz_err
rd_item(void *ctx, const struct gz_wxr_item *it)
{
	struct seen *v = ctx;
	size_t i, n;

	v->items++;
	CHECK(!it->truncated);
	if (strcmp(it->post_id, "1") == 0) {
		snprintf(v->hard_title, sizeof(v->hard_title), "%s", it->title);
		snprintf(v->hard_excerpt, sizeof(v->hard_excerpt), "%s", it->excerpt);
		snprintf(v->hard_status, sizeof(v->hard_status), "%s", it->status);
		for (i = 0, n = 0; i < it->nterms; i++) {
			n += (size_t)snprintf(v->hard_terms + n, sizeof(v->hard_terms) - n,
			                      "%s/%s/%s|", it->terms[i].domain,
			                      it->terms[i].nicename, it->terms[i].name);
		}
		for (i = 0; i < it->nmeta; i++) {
			if (strcmp(it->meta[i].key, "_gazette_markdown") == 0) {
				snprintf(v->hard_markdown, sizeof(v->hard_markdown), "%s",
				         it->meta[i].value);
			} else if (strcmp(it->meta[i].key, "_thumbnail_id") == 0) {
				snprintf(v->hard_thumb, sizeof(v->hard_thumb), "%s",
				         it->meta[i].value);
			}
		}
	} else if (strcmp(it->post_id, "6") == 0) {
		snprintf(v->odd_title, sizeof(v->odd_title), "%s", it->title);
	} else if (strcmp(it->post_id, "1000000007") == 0) {
		snprintf(v->page_status, sizeof(v->page_status), "%s", it->status);
	}
	return GZ_OK;
}

static enum gz_err
rd_comment(void *ctx, const struct gz_wxr_item *it, const struct gz_wxr_comment *c)
{
	struct seen *v = ctx;
	size_t n = strlen(v->comments_seen);

	v->comments++;
	CHECK(!c->truncated);
	if (strcmp(it->post_id, "1") == 0) {
		snprintf(v->comments_seen + n, sizeof(v->comments_seen) - n, "%s:%s:%s:%s|", c->id,
		         c->approved, c->parent, c->content);
	}
	return GZ_OK;
}

/* The writer's document through the importer's reader. */
static void
t_read_back(void)
{
	struct gz_wxr_handler h = {0};
	struct seen v;
	struct gz_db *db;
	xmlDocPtr doc;
	size_t rawlen;
	char *raw = NULL, err[256];

	if ((db = testdb_open("readback.db")) == NULL) {
		CHECK(0);
		return;
	}
	CHECK(testdb_exec(db, site_sql));
	doc = write_and_parse(db, NULL, &raw, &rawlen);
	xmlFreeDoc(doc);
	gz_db_close(db);
	if (raw == NULL) {
		return;
	}
	memset(&v, 0, sizeof(v));
	h.ctx = &v;
	h.site = rd_site;
	h.author = rd_author;
	h.term = rd_term;
	h.item = rd_item;
	h.comment = rd_comment;
	CHECK_INT(gz_wxr_read_memory(raw, rawlen, &h, err, sizeof(err)), GZ_OK);
	CHECK_STR(v.site_url, BASE);
	CHECK_STR(v.version, "1.2");
	CHECK_INT(v.authors, 2);
	CHECK_INT(v.categories, 2);
	CHECK_STR(v.cat2_parent, "top");
	CHECK_INT(v.tags, 2);
	CHECK_STR(v.tag2_name, "制造");
	CHECK_INT(v.items, 10);
	CHECK_INT(v.comments, 6);
	CHECK_STR(v.hard_title, HARD_TITLE_HTML);
	CHECK_STR(v.hard_excerpt, HARD_SUMMARY_HTML);
	CHECK_STR(v.hard_markdown, HARD_BODY);
	CHECK_STR(v.hard_status, "publish");
	CHECK_STR(v.hard_terms,
	          "category/sub/Sub &amp; co|post_tag/t-one/One|post_tag/zhizao/制造|");
	CHECK_STR(v.hard_thumb, "2000000001");
	CHECK_STR(v.odd_title, "a\xEF\xBF\xBD"
	                       "b c\xEF\xBF\xBD"
	                       "d");
	CHECK_STR(v.page_status, "draft");
	CHECK_STR(v.comments_seen,
	          "1:1:0:First ]]&gt; &amp; &lt;|2:0:1:held|3:spam:0:buy|4:trash:0:bye|"
	          "5:1:1:Thanks|");
	free(raw);
}

static void
t_setup(void)
{
	CHECK(testdb_setup("wxr_write") == 0);
}

static void
t_teardown(void)
{
	testdb_teardown();
	xmlCleanupParser();
}

TEST_MAIN(T(t_setup), T(t_base_url), T(t_post_html), T(t_site), T(t_snapshot), T(t_before_008),
          T(t_failures), T(t_read_back), T(t_teardown))
