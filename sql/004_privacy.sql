-- The default Privacy & Cookies Policy, an editable page.  It lists every
-- cookie Gazette itself can set; a site that adds its own must add them here.
INSERT OR IGNORE INTO pages (slug, title, body, updated_at) VALUES ('privacy',
'Privacy & Cookies Policy',
'This site runs on Gazette, a self-hosted publishing engine. Everything on these pages is served from this site itself: no fonts, scripts, images or avatars are loaded from any other host, and no analytics or advertising service sees your visit.

## Cookies {#cookies}

We ask before we set any cookie that is not strictly necessary, and rejecting is as easy as accepting. Until you choose, and after you reject, the only cookie this site sets is the one that remembers your choice. You can change your mind at any time with the **Cookie settings** link at the bottom of every page.

The cookies Gazette can set:

- **`gz_consent`**: remembers whether you accepted or rejected optional cookies, the version of this policy you saw, and when. Lifetime: 6 months. Set when you click Accept or Reject.
- **`gz_commenter`**: remembers your name, email address and website so you need not type them again when you comment. Lifetime: 6 months. Set only if you accepted cookies and ticked "Save my name, email, and website in this browser for the next time I comment".
- **`gz_session`** (called `__Host-gz_session` over HTTPS): keeps editors and administrators logged in; readers never receive it. Lifetime: until logout, at most 7 days, and it ends after 2 hours without activity. Set when a staff member logs in.
- **`gz_login`**: protects the staff login form against cross-site request forgery. Lifetime: 1 hour. Set when the staff login page is opened.

When you make a cookie choice we keep a record of it (the time, the choice, the policy version and a salted hash of your network address, never the address itself) so that we can show that consent was given. These records are deleted after the retention period set by the site (365 days by default).

## Comments {#comments}

When you leave a comment we store the name, email address and website you give, the text of the comment, the time, and a salted hash of your network address (never the address itself). Your email address is never shown publicly. Approved comments stay with the article until they are removed; comments marked as spam are kept for 30 days so a moderator can review them, then deleted.

Spam is filtered here, on this server, without any outside service: a hidden field that only robots fill in, a signed form token that rejects forms sent too quickly or too late, limits on how many comments one address or one article can receive in a short time, a list of blocked words and addresses, and a statistical filter that learns from moderators'' decisions. The filter uses the words, links and author details of comments; a moderator sees its score and reasons for each held comment.

## Your rights

You may ask us to see, correct or delete the personal data we hold about you, such as your comments. Contact the editors through the address on the About page.',
unixepoch());
