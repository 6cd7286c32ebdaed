"""test_maps.py - lwps -m against pmap -X and the kernel for a process with
thousands of mappings, a file mapping, shared memory, a heap and named
threads whose stacks must be found by thread id."""

import ctypes
import mmap
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import Fixture, Tap, read_bytes, run, run_json, tids_of  # noqa: E402

t = Tap()
ROOT = os.geteuid() == 0


def pmap_rows(pid):
    """pmap -X rows as dicts of its header's keys, and the totals row."""
    out = subprocess.run(["pmap", "-X", str(pid)], capture_output=True, check=True).stdout.decode()
    lines = out.split("\n")
    head = lines[1].split()
    rows, total = [], None
    for line in lines[2:]:
        words = line.split()
        if not words or words[0].startswith("="):
            continue
        if words[-1] == "KB":
            total = dict(zip(head[5:], (int(w) for w in words[:-1])))
            continue
        row = dict(zip(head[:5], words[:5]))
        row.update(zip(head[5:-1], (int(w) for w in words[5:len(head) - 1])))
        rows.append(row)
    return rows, total


def syscall_sp(pid, tid):
    words = read_bytes("/proc/%d/task/%d/syscall" % (pid, tid)).split()
    return int(words[-2], 16) if len(words) in (3, 9) else None


fx = Fixture()
try:
    pid, nmaps, *tids = fx.shapes["maps"]
    kernel_maps = read_bytes("/proc/%d/maps" % pid).count(b"\n")
    t.ok(kernel_maps >= nmaps >= 2000, "fixture: %d mappings" % kernel_maps, (kernel_maps, nmaps))

    # 1. Every row and the totals equal pmap -X's.  PSS of a shared page
    # moves whenever another process maps or drops it, so pmap reads before
    # and after lwps: a row both pmap reads agree on must equal lwps's.
    keys = ["Size", "Rss", "Pss", "Pss_Dirty", "Anonymous", "Swap", "SwapPss", "Locked"]
    cols = "start,end,size,rss,pss,pss_dirty,anonymous,swap,swappss,locked"

    def pmap_tuples(rows):
        return [(int(r["Address"], 16), int(r["Address"], 16) + r["Size"] * 1024) +
                tuple(r[k] for k in keys) for r in rows]

    for attempt in range(5):
        before, tot_before = pmap_rows(pid)
        code, out, err = run(["-m", "-r", "-o", cols, str(pid)])
        after, tot_after = pmap_rows(pid)
        if before == after and tot_before == tot_after:
            break
    lines = [line.split() for line in out.decode().split("\n") if line]
    title, header, body, total = lines[0], lines[1], lines[2:-1], lines[-1]
    t.eq(code, 0, "lwps -m PID exits 0")
    t.eq(title[0], "%d:" % pid, "the table is titled with the pid")
    t.eq(header, [c.upper() for c in cols.split(",")], "the header names the chosen columns")
    t.eq(len(body), len(before), "as many rows as pmap -X")
    ours = [(int(r[0], 16), int(r[1], 16)) + tuple(int(x) for x in r[2:]) for r in body]
    # PSS (and Pss_Dirty) of a file shared with other processes moves as
    # they come and go; only private anonymous rows keep theirs still.
    shared = [r["Inode"] != "0" or r["Perm"].endswith("s") for r in before]

    def comparable(t, i):
        return t[:4] + t[6:] if shared[i] else t

    steady = [i for i, (a, b) in enumerate(zip(pmap_tuples(before), pmap_tuples(after)))
              if comparable(a, i) == comparable(b, i)]
    bad = [(ours[i], pmap_tuples(before)[i]) for i in steady
           if comparable(ours[i], i) != comparable(pmap_tuples(before)[i], i)]
    t.ok(sum(1 for x in shared if not x) >= nmaps, "the private anonymous rows keep their PSS compared")
    t.ok(len(steady) >= len(before) - 20, "pmap held still for most rows", (len(steady), len(before)))
    t.ok(not bad, "each row's start, end, size, RSS, PSS, dirty and swap equal pmap -X's", bad[:3])
    # Total PSS includes shared pages, which the reader itself may share
    # (an ASan build of lwps maps libasan, pmap does not): compared above
    # row by row where it is stable, and left out of the totals.
    no_pss = [k for k in keys if not k.startswith("Pss")]
    t.eq([int(x) for k, x in zip(keys, total[2:]) if not k.startswith("Pss")],
         [tot_after[k] for k in no_pss], "totals other than PSS equal pmap -X's")
    t.eq([sum(r[k] for r in after) for k in ("Size", "Rss")], [int(total[2]), int(total[3])],
         "the size and RSS totals are the sums of the rows")
    t.eq(total[0:2], ["-", "-"], "the totals row has no address")
    code, out, err = run(["-m", "-n", "-o", "start", str(pid)])
    t.ok(not out.startswith(b"%d:" % pid) and len(out.split(b"\n")) == len(before) + 2,
         "-n drops the title and the header")

    # 2. JSON: every mapping, sizes in bytes, addresses as strings, valid.
    code, doc, err = run_json(["-m", str(pid)])
    p = doc["processes"][0]
    t.eq(len(p["maps"]), len(after), "JSON has every mapping")
    t.ok(all(isinstance(m["start"], str) and m["start"].startswith("0x") and isinstance(m["inode"], str)
             for m in p["maps"]), "addresses and inodes are strings")
    t.eq(p["maps_total"]["rss"], sum(m["rss"] for m in p["maps"]), "maps_total.rss is the sum of the rows, in bytes")
    t.eq([int(m["end"], 16) - int(m["start"], 16) for m in p["maps"]], [m["size"] for m in p["maps"]],
         "size is end - start")
    stat = read_bytes("/proc/%d/stat" % pid)
    fields = stat[stat.rindex(b")") + 2:].split()
    t.eq(p["layout"]["start_code"], hex(int(fields[23])) if ROOT else p["layout"]["start_code"],
         "layout.start_code equals stat's")
    t.eq(p["layout"]["start_brk"], hex(int(fields[44])), "layout.start_brk equals stat's")
    segs = {m["segment"] for m in p["maps"]}
    for want in ("text", "data", "heap", "stack", "lib-text", "lib-data", "vdso", "shm", "file", "anon"):
        t.ok(want in segs, "a %s mapping is found" % want, sorted(segs))
    heap = [m for m in p["maps"] if m["path"] == "[heap]"]
    t.ok(heap and heap[0]["segment"] == "heap" and p["layout"]["brk"] == heap[0]["end"],
         "[heap] is the heap and brk is its end")
    shared = [m for m in p["maps"] if m["perms"].endswith("s")]
    t.ok(shared and all(m["segment"] == "shm" for m in shared if m["path"] is None or
                        m["path"].startswith("/dev/zero")), "shared anonymous memory is shm")
    t.ok(all(m["path"] is None for m in p["maps"] if m["segment"] == "anon"),
         "anonymous mappings have a null path")

    # 3. Thread stacks by TID (root may read every thread's stack pointer).
    by_tid = {m["tid"]: m for m in p["maps"] if m["segment"] == "thread-stack" and m["tid"]}
    if ROOT:
        for tid in tids:
            sp = syscall_sp(pid, tid)
            m = by_tid.get(tid)
            t.ok(m is not None and int(m["start"], 16) <= sp < int(m["end"], 16),
                 "thread %d's stack is found by its stack pointer" % tid, (hex(sp or 0), m))
            name = read_bytes("/proc/%d/task/%d/comm" % (pid, tid)).rstrip(b"\n").decode()
            t.eq(m and m["thread_name"], name, "and named after thread %d" % tid)
        code, out, err = run(["-m", "-n", "-o", "segment,tid,thread", str(pid)])
        stacks = sorted(tuple(line.split()[:2]) for line in out.decode().splitlines()
                        if line.startswith("stack:"))
        t.eq(stacks, sorted(("stack:%d" % x, str(x)) for x in tids), "text shows stack:TID per thread")
    else:
        for tid in tids:
            t.skip("thread %d's stack is found by its stack pointer" % tid, "needs root to read syscall")
            t.skip("and named after thread %d" % tid, "needs root")
        t.skip("text shows stack:TID per thread", "needs root")
    # The other fixture process's threads too (blocked in pause).
    thr = fx.shapes["threads"]
    code, doc, err = run_json(["-m", str(thr[0])])
    found = {m["tid"] for m in doc["processes"][0]["maps"] if m["segment"] == "thread-stack"}
    if ROOT:
        t.eq(found, set(thr[1:]), "every blocked thread of the threads shape has its stack found")
    else:
        t.skip("every blocked thread of the threads shape has its stack found", "needs root")

    # 4. The layout picture lists regions top-down, segments in address order.
    code, out, err = run(["-m", "--layout", str(pid)])
    rows = [line for line in out.decode().split("\n")[2:] if line and not line.lstrip().startswith("...")]
    addrs = [int(line.split()[0], 16) for line in rows if len(line.split()) >= 4 and
             line.split()[3] not in ("environment", "arguments") and line.split()[1] != "<-"]
    t.ok(addrs == sorted(addrs, reverse=True) and len(addrs) > 10, "layout regions are top-down")
    order = [line.split()[3] for line in rows if len(line.split()) >= 4]
    pos = {name: order.index(name) for name in ("stack", "library", "heap", "data", "text") if name in order}
    t.ok(sorted(pos, key=pos.get) == ["stack", "library", "heap", "data", "text"],
         "stack above libraries above heap above data above text", order[:40])
    t.ok("environment" in out.decode() and "arguments" in out.decode(), "arguments and environment shown")
    t.ok("gap" in out.decode(), "long gaps are compressed with their size")
finally:
    fx.close()

# 5. A mapping whose file is gone (shared anonymous memory is /dev/zero,
# deleted): -m and the layout name it alike, " (deleted)" kept.
shm = mmap.mmap(-1, 64 * mmap.PAGESIZE)
shm[0] = 1
addr = "%x" % ctypes.addressof(ctypes.c_char.from_buffer(shm))
code, out, err = run(["-m", "-r", "-o", "start,mapping", str(os.getpid())])
row = [line.split(b" ", 1)[1] for line in out.split(b"\n") if line.split(b" ")[0] == addr.encode()]
t.eq(row, [b"/dev/zero\\x20(deleted)"], "-m: a shared anonymous mapping is /dev/zero (deleted)")
code, out, err = run(["-m", "--layout", str(os.getpid())])
row = [line.split(None, 4)[4] for line in out.decode().split("\n") if line.split()[:1] == [addr]]
t.eq(row, ["/dev/zero (deleted)"], "--layout names it as -m does")

# 6. Processes without an address space: a message, exit 1, others still shown.
code, out, err = run(["-m", "-o", "start", "2", str(os.getpid())])
t.ok(code == 1 and "kernel thread" in err and b"%d:" % os.getpid() in out,
     "a kernel thread gets a message and exit 1; the other pid is shown", (code, err))
code, out, err = run(["-m"])
t.eq(code, 2, "-m without a pid is a usage error")
code, out, err = run(["-m", "--list-columns"])
names = [line.split()[0] for line in out.decode().splitlines()]
for col in ("START", "END", "SIZE", "PERMS", "OFFSET", "DEV", "INODE", "RSS", "PSS", "SHARED_CLEAN",
            "SHARED_DIRTY", "PRIVATE_CLEAN", "PRIVATE_DIRTY", "ANONYMOUS", "SWAP", "SWAPPSS",
            "LOCKED", "ANONHUGE", "MAPPING", "SEGMENT", "TID"):
    t.ok(col in names, "-m --list-columns has %s" % col)

t.done()
