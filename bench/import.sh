#!/bin/bash
# WordPress import at newsroom scale (issue 15, point 8): generate an export
# of POSTS posts with COMMENTS comments each (bench/wxr_gen.py), import it
# into an empty database, and report the time and the importer's peak RSS;
# then import the same file again (must change nothing) and report that too.
#   bash bench/import.sh [POSTS=100000] [COMMENTS_PER_POST=5]
# Target on a 2-core machine: under 5 minutes and under 64 MiB for 100,000
# posts and 500,000 comments.  Builds nothing: expects build/gazette (or
# GAZETTE_BIN).  WXR_FILE=path reuses (or keeps) the generated export.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
BIN=${GAZETTE_BIN:-$src/build/gazette}
posts=${1:-100000}
per=${2:-5}
. "$here/lib.sh"
need "$BIN" python3 sqlite3

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
xml=${WXR_FILE:-$tmp/site.xml}
if [ ! -s "$xml" ]; then
	echo "generating $posts posts x $per comments into $xml ..."
	python3 "$here/wxr_gen.py" "$posts" "$per" >"$xml"
fi
echo "export: $(du -h "$xml" | cut -f1), $(grep -c '<item>' "$xml") items"
"$BIN" init --db "$tmp/site.db" >/dev/null

# run LABEL CMD...: wall time and the peak RSS of CMD (its own, not ours).
run() {
	local label=$1
	shift
	python3 - "$label" "$@" <<'PY'
import resource, subprocess, sys, time
label, cmd = sys.argv[1], sys.argv[2:]
t = time.monotonic()
p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
dt = time.monotonic() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
tail = [l for l in p.stdout.splitlines() if l.strip()][:12]
print(f"{label}: exit {p.returncode}, {dt:.1f} s, peak RSS {rss:.1f} MiB")
for l in tail:
    print("   ", l)
sys.exit(p.returncode)
PY
}

run "import" "$BIN" import wordpress "$xml" --db "$tmp/site.db"
count() { sqlite3 "$tmp/site.db" "$1"; }
echo "rows: $(count 'SELECT count(*) FROM articles') articles, $(count 'SELECT count(*) FROM comments') comments," \
	"$(count 'SELECT count(*) FROM redirects') redirects, database $(du -h "$tmp/site.db" | cut -f1)"
before=$(count 'SELECT (SELECT count(*) FROM articles)||","||(SELECT count(*) FROM comments)||","||(SELECT value FROM generation)')
run "re-import" "$BIN" import wordpress "$xml" --db "$tmp/site.db"
after=$(count 'SELECT (SELECT count(*) FROM articles)||","||(SELECT count(*) FROM comments)||","||(SELECT value FROM generation)')
echo "articles,comments,generation before re-import: $before; after: $after"
[ "$before" = "$after" ] || die "re-import changed the database"
