"""test_credentials.py - credentials are each thread's own, and NLWP and
the threads listed agree or the output says why.

Credentials: the fixture's `creds` shape has a thread that gave itself
other ids with the raw system calls (real, effective, saved and filesystem
uids and gids, two supplementary groups), which only root may do.  Every
credential column of every thread is compared with its task/TID/status and
with ps -L, in text, raw text, the tree and JSON, through --save and
--load, and a snapshot saved before lwps kept them all still loads.

Thread counts: the `churn` shape starts and joins threads all the time.
Every view of it either lists as many threads as NLWP says, and says
nothing, or marks NLWP and says why (a note under a table, threads_listed
in JSON).  A loaded snapshot whose nlwp was edited shows the same for
certain."""

import grp
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import (Fixture, Tap, proc_status, run, run_json, strict_json,  # noqa: E402
                      tids_of)

t = Tap()
tmp = tempfile.mkdtemp(prefix="lwps-creds-")

# Columns as ps names them: the effective id first, as status lists it second.
ID_COLS = ["uid", "ruid", "suid", "fuid", "gid", "rgid", "sgid", "fgid", "supgid"]
NAME_COLS = ["user", "ruser", "suser", "fuser", "group", "rgroup", "sgroup", "fgroup", "supgrp"]
# Where each id is in status's Uid: or Gid: line (real, effective, saved, fs).
PLACE = {"r": 0, "": 1, "s": 2, "f": 3}


def kernel_creds(path):
    """Every credential column's value, from a status file."""
    st = proc_status(path)
    uids = [int(x) for x in st["Uid"].split()]
    gids = [int(x) for x in st["Gid"].split()]
    out = {"supgid": [int(x) for x in st["Groups"].split()]}
    for kind, i in PLACE.items():
        out[kind + "uid"] = uids[i]
        out[kind + "gid"] = gids[i]
    return out


def user_name(uid):
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def group_name(gid):
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def names_of(ids):
    """The name columns' values for the ids of kernel_creds()."""
    out = {"supgrp": [group_name(g) for g in ids["supgid"]]}
    for kind in PLACE:
        out[kind + "user" if kind else "user"] = user_name(ids[kind + "uid"])
        out[kind + "group"] = group_name(ids[kind + "gid"])
    return out


def as_text(v):
    """A value as a text column shows it (lists comma-separated, - for none)."""
    if isinstance(v, list):
        return ",".join(map(str, v)) or "-"
    return str(v)


def raw_lines(args):
    """lwps -r -n ARGS: each line's fields."""
    code, out, err = run(list(args) + ["-r", "-n"])
    return code, [line.split(" ") for line in out.decode().splitlines()], err


def raw_rows(args):
    """lwps -r -n ARGS: {first field: the other fields}."""
    code, lines, err = raw_lines(args)
    return code, {f[0]: f[1:] for f in lines}, err


def ps_rows(pid, cols):
    p = subprocess.run(["ps", "-L", "--no-headers", "-o", ",".join(["lwp"] + cols), "-p", str(pid)],
                       capture_output=True, text=True, env=dict(os.environ, LC_ALL="C"))
    return {f[0]: f[1:] for f in (line.split() for line in p.stdout.splitlines())}


def check_creds(fx):
    pid, tid = fx.shapes["creds"]
    tids = tids_of(pid)
    t.eq(tids, [pid, tid], "creds: the process has its leader and the thread that changed its ids")
    want = {x: kernel_creds("/proc/%d/task/%d/status" % (pid, x)) for x in tids}
    names = {x: names_of(want[x]) for x in tids}
    t.eq((want[tid]["ruid"], want[tid]["uid"], want[tid]["suid"], want[tid]["fuid"], want[tid]["supgid"]),
         (40001, 40002, 40003, 40004, [40021, 40022]),
         "creds: task/%d/status has the thread's own ids, all distinct" % tid)
    t.ok(want[tid] != want[pid], "creds: the thread's ids are not its process's", (want[tid], want[pid]))
    P = str(pid)

    # Text, one word a field: each thread's own.
    for cols, expect in ((ID_COLS, want), (NAME_COLS, names)):
        code, rows, err = raw_rows(["-L", "-o", ",".join(["lwp"] + cols), "-p", P])
        t.eq((code, err, rows), (0, "", {str(x): [as_text(expect[x][c]) for c in cols] for x in tids}),
             "creds: lwps -L -r -o %s equals each task/TID/status" % ",".join(cols))
    # ps -L reads the same files; its columns are the same values.
    code, rows, err = raw_rows(["-L", "-o", ",".join(["lwp"] + ID_COLS + NAME_COLS), "-p", P])
    t.eq(rows, ps_rows(pid, ID_COLS + NAME_COLS),
         "creds: lwps -L -o lwp,%s equals ps -L" % ",".join(ID_COLS + NAME_COLS))
    # The aligned table and the tree show the same words.
    code, out, err = run(["-L", "-w", "-o", ",".join(["lwp"] + ID_COLS), "-p", P])
    lines = out.decode().splitlines()
    t.eq([line.split() for line in lines[1:]], [[str(x)] + [as_text(want[x][c]) for c in ID_COLS] for x in tids],
         "creds: the aligned -L table shows each thread's ids")
    tree_cols = ["uid", "fuid", "gid", "supgid"]
    code, lines, err = raw_lines(["-tL", "-o", ",".join(["lwp"] + tree_cols + ["command"]), "-p", P])
    t.eq([f[:5] for f in lines if f[5].startswith("{")],
         [[str(x)] + [as_text(want[x][c]) for c in tree_cols] for x in tids],
         "creds: -tL thread rows show each thread's own ids")
    # Without -L, the process's: its leader's /proc/PID/status.
    proc = kernel_creds("/proc/%d/status" % pid)
    code, rows, err = raw_rows(["-o", ",".join(["pid"] + ID_COLS + NAME_COLS), "-p", P])
    t.eq(rows, {P: [as_text(proc[c]) for c in ID_COLS] + [as_text(names_of(proc)[c]) for c in NAME_COLS]},
         "creds: the process row shows /proc/PID/status's ids and names")

    # JSON, every key: the thread objects have their own.
    code, doc, err = run_json(["-L", "-p", P])
    got = {th["tid"]: {c: th.get(c) for c in ID_COLS + NAME_COLS} for th in doc["processes"][0]["threads"]}
    t.eq(got, {x: dict(want[x], **names[x]) for x in tids}, "creds: -L -J thread objects have their own ids and names")
    code, doc, err = run_json(["-o", ",".join(ID_COLS + NAME_COLS), "-p", P])
    p0 = doc["processes"][0]
    t.eq({c: p0.get(c) for c in ID_COLS + NAME_COLS}, dict(proc, **names_of(proc)),
         "creds: the process object has /proc/PID/status's")
    code, doc, err = run_json(["-L", "-o", "uid", "-p", P])
    t.eq([(th["tid"], th.get("uid"), "user" in th) for th in doc["processes"][0]["threads"]],
         [(x, want[x]["uid"], False) for x in tids], "creds: -L -J -o uid: each thread's uid, only that key")

    # The default thread views leave USER out; the process view keeps it.
    heads = {}
    for args in (["-L"], ["-tL"], []):
        code, out, err = run(args + ["-p", P])
        heads[" ".join(args)] = out.decode().splitlines()[0].split()
    t.eq(heads, {"-L": ["PID", "LWP", "STAT", "NLWP", "TIME", "TNAME", "COMM"],
                 "-tL": ["PID", "LWP", "PPID", "STAT", "NLWP", "TIME", "COMMAND"],
                 "": ["PID", "PPID", "USER", "STAT", "NLWP", "TIME", "RSS", "COMMAND"]},
         "creds: default columns: no USER with -L or -tL, USER without")

    check_reads(pid, len(tids))
    check_snapshots(pid, tid, want, names)


def status_opens(args):
    """How many status files lwps ARGS opens, under strace; None without it."""
    strace = shutil.which("strace")
    if not strace:
        return None
    log = os.path.join(tmp, "opens.log")
    from lwpstest import LWPS
    p = subprocess.run([strace, "-f", "-qq", "-e", "trace=openat", "-o", log, LWPS] + args,
                       capture_output=True, env=dict(os.environ, LC_ALL="C.UTF-8", ASAN_OPTIONS="detect_leaks=0"))
    if p.returncode != 0:
        return None
    with open(log) as f:
        # Relative to a process's or thread's directory (-p also reads
        # PID/status once, to tell a tid from a pid).
        return sum(1 for line in f if '"status"' in line)


def check_reads(pid, nthreads):
    """A thread's status is read only when a credential column is chosen."""
    plain, chosen = status_opens(["-L", "-p", str(pid)]), status_opens(["-L", "-o", "+uid", "-p", str(pid)])
    if plain is None or chosen is None:
        t.skip("creds: -L reads a thread's status only for a credential column", "strace cannot trace here")
        return
    t.eq((plain, chosen), (1, 1 + nthreads),
         "creds: -L opens the process's status only; -L -o +uid also each thread's")


def check_snapshots(pid, tid, want, names):
    P = str(pid)
    snap, again = os.path.join(tmp, "creds.json"), os.path.join(tmp, "again.json")
    code, out, err = run(["--save", snap, "-p", P])
    t.eq((code, err), (0, ""), "creds: --save of the process")
    code, doc, err = run_json(["--load", snap, "-L", "-p", P])
    got = {th["tid"]: {c: th.get(c) for c in ID_COLS + NAME_COLS} for th in doc["processes"][0]["threads"]}
    t.eq(got, {x: dict(want[x], **names[x]) for x in want}, "creds: --load shows each thread's own, as saved")
    code, out, err = run(["--load", snap, "--save", again])
    t.ok(code == 0 and open(snap, "rb").read() == open(again, "rb").read(),
         "creds: save -> load -> save is byte-identical", (code, err))

    # A snapshot saved before lwps kept every credential: uid and user, the
    # real uid in "raw", nothing in the threads.
    with open(snap) as f:
        old = strict_json(f.read())
    p0 = old["processes"][0]
    p0["raw"]["ruid"] = p0["ruid"]
    for key in ID_COLS + NAME_COLS:
        if key not in ("uid", "user"):
            del p0[key]
        for th in p0["threads"]:
            th.pop(key, None)
    older = os.path.join(tmp, "older.json")
    with open(older, "w") as f:
        json.dump(old, f)
    code, doc, err = run_json(["--load", older, "-L", "-o", "uid,user,ruid,ruser,suid,gid,supgid", "-p", P])
    leader = {c: want[pid][c] for c in ("uid", "ruid")}
    t.eq(([(th["tid"], th["uid"], th["user"], th["ruid"], th["ruser"], th["suid"], th["gid"], th["supgid"])
           for th in doc["processes"][0]["threads"]] if code == 0 else (code, err)),
         [(x, leader["uid"], user_name(leader["uid"]), leader["ruid"], None, None, None, None) for x in sorted(want)],
         "creds: an older snapshot loads; its threads have their process's uid, the rest is unknown")

    # Out of range: refused with the key named.
    bad = (("suid", 4294967296, "'suid'"), ("gid", -1, "'gid'"), ("supgid", [40021, -2], "'supgid'"),
           ("supgrp", ["only-one"], "'supgrp'"), ("supgid", list(range(65537)), "'supgid'"))
    for key, value, word in bad:
        with open(snap) as f:
            doc = strict_json(f.read())
        doc["processes"][0]["threads"][-1][key] = value
        path = os.path.join(tmp, "bad.json")
        with open(path, "w") as f:
            json.dump(doc, f)
        code, out, err = run(["--load", path, "-L"])
        t.ok(code == 2 and out == b"" and word in err and P in err,
             "creds: --load refuses a thread's %s of %s" % (key, str(value)[:30]), (code, err))


def check_text_view(pid, args, marks):
    """One text view of the churning process (NLWP the third column): the
    thread rows and NLWP, marked and explained exactly when they differ.
    Returns whether they differed."""
    code, out, err = run(args + ["-p", str(pid)])
    lines = out.decode().splitlines()
    raw = "-r" in args
    notes = [line for line in lines if line.startswith("* ")]
    rows = [line.split() for line in lines[0 if "-n" in args else 1:] if not line.startswith("* ")]
    # A tree's thread rows show {name}; its process row, the command.
    threads = [f for f in rows if "-tL" not in args or f[3].startswith("{")]
    cells = {f[2] for f in rows}
    if code != 0 or len(cells) != 1 or not threads:
        t.ok(False, "churn: %s lists the process" % " ".join(args), (code, err, lines[:5]))
        return False
    cell = cells.pop()
    nlwp = int(cell.rstrip("*"))
    differ = nlwp != len(threads)
    note = "* process %d: NLWP %d, but %d %s listed: threads began or ended while they were read" % (
        pid, nlwp, len(threads), "thread" if len(threads) == 1 else "threads")
    marks.append(t.ok(cell.endswith("*") == differ and notes == ([note] if differ and not raw else []),
                      "churn: %s: %d threads listed, NLWP %s%s" % (
                          " ".join(args), len(threads), cell, ", explained" if differ else ""),
                      (cell, len(threads), notes)))
    return differ


def check_json_view(pid, args, marks):
    code, doc, err = run_json(args + ["-p", str(pid)])
    p0 = doc["processes"][0] if code == 0 and doc["processes"] else None
    if p0 is None or "threads" not in p0:
        t.ok(False, "churn: %s lists the process" % " ".join(args), (code, err))
        return False
    listed = len(p0["threads"])
    differ = p0["nlwp"] != listed
    marks.append(t.ok(p0.get("threads_listed") == (listed if differ else None),
                      "churn: %s: %d thread objects, nlwp %d%s" % (
                          " ".join(args + ["-J"]), listed, p0["nlwp"],
                          ", threads_listed says so" if differ else ", no threads_listed"), p0))
    return differ


def check_churn(fx):
    pid = fx.shapes["churn"][0]
    views = (
        lambda m: check_text_view(pid, ["-L", "-w", "-o", "pid,lwp,nlwp"], m),
        lambda m: check_text_view(pid, ["-L", "-r", "-n", "-o", "pid,lwp,nlwp"], m),
        lambda m: check_text_view(pid, ["-tL", "-r", "-n", "-o", "pid,lwp,nlwp,command"], m),
        lambda m: check_json_view(pid, ["-L", "-o", "nlwp"], m),
        lambda m: check_json_view(pid, ["-tL", "-o", "nlwp"], m),
    )
    marks, seen = [], 0
    for i in range(60):
        seen += views[i % len(views)](marks)
    print("# %d of %d views caught threads beginning or ending while they were listed" % (seen, len(marks)))
    check_edited(pid)


def check_edited(pid):
    """A loaded snapshot whose nlwp is one more than its threads, or equal."""
    snap = os.path.join(tmp, "churn.json")
    code, out, err = run(["--save", snap, "-p", str(pid)])
    with open(snap) as f:
        doc = strict_json(f.read())
    p0 = doc["processes"][0]
    listed = len(p0["threads"])
    for nlwp in (listed + 1, listed):
        p0["nlwp"] = nlwp
        p0.pop("threads_listed", None)
        path = os.path.join(tmp, "churn-%d.json" % nlwp)
        with open(path, "w") as f:
            json.dump(doc, f)
        differ = nlwp != listed
        mark = "%d%s" % (nlwp, "*" if differ else "")
        note = ["* process %d: NLWP %d, but %d %s listed: threads began or ended while they were read"
                % (pid, nlwp, listed, "thread" if listed == 1 else "threads")] if differ else []
        for args, col in ((["-L", "-o", "pid,lwp,nlwp"], 2), (["-tL", "-o", "pid,lwp,nlwp,command"], 2),
                          (["-o", "pid,nlwp,tstates"], 1), (["-L", "-r", "-n", "-o", "pid,lwp,nlwp"], 2)):
            code, out, err = run(["--load", path] + args)
            lines = out.decode().splitlines()
            body = lines[2:] if "-r" not in args else lines
            t.eq((code, {line.split()[col] for line in body if not line.startswith("* ")},
                  [line for line in body if line.startswith("* ")]),
                 (0, {mark}, note if "-r" not in args else []),
                 "edited snapshot, nlwp %d and %d threads: %s shows NLWP %s%s" % (
                     nlwp, listed, " ".join(args), mark,
                     ", no note" if not differ or "-r" in args else " and the note"))
        code, jdoc, err = run_json(["--load", path, "-L", "-o", "nlwp"])
        t.eq(jdoc["processes"][0].get("threads_listed"), listed if differ else None,
             "edited snapshot, nlwp %d: threads_listed %s" % (nlwp, listed if differ else "absent"))


if os.geteuid() != 0:
    t.skip("credentials of a thread of its own", "only root may give a thread other ids (run as root)")
else:
    with Fixture(("creds",)) as fx:
        check_creds(fx)
with Fixture(("churn",)) as fx:
    check_churn(fx)
shutil.rmtree(tmp, ignore_errors=True)
t.done()
