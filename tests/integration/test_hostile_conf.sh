# Hostile or careless configurations: secrets that are not one line of
# text in a regular file, files and includes too large to parse, floods of
# unknown keys, absolute @include paths.  `reportgw check` must answer each
# quickly with exit 2 and a "file:line: message" (or "file: message").
. "$(dirname "$0")/lib.sh"

make_config
C=$WORK/reportgw.conf
KEY=$WORK/demo-provider.key
# check_out NAME: runs check under a timeout into $WORK/out, sets rc
check_out() {
	timeout 20 "$REPORTGW" check -f "${1:-$C}" > "$WORK/out" 2>&1
	rc=$?
}
key_line=$(grep -n 'api_key_file' "$C" | cut -d: -f1)
tok_line=$(grep -n 'token_file' "$C" | cut -d: -f1)

# ---- secrets: one line of printable text in a regular 0600 file ----
printf 'test-key\0junk\n' > "$KEY"
check_out
expect "secret with a NUL refused (exit 2)" [ $rc -eq 2 ]
expect "secret with a NUL: file:line and message" contains "$WORK/out" \
    "$C:$key_line: secret file $KEY holds a control character"
expect "secret with a NUL: content not shown" lacks "$WORK/out" "junk"

printf 'test-\033key\n' > "$KEY"
check_out
expect "secret with an escape byte refused" contains "$WORK/out" \
    "$C:$key_line: secret file $KEY holds a control character"

: > "$KEY"
check_out
expect "empty secret file refused" contains "$WORK/out" \
    "$C:$key_line: secret file $KEY is empty"
printf '\n' > "$KEY"
check_out
expect "secret file of one newline refused" contains "$WORK/out" \
    "$C:$key_line: secret file $KEY is empty"

printf 'test-key\nsecond line\n' > "$KEY"
check_out
expect "two-line secret refused" contains "$WORK/out" \
    "$C:$key_line: secret file $KEY holds more than one line"
expect "two-line secret: content not shown" lacks "$WORK/out" "second"

printf 'test-key\n\n' > "$KEY"
check_out
expect "secret with a blank second line refused" contains "$WORK/out" \
    "$C:$key_line: secret file $KEY holds more than one line"

printf 'test-key' > "$KEY"
check_out
expect "secret without a newline accepted" [ $rc -eq 0 ]
printf 'test-key\r\n' > "$KEY"
check_out
expect "secret with a CRLF accepted" [ $rc -eq 0 ]

rm -f "$KEY"
mkfifo -m 600 "$KEY"
start=$(date +%s)
check_out
expect "FIFO as secret file: check returns (no hang)" [ $rc -ne 124 ]
expect "FIFO as secret file refused" contains "$WORK/out" \
    "$C:$key_line: secret file $KEY is not a regular file"
expect "FIFO refused at once" [ $(( $(date +%s) - start )) -lt 5 ]
rm -f "$KEY"
mkdir -m 700 "$KEY"
check_out
expect "directory as secret file refused" contains "$WORK/out" \
    "$C:$key_line: secret file $KEY is not a regular file"
rmdir "$KEY"
(umask 077; echo test-key > "$KEY")

dd if=/dev/zero bs=1024 count=8 2>/dev/null | tr '\0' 'k' > "$WORK/big.token"
chmod 600 "$WORK/big.token"
sed "s|token_file = \"demo-http.token\"|token_file = \"big.token\"|" "$C" \
    > "$WORK/bigtok.conf"
check_out "$WORK/bigtok.conf"
expect "8 kB secret refused" contains "$WORK/out" \
    "$WORK/bigtok.conf:$tok_line: secret file $WORK/big.token is longer than 4096 bytes"

# an inline secret in a 0600 config: the same rules
sed "s|token_file = \"demo-http.token\";|token = \"test-token-0123456789\\\\x01x\";|" \
    "$C" > "$WORK/inline.conf"
chmod 600 "$WORK/inline.conf"
check_out "$WORK/inline.conf"
expect "inline token with a control byte refused" contains "$WORK/out" \
    "$WORK/inline.conf:$tok_line: 'http.token' holds a control character"
sed "s|token_file = \"demo-http.token\";|token = \"test-token-0123456789\\\\nx\";|" \
    "$C" > "$WORK/inline.conf"
check_out "$WORK/inline.conf"
expect "inline token with a newline refused" contains "$WORK/out" \
    "$WORK/inline.conf:$tok_line: 'http.token' holds more than one line"

# ---- size: a config file or include over 1 MiB is not parsed ----
cp "$C" "$WORK/huge.conf"
python3 -c "import sys; sys.stdout.write('# ' + 'x' * (1 << 20) + '\n')" \
    >> "$WORK/huge.conf"
check_out "$WORK/huge.conf"
expect "config over 1 MiB refused" contains "$WORK/out" \
    "$WORK/huge.conf: larger than 1048576 bytes"
cp "$WORK/labels.conf" "$WORK/labels.orig"
cat "$WORK/huge.conf" >> "$WORK/labels.conf"
check_out
expect "include over 1 MiB refused, with the @include line" contains "$WORK/out" \
    "$C:$(grep -n '@include "labels.conf"' "$C" | cut -d: -f1): $WORK/labels.conf: larger than 1048576 bytes"
cp "$WORK/labels.orig" "$WORK/labels.conf"

# a 10 MB string: refused at once (it took 39 s to parse)
cp "$C" "$WORK/str.conf"
python3 -c "import sys; sys.stdout.write('user = \"' + 'a' * 10000000 + '\";\n')" \
    >> "$WORK/str.conf"
start=$(date +%s)
check_out "$WORK/str.conf"
expect "10 MB string refused" contains "$WORK/out" \
    "$WORK/str.conf: larger than 1048576 bytes"
expect "10 MB string refused in under 2 s" [ $(( $(date +%s) - start )) -lt 2 ]

# 40,000 unknown keys (28 s before): refused under the size limit, or
# reported with a cap; either way quickly and with few lines
cp "$C" "$WORK/keys40k.conf"
python3 -c "
for i in range(40000): print('junk%d = 1;' % i)" >> "$WORK/keys40k.conf"
start=$(date +%s)
check_out "$WORK/keys40k.conf"
expect "40,000 unknown keys: exit 2" [ $rc -eq 2 ]
expect "40,000 unknown keys: in under 3 s" [ $(( $(date +%s) - start )) -lt 3 ]
expect "40,000 unknown keys: at most 21 lines" [ "$(wc -l < "$WORK/out")" -le 21 ]
expect "40,000 unknown keys: says how many more" grep -q "more" "$WORK/out"

# 300 unknown keys in a small file: 20 reported, then the count
cp "$C" "$WORK/keys300.conf"
python3 -c "
for i in range(300): print('junk%d = 1;' % i)" >> "$WORK/keys300.conf"
check_out "$WORK/keys300.conf"
first=$(grep -n '^junk0 ' "$WORK/keys300.conf" | cut -d: -f1)
expect "unknown keys: the first is reported with its line" contains "$WORK/out" \
    "$WORK/keys300.conf:$first: unknown key 'junk0'"
expect "unknown keys: 20 reported" [ "$(grep -c "unknown key '" "$WORK/out")" -eq 20 ]
expect "unknown keys: and the rest counted" contains "$WORK/out" \
    "... and 280 more unknown keys"

# ---- @include with an absolute path, and include errors name the path ----
mkdir "$WORK/elsewhere"
mv "$WORK/codebook.conf" "$WORK/elsewhere/codebook.conf"
sed "s|@include \"codebook.conf\"|@include \"$WORK/elsewhere/codebook.conf\"|" \
    "$C" > "$WORK/abs.conf"
check_out "$WORK/abs.conf"
expect "absolute @include works" [ $rc -eq 0 ]
# a relative @include inside it resolves next to the file that holds it
cp "$WORK/labels.conf" "$WORK/elsewhere/labels.conf"
{ cat "$WORK/elsewhere/codebook.conf"
  echo '@include "labels.conf"   # next to codebook2.conf'
} > "$WORK/elsewhere/codebook2.conf"
sed -e '/@include "labels.conf"/d' -e 's|elsewhere/codebook.conf|elsewhere/codebook2.conf|' \
    "$WORK/abs.conf" > "$WORK/nested.conf"
check_out "$WORK/nested.conf"
expect "nested relative @include resolves next to its file" [ $rc -eq 0 ]
sed -i 's/code = "BL"; title/code = "XH"; title/' "$WORK/elsewhere/codebook.conf"
check_out "$WORK/abs.conf"
expect "error in an absolutely included file names it" grep -q \
    "^$WORK/elsewhere/codebook.conf:[0-9]*: " "$WORK/out"
mv "$WORK/elsewhere/codebook.conf" "$WORK/codebook.conf"
check_out "$WORK/abs.conf"
inc=$(grep -n '@include "/' "$WORK/abs.conf" | cut -d: -f1)
expect "missing include names the path it tried" contains "$WORK/out" \
    "$WORK/abs.conf:$inc: cannot open include file $WORK/elsewhere/codebook.conf: No such file or directory"
sed 's|@include "labels.conf"|@include "nolabels.conf"|' "$C" > "$WORK/rel.conf"
check_out "$WORK/rel.conf"
inc=$(grep -n '@include "nolabels.conf"' "$WORK/rel.conf" | cut -d: -f1)
expect "missing relative include names the path it tried" contains "$WORK/out" \
    "$WORK/rel.conf:$inc: cannot open include file $WORK/nolabels.conf: No such file or directory"
mkfifo "$WORK/fifo.conf"
sed 's|@include "labels.conf"|@include "fifo.conf"|' "$C" > "$WORK/fifo-inc.conf"
check_out "$WORK/fifo-inc.conf"
expect "FIFO as include: check returns" [ $rc -eq 2 ]
expect "FIFO as include refused" contains "$WORK/out" \
    "$WORK/fifo.conf: not a regular file"
check_out "$WORK/fifo.conf"
expect "FIFO as config refused" contains "$WORK/out" \
    "$WORK/fifo.conf: not a regular file"
finish
