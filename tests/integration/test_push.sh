# The generic webhook (POST /sms): JSON and form bodies with the field
# names of the config, duplicates by id, bad bodies refused; then kill -9
# during a burst of 1,000 posts from a client that retries on anything but
# 2xx: 0 lost, 0 doubled.
. "$(dirname "$0")/lib.sh"

make_config
# push only: a generic provider without a list URL, replies to the fake
start_fake
provider_config generic
sed -i -e '/list_url = /s/list_url = "[^"]*"; //' \
    -e 's/replies_per_hour = 10;/replies_per_hour = 1000;/' \
    -e 's/identical_per_hour = 2;/identical_per_hour = 100;/' \
    "$WORK/reportgw.conf"
python3 - "$WORK/reportgw.conf" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace('token_file = "demo-http.token";',
              'token_file = "demo-http.token";\n  webhook = { id = "msgid"; '
              'from = "phone"; text = "message"; time = "sentAt"; '
              'time_format = "epoch_ms"; };')
open(p, "w").write(s)
PY
"$REPORTGW" check -f "$WORK/reportgw.conf" > /dev/null || not_ok "config" "check failed"
start() {
	"$REPORTGW" run -d -f "$WORK/reportgw.conf" >> "$WORK/daemon.log" 2>&1 &
	pid=$!
	cleanup_hooks+=("kill $pid 2>/dev/null")
	wait_http "http://127.0.0.1:$HTTP_PORT/healthz"
}
start
U="http://127.0.0.1:$HTTP_PORT/sms?token=$HTTP_TOKEN"
post() { curl -s -o "$WORK/out" -w '%{http_code}' "$@" "$U"; }
expect "healthz on a push-only provider" \
    [ "$(curl -s "http://127.0.0.1:$HTTP_PORT/healthz")" = "ok: push only" ]
code=$(post -H 'Content-Type: application/json' \
    -d '{"msgid": 17, "phone": "+84912000101", "message": "KO", "sentAt": 1795852800000}')
expect "JSON post stored (200)" [ "$code" = 200 ]
expect "JSON answer says stored" contains "$WORK/out" '"stored"'
expect "configured time field used (epoch_ms)" \
    [ "$(sql "SELECT received_at FROM inbox WHERE provider_id = '17'")" = 1795852800 ]
code=$(post -H 'Content-Type: application/json' \
    -d '{"msgid": 17, "phone": "+84912000101", "message": "KO"}')
expect "same id again: 200, not stored twice" \
    [ "$code" = 200 ] && contains "$WORK/out" duplicate
code=$(post -d 'msgid=f1&phone=%2B84912000102&message=TE+410+150+30')
expect "form post stored" [ "$code" = 200 ]
expect "form text decoded" \
    [ "$(sql "SELECT text FROM inbox WHERE provider_id = 'f1'")" = "TE 410 150 30" ]
code=$(post -H 'Content-Type: application/json' -d '{"msgid": "x", "message": "KO"}')
expect "missing sender: 400" [ "$code" = 400 ]
code=$(post -H 'Content-Type: application/json' -d '{"msgid": "x", "phone": ')
expect "broken JSON: 400" [ "$code" = 400 ]
code=$(post -H 'Content-Type: application/json' -d '[1, 2]')
expect "JSON that is not an object: 400" [ "$code" = 400 ]
code=$(post -d "msgid=big&phone=1&message=$(head -c 10000 /dev/zero | tr '\0' a)")
expect "10 kB body: 413" [ "$code" = 413 ]
code=$(curl -s -o /dev/null -w '%{http_code}' -d 'msgid=1' "${U%token=*}token=nope-nope-nope-nope")
expect "bad token: 403" [ "$code" = 403 ]
expect "replies for pushed SMS go out through the provider" \
    wait_for 2 10 sql "SELECT count(*) FROM outbox WHERE status = 'sent'"

# 1,000 posts, kill -9 in the middle, restart; the client retries
before=$(sql "SELECT count(*) FROM inbox")
python3 "$SRC/tests/integration/pushclient.py" "$U" 1000 1 json msgid phone message \
    > "$WORK/client.out" 2>&1 &
client=$!
wait_for 1 30 sh -c "[ \$(sqlite3 $WORK/reportgw.db 'SELECT count(*) FROM inbox') -gt $((before + 300)) ] && echo 1"
kill -9 $pid; wait $pid 2>/dev/null
killed_at=$(( $(sql "SELECT count(*) FROM inbox") - before ))
sleep 1
start
wait $client
expect "client finished ($(cat "$WORK/client.out"))" grep -q '^sent 1000' "$WORK/client.out"
expect "killed at $killed_at of 1000: all 1000 stored" \
    [ "$(sql "SELECT count(*) FROM inbox WHERE provider_id LIKE 'push-%'")" = 1000 ]
expect "none doubled" \
    [ "$(sql "SELECT count(*) FROM (SELECT text FROM inbox WHERE provider_id LIKE 'push-%' GROUP BY text HAVING count(*) > 1)")" = 0 ]
expect "all judged" wait_for 0 30 sql "SELECT count(*) FROM inbox WHERE status = 'received'"
expect "one report per message" \
    [ "$(sql "SELECT count(*) FROM reports r JOIN inbox i ON r.inbox_id = i.id WHERE i.provider_id LIKE 'push-%'")" = 1000 ]
expect "integrity" [ "$(sql 'PRAGMA integrity_check')" = ok ]
kill -TERM $pid; wait $pid
expect "clean stop" [ $? -eq 0 ]
finish
