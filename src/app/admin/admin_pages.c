/*
 * Admin editing of static pages (/privacy, /p/{slug}): list (drafts
 * marked), create (address, title, Markdown body, status), edit title,
 * body and status (published or draft: unpublishing is choosing Draft;
 * the privacy policy is always published), a server-rendered preview, and
 * delete (the address then answers 410; the policy cannot be deleted).
 * Admins only: the privacy policy is a legal text.  The address rules,
 * and what a deleted address answers, are the page model's (page.h).
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/audit.h"
#include "gazette/buf.h"
#include "gazette/i18n.h"
#include "gazette/page.h"
#include "gazette/url.h"
#include "gazette/user.h"
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
	gz_app_set_str(data, "deleted", gz_request_arg(c->req, "deleted"));
	gz_app_render(c, "admin/pages.html", data);
}

/* A map of the form's error messages with every field present (null), so
 * strict templates can ask for any of them. */
static struct gz_val *
errors_new(struct gz_arena *a)
{
	static const char *const keys[] = {"slug", "title", "body", "status"};
	struct gz_val *m = gz_val_map_new(a);
	size_t i;

	for (i = 0; m != NULL && i < sizeof(keys) / sizeof(keys[0]); i++) {
		gz_val_map_set(m, keys[i], gz_val_null());
	}
	return m;
}

/* The edit form (is_new: the form making a page, whose address is typed)
 * for slug with values (and errors, preview) filled in; status is
 * GZ_PAGE_PUBLISHED or GZ_PAGE_DRAFT. */
static void
page_form(struct gz_ctx *c, int is_new, const char *slug, const char *title, const char *body,
          const char *status, struct gz_val *errors, int preview)
{
	struct gz_val *data = gz_app_admin_page(c, "pages"), *values;
	const char *done = gz_request_arg(c->req, "saved");

	if (data == NULL || (values = gz_val_map_new(c->arena)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	gz_app_set_str(values, "slug", slug);
	gz_app_set_str(values, "title", title);
	gz_app_set_str(values, "body", body);
	gz_app_set_str(values, "status", status);
	gz_val_map_set(data, "values", values);
	gz_val_map_set(data, "errors", errors ? errors : errors_new(c->arena));
	gz_val_map_set(data, "preview",
	               preview ? gz_app_markdown_val(c->arena, body, 0, NULL) : gz_val_null());
	gz_val_map_set(data, "is_new", gz_val_bool(is_new));
	gz_val_map_set(data, "saved",
	               gz_val_bool(!is_new && done != NULL && c->resp->status == 200));
	gz_app_render(c, "admin/page_edit.html", data);
}

/* page_form for an existing page. */
static void
edit_form(struct gz_ctx *c, const char *slug, const char *title, const char *body,
          const char *status, struct gz_val *errors, int preview)
{
	page_form(c, 0, slug, title, body, status, errors, preview);
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

/* Messages beside the title and body fields into errors; 1 when any. */
static int
check_text(struct gz_val *errors, const char *title, const char *body)
{
	size_t tlen = strlen(title);
	int bad = 0;

	if (tlen == 0 || tlen > 200) {
		gz_app_set_str(errors, "title", GZ_N_("A title of 1 to 200 characters is needed."));
		bad = 1;
	}
	if (strlen(body) > 1024 * 1024) {
		gz_app_set_str(errors, "body", GZ_N_("The text is longer than 1 MiB."));
		bad = 1;
	}
	return bad;
}

void
gz_handle_admin_page_update(struct gz_ctx *c)
{
	const char *slug = gz_request_param(c->req, "slug");
	const char *title = gz_app_field(c, "title"), *body = gz_app_field(c, "body");
	const char *status = gz_app_field(c, "status");
	struct gz_val *errors = errors_new(c->arena);
	struct gz_page p;
	int bad;

	if (gz_page_by_slug(c->db, c->arena, slug, &p) != GZ_OK) {
		gz_app_error(c, 404);
		return;
	}
	title = title ? title : "";
	body = body ? body : "";
	bad = check_text(errors, title, body);
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

void
gz_handle_admin_page_new(struct gz_ctx *c)
{
	page_form(c, 1, "", "", "", GZ_PAGE_DRAFT, NULL, 0);
}

void
gz_handle_admin_page_create(struct gz_ctx *c)
{
	const char *slug = gz_app_trimmed(c, "slug"), *title = gz_app_field(c, "title");
	const char *body = gz_app_field(c, "body"), *status = gz_app_field(c, "status");
	struct gz_val *errors = errors_new(c->arena);
	const char *why;
	enum gz_err rc;
	int bad;

	slug = slug ? slug : "";
	title = title ? title : "";
	body = body ? body : "";
	bad = check_text(errors, title, body);
	if ((why = gz_page_slug_problem(slug)) != NULL) {
		gz_app_set_str(errors, "slug", why);
		bad = 1;
	}
	if (status == NULL ||
	    (strcmp(status, GZ_PAGE_PUBLISHED) != 0 && strcmp(status, GZ_PAGE_DRAFT) != 0)) {
		gz_app_set_str(errors, "status", GZ_N_("Choose Published or Draft."));
		status = GZ_PAGE_DRAFT;
		bad = 1;
	}
	if (gz_app_field(c, "preview") != NULL || bad) {
		c->resp->status = bad ? 422 : 200;
		page_form(c, 1, slug, title, body, status, errors, !bad);
		return;
	}
	rc = gz_page_create(c->db, slug, title, body, status, c->now);
	if (rc == GZ_ECONFLICT) {
		c->resp->status = 422;
		gz_app_set_str(errors, "slug",
		               GZ_N_("A page already has this address; choose another."));
		page_form(c, 1, slug, title, body, status, errors, 0);
		return;
	}
	if (rc != GZ_OK) {
		c->resp->status = 422;
		gz_app_set_str(errors, "body",
		               GZ_N_("The page could not be saved; check the text."));
		page_form(c, 1, slug, title, body, status, errors, 0);
		return;
	}
	gz_response_redirect(c->resp, 303,
	                     gz_arena_printf(c->arena, "/admin/pages/%s?saved=1", slug));
}

void
gz_handle_admin_page_delete(struct gz_ctx *c)
{
	const char *slug = gz_request_param(c->req, "slug");
	struct gz_buf b;
	enum gz_err rc;

	rc = gz_page_delete(c->db, slug, c->now);
	if (rc == GZ_EPERM) {
		/* The form offers no delete button for the policy: a forged post. */
		gz_app_error(c, 403);
		return;
	}
	if (rc != GZ_OK) {
		gz_app_error(c, rc == GZ_ENOTFOUND ? 404 : 500);
		return;
	}
	(void)gz_audit_log(c->db, c->user->id, GZ_AUDIT_PAGE_DELETE,
	                   gz_arena_printf(c->arena, "page %s", slug), NULL);
	gz_buf_init(&b, c->arena, 1024);
	gz_buf_puts(&b, "/admin/pages?deleted=");
	gz_url_encode(&b, slug, strlen(slug));
	gz_response_redirect(c->resp, 303, gz_buf_err(&b) ? "/admin/pages" : b.data);
}
