#!/bin/sh
# Install the Debian 12 packages Gazette needs, only those missing.
#   sh tools/deps.sh        build and run
#   sh tools/deps.sh test   also everything the test suite drives
# Needs root (or sudo) only when something is missing.
set -eu

build="make gcc cmake pkg-config libfcgi-dev libmicrohttpd-dev libsqlite3-dev libsodium-dev
libcmark-gfm-dev libcmark-gfm-extensions-dev libxml2-dev libvips-dev liboath-dev"
# tzdata: the zone files src/core/tz.c reads for the site's time zone
# (/usr/share/zoneinfo); without them only UTC works.
build="$build tzdata"
# fonts-liberation2: Latin fonts the stylesheet names (Times and Arial
# metrics), so the browser tests measure English text in a known Latin font,
# with fonts-noto-cjk beside it as on a reader's machine set up for Chinese.
test="libfcgi-bin curl python3 clang clang-format libclang-rt-14-dev nginx-light sqlite3 wrk
chromium fonts-noto-cjk fonts-liberation2 nodejs npm default-jre-headless libvips-tools"
# varnish, varnish-modules (the xkey vmod): tests/e2e/test_varnish.sh and
# bench/breaking-news.sh run deploy/varnish/gazette.vcl for real.
test="$test varnish varnish-modules"

want=$build
if [ "${1:-}" = test ]; then
	want="$build $test"
fi

missing=""
for p in $want; do
	# NodeSource's nodejs package brings its own npm and conflicts with
	# Debian's; any working npm will do.
	if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then
		continue
	fi
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "installing:$missing"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
