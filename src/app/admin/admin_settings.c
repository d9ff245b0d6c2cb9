/*
 * Site settings for admins: GET/POST /admin/settings.  The form is one
 * declared table (key, label, kind, limits) that drives validation and the
 * template alike, so a setting added here appears, validates and saves
 * without more code.  Errors are shown beside their fields and everything
 * typed comes back; nothing is saved unless every field is valid, and then
 * all of it is saved in one transaction.  The policy version is not typed:
 * a checkbox bumps it, which asks every reader for consent again.
 */
#include <stdio.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/audit.h"
#include "gazette/buf.h"
#include "gazette/db.h"
#include "gazette/i18n.h"
#include "gazette/lang.h"
#include "gazette/settings.h"
#include "gazette/str.h"
#include "gazette/tz.h"
#include "gazette/user.h"
#include "gazette/utf8.h"
#include "../internal.h"

enum field_kind {
	F_TEXT,     /* one line */
	F_TEXTAREA, /* several lines */
	F_INT,      /* whole number in [min, max] */
	F_BOOL,     /* checkbox: "1" or "0" */
	F_URL,      /* absolute http(s) URL without a trailing slash */
	F_LANG,     /* one of the supported languages (gazette/lang.h), a select */
	F_TZ,       /* an IANA time zone name that loads (gazette/tz.h) */
};

/* One setting on the form. */
struct field {
	const char *key;      /* settings key and form field name */
	const char *label;    /* shown to the admin */
	enum field_kind kind; /* input kind and validation */
	long min, max;        /* bytes for text, value range for numbers */
	const char *hint;     /* help text under the field, or NULL */
};

static const struct field fields[] = {
    {"site_name", GZ_N_("Site name"), F_TEXT, 1, 100, NULL},
    {"tagline", "Tagline", F_TEXT, 0, 200, NULL},
    {"site_language", GZ_N_("Site language"), F_LANG, 0, 0,
     GZ_N_("The language of the site's pages, feeds and sitemaps, and of every article that does "
           "not name its own in the editor.")},
    {"base_url", GZ_N_("Base URL"), F_URL, 0, 200,
     GZ_N_("The public address, such as https://news.example.org; used in canonical links, "
           "Open Graph, feeds and sitemaps. While empty, each page takes it from the address "
           "the reader asked for.")},
    {"site_timezone", GZ_N_("Time zone"), F_TZ, 1, GZ_TZ_NAME_MAX,
     GZ_N_("A name from the time zone database, such as Europe/London, America/New_York or "
           "Asia/Shanghai. Times are entered in the editor and shown to readers in it, and "
           "stored in UTC.")},
    {"per_page", GZ_N_("Articles per page"), F_INT, 1, 100, NULL},
    {"feed_full_content", GZ_N_("Feeds carry the full article text"), F_BOOL, 0, 1, NULL},
    {"allow_author_publish", GZ_N_("Authors may publish their own articles"), F_BOOL, 0, 1,
     GZ_N_("Otherwise an editor publishes them.")},
    {"comment_max_links", GZ_N_("Links a comment may hold before it waits for moderation"), F_INT,
     0, 50, NULL},
    {"comment_max_length", GZ_N_("Longest comment, in characters"), F_INT, 100, 100000, NULL},
    {"comment_min_seconds", GZ_N_("Seconds a reader takes at least to write a comment"), F_INT, 0,
     600, GZ_N_("Faster posts are treated as robots.")},
    {"comment_blocklist", GZ_N_("Blocked words"), F_TEXTAREA, 0, 20000,
     GZ_N_("One word or phrase per line; comments holding one go to spam.")},
    {"media_max_bytes", GZ_N_("Largest image upload, in bytes"), F_INT, 1024, GZ_UPLOAD_MAX,
     GZ_N_("From 1024 (1 KiB) to 16777216 (16 MiB); 1 MiB is 1048576. Larger files are refused.")},
    {"consent_text", GZ_N_("Cookie banner text"), F_TEXTAREA, 1, 2000, NULL},
    {"consent_retention_days", GZ_N_("Keep consent records for (days)"), F_INT, 1, 3650, NULL},
    {"session_idle_minutes", GZ_N_("Log staff out after idle minutes"), F_INT, 5, 1440, NULL},
    {"hsts", GZ_N_("Tell browsers to use HTTPS only (Strict-Transport-Security)"), F_BOOL, 0, 1,
     GZ_N_(
         "Sent only on pages served over HTTPS, asking browsers to refuse plain HTTP for this site "
         "for a year. Turn it off while the site is moving to HTTPS, or if this host name also "
         "serves plain HTTP.")},
};

#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

/* The message of a number outside a field's range; {min} and {max} filled when shown. */
static const char *const INT_RANGE = GZ_N_("Give a whole number from {min} to {max}.");

/* The problem with value v for field f, or NULL when it is fine. */
static const char *
check(struct gz_arena *a, const struct field *f, const char *v)
{
	size_t n = strlen(v);
	long num;

	switch (f->kind) {
	case F_BOOL:
		return NULL;
	case F_LANG:
		return gz_lang_canon(v) == NULL ? GZ_N_("Choose one of the languages listed.")
		                                : NULL;
	case F_INT:
		if (gz_str_to_long(v, f->min, f->max, &num) != GZ_OK) {
			return INT_RANGE; /* the page fills in the field's range */
		}
		return NULL;
	case F_TZ:
		return gz_tz_get(v) == NULL
		           ? GZ_N_("Give a time zone name such as Europe/London or Asia/Shanghai.")
		           : NULL;
	case F_URL:
		if (n == 0 && f->min == 0) {
			return NULL; /* unset: taken from each request */
		}
		if (!(gz_str_has_prefix(v, "https://") || gz_str_has_prefix(v, "http://")) ||
		    n > (size_t)f->max || strpbrk(v, " \"'<>\\`") != NULL || v[n - 1] == '/' ||
		    gz_str_has_ctl(v, n, 0) || strlen(strchr(v, ':') + 3) == 0) {
			return GZ_N_(
			    "Give an address starting with https:// (or http://), without a "
			    "trailing slash.");
		}
		return NULL;
	case F_TEXT:
	case F_TEXTAREA:
		if (!gz_utf8_valid(v, n) ||
		    gz_str_has_ctl(
		        v, n, f->kind == F_TEXTAREA ? GZ_CTL_ALLOW_CRLF | GZ_CTL_ALLOW_TAB : 0)) {
			return GZ_N_("Use printable characters only.");
		}
		if (n < (size_t)f->min) {
			return GZ_N_("This cannot be empty.");
		}
		if (n > (size_t)f->max) {
			return GZ_N_("This is too long.");
		}
		return NULL;
	}
	return NULL;
}

/* m.options: each supported language (value, label, selected by v). */
static int
lang_options(struct gz_ctx *c, struct gz_val *m, const char *v)
{
	struct gz_val *opts = gz_val_list_new(c->arena), *o;
	const struct gz_lang *l, *end;
	size_t n;

	l = gz_lang_list(&n);
	if (opts == NULL) {
		return -1;
	}
	for (end = l + n; l < end; l++) {
		if ((o = gz_val_map_new(c->arena)) == NULL) {
			return -1;
		}
		gz_app_set_str(o, "value", l->tag);
		gz_app_set_str(o, "label", l->name);
		gz_val_map_set(o, "selected", gz_val_bool(v != NULL && strcmp(v, l->tag) == 0));
		gz_val_list_push(opts, o);
	}
	gz_val_map_set(m, "options", opts);
	return 0;
}

/* Render the form: values from the database, or typed ones with errors. */
static void
render(struct gz_ctx *c, int status, const char *const *typed, const char *const *errors,
       int bump_checked, const char *notice)
{
	struct gz_val *data = gz_app_admin_page(c, "settings");
	struct gz_val *list = gz_val_list_new(c->arena);
	size_t i;

	if (data == NULL || list == NULL) {
		gz_app_error(c, 500);
		return;
	}
	for (i = 0; i < NFIELDS; i++) {
		static const char *const kinds[] = {"text", "textarea", "int", "bool",
		                                    "url",  "lang",     "tz"};
		const struct field *f = &fields[i];
		struct gz_val *m = gz_val_map_new(c->arena);
		const char *v =
		    typed != NULL ? typed[i] : gz_setting_get(c->db, c->arena, f->key, "");

		/* An unsaved base URL is shown empty, not as the built-in
		 * default that saving would then store. */
		if (typed == NULL && f->kind == F_URL && v == gz_setting_default(f->key)) {
			v = "";
		} else if (typed == NULL && f->kind == F_TZ && v[0] == '\0') {
			v = "UTC";
		}

		if (m == NULL) {
			gz_app_error(c, 500);
			return;
		}
		gz_app_set_str(m, "key", f->key);
		gz_app_set_str(m, "label", f->label);
		gz_app_set_str(m, "kind", kinds[f->kind]);
		gz_app_set_str(m, "value", v);
		gz_val_map_set(m, "checked", gz_val_bool(v != NULL && strcmp(v, "1") == 0));
		gz_app_set_int(m, "min", f->min);
		gz_app_set_int(m, "max", f->max);
		gz_app_set_str(m, "hint", f->hint);
		if (errors != NULL && errors[i] == INT_RANGE) {
			gz_val_map_set(
			    m, "error",
			    gz_i18n_message(c->arena, INT_RANGE, "min",
			                    gz_arena_printf(c->arena, "%ld", f->min), "max",
			                    gz_arena_printf(c->arena, "%ld", f->max), NULL));
		} else {
			gz_app_set_str(m, "error", errors != NULL ? errors[i] : NULL);
		}
		if (f->kind == F_LANG && lang_options(c, m, v) != 0) {
			gz_app_error(c, 500);
			return;
		}
		gz_val_list_push(list, m);
	}
	gz_val_map_set(data, "fields", list);
	gz_app_set_int(data, "policy_version", gz_setting_int(c->db, "policy_version", 1));
	gz_val_map_set(data, "bump_checked", gz_val_bool(bump_checked));
	gz_val_map_set(data, "invalid", gz_val_bool(status == 422));
	gz_app_set_str(data, "notice", notice);
	c->resp->status = status;
	gz_app_render(c, "admin/settings.html", data);
}

void
gz_handle_admin_settings(struct gz_ctx *c)
{
	const char *done = gz_request_arg(c->req, "done");

	render(c, 200, NULL, NULL, 0,
	       done != NULL && strcmp(done, "saved") == 0 ? GZ_N_("The settings were saved.")
	                                                  : NULL);
}

/* Store every value and perhaps a new policy version, in one transaction. */
static enum gz_err
save(struct gz_ctx *c, const char *const *values, int bump)
{
	const char *keys[NFIELDS];
	struct gz_buf changed;
	enum gz_err rc;
	size_t i;

	for (i = 0; i < NFIELDS; i++) {
		keys[i] = fields[i].key;
	}
	/* The audit entry names the keys whose value changes. */
	gz_buf_init(&changed, c->arena, 0);
	for (i = 0; i < NFIELDS; i++) {
		if (strcmp(gz_setting_get(c->db, c->arena, keys[i], ""), values[i]) != 0) {
			gz_buf_puts(&changed, changed.len > 0 ? ", " : "");
			gz_buf_puts(&changed, keys[i]);
		}
	}
	if (bump) {
		gz_buf_puts(&changed, changed.len > 0 ? ", policy_version" : "policy_version");
	}
	if ((rc = gz_db_begin(c->db)) != GZ_OK) {
		return rc;
	}
	if ((rc = gz_settings_save(c->db, keys, values, NFIELDS, bump)) != GZ_OK ||
	    (rc = gz_audit_log(c->db, c->user->id, GZ_AUDIT_SETTINGS, "settings",
	                       gz_buf_str(&changed))) != GZ_OK) {
		gz_db_rollback(c->db);
		return rc;
	}
	return gz_db_commit(c->db);
}

void
gz_handle_admin_settings_update(struct gz_ctx *c)
{
	const char *values[NFIELDS], *errors[NFIELDS];
	const char *bump = gz_app_field(c, "bump_policy");
	struct gz_span sp;
	int bad = 0;
	size_t i;

	for (i = 0; i < NFIELDS; i++) {
		const char *v = gz_app_field(c, fields[i].key);

		if (fields[i].kind == F_BOOL) {
			v = v != NULL && strcmp(v, "1") == 0 ? "1" : "0";
		} else if (v == NULL && fields[i].kind == F_TZ) {
			/* As for the language: a form without the field keeps it. */
			v = gz_setting_get(c->db, c->arena, fields[i].key, "UTC");
		} else if (v == NULL && fields[i].kind == F_LANG) {
			/* A form from before the field (or a script) keeps the language. */
			v = gz_setting_get(c->db, c->arena, fields[i].key, GZ_LANG_DEFAULT);
		} else if (v == NULL) {
			v = "";
		} else if (fields[i].kind != F_TEXTAREA) {
			/* Stray spaces around a one-line value are never meant. */
			sp = gz_str_trim(v, strlen(v));
			v = gz_arena_strndup(c->arena, sp.p, sp.n);
			if (v == NULL) {
				gz_app_error(c, 500);
				return;
			}
		}
		errors[i] = check(c->arena, &fields[i], v);
		if (errors[i] == NULL && fields[i].kind == F_LANG) {
			v = gz_lang_canon(v); /* stored as written in the list: "zh-CN" */
		}
		values[i] = v;
		bad |= errors[i] != NULL;
	}
	if (bad) {
		render(c, 422, values, errors, bump != NULL, NULL);
		return;
	}
	if (save(c, values, bump != NULL && strcmp(bump, "1") == 0) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	gz_response_redirect(c->resp, 303, "/admin/settings?done=saved");
}
