-- Comments: what each comment taught the spam classifier, so a moderator
-- who changes their mind (spam -> not spam) unlearns the old lesson first.
-- '' = nothing learned yet, 'spam' or 'ham'.
ALTER TABLE comments ADD COLUMN trained TEXT NOT NULL DEFAULT ''
	CHECK (trained IN ('', 'spam', 'ham'));

-- Threads of one article are read by parent; purges walk by status change.
CREATE INDEX comments_parent ON comments(parent_id);
CREATE INDEX comments_status_changed ON comments(status, status_changed_at);
