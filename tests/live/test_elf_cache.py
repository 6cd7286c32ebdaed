"""test_elf_cache.py - the live source reads a mapped ELF file's program
headers once: at later refreshes of --watch -m (and of the browser's maps
screen) the file is only stat'ed, and read again once it changes.  Seen
with strace: the openat calls of the file, round by round."""

import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import LWPS, Tap, run_json  # noqa: E402

t = Tap()
STRACE = shutil.which("strace")
# LeakSanitizer cannot run under ptrace: a sanitizer build traced leaves it off.
TRACE_ENV = dict(os.environ, ASAN_OPTIONS="detect_leaks=0")

# A process that maps a copy of an ELF file, executable, as a library is.
MAPPER = r"""
import mmap, sys
f = open(sys.argv[1], "rb")
m = mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ | mmap.PROT_EXEC)
print("ready", flush=True)
sys.stdin.read()
"""


def opens_per_round(trace, start):
    """How many times each round opened the mapping at `start` (by
    map_files or by its path): rounds are split by the sleep between
    them."""
    rounds = [0]
    for line in trace.splitlines():
        if "clock_nanosleep" in line and "resumed" not in line:
            rounds.append(0)
        elif "openat(" in line and ("map_files/%x-" % start in line or "lwps-elf-" in line):
            rounds[-1] += 1
    return rounds


if not STRACE:
    t.skip("the ELF cache", "strace is not installed")
    t.done()
probe = subprocess.run([STRACE, "-o", os.devnull, "true"], capture_output=True)
if probe.returncode != 0:
    t.skip("the ELF cache", "strace cannot trace here: %s" % probe.stderr.decode().strip())
    t.done()

tmp = tempfile.mkdtemp(prefix="lwps-elf-")
os.chmod(tmp, 0o755)
elf = os.path.join(tmp, "object")
shutil.copy(LWPS, elf)
p = subprocess.Popen([sys.executable, "-c", MAPPER, elf], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
try:
    t.eq(p.stdout.readline(), b"ready\n", "a process maps a copy of an ELF file")
    code, doc, err = run_json(["-m", str(p.pid)])
    mine = [m for m in doc["processes"][0]["maps"] if m["path"] == elf]
    t.ok(code == 0 and len(mine) == 1 and mine[0]["segment"] in ("lib-rodata", "lib-text"),
         "lwps -m sees it as a shared object", mine)
    start = int(mine[0]["start"], 16) if mine else 0

    # Three rounds: the file is opened at the first only.
    out = os.path.join(tmp, "trace")
    r = subprocess.run([STRACE, "-f", "-e", "trace=openat,clock_nanosleep", "-o", out, LWPS,
                        "--watch", "0.1", "--count", "3", "-m", "-o", "start,segment", str(p.pid)],
                       capture_output=True, timeout=60, env=TRACE_ENV)
    rounds = opens_per_round(open(out).read(), start)
    t.eq((r.returncode, rounds), (0, [1, 0, 0]),
         "--watch -m: the file is opened at the first round only")

    # Changed between two rounds (its mtime and ctime move): read again.
    w = subprocess.Popen([STRACE, "-f", "-e", "trace=openat,clock_nanosleep", "-o", out, LWPS,
                          "--watch", "2", "--count", "2", "-m", "-J", "-o", "start", str(p.pid)],
                         stdout=subprocess.PIPE, env=TRACE_ENV)
    first = w.stdout.readline()
    os.utime(elf, (1, 1))
    rest = w.stdout.read()
    w.wait(timeout=60)
    rounds = opens_per_round(open(out).read(), start)
    t.eq((w.returncode, bool(first and rest), rounds), (0, True, [1, 1]),
         "a file changed between rounds is opened again")
    t.ok(re.search(rb'"start":"0x%x"' % start, rest) is not None, "and still shown", rest[:200])
finally:
    p.stdin.close()
    p.wait(timeout=20)
    shutil.rmtree(tmp, ignore_errors=True)
t.done()
