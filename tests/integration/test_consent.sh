#!/bin/bash
# Cookie consent over HTTP (issue: nothing non-essential before a choice,
# rejecting as easy as accepting, the choice remembered and changeable):
#  1. a fresh reader's responses carry no Set-Cookie; the banner is there,
#     as a real form with Accept and Reject and a Read more link;
#  2. POST /consent sets exactly one cookie (choice.version.time; Path=/,
#     HttpOnly, SameSite=Lax, 6 months, Secure only over HTTPS) and 303s back;
#  3. bad choices, foreign redirect targets and cross-site posts: 400/403 and
#     no cookie;
#  4. with a choice the banner is gone and no other cookie appears; the
#     footer's Cookie settings link reopens it; a new policy version asks again;
#  5. each choice is recorded with a salted hash, never the address.
set -u
. "$(dirname "$0")/lib.sh"

db=$tmp/g.db
"$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$db" >"$tmp/serve.log" 2>&1 &
pids+=($!)
port=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "no port in $tmp/serve.log"; }
base=http://127.0.0.1:$port
wait_http "$base/" || die "serve does not answer"
art=/article/$(echo "SELECT slug FROM articles WHERE id = 1;" | sqlite3 "$db")

step "a fresh reader"
for url in / "$art" /category/industry "/search?q=steel" /privacy /feed; do
	fetch "$base$url" "$tmp/p" >/dev/null
	check "$url: no Set-Cookie" sh -c "! grep -qi '^set-cookie' '$tmp/p.h'"
done
fetch "$base$art" "$tmp/a" >/dev/null
check "banner is a form posting to /consent" grep -qF '<form method="post" action="/consent" data-consent>' "$tmp/a"
check "Accept button" grep -qF '<button type="submit" name="choice" value="accept">Accept</button>' "$tmp/a"
check "Reject button of the same kind" grep -qF '<button type="submit" name="choice" value="reject">Reject</button>' "$tmp/a"
check "Read more goes to /privacy#cookies" grep -qF 'href="/privacy#cookies">Read more' "$tmp/a"
check "the form returns to this article" grep -qF "name=\"next\" value=\"$art\"" "$tmp/a"
check "banner is a labelled region" grep -qF 'aria-labelledby="consent-title"' "$tmp/a"
check "no \"we'll assume\" wording" sh -c "! grep -qi 'assume' '$tmp/a'"
check "footer has Cookie settings" grep -qF '>Cookie settings</a>' "$tmp/a"

step "accept"
code=$(fetch "$base/consent" "$tmp/c" --data "choice=accept&next=$art")
check "303 ($code)" [ "$code" = 303 ]
check "back to the article" [ "$(header "$tmp/c.h" location)" = "$art" ]
n=$(grep -ci '^set-cookie' "$tmp/c.h")
check "exactly one Set-Cookie ($n)" [ "$n" = 1 ]
sc=$(header "$tmp/c.h" set-cookie)
check "gz_consent=accept.1.<time> ($sc)" grep -qE '^gz_consent=accept\.1\.[0-9]+;' <<<"$sc"
for attr in 'Path=/' 'Max-Age=15811200' 'HttpOnly' 'SameSite=Lax' 'Expires='; do
	check "cookie has $attr" grep -qF "$attr" <<<"$sc"
done
cond "no Secure over plain http" '! grep -qi secure <<<"$sc"'
cookie=$(sed 's/;.*//' <<<"$sc")
fetch "$base$art" "$tmp/a2" -H "Cookie: $cookie" >/dev/null
check "after accept: no banner" sh -c "! grep -q 'data-consent' '$tmp/a2'"
check "after accept: no Set-Cookie" sh -c "! grep -qi '^set-cookie' '$tmp/a2.h'"
fetch "$base/privacy?cookie-settings=1" "$tmp/s" -H "Cookie: $cookie" >/dev/null
check "Cookie settings reopens the banner with the current choice" grep -qF 'Your current choice: accept' "$tmp/s"

step "reject"
code=$(fetch "$base/consent" "$tmp/r" --data "choice=reject&next=/")
sc=$(header "$tmp/r.h" set-cookie)
cond "303 and gz_consent=reject ($code, $sc)" '[ "$code" = 303 ] && grep -qE "^gz_consent=reject\.1\." <<<"$sc"'
check "same lifetime as accept" grep -qF 'Max-Age=15811200' <<<"$sc"
cookie=$(sed 's/;.*//' <<<"$sc")
for url in / "$art" /category/industry; do
	fetch "$base$url" "$tmp/x" -H "Cookie: $cookie" >/dev/null
	cond "$url after reject: no banner, no Set-Cookie" \
		'! grep -q data-consent "$tmp/x" && ! grep -qi "^set-cookie" "$tmp/x.h"'
done

step "refusals"
for body in 'choice=maybe&next=/' 'next=/' 'choice=accept&next=//evil.example/' \
	'choice=accept&next=https://evil.example/' 'choice=accept&next=%2F%5Cevil.example' \
	'choice=accept&choice=reject&next=/'; do
	code=$(fetch "$base/consent" "$tmp/b" --data "$body")
	cond "$body: 400 ($code), no cookie" '[ "$code" = 400 ] && ! grep -qi "^set-cookie" "$tmp/b.h"'
done
code=$(fetch "$base/consent" "$tmp/b" --data 'choice=accept&next=/' -H 'Origin: https://evil.example')
cond "cross-site POST: 403 ($code), no cookie" '[ "$code" = 403 ] && ! grep -qi "^set-cookie" "$tmp/b.h"'
code=$(fetch "$base/consent" "$tmp/b")
check "GET /consent: 405 ($code)" [ "$code" = 405 ]

step "a new policy version asks everyone again"
echo "INSERT OR REPLACE INTO settings (key, value) VALUES ('policy_version', '2'); UPDATE generation SET value = value + 1;" |
	"$GAZETTE_BIN" sql --db "$db"
fetch "$base$art" "$tmp/v" -H "Cookie: $cookie" >/dev/null
check "old choice: banner back" grep -q 'data-consent' "$tmp/v"
code=$(fetch "$base/consent" "$tmp/v2" --data "choice=accept&next=/")
check "new choice carries version 2" grep -qE '^gz_consent=accept\.2\.' <<<"$(header "$tmp/v2.h" set-cookie)"

step "HTTPS (through CGI with HTTPS=on): Secure"
out=$(printf 'choice=accept&next=/' | env -i GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=POST \
	REQUEST_URI=/consent CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=20 \
	REMOTE_ADDR=127.0.0.1 HTTPS=on HTTP_HOST=example.org GAZETTE_DB="$db" "$GAZETTE_BIN" 2>/dev/null)
check "Set-Cookie has Secure over HTTPS" grep -qiE '^Set-Cookie: gz_consent=.*; Secure' <<<"$out"

step "proof of consent"
n=$(echo "SELECT count(*) FROM consent_records;" | sqlite3 "$db")
check "choices recorded ($n)" [ "$n" -ge 4 ]
l=$(echo "SELECT DISTINCT length(client_hash) FROM consent_records;" | sqlite3 "$db")
check "client stored as a 16-byte hash ($l)" [ "$l" = 16 ]
check "the address itself is nowhere in the database" sh -c "! grep -qa '127\.0\.0\.1' '$db' '$db-wal' 2>/dev/null"

finish
