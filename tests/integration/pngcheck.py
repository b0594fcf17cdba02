#!/usr/bin/env python3
"""Checks that a PNG screenshot is not blank: decodes it with the standard
library (zlib and the five PNG row filters) and counts the pixels that
differ from the most common colour.

usage: pngcheck.py FILE.png MIN_WIDTH   -> prints "WIDTHxHEIGHT INK%"
exits 1 if the picture is narrower than MIN_WIDTH or under 2 % ink.
"""
import collections
import struct
import sys
import zlib


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("not a PNG")
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    if depth != 8 or ctype not in (2, 6):
        sys.exit("unsupported PNG (depth %d, colour type %d)" % (depth, ctype))
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else
                                      b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


w, h, bpp, rows = decode(sys.argv[1])
count = collections.Counter()
for r in rows[::4]:
    for x in range(0, w * bpp, bpp * 4):
        count[r[x:x + 3]] += 1
total = sum(count.values())
ink = 100.0 * (total - count.most_common(1)[0][1]) / total
print("%dx%d %.1f%%" % (w, h, ink))
sys.exit(0 if w >= int(sys.argv[2]) and ink >= 2.0 else 1)
