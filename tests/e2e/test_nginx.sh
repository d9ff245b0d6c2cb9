#!/bin/bash
# Gazette behind a real nginx, configured from deploy/nginx.conf:
#  1. the shipped configuration passes `nginx -t` (plain and micro-cache);
#  2. every public URL answers the same through nginx -> gazette fcgi as from
#     gazette serve: status, Content-Type and body, byte for byte;
#  3. nginx serves /static/ and /media/ itself, with the right types, cache
#     and security headers, and refuses dotfiles, listings and traversal;
#  4. restarting gazette fcgi while nginx stays up: the site comes back;
#  5. a malformed FastCGI PARAMS record sent straight to the socket does not
#     take the site down for more than a second;
#  6. the micro-cache variant: public pages are served from the cache,
#     sessions bypass it, consent states get separate entries.
# Needs nginx (nginx-light), curl, python3, sqlite3: sh tools/deps.sh test.
# A missing tool is a failure, not a skip.
set -euo pipefail

. "$(dirname "$0")/../integration/lib.sh"
e2e=$src/tests/e2e
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}

for tool in "$NGINX" sqlite3; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool not found: run sh tools/deps.sh test"
done

# start_fcgi: gazette fcgi on $tmp/gz.sock; fcgi_pid is the running one.
fcgi_pid=""
start_fcgi() {
	"$GAZETTE_BIN" fcgi --socket "$tmp/gz.sock" --db "$tmp/g.db" >>"$tmp/fcgi.log" 2>&1 &
	fcgi_pid=$!
	pids+=("$fcgi_pid")
}

step "setup: demo database, gazette fcgi, gazette serve, nginx"
mkdir -p "$tmp/media" "$tmp/static"
"$GAZETTE_BIN" init --db "$tmp/g.db" --demo >"$tmp/init.log" 2>&1 ||
	{ cat "$tmp/init.log"; die "gazette init --db $tmp/g.db --demo"; }
# Absolute links follow the request's Host until a base URL is saved; the
# two front doors below listen on different ports, so, as in a deployment,
# the site has its address set and both must then answer byte for byte.
sqlite3 "$tmp/g.db" "INSERT OR REPLACE INTO settings(key, value) VALUES ('base_url', 'https://news.example')" ||
	die "cannot set base_url"
# nginx serves a copy of static/ with a fingerprinted stylesheet and a
# dotfile added, and a media folder with one upload.
cp -R "$src/static/." "$tmp/static/"
cp "$src/static/css/site.css" "$tmp/static/css/site.0123abcd.css"
echo "secret" >"$tmp/static/.secret"
printf 'GIF89a' >"$tmp/media/pixel.gif"
echo '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>' >"$tmp/media/evil.svg"
printf '<?php echo "EXECUTED"; ?>\n' >"$tmp/media/up.php"

start_fcgi
(cd "$tmp" && exec "$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$tmp/g.db" \
	--static "$tmp/static") >"$tmp/serve.log" 2>&1 &
pids+=($!)

# -t on configurations for a port nobody uses: it checks syntax, not binding.
for mode in "" microcache; do
	conf=$tmp/nginx-t${mode:+-$mode}
	sh "$e2e/nginx-conf.sh" "$conf" "127.0.0.1:1" "$tmp/gz.sock" "$tmp/static" "$tmp/media" $mode
	if "$NGINX" -t -q -p "$conf/" -c "$conf/nginx.conf" 2>"$conf.t"; then
		pass "nginx -t accepts deploy/nginx.conf (${mode:-plain})"
	else
		cat "$conf.t"
		die "nginx -t rejects deploy/nginx.conf (${mode:-plain})"
	fi
done
. "$e2e/nginx-start.sh"
nginx_start "$tmp/nginx" "$tmp/gz.sock" "$tmp/static" "$tmp/media" || die "nginx does not start"
pids+=("$NGINX_PID")
port=$NGINX_PORT
nginx_start "$tmp/nginx-cache" "$tmp/gz.sock" "$tmp/static" "$tmp/media" microcache ||
	die "nginx (micro-cache) does not start"
pids+=("$NGINX_PID")
port_cache=$NGINX_PORT
port_serve=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "gazette serve did not say its port"; }

N=http://127.0.0.1:$port
S=http://127.0.0.1:$port_serve
C=http://127.0.0.1:$port_cache
wait_http "$S/" 100 || { cat "$tmp/serve.log"; die "gazette serve does not answer on $S"; }
for _ in $(seq 100); do
	[ "$(fetch "$N/" "$tmp/probe")" != 502 ] && break
	sleep 0.1
done
code=$(fetch "$N/" "$tmp/probe")
[ "$code" != 502 ] && [ "$code" != 000 ] ||
	{ cat "$tmp/fcgi.log"; tail "$tmp/nginx/error.log"; die "gazette fcgi does not answer behind nginx ($code)"; }
pass "nginx ($N), gazette fcgi ($tmp/gz.sock) and gazette serve ($S) answer"

# Demo slugs, read from the database so the test follows the demo content.
q() { sqlite3 "$tmp/g.db" "$1" 2>/dev/null || true; }
article=$(q "SELECT slug FROM articles WHERE status='published' ORDER BY published_at DESC LIMIT 1")
category=$(q "SELECT slug FROM categories ORDER BY position, id LIMIT 1")
tag=$(q "SELECT slug FROM tags ORDER BY id LIMIT 1")
[ -n "$article" ] && [ -n "$category" ] && [ -n "$tag" ] ||
	fail "demo database lacks an article, category or tag (article=$article category=$category tag=$tag)"
urls=(/ /page/2 "/article/$article" "/category/$category" "/tag/$tag" /author/admin
	"/search?q=energy" /feed /feed/atom /sitemap.xml /robots.txt /privacy /no-such-page
	"/category/$category/feed" /news-sitemap.xml "/article/$article?utm=x&y=%C3%A9")

# compare_all NGINX_BASE LABEL: every URL through nginx and through serve.
compare_all() {
	local u a b ta tb
	for u in "${urls[@]}"; do
		a=$(fetch "$1$u" "$tmp/n.body")
		b=$(fetch "$S$u" "$tmp/s.body")
		# The comment form's signed token and one-time nonce differ per
		# render by design; everything else must be byte-identical.
		sed -i -E 's/(name="(token|nonce)" value=")[^"]*/\1-/g' "$tmp/n.body" "$tmp/s.body"
		ta=$(header "$tmp/n.body.h" content-type)
		tb=$(header "$tmp/s.body.h" content-type)
		if [ "$a" != "$b" ]; then
			fail "$2 $u: status $a through nginx, $b from serve"
		elif [ "$ta" != "$tb" ]; then
			fail "$2 $u: Content-Type '$ta' through nginx, '$tb' from serve"
		elif ! cmp -s "$tmp/n.body" "$tmp/s.body"; then
			fail "$2 $u: bodies differ ($(wc -c <"$tmp/n.body") vs $(wc -c <"$tmp/s.body") bytes): $(cmp "$tmp/n.body" "$tmp/s.body" 2>&1 | head -1)"
			diff <(tr '>' '\n' <"$tmp/n.body") <(tr '>' '\n' <"$tmp/s.body") | head -6 || true
		else
			pass "$2 $u: $a, $(wc -c <"$tmp/n.body") bytes, identical"
		fi
	done
}

step "public URLs: nginx -> gazette fcgi vs gazette serve (status, type, body)"
compare_all "$N" "nginx"

step "dynamic responses keep Gazette's own headers, not doubled by nginx"
fetch "$N/" "$tmp/h" >/dev/null
for h in x-content-type-options content-security-policy referrer-policy x-frame-options; do
	n=$(grep -ci "^$h:" "$tmp/h.h" || true)
	if [ "$n" -le 1 ]; then
		pass "/ through nginx: $h sent $n time(s)"
	else
		fail "/ through nginx: $h sent $n times"
	fi
done
if grep -qi '^server: nginx/' "$tmp/h.h"; then
	fail "nginx version disclosed: $(header "$tmp/h.h" server)"
else
	pass "server_tokens off (Server: $(header "$tmp/h.h" server))"
fi

step "static files served by nginx: type, cache, security headers"
expect_header() { # FILE.h NAME VALUE-REGEX LABEL
	local v
	v=$(header "$1" "$2")
	if [[ "$v" =~ $3 ]]; then pass "$4: $2: $v"; else fail "$4: $2 is '$v', want /$3/"; fi
}
code=$(fetch "$N/static/css/site.css" "$tmp/css")
[ "$code" = 200 ] && cmp -s "$tmp/css" "$src/static/css/site.css" &&
	pass "/static/css/site.css: 200, same bytes as static/css/site.css" ||
	fail "/static/css/site.css: status $code or wrong bytes"
expect_header "$tmp/css.h" content-type '^text/css; charset=utf-8$' /static/css/site.css
expect_header "$tmp/css.h" cache-control '^max-age=3600$' /static/css/site.css
expect_header "$tmp/css.h" x-content-type-options '^nosniff$' /static/css/site.css
code=$(fetch "$N/static/css/site.0123abcd.css" "$tmp/fp")
[ "$code" = 200 ] && pass "fingerprinted /static/css/site.0123abcd.css: 200" ||
	fail "fingerprinted stylesheet: status $code"
expect_header "$tmp/fp.h" cache-control '^public, max-age=31536000, immutable$' site.0123abcd.css
n=$(grep -ci '^cache-control:' "$tmp/fp.h" || true)
[ "$n" = 1 ] && pass "site.0123abcd.css: one Cache-Control header" ||
	fail "site.0123abcd.css: $n Cache-Control headers"
code=$(fetch "$N/media/pixel.gif" "$tmp/gif")
[ "$code" = 200 ] && pass "/media/pixel.gif: 200" || fail "/media/pixel.gif: status $code"
expect_header "$tmp/gif.h" content-type '^image/gif$' /media/pixel.gif
expect_header "$tmp/gif.h" x-content-type-options '^nosniff$' /media/pixel.gif
fetch "$N/media/evil.svg" "$tmp/svg" >/dev/null
expect_header "$tmp/svg.h" content-security-policy 'sandbox' "/media/evil.svg (inert)"

step "refused: dotfiles, listings, traversal"
refused() { # PATH LABEL: status must be 400/403/404 and no secret leaks
	local code
	code=$(fetch "$N$1" "$tmp/r")
	if [[ "$code" =~ ^(400|403|404)$ ]] && ! grep -aq -e 'root:x:0' -e 'secret' -e 'SQLite format 3' "$tmp/r"; then
		pass "$2 $1: $code"
	else
		fail "$2 $1: status $code ($(head -c 60 "$tmp/r" | tr -c '[:print:]' '.'))"
	fi
}
refused /static/.secret "dotfile"
refused /.git/config "dotfile"
refused /media/.htaccess "dotfile"
refused /static/ "listing"
refused /static/css/ "listing"
refused /media/ "listing"
refused /static/../../../../etc/passwd "traversal"
refused '/static/..%2f..%2f..%2f..%2fetc/passwd' "traversal"
refused '/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd' "traversal"
refused '/media/../g.db' "traversal"
refused '/media/..%2fg.db' "traversal"
refused '/static..%2fg.db' "traversal"
refused '/media/%2e%2e/g.db' "traversal"
code=$(fetch "$N/media/up.php" "$tmp/r")
# Whatever was uploaded is only ever sent back as bytes, never run.
if [ "$code" = 200 ] && cmp -s "$tmp/r" "$tmp/media/up.php" &&
	[ "$(header "$tmp/r.h" content-type)" = application/octet-stream ]; then
	pass "/media/up.php: sent as its bytes, application/octet-stream, not executed"
else
	fail "/media/up.php: status $code, Content-Type '$(header "$tmp/r.h" content-type)'"
fi

step "request limits: bodies over 16 MiB stop at nginx (413)"
code=$(head -c $((17 * 1024 * 1024)) /dev/zero | curl -s -o /dev/null -w '%{http_code}' \
	-H 'Content-Type: application/octet-stream' --data-binary @- "$N/admin/media" || true)
[ "$code" = 413 ] && pass "17 MiB POST: 413 from nginx" || fail "17 MiB POST: status $code"

step "restart gazette fcgi (SIGTERM to the supervisor, start again) under a live nginx"
old=$fcgi_pid
kill -TERM "$old"
t0=$(date +%s%N)
wait "$old" 2>/dev/null || true
forget_pid "$old"
fcgi_pid=""
code=$(fetch "$N/" "$tmp/r")
echo "     while stopped: / through nginx -> $code (502/503 expected)"
start_fcgi
ok=""
for _ in $(seq 100); do
	code=$(fetch "$N/" "$tmp/r")
	[ "$code" = "$(fetch "$S/" "$tmp/s")" ] && { ok=1; break; }
	sleep 0.05
done
ms=$((($(date +%s%N) - t0) / 1000000))
[ -n "$ok" ] && pass "site back through nginx ${ms} ms after SIGTERM (status $code)" ||
	{ tail -5 "$tmp/fcgi.log"; fail "site not back through nginx after restart (status $code)"; }
compare_all "$N" "after restart:"

step "malformed FastCGI PARAMS straight to the socket (name length 0x7ffffffe, value length 1)"
python3 "$src/tests/lib/fcgi.py" --summary "$tmp/gz.sock" GET / HTTP_HOST=localhost SERVER_NAME=localhost ||
	fail "well-formed FastCGI GET straight to the socket"
python3 "$src/tests/lib/fcgi.py" --bad-params "$tmp/gz.sock" || fail "could not send the malformed record"
t0=$(date +%s%N)
ok=""
for _ in $(seq 200); do
	code=$(fetch "$N/" "$tmp/r")
	[ "$code" = 200 ] && { ok=1; break; }
	sleep 0.05
done
ms=$((($(date +%s%N) - t0) / 1000000))
if [ -n "$ok" ]; then
	pass "site answers through nginx after the malformed record (${ms} ms)"
else
	fail "site does not answer through nginx after the malformed record (status $code)"
fi
kill -0 "$fcgi_pid" 2>/dev/null && pass "gazette fcgi supervisor still running" ||
	fail "gazette fcgi supervisor died"

step "micro-cache variant (deploy/nginx-microcache.conf)"
compare_all "$C" "microcache"
# The first public URL that Gazette marks shareable (public with s-maxage or
# max-age above 0) is the one to test; else the article page.
u=/article/$article
for cand in "/article/$article" / /page/2 "/category/$category"; do
	fetch "$S$cand" "$tmp/c0" >/dev/null
	cc=$(header "$tmp/c0.h" cache-control)
	if [[ "$cc" =~ public ]] && [[ "$cc" =~ (s-maxage|max-age)=[1-9] ]]; then
		u=$cand
		break
	fi
done
fetch "$C$u" "$tmp/c1" >/dev/null
cc=$(header "$tmp/c1.h" cache-control)
s1=$(header "$tmp/c1.h" x-cache-status)
fetch "$C$u" "$tmp/c2" >/dev/null
s2=$(header "$tmp/c2.h" x-cache-status)
[ -n "$s1" ] && pass "micro-cache active: X-Cache-Status $s1 then $s2 (Cache-Control: $cc)" ||
	fail "micro-cache: no X-Cache-Status header"
if [[ "$cc" =~ public ]] && [[ "$cc" =~ (s-maxage|max-age)=[1-9] ]]; then
	[ "$s2" = HIT ] && pass "$u: second anonymous GET is a cache HIT" ||
		fail "$u: second anonymous GET is $s2, want HIT (Cache-Control: $cc)"
	cmp -s "$tmp/c1" "$tmp/c2" && pass "$u: cached body identical" || fail "$u: cached body differs"
	# A real cookie: "<choice>.<policy version>.<time>" (as POST /consent sets it).
	fetch "$C$u" "$tmp/c3" -H 'Cookie: gz_consent=accept.1.1700000000' >/dev/null
	s3=$(header "$tmp/c3.h" x-cache-status)
	[ "$s3" != HIT ] && pass "$u with consent accepted: own cache entry ($s3)" ||
		fail "$u with consent accepted: HIT from the no-consent entry"
	fetch "$C$u" "$tmp/c4" -H 'Cookie: gz_consent=accept.1.1800000000' >/dev/null
	s4=$(header "$tmp/c4.h" x-cache-status)
	[ "$s4" = HIT ] && ! grep -q 'id="consent"' "$tmp/c4" &&
		pass "$u: another reader who accepted shares that entry, without the banner ($s4)" ||
		fail "$u: another reader who accepted: $s4, or the banner shown"
else
	echo "     $u sends Cache-Control '$cc': not cacheable, so only MISS/BYPASS is expected"
	[ "$s2" != HIT ] && pass "$u (not public): not served from the cache ($s2)" ||
		fail "$u (Cache-Control '$cc') served from the cache"
fi
for ck in 'gz_session=abc' '__Host-gz_session=abc' 'a=1; gz_session=abc'; do
	fetch "$C$u" "$tmp/c4" -H "Cookie: $ck" >/dev/null
	s=$(header "$tmp/c4.h" x-cache-status)
	[ "$s" = BYPASS ] && pass "$u with Cookie '$ck': BYPASS" || fail "$u with Cookie '$ck': $s, want BYPASS"
done
fetch "$C$u" "$tmp/c5" -H 'Cookie: not_gz_session=abc' >/dev/null
s=$(header "$tmp/c5.h" x-cache-status)
[ "$s" != BYPASS ] && pass "$u with Cookie 'not_gz_session=abc': not a session ($s)" ||
	fail "$u with Cookie 'not_gz_session=abc': BYPASS"

echo
if grep -q '\[\(alert\|emerg\)\]' "$tmp/nginx/error.log" "$tmp/nginx-cache/error.log"; then
	fail "nginx logged alerts: $(grep -h '\[\(alert\|emerg\)\]' "$tmp"/nginx*/error.log | head -3)"
fi
if [ "$nfail" -ne 0 ]; then
	echo "--- gazette fcgi log (tail)"
	tail -15 "$tmp/fcgi.log" || true
	echo "--- nginx error log (tail)"
	tail -15 "$tmp/nginx/error.log" || true
fi
finish
