-- The audit log: one row per staff action worth answering for later (logins,
-- publishing, deletions, settings, roles, accounts, readers' data requests).
-- actor_login is copied at the time so an entry still names who acted after
-- the account is renamed; actor_id has no foreign key so entries outlive
-- accounts.  Rows older than the setting audit_retention_days are deleted
-- when a new one is written (src/model/audit.c).
CREATE TABLE audit_log (
	id          INTEGER PRIMARY KEY,
	at          INTEGER NOT NULL,           -- Unix seconds
	actor_id    INTEGER NOT NULL DEFAULT 0, -- users.id; 0 when nobody is known (a failed login)
	actor_login TEXT NOT NULL DEFAULT '',   -- users.login at the time, or the login typed
	action      TEXT NOT NULL,              -- 'login.ok', 'article.delete', ... (gazette/audit.h)
	target      TEXT NOT NULL DEFAULT '',   -- what was acted on: 'article 12', 'user ana'
	detail      TEXT NOT NULL DEFAULT ''    -- a short note: a title, 'role editor -> admin'
) STRICT;
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_actor ON audit_log(actor_login, id);
CREATE INDEX audit_log_action ON audit_log(action, id);
