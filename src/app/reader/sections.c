/*
 * /sections: every section of the site as a tree, each with the number of
 * articles its page lists (its own and its subsections'), where the
 * menu's "More" leads when it cannot name them all.  Empty sections are
 * listed too, with their zero: this page is the full map, not the menu.
 * The tree comes whole from gz_category_tree in depth-first order; this
 * handler only turns each section's depth into the list structure the
 * template writes, and does not know how the tree was walked.
 */
#include "gazette/arena.h"
#include "gazette/category.h"
#include "../internal.h"

/*
 * A list of n nulls in a: the template repeats a closing tag once per
 * item, which is how it closes n levels of nesting.  NULL when out of
 * memory.
 */
static struct gz_val *
repeat(struct gz_arena *a, int n)
{
	struct gz_val *l = gz_val_list_new(a);

	while (l != NULL && n-- > 0) {
		if (gz_val_list_push(l, gz_val_null()) != GZ_OK) {
			return NULL;
		}
	}
	return l;
}

/*
 * data.sections: one map per section in tree order, with slug, name,
 * count, depth, down (true when it is the first child of the section
 * before it: the template opens a nested list) and up (a list as long as
 * the levels climbed since the section before it: the template closes
 * that many nested lists); data.close: as long as the last section's
 * depth, the lists still open at the end.  Returns -1 when out of memory.
 */
static int
tree_val(struct gz_ctx *c, struct gz_val *data, const struct gz_category_node *node, size_t n)
{
	struct gz_val *list = gz_val_list_new(c->arena), *m, *up, *close;
	int prev = 0;
	size_t i;

	if (list == NULL) {
		return -1;
	}
	for (i = 0; i < n; i++) {
		/* Depth-first order goes down at most one level at a time. */
		int down = i > 0 && node[i].depth > prev;

		if ((m = gz_app_category_val(c->arena, &node[i].c)) == NULL ||
		    (up = repeat(c->arena, i > 0 && !down ? prev - node[i].depth : 0)) == NULL) {
			return -1;
		}
		gz_app_set_int(m, "count", node[i].count);
		gz_app_set_int(m, "depth", node[i].depth);
		gz_val_map_set(m, "down", gz_val_bool(down));
		if (gz_val_map_set(m, "up", up) != GZ_OK || gz_val_list_push(list, m) != GZ_OK) {
			return -1;
		}
		prev = node[i].depth;
	}
	if ((close = repeat(c->arena, prev)) == NULL ||
	    gz_val_map_set(data, "sections", list) != GZ_OK ||
	    gz_val_map_set(data, "close", close) != GZ_OK) {
		return -1;
	}
	return 0;
}

void
gz_handle_sections_show(struct gz_ctx *c)
{
	struct gz_category_node *node;
	struct gz_val *data;
	size_t n;

	if (gz_app_cache(c)) {
		return;
	}
	if (gz_category_tree(c->db, c->arena, c->now, &node, &n) != GZ_OK ||
	    (data = gz_app_page(c, "/sections")) == NULL || tree_val(c, data, node, n) != 0) {
		gz_app_error(c, 500);
		return;
	}
	gz_app_render(c, "sections.html", data);
}
