"""test_pmap_fields.py - every field of every mapping `lwps -m -J` gives,
against `pmap -XX` (which prints every smaps field and VmFlags) and against
the kernel's smaps file, for each process of the fixture and for a helper
whose mappings make the rarer fields non-zero (MADV_FREE pages for
LazyFree, mlock for Locked, a huge page where the kernel gives one).

A shared file's pages are also mapped by lwps and pmap while they read
(libc): what depends on who else maps a page (PSS, and whether a clean or
dirty page counts as shared or private) is compared only where no other
reader can share the page, as test_maps.py does; the rest everywhere."""

import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import Fixture, Tap, read_bytes, run, run_json, strict_json  # noqa: E402

t = Tap()
ROOT = os.geteuid() == 0

# smaps key -> lwps's JSON key; the values are in kB in smaps and pmap,
# bytes in JSON.
SIZES = {
    "Size": "size", "KernelPageSize": "kernel_page_size", "MMUPageSize": "mmu_page_size",
    "Rss": "rss", "Pss": "pss", "Pss_Dirty": "pss_dirty", "Shared_Clean": "shared_clean",
    "Shared_Dirty": "shared_dirty", "Private_Clean": "private_clean",
    "Private_Dirty": "private_dirty", "Referenced": "referenced", "Anonymous": "anonymous",
    "KSM": "ksm", "LazyFree": "lazy_free", "AnonHugePages": "anon_huge_pages",
    "ShmemPmdMapped": "shmem_pmd_mapped", "FilePmdMapped": "file_pmd_mapped",
    "Shared_Hugetlb": "shared_hugetlb", "Private_Hugetlb": "private_hugetlb", "Swap": "swap",
    "SwapPss": "swap_pss", "Locked": "locked",
}
# What another reader mapping the same file page changes.
SHARER_DEPENDENT = {"Pss", "Pss_Dirty", "SwapPss", "Shared_Clean", "Private_Clean",
                    "Shared_Dirty", "Private_Dirty"}
# Keys lwps works out itself (segments, stacks), checked by other tests;
# the page sizes are not summed.
DERIVED = {"segment", "tid", "tids", "thread_name", "stack_last_seen", "raw_bytes"}
PER_MAPPING = {"kernel_page_size", "mmu_page_size", "thp_eligible", "vm_flags"}
HEADER = re.compile(rb"^([0-9a-f]+)-([0-9a-f]+) ")

HELPER = r"""
import ctypes, mmap, sys
libc = ctypes.CDLL(None, use_errno=True)
page = mmap.PAGESIZE
def region(n):
    m = mmap.mmap(-1, n, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    m.write(b"x" * n)
    return m, ctypes.addressof(ctypes.c_char.from_buffer(m))
lazy, _ = region(64 * page)
lazy.madvise(mmap.MADV_FREE)
locked, at = region(16 * page)
libc.mlock(ctypes.c_void_p(at), ctypes.c_size_t(16 * page))
big = mmap.mmap(-1, 8 << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
try:
    big.madvise(mmap.MADV_HUGEPAGE)
except (AttributeError, OSError):
    pass
big.write(b"y" * (8 << 20))
print("ready", flush=True)
sys.stdin.read()
"""


def smaps_of(pid):
    """The kernel's smaps: per mapping its header fields, each key's value
    (kB as an int, THPeligible as an int, VmFlags as text)."""
    maps = []
    for line in read_bytes("/proc/%d/smaps" % pid).split(b"\n"):
        if not line:
            continue
        if HEADER.match(line):
            words = line.split(None, 5)
            start, end = (int(x, 16) for x in words[0].split(b"-"))
            maps.append({"start": start, "end": end, "perms": words[1].decode(),
                         "offset": int(words[2], 16), "dev": words[3].decode(),
                         "inode": words[4].decode(), "path": words[5] if len(words) > 5 else None,
                         "keys": {}})
            continue
        key, value = line.decode().split(":", 1)
        value = value.strip()
        if value.endswith(" kB"):
            value = int(value[:-3])
        elif key == "THPeligible":
            value = int(value)
        maps[-1]["keys"][key] = value
    return maps


def pmap_xx(pid):
    """pmap -XX's rows as dicts of its header's names.  Its columns are
    right-aligned under their names but the last, Mapping, which follows
    VmFlags after a space: each value is cut where its name ends."""
    out = subprocess.run(["pmap", "-XX", str(pid)], capture_output=True, check=True).stdout.decode()
    lines = out.split("\n")
    header = lines[1]
    names, ends, at = [], [], 0
    for name in header.split():
        at = header.index(name, at) + len(name)
        names.append(name)
        ends.append(at)
    rows = []
    for line in lines[2:]:
        if not line.strip() or line.lstrip().startswith("="):
            continue
        if line.rstrip().endswith(" KB"):
            break   # the totals
        row, begin = {}, 0
        for name, end in zip(names[:-1], ends[:-1]):
            row[name] = line[begin:end].strip()
            begin = end
        row[names[-1]] = line[ends[-2] + 1:]
        rows.append(row)
    return rows


def want_from_smaps(s):
    """The JSON object lwps should give for one smaps block (the keys it
    reads from smaps; path as the kernel wrote it)."""
    w = {"start": "0x%x" % s["start"], "end": "0x%x" % s["end"], "perms": s["perms"],
         "offset": s["offset"], "dev": s["dev"], "inode": s["inode"]}
    for key, jkey in SIZES.items():
        w[jkey] = s["keys"][key] * 1024 if key in s["keys"] else None
    have = s["keys"]
    w["dirty"] = (have["Shared_Dirty"] + have["Private_Dirty"]) * 1024
    w["thp_eligible"] = have.get("THPeligible")
    w["vm_flags"] = have.get("VmFlags")
    w["extra"] = {k: (v * 1024 if isinstance(v, int) else v) for k, v in have.items()
                  if k not in SIZES and k not in ("THPeligible", "VmFlags")} or None
    path = s["path"]
    w["deleted"] = path is not None and path.endswith(b" (deleted)")
    w["path"] = None if path is None else path.decode("utf-8", "replace")
    return w


def shared_file(m):
    """Pages other readers may map too: a file, or shared memory."""
    return m["inode"] != "0" or m["perms"].endswith("s") or (m["path"] or "").startswith("[v")


def comparable(w, m):
    """Drops what another reader changes, for a row that is shared."""
    if not shared_file(m):
        return w
    drop = {SIZES[k] for k in SHARER_DEPENDENT}
    return {k: v for k, v in w.items() if k not in drop}


def from_lwps(m):
    """lwps's mapping, in want_from_smaps()'s terms."""
    got = {k: v for k, v in m.items() if k not in DERIVED}
    got.setdefault("extra", None)
    got.pop("path_ambiguous", None)
    return got


def processes_of(fx):
    """Every process of the fixture: the numbers of its shapes that are a
    process descending from the fixture (the maps shape also gives counts)."""
    mine = set()
    for nums in fx.shapes.values():
        for n in nums:
            try:
                status = read_bytes("/proc/%d/status" % n).decode("utf-8", "replace")
            except OSError:
                continue
            fields = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
            if int(fields["Tgid"]) != n:
                continue
            p, hops = n, 0
            while p > 1 and p != fx.proc.pid and hops < 64:
                try:
                    p = int(read_bytes("/proc/%d/stat" % p).rsplit(b")", 1)[1].split()[1])
                except OSError:
                    break
                hops += 1
            if p == fx.proc.pid:
                mine.add(n)
    return sorted(mine | {fx.proc.pid})


def mm_task(pid):
    """Where the kernel shows pid's address space: itself, or a live
    thread when the leader is a zombie (lwps reads the same)."""
    if read_bytes("/proc/%d/smaps" % pid):
        return pid
    for tid in sorted(int(x) for x in os.listdir("/proc/%d/task" % pid)):
        if read_bytes("/proc/%d/task/%d/smaps" % (pid, tid)):
            return tid
    return pid


def differences(before, maps, pm):
    """What lwps's mappings say otherwise than smaps and pmap -XX: lists
    of (theirs, lwps's) per mapping, and keys that should not be there."""
    bad_smaps, bad_pmap, bad_keys = [], [], []
    for s, m, p in zip(before, maps, pm):
        want, got = want_from_smaps(s), from_lwps(m)
        if "\\" in (want["path"] or ""):
            want.pop("path"), got.pop("path")   # the escapes: test_map_names.py
        if comparable(want, m) != comparable(got, m):
            bad_smaps.append((comparable(want, m), comparable(got, m)))
        # Every key lwps wrote is read from smaps or named as its own.
        unknown = set(m) - set(want) - DERIVED - {"path_ambiguous", "path"}
        if unknown:
            bad_keys.append(sorted(unknown))
        if m["tid"] != (m["tids"][0] if m["tids"] else None):
            bad_keys.append(("tid is not the lowest of tids", m["tid"], m["tids"]))
        if ROOT and m["path_ambiguous"]:
            bad_keys.append(("ambiguous though map_files is readable", m["path"]))
        if not p:
            continue
        # pmap -XX: the same figures in kB, the flags, the file's name.
        from_pmap = {"start": "0x" + p["Address"], "perms": p["Perm"], "offset": int(p["Offset"], 16),
                     "dev": p["Device"], "inode": p["Inode"], "vm_flags": p["VmFlags"],
                     "thp_eligible": int(p["THPeligible"]) if "THPeligible" in p else None}
        for key, jkey in SIZES.items():
            if key in p:
                from_pmap[jkey] = int(p[key]) * 1024
        mine = {k: (m.get(k) if k != "vm_flags" else m.get(k) or "") for k in from_pmap}
        name = m["path"].rsplit("/", 1)[-1] if m["path"] and m["path"].startswith("/") else m["path"]
        from_pmap["name"], mine["name"] = p["Mapping"], name or ""
        if comparable(from_pmap, m) != comparable(mine, m):
            bad_pmap.append((comparable(from_pmap, m), comparable(mine, m)))
    return bad_smaps, bad_pmap, bad_keys


def compare(pid, label):
    """One process: lwps against smaps and pmap -XX.  The kernel's figures
    move on their own (the page ager clears Referenced, a process sharing
    pages since fork writes to them), so the three are read again, up to
    ten times, until smaps is the same before and after and all agree: a
    field lwps gets wrong disagrees every time."""
    mm = mm_task(pid)
    # pmap shows nothing for a zombie leader; lwps reads a live thread's.
    by_pmap = mm == pid
    for attempt in range(10):
        before = smaps_of(mm)
        code, doc, err = run_json(["-m", str(pid)])
        pm = pmap_xx(mm) if by_pmap else [None] * len(before)
        procs = doc["processes"]
        maps = (procs[0]["maps"] if procs else None) or []
        bad = differences(before, maps, pm)
        if smaps_of(mm) == before and len(maps) == len(pm) == len(before) and bad == ([], [], []):
            break
    if not before:
        t.ok(maps == [], "%s: no mappings, none shown" % label, (code, err))
        return 0
    t.eq(len(maps), len(before), "%s: one object per smaps block (%d)" % (label, len(before)))
    if by_pmap:
        t.eq(len(pm), len(before), "%s: pmap -XX has as many rows" % label)
    else:
        t.skip("%s: pmap -XX" % label, "the leader is a zombie: pmap shows no mapping")
    bad_smaps, bad_pmap, bad_keys = bad
    t.eq(bad_smaps[:2], [], "%s: every field of every mapping equals smaps" % label)
    if by_pmap:
        t.eq(bad_pmap[:2], [], "%s: every field of every mapping equals pmap -XX" % label)
    t.eq(bad_keys[:3], [], "%s: every key is smaps's or lwps's own; tid is tids[0]" % label)
    total = procs[0]["maps_total"]
    sums = {k: sum(m[k] for m in maps) for k in total}
    t.eq(total, sums, "%s: maps_total is the sum of the mappings' amounts" % label)
    t.eq(sorted(PER_MAPPING & set(total)), [], "%s: maps_total has no page size, THP or flags" % label)
    return len(before)


fx = Fixture()
helper = subprocess.Popen([sys.executable, "-c", HELPER], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
try:
    t.eq(helper.stdout.readline(), b"ready\n", "the helper mapped its regions")
    pids = processes_of(fx)
    t.ok(len(pids) >= 10 and fx.shapes["maps"][0] in pids,
         "the fixture's processes are found (%d)" % len(pids), pids)
    rows = sum(compare(pid, "fixture process %d" % pid) for pid in pids)
    t.ok(rows >= 3000, "the fixture's mappings were compared (%d)" % rows)
    compare(helper.pid, "helper")
    # The helper's rarer fields are really there, so a key read into the
    # wrong place would show.
    code, doc, err = run_json(["-m", str(helper.pid)])
    maps = doc["processes"][0]["maps"]
    for key, least in (("lazy_free", 64 * 4096), ("locked", 16 * 4096)):
        kernel = sum(b["keys"].get(next(k for k, v in SIZES.items() if v == key), 0)
                     for b in smaps_of(helper.pid)) * 1024
        if kernel >= least:
            t.eq(sum(m[key] for m in maps), kernel, "helper: %s is the kernel's (%d bytes)" % (key, kernel))
        else:
            t.skip("helper: %s is the kernel's" % key, "the kernel shows %d bytes" % kernel)
    huge = sum(m["anon_huge_pages"] for m in maps)
    t.ok(huge == 0 or any(m["anon_huge_pages"] and m["thp_eligible"] == 1 for m in maps),
         "helper: a mapping with huge pages is THP-eligible", huge)
finally:
    helper.stdin.close()
    helper.wait(timeout=20)
    fx.close()

# A newer kernel's smaps keys: in a copy of the recorded /proc tree, one
# mapping gains a size and a line of text lwps does not know.  -m -J
# gives them under "extra", a snapshot keeps them, and loaded they come
# back the same.
DATA = os.path.join(os.environ.get("TESTS_SRCDIR") or os.path.join(os.path.dirname(__file__), ".."), "data")
tmp = tempfile.mkdtemp(prefix="lwps-pmapfields-")
tree = os.path.join(tmp, "proc")
shutil.copytree(os.path.join(DATA, "proc"), tree, symlinks=True)
pid = int(open(os.path.join(DATA, "proc-fixture.out")).readline().split()[1])
smaps = os.path.join(tree, str(pid), "smaps")
text = read_bytes(smaps)
at = text.index(b"\nVmFlags:") + 1   # the first mapping's last line
with open(smaps, "wb") as f:
    f.write(text[:at] + b"NewSize:              12 kB\nNewFlags: ab  cd \n" + text[at:])
env = {"LWPS_PROC_ROOT": tree, "TZ": "UTC"}
code, doc, err = run_json(["-m", str(pid)], env=env)
first = doc["processes"][0]["maps"][0] if code == 0 else {}
t.eq((code, first.get("extra")), (0, {"NewSize": 12288, "NewFlags": "ab  cd"}),
     "a newer kernel's keys are in -m -J's extra: a size in bytes, text as written")
t.ok(all("extra" not in m for m in doc["processes"][0]["maps"][1:]) if code == 0 else False,
     "only that mapping has extra")
snap1, snap2 = os.path.join(tmp, "a.json"), os.path.join(tmp, "b.json")
code, out, err = run(["--save", snap1, "-p", str(pid)], env=env)
saved = [p for p in strict_json(open(snap1).read())["processes"] if p["pid"] == pid] if code == 0 else []
t.eq(saved[0]["maps"][0].get("extra") if saved else None, {"NewSize": 12288, "NewFlags": "ab  cd"},
     "--save keeps them")
code2, out, err = run(["--load", snap1, "--save", snap2])
t.ok(code == code2 == 0 and read_bytes(snap1) == read_bytes(snap2),
     "--load then --save gives the same bytes, extra included", err)
shutil.rmtree(tmp, ignore_errors=True)
t.done()
