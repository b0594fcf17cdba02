#!/usr/bin/env python3
"""Walks USSD sessions over HTTP against a running daemon, like a phone.

For every incident and coverage code the menus offer, it answers each screen
by reading it (never by knowing the menu layout), writes the SMS a reporter
would send for the same report, and checks the stored report field by field
against `reportgw parse` of that SMS.  It counts the key entries of every
incident report (at most 7 each, at most 6 for the median code) and checks
the last screen: plain words, the village by its name, no SMS syntax.  Then
the awkward cases: paging past the end, a word where a number is asked, a
sub-count larger than its total, an unknown caller, a bad token, a replayed
session and 10 kB fields.

usage: ussdwalk.py BASE_URL TOKEN REPORTGW CONF DB PHONE VILLAGE_NAME
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

BASE, TOKEN, REPORTGW, CONF, DB, PHONE, VILLAGE = sys.argv[1:8]
failed = 0
counter = [0]
entries = {}            # incident code -> key entries of its plain report
last_body = [""]        # the last screen walk() saw

# how a reporter writes each choice label in an SMS (reportgw-codes(7))
WORDS = {"trai": "T", "gai": "G", "khong ro": "K", "tu vong": "C",
         "song": "S", "giao thong": "GT", "nga": "NG", "bong": "BO",
         "dong vat": "DV", "ngo doc": "NDD", "khac": "KH", "khuyet tat": "D"}
# the flag each yes/no question of the code book asks about
QUESTIONS = {"Tre bi thuong nang, phai di vien?": "N"}


def code_names():
    """{menu label (a code's name, lower case): code} from the code book."""
    out = subprocess.run([REPORTGW, "codes", CONF], capture_output=True,
                         text=True, check=True).stdout
    names = {}
    for line in out.splitlines():
        code, _, name = line.split("\t")
        names[name.lower()] = code
    return names


NAMES = code_names()


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


def find_in_list(sid, inputs, code, name):
    """Pages through a list until the entry of `code`."""
    for _ in range(10):
        status, body, ctype = screen(sid, inputs)
        if not well_formed(name, status, body, ctype):
            return None
        opts = options(body)
        for label, num in opts.items():
            if NAMES.get(label.lower()) == code:
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
                found.append(NAMES[label.lower()])
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


def end_screen_ok(name, body):
    """The last screen of a stored report: plain words, no SMS syntax."""
    bad = [w for w in ("SUA", "HUY", "<", ">", "#") if w in body]
    if bad or VILLAGE not in body:
        not_ok(name, "END screen with %s, or without %r: %r" %
               (bad, VILLAGE, body))
        return False
    return True


def walk(code, item, variant, again=False):
    """Reports `code` through the menus; returns (sms, ref) or None."""
    name = "ussd %s (%s)" % (code, variant)
    sid = session()
    status, body, ctype = screen(sid, [])
    if not well_formed(name, status, body, ctype):
        return None
    got = find_in_list(sid, [options(body)[item]], code, name)
    if got is None:
        not_ok(name, "code not found in the menu")
        return None
    inputs = got[0]
    words, numbers, tail = [], [], []
    nums = iter([100, 50, 40, 30, 20])
    sex_asked = False
    for _ in range(20):
        status, body, ctype = screen(sid, inputs)
        if not well_formed(name, status, body, ctype):
            return None
        last_body[0] = body
        if body.startswith("END "):
            m = re.match(r"END Da nhan bao cao so (\d+):", body)
            if again:                       # a duplicate, looked at later
                return None
            if not m:
                not_ok(name, "not accepted with a number: %r" % body)
                return None
            if not end_screen_ok(name, body):
                return None
            if item == "Bao su viec" and variant == "plain":
                entries[code] = len(inputs)
            return " ".join([code] + words + numbers + tail), int(m.group(1))
        opts = options(body)
        title = body[4:].split("\n")[0]
        m = re.match(r"Phai tu (\d+) den (\d+)\.", title)
        if m and numbers:                   # a figure out of its range
            inputs[-1] = m.group(1)
            numbers[-1] = m.group(1)
            continue
        if title.startswith("Tre trai hay gai"):
            if variant == "count" and not sex_asked:
                inputs.append(opts["Nhieu tre"])
            elif variant == "flag":         # unlike the plain report
                inputs.append(opts["Trai"])
                words.append("T")
            else:
                inputs.append(opts["Gai"])
                words.append("G")
            sex_asked = True
        elif title.startswith("Bao nhieu tre"):
            inputs.append("3")
            words.insert(0, "3")            # "LD 3 G 9": the count first
        elif title.startswith("Tuoi cua tre"):
            if code == "TV":                # under-5 deaths: in months
                inputs.append("0")
            else:
                inputs.append("9")
                numbers.append("9")
        elif title.startswith("Tre may thang"):
            inputs.append("8")
            numbers.append("8TH")
        elif title in QUESTIONS:            # a flag, yes or no
            if variant == "flag" and len(opts) > 2:
                label = list(opts)[-1]      # the alerting choice offered
                inputs.append(opts[label])
                tail.insert(0, WORDS[label.lower()])
            elif variant == "flag":
                inputs.append(opts["Co"])
                tail.append(QUESTIONS[title])
            else:
                inputs.append(opts["Khong"])
        elif title.startswith("Gui bao cao"):
            if VILLAGE not in body:
                not_ok(name, "confirm screen without the village: %r"
                       % body)
                return None
            inputs.append(opts["Gui"])
        elif title.startswith("Nhom hoan canh"):   # HC: the group first
            label = list(opts)[3]
            inputs.append(opts[label])
            words.insert(0, WORDS[label.lower()])
        elif len(opts) > 0:                 # a choice: outcome, subtype
            label = list(opts)[0] if variant != "flag" else list(opts)[-1]
            inputs.append(opts[label])
            tail.append(WORDS[label.lower()])
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
    counts = sorted(entries.values())
    for code in incidents:
        print("# entries %-4s %s" % (code, entries.get(code, "?")))
    check("every incident code in at most 7 key entries (worst %s)" %
          (counts[-1] if counts else "?"), len(counts) == len(incidents)
          and counts[-1] <= 7, entries)
    check("the median code in at most 6 (median %s)" %
          (counts[len(counts) // 2] if counts else "?"),
          counts and counts[len(counts) // 2] <= 6, entries)
    for code in coverage:
        r = walk(code, "Gui so lieu", "plain")
        if r:
            compare("ussd %s" % code, r[0], r[1])

    # the same report again in a new session: a duplicate, said plainly
    n = report_count()
    walk(incidents[0], "Bao su viec", "plain", again=True)
    check("a duplicate is not stored twice, and said so plainly",
          last_body[0].startswith("END Bao cao nay da nhan roi (so ") and
          report_count() == n and "SUA" not in last_body[0], last_body[0])

    # zero report: the week by its dates, confirmed, then stored
    sid = session()
    status, body, _ = screen(sid, [])
    z = options(body)["Khong co su viec"]
    status, body, _ = screen(sid, [z])
    check("zero report names the week by its dates",
          body.startswith("CON Bao khong co su viec tuan ") and
          re.search(r"\(\d+(/\d+)?-\d+/\d+\)", body) and
          VILLAGE in body and
          "1. Gui" in body, body)
    status, body, _ = screen(sid, [z, options(body)["Gui"]])
    check("zero report stored once confirmed",
          body.startswith("END Da nhan bao cao so ") and
          end_screen_ok("zero report END", body), body)

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
    got = find_in_list(session(), ["2"], "TE", "TE re-ask")
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
    final = [z, "1"]
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
