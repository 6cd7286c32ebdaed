"""test_save_load.py - what --save and --load refuse and keep: a pid that
matches nothing selects nothing; a save never destroys the old snapshot,
never writes through a link, is mode 0600 and names its own error; a load
reads bounded input, range-checks every number and refuses a snapshot the
kernel could not produce, naming the key or the pid (exit status 2)."""

import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import LWPS, Tap, run, strict_json  # noqa: E402

t = Tap()
tmp = tempfile.mkdtemp(prefix="lwps-saveload-")
NOPE = "999999"   # above the largest pid_max, so no process has it


def path(name):
    return os.path.join(tmp, name)


def read(name):
    with open(path(name), "rb") as f:
        return f.read()


def write(name, data):
    with open(path(name), "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)
    return path(name)


def run_limited(args, fsize=None, umask=None, timeout=30):
    """lwps with a file size limit (SIGXFSZ ignored: write() fails with
    EFBIG, as on a full disk) or a umask of its own."""
    def setup():
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        if umask is not None:
            os.umask(umask)
    e = dict(os.environ, LC_ALL="C.UTF-8")
    p = subprocess.run([LWPS] + args, capture_output=True, env=e, preexec_fn=setup, timeout=timeout)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def leftovers():
    """Files a save left beside its target (its temporary files)."""
    return sorted(n for n in os.listdir(tmp) if ".json." in n)


# A process with threads of its own to save: this one.
stop = threading.Event()
workers = [threading.Thread(target=stop.wait) for _ in range(2)]
for w in workers:
    w.start()
me = os.getpid()
try:
    code, out, err = run(["--save", path("base.json"), "-p", "1,%d" % me])
finally:
    stop.set()
    for w in workers:
        w.join()
t.eq((code, err), (0, ""), "a snapshot of pid 1 and this test (3 threads) is saved")
base = strict_json(read("base.json"))
mine = [p for p in base["processes"] if p["pid"] == me][0]
t.eq(sorted(th["tid"] for th in mine["threads"])[0], me, "the saved process lists its leader thread")


def variant(name, change):
    """A copy of the base snapshot changed by change(doc, this process)."""
    doc = strict_json(read("base.json"))
    change(doc, [p for p in doc["processes"] if p["pid"] == me][0])
    return write(name, json.dumps(doc))


def refused(file, words, name, args=()):
    """--load FILE fails with exit 2, nothing on stdout, and a message
    with each of `words`."""
    code, out, err = run(["--load", file] + list(args))
    t.ok(code == 2 and out == b"" and err.startswith("lwps: ") and all(w in err for w in words),
         name, (code, err, out[:100]))


# ---- 4. a pid that matches nothing selects nothing ----

code, out, err = run(["--load", path("base.json"), "-p", NOPE, "-J"])
t.eq((code, strict_json(out.decode())["processes"], err),
     (1, [], "lwps: no such process: %s\n" % NOPE),
     "--load -p MISSING -J: no process, exit 1")
code, out, err = run(["--load", path("base.json"), "-m", NOPE])
t.eq((code, out.decode().splitlines()[1:]), (1, []), "--load -m MISSING: no mappings, exit 1")
code, out, err = run(["--load", path("base.json"), "-t", "-p", NOPE])
t.eq((code, out.decode().splitlines()[1:]), (1, ["  PID  PPID USER STAT NLWP     TIME    RSS COMMAND"]),
     "--load -t -p MISSING: the heading only, exit 1")
code, out, err = run(["-t", "-p", NOPE])
t.eq((code, len(out.decode().splitlines())), (1, 1), "live -t -p MISSING: the heading only, exit 1")
code, out, err = run(["--load", path("base.json"), "--save", path("none.json"), "-p", NOPE])
t.eq((code, strict_json(read("none.json"))["processes"]), (1, []),
     "--load --save -p MISSING saves no process, exit 1")
code, out, err = run(["--load", path("base.json"), "-p", "%s,%d" % (NOPE, me), "-J"])
t.eq((code, [p["pid"] for p in strict_json(out.decode())["processes"]]), (1, [me]),
     "-p MISSING,PID still selects PID")

# ---- 6. a failed save keeps the old snapshot ----

good = read("base.json")
os.link(path("base.json"), path("link.json"))
code, out, err = run_limited(["--save", path("base.json")], fsize=4096)
t.eq((code, err), (3, "lwps: cannot write '%s': File too large\n" % path("base.json")),
     "a save that cannot be written (file size limit): exit 3 and why")
t.ok(read("base.json") == good and read("link.json") == good,
     "the old snapshot and its hard link are whole after the failed save")
t.eq(leftovers(), [], "the failed save leaves no temporary file")
if read("base.json") != good:
    write("base.json", good)   # for the tests below
before = os.stat(path("base.json")).st_ino
code, out, err = run(["--load", path("base.json"), "--save", path("base.json"), "-p", "1"])
t.eq((code, [p["pid"] for p in strict_json(read("base.json"))["processes"]]), (0, [1]),
     "a save over a snapshot replaces it")
t.ok(os.stat(path("base.json")).st_ino != before and read("link.json") == good,
     "by a new file renamed over it: a hard link keeps the old snapshot")
os.unlink(path("link.json"))
write("base.json", good)
t.eq(leftovers(), [], "a save leaves no temporary file")
# Ended by a signal mid-save: lwps waits on standard input (--load -)
# after creating its temporary file, so the signal lands in between.
p = subprocess.Popen([LWPS, "--load", "-", "--save", path("base.json")], stdin=subprocess.PIPE,
                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
for _ in range(1000):
    if leftovers():
        break
    time.sleep(0.01)
seen = leftovers()
p.send_signal(signal.SIGTERM)
p.wait(timeout=30)
p.stdin.close()
t.ok(len(seen) == 1 and p.returncode == -signal.SIGTERM and leftovers() == [] and read("base.json") == good,
     "SIGTERM mid-save: the temporary file is removed, the snapshot kept", (seen, p.returncode, leftovers()))

# ---- 7. never through a link; regular files only; mode 0600 ----

write("victim", "precious\n")
os.symlink(path("victim"), path("evil.json"))
code, out, err = run(["--save", path("evil.json"), "-p", "1"])
t.eq((code, err), (2, "lwps: cannot save to '%s': it is a symbolic link\n" % path("evil.json")),
     "--save to a symbolic link: refused, exit 2")
t.ok(read("victim") == b"precious\n" and os.path.islink(path("evil.json")),
     "the link's target is untouched and the link is still there")
os.symlink(path("planted"), path("dangling.json"))
code, out, err = run(["--save", path("dangling.json"), "-p", "1"])
t.ok(code == 2 and not os.path.lexists(path("planted")),
     "--save to a dangling link: refused, nothing created where it points", (code, err))
os.mkfifo(path("fifo.json"))
try:
    code, out, err = run_limited(["--save", path("fifo.json"), "-p", "1"], timeout=20)
except subprocess.TimeoutExpired:
    code, err = None, "timed out (opened the FIFO)"
t.eq((code, err), (2, "lwps: cannot save to '%s': it is not a regular file\n" % path("fifo.json")),
     "--save to a FIFO: refused at once, exit 2")
code, out, err = run(["--save", tmp, "-p", "1"])
t.ok(code == 2 and "not a regular file" in err, "--save to a directory: refused, exit 2", (code, err))
for mask in (0o022, 0o000, 0o077):
    name = "mode%03o.json" % mask
    code, out, err = run_limited(["--save", path(name), "-p", "1"], umask=mask)
    t.eq((code, stat.S_IMODE(os.stat(path(name)).st_mode)), (0, 0o600),
         "a new snapshot is mode 0600 under umask %03o" % mask)
write("shared.json", "old\n")
os.chmod(path("shared.json"), 0o644)
code, out, err = run_limited(["--save", path("shared.json"), "-p", "1"], umask=0o022)
t.eq((code, stat.S_IMODE(os.stat(path("shared.json")).st_mode)), (0, 0o600),
     "a snapshot saved over a 0644 file is mode 0600")
code, out, err = run_limited(["--save", path("narrow.json"), "-p", "1"], umask=0o277)
t.eq((code, stat.S_IMODE(os.stat(path("narrow.json")).st_mode)), (0, 0o400),
     "the umask narrows it further (0277: 0400)")

# ---- 8. the error names its cause, before /proc is read ----

code, out, err = run(["--save", "/nonexistent/dir/x.json"])
t.eq((code, err), (3, "lwps: cannot write '/nonexistent/dir/x.json': No such file or directory\n"),
     "--save into a missing directory: exit 3, 'No such file or directory'")
code, out, err = run(["--save", "/nonexistent/dir/x.json", "-p", NOPE])
t.eq(err, "lwps: cannot write '/nonexistent/dir/x.json': No such file or directory\n",
     "the file is tried before any pid is looked up")
code, out, err = run(["--load", path("missing.json"), "--save", "/nonexistent/dir/x.json"])
t.eq((code, err), (3, "lwps: cannot write '/nonexistent/dir/x.json': No such file or directory\n"),
     "the file is tried before the source is read")

# ---- 9. bounded input ----

try:
    code, out, err = run(["--load", "/dev/zero"])
except subprocess.TimeoutExpired:
    code, out, err = None, b"", "timed out"
t.ok(code == 2 and "not a regular file" in err, "--load /dev/zero: refused at once, exit 2", (code, err))
os.mkfifo(path("pipe.json"))
try:
    code, out, err = run_limited(["--load", path("pipe.json")], timeout=20)
except subprocess.TimeoutExpired:
    code, out, err = None, b"", "timed out (blocked on the FIFO)"
t.ok(code == 2 and "not a regular file" in err, "--load of a FIFO without a writer: refused at once", (code, err))
with open(path("huge.json"), "wb") as f:
    f.truncate((1 << 30) + 1)   # sparse: nothing is written
refused(path("huge.json"), ["larger than 1 GiB"], "--load of a file over 1 GiB: refused by its size")
os.unlink(path("huge.json"))
refused(write("nuls.json", b"\0" * 65536), ["NUL byte at byte 0"],
        "a file of NUL bytes is not JSON (not 'truncated')")
p = subprocess.run([LWPS, "--load", "-", "-p", "1", "-o", "pid", "-n"], input=read("base.json"),
                   capture_output=True, timeout=60)
t.eq((p.returncode, p.stdout), (0, b"    1\n"), "--load - reads standard input")
with open(path("base.json")) as f:
    p = subprocess.run([LWPS, "--load", "/dev/stdin"], stdin=f, capture_output=True, timeout=60)
t.eq(p.returncode, 0, "--load /dev/stdin of a regular file is read")


def host(key, value):
    return lambda d, p: d["snapshot"]["host"].__setitem__(key, value)


refused(variant("longhost.json", host("hostname", "h" * 100000)), ["'hostname' is longer than 64 bytes"],
        "a hostname of 100000 bytes: refused, the limit named")
code, out, err = run(["--load", variant("host64.json", host("hostname", "h" * 64)), "-p", "1"])
t.ok(code == 0 and out.startswith(b"# snapshot of " + b"h" * 64 + b" taken "),
     "a hostname of 64 bytes is kept",
     (code, err, out[:120]))
# A boot time that was not read is null: START and ELAPSED are unknown
# then, and it stays null when saved again.
f = variant("noboot.json", host("boot_time", None))
code, out, err = run(["--load", f, "-n", "-o", "pid,start,etime", "-p", str(me)])
code2, out2, err2 = run(["--load", f, "--save", path("noboot2.json")])
again = strict_json(read("noboot2.json"))["snapshot"]["host"] if code2 == 0 else {}
t.eq((code, out.split(), code2, "boot_time" in again and again["boot_time"] is None),
     (0, [str(me).encode(), b"-", b"-"], 0, True),
     "boot_time null: START and ELAPSED unknown, and null again when saved")
refused(variant("longcomm.json", lambda d, p: p.__setitem__("comm", "c" * 65)),
        ["'comm' is longer than 64 bytes"],
        "a comm of 65 bytes: refused")
refused(variant("longarg.json", lambda d, p: p.__setitem__("cmdline", ["a" * 131073])),
        ["'cmdline' is longer than 131072 bytes", "process %d" % me], "an argument of 131073 bytes: refused")
code, out, err = run(["--load", variant("arg.json", lambda d, p: p.__setitem__("cmdline", ["a" * 131072])),
                      "-J", "-o", "command", "-p", str(me)])
t.eq((code, [len(a) for a in strict_json(out.decode())["processes"][0]["cmdline"]]), (0, [131072]),
     "an argument of 131072 bytes is kept")
refused(variant("nulraw.json", lambda d, p: p.__setitem__("raw_bytes", {"comm": "610062"})),
        ["raw_bytes", "'comm'"], "raw_bytes holding a NUL byte: refused")

# ---- 10. every number range-checked, the key named ----


def raw(key, value, thread=None):
    def change(d, p):
        (p if thread is None else p["threads"][thread])["raw"][key] = value
    return change


def raw_key(key, value):
    """Sets a counter in the raw object of this process's first thread."""
    return raw(key, value, 0)


numbers = [
    ("taken_at 1e300", lambda d, p: d.__setitem__("taken_at", 1e300), "'taken_at'"),
    ("taken_at -1", lambda d, p: d.__setitem__("taken_at", -1), "'taken_at'"),
    ("boot_time 1e300", host("boot_time", 1e300), "'boot_time'"),
    ("boot_time -1e300", host("boot_time", -1e300), "'boot_time'"),
    ("rss_pages 1.8e19", raw("rss_pages", 1.8e19), "'rss_pages'"),
    ("a thread's rss_pages 1.8e19", raw("rss_pages", 1.8e19, 0), "'rss_pages'"),
    ("vsize 1.8e19", raw("vsize", 1.8e19), "'vsize'"),
    ("flags 2^32", raw("flags", 4294967296), "'flags'"),
    ("vm_locked_kb 1e19", raw("vm_locked_kb", 1e19), "'vm_locked_kb'"),
    ("utime 1e300", raw("utime", 1e300), "'utime'"),
    ("page_size 4097", host("page_size", 4097), "'page_size'"),
    ("policy 1e30", lambda d, p: p.__setitem__("policy", "9" * 30), "'policy'"),
    ("nspid 1.5", lambda d, p: p.__setitem__("nspid", [1.5]), "'nspid'"),
]
if mine.get("maps"):
    def vma(key, value):
        return lambda d, p: p["maps"][0].__setitem__(key, value)
    numbers += [
        ("a mapping's rss 1e19", vma("rss", 1e19), "'rss'"),
        ("a mapping's inode '12x'", vma("inode", "12x"), "'inode'"),
        ("a mapping's dev '-1:0'", vma("dev", "-1:0"), "'dev'"),
        ("a mapping's start '0x-1'", vma("start", "0x-1"), "0x-1"),
        ("rss adding up past 2^62", lambda d, p: [m.__setitem__("rss", 2 ** 60) for m in p["maps"][:5]], "'rss'"),
    ]
else:
    t.skip("a mapping's numbers are range-checked", "smaps of this process was not saved")
for name, change, key in numbers:
    refused(variant("number.json", change), [key], "%s: refused, exit 2 naming %s" % (name, key))
text = read("base.json").decode()
at = text.index('"taken_at":') + len('"taken_at":')
write("inf.json", text[:at] + "1e999" + text[text.index(",", at):])
refused(path("inf.json"), ["'taken_at'"], "taken_at 1e999 (inf): refused")
code, out, err = run(["--load", variant("y9999.json", lambda d, p: d.__setitem__("taken_at", 253402300799)),
                      "-p", "1"], env={"TZ": "UTC"})
t.ok(code == 0 and out.startswith(b"# snapshot of ") and b" taken 9999-12-31 23:59:59 UTC\n" in out,
     "taken_at at the limit (9999-12-31) is kept and shown", (code, err, out[:100]))
code, out, err = run(["--load", path("y9999.json"), "-J", "-p", "1"])
t.eq((code, strict_json(out.decode())["taken_at"]), (0, 253402300799), "and -J prints it exactly")

# ---- 11. what the kernel cannot produce is refused, naming the pid ----


def threads_as(tids):
    def change(d, p):
        p["threads"] = [dict(p["threads"][0], tid=x) for x in tids]
    return change


other = mine["threads"][1]["tid"]
refused(variant("tid3.json", threads_as([me, other, other, other])),
        ["process %d lists thread %d twice" % (me, other)], "the same tid three times in a process: refused")
refused(variant("tidpid.json", threads_as([me, 1])), ["process %d has a thread 1, which is process 1" % me],
        "a thread whose tid is another process's pid: refused")
refused(variant("noleader.json", threads_as([other])),
        ["process %d lists threads but not its leader" % me], "threads without their leader: refused")


def steal(d, p):
    init = [q for q in d["processes"] if q["pid"] == 1][0]
    init["threads"].append(dict(init["threads"][0], tid=other))


refused(variant("twice.json", steal), ["thread %d is in process" % other],
        "a thread in two processes: refused")
refused(variant("notread.json", lambda d, p: p.__setitem__("tasks_read", False)),
        ["process %d lists threads but says they were not read" % me],
        "threads with tasks_read false: refused")
refused(write("trailing.json", text.rstrip("\n") + " {}\n"), ["text after the end of the JSON"],
        "text after the final }: refused")
for n in (0, -1, 0.5):
    refused(variant("schema.json", lambda d, p: d.__setitem__("schema", n)), ["schema"],
            "schema %s: refused" % n)

# What a live scan can produce is kept as it is.
code, out, err = run(["--load", variant("nlwp.json", lambda d, p: p.__setitem__("nlwp", 99)),
                      "-J", "-L", "-o", "nlwp", "-p", str(me)])
p = strict_json(out.decode())["processes"][0] if code == 0 else {}
t.eq((code, p.get("nlwp"), len(p.get("threads", []))), (0, 99, 3),
     "nlwp 99 with 3 threads listed (threads came and went during the scan) is kept")


def zombie_leader(d, p):
    p["threads"][0]["state"] = "Z"
    p["threads"][0]["stat"] = "Z"


code, out, err = run(["--load", variant("zombie.json", zombie_leader),
                      "-L", "-J", "-o", "state", "-p", str(me)])
states = [th["state"] for th in strict_json(out.decode())["processes"][0]["threads"]] if code == 0 else []
t.eq((code, states[:1], len(states)), (0, ["Z"], 3), "a zombie leader with live threads is kept")
code, out, err = run(["--load", variant("nothreads.json", lambda d, p: p.__setitem__("threads", [])),
                      "-p", str(me)])
t.eq(code, 0, "a process whose threads were read as none (it exited mid-scan) is kept")

# ---- 12. why mappings could not be read: an errno name, words in text ----


def unreadable_maps(why, schema=None):
    def change(d, p):
        for k in ("maps", "maps_total", "layout"):
            p[k] = None
        p["maps_error"] = why
        if schema is not None:
            d["schema"] = schema
    return change


words = {"EACCES": "permission denied", "EPERM": "permission denied", "ENOENT": "the process exited",
         "ESRCH": "the process exited", "EIO": "the kernel refused to read it"}
for name, said in words.items():
    f = variant("why.json", unreadable_maps(name))
    code, out, err = run(["--load", f, "-m", str(me)])
    t.eq((code, err.splitlines()[-1:]), (1, ["lwps: no mappings for %d (%s): %s" % (me, mine["comm"], said)]),
         "maps_error %s: -m says '%s'" % (name, said))
    code, out, err = run(["--load", f, "--save", "-"])
    again = strict_json(out.decode()) if code == 0 else {}
    t.eq((code, [p.get("maps_error") for p in again.get("processes", []) if p["pid"] == me]),
         (0, [name]), "maps_error %s: saved again as %s" % (name, name))
code, out, err = run(["--load", variant("why.json", unreadable_maps("ENOENT")), "--save", path("why2.json")])
code2, out2, err2 = run(["--load", path("why2.json"), "--save", path("why3.json")])
t.ok(code == code2 == 0 and read("why2.json") == read("why3.json"),
     "maps_error ENOENT: save -> load -> save is identical", (code, err, code2, err2))
refused(variant("why.json", unreadable_maps("permission denied")), ["'maps_error'", "EACCES"],
        "schema 2: maps_error in words is refused, naming the key and the errno names")
refused(variant("why.json", unreadable_maps(13)), ["'maps_error'"], "schema 2: maps_error 13 is refused")
# Schema 1 wrote English words: each comes back as the errno it meant.
for old, name in (("permission denied", "EACCES"), ("the process exited", "ESRCH"),
                  ("the kernel refused to read it", "EIO"), ("anything else", "EIO")):
    f = variant("old.json", unreadable_maps(old, schema=1))
    code, out, err = run(["--load", f, "-m", str(me)])
    t.ok(code == 1 and err.endswith(": %s\n" % words[name]), "schema 1, maps_error '%s': -m says '%s'"
         % (old, words[name]), (code, err))
    code, out, err = run(["--load", f, "--save", "-", "-p", str(me)])
    doc = strict_json(out.decode()) if code == 0 else {"processes": [{}]}
    t.eq((code, doc.get("schema"), doc["processes"][0].get("maps_error")), (0, 2, name),
         "schema 1, maps_error '%s': saved again as schema 2, %s" % (old, name))

# ---- 13. what a mapping's columns do not say comes back too ----

if mine.get("maps"):
    anon = next(i for i, m in enumerate(mine["maps"]) if m["path"] is None and m["segment"] == "anon")
    gone = 4000000   # a thread that ran at this reading: its stack from an earlier one

    def carried(d, p):
        p["maps"][anon].update(stack_last_seen=True, tids=[gone])
        p["maps"][0].update(path="/x (deleted)", deleted=False, path_ambiguous=True)
        p["maps"][1]["extra"] = {"NewSize": 12288, "NewFlags": "ab  cd"}

    f = variant("carried.json", carried)
    code, out, err = run(["--load", f, "-m", "-r", "-o", "start,segment,mapping", str(me)])
    start = mine["maps"][anon]["start"][2:]
    row = [line.split() for line in out.decode().splitlines() if line.startswith(start + " ")]
    t.ok(code == 0 and row[0][1] == "stack:~%d" % gone, "a stack carried from an earlier reading "
         "is loaded as one (stack:~TID)", (code, err, row))
    code, out, err = run(["--load", f, "--save", path("carried2.json")])
    code2, out, err2 = run(["--load", path("carried2.json"), "--save", path("carried3.json")])
    again = [p for p in strict_json(read("carried2.json").decode())["processes"] if p["pid"] == me]
    m = again[0]["maps"] if again else [{}] * (anon + 1)
    t.eq((code, m[anon].get("tids"), m[anon].get("stack_last_seen"), m[anon].get("tid")),
         (0, [gone], True, gone), "saved again: tids, stack_last_seen and tid as loaded")
    t.eq((m[0].get("path"), m[0].get("deleted"), m[0].get("path_ambiguous"), m[1].get("extra")),
         ("/x (deleted)", False, True, {"NewSize": 12288, "NewFlags": "ab  cd"}),
         "saved again: a live file named '/x (deleted)', an ambiguous name, a newer kernel's keys")
    t.ok(code2 == 0 and read("carried2.json") == read("carried3.json"),
         "and save -> load -> save is identical", err2)

    # A mapping keeps its figures in KiB unless one does not fit: past
    # 4 TiB, or not whole KiB (a file may say so); both come back exact.
    big, odd = 5 << 40, 1000

    def wide(d, p):
        p["maps"][anon].update(swap=big, locked=odd)

    f = variant("wide.json", wide)
    code, out, err = run(["--load", f, "-m", "-J", str(me)])
    doc = strict_json(out.decode()) if code == 0 else {}
    got = [p for p in doc.get("processes", []) if p["pid"] == me]
    m = got[0]["maps"][anon] if got else {}
    total = got[0]["maps_total"] if got else {}
    rest = sum(x["swap"] for i, x in enumerate(mine["maps"]) if i != anon)
    t.eq((code, m.get("swap"), m.get("locked"), m.get("rss"), total.get("swap")),
         (0, big, odd, mine["maps"][anon]["rss"], big + rest),
         "a figure past 4 TiB and one not whole KiB load exactly, and add up in maps_total")

    def mapping(key, value, at=0):
        return lambda d, p: p["maps"][at].__setitem__(key, value)

    for name, change, words in (
            ("deleted without the suffix", mapping("deleted", True), ["deleted file", "'path'"]),
            ("deleted 1", mapping("deleted", 1), ["'deleted'"]),
            ("thp_eligible 2", mapping("thp_eligible", 2), ["'thp_eligible'"]),
            ("kernel_page_size 1e30", mapping("kernel_page_size", 1e30), ["'kernel_page_size'"]),
            ("tids of a pid 0", lambda d, p: p["maps"][anon].update(stack_last_seen=True, tids=[0]),
             ["'tids'"]),
            ("extra of 9 keys", mapping("extra", {"K%d" % i: 0 for i in range(9)}), ["'extra'", "8"]),
            ("extra of half a kB", mapping("extra", {"K": 512}), ["'extra'", "'K'"]),
            ("extra holding null", mapping("extra", {"K": None}), ["'extra'", "'K'"]),
            ("extra with an empty key", mapping("extra", {"": 0}), ["'extra'", "empty key"])):
        refused(variant("bad.json", change), words, "a mapping's %s: refused" % name)
else:
    t.skip("a mapping's carried stack, name flags and newer keys load", "smaps was not saved")

# ---- 14. the counters the rates are made of, and smaps_rollup, are kept ----

sleeper = subprocess.Popen(["sleep", "1000"])
# Its lifetime rates divide by its age, in the uptime's hundredths: let
# it be older than one.
time.sleep(0.05)
try:
    spid = sleeper.pid
    for _ in range(500):   # asleep: its counters stay as they are
        if open("/proc/%d/stat" % spid).read().rsplit(")", 1)[1].split()[0] == "S":
            break
        time.sleep(0.01)

    def kernel_counters():
        base = "/proc/%d/task/%d/" % (spid, spid)
        f = open(base + "stat").read().rsplit(")", 1)[1].split()
        status = dict(line.split(":", 1) for line in open(base + "status").read().splitlines() if ":" in line)
        want = {"minflt": int(f[7]), "majflt": int(f[9]),
                "nvcsw": int(status["voluntary_ctxt_switches"]),
                "nivcsw": int(status["nonvoluntary_ctxt_switches"])}
        if os.path.exists(base + "schedstat"):
            want.update(zip(("run_ns", "wait_ns", "slices"), map(int, open(base + "schedstat").read().split())))
        if os.access(base + "io", os.R_OK):
            io = dict(line.split(": ") for line in open(base + "io").read().splitlines())
            want.update(read_bytes=int(io["read_bytes"]), write_bytes=int(io["write_bytes"]))
        return want

    before = kernel_counters()
    code, out, err = run(["--save", path("counters.json"), "-p", str(spid)])
    after = kernel_counters()
    saved = strict_json(read("counters.json"))["processes"][0]
    counted = saved["threads"][0]["raw"]
    t.ok(code == 0 and before == after and {k: counted.get(k) for k in after} == after,
         "a thread's counters are saved as its stat, status, schedstat and io files say", (counted, after))
    t.ok(saved["raw"]["minflt"] == int(open("/proc/%d/stat" % spid).read().rsplit(")", 1)[1].split()[7]) and
         "nvcsw" not in saved["raw"] and "wait_ns" not in saved["raw"],
         "a process's: its faults; no switches or schedstat of its own (its threads' sum is)", saved["raw"])
    code, out, err = run(["--load", path("counters.json"), "--save", path("counters2.json")])
    t.ok(code == 0 and read("counters.json") == read("counters2.json"), "saved again: the same bytes")
    cols = ["-L", "-o", "lwp,%cpu,csw/s,nvcsw/s,minflt/s,%wait,rd/s", "-p", str(spid)]
    code, out, err = run(["--load", path("counters.json"), "-J"] + cols)
    shown = strict_json(out.decode())["processes"][0]["threads"][0]
    doc = strict_json(read("counters.json"))
    hz = doc["snapshot"]["host"]["clock_ticks"]
    age = doc["snapshot"]["host"]["uptime"] - counted["start_ticks"] / hz
    want = {"csw/s": counted["nvcsw"] / age, "nvcsw/s": counted["nivcsw"] / age,
            "minflt/s": counted["minflt"] / age}
    t.ok(age > 0 and all(abs(shown[k] - v) <= 0.006 for k, v in want.items()),
         "--load -L -o csw/s,nvcsw/s,minflt/s: the lifetime rates of the saved counters", (shown, want))
    code, out, err = run(["-J"] + cols)
    live = strict_json(out.decode())["processes"][0]["threads"][0]
    t.eq(sorted(k for k, v in shown.items() if v is None), sorted(k for k, v in live.items() if v is None),
         "--load shows the rate columns the live run shows (unknown where it cannot read them)")
finally:
    sleeper.kill()
    sleeper.wait()

def kept(f):
    """The process of this test in `f` as lwps saves it again, when a
    second save of that gives the same bytes; else None."""
    a, b = run(["--load", f, "--save", path("again1.json")]), run(["--load", path("again1.json"), "--save",
                                                                     path("again2.json")])
    if a[0] or b[0] or read("again1.json") != read("again2.json"):
        return None
    return [p for p in strict_json(read("again1.json"))["processes"] if p["pid"] == me][0]


counters = [("a counter as a decimal string past 2^53", raw_key("minflt", "1152921504606846976"), None),
            ("a counter of -1", raw_key("nvcsw", -1), "'nvcsw'"),
            ("a counter that is text", raw_key("read_bytes", "many"), "'read_bytes'"),
            ("a counter past 2^64", raw_key("wait_ns", "18446744073709551616"), "'wait_ns'")]
for name, change, key in counters:
    f = variant("counter.json", change)
    if key:
        refused(f, [key], "%s: refused, exit 2 naming %s" % (name, key))
        continue
    p = kept(f)
    t.eq(p and p["threads"][0]["raw"]["minflt"], "1152921504606846976", "%s: kept, saved again the same" % name)

ROLLUP = {"rss": 4096000, "pss": 2048000, "shared": 1024000, "private": 3072000, "swap": 8192}
f = variant("rollup.json", lambda d, p: p.update(rollup=dict(ROLLUP)))
code, out, err = run(["--load", f, "-J", "-o", "shr,uss,pss,swap", "-p", str(me)])
p = strict_json(out.decode())["processes"][0] if code == 0 else {}
t.eq([p.get(k) for k in ("shr", "uss", "pss", "swap")], [1024000, 3072000, 2048000, 8192],
     "a saved rollup object: SHR, USS, PSS and SWAP show its figures")
t.eq((kept(f) or {}).get("rollup"), ROLLUP, "a rollup object is saved again, the same")
f = variant("rollupnull.json", lambda d, p: p.update(rollup=None, rollup_error="EACCES"))
code, out, err = run(["--load", f, "-J", "-o", "shr", "-p", str(me)])
t.eq((code, strict_json(out.decode())["processes"][0].get("shr", 0)), (0, None),
     "rollup null with rollup_error EACCES: unknown")
p = kept(f) or {}
t.eq((p.get("rollup", 0), p.get("rollup_error")), (None, "EACCES"), "and saved again, the same")
refused(variant("rollupbad.json", lambda d, p: p.update(rollup={"rss": 1})), ["'rollup' has no 'pss'"],
        "a rollup object without pss: refused naming it")
refused(variant("rollupbig.json", lambda d, p: p.update(rollup=dict(ROLLUP, swap=2 ** 61))), ["'swap'"],
        "a rollup figure over 2^60 bytes: refused")
refused(variant("rollupwhy.json", lambda d, p: p.update(rollup=None, rollup_error="EWHAT")), ["rollup_error"],
        "an unknown rollup_error: refused")

shutil.rmtree(tmp, ignore_errors=True)
t.done()
