/*
 * Translation groups over articles.translation_group: listing an
 * article's translations, finding the article an editor names, linking
 * and unlinking with the one-article-per-language rule.  An article's
 * language here is always its effective one (GZ_SQL_LANG: its own tag,
 * else the site's), which is what readers are told.
 *
 * It does not know URLs or the editor form; article_edit.c calls it inside
 * its save transaction, and the reader's article page lists through it.
 */
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/translation.h"
#include "internal.h"

#define REF_DIGITS_MAX 18 /* decimal digits of an id ref: below INT64_MAX */

/* The effective languages of aliases a, o and s, and a's visibility at ?1. */
#define LANG_A GZ_SQL_LANG("a")
#define LANG_O GZ_SQL_LANG("o")
#define LANG_S GZ_SQL_LANG("s")
#define VISIBLE_A GZ_SQL_VISIBLE("a", "?1")

/* Columns of a translation, in fill_translation's order; ?1 is now. */
#define TRANSLATION_SELECT                                                                         \
	"SELECT a.id, a.slug, a.title, " LANG_A " AS l, "                                          \
	"CASE WHEN a.status = 'scheduled' AND a.published_at <= ?1 THEN 'published' "              \
	"ELSE a.status END, coalesce(a.published_at, 0), (" VISIBLE_A ") FROM articles a "

static enum gz_err
fill_translation(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	struct gz_translation *t = item;

	t->id = sqlite3_column_int64(st, 0);
	t->slug = gz_db_col_text(arena, st, 1);
	t->title = gz_db_col_text(arena, st, 2);
	t->lang = gz_db_col_text(arena, st, 3);
	t->status = gz_db_col_text(arena, st, 4);
	t->published_at = sqlite3_column_int64(st, 5);
	t->visible = sqlite3_column_int(st, 6) != 0;
	if (t->slug == NULL || t->title == NULL || t->lang == NULL || t->status == NULL) {
		return GZ_ENOMEM;
	}
	return GZ_OK;
}

enum gz_err
gz_translation_list(struct gz_db *db, struct gz_arena *arena, int64_t id, time_t now,
                    int visible_only, struct gz_translation **out, size_t *n)
{
	sqlite3_stmt *st;
	enum gz_err rc;
	size_t i, j;

	*out = NULL;
	*n = 0;
	st = gz_db_stmt(db, TRANSLATION_SELECT
	                "JOIN articles s ON s.translation_group = a.translation_group "
	                "WHERE s.id = ?2 AND a.id != ?2 AND (NOT ?3 OR " VISIBLE_A ") "
	                "ORDER BY l, a.id LIMIT ?4");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, (int64_t)now);
	gz_db_bind_int64(st, 2, id);
	gz_db_bind_int64(st, 3, visible_only != 0);
	gz_db_bind_int64(st, 4, GZ_TRANSLATIONS_MAX);
	rc = gz_db_rows(db, arena, st, sizeof(**out), 4, GZ_TRANSLATIONS_MAX, fill_translation, out,
	                n, "translation list");
	if (rc != GZ_OK || !visible_only) {
		return rc;
	}
	/* Sorted by language, so a second article in one language follows
	 * the first: keep the first (the lower id). */
	for (i = j = 0; i < *n; i++) {
		if (j > 0 && strcmp((*out)[j - 1].lang, (*out)[i].lang) == 0) {
			continue;
		}
		(*out)[j++] = (*out)[i];
	}
	*n = j;
	if (j == 0) {
		*out = NULL;
	}
	return GZ_OK;
}

/* Article id's translation group into *group (0: none). GZ_ENOTFOUND. */
static enum gz_err
group_of(struct gz_db *db, int64_t id, int64_t *group)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	*group = 0;
	st = gz_db_stmt(db, "SELECT coalesce(translation_group, 0) FROM articles WHERE id = ?1");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		*group = sqlite3_column_int64(st, 0);
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "translation group");
	}
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_translation_ref(struct gz_db *db, const char *ref, int64_t *id, int64_t *group)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	size_t n = strlen(ref);
	int src;

	*id = 0;
	*group = 0;
	if (n == 0) {
		return GZ_ENOTFOUND;
	}
	if (n <= REF_DIGITS_MAX && strspn(ref, "0123456789") == n) {
		*id = strtoll(ref, NULL, 10);
		if ((rc = group_of(db, *id, group)) != GZ_OK) {
			*id = 0;
		}
		return rc;
	}
	st = gz_db_stmt(db,
	                "SELECT id, coalesce(translation_group, 0) FROM articles WHERE slug = ?1");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, ref);
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*group = sqlite3_column_int64(st, 1);
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "translation ref");
	}
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_translation_check(struct gz_db *db, int64_t id, int64_t *clash)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	if (clash != NULL) {
		*clash = 0;
	}
	st = gz_db_stmt(db, "SELECT o.id FROM articles s JOIN articles o "
	                    "ON o.translation_group = s.translation_group AND o.id != s.id "
	                    "WHERE s.id = ?1 AND " LANG_O " = " LANG_S " ORDER BY o.id LIMIT 1");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (clash != NULL) {
			*clash = sqlite3_column_int64(st, 0);
		}
		rc = GZ_ECONFLICT;
	} else if (src != SQLITE_DONE) {
		rc = gz_db_error(db, src, "translation check");
	}
	gz_db_reset(st);
	return rc;
}

/* Set article id's group to group (0: NULL). */
static enum gz_err
put_group(struct gz_db *db, int64_t id, int64_t group)
{
	sqlite3_stmt *st;

	st = gz_db_stmt(db, "UPDATE articles SET translation_group = ?2 WHERE id = ?1");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	if (group != 0) {
		gz_db_bind_int64(st, 2, group);
	} else {
		sqlite3_bind_null(st, 2);
	}
	return gz_db_step_done(db, st);
}

/* Dissolve group when a single article is left in it: a group of one
 * links nothing, and its number is free again. */
static enum gz_err
drop_lonely(struct gz_db *db, int64_t group)
{
	sqlite3_stmt *st;

	if (group == 0) {
		return GZ_OK;
	}
	st = gz_db_stmt(db, "UPDATE articles SET translation_group = NULL "
	                    "WHERE translation_group = ?1 AND (SELECT count(*) FROM articles "
	                    "WHERE translation_group = ?1) = 1");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, group);
	return gz_db_step_done(db, st);
}

/* State of a link across gz_db_tx retries. */
struct set_ctx {
	int64_t id;     /* the article that moves */
	int64_t of;     /* the article it translates, 0: none */
	int64_t *clash; /* out, may be NULL */
};

static int
set_tx(struct gz_db *db, void *arg)
{
	struct set_ctx *c = arg;
	int64_t mine, theirs = 0;
	sqlite3_stmt *st;
	enum gz_err rc;
	int src;

	if (c->of == c->id) {
		return GZ_EINVAL;
	}
	if ((rc = group_of(db, c->id, &mine)) != GZ_OK ||
	    (c->of != 0 && (rc = group_of(db, c->of, &theirs)) != GZ_OK)) {
		return rc;
	}
	if (c->of == 0 ? mine == 0 : mine != 0 && mine == theirs) {
		return GZ_OK;
	}
	if (c->of != 0 && theirs == 0) {
		/* Under the write lock nobody else numbers a group meanwhile. */
		st = gz_db_stmt(db, "SELECT coalesce(max(translation_group), 0) + 1 FROM articles "
		                    "WHERE translation_group IS NOT NULL");
		if (st == NULL) {
			return GZ_EDB;
		}
		if ((src = sqlite3_step(st)) != SQLITE_ROW) {
			rc = gz_db_error(db, src, "translation number");
			gz_db_reset(st);
			return rc;
		}
		theirs = sqlite3_column_int64(st, 0);
		gz_db_reset(st);
		if ((rc = put_group(db, c->of, theirs)) != GZ_OK) {
			return rc;
		}
	}
	if ((rc = put_group(db, c->id, theirs)) != GZ_OK || (rc = drop_lonely(db, mine)) != GZ_OK) {
		return rc;
	}
	if (c->of != 0 && (rc = gz_translation_check(db, c->id, c->clash)) != GZ_OK) {
		return rc;
	}
	return gz_db_bump(db);
}

enum gz_err
gz_translation_set(struct gz_db *db, int64_t id, int64_t of, int64_t *clash)
{
	struct set_ctx c = {id, of, clash};

	if (clash != NULL) {
		*clash = 0;
	}
	return gz_db_tx(db, set_tx, &c);
}
