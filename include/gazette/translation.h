/*
 * Articles that translate each other.  Such articles share a translation
 * group (articles.translation_group); a group holds at most one article
 * per language, the language being the article's own or, when it has none
 * (articles.lang = ''), the site's (the setting site_language).  The
 * article page announces the others with hreflang alternates and "read
 * in" links; the editor links an article to another by its id or slug.
 *
 * This module knows the rows; it knows nothing of URLs, forms or who may
 * link what (the handlers decide; an author may link only what they may
 * edit, which is the article in the form).
 */
#ifndef GAZETTE_TRANSLATION_H
#define GAZETTE_TRANSLATION_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;

#define GZ_TRANSLATIONS_MAX 32 /* articles of one group a list returns */

/* One article of a translation group, as the editor and the reader see it. */
struct gz_translation {
	int64_t id;           /* articles.id */
	const char *slug;     /* its slug: /article/{slug} */
	const char *title;    /* plain text */
	const char *lang;     /* its language: the article's tag, else the site's */
	const char *status;   /* "draft", "scheduled", "published", "trash"; a
	                       * scheduled article whose time has come reads
	                       * "published" */
	int64_t published_at; /* Unix seconds, 0 when none */
	int visible;          /* 1: readers can see it at the time asked */
};

/*
 * The other articles in article id's translation group (none when it has
 * no group), by language tag and then id, at most GZ_TRANSLATIONS_MAX,
 * into *out (an array of *n in arena, NULL when empty).  With
 * visible_only, only the articles readers see at now, and of two in the
 * same language (which linking never makes, but a site whose language
 * changed may hold) only the lower id: what the article page announces.
 * Without it, every linked article in any status: what the editor lists.
 */
enum gz_err gz_translation_list(struct gz_db *db, struct gz_arena *arena, int64_t id, time_t now,
                                int visible_only, struct gz_translation **out, size_t *n);

/*
 * The article an editor names by ref: its id when ref is all decimal
 * digits (1..18 of them), else its current slug, compared exactly.  *id
 * gets the article and *group its translation group (0: none).
 * GZ_ENOTFOUND when no article has that id or slug (articles in the trash
 * are found too; the caller may refuse them).
 */
enum gz_err gz_translation_ref(struct gz_db *db, const char *ref, int64_t *id, int64_t *group);

/*
 * Make article id a translation of article of: id leaves its group (a
 * group left with one article is dissolved) and joins of's; when of has no
 * group, the two start a new one.  With of == 0, id only leaves its group.
 * Nothing changes when id is already in of's group.  Refused: of == id
 * (GZ_EINVAL), a missing article (GZ_ENOTFOUND), and a group that would
 * hold two articles in one language (GZ_ECONFLICT, with *clash, when not
 * NULL, the id of the article already in id's language; nothing is kept).
 * Bumps the content generation when something changed.  One transaction,
 * or a savepoint inside the caller's.
 */
enum gz_err gz_translation_set(struct gz_db *db, int64_t id, int64_t of, int64_t *clash);

/*
 * GZ_OK when article id's group holds at most one article per language
 * (or id has no group); GZ_ECONFLICT with *clash (may be NULL) the id of
 * another article in id's language.  For a save that changed an article's
 * language inside the caller's transaction.
 */
enum gz_err gz_translation_check(struct gz_db *db, int64_t id, int64_t *clash);

#endif
