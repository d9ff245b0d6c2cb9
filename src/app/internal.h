/*
 * Helpers shared by the handlers in src/app and nothing else: rendering a
 * template into the response, page context, model-to-value conversions,
 * error pages, the route guard, consent state, HTTP caching, and the
 * handler prototypes the route table names.  The readers' half lives in
 * src/app/reader, the newsroom's in src/app/admin; what both use stays in
 * src/app.  Every helper that needs the application's side of a request
 * takes the context (struct gz_ctx *c, gazette/app.h); a few static
 * helpers that only read the HTTP request take struct gz_request.
 */
#ifndef GAZETTE_APP_INTERNAL_H
#define GAZETTE_APP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/app.h"
#include "gazette/request.h"
#include "gazette/response.h"
#include "gazette/router.h"
#include "gazette/value.h"

struct gz_arena;
struct gz_article_summary;
struct gz_list_query;

/*
 * Render template name with data into c->resp->body (status stays as set).
 * On a template or memory failure the response becomes a plain 500.
 */
void gz_app_render(struct gz_ctx *c, const char *name, struct gz_val *data);

/*
 * A new page data map holding what every layout needs: site (name,
 * tagline, url, lang), nav (categories: the top-level sections holding a
 * visible article, in menu order, at most 10; more: true when others
 * hold one too, for a "More" link to /sections; current), page (path,
 * lang: the site's language until a handler sets the page's own) and
 * consent.  current names the section to highlight ("home", a top-level
 * category's slug, "/sections") or NULL.  In the arena; NULL when out of
 * memory.
 */
struct gz_val *gz_app_page(struct gz_ctx *c, const char *current);

/*
 * gz_app_page, also handing back the categories its navigation lists (as
 * nav.categories, in menu order) as model rows in the arena: *top and
 * *ntop (NULL and 0 when there are none or they could not be read), for a
 * page built from the same list (the home page's category blocks).
 */
struct gz_category;
struct gz_val *gz_app_page_nav(struct gz_ctx *c, const char *current, struct gz_category **top,
                               size_t *ntop);

/*
 * Make data.page.lang lang (a BCP 47 tag; an unsupported or empty one
 * reads as GZ_LANG_DEFAULT): a page in another language than the site's,
 * such as an article's own.  data.page.path stays the request's path.
 */
void gz_app_set_page_lang(struct gz_ctx *c, struct gz_val *data, const char *lang);

/*
 * The site's address without a trailing slash, for canonical, Open Graph,
 * feed and sitemap links: the base_url setting once an admin saved one,
 * else the request's scheme and Host (validated by gz_request_finish),
 * else the built-in default.  *from_request (may be NULL) says the
 * request's address was used.  In the request arena or static.
 */
const char *gz_app_base_url(struct gz_ctx *c, int *from_request);

/* ---- newsroom fields (src/app/newsroom.c) ---- */

struct gz_article;

/*
 * Article id's bylines as a list of maps (id, login, name) in order; the
 * owner (login, name) alone when they cannot be read.  In the arena;
 * NULL when out of memory.
 */
struct gz_val *gz_app_bylines_val(struct gz_ctx *c, int64_t id, const char *login,
                                  const char *name);

/*
 * Article id's notes as a list of maps (id, kind, body, author, time,
 * removed), oldest first: all of them with all set, else those shown;
 * only those of kind ("update", "correction") unless kind is NULL.  An
 * empty list when they cannot be read.  In the arena.
 */
struct gz_val *gz_app_notes_val(struct gz_ctx *c, int64_t id, int all, const char *kind);

/*
 * Add to article map m what the newsroom fields give readers: bylines,
 * corrections, updates, modified (the later of updated and published)
 * and social (abs, alt, width, height, picked; or null).
 */
void gz_app_newsroom_article(struct gz_ctx *c, const struct gz_article *a, struct gz_val *m);

struct gz_article_input;
struct gz_article_errors;
struct gz_article_row;

/*
 * Read the editor form's newsroom fields into in (bylines for editors,
 * the social image) and values (what was typed, to show again: bylines,
 * social_image_id, note_kind, note_body); messages for fields that do
 * not parse into pre (src/app/admin/admin_note.c).
 */
void gz_app_newsroom_read(struct gz_ctx *c, struct gz_article_input *in, struct gz_val *values,
                          struct gz_article_errors *pre);

/*
 * Add to the editor's data what its newsroom partial shows: byline_staff,
 * byline_pickers (place, selected, name), byline_names, social_image_id,
 * notes (all, removed ones marked), note_kind, note_body, note_error and
 * tz_name.  values are the form's values (typed or stored); row is the
 * article (NULL: new).  Returns 0, or -1 when out of memory.
 */
int gz_app_newsroom_editor(struct gz_ctx *c, struct gz_val *data, struct gz_val *values,
                           const struct gz_article_row *row, const char *tz_name);

/*
 * The editor of row again with status, the posted form's values kept and
 * note_error beside the note fields (src/app/admin/admin_article.c): for
 * a refused note, so nothing typed in the form is lost.
 */
void gz_app_article_editor_again(struct gz_ctx *c, int status, const struct gz_article_row *row,
                                 const char *note_error);

/* Template value of one category: slug, name, id; in a.  NULL when out of memory. */
struct gz_val *gz_app_category_val(struct gz_arena *a, const struct gz_category *cat);

/*
 * The breadcrumb chain of category id: a list of category values (as
 * gz_app_category_val) from its top-level section down to id itself, in
 * the arena; *top (may be NULL) gets the top-level section's slug, the
 * one the navigation highlights.  An empty list (and *top NULL) for id 0
 * or when the chain cannot be read; NULL only when out of memory.
 */
struct gz_val *gz_app_chain_val(struct gz_ctx *c, int64_t id, const char **top);

/* Set map[key] to a string (NULL becomes "") or an int, in map's arena. */
void gz_app_set_str(struct gz_val *map, const char *key, const char *s);
void gz_app_set_int(struct gz_val *map, const char *key, long long i);

/* "/article/" and the slug percent-encoded (slugs may hold UTF-8 letters), in a. */
const char *gz_app_article_path(struct gz_arena *a, const char *slug);

/* Template values for one article summary / a list of them, in the arena. */
struct gz_val *gz_app_summary_val(struct gz_arena *a, const struct gz_article_summary *s);
struct gz_val *gz_app_summaries_val(struct gz_arena *a, const struct gz_article_summary *items,
                                    size_t n);

/*
 * Library images on pages (src/app/image.c).  The sizes attributes of a
 * story's picture in a listing, an article's lead image and its body's.
 */
struct gz_markdown_image;
struct gz_media_image;
extern const char gz_app_sizes_story[];
extern const char gz_app_sizes_lead[];
extern const char gz_app_sizes_body[];

/*
 * A template map for the image at url (original w x h pixels, alt text
 * alt) whose copies are variants ("<w>x<h> ...", as the listings' query
 * gives them; "" for none): url, src (the widest copy at most want pixels
 * wide, else the narrowest; the original without copies), alt, copies
 * (a list of {url, width}, narrowest first, for srcset: the template
 * writes it, as its URL escaping would encode a finished srcset's spaces)
 * and sizes ("" without copies), width and height (src's), and large,
 * large_width, large_height (the widest copy, else the original: for
 * JSON-LD).  gz_val_null() for an empty url; NULL when out of memory.
 */
const struct gz_val *gz_app_image_val(struct gz_arena *a, const char *url, const char *alt,
                                      int64_t w, int64_t h, const char *variants, const char *sizes,
                                      int64_t want);

/* gz_app_image_val for media image mi (gz_media_image_by_url). */
const struct gz_val *gz_app_image_val_of(struct gz_arena *a, const struct gz_media_image *mi,
                                         const char *alt, const char *sizes, int64_t want);

/* gz_app_image_val for the library image at url, looked up by its address
 * (an address not in the library gets src = url and no size). */
const struct gz_val *gz_app_image_url_val(struct gz_ctx *c, const char *url, const char *alt,
                                          const char *sizes, int64_t want);

/* What gz_app_image_hook reads: where to look images up, where to write. */
struct gz_app_image_ctx {
	struct gz_db *db;       /* the media library */
	struct gz_arena *arena; /* the strings it hands back live here */
};

/*
 * The Markdown renderer's image hook (gazette/markdown.h) for arg, a
 * struct gz_app_image_ctx: a library image gets its copies as srcset
 * (sizes gz_app_sizes_body), src the widest copy at most 960 pixels wide,
 * and that copy's width and height.  Returns 0 for an address not in the
 * library.  Whoever renders bodies (the page, or a stored copy made at
 * save time) passes it in struct gz_markdown_opts.
 */
int gz_app_image_hook(void *arg, const char *url, struct gz_markdown_image *out);

/*
 * Markdown md as trusted HTML (cmark safe mode).  With split_after > 0 and
 * tail non-NULL, the blocks after the split_after-th paragraph go to *tail.
 * NULL when out of memory.
 */
struct gz_val *gz_app_markdown_val(struct gz_arena *a, const char *md, int split_after,
                                   struct gz_val **tail);

/*
 * The body of art as trusted HTML in two parts (the return value and
 * *tail, split for "See also"): the copy stored at save time when current,
 * else rendered now (gazette/body_html.h); the same bytes either way.  In
 * the request arena; NULL when out of memory or the body cannot be
 * rendered.
 */
struct gz_article;
struct gz_val *gz_app_article_body_val(struct gz_ctx *c, const struct gz_article *art,
                                       struct gz_val **tail);

/* An error page for status: themed (templates/error/NNN.html) when possible. */
void gz_app_error(struct gz_ctx *c, int status);

/* Extra data for the themed error pages (the 404 offers search and the latest). */
void gz_app_error_data(struct gz_ctx *c, int status, struct gz_val *data);

/* The Retry-After seconds (static text) for a transient fault: "5" for a
 * lock or the deadline, "60" for a full disk or I/O, "300" when damaged. */
const char *gz_app_retry_after(enum gz_err fault);

/*
 * Saves that meet a fault the writer can outwait (src/app/unsaved.c).
 * gz_app_unsaved_fault: the transient fault behind a failed save, rc
 * itself when it is one (busy, deadline, full, I/O, memory, damaged),
 * else the one the request's connection remembers, else GZ_OK (a real
 * error: 500).  gz_app_unsaved_message: the sentence for the re-shown
 * form, saying why, that nothing typed was lost and when to try again
 * (static text).  gz_app_unsaved_headers: status 503, Retry-After and
 * Cache-Control: private, no-store on resp.
 */
enum gz_err gz_app_unsaved_fault(const struct gz_ctx *c, enum gz_err rc);
const char *gz_app_unsaved_message(enum gz_err fault);
void gz_app_unsaved_headers(struct gz_response *resp, enum gz_err fault);

/*
 * Enforce the route's flags before its handler runs.  Returns 1 to go on,
 * 0 when c->resp already holds the refusal.
 */
int gz_app_guard(struct gz_ctx *c, const struct gz_route *r);

/*
 * True when a state-changing request comes from this site: its Origin (or,
 * without one, its Referer) names the request's own host, or neither header
 * is present (old clients, curl).
 */
int gz_app_same_origin(const struct gz_ctx *c);

/*
 * The cookies that make a page one person's: either session cookie (an
 * editor; only the one for the scheme counts for logging in, but both mark
 * the page) or the commenter cookie (the comment form is prefilled from
 * it).  gz_app_handle sets c->personal from them once per request; such a
 * page is never cached, here or anywhere else.
 */
#define GZ_SESSION_COOKIE_SECURE "__Host-gz_session" /* over https: host-only, Secure, Path=/ */
#define GZ_SESSION_COOKIE_PLAIN "gz_session"         /* plain http (standalone, tests) */
#define GZ_CONSENT_COOKIE "gz_consent"               /* "<accept|reject>.<policy version>.<time>" */
#define GZ_COMMENTER_COOKIE "gz_commenter"           /* "save my details": name|email|url */

/*
 * The consent state of c's reader: cookie "gz_consent" against the
 * setting policy_version.  The cookie is parsed and the setting read on
 * the first call only; later calls in the request return c->consent.
 */
enum gz_consent gz_app_consent(struct gz_ctx *c);

/* Add data.consent: state ("none"|"accept"|"reject"), ask, text, next. */
void gz_app_consent_data(struct gz_ctx *c, struct gz_val *data);

/*
 * A public page: for GET and HEAD without a personal cookie, marks c's
 * answer as one shared caches may keep (c->shared), names the keys every
 * page depends on ("all", "sections": the menu) and sets Cache-Control
 * and Vary; with a personal cookie sets "private, no-store".  The
 * validator waits until the page is rendered and all its keys are known
 * (gz_app_cache_finish), so this returns 0 (render) always; the int stays
 * so a handler reads "if (gz_app_cache(c)) return;" as before.
 */
int gz_app_cache(struct gz_ctx *c);

/*
 * Cache keys (src/app/cache.c; gazette/cache_keys.h says what they mean).
 * gz_app_key: c's answer depends on key (a literal or a string that lives
 * as long as the request; duplicates ignored; past GZ_CTX_KEYS the answer
 * is not kept anywhere).  gz_app_key_id: the key "<prefix><id>", made in
 * the arena.  gz_app_key_article: the request this thread is handling
 * shows article id (its first 40 as "article:ID", then "articles"); a
 * no-op outside gz_app_handle.  gz_app_keys_begin / _end: point that
 * thread-local at c for the length of gz_app_handle.
 */
void gz_app_key(struct gz_ctx *c, const char *key);
void gz_app_key_id(struct gz_ctx *c, const char *prefix, long long id);
void gz_app_key_article(long long id);
void gz_app_keys_begin(struct gz_ctx *c);
void gz_app_keys_end(void);

/*
 * After the handler, for a shared 200 (gz_app_cache was called): read the
 * validator of c's keys (one statement), set ETag (version, due time,
 * consent state), Last-Modified, and xkey and Surrogate-Key (the keys,
 * space-separated) for the caches in front.  Too many keys or a failed
 * read: none of those, and c->no_store.
 */
void gz_app_cache_finish(struct gz_ctx *c);

/*
 * Answer 304 (empty body) when c's 200 carries an ETag the request's
 * If-None-Match names, or, without If-None-Match, a Last-Modified no later
 * than its If-Modified-Since.
 */
void gz_app_cache_conditional(struct gz_ctx *c);

/*
 * The content generation, its change time and the visible mark for c,
 * read from the database on the first call and remembered for the rest of
 * the request (one snapshot for the caches, the validator and the counts).
 */
enum gz_err gz_app_state(struct gz_ctx *c, int64_t *gen, int64_t *changed, int64_t *mark);

/*
 * The stamp (gazette/memo.h) of the content state this request sees, with
 * time slots of slot_seconds (0: none) for lists that change without a
 * write: 1, or 0 when the worker has no memo or the state cannot be read
 * (then nothing may be kept).  src/app/memo.c.
 */
struct gz_memo_stamp;
int gz_app_memo_stamp(struct gz_ctx *c, int64_t slot_seconds, struct gz_memo_stamp *stamp);

/*
 * Read the keyset cursor into q: "?before=<ts>.<id>" (the older page) or
 * "?after=<ts>.<id>" (the newer page), each part 1..INT64_MAX - 1 in plain
 * digits.  Returns 1 when one was given, 0 when none, -1 when it is
 * malformed or both are given (answer 404).
 */
int gz_app_cursor(struct gz_ctx *c, struct gz_list_query *q);

/*
 * The number of visible articles in a listing, remembered per worker until
 * the content generation or the visible mark changes.
 */
enum gz_list_kind;
enum gz_err gz_app_list_total(struct gz_ctx *c, enum gz_list_kind kind, int64_t key,
                              int64_t *total);

/*
 * The page number of a cursor page (q from gz_app_cursor, not the newest
 * page): the "page" argument of Gazette's own links when it lies in
 * 2..the listing's page count, else counted from the cursor's position.
 */
long gz_app_cursor_page(struct gz_ctx *c, enum gz_list_kind kind, int64_t key,
                        const struct gz_list_query *q);

/* The {n} route parameter as a page number: 1 when absent, 0 if invalid. */
long gz_app_page_number(struct gz_ctx *c);

/*
 * Pagination data for a listing page of items (newest first): page, pages,
 * total, next_href (older articles, by cursor: "<numbered><page+1>?before=..."
 * when numbered is given, else "<first>?before=...&page=..."), prev_href
 * (newer articles: first from page 2, "<numbered><page-1>" or
 * "<first>?after=...&page=..." from deeper pages), prev_label and
 * first_href (set from page 3 on).  first is the path of page 1.
 */
struct gz_val *gz_app_pager(struct gz_ctx *c, const char *first, const char *numbered, long page,
                            int64_t total, int per, const struct gz_article_summary *items,
                            size_t n);

/*
 * The worker's page cache: answer w's request from it (returns 1: w->resp
 * is complete, a 200 or a 304) or not (0); store w's finished response.
 * Only public GET/HEAD pages for readers without a session qualify.
 */
struct gz_worker;
struct gz_pagecache;
int gz_pagecache_serve(struct gz_worker *w);
void gz_pagecache_store(struct gz_worker *w);
void gz_pagecache_free(struct gz_pagecache *cache);

/*
 * Old addresses (src/app/old_address.c), for a GET or HEAD: with root 0,
 * one that no route answers; with root 1, "/" with a query.  Answers 301
 * when the redirects table knows the address (one lookup), for
 * WordPress's search ("/?s=x", "/search/x/") and feed ("/comments/feed/")
 * addresses, and for a path a route answers without its trailing slash
 * (query kept); for "/" naming an unknown item ("/?p=999"), 404.  Returns
 * 1 when c->resp holds the answer, 0 when the caller goes on (404 for an
 * unknown path, the front page for "/").
 */
int gz_app_old_address(struct gz_ctx *c, int root);

/*
 * Count one view of article id: in memory only, never waiting on the
 * database; a background thread writes the counts every few seconds
 * (src/app/views.c).
 */
void gz_app_count_view(struct gz_ctx *c, long long id);

/*
 * The view counter's share of a worker's life: gz_worker_init joins once
 * its connection is open; gz_worker_free leaves before closing it, and the
 * last worker out stops the writer thread and writes what is left (with
 * db, when there was no thread).
 */
struct gz_app;
struct gz_db;
void gz_app_views_join(struct gz_app *app);
void gz_app_views_leave(struct gz_db *db);

/*
 * The cache purger's share of a worker's life (src/app/purge.c): the
 * first worker to join starts the thread that sends queued purges to the
 * caches in front, the last to leave stops it.  No-ops for a CGI process.
 */
void gz_app_purge_join(struct gz_app *app);
void gz_app_purge_leave(struct gz_app *app);

/*
 * Render the article page for a into c->resp (status as already set).  The
 * entries of extra (a map, may be NULL) are added to the page data last,
 * so the comment handler can show a form with errors and typed values.
 */
struct gz_article;
void gz_app_article_render(struct gz_ctx *c, const struct gz_article *a,
                           const struct gz_val *extra);

/*
 * Reader comments: the section of the article page (comment_form.c) and
 * the POST that stores one (comment.c).
 */
/* The comment form as typed (or prefilled), validated or not. */
struct gz_app_comment_form {
	const char *name;  /* author name */
	const char *email; /* author e-mail */
	const char *url;   /* author URL or "" */
	const char *body;  /* comment text */
	int64_t parent;    /* comment replied to, 0 for none */
	int save;          /* "save my details" ticked */
	const char *token; /* checked token to show again (a retry is the same post), or NULL */
	const char *nonce; /* its nonce, or NULL: the form gets a fresh pair */
};

/* What a comment form's token says (gz_app_comment_token_check). */
enum gz_app_comment_token {
	GZ_APP_COMMENT_TOKEN_OK = 0, /* signed by us, for this article, in its time window */
	GZ_APP_COMMENT_TOKEN_BAD,    /* missing, malformed, forged, for another article, expired */
	GZ_APP_COMMENT_TOKEN_TOO_FAST, /* genuine but sent sooner than comment_min_seconds */
};

/*
 * Add the comment section of article a to data: "comments" (threaded,
 * approved), "comment_count" and "comment_form" (token, nonce, values
 * prefilled from the commenter cookie, the notice for ?comment=held or
 * received).
 */
void gz_app_comment_section(struct gz_ctx *c, const struct gz_article *a, struct gz_val *data);

/*
 * The comment_form value for f as typed: f's token and nonce when it
 * carries a checked pair, else fresh ones; errors (a map, may be NULL) by
 * field; notice; the action and the reply target.  In the arena; NULL when
 * out of memory.
 */
struct gz_val *gz_app_comment_form_val(struct gz_ctx *c, const struct gz_article *a,
                                       const struct gz_app_comment_form *f, struct gz_val *errors,
                                       const char *notice);

/* Check a form's token and nonce for article_id at c->now. */
enum gz_app_comment_token gz_app_comment_token_check(struct gz_ctx *c, int64_t article_id,
                                                     const char *token, const char *nonce);

/* The longest comment in bytes: setting comment_max_length, else 5000. */
long gz_app_comment_body_max(struct gz_ctx *c);

/*
 * The admin area (src/app/admin/: guard.c, admin_*.c).  The guard fills c->user,
 * c->csrf and, for GZ_ROUTE_MULTIPART posts, c->parts before an admin
 * handler runs, and has already checked the session, the role and the
 * CSRF token; every admin answer carries Cache-Control: private, no-store.
 */

/* The session cookie's name: "__Host-gz_session" over https (only that one
 * is read there), "gz_session" over plain http. */
const char *gz_app_session_cookie(const struct gz_ctx *c);

/* The session token the browser sent, or NULL. */
const char *gz_app_session_token(const struct gz_ctx *c);

/* Set the session cookie to token (HttpOnly, SameSite=Lax, Path=/, Secure
 * over https, no Max-Age), or delete it when token is NULL. */
enum gz_err gz_app_session_set_cookie(struct gz_ctx *c, const char *token);

/*
 * The second-factor gate (admin_login.c), run by the guard once c->user
 * is loaded: when the user's role requires a second factor and the user
 * has none active, a GET is sent to /admin/account/second-factor and a
 * POST refused with 403 (that page and logout excepted).  Returns 1 to go
 * on, 0 when c->resp holds the answer.
 */
int gz_app_mfa_gate(struct gz_ctx *c);

/* 1 when c's user has at least role ("author" < "editor" < "admin"). */
int gz_app_role_at_least(const struct gz_ctx *c, const char *role);

/* 1 when c's user may edit an article by author_id: editors and admins
 * any, authors their own only. */
int gz_app_can_edit_article(const struct gz_ctx *c, int64_t author_id);

/* 1 when c's user may publish or schedule: editors and admins; authors
 * only when the setting allow_author_publish is 1. */
int gz_app_can_publish(struct gz_ctx *c);

/*
 * A form field of an admin POST: from the urlencoded body, or for a
 * multipart body from its text part of that name (NUL-terminated copy in
 * the arena).  NULL when absent.
 */
const char *gz_app_field(struct gz_ctx *c, const char *name);

/* The multipart part named name (a file upload), or NULL. */
const struct gz_part *gz_app_part(const struct gz_ctx *c, const char *name);

/*
 * Page data for an admin page: gz_app_page plus "admin": user (id, login,
 * display_name, role), csrf (put it in every POST form as a hidden field
 * named "csrf": {% include "admin/csrf.html" %}), current (the nav entry
 * to highlight: "dashboard", "articles", "comments", "categories", "tags",
 * "media", "users", "settings", "consent", "account"), is_admin,
 * is_editor.  Templates extend "admin/layout.html".  NULL when out of memory.
 */
struct gz_val *gz_app_admin_page(struct gz_ctx *c, const char *current);

/* Newsroom form readers (src/app/admin/admin_form.c).  A field trimmed of
 * surrounding whitespace, "" when absent, in the arena. */
const char *gz_app_trimmed(struct gz_ctx *c, const char *name);

/* The route parameter name as a positive id, 0 when it is not one. */
int64_t gz_app_param_id(struct gz_ctx *c, const char *name);

/*
 * The verdict on loading the row an admin page is about: 1 when rc is
 * GZ_OK; else answers 404 (GZ_ENOTFOUND) or 500 and returns 0.  Handlers
 * pass GZ_ENOTFOUND themselves for an {id} that is not a number, e.g.
 *   return gz_app_loaded(c, id ? gz_tag_get(c->db, c->arena, id, t) : GZ_ENOTFOUND);
 */
int gz_app_loaded(struct gz_ctx *c, enum gz_err rc);

/* A field as an id: 0 when empty, absent or "0", -1 when not an id. */
int64_t gz_app_field_id(struct gz_ctx *c, const char *name);

/* The positive ids among the urlencoded fields called name (repeated
 * checkboxes), at most max, into ids; returns how many. */
size_t gz_app_field_ids(struct gz_ctx *c, const char *name, int64_t *ids, size_t max);

/* The box the header's logo is drawn in: this high, at most this wide. */
#define GZ_APP_LOGO_HEIGHT 48
#define GZ_APP_LOGO_WIDTH_MAX 320

/*
 * The admin's site furniture for the layout (site_nav.c): site.logo and
 * site.favicon (maps with url, abs, mime, width, height; the logo also
 * show_width and show_height, its box in the header; null when unset),
 * site.theme_color ("#rrggbb" or ""), nav.menu and nav.footer (the header
 * and footer menus as lists of label, href, current, children; null when
 * empty, and the layout keeps its automatic links).  current is the
 * layout's nav.current.
 */
void gz_app_site_nav(struct gz_ctx *c, struct gz_val *site, struct gz_val *nav,
                     const char *current);

/*
 * Why s cannot be the theme colour, or NULL: "#" and six lower-case hex
 * digits, dark enough for text on white and white text on it (WCAG AA,
 * 4.5:1).  Static English, marked for the catalogs.
 */
const char *gz_app_color_problem(const char *s);

/*
 * Route handlers, named gz_handle_<what> so a call site shows its layer
 * (gz_handle_article_show answers a request, gz_article_by_slug is the
 * model), one file per resource: the readers' in src/app/reader, the
 * newsroom's in src/app/admin.
 */
gz_handler_fn gz_handle_home_show;
gz_handler_fn gz_handle_article_show;
gz_handler_fn gz_handle_category_show;
gz_handler_fn gz_handle_tag_show;
gz_handler_fn gz_handle_author_show;
gz_handler_fn gz_handle_search_show;
gz_handler_fn gz_handle_feed_rss;
gz_handler_fn gz_handle_feed_atom;
gz_handler_fn gz_handle_feed_category;
gz_handler_fn gz_handle_feed_tag;
gz_handler_fn gz_handle_feed_author;
gz_handler_fn gz_handle_feed_comments;
gz_handler_fn gz_handle_archive_index;
gz_handler_fn gz_handle_archive_month;
gz_handler_fn gz_handle_sections_show;
gz_handler_fn gz_handle_sitemap_index;
gz_handler_fn gz_handle_sitemap_articles;
gz_handler_fn gz_handle_sitemap_news;
gz_handler_fn gz_handle_robots_show;
gz_handler_fn gz_handle_privacy_show;
gz_handler_fn gz_handle_page_show;
gz_handler_fn gz_handle_consent_post;
gz_handler_fn gz_handle_comment_post;
gz_handler_fn gz_handle_admin_pages;
gz_handler_fn gz_handle_admin_page_edit;
gz_handler_fn gz_handle_admin_page_update;
gz_handler_fn gz_handle_admin_page_new;
gz_handler_fn gz_handle_admin_page_create;
gz_handler_fn gz_handle_admin_page_delete;
gz_handler_fn gz_handle_admin_menus;
gz_handler_fn gz_handle_admin_menu_create;
gz_handler_fn gz_handle_admin_menu_edit;
gz_handler_fn gz_handle_admin_menu_update;
gz_handler_fn gz_handle_admin_menu_move;
gz_handler_fn gz_handle_admin_menu_delete;
gz_handler_fn gz_handle_admin_branding;
gz_handler_fn gz_handle_admin_branding_update;
gz_handler_fn gz_handle_favicon_show;
gz_handler_fn gz_handle_theme_css;
gz_handler_fn gz_handle_admin_comments;
gz_handler_fn gz_handle_admin_comments_post;
gz_handler_fn gz_handle_admin_comment_edit;
gz_handler_fn gz_handle_admin_comment_update;
gz_handler_fn gz_handle_admin_comment_reply;
gz_handler_fn gz_handle_admin_login_form;
gz_handler_fn gz_handle_admin_login_post;
gz_handler_fn gz_handle_admin_login_code_form;
gz_handler_fn gz_handle_admin_login_code_post;
gz_handler_fn gz_handle_admin_reset_form;
gz_handler_fn gz_handle_admin_reset_post;
gz_handler_fn gz_handle_admin_logout;
gz_handler_fn gz_handle_admin_dashboard;
gz_handler_fn gz_handle_admin_users;
gz_handler_fn gz_handle_admin_user_new;
gz_handler_fn gz_handle_admin_user_create;
gz_handler_fn gz_handle_admin_user_edit;
gz_handler_fn gz_handle_admin_user_update;
gz_handler_fn gz_handle_admin_account;
gz_handler_fn gz_handle_admin_account_update;
gz_handler_fn gz_handle_admin_mfa;
gz_handler_fn gz_handle_admin_mfa_update;
gz_handler_fn gz_handle_admin_user_security;
gz_handler_fn gz_handle_admin_user_security_update;
gz_handler_fn gz_handle_admin_settings;
gz_handler_fn gz_handle_admin_settings_update;
gz_handler_fn gz_handle_admin_consent;
gz_handler_fn gz_handle_admin_consent_csv;
gz_handler_fn gz_handle_admin_articles;
gz_handler_fn gz_handle_admin_article_new;
gz_handler_fn gz_handle_admin_article_create;
gz_handler_fn gz_handle_admin_article_edit;
gz_handler_fn gz_handle_admin_article_update;
gz_handler_fn gz_handle_admin_article_revisions;
gz_handler_fn gz_handle_admin_article_restore;
gz_handler_fn gz_handle_admin_article_delete;
gz_handler_fn gz_handle_admin_note_add;
gz_handler_fn gz_handle_admin_note_remove;
gz_handler_fn gz_handle_admin_articles_bulk;
gz_handler_fn gz_handle_admin_article_autosave;
gz_handler_fn gz_handle_admin_article_autosave_new;
gz_handler_fn gz_handle_admin_autosave_discard;
gz_handler_fn gz_handle_admin_preview;
gz_handler_fn gz_handle_admin_categories;
gz_handler_fn gz_handle_admin_category_create;
gz_handler_fn gz_handle_admin_category_edit;
gz_handler_fn gz_handle_admin_category_update;
gz_handler_fn gz_handle_admin_category_delete;
gz_handler_fn gz_handle_admin_tags;
gz_handler_fn gz_handle_admin_tag_create;
gz_handler_fn gz_handle_admin_tag_edit;
gz_handler_fn gz_handle_admin_tag_update;
gz_handler_fn gz_handle_admin_tag_merge;
gz_handler_fn gz_handle_admin_tag_delete;
gz_handler_fn gz_handle_admin_media;
gz_handler_fn gz_handle_admin_media_upload;
gz_handler_fn gz_handle_admin_media_picker;
gz_handler_fn gz_handle_admin_media_item;
gz_handler_fn gz_handle_admin_media_update;
gz_handler_fn gz_handle_admin_media_delete;
gz_handler_fn gz_handle_admin_audit;
gz_handler_fn gz_handle_admin_audit_retention;
gz_handler_fn gz_handle_admin_personal;
gz_handler_fn gz_handle_admin_personal_find;
gz_handler_fn gz_handle_admin_personal_export;
gz_handler_fn gz_handle_admin_personal_erase;

#endif
