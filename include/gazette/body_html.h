/*
 * Article bodies rendered once (issue 20): the HTML of an article's body
 * is made when the body is saved and stored beside it (model:
 * gazette/article_html.h), so the article page does not run Markdown on
 * every view.  This module makes and stores it, and picks the stored HTML
 * or a fresh render for a page.  It knows the article page's split (the
 * "See also" after the second paragraph) and the renderer's version; it
 * does not know pages or templates.
 */
#ifndef GAZETTE_BODY_HTML_H
#define GAZETTE_BODY_HTML_H

#include <stdint.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_article;
struct gz_db;

/* The article page cuts its body after this many paragraphs ("See also"). */
#define GZ_BODY_HTML_SPLIT 2

/*
 * The body HTML of a (read by gz_article_by_slug from db) in two parts, *head and
 * *tail ("" when short), as gz_markdown_render makes them with
 * GZ_BODY_HTML_SPLIT: the stored copy when it was made by this renderer
 * (GZ_MARKDOWN_VERSION), else rendered now into arena (*rendered = 1).
 * The bytes are the same either way.  Errors as gz_markdown_render.
 */
enum gz_err gz_body_html_get(struct gz_db *db, struct gz_arena *arena, const struct gz_article *a,
                             const char **head, const char **tail, int *rendered);

/*
 * Render and store the body HTML of every article whose stored copy is
 * missing or of another renderer version, in transactions of up to 100
 * articles; at most max articles (max <= 0: all).  *done counts those
 * stored (may be NULL).  An article whose body changed meanwhile is left
 * for the next pass; one whose body cannot be rendered (too big, memory)
 * is left stale and its page renders as before.  For start-up (migrated
 * rows), imports, and after a save.  GZ_EDB, GZ_ENOMEM.
 */
enum gz_err gz_body_html_fill(struct gz_db *db, long max, long *done);

/*
 * Render and store article id's body HTML now, inside the caller's
 * transaction or in one of its own: after an editor's save, so the first
 * reader gets the stored copy.  GZ_ENOTFOUND when id is not stale (it was
 * current already, or no such article): nothing to do.  GZ_EDB, GZ_ENOMEM.
 */
enum gz_err gz_body_html_refresh(struct gz_db *db, int64_t id);

#endif
