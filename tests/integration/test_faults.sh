# Provider faults: each leaves the daemon alive, the cursor unmoved and
# nothing half-stored while it lasts, and the inbox drained once the
# provider recovers.  No busy loop while the provider is down.  Also:
# SIGHUP with a broken config, SIGTERM, and a second daemon refused.
. "$(dirname "$0")/lib.sh"

make_config
start_fake --batch 10
provider_config africastalking
batch() {	# batch N OFFSET: N messages from registered reporters
	python3 -c '
import json, sys
n, off = int(sys.argv[1]), int(sys.argv[2])
print(json.dumps({"messages": [{"from": "+849120001%02d" % (1 + i % 6),
    "text": "MN %d %d" % (50 + off + i, 40)} for i in range(n)]}))' "$1" "$2"
}
fake_post /_control/inbox "$(batch 20 0)"
run_idle
expect "baseline stored" [ "$(sql 'SELECT count(*) FROM inbox')" = 20 ]

total=20
kept=0	# malformed records kept as rejected (the "types" fault has one)
for fault in 500 429 hang drip truncated badjson types huge drop; do
	fake_post /_control/inbox "$(batch 15 $total)"
	total=$((total + 15))
	fake_post /_control/fault "{\"kind\": \"$fault\", \"count\": 2, \"seconds\": 8, \"retry_after\": 1}"
	"$REPORTGW" run -d -f "$WORK/reportgw.conf" >> "$WORK/daemon.log" 2>&1 &
	pid=$!
	# while the faults are served the cursor stays and nothing is stored
	for _ in $(seq 100); do
		left=$(fake_get /_control/stats | python3 -c 'import json,sys; print(json.load(sys.stdin)["faults_left"])')
		[ "$left" = 0 ] && break
		sleep 0.1
	done
	expect "$fault: cursor unmoved during the fault" \
	    [ "$(sql "SELECT value FROM cursors")" = $((total - 15)) ]
	# a record that is not a message is kept, rejected, once; a body
	# that is no inbox at all stores nothing
	[ "$fault" = types ] && kept=1
	expect "$fault: no message stored during the fault" \
	    [ "$(sql "SELECT count(*) FROM inbox")" = $((total - 15 + kept)) ]
	# then it recovers by itself (back-off 1 s, 2 s, ...)
	for _ in $(seq 300); do
		[ "$(sql "SELECT count(*) FROM inbox WHERE status != 'received'")" = $((total + kept)) ] && break
		sleep 0.1
	done
	expect "$fault: daemon alive" kill -0 $pid
	expect "$fault: inbox drained after recovery" \
	    [ "$(sql "SELECT count(*) FROM inbox WHERE status != 'received'")" = $((total + kept)) ]
	expect "$fault: nothing twice" \
	    [ "$(sql 'SELECT count(DISTINCT provider_id) FROM inbox')" = $((total + kept)) ]
	kill -TERM $pid
	wait $pid
	expect "$fault: SIGTERM stops it cleanly" [ $? -eq 0 ]
done
expect "the malformed record kept with its reason" \
    [ "$(sql "SELECT count(*) FROM inbox WHERE status = 'rejected' AND error = 'no usable id' AND raw IS NOT NULL")" = 1 ]
expect "fault lines logged without bodies" lacks "$WORK/daemon.log" "not json at all"

# no busy loop: 10 s of a dead provider cost almost no CPU
fake_post /_control/fault '{"kind": "500", "count": 100000}'
before=$(fake_get /_control/stats | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"])')
"$REPORTGW" run -d -f "$WORK/reportgw.conf" >> "$WORK/daemon.log" 2>&1 &
pid=$!
sleep 10
ticks=$(awk '{print $14 + $15}' /proc/$pid/stat)
hz=$(getconf CLK_TCK)
after=$(fake_get /_control/stats | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"])')
echo "# 10 s with the provider down: $ticks ticks of CPU (of $((10 * hz))), $((after - before)) requests"
if [ -n "${REPORTGW_REAL:-}" ]; then
	# under valgrind (make valgrind) the CPU is valgrind's, not ours
	echo "# under valgrind: the CPU bound is not checked"
else
	expect "CPU while the provider is down < 1 %" [ "$ticks" -lt $((hz / 10 + 1)) ]
fi
# back-off 1, 2, 4 s: requests at about 0, 1, 3 and 7 s
expect "backs off: at most 5 requests in 10 s" [ $((after - before)) -le 5 ]
expect "backs off: but keeps trying" [ $((after - before)) -ge 3 ]

# a second daemon on the same database is refused
"$REPORTGW" run -d -f "$WORK/reportgw.conf" > "$WORK/second.log" 2>&1
expect "second daemon refused" [ $? -ne 0 ]
expect "second daemon says why" contains "$WORK/second.log" "another reportgw is running"

# SIGHUP with a broken config keeps the old one and the daemon
cp "$WORK/reportgw.conf" "$WORK/good.conf"
echo 'colour = "blue";' >> "$WORK/reportgw.conf"
kill -HUP $pid
wait_log() {	# wait_log TEXT: until the daemon log holds it (10 s at most)
	for _ in $(seq 100); do contains "$WORK/daemon.log" "$1" && return 0; sleep 0.1; done
	return 1
}
wait_log "reload refused"
expect "broken reload refused" contains "$WORK/daemon.log" "reload refused: $WORK/reportgw.conf:"
expect "daemon alive after a broken reload" kill -0 $pid
cp "$WORK/good.conf" "$WORK/reportgw.conf"
kill -HUP $pid
wait_log "configuration reloaded"
expect "good reload taken" contains "$WORK/daemon.log" "configuration reloaded"
kill -TERM $pid
wait $pid
rc=$?
expect "SIGTERM exit 0" [ $rc -eq 0 ]
[ $rc -eq 0 ] || tail -30 "$WORK/daemon.log" | sed 's/^/# /'
finish
