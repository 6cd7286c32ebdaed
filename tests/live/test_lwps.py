"""test_lwps.py - lwps against the kernel and ps for tasks of known shapes:
hostile thread names, stopped, zombie, vfork parent (D), a leader that
called pthread_exit (Z with live threads), and a ptrace-stopped thread."""

import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import (LWPS, Fixture, Tap, proc_stat, proc_status, read_bytes, run, run_json,  # noqa: E402
                      tids_of, unraw)

HZ = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")

t = Tap()
tmp = tempfile.mkdtemp(prefix="lwps-lwps-")
fx = Fixture()
try:
    s = fx.shapes
    pids = fx.all_pids()
    plist = ",".join(map(str, pids))

    # Every shape is in the state the kernel should report.
    def state(pid, tid=None):
        return proc_stat("/proc/%d/task/%d/stat" % (pid, tid or pid))[1][0].decode()

    thr = s["threads"]
    t.eq([state(thr[0], x) for x in thr], ["S"] * 5, "fixture: threads sleep")
    t.eq(state(s["stopped"][0]), "T", "fixture: stopped process is T")
    t.eq(state(s["zombie"][0]), "Z", "fixture: zombie is Z")
    t.eq(state(s["vfork"][0]), "D", "fixture: vfork parent is D")
    exl = s["exitleader"]
    t.eq([state(exl[0], x) for x in exl], ["Z", "S", "S"], "fixture: exited leader Z, threads S")

    # 1. lwps -L agrees with ps -L on pid, lwp, ppid, stat, nlwp for every task.
    ps = subprocess.run(["ps", "-L", "-o", "pid=,lwp=,ppid=,stat=,nlwp=", "-p", plist],
                        capture_output=True, check=True).stdout.decode().split("\n")
    ps_rows = sorted(tuple(line.split()) for line in ps if line.strip())
    code, out, err = run(["-L", "-r", "-n", "-o", "pid,lwp,ppid,stat,nlwp", "-p", plist])
    rows = sorted(tuple(line.split()) for line in out.decode().split("\n") if line.strip())
    t.eq(code, 0, "lwps -L -p PIDS exits 0")
    t.eq(rows, ps_rows, "lwps -L pid,lwp,ppid,stat,nlwp equal ps -L for every fixture task")
    kernel_tids = sorted((p, x) for p in pids for x in tids_of(p))
    t.eq(sorted((int(r[0]), int(r[1])) for r in rows), kernel_tids,
         "lwps -L lists exactly the tasks in /proc/PID/task")

    # 2. Thread names are the kernel's bytes (raw mode decodes exactly).
    code, out, err = run(["-L", "-r", "-n", "-o", "lwp,tname,comm", "-p", plist])
    for line in out.split(b"\n"):
        if not line:
            continue
        lwp, tname, comm = line.split(b" ")
        tid = int(lwp)
        pid = next(p for p in pids if tid in tids_of(p))
        want_t = read_bytes("/proc/%d/task/%d/comm" % (pid, tid)).rstrip(b"\n")
        want_c = read_bytes("/proc/%d/comm" % pid).rstrip(b"\n")
        t.eq((unraw(tname), unraw(comm)), (want_t, want_c), "names of task %d equal /proc" % tid)

    # ps agrees on the printable names.
    ps = subprocess.run(["ps", "-L", "-o", "lwp=,comm=", "-p", plist], capture_output=True,
                        check=True).stdout.decode("utf-8", "replace").split("\n")
    ps_names = {int(line.split(None, 1)[0]): line.split(None, 1)[1] for line in ps if line.strip()}
    code, out, err = run(["-L", "-n", "-o", "lwp,tname", "-p", plist])
    ours = {int(line.split(None, 1)[0]): line.split(None, 1)[1].rstrip()
            for line in out.decode().split("\n") if line.strip()}
    printable = {k: v for k, v in ps_names.items() if "?" not in v and "<defunct>" not in v}
    t.eq({k: ours[k] for k in printable}, printable, "printable thread names equal ps's")

    # 3. The table never writes a control byte or invalid UTF-8, and stays aligned.
    code, out, err = run(["-L", "-o", "pid,tname,lwp", "-p", str(thr[0])])
    t.ok(not any(b < 0x20 and b != 0x0a or b == 0x7f for b in out), "no control bytes in the table")
    try:
        text = out.decode("utf-8")
        t.ok(True, "table output is valid UTF-8")
    except UnicodeDecodeError as e:
        text = out.decode("utf-8", "replace")
        t.ok(False, "table output is valid UTF-8", e)
    lines = [line for line in text.split("\n") if line]
    t.eq(len(set(len(line) for line in lines)), 1, "a hostile name keeps the columns aligned")
    t.ok("\\x1b[2J" in text, "ESC in a name is shown as \\x1b", text)
    t.ok("bad\\xff\\xfename" in text, "invalid UTF-8 is shown as \\xHH", text)
    t.ok("a) (b" in text and "worker one" in text, "names with spaces and ') (' are intact")

    # 4. JSON: per-thread values against the kernel's files.
    code, doc, err = run_json(["-L", "-p", plist])
    t.eq(code, 0, "lwps -L -J -p PIDS exits 0")
    procs = {p["pid"]: p for p in doc["processes"]}
    t.eq(sorted(procs), pids, "JSON holds exactly the fixture processes")
    for pid in pids:
        p = procs[pid]
        comm, f = proc_stat("/proc/%d/stat" % pid)
        st = proc_status("/proc/%d/status" % pid)
        cmd = read_bytes("/proc/%d/cmdline" % pid)
        # A zombie leader's files show no address space; a live thread's
        # show the whole, and lwps takes it from there.
        mmf, mmst = f, st
        live = [x for x in tids_of(pid) if x != pid and state(pid, x) != "Z"]
        if f[0] == b"Z" and live:
            mmf = proc_stat("/proc/%d/task/%d/stat" % (pid, live[0]))[1]
            mmst = proc_status("/proc/%d/task/%d/status" % (pid, live[0]))
            t.ok(int(mmf[20]) > 0, "zombie leader %d: its live thread %d has an address space" % (pid, live[0]))
        want = {
            "ppid": int(f[1]), "pgid": int(f[2]), "sid": int(f[3]), "nlwp": int(f[17]),
            "state": f[0].decode(), "uid": int(st["Uid"].split()[1]),
            "nspid": [int(x) for x in st["NSpid"].split()], "tracer_pid": int(st["TracerPid"]),
            "vsz": int(mmf[20]),
            # VmRSS, exact: stat's rss is a per-CPU estimate that lags.
            "rss": int(mmst["VmRSS"].split()[0]) * 1024 if "VmRSS" in mmst else 0,
            "cmdline": [a.decode("utf-8", "replace") for a in cmd.split(b"\0")[:-1]],
            "cpu_time": round((int(f[11]) + int(f[12])) / HZ, 2),
        }
        got = {k: p[k] for k in want}
        got["cpu_time"] = round(got["cpu_time"], 2)
        t.eq(got, want, "JSON process %d equals /proc/%d/stat and status" % (pid, pid))
        counts = {}
        for x in tids_of(pid):
            c = state(pid, x)
            counts[c] = counts.get(c, 0) + 1
        t.eq(p["thread_states"], counts, "thread_states of %d count the kernel's states" % pid)
        for th in p["threads"]:
            tid = th["tid"]
            tcomm, tf = proc_stat("/proc/%d/task/%d/stat" % (pid, tid))
            tst = proc_status("/proc/%d/task/%d/status" % (pid, tid))
            want = {
                "comm": tcomm.decode("utf-8", "replace"), "state": tf[0].decode(),
                "processor": int(tf[36]), "nspid": [int(x) for x in tst["NSpid"].split()],
                "tracer_pid": int(tst["TracerPid"]),
                "cpu_time": round((int(tf[11]) + int(tf[12])) / HZ, 2),
            }
            got = {k: th[k] for k in want}
            got["cpu_time"] = round(got["cpu_time"], 2)
            t.eq(got, want, "JSON thread %d equals task/%d/stat and status" % (tid, tid))

    # 5. The leader's own CPU time, not the group's (libproc2 4.0.2 mixes them).
    lead = [th for th in procs[thr[0]]["threads"] if th["tid"] == thr[0]][0]
    _, lf = proc_stat("/proc/%d/task/%d/stat" % (thr[0], thr[0]))
    _, gf = proc_stat("/proc/%d/stat" % thr[0])
    own, group = (int(lf[11]) + int(lf[12])) / HZ, (int(gf[11]) + int(gf[12])) / HZ
    t.ok(group > own, "fixture: the threads burned CPU the leader did not", (own, group))
    t.eq(round(lead["cpu_time"], 2), round(own, 2), "leader's cpu_time is its own")
    t.eq(round(procs[thr[0]]["cpu_time"], 2), round(group, 2), "process cpu_time is the group's")

    # 6. Special shapes.
    t.eq([th["state"] for th in procs[exl[0]]["threads"]], ["Z", "S", "S"],
         "exited leader: Z leader, S threads in JSON")
    t.eq(procs[s["zombie"][0]]["state"], "Z", "zombie: state Z")
    t.eq(procs[s["zombie"][0]]["cmdline"], [], "zombie: empty cmdline")
    t.eq(procs[s["vfork"][0]]["state"], "D", "vfork parent: state D")
    t.eq(procs[s["stopped"][0]]["state"], "T", "stopped: state T")
    if "traced" in s:
        pid, tid, tracer = s["traced"]
        th = {x["tid"]: x for x in procs[pid]["threads"]}
        t.eq((th[tid]["state"], th[tid]["tracer_pid"]), ("t", tracer), "traced thread: t, tracer pid")
        t.eq((th[pid]["state"], th[pid]["tracer_pid"]), ("S", 0), "its leader: S, untraced")
    else:
        t.skip("traced thread: t, tracer pid", fx.skipped.get("traced", "no traced shape"))
        t.skip("its leader: S, untraced", fx.skipped.get("traced", "no traced shape"))

    # 7. A thread id selects its process.
    code, out, err = run(["-L", "-n", "-r", "-o", "pid,lwp", "-p", str(thr[2])])
    t.eq(sorted(tuple(map(int, line.split())) for line in out.decode().splitlines()),
         [(thr[0], x) for x in tids_of(thr[0])], "-p TID shows the whole process")
    code, doc, err = run_json(["-p", str(thr[3])])
    t.eq([p["pid"] for p in doc["processes"]], [thr[0]], "-J -p TID selects its process")

    # 8. JSON strings are valid UTF-8 whatever the name.
    names = [th["comm"] for th in procs[thr[0]]["threads"]]
    t.ok("\x1b[2J" in names and "bad\ufffd\ufffdname" in names,
         "JSON keeps ESC (escaped by JSON) and replaces invalid bytes with U+FFFD", names)

    # 9. A flat -L shows threads only: it reads no process's own stat (the
    # kernel adds up every thread for it) and no host counters; the
    # threads' figures, the leader's included, are still each its own.
    def opens(args):
        """lwps ARGS's output and the files it opened, under strace."""
        strace = shutil.which("strace")
        if not strace:
            return None, None
        log = os.path.join(tmp, "opens.log")
        p = subprocess.run([strace, "-f", "-qq", "-e", "trace=openat", "-o", log, LWPS] + args,
                           capture_output=True, env=dict(os.environ, ASAN_OPTIONS="detect_leaks=0"))
        with open(log) as f:
            return p.stdout.decode(), [line.split('"')[1] for line in f if '"' in line]

    out, files = opens(["-L", "-n", "-o", "pid,lwp,time,stat,nlwp", "-p", str(thr[0])])
    if files is None:
        t.skip("flat -L reads no process stat, no host counters", "no strace here")
    else:
        t.eq(("stat" in files, "/proc/stat" in files, "/proc/meminfo" in files,
              "task/%d/stat" % thr[0] in files), (False, False, False, True),
             "flat -L: the leader's task/PID/stat, not the process's stat, /proc/stat or meminfo")
        ps = subprocess.run(["ps", "-L", "-o", "pid=,lwp=,time=,stat=,nlwp=", "-p", str(thr[0])],
                            capture_output=True, check=True).stdout.decode()
        t.eq(sorted(line.split() for line in out.splitlines()),
             sorted(line.split() for line in ps.splitlines()),
             "flat -L: each thread's TIME, STAT and NLWP, the leader's included, equal ps -L")
        out, files = opens(["-n", "-o", "pid,time,start", "-p", str(thr[0])])
        ps = subprocess.run(["ps", "-o", "pid=,time=,start_time=", "-p", str(thr[0])],
                            capture_output=True, check=True).stdout.decode()
        t.eq(("stat" in files, "/proc/stat" in files, out.split()), (True, True, ps.split()),
             "a process row reads its own stat (the group's TIME, as ps) and /proc/stat for START")
finally:
    fx.close()
    shutil.rmtree(tmp, ignore_errors=True)

t.done()
