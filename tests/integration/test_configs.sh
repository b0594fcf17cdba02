# Thirty-odd broken configurations, each one mistake an operator makes:
# `reportgw check` exits 2 and names the file and line of the mistake with
# a message that says what is wrong; the daemon refuses to start on one.
. "$(dirname "$0")/lib.sh"

make_config
SRC="$SRC" python3 - "$WORK" "$REPORTGW" <<'PY'
import os, re, shutil, subprocess, sys
work, bin = sys.argv[1:3]
sys.path.insert(0, os.path.join(os.environ["SRC"], "tests", "integration"))
from broken_configs import VARIANTS
files = ["reportgw.conf", "bacai.conf", "labels.conf", "codebook.conf"]
orig = {f: open(os.path.join(os.environ["SRC"], "config", f)).read()
        for f in files[1:]}
# the demo's config (which names the demo secrets), its includes side by side
orig["reportgw.conf"] = open(os.path.join(os.environ["SRC"], "scripts",
    "demo.conf")).read().replace('@include "../config/', '@include "')
print("# %d broken configs" % len(VARIANTS))
for i, (f, old, new, needle, msg) in enumerate(VARIANTS):
    d = os.path.join(work, "v%d" % i)
    os.mkdir(d)
    for k in files:
        open(os.path.join(d, k), "w").write(orig[k])
    for k in ("demo-provider.key", "demo-http.token"):
        shutil.copy(os.path.join(work, k), d)
        os.chmod(os.path.join(d, k), 0o600)
    s = orig[f]
    if old is None:
        s = re.sub(r"\n  digest_subject = [^\n]*", "", s, count=1)
    else:
        s = s.replace(old, new, 1)
    open(os.path.join(d, f), "w").write(s)
    needle = needle or (new.split("\n")[0] if new else old)
    if not new and old:    # a line removed: the error is on its group
        needle = "smtp = {"
    line = next(n for n, l in enumerate(s.split("\n"), 1) if needle in l)
    want = "%s:%d: " % (os.path.join(d, f), line)
    r = subprocess.run([bin, "check", "-f", os.path.join(d, "reportgw.conf")],
                       capture_output=True, text=True)
    out = r.stdout + r.stderr
    hit = [l for l in out.split("\n") if l.startswith(want) and msg in l]
    name = "broken config %d (%s): %s" % (i + 1, f, msg)
    if r.returncode == 2 and hit:
        print("ok " + name)
    else:
        print("not ok %s: exit %d, want %r..., got %r" % (name, r.returncode,
              want + msg, out.strip()[:300]))
PY
# the daemon refuses a broken config, with the same message, exit 2
"$REPORTGW" run -d -f "$WORK/v0/reportgw.conf" > "$WORK/run.out" 2>&1
expect "run refuses a broken config with exit 2" [ $? -eq 2 ]
expect "run names the line" grep -q "v0/reportgw.conf:[0-9]*: unknown time zone" "$WORK/run.out"
finish
