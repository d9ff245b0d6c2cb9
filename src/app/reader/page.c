/*
 * Static pages: /privacy (the Privacy & Cookies Policy) and /p/{slug}.
 * A draft is 404 for readers; the address of a deleted page is 410 Gone
 * (the page model remembers it), so search engines drop it at once.
 */
#include <string.h>

#include "gazette/page.h"
#include "../internal.h"

static void
show(struct gz_ctx *c, const char *slug)
{
	struct gz_page p;
	struct gz_val *data, *m;
	enum gz_err rc;

	/* A draft page does not exist for readers. */
	rc = gz_page_visible(c->db, c->arena, slug, &p);
	if (rc == GZ_ENOTFOUND && gz_page_gone(c->db, slug)) {
		gz_app_error(c, 410);
		return;
	}
	if (rc != GZ_OK) {
		gz_app_error(c, rc == GZ_ENOTFOUND ? 404 : 500);
		return;
	}
	if (gz_app_cache(c)) {
		return;
	}
	if ((data = gz_app_page(c, NULL)) == NULL || (m = gz_val_map_new(c->arena)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	gz_app_set_str(m, "slug", p.slug);
	gz_app_set_str(m, "title", p.title);
	gz_app_set_int(m, "updated", p.updated_at);
	gz_val_map_set(m, "body", gz_app_markdown_val(c->arena, p.body, 0, NULL));
	gz_val_map_set(data, "doc", m);
	gz_app_render(c, "page.html", data);
}

void
gz_handle_privacy_show(struct gz_ctx *c)
{
	show(c, "privacy");
}

void
gz_handle_page_show(struct gz_ctx *c)
{
	const char *slug = gz_request_param(c->req, "slug");

	/* The policy has one address, so links and consent records agree. */
	if (strcmp(slug, "privacy") == 0) {
		gz_response_redirect(c->resp, 301, "/privacy");
		return;
	}
	show(c, slug);
}
