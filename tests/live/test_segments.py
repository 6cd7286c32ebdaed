"""test_segments.py - what each mapping is for, checked against the ELF
program headers of the mapped files, the kernel's maps, stat and syscall
files, on the fixture's segments shape: a program run from a memfd, a
64 MiB reservation with no access, anonymous memory right after the
program that its headers do not cover, three threads whose stacks share
one mapping and a guarded buffer no thread runs on."""

import os
import platform
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import Fixture, Tap, read_bytes, run, run_json  # noqa: E402

t = Tap()
ROOT = os.geteuid() == 0
PAGE = os.sysconf("SC_PAGE_SIZE")
PT_LOAD, PT_GNU_RELRO = 1, 0x6474E552


def kernel_maps(pid):
    rows = []
    for line in read_bytes("/proc/%d/maps" % pid).decode("utf-8", "replace").splitlines():
        w = line.split(None, 5)
        start, end = (int(x, 16) for x in w[0].split("-"))
        rows.append(dict(start=start, end=end, perms=w[1], offset=int(w[2], 16), inode=int(w[4]),
                         path=w[5] if len(w) > 5 else None))
    return rows


def program_headers(pid, m):
    """(type, offset, vaddr, memsz) of each program header of the file
    mapped at m, or None when it cannot be opened or is not ELF64."""
    for path in ("/proc/%d/map_files/%x-%x" % (pid, m["start"], m["end"]),
                 "/proc/%d/root%s" % (pid, m["path"] or "")):
        try:
            with open(path, "rb") as f:
                if os.fstat(f.fileno()).st_ino != m["inode"]:
                    continue
                head = f.read(64)
                if head[:4] != b"\x7fELF" or head[4] != 2:
                    return None
                phoff, = struct.unpack_from("<Q", head, 32)
                phentsize, phnum = struct.unpack_from("<HH", head, 54)
                f.seek(phoff)
                raw = f.read(phentsize * phnum)
                out = []
                for i in range(phnum):
                    p_type, _, p_offset, p_vaddr, _, _, p_memsz, _ = struct.unpack_from(
                        "<IIQQQQQQ", raw, i * phentsize)
                    out.append((p_type, p_offset, p_vaddr, p_memsz))
                return out
        except OSError:
            continue
    return None


def images(pid, maps):
    """inode -> (image end, relro start, relro end) of each mapped object,
    placed where its lowest mapping shows it is loaded."""
    out = {}
    for i, m in enumerate(maps):
        if m["inode"] == 0 or "x" not in m["perms"] or m["inode"] in out:
            continue
        first = i
        while first > 0 and maps[first - 1]["inode"] == m["inode"]:
            first -= 1
        ph = program_headers(pid, maps[first])
        loads = [p for p in ph or [] if p[0] == PT_LOAD]
        if not loads:
            continue
        load0 = min(loads, key=lambda p: p[2])
        bias = maps[first]["start"] - (load0[2] & ~(PAGE - 1))
        end = max(p[2] + p[3] for p in loads)
        relro = [p for p in ph if p[0] == PT_GNU_RELRO]
        rs = re = 0
        if relro:
            rs = (bias + relro[0][2]) & ~(PAGE - 1)
            re = (bias + relro[0][2] + relro[0][3]) & ~(PAGE - 1)
        out[m["inode"]] = ((bias + end + PAGE - 1) & ~(PAGE - 1), rs, re)
    return out


def lwps_maps(pid):
    code, doc, err = run_json(["-m", str(pid)])
    if code != 0:
        return []
    for m in doc["processes"][0]["maps"]:
        m["start"], m["end"] = int(m["start"], 16), int(m["end"], 16)
    return doc["processes"][0]["maps"]


def stat_fields(pid):
    raw = read_bytes("/proc/%d/stat" % pid)
    return [None] * 3 + raw[raw.rindex(b")") + 2:].split()   # st[n] is field n


def check_against_elf(pid, label):
    kmaps = kernel_maps(pid)
    imgs = images(pid, kmaps)
    got = lwps_maps(pid)
    t.ok(len(got) == len(kmaps) and imgs, "%s: lwps has every mapping; headers read" % label,
         (len(got), len(kmaps), len(imgs)))
    bad_relro, bad_bss, checked = [], [], 0
    for i, m in enumerate(got):
        img = imgs.get(int(m["inode"] or 0))
        if img and m["perms"] == "r--p":
            checked += 1
            inside = img[2] > img[1] and m["start"] >= img[1] and m["end"] <= img[2]
            if inside != m["segment"].endswith("relro"):
                bad_relro.append((hex(m["start"]), m["segment"], inside))
        if m["path"] is None and m["segment"] in ("bss", "lib-data"):
            prev = got[i - 1]
            pimg = imgs.get(int(prev["inode"] or 0))
            if not pimg or prev["end"] != m["start"] or m["end"] > pimg[0]:
                bad_bss.append((hex(m["start"]), m["segment"]))
    t.ok(checked > 0 and not bad_relro,
         "%s: a read-only piece of an object is relro exactly where PT_GNU_RELRO puts it" % label,
         bad_relro)
    t.ok(not bad_bss, "%s: anonymous memory is bss only within the object's p_memsz" % label, bad_bss)
    return got


with Fixture() as fx:
    pid, *tids = fx.shapes["segments"]
    got = check_against_elf(pid, "segments shape")
    check_against_elf(fx.shapes["maps"][0], "maps shape")
    by_start = {m["start"]: m for m in got}
    kmaps = kernel_maps(pid)

    # A program run from a memfd is a program, not shared memory.
    prog = [m for m in got if (m["path"] or "").startswith("/memfd:lwpsfx-seg")]
    t.ok(prog and {m["segment"] for m in prog} <= {"text", "rodata", "relro", "data"} and
         "text" in {m["segment"] for m in prog},
         "the memfd program's mappings are text/rodata/relro/data", [m["segment"] for m in prog])

    # Right after the program: 300 pages it did not map, not its bss.
    last = max(i for i, m in enumerate(kmaps) if (m["path"] or "").startswith("/memfd:lwpsfx-seg"))
    after = kmaps[last + 1]
    t.ok(after["path"] is None and after["end"] - after["start"] >= 300 * PAGE,
         "the kernel shows anonymous memory right after the program", after)
    t.eq(by_start[after["start"]]["segment"], "anon",
         "memory past the program's p_memsz is anon, not bss")

    # The reservation: no access, 64 MiB; the thread guard pages: guard.
    noaccess = {(m["end"] - m["start"], m["segment"]) for m in got if m["perms"] == "---p" and not m["path"]}
    t.ok((64 << 20, "reserved") in noaccess and (PAGE, "guard") in noaccess,
         "64 MiB with no access is reserved, a page is a guard", sorted(noaccess))

    # Three threads on one mapping: all three named, each by its stack pointer.
    stacks = [m for m in got if m["segment"] == "thread-stack" and m["end"] - m["start"] == 3 * 256 * 1024]
    t.ok(len(stacks) == 1, "one mapping holds the three threads' stacks", len(stacks))
    if stacks and ROOT:
        sps = {}
        for tid in tids:
            words = read_bytes("/proc/%d/task/%d/syscall" % (pid, tid)).split()
            sps[tid] = int(words[-2], 16) if len(words) in (3, 9) else None
        t.ok(all(sp is not None and stacks[0]["start"] <= sp < stacks[0]["end"] for sp in sps.values()),
             "the kernel puts each thread's stack pointer in that mapping", sps)
        t.eq(stacks[0]["tid"], min(tids), "JSON tid is the lowest of them")
        code, out, err = run(["-m", "-w", "-o", "start,segment", str(pid)])
        row = [line.split()[1] for line in out.decode().splitlines()[1:]
               if line.split()[:1] == ["%x" % stacks[0]["start"]]]
        t.eq(row, ["stack:" + ",".join(str(x) for x in sorted(tids))], "SEGMENT names all three threads")
    elif stacks:
        t.skip("stack pointers of the three threads", "needs root to read task/TID/syscall")
        t.skip("JSON tid of a merged stack", "needs root")
        t.skip("SEGMENT of a merged stack", "needs root")

    # The guarded buffer no thread runs on: every thread's stack pointer is
    # known (all are blocked), so its shape alone does not make it a stack.
    if ROOT:
        unnamed = [m for m in got if m["segment"] == "thread-stack" and not m["tid"]]
        t.eq(unnamed, [], "no stack:? while every thread's stack pointer is known")
        main = [m for m in got if m["segment"] == "stack"]
        t.ok(len(main) == 1 and main[0]["tid"] == pid and main[0]["thread_name"] == "lwpsfx-seg",
             "[stack] carries the main thread's tid and name", main)
        code, out, err = run(["-m", str(pid)])
        t.ok(code == 0 and b"not found" not in out, "no thread is listed as having no stack",
             out[-400:])
    else:
        for name in ("no stack:?", "[stack] tid", "stacks not found"):
            t.skip(name, "needs root to read task/TID/syscall")

    # The layout marks each address of the mm_struct where stat puts it.
    code, out, err = run(["-m", "--layout", str(pid)])
    text = out.decode()
    marks = {}
    for line in text.splitlines():
        w = line.split()
        if len(w) >= 3 and w[1] == "<-":
            marks[w[2].rstrip(":")] = int(w[0], 16)
    if ROOT:
        st = stat_fields(pid)
        want = {"start_code": 26, "end_code": 27, "start_stack": 28, "start_data": 45,
                "end_data": 46, "start_brk": 47}
        t.eq({k: marks.get(k) for k in want}, {k: int(st[f]) for k, f in want.items()},
             "the layout marks start_code ... start_brk at stat's addresses")
        heap = [m for m in kmaps if m["path"] == "[heap]"]
        t.eq(marks.get("brk"), heap[0]["end"] if heap else int(st[47]), "brk is the heap's end")
    else:
        t.skip("layout marks", "stat hides the mm's addresses from other users")
    if platform.machine() == "x86_64":
        beyond = [line.split()[1:3] for line in text.splitlines() if line.split()[:1] == ["..."]]
        t.ok(["128T", "kernel"] in beyond and ["16E", "hole"] in beyond,
             "above user space: the non-canonical hole and the kernel's half", beyond[:4])
    else:
        t.skip("the hole and the kernel's half", "the sizes checked are x86-64's")

t.done()
