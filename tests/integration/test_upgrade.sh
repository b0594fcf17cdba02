# Upgrades: a database written by the previous schema (fixtures/
# schema-v3.sql, 60 messages judged and answered) is migrated in place and
# the daemon goes on from its cursor; the end state equals that of a
# database that ran this version from the start.  A kill -9 during the
# migration leaves the old schema, and the next start migrates.
. "$(dirname "$0")/lib.sh"

make_config
start_fake --batch 25
provider_config africastalking
gen() {
	fake_post /_control/reset '{}'
	fake_post /_control/inbox '{"generate": 80, "seed": 7, "at": 1795800000, "step": 30,
	  "senders": ["+84912000101", "+84912000102", "+84912000201", "+84905000222", "+84988000001"],
	  "texts": ["BL G 9", "KO", "TC 5 4", "MN 42 40", "XH G 13 CA", "alo", "BL G 9", "DN T 7 C", "Bạo lực gái 12 tuổi"]}'
}
# what the tables say, without the wall-clock columns; the texts of the
# replies to the fixture's 60 messages are the old version's wording
# (weeks were "tuan 48/2026"), so only theirs are left out; what the
# clock schedules (Monday's reminders) depends on when the test runs
state() {
	sqlite3 "$1" "SELECT provider_id, sender, status, coalesce(error, ''), coalesce(report_id, '') FROM inbox ORDER BY id;
	  SELECT id, inbox_id, phone, village, code, coalesce(period, ''), fingerprint, details, status, alert FROM reports ORDER BY id;
	  SELECT recipient, CASE WHEN inbox_id <= 60 THEN '(old wording)' ELSE text END, purpose, inbox_id, coalesce(report_id, ''), status FROM outbox WHERE inbox_id IS NOT NULL ORDER BY id;
	  SELECT provider, value FROM cursors"
}

# the reference: this version from the start
gen
run_idle
state "$WORK/reportgw.db" > "$WORK/fresh.state"
expect "reference run: 80 messages judged" \
    [ "$(sql "SELECT count(*) FROM inbox WHERE status != 'received'")" = 80 ]
expect "reference run: the fixture's mix (duplicates, rejects, strangers)" \
    [ "$(sql "SELECT count(DISTINCT status) FROM inbox")" -ge 4 ]
rm -f "$WORK"/reportgw.db*

# the previous schema, as it left the database
(umask 077; sqlite3 "$WORK/reportgw.db" < "$SRC/tests/integration/fixtures/schema-v3.sql")
expect "fixture is schema 3 with 60 messages" \
    [ "$(sql 'PRAGMA user_version')/$(sql 'SELECT count(*) FROM inbox')" = 3/60 ]

# kill -9 in the middle of the migration: it is one transaction.  The
# reindex is stretched by a big inbox table; the kill comes after the log
# line that announces it.
cp "$WORK/reportgw.db" "$WORK/small.db"
sqlite3 "$WORK/reportgw.db" "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 300000)
  INSERT INTO inbox (provider, provider_id, sender, text, digest, received_at, stored_at, status)
  SELECT 'old', n, '+849' || (n % 997), 'x', n % 13, 1700000000 + n, 1700000000 + n, 'processed' FROM c"
"$REPORTGW" run -d -f "$WORK/reportgw.conf" >> "$WORK/kill.log" 2>&1 &
pid=$!
for _ in $(seq 3000); do grep -q "upgrading the schema" "$WORK/kill.log" 2>/dev/null && break; sleep 0.01; done
kill -9 $pid; wait $pid 2>/dev/null
expect "the kill came after the migration began" \
    contains "$WORK/kill.log" "upgrading the schema of $WORK/reportgw.db to version 4"
expect "and before it ended" lacks "$WORK/kill.log" "schema upgraded to version 4"
expect "killed during the migration: still schema 3" [ "$(sql 'PRAGMA user_version')" = 3 ]
expect "killed during the migration: the old index still there" \
    sh -c "sqlite3 '$WORK/reportgw.db' \"SELECT sql FROM sqlite_schema WHERE name = 'inbox_sender'\" | grep -qv 86400"
expect "killed during the migration: integrity ok" [ "$(sql 'PRAGMA integrity_check')" = ok ]
rm -f "$WORK"/reportgw.db*
cp "$WORK/small.db" "$WORK/reportgw.db"

gen
run_idle
latest=$(sql 'PRAGMA user_version')
expect "upgraded past schema 4 (to $latest)" [ "$latest" -ge 5 ]
expect "upgrade logged" contains "$WORK/daemon.log" "schema upgraded to version $latest"
# schema 11: each outbox row has its purpose's priority, the old rows too
old_alerts=$(sql "SELECT count(*) FROM outbox WHERE id <= 60 AND purpose = 'alert' AND priority = 0")
expect "outbox priorities from the purposes ($old_alerts alerts of schema 3 urgent, the rest routine)" \
    [ "$(sql "SELECT count(*) FROM outbox WHERE priority != (purpose != 'alert')"):$((old_alerts > 0))" = 0:1 ]
expect "the claim's index is there" \
    [ "$(sql "SELECT count(*) FROM sqlite_schema WHERE name = 'outbox_claim'")" = 1 ]
for ix in inbox_sender reports_dup outbox_recipient; do
	expect "index $ix leads with the day" \
	    sh -c "sqlite3 '$WORK/reportgw.db' \"SELECT sql FROM sqlite_schema WHERE name = '$ix'\" | grep -q '(received_at / 86400\|(basis_at / 86400'"
done
expect "integrity ok after the upgrade" [ "$(sql 'PRAGMA integrity_check')" = ok ]
expect "upgraded database went on from its cursor: 80 messages, none twice" \
    [ "$(sql 'SELECT count(*), count(DISTINCT provider_id) FROM inbox')" = "80|80" ]
state "$WORK/reportgw.db" > "$WORK/upgraded.state"
expect "upgraded end state equals the reference (inbox, reports, replies, cursor)" \
    cmp -s "$WORK/fresh.state" "$WORK/upgraded.state"
[ $TESTS_FAILED = 0 ] || diff "$WORK/fresh.state" "$WORK/upgraded.state" | head -20
# the state above is only a proof if later decisions hang on older rows:
# replies per hour and strangers per day counted across the upgrade
held=$(sql "SELECT count(*) FROM inbox i WHERE id > 60 AND status IN ('processed', 'unauthorised') AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.inbox_id = i.id)")
expect "rate limits counted the replies from before the upgrade ($held held back)" \
    [ "$held" -gt 0 ]
finish
