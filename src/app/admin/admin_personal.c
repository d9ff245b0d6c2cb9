/*
 * Readers' personal data for admins (issue 19 point 4): GET
 * /admin/personal-data shows a form for an e-mail address; POST
 * /admin/personal-data lists every comment written under it and the
 * consent records tied to those comments (gazette/personal.h says what
 * ties them); POST /admin/personal-data/export answers the same as a JSON
 * download; POST /admin/personal-data/erase anonymises or deletes the
 * comments, and with them the tied consent records, in one transaction
 * with its audit entry.
 *
 * The address travels only in POST bodies, never in a URL, so it stays out
 * of access logs and browser history, and the audit log records a masked
 * form with a reference (a keyed hash of the address, the same for the
 * same address on this site), never the address.  It does not know SQL
 * or how the JSON is escaped (gazette/json.h does).
 */
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "gazette/arena.h"
#include "gazette/audit.h"
#include "gazette/buf.h"
#include "gazette/db.h"
#include "gazette/i18n.h"
#include "gazette/json.h"
#include "gazette/lang.h"
#include "gazette/personal.h"
#include "gazette/secret.h"
#include "gazette/settings.h"
#include "gazette/user.h"
#include "../internal.h"

#define EXPORT_MAX (48 * 1024 * 1024) /* bytes of one JSON export, inside the arena cap */

/*
 * The address as the audit log and the page show it afterwards: the first
 * character of the local part, "***@" and the domain, then "ref" and 8 hex
 * digits of the site-keyed hash of the lowercased address ("j***@example.org
 * ref 3fa9c1d2"), so two entries about one reader can be matched without
 * the log holding the address.  In the arena; NULL when out of memory.
 */
static const char *
masked(struct gz_ctx *c, const char *email)
{
	unsigned char h[16];
	char hex[33], *lower;
	const char *at = strchr(email, '@');
	size_t i, n = strlen(email);

	if ((lower = gz_arena_strndup(c->arena, email, n)) == NULL) {
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (lower[i] >= 'A' && lower[i] <= 'Z') {
			lower[i] = (char)(lower[i] - 'A' + 'a');
		}
	}
	gz_secret_client_hash(c->app->secret, lower, h);
	sodium_bin2hex(hex, sizeof(hex), h, 4);
	/* gz_personal_email made sure of an '@' with a character before it. */
	return gz_arena_printf(c->arena, "%.1s***%s ref %s", email, at != NULL ? at : "@", hex);
}

/* "2026-12-03T17:40:00Z" for Unix time t, in the arena. */
static const char *
iso_time(struct gz_arena *a, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char out[32];

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, sizeof(out), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
		return "";
	}
	return gz_arena_strdup(a, out);
}

/* The result lists of d as template values, into data. */
static int
set_results(struct gz_ctx *c, struct gz_val *data, const struct gz_personal_data *d)
{
	struct gz_val *comments = gz_val_list_new(c->arena);
	struct gz_val *consents = gz_val_list_new(c->arena);
	size_t i;

	if (comments == NULL || consents == NULL) {
		return -1;
	}
	for (i = 0; i < d->ncomments; i++) {
		const struct gz_personal_comment *p = &d->comments[i];
		struct gz_val *m = gz_val_map_new(c->arena);

		if (m == NULL) {
			return -1;
		}
		gz_app_set_int(m, "id", p->id);
		gz_app_set_str(m, "article_title", p->article_title);
		gz_app_set_str(m, "article_path", gz_app_article_path(c->arena, p->article_slug));
		gz_app_set_int(m, "parent_id", p->parent_id);
		gz_app_set_str(m, "name", p->name);
		gz_app_set_str(m, "email", p->email);
		gz_app_set_str(m, "url", p->url);
		gz_app_set_str(m, "body", p->body);
		gz_app_set_str(m, "status", p->status);
		gz_app_set_int(m, "created", p->created_at);
		gz_val_list_push(comments, m);
	}
	for (i = 0; i < d->nconsents; i++) {
		const struct gz_personal_consent *r = &d->consents[i];
		struct gz_val *m = gz_val_map_new(c->arena);

		if (m == NULL) {
			return -1;
		}
		gz_app_set_int(m, "id", r->id);
		gz_app_set_int(m, "at", r->at);
		gz_app_set_str(m, "choice", r->choice);
		gz_app_set_int(m, "version", r->policy_version);
		gz_app_set_str(m, "hash", r->client_hash);
		gz_val_list_push(consents, m);
	}
	gz_val_map_set(data, "comments", comments);
	gz_val_map_set(data, "consents", consents);
	gz_app_set_int(data, "comments_total", d->comments_total);
	gz_app_set_int(data, "consents_total", d->consents_total);
	gz_app_set_int(data, "comments_more", d->comments_total - (int64_t)d->ncomments);
	gz_app_set_int(data, "consents_more", d->consents_total - (int64_t)d->nconsents);
	gz_val_map_set(data, "searched", gz_val_bool(1));
	return 0;
}

/* What an erasure did, for the page's notice. */
struct erased {
	int anonymised;   /* 1: comments anonymised, 0: deleted */
	int64_t comments; /* comments changed */
	int64_t consents; /* consent records deleted */
	const char *ref;  /* the masked address the audit log names */
};

/*
 * Render the page: typed is the address as typed (kept in the field),
 * error a message id for the field (or NULL), d the results (or NULL),
 * notice a message id for the erase form's refusal or a failed save (or
 * NULL); the template translates both.  e says what an erasure just did
 * (or NULL).  Every variable the template reads is set, as strict
 * rendering (GAZETTE_STRICT) wants.
 */
static void
render(struct gz_ctx *c, int status, const char *typed, const char *error,
       const struct gz_personal_data *d, const char *notice, const struct erased *e)
{
	struct gz_val *data = gz_app_admin_page(c, "personal");

	if (data == NULL || (d != NULL && set_results(c, data, d) != 0)) {
		gz_app_error(c, 500);
		return;
	}
	if (d == NULL) {
		gz_val_map_set(data, "searched", gz_val_bool(0));
	}
	gz_app_set_str(data, "email", typed);
	gz_app_set_str(data, "error", error);
	gz_app_set_str(data, "notice", notice);
	gz_val_map_set(data, "erased", gz_val_bool(e != NULL));
	gz_val_map_set(data, "erased_anonymised", gz_val_bool(e != NULL && e->anonymised));
	gz_app_set_int(data, "erased_comments", e != NULL ? e->comments : 0);
	gz_app_set_int(data, "erased_consents", e != NULL ? e->consents : 0);
	gz_app_set_str(data, "erased_ref", e != NULL ? e->ref : "");
	gz_app_set_int(data, "list_max", GZ_PERSONAL_LIST_MAX);
	c->resp->status = status;
	gz_app_render(c, "admin/personal_data.html", data);
}

/*
 * The address field of a POST, checked: the normalised address, or NULL
 * after rendering the form again with the refusal (422) and the text kept.
 */
static const char *
email_field(struct gz_ctx *c, const char **typed)
{
	const char *email;

	*typed = gz_app_field(c, "email");
	if (*typed == NULL) {
		*typed = "";
	}
	/* The field's own limit, with room for spaces around it. */
	if (strlen(*typed) > 2 * GZ_PERSONAL_EMAIL_MAX) {
		*typed = "";
	}
	if ((email = gz_personal_email(c->arena, *typed)) == NULL) {
		render(c, 422, *typed,
		       GZ_N_("Enter one e-mail address, such as reader@example.org."), NULL, NULL,
		       NULL);
	}
	return email;
}

void
gz_handle_admin_personal(struct gz_ctx *c)
{
	render(c, 200, "", NULL, NULL, NULL, NULL);
}

void
gz_handle_admin_personal_find(struct gz_ctx *c)
{
	struct gz_personal_data d;
	const char *typed, *email;

	if ((email = email_field(c, &typed)) == NULL) {
		return;
	}
	if (gz_personal_find(c->db, c->arena, email, &d) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	render(c, 200, email, NULL, &d, NULL, NULL);
}

/* The export document for email and d into b. */
static enum gz_err
write_export(struct gz_ctx *c, struct gz_buf *b, const char *email,
             const struct gz_personal_data *d)
{
	struct gz_json j;
	size_t i;

	gz_json_init(&j, b);
	gz_json_object_begin(&j);
	gz_json_key(&j, "site");
	gz_json_string(&j, gz_setting_get(c->db, c->arena, "site_name", "Gazette"));
	gz_json_key(&j, "base_url");
	gz_json_string(&j, gz_setting_get(c->db, c->arena, "base_url", ""));
	gz_json_key(&j, "email");
	gz_json_string(&j, email);
	gz_json_key(&j, "exported_at");
	gz_json_string(&j, iso_time(c->arena, (int64_t)c->now));
	gz_json_key(&j, "about");
	gz_json_string(&j, "Every comment this site holds under this e-mail address (matched "
	                   "without regard to case), and the cookie-consent records made from a "
	                   "network address one of these comments was sent from. The site stores "
	                   "a salted hash of network addresses, never the addresses themselves; "
	                   "consent records hold no e-mail address, so the shared address hash is "
	                   "their only link to these comments, and other people using the same "
	                   "network address share it.");
	gz_json_key(&j, "comments_total");
	gz_json_int(&j, d->comments_total);
	gz_json_key(&j, "comments");
	gz_json_array_begin(&j);
	for (i = 0; i < d->ncomments; i++) {
		const struct gz_personal_comment *p = &d->comments[i];

		gz_json_object_begin(&j);
		gz_json_key(&j, "id");
		gz_json_int(&j, p->id);
		gz_json_key(&j, "article");
		gz_json_object_begin(&j);
		gz_json_key(&j, "title");
		gz_json_string(&j, p->article_title);
		gz_json_key(&j, "path");
		gz_json_string(&j, gz_app_article_path(c->arena, p->article_slug));
		gz_json_object_end(&j);
		gz_json_key(&j, "in_reply_to");
		if (p->parent_id > 0) {
			gz_json_int(&j, p->parent_id);
		} else {
			gz_json_null(&j);
		}
		gz_json_key(&j, "name");
		gz_json_string(&j, p->name);
		gz_json_key(&j, "email");
		gz_json_string(&j, p->email);
		gz_json_key(&j, "website");
		gz_json_string(&j, p->url);
		gz_json_key(&j, "text");
		gz_json_string(&j, p->body);
		gz_json_key(&j, "status");
		gz_json_string(&j, p->status);
		gz_json_key(&j, "written_at");
		gz_json_string(&j, iso_time(c->arena, p->created_at));
		gz_json_key(&j, "network_address_hash");
		gz_json_string(&j, p->client_hash[0] ? p->client_hash : NULL);
		gz_json_object_end(&j);
	}
	gz_json_array_end(&j);
	gz_json_key(&j, "consent_records_total");
	gz_json_int(&j, d->consents_total);
	gz_json_key(&j, "consent_records");
	gz_json_array_begin(&j);
	for (i = 0; i < d->nconsents; i++) {
		const struct gz_personal_consent *r = &d->consents[i];

		gz_json_object_begin(&j);
		gz_json_key(&j, "id");
		gz_json_int(&j, r->id);
		gz_json_key(&j, "at");
		gz_json_string(&j, iso_time(c->arena, r->at));
		gz_json_key(&j, "choice");
		gz_json_string(&j, r->choice);
		gz_json_key(&j, "policy_version");
		gz_json_int(&j, r->policy_version);
		gz_json_key(&j, "network_address_hash");
		gz_json_string(&j, r->client_hash);
		gz_json_object_end(&j);
	}
	gz_json_array_end(&j);
	gz_json_object_end(&j);
	return gz_json_finish(&j);
}

void
gz_handle_admin_personal_export(struct gz_ctx *c)
{
	struct gz_personal_data d;
	struct gz_val *data;
	const char *typed, *email, *who;
	struct gz_buf b;

	if ((email = email_field(c, &typed)) == NULL) {
		return;
	}
	gz_buf_init(&b, c->arena, EXPORT_MAX);
	if (gz_personal_find(c->db, c->arena, email, &d) != GZ_OK ||
	    write_export(c, &b, email, &d) != GZ_OK || (who = masked(c, email)) == NULL ||
	    (data = gz_val_map_new(c->arena)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	/* No export leaves without its entry in the log. */
	if (gz_audit_log(c->db, c->user->id, GZ_AUDIT_PERSONAL_EXPORT, who,
	                 gz_arena_printf(c->arena, "comments: %lld, consent records: %lld",
	                                 (long long)d.comments_total,
	                                 (long long)d.consents_total)) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	gz_val_map_set(data, "json", gz_val_str_ref(c->arena, gz_buf_str(&b), b.len));
	gz_app_render(c, "admin/personal_data_json.txt", data);
	if (c->resp->status == 200) {
		gz_response_set_header(c->resp, "Content-Type", "application/json; charset=utf-8");
		gz_response_set_header(c->resp, "Content-Disposition",
		                       "attachment; filename=\"personal-data.json\"");
		gz_response_set_header(c->resp, "X-Content-Type-Options", "nosniff");
	}
}

void
gz_handle_admin_personal_erase(struct gz_ctx *c)
{
	struct gz_personal_data d;
	const char *typed, *email, *mode = gz_app_field(c, "mode"), *who, *anon;
	const char *consent = gz_app_field(c, "consent"), *confirm = gz_app_field(c, "confirm");
	enum gz_personal_mode m;
	struct erased er;
	int64_t ncomments, nconsents;
	enum gz_err rc;

	if ((email = email_field(c, &typed)) == NULL) {
		return;
	}
	if (mode != NULL && strcmp(mode, "anonymise") == 0) {
		m = GZ_PERSONAL_ANONYMISE;
	} else if (mode != NULL && strcmp(mode, "delete") == 0) {
		m = GZ_PERSONAL_DELETE;
	} else {
		gz_app_error(c, 400);
		return;
	}
	if (confirm == NULL || strcmp(confirm, "1") != 0) {
		if (gz_personal_find(c->db, c->arena, email, &d) != GZ_OK) {
			gz_app_error(c, 500);
			return;
		}
		render(c, 422, email, NULL, &d,
		       GZ_N_("Nothing was erased: tick the box that confirms it first."), NULL);
		return;
	}
	/* The name anonymised comments carry, in the site's language. */
	anon = gz_i18n_get(
	    gz_lang_or_default(gz_setting_get(c->db, c->arena, "site_language", GZ_LANG_DEFAULT)),
	    GZ_N_("Anonymous"));
	if ((who = masked(c, email)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	if ((rc = gz_db_begin(c->db)) != GZ_OK) {
		goto fail;
	}
	if ((rc = gz_personal_erase(c->db, email, m, anon, consent != NULL && !strcmp(consent, "1"),
	                            &ncomments, &nconsents)) != GZ_OK ||
	    (rc = gz_audit_log(
	         c->db, c->user->id, GZ_AUDIT_PERSONAL_ERASE, who,
	         gz_arena_printf(c->arena, "%s comments: %lld, deleted consent records: %lld",
	                         m == GZ_PERSONAL_ANONYMISE ? "anonymised" : "deleted",
	                         (long long)ncomments, (long long)nconsents))) != GZ_OK) {
		gz_db_rollback(c->db);
		goto fail;
	}
	if ((rc = gz_db_commit(c->db)) != GZ_OK) {
		goto fail;
	}
	if (gz_personal_find(c->db, c->arena, email, &d) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	er.anonymised = m == GZ_PERSONAL_ANONYMISE;
	er.comments = ncomments;
	er.consents = nconsents;
	er.ref = who;
	render(c, 200, email, NULL, &d, NULL, &er);
	return;
fail:
	if (gz_app_unsaved_fault(c, rc) != GZ_OK) {
		gz_app_unsaved_headers(c->resp, gz_app_unsaved_fault(c, rc));
		render(c, 503, email, NULL, NULL,
		       gz_app_unsaved_message(gz_app_unsaved_fault(c, rc)), NULL);
		return;
	}
	gz_app_error(c, 500);
}
