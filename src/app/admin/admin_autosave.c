/*
 * The editor desk's background requests (issue 16): the draft copy the
 * editor page sends every 30 seconds while its form changed, throwing a
 * copy away, and the live preview.  static/js/editor.js makes these
 * requests; each answers with a small HTML fragment of Gazette's own
 * templates (admin/autosave_status.html, admin/preview_body.html), so the
 * words a person reads are translated and escaped here like on any page.
 *
 * A draft copy holds the form's fields as urlencoded text (the CSRF token
 * and the button left out) and is restored by admin_article.c, which
 * reads it back as if the form were posted.  A copy never changes the
 * article; the model refuses one made from a stale form (the article was
 * saved since) so it cannot outlive a Save.  The guard has checked the
 * session and the CSRF token; the per-article rule (authors edit their
 * own) is checked here, as in admin_article.c.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/article_edit.h"
#include "gazette/autosave.h"
#include "gazette/buf.h"
#include "gazette/kv.h"
#include "gazette/multipart.h"
#include "gazette/str.h"
#include "gazette/url.h"
#include "gazette/user.h"
#include "gazette/words.h"
#include "../internal.h"

/* Whether a posted field belongs in a draft copy (not the token, not the button). */
static int
kept_field(const char *name)
{
	return strcmp(name, "csrf") != 0 && strcmp(name, "action") != 0;
}

/*
 * The posted fields of c as urlencoded text ("a=1&b=2", in the order
 * sent), from a urlencoded or a multipart body (file parts left out), in
 * the arena; NULL when out of memory or past GZ_AUTOSAVE_FORM_MAX.
 */
static const char *
form_text(struct gz_ctx *c)
{
	struct gz_buf b;
	size_t i, n = c->parts != NULL ? c->nparts : c->req->form.nitems;
	const char *name, *val;
	size_t vlen;

	gz_buf_init(&b, c->arena, GZ_AUTOSAVE_FORM_MAX);
	for (i = 0; i < n; i++) {
		if (c->parts != NULL) {
			if (c->parts[i].filename != NULL) {
				continue;
			}
			name = c->parts[i].name;
			val = c->parts[i].data;
			vlen = c->parts[i].len;
		} else {
			name = c->req->form.items[i].key;
			val = c->req->form.items[i].val;
			vlen = c->req->form.items[i].vlen;
		}
		if (!kept_field(name)) {
			continue;
		}
		if (b.len > 0) {
			gz_buf_putc(&b, '&');
		}
		gz_url_encode(&b, name, strlen(name));
		gz_buf_putc(&b, '=');
		gz_url_encode(&b, val, vlen);
	}
	gz_buf_reserve(&b, 1);
	return gz_buf_err(&b) == GZ_OK ? gz_buf_str(&b) : NULL;
}

/*
 * Answer an autosave request with admin/autosave_status.html: status,
 * and either the time saved (message NULL) or the message saying why no
 * copy was kept (a static English text for |t).
 */
static void
answer(struct gz_ctx *c, int status, const char *message)
{
	struct gz_val *data = gz_app_admin_page(c, "articles");

	if (data == NULL) {
		gz_app_error(c, 500);
		return;
	}
	gz_app_set_int(data, "saved_at", (long long)c->now);
	gz_val_map_set(data, "message",
	               message != NULL ? gz_val_str(c->arena, message) : gz_val_null());
	c->resp->status = status;
	gz_app_render(c, "admin/autosave_status.html", data);
}

/* The answer for the model's verdict rc on a copy. */
static void
answer_rc(struct gz_ctx *c, enum gz_err rc)
{
	enum gz_err fault;

	switch (rc) {
	case GZ_OK:
		answer(c, 200, NULL);
		return;
	case GZ_ECONFLICT:
		answer(c, 409,
		       GZ_N_("This article was saved since this page was loaded, so no draft copy "
		             "was kept. Save to keep your text (you will be asked to compare), or "
		             "reload."));
		return;
	case GZ_EPERM:
		answer(c, 409, GZ_N_("Articles in the trash cannot be edited: restore it first."));
		return;
	case GZ_ENOTFOUND:
		answer(c, 404, GZ_N_("This article no longer exists."));
		return;
	case GZ_ETOOBIG:
		answer(c, 413, GZ_N_("The text is too long for a draft copy; save it instead."));
		return;
	case GZ_EINVAL:
		answer(c, 400, GZ_N_("The form could not be read; save it instead."));
		return;
	default:
		/* A fault the writer can outwait (503, Retry-After: the script
		 * tries again at its next round) or a real error (500). */
		if ((fault = gz_app_unsaved_fault(c, rc)) != GZ_OK) {
			gz_app_unsaved_headers(c->resp, fault);
		}
		answer(c, fault != GZ_OK ? 503 : 500,
		       GZ_N_("The draft copy could not be stored just now; it will be tried "
		             "again."));
		return;
	}
}

void
gz_handle_admin_article_autosave(struct gz_ctx *c)
{
	struct gz_article_row row;
	int64_t id = gz_app_param_id(c, "id");
	const char *form, *ver = gz_app_trimmed(c, "version");
	long version;
	enum gz_err rc;

	if (!gz_app_loaded(c, id != 0 ? gz_article_get(c->db, c->arena, id, c->now, &row)
	                              : GZ_ENOTFOUND)) {
		return;
	}
	if (!gz_app_can_edit_article(c, row.author_id)) {
		gz_app_error(c, 403);
		return;
	}
	if (gz_str_to_long(ver, 1, 0x7fffffffL, &version) != GZ_OK) {
		answer_rc(c, GZ_EINVAL);
		return;
	}
	if ((form = form_text(c)) == NULL) {
		answer_rc(c, GZ_ETOOBIG);
		return;
	}
	rc = gz_autosave_put(c->db, row.id, NULL, c->user->id, version, gz_app_trimmed(c, "title"),
	                     form, (int64_t)c->now);
	answer_rc(c, rc);
}

void
gz_handle_admin_article_autosave_new(struct gz_ctx *c)
{
	const char *form;

	if ((form = form_text(c)) == NULL) {
		answer_rc(c, GZ_ETOOBIG);
		return;
	}
	answer_rc(c, gz_autosave_put(c->db, 0, gz_app_trimmed(c, "form_key"), c->user->id, 0,
	                             gz_app_trimmed(c, "title"), form, (int64_t)c->now));
}

void
gz_handle_admin_autosave_discard(struct gz_ctx *c)
{
	struct gz_autosave a;
	int64_t id = gz_app_param_id(c, "id");
	enum gz_err rc;

	rc = id != 0 ? gz_autosave_get(c->db, c->arena, id, c->user->id, &a) : GZ_ENOTFOUND;
	if (rc == GZ_OK) {
		rc = gz_autosave_delete(c->db, id, c->user->id);
	}
	if (rc == GZ_ENOTFOUND) {
		/* Discarded already (another tab): the editor is where to go. */
		gz_response_redirect(c->resp, 303, "/admin/articles");
		return;
	}
	if (rc != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	gz_response_redirect(c->resp, 303,
	                     a.article_id > 0
	                         ? gz_arena_printf(c->arena, "/admin/articles/%lld?done=discarded",
	                                           (long long)a.article_id)
	                         : "/admin/articles/new?done=discarded");
}

void
gz_handle_admin_preview(struct gz_ctx *c)
{
	struct gz_val *data = gz_app_admin_page(c, "articles"), *html, *stats;
	const char *body = gz_app_field(c, "body");
	struct gz_words_count wc;

	if (body == NULL) {
		body = "";
	}
	if (strlen(body) > GZ_ARTICLE_BODY_MAX) {
		gz_app_error(c, 413);
		return;
	}
	gz_words_count(body, strlen(body), &wc);
	if (data == NULL || (stats = gz_val_map_new(c->arena)) == NULL ||
	    (html = gz_app_markdown_val(c->arena, body, 0, NULL)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	gz_app_set_int(stats, "words", (long long)wc.words);
	gz_app_set_int(stats, "minutes", (long long)wc.minutes);
	gz_val_map_set(data, "stats", stats);
	gz_val_map_set(data, "preview", html);
	gz_app_render(c, "admin/preview_body.html", data);
}
