#!/bin/bash
# The ceiling of nginx's fastcgi_cache on this machine: a cache hit in the
# barest configuration nginx allows (key $request_uri, no maps, no bypass,
# no added headers, every 200 kept an hour), against the same nginx serving
# the same bytes as a static file.  bench/run.sh measures Gazette's real
# micro-cache (deploy/nginx-microcache.conf) the same way; the gap between
# the two is what that configuration costs, and this ratio is the most any
# fastcgi_cache set-up can reach here.
#
#   bash bench/cache-ceiling.sh        # DURATION=10s CONNS=32 THREADS=2
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
BIN=${GAZETTE_BIN:-$src/build/gazette}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-32}
THREADS=${THREADS:-2}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}

. "$src/bench/lib.sh"
need "$BIN" "$NGINX" wrk curl python3 sqlite3

tmp=$(mktemp -d)
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

"$BIN" init --db "$tmp/g.db" --demo >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log"; die "gazette init"; }
article=$(sqlite3 "$tmp/g.db" "SELECT slug FROM articles WHERE status = 'published'
	ORDER BY published_at DESC LIMIT 1")
port=$(python3 "$src/tests/e2e/freeport.py" 1)
mkdir -p "$tmp/cache" "$tmp/twin" "$tmp/t"
user=""
[ "$(id -u)" -eq 0 ] && user="user root;"
cat >"$tmp/nginx.conf" <<EOF
$user
worker_processes auto;
pid $tmp/nginx.pid;
error_log $tmp/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	client_body_temp_path $tmp/t/body;
	fastcgi_temp_path $tmp/t/fastcgi;
	proxy_temp_path $tmp/t/proxy;
	scgi_temp_path $tmp/t/scgi;
	uwsgi_temp_path $tmp/t/uwsgi;
	fastcgi_cache_path $tmp/cache levels=1:2 keys_zone=bare:10m;
	server {
		listen 127.0.0.1:$port;
		location ^~ /twin/ {
			alias $tmp/twin/;
			default_type text/html;
		}
		location / {
			include /etc/nginx/fastcgi_params;
			fastcgi_pass unix:$tmp/gz.sock;
			fastcgi_cache bare;
			fastcgi_cache_key \$request_uri;
			fastcgi_cache_valid 200 1h;
			fastcgi_ignore_headers Cache-Control Expires Vary Set-Cookie;
		}
	}
}
EOF
"$BIN" fcgi --socket "$tmp/gz.sock" --db "$tmp/g.db" >"$tmp/fcgi.log" 2>&1 &
pids+=($!)
"$NGINX" -p "$tmp/" -c "$tmp/nginx.conf" -g 'daemon off;' 2>>"$tmp/nginx.err" &
pids+=($!)
url=http://127.0.0.1:$port
for ((i = 0; i < 200; i++)); do
	[ "$(curl -s -o "$tmp/twin/article" -w '%{http_code}' "$url/article/$article" || true)" = 200 ] &&
		break
	sleep 0.05
done
[ -s "$tmp/twin/article" ] || die "no answer through nginx (see $tmp/nginx.err)"

rps() { # URL: requests/s after a one-second warm-up
	wrk -t"$THREADS" -c"$CONNS" -d1s "$1" >/dev/null 2>&1 || true
	wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" "$1" 2>&1 | awk '/^Requests\/sec:/ { print $2 }'
}
hit=$(rps "$url/article/$article")
static=$(rps "$url/twin/article")
echo "bare fastcgi_cache hit vs static file ($(wc -c <"$tmp/twin/article") bytes, wrk -t$THREADS -c$CONNS -d$DURATION):"
awk -v h="$hit" -v s="$static" 'BEGIN {
	printf "  cache hit %10.0f req/s\n  static    %10.0f req/s\n  ratio     %10.2f\n", h, s, h / s }'
