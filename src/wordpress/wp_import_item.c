/*
 * The importer's posts, pages, comments and the items Gazette has no
 * place for (see gazette/wp_import.h for what each status becomes).  Each
 * item is looked up in import_map first; a new one is mapped (status,
 * dates, title, slug, author, category, tags, image, description, summary,
 * body through gz_html_md, or the Markdown Gazette's own export left in
 * _gazette_markdown), inserted, recorded in import_map with a note of
 * what changed, and given its old addresses.  Its comments follow, with
 * the item's outcome remembered in struct imp.
 *
 * Nothing a reader could see is made of what WordPress kept private: a
 * private, pending, draft, password-protected or missed-schedule post is
 * a draft, held and spam comments stay held and spam.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "gazette/arena.h"
#include "gazette/article_edit.h"
#include "gazette/html_md.h"
#include "gazette/import.h"
#include "gazette/redirect.h"
#include "gazette/str.h"
#include "gazette/user.h"
#include "wp_import_internal.h"

#define PAGE_TITLE_MAX 200 /* bytes of a page title (page.h) */
#define PAGE_SLUG_MAX 100  /* bytes of a page slug */

/* The item's date: post_date_gmt, else pubDate, else post_date read as UTC; 0 when none. */
static int64_t
item_date(const struct gz_wxr_item *it)
{
	int64_t t = wp_time(it->post_date_gmt);

	if (t == 0) {
		t = wp_rfc822(it->pub_date);
	}
	if (t == 0) {
		t = wp_time(it->post_date);
	}
	return t;
}

/* The item's title for the report: plain text (its HTML as is when out of memory). */
static const char *
shown(struct imp *im, const struct gz_wxr_item *it)
{
	char *t = wp_plain(&im->arena, it->title, 0);

	return t != NULL ? t : it->title;
}

/* The item's title as one line of plain text, at most max bytes; "(no title)" when empty. */
static char *
item_title(struct imp *im, const struct gz_wxr_item *it, const char *id, enum gz_wp_kind kind,
           size_t max)
{
	char *t = wp_plain(&im->arena, it->title, 0), *cut;

	if (t == NULL) {
		return NULL;
	}
	if (t[0] == '\0') {
		wp_note(im, kind, id, "(no title)", "no title: \"(no title)\" given");
		return gz_arena_strdup(&im->arena, "(no title)");
	}
	if ((cut = wp_cut(&im->arena, t, max)) != NULL && strlen(cut) < strlen(t)) {
		wp_note(im, kind, id, cut, "title shortened to fit Gazette's limit");
	}
	return cut;
}

/*
 * The body: Gazette's own Markdown when the export carries it, else the
 * HTML converted.  Returns GZ_OK with *md, or GZ_EINVAL with *why (static)
 * when the item cannot keep a body Gazette takes; other errors are the
 * import's.
 */
static enum gz_err
item_body(struct imp *im, const struct gz_wxr_item *it, char **md, const char **why)
{
	const char *own = wp_meta(it, "_gazette_markdown");
	struct gz_html_md_opts opts;
	enum gz_err rc;

	*why = NULL;
	if (own != NULL) {
		*md = (char *)own;
	} else {
		memset(&opts, 0, sizeof(opts));
		opts.ctx = im;
		opts.map_url = wp_map_url;
		opts.attachment = wp_gallery;
		opts.autop = 1;
		rc = gz_html_md(&im->arena, it->content, strlen(it->content), &opts, md);
		if (rc == GZ_ETOOBIG || rc == GZ_ENOMEM) {
			*why = rc == GZ_ETOOBIG
			           ? "its body is too large to convert"
			           : "its body needs more memory to convert than allowed";
			return GZ_EINVAL;
		}
		if (rc != GZ_OK) {
			return wp_fail(im, rc, "converting a body");
		}
	}
	if (strlen(*md) > GZ_ARTICLE_BODY_MAX) {
		*why = "its body is larger than 1 MiB";
		return GZ_EINVAL;
	}
	return GZ_OK;
}

/* WordPress renames a trashed post "slug__trashed"; its slug is the rest. */
static char *
trashed_name(struct imp *im, const char *post_name)
{
	char *s = wp_trim(&im->arena, post_name);
	size_t n = s != NULL ? strlen(s) : 0;

	if (n > 9 && strcmp(s + n - 9, "__trashed") == 0) {
		s[n - 9] = '\0';
	}
	return s;
}

/* The article slug: the post's own when free, else with "-2", "-3"...; in the arena. */
static char *
free_slug(struct imp *im, const char *base, const char *id)
{
	char *s = (char *)base;
	int n, taken;

	if (base[0] == '\0' && (s = gz_arena_printf(&im->arena, "post-%s", id)) == NULL) {
		return NULL;
	}
	base = s;
	for (n = 2; (taken = gz_import_article_slug_taken(im->db, s)) == 1 && n < 10000; n++) {
		char suffix[16];
		int k = snprintf(suffix, sizeof(suffix), "-%d", n);
		size_t keep = strlen(base);

		if (keep + (size_t)k > GZ_ARTICLE_SLUG_MAX) {
			keep = GZ_ARTICLE_SLUG_MAX - (size_t)k;
			while (keep > 0 && ((unsigned char)base[keep] & 0xC0) == 0x80) {
				keep--;
			}
		}
		if ((s = gz_arena_printf(&im->arena, "%.*s%s", (int)keep, base, suffix)) == NULL) {
			return NULL;
		}
	}
	return taken == 0 ? s : NULL;
}

/* What a post's WordPress status becomes: the status, its time and a note. */
struct fate {
	const char *status;   /* Gazette's */
	int64_t published_at; /* 0: none */
	const char *note;     /* what changed, or NULL */
};

/* The fate of a post of status it->status dated date (see wp_import.h). */
static struct fate
post_fate(struct imp *im, const struct gz_wxr_item *it, int64_t date)
{
	struct fate f = {"draft", 0, NULL};
	struct gz_span st = gz_str_trim(it->status, strlen(it->status));
	struct gz_span pw = gz_str_trim(it->post_password, strlen(it->post_password));

#define IS(word) (st.n == strlen(word) && memcmp(st.p, word, st.n) == 0)
	if (pw.n > 0 && !IS("trash")) {
		f.note =
		    "password-protected: kept as a draft (Gazette has no passwords on articles)";
	} else if (IS("publish")) {
		f.status = "published";
		f.published_at = date;
	} else if (IS("future")) {
		if (date > im->o->now) {
			f.status = "scheduled";
			f.published_at = date;
		} else {
			f.note =
			    "scheduled for a time already past (never published): kept as a draft";
		}
	} else if (IS("draft")) {
	} else if (IS("pending")) {
		f.note = "pending review: kept as a draft";
	} else if (IS("private")) {
		f.note = "private: kept as a draft, never public";
	} else if (IS("trash")) {
		/* Its publication time, if it had one, stays with it (the trash
		 * keeps it too), so restoring it restores its place. */
		f.status = "trash";
		f.published_at = wp_time(it->post_date_gmt);
	} else {
		f.note = "unknown status: kept as a draft";
	}
#undef IS
	return f;
}

/* The post's category: Yoast's primary one when named, else its first; a post
 * in several is counted in the report. */
static enum gz_err
post_category(struct imp *im, const struct gz_wxr_item *it, int64_t *cat)
{
	const char *primary = wp_meta(it, "_yoast_wpseo_primary_category");
	const struct gz_wxr_item_term *first = NULL;
	size_t i, ncats = 0;
	enum gz_err rc;
	char *key;

	*cat = 0;
	for (i = 0; i < it->nterms; i++) {
		if (wp_is(it->terms[i].domain, "category")) {
			first = first != NULL ? first : &it->terms[i];
			ncats++;
		}
	}
	if (ncats > 1) {
		im->r->several_categories++;
	}
	if (primary != NULL && (key = wp_trim(&im->arena, primary)) != NULL && key[0] != '\0') {
		rc = wp_map_get(im, GZ_WP_CATEGORY, key, cat, NULL);
		if (rc != GZ_OK && rc != GZ_ENOTFOUND) {
			return wp_fail(im, rc, "looking up a category");
		}
	}
	if (*cat == 0 && first != NULL &&
	    (rc = wp_category_of(im, first->nicename, first->name, cat)) != GZ_OK) {
		return rc;
	}
	return GZ_OK;
}

/* Tag the new article with the post's tags, at most GZ_ARTICLE_TAGS_MAX. */
static enum gz_err
post_tags(struct imp *im, const struct gz_wxr_item *it, const char *id, const char *title,
          int64_t article)
{
	int64_t ids[GZ_ARTICLE_TAGS_MAX], tag;
	size_t i, j, n = 0, dropped = 0;
	enum gz_err rc;

	for (i = 0; i < it->nterms; i++) {
		if (!wp_is(it->terms[i].domain, "post_tag")) {
			continue;
		}
		if ((rc = wp_tag_of(im, it->terms[i].nicename, it->terms[i].name, &tag)) != GZ_OK) {
			return rc;
		}
		for (j = 0; j < n && ids[j] != tag; j++) {
		}
		if (tag == 0 || j < n) {
			continue;
		}
		if (n == GZ_ARTICLE_TAGS_MAX) {
			dropped++;
			continue;
		}
		ids[n++] = tag;
		if ((rc = gz_import_article_tag(im->db, article, tag)) != GZ_OK) {
			return wp_fail(im, rc, "tagging an article");
		}
	}
	if (dropped > 0) {
		char *why =
		    gz_arena_printf(&im->arena, "%zu tags past Gazette's %d per article left out",
		                    dropped, GZ_ARTICLE_TAGS_MAX);

		wp_note(im, GZ_WP_POST, id, title, why != NULL ? why : "tags left out");
	}
	return GZ_OK;
}

/*
 * Old addresses of a post or page: its permalink, ?p= or ?page_id=, and
 * (posts) /YYYY/MM/DD/slug from its site-time date; each key written once
 * (a date permalink is also the /YYYY/MM/DD/slug address, a plain one the
 * ?p= address), the permalink only on the old site's own host.
 */
static enum gz_err
item_redirects(struct imp *im, const struct gz_wxr_item *it, const char *id, const char *param,
               const char *target)
{
	const char *path[3] = {NULL, "/", NULL}, *query[3] = {NULL, NULL, NULL}, *d = it->post_date;
	char *name, *key[3] = {NULL, NULL, NULL};
	struct wp_url u;
	enum gz_err rc;
	int i, j;

	if ((name = wp_trim(&im->arena, it->post_name)) == NULL ||
	    (query[1] = gz_arena_printf(&im->arena, "%s=%s", param, id)) == NULL) {
		return wp_fail(im, GZ_ENOMEM, "recording an old address");
	}
	if (wp_url_split(it->link, &u) &&
	    (u.host != NULL ? wp_host_is(im->hosts, im->nhosts, u.host, u.hostlen)
	                    : u.path[0] == '/')) {
		path[0] = u.pathlen > 0 ? gz_arena_strndup(&im->arena, u.path, u.pathlen) : "/";
		query[0] =
		    u.query != NULL ? gz_arena_strndup(&im->arena, u.query, u.querylen) : NULL;
	}
	while (*d == ' ') {
		d++;
	}
	if (strcmp(param, "p") == 0 && name[0] != '\0' && wp_time(it->post_date) != 0) {
		path[2] = gz_arena_printf(&im->arena, "/%.4s/%.2s/%.2s/%s", d, d + 5, d + 8, name);
	}
	for (i = 0; i < 3; i++) {
		if (path[i] == NULL ||
		    gz_redirect_key(&im->arena, path[i], query[i], &key[i]) != GZ_OK) {
			/* No such address, or none Gazette can key. */
			key[i] = NULL;
			continue;
		}
		for (j = 0; j < i && (key[j] == NULL || strcmp(key[j], key[i]) != 0); j++) {
		}
		if (j < i) {
			continue;
		}
		if ((rc = wp_redirect_path(im, path[i], query[i], target)) != GZ_OK) {
			return rc;
		}
	}
	return GZ_OK;
}

/* Remember the outcome of the current item for its comments. */
static void
current(struct imp *im, enum gz_wp_kind kind, int64_t article, const char *why, int64_t date)
{
	im->cur_kind = kind;
	im->cur_article = article;
	im->cur_why = why;
	im->cur_date = date;
}

/* An item met before: counted, its comments go to what it became. */
static void
seen_before(struct imp *im, enum gz_wp_kind kind, const char *id, int64_t local,
            const struct gz_wxr_item *it, const char *name, const char *note)
{
	if (local > 0) {
		im->r->counts[kind].existing++;
	} else {
		/* The title is made plain only for the report's line. */
		wp_skip(im, kind, id, it != NULL ? shown(im, it) : name,
		        note != NULL && note[0] != '\0' ? note : "skipped before");
	}
}

/*
 * A post: counted when already imported; else mapped, stored with its
 * tags, recorded in import_map with what changed, and (published only)
 * given its old addresses.  A post that cannot be kept (cut by the
 * reader, a body too large) is skipped with the reason.
 */
static enum gz_err
post(struct imp *im, const struct gz_wxr_item *it, const char *id)
{
	struct gz_import_article a;
	struct gz_import_media m;
	const char *note, *why, *v;
	char *title, *slug, *summary, *body, *desc = "", *target;
	int64_t local, date = item_date(it);
	struct fate f;
	enum gz_err rc;

	current(im, GZ_WP_POST, 0, "its post was not imported", date);
	rc = wp_map_get(im, GZ_WP_POST, id, &local, &note);
	if (rc == GZ_OK) {
		seen_before(im, GZ_WP_POST, id, local, it, NULL, note);
		im->cur_article = local;
		return GZ_OK;
	}
	if (rc != GZ_ENOTFOUND) {
		return wp_fail(im, rc, "looking up a post");
	}
	if (wp_is(it->status, "auto-draft")) {
		wp_skip(im, GZ_WP_POST, id, shown(im, it), "an auto-draft (never written)");
		return wp_map_put(im, GZ_WP_POST, id, 0, "an auto-draft (never written)");
	}
	if (it->truncated) {
		wp_skip(im, GZ_WP_POST, id, shown(im, it),
		        "a field longer than the reader keeps (bodies 4 MiB, other fields 64 KiB)");
		return GZ_OK;
	}
	if (date == 0) {
		date = im->o->now;
	}
	f = post_fate(im, it, date);
	if ((title = item_title(im, it, id, GZ_WP_POST, GZ_ARTICLE_TITLE_MAX)) == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing a post");
	}
	if ((rc = item_body(im, it, &body, &why)) != GZ_OK) {
		if (rc == GZ_EINVAL) {
			wp_skip(im, GZ_WP_POST, id, title, why);
			return GZ_OK;
		}
		return rc;
	}
	memset(&a, 0, sizeof(a));
	if ((slug = trashed_name(im, it->post_name)) == NULL ||
	    (slug = wp_slug(&im->arena, slug, title, GZ_ARTICLE_SLUG_MAX)) == NULL ||
	    (slug = free_slug(im, slug, id)) == NULL ||
	    (summary = wp_plain(&im->arena, it->excerpt, 1)) == NULL ||
	    (summary = wp_cut(&im->arena, summary, GZ_ARTICLE_SUMMARY_MAX)) == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing a post");
	}
	if ((v = wp_meta(it, "_yoast_wpseo_metadesc")) != NULL ||
	    (v = wp_meta(it, "_aioseop_description")) != NULL) {
		if ((desc = wp_plain(&im->arena, v, 0)) == NULL ||
		    (desc = wp_cut(&im->arena, desc, WP_META_DESCRIPTION_MAX)) == NULL) {
			return wp_fail(im, GZ_ENOMEM, "importing a post");
		}
	}
	if ((rc = wp_author(im, it->creator, it->creator, "", NULL, &a.author_id)) != GZ_OK ||
	    (rc = post_category(im, it, &a.category_id)) != GZ_OK) {
		return rc;
	}
	if ((v = wp_meta(it, "_thumbnail_id")) != NULL && wp_trim(&im->arena, v) != NULL) {
		rc = gz_import_media_by_id(im->db, &im->arena, wp_trim(&im->arena, v), &m);
		if (rc == GZ_OK) {
			a.image_id = m.media_id;
		} else if (rc == GZ_ENOTFOUND) {
			wp_note(im, GZ_WP_POST, id, title, "its featured image was not imported");
		} else {
			return wp_fail(im, rc, "looking up a featured image");
		}
	}
	a.slug = slug;
	a.title = title;
	a.summary = summary;
	a.body = body;
	a.meta_description = desc;
	a.status = f.status;
	a.featured = it->is_sticky;
	a.comments_open = wp_is(it->comment_status, "open");
	a.published_at = f.published_at;
	a.created_at = date;
	a.updated_at = date;
	if ((rc = gz_import_article_add(im->db, &a, &local)) != GZ_OK) {
		return wp_fail(im, rc, "storing an article");
	}
	im->r->counts[GZ_WP_POST].imported++;
	if (f.note != NULL) {
		wp_note(im, GZ_WP_POST, id, title, f.note);
	}
	if ((rc = wp_map_put(im, GZ_WP_POST, id, local, f.note)) != GZ_OK ||
	    (rc = post_tags(im, it, id, title, local)) != GZ_OK) {
		return rc;
	}
	current(im, GZ_WP_POST, local, NULL, date);
	if (strcmp(f.status, "published") != 0) {
		/* WordPress never showed it: no old address to keep, and a 301
		 * would give away the slug of a draft or an embargoed story. */
		return GZ_OK;
	}
	if ((target = gz_arena_printf(&im->arena, "/article/%s", slug)) == NULL) {
		return wp_fail(im, GZ_ENOMEM, "recording an old address");
	}
	return item_redirects(im, it, id, "p", target);
}

/*
 * A page: published or a draft; its own slug even under a parent; never
 * over an existing page of the same slug (skipped with the reason).
 */
static enum gz_err
page(struct imp *im, const struct gz_wxr_item *it, const char *id)
{
	const char *status = "published", *note = NULL, *why;
	char *title, *slug, *body, *target;
	int64_t local, date = item_date(it), other;
	enum gz_err rc;

	current(im, GZ_WP_PAGE, 0, "a comment on a page (Gazette pages have no comments)", date);
	rc = wp_map_get(im, GZ_WP_PAGE, id, &local, &note);
	if (rc == GZ_OK) {
		seen_before(im, GZ_WP_PAGE, id, local, it, NULL, note);
		return GZ_OK;
	}
	if (rc != GZ_ENOTFOUND) {
		return wp_fail(im, rc, "looking up a page");
	}
	if (it->truncated) {
		wp_skip(im, GZ_WP_PAGE, id, shown(im, it),
		        "a field longer than the reader keeps (bodies 4 MiB, other fields 64 KiB)");
		return GZ_OK;
	}
	if (!wp_is(it->status, "publish") || it->post_password[0] != '\0') {
		status = "draft";
		note = it->post_password[0] != '\0'   ? "password-protected: kept as a draft"
		       : wp_is(it->status, "private") ? "private: kept as a draft, never public"
		       : wp_is(it->status, "draft")   ? NULL
		                                      : "not published: kept as a draft";
	}
	if ((title = item_title(im, it, id, GZ_WP_PAGE, PAGE_TITLE_MAX)) == NULL ||
	    (slug = wp_slug(&im->arena, it->post_name, title, PAGE_SLUG_MAX)) == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing a page");
	}
	if (slug[0] == '\0' && (slug = gz_arena_printf(&im->arena, "page-%s", id)) == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing a page");
	}
	rc = gz_import_page_find(im->db, slug, &other);
	if (rc == GZ_OK) {
		why = gz_arena_printf(&im->arena, "a page called \"%s\" exists: not overwritten",
		                      slug);
		wp_skip(im, GZ_WP_PAGE, id, title, why != NULL ? why : "its slug is taken");
		return GZ_OK;
	}
	if (rc != GZ_ENOTFOUND) {
		return wp_fail(im, rc, "looking up a page");
	}
	if ((rc = item_body(im, it, &body, &why)) != GZ_OK) {
		if (rc == GZ_EINVAL) {
			wp_skip(im, GZ_WP_PAGE, id, title, why);
			return GZ_OK;
		}
		return rc;
	}
	if ((rc = gz_import_page_add(im->db, slug, title, body, status,
	                             date != 0 ? date : im->o->now, &local)) != GZ_OK) {
		return wp_fail(im, rc, "storing a page");
	}
	im->r->counts[GZ_WP_PAGE].imported++;
	if (note != NULL) {
		wp_note(im, GZ_WP_PAGE, id, title, note);
	}
	if ((rc = wp_map_put(im, GZ_WP_PAGE, id, local, note)) != GZ_OK) {
		return rc;
	}
	if (strcmp(status, "published") != 0) {
		/* As for posts: a page WordPress never showed keeps no address. */
		return GZ_OK;
	}
	if ((target = gz_arena_printf(&im->arena, "/p/%s", slug)) == NULL) {
		return wp_fail(im, GZ_ENOMEM, "recording an old address");
	}
	return item_redirects(im, it, id, "page_id", target);
}

/* Why an item of another post type is not imported. */
static const char *
other_reason(struct imp *im, const char *type)
{
	if (strcmp(type, "nav_menu_item") == 0) {
		return "a menu entry: Gazette's menu is made of its categories and pages";
	}
	if (strcmp(type, "revision") == 0) {
		return "an old revision";
	}
	if (strcmp(type, "wp_block") == 0) {
		return "a reusable block (its uses in posts are converted)";
	}
	if (type[0] == '\0') {
		return "no post type";
	}
	return gz_arena_printf(&im->arena, "post type \"%s\": Gazette has no such content", type);
}

/* An item of another type: recorded as skipped, with the reason, once. */
static enum gz_err
other(struct imp *im, const struct gz_wxr_item *it, const char *id, const char *type)
{
	const char *note, *why;
	int64_t local;
	enum gz_err rc;

	current(im, GZ_WP_OTHER, 0, "its item was not imported", 0);
	rc = wp_map_get(im, GZ_WP_OTHER, id, &local, &note);
	if (rc == GZ_OK) {
		seen_before(im, GZ_WP_OTHER, id, local, it, NULL, note);
		return GZ_OK;
	}
	if (rc != GZ_ENOTFOUND) {
		return wp_fail(im, rc, "looking up an item");
	}
	if ((why = other_reason(im, type)) == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing an item");
	}
	wp_skip(im, GZ_WP_OTHER, id, shown(im, it), why);
	return wp_map_put(im, GZ_WP_OTHER, id, 0, why);
}

/* Dispatch an item of pass 2 by its post type. */
enum gz_err
wp_item(struct imp *im, const struct gz_wxr_item *it)
{
	char *type = wp_trim(&im->arena, it->post_type), *id = wp_trim(&im->arena, it->post_id);

	if (type == NULL || id == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing an item");
	}
	current(im, GZ_WP_OTHER, 0, "its item was not imported", 0);
	if (strcmp(type, "attachment") == 0) {
		/* Made on the first pass. */
		im->cur_why = "a comment on an attachment";
		return GZ_OK;
	}
	if (id[0] == '\0') {
		wp_skip(im,
		        strcmp(type, "post") == 0   ? GZ_WP_POST
		        : strcmp(type, "page") == 0 ? GZ_WP_PAGE
		                                    : GZ_WP_OTHER,
		        "", shown(im, it), "no wp:post_id");
		return GZ_OK;
	}
	if (strcmp(type, "post") == 0) {
		return post(im, it, id);
	}
	if (strcmp(type, "page") == 0) {
		return page(im, it, id);
	}
	return other(im, it, id, type);
}

/* The commenter's name as plain text, for the report ("" when out of memory). */
static const char *
comment_name(struct imp *im, const struct gz_wxr_comment *c)
{
	char *n = wp_plain(&im->carena, c->author, 0);

	return n != NULL ? n : "";
}

/* An author's address kept when it is an http(s) URL of sane length. */
static const char *
author_url(struct imp *im, const char *url)
{
	char *u = wp_trim(&im->carena, url);
	size_t i, n;

	if (u == NULL ||
	    (strncasecmp(u, "http://", 7) != 0 && strncasecmp(u, "https://", 8) != 0)) {
		return "";
	}
	n = strlen(u);
	for (i = 0; i < n; i++) {
		if ((unsigned char)u[i] <= ' ' || u[i] == 0x7F || u[i] == '"' || u[i] == '<' ||
		    u[i] == '>') {
			return "";
		}
	}
	return n <= 2000 ? u : "";
}

/* The Gazette status of a WordPress comment_approved value. */
static const char *
comment_status(const char *approved)
{
	if (wp_is(approved, "1") || wp_is(approved, "approve")) {
		return "approved";
	}
	if (wp_is(approved, "0") || wp_is(approved, "hold")) {
		return "pending";
	}
	if (wp_is(approved, "spam")) {
		return "spam";
	}
	/* "trash", "post-trashed" and anything unknown: never public. */
	return "trash";
}

/*
 * A comment of the current item: skipped when its item was not imported,
 * counted when already here, recorded (not imported) when a pingback or
 * trackback; else stored as plain text with its status, parent (top level
 * when the parent is unknown), author URL (http(s) only) and date.
 */
enum gz_err
wp_comment(struct imp *im, const struct gz_wxr_item *it, const struct gz_wxr_comment *c)
{
	struct gz_import_comment ic;
	struct gz_arena *a = &im->carena;
	char *id = wp_trim(a, c->id), *parent = wp_trim(a, c->parent), *name, *body, *mail;
	const char *note = NULL;
	int64_t local, pid = 0;
	enum gz_err rc;

	(void)it;
	if (id == NULL || parent == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing a comment");
	}
	if (id[0] == '\0') {
		wp_skip(im, GZ_WP_COMMENT, "", comment_name(im, c), "no wp:comment_id");
		return GZ_OK;
	}
	if (im->cur_article == 0) {
		wp_skip(im, GZ_WP_COMMENT, id, comment_name(im, c),
		        im->cur_why != NULL ? im->cur_why : "its post was not imported");
		return GZ_OK;
	}
	rc = wp_map_get(im, GZ_WP_COMMENT, id, &local, &note);
	if (rc == GZ_OK) {
		/* A second run: no HTML parsed for a comment already here. */
		seen_before(im, GZ_WP_COMMENT, id, local, NULL,
		            local > 0 ? "" : comment_name(im, c), note);
		return GZ_OK;
	}
	if (rc != GZ_ENOTFOUND) {
		return wp_fail(im, rc, "looking up a comment");
	}
	if ((name = wp_plain(a, c->author, 0)) == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing a comment");
	}
	if (wp_is(c->type, "pingback") || wp_is(c->type, "trackback")) {
		note = wp_is(c->type, "pingback") ? "a pingback: not imported"
		                                  : "a trackback: not imported";
		wp_skip(im, GZ_WP_COMMENT, id, name, note);
		return wp_map_put(im, GZ_WP_COMMENT, id, 0, note);
	}
	if (c->truncated) {
		wp_skip(im, GZ_WP_COMMENT, id, name, "longer than the reader keeps (4 MiB)");
		return GZ_OK;
	}
	if ((body = wp_plain(a, c->content, 1)) == NULL ||
	    (body = wp_cut(a, body, WP_COMMENT_MAX)) == NULL ||
	    (name = wp_cut(a, name, WP_NAME_MAX)) == NULL ||
	    (mail = wp_trim(a, c->author_email)) == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing a comment");
	}
	if (body[0] == '\0') {
		wp_skip(im, GZ_WP_COMMENT, id, name, "no text");
		return GZ_OK;
	}
	if (parent[0] != '\0' && strcmp(parent, "0") != 0) {
		rc = wp_map_get(im, GZ_WP_COMMENT, parent, &pid, NULL);
		if (rc != GZ_OK && rc != GZ_ENOTFOUND) {
			return wp_fail(im, rc, "looking up a comment");
		}
		if (pid == 0) {
			note = "its parent was not imported: shown at the top level";
		}
	}
	memset(&ic, 0, sizeof(ic));
	ic.article_id = im->cur_article;
	ic.parent_id = pid;
	ic.author_name = name[0] != '\0' ? name : "Anonymous";
	ic.author_email = gz_user_email_valid(mail) ? mail : "";
	ic.author_url = author_url(im, c->author_url);
	ic.body = body;
	ic.status = comment_status(c->approved);
	ic.created_at = wp_time(c->date_gmt);
	if (ic.created_at == 0 && (ic.created_at = wp_time(c->date)) == 0) {
		ic.created_at = im->cur_date != 0 ? im->cur_date : im->o->now;
	}
	ic.now = im->o->now;
	if ((rc = gz_import_comment_add(im->db, &ic, &local)) != GZ_OK) {
		return wp_fail(im, rc, "storing a comment");
	}
	im->r->counts[GZ_WP_COMMENT].imported++;
	if (note != NULL) {
		wp_note(im, GZ_WP_COMMENT, id, name, note);
	}
	return wp_map_put(im, GZ_WP_COMMENT, id, local, note);
}
