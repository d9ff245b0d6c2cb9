-- An article body's HTML, made once when the body is saved instead of by
-- Markdown on every page view (issue 20).  The article page shows the body
-- in two parts with "See also" between them, so both parts are stored:
-- body_html up to the block holding the second paragraph, body_html_tail
-- the rest.  body_html_ver is the renderer's version (GZ_MARKDOWN_VERSION
-- in include/gazette/markdown.h) the HTML was made with; 0 means "not
-- made": the page renders the Markdown itself, as before, and the
-- application fills it (after a save, an import, or at start-up for rows
-- migrated here).  A program whose renderer has another version re-renders
-- on its own, so an upgrade never shows HTML an older renderer made.
--
-- The SQL below keeps the stored HTML honest whatever code writes: a new
-- body drops it, and so does any change to an image the body may show
-- (its size and copies are written into the HTML).  Output never depends
-- on whether the HTML was stored: both paths call the same renderer.
ALTER TABLE articles ADD COLUMN body_html TEXT;
ALTER TABLE articles ADD COLUMN body_html_tail TEXT;
ALTER TABLE articles ADD COLUMN body_html_ver INTEGER NOT NULL DEFAULT 0;

-- The lead image counts too: the body's first picture is loaded eagerly
-- only when there is none above it.
CREATE TRIGGER articles_body_html_stale AFTER UPDATE OF body, image_id ON articles
WHEN (NEW.body IS NOT OLD.body OR NEW.image_id IS NOT OLD.image_id) AND NEW.body_html_ver != 0
BEGIN
	UPDATE articles SET body_html = NULL, body_html_tail = NULL, body_html_ver = 0
	WHERE id = NEW.id;
END;

-- An image is named in a body by its address, /media/<hash>.<ext>: the
-- bodies holding the hash are re-made.  Rare (an upload or an edit in the
-- media library), so a scan of the bodies is affordable.
CREATE TRIGGER media_body_html_insert AFTER INSERT ON media
BEGIN
	UPDATE articles SET body_html = NULL, body_html_tail = NULL, body_html_ver = 0
	WHERE body_html_ver != 0 AND instr(body, NEW.hash) > 0;
END;
CREATE TRIGGER media_body_html_update AFTER UPDATE ON media
BEGIN
	UPDATE articles SET body_html = NULL, body_html_tail = NULL, body_html_ver = 0
	WHERE body_html_ver != 0 AND (instr(body, OLD.hash) > 0 OR instr(body, NEW.hash) > 0);
END;
CREATE TRIGGER media_body_html_delete AFTER DELETE ON media
BEGIN
	UPDATE articles SET body_html = NULL, body_html_tail = NULL, body_html_ver = 0
	WHERE body_html_ver != 0 AND instr(body, OLD.hash) > 0;
END;

-- What is left to render, found without reading the bodies: on every
-- start-up but the first after an upgrade, nothing.
CREATE INDEX articles_body_html_ver ON articles(body_html_ver);

-- A resized copy made or removed later (`gazette media rebuild`, an
-- upload that reuses an image's row) changes the body's srcset too.
CREATE TRIGGER media_variants_body_html_insert AFTER INSERT ON media_variants
BEGIN
	UPDATE articles SET body_html = NULL, body_html_tail = NULL, body_html_ver = 0
	WHERE body_html_ver != 0
	AND instr(body, (SELECT hash FROM media WHERE id = NEW.media_id)) > 0;
END;
CREATE TRIGGER media_variants_body_html_delete AFTER DELETE ON media_variants
BEGIN
	UPDATE articles SET body_html = NULL, body_html_tail = NULL, body_html_ver = 0
	WHERE body_html_ver != 0
	AND instr(body, (SELECT hash FROM media WHERE id = OLD.media_id)) > 0;
END;
