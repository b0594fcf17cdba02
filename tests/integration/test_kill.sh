# kill -9 at random moments while 1,000 messages are polled, judged and
# answered.  After each run: 0 lost, 0 stored twice, 0 reports doubled, an
# intact database, and at most one extra reply per request in flight at
# each kill (provider.max_in_flight, 4 by default), marked unknown.
# KILL_CYCLES sets the number of kills (20; `make check` runs 200).
. "$(dirname "$0")/lib.sh"

CYCLES=${KILL_CYCLES:-20}
IN_FLIGHT=4	# provider.max_in_flight's default; the generic driver sends one SMS a request
GEN='{"generate": 1000, "seed": 7, "at": 1795800000, "step": 97,
 "senders": ["+84912000101", "+84912000102", "+84912000103", "+84912000104",
   "+84912000105", "+84912000106", "+84912000201", "+84912000202",
   "+84912000203", "+84912000301", "+84912000302", "+84912000401",
   "+84905000222", "+84988000001", "VIETTEL"],
 "texts": ["BL G 9", "XH G 13 CA", "DN T 7 C", "MN 42 40", "KO", "TC 5 4",
   "BLL G 9", "HD", "TTR", "BL 2 T 11 N", "TN G 4 GT", "SDD 60 8 14 2",
   "MN 40 42", "KS 6 5", "Bạo lực gái 12 tuổi", "BL T 6 BAD02",
   "TV G 8TH", "alo", "HUY 3", "LD 3 T 13 MOI"]}'

# the reference: the same messages, no kills
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
	"$REPORTGW" run -d -f "$WORK/reportgw.conf" >> "$WORK/daemon.log" 2>&1 &
	pid=$!
	sleep "$(python3 -c "import random; print(random.uniform(0.02, 0.5))")"
	if kill -9 $pid 2>/dev/null; then kills=$((kills + 1)); fi
	wait $pid 2>/dev/null
	if [ "$(sql 'PRAGMA quick_check')" != ok ]; then
		not_ok "integrity after kill $i" "$(sql 'PRAGMA quick_check')"
		break
	fi
done
echo "# $kills kills"
run_idle
expect "daemon finishes after $kills kills" [ $? -eq 0 ]
expect "integrity_check ok" [ "$(sql 'PRAGMA integrity_check')" = ok ]
expect "1000 messages stored" [ "$(sql 'SELECT count(*) FROM inbox')" = 1000 ]
expect "none stored twice" [ "$(sql 'SELECT count(DISTINCT provider_id) FROM inbox')" = 1000 ]
expect "none left unjudged" [ "$(sql "SELECT count(*) FROM inbox WHERE status = 'received'")" = 0 ]

# the same judgements, reports and replies as the run without kills
q="SELECT i.provider_id, i.status, coalesce(i.error, ''), coalesce(r.code, ''),
   coalesce(r.details, ''), coalesce(r.status, ''), coalesce(r.village, '')
   FROM inbox i LEFT JOIN reports r ON r.inbox_id = i.id ORDER BY i.provider_id"
sqlite3 "$WORK/ref/reportgw.db" "$q" > "$WORK/ref.txt"
sqlite3 "$WORK/reportgw.db" "$q" > "$WORK/got.txt"
expect "same judgements as without kills" cmp -s "$WORK/ref.txt" "$WORK/got.txt"
diff "$WORK/ref.txt" "$WORK/got.txt" | head -5 | sed 's/^/# /'
expect "reports not doubled" [ "$(sql 'SELECT count(*) FROM reports')" = \
    "$(sqlite3 "$WORK/ref/reportgw.db" 'SELECT count(*) FROM reports')" ]
q2="SELECT recipient, text, purpose FROM outbox ORDER BY id"
expect "same replies queued" [ "$(sqlite3 "$WORK/ref/reportgw.db" "$q2" | md5sum)" = \
    "$(sql "$q2" | md5sum)" ]

# deliveries: one per outbox row; a row in flight at a kill may have gone
# twice, and then it is marked unknown
fake_get /_control/sent > "$WORK/sent.json"
sql "SELECT 'rgw-' || id, status FROM outbox" > "$WORK/outbox.txt"
check=$(python3 - "$WORK/sent.json" "$WORK/outbox.txt" "$kills" "$IN_FLIGHT" <<'PY'
import collections, json, sys
sent = collections.Counter(m["key"] for m in json.load(open(sys.argv[1])))
rows = dict(l.strip().split("|") for l in open(sys.argv[2]) if l.strip())
kills, in_flight = int(sys.argv[3]), int(sys.argv[4])
problems = []
extra = 0
for key, status in rows.items():
    n = sent.get(key, 0)
    if status == "sent" and n != 1:
        problems.append("%s sent %d times" % (key, n))
    if status == "unknown" and n not in (1, 2):
        problems.append("%s unknown, delivered %d times" % (key, n))
    if status in ("pending", "sending"):
        problems.append("%s still %s" % (key, status))
    extra += max(0, n - 1)
for key in sent:
    if key not in rows:
        problems.append("%s delivered but not in the outbox" % key)
unknown = sum(1 for s in rows.values() if s == "unknown")
if extra > kills * in_flight:
    problems.append("%d extra deliveries for %d kills" % (extra, kills))
print("ok %d %d" % (extra, unknown) if not problems else "; ".join(problems[:5]))
PY
)
expect "at most one extra reply per request in flight at a kill, marked unknown ($check)" \
    [ "${check%% *}" = ok ]
finish
