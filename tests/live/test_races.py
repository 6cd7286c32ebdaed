"""test_races.py - lwps while tasks come and go: a churn load (workers that
fork short-lived children and spawn short-lived threads, and a process that
maps, unmaps and splits mappings while its threads come and go) runs in this
test's process group; meanwhile every view runs hundreds of times.  Each run
must exit 0, or 1 with a "no such process"/"no mappings" message; never die
of a signal, never hang, never print a half-read task, and its JSON must
always parse strictly.  A process whose threads listed differ from its
NLWP (they came or went during the scan) says so, and only then: NLWP
marked N* in text, threads_listed in JSON.

Then, made exact with strace's fault injection: a process that vanishes at
each single read lwps makes of it is shown whole or not at all; and smaps
read while a process splits and merges its mappings gives a sorted,
disjoint list that --save and --load carry unchanged."""

import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import LWPS, Tap, strict_json  # noqa: E402

WORKERS = 20
CHURN_LIMIT = 900     # seconds: the churn ends by itself even if the test dies
MIN_ROUNDS = 3        # every view runs at least this many times...
MAX_ROUNDS = 20       # ...and at most this many, while the time below lasts
BUDGET = 40           # seconds for the rounds past MIN_ROUNDS (a slow machine runs fewer)
RUN_TIMEOUT = 120     # seconds for one lwps run under load: a hang, not a slow run


# ---- the churn load (this file re-run with --churn) ----

def _pdeathsig():
    """Dies with its parent: nothing of the churn outlives the test."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


# The load counts the tasks it ended (reaped or joined): each worker and the
# mapper own one 8-byte slot of memory shared with the churn's main process,
# so the test can ask how much churn there was, however fast the machine.
EXITS = struct.Struct("=Q")


def _ended(counts, slot, n):
    EXITS.pack_into(counts, slot * EXITS.size, EXITS.unpack_from(counts, slot * EXITS.size)[0] + n)


def _worker(deadline, counts, slot):
    import threading
    _pdeathsig()
    n = 0
    while time.monotonic() < deadline:
        n += 1
        th = threading.Thread(target=time.sleep, args=(0.001 * (n % 3),))
        th.start()
        pid = os.fork()
        if pid == 0:
            if n % 2:
                # A short-lived child that is itself multithreaded.
                t2 = threading.Thread(target=time.sleep, args=(0.002,))
                t2.start()
                t2.join()
            os._exit(0)
        os.waitpid(pid, 0)
        th.join()
        # The child, its thread when it had one, and th.
        _ended(counts, slot, 3 if n % 2 else 2)
        time.sleep(0.002)   # leaves lwps some CPU on a 2-core machine
    os._exit(0)


def _mapper(deadline, counts, slot):
    """Creates, splits and destroys mappings, and threads (whose stacks are
    mappings too), as fast as it can."""
    import ctypes
    import mmap
    import random
    import threading
    _pdeathsig()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mprotect.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)
    page = mmap.PAGESIZE
    fd, path = tempfile.mkstemp(prefix="lwps-race-map-")
    os.ftruncate(fd, 64 * page)
    os.unlink(path)          # its mappings show as "(deleted)"
    maps = []
    rnd = random.Random(1)
    while time.monotonic() < deadline:
        th = [threading.Thread(target=time.sleep, args=(0.001,)) for _ in range(3)]
        for x in th:
            x.start()
        for _ in range(8):
            if rnd.random() < 0.3:
                m = mmap.mmap(fd, page * rnd.randint(1, 64))
            else:
                m = mmap.mmap(-1, page * rnd.randint(1, 256))
            m[0] = 1
            if len(m) >= 4 * page:
                # Splits the mapping in three VMAs.
                addr = ctypes.addressof(ctypes.c_char.from_buffer(m))
                libc.mprotect(addr + page, page, 1)
            maps.append(m)
        while len(maps) > 40:
            maps.pop(rnd.randrange(len(maps))).close()   # exports are gone: close works
        for x in th:
            x.join()
        _ended(counts, slot, len(th))
    os._exit(0)


def _total(counts):
    """The tasks the load ended so far; read twice alike, as a slot may be
    written while it is read."""
    def read():
        return sum(EXITS.unpack_from(counts, i * EXITS.size)[0] for i in range(WORKERS + 1))
    a, b = read(), read()
    while a != b:
        a, b = b, read()
    return a


def churn_main(limit):
    import mmap
    import select
    deadline = time.monotonic() + limit
    counts = mmap.mmap(-1, EXITS.size * (WORKERS + 1))   # MAP_SHARED: the forks write here
    kids = []
    mapper = os.fork()
    if mapper == 0:
        _mapper(deadline, counts, WORKERS)
    kids.append(mapper)
    for slot in range(WORKERS):
        pid = os.fork()
        if pid == 0:
            _worker(deadline, counts, slot)
        kids.append(pid)
    print("ready %d %s" % (mapper, " ".join(map(str, kids))), flush=True)
    # Each line "exits" is answered with the tasks ended so far, until the
    # test closes stdin, or the time is up.
    while select.select([sys.stdin], [], [], max(0.0, deadline - time.monotonic()))[0]:
        if not sys.stdin.readline():
            break
        print(_total(counts), flush=True)
    for pid in kids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    for pid in kids:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
    sys.exit(0)


def toggler_main():
    """Splits and merges 300 mappings as fast as it can: each is one VMA
    or two, by the permissions of its upper half."""
    import ctypes
    import mmap
    _pdeathsig()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mprotect.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)
    page = mmap.PAGESIZE
    keep = [mmap.mmap(-1, 4 * page) for _ in range(300)]
    addrs = [ctypes.addressof(ctypes.c_char.from_buffer(m)) for m in keep]
    print("ready", flush=True)
    prot = 1
    while True:
        prot = 3 if prot == 1 else 1
        for a in addrs:
            libc.mprotect(a + 2 * page, 2 * page, prot)


if len(sys.argv) > 1 and sys.argv[1] == "--toggler":
    toggler_main()
if len(sys.argv) > 2 and sys.argv[1] == "--churn":
    import warnings
    warnings.simplefilter("ignore")   # fork() of a threaded process: intended
    churn_main(float(sys.argv[2]))


# ---- the test ----

t = Tap()
MISSING = re.compile(r"^lwps: (no such process: \d+|no mappings for \d+ .*)$")


class Tally:
    """One property over many runs: counts the runs and keeps the first few
    failures, so a property is one assertion however many runs."""

    def __init__(self, name):
        self.name = name
        self.runs = 0
        self.bad = []

    def check(self, cond, what):
        self.runs += 1
        if not cond and len(self.bad) < 5:
            self.bad.append(what)
        return cond

    def report(self, least=1):
        t.ok(self.runs >= least and not self.bad,
             "%s (%d runs)" % (self.name, self.runs),
             "\n".join(self.bad) if self.bad else "only %d runs" % self.runs)


def lwps(args):
    """Runs lwps; returns (status, stdout, stderr) or (None, ...) on a hang."""
    env = dict(os.environ, LC_ALL="C.UTF-8")
    env.pop("COLUMNS", None)
    try:
        p = subprocess.run([LWPS] + args, capture_output=True, env=env, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired as e:
        return None, e.stdout or b"", (e.stderr or b"").decode("utf-8", "replace")
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


exits = Tally("every run exits 0, or 1 with a 'no such process'/'no mappings' message")
signals = Tally("no run dies of a signal")
hangs = Tally("no run hangs (%ds)" % RUN_TIMEOUT)
rows_ok = Tally("-L -r pid,lwp,stat,nlwp,comm: every row has 5 whole fields")
tree_ok = Tally("-tL -r pid,lwp,stat,nlwp,comm: every row has 5 whole fields")
json_ok = Tally("JSON always parses strictly")
json_tasks = Tally("JSON: every process has pid and nlwp >= 1, every thread its tid and state")
counts_said = Tally("-L: a process whose threads listed are not NLWP has NLWP marked (N*), "
                    "one whose are has not")
json_counts = Tally("-L -J: a process whose thread objects are not nlwp has threads_listed, "
                    "one whose are has not")
maps_ok = Tally("-m of the churning process: every mapping row is whole")
maps_json = Tally("-m -J of the churning process: every mapping has start < end")
save_ok = Tally("--save under churn, then --load --save: identical bytes")
STATES = set("RSDTtZXIPWKxw")


def load_exits():
    """How many tasks the churn load has ended so far."""
    churn.stdin.write(b"exits\n")
    churn.stdin.flush()
    return int(churn.stdout.readline())


def churned_since(count):
    """Waits until the load ended a task since it had ended `count`; the
    new count, or `count` when it ended none in RUN_TIMEOUT (stuck)."""
    end = time.monotonic() + RUN_TIMEOUT
    now = load_exits()
    while now <= count and time.monotonic() < end:
        time.sleep(0.01)
        now = load_exits()
    return now


def judge(args, code, out, err):
    """The checks every run gets; True when the output may be looked at."""
    hangs.check(code is not None, "%r hung" % args)
    if code is None:
        return False
    signals.check(code >= 0, "%r died of signal %d: %s" % (args, -code, err[-300:]))
    lines = [x for x in err.splitlines() if x]
    good = code == 0 and not lines or code == 1 and lines and all(MISSING.match(x) for x in lines)
    exits.check(good, "%r exit %d: %r" % (args, code, err[-300:]))
    return code in (0, 1)


def check_rows(tally, args, out):
    lines = out.decode("utf-8", "surrogateescape").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    bad = [] if lines[:1] == ["PID LWP STAT NLWP COMM"] else ["header %r" % lines[:1]]
    rows, nlwp = {}, {}
    for line in lines[1:]:
        f = line.split(" ")
        if f[:2] == ["0", "0"] and len(f) == 5 and f[4].startswith("[idle]"):
            continue   # the tree's root, pid 0: not a /proc task, no stat
        # NLWP ends in * when the threads listed differ from it.
        if not (len(f) == 5 and f[0].isdigit() and f[1].isdigit() and f[2] and f[2][0] in STATES
                and re.fullmatch(r"[1-9][0-9]*\*?", f[3]) and f[4]):
            bad.append(line)
            continue
        rows[f[0]] = rows.get(f[0], 0) + 1
        nlwp[f[0]] = f[3]
    tally.check(len(lines) > 1 and not bad, "%r: %r" % (args, bad[:3]))
    if tally is rows_ok:
        wrong = [(pid, n, rows[pid]) for pid, n in nlwp.items()
                 if n.endswith("*") != (int(n.rstrip("*")) != rows[pid])]
        counts_said.check(not wrong, "%r: (pid, NLWP, rows) %r" % (args, wrong[:3]))


def walk_procs(procs):
    for p in procs:
        yield p
        yield from walk_procs(p.get("children") or [])


def check_json(args, out, threads, least=2):
    try:
        doc = strict_json(out.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        json_ok.check(False, "%r: %s" % (args, e))
        return
    json_ok.check(True, "")
    bad = []
    procs = list(walk_procs(doc.get("processes", [])))
    for p in procs:
        if p.get("pid") == 0 and p.get("children"):
            continue   # the tree's root, pid 0: not a /proc task, no nlwp
        if not (isinstance(p.get("pid"), int) and isinstance(p.get("nlwp"), int) and p["nlwp"] >= 1):
            bad.append({k: p.get(k) for k in ("pid", "nlwp", "state")})
        for th in p.get("threads", []) if threads else []:
            if not (isinstance(th.get("tid"), int) and isinstance(th.get("state"), str)
                    and th["state"] in STATES):
                bad.append({k: th.get(k) for k in ("tid", "state")})
    if threads:
        bad += [p["pid"] for p in procs if not p.get("threads")]
        wrong = [(p["pid"], p.get("nlwp"), len(p["threads"]), p.get("threads_listed")) for p in procs
                 if p.get("threads") and p.get("threads_listed") !=
                 (len(p["threads"]) if len(p["threads"]) != p.get("nlwp") else None)]
        json_counts.check(not wrong, "%r: (pid, nlwp, threads, threads_listed) %r" % (args, wrong[:3]))
    json_tasks.check(len(procs) >= least and not bad, "%r: %r" % (args, bad[:3]))


strace = shutil.which("strace")
probe = subprocess.run([strace, "-f", "-qq", "-o", os.devnull, "true"], capture_output=True) if strace else None
strace_ok = bool(strace) and probe.returncode == 0
strace_why = "strace is not installed" if not strace else "strace cannot trace here"

churn = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--churn", str(CHURN_LIMIT)],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
tmp = tempfile.mkdtemp(prefix="lwps-race-")
try:
    words = churn.stdout.readline().split()
    if not words or words[0] != b"ready":
        raise RuntimeError("the churn helper did not start: %r" % words)
    mapper = int(words[1])
    kids = [int(w) for w in words[2:]]
    t.eq(len(kids), WORKERS + 1, "the churn load runs: %d workers and a mapper" % WORKERS)
    t.ok(os.getpgid(mapper) == os.getpgrp(), "the churn load is in the test's process group")
    time.sleep(0.3)   # let it reach full speed

    # The rounds: every view, many times.  The views vary the code paths a
    # vanished task can take: libproc2's group re-read (-L), the tree's
    # parent links (-t), the JSON writer, and smaps of a moving process (-m).
    views = [
        (["-L"], None),
        (["-t"], None),
        (["-J"], "json"),
        (["-L", "-J"], "json-threads"),
        (["-tL"], None),
        (["-t", "-J"], "json"),
        (["-L", "-r", "-o", "pid,lwp,stat,nlwp,comm"], "rows"),
        (["-tL", "-r", "-o", "pid,lwp,stat,nlwp,comm"], "tree-rows"),
        (["-L", "--output-all"], None),
        (["-m", str(mapper)], "maps"),
        (["-m", "--layout", str(mapper)], None),
        (["-m", "-J", str(mapper)], "maps-json"),
    ]
    seen = set()
    rounds = 0
    started = time.monotonic()
    exits_before = exits_now = load_exits()
    for rnd in range(MAX_ROUNDS):
        if rnd >= MIN_ROUNDS and time.monotonic() - started > BUDGET or hangs.bad:
            break   # out of time, or a hang seen: more would only take long
        # Each round runs after the load ended more tasks: every round
        # meets churn, on a slow machine as on a fast one.
        then, exits_now = exits_now, churned_since(exits_now)
        if exits_now == then:
            break
        rounds += 1
        for args, kind in views:
            code, out, err = lwps(args)
            if not judge(args, code, out, err):
                continue
            if kind == "rows":
                check_rows(rows_ok, args, out)
                seen.update(int(line.split(b" ")[1]) for line in out.split(b"\n")[1:] if line)
            elif kind == "tree-rows":
                check_rows(tree_ok, args, out)
            elif kind in ("json", "json-threads"):
                check_json(args, out, kind == "json-threads")
            elif kind == "maps":
                # Title line, header, rows of 10 columns (the mapping may be
                # empty for anonymous memory), total line.
                lines = out.decode("utf-8", "replace").split("\n")
                body = [x.split() for x in lines[2:] if x.strip()]
                # Below the total, notes: threads whose stack was not found.
                end = next((i for i, r in enumerate(body) if r[0] == "-" and r[-1:] == ["total"]),
                           len(body) - 1)
                notes, body = body[end + 1:], body[:end + 1]
                bad = [r for r in body[:-1] if len(r) < 10 or not re.fullmatch(r"[0-9a-f]+", r[0])]
                bad += [r for r in notes if r[:3] != ["stack", "of", "thread"] or "not" not in r]
                maps_ok.check(code == 0 and lines[0].startswith("%d:" % mapper) and len(body) > 5
                              and not bad, "%r: %r" % (args, bad[:3] or lines[:3]))
            elif kind == "maps-json":
                try:
                    doc = strict_json(out.decode("utf-8"))
                    json_ok.check(True, "")
                except (ValueError, UnicodeDecodeError) as e:
                    json_ok.check(False, "%r: %s" % (args, e))
                    continue
                ms = doc["processes"][0]["maps"] if doc.get("processes") else None
                maps_json.check(isinstance(ms, list) and len(ms) > 5 and
                                all(int(m["start"], 16) < int(m["end"], 16) for m in ms),
                                "%r: %r" % (args, (ms or [])[:2]))
        # Task ids seen a moment ago, most of them gone now: asked for by
        # pid they exit 0 or 1 with a message, never anything else.
        if rnd % 3 == 0 and seen:
            some = sorted(seen)[-40:]
            for args in (["-L", "-p", ",".join(map(str, some))],
                         ["-L", "-J", "-p", ",".join(map(str, some))],
                         ["-m"] + [str(x) for x in some[-8:]]):
                code, out, err = lwps(args)
                if judge(args, code, out, err) and "-J" in args:
                    check_json(args, out, True, least=0)
        # A snapshot taken under churn loads back and saves to the same bytes.
        if rnd in (0, MIN_ROUNDS - 1):
            s1, s2 = os.path.join(tmp, "s1.json"), os.path.join(tmp, "s2.json")
            code, out, err = lwps(["--save", s1])
            judge(["--save"], code, out, err)
            code2, out, err2 = lwps(["--load", s1, "--save", s2])
            if code == 0 and code2 == 0:
                with open(s1, "rb") as a, open(s2, "rb") as b:
                    x, y = a.read(), b.read()
                where = next((i for i in range(min(len(x), len(y))) if x[i] != y[i]), min(len(x), len(y)))
                save_ok.check(x == y, "differ at byte %d: %r / %r" % (where, x[where - 80:where + 80],
                                                                      y[where - 80:where + 80]))
            else:
                save_ok.check(False, "--save %r %r, --load --save %r %r" % (code, err, code2, err2))

    # smaps comes in many read()s of a page or so; strace slows each by
    # 1 ms while a process splits and merges its mappings: the kernel then
    # shows some mapping twice, or overlapping.  What lwps keeps is sorted
    # and disjoint, so the snapshot loads back and saves to the same bytes.
    if not strace_ok:
        t.skip("smaps of a process splitting its mappings: sorted, disjoint, loads back", strace_why)
    else:
        tog = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--toggler"],
                               stdout=subprocess.PIPE)
        try:
            tog.stdout.readline()
            s1, s2 = os.path.join(tmp, "m1.json"), os.path.join(tmp, "m2.json")
            env = dict(os.environ, LC_ALL="C.UTF-8", ASAN_OPTIONS="detect_leaks=0")
            bad = []
            for i in range(3):
                p1 = subprocess.run([strace, "-f", "-qq", "--seccomp-bpf", "-o", os.devnull, "-P",
                                     "/proc/%d/smaps" % tog.pid, "-e", "trace=read", "-e",
                                     "inject=read:delay_exit=1000", LWPS, "--save", s1, "-p", str(tog.pid)],
                                    capture_output=True, env=env, timeout=120)
                p2 = subprocess.run([LWPS, "--load", s1, "--save", s2], capture_output=True, env=env,
                                    timeout=120)
                try:
                    ms = [(int(m["start"], 16), int(m["end"], 16))
                          for m in strict_json(open(s1).read())["processes"][0]["maps"]]
                except (ValueError, KeyError, IndexError, TypeError) as e:
                    ms = [str(e)]
                if not (p1.returncode == 0 and p2.returncode == 0 and len(ms) > 300 and
                        all(a[1] <= b[0] for a, b in zip(ms, ms[1:])) and
                        open(s1, "rb").read() == open(s2, "rb").read()):
                    bad.append((p1.returncode, p1.stderr[-200:], p2.returncode, p2.stderr[-200:], len(ms)))
        finally:
            tog.kill()
            tog.wait()
        t.ok(not bad, "smaps of a process splitting its mappings: sorted, disjoint, loads back (3 runs)",
             bad)

    t.ok(churn.poll() is None, "the churn load ran the whole time")
    # The load says how many tasks it ended while the views ran: at least
    # one before each round, counted, not guessed from what lwps saw.
    ended = load_exits() - exits_before
    t.ok(rounds >= 1 and ended >= rounds,
         "the load ended tasks during the runs (%d in %d rounds)" % (ended, rounds))
finally:
    try:
        churn.stdin.close()
        churn.wait(timeout=20)
    except subprocess.TimeoutExpired:
        churn.kill()
        churn.wait()

# Every run was judged: a property holds over at least this many runs.
nviews = len(views)
for tally, least in ((hangs, nviews * rounds), (signals, nviews * rounds), (exits, nviews * rounds),
                     (rows_ok, rounds), (tree_ok, rounds), (json_ok, 4 * rounds),
                     (json_tasks, 3 * rounds), (maps_ok, rounds), (maps_json, rounds), (save_ok, 2),
                     (counts_said, rounds), (json_counts, rounds)):
    tally.report(least)

# Nothing of the load is left behind.
time.sleep(0.2)
left = [pid for pid in kids if os.path.exists("/proc/%d" % pid)
        and open("/proc/%d/stat" % pid).read().split(")")[-1].split()[0] != "Z"]
t.eq(left, [], "the churn load is gone at the end")


# ---- A task that vanishes at each read, made exact with strace.
# A real race hits one read in thousands; strace's fault injection makes a
# chosen /proc file of a live process fail as it would if the process had
# just exited (open: ENOENT; read: ESRCH).  For every file lwps reads about
# that process, in each view, the process must be shown whole or not at
# all: never a row with STAT or TIME unknown, never a JSON thread without
# its state.
# COMMAND is last: with -r its arguments are separate words (see -r).
VANISH_COLS = "pid,lwp,stat,nlwp,time,tname,user,comm,nspid,tracer,wchan,command"
VANISH_VIEWS = [
    ("-L -r -p", ["-L", "-r", "-o", VANISH_COLS, "-p", "@"]),     # libproc2's select
    ("-L -J -p", ["-L", "-J", "-p", "@"]),
    ("-tL -r", ["-tL", "-r", "-o", VANISH_COLS]),                  # the whole machine: reap
    ("-m -r", ["-m", "-r", "@"]),                                  # smaps, layout, stacks
]
CHILD = (b"import threading, time, sys\n"
         b"ts = [threading.Thread(target=time.sleep, args=(600,), daemon=True) for _ in range(3)]\n"
         b"[x.start() for x in ts]\n"
         b"print(*[x.native_id for x in ts], flush=True)\n"
         b"sys.stdin.read()\n")
if not strace_ok:
    for name, args in VANISH_VIEWS:
        t.skip("lwps %s: a process vanishing at any read is shown whole or not at all" % name, strace_why)
else:
    victim = subprocess.Popen([sys.executable, "-c", CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        victim.stdout.readline()
        V = victim.pid
        vtids = sorted(int(x) for x in os.listdir("/proc/%d/task" % V))
        for name, args in VANISH_VIEWS:
            args = [str(V) if a == "@" else a for a in args]
            # LeakSanitizer cannot work under ptrace: off in a sanitizer build.
            env = dict(os.environ, LC_ALL="C.UTF-8", ASAN_OPTIONS="detect_leaks=0")
            env.pop("COLUMNS", None)
            log = os.path.join(tmp, "vanish.log")
            # lwps opens a process's directory once and its files relative
            # to it: -y names each descriptor's path, so the opens under
            # V's directories and the files read are found in the log.
            subprocess.run([strace, "-f", "-qq", "-y", "-o", log, "-e", "trace=openat", LWPS] + args,
                           capture_output=True, env=env, timeout=120)
            under = re.compile(r"/proc/%d(?:/[^>]*)?$" % V)
            opens, files = [], set()
            for line in open(log, errors="replace"):
                m = re.search(r"openat\(\d+<([^>]*)>, \"[^\"]*\".*\) = (?:\d+<([^>]*)>)?", line)
                if m and under.match(m.group(1)):
                    opens.append(m.group(1))
                if m and m.group(2) and under.match(m.group(2)) and not m.group(2).endswith("/task") \
                        and re.search(r"/(stat|status|cmdline|wchan|smaps|syscall|children)$", m.group(2)):
                    files.add(m.group(2))
            dirs = sorted(set(opens))
            # Each open under those directories in turn fails (when=K counts
            # only the calls -P selects), then each file's read.
            select_dirs = [x for d in dirs for x in ("-P", d)]
            injections = [(select_dirs, "openat", "inject=openat:error=ENOENT:when=%d" % k)
                          for k in range(1, len(opens) + 1)]
            injections += [(["-P", f], "read,pread64", "inject=read,pread64:error=ESRCH") for f in sorted(files)]
            bad, runs = [], 0
            for sel, call, inject in injections:
                p = subprocess.run([strace, "-f", "-qq", "--seccomp-bpf", "-o", os.devnull] + sel +
                                   ["-e", "trace=" + call, "-e", inject, LWPS] + args,
                                   capture_output=True, env=env, timeout=120)
                path = sel[-1] if call != "openat" else "open #%s under /proc/%d" % (inject.split("=")[-1], V)
                runs += 1
                err = p.stderr.decode("utf-8", "replace")
                what = "%s %s: " % (path, inject)
                gone = ("no such process: %d" % V in err or
                        "-m" in args and re.search(r"no mappings for %d .*(exited|refused)" % V, err))
                if p.returncode not in (0, 1) or (p.returncode == 1) != bool(gone):
                    bad.append(what + "exit %d %r" % (p.returncode, err))
                    continue
                if "-m" in args:
                    # Whole mappings (10 fields), or none at all.
                    lines = p.stdout.decode("utf-8", "replace").split("\n")
                    body = [x for x in lines[2:-2] if x]
                    if p.returncode == 0 and not (lines[0].startswith("%d:" % V) and len(body) > 5 and
                                                  all(len(x.split(" ")) == 10 for x in body)):
                        bad.append(what + "half-read maps: %r" % lines[:4])
                    if p.returncode == 1 and p.stdout:
                        bad.append(what + "maps printed for a process gone: %r" % lines[:4])
                elif "-J" in args:
                    try:
                        doc = strict_json(p.stdout.decode("utf-8"))
                    except (ValueError, UnicodeDecodeError) as e:
                        bad.append(what + str(e))
                        continue
                    for pr in [x for x in doc["processes"] if x["pid"] == V]:
                        missing = [k for k in ("state", "nlwp", "cpu_time", "user", "comm") if pr.get(k) is None]
                        missing += ["thread %s %s" % (th.get("tid"), k) for th in pr.get("threads", [])
                                    for k in ("state", "cpu_time", "comm") if th.get(k) is None]
                        if missing or not pr.get("threads"):
                            bad.append(what + "half-read: %r" % missing)
                else:
                    for line in p.stdout.decode("utf-8", "replace").split("\n")[1:]:
                        # WCHAN (f[10]) may be unknown; the rest may not.
                        f = line.split(" ", 11)
                        if f[0] == str(V) and (len(f) != 12 or "-" in f[:10] + f[11:]):
                            bad.append(what + "half-read row: " + line)
            t.ok(runs >= 2 * len(vtids) and not bad,
                 "lwps %s: a process vanishing at any of its %d opens and %d reads is shown whole or not at all"
                 % (name, len(opens), len(files)), "\n".join(bad[:8]))
    finally:
        victim.kill()
        victim.wait()
shutil.rmtree(tmp, ignore_errors=True)
t.done()
