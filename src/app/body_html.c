/*
 * Article bodies rendered once: the application's half of the stored body
 * HTML (sql/018_body_html.sql).  The model stores and lists; this file
 * renders with the view's Markdown renderer, the one every page uses, so
 * a stored copy and a fresh render are the same bytes.  Filling runs after
 * a save (gz_body_html_refresh), after an import and at start-up
 * (gz_body_html_fill); the page takes the stored copy or renders
 * (gz_body_html_get).  It knows nothing of requests or templates.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/article.h"
#include "gazette/article_html.h"
#include "gazette/body_html.h"
#include "gazette/db.h"
#include "gazette/markdown.h"
#include "internal.h"

#define FILL_BATCH 100 /* articles per transaction when filling */

/*
 * The one way an article body becomes the page's HTML, for the stored
 * copy and the page alike: Markdown md cut after GZ_BODY_HTML_SPLIT
 * paragraphs into *head and *tail, in arena.  has_image says whether the
 * article has a lead image above its body; db is where the body's images
 * are described.  Whatever else the renderer is given (an image hook, the
 * eager images) must be given here, from these arguments only, so that a
 * stored copy is the page; and an input added here needs its trigger in
 * sql/018_body_html.sql.  Errors as gz_markdown_render.
 */
static enum gz_err
render_body(struct gz_db *db, struct gz_arena *arena, const char *md, int has_image, char **head,
            char **tail)
{
	struct gz_app_image_ctx ic = {db, arena};
	struct gz_markdown_opts o;

	/* Library images get their copies (srcset, width, height); the first
	 * one loads eagerly unless a lead image is above it. */
	memset(&o, 0, sizeof(o));
	o.split_after = GZ_BODY_HTML_SPLIT;
	o.image = gz_app_image_hook;
	o.image_arg = &ic;
	o.eager = has_image ? 0 : 1;
	return gz_markdown_render_opts(arena, md, strlen(md), &o, head, tail);
}

enum gz_err
gz_body_html_get(struct gz_db *db, struct gz_arena *arena, const struct gz_article *a,
                 const char **head, const char **tail, int *rendered)
{
	char *h = NULL, *t = NULL;
	enum gz_err rc;

	*rendered = 0;
	if (a->body_html != NULL && a->body_html_ver == GZ_MARKDOWN_VERSION) {
		*head = a->body_html;
		*tail = a->body_html_tail != NULL ? a->body_html_tail : "";
		return GZ_OK;
	}
	if ((rc = render_body(db, arena, a->body, a->image_url != NULL && a->image_url[0] != '\0',
	                      &h, &t)) != GZ_OK) {
		return rc;
	}
	*head = h;
	*tail = t != NULL ? t : "";
	*rendered = 1;
	return GZ_OK;
}

/*
 * Render and store the n stale articles s (one batch) in one transaction,
 * counting those stored in *done.  An article the renderer refuses (too
 * big, out of memory) is stored as "cannot": its page renders the
 * Markdown itself and fails as it always did, and the fill goes on.
 */
static enum gz_err
store_batch(struct gz_db *db, struct gz_arena *arena, const struct gz_article_stale *s, size_t n,
            long *done)
{
	enum gz_err rc;
	size_t i;
	int stored;

	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	for (i = 0; i < n; i++) {
		char *head = NULL, *tail = NULL;

		if (render_body(db, arena, s[i].body, s[i].has_image, &head, &tail) != GZ_OK) {
			head = tail = NULL;
		}
		if ((rc = gz_article_html_store(db, s[i].id, s[i].body, GZ_MARKDOWN_VERSION, head,
		                                tail, &stored)) != GZ_OK) {
			goto fail;
		}
		*done += stored;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}

enum gz_err
gz_body_html_fill(struct gz_db *db, long max, long *done)
{
	struct gz_article_stale *s;
	struct gz_arena arena;
	enum gz_err rc = GZ_OK;
	long count = 0, seen = 0, before;
	size_t n;
	int batch;

	/* A body is at most GZ_MARKDOWN_MAX bytes and its HTML a few times
	 * that: the arena is reset after each batch, so it stays small. */
	gz_arena_init(&arena, 64 * 1024, 0);
	for (;;) {
		batch = max > 0 && max - seen < FILL_BATCH ? (int)(max - seen) : FILL_BATCH;
		if (batch < 1) {
			break;
		}
		rc = gz_article_html_stale(db, &arena, GZ_MARKDOWN_VERSION, 0, batch, &s, &n);
		if (rc != GZ_OK || n == 0) {
			break;
		}
		before = count;
		if ((rc = store_batch(db, &arena, s, n, &count)) != GZ_OK) {
			break;
		}
		seen += (long)n;
		gz_arena_reset(&arena);
		/* Every body in the batch changed under us: an editor is busy;
		 * their save and the next start-up finish the job. */
		if (count == before) {
			break;
		}
	}
	gz_arena_free(&arena);
	if (done != NULL) {
		*done = count;
	}
	return rc;
}

enum gz_err
gz_body_html_refresh(struct gz_db *db, int64_t id)
{
	struct gz_article_stale *s;
	struct gz_arena arena;
	enum gz_err rc;
	long stored = 0;
	size_t n;

	if (id < 1) {
		return GZ_ENOTFOUND;
	}
	gz_arena_init(&arena, 64 * 1024, 0);
	rc = gz_article_html_stale(db, &arena, GZ_MARKDOWN_VERSION, id, 1, &s, &n);
	if (rc == GZ_OK) {
		rc = n == 1 ? store_batch(db, &arena, s, 1, &stored) : GZ_ENOTFOUND;
	}
	gz_arena_free(&arena);
	return rc;
}
