# Helpers for the integration tests (sourced).  $REPORTGW is the binary.
set -u
TESTS_FAILED=0
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=$(mktemp -d /tmp/reportgw-it.XXXXXX)
cleanup_hooks=()
cleanup() {
	local h
	for h in "${cleanup_hooks[@]}"; do eval "$h" || true; done
	rm -rf "$WORK"
}
trap cleanup EXIT

ok() { echo "ok $1"; }
not_ok() { echo "not ok $1: $2"; TESTS_FAILED=1; }

# expect NAME CONDITION-COMMAND...
expect() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name" "$*"; fi
}

# contains FILE TEXT: the file holds the fixed string; lacks: it does not
contains() { grep -qF -- "$2" "$1"; }
lacks() { ! grep -qF -- "$2" "$1"; }

# A config in $WORK: the sample with its includes, and its demo secrets.
make_config() {
	cp "$SRC/config/reportgw.conf" "$SRC/config/bacai.conf" \
	    "$SRC/config/codebook.conf" "$WORK/"
	(umask 077; echo "test-key" > "$WORK/demo-provider.key";
	 echo "test-token" > "$WORK/demo-http.token")
	sed -i "s|^database = .*|database = \"$WORK/reportgw.db\";|" \
	    "$WORK/reportgw.conf"
}

finish() { exit "$TESTS_FAILED"; }
