-- Gazette schema, version 1: the whole product from the start, so later
-- issues add columns and indexes rather than redesign tables.
-- Times are Unix seconds (UTC) in INTEGER columns.

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,          -- 'site_name', 'tagline', 'per_page', ...
	value TEXT NOT NULL
) STRICT;

-- One row: the content generation, bumped by every write a reader can see.
-- ETags and page-cache keys are derived from it.
CREATE TABLE generation (
	id    INTEGER PRIMARY KEY CHECK (id = 1),
	value INTEGER NOT NULL
) STRICT;
INSERT INTO generation (id, value) VALUES (1, 1);

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	login         TEXT NOT NULL UNIQUE COLLATE NOCASE,
	display_name  TEXT NOT NULL,
	email         TEXT NOT NULL DEFAULT '',
	bio           TEXT NOT NULL DEFAULT '',
	role          TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'author')),
	password_hash TEXT,              -- argon2id string from libsodium; NULL: cannot log in
	disabled      INTEGER NOT NULL DEFAULT 0,
	created_at    INTEGER NOT NULL,
	password_changed_at INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE sessions (
	token_hash  BLOB PRIMARY KEY,    -- hash of the cookie token; the token is never stored
	user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf_secret BLOB NOT NULL,       -- CSRF tokens are derived from it
	created_at  INTEGER NOT NULL,
	last_seen   INTEGER NOT NULL,
	expires_at  INTEGER NOT NULL,    -- absolute expiry
	client_hash BLOB                 -- salted hash of the address, for the log
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);

-- Failed logins, per account and per client hash, for throttling.
CREATE TABLE login_attempts (
	id          INTEGER PRIMARY KEY,
	login       TEXT NOT NULL COLLATE NOCASE,
	client_hash BLOB NOT NULL,
	at          INTEGER NOT NULL,
	ok          INTEGER NOT NULL
) STRICT;
CREATE INDEX login_attempts_login ON login_attempts(login, at);
CREATE INDEX login_attempts_client ON login_attempts(client_hash, at);

CREATE TABLE categories (
	id          INTEGER PRIMARY KEY,
	slug        TEXT NOT NULL UNIQUE,
	name        TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	parent_id   INTEGER REFERENCES categories(id) ON DELETE SET NULL,
	position    INTEGER NOT NULL DEFAULT 0  -- display order
) STRICT;

CREATE TABLE tags (
	id          INTEGER PRIMARY KEY,
	slug        TEXT NOT NULL UNIQUE,
	name        TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE media (
	id          INTEGER PRIMARY KEY,
	hash        TEXT NOT NULL UNIQUE,  -- hex SHA-256 of the bytes; file name on disk
	ext         TEXT NOT NULL,         -- 'png', 'jpg', 'gif', 'webp'
	mime        TEXT NOT NULL,
	width       INTEGER NOT NULL,
	height      INTEGER NOT NULL,
	bytes       INTEGER NOT NULL,
	alt         TEXT NOT NULL DEFAULT '',
	original_name TEXT NOT NULL DEFAULT '',
	uploaded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE articles (
	id           INTEGER PRIMARY KEY,
	slug         TEXT NOT NULL UNIQUE,
	title        TEXT NOT NULL,
	summary      TEXT NOT NULL DEFAULT '',
	body         TEXT NOT NULL DEFAULT '',   -- Markdown
	author_id    INTEGER NOT NULL REFERENCES users(id),
	category_id  INTEGER REFERENCES categories(id) ON DELETE SET NULL,
	image_id     INTEGER REFERENCES media(id) ON DELETE SET NULL,
	status       TEXT NOT NULL DEFAULT 'draft'
	             CHECK (status IN ('draft', 'scheduled', 'published', 'trash')),
	featured     INTEGER NOT NULL DEFAULT 0,
	comments_open INTEGER NOT NULL DEFAULT 1,
	published_at INTEGER,            -- when it is (or will be) visible; NULL for drafts
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL,
	version      INTEGER NOT NULL DEFAULT 1, -- optimistic concurrency for the editor
	views        INTEGER NOT NULL DEFAULT 0, -- for the most-read list
	CHECK (status IN ('draft', 'trash') OR published_at IS NOT NULL)
) STRICT;
-- Visibility is "status IN ('published','scheduled') AND published_at <= now",
-- so a scheduled article appears by itself when its time comes.
CREATE INDEX articles_pub ON articles(published_at DESC, id DESC) WHERE status IN ('published', 'scheduled');
CREATE INDEX articles_cat_pub ON articles(category_id, published_at DESC, id DESC) WHERE status IN ('published', 'scheduled');
CREATE INDEX articles_featured_pub ON articles(published_at DESC, id DESC) WHERE status IN ('published', 'scheduled') AND featured = 1;
CREATE INDEX articles_author_pub ON articles(author_id, published_at DESC, id DESC) WHERE status IN ('published', 'scheduled');

CREATE TABLE article_tags (
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	tag_id     INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
	PRIMARY KEY (article_id, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX article_tags_tag ON article_tags(tag_id, article_id);

-- Old slugs of published articles answer 301 to the current one.
CREATE TABLE slug_redirects (
	old_slug   TEXT PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
) STRICT;

CREATE TABLE revisions (
	id         INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	user_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at INTEGER NOT NULL,
	title      TEXT NOT NULL,
	summary    TEXT NOT NULL,
	body       TEXT NOT NULL,
	note       TEXT NOT NULL DEFAULT ''    -- what changed, e.g. "title, body"
) STRICT;
CREATE INDEX revisions_article ON revisions(article_id, id DESC);

-- Static pages such as /privacy and /p/{slug}.
CREATE TABLE pages (
	id         INTEGER PRIMARY KEY,
	slug       TEXT NOT NULL UNIQUE,
	title      TEXT NOT NULL,
	body       TEXT NOT NULL,              -- Markdown
	updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE comments (
	id          INTEGER PRIMARY KEY,
	article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	parent_id   INTEGER REFERENCES comments(id) ON DELETE CASCADE,
	user_id     INTEGER REFERENCES users(id) ON DELETE SET NULL, -- staff replies
	author_name TEXT NOT NULL,
	author_email TEXT NOT NULL,        -- never shown publicly
	author_url  TEXT NOT NULL DEFAULT '',
	body        TEXT NOT NULL,          -- plain text
	status      TEXT NOT NULL DEFAULT 'pending'
	            CHECK (status IN ('pending', 'approved', 'spam', 'trash')),
	spam_score  REAL NOT NULL DEFAULT 0,
	reasons     TEXT NOT NULL DEFAULT '', -- verdict reasons, "held: 3 links; bayes 0.97"
	client_hash BLOB,                    -- salted hash of the address, never the address
	nonce       TEXT UNIQUE,             -- one-time form nonce: a retried POST is stored once
	created_at  INTEGER NOT NULL,
	status_changed_at INTEGER NOT NULL
) STRICT;
CREATE INDEX comments_article ON comments(article_id, status, created_at);
CREATE INDEX comments_status ON comments(status, created_at);
CREATE INDEX comments_email ON comments(author_email, status);
CREATE INDEX comments_client ON comments(client_hash, created_at);

-- Naive Bayes token counts learned from moderator decisions.
CREATE TABLE spam_tokens (
	token TEXT PRIMARY KEY,
	spam  INTEGER NOT NULL DEFAULT 0,
	ham   INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

CREATE TABLE consent_records (
	id          INTEGER PRIMARY KEY,
	at          INTEGER NOT NULL,
	choice      TEXT NOT NULL CHECK (choice IN ('accept', 'reject')),
	policy_version INTEGER NOT NULL,
	client_hash BLOB NOT NULL           -- salted hash, never the address
) STRICT;
CREATE INDEX consent_records_at ON consent_records(at);
