# reportgw-codes(7): the page made from the code book lists every code of
# it, each with its template, example and reply, and lints clean; an
# example the parser refuses fails the page.
. "$(dirname "$0")/lib.sh"

make_config
"$REPORTGW" codes > "$WORK/codes.txt" 2> "$WORK/err"
expect "codes exits 0" [ $? -eq 0 ]
expect "codes names the code book it reads" contains "$WORK/err" \
    "reportgw: config (built-in sample)"
"$REPORTGW" check -f "$WORK/reportgw.conf" > "$WORK/check.out" 2>&1
n=$(sed -n 's/.*reporters, \([0-9]*\) codes$/\1/p' "$WORK/check.out")
expect "one line per code of the code book ($n)" \
    [ "$(wc -l < "$WORK/codes.txt")" = "$n" ]

# the page as the Makefile builds it
"$REPORTGW" codes --mdoc > "$WORK/codes.mdoc" 2> "$WORK/err"
expect "codes --mdoc exits 0" [ $? -eq 0 ]
sed -e "/@CODES@/{r $WORK/codes.mdoc" -e 'd}' \
    "$SRC/man/reportgw-codes.7.in" > "$WORK/reportgw-codes.7"
missing=""
for c in $(cut -f1 "$WORK/codes.txt"); do
	grep -q "^\.It Cm $c\$" "$WORK/reportgw-codes.7" || missing="$missing $c"
done
expect "every code of the code book is in the page${missing:+ (missing:$missing)}" \
    [ -z "$missing" ]
expect "every code has a template, an example and a reply" \
    [ "$(grep -c '^\.It Template:$' "$WORK/reportgw-codes.7")" = "$n" -a \
      "$(grep -c '^\.It Example:$' "$WORK/reportgw-codes.7")" = "$n" -a \
      "$(grep -c '^\.It Reply:$' "$WORK/reportgw-codes.7")" = "$n" ]
expect "an example's reply is the parser's" grep -qF \
    'nhan #124: BL bao luc, 1 tre gai 9 tuoi, thon BAT01.' \
    "$WORK/reportgw-codes.7"
expect "aliases are listed" grep -qF 'BAO LUC, BAOLUC' "$WORK/reportgw-codes.7"
expect "titles keep their diacritics, escaped" grep -qF \
    '.Dq B\[u1EA1]o l\[u1EF1]c ,' "$WORK/reportgw-codes.7"
expect "a Vietnamese word is not taken for a macro" \
    grep -qF '\&Cam on!' "$WORK/reportgw-codes.7"
expect "the page lints clean" \
    sh -c "mandoc -Tlint -W warning '$WORK/reportgw-codes.7' > '$WORK/lint' 2>&1 && [ ! -s '$WORK/lint' ]"
for f in build/man/reportgw-codes.7 "$(dirname "$REPORTGW")/man/reportgw-codes.7"; do
	[ -f "$SRC/$f" ] && f=$SRC/$f
	[ -f "$f" ] || continue
	expect "the built page ($f) is this one" cmp -s "$f" "$WORK/reportgw-codes.7"
	break
done

# another code book: a new code appears; a broken example fails the page
python3 - "$WORK/codebook.conf" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace('''    { code = "HC";''', '''    { code = "QX"; title = "Thử"; kind = "incident"; name = "thu"; alert = "never";
      usage = "QX <T/G> <tuoi>. Vd: QX G 9"; },
    { code = "HC";''', 1)
open(p, "w").write(s)
PY
"$REPORTGW" codes --mdoc "$WORK/reportgw.conf" > "$WORK/new.mdoc" 2> "$WORK/err"
expect "codes --mdoc CONFIG exits 0" [ $? -eq 0 ]
expect "and names the file" contains "$WORK/err" "reportgw: config $WORK/reportgw.conf"
expect "a code added to the code book is in its page" grep -q '^\.It Cm QX$' "$WORK/new.mdoc"
sed -i 's/Vd: QX G 9"/Vd: QX 9"/' "$WORK/codebook.conf"
"$REPORTGW" codes --mdoc "$WORK/reportgw.conf" > /dev/null 2> "$WORK/err"
expect "an example the parser refuses fails (exit 1)" [ $? -eq 1 ]
expect "and says which" contains "$WORK/err" 'the example of QX ("QX 9") is not a valid QX message'
"$REPORTGW" codes --bogus > /dev/null 2>&1
expect "a bad option is a usage error (exit 2)" [ $? -eq 2 ]
finish
