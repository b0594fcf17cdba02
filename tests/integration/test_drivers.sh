# The daemon against the fake provider with each driver: every message
# stored once, the expected reports, one reply per registered sender's
# message, no report from unknown numbers, nothing done twice on a re-run.
. "$(dirname "$0")/lib.sh"

MSGS='{"messages": [
 {"from": "+84912000101", "text": "BL G 9"},
 {"from": "+84912000102", "text": "Đuối nước 1 gái 7 tuổi chết"},
 {"from": "0912000103", "text": "MN 42 40"},
 {"from": "84912000104", "text": "KO"},
 {"from": "+84912000105", "text": "XH G 13 CA"},
 {"from": "+84912000106", "text": "BLL G 9"},
 {"from": "+84912000201", "text": "SDD 60 8 14 2"},
 {"from": "+84912000202", "text": "TV G 8TH"},
 {"from": "+84912000203", "text": "HD"},
 {"from": "+84912000204", "text": "MN 40 42"},
 {"from": "+84988000001", "text": "BL G 9"},
 {"from": "+84988000001", "text": "XH G 10"},
 {"from": "+84988000002", "text": "hello"},
 {"from": "VIETTEL", "text": "Khuyen mai"},
 {"from": "+84912000301", "text": "BL T 5 BAD02"},
 {"from": "+84905000222", "text": "BL T 5 BAD02"}
]}'

for type in africastalking twilio infobip generic; do
	make_config
	start_fake --batch 4
	provider_config $type
	fake_post /_control/inbox "$MSGS"
	run_idle
	expect "$type: daemon exits 0 when idle" [ $? -eq 0 ]
	expect "$type: 16 messages stored" [ "$(sql 'SELECT count(*) FROM inbox')" = 16 ]
	expect "$type: each once" [ "$(sql 'SELECT count(DISTINCT provider_id) FROM inbox')" = 16 ]
	expect "$type: 8 reports" [ "$(sql 'SELECT count(*) FROM reports')" = 8 ]
	expect "$type: no report from unknown numbers" \
	    [ "$(sql "SELECT count(*) FROM reports WHERE phone LIKE '+84988%'")" = 0 ]
	expect "$type: unknown senders unauthorised" \
	    [ "$(sql "SELECT count(*) FROM inbox WHERE status = 'unauthorised'")" = 4 ]
	expect "$type: DN died stored" \
	    [ "$(sql "SELECT details FROM reports WHERE code = 'DN'")" = \
	      '{"kind":"incident","code":"DN","count":1,"sex":"F","age_months":84,"outcome":"died","flags":[]}' ]
	expect "$type: village from the text" \
	    [ "$(sql "SELECT village FROM reports WHERE phone = '+84905000222'")" = BAD02 ]
	expect "$type: village reporter refused another village" \
	    [ "$(sql "SELECT error FROM inbox WHERE sender LIKE '%84912000301'")" = \
	      "village not allowed" ]
	# one reply per registered sender's message (12), one instruction per
	# unknown number (2, not 3), none to VIETTEL, 3 alert SMS (DN, XH, TV)
	fake_get /_control/sent > "$WORK/sent.json"
	replies=$(python3 -c '
import json, sys, collections
sent = json.load(open(sys.argv[1]))
c = collections.Counter(m["to"].lstrip("+") for m in sent)
print(sum(v for k, v in c.items() if k.startswith("8491200") or k == "84905000222"),
      sum(v for k, v in c.items() if k.startswith("84988")),
      c.get("84905000111", 0), c.get("VIETTEL", 0), len(sent))' "$WORK/sent.json")
	expect "$type: replies 12 registered, 2 unknown, 3 alerts, 0 to VIETTEL" \
	    [ "$replies" = "12 2 3 0 17" ]
	expect "$type: outbox all sent" \
	    [ "$(sql "SELECT count(*) FROM outbox WHERE status = 'sent'")" = 17 ]
	expect "$type: every reply is GSM-7, 160 chars" python3 -c '
import json, sys
for m in json.load(open(sys.argv[1])):
    t = m["text"]
    assert len(t) <= 160 and all(32 <= ord(c) < 127 and c not in "[]{}~^|\\`" for c in t), t' "$WORK/sent.json"
	# a second run finds nothing new and sends nothing again
	run_idle
	expect "$type: re-run stores nothing twice" [ "$(sql 'SELECT count(*) FROM inbox')" = 16 ]
	expect "$type: re-run sends nothing again" \
	    [ "$(fake_get /_control/stats | python3 -c 'import json,sys; print(json.load(sys.stdin)["sends"])')" = 17 ]
	expect "$type: database is 0600" [ "$(stat -c %a "$WORK/reportgw.db")" = 600 ]
	kill $FAKE_PID
	wait $FAKE_PID 2>/dev/null
	rm -f "$WORK"/reportgw.db*
done
finish
