# `reportgw check`: good configs pass; every problem of a bad one is
# reported with its file and line in one run; exit codes.
. "$(dirname "$0")/lib.sh"

make_config
"$REPORTGW" check -f "$WORK/reportgw.conf" > "$WORK/out" 2>&1
expect "sample config passes" [ $? -eq 0 ]
expect "sample config summary" contains "$WORK/out" "22 villages"
expect "check says which file it reads" contains "$WORK/out" \
    "reportgw: config $WORK/reportgw.conf"

# the demo's values are warnings with file and line, not errors
n() { grep -n "$1" "$WORK/reportgw.conf" | head -1 | cut -d: -f1; }
expect "warns about a demo key file" contains "$WORK/out" \
    "$WORK/reportgw.conf:$(n api_key_file): warning: provider.api_key_file \"demo-provider.key\" is a demo secret file"
expect "warns about the demo token file" contains "$WORK/out" \
    "$WORK/reportgw.conf:$(n token_file): warning: http.token_file"
expect "warns about the fake provider's URL" contains "$WORK/out" \
    "$WORK/reportgw.conf:$(n 'url = "http://127.0.0.1:8901'): warning: provider.url"
expect "no warning about an absolute database" lacks "$WORK/out" "warning: database"
sed -e 's|^database = .*|database = "var/r.db";|' \
    -e 's|_file = "demo-|_file = "my-|' -e 's|127.0.0.1:8901|127.0.0.1:9|' \
    "$WORK/reportgw.conf" > "$WORK/w.conf"
cp "$WORK/demo-provider.key" "$WORK/my-provider.key"
(umask 077; echo demo-not-secret-0123456789 > "$WORK/my-http.token")
"$REPORTGW" check -f "$WORK/w.conf" > "$WORK/out" 2>&1
expect "warnings leave the exit status 0" [ $? -eq 0 ]
expect "warns about a relative database" contains "$WORK/out" \
    "$WORK/w.conf:$(n '^database'): warning: database \"var/r.db\" is relative"
expect "warns about a demo secret in a file of another name" contains "$WORK/out" \
    "warning: http.token is the demo's secret"
expect "warns about a provider on loopback" contains "$WORK/out" \
    "warning: provider.url \"http://127.0.0.1:9/version1\" is on this machine"
expect "a warning never shows a secret" lacks "$WORK/out" "0123456789"

# without -f, $REPORTGW_CONF or /etc/reportgw/reportgw.conf: the built-in
# sample, which every command names and `run` refuses without --demo
if [ ! -e /etc/reportgw/reportgw.conf ]; then
	(unset REPORTGW_CONF; "$REPORTGW" check > "$WORK/out" 2>&1)
	expect "check names the built-in sample" contains "$WORK/out" \
	    "reportgw: config (built-in sample): no -f, no \$REPORTGW_CONF"
	(unset REPORTGW_CONF; cd "$WORK" && "$REPORTGW" run -d --until-idle > "$WORK/out" 2>&1)
	expect "run refuses the built-in sample (exit 2)" [ $? -eq 2 ]
	expect "and says why" contains "$WORK/out" "refusing the built-in sample"
fi
REPORTGW_CONF=$WORK/reportgw.conf "$REPORTGW" parse KO > /dev/null 2> "$WORK/out"
expect "parse names \$REPORTGW_CONF's file" contains "$WORK/out" \
    "reportgw: config $WORK/reportgw.conf"

# three errors on three known lines, one run
cat > "$WORK/bad.conf" <<'CONF'
# a broken config
database = "x.db";
provider = { type = "africastalking"; url = "http://x";
             poll_interval = "often"; };
colour = "blue";
registration = "sometimes";
@include "bacai.conf"
@include "labels.conf"
@include "codebook.conf"
CONF
"$REPORTGW" check -f "$WORK/bad.conf" > "$WORK/out" 2>&1
rc=$?
expect "bad config exits 2" [ $rc -eq 2 ]
expect "wrong type with line" contains "$WORK/out" \
    "$WORK/bad.conf:4: 'provider.poll_interval' must be an integer"
expect "unknown key with line" contains "$WORK/out" \
    "$WORK/bad.conf:5: unknown key 'colour'"
expect "bad enum with line" contains "$WORK/out" \
    "$WORK/bad.conf:6: 'registration' must be one of open,approval,closed"
expect "exactly three problems" [ "$(grep -c "^$WORK/bad.conf:" "$WORK/out")" -eq 3 ]

# an error inside an included file names that file
sed 's/code = "BAD03"/code = "bad-3"/' "$WORK/bacai.conf" > "$WORK/b2.conf"
sed 's/bacai.conf/b2.conf/' "$WORK/reportgw.conf" > "$WORK/r2.conf"
"$REPORTGW" check -f "$WORK/r2.conf" > "$WORK/out" 2>&1
line=$(grep -n 'bad-3' "$WORK/b2.conf" | cut -d: -f1)
expect "error in included file" contains "$WORK/out" \
    "$WORK/b2.conf:$line: village code \"bad-3\""

# keypad safety: codes one slip apart on a multi-tap keypad (G and H on
# key 4) when one alerts, unless the code book accepts the pair
sed 's/{ code = "LK"; title/{ code = "XG"; title/' "$WORK/codebook.conf" \
    > "$WORK/slip-cb.conf"
sed 's/codebook.conf/slip-cb.conf/' "$WORK/reportgw.conf" > "$WORK/slip.conf"
"$REPORTGW" check -f "$WORK/slip.conf" > "$WORK/out" 2>&1
expect "a slip pair of an alerting code exits 2" [ $? -eq 2 ]
line=$(grep -n '{ code = "XG"' "$WORK/slip-cb.conf" | cut -d: -f1)
expect "the slip pair with file and line" contains "$WORK/out" \
    "$WORK/slip-cb.conf:$line: XG (XG) and XH (XH) are one keypad slip apart (G and H share a key) and XH alerts"
expect "and how to accept it" contains "$WORK/out" \
    'codebook.accepted_slips as "XH XG"'
expect "only that pair" [ "$(grep -c 'keypad slip apart' "$WORK/out")" -eq 1 ]
# an alias one slip from an alerting code's alias is refused too (the
# line of the alias; multi-word aliases compared without their spaces)
sed 's/aliases = \[ "BOHOC", "BO HOC" \]/aliases = [ "BOHOC", "BO HOC", "BOPOI" ]/' \
    "$WORK/codebook.conf" > "$WORK/slip-cb2.conf"
sed 's/codebook.conf/slip-cb2.conf/' "$WORK/reportgw.conf" > "$WORK/slip2.conf"
"$REPORTGW" check -f "$WORK/slip2.conf" > "$WORK/out" 2>&1
line=$(grep -n '"BOPOI"' "$WORK/slip-cb2.conf" | cut -d: -f1)
expect "an alias one slip from another code's alias" contains "$WORK/out" \
    "$WORK/slip-cb2.conf:$line: BOPOI (BH) and BOROI (BR) are one keypad slip apart (P and R share a key) and BR alerts"
# accepted: it passes
sed -i 's/^  alert_flags = \[ "serious" \];/&\n  accepted_slips = [ "XH XG" ];/' \
    "$WORK/slip-cb.conf"
"$REPORTGW" check -f "$WORK/slip.conf" > "$WORK/out" 2>&1
expect "an accepted slip pair passes" [ $? -eq 0 ]
expect "without a word about it" lacks "$WORK/out" "keypad"
# an accepted pair that is no slip pair, or names no code, is an error
sed -i 's/accepted_slips = \[ "XH XG" \]/accepted_slips = [ "XH XG", "BL BM", "XH QQ", "XH" ]/' \
    "$WORK/slip-cb.conf"
"$REPORTGW" check -f "$WORK/slip.conf" > "$WORK/out" 2>&1
expect "bad accepted pairs exit 2" [ $? -eq 2 ]
line=$(grep -n 'accepted_slips' "$WORK/slip-cb.conf" | cut -d: -f1)
expect "a pair that is no slip" contains "$WORK/out" \
    "$WORK/slip-cb.conf:$line: accepted slip \"BL BM\": the two are not one keypad slip apart"
expect "a pair naming no code" contains "$WORK/out" \
    "accepted slip \"XH QQ\": the second is not a code or alias"
expect "one word is no pair" contains "$WORK/out" \
    "accepted slip \"XH\" must be two codes or aliases"

printf 'database = "x";\nareas = (\n  { code = "A" \n' > "$WORK/syntax.conf"
"$REPORTGW" check -f "$WORK/syntax.conf" > "$WORK/out" 2>&1
rc=$?
expect "syntax error exits 2" [ $rc -eq 2 ]
expect "syntax error with line" grep -qE "syntax.conf:[34]: syntax error" \
    "$WORK/out"

"$REPORTGW" check -f "$WORK/missing.conf" > "$WORK/out" 2>&1
expect "missing file exits 2" [ $? -eq 2 ]
expect "missing file named" contains "$WORK/out" "missing.conf: No such file"

chmod 644 "$WORK/demo-provider.key"
"$REPORTGW" check -f "$WORK/reportgw.conf" > "$WORK/out" 2>&1
expect "world-readable key refused" contains "$WORK/out" \
    "readable by group or others (mode 0644)"
expect "key content not shown" lacks "$WORK/out" "test-key"

"$REPORTGW" parse --at nonsense -- BL > "$WORK/out" 2>&1
expect "parse usage error exits 2" [ $? -eq 2 ]
"$REPORTGW" frobnicate > "$WORK/out" 2>&1
expect "unknown command exits 2" [ $? -eq 2 ]
"$REPORTGW" --help > "$WORK/out" 2>&1
expect "help lists parse" contains "$WORK/out" "parse [-f FILE]"
"$REPORTGW" --version > "$WORK/out" 2>&1
expect "version" grep -q '^reportgw [0-9]' "$WORK/out"
finish
