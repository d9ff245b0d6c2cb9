-- Draft copies the editor saves by itself (issue 16): every 30 seconds
-- while the text changed, the editor page sends the whole form here, so a
-- crash, a closed tab or a dead battery loses half a minute at most.  A
-- copy never touches the article: only Save does, and Save removes the
-- copy.  One copy per article and user (article_id set, form_key ''), and
-- one per new-article form and user (article_id NULL, form_key the form's
-- one-time key, as in article_form_keys).  base_version is the article
-- version the form was loaded with (0 for a new article), so a copy made
-- from a stale form is refused rather than stored.  form holds the editor's
-- fields urlencoded (csrf and action left out), title a copy of the title
-- for the "restore" notice.
CREATE TABLE autosaves (
	id           INTEGER PRIMARY KEY,
	article_id   INTEGER REFERENCES articles(id) ON DELETE CASCADE,
	form_key     TEXT NOT NULL DEFAULT '',
	user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	base_version INTEGER NOT NULL,
	saved_at     INTEGER NOT NULL,
	title        TEXT NOT NULL,
	form         TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX autosaves_article ON autosaves(article_id, user_id)
	WHERE article_id IS NOT NULL;
CREATE UNIQUE INDEX autosaves_new ON autosaves(user_id, form_key)
	WHERE article_id IS NULL;
