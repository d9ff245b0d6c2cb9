/*
 * The WXR stream reader (src/wordpress/wxr_read.c): small exports of each
 * WXR version held in memory, every record kind, the caps, an item with
 * comments, CDATA and escaped text, malformed XML, documents that are not
 * exports, entities that must not be expanded (billion laughs, an external
 * file), a callback stopping the read, progress, libxml2 kept off stderr,
 * and the real WordPress fixture when it is there.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gazette/buf.h"
#include "gazette/utf8.h"
#include "gazette/wxr.h"
#include "test.h"

/* What the callbacks saw: a log of one line per call, and counts. */
struct seen {
	struct gz_buf log; /* "site ...\nauthor ...\n..." */
	int sites, authors, terms, items, comments, progress;
	int stop_at_item;     /* > 0: the item callback fails at this item */
	size_t title_len;     /* last item's title length */
	int title_valid;      /* ... and whether it was valid UTF-8 */
	size_t content_len;   /* last item's content length */
	int content_valid;    /* ... valid UTF-8 */
	int truncated;        /* last item's flag */
	size_t nterms, nmeta; /* last item's counts */
	uint64_t done;        /* last progress figure */
};

static void note(struct seen *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
note(struct seen *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	gz_buf_vprintf(&s->log, fmt, ap);
	va_end(ap);
	gz_buf_putc(&s->log, '\n');
}

static enum gz_err
on_site(void *ctx, const struct gz_wxr_site *site)
{
	struct seen *s = ctx;

	s->sites++;
	note(s, "site %s|%s|%s|%s|%s|%s", site->title, site->link, site->language,
	     site->wxr_version, site->base_site_url, site->base_blog_url);
	return GZ_OK;
}

static enum gz_err
on_author(void *ctx, const struct gz_wxr_author *a)
{
	struct seen *s = ctx;

	s->authors++;
	note(s, "author %s|%s|%s|%s|%s|%s", a->id, a->login, a->email, a->display_name,
	     a->first_name, a->last_name);
	return GZ_OK;
}

static enum gz_err
on_term(void *ctx, const struct gz_wxr_term *t)
{
	struct seen *s = ctx;

	s->terms++;
	note(s, "term %d|%s|%s|%s|%s|%s|%s", (int)t->kind, t->id, t->slug, t->parent_slug, t->name,
	     t->description, t->taxonomy);
	return GZ_OK;
}

static enum gz_err
on_item(void *ctx, const struct gz_wxr_item *it)
{
	struct seen *s = ctx;
	size_t i;

	s->items++;
	if (s->stop_at_item > 0 && s->items == s->stop_at_item) {
		return GZ_EPERM;
	}
	s->title_len = strlen(it->title);
	s->title_valid = gz_utf8_valid(it->title, s->title_len);
	s->content_len = strlen(it->content);
	s->content_valid = gz_utf8_valid(it->content, s->content_len);
	s->truncated = it->truncated;
	s->nterms = it->nterms;
	s->nmeta = it->nmeta;
	if (s->title_len > 200) {
		return GZ_OK;
	}
	gz_buf_printf(&s->log, "item %s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%d",
	              it->post_type, it->post_id, it->title, it->link, it->pub_date, it->creator,
	              it->guid, it->post_date, it->post_date_gmt, it->comment_status, it->post_name,
	              it->status, it->post_parent, it->menu_order, it->post_password,
	              it->attachment_url, it->excerpt, it->content, it->is_sticky);
	for (i = 0; i < it->nterms && i < 8; i++) {
		gz_buf_printf(&s->log, " [%s:%s:%s]", it->terms[i].domain, it->terms[i].nicename,
		              it->terms[i].name);
	}
	for (i = 0; i < it->nmeta && i < 8; i++) {
		gz_buf_printf(&s->log, " {%s=%s}", it->meta[i].key, it->meta[i].value);
	}
	gz_buf_putc(&s->log, '\n');
	return GZ_OK;
}

static enum gz_err
on_comment(void *ctx, const struct gz_wxr_item *it, const struct gz_wxr_comment *c)
{
	struct seen *s = ctx;

	s->comments++;
	note(s, "comment %s<%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%d", it->post_id, c->id, c->author,
	     c->author_email, c->author_url, c->author_ip, c->date, c->date_gmt, c->content,
	     c->approved, c->type, c->parent, c->user_id, c->truncated);
	return GZ_OK;
}

static void
on_progress(void *ctx, uint64_t done, uint64_t total)
{
	struct seen *s = ctx;

	(void)total;
	s->progress++;
	s->done = done;
}

static struct gz_wxr_handler
handler(struct seen *s)
{
	struct gz_wxr_handler h = {s,       on_site,    on_author,  on_term,
	                           on_item, on_comment, on_progress};

	memset(s, 0, sizeof(*s));
	gz_buf_init(&s->log, NULL, 0);
	return h;
}

/* Read doc from memory; the log in s, the result returned, the reason in err. */
static enum gz_err
read_doc(const char *doc, struct seen *s, char *err, size_t errsz)
{
	struct gz_wxr_handler h = handler(s);

	err[0] = '\0';
	return gz_wxr_read_memory(doc, strlen(doc), &h, err, errsz);
}

/* 1 when the log holds line (a whole line). */
static int
has_line(const struct seen *s, const char *line)
{
	const char *log = gz_buf_str(&s->log), *p = log;
	size_t n = strlen(line);

	while ((p = strstr(p, line)) != NULL) {
		if ((p == log || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0')) {
			return 1;
		}
		p++;
	}
	fprintf(stderr, "missing line: %s\nlog:\n%s\n", line, log);
	return 0;
}

#define NS12                                                                                       \
	"xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" "                              \
	"xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "                              \
	"xmlns:wfw=\"http://wellformedweb.org/CommentAPI/\" "                                      \
	"xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "                                           \
	"xmlns:wp=\"http://wordpress.org/export/1.2/\""

static const char doc12[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
    "<!-- generator=\"WordPress/6.4\" -->\n"
    "<rss version=\"2.0\" " NS12 ">\n"
    "<channel>\n"
    "\t<title>Daily &amp; Weekly</title>\n"
    "\t<link>https://news.example.org</link>\n"
    "\t<description>News</description>\n"
    "\t<language>en-GB</language>\n"
    "\t<wp:wxr_version>1.2</wp:wxr_version>\n"
    "\t<wp:base_site_url>https://news.example.org</wp:base_site_url>\n"
    "\t<wp:base_blog_url>https://news.example.org</wp:base_blog_url>\n"
    "\t<image><title>not the site title</title><url>x</url></image>\n"
    "\t<wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[ann]]></wp:author_login>"
    "<wp:author_email><![CDATA[ann@example.org]]></wp:author_email>"
    "<wp:author_display_name><![CDATA[Ann Lee]]></wp:author_display_name>"
    "<wp:author_first_name><![CDATA[Ann]]></wp:author_first_name>"
    "<wp:author_last_name><![CDATA[Lee]]></wp:author_last_name></wp:author>\n"
    "\t<wp:category><wp:term_id>5</wp:term_id><wp:category_nicename><![CDATA[world]]>"
    "</wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent>"
    "<wp:cat_name><![CDATA[World]]></wp:cat_name></wp:category>\n"
    "\t<wp:category><wp:term_id>6</wp:term_id><wp:category_nicename>%e4%b8%ad%e5%9b%bd"
    "</wp:category_nicename><wp:category_parent>world</wp:category_parent>"
    "<wp:cat_name><![CDATA[中国]]></wp:cat_name><wp:category_description><![CDATA[From China]]>"
    "</wp:category_description><wp:termmeta><wp:meta_key>k</wp:meta_key><wp:meta_value>v"
    "</wp:meta_value></wp:termmeta></wp:category>\n"
    "\t<wp:tag><wp:term_id>9</wp:term_id><wp:tag_slug><![CDATA[ports]]></wp:tag_slug>"
    "<wp:tag_name><![CDATA[Ports]]></wp:tag_name></wp:tag>\n"
    "\t<wp:term><wp:term_id>11</wp:term_id><wp:term_taxonomy><![CDATA[nav_menu]]>"
    "</wp:term_taxonomy><wp:term_slug><![CDATA[main]]></wp:term_slug>"
    "<wp:term_name><![CDATA[Main]]></wp:term_name></wp:term>\n"
    "\t<generator>https://wordpress.org/?v=6.4</generator>\n"
    "\t<item>\n"
    "\t\t<title><![CDATA[Ports & <b>ships</b>]]></title>\n"
    "\t\t<link>https://news.example.org/2024/01/02/ports/</link>\n"
    "\t\t<pubDate>Tue, 02 Jan 2024 09:00:00 +0000</pubDate>\n"
    "\t\t<dc:creator><![CDATA[ann]]></dc:creator>\n"
    "\t\t<guid isPermaLink=\"false\">https://news.example.org/?p=12</guid>\n"
    "\t\t<description></description>\n"
    "\t\t<content:encoded><![CDATA[<p>Body ]]]]><![CDATA[> one</p>]]></content:encoded>\n"
    "\t\t<excerpt:encoded><![CDATA[Short]]></excerpt:encoded>\n"
    "\t\t<wp:post_id>12</wp:post_id>\n"
    "\t\t<wp:post_date><![CDATA[2024-01-02 10:00:00]]></wp:post_date>\n"
    "\t\t<wp:post_date_gmt><![CDATA[2024-01-02 09:00:00]]></wp:post_date_gmt>\n"
    "\t\t<wp:post_modified><![CDATA[2024-01-03 10:00:00]]></wp:post_modified>\n"
    "\t\t<wp:comment_status><![CDATA[open]]></wp:comment_status>\n"
    "\t\t<wp:ping_status><![CDATA[open]]></wp:ping_status>\n"
    "\t\t<wp:post_name><![CDATA[ports]]></wp:post_name>\n"
    "\t\t<wp:status><![CDATA[publish]]></wp:status>\n"
    "\t\t<wp:post_parent>0</wp:post_parent>\n"
    "\t\t<wp:menu_order>0</wp:menu_order>\n"
    "\t\t<wp:post_type><![CDATA[post]]></wp:post_type>\n"
    "\t\t<wp:post_password><![CDATA[]]></wp:post_password>\n"
    "\t\t<wp:is_sticky>1</wp:is_sticky>\n"
    "\t\t<category domain=\"category\" nicename=\"world\"><![CDATA[World]]></category>\n"
    "\t\t<category domain=\"post_tag\" nicename=\"ports\"><![CDATA[Ports]]></category>\n"
    "\t\t<wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key>"
    "<wp:meta_value><![CDATA[40]]></wp:meta_value></wp:postmeta>\n"
    "\t\t<wp:postmeta><wp:meta_key>_edit_last</wp:meta_key><wp:meta_value/></wp:postmeta>\n"
    "\t\t<wp:comment>\n"
    "\t\t\t<wp:comment_id>7</wp:comment_id>\n"
    "\t\t\t<wp:comment_author><![CDATA[Bob]]></wp:comment_author>\n"
    "\t\t\t<wp:comment_author_email><![CDATA[bob@example.org]]></wp:comment_author_email>\n"
    "\t\t\t<wp:comment_author_url>https://bob.example</wp:comment_author_url>\n"
    "\t\t\t<wp:comment_author_IP><![CDATA[192.0.2.1]]></wp:comment_author_IP>\n"
    "\t\t\t<wp:comment_date><![CDATA[2024-01-02 11:00:00]]></wp:comment_date>\n"
    "\t\t\t<wp:comment_date_gmt><![CDATA[2024-01-02 10:00:00]]></wp:comment_date_gmt>\n"
    "\t\t\t<wp:comment_content><![CDATA[First!]]></wp:comment_content>\n"
    "\t\t\t<wp:comment_approved><![CDATA[1]]></wp:comment_approved>\n"
    "\t\t\t<wp:comment_type><![CDATA[comment]]></wp:comment_type>\n"
    "\t\t\t<wp:comment_parent>0</wp:comment_parent>\n"
    "\t\t\t<wp:comment_user_id>0</wp:comment_user_id>\n"
    "\t\t\t<wp:commentmeta><wp:meta_key>akismet</wp:meta_key><wp:meta_value>x"
    "</wp:meta_value></wp:commentmeta>\n"
    "\t\t</wp:comment>\n"
    "\t\t<wp:comment><wp:comment_id>8</wp:comment_id><wp:comment_author>Cy</wp:comment_author>"
    "<wp:comment_content>Re &lt;b&gt;</wp:comment_content><wp:comment_approved>spam"
    "</wp:comment_approved><wp:comment_parent>7</wp:comment_parent></wp:comment>\n"
    "\t\t<wp:status>draft</wp:status>\n"
    "\t</item>\n"
    "\t<item><title>Logo</title><wp:post_id>40</wp:post_id><wp:post_type>attachment"
    "</wp:post_type><wp:status>inherit</wp:status><wp:post_parent>12</wp:post_parent>"
    "<wp:attachment_url>https://news.example.org/wp-content/uploads/2024/01/logo.png"
    "</wp:attachment_url><wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>"
    "<wp:meta_value>The logo</wp:meta_value></wp:postmeta></item>\n"
    "\t<item/>\n"
    "</channel>\n"
    "</rss>\n";

static void
test_v12(void)
{
	struct seen s;
	char err[256];

	CHECK_INT(read_doc(doc12, &s, err, sizeof(err)), GZ_OK);
	CHECK_STR(err, "");
	CHECK_INT(s.sites, 1);
	CHECK_INT(s.authors, 1);
	CHECK_INT(s.terms, 4);
	CHECK_INT(s.items, 3);
	CHECK_INT(s.comments, 2);
	CHECK_INT(s.progress, 3);
	CHECK(has_line(&s, "site Daily & Weekly|https://news.example.org|en-GB|1.2|"
	                   "https://news.example.org|https://news.example.org"));
	CHECK(has_line(&s, "author 2|ann|ann@example.org|Ann Lee|Ann|Lee"));
	CHECK(has_line(&s, "term 0|5|world||World||category"));
	/* The slug is handed over as written, percent-encoded; the termmeta
	 * inside the category is not mistaken for anything. */
	CHECK(has_line(&s, "term 0|6|%e4%b8%ad%e5%9b%bd|world|中国|From China|category"));
	CHECK(has_line(&s, "term 1|9|ports||Ports||post_tag"));
	CHECK(has_line(&s, "term 2|11|main||Main||nav_menu"));
	/* The item is complete at its first comment: the <wp:status> after the
	 * comments is ignored, the text of <title> keeps its markup as text,
	 * the CDATA split by "]]]]><![CDATA[>" is joined. */
	CHECK(has_line(&s, "item post|12|Ports & <b>ships</b>|https://news.example.org/2024/01/02/"
	                   "ports/|Tue, 02 Jan 2024 09:00:00 +0000|ann|https://news.example.org/"
	                   "?p=12|2024-01-02 10:00:00|2024-01-02 09:00:00|open|ports|publish|0|0||"
	                   "|Short|<p>Body ]]> one</p>|1 [category:world:World] "
	                   "[post_tag:ports:Ports] {_thumbnail_id=40} {_edit_last=}"));
	CHECK(has_line(&s, "comment 12<7|Bob|bob@example.org|https://bob.example|192.0.2.1|"
	                   "2024-01-02 11:00:00|2024-01-02 10:00:00|First!|1|comment|0|0|0"));
	CHECK(has_line(&s, "comment 12<8|Cy||||||Re <b>|spam||7||0"));
	CHECK(has_line(&s, "item attachment|40|Logo|||||||||inherit|12|||https://news.example.org/"
	                   "wp-content/uploads/2024/01/logo.png|||0 {_wp_attachment_image_alt=The "
	                   "logo}"));
	CHECK(has_line(&s, "item ||||||||||||||||||0"));
	gz_buf_free(&s.log);
}

/* WXR 1.0: no authors, no term ids, tags as domain="tag", http URIs. */
static const char doc10[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
    "xmlns:wfw=\"http://wellformedweb.org/CommentAPI/\" "
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
    "xmlns:wp=\"http://wordpress.org/export/1.0/\">\n"
    "<channel><title>Old blog</title><link>http://old.example</link>"
    "<wp:wxr_version>1.0</wp:wxr_version>"
    "<wp:base_site_url>http://old.example</wp:base_site_url>"
    "<wp:base_blog_url>http://old.example</wp:base_blog_url>"
    "<wp:category><wp:category_nicename>news</wp:category_nicename><wp:category_parent>"
    "</wp:category_parent><wp:cat_name><![CDATA[News]]></wp:cat_name></wp:category>"
    "<wp:tag><wp:tag_slug>old</wp:tag_slug><wp:tag_name><![CDATA[Old]]></wp:tag_name></wp:tag>"
    "<item><title>Hello</title><dc:creator>admin</dc:creator>"
    "<content:encoded><![CDATA[Line one\nLine two]]></content:encoded>"
    "<wp:post_id>3</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>"
    "<category><![CDATA[News]]></category>"
    "<category domain=\"category\" nicename=\"news\"><![CDATA[News]]></category>"
    "<category domain=\"tag\"><![CDATA[Old]]></category>"
    "<category domain=\"tag\" nicename=\"old\"><![CDATA[Old]]></category>"
    "</item></channel></rss>";

static void
test_v10(void)
{
	struct seen s;
	char err[256];

	CHECK_INT(read_doc(doc10, &s, err, sizeof(err)), GZ_OK);
	CHECK(has_line(&s, "site Old blog|http://old.example||1.0|http://old.example|"
	                   "http://old.example"));
	CHECK_INT(s.authors, 0);
	CHECK(has_line(&s, "term 0||news||News||category"));
	CHECK(has_line(&s, "term 1||old||Old||post_tag"));
	CHECK(has_line(&s, "item post|3|Hello|||admin||||||publish||||||Line one\nLine two|0 "
	                   "[category::News] [category:news:News] [post_tag::Old] "
	                   "[post_tag:old:Old]"));
	gz_buf_free(&s.log);
}

/* WXR 1.1 with https URIs and other prefixes than WordPress's. */
static const char doc11[] =
    "<rss version=\"2.0\" xmlns:e=\"https://wordpress.org/export/1.1/excerpt/\" "
    "xmlns:c=\"http://purl.org/rss/1.0/modules/content/\" "
    "xmlns:d=\"http://purl.org/dc/elements/1.1/\" "
    "xmlns:w=\"https://wordpress.org/export/1.1/\">"
    "<channel><w:wxr_version>1.1</w:wxr_version><w:base_blog_url>https://b.example"
    "</w:base_blog_url><w:author><w:author_id>1</w:author_id><w:author_login>zed"
    "</w:author_login></w:author>"
    "<item><title>T</title><d:creator>zed</d:creator><c:encoded>C</c:encoded>"
    "<e:encoded>E</e:encoded><w:post_id>5</w:post_id><w:post_type>page</w:post_type>"
    "</item></channel></rss>";

static void
test_v11(void)
{
	struct seen s;
	char err[256];

	CHECK_INT(read_doc(doc11, &s, err, sizeof(err)), GZ_OK);
	CHECK(has_line(&s, "site |||1.1||https://b.example"));
	CHECK(has_line(&s, "author 1|zed||||"));
	CHECK(has_line(&s, "item page|5|T|||zed|||||||||||E|C|0"));
	gz_buf_free(&s.log);
}

/* Prefixes used without a declaration are still understood by name, and
 * fields after an item's first comment are ignored. */
static void
test_undeclared(void)
{
	struct seen s;
	char err[256];

	CHECK_INT(read_doc("<rss><channel><wp:wxr_version>1.2</wp:wxr_version>"
	                   "<item><wp:post_id>1</wp:post_id><wp:comment><wp:comment_id>2"
	                   "</wp:comment_id></wp:comment><title>late</title></item><item/>"
	                   "</channel></rss>",
	                   &s, err, sizeof(err)),
	          GZ_OK);
	CHECK_INT(s.items, 2);
	CHECK_INT(s.comments, 1);
	CHECK(has_line(&s, "item |1|||||||||||||||||0"));
	CHECK(has_line(&s, "comment 1<2||||||||||||0"));
	CHECK(strstr(gz_buf_str(&s.log), "late") == NULL);
	gz_buf_free(&s.log);
}

/* A document built in a buffer: head, n copies of a part, tail. */
static char *
build(const char *head, const char *part, size_t n, const char *tail)
{
	struct gz_buf b;
	size_t i;

	gz_buf_init(&b, NULL, 0);
	gz_buf_puts(&b, head);
	for (i = 0; i < n; i++) {
		gz_buf_puts(&b, part);
	}
	gz_buf_puts(&b, tail);
	return b.data;
}

#define HEAD                                                                                       \
	"<rss " NS12 "><channel><wp:wxr_version>1.2</wp:wxr_version><item><wp:post_id>1"           \
	"</wp:post_id>"
#define TAIL "</item><item><title>next</title></item></channel></rss>"

static void
test_caps(void)
{
	struct seen s;
	char err[256], *doc;

	/* A title of 3-byte characters past the field cap: cut on a
	 * character boundary, the item marked truncated. */
	doc = build(HEAD "<title>", "中", GZ_WXR_FIELD_MAX / 3 + 10, "</title>" TAIL);
	CHECK_INT(read_doc(doc, &s, err, sizeof(err)), GZ_OK);
	CHECK_INT(s.items, 2);
	gz_buf_free(&s.log);
	free(doc);
	/* The last item is "next"; read again stopping there to see the first. */
	doc = build(HEAD "<title>", "中", GZ_WXR_FIELD_MAX / 3 + 10, "</title>" TAIL);
	{
		struct gz_wxr_handler h = handler(&s);

		s.stop_at_item = 2;
		CHECK_INT(gz_wxr_read_memory(doc, strlen(doc), &h, err, sizeof(err)), GZ_EPERM);
		CHECK(s.title_len <= GZ_WXR_FIELD_MAX);
		CHECK(s.title_len >= GZ_WXR_FIELD_MAX - 3);
		CHECK_INT(s.title_len % 3, 0);
		CHECK(s.title_valid);
		CHECK_INT(s.truncated, 1);
		gz_buf_free(&s.log);
	}
	free(doc);

	/* A body past the content cap, split over CDATA sections. */
	doc = build(HEAD "<content:encoded>", "<![CDATA[ab\xc3\xa9]]>", GZ_WXR_CONTENT_MAX / 4 + 5,
	            "</content:encoded>" TAIL);
	{
		struct gz_wxr_handler h = handler(&s);

		s.stop_at_item = 2;
		CHECK_INT(gz_wxr_read_memory(doc, strlen(doc), &h, err, sizeof(err)), GZ_EPERM);
		CHECK(s.content_len <= GZ_WXR_CONTENT_MAX);
		CHECK(s.content_len >= GZ_WXR_CONTENT_MAX - 4);
		CHECK(s.content_valid);
		CHECK_INT(s.truncated, 1);
		gz_buf_free(&s.log);
	}
	free(doc);

	/* A body exactly at the cap is whole. */
	doc = build(HEAD "<content:encoded>", "abcd", GZ_WXR_CONTENT_MAX / 4,
	            "</content:encoded>" TAIL);
	{
		struct gz_wxr_handler h = handler(&s);

		s.stop_at_item = 2;
		CHECK_INT(gz_wxr_read_memory(doc, strlen(doc), &h, err, sizeof(err)), GZ_EPERM);
		CHECK_INT(s.content_len, GZ_WXR_CONTENT_MAX);
		CHECK_INT(s.truncated, 0);
		gz_buf_free(&s.log);
	}
	free(doc);

	/* More terms and postmeta than kept. */
	doc = build(HEAD, "<category domain=\"post_tag\" nicename=\"t\">T</category>",
	            GZ_WXR_TERMS_MAX + 3, TAIL);
	{
		struct gz_wxr_handler h = handler(&s);

		s.stop_at_item = 2;
		CHECK_INT(gz_wxr_read_memory(doc, strlen(doc), &h, err, sizeof(err)), GZ_EPERM);
		CHECK_INT(s.nterms, GZ_WXR_TERMS_MAX);
		CHECK_INT(s.truncated, 1);
		gz_buf_free(&s.log);
	}
	free(doc);
	doc = build(HEAD,
	            "<wp:postmeta><wp:meta_key>k</wp:meta_key><wp:meta_value>v"
	            "</wp:meta_value></wp:postmeta>",
	            GZ_WXR_META_MAX + 1, TAIL);
	{
		struct gz_wxr_handler h = handler(&s);

		s.stop_at_item = 2;
		CHECK_INT(gz_wxr_read_memory(doc, strlen(doc), &h, err, sizeof(err)), GZ_EPERM);
		CHECK_INT(s.nmeta, GZ_WXR_META_MAX);
		CHECK_INT(s.truncated, 1);
		gz_buf_free(&s.log);
	}
	free(doc);
	/* Exactly the maximum of each: nothing lost. */
	doc = build(HEAD, "<category domain=\"post_tag\" nicename=\"t\">T</category>",
	            GZ_WXR_TERMS_MAX, TAIL);
	{
		struct gz_wxr_handler h = handler(&s);

		s.stop_at_item = 2;
		CHECK_INT(gz_wxr_read_memory(doc, strlen(doc), &h, err, sizeof(err)), GZ_EPERM);
		CHECK_INT(s.nterms, GZ_WXR_TERMS_MAX);
		CHECK_INT(s.truncated, 0);
		gz_buf_free(&s.log);
	}
	free(doc);

	/* A comment's text past the cap marks the comment, not the item. */
	doc = build(HEAD "<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_content>", "x",
	            GZ_WXR_CONTENT_MAX + 1, "</wp:comment_content></wp:comment>" TAIL);
	CHECK_INT(read_doc(doc, &s, err, sizeof(err)), GZ_OK);
	CHECK_INT(s.comments, 1);
	CHECK(strstr(gz_buf_str(&s.log), "x|||||1\n") != NULL);
	gz_buf_free(&s.log);
	free(doc);
}

/* Each malformed or foreign document: the result and a word of the reason. */
static const struct {
	const char *doc;
	enum gz_err want;
	const char *reason;
} bad_docs[] = {
    {"", GZ_EINVAL, "line"},
    {"not xml at all", GZ_EINVAL, "not well-formed"},
    {"<rss><channel><wp:wxr_version>1.2</wp:wxr_version>", GZ_EINVAL, "not well-formed"},
    {"<rss " NS12 "><channel><wp:wxr_version>1.2</wp:wxr_version><item><title>x</item>"
     "</channel></rss>",
     GZ_EINVAL, "line 1: not well-formed"},
    {"<rss " NS12 ">\n<channel>\n<wp:wxr_version>1.2</wp:wxr_version>\n<item>\n<title>a & b"
     "</title></item></channel></rss>",
     GZ_EINVAL, "line 5"},
    {"<html><body>hello</body></html>", GZ_EINVAL,
     "not a WordPress export: the document is "
     "<html>"},
    {"<rss version=\"2.0\"></rss>", GZ_EINVAL, "has no <channel>"},
    {"<rss><channel><title>A feed</title><item><title>x</title></item></channel></rss>", GZ_EINVAL,
     "no wp:wxr_version"},
    {"<rss " NS12 "><channel><wp:wxr_version>2.0</wp:wxr_version></channel></rss>", GZ_EINVAL,
     "unsupported WXR version"},
    {"<wp:rss " NS12 "><channel/></wp:rss>", GZ_EINVAL, "not <rss>"},
    {"<rss " NS12 "><channel><wp:wxr_version>1.2</wp:wxr_version></channel></rss>junk", GZ_EINVAL,
     "not well-formed"},
    {"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss><channel><title>\xff\xfe</title>"
     "</channel></rss>",
     GZ_EINVAL, "not well-formed"},
    /* An undefined entity is an error too (not silently dropped). */
    {"<rss " NS12 "><channel><wp:wxr_version>1.2</wp:wxr_version><item><title>&nbsp;"
     "</title></item></channel></rss>",
     GZ_EINVAL, "not well-formed"},
};

static void
test_bad(void)
{
	struct seen s;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(bad_docs) / sizeof(bad_docs[0]); i++) {
		enum gz_err rc = read_doc(bad_docs[i].doc, &s, err, sizeof(err));

		CHECK_INT(rc, bad_docs[i].want);
		if (strstr(err, bad_docs[i].reason) == NULL) {
			fprintf(stderr, "case %zu: reason \"%s\" lacks \"%s\"\n", i, err,
			        bad_docs[i].reason);
			CHECK(0);
		}
		gz_buf_free(&s.log);
	}
	/* A valid channel with nothing in it still gives the site. */
	CHECK_INT(read_doc("<rss " NS12 "><channel><wp:wxr_version>1.2</wp:wxr_version>"
	                   "</channel></rss>",
	                   &s, err, sizeof(err)),
	          GZ_OK);
	CHECK_INT(s.sites, 1);
	gz_buf_free(&s.log);
}

/* Entities: never expanded, never fetched. */
static void
test_entities(void)
{
	struct seen s;
	char err[256], path[] = "/tmp/test_wxr_secret_XXXXXX";
	struct gz_buf b;
	int fd;
	enum gz_err rc;

	/* An internal entity is left out of the text, not substituted. */
	CHECK_INT(read_doc("<!DOCTYPE rss [<!ENTITY who \"SUBSTITUTED\">]>"
	                   "<rss " NS12 "><channel><wp:wxr_version>1.2</wp:wxr_version>"
	                   "<item><title>Hi &who;!</title><wp:post_id>1</wp:post_id></item>"
	                   "</channel></rss>",
	                   &s, err, sizeof(err)),
	          GZ_OK);
	CHECK(strstr(gz_buf_str(&s.log), "SUBSTITUTED") == NULL);
	CHECK(strstr(gz_buf_str(&s.log), "|1|Hi !|") != NULL);
	gz_buf_free(&s.log);

	/* Billion laughs: 10^9 "lol"s if expanded.  Refused (or at least not
	 * expanded) quickly, without the memory. */
	rc = read_doc(
	    "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n"
	    "<!ENTITY lol \"lol\">\n"
	    "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
	    "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
	    "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
	    "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
	    "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
	    "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
	    "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
	    "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
	    "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
	    "]>\n<rss " NS12 "><channel><wp:wxr_version>1.2</wp:wxr_version>"
	    "<item><title>&lol9;</title></item></channel></rss>",
	    &s, err, sizeof(err));
	CHECK(rc == GZ_OK || rc == GZ_EINVAL);
	CHECK(strstr(gz_buf_str(&s.log), "lollol") == NULL);
	CHECK(s.log.len < 4096);
	gz_buf_free(&s.log);

	/* An external entity naming a local file is not read. */
	fd = mkstemp(path);
	CHECK(fd >= 0);
	CHECK(write(fd, "TOPSECRET", 9) == 9);
	close(fd);
	gz_buf_init(&b, NULL, 0);
	gz_buf_printf(&b,
	              "<!DOCTYPE rss [<!ENTITY x SYSTEM \"file://%s\">]>"
	              "<rss " NS12 "><channel><wp:wxr_version>1.2</wp:wxr_version>"
	              "<item><title>a&x;b</title></item></channel></rss>",
	              path);
	rc = read_doc(gz_buf_str(&b), &s, err, sizeof(err));
	CHECK(rc == GZ_OK || rc == GZ_EINVAL);
	CHECK(strstr(gz_buf_str(&s.log), "TOPSECRET") == NULL);
	gz_buf_free(&s.log);
	gz_buf_free(&b);
	unlink(path);
	/* ... nor is an external DTD. */
	rc = read_doc("<!DOCTYPE rss SYSTEM \"http://192.0.2.1/x.dtd\">"
	              "<rss " NS12 "><channel><wp:wxr_version>1.2</wp:wxr_version>"
	              "</channel></rss>",
	              &s, err, sizeof(err));
	CHECK_INT(rc, GZ_OK);
	gz_buf_free(&s.log);
}

/* Nothing of libxml2's reaches stderr, even for broken input. */
static void
test_quiet(void)
{
	char path[] = "/tmp/test_wxr_stderr_XXXXXX", err[256];
	struct seen s;
	struct stat sb;
	int fd, saved;

	fflush(stderr);
	fd = mkstemp(path);
	CHECK(fd >= 0);
	saved = dup(2);
	dup2(fd, 2);
	read_doc("<rss><channel><wp:wxr_version>1.2</wp:wxr_version><a></b>", &s, err, sizeof(err));
	gz_buf_free(&s.log);
	read_doc("<rss " NS12 "><channel><wp:wxr_version>1.2</wp:wxr_version><item><bad:x/>"
	         "&undefined;</item></channel></rss>",
	         &s, err, sizeof(err));
	gz_buf_free(&s.log);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	CHECK(fstat(fd, &sb) == 0);
	CHECK_INT(sb.st_size, 0);
	close(fd);
	unlink(path);
}

static enum gz_err
stop_at_author(void *ctx, const struct gz_wxr_author *a)
{
	(void)ctx;
	(void)a;
	return GZ_ECONFLICT;
}

/* A callback's failure stops the read and is returned; files. */
static void
test_stop_and_file(void)
{
	struct gz_wxr_handler h;
	struct seen s;
	char err[256], path[] = "/tmp/test_wxr_file_XXXXXX";
	int fd;

	h = handler(&s);
	h.author = stop_at_author;
	CHECK_INT(gz_wxr_read_memory(doc12, strlen(doc12), &h, err, sizeof(err)), GZ_ECONFLICT);
	CHECK_INT(s.items, 0);
	gz_buf_free(&s.log);

	fd = mkstemp(path);
	CHECK(fd >= 0);
	CHECK(write(fd, doc12, strlen(doc12)) == (ssize_t)strlen(doc12));
	close(fd);
	h = handler(&s);
	CHECK_INT(gz_wxr_read_file(path, &h, err, sizeof(err)), GZ_OK);
	CHECK_INT(s.items, 3);
	CHECK_INT(s.comments, 2);
	CHECK(s.done > 0 && s.done <= strlen(doc12));
	gz_buf_free(&s.log);
	unlink(path);

	h = handler(&s);
	CHECK_INT(gz_wxr_read_file("/nonexistent/site.xml", &h, err, sizeof(err)), GZ_EIO);
	CHECK(strstr(err, "/nonexistent/site.xml") != NULL);
	CHECK_INT(gz_wxr_read_file("/tmp", &h, err, sizeof(err)), GZ_EIO);
	gz_buf_free(&s.log);
}

/* The real export (read-only fixture), when it is there. */
static void
test_fixture(void)
{
	const char *env = getenv("GAZETTE_WP_FIXTURE");
	const char *path = env != NULL && *env != '\0'
	                       ? env
	                       : "../shared/fixtures/wordpress/themeunittestdata.wordpress.xml";
	struct gz_wxr_handler h;
	struct seen s;
	char err[256];

	if (access(path, R_OK) != 0) {
		printf("skip fixture: %s not found\n", path);
		return;
	}
	h = handler(&s);
	CHECK_INT(gz_wxr_read_file(path, &h, err, sizeof(err)), GZ_OK);
	CHECK_INT(s.sites, 1);
	CHECK_INT(s.authors, 2);
	CHECK_INT(s.items, 180);
	CHECK_INT(s.progress, 180);
	/* 29 approved + 3 held, pingbacks and trackbacks among them. */
	CHECK_INT(s.comments, 32);
	CHECK(s.terms > 50);
	CHECK(has_line(&s, "author |themedemos|themeshaperwp+demos@gmail.com|Theme Buster||"));
	CHECK(strstr(gz_buf_str(&s.log), "term 0|111997|cat-c||Cat C||category") != NULL);
	gz_buf_free(&s.log);
}

TEST_MAIN(T(test_v12), T(test_v10), T(test_v11), T(test_undeclared), T(test_caps), T(test_bad),
          T(test_entities), T(test_quiet), T(test_stop_and_file), T(test_fixture))
