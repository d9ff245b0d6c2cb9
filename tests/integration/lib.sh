# Shared by the integration, fault and e2e tests (sourced, not run):
# counters, a temporary folder, process clean-up, free ports and small HTTP
# helpers.  Servers are started on 127.0.0.1 only and killed by pid on exit.
# Works under `set -u` and under `set -euo pipefail` (the e2e tests).

: "${GAZETTE_BIN:?set GAZETTE_BIN to the gazette binary}"
src=${GAZETTE_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
here=$src/tests/integration

npass=0
nfail=0
step() { echo; echo "== $*"; }
pass() { npass=$((npass + 1)); echo "ok   $*"; }
fail() { nfail=$((nfail + 1)); echo "FAIL $*"; }
die() { echo "FAIL $*"; exit 1; }
# check LABEL COMMAND...: pass when the command succeeds.
check() { local l=$1; shift; if "$@"; then pass "$l"; else fail "$l"; fi; }
# cond LABEL 'SHELL CONDITION': pass when the condition (evaluated) holds.
cond() { if eval "$2"; then pass "$1"; else fail "$1"; fi; }

for tool in curl python3; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool not found"
done

tmp=$(mktemp -d)
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	for p in "${pids[@]}"; do
		wait "$p" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# free_port: a TCP port on 127.0.0.1 nobody listens on right now, which
# another program may take before you bind it: for a gazette server prefer
# --listen 127.0.0.1:0 and listen_port; for nginx, tests/e2e/nginx-start.sh.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# listen_port LOG: the port a server started with --listen 127.0.0.1:0 told
# LOG it bound ("serving http://127.0.0.1:PORT/" or "fastcgi on
# 127.0.0.1:PORT"), once it has; fails after 30 s of polling.  The kernel
# picks the port at bind time, so no other program can take it in between.
listen_port() {
	local i p
	for ((i = 0; i < 300; i++)); do
		p=$(sed -n 's/.*\(serving http:\/\/\|fastcgi on \)\(127\.0\.0\.1\|\[::1\]\):\([0-9]*\).*/\3/p' "$1" 2>/dev/null | tail -1) || true
		[ -n "$p" ] && { echo "$p"; return 0; }
		sleep 0.1
	done
	return 1
}

# wait_http URL [tries of 0.1 s]: until URL answers with any status.
wait_http() {
	local i
	for ((i = 0; i < ${2:-300}; i++)); do
		curl -s -o /dev/null --max-time 2 "$1" && return 0
		sleep 0.1
	done
	return 1
}

# fetch URL OUT [curl args]: body to OUT, headers to OUT.h; prints the status.
fetch() {
	curl -s --path-as-is --max-time 10 -o "$2" -D "$2.h" -w '%{http_code}' "${@:3}" "$1" || echo 000
}

# header FILE.h NAME: the value of a response header (first one), or "".
header() {
	grep -i "^$2:" "$1" | head -1 | cut -d: -f2- | sed 's/^ *//; s/\r$//' || true
}

# split_cgi FILE: FILE's CGI head to FILE.h, its body to FILE.body.
split_cgi() {
	python3 - "$1" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
head, sep, body = data.partition(b"\r\n\r\n")
open(sys.argv[1] + ".h", "wb").write(head + b"\r\n")
open(sys.argv[1] + ".body", "wb").write(body)
PY
}

# forget_pid PID: PID leaves pids, once waited for, so that the clean-up never
# signals a number the kernel may since have given another process.
forget_pid() {
	local p keep=()
	for p in "${pids[@]}"; do
		[ "$p" = "$1" ] || keep+=("$p")
	done
	pids=("${keep[@]}")
}

# alive PID: the process exists and is not a zombie waiting to be reaped.
alive() {
	local st=""
	[ -r "/proc/$1/stat" ] || return 1
	read -r _ _ st _ <"/proc/$1/stat" 2>/dev/null || return 1
	[ "$st" != Z ]
}

# stop_pid PID: SIGTERM, wait; sets rc to its exit status (124 when it
# outlives 15 s and is killed) and forgets PID.  Not in $(...): only this
# shell can wait.
stop_pid() {
	local i
	kill -TERM "$1" 2>/dev/null || true
	for ((i = 0; i < 150; i++)); do
		alive "$1" || break
		sleep 0.1
	done
	if alive "$1"; then
		kill -KILL "$1"
		wait "$1" 2>/dev/null || true
		forget_pid "$1"
		rc=124
		return
	fi
	rc=0
	wait "$1" || rc=$?
	forget_pid "$1"
}

# finish: summary line and exit status.
finish() {
	echo
	echo "$npass passed, $nfail failed"
	[ "$nfail" -eq 0 ]
}
