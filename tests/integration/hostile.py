#!/usr/bin/env python3
"""Hostile HTTP clients for test_hostile_http.sh and tests/soak/http-soak.

usage:
  hostile.py flood PORT N KIND [THREADS]
      N requests whose query libmicrohttpd cannot hold (KIND "amp": '?'
      and 24,000 '&'; "args": 800 arguments), each sent, given 5 ms, then
      reset; prints "flood N sent".
  hostile.py malformed PORT N
      N malformed requests (a header line without a colon, an unknown HTTP
      version, a bad Content-Length, a bad chunk), one after the other,
      each waiting for the server to close; prints "malformed N sent".
  hostile.py slowloris PORT N SECONDS SRC TOKEN [MAX]
      N connections from 127.0.0.1 that send one header line every 4 s;
      meanwhile GET /healthz and POST /sms from SRC (another loopback
      address) every 0.5 s.  Prints the figures and "probes OK/N" and
      "slowest_ms"; exit 1 if a probe failed or took MAX s (1) or more.
  hostile.py webhook PORT SECONDS SRC TOKEN PREFIX
      POST /sms from SRC with ids PREFIX-1, PREFIX-2, ... until SECONDS
      are over, each retried on anything but 200 (as a gateway app does);
      prints "webhook PREFIX sent N retries R".
"""
import socket
import struct
import sys
import threading
import time


def reset(s):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()


def flood(port, n, kind, threads=4):
    if kind == "amp":
        q = "?" + "&" * 24000
    else:
        q = "?" + "&".join("arg%d=1" % j for j in range(800))
    req = ("GET /sms%s HTTP/1.1\r\nHost: x\r\n\r\n" % q).encode()
    sent = [0]
    lock = threading.Lock()

    def worker(count):
        for _ in range(count):
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=5)
                s.sendall(req)
                time.sleep(0.005)
                reset(s)
                with lock:
                    sent[0] += 1
            except OSError:
                time.sleep(0.01)

    ts = [threading.Thread(target=worker, args=(n // threads +
                                                (i < n % threads),))
          for i in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    print("flood %d sent" % sent[0])


MALFORMED = [
    b"GET /healthz HTTP/1.1\r\nHost: x\r\nthis line has no colon\r\n\r\n",
    b"GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n",
    b"POST /sms HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
    b"POST /sms HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
    b"\r\nzz\r\n",
]


def malformed(port, n):
    sent = 0
    for i in range(n):
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(MALFORMED[i % len(MALFORMED)])
            s.shutdown(socket.SHUT_WR)
            while s.recv(4096):
                pass
            s.close()
            sent += 1
        except OSError:
            pass
    print("malformed %d sent" % sent)


def probe(src, port, token, i):
    """One GET /healthz and one POST /sms from src; seconds or None."""
    out = []
    body = ('{"id": "probe-%d-%d", "from": "+84912000101", "text": "KO"}'
            % (int(time.time()), i)).encode()
    for req in (b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close"
                b"\r\n\r\n",
                b"POST /sms?token=" + token.encode() + b" HTTP/1.1\r\n"
                b"Host: x\r\nConnection: close\r\nContent-Type: "
                b"application/json\r\nContent-Length: " +
                str(len(body)).encode() + b"\r\n\r\n" + body):
        t = time.monotonic()
        try:
            s = socket.socket()
            s.settimeout(3)
            s.bind((src, 0))
            s.connect(("127.0.0.1", port))
            s.sendall(req)
            d = b""
            while True:
                b = s.recv(4096)
                if not b:
                    break
                d += b
            s.close()
            ok = d.startswith(b"HTTP/1.1 200")
        except OSError:
            ok = False
        out.append(time.monotonic() - t if ok else None)
    return out


def slowloris(port, n, secs, src, token, bound=1.0):
    conns = []
    for i in range(n):
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=2)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            conns.append(s)
        except OSError:
            pass
    opened = len(conns)
    end = time.monotonic() + secs
    next_drip = time.monotonic() + 4
    results = []
    i = 0
    while time.monotonic() < end:
        if time.monotonic() >= next_drip:
            alive = []
            for s in conns:
                try:
                    s.sendall(b"X-Slow-%d: 1\r\n" % i)
                    alive.append(s)
                except OSError:
                    s.close()
            conns = alive
            next_drip += 4
        results += probe(src, port, token, i)
        i += 1
        time.sleep(0.5)
    # the ones the server still holds: it answers nothing, so still open
    held = 0
    for s in conns:
        s.setblocking(False)
        try:
            if s.recv(1) != b"":
                held += 1       # an answer, yet the connection is open
        except BlockingIOError:
            held += 1
        except OSError:
            pass
        s.close()
    good = [r for r in results if r is not None]
    slowest = max(good) if good else 0
    print("slowloris: %d connections opened, %d still held by the server "
          "after %d s" % (opened, held, secs))
    print("probes %d/%d answered 200, slowest_ms %.0f" %
          (len(good), len(results), slowest * 1000))
    return 0 if len(good) == len(results) and slowest < bound else 1


def webhook(port, secs, src, token, prefix):
    end = time.monotonic() + secs
    sent = retries = 0
    while time.monotonic() < end:
        sent += 1
        body = ('{"id": "%s-%d", "from": "+849120001%02d", "text": '
                '"TC %d %s-%d"}' % (prefix, sent, 1 + sent % 6, sent % 50,
                                    prefix, sent)).encode()
        req = (b"POST /sms?token=" + token.encode() + b" HTTP/1.1\r\n"
               b"Host: x\r\nConnection: close\r\nContent-Type: "
               b"application/json\r\nContent-Length: " +
               str(len(body)).encode() + b"\r\n\r\n" + body)
        give_up = time.monotonic() + 60
        while True:
            try:
                s = socket.socket()
                s.settimeout(10)
                s.bind((src, 0))
                s.connect(("127.0.0.1", port))
                s.sendall(req)
                d = b""
                while True:
                    b = s.recv(4096)
                    if not b:
                        break
                    d += b
                s.close()
                if d.startswith(b"HTTP/1.1 200"):
                    break
            except OSError:
                pass
            retries += 1
            if time.monotonic() > give_up:
                sys.exit("webhook %s: gave up on message %d" % (prefix, sent))
            time.sleep(0.05)
    print("webhook %s sent %d retries %d" % (prefix, sent, retries))


def main():
    cmd, port = sys.argv[1], int(sys.argv[2])
    if cmd == "flood":
        flood(port, int(sys.argv[3]), sys.argv[4],
              int(sys.argv[5]) if len(sys.argv) > 5 else 4)
    elif cmd == "malformed":
        malformed(port, int(sys.argv[3]))
    elif cmd == "slowloris":
        sys.exit(slowloris(port, int(sys.argv[3]), int(sys.argv[4]),
                           sys.argv[5], sys.argv[6],
                           float(sys.argv[7]) if len(sys.argv) > 7 else 1.0))
    elif cmd == "webhook":
        webhook(port, float(sys.argv[3]), sys.argv[4], sys.argv[5],
                sys.argv[6])
    else:
        sys.exit("unknown command " + cmd)


main()
