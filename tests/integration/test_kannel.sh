# A real Kannel (Debian's bearerbox and smsbox) on loopback, with fakesmsc
# as the SMSC: inbound SMS reach us through the sms-service get-url
# (including Vietnamese sent as UCS-2), each is stored once and answered
# through sendsms, and fakesmsc receives the replies.  Then the daemon is
# killed mid-stream and restarted: smsbox retries (http-request-retry) and
# nothing is lost or doubled.
. "$(dirname "$0")/lib.sh"

FAKESMSC=/usr/lib/kannel/test/fakesmsc
if ! command -v bearerbox > /dev/null || [ ! -x "$FAKESMSC" ]; then
	not_ok "kannel installed" "apt-get install kannel kannel-extras"
	finish
fi

make_config
ADMIN=$(free_port); BOXP=$(free_port); SMSCP=$(free_port); SENDP=$(free_port)
K="$WORK/kannel"
mkdir -p "$K"
python3 - "$WORK/reportgw.conf" "$SENDP" <<'PY'
import re, sys
path, port = sys.argv[1:]
s = open(path).read()
block = ('provider = {\n  type = "kannel";\n  url = "http://127.0.0.1:%s";\n'
         '  username = "reportgw";\n  api_key_file = "demo-provider.key";\n'
         '  sender = "8077";\n  timeout = 5;\n};' % port)
s = re.sub(r'provider = \{.*?\n\};', lambda m: block, s, count=1, flags=re.S)
s = s.replace("replies_per_hour = 10;", "replies_per_hour = 1000;")
open(path, "w").write(s)
PY
# the Kannel setup README.md recommends: replies through sendsms only
# (max-messages = 0), smsbox retries our URL (http-request-retry)
cat > "$K/kannel.conf" <<KC
group = core
admin-port = $ADMIN
admin-password = admin-$RANDOM
smsbox-port = $BOXP
box-allow-ip = 127.0.0.1
admin-allow-ip = 127.0.0.1
log-file = "$K/bearerbox.log"
log-level = 1
store-type = file
store-location = "$K/store"

group = smsc
smsc = fake
smsc-id = FAKE
port = $SMSCP
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = $BOXP
sendsms-port = $SENDP
log-file = "$K/smsbox.log"
log-level = 1
http-request-retry = 30
http-queue-delay = 1

group = sendsms-user
username = reportgw
password = test-key
max-messages = 1

group = sms-service
keyword = default
catch-all = true
max-messages = 0
get-url = "http://127.0.0.1:$HTTP_PORT/kannel?token=$HTTP_TOKEN&id=%I&from=%p&to=%P&text=%b&time=%T&coding=%c&charset=%C"
KC

start_daemon() {
	"$REPORTGW" run -d -f "$WORK/reportgw.conf" >> "$WORK/daemon.log" 2>&1 &
	pid=$!
	cleanup_hooks+=("kill $pid 2>/dev/null")
	wait_http "http://127.0.0.1:$HTTP_PORT/healthz"
}
start_daemon
bearerbox "$K/kannel.conf" > "$K/bb.out" 2>&1 &
bb=$!
cleanup_hooks+=("kill $bb 2>/dev/null")
sleep 1
smsbox "$K/kannel.conf" > "$K/sb.out" 2>&1 &
sb=$!
cleanup_hooks+=("kill $sb 2>/dev/null")
wait_http "http://127.0.0.1:$SENDP/"

count() { sql "SELECT count(*) FROM inbox WHERE provider = 'kannel'"; }
replies() { cat "$K"/fakesmsc-*.out 2>/dev/null | grep -c 'Got message'; }
fakesmsc() {	# fakesmsc NAME ARGS...: an SMSC session logging to NAME
	local name=$1
	shift
	"$FAKESMSC" -H 127.0.0.1 -r "$SMSCP" "$@" > "$K/fakesmsc-$name.out" 2>&1 &
	fs=$!
	cleanup_hooks+=("kill $fs 2>/dev/null")
}

# 30 coded SMS from three reporters, each text different (-z 4)
fakesmsc a -i 0.02 -m 30 -z 4 "+84912000101 8077 text TC 5 " \
    "+84912000102 8077 text TC 6 " "+84912000103 8077 text TC 7 "
expect "30 SMS through Kannel stored" wait_for 30 20 count
# the SMSC stays connected until its replies are through (bearerbox
# resends what it queued for a gone SMSC only every sms-resend-freq)
expect "30 replies reach fakesmsc through sendsms" wait_for 30 60 replies
kill $fs; wait $fs 2>/dev/null

# Vietnamese with diacritics as UCS-2: Kannel hands it over as UTF-16BE
vn="KO Không có sự việc tuần này"
u16=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1].encode("utf-16-be")))' "$vn")
fakesmsc b -m 1 "+84912000104 8077 ucs2 $u16"
expect "UCS-2 SMS stored" wait_for 31 20 count
expect "UCS-2 text decoded to UTF-8" \
    [ "$(sql "SELECT text FROM inbox WHERE sender = '+84912000104'")" = "$vn" ]
# judged by the main loop after the push is stored: wait for it
expect "UCS-2 zero report accepted" \
    wait_for processed 30 sql "SELECT status FROM inbox WHERE sender = '+84912000104'"
expect "the UCS-2 sender gets its reply too" wait_for 31 60 replies
kill $fs; wait $fs 2>/dev/null

# 40 more while the daemon is killed and restarted mid-stream
fakesmsc c -i 0.05 -m 40 -z 4 "+84912000105 8077 text TC 8 " \
    "+84912000106 8077 text TC 9 "
sleep 0.7
kill -9 $pid; wait $pid 2>/dev/null
down_at=$(count)
sleep 2
start_daemon
expect "all 71 stored after the restart (killed at $down_at)" \
    wait_for 71 60 count
expect "none stored twice" \
    [ "$(sql "SELECT count(DISTINCT provider_id) FROM inbox WHERE provider = 'kannel'")" = 71 ]
# judging follows the commit in the main loop (woken by the handler)
expect "every message judged" \
    wait_for 0 60 sql "SELECT count(*) FROM inbox WHERE status = 'received'"
expect "71 replies sent through sendsms" \
    wait_for 71 60 sql "SELECT count(DISTINCT inbox_id) FROM outbox WHERE status IN ('sent', 'unknown')"
got=$(replies)
expect "fakesmsc received every reply ($got for 71; the replies in flight at the kill may come twice)" \
    wait_for 1 60 sh -c "[ \$(cat $K/fakesmsc-*.out | grep -c 'Got message') -ge 71 ] && echo 1"
failed=$(grep -c "Couldn't fetch <http://127.0.0.1:$HTTP_PORT/kannel" "$K/smsbox.log")
expect "smsbox retried the $failed calls that failed while we were down; 0 lost" \
    [ "$failed" -gt 0 ]
expect "integrity" [ "$(sql 'PRAGMA integrity_check')" = ok ]
kill -TERM $pid; wait $pid
expect "clean stop" [ $? -eq 0 ]
finish
