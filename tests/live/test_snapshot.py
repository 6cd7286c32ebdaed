"""test_snapshot.py - --save, --load and --watch: a snapshot of the live
fixture shows in every view what the live run showed; save -> load -> save
is identical; bad files are refused with exit status 2."""

import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import Fixture, Tap, proc_children, run, strict_json  # noqa: E402

t = Tap()
tmp = tempfile.mkdtemp(prefix="lwps-test-")
snap1 = os.path.join(tmp, "snap1.json")
snap2 = os.path.join(tmp, "snap2.json")


def drop_moving(doc):
    """The parts of a JSON view that move with the clock: top-level
    taken_at/from_snapshot, and each object's elapsed."""
    def clean(o):
        if isinstance(o, dict):
            return {k: clean(v) for k, v in o.items() if k != "elapsed"}
        if isinstance(o, list):
            return [clean(v) for v in o]
        return o
    return clean(doc["processes"])


fx = Fixture()
try:
    s = fx.shapes
    thr = s["threads"][0]
    pids = ",".join(map(str, fx.all_pids()))
    root = str(fx.proc.pid)
    views = [
        ("processes", ["-p", pids]),
        ("threads", ["-L", "-p", pids]),
        ("threads with wchan, nspid, tracer", ["-L", "-o", "+wchan,nspid,tracer,psr", "-p", pids]),
        ("tree of the fixture with threads", ["-tL", "-p", root]),
        ("sorted", ["-L", "-s", "-tname,lwp", "-p", pids]),
        # PSS of shared pages moves whenever any process maps them (the
        # other tests do, all the time): the maps view leaves PSS out.
        ("maps", ["-m", "-o", "start,end,perms,offset,dev,inode,size,rss,private_dirty,swap,"
                  "locked,segment,tid,thread,mapping", str(thr)]),
        ("raw", ["-L", "-r", "-o", "lwp,tname,comm,command", "-p", pids]),
    ]
    # The live views, read right before and right after the snapshot; PSS
    # of shared pages moves when other processes map them, so the round is
    # taken again until nothing moved in between.
    def live_views():
        return ({name: run(["-w"] + args) for name, args in views},
                {name: drop_moving(strict_json(run(args + ["-J"])[1].decode())) for name, args in views})

    for attempt in range(5):
        live, live_json = live_views()
        code, out, err = run(["--save", snap1])
        if live_views() == (live, live_json):
            break
    t.eq((code, err), (0, ""), "--save FILE exits 0 quietly")

    for name, args in views:
        code, out, err = run(["-w", "--load", snap1] + args)
        lines = out.split(b"\n")
        t.ok(lines[0].startswith(b"# snapshot of ") and b" taken " in lines[0],
             "%s: the first line says it is a snapshot and when" % name, lines[0])
        t.eq((code, b"\n".join(lines[1:])), (live[name][0], live[name][1]),
             "%s: text from the snapshot equals the live text" % name)
        code, out, err = run(["--load", snap1] + args + ["-J"])
        doc = strict_json(out.decode())
        t.ok(doc.get("from_snapshot") is True, "%s: JSON says from_snapshot" % name)
        t.eq(drop_moving(doc), live_json[name], "%s: JSON from the snapshot equals the live JSON" % name)

    # Round trip: save -> load -> save gives the same bytes.
    code, out, err = run(["--load", snap1, "--save", snap2])
    t.eq(code, 0, "--load FILE --save FILE2 exits 0")
    with open(snap1, "rb") as a, open(snap2, "rb") as b:
        t.ok(a.read() == b.read(), "save -> load -> save is identical")
    code, out, err = run(["--save", "-", "-p", str(thr)])
    doc = strict_json(out.decode())
    t.eq([p["pid"] for p in doc["processes"]], [thr], "--save - -p PID writes only that process to stdout")
    host = doc["snapshot"]["host"]
    t.eq(sorted(host), ["boot_id", "boot_time", "clock_ticks", "cpu_ticks", "hostname", "kernel", "load",
                        "memory", "page_size", "pid_max", "swap", "uptime"],
         "the host object has every fact")
    t.eq(host["page_size"], os.sysconf("SC_PAGE_SIZE"), "host.page_size is the machine's")
    t.eq(host["kernel"], os.uname().release, "host.kernel is uname's release")
    p = doc["processes"][0]
    t.ok(len(p["threads"]) == 5 and p["maps"] and p["layout"], "a saved process has threads, maps, layout")
    names = [th["comm"] for th in p["threads"]]
    raws = [th.get("raw_bytes", {}).get("comm") for th in p["threads"]]
    t.ok("bad\ufffd\ufffdname" in names and "626164fffe6e616d65" in raws,
         "an invalid UTF-8 name keeps its exact bytes in raw_bytes", raws)

    # The thread that forked each child is kept, when the kernel says.
    tf, tfl, tidle, tforker, tfc = s["thrfork"]
    code, out, err = run(["--save", "-", "-p", "%d,%d,%d" % (tf, tfl, tfc)])
    saved = {p["pid"]: p for p in strict_json(out.decode())["processes"]}
    if proc_children(tf, tforker) is None:
        t.skip("--save keeps parent_tid", "the kernel lacks /proc/PID/task/TID/children")
    else:
        t.eq((saved[tfl].get("parent_tid"), saved[tfc].get("parent_tid")), (tf, tforker),
             "--save keeps parent_tid: the leader for its child, the forking thread for the other")
    t.ok("parent_tid" not in saved[tf], "no parent_tid when the parent was not read", saved[tf].get("parent_tid"))
finally:
    fx.close()

# Bad files: a clear message and exit status 2, nothing shown.
with open(snap1) as f:
    good = f.read()
cases = {
    "truncated": good[:len(good) // 2],
    "empty": "",
    "not JSON": "this is not json\n",
    "newer schema": json.dumps({"schema": 99, "snapshot": {}, "processes": []}),
    "plain -J output": run(["-J", "-p", "1"])[1].decode(),
    "wrong types": good.replace('"pid":1,', '"pid":"one",', 1),
    "bad parent_tid": good.replace('"parent_tid":', '"parent_tid":-', 1),
}
words = {"truncated": "truncated", "empty": "empty", "not JSON": "not JSON",
         "newer schema": "newer", "plain -J output": "not a snapshot", "wrong types": "pid",
         "bad parent_tid": "parent_tid"}
if '"parent_tid":' not in good:
    del cases["bad parent_tid"]
    t.skip("a bad parent_tid file: exit 2, a message, nothing shown", "the snapshot has no parent_tid")
for name, text in cases.items():
    path = os.path.join(tmp, "bad.json")
    with open(path, "w") as f:
        f.write(text)
    code, out, err = run(["--load", path])
    t.ok(code == 2 and out == b"" and words[name] in err,
         "a %s file: exit 2, a message, nothing shown" % name, (code, err, out[:80]))
code, out, err = run(["--load", os.path.join(tmp, "missing.json")])
t.ok(code == 2 and "missing.json" in err, "a missing file: exit 2 naming it", err)

# --watch 1 --count 3 -J: three JSON lines, each parsing, each with its time.
code, out, err = run(["--watch", "1", "--count", "3", "-J", "-p", "1"])
lines = out.decode().splitlines()
docs = [strict_json(line) for line in lines]
t.eq((code, len(lines)), (0, 3), "--watch 1 --count 3 -J prints three lines")
times = [d["taken_at"] for d in docs]
# Rounds are a second apart; how far apart their times are depends on the
# machine (and its clock), so only their order is checked.
t.ok(len(set(times)) == 3 and times == sorted(times), "each round carries its own time", times)
code, out, err = run(["--watch", "0.2", "--count", "2", "-o", "pid", "-p", "1"])
text = out.decode().splitlines()
t.ok(len(text) == 6 and text[0].startswith("# ") and text[3].startswith("# "),
     "into a pipe, each round follows a line with the time", text)
code, out, err = run(["--count", "2"])
t.eq(code, 2, "--count without --watch is a usage error")
code, out, err = run(["--watch", "0"])
t.eq(code, 2, "--watch 0 is a usage error")

# ---- the host facts and limits are in the snapshot, as the kernel has them ----

snapdir = tempfile.mkdtemp(prefix="lwps-hostfacts-")
path = os.path.join(snapdir, "s.json")
me = os.getpid()
code, out, err = run(["--save", path, "-p", str(me)])
doc = strict_json(open(path).read())
host = doc["snapshot"]["host"]
with open("/proc/sys/kernel/random/boot_id") as f:
    t.eq(host["boot_id"], f.read().strip(), "snapshot: boot_id is the kernel's")
meminfo = {line.split(":")[0]: int(line.split()[1]) * 1024 for line in open("/proc/meminfo")}
t.eq((host["memory"]["total"], host["swap"]["total"]), (meminfo["MemTotal"], meminfo["SwapTotal"]),
     "snapshot: memory and swap totals are /proc/meminfo's")
ncpus = sum(1 for line in open("/proc/stat") if line.startswith("cpu") and line[3].isdigit())
t.eq(len(host["cpu_ticks"]["per_cpu"]), ncpus, "snapshot: one tick counter set per CPU of /proc/stat")
t.ok(len(host["load"]) == 3 and host["uptime"] > 0, "snapshot: load and uptime are there", host)
proc = next(p for p in doc["processes"] if p["pid"] == me)
want = []
for line in open("/proc/%d/limits" % me).read().splitlines()[1:]:
    name, rest = line[:26].strip(), line[26:].split()
    val = lambda v: v if v == "unlimited" else int(v)  # noqa: E731
    want.append({"resource": name, "soft": val(rest[0]), "hard": val(rest[1]),
                 "units": rest[2] if len(rest) > 2 else None})
t.eq(proc["limits"], want, "snapshot: the process's limits are /proc/PID/limits")
# Loaded, the snapshot is saved again byte for byte: nothing was lost.
again = os.path.join(snapdir, "again.json")
code, out, err = run(["--load", path, "--save", again])
t.ok(code == 0 and open(path, "rb").read() == open(again, "rb").read(),
     "snapshot with host facts and limits: --load then --save gives the same bytes", err)
os.unlink(path)
os.unlink(again)
os.rmdir(snapdir)

t.done()
