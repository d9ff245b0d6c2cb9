/*
 * The media library in the admin area: the upload form (multipart, one
 * image and its alt text), the library with thumbnails, one item's page
 * with its alt text form, the articles that use it, and deletion, which
 * is refused while any article uses the image.
 *
 * The article editor's image picker (templates/admin/media_picker.html)
 * lists the library through a fragment (GET /admin/media/picker) and
 * uploads through the same handler as the library page, which then
 * answers with that fragment, the new image chosen (?picker=1).
 *
 * The guard parsed the multipart body and checked its CSRF token before
 * the upload handler runs (GZ_ROUTE_MULTIPART); the transport bounds the
 * whole body (GZ_UPLOAD_MAX, 413 before reading it) and the setting
 * media_max_bytes bounds one file.  Recognising and storing the image is
 * the media model's job (media.h).
 */
#include <stdlib.h>
#include <string.h>

#include "gazette/app.h"
#include "gazette/arena.h"
#include "gazette/audit.h"
#include "gazette/i18n.h"
#include "gazette/media.h"
#include "gazette/multipart.h"
#include "gazette/settings.h"
#include "gazette/user.h"
#include "../internal.h"

/* A template map for media item m: its fields, its copies' count and
 * list, thumb (its narrowest copy, else the original) with its size, for
 * the library's grid and the picker, and preview for its own page. */
static struct gz_val *
media_val(struct gz_arena *a, const struct gz_media *m)
{
	struct gz_val *v = gz_val_map_new(a);
	struct gz_media_variant *cp = NULL;
	size_t ncp = 0, i, pv = 0;

	if (v == NULL || gz_media_variants_parse(a, m->variants, &cp, &ncp) != GZ_OK) {
		return NULL;
	}
	/* The item page shows the widest copy at most 960 pixels wide: the
	 * page's column, without loading a camera's full original. */
	for (i = 0; i < ncp; i++) {
		if (cp[i].width <= 960) {
			pv = i;
		}
	}
	gz_app_set_str(v, "preview",
	               ncp > 0 ? gz_media_variant_url(a, m->url, cp[pv].width) : m->url);
	gz_app_set_int(v, "preview_width", ncp > 0 ? cp[pv].width : m->width);
	gz_app_set_int(v, "preview_height", ncp > 0 ? cp[pv].height : m->height);
	gz_app_set_str(v, "thumb", ncp > 0 ? gz_media_variant_url(a, m->url, cp[0].width) : m->url);
	gz_app_set_int(v, "thumb_width", ncp > 0 ? cp[0].width : m->width);
	gz_app_set_int(v, "thumb_height", ncp > 0 ? cp[0].height : m->height);
	gz_app_set_int(v, "copies", (long long)ncp);
	gz_app_set_str(v, "copy_widths", m->variants);
	gz_app_set_int(v, "id", m->id);
	gz_app_set_str(v, "url", m->url);
	gz_app_set_str(v, "alt", m->alt);
	gz_app_set_str(v, "name", m->original_name);
	gz_app_set_str(v, "mime", m->mime);
	gz_app_set_int(v, "width", m->width);
	gz_app_set_int(v, "height", m->height);
	gz_app_set_int(v, "kib", (m->bytes + 1023) / 1024);
	gz_app_set_int(v, "created", m->created_at);
	return v;
}

/* The per-file limit in bytes: setting media_max_bytes, within the body limit. */
static size_t
max_bytes(struct gz_ctx *c)
{
	int64_t v = gz_setting_int(c->db, "media_max_bytes", GZ_MEDIA_DEFAULT_MAX);

	if (v <= 0 || v > GZ_UPLOAD_MAX) {
		v = v <= 0 ? GZ_MEDIA_DEFAULT_MAX : GZ_UPLOAD_MAX;
	}
	return (size_t)v;
}

/* The per-file limit for people: "8 MiB", "20 KiB", in the arena. */
static const char *
limit_text(struct gz_ctx *c)
{
	size_t b = max_bytes(c);

	if (b >= 1024 * 1024) {
		return gz_arena_printf(c->arena, "%zu MiB", b / (1024 * 1024));
	}
	return gz_arena_printf(c->arena, "%zu KiB", (b + 1023) / 1024);
}

/* Render the library with the upload form, an error beside the file field
 * and the typed alt text. */
static void
render_library_msg(struct gz_ctx *c, int status, const struct gz_val *error, const char *alt)
{
	struct gz_val *data = gz_app_admin_page(c, "media"), *list = gz_val_list_new(c->arena);
	struct gz_media *items;
	const char *done = gz_request_arg(c->req, "done");
	size_t n, i;

	if (data == NULL || list == NULL || gz_media_list(c->db, c->arena, &items, &n) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	for (i = 0; i < n; i++) {
		gz_val_list_push(list, media_val(c->arena, &items[i]));
	}
	gz_val_map_set(data, "items", list);
	gz_val_map_set(data, "error", error ? error : gz_val_null());
	gz_app_set_str(data, "alt", alt);
	gz_app_set_str(data, "limit", limit_text(c));
	gz_val_map_set(data, "notice",
	               done != NULL && strcmp(done, "deleted") == 0
	                   ? gz_val_str(c->arena, GZ_N_("The image was deleted."))
	                   : gz_val_null());
	c->resp->status = status;
	gz_app_render(c, "admin/media.html", data);
}

/* render_library_msg with a plain message (English, marked for the catalogs). */
static void
render_library(struct gz_ctx *c, int status, const char *error, const char *alt)
{
	render_library_msg(c, status, error != NULL ? gz_val_str(c->arena, error) : NULL, alt);
}

void
gz_handle_admin_media(struct gz_ctx *c)
{
	render_library(c, 200, NULL, "");
}

void
gz_handle_admin_media_upload(struct gz_ctx *c)
{
	const struct gz_part *file = gz_app_part(c, "file");
	const char *alt = gz_app_trimmed(c, "alt"), *why = NULL;
	struct gz_media_upload up = {0};
	enum gz_err rc;
	int64_t id;
	int reused;

	if (c->parts == NULL) {
		render_library(c, 415, GZ_N_("Send the form as multipart/form-data."), alt);
		return;
	}
	if (file == NULL || file->filename == NULL) {
		render_library(c, 422, GZ_N_("Choose an image file to upload."), alt);
		return;
	}
	if (c->app->media_dir == NULL) {
		gz_app_error(c, 500);
		return;
	}
	up.data = file->data;
	up.len = file->len;
	up.filename = file->filename;
	up.content_type = file->content_type;
	up.alt = alt;
	up.user_id = c->user->id;
	up.now = c->now;
	rc = gz_media_store(c->db, c->app->media_dir, &up, max_bytes(c), &id, &reused, &why);
	if (rc == GZ_ETOOBIG) {
		render_library_msg(
		    c, 413,
		    gz_i18n_message(c->arena, "The file is larger than {limit}, this site's limit.",
		                    "limit", limit_text(c), NULL),
		    alt);
		return;
	}
	if (rc == GZ_EINVAL) {
		render_library(c, 422, why != NULL ? why : GZ_N_("This file cannot be used."), alt);
		return;
	}
	if (rc != GZ_OK) {
		if (why != NULL) {
			render_library(c, 500, why, alt);
		} else {
			gz_app_error(c, 500);
		}
		return;
	}
	if (gz_request_arg(c->req, "picker") != NULL) {
		/* The editor's picker: back to its list, the new image chosen. */
		gz_response_redirect(
		    c->resp, 303,
		    gz_arena_printf(c->arena, "/admin/media/picker?selected=%lld", (long long)id));
		return;
	}
	gz_response_redirect(c->resp, 303,
	                     gz_arena_printf(c->arena, "/admin/media/%lld?done=%s", (long long)id,
	                                     reused ? "reused" : "uploaded"));
}

void
gz_handle_admin_media_picker(struct gz_ctx *c)
{
	/* The admin page's data, for the language its words are in. */
	struct gz_val *data = gz_app_admin_page(c, "media"), *list = gz_val_list_new(c->arena);
	const char *sel = gz_request_arg(c->req, "selected");
	struct gz_media *items;
	size_t n, i;

	if (data == NULL || list == NULL || gz_media_list(c->db, c->arena, &items, &n) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	for (i = 0; i < n; i++) {
		gz_val_list_push(list, media_val(c->arena, &items[i]));
	}
	gz_val_map_set(data, "items", list);
	gz_app_set_int(data, "selected", sel != NULL ? atoll(sel) : 0);
	gz_app_render(c, "admin/media_picker_list.html", data);
}

/* Render media item id's page with a notice or error (either may be NULL). */
static void
render_item(struct gz_ctx *c, int status, const struct gz_media *m, const char *alt,
            const char *notice, const char *error)
{
	struct gz_val *data = gz_app_admin_page(c, "media"), *users = gz_val_list_new(c->arena);
	struct gz_val *u;
	struct gz_media_use *uses;
	size_t n, i;

	if (data == NULL || users == NULL ||
	    gz_media_users(c->db, c->arena, m->id, &uses, &n) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	for (i = 0; i < n; i++) {
		if ((u = gz_val_map_new(c->arena)) == NULL) {
			gz_app_error(c, 500);
			return;
		}
		gz_app_set_int(u, "id", uses[i].id);
		gz_app_set_str(u, "title", uses[i].title);
		gz_app_set_str(u, "status", uses[i].status);
		gz_val_list_push(users, u);
	}
	gz_val_map_set(data, "item", media_val(c->arena, m));
	gz_val_map_set(data, "users", users);
	gz_app_set_str(data, "alt", alt);
	gz_val_map_set(data, "notice", notice ? gz_val_str(c->arena, notice) : gz_val_null());
	gz_val_map_set(data, "error", error ? gz_val_str(c->arena, error) : gz_val_null());
	c->resp->status = status;
	gz_app_render(c, "admin/media_item.html", data);
}

/* Load the media item of the {id} parameter; 0 after a 404/500. */
static int
load_item(struct gz_ctx *c, struct gz_media *m)
{
	int64_t id = gz_app_param_id(c, "id");

	return gz_app_loaded(c, id != 0 ? gz_media_get(c->db, c->arena, id, m) : GZ_ENOTFOUND);
}

void
gz_handle_admin_media_item(struct gz_ctx *c)
{
	const char *done = gz_request_arg(c->req, "done");
	struct gz_media m;

	if (!load_item(c, &m)) {
		return;
	}
	render_item(c, 200, &m, m.alt,
	            done == NULL                    ? NULL
	            : strcmp(done, "uploaded") == 0 ? GZ_N_("The image was uploaded.")
	            : strcmp(done, "reused") == 0
	                ? GZ_N_("This image was already in the library; here it is.")
	            : strcmp(done, "saved") == 0 ? GZ_N_("The alt text was saved.")
	                                         : NULL,
	            NULL);
}

void
gz_handle_admin_media_update(struct gz_ctx *c)
{
	const char *alt = gz_app_trimmed(c, "alt");
	struct gz_media m;
	enum gz_err rc;

	if (!load_item(c, &m)) {
		return;
	}
	rc = gz_media_set_alt(c->db, m.id, alt);
	if (rc == GZ_EINVAL) {
		render_item(c, 422, &m, alt, NULL,
		            GZ_N_("Alt text must be plain text of at most 500 characters."));
		return;
	}
	if (rc != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	gz_response_redirect(
	    c->resp, 303,
	    gz_arena_printf(c->arena, "/admin/media/%lld?done=saved", (long long)m.id));
}

void
gz_handle_admin_media_delete(struct gz_ctx *c)
{
	struct gz_media m;
	enum gz_err rc;

	if (!load_item(c, &m)) {
		return;
	}
	if (c->app->media_dir == NULL) {
		gz_app_error(c, 500);
		return;
	}
	rc = gz_media_delete(c->db, c->app->media_dir, m.id);
	if (rc == GZ_EPERM) {
		render_item(
		    c, 409, &m, m.alt, NULL,
		    GZ_N_("This image is used by the articles listed below; change them first."));
		return;
	}
	if (rc != GZ_OK && rc != GZ_ENOTFOUND) {
		gz_app_error(c, 500);
		return;
	}
	if (rc == GZ_OK) {
		(void)gz_audit_log_id(c->db, c->user->id, GZ_AUDIT_MEDIA_DELETE, "media", m.id,
		                      m.original_name);
	}
	gz_response_redirect(c->resp, 303, "/admin/media?done=deleted");
}
