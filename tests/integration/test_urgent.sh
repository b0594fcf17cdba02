# Urgent first, several sends in flight, the rate: the officer's alert SMS
# leaves before the replies queued ahead of it (in a backlog and while a
# queue drains); with provider.max_in_flight = 4 and kill -9 during the
# sends no row is lost, each is sent at most twice and the rows sent twice
# were in flight at a kill (at most 4 a kill, marked unknown); bulk
# requests (Africa's Talking's one text to several numbers, Infobip's
# messages[]) answer each SMS on its own; and provider.max_per_second
# holds over any second, bulk requests included.
. "$(dirname "$0")/lib.sh"

OFFICER=84905000111	# alerts.sms of the demo config

# the fake provider (with ARGS) and the config for a driver with these
# provider keys, without reply limits in the way of a long queue from the
# 22 village reporters
urgent_config() {	# urgent_config TYPE KEYS [ARGS...]
	local type=$1 keys=$2
	shift 2
	rm -rf "$WORK"/reportgw.db*	# the spool of Infobip's answers too
	make_config
	start_fake "$@"
	provider_config "$type"
	sed -i -e "s|  timeout = 3;|  timeout = 5; $keys|" \
	    -e 's|replies_per_hour = 10;|replies_per_hour = 1000;|' \
	    -e 's|identical_per_hour = 2;|identical_per_hour = 100;|' \
	    "$WORK/reportgw.conf"
}

# messages N [ALERT_AT]: N reports of monthly figures from the village
# reporters, each text different (so each reply is too); the ALERT_AT-th
# is a sexual-abuse report instead
messages() {
	python3 -c '
import json, sys
n, at = int(sys.argv[1]), int(sys.argv[2])
rep = ["+849120001%02d" % i for i in range(1, 7)] + \
      ["+849120002%02d" % i for i in range(1, 7)] + \
      ["+849120003%02d" % i for i in range(1, 6)] + \
      ["+849120004%02d" % i for i in range(1, 6)]
msgs = [{"from": rep[i % len(rep)], "text": "%s %d %d" % (["MN", "TC", "KS"][i % 3],
         10 + i // 3 % 80, 5 + i % 7)} for i in range(n)]
if at > 0:
    msgs[at - 1] = {"from": rep[(at - 1) % len(rep)], "text": "XH G 13 CA"}
print(json.dumps({"messages": msgs}))' "$1" "${2:-0}"
}

stat() { fake_get /_control/stats | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

# ---- a backlog at the provider, the alert in the middle -------------------
urgent_config africastalking "max_in_flight = 4;" --batch 25 --send-latency 50
fake_post /_control/inbox "$(messages 200 100)"
run_idle
expect "backlog: daemon exits 0 when idle" [ $? -eq 0 ]
fake_get /_control/sent > "$WORK/sent.json"
expect "backlog: 200 replies and the officer's SMS sent" \
    [ "$(sql "SELECT count(*) FROM outbox WHERE status = 'sent'")/$(stat sends)" = 201/201 ]
expect "backlog: the officer's SMS is the first to leave, before 199 replies queued ahead" \
    [ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["to"].lstrip("+"))' "$WORK/sent.json")" = $OFFICER ]
expect "backlog: it left within 2 s of its storing" \
    [ "$(sql "SELECT count(*) FROM outbox o JOIN inbox i ON i.id = o.inbox_id
         WHERE o.purpose = 'alert' AND o.sent_at <= i.stored_at + 2")" = 1 ]
expect "backlog: 4 send requests answered at once at most, and 4 reached" \
    [ "$(stat send_requests_at_once_max)" = 4 ]
kill $FAKE_PID; wait $FAKE_PID 2>/dev/null

# ---- an alert while a queue of replies drains ------------------------------
urgent_config africastalking "max_in_flight = 2;" --batch 25 --send-latency 100
fake_post /_control/inbox "$(messages 150)"
"$REPORTGW" run -d -f "$WORK/reportgw.conf" >> "$WORK/daemon.log" 2>&1 &
pid=$!
cleanup_hooks+=("kill $pid 2>/dev/null")
wait_for 1 30 sh -c "[ \$(curl -sf $FAKE/_control/stats | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"sends\"])') -ge 20 ] && echo 1"
fake_post /_control/inbox '{"messages": [{"from": "+84912000105", "text": "XH G 13 CA"}]}'
# 151 replies (the alert's reporter gets one too) and the officer's SMS
wait_for 1 60 sh -c "[ \$(curl -sf $FAKE/_control/stats | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"sends\"])') -ge 152 ] && echo 1"
kill -TERM $pid; wait $pid
expect "draining: every reply and the alert sent, once each" \
    [ "$(stat sends)/$(sql "SELECT count(*) FROM outbox WHERE status = 'sent'")" = 152/152 ]
fake_get /_control/sent > "$WORK/sent.json"
fake_get /_control/inbox > "$WORK/inbox.json"
check=$(python3 - "$WORK/sent.json" "$WORK/inbox.json" $OFFICER <<'PY'
import json, sys
sent, inbox = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
alert = [m for m in inbox if m["text"] == "XH G 13 CA"][0]
k = [i for i, s in enumerate(sent) if s["to"].lstrip("+") == sys.argv[3]][0]
# replies queued before the alert was fetched that left after it
after = sum(1 for s in sent[k + 1:])
print("%d %.2f" % (after, sent[k]["time"] - alert["served"]))
PY
)
after=${check% *}
secs=${check#* }
expect "draining: the alert overtook the queue ($after replies queued before it left after it)" \
    [ "$after" -ge 20 ]
expect "draining: the alert SMS left ${secs} s after its fetch (under 2 s)" \
    python3 -c "import sys; sys.exit(not float('$secs') < 2)"
kill $FAKE_PID; wait $FAKE_PID 2>/dev/null

# ---- kill -9 with 4 requests in flight ----------------------------------------
urgent_config generic "max_in_flight = 4;" --batch 25 --send-latency 150
fake_post /_control/inbox "$(messages 300)"
kills=0
for i in $(seq 8); do
	"$REPORTGW" run -d -f "$WORK/reportgw.conf" >> "$WORK/daemon.log" 2>&1 &
	pid=$!
	# once it is sending, a kill at a random moment of the next second
	wait_for 1 30 sh -c "[ \$(curl -sf $FAKE/_control/stats | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"sends\"])') -ge $((i * 25)) ] && echo 1"
	sleep "$(python3 -c 'import random; print(random.uniform(0, 1))')"
	if kill -9 $pid 2>/dev/null; then kills=$((kills + 1)); fi
	wait $pid 2>/dev/null
done
echo "# $kills kills during the sends"
run_idle
expect "kill: daemon finishes after $kills kills" [ $? -eq 0 ]
expect "kill: integrity" [ "$(sql 'PRAGMA integrity_check')" = ok ]
fake_get /_control/sent > "$WORK/sent.json"
sql "SELECT 'rgw-' || id, status FROM outbox" > "$WORK/outbox.txt"
check=$(python3 - "$WORK/sent.json" "$WORK/outbox.txt" "$kills" <<'PY'
import collections, json, sys
sent = collections.Counter(m["key"] for m in json.load(open(sys.argv[1])))
rows = dict(l.strip().split("|") for l in open(sys.argv[2]) if l.strip())
kills = int(sys.argv[3])
problems, twice = [], 0
for key, status in rows.items():
    n = sent.get(key, 0)
    if n == 0:
        problems.append("%s never sent (%s)" % (key, status))
    elif n > 2:
        problems.append("%s sent %d times" % (key, n))
    elif n == 2:
        twice += 1
        if status != "unknown":
            problems.append("%s sent twice but %s" % (key, status))
    elif status not in ("sent", "unknown"):
        problems.append("%s is %s" % (key, status))
problems += ["%s sent, not in the outbox" % k for k in sent if k not in rows]
if twice > 4 * kills:
    problems.append("%d sent twice for %d kills" % (twice, kills))
print("ok %d %d" % (len(rows), twice) if not problems else "; ".join(problems[:5]))
PY
)
expect "kill: no row lost, each sent at most twice, twice only if in flight at a kill ($check)" \
    [ "${check%% *}" = ok ]
expect "kill: 300 replies" [ "$(echo "$check" | cut -d' ' -f2)" = 300 ]
kill $FAKE_PID; wait $FAKE_PID 2>/dev/null

# ---- bulk: one text to several numbers, several texts in one request ---------
# queue SMS by hand (TEXT|TO lines) and send them with an empty inbox
queue_by_hand() {
	run_idle	# the database, empty
	python3 -c '
import sys
for line in sys.stdin.read().split("\n"):
    if line:
        text, to = line.split("|")
        print("INSERT INTO outbox (recipient, text, purpose, next_attempt_at,"
              " basis_at, created_at) VALUES (%r, %r, %r, 0, 0, 0);"
              % (to, text, "reminder"))' | sqlite3 "$WORK/reportgw.db"
	run_idle
}
urgent_config africastalking "" --batch 25
printf 'Nhac: thon chua bao cao tuan nay|%s\n' +84912000101 +84912000102 \
    +84912000103 +84912340000 +84912000104 +84912000105 +84912000106 |
    queue_by_hand
expect "bulk AT: one text to 7 numbers in one request" \
    [ "$(stat sends)/$(stat send_requests)" = 7/1 ]
expect "bulk AT: each number's own answer (6 sent with their ids, the unreachable one failed)" \
    [ "$(sql "SELECT count(DISTINCT provider_msg_id) FROM outbox WHERE status = 'sent' AND provider_msg_id LIKE 'ATPid_%'")/$(sql "SELECT recipient || ' ' || error FROM outbox WHERE status = 'failed'")" = \
      "6/+84912340000 send: status 403 (InvalidPhoneNumber)" ]
kill $FAKE_PID; wait $FAKE_PID 2>/dev/null
urgent_config infobip "" --batch 25
printf 'Da nhan #%s|+8491200010%s\n' 1 1 2 2 3 3 4 4 5 0000 | queue_by_hand
expect "bulk Infobip: 5 texts in one request" \
    [ "$(stat sends)/$(stat send_requests)" = 5/1 ]
expect "bulk Infobip: each row by its messageId (4 sent, the unreachable one rejected)" \
    [ "$(sql "SELECT count(*) FROM outbox WHERE status = 'sent' AND provider_msg_id = 'rgw-' || id")/$(sql "SELECT recipient || ' ' || error FROM outbox WHERE status = 'failed'")" = \
      "4/+84912000100000 send: REJECTED" ]
kill $FAKE_PID; wait $FAKE_PID 2>/dev/null

# ---- the rate, with Infobip's bulk requests ----------------------------------
urgent_config infobip "max_in_flight = 4; max_per_second = 5;" --batch 25
fake_post /_control/inbox "$(messages 40)"
run_idle
fake_get /_control/sent > "$WORK/sent.json"
expect "rate: 40 replies sent" [ "$(stat sends)" = 40 ]
check=$(python3 - "$WORK/sent.json" <<'PY'
import json, sys
t = sorted(s["time"] for s in json.load(open(sys.argv[1])))
# the most SMS in any 0.95 s (arrival times carry a few ms of jitter)
most = max(sum(1 for u in t if v <= u < v + 0.95) for v in t)
print(most, "%.1f" % (t[-1] - t[0]))
PY
)
expect "rate: at most 5 SMS in any second (most: ${check% *})" [ "${check% *}" -le 5 ]
expect "rate: 40 SMS took ${check#* } s (7 at least)" \
    python3 -c "import sys; sys.exit(not float('${check#* }') >= 6.9)"
expect "rate: bulk requests of 5 (the rate caps a request)" \
    [ "$(stat send_requests)" = 8 ]
expect "rate: each row mapped back to its own message id" \
    [ "$(sql "SELECT count(*) FROM outbox WHERE status = 'sent' AND provider_msg_id = 'rgw-' || id")" = 40 ]
finish
