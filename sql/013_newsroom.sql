-- Newsroom fields (issue 16, point 5).
--
-- Bylines: an article credits one or more staff members, in order
-- (position 0 first).  articles.author_id stays the owner (the writer who
-- may edit it without being an editor); readers are shown the bylines.
-- Old rows get their owner as their only byline.  Author pages look
-- articles up by user, so that order has its own index.
CREATE TABLE article_authors (
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	position   INTEGER NOT NULL,
	PRIMARY KEY (article_id, user_id)
) STRICT;
CREATE INDEX article_authors_user ON article_authors(user_id, article_id);
INSERT INTO article_authors (article_id, user_id, position)
	SELECT id, author_id, 0 FROM articles;
-- Every new article (editor, import, demo) starts credited to its owner;
-- the editor then replaces the list when bylines are picked.
CREATE TRIGGER articles_first_byline AFTER INSERT ON articles BEGIN
	INSERT OR IGNORE INTO article_authors (article_id, user_id, position)
		VALUES (NEW.id, NEW.author_id, 0);
END;

-- "Update" and "Correction" notes appended to a published article, shown
-- to readers with their time.  A removed note is kept (removed_at set)
-- so the record of what readers were told survives, as revisions do.
CREATE TABLE article_notes (
	id         INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	kind       TEXT NOT NULL CHECK (kind IN ('update', 'correction')),
	body       TEXT NOT NULL,
	user_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at INTEGER NOT NULL,
	removed_at INTEGER,
	removed_by INTEGER REFERENCES users(id) ON DELETE SET NULL
) STRICT;
CREATE INDEX article_notes_article ON article_notes(article_id, created_at, id);

-- The picture shared with a link (og:image, twitter:image, JSON-LD image)
-- when it should differ from the lead image; NULL: the lead image.
ALTER TABLE articles ADD COLUMN social_image_id INTEGER REFERENCES media(id) ON DELETE SET NULL;
