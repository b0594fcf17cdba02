# The HTML digest of a demo day in a real headless browser (Debian's
# Chromium) at a phone's 375 px: the picture must not be blank.  The PNG is
# kept in build/artifacts/ to be looked at.
. "$(dirname "$0")/lib.sh"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
expect "chromium is installed" [ -n "$CHROMIUM" ]
[ -n "$CHROMIUM" ] || finish
make_config
python3 "$SRC/scripts/demo-day" --date 2026-11-27 > "$WORK/day.json"
start_fake --script "$WORK/day.json"
provider_config africastalking
start_smtp
smtp_config off
run_idle
"$REPORTGW" digest -f "$WORK/reportgw.conf" --date 2026-11-27 \
    --group "Bac Ai (cu)" --html "$WORK/digest.html" > /dev/null
expect "digest HTML written" contains "$WORK/digest.html" "</html>"
mkdir -p "$SRC/build/artifacts"
PNG="$SRC/build/artifacts/digest-375.png"
rm -f "$PNG"
"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$WORK/chromium" --hide-scrollbars \
    --window-size=375,3000 --screenshot="$PNG" "file://$WORK/digest.html" \
    > "$WORK/chromium.log" 2>&1
expect "screenshot taken" [ -s "$PNG" ]
shape=$(python3 "$(dirname "$0")/pngcheck.py" "$PNG" 375)
expect "375 px wide and not blank ($shape)" [ $? -eq 0 ]
echo "# screenshot: $PNG ($shape)"
# nothing in the page needs more than the phone's width
expect "no fixed widths beyond 375 px" python3 -c '
import re, sys
html = open(sys.argv[1]).read()
wide = [int(w) for w in re.findall(r"(?<!max-)width:(\d+)px", html) if int(w) > 375]
sys.exit(1 if wide else 0)' "$WORK/digest.html"
finish
