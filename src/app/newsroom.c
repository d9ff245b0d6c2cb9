/*
 * The newsroom fields as pages see them (issue 16): an article's bylines,
 * its update and correction notes, the picture its link shares and its
 * "modified" time, as template values for the article page, its JSON-LD
 * and the feeds.  It reads through the model (byline.h, article_note.h,
 * social_image.h) and knows nothing of forms: the editor's side is in
 * src/app/admin/admin_article.c and admin_note.c.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/article.h"
#include "gazette/article_note.h"
#include "gazette/buf.h"
#include "gazette/byline.h"
#include "gazette/social_image.h"
#include "gazette/url.h"
#include "internal.h"

/* The absolute address of login's author page ("" when out of memory), in the arena. */
static const char *
author_url(struct gz_ctx *c, const char *base, const char *login)
{
	struct gz_buf u;

	gz_buf_init(&u, c->arena, 512);
	gz_buf_puts(&u, base);
	gz_buf_puts(&u, "/author/");
	gz_url_encode(&u, login, strlen(login));
	return gz_buf_err(&u) == GZ_OK ? gz_buf_str(&u) : "";
}

struct gz_val *
gz_app_bylines_val(struct gz_ctx *c, int64_t id, const char *login, const char *name)
{
	struct gz_val *list = gz_val_list_new(c->arena), *m;
	struct gz_byline *b = NULL;
	const char *base = gz_app_base_url(c, NULL);
	size_t n = 0, i;

	if (list == NULL) {
		return NULL;
	}
	/* Without its bylines (a read error) the owner still gets credit. */
	if (gz_byline_list(c->db, c->arena, id, &b, &n) != GZ_OK || n == 0) {
		if ((m = gz_val_map_new(c->arena)) == NULL) {
			return NULL;
		}
		gz_app_set_str(m, "login", login);
		gz_app_set_str(m, "name", name);
		gz_app_set_str(m, "url", author_url(c, base, login));
		gz_val_list_push(list, m);
		return list;
	}
	for (i = 0; i < n; i++) {
		if ((m = gz_val_map_new(c->arena)) == NULL) {
			return NULL;
		}
		gz_app_set_int(m, "id", b[i].user_id);
		gz_app_set_str(m, "login", b[i].login);
		gz_app_set_str(m, "name", b[i].name);
		gz_app_set_str(m, "url", author_url(c, base, b[i].login));
		gz_val_list_push(list, m);
	}
	return list;
}

struct gz_val *
gz_app_notes_val(struct gz_ctx *c, int64_t id, int all, const char *kind)
{
	struct gz_val *list = gz_val_list_new(c->arena), *m;
	struct gz_article_note *notes = NULL;
	size_t n = 0, i;

	if (list == NULL) {
		return NULL;
	}
	/* A page without its notes still renders; the editor's list says
	 * nothing is there rather than failing the whole editor. */
	if (gz_note_list(c->db, c->arena, id, all, &notes, &n) != GZ_OK) {
		return list;
	}
	for (i = 0; i < n; i++) {
		if (kind != NULL && strcmp(notes[i].kind, kind) != 0) {
			continue;
		}
		if ((m = gz_val_map_new(c->arena)) == NULL) {
			return NULL;
		}
		gz_app_set_int(m, "id", notes[i].id);
		gz_app_set_str(m, "kind", notes[i].kind);
		gz_app_set_str(m, "body", notes[i].body);
		gz_app_set_str(m, "author", notes[i].author);
		gz_app_set_int(m, "time", notes[i].created_at);
		gz_app_set_int(m, "removed", notes[i].removed_at);
		gz_val_list_push(list, m);
	}
	return list;
}

void
gz_app_newsroom_article(struct gz_ctx *c, const struct gz_article *a, struct gz_val *m)
{
	struct gz_social_image si;
	struct gz_val *img;

	gz_val_map_set(m, "bylines",
	               gz_app_bylines_val(c, a->s.id, a->s.author_login, a->s.author_name));
	gz_val_map_set(m, "corrections", gz_app_notes_val(c, a->s.id, 0, "correction"));
	gz_val_map_set(m, "updates", gz_app_notes_val(c, a->s.id, 0, "update"));
	/* A scheduled article last saved before its time came was "modified"
	 * before it was published; readers and search engines are told the
	 * later of the two.  Notes move updated_at themselves. */
	gz_app_set_int(m, "modified",
	               a->s.updated_at > a->s.published_at ? a->s.updated_at : a->s.published_at);
	/* The shared picture, absolute: link previews fetch it from
	 * elsewhere. */
	if (gz_social_image_get(c->db, c->arena, a->s.id, &si) == GZ_OK && si.url[0] != '\0' &&
	    (img = gz_val_map_new(c->arena)) != NULL) {
		gz_app_set_str(img, "abs",
		               gz_arena_printf(c->arena, "%s%s", gz_app_base_url(c, NULL), si.url));
		gz_app_set_str(img, "alt", si.alt);
		gz_app_set_int(img, "width", si.width);
		gz_app_set_int(img, "height", si.height);
		gz_val_map_set(img, "picked", gz_val_bool(si.picked));
		gz_val_map_set(m, "social", img);
	} else {
		gz_val_map_set(m, "social", gz_val_null());
	}
}
