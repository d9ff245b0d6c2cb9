#!/bin/bash
# Code checks that keep the security rules true by construction (in the
# spirit of Fossil's codecheck1):
#  - only src/view and the one render helper write HTML into a response body;
#  - SQL is constant text with bound parameters: no printf-built SQL, no
#    sqlite3_exec/sqlite3_mprintf outside the database layer's fixed scripts;
#  - raw template output (the trusted-HTML marker) is made in one place only;
#  - SQLite is used only in src/model: no sqlite3_ call, no <sqlite3.h>
#    and no model-only header (db_sql.h, search_fts.h, search_snippet.h)
#    anywhere above it.
set -u
cd "${GAZETTE_SRC:-.}"
fail=0

bad() {
	echo "LINT: $1"
	shift
	printf '  %s\n' "$@"
	fail=1
}

# 1. Handlers never append to the response body themselves.
hits=$(grep -rnE 'resp->body|gz_buf_(append|puts|printf|putc)\(&resp' src/app --include=*.c |
	grep -vE '^src/app/(render|app|pagecache)\.c:' | grep -vE 'gz_buf_(err|reset)\('  || true)
[ -n "$hits" ] && bad "handler writes the response body directly (render through a template)" "$hits"

# 2. No SQL built with format strings.
hits=$(grep -nE '(printf|mprintf|snprintf)\s*\([^;]*"[^"]*(SELECT|INSERT|UPDATE|DELETE|WHERE)[^"]*%[sdq]' \
	src --include=*.c -r || true)
[ -n "$hits" ] && bad "SQL text built with a format string" "$hits"
hits=$(grep -rnE 'sqlite3_(mprintf|vmprintf|snprintf)' src --include=*.c || true)
[ -n "$hits" ] && bad "sqlite3 printf family in the tree" "$hits"

# 3. sqlite3_exec runs only fixed, embedded scripts in the database layer.
hits=$(grep -rn 'sqlite3_exec' src --include=*.c | grep -vE '^src/model/(db|demo)\.c:' || true)
[ -n "$hits" ] && bad "sqlite3_exec outside db.c/demo.c" "$hits"

# 4. Trusted HTML values are made only from sanitised Markdown.
hits=$(grep -rn 'gz_val_html' src --include=*.c | grep -vE '^src/(view/|app/render\.c)' || true)
[ -n "$hits" ] && bad "trusted-HTML value made outside the Markdown path" "$hits"

# 5. Nothing a page loads comes from another host (links to share
#    services are plain navigation and allowed; loads are not).
hits=$(grep -rnE '(src|srcset|poster|data)="(https?:)?//|<link[^>]*href="(https?:)?//|url\((["'"'"']?)(https?:)?//|@import' \
	templates static 2>/dev/null || true)
[ -n "$hits" ] && bad "template or asset refers to another host" "$hits"

# 6. SQL lives in the model, sealed there.
hits=$(grep -rnE 'sqlite3_[a-z_]+\s*\(' src --include=*.c --include=*.h | grep -v '^src/model/' || true)
[ -n "$hits" ] && bad "sqlite3_ call outside src/model" "$hits"
hits=$(grep -rnE '#include [<"](sqlite3\.h|gazette/(db_sql|search_fts|search_snippet)\.h)' src --include=*.c --include=*.h |
	grep -v '^src/model/' || true)
[ -n "$hits" ] && bad "SQLite header included outside src/model" "$hits"

# 7. Layers include only their own headers and those below them (DESIGN.md):
#    a header belongs to the layer whose folder holds its .c file.
hits=$(python3 - <<'PY'
import glob, os, re
layer_of = {"cli": "cli", "transport": "transport", "embed": "model", "search_fts": "model",
            "db_sql": "model", "wxr": "wordpress"}
# A name with a .c in two layers (check.c, backup.c, import.c: the command
# and its model part) belongs to the lower layer, whatever order glob lists
# the files in.
order = ["core", "http", "model", "view", "wordpress", "app", "transport", "cli"]
found = {}
for c in glob.glob("src/*/*.c") + glob.glob("src/*/*/*.c"):
    name = os.path.splitext(os.path.basename(c))[0]
    found.setdefault(name, set()).add(c.split("/")[1])
for name, layers in found.items():
    layer_of.setdefault(name, min(layers, key=lambda l: order.index(l) if l in order else 99))
may = {
    "core": {"core"},
    "http": {"core", "http"},
    "model": {"core", "model"},
    "view": {"core", "view"},
    "app": {"core", "http", "model", "view", "app"},
    "transport": {"core", "http", "app", "transport"},
    "wordpress": {"core", "model", "view", "wordpress"},
    "cli": {"core", "http", "model", "view", "app", "transport", "wordpress", "cli"},
}
for c in sorted(glob.glob("src/*/*.c") + glob.glob("src/*/*/*.c") + glob.glob("src/*/*.h")):
    layer = c.split("/")[1]
    for i, line in enumerate(open(c, encoding="utf-8"), 1):
        m = re.match(r'#include "gazette/([a-z_0-9]+)\.h"', line)
        if m and layer_of.get(m.group(1), "?") not in may.get(layer, set()):
            print(f"{c}:{i}: {layer} includes {m.group(1)}.h ({layer_of.get(m.group(1), '?')})")
PY
)
[ -n "$hits" ] && bad "a layer includes a header from above it" "$hits"

# 8. The build lists its sources and tests by name (no globs): a file left
#    out of CMakeLists.txt would silently not be built or run.
hits=$(for f in src/*/*.c src/app/*/*.c tests/unit/test_*.c tests/fuzz/fuzz_*.c \
	tests/integration/test_*.sh tests/e2e/test_*.sh tests/fault/test_*.sh; do
	case $f in
	src/main.c) continue ;;
	src/*) want=$f ;;
	tests/integration/* | tests/e2e/* | tests/fault/*) want=$f ;;
	*) want=$(basename "$f") ;;
	esac
	grep -qF "$want" CMakeLists.txt || echo "$f"
done)
[ -n "$hits" ] && bad "file not listed in CMakeLists.txt" "$hits"

if [ $fail -eq 0 ]; then
	echo "lint: all rules hold"
fi
exit $fail
