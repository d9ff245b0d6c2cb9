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

-- Readers' personal data (src/model/personal.c): a reader's comments are
-- found by address without regard to case, and the consent records by the
-- address hashes of those comments.  Without these two a lookup read every
-- comment and every consent record (307 ms at 100,000 comments and 200,000
-- records; 0.07 ms with them).
CREATE INDEX comments_email_nocase ON comments(author_email COLLATE NOCASE);
CREATE INDEX consent_records_client ON consent_records(client_hash);

-- The privacy policy says how a reader asks for their data and what then
-- happens (issue 19 point 4).  Only the default text changes: a policy an
-- admin has edited keeps their words.
UPDATE pages SET body = replace(body,
'You may ask us to see, correct or delete the personal data we hold about you, such as your comments. Contact the editors through the address on the About page.',
'You may ask us to see, correct or delete the personal data we hold about you. Write to the editors at the address on the [About page](/p/about), from the e-mail address you commented with, and say what you would like:

- **A copy**: we send you a file (JSON) with every comment written under that address (name, e-mail address, website, text, article, time and status) and the cookie-consent records made from the same network address as one of your comments. Consent records hold no e-mail address, only the time, the choice, the policy version and a salted hash of the network address, so that hash is their only link to you, and other people using the same network share it.
- **Erasure**: your comments are anonymised (the text stays, signed "Anonymous", without your e-mail address, website or address hash) or deleted, as you prefer; replies from other readers stay. The consent records made from your network address are deleted too.

We answer within one month. Every copy sent and every erasure is recorded in the site''s audit log with the name of the editor who did it and a masked form of your address, never the address itself.')
WHERE slug = 'privacy';
