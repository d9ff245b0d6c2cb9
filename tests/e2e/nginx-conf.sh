#!/bin/sh
# Write a runnable nginx configuration for Gazette into a prefix folder:
# deploy/nginx.conf with its placeholders filled, wrapped by
# tests/e2e/nginx-wrap.conf.in.  Used by the e2e tests and bench/run.sh.
#
#   nginx-conf.sh PREFIX LISTEN SOCKET STATIC_DIR MEDIA_DIR [microcache]
#
# NGINX_WORKERS (1), NGINX_CONNECTIONS (worker_connections, 1024) and
# NGINX_ACCESS_LOG (PREFIX/access.log) change the wrapper's settings.
#
# PREFIX gets nginx.conf, site.conf, copies of mime.types and fastcgi_params,
# tmp/, cache/ and an empty server.d/ whose *.conf files are included inside
# the server block (the bench adds a location there).  Then:
#   nginx -t -p PREFIX/ -c PREFIX/nginx.conf
#   nginx -p PREFIX/ -c PREFIX/nginx.conf      (daemon, pid in PREFIX/nginx.pid)
set -eu

if [ $# -lt 5 ]; then
	echo "usage: $0 PREFIX LISTEN SOCKET STATIC_DIR MEDIA_DIR [microcache]" >&2
	exit 2
fi
prefix=$1 listen=$2 socket=$3 static=$4 media=$5 mode=${6:-}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)

mkdir -p "$prefix/tmp" "$prefix/cache" "$prefix/server.d"
# nginx resolves relative includes against the configuration's folder.
for f in mime.types fastcgi_params; do
	if [ -f "/etc/nginx/$f" ]; then
		cp "/etc/nginx/$f" "$prefix/$f"
	else
		echo "nginx-conf.sh: /etc/nginx/$f missing" >&2
		exit 1
	fi
done

# A root master would switch its workers to "nobody", who cannot reach the
# test's private folders; an unprivileged master ignores "user" anyway.
user=""
[ "$(id -u)" -eq 0 ] && user="user root;"

sed -e "s|@LISTEN@|$listen|g" \
	-e "s|@SERVER_NAME@|localhost|g" \
	-e "s|@STATIC_DIR@|$static|g" \
	-e "s|@MEDIA_DIR@|$media|g" \
	-e "s|@SOCKET@|$socket|g" \
	-e "s|@CACHE_DIR@|$prefix/cache|g" \
	-e "s|@DEPLOY_DIR@|$src/deploy|g" \
	-e "s|^\([[:space:]]*\)server_tokens off;|&\n\1include $prefix/server.d/*.conf;|" \
	"$src/deploy/nginx.conf" > "$prefix/site.conf"
if [ "$mode" = microcache ]; then
	sed -i 's/^\([[:space:]]*\)#\(.*# microcache\)$/\1\2/' "$prefix/site.conf"
	if [ "$(grep -c '^[[:space:]]*[^#[:space:]].*# microcache$' "$prefix/site.conf")" -ne 2 ]; then
		echo "nginx-conf.sh: could not switch the micro-cache on" >&2
		exit 1
	fi
fi
if grep -n '@[A-Z_]*@' "$prefix/site.conf" >&2; then
	echo "nginx-conf.sh: placeholder left in site.conf" >&2
	exit 1
fi

sed -e "s|@PREFIX@|$prefix|g" \
	-e "s|@USER@|$user|g" \
	-e "s|@WORKERS@|${NGINX_WORKERS:-1}|g" \
	-e "s|@CONNECTIONS@|${NGINX_CONNECTIONS:-1024}|g" \
	-e "s|@RLIMIT@|$((2 * ${NGINX_CONNECTIONS:-1024} + 64))|g" \
	-e "s|@ACCESS_LOG@|${NGINX_ACCESS_LOG:-$prefix/access.log}|g" \
	"$here/nginx-wrap.conf.in" > "$prefix/nginx.conf"
