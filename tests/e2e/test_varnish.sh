#!/bin/bash
# Gazette behind a real Varnish (deploy/varnish/gazette.vcl, Debian's 7.1 with
# the xkey vmod), purged by cache key (issue 18):
#  1. the VCL compiles; Gazette's public pages are kept (MISS then HIT),
#     with the keys hidden from readers;
#  2. consent: a reader who accepted never gets the page rendered for
#     "no choice" (with the banner) nor the other way round, and readers with
#     the same choice share one copy whatever their cookie's time;
#  3. a session never gets a cached page, nor leaves one behind;
#  4. publish: the home page and the article's section show the new article
#     after a bounded number of polls (purges are asynchronous); a scheduled
#     article shows on both once its time comes, with no write and no cron
#     (the injectable clock moves past it; Gazette's purge thread sees the
#     due keys);
#  5. a comment approval purges that article and the listings that show its
#     count, and nothing else: other articles stay HITs;
#  6. Gazette stopped: cached pages are still served (grace);
#  7. PURGE without keys is refused; the queue empties once sent.
# Needs varnishd and the xkey vmod (varnish, varnish-modules), curl, sqlite3:
# sh tools/deps.sh test.  A missing tool is a failure, not a skip.
set -euo pipefail

. "$(dirname "$0")/../integration/lib.sh"
VARNISHD=${VARNISHD:-$(command -v varnishd || echo /usr/sbin/varnishd)}
for tool in "$VARNISHD" sqlite3; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool not found: run sh tools/deps.sh test"
done

db=$tmp/g.db
q() { sqlite3 -cmd ".timeout 5000" "$db" "$@"; }
# Gazette's clock (GAZETTE_TEST_CLOCK, test-hook builds): now, until step 4
# moves it past a scheduled article's time.
now=$(date +%s)
export GAZETTE_TEST_CLOCK=$tmp/clock
echo "$now" >"$GAZETTE_TEST_CLOCK"

step "setup: demo site, gazette serve, varnishd"
"$GAZETTE_BIN" init --db "$db" --demo >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log"; die "init"; }
echo 'admin pass 123' | "$GAZETTE_BIN" user add admin1 --role admin --password-stdin --db "$db" >/dev/null ||
	die "user add admin1"
q "INSERT OR REPLACE INTO settings (key, value) VALUES ('comment_min_seconds', '0');"
gz_pid=""
start_gazette() {
	"$GAZETTE_BIN" serve --listen "127.0.0.1:${1:-0}" --db "$db" >>"$tmp/serve.log" 2>&1 &
	gz_pid=$!
	pids+=("$gz_pid")
}
start_gazette
gport=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "gazette serve said no port"; }
G=http://127.0.0.1:$gport
wait_http "$G/" || die "gazette serve does not answer"

sed -e "s/@BACKEND_HOST@/127.0.0.1/" -e "s/@BACKEND_PORT@/$gport/" \
	"$src/deploy/varnish/gazette.vcl" >"$tmp/gazette.vcl"
if "$VARNISHD" -C -j none -f "$tmp/gazette.vcl" -n "$tmp/vc" >/dev/null 2>"$tmp/vcl.err"; then
	pass "deploy/varnish/gazette.vcl compiles"
else
	cat "$tmp/vcl.err"
	die "deploy/varnish/gazette.vcl does not compile"
fi
# varnishd cannot bind port 0 and say which it got: try free ports until one
# holds (another program may take a port between the check and the bind).
vport=""
for ((i = 0; i < 20; i++)); do
	p=$(free_port)
	rm -rf "$tmp/vn"
	"$VARNISHD" -F -j none -T none -a "127.0.0.1:$p" -f "$tmp/gazette.vcl" -n "$tmp/vn" \
		-s malloc,64m >"$tmp/varnish.log" 2>&1 &
	v_pid=$!
	for ((j = 0; j < 100; j++)); do
		if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$p/robots.txt"; then
			vport=$p
			break
		fi
		kill -0 "$v_pid" 2>/dev/null || break
		sleep 0.1
	done
	[ -n "$vport" ] && break
	kill "$v_pid" 2>/dev/null || true
	wait "$v_pid" 2>/dev/null || true
done
[ -n "$vport" ] || { cat "$tmp/varnish.log"; die "varnishd does not start"; }
pids+=("$v_pid")
V=http://127.0.0.1:$vport
pass "varnishd answers on $V"
# Where Gazette sends its purges (read by its purge thread every round).
q "INSERT OR REPLACE INTO settings (key, value) VALUES ('purge_urls', '$V/');"

# xcache URL [curl args]: Varnish's X-Cache for URL (HIT, MISS, PASS), body to $tmp/x.
xcache() {
	fetch "$1" "$tmp/x" "${@:2}" >/dev/null
	header "$tmp/x.h" X-Cache
}
# warm URL [curl args]: fetch until Varnish answers HIT (at most 5 times).
warm() {
	local k
	for ((k = 0; k < 5; k++)); do
		[ "$(xcache "$@")" = HIT ] && return 0
	done
	return 1
}
# until_in URL TEXT [tries]: poll URL through Varnish until its body holds
# TEXT; prints the number of polls it took (fails after tries, default 50).
until_in() {
	local k
	for ((k = 1; k <= ${3:-50}; k++)); do
		curl -s --max-time 5 "$1" | grep -qF "$2" && { echo "$k"; return 0; }
		sleep 0.05
	done
	echo "$k"
	return 1
}

step "public pages are kept"
a1=$(q "SELECT slug FROM articles WHERE id = 1")
c1=$(xcache "$V/")
c2=$(xcache "$V/")
cond "home: MISS then HIT ($c1 $c2)" '[ "$c1" = MISS ] && [ "$c2" = HIT ]'
check "the cached home page is Gazette's, status 200" grep -q '<html' "$tmp/x"
cond "readers see no xkey header" '[ -z "$(header "$tmp/x.h" xkey)" ]'
cond "Surrogate-Key stays for a CDN in front" '[ -n "$(header "$tmp/x.h" Surrogate-Key)" ]'
fetch "$G/article/$a1" "$tmp/direct" >/dev/null
keys=$(header "$tmp/direct.h" xkey)
cond "Gazette names the article's keys ($keys)" \
	'[[ " $keys " == *" article:1 "* ]] && [[ " $keys " == *" all "* ]] && [[ " $keys " == *" order "* ]]'

step "consent states never mixed"
none=$(xcache "$V/article/$a1")
check "no choice: the banner" grep -q 'id="consent"' "$tmp/x"
acc=$(xcache "$V/article/$a1" -H "Cookie: gz_consent=accept.1.1700000000")
cond "accepted: its own copy, without the banner ($acc)" \
	'[ "$acc" = MISS ] && ! grep -q "id=\"consent\"" "$tmp/x"'
acc2=$(xcache "$V/article/$a1" -H "Cookie: gz_consent=accept.1.1800000000")
cond "another reader who accepted shares that copy ($acc2)" \
	'[ "$acc2" = HIT ] && ! grep -q "id=\"consent\"" "$tmp/x"'
rej=$(xcache "$V/article/$a1" -H "Cookie: other=1; gz_consent=reject.1.1700000000")
cond "rejected: a third copy, without the banner ($rej)" \
	'[ "$rej" = MISS ] && ! grep -q "id=\"consent\"" "$tmp/x"'
old=$(xcache "$V/article/$a1" -H "Cookie: gz_consent=accept.0.1700000000")
cond "a choice for an older policy gets the banner" 'grep -q "id=\"consent\"" "$tmp/x"'
none2=$(xcache "$V/article/$a1")
cond "no choice again: the banner, from the cache ($none $none2)" \
	'[ "$none2" = HIT ] && grep -q "id=\"consent\"" "$tmp/x"'

step "sessions bypass"
jar=$tmp/jar
curl -s -c "$jar" -b "$jar" -o "$tmp/form" "$G/admin/login"
tok=$(sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p' "$tmp/form")
fetch "$G/admin/login" "$tmp/login" -c "$jar" -b "$jar" --data-urlencode "login=admin1" \
	--data-urlencode "password=admin pass 123" --data "login_token=$tok" >/dev/null
grep -q gz_session "$jar" || die "admin1 could not log in"
s1=$(xcache "$V/" -b "$jar")
cc=$(header "$tmp/x.h" Cache-Control)
cond "a session passes ($s1), private ($cc)" '[ "$s1" = PASS ] && [[ "$cc" == *private* ]]'
s2=$(xcache "$V/" -b "$jar")
cond "and again ($s2)" '[ "$s2" = PASS ]'
an=$(xcache "$V/")
cond "readers still get their cached copy ($an)" '[ "$an" = HIT ]'
cm=$(xcache "$V/" -H "Cookie: gz_commenter=Ann%7Cann%40example.org%7C")
cond "a commenter's prefilled page passes too ($cm)" '[ "$cm" = PASS ]'

step "publish: home and section show it"
cat_id=$(q "SELECT id FROM categories ORDER BY id LIMIT 1")
cat_slug=$(q "SELECT slug FROM categories WHERE id = $cat_id")
warm "$V/" || fail "home not cached"
warm "$V/category/$cat_slug" || fail "section not cached"
fetch "$G/admin/articles/new" "$tmp/new" -b "$jar" >/dev/null
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/new" | head -1)
code=$(fetch "$G/admin/articles" "$tmp/cr" -b "$jar" \
	--data "csrf=$csrf&status=published&comments_open=1&category_id=$cat_id" \
	--data-urlencode "title=Varnish breaking story" --data-urlencode "summary=Purged by key." \
	--data-urlencode "body=Just in.")
cond "created ($code)" '[ "$code" = 303 ]'
n=$(until_in "$V/" "Varnish breaking story") && pass "home shows it after $n polls" ||
	fail "home does not show it after $n polls"
n=$(until_in "$V/category/$cat_slug" "Varnish breaking story") &&
	pass "its section shows it after $n polls" || fail "its section does not show it after $n polls"

fut=$((now + 3600))
warm "$V/" || fail "home not cached"
warm "$V/category/$cat_slug" || fail "section not cached"
code=$(fetch "$G/admin/articles" "$tmp/sc" -b "$jar" \
	--data "csrf=$csrf&status=scheduled&comments_open=1&category_id=$cat_id" \
	--data-urlencode "published_at=$(date -u -d "@$fut" +%Y-%m-%dT%H:%M:%S)" \
	--data-urlencode "title=Varnish embargoed story" --data-urlencode "body=Not yet.")
cond "scheduled for an hour later ($code)" '[ "$code" = 303 ]'
n=$(until_in "$V/" "Varnish embargoed story" 10) && fail "home shows it before its time" ||
	pass "home does not show it before its time ($n polls)"
echo "$((fut + 1))" >"$GAZETTE_TEST_CLOCK"
n=$(until_in "$V/" "Varnish embargoed story") && pass "its time came: home shows it after $n polls" ||
	fail "home does not show it after its time ($n polls)"
n=$(until_in "$V/category/$cat_slug" "Varnish embargoed story") &&
	pass "and its section after $n polls" || fail "its section does not show it ($n polls)"

step "a comment approval purges that article and nothing else"
art_id=2
art=$(q "SELECT slug FROM articles WHERE id = $art_id")
# Other articles whose pages do not show article 2 (neither linked nor listed).
others=()
for id in $(q "SELECT id FROM articles WHERE status = 'published' AND id NOT IN ($art_id) ORDER BY id LIMIT 12"); do
	s=$(q "SELECT slug FROM articles WHERE id = $id")
	if warm "$V/article/$s" && ! grep -qF "/article/$art\"" "$tmp/x"; then
		others+=("$s")
	fi
done
cond "${#others[@]} other articles cached that do not show it" '[ "${#others[@]}" -ge 3 ]'
acat=$(q "SELECT c.slug FROM categories c JOIN articles a ON a.category_id = c.id WHERE a.id = $art_id")
warm "$V/category/$acat" || fail "its section not cached"
grep -qF "/article/$art\"" "$tmp/x" || fail "its section does not list it"
warm "$V/article/$art" || fail "article $art not cached"
form=$tmp/x
token=$(sed -n 's/.*name="token" value="\([^"]*\)".*/\1/p' "$form" | head -1)
nonce=$(sed -n 's/.*name="nonce" value="\([^"]*\)".*/\1/p' "$form" | head -1)
code=$(fetch "$G/article/$art/comments" "$tmp/c" --data "token=$token&nonce=$nonce&parent=0" \
	--data-urlencode "name=Vera Nish" --data-urlencode "email=vera@example.org" \
	--data-urlencode "body=A comment that a cache must not hide for long.")
check "the new reader's comment is held ($code)" grep -q 'comment=held' "$tmp/c.h"
cid=$(q "SELECT id FROM comments WHERE author_email = 'vera@example.org'")
held=$(xcache "$V/article/$art")
cond "held: the article stays cached ($held)" '[ "$held" = HIT ]'
fetch "$G/admin/comments" "$tmp/adm" -b "$jar" >/dev/null
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/adm" | head -1)
code=$(fetch "$G/admin/comments" "$tmp/ap" -b "$jar" --data "csrf=$csrf&status=pending&action=approve&id=$cid")
cond "approved ($code)" '[ "$code" = 303 ]'
n=$(until_in "$V/article/$art" "must not hide for long") && pass "the article shows it after $n polls" ||
	fail "the article does not show it after $n polls"
lc=$(xcache "$V/category/$acat")
cond "its section, which shows its count, was purged too ($lc)" \
	'[ "$lc" = MISS ] && grep -qE "[0-9]+ comments?" "$tmp/x"'
hits=0
for s in "${others[@]}"; do
	[ "$(xcache "$V/article/$s")" = HIT ] && hits=$((hits + 1))
done
cond "every other article is still a HIT ($hits of ${#others[@]})" '[ "$hits" = "${#others[@]}" ]'
# The queue is empty once Varnish took the purges.
for ((k = 0; k < 50; k++)); do
	[ "$(q "SELECT count(*) FROM purge_queue")" = 0 ] && break
	sleep 0.05
done
cond "the purge queue empties ($(q "SELECT count(*) FROM purge_queue") left)" \
	'[ "$(q "SELECT count(*) FROM purge_queue")" = 0 ]'

step "PURGE needs keys"
code=$(curl -s -o /dev/null -w '%{http_code}' -X PURGE "$V/")
cond "PURGE without xkey-purge: 400 ($code)" '[ "$code" = 400 ]'

step "Gazette down: cached pages still served"
warm "$V/article/${others[0]}" || fail "not cached before the stop"
warm "$V/" || fail "home not cached before the stop"
stop_pid "$gz_pid"
code=$(fetch "$V/article/${others[0]}" "$tmp/down")
cond "an article: 200 from the cache ($code, $(header "$tmp/down.h" X-Cache))" \
	'[ "$code" = 200 ] && grep -q "<html" "$tmp/down"'
code=$(fetch "$V/" "$tmp/down2")
cond "the home page: 200 ($code)" '[ "$code" = 200 ]'
code=$(fetch "$V/article/does-not-exist" "$tmp/down3")
cond "an uncached page: 503 from Varnish ($code)" '[ "$code" = 503 ]'

finish
