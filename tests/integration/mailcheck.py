#!/usr/bin/env python3
"""Checks delivered e-mail for the integration tests, with Python's email
package (a MIME library independent of libcurl): a digest's structure, its
sections against each other, the headline and the CSV's lists against the
figures of the e-mail and against the store.

usage: mailcheck.py digest FILE.eml DB DAY GROUP_COMMUNES
       mailcheck.py subjects DIR        (prints every decoded subject)
       mailcheck.py text DIR WORD       (the subject and plain text of each
                                         e-mail whose subject holds WORD)
Prints "ok" or the problems, one per line.
"""
import csv
import email
import email.policy
import io
import os
import re
import sqlite3
import sys
from datetime import datetime, timedelta, timezone

ICT = timezone(timedelta(hours=7))


def raw_checks(raw):
    problems = []
    for i, line in enumerate(raw.split(b"\n")):
        if len(line.rstrip(b"\r")) > 998:
            problems.append("line %d longer than 998 octets" % i)
        if line and not line.endswith(b"\r") and i < raw.count(b"\n"):
            problems.append("line %d does not end with CRLF" % i)
            break
    return problems


CSV_SECTIONS = ["reports", "changes", "villages", "latest", "cases",
                "quality", "people"]


def csv_sections(data):
    """The digest's CSV as its sections, by name, each a list of dicts:
    a title line, a line of column names, the rows, an empty line."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    out, i, k = {}, 0, 0
    while i < len(rows):
        if not rows[i]:
            i += 1
            continue
        head = rows[i + 1]
        body = []
        i += 2
        while i < len(rows) and rows[i]:
            body.append(dict(zip(head, rows[i])))
            i += 1
        out[CSV_SECTIONS[k]] = body
        k += 1
    return out


def unq(cell):
    """A cell as stored: without the quote that keeps a spreadsheet from
    reading it as a formula or a number."""
    return cell[1:] if cell.startswith("'") else cell


def digest(path, db, day, communes):
    raw = open(path, "rb").read()
    problems = raw_checks(raw)
    m = email.message_from_bytes(raw, policy=email.policy.default)
    for h in ("Date", "Message-ID", "From", "To", "Subject"):
        if not m[h]:
            problems.append("no %s header" % h)
    if m.get_content_type() != "multipart/mixed":
        problems.append("top part is %s" % m.get_content_type())
    parts = [p.get_content_type() for p in m.walk()]
    if parts != ["multipart/mixed", "multipart/alternative", "text/plain",
                 "multipart/related", "text/html", "image/png", "text/csv"]:
        problems.append("structure %s" % parts)
    subject = str(m["Subject"])
    d = datetime.strptime(day, "%Y-%m-%d")
    if d.strftime("%d/%m/%Y") not in subject:
        problems.append("subject lacks the date: %r" % subject)
    text = m.get_body(("plain",)).get_content()
    html = m.get_body(("html",)).get_content()
    # the chart: an inline PNG the HTML names by its Content-ID, with alt
    for p in m.walk():
        if p.get_content_type() == "image/png":
            cid = (p["Content-ID"] or "").strip("<>")
            if not cid or 'src="cid:%s"' % cid not in html:
                problems.append("the PNG's cid %r is not in the HTML" % cid)
            if p.get_content()[:8] != b"\x89PNG\r\n\x1a\n":
                problems.append("the chart is not a PNG")
    if not re.search(r'<img src="cid:[^"]+"[^>]* alt="Biểu đồ đường: [^"]+"', html):
        problems.append("the chart has no text equivalent (alt)")
    att = [p for p in m.iter_attachments() if p.get_content_type() == "text/csv"]
    data = att[0].get_payload(decode=True)
    if not data.startswith(b"\xef\xbb\xbf"):
        problems.append("CSV has no BOM")
    if "tệp CSV kèm theo" not in text or "tệp CSV kèm theo" not in html:
        problems.append("the e-mail does not say the lists are in the CSV")
    sec = csv_sections(data[3:])
    rows = sec["reports"]

    con = sqlite3.connect(db)
    start = int(d.replace(tzinfo=ICT).timestamp())
    end = start + 86400
    cset = communes.split(",")
    ok_commune = (lambda c: True) if cset == ["*"] else (lambda c: c in cset)
    refs = sorted(r for r, c in con.execute(
        "SELECT id, commune FROM reports WHERE received_at >= ? AND received_at < ?",
        (start, end)) if ok_commune(c))
    got = sorted(int(r["ref"]) for r in rows)
    if refs != got:
        problems.append("CSV refs %s != stored %s" % (got[:10], refs[:10]))
    # incidents per village in the CSV's villages: active ones only
    # (cancelled and superseded ones are in the corrections)
    per = {}
    for v, c in con.execute(
            "SELECT village, commune FROM reports WHERE received_at >= ? AND "
            "received_at < ? AND kind = 'incident' AND status = 'active'",
            (start, end)):
        if ok_commune(c):
            per[v] = per.get(v, 0) + 1
    shown = {r["village"]: int(r["incidents"]) for r in sec["villages"]
             if int(r["incidents"])}
    if shown != per:
        problems.append("per-village incidents %s != stored %s" % (shown, per))
    problems += sums(text, html, sec, con, start, end, ok_commune)
    # silent villages of the week: the CSV's villages, and each named
    week_start = d - timedelta(days=d.weekday())
    ws = int(week_start.replace(tzinfo=ICT).timestamp())
    reported = {v for (v,) in con.execute(
        "SELECT DISTINCT village FROM reports WHERE status = 'active' AND "
        "received_at >= ? AND received_at < ?", (ws, end))}
    villages = re.findall(r'code = "(\w+\d+)"', open(os.environ["BACAI"]).read())
    silent = [v for v in villages if v not in reported and
              (cset == ["*"] or v[:3] in cset)]
    csv_silent = [r["village"] for r in sec["villages"] if r["reported_week"] == "0"]
    if sorted(csv_silent) != sorted(silent):
        problems.append("CSV silent villages %s != stored %s" % (csv_silent, silent))
    lines = "\n".join(section(text, "Thôn chưa báo cáo tuần này"))
    for v in silent[:40]:
        if "(%s)" % v not in lines:
            problems.append("silent village %s not listed" % v)
    h = re.search(r"(\d+)/(\d+) thôn đã báo cáo hoặc gửi KO", lines)
    if not h or (int(h.group(1)), int(h.group(2))) != (
            len(sec["villages"]) - len(silent), len(sec["villages"])):
        problems.append("completeness %s, villages %d, silent %d" % (
            h and h.groups(), len(sec["villages"]), len(silent)))
    print("ok" if not problems else "\n".join(problems))
    print("# %d reports in the CSV, %d silent villages, subject: %s" % (
        len(rows), len(silent), subject), file=sys.stderr)


def section(text, title):
    """The lines of the text section whose title starts with title."""
    m = re.search(r"^== %s[^\n]* ==\n(.*?)(?=^== |^-- $)" % re.escape(title),
                  text, re.S | re.M)
    return m.group(1).splitlines() if m else []


def sums(text, html, sec, con, start, end, ok_commune):
    """The sections add up to the headline, the headline to the store, and
    the CSV's lists to the figures of the e-mail."""
    problems = []
    h = re.search(r"^Ngày [0-9/]+: (\d+) sự việc \((\d+) khẩn cấp\), "
                  r"(\d+) tin chưa rõ.*, (\d+) tin sai mẫu\.$", text, re.M)
    if not h:
        return ["no headline with incidents, urgent, review and rejected counts"]
    incidents, urgent, review, rejected = (int(x) for x in h.groups())
    # the summary per commune, its lines and the CSV's villages
    lines = section(text, "Tóm tắt theo xã")
    pat = (r"^(.+): hôm nay (\d+) sự việc \((\d+) khẩn cấp\); (\d+)/(\d+) thôn "
           r"đã báo cáo; (\d+) vụ việc mở \((\d+) quá hạn\)$")
    communes = [m_.groups() for m_ in (re.match(pat, l) for l in lines) if m_]
    if sum(int(c[1]) for c in communes) != incidents or \
            sum(int(c[2]) for c in communes) != urgent:
        problems.append("communes sum %s, headline %d and %d" % (
            [c[1:3] for c in communes], incidents, urgent))
    weeks = [l for l in lines if l.startswith("  12 tuần (")]
    if len(weeks) != len(communes):
        problems.append("%d communes, %d lines of twelve weeks" % (
            len(communes), len(weeks)))
    for name, inc, urg, rep, vil, cases, late in communes:
        vs = [r for r in sec["villages"] if r["commune_name"] == name]
        got = (sum(int(r["incidents"]) for r in vs),
               sum(int(r["urgent"]) for r in vs),
               sum(r["reported_week"] == "1" for r in vs), len(vs))
        if got != (int(inc), int(urg), int(rep), int(vil)):
            problems.append("commune %s: line %s, CSV %s" % (
                name, (inc, urg, rep, vil), got))
        cs = [r for r in sec["cases"] if r["commune"] in
              {r_["commune"] for r_ in vs}]
        if (len(cs), sum(r["overdue"] == "1" for r in cs)) != (int(cases), int(late)):
            problems.append("commune %s: %s cases, CSV %d" % (name, cases, len(cs)))
        want = "hôm nay %s sự việc (%s khẩn cấp)" % (inc, urg)
        if "<b>%s</b>: %s" % (name, want) not in html:
            problems.append("HTML lacks commune %s with %s" % (name, want))
    # the CSV's reports, the headline
    act = [r for r in sec["reports"] if r["kind"] == "incident" and
           r["status"] == "active"]
    got = (len(act), sum(r["alert"] == "1" for r in act),
           sum(r["status"] == "review" for r in sec["reports"]))
    if got != (incidents, urgent, review):
        problems.append("CSV reports %s, headline %s" % (got, (incidents, urgent, review)))
    # the urgent section: reviews, then the alerts under their commune
    lines = section(text, "Khẩn cấp")
    alerts = sum(1 for l in lines if l.startswith("  #"))
    calls = sum(1 for l in lines if re.match(r"^#\d+ ", l))
    heads = [int(m_.group(1)) for m_ in (re.match(r"^\S.* \((\d+)\)$", l)
                                         for l in lines) if m_]
    more = sum(int(m_.group(1)) for m_ in (re.match(r"^… và (\d+) mục", l)
                                            for l in lines) if m_)
    if alerts + calls + more != urgent + review or sum(heads) != alerts:
        problems.append("urgent section: %d alerts (headings %d), %d reviews, "
                        "%d more; headline %d and %d" % (
                            alerts, sum(heads), calls, more, urgent, review))
    want = [0, 0, 0]
    for kind, status, alert, c in con.execute(
            "SELECT kind, status, alert, commune FROM reports WHERE "
            "received_at >= ? AND received_at < ?", (start, end)):
        if ok_commune(c):
            a = kind == "incident" and status == "active"
            want[0] += a
            want[1] += a and alert
            want[2] += status == "review"
    if want != [incidents, urgent, review]:
        problems.append("headline %s != stored %s" % (
            [incidents, urgent, review], want))
    # data quality: counts in the e-mail, items in the CSV, the store
    lines = section(text, "Chất lượng dữ liệu")
    q = re.match(r"^(\d+) tin sai mẫu từ (\d+) số; (\d+) tin từ (\d+) số chưa "
                 r"đăng ký; (\d+) báo cáo có tuổi không hợp lý; (\d+) báo cáo "
                 r"sửa hoặc hủy trong ngày\.$", lines[0] if lines else "")
    p = re.match(r"^Cộng tác viên cần hỗ trợ: (\d+) người không gửi tin nào từ 14 "
                 r"ngày trở lên; (\d+) người gửi tin sai mẫu trong 14 ngày qua\.$",
                 lines[1] if len(lines) > 1 else "")
    if not q or not p:
        return problems + ["no quality or people line: %s" % lines]
    qs = sec["quality"]
    got = (sum(int(r["count"]) for r in qs if r["kind"] == "rejected"),
           sum(r["kind"] == "rejected" for r in qs),
           sum(int(r["count"]) for r in qs if r["kind"] == "unknown_senders"),
           sum(r["kind"] == "implausible" for r in qs), len(sec["changes"]))
    want = tuple(int(x) for x in q.groups())
    if got != want[:3] + want[4:] or want[0] != rejected:
        problems.append("quality line %s, CSV %s, headline %d" % (want, got, rejected))
    stored = (con.execute(
        "SELECT count(*) FROM reports WHERE status = 'active' AND implausible"
        " AND received_at >= ? AND received_at < ?", (start, end)).fetchone()[0],
        sum(1 for (c,) in con.execute(
            "SELECT commune FROM reports WHERE status NOT IN ('active', 'review')"
            " AND kind = 'incident' AND updated_at >= ? AND updated_at < ?",
            (start, end)) if ok_commune(c)))
    if stored != (want[4], want[5]):
        problems.append("implausible and changes %s != stored %s" % (want[4:], stored))
    got = (sum(r["kind"] == "silent" for r in sec["people"]),
           sum(r["kind"] == "rejected" for r in sec["people"]))
    if got != tuple(int(x) for x in p.groups()):
        problems.append("people line %s, CSV %s" % (p.groups(), got))
    # open cases: the count, the CSV, the store (open at the day's end)
    lines = section(text, "Vụ việc đang mở")
    c = re.match(r"^(\d+) vụ việc đang mở: (\d+) quá hạn", lines[0] if lines else "")
    stored = sum(1 for (cm,) in con.execute(
        "SELECT commune FROM cases WHERE opened_at < ?1 AND (status != 'closed'"
        " OR closed_at >= ?1)", (min(end, int(datetime.now().timestamp())),))
        if ok_commune(cm))
    shown = (int(c.group(1)), int(c.group(2))) if c else (0, 0)
    if (shown[0], len(sec["cases"])) != (stored, stored) or \
            shown[1] != sum(r["overdue"] == "1" for r in sec["cases"]):
        problems.append("open cases %s, CSV %d, stored %d" % (
            shown, len(sec["cases"]), stored))
    # coverage against targets: each code's figure, the CSV's villages
    lines = section(text, "Số liệu mới nhất so với chỉ tiêu")
    for l in lines:
        m_ = re.match(r"^  (\w+) .*: (\d+)% – chỉ tiêu ([≥≤]) (\d+)%.*: (✓ đạt|✗ chưa đạt)$", l)
        if not m_:
            continue
        code, pct, op, target, verdict = m_.groups()
        vs = [r for r in sec["latest"] if r["code"] == code]
        num = sum(int(r["numerator"]) for r in vs)
        den = sum(int(r["denominator"]) for r in vs)
        want = (num * 100 + den // 2) // den if den > 0 else 0
        met = want <= int(target) if op == "≤" else want >= int(target)
        if (int(pct), verdict.startswith("✓")) != (want, met) or \
                (op == "≤") != (vs[0]["lower_is_better"] == "1"):
            problems.append("coverage %s: %s%% %s, CSV %d%% %s" % (
                code, pct, verdict, want, met))
    return problems


def subjects(directory):
    for f in sorted(os.listdir(directory)):
        if f.endswith(".eml"):
            m = email.message_from_bytes(open(os.path.join(directory, f), "rb").read(),
                                         policy=email.policy.default)
            print(m["Subject"])


def text(directory, word):
    for f in sorted(os.listdir(directory)):
        if f.endswith(".eml"):
            raw = open(os.path.join(directory, f), "rb").read()
            m = email.message_from_bytes(raw, policy=email.policy.default)
            if word in str(m["Subject"]):
                print("Subject: %s" % m["Subject"])
                print(m.get_body(("plain",)).get_content())


if __name__ == "__main__":
    if sys.argv[1] == "digest":
        digest(*sys.argv[2:])
    elif sys.argv[1] == "text":
        text(sys.argv[2], sys.argv[3])
    else:
        subjects(sys.argv[2])
