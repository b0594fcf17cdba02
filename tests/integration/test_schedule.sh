# The schedule with a controlled clock (libfaketime): restarts before and
# after the digest time, crossing it while running, a stop over several
# days, crossing midnight; then SMTP faults against scheduled digests:
# refused, 421, 451 after DATA, 550 for one recipient, a hang after DATA,
# and a crash after the server took a digest.  Each ends with exactly one
# digest per group.  Also the weekly and monthly reminders.
. "$(dirname "$0")/lib.sh"

make_config
start_fake
provider_config africastalking
start_smtp
smtp_config off
sed -i 's|to = \[ "bad@bacai.example.org" \]|to = [ "bad@bacai.example.org", "nobody@bacai.example.org" ]|' "$WORK/reportgw.conf"
# the digests only: the monthly reports (test_report.sh) would add mail
echo 'reports = { monthly = false; quarterly = false; yearly = false; };' >> "$WORK/reportgw.conf"
R() { at "$1" timeout 60 "$REPORTGW" run -d -f "$WORK/reportgw.conf" --until-idle >> "$WORK/daemon.log" 2>&1; }
digests() { sql "SELECT count(*) FROM mail WHERE kind = 'digest' AND status IN ('sent', 'unknown')"; }

R "2026-11-25 10:00:00"
expect "first start records the day" [ "$(sql "SELECT value FROM meta WHERE key = 'created_day'")" = 2026-11-25 ]
R "2026-11-26 06:59:00"
expect "06:59: no digest yet" [ "$(mails)" = 0 ]
R "2026-11-26 07:01:00"
expect "07:01: yesterday's digest, one per group" [ "$(mails)" = 2 ]
R "2026-11-26 07:30:00"
expect "restart later: not sent twice" [ "$(mails)" = 2 ]
expect "no digest for days before the database" \
    [ "$(sql "SELECT min(day) FROM mail WHERE kind = 'digest'")" = 2026-11-25 ]

# crossing 07:00 while running (the clock runs ten times fast)
at_bg "2026-11-27 06:59:40" x10 "$REPORTGW" run -d -f "$WORK/reportgw.conf"
pid=$BG_PID
sleep 1
expect "running before 07:00: nothing yet" [ "$(mails)" = 2 ]
wait_for 4 20 mails
expect "crossing 07:00: the next digests go" [ "$(mails)" = 4 ]
kill -TERM $pid; wait $pid

# two messages either side of midnight, then a stop over three days
fake_post /_control/inbox '{"messages": [
  {"from": "+84912000101", "text": "BL G 9", "at": "2026-11-28T23:59:30+07:00"},
  {"from": "+84912000102", "text": "BL T 8", "at": "2026-11-29T00:00:30+07:00"}]}'
R "2026-11-29 00:05:00"
R "2026-12-01 07:30:00"
# 29 Nov 00:05 sends the 27th's; 1 Dec 07:30 the 28th's, 29th's and 30th's
expect "a stop over days: every missed digest" [ "$(mails)" = 12 ]
python3 "$(dirname "$0")/mailcheck.py" subjects "$MAILDIR" | sed -n '5,12p' \
    | grep -o '[0-9][0-9]/11/2026' > "$WORK/days"
expect "oldest first" [ "$(tr '\n' ' ' < "$WORK/days")" = "27/11/2026 27/11/2026 28/11/2026 28/11/2026 29/11/2026 29/11/2026 30/11/2026 30/11/2026 " ]
expect "midnight: 23:59:30 in the 28th's digest" grep -q ' 1 sự việc' <(
    "$REPORTGW" digest -f "$WORK/reportgw.conf" --date 2026-11-28 --group "Bac Ai (cu)" --dry-run)
expect "midnight: 00:00:30 in the 29th's digest" grep -q ' 1 sự việc' <(
    "$REPORTGW" digest -f "$WORK/reportgw.conf" --date 2026-11-29 --group "Bac Ai (cu)" --dry-run)

# reminders: Monday 30 Nov 08:00 for week 48; 3 Dec 08:00 for November
expect "weekly reminder sent on Monday for the silent villages" \
    [ "$(sql "SELECT count(*) FROM reminders WHERE kind = 'weekly' AND period = '2026-W48'")" = 20 ]
expect "not for the villages that reported" \
    [ "$(sql "SELECT count(*) FROM reminders WHERE village IN ('BAT01', 'BAT02')")" = 0 ]
expect "reminder SMS to the village's reporter" \
    [ "$(sql "SELECT text FROM outbox WHERE purpose = 'reminder' AND recipient = '+84912000103'")" = \
      "Nhac: thon BAT03 chua bao cao tuan truoc (23-29/11). Neu khong co su viec, gui KO." ]
R "2026-12-03 08:01:00"
expect "monthly reminder for missing figures" \
    [ "$(sql "SELECT count(*) FROM reminders WHERE kind = 'monthly' AND period = '2026-11'")" = 22 ]
R "2026-12-03 09:00:00"
expect "reminders go once (20 weekly + 22 monthly)" [ "$(sql "SELECT count(*) FROM outbox WHERE purpose = 'reminder'")" = 42 ]

# ---- SMTP faults, each against a fresh day of digests -------------------
fault_day() {	# fault_day DAY NAME: run the daemon at DAY+1 07:01 until both digests are in
	local name=$2 start
	start=$(mails)
	at_bg "$1 07:01:00" "$REPORTGW" run -d -f "$WORK/reportgw.conf"
	pid=$BG_PID
	wait_for $((start + 2)) 40 mails
	sleep 1.5		# time for a wrong second copy to show up
	expect "$name: exactly one digest per group" [ "$(mails)" = $((start + 2)) ]
	kill -TERM $pid; wait $pid
	expect "$name: recorded sent" [ "$(sql "SELECT count(*) FROM mail WHERE kind = 'digest' AND day = '$3' AND status = 'sent'")" = 2 ]
}
R "2026-12-04 07:30:00"		# catch up to the 3rd's digest
kill $SMTP_PID; wait $SMTP_PID 2>/dev/null
# the server comes back once the daemon has met the refusal (at most 60 s:
# a daemon under valgrind takes long to get there)
( for _ in $(seq 600); do
	grep -q "mail: digest 2026-12-04 .*Couldn't connect" "$WORK/daemon.log" 2>/dev/null && break
	sleep 0.1
  done
  sleep 1
  exec /usr/bin/python3 "$SRC/scripts/smtp-server" --port "$SMTP_PORT" --dir "$MAILDIR" > "$WORK/smtp2.log" 2>&1 ) &
disown
cleanup_hooks+=("pkill -f 'smtp-server --port $SMTP_PORT'")
fault_day 2026-12-05 "connection refused" 2026-12-04
expect "refused: a clear log line" grep -q "mail: digest 2026-12-04 .*Couldn't connect" "$WORK/daemon.log"
smtp_fault '[{"kind": "421", "count": 1}]'
fault_day 2026-12-06 "421 on connect" 2026-12-05
expect "421: logged" grep -q "server: 421" "$WORK/daemon.log"
smtp_fault '[{"kind": "451", "count": 1}]'
fault_day 2026-12-07 "451 after DATA" 2026-12-06
expect "451: logged" grep -q "server: 451" "$WORK/daemon.log"
smtp_fault '[{"kind": "550", "rcpt": "nobody@bacai.example.org", "count": 1}]'
fault_day 2026-12-08 "550 for one recipient" 2026-12-07
expect "550: the other recipient got it" \
    [ "$(tail -2 "$MAILDIR/index.jsonl" | grep -c '"to": \["bad@bacai.example.org"\]')" = 1 ]
smtp_fault '[{"kind": "hang", "seconds": 6, "count": 1}]'
fault_day 2026-12-09 "hang after DATA" 2026-12-08
expect "hang: logged as a timeout" grep -qi "timeout\|timed out" "$WORK/daemon.log"

# a crash after the server took the digest: never sent twice, flagged next day
smtp_fault '[{"kind": "slowok", "seconds": 20, "count": 1}]'
start=$(mails)
at_bg "2026-12-10 07:01:00" "$REPORTGW" run -d -f "$WORK/reportgw.conf"
pid=$BG_PID
wait_for $((start + 1)) 20 mails
kill -9 $pid; wait $pid 2>/dev/null
smtp_fault '[]'
R "2026-12-10 07:05:00"
expect "crash after acceptance: not sent twice" [ "$(mails)" = $((start + 2)) ]
expect "crash after acceptance: marked unknown" \
    [ "$(sql "SELECT count(*) FROM mail WHERE day = '2026-12-09' AND status = 'unknown'")" = 1 ]
expect "the restart says so" grep -q "digests are marked unknown" "$WORK/daemon.log"
"$REPORTGW" status -f "$WORK/reportgw.conf" > "$WORK/status"
expect "status counts the unknown digest" grep -q "^e-mail: .* 1 unknown" "$WORK/status"
R "2026-12-11 07:05:00"
expect "flagged in the next digest" grep -q "2026-12-09" <(
    "$REPORTGW" digest -f "$WORK/reportgw.conf" --date 2026-12-10 --dry-run)
finish
