/*
 * The two public answers of the site's branding (issue 19): /favicon.ico,
 * which browsers ask for on their own, and /theme.css, the admin's theme
 * colour as a stylesheet.  The colour is a stylesheet of its own, not a
 * <style> in each page, so the Content-Security-Policy stays
 * "style-src 'self'" with no nonce or hash.  The images themselves are
 * media files (/media/<hash>.<ext>), served like any upload; which ones
 * are the logo and favicon is in the settings logo_media and
 * favicon_media, written by the admin's branding page.
 */
#include <string.h>

#include "gazette/media.h"
#include "gazette/settings.h"
#include "../internal.h"

void
gz_handle_favicon_show(struct gz_ctx *c)
{
	int64_t id = gz_setting_int(c->db, "favicon_media", 0);
	struct gz_media m;

	/* No favicon chosen (or its image deleted): as before, nothing here. */
	if (id <= 0 || gz_media_get(c->db, c->arena, id, &m) != GZ_OK) {
		gz_app_error(c, 404);
		return;
	}
	/* The file is content-addressed: a new favicon is a new address, so
	 * the redirect may be kept for an hour without going stale for long. */
	gz_response_redirect(c->resp, 302, m.url);
	gz_response_set_header(c->resp, "Cache-Control", "public, max-age=3600");
}

void
gz_handle_theme_css(struct gz_ctx *c)
{
	const char *color = gz_setting_get(c->db, c->arena, "theme_color", "");
	struct gz_val *data = gz_val_map_new(c->arena);

	if (data == NULL) {
		gz_app_error(c, 500);
		return;
	}
	/* An unset or hand-broken colour leaves the stylesheet's own. */
	gz_app_set_str(data, "color",
	               color != NULL && gz_app_color_problem(color) == NULL ? color : "");
	gz_response_set_header(c->resp, "Content-Type", "text/css; charset=utf-8");
	/* Pages name it with the colour in the query, so a new colour is a
	 * new address: a day's caching never shows an old one. */
	gz_response_set_header(c->resp, "Cache-Control", "public, max-age=86400");
	gz_app_render(c, "theme_css.txt", data);
}
