"""test_refresh.py - what a refresh reads is the kernel's now.

From its second whole-machine scan on, lwps keeps task files open and
reads them again with pread (see src/proc/fdcache.h).  Here a process
changes between the rounds of `lwps --watch 1 -L -J`: a thread is born,
one exits, one is renamed, and the process is stopped; every round must
show exactly the threads, names and states the kernel has at that moment.
"""

import os
import select
import shutil
import signal
import subprocess
import sys
import time

from lwpstest import LWPS, Tap, strict_json

t = Tap()

CHILD = r"""
import ctypes, os, sys, threading
libc = ctypes.CDLL(None)
stops = {}
def worker(name):
    libc.prctl(15, name.encode(), 0, 0, 0)     # PR_SET_NAME
    ev = threading.Event()
    stops[name] = ev
    ev.wait()
def start(name):
    th = threading.Thread(target=worker, args=(name,), daemon=True)
    th.start()
    while name not in stops:
        pass
    return th
threads = {n: start(n) for n in ("rf-a", "rf-b")}
print("ready", flush=True)
for line in sys.stdin:
    cmd, name = line.split()
    if cmd == "start":
        threads[name] = start(name)
    elif cmd == "end":
        stops[name].set()
        threads.pop(name).join()
    elif cmd == "rename":
        old, new = name.split(":")
        tid = threads[old].native_id
        with open("/proc/self/task/%d/comm" % tid, "w") as f:
            f.write(new)
        threads[new] = threads.pop(old)
    print("done", flush=True)
"""


def kernel_threads(pid):
    """{tid: (name, state)} from the kernel's own files."""
    out = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/stat" % (pid, tid), "rb") as f:
                s = f.read()
        except OSError:
            continue
        name = s[s.index(b"(") + 1:s.rindex(b")")].decode("utf-8", "replace")
        out[int(tid)] = (name, s[s.rindex(b")") + 2:s.rindex(b")") + 3].decode())
    return out


def round_threads(doc, pid):
    for p in doc["processes"]:
        if p["pid"] == pid:
            return {th["tid"]: (th["comm"], th["state"]) for th in p["threads"]}
    return None


child = subprocess.Popen([sys.executable, "-c", CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         text=True)
watch = None
try:
    assert child.stdout.readline().strip() == "ready"
    pid = child.pid
    env = dict(os.environ, LC_ALL="C.UTF-8")
    watch = subprocess.Popen([LWPS, "--watch", "1", "--count", "60", "-L", "-J", "-o", "lwp,tname,s"],
                             stdout=subprocess.PIPE, env=env, text=True)

    def next_round(after):
        """The first round read after `after` (epoch seconds): rounds
        printed while this test was busy wait in the pipe, and are older."""
        while True:
            r, _, _ = select.select([watch.stdout], [], [], 30)
            line = watch.stdout.readline() if r else ""
            if not line:
                return None
            doc = strict_json(line)
            if doc["taken_at"] > after:
                return doc

    def tell(cmd):
        child.stdin.write(cmd + "\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "done"

    # Each step changes the process; the first round taken after the
    # change (by its taken_at) must see it.
    steps = [
        ("as it started", None),
        ("a thread born", lambda: tell("start rf-c")),
        ("a thread exited", lambda: tell("end rf-a")),
        ("a thread renamed", lambda: tell("rename rf-b:rf-renamed")),
        ("the process stopped", lambda: os.kill(pid, signal.SIGSTOP)),
        ("the process continued", lambda: os.kill(pid, signal.SIGCONT)),
    ]
    for name, change in steps:
        if change:
            change()
            # A stopped or continued process settles at once; give the
            # kernel a moment to finish the signal's delivery all the same.
            time.sleep(0.05)
        # Between two lines the child's main thread runs for a moment (R):
        # wait until none of its threads does, so that the kernel's
        # picture holds until the round reads it.
        for _ in range(400):
            if all(state != "R" for _, state in kernel_threads(pid).values()):
                break
            time.sleep(0.005)
        changed = time.time()
        want = kernel_threads(pid)
        doc = next_round(changed)
        if doc is None:
            t.ok(False, "round after %s: lwps printed a round" % name)
            break
        t.eq(round_threads(doc, pid), want, "--watch round after %s: threads, names and states "
             "are the kernel's" % name)
finally:
    if watch:
        watch.kill()
        watch.wait()
    os.kill(child.pid, signal.SIGCONT)
    child.kill()
    child.wait()

# A pid taken by a new process between two rounds: the task directory
# kept open from the old one lists nothing, and the new process must be
# listed all the same, in the round right after.  In a pid namespace of
# its own, where ns_last_pid chooses the next pid.
REUSE = r"""
import json, os, subprocess, sys
lwps = sys.argv[1]
old = subprocess.Popen(["sleep", "1000"])
watch = subprocess.Popen([lwps, "-L", "-J", "-o", "pid,comm", "--watch", "0.4", "--count", "4"],
                         stdout=subprocess.PIPE, text=True)
seen = []
for line in watch.stdout:
    procs = {p["pid"]: p["comm"] for p in json.loads(line)["processes"]}
    seen.append(procs.get(old.pid, "-"))
    if len(seen) == 2:
        # A round is one line, written whole: lwps sleeps 0.4 s now, and
        # the pid changes hands meanwhile.
        old.kill()
        old.wait()
        with open("/proc/sys/kernel/ns_last_pid", "w") as f:
            f.write(str(old.pid - 1))
        new = subprocess.Popen(["tail", "-f", "/dev/null"])
new.kill()
print(old.pid, new.pid)
print("\n".join(seen))
"""
unshare = shutil.which("unshare")
if os.geteuid() != 0 or not unshare:
    t.skip("a reused pid is listed in the round after", "needs root and unshare(1)")
else:
    p = subprocess.run([unshare, "-p", "-f", "--mount-proc", sys.executable, "-c", REUSE, LWPS],
                       capture_output=True, text=True, timeout=60)
    lines = p.stdout.split("\n")
    pids = lines[0].split()
    t.eq((len(pids) == 2 and pids[0] == pids[1], lines[1:5]), (True, ["sleep", "sleep", "tail", "tail"]),
         "a pid taken by a new process between rounds: the new one is listed in the round after")
t.done()
