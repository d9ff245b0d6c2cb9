-- Staff accounts (issue 19 point 3): password-reset links, a TOTP second
-- factor with recovery codes, the second login step, and login throttling
-- per account-and-address.  Tokens and codes are stored only as hashes
-- (BLAKE2b), never as the text handed out.

-- One-time password-reset links an admin (or `gazette user reset`) makes.
CREATE TABLE password_resets (
	token_hash  BLOB PRIMARY KEY,    -- BLAKE2b-256 of the token in the link
	user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_by  INTEGER,             -- users.id of the admin, NULL from the CLI
	created_at  INTEGER NOT NULL,
	expires_at  INTEGER NOT NULL,
	used_at     INTEGER              -- set once; a used link never works again
) STRICT, WITHOUT ROWID;
CREATE INDEX password_resets_user ON password_resets(user_id);

-- A user's TOTP secret (RFC 6238, SHA-1, 30 s, 6 digits).  A row with
-- active 0 is an enrolment waiting for its first code; last_step is the
-- newest time step accepted, so the same code never works twice.
CREATE TABLE user_totp (
	user_id      INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	secret       BLOB NOT NULL,      -- 20 random bytes
	active       INTEGER NOT NULL DEFAULT 0,
	last_step    INTEGER NOT NULL DEFAULT 0,
	created_at   INTEGER NOT NULL,
	confirmed_at INTEGER
) STRICT;

-- Single-use recovery codes, hashed.
CREATE TABLE user_recovery_codes (
	user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	code_hash BLOB NOT NULL,         -- BLAKE2b-256 of the normalised code
	used_at   INTEGER,
	PRIMARY KEY (user_id, code_hash)
) STRICT, WITHOUT ROWID;

-- The second login step: a password was right, a code is still due.  Not a
-- session: it opens nothing but the code form, for a few minutes.
CREATE TABLE login_challenges (
	token_hash  BLOB PRIMARY KEY,    -- BLAKE2b-256 of the cookie token
	user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	client_hash BLOB NOT NULL,       -- the address it was made for
	login       TEXT NOT NULL,       -- as counted by the throttle
	next        TEXT NOT NULL DEFAULT '/admin',
	created_at  INTEGER NOT NULL,
	expires_at  INTEGER NOT NULL,
	tries       INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

-- Throttling also counts per account-and-address pair.
CREATE INDEX login_attempts_pair ON login_attempts(login, client_hash, at);
