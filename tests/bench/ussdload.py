#!/usr/bin/env python3
"""USSD load: N callers walk whole report sessions in parallel until the
stop file appears; prints the screen-time percentiles.

usage: ussdload.py BASE_URL TOKEN CALLERS STOPFILE
"""
import http.client
import os
import sys
import threading
import time
import urllib.parse

base, token, callers, stopfile = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
PHONES = ["+84912000%d" % p for p in (101, 102, 103, 104, 105, 106, 201, 202)]
# a whole incident report: main menu, type, sex, age, count, flag, confirm
STEPS = ["", "1", "1*1", "1*1*2", "1*1*2*9", "1*1*2*9*1", "1*1*2*9*1*1",
         "1*1*2*9*1*1*1"]
times, errors, lock = [], [0], threading.Lock()


def caller(k):
    conn = http.client.HTTPConnection(host, port, timeout=10)
    n = 0
    while not os.path.exists(stopfile):
        n += 1
        sid = "load-%d-%d" % (k, n)
        for text in STEPS:
            body = urllib.parse.urlencode({
                "sessionId": sid, "serviceCode": "*384*77#",
                "phoneNumber": PHONES[k % len(PHONES)], "text": text})
            t0 = time.perf_counter()
            try:
                conn.request("POST", "/ussd?token=" + token, body,
                             {"Content-Type":
                              "application/x-www-form-urlencoded"})
                r = conn.getresponse()
                answer = r.read()
                ok = r.status == 200 and answer[:4] in (b"CON ", b"END ")
            except (OSError, http.client.HTTPException) as e:
                ok = False
                if errors[0] < 3:
                    print("ussdload: %s" % e, file=sys.stderr)
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=10)
            dt = time.perf_counter() - t0
            with lock:
                times.append(dt)
                errors[0] += not ok


threads = [threading.Thread(target=caller, args=(k,)) for k in range(callers)]
for t in threads:
    t.start()
for t in threads:
    t.join()
times.sort()
if not times:
    sys.exit("ussdload: no screens")
p = lambda q: times[min(len(times) - 1, int(q * len(times)))] * 1000
print("ussd_screens_during_ingest: %d" % len(times))
print("ussd_errors_during_ingest: %d" % errors[0])
print("ussd_p50_ms_during_ingest: %.1f" % p(0.50))
print("ussd_p99_ms_during_ingest: %.1f" % p(0.99))
print("ussd_max_ms_during_ingest: %.1f" % p(1.0))
