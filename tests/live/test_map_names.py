"""test_map_names.py - mapping names as the kernel means them.  smaps
writes a newline in a file name as \\012 and nothing else, and appends
" (deleted)" to a deleted file's name: a file literally named
"lit\\012name", or one whose name ends in " (deleted)", reads the same as
another.  As root lwps takes the true name from /proc/PID/map_files; as
another user it keeps the kernel's text and says the name is ambiguous.
JSON says both ("deleted", "path_ambiguous"), and a snapshot keeps them."""

import mmap
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import Tap, lwps_for_anyone, run, strict_json  # noqa: E402

t = Tap()
NAMES = ["nl\nname", "lit\\012name", "kept (deleted)", "gone"]
SETPRIV = shutil.which("setpriv")
NOBODY = 65534

# The mapping process: maps each file, deletes "gone", says ready.
MAPPER = r"""
import mmap, os, sys
d = sys.argv[1]
keep = []
for n in %r:
    f = open(os.path.join(d, n), "rb")
    keep.append(mmap.mmap(f.fileno(), 4096, prot=mmap.PROT_READ))
    f.close()
os.unlink(os.path.join(d, "gone"))
print("ready", flush=True)
sys.stdin.read()
""" % (NAMES,)


def mapped(out, d):
    """path -> (deleted, ambiguous) of each mapping under d in -m -J."""
    doc = strict_json(out.decode())
    got = {}
    for m in doc["processes"][0]["maps"]:
        p = m.get("path") or ""
        if p.startswith(d):
            got[p[len(d) + 1:]] = m
    return got


def round_trip(pid, drop, lwps=None):
    """Saves the mapping process, loads the snapshot and saves it again:
    the same bytes, deleted and path_ambiguous included."""
    snap = tempfile.mkdtemp(prefix="lwps-names-snap-")
    os.chmod(snap, 0o777)
    a, b = os.path.join(snap, "a.json"), os.path.join(snap, "b.json")
    cmd = drop + [lwps] if lwps else []
    if lwps:
        r1 = subprocess.run(cmd + ["--save", a, "-p", str(pid)], capture_output=True)
        r2 = subprocess.run(cmd + ["--load", a, "--save", b], capture_output=True)
        codes = (r1.returncode, r2.returncode)
    else:
        codes = (run(["--save", a, "-p", str(pid)])[0], run(["--load", a, "--save", b])[0])
    same = codes == (0, 0) and open(a, "rb").read() == open(b, "rb").read()
    t.ok(same, "%s: save -> load -> save is identical, deleted and path_ambiguous included"
         % ("nobody" if lwps else "root"), codes)
    shutil.rmtree(snap)


def start(d, drop):
    p = subprocess.Popen(drop + [sys.executable, "-c", MAPPER, d], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE)
    assert p.stdout.readline().strip() == b"ready"
    return p


if os.geteuid() != 0:
    for i in range(11):
        t.skip("map names %d" % (i + 1), "needs root: map_files, and setpriv to be another user")
    t.done()

d = tempfile.mkdtemp(prefix="lwps-names-")
os.chmod(d, 0o755)
for n in NAMES:
    with open(os.path.join(d, n), "wb") as f:
        f.write(b"x" * 4096)
    os.chmod(os.path.join(d, n), 0o644)
try:
    # As root: the true names, deleted only where the file is.
    p = start(d, [])
    try:
        code, out, err = run(["-m", "-J", str(p.pid)])
        got = mapped(out, d)
        t.eq(sorted(got), sorted(["nl\nname", "lit\\012name", "kept (deleted)", "gone (deleted)"]),
             "root: each name as the file system has it (map_files)")
        t.eq({k: (m["deleted"], m["path_ambiguous"]) for k, m in got.items()},
             {"nl\nname": (False, False), "lit\\012name": (False, False),
              "kept (deleted)": (False, False), "gone (deleted)": (True, False)},
             "root: JSON's deleted is the file's, not the name's; no name is ambiguous")
        code, out, err = run(["-m", "-o", "start,mapping", str(p.pid)])
        text = out.decode()
        t.ok("kept (deleted)" in text and "gone (deleted)" in text and "ambiguous" not in text,
             "root: text keeps ' (deleted)' of the name apart from the deleted file's", text[-600:])
        round_trip(p.pid, [])
    finally:
        p.stdin.close()
        p.wait()
    if not SETPRIV:
        for i in range(5):
            t.skip("map names as nobody %d" % (i + 1), "setpriv (util-linux) is not installed")
        t.done()
    # As nobody: the kernel's text, and the ambiguity said.
    tmp, lwps = lwps_for_anyone("lwps-names-bin-")
    drop = [SETPRIV, "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY, "--clear-groups"]
    with open(os.path.join(d, "gone"), "wb") as f:
        f.write(b"x" * 4096)
    os.chmod(os.path.join(d, "gone"), 0o644)
    os.chown(d, NOBODY, NOBODY)     # so that nobody may delete "gone"
    p = start(d, drop)
    try:
        r = subprocess.run(drop + [lwps, "-m", "-J", str(p.pid)], capture_output=True)
        got = mapped(r.stdout, d)
        t.ok("lit\\012name" in got and "nl\nname" not in got and
             sum(1 for k in got if k == "lit\\012name") == 1,
             "nobody: both names keep the kernel's text lit\\012name / nl\\012name",
             sorted(got))
        t.ok("nl\\012name" in got, "nobody: the newline's name is the kernel's \\012", sorted(got))
        t.eq(sorted(k for k, m in got.items() if m["path_ambiguous"]), ["lit\\012name", "nl\\012name"],
             "nobody: JSON marks the two names with \\012 ambiguous")
        round_trip(p.pid, drop, lwps)
        r = subprocess.run(drop + [lwps, "-m", "-o", "start,mapping", str(p.pid)], capture_output=True)
        text = r.stdout.decode()
        t.eq(text.count("ambiguous"), 2, "nobody: -m says each of the two names is ambiguous")
        t.ok(r.returncode == 0, "nobody: exit 0", r.stderr)
        t.ok("gone (deleted)" in text, "nobody: the deleted file still says so", text[-400:])
    finally:
        p.stdin.close()
        p.wait()
        shutil.rmtree(tmp)
finally:
    shutil.rmtree(d)
t.done()
