# Periodic reports over a generated year: the figures against independent
# SQL counts, the XLSX read back with openpyxl, the CSV and the ADX (valid
# against tests/fixtures/adx/adx.xsd), the DHIS2 push against a fake
# instance (token, content types, import summary, 5xx retries, 409
# conflicts), the scheduled report e-mail (inline chart PNGs, XLSX) and
# the scheduled push exactly once across a kill -9.
. "$(dirname "$0")/lib.sh"
PY3=/usr/bin/python3	# Debian's, with python3-openpyxl

make_config
start_fake
provider_config africastalking
DHIS2_PORT=$(free_port)
DHIS2_TOKEN=d2pat_test0123456789abcdef
python3 "$SRC/tests/integration/fake-dhis2" --port "$DHIS2_PORT" \
    --token "$DHIS2_TOKEN" > "$WORK/dhis2.log" 2>&1 &
cleanup_hooks+=("kill $! 2>/dev/null")
wait_http "http://127.0.0.1:$DHIS2_PORT/_control"
D2="http://127.0.0.1:$DHIS2_PORT"
(umask 077; echo "$DHIS2_TOKEN" > "$WORK/dhis2.token")
python3 - "$WORK/reportgw.conf" "$D2" "$REPORTGW" <<'PY'
import subprocess, sys
path, url, rgw = sys.argv[1:]
combos = "\n".join('    %s_%s = "COC_%s_%s";' % (s, b, s, b)
                   for s in "FMU" for b in ("0_4", "5_9", "10_14", "15_17", "unknown"))
# every incident code of the code book needs a data element
codes = subprocess.run([rgw, "codes", path], capture_output=True, text=True,
                       check=True).stdout
incident = [l.split("\t")[0] for l in codes.splitlines()
            if l.split("\t")[1] == "incident"]
elements = "\n".join('    %s = "DE_%s";' % (c, c) for c in incident)
elements += '\n    TE_under_16 = "DE_TE_u16"; MN_age_5 = "DE_MN_age5"; MN_attending = "DE_MN_att";'
elements += '\n    NTR_attending = "DE_NT_att"; SDD_weighed = "DE_SDD_w"; TC_fully_immunised = "DE_TC";'
elements += '\n    KS_births = "DE_KS_b"; BOI_can_swim = "DE_BOI";'
open(path, "a").write('''
dhis2 = {
  url = "%s";
  token_file = "dhis2.token";
  data_set = "DS_BVTE";
  id_scheme = "code";
  timeout = 5;
  org_units = { BAT = "OU_BAT"; BAI = "OU_BAI"; BAD = "OU_BAD"; MSO = "OU_MSO"; BAT01 = "OU_BAT01"; };
  data_elements = {
%s
  };
  category_option_combos = {
%s
    default = "COC_default";
  };
  push = { monthly = true; day = 5; time = "09:00"; };
};
reports = { monthly_day = 5; time = "08:00"; to = [ "huyen@bacai.example.org" ]; };
''' % (url, elements, combos))
PY
F="$WORK/reportgw.conf"
"$REPORTGW" check -f "$F" > "$WORK/check.out" 2>&1
expect "the config with dhis2 and reports checks" [ $? -eq 0 ]

# validation: a code without a data element is named with its file:line
sed 's/^    BL = "DE_BL";$//' "$F" > "$WORK/bad.conf"
"$REPORTGW" check -f "$WORK/bad.conf" > "$WORK/bad.out" 2>&1
expect "a code without a data element is refused" [ $? -eq 2 ]
expect "... with file:line" grep -qE 'bad.conf:[0-9]+: dhis2.data_elements: incident code BL has no data element' "$WORK/bad.out"

# a generated year: 2026 and December 2025, every village, incidents of
# every sex and age band, cancelled and superseded ones, coverage
# (corrected once), zero reports, reporters who go silent
"$REPORTGW" status -f "$F" > /dev/null 2>&1
python3 - "$WORK/reportgw.db" "$SRC/config/bacai.conf" <<'PY'
import json, random, re, sqlite3, sys, datetime as dt
db, bacai = sys.argv[1:]
random.seed(17)
text = open(bacai).read()
villages = re.findall(r'code = "([A-Z]{3}[0-9]{2})"', text)
reporters = re.findall(r'phone = "0(\d+)"; name = "([^"]+)"; village = "([A-Z]{3}[0-9]{2})"', text)
con = sqlite3.connect(db)
tz = dt.timezone(dt.timedelta(hours=7))
start = dt.datetime(2025, 12, 1, tzinfo=tz)
for phone, name, v in reporters:
    con.execute("INSERT OR REPLACE INTO reporters VALUES (?,?,?,?,?,?,0,0)",
                ("+84" + phone, name, v, v[:3], "active", "config"))
silent = set(p for p, _, _ in reporters[::5])
rid = 0
codes = ["BL", "XH", "DN", "TN", "LD", "MCO"]
for day in range(396):
    base = start + dt.timedelta(days=day)
    for k in range(random.randint(0, 6)):
        phone, name, v = random.choice(reporters)
        if phone in silent and base.year == 2026:
            continue
        rid += 1
        t = int((base + dt.timedelta(minutes=random.randint(0, 1439))).timestamp())
        code = random.choice(codes)
        det = {"kind": "incident", "code": code, "count": random.choice([1, 1, 1, 2, 3]),
               "sex": random.choice(["F", "M", "M", "U"]), "flags": []}
        if random.random() < 0.9:
            det["age_months"] = random.randint(0, 215)
        if code in ("DN", "TN"):
            det["outcome"] = random.choice(["died", "survived"])
        status = random.choice(["active"] * 8 + ["cancelled", "superseded"])
        con.execute("INSERT INTO inbox (id, provider, provider_id, sender, text, digest,"
                    " received_at, stored_at, status) VALUES (?,?,?,?,?,0,?,?,?)",
                    (rid, "gen", str(rid), "+84" + phone, "x", t, t, "processed"))
        con.execute("INSERT INTO reports (id, inbox_id, phone, village, commune, kind, code,"
                    " period, fingerprint, details, alert, status, received_at, created_at,"
                    " updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (rid, rid, "+84" + phone, v, v[:3], "incident", code, None, "f%d" % rid,
                     json.dumps(det), int(code == "XH"), status, t, t, t))
    if base.weekday() == 0:
        for phone, name, v in reporters[::3]:
            if random.random() < 0.5:
                rid += 1
                t = int(base.timestamp()) + 3600
                y, w, _ = (base - dt.timedelta(days=1)).isocalendar()
                con.execute("INSERT INTO inbox (id, provider, provider_id, sender, text, digest,"
                            " received_at, stored_at, status) VALUES (?,?,?,?,?,0,?,?,?)",
                            (rid, "gen", str(rid), "+84" + phone, "KO", t, t, "processed"))
                con.execute("INSERT INTO reports (id, inbox_id, phone, village, commune, kind,"
                            " code, period, fingerprint, details, alert, status, received_at,"
                            " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,0,?,?,?,?)",
                            (rid, rid, "+84" + phone, v, v[:3], "zero", "KO",
                             "%d-W%02d" % (y, w), "z%d" % rid, '{"kind":"zero"}', "active",
                             t, t, t))
    if base.day == 3:
        prev = (base - dt.timedelta(days=5))
        period = "%d-%02d" % (prev.year, prev.month)
        for phone, name, v in reporters[::2]:
            for corrected in (0, 1):
                rid += 1
                t = int(base.timestamp()) + 7200 + corrected * 60
                vals = {"age_5": random.randint(20, 50)}
                vals["attending"] = vals["age_5"] - random.randint(0, 5)
                con.execute("INSERT INTO inbox (id, provider, provider_id, sender, text, digest,"
                            " received_at, stored_at, status) VALUES (?,?,?,?,?,0,?,?,?)",
                            (rid, "gen", str(rid), "+84" + phone, "MN", t, t, "processed"))
                con.execute("INSERT INTO reports (id, inbox_id, phone, village, commune, kind,"
                            " code, period, fingerprint, details, alert, status, received_at,"
                            " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,0,?,?,?,?)",
                            (rid, rid, "+84" + phone, v, v[:3], "coverage", "MN", period,
                             "c%d" % rid, json.dumps({"kind": "coverage", "code": "MN",
                             "values": vals, "period": period}),
                             "superseded" if corrected == 0 else "active", t, t, t))
# cases: one per XH report (they alert), opened a few minutes after it;
# most acknowledged, some closed (some without an acknowledgement), a few
# reopened; those of cancelled reports count nowhere
for ref, phone, v, t in con.execute(
        "SELECT id, phone, village, received_at FROM reports WHERE code = 'XH'"
        " AND kind = 'incident' ORDER BY id").fetchall():
    opened = t + random.randint(0, 600)
    ack = opened + random.randint(60, 30000) if random.random() < 0.75 else None
    closed = reopened = None
    k = random.random()
    if ack and k < 0.6:
        closed = ack + random.randint(3600, 20 * 86400)
    elif not ack and k < 0.2:
        closed = opened + random.randint(600, 86400)
    if closed and random.random() < 0.1:
        reopened, closed = closed + 3600, None
    status = "closed" if closed else "acknowledged" if ack else "open"
    con.execute("INSERT INTO cases (ref, report_id, code, village, commune, phone, status,"
                " opened_at, acknowledged_at, closed_at, reopened_at, updated_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (ref, ref, "XH", v, v[:3], phone, status, opened, ack, closed, reopened,
                 opened))
con.execute("INSERT OR REPLACE INTO meta VALUES ('created_day', '2025-12-01')")
con.commit()
PY

# independent counts, straight from SQL (python3/sqlite3)
python3 - "$WORK/reportgw.db" > "$WORK/expected.json" <<'PY'
import json, sqlite3, sys, datetime as dt
con = sqlite3.connect(sys.argv[1])
tz = dt.timezone(dt.timedelta(hours=7))
def ts(y, m, d): return int(dt.datetime(y, m, d, tzinfo=tz).timestamp())
out = {}
for name, a, b in (("2026", ts(2026, 1, 1), ts(2027, 1, 1)),
                   ("2026-11", ts(2026, 11, 1), ts(2026, 12, 1)),
                   ("2026-10", ts(2026, 10, 1), ts(2026, 11, 1))):
    rows = con.execute("SELECT commune, village, details, alert FROM reports WHERE kind = 'incident'"
                       " AND status = 'active' AND received_at >= ? AND received_at < ?",
                       (a, b)).fetchall()
    per = {}
    bands = {}
    for commune, village, det, alert in rows:
        d = json.loads(det)
        n = d.get("count", 1)
        p = per.setdefault(commune, [0, 0, 0])
        p[0] += 1; p[1] += n; p[2] += alert
        age = d.get("age_months")
        band = "unknown" if age is None else ["0_4", "5_9", "10_14", "15_17"][min(age // 12 // 5, 3)]
        if age is not None and age // 12 >= 15:
            band = "15_17"
        key = "%s|%s|%s|%s" % (village, d["code"], d["sex"], band)
        bands[key] = bands.get(key, 0) + n
    out[name] = {"communes": per, "bands": bands}
# cases per commune, as of the period's end (or now): opened in it; of
# those acknowledged and closed by then with the medians; open then, and
# overdue (7 days since opened or reopened)
import time
def median(v):
    v = sorted(v)
    return None if not v else v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2
for name, a, b in (("2026-10", ts(2026, 10, 1), ts(2026, 11, 1)),
                   ("2026", ts(2026, 1, 1), ts(2027, 1, 1))):
    at = min(b, int(time.time()))
    rows = con.execute("SELECT c.commune, c.opened_at, c.acknowledged_at, c.closed_at,"
                       " c.reopened_at, c.status FROM cases c JOIN reports r ON r.id = c.report_id"
                       " WHERE r.status != 'cancelled'").fetchall()
    per = {}
    for commune, opened, ack, closed, reopened, status in rows:
        for key in (commune, "*"):
            p = per.setdefault(key, {"opened": 0, "acked": [], "closed": [], "open": 0, "overdue": 0})
            if a <= opened < b:
                p["opened"] += 1
                if ack is not None and ack < at:
                    p["acked"].append((ack - opened) / 3600)
                if closed is not None and closed < at:
                    p["closed"].append((closed - opened) / 86400)
            if opened < at and (status != "closed" or closed >= at):
                p["open"] += 1
                due = reopened if reopened is not None and reopened < at else opened
                p["overdue"] += at - due >= 7 * 86400
    out["cases " + name] = {k: [p["opened"], len(p["acked"]), median(p["acked"]),
                                len(p["closed"]), median(p["closed"]), p["open"], p["overdue"]]
                            for k, p in per.items()}
mn = con.execute("SELECT village, details FROM reports WHERE kind = 'coverage' AND code = 'MN'"
                 " AND status = 'active' AND period = '2026-11'").fetchall()
out["MN"] = {v: json.loads(d)["values"] for v, d in mn}
print(json.dumps(out))
PY

R="$REPORTGW"
"$R" report -f "$F" --period 2026 --format csv -o "$WORK/y.csv" 2> "$WORK/err"
expect "yearly CSV report" [ $? -eq 0 ]
expect "CSV starts with a BOM" [ "$(head -c 3 "$WORK/y.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ]
python3 - "$WORK/y.csv" "$WORK/expected.json" 2026 "$WORK/reportgw.conf" > "$WORK/cmp.out" <<'PY'
import csv, io, json, re, sys
path, exp, period, conf = sys.argv[1:]
exp = json.load(open(exp))[period]
text = open(path, encoding="utf-8-sig").read()
rows = list(csv.reader(io.StringIO(text, newline="")))
names = dict(re.findall(r'code = "([A-Z]{3})"; name = "([^"]+)"', open(conf.replace("reportgw.conf", "bacai.conf")).read()))
vnames = dict(re.findall(r'code = "([A-Z]{3}[0-9]{2})"; name = "([^"]+)"', open(conf.replace("reportgw.conf", "bacai.conf")).read()))
sections, cur = {}, None
for r in rows:
    if len(r) == 1 and r[0]:
        cur = r[0]; sections[cur] = []
    elif r and cur:
        sections[cur].append(r)
summ = sections["Tổng hợp"]
head, body = summ[0], summ[1:]
bad = 0
for code, (reports, children, alerts) in exp["communes"].items():
    row = [r for r in body if r[0] == names[code] and r[1] == "Tổng"]
    got = (int(row[0][2]), int(row[0][5]), int(row[0][8])) if row else None
    if got != (reports, children, alerts):
        print("commune %s: want %s got %s" % (code, (reports, children, alerts), got)); bad += 1
inc = sections["Sự việc"]
h, b = inc[0], inc[1:]
sexes = {"gái": "F", "trai": "M", "không rõ giới": "U"}
bands = ["0_4", "5_9", "10_14", "15_17", "unknown"]
got = {}
for r in b:
    if r[1] in ("Tổng",) or r[0] == "Tổng":
        continue
    v = [k for k, n in vnames.items() if n == r[1]][0]
    for i, band in enumerate(bands):
        n = int(r[6 + i])
        if n:
            key = "%s|%s|%s|%s" % (v, r[2], sexes[r[4]], band)
            got[key] = got.get(key, 0) + n
if got != exp["bands"]:
    diff = set(got.items()) ^ set(exp["bands"].items())
    print("bands differ: %s" % sorted(diff)[:10]); bad += 1
print("ok" if bad == 0 else "bad")
PY
expect "yearly figures = independent SQL counts ($(tail -1 "$WORK/cmp.out"))" [ "$(tail -1 "$WORK/cmp.out")" = ok ]
grep -v "^ok$" "$WORK/cmp.out" | head -5 | sed "s/^/# /"

# the cases section against the independent figures: per commune and in
# all, for a month gone by and for the year under way
"$R" report -f "$F" --period 2026-10 --format csv -o "$WORK/o.csv" 2>> "$WORK/err"
python3 - "$WORK/o.csv" "$WORK/y.csv" "$WORK/expected.json" "$SRC/config/bacai.conf" > "$WORK/cases.out" <<'PY'
import csv, io, json, re, sys
oct_, year, exp, bacai = sys.argv[1:]
exp = json.load(open(exp))
names = dict(re.findall(r'code = "([A-Z]{3})"; name = "([^"]+)"', open(bacai).read()))
bad = 0
for path, period in ((oct_, "2026-10"), (year, "2026")):
    rows = list(csv.reader(io.StringIO(open(path, encoding="utf-8-sig").read(), newline="")))
    sec, cur = {}, None
    for r in rows:
        if len(r) == 1 and r[0]:
            cur = r[0]; sec[cur] = []
        elif r and cur:
            sec[cur].append(r)
    body = sec["Vụ việc"]
    assert body[0] == ["Xã", "Vụ việc mới", "Đã nhận", "Thời gian đến khi nhận, trung vị (giờ)",
                       "Đã đóng", "Thời gian đến khi đóng, trung vị (ngày)", "Còn mở cuối kỳ",
                       "Quá hạn cuối kỳ"], body[0]
    got = {r[0]: r[1:] for r in body[1:]}
    want = exp["cases " + period]
    assert len(got) == 5 and want["*"][0] > 0 and want["*"][5] > 0, (got, want["*"])
    for code, w in want.items():
        g = got["Tổng" if code == "*" else names[code]]
        for i, (gv, wv) in enumerate(zip(g, w)):
            if wv is None and gv == "" or wv is not None and gv != "" and abs(float(gv) - wv) < 0.051:
                continue
            print("%s %s column %d: want %s got %s" % (period, code, i + 1, wv, gv)); bad += 1
print("ok" if bad == 0 else "bad")
PY
expect "cases per commune and in all = independent SQL figures ($(tail -1 "$WORK/cases.out"))" [ "$(tail -1 "$WORK/cases.out")" = ok ]
grep -v "^ok$" "$WORK/cases.out" | head -5 | sed "s/^/# /"

"$R" report -f "$F" --period 2026-11 --format xlsx -o "$WORK/m.xlsx" 2>> "$WORK/err"
expect "monthly XLSX report" [ $? -eq 0 ]
"$R" report -f "$F" --period 2026-11 --format csv -o "$WORK/m.csv" 2>> "$WORK/err"
$PY3 - "$WORK/m.xlsx" "$WORK/m.csv" "$WORK/expected.json" > "$WORK/xlsx.out" 2>&1 <<'PY'
import csv, io, json, sys, openpyxl
xl, cs, exp = sys.argv[1:]
wb = openpyxl.load_workbook(xl)
want = ["Tổng hợp", "Sự việc", "Vụ việc", "Số liệu", "Các chỉ số", "Mức đầy đủ", "Theo tuần", "Người báo cáo", "Biểu đồ"]
assert wb.sheetnames == want, wb.sheetnames
text = open(cs, encoding="utf-8-sig").read()
rows = list(csv.reader(io.StringIO(text, newline="")))
sections, cur = {}, None
for r in rows:
    if len(r) == 1 and r[0]:
        cur = r[0]; sections.setdefault(cur, [])
    elif r and cur:
        sections[cur].append(r)
for name in ("Tổng hợp", "Sự việc", "Vụ việc", "Số liệu", "Mức đầy đủ", "Người báo cáo"):
    ws = wb[name]
    assert ws.freeze_panes == "A3", (name, ws.freeze_panes)
    assert ws["A1"].value == name, (name, ws["A1"].value)
    got = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    csvrows = sections[name]
    assert len(got) == len(csvrows), (name, len(got), len(csvrows))
    for g, c in zip(got, csvrows):
        for a, b in zip(g, c):
            if isinstance(a, (int, float)):
                assert abs(a - float(b)) < 0.051, (name, a, b)
            else:
                assert (a or "") == b.lstrip("'") or (a or "") == b, (name, a, b)
ws = wb["Tổng hợp"]
assert isinstance(ws["C3"].value, (int, float)), ws["C3"].value
e = json.load(open(exp))
mn = wb["Số liệu"]
rows = [[c.value for c in r] for r in mn.iter_rows(min_row=3)]
tot = [r for r in rows if r[0] == "Tổng" and r[2] == "MN" and r[4] == "2026-11"][0]
assert tot[6] == sum(v["attending"] for v in e["MN"].values()), tot
assert tot[7] == sum(v["age_5"] for v in e["MN"].values()), tot
print("ok")
PY
expect "XLSX read back with openpyxl: sheets, frozen headers, numbers, same as the CSV ($(tail -1 "$WORK/xlsx.out"))" [ "$(tail -1 "$WORK/xlsx.out")" = ok ]

"$R" report -f "$F" --period 2026-11 --format html -o "$WORK/m.html" 2>> "$WORK/err"
expect "HTML report" [ $? -eq 0 ]
expect "HTML has its charts as SVG with a text equivalent" \
    [ "$(grep -c '<svg' "$WORK/m.html")" -ge 3 ]
expect "HTML: alt text of the incidents chart" contains "$WORK/m.html" "Biểu đồ cột: số sự việc mỗi tuần"
"$R" report -f "$F" --period 2026-W48 --commune BAT --format csv -o "$WORK/w.csv" 2>> "$WORK/err"
expect "a week of one commune" [ $? -eq 0 ]
expect "... only that commune" lacks "$WORK/w.csv" "Bắc Ái Đông"
"$R" report -f "$F" --period 2026-Q4 --format csv -o "$WORK/q.csv" 2>> "$WORK/err"
expect "a quarter" [ $? -eq 0 ]
"$R" report -f "$F" --period 2026-13 --format csv > /dev/null 2>&1
expect "a bad period is a usage error" [ $? -eq 2 ]

# DHIS2 and ADX
"$R" report -f "$F" --period 2026-11 --format dhis2 -o "$WORK/m.json" 2>> "$WORK/err"
expect "dataValueSets JSON" [ $? -eq 0 ]
python3 - "$WORK/m.json" "$WORK/expected.json" > "$WORK/d2.out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
e = json.load(open(sys.argv[2]))["2026-11"]
assert d["dataSet"] == "DS_BVTE" and d["period"] == "202611", (d["dataSet"], d["period"])
vals = {(v["dataElement"], v["orgUnit"], v.get("categoryOptionCombo")): int(v["value"]) for v in d["dataValues"]}
want = {}
for key, n in e["bands"].items():
    village, code, sex, band = key.split("|")
    for ou in ("OU_" + village[:3],) + (("OU_BAT01",) if village == "BAT01" else ()):
        k = ("DE_" + code, ou, "COC_%s_%s" % (sex, band))
        want[k] = want.get(k, 0) + n
for k, n in want.items():
    assert vals.get(k) == n, (k, vals.get(k), n)
nonzero = {k: v for k, v in vals.items() if v and k[0] in ["DE_" + c for c in "BL XH DN TN LD MCO".split()]}
assert set(nonzero) == set(want), set(nonzero) ^ set(want)
mn = [v for v in d["dataValues"] if v["dataElement"] == "DE_MN_att" and v["orgUnit"] == "OU_BAT"]
assert mn and mn[0]["categoryOptionCombo"] == "COC_default", mn
print("ok")
PY
expect "DHIS2 values = independent SQL counts ($(tail -1 "$WORK/d2.out"))" [ "$(tail -1 "$WORK/d2.out")" = ok ]
"$R" report -f "$F" --period 2026-11 --format adx -o "$WORK/m.adx" 2>> "$WORK/err"
expect "ADX XML" [ $? -eq 0 ]
expect "ADX valid against the ADX schema" xmllint --noout --schema "$SRC/tests/fixtures/adx/adx.xsd" "$WORK/m.adx"
expect "ADX period 2026-11-01/P1M" contains "$WORK/m.adx" 'period="2026-11-01/P1M"'
"$R" report -f "$F" --period 2026-W48 --format adx -o "$WORK/w.adx" 2>> "$WORK/err"
expect "ADX of a week valid too" xmllint --noout --schema "$SRC/tests/fixtures/adx/adx.xsd" "$WORK/w.adx"

# the push
ctl() { curl -sf "$D2/_control" -d "$1" > /dev/null; }
state() { curl -sf "$D2/_control" | python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
"$R" push -f "$F" dhis2 --period 2026-11 > "$WORK/push1" 2>&1
expect "push: exit 0" [ $? -eq 0 ]
expect "push: the import summary printed" grep -qE '^imported [1-9][0-9]*, updated 0, ignored 0, deleted 0, conflicts 0' "$WORK/push1"
expect "push: ApiToken accepted, JSON content type" [ "$(state 'd["types"][-1]')" = application/json ]
expect "push: idScheme CODE asked for" [ "$(state '"idScheme=CODE" in d["queries"][-1]')" = True ]
expect "push: no token in the output" lacks "$WORK/push1" "$DHIS2_TOKEN"
"$R" push -f "$F" dhis2 --period 2026-11 > "$WORK/push2" 2>&1
expect "push again: every value ignored (same values)" grep -qE '^imported 0, updated 0, ignored [1-9]' "$WORK/push2"
ctl '{"fail": [503, 502]}'
"$R" push -f "$F" dhis2 --period 2026-11 --format adx > "$WORK/push3" 2>&1
expect "push after two 5xx: retried, exit 0" [ $? -eq 0 ]
expect "... in 3 tries" contains "$WORK/push3" "in 3 tries"
expect "ADX push: adx+xml content type" [ "$(state 'd["types"][-1]')" = application/adx+xml ]
ctl '{"unknown": ["DE_XH"]}'
"$R" push -f "$F" dhis2 --period 2026-11 > "$WORK/push4" 2>&1
expect "push with a conflict: exit 1" [ $? -eq 1 ]
expect "... the conflict named" contains "$WORK/push4" "DE_XH: Data element"
expect "... 409 said" contains "$WORK/push4" "HTTP 409"
ctl '{"unknown": []}'
before=$(state 'd["posts"]')
"$R" push -f "$F" dhis2 --period 2026-11 --dry-run > "$WORK/push5" 2>&1
expect "dry run: sent with dryRun=true" [ "$(state '"dryRun=true" in d["queries"][-1]')" = True ]
echo "wrong-token-0123456789" > "$WORK/dhis2.token"
"$R" push -f "$F" dhis2 --period 2026-11 > "$WORK/push6" 2>&1
expect "a wrong token: refused, exit 1, not retried" [ $? -eq 1 ] && contains "$WORK/push6" "HTTP 401" && contains "$WORK/push6" "in 1 try"
echo "$DHIS2_TOKEN" > "$WORK/dhis2.token"

# scheduled: the report e-mails of November and the November push, once
start_smtp
smtp_config off
# the database "began" on 2026-11-01: November is the only period due
sql "UPDATE meta SET value = '2026-11-01' WHERE key = 'created_day'"
ctl '{"delay": 4}'
posts0=$(state 'd["posts"]')
at_bg "2026-12-05 09:00:30" "$REPORTGW" run -d -f "$F"
pid=$BG_PID
for _ in $(seq 100); do [ "$(state 'd["posts"]')" -gt "$posts0" ] && break; sleep 0.1; done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
expect "the scheduled push reached DHIS2 before the kill" [ "$(state 'd["posts"]')" = $((posts0 + 1)) ]
ctl '{"delay": 0}'
at "2026-12-05 09:10:00" timeout 60 "$REPORTGW" run -d -f "$F" --until-idle >> "$WORK/daemon.log" 2>&1
at "2026-12-05 09:20:00" timeout 60 "$REPORTGW" run -d -f "$F" --until-idle >> "$WORK/daemon.log" 2>&1
expect "after kill -9 and two restarts: pushed exactly once" [ "$(state 'd["posts"]')" = $((posts0 + 1)) ]
expect "... the push marked unknown (in flight at the crash)" [ "$(sql "SELECT status FROM mail WHERE kind = 'dhis2' AND day = '2026-11'")" = unknown ]
expect "one push row for November" [ "$(sql "SELECT count(*) FROM mail WHERE kind = 'dhis2'")" = 1 ]
reports=$(sql "SELECT count(*) FROM mail WHERE kind = 'report' AND day = '2026-11' AND status = 'sent'")
expect "November's report: one per digest group and one to reports.to ($reports)" [ "$reports" = 3 ]
expect "no report of a period before the database" [ "$(sql "SELECT count(*) FROM mail WHERE kind = 'report' AND day != '2026-11'")" = 0 ]
mkdir -p "$WORK/parts"
$PY3 - "$MAILDIR" "$WORK/parts" > "$WORK/mail.out" <<'PY'
import email, email.policy, glob, os, sys
d, out = sys.argv[1:]
found = 0
for f in sorted(glob.glob(d + "/*.eml")):
    m = email.message_from_bytes(open(f, "rb").read(), policy=email.policy.default)
    if "2026-11" not in str(m["Subject"]):
        continue
    found += 1
    rel = [p for p in m.walk() if p.get_content_type() == "multipart/related"]
    assert rel, "no multipart/related"
    html = [p for p in rel[0].iter_parts() if p.get_content_type() == "text/html"][0].get_content()
    pngs = [p for p in rel[0].iter_parts() if p.get_content_type() == "image/png"]
    assert len(pngs) >= 3, len(pngs)
    for p in pngs:
        cid = p["Content-ID"].strip("<>")
        assert ('src="cid:%s"' % cid) in html, cid
        assert p.get_filename() == cid.split("@")[0] + ".png", p.get_filename()
        open(os.path.join(out, "%d-%s" % (found, p.get_filename())), "wb").write(p.get_content())
    assert 'alt="' in html
    x = [p for p in m.walk() if p.get_filename() and p.get_filename().endswith(".xlsx")]
    assert x and x[0].get_content()[:2] == b"PK", "no XLSX"
print("ok %d" % found)
PY
expect "report e-mails: HTML with inline cid: PNG charts, alt text, XLSX attached ($(tail -1 "$WORK/mail.out"))" [ "$(tail -1 "$WORK/mail.out")" = "ok 3" ]
for p in "$WORK"/parts/1-chart*.png; do
	r=$(python3 "$SRC/tests/integration/pngcheck.py" "$p" 700)
	expect "chart $(basename "$p"): size and ink ($r)" [ $? -eq 0 ]
done
finish
