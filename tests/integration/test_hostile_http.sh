# The HTTP server against hostile clients: requests whose query
# libmicrohttpd cannot hold (no leak: RSS after 10,000 of them), the cap on
# query arguments, slowloris from one address while another is served, a
# burst of malformed requests (a handful of log lines, none ending in a
# visible \x0a), USSD session ids reused by another phone, and webhook ids
# over 127 bytes (stored whole up to 255, refused beyond).
. "$(dirname "$0")/lib.sh"

make_config
# push only: a generic provider without a list URL, so /healthz is 200
start_fake
provider_config generic
sed -i -e '/list_url = /s/list_url = "[^"]*"; //' \
    -e 's/replies_per_hour = 10;/replies_per_hour = 1000;/' \
    -e 's/identical_per_hour = 2;/identical_per_hour = 100;/' \
    "$WORK/reportgw.conf"
"$REPORTGW" check -f "$WORK/reportgw.conf" > /dev/null || not_ok "config" "check failed"
# under AddressSanitizer freed blocks wait in a quarantine (256 MB by
# default), which RSS would count as growth
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=1 \
    "$REPORTGW" run -d -f "$WORK/reportgw.conf" >> "$WORK/daemon.log" 2>&1 &
pid=$!
cleanup_hooks+=("kill $pid 2>/dev/null")
B="http://127.0.0.1:$HTTP_PORT"
wait_http "$B/healthz"
H="python3 $SRC/tests/integration/hostile.py"
rss() { awk '/^VmRSS/ { print $2 }' /proc/$pid/status; }
loglines() { wc -l < "$WORK/daemon.log"; }

# under valgrind (make valgrind) RSS and latency are valgrind's: fewer
# requests, no RSS bound (valgrind reports leaks itself), 3 s for a probe
if [ -n "${REPORTGW_REAL:-}" ]; then N=1000 SLOW_MAX=3; else N=10000 SLOW_MAX=1; fi

# ---- 5: no leak when libmicrohttpd refuses a request by itself ----
$H flood "$HTTP_PORT" 1000 amp > /dev/null	# warm up the allocator
$H flood "$HTTP_PORT" 1000 args > /dev/null
sleep 1
before=$(rss)
$H flood "$HTTP_PORT" $((N / 2)) amp > "$WORK/flood.out"
$H flood "$HTTP_PORT" $((N / 2)) args >> "$WORK/flood.out"
sleep 2
after=$(rss)
grow=$((after - before))
echo "# $(paste -sd' ' "$WORK/flood.out"): VmRSS $before kB -> $after kB (+$grow kB)"
# the leak this guards against is 24 kB a request (240 MB); AddressSanitizer's
# allocator and shadow still grow a little after the warm-up
if ldd "$REPORTGW" 2>/dev/null | grep -q libasan; then bound=8192; else bound=2048; fi
if [ -z "${REPORTGW_REAL:-}" ]; then
	expect "$N unparseable requests: RSS grows < $((bound / 1024)) MB (+$grow kB)" \
	    [ "$grow" -lt "$bound" ]
fi
expect "daemon alive after the flood" kill -0 $pid

code=$(curl -s -o "$WORK/out" -w '%{http_code}' \
    "$B/sms?token=$HTTP_TOKEN$(printf '&%.0s' $(seq 64))")
expect "65 query arguments (empty ones too): 400" [ "$code" = 400 ]
expect "the answer names the cap" contains "$WORK/out" "more than 64 query arguments"
curl -s -o "$WORK/out" "$B/sms?token=$HTTP_TOKEN$(printf '&%.0s' $(seq 63))" -d 'id=x'
expect "64 query arguments: not refused for their number" \
    lacks "$WORK/out" "query arguments"

# ---- 7: a burst of malformed requests: a handful of log lines ----
l0=$(loglines)
$H malformed "$HTTP_PORT" 1000 > "$WORK/malformed.out"
l1=$(loglines)
echo "# $(cat "$WORK/malformed.out"): $((l1 - l0)) log lines"
expect "1,000 malformed requests: at most 10 log lines ($((l1 - l0)))" \
    [ $((l1 - l0)) -le 10 ]
expect "no log line ends in a visible \\x0a" \
    [ "$(grep -c 'x0a$' "$WORK/daemon.log")" = 0 ]

# ---- 6: slowloris from 127.0.0.1; 127.0.0.2 is still served ----
l0=$(loglines)
$H slowloris "$HTTP_PORT" 300 12 127.0.0.2 "$HTTP_TOKEN" $SLOW_MAX \
    > "$WORK/slow.out" 2>&1
rc=$?
sed 's/^/# /' "$WORK/slow.out"
expect "300 slow connections from one address: /healthz and /sms from another answer 200 within $SLOW_MAX s" \
    [ $rc = 0 ]
l1=$(loglines)
expect "the slowloris run logs at most 20 lines ($((l1 - l0)))" \
    [ $((l1 - l0)) -le 20 ]
code=$(curl -s -o /dev/null -w '%{http_code}' "$B/healthz")
expect "127.0.0.1 is served again afterwards" [ "$code" = 200 ]

# ---- 11: a token with junk after a NUL is not the token ----
code=$(curl -s -o /dev/null -w '%{http_code}' "$B/sms?token=$HTTP_TOKEN%00junk" -d 'id=nul-1&from=%2B84912000101&text=KO')
expect "token=T%00junk refused (403)" [ "$code" = 403 ]
code=$(curl -s -o /dev/null -w '%{http_code}' "$B/sms?token=$HTTP_TOKEN" -d 'id=nul-2&from=%2B84912000101&text=KO')
expect "the token itself still accepted" [ "$code" = 200 ]

# ---- 13: USSD sessions are keyed by phone and sessionId ----
U="$B/ussd?token=$HTTP_TOKEN"
ussd() { curl -s -d "sessionId=$1&phoneNumber=$2&text=$3" "$U"; }
# 3*1: "nothing to report this week", confirmed
a=$(ussd shared-1 %2B84912000101 '3*1')
b=$(ussd shared-1 %2B84912000102 '')
expect "reporter A's session ends (${a:0:20}...)" [ "${a:0:4}" = "END " ]
expect "the same sessionId from phone B gets its own menu (${b:0:20}...)" \
    [ "${b:0:4}" = "CON " ]
b=$(ussd shared-1 %2B84912000102 '3*1')
expect "B's session stores B's own report" \
    [ "$(sql "SELECT count(*) FROM inbox WHERE channel = 'ussd' AND sender = '+84912000102'")" = 1 ]
expect "B's END screen is not A's" [ "$a" != "$b" ]
a2=$(ussd shared-1 %2B84912000101 '3*1')
expect "A's replay still gets A's last screen" [ "$a2" = "$a" ]

# ---- 2: webhook ids are stored whole up to 255 bytes, refused beyond ----
S="$B/sms?token=$HTTP_TOKEN"
p127=$(head -c 127 /dev/zero | tr '\0' p)
id1="$p127$(head -c 73 /dev/zero | tr '\0' a)"
id2="$p127$(head -c 73 /dev/zero | tr '\0' b)"
post() { curl -s -o "$WORK/out" -w '%{http_code}' -H 'Content-Type: application/json' -d "$1" "$S"; }
c1=$(post "{\"id\": \"$id1\", \"from\": \"+84912000103\", \"text\": \"KO\"}")
c2=$(post "{\"id\": \"$id2\", \"from\": \"+84912000104\", \"text\": \"KO\"}")
expect "two 200-byte ids sharing 127 bytes: both stored" \
    [ "$c1.$c2.$(sql "SELECT count(*) FROM inbox WHERE provider_id LIKE '$p127%'")" = "200.200.2" ]
expect "stored whole" \
    [ "$(sql "SELECT min(length(provider_id)) FROM inbox WHERE provider_id LIKE '$p127%'")" = 200 ]
long=$(head -c 300 /dev/zero | tr '\0' q)
c=$(post "{\"id\": \"$long\", \"from\": \"+84912000105\", \"text\": \"KO\"}")
expect "300-byte JSON id: 400" [ "$c" = 400 ]
expect "the answer says why" contains "$WORK/out" "longer than 255 bytes"
c=$(curl -s -o "$WORK/out" -w '%{http_code}' -d "id=$long&from=%2B84912000105&text=KO" "$S")
expect "300-byte form id: 400" [ "$c" = 400 ]
c=$(curl -s -o "$WORK/out" -w '%{http_code}' "$B/kannel?token=$HTTP_TOKEN&id=$long&from=%2B84912000105&text=KO")
expect "300-byte Kannel id: 400" [ "$c" = 400 ]
c=$(curl -s -o /dev/null -w '%{http_code}' "$B/kannel?token=$HTTP_TOKEN&id=k$id1&from=%2B84912000105&text=KO")
expect "201-byte Kannel id: stored" [ "$c" = 200 ]
c=$(post "{\"id\": \"${long:0:255}\", \"from\": \"+84912000106\", \"text\": \"KO\"}")
expect "255-byte id: stored" [ "$c" = 200 ]
expect "no id was cut" \
    [ "$(sql "SELECT count(*) FROM inbox WHERE provider_id LIKE 'qqq%' AND length(provider_id) <> 255")" = 0 ]

expect "daemon alive" kill -0 $pid
kill -TERM $pid
wait $pid
expect "clean stop" [ $? -eq 0 ]
finish
