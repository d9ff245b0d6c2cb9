/*
 * The admin area's common parts: the page data every admin template needs
 * (who is logged in, the CSRF token, the highlighted nav entry) and the
 * dashboard at GET /admin.  Sessions, roles and CSRF are checked before
 * any of this runs (guard.c); this file only shows.
 */
#include <string.h>

#include "gazette/comment.h"
#include "gazette/consent.h"
#include "gazette/settings.h"
#include "gazette/stats.h"
#include "gazette/user.h"
#include "../internal.h"

struct gz_val *
gz_app_admin_page(struct gz_ctx *c, const char *current)
{
	struct gz_val *data = gz_app_page(c, NULL);
	struct gz_val *admin, *user;

	if (data == NULL || (admin = gz_val_map_new(c->arena)) == NULL ||
	    (user = gz_val_map_new(c->arena)) == NULL) {
		return NULL;
	}
	if (c->user != NULL) {
		gz_app_set_int(user, "id", c->user->id);
		gz_app_set_str(user, "login", c->user->login);
		gz_app_set_str(user, "display_name", c->user->display_name);
		gz_app_set_str(user, "role", c->user->role);
		gz_val_map_set(admin, "user", user);
	} else {
		gz_val_map_set(admin, "user", gz_val_null());
	}
	gz_app_set_str(admin, "csrf", c->csrf);
	gz_app_set_str(admin, "current", current);
	gz_val_map_set(admin, "is_admin", gz_val_bool(gz_app_role_at_least(c, "admin")));
	gz_val_map_set(admin, "is_editor", gz_val_bool(gz_app_role_at_least(c, "editor")));
	gz_val_map_set(data, "admin", admin);
	return data;
}

void
gz_handle_admin_dashboard(struct gz_ctx *c)
{
	struct gz_val *data = gz_app_admin_page(c, "dashboard");
	struct gz_val *arts, *cons;
	struct gz_article_stats as;
	struct gz_consent_count *cc;
	int64_t comments[GZ_COMMENT_NSTATUS] = {0}, accept = 0, reject = 0;
	size_t n, i;

	if (data == NULL || (arts = gz_val_map_new(c->arena)) == NULL ||
	    (cons = gz_val_map_new(c->arena)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	if (gz_stats_articles(c->db, c->now, &as) != GZ_OK ||
	    gz_comment_counts(c->db, comments) != GZ_OK ||
	    gz_consent_counts(c->db, c->arena, &cc, &n) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	for (i = 0; i < n; i++) {
		accept += cc[i].accept;
		reject += cc[i].reject;
	}
	gz_app_set_int(arts, "published", as.published);
	gz_app_set_int(arts, "drafts", as.drafts);
	gz_app_set_int(arts, "scheduled", as.scheduled);
	gz_val_map_set(data, "articles", arts);
	gz_app_set_int(data, "pending_comments", comments[GZ_COMMENT_PENDING]);
	gz_app_set_int(cons, "accept", accept);
	gz_app_set_int(cons, "reject", reject);
	gz_val_map_set(data, "consents", cons);
	/* Until an admin saves the base URL, links are built from each
	 * request's address: right for readers, but a page cached or a feed
	 * read through another name would carry that name (issue 16). */
	{
		int from_request = 0;
		const char *url = gz_app_base_url(c, &from_request);

		gz_val_map_set(data, "base_url_unset",
		               gz_val_bool(from_request || url == gz_setting_default("base_url")));
		gz_app_set_str(data, "base_url_now", url);
	}
	gz_app_render(c, "admin/dashboard.html", data);
}
