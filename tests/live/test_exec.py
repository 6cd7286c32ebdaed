"""test_exec.py - EXEC, where a thread executes, against the kernel's
task/TID/syscall and the ELF file's own symbols (binutils' nm and readelf
as the second source), and the --layout marks of each thread's PC.

The fixture's `limits` shape has a thread ("napper") blocked in nanosleep:
its EXEC names libc and a function containing "sleep", and the function
and offset are those nm -D and readelf give for its PC.  A zombie has no
user code (null with exec_error in JSON, a note under the text table).
--layout marks the thread's PC in the mapping that holds it.  A snapshot
keeps it all.  Reading task/TID/syscall needs ptrace access: without it
the tests skip, saying so."""

import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import Fixture, Tap, run, run_json, strict_json  # noqa: E402

t = Tap()
tmp = tempfile.mkdtemp(prefix="lwps-exec-")


def registers(pid, tid):
    """The stack pointer and PC task/TID/syscall shows, or None."""
    with open("/proc/%d/task/%d/syscall" % (pid, tid)) as f:
        words = f.read().split()
    return (int(words[-2], 16), int(words[-1], 16)) if len(words) in (3, 9) else None


def mapping_of(pid, addr):
    """The /proc/PID/maps line holding addr: (start, offset, path)."""
    with open("/proc/%d/maps" % pid) as f:
        for line in f:
            w = line.split(None, 5)
            lo, hi = (int(x, 16) for x in w[0].split("-"))
            if lo <= addr < hi:
                return lo, int(w[2], 16), w[5].strip() if len(w) > 5 else ""
    return None


def file_address(path, off):
    """The address the ELF file gives file offset `off` (readelf -lW)."""
    out = subprocess.run(["readelf", "-lW", path], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        w = line.split()
        if w and w[0] == "LOAD":
            offset, vaddr, filesz = int(w[1], 16), int(w[2], 16), int(w[4], 16)
            if offset <= off < offset + filesz:
                return off - offset + vaddr
    return None


def functions_at(path, addr):
    """The names nm -D gives the function holding addr, and its start."""
    out = subprocess.run(["nm", "-D", "-S", "--defined-only", path], capture_output=True, text=True,
                         check=True).stdout
    best = None
    for line in out.splitlines():
        w = line.split()
        if len(w) != 4 or w[2] not in "TtWwi":
            continue
        start, size = int(w[0], 16), int(w[1], 16)
        if start <= addr < start + size:
            best = (start, best[1] | {w[3].split("@")[0]}) if best and best[0] == start else \
                (start, {w[3].split("@")[0]})
    return best


with Fixture(("limits", "zombie")) as fx:
    pid, napper, child = fx.shapes["limits"]
    zombie, zparent = fx.shapes["zombie"]
    try:
        regs = registers(pid, napper)
    except PermissionError as e:
        regs = e
    if isinstance(regs, Exception) or regs is None:
        why = "task/TID/syscall is not readable here (%s): it needs ptrace access" % regs
        for name in ("EXEC of a thread in nanosleep names libc and a sleep function",
                     "EXEC's function and offset are nm's and readelf's",
                     "--layout marks the thread's PC", "a snapshot keeps EXEC and the marks"):
            t.skip(name, why)
        t.done()
    sp, pc = regs

    # 1. The thread blocked in nanosleep executes in libc, in a sleep function.
    code, out, err = run(["-L", "-r", "-n", "-o", "lwp,exec", "-p", str(pid)])
    rows = {int(line.split(" ", 1)[0]): line.split(" ", 1)[1] for line in out.decode().splitlines()}
    exec_text = rows.get(napper, "").replace("\\x20", " ")
    m = re.fullmatch(r"(\S+) (\S+)\+0x([0-9a-f]+)", exec_text)
    t.ok(code == 0 and m and m.group(1).startswith("libc.so") and "sleep" in m.group(2),
         "EXEC of a thread in nanosleep names libc and a sleep function", exec_text)

    # 2. The same function and offset from the ELF file, by binutils.
    start, offset, path = mapping_of(pid, pc)
    addr = file_address(path, pc - start + offset)
    found = functions_at(path, addr) if addr is not None else None
    t.ok(m and found and m.group(2) in found[1] and int(m.group(3), 16) == addr - found[0],
         "EXEC's function and offset are nm's and readelf's", (exec_text, path, addr, found))
    t.eq(os.path.basename(path), m.group(1) if m else None, "EXEC names the file mapped at the PC")

    # 3. JSON: the same string; a process's EXEC is its leader's.
    code, doc, err = run_json(["-L", "-o", "exec", "-p", str(pid)])
    proc = doc["processes"][0]
    threads = {th["tid"]: th for th in proc["threads"]}
    t.eq(threads[napper]["exec"], exec_text, "JSON's exec is the text's")
    t.eq(proc["exec"], threads[pid]["exec"], "a process's exec is its leader's")
    code, out, err = run(["-o", "pid,exec", "-r", "-n", "-p", str(pid)])
    t.eq(out.decode().split(" ", 1)[1].strip().replace("\\x20", " "), threads[pid]["exec"],
         "the process row shows the leader's EXEC")

    # 4. A zombie has no user code: unknown, and why.
    code, doc, err = run_json(["-o", "exec", "-p", str(zombie)])
    t.eq((doc["processes"][0]["exec"], doc["processes"][0].get("exec_error")), (None, "no-user-code"),
         "a zombie's exec is null with exec_error no-user-code")
    code, out, err = run(["-o", "pid,exec", "-p", str(zombie)])
    lines = out.decode().splitlines()
    t.ok(lines[1].split() == [str(zombie), "-"] and
         lines[2] == "* EXEC is - for %d: no user code: a kernel thread or an exited task" % zombie,
         "text shows - and says why under the table", lines)

    # 5. --layout: a mark at the PC, inside the libc region, naming the thread.
    code, out, err = run(["-m", "--layout", str(pid)])
    lines = out.decode().splitlines()
    marks = [i for i, line in enumerate(lines)
             if line.endswith("<- thread %d (napper) executing: %s %s" % (napper, m.group(1), m.group(2)))]
    t.ok(code == 0 and len(marks) == 1 and lines[marks[0]].split()[0] == "%x" % pc,
         "--layout marks the thread's PC with its thread and function", marks and lines[marks[0]])
    region = [line for line in lines[:marks[0]] if not line.split()[0] == "..." and "<-" not in line][-1:] \
        if marks else []
    t.ok(region and path in region[0], "the mark follows the region of the file that holds the PC", region)

    # 6. A snapshot keeps EXEC, its reasons and the marks.
    snap = os.path.join(tmp, "exec.json")
    code, out, err = run(["--save", snap, "-p", "%d,%d" % (pid, zombie)])
    with open(snap) as f:
        saved = {p["pid"]: p for p in strict_json(f.read())["processes"]}
    t.eq([th["exec"] for th in saved[pid]["threads"] if th["tid"] == napper], [exec_text],
         "the snapshot keeps each thread's exec")
    t.eq(saved[zombie].get("exec_error"), "no-user-code", "and why one is unknown")
    live = run(["-m", "--layout", str(pid)])[1]
    loaded = run(["--load", snap, "-m", "--layout", str(pid)])[1]
    t.eq(loaded.split(b"\n", 1)[1], live, "a snapshot keeps EXEC and the marks: --layout is the same")
    live = run(["-L", "-o", "pid,lwp,exec", "-p", "%d,%d" % (pid, zombie)])[1]
    loaded = run(["--load", snap, "-L", "-o", "pid,lwp,exec", "-p", "%d,%d" % (pid, zombie)])[1]
    t.eq(loaded.split(b"\n", 1)[1], live, "--load -L -o exec shows the live run's, notes included")

# 7. One reading of task/TID/syscall gives SYSCALL, PC and EXEC together:
# a thread that alternates clock_nanosleep and poll every 2 ms is caught
# in one or the other, and EXEC names the function of that same call.
ALTERNATE = """
import select, sys, time
p = select.poll()
sys.stdout.write("ready\\n"); sys.stdout.flush()
while True:
    time.sleep(0.002)
    p.poll(2)
"""
alt = subprocess.Popen([sys.executable, "-c", ALTERNATE], stdout=subprocess.PIPE)
try:
    alt.stdout.readline()
    rows, unreadable = [], False
    for _ in range(30):
        # The whole machine: the scan and the EXEC pass that follows it
        # are far enough apart for the thread to change its call.
        code, out, err = run(["-L", "-n", "-o", "tid,syscall,pc,exec"])
        words = next((line.split()[1:] for line in out.decode().splitlines()
                      if line.split()[:1] == [str(alt.pid)]), [])
        if code != 0 or len(words) < 2 or words[0] == "-":
            unreadable = unreadable or code != 0 or (len(words) > 0 and words[0] == "-")
            continue
        rows.append(words)
    caught = [w for w in rows if w[0] in ("clock_nanosleep", "poll") and len(w) >= 4]
    if unreadable and not caught:
        t.skip("SYSCALL, PC and EXEC of one reading", "task/TID/syscall cannot be read here")
    else:
        wrong = [w for w in caught if not w[3].startswith(w[0] + "+") and w[0] not in w[3]]
        t.ok(len(caught) >= 10 and not wrong,
             "SYSCALL, PC and EXEC of one reading: EXEC names the call SYSCALL shows (%d of 30 "
             "caught in one)" % len(caught), wrong[:5] or rows[:5])
finally:
    alt.kill()
    alt.wait()

t.done()
