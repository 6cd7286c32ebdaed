"""test_limits_shares.py - --limits against the kernel's /proc/PID/limits
and util-linux's prlimit, and SHARES against kcmp(2) itself.

Limits: the fixture's `limits` shape set known limits with setrlimit (the
values below).  lwps --limits must show every limit of /proc/PID/limits,
in its order, with prlimit's names, descriptions and units, in text, raw
text and JSON, live and from a snapshot; -o and -s work on the limit
columns; the options that do not apply are refused.

Sharing: the `vfork` shape's child runs in its parent's address space
until it execs, so SHARES shows vm:PARENT for it (and vm:CHILD for the
parent), as kcmp(KCMP_VM) says; the `limits` shape's ordinary fork child
and the limits process itself (two threads, which share everything with
each other) share nothing.  Also through --save and --load."""

import ctypes
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import Fixture, Tap, run, run_json, strict_json  # noqa: E402

t = Tap()
tmp = tempfile.mkdtemp(prefix="lwps-limits-")

# What the fixture's limits shape set (tests/live/fixture.c): name as
# prlimit gives it -> (soft, hard).
SET = {"NOFILE": (321, 654), "CPU": (3600, 7200), "MSGQUEUE": (4096, 8192),
       "RTTIME": (500000, 1000000), "CORE": (0, 1 << 20)}


def proc_limits(pid):
    """/proc/PID/limits: [(soft, hard)] in its order, "unlimited" kept."""
    rows = []
    with open("/proc/%d/limits" % pid) as f:
        for line in f.read().splitlines()[1:]:
            words = line[25:].split()
            rows.append((words[0], words[1]))
    return rows


def prlimit(pid, columns):
    """prlimit --pid PID --raw --noheadings: {RESOURCE: [other columns]}."""
    out = subprocess.run(["prlimit", "--pid", str(pid), "--raw", "--noheadings", "-o",
                          ",".join(["RESOURCE"] + columns)],
                         capture_output=True, text=True, check=True).stdout
    rows = {}
    for line in out.splitlines():
        words = line.split(" ")
        rows[words[0]] = [w.replace("\\x20", " ") for w in words[1:]]
    return rows


def lwps_rows(args):
    code, out, err = run(args)
    return code, [line.split(" ") for line in out.decode().splitlines()], err


def json_value(v):
    return v if v == "unlimited" else str(v)


with Fixture(("limits", "vfork")) as fx:
    pid, napper, child = fx.shapes["limits"]
    vparent, vchild = fx.shapes["vfork"]

    # 1. Raw text: every limit, in the kernel's order, as prlimit says it.
    code, rows, err = lwps_rows(["--limits", "-r", "-n", "-o", "resource,soft,hard,units", str(pid)])
    t.eq((code, err), (0, ""), "--limits -r -n exits 0 quietly")
    t.eq([(r[1], r[2]) for r in rows], proc_limits(pid),
         "the soft and hard limits are /proc/PID/limits', in its order")
    want = prlimit(pid, ["SOFT", "HARD", "UNITS"])
    t.eq({r[0]: [r[1], r[2], "" if r[3] == "-" else r[3]] for r in rows}, want,
         "every RESOURCE, SOFT, HARD and UNITS equals prlimit --pid --raw's (a unit it has none of is -)")
    t.eq({r[0]: (int(r[1]), int(r[2])) for r in rows if r[0] in SET}, SET,
         "the limits the process set with setrlimit are shown")
    descriptions = prlimit(pid, ["DESCRIPTION"])
    code, out, err = run(["--limits", "-n", "-o", "resource,description", "-r", str(pid)])
    got = {line.split(" ")[0]: line.split(" ")[1].replace("\\x20", " ")
           for line in out.decode().splitlines()}
    t.eq(got, {k: v[0] for k, v in descriptions.items()}, "DESCRIPTION is prlimit's")

    # 2. The default table: a title, prlimit's columns, "unlimited" spelled out.
    code, out, err = run(["--limits", str(pid)])
    lines = out.decode().splitlines()
    t.ok(code == 0 and lines[0].startswith("%d:   " % pid), "a table is titled PID:   command", lines[:1])
    t.eq(lines[1].split(), ["RESOURCE", "DESCRIPTION", "SOFT", "HARD", "UNITS"],
         "the default columns are prlimit's")
    stack = [line for line in lines if line.startswith("STACK ")]
    soft, hard = proc_limits(pid)[3]
    t.ok(len(stack) == 1 and stack[0].split()[-3:-1] == [soft, hard], "STACK shows its values", stack)
    t.ok(any("unlimited" in line for line in lines[2:]), "an unlimited value is spelled out")

    # 3. JSON: an rlimits array of objects, values as numbers or "unlimited".
    code, doc, err = run_json(["--limits", str(pid)])
    proc = doc["processes"][0]
    t.eq((code, proc["pid"]), (0, pid), "--limits -J has the process")
    got = {r["resource"]: [json_value(r["soft"]), json_value(r["hard"]), r["units"] or ""]
           for r in proc["rlimits"]}
    t.eq(got, want, "rlimits equal prlimit's, in JSON")
    t.ok(all(r["description"] == descriptions[r["resource"]][0] for r in proc["rlimits"]),
         "each rlimit has prlimit's description")
    code, doc, err = run_json(["--limits", "-o", "soft", str(pid)])
    t.eq([sorted(r) for r in doc["processes"][0]["rlimits"]][:1], [["resource", "soft"]],
         "-o soft gives each rlimit its resource and soft limit only")

    # 4. -s: by a limit column, numbers before "unlimited"; PID may be shown.
    code, rows, err = lwps_rows(["--limits", "-r", "-n", "-o", "pid,resource,soft", "-s", "soft", str(pid)])
    softs = [r[2] for r in rows]
    nums = [int(s) for s in softs if s != "unlimited"]
    t.ok(code == 0 and nums == sorted(nums) and softs == [str(n) for n in nums] + ["unlimited"] *
         (len(softs) - len(nums)), "-s soft sorts the numbers, then unlimited", softs)
    t.ok(all(r[0] == str(pid) for r in rows), "a process column may be shown beside the limits")
    code, out, err = run(["--limits", "--list-columns"])
    t.eq([line.split()[0] for line in out.decode().splitlines()],
         ["RESOURCE", "DESCRIPTION", "SOFT", "HARD", "UNITS"], "--limits --list-columns lists the limit columns")

    # 5. From a snapshot, the same as live.
    snap = os.path.join(tmp, "limits.json")
    code, out, err = run(["--save", snap, "-p", "%d,%d,%d,%d" % (pid, child, vparent, vchild)])
    t.eq(code, 0, "--save of the shapes exits 0")
    live = run(["--limits", str(pid)])
    code, out, err = run(["--load", snap, "--limits", str(pid)])
    t.eq(out.split(b"\n", 1)[1], live[1], "--load --limits shows what the live run showed")

    # A snapshot saved before lwps kept limits says so (exit status 1).
    old = os.path.join(os.environ.get("TESTS_SRCDIR", os.path.join(os.path.dirname(__file__), "..")),
                       "data", "snapshot.json")
    code, out, err = run(["--load", old, "--limits", "6277"])
    t.eq((code, err), (1, "lwps: no limits for 6277 (lwpsfx-thr): not kept in this snapshot\n"),
         "--limits of a snapshot without limits says so")

    # 6. Options that do not apply are refused.
    for opt in (["-L"], ["-t"], ["-m"], ["-i"], ["--save", os.path.join(tmp, "x")], ["--watch", "1"],
                ["-I", "1"]):
        code, out, err = run(["--limits"] + opt + [str(pid)])
        t.ok(code == 2 and "do not go together" in err and out == b"",
             "--limits %s is refused" % opt[0], (code, err))

    # 7. SHARES: the vfork child lives in its parent's address space.
    libc = ctypes.CDLL(None, use_errno=True)
    SYS_kcmp = {"x86_64": 312, "aarch64": 272}.get(os.uname().machine)
    KCMP_VM = 1
    if SYS_kcmp:
        t.eq(libc.syscall(SYS_kcmp, vparent, vchild, KCMP_VM, 0, 0), 0,
             "kcmp itself says the vfork child shares its parent's mm")
    code, rows, err = lwps_rows(["-r", "-n", "-o", "pid,shares", "-p", str(vchild)])
    t.eq((code, rows), (0, [[str(vchild), "vm:%d" % vparent]]),
         "SHARES of the vfork child alone (-p) is vm:PARENT")
    code, rows, err = lwps_rows(["-r", "-n", "-o", "pid,shares", "-p",
                                 "%d,%d,%d,%d" % (vparent, vchild, pid, child)])
    t.eq(rows, [[str(vparent), "vm:%d" % vchild], [str(vchild), "vm:%d" % vparent],
                [str(pid), "-"], [str(child), "-"]],
         "the vfork pair share vm; an ordinary fork child and a threaded process share nothing")
    code, rows, err = lwps_rows(["-r", "-n", "-o", "pid,shares"])
    whole = {r[0]: r[1] for r in rows}
    t.eq([whole.get(str(p)) for p in (vparent, vchild, pid, child)],
         ["vm:%d" % vchild, "vm:%d" % vparent, "-", "-"], "the same over the whole machine")
    code, doc, err = run_json(["-o", "shares", "-p", "%d,%d,%d" % (vchild, pid, child)])
    t.eq([p["shares"] for p in doc["processes"]], [{"vm": vparent}, {}, {}],
         "JSON: an object of the kinds shared, {} for none")
    code, doc, err = run_json(["-o", "shares", "-L", "-p", str(pid)])
    t.ok(all("shares" not in th for th in doc["processes"][0]["threads"]),
         "threads have no shares of their own: they are not reported against each other")

    # 8. Snapshots keep SHARES, and a save of the load is the same bytes.
    code, out, err = run(["--load", snap, "-r", "-n", "-o", "pid,shares"])
    t.eq([line.split(" ") for line in out.decode().splitlines()],
         [[str(vparent), "vm:%d" % vchild], [str(vchild), "vm:%d" % vparent], [str(pid), "-"],
          [str(child), "-"]], "--load shows the SHARES of the live run")
    snap2 = os.path.join(tmp, "again.json")
    code, out, err = run(["--load", snap, "--save", snap2])
    with open(snap, "rb") as a, open(snap2, "rb") as b:
        t.ok(code == 0 and a.read() == b.read(), "save -> load -> save is identical, shares included")
    with open(snap) as f:
        saved = {p["pid"]: p for p in strict_json(f.read())["processes"]}
    t.eq(saved[vchild]["shares"], {"vm": vparent}, "the saved vfork child has shares {\"vm\": PARENT}")

t.done()
