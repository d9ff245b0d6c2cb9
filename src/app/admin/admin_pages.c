/*
 * Admin editing of static pages (/privacy, /p/{slug}): list (drafts
 * marked), edit title, Markdown body and status (published or draft; the
 * privacy policy is always published), with a server-rendered preview.
 * Admins only: the privacy policy is a legal text.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/i18n.h"
#include "gazette/page.h"
#include "gazette/utf8.h"
#include "../internal.h"

void
gz_handle_admin_pages(struct gz_ctx *c)
{
	struct gz_val *data = gz_app_admin_page(c, "pages"), *list;
	struct gz_page *pages;
	size_t n, i;

	if (data == NULL || (list = gz_val_list_new(c->arena)) == NULL ||
	    gz_page_list(c->db, c->arena, &pages, &n) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	for (i = 0; i < n; i++) {
		struct gz_val *m = gz_val_map_new(c->arena);

		gz_app_set_str(m, "slug", pages[i].slug);
		gz_app_set_str(m, "title", pages[i].title);
		gz_app_set_int(m, "updated", pages[i].updated_at);
		gz_app_set_int(m, "draft", strcmp(pages[i].status, GZ_PAGE_DRAFT) == 0);
		gz_val_list_push(list, m);
	}
	gz_val_map_set(data, "pages", list);
	gz_app_render(c, "admin/pages.html", data);
}

/* The edit form for slug with values (and errors, preview) filled in;
 * status is GZ_PAGE_PUBLISHED or GZ_PAGE_DRAFT. */
static void
edit_form(struct gz_ctx *c, const char *slug, const char *title, const char *body,
          const char *status, struct gz_val *errors, int preview)
{
	struct gz_val *data = gz_app_admin_page(c, "pages"), *values;

	if (data == NULL || (values = gz_val_map_new(c->arena)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	gz_app_set_str(values, "slug", slug);
	gz_app_set_str(values, "title", title);
	gz_app_set_str(values, "body", body);
	gz_app_set_str(values, "status", status);
	gz_val_map_set(data, "values", values);
	gz_val_map_set(data, "errors", errors ? errors : gz_val_map_new(c->arena));
	if (preview) {
		gz_val_map_set(data, "preview", gz_app_markdown_val(c->arena, body, 0, NULL));
	}
	gz_app_render(c, "admin/page_edit.html", data);
}

void
gz_handle_admin_page_edit(struct gz_ctx *c)
{
	const char *slug = gz_request_param(c->req, "slug");
	struct gz_page p;

	if (!gz_app_loaded(c, gz_page_by_slug(c->db, c->arena, slug, &p))) {
		return;
	}
	edit_form(c, p.slug, p.title, p.body, p.status, NULL, 0);
}

void
gz_handle_admin_page_update(struct gz_ctx *c)
{
	const char *slug = gz_request_param(c->req, "slug");
	const char *title = gz_app_field(c, "title"), *body = gz_app_field(c, "body");
	const char *status = gz_app_field(c, "status");
	struct gz_val *errors = gz_val_map_new(c->arena);
	struct gz_page p;
	size_t tlen;
	int bad = 0;

	if (gz_page_by_slug(c->db, c->arena, slug, &p) != GZ_OK) {
		gz_app_error(c, 404);
		return;
	}
	title = title ? title : "";
	body = body ? body : "";
	tlen = strlen(title);
	if (tlen == 0 || tlen > 200) {
		gz_app_set_str(errors, "title", GZ_N_("A title of 1 to 200 characters is needed."));
		bad = 1;
	}
	if (strlen(body) > 1024 * 1024) {
		gz_app_set_str(errors, "body", GZ_N_("The text is longer than 1 MiB."));
		bad = 1;
	}
	/* A form without the choice (the privacy policy's) keeps the status. */
	if (status == NULL) {
		status = p.status;
	} else if (strcmp(status, GZ_PAGE_PUBLISHED) != 0 && strcmp(status, GZ_PAGE_DRAFT) != 0) {
		gz_app_set_str(errors, "status", GZ_N_("Choose Published or Draft."));
		status = p.status;
		bad = 1;
	} else if (strcmp(slug, "privacy") == 0 && strcmp(status, GZ_PAGE_DRAFT) == 0) {
		gz_app_set_str(
		    errors, "status",
		    GZ_N_("The privacy policy stays published: the consent banner links to it."));
		status = GZ_PAGE_PUBLISHED;
		bad = 1;
	}
	if (gz_app_field(c, "preview") != NULL || bad) {
		c->resp->status = bad ? 422 : 200;
		edit_form(c, slug, title, body, status, errors, !bad);
		return;
	}
	if (gz_page_save_status(c->db, slug, title, body, status, c->now) != GZ_OK) {
		c->resp->status = 422;
		gz_app_set_str(errors, "body",
		               GZ_N_("The page could not be saved; check the text."));
		edit_form(c, slug, title, body, status, errors, 0);
		return;
	}
	gz_response_redirect(c->resp, 303,
	                     gz_arena_printf(c->arena, "/admin/pages/%s?saved=1", slug));
}
