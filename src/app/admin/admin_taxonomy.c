/*
 * Categories and tags in the admin area (editors and admins; the route
 * flags say so): category list, create, edit (name, slug, parent,
 * description, position) and delete with a choice of moving its articles
 * to another category or leaving them uncategorised; tag list with counts,
 * create, rename, merge one into another, delete.  The models validate and
 * write; this file turns their answers into pages and field messages.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/audit.h"
#include "gazette/category.h"
#include "gazette/i18n.h"
#include "gazette/str.h"
#include "gazette/tag.h"
#include "gazette/user.h"
#include "../internal.h"

/* An errors map with the given keys set to null. */
static struct gz_val *
null_errors(struct gz_arena *a, const char *const *keys, size_t n)
{
	struct gz_val *m = gz_val_map_new(a);
	size_t i;

	for (i = 0; m != NULL && i < n; i++) {
		gz_val_map_set(m, keys[i], gz_val_null());
	}
	return m;
}

static const char *const cat_keys[] = {"name", "slug", "parent", "description", "position"};
#define CAT_NKEYS (sizeof(cat_keys) / sizeof(cat_keys[0]))

/* A template map for category c (with its article count when count >= 0). */
static struct gz_val *
category_val(struct gz_arena *a, const struct gz_category *cat, int64_t count)
{
	struct gz_val *m = gz_val_map_new(a);

	if (m == NULL) {
		return NULL;
	}
	gz_app_set_int(m, "id", cat->id);
	gz_app_set_str(m, "name", cat->name);
	gz_app_set_str(m, "slug", cat->slug);
	gz_app_set_str(m, "description", cat->description);
	gz_app_set_int(m, "parent_id", cat->parent_id);
	gz_app_set_int(m, "position", cat->position);
	gz_app_set_int(m, "count", count);
	return m;
}

/* Every category as template maps, with counts and parent names. */
static struct gz_val *
categories_val(struct gz_ctx *c)
{
	struct gz_val *list = gz_val_list_new(c->arena), *m;
	struct gz_category *cat;
	int64_t count;
	size_t n, i, j;

	if (list == NULL || gz_category_list(c->db, c->arena, &cat, &n) != GZ_OK) {
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (gz_category_count_articles(c->db, cat[i].id, &count) != GZ_OK ||
		    (m = category_val(c->arena, &cat[i], count)) == NULL) {
			return NULL;
		}
		gz_app_set_str(m, "parent", "");
		for (j = 0; j < n; j++) {
			if (cat[j].id == cat[i].parent_id) {
				gz_app_set_str(m, "parent", cat[j].name);
			}
		}
		gz_val_list_push(list, m);
	}
	return list;
}

/* Read the category form into *c and the typed values; errors for
 * fields that do not parse.  Returns 1 when something failed to parse. */
static int
read_category(struct gz_ctx *c, struct gz_category *cat, struct gz_val *values,
              struct gz_val *errors)
{
	const char *pos = gz_app_trimmed(c, "position");
	long position = 0;
	int bad = 0;

	cat->name = gz_app_trimmed(c, "name");
	cat->slug = gz_app_trimmed(c, "slug");
	cat->description = gz_app_trimmed(c, "description");
	cat->parent_id = gz_app_field_id(c, "parent_id");
	if (pos[0] != '\0' && gz_str_to_long(pos, -1000000, 1000000, &position) != GZ_OK) {
		gz_app_set_str(errors, "position", GZ_N_("Use a whole number."));
		bad = 1;
	}
	cat->position = position;
	if (cat->parent_id < 0) {
		gz_app_set_str(errors, "parent", GZ_N_("Choose a parent from the list."));
		cat->parent_id = 0;
		bad = 1;
	}
	gz_app_set_str(values, "name", cat->name);
	gz_app_set_str(values, "slug", cat->slug);
	gz_app_set_str(values, "description", cat->description);
	gz_app_set_int(values, "parent_id", cat->parent_id);
	gz_app_set_str(values, "position", pos);
	return bad;
}

/* The message for a refused category field. */
static void
category_error(struct gz_val *errors, enum gz_err rc, const char *field)
{
	const char *msg;

	if (field == NULL) {
		return;
	}
	if (strcmp(field, "name") == 0) {
		msg = GZ_N_("Give the category a name of at most 100 characters, on one line.");
	} else if (strcmp(field, "slug") == 0) {
		msg =
		    rc == GZ_ECONFLICT
		        ? GZ_N_("Another category already uses this slug.")
		        : GZ_N_(
		              "Use lowercase letters, digits and single dashes, at most 100 bytes "
		              "(or leave it empty).");
	} else if (strcmp(field, "parent") == 0) {
		msg = GZ_N_("A category cannot sit inside itself or one of its subcategories.");
	} else {
		msg = GZ_N_("Use at most 2000 characters of plain text.");
	}
	gz_app_set_str(errors, field, msg);
}

/* Render the category list with the new-category form. */
static void
render_categories(struct gz_ctx *c, int status, struct gz_val *values, struct gz_val *errors)
{
	struct gz_val *data = gz_app_admin_page(c, "categories"), *list = categories_val(c);
	const char *done = gz_request_arg(c->req, "done");

	if (data == NULL || list == NULL) {
		gz_app_error(c, 500);
		return;
	}
	if (values == NULL && (values = gz_val_map_new(c->arena)) != NULL) {
		gz_app_set_str(values, "name", "");
		gz_app_set_str(values, "slug", "");
		gz_app_set_str(values, "description", "");
		gz_app_set_int(values, "parent_id", 0);
		gz_app_set_str(values, "position", "0");
	}
	gz_val_map_set(data, "categories", list);
	gz_val_map_set(data, "values", values);
	gz_val_map_set(data, "errors",
	               errors != NULL ? errors : null_errors(c->arena, cat_keys, CAT_NKEYS));
	gz_val_map_set(data, "notice",
	               done != NULL && strcmp(done, "deleted") == 0
	                   ? gz_val_str(c->arena, GZ_N_("The category was deleted."))
	                   : gz_val_null());
	c->resp->status = status;
	gz_app_render(c, "admin/categories.html", data);
}

void
gz_handle_admin_categories(struct gz_ctx *c)
{
	render_categories(c, 200, NULL, NULL);
}

void
gz_handle_admin_category_create(struct gz_ctx *c)
{
	struct gz_val *values = gz_val_map_new(c->arena);
	struct gz_val *errors = null_errors(c->arena, cat_keys, CAT_NKEYS);
	struct gz_category cat = {0};
	const char *field;
	enum gz_err rc;

	if (values == NULL || errors == NULL) {
		gz_app_error(c, 500);
		return;
	}
	if (read_category(c, &cat, values, errors)) {
		render_categories(c, 422, values, errors);
		return;
	}
	rc = gz_category_save(c->db, c->arena, &cat, &field);
	if (rc == GZ_EINVAL || rc == GZ_ECONFLICT) {
		category_error(errors, rc, field);
		render_categories(c, 422, values, errors);
		return;
	}
	if (rc != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	gz_response_redirect(
	    c->resp, 303,
	    gz_arena_printf(c->arena, "/admin/categories/%lld?done=created", (long long)cat.id));
}

/* Render the edit page of category c with values and errors (NULL: from c). */
static void
render_category(struct gz_ctx *c, int status, const struct gz_category *cat, struct gz_val *values,
                struct gz_val *errors, const char *notice)
{
	struct gz_val *data = gz_app_admin_page(c, "categories"), *list = categories_val(c);
	int64_t count = 0;

	if (data == NULL || list == NULL ||
	    gz_category_count_articles(c->db, cat->id, &count) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	if (values == NULL) {
		values = category_val(c->arena, cat, count);
		gz_app_set_str(values, "position",
		               gz_arena_printf(c->arena, "%lld", (long long)cat->position));
	}
	gz_val_map_set(data, "category", category_val(c->arena, cat, count));
	gz_val_map_set(data, "categories", list);
	gz_val_map_set(data, "values", values);
	gz_val_map_set(data, "errors",
	               errors != NULL ? errors : null_errors(c->arena, cat_keys, CAT_NKEYS));
	gz_val_map_set(data, "notice", notice ? gz_val_str(c->arena, notice) : gz_val_null());
	c->resp->status = status;
	gz_app_render(c, "admin/category_edit.html", data);
}

/* Load the category of the {id} parameter; 0 after a 404/500. */
static int
load_category(struct gz_ctx *c, struct gz_category *cat)
{
	int64_t id = gz_app_param_id(c, "id");

	return gz_app_loaded(c, id != 0 ? gz_category_get(c->db, c->arena, id, cat) : GZ_ENOTFOUND);
}

void
gz_handle_admin_category_edit(struct gz_ctx *c)
{
	struct gz_category cat;
	const char *done = gz_request_arg(c->req, "done");

	if (!load_category(c, &cat)) {
		return;
	}
	render_category(c, 200, &cat, NULL, NULL,
	                done == NULL                   ? NULL
	                : strcmp(done, "created") == 0 ? GZ_N_("The category was created.")
	                : strcmp(done, "saved") == 0   ? GZ_N_("Your changes were saved.")
	                                               : NULL);
}

void
gz_handle_admin_category_update(struct gz_ctx *c)
{
	struct gz_val *values = gz_val_map_new(c->arena);
	struct gz_val *errors = null_errors(c->arena, cat_keys, CAT_NKEYS);
	struct gz_category cat, in = {0};
	const char *field;
	enum gz_err rc;

	if (!load_category(c, &cat)) {
		return;
	}
	if (values == NULL || errors == NULL) {
		gz_app_error(c, 500);
		return;
	}
	if (read_category(c, &in, values, errors)) {
		render_category(c, 422, &cat, values, errors, NULL);
		return;
	}
	in.id = cat.id;
	rc = gz_category_save(c->db, c->arena, &in, &field);
	if (rc == GZ_EINVAL || rc == GZ_ECONFLICT) {
		category_error(errors, rc, field);
		render_category(c, 422, &cat, values, errors, NULL);
		return;
	}
	if (rc != GZ_OK) {
		gz_app_error(c, rc == GZ_ENOTFOUND ? 404 : 500);
		return;
	}
	gz_response_redirect(
	    c->resp, 303,
	    gz_arena_printf(c->arena, "/admin/categories/%lld?done=saved", (long long)cat.id));
}

void
gz_handle_admin_category_delete(struct gz_ctx *c)
{
	struct gz_category cat;
	int64_t move_to = gz_app_field_id(c, "move_to");
	enum gz_err rc = GZ_OK;

	if (!load_category(c, &cat)) {
		return;
	}
	if (move_to < 0 || move_to == cat.id ||
	    (rc = gz_category_delete(c->db, cat.id, move_to)) == GZ_EINVAL) {
		render_category(
		    c, 422, &cat, NULL, NULL,
		    GZ_N_("Choose another existing category for its articles, or leave them "
		          "uncategorised."));
		return;
	}
	if (rc != GZ_OK && rc != GZ_ENOTFOUND) {
		gz_app_error(c, 500);
		return;
	}
	if (rc == GZ_OK) {
		(void)gz_audit_log_id(c->db, c->user->id, GZ_AUDIT_CATEGORY_DELETE, "category",
		                      cat.id, cat.name);
	}
	gz_response_redirect(c->resp, 303, "/admin/categories?done=deleted");
}

/* Every tag with its article count, as template maps. */
static struct gz_val *
tags_val(struct gz_ctx *c)
{
	struct gz_val *list = gz_val_list_new(c->arena), *m;
	struct gz_tag_count *tags;
	size_t n, i;

	if (list == NULL || gz_tag_list(c->db, c->arena, &tags, &n) != GZ_OK) {
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if ((m = gz_val_map_new(c->arena)) == NULL) {
			return NULL;
		}
		gz_app_set_int(m, "id", tags[i].tag.id);
		gz_app_set_str(m, "name", tags[i].tag.name);
		gz_app_set_str(m, "slug", tags[i].tag.slug);
		gz_app_set_int(m, "count", tags[i].articles);
		gz_val_list_push(list, m);
	}
	return list;
}

/* The message for a refused tag save. */
static const char *
tag_error(enum gz_err rc, const char *slug)
{
	if (rc == GZ_ECONFLICT) {
		return GZ_N_("Another tag already has this slug: merge into it instead.");
	}
	if (slug[0] != '\0') {
		return GZ_N_(
		    "Check the name (1 to 100 characters, no commas) and the slug (lowercase "
		    "letters, digits and single dashes).");
	}
	return GZ_N_("Use 1 to 100 characters with at least one letter or digit, and no commas.");
}

/* Render the tag list with the new-tag form. */
static void
render_tags(struct gz_ctx *c, int status, const char *name, const char *error)
{
	struct gz_val *data = gz_app_admin_page(c, "tags"), *list = tags_val(c);
	const char *done = gz_request_arg(c->req, "done");

	if (data == NULL || list == NULL) {
		gz_app_error(c, 500);
		return;
	}
	gz_val_map_set(data, "tags", list);
	gz_app_set_str(data, "name", name);
	gz_val_map_set(data, "error", error ? gz_val_str(c->arena, error) : gz_val_null());
	gz_val_map_set(data, "notice",
	               done != NULL && strcmp(done, "deleted") == 0
	                   ? gz_val_str(c->arena, GZ_N_("The tag was deleted."))
	               : done != NULL && strcmp(done, "merged") == 0
	                   ? gz_val_str(c->arena, GZ_N_("The tags were merged."))
	                   : gz_val_null());
	c->resp->status = status;
	gz_app_render(c, "admin/tags.html", data);
}

void
gz_handle_admin_tags(struct gz_ctx *c)
{
	render_tags(c, 200, "", NULL);
}

void
gz_handle_admin_tag_create(struct gz_ctx *c)
{
	const char *name = gz_app_trimmed(c, "name");
	enum gz_err rc;
	int64_t id;

	rc = gz_tag_save(c->db, c->arena, 0, name, "", &id);
	if (rc == GZ_EINVAL || rc == GZ_ECONFLICT) {
		render_tags(c, 422, name, tag_error(rc, ""));
		return;
	}
	if (rc != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	gz_response_redirect(
	    c->resp, 303,
	    gz_arena_printf(c->arena, "/admin/tags/%lld?done=created", (long long)id));
}

/* Load the tag of the {id} parameter; 0 after a 404/500. */
static int
load_tag(struct gz_ctx *c, struct gz_tag *t)
{
	int64_t id = gz_app_param_id(c, "id");

	return gz_app_loaded(c, id != 0 ? gz_tag_get(c->db, c->arena, id, t) : GZ_ENOTFOUND);
}

/* Render the edit page of tag t with typed name/slug and a message. */
static void
render_tag(struct gz_ctx *c, int status, const struct gz_tag *t, const char *name, const char *slug,
           const char *error, const char *notice)
{
	struct gz_val *data = gz_app_admin_page(c, "tags"), *list = tags_val(c), *m;

	if (data == NULL || list == NULL || (m = gz_val_map_new(c->arena)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	gz_app_set_int(m, "id", t->id);
	gz_app_set_str(m, "name", t->name);
	gz_app_set_str(m, "slug", t->slug);
	gz_val_map_set(data, "tag", m);
	gz_val_map_set(data, "tags", list);
	gz_app_set_str(data, "name", name);
	gz_app_set_str(data, "slug", slug);
	gz_val_map_set(data, "error", error ? gz_val_str(c->arena, error) : gz_val_null());
	gz_val_map_set(data, "notice", notice ? gz_val_str(c->arena, notice) : gz_val_null());
	c->resp->status = status;
	gz_app_render(c, "admin/tag_edit.html", data);
}

void
gz_handle_admin_tag_edit(struct gz_ctx *c)
{
	const char *done = gz_request_arg(c->req, "done");
	struct gz_tag t;

	if (!load_tag(c, &t)) {
		return;
	}
	render_tag(c, 200, &t, t.name, t.slug, NULL,
	           done == NULL                   ? NULL
	           : strcmp(done, "created") == 0 ? GZ_N_("The tag was created.")
	           : strcmp(done, "saved") == 0   ? GZ_N_("Your changes were saved.")
	                                          : NULL);
}

void
gz_handle_admin_tag_update(struct gz_ctx *c)
{
	const char *name = gz_app_trimmed(c, "name"), *slug = gz_app_trimmed(c, "slug");
	struct gz_tag t;
	enum gz_err rc;

	if (!load_tag(c, &t)) {
		return;
	}
	rc = gz_tag_save(c->db, c->arena, t.id, name, slug, NULL);
	if (rc == GZ_EINVAL || rc == GZ_ECONFLICT) {
		render_tag(c, 422, &t, name, slug, tag_error(rc, slug), NULL);
		return;
	}
	if (rc != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	gz_response_redirect(
	    c->resp, 303,
	    gz_arena_printf(c->arena, "/admin/tags/%lld?done=saved", (long long)t.id));
}

void
gz_handle_admin_tag_merge(struct gz_ctx *c)
{
	int64_t into = gz_app_field_id(c, "into");
	struct gz_tag t;
	enum gz_err rc = GZ_OK;

	if (!load_tag(c, &t)) {
		return;
	}
	if (into <= 0 || (rc = gz_tag_merge(c->db, t.id, into)) == GZ_EINVAL ||
	    rc == GZ_ENOTFOUND) {
		render_tag(c, 422, &t, t.name, t.slug,
		           GZ_N_("Choose another existing tag to merge into."), NULL);
		return;
	}
	if (rc != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	gz_response_redirect(c->resp, 303, "/admin/tags?done=merged");
}

void
gz_handle_admin_tag_delete(struct gz_ctx *c)
{
	struct gz_tag t;
	enum gz_err rc;

	if (!load_tag(c, &t)) {
		return;
	}
	if ((rc = gz_tag_delete(c->db, t.id)) != GZ_OK && rc != GZ_ENOTFOUND) {
		gz_app_error(c, 500);
		return;
	}
	if (rc == GZ_OK) {
		(void)gz_audit_log_id(c->db, c->user->id, GZ_AUDIT_TAG_DELETE, "tag", t.id, t.name);
	}
	gz_response_redirect(c->resp, 303, "/admin/tags?done=deleted");
}
