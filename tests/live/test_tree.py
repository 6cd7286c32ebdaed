"""test_tree.py - lwps -t against pstree and /proc: parent/child pairs, a
deep chain, a child in a new pid namespace, an orphan adopted by a
subreaper, threads inside their process, a child under the thread that
forked it, hostile names in the art, and edited snapshots: a cycle of
parents and a chain 20,000 deep."""

import os
import re
import resource
import subprocess
import sys
import tempfile
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import (LWPS, Fixture, Tap, cloned_snapshot, proc_children, proc_stat,  # noqa: E402
                      proc_status, read_bytes, run, run_json, tids_of, unraw)

t = Tap()


def proc_pairs(root):
    """(parent, child) pairs of root's subtree, from every /proc/PID/stat."""
    ppid = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                ppid[int(d)] = int(proc_stat("/proc/%s/stat" % d)[1][1])
            except (OSError, ValueError, IndexError):
                pass
    kids = {}
    for c, p in ppid.items():
        kids.setdefault(p, []).append(c)
    pairs, todo = set(), [root]
    while todo:
        p = todo.pop()
        for c in kids.get(p, []):
            pairs.add((p, c))
            todo.append(c)
    return pairs


def pstree_pairs(root):
    """(parent, child) pairs from pstree's art: a node's parent is the node
    whose text ends three columns (the connector) before it starts."""
    out = subprocess.run(["pstree", "-A", "-l", "-p", "-c", "-T", str(root)],
                         capture_output=True, check=True).stdout.decode()
    token = re.compile(r"(?:^|(?<=-\+-)|(?<=---)|(?<=\|-)|(?<=`-))([^ |`]+?)\((\d+)\)")
    ends, pairs = {}, set()
    for line in out.splitlines():
        for m in token.finditer(line):
            pid = int(m.group(2))
            parent = ends.get(m.start() - 3)
            if parent is not None and m.start() > 0:
                pairs.add((parent, pid))
            ends[m.end()] = pid
    return pairs


def json_pairs(procs, parent=None, out=None, depth=0, depths=None):
    out = set() if out is None else out
    depths = {} if depths is None else depths
    for p in procs:
        if parent is not None:
            out.add((parent, p["pid"]))
        depths[p["pid"]] = depth
        json_pairs(p["children"], p["pid"], out, depth + 1, depths)
    return out, depths


def flatten(procs):
    for p in procs:
        yield p
        yield from flatten(p["children"])


fx = Fixture()
try:
    s = fx.shapes
    root = fx.proc.pid

    # 1. Parent/child pairs of the fixture's subtree: lwps = pstree = /proc.
    code, doc, err = run_json(["-t", "-p", str(root)])
    t.eq(code, 0, "lwps -t -J -p FIXTURE exits 0")
    t.eq([p["pid"] for p in doc["processes"]], [root], "the selected process is the only root")
    ours, depth = json_pairs(doc["processes"])
    kernel = proc_pairs(root)
    t.ok(len(kernel) >= 20, "fixture subtree has many processes", len(kernel))
    t.eq(ours, kernel, "lwps -t -J pairs equal /proc's")
    t.eq(ours, pstree_pairs(root), "lwps -t -J pairs equal pstree -p's")
    pids = [p["pid"] for p in flatten(doc["processes"])]
    t.eq(len(pids), len(set(pids)), "every process appears exactly once")

    # The text tree has the same shape: indentation grows with depth.
    code, out, err = run(["-t", "-w", "-o", "pid,command", "-p", str(root)])
    lines = out.decode().split("\n")
    col = lines[0].index("COMMAND")
    art = {}
    for r in lines[1:-1]:
        m = re.match(r"[ │├└─]*", r[col:])
        art[int(r[:col])] = len(m.group(0)) // 3
    t.eq(art, depth, "text tree indentation equals JSON depth for every process")

    # 2. The deep chain sits where the kernel puts it.
    chain = s["chain"]
    t.eq([depth[p] - depth[chain[0]] for p in chain], list(range(8)), "chain of 8 nests 8 deep")
    t.ok(all((a, b) in ours for a, b in zip(chain, chain[1:])), "chain links are parent->child")

    # 3. Pid namespace child: nspid [host pid, 1], marked as a new namespace.
    if "pidns" in s:
        nsp, nsc = s["pidns"]
        node = next(p for p in flatten(doc["processes"]) if p["pid"] == nsc)
        t.eq(node["nspid"], [nsc, 1], "namespace child's nspid is [host pid, 1]")
        t.eq(node["nspid"], [int(x) for x in proc_status("/proc/%d/status" % nsc)["NSpid"].split()],
             "namespace child's nspid equals /proc")
        t.ok(node["new_pid_ns"] is True, "namespace child is marked as a new pid namespace")
        parent = next(p for p in flatten(doc["processes"]) if p["pid"] == nsp)
        t.ok(parent["new_pid_ns"] is False and (nsp, nsc) in ours, "its parent is not marked, and is its parent")
        code, out, err = run(["-t", "-w", "-n", "-o", "pid,nspid,command", "-p", str(nsp)])
        line = [x for x in out.decode().splitlines() if x.split()[0] == str(nsc)]
        t.ok(line and line[0].split()[1] == "1" and "[pidns]" in line[0],
             "text: NSPID column shows 1 and the art marks [pidns]", line)
    else:
        for name in ("nspid is [host pid, 1]", "nspid equals /proc", "marked", "parent", "text marker"):
            t.skip("namespace child: " + name, fx.skipped.get("pidns", "no pidns shape"))

    # 4. The orphan hangs under its subreaper.
    reaper, orphan = s["orphan"]
    t.ok((reaper, orphan) in ours, "orphan is the subreaper's child", (reaper, orphan))
    t.eq(int(proc_stat("/proc/%d/stat" % orphan)[1][1]), reaper, "and /proc agrees")

    # 5. Zombies and a zombie leader with live threads.
    zpid, zpar = s["zombie"]
    code, out, err = run(["-t", "-w", "-n", "-o", "pid,stat,command", "-p", str(zpar)])
    zl = [x for x in out.decode().splitlines() if x.split()[0] == str(zpid)]
    t.ok(zl and zl[0].split()[1] == "Z" and zl[0].rstrip().endswith("<defunct>"),
         "zombie shows as <defunct> with state Z", zl)
    exl = s["exitleader"]
    code, doc2, err = run_json(["-t", "-L", "-p", str(exl[0])])
    node = doc2["processes"][0]
    t.eq([(th["tid"], th["state"]) for th in node["threads"]],
         [(exl[0], "Z"), (exl[1], "S"), (exl[2], "S")], "zombie leader keeps its live threads under it")

    # 6. -tL: threads inside their process, leader first, before children.
    thr = s["threads"]
    code, out, err = run(["-tL", "-w", "-o", "pid,lwp,stat,command", "-p", str(root)])
    lines = out.decode().split("\n")[1:-1]
    idx = next(i for i, x in enumerate(lines) if x.split()[:2] == [str(thr[0]), str(thr[0])])
    block = [x.split()[1] for x in lines[idx:idx + 6]]
    t.eq(block, [str(thr[0])] + [str(x) for x in sorted(tids_of(thr[0]))],
         "-tL lists the process row, then its threads, leader first")
    t.ok(lines[idx].split()[0] == lines[idx + 1].split()[0] == str(thr[0]),
         "the process row and its leader thread row share the pid")
    t.ok(all("{" in x and "}" in x for x in lines[idx + 1:idx + 6]), "thread rows show {name}",
         lines[idx + 1:idx + 6])
    t.ok(any("{worker one}" in x for x in lines) and any("{a) (b}" in x for x in lines),
         "thread names appear in the tree")
    chain_block = [x for x in lines if x.split()[0] == str(chain[0])]
    t.ok(len(chain_block) == 2, "a single-threaded process has one thread row under it", chain_block)

    # 7. Hostile names never break the art or the alignment.
    code, out, err = run(["-tL", "-o", "pid,lwp,command,nlwp", "-p", str(thr[0])])
    text = out.decode("utf-8")
    t.ok(not any(ord(c) < 0x20 and c != "\n" or ord(c) == 0x7f for c in text), "no control bytes in the tree")

    def width(line):
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
    widths = {width(x) for x in text.split("\n") if x}
    t.eq(len(widths), 1, "every tree line has the same display width (aligned)")
    t.ok("{\\x1b[2J}" in text and "{bad\\xff\\xfename}" in text, "escaped names in the art", text)

    # -r is for programs: no art in the data; PPID gives the shape, and the
    # command's arguments split on spaces.
    code, out, err = run(["-t", "-r", "-n", "-o", "pid,ppid,command", "-p", str(root)])
    rows = [x.split(b" ") for x in out.split(b"\n")[:-1]]
    t.ok(code == 0 and not any(c in out.decode() for c in "│├└─") and b"[pidns]" not in out,
         "-t -r: no tree art in the data", out[:300])
    t.eq({(int(r[1]), int(r[0])) for r in rows[1:]}, kernel, "-t -r: PID and PPID give the tree's pairs")
    t.eq([unraw(w) for w in rows[0][2:]], read_bytes("/proc/%d/cmdline" % root).split(b"\0")[:-1],
         "-t -r: the command's words are its arguments")
    code, out, err = run(["-tL", "-r", "-n", "-o", "pid,lwp,command", "-p", str(thr[0])])
    rows = [x.split(b" ") for x in out.split(b"\n")[:-1]]
    t.ok(code == 0 and not any(c in out.decode() for c in "│├└─") and
         [r[1] for r in rows[1:]] == [str(x).encode() for x in sorted(tids_of(thr[0]))] and
         all(r[2].startswith(b"{") and r[2].endswith(b"}") and len(r) == 3 for r in rows[1:]),
         "-tL -r: thread rows are {name} as one word, with no art", rows)

    # 8. --ancestors: the chain from the root down to the selected process.
    code, doc3, err = run_json(["-t", "--ancestors", "-p", str(chain[7])])
    path, node = [], doc3["processes"]
    while node:
        t_node = node[0]
        path.append(t_node["pid"])
        node = t_node["children"]
    want, p = [], chain[7]
    while p > 0:
        want.append(p)
        p = int(proc_stat("/proc/%d/stat" % p)[1][1])
    t.eq(path, list(reversed(want)), "--ancestors shows the path from the root to the process")

    # 9. Siblings by start time then pid; -s reorders them.
    kids = next(p for p in flatten(doc["processes"]) if p["pid"] == root)["children"]
    keys = [(k["start_time"], k["pid"]) for k in kids]
    t.eq(keys, sorted(keys), "siblings are ordered by start time, then pid")
    code, doc4, err = run_json(["-t", "-s", "-pid", "-p", str(root)])
    order = [k["pid"] for k in doc4["processes"][0]["children"]]
    t.eq(order, sorted(order, reverse=True), "-s -pid orders siblings by descending pid")

    # 10. -tL: a child forked by a thread other than the leader hangs from
    # that thread, as the kernel lists it only in that thread's children.
    tf, tfl, tidle, tforker, tfc = s["thrfork"]
    kernel_kids = {tid: proc_children(tf, tid) for tid in tids_of(tf)}
    checks = ["/proc lists each child under the thread that forked it",
              "text: the thread's child follows its row, one level deeper",
              "text: the art continues past the thread's child",
              "text: the leader's child follows every thread, at the process's level",
              "-tL -J: the child is in its thread's children, other threads' are empty",
              "-tL -J: the process's children hold only the leader's child",
              "-tL -J: each thread's children equal its /proc children file",
              "-tL -J: the thread's child is a whole process object",
              "-t -J: both children are in the process's children",
              "-tL -J: the fixture's parent/child pairs equal -t's, each once"]
    if None in kernel_kids.values():
        for name in checks:
            t.skip(name, "the kernel lacks /proc/PID/task/TID/children (CONFIG_PROC_CHILDREN)")
    else:
        t.eq(kernel_kids, {tf: [tfl], tidle: [], tforker: [tfc]}, checks[0])
        code, out, err = run(["-tL", "-w", "-o", "pid,lwp,command", "-p", str(tf)])
        lines = out.decode().split("\n")
        col = lines[0].index("COMMAND")
        rows = [(int(x.split()[0]), int(x.split()[1]), x[col:]) for x in lines[1:-1]]

        def art_depth(text):
            return len(re.match(r"[ │├└─]*", text).group(0)) // 3
        fi = next(i for i, r in enumerate(rows) if r[:2] == (tf, tforker))
        after = rows[fi + 1] if fi + 1 < len(rows) else (0, 0, "")
        t.ok(after[:2] == (tfc, tfc) and art_depth(after[2]) == art_depth(rows[fi][2]) + 1, checks[1], rows)
        t.ok(rows[fi][2].startswith("├─ {tfk-forker}") and after[2].startswith("│  └─ "), checks[2],
             [r[2] for r in rows])
        li = next(i for i, r in enumerate(rows) if r[:2] == (tfl, tfl))
        threads_seen = [r[1] for r in rows[1:li] if r[0] == tf]
        t.ok(threads_seen == [tf] + sorted([tidle, tforker]) and art_depth(rows[li][2]) == 1 and
             rows[li][2].startswith("└─ "), checks[3], rows)

        code, doc5, err = run_json(["-tL", "-p", str(tf)])
        node = doc5["processes"][0]
        by_tid = {th["tid"]: [c["pid"] for c in th["children"]] for th in node["threads"]}
        t.eq(by_tid, {tf: [], tidle: [], tforker: [tfc]}, checks[4])
        t.eq([c["pid"] for c in node["children"]], [tfl], checks[5])
        t.eq({k: v for k, v in by_tid.items() if k != tf}, {k: v for k, v in kernel_kids.items() if k != tf},
             checks[6])
        child = (next(th for th in node["threads"] if th["tid"] == tforker)["children"] or [{}])[0]
        t.ok(child.get("ppid") == tf and [th["tid"] for th in child["threads"]] == [tfc] and
             child["children"] == [] and child["threads"][0]["children"] == [], checks[7], child)
        code, doc6, err = run_json(["-t", "-p", str(tf)])
        node = doc6["processes"][0]
        t.ok("threads" not in node and sorted(c["pid"] for c in node["children"]) == sorted([tfl, tfc]),
             checks[8], node["children"])

        def walk(procs, parent, out):
            for p in procs:
                out.append((parent, p["pid"]))
                for th in p["threads"]:
                    walk(th["children"], p["pid"], out)
                walk(p["children"], p["pid"], out)
            return out
        code, doc7, err = run_json(["-tL", "-p", str(root)])
        pairs7 = [x for x in walk(doc7["processes"], None, []) if x[0] is not None]
        t.eq(sorted(pairs7), sorted(ours), checks[9])
finally:
    fx.close()

# 11. The whole machine: pid 0 above pid 1 and kthreadd; valid JSON.
code, doc, err = run_json(["-t"])
t.eq(code, 0, "lwps -t -J for the whole machine exits 0")
top = doc["processes"]
t.ok(len(top) >= 1 and top[0]["pid"] == 0 and top[0].get("synthetic") is True,
     "pid 0 is the synthetic root", [p["pid"] for p in top][:5])
t.ok({1, 2} <= {c["pid"] for c in top[0]["children"]}, "pid 1 and kthreadd hang under pid 0")
code, flat, err = run_json([])
seen = [p["pid"] for p in flatten(doc["processes"]) if p["pid"] != 0]
t.eq(len(seen), len(set(seen)), "whole-machine tree lists every process once")
code, out, err = run(["-t", "-n", "-o", "pid,command"])
t.ok(out.split(b"\n")[0].split()[0] == b"0" and b"not a /proc entry" in out.split(b"\n")[0],
     "text tree starts with pid 0 marked as not a /proc entry")
code, out, err = run(["-t", "--ascii", "-n", "-o", "pid,command"])
t.ok(all(b < 0x80 for b in out) and (b"|- " in out or b"`- " in out), "--ascii draws with ASCII only")
code, out, err = run(["-t", "-n", "-o", "pid,command"], env={"LC_ALL": "C"})
t.ok(all(b < 0x80 for b in out), "a non-UTF-8 locale gets ASCII art")


# Edited snapshots: copies of this process with the parents rewritten.
tmp = tempfile.mkdtemp(prefix="lwps-tree-")


def rows_of(out):
    """The table's rows: no banner, no header."""
    return [x for x in out.decode().split("\n") if x.split()[:1] and x.split()[0].isdigit()]


def text_pids(out):
    return sorted(int(x.split()[0]) for x in rows_of(out))


# 12. A cycle of parents (10 -> 12 -> 11 -> 10, 13 a child of 12) hides
# nothing: it is cut at its lowest pid, which becomes a marked root.
cyc = cloned_snapshot(os.path.join(tmp, "cycle.json"), {1: 0, 10: 12, 11: 10, 12: 11, 13: 12})
code, out, err = run(["--load", cyc, "-L", "-n", "-o", "pid"])
t.eq((code, sorted(int(x) for x in out.split())), (0, [1, 10, 11, 12, 13]), "cycle snapshot: -L lists all five")
code, out, err = run(["--load", cyc, "-t", "-o", "pid,ppid,command"])
marked = [int(x.split()[0]) for x in rows_of(out) if "[ppid cycle]" in x]
t.eq((code, text_pids(out), marked), (0, [0, 1, 10, 11, 12, 13], [10]),
     "cycle: -t shows every process once, the lowest pid of the cycle marked")
code, out, err = run(["--load", cyc, "-tL", "-o", "pid,lwp,command"])
t.eq((code, text_pids(out)), (0, [0, 1, 1, 10, 10, 11, 11, 12, 12, 13, 13]),
     "cycle: -tL shows every process and its thread once")
code, doc, err = run_json(["--load", cyc, "-tL"])


def tree_pairs(procs, parent, out):
    for p in procs:
        out.append((parent, p["pid"], p.get("ppid_cycle", False)))
        for th in p.get("threads", []):
            tree_pairs(th["children"], p["pid"], out)
        tree_pairs(p["children"], p["pid"], out)
    return out


t.eq(sorted(tree_pairs(doc["processes"], -1, [])),
     sorted([(-1, 0, False), (0, 1, False), (-1, 10, True), (10, 11, False), (11, 12, False),
             (12, 13, False)]),
     "cycle: -tL -J nests 11, 12, 13 under 10, a root with ppid_cycle true")
code, out, err = run(["--load", cyc, "-t", "-n", "-o", "pid,command", "-p", "11"])
t.eq(text_pids(out), [11, 12, 13], "cycle: -t -p 11 shows its subtree")

# 13. A chain 20,000 deep: the art stops growing past 16 levels, each row
# says its depth, and nothing recurses that deep (a 256 KiB stack).
parents = {1: 0, 100: 1}
parents.update((pid, pid - 1) for pid in range(101, 20100))
deep = cloned_snapshot(os.path.join(tmp, "deep.json"), parents)


def small_stack():
    resource.setrlimit(resource.RLIMIT_STACK, (256 << 10, 256 << 10))


for args, rows in ((["-t"], 20002), (["-tL"], 40003)):
    p = subprocess.run([LWPS, "--load", deep, "-w", "-n", "-o", "pid,command"] + args, capture_output=True,
                       timeout=120, preexec_fn=small_stack, env=dict(os.environ, LC_ALL="C.UTF-8"))
    lines = rows_of(p.stdout)
    last = next((x for x in reversed(lines) if "{" not in x), "")
    t.ok(p.returncode == 0 and len(lines) == rows and max(len(x) for x in lines) < 120,
         "chain 20,000 deep, %s: %d rows, none wider than 120 columns" % (" ".join(args), rows),
         (p.returncode, len(lines), max((len(x) for x in lines), default=0), p.stderr[:200]))
    t.ok("[depth 20001] proc" in last and last.split()[0] == "20099",
         "chain 20,000 deep, %s: the deepest row is marked with its depth" % " ".join(args), last)
code, out, err = run(["--load", deep, "-t", "-w", "-n", "-o", "pid,command", "-p", "115"])
lines = rows_of(out)
t.ok(lines[0] == "  115 proc" and lines[16].endswith("\u2514\u2500 proc") and
     lines[17].endswith("\u2514\u2500 [depth 17] proc") and
     lines[16].index("\u2514") == lines[17].index("\u2514"),
     "16 levels drawn, the 17th at the 16th's place with its depth", lines[14:19])
for f in (cyc, deep):
    os.unlink(f)
os.rmdir(tmp)

t.done()
