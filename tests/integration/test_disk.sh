# The database on a full filesystem (a 1 MB tmpfs): the daemon keeps
# running, stores no batch half-way, never moves the cursor past what is
# stored, and catches up once space returns (the tmpfs is grown).
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ]; then
	echo "# full-disk test needs root (mount -t tmpfs): skipped"
	finish
fi
make_config
MNT="$WORK/small"
mkdir -p "$MNT"
if ! mount -t tmpfs -o size=1m,mode=0700 tmpfs "$MNT"; then
	not_ok "mount a small tmpfs" "mount -t tmpfs refused"
	finish
fi
cleanup_hooks+=("umount -l '$MNT'")
sql() { sqlite3 "$MNT/reportgw.db" "$1"; }
start_fake --batch 20
provider_config africastalking
sed -i -e "s|^database = .*|database = \"$MNT/reportgw.db\";|" \
    -e '/^http = {/,/^};/d' "$WORK/reportgw.conf"
# 4,000 messages of 150 bytes: far more than 1 MB once stored and judged
fake_post /_control/inbox "{\"generate\": 4000, \"seed\": 3, \"at\": 1795800000, \"step\": 1,
  \"senders\": [\"+84912000101\", \"+84912000102\", \"+84912000103\"],
  \"texts\": [\"TC 5 4 $(printf 'ghi chu %.0s' $(seq 16))\", \"MN 42 40 $(printf 'so lieu %.0s' $(seq 16))\"]}"
"$REPORTGW" run -d -f "$WORK/reportgw.conf" >> "$WORK/daemon.log" 2>&1 &
pid=$!
cleanup_hooks+=("kill $pid 2>/dev/null")
expect "the disk fills up" \
    wait_for 1 60 sh -c "grep -q -i 'full' '$WORK/daemon.log' && echo 1"
sleep 2
n=$(sql "SELECT count(*) FROM inbox")
cursor=$(sql "SELECT value FROM cursors")
expect "daemon alive on a full disk ($n of 4000 stored)" kill -0 $pid
expect "cursor ($cursor) is exactly what is stored" [ "$cursor" = "$n" ]
expect "no batch stored half-way (batches of 20)" [ $((n % 20)) = 0 ]
expect "nothing judged half-way (every stored report has its message finished)" \
    [ "$(sql "SELECT count(*) FROM reports r JOIN inbox i ON i.id = r.inbox_id WHERE i.status = 'received'")" = 0 ]
expect "integrity on a full disk" [ "$(sql 'PRAGMA integrity_check')" = ok ]
mount -o remount,size=64m "$MNT"
expect "catches up once space returns" \
    wait_for 4000 120 sql "SELECT count(*) FROM inbox WHERE status != 'received'"
expect "cursor at the end" [ "$(sql "SELECT value FROM cursors")" = 4000 ]
expect "none twice" [ "$(sql 'SELECT count(DISTINCT provider_id) FROM inbox')" = 4000 ]
expect "integrity after" [ "$(sql 'PRAGMA integrity_check')" = ok ]
kill -TERM $pid; wait $pid
expect "clean stop" [ $? -eq 0 ]
finish
