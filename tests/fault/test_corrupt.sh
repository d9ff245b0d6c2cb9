#!/bin/bash
# A damaged database under a running `gazette fcgi` (issue 13 point 8: a
# truncated file made a POST be acknowledged and then lost, every GET 500,
# and 418,000 log lines in 10 s).  The file is damaged the ways an operator
# meets it, one after the other, restoring in between:
#   truncate  truncate -s 64K (of 512K)
#   junk      40 pages in the middle overwritten with random bytes (dd)
#   replace   another file (random bytes) moved over the database (mv)
#   remove    the database file deleted (rm)
# Each time:
#  1. GETs answer 503 with Retry-After once the damage is seen (within a
#     bounded number of tries: a look at the file each second, or the first
#     query that meets it); then 200 GETs over pages of every kind: all 503
#     with Retry-After, none 500, the server alive;
#  2. a comment POST with a valid form answers 503, never 303, and the
#     comment is nowhere after the restore;
#  3. the server's log grows by at most 2 lines over those 201 requests;
#  4. gazette check exits 1 with a finding and what to do;
#  5. restored the way an operator should (the backup copied next to the
#     file, then mv over it), without restarting gazette: pages answer 200
#     again and gazette check exits 0.
# The server runs one worker thread: a replaced file is only opened once
# every connection of the process to the old one has closed, which a worker
# does on its next request; with more threads the test could not tell when
# an idle one gets its next request (see README, Reliability).
set -u
. "$(dirname "$0")/../integration/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 not found: skipped"; exit 77; }

db=$tmp/g.db
good=$tmp/backup.db
"$GAZETTE_BIN" init --db "$db" --demo >/dev/null 2>&1 || die "init"
q() { sqlite3 -cmd ".timeout 5000" "$1" "${@:2}"; }
q "$db" "INSERT OR REPLACE INTO settings (key, value) VALUES ('comment_min_seconds', '0'),
	('comment_rate_client', '100000'), ('comment_rate_article', '100000');"
# The backup, made as an operator would, through SQLite.
q "$db" ".backup '$good'"

# A FastCGI client that sends many requests from one process.
cat >"$tmp/fc.py" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import fcgi

def request(addr, method, target, body=b""):
    a = fcgi.exchange(addr, method, target, body, {"HTTP_HOST": "127.0.0.1"})
    return fcgi.split(a.stdout) if a else (0, {}, b"")

addr, cmd = sys.argv[2], sys.argv[3]
if cmd == "one":  # one METHOD TARGET [BODY]: prints the status, the page to stdout's file
    st, h, page = request(addr, sys.argv[4], sys.argv[5], sys.argv[6].encode() if len(sys.argv) > 6 else b"")
    open(sys.argv[7] if len(sys.argv) > 7 else "/dev/null", "wb").write(page)
    print(st, h.get("retry-after", "-"))
elif cmd == "burst":  # burst N TARGET...: "STATUS:COUNT ... retry-after-missing:K"
    n, targets = int(sys.argv[4]), sys.argv[5:]
    counts, missing = {}, 0
    for i in range(n):
        st, h, _ = request(addr, "GET", targets[i % len(targets)])
        counts[st] = counts.get(st, 0) + 1
        missing += st == 503 and "retry-after" not in h
    print(" ".join("%d:%d" % kv for kv in sorted(counts.items())), "retry-after-missing:%d" % missing)
PY
fc() { python3 "$tmp/fc.py" "$src/tests/lib" "127.0.0.1:$port" "$@"; }

"$GAZETTE_BIN" fcgi --listen "127.0.0.1:0" --threads 1 --db "$db" >"$tmp/fcgi.log" 2>&1 &
fpid=$!
pids+=("$fpid")
port=$(listen_port "$tmp/fcgi.log") || { cat "$tmp/fcgi.log"; die "no port in $tmp/fcgi.log"; }

# Pages of every kind, and one article per damage round for the comment.
mapfile -t slugs < <(q "$db" "SELECT slug FROM articles WHERE status = 'published' AND comments_open = 1 ORDER BY id LIMIT 8;")
cat_slug=$(q "$db" "SELECT slug FROM categories ORDER BY id LIMIT 1;")
pages=(/ "/article/${slugs[0]}" "/article/${slugs[1]}" "/article/${slugs[2]}" "/article/${slugs[3]}"
	"/category/$cat_slug" "/search?q=steel" /feed /page/2 /sitemap.xml)

# serving: GET / answers 200 within 10 s (polled, 0.1 s apart).
serving() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$(fc one GET / | cut -d' ' -f1)" = 200 ] && return 0
		sleep 0.1
	done
	return 1
}
# turns_503: some page answers 503 within 10 s of polling every kind.
turns_503() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$(fc one GET "${pages[i % ${#pages[@]}]}" | cut -d' ' -f1)" = 503 ] && return 0
		sleep 0.1
	done
	return 1
}
restore() {
	cp "$good" "$tmp/restoring.db" && mv "$tmp/restoring.db" "$db"
}
ncomments() { q "$db" "SELECT count(*) FROM comments WHERE author_email = 'dora@example.org';"; }

step "a healthy database"
check "gazette fcgi answers" serving
"$GAZETTE_BIN" check --db "$db" >"$tmp/check.out" 2>&1
rc=$?
check "gazette check on the good file: exit 0 ($rc), $(tail -1 "$tmp/check.out")" [ "$rc" = 0 ]
r=$(fc burst 20 "${pages[@]}")
check "20 GETs over every kind of page: all 200 ($r)" [ "$r" = "200:20 retry-after-missing:0" ]

round=0
for mode in truncate junk replace remove; do
	step "damage: $mode"
	art=/article/${slugs[$((4 + round))]}
	round=$((round + 1))
	# A valid comment form, taken while the file is whole.
	fc one GET "$art" "" "$tmp/form.html" >/dev/null
	read -r tok non < <(python3 -c '
import re, sys
p = open(sys.argv[1], encoding="utf-8").read()
t = re.search(r"name=\"token\" value=\"([^\"]*)\"", p)
n = re.search(r"name=\"nonce\" value=\"([^\"]*)\"", p)
print(t.group(1) if t else "-", n.group(1) if n else "-")' "$tmp/form.html")
	case $mode in
	truncate) truncate -s 64K "$db" ;;
	junk) dd if=/dev/urandom of="$db" bs=4096 seek=40 count=40 conv=notrunc status=none ;;
	replace)
		head -c 524288 /dev/urandom >"$tmp/other"
		mv "$tmp/other" "$db"
		;;
	remove) rm "$db" ;;
	esac
	check "$mode: GETs turn 503" turns_503
	lines=$(wc -l <"$tmp/fcgi.log")
	r=$(fc burst 200 "${pages[@]}")
	check "$mode: 200 GETs: all 503 with Retry-After ($r)" [ "$r" = "503:200 retry-after-missing:0" ]
	body="token=$tok&nonce=$non&name=Dora&email=dora%40example.org&body=Written+to+a+damaged+file"
	read -r st ra < <(fc one POST "$art/comments" "$body")
	check "$mode: comment POST answers 503, Retry-After $ra, not 303 ($st)" [ "$st" = 503 ]
	added=$(($(wc -l <"$tmp/fcgi.log") - lines))
	echo "measured: $mode: $added log lines for 201 requests on the damaged file"
	check "$mode: log lines for 201 requests: $added <= 2" [ "$added" -le 2 ]
	check "$mode: gazette fcgi still running" alive "$fpid"
	"$GAZETTE_BIN" check --db "$db" >"$tmp/check.out" 2>&1
	rc=$?
	sed 's/^/    | /' "$tmp/check.out" | head -12
	check "$mode: gazette check exits 1 ($rc)" [ "$rc" = 1 ]
	check "$mode: gazette check names a finding and what to do" \
		sh -c "grep -q '^damaged: ' '$tmp/check.out' && grep -q '  to do: ' '$tmp/check.out'"
	restore
	check "$mode: restored by mv, no restart: GET / 200 again" serving
	r=$(fc burst 20 "${pages[@]}")
	check "$mode: 20 GETs over every kind of page: all 200 ($r)" [ "$r" = "200:20 retry-after-missing:0" ]
	check "$mode: the 503'd comment is nowhere ($(ncomments))" [ "$(ncomments)" = 0 ]
	"$GAZETTE_BIN" check --db "$db" >"$tmp/check.out" 2>&1
	rc=$?
	check "$mode: gazette check on the restored file: exit 0 ($rc)" [ "$rc" = 0 ]
done

step "the log"
sed 's/^/    | /' "$tmp/fcgi.log"
echo "measured: $(wc -l <"$tmp/fcgi.log") log lines in all, for $((round * 201 + 40)) requests in 4 damage rounds"
check "the damage was logged" grep -q 'is damaged\|replaced or removed' "$tmp/fcgi.log"
check "no per-request access lines for the 503s" sh -c "! grep -q '\" 503 ' '$tmp/fcgi.log'"
stop_pid "$fpid"
check "gazette fcgi exits 0 on SIGTERM ($rc)" [ "$rc" = 0 ]

finish
