/*
 * The WXR stream reader (include/gazette/wxr.h): libxml2's xmlTextReader
 * walks the export node by node, and a small state machine keyed on the
 * element's depth and on what encloses it (the channel, an author, a term,
 * an item, a postmeta, a comment) copies the text of the elements it knows
 * into capped buffers and calls the handler when a record is complete.
 * Nothing is ever expanded into a tree: the reader frees each node once it
 * has moved past it, so memory is the caps below plus libxml2's own bounded
 * text node (10 MB without XML_PARSE_HUGE), whatever the file's size.
 *
 * Elements are recognised by namespace URI, not prefix: WordPress moved
 * its URIs between WXR 1.0, 1.1 and 1.2 (http and https alike), so any URI
 * under wordpress.org/export/ is "wp" (or "excerpt" when it ends in
 * excerpt/).  An element whose prefix is undeclared falls back to its
 * prefix.  Entities are never substituted (no XML_PARSE_NOENT): an entity
 * reference node is skipped, so a billion-laughs document costs nothing
 * beyond libxml2's own amplification check, which refuses it.  No DTD is
 * loaded and no network is used.
 *
 * It knows the WXR vocabulary and nothing of Gazette: what becomes of a
 * post is wp_import.c's business.
 */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include "gazette/buf.h"
#include "gazette/utf8.h"
#include "gazette/wxr.h"

/*
 * Bounds of the per-item pools: every term's domain, slug and name share
 * one pool, every postmeta key and value another.  A value past a pool's
 * room is cut (the item is marked truncated) like a field past its cap.
 * The meta pool holds two bodies: Gazette's own export writes the Markdown
 * source in a postmeta next to the HTML body.
 */
#define TERMS_POOL_MAX (1024 * 1024)
#define META_POOL_MAX (2 * GZ_WXR_CONTENT_MAX)

/* Which vocabulary an element belongs to. */
enum ns {
	NS_NONE,    /* no namespace: RSS's own elements */
	NS_WP,      /* http(s)://wordpress.org/export/1.x/ */
	NS_EXCERPT, /* http(s)://wordpress.org/export/1.x/excerpt/ */
	NS_CONTENT, /* http://purl.org/rss/1.0/modules/content/ */
	NS_DC,      /* http://purl.org/dc/elements/1.1/ */
	NS_OTHER,   /* anything else (wfw:, atom:, ...) */
};

/* What the element at depth 2 (a child of <channel>) is. */
enum record {
	REC_NONE,   /* a channel field or something ignored */
	REC_AUTHOR, /* <wp:author> */
	REC_TERM,   /* <wp:category>, <wp:tag>, <wp:term> */
	REC_ITEM,   /* <item> */
};

/* What the element at depth 3 inside an item is. */
enum sub {
	SUB_NONE,     /* a field or nothing */
	SUB_POSTMETA, /* <wp:postmeta> */
	SUB_COMMENT,  /* <wp:comment> */
	SUB_IGNORED,  /* anything else with children */
};

/* Slots of each record's fields. */
enum { SITE_TITLE, SITE_LINK, SITE_LANGUAGE, SITE_VERSION, SITE_BASE_SITE, SITE_BASE_BLOG, NSITE };
enum { AU_ID, AU_LOGIN, AU_EMAIL, AU_DISPLAY, AU_FIRST, AU_LAST, NAUTHOR };
enum { TE_ID, TE_SLUG, TE_PARENT, TE_NAME, TE_DESCRIPTION, TE_TAXONOMY, NTERM };
enum {
	IT_TITLE,
	IT_LINK,
	IT_PUBDATE,
	IT_CREATOR,
	IT_GUID,
	IT_CONTENT,
	IT_EXCERPT,
	IT_POST_ID,
	IT_POST_DATE,
	IT_POST_DATE_GMT,
	IT_COMMENT_STATUS,
	IT_POST_NAME,
	IT_STATUS,
	IT_POST_PARENT,
	IT_MENU_ORDER,
	IT_POST_TYPE,
	IT_PASSWORD,
	IT_ATTACHMENT_URL,
	IT_STICKY,
	NITEM
};
enum {
	CO_ID,
	CO_AUTHOR,
	CO_EMAIL,
	CO_URL,
	CO_IP,
	CO_DATE,
	CO_DATE_GMT,
	CO_CONTENT,
	CO_APPROVED,
	CO_TYPE,
	CO_PARENT,
	CO_USER_ID,
	NCOMMENT
};

/* One known element: its vocabulary, local name, slot and cap. */
struct spec {
	enum ns ns;        /* vocabulary */
	const char *local; /* local name */
	int slot;          /* index in the record's fields */
	size_t cap;        /* bytes kept */
};

#define F GZ_WXR_FIELD_MAX
#define C GZ_WXR_CONTENT_MAX

static const struct spec site_specs[] = {
    {NS_NONE, "title", SITE_TITLE, F},           {NS_NONE, "link", SITE_LINK, F},
    {NS_NONE, "language", SITE_LANGUAGE, F},     {NS_WP, "wxr_version", SITE_VERSION, F},
    {NS_WP, "base_site_url", SITE_BASE_SITE, F}, {NS_WP, "base_blog_url", SITE_BASE_BLOG, F},
};

static const struct spec author_specs[] = {
    {NS_WP, "author_id", AU_ID, F},
    {NS_WP, "author_login", AU_LOGIN, F},
    {NS_WP, "author_email", AU_EMAIL, F},
    {NS_WP, "author_display_name", AU_DISPLAY, F},
    {NS_WP, "author_first_name", AU_FIRST, F},
    {NS_WP, "author_last_name", AU_LAST, F},
};

/* One table for the three kinds of term: each spells the same fields its way. */
static const struct spec term_specs[] = {
    {NS_WP, "term_id", TE_ID, F},
    {NS_WP, "category_nicename", TE_SLUG, F},
    {NS_WP, "tag_slug", TE_SLUG, F},
    {NS_WP, "term_slug", TE_SLUG, F},
    {NS_WP, "category_parent", TE_PARENT, F},
    {NS_WP, "term_parent", TE_PARENT, F},
    {NS_WP, "cat_name", TE_NAME, F},
    {NS_WP, "tag_name", TE_NAME, F},
    {NS_WP, "term_name", TE_NAME, F},
    {NS_WP, "category_description", TE_DESCRIPTION, F},
    {NS_WP, "tag_description", TE_DESCRIPTION, F},
    {NS_WP, "term_description", TE_DESCRIPTION, F},
    {NS_WP, "term_taxonomy", TE_TAXONOMY, F},
};

static const struct spec item_specs[] = {
    {NS_NONE, "title", IT_TITLE, F},
    {NS_NONE, "link", IT_LINK, F},
    {NS_NONE, "pubDate", IT_PUBDATE, F},
    {NS_DC, "creator", IT_CREATOR, F},
    {NS_NONE, "guid", IT_GUID, F},
    {NS_CONTENT, "encoded", IT_CONTENT, C},
    {NS_EXCERPT, "encoded", IT_EXCERPT, C},
    {NS_WP, "post_id", IT_POST_ID, F},
    {NS_WP, "post_date", IT_POST_DATE, F},
    {NS_WP, "post_date_gmt", IT_POST_DATE_GMT, F},
    {NS_WP, "comment_status", IT_COMMENT_STATUS, F},
    {NS_WP, "post_name", IT_POST_NAME, F},
    {NS_WP, "status", IT_STATUS, F},
    {NS_WP, "post_parent", IT_POST_PARENT, F},
    {NS_WP, "menu_order", IT_MENU_ORDER, F},
    {NS_WP, "post_type", IT_POST_TYPE, F},
    {NS_WP, "post_password", IT_PASSWORD, F},
    {NS_WP, "attachment_url", IT_ATTACHMENT_URL, F},
    {NS_WP, "is_sticky", IT_STICKY, F},
};

static const struct spec comment_specs[] = {
    {NS_WP, "comment_id", CO_ID, F},
    {NS_WP, "comment_author", CO_AUTHOR, F},
    {NS_WP, "comment_author_email", CO_EMAIL, F},
    {NS_WP, "comment_author_url", CO_URL, F},
    {NS_WP, "comment_author_IP", CO_IP, F},
    {NS_WP, "comment_date", CO_DATE, F},
    {NS_WP, "comment_date_gmt", CO_DATE_GMT, F},
    {NS_WP, "comment_content", CO_CONTENT, C},
    {NS_WP, "comment_approved", CO_APPROVED, F},
    {NS_WP, "comment_type", CO_TYPE, F},
    {NS_WP, "comment_parent", CO_PARENT, F},
    {NS_WP, "comment_user_id", CO_USER_ID, F},
};

#undef F
#undef C

/* Where the text of the element being read goes. */
struct sink {
	struct gz_buf *b; /* the buffer; NULL when no element's text is wanted */
	size_t start;     /* the value starts at this offset of b */
	size_t cap;       /* the value's room in bytes */
	int depth;        /* the element's depth; its end closes the sink */
	int cut;          /* the value was cut: later text is dropped too */
	int *truncated;   /* set when the value is cut */
};

/* Offsets of one item term's strings in the terms pool. */
struct term_off {
	size_t domain, nicename, name;
};

/* Offsets of one postmeta's strings in the meta pool. */
struct meta_off {
	size_t key, value;
};

/* The whole reading state. */
struct rd {
	xmlTextReaderPtr r;             /* libxml2's reader */
	const struct gz_wxr_handler *h; /* the callbacks */
	uint64_t total;                 /* the file's size, 0 when unknown */
	char *err;                      /* the reason of a failure */
	size_t errsz;                   /* its room */
	int xml_line;                   /* line of libxml2's first error, 0 if none */
	char xml_msg[200];              /* its message */

	int saw_rss;                     /* the root element was <rss> */
	int saw_channel;                 /* its first <channel> began */
	int in_channel;                  /* ... and has not ended */
	int site_sent;                   /* the site callback ran */
	enum record rec;                 /* the depth-2 record being read */
	enum sub sub;                    /* the depth-3 part of an item being read */
	int item_sent;                   /* the item callback ran (at its first comment) */
	int meta_has_key;                /* the postmeta being read had a key */
	int meta_has_value;              /* ... and a value */
	enum gz_wxr_term_kind term_kind; /* kind of the term record */
	struct sink sink;                /* where text goes now */

	struct gz_buf site[NSITE];       /* channel fields */
	struct gz_buf author[NAUTHOR];   /* author fields */
	struct gz_buf term[NTERM];       /* term fields */
	struct gz_buf item[NITEM];       /* item fields */
	struct gz_buf comment[NCOMMENT]; /* comment fields */
	int item_truncated;              /* the item lost text or entries */
	int comment_truncated;           /* the comment lost text */
	int other_truncated;             /* an author, term or site field was cut (not reported) */

	struct gz_buf terms_pool;                            /* item terms' strings */
	struct term_off terms[GZ_WXR_TERMS_MAX];             /* their offsets */
	size_t nterms;                                       /* how many */
	struct gz_buf meta_pool;                             /* postmeta strings */
	struct meta_off meta[GZ_WXR_META_MAX];               /* their offsets */
	size_t nmeta;                                        /* how many */
	struct gz_wxr_item_term out_terms[GZ_WXR_TERMS_MAX]; /* handed to the callback */
	struct gz_wxr_meta out_meta[GZ_WXR_META_MAX];        /* handed to the callback */
};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/* Once per process, before the first reader. */
static void
init_libxml(void)
{
	xmlInitParser();
}

/*
 * libxml2's errors: the first fatal one (the one that stops the reader) is
 * kept for the reason; nothing is printed.  Recoverable errors, such as an
 * undeclared namespace prefix, are ignored: the element still has its
 * prefix, which ns_of falls back to.
 */
static void
on_xml_error(void *ctx, xmlErrorPtr e)
{
	struct rd *rd = ctx;
	size_t n;

	if (rd == NULL || e == NULL || e->level < XML_ERR_FATAL || rd->xml_line != 0) {
		return;
	}
	rd->xml_line = e->line > 0 ? e->line : 1;
	snprintf(rd->xml_msg, sizeof(rd->xml_msg), "%s", e->message ? e->message : "XML error");
	n = strlen(rd->xml_msg);
	while (n > 0 && (rd->xml_msg[n - 1] == '\n' || rd->xml_msg[n - 1] == ' ')) {
		rd->xml_msg[--n] = '\0';
	}
}

/* For libxml2's generic (printf-style) channel while a read runs: silence. */
static void
on_generic_error(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

/* The vocabulary of a namespace URI (NULL: none), else of its prefix. */
static enum ns
ns_of(const char *uri, const char *prefix)
{
	const char *p;
	size_t n;

	if (uri != NULL && uri[0] != '\0') {
		if ((p = strstr(uri, "wordpress.org/export/")) != NULL) {
			n = strlen(uri);
			return n >= 9 && strcmp(uri + n - 9, "/excerpt/") == 0 ? NS_EXCERPT : NS_WP;
		}
		if (strcmp(uri, "http://purl.org/rss/1.0/modules/content/") == 0) {
			return NS_CONTENT;
		}
		if (strcmp(uri, "http://purl.org/dc/elements/1.1/") == 0) {
			return NS_DC;
		}
		return NS_OTHER;
	}
	if (prefix == NULL || prefix[0] == '\0') {
		return NS_NONE;
	}
	if (strcmp(prefix, "wp") == 0) {
		return NS_WP;
	}
	if (strcmp(prefix, "excerpt") == 0) {
		return NS_EXCERPT;
	}
	if (strcmp(prefix, "content") == 0) {
		return NS_CONTENT;
	}
	if (strcmp(prefix, "dc") == 0) {
		return NS_DC;
	}
	return NS_OTHER;
}

/* The spec of (ns, local) in specs, or NULL. */
static const struct spec *
find_spec(const struct spec *specs, size_t n, enum ns ns, const char *local)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (specs[i].ns == ns && strcmp(specs[i].local, local) == 0) {
			return &specs[i];
		}
	}
	return NULL;
}

/* Empty every buffer of a record. */
static void
reset_bufs(struct gz_buf *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		gz_buf_reset(&b[i]);
	}
}

/* Release every buffer of a record. */
static void
free_bufs(struct gz_buf *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		gz_buf_free(&b[i]);
	}
}

/* Send the element's text at depth to b from offset start, keeping cap bytes. */
static void
sink_open(struct rd *rd, struct gz_buf *b, size_t cap, int depth, int *truncated)
{
	rd->sink.b = b;
	rd->sink.start = b->len;
	rd->sink.cap = cap;
	rd->sink.depth = depth;
	rd->sink.cut = 0;
	rd->sink.truncated = truncated;
	/* An empty value is still a NUL-terminated string. */
	gz_buf_reserve(b, 0);
}

/*
 * Append n bytes of text to the open sink, up to its cap, cut on a
 * character boundary.  Returns GZ_ENOMEM when the buffer could not grow.
 */
static enum gz_err
sink_text(struct rd *rd, const char *s, size_t n)
{
	struct sink *k = &rd->sink;
	size_t used, room, keep;

	if (k->b == NULL || k->cut) {
		return GZ_OK;
	}
	used = k->b->len - k->start;
	room = used < k->cap ? k->cap - used : 0;
	keep = gz_utf8_truncate(s, n, room);
	if (keep < n) {
		k->cut = 1;
		*k->truncated = 1;
	}
	gz_buf_append(k->b, s, keep);
	return gz_buf_err(k->b) == GZ_OK ? GZ_OK : GZ_ENOMEM;
}

/* Append a NUL-terminated attribute value to a pool as one string. */
static enum gz_err
pool_put(struct gz_buf *pool, size_t pool_max, const char *s, size_t cap, size_t *off,
         int *truncated)
{
	size_t n = s != NULL ? strlen(s) : 0, room, keep;

	room = pool->len < pool_max ? pool_max - pool->len : 0;
	if (room > cap) {
		room = cap;
	}
	keep = gz_utf8_truncate(s != NULL ? s : "", n, room);
	if (keep < n) {
		*truncated = 1;
	}
	*off = pool->len;
	gz_buf_append(pool, s != NULL ? s : "", keep);
	gz_buf_putc(pool, '\0');
	return gz_buf_err(pool) == GZ_OK ? GZ_OK : GZ_ENOMEM;
}

/* The room a pool value may still take, at most cap. */
static size_t
pool_room(const struct gz_buf *pool, size_t pool_max, size_t cap)
{
	size_t room = pool->len < pool_max ? pool_max - pool->len : 0;

	return room < cap ? room : cap;
}

/* The line of the node the reader is on (the parser itself reads ahead). */
static int
line_now(const struct rd *rd)
{
	xmlNodePtr node = xmlTextReaderCurrentNode(rd->r);
	long line = node != NULL ? xmlGetLineNo(node) : -1;

	return line > 0 && line < INT_MAX ? (int)line : xmlTextReaderGetParserLineNumber(rd->r);
}

/* A field's value: its buffer as a string, "" when nothing came. */
static const char *
str(const struct gz_buf *b)
{
	return gz_buf_str(b);
}

/*
 * The channel is known (a record begins, or it ends): check it is a WXR 1.x
 * export (GZ_EINVAL with the line otherwise) and call the site callback.
 */
static enum gz_err
send_site(struct rd *rd)
{
	struct gz_wxr_site s;
	const char *v = str(&rd->site[SITE_VERSION]);

	rd->site_sent = 1;
	if (v[0] == '\0') {
		gz_errf(rd->err, rd->errsz,
		        "line %d: not a WordPress export: the channel has no wp:wxr_version",
		        line_now(rd));
		return GZ_EINVAL;
	}
	if (strncmp(v, "1.", 2) != 0) {
		gz_errf(rd->err, rd->errsz, "line %d: unsupported WXR version \"%.20s\"",
		        line_now(rd), v);
		return GZ_EINVAL;
	}
	s.title = str(&rd->site[SITE_TITLE]);
	s.link = str(&rd->site[SITE_LINK]);
	s.language = str(&rd->site[SITE_LANGUAGE]);
	s.wxr_version = v;
	s.base_site_url = str(&rd->site[SITE_BASE_SITE]);
	s.base_blog_url = str(&rd->site[SITE_BASE_BLOG]);
	return rd->h->site != NULL ? rd->h->site(rd->h->ctx, &s) : GZ_OK;
}

/* </wp:author>: the author callback. */
static enum gz_err
send_author(struct rd *rd)
{
	struct gz_wxr_author a;

	a.id = str(&rd->author[AU_ID]);
	a.login = str(&rd->author[AU_LOGIN]);
	a.email = str(&rd->author[AU_EMAIL]);
	a.display_name = str(&rd->author[AU_DISPLAY]);
	a.first_name = str(&rd->author[AU_FIRST]);
	a.last_name = str(&rd->author[AU_LAST]);
	return rd->h->author != NULL ? rd->h->author(rd->h->ctx, &a) : GZ_OK;
}

/* </wp:category>, </wp:tag>, </wp:term>: the term callback, with the
 * taxonomy the element's name implies for categories and tags. */
static enum gz_err
send_term(struct rd *rd)
{
	struct gz_wxr_term t;

	t.kind = rd->term_kind;
	t.id = str(&rd->term[TE_ID]);
	t.slug = str(&rd->term[TE_SLUG]);
	t.parent_slug = str(&rd->term[TE_PARENT]);
	t.name = str(&rd->term[TE_NAME]);
	t.description = str(&rd->term[TE_DESCRIPTION]);
	t.taxonomy = str(&rd->term[TE_TAXONOMY]);
	if (t.kind == GZ_WXR_CATEGORY) {
		t.taxonomy = "category";
	} else if (t.kind == GZ_WXR_TAG) {
		t.taxonomy = "post_tag";
	}
	return rd->h->term != NULL ? rd->h->term(rd->h->ctx, &t) : GZ_OK;
}

/* The item as the callbacks see it; its strings live until </item>. */
static void
fill_item(struct rd *rd, struct gz_wxr_item *it)
{
	const char *tp = gz_buf_str(&rd->terms_pool), *mp = gz_buf_str(&rd->meta_pool);
	const char *sticky = str(&rd->item[IT_STICKY]);
	size_t i;

	memset(it, 0, sizeof(*it));
	it->title = str(&rd->item[IT_TITLE]);
	it->link = str(&rd->item[IT_LINK]);
	it->pub_date = str(&rd->item[IT_PUBDATE]);
	it->creator = str(&rd->item[IT_CREATOR]);
	it->guid = str(&rd->item[IT_GUID]);
	it->content = str(&rd->item[IT_CONTENT]);
	it->excerpt = str(&rd->item[IT_EXCERPT]);
	it->post_id = str(&rd->item[IT_POST_ID]);
	it->post_date = str(&rd->item[IT_POST_DATE]);
	it->post_date_gmt = str(&rd->item[IT_POST_DATE_GMT]);
	it->comment_status = str(&rd->item[IT_COMMENT_STATUS]);
	it->post_name = str(&rd->item[IT_POST_NAME]);
	it->status = str(&rd->item[IT_STATUS]);
	it->post_parent = str(&rd->item[IT_POST_PARENT]);
	it->menu_order = str(&rd->item[IT_MENU_ORDER]);
	it->post_type = str(&rd->item[IT_POST_TYPE]);
	it->post_password = str(&rd->item[IT_PASSWORD]);
	it->attachment_url = str(&rd->item[IT_ATTACHMENT_URL]);
	while (*sticky == ' ' || *sticky == '\t' || *sticky == '\n' || *sticky == '\r') {
		sticky++;
	}
	it->is_sticky = sticky[0] == '1';
	for (i = 0; i < rd->nterms; i++) {
		rd->out_terms[i].domain = tp + rd->terms[i].domain;
		rd->out_terms[i].nicename = tp + rd->terms[i].nicename;
		rd->out_terms[i].name = tp + rd->terms[i].name;
	}
	it->terms = rd->nterms > 0 ? rd->out_terms : NULL;
	it->nterms = rd->nterms;
	for (i = 0; i < rd->nmeta; i++) {
		rd->out_meta[i].key = mp + rd->meta[i].key;
		rd->out_meta[i].value = mp + rd->meta[i].value;
	}
	it->meta = rd->nmeta > 0 ? rd->out_meta : NULL;
	it->nmeta = rd->nmeta;
	it->truncated = rd->item_truncated;
}

/* The item callback, once per item (at its first comment or at </item>). */
static enum gz_err
send_item(struct rd *rd)
{
	struct gz_wxr_item it;

	rd->item_sent = 1;
	fill_item(rd, &it);
	return rd->h->item != NULL ? rd->h->item(rd->h->ctx, &it) : GZ_OK;
}

/* </wp:comment>: the comment callback with its item. */
static enum gz_err
send_comment(struct rd *rd)
{
	struct gz_wxr_item it;
	struct gz_wxr_comment c;

	fill_item(rd, &it);
	c.id = str(&rd->comment[CO_ID]);
	c.author = str(&rd->comment[CO_AUTHOR]);
	c.author_email = str(&rd->comment[CO_EMAIL]);
	c.author_url = str(&rd->comment[CO_URL]);
	c.author_ip = str(&rd->comment[CO_IP]);
	c.date = str(&rd->comment[CO_DATE]);
	c.date_gmt = str(&rd->comment[CO_DATE_GMT]);
	c.content = str(&rd->comment[CO_CONTENT]);
	c.approved = str(&rd->comment[CO_APPROVED]);
	c.type = str(&rd->comment[CO_TYPE]);
	c.parent = str(&rd->comment[CO_PARENT]);
	c.user_id = str(&rd->comment[CO_USER_ID]);
	c.truncated = rd->comment_truncated;
	return rd->h->comment != NULL ? rd->h->comment(rd->h->ctx, &it, &c) : GZ_OK;
}

/* Start of a record at depth 2: empty its buffers. */
static void
begin_item(struct rd *rd)
{
	reset_bufs(rd->item, NITEM);
	gz_buf_reset(&rd->terms_pool);
	gz_buf_reset(&rd->meta_pool);
	rd->nterms = 0;
	rd->nmeta = 0;
	rd->item_truncated = 0;
	rd->item_sent = 0;
	rd->sub = SUB_NONE;
}

/* An <item>'s <category domain= nicename=>: its attributes, then its text. */
static enum gz_err
begin_item_term(struct rd *rd, int depth)
{
	struct term_off *t;
	xmlChar *domain, *nicename;
	enum gz_err rc;

	if (rd->nterms >= GZ_WXR_TERMS_MAX) {
		rd->item_truncated = 1;
		return GZ_OK;
	}
	t = &rd->terms[rd->nterms];
	domain = xmlTextReaderGetAttribute(rd->r, BAD_CAST "domain");
	nicename = xmlTextReaderGetAttribute(rd->r, BAD_CAST "nicename");
	/* WXR 1.0 wrote tags as domain="tag"; a <category> without a domain
	 * is a category (RSS 2.0's meaning). */
	rc = pool_put(&rd->terms_pool, TERMS_POOL_MAX,
	              domain == NULL                             ? "category"
	              : strcmp((const char *)domain, "tag") == 0 ? "post_tag"
	                                                         : (const char *)domain,
	              GZ_WXR_FIELD_MAX, &t->domain, &rd->item_truncated);
	if (rc == GZ_OK) {
		rc = pool_put(&rd->terms_pool, TERMS_POOL_MAX, (const char *)nicename,
		              GZ_WXR_FIELD_MAX, &t->nicename, &rd->item_truncated);
	}
	xmlFree(domain);
	xmlFree(nicename);
	if (rc != GZ_OK) {
		return rc;
	}
	t->name = rd->terms_pool.len;
	sink_open(rd, &rd->terms_pool,
	          pool_room(&rd->terms_pool, TERMS_POOL_MAX - 1, GZ_WXR_FIELD_MAX), depth,
	          &rd->item_truncated);
	rd->nterms++;
	return GZ_OK;
}

/* End of an item term's text: terminate its name in the pool. */
static enum gz_err
end_pool_value(struct rd *rd)
{
	gz_buf_putc(rd->sink.b, '\0');
	return gz_buf_err(rd->sink.b) == GZ_OK ? GZ_OK : GZ_ENOMEM;
}

/* A field of the record: open a sink for it when it is known. */
static void
open_field(struct rd *rd, const struct spec *specs, size_t nspecs, struct gz_buf *bufs, enum ns ns,
           const char *local, int depth, int *truncated)
{
	const struct spec *sp = find_spec(specs, nspecs, ns, local);

	if (sp == NULL) {
		return;
	}
	/* A field given twice keeps its last value. */
	gz_buf_reset(&bufs[sp->slot]);
	sink_open(rd, &bufs[sp->slot], sp->cap, depth, truncated);
}

/* Element start at depth 3 inside an item. */
static enum gz_err
item_child(struct rd *rd, enum ns ns, const char *local, int depth, int empty)
{
	enum gz_err rc;

	if (ns == NS_WP && strcmp(local, "comment") == 0) {
		if (!rd->item_sent && (rc = send_item(rd)) != GZ_OK) {
			return rc;
		}
		reset_bufs(rd->comment, NCOMMENT);
		rd->comment_truncated = 0;
		rd->sub = empty ? SUB_NONE : SUB_COMMENT;
		return empty ? send_comment(rd) : GZ_OK;
	}
	if (rd->item_sent) {
		/* After the first comment, nothing else of the item counts. */
		rd->sub = empty ? SUB_NONE : SUB_IGNORED;
		return GZ_OK;
	}
	if (ns == NS_NONE && strcmp(local, "category") == 0) {
		return begin_item_term(rd, depth);
	}
	if (ns == NS_WP && strcmp(local, "postmeta") == 0) {
		if (empty) {
			return GZ_OK;
		}
		rd->sub = SUB_POSTMETA;
		rd->meta_has_key = rd->meta_has_value = 0;
		if (rd->nmeta >= GZ_WXR_META_MAX) {
			rd->item_truncated = 1;
			rd->sub = SUB_IGNORED;
		}
		return GZ_OK;
	}
	open_field(rd, item_specs, sizeof(item_specs) / sizeof(item_specs[0]), rd->item, ns, local,
	           depth, &rd->item_truncated);
	if (rd->sink.b == NULL && !empty) {
		rd->sub = SUB_IGNORED;
	}
	return GZ_OK;
}

/* Element start at depth 4 inside an item's postmeta: its key or value. */
static void
meta_child(struct rd *rd, enum ns ns, const char *local, int depth)
{
	struct meta_off *m = &rd->meta[rd->nmeta];
	int is_key;

	if (ns != NS_WP) {
		return;
	}
	if (strcmp(local, "meta_key") == 0 && !rd->meta_has_key) {
		is_key = 1;
	} else if (strcmp(local, "meta_value") == 0 && !rd->meta_has_value) {
		is_key = 0;
	} else {
		return;
	}
	if (is_key) {
		m->key = rd->meta_pool.len;
		rd->meta_has_key = 1;
	} else {
		m->value = rd->meta_pool.len;
		rd->meta_has_value = 1;
	}
	sink_open(rd, &rd->meta_pool,
	          pool_room(&rd->meta_pool, META_POOL_MAX - 1,
	                    is_key ? GZ_WXR_FIELD_MAX : GZ_WXR_CONTENT_MAX),
	          depth, &rd->item_truncated);
}

/* End of a postmeta: keep it when it had a key ("" value when none). */
static enum gz_err
end_meta(struct rd *rd)
{
	struct meta_off *m = &rd->meta[rd->nmeta];

	if (!rd->meta_has_key) {
		return GZ_OK;
	}
	if (!rd->meta_has_value) {
		m->value = rd->meta_pool.len;
		gz_buf_putc(&rd->meta_pool, '\0');
		if (gz_buf_err(&rd->meta_pool) != GZ_OK) {
			return GZ_ENOMEM;
		}
	}
	rd->nmeta++;
	return GZ_OK;
}

/* An element begins (or, when empty, begins and ends). */
static enum gz_err
on_start(struct rd *rd, int depth, int empty)
{
	const char *local = (const char *)xmlTextReaderConstLocalName(rd->r);
	const char *uri = (const char *)xmlTextReaderConstNamespaceUri(rd->r);
	const char *prefix = (const char *)xmlTextReaderConstPrefix(rd->r), *colon;
	char pfx[16];
	enum gz_err rc = GZ_OK;
	enum ns ns;

	if (local == NULL) {
		return GZ_ENOMEM;
	}
	/* An undeclared prefix stays in the local name ("wp:post_id"). */
	if (uri == NULL && prefix == NULL && (colon = strchr(local, ':')) != NULL) {
		snprintf(pfx, sizeof(pfx), "%.*s", (int)(colon - local), local);
		prefix = pfx;
		local = colon + 1;
	}
	ns = ns_of(uri, prefix);
	if (depth == 0) {
		if (ns != NS_NONE || strcmp(local, "rss") != 0) {
			gz_errf(rd->err, rd->errsz,
			        "line %d: not a WordPress export: the document is <%s>, not <rss>",
			        line_now(rd), (const char *)xmlTextReaderConstName(rd->r));
			return GZ_EINVAL;
		}
		rd->saw_rss = 1;
		return GZ_OK;
	}
	if (depth == 1) {
		if (ns == NS_NONE && strcmp(local, "channel") == 0 && !rd->saw_channel) {
			rd->saw_channel = 1;
			rd->in_channel = 1;
			if (empty) {
				rd->in_channel = 0;
				return send_site(rd);
			}
		}
		return GZ_OK;
	}
	if (!rd->in_channel) {
		return GZ_OK;
	}
	if (depth == 2) {
		if (ns == NS_WP && strcmp(local, "author") == 0) {
			rd->rec = REC_AUTHOR;
			reset_bufs(rd->author, NAUTHOR);
		} else if (ns == NS_WP &&
		           (strcmp(local, "category") == 0 || strcmp(local, "tag") == 0 ||
		            strcmp(local, "term") == 0)) {
			rd->rec = REC_TERM;
			rd->term_kind = local[0] == 'c'   ? GZ_WXR_CATEGORY
			                : local[1] == 'a' ? GZ_WXR_TAG
			                                  : GZ_WXR_TERM;
			reset_bufs(rd->term, NTERM);
		} else if (ns == NS_NONE && strcmp(local, "item") == 0) {
			rd->rec = REC_ITEM;
			begin_item(rd);
		} else {
			rd->rec = REC_NONE;
			if (!rd->site_sent) {
				open_field(rd, site_specs,
				           sizeof(site_specs) / sizeof(site_specs[0]), rd->site, ns,
				           local, depth, &rd->other_truncated);
			}
			return GZ_OK;
		}
		/* Records come after the channel's own fields. */
		return rd->site_sent ? GZ_OK : send_site(rd);
	}
	if (depth == 3) {
		switch (rd->rec) {
		case REC_AUTHOR:
			open_field(rd, author_specs, sizeof(author_specs) / sizeof(author_specs[0]),
			           rd->author, ns, local, depth, &rd->other_truncated);
			break;
		case REC_TERM:
			open_field(rd, term_specs, sizeof(term_specs) / sizeof(term_specs[0]),
			           rd->term, ns, local, depth, &rd->other_truncated);
			break;
		case REC_ITEM:
			rc = item_child(rd, ns, local, depth, empty);
			break;
		default:
			break;
		}
		return rc;
	}
	if (depth == 4 && rd->rec == REC_ITEM) {
		if (rd->sub == SUB_POSTMETA) {
			meta_child(rd, ns, local, depth);
		} else if (rd->sub == SUB_COMMENT) {
			open_field(rd, comment_specs,
			           sizeof(comment_specs) / sizeof(comment_specs[0]), rd->comment,
			           ns, local, depth, &rd->comment_truncated);
		}
	}
	return GZ_OK;
}

/* An element ends (also called right after on_start for an empty one). */
static enum gz_err
on_end(struct rd *rd, int depth)
{
	enum gz_err rc = GZ_OK;
	enum record rec;

	if (rd->sink.b != NULL && rd->sink.depth == depth) {
		if (rd->sink.b == &rd->terms_pool || rd->sink.b == &rd->meta_pool) {
			rc = end_pool_value(rd);
		}
		rd->sink.b = NULL;
		if (rc != GZ_OK) {
			return rc;
		}
	}
	if (depth == 0) {
		return GZ_OK;
	}
	if (depth == 1) {
		if (rd->in_channel) {
			rd->in_channel = 0;
			if (!rd->site_sent) {
				return send_site(rd);
			}
		}
		return GZ_OK;
	}
	if (!rd->in_channel) {
		return GZ_OK;
	}
	if (depth == 2) {
		rec = rd->rec;
		rd->rec = REC_NONE;
		switch (rec) {
		case REC_AUTHOR:
			return send_author(rd);
		case REC_TERM:
			return send_term(rd);
		case REC_ITEM:
			if (!rd->item_sent && (rc = send_item(rd)) != GZ_OK) {
				return rc;
			}
			if (rd->h->progress != NULL) {
				long done = xmlTextReaderByteConsumed(rd->r);

				rd->h->progress(rd->h->ctx, done > 0 ? (uint64_t)done : 0,
				                rd->total);
			}
			return GZ_OK;
		default:
			return GZ_OK;
		}
	}
	if (depth == 3 && rd->rec == REC_ITEM) {
		enum sub sub = rd->sub;

		rd->sub = SUB_NONE;
		if (sub == SUB_COMMENT) {
			return send_comment(rd);
		}
		if (sub == SUB_POSTMETA) {
			return end_meta(rd);
		}
	}
	return GZ_OK;
}

/* The reason for a failed read, from libxml2's first error. */
static void
xml_failed(struct rd *rd)
{
	if (rd->xml_line != 0) {
		gz_errf(rd->err, rd->errsz, "line %d: not well-formed XML: %s", rd->xml_line,
		        rd->xml_msg);
	} else {
		gz_errf(rd->err, rd->errsz, "line %d: the XML could not be read",
		        xmlTextReaderGetParserLineNumber(rd->r));
	}
}

/* Walk the document; the reader is set up. */
static enum gz_err
walk(struct rd *rd)
{
	enum gz_err rc;
	const char *v;
	int ret, type, depth, empty;

	while ((ret = xmlTextReaderRead(rd->r)) == 1) {
		type = xmlTextReaderNodeType(rd->r);
		depth = xmlTextReaderDepth(rd->r);
		switch (type) {
		case XML_READER_TYPE_ELEMENT:
			empty = xmlTextReaderIsEmptyElement(rd->r);
			if ((rc = on_start(rd, depth, empty)) != GZ_OK) {
				return rc;
			}
			if (empty && (rc = on_end(rd, depth)) != GZ_OK) {
				return rc;
			}
			break;
		case XML_READER_TYPE_END_ELEMENT:
			if ((rc = on_end(rd, depth)) != GZ_OK) {
				return rc;
			}
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			if (rd->sink.b != NULL &&
			    (v = (const char *)xmlTextReaderConstValue(rd->r)) &&
			    (rc = sink_text(rd, v, strlen(v))) != GZ_OK) {
				return rc;
			}
			break;
		default:
			/* Entity references stay unexpanded; comments, PIs and the
			 * DTD carry nothing of the export. */
			break;
		}
	}
	if (ret < 0) {
		xml_failed(rd);
		return GZ_EINVAL;
	}
	if (!rd->saw_rss) {
		gz_errf(rd->err, rd->errsz, "not a WordPress export: the document is empty");
		return GZ_EINVAL;
	}
	if (!rd->saw_channel) {
		gz_errf(rd->err, rd->errsz, "not a WordPress export: <rss> has no <channel>");
		return GZ_EINVAL;
	}
	return GZ_OK;
}

/*
 * Read with the reader made by make (file or memory): the state is on the
 * heap (the record buffers' headers and the term and meta tables are some
 * tens of kilobytes), libxml2's error channels are silenced for the call.
 */
static enum gz_err
run(xmlTextReaderPtr r, uint64_t total, const struct gz_wxr_handler *h, char *err, size_t errsz,
    struct rd *rd)
{
	xmlGenericErrorFunc old_generic = xmlGenericError;
	void *old_generic_ctx = xmlGenericErrorContext;
	xmlStructuredErrorFunc old_structured = xmlStructuredError;
	void *old_structured_ctx = xmlStructuredErrorContext;
	enum gz_err rc;
	size_t i;

	rd->r = r;
	rd->h = h;
	rd->total = total;
	rd->err = err;
	rd->errsz = errsz;
	for (i = 0; i < NSITE; i++) {
		gz_buf_init(&rd->site[i], NULL, 0);
	}
	for (i = 0; i < NAUTHOR; i++) {
		gz_buf_init(&rd->author[i], NULL, 0);
	}
	for (i = 0; i < NTERM; i++) {
		gz_buf_init(&rd->term[i], NULL, 0);
	}
	for (i = 0; i < NITEM; i++) {
		gz_buf_init(&rd->item[i], NULL, 0);
	}
	for (i = 0; i < NCOMMENT; i++) {
		gz_buf_init(&rd->comment[i], NULL, 0);
	}
	gz_buf_init(&rd->terms_pool, NULL, 0);
	gz_buf_init(&rd->meta_pool, NULL, 0);
	xmlSetGenericErrorFunc(NULL, on_generic_error);
	xmlSetStructuredErrorFunc(rd, on_xml_error);
	xmlTextReaderSetStructuredErrorHandler(r, on_xml_error, rd);
	rc = walk(rd);
	xmlFreeTextReader(r);
	xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
	xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
	free_bufs(rd->site, NSITE);
	free_bufs(rd->author, NAUTHOR);
	free_bufs(rd->term, NTERM);
	free_bufs(rd->item, NITEM);
	free_bufs(rd->comment, NCOMMENT);
	gz_buf_free(&rd->terms_pool);
	gz_buf_free(&rd->meta_pool);
	return rc;
}

/*
 * No network, no DTD, no entity substitution, no XInclude.  CDATA comes as
 * plain text (XML_PARSE_NOCDATA): libxml2 then grows one text node by
 * doubling instead of concatenating each 300-byte CDATA block with a
 * strlen of all before it.  One cost remains libxml2's: its push parser,
 * which the reader drives 512 bytes at a time, rescans the unconsumed part
 * of a CDATA section for "]]>" at each push, so one section costs time
 * quadratic in its length (measured with 2.9.14: 1 MiB 0.2 s, 4 MiB 4.4 s;
 * the same body as escaped text 0.03 s and 0.12 s).  Bodies are capped,
 * so the time per item is bounded.
 */
#define READ_OPTS (XML_PARSE_NONET | XML_PARSE_NOXINCNODE | XML_PARSE_NOCDATA)

enum gz_err
gz_wxr_read_file(const char *path, const struct gz_wxr_handler *h, char *err, size_t errsz)
{
	xmlGenericErrorFunc old_generic = xmlGenericError;
	void *old_generic_ctx = xmlGenericErrorContext;
	xmlTextReaderPtr r;
	struct stat sb;
	uint64_t total = 0;
	struct rd *rd;
	enum gz_err rc;
	int fd = -1;

	pthread_once(&init_once, init_libxml);
	if (strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
	} else if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) || access(path, R_OK) != 0) {
		gz_errf(err, errsz, "cannot read %s: not a readable file", path);
		return GZ_EIO;
	} else {
		total = (uint64_t)sb.st_size;
	}
	if ((rd = calloc(1, sizeof(*rd))) == NULL) {
		gz_errf(err, errsz, "out of memory");
		return GZ_ENOMEM;
	}
	/* Opening reads the first bytes: keep libxml2 quiet from here. */
	xmlSetGenericErrorFunc(NULL, on_generic_error);
	r = fd >= 0 ? xmlReaderForFd(fd, NULL, NULL, READ_OPTS)
	            : xmlReaderForFile(path, NULL, READ_OPTS);
	xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
	if (r == NULL) {
		free(rd);
		gz_errf(err, errsz, "cannot read %s", path);
		return GZ_EIO;
	}
	rc = run(r, total, h, err, errsz, rd);
	free(rd);
	return rc;
}

enum gz_err
gz_wxr_read_memory(const char *data, size_t len, const struct gz_wxr_handler *h, char *err,
                   size_t errsz)
{
	xmlGenericErrorFunc old_generic = xmlGenericError;
	void *old_generic_ctx = xmlGenericErrorContext;
	xmlTextReaderPtr r;
	struct rd *rd;
	enum gz_err rc;

	pthread_once(&init_once, init_libxml);
	if (len > (size_t)INT_MAX) {
		gz_errf(err, errsz, "the export is too large to read from memory");
		return GZ_ETOOBIG;
	}
	if ((rd = calloc(1, sizeof(*rd))) == NULL) {
		gz_errf(err, errsz, "out of memory");
		return GZ_ENOMEM;
	}
	xmlSetGenericErrorFunc(NULL, on_generic_error);
	r = xmlReaderForMemory(data, (int)len, NULL, NULL, READ_OPTS);
	xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
	if (r == NULL) {
		free(rd);
		gz_errf(err, errsz, "the export could not be read");
		return GZ_EINVAL;
	}
	rc = run(r, 0, h, err, errsz, rd);
	free(rd);
	return rc;
}
