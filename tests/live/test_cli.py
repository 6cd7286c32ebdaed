"""test_cli.py - the command line: options, columns, exit statuses, and
output that must hold for the whole machine."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import (LWPS, Tap, proc_children, proc_stat, read_bytes, run, run_json, run_tty,  # noqa: E402
                      strict_json, unraw)

t = Tap()
me = os.getpid()


def comm_of(pid):
    try:
        with open("/proc/%d/comm" % pid) as f:
            return f.read().strip()
    except OSError:
        return None


# --version and --help
code, out, err = run(["--version"])
t.ok(code == 0 and out.startswith(b"lwps "), "--version prints 'lwps VERSION'", out)
code, out, err = run(["--help"])
t.ok(code == 0 and b"--lwps" in out and b"--json" in out and b"Exit status" in out,
     "--help lists the options and exit statuses")

# --list-columns: every column once, with a description
code, out, err = run(["--list-columns"])
names = [line.split()[0] for line in out.decode().splitlines()]
t.ok(code == 0 and len(names) == len(set(names)) and len(names) >= 20,
     "--list-columns lists distinct columns", names)
for col in ("PID", "LWP", "PPID", "STAT", "NLWP", "TIME", "TNAME", "COMM", "COMMAND", "NSPID", "TRACER"):
    t.ok(col in names, "--list-columns has %s" % col)
t.ok(all(len(line.split(None, 1)) == 2 for line in out.decode().splitlines()),
     "every listed column has a description")

# Usage errors exit 2 with a message naming the culprit
for args, word in ((["--no-such-option"], "no-such-option"),
                   (["-o", "pid,bogus"], "bogus"),
                   (["-s", "nope"], "nope"),
                   (["-p", "12x"], "12x"),
                   (["-p", "0"], "0"),
                   (["-p", "-5"], None),
                   (["notapid"], "notapid"),
                   (["-u", "no_such_user_lwps"], "no_such_user_lwps"),
                   (["--color=sometimes"], "sometimes")):
    code, out, err = run(args)
    t.ok(code == 2 and (word is None or word in err) and out == b"",
         "usage error %r exits 2 with a message" % (args,), "code=%d err=%r" % (code, err))

# getopt's complaints read as ours: "lwps: " first, whatever the path run;
# an option holding ESC is echoed escaped.
for args, want in ((["--bogus"], "lwps: unrecognized option '--bogus'"),
                   (["-x"], "lwps: invalid option '-x'"),
                   (["-p"], "lwps: option '-p' needs an argument"),
                   (["--pid"], "lwps: option '--pid' needs an argument"),
                   (["--lwps=3"], "lwps: option '--lwps' takes no argument"),
                   (["--co"], "lwps: option '--co' is ambiguous"),
                   (["--\x1b[2J"], "lwps: unrecognized option '--\\x1b[2J'")):
    p = subprocess.run([os.path.abspath(LWPS)] + args, capture_output=True, env=dict(os.environ, LC_ALL="C"))
    err = p.stderr.decode("utf-8", "replace")
    t.eq((p.returncode, err.splitlines()[:1]), (2, [want]), "%r: the message starts with 'lwps:'" % args)

# An option that does not apply is refused, naming both; one that needs
# another names what it needs.
for args, want in ((["--ancestors"], "--ancestors goes with -t or -i"),
                   (["-m", "-L", str(me)], "-m and -L do not go together"),
                   (["-m", "-t", str(me)], "-m and -t do not go together"),
                   (["--save", os.devnull, "-J"], "--save and -J do not go together"),
                   (["--load", os.devnull, "--watch", "1"], "--load and --watch do not go together"),
                   (["--layout"], "--layout goes with -m"),
                   (["-d", "1"], "-d goes with -i"),
                   (["--count", "2"], "--count goes with --watch"),
                   (["-m"], "-m goes with -p, -u or -C"),
                   (["--save", os.devnull, "-L"], "--save and -L do not go together"),
                   (["-i", "-J"], "-i and -J do not go together")):
    code, out, err = run(args, env={"LC_ALL": "C"})
    t.eq((code, out, err.splitlines()[:1]), (2, b"", ["lwps: " + want]), "%r is refused" % args)
code, out, err = run(["-m", "--list-columns"])
t.ok(code == 0 and b"PERMS" in out, "-m --list-columns needs no process", (code, err))

def tree_pids(procs):
    """[pid, [children's pids...]] of a tree with one root."""
    return [procs[0]["pid"], sorted(c["pid"] for c in procs[0].get("children", []))] if len(procs) == 1 else procs


# A process of a name of this run's own, with two children: -C selects it
# as -p does, for -m and for -t (the subtree).
tmpdir = tempfile.mkdtemp(prefix="lwps-cli-")
name = "lwpscli%d" % (me % 1000000)
os.symlink(shutil.which("sh") or "/bin/sh", os.path.join(tmpdir, name))
shell = subprocess.Popen([os.path.join(tmpdir, name), "-c", "sleep 1000 & sleep 1000 & wait"])
try:
    kids = []
    for _ in range(200):
        kids = proc_children(shell.pid, shell.pid) or []
        if len(kids) == 2 and all(comm_of(k) == "sleep" for k in kids):
            break
        time.sleep(0.05)
    cols = ["-o", "start,end,perms,mapping"]
    want = run(["-m", "-p", str(shell.pid)] + cols)
    t.ok(want[0] == 0 and want[1].startswith(b"%d:" % shell.pid), "-m -p PID: the mappings", want)
    t.eq(run(["-m", "-C", name] + cols), want, "-m -C NAME: the same mappings as -m -p PID")
    code, out, err = run(["-m", "-J", "-o", "start", "-u", str(os.geteuid())])
    pids = [p["pid"] for p in strict_json(out.decode())["processes"]] if out else []
    t.ok(shell.pid in pids and all(k in pids for k in kids), "-m -u USER: the user's processes' mappings",
         (code, err[-300:]))
    code, doc, err = run_json(["-t", "-o", "pid", "-p", str(shell.pid)])
    t.eq(tree_pids(doc["processes"]), [shell.pid, sorted(kids)], "-t -p PID: the process and its children")
    code2, doc2, err2 = run_json(["-t", "-o", "pid", "-C", name])
    t.eq((code2, doc2["processes"]), (code, doc["processes"]), "-t -C NAME: the same subtree as -t -p PID")
finally:
    for k in proc_children(shell.pid, shell.pid) or []:
        os.kill(k, signal.SIGKILL)
    shell.kill()
    shell.wait()
    shutil.rmtree(tmpdir, ignore_errors=True)

# A missing PID: exit 1, message on stderr, the rest still printed
dead = subprocess.Popen(["true"])
dead.wait()
code, out, err = run(["-p", "%d,%d" % (me, dead.pid)])
rows = out.decode().splitlines()
t.ok(code == 1 and ("no such process: %d" % dead.pid) in err, "missing pid exits 1 and names it", err)
t.ok(len(rows) == 2 and rows[1].split()[0] == str(me), "the pid that exists is still shown", rows)

# A thread id selects its process
code, out, err = run(["-o", "pid", "-n", str(me)])
t.eq((code, out.split()), (0, [str(me).encode()]), "bare PID argument selects it")

# -o, +COL, -n, -r
code, out, err = run(["-o", "pid,ppid,comm", "-p", str(me)])
lines = out.decode().split("\n")
t.eq(lines[0].split(), ["PID", "PPID", "COMM"], "-o chooses the columns in order")
stat = open("/proc/%d/stat" % me, "rb").read()
comm = stat[stat.index(b"(") + 1:stat.rindex(b")")].decode()
t.eq(lines[1].split(), [str(me), str(os.getppid()), comm], "-o values equal /proc")
code, out, err = run(["-o", "+nspid", "-p", str(me)])
head = out.decode().split("\n")[0].split()
t.eq(head, ["PID", "PPID", "USER", "STAT", "NLWP", "TIME", "RSS", "COMMAND", "NSPID"],
     "-o +COL appends to the default columns")
code, out, err = run(["-L", "-o", "+psr", "-p", str(me)])
head = out.decode().split("\n")[0].split()
t.ok(head[:2] == ["PID", "LWP"] and head[-1] == "PSR" and "TNAME" in head, "-L -o +COL keeps the LWP defaults", head)
code, out, err = run(["-n", "-o", "pid", "-p", str(me)])
t.eq(out.strip(), b"%d" % me, "-n drops the header")
code, out, err = run(["-r", "-o", "pid,command", "-p", str(me)])
lines = out.split(b"\n")
t.eq(lines[0], b"PID COMMAND", "-r header is single-space separated")
argv = read_bytes("/proc/%d/cmdline" % me).split(b"\0")[:-1]
t.eq([unraw(w) for w in lines[1].split(b" ")], [b"%d" % me] + argv,
     "-r: one space between fields and between the command's arguments")
code, out, err = run(["-r", "-n", "-o", "command,pid", "-p", str(me)])
t.eq(out.rstrip(b"\n").split(b" ")[-1], b"%d" % me, "-r: a field after the command is its last word")

# Sorting: -s, descending, several keys
code, out, err = run(["-n", "-o", "pid", "-s", "-pid"])
pids = [int(x) for x in out.split()]
t.ok(code == 0 and len(pids) > 3 and pids == sorted(pids, reverse=True), "-s -pid sorts descending")
code, out, err = run(["-n", "-o", "pid"])
pids = [int(x) for x in out.split()]
t.ok(pids == sorted(pids), "default order is by pid")
code, out, err = run(["-n", "-r", "-o", "ppid,pid", "-s", "ppid,-pid"])
pairs = [tuple(int(x) for x in line.split()) for line in out.decode().splitlines()]
t.ok(pairs == sorted(pairs, key=lambda p: (p[0], -p[1])), "-s ppid,-pid sorts by two keys")
code, out, err = run(["-L", "-n", "-r", "-o", "pid,lwp"])
pairs = [tuple(int(x) for x in line.split()) for line in out.decode().splitlines()]
t.ok(pairs == sorted(pairs), "-L default order is pid, then tid")

# Selection by user and by command name, as a union
code, out, err = run(["-n", "-o", "pid", "-C", "kthreadd"])
t.eq(out.split(), [b"2"], "-C selects by process name")
code, out, err = run(["-n", "-o", "pid", "-C", "kthreadd", "-p", str(me)])
t.eq(sorted(int(x) for x in out.split()), sorted([2, me]), "-C and -p combine as a union")
code, out, err = run(["-n", "-o", "uid", "-u", str(os.geteuid())])
t.ok(code == 0 and out and set(out.split()) == {str(os.geteuid()).encode()}, "-u selects by effective uid")

# JSON over the whole machine parses strictly and has every key
code, doc, err = run_json(["-L"])
t.ok(code == 0 and doc["schema"] == 2 and isinstance(doc["lwps_version"], str), "lwps -L -J parses (schema 2)")
pkeys = {"pid", "ppid", "pgid", "sid", "uid", "user", "comm", "cmdline", "state", "stat", "nlwp",
         "nspid", "tracer_pid", "rss", "vsz", "cpu_time", "start_time", "threads"}
tkeys = {"tid", "comm", "state", "stat", "processor", "wchan", "cpu_time", "nspid", "tracer_pid"}
missing = [(p["pid"], sorted(pkeys - set(p))) for p in doc["processes"] if pkeys - set(p)]
t.ok(not missing, "every process object has every schema-2 key", missing[:3])
missing = [(th.get("tid"), sorted(tkeys - set(th))) for p in doc["processes"] for th in p["threads"]
           if tkeys - set(th)]
t.ok(not missing, "every thread object has every schema-2 key", missing[:3])
kt = [p for p in doc["processes"] if p["pid"] == 2]
t.ok(kt and kt[0]["cmdline"] == [] and kt[0]["rss"] == 0, "kthreadd: empty cmdline, rss 0", kt[:1])
code, doc2, err = run_json(["-o", "pid,lwp,stat", "-L", "-p", str(me)])
p = doc2["processes"][0]
t.eq(sorted(p), ["pid", "stat", "threads"], "-J -o: only the chosen keys (and pid)")
t.eq(sorted(p["threads"][0]), ["stat", "tid"], "-J -o: thread objects hold the chosen keys (and tid)")
code, doc3, err = run_json(["-p", str(me)])
t.ok("threads" not in doc3["processes"][0], "without -L there is no threads array")

# -o decides the keys the same way in every view: a column's key is in the
# process (or thread) object in the flat list and the tree alike, and only
# the chosen columns' keys are there (plus pid and tid).
STRUCTURE = {"threads", "children", "new_pid_ns", "synthetic", "ppid_cycle", "raw_bytes"}
# Present only while the value beside them is unknown, saying why: whether
# this test's own thread was on a CPU when lwps looked decides exec_error.
REASONS = {"exec_error", "syscall_error"}


def view_keys(args):
    code, doc, err = run_json(args)
    procs, keys = list(doc["processes"]), [set(), set()]
    while procs:
        p = procs.pop()
        keys[0] |= set(p) - STRUCTURE - REASONS
        for th in p.get("threads", []):
            keys[1] |= set(th) - STRUCTURE - REASONS
            procs += th.get("children", [])
        procs += p.get("children", [])
    return code, keys


code, out, err = run(["--list-columns"])
names = [x.split()[0].decode() for x in out.split(b"\n") if x[:1].isupper()]
differ = []
for name in names:
    flat, tree = view_keys(["-L", "-o", name, "-p", str(me)]), view_keys(["-tL", "-o", name, "-p", str(me)])
    procs_only, tree_procs = view_keys(["-o", name, "-p", str(me)]), view_keys(["-t", "-o", name, "-p", str(me)])
    if not (flat == tree and procs_only[1][0] == flat[1][0] == tree_procs[1][0]) or \
            len(flat[1][0] | flat[1][1]) > 3:
        differ.append((name, flat, tree, procs_only, tree_procs))
t.ok(len(names) > 20 and not differ, "-o COL gives the same keys in -J, -L -J, -t -J and -tL -J", differ[:3])
code, flat = view_keys(["-L", "-o", "tname", "-p", str(me)])
code, tree = view_keys(["-tL", "-o", "comm", "-p", str(me)])
t.eq((flat, tree), ([{"pid"}, {"tid", "comm"}], [{"pid", "comm"}, {"tid"}]),
     "-o tname: comm in threads only; -o comm: comm in processes only")

# Output errors: a full disk is fatal (3), a closed pipe is quiet
with open("/dev/full", "wb") as full:
    p = subprocess.run([LWPS, "-L"], stdout=full, stderr=subprocess.PIPE)
t.ok(p.returncode == 3 and b"write error" in p.stderr, "lwps -L > /dev/full exits 3 with a message",
     (p.returncode, p.stderr))
p = subprocess.run("%s -L --output-all | head -1 >/dev/null; echo ${PIPESTATUS[0]}" % LWPS,
                   shell=True, executable="/bin/bash", capture_output=True)
status = int(p.stdout.strip())
t.ok(status in (0, 128 + signal.SIGPIPE) and p.stderr == b"", "lwps -L | head -1 ends quietly",
     (status, p.stderr))

# Cutting to the terminal's width, as ps does: every column keeps its
# header and its value, only the last is shortened.  A process with a long
# command line and a 15-letter name that maps a file with a long path.
def display_width(line):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line.decode())


def wchan_prefix(word, pid):
    wchan = read_bytes("/proc/%d/wchan" % pid).decode() or "-"
    return len(word) > 0 and (wchan.startswith(word) or word == "-")


tmpdir = tempfile.mkdtemp(prefix="lwps-cut-")
longpath = os.path.join(tmpdir, "m" * 150)
with open(longpath, "wb") as f:
    f.write(b"x" * 4096)
child = subprocess.Popen([sys.executable, "-c",
                          "import ctypes, mmap, sys; f = open(sys.argv[1], 'rb'); "
                          "ctypes.CDLL(None).prctl(15, b'fifteen-letters', 0, 0, 0); "
                          "m = mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ); print(1, flush=True); "
                          "sys.stdin.read()", longpath] + ["arg%03d" % i for i in range(60)],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
child.stdout.readline()
cp = child.pid
try:
    code, out = run_tty(["-o", "+wchan,psr", "-p", "1,%d" % cp], 100)
    lines = out.split(b"\n")[:-1]
    row = next((x.split() for x in lines if x.split()[:1] == [str(cp).encode()]), [])
    t.ok(code == 0 and lines and max(display_width(x) for x in lines) <= 100,
         "100 columns, -o +wchan,psr: no line is wider", out)
    t.eq(lines[0].split() if lines else None, b"PID PPID USER STAT NLWP TIME RSS COMMAND WCHAN PSR".split(),
         "100 columns: every header is shown")
    cmd = b" ".join(row[7:-2])
    t.ok(len(row) >= 10 and row[-1] == proc_stat("/proc/%d/stat" % cp)[1][36] and
         wchan_prefix(row[-2].decode(), cp) and len(cmd) >= 7 and
         read_bytes("/proc/%d/cmdline" % cp).replace(b"\0", b" ").startswith(cmd),
         "100 columns: the command is cut, WCHAN and PSR keep their values", out)
    t.ok(all(len(x.split()) >= 10 for x in lines), "100 columns: no row lost a cell", out)

    code, out = run_tty(["-L", "-o", "+wchan", "-p", str(cp)], 60)
    lines = out.split(b"\n")[:-1]
    t.ok(code == 0 and lines and max(display_width(x) for x in lines) <= 60,
         "60 columns, -L -o +wchan: no line is wider", out)
    t.eq(lines[0].split() if lines else None, b"PID LWP STAT NLWP TIME TNAME COMM WCHAN".split(),
         "60 columns, -L: the last header is whole")
    t.ok(len(lines) == 2 and len(lines[1].split()) == 8 and wchan_prefix(lines[1].split()[-1].decode(), cp),
         "60 columns, -L: a value under every header", out)

    code, out = run_tty(["-m", "-o", "+tid,thread", str(cp)], 150)
    lines = out.split(b"\n")[:-1]
    mine = [x.split() for x in lines if b"/mmm" in x]
    t.ok(code == 0 and lines and max(display_width(x) for x in lines) <= 150,
         "150 columns, -m -o +tid,thread: no line is wider, the title neither", out[:600])
    t.eq(lines[1].split() if len(lines) > 1 else None,
         b"START END PERMS SIZE RSS PSS DIRTY SWAP SEGMENT MAPPING TID THREAD".split(),
         "150 columns, -m: every header is shown")
    t.ok(len(mine) == 1 and len(mine[0]) == 12 and longpath.encode().startswith(mine[0][9]) and
         len(mine[0][9]) >= 7 and mine[0][10:] == [b"-", b"-"],
         "150 columns, -m: the path is cut, TID and THREAD keep their values", mine)
finally:
    child.stdin.close()
    child.wait()
    os.unlink(longpath)
    os.rmdir(tmpdir)

# Colors: never into a pipe unless asked; NO_COLOR wins over auto
code, out, err = run(["-p", str(me)])
t.ok(b"\x1b[" not in out, "no color codes into a pipe")
code, out, err = run(["--color=always", "-p", str(me)])
t.ok(b"\x1b[1m" in out, "--color=always colors the header")
code, out, err = run(["--color=always", "-p", str(me)], env={"NO_COLOR": "1"})
t.ok(b"\x1b[" in out, "--color=always overrides NO_COLOR")

# LIBPROC_HIDE_KERNEL leaves kernel threads out (kthreadd is pid 2), as the
# tools built on libproc2 do; without it they are listed.
code, out, err = run(["-o", "pid", "-n"], env={"LIBPROC_HIDE_KERNEL": "1"})
shown = [int(x) for x in out.split()]
t.ok(code == 0 and me in shown and 2 not in shown, "LIBPROC_HIDE_KERNEL: kthreadd left out, this process kept")
code, out, err = run(["-o", "pid", "-n"])
t.ok(code == 0 and 2 in [int(x) for x in out.split()], "without LIBPROC_HIDE_KERNEL kthreadd is listed")


def comma_locale():
    """A locale whose decimal point is a comma (de_DE.UTF-8, built into a
    temporary directory), as env for run(); None with why, when it cannot
    be built here."""
    src = "/usr/share/i18n/locales/de_DE"
    if not shutil.which("localedef") or not os.path.exists(src):
        return None, "no localedef or de_DE locale source"
    where = tempfile.mkdtemp(prefix="lwps-locale-")
    p = subprocess.run(["localedef", "-i", "de_DE", "-f", "UTF-8", os.path.join(where, "de_DE.UTF-8")],
                       capture_output=True)
    if not os.path.isdir(os.path.join(where, "de_DE.UTF-8")):
        return None, "localedef failed: %s" % p.stderr.decode()[:200]
    return {"LOCPATH": where, "LC_ALL": "de_DE.UTF-8"}, where


# JSON and snapshots write and read numbers with a '.', whatever the
# locale's decimal point ("1,5" would be two JSON values).
env, where = comma_locale()
if env is None:
    for name in ("-J in a comma locale", "--save and --load in a comma locale"):
        t.skip(name, where)
else:
    try:
        check = subprocess.run(["locale", "decimal_point"], capture_output=True,
                               env=dict(os.environ, **env)).stdout.strip()
        code, out, err = run(["-J", "-o", "pid,%cpu,start", "-p", str(me)], env=env)
        doc = strict_json(out.decode()) if code == 0 else {}
        t.ok(check == b"," and isinstance(doc.get("taken_at"), (int, float)) and
             [p["pid"] for p in doc["processes"]] == [me],
             "-J in a comma locale (decimal point %r): valid JSON, taken_at a number" % check, out[:200])
        snap = os.path.join(where, "snap.json")
        code, out, err = run(["--save", snap, "-p", str(me)], env=env)
        code2, out2, err2 = run(["--load", snap, "-J", "-o", "pid,start,time"], env=env)
        code3, out3, err3 = run(["--load", snap, "-J", "-o", "pid,start,time"])
        t.ok(code == code2 == code3 == 0 and out2 == out3 and
             strict_json(out2.decode())["processes"][0]["pid"] == me,
             "--save and --load in a comma locale: the same numbers as in the C locale", (err, err2, err3))
    finally:
        shutil.rmtree(where, ignore_errors=True)
t.done()
