/*
 * Draft copies of the editor form that the editor page saves by itself
 * (sql/011_autosave.sql): one per article and user, and one per
 * new-article form and user.  A copy is the form's fields as urlencoded
 * text, opaque here: the handler writes it and reads it back.  Copies
 * never change an article and are not seen by readers, so they do not
 * bump the content generation.
 *
 * This module does not know who may edit what (the handlers check before
 * calling) nor what the fields mean; it checks only that a copy is based
 * on the article's current version (or, for a new article, on a form that
 * has not created one yet), so a copy that arrives after a Save is refused
 * instead of outliving it.
 */
#ifndef GAZETTE_AUTOSAVE_H
#define GAZETTE_AUTOSAVE_H

#include <stdint.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;

/* Bytes of urlencoded fields in a copy: no more than the query parser
 * reads back when the copy is restored (GZ_QUERY_MAX_INPUT). */
#define GZ_AUTOSAVE_FORM_MAX (1024 * 1024)
#define GZ_AUTOSAVE_NEW_KEEP 10 /* new-article copies kept per user */

/* One draft copy. */
struct gz_autosave {
	int64_t id;           /* autosaves.id */
	int64_t article_id;   /* the article, 0 for a new-article form's copy */
	const char *form_key; /* a new-article form's one-time key, "" otherwise */
	int64_t user_id;      /* whose copy */
	int64_t base_version; /* the article version the form was loaded with, 0 when new */
	int64_t saved_at;     /* Unix seconds of the last save */
	const char *title;    /* the title field as typed, for the notice */
	const char *form;     /* the fields, urlencoded */
};

/*
 * Store user_id's copy for article_id (> 0, form_key ignored) or for the
 * new-article form form_key (article_id 0; 32 lowercase hex digits),
 * replacing the one before: base_version, title, form, saved at now.
 * GZ_ENOTFOUND when the article is gone, GZ_ECONFLICT when its version is
 * no longer base_version or the form already created its article,
 * GZ_EPERM when the article is in the trash, GZ_EINVAL for a malformed
 * key or invalid UTF-8, GZ_ETOOBIG past GZ_AUTOSAVE_FORM_MAX.  A new copy
 * drops the user's new-article copies beyond GZ_AUTOSAVE_NEW_KEEP, oldest
 * first.
 */
enum gz_err gz_autosave_put(struct gz_db *db, int64_t article_id, const char *form_key,
                            int64_t user_id, int64_t base_version, const char *title,
                            const char *form, int64_t now);

/* user_id's copy for article_id into *out (strings in arena); GZ_ENOTFOUND when none. */
enum gz_err gz_autosave_for_article(struct gz_db *db, struct gz_arena *arena, int64_t article_id,
                                    int64_t user_id, struct gz_autosave *out);

/* user_id's newest new-article copy into *out (strings in arena); GZ_ENOTFOUND when none. */
enum gz_err gz_autosave_latest_new(struct gz_db *db, struct gz_arena *arena, int64_t user_id,
                                   struct gz_autosave *out);

/* Copy id if it is user_id's, into *out (strings in arena); GZ_ENOTFOUND otherwise. */
enum gz_err gz_autosave_get(struct gz_db *db, struct gz_arena *arena, int64_t id, int64_t user_id,
                            struct gz_autosave *out);

/* Delete copy id if it is user_id's; GZ_ENOTFOUND when there is no such copy. */
enum gz_err gz_autosave_delete(struct gz_db *db, int64_t id, int64_t user_id);

/*
 * Delete user_id's copy of article_id (article_id > 0) or of the
 * new-article form form_key (article_id 0): what a Save does.  GZ_OK also
 * when there was none.
 */
enum gz_err gz_autosave_clear(struct gz_db *db, int64_t article_id, const char *form_key,
                              int64_t user_id);

#endif
