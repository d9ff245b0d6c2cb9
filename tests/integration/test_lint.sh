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

if [ $fail -eq 0 ]; then
	echo "lint: all rules hold"
fi
exit $fail
