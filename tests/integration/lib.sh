# Helpers for the integration tests (sourced).  $REPORTGW is the binary.
set -u
TESTS_FAILED=0
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# kill -9 tests need no real fsync: keep their databases in memory-backed
# storage when there is some (the durability tests kill processes, not power)
if [ -d /dev/shm ] && [ -w /dev/shm ]; then TMPBASE=/dev/shm; else TMPBASE=/tmp; fi
WORK=$(mktemp -d $TMPBASE/reportgw-it.XXXXXX)
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

HTTP_TOKEN=test-token-0123456789

# A config in $WORK: the demo's (scripts/demo.conf, which talks to the
# fake provider) with the sample's includes next to it, and its secrets.
make_config() {
	cp "$SRC/config/bacai.conf" "$SRC/config/labels.conf" \
	    "$SRC/config/codebook.conf" "$WORK/"
	sed 's|^@include "\.\./config/|@include "|' "$SRC/scripts/demo.conf" \
	    > "$WORK/reportgw.conf"
	(umask 077; echo "test-key" > "$WORK/demo-provider.key";
	 echo "$HTTP_TOKEN" > "$WORK/demo-http.token")
	HTTP_PORT=$(free_port)
	sed -i -e "s|^database = .*|database = \"$WORK/reportgw.db\";|" \
	    -e "s|listen = \"127.0.0.1:8080\"|listen = \"127.0.0.1:$HTTP_PORT\"|" \
	    "$WORK/reportgw.conf"
	# no mail unless a test starts an SMTP server (smtp_config)
	python3 - "$WORK/reportgw.conf" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
s = re.sub(r'smtp = \{.*?\n\};', '', s, count=1, flags=re.S)
open(sys.argv[1], "w").write(s)
PY
}

finish() { exit "$TESTS_FAILED"; }

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_http URL [SECONDS]: until the URL answers
wait_http() {
	local i
	for i in $(seq $((${2:-10} * 10))); do
		curl -s -o /dev/null "$1" && return 0
		sleep 0.1
	done
	return 1
}

# start_fake [ARGS...]: the fake provider on a free port; sets FAKE, FAKE_PID
start_fake() {
	FAKE_PORT=$(free_port)
	FAKE="http://127.0.0.1:$FAKE_PORT"
	python3 "$SRC/scripts/fake-provider" --port "$FAKE_PORT" --key test-key \
	    "$@" > "$WORK/fake.log" 2>&1 &
	FAKE_PID=$!
	cleanup_hooks+=("kill $FAKE_PID 2>/dev/null")
	wait_http "$FAKE/_control/stats"
}

# fake_post PATH JSON
fake_post() { curl -sf -X POST "$FAKE$1" -d "$2" > /dev/null; }
fake_get() { curl -sf "$FAKE$1"; }

# provider_config TYPE: points the config in $WORK at the fake provider
provider_config() {
	local type=$1 url extra=""
	case $type in
	africastalking) url="$FAKE/version1" ;;
	twilio) url="$FAKE"; extra='username = "AC00000000000000000000000000000001";' ;;
	infobip) url="$FAKE" ;;
	generic) url="$FAKE"
	    extra="generic = { list_url = \"$FAKE/generic/inbox\"; cursor_param = \"since\"; send_url = \"$FAKE/generic/send\"; auth = \"header\"; };" ;;
	esac
	python3 - "$WORK/reportgw.conf" "$type" "$url" "$extra" <<'PY'
import re, sys
path, typ, url, extra = sys.argv[1:]
s = open(path).read()
block = ('provider = {\n  type = "%s";\n  url = "%s";\n  username = "sandbox";\n'
         '  api_key_file = "demo-provider.key";\n  sender = "8077";\n'
         '  poll_interval = 1;\n  timeout = 3;\n  %s\n};' % (typ, url, extra))
if typ == "twilio":
    block = block.replace('  username = "sandbox";\n', '')
s = re.sub(r'provider = \{.*?\n\};', lambda m: block, s, count=1, flags=re.S)
open(path, "w").write(s)
PY
	echo "test-key" > "$WORK/demo-provider.key"
}

# start_smtp [ARGS...]: the aiosmtpd test server; sets SMTP_PORT, MAILDIR
start_smtp() {
	SMTP_PORT=$(free_port)
	MAILDIR=$WORK/mail
	/usr/bin/python3 "$SRC/scripts/smtp-server" --port "$SMTP_PORT" \
	    --dir "$MAILDIR" "$@" > "$WORK/smtp.log" 2>&1 &
	SMTP_PID=$!
	cleanup_hooks+=("kill $SMTP_PID 2>/dev/null")
	for _ in $(seq 100); do
		grep -q listening "$WORK/smtp.log" && return 0
		sleep 0.1
	done
	return 1
}

# smtp_config [TLS] [EXTRA]: the config's smtp group pointed at the server
smtp_config() {
	python3 - "$WORK/reportgw.conf" "$SMTP_PORT" "${1:-off}" "${2:-}" <<'PY'
import re, sys
path, port, tls, extra = sys.argv[1:]
s = open(path).read()
block = ('smtp = {\n  url = "smtp://127.0.0.1:%s";\n  from = "reportgw@bacai.example.org";\n'
         '  tls = "%s";\n  timeout = 3;\n  %s\n};' % (port, tls, extra))
s = re.sub(r'smtp = \{.*?\n\};\n?', '', s, flags=re.S)
open(path, "w").write(block + "\n" + s)
PY
}

mails() { ls "$MAILDIR"/*.eml 2>/dev/null | wc -l; }

# smtp_fault JSON: the faults the test SMTP server serves next
smtp_fault() { echo "$1" > "$MAILDIR/faults.json"; }

# wait_for N SECONDS COMMAND...: until the command prints N
wait_for() {
	local want=$1 secs=$2 i
	shift 2
	for i in $(seq $((secs * 10))); do
		[ "$("$@")" = "$want" ] && return 0
		sleep 0.1
	done
	return 1
}

# utc "YYYY-MM-DD HH:MM:SS" (local, ICT) -> the same instant in UTC, for
# libfaketime, which reads its start time before reportgw sets the zone
utc() { python3 -c "
from datetime import datetime, timedelta, timezone
t = datetime.strptime('$1', '%Y-%m-%d %H:%M:%S').replace(tzinfo=timezone(timedelta(hours=7)))
print(t.astimezone(timezone.utc).strftime('%Y-%m-%d %H:%M:%S'))"; }

# at "LOCAL TIME" [x10] COMMAND...: runs a command with the clock set there
# (libfaketime preloaded into the command itself, so $! is its pid)
FAKETIME_LIB=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -1)
at() {
	local when=$1 speed=""
	shift
	if [ "$1" = x10 ]; then speed=" x10"; shift; fi
	local fake
	fake="@$(utc "$when")$speed"
	( export LD_PRELOAD=$FAKETIME_LIB FAKETIME="$fake" \
	    FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME_NO_CACHE=1 \
	    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
	  exec "$@" )
}
# at_bg: the same in the background, with BG_PID the command's own pid;
# its output goes to $WORK/daemon.log
at_bg() {
	local when=$1 speed="" fake
	shift
	if [ "$1" = x10 ]; then speed=" x10"; shift; fi
	fake="@$(utc "$when")$speed"
	( export LD_PRELOAD=$FAKETIME_LIB FAKETIME="$fake" \
	    FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME_NO_CACHE=1 \
	    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
	  exec "$@" >> "$WORK/daemon.log" 2>&1 ) &
	BG_PID=$!
}

# sql QUERY: one value from the test database
sql() { sqlite3 "$WORK/reportgw.db" "$1"; }

# run_idle: the daemon until the inbox is drained and replies sent
run_idle() {
	timeout 120 "$REPORTGW" run -d -f "$WORK/reportgw.conf" --until-idle \
	    >> "$WORK/daemon.log" 2>&1
}
