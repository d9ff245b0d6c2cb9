/*
 * Staff accounts in the admin area: the user list, creating a user,
 * editing one (name, email, role, disabling, a password reset that shows
 * a new random password once, a one-time reset link shown once, removing a
 * lost second factor) for admins, which roles must have a second factor,
 * and everyone's own account page (display name, password) and second
 * factor page (TOTP enrolment with recovery codes).  Ending sessions when a
 * password changes or an account is disabled happens here, next to the
 * change that causes it.  Roles and CSRF were checked by the guard before
 * these run.  Secrets (a new password, a reset link, a TOTP key, recovery
 * codes) appear only in the one response that made them; admin answers
 * are never stored (Cache-Control: private, no-store).
 */
#include <string.h>

#include <sodium.h>

#include "gazette/app.h"
#include "gazette/arena.h"
#include "gazette/audit.h"
#include "gazette/i18n.h"
#include "gazette/mfa.h"
#include "gazette/reset.h"
#include "gazette/session.h"
#include "gazette/settings.h"
#include "gazette/totp.h"
#include "gazette/str.h"
#include "gazette/user.h"
#include "../internal.h"

/* A form field trimmed of surrounding whitespace, "" when absent; in the arena. */
static const char *
trimmed(struct gz_ctx *c, const char *name)
{
	const char *v = gz_app_field(c, name);
	struct gz_span s;
	char *out;

	if (v == NULL) {
		return "";
	}
	s = gz_str_trim(v, strlen(v));
	out = gz_arena_strndup(c->arena, s.p, s.n);
	return out != NULL ? out : "";
}

/* A form field as sent (passwords are not trimmed), "" when absent. */
static const char *
raw(struct gz_ctx *c, const char *name)
{
	const char *v = gz_app_field(c, name);

	return v != NULL ? v : "";
}

/* A template map for user u. */
static struct gz_val *
user_val(struct gz_arena *a, const struct gz_user *u)
{
	struct gz_val *m = gz_val_map_new(a);

	if (m == NULL) {
		return NULL;
	}
	gz_app_set_int(m, "id", u->id);
	gz_app_set_str(m, "login", u->login);
	gz_app_set_str(m, "display_name", u->display_name);
	gz_app_set_str(m, "email", u->email);
	gz_app_set_str(m, "role", u->role);
	gz_val_map_set(m, "disabled", gz_val_bool(u->disabled));
	gz_app_set_int(m, "created", u->created_at);
	return m;
}

/* Every field a user form can flag; each starts as null so templates may
 * test any of them (strict rendering refuses missing keys). */
static const char *const error_keys[] = {"login",    "display_name",     "email",       "role",
                                         "password", "current_password", "new_password"};

/* An errors map with every key null, in the arena; NULL when out of memory. */
static struct gz_val *
new_errors(struct gz_arena *a)
{
	struct gz_val *m = gz_val_map_new(a);
	size_t i;

	for (i = 0; m != NULL && i < sizeof(error_keys) / sizeof(error_keys[0]); i++) {
		if (gz_val_map_set(m, error_keys[i], gz_val_null()) != GZ_OK) {
			return NULL;
		}
	}
	return m;
}

/* Set errors[key] = msg and remember that something failed. */
static void
field_error(struct gz_val *errors, int *bad, const char *key, const char *msg)
{
	gz_app_set_str(errors, key, msg);
	*bad = 1;
}

/*
 * Answer a request whose password hashing could not run (rc GZ_ENOMEM or
 * GZ_ETIMEOUT from the user model) with 503 and a short Retry-After, and
 * return 1; any other rc returns 0 and answers nothing.  Nothing was
 * changed, so the admin can simply send the form again.
 */
static int
hash_unavailable(struct gz_ctx *c, enum gz_err rc)
{
	if (rc != GZ_ENOMEM && rc != GZ_ETIMEOUT) {
		return 0;
	}
	gz_app_error(c, 503);
	gz_response_set_header(c->resp, "Retry-After", gz_app_retry_after(rc));
	return 1;
}

/* The message for a bad new password, or NULL when it is acceptable. */
static const char *
password_problem(const char *pw, const char *again)
{
	size_t n = strlen(pw);

	if (n < GZ_USER_PASSWORD_MIN) {
		return GZ_N_("Use at least 8 characters.");
	}
	if (n > GZ_USER_PASSWORD_MAX) {
		return GZ_N_("Use at most 1024 characters.");
	}
	if (again != NULL && strcmp(pw, again) != 0) {
		return GZ_N_("The two passwords differ.");
	}
	return NULL;
}

void
gz_handle_admin_users(struct gz_ctx *c)
{
	struct gz_val *data = gz_app_admin_page(c, "users"), *list;
	struct gz_user *users;
	size_t n, i;

	if (data == NULL || (list = gz_val_list_new(c->arena)) == NULL ||
	    gz_user_list(c->db, c->arena, &users, &n) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	for (i = 0; i < n; i++) {
		gz_val_list_push(list, user_val(c->arena, &users[i]));
	}
	gz_val_map_set(data, "users", list);
	gz_app_render(c, "admin/users.html", data);
}

/* Render the new-user form with typed values and errors (maps). */
static void
render_new(struct gz_ctx *c, int status, struct gz_val *values, struct gz_val *errors)
{
	struct gz_val *data = gz_app_admin_page(c, "users");

	if (data == NULL) {
		gz_app_error(c, 500);
		return;
	}
	gz_val_map_set(data, "values", values);
	gz_val_map_set(data, "errors", errors);
	gz_val_map_set(data, "invalid", gz_val_bool(status == 422));
	c->resp->status = status;
	gz_app_render(c, "admin/user_new.html", data);
}

void
gz_handle_admin_user_new(struct gz_ctx *c)
{
	struct gz_val *values = gz_val_map_new(c->arena), *errors = new_errors(c->arena);

	if (values == NULL || errors == NULL) {
		gz_app_error(c, 500);
		return;
	}
	gz_app_set_str(values, "login", "");
	gz_app_set_str(values, "display_name", "");
	gz_app_set_str(values, "email", "");
	gz_app_set_str(values, "role", "author");
	render_new(c, 200, values, errors);
}

void
gz_handle_admin_user_create(struct gz_ctx *c)
{
	const char *login = trimmed(c, "login"), *name = trimmed(c, "display_name");
	const char *email = trimmed(c, "email"), *role = trimmed(c, "role");
	const char *pw = raw(c, "password"), *problem;
	struct gz_val *values = gz_val_map_new(c->arena), *errors = new_errors(c->arena);
	enum gz_err rc;
	int64_t id;
	int bad = 0;

	if (values == NULL || errors == NULL) {
		gz_app_error(c, 500);
		return;
	}
	gz_app_set_str(values, "login", login);
	gz_app_set_str(values, "display_name", name);
	gz_app_set_str(values, "email", email);
	gz_app_set_str(values, "role", role);
	if (!gz_user_login_valid(login)) {
		field_error(errors, &bad, "login",
		            GZ_N_("Use 1 to 32 letters, digits, dots, dashes or underscores."));
	}
	if (strlen(name) > GZ_USER_NAME_MAX) {
		field_error(errors, &bad, "display_name", GZ_N_("Use at most 100 characters."));
	}
	if (!gz_user_email_valid(email)) {
		field_error(errors, &bad, "email",
		            GZ_N_("This does not look like an email address."));
	}
	if (!gz_user_role_valid(role)) {
		field_error(errors, &bad, "role", GZ_N_("Choose a role."));
	}
	if ((problem = password_problem(pw, NULL)) != NULL) {
		field_error(errors, &bad, "password", problem);
	}
	if (bad) {
		render_new(c, 422, values, errors);
		return;
	}
	rc = gz_user_add(c->db, login, name, role, pw, &id);
	if (hash_unavailable(c, rc)) {
		return;
	}
	if (rc == GZ_ECONFLICT) {
		field_error(errors, &bad, "login", GZ_N_("This login is taken."));
		render_new(c, 422, values, errors);
		return;
	}
	if (rc == GZ_EINVAL) {
		field_error(errors, &bad, "display_name", GZ_N_("Use printable characters only."));
		render_new(c, 422, values, errors);
		return;
	}
	if (rc != GZ_OK || (email[0] != '\0' && gz_user_update(c->db, id, name[0] ? name : login,
	                                                       email, NULL) != GZ_OK)) {
		gz_app_error(c, 500);
		return;
	}
	(void)gz_audit_log(c->db, c->user->id, GZ_AUDIT_USER_CREATE,
	                   gz_arena_printf(c->arena, "user %s", login),
	                   gz_arena_printf(c->arena, "role %s", role));
	gz_response_redirect(
	    c->resp, 303,
	    gz_arena_printf(c->arena, "/admin/users/%lld?done=created", (long long)id));
}

/* Render the edit page of user id with typed values, errors and a notice
 * or a new password to show once (either may be NULL). */
static void
render_edit_link(struct gz_ctx *c, int status, const struct gz_user *u, struct gz_val *values,
                 struct gz_val *errors, const char *notice, const char *new_pw, const char *link)
{
	struct gz_val *data = gz_app_admin_page(c, "users");
	struct gz_mfa_state mfa;
	enum gz_err rc;

	if (data == NULL) {
		gz_app_error(c, 500);
		return;
	}
	rc = gz_mfa_get(c->db, u->id, &mfa);
	gz_val_map_set(data, "mfa_active", gz_val_bool(rc == GZ_OK && mfa.active));
	gz_val_map_set(data, "mfa_required", gz_val_bool(gz_mfa_required(c->db, u->role)));
	sodium_memzero(&mfa, sizeof(mfa));
	gz_app_set_str(data, "reset_link", link);
	gz_val_map_set(data, "user", user_val(c->arena, u));
	gz_val_map_set(data, "values", values != NULL ? values : user_val(c->arena, u));
	gz_val_map_set(data, "errors", errors != NULL ? errors : new_errors(c->arena));
	gz_app_set_str(data, "notice", notice);
	gz_app_set_str(data, "new_password", new_pw);
	gz_val_map_set(data, "is_self", gz_val_bool(c->user != NULL && c->user->id == u->id));
	c->resp->status = status;
	gz_app_render(c, "admin/user_edit.html", data);
}

/* render_edit_link without a reset link. */
static void
render_edit(struct gz_ctx *c, int status, const struct gz_user *u, struct gz_val *values,
            struct gz_val *errors, const char *notice, const char *new_pw)
{
	render_edit_link(c, status, u, values, errors, notice, new_pw, NULL);
}

/* Notices a redirect may ask the edit and account pages to show. */
static const char *
done_notice(struct gz_request *req)
{
	const char *d = gz_request_arg(req, "done");

	if (d == NULL) {
		return NULL;
	}
	if (strcmp(d, "created") == 0) {
		return GZ_N_("The user was created.");
	}
	if (strcmp(d, "saved") == 0) {
		return GZ_N_("Your changes were saved.");
	}
	if (strcmp(d, "disabled") == 0) {
		return GZ_N_("The account is disabled and its sessions have ended.");
	}
	if (strcmp(d, "enabled") == 0) {
		return GZ_N_("The account is enabled.");
	}
	if (strcmp(d, "password") == 0) {
		return GZ_N_("Your password was changed; your other sessions have ended.");
	}
	if (strcmp(d, "mfa_off") == 0) {
		return GZ_N_("The second factor was removed.");
	}
	return NULL;
}

void
gz_handle_admin_user_edit(struct gz_ctx *c)
{
	int64_t id = gz_app_param_id(c, "id");
	struct gz_user u;

	if (!gz_app_loaded(c, id != 0 ? gz_user_by_id(c->db, c->arena, id, &u) : GZ_ENOTFOUND)) {
		return;
	}
	render_edit(c, 200, &u, NULL, NULL, done_notice(c->req), NULL);
}

/*
 * The site's address without a trailing slash, for links shown to be
 * copied elsewhere: the setting base_url, or while it is empty the
 * address this request came to (its Host, checked by the request parser),
 * in the arena.
 */
static const char *
site_base(struct gz_ctx *c)
{
	const char *b = gz_setting_get(c->db, c->arena, "base_url", "");
	size_t n = b != NULL ? strlen(b) : 0;

	while (n > 0 && b[n - 1] == '/') {
		n--;
	}
	if (n > 0) {
		return gz_arena_strndup(c->arena, b, n);
	}
	if (c->req->host != NULL && c->req->host[0] != '\0') {
		return gz_arena_printf(c->arena, "%s://%s", c->req->https ? "https" : "http",
		                       c->req->host);
	}
	return "";
}

/*
 * key (base32) in groups of four separated by spaces, as authenticator
 * apps accept it and people read and type it; in the arena.
 */
static const char *
key_groups(struct gz_arena *a, const char *key)
{
	size_t n = strlen(key), i, o = 0;
	char *out = gz_arena_alloc(a, n + n / 4 + 1);

	if (out == NULL) {
		return key;
	}
	for (i = 0; i < n; i++) {
		if (i > 0 && i % 4 == 0) {
			out[o++] = ' ';
		}
		out[o++] = key[i];
	}
	out[o] = '\0';
	return out;
}

/*
 * Make a one-time reset link for u and show it on this response only,
 * logged in the audit log.  A disabled account gets none (enable it
 * first: the link would not work).
 */
static void
reset_link(struct gz_ctx *c, const struct gz_user *u)
{
	char token[GZ_RESET_TOKEN_HEX + 1];
	const char *link;
	enum gz_err rc;

	rc = gz_reset_create(c->db, u->id, c->user->id, c->now, token);
	if (rc == GZ_EPERM) {
		render_edit(c, 422, u, NULL, NULL,
		            GZ_N_("A disabled account gets no reset link. Enable it first."), NULL);
		return;
	}
	if (rc != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	link = gz_arena_printf(c->arena, "%s/admin/reset/%s", site_base(c), token);
	sodium_memzero(token, sizeof(token));
	(void)gz_audit_log(c->db, c->user->id, GZ_AUDIT_PASSWORD_RESET,
	                   gz_arena_printf(c->arena, "user %s", u->login), "reset link made");
	if (link == NULL) {
		gz_app_error(c, 500);
		return;
	}
	/* Shown once, on this response only, which nothing may store. */
	render_edit_link(c, 200, u, NULL, NULL, NULL, NULL, link);
}

void
gz_handle_admin_user_update(struct gz_ctx *c)
{
	int64_t id = gz_app_param_id(c, "id");
	const char *action = trimmed(c, "action");
	const char *name = trimmed(c, "display_name"), *email = trimmed(c, "email");
	const char *role = trimmed(c, "role");
	char pw[GZ_USER_RANDOM_PASSWORD_LEN + 1];
	struct gz_val *values, *errors;
	struct gz_user u;
	enum gz_err rc;
	int bad = 0, self;

	if (id == 0 || (rc = gz_user_by_id(c->db, c->arena, id, &u)) == GZ_ENOTFOUND) {
		gz_app_error(c, 404);
		return;
	}
	if (rc != GZ_OK || (values = gz_val_map_new(c->arena)) == NULL ||
	    (errors = new_errors(c->arena)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	self = c->user->id == u.id;
	if (strcmp(action, "disable") == 0 || strcmp(action, "enable") == 0) {
		int dis = action[0] == 'd';

		if (dis && self) {
			render_edit(c, 422, &u, NULL, NULL,
			            GZ_N_("You cannot disable your own account."), NULL);
			return;
		}
		rc = gz_user_set_disabled(c->db, id, dis);
		if (rc == GZ_EPERM) {
			render_edit(c, 422, &u, NULL, NULL,
			            GZ_N_("The site needs at least one enabled admin."), NULL);
			return;
		}
		if (rc != GZ_OK || (dis && gz_session_revoke_user(c->db, id, NULL) != GZ_OK)) {
			gz_app_error(c, 500);
			return;
		}
		(void)gz_audit_log(c->db, c->user->id,
		                   dis ? GZ_AUDIT_USER_DISABLE : GZ_AUDIT_USER_ENABLE,
		                   gz_arena_printf(c->arena, "user %s", u.login), NULL);
		gz_response_redirect(c->resp, 303,
		                     gz_arena_printf(c->arena, "/admin/users/%lld?done=%s",
		                                     (long long)id, dis ? "disabled" : "enabled"));
		return;
	}
	if (strcmp(action, "reset") == 0) {
		gz_user_random_password(pw, sizeof(pw));
		rc = gz_user_set_password(c->db, id, pw);
		if (rc != GZ_OK || gz_session_revoke_user(c->db, id, NULL) != GZ_OK) {
			sodium_memzero(pw, sizeof(pw));
			if (!hash_unavailable(c, rc)) {
				gz_app_error(c, 500);
			}
			return;
		}
		(void)gz_audit_log(c->db, c->user->id, GZ_AUDIT_PASSWORD_RESET,
		                   gz_arena_printf(c->arena, "user %s", u.login),
		                   "new password shown to the admin");
		/* Shown once, on this response only, which nothing may store. */
		render_edit(c, 200, &u, NULL, NULL,
		            GZ_N_("The password was reset and the user's sessions have ended."),
		            pw);
		sodium_memzero(pw, sizeof(pw));
		return;
	}
	if (strcmp(action, "reset_link") == 0) {
		reset_link(c, &u);
		return;
	}
	if (strcmp(action, "mfa_off") == 0) {
		if (gz_mfa_disable(c->db, id) != GZ_OK) {
			gz_app_error(c, 500);
			return;
		}
		(void)gz_audit_log(c->db, c->user->id, GZ_AUDIT_TOTP_CHANGE,
		                   gz_arena_printf(c->arena, "user %s", u.login),
		                   "removed by an admin");
		gz_response_redirect(
		    c->resp, 303,
		    gz_arena_printf(c->arena, "/admin/users/%lld?done=mfa_off", (long long)id));
		return;
	}
	if (strcmp(action, "save") != 0) {
		gz_app_error(c, 400);
		return;
	}
	gz_app_set_str(values, "display_name", name);
	gz_app_set_str(values, "email", email);
	gz_app_set_str(values, "role", role);
	if (name[0] == '\0' || strlen(name) > GZ_USER_NAME_MAX) {
		field_error(errors, &bad, "display_name", GZ_N_("Use 1 to 100 characters."));
	}
	if (!gz_user_email_valid(email)) {
		field_error(errors, &bad, "email",
		            GZ_N_("This does not look like an email address."));
	}
	if (!gz_user_role_valid(role)) {
		field_error(errors, &bad, "role", GZ_N_("Choose a role."));
	}
	if (!bad) {
		rc = gz_user_update(c->db, id, name, email, role);
		if (rc == GZ_EPERM) {
			field_error(errors, &bad, "role",
			            GZ_N_("The site needs at least one enabled admin."));
		} else if (rc == GZ_EINVAL) {
			field_error(errors, &bad, "display_name",
			            GZ_N_("Use printable characters only."));
		} else if (rc != GZ_OK) {
			gz_app_error(c, 500);
			return;
		}
	}
	if (bad) {
		render_edit(c, 422, &u, values, errors, NULL, NULL);
		return;
	}
	if (strcmp(u.role, role) != 0) {
		(void)gz_audit_log(c->db, c->user->id, GZ_AUDIT_USER_ROLE,
		                   gz_arena_printf(c->arena, "user %s", u.login),
		                   gz_arena_printf(c->arena, "%s -> %s", u.role, role));
	}
	gz_response_redirect(
	    c->resp, 303, gz_arena_printf(c->arena, "/admin/users/%lld?done=saved", (long long)id));
}

/* Render the own-account page with typed values and errors (may be NULL). */
static void
render_account(struct gz_ctx *c, int status, struct gz_val *values, struct gz_val *errors)
{
	struct gz_val *data = gz_app_admin_page(c, "account");

	if (data == NULL) {
		gz_app_error(c, 500);
		return;
	}
	if (values == NULL && (values = gz_val_map_new(c->arena)) != NULL) {
		gz_app_set_str(values, "display_name", c->user->display_name);
	}
	gz_val_map_set(data, "values", values);
	gz_val_map_set(data, "errors", errors != NULL ? errors : new_errors(c->arena));
	gz_app_set_str(data, "notice", done_notice(c->req));
	gz_val_map_set(data, "invalid", gz_val_bool(status == 422));
	c->resp->status = status;
	gz_app_render(c, "admin/account.html", data);
}

void
gz_handle_admin_account(struct gz_ctx *c)
{
	render_account(c, 200, NULL, NULL);
}

void
gz_handle_admin_account_update(struct gz_ctx *c)
{
	const char *name = trimmed(c, "display_name");
	const char *cur = raw(c, "current_password"), *pw = raw(c, "new_password");
	const char *again = raw(c, "new_password2"), *problem, *token;
	struct gz_val *values = gz_val_map_new(c->arena), *errors = new_errors(c->arena);
	unsigned char keep[GZ_SESSION_HASH_BYTES];
	struct gz_user check;
	enum gz_err rc;
	int bad = 0, change_pw = pw[0] != '\0' || again[0] != '\0';

	if (values == NULL || errors == NULL) {
		gz_app_error(c, 500);
		return;
	}
	gz_app_set_str(values, "display_name", name);
	if (name[0] == '\0' || strlen(name) > GZ_USER_NAME_MAX) {
		field_error(errors, &bad, "display_name", GZ_N_("Use 1 to 100 characters."));
	}
	if (change_pw) {
		if ((problem = password_problem(pw, again)) != NULL) {
			field_error(errors, &bad, "new_password", problem);
		}
		/* The current password proves it is the owner at the keyboard,
		 * not someone at an unlocked screen. */
		rc = gz_user_verify_password(c->db, c->arena, c->user->login, cur, &check);
		if (rc == GZ_EPERM) {
			field_error(errors, &bad, "current_password",
			            GZ_N_("This is not your current password."));
		} else if (hash_unavailable(c, rc)) {
			return;
		} else if (rc != GZ_OK) {
			gz_app_error(c, 500);
			return;
		}
	}
	if (!bad) {
		rc = gz_user_update(c->db, c->user->id, name, c->user->email, NULL);
		if (rc == GZ_EINVAL) {
			field_error(errors, &bad, "display_name",
			            GZ_N_("Use printable characters only."));
		} else if (rc != GZ_OK) {
			gz_app_error(c, 500);
			return;
		}
	}
	if (bad) {
		render_account(c, 422, values, errors);
		return;
	}
	if (change_pw) {
		token = gz_app_session_token(c);
		gz_session_hash(c->app->secret, token != NULL ? token : "", keep);
		rc = gz_user_set_password(c->db, c->user->id, pw);
		if (rc != GZ_OK || gz_session_revoke_user(c->db, c->user->id, keep) != GZ_OK) {
			if (!hash_unavailable(c, rc)) {
				gz_app_error(c, 500);
			}
			return;
		}
		gz_response_redirect(c->resp, 303, "/admin/account?done=password");
		return;
	}
	gz_response_redirect(c->resp, 303, "/admin/account?done=saved");
}

/*
 * Render the own second-factor page: when active, its state and the form
 * to turn it off; when not, the pending key (base32 and otpauth:// URI;
 * no QR code, which would need an image library) and the confirm form.
 * codes (may be NULL) are fresh recovery codes to show this once.
 */
static void
render_mfa(struct gz_ctx *c, int status, const char *notice, const char *error,
           char codes[GZ_MFA_CODES][GZ_MFA_CODE_TEXT])
{
	struct gz_val *data = gz_app_admin_page(c, "account"), *list;
	unsigned char secret[GZ_TOTP_SECRET_BYTES];
	struct gz_mfa_state st;
	const char *req = gz_request_arg(c->req, "required");
	char *b32 = NULL;
	enum gz_err rc;
	int i;

	if (data == NULL || (list = gz_val_list_new(c->arena)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	rc = gz_mfa_get(c->db, c->user->id, &st);
	if (rc != GZ_OK && rc != GZ_ENOTFOUND) {
		gz_app_error(c, 500);
		return;
	}
	if (rc == GZ_OK && st.active) {
		gz_val_map_set(data, "active", gz_val_bool(1));
		gz_app_set_int(data, "codes_left", st.codes_left);
		gz_app_set_str(data, "key", NULL);
		gz_app_set_str(data, "key_shown", NULL);
		gz_app_set_str(data, "uri", NULL);
	} else {
		if (gz_mfa_begin(c->db, c->user->id, c->now, secret) != GZ_OK ||
		    (b32 = gz_totp_base32(c->arena, secret, sizeof(secret))) == NULL) {
			sodium_memzero(secret, sizeof(secret));
			gz_app_error(c, 500);
			return;
		}
		sodium_memzero(secret, sizeof(secret));
		gz_val_map_set(data, "active", gz_val_bool(0));
		gz_app_set_int(data, "codes_left", 0);
		gz_app_set_str(data, "key", b32);
		gz_app_set_str(data, "key_shown", key_groups(c->arena, b32));
		gz_app_set_str(data, "uri",
		               gz_totp_uri(c->arena,
		                           gz_setting_get(c->db, c->arena, "site_name", "Gazette"),
		                           c->user->login, b32));
	}
	sodium_memzero(&st, sizeof(st));
	for (i = 0; codes != NULL && i < GZ_MFA_CODES; i++) {
		gz_val_list_push(list, gz_val_str(c->arena, codes[i]));
	}
	gz_val_map_set(data, "codes", list);
	gz_val_map_set(data, "required", gz_val_bool(gz_mfa_required(c->db, c->user->role)));
	gz_val_map_set(data, "sent_here", gz_val_bool(req != NULL && strcmp(req, "1") == 0));
	if (notice == NULL) {
		const char *d = gz_request_arg(c->req, "done");

		if (d != NULL && strcmp(d, "recovery") == 0) {
			notice =
			    GZ_N_("You logged in with a recovery code; it cannot be used again.");
		} else if (d != NULL && strcmp(d, "off") == 0) {
			notice = GZ_N_("The second factor is off.");
		}
	}
	gz_app_set_str(data, "notice", notice);
	gz_app_set_str(data, "error", error);
	c->resp->status = status;
	gz_app_render(c, "admin/second_factor.html", data);
}

void
gz_handle_admin_mfa(struct gz_ctx *c)
{
	render_mfa(c, 200, NULL, NULL, NULL);
}

void
gz_handle_admin_mfa_update(struct gz_ctx *c)
{
	const char *action = trimmed(c, "action"), *code = trimmed(c, "code");
	char codes[GZ_MFA_CODES][GZ_MFA_CODE_TEXT];
	struct gz_user check;
	enum gz_err rc;

	if (strcmp(action, "confirm") == 0) {
		rc = gz_mfa_confirm(c->db, c->user->id, code, c->now, codes);
		if (rc == GZ_EPERM || rc == GZ_ENOTFOUND) {
			render_mfa(c, 422, NULL,
			           GZ_N_("That code is not right. Check that your phone's clock is "
			                 "right and type the code it shows now."),
			           NULL);
			return;
		}
		if (rc != GZ_OK) {
			gz_app_error(c, 500);
			return;
		}
		(void)gz_audit_log(c->db, c->user->id, GZ_AUDIT_TOTP_CHANGE,
		                   gz_arena_printf(c->arena, "user %s", c->user->login), "enabled");
		render_mfa(c, 200, GZ_N_("The second factor is on."), NULL, codes);
		sodium_memzero(codes, sizeof(codes));
		return;
	}
	if (strcmp(action, "off") != 0) {
		gz_app_error(c, 400);
		return;
	}
	if (gz_mfa_required(c->db, c->user->role)) {
		render_mfa(c, 422, NULL, GZ_N_("Your role requires a second factor."), NULL);
		return;
	}
	rc = gz_user_verify_password(c->db, c->arena, c->user->login, raw(c, "current_password"),
	                             &check);
	if (rc == GZ_EPERM) {
		render_mfa(c, 422, NULL, GZ_N_("This is not your current password."), NULL);
		return;
	}
	if (hash_unavailable(c, rc)) {
		return;
	}
	if (rc != GZ_OK || gz_mfa_disable(c->db, c->user->id) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	(void)gz_audit_log(c->db, c->user->id, GZ_AUDIT_TOTP_CHANGE,
	                   gz_arena_printf(c->arena, "user %s", c->user->login), "disabled");
	gz_response_redirect(c->resp, 303, "/admin/account/second-factor?done=off");
}

/* The roles whose second factor an admin may require, in the page's order, and their fields. */
static const char *const mfa_roles[] = {"admin", "editor", "author"};
static const char *const mfa_fields[] = {"require_admin", "require_editor", "require_author"};

/* Render the page where admins say which roles must have a second factor. */
static void
render_security(struct gz_ctx *c, const char *notice)
{
	struct gz_val *data = gz_app_admin_page(c, "users"), *req;
	size_t i;

	if (data == NULL || (req = gz_val_map_new(c->arena)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	for (i = 0; i < sizeof(mfa_roles) / sizeof(mfa_roles[0]); i++) {
		gz_val_map_set(req, mfa_roles[i],
		               gz_val_bool(gz_mfa_required(c->db, mfa_roles[i])));
	}
	gz_val_map_set(data, "required", req);
	gz_app_set_str(data, "notice", notice);
	gz_app_render(c, "admin/user_security.html", data);
}

void
gz_handle_admin_user_security(struct gz_ctx *c)
{
	const char *d = gz_request_arg(c->req, "done");

	render_security(c, d != NULL && strcmp(d, "saved") == 0 ? GZ_N_("Your changes were saved.")
	                                                        : NULL);
}

void
gz_handle_admin_user_security_update(struct gz_ctx *c)
{
	char detail[64] = "";
	size_t i;

	for (i = 0; i < sizeof(mfa_roles) / sizeof(mfa_roles[0]); i++) {
		const char *v = gz_app_field(c, mfa_fields[i]);
		int on = v != NULL && strcmp(v, "1") == 0;

		if (gz_mfa_set_required(c->db, mfa_roles[i], on) != GZ_OK) {
			gz_app_error(c, 500);
			return;
		}
		if (on) {
			strncat(detail, mfa_roles[i], sizeof(detail) - strlen(detail) - 2);
			strncat(detail, " ", sizeof(detail) - strlen(detail) - 1);
		}
	}
	(void)gz_audit_log(c->db, c->user->id, GZ_AUDIT_SETTINGS, "second factor required",
	                   detail[0] != '\0' ? detail : "none");
	gz_response_redirect(c->resp, 303, "/admin/users/security?done=saved");
}
