/*
 * The whole site, read for an export (export.h): one deferred read
 * transaction, one statement per kind of row stepped from start to end,
 * and for each article two small indexed look-ups (its tags, its
 * comments).  Each row is copied into an arena that is reset once the
 * callback has seen it, so memory holds one article, its tags and one
 * comment at a time, whatever the size of the site.
 *
 * It knows the schema, including which columns later migrations added;
 * it knows nothing of WXR, of URLs or of how statuses are named elsewhere.
 * It never writes.
 */
#include <assert.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/export.h"
#include "gazette/settings.h"

/* One export in progress. */
struct run {
	struct gz_db *db;                  /* the connection, inside the read transaction */
	const struct gz_export_handler *h; /* where rows go */
	struct gz_export_counts *counts;   /* rows handed over so far */
	struct gz_arena row;               /* the current row (an article and its tags) */
	struct gz_arena sub;               /* the current comment of that article */
	enum gz_err err;                   /* first copy failure of the current row, sticky */
};

/*
 * Column i of st's current row copied into a, or "" after recording in
 * r->err why the copy failed (GZ_ETOOBIG past the row cap, else
 * GZ_ENOMEM), so a fill can copy every column and check once.
 */
static const char *
text(struct run *r, struct gz_arena *a, sqlite3_stmt *st, int i)
{
	const char *s = gz_db_col_text(a, st, i);

	if (s == NULL) {
		if (r->err == GZ_OK) {
			r->err = (gz_arena_failed(a) & GZ_ARENA_CAPPED) ? GZ_ETOOBIG : GZ_ENOMEM;
		}
		return "";
	}
	return s;
}

/* The step loop's ending: SQLITE_DONE is success, anything else an error. */
static enum gz_err
step_end(struct gz_db *db, sqlite3_stmt *st, int src, const char *where)
{
	enum gz_err rc = GZ_OK;

	if (src != SQLITE_DONE) {
		rc = gz_db_error(db, src, where);
	}
	gz_db_reset(st);
	return rc;
}

/*
 * Whether table has column: migrations after the first add columns, and an
 * export reads a database as it finds it rather than migrating it.
 */
static enum gz_err
has_column(struct gz_db *db, const char *table, const char *column, int *yes)
{
	sqlite3_stmt *st;
	int src;

	*yes = 0;
	st = gz_db_stmt(db, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, table);
	gz_db_bind_text(st, 2, column);
	src = sqlite3_step(st);
	*yes = src == SQLITE_ROW;
	if (src == SQLITE_ROW) {
		src = SQLITE_DONE;
	}
	return step_end(db, st, src, "export columns");
}

/* The site callback: name and tagline from the settings (defaults when unset). */
static enum gz_err
run_site(struct run *r)
{
	struct gz_export_site s;
	enum gz_err rc = GZ_OK;

	gz_arena_reset(&r->row);
	s.name = gz_setting_get(r->db, &r->row, "site_name", "");
	s.tagline = gz_setting_get(r->db, &r->row, "tagline", "");
	if (s.name == NULL || s.tagline == NULL) {
		return GZ_ENOMEM;
	}
	if (r->h->site != NULL) {
		rc = r->h->site(r->h->ctx, &s);
	}
	return rc;
}

/* Every staff account by id: only what an export names (no password, role or state). */
static enum gz_err
run_users(struct run *r)
{
	sqlite3_stmt *st;
	struct gz_export_user u;
	enum gz_err rc = GZ_OK;
	int src;

	st = gz_db_stmt(r->db, "SELECT id, login, display_name, email FROM users ORDER BY id");
	if (st == NULL) {
		return GZ_EDB;
	}
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		gz_arena_reset(&r->row);
		u.id = sqlite3_column_int64(st, 0);
		u.login = text(r, &r->row, st, 1);
		u.display_name = text(r, &r->row, st, 2);
		u.email = text(r, &r->row, st, 3);
		if ((rc = r->err) != GZ_OK ||
		    (r->h->user != NULL && (rc = r->h->user(r->h->ctx, &u)) != GZ_OK)) {
			gz_db_reset(st);
			return rc;
		}
		r->counts->users++;
	}
	return step_end(r->db, st, src, "export users");
}

/*
 * Sections, parents first: an importer (WordPress's among them) finds a
 * parent by its slug only if it has already seen it.  The depth comes from
 * walking down from the sections without a parent; a section in a parent
 * loop (which the admin never makes, but SQL could) is not reached and
 * comes last, without its parent, rather than being lost.  The walk stops
 * at depth 1000 so a loop cannot make it endless.
 */
static enum gz_err
run_categories(struct run *r)
{
	sqlite3_stmt *st;
	struct gz_export_category c;
	enum gz_err rc = GZ_OK;
	int src;

	st = gz_db_stmt(r->db, "WITH RECURSIVE tree(id, depth) AS ("
	                       "SELECT id, 0 FROM categories WHERE parent_id IS NULL UNION ALL "
	                       "SELECT c.id, t.depth + 1 FROM categories c JOIN tree t "
	                       "ON c.parent_id = t.id WHERE t.depth < 1000) "
	                       "SELECT c.id, c.slug, c.name, c.description, "
	                       "CASE WHEN t.id IS NULL THEN '' ELSE coalesce(p.slug, '') END "
	                       "FROM categories c LEFT JOIN tree t ON t.id = c.id "
	                       "LEFT JOIN categories p ON p.id = c.parent_id "
	                       "ORDER BY coalesce(t.depth, 1000000), c.id");
	if (st == NULL) {
		return GZ_EDB;
	}
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		gz_arena_reset(&r->row);
		c.id = sqlite3_column_int64(st, 0);
		c.slug = text(r, &r->row, st, 1);
		c.name = text(r, &r->row, st, 2);
		c.description = text(r, &r->row, st, 3);
		c.parent_slug = text(r, &r->row, st, 4);
		if ((rc = r->err) != GZ_OK ||
		    (r->h->category != NULL && (rc = r->h->category(r->h->ctx, &c)) != GZ_OK)) {
			gz_db_reset(st);
			return rc;
		}
		r->counts->categories++;
	}
	return step_end(r->db, st, src, "export categories");
}

/* Every tag by id. */
static enum gz_err
run_tags(struct run *r)
{
	sqlite3_stmt *st;
	struct gz_export_tag t;
	enum gz_err rc = GZ_OK;
	int src;

	st = gz_db_stmt(r->db, "SELECT id, slug, name, description FROM tags ORDER BY id");
	if (st == NULL) {
		return GZ_EDB;
	}
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		gz_arena_reset(&r->row);
		t.id = sqlite3_column_int64(st, 0);
		t.slug = text(r, &r->row, st, 1);
		t.name = text(r, &r->row, st, 2);
		t.description = text(r, &r->row, st, 3);
		if ((rc = r->err) != GZ_OK ||
		    (r->h->tag != NULL && (rc = r->h->tag(r->h->ctx, &t)) != GZ_OK)) {
			gz_db_reset(st);
			return rc;
		}
		r->counts->tags++;
	}
	return step_end(r->db, st, src, "export tags");
}

/*
 * Media, with the first article that uses each as its image.  That comes
 * from one grouped pass over the articles (articles.image_id has no index,
 * and a look-up per media row would read them all each time).
 */
static enum gz_err
run_media(struct run *r)
{
	sqlite3_stmt *st;
	struct gz_export_media m;
	enum gz_err rc = GZ_OK;
	int src;

	st = gz_db_stmt(r->db,
	                "SELECT m.id, m.hash, m.ext, m.mime, m.alt, m.original_name, "
	                "coalesce(u.login, ''), m.width, m.height, m.bytes, m.created_at, "
	                "coalesce(x.article_id, 0) FROM media m "
	                "LEFT JOIN users u ON u.id = m.uploaded_by "
	                "LEFT JOIN (SELECT image_id, min(id) AS article_id FROM articles "
	                "WHERE image_id IS NOT NULL GROUP BY image_id) x ON x.image_id = m.id "
	                "ORDER BY m.id");
	if (st == NULL) {
		return GZ_EDB;
	}
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		gz_arena_reset(&r->row);
		m.id = sqlite3_column_int64(st, 0);
		m.hash = text(r, &r->row, st, 1);
		m.ext = text(r, &r->row, st, 2);
		m.mime = text(r, &r->row, st, 3);
		m.alt = text(r, &r->row, st, 4);
		m.original_name = text(r, &r->row, st, 5);
		m.uploader_login = text(r, &r->row, st, 6);
		m.width = sqlite3_column_int64(st, 7);
		m.height = sqlite3_column_int64(st, 8);
		m.bytes = sqlite3_column_int64(st, 9);
		m.created_at = sqlite3_column_int64(st, 10);
		m.article_id = sqlite3_column_int64(st, 11);
		if ((rc = r->err) != GZ_OK ||
		    (r->h->media != NULL && (rc = r->h->media(r->h->ctx, &m)) != GZ_OK)) {
			gz_db_reset(st);
			return rc;
		}
		r->counts->media++;
	}
	return step_end(r->db, st, src, "export media");
}

/* Every static page by id, drafts included ("published" for all before sql/008). */
static enum gz_err
run_pages(struct run *r)
{
	sqlite3_stmt *st;
	struct gz_export_page p;
	enum gz_err rc;
	int src, has_status;

	if ((rc = has_column(r->db, "pages", "status", &has_status)) != GZ_OK) {
		return rc;
	}
	st = has_status ? gz_db_stmt(r->db, "SELECT id, slug, title, body, status, updated_at "
	                                    "FROM pages ORDER BY id")
	                : gz_db_stmt(r->db, "SELECT id, slug, title, body, 'published', "
	                                    "updated_at FROM pages ORDER BY id");
	if (st == NULL) {
		return GZ_EDB;
	}
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		gz_arena_reset(&r->row);
		p.id = sqlite3_column_int64(st, 0);
		p.slug = text(r, &r->row, st, 1);
		p.title = text(r, &r->row, st, 2);
		p.body = text(r, &r->row, st, 3);
		p.status = text(r, &r->row, st, 4);
		p.updated_at = sqlite3_column_int64(st, 5);
		if ((rc = r->err) != GZ_OK ||
		    (r->h->page != NULL && (rc = r->h->page(r->h->ctx, &p)) != GZ_OK)) {
			gz_db_reset(st);
			return rc;
		}
		r->counts->pages++;
	}
	return step_end(r->db, st, src, "export pages");
}

/* One tag of an article, for gz_db_rows. */
static enum gz_err
fill_term(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	struct gz_export_term *t = item;

	t->slug = gz_db_col_text(arena, st, 0);
	t->name = gz_db_col_text(arena, st, 1);
	return t->slug != NULL && t->name != NULL ? GZ_OK : GZ_ENOMEM;
}

/* The article's tags, by slug, into its arena. */
static enum gz_err
article_tags(struct run *r, struct gz_export_article *a)
{
	struct gz_export_term *tags;
	sqlite3_stmt *st;
	enum gz_err rc;

	st = gz_db_stmt(r->db, "SELECT t.slug, t.name FROM article_tags x "
	                       "JOIN tags t ON t.id = x.tag_id WHERE x.article_id = ?1 "
	                       "ORDER BY t.slug");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, a->id);
	rc = gz_db_rows(r->db, &r->row, st, sizeof(*tags), 8, 0, fill_term, &tags, &a->ntags,
	                "export article tags");
	if (rc == GZ_ENOMEM && (gz_arena_failed(&r->row) & GZ_ARENA_CAPPED)) {
		rc = GZ_ETOOBIG;
	}
	a->tags = tags;
	return rc;
}

/*
 * The article's comments by id (a reply comes after what it answers, as
 * the comment form can only answer an existing comment), each copied into
 * the comment arena, reset after each.
 */
static enum gz_err
article_comments(struct run *r, const struct gz_export_article *a)
{
	sqlite3_stmt *st;
	struct gz_export_comment c;
	enum gz_err rc = GZ_OK;
	int src;

	st = gz_db_stmt(r->db, "SELECT id, coalesce(parent_id, 0), coalesce(user_id, 0), "
	                       "author_name, author_email, author_url, body, status, created_at "
	                       "FROM comments WHERE article_id = ?1 ORDER BY id");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, a->id);
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		gz_arena_reset(&r->sub);
		c.id = sqlite3_column_int64(st, 0);
		c.parent_id = sqlite3_column_int64(st, 1);
		c.user_id = sqlite3_column_int64(st, 2);
		c.author_name = text(r, &r->sub, st, 3);
		c.author_email = text(r, &r->sub, st, 4);
		c.author_url = text(r, &r->sub, st, 5);
		c.body = text(r, &r->sub, st, 6);
		c.status = text(r, &r->sub, st, 7);
		c.created_at = sqlite3_column_int64(st, 8);
		if ((rc = r->err) != GZ_OK ||
		    (r->h->comment != NULL && (rc = r->h->comment(r->h->ctx, a, &c)) != GZ_OK)) {
			gz_db_reset(st);
			return rc;
		}
		r->counts->comments++;
	}
	return step_end(r->db, st, src, "export comments");
}

/* One article: its row, its tags, the callbacks around its comments. */
static enum gz_err
one_article(struct run *r, sqlite3_stmt *st)
{
	struct gz_export_article a;
	enum gz_err rc;

	gz_arena_reset(&r->row);
	memset(&a, 0, sizeof(a));
	a.id = sqlite3_column_int64(st, 0);
	a.slug = text(r, &r->row, st, 1);
	a.title = text(r, &r->row, st, 2);
	a.summary = text(r, &r->row, st, 3);
	a.body = text(r, &r->row, st, 4);
	a.status = text(r, &r->row, st, 5);
	a.meta_description = text(r, &r->row, st, 6);
	a.author_id = sqlite3_column_int64(st, 7);
	a.author_login = text(r, &r->row, st, 8);
	a.category_slug = text(r, &r->row, st, 9);
	a.category_name = text(r, &r->row, st, 10);
	a.image_id = sqlite3_column_int64(st, 11);
	a.featured = sqlite3_column_int64(st, 12) != 0;
	a.comments_open = sqlite3_column_int64(st, 13) != 0;
	a.has_published_at = sqlite3_column_type(st, 14) != SQLITE_NULL;
	a.published_at = sqlite3_column_int64(st, 14);
	a.created_at = sqlite3_column_int64(st, 15);
	a.updated_at = sqlite3_column_int64(st, 16);
	if ((rc = r->err) != GZ_OK || (rc = article_tags(r, &a)) != GZ_OK) {
		return rc;
	}
	if (r->h->article != NULL && (rc = r->h->article(r->h->ctx, &a)) != GZ_OK) {
		return rc;
	}
	r->counts->articles++;
	if ((rc = article_comments(r, &a)) != GZ_OK) {
		return rc;
	}
	if (r->h->article_end != NULL) {
		rc = r->h->article_end(r->h->ctx, &a);
	}
	return rc;
}

/*
 * Every article by id, whatever its status, with its author's login and its
 * section (LEFT JOINs: an article whose section is gone still goes out).
 */
static enum gz_err
run_articles(struct run *r)
{
	sqlite3_stmt *st;
	enum gz_err rc;
	int src, has_meta;

	if ((rc = has_column(r->db, "articles", "meta_description", &has_meta)) != GZ_OK) {
		return rc;
	}
	/* Two spellings of one query: meta_description exists from sql/008 on. */
	st =
	    has_meta
	        ? gz_db_stmt(r->db,
	                     "SELECT a.id, a.slug, a.title, a.summary, a.body, a.status, "
	                     "a.meta_description, a.author_id, coalesce(u.login, ''), "
	                     "coalesce(c.slug, ''), coalesce(c.name, ''), coalesce(a.image_id, 0), "
	                     "a.featured, a.comments_open, a.published_at, a.created_at, "
	                     "a.updated_at FROM articles a LEFT JOIN users u ON u.id = a.author_id "
	                     "LEFT JOIN categories c ON c.id = a.category_id ORDER BY a.id")
	        : gz_db_stmt(r->db,
	                     "SELECT a.id, a.slug, a.title, a.summary, a.body, a.status, '', "
	                     "a.author_id, coalesce(u.login, ''), "
	                     "coalesce(c.slug, ''), coalesce(c.name, ''), coalesce(a.image_id, 0), "
	                     "a.featured, a.comments_open, a.published_at, a.created_at, "
	                     "a.updated_at FROM articles a LEFT JOIN users u ON u.id = a.author_id "
	                     "LEFT JOIN categories c ON c.id = a.category_id ORDER BY a.id");
	if (st == NULL) {
		return GZ_EDB;
	}
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = one_article(r, st)) != GZ_OK) {
			gz_db_reset(st);
			return rc;
		}
	}
	return step_end(r->db, st, src, "export articles");
}

enum gz_err
gz_export_run(struct gz_db *db, const struct gz_export_handler *h, struct gz_export_counts *counts)
{
	struct gz_export_counts dummy;
	struct run r;
	enum gz_err rc;

	assert(db != NULL && h != NULL);
	assert(gz_db_tx_depth(db) == 0);
	memset(&r, 0, sizeof(r));
	r.db = db;
	r.h = h;
	r.counts = counts != NULL ? counts : &dummy;
	memset(r.counts, 0, sizeof(*r.counts));
	gz_arena_init(&r.row, 64 * 1024, GZ_EXPORT_ROW_MAX);
	gz_arena_init(&r.sub, 16 * 1024, GZ_EXPORT_ROW_MAX);
	if (gz_db_schema_version(db) < 1) {
		rc = GZ_EINVAL;
		goto done;
	}
	/* Deferred: the snapshot starts at the first read and takes no write lock. */
	if ((rc = gz_db_exec(db, "BEGIN")) != GZ_OK) {
		goto done;
	}
	if ((rc = run_site(&r)) != GZ_OK || (rc = run_users(&r)) != GZ_OK ||
	    (rc = run_categories(&r)) != GZ_OK || (rc = run_tags(&r)) != GZ_OK ||
	    (rc = run_media(&r)) != GZ_OK || (rc = run_pages(&r)) != GZ_OK ||
	    (rc = run_articles(&r)) != GZ_OK) {
		(void)gz_db_exec(db, "ROLLBACK");
		goto done;
	}
	rc = gz_db_exec(db, "COMMIT");
done:
	gz_arena_free(&r.row);
	gz_arena_free(&r.sub);
	return rc;
}
