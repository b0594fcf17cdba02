#!/usr/bin/python3
"""The staff web console in a real browser (Debian's chromium and
chromium-driver through python3-selenium), at a phone's 375 px.

webcheck.py BASE_URL ARTIFACT_DIR REF_BAT REF_HOSTILE FIXTURE_JSON
prints one "ok NAME" or "not ok NAME: why" line per check and keeps a
screenshot of each page it looks at in ARTIFACT_DIR."""
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

base, artifacts, ref, hostile, fixture = sys.argv[1:6]
fx = json.load(open(fixture))
failed = 0


def check(name, cond, why=""):
    global failed
    if cond:
        print("ok " + name)
    else:
        failed = 1
        print("not ok %s: %s" % (name, why))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


def raw(path, cookie=None, data=None):
    """(status, headers, body) of a request outside the browser."""
    req = urllib.request.Request(base + path, data=data)
    if cookie:
        req.add_header("Cookie", cookie)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        r = opener.open(req, timeout=10)
        return r.status, r.headers, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode("utf-8", "replace")


opts = Options()
for a in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
          "--no-first-run", "--disable-background-networking",
          "--disable-component-update", "--disable-sync",
          "--hide-scrollbars", "--window-size=375,1400",
          "--user-data-dir=" + fx["profile"]):
    opts.add_argument(a)
opts.binary_location = "/usr/bin/chromium"
opts.set_capability("pageLoadStrategy", "normal")
opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
d.set_page_load_timeout(30)
# headless windows are 500 px at least: the phone's width is emulated
d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
    "width": 375, "height": 1400, "deviceScaleFactor": 1, "mobile": True})
shots = 0


def shot(name):
    global shots
    d.save_screenshot("%s/web-%s-375.png" % (artifacts, name))
    shots += 1


def login(user, password):
    d.get(base + "/login")
    d.find_element(By.NAME, "user").send_keys(user)
    d.find_element(By.NAME, "password").send_keys(password)
    d.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    WebDriverWait(d, 20).until(
        lambda x: x.execute_script("return document.readyState") ==
        "complete" and x.find_elements(By.TAG_NAME, "main"))


def submit(button):
    """Clicks a form's button and waits for the next page."""
    old = d.find_element(By.TAG_NAME, "html")
    button.click()

    def gone(_):
        # the old page's element is stale, or (a chromedriver race while
        # the next page loads) no longer belongs to any document
        try:
            old.is_enabled()
            return False
        except WebDriverException:
            return True
    WebDriverWait(d, 20).until(gone)
    WebDriverWait(d, 20).until(
        lambda x: x.execute_script("return document.readyState") ==
        "complete")


def logout():
    d.find_element(By.CSS_SELECTOR, "form[action='/logout'] button").click()
    WebDriverWait(d, 20).until(lambda x: "/login" in x.current_url)


def session_cookie():
    c = d.get_cookie("rgw_session")
    return "rgw_session=" + c["value"] if c else None


try:
    # ---- the login page, its headers and its cookie ------------------
    st, hd, body = raw("/login")
    check("GET /login answers 200", st == 200, st)
    check("CSP default-src 'self'",
          "default-src 'self'" in (hd.get("Content-Security-Policy") or ""))
    check("X-Frame-Options DENY", hd.get("X-Frame-Options") == "DENY")
    check("Referrer-Policy no-referrer",
          hd.get("Referrer-Policy") == "no-referrer")
    check("Cache-Control no-store", hd.get("Cache-Control") == "no-store")
    check("the login page is Vietnamese with diacritics",
          "Đăng nhập" in body and 'lang="vi"' in body)
    check("a page without a session goes to /login",
          raw("/")[0] == 303 and raw("/")[1].get("Location") == "/login")
    st, _, _ = raw("/login", data=b"user=lan&password=x")
    check("POST /login without the csrf field is 403", st == 403, st)

    # ---- an officer logs in, opens the case, acknowledges it ---------
    login("lan", fx["password"])
    check("the officer is logged in", "/login" not in d.current_url,
          d.current_url)
    c = d.get_cookie("rgw_session")
    check("the session cookie is HttpOnly", c is not None and c["httpOnly"])
    check("the session cookie is SameSite=Strict",
          c is not None and c.get("sameSite") == "Strict")
    check("the home page lists the open case",
          ("#%s" % ref) in d.page_source, ref)
    check("the home page shows the week's grid", "BAT01" in d.page_source)
    w = d.execute_script("return document.documentElement.scrollWidth")
    check("the home page fits 375 px (scroll width %s)" % w, w <= 375)
    shot("home")
    d.find_element(By.LINK_TEXT, "#" + ref).click()
    check("the case page opens", d.current_url.endswith("/cases/" + ref),
          d.current_url)
    w = d.execute_script("return document.documentElement.scrollWidth")
    check("the case page fits 375 px (scroll width %s)" % w, w <= 375)
    shot("case")
    d.find_element(By.CSS_SELECTOR,
                   "form button[value=ack]").click()
    check("the acknowledgement is confirmed",
          "đã tiếp nhận" in d.page_source)
    check("the timeline shows the web step",
          "lan (web)" in d.page_source and ">tiếp nhận<" in d.page_source)
    shot("case-acked")

    # ---- hostile reporter text shows as text --------------------------
    d.get(base + "/cases/" + hostile)
    src = d.page_source
    text = d.find_element(By.CSS_SELECTOR, "div.text").text
    check("the <script> of the SMS is shown as text",
          "<script>" in text, text)
    check("the <img onerror> of the SMS is shown as text",
          "<img src=x onerror=" in text, text)
    check("no script element came from the SMS",
          len(d.find_elements(By.TAG_NAME, "script")) == 0 and
          len(d.find_elements(By.TAG_NAME, "img")) == 0)
    check("no alert was raised", d.execute_script(
        "return window.__pwned === undefined"))
    shot("hostile")

    # ---- a POST without the csrf field --------------------------------
    cookie = session_cookie()
    st, _, _ = raw("/cases/" + ref, cookie, b"action=close&note=x")
    check("a POST without csrf is 403", st == 403, st)
    st, _, _ = raw("/cases/" + ref, cookie,
                   b"action=close&note=x&csrf=" + b"0" * 64)
    check("a POST with a wrong csrf is 403", st == 403, st)
    st, _, _ = raw("/logout", cookie, b"")
    check("a logout without csrf is 403", st == 403, st)

    # ---- logout ends the session ----------------------------------------
    logout()
    check("logout goes to /login", "/login" in d.current_url, d.current_url)
    # a wrong user gets the same answer as a wrong password
    login("nobody", "wrong-password")
    a = d.find_element(By.CSS_SELECTOR, "p.err").text
    login("lan", "wrong-password")
    b = d.find_element(By.CSS_SELECTOR, "p.err").text
    check("a wrong user and a wrong password get the same answer",
          a == b and a != "", (a, b))

    st, hd, _ = raw("/", cookie)
    check("the old session cookie no longer opens a page",
          st == 303 and hd.get("Location") == "/login", st)

    # ---- another commune's officer -------------------------------------
    login("minh", fx["password"])
    check("the other officer is logged in", "/login" not in d.current_url)
    check("the other commune's case is not listed",
          ("#%s<" % ref) not in d.page_source)
    cookie = session_cookie()
    st, _, body = raw("/cases/" + ref, cookie)
    check("another commune's case by URL is 403", st == 403, st)
    d.get(base + "/cases/" + ref)
    check("the browser shows the refusal",
          "không có quyền" in d.page_source)
    shot("forbidden")
    logout()

    # ---- /messages: texts to call back about, hostile ones as text --------
    login("lan", fx["password"])
    d.get(base + "/messages")
    src = d.page_source
    texts = [e.text for e in d.find_elements(By.CSS_SELECTOR, "div.text")]
    check("the officer's messages page lists the text not understood",
          any("<script>window.__pwned=3</script>" in t for t in texts),
          texts)
    check("... its <img onerror> as text",
          any("<img src=x onerror=window.__pwned=4>" in t for t in texts))
    check("... with no element made of it",
          len(d.find_elements(By.TAG_NAME, "script")) == 0 and
          len(d.find_elements(By.CSS_SELECTOR, "main img")) == 0 and
          d.execute_script("return window.__pwned === undefined"))
    check("... the sender's name, village and a number to call",
          "Katơr Thị Lan" in src and "Thôn 3 Bắc Ái Tây" in src and
          d.find_elements(By.CSS_SELECTOR, "a[href^='tel:']"))
    check("... not another commune's message", "ZZQ" not in src)
    check("... not an unknown sender's (admins only, and it says so)",
          "goi lai cho toi" not in src and "quản trị viên" in src)
    w = d.execute_script("return document.documentElement.scrollWidth")
    check("the messages page fits 375 px (scroll width %s)" % w, w <= 375)
    shot("messages")
    logout()
    login("admin1", fx["password"])
    d.get(base + "/messages")
    src = d.page_source
    check("an admin sees the unknown sender's message",
          "goi lai cho toi &lt;b&gt;gap&lt;/b&gt;" in src and
          fx["unknown"] in src, src[-600:])
    check("... and every commune's", "ZZQ" in src and "__pwned=3" in src)
    check("... newest first", src.find("ZZQ") < src.find("__pwned=3"))
    shot("messages-admin")
    logout()

    # ---- /reporters: officers read, admins act ---------------------------
    login("lan", fx["password"])
    d.get(base + "/reporters")
    src = d.page_source
    check("the officer's reporters page lists its commune's reporters",
          "Pinăng Thị Hoa" in src and "Nguyen Thi Moi" in src)
    check("... with their month's activity", "trong 30 ngày" in src)
    check("... not another commune's", "Pinăng Văn Tâm" not in src and
          "Tran Van Ba" not in src)
    check("... and no action for an officer",
          not d.find_elements(By.CSS_SELECTOR, "form[action='/reporters']"))
    w = d.execute_script("return document.documentElement.scrollWidth")
    check("the reporters page fits 375 px (scroll width %s)" % w, w <= 375)
    shot("reporters")
    cookie = session_cookie()
    csrf = d.find_element(By.CSS_SELECTOR,
                          "form[action='/logout'] input[name=csrf]")
    csrf = csrf.get_attribute("value")
    st, _, _ = raw("/reporters", cookie, ("phone=%2B84977000001&"
                   "action=approve&csrf=" + csrf).encode())
    check("an officer's approve by POST is 403", st == 403, st)
    st, _, _ = raw("/reporters", cookie,
                   b"phone=%2B84977000001&action=approve")
    check("a POST to /reporters without csrf is 403", st == 403, st)
    logout()

    def reporter(phone):
        return d.find_element(
            By.XPATH, "//article[.//a[@href='tel:%s']]" %
            phone.replace("+", "%2B"))

    login("admin1", fx["password"])
    d.get(base + "/reporters?status=pending")
    src = d.page_source
    check("the admin lists the pending registrations of every commune",
          "Nguyen Thi Moi" in src and "Tran Van Ba" in src and
          "Pinăng Thị Hoa" not in src)
    submit(reporter("+84977000001").find_element(
        By.CSS_SELECTOR, "button[value=approve]"))
    msg = d.find_element(By.CSS_SELECTOR, "p.msg").text
    check("approve is confirmed with the welcome SMS it queued",
          "Nguyen Thi Moi" in msg and "đang báo cáo" in msg and
          "chào mừng" in msg, msg)
    d.get(base + "/reporters")
    a = reporter("+84912000105")
    check("a config reporter has no move form",
          not a.find_elements(By.CSS_SELECTOR, "input[name=where]") and
          "tệp cấu hình" in a.text)
    submit(reporter("+84912000104").find_element(
        By.CSS_SELECTOR, "button[value=block]"))
    check("block is confirmed", "bị chặn" in
          d.find_element(By.CSS_SELECTOR, "p.msg").text)
    submit(reporter("+84912000104").find_element(
        By.CSS_SELECTOR, "button[value=unblock]"))
    check("unblock is confirmed", "đang báo cáo" in
          d.find_element(By.CSS_SELECTOR, "p.msg").text)
    a = reporter("+84977000001")
    a.find_element(By.CSS_SELECTOR, "input[name=where]").send_keys("BAT03")
    submit(a.find_element(By.CSS_SELECTOR, "button[value=move]"))
    msg = d.find_element(By.CSS_SELECTOR, "p.msg").text
    check("move is confirmed with the new village",
          "Thôn 3 Bắc Ái Tây" in msg, msg)
    shot("reporters-admin")
    cookie = session_cookie()
    csrf = d.find_element(By.CSS_SELECTOR,
                          "form[action='/logout'] input[name=csrf]")
    csrf = csrf.get_attribute("value")
    st, _, body = raw("/reporters", cookie, ("phone=%2B84912000105&"
                      "action=move&where=BAT01&csrf=" + csrf).encode())
    check("moving a config reporter by POST is refused, naming the file",
          st == 409 and "tệp cấu hình" in body and "bacai.conf:" in body,
          st)
    logout()

    # ---- /reports: filters, paging, the CSV --------------------------------
    login("lan", fx["password"])
    d.get(base + "/reports")
    src = d.page_source
    check("the reports page lists the commune's report",
          ("#%s<" % ref) in src, ref)
    check("... not another commune's", "Tran Van Ba" not in src)
    w = d.execute_script("return document.documentElement.scrollWidth")
    check("the reports page fits 375 px (scroll width %s)" % w, w <= 375)
    shot("reports")
    d.find_element(By.CSS_SELECTOR, "select#code option[value=DN]").click()
    submit(d.find_element(By.CSS_SELECTOR, "form.filter button"))
    check("a code filter leaves the others out",
          "code=DN" in d.current_url and ("#%s<" % ref) not in
          d.page_source, d.current_url)
    d.get(base + "/reports?code=XH&village=BAT01&status=active")
    check("code, village and status together find it",
          ("#%s<" % ref) in d.page_source)
    cookie = session_cookie()
    st, _, _ = raw("/reports?commune=BAI", cookie)
    check("another commune's reports by URL are 403", st == 403, st)
    st, _, _ = raw("/reports?from=2020-01-01&to=2026-01-01", cookie)
    check("a filter over a year is refused", st == 400, st)
    st, _, _ = raw("/reports?code=NOPE", cookie)
    check("an unknown code is refused", st == 400, st)
    logout()
    login("admin1", fx["password"])
    st, hd, body = raw("/reports?from=%s&to=%s&format=csv" %
                       (fx["day"], fx["day"]), session_cookie())
    check("the CSV downloads", st == 200 and
          hd.get("Content-Type", "").startswith("text/csv") and
          "attachment" in hd.get("Content-Disposition", ""), st)
    open(fx["csv"], "wb").write(body.encode("utf-8"))
    logout()

    # ---- /trends: the reports' charts inline, under the page's CSP ---------
    login("lan", fx["password"])
    d.get_log("browser")		# what came before
    d.get(base + "/trends")
    svgs = d.find_elements(By.CSS_SELECTOR, "figure svg")
    check("the trends page draws its charts inline (%d)" % len(svgs),
          len(svgs) >= 3)
    check("... each with its caption and its table",
          len(d.find_elements(By.TAG_NAME, "figcaption")) == len(svgs) and
          len(d.find_elements(By.CSS_SELECTOR, "main table")) == len(svgs))
    check("... no style attribute the CSP would drop",
          not d.find_elements(By.CSS_SELECTOR, "svg [style]"))
    check("... no embedded image the CSP would refuse",
          not d.find_elements(By.CSS_SELECTOR, "svg image"))
    grid = d.execute_script(
        "var e = document.querySelector('svg path[stroke=\"rgb(85%,85%,85%)\"]');"
        "return e ? getComputedStyle(e).stroke : null")
    check("... its colours apply in Chromium under the CSP (%s)" % grid,
          grid == "rgb(217, 217, 217)")
    # the bars' hatching is drawn as strokes, never a <pattern> (cairo's
    # SVG backend leaked each pattern it was given)
    pats = d.execute_script(
        "return document.querySelectorAll('svg pattern, "
        "svg [fill^=\"url(\"]').length")
    check("... its bars are drawn without patterns (%s)" % pats, pats == 0)
    ids = d.execute_script(
        "var s = new Set(), d = 0; document.querySelectorAll('[id]')"
        ".forEach(e => { if (s.has(e.id)) d++; s.add(e.id); }); return d")
    check("... no id twice on the page", ids == 0, ids)
    csp = [e["message"] for e in d.get_log("browser")
           if "Content Security Policy" in e["message"]]
    check("... and the browser refused nothing", not csp, csp[:2])
    src = d.page_source
    check("... the week's XH report counted in the figures",
          "XH" in src and "Bắc Ái Tây" in src)
    check("... not another commune's", "Mỹ Sơn" not in src)
    w = d.execute_script("return document.documentElement.scrollWidth")
    check("the trends page fits 375 px (scroll width %s)" % w, w <= 375)
    shot("trends")
    d.get(base + "/trends?weeks=52")
    check("a year of weeks", len(d.find_elements(
        By.CSS_SELECTOR, "main table")[0].find_elements(
        By.CSS_SELECTOR, "tbody tr")) == 52)
    w = d.execute_script("return document.documentElement.scrollWidth")
    check("the 52-week page fits 375 px (scroll width %s)" % w, w <= 375)
    shot("trends-52")
    logout()

    # ---- lockout after 5 failures ---------------------------------------
    for i in range(4):
        login("viewer1", "wrong-password-%d" % i)
    check("four failures: not yet a wait", "phút" not in d.page_source and
          d.find_elements(By.CSS_SELECTOR, "p.err"))
    login("viewer1", "wrong-password-4")
    check("five failures: the wait is announced",
          "phút" in d.page_source, d.page_source[-400:])
    login("viewer1", fx["password"])
    check("the right password is refused during the wait",
          "/login" in d.current_url and "phút" in d.page_source)
    shot("locked")
finally:
    d.quit()
print("# %d screenshots in %s" % (shots, artifacts))
sys.exit(failed)
