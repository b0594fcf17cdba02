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
n=$(sed -n 's/.*reporters, \([0-9]*\) codes,.*/\1/p' "$WORK/check.out")
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

# the messages the hand-written part cites read as it says
while IFS='|' read -r text want; do
	out=$("$REPORTGW" parse --at 2026-11-20T10:00:00+07:00 -- "$text" 2> /dev/null)
	case $out in
	*"$want"*) ok "the page's example \"$text\" reads as it says" ;;
	*) not_ok "the page's example \"$text\" reads as it says" "$out" ;;
	esac
done <<'CASES'
BL G 9|"count":1,"sex":"F","age_months":108
bl.g.9|"code":"BL","count":1,"sex":"F","age_months":108
Bạo lực gái 9 tuổi|"code":"BL","count":1,"sex":"F","age_months":108
BC BL G 9|"code":"BL"
BAO LUC G 9|"code":"BL"
BL G 2 9|"count":2,"sex":"F","age_months":108
LD 3 T 13|"count":3,"sex":"M","age_months":156
BL 9T G|"age_months":108
BL G 8 THANG|"age_months":8
BL G 9 N CA MOI|"flags":["serious","police","new"]
BL BAT02 G 9|"village":"BAT02"
SUA 123 BL G 10|"kind":"correct","ref":123
HUY 123|"kind":"cancel","ref":123
MN 42 40 T10|"period":"2026-10"
MN 42 40 THANG 10|"period":"2026-10"
MN 42 40 T10 2025|"period":"2025-10"
KO W47|"period":"2026-W47"
TE 410 150 30 Q3|"period":"2026-Q3"
TE 410 150 30 T10|"error":"bad_value","field":"period"
CASES
expect "the page cites them" grep -qF '.Ql BL G 2 9' "$SRC/man/reportgw-codes.7.in"

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
