-- The one-time key of each "new article" form that created an article, so
-- the same form sent twice (a double click, a retry after a lost answer or
-- after a 503) creates one article: the second save finds its key here and
-- answers with the article the first one made.  Deleting the article
-- forgets its key.
CREATE TABLE article_form_keys (
	form_key   TEXT PRIMARY KEY,     -- 32 hex digits from the form
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX article_form_keys_article ON article_form_keys(article_id);
