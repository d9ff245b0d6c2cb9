#!/bin/bash
# The command line as an operator meets it: version and help, usage errors
# (exit 2), runtime errors as one line (exit 1) for an unwritable path, a
# corrupt file, a port in use and a missing database, user creation
# whose password then verifies through the admin login model, and
# gazette check's media files (present, missing, cut short, --media, a
# missing folder, names that would leave it, the listing capped at 20).
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

step "check: media files present"
# A database whose media rows name real files: made here by content hash,
# as uploads are, with the size each row records.
cdb=$tmp/c/g.db
mkdir -p "$tmp/c/media"
"$GAZETTE_BIN" init --db "$cdb" >/dev/null 2>&1 || die "init $cdb"
"$GAZETTE_BIN" check --db "$cdb" >"$tmp/o" 2>&1; rc=$?
cond "no media: exit 0, 'media: 0 files present', the summary as before ($rc)" \
	'[ $rc = 0 ] && grep -qx "media: 0 files present ($tmp/c/media)" "$tmp/o" && tail -1 "$tmp/o" | grep -q ": ok (integrity_check, foreign keys, search index, schema version "'
sqlf=$tmp/media.sql
: >"$sqlf"
for i in 1 2 3; do
	printf 'image %d %0*d' "$i" $((i * 10)) 0 >"$tmp/img"
	h=$(sha256sum <"$tmp/img" | cut -c1-64)
	cp "$tmp/img" "$tmp/c/media/$h.png"
	echo "INSERT INTO media (id, hash, ext, mime, width, height, bytes, created_at) VALUES ($i, '$h', 'png', 'image/png', 1, 1, $(stat -c %s "$tmp/img"), 0);" >>"$sqlf"
	eval "h$i=$h"
done
"$GAZETTE_BIN" sql --db "$cdb" <"$sqlf" || die "media rows"
"$GAZETTE_BIN" check --db "$cdb" >"$tmp/o" 2>&1; rc=$?
cond "three whole files: exit 0 ($rc), 'media: 3 files present'" \
	'[ $rc = 0 ] && grep -qx "media: 3 files present ($tmp/c/media)" "$tmp/o" && [ "$(grep -c . "$tmp/o")" = 2 ]'
cp -a "$tmp/c/media" "$tmp/c/media-copy"
rm "$tmp/c/media/$h2.png"
truncate -s 5 "$tmp/c/media/$h3.png"
"$GAZETTE_BIN" check --db "$cdb" >"$tmp/o" 2>&1; rc=$?
cond "one missing, one cut short: exit 1 ($rc), '2 findings'" '[ $rc = 1 ] && tail -1 "$tmp/o" | grep -qx "$cdb: 2 findings"'
check "  names the missing file" grep -qx "damaged: media 2: $tmp/c/media/$h2.png: No such file or directory" "$tmp/o"
size3=$(stat -c %s "$tmp/c/media-copy/$h3.png")
check "  names the short one and both sizes" grep -qx "damaged: media 3: $tmp/c/media/$h3.png is 5 bytes, the database says $size3 (cut short)" "$tmp/o"
cond "  says what to do once, naming the folder" \
	'[ "$(grep -c "to do: restore the media folder" "$tmp/o")" = 1 ] && grep -q "rsync -a BACKUP/media/ $tmp/c/media/" "$tmp/o"'
check "  counts the whole ones" grep -qx "media: 1 files present ($tmp/c/media)" "$tmp/o"
"$GAZETTE_BIN" check --db "$cdb" --media "$tmp/c/media-copy" >"$tmp/o" 2>&1; rc=$?
cond "--media DIR: the restored copy passes ($rc)" '[ $rc = 0 ] && grep -qx "media: 3 files present ($tmp/c/media-copy)" "$tmp/o"'
"$GAZETTE_BIN" check --db "$cdb" --media "$tmp/c/nowhere" >"$tmp/o" 2>&1; rc=$?
cond "a missing folder: exit 1 ($rc), one finding for it" \
	'[ $rc = 1 ] && grep -qx "damaged: media: the folder $tmp/c/nowhere is missing; 3 files should be in it" "$tmp/o" && tail -1 "$tmp/o" | grep -q ": 1 finding$"'
"$GAZETTE_BIN" sql --db "$cdb" <<<"INSERT INTO media (id, hash, ext, mime, width, height, bytes, created_at) VALUES (4, '../../etc/passwd', 'png', 'image/png', 1, 1, 1, 0);
WITH RECURSIVE n(i) AS (SELECT 10 UNION ALL SELECT i + 1 FROM n WHERE i < 34)
INSERT INTO media (id, hash, ext, mime, width, height, bytes, created_at) SELECT i, printf('%064d', i), 'jpg', 'image/jpeg', 1, 1, 1, 0 FROM n;" ||
	die "more media rows"
"$GAZETTE_BIN" check --db "$cdb" --media "$tmp/c/media-copy" >"$tmp/o" 2>&1; rc=$?
check "a name that would leave the folder is a finding, not looked up" grep -qx "damaged: media 4: its file name is not a plain name" "$tmp/o"
cond "26 bad rows: 20 listed, the rest counted ($rc)" \
	'[ $rc = 1 ] && [ "$(grep -c "^damaged: media [0-9]*:" "$tmp/o")" = 20 ] && grep -qx "damaged: media: 6 more files like these" "$tmp/o"'
"$GAZETTE_BIN" check --db "$cdb" --media >"$tmp/o" 2>"$tmp/e"; rc=$?
cond "--media without a folder: exit 2 ($rc)" '[ $rc = 2 ] && grep -q "usage: gazette check" "$tmp/e"'

finish
