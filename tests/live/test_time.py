"""test_time.py - time (issue 16): rates over an interval (-I, --watch),
--state, and the static columns beside them.  Threads of known behaviour
(the fixture's time shapes: a spinner, a sleeper, a thread that wakes 100
times a second, two spinners kept on one CPU) are measured by lwps and
by the kernel's own files over the same moments."""

import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import Fixture, Tap, lwps_for_anyone, read_bytes, run, run_json  # noqa: E402

t = Tap()
HZ = os.sysconf("SC_CLK_TCK")


def ticks(pid, tid=None):
    """utime + stime of a task (or the whole process), in clock ticks."""
    path = "/proc/%d/task/%d/stat" % (pid, tid) if tid else "/proc/%d/stat" % pid
    f = read_bytes(path).decode().rsplit(")", 1)[1].split()
    return int(f[11]) + int(f[12])


def voluntary(pid, tid):
    for line in read_bytes("/proc/%d/task/%d/status" % (pid, tid)).decode().splitlines():
        if line.startswith("voluntary_ctxt_switches:"):
            return int(line.split()[1])
    return 0


def schedstat_wait(pid, tid):
    return int(read_bytes("/proc/%d/task/%d/schedstat" % (pid, tid)).split()[1])


def inside(rate, interval, counted, window, most, slack=2):
    """Whether `rate` (per second, over lwps's `interval`) fits what the
    kernel `counted` over a `window` holding that interval: no more than
    counted, and no less than counted less what the rest of the window
    can hold at `most` a second.  Sound however busy the machine is."""
    seen = rate * interval
    return counted - most * max(0.0, window - interval) - slack <= seen <= counted + slack


def by_tid(doc, pid):
    procs = [p for p in doc["processes"] if p["pid"] == pid]
    return procs[0] if procs else {}, {th["tid"]: th for p in procs for th in p.get("threads", [])}


# 1. A spinner, a sleeper and a ticker over -I 1, against the kernel's
# counters read just before and just after lwps ran.
with Fixture(("busy",)) as fx:
    pid, spinner, sleeper, ticker = fx.shapes["busy"]
    k0 = {tid: ticks(pid, tid) for tid in (spinner, sleeper)}
    c0 = voluntary(pid, ticker)
    w0 = time.monotonic()
    code, doc, err = run_json(["-L", "-I", "1", "-p", str(pid),
                               "-o", "pid,lwp,%cpu,%usr,%sys,csw/s,nvcsw/s,minflt/s"])
    w1 = time.monotonic()
    c1 = voluntary(pid, ticker)
    k1 = {tid: ticks(pid, tid) for tid in (spinner, sleeper)}
    proc, th = by_tid(doc, pid)
    t.eq(code, 0, "-L -I 1 -J exits 0")
    # The kernel's count for the spinner over a window holding lwps's
    # interval: they agree however busy the machine is.
    interval = doc.get("interval", 1)
    kernel_spin = (k1[spinner] - k0[spinner]) / HZ / (w1 - w0) * 100
    got = th.get(spinner, {}).get("%cpu")
    t.ok(got is not None and inside(got / 100 * HZ, interval, k1[spinner] - k0[spinner], w1 - w0, HZ),
         "the spinner's %cpu is what the kernel counted for it",
         (got, interval, k1[spinner] - k0[spinner], w1 - w0))
    if kernel_spin >= 90:
        t.ok(got >= 80, "the spinning thread's %cpu is at least 80", got)
    else:
        t.skip("the spinning thread's %cpu is at least 80",
               "the machine is busy: the kernel gave the spinner %.0f%% of a CPU" % kernel_spin)
    t.ok(th.get(sleeper, {}).get("%cpu", 99) <= 2, "the sleeping thread's %cpu is at most 2",
         th.get(sleeper))
    total = sum(x.get("%cpu") or 0 for x in th.values())
    t.ok(abs((proc.get("%cpu") or 0) - total) <= 5,
         "the process's %cpu is its threads' sum", (proc.get("%cpu"), total))
    s = th.get(spinner, {})
    t.ok(abs((s.get("%usr") or 0) + (s.get("%sys") or 0) - (s.get("%cpu") or 0)) <= 1.5,
         "%usr + %sys make %cpu", s)
    # The ticker's voluntary switches as the kernel counted them around
    # lwps's second (a late wake-up on a busy machine skips its sleep).
    tk = th.get(ticker, {}).get("csw/s")
    kernel_tick = (c1 - c0) / (w1 - w0)
    t.ok(tk is not None and inside(tk, interval, c1 - c0, w1 - w0, 101),
         "csw/s of the thread that wakes 100 times a second is what the kernel counted",
         (tk, interval, c1 - c0, w1 - w0))
    if kernel_tick >= 90:
        t.ok(80 <= tk <= 120, "a thread that wakes 100 times a second has csw/s within 20% of 100", tk)
    else:
        t.skip("a thread that wakes 100 times a second has csw/s within 20% of 100",
               "the machine is busy: the kernel counted %.0f wake-ups a second" % kernel_tick)
    t.ok(th.get(sleeper, {}).get("csw/s") == 0, "the sleeper switched not at all",
         th.get(sleeper))

    # The text view: %CPU comes after STAT by default, and sorts.
    code, out, err = run(["-L", "-I", "0.5", "-p", str(pid)])
    head = out.decode().splitlines()[0].split()
    t.eq(head[head.index("STAT") + 1] if "STAT" in head else None, "%CPU",
         "-L -I adds %CPU after STAT")
    code, out, err = run(["-I", "0.5", "-p", str(pid)])
    head = out.decode().splitlines()[0].split()
    t.eq(head[head.index("STAT") + 1] if "STAT" in head else None, "%CPU",
         "the process view with -I adds %CPU after STAT")
    code, out, err = run(["-L", "-I", "0.5", "-s", "-%cpu", "-n", "-o", "lwp,%cpu", "-p", str(pid)])
    rows = [line.split() for line in out.decode().splitlines()]
    t.eq(rows[0][0] if rows else None, str(spinner), "-s -%cpu puts the spinner first")
    cpus = [float(r[1]) for r in rows]
    t.eq(cpus, sorted(cpus, reverse=True), "-s -%cpu sorts descending")
    k0, w0 = ticks(pid, spinner), time.monotonic()
    code, out, err = run(["-tL", "-I", "1", "-n", "-o", "lwp,%cpu,tname", "-p", str(pid)])
    counted, window = ticks(pid, spinner) - k0, time.monotonic() - w0
    spin_rows = [line.split() for line in out.decode().splitlines() if "spinner" in line]
    t.ok(spin_rows and inside(float(spin_rows[0][1]) / 100 * HZ, 1.0, counted, window, HZ, slack=4),
         "-tL -I shows the spinner's rate", (spin_rows, counted, window))

    # --watch: every round, the first included, is an interval.
    k0, w0 = ticks(pid, spinner), time.monotonic()
    code, out, err = run(["--watch", "1", "--count", "2", "-L", "-J", "-o", "lwp,%cpu",
                          "-p", str(pid)])
    counted, window = ticks(pid, spinner) - k0, time.monotonic() - w0
    rounds = [json.loads(line) for line in out.decode().splitlines() if line.startswith("{")]
    spins = [(r["%cpu"], doc.get("interval", 1)) for doc in rounds for p in doc["processes"]
             for r in p["threads"] if r["tid"] == spinner]
    both = sum(x / 100 * HZ * i for x, i in spins)
    t.ok(len(spins) == 2 and inside(both, 1.0, counted, window - (sum(i for _, i in spins) - 1), HZ,
                                    slack=4),
         "--watch gives the spinner's rate each round", (spins, counted, window))
    t.ok(all(abs(doc.get("interval", 0) - 1) <= 0.2 for doc in rounds),
         "each --watch round says its interval", [doc.get("interval") for doc in rounds])

# 2. Two spinners on one CPU: the one waiting for it has %wait >= 30,
# as its schedstat says around the same second.
with Fixture(("runq",)) as fx:
    pid, hog, queued = fx.shapes["runq"]
    w0, s0 = time.monotonic(), schedstat_wait(pid, queued)
    code, doc, err = run_json(["-L", "-I", "1", "-p", str(pid), "-o", "lwp,%cpu,%wait"])
    w1, s1 = time.monotonic(), schedstat_wait(pid, queued)
    proc, th = by_tid(doc, pid)
    wait = th.get(queued, {}).get("%wait")
    t.ok(wait is not None and wait >= 30, "a thread runnable behind another on its CPU has %wait >= 30",
         th.get(queued))
    kernel = (s1 - s0) / 1e9 / (w1 - w0) * 100
    t.ok(wait is not None and abs(wait - kernel) <= 25,
         "its %wait is near the kernel's run-queue wait over the same time", (wait, kernel))
    t.ok(abs((proc.get("%wait") or 0) - sum(x.get("%wait") or 0 for x in th.values())) <= 1,
         "a process's %wait is its threads' sum", proc)

# 3. The fixture's other shapes: --state, lifetime rates, changes.
with Fixture() as fx:
    pids = fx.all_pids()
    plist = ",".join(map(str, pids))
    vfork_parent = fx.shapes["vfork"][0] if "vfork" in fx.shapes else None
    code, out, err = run(["--state", "D", "-n", "-o", "pid", "-p", plist])
    t.eq(sorted(int(x) for x in out.split()), [vfork_parent] if vfork_parent else [],
         "--state D keeps the vfork parent only")
    # Kernel's view of who is stopped: every task of the fixture in T or t.
    stopped = []
    for p in pids:
        for tid in os.listdir("/proc/%d/task" % p):
            st = read_bytes("/proc/%d/task/%s/stat" % (p, tid)).rsplit(b")", 1)[1].split()[0].decode()
            if st in ("T", "t"):
                stopped.append(int(tid))
    code, out, err = run(["-L", "--state", "T,t", "-n", "-o", "lwp", "-p", plist])
    t.eq(sorted(int(x) for x in out.split()), sorted(stopped),
         "-L --state T,t keeps the stopped process and the traced thread")
    t.ok(len(stopped) >= 2, "the fixture has a stopped process and a traced thread", stopped)
    if "traced" in fx.shapes:
        code, out, err = run(["--state", "t", "-n", "-o", "pid", "-p", plist])
        t.eq([int(x) for x in out.split()], [fx.shapes["traced"][0]],
             "without -L, --state t keeps the process whose thread is traced")
    code, out, err = run(["--state", "Q", "-p", plist])
    t.ok(code == 2 and "unknown state" in err, "an unknown state letter is a usage error", err)

    # One moment: %cpu over the task's life (ps's formula, with the age
    # to a tick rather than ps's whole seconds), %mem as ps's.
    code, doc, err = run_json(["-o", "pid,%cpu,%mem", "-p", plist])
    uptime = float(read_bytes("/proc/uptime").split()[0])
    got = {p["pid"]: (p["%cpu"], p["%mem"]) for p in doc["processes"]}
    want = {}
    for p in pids:
        f = read_bytes("/proc/%d/stat" % p).rsplit(b")", 1)[1].split()
        want[p] = (int(f[11]) + int(f[12])) / HZ / (uptime - int(f[19]) / HZ) * 100
    t.ok(set(got) == set(want) and
         all(abs(got[p][0] - want[p]) <= 0.5 + 0.15 * want[p] for p in want),
         "without an interval %cpu is the CPU time over the task's age", (got, want))
    ps = subprocess.run(["ps", "-o", "pid=,%mem=", "-p", plist], capture_output=True, text=True)
    psmem = {int(a): float(b) for a, b in (line.split() for line in ps.stdout.splitlines())}
    t.ok(all(abs(got[p][1] - psmem[p]) <= 0.15 for p in psmem if p in got),
         "%mem is ps's", (got, psmem))
    # Threads that burned CPU once and sleep: over their life they used
    # some, over an interval (the first --watch round included) none.
    tp = fx.shapes["threads"][0]
    code, doc, err = run_json(["-L", "-o", "lwp,%cpu", "-p", str(tp)])
    life = [th["%cpu"] for p in doc["processes"] for th in p["threads"] if th["tid"] != tp]
    t.ok(life and all(x > 0 for x in life), "without an interval a thread that burned CPU has %cpu > 0",
         life)
    code, out, err = run(["--watch", "0.5", "--count", "1", "-L", "-J", "-o", "lwp,%cpu", "-p", str(tp)])
    first = [th["%cpu"] for p in json.loads(out)["processes"] for th in p["threads"]]
    t.ok(first and all(x == 0 for x in first),
         "the first --watch round is an interval, not the lifetime average", first)
    code, doc, err = run_json(["-o", "pid,rss_delta,nlwp_delta", "-p", plist])
    t.ok(all(p["rss_delta"] is None and p["nlwp_delta"] is None for p in doc["processes"]),
         "changes are null without an interval")

    # smaps_rollup figures, as the kernel sums them (read before and
    # after lwps: a sharer coming or going moves PSS in between).
    p0 = fx.shapes["threads"][0]

    def rollup():
        roll = {}
        for line in read_bytes("/proc/%d/smaps_rollup" % p0).decode().splitlines()[1:]:
            k, v = line.split(":")
            roll[k] = int(v.split()[0]) * 1024
        return (roll["Shared_Clean"] + roll["Shared_Dirty"], roll["Private_Clean"] + roll["Private_Dirty"],
                roll["Pss"], roll["Swap"])
    before = rollup()
    code, doc, err = run_json(["-o", "shr,uss,pss,swap", "-p", str(p0)])
    after = rollup()
    p = doc["processes"][0]
    got = (p["shr"], p["uss"], p["pss"], p["swap"])
    # PSS divides shared pages among the processes mapping them, lwps and
    # this test's readers included: it moves with who runs.
    slack = (0, 0, 64 << 10, 0)
    t.ok(all(min(b, a) - s <= g <= max(b, a) + s for g, b, a, s in zip(got, before, after, slack)),
         "shr, uss, pss and swap are smaps_rollup's", (got, before, after))
    code, doc, err = run_json(["-p", str(p0)])
    t.ok(all(k not in doc["processes"][0] for k in ("uss", "csw/s", "%wait", "rd/s", "%cpu")),
         "JSON's default set reads no smaps_rollup, no per-thread counters, no rates",
         sorted(doc["processes"][0]))

    # I/O is the owner's: unknown to another user, known to root.
    if os.geteuid() == 0:
        code, doc, err = run_json(["-o", "pid,rd/s,wr/s", "-p", str(p0)])
        t.ok(doc["processes"][0]["rd/s"] is not None, "as root rd/s of any process is known")
        tmp, lwps = lwps_for_anyone("lwpstest-time-")
        p = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", lwps,
                            "-J", "-o", "pid,rd/s", "-p", str(p0)], capture_output=True, text=True)
        got = json.loads(p.stdout)["processes"][0]["rd/s"] if p.returncode == 0 else "failed"
        t.eq(got, None, "another user's rd/s is unknown (null), not 0")
    else:
        t.skip("rd/s of another user's process", "needs root to run as another user")

# 4. Changes over the interval: a process that maps and touches 64 MiB and
# starts a thread during it.
GROW = """
import mmap, sys, threading, time
print("ready", flush=True)
time.sleep(0.4)
m = mmap.mmap(-1, 64 << 20)
for i in range(0, 64 << 20, mmap.PAGESIZE):
    m[i] = 1
threading.Thread(target=sys.stdin.read, daemon=True).start()
sys.stdin.read()
"""
child = subprocess.Popen([sys.executable, "-c", GROW], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
try:
    child.stdout.readline()
    code, doc, err = run_json(["-I", "1.2", "-o", "pid,rss_delta,nlwp_delta", "-p", str(child.pid)])
    p = doc["processes"][0] if doc["processes"] else {}
    t.ok(p.get("rss_delta") is not None and 60 << 20 <= p["rss_delta"] <= 80 << 20,
         "rss_delta counts the 64 MiB touched during the interval", p)
    t.eq(p.get("nlwp_delta"), 1, "nlwp_delta counts the thread started during it")
finally:
    child.stdin.close()
    child.wait(timeout=20)

# 5. Options that do not go with -I.
for args in (["-I", "1", "--watch", "1"], ["-I", "1", "-i"], ["-I", "0"], ["-I", "x"],
             ["-I", "1", "-m", "-p", "1"]):
    code, out, err = run(args)
    t.eq(code, 2, "lwps %s is a usage error" % " ".join(args))
t.done()
