/*
 * The editor's newsroom fields (issue 16): the byline picker and the
 * social image on the article form, and the update and correction notes an
 * editor appends to a published article or removes (POST
 * /admin/articles/{id}/notes and .../notes/{note}/remove, sent by buttons
 * of the editor form itself, so they carry its CSRF token without nesting
 * forms).  Rules: editors credit anyone; writers (role author) credit
 * themselves only, so their saves keep the bylines an editor set; only
 * editors add or remove notes (the routes say GZ_ROUTE_EDITOR).  The
 * article form and its save are admin_article.c's; this file fills and
 * reads only its own fields, and the model (byline.h, article_note.h)
 * stores them.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/article_edit.h"
#include "gazette/article_note.h"
#include "gazette/byline.h"
#include "gazette/multipart.h"
#include "gazette/str.h"
#include "gazette/user.h"
#include "../internal.h"

/* Pickers on the form: one select per place in the byline. */
#define BYLINE_PICKERS 4

/* A positive decimal id, or 0. */
static int64_t
to_id(const char *s)
{
	long v;

	return s != NULL && gz_str_to_long(s, 1, 0x7fffffffL, &v) == GZ_OK ? (int64_t)v : 0;
}

/*
 * The "byline" fields in form order, urlencoded or multipart, into ids
 * (at most max, empty choices skipped).  *present says whether the form
 * had the fields at all.
 */
static size_t
byline_fields(struct gz_ctx *c, int64_t *ids, size_t max, int *present)
{
	size_t i, n = 0;

	*present = 0;
	if (c->parts == NULL) {
		for (i = 0; i < c->req->form.nitems; i++) {
			if (strcmp(c->req->form.items[i].key, "byline") != 0) {
				continue;
			}
			*present = 1;
			if (n < max && (ids[n] = to_id(c->req->form.items[i].val)) > 0) {
				n++;
			}
		}
		return n;
	}
	for (i = 0; i < c->nparts; i++) {
		const struct gz_part *p = &c->parts[i];
		char *v;

		if (strcmp(p->name, "byline") != 0 || p->filename != NULL) {
			continue;
		}
		*present = 1;
		if (n < max && p->len < 16 &&
		    (v = gz_arena_strndup(c->arena, p->data, p->len)) != NULL &&
		    (ids[n] = to_id(v)) > 0) {
			n++;
		}
	}
	return n;
}

void
gz_app_newsroom_read(struct gz_ctx *c, struct gz_article_input *in, struct gz_val *values,
                     struct gz_article_errors *pre)
{
	struct gz_val *list = gz_val_list_new(c->arena);
	int64_t *ids = gz_arena_alloc(c->arena, sizeof(*ids) * (GZ_BYLINES_MAX + 1));
	const char *social = gz_app_field(c, "social_image_id");
	const char *kind = gz_app_field(c, "note_kind"), *body = gz_app_field(c, "note_body");
	size_t n = 0, i;
	int present = 0;

	if (ids != NULL) {
		n = byline_fields(c, ids, GZ_BYLINES_MAX + 1, &present);
	}
	/* Writers credit themselves only: their form shows the byline as it
	 * is, and their saves keep it (a new article starts with its
	 * writer, by the database's trigger). */
	if (present && ids != NULL && gz_app_role_at_least(c, "editor")) {
		if (n == 0 || n > GZ_BYLINES_MAX) {
			pre->bylines = GZ_N_("Credit one to eight people from the list.");
		}
		in->bylines = ids;
		in->nbylines = n;
	}
	for (i = 0; list != NULL && i < n; i++) {
		gz_val_list_push(list, gz_val_int(c->arena, ids[i]));
	}
	if (list != NULL && present) {
		gz_val_map_set(values, "bylines", list);
	}
	if (social != NULL) {
		in->has_social_image = 1;
		in->social_image_id =
		    social[0] == '\0' || strcmp(social, "0") == 0 ? 0 : to_id(social);
		if (in->social_image_id == 0 && social[0] != '\0' && strcmp(social, "0") != 0) {
			pre->social_image = GZ_N_("Choose an image from the list.");
		}
		gz_app_set_int(values, "social_image_id", in->social_image_id);
	}
	/* What was typed for a note comes back with the form. */
	gz_app_set_str(values, "note_kind", kind != NULL ? kind : "update");
	gz_app_set_str(values, "note_body", body != NULL ? body : "");
}

/* The value of key in map m as an integer, or def. */
static int64_t
map_int(const struct gz_val *m, const char *key, int64_t def)
{
	const struct gz_val *v = m != NULL ? gz_val_map_get(m, key) : NULL;

	return v != NULL && v->kind == GZ_VAL_INT ? v->u.i : def;
}

int
gz_app_newsroom_editor(struct gz_ctx *c, struct gz_val *data, struct gz_val *values,
                       const struct gz_article_row *row, const char *tz_name)
{
	struct gz_val *staff = gz_val_list_new(c->arena), *pickers = gz_val_list_new(c->arena);
	struct gz_val *credited = gz_val_list_new(c->arena), *m;
	const struct gz_val *typed = gz_val_map_get(values, "bylines");
	struct gz_byline *people = NULL, *cur = NULL, *staffers = NULL;
	int64_t picks[BYLINE_PICKERS] = {0};
	size_t npeople = 0, ncur = 0, nstaff = 0, i, j;

	if (staff == NULL || pickers == NULL || credited == NULL) {
		return -1;
	}
	if (row == NULL || gz_byline_list(c->db, c->arena, row->id, &cur, &ncur) != GZ_OK) {
		ncur = 0;
	}
	/* The current choice: as typed, else as stored, else the writer. */
	if (typed != NULL && typed->kind == GZ_VAL_LIST) {
		for (i = 0; i < BYLINE_PICKERS && i < typed->u.list.nitems; i++) {
			picks[i] = typed->u.list.items[i]->u.i;
		}
	} else if (ncur > 0) {
		for (i = 0; i < BYLINE_PICKERS && i < ncur; i++) {
			picks[i] = cur[i].user_id;
		}
	} else {
		picks[0] = row != NULL ? row->author_id : c->user->id;
	}
	if (gz_byline_staff(c->db, c->arena, &staffers, &nstaff) != GZ_OK) {
		nstaff = 0;
	}
	/* The options: enabled staff, then anyone credited now who is not
	 * (a disabled account keeps its credit); without them a select
	 * would fall back to its first option and silently credit someone
	 * else on the next save. */
	if ((people = gz_arena_alloc(c->arena, sizeof(*people) * (nstaff + ncur + 1))) == NULL) {
		return -1;
	}
	for (i = 0; i < nstaff; i++) {
		people[npeople++] = staffers[i];
	}
	for (i = 0; i < ncur; i++) {
		for (j = 0; j < nstaff && staffers[j].user_id != cur[i].user_id; j++) {
		}
		if (j == nstaff) {
			people[npeople++] = cur[i];
		}
	}
	for (i = 0; i < npeople; i++) {
		if ((m = gz_val_map_new(c->arena)) == NULL) {
			return -1;
		}
		gz_app_set_int(m, "id", people[i].user_id);
		gz_app_set_str(m, "name", people[i].name);
		gz_val_list_push(staff, m);
	}
	for (i = 0; i < BYLINE_PICKERS; i++) {
		if ((m = gz_val_map_new(c->arena)) == NULL) {
			return -1;
		}
		gz_app_set_int(m, "place", (long long)i + 1);
		gz_app_set_int(m, "selected", picks[i]);
		gz_val_list_push(pickers, m);
		/* Names as a writer sees them (read-only). */
		for (j = 0; picks[i] != 0 && j < npeople; j++) {
			if (people[j].user_id == picks[i]) {
				gz_app_set_str(m, "name", people[j].name);
				gz_val_list_push(credited, gz_val_str(c->arena, people[j].name));
			}
		}
	}
	gz_val_map_set(data, "byline_staff", staff);
	gz_val_map_set(data, "byline_pickers", pickers);
	gz_val_map_set(data, "byline_names", credited);
	gz_app_set_int(data, "social_image_id",
	               map_int(values, "social_image_id", row != NULL ? row->social_image_id : 0));
	gz_val_map_set(data, "notes",
	               row != NULL ? gz_app_notes_val(c, row->id, 1, NULL)
	                           : (const struct gz_val *)gz_val_list_new(c->arena));
	{
		const struct gz_val *k = gz_val_map_get(values, "note_kind");
		const struct gz_val *b = gz_val_map_get(values, "note_body");
		const struct gz_val *err = gz_val_map_get(values, "note_error");

		gz_val_map_set(data, "note_kind", k != NULL ? k : gz_val_str(c->arena, "update"));
		gz_val_map_set(data, "note_body", b != NULL ? b : gz_val_str(c->arena, ""));
		gz_val_map_set(data, "note_error", err != NULL ? err : gz_val_null());
	}
	gz_app_set_str(data, "tz_name", tz_name);
	return 0;
}

/*
 * The article of the {id} parameter that c's user may edit into *row;
 * 0 after answering 404 / 403 / 500.
 */
static int
load(struct gz_ctx *c, struct gz_article_row *row)
{
	int64_t id = gz_app_param_id(c, "id");

	if (!gz_app_loaded(c, id != 0 ? gz_article_get(c->db, c->arena, id, c->now, row)
	                              : GZ_ENOTFOUND)) {
		return 0;
	}
	if (!gz_app_can_edit_article(c, row->author_id)) {
		gz_app_error(c, 403);
		return 0;
	}
	return 1;
}

/* Back to the editor's notes with a done= notice. */
static void
back(struct gz_ctx *c, int64_t id, const char *done)
{
	gz_response_redirect(
	    c->resp, 303,
	    gz_arena_printf(c->arena, "/admin/articles/%lld?done=%s#notes", (long long)id, done));
}

void
gz_handle_admin_note_add(struct gz_ctx *c)
{
	struct gz_article_row row;
	const char *kind, *body, *msg;
	struct gz_span sp;
	enum gz_err rc;

	if (!load(c, &row)) {
		return;
	}
	kind = gz_app_trimmed(c, "note_kind");
	body = gz_app_field(c, "note_body");
	body = body != NULL ? body : "";
	sp = gz_str_trim(body, strlen(body));
	body = gz_arena_strndup(c->arena, sp.p, sp.n);
	if (body == NULL) {
		gz_app_error(c, 500);
		return;
	}
	if ((msg = gz_note_check(kind, body)) == NULL) {
		rc = gz_note_add(c->db, row.id, kind, body, c->user->id, c->now, NULL);
		if (rc == GZ_OK) {
			back(c, row.id, "note");
			return;
		}
		if (rc == GZ_EPERM) {
			msg = GZ_N_("Notes go on published articles only.");
		} else if (rc == GZ_ETOOBIG) {
			msg = GZ_N_("This article holds as many notes as it can.");
		} else {
			gz_app_error(c, 500);
			return;
		}
	}
	gz_app_article_editor_again(c, 422, &row, msg);
}

void
gz_handle_admin_note_remove(struct gz_ctx *c)
{
	struct gz_article_row row;
	int64_t note = gz_app_param_id(c, "note");
	enum gz_err rc;

	if (!load(c, &row)) {
		return;
	}
	rc = note != 0 ? gz_note_remove(c->db, row.id, note, c->user->id, c->now) : GZ_ENOTFOUND;
	if (rc == GZ_ENOTFOUND) {
		gz_app_error(c, 404);
		return;
	}
	if (rc != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	back(c, row.id, "note_removed");
}
