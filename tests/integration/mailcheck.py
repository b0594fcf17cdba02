#!/usr/bin/env python3
"""Checks delivered e-mail for the integration tests, with Python's email
package (a MIME library independent of libcurl).

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
    if parts[:4] != ["multipart/mixed", "multipart/alternative",
                     "text/plain", "text/html"] or "text/csv" not in parts:
        problems.append("structure %s" % parts)
    subject = str(m["Subject"])
    d = datetime.strptime(day, "%Y-%m-%d")
    if d.strftime("%d/%m/%Y") not in subject:
        problems.append("subject lacks the date: %r" % subject)
    text = m.get_body(("plain",)).get_content()
    html = m.get_body(("html",)).get_content()
    att = [p for p in m.iter_attachments() if p.get_content_type() == "text/csv"]
    data = att[0].get_payload(decode=True)
    if not data.startswith(b"\xef\xbb\xbf"):
        problems.append("CSV has no BOM")
    rows = list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"))))

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
    # incidents per village: "Name (CODE) – N" in the text; active ones
    # only (cancelled and superseded ones are in the corrections section)
    per = {}
    for v, c in con.execute(
            "SELECT village, commune FROM reports WHERE received_at >= ? AND "
            "received_at < ? AND kind = 'incident' AND status = 'active'",
            (start, end)):
        if ok_commune(c):
            per[v] = per.get(v, 0) + 1
    problems += sums(text, con, start, end, ok_commune)
    shown = {m_.group(1): int(m_.group(2)) for m_ in
             re.finditer(r"\((\w+)\) – (\d+)\n", text)}
    if shown != per:
        problems.append("per-village incidents %s != stored %s" % (shown, per))
    for v, n in per.items():
        if "(%s) – %d</div>" % (v, n) not in html:
            problems.append("HTML lacks village %s with %d" % (v, n))
    # silent villages of the week
    week_start = d - timedelta(days=d.weekday())
    ws = int(week_start.replace(tzinfo=ICT).timestamp())
    reported = {v for (v,) in con.execute(
        "SELECT DISTINCT village FROM reports WHERE status = 'active' AND "
        "received_at >= ? AND received_at < ?", (ws, end))}
    villages = re.findall(r'code = "(\w+\d+)"', open(os.environ["BACAI"]).read())
    silent = [v for v in villages if v not in reported and
              (cset == ["*"] or v[:3] in cset)]
    section = text.split("==", 6)
    for v in silent:
        if "(%s)" % v not in text.split("chưa báo cáo tuần này")[1]:
            problems.append("silent village %s not listed" % v)
    print("ok" if not problems else "\n".join(problems))
    print("# %d reports in the CSV, %d silent villages, subject: %s" % (
        len(rows), len(silent), subject), file=sys.stderr)


def section(text, title):
    """The lines of the text section whose title starts with title."""
    m = re.search(r"^== %s[^\n]* ==\n(.*?)(?=^== |^-- $)" % re.escape(title),
                  text, re.S | re.M)
    return m.group(1).splitlines() if m else []


def sums(text, con, start, end, ok_commune):
    """The sections add up to the headline, and the headline to the store."""
    problems = []
    h = re.search(r"^Ngày [0-9/]+: (\d+) sự việc \((\d+) khẩn cấp\), "
                  r"(\d+) tin chưa rõ", text, re.M)
    if not h:
        return ["no headline with incidents, urgent and review counts"]
    incidents, urgent, review = (int(x) for x in h.groups())
    lines = section(text, "Sự việc theo xã và thôn")
    communes = [int(m.group(1)) for m in
                (re.match(r"^\S.* \((\d+)\)$", l) for l in lines) if m]
    villages = [int(m.group(1)) for m in
                (re.match(r"^ \S.* \(\w+\) – (\d+)$", l) for l in lines) if m]
    rows = sum(1 for l in lines if l.startswith("  #"))
    if not (sum(communes) == sum(villages) == rows == incidents):
        problems.append("incidents: communes sum %d, villages sum %d, rows %d,"
                        " headline %d" % (sum(communes), sum(villages), rows,
                                          incidents))
    lines = section(text, "Khẩn cấp")
    alerts = sum(1 for l in lines if l.startswith("  #"))
    calls = sum(1 for l in lines if re.match(r"^#\d+ ", l))
    if (alerts, calls) != (urgent, review):
        problems.append("urgent section: %d alerts and %d reviews, headline "
                        "%d and %d" % (alerts, calls, urgent, review))
    want = [0, 0, 0]
    for kind, status, alert, c in con.execute(
            "SELECT kind, status, alert, commune FROM reports WHERE "
            "received_at >= ? AND received_at < ?", (start, end)):
        if ok_commune(c):
            act = kind == "incident" and status == "active"
            want[0] += act
            want[1] += act and alert
            want[2] += status == "review"
    if want != [incidents, urgent, review]:
        problems.append("headline %s != stored %s" % (
            [incidents, urgent, review], want))
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


if sys.argv[1] == "digest":
    digest(*sys.argv[2:])
elif sys.argv[1] == "text":
    text(sys.argv[2], sys.argv[3])
else:
    subjects(sys.argv[2])
