/*
 * The stored HTML of article bodies (sql/018_body_html.sql): the model's
 * side of "render once at save time".  This module reads and writes the
 * columns; it cannot render Markdown (the model sits below the view), so
 * the application renders and hands the HTML here (gazette/body_html.h).
 * Whether stored HTML is current is a matter of its version: the one the
 * caller's renderer has, passed in as ver.
 */
#ifndef GAZETTE_ARTICLE_HTML_H
#define GAZETTE_ARTICLE_HTML_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;

/* An article whose stored HTML is missing or made by another renderer. */
struct gz_article_stale {
	int64_t id;       /* articles.id */
	const char *body; /* its Markdown, in the arena */
	int has_image;    /* 1: it has a lead image (its body's first picture is not the page's) */
};

/*
 * Up to max (1..1000) articles whose body_html_ver is below ver (never
 * made, dropped by a change, or made by an older renderer), into *out (*n
 * of them, arena), in no particular order; with id > 0 only that article,
 * when it is one of them.  Storing an article's HTML (or its failure)
 * takes it out of the set, so a caller repeats until *n is 0.  Versions
 * only grow: a row made by a newer renderer is never listed.  GZ_EINVAL
 * for a bad max, GZ_EDB, GZ_ENOMEM.
 */
enum gz_err gz_article_html_stale(struct gz_db *db, struct gz_arena *arena, int ver, int64_t id,
                                  int max, struct gz_article_stale **out, size_t *n);

/*
 * Store head and tail (tail may be NULL for "") as article id's body HTML
 * made by renderer version ver (>= 1) from the Markdown body.  head NULL
 * records that this renderer could not render body (too big): the row is
 * no longer listed as stale and the page renders it, and fails, as before.
 * Only while the article's body is still body: if it changed since the
 * caller read it, nothing is written and *stored is 0 (the row stays
 * stale for the next pass).  Not a visible change, so it does not bump
 * the content generation.  Runs in the caller's transaction.  GZ_EINVAL,
 * GZ_EDB.
 */
enum gz_err gz_article_html_store(struct gz_db *db, int64_t id, const char *body, int ver,
                                  const char *head, const char *tail, int *stored);

/* Articles whose stored HTML is below version ver, into *count.  GZ_EDB. */
enum gz_err gz_article_html_count_stale(struct gz_db *db, int ver, int64_t *count);

#endif
