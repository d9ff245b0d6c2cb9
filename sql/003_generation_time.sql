-- When the content generation last changed, for Last-Modified.
ALTER TABLE generation ADD COLUMN changed_at INTEGER NOT NULL DEFAULT 0;
UPDATE generation SET changed_at = unixepoch();
