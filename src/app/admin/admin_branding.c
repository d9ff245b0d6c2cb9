/*
 * The site's branding for admins: GET/POST /admin/branding, one
 * multipart form with the logo, the favicon and the theme colour.  An
 * image is checked by its content through the media model (gz_media_check:
 * PNG, JPEG, GIF or WebP, complete, extension and type agreeing), then
 * held to this page's own bounds, stored in the media library like any
 * upload and named by a setting (logo_media, favicon_media); the colour is
 * "#rrggbb", dark enough for text (gz_app_color_problem), in theme_color.
 * Nothing is changed unless every part of the form is valid.
 *
 * An image larger than it is ever shown is scaled down first with libvips
 * (gz_image_resize, same format, metadata dropped): the logo to twice its
 * header box (96 pixels high, at most 640 wide: sharp on dense screens),
 * the favicon, a square PNG, to 180 by 180 (what phones' home screens ask
 * for; browsers scale it down for tabs).  A GIF logo is kept as it is
 * (libvips here reads no GIF).  What the layout, the feeds and the JSON-LD
 * make of them is site_nav.c's and the templates' business.
 */
#include <stdint.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/audit.h"
#include "gazette/i18n.h"
#include "gazette/image.h"
#include "gazette/media.h"
#include "gazette/multipart.h"
#include "gazette/settings.h"
#include "gazette/user.h"
#include "../internal.h"

#define LOGO_BYTES_MAX (1024 * 1024)    /* a logo file */
#define LOGO_DIM_MAX 4000               /* pixels per side of a logo */
#define LOGO_HEIGHT_MIN 16              /* pixels: smaller is unreadable */
#define FAVICON_BYTES_MAX (1024 * 1024) /* a favicon file */
#define FAVICON_MIN 16                  /* pixels per side */
#define FAVICON_MAX 2048                /* pixels per side */
#define FAVICON_SIZE 180                /* pixels per side, once stored */

/* A map of the form's error messages with every field present (null), so
 * strict templates can ask for any of them. */
static struct gz_val *
errors_new(struct gz_arena *a)
{
	static const char *const keys[] = {"logo", "favicon", "theme_color"};
	struct gz_val *m = gz_val_map_new(a);
	size_t i;

	for (i = 0; m != NULL && i < sizeof(keys) / sizeof(keys[0]); i++) {
		gz_val_map_set(m, keys[i], gz_val_null());
	}
	return m;
}

/* Render the page; errors (a map of field -> message, or NULL), the typed
 * colour, and a notice (static, marked) or NULL. */
static void
render(struct gz_ctx *c, int status, struct gz_val *errors, const char *color, const char *notice)
{
	struct gz_val *data = gz_app_admin_page(c, "branding");

	if (data == NULL) {
		gz_app_error(c, 500);
		return;
	}
	gz_val_map_set(data, "errors", errors ? errors : errors_new(c->arena));
	gz_app_set_str(data, "color", color);
	gz_app_set_str(data, "notice", notice);
	c->resp->status = status;
	gz_app_render(c, "admin/branding.html", data);
}

void
gz_handle_admin_branding(struct gz_ctx *c)
{
	const char *done = gz_request_arg(c->req, "done");

	render(c, 200, NULL, gz_setting_get(c->db, c->arena, "theme_color", ""),
	       done != NULL && strcmp(done, "saved") == 0 ? GZ_N_("The branding was saved.")
	                                                  : NULL);
}

/* The file part called name when a file was chosen, else NULL. */
static const struct gz_part *
chosen(struct gz_ctx *c, const char *name)
{
	const struct gz_part *p = gz_app_part(c, name);

	if (p == NULL || ((p->filename == NULL || p->filename[0] == '\0') && p->len == 0)) {
		return NULL;
	}
	return p;
}

/* Why part p cannot be the logo, or NULL; what it is in *info. */
static const char *
logo_problem(const struct gz_part *p, struct gz_image_info *info)
{
	const char *why = NULL;

	if (p->len > LOGO_BYTES_MAX) {
		return GZ_N_("A logo file may be at most 1 MiB.");
	}
	if (gz_media_check(p->data, p->len, p->filename, p->content_type, info, &why) != GZ_OK) {
		return why != NULL ? why : GZ_N_("This file cannot be used.");
	}
	if (info->width > LOGO_DIM_MAX || info->height > LOGO_DIM_MAX ||
	    info->height < LOGO_HEIGHT_MIN) {
		return GZ_N_("A logo must be 16 to 4000 pixels high and at most 4000 wide.");
	}
	return NULL;
}

/* Why part p cannot be the favicon, or NULL; what it is in *info. */
static const char *
favicon_problem(const struct gz_part *p, struct gz_image_info *info)
{
	const char *why = NULL;

	if (p->len > FAVICON_BYTES_MAX) {
		return GZ_N_("A favicon file may be at most 1 MiB.");
	}
	if (gz_media_check(p->data, p->len, p->filename, p->content_type, info, &why) != GZ_OK) {
		return why != NULL ? why : GZ_N_("This file cannot be used.");
	}
	if (strcmp(info->ext, "png") != 0) {
		return GZ_N_("A favicon must be a PNG image.");
	}
	if (info->width != info->height || info->width < FAVICON_MIN || info->width > FAVICON_MAX) {
		return GZ_N_("A favicon must be square, from 16×16 to 2048×2048 pixels.");
	}
	return NULL;
}

/*
 * Store part p (an image described by info) in the media library with alt
 * text alt, first scaled down to width pixels wide when it is wider and
 * its format can be (see the file's opening); *id on GZ_OK, else a
 * message in *why.
 */
static enum gz_err
store(struct gz_ctx *c, const struct gz_part *p, const struct gz_image_info *info, int width,
      const char *alt, int64_t *id, const char **why)
{
	struct gz_media_upload up = {0};
	struct gz_image_out out = {0};
	enum gz_err rc;
	int reused;

	up.data = p->data;
	up.len = p->len;
	if (width > 0 && (uint32_t)width < info->width && strcmp(info->ext, "gif") != 0) {
		if ((rc = gz_image_resize(p->data, p->len, info->ext, width, &out, why)) != GZ_OK) {
			return rc;
		}
		up.data = out.data;
		up.len = out.len;
	}
	up.filename = p->filename;
	up.content_type = p->content_type;
	up.alt = alt;
	up.user_id = c->user != NULL ? c->user->id : 0;
	up.now = c->now;
	rc = gz_media_store(c->db, c->app->media_dir, &up, LOGO_BYTES_MAX, id, &reused, why);
	gz_image_out_free(&out);
	return rc;
}

/* The width the logo is stored at: its header box twice over (96 high,
 * at most 640 wide), or its own when smaller. */
static int
logo_width(const struct gz_image_info *info)
{
	uint64_t w = (uint64_t)info->width * (2 * GZ_APP_LOGO_HEIGHT) / info->height;

	if (w > 2 * GZ_APP_LOGO_WIDTH_MAX) {
		w = 2 * GZ_APP_LOGO_WIDTH_MAX;
	}
	return w == 0 ? 1 : (int)w;
}

void
gz_handle_admin_branding_update(struct gz_ctx *c)
{
	const struct gz_part *logo = chosen(c, "logo"), *icon = chosen(c, "favicon");
	struct gz_image_info logo_info, icon_info;
	const char *color = gz_app_trimmed(c, "theme_color");
	const char *site = gz_setting_get(c->db, c->arena, "site_name", "Gazette");
	const char *why, *keys[3], *values[3];
	struct gz_val *errors = errors_new(c->arena);
	enum gz_err rc;
	int64_t id;
	size_t n = 0;
	int bad = 0;

	if (c->parts == NULL) {
		gz_app_set_str(errors, "logo", GZ_N_("Send the form as multipart/form-data."));
		render(c, 415, errors, color, NULL);
		return;
	}
	if (color[0] != '\0') {
		char *low = gz_arena_strdup(c->arena, color), *p;

		if (low == NULL) {
			gz_app_error(c, 500);
			return;
		}
		/* #A3122B and #a3122b are the same colour; store one spelling. */
		for (p = low; *p != '\0'; p++) {
			if (*p >= 'A' && *p <= 'F') {
				*p = (char)(*p - 'A' + 'a');
			}
		}
		color = low;
		if ((why = gz_app_color_problem(color)) != NULL) {
			gz_app_set_str(errors, "theme_color", why);
			bad = 1;
		}
	}
	if (logo != NULL && (why = logo_problem(logo, &logo_info)) != NULL) {
		gz_app_set_str(errors, "logo", why);
		bad = 1;
	}
	if (icon != NULL && (why = favicon_problem(icon, &icon_info)) != NULL) {
		gz_app_set_str(errors, "favicon", why);
		bad = 1;
	}
	if (bad) {
		render(c, 422, errors, color, NULL);
		return;
	}
	if ((logo != NULL || icon != NULL) && c->app->media_dir == NULL) {
		gz_app_error(c, 500);
		return;
	}
	keys[n] = "theme_color";
	values[n++] = color;
	if (logo != NULL) {
		rc = store(c, logo, &logo_info, logo_width(&logo_info), site, &id, &why);
		if (rc != GZ_OK) {
			gz_app_set_str(errors, "logo",
			               why ? why : GZ_N_("This file cannot be used."));
			render(c, rc == GZ_EINVAL ? 422 : 500, errors, color, NULL);
			return;
		}
		keys[n] = "logo_media";
		values[n++] = gz_arena_printf(c->arena, "%lld", (long long)id);
	} else if (gz_app_field(c, "remove_logo") != NULL) {
		keys[n] = "logo_media";
		values[n++] = "";
	}
	if (icon != NULL) {
		rc = store(c, icon, &icon_info, FAVICON_SIZE, "", &id, &why);
		if (rc != GZ_OK) {
			gz_app_set_str(errors, "favicon",
			               why ? why : GZ_N_("This file cannot be used."));
			render(c, rc == GZ_EINVAL ? 422 : 500, errors, color, NULL);
			return;
		}
		keys[n] = "favicon_media";
		values[n++] = gz_arena_printf(c->arena, "%lld", (long long)id);
	} else if (gz_app_field(c, "remove_favicon") != NULL) {
		keys[n] = "favicon_media";
		values[n++] = "";
	}
	if (gz_settings_save(c->db, keys, values, n, 0) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	/* The audit log's "settings" entry, naming what was set; a failed
	 * entry does not undo the saved branding. */
	(void)gz_audit_log(c->db, c->user != NULL ? c->user->id : 0, GZ_AUDIT_SETTINGS, "branding",
	                   gz_arena_printf(c->arena, "%s%s%s%s%s", keys[0], n > 1 ? ", " : "",
	                                   n > 1 ? keys[1] : "", n > 2 ? ", " : "",
	                                   n > 2 ? keys[2] : ""));
	gz_response_redirect(c->resp, 303, "/admin/branding?done=saved");
}
