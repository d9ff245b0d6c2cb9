#!/bin/sh
# Search time with 100 and with 100,000 generated articles (see
# bench/search_scale.c).  Builds the bench against BUILD's library, keeps
# the generated databases in WORK (default: a temporary folder, removed
# afterwards) and prints each query's median time at both sizes and the
# ratio.  Building the 100,000-article database takes about a minute.
#
# Usage: bench/search_scale.sh [BUILD] [WORK]
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$src/build"}
work=${2:-}
keep=1
if [ -z "$work" ]; then
	work=$(mktemp -d "${TMPDIR:-/tmp}/gz_search_scale.XXXXXX")
	keep=0
fi
bin="$work/search_scale"
cc -std=c17 -O2 -D_GNU_SOURCE -I"$src/include" -o "$bin" "$src/bench/search_scale.c" \
	"$build/libgazette_lib.a" \
	$(pkg-config --libs fcgi libmicrohttpd sqlite3 libsodium libxml-2.0) -lcmark-gfm-extensions -lcmark-gfm \
	-lpthread -lm
"$bin" 100 "$work" >"$work/small.txt"
"$bin" 100000 "$work" >"$work/large.txt"
printf '%-20s %10s %10s %6s\n' query "100 (ms)" "100k (ms)" ratio
# A line ends "n=N median X ms p90 Y ms total T"; the query is what precedes.
awk '{ q = $1; for (i = 2; i <= NF - 9; i++) q = q " " $i }
     FNR == NR { small[q] = $(NF - 6); next }
     { printf "%-20s %10.3f %10.3f %6.1f\n", q, small[q], $(NF - 6),
       (small[q] > 0 ? $(NF - 6) / small[q] : 0) }' "$work/small.txt" "$work/large.txt"
if [ "$keep" = 0 ]; then
	rm -rf "$work"
fi
