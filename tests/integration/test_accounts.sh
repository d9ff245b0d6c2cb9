#!/bin/bash
# Staff accounts and sign-in (issue 19 point 3) through `gazette serve` and
# curl: an admin's one-time reset link (shown once, logged, single use,
# expiring on the test clock, ending the user's sessions), `gazette user
# reset` on the CLI, the TOTP second factor (enrol with a code computed here
# from the shown key, login in two steps, replay refused, recovery codes,
# wrong codes ending the step), a role that requires a second factor, and
# login throttling per account-and-address versus per address, with
# X-Forwarded-For trusted only from --trusted-proxy.
set -u
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 not found: skip"; exit 77; }

db=$tmp/a.db
now=1800000000
export GAZETTE_TEST_CLOCK=$tmp/clock
echo "$now" >"$GAZETTE_TEST_CLOCK"
setclock() { now=$1; echo "$now" >"$GAZETTE_TEST_CLOCK"; }
# Server 1 trusts the loopback proxy (curl here plays nginx on the same host).
"$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$db" --trusted-proxy 127.0.0.1 \
	--trusted-proxy=10.0.0.0/8 >"$tmp/serve.log" 2>&1 &
pids+=($!)
port=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "no port"; }
base=http://127.0.0.1:$port
wait_http "$base/" || die "serve does not answer"
adminpw=$(sed -n 's/.*admin login: admin  password: \([^ ]*\).*/\1/p' "$tmp/serve.log" | head -1)
[ -n "$adminpw" ] || die "no admin password in the log"

sql() { sqlite3 -cmd '.timeout 5000' "$db" "$@"; }
adduser() { echo "$3" | "$GAZETTE_BIN" user add "$1" --role "$2" --password-stdin --db "$db" >/dev/null 2>&1; }
adduser ed editor 'editor pass 1'
adduser au author 'author pass 1'
adduser dis author 'disabled pass'
sql "UPDATE users SET disabled = 1 WHERE login = 'dis'"
edid=$(sql "SELECT id FROM users WHERE login = 'ed'")

# login JAR LOGIN PASSWORD [curl args]: form, then post; prints the status.
login() {
	local jar=$1 tok
	curl -s -c "$jar" -b "$jar" -o "$tmp/form" "${@:4}" "$base/admin/login"
	tok=$(sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p' "$tmp/form")
	fetch "$base/admin/login" "$tmp/login" -c "$jar" -b "$jar" --data-urlencode "login=$2" \
		--data-urlencode "password=$3" --data "login_token=$tok" "${@:4}"
}
# code_step JAR CODE: post CODE to the second step; prints the status.
code_step() {
	local tok
	curl -s -c "$1" -b "$1" -o "$tmp/cform" "$base/admin/login/code"
	tok=$(sed -n 's/.*name="code_token" value="\([0-9a-f]*\)".*/\1/p' "$tmp/cform")
	fetch "$base/admin/login/code" "$tmp/code" -c "$1" -b "$1" --data-urlencode "code=$2" \
		--data "code_token=$tok"
}
csrf_of() { curl -s -b "$1" "$base/admin/account" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1; }
status_of() { curl -s -o /dev/null -w '%{http_code}' -b "$1" "$base$2"; }
has_session() { grep -qi '^set-cookie: gz_session=[0-9a-f]' "$1"; }
# totp KEY TIME: the RFC 6238 code (SHA-1, 30 s, 6 digits), computed here.
totp() {
	python3 - "$1" "$2" <<'PY'
import base64, hashlib, hmac, struct, sys
k = sys.argv[1]
key = base64.b32decode(k + "=" * (-len(k) % 8))
h = hmac.new(key, struct.pack(">Q", int(sys.argv[2]) // 30), hashlib.sha1).digest()
o = h[-1] & 15
print("%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7fffffff) % 1000000))
PY
}

login "$tmp/adm" admin "$adminpw" >/dev/null
acsrf=$(csrf_of "$tmp/adm")
[ ${#acsrf} = 64 ] || die "admin has no CSRF token"

step "reset link made by an admin"
login "$tmp/ed" ed 'editor pass 1' >/dev/null
check "ed is logged in" [ "$(status_of "$tmp/ed" /admin)" = 200 ]
code=$(fetch "$base/admin/users/$edid" "$tmp/rl" -b "$tmp/adm" --data "csrf=$acsrf&action=reset_link")
check "reset_link: 200 ($code)" [ "$code" = 200 ]
link=$(sed -n 's/.*<code class="reset-link">\([^<]*\)<\/code>.*/\1/p' "$tmp/rl")
token=${link##*/admin/reset/}
cond "link shown once, 64 hex digits ($link)" '[[ "$token" =~ ^[0-9a-f]{64}$ ]]'
check "answer is not stored" [ "$(header "$tmp/rl.h" cache-control)" = "private, no-store" ]
cond "link starts with the site's address (base_url, else this host)" '[[ "$link" == http://127.0.0.1:8080/admin/reset/* || "$link" == $base/admin/reset/* ]]'
cond "token not stored in the database" '! sql "SELECT hex(token_hash) FROM password_resets" | grep -qi "$token"'
curl -s -b "$tmp/adm" -o "$tmp/rl2" "$base/admin/users/$edid"
cond "the user page does not show it again" '! grep -qF "$token" "$tmp/rl2"'
n=$(sql "SELECT count(*) FROM audit_log WHERE action = 'password.reset' AND target = 'user ed'" 2>/dev/null || echo 0)
cond "audit log has the reset link ($n)" '[ "$n" = 1 ]'
code=$(fetch "$base/admin/reset/$token" "$tmp/rf")
check "link opens the form: 200 ($code)" [ "$code" = 200 ]
check "form names the account" grep -qF '<strong>ed</strong>' "$tmp/rf"
check "form page: no referrer to other sites" [ "$(header "$tmp/rf.h" referrer-policy)" = "same-origin" ]
ftok=$(sed -n 's/.*name="form_token" value="\([0-9a-f]*\)".*/\1/p' "$tmp/rf")
code=$(fetch "$base/admin/reset/$token" "$tmp/rp0" --data "form_token=$(printf '%064d' 0)&new_password=new+editor+pw&new_password2=new+editor+pw")
check "wrong form token: 403 ($code)" [ "$code" = 403 ]
code=$(fetch "$base/admin/reset/$token" "$tmp/rp1" -H 'Origin: https://evil.example' --data "form_token=$ftok&new_password=new+editor+pw&new_password2=new+editor+pw")
check "cross-site post: 403 ($code)" [ "$code" = 403 ]
code=$(fetch "$base/admin/reset/$token" "$tmp/rp2" --data "form_token=$ftok&new_password=short&new_password2=short")
check "short password: 422 ($code)" [ "$code" = 422 ]
check "says why" grep -qF 'Use at least 8 characters.' "$tmp/rp2"
code=$(fetch "$base/admin/reset/$token" "$tmp/rp3" --data "form_token=$ftok&new_password=new+editor+pw&new_password2=other+editor+pw")
check "passwords differ: 422 ($code)" [ "$code" = 422 ]
check "ed still logged in before the reset" [ "$(status_of "$tmp/ed" /admin)" = 200 ]
code=$(fetch "$base/admin/reset/$token" "$tmp/rp4" --data "form_token=$ftok&new_password=new+editor+pw&new_password2=new+editor+pw")
check "new password saved: 303 ($code)" [ "$code" = 303 ]
check "to the login page" [ "$(header "$tmp/rp4.h" location)" = "/admin/login?reset=1" ]
check "ed's session has ended" [ "$(status_of "$tmp/ed" /admin)" = 303 ]
code=$(login "$tmp/ed" ed 'editor pass 1')
check "old password refused ($code)" [ "$code" = 200 ]
code=$(login "$tmp/ed" ed 'new editor pw')
check "new password works ($code)" [ "$code" = 303 ]
code=$(fetch "$base/admin/reset/$token" "$tmp/ru")
check "used link: 410 ($code)" [ "$code" = 410 ]
check "says it was used" grep -qF 'This reset link was used already.' "$tmp/ru"
code=$(fetch "$base/admin/reset/$token" "$tmp/ru2" --data "form_token=$ftok&new_password=third+pw+123&new_password2=third+pw+123")
check "used link refuses a post: 410 ($code)" [ "$code" = 410 ]
code=$(fetch "$base/admin/reset/$(printf '%064d' 7)" "$tmp/rn")
check "unknown link: 404 ($code)" [ "$code" = 404 ]

step "reset link expiry (test clock)"
fetch "$base/admin/users/$edid" "$tmp/rl" -b "$tmp/adm" --data "csrf=$acsrf&action=reset_link" >/dev/null
link=$(sed -n 's/.*<code class="reset-link">\([^<]*\)<\/code>.*/\1/p' "$tmp/rl")
setclock $((now + 86399))
check "a second before 24 h: 200" [ "$(fetch "$base/admin/reset/${link##*/admin/reset/}" "$tmp/re0")" = 200 ]
setclock $((now + 1))
code=$(fetch "$base/admin/reset/${link##*/admin/reset/}" "$tmp/re1")
check "at 24 h: 410 ($code)" [ "$code" = 410 ]
check "says it expired" grep -qF 'This reset link has expired.' "$tmp/re1"
setclock 1800000000
login "$tmp/adm" admin "$adminpw" >/dev/null
acsrf=$(csrf_of "$tmp/adm")
disid=$(sql "SELECT id FROM users WHERE login = 'dis'")
code=$(fetch "$base/admin/users/$disid" "$tmp/rd" -b "$tmp/adm" --data "csrf=$acsrf&action=reset_link")
check "disabled account: no link (422, $code)" [ "$code" = 422 ]
cond "no link shown" '! grep -q "reset-link" "$tmp/rd"'

step "gazette user reset"
out=$("$GAZETTE_BIN" user reset AU --db "$db" 2>&1); rc=$?
check "exit 0 ($rc)" [ "$rc" = 0 ]
cond "prints a link (works once, 24 hours)" 'grep -qE "^(http://127.0.0.1:8080)?/admin/reset/[0-9a-f]{64}$" <<<"$out" && grep -qF "works once, for 24 hours" <<<"$out"'
clitoken=$(grep -oE '[0-9a-f]{64}$' <<<"$out")
code=$(fetch "$base/admin/reset/$clitoken" "$tmp/cr")
check "CLI link opens the form ($code)" [ "$code" = 200 ]
check "for au" grep -qF '<strong>au</strong>' "$tmp/cr"
n=$(sql "SELECT count(*) FROM audit_log WHERE action = 'password.reset' AND actor_id = 0" 2>/dev/null || echo 0)
cond "audit log has the CLI link ($n)" '[ "$n" = 1 ]'
"$GAZETTE_BIN" user reset nobody --db "$db" >"$tmp/cli1" 2>&1; rc=$?
check "unknown user: exit 1 ($rc)" [ "$rc" = 1 ]
check "says so" grep -qF 'no user nobody' "$tmp/cli1"
"$GAZETTE_BIN" user reset dis --db "$db" >"$tmp/cli2" 2>&1; rc=$?
check "disabled user: exit 1 ($rc)" [ "$rc" = 1 ]
"$GAZETTE_BIN" user reset --db "$db" >"$tmp/cli3" 2>&1; rc=$?
check "no login: usage, exit 2 ($rc)" [ "$rc" = 2 ]

step "TOTP enrolment"
login "$tmp/au" au 'author pass 1' >/dev/null
code=$(fetch "$base/admin/account/second-factor" "$tmp/sf" -b "$tmp/au")
check "enrol page 200 ($code)" [ "$code" = 200 ]
key=$(sed -n 's/.*<code class="totp-key" id="totp-key">\([A-Z2-7 ]*\)<\/code>.*/\1/p' "$tmp/sf" | tr -d ' ')
cond "base32 key of 160 bits ($key)" '[ ${#key} = 32 ]'
check "otpauth URI with the key and the site's name" grep -qF "otpauth://totp/The%20Gazette%20Demo:au?secret=$key&amp;issuer=The%20Gazette%20Demo&amp;algorithm=SHA1&amp;digits=6&amp;period=30" "$tmp/sf"
curl -s -b "$tmp/au" -o "$tmp/sf2" "$base/admin/account/second-factor"
check "reload keeps the same key" grep -qF "$key" "$tmp/sf2"
aucsrf=$(csrf_of "$tmp/au")
good=$(totp "$key" "$now")
bad=$(printf '%06d' $(( (10#$good + 1) % 1000000 )))
code=$(fetch "$base/admin/account/second-factor" "$tmp/sc0" -b "$tmp/au" --data "csrf=$aucsrf&action=confirm&code=$bad")
check "wrong code: 422 ($code)" [ "$code" = 422 ]
n=$(sql "SELECT active FROM user_totp WHERE user_id = (SELECT id FROM users WHERE login = 'au')")
check "not active ($n)" [ "$n" = 0 ]
code=$(fetch "$base/admin/account/second-factor" "$tmp/sc1" -b "$tmp/au" --data "csrf=$aucsrf&action=confirm&code=$good")
check "right code: 200 ($code)" [ "$code" = 200 ]
mapfile -t rcodes < <(sed -n 's/.*<li><code>\([a-z2-9-]*\)<\/code><\/li>.*/\1/p' "$tmp/sc1")
cond "10 recovery codes shown (${#rcodes[@]})" '[ ${#rcodes[@]} = 10 ]'
n=$(sql "SELECT count(*) FROM user_recovery_codes WHERE used_at IS NULL")
check "10 stored, hashed ($n)" [ "$n" = 10 ]
cond "codes not stored as text" '! sql "SELECT hex(code_hash) FROM user_recovery_codes" | grep -qi "$(printf %s "${rcodes[0]//-/}" | od -An -tx1 | tr -d " \n")"'
curl -s -b "$tmp/au" -o "$tmp/sf3" "$base/admin/account/second-factor"
cond "page no longer shows key or codes" '! grep -qF "$key" "$tmp/sf3" && ! grep -qF "${rcodes[0]}" "$tmp/sf3"'
check "says it is on, 10 left" grep -qF 'Recovery codes left: <strong>10</strong>' "$tmp/sf3"
n=$(sql "SELECT count(*) FROM audit_log WHERE action = 'totp.change' AND detail = 'enabled'" 2>/dev/null || echo 0)
cond "audit log: enabled ($n)" '[ "$n" = 1 ]'

step "login with the second factor"
rm -f "$tmp/au2"
code=$(login "$tmp/au2" au 'author pass 1')
check "password right: 303 ($code)" [ "$code" = 303 ]
check "to the code step" [ "$(header "$tmp/login.h" location)" = /admin/login/code ]
cond "no session yet" '! has_session "$tmp/login.h"'
check "challenge cookie HttpOnly, Strict, 5 minutes" grep -qiE '^set-cookie: gz_2fa=[0-9a-f]{64};.*Max-Age=300.*HttpOnly; SameSite=Strict' "$tmp/login.h"
check "admin pages still closed" [ "$(status_of "$tmp/au2" /admin)" = 303 ]
code=$(code_step "$tmp/au2" "$good")
check "the code used to enrol is refused (same step): 200 ($code)" [ "$code" = 200 ]
check "says so" grep -qF 'That code is not right, or was used already.' "$tmp/code"
cond "no session" '! has_session "$tmp/code.h"'
setclock $((now + 30))
good2=$(totp "$key" "$now")
code=$(code_step "$tmp/au2" "$good2")
check "next code: 303 ($code)" [ "$code" = 303 ]
check "session set" has_session "$tmp/code.h"
check "to /admin" [ "$(header "$tmp/code.h" location)" = /admin ]
check "logged in" [ "$(status_of "$tmp/au2" /admin)" = 200 ]
rm -f "$tmp/au3"
login "$tmp/au3" au 'author pass 1' >/dev/null
code=$(code_step "$tmp/au3" "$good2")
check "same code again (replay within its window) refused ($code)" [ "$code" = 200 ]
cond "no session" '! has_session "$tmp/code.h"'
code=$(code_step "$tmp/au3" "${rcodes[0]^^}")
check "recovery code (typed in capitals): 303 ($code)" [ "$code" = 303 ]
check "to the second-factor page" [ "$(header "$tmp/code.h" location)" = "/admin/account/second-factor?done=recovery" ]
rm -f "$tmp/au4"
login "$tmp/au4" au 'author pass 1' >/dev/null
# Each wrong code is also a failed login; the clock moves past each delay.
setclock $((now + 1))
code=$(code_step "$tmp/au4" "${rcodes[0]}")
check "used recovery code refused ($code)" [ "$code" = 200 ]
for i in 2 3 4; do setclock $((now + 10)); code_step "$tmp/au4" 000000 >/dev/null; done
setclock $((now + 10))
code=$(code_step "$tmp/au4" 000000)
check "5th wrong code ends the step ($code)" grep -qF 'Too many wrong codes. Please log in again.' "$tmp/code"
setclock $((now + 60))
code=$(code_step "$tmp/au4" "$(totp "$key" "$now")")
cond "after that even a right code needs the password again ($code)" '! has_session "$tmp/code.h"'
sql "DELETE FROM login_attempts"
rm -f "$tmp/au5"
login "$tmp/au5" au 'author pass 1' >/dev/null
setclock $((now + 301))
code=$(code_step "$tmp/au5" "$(totp "$key" "$now")")
check "challenge expires after 5 minutes" grep -qF 'Your sign-in took too long. Please log in again.' "$tmp/code"
cond "no session" '! has_session "$tmp/code.h"'
rm -f "$tmp/au6"
login "$tmp/au6" au 'author pass 1' -H 'X-Forwarded-For: 198.51.100.77' >/dev/null
setclock $((now + 30))
code=$(code_step "$tmp/au6" "$(totp "$key" "$now")")
check "code step from another address than the password refused ($code)" [ "$code" = 403 ]

step "second factor required for a role"
sql "DELETE FROM login_attempts"
login "$tmp/adm" admin "$adminpw" >/dev/null
acsrf=$(csrf_of "$tmp/adm")
code=$(fetch "$base/admin/users/security" "$tmp/us" -b "$tmp/adm" --data "csrf=$acsrf&require_editor=1")
check "admin requires it for editors: 303 ($code)" [ "$code" = 303 ]
n=$(sql "SELECT value FROM settings WHERE key = 'totp_required_editor'")
check "setting stored ($n)" [ "$n" = 1 ]
rm -f "$tmp/ed2"
code=$(login "$tmp/ed2" ed 'new editor pw')
check "editor logs in: 303 ($code)" [ "$code" = 303 ]
check "sent to enrol" [ "$(header "$tmp/login.h" location)" = "/admin/account/second-factor?required=1" ]
code=$(fetch "$base/admin/articles" "$tmp/ea" -b "$tmp/ed2")
check "other pages send there too ($code)" [ "$(header "$tmp/ea.h" location)" = "/admin/account/second-factor?required=1" ]
edcsrf=$(curl -s -b "$tmp/ed2" "$base/admin/account/second-factor" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
code=$(fetch "$base/admin/categories" "$tmp/ep" -b "$tmp/ed2" --data "csrf=$edcsrf&name=x&slug=x")
check "posts elsewhere refused: 403 ($code)" [ "$code" = 403 ]
curl -s -b "$tmp/ed2" -o "$tmp/esf" "$base/admin/account/second-factor?required=1"
check "enrol page says why" grep -qF 'Your role requires a second factor. Set it up to go on.' "$tmp/esf"
ekey=$(sed -n 's/.*<code class="totp-key" id="totp-key">\([A-Z2-7 ]*\)<\/code>.*/\1/p' "$tmp/esf" | tr -d ' ')
code=$(fetch "$base/admin/account/second-factor" "$tmp/esc" -b "$tmp/ed2" --data "csrf=$edcsrf&action=confirm&code=$(totp "$ekey" "$now")")
check "editor enrols: 200 ($code)" [ "$code" = 200 ]
code=$(fetch "$base/admin/articles" "$tmp/eo" -b "$tmp/ed2")
check "then the admin pages open ($code $(header "$tmp/eo.h" location))" [ "$code" = 200 ]
code=$(fetch "$base/admin/account/second-factor" "$tmp/eoff" -b "$tmp/ed2" --data "csrf=$edcsrf&action=off&current_password=new+editor+pw")
check "cannot turn it off while required: 422 ($code)" [ "$code" = 422 ]
code=$(fetch "$base/admin/users/$edid" "$tmp/moff" -b "$tmp/adm" --data "csrf=$acsrf&action=mfa_off")
check "admin removes a lost second factor: 303 ($code)" [ "$code" = 303 ]
n=$(sql "SELECT count(*) FROM user_totp WHERE user_id = $edid")
check "gone ($n)" [ "$n" = 0 ]
fetch "$base/admin/users/security" "$tmp/us2" -b "$tmp/adm" --data "csrf=$acsrf" >/dev/null

step "throttling per account-and-address, behind a trusted proxy"
sql "DELETE FROM login_attempts"
nat=(-H 'X-Forwarded-For: 198.51.100.1')
# Each try waits out the delay the one before earned (2, 4, ... 128 s).
for i in $(seq 10); do
	login "$tmp/t1" ed 'wrong pass' "${nat[@]}" >/dev/null
	[ "$i" -ge 3 ] && setclock $((now + (2 << (i - 3))))
done
code=$(login "$tmp/t1" ed 'new editor pw' "${nat[@]}")
check "10 failures lock ed from that address: 429 ($code)" [ "$code" = 429 ]
check "logged as the pair's lock" grep -qE 'gazette: login locked for account ed from client hash [0-9a-f]{32}' "$tmp/serve.log"
code=$(login "$tmp/t2" au 'author pass 1' "${nat[@]}")
check "a colleague behind the same address logs in ($code)" [ "$code" = 303 ]
code=$(login "$tmp/t3" ed 'new editor pw' -H 'X-Forwarded-For: 198.51.100.2')
check "ed from home logs in ($code)" [ "$code" = 303 ]
code=$(login "$tmp/t4" ed 'new editor pw' -H 'X-Forwarded-For: 1.2.3.4, 198.51.100.1')
check "a forged hop to the left does not escape the lock ($code)" [ "$code" = 429 ]
code=$(login "$tmp/t5" ed 'new editor pw' -H 'X-Forwarded-For: 198.51.100.1, 10.9.8.7')
check "a trusted hop to the right is skipped ($code)" [ "$code" = 429 ]
# The address as a whole: 100 failures within the window, any accounts.
# 89 more from other accounts (as if guessed), then the 100th for real
# after the address's longest delay (10 s): the address locks.
hash=$(sql "SELECT hex(client_hash) FROM login_attempts WHERE login = 'ed' AND ok = 0 ORDER BY id DESC LIMIT 1")
for i in $(seq 89); do echo "INSERT INTO login_attempts (login, client_hash, at, ok) VALUES ('x$i', x'$hash', $now, 0);"; done | sql
setclock $((now + 10))
login "$tmp/t6" nobody 'wrong pass' "${nat[@]}" >/dev/null
n=$(sql "SELECT count(*) FROM login_attempts WHERE client_hash = x'$hash' AND ok = 0")
check "100 failures from the address, a colleague's success between ($n)" [ "$n" = 100 ]
check "logged as the address's lock" grep -qE "gazette: login locked for client hash ${hash,,} for 900 seconds after 100 failures" "$tmp/serve.log"
code=$(login "$tmp/t7" au 'author pass 1' "${nat[@]}")
check "now the whole address waits: 429 ($code)" [ "$code" = 429 ]
code=$(login "$tmp/t8" au 'author pass 1' -H 'X-Forwarded-For: 198.51.100.3')
check "other addresses do not ($code)" [ "$code" = 303 ]

step "X-Forwarded-For from an untrusted peer is ignored"
sql "DELETE FROM login_attempts"
"$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$db" >"$tmp/serve2.log" 2>&1 &
pid2=$!
pids+=($pid2)
port2=$(listen_port "$tmp/serve2.log") || die "no port for the second server"
base1=$base
base=http://127.0.0.1:$port2
wait_http "$base/" || die "second server does not answer"
login "$tmp/u1" nobody 'wrong pass' -H 'X-Forwarded-For: 203.0.113.5' >/dev/null
login "$tmp/u2" nobody 'wrong pass' >/dev/null
n=$(sql "SELECT count(DISTINCT client_hash) FROM login_attempts")
check "untrusted: with and without the header, one address ($n)" [ "$n" = 1 ]
base=$base1
sql "DELETE FROM login_attempts"
login "$tmp/u3" nobody 'wrong pass' -H 'X-Forwarded-For: 203.0.113.5' >/dev/null
login "$tmp/u4" nobody 'wrong pass' >/dev/null
login "$tmp/u5" nobody 'wrong pass' -H 'X-Forwarded-For: 6.6.6.6, 203.0.113.5' >/dev/null
n=$(sql "SELECT count(DISTINCT client_hash) FROM login_attempts")
check "trusted: the header's address counts, the forged hop does not ($n)" [ "$n" = 2 ]
"$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$db" --trusted-proxy 10.0.0.0/33 >"$tmp/bad.log" 2>&1; rc=$?
check "a malformed --trusted-proxy: exit 2 ($rc)" [ "$rc" = 2 ]
check "says what it wants" grep -qF -- "--trusted-proxy wants an address or CIDR range" "$tmp/bad.log"
stop_pid "$pid2"

step "gazette user reset --remove-second-factor (an admin who lost phone and codes)"
n=$(sql "SELECT count(*) FROM user_totp WHERE active = 1 AND user_id = (SELECT id FROM users WHERE login = 'au')")
check "au has a second factor ($n)" [ "$n" = 1 ]
out=$("$GAZETTE_BIN" user reset au --remove-second-factor --db "$db" 2>&1); rc=$?
check "exit 0 ($rc)" [ "$rc" = 0 ]
cond "says so" 'grep -qF "second factor of au removed" <<<"$out"'
n=$(sql "SELECT count(*) FROM user_totp WHERE user_id = (SELECT id FROM users WHERE login = 'au')")
check "key gone ($n)" [ "$n" = 0 ]
n=$(sql "SELECT count(*) FROM user_recovery_codes WHERE user_id = (SELECT id FROM users WHERE login = 'au')")
check "recovery codes gone ($n)" [ "$n" = 0 ]

finish
