# The digest and the alert e-mails through a real SMTP server (aiosmtpd):
# parsed back with Python's email package and checked against the store;
# STARTTLS with AUTH.
. "$(dirname "$0")/lib.sh"
export BACAI="$SRC/config/bacai.conf"

DAY=2026-11-27
make_config
start_fake
provider_config africastalking
start_smtp
smtp_config off
# a day of messages: alerts, incidents, coverage, a zero report, an error,
# a cancellation of an alert
python3 - "$DAY" > "$WORK/day.json" <<'PY'
import json, sys
day = sys.argv[1]
msgs = [("+84912000101", "XH G 13 CA", "08:00"), ("+84912000102", "BL G 9", "08:10"),
        ("+84912000103", "DN T 7 C", "09:00"), ("+84912000301", "MN 42 40", "09:30"),
        ("+84912000302", "BL 2 T 11 N", "10:00"), ("+84912000303", "KO", "10:30"),
        ("+84912000401", "BLL G 9", "11:00"), ("+84912000402", "TN G 4 GT", "11:30"),
        ("+84912000101", "HUY 1", "12:00"), ("+84988000001", "BL G 9", "13:00"),
        ("+84905000222", "LD 3 T 13 BAD04", "14:00"), ("+84912000201", "TV G 8TH", "23:59")]
print(json.dumps({"messages": [{"from": f, "text": t, "at": "%sT%s:00+07:00" % (day, h)}
                               for f, t, h in msgs]}))
PY
fake_post /_control/inbox "$(cat "$WORK/day.json")"
run_idle
expect "daemon idle with mail sent" [ $? -eq 0 ]
alerts=$(sql "SELECT count(*) FROM reports WHERE alert")
expect "alert e-mails: one per alert report, plus one cancel" \
    [ "$(mails)" = $((alerts + 1)) ]
python3 "$(dirname "$0")/mailcheck.py" subjects "$MAILDIR" > "$WORK/subjects"
expect "alert subject names code, village and ref" \
    contains "$WORK/subjects" "[KHẨN] XH Xâm hại tình dục – thôn Thôn 1 Bắc Ái Tây – #1"
expect "cancel follow-up" contains "$WORK/subjects" "[ĐÃ HỦY] #1 XH"
expect "alert mails recorded sent" [ "$(sql "SELECT count(*) FROM mail WHERE status = 'sent'")" = $((alerts + 1)) ]
expect "no child name or note in SMS to officers" \
    [ "$(sql "SELECT count(*) FROM outbox WHERE purpose = 'alert' AND length(text) > 160")" = 0 ]

# the digest of the day, for both groups
before=$(mails)
"$REPORTGW" digest -f "$WORK/reportgw.conf" --date $DAY --send > "$WORK/out" 2>&1
expect "digest --send exits 0" [ $? -eq 0 ]
expect "two digests delivered (two groups)" [ "$(mails)" = $((before + 2)) ]
all=$(ls "$MAILDIR"/*.eml | sort | sed -n "$((before + 1))p")
bad=$(ls "$MAILDIR"/*.eml | sort | sed -n "$((before + 2))p")
r=$(python3 "$(dirname "$0")/mailcheck.py" digest "$all" "$WORK/reportgw.db" $DAY '*' 2>> "$WORK/notes")
expect "whole-area digest matches the store ($r)" [ "$r" = ok ]
r=$(python3 "$(dirname "$0")/mailcheck.py" digest "$bad" "$WORK/reportgw.db" $DAY BAD 2>> "$WORK/notes")
expect "commune digest matches the store ($r)" [ "$r" = ok ]
sed 's/^/# /' "$WORK/notes"
expect "no header injection from SMS text" python3 -c '
import email, email.policy, sys
for f in sys.argv[1:]:
    m = email.message_from_bytes(open(f, "rb").read(), policy=email.policy.default)
    assert set(k.lower() for k in m.keys()) <= {"content-type", "mime-version", "date",
        "message-id", "from", "to", "subject"}, m.keys()' "$MAILDIR"/*.eml

# an empty day still has a digest that says so
"$REPORTGW" digest -f "$WORK/reportgw.conf" --date 2026-11-20 --dry-run > "$WORK/empty" 2>&1
expect "an empty day says so" contains "$WORK/empty" "Không có báo cáo nào trong ngày."
"$REPORTGW" digest -f "$WORK/reportgw.conf" --date $DAY --html "$WORK/d.html" > /dev/null
expect "--html writes the page" contains "$WORK/d.html" "<table"
"$REPORTGW" digest -f "$WORK/reportgw.conf" --date nonsense --dry-run > /dev/null 2>&1
expect "bad --date exits 2" [ $? -eq 2 ]

# STARTTLS and AUTH
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
    -keyout "$WORK/key.pem" -out "$WORK/cert.pem" > /dev/null 2>&1
kill $SMTP_PID; wait $SMTP_PID 2>/dev/null
rm -rf "$WORK/mail"
start_smtp --tls "$WORK/cert.pem" "$WORK/key.pem" --auth digest:s3cret
(umask 077; echo s3cret > "$WORK/smtp.pass")
smtp_config required "username = \"digest\"; password_file = \"smtp.pass\"; ca_file = \"$WORK/cert.pem\";"
"$REPORTGW" digest -f "$WORK/reportgw.conf" --date $DAY --send > "$WORK/out" 2>&1
expect "STARTTLS + AUTH: delivered" [ "$(mails)" = 2 ]
expect "STARTTLS + AUTH: over TLS, authenticated" \
    [ "$(grep -c '"tls": true, "auth": true' "$MAILDIR/index.jsonl")" = 2 ]
echo wrong > "$WORK/smtp.pass"
"$REPORTGW" digest -f "$WORK/reportgw.conf" --date $DAY --send > "$WORK/out" 2>&1
expect "a wrong password fails clearly" [ $? -eq 1 ]
# aiosmtpd 1.4 does not answer a failed AUTH PLAIN at all (curl's own
# client sees the same), so the error is the timeout rather than a 535
expect "and says why" grep -qiE "login denied|535|timed out" "$WORK/out"
expect "the password is not printed" lacks "$WORK/out" "wrong"
smtp_config required
"$REPORTGW" digest -f "$WORK/reportgw.conf" --date $DAY --send > "$WORK/out" 2>&1
expect "TLS required against an unknown CA fails" [ $? -eq 1 ]
finish
