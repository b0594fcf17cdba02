# `reportgw keys`: the key table, and the reportgw.conf(5) list with an
# example for every key (from the sample config, else built in); a sample
# that leaves a key without any example fails the build of the page.
. "$(dirname "$0")/lib.sh"

"$REPORTGW" keys > "$WORK/keys.txt"
expect "keys exits 0" [ $? -eq 0 ]
nkeys=$(wc -l < "$WORK/keys.txt")
"$REPORTGW" keys --mdoc "$SRC/config/reportgw.conf" > "$WORK/keys.mdoc" 2> "$WORK/err"
expect "keys --mdoc with the sample exits 0" [ $? -eq 0 ]
expect "one entry per key ($nkeys)" [ "$(grep -c '^\.It Cm ' "$WORK/keys.mdoc")" = "$nkeys" ]
expect "an example for every key" [ "$(grep -c '^Example:$' "$WORK/keys.mdoc")" = "$nkeys" ]
expect "examples come from the sample (a village of Bac Ai)" \
    grep -qF '.Ql code = \(dqBAT01\(dq;' "$WORK/keys.mdoc"
expect "quotes inside a default are escaped for libconfig" \
    grep -qF 'send_body = \(dq{\e\(dqto\e\(dq' "$WORK/keys.mdoc"
expect "a list's parenthesis is text, not an mdoc delimiter" \
    grep -qF 'villages = \&( {' "$WORK/keys.mdoc"

# a sample with nothing but the database: the provider group has no
# example, and the page refuses
printf 'database = "x.db";\n' > "$WORK/thin.conf"
"$REPORTGW" keys --mdoc "$WORK/thin.conf" > /dev/null 2> "$WORK/err"
expect "a key without an example fails" [ $? -eq 1 ]
expect "and names the key" contains "$WORK/err" "no example for provider"
"$REPORTGW" keys --mdoc "$WORK/missing.conf" > /dev/null 2> "$WORK/err"
expect "a missing sample fails" [ $? -eq 1 ]
expect "and says which file" contains "$WORK/err" "$WORK/missing.conf: cannot read it"
"$REPORTGW" keys --bogus > /dev/null 2> "$WORK/err"
expect "a bad option is a usage error (exit 2)" [ $? -eq 2 ]
finish
