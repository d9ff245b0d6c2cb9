/*
 * The header and footer menus an admin builds (table menu_items, sql/
 * 015_site_nav.sql).  An item links to a section, a page or a web address,
 * has a label (or shows its target's name), an order among its siblings,
 * and may sit under one top-level item of the same menu (one level of
 * nesting, no deeper).  The module stores, orders and validates items; it
 * knows nothing of HTML or of the automatic section menu a site shows
 * while its header menu is empty (src/app/render.c decides that).
 */
#ifndef GAZETTE_MENU_H
#define GAZETTE_MENU_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;

#define GZ_MENU_ITEMS_MAX 100 /* items in one menu, children included */
#define GZ_MENU_LABEL_MAX 100 /* bytes in a label */
#define GZ_MENU_URL_MAX 500   /* bytes in a link's address */

#define GZ_MENU_HEADER "header" /* the menu under the masthead */
#define GZ_MENU_FOOTER "footer" /* the menu in the footer */

#define GZ_MENU_CATEGORY "category" /* kind: a section, /category/{slug} */
#define GZ_MENU_PAGE "page"         /* kind: a static page, /p/{slug} */
#define GZ_MENU_LINK "link"         /* kind: a web address */

/* One menu item as stored, with what its target is called now. */
struct gz_menu_item {
	int64_t id;              /* menu_items.id */
	const char *menu;        /* GZ_MENU_HEADER or GZ_MENU_FOOTER */
	int64_t parent_id;       /* the item it sits under, 0 at the top */
	int64_t position;        /* order among its siblings, smaller first */
	const char *label;       /* the admin's label, "" for the target's name */
	const char *kind;        /* GZ_MENU_CATEGORY, GZ_MENU_PAGE or GZ_MENU_LINK */
	int64_t category_id;     /* a section item's category, else 0 */
	int64_t page_id;         /* a page item's page, else 0 */
	const char *url;         /* a link item's address, else "" */
	const char *target_name; /* the section's name or the page's title, else "" */
	const char *target_slug; /* the section's or the page's slug, else "" */
	int target_public;       /* 0 for a page that is a draft, else 1 */
};

/* What an admin asks an item to be (gz_menu_save). */
struct gz_menu_edit {
	const char *menu;    /* GZ_MENU_HEADER or GZ_MENU_FOOTER (new items only) */
	int64_t parent_id;   /* a top-level item of the same menu, or 0 */
	const char *label;   /* may be "" except for a link */
	const char *kind;    /* GZ_MENU_CATEGORY, GZ_MENU_PAGE or GZ_MENU_LINK */
	int64_t category_id; /* for a section item */
	int64_t page_id;     /* for a page item */
	const char *url;     /* for a link item */
};

/*
 * Why url cannot be a menu link, or NULL when it can: an absolute http://
 * or https:// address with a host, or a path on this site starting with
 * one "/" (not "//", which leaves the site); at most GZ_MENU_URL_MAX bytes,
 * no spaces, quotes, angle brackets, backslashes or control characters.
 * javascript:, data: and every other scheme are refused.  Static English,
 * marked for the catalogs.
 */
const char *gz_menu_url_problem(const char *url);

/*
 * The items of menu (GZ_MENU_HEADER or GZ_MENU_FOOTER) in display order:
 * each top-level item followed by its children, each level by position
 * then id; at most GZ_MENU_ITEMS_MAX.  *out is an array of *n in arena
 * (NULL when the menu is empty).
 */
enum gz_err gz_menu_items(struct gz_db *db, struct gz_arena *arena, const char *menu,
                          struct gz_menu_item **out, size_t *n);

/* Item id, strings in arena; GZ_ENOTFOUND. */
enum gz_err gz_menu_get(struct gz_db *db, struct gz_arena *arena, int64_t id,
                        struct gz_menu_item *out);

/*
 * Create (id 0: at the end of its siblings; *newid set) or change item id
 * as e says, and bump the generation, in one transaction.  When e is
 * refused: GZ_EINVAL with *field (the form field: "menu", "target",
 * "url", "label" or "parent") and *why (static English, marked) set.
 * The rules: the menu is header or footer (an existing item keeps its
 * own; e->menu is ignored); the target exists (GZ_EINVAL on "target"
 * otherwise); a link's url passes gz_menu_url_problem and it has a label;
 * a label is valid UTF-8 without controls, at most GZ_MENU_LABEL_MAX
 * bytes; the parent is a top-level item of the same menu, not the item
 * itself, and an item with children stays at the top; a menu holds at
 * most GZ_MENU_ITEMS_MAX items (GZ_ETOOBIG with *why).  An item moved
 * under another parent goes to the end of its new siblings.
 * GZ_ENOTFOUND when id names no item.
 */
enum gz_err gz_menu_save(struct gz_db *db, int64_t id, const struct gz_menu_edit *e, int64_t *newid,
                         const char **field, const char **why);

/*
 * Move item id one place up (dir < 0) or down (dir > 0) among its
 * siblings, renumbering them 0, 1, 2... in their order, and bump the
 * generation.  The first item moved up or the last moved down stays (GZ_OK,
 * nothing written).  GZ_ENOTFOUND.
 */
enum gz_err gz_menu_move(struct gz_db *db, int64_t id, int dir);

/* Delete item id and the items under it; bump the generation.
 * GZ_ENOTFOUND. */
enum gz_err gz_menu_delete(struct gz_db *db, int64_t id);

#endif
