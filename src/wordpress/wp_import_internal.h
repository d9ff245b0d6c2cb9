/*
 * Shared by the importer's files only (wp_import.c: the passes, batches,
 * report, authors and terms; wp_import_item.c: posts, pages, comments;
 * wp_import_media.c: attachments and the addresses in bodies;
 * wp_import_text.c: text, dates, slugs and URLs).  Nothing outside
 * src/wordpress/wp_import*.c includes this.
 */
#ifndef GAZETTE_WP_IMPORT_INTERNAL_H
#define GAZETTE_WP_IMPORT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/arena.h"
#include "gazette/err.h"
#include "gazette/wp_import.h"
#include "gazette/wxr.h"

struct gz_db;

#define WP_HOSTS_MAX 8                /* hosts remembered as the site's own, and as its uploads' */
#define WP_ITEM_ARENA_MAX (96u << 20) /* scratch of one item (its body conversion) */
#define WP_COMMENT_ARENA_MAX (8u << 20) /* scratch of one comment */
#define WP_COMMENT_MAX 100000           /* bytes of a comment kept (the settings' largest) */
#define WP_NAME_MAX 100                 /* bytes of a commenter's name kept */
#define WP_META_DESCRIPTION_MAX 300     /* bytes of an SEO description kept */

/* A URL cut in parts; pointers into the string, not NUL-terminated. */
struct wp_url {
	const char *host; /* host without port, NULL for a relative URL */
	size_t hostlen;
	const char *path; /* from its "/" up to "?" or "#"; "" when none */
	size_t pathlen;
	const char *query; /* after "?" up to "#", NULL when none */
	size_t querylen;
};

/* The import in progress. */
struct imp {
	struct gz_db *db;                  /* the site */
	const struct gz_wp_import_opts *o; /* the options */
	struct gz_wp_report *r;            /* what happened */
	char *err;                         /* reason of a failure */
	size_t errsz;                      /* its room */
	int pass;                          /* 1 or 2 */
	char *source;                      /* the import's key (import_map.source) */
	char *hosts[WP_HOSTS_MAX];         /* the old site's hosts, lowercase, no "www." */
	size_t nhosts;                     /* how many */
	char *media_hosts[WP_HOSTS_MAX];   /* hosts the attachments were served from */
	size_t nmedia_hosts;               /* how many */
	const char *media_dir;   /* where media files go (a temporary folder in a dry run) */
	char *media_root;        /* realpath of --media, NULL without it */
	size_t media_max;        /* largest media file (setting media_max_bytes) */
	int64_t fallback_author; /* users.id for items without a known author, 0: none yet */
	struct gz_arena arena;   /* scratch of the current item and its comments */
	struct gz_arena carena;  /* scratch of the current comment */
	int in_tx;               /* a batch transaction is open */
	int dirty;               /* the batch wrote something readers can see */
	int nbatch;              /* items in the batch */

	/* The current item of pass 2, for its comments. */
	enum gz_wp_kind cur_kind; /* post, page or other */
	int64_t cur_article;      /* its article, 0 when it is not one (or was not imported) */
	const char *cur_why;      /* why its comments are not imported (static), or NULL */
	int64_t cur_date;         /* its date, for comments without one */
};

/*
 * wp_import.c.  Strings returned live in im->arena (reset per item) unless
 * said otherwise; an enum gz_err other than GZ_OK stops the import, with
 * the reason already in im->err.
 */
/* Mark the batch as having written something readers see (bumped at commit). */
enum gz_err wp_dirty(struct imp *im);
/* import_map for the import's source: record wp_id -> local_id (0: skipped)
 * with a note (marks the batch dirty), or look it up (GZ_ENOTFOUND). */
enum gz_err wp_map_put(struct imp *im, enum gz_wp_kind kind, const char *wp_id, int64_t local_id,
                       const char *note);
enum gz_err wp_map_get(struct imp *im, enum gz_wp_kind kind, const char *wp_id, int64_t *local_id,
                       const char **note);
/* Add a line to a report list (copied, bounded, controls removed); past
 * GZ_WP_REPORT_LINES_MAX only counted. */
void wp_line(struct gz_wp_lines *l, enum gz_wp_kind kind, const char *id, const char *what,
             const char *why);
/* Count kind as skipped and list the item with why; list a change made to
 * an imported item (counts unchanged). */
void wp_skip(struct imp *im, enum gz_wp_kind kind, const char *id, const char *what,
             const char *why);
void wp_note(struct imp *im, enum gz_wp_kind kind, const char *id, const char *what,
             const char *why);
/* Make an old address answer 301 to target: url absolute (ignored unless on
 * the old site's own host) or a path; path and query as written. */
enum gz_err wp_redirect(struct imp *im, const char *url, const char *target);
enum gz_err wp_redirect_path(struct imp *im, const char *path, const char *query,
                             const char *target);
/* The account of a WordPress login, made (role author, no password) or
 * reused the first time, with its /author/ and ?author= addresses. */
enum gz_err wp_author(struct imp *im, const char *login, const char *display_name,
                      const char *email, const char *wp_user_id, int64_t *id);
/* The category or tag an item names by slug and name, made when the
 * export did not declare it; *id 0 when neither gives a slug. */
enum gz_err wp_category_of(struct imp *im, const char *nicename, const char *name, int64_t *id);
enum gz_err wp_tag_of(struct imp *im, const char *nicename, const char *name, int64_t *id);
/* Put "what: <rc's text>" in im->err and return rc. */
enum gz_err wp_fail(struct imp *im, enum gz_err rc, const char *what);

/* wp_import_item.c: the second pass's item (post, page, other; attachments
 * are the first pass's) and each of its comments. */
enum gz_err wp_item(struct imp *im, const struct gz_wxr_item *it);
enum gz_err wp_comment(struct imp *im, const struct gz_wxr_item *it,
                       const struct gz_wxr_comment *c);

/* wp_import_media.c: the first pass's attachment; the converter's
 * callbacks (gz_html_md_opts.map_url and .attachment, ctx is im); remember
 * a host attachments are served from. */
enum gz_err wp_attachment(struct imp *im, const struct gz_wxr_item *it);
const char *wp_map_url(void *ctx, const char *url, int is_image);
const char *wp_gallery(void *ctx, long id, const char **alt, const char **caption);
void wp_media_host(struct imp *im, const char *url);

/* wp_import_text.c: each documented at its definition. */
char *wp_trim(struct gz_arena *a, const char *s);
char *wp_plain(struct gz_arena *a, const char *html, int paragraphs);
char *wp_cut(struct gz_arena *a, const char *s, size_t max);
char *wp_one_line(struct gz_arena *a, const char *s);
int64_t wp_time(const char *s);
int64_t wp_rfc822(const char *s);
char *wp_slug(struct gz_arena *a, const char *raw, const char *fallback, size_t maxlen);
int wp_url_split(const char *url, struct wp_url *u);
int wp_host_is(char *const *hosts, size_t n, const char *host, size_t hostlen);
char *wp_host_key(const char *host, size_t hostlen);
const char *wp_meta(const struct gz_wxr_item *it, const char *key);
int wp_is(const char *field, const char *word);

#endif
