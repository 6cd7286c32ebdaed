"""test_golden_proc.py - the real reader and parsers on fixed data: lwps
reads the recorded /proc tree tests/data/proc (LWPS_PROC_ROOT, a setting
for tests) and each view must equal tests/data/proc-expected/NAME.out byte
for byte.  tests/data/record-proc records a new tree and rebuilds them."""

import difflib
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import LWPS, Tap, parse_strictly, schema_errors  # noqa: E402

DATA = os.path.join(os.environ.get("TESTS_SRCDIR") or os.path.join(os.path.dirname(__file__), ".."), "data")
TREE = os.path.join(DATA, "proc")
t = Tap()
env = dict(os.environ, LC_ALL="C.UTF-8", TZ="UTC", LWPS_PROC_ROOT=TREE)
for k in ("COLUMNS", "NO_COLOR"):
    env.pop(k, None)
threads = open(os.path.join(DATA, "proc-fixture.out")).readline().split()[1]
# The moment of reading is now, not the recording's.
now = re.compile(rb'"taken_at":[0-9.]+')

for line in open(os.path.join(DATA, "proc-views.txt")):
    if line.startswith("#") or not line.strip():
        continue
    name, args = line.rstrip("\n").split("\t")
    argv = args.replace("@THREADS", threads).split()
    p = subprocess.run([LWPS] + argv, env=env, capture_output=True, timeout=60)
    got = now.sub(b'"taken_at":0', p.stdout + p.stderr + b"exit %d\n" % p.returncode)
    with open(os.path.join(DATA, "proc-expected", name + ".out"), "rb") as f:
        want = now.sub(b'"taken_at":0', f.read())
    diff = "".join(difflib.unified_diff(want.decode("utf-8", "replace").splitlines(True),
                                        got.decode("utf-8", "replace").splitlines(True),
                                        "expected", "got", n=1))
    t.ok(got == want, "recorded /proc: view %s (%s) equals tests/data/proc-expected/%s.out"
         % (name, " ".join(argv), name), diff[:3000])
    if "-J" in argv:
        t.eq(schema_errors(parse_strictly(p.stdout.decode("utf-8")))[:5], [],
             "recorded /proc: view %s validates against lwps.schema.json" % name)

# Every process recorded is listed: the reader walked the whole tree.
pids = sorted(int(d) for d in os.listdir(TREE) if d.isdigit())
p = subprocess.run([LWPS, "-o", "pid", "-n"], env=env, capture_output=True, timeout=60)
t.eq([int(x) for x in p.stdout.split()], pids, "recorded /proc: every recorded process is listed once")
# Names keep every byte in every locale: JSON, -r and snapshots are the
# same under LC_ALL=C as under C.UTF-8, the ESC and the invalid bytes of
# the recorded thread names included.  (A snapshot's host facts are the
# running system's, read anew, and ELAPSED counts to now: only the rest of
# its processes is compared.)
def processes_of(out):
    """The processes, without what depends on the moment of reading."""
    return re.sub(rb'"elapsed":[0-9.e+-]+', b'"elapsed":0', out[out.index(b'"processes":'):])


for view, esc in ((["-L", "-J", "-o", "lwp,tname,comm,command"], b"\\u001b[2J"),
                  (["-L", "-r", "-o", "lwp,tname,comm,command"], b"\\x1b[2J"),
                  (["--save", "-"], b"\\u001b[2J")):
    outs = []
    for loc in ("C.UTF-8", "C"):
        p = subprocess.run([LWPS] + view, env=dict(env, LC_ALL=loc), capture_output=True, timeout=60)
        outs.append(processes_of(p.stdout) if "--save" in view else now.sub(b'"taken_at":0', p.stdout))
        if b"-r" not in view[1].encode():
            t.eq(schema_errors(parse_strictly(p.stdout.decode("utf-8")))[:5], [],
                 "recorded /proc: %s under LC_ALL=%s validates against lwps.schema.json"
                 % (" ".join(view), loc))
    t.ok(outs[0] == outs[1] and esc in outs[1],
         "recorded /proc: %s is the same under LC_ALL=C as under C.UTF-8" % " ".join(view))
t.done()
