#!/usr/bin/env python3
"""Walks USSD sessions over HTTP against a running daemon, like a phone.

For every incident and coverage code the menus offer, it answers each screen
by reading it (never by knowing the menu layout), writes the SMS a reporter
would send for the same report, and checks the stored report field by field
against `reportgw parse` of that SMS.  Then the awkward cases: paging past
the end, a word where a number is asked, a sub-count larger than its total,
an unknown caller, a bad token, a replayed session and 10 kB fields.

usage: ussdwalk.py BASE_URL TOKEN REPORTGW CONF DB PHONE
Prints "ok NAME" / "not ok NAME: why" lines.
"""
import json
import re
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

BASE, TOKEN, REPORTGW, CONF, DB, PHONE = sys.argv[1:7]
failed = 0
counter = [0]

# how a reporter writes each choice label in an SMS (reportgw-codes(7))
WORDS = {"trai": "T", "gai": "G", "khong ro": "K", "tu vong": "C",
         "song": "S", "giao thong": "GT", "nga": "NG", "bong": "BO",
         "dong vat": "DV", "ngo doc": "NDD", "khac": "KH", "nang": "N",
         "da bao cong an": "CA", "da bao y te": "YT", "vu moi": "MOI"}


def ok(name):
    print("ok " + name)


def not_ok(name, why):
    global failed
    failed = 1
    print("not ok %s: %s" % (name, why))


def check(name, cond, why=""):
    (ok if cond else lambda n: not_ok(n, why))(name)


def post(fields, token=TOKEN, raw=None):
    url = BASE + "/ussd?token=" + urllib.parse.quote(token)
    data = raw if raw is not None else urllib.parse.urlencode(fields).encode()
    try:
        with urllib.request.urlopen(url, data=data, timeout=5) as r:
            body = r.read().decode()
            ctype = r.headers.get("Content-Type", "")
            return r.status, body, ctype
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), e.headers.get("Content-Type", "")


def session():
    counter[0] += 1
    return "ATUid_walk_%d" % counter[0]


def screen(sid, inputs, phone=PHONE):
    status, body, ctype = post({"sessionId": sid, "serviceCode": "*384*77#",
                                "phoneNumber": phone, "networkCode": "45201",
                                "text": "*".join(inputs)})
    return status, body, ctype


def options(body):
    """The numbered lines of a screen: {label: number}."""
    out = {}
    for line in body.split("\n"):
        m = re.match(r"^(\d+)\. (.*)$", line)
        if m:
            out[m.group(2)] = m.group(1)
    return out


def well_formed(name, status, body, ctype):
    if status != 200 or not (body.startswith("CON ") or body.startswith("END ")):
        not_ok(name, "bad answer %d %r" % (status, body[:80]))
        return False
    if len(body) > 182 or not re.fullmatch(r"[\x20-\x7e\n]*", body) or \
            re.search(r"[\[\]{}~^|\\`]", body):
        not_ok(name, "screen not plain GSM or over 182: %r" % body)
        return False
    if not ctype.startswith("text/plain"):
        not_ok(name, "content type %r" % ctype)
        return False
    return True


def find_in_list(sid, inputs, label_prefix, name):
    """Pages through a list until an entry starts with label_prefix."""
    for _ in range(10):
        status, body, ctype = screen(sid, inputs)
        if not well_formed(name, status, body, ctype):
            return None
        opts = options(body)
        for label, num in opts.items():
            if label.startswith(label_prefix):
                return inputs + [num], body
        nxt = [num for label, num in opts.items() if label == "Tiep"]
        if not nxt:
            return None
        inputs = inputs + nxt
    return None


def codes_offered(sid_prefix, item):
    """Every code listed under main-menu item (all pages)."""
    sid = session()
    status, body, _ = screen(sid, [])
    opts = options(body)
    inputs = [opts[item]]
    found = []
    pages = 0
    while True:
        status, body, _ = screen(sid, inputs)
        pages += 1
        nxt = None
        for label, num in options(body).items():
            if label == "Tiep":
                nxt = num
            else:
                found.append(label.split(" ")[0])
        if nxt is None or pages > 20:
            return found, pages
        inputs.append(nxt)


def parse(sms):
    out = subprocess.run([REPORTGW, "parse", "-f", CONF, "--", sms],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def stored(ref):
    db = sqlite3.connect(DB)
    row = db.execute("SELECT details FROM reports WHERE id = ?",
                     (ref,)).fetchone()
    n = db.execute("SELECT count(*) FROM reports").fetchone()[0]
    db.close()
    return (json.loads(row[0]) if row else None), n


def report_count():
    db = sqlite3.connect(DB)
    n = db.execute("SELECT count(*) FROM reports").fetchone()[0]
    db.close()
    return n


def walk(code, item, variant):
    """Reports `code` through the menus; returns (sms, ref) or None."""
    name = "ussd %s (%s)" % (code, variant)
    sid = session()
    status, body, ctype = screen(sid, [])
    if not well_formed(name, status, body, ctype):
        return None
    got = find_in_list(sid, [options(body)[item]], code + " ", name)
    if got is None:
        not_ok(name, "code not found in the menu")
        return None
    inputs = got[0]
    words, numbers, tail = [], [], []
    count = None
    nums = iter([100, 50, 40, 30, 20])
    for _ in range(20):
        status, body, ctype = screen(sid, inputs)
        if not well_formed(name, status, body, ctype):
            return None
        if body.startswith("END "):
            m = re.match(r"END Da nhan #(\d+)", body)
            if not m:
                not_ok(name, "not accepted with a #ref: %r" % body)
                return None
            return " ".join([code] + words + numbers + tail), int(m.group(1))
        opts = options(body)
        title = body[4:].split("\n")[0]
        m = re.match(r"Phai tu (\d+) den (\d+)\.", title)
        if m and numbers:                   # a figure out of its range
            inputs[-1] = m.group(1)
            numbers[-1] = m.group(1)
            continue
        if title.startswith("Gioi tinh"):
            inputs.append(opts["gai"])
            words.append("G")
        elif title.startswith("Tuoi"):
            if code == "TV":            # under-5 deaths: in months
                inputs.append("0")
            else:
                inputs.append("9")
                numbers.append("9")
        elif title.startswith("So thang"):
            inputs.append("8")
            numbers.append("8TH")
        elif title.startswith("So tre"):
            count = "3" if variant == "count" else "1"
            inputs.append(count)
            if count != "1":            # "LD 3 T 13": the count first
                words.insert(0, count)
        elif title.startswith("Dau hieu"):
            pick = "nang" if variant == "flag" else "Khong co"
            inputs.append(opts[pick])
            if pick != "Khong co":
                tail.append(WORDS[pick])
        elif title.startswith("Gui bao cao"):
            inputs.append(opts["Gui"])
        elif title.startswith("nhom"):      # HC: the group comes first
            label = list(opts)[3]
            inputs.append(opts[label])
            words.insert(0, label.split(" ")[1])
        elif len(opts) > 0:                 # a choice: outcome, subtype
            label = list(opts)[0] if variant != "flag" else list(opts)[-1]
            inputs.append(opts[label])
            tail.append(WORDS[label])
        elif title.endswith(":"):           # a figure
            v = str(next(nums))
            inputs.append(v)
            numbers.append(v)
        else:
            not_ok(name, "unexpected screen %r" % body)
            return None
    not_ok(name, "no end after 20 screens")
    return None


def compare(name, sms, ref):
    want = parse(sms)
    if not want.get("ok"):
        not_ok(name, "the test's SMS %r does not parse: %s" % (sms, want))
        return
    got, _ = stored(ref)
    if got is None:
        not_ok(name, "report #%d not stored" % ref)
        return
    diffs = []
    for k, v in want.items():
        if k in ("ok", "reply", "alert"):   # about the message, not stored
            continue
        if got.get(k) != v:
            diffs.append("%s: stored %r, SMS %r" % (k, got.get(k), v))
    for k in got:
        if k not in want and k != "v":
            diffs.append("%s only in the USSD report" % k)
    if diffs:
        not_ok(name, "%s vs %r" % ("; ".join(diffs), sms))
    else:
        ok("%s stored as SMS %r gives" % (name, sms))


def main():
    incidents, pages = codes_offered("i", "Bao su viec")
    check("incident list is paged (%d pages)" % pages, pages >= 2)
    coverage, _ = codes_offered("c", "Gui so lieu")
    check("menus list every code (%d incident, %d coverage)" %
          (len(incidents), len(coverage)),
          len(incidents) >= 10 and len(coverage) >= 5)

    for code in incidents:
        for variant in (["plain", "flag"] + (["count"] if code == "LD"
                                              else [])):
            r = walk(code, "Bao su viec", variant)
            if r:
                compare("ussd %s (%s)" % (code, variant), r[0], r[1])
    for code in coverage:
        r = walk(code, "Gui so lieu", "plain")
        if r:
            compare("ussd %s" % code, r[0], r[1])

    # zero report: one step
    sid = session()
    status, body, _ = screen(sid, [])
    z = options(body)["Khong co su viec tuan nay"]
    status, body, _ = screen(sid, [z])
    check("zero report in one step", body.startswith("END ") and "#" in body,
          body)

    # going past the end of a list, then a word where a number is asked
    sid = session()
    status, body, _ = screen(sid, ["1", "99"])
    check("past the end of a list is asked again",
          body.startswith("CON Sai lua chon.") and "1. " in body, body)
    status, body, _ = screen(sid, ["1", "1", "2", "chin"])
    check("a word where a number is asked is asked again",
          body.startswith("CON Can nhap mot so.") and "Tuoi" in body, body)
    status, body, _ = screen(sid, ["1", "1", "2", "40"])
    check("an age out of range is asked again", "Phai tu" in body, body)

    # consistency: a sub-count larger than its total
    got = find_in_list(session(), ["2"], "TE ", "TE re-ask")
    if got:
        sid2 = session()
        inputs = got[0] + ["100", "150"]
        status, body, _ = screen(sid2, inputs)
        check("a sub-count larger than its total is asked again",
              body.startswith("CON ") and "khong the lon hon" in body and
              "(100)" in body, body)
        status, body, _ = screen(sid2, inputs + ["60"])
        check("the re-asked figure then goes on", body.startswith("CON ") and
              "khong the" not in body, body)

    # unknown caller
    status, body, _ = screen(session(), [], phone="+84999999999")
    check("unknown caller gets END with how to register",
          body.startswith("END ") and "DK" in body, body)

    # bad token
    status, body, _ = post({"sessionId": "x", "phoneNumber": PHONE,
                            "text": ""}, token="wrong-token-0123456789")
    check("bad token is 403", status == 403, "%d" % status)
    status, body, _ = post({"sessionId": "x", "phoneNumber": PHONE,
                            "text": ""}, token="")
    check("empty token is 403", status == 403, "%d" % status)

    # a replayed session creates nothing
    sid = session()
    final = [z]
    status, first, _ = screen(sid, final)
    n = report_count()
    status, again, _ = screen(sid, final)
    status, other, _ = screen(sid, ["1", "1", "2", "9", "1", "1", "1"])
    check("replayed sessionId: same END, no new report",
          again == first and other == first and report_count() == n,
          "%r %r %r" % (first, again, other))

    # 10 kB fields
    big = "1*" * 5000
    status, body, _ = post({"sessionId": "big", "phoneNumber": PHONE,
                            "text": big})
    check("10 kB text field refused with 413", status == 413, "%d" % status)
    status, body, _ = post({"sessionId": "s" * 10000, "phoneNumber": PHONE,
                            "text": ""})
    check("10 kB sessionId refused with 413", status == 413, "%d" % status)
    status, body, _ = post(None, raw=b"sessionId=a&phoneNumber=%2B1&text=%0a1")
    check("control bytes refused with 400", status == 400, "%d" % status)
    status, body, _ = post(None, raw=b"sessionId=%zz&phoneNumber=1")
    check("bad escapes refused with 400", status == 400, "%d" % status)
    return failed


if __name__ == "__main__":
    sys.exit(main())
