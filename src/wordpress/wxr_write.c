/*
 * The WXR 1.2 writer (wxr_write.h): the model's export (export.h) hands
 * over one row at a time and each becomes its part of the document at
 * once, through libxml2's xmlTextWriter, which escapes text and attribute
 * values.  What is WordPress's and what is Gazette's, ids, statuses,
 * dates, addresses, is decided here and documented in the header.
 *
 * It knows WXR and how Gazette's rows map onto it; it knows no SQL (the
 * model reads) and no command line (src/cli/export.c chooses the output
 * and the base URL).
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include <libxml/xmlwriter.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/db.h"
#include "gazette/export.h"
#include "gazette/markdown.h"
#include "gazette/str.h"
#include "gazette/url.h"
#include "gazette/utf8.h"
#include "gazette/wxr_write.h"

/* The namespaces of WXR 1.2, as WordPress's exporter declares them. */
#define NS_EXCERPT "http://wordpress.org/export/1.2/excerpt/"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_WFW "http://wellformedweb.org/CommentAPI/"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_WP "http://wordpress.org/export/1.2/"

#define ITEM_ARENA_MAX (256 * 1024 * 1024) /* one item's rendering and copies */

/* One document being written. */
struct out {
	xmlTextWriterPtr w;                /* libxml2's writer over `file` */
	FILE *file;                        /* where the bytes go */
	const struct gz_wxr_write_opts *o; /* base URL, now */
	struct gz_arena a;                 /* the current item's HTML, URLs, copies */
	enum gz_err rc;                    /* first failure, sticky: later writes do nothing */
	int write_errno;                   /* errno of the failed write to `file`, or 0 */
	char *err;                         /* the reason, for the caller */
	size_t errsz;                      /* bytes at err */
};

/* ---- bytes out ------------------------------------------------------- */

/* libxml2's output callback: everything or a failure (-1). */
static int
file_write(void *ctx, const char *buf, int len)
{
	struct out *o = ctx;

	if (len > 0 && fwrite(buf, 1, (size_t)len, o->file) != (size_t)len) {
		o->write_errno = errno != 0 ? errno : EIO;
		return -1;
	}
	return len;
}

/* libxml2 closes the output when the writer is freed; the caller owns the FILE. */
static int
file_close(void *ctx)
{
	(void)ctx;
	return 0;
}

/* libxml2's messages are not shown: the failure is reported once, by fail(). */
static void
quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* Note the first failure and its reason; later ones are consequences. */
static void
fail(struct out *o, enum gz_err rc, const char *what)
{
	if (o->rc != GZ_OK) {
		return;
	}
	o->rc = rc;
	if (rc == GZ_EIO && o->write_errno != 0) {
		gz_errf(o->err, o->errsz, "cannot write the export: %s", strerror(o->write_errno));
	} else {
		gz_errf(o->err, o->errsz, "%s: %s", what, gz_strerror(rc));
	}
}

/* A libxml2 writer call's result: below zero, the output failed. */
static void
put(struct out *o, int rc)
{
	if (rc < 0) {
		fail(o, o->write_errno != 0 ? GZ_EIO : GZ_ENOMEM, "writing the document");
	}
}

/* ---- text ------------------------------------------------------------ */

/* A code point XML 1.0 lets a document carry (its production Char). */
static int
xml_char(uint32_t c)
{
	return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
	       (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/*
 * s as XML can carry it: s itself when it already can (the usual case,
 * no copy), else a copy in the item arena in which each invalid UTF-8
 * byte and each character XML forbids (C0 controls but tab and line
 * ends, U+FFFE, U+FFFF) is U+FFFD.  Never NULL: out of memory, it records
 * the failure and returns "".
 */
static const char *
clean(struct out *o, const char *s)
{
	size_t n = strlen(s), i = 0, k;
	struct gz_buf b;
	uint32_t cp;

	while (i < n) {
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = gz_utf8_decode(s + i, n - i, &cp)) == 0 || !xml_char(cp)) {
			break;
		}
		i += k;
	}
	if (i == n) {
		return s;
	}
	gz_buf_init(&b, &o->a, 0);
	gz_buf_append(&b, s, i);
	while (i < n) {
		k = gz_utf8_decode(s + i, n - i, &cp);
		if (k == 0 || !xml_char(cp)) {
			gz_buf_puts(&b, "\xEF\xBF\xBD");
			i += k == 0 ? 1 : k;
		} else {
			gz_buf_append(&b, s + i, k);
			i += k;
		}
	}
	if (gz_buf_err(&b) != GZ_OK) {
		fail(o, GZ_ENOMEM, "cleaning text");
		return "";
	}
	return gz_buf_str(&b);
}

/*
 * Plain text s as the HTML WordPress keeps in that place: '&', '<' and
 * '>' as entities.  WordPress shows a post's title, excerpt and comments
 * and a term's name and description as HTML, so a Gazette comment that
 * reads "<script>" must reach it escaped to stay text (and harmless), and
 * an importer reading them as HTML (Gazette's does) gets the text back.
 * s itself when it holds none of them; else a copy in the item arena
 * ("" out of memory, the failure recorded).
 */
static const char *
html_text(struct out *o, const char *s)
{
	struct gz_buf b;
	const char *p;

	if (strpbrk(s, "&<>") == NULL) {
		return s;
	}
	gz_buf_init(&b, &o->a, 0);
	for (p = s; *p != '\0'; p++) {
		if (*p == '&') {
			gz_buf_puts(&b, "&amp;");
		} else if (*p == '<') {
			gz_buf_puts(&b, "&lt;");
		} else if (*p == '>') {
			gz_buf_puts(&b, "&gt;");
		} else {
			gz_buf_putc(&b, *p);
		}
	}
	if (gz_buf_err(&b) != GZ_OK) {
		fail(o, GZ_ENOMEM, "escaping text");
		return "";
	}
	return gz_buf_str(&b);
}

/* <name>text</name>, text escaped. */
static void
el(struct out *o, const char *name, const char *text)
{
	if (o->rc == GZ_OK) {
		put(o, xmlTextWriterWriteElement(o->w, BAD_CAST name, BAD_CAST clean(o, text)));
	}
}

/* <name>v</name>, v in decimal. */
static void
el_int(struct out *o, const char *name, int64_t v)
{
	char num[24];

	snprintf(num, sizeof(num), "%" PRId64, v);
	el(o, name, num);
}

/*
 * text as CDATA: <![CDATA[text]]>.  A CDATA section ends at the first "]]>",
 * so text holding one is written as several sections, cut between "]]" and
 * ">": "a]]>b" is <![CDATA[a]]]]><![CDATA[>b]]>, as WordPress's wxr_cdata
 * writes it.
 */
static void
cdata(struct out *o, const char *text)
{
	const char *s, *stop;

	if (o->rc != GZ_OK) {
		return;
	}
	s = clean(o, text);
	for (;;) {
		stop = strstr(s, "]]>");
		put(o, xmlTextWriterStartCDATA(o->w));
		if (stop == NULL) {
			put(o, xmlTextWriterWriteRawLen(o->w, BAD_CAST s, (int)strlen(s)));
			put(o, xmlTextWriterEndCDATA(o->w));
			break;
		}
		put(o, xmlTextWriterWriteRawLen(o->w, BAD_CAST s, (int)(stop + 2 - s)));
		put(o, xmlTextWriterEndCDATA(o->w));
		s = stop + 2;
	}
}

/* <name>, left open until end(). */
static void
start(struct out *o, const char *name)
{
	if (o->rc == GZ_OK) {
		put(o, xmlTextWriterStartElement(o->w, BAD_CAST name));
	}
}

/* Close the innermost open element. */
static void
end(struct out *o)
{
	if (o->rc == GZ_OK) {
		put(o, xmlTextWriterEndElement(o->w));
	}
}

/* <name><![CDATA[text]]></name>, split around "]]>" as cdata() does. */
static void
el_cdata(struct out *o, const char *name, const char *text)
{
	start(o, name);
	cdata(o, text);
	end(o);
}

/* An attribute of the element just started, value escaped. */
static void
attr(struct out *o, const char *name, const char *value)
{
	if (o->rc == GZ_OK) {
		put(o, xmlTextWriterWriteAttribute(o->w, BAD_CAST name, BAD_CAST clean(o, value)));
	}
}

/*
 * An item's term as WordPress writes it, attributes in this order (its
 * regular-expression parser expects them so):
 * <category domain="post_tag" nicename="slug"><![CDATA[Name]]></category>.
 */
static void
el_term(struct out *o, const char *domain, const char *slug, const char *name)
{
	start(o, "category");
	attr(o, "domain", domain);
	attr(o, "nicename", slug);
	cdata(o, html_text(o, name));
	end(o);
}

/* <wp:postmeta> with its key and value, as WordPress writes one. */
static void
postmeta(struct out *o, const char *key, const char *value)
{
	start(o, "wp:postmeta");
	el_cdata(o, "wp:meta_key", key);
	el_cdata(o, "wp:meta_value", value);
	end(o);
}

/* ---- dates and addresses --------------------------------------------- */

/* t as MySQL writes a DATETIME, "2013-04-09 06:37:47", in UTC. */
static void
el_date(struct out *o, const char *name, int64_t t)
{
	char s[64] = "0000-00-00 00:00:00";
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) != NULL && tm.tm_year + 1900 >= 0 && tm.tm_year + 1900 <= 9999) {
		snprintf(s, sizeof(s), "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900,
		         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	}
	el_cdata(o, name, s);
}

/* t as RSS's pubDate, RFC 822 with a four-digit year: "Tue, 27 Jan 2015 14:56:57 +0000". */
static void
el_rfc822(struct out *o, const char *name, int64_t t)
{
	static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	char s[64] = "";
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) != NULL && tm.tm_year + 1900 >= 0 && tm.tm_year + 1900 <= 9999) {
		snprintf(s, sizeof(s), "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday],
		         tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
		         tm.tm_sec);
	}
	el(o, name, s);
}

/* base + prefix + slug percent-encoded, in the item arena ("" out of memory). */
static const char *
url_of(struct out *o, const char *prefix, const char *slug)
{
	struct gz_buf b;

	gz_buf_init(&b, &o->a, 0);
	gz_buf_puts(&b, o->o->base_url);
	gz_buf_puts(&b, prefix);
	gz_url_encode(&b, slug, strlen(slug));
	if (gz_buf_err(&b) != GZ_OK) {
		fail(o, GZ_ENOMEM, "building an address");
		return "";
	}
	return gz_buf_str(&b);
}

/* The address Gazette serves a media file at, absolute. */
static const char *
media_url(struct out *o, const struct gz_export_media *m)
{
	const char *u = gz_arena_printf(&o->a, "%s/media/%s.%s", o->o->base_url, m->hash, m->ext);

	if (u == NULL) {
		fail(o, GZ_ENOMEM, "building an address");
		return "";
	}
	return u;
}

const char *
gz_wxr_base_url(struct gz_arena *a, const char *url, char *err, size_t errsz)
{
	size_t n = strlen(url), i, host;
	char *out;

	if (gz_str_has_prefix_case(url, "https://")) {
		host = 8;
	} else if (gz_str_has_prefix_case(url, "http://")) {
		host = 7;
	} else {
		gz_errf(err, errsz, "the base URL must start with http:// or https://: %s", url);
		return NULL;
	}
	while (n > host && url[n - 1] == '/') {
		n--;
	}
	if (n == host || url[host] == '/') {
		gz_errf(err, errsz, "the base URL has no host: %s", url);
		return NULL;
	}
	if (n > GZ_WXR_BASE_URL_MAX) {
		gz_errf(err, errsz, "the base URL is longer than %d bytes", GZ_WXR_BASE_URL_MAX);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)url[i];

		if (c <= 0x20 || c == 0x7F || c >= 0x80 || strchr("\"'<>\\`{}|^?#", c) != NULL) {
			gz_errf(err, errsz,
			        "the base URL may hold no spaces, quotes, query or fragment "
			        "(only printable ASCII): %s",
			        url);
			return NULL;
		}
	}
	if ((out = gz_arena_strndup(a, url, n)) == NULL) {
		gz_errf(err, errsz, "out of memory");
	}
	return out;
}

/* ---- HTML for content:encoded ---------------------------------------- */

/* Tags after which a newline is markup, not a soft break in running text. */
static int
block_tag(const char *name, size_t n)
{
	static const char *const blocks[] = {
	    "p",          "div",   "h1", "h2", "h3", "h4",    "h5",    "h6",         "ul",
	    "ol",         "li",    "dl", "dt", "dd", "pre",   "hr",    "br",         "figure",
	    "figcaption", "table", "tr", "th", "td", "thead", "tbody", "blockquote",
	};
	size_t i;

	for (i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++) {
		if (strlen(blocks[i]) == n && strncmp(blocks[i], name, n) == 0) {
			return 1;
		}
	}
	return 0;
}

/* At p, a URL attribute whose value is a site-relative path ("/x", not "//x")? */
static size_t
relative_url_attr(const char *p)
{
	static const char *const attrs[] = {" href=\"/", " src=\"/"};
	size_t i, n;

	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		n = strlen(attrs[i]);
		if (strncmp(p, attrs[i], n) == 0 && p[n] != '/') {
			return n - 1; /* up to the '"', before the '/' */
		}
	}
	return 0;
}

enum gz_err
gz_wxr_post_html(struct gz_arena *a, const char *md, const char *base, char **out)
{
	char *html = NULL, *tail = NULL;
	const char *p, *name = "";
	size_t name_len = 0, k;
	struct gz_buf b;
	enum gz_err rc;
	int in_pre = 0, in_tag = 0;

	*out = NULL;
	if ((rc = gz_markdown_render(a, md, strlen(md), 0, &html, &tail)) != GZ_OK) {
		return rc;
	}
	gz_buf_init(&b, a, 0);
	gz_buf_reserve(&b, strlen(html) + 256);
	for (p = html; *p != '\0'; p++) {
		if (*p == '<') {
			/* A tag: note its name, and whether it opens or closes <pre>. */
			const char *q = p + 1 + (p[1] == '/');

			name = q;
			for (name_len = 0; (q[name_len] >= 'a' && q[name_len] <= 'z') ||
			                   (q[name_len] >= '0' && q[name_len] <= '9');
			     name_len++) {
			}
			if (name_len == 3 && strncmp(name, "pre", 3) == 0) {
				in_pre = p[1] != '/';
			}
			in_tag = 1;
		} else if (*p == '>') {
			in_tag = 0;
		} else if (in_tag && (k = relative_url_attr(p)) != 0) {
			gz_buf_append(&b, p, k);
			gz_buf_puts(&b, base);
			p += k - 1;
			continue;
		} else if (*p == '\n' && !in_pre && !in_tag &&
		           !(p > html && p[-1] == '>' && block_tag(name, name_len))) {
			/* A soft break: WordPress's wpautop would make it a <br>. */
			gz_buf_putc(&b, ' ');
			continue;
		}
		gz_buf_putc(&b, *p);
	}
	if ((rc = gz_buf_err(&b)) != GZ_OK) {
		return rc;
	}
	*out = (char *)gz_buf_str(&b);
	return GZ_OK;
}

/* ---- the rows -------------------------------------------------------- */

/* Start an item; a fresh arena for its strings. */
static void
item_start(struct out *o)
{
	gz_arena_reset(&o->a);
	start(o, "item");
}

/* content:encoded from Markdown; the failure names the row. */
static void
el_content(struct out *o, const char *md, const char *what, int64_t id)
{
	char *html = NULL, where[64];
	enum gz_err rc;

	if (o->rc != GZ_OK) {
		return;
	}
	if ((rc = gz_wxr_post_html(&o->a, md, o->o->base_url, &html)) != GZ_OK) {
		snprintf(where, sizeof(where), "rendering the body of %s %" PRId64, what, id);
		fail(o, rc, where);
		return;
	}
	el_cdata(o, "content:encoded", html);
}

/* What differs between items in the fields every item has. */
struct item_head {
	const char *title;   /* plain text (written as HTML) */
	const char *link;    /* its address on the site, absolute */
	const char *creator; /* the author's login, "" when none */
	const char *guid;    /* a stable identifier, not a permalink */
	int64_t pub;         /* pubDate */
	int64_t post_id;     /* wp:post_id, in the id scheme of wxr_write.h */
	int64_t date;        /* wp:post_date (and _gmt unless date_unset) */
	int64_t modified;    /* wp:post_modified(_gmt) */
	int64_t parent;      /* wp:post_parent, 0 for none */
	int date_unset;      /* a draft never published: post_date_gmt "0000-00-00 00:00:00" */
	const char *comment_status; /* "open", "closed" */
	const char *name;           /* wp:post_name: the slug */
	const char *status;         /* wp:status: publish, future, draft, trash, inherit */
	const char *type;           /* wp:post_type: post, page, attachment */
};

/*
 * The fields every item has, in WordPress's order, from <title> to
 * wp:post_password; content:encoded rendered from md (NULL: empty), the
 * excerpt as HTML.  The caller adds wp:is_sticky and what follows.
 */
static void
item_head(struct out *o, const struct item_head *h, const char *md, const char *excerpt)
{
	el_cdata(o, "title", html_text(o, h->title));
	el(o, "link", h->link);
	el_rfc822(o, "pubDate", h->pub);
	el_cdata(o, "dc:creator", h->creator);
	start(o, "guid");
	attr(o, "isPermaLink", "false");
	if (o->rc == GZ_OK) {
		put(o, xmlTextWriterWriteString(o->w, BAD_CAST clean(o, h->guid)));
	}
	end(o);
	el(o, "description", "");
	if (md != NULL) {
		el_content(o, md, h->type, h->post_id);
	} else {
		el_cdata(o, "content:encoded", "");
	}
	el_cdata(o, "excerpt:encoded", html_text(o, excerpt));
	el_int(o, "wp:post_id", h->post_id);
	el_date(o, "wp:post_date", h->date);
	if (h->date_unset) {
		el_cdata(o, "wp:post_date_gmt", "0000-00-00 00:00:00");
	} else {
		el_date(o, "wp:post_date_gmt", h->date);
	}
	el_date(o, "wp:post_modified", h->modified);
	el_date(o, "wp:post_modified_gmt", h->modified);
	el_cdata(o, "wp:comment_status", h->comment_status);
	el_cdata(o, "wp:ping_status", "closed");
	el_cdata(o, "wp:post_name", h->name);
	el_cdata(o, "wp:status", h->status);
	el_int(o, "wp:post_parent", h->parent);
	el_int(o, "wp:menu_order", 0);
	el_cdata(o, "wp:post_type", h->type);
	el_cdata(o, "wp:post_password", "");
}

/*
 * The document's start: XML declaration, a comment saying what it is, <rss>
 * with WXR 1.2's namespaces, and the channel's own elements.  The channel
 * and <rss> stay open until the end of the document.
 */
static enum gz_err
on_site(void *ctx, const struct gz_export_site *s)
{
	struct out *o = ctx;

	put(o, xmlTextWriterStartDocument(o->w, "1.0", "UTF-8", NULL));
	if (o->rc == GZ_OK) {
		put(o, xmlTextWriterWriteComment(
		           o->w,
		           BAD_CAST " This is a WordPress eXtended RSS file (WXR 1.2) written by "
		                    "Gazette " GAZETTE_VERSION
		                    " as an export of a site: its staff, sections, tags, "
		                    "media, pages, articles and comments.  To move the site to "
		                    "WordPress: Tools, Import, WordPress, then upload this file; "
		                    "to another Gazette: gazette import wordpress FILE. "));
	}
	start(o, "rss");
	attr(o, "version", "2.0");
	attr(o, "xmlns:excerpt", NS_EXCERPT);
	attr(o, "xmlns:content", NS_CONTENT);
	attr(o, "xmlns:wfw", NS_WFW);
	attr(o, "xmlns:dc", NS_DC);
	attr(o, "xmlns:wp", NS_WP);
	start(o, "channel");
	el(o, "title", s->name);
	el(o, "link", o->o->base_url);
	el(o, "description", s->tagline);
	el_rfc822(o, "pubDate", o->o->now);
	el(o, "language", "en");
	el(o, "wp:wxr_version", "1.2");
	el(o, "wp:base_site_url", o->o->base_url);
	el(o, "wp:base_blog_url", o->o->base_url);
	el(o, "generator", "Gazette " GAZETTE_VERSION);
	return o->rc;
}

/*
 * A staff member as wp:author.  Gazette keeps one display name, so the
 * first and last names are empty rather than guessed from it.
 */
static enum gz_err
on_user(void *ctx, const struct gz_export_user *u)
{
	struct out *o = ctx;

	gz_arena_reset(&o->a);
	start(o, "wp:author");
	el_int(o, "wp:author_id", u->id);
	el_cdata(o, "wp:author_login", u->login);
	el_cdata(o, "wp:author_email", u->email);
	el_cdata(o, "wp:author_display_name", u->display_name);
	el_cdata(o, "wp:author_first_name", "");
	el_cdata(o, "wp:author_last_name", "");
	end(o);
	return o->rc;
}

/* A section as wp:category; its parent by slug (the model sends parents first). */
static enum gz_err
on_category(void *ctx, const struct gz_export_category *c)
{
	struct out *o = ctx;

	gz_arena_reset(&o->a);
	start(o, "wp:category");
	el_int(o, "wp:term_id", c->id);
	el_cdata(o, "wp:category_nicename", c->slug);
	el_cdata(o, "wp:category_parent", c->parent_slug);
	el_cdata(o, "wp:cat_name", html_text(o, c->name));
	if (c->description[0] != '\0') {
		el_cdata(o, "wp:category_description", html_text(o, c->description));
	}
	end(o);
	return o->rc;
}

/* A tag as wp:tag. */
static enum gz_err
on_tag(void *ctx, const struct gz_export_tag *t)
{
	struct out *o = ctx;

	gz_arena_reset(&o->a);
	start(o, "wp:tag");
	el_int(o, "wp:term_id", t->id);
	el_cdata(o, "wp:tag_slug", t->slug);
	el_cdata(o, "wp:tag_name", html_text(o, t->name));
	if (t->description[0] != '\0') {
		el_cdata(o, "wp:tag_description", html_text(o, t->description));
	}
	end(o);
	return o->rc;
}

/*
 * A media file as an attachment item.  Its title and slug are the
 * uploaded file's name without its extension (WordPress's own choice for
 * an upload), else the hash.
 */
static enum gz_err
on_media(void *ctx, const struct gz_export_media *m)
{
	struct out *o = ctx;
	struct item_head h;
	const char *dot, *name = m->hash, *url;

	if (m->id > INT64_MAX - GZ_WXR_MEDIA_ID_BASE) {
		fail(o, GZ_ETOOBIG, "a media id does not fit the export's id scheme");
		return o->rc;
	}
	item_start(o);
	if (m->original_name[0] != '\0') {
		dot = strrchr(m->original_name, '.');
		name = dot != NULL && dot != m->original_name
		           ? gz_arena_strndup(&o->a, m->original_name,
		                              (size_t)(dot - m->original_name))
		           : m->original_name;
		if (name == NULL) {
			fail(o, GZ_ENOMEM, "media name");
			return o->rc;
		}
	}
	url = media_url(o, m);
	memset(&h, 0, sizeof(h));
	h.title = name;
	h.link = url;
	h.creator = m->uploader_login;
	h.guid = url;
	h.pub = h.date = h.modified = m->created_at;
	h.post_id = GZ_WXR_MEDIA_ID_BASE + m->id;
	h.parent = m->article_id;
	h.comment_status = "closed";
	h.name = name;
	h.status = "inherit";
	h.type = "attachment";
	item_head(o, &h, NULL, "");
	el_int(o, "wp:is_sticky", 0);
	el_cdata(o, "wp:attachment_url", url);
	if (m->alt[0] != '\0') {
		postmeta(o, "_wp_attachment_image_alt", m->alt);
	}
	end(o);
	return o->rc;
}

/* A static page: /privacy keeps its own address, the others live under /p/. */
static enum gz_err
on_page(void *ctx, const struct gz_export_page *p)
{
	struct out *o = ctx;
	struct item_head h;

	if (p->id >= GZ_WXR_PAGE_ID_BASE) {
		fail(o, GZ_ETOOBIG, "a page id does not fit the export's id scheme");
		return o->rc;
	}
	item_start(o);
	memset(&h, 0, sizeof(h));
	h.title = p->title;
	h.link =
	    strcmp(p->slug, "privacy") == 0 ? url_of(o, "/", p->slug) : url_of(o, "/p/", p->slug);
	h.creator = "";
	h.post_id = GZ_WXR_PAGE_ID_BASE + p->id;
	h.guid = gz_arena_printf(&o->a, "%s/?page_id=%" PRId64, o->o->base_url, h.post_id);
	h.pub = h.date = h.modified = p->updated_at;
	h.comment_status = "closed";
	h.name = p->slug;
	h.status = strcmp(p->status, "published") == 0 ? "publish" : "draft";
	h.type = "page";
	if (h.guid == NULL) {
		fail(o, GZ_ENOMEM, "page address");
		return o->rc;
	}
	item_head(o, &h, p->body, "");
	el_int(o, "wp:is_sticky", 0);
	postmeta(o, "_gazette_markdown", p->body);
	end(o);
	return o->rc;
}

/* WordPress's status for an article at `now` (see the header). */
static const char *
post_status(const struct gz_export_article *a, int64_t now)
{
	if (strcmp(a->status, "published") == 0 || strcmp(a->status, "scheduled") == 0) {
		return a->has_published_at && a->published_at > now ? "future" : "publish";
	}
	return strcmp(a->status, "trash") == 0 ? "trash" : "draft";
}

/* An article up to its comments: the item is closed by on_article_end. */
static enum gz_err
on_article(void *ctx, const struct gz_export_article *a)
{
	struct out *o = ctx;
	struct item_head h;
	size_t i;

	if (a->id >= GZ_WXR_PAGE_ID_BASE || a->image_id > INT64_MAX - GZ_WXR_MEDIA_ID_BASE) {
		fail(o, GZ_ETOOBIG, "an article id does not fit the export's id scheme");
		return o->rc;
	}
	item_start(o);
	memset(&h, 0, sizeof(h));
	h.title = a->title;
	h.link = url_of(o, "/article/", a->slug);
	h.creator = a->author_login;
	h.post_id = a->id;
	h.guid = gz_arena_printf(&o->a, "%s/?p=%" PRId64, o->o->base_url, a->id);
	h.date_unset = !a->has_published_at;
	h.date = a->has_published_at ? a->published_at : a->created_at;
	h.pub = h.date;
	h.modified = a->updated_at;
	h.comment_status = a->comments_open ? "open" : "closed";
	h.name = a->slug;
	h.status = post_status(a, o->o->now);
	h.type = "post";
	if (h.guid == NULL) {
		fail(o, GZ_ENOMEM, "article address");
		return o->rc;
	}
	item_head(o, &h, a->body, a->summary);
	el_int(o, "wp:is_sticky", a->featured ? 1 : 0);
	if (a->category_slug[0] != '\0') {
		el_term(o, "category", a->category_slug, a->category_name);
	}
	for (i = 0; i < a->ntags; i++) {
		el_term(o, "post_tag", a->tags[i].slug, a->tags[i].name);
	}
	postmeta(o, "_gazette_markdown", a->body);
	if (a->image_id != 0) {
		char id[24];

		snprintf(id, sizeof(id), "%" PRId64, GZ_WXR_MEDIA_ID_BASE + a->image_id);
		postmeta(o, "_thumbnail_id", id);
	}
	if (a->meta_description[0] != '\0') {
		postmeta(o, "_yoast_wpseo_metadesc", html_text(o, a->meta_description));
	}
	return o->rc;
}

/* wp:comment_approved for a Gazette comment status. */
static const char *
comment_approved(const char *status)
{
	if (strcmp(status, "approved") == 0) {
		return "1";
	}
	if (strcmp(status, "spam") == 0 || strcmp(status, "trash") == 0) {
		return status;
	}
	return "0";
}

/* A comment inside its article's item, in WordPress's field order; no IP is kept. */
static enum gz_err
on_comment(void *ctx, const struct gz_export_article *a, const struct gz_export_comment *c)
{
	struct out *o = ctx;

	(void)a;
	start(o, "wp:comment");
	el_int(o, "wp:comment_id", c->id);
	el_cdata(o, "wp:comment_author", c->author_name);
	el_cdata(o, "wp:comment_author_email", c->author_email);
	el_cdata(o, "wp:comment_author_url", c->author_url);
	el_cdata(o, "wp:comment_author_IP", "");
	el_date(o, "wp:comment_date", c->created_at);
	el_date(o, "wp:comment_date_gmt", c->created_at);
	el_cdata(o, "wp:comment_content", html_text(o, c->body));
	el_cdata(o, "wp:comment_approved", comment_approved(c->status));
	el_cdata(o, "wp:comment_type", "comment");
	el_int(o, "wp:comment_parent", c->parent_id);
	el_int(o, "wp:comment_user_id", c->user_id);
	end(o);
	return o->rc;
}

/* The article's comments are written: close its item. */
static enum gz_err
on_article_end(void *ctx, const struct gz_export_article *a)
{
	struct out *o = ctx;

	(void)a;
	end(o);
	return o->rc;
}

enum gz_err
gz_wxr_write(struct gz_db *db, FILE *file, const struct gz_wxr_write_opts *opts,
             struct gz_export_counts *counts, char *err, size_t errsz)
{
	struct gz_export_handler h = {
	    .site = on_site,
	    .user = on_user,
	    .category = on_category,
	    .tag = on_tag,
	    .media = on_media,
	    .page = on_page,
	    .article = on_article,
	    .comment = on_comment,
	    .article_end = on_article_end,
	};
	xmlGenericErrorFunc old_handler = xmlGenericError;
	void *old_ctx = xmlGenericErrorContext;
	xmlOutputBufferPtr buf;
	struct out o;
	enum gz_err rc;

	memset(&o, 0, sizeof(o));
	o.file = file;
	o.o = opts;
	o.err = err;
	o.errsz = errsz;
	h.ctx = &o;
	gz_errf(err, errsz, "no error");
	gz_arena_init(&o.a, 64 * 1024, ITEM_ARENA_MAX);
	xmlSetGenericErrorFunc(NULL, quiet);
	if ((buf = xmlOutputBufferCreateIO(file_write, file_close, &o, NULL)) == NULL ||
	    (o.w = xmlNewTextWriter(buf)) == NULL) {
		if (buf != NULL) {
			xmlOutputBufferClose(buf);
		}
		fail(&o, GZ_ENOMEM, "starting the writer");
		goto done;
	}
	/* WordPress's indentation: one tab per level. */
	if (xmlTextWriterSetIndent(o.w, 1) < 0 ||
	    xmlTextWriterSetIndentString(o.w, BAD_CAST "\t") < 0) {
		fail(&o, GZ_ENOMEM, "starting the writer");
		goto done;
	}
	rc = gz_export_run(db, &h, counts);
	if (rc == GZ_EINVAL && o.rc == GZ_OK) {
		gz_errf(err, errsz, "%s holds no Gazette site (no schema)", gz_db_path(db));
		o.rc = rc;
	} else if (rc != GZ_OK && o.rc == GZ_OK) {
		fail(&o, rc, "reading the database");
	}
	if (o.rc == GZ_OK) {
		put(&o, xmlTextWriterEndDocument(o.w));
	}
	if (o.rc == GZ_OK) {
		put(&o, xmlTextWriterFlush(o.w));
	}
done:
	if (o.w != NULL) {
		xmlFreeTextWriter(o.w); /* frees buf */
	}
	if (fflush(file) != 0 || ferror(file)) {
		o.write_errno = o.write_errno != 0 ? o.write_errno : (errno != 0 ? errno : EIO);
		fail(&o, GZ_EIO, "flushing the export");
	}
	xmlSetGenericErrorFunc(old_ctx, old_handler);
	gz_arena_free(&o.a);
	return o.rc;
}
