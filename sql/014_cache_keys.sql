-- Fine-grained cache invalidation (issue 18).  A public answer names the keys
-- it was built from ("article:12", "cat:3", "home", ...); a write touches only
-- the keys it changes, giving each the next value of the content generation,
-- so an answer is still good while the largest version among its keys is the
-- one it was built with.  The key "all" stands for everything (settings,
-- menus, renames: writes whose reach is unclear) and every answer names it.
CREATE TABLE cache_keys (
	key        TEXT PRIMARY KEY,
	version    INTEGER NOT NULL, -- generation.value when last touched
	changed_at INTEGER NOT NULL  -- Unix time of that touch, for Last-Modified
) STRICT, WITHOUT ROWID;

-- Scheduled articles: the keys that change by themselves at time "at", when
-- the article becomes visible, without any write.  An answer built before
-- "at" from one of these keys is stale from "at" on; queued = 1 once the
-- purge thread has queued the keys for the caches in front.
CREATE TABLE cache_due (
	key    TEXT NOT NULL,
	at     INTEGER NOT NULL,
	queued INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (key, at)
) STRICT, WITHOUT ROWID;
CREATE INDEX cache_due_pending ON cache_due(at) WHERE queued = 0;

-- Keys to purge at the caches in front (Varnish, a CDN).  A touch adds one
-- row per key with target '' (any cache); the purge thread turns it into
-- one row per configured cache and sends them, retrying with backoff.  One
-- row per (key, target): a burst of writes to one article queues it once.
CREATE TABLE purge_queue (
	key      TEXT NOT NULL,
	target   TEXT NOT NULL,         -- purge URL, or '' before the thread expands it
	attempts INTEGER NOT NULL DEFAULT 0,
	next_try INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (key, target)
) STRICT, WITHOUT ROWID;
CREATE INDEX purge_queue_next ON purge_queue(next_try);

INSERT INTO cache_keys (key, version, changed_at)
	SELECT 'all', value, changed_at FROM generation WHERE id = 1;

-- Every move of the generation that does not come from a key touch is a
-- change of everything: gz_db_bump, and a script or test that bumps the
-- generation behind Gazette's back ("UPDATE generation SET value = value +
-- 1").  gz_cache_touch sets keyed = 1 for its own move and back to 0 at
-- once, in the same transaction, so outside one it is always 0.
ALTER TABLE generation ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER generation_all AFTER UPDATE OF value ON generation WHEN NEW.keyed = 0
BEGIN
	INSERT INTO cache_keys (key, version, changed_at) VALUES ('all', NEW.value, NEW.changed_at)
		ON CONFLICT (key) DO UPDATE SET version = excluded.version,
		changed_at = excluded.changed_at;
	INSERT OR IGNORE INTO purge_queue (key, target) VALUES ('all', '');
END;
