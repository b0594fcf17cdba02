# Several reports in one SMS and reviews, through the daemon with the fake
# provider and a real SMTP server (scripts/smtp-server):
#  1. an SMS with several reports makes that many reports, each with its
#     own number, and one reply naming them all;
#  2. a message not understood but maybe urgent (status review) reaches the
#     officers: an SMS without the text, an e-mail with it (escaped); the
#     reporter is told an officer will call; SUA on its number makes it a
#     report;
#  3. `status` counts reviews, `export --what reports` shows them;
#  4. kill -9 during batches of such messages loses and doubles nothing.
# Assertions marked [parser] need the grammar's multi-report and review
# results (the parser's side of the own-words issue); against a grammar
# without them they fail, they are never skipped.  The others hold with
# any grammar: the planted review (part 2b) and the kill test's bookkeeping.
. "$(dirname "$0")/lib.sh"

# the level-1 officers of BAT and BAD (config/bacai.conf)
OFFICER=+84905000111
OFFICER_BAD=+84905000333
R="$REPORTGW"
if ! "$R" parse 'DN G 7' 2>/dev/null | grep -q '"review":true'; then
	echo "# this grammar gives no review result ('DN G 7'): the [parser]" \
	    "assertions below fail until the parser's side is merged"
fi

make_config
start_fake --batch 25
provider_config generic
start_smtp
smtp_config off

# sent TO: the texts the fake provider got for a number, one per line
sent_to() {
	fake_get /_control/sent | python3 -c '
import json, sys
for m in json.load(sys.stdin):
    if m["to"].lstrip("+") == sys.argv[1].lstrip("+"):
        print(m["text"])' "$1"
}
# report_of SENDER: the refs of the reports a sender's messages made
report_of() {
	sql "SELECT group_concat(r.id, ' ') FROM reports r JOIN inbox i ON i.id = r.inbox_id
	    WHERE i.sender LIKE '%${1#+}' ORDER BY r.id"
}

# ---- 1 and 2: several reports, reviews ----------------------------------

fake_post /_control/inbox '{"messages": [
 {"from": "+84912000101", "text": "BL G 9; DN T 7 C"},
 {"from": "+84912000202", "text": "MN 42 40\nTC 5 4"},
 {"from": "+84912000302", "text": "DN G 7"},
 {"from": "+84912000103", "text": "XH"},
 {"from": "+84912000201", "text": "Chau be 7 tuoi bi duoi nuoc da chet"},
 {"from": "+84912000105", "text": "BL G 9"}
]}'
run_idle
expect "daemon idle" [ $? -eq 0 ]
expect "every message judged" \
    [ "$(sql "SELECT count(*) FROM inbox WHERE status = 'received'")" = 0 ]
expect "a single report as before" \
    [ "$(sql "SELECT count(*) FROM reports r JOIN inbox i ON i.id = r.inbox_id
      WHERE i.sender LIKE '%84912000105' AND r.code = 'BL' AND r.status = 'active'")" = 1 ]

# several reports in one SMS
m1=$(sql "SELECT id FROM inbox WHERE sender LIKE '%84912000101'")
expect "[parser] 'BL G 9; DN T 7 C' makes 2 reports of one message" \
    [ "$(sql "SELECT group_concat(code || ':' || status, ' ') FROM
      (SELECT * FROM reports WHERE inbox_id = $m1 ORDER BY id)")" = "BL:active DN:active" ]
bl=$(sql "SELECT id FROM reports WHERE inbox_id = $m1 AND code = 'BL'")
dn=$(sql "SELECT id FROM reports WHERE inbox_id = $m1 AND code = 'DN'")
sent_to +84912000101 > "$WORK/r1.txt"
expect "[parser] one reply for the two, naming both numbers" \
    sh -c "[ \$(wc -l < '$WORK/r1.txt') = 1 ] && grep -qF '#$bl BL, #$dn DN' '$WORK/r1.txt'"
{ sent_to "$OFFICER"; sent_to "$OFFICER_BAD"; } > "$WORK/officer.txt"
expect "[parser] the drowning among them alerts the officers" \
    grep -q "^KHAN CAP #$dn:" "$WORK/officer.txt"
python3 "$SRC/tests/integration/mailcheck.py" subjects "$MAILDIR" > "$WORK/subjects.txt"
expect "[parser] and its alert e-mail went out" \
    sh -c "[ -n '$dn' ] && grep -qF -- '– #$dn' '$WORK/subjects.txt'"
m2=$(sql "SELECT id FROM inbox WHERE sender LIKE '%84912000202'")
expect "[parser] figures of two codes in one SMS, split at the line break" \
    [ "$(sql "SELECT group_concat(code, ' ') FROM (SELECT code FROM reports
      WHERE inbox_id = $m2 ORDER BY id)")" = "MN TC" ]
expect "[parser] and one reply" [ "$(sent_to +84912000202 | wc -l)" = 1 ]

# a review: DN without its outcome
rv=$(sql "SELECT r.id FROM reports r JOIN inbox i ON i.id = r.inbox_id
    WHERE i.sender LIKE '%84912000302'")
expect "[parser] 'DN G 7' is kept for review" \
    [ "$(sql "SELECT status || ' ' || code || ' ' || alert || ' ' || village || ' '
      || json_extract(details, '\$.review') FROM reports WHERE id = '$rv'")" = \
      "review DN 1 BAD02 missing" ]
expect "[parser] its message is processed" \
    [ "$(sql "SELECT status FROM inbox WHERE sender LIKE '%84912000302'")" = processed ]
expect "[parser] the officers get an SMS about it" \
    grep -q "#$rv tu +84912000302 thon BAD02" "$WORK/officer.txt"
grep -F "#$rv " "$WORK/officer.txt" > "$WORK/officer-review.txt"
expect "[parser] without the message's text" \
    sh -c "[ -n '$rv' ] && [ -s '$WORK/officer-review.txt' ] && ! grep -q 'G 7' '$WORK/officer-review.txt'"
python3 "$SRC/tests/integration/mailcheck.py" text "$MAILDIR" "#$rv" > "$WORK/review-mail.txt"
expect "[parser] and an e-mail with the text" \
    sh -c "grep -q '^Subject: \[CẦN XEM\] #$rv ' '$WORK/review-mail.txt' &&
      grep -qF 'Tin nhắn: DN G 7' '$WORK/review-mail.txt' &&
      grep -qF '+84912000302' '$WORK/review-mail.txt' &&
      grep -qF 'Lý do: thiếu thông tin' '$WORK/review-mail.txt'"
sent_to +84912000302 > "$WORK/r2.txt"
expect "[parser] the reporter is told an officer will call" \
    sh -c "[ \$(wc -l < '$WORK/r2.txt') = 1 ] && grep -q 'Da nhan #$rv\. Can bo xa se goi lai' '$WORK/r2.txt'"
expect "[parser] 'XH' alone is kept for review" \
    [ "$(sql "SELECT r.status || ' ' || r.code FROM reports r JOIN inbox i ON
      i.id = r.inbox_id WHERE i.sender LIKE '%84912000103'")" = "review XH" ]
# in words: a report or a review, whichever the grammar makes of it, but
# the officers hear of it at once
w=$(report_of +84912000201)
expect "[parser] a drowning told in words reaches the officers (report or review)" \
    sh -c "[ -n '$w' ] && grep -Eq '^(KHAN CAP #$w:|Tin can xem #$w )' '$WORK/officer.txt'"
expect "every SMS sent is one GSM-7 SMS" python3 -c '
import json, sys
for m in json.load(sys.stdin):
    t = m["text"]
    assert len(t) <= 160 and all(32 <= ord(c) < 127 and c not in "[]{}~^|\\`" for c in t), t' \
    < <(fake_get /_control/sent)

# SUA on the review's number makes it a report, which alerts
fake_post /_control/inbox "{\"messages\": [
 {\"from\": \"+84912000302\", \"text\": \"SUA $rv DN G 7 C\"}]}"
run_idle
new=$(sql "SELECT coalesce(max(id), 0) FROM reports WHERE phone LIKE '%84912000302'")
expect "[parser] SUA on a review: a DN report" \
    [ "$(sql "SELECT status || ' ' || code || ' ' || alert FROM reports WHERE id = $new AND id != '$rv'")" = "active DN 1" ]
expect "[parser] the review is superseded by it" \
    [ "$(sql "SELECT status || ' ' || superseded_by FROM reports WHERE id = '$rv'")" = "superseded $new" ]
{ sent_to "$OFFICER"; sent_to "$OFFICER_BAD"; } > "$WORK/officer.txt"
expect "[parser] the officers are alerted with what it is" \
    grep -q "^KHAN CAP #$new: DN" "$WORK/officer.txt"
sent_to +84912000302 | tail -1 > "$WORK/r3.txt"
expect "[parser] the reporter gets the correction's reply" \
    sh -c "[ -n '$rv' ] && grep -qF 'Da sua #$rv thanh #$new' '$WORK/r3.txt'"

# ---- 2b: a review planted in the store: its e-mail, with any grammar ----

T=$(sql "SELECT max(received_at) FROM inbox")
# "chu be chet " ESC [2J BEL CSI(U+009B)
sql "INSERT INTO inbox (provider, provider_id, sender, text, digest, received_at,
    stored_at, status) VALUES ('generic', 'planted-1', '+84912000303',
    CAST(X'6368752062652063686574201b5b324a07c29b' AS BLOB), 0, $T, $T, 'processed')"
pin=$(sql "SELECT id FROM inbox WHERE provider_id = 'planted-1'")
sql "INSERT INTO reports (inbox_id, phone, village, commune, kind, code,
    fingerprint, details, alert, status, received_at, created_at, updated_at)
    VALUES ($pin, '+84912000303', 'BAD03', 'BAD', 'incident', '?',
    'review:$pin', '{\"review\":\"death\"}', 1, 'review', $T, $T, $T)"
pr=$(sql "SELECT id FROM reports WHERE inbox_id = $pin")
sql "INSERT INTO inbox (provider, provider_id, sender, text, digest, received_at,
    stored_at, status) VALUES ('generic', 'planted-2', '+84912000303', NULL, 0,
    $T, $T, 'processed')"
pin2=$(sql "SELECT id FROM inbox WHERE provider_id = 'planted-2'")
sql "INSERT INTO reports (inbox_id, phone, village, commune, kind, code,
    fingerprint, details, alert, status, received_at, created_at, updated_at)
    VALUES ($pin2, '+84912000303', 'BAD03', 'BAD', 'incident', 'XH',
    'review:$pin2', '{\"review\":\"code\"}', 1, 'review', $T, $T, $T)"
pr2=$(sql "SELECT id FROM reports WHERE inbox_id = $pin2")
sql "INSERT INTO mail (kind, report_id, message_id, next_attempt_at, created_at)
    VALUES ('review', $pr, '<review-$pr@example>', 0, $T),
           ('review', $pr2, '<review-$pr2@example>', 0, $T)"
before=$(mails)
run_idle
expect "the planted reviews' e-mails went out" [ "$(mails)" = $((before + 2)) ]
python3 "$SRC/tests/integration/mailcheck.py" text "$MAILDIR" "#$pr " > "$WORK/p1.txt"
python3 "$SRC/tests/integration/mailcheck.py" text "$MAILDIR" "#$pr2 " > "$WORK/p2.txt"
expect "review e-mail: its subject" \
    grep -q "^Subject: \[CẦN XEM\] #$pr tin có thể khẩn cấp – thôn " "$WORK/p1.txt"
expect "review e-mail: the reason in words" contains "$WORK/p1.txt" "Lý do: có từ chỉ tử vong"
expect "review e-mail: the text, its escapes shown, not run" \
    contains "$WORK/p1.txt" 'Tin nhắn: chu be chet \x1b[2J\x07\u009b'
expect "review e-mail: no raw control byte" \
    python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); sys.exit(any(b < 32 and b not in (9, 10) for b in d) or b"\xc2\x9b" in d)' "$WORK/p1.txt"
expect "review e-mail: the reporter and the village" \
    sh -c "grep -qF '+84912000303' '$WORK/p1.txt' && grep -qF '(BAD03)' '$WORK/p1.txt'"
expect "review e-mail of a purged text says so" \
    contains "$WORK/p2.txt" "Tin nhắn: (đã xóa theo thời hạn lưu trữ)"
expect "review e-mail of a code names it" contains "$WORK/p2.txt" "XH"

# ---- 3: status and export ---------------------------------------------------

reviews=$(sql "SELECT count(*) FROM reports WHERE status = 'review'")
"$R" status -f "$WORK/reportgw.conf" > "$WORK/status.txt" 2>/dev/null
expect "status counts the reviews ($reviews)" \
    grep -q "^reviews:  $reviews in all" "$WORK/status.txt"
expect "status: today's reviews" \
    grep -Eq "^today: .*, [0-9]+ reviews$" "$WORK/status.txt"
"$R" export -f "$WORK/reportgw.conf" --what reports > "$WORK/r.json" 2>/dev/null
expect "export: every review, with its status and reason" \
    [ "$(python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print(sum(1 for r in rows if r["status"] == "review" and r.get("review")))' "$WORK/r.json")" = "$reviews" ]
"$R" export -f "$WORK/reportgw.conf" --what reports --format csv > "$WORK/r.csv" 2>/dev/null
expect "export CSV: review and implausible columns, the planted review in it" \
    python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8-sig")))
assert "implausible" in rows[0] and "review" in rows[0]
assert any(r["ref"] == sys.argv[2] and r["status"] == "review" and r["review"] == "death" for r in rows)' \
    "$WORK/r.csv" "$pr"
expect "schema: a message may have several reports" \
    [ "$(sql "SELECT \"unique\" FROM pragma_index_list('reports') WHERE name = 'reports_inbox'")" = 0 ]
expect "the logs never carry a message's text" \
    sh -c "! grep -Eq 'DN G 7|Chau be|chu be' '$WORK/daemon.log'"

[ -n "${KEEP_WORK:-}" ] && cp -r "$WORK" "$KEEP_WORK"

# ---- 4: kill -9 during batches of several reports and reviews -------------

kill $FAKE_PID; wait $FAKE_PID 2>/dev/null
rm -f "$WORK"/reportgw.db*
CYCLES=${KILL_CYCLES:-20}
GEN='{"generate": 600, "seed": 11, "at": 1795800000, "step": 97,
 "senders": ["+84912000101", "+84912000102", "+84912000103", "+84912000201",
   "+84912000202", "+84912000301", "+84905000222", "+84988000001"],
 "texts": ["BL G 9; DN T 7 C", "MN 42 40\nTC 5 4", "XH G 13 CA; BL T 5",
   "DN G 7", "XH", "BL G 9", "KO", "DN T 7 C. XH G 12", "HUY 3", "alo",
   "BL G 9 BAD02; DN T 7 C", "SUA 4 DN G 7 C", "TC 5 4; MN 40 42; KS 6 5"]}'
make_config
start_fake --batch 25
provider_config generic
fake_post /_control/inbox "$GEN"
run_idle
mkdir "$WORK/ref"
mv "$WORK"/reportgw.db* "$WORK/ref/"
kill $FAKE_PID; wait $FAKE_PID 2>/dev/null

start_fake --batch 25
provider_config generic
fake_post /_control/inbox "$GEN"
kills=0
for i in $(seq "$CYCLES"); do
	"$R" run -d -f "$WORK/reportgw.conf" >> "$WORK/daemon.log" 2>&1 &
	pid=$!
	sleep "$(python3 -c "import random; print(random.uniform(0.02, 0.4))")"
	if kill -9 $pid 2>/dev/null; then kills=$((kills + 1)); fi
	wait $pid 2>/dev/null
done
echo "# $kills kills"
run_idle
expect "daemon finishes after $kills kills" [ $? -eq 0 ]
expect "integrity_check ok" [ "$(sql 'PRAGMA integrity_check')" = ok ]
expect "600 messages, each once, all judged" \
    [ "$(sql "SELECT count(*), count(DISTINCT provider_id), sum(status = 'received') FROM inbox")" = "600|600|0" ]
q="SELECT i.provider_id, i.status, coalesce(i.error, ''), coalesce(r.id, ''),
   coalesce(r.code, ''), coalesce(r.details, ''), coalesce(r.status, ''),
   coalesce(r.village, '') FROM inbox i LEFT JOIN reports r ON r.inbox_id = i.id
   ORDER BY i.provider_id, r.id"
sqlite3 "$WORK/ref/reportgw.db" "$q" > "$WORK/ref.txt"
sql "$q" > "$WORK/got.txt"
expect "same judgements and reports as without kills" cmp -s "$WORK/ref.txt" "$WORK/got.txt"
diff "$WORK/ref.txt" "$WORK/got.txt" | head -5 | sed 's/^/# /'
expect "reports not doubled" [ "$(sql 'SELECT count(*) FROM reports')" = \
    "$(sqlite3 "$WORK/ref/reportgw.db" 'SELECT count(*) FROM reports')" ]
q2="SELECT recipient, text, purpose FROM outbox ORDER BY id"
expect "same replies and officer SMS queued" \
    [ "$(sqlite3 "$WORK/ref/reportgw.db" "$q2" | md5sum)" = "$(sql "$q2" | md5sum)" ]
expect "one reply per message of a reporter at most" \
    [ "$(sql "SELECT count(*) FROM (SELECT inbox_id FROM outbox WHERE purpose = 'reply'
      GROUP BY inbox_id HAVING count(*) > 1)")" = 0 ]
expect "[parser] the batches held messages of several reports" \
    [ "$(sql "SELECT count(*) FROM (SELECT inbox_id FROM reports GROUP BY inbox_id
      HAVING count(*) > 1)")" -gt 0 ]
expect "[parser] and reviews" \
    [ "$(sql "SELECT count(*) FROM reports WHERE status IN ('review', 'superseded')
      AND fingerprint LIKE 'review:%'")" -gt 0 ]
finish
