#!/bin/bash
# `gazette backup` on a live site:
#  1. a database of several MiB is copied while `gazette serve` answers
#     readers and a writer process keeps inserting rows through `gazette
#     sql`: exit 0, pages and bytes said, copied in more than one step;
#     the copy passes `gazette check`, has the schema version and at least
#     every row committed before it started; no temporary file is left;
#     the writer never failed and went on after it, readers got 200s;
#  2. an existing backup file is replaced by the new copy;
#  3. refusals, exit 1 with the reason and nothing touched: FILE is the
#     live database (also through a symbolic link), FILE is a folder, the
#     database is missing; usage errors exit 2;
#  4. failures leave FILE as it was and no temporary file: a target folder
#     that cannot be written (chmod 555, or a read-only mount as root) and,
#     as root, a disk that fills up during the copy.
set -u
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || die "sqlite3 not found"
# A tmpfs mounted below for the failure cases goes before lib.sh's clean-up.
backup_cleanup() {
	if mountpoint -q "$tmp/ro" 2>/dev/null; then
		umount "$tmp/ro" 2>/dev/null || umount -l "$tmp/ro" 2>/dev/null || true
	fi
	cleanup
}
trap backup_cleanup EXIT

step "setup: a database of several MiB, gazette serve, a writer and a reader"
db=$tmp/site/g.db
mkdir -p "$tmp/site" "$tmp/bk"
"$GAZETTE_BIN" init --db "$db" --demo >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log"; die "init failed"; }
"$GAZETTE_BIN" sql --db "$db" <<'SQL' || die "fixture SQL failed"
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200)
INSERT INTO articles (slug, title, summary, body, author_id, status, published_at, created_at,
	updated_at)
SELECT 'bulk-' || i, 'Bulk story ' || i, 'S', 'Story ' || i || ' ' ||
	replace(hex(zeroblob(600)), '00', 'harbour ferry '), 1, 'published', 1000 + i, 0, 0 FROM n;
SQL
size=$(stat -c %s "$db")
cond "the database is several MiB ($size bytes)" '[ "$size" -gt 3000000 ]'
"$GAZETTE_BIN" serve --listen "127.0.0.1:0" --db "$db" >"$tmp/serve.log" 2>&1 &
pids+=($!)
port=$(listen_port "$tmp/serve.log") || { cat "$tmp/serve.log"; die "no port in $tmp/serve.log"; }
base=http://127.0.0.1:$port
wait_http "$base/" || die "serve does not answer"

# The writer: one row per `gazette sql` run until told to stop; its count
# of committed rows in writer.n, each failure in writer.fail.
(
	i=0
	while [ ! -e "$tmp/stop" ]; do
		i=$((i + 1))
		if echo "INSERT INTO tags (slug, name) VALUES ('w-$i', 'Writer $i');" |
			"$GAZETTE_BIN" sql --db "$db" 2>>"$tmp/writer.err"; then
			echo "$i" >"$tmp/writer.n.new" && mv "$tmp/writer.n.new" "$tmp/writer.n"
		else
			echo "$i" >>"$tmp/writer.fail"
		fi
	done
) &
pids+=($!)
writer=$!
# The reader: the front page until told to stop; every status in codes.
(
	while [ ! -e "$tmp/stop" ]; do
		curl -s -o /dev/null --max-time 10 -w '%{http_code}\n' "$base/" >>"$tmp/codes"
	done
) &
pids+=($!)
reader=$!
# wait_rows N: until the writer has committed at least N rows (30 s at most).
wait_rows() {
	local k
	for ((k = 0; k < 300; k++)); do
		[ "$(cat "$tmp/writer.n" 2>/dev/null || echo 0)" -ge "$1" ] && return 0
		sleep 0.1
	done
	return 1
}
check "the writer is writing" wait_rows 3

step "backup while serving and writing"
before_tags=$(sqlite3 "$db" "SELECT count(*) FROM tags")
before_arts=$(sqlite3 "$db" "SELECT count(*) FROM articles")
"$GAZETTE_BIN" backup "$tmp/bk/b.db" --db "$db" >"$tmp/bk.out" 2>"$tmp/bk.err"
rc=$?
cond "exit 0 ($rc)" '[ "$rc" = 0 ]'
out=$(head -1 "$tmp/bk.out")
steps=$(sed -n 's/.*(\([0-9]*\) steps.*/\1/p' "$tmp/bk.out")
cond "says pages and bytes ($out)" '[[ "$out" == "$tmp/bk/b.db: "*" pages, "*" bytes copied from $db"* ]]'
cond "copied in more than one step ($steps)" '[ "${steps:-0}" -gt 1 ]'
check "reminds of the media folder" grep -q "media files are not in the backup; copy $tmp/site/media" "$tmp/bk.out"
n_after=$(cat "$tmp/writer.n")
check "the writer goes on after the backup" wait_rows $((n_after + 2))
touch "$tmp/stop"
wait "$writer" 2>/dev/null
forget_pid "$writer"
wait "$reader" 2>/dev/null
forget_pid "$reader"
cond "the writer never failed ($(cat "$tmp/writer.fail" 2>/dev/null | wc -l) failures)" '[ ! -e "$tmp/writer.fail" ]'
nreq=$(wc -l <"$tmp/codes")
cond "readers got 200 throughout ($nreq requests)" '[ "$nreq" -gt 0 ] && [ -z "$(grep -v "^200$" "$tmp/codes")" ]'
"$GAZETTE_BIN" check --db "$tmp/bk/b.db" >"$tmp/check.out" 2>&1
rc=$?
cond "the copy passes gazette check ($rc: $(tail -1 "$tmp/check.out"))" '[ "$rc" = 0 ]'
v_live=$(sqlite3 "$db" "PRAGMA user_version")
v_copy=$(sqlite3 "$tmp/bk/b.db" "PRAGMA user_version")
cond "the copy has the schema (version $v_copy, live $v_live)" '[ "$v_copy" = "$v_live" ] && [ "$v_copy" -gt 0 ]'
tags=$(sqlite3 "$tmp/bk/b.db" "SELECT count(*) FROM tags")
tags_now=$(sqlite3 "$db" "SELECT count(*) FROM tags")
cond "the copy has every tag committed before it started ($before_tags <= $tags <= $tags_now)" \
	'[ "$tags" -ge "$before_tags" ] && [ "$tags" -le "$tags_now" ]'
arts=$(sqlite3 "$tmp/bk/b.db" "SELECT count(*) FROM articles")
cond "the copy has every article ($arts of $before_arts)" '[ "$arts" = "$before_arts" ]'
cond "no temporary file is left ($(ls "$tmp/bk" | tr '\n' ' '))" '[ -z "$(ls "$tmp/bk" | grep tmp-)" ]'
mode=$(stat -c %a "$tmp/bk/b.db")
cond "the copy is readable by its owner only ($mode)" '[ "$mode" = 600 ]'

step "an existing backup is replaced"
"$GAZETTE_BIN" sql --db "$db" <<<"INSERT INTO tags (slug, name) VALUES ('after', 'After');" || die "sql"
ino=$(stat -c %i "$tmp/bk/b.db")
"$GAZETTE_BIN" backup "$tmp/bk/b.db" --db "$db" >/dev/null 2>"$tmp/bk.err"
rc=$?
cond "exit 0 ($rc)" '[ "$rc" = 0 ]'
cond "the file holds the new copy" '[ "$(sqlite3 "$tmp/bk/b.db" "SELECT count(*) FROM tags WHERE slug = '"'"'after'"'"'")" = 1 ]'
cond "  put in place by rename (a new inode)" '[ "$(stat -c %i "$tmp/bk/b.db")" != "$ino" ]'

step "refusals"
sum=$(md5sum <"$db")
"$GAZETTE_BIN" backup "$db" --db "$db" >/dev/null 2>"$tmp/e"
rc=$?
cond "the live database as FILE: exit 1 ($rc)" '[ "$rc" = 1 ] && grep -q "is the live database itself" "$tmp/e"'
ln -s g.db "$tmp/site/link.db"
"$GAZETTE_BIN" backup "$tmp/site/link.db" --db "$db" >/dev/null 2>"$tmp/e"
rc=$?
cond "  through a symbolic link: exit 1 ($rc)" '[ "$rc" = 1 ] && grep -q "is the live database itself" "$tmp/e"'
cond "  the database is untouched" '[ "$(md5sum <"$db")" = "$sum" ] && [ -z "$(ls "$tmp/site" | grep tmp-)" ]'
"$GAZETTE_BIN" backup "$tmp/bk" --db "$db" >/dev/null 2>"$tmp/e"
rc=$?
cond "a folder as FILE: exit 1 ($rc)" '[ "$rc" = 1 ] && grep -q "is a folder" "$tmp/e"'
"$GAZETTE_BIN" backup "$tmp/bk/x.db" --db "$tmp/none.db" >/dev/null 2>"$tmp/e"
rc=$?
cond "a missing database: exit 1 ($rc), said" '[ "$rc" = 1 ] && grep -q "cannot read the database" "$tmp/e" && [ ! -e "$tmp/bk/x.db" ]'
"$GAZETTE_BIN" backup --db "$db" >/dev/null 2>"$tmp/e"
rc=$?
cond "no FILE: exit 2 ($rc) with usage" '[ "$rc" = 2 ] && grep -q "usage: gazette backup" "$tmp/e"'
"$GAZETTE_BIN" backup a b --db "$db" >/dev/null 2>"$tmp/e"
rc=$?
cond "two FILEs: exit 2 ($rc)" '[ "$rc" = 2 ]'

step "failures leave FILE as it was"
# untouched DIR: the old backup in DIR is byte for byte the same, alone.
untouched() {
	[ "$(cat "$1/b.db")" = "old backup" ] && [ "$(ls "$1")" = b.db ]
}
if [ "$(id -u)" != 0 ]; then
	mkdir "$tmp/ro"
	echo "old backup" >"$tmp/ro/b.db"
	chmod 555 "$tmp/ro"
	"$GAZETTE_BIN" backup "$tmp/ro/b.db" --db "$db" >/dev/null 2>"$tmp/e"
	rc=$?
	chmod 755 "$tmp/ro"
	cond "a folder that cannot be written: exit 1 ($rc), said" '[ "$rc" = 1 ] && grep -q "cannot create the copy" "$tmp/e"'
	check "  FILE untouched, no temporary file" untouched "$tmp/ro"
	echo "not root: the full-disk case needs mount -t tmpfs: skipped"
elif mkdir "$tmp/ro" && mount -t tmpfs -o size=1m tmpfs "$tmp/ro" 2>/dev/null; then
	echo "old backup" >"$tmp/ro/b.db"
	mount -o remount,ro "$tmp/ro"
	"$GAZETTE_BIN" backup "$tmp/ro/b.db" --db "$db" >/dev/null 2>"$tmp/e"
	rc=$?
	cond "a read-only folder: exit 1 ($rc), said ($(cat "$tmp/e"))" '[ "$rc" = 1 ] && grep -q "cannot create the copy.*Read-only" "$tmp/e"'
	check "  FILE untouched, no temporary file" untouched "$tmp/ro"
	# Writable again but 1 MiB: the several-MiB copy cannot fit.
	mount -o remount,rw "$tmp/ro"
	"$GAZETTE_BIN" backup "$tmp/ro/b.db" --db "$db" >/dev/null 2>"$tmp/e"
	rc=$?
	cond "a disk that fills up during the copy: exit 1 ($rc), said ($(cat "$tmp/e"))" '[ "$rc" = 1 ] && [ -s "$tmp/e" ]'
	check "  FILE untouched, no temporary file" untouched "$tmp/ro"
	umount "$tmp/ro" || umount -l "$tmp/ro"
else
	echo "cannot mount a tmpfs: the read-only and full-disk cases skipped"
fi
check "the live database still passes gazette check" sh -c '"$0" check --db "$1" >/dev/null' "$GAZETTE_BIN" "$db"

finish
