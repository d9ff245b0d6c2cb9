#!/bin/sh
# Build the template benchmark in release mode (no sanitizers) and run it:
# template vs hand-written article page, byte-identical, ratio reported.
#   bench/run-tmpl.sh [SECONDS_PER_CASE]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build="$here/build-bench"
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target tmpl_bench >/dev/null
"$build/tmpl_bench" "${1:-2}"
