"""test_permissions.py - lwps without privileges, and without /proc.

As an unprivileged user (setpriv to nobody), another user's maps, environ,
syscall and wchan are unreadable: they are unknown ('-' in text, null in
JSON), never a made-up value or 0, and -m of such a process is a message
and exit 1.  With /proc mounted hidepid=2 the user sees only its own
processes and a hidden pid looks missing.  Without /proc at all, every view
is a clear error and exit 3.  Needs root (to drop privileges and to mount);
skips itself otherwise."""

import os
import shlex
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import LWPS, Tap, lwps_for_anyone, strict_json  # noqa: E402

t = Tap()
NOBODY = 65534
SETPRIV = shutil.which("setpriv")
UNSHARE = shutil.which("unshare")
DROP = [SETPRIV or "setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY, "--clear-groups"]


def sh(script, timeout=60):
    """Runs a shell script; returns (status, stdout bytes, stderr text)."""
    env = dict(os.environ, LC_ALL="C.UTF-8")
    env.pop("COLUMNS", None)
    p = subprocess.run(["sh", "-c", script], capture_output=True, env=env, timeout=timeout)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def wait_for(pid, uid, comm):
    """Waits until task pid has exec'd: its uid and name are final.  A
    minute is for a stuck start, not a slow one."""
    end = time.monotonic() + 60
    while time.monotonic() < end:
        try:
            status = open("/proc/%d/status" % pid).read()
            if ("\nUid:\t%d\t" % uid) in status and status.startswith("Name:\t%s\n" % comm):
                stat = open("/proc/%d/stat" % pid).read()
                if stat.rsplit(")", 1)[1].split()[0] == "S":
                    return True
        except OSError:
            pass
        time.sleep(0.01)
    return False


def parse(out):
    try:
        return strict_json(out.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        return {"error": str(e), "processes": []}


def rows(out):
    return [line.split() for line in out.decode("utf-8", "replace").split("\n")[1:] if line]


NOPRIV_TESTS = 22
HIDEPID_TESTS = 9
NOPROC_TESTS = 14
if os.geteuid() != 0:
    for i in range(NOPRIV_TESTS + HIDEPID_TESTS + NOPROC_TESTS):
        t.skip("permissions test %d" % (i + 1), "needs root to drop privileges and mount /proc")
    t.done()

tmp, lwps = lwps_for_anyone("lwps-perm-")
Q = shlex.quote(lwps)
D = " ".join(shlex.quote(x) for x in DROP)

root_proc = subprocess.Popen(["sleep", "600"])
mine = subprocess.Popen(DROP + ["sleep", "600"]) if SETPRIV else None
try:
    R = root_proc.pid
    ok = wait_for(R, 0, "sleep") and (mine is None or wait_for(mine.pid, NOBODY, "sleep"))
    if not ok:
        raise RuntimeError("the sleeping processes did not start")

    # ---- 2a. Unprivileged: other users' values are unknown, never made up.
    if not SETPRIV:
        for i in range(NOPRIV_TESTS):
            t.skip("unprivileged test %d" % (i + 1), "setpriv (util-linux) is not installed")
    else:
        M = mine.pid
        # As root, the values exist: else the checks below would be vacuous.
        code, out, err = sh("%s -L -J -o pid,lwp,wchan -p %d" % (Q, R))
        w = parse(out)["processes"][0]["threads"][0]["wchan"] if code == 0 else None
        t.ok(isinstance(w, str) and w not in ("", "0", "-"), "root sees the sleeping process's wchan", w)
        code, out, err = sh("%s -m %d" % (Q, R))
        t.ok(code == 0 and len(rows(out)) > 3, "root reads its maps", (code, err))

        code, out, err = sh("%s %s -L -o pid,lwp,stat,wchan,comm -p %d,%d" % (D, Q, R, M))
        got = {int(r[0]): r for r in rows(out)}
        t.eq(code, 0, "nobody: -L -p ROOTPID,OWNPID exits 0")
        t.eq(got.get(R, [None] * 5)[3], "-", "nobody: root's WCHAN is '-' in text")
        t.ok(got.get(M, [None] * 5)[3] not in (None, "-", "0"), "nobody: its own process's WCHAN is known",
             got.get(M))
        t.eq([got.get(R, [None] * 5)[i] for i in (2, 4)], ["S", "sleep"],
             "nobody: root's STAT and COMM, which are readable, are shown")

        code, out, err = sh("%s %s -L -J -p %d,%d" % (D, Q, R, M))
        doc = parse(out)
        procs = {p["pid"]: p for p in doc["processes"]}
        rp, mp = procs.get(R, {}), procs.get(M, {})
        t.ok(code == 0 and "error" not in doc, "nobody: -L -J parses", (code, err, doc.get("error")))
        t.eq((rp.get("wchan", "absent"), [th.get("wchan", "absent") for th in rp.get("threads", [])]),
             (None, [None]), "nobody: root's wchan is null in JSON (process and thread), not \"0\"")
        t.ok(isinstance(mp.get("wchan"), str) and mp["wchan"] not in ("", "0"),
             "nobody: its own process's wchan is a name in JSON", mp.get("wchan"))
        t.eq((rp.get("uid"), rp.get("user"), rp.get("state"), rp.get("cmdline")),
             (0, "root", "S", ["sleep", "600"]), "nobody: root's readable values are in JSON")
        zeros = sorted(k for k, v in rp.items() if v == 0 and k in ("vsz", "rss", "start_time", "nlwp"))
        t.eq(zeros, [], "nobody: no readable figure of root's process is 0")

        # -m: another user's maps are unreadable: a message and exit 1.
        for extra in ([], ["--layout"], ["-J"]):
            args = " ".join(extra)
            code, out, err = sh("%s %s -m %s %d" % (D, Q, args, R))
            t.ok(code == 1 and ("%d" % R) in err and "permission denied" in err,
                 "nobody: -m %s ROOTPID gets a message and exit 1" % args, (code, err))
        code, out, err = sh("%s %s -m -J %d" % (D, Q, R))
        p = (parse(out)["processes"] or [{}])[0]
        t.eq((p.get("maps", "absent"), p.get("layout", "absent"), p.get("maps_error")),
             (None, None, "EACCES"), "nobody: -m -J: maps and layout null, with the errno's name")
        code, out, err = sh("%s %s -m %d,%d" % (D, Q, R, M))
        t.ok(code == 1 and ("%d:" % M).encode() in out and b"[stack]" in out,
             "nobody: -m ROOTPID,OWNPID still shows its own process's maps", (code, err))

        # --save: the snapshot says what was unreadable.
        code, out, err = sh("%s %s --save - -p %d,%d" % (D, Q, R, M))
        procs = {p["pid"]: p for p in parse(out)["processes"]}
        rp, mp = procs.get(R, {}), procs.get(M, {})
        t.ok(code in (0, 1) and rp and mp, "nobody: --save - -p ROOTPID,OWNPID writes both", (code, err))
        t.eq((rp.get("wchan", "absent"), rp.get("raw", {}).get("wchan_known"),
              rp.get("raw", {}).get("stack_pointer", "absent")), (None, False, None),
             "nobody: --save: root's wchan unknown (wchan_known false), stack pointer null")
        t.eq((rp.get("maps", "absent"), rp.get("layout"), rp.get("maps_error")),
             (None, None, "EACCES"), "nobody: --save: root's maps and layout null, with the errno's name")
        t.ok(mp.get("raw", {}).get("wchan_known") is True and isinstance(mp.get("maps"), list)
             and len(mp["maps"]) > 3 and isinstance(mp.get("layout"), dict),
             "nobody: --save: its own process has wchan, maps and layout", mp.get("raw"))
        # The unprivileged view of the whole machine parses, and every
        # root-owned process (but the zombies and kernel threads) has an
        # unknown wchan, never a name or "0".
        code, out, err = sh("%s %s -L -J" % (D, Q))
        doc = parse(out)
        leaks = [(p["pid"], th["tid"], th["wchan"]) for p in doc["processes"] if p.get("uid") == 0
                 for th in p.get("threads", []) if th.get("wchan") is not None]
        t.ok(code == 0 and len(doc["processes"]) > 3 and not leaks,
             "nobody: -L -J of the machine: no root task has a wchan", (code, err, leaks[:5]))
        code, out, err = sh("%s %s -t -L" % (D, Q))
        t.ok(code == 0 and len(rows(out)) > 3 and err == "", "nobody: -tL of the machine exits 0", (code, err))

    # ---- 2b. hidepid=2 in a private mount namespace.
    def in_hidepid(cmd):
        return sh("%s -m sh -c %s" % (UNSHARE or "unshare",
                                      shlex.quote("mount -t proc -o hidepid=2 proc /proc && " + cmd)))

    probe = in_hidepid("%s cat /proc/%d/stat" % (D, R)) if SETPRIV and UNSHARE else (1, b"", "")
    own = in_hidepid("%s cat /proc/self/stat" % D) if SETPRIV and UNSHARE else (1, b"", "")
    if not (SETPRIV and UNSHARE) or probe[0] == 0 or own[0] != 0:
        why = ("setpriv or unshare is not installed" if not (SETPRIV and UNSHARE)
               else "cannot mount /proc with hidepid=2 here: %s" % (probe[2] or own[2]).strip())
        for i in range(HIDEPID_TESTS):
            t.skip("hidepid test %d" % (i + 1), why)
    else:
        M = mine.pid
        code, out, err = in_hidepid("%s %s -L -J" % (D, Q))
        doc = parse(out)
        uids = sorted(set(p.get("uid") for p in doc["processes"]))
        pids = [p["pid"] for p in doc["processes"]]
        t.ok(code == 0 and "error" not in doc, "hidepid=2: -L -J exits 0 and parses", (code, err))
        t.eq(uids, [NOBODY], "hidepid=2: only the user's own processes are seen")
        t.ok(M in pids and R not in pids and 1 not in pids, "hidepid=2: its own sleep is there, root's are not",
             pids)
        code, out, err = in_hidepid("%s %s -p %d" % (D, Q, R))
        t.ok(code == 1 and ("no such process: %d" % R) in err and len(rows(out)) == 0,
             "hidepid=2: a hidden pid asked for looks missing: message, exit 1", (code, err))
        code, out, err = in_hidepid("%s %s -J -p %d,%d" % (D, Q, R, M))
        doc = parse(out)
        t.ok(code == 1 and [p["pid"] for p in doc["processes"]] == [M] and ("no such process: %d" % R) in err,
             "hidepid=2: -J -p HIDDEN,OWN: exit 1, the own process still shown", (code, err))
        code, out, err = in_hidepid("%s %s -J -p %d" % (D, Q, R))
        doc = parse(out)
        t.ok(code == 1 and doc["processes"] == [] and isinstance(doc.get("taken_at"), (int, float))
             and doc["taken_at"] > 1e9, "hidepid=2: -J of a hidden pid alone: empty, taken_at still real",
             (code, out[:200]))
        code, out, err = in_hidepid("%s %s -m %d" % (D, Q, R))
        t.ok(code == 1 and str(R) in err and out == b"", "hidepid=2: -m HIDDEN: message, exit 1", (code, err))
        statuses = []
        for view in ("-t", "-tL", "-L --output-all", "-t -J", "--save -"):
            code, out, err = in_hidepid("%s %s %s" % (D, Q, view))
            statuses.append((view, code, err))
        t.ok(all(c == 0 and e == "" for v, c, e in statuses), "hidepid=2: every view exits 0 quietly",
             statuses)
        code, out, err = in_hidepid("%s %s -t -J" % (D, Q))
        doc = parse(out)

        def walk(ps):
            for p in ps:
                yield p
                yield from walk(p.get("children") or [])
        seen = [p["pid"] for p in walk(doc["processes"]) if p["pid"] != 0]
        t.ok(M in seen and R not in seen, "hidepid=2: -t -J holds the own process, not root's", seen)
finally:
    for p in (root_proc, mine):
        if p:
            p.kill()
            p.wait()

# ---- 5. No /proc at all (a private mount namespace without it).
def no_proc(cmd):
    # A sanitizer build's leak checker needs /proc itself: off here.
    return sh("ASAN_OPTIONS=detect_leaks=0 %s -m sh -c %s"
              % (UNSHARE or "unshare", shlex.quote("umount -l /proc && " + cmd)))


probe = no_proc("test ! -e /proc/self/stat") if UNSHARE else (1, b"", "unshare is not installed")
with open(LWPS, "rb") as f:
    asan = b"__asan_init" in f.read()
if probe[0] != 0 or asan:
    # A sanitizer runtime reads its options from /proc/self/environ and its
    # leak checker needs /proc/PID/task: without /proc it fails (exit 1).
    why = ("lwps is built with AddressSanitizer, which needs /proc itself" if asan else
           "cannot unmount /proc here: %s" % (probe[2].strip() or "another /proc is mounted below it"))
    for i in range(NOPROC_TESTS):
        t.skip("no-/proc test %d" % (i + 1), why)
else:
    views = ["-L", "-t", "-J", "-L -J", "-tL", "-m %d" % os.getpid(), "-m --layout 1", "-p 1",
             "-p %d -J" % os.getpid(), "-u root", "--save -", "--watch 1 --count 2", "-C init"]
    for view in views:
        code, out, err = no_proc("%s %s" % (Q, view))
        if "--watch" in view:   # a round starts with its time, then fails
            out = b"".join(x for x in out.splitlines(True) if not x.startswith(b"# "))
        t.ok(code == 3 and "/proc" in err and out == b"", "no /proc: lwps %s: a message about /proc, exit 3" % view,
             (code, err, out[:200]))
    code, out, err = no_proc("%s %s -L" % (D, Q)) if SETPRIV else (3, b"", "/proc")
    t.ok(code == 3 and "/proc" in err, "no /proc, unprivileged: exit 3 with a message", (code, err))

shutil.rmtree(tmp, ignore_errors=True)
t.done()
