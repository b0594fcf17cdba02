# The staff web console (gateway/web/) in a real browser: Selenium with
# Debian's chromium and chromium-driver at 375 px (tests/integration/
# webcheck.py), the daemon against the fake provider.  An officer logs in,
# opens a case, acknowledges it and the reporter gets the SMS; another
# commune's officer gets 403 for it by URL; a POST without csrf is 403;
# <script> and <img onerror> sent by SMS show as text; five failed logins
# lock the user out; logout ends the session; the audit log has it all.
# Screenshots go to build/artifacts/web-*-375.png.  Also: reportgw passwd
# and the checks of the web group.
. "$(dirname "$0")/lib.sh"

if ! /usr/bin/python3 -c 'import selenium' 2>/dev/null || [ ! -x /usr/bin/chromedriver ]; then
	not_ok "python3-selenium and chromium-driver are installed" "scripts/install-deps"
	finish
fi
PASSWORD=staff-password-42
HASH=$(echo "$PASSWORD" | "$REPORTGW" passwd)
expect "passwd prints an argon2id hash" [ "${HASH#\$argon2id\$}" != "$HASH" ]
expect "passwd refuses a short password" sh -c "echo short | '$REPORTGW' passwd 2>/dev/null; [ \$? = 2 ]"

make_config
start_fake
provider_config africastalking
cat >> "$WORK/reportgw.conf" <<CONF
web = {
  secure_cookie = false;   # loopback, no TLS: the test browser
  users = (
    { name = "lan"; password_hash = "$HASH"; role = "officer"; communes = [ "BAT" ]; },
    { name = "minh"; password_hash = "$HASH"; role = "officer"; communes = [ "BAI" ]; },
    { name = "viewer1"; password_hash = "$HASH"; role = "viewer"; communes = [ "*" ]; },
    { name = "admin1"; password_hash = "$HASH"; role = "admin"; communes = [ "*" ]; }
  );
};
CONF
CFG="-f $WORK/reportgw.conf"
expect "the config with a web group is good" "$REPORTGW" check $CFG

# ---- check refuses weak settings ------------------------------------------
weak() {	# weak NAME SED-EXPRESSION MESSAGE
	sed "$2" "$WORK/reportgw.conf" > "$WORK/weak.conf"
	"$REPORTGW" check -f "$WORK/weak.conf" > "$WORK/weak.out" 2>&1
	expect "check refuses $1" [ $? = 2 ] && expect "... saying so" contains "$WORK/weak.out" "$3"
}
weak "a user without a hash" 's|name = "lan"; password_hash = "[^"]*";|name = "lan";|' "password_hash"
weak "a plain password" 's|name = "lan"; password_hash = "[^"]*";|name = "lan"; password_hash = "secret";|' "must be an argon2id hash"
weak "an unknown role" 's|role = "viewer"|role = "root"|' "web.users"
weak "an unknown commune" 's|communes = \[ "BAI" \]|communes = [ "XXX" ]|' 'unknown commune "XXX"'
weak "a console in clear on the network" 's|listen = "127.0.0.1:|listen = "0.0.0.0:|' "served in clear"
weak "a user twice" 's|name = "minh"|name = "lan"|' "listed twice"

# ---- the messages: an alert in BAT, a hostile one ---------------------------
REP=+84912000101
now=$(date -u +%Y-%m-%dT%H:%M:%S+00:00)
fake_post /_control/inbox "{\"messages\": [{\"from\": \"$REP\", \"text\": \"XH G 13 CA\", \"at\": \"$now\"}, {\"from\": \"+84912000102\", \"text\": \"XH T 9 CA <script>window.__pwned=1</script> <img src=x onerror=window.__pwned=2>\", \"at\": \"$now\"}]}"
# to call back about (/messages): a hostile text not understood in BAT,
# one in BAI, one from a number nobody registered
UNKNOWN=+84999000777
fake_post /_control/inbox "{\"messages\": [{\"from\": \"+84912000103\", \"text\": \"<script>window.__pwned=3</script> <img src=x onerror=window.__pwned=4> goi lai\", \"at\": \"$now\"}, {\"from\": \"+84912000201\", \"text\": \"ZZQ tin cua xa Bac Ai\", \"at\": \"$now\"}, {\"from\": \"$UNKNOWN\", \"text\": \"xin goi lai cho toi <b>gap</b>\", \"at\": \"$now\"}, {\"from\": \"+84977000001\", \"text\": \"DK BAT02 Nguyen Thi Moi\", \"at\": \"$now\"}, {\"from\": \"+84977000003\", \"text\": \"DK BAI01 Tran Van Ba\", \"at\": \"$now\"}]}"
run_idle
expect "the hostile text was not understood" [ "$(sql "SELECT status FROM inbox WHERE sender LIKE '%912000103'")" = rejected ]
expect "two registrations wait for approval" [ "$(sql "SELECT count(*) FROM reporters WHERE status = 'pending'")" = 2 ]
expect "the unknown number's is unauthorised" [ "$(sql "SELECT status FROM inbox WHERE sender LIKE '%999000777'")" = unauthorised ]
A=$(sql "SELECT ref FROM cases WHERE phone = '$REP'")
H=$(sql "SELECT ref FROM cases WHERE phone = '+84912000102'")
expect "the alert opened a case ($A)" [ -n "$A" ]
expect "the hostile message opened a case ($H)" [ -n "$H" ]

"$REPORTGW" run -d $CFG >> "$WORK/daemon.log" 2>&1 &
DAEMON=$!
cleanup_hooks+=("kill $DAEMON 2>/dev/null; wait $DAEMON 2>/dev/null")
wait_http "http://127.0.0.1:$HTTP_PORT/login"
expect "/ussd still needs its token" [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$HTTP_PORT/ussd")" = 403 ]
expect "/healthz is unchanged" [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/healthz")" != 404 ]

mkdir -p "$SRC/build/artifacts"
rm -f "$SRC/build/artifacts"/web-*-375.png
DAY=$(TZ=Asia/Ho_Chi_Minh date +%Y-%m-%d)
echo "{\"password\": \"$PASSWORD\", \"profile\": \"$WORK/chromium\", \"unknown\": \"$UNKNOWN\", \"day\": \"$DAY\", \"csv\": \"$WORK/web.csv\"}" > "$WORK/fx.json"
/usr/bin/python3 "$(dirname "$0")/webcheck.py" "http://127.0.0.1:$HTTP_PORT" \
    "$SRC/build/artifacts" "$A" "$H" "$WORK/fx.json" > "$WORK/web.out" 2>&1
rc=$?
cat "$WORK/web.out"
expect "the browser checks pass" [ $rc = 0 ]
grep -q '^not ok' "$WORK/web.out" && TESTS_FAILED=1
for p in home case case-acked hostile forbidden messages messages-admin reporters reporters-admin reports trends trends-52 locked; do
	f="$SRC/build/artifacts/web-$p-375.png"
	shape=$(python3 "$(dirname "$0")/pngcheck.py" "$f" 375 2>&1)
	expect "screenshot $p is 375 px wide and not blank ($shape)" [ $? = 0 ]
done

# ---- what happened, seen from the database and the provider ---------------
sent_to() {
	fake_get /_control/sent | python3 -c '
import json, sys
print(sum(1 for m in json.load(sys.stdin)
          if m["to"].lstrip("+") == sys.argv[1].lstrip("+") and m["text"].startswith(sys.argv[2])))' "$1" "$2"
}
expect "the case is acknowledged" [ "$(sql "SELECT status FROM cases WHERE ref = $A")" = acknowledged ]
expect "the timeline says web" [ "$(sql "SELECT channel FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.ref = $A AND e.action = 'ack'")" = web ]
expect "the reporter gets the feedback SMS" wait_for 1 20 sent_to $REP "Bao cao #$A: can bo xa da tiep nhan."
expect "the other officer changed nothing" [ "$(sql "SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.ref = $A")" = 2 ]
expect "the approved reporter is active in its new village" [ "$(sql "SELECT status || ' ' || village FROM reporters WHERE phone = '+84977000001'")" = "active BAT03" ]
expect "the other commune's registration still waits" [ "$(sql "SELECT status FROM reporters WHERE phone = '+84977000003'")" = pending ]
expect "block and unblock left the config reporter active" [ "$(sql "SELECT status FROM reporters WHERE phone = '+84912000104'")" = active ]
expect "the config reporter was not moved" [ "$(sql "SELECT village FROM reporters WHERE phone = '+84912000105'")" = BAT05 ]
expect "one welcome SMS was queued, as the command queues it" [ "$(sql "SELECT count(*) FROM outbox WHERE purpose = 'welcome' AND recipient = '+84977000001'")" = 1 ]
expect "the new reporter gets the welcome SMS" wait_for 1 20 sent_to +84977000001 "$(sql "SELECT substr(text, 1, 20) FROM outbox WHERE purpose = 'welcome'")"
"$REPORTGW" export $CFG --format csv --lang vi --from "$DAY" --to "$DAY" > "$WORK/export.csv"
expect "the web's CSV is the export's, byte for byte" cmp -s "$WORK/web.csv" "$WORK/export.csv"
expect "... with its BOM and Vietnamese titles" sh -c "head -c 3 '$WORK/web.csv' | od -An -tx1 | grep -q 'ef bb bf' && grep -q 'Thời gian nhận' '$WORK/web.csv'"
"$REPORTGW" export $CFG --what audit > "$WORK/audit.jsonl" 2>/dev/null
for a in '"action":"export_csv"' '"action":"reporter_approve"' '"action":"reporter_block"' '"action":"reporter_unblock"' '"action":"reporter_move"' '"action":"login"' '"action":"ack"' '"action":"logout"' '"action":"forbidden"' '"action":"csrf_refused"' '"action":"login_failed"' '"action":"login_locked"'; do
	expect "the audit log has $a" contains "$WORK/audit.jsonl" "$a"
done
expect "the audit log names the user" contains "$WORK/audit.jsonl" '"user":"lan"'
expect "no session is left after logout but minh's and none of lan's" [ "$(sql "SELECT count(*) FROM web_sessions WHERE user = 'lan'")" = 0 ]

# ---- HTTPS with the config's certificate (libmicrohttpd with GnuTLS) ------
kill $DAEMON; wait $DAEMON 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/web.key" \
    -out "$WORK/web.crt" -days 2 -subj /CN=127.0.0.1 2>/dev/null
chmod 644 "$WORK/web.key"
sed -i 's|^web = {|web = {\n  tls_cert_file = "web.crt";\n  tls_key_file = "web.key";|' "$WORK/reportgw.conf"
"$REPORTGW" check $CFG > "$WORK/tls.out" 2>&1
expect "check refuses a key file others can read" contains "$WORK/tls.out" "readable by group or others"
chmod 600 "$WORK/web.key"
expect "the config with TLS is good" "$REPORTGW" check $CFG
"$REPORTGW" run -d $CFG >> "$WORK/daemon.log" 2>&1 &
DAEMON=$!
for _ in $(seq 50); do curl -sk -o /dev/null "https://127.0.0.1:$HTTP_PORT/login" && break; sleep 0.1; done
curl -sk -D "$WORK/tls.h" -o /dev/null "https://127.0.0.1:$HTTP_PORT/login"
expect "the console answers over HTTPS" grep -q "^HTTP/1.1 200" "$WORK/tls.h"
expect "the cookie is Secure under TLS" grep -q "^Set-Cookie: rgw_login=.*; Secure" "$WORK/tls.h"
expect "nothing is served in clear then" [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/login")" = 000 ]
finish
