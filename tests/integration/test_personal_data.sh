#!/bin/bash
# Readers' personal data and the audit log (issue 19 points 4 and 5),
# through a real `gazette serve` and real admin sessions:
#  - find: every comment under an address (any case) and the consent
#    records made from the same address hash, nobody else's; a bad address
#    is refused beside the field with the text kept;
#  - export: a JSON download (Content-Disposition, application/json) that
#    parses, holds exactly that address's comments with their text byte for
#    byte (quotes, </script>, newline, tab, CJK, U+2028) and its consent
#    records, and nothing of another reader's; < > & are escaped;
#  - erase: refused without the confirmation (nothing changed); anonymise
#    (name "Anonymous", in Chinese "匿名" on a zh-CN site; e-mail, website
#    and hash removed; text kept; tied consent records deleted, others
#    kept) and delete (another reader's reply stays, as a top-level
#    comment; consent records kept when not ticked);
#  - the audit log holds an entry for each export and erasure, naming the
#    admin and a masked address, never the address; for a failed login, a
#    logout, a settings save, a category, a tag and a page deletion, an
#    article deleted for good, a bulk publish, a user created, disabled,
#    enabled, their password reset and their role changed;
#  - /admin/audit: filters (action, actor, dates), refusals of bad filters,
#    pages of 50 by cursor with no entry twice; retention: a bad value is
#    refused with the text kept, a good one deletes older entries at once
#    and is itself logged;
#  - an editor is refused every page and form of both (403), a POST
#    without the CSRF token or from another origin is refused (403).
set -u
. "$(dirname "$0")/lib.sh"

db=$tmp/g.db
"$GAZETTE_BIN" init --db "$db" --demo >/dev/null 2>&1 || die "init"
echo 'admin pass 123' | "$GAZETTE_BIN" user add boss --role admin --password-stdin --db "$db" >/dev/null
echo 'editor pass 123' | "$GAZETTE_BIN" user add ed --role editor --password-stdin --db "$db" >/dev/null
sql() { python3 - "$db" "$1" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for row in c.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
c.commit()
PY
}
art=$(sql "SELECT min(id) FROM articles WHERE status = 'published'")
now=$(date +%s)
h() { printf "X'%032d'" 0 | sed "s/0\{2\}'\$/$1'/"; }
# Comments: ana (two, one written with capitals), bo (two: one a reply to
# cy), cy (one), dan (one); consent records from their addresses.
sql "INSERT INTO comments (id, article_id, parent_id, author_name, author_email, author_url, body,
	status, client_hash, created_at, status_changed_at) VALUES
	(9001, $art, NULL, 'Ana', 'ana@example.org', 'https://ana.example', 'He said \"hi\" </script> & <b>x</b>' || char(10) || 'line2' || char(9) || 'tab 中文 ' || char(8232) || ' end', 'approved', $(h 01), $now - 100, $now - 100),
	(9002, $art, 9001, 'Ana B.', 'Ana@Example.ORG', '', 'second', 'pending', $(h 02), $now - 90, $now - 90),
	(9003, $art, NULL, 'Bo', 'bo@example.org', '', 'bo''s words', 'approved', $(h 03), $now - 80, $now - 80),
	(9004, $art, NULL, 'Cy', 'cy@example.org', '', 'cy writes', 'approved', $(h 04), $now - 70, $now - 70),
	(9005, $art, 9004, 'Bo', 'bo@example.org', '', 'bo answers cy', 'approved', $(h 03), $now - 60, $now - 60),
	(9006, $art, NULL, 'Dan', 'dan@example.org', '', 'dan writes', 'approved', $(h 05), $now - 50, $now - 50)" >/dev/null
sql "INSERT INTO consent_records (id, at, choice, policy_version, client_hash) VALUES
	(801, $now - 200, 'accept', 1, $(h 01)), (802, $now - 199, 'reject', 1, $(h 01)),
	(803, $now - 198, 'accept', 1, $(h 02)), (804, $now - 197, 'accept', 1, $(h 03)),
	(805, $now - 196, 'accept', 1, $(h 04)), (806, $now - 195, 'reject', 1, $(h 09))" >/dev/null

"$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$db" >"$tmp/serve.log" 2>&1 &
pids+=($!)
port=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "no port in $tmp/serve.log"; }
base=http://127.0.0.1:$port
wait_http "$base/" || die "serve does not answer"

login() {
	local jar=$1 tok
	curl -s -c "$jar" -b "$jar" -o "$tmp/form" "$base/admin/login"
	tok=$(sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p' "$tmp/form")
	fetch "$base/admin/login" "$tmp/login" -c "$jar" -b "$jar" --data-urlencode "login=$2" \
		--data-urlencode "password=$3" --data "login_token=$tok"
}
csrf_of() {
	curl -s -b "$1" "$base/admin" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1
}
# audit_count ACTION [WHERE]: entries of ACTION in the table.
audit_count() { sql "SELECT count(*) FROM audit_log WHERE action = '$1' ${2:+AND $2}"; }

step "logins are logged, failed ones too"
code=$(login "$tmp/jx" boss 'wrong password')
cond "a wrong password ($code) is logged as login.failed for the login typed, with no actor" \
	'[ "$(audit_count login.failed "target = '"'boss'"' AND actor_id = 0")" = 1 ]'
code=$(login "$tmp/ja" boss 'admin pass 123')
check "admin logs in: 303 ($code)" [ "$code" = 303 ]
csrf=$(csrf_of "$tmp/ja")
cond "csrf token found" '[ -n "$csrf" ]'
login "$tmp/je" ed 'editor pass 123' >/dev/null
ecsrf=$(csrf_of "$tmp/je")

step "who may: editors refused, CSRF required"
for p in /admin/personal-data /admin/audit; do
	code=$(fetch "$base$p" "$tmp/x" -b "$tmp/je")
	check "editor GET $p: 403 ($code)" [ "$code" = 403 ]
done
for p in /admin/personal-data /admin/personal-data/export /admin/personal-data/erase /admin/audit/retention; do
	code=$(fetch "$base$p" "$tmp/x" -b "$tmp/je" --data "csrf=$ecsrf&email=ana@example.org&mode=delete&confirm=1&consent=1&days=1")
	check "editor POST $p: 403 ($code)" [ "$code" = 403 ]
done
code=$(fetch "$base/admin/personal-data" "$tmp/x")
check "no session: not shown ($code)" [ "$code" != 200 ]
code=$(fetch "$base/admin/personal-data/export" "$tmp/x" -b "$tmp/ja" --data "email=ana@example.org")
check "export without the CSRF token: 403 ($code)" [ "$code" = 403 ]
code=$(fetch "$base/admin/personal-data/erase" "$tmp/x" -b "$tmp/ja" -H "Origin: https://evil.example" \
	--data "csrf=$csrf&email=ana@example.org&mode=delete&confirm=1")
check "erase from another origin: 403 ($code)" [ "$code" = 403 ]
cond "  nothing was erased" '[ "$(sql "SELECT count(*) FROM comments WHERE id IN (9001, 9002)")" = 2 ]'
cond "  and nothing exported or erased is logged" \
	'[ "$(sql "SELECT count(*) FROM audit_log WHERE action LIKE '"'personal.%'"'")" = 0 ]'

step "find"
code=$(fetch "$base/admin/personal-data" "$tmp/f" -b "$tmp/ja")
cond "the form: 200 ($code), linked from the admin menu" \
	'[ "$code" = 200 ] && grep -q "href=\"/admin/personal-data\" aria-current=\"page\"" "$tmp/f"'
code=$(fetch "$base/admin/personal-data" "$tmp/f" -b "$tmp/ja" --data "csrf=$csrf" --data-urlencode "email=  not an address <x>")
cond "a bad address: 422 ($code), refused beside the field, text kept" \
	'[ "$code" = 422 ] && grep -q "id=\"email-error\"" "$tmp/f" && grep -qF "value=\"  not an address &lt;x&gt;\"" "$tmp/f"'
code=$(fetch "$base/admin/personal-data" "$tmp/f" -b "$tmp/ja" --data "csrf=$csrf" --data-urlencode "email= ANA@example.org ")
cond "ana's data: 200 ($code), 2 comments (either case) and 3 consent records" \
	'[ "$code" = 200 ] && grep -q ">2 comments<" "$tmp/f" && grep -q ">3 consent records<" "$tmp/f" && grep -q "second" "$tmp/f"'
cond "  nobody else's" '! grep -q "bo&#39;s words\|bo@example.org\|cy writes" "$tmp/f"'
cond "  address hashes of the tied records only" \
	'grep -c "<code>0*0[12]</code>" "$tmp/f" | grep -qx 3 && ! grep -q "<code>0*0[39]</code>" "$tmp/f"'

step "export"
code=$(fetch "$base/admin/personal-data/export" "$tmp/e.json" -b "$tmp/ja" --data "csrf=$csrf" --data-urlencode "email=ana@example.org")
ct=$(header "$tmp/e.json.h" content-type)
cd=$(header "$tmp/e.json.h" content-disposition)
cond "200 ($code), application/json ($ct), a download ($cd)" \
	'[ "$code" = 200 ] && [[ "$ct" == application/json* ]] && [[ "$cd" == attachment* ]]'
cond "no raw < or > in the file (escaped as \\u003c)" '! grep -q "[<>]" "$tmp/e.json" && grep -qF "\\u003c/script\\u003e" "$tmp/e.json"'
cond "never stored by a cache" '[ "$(header "$tmp/e.json.h" cache-control)" = "private, no-store" ]'
python3 - "$tmp/e.json" "$db" >"$tmp/e.check" 2>&1 <<'PY'
import json, sqlite3, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
db = sqlite3.connect(sys.argv[2])
ids = sorted(c["id"] for c in doc["comments"])
assert ids == [9001, 9002], ids
assert doc["comments_total"] == 2 and doc["consent_records_total"] == 3
for c in doc["comments"]:
    body, email = db.execute("SELECT body, author_email FROM comments WHERE id = ?", (c["id"],)).fetchone()
    assert c["text"] == body, (c["text"], body)
    assert c["email"] == email
assert doc["comments"][0]["in_reply_to"] is None and doc["comments"][1]["in_reply_to"] == 9001
assert "\u2028" in doc["comments"][0]["text"] and "中文" in doc["comments"][0]["text"]
assert sorted(r["id"] for r in doc["consent_records"]) == [801, 802, 803]
assert doc["comments"][0]["network_address_hash"] == "00" * 15 + "01"
text = open(sys.argv[1], encoding="utf-8").read()
for other in ("bo@example.org", "cy writes", "dan", "bo's words"):
    assert other not in text, other
print("ok")
PY
cond "the JSON parses and holds exactly ana's comments (text byte for byte) and tied records" 'grep -qx ok "$tmp/e.check" || { cat "$tmp/e.check"; false; }'
cond "the export is logged with a masked address and a reference" \
	'[ "$(audit_count personal.export "actor_login = '"'boss'"' AND target GLOB '"'a[*][*][*]@example.org ref [0-9a-f]*'"' AND detail = '"'comments: 2, consent records: 3'"'")" = 1 ]'
cond "  and the address itself appears nowhere in the log" \
	'[ "$(sql "SELECT count(*) FROM audit_log WHERE lower(target || detail) LIKE '"'%ana@%'"'")" = 0 ]'

step "erase: anonymise"
code=$(fetch "$base/admin/personal-data/erase" "$tmp/r" -b "$tmp/ja" --data "csrf=$csrf&email=ana@example.org&mode=anonymise&consent=1")
cond "without the confirmation: 422 ($code), said so, nothing changed" \
	'[ "$code" = 422 ] && grep -q "id=\"erase-error\"" "$tmp/r" && [ "$(sql "SELECT count(*) FROM comments WHERE author_email LIKE '"'ana@%'"' COLLATE NOCASE")" = 2 ] && [ "$(sql "SELECT count(*) FROM consent_records")" = 6 ]'
code=$(fetch "$base/admin/personal-data/erase" "$tmp/r" -b "$tmp/ja" --data "csrf=$csrf&email=ana@example.org&mode=anonymise&consent=1&confirm=1")
cond "anonymised: 200 ($code), the page says 2 and 3" \
	'[ "$code" = 200 ] && grep -q "2 comments anonymised." "$tmp/r" && grep -q "3 consent records deleted." "$tmp/r"'
cond "  the comments: name Anonymous, no e-mail, website or hash, text and status kept" \
	'[ "$(sql "SELECT count(*) FROM comments WHERE id IN (9001, 9002) AND author_name = '"'Anonymous'"' AND author_email = '"''"' AND author_url = '"''"' AND client_hash IS NULL AND reasons = '"''"'")" = 2 ] && [ "$(sql "SELECT group_concat(status || '"':'"' || body, '"'|'"') FROM (SELECT status, body FROM comments WHERE id IN (9001, 9002) AND id > 9001)")" = "pending:second" ] && [ "$(sql "SELECT status FROM comments WHERE id = 9001")" = approved ]'
cond "  the tied consent records are gone, the others kept" \
	'[ "$(sql "SELECT group_concat(id) FROM (SELECT id FROM consent_records ORDER BY id)")" = "804,805,806" ]'
cond "  bo's comments untouched" '[ "$(sql "SELECT count(*) FROM comments WHERE author_email = '"'bo@example.org'"' AND client_hash IS NOT NULL")" = 2 ]'
cond "  logged: who, the masked address, what" \
	'[ "$(audit_count personal.erase "actor_login = '"'boss'"' AND target LIKE '"'a***@example.org ref %'"' AND detail = '"'anonymised comments: 2, deleted consent records: 3'"'")" = 1 ]'
cond "  the article shows the comment as Anonymous" 'curl -s "$base/article/$(sql "SELECT slug FROM articles WHERE id = $art")" | grep -q "Anonymous"'
code=$(fetch "$base/admin/personal-data" "$tmp/f" -b "$tmp/ja" --data "csrf=$csrf&email=ana@example.org")
cond "a second search finds nothing ($code)" '[ "$code" = 200 ] && grep -q ">0 comments<" "$tmp/f"'

step "erase: delete"
code=$(fetch "$base/admin/personal-data/erase" "$tmp/r" -b "$tmp/ja" --data "csrf=$csrf&email=cy@example.org&mode=delete&confirm=1")
cond "deleted: 200 ($code), 1 comment" '[ "$code" = 200 ] && grep -q "1 comment deleted." "$tmp/r"'
cond "  cy's comment is gone, bo's reply to it stays as a top-level comment" \
	'[ "$(sql "SELECT count(*) FROM comments WHERE id = 9004")" = 0 ] && [ "$(sql "SELECT coalesce(parent_id, 0) FROM comments WHERE id = 9005")" = 0 ]'
cond "  consent not ticked: cy's record kept" '[ "$(sql "SELECT count(*) FROM consent_records WHERE id = 805")" = 1 ]'
cond "  logged" '[ "$(audit_count personal.erase "detail = '"'deleted comments: 1, deleted consent records: 0'"'")" = 1 ]'
sql "INSERT OR REPLACE INTO settings (key, value) VALUES ('site_language', 'zh-CN')" >/dev/null
code=$(fetch "$base/admin/personal-data/erase" "$tmp/r" -b "$tmp/ja" --data "csrf=$csrf&email=dan@example.org&mode=anonymise&confirm=1")
cond "on a Chinese site an anonymised comment is signed 匿名 ($code)" '[ "$(sql "SELECT author_name FROM comments WHERE id = 9006")" = "匿名" ]'
sql "UPDATE settings SET value = 'en' WHERE key = 'site_language'" >/dev/null
code=$(fetch "$base/admin/personal-data/erase" "$tmp/r" -b "$tmp/ja" --data "csrf=$csrf&email=dan@example.org&mode=shred&confirm=1")
check "an unknown mode: 400 ($code)" [ "$code" = 400 ]

step "staff actions are logged"
cat=$(sql "SELECT id FROM categories ORDER BY id DESC LIMIT 1")
code=$(fetch "$base/admin/categories/$cat/delete" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf&move_to=")
cond "category deleted ($code) and logged" '[ "$(audit_count category.delete "target = '"'category $cat'"'")" = 1 ]'
tag=$(sql "SELECT id FROM tags ORDER BY id LIMIT 1")
code=$(fetch "$base/admin/tags/$tag/delete" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf")
cond "tag deleted ($code) and logged" '[ "$(audit_count tag.delete "target = '"'tag $tag'"'")" = 1 ]'
gone=$(sql "SELECT max(id) FROM articles")
sql "UPDATE articles SET status = 'trash' WHERE id = $gone" >/dev/null
title=$(sql "SELECT title FROM articles WHERE id = $gone")
code=$(fetch "$base/admin/articles/$gone/delete" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf")
cond "article deleted for good ($code) and logged with its title" \
	'[ "$code" = 303 ] && [ "$(audit_count article.delete "target = '"'article $gone'"'")" = 1 ] && [ "$(sql "SELECT detail FROM audit_log WHERE action = '"'article.delete'"'")" = "$title" ]'
sql "INSERT INTO pages (slug, title, body, updated_at) VALUES ('old-notice', 'Old notice', 'x', $now)" >/dev/null
code=$(fetch "$base/admin/pages/old-notice/delete" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf")
cond "page deleted ($code) and logged" '[ "$code" = 303 ] && [ "$(audit_count page.delete "target = '"'page old-notice'"'")" = 1 ]'
draft=$(sql "SELECT min(id) FROM articles WHERE status = 'published'")
sql "UPDATE articles SET status = 'draft' WHERE id = $draft" >/dev/null
code=$(fetch "$base/admin/articles/bulk" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf&action=publish&status=draft&ids=$draft")
cond "bulk publish ($code) logged" '[ "$(audit_count article.publish "target = '"'1 articles'"'")" = 1 ]'
code=$(fetch "$base/admin/users/new" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf&login=newbie&display_name=New&email=&role=author" --data-urlencode "password=long enough 123")
cond "user created ($code) and logged" '[ "$(audit_count user.create "target = '"'user newbie'"' AND detail = '"'role author'"'")" = 1 ]'
uid=$(sql "SELECT id FROM users WHERE login = 'newbie'")
code=$(fetch "$base/admin/users/$uid" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf&action=save&display_name=New&email=&role=editor")
cond "role changed ($code) and logged" '[ "$(audit_count user.role "detail = '"'author -> editor'"'")" = 1 ]'
for act in disable enable; do
	code=$(fetch "$base/admin/users/$uid" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf&action=$act")
	cond "user ${act}d ($code) and logged" '[ "$(audit_count user.$act "target = '"'user newbie'"'")" = 1 ]'
done
code=$(fetch "$base/admin/users/$uid" "$tmp/x" -b "$tmp/ja" --data "csrf=$csrf&action=reset")
cond "password reset ($code) and logged" '[ "$(audit_count password.reset "target = '"'user newbie'"'")" = 1 ]'
curl -s -b "$tmp/ja" "$base/admin/settings" >"$tmp/settings.html"
python3 - "$tmp/settings.html" >"$tmp/settings.form" <<'PY'
# The settings form as it stands, with a new tagline: urlencoded.
import html.parser, sys, urllib.parse
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.f = {}; self.ta = None; self.inform = False
    def handle_starttag(self, t, a):
        a = dict(a)
        if t == "form" and a.get("action") == "/admin/settings": self.inform = True
        if not self.inform: return
        if t == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a: return
            if a.get("type") == "submit": return
            self.f[a["name"]] = a.get("value") or ""
        if t == "textarea": self.ta = a.get("name"); self.f[self.ta] = ""
        if t == "select": self.sel = a.get("name")
        if t == "option" and "selected" in a: self.f[self.sel] = a.get("value", "")
    def handle_endtag(self, t):
        if t == "textarea": self.ta = None
        if t == "form": self.inform = False
    def handle_data(self, d):
        if self.ta: self.f[self.ta] += d
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read())
p.f["tagline"] = "Audited news"
print(urllib.parse.urlencode(p.f))
PY
code=$(fetch "$base/admin/settings" "$tmp/x" -b "$tmp/ja" --data "@$tmp/settings.form")
# Keys the form fills with a default the table does not hold yet (the
# site's address) count as changed too: their stored value changes.
cond "settings saved ($code) and logged with the keys that changed" \
	'[ "$code" = 303 ] && [ "$(audit_count settings.update "target = '"'settings'"' AND (detail = '"'tagline'"' OR detail LIKE '"'tagline, %'"')")" = 1 ]'

step "the audit page"
code=$(fetch "$base/admin/audit" "$tmp/a" -b "$tmp/ja")
cond "200 ($code), newest first, with labels" \
	'[ "$code" = 200 ] && grep -o "data-action=\"[a-z.]*\"" "$tmp/a" | head -1 | grep -q settings.update && grep -q "Erased a reader" "$tmp/a"'
code=$(fetch "$base/admin/audit?action=personal.erase" "$tmp/a" -b "$tmp/ja")
cond "filter by action ($code): the 3 erasures only" \
	'[ "$(grep -o "data-action=\"[a-z.]*\"" "$tmp/a" | sort -u)" = "data-action=\"personal.erase\"" ] && [ "$(grep -c "data-action=" "$tmp/a")" = 3 ]'
code=$(fetch "$base/admin/audit?actor=boss&action=personal.erase" "$tmp/a" -b "$tmp/ja")
cond "filter by actor and action ($code): boss's 3 erasures" '[ "$(grep -c "data-action=\"personal.erase\"" "$tmp/a")" = 3 ]'
code=$(fetch "$base/admin/audit?actor=ed&action=personal.erase" "$tmp/a" -b "$tmp/ja")
cond "another actor ($code): none" '[ "$(grep -c "data-action=" "$tmp/a")" = 0 ] && grep -q "No entries match." "$tmp/a"'
today=$(date -u +%Y-%m-%d)
code=$(fetch "$base/admin/audit?from=$today&to=$today&action=login.failed" "$tmp/a" -b "$tmp/ja")
cond "filter by dates ($code)" '[ "$code" = 200 ] && [ "$(grep -c "data-action=" "$tmp/a")" = 1 ]'
code=$(fetch "$base/admin/audit?from=2026-02-30" "$tmp/a" -b "$tmp/ja")
cond "a bad date: 400 ($code) with the reason" '[ "$code" = 400 ] && grep -q "YYYY-MM-DD" "$tmp/a"'
code=$(fetch "$base/admin/audit?action=drop.table" "$tmp/a" -b "$tmp/ja")
check "an unknown action: 400 ($code)" [ "$code" = 400 ]
code=$(fetch "$base/admin/audit?before=x1" "$tmp/a" -b "$tmp/ja")
check "a bad cursor: 400 ($code)" [ "$code" = 400 ]
sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120)
	INSERT INTO audit_log (at, actor_id, actor_login, action, target) SELECT $now, 0, 'bot', 'logout', 'n' || i FROM n" >/dev/null
url="$base/admin/audit?actor=bot&action=logout"
: >"$tmp/seen"
pages=""
for i in 1 2 3 4; do
	fetch "$url" "$tmp/a" -b "$tmp/ja" >/dev/null
	n=$(grep -c "data-action=" "$tmp/a")
	pages="$pages$n "
	grep -o "<td>n[0-9]*</td>" "$tmp/a" >>"$tmp/seen"
	next=$(sed -n 's/.*href="\([^"]*before=[0-9]*\)" rel="next".*/\1/p' "$tmp/a" | sed 's/&amp;/\&/g')
	[ -n "$next" ] || break
	url="$base$next"
done
cond "120 entries in pages of 50 ($pages) by cursor, none twice, newest first" \
	'[ "$pages" = "50 50 20 " ] && [ "$(sort -u "$tmp/seen" | wc -l)" = 120 ] && [ "$(head -1 "$tmp/seen")" = "<td>n120</td>" ] && [ "$(tail -1 "$tmp/seen")" = "<td>n1</td>" ]'

step "retention"
sql "INSERT INTO audit_log (at, action, target) VALUES ($now - 40 * 86400, 'logout', 'old'), ($now - 20 * 86400, 'logout', 'recent')" >/dev/null
code=$(fetch "$base/admin/audit/retention" "$tmp/a" -b "$tmp/ja" --data "csrf=$csrf&days=abc")
cond "a bad number: 422 ($code), refused beside the field, text kept" \
	'[ "$code" = 422 ] && grep -q "id=\"days-error\"" "$tmp/a" && grep -q "value=\"abc\"" "$tmp/a"'
code=$(fetch "$base/admin/audit/retention" "$tmp/a" -b "$tmp/ja" --data "days=30")
check "without the CSRF token: 403 ($code)" [ "$code" = 403 ]
code=$(fetch "$base/admin/audit/retention" "$tmp/a" -b "$tmp/ja" --data "csrf=$csrf&days=30")
cond "30 days: 303 ($code); the 40-day-old entry is gone at once, the 20-day-old one kept" \
	'[ "$code" = 303 ] && [ "$(sql "SELECT count(*) FROM audit_log WHERE target = '"'old'"'")" = 0 ] && [ "$(sql "SELECT count(*) FROM audit_log WHERE target = '"'recent'"'")" = 1 ]'
cond "  the change is logged" '[ "$(audit_count settings.update "detail = '"'audit_retention_days: 365 -> 30'"'")" = 1 ]'
cond "  and shown" 'curl -s -b "$tmp/ja" "$base/admin/audit" | grep -q "kept for 30 days"'

step "the privacy policy says how to ask"
cond "/privacy: how to ask and what happens" \
	'curl -s "$base/privacy" | grep -q "from the e-mail address you commented with" && curl -s "$base/privacy" | grep -q "We answer within one month"'

step "logout is logged"
code=$(fetch "$base/admin/logout" "$tmp/x" -b "$tmp/je" --data "csrf=$ecsrf")
cond "ed logs out ($code): logged" '[ "$(audit_count logout "actor_login = '"'ed'"'")" = 1 ]'

finish
