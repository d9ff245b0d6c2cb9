/*
 * Machine-readable views of the site: RSS 2.0 (/feed), Atom (/feed/atom),
 * per-category, per-tag and per-author feeds, the comment feed, the
 * sitemap index with its parts, the Google News sitemap and robots.txt.
 * Every document comes from a template (.xml templates escape text like
 * HTML, which is valid XML escaping), so the same escaping rules cover
 * feeds and pages.
 */
#include <stdio.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/article.h"
#include "gazette/buf.h"
#include "gazette/category.h"
#include "gazette/comment.h"
#include "gazette/comment_feed.h"
#include "gazette/lang.h"
#include "gazette/settings.h"
#include "gazette/sitemap.h"
#include "gazette/str.h"
#include "gazette/tag.h"
#include "gazette/url.h"
#include "gazette/user.h"
#include "../internal.h"

#define FEED_ITEMS 20
#define RSS_TYPE "application/rss+xml; charset=utf-8"
#define SITEMAP_CHUNK 5000 /* articles per sitemap part, by id range */

/* Items of a feed: summaries plus, when the site wants it, full HTML. */
static struct gz_val *
feed_items(struct gz_ctx *c, const struct gz_article_summary *items, size_t n)
{
	struct gz_val *l = gz_val_list_new(c->arena);
	int full = gz_setting_int(c->db, "feed_full_content", 0) != 0;
	size_t i;

	for (i = 0; l != NULL && i < n; i++) {
		struct gz_val *v = gz_app_summary_val(c->arena, &items[i]);
		struct gz_article a;

		if (v == NULL) {
			return NULL;
		}
		gz_val_map_set(v, "html", gz_val_null());
		/* One dc:creator / atom:author per byline. */
		gz_val_map_set(v, "bylines",
		               gz_app_bylines_val(c, items[i].id, items[i].author_login,
		                                  items[i].author_name));
		if (full &&
		    gz_article_by_slug(c->db, c->arena, items[i].slug, c->now, &a) == GZ_OK) {
			gz_val_map_set(v, "html", gz_app_markdown_val(c->arena, a.body, 0, NULL));
		}
		gz_val_list_push(l, v);
	}
	return l;
}

/*
 * An article feed: the newest FEED_ITEMS visible articles of the listing
 * (kind, key), under the channel title title ("" for the whole site) and
 * the page link (a path, already percent-encoded).
 */
static void
feed(struct gz_ctx *c, const char *tmpl, const char *type, enum gz_list_kind kind, int64_t key,
     const char *title, const char *link)
{
	struct gz_list_query q = {kind, key, 0, 0, 0, 0, FEED_ITEMS};
	struct gz_article_summary *items;
	struct gz_val *data, *f;
	int64_t gen, changed, mark;
	size_t n;

	gz_app_key(c, "feed");
	if (gz_app_cache(c)) {
		return;
	}
	if (gz_article_list(c->db, c->arena, c->now, &q, &items, &n) != GZ_OK ||
	    gz_app_state(c, &gen, &changed, &mark) != GZ_OK ||
	    (data = gz_app_page(c, NULL)) == NULL || (f = gz_val_map_new(c->arena)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	gz_app_set_str(f, "title", title);
	gz_app_set_str(f, "path", c->req->path);
	gz_app_set_str(f, "link", link);
	gz_app_set_int(f, "updated",
	               n > 0 ? items[0].updated_at > mark ? items[0].updated_at : mark : c->now);
	gz_val_map_set(f, "items", feed_items(c, items, n));
	gz_val_map_set(data, "feed", f);
	gz_response_set_header(c->resp, "Content-Type", type);
	gz_app_render(c, tmpl, data);
}

/* prefix and slug percent-encoded ("/tag/caf%C3%A9"), in the arena; NULL when out of memory. */
static const char *
subject_path(struct gz_ctx *c, const char *prefix, const char *slug)
{
	struct gz_buf b;

	gz_buf_init(&b, c->arena, 4096);
	gz_buf_puts(&b, prefix);
	gz_url_encode(&b, slug, strlen(slug));
	return gz_buf_err(&b) == GZ_OK ? gz_buf_str(&b) : NULL;
}

void
gz_handle_feed_rss(struct gz_ctx *c)
{
	feed(c, "feed/rss.xml", RSS_TYPE, GZ_LIST_ALL, 0, "", "/");
}

void
gz_handle_feed_atom(struct gz_ctx *c)
{
	feed(c, "feed/atom.xml", "application/atom+xml; charset=utf-8", GZ_LIST_ALL, 0, "", "/");
}

void
gz_handle_feed_category(struct gz_ctx *c)
{
	struct gz_category cat;
	const char *link;

	if (gz_category_by_slug(c->db, c->arena, gz_request_param(c->req, "slug"), &cat) != GZ_OK) {
		gz_app_error(c, 404);
		return;
	}
	if ((link = subject_path(c, "/category/", cat.slug)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	feed(c, "feed/rss.xml", RSS_TYPE, GZ_LIST_CATEGORY, cat.id, cat.name, link);
}

/* /tag/{slug}/feed: the tag's newest articles (404 for an unknown tag). */
void
gz_handle_feed_tag(struct gz_ctx *c)
{
	struct gz_tag t;
	const char *link;

	if (gz_tag_by_slug(c->db, c->arena, gz_request_param(c->req, "slug"), &t) != GZ_OK) {
		gz_app_error(c, 404);
		return;
	}
	if ((link = subject_path(c, "/tag/", t.slug)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	feed(c, "feed/rss.xml", RSS_TYPE, GZ_LIST_TAG, t.id, t.name, link);
}

/* /author/{login}/feed: the author's newest articles (404 for an unknown login). */
void
gz_handle_feed_author(struct gz_ctx *c)
{
	struct gz_user u;
	const char *link;

	if (gz_user_by_login(c->db, c->arena, gz_request_param(c->req, "login"), &u) != GZ_OK) {
		gz_app_error(c, 404);
		return;
	}
	if ((link = subject_path(c, "/author/", u.login)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	feed(c, "feed/rss.xml", RSS_TYPE, GZ_LIST_AUTHOR, u.id, u.display_name, link);
}

/*
 * /feed/comments: the newest FEED_ITEMS approved comments on visible
 * articles (gz_comment_feed), each item linking to its article's comment
 * anchor (#comment-N, as partials/comment.html names it).  Cached like the
 * other feeds: approving, unapproving or deleting an approved comment
 * bumps the content generation, and a held or spam comment never shows,
 * so the validator covers everything the feed holds.
 */
void
gz_handle_feed_comments(struct gz_ctx *c)
{
	struct gz_comment *rows;
	struct gz_val *data, *f, *items;
	int64_t gen, changed, mark;
	size_t n, i;

	gz_app_key(c, "comments");
	if (gz_app_cache(c)) {
		return;
	}
	if (gz_comment_feed(c->db, c->arena, c->now, FEED_ITEMS, &rows, &n) != GZ_OK ||
	    gz_app_state(c, &gen, &changed, &mark) != GZ_OK ||
	    (data = gz_app_page(c, NULL)) == NULL || (f = gz_val_map_new(c->arena)) == NULL ||
	    (items = gz_val_list_new(c->arena)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	for (i = 0; i < n; i++) {
		struct gz_val *v = gz_val_map_new(c->arena);

		if (v == NULL) {
			gz_app_error(c, 500);
			return;
		}
		gz_app_set_int(v, "id", rows[i].id);
		gz_app_set_str(v, "author_name", rows[i].author_name);
		gz_app_set_str(v, "body", rows[i].body);
		gz_app_set_int(v, "created", rows[i].created_at);
		gz_app_set_str(v, "article_title", rows[i].article_title);
		gz_app_set_str(v, "article_path",
		               gz_app_article_path(c->arena, rows[i].article_slug));
		gz_val_list_push(items, v);
	}
	gz_app_set_str(f, "path", c->req->path);
	gz_app_set_int(f, "updated", n > 0 ? rows[0].created_at : changed > mark ? changed : mark);
	gz_val_map_set(f, "items", items);
	gz_val_map_set(data, "feed", f);
	gz_response_set_header(c->resp, "Content-Type", RSS_TYPE);
	gz_app_render(c, "feed/comments.xml", data);
}

void
gz_handle_sitemap_index(struct gz_ctx *c)
{
	struct gz_val *data, *parts;
	int64_t maxid, lastmod, chunk;

	/* Its lastmod is the newest change of any article. */
	gz_app_key(c, "sitemap");
	gz_app_key(c, "articles");
	if (gz_app_cache(c)) {
		return;
	}
	if (gz_sitemap_span(c->db, c->now, &maxid, &lastmod) != GZ_OK ||
	    (data = gz_app_page(c, NULL)) == NULL || (parts = gz_val_list_new(c->arena)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	/* One part per id range; its lastmod is the newest change overall,
	 * a safe upper bound that costs no scan. */
	for (chunk = 0; chunk <= maxid / SITEMAP_CHUNK; chunk++) {
		struct gz_val *p = gz_val_map_new(c->arena);

		gz_app_set_str(
		    p, "path",
		    gz_arena_printf(c->arena, "/sitemaps/articles-%lld.xml", (long long)chunk));
		gz_app_set_int(p, "lastmod", lastmod);
		gz_val_list_push(parts, p);
	}
	gz_val_map_set(data, "parts", parts);
	gz_app_set_int(data, "lastmod", lastmod);
	gz_response_set_header(c->resp, "Content-Type", "application/xml; charset=utf-8");
	gz_app_render(c, "feed/sitemap-index.xml", data);
}

/* Sitemap parts: pages.xml (sections, tags, authors) or articles-N.xml. */
void
gz_handle_sitemap_articles(struct gz_ctx *c)
{
	const char *name = gz_request_param(c->req, "name");
	struct gz_val *data, *urls;
	struct gz_sitemap_url *rows;
	size_t nrows, i, len = strlen(name);
	enum gz_err rc;
	char num[24];
	long chunk;

	/* Each URL's lastmod changes with its article. */
	gz_app_key(c, "sitemap");
	gz_app_key(c, "articles");
	if (gz_app_cache(c)) {
		return;
	}
	if ((data = gz_app_page(c, NULL)) == NULL || (urls = gz_val_list_new(c->arena)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	if (strcmp(name, "pages.xml") == 0) {
		rc = gz_sitemap_page_urls(c->db, c->arena, c->now, &rows, &nrows);
	} else {
		if (len < 14 || strncmp(name, "articles-", 9) != 0 ||
		    strcmp(name + len - 4, ".xml") != 0 || len - 13 >= sizeof(num)) {
			gz_app_error(c, 404);
			return;
		}
		memcpy(num, name + 9, len - 13);
		num[len - 13] = '\0';
		if (gz_str_to_long(num, 0, 100000000, &chunk) != GZ_OK) {
			gz_app_error(c, 404);
			return;
		}
		rc =
		    gz_sitemap_article_urls(c->db, c->arena, c->now, (int64_t)chunk * SITEMAP_CHUNK,
		                            (int64_t)(chunk + 1) * SITEMAP_CHUNK, &rows, &nrows);
	}
	if (rc != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	for (i = 0; i < nrows; i++) {
		struct gz_val *u = gz_val_map_new(c->arena);

		if (u == NULL) {
			break;
		}
		gz_app_set_str(u, "path", rows[i].path);
		gz_val_map_set(u, "lastmod", gz_val_null());
		if (rows[i].lastmod != 0) {
			gz_app_set_int(u, "lastmod", rows[i].lastmod);
		}
		gz_val_list_push(urls, u);
	}
	gz_val_map_set(data, "urls", urls);
	gz_response_set_header(c->resp, "Content-Type", "application/xml; charset=utf-8");
	gz_app_render(c, "feed/sitemap.xml", data);
}

void
gz_handle_sitemap_news(struct gz_ctx *c)
{
	struct gz_list_query q = {GZ_LIST_ALL, 0, 0, 0, 0, 0, GZ_ARTICLE_LIST_MAX};
	struct gz_article_summary *items;
	struct gz_val *data, *list;
	size_t n, i;

	gz_app_key(c, "sitemap");
	if (gz_app_cache(c)) {
		return;
	}
	if (gz_article_list(c->db, c->arena, c->now, &q, &items, &n) != GZ_OK ||
	    (data = gz_app_page(c, NULL)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	/* Google News wants the last two days only (and at most 1000). */
	for (i = 0; i < n && items[i].published_at > c->now - 48 * 3600; i++) {
	}
	n = i;
	if ((list = gz_val_list_new(c->arena)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	for (i = 0; i < n; i++) {
		const struct gz_lang *l = gz_lang_find(items[i].lang);
		struct gz_val *v = gz_app_summary_val(c->arena, &items[i]);

		if (v == NULL) {
			gz_app_error(c, 500);
			return;
		}
		/* Each article's language in the code Google News reads ("zh-cn"). */
		gz_app_set_str(v, "news_lang", l != NULL ? l->news : GZ_LANG_DEFAULT);
		gz_val_list_push(list, v);
	}
	gz_val_map_set(data, "articles", list);
	gz_response_set_header(c->resp, "Content-Type", "application/xml; charset=utf-8");
	gz_app_render(c, "feed/news-sitemap.xml", data);
}

void
gz_handle_robots_show(struct gz_ctx *c)
{
	struct gz_val *data;

	if (gz_app_cache(c)) {
		return;
	}
	if ((data = gz_app_page(c, NULL)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	gz_response_set_header(c->resp, "Content-Type", "text/plain; charset=utf-8");
	gz_app_render(c, "robots.txt", data);
}
