/*
 * Listing pages: /category/{slug}, /tag/{slug}, /author/{login}, each with
 * a title, a description and keyset pagination both ways: ?before=<ts>.<id>
 * for the older page, ?after=<ts>.<id> for the newer one, each with the
 * &page=N it leads to, so links say where the reader is.  A page past the
 * end, a malformed cursor or both cursors at once is a 404.  A section's
 * page lists the articles of its subsections too (the model's
 * GZ_LIST_CATEGORY), links the subsections that hold any, and its
 * breadcrumb is its chain of parents; the menu highlights its top-level
 * section.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/article.h"
#include "gazette/buf.h"
#include "gazette/category.h"
#include "gazette/i18n.h"
#include "gazette/settings.h"
#include "gazette/tag.h"
#include "gazette/url.h"
#include "gazette/user.h"
#include "../internal.h"

/* What one listing page shows about its subject. */
struct subject {
	enum gz_list_kind kind;  /* category, tag or author */
	int64_t key;             /* its id */
	const char *prefix;      /* "/category/" */
	const char *slug;        /* its URL name */
	const char *kicker;      /* "Category", "Tag", "Author" */
	const char *title;       /* heading */
	const char *description; /* plain text, may be "" */
	const char *current;     /* nav section to highlight, or NULL */
};

/*
 * subj.chain (the breadcrumb: the section's parents and itself, top
 * first) and subj.subsections (the sections right below it that hold a
 * visible article) of section s->key, and the top-level section to
 * highlight in *current; empty lists for a tag or an author.  Returns -1
 * when out of memory.
 */
static int
section_vals(struct gz_ctx *c, const struct subject *s, struct gz_val *subj, const char **current)
{
	struct gz_val *chain = NULL, *subs = gz_val_list_new(c->arena), *m;
	struct gz_category *child;
	size_t nchild = 0, i;

	*current = s->current;
	if (s->kind != GZ_LIST_CATEGORY) {
		chain = gz_val_list_new(c->arena);
	} else {
		chain = gz_app_chain_val(c, s->key, current);
		if (*current == NULL) {
			*current = s->current;
		}
		/* Links to empty sections would lead nowhere: they are left out,
		 * as the menu leaves them out. */
		if (gz_category_children(c->db, c->arena, c->now, s->key, &child, &nchild) !=
		    GZ_OK) {
			nchild = 0;
		}
	}
	if (chain == NULL || subs == NULL) {
		return -1;
	}
	for (i = 0; i < nchild; i++) {
		if ((m = gz_app_category_val(c->arena, &child[i])) == NULL ||
		    gz_val_list_push(subs, m) != GZ_OK) {
			return -1;
		}
	}
	gz_val_map_set(subj, "chain", chain);
	gz_val_map_set(subj, "subsections", subs);
	return 0;
}

/*
 * 1 when the newer page items (n of them, from an after cursor) reaches
 * the newest article of q's listing: then it is the first page, whatever
 * the link said, because articles came or went since it was made.
 */
static int
newest_page(struct gz_ctx *c, const struct gz_list_query *q, const struct gz_article_summary *items,
            size_t n)
{
	struct gz_list_query top = {q->kind, q->key, GZ_CURSOR_NONE, 0, 0, 0, 1};
	struct gz_article_summary *first;
	size_t nfirst;

	if (n < (size_t)q->limit) {
		return 1;
	}
	return gz_article_list(c->db, c->arena, c->now, &top, &first, &nfirst) == GZ_OK &&
	       nfirst == 1 && first[0].id == items[0].id;
}

static void
listing(struct gz_ctx *c, const struct subject *s)
{
	struct gz_list_query q = {s->kind, s->key, 0, 0, 0, 0, 10};
	struct gz_article_summary *items;
	struct gz_val *data, *subj;
	struct gz_buf base;
	const char *current;
	int64_t total;
	long page = 1;
	size_t n;
	int cur;

	q.limit = (int)gz_setting_int(c->db, "per_page", 10);
	if (q.limit < 1 || q.limit > GZ_ARTICLE_LIST_MAX) {
		q.limit = 10;
	}
	if ((cur = gz_app_cursor(c, &q)) < 0) {
		gz_app_error(c, 404);
		return;
	}
	/* Which articles the listing holds; each shown names its own. */
	gz_app_key_id(c,
	              s->kind == GZ_LIST_CATEGORY ? "cat:"
	              : s->kind == GZ_LIST_TAG    ? "tag:"
	                                          : "author:",
	              (long long)s->key);
	if (gz_app_cache(c)) {
		return;
	}
	if (gz_article_list(c->db, c->arena, c->now, &q, &items, &n) != GZ_OK ||
	    gz_app_list_total(c, s->kind, s->key, &total) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	if (cur && n == 0) {
		gz_app_error(c, 404);
		return;
	}
	if (cur && q.cursor == GZ_CURSOR_AFTER && newest_page(c, &q, items, n)) {
		/* Show the first page as page 1 (its canonical URL is the bare
		 * one; the pager links there) rather than a short or mislabelled
		 * page. */
		q.cursor = GZ_CURSOR_NONE;
		cur = 0;
		if (n < (size_t)q.limit &&
		    gz_article_list(c->db, c->arena, c->now, &q, &items, &n) != GZ_OK) {
			gz_app_error(c, 500);
			return;
		}
	}
	if (cur) {
		page = gz_app_cursor_page(c, s->kind, s->key, &q);
	}
	gz_buf_init(&base, c->arena, 4096);
	gz_buf_puts(&base, s->prefix);
	gz_url_encode(&base, s->slug, strlen(s->slug));
	if ((subj = gz_val_map_new(c->arena)) == NULL || section_vals(c, s, subj, &current) != 0 ||
	    (data = gz_app_page(c, current)) == NULL || gz_buf_err(&base) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	gz_app_set_str(subj, "kicker", s->kicker);
	gz_app_set_str(subj, "title", s->title);
	gz_app_set_str(subj, "description", s->description);
	gz_app_set_str(subj, "path", base.data);
	/* Categories, tags and authors each have an RSS feed at <path>/feed. */
	gz_app_set_str(subj, "feed", gz_arena_printf(c->arena, "%s/feed", base.data));
	gz_val_map_set(data, "subject", subj);
	gz_val_map_set(data, "articles", gz_app_summaries_val(c->arena, items, n));
	gz_val_map_set(data, "pager",
	               gz_app_pager(c, base.data, NULL, page, total, q.limit, items, n));
	gz_app_render(c, "listing.html", data);
}

void
gz_handle_category_show(struct gz_ctx *c)
{
	struct gz_category cat;
	struct subject s = {GZ_LIST_CATEGORY, 0, "/category/", 0, GZ_N_("Category"), 0, 0, 0};

	if (gz_category_by_slug(c->db, c->arena, gz_request_param(c->req, "slug"), &cat) != GZ_OK) {
		gz_app_error(c, 404);
		return;
	}
	s.key = cat.id;
	s.slug = cat.slug;
	s.title = cat.name;
	s.description = cat.description;
	s.current = cat.slug;
	listing(c, &s);
}

void
gz_handle_tag_show(struct gz_ctx *c)
{
	struct gz_tag t;
	struct subject s = {GZ_LIST_TAG, 0, "/tag/", 0, GZ_N_("Tag"), 0, 0, 0};

	if (gz_tag_by_slug(c->db, c->arena, gz_request_param(c->req, "slug"), &t) != GZ_OK) {
		gz_app_error(c, 404);
		return;
	}
	s.key = t.id;
	s.slug = t.slug;
	s.title = t.name;
	s.description = t.description;
	listing(c, &s);
}

void
gz_handle_author_show(struct gz_ctx *c)
{
	struct gz_user u;
	struct subject s = {GZ_LIST_AUTHOR, 0, "/author/", 0, GZ_N_("Author"), 0, 0, 0};

	if (gz_user_by_login(c->db, c->arena, gz_request_param(c->req, "login"), &u) != GZ_OK) {
		gz_app_error(c, 404);
		return;
	}
	s.key = u.id;
	s.slug = u.login;
	s.title = u.display_name;
	s.description = u.bio;
	listing(c, &s);
}
