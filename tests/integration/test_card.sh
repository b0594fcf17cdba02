# The printed card (reportgw card): made from the code book and the labels,
# in Vietnamese with diacritics, every text escaped; printed to PDF by a
# real headless browser (Debian's Chromium) it is exactly two A6 pages
# (105 x 148 mm = 298 x 420 pt), for a village and for a commune.  The
# PDFs are kept in build/artifacts/ to be looked at.
. "$(dirname "$0")/lib.sh"

make_config
C="$WORK/reportgw.conf"
"$REPORTGW" card -f "$C" --html "$WORK/card.html" > "$WORK/out" 2>&1
expect "card written" [ $? -eq 0 ]
H="$WORK/card.html"
expect "A6 page" contains "$H" "@page{size:A6;size:105mm 148mm;"
expect "Vietnamese with diacritics" contains "$H" '<html lang="vi">'
expect "the number to text (provider.sender)" contains "$H" '"big">8077<'
expect "the USSD code (ussd.code)" contains "$H" "<b>*384*77#</b>"
# the first codes of the menu order, each with its title and example: the
# code first on the USSD list ("1. Duoi nuoc") is first on the card
"$REPORTGW" codes "$C" > "$WORK/codes" 2>/dev/null
first=$(head -1 "$WORK/codes" | cut -f1)
top=$("$REPORTGW" ussd -f "$C" 1 2>/dev/null | sed -n 's/^1\. //p')
top=$(awk -F'\t' -v n="$top" 'tolower($3) == tolower(n) { print $1 }' \
    "$WORK/codes")
expect "the codes used most first: the menu's rank 1 ($top)" \
    python3 -c 'import re, sys
rows = re.findall(r"<tr><th><code>([^<]*)</code></th><td><b>", open(sys.argv[1]).read())
sys.exit(0 if rows and rows[0] == sys.argv[2] else 1)' "$H" "$top"
expect "its title with diacritics" contains "$H" \
    "<th><code>$top</code></th><td><b>Đuối nước</b>"
expect "an example read back in words" \
    contains "$H" "<code>DN G 7 C</code> = 1 trẻ gái 7 tuổi, tử vong"
expect "sex words" contains "$H" "<code>G</code> = gái"
expect "age in months" contains "$H" "<code>8TH</code> = 8 tháng"
expect "outcome words" contains "$H" "<code>C</code> = tử vong"
for k in KO SUA HUY; do
	expect "$k on the card" contains "$H" "<th><code>$k</code></th>"
done
expect "every code named (the code book's first: $first)" \
    contains "$H" "<code>$first</code>"
sed -n '/<body>/,$p' "$H" > "$WORK/body"
expect "no placeholder left" lacks "$WORK/body" "{"

"$REPORTGW" card -f "$C" --commune BAD --html "$WORK/bad.html" > /dev/null 2>&1
expect "commune card written" [ $? -eq 0 ]
expect "the commune by name" contains "$WORK/bad.html" "Xã <b>Bắc Ái Đông</b>"
expect "its village codes" contains "$WORK/bad.html" "<code>BAD01</code> Châu Đắc"
"$REPORTGW" card -f "$C" --commune NOPE --html "$WORK/x.html" > /dev/null 2>&1
expect "unknown commune refused" [ $? -eq 2 ]
"$REPORTGW" card -f "$C" > /dev/null 2>&1
expect "--html is required" [ $? -eq 2 ]

# everything is escaped: labels, titles, names from the config
E="$WORK/esc"
mkdir -p "$E"
cp "$WORK"/*.conf "$WORK"/demo-* "$E/"
sed -i 's|^  card_title = .*|  card_title = "Thẻ <script>x</script> \& \\"q\\"";|' "$E/labels.conf"
sed -i 's|name = "Châu Đắc";|name = "Châu <i>Đắc</i>";|' "$E/bacai.conf"
sed -i 's|title = "Bạo lực";|title = "Bạo <b>lực</b> \& co";|' "$E/codebook.conf"
"$REPORTGW" card -f "$E/reportgw.conf" --commune BAD --html "$E/card.html" \
    > /dev/null 2>&1
expect "escaped config still makes a card" [ $? -eq 0 ]
expect "labels escaped" contains "$E/card.html" \
    "Thẻ &lt;script&gt;x&lt;/script&gt; &amp; &quot;q&quot;"
expect "village names escaped" contains "$E/card.html" "Châu &lt;i&gt;Đắc"
expect "titles escaped" contains "$E/card.html" "Bạo &lt;b&gt;lực&lt;/b&gt; &amp; co"
expect "no raw tag from the config" lacks "$E/card.html" "<script>"

# a labels.conf without the card's labels: check warns, card refuses
sed -i '/^  card_sms = /d' "$E/labels.conf"
"$REPORTGW" check -f "$E/reportgw.conf" > "$WORK/check" 2>&1
expect "check still passes" [ $? -eq 0 ]
expect "check warns about the card's label" contains "$WORK/check" \
    "warning: labels.card_sms is missing"
"$REPORTGW" card -f "$E/reportgw.conf" --html "$E/x.html" > "$WORK/out" 2>&1
expect "card refuses without it" [ $? -eq 2 ]
expect "and names it" contains "$WORK/out" "labels.card_sms is missing"

# printed by Chromium: exactly two A6 pages
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	if [ -n "${CI:-}" ]; then
		not_ok "chromium is installed" "CI needs it (scripts/install-deps)"
	else
		echo "ok # skip PDF checks: chromium is not installed"
	fi
	finish
fi
mkdir -p "$SRC/build/artifacts"
for name in card bad; do
	PDF="$SRC/build/artifacts/$name.pdf"
	rm -f "$PDF"
	"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
	    --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync \
	    --user-data-dir="$WORK/chromium" --no-pdf-header-footer \
	    --print-to-pdf="$PDF" "file://$WORK/$name.html" \
	    > "$WORK/chromium.log" 2>&1
	expect "$name: PDF printed" [ -s "$PDF" ]
	shape=$(python3 - "$PDF" <<'PY'
import re, sys, zlib
data = open(sys.argv[1], "rb").read()
# page objects may sit in compressed object streams: look inside them too
texts = [data]
for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
    try:
        texts.append(zlib.decompress(m.group(1)))
    except zlib.error:
        pass
pages, boxes = 0, set()
for t in texts:
    pages += len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", t))
    for b in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", t):
        x0, y0, x1, y1 = (float(v) for v in b.split())
        boxes.add((round(x1 - x0), round(y1 - y0)))
print(pages, " ".join("%dx%d" % b for b in sorted(boxes)))
PY
)
	echo "# $name.pdf: pages and sizes in pt: $shape"
	expect "$name: exactly two pages ($shape)" [ "${shape%% *}" = 2 ]
	expect "$name: A6, 298 x 420 pt ($shape)" [ "${shape#* }" = "298x420" ]
done
finish
