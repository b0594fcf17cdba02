# Data care: `reportgw backup` while the daemon ingests (an online copy
# that checks, restores, and from which the daemon catches up with nothing
# lost or doubled); `reportgw purge --raw-older-than` (raw texts gone, also
# from the file's free pages; reports kept).
. "$(dirname "$0")/lib.sh"

make_config
start_fake --batch 50
provider_config africastalking
gen() {
	fake_post /_control/inbox "{\"generate\": $1, \"seed\": $2, \"at\": 1795800000, \"step\": 1,
	  \"senders\": [\"+84912000101\", \"+84912000102\", \"+84912000103\"],
	  \"texts\": [\"BL G 9\", \"KO\", \"TC 5 4\", \"MN 42 40\", \"DN T 7 C\"]}"
}
gen 3000 1
"$REPORTGW" run -d -f "$WORK/reportgw.conf" >> "$WORK/daemon.log" 2>&1 &
pid=$!
cleanup_hooks+=("kill $pid 2>/dev/null")
wait_for 1 30 sh -c "[ \$(sqlite3 $WORK/reportgw.db 'SELECT count(*) FROM inbox' 2>/dev/null || echo 0) -gt 300 ] && echo 1"
"$REPORTGW" backup -f "$WORK/reportgw.conf" "$WORK/backup.db" > "$WORK/backup.out" 2>&1
expect "backup while the daemon ingests: exit 0" [ $? -eq 0 ]
expect "backup says integrity ok" contains "$WORK/backup.out" "integrity ok"
expect "backup file is 0600" [ "$(stat -c %a "$WORK/backup.db")" = 600 ]
expect "no temporary file left" [ ! -e "$WORK/backup.db.tmp" ]
in_backup=$(sqlite3 "$WORK/backup.db" 'SELECT count(*) FROM inbox')
cursor=$(sqlite3 "$WORK/backup.db" 'SELECT value FROM cursors')
expect "backup holds a consistent prefix ($in_backup messages, cursor $cursor)" \
    [ "$in_backup" -gt 0 ] && [ "$cursor" = "$in_backup" ]
expect "backup is not the live file" [ "$in_backup" -le "$(sql 'SELECT count(*) FROM inbox')" ]
wait_for 3000 60 sql "SELECT count(*) FROM inbox WHERE status != 'received'" > /dev/null
kill -TERM $pid; wait $pid

# restore: the backup replaces the database; the daemon fetches again
# everything after the backup's cursor, and nothing twice
cp "$WORK/reportgw.db" "$WORK/live.db"
rm -f "$WORK/reportgw.db" "$WORK/reportgw.db-wal" "$WORK/reportgw.db-shm"
cp "$WORK/backup.db" "$WORK/reportgw.db"
run_idle
expect "restored database catches up: 3000 messages" \
    [ "$(sql 'SELECT count(*) FROM inbox')" = 3000 ]
expect "none twice after the restore" \
    [ "$(sql 'SELECT count(DISTINCT provider_id) FROM inbox')" = 3000 ]
expect "same reports as the database that never stopped" \
    [ "$(sql 'SELECT count(*) FROM reports')" = "$(sqlite3 "$WORK/live.db" 'SELECT count(*) FROM reports')" ]

# purge: a marker text only in old messages
sql "UPDATE inbox SET text = CAST('BL G 9 secretmarkerxyz' AS BLOB), received_at = received_at - 90 * 86400 WHERE id <= 100" 
reports=$(sql 'SELECT count(*) FROM reports')
"$REPORTGW" purge -f "$WORK/reportgw.conf" --raw-older-than 30 > "$WORK/purge.out"
expect "purge exit 0" [ $? -eq 0 ]
expect "purge says how many" contains "$WORK/purge.out" "purged the raw text of 100 messages"
expect "old raw texts gone" [ "$(sql 'SELECT count(*) FROM inbox WHERE text IS NULL')" = 100 ]
expect "recent raw texts kept" [ "$(sql 'SELECT count(*) FROM inbox WHERE text IS NOT NULL')" = 2900 ]
expect "reports kept" [ "$(sql 'SELECT count(*) FROM reports')" = "$reports" ]
expect "purged text not left in the database file" \
    sh -c "! grep -q secretmarkerxyz '$WORK/reportgw.db'"
expect "purged text not left in the WAL" \
    sh -c "! cat '$WORK/reportgw.db-wal' 2>/dev/null | grep -q secretmarkerxyz"
"$REPORTGW" export -f "$WORK/reportgw.conf" --what messages --from 2020-01-01 --to 2030-01-01 > "$WORK/export.json"
expect "export still works after a purge" [ "$(wc -l < "$WORK/export.json")" = 3000 ]
expect "integrity" [ "$(sql 'PRAGMA integrity_check')" = ok ]
"$REPORTGW" purge -f "$WORK/reportgw.conf" --raw-older-than 0 2> "$WORK/purge.err"
expect "purge refuses 0 days with exit 2" [ $? -eq 2 ]
"$REPORTGW" backup -f "$WORK/reportgw.conf" /nonexistent/dir/b.db 2> "$WORK/backup.err"
expect "backup to a bad path: exit 1 and why" [ $? -eq 1 ] && contains "$WORK/backup.err" "/nonexistent/dir"
finish
