# Hostile stored text in what people read: CSV cells a spreadsheet would
# run as formulas (OWASP CSV injection) or damage (phone numbers, leading
# zeros), and terminal escapes (ESC, OSC, the 8-bit CSI U+009B) and invalid
# UTF-8 in texts, names and provider error bodies, planted straight into
# the database, then read back through `export`, `reporters list`,
# `status`, `digest --dry-run` and the digest's CSV attachment.
. "$(dirname "$0")/lib.sh"

DAY=2026-11-27
make_config
start_fake
provider_config africastalking
start_smtp
smtp_config off
fake_post /_control/inbox '{"messages": [
  {"from": "+84912000101", "text": "BL G 9", "at": "2026-11-27T08:00:00+07:00"},
  {"from": "+84912000102", "text": "BL G 9", "at": "2026-11-27T08:10:00+07:00"},
  {"from": "+84988000001", "text": "=HYPERLINK(\"http://x.example/\",\"click\")", "at": "2026-11-27T09:00:00+07:00"},
  {"from": "+84988000002", "text": "+SUM(1,2)", "at": "2026-11-27T09:01:00+07:00"},
  {"from": "+84988000003", "text": "-2+3", "at": "2026-11-27T09:02:00+07:00"},
  {"from": "+84988000004", "text": "@SUM(1)", "at": "2026-11-27T09:03:00+07:00"},
  {"from": "+84988000005", "text": "  =1+1", "at": "2026-11-27T09:04:00+07:00"}]}'
run_idle
expect "daemon idle" [ $? -eq 0 ]

# planted: what the ingest path should never store, but an older database
# (or another writer) may hold
T=$(sql "SELECT max(received_at) FROM inbox")
ins() {
	sql "INSERT INTO inbox (provider, provider_id, sender, text, digest,
	    received_at, stored_at, status) VALUES ('at', '$1', $2, $3, 0,
	    $T, $T, 'rejected')"
}
ins p-esc "'+84988000010'" "CAST(X'1b5b324a636c656172' AS BLOB)"	# ESC[2Jclear
ins p-osc "'+84988000011'" "CAST(X'1b5d303b7469746c6507' AS BLOB)"	# OSC 0;title BEL
ins p-c1 "'+84988000012'" "CAST(X'c29b33316d726564' AS BLOB)"		# CSI 31m red
ins p-bad "'+84988000013'" "CAST(X'61ff62c3' AS BLOB)"			# a, FF, b, cut C3
ins p-del "'+84988000014'" "CAST(X'617f62' AS BLOB)"			# a DEL b
ins p-tab "'0905000111'" "CAST(X'093d312b31' AS BLOB)"			# TAB =1+1
ins p-cr "char(27) || ']0;x' || char(7)" "CAST(X'0d3d312b31' AS BLOB)"	# CR =1+1
sql "INSERT INTO reporters (phone, name, village, commune, status, source,
    created_at, updated_at) VALUES ('0905000111',
    CAST(X'4e616d1b5b324a65c29b' AS TEXT) || CAST(X'ff' AS TEXT), 'X', 'Y',
    'pending', 'sms', $T, $T)"
sql "INSERT OR REPLACE INTO meta (key, value) VALUES
    ('last_poll_error', 'HTTP 500: ' || char(27) || '[2J' || char(27) ||
     ']0;pwned' || char(7) || CAST(X'c29b' AS TEXT) || CAST(X'fe' AS TEXT)),
    ('last_poll_ok', '1'), ('last_poll_try', '2')"
sql "INSERT INTO mail (kind, day, grp, message_id, status, next_attempt_at,
    error, created_at, sent_at) VALUES ('digest', '2026-11-01', 'all',
    '<x@example>', 'failed', 0, '550 ' || char(27) || '[31m', $T, $T)"
sql "UPDATE outbox SET error = '=1+1 ' || char(27) || '[2J' WHERE id = (SELECT min(id) FROM outbox)"
# an alert: the digest's e-mail lists it with its note
sql "UPDATE reports SET details = json_set(details, '\$.note',
    '=cmd|'' /C calc''!A0 ' || char(27) || '[2J' || char(155)), alert = 1
    WHERE id = 1"

R="$REPORTGW"
F="$WORK/reportgw.conf"
"$R" export -f "$F" --what messages --format csv > "$WORK/m.csv"
"$R" export -f "$F" --what messages > "$WORK/m.json"
"$R" export -f "$F" --what reports --format csv > "$WORK/r.csv"
"$R" export -f "$F" --what reports > "$WORK/r.json"
"$R" export -f "$F" --what outbox --format csv > "$WORK/o.csv"
"$R" export -f "$F" --what outbox > "$WORK/o.json"
"$R" reporters -f "$F" list > "$WORK/list.txt"
"$R" status -f "$F" > "$WORK/status.txt"
"$R" digest -f "$F" --date $DAY --dry-run > "$WORK/digest.txt"
"$R" digest -f "$F" --date $DAY --html "$WORK/digest.html" > /dev/null
before=$(mails)
"$R" digest -f "$F" --date $DAY --send > /dev/null 2>&1
expect "digest sent" [ "$(mails)" -gt "$before" ]
python3 - "$(ls "$MAILDIR"/*.eml | sort | sed -n "$((before + 1))p")" \
    "$WORK/digest.csv" <<'PY'
import email, email.policy, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
for p in m.iter_attachments():
    if p.get_content_type() == "text/csv":
        open(sys.argv[2], "wb").write(p.get_payload(decode=True))
PY

# safe FILE: no raw terminal controls (C0 but LF, TAB and CR before LF;
# DEL; C1) and nothing that is not UTF-8
safe() {
	python3 - "$1" <<'PY'
import re, sys
b = open(sys.argv[1], "rb").read()
try:
    t = b.decode("utf-8")
except UnicodeDecodeError as e:
    sys.exit("invalid UTF-8: %s" % e)
bad = re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)", t)
if bad:
    sys.exit("raw control U+%04X at %d" % (ord(bad.group()), bad.start()))
PY
}
for f in m.csv m.json r.csv r.json o.csv o.json list.txt status.txt \
    digest.txt digest.html digest.csv; do
	expect "no raw control bytes or invalid UTF-8 in $f" safe "$WORK/$f"
done

expect "status shows the poll error, escaped" \
    contains "$WORK/status.txt" 'HTTP 500: \x1b[2J\x1b]0;pwned\x07\u009b\xfe'
expect "status shows the e-mail error, escaped" \
    contains "$WORK/status.txt" '550 \x1b[31m'
expect "reporters list shows the name, escaped" \
    contains "$WORK/list.txt" 'Nam\x1b[2Je\u009b\xff'
expect "JSON export: invalid UTF-8 is not left out" \
    contains "$WORK/m.json" '"text":"a\\xffb\\xc3"'
expect "JSON export: C1 as \\u009B" contains "$WORK/m.json" '"text":"\u009B31mred"'
expect "JSON export: DEL as \\u007F" contains "$WORK/m.json" '"text":"a\u007Fb"'
expect "JSON export: ESC as \\u001B (jansson)" \
    contains "$WORK/m.json" '"text":"\u001B[2Jclear"'
expect "JSON export: every message, none dropped" \
    [ "$(wc -l < "$WORK/m.json")" = "$(sql 'SELECT count(*) FROM inbox')" ]
expect "digest text: the note escaped" contains "$WORK/digest.txt" '\x1b[2J\u009b'
expect "digest HTML: the note escaped" contains "$WORK/digest.html" '=cmd|&#39; /C calc&#39;!A0 \x1b[2J\u009b'

# csvcheck FILE: every text field quoted, no cell a spreadsheet runs as a
# formula, phones and leading zeros kept as text, and what is expected
csvcheck() {
	python3 - "$@" <<'PY'
import csv, io, re, sys
path, want = sys.argv[1], sys.argv[2:]
t = open(path, "rb").read().decode("utf-8", "surrogateescape").lstrip("\ufeff")
rows = list(csv.reader(io.StringIO(t, newline="")))
cells = [c for r in rows for c in r]
for c in cells:
    if re.match(r" *[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]", c):
        sys.exit("formula cell %r" % c)
    if re.fullmatch(r"0[0-9]+|[0-9]{12,}", c):
        sys.exit("number a spreadsheet damages %r" % c)
# every text field quoted; only a number the gateway computed is bare
field = r'(?:"(?:[^"]|"")*"|-?[0-9]+(?:\.[0-9])?)'
for line in re.split(r'\r\n(?=(?:[^"]*"[^"]*")*[^"]*$)', t):
    if line and not re.fullmatch(field + "(?:," + field + ")*", line, re.S):
        sys.exit("unquoted text field in %r" % line[:80])
for w in want:
    if w not in cells:
        sys.exit("no cell %r in %s" % (w, cells[:40]))
PY
}
expect "messages CSV: formulas neutralised, phones text, escapes visible" \
    csvcheck "$WORK/m.csv" "'=HYPERLINK(\"http://x.example/\",\"click\")" \
    "'+SUM(1,2)" "'-2+3" "'@SUM(1)" "'  =1+1" "'+84988000001" \
    "'0905000111" "'	=1+1" '\x0d=1+1' '\x1b[2Jclear' \
    '\x1b]0;title\x07' '\u009b31mred' 'a\xffb\xc3' 'a\x7fb' \
    '\x1b]0;x\x07'
expect "messages CSV: every message" \
    [ "$(python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1], newline="")))) - 1)' "$WORK/m.csv")" = "$(sql 'SELECT count(*) FROM inbox')" ]
expect "reports CSV: the note neutralised and escaped" \
    csvcheck "$WORK/r.csv" "'=cmd|' /C calc'!A0 \\x1b[2J\\u009b" "'+84912000101"
expect "outbox CSV: the error neutralised and escaped" \
    csvcheck "$WORK/o.csv" "'=1+1 \\x1b[2J"
expect "digest CSV attachment: the note neutralised and escaped" \
    csvcheck "$WORK/digest.csv" "'=cmd|' /C calc'!A0 \\x1b[2J\\u009b" \
    "'+84912000101"
# a reporters file with escapes in the bad rows: named, escaped
printf 'phone,name,village\n\033[2J+849,A,BAT01\n+84912000999,B,\033]0;x\007\n' \
    > "$WORK/bad.csv"
"$R" reporters -f "$F" import "$WORK/bad.csv" 2> "$WORK/import.err"
expect "import refuses the bad rows" [ $? -ne 0 ]
expect "no raw control bytes in the import errors" safe "$WORK/import.err"
expect "import errors: the cells escaped" \
    contains "$WORK/import.err" '"\x1b[2J+849" is not a phone number'

# the alert e-mail of the report with the planted note, sent by the daemon
sql "INSERT INTO mail (kind, report_id, message_id, status, next_attempt_at,
    created_at) VALUES ('alert', 1, '<alert-1@example>', 'pending', 0, $T)"
before=$(mails)
run_idle
expect "alert e-mail sent" [ "$(mails)" = $((before + 1)) ]
python3 - "$(ls -t "$MAILDIR"/*.eml | head -1)" "$WORK/alert.txt" <<'PY'
import email, email.policy, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
open(sys.argv[2], "w").write(m.get_body(("plain",)).get_content())
PY
expect "no raw control bytes in the alert e-mail" safe "$WORK/alert.txt"
expect "alert e-mail: the note escaped" contains "$WORK/alert.txt" '\x1b[2J\u009b'
[ -n "${KEEP_WORK:-}" ] && cp -r "$WORK" "$KEEP_WORK"
finish
