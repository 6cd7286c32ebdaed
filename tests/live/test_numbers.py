"""test_numbers.py - numbers keep their value (issue 14 item 6): an
integer past 2^53 is a decimal string in JSON, exact; times have the
precision of the kernel's clock; a TPGID of -1 (no terminal) is told apart
from unknown in text and JSON.  Each value is compared with the kernel's
own file."""

import mmap
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import Tap, read_bytes, run, run_json, strict_json  # noqa: E402

t = Tap()
PAGE = mmap.PAGESIZE
BIG = (1 << 53) + PAGE          # a file offset a double cannot hold exactly
HZ = os.sysconf("SC_CLK_TCK")
PLACES = len(str(HZ - 1)) if HZ > 1 else 0   # 2 at HZ=100

# A process that maps a sparse memfd at that offset (never touched: no
# page is read) and waits; it lives only while this test looks at it.
CHILD = """
import mmap, os, sys
fd = os.memfd_create("lwpstest-bigoff")
os.ftruncate(fd, %d + mmap.PAGESIZE)
m = mmap.mmap(fd, mmap.PAGESIZE, mmap.MAP_SHARED, mmap.PROT_READ, offset=%d)
print("ready", flush=True)
sys.stdin.read()
""" % (BIG, BIG)

# 1. A mapping's offset past 2^53, as the kernel's maps file gives it.
child = subprocess.Popen([sys.executable, "-c", CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         start_new_session=True)
try:
    ready = child.stdout.readline().strip() == b"ready"
    pid = str(child.pid)
    kernel = [line.split() for line in read_bytes("/proc/%s/maps" % pid).decode().splitlines()
              if "lwpstest-bigoff" in line] if ready else []
    t.eq([int(k[2], 16) for k in kernel], [BIG], "the kernel maps the memfd at offset 2^53 + a page")

    code, doc, err = run_json(["-m", "-o", "start,offset,mapping", pid])
    maps = [m for m in doc["processes"][0]["maps"] if "lwpstest-bigoff" in (m["path"] or "")]
    t.eq([(m["start"], m["offset"]) for m in maps], [("0x" + k[0].split("-")[0].lstrip("0"), str(BIG))
                                                     for k in kernel],
         "-m -J writes that offset as the exact decimal string %d" % BIG)
    small = [m["offset"] for m in doc["processes"][0]["maps"] if "lwpstest-bigoff" not in (m["path"] or "")]
    t.ok(small and all(isinstance(o, int) and o <= 1 << 53 for o in small),
         "offsets up to 2^53 stay JSON numbers", small[:5])
    code, out, err = run(["-m", "-n", "-o", "offset,mapping", pid])
    t.eq([line.split()[0] for line in out.decode().splitlines() if "lwpstest-bigoff" in line],
         [k[2].lstrip("0") for k in kernel], "-m text shows the offset in hex, as the kernel does")
    code, out, err = run(["--save", "-", "-p", pid])
    saved = [m["offset"] for p in strict_json(out.decode())["processes"] for m in p.get("maps") or []
             if "lwpstest-bigoff" in (m["path"] or "")]
    t.eq(saved, [str(BIG)], "--save writes it the same way")
finally:
    child.stdin.close()
    child.wait(timeout=20)

# 2. Times: this process's start time and CPU time to the clock's precision.
me = str(os.getpid())
code, out, err = run(["-J", "-o", "start,elapsed,time", "-p", me])
doc = strict_json(out.decode())
p = doc["processes"][0]
stat = read_bytes("/proc/%s/stat" % me).rsplit(b")", 1)[1].split()
btime = next(int(line.split()[1]) for line in read_bytes("/proc/stat").splitlines() if line.startswith(b"btime "))
start = btime + int(stat[19]) / HZ
t.eq(p["start_time"], round(start, PLACES), "start_time is btime + stat's starttime / HZ, to %d places" % PLACES)
t.eq(p["elapsed"], round(doc["taken_at"] - round(start, PLACES), PLACES),
     "elapsed is taken_at - start_time, to %d places" % PLACES)
printed = re.findall(rb'"(start_time|elapsed|cpu_time|taken_at)":(-?[0-9.eE+]+)', out)
t.ok(len(printed) == 4 and all(re.fullmatch(rb"-?[0-9]+(\.[0-9]{1,%d})?" % max(PLACES, 2), v) for k, v in printed),
     "each time is printed with at most %d decimals, never as 890.659999847412" % max(PLACES, 2), printed)

# 3. TPGID: -1 without a terminal, in text and JSON, as stat field 8 says.
child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE,
                         start_new_session=True)
try:
    pid = str(child.pid)
    tpgid = int(read_bytes("/proc/%s/stat" % pid).rsplit(b")", 1)[1].split()[5])
    t.eq(tpgid, -1, "a new session has no terminal: stat's tpgid is -1")
    code, doc, err = run_json(["-o", "tpgid,tty", "-p", pid])
    t.eq((doc["processes"][0]["tpgid"], doc["processes"][0]["tty"]), (-1, None),
         "JSON: tpgid -1 (no terminal), told apart from null (unknown)")
    code, out, err = run(["-n", "-o", "tpgid", "-p", pid])
    t.eq(out.decode().split(), ["-1"], "text: TPGID -1, told apart from - (unknown)")
finally:
    child.stdin.close()
    child.wait(timeout=20)
t.done()
