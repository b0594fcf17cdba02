#!/usr/bin/python3
"""webload.py BASE USER PASSWORD STOPFILE PAGE...: logs in to the web
console, then requests the pages in turn, one at a time, until STOPFILE
exists (and each page was asked for 50 times at least, 2,000 at most);
prints web_page_p99_ms and web_page_p50_ms of each page, and the number of
requests.  A page that does not answer 200 fails the run."""
import http.client
import os
import re
import sys
import time
import urllib.parse

base, user, password, stop = sys.argv[1:5]
pages = sys.argv[5:]
u = urllib.parse.urlsplit(base)
c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)


def req(method, path, body=None, cookie=None):
    h = {"Connection": "keep-alive"}
    if body is not None:
        h["Content-Type"] = "application/x-www-form-urlencoded"
    if cookie:
        h["Cookie"] = cookie
    c.request(method, path, body, h)
    r = c.getresponse()
    return r.status, r.getheaders(), r.read()


st, hd, body = req("GET", "/login")
login = [v.split(";")[0] for k, v in hd if k.lower() == "set-cookie"][0]
csrf = re.search(rb'name="csrf" value="([0-9a-f]+)"', body).group(1).decode()
st, hd, _ = req("POST", "/login", urllib.parse.urlencode(
    {"csrf": csrf, "user": user, "password": password}), login)
session = [v.split(";")[0] for k, v in hd if k.lower() == "set-cookie" and
           v.startswith("rgw_session=")]
if st != 303 or not session:
    sys.exit("webload: login failed (%d)" % st)
times = {p: [] for p in pages}
n = 0
while n < 2000 * len(pages):
    p = pages[n % len(pages)]
    t = time.monotonic()
    st, _, body = req("GET", p, cookie=session[0])
    times[p].append((time.monotonic() - t) * 1000)
    if st != 200:
        sys.exit("webload: %s answered %d" % (p, st))
    n += 1
    if n % len(pages) == 0 and n >= 50 * len(pages) and os.path.exists(stop):
        break
for p in pages:
    v = sorted(times[p])
    name = p.strip("/").split("?")[0] or "home"
    print("web_page_p99_ms_%s: %.1f" % (name, v[min(len(v) - 1,
          int(len(v) * 0.99))]))
    print("web_page_p50_ms_%s: %.1f" % (name, v[len(v) // 2]))
print("web_requests: %d" % n)
