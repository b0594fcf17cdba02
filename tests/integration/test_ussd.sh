# USSD over HTTP: every incident and coverage code walked through the
# menus and compared with the same report sent as SMS; paging, refusals,
# consistency re-asks, unknown callers, bad tokens, replays, big fields;
# /healthz before and after the first good poll.
. "$(dirname "$0")/lib.sh"

make_config
start_fake
provider_config africastalking
# the fake is down at first: /healthz must say so
kill $FAKE_PID; wait $FAKE_PID 2>/dev/null
"$REPORTGW" run -d -f "$WORK/reportgw.conf" >> "$WORK/daemon.log" 2>&1 &
pid=$!
cleanup_hooks+=("kill $pid 2>/dev/null")
B="http://127.0.0.1:$HTTP_PORT"
wait_http "$B/healthz"
code=$(curl -s -o "$WORK/h1" -w '%{http_code}' "$B/healthz")
expect "healthz 503 before any good poll" [ "$code" = 503 ]
expect "healthz says why" contains "$WORK/h1" "stale"
python3 "$SRC/scripts/fake-provider" --port "$FAKE_PORT" --key test-key \
    > "$WORK/fake.log" 2>&1 &
FAKE_PID=$!
cleanup_hooks+=("kill $FAKE_PID 2>/dev/null")
expect "healthz 200 once polls work" \
    wait_for 200 15 curl -s -o /dev/null -w '%{http_code}' "$B/healthz"
code=$(curl -s -o /dev/null -w '%{http_code}' "$B/healthz?token=x" -X POST)
expect "healthz wants GET" [ "$code" = 405 ]
code=$(curl -s -o /dev/null -w '%{http_code}' "$B/other?token=$HTTP_TOKEN")
expect "unknown path is 404" [ "$code" = 404 ]

# +84912000101 reports for BAT01, "Thôn 1 Bắc Ái Tây" (config/bacai.conf)
python3 "$SRC/tests/integration/ussdwalk.py" "$B" "$HTTP_TOKEN" "$REPORTGW" \
    "$WORK/reportgw.conf" "$WORK/reportgw.db" "+84912000101" \
    "Thon 1 Bac Ai Tay"

expect "USSD reports carry channel ussd" \
    [ "$(sql "SELECT count(*) FROM inbox WHERE channel = 'ussd' AND provider = 'ussd'")" -gt 40 ]
expect "no SMS reply queued for USSD sessions" \
    [ "$(sql "SELECT count(*) FROM outbox o JOIN inbox i ON o.inbox_id = i.id WHERE i.channel = 'ussd' AND o.purpose = 'reply'")" = 0 ]
expect "alerts from USSD reports reach officers" \
    [ "$(sql "SELECT count(*) FROM outbox o JOIN inbox i ON o.inbox_id = i.id WHERE i.channel = 'ussd' AND o.purpose = 'alert'")" -gt 0 ]
# `reportgw ussd --commune` previews exactly the screen a commune
# reporter's phone gets (village names, not codes)
curl -s -d 'sessionId=preview&phoneNumber=%2B84905000222&text=1*1' \
    "$B/ussd?token=$HTTP_TOKEN" > "$WORK/phone.screen"
"$REPORTGW" ussd -f "$WORK/reportgw.conf" --commune BAD '1*1' > "$WORK/cli.screen"
echo >> "$WORK/phone.screen"
expect "the preview is the phone's village menu" cmp -s "$WORK/phone.screen" "$WORK/cli.screen"
expect "with village names" contains "$WORK/cli.screen" "1. Chau Dac"

# a reload that would remove the server is refused; the server stays
sed -i '/^http = {/,/^};/d' "$WORK/reportgw.conf"
kill -HUP $pid
expect "reload without the http group refused" \
    wait_for 1 10 sh -c "grep -q 'adding or removing the http group needs a restart' '$WORK/daemon.log' && echo 1"
code=$(curl -s -o /dev/null -w '%{http_code}' -d 'sessionId=z&phoneNumber=%2B84912000101&text=' "$B/ussd?token=$HTTP_TOKEN")
expect "server still answers after the refused reload" [ "$code" = 200 ]
expect "daemon alive" kill -0 $pid
kill -TERM $pid
wait $pid
expect "clean stop" [ $? -eq 0 ]
finish
