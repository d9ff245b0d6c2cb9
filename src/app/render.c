/*
 * From handler data to page bytes: the common page context every layout
 * needs (site, navigation, consent state), conversions from model structs
 * to template values, Markdown to trusted HTML, and error pages.  This is
 * the one place in src/app that writes a response body, always through the
 * template module.
 */
#include <stdio.h>
#include <string.h>

#include "gazette/app.h"
#include "gazette/arena.h"
#include "gazette/article.h"
#include "gazette/buf.h"
#include "gazette/body_html.h"
#include "gazette/category.h"
#include "gazette/db.h"
#include "gazette/lang.h"
#include "gazette/markdown.h"
#include "gazette/settings.h"
#include "gazette/tmpl.h"
#include "gazette/url.h"
#include "internal.h"

/* Sections the menu names before its "More" item: what fits on one line
 * of a desktop masthead and a few of a phone's. */
#define GZ_NAV_SECTIONS 10

void
gz_app_render(struct gz_ctx *c, const char *name, struct gz_val *data)
{
	const struct gz_tmpl_set *set = gz_tmpl_holder_get(c->app->tmpl);
	const char *msg = NULL;
	enum gz_err rc;

	gz_buf_reset(&c->resp->body);
	gz_buf_reserve(&c->resp->body, 16 * 1024);
	rc = gz_tmpl_render_msg(set, name, data, c->arena, &c->resp->body, &msg);
	if (rc != GZ_OK) {
		fprintf(stderr, "gazette: render %s: %s%s%s\n", name, gz_strerror(rc),
		        msg ? ": " : "", msg ? msg : "");
		gz_response_error(c->resp, 500, 0);
	}
}

/* Map helpers: set a string / int, ignoring NULL strings as "". */
void
gz_app_set_str(struct gz_val *map, const char *key, const char *s)
{
	gz_val_map_set(map, key, gz_val_str(map->u.map.arena, s ? s : ""));
}

void
gz_app_set_int(struct gz_val *map, const char *key, long long i)
{
	gz_val_map_set(map, key, gz_val_int(map->u.map.arena, i));
}

struct gz_val *
gz_app_summary_val(struct gz_arena *a, const struct gz_article_summary *s)
{
	struct gz_val *m = gz_val_map_new(a);

	if (m == NULL) {
		return NULL;
	}
	/* A page showing an article changes with it (its title, its count). */
	gz_app_key_article(s->id);
	gz_app_set_int(m, "id", s->id);
	gz_app_set_str(m, "slug", s->slug);
	gz_app_set_str(m, "title", s->title);
	gz_app_set_str(m, "summary", s->summary);
	gz_app_set_str(m, "category_slug", s->category_slug);
	gz_app_set_str(m, "category_name", s->category_name);
	gz_app_set_str(m, "author_login", s->author_login);
	gz_app_set_str(m, "author_name", s->author_name);
	gz_app_set_int(m, "published", s->published_at);
	gz_app_set_int(m, "updated", s->updated_at);
	gz_app_set_int(m, "comment_count", s->comment_count);
	gz_val_map_set(m, "featured", gz_val_bool(s->featured));
	gz_app_set_str(m, "image_url", s->image_url);
	gz_app_set_str(m, "image_alt", s->image_alt);
	/* Its picture as listings show it: a copy near 640 pixels, srcset. */
	gz_val_map_set(m, "image",
	               gz_app_image_val(a, s->image_url, s->image_alt, s->image_width,
	                                s->image_height, s->image_variants, gz_app_sizes_story,
	                                640));
	/* Listings mark an item whose language differs from the page's. */
	gz_app_set_str(m, "lang", gz_lang_or_default(s->lang));
	return m;
}

struct gz_val *
gz_app_summaries_val(struct gz_arena *a, const struct gz_article_summary *items, size_t n)
{
	struct gz_val *l = gz_val_list_new(a);
	size_t i;

	if (l == NULL) {
		return NULL;
	}
	for (i = 0; i < n; i++) {
		struct gz_val *v = gz_app_summary_val(a, &items[i]);

		if (v == NULL || gz_val_list_push(l, v) != GZ_OK) {
			return NULL;
		}
	}
	return l;
}

struct gz_val *
gz_app_markdown_val(struct gz_arena *a, const char *md, int split_after, struct gz_val **tail)
{
	char *head = NULL, *rest = NULL;

	if (gz_markdown_render(a, md, strlen(md), split_after, &head, &rest) != GZ_OK) {
		return NULL;
	}
	if (tail != NULL) {
		*tail = gz_val_html(a, rest);
	}
	/* cmark's safe mode output is the only trusted HTML Gazette makes. */
	return gz_val_html(a, head);
}

struct gz_val *
gz_app_article_body_val(struct gz_ctx *c, const struct gz_article *art, struct gz_val **tail)
{
	const char *head = NULL, *rest = NULL;
	int rendered;

	if (gz_body_html_get(c->db, c->arena, art, &head, &rest, &rendered) != GZ_OK) {
		return NULL;
	}
	*tail = gz_val_html(c->arena, rest);
	/* Made by the Markdown renderer, now or when the body was saved (the
	 * stored copy is as trusted as the database it sits in). */
	return gz_val_html(c->arena, head);
}

struct gz_val *
gz_app_category_val(struct gz_arena *a, const struct gz_category *cat)
{
	struct gz_val *m = gz_val_map_new(a);

	if (m == NULL) {
		return NULL;
	}
	gz_app_set_str(m, "slug", cat->slug);
	gz_app_set_str(m, "name", cat->name);
	gz_app_set_int(m, "id", cat->id);
	return m;
}

struct gz_val *
gz_app_chain_val(struct gz_ctx *c, int64_t id, const char **top)
{
	struct gz_val *list = gz_val_list_new(c->arena), *m;
	struct gz_category *chain;
	size_t n = 0, i;

	if (top != NULL) {
		*top = NULL;
	}
	if (list == NULL) {
		return NULL;
	}
	/* Without its chain a page still has Home in its breadcrumb. */
	if (id == 0 || gz_category_chain(c->db, c->arena, id, &chain, &n) != GZ_OK) {
		return list;
	}
	for (i = 0; i < n; i++) {
		if ((m = gz_app_category_val(c->arena, &chain[i])) == NULL ||
		    gz_val_list_push(list, m) != GZ_OK) {
			return NULL;
		}
	}
	if (top != NULL) {
		*top = chain[0].slug;
	}
	return list;
}

struct gz_val *
gz_app_page(struct gz_ctx *c, const char *current)
{
	return gz_app_page_nav(c, current, NULL, NULL);
}

struct gz_val *
gz_app_page_nav(struct gz_ctx *c, const char *current, struct gz_category **top, size_t *ntop)
{
	struct gz_arena *a = c->arena;
	struct gz_val *data, *site, *nav, *cats, *page;
	struct gz_category *cat = NULL;
	const char *lang;
	size_t n = 0, i;
	int more = 0;

	if (top != NULL) {
		*top = NULL;
		*ntop = 0;
	}
	if ((data = gz_val_map_new(a)) == NULL || (site = gz_val_map_new(a)) == NULL ||
	    (nav = gz_val_map_new(a)) == NULL || (cats = gz_val_list_new(a)) == NULL ||
	    (page = gz_val_map_new(a)) == NULL) {
		return NULL;
	}
	gz_app_set_str(site, "name", gz_setting_get(c->db, a, "site_name", "Gazette"));
	gz_app_set_str(site, "tagline", gz_setting_get(c->db, a, "tagline", ""));
	gz_app_set_str(site, "url", gz_app_base_url(c, NULL));
	lang = gz_lang_or_default(gz_setting_get(c->db, a, "site_language", GZ_LANG_DEFAULT));
	gz_app_set_str(site, "lang", lang);
	gz_val_map_set(data, "site", site);
	/* A newsroom's menu: the top-level sections with something to read,
	 * at most GZ_NAV_SECTIONS; "More" leads to /sections for the rest.
	 * A failed read leaves the menu with Home only: the page still works. */
	if (gz_category_nav(c->db, a, c->now, GZ_NAV_SECTIONS, &cat, &n, &more) != GZ_OK) {
		cat = NULL;
		n = 0;
		more = 0;
	}
	for (i = 0; i < n; i++) {
		struct gz_val *m;

		if ((m = gz_app_category_val(a, &cat[i])) == NULL) {
			return NULL;
		}
		gz_val_list_push(cats, m);
	}
	gz_val_map_set(nav, "categories", cats);
	gz_val_map_set(nav, "more", gz_val_bool(more));
	gz_app_set_str(nav, "current", current ? current : "");
	gz_app_site_nav(c, site, nav, current);
	gz_val_map_set(data, "nav", nav);
	gz_app_set_str(page, "path", c->req->path);
	/* The site's language; an article's page sets its own. */
	gz_app_set_str(page, "lang", lang);
	gz_app_set_str(page, "tz", gz_setting_get(c->db, a, "site_timezone", "UTC"));
	gz_val_map_set(data, "page", page);
	gz_app_consent_data(c, data);
	if (top != NULL) {
		*top = n > 0 ? cat : NULL;
		*ntop = n;
	}
	return data;
}

void
gz_app_set_page_lang(struct gz_ctx *c, struct gz_val *data, const char *lang)
{
	struct gz_val *page = gz_val_map_new(c->arena);

	/* data.page is read-only through the map API: a new one replaces it. */
	if (page != NULL) {
		gz_app_set_str(page, "path", c->req->path);
		gz_app_set_str(page, "lang", gz_lang_or_default(lang));
		gz_app_set_str(page, "tz", gz_setting_get(c->db, c->arena, "site_timezone", "UTC"));
		gz_val_map_set(data, "page", page);
	}
}

const char *
gz_app_base_url(struct gz_ctx *c, int *from_request)
{
	const char *saved = gz_setting_get(c->db, c->arena, "base_url", NULL);
	const char *dflt = gz_setting_default("base_url");
	const char *url;

	if (from_request != NULL) {
		*from_request = 0;
	}
	/* An unsaved setting reads as the default's own static string. */
	if (saved != NULL && saved != dflt && saved[0] != '\0') {
		return saved;
	}
	/* The Host header passed the request parser's host[:port] check, so
	 * it holds no quote, slash or markup.  Behind a proxy this is the
	 * proxy's Host (nginx passes the reader's with proxy_set_header). */
	if (c->req->host[0] == '\0' ||
	    (url = gz_arena_printf(c->arena, "%s://%s", c->req->https ? "https" : "http",
	                           c->req->host)) == NULL) {
		return dflt;
	}
	if (from_request != NULL) {
		*from_request = 1;
	}
	return url;
}

/*
 * Seconds a client is asked to wait (Retry-After) after a transient fault:
 * a lock clears in moments; a full disk or a damaged file needs an operator.
 */
const char *
gz_app_retry_after(enum gz_err fault)
{
	switch (fault) {
	case GZ_EBUSY:
	case GZ_ENOMEM:
	case GZ_ETIMEOUT:
		return "5";
	case GZ_ECORRUPT:
		return "300";
	default:
		return "60";
	}
}

void
gz_app_error(struct gz_ctx *c, int status)
{
	const struct gz_tmpl_set *set;
	struct gz_val *data;
	char name[32];
	enum gz_err fault = gz_db_fault(c->db);

	/* A failure the client can outwait (a lock, a full disk, memory) is
	 * "try again", not "broken", whichever model call met it. */
	if (status == 500 && fault != GZ_OK) {
		status = 503;
	}

	/* Themed pages need a parsed request and a database; a request refused
	 * before that gets the plain page. */
	if (c->req->path == NULL || c->db == NULL || c->app == NULL) {
		gz_response_error(c->resp, status, 0);
		return;
	}
	set = gz_tmpl_holder_get(c->app->tmpl);
	snprintf(name, sizeof(name), "error/%d.html", status);
	if (!gz_tmpl_set_has(set, name) || (data = gz_app_page(c, NULL)) == NULL) {
		gz_response_error(c->resp, status, 0);
	} else {
		gz_app_error_data(c, status, data);
		c->resp->nheaders = 0;
		gz_app_render(c, name, data);
		if (c->resp->status != 500 || status == 500) {
			c->resp->status = status;
		}
	}
	/* A page behind a session may hold private data even when it fails. */
	gz_response_set_header(c->resp, "Cache-Control",
	                       (c->req->route_flags & GZ_ROUTE_SESSION) ? "private, no-store"
	                                                                : "no-store");
	if (status == 503 && gz_response_get_header(c->resp, "Retry-After") == NULL) {
		gz_response_set_header(c->resp, "Retry-After", gz_app_retry_after(fault));
	}
}

void
gz_app_error_data(struct gz_ctx *c, int status, struct gz_val *data)
{
	struct gz_article_summary *items;
	size_t n;

	gz_app_set_int(data, "status", status);
	/* A reader who hit a dead link gets somewhere to go. */
	if ((status == 404 || status == 410) &&
	    gz_article_latest(c->db, c->arena, c->now, 5, &items, &n) == GZ_OK) {
		gz_val_map_set(data, "latest", gz_app_summaries_val(c->arena, items, n));
	}
}

const char *
gz_app_article_path(struct gz_arena *a, const char *slug)
{
	struct gz_buf b;

	gz_buf_init(&b, a, 4096);
	gz_buf_puts(&b, "/article/");
	gz_url_encode(&b, slug, strlen(slug));
	return gz_buf_err(&b) ? "/" : b.data;
}
