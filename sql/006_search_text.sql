-- Search over the text a reader sees, ranked without a read per candidate.
--
-- articles.body_text: the body's plain text, made by gz_search_text() (cmark,
-- as the article page renders it) whenever the body changes.  article_fts is
-- rebuilt over it through a view, so the index keeps its columns (title,
-- summary, body), external content still lets FTS5 check itself against the
-- table ('integrity-check'), and link targets ("/article/steel-plate-...")
-- no longer match a query or show in a snippet.
--
-- articles.search_len: the article's length in indexed tokens, all columns
-- together, kept in the covering index that answers search's visibility
-- test, so ranking a candidate reads nothing more (src/model/search_rank.c).
-- FTS5 has the figure in article_fts_docsize, but reading it there costs a
-- statement per candidate; gz_search_len() reads it once, when the text
-- changes.
ALTER TABLE articles ADD COLUMN body_text TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN search_len INTEGER NOT NULL DEFAULT 0;
UPDATE articles SET body_text = gz_search_text(body);

DROP INDEX articles_search_visible;
CREATE INDEX articles_search_visible ON articles(id, published_at, status, search_len)
	WHERE status IN ('published', 'scheduled');

DROP TRIGGER articles_fts_insert;
DROP TRIGGER articles_fts_delete;
DROP TRIGGER articles_fts_update;
DROP TABLE article_fts;

CREATE VIEW article_fts_source AS SELECT id, title, summary, body_text AS body FROM articles;

CREATE VIRTUAL TABLE article_fts USING fts5(
	title, summary, body,
	content = 'article_fts_source', content_rowid = 'id',
	tokenize = 'porter gz_cjk'
);
INSERT INTO article_fts (article_fts, rank) VALUES ('rank', 'bm25(10.0, 3.0, 1.0)');

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
	UPDATE articles SET body_text = gz_search_text(new.body) WHERE id = new.id;
	SELECT gz_search_sync('insert', a.id, a.title, a.summary, a.body_text)
		FROM articles a WHERE a.id = new.id;
	UPDATE articles SET search_len = gz_search_len(new.id) WHERE id = new.id;
END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
	SELECT gz_search_sync('delete', old.id, old.title, old.summary, old.body_text);
END;

-- Saving an article without changing its text (status, views) costs nothing.
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, summary, body ON articles
WHEN old.title IS NOT new.title OR old.summary IS NOT new.summary OR old.body IS NOT new.body
BEGIN
	SELECT gz_search_sync('delete', old.id, old.title, old.summary, old.body_text);
	UPDATE articles SET body_text = gz_search_text(new.body) WHERE id = new.id;
	SELECT gz_search_sync('insert', a.id, a.title, a.summary, a.body_text)
		FROM articles a WHERE a.id = new.id;
	UPDATE articles SET search_len = gz_search_len(new.id) WHERE id = new.id;
END;

-- 'rebuild' leaves the index in many segments, which a newest-first walk
-- must merge as it goes (measured: 3x slower over 100,000 articles);
-- 'optimize' makes it one.
INSERT INTO article_fts (article_fts) VALUES ('rebuild');
INSERT INTO article_fts (article_fts) VALUES ('optimize');
UPDATE articles SET search_len = gz_search_len(id);
