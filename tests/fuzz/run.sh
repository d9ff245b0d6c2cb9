#!/bin/sh
# Run every libFuzzer target in BUILD for SECONDS each, starting from its
# seed corpus (copied, so the committed corpus stays as reviewed).  A crash
# fails the run and leaves the reproducer in BUILD/fuzz-out/.
set -eu
build=$1
secs=${2:-20}
here=$(cd "$(dirname "$0")" && pwd)
out="$build/fuzz-out"
mkdir -p "$out"
status=0
for src in "$here"/fuzz_*.c; do
	name=$(basename "$src" .c)
	bin="$build/$name"
	[ -x "$bin" ] || { echo "missing $bin"; exit 1; }
	work="$out/$name-corpus"
	rm -rf "$work"
	mkdir -p "$work"
	cp "$here/corpus/$name"/* "$work"/ 2>/dev/null || true
	echo "== $name for ${secs}s"
	if ! "$bin" -max_total_time="$secs" -rss_limit_mb=2048 -artifact_prefix="$out/$name-" \
		"$work" >"$out/$name.log" 2>&1; then
		echo "FAIL $name (see $out/$name.log)"
		tail -30 "$out/$name.log"
		status=1
	else
		grep -E '^#[0-9]+.*DONE|Done [0-9]+ runs' "$out/$name.log" | tail -1 || true
	fi
done
exit $status
