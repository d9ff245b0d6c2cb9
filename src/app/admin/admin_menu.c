/*
 * The menu editor (admins): GET/POST /admin/menus shows the header and
 * footer menus and adds an item; /admin/menus/{id} edits one; .../move
 * moves it up or down among its siblings and .../delete removes it (with
 * the items under it).  Every action is a plain form, so the editor works
 * without JavaScript.  An item's target is one select whose values say
 * what they name: "c:ID" a section, "p:ID" a page, "link" the address
 * typed in the url field.  The rules an item obeys are the menu model's
 * (menu.h); this file turns form fields into a gz_menu_edit and the
 * model's refusals into messages beside the fields.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/category.h"
#include "gazette/i18n.h"
#include "gazette/menu.h"
#include "gazette/page.h"
#include "gazette/str.h"
#include "../internal.h"

/* The target select's value for item m: "c:ID", "p:ID" or "link". */
static const char *
target_value(struct gz_arena *a, const struct gz_menu_item *m)
{
	if (strcmp(m->kind, GZ_MENU_CATEGORY) == 0) {
		return gz_arena_printf(a, "c:%lld", (long long)m->category_id);
	}
	if (strcmp(m->kind, GZ_MENU_PAGE) == 0) {
		return gz_arena_printf(a, "p:%lld", (long long)m->page_id);
	}
	return "link";
}

/* The form's fields as typed (strings, never NULL), shown again on refusal. */
struct typed {
	const char *menu;   /* "header" or "footer" */
	const char *target; /* "c:ID", "p:ID" or "link" */
	const char *url;    /* a link's address */
	const char *label;  /* the label, may be "" */
	const char *parent; /* the parent's id, "" or "0" for the top */
};

/* Read the posted fields into *t. */
static void
read_typed(struct gz_ctx *c, struct typed *t)
{
	t->menu = gz_app_trimmed(c, "menu");
	t->target = gz_app_trimmed(c, "target");
	t->url = gz_app_trimmed(c, "url");
	t->label = gz_app_trimmed(c, "label");
	t->parent = gz_app_trimmed(c, "parent");
}

/* s as a positive id, 0 when it is not one. */
static int64_t
to_id(const char *s)
{
	long v;

	if (s == NULL || gz_str_to_long(s, 1, 0x7fffffffffffffffL, &v) != GZ_OK) {
		return 0;
	}
	return v;
}

/* t as an edit for the model; an unreadable target becomes kind "". */
static void
to_edit(const struct typed *t, struct gz_menu_edit *e)
{
	memset(e, 0, sizeof(*e));
	e->menu = t->menu;
	e->label = t->label;
	e->url = t->url;
	e->parent_id = to_id(t->parent);
	e->kind = "";
	if (strncmp(t->target, "c:", 2) == 0) {
		e->kind = GZ_MENU_CATEGORY;
		e->category_id = to_id(t->target + 2);
	} else if (strncmp(t->target, "p:", 2) == 0) {
		e->kind = GZ_MENU_PAGE;
		e->page_id = to_id(t->target + 2);
	} else if (strcmp(t->target, "link") == 0) {
		e->kind = GZ_MENU_LINK;
	}
}

/* A template map of item m (its shown label, where it leads, its place). */
static struct gz_val *
item_val(struct gz_arena *a, const struct gz_menu_item *m)
{
	struct gz_val *v = gz_val_map_new(a);

	if (v == NULL) {
		return NULL;
	}
	gz_app_set_int(v, "id", m->id);
	gz_app_set_str(v, "sid", gz_arena_printf(a, "%lld", (long long)m->id));
	gz_app_set_str(v, "label", m->label[0] != '\0' ? m->label : m->target_name);
	gz_app_set_str(v, "kind", m->kind);
	gz_app_set_str(v, "url", m->url);
	gz_app_set_str(v, "target_name", m->target_name);
	gz_app_set_int(v, "child", m->parent_id != 0);
	gz_app_set_int(v, "draft", !m->target_public);
	return v;
}

/*
 * The items of menu as template maps, each with "first" and "last" among
 * its siblings (the move buttons it offers), into *list; the top-level
 * items (for the parent select) into *tops.  0, or -1 after a 500.
 */
static int
menu_vals(struct gz_ctx *c, const char *menu, struct gz_val **list, struct gz_val **tops)
{
	struct gz_menu_item *items;
	struct gz_val *v;
	size_t n, i, j;

	*list = gz_val_list_new(c->arena);
	*tops = gz_val_list_new(c->arena);
	if (*list == NULL || *tops == NULL ||
	    gz_menu_items(c->db, c->arena, menu, &items, &n) != GZ_OK) {
		gz_app_error(c, 500);
		return -1;
	}
	for (i = 0; i < n; i++) {
		int first = 1, last = 1;

		if ((v = item_val(c->arena, &items[i])) == NULL) {
			gz_app_error(c, 500);
			return -1;
		}
		/* Siblings share a parent; the list is in display order. */
		for (j = 0; j < n; j++) {
			if (j != i && items[j].parent_id == items[i].parent_id) {
				if (j < i) {
					first = 0;
				} else {
					last = 0;
				}
			}
		}
		gz_val_map_set(v, "first", gz_val_bool(first));
		gz_val_map_set(v, "last", gz_val_bool(last));
		gz_val_list_push(*list, v);
		if (items[i].parent_id == 0) {
			gz_val_list_push(*tops, v);
		}
	}
	return 0;
}

/* data.sections and data.pages: the targets the select offers. */
static int
target_options(struct gz_ctx *c, struct gz_val *data)
{
	struct gz_val *cats = gz_val_list_new(c->arena), *pages = gz_val_list_new(c->arena), *m;
	struct gz_category *cl;
	struct gz_page *pl;
	size_t nc, np, i;

	if (cats == NULL || pages == NULL || gz_category_list(c->db, c->arena, &cl, &nc) != GZ_OK ||
	    gz_page_list(c->db, c->arena, &pl, &np) != GZ_OK) {
		return -1;
	}
	for (i = 0; i < nc; i++) {
		if ((m = gz_val_map_new(c->arena)) == NULL) {
			return -1;
		}
		gz_app_set_str(m, "value",
		               gz_arena_printf(c->arena, "c:%lld", (long long)cl[i].id));
		gz_app_set_str(m, "name", cl[i].name);
		gz_val_map_set(m, "sub", gz_val_bool(cl[i].parent_id != 0));
		gz_val_list_push(cats, m);
	}
	for (i = 0; i < np; i++) {
		if ((m = gz_val_map_new(c->arena)) == NULL) {
			return -1;
		}
		gz_app_set_str(m, "value",
		               gz_arena_printf(c->arena, "p:%lld", (long long)pl[i].id));
		gz_app_set_str(m, "name", pl[i].title);
		gz_val_map_set(m, "draft", gz_val_bool(strcmp(pl[i].status, GZ_PAGE_DRAFT) == 0));
		gz_val_list_push(pages, m);
	}
	gz_val_map_set(data, "sections", cats);
	gz_val_map_set(data, "pages", pages);
	return 0;
}

/* A map of the form's error messages with every field present (null), so
 * strict templates can ask for any of them. */
static struct gz_val *
errors_new(struct gz_arena *a)
{
	static const char *const keys[] = {"menu", "target", "url", "label", "parent"};
	struct gz_val *m = gz_val_map_new(a);
	size_t i;

	for (i = 0; m != NULL && i < sizeof(keys) / sizeof(keys[0]); i++) {
		gz_val_map_set(m, keys[i], gz_val_null());
	}
	return m;
}

/* The typed values as a template map. */
static struct gz_val *
typed_val(struct gz_arena *a, const struct typed *t)
{
	struct gz_val *v = gz_val_map_new(a);

	if (v != NULL) {
		gz_app_set_str(v, "menu", t->menu);
		gz_app_set_str(v, "target", t->target);
		gz_app_set_str(v, "url", t->url);
		gz_app_set_str(v, "label", t->label);
		gz_app_set_str(v, "parent", t->parent);
	}
	return v;
}

/* Render the editor with both menus (data.menus: key, items, tops), the
 * add form holding t, and errors (NULL for none) and a notice (static,
 * marked; NULL for none). */
static void
render_menus(struct gz_ctx *c, int status, const struct typed *t, struct gz_val *errors,
             const char *notice)
{
	static const char *const keys[] = {GZ_MENU_HEADER, GZ_MENU_FOOTER};
	struct gz_val *data = gz_app_admin_page(c, "menus"), *menus = gz_val_list_new(c->arena);
	struct gz_val *items, *tops, *m;
	size_t i;

	if (data == NULL || menus == NULL) {
		gz_app_error(c, 500);
		return;
	}
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (menu_vals(c, keys[i], &items, &tops) != 0) {
			return;
		}
		if ((m = gz_val_map_new(c->arena)) == NULL) {
			gz_app_error(c, 500);
			return;
		}
		gz_app_set_str(m, "key", keys[i]);
		gz_val_map_set(m, "items", items);
		gz_val_map_set(m, "tops", tops);
		gz_val_list_push(menus, m);
	}
	if (target_options(c, data) != 0) {
		gz_app_error(c, 500);
		return;
	}
	gz_val_map_set(data, "menus", menus);
	gz_val_map_set(data, "values", typed_val(c->arena, t));
	gz_val_map_set(data, "errors", errors ? errors : errors_new(c->arena));
	gz_app_set_str(data, "notice", notice);
	c->resp->status = status;
	gz_app_render(c, "admin/menus.html", data);
}

void
gz_handle_admin_menus(struct gz_ctx *c)
{
	static const struct typed empty = {"header", "", "", "", ""};
	const char *done = gz_request_arg(c->req, "done"), *notice = NULL;

	if (done != NULL && strcmp(done, "added") == 0) {
		notice = GZ_N_("The item was added.");
	} else if (done != NULL && strcmp(done, "saved") == 0) {
		notice = GZ_N_("The item was saved.");
	} else if (done != NULL && strcmp(done, "deleted") == 0) {
		notice = GZ_N_("The item was deleted.");
	} else if (done != NULL && strcmp(done, "moved") == 0) {
		notice = GZ_N_("The item was moved.");
	}
	render_menus(c, 200, &empty, NULL, notice);
}

/* The refusal of a save (field and why from gz_menu_save) as an errors map. */
static struct gz_val *
refusal(struct gz_ctx *c, const char *field, const char *why)
{
	struct gz_val *errors = errors_new(c->arena);

	if (errors != NULL) {
		gz_app_set_str(errors, field != NULL ? field : "target",
		               why != NULL ? why : GZ_N_("The item could not be saved."));
	}
	return errors;
}

void
gz_handle_admin_menu_create(struct gz_ctx *c)
{
	const char *field, *why;
	struct gz_menu_edit e;
	struct typed t;
	enum gz_err rc;
	int64_t id;

	read_typed(c, &t);
	to_edit(&t, &e);
	rc = gz_menu_save(c->db, 0, &e, &id, &field, &why);
	if (rc == GZ_EINVAL || rc == GZ_ETOOBIG) {
		render_menus(c, 422, &t, refusal(c, field, why), NULL);
		return;
	}
	if (rc != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	gz_response_redirect(c->resp, 303, "/admin/menus?done=added");
}

/* Render item m's edit page with the typed values t and errors. */
static void
render_item(struct gz_ctx *c, int status, const struct gz_menu_item *m, const struct typed *t,
            struct gz_val *errors)
{
	struct gz_val *data = gz_app_admin_page(c, "menus"), *list, *tops, *item;

	if (data == NULL || menu_vals(c, m->menu, &list, &tops) != 0) {
		if (data == NULL) {
			gz_app_error(c, 500);
		}
		return;
	}
	if (target_options(c, data) != 0 || (item = item_val(c->arena, m)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	gz_app_set_str(item, "menu", m->menu);
	gz_val_map_set(data, "item", item);
	gz_val_map_set(data, "tops", tops);
	gz_val_map_set(data, "values", typed_val(c->arena, t));
	gz_val_map_set(data, "errors", errors ? errors : errors_new(c->arena));
	c->resp->status = status;
	gz_app_render(c, "admin/menu_item.html", data);
}

/* Load the item of the {id} parameter; 0 after a 404/500. */
static int
load_item(struct gz_ctx *c, struct gz_menu_item *m)
{
	int64_t id = gz_app_param_id(c, "id");

	return gz_app_loaded(c, id != 0 ? gz_menu_get(c->db, c->arena, id, m) : GZ_ENOTFOUND);
}

void
gz_handle_admin_menu_edit(struct gz_ctx *c)
{
	struct gz_menu_item m;
	struct typed t;

	if (!load_item(c, &m)) {
		return;
	}
	t.menu = m.menu;
	t.target = target_value(c->arena, &m);
	t.url = m.url;
	t.label = m.label;
	t.parent =
	    m.parent_id != 0 ? gz_arena_printf(c->arena, "%lld", (long long)m.parent_id) : "";
	render_item(c, 200, &m, &t, NULL);
}

void
gz_handle_admin_menu_update(struct gz_ctx *c)
{
	const char *field, *why;
	struct gz_menu_item m;
	struct gz_menu_edit e;
	struct typed t;
	enum gz_err rc;

	if (!load_item(c, &m)) {
		return;
	}
	read_typed(c, &t);
	t.menu = m.menu;
	to_edit(&t, &e);
	rc = gz_menu_save(c->db, m.id, &e, NULL, &field, &why);
	if (rc == GZ_EINVAL) {
		render_item(c, 422, &m, &t, refusal(c, field, why));
		return;
	}
	if (rc != GZ_OK) {
		gz_app_error(c, rc == GZ_ENOTFOUND ? 404 : 500);
		return;
	}
	gz_response_redirect(c->resp, 303, "/admin/menus?done=saved");
}

void
gz_handle_admin_menu_move(struct gz_ctx *c)
{
	const char *dir = gz_app_trimmed(c, "dir");
	int64_t id = gz_app_param_id(c, "id");
	enum gz_err rc;

	if (strcmp(dir, "up") != 0 && strcmp(dir, "down") != 0) {
		gz_app_error(c, 400);
		return;
	}
	rc = id != 0 ? gz_menu_move(c->db, id, strcmp(dir, "up") == 0 ? -1 : 1) : GZ_ENOTFOUND;
	if (rc != GZ_OK) {
		gz_app_error(c, rc == GZ_ENOTFOUND ? 404 : 500);
		return;
	}
	/* Back to the item, so a keyboard user can move it again. */
	gz_response_redirect(
	    c->resp, 303,
	    gz_arena_printf(c->arena, "/admin/menus?done=moved#item-%lld", (long long)id));
}

void
gz_handle_admin_menu_delete(struct gz_ctx *c)
{
	int64_t id = gz_app_param_id(c, "id");
	enum gz_err rc = id != 0 ? gz_menu_delete(c->db, id) : GZ_ENOTFOUND;

	if (rc != GZ_OK) {
		gz_app_error(c, rc == GZ_ENOTFOUND ? 404 : 500);
		return;
	}
	gz_response_redirect(c->resp, 303, "/admin/menus?done=deleted");
}
