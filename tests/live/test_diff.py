"""test_diff.py - --diff OLD NEW (issue 16): two snapshots saved around a
script that starts a process, ends another, adds threads to a third, maps
and touches 64 MiB in a fourth and stops a fifth; --diff reports exactly
those, in text and JSON, against what the script did (pids, thread ids,
sizes) and the kernel's counters.  Then: a pid reused in between is one
exit and one birth; snapshots of another boot are refused; the selections
narrow what is compared; hostile files get --load's statuses and words."""

import json
import mmap
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import LWPS, Tap, cloned_snapshot, read_bytes, run, run_json, strict_json  # noqa: E402

t = Tap()
tmp = tempfile.mkdtemp(prefix="lwps-diff-")
PAGE = mmap.PAGESIZE
MAPPED = 64 << 20


def path(name):
    return os.path.join(tmp, name)


def stat_fields(pid):
    """/proc/PID/stat after the command name: field 3 (state) is [0]."""
    return read_bytes("/proc/%d/stat" % pid).decode().rsplit(")", 1)[1].split()


# A process that starts threads when told, and prints their ids.
THREADER = r"""
import sys, threading
stop = threading.Event()
tids = []
started = threading.Barrier(4)
def body():
    tids.append(threading.get_native_id())
    started.wait()
    stop.wait()
print("ready", flush=True)
sys.stdin.readline()
for _ in range(3):
    threading.Thread(target=body, daemon=True).start()
started.wait()
print(" ".join(map(str, sorted(tids))), flush=True)
sys.stdin.readline()
"""

# A process that maps 64 MiB when told, touches every page, and prints
# where the mapping starts.  Everything it needs is loaded before.
MAPPER = r"""
import ctypes, mmap, sys
size, page = %d, mmap.PAGESIZE
print("ready", flush=True)
sys.stdin.readline()
m = mmap.mmap(-1, size)
for off in range(0, size, page):
    m[off] = 1
print(ctypes.addressof(ctypes.c_char.from_buffer(m)), flush=True)
sys.stdin.readline()
""" % MAPPED


def child(script):
    p = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         text=True)
    assert p.stdout.readline().strip() == "ready"
    return p


def tell(p):
    p.stdin.write("\n")
    p.stdin.flush()
    return p.stdout.readline().split()


def save(name, pid):
    """Saves the whole system; returns the file and `pid`'s minor faults,
    read around the save until they did not move meanwhile."""
    for _ in range(10):
        before = int(stat_fields(pid)[7])
        code, out, err = run(["--save", path(name)])
        if code != 0:
            raise RuntimeError("--save: " + err)
        if int(stat_fields(pid)[7]) == before:
            break
        time.sleep(0.1)
    return path(name), before


ender = subprocess.Popen(["sleep", "1000"])
stopper = subprocess.Popen(["sleep", "1000"])
threader = child(THREADER)
mapper = child(MAPPER)
starter = None
try:
    old, minflt0 = save("old.json", mapper.pid)
    # What the script does in between.
    ender.kill()
    ender.wait()
    tids = sorted(int(x) for x in tell(threader))
    address = int(tell(mapper)[0])
    os.kill(stopper.pid, signal.SIGSTOP)
    for _ in range(500):
        if stat_fields(stopper.pid)[0] == "T":
            break
        time.sleep(0.01)
    starter = subprocess.Popen(["sleep", "1000"])
    new, minflt1 = save("new.json", mapper.pid)

    ours = [ender.pid, stopper.pid, threader.pid, mapper.pid, starter.pid]
    select = ["-p", ",".join(map(str, ours))]

    # ---- JSON ----
    code, doc, err = run_json(["--diff", old, new] + select)
    t.eq((code, err), (0, ""), "--diff OLD NEW -J -p OURS exits 0 quietly")
    t.eq((doc["old"]["file"], doc["new"]["file"]), (old, new), "old and new name the files")
    t.ok(doc["interval"] > 0 and doc["new"]["taken_at"] > doc["old"]["taken_at"],
         "the interval is the time between the snapshots", (doc["interval"], doc["old"], doc["new"]))
    t.eq([(p["pid"], p["cmdline"]) for p in doc["processes_born"]], [(starter.pid, ["sleep", "1000"])],
         "processes_born: the process started, with its command line")
    t.eq([(p["pid"], p["cmdline"]) for p in doc["processes_exited"]], [(ender.pid, ["sleep", "1000"])],
         "processes_exited: the process ended, as it was")
    t.eq([(x["pid"], x["tid"]) for x in doc["threads_born"]], [(threader.pid, tid) for tid in tids],
         "threads_born: the three threads started, by their ids")
    t.eq(doc["threads_exited"], [], "threads_exited: none")
    t.eq([(x["pid"], x["tid"], x["before"], x["after"]) for x in doc["state_changes"]],
         [(stopper.pid, stopper.pid, "S", "T")], "state_changes: the stopped process, S to T")
    t.eq([(x["pid"], x["before"], x["after"], x["change"]) for x in doc["nlwp_changes"]],
         [(threader.pid, 1, 4, 3)], "nlwp_changes: the process that started three threads, 1 to 4")
    mine = [m for m in doc["maps_added"] if m["pid"] == mapper.pid]
    t.eq([(m["start"], m["size_before"], m["change"]) for m in mine], [(hex(address), None, MAPPED)],
         "maps_added: the 64 MiB mapping, where it was mapped, and no other of that process")
    t.ok(len(mine) == 1 and abs(mine[0]["size_after"] - MAPPED) < PAGE and
         abs(mine[0]["rss_after"] - MAPPED) < PAGE and mine[0]["rss_before"] is None,
         "its size and resident memory are 64 MiB within a page", mine)
    t.eq([m for k in ("maps_removed", "maps_grown", "maps_shrunk") for m in doc[k]
          if m["pid"] == mapper.pid], [], "no mapping of that process removed, grown or shrunk")
    rss = {x["pid"]: x for x in doc["rss_changes"]}
    t.ok(mapper.pid in rss and MAPPED - PAGE < rss[mapper.pid]["change"] < MAPPED + (4 << 20),
         "rss_changes: the mapping process grew by its 64 MiB", rss.get(mapper.pid))
    cpu = {x["pid"]: x for x in doc["cpu_processes"]}
    t.eq(cpu.get(mapper.pid, {}).get("minor_faults"), minflt1 - minflt0,
         "cpu_processes: the mapping process's minor faults are what its stat counted in between")
    t.ok(cpu.get(mapper.pid, {}).get("minor_faults", 0) >= MAPPED // PAGE,
         "at least one fault a page touched", cpu.get(mapper.pid))
    t.ok(all(x["cpu_time"] > 0 for x in doc["cpu_processes"] + doc["cpu_threads"]) and
         [x["cpu_time"] for x in doc["cpu_threads"]] == sorted((x["cpu_time"] for x in doc["cpu_threads"]),
                                                               reverse=True),
         "the CPU lists hold what used CPU time, the most first", doc["cpu_threads"])
    t.ok({x["pid"] for x in doc["cpu_processes"]} <= set(ours) - {ender.pid},
         "no process outside the selection is compared", doc["cpu_processes"])

    # ---- text ----
    code, out, err = run(["--diff", old, new] + select)
    text = out.decode()
    sections = {}
    for block in text.split("\n\n"):
        lines = block.strip("\n").split("\n")
        if lines and lines[0].startswith("# "):
            lines = lines[1:]
        m = re.match(r"(.*) \((\d+)\)$", lines[0])
        if m:
            sections[m.group(1)] = (int(m.group(2)), lines[1].split(), [l.split() for l in lines[2:]])
    t.ok(code == 0 and text.startswith("# changes on ") and "'%s'" % old in text.split("\n")[0],
         "text: the first line names the snapshots", text[:200])

    def rows(title, *cols):
        n, header, body = sections.get(title, (0, [], []))
        return [tuple(r[header.index(c)] for c in cols) for r in body]

    t.eq(rows("Processes born", "PID", "STAT"), [(str(starter.pid), "S")], "text: Processes born")
    t.eq(rows("Processes exited", "PID"), [(str(ender.pid),)], "text: Processes exited")
    t.eq(rows("Threads born", "PID", "LWP"), [(str(threader.pid), str(tid)) for tid in tids],
         "text: Threads born, by thread id")
    t.eq(rows("State changes", "PID", "LWP", "BEFORE", "STAT"),
         [(str(stopper.pid), str(stopper.pid), "S", "T")], "text: State changes, BEFORE and STAT")
    t.eq(rows("Thread count changes", "PID", "BEFORE", "NLWP", "ΔNLWP"), [(str(threader.pid), "1", "4", "3")],
         "text: Thread count changes")
    t.eq([r for r in rows("Mappings added", "PID", "START", "SIZE") if r[0] == str(mapper.pid)],
         [(str(mapper.pid), "%x" % address, str(MAPPED // 1024))], "text: Mappings added, 65536 KiB")
    stacks = {r[1] for r in rows("Mappings added", "PID", "SEGMENT") if r[0] == str(threader.pid)}
    t.ok({"stack:%d" % tid for tid in tids} <= stacks, "text: each new thread's stack is an added mapping",
         stacks)
    t.ok("Threads exited" not in sections and "Mappings shrunk" not in sections,
         "text: a kind of change that has none is left out", sorted(sections))
    t.eq(sorted(sections), sorted(k for k in ("Processes born", "Processes exited", "Threads born",
                                              "State changes", "CPU time used, by process",
                                              "CPU time used, by thread", "Resident memory changes",
                                              "Thread count changes", "Mappings added", "Mappings removed",
                                              "Mappings grown") if k in sections),
         "text: only the kinds of change the issue lists")
    code, out2, err = run(["--diff", new, old] + select)
    t.eq((code, out2), (0, out), "the snapshots given newest first: the same comparison")
    code, out, err = run(["--diff", old, new, "-p", str(threader.pid), "-r", "-n"])
    lines = out.decode().split("\n")
    t.ok(code == 0 and not lines[0].startswith("#") and "Threads born (3)" in lines and
         any(line.split(" ")[:2] == [str(threader.pid), str(tids[0])] for line in lines),
         "-r -n: no banner or headers, one space between fields", out[:300])

    # ---- the selections narrow what is compared ----
    code, doc, err = run_json(["--diff", old, new, "-p", str(threader.pid)])
    pids = {x["pid"] for k, v in doc.items() if isinstance(v, list) for x in v}
    t.eq((code, pids), (0, {threader.pid}), "-p PID: only that process is compared")
    code, doc, err = run_json(["--diff", old, new, "-p", str(tids[0])])
    t.eq(doc["threads_born"][0]["pid"] if doc["threads_born"] else None, threader.pid,
         "-p TID (a thread born in between): its process is compared")
    code, doc, err = run_json(["--diff", old, new, "-p", str(ender.pid)])
    t.eq((code, [p["pid"] for p in doc["processes_exited"]]), (0, [ender.pid]),
         "-p PID of a process only the old snapshot has: it is compared")
    code, doc, err = run_json(["--diff", old, new, "--state", "T"])
    pids = {x["pid"] for k, v in doc.items() if isinstance(v, list) for x in v}
    t.ok(code == 0 and stopper.pid in pids and not pids & {threader.pid, mapper.pid, starter.pid, ender.pid},
         "--state T: the stopped process is compared, the others not", pids)
    t.ok([(x["pid"], x["after"]) for x in doc["state_changes"] if x["pid"] == stopper.pid] ==
         [(stopper.pid, "T")], "--state T: its state change is shown", doc["state_changes"])
    code, doc, err = run_json(["--diff", old, new, "--state", "T", "-p", str(threader.pid)])
    pids = {x["pid"] for k, v in doc.items() if isinstance(v, list) for x in v}
    t.eq((code, pids), (0, set()), "--state T -p PID: an intersection (nothing: that process has no T)")
    code, out, err = run(["--diff", old, new, "-p", "999999", "-J"])
    t.eq((code, err), (1, "lwps: no such process: 999999\n"), "-p of a pid in neither snapshot: exit 1, told")
finally:
    for p in (ender, stopper, threader, mapper, starter):
        if p is None:
            continue
        if p is stopper:
            os.kill(p.pid, signal.SIGCONT)
        if p.stdin:
            p.stdin.close()
        p.kill()
        p.wait()


# ---- a pid reused in between: one exit and one birth ----

def edited(src, name, change):
    with open(src) as f:
        doc = json.load(f)
    change(doc)
    with open(path(name), "w") as f:
        json.dump(doc, f)
    return path(name)


REUSED = 4000001
base = cloned_snapshot(path("clone.json"), {REUSED: 1})


def later(doc, seconds=10):
    doc["taken_at"] += seconds


def reuse(doc):
    later(doc)
    p = doc["processes"][0]
    for task in [p] + p["threads"]:
        task["raw"]["start_ticks"] += 500
        task["start_time"] += 5


second = edited(base, "reused.json", reuse)
code, doc, err = run_json(["--diff", base, second])
t.eq((code, [p["pid"] for p in doc["processes_exited"]], [p["pid"] for p in doc["processes_born"]]),
     (0, [REUSED], [REUSED]), "a pid reused in between (another start time): one exit and one birth")
t.ok(doc["processes_born"][0]["start_time"] > doc["processes_exited"][0]["start_time"],
     "the process born started after the one that exited", doc["processes_born"])
t.eq([doc[k] for k in ("threads_born", "threads_exited", "state_changes", "rss_changes")], [[], [], [], []],
     "and nothing of one is compared with the other")
code, out, err = run(["--diff", base, second])
born = re.search(r"^Processes born \(1\)\n.*\n *%d " % REUSED, out.decode(), re.M)
exited = re.search(r"^Processes exited \(1\)\n.*\n *%d " % REUSED, out.decode(), re.M)
t.ok(code == 0 and born and exited, "text: the pid is in both sections", out.decode())
same = edited(base, "same-later.json", later)
code, out, err = run(["--diff", base, same])
t.eq((code, out.decode().split("\n")[1:]), (0, ["Nothing changed.", ""]),
     "the same process later, nothing done: nothing changed")



def add_thread(doc):
    """A thread born in between whose name is an escape sequence and an
    invalid byte."""
    later(doc)
    p = doc["processes"][0]
    th = json.loads(json.dumps(p["threads"][0]))
    th.update(tid=REUSED + 1, comm="\u001b[2J\ufffd", raw_bytes={"comm": "1b5b324aff"})
    th["raw"]["start_ticks"] += 100
    p["threads"].append(th)
    p["nlwp"] = 2


code, doc, err = run_json(["--diff", base, edited(base, "named.json", add_thread)])
t.eq((code, [(x["tid"], x["comm"], x.get("raw_bytes")) for x in doc["threads_born"]]),
     (0, [(REUSED + 1, "\u001b[2J\ufffd", {"comm": "1b5b324aff"})]),
     "JSON: a name that is not valid UTF-8 has its exact bytes in raw_bytes")
code, out, err = run(["--diff", base, path("named.json")])
t.ok(code == 0 and b"\x1b" not in out and b"\\x1b[2J\\xff" in out,
     "text: the name's escape sequence and invalid byte are escaped", out)

# ---- mappings matched by start and file; the main stack by its end ----

code, out, err = run(["--save", path("mine.json"), "-p", str(os.getpid())])
with open(path("mine.json")) as f:
    maps = json.load(f)["processes"][0]["maps"]
stack = next(i for i, m in enumerate(maps) if m["path"] == "[stack]")
heap = next((i for i, m in enumerate(maps) if m["path"] == "[heap]" and int(m["size"]) > PAGE), None)
gone = next(i for i, m in enumerate(maps) if m["path"] is None and i not in (stack - 1, stack + 1))


def remap(doc):
    later(doc)
    ms = doc["processes"][0]["maps"]
    ms[stack]["start"] = hex(int(ms[stack]["start"], 16) - 16 * PAGE)
    ms[stack]["size"] += 16 * PAGE
    if heap is not None:
        ms[heap]["end"] = hex(int(ms[heap]["end"], 16) - PAGE)
        ms[heap]["size"] -= PAGE
    del ms[gone]


code, doc, err = run_json(["--diff", path("mine.json"), edited(path("mine.json"), "remapped.json", remap)])
t.eq((code, [(m["path"], m["start"], m["change"]) for m in doc["maps_grown"]]),
     (0, [("[stack]", hex(int(maps[stack]["start"], 16) - 16 * PAGE), 16 * PAGE)]),
     "the main stack grown down (its start moved): one mapping grown, matched by its end")
if heap is None:
    t.skip("the heap shrunk by a page: one mapping shrunk", "this process has no heap of two pages")
else:
    t.eq([(m["path"], m["size_before"], m["size_after"]) for m in doc["maps_shrunk"]],
         [("[heap]", maps[heap]["size"], maps[heap]["size"] - PAGE)], "the heap shrunk by a page: one mapping shrunk")
t.eq(([(m["start"], m["size_before"], m["size_after"]) for m in doc["maps_removed"]], doc["maps_added"]),
     ([(maps[gone]["start"], maps[gone]["size"], None)], []), "a mapping dropped: one mapping removed, none added")

# ---- another boot or machine: refused ----

other = edited(base, "otherboot.json", lambda d: (later(d), d["snapshot"]["host"].update(
    boot_id="00000000-0000-4000-8000-000000000000")))
code, out, err = run(["--diff", base, other])
t.eq((code, out, err), (2, b"", "lwps: cannot compare '%s' and '%s': they were taken on different boots or "
                                "machines\n" % (base, other)), "another boot id: refused, exit 2")


def no_boot_id(moved):
    def change(d):
        later(d)
        d["snapshot"]["host"]["boot_id"] = None
        d["snapshot"]["host"]["boot_time"] += moved
    return change


code, out, err = run(["--diff", edited(base, "noid.json", no_boot_id(0)), edited(base, "noid2.json", no_boot_id(3600))])
t.ok(code == 2 and "different boots" in err, "no boot ids, boot times an hour apart: refused", err)
code, out, err = run(["--diff", base, base])
t.ok(code == 2 and "taken at the same time" in err, "one snapshot twice: refused, exit 2", err)

# ---- hostile inputs: what --load says ----

missing = path("missing.json")
notsnap = path("plain.json")
with open(notsnap, "wb") as f:
    f.write(run(["-J", "-p", "1"])[1])
notjson = path("text.json")
with open(notjson, "w") as f:
    f.write("this is not json\n")
for bad in (missing, notsnap, notjson, tmp):
    want = run(["--load", bad])
    for args, which in (([bad, base], "OLD"), ([base, bad], "NEW")):
        code, out, err = run(["--diff"] + args)
        t.eq((code, out, err), (want[0], b"", want[2]),
             "--diff with %s as %s: --load's exit status %d and message" % (os.path.basename(bad), which, want[0]))

# ---- options that do not apply ----

for opts in (["-L"], ["-t"], ["-m"], ["-i"], ["--save", path("x.json")], ["--load", base], ["--watch", "1"],
             ["-I", "1"], ["-o", "pid"], ["-s", "pid"], ["--output-all"], ["--layout"], ["--count", "2"]):
    code, out, err = run(["--diff", base, second] + opts)
    t.ok(code == 2 and out == b"" and err.startswith("lwps: --diff and %s do not go together" % opts[0]),
         "--diff with %s: refused, exit 2, naming both" % opts[0], err)
code, out, err = run(["--diff", base])
t.ok(code == 2 and "--diff OLD NEW" in err, "--diff with one file: a usage error", err)
code, out, err = run(["--diff", "-", "-"])
t.ok(code == 2 and "standard input" in err, "--diff - -: refused (one standard input)", err)
with open(base, "rb") as f:
    p = subprocess.run([LWPS, "--diff", "-", second, "-J"],
                       stdin=f, capture_output=True, timeout=60)
t.eq((p.returncode, strict_json(p.stdout.decode())["old"]["file"]), (0, "-"), "--diff - NEW reads OLD from standard input")

shutil.rmtree(tmp, ignore_errors=True)
t.done()
