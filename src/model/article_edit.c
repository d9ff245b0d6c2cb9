/*
 * The editor's side of articles: validation, create and update with slugs,
 * tags, status and schedule, revisions, the trash, bulk status changes and
 * the admin list.  Each write is one transaction (gz_db_tx, so a busy
 * database is retried) that writes a revision and touches the cache keys
 * the change reaches (gazette/cache_keys.h); saves compare the version the form was loaded with
 * (optimistic concurrency), and a create carrying the new-article form's
 * one-time key happens once per key (article_form_keys), so neither a
 * save sent twice nor a create sent twice is stored twice.
 *
 * It knows nothing of roles, forms or HTML: handlers decide who may do
 * what and turn struct gz_article_errors into messages beside fields.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gazette/arena.h"
#include "gazette/article_edit.h"
#include "gazette/cache_keys.h"
#include "gazette/buf.h"
#include "gazette/byline.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/err.h"
#include "gazette/lang.h"
#include "gazette/md.h"
#include "gazette/str.h"
#include "gazette/tag.h"
#include "gazette/translation.h"
#include "gazette/utf8.h"

/* Room left after a generated slug's base for "-NNNNNNN". */
#define SLUG_BASE_MAX (GZ_ARTICLE_SLUG_MAX - 8)
#define SLUG_TRIES 10000 /* "-2" .. before giving up on a base */

/* s, or "" for NULL. */
static const char *
str_or_empty(const char *s)
{
	return s != NULL ? s : "";
}

/* Text of at most max bytes, valid UTF-8, no controls except allow. */
static int
text_ok(const char *s, size_t max, unsigned allow)
{
	size_t n = strlen(s);

	return n <= max && gz_utf8_valid(s, n) && !gz_str_has_ctl(s, n, allow);
}

/* Bind v, or SQL NULL when v is 0 (ids and optional times). */
static void
bind_opt(sqlite3_stmt *st, int idx, int64_t v)
{
	if (v == 0) {
		sqlite3_bind_null(st, idx);
	} else {
		gz_db_bind_int64(st, idx, v);
	}
}

int
gz_article_slug_valid(struct gz_arena *arena, const char *slug)
{
	size_t n = strlen(slug);
	char *fixed;

	/* The slugs gz_slugify makes are exactly its fixed points, so this
	 * accepts [a-z0-9-] and the letters it keeps (CJK, accented, ...). */
	return n > 0 && n <= GZ_ARTICLE_SLUG_MAX && gz_utf8_valid(slug, n) &&
	       gz_slugify(arena, slug, GZ_ARTICLE_SLUG_MAX, &fixed) == GZ_OK &&
	       strcmp(fixed, slug) == 0;
}

enum gz_err
gz_article_parse_time(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, sec = 0, used = 0;
	struct tm tm = {0};
	time_t t;
	char sep;
	size_t n = strlen(s);

	if (n == 0) {
		*out = 0;
		return GZ_OK;
	}
	if (n != 16 && n != 19) {
		return GZ_EINVAL;
	}
	if (n == 16) {
		if (sscanf(s, "%4d-%2d-%2d%c%2d:%2d%n", &y, &mo, &d, &sep, &h, &mi, &used) != 6) {
			return GZ_EINVAL;
		}
	} else if (sscanf(s, "%4d-%2d-%2d%c%2d:%2d:%2d%n", &y, &mo, &d, &sep, &h, &mi, &sec,
	                  &used) != 7) {
		return GZ_EINVAL;
	}
	if ((size_t)used != n || (sep != 'T' && sep != ' ') || s[4] != '-' || s[7] != '-' ||
	    s[13] != ':') {
		return GZ_EINVAL;
	}
	/* sscanf's %d takes signs and spaces; the layout needs digits. */
	for (size_t i = 0; i < n; i++) {
		if (i != 4 && i != 7 && i != 10 && i != 13 && i != 16 &&
		    (s[i] < '0' || s[i] > '9')) {
			return GZ_EINVAL;
		}
	}
	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 59) {
		return GZ_EINVAL;
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm);
	/* timegm normalises 31 February into March: refuse such dates. */
	if (t == (time_t)-1 || tm.tm_mday != d || tm.tm_mon != mo - 1) {
		return GZ_EINVAL;
	}
	*out = (int64_t)t;
	return GZ_OK;
}

/* A tag list split from the editor's comma-separated field. */
struct taglist {
	const char *names[GZ_ARTICLE_TAGS_MAX]; /* trimmed names, in the arena */
	const char *slugs[GZ_ARTICLE_TAGS_MAX]; /* their slugs, distinct */
	size_t n;                               /* number of tags */
};

/*
 * Split tags on commas, trim, drop empty names and duplicates (by slug).
 * Returns NULL or the message for the field.
 */
static const char *
split_tags(struct gz_arena *arena, const char *tags, struct taglist *out)
{
	const char *p = tags, *comma;
	struct gz_span sp;
	char *name, *slug;
	size_t i;

	out->n = 0;
	if (!gz_utf8_valid(tags, strlen(tags))) {
		return GZ_N_("Tags must be valid text.");
	}
	while (*p != '\0') {
		comma = strchr(p, ',');
		if (comma == NULL) {
			comma = p + strlen(p);
		}
		sp = gz_str_trim(p, (size_t)(comma - p));
		p = *comma != '\0' ? comma + 1 : comma;
		if (sp.n == 0) {
			continue;
		}
		if ((name = gz_arena_strndup(arena, sp.p, sp.n)) == NULL) {
			return GZ_N_("Out of memory.");
		}
		if (sp.n > GZ_TAG_NAME_MAX) {
			return GZ_N_("Each tag may have at most 100 characters.");
		}
		if (!gz_tag_name_valid(arena, name) ||
		    gz_slugify(arena, name, GZ_TAG_SLUG_MAX, &slug) != GZ_OK) {
			return GZ_N_(
			    "Each tag needs letters or digits, and no control characters.");
		}
		for (i = 0; i < out->n && strcmp(out->slugs[i], slug) != 0; i++) {
		}
		if (i < out->n) {
			continue;
		}
		if (out->n == GZ_ARTICLE_TAGS_MAX) {
			return GZ_N_("Use at most 20 tags.");
		}
		out->names[out->n] = name;
		out->slugs[out->n] = slug;
		out->n++;
	}
	return NULL;
}

/*
 * Whether body (valid, at most GZ_ARTICLE_BODY_MAX bytes) is beyond what
 * cmark may spend on one text (md.h's budget): stored, it could never be
 * shown, since the page, the feeds and the export would all refuse it.
 * Memory the system refused is not the text's fault and answers 0.
 */
static int
too_complex(const char *body)
{
	struct gz_arena a;
	char *plain;
	enum gz_err rc;

	if (body == NULL || body[0] == '\0') {
		return 0;
	}
	gz_arena_init(&a, 64 * 1024, 4 * (size_t)GZ_MD_MAX);
	rc = gz_md_text(&a, body, strlen(body), &plain);
	gz_arena_free(&a);
	return rc == GZ_ETOOBIG;
}

int
gz_article_check(const struct gz_article_input *in, time_t now, struct gz_article_errors *errs)
{
	const char *title = str_or_empty(in->title), *status = str_or_empty(in->status);
	const char *slug = str_or_empty(in->slug);
	struct gz_arena scratch;
	struct taglist tl;
	int bad = 0;

	memset(errs, 0, sizeof(*errs));
	gz_arena_init(&scratch, 4096, 1024 * 1024);
	if (title[0] == '\0') {
		errs->title = GZ_N_("Give the article a title.");
	} else if (strlen(title) > GZ_ARTICLE_TITLE_MAX) {
		errs->title = GZ_N_("Use at most 300 bytes for the title.");
	} else if (!text_ok(title, GZ_ARTICLE_TITLE_MAX, 0)) {
		errs->title = GZ_N_("The title must be plain text on one line.");
	}
	if (slug[0] != '\0' && !gz_article_slug_valid(&scratch, slug)) {
		errs->slug =
		    GZ_N_("Use lowercase letters, digits and single dashes (no dash first or "
		          "last), at most 200 bytes.");
	}
	if (!text_ok(str_or_empty(in->summary), GZ_ARTICLE_SUMMARY_MAX,
	             GZ_CTL_ALLOW_CRLF | GZ_CTL_ALLOW_TAB)) {
		errs->summary = strlen(str_or_empty(in->summary)) > GZ_ARTICLE_SUMMARY_MAX
		                    ? GZ_N_("Use at most 2000 bytes for the summary.")
		                    : GZ_N_("The summary must be plain text.");
	}
	if (in->seo_desc != NULL) {
		const char *m = in->seo_desc;
		size_t n = strlen(m), chars = 0, i;

		/* Characters, not bytes: search engines cut by what they show. */
		for (i = 0; i < n; i++) {
			chars += ((unsigned char)m[i] & 0xC0) != 0x80;
		}
		if (!text_ok(m, 4 * GZ_ARTICLE_META_MAX, 0)) {
			errs->seo_desc =
			    GZ_N_("The SEO description must be plain text on one line.");
		}
		if (chars > GZ_ARTICLE_META_MAX) {
			errs->seo_desc =
			    GZ_N_("Use at most 300 characters for the SEO description.");
		}
	}
	if (strlen(str_or_empty(in->body)) > GZ_ARTICLE_BODY_MAX) {
		errs->body = GZ_N_("The body may be at most 1 MiB.");
	} else if (!text_ok(str_or_empty(in->body), GZ_ARTICLE_BODY_MAX,
	                    GZ_CTL_ALLOW_CRLF | GZ_CTL_ALLOW_TAB)) {
		errs->body = GZ_N_("The body must be valid text without control characters.");
	} else if (too_complex(in->body)) {
		errs->body =
		    GZ_N_("This text is too complex to display (for example a table with "
		          "hundreds of thousands of rows): split it into several articles.");
	}
	errs->tags = split_tags(&scratch, str_or_empty(in->tags), &tl);
	if (strcmp(status, "draft") == 0 || strcmp(status, "published") == 0) {
		/* A published time ahead of now schedules the article. */
	} else if (strcmp(status, "scheduled") == 0) {
		if (in->published_at == 0) {
			errs->published_at = GZ_N_("Choose when to publish.");
		} else if (in->published_at <= (int64_t)now) {
			errs->published_at = GZ_N_("Choose a time in the future, or publish now.");
		}
	} else {
		errs->status = GZ_N_("Choose draft, scheduled or published.");
	}
	if (in->published_at < 0) {
		errs->published_at = GZ_N_("This is not a valid time.");
	}
	if (in->category_id < 0) {
		errs->category = GZ_N_("Choose a category.");
	}
	if (in->image_id < 0) {
		errs->image = GZ_N_("Choose an image.");
	}
	if (in->lang != NULL && in->lang[0] != '\0' && gz_lang_canon(in->lang) == NULL) {
		errs->lang = GZ_N_("Choose one of the languages listed.");
	}
	if (in->translation_of != NULL && !text_ok(in->translation_of, GZ_ARTICLE_SLUG_MAX, 0)) {
		errs->translation = GZ_N_("Give the id or the slug of one article.");
	}
	gz_arena_free(&scratch);
	bad += errs->title != NULL;
	bad += errs->slug != NULL;
	bad += errs->summary != NULL;
	bad += errs->body != NULL;
	bad += errs->seo_desc != NULL;
	bad += errs->tags != NULL;
	bad += errs->status != NULL;
	bad += errs->published_at != NULL;
	bad += errs->category != NULL;
	bad += errs->image != NULL;
	bad += errs->lang != NULL;
	bad += errs->translation != NULL;
	return bad;
}

/* The tag to store for in->lang: canonical, or "" for the site's (and NULL). */
static const char *
lang_to_store(const char *lang)
{
	const char *c = lang != NULL ? gz_lang_canon(lang) : NULL;

	return c != NULL ? c : "";
}

/*
 * The article in->translation_of names, for a save of article self (0:
 * new): *of its id (0 when the field is NULL or empty) and *group its
 * translation group.  A name that finds no article, or finds self, gets
 * its message in errs->translation; database errors are returned.
 */
static enum gz_err
translation_target(struct gz_db *db, const struct gz_article_input *in, int64_t self, int64_t *of,
                   int64_t *group, struct gz_article_errors *errs)
{
	enum gz_err rc;

	*of = *group = 0;
	if (in->translation_of == NULL || in->translation_of[0] == '\0') {
		return GZ_OK;
	}
	rc = gz_translation_ref(db, in->translation_of, of, group);
	if (rc == GZ_ENOTFOUND) {
		errs->translation = GZ_N_("No article has this id or slug.");
		return GZ_OK;
	}
	if (rc == GZ_OK && *of == self) {
		errs->translation = GZ_N_("An article cannot be a translation of itself.");
		*of = 0;
	}
	return rc;
}

/* Link article id to of (0: unlink), the refusal beside its field. */
static enum gz_err
link_translation(struct gz_db *db, int64_t id, int64_t of, struct gz_article_errors *errs)
{
	enum gz_err rc = gz_translation_set(db, id, of, NULL);

	if (rc == GZ_ECONFLICT) {
		errs->translation =
		    GZ_N_("That article already has a translation in this language.");
		return GZ_EINVAL;
	}
	return rc;
}

/* 1 when the one-parameter query sql finds a row for id, 0 if not, -1 on error. */
static int
row_exists(struct gz_db *db, const char *sql, int64_t id)
{
	sqlite3_stmt *st = gz_db_stmt(db, sql);
	int src;

	if (st == NULL) {
		return -1;
	}
	gz_db_bind_int64(st, 1, id);
	src = sqlite3_step(st);
	gz_db_reset(st);
	return src == SQLITE_ROW ? 1 : src == SQLITE_DONE ? 0 : -1;
}

/*
 * 1 when slug names an article other than self, or (with old_too) is an
 * old slug that redirects to another article; 0 when free; -1 on error.
 */
static int
slug_taken(struct gz_db *db, const char *slug, int64_t self, int old_too)
{
	sqlite3_stmt *st;
	int src;

	st = gz_db_stmt(db, "SELECT 1 FROM articles WHERE slug = ?1 AND id != ?2 UNION ALL "
	                    "SELECT 1 FROM slug_redirects WHERE ?3 AND old_slug = ?1 "
	                    "AND article_id != ?2 LIMIT 1");
	if (st == NULL) {
		return -1;
	}
	gz_db_bind_text(st, 1, slug);
	gz_db_bind_int64(st, 2, self);
	gz_db_bind_int64(st, 3, old_too);
	src = sqlite3_step(st);
	gz_db_reset(st);
	return src == SQLITE_ROW ? 1 : src == SQLITE_DONE ? 0 : -1;
}

/*
 * A slug for article id from its title: gz_slugify, "article-<id>" when
 * that is empty, then "-2", "-3", ... until no other article (and no old
 * slug of another article) has it.  In arena.
 */
static enum gz_err
generate_slug(struct gz_db *db, struct gz_arena *arena, const char *title, int64_t id,
              const char **out)
{
	char *base, *cand;
	int i, taken;

	if (gz_slugify(arena, title, SLUG_BASE_MAX, &base) != GZ_OK) {
		return GZ_ENOMEM;
	}
	if (base[0] == '\0' &&
	    (base = gz_arena_printf(arena, "article-%lld", (long long)id)) == NULL) {
		return GZ_ENOMEM;
	}
	cand = base;
	for (i = 2; i < SLUG_TRIES; i++) {
		if ((taken = slug_taken(db, cand, id, 1)) < 0) {
			return GZ_EDB;
		}
		if (!taken) {
			*out = cand;
			return GZ_OK;
		}
		if ((cand = gz_arena_printf(arena, "%s-%d", base, i)) == NULL) {
			return GZ_ENOMEM;
		}
	}
	return GZ_ECONFLICT;
}

/* Compare two int64 for qsort. */
static int
cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The tag ids of article id, sorted, into ids (room for max); *n. */
static enum gz_err
current_tags(struct gz_db *db, int64_t id, int64_t *ids, size_t max, size_t *n)
{
	sqlite3_stmt *st;
	int src;

	*n = 0;
	if ((st = gz_db_stmt(db, "SELECT tag_id FROM article_tags WHERE article_id = ?1 "
	                         "ORDER BY tag_id")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n < max) {
			ids[(*n)++] = sqlite3_column_int64(st, 0);
		}
	}
	gz_db_reset(st);
	return src == SQLITE_DONE ? GZ_OK : gz_db_error(db, src, "article tags");
}

/* Find or create each tag of tl; their ids, sorted, into ids. */
static enum gz_err
resolve_tags(struct gz_db *db, struct gz_arena *arena, const struct taglist *tl, int64_t *ids)
{
	enum gz_err rc;
	size_t i;

	for (i = 0; i < tl->n; i++) {
		if ((rc = gz_tag_ensure(db, arena, tl->names[i], &ids[i])) != GZ_OK) {
			return rc;
		}
	}
	qsort(ids, tl->n, sizeof(*ids), cmp_id);
	return GZ_OK;
}

/* Replace the tags of article id with the n ids. */
static enum gz_err
set_tags(struct gz_db *db, int64_t id, const int64_t *ids, size_t n)
{
	sqlite3_stmt *st;
	enum gz_err rc;
	size_t i;

	if ((st = gz_db_stmt(db, "DELETE FROM article_tags WHERE article_id = ?1")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		return rc;
	}
	for (i = 0; i < n; i++) {
		if ((st = gz_db_stmt(db, "INSERT OR IGNORE INTO article_tags (article_id, tag_id) "
		                         "VALUES (?1, ?2)")) == NULL) {
			return GZ_EDB;
		}
		gz_db_bind_int64(st, 1, id);
		gz_db_bind_int64(st, 2, ids[i]);
		if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
			return rc;
		}
	}
	return GZ_OK;
}

/* Write a revision of article id's current title, summary and body. */
static enum gz_err
write_revision(struct gz_db *db, int64_t id, int64_t user_id, time_t now, const char *note)
{
	sqlite3_stmt *st;

	st = gz_db_stmt(db, "INSERT INTO revisions (article_id, user_id, created_at, title, "
	                    "summary, body, note) SELECT id, ?2, ?3, title, summary, body, ?4 "
	                    "FROM articles WHERE id = ?1");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	bind_opt(st, 2, user_id);
	gz_db_bind_int64(st, 3, (int64_t)now);
	gz_db_bind_text(st, 4, note);
	return gz_db_step_done(db, st);
}

/*
 * The status and published_at to store for a save of in (already through
 * gz_article_check) at now, over an article whose stored publish time is
 * kept_at (0: none, or a new article).  An empty time keeps kept_at.
 * Draft stores the time as it is; Scheduled stores it too (the check made
 * sure it lies ahead).  Published means on the site now, whatever the time
 * field still says: a time not ahead of now is kept (a past one back-dates
 * the article); an empty one is now unless kept_at already lies in the
 * past; and a time ahead that is kept_at, the schedule the form was loaded
 * with, gives way to now, since choosing Published over a schedule is
 * asking for it now.  A time ahead that the editor typed anew with
 * Published is refused: it is a schedule under the wrong status or a
 * slip, and guessing either way could publish an embargoed story early or
 * hold back one meant to be live.  Returns NULL, or that refusal's
 * message for the publish time field (static).
 */
static const char *
resolve_status(const struct gz_article_input *in, int64_t kept_at, time_t now, const char **status,
               int64_t *pub)
{
	const char *s = str_or_empty(in->status);

	*pub = in->published_at != 0 ? in->published_at : kept_at;
	if (strcmp(s, "draft") == 0) {
		*status = "draft";
		return NULL;
	}
	if (strcmp(s, "scheduled") == 0) {
		*status = "scheduled";
		return NULL;
	}
	*status = "published";
	if (*pub > (int64_t)now && in->published_at != 0 && in->published_at != kept_at) {
		return GZ_N_("A time ahead needs Scheduled: choose Scheduled to publish then, "
		             "or clear the time to publish now.");
	}
	if (*pub == 0 || *pub > (int64_t)now) {
		*pub = (int64_t)now;
	}
	return NULL;
}

/* Check the category and image ids exist; fill errs.  -1 on error. */
static int
check_refs(struct gz_db *db, const struct gz_article_input *in, struct gz_article_errors *errs)
{
	int r;

	if (in->category_id > 0) {
		if ((r = row_exists(db, "SELECT 1 FROM categories WHERE id = ?1",
		                    in->category_id)) < 0) {
			return -1;
		}
		if (!r) {
			errs->category = GZ_N_("This category no longer exists.");
		}
	}
	if (in->image_id > 0) {
		if ((r = row_exists(db, "SELECT 1 FROM media WHERE id = ?1", in->image_id)) < 0) {
			return -1;
		}
		if (!r) {
			errs->image = GZ_N_("This image no longer exists.");
		}
	}
	return 0;
}

/*
 * The newsroom fields of in onto article id, inside its save's
 * transaction: the social image (when the form sent one) and the bylines
 * (when given; gz_byline_set checks each is enabled staff).  A refusal
 * fills errs and returns GZ_EINVAL, so the whole save rolls back.
 */
static enum gz_err
save_newsroom(struct gz_db *db, int64_t id, const struct gz_article_input *in,
              struct gz_article_errors *errs)
{
	sqlite3_stmt *st;
	enum gz_err rc;
	int r;

	if (in->has_social_image) {
		if (in->social_image_id > 0) {
			if ((r = row_exists(db, "SELECT 1 FROM media WHERE id = ?1",
			                    in->social_image_id)) < 0) {
				return GZ_EDB;
			}
			if (!r) {
				errs->social_image = GZ_N_("This image no longer exists.");
				return GZ_EINVAL;
			}
		}
		st = gz_db_stmt(db, "UPDATE articles SET social_image_id = ?2 WHERE id = ?1");
		if (st == NULL) {
			return GZ_EDB;
		}
		gz_db_bind_int64(st, 1, id);
		bind_opt(st, 2, in->social_image_id);
		if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
			return rc;
		}
	}
	if (in->bylines != NULL) {
		rc = gz_byline_set(db, id, in->bylines, in->nbylines);
		if (rc == GZ_EINVAL) {
			errs->bylines = GZ_N_("Credit one to eight people from the list.");
		}
		return rc;
	}
	return GZ_OK;
}

/* Forget old_slug as a redirect: an article now answers to it itself. */
static enum gz_err
drop_redirect(struct gz_db *db, const char *slug)
{
	sqlite3_stmt *st = gz_db_stmt(db, "DELETE FROM slug_redirects WHERE old_slug = ?1");

	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, slug);
	return gz_db_step_done(db, st);
}

/* State of a create across gz_db_tx retries. */
struct create_ctx {
	struct gz_arena *arena;            /* scratch */
	const struct gz_article_input *in; /* the form */
	int64_t user_id;                   /* author */
	time_t now;                        /* clock */
	int64_t *id;                       /* out */
	struct gz_article_errors *errs;    /* out */
};

/* Record that form_key (NULL or "": nothing to record) created article id. */
static enum gz_err
remember_form_key(struct gz_db *db, const char *form_key, int64_t id, time_t now)
{
	sqlite3_stmt *st;

	if (form_key == NULL || form_key[0] == '\0') {
		return GZ_OK;
	}
	if ((st = gz_db_stmt(db, "INSERT INTO article_form_keys (form_key, article_id, "
	                         "created_at) VALUES (?1, ?2, ?3)")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, form_key);
	gz_db_bind_int64(st, 2, id);
	gz_db_bind_int64(st, 3, (int64_t)now);
	return gz_db_step_done(db, st);
}

/*
 * The cache keys a new article id changes (gazette/cache_keys.h): its
 * listings when it is published or scheduled; everything when it joined a
 * translation group (the other articles' pages link to it).
 */
static enum gz_err
touch_new(struct gz_db *db, int64_t id, int linked, time_t now)
{
	struct gz_cache_article before;

	if (linked) {
		return gz_db_bump(db);
	}
	memset(&before, 0, sizeof(before));
	before.id = id;
	return gz_cache_article_written(db, &before, (int64_t)now);
}

static int
create_tx(struct gz_db *db, void *arg)
{
	struct create_ctx *c = arg;
	const struct gz_article_input *in = c->in;
	struct taglist tl;
	int64_t id, tag_ids[GZ_ARTICLE_TAGS_MAX];
	const char *slug = str_or_empty(in->slug), *status;
	sqlite3_stmt *st;
	int64_t pub, of, of_group;
	enum gz_err rc;
	int taken, src;

	/* The same form again: nothing to create, answer its article.
	 * Checked first: what the first save made may not validate again
	 * (its slug is taken now, by itself). */
	if (in->form_key != NULL && in->form_key[0] != '\0') {
		if ((st = gz_db_stmt(db, "SELECT article_id FROM article_form_keys "
		                         "WHERE form_key = ?1")) == NULL) {
			return GZ_EDB;
		}
		gz_db_bind_text(st, 1, in->form_key);
		if ((src = sqlite3_step(st)) == SQLITE_ROW) {
			*c->id = sqlite3_column_int64(st, 0);
		}
		gz_db_reset(st);
		if (src == SQLITE_ROW) {
			return GZ_ECONFLICT;
		}
		if (src != SQLITE_DONE) {
			return gz_db_error(db, src, "article form key");
		}
	}
	if (gz_article_check(in, c->now, c->errs) > 0) {
		return GZ_EINVAL;
	}
	if (check_refs(db, in, c->errs) < 0) {
		return GZ_EDB;
	}
	/* Inside BEGIN IMMEDIATE nobody else can take this id meanwhile,
	 * and knowing it first gives the "article-<id>" fallback slug. */
	if ((st = gz_db_stmt(db, "SELECT coalesce(max(id), 0) + 1 FROM articles")) == NULL ||
	    sqlite3_step(st) != SQLITE_ROW) {
		gz_db_reset(st);
		return GZ_EDB;
	}
	id = sqlite3_column_int64(st, 0);
	gz_db_reset(st);
	if (slug[0] != '\0') {
		if ((taken = slug_taken(db, slug, id, 0)) < 0) {
			return GZ_EDB;
		}
		if (taken) {
			c->errs->slug = GZ_N_("Another article already uses this slug.");
		}
	} else if ((rc = generate_slug(db, c->arena, in->title, id, &slug)) != GZ_OK) {
		return rc;
	}
	c->errs->published_at = resolve_status(in, 0, c->now, &status, &pub);
	if ((rc = translation_target(db, in, id, &of, &of_group, c->errs)) != GZ_OK) {
		return rc;
	}
	if (c->errs->slug != NULL || c->errs->category != NULL || c->errs->image != NULL ||
	    c->errs->published_at != NULL || c->errs->translation != NULL) {
		return GZ_EINVAL;
	}
	split_tags(c->arena, str_or_empty(in->tags), &tl);
	if ((rc = resolve_tags(db, c->arena, &tl, tag_ids)) != GZ_OK) {
		return rc;
	}
	st = gz_db_stmt(db,
	                "INSERT INTO articles (id, slug, title, summary, body, author_id, "
	                "category_id, image_id, status, featured, comments_open, published_at, "
	                "created_at, updated_at, version, meta_description, lang) VALUES (?1, ?2, "
	                "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, 1, ?14, ?15)");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	gz_db_bind_text(st, 2, slug);
	gz_db_bind_text(st, 3, in->title);
	gz_db_bind_text(st, 4, str_or_empty(in->summary));
	gz_db_bind_text(st, 5, str_or_empty(in->body));
	gz_db_bind_int64(st, 6, c->user_id);
	bind_opt(st, 7, in->category_id);
	bind_opt(st, 8, in->image_id);
	gz_db_bind_text(st, 9, status);
	gz_db_bind_int64(st, 10, in->featured != 0);
	gz_db_bind_int64(st, 11, in->comments_open != 0);
	bind_opt(st, 12, pub);
	gz_db_bind_int64(st, 13, (int64_t)c->now);
	gz_db_bind_text(st, 14, str_or_empty(in->seo_desc));
	gz_db_bind_text(st, 15, lang_to_store(in->lang));
	if ((rc = gz_db_step_done(db, st)) != GZ_OK ||
	    (rc = set_tags(db, id, tag_ids, tl.n)) != GZ_OK ||
	    (of != 0 && (rc = link_translation(db, id, of, c->errs)) != GZ_OK) ||
	    (rc = drop_redirect(db, slug)) != GZ_OK ||
	    (rc = write_revision(db, id, c->user_id, c->now, "created")) != GZ_OK ||
	    (rc = remember_form_key(db, in->form_key, id, c->now)) != GZ_OK ||
	    (rc = save_newsroom(db, id, in, c->errs)) != GZ_OK ||
	    (rc = touch_new(db, id, of != 0, c->now)) != GZ_OK) {
		return rc;
	}
	*c->id = id;
	return GZ_OK;
}

enum gz_err
gz_article_create(struct gz_db *db, struct gz_arena *arena, const struct gz_article_input *in,
                  int64_t user_id, time_t now, int64_t *id, struct gz_article_errors *errs)
{
	struct create_ctx c = {arena, in, user_id, now, id, errs};

	return gz_db_tx(db, create_tx, &c);
}

/* Columns of gz_article_get, in fill_row's order. */
#define ROW_SELECT                                                                                 \
	"SELECT a.id, a.slug, a.title, a.summary, a.body, a.author_id, u.display_name, "           \
	"coalesce(a.category_id, 0), coalesce(a.image_id, 0), a.status, a.featured, "              \
	"a.comments_open, coalesce(a.published_at, 0), a.created_at, a.updated_at, a.version, "    \
	"coalesce((SELECT group_concat(name, ', ') FROM (SELECT t.name FROM article_tags x "       \
	"JOIN tags t ON t.id = x.tag_id WHERE x.article_id = a.id ORDER BY t.name)), ''), "        \
	"a.meta_description, a.lang, coalesce(a.translation_group, 0), "                           \
	"coalesce(a.social_image_id, 0) "                                                          \
	"FROM articles a JOIN users u ON u.id = a.author_id WHERE a.id = ?1"

enum gz_err
gz_article_get(struct gz_db *db, struct gz_arena *arena, int64_t id, time_t now,
               struct gz_article_row *out)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	memset(out, 0, sizeof(*out));
	if ((st = gz_db_stmt(db, ROW_SELECT)) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->slug = gz_db_col_text(arena, st, 1);
		out->title = gz_db_col_text(arena, st, 2);
		out->summary = gz_db_col_text(arena, st, 3);
		out->body = gz_db_col_text(arena, st, 4);
		out->author_id = sqlite3_column_int64(st, 5);
		out->author_name = gz_db_col_text(arena, st, 6);
		out->category_id = sqlite3_column_int64(st, 7);
		out->image_id = sqlite3_column_int64(st, 8);
		out->status = gz_db_col_text(arena, st, 9);
		out->featured = sqlite3_column_int(st, 10) != 0;
		out->comments_open = sqlite3_column_int(st, 11) != 0;
		out->published_at = sqlite3_column_int64(st, 12);
		out->created_at = sqlite3_column_int64(st, 13);
		out->updated_at = sqlite3_column_int64(st, 14);
		out->version = sqlite3_column_int64(st, 15);
		out->tags = gz_db_col_text(arena, st, 16);
		out->seo_desc = gz_db_col_text(arena, st, 17);
		out->lang = gz_db_col_text(arena, st, 18);
		out->translation_group = sqlite3_column_int64(st, 19);
		out->social_image_id = sqlite3_column_int64(st, 20);
		if (out->slug == NULL || out->title == NULL || out->summary == NULL ||
		    out->body == NULL || out->author_name == NULL || out->status == NULL ||
		    out->tags == NULL || out->seo_desc == NULL || out->lang == NULL) {
			rc = GZ_ENOMEM;
		} else if (strcmp(out->status, "scheduled") == 0 &&
		           out->published_at <= (int64_t)now) {
			/* Its time came: to the editor it is simply published. */
			out->status = "published";
		}
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "article get");
	}
	gz_db_reset(st);
	return rc;
}

/* State of an update across gz_db_tx retries. */
struct update_ctx {
	struct gz_arena *arena;            /* scratch */
	int64_t id;                        /* the article */
	const struct gz_article_input *in; /* the form */
	int64_t user_id;                   /* who saves */
	time_t now;                        /* clock */
	struct gz_article_errors *errs;    /* out */
	const char *note_prefix;           /* "restored #N: " or NULL */
};

/* Append name to the note when changed. */
static void
note_field(struct gz_buf *note, int changed, const char *name)
{
	if (changed) {
		if (note->len > 0) {
			gz_buf_puts(note, ", ");
		}
		gz_buf_puts(note, name);
	}
}

static int
update_tx(struct gz_db *db, void *arg)
{
	struct update_ctx *c = arg;
	const struct gz_article_input *in = c->in;
	struct gz_article_row cur;
	struct gz_cache_article before;
	struct taglist tl;
	int64_t tag_ids[GZ_ARTICLE_TAGS_MAX], old_ids[GZ_ARTICLE_TAGS_MAX + 1];
	size_t nold;
	const char *slug = str_or_empty(in->slug), *status;
	const char *lang;
	struct gz_buf note;
	sqlite3_stmt *st;
	int64_t pub, of, of_group;
	enum gz_err rc;
	int taken, tags_changed, was_public, relink;

	if (gz_article_check(in, c->now, c->errs) > 0) {
		return GZ_EINVAL;
	}
	if ((rc = gz_article_get(db, c->arena, c->id, c->now, &cur)) != GZ_OK) {
		return rc;
	}
	if (strcmp(cur.status, "trash") == 0) {
		return GZ_EPERM;
	}
	if (cur.version != in->version) {
		return GZ_ECONFLICT;
	}
	/* What the caches saw, to touch only what this save changes. */
	if ((rc = gz_cache_article_read(db, c->id, &before)) != GZ_OK) {
		return rc;
	}
	if (check_refs(db, in, c->errs) < 0) {
		return GZ_EDB;
	}
	if (slug[0] == '\0') {
		slug = cur.slug;
	} else if (strcmp(slug, cur.slug) != 0) {
		if ((taken = slug_taken(db, slug, c->id, 0)) < 0) {
			return GZ_EDB;
		}
		if (taken) {
			c->errs->slug = GZ_N_("Another article already uses this slug.");
		}
	}
	/* The form sends the stored time back unless the editor changed it,
	 * so cur.published_at tells a kept time from a typed one. */
	c->errs->published_at = resolve_status(in, cur.published_at, c->now, &status, &pub);
	if ((rc = translation_target(db, in, c->id, &of, &of_group, c->errs)) != GZ_OK) {
		return rc;
	}
	if (c->errs->slug != NULL || c->errs->category != NULL || c->errs->image != NULL ||
	    c->errs->published_at != NULL || c->errs->translation != NULL) {
		return GZ_EINVAL;
	}
	lang = in->lang != NULL ? lang_to_store(in->lang) : cur.lang;
	/* A name already among its translations (the form shows one) keeps
	 * the links as they are; "" takes the article out of them. */
	relink = in->translation_of != NULL &&
	         (of != 0 ? cur.translation_group == 0 || of_group != cur.translation_group
	                  : cur.translation_group != 0);
	split_tags(c->arena, str_or_empty(in->tags), &tl);
	if ((rc = resolve_tags(db, c->arena, &tl, tag_ids)) != GZ_OK ||
	    (rc = current_tags(db, c->id, old_ids, GZ_ARTICLE_TAGS_MAX + 1, &nold)) != GZ_OK) {
		return rc;
	}
	tags_changed =
	    nold != tl.n || (tl.n > 0 && memcmp(old_ids, tag_ids, tl.n * sizeof(int64_t)) != 0);

	gz_buf_init(&note, c->arena, 1024);
	note_field(&note, strcmp(in->title, cur.title) != 0, "title");
	note_field(&note, strcmp(slug, cur.slug) != 0, "slug");
	note_field(&note, strcmp(str_or_empty(in->summary), cur.summary) != 0, "summary");
	note_field(&note, strcmp(str_or_empty(in->body), cur.body) != 0, "body");
	note_field(&note, in->seo_desc != NULL && strcmp(in->seo_desc, cur.seo_desc) != 0,
	           "SEO description");
	note_field(&note, in->category_id != cur.category_id, "category");
	note_field(&note, tags_changed, "tags");
	note_field(&note, in->image_id != cur.image_id, "image");
	note_field(&note, (in->featured != 0) != cur.featured, "featured");
	note_field(&note, (in->comments_open != 0) != cur.comments_open, "comments");
	note_field(&note, strcmp(status, cur.status) != 0, "status");
	note_field(&note, pub != cur.published_at, "publish time");
	note_field(&note, strcmp(lang, cur.lang) != 0, "language");
	note_field(&note, relink, "translations");
	note_field(&note, in->has_social_image && in->social_image_id != cur.social_image_id,
	           "social image");
	if (note.len == 0) {
		gz_buf_puts(&note, "no changes");
	}
	if (c->note_prefix != NULL) {
		const char *fields = gz_arena_strdup(c->arena, gz_buf_str(&note));

		gz_buf_reset(&note);
		gz_buf_puts(&note, c->note_prefix);
		gz_buf_puts(&note, fields != NULL ? fields : "");
	}
	if (gz_buf_err(&note) != GZ_OK) {
		return GZ_ENOMEM;
	}

	/* Readers may have the old address: keep it answering with a 301. */
	was_public = strcmp(cur.status, "published") == 0 || strcmp(cur.status, "scheduled") == 0;
	if (strcmp(slug, cur.slug) != 0) {
		if (was_public) {
			st = gz_db_stmt(db, "INSERT OR REPLACE INTO slug_redirects (old_slug, "
			                    "article_id) VALUES (?1, ?2)");
			if (st == NULL) {
				return GZ_EDB;
			}
			gz_db_bind_text(st, 1, cur.slug);
			gz_db_bind_int64(st, 2, c->id);
			if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
				return rc;
			}
		}
		if ((rc = drop_redirect(db, slug)) != GZ_OK) {
			return rc;
		}
	}
	st = gz_db_stmt(db, "UPDATE articles SET slug = ?3, title = ?4, summary = ?5, body = ?6, "
	                    "category_id = ?7, image_id = ?8, status = ?9, featured = ?10, "
	                    "comments_open = ?11, published_at = ?12, updated_at = ?13, "
	                    "meta_description = coalesce(?14, meta_description), lang = ?15, "
	                    "version = version + 1 WHERE id = ?1 AND version = ?2");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, c->id);
	gz_db_bind_int64(st, 2, in->version);
	gz_db_bind_text(st, 3, slug);
	gz_db_bind_text(st, 4, in->title);
	gz_db_bind_text(st, 5, str_or_empty(in->summary));
	gz_db_bind_text(st, 6, str_or_empty(in->body));
	bind_opt(st, 7, in->category_id);
	bind_opt(st, 8, in->image_id);
	gz_db_bind_text(st, 9, status);
	gz_db_bind_int64(st, 10, in->featured != 0);
	gz_db_bind_int64(st, 11, in->comments_open != 0);
	bind_opt(st, 12, pub);
	gz_db_bind_int64(st, 13, (int64_t)c->now);
	/* NULL (a caller that does not know the field) keeps the stored one. */
	gz_db_bind_text(st, 14, in->seo_desc);
	gz_db_bind_text(st, 15, lang);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		return rc;
	}
	if (sqlite3_changes(gz_db_handle(db)) != 1) {
		return GZ_ECONFLICT;
	}
	/* After the new language is stored, so the one-per-language rule
	 * sees it; a refusal rolls the whole save back. */
	if (relink) {
		if ((rc = link_translation(db, c->id, of, c->errs)) != GZ_OK) {
			return rc;
		}
	} else if (strcmp(lang, cur.lang) != 0 && cur.translation_group != 0) {
		if ((rc = gz_translation_check(db, c->id, NULL)) == GZ_ECONFLICT) {
			c->errs->lang =
			    GZ_N_("One of its linked translations is in this language already.");
			return GZ_EINVAL;
		}
		if (rc != GZ_OK) {
			return rc;
		}
	}
	if ((tags_changed && (rc = set_tags(db, c->id, tag_ids, tl.n)) != GZ_OK) ||
	    (rc = write_revision(db, c->id, c->user_id, c->now, gz_buf_str(&note))) != GZ_OK ||
	    (rc = save_newsroom(db, c->id, in, c->errs)) != GZ_OK) {
		return rc;
	}
	/* Translation links show on the other articles' pages too: a new
	 * link or language touches everything, a plain save its own keys. */
	if (relink || strcmp(lang, cur.lang) != 0) {
		rc = gz_db_bump(db);
	} else {
		rc = gz_cache_article_written(db, &before, (int64_t)c->now);
	}
	if (rc != GZ_OK) {
		return rc;
	}
	return GZ_OK;
}

enum gz_err
gz_article_update(struct gz_db *db, struct gz_arena *arena, int64_t id,
                  const struct gz_article_input *in, int64_t user_id, time_t now,
                  struct gz_article_errors *errs)
{
	struct update_ctx c = {arena, id, in, user_id, now, errs, NULL};

	return gz_db_tx(db, update_tx, &c);
}

/* Fill *r from a revisions row: id, article_id, user_id, name, created, title, summary, body, note.
 */
static enum gz_err
fill_revision(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	struct gz_revision *r = item;

	r->id = sqlite3_column_int64(st, 0);
	r->article_id = sqlite3_column_int64(st, 1);
	r->user_id = sqlite3_column_int64(st, 2);
	r->user_name = gz_db_col_text(arena, st, 3);
	r->created_at = sqlite3_column_int64(st, 4);
	r->title = gz_db_col_text(arena, st, 5);
	r->summary = gz_db_col_text(arena, st, 6);
	r->body = gz_db_col_text(arena, st, 7);
	r->note = gz_db_col_text(arena, st, 8);
	if (r->user_name == NULL || r->title == NULL || r->summary == NULL || r->body == NULL ||
	    r->note == NULL) {
		return GZ_ENOMEM;
	}
	return GZ_OK;
}

#define REVISION_SELECT                                                                            \
	"SELECT r.id, r.article_id, coalesce(r.user_id, 0), coalesce(u.display_name, ''), "        \
	"r.created_at, r.title, r.summary, r.body, r.note FROM revisions r "                       \
	"LEFT JOIN users u ON u.id = r.user_id "

enum gz_err
gz_revision_list(struct gz_db *db, struct gz_arena *arena, int64_t article_id,
                 struct gz_revision **out, size_t *n)
{
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	if ((st = gz_db_stmt(db, REVISION_SELECT "WHERE r.article_id = ?1 ORDER BY r.id DESC "
	                                         "LIMIT ?2")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, article_id);
	gz_db_bind_int64(st, 2, GZ_REVISION_LIST_MAX);
	return gz_db_rows(db, arena, st, sizeof(**out), GZ_REVISION_LIST_MAX, GZ_REVISION_LIST_MAX,
	                  fill_revision, out, n, "revision list");
}

enum gz_err
gz_revision_get(struct gz_db *db, struct gz_arena *arena, int64_t article_id, int64_t rev,
                struct gz_revision *out)
{
	sqlite3_stmt *st;
	enum gz_err rc;
	int src;

	memset(out, 0, sizeof(*out));
	if ((st = gz_db_stmt(db, REVISION_SELECT "WHERE r.id = ?1 AND r.article_id = ?2")) ==
	    NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, rev);
	gz_db_bind_int64(st, 2, article_id);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		rc = fill_revision(arena, st, out);
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "revision get");
	}
	gz_db_reset(st);
	return rc;
}

/* State of a restore across gz_db_tx retries. */
struct restore_ctx {
	struct gz_arena *arena; /* scratch */
	int64_t id;             /* the article */
	int64_t rev;            /* the revision */
	int64_t version;        /* the version the page was loaded with */
	int64_t user_id;        /* who restores */
	time_t now;             /* clock */
};

static int
restore_tx(struct gz_db *db, void *arg)
{
	struct restore_ctx *c = arg;
	struct gz_article_row cur;
	struct gz_revision r;
	struct gz_article_input in = {0};
	struct gz_article_errors errs;
	struct update_ctx u;
	enum gz_err rc;

	if ((rc = gz_revision_get(db, c->arena, c->id, c->rev, &r)) != GZ_OK ||
	    (rc = gz_article_get(db, c->arena, c->id, c->now, &cur)) != GZ_OK) {
		return rc;
	}
	if (strcmp(cur.status, "trash") == 0) {
		return GZ_EPERM;
	}
	/* Everything but the text stays as it is now. */
	in.title = r.title;
	in.slug = cur.slug;
	in.summary = r.summary;
	in.body = r.body;
	in.category_id = cur.category_id;
	in.tags = cur.tags;
	in.image_id = cur.image_id;
	in.featured = cur.featured;
	in.comments_open = cur.comments_open;
	in.status = cur.status;
	in.published_at = cur.published_at;
	in.version = c->version;
	u.arena = c->arena;
	u.id = c->id;
	u.in = &in;
	u.user_id = c->user_id;
	u.now = c->now;
	u.errs = &errs;
	if ((u.note_prefix = gz_arena_printf(c->arena, "restored #%lld: ", (long long)c->rev)) ==
	    NULL) {
		return GZ_ENOMEM;
	}
	return update_tx(db, &u);
}

enum gz_err
gz_article_restore_revision(struct gz_db *db, struct gz_arena *arena, int64_t id, int64_t rev,
                            int64_t version, int64_t user_id, time_t now)
{
	struct restore_ctx c = {arena, id, rev, version, user_id, now};

	return gz_db_tx(db, restore_tx, &c);
}

/*
 * Apply action to article id inside the caller's transaction.  With
 * only_author, another author's article is GZ_EPERM.  *changed is 1 when
 * the row changed.
 */
static enum gz_err
apply_action(struct gz_db *db, int64_t id, enum gz_article_action action, int64_t only_author,
             int64_t user_id, time_t now, int *changed)
{
	sqlite3_stmt *st;
	const char *to;
	char status[16], note[32];
	int64_t pub, author;
	enum gz_err rc;
	int src;

	*changed = 0;
	if ((st = gz_db_stmt(db, "SELECT status, coalesce(published_at, 0), author_id "
	                         "FROM articles WHERE id = ?1")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	if ((src = sqlite3_step(st)) != SQLITE_ROW) {
		gz_db_reset(st);
		return src == SQLITE_DONE ? GZ_ENOTFOUND : gz_db_error(db, src, "article status");
	}
	snprintf(status, sizeof(status), "%s", (const char *)sqlite3_column_text(st, 0));
	pub = sqlite3_column_int64(st, 1);
	author = sqlite3_column_int64(st, 2);
	gz_db_reset(st);
	if (only_author != 0 && author != only_author) {
		return GZ_EPERM;
	}
	if ((action == GZ_ARTICLE_UNTRASH) != (strcmp(status, "trash") == 0)) {
		return GZ_EPERM;
	}
	/* A scheduled article whose time came is published to everyone, so
	 * publishing it again changes nothing. */
	if (strcmp(status, "scheduled") == 0 && pub <= (int64_t)now) {
		snprintf(status, sizeof(status), "%s", "published");
	}
	switch (action) {
	case GZ_ARTICLE_PUBLISH:
		/* Publish means on the site now: a schedule ahead gives way
		 * to now, a time already past stays. */
		if (pub == 0 || pub > (int64_t)now) {
			pub = (int64_t)now;
		}
		to = "published";
		break;
	case GZ_ARTICLE_DRAFT:
	case GZ_ARTICLE_UNTRASH:
		to = "draft";
		break;
	case GZ_ARTICLE_TRASH:
		to = "trash";
		break;
	default:
		return GZ_EINVAL;
	}
	if (strcmp(to, status) == 0) {
		return GZ_OK;
	}
	st = gz_db_stmt(db, "UPDATE articles SET status = ?2, published_at = nullif(?3, 0), "
	                    "updated_at = ?4, version = version + 1 WHERE id = ?1");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	gz_db_bind_text(st, 2, to);
	gz_db_bind_int64(st, 3, pub);
	gz_db_bind_int64(st, 4, (int64_t)now);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		return rc;
	}
	snprintf(note, sizeof(note), "status: %s", to);
	if ((rc = write_revision(db, id, user_id, now, note)) != GZ_OK) {
		return rc;
	}
	*changed = 1;
	return GZ_OK;
}

/* State of a status change or bulk action across gz_db_tx retries. */
struct bulk_ctx {
	const int64_t *ids;            /* articles */
	size_t n;                      /* how many */
	enum gz_article_action action; /* what to do */
	int64_t only_author;           /* 0 or the only author to touch */
	int64_t user_id;               /* who acts */
	time_t now;                    /* clock */
	int strict;                    /* 1: one article, errors are errors */
	size_t changed;                /* out */
};

static int
bulk_tx(struct gz_db *db, void *arg)
{
	struct bulk_ctx *c = arg;
	enum gz_err rc;
	size_t i;
	int one;

	c->changed = 0;
	for (i = 0; i < c->n; i++) {
		struct gz_cache_article before;

		if ((rc = gz_cache_article_read(db, c->ids[i], &before)) != GZ_OK) {
			return rc;
		}
		rc = apply_action(db, c->ids[i], c->action, c->only_author, c->user_id, c->now,
		                  &one);
		if (rc != GZ_OK && (c->strict || (rc != GZ_EPERM && rc != GZ_ENOTFOUND))) {
			return rc;
		}
		if (rc == GZ_OK && one) {
			c->changed++;
			/* Only what this article's change reaches. */
			if ((rc = gz_cache_article_written(db, &before, (int64_t)c->now)) !=
			    GZ_OK) {
				return rc;
			}
		}
	}
	return GZ_OK;
}

enum gz_err
gz_article_set_status(struct gz_db *db, int64_t id, enum gz_article_action action, int64_t user_id,
                      time_t now)
{
	struct bulk_ctx c = {&id, 1, action, 0, user_id, now, 1, 0};

	return gz_db_tx(db, bulk_tx, &c);
}

enum gz_err
gz_article_bulk(struct gz_db *db, const int64_t *ids, size_t n, enum gz_article_action action,
                int64_t only_author, int64_t user_id, time_t now, size_t *changed)
{
	struct bulk_ctx c = {ids, n, action, only_author, user_id, now, 0, 0};
	enum gz_err rc;

	if (action < GZ_ARTICLE_PUBLISH || action > GZ_ARTICLE_UNTRASH) {
		return GZ_EINVAL;
	}
	rc = gz_db_tx(db, bulk_tx, &c);
	if (changed != NULL) {
		*changed = rc == GZ_OK ? c.changed : 0;
	}
	return rc;
}

static int
delete_tx(struct gz_db *db, void *arg)
{
	int64_t id = *(int64_t *)arg;
	struct gz_cache_article gone;
	sqlite3_stmt *st;
	enum gz_err rc;
	int src;

	if ((st = gz_db_stmt(db, "SELECT status FROM articles WHERE id = ?1")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	src = sqlite3_step(st);
	if (src != SQLITE_ROW) {
		gz_db_reset(st);
		return src == SQLITE_DONE ? GZ_ENOTFOUND : gz_db_error(db, src, "article delete");
	}
	rc = strcmp((const char *)sqlite3_column_text(st, 0), "trash") == 0 ? GZ_OK : GZ_EPERM;
	gz_db_reset(st);
	if (rc != GZ_OK) {
		return rc;
	}
	/* Tags, revisions, comments and old slugs go by ON DELETE CASCADE. */
	if ((st = gz_db_stmt(db, "DELETE FROM articles WHERE id = ?1")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		return rc;
	}
	/* From the trash: no reader saw it; its own key is enough. */
	memset(&gone, 0, sizeof(gone));
	gone.id = id;
	return gz_cache_article_written(db, &gone, 0);
}

enum gz_err
gz_article_delete(struct gz_db *db, int64_t id)
{
	return gz_db_tx(db, delete_tx, &id);
}

/* An article's status as everyone sees it at ?5: a scheduled article whose
 * time has come is published (as gz_article_get tells the editor). */
#define ADMIN_STATUS                                                                               \
	"(CASE WHEN a.status = 'scheduled' AND a.published_at <= ?5 THEN 'published' "             \
	"ELSE a.status END)"

/* The admin list's WHERE clause; ?1 pattern, ?2 status, ?3 category, ?4
 * author, ?5 now. */
#define ADMIN_WHERE                                                                                \
	"WHERE (?1 = '' OR a.title LIKE ?1 ESCAPE '\\') "                                          \
	"AND (CASE WHEN ?2 = '' THEN a.status != 'trash' ELSE " ADMIN_STATUS " = ?2 END) "         \
	"AND (?3 = 0 OR (?3 = -1 AND a.category_id IS NULL) OR a.category_id = ?3) "               \
	"AND (?4 = 0 OR a.author_id = ?4) "

#define ADMIN_SELECT                                                                               \
	"SELECT a.id, a.slug, a.title, " ADMIN_STATUS ", a.author_id, u.display_name, "            \
	"coalesce(c.name, ''), coalesce(a.published_at, 0), a.created_at, a.updated_at, "          \
	"a.version FROM articles a JOIN users u ON u.id = a.author_id "                            \
	"LEFT JOIN categories c ON c.id = a.category_id " ADMIN_WHERE

/* One constant statement per order: SQL text never carries request data. */
static const char *const admin_sql[] = {
    [GZ_SORT_NEWEST] = ADMIN_SELECT "ORDER BY a.created_at DESC, a.id DESC LIMIT ?6 OFFSET ?7",
    [GZ_SORT_OLDEST] = ADMIN_SELECT "ORDER BY a.created_at, a.id LIMIT ?6 OFFSET ?7",
    [GZ_SORT_TITLE] = ADMIN_SELECT "ORDER BY a.title COLLATE NOCASE, a.id LIMIT ?6 OFFSET ?7",
    [GZ_SORT_UPDATED] = ADMIN_SELECT "ORDER BY a.updated_at DESC, a.id DESC LIMIT ?6 OFFSET ?7",
};

/* Bind the filters of q (pattern already escaped) and now to st. */
static void
bind_admin(sqlite3_stmt *st, const char *pattern, const struct gz_admin_query *q, time_t now)
{
	gz_db_bind_text(st, 1, pattern);
	gz_db_bind_text(st, 2, str_or_empty(q->status));
	gz_db_bind_int64(st, 3, q->category_id);
	gz_db_bind_int64(st, 4, q->author_id);
	gz_db_bind_int64(st, 5, (int64_t)now);
}

/* One row of the admin article list. */
static enum gz_err
fill_admin_row(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	struct gz_admin_article *r = item;

	r->id = sqlite3_column_int64(st, 0);
	r->slug = gz_db_col_text(arena, st, 1);
	r->title = gz_db_col_text(arena, st, 2);
	r->status = gz_db_col_text(arena, st, 3);
	r->author_id = sqlite3_column_int64(st, 4);
	r->author_name = gz_db_col_text(arena, st, 5);
	r->category_name = gz_db_col_text(arena, st, 6);
	r->published_at = sqlite3_column_int64(st, 7);
	r->created_at = sqlite3_column_int64(st, 8);
	r->updated_at = sqlite3_column_int64(st, 9);
	r->version = sqlite3_column_int64(st, 10);
	return r->slug == NULL || r->title == NULL || r->status == NULL || r->author_name == NULL ||
	               r->category_name == NULL
	           ? GZ_ENOMEM
	           : GZ_OK;
}

enum gz_err
gz_article_admin_list(struct gz_db *db, struct gz_arena *arena, const struct gz_admin_query *q,
                      time_t now, struct gz_admin_article **out, size_t *n, int64_t *total)
{
	const char *status = str_or_empty(q->status), *words = str_or_empty(q->q), *p;
	struct gz_buf pat;
	sqlite3_stmt *st;
	int src;

	*out = NULL;
	*n = 0;
	*total = 0;
	if (q->limit < 1 || q->limit > GZ_ADMIN_LIST_MAX || q->offset < 0 ||
	    (unsigned)q->sort > GZ_SORT_UPDATED ||
	    (status[0] != '\0' && strcmp(status, "draft") != 0 &&
	     strcmp(status, "scheduled") != 0 && strcmp(status, "published") != 0 &&
	     strcmp(status, "trash") != 0)) {
		return GZ_EINVAL;
	}
	/* %words% with LIKE's own wildcards escaped, so they match themselves. */
	gz_buf_init(&pat, arena, 4096);
	if (words[0] != '\0') {
		gz_buf_putc(&pat, '%');
		for (p = words; *p != '\0'; p++) {
			if (*p == '%' || *p == '_' || *p == '\\') {
				gz_buf_putc(&pat, '\\');
			}
			gz_buf_putc(&pat, *p);
		}
		gz_buf_putc(&pat, '%');
	}
	if (gz_buf_err(&pat) != GZ_OK) {
		return GZ_ETOOBIG;
	}
	if ((st = gz_db_stmt(db, "SELECT count(*) FROM articles a " ADMIN_WHERE)) == NULL) {
		return GZ_EDB;
	}
	bind_admin(st, gz_buf_str(&pat), q, now);
	if ((src = sqlite3_step(st)) != SQLITE_ROW) {
		gz_db_reset(st);
		return gz_db_error(db, src, "admin count");
	}
	*total = sqlite3_column_int64(st, 0);
	gz_db_reset(st);
	if ((st = gz_db_stmt(db, admin_sql[q->sort])) == NULL) {
		return GZ_EDB;
	}
	bind_admin(st, gz_buf_str(&pat), q, now);
	gz_db_bind_int64(st, 6, q->limit);
	gz_db_bind_int64(st, 7, q->offset);
	return gz_db_rows(db, arena, st, sizeof(**out), (size_t)q->limit, (size_t)q->limit,
	                  fill_admin_row, out, n, "admin list");
}
