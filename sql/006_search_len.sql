-- Each article's length in indexed tokens (title, summary and body
-- together), kept in the covering index that answers search's visibility
-- test, so ranking a candidate reads nothing more (src/model/search_rank.c).
-- FTS5 has the same figure in article_fts_docsize, but reading it costs a
-- statement per candidate; gz_search_len() reads it once, when the text
-- changes.
ALTER TABLE articles ADD COLUMN search_len INTEGER NOT NULL DEFAULT 0;
UPDATE articles SET search_len = gz_search_len(id);

DROP INDEX articles_search_visible;
CREATE INDEX articles_search_visible ON articles(id, published_at, status, search_len)
	WHERE status IN ('published', 'scheduled');

DROP TRIGGER articles_fts_insert;
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
	SELECT gz_search_sync('insert', new.id, new.title, new.summary, new.body);
	UPDATE articles SET search_len = gz_search_len(new.id) WHERE id = new.id;
END;

DROP TRIGGER articles_fts_update;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, summary, body ON articles
WHEN old.title IS NOT new.title OR old.summary IS NOT new.summary OR old.body IS NOT new.body
BEGIN
	SELECT gz_search_sync('delete', old.id, old.title, old.summary, old.body);
	SELECT gz_search_sync('insert', new.id, new.title, new.summary, new.body);
	UPDATE articles SET search_len = gz_search_len(new.id) WHERE id = new.id;
END;
