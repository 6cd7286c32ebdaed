"""test_causes.py - what each thread waits on, where it entered the kernel,
and the waits view, against the kernel's own files.

The fixture's `causes` shape has a process whose threads wait on known
things: two on a mutex a third thread holds (futex), one on a pipe whose
writer is another process, one in nanosleep, one in epoll_wait on an
eventfd, and the leader in wait4 for that writer.  Each thread's SYSCALL
is checked against task/TID/syscall's number (the fixture reports the
numbers it blocks in), PC and SP against its last two fields, WAITON
against fd/N, fdinfo and maps, KSTACK against task/TID/stack (as root),
RUNTIME, RQWAIT, SLICES, CSW and NVCSW against schedstat and status; the
same through --save and --load; the futex waiters form one group in -W
and the pipe reader's group names the writer.  A unix socket's peer and
a poll's first descriptor are checked on children of this test."""

import os
import platform
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import (LWPS, Fixture, Tap, lwps_for_anyone, proc_status, read_bytes, run,  # noqa: E402
                      run_json, strict_json)

t = Tap()
tmp = tempfile.mkdtemp(prefix="lwps-causes-")
X86 = platform.machine() == "x86_64"
CAUSE_COLS = "syscall,waiton,pc,sp,kstack,wchan,runtime,rqwait,slices,csw,nvcsw"


def kernel_syscall(pid, tid):
    """task/TID/syscall as (number, [args...], sp, pc), or None (running)."""
    words = read_bytes("/proc/%d/task/%d/syscall" % (pid, tid)).decode().split()
    if words == ["running"]:
        return None
    nums = [int(w, 16) for w in words[1:]]
    return int(words[0]), nums[:-2], nums[-2], nums[-1]


def kernel_stack(pid, tid):
    frames = []
    for line in read_bytes("/proc/%d/task/%d/stack" % (pid, tid)).decode().splitlines():
        frames.append(line.split("] ", 1)[1] if line.startswith("[") else line.strip())
    return [f for f in frames if f]


def schedstat(pid, tid):
    return [int(x) for x in read_bytes("/proc/%d/task/%d/schedstat" % (pid, tid)).split()]


def mapping_of(pid, addr):
    """The name maps gives the mapping holding addr ("anon" without one)."""
    for line in read_bytes("/proc/%d/maps" % pid).decode("utf-8", "replace").splitlines():
        f = line.split(None, 5)
        lo, hi = (int(x, 16) for x in f[0].split("-"))
        if lo <= addr < hi:
            return f[5].strip() if len(f) > 5 else "anon"
    return None


def threads_of(doc, pid):
    for p in doc.get("processes", []):
        if p["pid"] == pid:
            return p, {th["tid"]: th for th in p.get("threads", [])}
    return {}, {}


def groups_with(doc, tid):
    """The -W groups that list thread tid."""
    return [g for g in doc.get("groups", [])
            if any(th["tid"] == tid for p in g["processes"] for th in p["threads"])]


def group_tids(g):
    return sorted(th["tid"] for p in g["processes"] for th in p["threads"])


def wait_syscall(pid, names, timeout=20):
    """Waits until lwps sees thread pid in one of the system calls."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        code, doc, err = run_json(["-L", "-o", "syscall,waiton", "-p", str(pid)])
        th = threads_of(doc, pid)[1].get(pid, {})
        if th.get("syscall") in names and th.get("waiton"):
            return th
        time.sleep(0.05)
    return {}


with Fixture(("causes",)) as fx:
    (P, writer, holder, w1, w2, reader, sleeper, epoller, rd, ep, nr_futex, nr_read, nr_sleep,
     nr_epoll, nr_wait4, mutex, sleep_s, sleep_ns) = fx.shapes["causes"]
    tids = [P, holder, w1, w2, reader, sleeper, epoller]
    want_nr = {P: nr_wait4, w1: nr_futex, w2: nr_futex, reader: nr_read, sleeper: nr_sleep,
               epoller: nr_epoll}
    want_name = {P: "wait4", w1: "futex", w2: "futex", reader: "read", sleeper: "nanosleep",
                 epoller: "epoll_wait" if X86 else "epoll_pwait"}
    if X86:
        want_name[holder] = "pause"

    code, doc, err = run_json(["-L", "-o", CAUSE_COLS, "-p", str(P)])
    proc, th = threads_of(doc, P)
    t.eq((code, sorted(th)), (0, sorted(tids)), "-L -J -o causes lists the shape's threads")

    # 1. SYSCALL, PC, SP against task/TID/syscall.
    for tid in tids:
        k = kernel_syscall(P, tid)
        got = th.get(tid, {})
        if tid in want_nr:
            t.eq(k[0] if k else None, want_nr[tid], "thread %d: the kernel has it in the call "
                 "the fixture blocked it in (%d)" % (tid, want_nr[tid]))
        if tid in want_name:
            t.eq(got.get("syscall"), want_name[tid], "thread %d: SYSCALL names the call" % tid)
        t.eq((got.get("pc"), got.get("sp")), (hex(k[3]), hex(k[2])) if k else (None, None),
             "thread %d: PC and SP are task/TID/syscall's last two fields" % tid)

    # 2. WAITON against fd/N, fdinfo and maps.
    where = mapping_of(P, mutex)
    for me, other in ((w1, w2), (w2, w1)):
        t.eq(th.get(me, {}).get("waiton"),
             "futex 0x%x in %s, also waited on by %d" % (mutex, where, other),
             "mutex waiter %d: the futex, its mapping and the other waiter" % me)
    pipe = os.readlink("/proc/%d/fd/%d" % (P, rd))
    t.eq(th.get(reader, {}).get("waiton"), "fd %d %s written by %d (lwpsfx-cwrit)" % (rd, pipe, writer),
         "pipe reader: the descriptor and the process holding the write end")
    tfds = [int(line.split()[1]) for line in read_bytes("/proc/%d/fdinfo/%d" % (P, ep)).decode().splitlines()
            if line.startswith("tfd:")]
    t.eq(th.get(epoller, {}).get("waiton"),
         "fd %d %s watching fd %d %s" % (ep, os.readlink("/proc/%d/fd/%d" % (P, ep)), tfds[0],
                                         os.readlink("/proc/%d/fd/%d" % (P, tfds[0]))),
         "epoller: the epoll and the eventfd it watches")
    t.ok(len(tfds) == 1 and "eventfd" in os.readlink("/proc/%d/fd/%d" % (P, tfds[0])),
         "(the epoll watches the eventfd alone)", tfds)
    t.eq(th.get(sleeper, {}).get("waiton"), "sleep %d.%ss" % (sleep_s, ("%09d" % sleep_ns).rstrip("0")),
         "sleeper: the time it asked nanosleep for")
    t.eq(th.get(P, {}).get("waiton"), "child %d (lwpsfx-cwrit)" % writer, "leader: the child wait4 waits for")
    t.eq((proc.get("syscall"), proc.get("waiton")), (th.get(P, {}).get("syscall"), th.get(P, {}).get("waiton")),
         "the process row shows its leader's call and wait")

    # 3. Text shows what JSON does.
    code, out, err = run(["-L", "-r", "-n", "-o", "lwp,syscall,pc", "-p", str(P)])
    text = {int(w[0]): w[1:] for w in (line.split() for line in out.decode().splitlines())}
    t.eq(text, {tid: [th[tid]["syscall"] or "-", (th[tid]["pc"] or "-")[2:] or "-"] for tid in tids},
         "text SYSCALL and PC (hex) are JSON's")

    # 4. KSTACK: root only, unknown otherwise.
    if os.geteuid() == 0:
        for tid in (w1, reader, sleeper):
            t.eq(th.get(tid, {}).get("kstack"), kernel_stack(P, tid),
                 "thread %d: kstack is task/TID/stack's frames" % tid)
        code, out, err = run(["-L", "-n", "-o", "lwp,kstack", "-p", str(P)])
        top = {int(w[0]): w[1] for w in (line.split() for line in out.decode().splitlines())}
        t.eq(top.get(reader), kernel_stack(P, reader)[0], "KSTACK in text is the innermost frame")
    else:
        for i in range(4):
            t.skip("kstack check %d" % (i + 1), "task/TID/stack is readable by root only")

    # 5. The totals against schedstat and status (the threads are blocked:
    # their counters stand still).
    run_sum = wait_sum = slices_sum = csw_sum = nvcsw_sum = 0
    for tid in tids:
        ss = schedstat(P, tid)
        st = proc_status("/proc/%d/task/%d/status" % (P, tid))
        got = th.get(tid, {})
        t.eq((round(got.get("runtime", -1) * 1e9), round(got.get("rqwait", -1) * 1e9), got.get("slices")),
             tuple(ss), "thread %d: runtime, rqwait, slices are schedstat's" % tid)
        t.eq((got.get("csw"), got.get("nvcsw")),
             (int(st["voluntary_ctxt_switches"]), int(st["nonvoluntary_ctxt_switches"])),
             "thread %d: csw and nvcsw are status's" % tid)
        run_sum += ss[0]
        wait_sum += ss[1]
        slices_sum += ss[2]
        csw_sum += int(st["voluntary_ctxt_switches"])
        nvcsw_sum += int(st["nonvoluntary_ctxt_switches"])
    t.eq((round(proc.get("runtime", -1) * 1e9), round(proc.get("rqwait", -1) * 1e9), proc.get("slices"),
          proc.get("csw"), proc.get("nvcsw")), (run_sum, wait_sum, slices_sum, csw_sum, nvcsw_sum),
         "the process's totals are its threads' sums")
    code, out, err = run(["-o", "pid,runtime", "-n", "-p", str(P)])
    t.eq(out.decode().split()[1:], ["%.3f" % (run_sum / 1e9)], "RUNTIME in text: seconds to the millisecond")

    # 6. The waits view.
    code, wdoc, err = run_json(["-W", "-p", str(P)])
    futex = groups_with(wdoc, w1)
    t.ok(code == 0 and len(futex) == 1 and group_tids(futex[0]) == sorted([w1, w2]) and
         futex[0]["count"] == 2 and futex[0]["kind"] == "futex",
         "-W: the two mutex waiters form one futex group", futex)
    t.ok(futex and futex[0]["on"] == "futex 0x%x in %s of %d (lwpsfx-cause)" % (mutex, where, P),
         "-W: the group names the futex, its mapping and the process", futex and futex[0]["on"])
    pg = groups_with(wdoc, reader)
    t.ok(len(pg) == 1 and pg[0]["kind"] == "pipe" and group_tids(pg[0]) == [reader] and
         pg[0]["on"] == "%s written by %d (lwpsfx-cwrit)" % (pipe, writer),
         "-W: the pipe reader's group names the writer", pg)
    cg = groups_with(wdoc, P)
    t.ok(len(cg) == 1 and cg[0]["kind"] == "child" and str(writer) in cg[0]["on"],
         "-W: the leader waits on its child", cg)
    every = sorted(tid for g in wdoc.get("groups", []) for tid in group_tids(g))
    t.eq((wdoc.get("waiting"), every, wdoc.get("running")), (len(tids), sorted(tids), []),
         "-W -p: every thread of the process waits, in exactly one group; none runs")
    code, out, err = run(["-W", "-p", str(P)])
    lines = out.decode().splitlines()
    at = [i for i, line in enumerate(lines) if line.startswith("futex 0x%x" % mutex)]
    rows = [line.split() for line in lines[at[0] + 1:at[0] + 3]] if at else []
    t.ok(len(at) == 1 and [int(r[1]) for r in rows] == [w1, w2] and all(r[3] == "futex" for r in rows),
         "-W text: the futex group's title, then its two threads", lines[:20])
    code, ddoc, err = run_json(["-W", "--state", "D", "-p", str(P)])
    t.eq((code, ddoc.get("waiting"), ddoc.get("groups")), (0, 0, []), "-W --state D: none of them")
    code, udoc, err = run_json(["-W", "-u", str(os.geteuid())])
    t.ok(code == 0 and len(groups_with(udoc, w1)) == 1, "-W -u: the user's processes are in it")
    for opt in (["-L"], ["-o", "pid"], ["-s", "pid"], ["-m"], ["-t"], ["--save", os.path.join(tmp, "x")]):
        code, out, err = run(["-W"] + opt + ["-p", str(P)])
        t.ok(code == 2 and "-W and %s do not go together" % opt[0] in err, "-W %s is refused" % opt[0], err)

    # 7. A snapshot keeps it all: save -> load -> save is byte-identical.
    snap, again = os.path.join(tmp, "causes.json"), os.path.join(tmp, "again.json")
    code, out, err = run(["--save", snap, "-p", str(P)])
    code2, out, err2 = run(["--load", snap, "--save", again])
    t.ok(code == code2 == 0 and read_bytes(snap) == read_bytes(again),
         "--save, --load --save: the same bytes", (code, err, code2, err2))
    code, ldoc, err = run_json(["--load", snap, "-L", "-o", "syscall,waiton,pc,sp,kstack", "-p", str(P)])
    loaded = threads_of(ldoc, P)[1]
    t.eq({tid: [loaded.get(tid, {}).get(k) for k in ("syscall", "waiton", "pc", "sp")] for tid in tids},
         {tid: [th[tid].get(k) for k in ("syscall", "waiton", "pc", "sp")] for tid in tids},
         "a loaded snapshot shows the same calls, waits, PC and SP")
    if os.geteuid() == 0:
        t.eq(loaded.get(reader, {}).get("kstack"), th.get(reader, {}).get("kstack"), "and kernel stacks")
    else:
        t.skip("a loaded snapshot's kernel stacks", "task/TID/stack is readable by root only")
    code, lw, err = run_json(["--load", snap, "-W"])
    lf = groups_with(lw, w1)
    t.ok(code == 0 and lf and group_tids(lf[0]) == sorted([w1, w2]) and lf[0]["on"] == futex[0]["on"],
         "--load -W: the futex group as live", lf)

    # 8. Unknown, not empty: another user sees no call, registers or stack,
    # and JSON says why.
    setpriv = shutil.which("setpriv")
    if os.geteuid() == 0 and setpriv:
        d, lwps = lwps_for_anyone("lwps-causes-")
        p = subprocess.run([setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", lwps, "-L", "-J",
                            "-o", "syscall,waiton,pc,kstack", "-p", str(P)], capture_output=True)
        shutil.rmtree(d)
        nob = threads_of(strict_json(p.stdout.decode()), P)[1] if p.returncode == 0 else {}
        t.eq(sorted({(x.get("syscall"), x.get("waiton"), x.get("pc"), x.get("kstack"), x.get("syscall_error"))
                     for x in nob.values()}), [(None, None, None, None, "EACCES")],
             "nobody: another user's threads have null syscall, waiton, pc and kstack, syscall_error EACCES")
    else:
        t.skip("another user's view", "needs root and setpriv to become nobody")

# 9. A unix socket's peer, a poll's first descriptor: children of this test.
me = "%d (%s)" % (os.getpid(), read_bytes("/proc/self/comm").decode().strip())
a, b = socket.socketpair()
child = subprocess.Popen([sys.executable, "-c", "import socket; socket.socket(fileno=%d).recv(1)" % a.fileno()],
                         pass_fds=[a.fileno()])
fd_a = a.fileno()
a.close()
r, w = os.pipe()
poller = subprocess.Popen([sys.executable, "-c", "import select; p = select.poll(); p.register(%d, 1); "
                           "p.register(%d, 1); p.poll()" % (r, w)], pass_fds=[r, w])
try:
    got = wait_syscall(child.pid, ("recvfrom", "recvmsg", "read"))
    peer = os.fstat(b.fileno()).st_ino
    t.eq(got.get("waiton"), "fd %d %s unix, peer socket:[%d] held by %s" %
         (fd_a, os.readlink("/proc/%d/fd/%d" % (child.pid, fd_a)), peer, me),
         "a socket's unix peer and the process holding it")
    got = wait_syscall(poller.pid, ("poll", "ppoll"))
    head = "first of 2: fd %d %s written by " % (r, os.readlink("/proc/%d/fd/%d" % (poller.pid, r)))
    writers = got.get("waiton", "")[len(head):].split(", ")
    t.ok(got.get("waiton", "").startswith(head) and
         sorted(writers) == sorted([me, "%d (python3)" % poller.pid]),
         "poll: its first descriptor, and the processes that may write to that pipe", got)
finally:
    for c in (child, poller):
        c.kill()
        c.wait()
    b.close()
    os.close(r)
    os.close(w)

# A futex in a mapping past the first page of maps (the kernel hands maps
# out a page or so per read): its mapping is named all the same.
FAR_FUTEX = r"""
import ctypes, mmap, sys, threading
libc = ctypes.CDLL(None, use_errno=True)
area = mmap.mmap(-1, 4096)
word = ctypes.c_int.from_buffer(area)
# Mapped after it, each below the one before: they come first in maps,
# and alternate protections keep them apart.
fill = [mmap.mmap(-1, 4096, prot=mmap.PROT_READ if i % 2 else mmap.PROT_READ | mmap.PROT_WRITE)
        for i in range(300)]
def wait():
    libc.syscall(202, ctypes.c_void_p(ctypes.addressof(word)), 0, 0, None)   # FUTEX_WAIT on 0
th = threading.Thread(target=wait, daemon=True)
th.start()
print(ctypes.addressof(word), th.native_id, flush=True)
sys.stdin.read()
"""
far = subprocess.Popen([sys.executable, "-c", FAR_FUTEX], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                       text=True)
try:
    addr, tid = map(int, far.stdout.readline().split())
    offset = read_bytes("/proc/%d/maps" % far.pid).find(b"%x-" % (addr & ~4095))
    deadline = time.monotonic() + 20
    got = {}
    while time.monotonic() < deadline and not got.get("waiton"):
        code, doc, err = run_json(["-L", "-o", "syscall,waiton", "-p", str(far.pid)])
        got = threads_of(doc, far.pid)[1].get(tid, {})
        time.sleep(0.05)
    t.eq((offset > 4096, got.get("syscall"), got.get("waiton")),
         (True, "futex", "futex 0x%x in %s" % (addr, mapping_of(far.pid, addr))),
         "a futex whose mapping is past the first page of maps: the mapping is named")
finally:
    far.kill()
    far.wait()
shutil.rmtree(tmp)
t.done()
