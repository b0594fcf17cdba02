# Cases against the fake provider and the test SMTP server, the clock
# moved by libfaketime: report -> alert -> NHAN -> feedback -> XONG ->
# feedback; refusals for whoever is not an officer of the commune; MO;
# SUA and HUY on open cases; escalation after cases.ack_within exactly
# once, with kill -9 at the moment of escalation and at random around it
# and a restart days later; the daily overdue reminder; the CLI; the
# digest's open cases; the export; the monthly village summary.
. "$(dirname "$0")/lib.sh"

make_config
start_fake
provider_config africastalking
start_smtp
smtp_config off
sed -i 's|^  monthly_codes = |  village_summary = true;\n  monthly_codes = |' "$WORK/reportgw.conf"
R() { at "$1" timeout 60 "$REPORTGW" run -d -f "$WORK/reportgw.conf" --until-idle >> "$WORK/daemon.log" 2>&1; }
send() {	# send FROM TEXT "LOCAL TIME"
	fake_post /_control/inbox "{\"messages\": [{\"from\": \"$1\", \"text\": \"$2\", \"at\": \"$(echo "$3" | tr ' ' T)+07:00\"}]}"
}
# sent TO TEXT-START: how many SMS the provider took for TO starting so
sent() {
	fake_get /_control/sent | python3 -c '
import json, sys
print(sum(1 for m in json.load(sys.stdin)
          if m["to"].lstrip("+") == sys.argv[1].lstrip("+") and m["text"].startswith(sys.argv[2])))' "$1" "$2"
}
ref_of() { sql "SELECT r.id FROM reports r JOIN inbox i ON i.id = r.inbox_id WHERE i.sender = '$1' AND i.text = CAST('$2' AS BLOB)"; }
state() { sql "SELECT status FROM cases WHERE ref = $1"; }
events() { sql "SELECT group_concat(action, ' ') FROM (SELECT action FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.ref = $1 ORDER BY e.id)"; }
REP=+84912000101; L1=+84905000111; L1B=+84905000333; L2=+84905000999
CFG="-f $WORK/reportgw.conf"

# ---- the whole path ------------------------------------------------------
send $REP "XH G 13 CA" "2026-11-20 09:00:00"
R "2026-11-20 09:01:00"
A=$(ref_of $REP "XH G 13 CA")
expect "an alert opens a case" [ "$(state "$A")" = open ]
expect "the alert SMS goes to the commune's level-1 officer" [ "$(sent $L1 "KHAN CAP #$A:")" = 1 ]
expect "not to the other commune's officer" [ "$(sent $L1B "KHAN CAP")" = 0 ]
expect "the alert e-mail goes to the officer's address" \
    grep -q '"to": \["ha.ltt@bacai.example.org"\]' "$MAILDIR/index.jsonl"

send $L1 "NHAN $A" "2026-11-20 09:10:00"
R "2026-11-20 09:11:00"
expect "NHAN: acknowledged" [ "$(state "$A")" = acknowledged ]
expect "NHAN: confirmed to the officer" [ "$(sent $L1 "Da ghi: ban nhan vu #$A (XH, thon BAT01).")" = 1 ]
expect "NHAN: the reporter is told, once" [ "$(sent $REP "Bao cao #$A: can bo xa da tiep nhan.")" = 1 ]
expect "NHAN: the owner is the officer" [ "$(sql "SELECT owner_phone FROM cases WHERE ref = $A")" = $L1 ]

send $L1 "XONG $A da dua ve gia dinh" "2026-11-20 09:20:00"
R "2026-11-20 09:21:00"
expect "XONG: closed" [ "$(state "$A")" = closed ]
expect "XONG: the reporter is told, once" [ "$(sent $REP "Bao cao #$A: vu viec da xu ly xong.")" = 1 ]
expect "XONG: the note is in the timeline" \
    [ "$(sql "SELECT note FROM case_events WHERE action = 'close'")" = "da dua ve gia dinh" ]
expect "the feedback tells no details" [ "$(sql "SELECT count(*) FROM outbox WHERE purpose = 'feedback' AND text LIKE '%XH%'")" = 0 ]

# ---- refusals ------------------------------------------------------------
send +84912000102 "NHAN $A" "2026-11-20 09:30:00"
send +84988000001 "XONG $A" "2026-11-20 09:30:10"
send $L1B "MO $A" "2026-11-20 09:30:20"
R "2026-11-20 09:31:00"
expect "a reporter is refused" [ "$(sent +84912000102 "Chi can bo phu trach xa cua vu #$A moi dung lenh nay.")" = 1 ]
expect "a stranger is refused" [ "$(sent +84988000001 "Chi can bo phu trach xa cua vu #$A moi")" = 1 ]
expect "another commune's officer is refused" [ "$(sent $L1B "Chi can bo phu trach xa cua vu #$A moi")" = 1 ]
expect "refusals change nothing" [ "$(events "$A")" = "open ack close" ]

# ---- officers need not be reporters: their commands and HD, nothing else ----
send $L2 "HD" "2026-11-20 09:35:00"
send $L2 "BL G 9 BAT02" "2026-11-20 09:35:10"
send $L2 "NHAN" "2026-11-20 09:35:20"
R "2026-11-20 09:36:00"
expect "an officer's HD gets the help" [ "$(sent $L2 "KO khong co su viec, BL bao luc")" = 1 ]
expect "an officer's report is not taken" [ "$(sql "SELECT count(*) FROM reports WHERE phone = '$L2'")" = 0 ]
expect "an officer's command without a number gets the template" [ "$(sent $L2 "Thieu so bao cao. Mau: NHAN <so>")" = 1 ]

# ---- reopening (level 2 may act anywhere); closed again -------------------
send $L2 "MO $A" "2026-11-20 09:40:00"
send $L1 "XONG $A" "2026-11-20 09:41:00"
send $L1 "XONG $A" "2026-11-20 09:42:00"
R "2026-11-20 09:45:00"
expect "MO by level 2: reopened and confirmed" [ "$(sent $L2 "Da ghi: vu #$A mo lai.")" = 1 ]
expect "closed again" [ "$(state "$A")" = closed ]
expect "a closed case cannot be closed twice" [ "$(sent $L1 "Vu #$A dang dong, khong the dong vu viec.")" = 1 ]
expect "the reporter heard of the closing once" [ "$(sent $REP "Bao cao #$A: vu viec da xu ly xong.")" = 1 ]
expect "the timeline" [ "$(events "$A")" = "open ack close reopen close" ]

# ---- SUA and HUY on open cases -------------------------------------------
send +84912000201 "DN T 7 C" "2026-11-20 10:00:00"
send +84912000202 "BR G 2" "2026-11-20 10:00:10"
R "2026-11-20 10:01:00"
S=$(ref_of +84912000201 "DN T 7 C")
H=$(ref_of +84912000202 "BR G 2")
send +84912000201 "SUA $S DN G 8 C" "2026-11-20 10:05:00"
send +84912000202 "HUY $H" "2026-11-20 10:05:10"
R "2026-11-20 10:06:00"
S2=$(ref_of +84912000201 "SUA $S DN G 8 C")
expect "SUA: the case follows the new report" [ "$(sql "SELECT report_id FROM cases WHERE ref = $S")" = "$S2" ]
expect "SUA: the officers are told" [ "$(sent $L1 "Da SUA bao cao khan #$S thanh #$S2:")" = 1 ]
expect "SUA: no second case" [ "$(sql "SELECT count(*) FROM cases WHERE ref = $S2")" = 0 ]
expect "HUY: the case closes" [ "$(state "$H")" = closed ]
expect "HUY: as a cancellation" [ "$(events "$H")" = "open cancel" ]
expect "HUY: no feedback to the reporter" [ "$(sent +84912000202 "Bao cao #$H")" = 0 ]
send $L1 "NHAN $S2" "2026-11-20 10:10:00"
R "2026-11-20 10:11:00"
expect "NHAN by the new report's number" [ "$(state "$S")" = acknowledged ]
expect "the timeline of a corrected case" [ "$(events "$S")" = "open correct ack" ]
send $L1 "MO $H" "2026-11-20 10:12:00"
R "2026-11-20 10:13:00"
expect "MO of a cancelled report's case is refused" [ "$(state "$H"):$(events "$H")" = "closed:open cancel" ]
expect "... and the officer is told why" [ "$(sent $L1 "Vu #$H dang")" = 1 ]

# ---- escalation exactly once: kill -9 at the moment it is queued ----------
send +84912000301 "TV G 8TH" "2026-11-20 11:00:00"
R "2026-11-20 11:00:30"
E=$(ref_of +84912000301 "TV G 8TH")
expect "BAD's alert goes to its officer" [ "$(sent $L1B "KHAN CAP #$E:")" = 1 ]
R "2026-11-20 12:59:00"
expect "not escalated before ack_within" [ "$(sql "SELECT escalated_at IS NULL FROM cases WHERE ref = $E")" = 1 ]
at_bg "2026-11-20 13:00:20" x10 "$REPORTGW" run -d -f "$WORK/reportgw.conf"
pid=$BG_PID
wait_for 1 20 sql "SELECT escalated_at IS NOT NULL FROM cases WHERE ref = $E"
kill -9 $pid; wait $pid 2>/dev/null
expect "killed at the escalation: queued with its mark" \
    [ "$(sql "SELECT count(*) FROM outbox WHERE purpose = 'escalation' AND report_id = $E")" = 1 ]
expect "killed at the escalation: its e-mail queued" \
    [ "$(sql "SELECT count(*) FROM mail WHERE kind = 'escalation'")" = 1 ]
expect "level 2 recorded" [ "$(sql "SELECT level FROM cases WHERE ref = $E")" = 2 ]
R "2026-11-23 09:00:00"		# a restart days later
esc=$(sent $L2 "QUA HAN #$E: TV thon BAD01 chua ai nhan sau 2 gio.")
unc=$(sql "SELECT uncertain FROM outbox WHERE purpose = 'escalation'")
expect "the escalation SMS reached level 2 once (twice only if in flight, marked)" \
    eval '[ "$esc" = 1 ] || [ "$esc" = 2 -a "$unc" = 1 ]'
expect "not queued again after the restart" \
    [ "$(sql "SELECT count(*) FROM outbox WHERE purpose = 'escalation'")" = 1 ]
subjects() { python3 "$(dirname "$0")/mailcheck.py" subjects "$MAILDIR"; }
escm=$(subjects | grep -c "^\[QUÁ HẠN\] #$E TV ")
uncm=$(sql "SELECT uncertain FROM mail WHERE kind = 'escalation'")
expect "one escalation e-mail (twice only if in flight, same Message-ID)" \
    eval '[ "$escm" = 1 ] || [ "$escm" = 2 -a "$uncm" = 1 ]'
expect "the escalation e-mail goes to level 2" grep -q '"to": \["an.tv@bacai.example.org"\]' "$MAILDIR/index.jsonl"
expect "the timeline says so" [ "$(events "$E")" = "open escalate" ]
expect "acknowledged cases are not escalated" \
    [ "$(sql "SELECT count(*) FROM cases WHERE escalated_at IS NOT NULL")" = 1 ]

# ---- kill -9 at random around a second deadline -------------------------
send +84912000401 "XH G 12" "2026-11-23 10:00:00"
R "2026-11-23 10:00:30"
K=$(ref_of +84912000401 "XH G 12")
for i in 1 2 3 4 5 6 7 8; do
	at_bg "2026-11-23 12:00:29" x10 "$REPORTGW" run -d -f "$WORK/reportgw.conf"
	pid=$BG_PID
	sleep "$(python3 -c "import random; print(random.uniform(0.02, 0.6))")"
	kill -9 $pid; wait $pid 2>/dev/null
	m=$(sql "SELECT (escalated_at IS NOT NULL) || ' ' || (SELECT count(*) FROM outbox WHERE purpose = 'escalation' AND report_id = $K) || ' ' || (SELECT count(*) FROM case_events WHERE case_id = cases.id AND action = 'escalate') FROM cases WHERE ref = $K")
	case $m in "0 0 0"|"1 1 1") ;; *) not_ok "kill $i: mark, SMS and event together" "$m" ;; esac
done
R "2026-11-24 09:00:00"
expect "after 8 kills: escalated once" \
    [ "$(sql "SELECT count(*) FROM outbox WHERE purpose = 'escalation' AND report_id = $K")" = 1 ]

# ---- overdue: once a day ---------------------------------------------------
R "2026-11-27 11:30:00"		# E opened 20 Nov 11:00:30: 7 days
expect "overdue: the commune's officer (no owner) and level 2" \
    [ "$(sent $L1B "Nhac: vu #$E (TV, thon BAD01) chua dong sau 7 ngay.")$(sent $L2 "Nhac: vu #$E (")" = 11 ]
expect "overdue: an acknowledged case reminds its owner" [ "$(sent $L1 "Nhac: vu #$S (")" = 1 ]
R "2026-11-27 20:00:00"
expect "overdue: not twice a day" [ "$(sent $L2 "Nhac: vu #$E (")" = 1 ]
R "2026-11-28 11:31:00"
expect "overdue: the next day again" [ "$(sent $L2 "Nhac: vu #$E (")" = 2 ]

# ---- the digest's open cases -------------------------------------------
at "2026-11-28 12:00:00" "$REPORTGW" digest $CFG --date 2026-11-27 --group "Bac Ai (cu)" --dry-run > "$WORK/digest.txt" 2>/dev/null
line() { grep -n "$1" "$WORK/digest.txt" | head -1 | cut -d: -f1; }
expect "digest: the section" contains "$WORK/digest.txt" "== Vụ việc đang mở =="
expect "digest: the cases counted" contains "$WORK/digest.txt" \
    "$(sql "SELECT count(*) FROM cases WHERE opened_at < strftime('%s', '2026-11-28 00:00:00+07:00') AND (status != 'closed' OR closed_at >= strftime('%s', '2026-11-28 00:00:00+07:00')) AND commune IN ('BAT', 'BAI', 'BAD', 'MSO')") vụ việc đang mở: 2 quá hạn,"
expect "digest: an overdue case, with its state, level and age" contains "$WORK/digest.txt" \
    "QUÁ HẠN: #$E TV Tử vong trẻ dưới 5 tuổi – Châu Đắc (BAD01): chưa ai nhận, đã báo cấp trên, 7 ngày"
expect "digest: its owner" contains "$WORK/digest.txt" \
    "QUÁ HẠN: #$S DN Đuối nước – Thôn 1 Bắc Ái (BAI01): Lê Thị Thu Hà đã nhận, 7 ngày"
expect "digest: one not yet overdue" contains "$WORK/digest.txt" \
    "#$K XH Xâm hại tình dục – Thôn 1 Mỹ Sơn (MSO01): chưa ai nhận, đã báo cấp trên, 4 ngày"
expect "digest: overdue first, oldest first" [ "$(line "#$S DN")" -lt "$(line "#$E TV")" -a "$(line "#$E TV")" -lt "$(line "^#$K XH")" ]
expect "digest: closed cases are not listed" lacks "$WORK/digest.txt" "#$A XH"
at "2026-11-28 12:00:00" "$REPORTGW" digest $CFG --date 2026-11-27 --group "Bac Ai Dong" --dry-run > "$WORK/digest-bad.txt" 2>/dev/null
expect "digest: a group sees its communes' cases" lacks "$WORK/digest-bad.txt" "#$S DN"
expect "digest: the mailed HTML has the section" python3 -c '
import email, email.policy, glob, sys
for p in glob.glob(sys.argv[1] + "/*.eml"):
    m = email.message_from_bytes(open(p, "rb").read(), policy=email.policy.default)
    for part in m.walk():
        if part.get_content_type() == "text/html" and "id=\"section_cases\"" in part.get_content():
            sys.exit(0)
sys.exit(1)' "$MAILDIR"

# ---- the CLI --------------------------------------------------------------
C() { at "2026-11-28 11:40:00" "$REPORTGW" case $CFG "$@"; }
C refer "$E" CA --by 0905000999 --note "da bao cong an xa" > "$WORK/cli.out" 2>&1
expect "case refer: done" contains "$WORK/cli.out" "case #$E: referred"
expect "case refer: the owner is the officer" [ "$(sql "SELECT owner || '|' || referred_to FROM cases WHERE ref = $E")" = "Trần Văn An (+84905000999)|police" ]
C ack "$E" > "$WORK/cli.out" 2>&1
expect "case ack of a referred case: refused, exit 2" [ $? = 2 ]
expect "case ack: says why" contains "$WORK/cli.out" "case #$E is referred: it cannot take ack"
C close 999999 > "$WORK/cli.out" 2>&1
expect "case close of no case: exit 2" [ $? = 2 ]
C show "$E" > "$WORK/show.out" 2>&1
expect "case show: the timeline" contains "$WORK/show.out" "refer    cli     Trần Văn An (+84905000999): police: da bao cong an xa"
C list > "$WORK/list.out" 2>/dev/null
expect "case list: the open ones" [ "$(grep -c '^#' "$WORK/list.out")" = "$(sql "SELECT count(*) FROM cases WHERE status != 'closed'")" ]
R "2026-11-28 12:00:00"
expect "the reporter heard of the CLI's referral" [ "$(sent +84912000301 "Bao cao #$E: can bo xa da tiep nhan.")" = 1 ]

# ---- export -----------------------------------------------------------------
"$REPORTGW" export $CFG --what cases > "$WORK/cases.json" 2>/dev/null
expect "export json: one object per case" [ "$(wc -l < "$WORK/cases.json")" = "$(sql 'SELECT count(*) FROM cases')" ]
expect "export json: the fields and the events" python3 -c '
import json, sys
cases = {c["ref"]: c for c in map(json.loads, open(sys.argv[1]))}
c = cases[int(sys.argv[2])]
assert c["status"] == "referred" and c["level"] == 2 and c["referred_to"] == "police", c
assert c["escalated_at"].startswith("2026-11-20T13:00"), c
assert [e["action"] for e in c["events"]] == ["open", "escalate", "overdue", "overdue", "refer"], c
assert c["events"][-1]["by"] == "Trần Văn An (+84905000999)" and c["events"][-1]["channel"] == "cli"
a = cases[int(sys.argv[3])]
assert a["closed_at"] and a["owner"].startswith("Lê Thị Thu Hà"), a
' "$WORK/cases.json" "$E" "$A"
"$REPORTGW" export $CFG --what cases --format csv > "$WORK/cases.csv" 2>/dev/null
expect "export csv: the header" [ "$(head -1 "$WORK/cases.csv")" = '"ref","report","code","village","commune","status","level","owner","opened_at","acknowledged_at","referred_to","closed_at","escalated_at","events"' ]
expect "export csv: events in one cell" python3 -c '
import csv, sys
rows = {r["ref"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
ev = rows[sys.argv[2]]["events"]
assert ev.count(" | ") == 4 and " refer Trần Văn An (+84905000999) (cli): police: da bao cong an xa" in ev, ev
' "$WORK/cases.csv" "$E"

# ---- the monthly village summary ------------------------------------------
R "2026-12-01 07:59:00"
expect "village summary: not before its time" [ "$(sql "SELECT count(*) FROM outbox WHERE purpose = 'village_summary'")" = 0 ]
R "2026-12-01 08:01:00"
expect "village summary: each village reporter" [ "$(sql "SELECT count(*) FROM outbox WHERE purpose = 'village_summary'")" = 22 ]
expect "village summary: the month's count" [ "$(sent $REP "thang 11/2026, thon BAT01: 1 bao cao, 0 tuan KO. Cam on!")" = 1 ]
R "2026-12-02 09:00:00"
expect "village summary: once a month" [ "$(sql "SELECT count(*) FROM outbox WHERE purpose = 'village_summary'")" = 22 ]
# ---- purge: the officers' notes go with the raw texts -----------------------
at "2027-01-15 09:00:00" "$REPORTGW" purge $CFG --raw-older-than 30 > /dev/null 2>&1
expect "purge: officers' notes gone" [ "$(sql "SELECT count(*) FROM case_events WHERE note LIKE '%da %'")" = 0 ]
expect "purge: the timeline stays" [ "$(events "$A")" = "open ack close reopen close" ]
expect "purge: the system's notes stay" [ "$(sql "SELECT count(*) FROM case_events WHERE action = 'escalate' AND note LIKE 'level 2%'")" = 2 ]
expect "no database trouble in the daemon's log" eval '! grep -Eq "store: .*: |database trouble" "$WORK/daemon.log"'
finish
