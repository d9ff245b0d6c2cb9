-- Full-text search over articles: an FTS5 index of title, summary and body
-- with the text kept only once, in articles (external content).
--
-- Needs gz_search_register() on the connection (src/model/fts_cjk.c): it
-- provides the gz_cjk tokenizer (bigrams for CJK runs, unicode61 for the
-- rest; porter stems English on top) and gz_search_sync(), which the
-- triggers call because a trigger may not write to a virtual table itself
-- while trusted_schema is off.
--
-- Every article is indexed whatever its status; queries apply visibility,
-- so publishing or a scheduled time coming due needs no index work.  The
-- body is indexed as raw Markdown (link targets included).
CREATE VIRTUAL TABLE article_fts USING fts5(
	title, summary, body,
	content = 'articles', content_rowid = 'id',
	tokenize = 'porter gz_cjk'
);

-- Is article id visible?  Answered from this index alone, without reading
-- the row (whose status and published_at lie past the body).  Search asks it
-- for every candidate match.
CREATE INDEX articles_search_visible ON articles(id, published_at, status)
	WHERE status IN ('published', 'scheduled');

-- ORDER BY rank (and the rank column) mean bm25 with the title weighted.
INSERT INTO article_fts (article_fts, rank) VALUES ('rank', 'bm25(10.0, 3.0, 1.0)');

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
	SELECT gz_search_sync('insert', new.id, new.title, new.summary, new.body);
END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
	SELECT gz_search_sync('delete', old.id, old.title, old.summary, old.body);
END;

-- Saving an article without changing its text (status, views) costs nothing.
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, summary, body ON articles
WHEN old.title IS NOT new.title OR old.summary IS NOT new.summary OR old.body IS NOT new.body
BEGIN
	SELECT gz_search_sync('delete', old.id, old.title, old.summary, old.body);
	SELECT gz_search_sync('insert', new.id, new.title, new.summary, new.body);
END;

INSERT INTO article_fts (article_fts) VALUES ('rebuild');
