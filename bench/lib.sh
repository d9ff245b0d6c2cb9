# Shared by the bench scripts (sourced, not run): stop with a message, and
# check that the gazette binary and the tools a script drives are there.

die() { echo "${0##*/}: $*" >&2; exit 1; }

# need BIN TOOL...: BIN is executable and every TOOL is on the PATH.
need() {
	local t
	[ -x "$1" ] || die "$1 not found: make build first (or set GAZETTE_BIN)"
	shift
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 || die "$t not found: sh tools/deps.sh test"
	done
}
