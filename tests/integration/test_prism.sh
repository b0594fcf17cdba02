# The Twilio driver against a Prism mock built from Twilio's official
# OpenAPI description (tests/fixtures/specs/twilio_api_v2010.json): the list and
# send answers of the spec decode, outbound messages are left alone, a
# self-referencing next page ends the listing, and random valid answers
# (Prism's dynamic mode) never upset the daemon.
. "$(dirname "$0")/lib.sh"

SPEC="$SRC/tests/fixtures/specs/twilio_api_v2010.json"
PRISM="$SRC/build/prism/node_modules/.bin/prism"
if [ ! -x "$PRISM" ]; then
	mkdir -p "$SRC/build/prism"
	npm install --prefix "$SRC/build/prism" --no-audit --no-fund \
	    @stoplight/prism-cli@5 > "$WORK/npm.log" 2>&1 ||
	    { not_ok "prism installs" "$(tail -3 "$WORK/npm.log")"; finish; }
fi
expect "the official spec is there" [ -f "$SPEC" ]

start_prism() {	# start_prism [ARGS...]
	PRISM_PORT=$(free_port)
	"$PRISM" mock -h 127.0.0.1 -p "$PRISM_PORT" "$@" "$SPEC" \
	    > "$WORK/prism.log" 2>&1 &
	PRISM_PID=$!
	cleanup_hooks+=("kill $PRISM_PID 2>/dev/null")
	for _ in $(seq 300); do
		grep -q "Prism is listening" "$WORK/prism.log" && return 0
		sleep 0.1
	done
	return 1
}

make_config
FAKE=http://placeholder
provider_config twilio
start_prism
expect "prism starts" grep -q "listening" "$WORK/prism.log"
sed -i "s|url = \"http://placeholder\";|url = \"http://127.0.0.1:$PRISM_PORT\";|" "$WORK/reportgw.conf"

run_idle
expect "static: daemon finishes (the listing ends)" [ $? -eq 0 ]
expect "static: no poll trouble logged" lacks "$WORK/daemon.log" "next try"
# the spec's list example holds one inbound message among outbound ones
expect "static: the inbound example stored, outbound ones not" \
    [ "$(sql 'SELECT provider_id, sender, status FROM inbox')" = \
      "MMc26223853f8c46b4ab7dfaa6abba0a26|+12019235161|unauthorised" ]
# a reply waiting in the outbox goes out through the spec's send answer
sql "INSERT INTO outbox (recipient, text, purpose, next_attempt_at, basis_at,
     created_at) VALUES ('+84912000101', 'Da nhan #1', 'reply', 0, 0, 0)"
run_idle
expect "static: send decoded (sid of the spec's example)" \
    [ "$(sql "SELECT status || ' ' || provider_msg_id FROM outbox WHERE recipient = '+84912000101'")" = \
      "sent SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" ]
kill $PRISM_PID; wait $PRISM_PID 2>/dev/null

# dynamic mode: random values valid for the schema, 20 s of polling
start_prism -d --seed 42
sed -i "s|url = \"http://127.0.0.1:[0-9]*\";|url = \"http://127.0.0.1:$PRISM_PORT\";|" "$WORK/reportgw.conf"
"$REPORTGW" run -d -f "$WORK/reportgw.conf" >> "$WORK/daemon.log" 2>&1 &
pid=$!
sleep 20
expect "dynamic: daemon alive after 20 s of random answers" kill -0 $pid
kill -TERM $pid; wait $pid
expect "dynamic: clean stop" [ $? -eq 0 ]
expect "dynamic: integrity" [ "$(sql 'PRAGMA integrity_check')" = ok ]
expect "dynamic: only inbound messages stored, each once" \
    [ "$(sql "SELECT count(*) - count(DISTINCT provider_id) FROM inbox")" = 0 ]
echo "# dynamic: $(sql 'SELECT count(*) FROM inbox') messages stored, $(grep -c 'next try' "$WORK/daemon.log") poll errors logged"
finish
