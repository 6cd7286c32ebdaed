"""test_load_memory.py - --load of a large snapshot fits the documented
memory bound (ulimit -v of twice the file plus 16 MiB), from a file and
from a pipe, and gives every process; the loader, which parses one
process, thread or mapping at a time, tells errors as a whole parse of
the file did: a syntax error anywhere before a value out of range, at its
byte, keys as cJSON compares them, the first of two members, cJSON's
nesting limit counted from the start of the file."""

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import LWPS, Tap, run, strict_json  # noqa: E402

t = Tap()
tmp = tempfile.mkdtemp(prefix="lwps-loadmem-")
MiB = 1 << 20
TARGET = 40 * MiB   # the large snapshot: tens of MB


def path(name):
    return os.path.join(tmp, name)


def write(name, data):
    with open(path(name), "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)
    return path(name)


def grow(doc, copies):
    """The snapshot's processes `copies` more times, each copy's pids and
    tids moved past every id in use, so that each is a process of its own
    (its parent moved with it when the parent was saved too)."""
    procs = doc["processes"]
    ids = sorted({p["pid"] for p in procs} | {th["tid"] for p in procs for th in p.get("threads", [])})
    index = {x: i for i, x in enumerate(ids)}
    base = max(ids) + 1
    out = []
    for k in range(copies):
        def move(x):
            return base + k * len(ids) + index[x] if x in index else x
        for p in procs:
            q = dict(p, pid=move(p["pid"]))
            if p.get("ppid"):
                q["ppid"] = move(p["ppid"])
            if "parent_tid" in p:
                q["parent_tid"] = move(p["parent_tid"])
            q["threads"] = [dict(th, tid=move(th["tid"])) for th in p.get("threads", [])]
            out.append(q)
    doc["processes"] = procs + out
    return doc


def limited(args, limit, stdin=None):
    """lwps under an address-space limit (ulimit -v) of `limit` bytes."""
    def setup():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    e = dict(os.environ, LC_ALL="C.UTF-8")
    p = subprocess.run([LWPS] + args, stdin=stdin, capture_output=True, env=e, preexec_fn=setup, timeout=120)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def all_loaded(result, name):
    """The load succeeded and gave exactly the processes generated."""
    code, out, err = result
    got = sorted(p["pid"] for p in strict_json(out.decode())["processes"]) if code == 0 else []
    t.ok(code == 0 and got == want, name, "exit %d, %d processes of %d: %s" % (code, len(got), len(want), err))


# ---- a large snapshot: a live one, its processes copied ----

code, out, err = run(["--save", path("live.json")])
t.eq((code, err), (0, ""), "a live snapshot is saved")
with open(path("live.json")) as f:
    live = json.load(f)
copies = max(1, TARGET // os.path.getsize(path("live.json")))
big = grow(live, copies)
want = sorted(p["pid"] for p in big["processes"])
write("big.json", json.dumps(big, separators=(",", ":")))
size = os.path.getsize(path("big.json"))
t.ok(size >= 30 * MiB and len(want) == len(set(want)),
     "the large snapshot: %.1f MiB, %d processes, each pid once" % (size / MiB, len(want)), size)
del big, live

bound = 2 * size + 16 * MiB   # README and man page: --load
with open(LWPS, "rb") as f:
    asan = b"__asan_init" in f.read()
if asan:
    # AddressSanitizer maps terabytes of shadow memory: no address-space
    # limit fits it, so only the result is checked here.
    for name in ("--load of the large snapshot under ulimit -v of 2 x its size + 16 MiB gives every process",
                 "and from a pipe (--load -)", "under 1.1 x its size + 8 MiB: 'out of memory', exit 3"):
        t.skip(name, "lwps is built with AddressSanitizer, which needs more address space than any limit")
    all_loaded(run(["--load", path("big.json"), "-J", "-o", "pid"]),
               "--load of the large snapshot gives every process")
else:
    all_loaded(limited(["--load", path("big.json"), "-J", "-o", "pid"], bound),
               "--load of the large snapshot under ulimit -v of 2 x its size + 16 MiB gives every process")
    with open(path("big.json"), "rb") as f:
        cat = subprocess.Popen(["cat"], stdin=f, stdout=subprocess.PIPE)
        result = limited(["--load", "-", "-J", "-o", "pid"], bound, stdin=cat.stdout)
        cat.stdout.close()
        cat.wait()
    all_loaded(result, "and from a pipe (--load -)")
    # Room for the file but not the model: the limit binds, and a failed
    # allocation is told as one (exit 3), never as a file that is not JSON.
    code, out, err = limited(["--load", path("big.json"), "-o", "pid"], size + size // 10 + 8 * MiB)
    t.eq((code, err), (3, "lwps: out of memory\n"), "under 1.1 x its size + 8 MiB: 'out of memory', exit 3")

# A large file cut short is told so, and at once (no tree is built).
with open(path("big.json"), "rb") as f:
    data = f.read()
code, out, err = run(["--load", write("cut.json", data[:len(data) * 3 // 4])])
t.eq((code, out, err), (2, b"", "lwps: cannot load '%s': the file is truncated (the JSON ends early)\n"
                        % path("cut.json")), "the large snapshot cut short: 'truncated', exit 2")
del data

# ---- errors, as a whole parse told them ----

base = {"schema": 1, "taken_at": 1700000000, "snapshot": {"host": {
    "clock_ticks": 100, "page_size": 4096, "boot_time": 1690000000, "hostname": "h", "kernel": "6.1"}}}


def proc(pid, tids, **extra):
    raw = {"flags": 0, "utime": 1, "stime": 1, "start_ticks": 5, "vsize": 4096, "rss_pages": 1}
    p = {"pid": pid, "ppid": 1, "state": "S", "comm": "p%d" % pid, "nlwp": len(tids), "raw": dict(raw),
         "tasks_read": True, "threads": [{"tid": x, "state": "S", "comm": "t%d" % x, "raw": dict(raw)}
                                        for x in tids]}
    p.update(extra)
    return p


def doc(procs):
    return json.dumps(dict(base, processes=procs), separators=(",", ":"))


def message(text):
    code, out, err = run(["--load", write("e.json", text.encode())])
    return code, err.replace("lwps: cannot load '%s': " % path("e.json"), "")


good = doc([proc(10, [10, 11]), proc(20, [20]), proc(30, [30, 31, 32])])
code, out, err = run(["--load", write("good.json", good), "-L", "-J", "-o", "pid,tid"])
t.eq((code, [(p["pid"], [th["tid"] for th in p["threads"]]) for p in strict_json(out.decode())["processes"]]),
     (0, [(10, [10, 11]), (20, [20]), (30, [30, 31, 32])]), "a small snapshot loads with its threads")

# A value out of range in the first process, a syntax error in the last:
# the syntax error is told, at its byte.
huge = {"flags": 0, "vsize": 4096, "rss_pages": 1.8e19}
bad = doc([proc(10, [10, 11], raw=huge), proc(20, [20]), proc(30, [30, 31, 32])])
at = bad.rindex('"tid":32') + len('"tid"')
bad = bad[:at] + ";" + bad[at + 1:]
t.eq(message(bad), (2, "not JSON (error at byte %d)\n" % at),
     "a syntax error in the last thread wins over a range error in the first process, at its byte")
t.eq(message(doc([proc(10, [10, 11], raw=huge), proc(20, [20])])),
     (2, "process 10: 'rss_pages' is not a whole number from 0 to 281474976710656\n"),
     "the range error alone is told, naming the process and the key")
# After the processes, too: a syntax error there comes after one in them.
bad = good.replace('"tid":31', '"tid":3x', 1)[:-1] + ',"x":tru}'
t.eq(message(bad), (2, "not JSON (error at byte %d)\n" % (good.index('"tid":31') + len('"tid":3'))),
     "of two syntax errors, the first in the file is told")
t.eq(message(good + " {}"), (2, "text after the end of the JSON (at byte %d)\n" % (len(good) + 1)),
     "text after the end: its byte")

# Keys as cJSON compares them: escapes decoded.
escaped = good.replace('"threads"', '"thr\\u0065ads"').replace('"processes"', '"proc\\u0065sses"')
code, out, err = run(["--load", write("esc.json", escaped), "-L", "-J", "-o", "pid,tid"])
t.eq((code, [len(p["threads"]) for p in strict_json(out.decode())["processes"]] if code == 0 else err),
     (0, [2, 1, 3]), "keys written with escapes are the same keys")
# Two members of one name: the first counts, as in cJSON.
two = proc(20, [20])
text = doc([two]).replace('"threads":[', '"threads":[{"tid":20,"raw":{}}],"threads":[{"tid":0},', 1)
code, out, err = run(["--load", write("two.json", text), "-L", "-J", "-o", "pid,tid"])
t.eq((code, [th["tid"] for th in strict_json(out.decode())["processes"][0]["threads"]] if code == 0 else err),
     (0, [20]), "of two \"threads\" members the first is read")
text = doc([two]).replace('"threads":[', '"threads":[{"raw":{}}],"threads":[', 1)
t.eq(message(text), (2, "process 20: a thread without a tid\n"), "a bad first one is refused")

# A byte order mark: skipped at the start of the file, an error before
# an element.
code, out, err = run(["--load", write("bom.json", b"\xef\xbb\xbf" + good.encode())])
t.eq(code, 0, "a byte order mark at the start of the file is skipped")
at = good.index('{"pid":20')
t.eq(message(good[:at] + "\ufeff" + good[at:]), (2, "not JSON (error at byte %d)\n" % at),
     "before a process it is an error, at its first byte")

# cJSON's nesting limit, 1000 containers, counted from the start of the
# file: a thread is 4 deep (root, processes, process, threads).
for depth, ok in ((1000, True), (1001, False)):
    inner = depth - 5   # the arrays inside the thread's own object
    text = doc([proc(10, [10])]).replace('{"tid":10,', '{"x":' + "[" * inner + "]" * inner + ',"tid":10,', 1)
    at = text.index("[" * inner) + inner - 1
    want = (0, "") if ok else (2, "not JSON (error at byte %d)\n" % at)
    t.eq(message(text), want, "%d containers deep: %s" % (depth, "loaded" if ok else "refused at the last bracket"))

shutil.rmtree(tmp, ignore_errors=True)
t.done()
