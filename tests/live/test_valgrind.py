"""test_valgrind.py - valgrind memcheck over every view of the fixture: no
invalid access, no use of an uninitialised value, no definite or indirect
leak.  Valgrind is slow, so each view runs once, on the fixture's processes
(plus one view of the whole machine).  Skips itself without valgrind."""

import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import LWPS, Fixture, Tap  # noqa: E402

t = Tap()
VALGRIND = shutil.which("valgrind")
tmp = tempfile.mkdtemp(prefix="lwps-vg-")
ENV = dict(os.environ, LC_ALL="C.UTF-8")
ENV.pop("COLUMNS", None)


def views(plist, mpid, snap, later="FILE2"):
    return [
        ["-L", "-p", plist], ["-t", "-p", plist], ["-tL", "-p", plist], ["-J", "-p", plist],
        ["-L", "-J", "-p", plist], ["-m", mpid], ["-m", "--layout", mpid], ["-m", "-J", mpid],
        ["--save", "-", "-p", plist], ["--load", snap, "-L", "--output-all"], ["--load", snap, "-tL", "-J"],
        ["--load", snap, "-m", "--layout", mpid], ["-L", "-J", "--output-all"],
        ["-p", plist + ",999999999", "-L"], ["--diff", snap, later], ["--diff", later, snap, "-J"],
        ["--limits", "-p", plist], ["--limits", "-J", "-p", plist],
        ["-L", "-o", "pid,lwp,shares,exec", "-p", plist], ["--load", snap, "-L", "-o", "shares,exec"],
        ["-W"], ["-W", "-J", "-p", plist], ["--load", snap, "-W", "-J"],
    ]


probe = subprocess.run([VALGRIND, "-q", "true"], capture_output=True) if VALGRIND else None
with open(LWPS, "rb") as f:
    asan = b"__asan_init" in f.read()   # valgrind cannot run a sanitizer build
if not VALGRIND or probe.returncode != 0 or asan:
    why = ("valgrind is not installed" if not VALGRIND else
           "lwps is built with AddressSanitizer (--enable-sanitizers)" if asan else "valgrind cannot run here")
    for args in views("PIDS", "PID", "FILE"):
        t.skip("valgrind lwps %s" % " ".join(args), why)
    t.done()

fx = Fixture()
try:
    plist = ",".join(map(str, fx.all_pids()))
    mpid = str(fx.shapes["maps"][0])
    snap = os.path.join(tmp, "snap.json")
    # The snapshot holds the maps process too: -m of a pid it lacks shows nothing.
    subprocess.run([LWPS, "--save", snap, "-p", plist + "," + mpid], env=ENV, check=True, capture_output=True)
    later = os.path.join(tmp, "later.json")
    subprocess.run([LWPS, "--save", later], env=ENV, check=True, capture_output=True)
    for args in views(plist, mpid, snap, later):
        log = os.path.join(tmp, "vg.log")
        p = subprocess.run([VALGRIND, "--error-exitcode=99", "--leak-check=full",
                            "--errors-for-leak-kinds=definite,indirect",
                            "--show-leak-kinds=definite,indirect",
                            "--log-file=" + log, LWPS] + args,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV, timeout=300)
        with open(log, errors="replace") as f:
            report = f.read()
        errors = re.search(r"ERROR SUMMARY: (\d+) errors", report)
        ok = p.returncode in (0, 1) and errors is not None and errors.group(1) == "0" and len(p.stdout) > 50
        t.ok(ok, "valgrind lwps %s: no error, no leak" % " ".join(args),
             "exit %d\n%s" % (p.returncode, "\n".join(x for x in report.splitlines() if "==" in x)[-3000:]))
finally:
    fx.close()
    shutil.rmtree(tmp, ignore_errors=True)
t.done()
