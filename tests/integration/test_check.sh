# `reportgw check`: good configs pass; every problem of a bad one is
# reported with its file and line in one run; exit codes.
. "$(dirname "$0")/lib.sh"

make_config
"$REPORTGW" check -f "$WORK/reportgw.conf" > "$WORK/out" 2>&1
expect "sample config passes" [ $? -eq 0 ]
expect "sample config summary" contains "$WORK/out" "22 villages"

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
expect "exactly three problems" [ "$(wc -l < "$WORK/out")" -eq 3 ]

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
