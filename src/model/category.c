/*
 * Categories over the categories table: the list and lookups readers need,
 * the tree as readers see it (the navigation's top-level sections that
 * hold something, a section's chain of parents, its subsections, the
 * categories its listing covers, the whole tree with counts), and the
 * newsroom's create, edit and delete (moving or uncategorising the
 * articles of a deleted category).  It knows which articles are visible
 * (GZ_SQL_VISIBLE) only to count and to test for them; listing a
 * section's articles is article.c's, over gz_category_subtree.  Every
 * walk of the tree is bounded by GZ_CATEGORY_DEPTH_MAX, so a loop of
 * parents that bad data might hold cannot hang a page.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/category.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "internal.h"
#include "gazette/str.h"
#include "gazette/utf8.h"

/* One category from a row of id, slug, name, description, parent, position. */
static enum gz_err
fill_category(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	struct gz_category *c = item;

	c->id = sqlite3_column_int64(st, 0);
	c->slug = gz_db_col_text(arena, st, 1);
	c->name = gz_db_col_text(arena, st, 2);
	c->description = gz_db_col_text(arena, st, 3);
	c->parent_id = sqlite3_column_int64(st, 4);
	c->position = sqlite3_column_int64(st, 5);
	return c->slug == NULL || c->name == NULL || c->description == NULL ? GZ_ENOMEM : GZ_OK;
}

enum gz_err
gz_category_list(struct gz_db *db, struct gz_arena *arena, struct gz_category **out, size_t *n)
{
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	st = gz_db_stmt(db, "SELECT id, slug, name, description, coalesce(parent_id, 0), position "
	                    "FROM categories ORDER BY position, name COLLATE NOCASE, id");
	if (st == NULL) {
		return GZ_EDB;
	}
	return gz_db_rows(db, arena, st, sizeof(**out), 16, 0, fill_category, out, n,
	                  "category list");
}

/* A number macro as SQL text: SQL_NUM(GZ_CATEGORY_DEPTH_MAX) is "16". */
#define SQL_NUM_(x) #x
#define SQL_NUM(x) SQL_NUM_(x)
#define DEPTH_MAX SQL_NUM(GZ_CATEGORY_DEPTH_MAX)

/*
 * "Category alias r holds an article visible at ?1, in it or below it".
 * Its own articles first, one articles_cat_pub search; only a category
 * with children and none of its own walks down (a recursive CTE from r,
 * GZ_CATEGORY_DEPTH_MAX levels, stopping at the first category with one),
 * because each walk costs SQLite a temporary table.  The walk tests each
 * category with a subquery rather than a join of sub with articles: for a
 * join SQLite 3.40 builds a Bloom filter over the articles index first, a
 * scan of every article for each section tested (measured: 18 ms for a
 * menu of 11 sections among 1,000 at 100,000 articles; 18 us as written).
 */
#define A_VISIBLE GZ_SQL_VISIBLE("a", "?1")
#define R_OWN "EXISTS (SELECT 1 FROM articles a WHERE a.category_id = r.id AND " A_VISIBLE ")"
#define R_PARENT "EXISTS (SELECT 1 FROM categories k WHERE k.parent_id = r.id)"
#define R_BELOW                                                                                    \
	"EXISTS (WITH RECURSIVE sub(id, depth) AS (SELECT r.id, 0 UNION ALL SELECT k.id, "         \
	"sub.depth + 1 FROM categories k JOIN sub ON k.parent_id = sub.id WHERE sub.depth "        \
	"< " DEPTH_MAX ") SELECT 1 FROM sub WHERE EXISTS (SELECT 1 FROM articles a "               \
	"WHERE a.category_id = sub.id AND " A_VISIBLE "))"
#define HOLDS_VISIBLE "(" R_OWN " OR (" R_PARENT " AND " R_BELOW "))"

/* The list order, which the categories_tree index gives without sorting. */
#define LIST_ORDER "ORDER BY r.position, r.name COLLATE NOCASE, r.id "

enum gz_err
gz_category_nav(struct gz_db *db, struct gz_arena *arena, time_t now, size_t max,
                struct gz_category **out, size_t *n, int *more)
{
	sqlite3_stmt *st;
	enum gz_err rc;

	assert(max >= 1 && max < 10000);
	*out = NULL;
	*n = 0;
	*more = 0;
	/* The top-level sections in order, tested one by one until one more
	 * than max has passed: that one only says "there are more". */
	st = gz_db_stmt(db, "SELECT r.id, r.slug, r.name, r.description, 0, r.position "
	                    "FROM categories r WHERE r.parent_id IS NULL AND " HOLDS_VISIBLE
	                    " " LIST_ORDER "LIMIT ?2");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, (int64_t)now);
	gz_db_bind_int64(st, 2, (int64_t)max + 1);
	if ((rc = gz_db_rows(db, arena, st, sizeof(**out), max + 1, max + 1, fill_category, out, n,
	                     "category nav")) != GZ_OK) {
		return rc;
	}
	if (*n > max) {
		*more = 1;
		*n = max;
	}
	return GZ_OK;
}

enum gz_err
gz_category_chain(struct gz_db *db, struct gz_arena *arena, int64_t id, struct gz_category **out,
                  size_t *n)
{
	sqlite3_stmt *st;
	enum gz_err rc;

	*out = NULL;
	*n = 0;
	/* Up by primary key, at most GZ_CATEGORY_DEPTH_MAX steps, then read
	 * from the top down. */
	st = gz_db_stmt(db,
	                "WITH RECURSIVE up(id, slug, name, description, parent, position, depth) "
	                "AS (SELECT id, slug, name, description, coalesce(parent_id, 0), "
	                "position, 0 FROM categories WHERE id = ?1 UNION ALL SELECT k.id, "
	                "k.slug, k.name, k.description, coalesce(k.parent_id, 0), k.position, "
	                "up.depth + 1 FROM up JOIN categories k ON k.id = up.parent "
	                "WHERE up.depth < " DEPTH_MAX ") SELECT id, slug, name, "
	                "description, parent, position FROM up ORDER BY depth DESC");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	if ((rc = gz_db_rows(db, arena, st, sizeof(**out), 4, GZ_CATEGORY_DEPTH_MAX + 1,
	                     fill_category, out, n, "category chain")) != GZ_OK) {
		return rc;
	}
	return *n == 0 ? GZ_ENOTFOUND : GZ_OK;
}

enum gz_err
gz_category_children(struct gz_db *db, struct gz_arena *arena, time_t now, int64_t id,
                     struct gz_category **out, size_t *n)
{
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	st = gz_db_stmt(db, "SELECT r.id, r.slug, r.name, r.description, r.parent_id, r.position "
	                    "FROM categories r WHERE r.parent_id = ?2 AND " HOLDS_VISIBLE
	                    " " LIST_ORDER);
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, (int64_t)now);
	gz_db_bind_int64(st, 2, id);
	return gz_db_rows(db, arena, st, sizeof(**out), 8, 0, fill_category, out, n,
	                  "category children");
}

enum gz_err
gz_category_subtree(struct gz_db *db, struct gz_arena *arena, int64_t id, int64_t **out, size_t *n)
{
	int64_t *ids = NULL, child;
	size_t cap = 0, level = 0, end, at;
	sqlite3_stmt *st;
	enum gz_err rc;
	int depth, src;

	*out = NULL;
	*n = 0;
	if ((ids = gz_arena_grow(arena, ids, 0, &cap, sizeof(*ids), 8)) == NULL) {
		return GZ_ENOMEM;
	}
	ids[(*n)++] = id;
	/* Level by level: [level, end) is the level whose children are read. */
	for (depth = 0; depth < GZ_CATEGORY_DEPTH_MAX && level < *n; depth++) {
		for (end = *n, at = level; at < end; at++) {
			st = gz_db_stmt(db, "SELECT id FROM categories WHERE parent_id = ?1");
			if (st == NULL) {
				return GZ_EDB;
			}
			gz_db_bind_int64(st, 1, ids[at]);
			while ((src = sqlite3_step(st)) == SQLITE_ROW) {
				if ((child = sqlite3_column_int64(st, 0)) == id) {
					continue;
				}
				if ((ids = gz_arena_grow(arena, ids, *n, &cap, sizeof(*ids), 8)) ==
				    NULL) {
					gz_db_reset(st);
					return GZ_ENOMEM;
				}
				ids[(*n)++] = child;
			}
			if (src != SQLITE_DONE) {
				rc = gz_db_error(db, src, "category subtree");
				gz_db_reset(st);
				return rc;
			}
			gz_db_reset(st);
		}
		level = end;
	}
	*out = ids;
	return GZ_OK;
}

/* A category's id and its index in the list, for finding it by id. */
struct by_id {
	int64_t id; /* categories.id */
	size_t at;  /* its index in the list */
};

static int
by_id_cmp(const void *pa, const void *pb)
{
	const struct by_id *a = pa, *b = pb;

	return a->id < b->id ? -1 : a->id > b->id;
}

/* The list index of category id in ids (n, sorted), or SIZE_MAX. */
static size_t
find_id(const struct by_id *ids, size_t n, int64_t id)
{
	struct by_id key = {id, 0};
	const struct by_id *hit;

	if (id == 0) {
		return SIZE_MAX;
	}
	hit = bsearch(&key, ids, n, sizeof(*ids), by_id_cmp);
	return hit != NULL ? hit->at : SIZE_MAX;
}

/*
 * Read the number of visible articles of each category into own (indexed
 * like the list; ids gives the index): one articles_cat_pub range per
 * category.  Each entry is still checked against its row (the status the
 * partial index implies), so this costs about 50 ns an article: 5 ms at
 * 100,000, against 8 ms for one GROUP BY over the whole index.
 */
static enum gz_err
own_counts(struct gz_db *db, time_t now, const struct by_id *ids, size_t n, int64_t *own)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	size_t at;
	int src;

	st = gz_db_stmt(db, "SELECT r.id, (SELECT count(*) FROM articles a WHERE a.category_id = "
	                    "r.id AND " A_VISIBLE ") FROM categories r");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, (int64_t)now);
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if ((at = find_id(ids, n, sqlite3_column_int64(st, 0))) != SIZE_MAX) {
			own[at] = sqlite3_column_int64(st, 1);
		}
	}
	if (src != SQLITE_DONE) {
		rc = gz_db_error(db, src, "category counts");
	}
	gz_db_reset(st);
	return rc;
}

/* The first category of the sibling list from at on not yet placed, or SIZE_MAX. */
static size_t
unplaced(const size_t *next, const unsigned char *placed, size_t at)
{
	while (at != SIZE_MAX && placed[at]) {
		at = next[at];
	}
	return at;
}

enum gz_err
gz_category_tree(struct gz_db *db, struct gz_arena *arena, time_t now,
                 struct gz_category_node **out, size_t *n)
{
	struct gz_category *cat;
	struct gz_category_node *node;
	struct by_id *ids;
	size_t ncat, i, k, nout = 0, *parent, *first, *next, up[GZ_CATEGORY_DEPTH_MAX + 1];
	unsigned char *placed;
	int64_t *own, *total;
	enum gz_err rc;

	*out = NULL;
	*n = 0;
	if ((rc = gz_category_list(db, arena, &cat, &ncat)) != GZ_OK || ncat == 0) {
		return rc;
	}
	ids = gz_arena_calloc(arena, ncat, sizeof(*ids));
	parent = gz_arena_calloc(arena, ncat, sizeof(*parent));
	first = gz_arena_calloc(arena, ncat, sizeof(*first));
	next = gz_arena_calloc(arena, ncat, sizeof(*next));
	own = gz_arena_calloc(arena, ncat, sizeof(*own));
	total = gz_arena_calloc(arena, ncat, sizeof(*total));
	placed = gz_arena_calloc(arena, ncat, 1);
	node = gz_arena_calloc(arena, ncat, sizeof(*node));
	if (ids == NULL || parent == NULL || first == NULL || next == NULL || own == NULL ||
	    total == NULL || placed == NULL || node == NULL) {
		return GZ_ENOMEM;
	}
	for (i = 0; i < ncat; i++) {
		ids[i].id = cat[i].id;
		ids[i].at = i;
	}
	qsort(ids, ncat, sizeof(*ids), by_id_cmp);
	if ((rc = own_counts(db, now, ids, ncat, own)) != GZ_OK) {
		return rc;
	}
	/* Children lists in list order: built backwards, each put in front. */
	for (i = 0; i < ncat; i++) {
		parent[i] = find_id(ids, ncat, cat[i].parent_id);
		first[i] = next[i] = SIZE_MAX;
	}
	for (i = ncat; i-- > 0;) {
		if (parent[i] != SIZE_MAX) {
			next[i] = first[parent[i]];
			first[parent[i]] = i;
		}
	}
	/* Each category's articles count for it and for its parents up to
	 * GZ_CATEGORY_DEPTH_MAX levels above, as a listing's walk down reaches
	 * them; a loop adds them once to each category on it. */
	for (i = 0; i < ncat; i++) {
		size_t nup = 0, at = i, j;

		while (at != SIZE_MAX && nup <= GZ_CATEGORY_DEPTH_MAX) {
			for (j = 0; j < nup && up[j] != at; j++) {
			}
			if (j < nup) {
				break;
			}
			up[nup++] = at;
			total[at] += own[i];
			at = parent[at];
		}
	}
	/* Depth first from each top-level category in order, then from any
	 * category a loop kept out of reach, so each is placed once. */
	for (k = 0; k < 2; k++) {
		for (i = 0; i < ncat; i++) {
			size_t at = i, below;
			int depth = 0;

			if (placed[i] || (k == 0 && parent[i] != SIZE_MAX)) {
				continue;
			}
			for (;;) {
				placed[at] = 1;
				node[nout].c = cat[at];
				node[nout].count = total[at];
				node[nout++].depth =
				    depth < GZ_CATEGORY_DEPTH_MAX ? depth : GZ_CATEGORY_DEPTH_MAX;
				if ((below = unplaced(next, placed, first[at])) != SIZE_MAX) {
					at = below;
					depth++;
					continue;
				}
				/* Climb back the way down until a parent has a sibling
				 * left to place. */
				while (at != i && unplaced(next, placed, at) == SIZE_MAX) {
					at = parent[at];
					depth--;
				}
				if (at == i) {
					break;
				}
				at = unplaced(next, placed, at);
			}
		}
	}
	assert(nout == ncat);
	*out = node;
	*n = nout;
	return GZ_OK;
}

enum gz_err
gz_category_by_slug(struct gz_db *db, struct gz_arena *arena, const char *slug,
                    struct gz_category *out)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	memset(out, 0, sizeof(*out));
	st = gz_db_stmt(db, "SELECT id, slug, name, description, coalesce(parent_id, 0), position "
	                    "FROM categories WHERE slug = ?1");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, slug);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->slug = gz_db_col_text(arena, st, 1);
		out->name = gz_db_col_text(arena, st, 2);
		out->description = gz_db_col_text(arena, st, 3);
		out->parent_id = sqlite3_column_int64(st, 4);
		out->position = sqlite3_column_int64(st, 5);
		if (out->slug == NULL || out->name == NULL || out->description == NULL) {
			rc = GZ_ENOMEM;
		}
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "category by slug");
	}
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_category_get(struct gz_db *db, struct gz_arena *arena, int64_t id, struct gz_category *out)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	memset(out, 0, sizeof(*out));
	st = gz_db_stmt(db, "SELECT id, slug, name, description, coalesce(parent_id, 0), position "
	                    "FROM categories WHERE id = ?1");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->slug = gz_db_col_text(arena, st, 1);
		out->name = gz_db_col_text(arena, st, 2);
		out->description = gz_db_col_text(arena, st, 3);
		out->parent_id = sqlite3_column_int64(st, 4);
		out->position = sqlite3_column_int64(st, 5);
		if (out->slug == NULL || out->name == NULL || out->description == NULL) {
			rc = GZ_ENOMEM;
		}
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "category get");
	}
	gz_db_reset(st);
	return rc;
}

/* Text of at most max bytes, valid UTF-8, without controls but those allowed. */
static int
text_ok(const char *s, size_t max, unsigned allow)
{
	size_t n = strlen(s);

	return n <= max && gz_utf8_valid(s, n) && !gz_str_has_ctl(s, n, allow);
}

/* The parent of category id into *parent (0 for none); GZ_ENOTFOUND. */
static enum gz_err
parent_of(struct gz_db *db, int64_t id, int64_t *parent)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	if ((st = gz_db_stmt(db, "SELECT coalesce(parent_id, 0) FROM categories WHERE id = ?1")) ==
	    NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		*parent = sqlite3_column_int64(st, 0);
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "category parent");
	}
	gz_db_reset(st);
	return rc;
}

/*
 * Check that parent may hold category id: it exists and id is not parent
 * or one of its ancestors.  The walk is bounded so a cycle already in the
 * table cannot hang it.  GZ_OK, GZ_EINVAL or a database error.
 */
static enum gz_err
parent_ok(struct gz_db *db, int64_t id, int64_t parent)
{
	enum gz_err rc;
	int64_t at = parent, up;
	int steps;

	for (steps = 0; at != 0 && steps < 1000; steps++) {
		if (id != 0 && at == id) {
			return GZ_EINVAL;
		}
		if ((rc = parent_of(db, at, &up)) != GZ_OK) {
			return rc == GZ_ENOTFOUND ? GZ_EINVAL : rc;
		}
		at = up;
	}
	return at == 0 ? GZ_OK : GZ_EINVAL;
}

enum gz_err
gz_category_save(struct gz_db *db, struct gz_arena *arena, struct gz_category *c,
                 const char **field)
{
	sqlite3_stmt *st;
	const char *slug = c->slug != NULL ? c->slug : "";
	const char *desc = c->description != NULL ? c->description : "";
	char *made;
	enum gz_err rc;

	*field = NULL;
	if (c->name == NULL || c->name[0] == '\0' || !text_ok(c->name, GZ_CATEGORY_NAME_MAX, 0)) {
		*field = "name";
		return GZ_EINVAL;
	}
	if (slug[0] == '\0') {
		if (gz_slugify(arena, c->name, GZ_CATEGORY_SLUG_MAX, &made) != GZ_OK) {
			return GZ_ENOMEM;
		}
		slug = made;
	} else if (strlen(slug) > GZ_CATEGORY_SLUG_MAX ||
	           gz_slugify(arena, slug, GZ_CATEGORY_SLUG_MAX, &made) != GZ_OK ||
	           strcmp(made, slug) != 0) {
		*field = "slug";
		return GZ_EINVAL;
	}
	if (slug[0] == '\0') {
		*field = "slug";
		return GZ_EINVAL;
	}
	if (!text_ok(desc, GZ_CATEGORY_DESCRIPTION_MAX, GZ_CTL_ALLOW_CRLF | GZ_CTL_ALLOW_TAB)) {
		*field = "description";
		return GZ_EINVAL;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if ((rc = parent_ok(db, c->id, c->parent_id)) != GZ_OK) {
		if (rc == GZ_EINVAL) {
			*field = "parent";
		}
		goto fail;
	}
	if (c->id == 0) {
		st = gz_db_stmt(db, "INSERT INTO categories (slug, name, description, parent_id, "
		                    "position) VALUES (?1, ?2, ?3, nullif(?4, 0), ?5)");
	} else {
		st = gz_db_stmt(db, "UPDATE categories SET slug = ?1, name = ?2, description = ?3, "
		                    "parent_id = nullif(?4, 0), position = ?5 WHERE id = ?6");
	}
	if (st == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_text(st, 1, slug);
	gz_db_bind_text(st, 2, c->name);
	gz_db_bind_text(st, 3, desc);
	gz_db_bind_int64(st, 4, c->parent_id);
	gz_db_bind_int64(st, 5, c->position);
	if (c->id != 0) {
		gz_db_bind_int64(st, 6, c->id);
	}
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		if (rc == GZ_ECONFLICT) {
			*field = "slug";
		}
		goto fail;
	}
	if (c->id != 0 && sqlite3_changes(gz_db_handle(db)) == 0) {
		rc = GZ_ENOTFOUND;
		goto fail;
	}
	if (c->id == 0) {
		c->id = sqlite3_last_insert_rowid(gz_db_handle(db));
	}
	c->slug = slug;
	if ((rc = gz_db_bump(db)) != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}

enum gz_err
gz_category_count_articles(struct gz_db *db, int64_t id, int64_t *count)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	if ((st = gz_db_stmt(db, "SELECT count(*) FROM articles WHERE category_id = ?1")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		*count = sqlite3_column_int64(st, 0);
	} else {
		rc = gz_db_error(db, src, "category count");
	}
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_category_delete(struct gz_db *db, int64_t id, int64_t move_to)
{
	enum gz_err rc;
	int64_t ignored;

	if (move_to == id) {
		return GZ_EINVAL;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if ((rc = parent_of(db, id, &ignored)) != GZ_OK) {
		goto fail;
	}
	if (move_to != 0 && (rc = parent_of(db, move_to, &ignored)) != GZ_OK) {
		if (rc == GZ_ENOTFOUND) {
			rc = GZ_EINVAL;
		}
		goto fail;
	}
	/* Articles first: without the move, ON DELETE SET NULL uncategorises them. */
	if ((rc = gz_model_move_delete(db,
	                               "UPDATE articles SET category_id = nullif(?2, 0) "
	                               "WHERE category_id = ?1",
	                               "DELETE FROM categories WHERE id = ?1", id, move_to)) !=
	    GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}
