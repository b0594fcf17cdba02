#!/usr/bin/env python3
"""A webhook client that never gives up: posts N messages to POST /sms and
retries each one (after 50 ms) on anything but a 2xx answer, the way an
Android gateway app or a short-code provider does.

usage: pushclient.py URL N FIRST_ID json|form ID_FIELD FROM_FIELD TEXT_FIELD
Prints "sent N retries R" at the end.
"""
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

url, n, first = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
kind, fid, ffrom, ftext = sys.argv[4:8]
retries = 0
for i in range(first, first + n):
    msg = {fid: "push-%d" % i, ffrom: "+849120001%02d" % (1 + i % 6),
           ftext: "TC %d %d" % (i % 50, i)}
    if kind == "json":
        body, ctype = json.dumps(msg).encode(), "application/json"
    else:
        body = urllib.parse.urlencode(msg).encode()
        ctype = "application/x-www-form-urlencoded"
    deadline = time.time() + 60
    while True:
        try:
            req = urllib.request.Request(url, data=body,
                                         headers={"Content-Type": ctype})
            with urllib.request.urlopen(req, timeout=5) as r:
                if 200 <= r.status < 300:
                    break
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        retries += 1
        if time.time() > deadline:
            sys.exit("gave up on message %d" % i)
        time.sleep(0.05)
print("sent %d retries %d" % (n, retries))
