#!/bin/bash
# The command line as an operator meets it: version and help, usage errors
# (exit 2), runtime errors as one line (exit 1) for an unwritable path, a
# corrupt file, a port in use and a missing database, and user creation
# whose password then verifies through the admin login model.
set -u
. "$(dirname "$0")/lib.sh"

step "version, help, usage errors"
out=$("$GAZETTE_BIN" --version); check "--version prints the version ($out)" grep -qE '^gazette [0-9]+\.[0-9]+' <<<"$out"
"$GAZETTE_BIN" help >"$tmp/h" 2>&1; rc=$?
cond "help: exit 0, lists the commands" '[ $rc = 0 ] && grep -q "serve" "$tmp/h" && grep -q "user add" "$tmp/h"'
for args in "bogus" "serve --bogus" "fcgi --threads 0" "fcgi --socket /x --listen 127.0.0.1:1" \
	"user add" "user add bob --role boss" "init --what"; do
	# shellcheck disable=SC2086
	"$GAZETTE_BIN" $args >"$tmp/o" 2>"$tmp/e"; rc=$?
	cond "gazette $args: exit 2 with a message on stderr ($rc)" '[ $rc = 2 ] && [ -s "$tmp/e" ] && [ ! -s "$tmp/o" ]'
done
"$GAZETTE_BIN" >/dev/null 2>"$tmp/e"; rc=$?
cond "no command: usage, exit 2 ($rc)" '[ $rc = 2 ] && grep -q usage "$tmp/e"'

step "runtime errors: one line, exit 1"
one_line() { [ "$(wc -l <"$tmp/e")" = 1 ] && grep -q "$1" "$tmp/e"; }
"$GAZETTE_BIN" serve --db /nonexistent/dir/x.db --listen 127.0.0.1:1 2>"$tmp/e"; rc=$?
cond "unwritable path: exit 1 ($rc), '$(cat "$tmp/e")'" '[ $rc = 1 ] && one_line "cannot open database"'
echo 'this is not a database, just text that is long enough to be a header....' >"$tmp/bad.db"
"$GAZETTE_BIN" serve --db "$tmp/bad.db" --listen 127.0.0.1:1 2>"$tmp/e"; rc=$?
cond "corrupt file: exit 1 ($rc), '$(cat "$tmp/e")'" '[ $rc = 1 ] && one_line "not a database"'
"$GAZETTE_BIN" fcgi --db "$tmp/missing.db" --listen 127.0.0.1:1 2>"$tmp/e"; rc=$?
cond "fcgi on a missing database: exit 1 ($rc)" '[ $rc = 1 ] && one_line "does not exist"'
"$GAZETTE_BIN" serve --db "$tmp/g.db" --listen "127.0.0.1:0" >"$tmp/s.log" 2>&1 &
pids+=($!)
port=$(listen_port "$tmp/s.log") || { cat "$tmp/s.log"; die "no port in $tmp/s.log"; }
wait_http "http://127.0.0.1:$port/" || die "serve does not answer"
check "first start prints the admin password once" grep -q 'password: ' "$tmp/s.log"
"$GAZETTE_BIN" serve --db "$tmp/g.db" --listen "127.0.0.1:$port" 2>"$tmp/e"; rc=$?
cond "second serve on the same port: exit 1 ($rc), '$(cat "$tmp/e")'" '[ $rc = 1 ] && one_line "Address already in use"'
stop_pid "${pids[0]}"
check "SIGTERM: exit 0 ($rc)" [ "$rc" = 0 ]

step "init and users"
"$GAZETTE_BIN" init --db "$tmp/i.db" >/dev/null 2>&1; rc=$?
check "init on a new file: exit 0" [ $rc = 0 ]
"$GAZETTE_BIN" init --db "$tmp/g.db" --demo >/dev/null 2>"$tmp/e"; rc=$?
check "init --demo on a site with content: exit 1 ($rc)" [ $rc = 1 ]
echo 'correct horse battery' | "$GAZETTE_BIN" user add Editor1 --role editor --password-stdin --db "$tmp/g.db" >"$tmp/o" 2>&1; rc=$?
cond "user add: exit 0, '$(cat "$tmp/o")'" '[ $rc = 0 ] && grep -q "created" "$tmp/o"'
echo 'another password' | "$GAZETTE_BIN" user add editor1 --role editor --password-stdin --db "$tmp/g.db" >/dev/null 2>&1; rc=$?
check "the same login again (any case): exit 1 ($rc)" [ $rc = 1 ]
echo 'short' | "$GAZETTE_BIN" user add shorty --role author --password-stdin --db "$tmp/g.db" >/dev/null 2>&1; rc=$?
check "too short a password: refused ($rc)" [ $rc != 0 ]
hash=$(sqlite3 "$tmp/g.db" "SELECT password_hash FROM users WHERE login = 'editor1'")
check "stored as an argon2id hash" grep -q '^\$argon2id\$' <<<"$hash"
GAZETTE_DB=$tmp/g.db "$GAZETTE_BIN" user add viaenv --role author >"$tmp/o" 2>&1; rc=$?
cond "GAZETTE_DB sets the database; a random password is printed once" \
	'[ $rc = 0 ] && grep -q "password" "$tmp/o" && [ "$(sqlite3 "$tmp/g.db" "SELECT count(*) FROM users WHERE login = '"'"'viaenv'"'"'")" = 1 ]'

finish
