/*
 * "Update" and "Correction" notes on published articles (table
 * article_notes, migration 013): news transparency, each shown to readers
 * with its time.  Adding or removing one is an edit of the article: its
 * updated_at (what dateModified, sitemaps and feeds report) becomes the
 * note's time.  A removed note stays in the table, marked, and a revision
 * records the removal, so what readers were told is never lost.  Who may
 * add or remove notes is the caller's rule (editors).
 */
#ifndef GAZETTE_ARTICLE_NOTE_H
#define GAZETTE_ARTICLE_NOTE_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;

#define GZ_NOTE_BODY_MAX 2000 /* bytes in a note's text */
#define GZ_NOTES_MAX 50       /* notes, removed ones included, on one article */

/* One note. */
struct gz_article_note {
	int64_t id;         /* article_notes.id */
	const char *kind;   /* "update" or "correction" */
	const char *body;   /* plain text, one or more lines */
	const char *author; /* display name of who added it, "" when gone */
	int64_t created_at; /* Unix seconds */
	int64_t removed_at; /* Unix seconds, 0 while shown */
};

/*
 * Check a note before it is stored: kind "update" or "correction", body
 * 1..GZ_NOTE_BODY_MAX bytes of valid UTF-8 without control characters
 * other than newlines and tabs, not only blanks.  NULL when fine, else the
 * message (marked for translation).
 */
const char *gz_note_check(const char *kind, const char *body);

/*
 * Append a note (checked as gz_note_check) to article id at time now by
 * user, set the article's updated_at to now, and bump the content
 * generation, in one transaction.  *note_id (may be NULL) gets its id.
 * GZ_EINVAL for a bad note, GZ_EPERM when the article is not published
 * (a draft, scheduled for later, or in the trash), GZ_ETOOBIG when it
 * holds GZ_NOTES_MAX notes already, GZ_ENOTFOUND.
 */
enum gz_err gz_note_add(struct gz_db *db, int64_t id, const char *kind, const char *body,
                        int64_t user, int64_t now, int64_t *note_id);

/*
 * Mark note note_id of article id removed at now by user, record a
 * revision of the article noting the removal and the note's text, set
 * updated_at to now and bump the generation, in one transaction.
 * GZ_ENOTFOUND when the article has no such note shown.
 */
enum gz_err gz_note_remove(struct gz_db *db, int64_t id, int64_t note_id, int64_t user,
                           int64_t now);

/*
 * The notes of article id, oldest first, into *out (array of *n in arena;
 * NULL when none): all of them with all set, else only those shown.
 */
enum gz_err gz_note_list(struct gz_db *db, struct gz_arena *arena, int64_t id, int all,
                         struct gz_article_note **out, size_t *n);

#endif
