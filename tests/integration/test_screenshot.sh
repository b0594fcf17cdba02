# The HTML digest of a demo day laid out by a real headless browser
# (Debian's Chromium, driven by Selenium) as a phone 375 px wide shows it:
# at most 4,000 px tall and nothing wider than the screen, both as the
# page (`digest --html`, its chart inline SVG) and as the e-mail (its
# chart the cid: PNG of the mail), on the demo day as `make demo` leaves
# it and with its alerts' cases open that day, as a running gateway has
# them.  Chromium's own --window-size cannot lay a page out under 500 px,
# hence the phone emulation (phonecheck.py).  The pictures are kept in
# build/artifacts/ to be looked at.
. "$(dirname "$0")/lib.sh"
PY3=/usr/bin/python3	# Debian's, with python3-selenium

MAX_HEIGHT=4000
WIDTH=375
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
expect "chromium is installed" [ -n "$CHROMIUM" ]
expect "chromedriver and python3-selenium are installed" \
    sh -c "command -v chromedriver > /dev/null && $PY3 -c 'import selenium'"
[ -n "$CHROMIUM" ] || finish
make_config
python3 "$SRC/scripts/demo-day" --date 2026-11-27 > "$WORK/day.json"
start_fake --script "$WORK/day.json"
provider_config africastalking
start_smtp
smtp_config off
run_idle
G="Bac Ai (cu)"
mkdir -p "$SRC/build/artifacts"

# get JSON KEY: a number of phonecheck's answer
get() { python3 -c 'import json, sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

# measure NAME HTML: lays it out at 375 px as a phone and as a desktop
# window; the page's height and widths within the limits
measure() {
	local name=$1 html=$2 png="$SRC/build/artifacts/digest-375-$1.png" m
	rm -f "$png"
	m=$($PY3 "$(dirname "$0")/phonecheck.py" "$html" $WIDTH "$png" 2>> "$WORK/phone.log")
	expect "$name: laid out at $WIDTH px" [ -n "$m" ]
	[ -n "$m" ] || return
	echo "# $name at $WIDTH px (phone): $m"
	expect "$name: at most $MAX_HEIGHT px tall" \
	    [ "$(get "$m" height)" -le $MAX_HEIGHT ]
	expect "$name: no sideways scrolling (scrollWidth <= $WIDTH)" \
	    [ "$(get "$m" scroll_width)" -le $WIDTH ]
	expect "$name: no element beyond the screen's edge" \
	    [ "$(get "$m" widest)" -le $WIDTH ]
	expect "$name: the urgent, open cases, villages to call, summary and quality sections, in that order" \
	    python3 -c 'import json, sys
t = json.loads(sys.argv[1])["tops"]
order = [t[k] for k in ("section_urgent", "section_cases", "section_silent",
                        "section_communes", "section_quality") if k in t]
sys.exit(0 if order == sorted(order) and len(order) >= 4 else 1)' "$m"
	m=$($PY3 "$(dirname "$0")/phonecheck.py" --desktop "$html" $WIDTH 2>> "$WORK/phone.log")
	echo "# $name at $WIDTH px (desktop window): $m"
	expect "$name: a desktop window $WIDTH px wide does not scroll sideways either" \
	    [ "$(get "$m" scroll_width)" -le $WIDTH ]
	shape=$(python3 "$(dirname "$0")/pngcheck.py" "$png" $WIDTH)
	expect "$name: the picture is $WIDTH px wide and not blank ($shape)" [ $? -eq 0 ]
}

# the e-mail's HTML with its cid: image as a file beside it
mail_html() {
	python3 - "$1" "$2" <<'PY'
import email, email.policy, os, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
out = sys.argv[2]
html = m.get_body(("html",)).get_content()
for p in m.walk():
    if p["Content-ID"]:
        name = p.get_filename()
        open(os.path.join(os.path.dirname(out), name), "wb").write(p.get_content())
        html = html.replace("cid:" + p["Content-ID"].strip("<>"), name)
open(out, "w").write(html)
PY
}

"$REPORTGW" digest -f "$WORK/reportgw.conf" --date 2026-11-27 \
    --group "$G" --html "$WORK/digest.html" > /dev/null
expect "digest HTML written" contains "$WORK/digest.html" "</html>"
expect "the page draws its chart inline (SVG)" contains "$WORK/digest.html" "<svg"
measure page "$WORK/digest.html"
"$REPORTGW" digest -f "$WORK/reportgw.conf" --date 2026-11-27 --group "$G" \
    --send > /dev/null 2>&1
expect "the digest mailed" [ "$(mails)" -ge 1 ]
mkdir -p "$WORK/mail-html"
mail_html "$(ls -t "$MAILDIR"/*.eml | head -1)" "$WORK/mail-html/digest.html"
expect "the e-mail names its chart by cid:" contains "$WORK/mail-html/digest.html" 'src="weeks.png"'
measure e-mail "$WORK/mail-html/digest.html"

# the same day with every alert's case open since its report came, some
# acknowledged, some escalated: each urgent report then says its state
sql "UPDATE cases SET opened_at = (SELECT received_at FROM reports r
       WHERE r.id = cases.report_id) + 60;
     UPDATE cases SET status = 'acknowledged', owner = 'Lê Thị Thu Hà (+84905000111)',
       acknowledged_at = opened_at + 1800 WHERE id % 3 = 0;
     UPDATE cases SET level = 2, escalated_at = opened_at + 7200
       WHERE id % 5 = 0 AND status = 'open'"
"$REPORTGW" digest -f "$WORK/reportgw.conf" --date 2026-11-27 \
    --group "$G" --html "$WORK/cases.html" > /dev/null
expect "with the cases: the open cases section" contains "$WORK/cases.html" 'id="section_cases"'
measure with-cases "$WORK/cases.html"
# nothing in the page needs more than the phone's width
expect "no fixed widths beyond $WIDTH px" python3 -c '
import re, sys
html = open(sys.argv[1]).read()
wide = [int(w) for w in re.findall(r"(?<!max-)width:(\d+)px", html) if int(w) > 375]
sys.exit(1 if wide else 0)' "$WORK/digest.html"
finish
