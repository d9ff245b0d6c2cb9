#!/bin/bash
# The admin area's front door, through `gazette serve` and curl with cookie
# jars: login (right, wrong, unknown and disabled accounts read the same),
# the session cookie's attributes, rotation at login, idle and absolute
# expiry, logout, CSRF on the login form and on admin posts, roles,
# throttling (429, then a logged lock), a password change ending the other
# sessions, settings validation, user management and the consent CSV.
# (tests/unit/test_guard.c walks every admin POST route of the table.)
set -u
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 not found: skip"; exit 77; }

db=$tmp/g.db
# The server's clock is the test's: throttling delays and lock lengths are
# walked through by rewriting this file, never waited for.
now=$(date +%s)
export GAZETTE_TEST_CLOCK=$tmp/clock
echo "$now" >"$GAZETTE_TEST_CLOCK"
"$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$db" >"$tmp/serve.log" 2>&1 &
pids+=($!)
port=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "no port in $tmp/serve.log"; }
base=http://127.0.0.1:$port
wait_http "$base/" || die "serve does not answer"
adminpw=$(sed -n 's/.*admin login: admin  password: \([^ ]*\).*/\1/p' "$tmp/serve.log" | head -1)
[ -n "$adminpw" ] || die "no admin password in the log"

sql() { sqlite3 -cmd '.timeout 5000' "$db" "$@"; }
adduser() { echo "$3" | "$GAZETTE_BIN" user add "$1" --role "$2" --password-stdin --db "$db" >/dev/null 2>&1; }
adduser ed editor 'editor pass 1'
adduser au author 'author pass 1'
adduser au2 author 'author pass 2'
adduser dis author 'disabled pass'
sql "UPDATE users SET disabled = 1 WHERE login = 'dis'"
reset_attempts() { sql "DELETE FROM login_attempts"; }

# login JAR LOGIN PASSWORD [NEXT]: fetch the form, post it; prints the
# status; the answer is in $tmp/login(.h).
login() {
	local jar=$1 tok
	curl -s -c "$jar" -b "$jar" -o "$tmp/form" "$base/admin/login"
	tok=$(sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p' "$tmp/form")
	fetch "$base/admin/login" "$tmp/login" -c "$jar" -b "$jar" --data-urlencode "login=$2" \
		--data-urlencode "password=$3" --data-urlencode "next=${4:-}" --data "login_token=$tok"
}
# csrf_of JAR: the CSRF token of the session in JAR (from the dashboard's logout form).
csrf_of() {
	curl -s -b "$1" "$base/admin" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1
}
# status_of JAR PATH: the status of a GET.
status_of() { curl -s -o /dev/null -w '%{http_code}' -b "$1" "$base$2"; }
session_of() { awk '$6 == "gz_session" { print $7 }' "$1"; }

step "login form"
code=$(fetch "$base/admin" "$tmp/a0")
check "no session: 303 ($code)" [ "$code" = 303 ]
check "to /admin/login?next=%2Fadmin" [ "$(header "$tmp/a0.h" location)" = "/admin/login?next=%2Fadmin" ]
code=$(fetch "$base/admin/login" "$tmp/lf")
check "login page 200 ($code)" [ "$code" = 200 ]
check "login page private, no-store" [ "$(header "$tmp/lf.h" cache-control)" = "private, no-store" ]
check "form posts to /admin/login" grep -qF 'method="post" action="/admin/login"' "$tmp/lf"
check "pre-session cookie is HttpOnly, SameSite=Strict" grep -qiE '^set-cookie: gz_login=[0-9a-f]{32};.*HttpOnly; SameSite=Strict' "$tmp/lf.h"

step "login success and the cookie"
code=$(login "$tmp/jar" admin "$adminpw")
check "303 ($code)" [ "$code" = 303 ]
check "to /admin" [ "$(header "$tmp/login.h" location)" = /admin ]
sc=$(grep -i '^set-cookie: gz_session=' "$tmp/login.h" | tr -d '\r')
check "session cookie set" [ -n "$sc" ]
for attr in 'HttpOnly' 'SameSite=Lax' 'Path=/'; do
	check "cookie has $attr" grep -qF "$attr" <<<"$sc"
done
cond "no Secure over plain http" '! grep -qi secure <<<"$sc"'
cond "value is 64 hex digits" 'grep -qE "gz_session=[0-9a-f]{64};" <<<"$sc"'
tok1=$(session_of "$tmp/jar")
cond "token not stored in the database" '! sql "SELECT hex(token_hash) FROM sessions" | grep -qi "$tok1"'
code=$(fetch "$base/admin" "$tmp/dash" -b "$tmp/jar")
check "dashboard 200 ($code)" [ "$code" = 200 ]
check "dashboard private, no-store" [ "$(header "$tmp/dash.h" cache-control)" = "private, no-store" ]
check "dashboard shows counts" grep -qF '<dt>Published</dt>' "$tmp/dash"
check "logout is a form button" grep -qF 'action="/admin/logout"' "$tmp/dash"

step "rotation"
code=$(login "$tmp/jar" admin "$adminpw")
tok2=$(session_of "$tmp/jar")
check "second login 303 ($code)" [ "$code" = 303 ]
cond "token differs between logins" '[ -n "$tok2" ] && [ "$tok1" != "$tok2" ]'
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: gz_session=$tok1" "$base/admin")
check "old token no longer works ($code)" [ "$code" = 303 ]
check "new token works" [ "$(status_of "$tmp/jar" /admin)" = 200 ]

step "next"
code=$(login "$tmp/jn" admin "$adminpw" /admin/users)
check "next=/admin/users honoured" [ "$(header "$tmp/login.h" location)" = /admin/users ]
code=$(login "$tmp/jn" admin "$adminpw" //evil.example/x)
check "next=//evil.example ignored" [ "$(header "$tmp/login.h" location)" = /admin ]

step "failures read the same"
reset_attempts
code=$(login "$tmp/jx" admin 'wrong password')
check "wrong password: form again ($code)" [ "$code" = 200 ]
check "wrong password: generic message" grep -qF 'Login or password is incorrect' "$tmp/login"
check "wrong password: no session cookie" sh -c "! grep -qi '^set-cookie: gz_session' '$tmp/login.h'"
check "typed login kept" grep -qF 'value="admin"' "$tmp/login"
reset_attempts
login "$tmp/jx" nobody 'whatever pass' >/dev/null
check "unknown user: same message" grep -qF 'Login or password is incorrect' "$tmp/login"
reset_attempts
login "$tmp/jx" dis 'disabled pass' >/dev/null
check "disabled user: same message" grep -qF 'Login or password is incorrect' "$tmp/login"
check "disabled user: no session" sh -c "! grep -qi '^set-cookie: gz_session' '$tmp/login.h'"
reset_attempts

step "login form CSRF"
code=$(fetch "$base/admin/login" "$tmp/nt" --data "login=admin&password=$adminpw")
check "no form token: 403 ($code)" [ "$code" = 403 ]
check "no form token: no session" sh -c "! grep -qi '^set-cookie: gz_session' '$tmp/nt.h'"
curl -s -c "$tmp/jc" -b "$tmp/jc" -o "$tmp/form" "$base/admin/login"
tok=$(sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p' "$tmp/form")
code=$(fetch "$base/admin/login" "$tmp/xo" -b "$tmp/jc" -H 'Origin: https://evil.example' \
	--data-urlencode "password=$adminpw" --data "login=admin&login_token=$tok")
check "cross-site login post: 403 ($code)" [ "$code" = 403 ]
code=$(fetch "$base/admin/login" "$tmp/wt" -H 'Cookie: gz_login=00000000000000000000000000000000' \
	--data-urlencode "password=$adminpw" --data "login=admin&login_token=$tok")
check "token for another cookie: 403 ($code)" [ "$code" = 403 ]

step "throttling"
reset_attempts
for i in 1 2 3; do login "$tmp/jt" au 'bad pass' >/dev/null; done
code=$(login "$tmp/jt" au 'author pass 1')
check "4th try right after 3 failures: 429 ($code)" [ "$code" = 429 ]
check "429 says how long" grep -qE 'Too many attempts; try again in [0-9]+ seconds' "$tmp/login"
check "429 has Retry-After" [ -n "$(header "$tmp/login.h" retry-after)" ]
check "429 sets no session" sh -c "! grep -qi '^set-cookie: gz_session' '$tmp/login.h'"
n=$(header "$tmp/login.h" retry-after)
echo $((now + ${n:-0} - 1)) >"$GAZETTE_TEST_CLOCK"
code=$(login "$tmp/jt" au 'author pass 1')
check "a second before the delay ends: still 429 ($code)" [ "$code" = 429 ]
now=$((now + ${n:-0}))
echo "$now" >"$GAZETTE_TEST_CLOCK"
code=$(login "$tmp/jt" au 'author pass 1')
check "after the delay the right password works ($code)" [ "$code" = 303 ]
reset_attempts
# 29 failures from elsewhere (other addresses) and one from here: the
# account's lock (30 from any address; one address alone locks only its own
# pair after 10, test_accounts.sh).
for i in $(seq 29); do
	sql "INSERT INTO login_attempts (login, client_hash, at, ok) VALUES ('ed', randomblob(16), $((now - 300)), 0)"
done
code=$(login "$tmp/jl" ed 'bad pass')
check "30th failure answered normally ($code)" [ "$code" = 200 ]
check "lock logged on stderr" grep -qF 'gazette: login locked for account ed' "$tmp/serve.log"
code=$(login "$tmp/jl" ed 'editor pass 1')
check "locked: right password refused with 429 ($code)" [ "$code" = 429 ]
n=$(sed -n 's/.*try again in \([0-9]*\) seconds.*/\1/p' "$tmp/login" | head -1)
cond "lock lasts 15 minutes from the 30th failure ($n s)" '[ "$n" = 900 ]'
reset_attempts

step "idle and absolute expiry"
login "$tmp/je" au 'author pass 1' >/dev/null
check "fresh session works" [ "$(status_of "$tmp/je" /admin)" = 200 ]
sql "UPDATE sessions SET last_seen = last_seen - 7300 WHERE user_id = (SELECT id FROM users WHERE login = 'au')"
code=$(fetch "$base/admin" "$tmp/ie" -b "$tmp/je")
check "idle for over 2 hours: back to login ($code)" [ "$code" = 303 ]
check "idle: redirect to login" grep -qi '^location: /admin/login' "$tmp/ie.h"
login "$tmp/je" au 'author pass 1' >/dev/null
sql "UPDATE sessions SET expires_at = $((now - 1)) WHERE user_id = (SELECT id FROM users WHERE login = 'au')"
check "past absolute expiry: back to login" [ "$(status_of "$tmp/je" /admin)" = 303 ]
n=$(sql "SELECT count(*) FROM sessions WHERE user_id = (SELECT id FROM users WHERE login = 'au')")
check "expired rows are deleted ($n)" [ "$n" = 0 ]

step "logout"
login "$tmp/jo" ed 'editor pass 1' >/dev/null
csrf=$(csrf_of "$tmp/jo")
check "page carries a CSRF token" [ ${#csrf} = 64 ]
code=$(fetch "$base/admin/logout" "$tmp/lo0" -b "$tmp/jo" --data "")
check "logout without token: 403 ($code)" [ "$code" = 403 ]
check "still logged in" [ "$(status_of "$tmp/jo" /admin)" = 200 ]
code=$(fetch "$base/admin/logout" "$tmp/lo1" -b "$tmp/jo" --data "csrf=$(printf '%064d' 0)")
check "logout with wrong token: 403 ($code)" [ "$code" = 403 ]
code=$(fetch "$base/admin/logout" "$tmp/lo" -b "$tmp/jo" -c "$tmp/jo" --data "csrf=$csrf")
check "logout 303 ($code)" [ "$code" = 303 ]
check "to /admin/login" [ "$(header "$tmp/lo.h" location)" = /admin/login ]
check "cookie cleared" grep -qiE '^set-cookie: gz_session=;.*Max-Age=0' "$tmp/lo.h"
n=$(sql "SELECT count(*) FROM sessions WHERE user_id = (SELECT id FROM users WHERE login = 'ed')")
check "session row deleted ($n)" [ "$n" = 0 ]

step "CSRF on admin posts"
acsrf=$(csrf_of "$tmp/jar")
before=$(sql "SELECT group_concat(key || '=' || value, ';') FROM settings WHERE key != 'site_secret'")
code=$(fetch "$base/admin/settings" "$tmp/s0" -b "$tmp/jar" --data "site_name=Hacked&per_page=5")
check "settings without token: 403 ($code)" [ "$code" = 403 ]
code=$(fetch "$base/admin/settings" "$tmp/s1" -b "$tmp/jar" --data "csrf=$(printf '%064d' 1)&site_name=Hacked")
check "settings with wrong token: 403 ($code)" [ "$code" = 403 ]
code=$(fetch "$base/admin/settings" "$tmp/s2" -b "$tmp/jar" -H 'Origin: https://evil.example' --data "csrf=$acsrf&site_name=Hacked")
check "settings cross-site with token: 403 ($code)" [ "$code" = 403 ]
after=$(sql "SELECT group_concat(key || '=' || value, ';') FROM settings WHERE key != 'site_secret'")
check "nothing changed" [ "$before" = "$after" ]
code=$(fetch "$base/admin/users/new" "$tmp/u0" -b "$tmp/jar" --data "login=sneaky&role=admin&password=12345678")
check "create user without token: 403 ($code)" [ "$code" = 403 ]
check "no user made" [ "$(sql "SELECT count(*) FROM users WHERE login = 'sneaky'")" = 0 ]

step "roles"
login "$tmp/jau" au 'author pass 1' >/dev/null
check "author: /admin 200" [ "$(status_of "$tmp/jau" /admin)" = 200 ]
check "author: /admin/users 403" [ "$(status_of "$tmp/jau" /admin/users)" = 403 ]
check "author: /admin/settings 403" [ "$(status_of "$tmp/jau" /admin/settings)" = 403 ]
check "author: /admin/consent 403" [ "$(status_of "$tmp/jau" /admin/consent)" = 403 ]
check "author: /admin/account 200" [ "$(status_of "$tmp/jau" /admin/account)" = 200 ]
login "$tmp/jed" ed 'editor pass 1' >/dev/null
check "editor: /admin/users 403" [ "$(status_of "$tmp/jed" /admin/users)" = 403 ]
code=$(fetch "$base/admin/settings" "$tmp/es" -b "$tmp/jed" --data "csrf=$(csrf_of "$tmp/jed")&site_name=Editor")
check "editor: POST /admin/settings 403 ($code)" [ "$code" = 403 ]

step "password change ends the other sessions"
login "$tmp/jp1" au2 'author pass 2' >/dev/null
login "$tmp/jp2" au2 'author pass 2' >/dev/null
check "two sessions" [ "$(status_of "$tmp/jp2" /admin)" = 200 ]
c1=$(csrf_of "$tmp/jp1")
code=$(fetch "$base/admin/account" "$tmp/pw0" -b "$tmp/jp1" --data "csrf=$c1&display_name=Au%20Two&current_password=wrong%20one&new_password=new%20pass%2022&new_password2=new%20pass%2022")
check "wrong current password: 422 ($code)" [ "$code" = 422 ]
check "  says so beside the field" grep -qF 'This is not your current password.' "$tmp/pw0"
check "  other session still alive" [ "$(status_of "$tmp/jp2" /admin)" = 200 ]
code=$(fetch "$base/admin/account" "$tmp/pw" -b "$tmp/jp1" --data "csrf=$c1&display_name=Au%20Two&current_password=author%20pass%202&new_password=new%20pass%2022&new_password2=new%20pass%2022")
check "password changed: 303 ($code)" [ "$code" = 303 ]
check "this session lives on" [ "$(status_of "$tmp/jp1" /admin)" = 200 ]
check "the other session is gone" [ "$(status_of "$tmp/jp2" /admin)" = 303 ]
reset_attempts
check "old password refused" [ "$(login "$tmp/jp3" au2 'author pass 2')" = 200 ]
reset_attempts
check "new password accepted" [ "$(login "$tmp/jp3" au2 'new pass 22')" = 303 ]

step "settings"
acsrf=$(csrf_of "$tmp/jar")
code=$(fetch "$base/admin/settings" "$tmp/sv" -b "$tmp/jar" --data "csrf=$acsrf&site_name=Kept%20Name&tagline=T&base_url=ftp://x&per_page=0&consent_text=Hi&consent_retention_days=30&session_idle_minutes=60&comment_max_links=2&comment_max_length=5000&comment_min_seconds=3&media_max_bytes=8388608")
check "invalid settings: 422 ($code)" [ "$code" = 422 ]
check "  error beside per_page" grep -qF 'Give a whole number from 1 to 100.' "$tmp/sv"
check "  error beside base_url" grep -qF 'Give an address starting with https://' "$tmp/sv"
check "  typed value kept" grep -qF 'value="Kept Name"' "$tmp/sv"
check "  nothing saved" [ "$(sql "SELECT count(*) FROM settings WHERE value = 'Kept Name'")" = 0 ]
code=$(fetch "$base/admin/settings" "$tmp/sv2" -b "$tmp/jar" --data "csrf=$acsrf&site_name=New%20Name&tagline=T&base_url=https://news.example.org&per_page=7&consent_text=Hi&consent_retention_days=30&session_idle_minutes=60&comment_max_links=2&comment_max_length=5000&comment_min_seconds=3&media_max_bytes=8388608&bump_policy=1&feed_full_content=1")
check "valid settings: 303 ($code)" [ "$code" = 303 ]
check "  site name saved" [ "$(sql "SELECT value FROM settings WHERE key = 'site_name'")" = "New Name" ]
check "  policy version bumped" [ "$(sql "SELECT value FROM settings WHERE key = 'policy_version'")" = 2 ]
check "  checkbox saved" [ "$(sql "SELECT value FROM settings WHERE key = 'feed_full_content'")" = 1 ]
check "  unchecked box saved as 0" [ "$(sql "SELECT value FROM settings WHERE key = 'allow_author_publish'")" = 0 ]
check "  shown on the site" sh -c "curl -s '$base/' | grep -qF 'New Name'"

step "users"
acsrf=$(csrf_of "$tmp/jar")
code=$(fetch "$base/admin/users/new" "$tmp/un" -b "$tmp/jar" --data "csrf=$acsrf&login=bad%20login&display_name=Keep&role=author&password=short")
check "bad new user: 422 ($code)" [ "$code" = 422 ]
check "  typed name kept" grep -qF 'value="Keep"' "$tmp/un"
code=$(fetch "$base/admin/users/new" "$tmp/un2" -b "$tmp/jar" --data "csrf=$acsrf&login=newbie&display_name=New%20Bie&email=nb%40example.org&role=author&password=newbie%20pass")
check "create user: 303 ($code)" [ "$code" = 303 ]
nid=$(sql "SELECT id FROM users WHERE login = 'newbie'")
check "  to its page" [ "$(header "$tmp/un2.h" location)" = "/admin/users/$nid?done=created" ]
check "  email stored" [ "$(sql "SELECT email FROM users WHERE login = 'newbie'")" = nb@example.org ]
check "  listed" sh -c "curl -s -b '$tmp/jar' '$base/admin/users' | grep -qF '>newbie</a>'"
reset_attempts
login "$tmp/jnb" newbie 'newbie pass' >/dev/null
check "new user can log in" [ "$(status_of "$tmp/jnb" /admin)" = 200 ]
code=$(fetch "$base/admin/users/$nid" "$tmp/rs" -b "$tmp/jar" --data "csrf=$acsrf&action=reset")
check "reset password: 200 ($code)" [ "$code" = 200 ]
newpw=$(sed -n 's/.*<code class="new-password">\([^<]*\)<.*/\1/p' "$tmp/rs")
check "  new password shown once (${#newpw} chars)" [ ${#newpw} = 16 ]
check "  its sessions ended" [ "$(status_of "$tmp/jnb" /admin)" = 303 ]
check "  not shown again" sh -c "! curl -s -b '$tmp/jar' '$base/admin/users/$nid' | grep -q 'new-password'"
reset_attempts
check "  new password works" [ "$(login "$tmp/jnb" newbie "$newpw")" = 303 ]
code=$(fetch "$base/admin/users/$nid" "$tmp/ds" -b "$tmp/jar" --data "csrf=$acsrf&action=disable")
check "disable: 303 ($code)" [ "$code" = 303 ]
check "  disabled user's session stops at once" [ "$(status_of "$tmp/jnb" /admin)" = 303 ]
aid=$(sql "SELECT id FROM users WHERE login = 'admin'")
code=$(fetch "$base/admin/users/$aid" "$tmp/self" -b "$tmp/jar" --data "csrf=$acsrf&action=disable")
check "cannot disable oneself: 422 ($code)" [ "$code" = 422 ]
code=$(fetch "$base/admin/users/$aid" "$tmp/dem" -b "$tmp/jar" --data "csrf=$acsrf&action=save&display_name=Admin&email=&role=author")
check "cannot demote the last admin: 422 ($code)" [ "$code" = 422 ]
check "  says why" grep -qF 'at least one enabled admin' "$tmp/dem"
check "unknown user id: 404" [ "$(status_of "$tmp/jar" /admin/users/99999)" = 404 ]

step "consent records"
curl -s -o /dev/null "$base/consent" --data "choice=accept&next=/"
curl -s -o /dev/null "$base/consent" --data "choice=reject&next=/"
code=$(fetch "$base/admin/consent" "$tmp/cr" -b "$tmp/jar")
check "consent page 200 ($code)" [ "$code" = 200 ]
code=$(fetch "$base/admin/consent.csv" "$tmp/csv" -b "$tmp/jar")
check "CSV 200 ($code)" [ "$code" = 200 ]
check "  text/csv" grep -qi '^content-type: text/csv' "$tmp/csv.h"
check "  attachment" grep -qi '^content-disposition: attachment; filename="consent.csv"' "$tmp/csv.h"
check "  header line" [ "$(head -1 "$tmp/csv")" = "at,choice,policy_version,client_hash" ]
check "  an accept row" grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z,accept,2,[0-9a-f]{32}$' "$tmp/csv"
check "  a reject row" grep -qE ',reject,2,[0-9a-f]{32}$' "$tmp/csv"
check "  private, no-store" [ "$(header "$tmp/csv.h" cache-control)" = "private, no-store" ]
check "CSV needs a session" [ "$(status_of /dev/null /admin/consent.csv)" = 303 ]

finish
