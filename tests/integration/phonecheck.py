#!/usr/bin/python3
"""Lays a page out as a phone would, in headless Chromium driven by
Selenium (Debian's python3-selenium and chromium-driver), and measures it.

Chromium's own --window-size cannot go under 500 px wide in headless mode;
the phone is emulated instead (mobileEmulation: the viewport is WIDTH CSS
pixels, the page's <meta name="viewport"> honoured, as on a phone).

usage: phonecheck.py [--desktop] FILE.html WIDTH [PNG]
prints one line of JSON: the page's height and scroll width in CSS
pixels, the right edge of its widest element, the top of each element with
an id (the digest's sections), and with PNG a picture of the whole page.
With --desktop, a desktop browser's window WIDTH pixels wide instead (the
viewport <meta> ignored, as webmail in a narrow window).
"""
import base64
import json
import os
import shutil
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

MEASURE = """
var e = document.documentElement, right = 0, tops = {};
document.querySelectorAll('body *').forEach(function (x) {
    var r = x.getBoundingClientRect();
    if (r.width > 0 && r.right > right) right = r.right;
});
document.querySelectorAll('h1[id], h2[id], h3[id]').forEach(function (x) {
    tops[x.id] = Math.round(x.getBoundingClientRect().top + window.scrollY);
});
return {height: e.scrollHeight, scroll_width: e.scrollWidth,
        viewport: window.innerWidth, widest: Math.ceil(right), tops: tops};
"""


def main():
    args = sys.argv[1:]
    desktop = args[:1] == ["--desktop"]
    args = args[1:] if desktop else args
    path, width = os.path.abspath(args[0]), int(args[1])
    png = args[2] if len(args) > 2 else None
    profile = tempfile.mkdtemp(prefix="phonecheck.")
    o = webdriver.ChromeOptions()
    o.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu",
              "--no-first-run", "--disable-background-networking",
              "--disable-component-update", "--disable-sync",
              "--hide-scrollbars", "--user-data-dir=" + profile):
        o.add_argument(a)
    if not desktop:
        o.add_experimental_option("mobileEmulation", {"deviceMetrics": {
            "width": width, "height": 800, "pixelRatio": 1}})
    driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    d = webdriver.Chrome(service=Service(driver), options=o)
    try:
        if desktop:
            d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": 800, "deviceScaleFactor": 1,
                "mobile": False})
        d.get("file://" + path)
        m = d.execute_script(MEASURE)
        if png:
            shot = d.execute_cdp_cmd("Page.captureScreenshot", {
                "captureBeyondViewport": True, "clip": {
                    "x": 0, "y": 0, "width": width,
                    "height": m["height"], "scale": 1}})
            open(png, "wb").write(base64.b64decode(shot["data"]))
    finally:
        d.quit()
        shutil.rmtree(profile, ignore_errors=True)
    print(json.dumps(m, ensure_ascii=False))


main()
