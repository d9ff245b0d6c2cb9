/*
 * Shared inside src/model only: SQL fragments that several model files must
 * spell identically.  Nothing above the model includes this.
 */
#ifndef GAZETTE_MODEL_INTERNAL_H
#define GAZETTE_MODEL_INTERNAL_H

#include <stdint.h>

#include "gazette/err.h"

/*
 * The condition "readers can see this article" for table alias A with the
 * request time bound to parameter P (e.g. GZ_SQL_VISIBLE("a", "?1")).  It
 * must match the WHERE of the partial indexes in sql/001_init.sql word for
 * word, or SQLite will not use them.
 */
#define GZ_SQL_VISIBLE(A, P)                                                                       \
	A ".status IN ('published', 'scheduled') AND " A ".published_at <= " P " "

/*
 * The language of the article in table alias A as a BCP 47 tag: its own
 * (articles.lang) or, when that is '', the site's (the setting
 * site_language, which migration 009 writes; 'en' if the row is gone).
 * The settings lookup does not depend on the row, so SQLite runs it once
 * per statement.  Written out by the app through gz_lang_or_default, so a
 * value typed by hand never reaches a page unchecked.
 */
#define GZ_SQL_LANG(A)                                                                             \
	"coalesce(nullif(" A ".lang, ''), (SELECT value FROM settings WHERE key = "                \
	"'site_language'), 'en')"

/*
 * The widths and heights of media item ID's resized copies as one text
 * value, "<w>x<h> <w>x<h> ...", narrowest first, "" when it has none (ID is
 * an SQL expression; gz_media_variants_parse reads the value): one column,
 * so a listing's row carries its picture's copies.
 */
#define GZ_SQL_MEDIA_VARIANTS(ID)                                                                  \
	"coalesce((SELECT group_concat(w || 'x' || h, ' ') FROM (SELECT width AS w, "              \
	"height AS h FROM media_variants WHERE media_id = " ID " ORDER BY width)), '')"

struct gz_db;

/*
 * Inside an open transaction: move what refers to row `from` to row `to`
 * (move_sql, a constant statement binding ?1 = from and ?2 = to), delete row
 * `from` (delete_sql, binding ?1 = from; GZ_ENOTFOUND when it deleted
 * nothing) and bump the content generation.  The caller opened the
 * transaction and commits or rolls it back.  Used by category delete and tag
 * merge, which differ only in their statements.
 */
enum gz_err gz_model_move_delete(struct gz_db *db, const char *move_sql, const char *delete_sql,
                                 int64_t from, int64_t to);

#endif
