# `reportgw reporters`: approve (with the welcome SMS, through the fake
# provider), block, unblock, remove and move, against the daemon's
# judgement of the next messages; config reporters refuse remove and move.
. "$(dirname "$0")/lib.sh"

make_config
start_fake
provider_config africastalking
sed -i '/^http = {/,/^};/d' "$WORK/reportgw.conf"	# polling only
C=$WORK/reportgw.conf
R() { "$REPORTGW" reporters -f "$C" "$@" 2>> "$WORK/stderr"; }

# ISO time of N days ago (the unknown-sender instruction goes once a day)
ago() { python3 -c "from datetime import datetime, timedelta, timezone
print((datetime.now(timezone(timedelta(hours=7))) - timedelta(days=$1)).isoformat(timespec='seconds'))"; }

# post FROM TEXT [DAYS-AGO]...: messages to the fake provider's inbox
post() {
	local json="" sep=""
	while [ $# -ge 2 ]; do
		json="$json$sep{\"from\": \"$1\", \"text\": \"$2\", \"at\": \"$(ago "${3:-0}")\"}"
		sep=","
		shift 3
	done
	fake_post /_control/inbox "{\"messages\": [$json]}"
}

sent_to() {	# sent_to NUMBER: the texts the fake provider sent to it
	fake_get /_control/sent | python3 -c '
import json, sys
for m in json.load(sys.stdin):
    if m["to"].lstrip("+") == sys.argv[1].lstrip("+"):
        print(m["text"])' "$1"
}

# two registrations by SMS (DK), three days ago: pending
post +84977000001 "DK BAT02 Nguyen Thi Moi" 3 +84977000002 "DK BAT03 Le Van Hai" 3
run_idle
expect "DK makes pending reporters" \
    [ "$(sql "SELECT group_concat(status) FROM reporters WHERE phone LIKE '+849770%'")" = pending,pending ]

# the approval and its welcome SMS are one transaction: when the SMS
# cannot be queued, the reporter stays pending
sql "CREATE TRIGGER no_welcome BEFORE INSERT ON outbox WHEN NEW.purpose = 'welcome'
     BEGIN SELECT RAISE(ABORT, 'no welcome today'); END"
R approve 0977000001 > /dev/null
expect "approve fails when the welcome cannot be queued" [ $? = 1 ]
expect "and leaves the reporter pending" \
    [ "$(sql "SELECT status FROM reporters WHERE phone = '+84977000001'")" = pending ]
expect "and says nothing changed" grep -q "database error; nothing changed" "$WORK/stderr"
sql "DROP TRIGGER no_welcome"

# approve with an empty history: the code book's first incident and zero codes
R approve 0977000001 > "$WORK/out"
expect "approve exits 0" [ $? = 0 ]
expect "approve says so" contains "$WORK/out" "+84977000001 approved"
expect "one welcome SMS queued" \
    [ "$(sql "SELECT count(*) FROM outbox WHERE purpose = 'welcome' AND recipient = '+84977000001'")" = 1 ]
first=$(python3 -c '
import re, sys
codes = re.findall(r"code = \"(\w+)\"; title = \"[^\"]*\"; kind = \"(incident|zero)\"; name = \"([^\"]*)\"",
                   open(sys.argv[1]).read())
print(", ".join("%s %s" % (c, n) for c, k, n in codes[:3]))' "$WORK/codebook.conf")
expect "the welcome names the reporter, its village and the code book's first codes ($first)" \
    [ "$(sql "SELECT text FROM outbox WHERE purpose = 'welcome'")" = \
      "Chao Nguyen Thi Moi! So nay da duoc duyet cho thon BAT02. Ma hay dung: $first. Gui HD de xem them." ]
R approve 0977000001 > "$WORK/out"
expect "approving again does nothing, sends nothing" \
    [ "$(cat "$WORK/out")/$(sql "SELECT count(*) FROM outbox WHERE purpose = 'welcome'")" = \
      "+84977000001 is active already; nothing done/1" ]
run_idle
expect "the fake provider receives the welcome" \
    [ "$(sent_to +84977000001 | grep -c '^Chao Nguyen Thi Moi! So nay da duoc duyet')" = 1 ]
expect "welcome recorded sent" \
    [ "$(sql "SELECT status FROM outbox WHERE purpose = 'welcome'")" = sent ]

# most used codes in the last 90 days: KO 3 times, TN twice, then the book
post +84912000101 KO 1 +84912000102 KO 1 +84912000103 KO 1 \
    +84912000104 "TN G 4 GT" 1 +84912000105 "TN T 6 GT" 2 \
    +84912000106 "XH G 13" 100 +84912000201 "XH G 12" 100 \
    +84912000202 "XH G 11" 100 +84912000203 "XH G 10" 100
run_idle
R approve 0977000002 > "$WORK/out"
book1=$(echo "$first" | cut -d' ' -f1)
w=$(sql "SELECT text FROM outbox WHERE purpose = 'welcome' AND recipient = '+84977000002'")
expect "the most used codes first, older than 90 days not counted ($w)" \
    python3 -c 'import re, sys
assert re.search(r"Ma hay dung: KO( [a-z ]+)?, TN( [a-z ]+)?, %s\b" % sys.argv[2], sys.argv[1]), sys.argv[1]
assert len(sys.argv[1]) <= 160' "$w" "$book1"

# a welcome that cannot hold the names keeps its end and names the codes
sql "UPDATE reporters SET status = 'pending', name = 'Nguyen Thi Hoang Phuong Thao Minh Chau Bao Ngoc Kim Lien' WHERE phone = '+84977000002'"
R approve 0977000002 > /dev/null
w=$(sql "SELECT text FROM outbox WHERE purpose = 'welcome' AND recipient = '+84977000002' ORDER BY id DESC LIMIT 1")
expect "a long name: the codes alone, the whole message in 160 ($w)" \
    python3 -c 'import sys; t = sys.argv[1]
assert "Ma hay dung: KO, TN, %s. Gui HD de xem them." % sys.argv[2] in t and len(t) <= 160, t' "$w" "$book1"

# the new reporter reports, then moves: the earlier report stays in BAT03
post +84977000002 KO 0
run_idle
R move 0977000002 BAI03 > "$WORK/out"
expect "move says so" contains "$WORK/out" "+84977000002 moved to village BAI03"
expect "move changes village and commune" \
    [ "$(sql "SELECT village || ' ' || commune FROM reporters WHERE phone = '+84977000002'")" = "BAI03 BAI" ]
post +84977000002 "BL G 9" 0
run_idle
expect "reports before the move keep their village, after it take the new one" \
    [ "$(sql "SELECT group_concat(village) FROM (SELECT village FROM reports WHERE phone = '+84977000002' ORDER BY id)")" = BAT03,BAI03 ]
R move 0977000002 NOWHERE > /dev/null
expect "move to an unknown village exits 2" [ $? = 2 ]
expect "and names it" grep -q 'no village or commune "NOWHERE"' "$WORK/stderr"

# block and unblock: a blocked number gets no report and no reply
R block 0977000002 > /dev/null
before=$(sent_to +84977000002 | wc -l)
post +84977000002 "BL G 8" 0
run_idle
expect "blocked: unauthorised, no report, no reply" \
    [ "$(sql "SELECT status || ' ' || error || ' ' || (report_id IS NULL) FROM inbox WHERE CAST(text AS TEXT) = 'BL G 8'")/$(sent_to +84977000002 | wc -l)" = "unauthorised blocked 1/$before" ]
R remove 0977000002 > /dev/null
expect "remove refuses a blocked number" [ $? = 1 ]
expect "and says to unblock it first" grep -q 'is blocked; `reporters remove` is for a reporter that is active or pending (unblock it first' "$WORK/stderr"
R unblock 0977000002 > "$WORK/out"
post +84977000002 "BL G 7" 0
run_idle
expect "unblocked: reports again" \
    [ "$(sql "SELECT count(*) FROM reports r JOIN inbox i ON i.id = r.inbox_id WHERE CAST(i.text AS TEXT) = 'BL G 7' AND r.status = 'active'")" = 1 ]

# remove: the history stays, the number is an unknown sender again
post +84977000001 "MN 42 40" 0
run_idle
R remove 0977000001 > "$WORK/out"
expect "remove exits 0" [ $? = 0 ]
expect "removed, not deleted" \
    [ "$(sql "SELECT status FROM reporters WHERE phone = '+84977000001'")" = removed ]
"$REPORTGW" reporters -f "$C" list 2>/dev/null | grep -q '^+84977000001 .* removed '
expect "list shows the removed reporter" [ $? = 0 ]
expect "its reports are kept" \
    [ "$(sql "SELECT count(*) FROM reports WHERE phone = '+84977000001' AND status = 'active'")" = 1 ]
"$REPORTGW" export -f "$C" 2>/dev/null | grep -q '"phone":"+84977000001"'
expect "and exported" [ $? = 0 ]
post +84977000001 "BL G 9" 0 +84966000009 "BL G 9" 0
run_idle
expect "a removed reporter's message is judged as an unknown sender's" \
    [ "$(sql "SELECT group_concat(status || ' ' || error, '|') FROM inbox WHERE CAST(text AS TEXT) = 'BL G 9' AND sender IN ('+84977000001', '+84966000009')")" = \
      "unauthorised unknown sender|unauthorised unknown sender" ]
expect "no report from it after the removal" \
    [ "$(sql "SELECT count(*) FROM reports WHERE phone = '+84977000001'")" = 1 ]
expect "it gets the unknown-sender instruction, as a never-seen number" \
    [ "$(sent_to +84977000001 | tail -1)" = "$(sent_to +84966000009 | tail -1)" ]
expect "the instruction is the unknown sender's" \
    grep -q '^So nay chua dang ky' <(sent_to +84977000001 | tail -1)
R approve 0977000001 > /dev/null
expect "approve refuses a removed reporter" [ $? = 1 ]
post +84977000001 "DK BAT02 Nguyen Thi Moi" 0
run_idle
expect "a removed number may register again" \
    [ "$(sql "SELECT status FROM reporters WHERE phone = '+84977000001'")" = pending ]

# config reporters: the config makes them active in their village at every
# start, so remove and move refuse them, naming the file and line to edit
line=$(grep -n '"0912000101"' "$WORK/bacai.conf" | cut -d: -f1)
: > "$WORK/stderr"
R remove 0912000101 > /dev/null
expect "remove refuses a config reporter" [ $? = 1 ]
expect "naming the file and line ($WORK/bacai.conf:$line)" \
    contains "$WORK/stderr" "+84912000101 is listed in the config ($WORK/bacai.conf:$line)"
R move 0912000101 BAT02 > /dev/null
expect "move refuses a config reporter" [ $? = 1 ]
expect "nothing changed" \
    [ "$(sql "SELECT status || ' ' || village FROM reporters WHERE phone = '+84912000101'")" = "active BAT01" ]
R block 0912000101 > /dev/null
run_idle		# a start: the config reporters are synced
expect "a blocked config reporter stays blocked after a start" \
    [ "$(sql "SELECT status FROM reporters WHERE phone = '+84912000101'")" = blocked ]
R unblock 0912000101 > /dev/null
run_idle
expect "unblocked, it stays active after a start" \
    [ "$(sql "SELECT status FROM reporters WHERE phone = '+84912000101'")" = active ]

# bad operands
R approve 12 > /dev/null
expect "not a phone number exits 2" [ $? = 2 ]
R unblock 0988777666 > /dev/null
expect "no such reporter exits 1" [ $? = 1 ]
R move 0977000002 > /dev/null 2>&1
expect "move without a village: usage, exit 2" [ $? = 2 ]
finish
