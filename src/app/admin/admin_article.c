/*
 * The article editor and the article list in the admin area: list with
 * search, filters, sort, pages and bulk actions; the new/edit form with a
 * server-rendered preview, field messages that keep everything typed, and
 * the version conflict message; revisions and restoring one; the trash and
 * permanent deletion.  A save that meets a fault the writer can outwait
 * (the write lock held past the request's deadline, a full disk) stored
 * nothing: the form comes back with every field as typed, 503, Retry-After
 * and a message saying so (src/app/unsaved.c).  The new-article form
 * carries a one-time key (hidden form_key, kept when the form comes back),
 * so sending it twice creates one article: the second send is answered
 * with the first one's editor and a notice.  Saves of an existing article
 * need none: the second meets a version conflict and stores nothing.  The
 * list and the editor name a status as readers meet it: "Scheduled for
 * <time>" while the time is ahead, "Published" once it has come.
 *
 * The guard has checked the session, roles and CSRF.  Here live the
 * per-article rules: authors see and edit only their own articles and
 * publish only when the setting allow_author_publish is 1 (otherwise the
 * form refuses with a message beside Status; an article they may already
 * see published stays editable as long as they do not change its status
 * or time); only editors mark articles featured.  The model
 * (article_edit.h) does the validation and the writes.
 */
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "gazette/arena.h"
#include "gazette/article_edit.h"
#include "gazette/audit.h"
#include "gazette/autosave.h"
#include "gazette/body_html.h"
#include "gazette/buf.h"
#include "gazette/db.h"
#include "gazette/category.h"
#include "gazette/i18n.h"
#include "gazette/lang.h"
#include "gazette/kv.h"
#include "gazette/media.h"
#include "gazette/query.h"
#include "gazette/settings.h"
#include "gazette/str.h"
#include "gazette/translation.h"
#include "gazette/tz.h"
#include "gazette/user.h"
#include "gazette/utf8.h"
#include "gazette/words.h"
#include "../internal.h"

#define PER_PAGE 20       /* rows of the admin list */
#define BULK_MAX 200      /* articles one bulk action takes */
#define FORM_KEY_BYTES 16 /* random bytes in a new-article form's one-time key */

static const char conflict_msg[] =
    GZ_N_("This article was changed by someone else while you were editing. Your text is below; "
          "reload to see their version.");

/* The statuses a form offers and filters accept, with labels. */
static const char *const statuses[][2] = {
    {"draft", GZ_N_("Draft")},
    {"scheduled", GZ_N_("Scheduled")},
    {"published", GZ_N_("Published")},
};

/*
 * The label of a status as the model reports it (a scheduled article whose
 * time came already reads "published"): "Draft", "Scheduled", "Published",
 * "In the trash".  Templates add the time after "Scheduled for".
 */
static const char *
status_label(const char *status)
{
	size_t i;

	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		if (strcmp(status, statuses[i][0]) == 0) {
			return statuses[i][1];
		}
	}
	return strcmp(status, "trash") == 0 ? GZ_N_("In the trash") : status;
}

/* A copy of s with every CR LF turned into LF (textareas send CR LF). */
static const char *
unix_newlines(struct gz_arena *a, const char *s)
{
	char *out, *o;

	if (strchr(s, '\r') == NULL || (out = gz_arena_strdup(a, s)) == NULL) {
		return s;
	}
	for (o = out; *s != '\0'; s++) {
		if (!(s[0] == '\r' && s[1] == '\n')) {
			*o++ = *s;
		}
	}
	*o = '\0';
	return out;
}

/* A field as sent ("" when absent), newlines normalised. */
static const char *
text_field(struct gz_ctx *c, const char *name)
{
	const char *v = gz_app_field(c, name);

	return v != NULL ? unix_newlines(c->arena, v) : "";
}

/* The site's time zone (setting site_timezone), UTC when unset or unreadable. */
static const struct gz_tz *
site_tz(struct gz_ctx *c)
{
	const struct gz_tz *tz = gz_tz_get(gz_setting_get(c->db, c->arena, "site_timezone", "UTC"));

	return tz != NULL ? tz : gz_tz_utc();
}

/* Unix time t as the form's "YYYY-MM-DDTHH:MM:SS" in the site's zone, "" for 0. */
static const char *
form_time(struct gz_ctx *c, int64_t t)
{
	struct gz_arena *a = c->arena;
	struct tm tm;
	time_t tt = (time_t)(t + gz_tz_offset(site_tz(c), t));
	char buf[32];

	if (t <= 0 || gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm) == 0) {
		return "";
	}
	return gz_arena_strdup(a, buf);
}

/* The errors map the editor template reads: every key present. */
static struct gz_val *
errors_val(struct gz_arena *a, const struct gz_article_errors *e)
{
	static const struct gz_article_errors none;
	struct gz_val *m = gz_val_map_new(a);

	if (m == NULL) {
		return NULL;
	}
	if (e == NULL) {
		e = &none;
	}
#define SET_ERR(k, v) gz_val_map_set(m, k, (v) ? gz_val_str(a, (v)) : gz_val_null())
	SET_ERR("title", e->title);
	SET_ERR("slug", e->slug);
	SET_ERR("summary", e->summary);
	SET_ERR("body", e->body);
	SET_ERR("seo_description", e->seo_desc);
	SET_ERR("category", e->category);
	SET_ERR("tags", e->tags);
	SET_ERR("image", e->image);
	SET_ERR("status", e->status);
	SET_ERR("published_at", e->published_at);
	SET_ERR("lang", e->lang);
	SET_ERR("translation", e->translation);
	SET_ERR("bylines", e->bylines);
	SET_ERR("social_image", e->social_image);
#undef SET_ERR
	return m;
}

/* A fresh one-time key for a new-article form: hex, in the arena. */
static const char *
form_key_new(struct gz_arena *a)
{
	unsigned char raw[FORM_KEY_BYTES];
	char hex[FORM_KEY_BYTES * 2 + 1];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
	return gz_arena_strdup(a, hex);
}

/* The posted form_key when it is one this site makes (hex digits), else a fresh one. */
static const char *
form_key_read(struct gz_ctx *c)
{
	const char *k = gz_app_trimmed(c, "form_key");

	if (strlen(k) != FORM_KEY_BYTES * 2 ||
	    strspn(k, "0123456789abcdef") != FORM_KEY_BYTES * 2) {
		return form_key_new(c->arena);
	}
	return k;
}

/*
 * What the "Translation of" field shows for a stored article: the slug of
 * one of its translations (the first by language), so that saving the
 * form unchanged keeps its links; "" when it has none.
 */
static const char *
translation_field(struct gz_ctx *c, const struct gz_article_row *r)
{
	struct gz_translation *tr;
	size_t n;

	if (r->translation_group == 0 ||
	    gz_translation_list(c->db, c->arena, r->id, c->now, 0, &tr, &n) != GZ_OK || n == 0) {
		return "";
	}
	return tr[0].slug;
}

/* Form values from a stored article. */
static struct gz_val *
values_from_row(struct gz_ctx *c, const struct gz_article_row *r)
{
	struct gz_arena *a = c->arena;
	struct gz_val *v = gz_val_map_new(a);

	if (v == NULL) {
		return NULL;
	}
	gz_app_set_str(v, "lang", r->lang);
	gz_app_set_str(v, "translation_of", translation_field(c, r));
	gz_app_set_str(v, "title", r->title);
	gz_app_set_str(v, "slug", r->slug);
	gz_app_set_str(v, "summary", r->summary);
	gz_app_set_str(v, "body", r->body);
	gz_app_set_str(v, "seo_description", r->seo_desc);
	gz_app_set_int(v, "category_id", r->category_id);
	gz_app_set_str(v, "tags", r->tags);
	gz_app_set_int(v, "image_id", r->image_id);
	gz_val_map_set(v, "featured", gz_val_bool(r->featured));
	gz_val_map_set(v, "comments_open", gz_val_bool(r->comments_open));
	gz_app_set_str(v, "status", r->status);
	gz_app_set_str(v, "published_at", form_time(c, r->published_at));
	gz_app_set_int(v, "version", r->version);
	return v;
}

/*
 * Read the editor form into *in and the template values map *values (what
 * was typed, to show again).  Fields that do not even parse (ids, the
 * time, the version) get their message in *pre.  Returns 0 or -1 when
 * out of memory.
 */
static int
read_form(struct gz_ctx *c, struct gz_article_input *in, struct gz_val **values,
          struct gz_article_errors *pre)
{
	struct gz_arena *a = c->arena;
	const char *when = gz_app_trimmed(c, "published_at"), *ver = gz_app_trimmed(c, "version");
	struct gz_val *v;
	long version = 0;

	memset(in, 0, sizeof(*in));
	memset(pre, 0, sizeof(*pre));
	if ((v = gz_val_map_new(a)) == NULL) {
		return -1;
	}
	in->title = gz_app_trimmed(c, "title");
	in->slug = gz_app_trimmed(c, "slug");
	in->summary = unix_newlines(a, gz_app_trimmed(c, "summary"));
	in->body = text_field(c, "body");
	/* A form without the field (not the editor's) leaves it as stored. */
	in->seo_desc = gz_app_field(c, "seo_description") != NULL
	                   ? gz_app_trimmed(c, "seo_description")
	                   : NULL;
	in->tags = gz_app_trimmed(c, "tags");
	in->status = gz_app_trimmed(c, "status");
	in->featured = gz_app_field(c, "featured") != NULL;
	in->comments_open = gz_app_field(c, "comments_open") != NULL;
	in->form_key = form_key_read(c);
	/* Forms without the fields (not the editor's) leave language and links. */
	in->lang = gz_app_field(c, "lang") != NULL ? gz_app_trimmed(c, "lang") : NULL;
	in->translation_of =
	    gz_app_field(c, "translation_of") != NULL ? gz_app_trimmed(c, "translation_of") : NULL;
	if ((in->category_id = gz_app_field_id(c, "category_id")) < 0) {
		pre->category = GZ_N_("Choose a category from the list.");
	}
	if ((in->image_id = gz_app_field_id(c, "image_id")) < 0) {
		pre->image = GZ_N_("Choose an image from the list.");
	}
	if (gz_article_parse_time(when, &in->published_at) != GZ_OK) {
		pre->published_at = GZ_N_("Use the form YYYY-MM-DD HH:MM (UTC).");
		in->published_at = 0;
	} else if (in->published_at != 0) {
		/* Typed in the site's zone (as the form says): a time the clocks
		 * skipped moves on by the gap, a repeated one is its first. */
		int64_t local = in->published_at;

		(void)gz_tz_from_local(site_tz(c), local, &in->published_at);
	}
	/* Bylines and social image (src/app/admin/admin_note.c). */
	gz_app_newsroom_read(c, in, v, pre);
	if (ver[0] != '\0' && gz_str_to_long(ver, 1, 0x7fffffffL, &version) != GZ_OK) {
		version = -1;
	}
	in->version = version;
	gz_app_set_str(v, "title", in->title);
	gz_app_set_str(v, "slug", in->slug);
	gz_app_set_str(v, "summary", in->summary);
	gz_app_set_str(v, "body", in->body);
	gz_app_set_str(v, "seo_description", in->seo_desc ? in->seo_desc : "");
	gz_app_set_int(v, "category_id", in->category_id);
	gz_app_set_str(v, "tags", in->tags);
	gz_app_set_int(v, "image_id", in->image_id);
	gz_val_map_set(v, "featured", gz_val_bool(in->featured));
	gz_val_map_set(v, "comments_open", gz_val_bool(in->comments_open));
	gz_app_set_str(v, "status", in->status);
	gz_app_set_str(v, "published_at", when);
	gz_app_set_int(v, "version", version);
	gz_app_set_str(v, "form_key", in->form_key);
	gz_app_set_str(v, "lang", in->lang);
	gz_app_set_str(v, "translation_of", in->translation_of);
	*values = v;
	return 0;
}

/* Merge the pre-parse messages into e (they win: they are more precise). */
static int
merge_errors(struct gz_article_errors *e, const struct gz_article_errors *pre)
{
	int bad = 0;

#define MERGE(f)                                                                                   \
	if (pre->f != NULL) {                                                                      \
		e->f = pre->f;                                                                     \
	}                                                                                          \
	bad += e->f != NULL;
	MERGE(title)
	MERGE(slug)
	MERGE(summary)
	MERGE(body)
	MERGE(seo_desc)
	MERGE(category)
	MERGE(tags)
	MERGE(image)
	MERGE(status)
	MERGE(published_at)
	MERGE(lang)
	MERGE(translation)
	MERGE(bylines)
	MERGE(social_image)
#undef MERGE
	return bad;
}

/*
 * data.languages, the choices of the Language select: the site's language
 * ("", labelled with its name) and then each supported language.
 */
static int
add_languages(struct gz_ctx *c, struct gz_val *data)
{
	struct gz_val *list = gz_val_list_new(c->arena), *m;
	const struct gz_lang *l, *site;
	size_t n, i;

	site = gz_lang_find(gz_setting_get(c->db, c->arena, "site_language", GZ_LANG_DEFAULT));
	l = gz_lang_list(&n);
	if (list == NULL || (m = gz_val_map_new(c->arena)) == NULL) {
		return -1;
	}
	gz_app_set_str(m, "value", "");
	gz_val_map_set(m, "label",
	               gz_i18n_message(c->arena, "Site language ({language})", "language",
	                               site != NULL ? site->name : GZ_LANG_DEFAULT, NULL));
	gz_val_list_push(list, m);
	for (i = 0; i < n; i++) {
		if ((m = gz_val_map_new(c->arena)) == NULL) {
			return -1;
		}
		gz_app_set_str(m, "value", l[i].tag);
		gz_app_set_str(m, "label", l[i].name);
		gz_val_list_push(list, m);
	}
	gz_val_map_set(data, "languages", list);
	return 0;
}

/*
 * data.translations: the articles linked to row as translations, in any
 * status (id, title, slug, lang, lang_name, status_label, visible), and
 * data.add_translations: the supported languages none of them nor row is
 * in (value, label), each offered as a new article linked to row.  Empty
 * for a new article.
 */
static int
add_translations(struct gz_ctx *c, struct gz_val *data, const struct gz_article_row *row)
{
	struct gz_val *list = gz_val_list_new(c->arena), *add = gz_val_list_new(c->arena), *m;
	const char *site =
	    gz_lang_or_default(gz_setting_get(c->db, c->arena, "site_language", GZ_LANG_DEFAULT));
	struct gz_translation *tr = NULL;
	const struct gz_lang *l, *langs;
	size_t n = 0, nlangs, i, j;

	if (list == NULL || add == NULL) {
		return -1;
	}
	if (row != NULL && row->translation_group != 0 &&
	    gz_translation_list(c->db, c->arena, row->id, c->now, 0, &tr, &n) != GZ_OK) {
		return -1;
	}
	for (i = 0; i < n; i++) {
		if ((m = gz_val_map_new(c->arena)) == NULL) {
			return -1;
		}
		l = gz_lang_find(tr[i].lang);
		gz_app_set_int(m, "id", tr[i].id);
		gz_app_set_str(m, "title", tr[i].title);
		gz_app_set_str(m, "slug", tr[i].slug);
		gz_app_set_str(m, "lang", gz_lang_or_default(tr[i].lang));
		gz_app_set_str(m, "lang_name", l != NULL ? l->name : tr[i].lang);
		gz_app_set_str(m, "status_label", status_label(tr[i].status));
		gz_val_map_set(m, "visible", gz_val_bool(tr[i].visible));
		gz_val_list_push(list, m);
	}
	langs = gz_lang_list(&nlangs);
	for (j = 0; row != NULL && j < nlangs; j++) {
		const char *own = row->lang[0] != '\0' ? gz_lang_or_default(row->lang) : site;

		for (i = 0; i < n && strcmp(gz_lang_or_default(tr[i].lang), langs[j].tag) != 0;
		     i++) {
		}
		if (i < n || strcmp(own, langs[j].tag) == 0) {
			continue;
		}
		if ((m = gz_val_map_new(c->arena)) == NULL) {
			return -1;
		}
		gz_app_set_str(m, "value", langs[j].tag);
		gz_app_set_str(m, "label", langs[j].name);
		gz_val_list_push(add, m);
	}
	gz_val_map_set(data, "translations", list);
	gz_val_map_set(data, "add_translations", add);
	return 0;
}

/* The categories and media lists for the form's selects. */
static int
add_choices(struct gz_ctx *c, struct gz_val *data)
{
	struct gz_val *cats = gz_val_list_new(c->arena), *media = gz_val_list_new(c->arena);
	struct gz_val *sts = gz_val_list_new(c->arena), *m;
	struct gz_category *cat;
	struct gz_media *items;
	size_t n, i;

	if (cats == NULL || media == NULL || sts == NULL ||
	    gz_category_list(c->db, c->arena, &cat, &n) != GZ_OK) {
		return -1;
	}
	for (i = 0; i < n; i++) {
		if ((m = gz_val_map_new(c->arena)) == NULL) {
			return -1;
		}
		gz_app_set_int(m, "id", cat[i].id);
		gz_app_set_str(m, "name", cat[i].name);
		gz_val_list_push(cats, m);
	}
	if (gz_media_list(c->db, c->arena, &items, &n) != GZ_OK) {
		return -1;
	}
	for (i = 0; i < n; i++) {
		if ((m = gz_val_map_new(c->arena)) == NULL) {
			return -1;
		}
		gz_app_set_int(m, "id", items[i].id);
		gz_app_set_str(m, "url", items[i].url);
		gz_app_set_str(
		    m, "label",
		    gz_arena_printf(c->arena, "#%lld %s (%lldx%lld)", (long long)items[i].id,
		                    items[i].alt[0] ? items[i].alt : items[i].original_name,
		                    (long long)items[i].width, (long long)items[i].height));
		gz_val_list_push(media, m);
	}
	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		if ((m = gz_val_map_new(c->arena)) == NULL) {
			return -1;
		}
		gz_app_set_str(m, "value", statuses[i][0]);
		gz_app_set_str(m, "label", statuses[i][1]);
		gz_val_list_push(sts, m);
	}
	gz_val_map_set(data, "categories", cats);
	gz_val_map_set(data, "media", media);
	gz_val_map_set(data, "statuses", sts);
	return add_languages(c, data);
}

/*
 * The editor desk's data (issue 16): data.stats, the body's word count
 * and reading time (words, minutes); data.desk, what static/js/editor.js
 * needs (autosave_url, preview_url, autosave_seconds, restored: the form
 * holds a restored draft copy, unsaved); data.autosave, the offer to
 * restore or discard c's user's draft copy (id, saved_at) or null.  The
 * offer is made when the editor is opened (a GET without ?restore): for
 * row, the user's copy when it is newer than the article's last save;
 * for a new article, the user's newest copy of a new-article form.
 * Returns 0, or -1 when out of memory.
 */
static int
add_desk(struct gz_ctx *c, struct gz_val *data, const struct gz_article_row *row,
         struct gz_val *values, int status)
{
	struct gz_val *stats = gz_val_map_new(c->arena), *desk = gz_val_map_new(c->arena), *offer;
	const struct gz_val *body = gz_val_map_get(values, "body");
	const char *restore = gz_request_arg(c->req, "restore");
	struct gz_words_count wc = {0, 0, 0};
	struct gz_autosave a;
	enum gz_err rc = GZ_ENOTFOUND;

	if (stats == NULL || desk == NULL) {
		return -1;
	}
	if (body != NULL && body->kind == GZ_VAL_STR) {
		gz_words_count(body->u.s.p, strlen(body->u.s.p), &wc);
	}
	gz_app_set_int(stats, "words", (long long)wc.words);
	gz_app_set_int(stats, "minutes", (long long)wc.minutes);
	gz_val_map_set(data, "stats", stats);
	gz_app_set_str(desk, "autosave_url",
	               row != NULL ? gz_arena_printf(c->arena, "/admin/articles/%lld/autosave",
	                                             (long long)row->id)
	                           : "/admin/articles/autosave");
	gz_app_set_str(desk, "preview_url", "/admin/preview");
	gz_app_set_int(desk, "autosave_seconds", 30);
	gz_val_map_set(desk, "restored", gz_val_bool(restore != NULL && status == 200));
	gz_val_map_set(data, "desk", desk);
	if (c->req->method == GZ_GET && restore == NULL && status == 200) {
		rc = row != NULL
		         ? gz_autosave_for_article(c->db, c->arena, row->id, c->user->id, &a)
		         : gz_autosave_latest_new(c->db, c->arena, c->user->id, &a);
	}
	if (rc != GZ_OK || (row != NULL && a.saved_at < row->updated_at) ||
	    (offer = gz_val_map_new(c->arena)) == NULL) {
		gz_val_map_set(data, "autosave", gz_val_null());
		return 0;
	}
	gz_app_set_int(offer, "id", a.id);
	gz_app_set_int(offer, "saved_at", a.saved_at);
	gz_app_set_str(offer, "title", a.title);
	gz_app_set_str(offer, "restore_href",
	               row != NULL ? gz_arena_printf(c->arena, "/admin/articles/%lld?restore=%lld",
	                                             (long long)row->id, (long long)a.id)
	                           : gz_arena_printf(c->arena, "/admin/articles/new?restore=%lld",
	                                             (long long)a.id));
	gz_val_map_set(data, "autosave", offer);
	return 0;
}

/*
 * Render the editor: for a new article (row NULL) or row, with values
 * (what the form shows), errors (may be NULL), a notice and an alert (may
 * be NULL: the conflict message, or with status 503 the message that the
 * save could not be stored), and a preview of values' body when preview.
 */
static void
render_editor(struct gz_ctx *c, int status, const struct gz_article_row *row, struct gz_val *values,
              const struct gz_article_errors *errs, const char *notice, const char *conflict,
              int preview)
{
	struct gz_val *data = gz_app_admin_page(c, "articles"), *art, *html = NULL;
	const struct gz_val *body;

	if (data == NULL || values == NULL || (art = gz_val_map_new(c->arena)) == NULL ||
	    add_choices(c, data) != 0 || add_translations(c, data, row) != 0) {
		gz_app_error(c, 500);
		return;
	}
	if (row != NULL) {
		gz_app_set_int(art, "id", row->id);
		gz_app_set_str(art, "slug", row->slug);
		gz_app_set_str(art, "status", row->status);
		gz_app_set_str(art, "status_label", status_label(row->status));
		gz_app_set_int(art, "published", row->published_at);
		gz_app_set_str(art, "author", row->author_name);
		gz_app_set_int(art, "created", row->created_at);
		gz_app_set_int(art, "updated", row->updated_at);
		gz_app_set_int(art, "version", row->version);
		gz_val_map_set(art, "trashed", gz_val_bool(strcmp(row->status, "trash") == 0));
		gz_val_map_set(art, "visible",
		               gz_val_bool((strcmp(row->status, "published") == 0 ||
		                            strcmp(row->status, "scheduled") == 0) &&
		                           row->published_at <= (int64_t)c->now));
		gz_app_set_str(
		    data, "action",
		    gz_arena_printf(c->arena, "/admin/articles/%lld", (long long)row->id));
		gz_val_map_set(data, "article", art);
	} else {
		gz_app_set_str(data, "action", "/admin/articles");
		gz_val_map_set(data, "article", gz_val_null());
	}
	if (preview && (body = gz_val_map_get(values, "body")) != NULL &&
	    body->kind == GZ_VAL_STR) {
		html = gz_app_markdown_val(c->arena, body->u.s.p, 0, NULL);
	}
	gz_val_map_set(data, "preview", html != NULL ? html : gz_val_null());
	gz_val_map_set(data, "values", values);
	gz_val_map_set(data, "errors", errors_val(c->arena, errs));
	gz_val_map_set(data, "invalid", gz_val_bool(status == 422));
	gz_val_map_set(data, "notice", notice ? gz_val_str(c->arena, notice) : gz_val_null());
	gz_val_map_set(data, "conflict",
	               conflict && status != 503 ? gz_val_str(c->arena, conflict) : gz_val_null());
	gz_val_map_set(data, "unsaved",
	               conflict && status == 503 ? gz_val_str(c->arena, conflict) : gz_val_null());
	gz_val_map_set(data, "can_publish", gz_val_bool(gz_app_can_publish(c)));
	gz_val_map_set(data, "is_editor", gz_val_bool(gz_app_role_at_least(c, "editor")));
	if (add_desk(c, data, row, values, status) != 0) {
		gz_app_error(c, 500);
		return;
	}
	/* Byline picker, social image, notes, the site's time zone. */
	if (gz_app_newsroom_editor(c, data, values, row, gz_tz_name(site_tz(c))) != 0) {
		gz_app_error(c, 500);
		return;
	}
	c->resp->status = status;
	gz_app_render(c, "admin/article_edit.html", data);
}

void
gz_app_article_editor_again(struct gz_ctx *c, int status, const struct gz_article_row *row,
                            const char *note_error)
{
	struct gz_article_input in;
	struct gz_article_errors pre;
	struct gz_val *values;

	if (read_form(c, &in, &values, &pre) != 0) {
		gz_app_error(c, 500);
		return;
	}
	gz_app_set_str(values, "note_error", note_error);
	render_editor(c, status, row, values, NULL, NULL, NULL, 0);
}

/*
 * Answer a save of values (over row, NULL for a new article) that failed
 * with rc: when a transient fault lies behind it, the editor again with
 * everything typed, 503 and Retry-After; otherwise a 500 page.
 */
static void
save_failed(struct gz_ctx *c, const struct gz_article_row *row, struct gz_val *values,
            enum gz_err rc)
{
	enum gz_err fault = gz_app_unsaved_fault(c, rc);

	if (fault == GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	gz_app_unsaved_headers(c->resp, fault);
	render_editor(c, 503, row, values, NULL, NULL, gz_app_unsaved_message(fault), 0);
}

/*
 * Load the article of the {id} parameter that c's user may edit into
 * *row.  Returns 1, or 0 after answering 404 / 403 / 500.
 */
static int
load_article(struct gz_ctx *c, struct gz_article_row *row)
{
	int64_t id = gz_app_param_id(c, "id");

	if (!gz_app_loaded(c, id != 0 ? gz_article_get(c->db, c->arena, id, c->now, row)
	                              : GZ_ENOTFOUND)) {
		return 0;
	}
	if (!gz_app_can_edit_article(c, row->author_id)) {
		gz_app_error(c, 403);
		return 0;
	}
	return 1;
}

/*
 * The role rules for a save of in over row (NULL when new): only editors
 * set "featured" (authors keep what the article had), and without the
 * publish right a save may not publish or schedule, unless it keeps the
 * status and time the article already has.  Returns the message for the
 * status field, or NULL.
 */
static const char *
apply_roles(struct gz_ctx *c, struct gz_article_input *in, const struct gz_article_row *row)
{
	if (!gz_app_role_at_least(c, "editor")) {
		in->featured = row != NULL ? row->featured : 0;
	}
	if (gz_app_can_publish(c) || strcmp(in->status, "draft") == 0) {
		return NULL;
	}
	if (row != NULL && strcmp(row->status, in->status) == 0 &&
	    in->published_at == row->published_at) {
		return NULL;
	}
	return GZ_N_(
	    "Your role may save drafts only: choose Draft, and an editor will publish it.");
}

/* Notices a redirect may ask the editor to show. */
static const char *
done_notice(struct gz_ctx *c)
{
	const char *d = gz_request_arg(c->req, "done");

	if (d == NULL) {
		return NULL;
	}
	if (strcmp(d, "created") == 0) {
		return GZ_N_("The article was created.");
	}
	if (strcmp(d, "saved") == 0) {
		return GZ_N_("Your changes were saved.");
	}
	if (strcmp(d, "exists") == 0) {
		return GZ_N_("This article was already created from the same form, so it was not "
		             "created twice.");
	}
	if (strcmp(d, "note") == 0) {
		return GZ_N_("The note was added; readers see it with its time.");
	}
	if (strcmp(d, "note_removed") == 0) {
		return GZ_N_("The note was removed; the revisions record it.");
	}
	if (strcmp(d, "restored") == 0) {
		return GZ_N_(
		    "The revision was restored; the previous text is kept as a revision too.");
	}
	if (strcmp(d, "trashed") == 0) {
		return GZ_N_("The article is in the trash.");
	}
	if (strcmp(d, "untrashed") == 0) {
		return GZ_N_("The article is back from the trash, as a draft.");
	}
	if (strcmp(d, "discarded") == 0) {
		return GZ_N_("The draft copy was discarded.");
	}
	return NULL;
}

/*
 * Open the editor with the draft copy ?restore=<id> of c's user filled in
 * (for row, or a new article when row is NULL), read back through
 * read_form as if it had been posted, so every field comes back as typed,
 * the version the copy was based on included (a Save over a newer
 * article meets the conflict message).  The copy stays until Save or
 * Discard.  A copy that is gone or belongs elsewhere opens the editor as
 * usual, saying so.
 */
static void
restore_autosave(struct gz_ctx *c, const struct gz_article_row *row, struct gz_val *fallback)
{
	const char *arg = gz_request_arg(c->req, "restore");
	struct gz_article_errors pre;
	struct gz_article_input in;
	struct gz_kvlist form;
	struct gz_val *values;
	struct gz_autosave a;
	long id;

	if (gz_str_to_long(arg, 1, 0x7fffffffL, &id) != GZ_OK ||
	    gz_autosave_get(c->db, c->arena, id, c->user->id, &a) != GZ_OK ||
	    a.article_id != (row != NULL ? row->id : 0) ||
	    gz_query_parse(c->arena, a.form, strlen(a.form), 4096, &form) != GZ_OK) {
		render_editor(c, 200, row, fallback, NULL,
		              GZ_N_("That draft copy is no longer there: it was saved or "
		                    "discarded."),
		              NULL, 0);
		return;
	}
	c->req->form = form;
	c->parts = NULL;
	c->nparts = 0;
	if (read_form(c, &in, &values, &pre) != 0) {
		gz_app_error(c, 500);
		return;
	}
	render_editor(c, 200, row, values, NULL,
	              GZ_N_("The draft copy is filled in below. It is not saved yet: Save to "
	                    "keep it."),
	              NULL, 0);
}

void
gz_handle_admin_article_new(struct gz_ctx *c)
{
	struct gz_val *v = gz_val_map_new(c->arena);
	const char *lang, *of;

	if (v == NULL) {
		gz_app_error(c, 500);
		return;
	}
	gz_app_set_str(v, "title", "");
	gz_app_set_str(v, "slug", "");
	gz_app_set_str(v, "summary", "");
	gz_app_set_str(v, "body", "");
	gz_app_set_str(v, "seo_description", "");
	gz_app_set_int(v, "category_id", 0);
	gz_app_set_str(v, "tags", "");
	gz_app_set_int(v, "image_id", 0);
	gz_val_map_set(v, "featured", gz_val_bool(0));
	gz_val_map_set(v, "comments_open", gz_val_bool(1));
	gz_app_set_str(v, "status", "draft");
	gz_app_set_str(v, "published_at", "");
	gz_app_set_int(v, "version", 0);
	gz_app_set_str(v, "form_key", form_key_new(c->arena));
	/* "Add a translation" links open the form with the link and the
	 * language filled in (?translation_of=<id>&lang=<tag>). */
	lang = gz_lang_canon(gz_request_arg(c->req, "lang"));
	of = gz_request_arg(c->req, "translation_of");
	gz_app_set_str(v, "lang", lang != NULL ? lang : "");
	gz_app_set_str(
	    v, "translation_of",
	    of != NULL && strlen(of) <= 18 && strspn(of, "0123456789") == strlen(of) ? of : "");
	if (gz_request_arg(c->req, "restore") != NULL) {
		restore_autosave(c, NULL, v);
		return;
	}
	render_editor(c, 200, NULL, v, NULL, done_notice(c), NULL, 0);
}

/*
 * Log a save that changed whether readers see article id: before and
 * after are its statuses ("draft" for a new one).  Publishing, scheduling
 * and taking back to a draft are logged; other saves are not.
 */
static void
audit_status(struct gz_ctx *c, int64_t id, const char *title, const char *before, const char *after)
{
	const char *action = NULL;

	if (before == NULL || after == NULL) {
		return;
	}
	if (strcmp(after, "published") == 0 && strcmp(before, "published") != 0) {
		action = GZ_AUDIT_ARTICLE_PUBLISH;
	} else if (strcmp(after, "scheduled") == 0 && strcmp(before, "scheduled") != 0) {
		action = GZ_AUDIT_ARTICLE_SCHEDULE;
	} else if (strcmp(after, "draft") == 0 &&
	           (strcmp(before, "published") == 0 || strcmp(before, "scheduled") == 0)) {
		action = GZ_AUDIT_ARTICLE_UNPUBLISH;
	}
	if (action != NULL) {
		(void)gz_audit_log_id(c->db, c->user->id, action, "article", id, title);
	}
}

void
gz_handle_admin_article_create(struct gz_ctx *c)
{
	struct gz_article_input in;
	struct gz_article_errors pre, errs;
	struct gz_val *values;
	const char *action = gz_app_trimmed(c, "action");
	enum gz_err rc;
	int64_t id = 0;

	if (read_form(c, &in, &values, &pre) != 0) {
		gz_app_error(c, 500);
		return;
	}
	pre.status = apply_roles(c, &in, NULL);
	gz_article_check(&in, c->now, &errs);
	if (merge_errors(&errs, &pre) > 0) {
		render_editor(c, 422, NULL, values, &errs, NULL, NULL, 0);
		return;
	}
	if (strcmp(action, "preview") == 0) {
		render_editor(c, 200, NULL, values, NULL, NULL, NULL, 1);
		return;
	}
	rc = gz_article_create(c->db, c->arena, &in, c->user->id, c->now, &id, &errs);
	if (rc == GZ_EINVAL) {
		render_editor(c, 422, NULL, values, &errs, NULL, NULL, 0);
		return;
	}
	if ((rc == GZ_OK || rc == GZ_ECONFLICT) && id > 0) {
		/* Saved: the form's draft copy has served (a failure to
		 * remove it leaves a copy the editor offers once more). */
		(void)gz_autosave_clear(c->db, 0, in.form_key, c->user->id);
	}
	if (rc == GZ_ECONFLICT && id > 0) {
		/* This form created an article before: a double click, or a
		 * retry after a lost answer.  Show that one. */
		gz_response_redirect(
		    c->resp, 303,
		    gz_arena_printf(c->arena, "/admin/articles/%lld?done=exists", (long long)id));
		return;
	}
	if (rc != GZ_OK) {
		save_failed(c, NULL, values, rc);
		return;
	}
	/* The body's HTML is made now, not by its first reader (a failure
	 * leaves it to the page, which renders as it always could). */
	(void)gz_body_html_refresh(c->db, id);
	audit_status(c, id, in.title, "draft", in.status);
	gz_response_redirect(
	    c->resp, 303,
	    gz_arena_printf(c->arena, "/admin/articles/%lld?done=created", (long long)id));
}

void
gz_handle_admin_article_edit(struct gz_ctx *c)
{
	struct gz_article_row row;

	if (!load_article(c, &row)) {
		return;
	}
	if (gz_request_arg(c->req, "restore") != NULL) {
		restore_autosave(c, &row, values_from_row(c, &row));
		return;
	}
	render_editor(c, 200, &row, values_from_row(c, &row), NULL, done_notice(c), NULL, 0);
}

/* Trash or untrash row from its edit page, then back to it. */
static void
trash_action(struct gz_ctx *c, const struct gz_article_row *row, enum gz_article_action action)
{
	enum gz_err rc = gz_article_set_status(c->db, row->id, action, c->user->id, c->now);

	if (rc == GZ_EPERM || rc == GZ_ENOTFOUND) {
		gz_app_error(c, 409);
		return;
	}
	if (rc != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	gz_response_redirect(c->resp, 303,
	                     gz_arena_printf(c->arena, "/admin/articles/%lld?done=%s",
	                                     (long long)row->id,
	                                     action == GZ_ARTICLE_TRASH ? "trashed" : "untrashed"));
}

void
gz_handle_admin_article_update(struct gz_ctx *c)
{
	struct gz_article_row row;
	struct gz_article_input in;
	struct gz_article_errors pre, errs;
	struct gz_val *values;
	const char *action = gz_app_trimmed(c, "action");
	enum gz_err rc;

	if (!load_article(c, &row)) {
		return;
	}
	if (strcmp(action, "trash") == 0) {
		trash_action(c, &row, GZ_ARTICLE_TRASH);
		return;
	}
	if (strcmp(action, "untrash") == 0) {
		trash_action(c, &row, GZ_ARTICLE_UNTRASH);
		return;
	}
	if (strcmp(row.status, "trash") == 0) {
		render_editor(c, 409, &row, values_from_row(c, &row), NULL,
		              GZ_N_("Articles in the trash cannot be edited: restore it first."),
		              NULL, 0);
		return;
	}
	if (read_form(c, &in, &values, &pre) != 0) {
		gz_app_error(c, 500);
		return;
	}
	pre.status = apply_roles(c, &in, &row);
	gz_article_check(&in, c->now, &errs);
	if (merge_errors(&errs, &pre) > 0) {
		render_editor(c, 422, &row, values, &errs, NULL, NULL, 0);
		return;
	}
	if (strcmp(action, "preview") == 0) {
		render_editor(c, 200, &row, values, NULL, NULL, NULL, 1);
		return;
	}
	rc = gz_article_update(c->db, c->arena, row.id, &in, c->user->id, c->now, &errs);
	if (rc == GZ_ECONFLICT) {
		/* Keep the typed text and the version it was based on: saving
		 * again without a reload conflicts again, by design. */
		render_editor(c, 409, &row, values, NULL, NULL, conflict_msg, 0);
		return;
	}
	if (rc == GZ_EINVAL) {
		render_editor(c, 422, &row, values, &errs, NULL, NULL, 0);
		return;
	}
	if (rc == GZ_EPERM) {
		gz_app_error(c, 409);
		return;
	}
	if (rc != GZ_OK) {
		save_failed(c, &row, values, rc);
		return;
	}
	/* Its body's HTML again, as after a create. */
	(void)gz_body_html_refresh(c->db, row.id);
	/* Saved: the draft copy has served (see create). */
	(void)gz_autosave_clear(c->db, row.id, NULL, c->user->id);
	audit_status(c, row.id, in.title, row.status, in.status);
	gz_response_redirect(
	    c->resp, 303,
	    gz_arena_printf(c->arena, "/admin/articles/%lld?done=saved", (long long)row.id));
}

#define DIFF_CONTEXT 200 /* bytes of unchanged text kept on each side of a change */

/*
 * Push {op, text} for the bytes s[0..n) onto list.  An unchanged stretch
 * longer than twice DIFF_CONTEXT keeps DIFF_CONTEXT bytes after the change
 * before it (none at the start) and before the change after it (none at
 * the end), cut at a line end or else a character boundary, with a
 * {op: "gap"} between.  Returns -1 when out of memory.
 */
static int
push_seg(struct gz_ctx *c, struct gz_val *list, const char *op, const char *s, size_t n, int first,
         int last)
{
	size_t head = first ? 0 : DIFF_CONTEXT, tail = last ? 0 : DIFF_CONTEXT, cut;
	struct gz_val *m;

	if (strcmp(op, "same") == 0 && n > head + tail + DIFF_CONTEXT) {
		/* the head: whole lines if one ends in it, else whole characters */
		cut = gz_utf8_truncate(s, n, head);
		while (cut > 0 && head > 0 && s[cut - 1] != '\n' && memchr(s, '\n', cut) != NULL) {
			cut--;
		}
		if (cut > 0 && push_seg(c, list, op, s, cut, 0, 0) != 0) {
			return -1;
		}
		if ((m = gz_val_map_new(c->arena)) == NULL) {
			return -1;
		}
		gz_app_set_str(m, "op", "gap");
		gz_app_set_str(m, "text", "");
		gz_val_list_push(list, m);
		/* the tail: from a line start if one is in it, else a character start */
		cut = n - tail;
		while (cut < n && ((unsigned char)s[cut] & 0xc0) == 0x80) {
			cut++;
		}
		if (tail > 0 && memchr(s + cut, '\n', n - cut) != NULL) {
			cut = (size_t)((const char *)memchr(s + cut, '\n', n - cut) - s) + 1;
		}
		return cut < n ? push_seg(c, list, op, s + cut, n - cut, 0, 0) : 0;
	}
	if ((m = gz_val_map_new(c->arena)) == NULL) {
		return -1;
	}
	gz_app_set_str(m, "op", op);
	gz_app_set_str(m, "text", gz_arena_strndup(c->arena, s, n));
	gz_val_list_push(list, m);
	return 0;
}

/*
 * The word-level difference from old to new as a template list of
 * {op: "same" | "del" | "ins" | "gap", text}, which admin/revisions.html
 * shows as text, <del>, <ins> and an ellipsis (escaped like any text);
 * long unchanged stretches are shortened (push_seg).  NULL when the texts
 * differ too much to show word by word (gz_words_diff's caps) or memory
 * ran out; *same is set when they are equal.
 */
static struct gz_val *
diff_val(struct gz_ctx *c, const char *old, const char *new, int *same)
{
	static const char *const ops[] = {"same", "del", "ins"};
	struct gz_words_seg *segs;
	struct gz_val *list;
	size_t n, i;

	*same = strcmp(old, new) == 0;
	if (gz_words_diff(c->arena, old, strlen(old), new, strlen(new), &segs, &n) != GZ_OK ||
	    (list = gz_val_list_new(c->arena)) == NULL) {
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (push_seg(c, list, ops[segs[i].op], segs[i].text, segs[i].len, i == 0,
		             i + 1 == n) != 0) {
			return NULL;
		}
	}
	return list;
}

/*
 * Set m's changes against the revision before it (older, NULL for the
 * first): for title, summary and body, "<field>_diff" (diff_val's list,
 * or null when too many changes to show word by word) and
 * "<field>_same" (unchanged); "first" when there is no older one.
 */
static void
set_changes(struct gz_ctx *c, struct gz_val *m, const struct gz_revision *r,
            const struct gz_revision *older)
{
	static const char *const keys[][2] = {
	    {"title_diff", "title_same"},
	    {"summary_diff", "summary_same"},
	    {"body_diff", "body_same"},
	};
	const char *olds[3], *news[3];
	struct gz_val *d;
	size_t i;
	int same;

	gz_val_map_set(m, "first", gz_val_bool(older == NULL));
	if (older == NULL) {
		return;
	}
	olds[0] = older->title;
	olds[1] = older->summary;
	olds[2] = older->body;
	news[0] = r->title;
	news[1] = r->summary;
	news[2] = r->body;
	for (i = 0; i < 3; i++) {
		d = diff_val(c, olds[i], news[i], &same);
		gz_val_map_set(m, keys[i][0], d != NULL ? d : gz_val_null());
		gz_val_map_set(m, keys[i][1], gz_val_bool(same));
	}
}

void
gz_handle_admin_article_revisions(struct gz_ctx *c)
{
	struct gz_val *data, *list, *m;
	struct gz_article_row row;
	struct gz_revision *revs;
	size_t n, i;

	if (!load_article(c, &row)) {
		return;
	}
	if ((data = gz_app_admin_page(c, "articles")) == NULL ||
	    (list = gz_val_list_new(c->arena)) == NULL ||
	    gz_revision_list(c->db, c->arena, row.id, &revs, &n) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	for (i = 0; i < n; i++) {
		if ((m = gz_val_map_new(c->arena)) == NULL) {
			gz_app_error(c, 500);
			return;
		}
		gz_app_set_int(m, "id", revs[i].id);
		gz_app_set_str(m, "user", revs[i].user_name);
		gz_app_set_int(m, "created", revs[i].created_at);
		gz_app_set_str(m, "title", revs[i].title);
		gz_app_set_str(m, "summary", revs[i].summary);
		gz_app_set_str(m, "body", revs[i].body);
		gz_app_set_str(m, "note", revs[i].note);
		/* Newest first: each against the one listed after it. */
		set_changes(c, m, &revs[i], i + 1 < n ? &revs[i + 1] : NULL);
		gz_val_list_push(list, m);
	}
	m = gz_val_map_new(c->arena);
	gz_app_set_int(m, "id", row.id);
	gz_app_set_str(m, "title", row.title);
	gz_app_set_int(m, "version", row.version);
	gz_val_map_set(m, "trashed", gz_val_bool(strcmp(row.status, "trash") == 0));
	gz_val_map_set(data, "article", m);
	gz_val_map_set(data, "revisions", list);
	gz_app_render(c, "admin/revisions.html", data);
}

void
gz_handle_admin_article_restore(struct gz_ctx *c)
{
	struct gz_article_row row;
	int64_t rev = gz_app_param_id(c, "rev");
	long version;
	enum gz_err rc;

	if (!load_article(c, &row)) {
		return;
	}
	if (rev == 0 ||
	    gz_str_to_long(gz_app_trimmed(c, "version"), 1, 0x7fffffffL, &version) != GZ_OK) {
		gz_app_error(c, 400);
		return;
	}
	rc =
	    gz_article_restore_revision(c->db, c->arena, row.id, rev, version, c->user->id, c->now);
	if (rc == GZ_ENOTFOUND) {
		gz_app_error(c, 404);
		return;
	}
	if (rc == GZ_ECONFLICT || rc == GZ_EPERM) {
		render_editor(
		    c, 409, &row, values_from_row(c, &row), NULL, NULL,
		    rc == GZ_ECONFLICT
		        ? GZ_N_("This article was changed by someone else since the "
		                "revisions page was loaded; nothing was restored. Check "
		                "its revisions again.")
		        : GZ_N_("Articles in the trash cannot be edited: restore it first."),
		    0);
		return;
	}
	if (rc != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	/* Its body's HTML again, as after a create. */
	(void)gz_body_html_refresh(c->db, row.id);
	gz_response_redirect(
	    c->resp, 303,
	    gz_arena_printf(c->arena, "/admin/articles/%lld?done=restored", (long long)row.id));
}

void
gz_handle_admin_article_delete(struct gz_ctx *c)
{
	struct gz_article_row row;
	enum gz_err rc;

	if (!load_article(c, &row)) {
		return;
	}
	/* The deletion and its audit entry: one transaction. */
	if ((rc = gz_db_begin(c->db)) == GZ_OK) {
		rc = gz_article_delete(c->db, row.id);
		if (rc == GZ_OK) {
			rc = gz_audit_log_id(c->db, c->user->id, GZ_AUDIT_ARTICLE_DELETE, "article",
			                     row.id, row.title);
		}
		if (rc == GZ_OK) {
			rc = gz_db_commit(c->db);
		} else {
			gz_db_rollback(c->db);
		}
	}
	if (rc == GZ_EPERM) {
		render_editor(c, 409, &row, values_from_row(c, &row), NULL, NULL,
		              GZ_N_("Only an article in the trash can be deleted for good."), 0);
		return;
	}
	if (rc != GZ_OK && rc != GZ_ENOTFOUND) {
		gz_app_error(c, 500);
		return;
	}
	gz_response_redirect(c->resp, 303, "/admin/articles?status=trash&done=deleted");
}

/* The sort an argument names (newest when unknown). */
static enum gz_admin_sort
sort_arg(const char *s)
{
	if (s == NULL) {
		return GZ_SORT_NEWEST;
	}
	if (strcmp(s, "oldest") == 0) {
		return GZ_SORT_OLDEST;
	}
	if (strcmp(s, "title") == 0) {
		return GZ_SORT_TITLE;
	}
	if (strcmp(s, "updated") == 0) {
		return GZ_SORT_UPDATED;
	}
	return GZ_SORT_NEWEST;
}

static const char *const sort_names[] = {
    [GZ_SORT_NEWEST] = "newest",
    [GZ_SORT_OLDEST] = "oldest",
    [GZ_SORT_TITLE] = "title",
    [GZ_SORT_UPDATED] = "updated",
};

/* The list's notice from a redirect's done argument (a message for |t). */
static const struct gz_val *
list_notice(struct gz_request *req)
{
	const char *d = gz_request_arg(req, "done");

	if (d != NULL && strcmp(d, "deleted") == 0) {
		return gz_val_str(req->arena, GZ_N_("The article was deleted for good."));
	}
	if (d != NULL && strcmp(d, "bulk") == 0) {
		const char *n = gz_request_arg(req, "n");

		if (n == NULL || strlen(n) >= 8) {
			return gz_val_str(req->arena, GZ_N_("Some article(s) changed."));
		}
		return gz_i18n_message(req->arena, "{count} article(s) changed.", "count", n, NULL);
	}
	if (d != NULL && strcmp(d, "nopublish") == 0) {
		return gz_val_str(req->arena,
		                  GZ_N_("Your role may not publish: nothing was changed."));
	}
	return NULL;
}

void
gz_handle_admin_articles(struct gz_ctx *c)
{
	struct gz_val *data = gz_app_admin_page(c, "articles"), *list, *m, *filters, *pager;
	struct gz_val *authors;
	struct gz_admin_query q = {0};
	struct gz_admin_article *rows;
	const char *status = gz_request_arg(c->req, "status"),
	           *cat = gz_request_arg(c->req, "category");
	const char *author = gz_request_arg(c->req, "author"),
	           *page_s = gz_request_arg(c->req, "page");
	const char *words = gz_request_arg(c->req, "q");
	struct gz_user *users;
	int is_editor = gz_app_role_at_least(c, "editor");
	long page = 1, v;
	int64_t total, pages;
	size_t n, i;
	enum gz_err rc;

	if (data == NULL || (list = gz_val_list_new(c->arena)) == NULL ||
	    (filters = gz_val_map_new(c->arena)) == NULL ||
	    (pager = gz_val_map_new(c->arena)) == NULL ||
	    (authors = gz_val_list_new(c->arena)) == NULL || add_choices(c, data) != 0) {
		gz_app_error(c, 500);
		return;
	}
	q.q = words != NULL && strlen(words) <= 200 ? words : "";
	q.status = status != NULL ? status : "";
	if (strcmp(q.status, "") != 0 && strcmp(q.status, "draft") != 0 &&
	    strcmp(q.status, "scheduled") != 0 && strcmp(q.status, "published") != 0 &&
	    strcmp(q.status, "trash") != 0) {
		q.status = "";
	}
	if (cat != NULL && strcmp(cat, "none") == 0) {
		q.category_id = -1;
	} else if (cat != NULL && gz_str_to_long(cat, 1, 0x7fffffffL, &v) == GZ_OK) {
		q.category_id = v;
	}
	if (author != NULL && gz_str_to_long(author, 1, 0x7fffffffL, &v) == GZ_OK) {
		q.author_id = v;
	}
	/* Authors see their own articles only, whatever the URL says. */
	if (!is_editor) {
		q.author_id = c->user->id;
	}
	q.sort = sort_arg(gz_request_arg(c->req, "sort"));
	if (page_s != NULL && gz_str_to_long(page_s, 1, 100000, &v) == GZ_OK) {
		page = v;
	}
	q.limit = PER_PAGE;
	q.offset = (int64_t)(page - 1) * PER_PAGE;
	rc = gz_article_admin_list(c->db, c->arena, &q, c->now, &rows, &n, &total);
	if (rc != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	for (i = 0; i < n; i++) {
		if ((m = gz_val_map_new(c->arena)) == NULL) {
			gz_app_error(c, 500);
			return;
		}
		gz_app_set_int(m, "id", rows[i].id);
		gz_app_set_str(m, "title", rows[i].title);
		gz_app_set_str(m, "slug", rows[i].slug);
		gz_app_set_str(m, "status", rows[i].status);
		gz_app_set_str(m, "status_label", status_label(rows[i].status));
		gz_app_set_str(m, "author", rows[i].author_name);
		gz_app_set_str(m, "category", rows[i].category_name);
		gz_app_set_int(m, "published", rows[i].published_at);
		gz_app_set_int(m, "created", rows[i].created_at);
		gz_app_set_int(m, "updated", rows[i].updated_at);
		gz_val_map_set(m, "visible",
		               gz_val_bool((strcmp(rows[i].status, "published") == 0 ||
		                            strcmp(rows[i].status, "scheduled") == 0) &&
		                           rows[i].published_at <= (int64_t)c->now));
		gz_val_list_push(list, m);
	}
	if (is_editor && gz_user_list(c->db, c->arena, &users, &n) == GZ_OK) {
		for (i = 0; i < n; i++) {
			if ((m = gz_val_map_new(c->arena)) != NULL) {
				gz_app_set_int(m, "id", users[i].id);
				gz_app_set_str(m, "name", users[i].display_name);
				gz_val_list_push(authors, m);
			}
		}
	}
	gz_app_set_str(filters, "q", q.q);
	gz_app_set_str(filters, "status", q.status);
	gz_app_set_str(filters, "category",
	               q.category_id == -1 ? "none"
	               : q.category_id > 0
	                   ? gz_arena_printf(c->arena, "%lld", (long long)q.category_id)
	                   : "");
	gz_app_set_int(filters, "category_id", q.category_id);
	gz_app_set_str(filters, "author",
	               is_editor && q.author_id > 0
	                   ? gz_arena_printf(c->arena, "%lld", (long long)q.author_id)
	                   : "");
	gz_app_set_int(filters, "author_id", is_editor ? q.author_id : 0);
	gz_app_set_str(filters, "sort", sort_names[q.sort]);
	pages = total > 0 ? (total + PER_PAGE - 1) / PER_PAGE : 1;
	gz_app_set_int(pager, "page", page);
	gz_app_set_int(pager, "pages", pages);
	gz_app_set_int(pager, "total", total);
	gz_app_set_int(pager, "prev", page > 1 ? page - 1 : 0);
	gz_app_set_int(pager, "next", page < pages ? page + 1 : 0);
	gz_val_map_set(data, "articles", list);
	gz_val_map_set(data, "filters", filters);
	gz_val_map_set(data, "pager", pager);
	gz_val_map_set(data, "authors", authors);
	gz_val_map_set(data, "trash_view", gz_val_bool(strcmp(q.status, "trash") == 0));
	gz_val_map_set(data, "is_editor", gz_val_bool(is_editor));
	gz_val_map_set(data, "can_publish", gz_val_bool(gz_app_can_publish(c)));
	{
		const struct gz_val *note = list_notice(c->req);

		gz_val_map_set(data, "notice", note ? note : gz_val_null());
	}
	gz_app_render(c, "admin/articles.html", data);
}

void
gz_handle_admin_articles_bulk(struct gz_ctx *c)
{
	const char *action = gz_app_trimmed(c, "action");
	const char *back = gz_app_trimmed(c, "status");
	int64_t ids[BULK_MAX];
	enum gz_article_action act;
	size_t n, changed = 0;
	enum gz_err rc;

	if (strcmp(action, "publish") == 0) {
		act = GZ_ARTICLE_PUBLISH;
	} else if (strcmp(action, "draft") == 0) {
		act = GZ_ARTICLE_DRAFT;
	} else if (strcmp(action, "trash") == 0) {
		act = GZ_ARTICLE_TRASH;
	} else if (strcmp(action, "untrash") == 0) {
		act = GZ_ARTICLE_UNTRASH;
	} else {
		gz_app_error(c, 400);
		return;
	}
	if (strcmp(back, "draft") != 0 && strcmp(back, "scheduled") != 0 &&
	    strcmp(back, "published") != 0 && strcmp(back, "trash") != 0) {
		back = "";
	}
	if (act == GZ_ARTICLE_PUBLISH && !gz_app_can_publish(c)) {
		gz_response_redirect(
		    c->resp, 303,
		    gz_arena_printf(c->arena, "/admin/articles?status=%s&done=nopublish", back));
		return;
	}
	n = gz_app_field_ids(c, "ids", ids, BULK_MAX);
	rc =
	    gz_article_bulk(c->db, ids, n, act, gz_app_role_at_least(c, "editor") ? 0 : c->user->id,
	                    c->user->id, c->now, &changed);
	if (rc != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	if (changed > 0 && (act == GZ_ARTICLE_PUBLISH || act == GZ_ARTICLE_DRAFT)) {
		(void)gz_audit_log(c->db, c->user->id,
		                   act == GZ_ARTICLE_PUBLISH ? GZ_AUDIT_ARTICLE_PUBLISH
		                                             : GZ_AUDIT_ARTICLE_UNPUBLISH,
		                   gz_arena_printf(c->arena, "%zu articles", changed),
		                   "bulk action");
	}
	gz_response_redirect(
	    c->resp, 303,
	    gz_arena_printf(c->arena, "/admin/articles?status=%s&done=bulk&n=%zu", back, changed));
}
