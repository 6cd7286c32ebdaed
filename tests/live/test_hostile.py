"""test_hostile.py - names and command lines chosen by an attacker: every
byte 0x01-0x1f, 0x7f and 0x80-0xff, invalid UTF-8, terminal escapes (CSI
2J, OSC 52, C1 CSI), bidirectional overrides, a file mapped under such a
name, and a 1 MiB command line.  Text output never carries a control byte,
is valid UTF-8 (ASCII in LC_ALL=C) and stays aligned; -r decodes to the
exact bytes of /proc; JSON is valid and raw_bytes holds the exact bytes."""

import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import Tap, read_bytes, run, strict_json, unraw  # noqa: E402

t = Tap()

# Thread names: at most 15 bytes each (TASK_COMM_LEN), no NUL.
EVERY = bytes(range(0x01, 0x20)) + b"\x7f" + bytes(range(0x80, 0x100))
NAMES = [EVERY[i:i + 15] for i in range(0, len(EVERY), 15)] + [
    b"\x1b[2J\x1b[H",                               # clear the screen
    b"\x1b]52;c;aGk=\x07",                          # OSC 52: write the clipboard
    "\u202eevil\u2066x".encode(),                   # RLO, LRI
    b"bad\xff\xfe\xc3(\xe2\x82",                    # invalid and truncated UTF-8
    "C1\u0085\u009b2J".encode(),                    # C1 NEL and CSI as UTF-8
    "\u6f22\u5b57 wide".encode(),                   # valid, double width
    b"back\\slash x",                               # backslash and space
    b"new\nline\rcr\ttab",
]
LEADER = b"\x1b[31mRED\x07\x9b\xff"
ARGS = [EVERY, b"\x1b[2J\x1b[3J", b"\x1b]52;c;aGk=\x07", "\u202e\u2066rev".encode(),
        b"bad\xff\xfe\xc3(", "\u0085\u009b".encode(), "\u6f22 ok".encode(), b"", b"last"]
MAPNAME = b"map-\x1b[2J-\xff\x7f-\xe2\x80\xae-\n-end"

BIDI = {0x061c, 0x200e, 0x200f} | set(range(0x202a, 0x202f)) | set(range(0x2066, 0x206a))

CHILD = r"""
import ctypes, mmap, os, sys, threading
libc = ctypes.CDLL(None)
names = [bytes.fromhex(x) for x in os.environ["LWPS_T_NAMES"].split(",")]
ready = threading.Barrier(len(names) + 1)
stop = threading.Event()
def body(n):
    libc.prctl(15, ctypes.c_char_p(n), 0, 0, 0)   # PR_SET_NAME
    ready.wait()
    stop.wait()
ths = [threading.Thread(target=body, args=(n,), daemon=True) for n in names]
for th in ths:
    th.start()
ready.wait()
libc.prctl(15, ctypes.c_char_p(bytes.fromhex(os.environ["LWPS_T_LEADER"])), 0, 0, 0)
m = None
if os.environ.get("LWPS_T_MAP"):
    f = open(bytes.fromhex(os.environ["LWPS_T_MAP"]), "rb")
    m = mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ)
print(os.getpid(), *[th.native_id for th in ths], flush=True)
sys.stdin.read()
"""


def spawn(argv0, args, names=(), leader=b"x", mapfile=None):
    env = dict(os.environ, LWPS_T_NAMES=",".join(n.hex() for n in names) or "",
               LWPS_T_LEADER=leader.hex(), LWPS_T_MAP=mapfile.hex() if mapfile else "")
    if not names:
        env["LWPS_T_NAMES"] = b"plain".hex()
    p = subprocess.Popen([argv0, "-c", CHILD] + list(args), executable=sys.executable,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    ids = [int(x) for x in p.stdout.readline().split()]
    if not ids:
        raise RuntimeError("the hostile child did not start")
    return p, ids


def stop(p):
    p.stdin.close()
    try:
        p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


def comm_of(pid, tid=None):
    return read_bytes("/proc/%d/task/%d/comm" % (pid, tid or pid))[:-1]


def width(s):
    """Display width of safe text: wide characters 2, combining marks 0."""
    w = 0
    for ch in s:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me"):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


def table_escape(b):
    """The README's text rule in a UTF-8 locale, for the characters used
    here: a control byte, DEL, a byte of invalid UTF-8, a C1 control or a
    bidi override is \\xHH; anything else is itself."""
    out, i = bytearray(), 0
    while i < len(b):
        for n in (1, 2, 3, 4):
            try:
                ch = b[i:i + n].decode("utf-8")
                break
            except UnicodeDecodeError:
                ch = None
        if ch is None:
            n = 1
        cp = ord(ch) if ch else -1
        if cp < 0x20 or cp == 0x7f or 0x80 <= cp <= 0x9f or cp in BIDI:
            out += b"".join(b"\\x%02x" % x for x in b[i:i + n])
        else:
            out += b[i:i + n]
        i += n
    return bytes(out)


def lwps_json_string(b):
    """What lwps's JSON holds for bytes b: each byte of an invalid sequence
    is U+FFFD, the rest is decoded."""
    out, i = [], 0
    while i < len(b):
        for n in (1, 2, 3, 4):
            try:
                out.append(b[i:i + n].decode("utf-8"))
                i += n
                break
            except UnicodeDecodeError:
                continue
        else:
            out.append("\ufffd")
            i += 1
    return "".join(out)


def unsafe(out, utf8=True):
    """What in output `out` could act on a terminal; empty when safe."""
    bad = sorted(set("%02x" % b for b in out if (b < 0x20 and b != 0x0a) or b == 0x7f))
    if not utf8:
        bad += sorted(set("%02x" % b for b in out if b >= 0x80))
        return bad
    try:
        text = out.decode("utf-8")
    except UnicodeDecodeError as e:
        return bad + ["invalid UTF-8: %s" % e]
    bad += ["U+%04X" % ord(c) for c in set(text) if 0x80 <= ord(c) <= 0x9f or ord(c) in BIDI]
    return bad


tmp = tempfile.mkdtemp(prefix="lwps-hostile-")
mapfile = os.path.join(tmp.encode(), MAPNAME)
with open(mapfile, "wb") as f:
    f.write(b"x" * 8192)

p, ids = spawn(EVERY[:40] + b"\x1b[2J" + "\u202e".encode() + b"\xff", ARGS, NAMES, LEADER, mapfile)
big = None
try:
    pid, tids = ids[0], ids[1:]
    P = str(pid)

    # The kernel holds the hostile bytes: else the test would test nothing.
    t.eq(sorted(comm_of(pid, x) for x in tids), sorted(NAMES), "the kernel has every hostile thread name")
    t.eq(comm_of(pid), LEADER, "the kernel has the hostile process name")
    cmdline = read_bytes("/proc/%d/cmdline" % pid)
    argv = cmdline.split(b"\0")[:-1]
    t.ok(set(EVERY) <= set(cmdline) and len(argv) == len(ARGS) + 3 and argv[3:] == ARGS,
         "the kernel has every hostile byte in the command line", argv[:1])
    maps_line = next((x for x in read_bytes("/proc/%d/maps" % pid).split(b"\n") if b"map-" in x), b"")
    t.ok(b"\x1b[2J" in maps_line, "the kernel shows the hostile file in maps", maps_line)

    # 1. Text views: no control byte, no C1, no bidi override; valid UTF-8.
    views = [
        ("table -L", ["-L", "-w", "-p", P]),
        ("table -L -o tname,comm first", ["-L", "-o", "pid,tname,comm,stat,lwp", "-p", P]),
        ("table COMMAND", ["-w", "-p", P]),
        ("table --output-all", ["-L", "-w", "--output-all", "-p", P]),
        ("raw -L", ["-L", "-r", "-o", "pid,lwp,tname,comm,command", "-p", P]),
        ("tree -t", ["-t", "-w", "-p", P]),
        ("tree -tL", ["-tL", "-w", "-p", P]),
        ("tree -tL raw", ["-tL", "-r", "-p", P]),
        ("tree -tL names first", ["-tL", "-o", "lwp,tname,pid", "-p", P]),
        ("sorted by name", ["-L", "-w", "-s", "tname", "-p", P]),
        ("maps", ["-m", "-w", P]),
        ("maps raw", ["-m", "-r", P]),
        ("maps layout", ["-m", "--layout", "-w", P]),
        ("missing pid message", ["-p", P + ",999999999"]),
    ]
    outs = {}
    for name, args in views:
        code, out, err = run(args)
        outs[name] = out
        t.ok(code in (0, 1) and len(out.split(b"\n")) > 2, "%s: exits 0 and prints rows" % name, (code, err))
        t.eq(unsafe(out) + unsafe(err.encode()), [], "%s: no control byte, C1 or bidi; valid UTF-8" % name)
        code, out, err = run(args, env={"LC_ALL": "C"})
        t.eq(unsafe(out, utf8=False) + unsafe(err.encode(), utf8=False), [],
             "%s in LC_ALL=C: pure ASCII, no control byte" % name)
    t.ok(b"\\x1b[2J" in outs["table -L"] and b"\\xe2\\x80\\xae" in outs["table -L"],
         "ESC and U+202E are shown as \\xHH", outs["table -L"][:300])
    t.ok("\u6f22\u5b57 wide" in outs["table -L"].decode() and "\u6f22 ok" in outs["table COMMAND"].decode(),
         "valid wide characters are shown as they are")

    code, out, err = run(["-L", "-n", "-o", "lwp,tname", "-p", P])
    got = dict(line.lstrip(b" ").split(b" ", 1) for line in out.split(b"\n") if line)
    t.eq(got, {str(x).encode(): table_escape(comm_of(pid, x)) for x in [pid] + tids},
         "table: each name is its bytes with exactly the unsafe ones as \\xHH")

    # 2. Alignment: the hostile columns are not last and the last column
    # is right-aligned, so every line has the same display width.
    for name in ("table -L -o tname,comm first", "tree -tL names first"):
        for env in ({}, {"LC_ALL": "C"}):
            args = dict(views)[name]
            code, out, err = run(args, env=env)
            text = out.decode("utf-8" if not env else "ascii")
            widths = sorted(set(width(line) for line in text.split("\n") if line))
            t.ok(len(widths) == 1 and len(text.split("\n")) > len(NAMES),
                 "%s%s: every line has the same display width" % (name, " (LC_ALL=C)" if env else ""),
                 "widths %r\n%s" % (widths, text))

    # 3. -r decodes back to the exact bytes of /proc.
    # The command's arguments are joined by plain spaces (the last column).
    def raw_rows(out):
        rows = [line.split(b" ", 3) for line in out.split(b"\n") if line]
        return {int(r[0]): (unraw(r[1]), unraw(r[2]), [unraw(a) for a in r[3].split(b" ")])
                for r in rows if len(r) == 4}
    code, out, err = run(["-L", "-r", "-n", "-o", "lwp,tname,comm,command", "-p", P])
    rows = [line.split(b" ", 3) for line in out.split(b"\n") if line]
    t.ok(all(len(r) == 4 for r in rows) and len(rows) == len(tids) + 1,
         "-r: every row has 4 fields, one per task", rows[:3])
    got = raw_rows(out)
    want = {x: (comm_of(pid, x), LEADER, argv) for x in [pid] + tids}
    t.eq(got, want, "-r: TNAME, COMM and each argument of COMMAND decode to the bytes of /proc")
    # maps shows a newline in a path as \012: lwps gives the file's name.
    code, out, err = run(["-m", "-r", "-n", "-o", "mapping", P])
    paths = [unraw(x) for x in out.split(b"\n")]
    t.ok(mapfile in paths, "-m -r: the mapped path decodes to the file's bytes",
         (mapfile, [x for x in paths if b"map-" in x]))

    # 4. JSON: valid, strict, and the exact bytes in raw_bytes.
    code, out, err = run(["-L", "-J", "-p", P])
    try:
        doc = strict_json(out.decode("utf-8"))
        t.ok(True, "-L -J parses strictly as UTF-8 JSON")
    except (ValueError, UnicodeDecodeError) as e:
        doc = {"processes": [{}]}
        t.ok(False, "-L -J parses strictly as UTF-8 JSON", e)
    proc = doc["processes"][0]
    t.eq(proc.get("comm"), lwps_json_string(LEADER), "JSON comm: invalid bytes become U+FFFD")
    t.eq(proc.get("raw_bytes", {}).get("comm"), LEADER.hex(), "JSON raw_bytes.comm holds the exact bytes")
    t.eq(proc.get("cmdline"), [lwps_json_string(a) for a in argv], "JSON cmdline, invalid bytes as U+FFFD")
    t.eq(proc.get("raw_bytes", {}).get("cmdline"),
         [None if lwps_json_string(a).encode() == a else a.hex() for a in argv],
         "JSON raw_bytes.cmdline holds the exact bytes of each invalid argument")
    ths = {th.get("tid"): th for th in proc.get("threads", [])}
    t.eq({x: ths.get(x, {}).get("comm") for x in tids}, {x: lwps_json_string(comm_of(pid, x)) for x in tids},
         "JSON thread names, invalid bytes as U+FFFD, control characters escaped")
    t.eq({x: (ths.get(x, {}).get("raw_bytes") or {}).get("comm") for x in tids},
         {x: None if lwps_json_string(comm_of(pid, x)).encode() == comm_of(pid, x) else comm_of(pid, x).hex()
          for x in tids}, "JSON thread raw_bytes.comm holds the exact bytes, only when invalid")
    code, out, err = run(["-m", "-J", P])
    try:
        mdoc = strict_json(out.decode("utf-8"))
        mp = [m for m in mdoc["processes"][0]["maps"] if "map-" in (m.get("path") or "")]
    except (ValueError, UnicodeDecodeError, KeyError, IndexError) as e:
        mp = [{"error": str(e)}]
    t.ok(len(mp) == 1 and mp[0].get("raw_bytes", {}).get("path") == mapfile.hex(),
         "-m -J: the mapped path parses, with its exact bytes in raw_bytes", mp)
    code, out, err = run(["-t", "-L", "-J", "-p", P])
    try:
        strict_json(out.decode("utf-8"))
        t.ok(code == 0, "-t -L -J parses strictly")
    except (ValueError, UnicodeDecodeError) as e:
        t.ok(False, "-t -L -J parses strictly", e)

    # JSON shown on a terminal cannot move it: DEL, C1 and bidi controls
    # are \uXXXX in the text, as the control characters are.
    for args in (["-L", "-J", "-p", P], ["-tL", "-J", "-p", P], ["-m", "-J", P]):
        code, out, err = run(args)
        t.eq((code, unsafe(out)), (0, []), "%s: no DEL, C1 or bidi control in the JSON text" % " ".join(args[:2]))
    code, out, err = run(["-L", "-J", "-p", P])
    t.ok(all(e in out for e in (b"\\u0085\\u009b2J", b"\\u202eevil\\u2066x", b"\\u007f")),
         "-L -J: U+0085, U+009B, U+202E, U+2066 and DEL written as \\uXXXX", out[:400])

    # 5. --save / --load keeps the exact bytes.
    snap = os.path.join(tmp, "hostile.json")
    code, out, err = run(["--save", snap, "-p", P])
    t.eq((code, unsafe(read_bytes(snap))), (0, []), "--save: no DEL, C1 or bidi control in the file")
    code2, out2, err2 = run(["--load", snap, "-L", "-r", "-n", "-o", "lwp,tname,comm,command"])
    got = raw_rows(out2)
    t.eq((code, code2, got), (0, 0, want), "--save then --load: the names decode to the same bytes")
    code, out, err = run(["--load", snap, "-L", "-w"])
    t.eq(unsafe(out), [], "--load: the table is safe too")

    # A snapshot file is as hostile as /proc: JSON escapes (\u001b, C1,
    # bidi) in its strings are shown escaped too; bad raw_bytes are refused.
    doc = strict_json(open(snap).read())
    pr = doc["processes"][0]
    pr.pop("raw_bytes", None)
    pr["comm"] = "\x1b]0;pwned\x07\u202e\u009b2J\x7f"
    pr["cmdline"] = ["\x1b[2J", "\u0085x", "\u2066ok"]
    for th in pr["threads"]:
        th.pop("raw_bytes", None)
        th["comm"] = "\x1b[H\x0d\x08"
    crafted = os.path.join(tmp, "crafted.json")
    with open(crafted, "w") as f:
        json.dump(doc, f)
    res = []
    for args in (["-L", "-w"], ["-w"], ["-tL", "-w"], ["-L", "-r"], ["-m", "-w", P], ["-m", "--layout", P]):
        code, out, err = run(["--load", crafted] + args)
        res.append((args, code, unsafe(out), b"\\x1b]0;pwned" in out or b"\\x1b[2J" in out or b"\\x1b[H" in out))
    t.ok(all(c == 0 and not u for a, c, u, s in res) and sum(s for a, c, u, s in res) >= 4,
         "--load of a crafted snapshot: every text view escapes its names", res)
    code, out, err = run(["--load", crafted, "-L", "-J"])
    t.ok(code == 0 and unsafe(out) == [] and strict_json(out.decode())["processes"][0]["comm"] == pr["comm"],
         "--load of a crafted snapshot, -J: its controls escaped, the string the same", unsafe(out))
    for bad, why in (("1b5", "odd"), ("zz1b", "bad")):
        pr["raw_bytes"] = {"comm": bad}
        with open(crafted, "w") as f:
            json.dump(doc, f)
        code, out, err = run(["--load", crafted, "-L"])
        t.ok(code == 2 and out == b"" and "raw_bytes" in err, "--load: %s hex in raw_bytes is refused (exit 2)"
             % why, (code, err))

    # Colors: the only escape sequences are lwps's own SGR colors.
    code, out, err = run(["--color=always", "-L", "-w", "-p", P])
    seqs = set(re.findall(rb"\x1b[^m]{0,12}m?", out))
    t.ok(code == 0 and seqs and all(re.fullmatch(rb"\x1b\[[0-9;]*m", x) for x in seqs)
         and unsafe(re.sub(rb"\x1b\[[0-9;]*m", b"", out)) == [],
         "--color=always: only SGR color sequences, names still escaped", seqs)

    # 6. A 1 MiB command line, shown whole.  One argument is at most
    # MAX_ARG_STRLEN (32 pages) and all of them at most ARG_MAX, so it is
    # eight arguments of 128 KiB each.
    arg_max = os.sysconf("SC_ARG_MAX")
    env_size = sum(len(k) + len(v) + 2 for k, v in os.environ.items()) + 4096
    piece = 32 * 4096 - 1
    if arg_max < 8 * (piece + 1) + env_size + len(CHILD) + 4096:
        for name in ("1 MiB command line with -w", "-r", "-J"):
            t.skip(name, "ARG_MAX is %d" % arg_max)
    else:
        big_args = [(("%d:" % i).encode() + bytes(range(0x21, 0x7f)) * 1400)[:piece - 4] + b"\x1b\xff\\ "
                    for i in range(8)]
        big, bids = spawn("bigcmd", big_args)
        bcmd = read_bytes("/proc/%d/cmdline" % bids[0])
        bargv = bcmd.split(b"\0")[:-1]
        t.ok(len(bcmd) >= 1 << 20 and bargv[3:] == big_args, "the kernel holds a 1 MiB command line",
             len(bcmd))
        code, out, err = run(["-w", "-n", "-o", "pid,command", "-p", str(bids[0])])
        line = out.rstrip(b"\n")
        shown = b" ".join(table_escape(a) for a in bargv)
        t.ok(code == 0 and line.split(None, 1)[1:] == [shown], "1 MiB command line with -w: shown whole",
             (code, len(line), len(shown)))
        code, out, err = run(["-r", "-n", "-o", "command", "-p", str(bids[0])])
        t.eq([unraw(a) for a in out.rstrip(b"\n").split(b" ")], bargv,
             "-r: the 1 MiB command line decodes exactly, argument by argument")
        code, out, err = run(["-J", "-o", "command", "-p", str(bids[0])])
        try:
            cl = strict_json(out.decode("utf-8"))["processes"][0]["cmdline"]
        except (ValueError, UnicodeDecodeError, KeyError, IndexError) as e:
            cl = str(e)
        t.eq(cl, [lwps_json_string(a) for a in bargv], "-J: the 1 MiB command line whole")
finally:
    stop(p)
    if big:
        stop(big)
    try:
        os.unlink(mapfile)
        os.rmdir(tmp)
    except OSError:
        pass
t.done()
