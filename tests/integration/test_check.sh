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
