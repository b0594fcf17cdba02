# Hostile provider answers and data care (the attack run's items 1-4):
# one malformed record never blocks or loses the batch, on every polling
# driver; a destructive provider's answer survives a crash between fetch
# and commit; long ids are stored whole or refused, never cut; an absurd
# id does not freeze the cursor; a backup never lands on the live
# database; purge leaves no note and no confirmable digest in the bytes.
. "$(dirname "$0")/lib.sh"

# 10 messages: 4 drownings, one record with a NUL in its text, one with
# a null sender, one with a lone surrogate (invalid for JSON decoders)
BATCH='{"messages": [
 {"from": "+84912000101", "text": "DN G 7 C"},
 {"from": "+84912000102", "text": "DN T 5 C"},
 {"from": "+84912000103", "text": "BL\u0000 G 9"},
 {"from": "+84912000104", "text": "DN G 3 S"},
 {"from": "+84912000105", "text": "KO", "override": {"from": null}},
 {"from": "+84912000201", "text": "DN T 9 C"},
 {"from": "+84912000202", "text": "MN 42 40"},
 {"from": "+84912000203", "text": "KO"},
 {"from": "+84912000204", "text": "BL G 9 \udcff"},
 {"from": "+84912000301", "text": "KO"}
]}'
LATER='{"messages": [
 {"from": "+84912000101", "text": "BL T 8"},
 {"from": "+84912000102", "text": "KO"}
]}'

for type in africastalking twilio infobip generic; do
	make_config
	start_fake --batch 25
	provider_config $type
	fake_post /_control/inbox "$BATCH"
	run_idle
	expect "$type: all 10 records stored" \
	    [ "$(sql 'SELECT count(*) FROM inbox')" = 10 ]
	expect "$type: 4 drownings reported" \
	    [ "$(sql "SELECT count(*) FROM reports WHERE code = 'DN'")" = 4 ]
	expect "$type: 2 records kept as rejected with their raw JSON" \
	    [ "$(sql "SELECT count(*) FROM inbox WHERE status = 'rejected' AND raw IS NOT NULL AND text IS NULL")" = 2 ]
	expect "$type: NUL named as the reason" \
	    [ "$(sql "SELECT count(*) FROM inbox WHERE error = 'text holds a NUL character'")" = 1 ]
	expect "$type: a null sender named as the reason" \
	    [ "$(sql "SELECT count(*) FROM inbox WHERE error = 'no sender'")" = 1 ]
	expect "$type: the lone surrogate became U+FFFD, the report was judged" \
	    [ "$(sql "SELECT count(*) FROM inbox WHERE hex(text) LIKE '%EFBFBD%' AND status = 'processed'")" = 1 ]
	expect "$type: stored text is valid UTF-8 (no cut or bad bytes)" \
	    python3 -c '
import sqlite3, sys
for (t,) in sqlite3.connect(sys.argv[1]).execute(
        "SELECT text FROM inbox WHERE text IS NOT NULL"):
    bytes(t).decode("utf-8")' "$WORK/reportgw.db"
	# the cursor moved past both: later messages arrive
	fake_post /_control/inbox "$LATER"
	run_idle
	expect "$type: later messages stored once, nothing doubled" \
	    [ "$(sql 'SELECT count(*) || "/" || count(DISTINCT provider_id) FROM inbox')" = "12/12" ]
	kill "$FAKE_PID" 2>/dev/null
	wait "$FAKE_PID" 2>/dev/null
	rm -rf "$WORK"/reportgw.db*
done

# ---- Infobip hands each message out once: a crash between its answer and
# the commit must lose nothing.  Another process holds the write lock, so
# the daemon fetches but cannot store; it is killed -9 there.
make_config
start_fake --batch 25
provider_config infobip
"$REPORTGW" run -d -f "$WORK/reportgw.conf" >> "$WORK/daemon.log" 2>&1 &
DPID=$!
wait_for 1 10 sqlite3 "$WORK/reportgw.db" "SELECT count(*) FROM meta WHERE key = 'last_poll_ok'" 2>/dev/null
python3 - "$WORK/reportgw.db" "$WORK/locked" <<'PY' &
import sqlite3, sys, time, os
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
while os.path.exists(sys.argv[2]):
    time.sleep(0.05)
db.execute("ROLLBACK")
PY
LOCKER=$!
wait_for 1 10 bash -c "[ -f '$WORK/locked' ] && echo 1"
fake_post /_control/inbox "$BATCH"
wait_for 10 20 bash -c "curl -s $FAKE/_control/stats | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"infobip_handed\"])'"
expect "infobip: the answer is on disk before it is stored" \
    wait_for 1 15 bash -c "ls '$WORK'/reportgw.db.spool/*.json 2>/dev/null | wc -l"
kill -9 $DPID
wait $DPID 2>/dev/null
rm -f "$WORK/locked"
wait $LOCKER
expect "infobip: nothing stored before the restart" \
    [ "$(sql 'SELECT count(*) FROM inbox')" = 0 ]
run_idle
expect "infobip: the kept answer stored after the crash: 10 records" \
    [ "$(sql 'SELECT count(*) FROM inbox')" = 10 ]
expect "infobip: the 4 drownings reached the pipeline" \
    [ "$(sql "SELECT count(*) FROM reports WHERE code = 'DN'")" = 4 ]
expect "infobip: the spool is empty again" \
    [ "$(ls "$WORK"/reportgw.db.spool | wc -l)" = 0 ]
expect "infobip: spool folder is 0700" \
    [ "$(stat -c %a "$WORK/reportgw.db.spool")" = 700 ]
run_idle
expect "infobip: a second replay doubles nothing" \
    [ "$(sql 'SELECT count(*) FROM inbox')" = 10 ]
kill "$FAKE_PID" 2>/dev/null
wait "$FAKE_PID" 2>/dev/null
rm -rf "$WORK"/reportgw.db*

# ---- ids: stored whole up to 255 bytes, refused (never cut) beyond
make_config
start_fake --batch 25
provider_config generic
A=$(printf 'a%.0s' $(seq 127))
IDS="{\"messages\": [
 {\"from\": \"+84912000101\", \"text\": \"KO\", \"override\": {\"id\": \"${A}$(printf 'x%.0s' $(seq 73))\"}},
 {\"from\": \"+84912000102\", \"text\": \"KO\", \"override\": {\"id\": \"${A}$(printf 'y%.0s' $(seq 73))\"}},
 {\"from\": \"+84912000103\", \"text\": \"KO\", \"override\": {\"id\": \"$(printf 'z%.0s' $(seq 300))\"}}
]}"
fake_post /_control/inbox "$IDS"
run_idle
expect "ids: two 200-byte ids sharing 127 bytes are two messages" \
    [ "$(sql "SELECT count(*) FROM inbox WHERE length(provider_id) = 200 AND status = 'processed'")" = 2 ]
expect "ids: a 300-byte id is refused with its reason" \
    [ "$(sql "SELECT count(*) FROM inbox WHERE error = 'id longer than 255 bytes' AND provider_id LIKE 'bad:%'")" = 1 ]
expect "ids: nothing was cut" \
    [ "$(sql "SELECT count(*) FROM inbox WHERE length(provider_id) = 127")" = 0 ]
kill "$FAKE_PID" 2>/dev/null
wait "$FAKE_PID" 2>/dev/null
rm -rf "$WORK"/reportgw.db*

# ---- an id of 2^63-1 must not freeze Africa's Talking's cursor
make_config
start_fake --batch 25
provider_config africastalking
fake_post /_control/inbox '{"messages": [
 {"from": "+84912000101", "text": "KO"},
 {"from": "+84912000102", "text": "KO", "override": {"id": 9223372036854775807}},
 {"from": "+84912000103", "text": "KO"}]}'
run_idle
fake_post /_control/inbox "$LATER"
run_idle
expect "at: id 2^63-1 kept as rejected, the cursor did not jump" \
    [ "$(sql "SELECT value FROM cursors")" = 5 ]
expect "at: the messages after it still arrive" \
    [ "$(sql "SELECT count(*) FROM inbox WHERE status != 'rejected'")" = 4 ]
expect "at: the 2^63-1 record refused with a reason" \
    [ "$(sql "SELECT error FROM inbox WHERE status = 'rejected'")" = "id out of range" ]

# ---- backup never over the live database
for dest in "$WORK/reportgw.db" "$WORK/reportgw.db-wal" "$WORK/reportgw.db-shm" \
    "$WORK/link.db" "$WORK/sym.db" "$WORK/./reportgw.db"; do
	[ "$dest" = "$WORK/link.db" ] && ln "$WORK/reportgw.db" "$WORK/link.db"
	[ "$dest" = "$WORK/sym.db" ] && ln -s "$WORK/reportgw.db" "$WORK/sym.db"
	ino=$(stat -c %i "$WORK/reportgw.db")
	"$REPORTGW" backup -f "$WORK/reportgw.conf" "$dest" > "$WORK/bk.out" 2>&1
	rc=$?
	expect "backup to $(basename "$dest") refused" [ $rc -ne 0 ]
	expect "backup to $(basename "$dest") says why" \
	    grep -qE "live database|symbolic link" "$WORK/bk.out"
	expect "backup to $(basename "$dest") left the database file alone" \
	    [ "$(stat -c %i "$WORK/reportgw.db")" = "$ino" ]
done
"$REPORTGW" backup -f "$WORK/reportgw.conf" "$WORK/copy.db" > "$WORK/bk.out" 2>&1
expect "backup to another file works" [ $? -eq 0 ]
kill "$FAKE_PID" 2>/dev/null
wait "$FAKE_PID" 2>/dev/null
rm -rf "$WORK"/reportgw.db* "$WORK"/*.db

# ---- purge: the note (a child's name) and the text gone from the bytes
make_config
start_fake --batch 25
provider_config africastalking
old=$(( $(date +%s) - 3 * 86400 ))
fake_post /_control/inbox "{\"messages\": [
 {\"from\": \"+84912000101\", \"text\": \"BL G 9 chau ten Hplantname\", \"at\": $old},
 {\"from\": \"+84912000102\", \"text\": \"BL T 5 Hplantname2\", \"at\": $old},
 {\"from\": \"+84912000103\", \"text\": \"KO\"}]}"
run_idle
expect "purge: the note was stored" \
    [ "$(sql "SELECT count(*) FROM reports WHERE details LIKE '%Hplantname%'")" = 2 ]
key_before=$(sql "SELECT value FROM meta WHERE key = 'inbox_key'")
"$REPORTGW" purge -f "$WORK/reportgw.conf" --raw-older-than 1 > "$WORK/purge.out" 2>&1
expect "purge: says how many notes" contains "$WORK/purge.out" "the notes of 2 reports"
expect "purge: no note left in the database" \
    [ "$(sql "SELECT count(*) FROM reports WHERE details LIKE '%note%'")" = 0 ]
expect "purge: the reports themselves kept" \
    [ "$(sql "SELECT count(*) FROM reports WHERE code = 'BL'")" = 2 ]
expect "purge: purged rows keep no digest" \
    [ "$(sql "SELECT count(*) FROM inbox WHERE text IS NULL AND digest != 0")" = 0 ]
expect "purge: the digest key was replaced" \
    [ "$(sql "SELECT value FROM meta WHERE key = 'inbox_key'")" != "$key_before" ]
expect "purge: the recent message keeps its text" \
    [ "$(sql "SELECT count(*) FROM inbox WHERE text IS NOT NULL")" = 1 ]
hits=$(cat "$WORK"/reportgw.db "$WORK"/reportgw.db-wal 2>/dev/null | grep -ac -i hplantname)
expect "purge: the planted name is in no byte of the database or WAL" [ "$hits" = 0 ]
hits=$(cat "$WORK"/reportgw.db "$WORK"/reportgw.db-wal 2>/dev/null | grep -ac "$key_before")
expect "purge: the old key is in no byte of the database or WAL" [ "$hits" = 0 ]
finish
