-- Pages, menus and branding (issue 19 points 1 and 2).
--
-- The header and footer menus an admin builds.  An item is a section, a
-- page or a link; a section's or page's item follows its target (renamed:
-- the menu shows the new name unless the item has its own label; deleted:
-- the item goes with it).  Nesting is one level: an item under another has
-- parent_id set, and a child never has children (src/model/menu.c keeps
-- that; the table only forbids an item being its own parent).  Order is
-- position among siblings.  A menu with no item leaves the site's
-- automatic one in place, so a site that never opens the editor is
-- unchanged.
CREATE TABLE menu_items (
	id          INTEGER PRIMARY KEY,
	menu        TEXT NOT NULL CHECK (menu IN ('header', 'footer')),
	parent_id   INTEGER REFERENCES menu_items(id) ON DELETE CASCADE
	            CHECK (parent_id IS NULL OR parent_id <> id),
	position    INTEGER NOT NULL DEFAULT 0,
	label       TEXT NOT NULL DEFAULT '',   -- '' : the target's own name
	kind        TEXT NOT NULL CHECK (kind IN ('category', 'page', 'link')),
	category_id INTEGER REFERENCES categories(id) ON DELETE CASCADE,
	page_id     INTEGER REFERENCES pages(id) ON DELETE CASCADE,
	url         TEXT NOT NULL DEFAULT '',   -- a link's: http(s) or site-relative
	CHECK ((kind = 'category') = (category_id IS NOT NULL)),
	CHECK ((kind = 'page') = (page_id IS NOT NULL)),
	CHECK ((kind = 'link') = (url <> ''))
) STRICT;

-- Every page render reads one menu in order: one index search.
CREATE INDEX menu_items_order ON menu_items(menu, parent_id, position, id);

-- The address of a deleted page answers 410 Gone rather than 404, so
-- search engines drop it and a reader learns it was taken down on
-- purpose.  Making a page with the same address again takes it off.
CREATE TABLE pages_gone (
	slug       TEXT PRIMARY KEY,
	deleted_at INTEGER NOT NULL
) STRICT;
