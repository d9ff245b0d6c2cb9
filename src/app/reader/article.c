/*
 * The article page: breadcrumb (its section's chain of parents), title,
 * byline, dates, image, the body with an inline "See also" after its
 * second paragraph, tags, share links, previous/next, "You may also
 * like", and the comment section (from comment.c).  The page is in the article's language
 * (page.lang) and names its translations (hreflang alternates, "read in" links).  Unknown slugs get
 * the themed 404; renamed ones a 301.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/article.h"
#include "gazette/buf.h"
#include "gazette/lang.h"
#include "gazette/memo.h"
#include "gazette/translation.h"
#include "gazette/url.h"
#include "../internal.h"

#define RELATED 5 /* one "See also" plus four "You may also like" */

static struct gz_val *
article_val(struct gz_ctx *c, const struct gz_article *a)
{
	struct gz_val *m = gz_app_summary_val(c->arena, &a->s), *tags, *tail = NULL;
	size_t i;

	if (m == NULL || (tags = gz_val_list_new(c->arena)) == NULL) {
		return NULL;
	}
	gz_val_map_set(m, "body_head", gz_app_article_body_val(c, a, &tail));
	gz_val_map_set(m, "body_tail", tail ? tail : gz_val_null());
	gz_app_set_str(m, "author_bio", a->author_bio);
	/* What search engines and link previews show: the editor's SEO text
	 * when there is one, else the summary (the template chooses). */
	gz_app_set_str(m, "seo_desc", a->seo_desc != NULL ? a->seo_desc : "");
	gz_app_set_str(m, "description",
	               a->seo_desc != NULL && a->seo_desc[0] != '\0' ? a->seo_desc : a->s.summary);
	gz_val_map_set(m, "comments_open", gz_val_bool(a->comments_open));
	gz_app_set_str(m, "image_url", a->image_url);
	gz_app_set_str(m, "image_alt", a->image_alt);
	gz_app_set_int(m, "image_width", a->image_width);
	gz_app_set_int(m, "image_height", a->image_height);
	/* The lead image with its copies (src near 960 pixels, srcset). */
	gz_val_map_set(m, "image",
	               gz_app_image_url_val(c, a->image_url, a->image_alt, gz_app_sizes_lead, 960));
	gz_app_set_str(m, "path", gz_app_article_path(c->arena, a->s.slug));
	gz_val_map_set(m, "was_updated", gz_val_bool(a->s.updated_at > a->s.published_at + 60));
	for (i = 0; i < a->ntags; i++) {
		struct gz_val *t = gz_val_map_new(c->arena);

		if (t == NULL) {
			return NULL;
		}
		gz_app_set_str(t, "slug", a->tags[i].slug);
		gz_app_set_str(t, "name", a->tags[i].name);
		gz_val_list_push(tags, t);
	}
	gz_val_map_set(m, "tags", tags);
	gz_app_newsroom_article(c, a, m);
	return m;
}

/*
 * data.translations: the visible translations of a, each with slug, path,
 * title, lang and read_in (the link text in its own language), by
 * language; and data.x_default, the path search engines are given for
 * readers of any other language: the version in the site's language, else
 * a's own.  An empty list (and a's path) when a has none or they could
 * not be read: the page is whole without them.
 */
static int
translations_val(struct gz_ctx *c, const struct gz_article *a, struct gz_val *data,
                 const char *path)
{
	const struct gz_val *site = gz_val_map_get(gz_val_map_get(data, "site"), "lang");
	struct gz_val *list = gz_val_list_new(c->arena), *m;
	const char *x_default = path;
	struct gz_translation *tr = NULL;
	const struct gz_lang *l;
	size_t n = 0, i;

	if (list == NULL) {
		return -1;
	}
	if (a->translation_group != 0 &&
	    gz_translation_list(c->db, c->arena, a->s.id, c->now, 1, &tr, &n) != GZ_OK) {
		n = 0;
	}
	for (i = 0; i < n; i++) {
		if ((l = gz_lang_find(tr[i].lang)) == NULL ||
		    strcmp(l->tag, gz_lang_or_default(a->s.lang)) == 0 ||
		    (m = gz_val_map_new(c->arena)) == NULL) {
			/* A language Gazette cannot name, or the page's own. */
			continue;
		}
		gz_app_set_str(m, "slug", tr[i].slug);
		gz_app_set_str(m, "path", gz_app_article_path(c->arena, tr[i].slug));
		gz_app_set_str(m, "title", tr[i].title);
		gz_app_set_str(m, "lang", l->tag);
		gz_app_set_str(m, "read_in", l->read_in);
		if (site != NULL && site->kind == GZ_VAL_STR && strcmp(site->u.s.p, l->tag) == 0) {
			x_default = gz_val_map_get(m, "path")->u.s.p;
		}
		gz_val_list_push(list, m);
	}
	gz_val_map_set(data, "translations", list);
	gz_app_set_str(data, "x_default", x_default);
	return 0;
}

/*
 * The articles related to a (gz_article_related's list) into *out and *n,
 * in the request arena: the choice, some 30 statements, made once per
 * content state and kept in the worker's memo; the summaries read now.
 */
static enum gz_err
related(struct gz_ctx *c, const struct gz_article *a, struct gz_article_summary **out, size_t *n)
{
	struct gz_memo_stamp stamp;
	int64_t kept[GZ_MEMO_IDS], *ids = kept;
	size_t nids = 0;
	enum gz_err rc;
	int stamped = gz_app_memo_stamp(c, 0, &stamp);

	if (!stamped || !gz_memo_get(c->memo, GZ_MEMO_RELATED, a->s.id, &stamp, kept, &nids)) {
		rc = gz_article_related_ids(c->db, c->arena, a, c->now, RELATED, &ids, &nids);
		if (rc != GZ_OK) {
			return rc;
		}
		if (stamped) {
			gz_memo_put(c->memo, GZ_MEMO_RELATED, a->s.id, &stamp, ids, nids);
		}
	}
	return gz_article_by_ids(c->db, c->arena, c->now, ids, nids, out, n);
}

void
gz_app_article_render(struct gz_ctx *c, const struct gz_article *a, const struct gz_val *extra)
{
	struct gz_article_summary *rel, prev, next;
	struct gz_val *data, *av, *chain;
	const char *top;
	size_t nrel = 0, i;

	/* The breadcrumb names the section's parents too; the menu lights up
	 * the top-level one, the only kind it lists. */
	if ((chain = gz_app_chain_val(c, a->category_id, &top)) == NULL ||
	    (data = gz_app_page(c, top != NULL ? top : a->s.category_slug)) == NULL ||
	    (av = article_val(c, a)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	gz_val_map_set(data, "article", av);
	gz_val_map_set(data, "chain", chain);
	/* Optional parts exist as null so strict templates can test them. */
	gz_val_map_set(data, "see_also", gz_val_null());
	gz_val_map_set(data, "related", gz_val_null());
	gz_val_map_set(data, "prev", gz_val_null());
	gz_val_map_set(data, "next", gz_val_null());
	/* Absolute URL for feeds, JSON-LD and share links. */
	{
		const struct gz_val *url = gz_val_map_get(gz_val_map_get(data, "site"), "url");
		const struct gz_val *path = gz_val_map_get(av, "path");
		const struct gz_val *large = gz_val_map_get(gz_val_map_get(av, "image"), "large");

		gz_app_set_str(
		    av, "url",
		    gz_arena_printf(c->arena, "%s%s", url ? url->u.s.p : "", path->u.s.p));
		/* The lead image's widest copy, absolute, for JSON-LD. */
		gz_app_set_str(av, "image_abs",
		               large != NULL ? gz_arena_printf(c->arena, "%s%s",
		                                               url ? url->u.s.p : "", large->u.s.p)
		                             : "");
		if (translations_val(c, a, data, path->u.s.p) != 0) {
			gz_app_error(c, 500);
			return;
		}
	}
	/* The page is in the article's language, whatever the site's. */
	gz_app_set_page_lang(c, data, a->s.lang);
	if (related(c, a, &rel, &nrel) == GZ_OK && nrel > 0) {
		gz_val_map_set(data, "see_also", gz_app_summary_val(c->arena, &rel[0]));
		gz_val_map_set(data, "related", gz_app_summaries_val(c->arena, rel + 1, nrel - 1));
	}
	if (gz_article_neighbours(c->db, c->arena, a, c->now, &prev, &next) == GZ_OK) {
		if (prev.id) {
			gz_val_map_set(data, "prev", gz_app_summary_val(c->arena, &prev));
		}
		if (next.id) {
			gz_val_map_set(data, "next", gz_app_summary_val(c->arena, &next));
		}
	}
	gz_app_comment_section(c, a, data);
	for (i = 0; extra != NULL && i < extra->u.map.nitems; i++) {
		gz_val_map_set(data, extra->u.map.items[i].key, extra->u.map.items[i].val);
	}
	gz_app_render(c, "article.html", data);
}

void
gz_handle_article_show(struct gz_ctx *c)
{
	const char *slug = gz_request_param(c->req, "slug"), *renamed;
	struct gz_article a;
	enum gz_err rc;

	rc = gz_article_by_slug(c->db, c->arena, slug, c->now, &a);
	if (rc == GZ_ENOTFOUND) {
		if (gz_article_renamed(c->db, c->arena, slug, c->now, &renamed) == GZ_OK) {
			gz_response_redirect(c->resp, 301, gz_app_article_path(c->arena, renamed));
			return;
		}
		gz_app_error(c, 404);
		return;
	}
	if (rc != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	/* Its own fields; its previous/next links ("order"); the related
	 * articles, which come from its section and its tags. */
	gz_app_key_id(c, "article:", (long long)a.s.id);
	gz_app_key(c, "order");
	if (a.category_id != 0) {
		gz_app_key_id(c, "cat:", (long long)a.category_id);
	}
	for (size_t t = 0; t < a.ntags; t++) {
		gz_app_key_id(c, "tag:", (long long)a.tags[t].id);
	}
	if (gz_app_cache(c)) {
		return;
	}
	if (c->req->method == GZ_GET) {
		gz_app_count_view(c, a.s.id);
	}
	gz_app_article_render(c, &a, NULL);
}
