/*
 * `gazette import wordpress`, the driver (see gazette/wp_import.h): two
 * passes of the stream reader over the export, the batches (one write
 * transaction per GZ_WP_IMPORT_BATCH items, the generation bumped once
 * when the batch wrote something), the dry run (one transaction rolled
 * back, media written to a temporary folder that is removed), the report,
 * and the records of the first pass: the site, authors, categories and
 * tags.  Posts, pages and comments are wp_import_item.c's; attachments and
 * the addresses inside bodies wp_import_media.c's.
 *
 * Every record is looked up in import_map before anything is made, so a
 * second run makes nothing and writes nothing (no batch is dirty, so the
 * generation stays), and a run after an interruption makes what the last
 * committed batch had not.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/import.h"
#include "gazette/media.h"
#include "gazette/redirect.h"
#include "gazette/settings.h"
#include "gazette/str.h"
#include "gazette/user.h"
#include "gazette/utf8.h"
#include "gazette/category.h"
#include "gazette/tag.h"
#include "wp_import_internal.h"

static const char *const plurals[GZ_WP_NKINDS] = {
    "authors", "categories", "tags", "posts", "pages", "media", "comments", "other items",
};

const char *
gz_wp_kind_plural(enum gz_wp_kind kind)
{
	return (unsigned)kind < GZ_WP_NKINDS ? plurals[kind] : "items";
}

/* The import_map kind of a report kind (the same order, by design). */
static enum gz_import_kind
map_kind(enum gz_wp_kind kind)
{
	_Static_assert((int)GZ_WP_MEDIA == (int)GZ_IMPORT_ATTACHMENT &&
	                   (int)GZ_WP_OTHER == (int)GZ_IMPORT_OTHER &&
	                   (int)GZ_WP_NKINDS == (int)GZ_IMPORT_NKINDS,
	               "report kinds and import_map kinds line up");
	return (enum gz_import_kind)kind;
}

/* See wp_import_internal.h for this and the other wp_ functions. */
enum gz_err
wp_fail(struct imp *im, enum gz_err rc, const char *what)
{
	gz_errf(im->err, im->errsz, "%s: %s", what, gz_strerror(rc));
	return rc;
}

enum gz_err
wp_map_get(struct imp *im, enum gz_wp_kind kind, const char *wp_id, int64_t *local_id,
           const char **note)
{
	return gz_import_map_get(im->db, &im->arena, im->source, map_kind(kind), wp_id, local_id,
	                         note);
}

enum gz_err
wp_map_put(struct imp *im, enum gz_wp_kind kind, const char *wp_id, int64_t local_id,
           const char *note)
{
	enum gz_err rc =
	    gz_import_map_put(im->db, im->source, map_kind(kind), wp_id, local_id, note);

	return rc != GZ_OK ? wp_fail(im, rc, "recording what was imported") : wp_dirty(im);
}

enum gz_err
wp_dirty(struct imp *im)
{
	im->dirty = 1;
	return GZ_OK;
}

/*
 * A copy of s (NULL: "") fit for one line of a terminal: at most max bytes
 * cut on a character boundary, controls (C0, DEL and C1, which some
 * terminals obey) made spaces.  malloc'd; NULL when out of memory.
 */
static char *
line_text(const char *s, size_t max)
{
	size_t n, i, j = 0;
	char *out;

	s = s != NULL ? s : "";
	n = gz_utf8_truncate(s, strlen(s), max);
	if ((out = malloc(n + 1)) == NULL) {
		return NULL;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] < 0xA0) {
			out[j++] = ' ';
			i++;
		} else {
			out[j++] = c < 0x20 || c == 0x7F ? ' ' : (char)c;
		}
	}
	out[j] = '\0';
	return out;
}

void
wp_line(struct gz_wp_lines *l, enum gz_wp_kind kind, const char *id, const char *what,
        const char *why)
{
	struct gz_wp_line *grown, *line;

	if (l->nitems >= GZ_WP_REPORT_LINES_MAX) {
		l->dropped++;
		return;
	}
	if ((l->nitems & (l->nitems - 1)) == 0) {
		/* Room doubles at each power of two: 1, 2, 4, ... */
		grown = realloc(l->items, (l->nitems == 0 ? 1 : l->nitems * 2) * sizeof(*grown));
		if (grown == NULL) {
			l->dropped++;
			return;
		}
		l->items = grown;
	}
	line = &l->items[l->nitems];
	line->kind = kind;
	/* Bounded, so a report holds at most some hundreds of kilobytes. */
	line->id = line_text(id, 200);
	line->what = line_text(what, 120);
	line->why = line_text(why, 300);
	if (line->id == NULL || line->what == NULL || line->why == NULL) {
		free(line->id);
		free(line->what);
		free(line->why);
		l->dropped++;
		return;
	}
	l->nitems++;
}

void
wp_skip(struct imp *im, enum gz_wp_kind kind, const char *id, const char *what, const char *why)
{
	im->r->counts[kind].skipped++;
	wp_line(&im->r->skipped, kind, id, what, why);
}

void
wp_note(struct imp *im, enum gz_wp_kind kind, const char *id, const char *what, const char *why)
{
	wp_line(&im->r->notes, kind, id, what, why);
}

/* Release a report list. */
static void
free_lines(struct gz_wp_lines *l)
{
	size_t i;

	for (i = 0; i < l->nitems; i++) {
		free(l->items[i].id);
		free(l->items[i].what);
		free(l->items[i].why);
	}
	free(l->items);
	memset(l, 0, sizeof(*l));
}

void
gz_wp_report_free(struct gz_wp_report *r)
{
	free(r->site);
	free(r->wxr_version);
	free_lines(&r->skipped);
	free_lines(&r->notes);
	free_lines(&r->missing);
	memset(r, 0, sizeof(*r));
}

enum gz_err
wp_redirect_path(struct imp *im, const char *path, const char *query, const char *target)
{
	enum gz_err rc;

	/* The key's scratch: no comment is being made while an address is. */
	rc = gz_redirect_put(im->db, &im->carena, path, query, target, im->o->now);
	gz_arena_reset(&im->carena);
	if (rc == GZ_EINVAL) {
		/* An address Gazette cannot key (too long, not a path) stays unanswered. */
		return GZ_OK;
	}
	if (rc != GZ_OK) {
		return wp_fail(im, rc, "recording an old address");
	}
	im->r->redirects++;
	return wp_dirty(im);
}

/*
 * Make url, an address of the old site (absolute, or a path), answer 301 to
 * target.  Addresses on other hosts than the export's own are ignored.
 */
enum gz_err
wp_redirect(struct imp *im, const char *url, const char *target)
{
	struct wp_url u;
	char *path, *query = NULL;

	if (url == NULL || url[0] == '\0' || !wp_url_split(url, &u)) {
		return GZ_OK;
	}
	if (u.host != NULL ? !wp_host_is(im->hosts, im->nhosts, u.host, u.hostlen)
	                   : u.path[0] != '/') {
		return GZ_OK;
	}
	path = u.pathlen > 0 ? gz_arena_strndup(&im->arena, u.path, u.pathlen)
	                     : gz_arena_strdup(&im->arena, "/");
	if (u.query != NULL) {
		query = gz_arena_strndup(&im->arena, u.query, u.querylen);
	}
	if (path == NULL || (u.query != NULL && query == NULL)) {
		return wp_fail(im, GZ_ENOMEM, "recording an old address");
	}
	return wp_redirect_path(im, path, query, target);
}

/* ---- Batches ---- */

/* Commit the open batch (bumping the generation when it wrote something). */
static enum gz_err
batch_close(struct imp *im)
{
	enum gz_err rc;

	if (!im->in_tx || im->o->dry_run) {
		return GZ_OK;
	}
	im->in_tx = 0;
	if (im->dirty && (rc = gz_db_bump(im->db)) != GZ_OK) {
		gz_db_rollback(im->db);
		return wp_fail(im, rc, "finishing a batch");
	}
	if ((rc = gz_db_commit(im->db)) != GZ_OK) {
		return wp_fail(im, rc, "committing a batch");
	}
	im->r->batches++;
	return GZ_OK;
}

/* Before each item: a batch open, a new one once the last is full. */
static enum gz_err
batch_next(struct imp *im)
{
	enum gz_err rc;

	if (im->o->dry_run) {
		return GZ_OK;
	}
	if (im->in_tx && im->nbatch >= GZ_WP_IMPORT_BATCH && (rc = batch_close(im)) != GZ_OK) {
		return rc;
	}
	if (!im->in_tx) {
		if ((rc = gz_db_begin(im->db)) != GZ_OK) {
			return wp_fail(im, rc, "starting a batch");
		}
		im->in_tx = 1;
		im->dirty = 0;
		im->nbatch = 0;
	}
	im->nbatch++;
	return GZ_OK;
}

/* ---- The site ---- */

static void
add_host(char **hosts, size_t *n, const char *url)
{
	struct wp_url u;
	char *k;

	if (*n >= WP_HOSTS_MAX || !wp_url_split(url, &u) || u.host == NULL || u.hostlen == 0 ||
	    wp_host_is(hosts, *n, u.host, u.hostlen)) {
		return;
	}
	if ((k = wp_host_key(u.host, u.hostlen)) != NULL) {
		hosts[(*n)++] = k;
	}
}

void
wp_media_host(struct imp *im, const char *url)
{
	add_host(im->media_hosts, &im->nmedia_hosts, url);
}

/*
 * The export's site: pass 1 takes its key (wp:base_blog_url, else <link>,
 * without trailing slashes) and its hosts; pass 2 checks it is the same.
 */
static enum gz_err
on_site(void *ctx, const struct gz_wxr_site *site)
{
	struct imp *im = ctx;
	const char *key = site->base_blog_url[0] != '\0' ? site->base_blog_url : site->link;
	struct gz_span t = gz_str_trim(key, strlen(key));
	char *source;

	/* One spelling of the key: "https://x.org/" and "https://x.org" are one site. */
	while (t.n > 0 && t.p[t.n - 1] == '/') {
		t.n--;
	}
	if (t.n == 0) {
		gz_errf(im->err, im->errsz,
		        "the export names no site (no wp:base_blog_url and no <link>)");
		return GZ_EINVAL;
	}
	if ((source = strndup(t.p, t.n)) == NULL) {
		return wp_fail(im, GZ_ENOMEM, "reading the site");
	}
	if (im->pass == 2) {
		int same = strcmp(source, im->source) == 0;

		free(source);
		if (!same) {
			gz_errf(im->err, im->errsz, "the export changed between the two passes");
			return GZ_EINVAL;
		}
		return GZ_OK;
	}
	im->source = source;
	add_host(im->hosts, &im->nhosts, site->base_blog_url);
	add_host(im->hosts, &im->nhosts, site->link);
	im->r->site = strdup(source);
	im->r->wxr_version = strdup(site->wxr_version);
	return GZ_OK;
}

/* ---- Authors ---- */

/* A Gazette login from a WordPress one: its letters, digits, '_', '.'
 * and '-' kept, anything else '-', at most GZ_USER_LOGIN_MAX bytes. */
static char *
login_of(struct gz_arena *a, const char *wp_login)
{
	size_t n = strlen(wp_login), i, j = 0;
	char *s = gz_arena_alloc(a, GZ_USER_LOGIN_MAX + 1);
	char c;

	if (s == NULL) {
		return NULL;
	}
	for (i = 0; i < n && j < GZ_USER_LOGIN_MAX; i++) {
		c = wp_login[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '_' || c == '.' || c == '-') {
			s[j++] = c;
		} else if (j > 0 && s[j - 1] != '-') {
			s[j++] = '-';
		}
		if ((unsigned char)c >= 0x80) {
			/* The rest of a UTF-8 character adds nothing more. */
			while (i + 1 < n && ((unsigned char)wp_login[i + 1] & 0xC0) == 0x80) {
				i++;
			}
		}
	}
	while (j > 0 && s[j - 1] == '-') {
		j--;
	}
	s[j] = '\0';
	return gz_user_login_valid(s) ? s : gz_arena_strdup(a, "author");
}

/* WordPress's author address name (user_nicename): the login, lowercase,
 * every run of other characters than letters, digits and '-' made '-'. */
static char *
nicename_of(struct gz_arena *a, const char *login)
{
	char *s = NULL;

	return gz_slugify(a, login, GZ_USER_LOGIN_MAX * 4, &s) == GZ_OK ? s : NULL;
}

enum gz_err
wp_author(struct imp *im, const char *wp_login, const char *display_name, const char *email,
          const char *wp_user_id, int64_t *id)
{
	char *key = wp_trim(&im->arena, wp_login), *login, *name, *mail, *target, *path, *nice;
	const char *note = "";
	enum gz_err rc;
	int64_t local;

	if (key == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing an author");
	}
	if (key[0] == '\0') {
		/* Items that name no author get one account of their own. */
		key = "wordpress";
		display_name = "WordPress";
	}
	rc = wp_map_get(im, GZ_WP_AUTHOR, key, &local, NULL);
	if (rc == GZ_OK && local > 0) {
		*id = local;
		return GZ_OK;
	}
	if (rc != GZ_OK && rc != GZ_ENOTFOUND) {
		return wp_fail(im, rc, "looking up an author");
	}
	if ((login = login_of(&im->arena, key)) == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing an author");
	}
	name = wp_plain(&im->arena, display_name != NULL ? display_name : "", 0);
	mail = wp_trim(&im->arena, email != NULL ? email : "");
	if (name == NULL || mail == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing an author");
	}
	if (name[0] == '\0') {
		name = key;
	}
	if ((name = wp_cut(&im->arena, name, GZ_USER_NAME_MAX)) == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing an author");
	}
	if (!gz_user_email_valid(mail)) {
		mail = "";
	}
	rc = gz_import_user_find(im->db, login, &local);
	if (rc == GZ_OK) {
		note = "an existing account with this login is used";
		im->r->counts[GZ_WP_AUTHOR].existing++;
		wp_note(im, GZ_WP_AUTHOR, key, login, note);
	} else if (rc == GZ_ENOTFOUND) {
		if ((rc = gz_import_user_add(im->db, login, name, mail, im->o->now, &local)) !=
		    GZ_OK) {
			return wp_fail(im, rc, "creating an author account");
		}
		im->r->counts[GZ_WP_AUTHOR].imported++;
		if (strcmp(login, key) != 0) {
			note = "login changed to fit Gazette's rules (letters, digits, . _ -)";
			wp_note(im, GZ_WP_AUTHOR, key, login, note);
		}
	} else {
		return wp_fail(im, rc, "looking up an account");
	}
	if ((rc = wp_map_put(im, GZ_WP_AUTHOR, key, local, note)) != GZ_OK) {
		return rc;
	}
	target = gz_arena_printf(&im->arena, "/author/%s", login);
	path = gz_arena_printf(&im->arena, "/author/%s", key);
	nice = nicename_of(&im->arena, key);
	if (target == NULL || path == NULL || nice == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing an author");
	}
	if ((rc = wp_redirect_path(im, path, NULL, target)) != GZ_OK) {
		return rc;
	}
	if (nice[0] != '\0' && strcmp(nice, key) != 0 &&
	    ((path = gz_arena_printf(&im->arena, "/author/%s", nice)) == NULL ||
	     (rc = wp_redirect_path(im, path, NULL, target)) != GZ_OK)) {
		return path == NULL ? wp_fail(im, GZ_ENOMEM, "importing an author") : rc;
	}
	if (wp_user_id != NULL && wp_user_id[0] != '\0') {
		char *q = gz_arena_printf(&im->arena, "author=%s", wp_user_id);

		if (q == NULL || (rc = wp_redirect_path(im, "/", q, target)) != GZ_OK) {
			return q == NULL ? wp_fail(im, GZ_ENOMEM, "importing an author") : rc;
		}
	}
	*id = local;
	return GZ_OK;
}

/* A declared author (pass 1): counted when already imported, else made. */
static enum gz_err
on_author(void *ctx, const struct gz_wxr_author *a)
{
	struct imp *im = ctx;
	char *key, *name;
	enum gz_err rc;
	int64_t id, local;

	gz_arena_reset(&im->arena);
	if ((rc = batch_next(im)) != GZ_OK) {
		return rc;
	}
	if ((key = wp_trim(&im->arena, a->login)) == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing an author");
	}
	if (key[0] == '\0') {
		wp_skip(im, GZ_WP_AUTHOR, a->id, a->display_name, "no login");
		return GZ_OK;
	}
	rc = wp_map_get(im, GZ_WP_AUTHOR, key, &local, NULL);
	if (rc == GZ_OK) {
		im->r->counts[GZ_WP_AUTHOR].existing++;
		return GZ_OK;
	}
	if (rc != GZ_ENOTFOUND) {
		return wp_fail(im, rc, "looking up an author");
	}
	name = wp_trim(&im->arena, a->display_name);
	if (name == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing an author");
	}
	if (name[0] == '\0') {
		name = gz_arena_printf(&im->arena, "%s %s", a->first_name, a->last_name);
		if (name == NULL) {
			return wp_fail(im, GZ_ENOMEM, "importing an author");
		}
	}
	return wp_author(im, key, name, a->email, a->id, &id);
}

/* ---- Categories and tags ---- */

/* Name and description of a term as plain text within Gazette's bounds. */
static enum gz_err
term_text(struct imp *im, const char *name_html, const char *desc_html, const char *slug,
          size_t name_max, char **name, char **desc)
{
	char *n = wp_plain(&im->arena, name_html, 0);
	char *d = wp_plain(&im->arena, desc_html != NULL ? desc_html : "", 1);

	if (n == NULL || d == NULL) {
		return GZ_ENOMEM;
	}
	if (n[0] == '\0') {
		n = (char *)slug;
	}
	*name = wp_cut(&im->arena, n, name_max);
	*desc = wp_cut(&im->arena, d, GZ_CATEGORY_DESCRIPTION_MAX);
	return *name != NULL && *desc != NULL ? GZ_OK : GZ_ENOMEM;
}

/* A tag name may hold no comma (the editor splits tags on them). */
static void
no_commas(char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == ',') {
			*s = ' ';
		}
	}
}

/*
 * Record the old addresses of category (raw slug as exported, its chain
 * "parent/child" and WordPress id) for its new slug.
 */
static enum gz_err
category_redirects(struct imp *im, const char *raw, const char *chain, const char *wp_id,
                   const char *slug)
{
	char *target = gz_arena_printf(&im->arena, "/category/%s", slug);
	char *path = gz_arena_printf(&im->arena, "/category/%s", chain);
	enum gz_err rc;

	if (target == NULL || path == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing a category");
	}
	if ((rc = wp_redirect_path(im, path, NULL, target)) != GZ_OK) {
		return rc;
	}
	if (strcmp(chain, raw) != 0 &&
	    ((path = gz_arena_printf(&im->arena, "/category/%s", raw)) == NULL ||
	     (rc = wp_redirect_path(im, path, NULL, target)) != GZ_OK)) {
		return path == NULL ? wp_fail(im, GZ_ENOMEM, "importing a category") : rc;
	}
	if (wp_id != NULL && wp_id[0] != '\0') {
		char *q = gz_arena_printf(&im->arena, "cat=%s", wp_id);

		if (q == NULL || (rc = wp_redirect_path(im, "/", q, target)) != GZ_OK) {
			return q == NULL ? wp_fail(im, GZ_ENOMEM, "importing a category") : rc;
		}
	}
	return GZ_OK;
}

/* The old /tag/<raw> and /?tag=<raw> addresses of a tag now at slug. */
static enum gz_err
tag_redirects(struct imp *im, const char *raw, const char *slug)
{
	char *target = gz_arena_printf(&im->arena, "/tag/%s", slug);
	char *path = gz_arena_printf(&im->arena, "/tag/%s", raw);
	char *q = gz_arena_printf(&im->arena, "tag=%s", raw);
	enum gz_err rc;

	if (target == NULL || path == NULL || q == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing a tag");
	}
	if ((rc = wp_redirect_path(im, path, NULL, target)) != GZ_OK) {
		return rc;
	}
	return wp_redirect_path(im, "/", q, target);
}

/*
 * A declared category: made (or an existing one with its slug used) under
 * its parent, which WordPress declares first; its chain of slugs kept for
 * the old /category/a/b/ address and for its children.
 */
static enum gz_err
category(struct imp *im, const struct gz_wxr_term *t)
{
	char *raw = wp_trim(&im->arena, t->slug), *id = wp_trim(&im->arena, t->id);
	char *parent_raw = wp_trim(&im->arena, t->parent_slug), *slug, *name, *desc;
	const char *chain, *parent_chain = NULL, *key;
	int64_t local = 0, parent = 0;
	enum gz_err rc;

	if (raw == NULL || id == NULL || parent_raw == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing a category");
	}
	key = id[0] != '\0' ? id : raw;
	if (parent_raw[0] != '\0') {
		rc = gz_import_chain_get(im->db, &im->arena, parent_raw, &parent_chain, &parent);
		if (rc != GZ_OK && rc != GZ_ENOTFOUND) {
			return wp_fail(im, rc, "looking up a parent category");
		}
	}
	chain =
	    parent_chain != NULL ? gz_arena_printf(&im->arena, "%s/%s", parent_chain, raw) : raw;
	if (chain == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing a category");
	}
	rc = wp_map_get(im, GZ_WP_CATEGORY, key, &local, NULL);
	if (rc == GZ_OK) {
		if (local > 0) {
			im->r->counts[GZ_WP_CATEGORY].existing++;
		} else {
			im->r->counts[GZ_WP_CATEGORY].skipped++;
		}
		rc = gz_import_chain_put(im->db, raw, chain, local);
		return rc != GZ_OK ? wp_fail(im, rc, "remembering a category") : GZ_OK;
	}
	if (rc != GZ_ENOTFOUND) {
		return wp_fail(im, rc, "looking up a category");
	}
	if ((slug = wp_slug(&im->arena, raw, t->name, GZ_CATEGORY_SLUG_MAX)) == NULL ||
	    term_text(im, t->name, t->description, slug, GZ_CATEGORY_NAME_MAX, &name, &desc) !=
	        GZ_OK) {
		return wp_fail(im, GZ_ENOMEM, "importing a category");
	}
	if (slug[0] == '\0') {
		wp_skip(im, GZ_WP_CATEGORY, key, t->name,
		        "neither its slug nor its name gives a slug");
		return GZ_OK;
	}
	if (parent_raw[0] != '\0' && parent == 0) {
		wp_note(im, GZ_WP_CATEGORY, key, name, "its parent was not found: made top-level");
	}
	rc = gz_import_category_find(im->db, slug, &local);
	if (rc == GZ_OK) {
		im->r->counts[GZ_WP_CATEGORY].existing++;
		wp_note(im, GZ_WP_CATEGORY, key, name,
		        "an existing category with this slug is used");
	} else if (rc == GZ_ENOTFOUND) {
		if ((rc = gz_import_category_add(im->db, slug, name, desc, parent, &local)) !=
		    GZ_OK) {
			return wp_fail(im, rc, "creating a category");
		}
		im->r->counts[GZ_WP_CATEGORY].imported++;
	} else {
		return wp_fail(im, rc, "looking up a category");
	}
	if ((rc = wp_map_put(im, GZ_WP_CATEGORY, key, local, "")) != GZ_OK) {
		return rc;
	}
	if ((rc = gz_import_chain_put(im->db, raw, chain, local)) != GZ_OK) {
		return wp_fail(im, rc, "remembering a category");
	}
	return category_redirects(im, raw, chain, id, slug);
}

/* A declared tag: made, or an existing one with its slug used. */
static enum gz_err
tag(struct imp *im, const struct gz_wxr_term *t)
{
	char *raw = wp_trim(&im->arena, t->slug), *id = wp_trim(&im->arena, t->id);
	char *slug, *name, *desc;
	const char *key;
	int64_t local = 0;
	enum gz_err rc;

	if (raw == NULL || id == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing a tag");
	}
	key = id[0] != '\0' ? id : raw;
	rc = wp_map_get(im, GZ_WP_TAG, key, &local, NULL);
	if (rc == GZ_OK) {
		im->r->counts[GZ_WP_TAG].existing += local > 0;
		im->r->counts[GZ_WP_TAG].skipped += local == 0;
		return GZ_OK;
	}
	if (rc != GZ_ENOTFOUND) {
		return wp_fail(im, rc, "looking up a tag");
	}
	if ((slug = wp_slug(&im->arena, raw, t->name, GZ_TAG_SLUG_MAX)) == NULL ||
	    term_text(im, t->name, t->description, slug, GZ_TAG_NAME_MAX, &name, &desc) != GZ_OK) {
		return wp_fail(im, GZ_ENOMEM, "importing a tag");
	}
	if (slug[0] == '\0') {
		wp_skip(im, GZ_WP_TAG, key, t->name, "neither its slug nor its name gives a slug");
		return GZ_OK;
	}
	no_commas(name);
	rc = gz_import_tag_find(im->db, slug, &local);
	if (rc == GZ_OK) {
		im->r->counts[GZ_WP_TAG].existing++;
	} else if (rc == GZ_ENOTFOUND) {
		if ((rc = gz_import_tag_add(im->db, slug, name, desc, &local)) != GZ_OK) {
			return wp_fail(im, rc, "creating a tag");
		}
		im->r->counts[GZ_WP_TAG].imported++;
	} else {
		return wp_fail(im, rc, "looking up a tag");
	}
	if ((rc = wp_map_put(im, GZ_WP_TAG, key, local, "")) != GZ_OK) {
		return rc;
	}
	return tag_redirects(im, raw, slug);
}

/* A declared term (pass 1): categories and tags; other taxonomies counted. */
static enum gz_err
on_term(void *ctx, const struct gz_wxr_term *t)
{
	struct imp *im = ctx;
	enum gz_err rc;

	gz_arena_reset(&im->arena);
	if ((rc = batch_next(im)) != GZ_OK) {
		return rc;
	}
	if (t->kind == GZ_WXR_CATEGORY || wp_is(t->taxonomy, "category")) {
		return category(im, t);
	}
	if (t->kind == GZ_WXR_TAG || wp_is(t->taxonomy, "post_tag")) {
		return tag(im, t);
	}
	im->r->other_terms++;
	return GZ_OK;
}

/*
 * The category an item names by slug (and name): the one its slug leads
 * to, made when the export did not declare it.  *id 0 when neither gives
 * a slug.
 */
enum gz_err
wp_category_of(struct imp *im, const char *nicename, const char *name, int64_t *id)
{
	const char *chain;
	char *raw = wp_trim(&im->arena, nicename), *slug, *text, *desc;
	enum gz_err rc;

	*id = 0;
	if (raw == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing a category");
	}
	if (raw[0] != '\0') {
		rc = gz_import_chain_get(im->db, &im->arena, raw, &chain, id);
		if (rc == GZ_OK && *id > 0) {
			return GZ_OK;
		}
		if (rc != GZ_OK && rc != GZ_ENOTFOUND) {
			return wp_fail(im, rc, "looking up a category");
		}
		*id = 0;
	}
	if ((slug = wp_slug(&im->arena, raw, name, GZ_CATEGORY_SLUG_MAX)) == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing a category");
	}
	if (slug[0] == '\0') {
		return GZ_OK;
	}
	rc = gz_import_category_find(im->db, slug, id);
	if (rc == GZ_OK || rc != GZ_ENOTFOUND) {
		return rc == GZ_OK ? GZ_OK : wp_fail(im, rc, "looking up a category");
	}
	if (term_text(im, name, "", slug, GZ_CATEGORY_NAME_MAX, &text, &desc) != GZ_OK) {
		return wp_fail(im, GZ_ENOMEM, "importing a category");
	}
	if ((rc = gz_import_category_add(im->db, slug, text, "", 0, id)) != GZ_OK) {
		return wp_fail(im, rc, "creating a category");
	}
	im->r->counts[GZ_WP_CATEGORY].imported++;
	wp_note(im, GZ_WP_CATEGORY, raw[0] != '\0' ? raw : slug, text,
	        "used by a post but not declared in the export: created");
	if ((rc = wp_dirty(im)) != GZ_OK) {
		return rc;
	}
	if (raw[0] != '\0') {
		return category_redirects(im, raw, raw, NULL, slug);
	}
	return GZ_OK;
}

/* The tag an item names, made when the export did not declare it; *id 0
 * when it gives no slug. */
enum gz_err
wp_tag_of(struct imp *im, const char *nicename, const char *name, int64_t *id)
{
	char *raw = wp_trim(&im->arena, nicename), *slug, *text, *desc;
	enum gz_err rc;

	*id = 0;
	if (raw == NULL || (slug = wp_slug(&im->arena, raw, name, GZ_TAG_SLUG_MAX)) == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing a tag");
	}
	if (slug[0] == '\0') {
		return GZ_OK;
	}
	rc = gz_import_tag_find(im->db, slug, id);
	if (rc == GZ_OK || rc != GZ_ENOTFOUND) {
		return rc == GZ_OK ? GZ_OK : wp_fail(im, rc, "looking up a tag");
	}
	if (term_text(im, name, "", slug, GZ_TAG_NAME_MAX, &text, &desc) != GZ_OK) {
		return wp_fail(im, GZ_ENOMEM, "importing a tag");
	}
	no_commas(text);
	if ((rc = gz_import_tag_add(im->db, slug, text, "", id)) != GZ_OK) {
		return wp_fail(im, rc, "creating a tag");
	}
	im->r->counts[GZ_WP_TAG].imported++;
	if ((rc = wp_dirty(im)) != GZ_OK) {
		return rc;
	}
	return raw[0] != '\0' ? tag_redirects(im, raw, slug) : GZ_OK;
}

/* ---- The passes ---- */

static enum gz_err
on_item(void *ctx, const struct gz_wxr_item *it)
{
	struct imp *im = ctx;
	enum gz_err rc;

	gz_arena_reset(&im->arena);
	if ((rc = batch_next(im)) != GZ_OK) {
		return rc;
	}
	if (im->pass == 1) {
		return wp_is(it->post_type, "attachment") ? wp_attachment(im, it) : GZ_OK;
	}
	return wp_item(im, it);
}

/* Each comment (pass 2), in its own scratch. */
static enum gz_err
on_comment(void *ctx, const struct gz_wxr_item *it, const struct gz_wxr_comment *c)
{
	struct imp *im = ctx;

	gz_arena_reset(&im->carena);
	return wp_comment(im, it, c);
}

/* The reader's progress, handed on with the pass. */
static void
on_progress(void *ctx, uint64_t done, uint64_t total)
{
	struct imp *im = ctx;

	if (im->o->progress != NULL) {
		im->o->progress(im->o->ctx, im->pass, done, total);
	}
}

/* Remove the dry run's temporary media folder and the files in it. */
static void
remove_tmp_dir(const char *dir)
{
	struct dirent *e;
	char path[PATH_MAX];
	DIR *d;

	if ((d = opendir(dir)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
				continue;
			}
			if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) <
			    sizeof(path)) {
				unlink(path);
			}
		}
		closedir(d);
	}
	rmdir(dir);
}

/* The largest media file, from the setting the upload form uses. */
static size_t
media_max(struct gz_db *db)
{
	int64_t v = gz_setting_int(db, "media_max_bytes", GZ_MEDIA_DEFAULT_MAX);

	/* Bounded like the settings form bounds it, so one file never costs
	 * the import more than 64 MiB of memory. */
	if (v <= 0) {
		v = GZ_MEDIA_DEFAULT_MAX;
	}
	return v > 8 * (int64_t)GZ_MEDIA_DEFAULT_MAX ? 8 * (size_t)GZ_MEDIA_DEFAULT_MAX : (size_t)v;
}

/*
 * One pass over the file with the handler for it.  Pass 0 only reads: a
 * file that is not a whole, well-formed export (a download cut short) is
 * refused before anything is written, at the cost of one more read
 * (3.4 s for 771 MB).
 */
static enum gz_err
run_pass(struct imp *im, int pass)
{
	struct gz_wxr_handler h = {im, on_site, NULL, NULL, on_item, NULL, on_progress};
	enum gz_err rc;

	im->pass = pass;
	if (pass == 0) {
		struct gz_wxr_handler check = {NULL, NULL, NULL, NULL, NULL, NULL, NULL};
		char why[512];

		why[0] = '\0';
		rc = gz_wxr_read_file(im->o->path, &check, why, sizeof(why));
		if (rc == GZ_EINVAL) {
			/* "site.xml: line 877: not well-formed XML: ..." */
			gz_errf(im->err, im->errsz, "%s: %s", im->o->path, why);
		} else if (rc != GZ_OK) {
			gz_errf(im->err, im->errsz, "%s", why);
		}
		return rc;
	}
	if (pass == 1) {
		h.author = on_author;
		h.term = on_term;
	} else {
		h.comment = on_comment;
	}
	rc = gz_wxr_read_file(im->o->path, &h, im->err, im->errsz);
	if (rc == GZ_OK) {
		rc = batch_close(im);
	}
	return rc;
}

enum gz_err
gz_wp_import(struct gz_db *db, const struct gz_wp_import_opts *o, struct gz_wp_report *r, char *err,
             size_t errsz)
{
	char tmpl[PATH_MAX], *tmp_dir = NULL;
	struct imp im;
	struct stat sb;
	enum gz_err rc;
	size_t i;
	int outer = 0;

	memset(r, 0, sizeof(*r));
	memset(&im, 0, sizeof(im));
	im.db = db;
	im.o = o;
	im.r = r;
	im.err = err;
	im.errsz = errsz;
	im.media_dir = o->media_dir;
	gz_arena_init(&im.arena, 64 * 1024, WP_ITEM_ARENA_MAX);
	gz_arena_init(&im.carena, 16 * 1024, WP_COMMENT_ARENA_MAX);
	if (strcmp(o->path, "-") == 0) {
		/* Two passes read the file twice: a pipe cannot be read again. */
		gz_errf(err, errsz, "the export is read twice: give it as a file, not on stdin");
		rc = GZ_EIO;
		goto fail;
	}
	if (stat(o->path, &sb) != 0) {
		gz_errf(err, errsz, "cannot read %s: %s", o->path, strerror(errno));
		rc = GZ_EIO;
		goto fail;
	}
	if (!S_ISREG(sb.st_mode)) {
		gz_errf(err, errsz, "cannot read %s: not a regular file", o->path);
		rc = GZ_EIO;
		goto fail;
	}
	if (o->media_src != NULL) {
		if ((im.media_root = realpath(o->media_src, NULL)) == NULL ||
		    stat(im.media_root, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
			gz_errf(err, errsz, "--media %s: not a folder", o->media_src);
			rc = GZ_EIO;
			goto fail;
		}
	}
	im.media_max = media_max(db);
	if ((rc = gz_import_scratch_init(db)) != GZ_OK) {
		wp_fail(&im, rc, "preparing the import");
		goto fail;
	}
	if (o->dry_run) {
		const char *t = getenv("TMPDIR");

		snprintf(tmpl, sizeof(tmpl), "%s/gazette-import-XXXXXX",
		         t != NULL && t[0] != '\0' ? t : "/tmp");
		if ((tmp_dir = mkdtemp(tmpl)) == NULL) {
			gz_errf(err, errsz, "cannot make a temporary folder for the dry run: %s",
			        strerror(errno));
			rc = GZ_EIO;
			goto fail;
		}
		im.media_dir = tmp_dir;
		/* One transaction for all, rolled back at the end. */
		if ((rc = gz_db_begin(db)) != GZ_OK) {
			wp_fail(&im, rc, "starting the dry run");
			goto fail;
		}
		outer = 1;
	}
	if ((rc = run_pass(&im, 0)) != GZ_OK || (rc = run_pass(&im, 1)) != GZ_OK ||
	    (rc = run_pass(&im, 2)) != GZ_OK) {
		goto fail;
	}
fail:
	if (im.in_tx && !o->dry_run) {
		gz_db_rollback(db);
	}
	if (outer) {
		gz_db_rollback(db);
	}
	if (tmp_dir != NULL) {
		remove_tmp_dir(tmp_dir);
	}
	for (i = 0; i < im.nhosts; i++) {
		free(im.hosts[i]);
	}
	for (i = 0; i < im.nmedia_hosts; i++) {
		free(im.media_hosts[i]);
	}
	free(im.media_root);
	free(im.source);
	gz_arena_free(&im.arena);
	gz_arena_free(&im.carena);
	return rc;
}
