"""test_browser.py - lwps -i driven in tmux as a user would: find the
fixture's process by search, click its tree mark, expand its threads,
open its maps and details, resize, help, quit; then the exit status and
the terminal after q, Ctrl-C, SIGTERM and SIGSEGV; colors under TERM and
NO_COLOR; a process that exits shown as gone; a collapsed subtree's
totals; the filter; htop's keys, the mouse (the wheel sideways too) and
the column chooser; the details of a thread blocked on a futex; a long
command line scrolled to its end.  test_browser_screens.py opens every
screen under each TERM, size and locale."""

import os
import pty
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import (LWPS, Fixture, Tap, cloned_snapshot, proc_children, proc_stat,  # noqa: E402
                      proc_status, run)
from termtest import (WHEEL_LEFT, WHEEL_RIGHT, Term, click, has_color, heading_at,  # noqa: E402
                      list_shown, mouse_report, plain, selected_line, start, terminal_back,
                      wait_selected, words_of)


def user_name(uid):
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)

t = Tap()
ROOT = os.geteuid() == 0

# ---- without a terminal ----

code, out, err = run(["-i"])
t.eq(code, 2, "no terminal: exit status 2")
t.ok("needs a terminal" in err, "no terminal: the message says so", err)
code, _, err = run(["-i", "-d", "0"])
t.eq(code, 2, "-d 0: usage error")
code, _, err = run(["-i", "-d", "soon"])
t.eq(code, 2, "-d soon: usage error")
code, _, err = run(["-d", "1"])
t.eq(code, 2, "-d without -i: usage error")
code, _, err = run(["-i", "-J"])
t.eq(code, 2, "-i with -J: usage error")



def run_pty(args, term):
    """Runs lwps on a pseudo-terminal of its own with TERM set: returns
    (status, what it wrote to the terminal, stderr text)."""
    master, slave = pty.openpty()
    env = dict(os.environ, TERM=term, LC_ALL="C.UTF-8")
    p = subprocess.Popen([LWPS] + args, stdin=slave, stdout=slave, stderr=subprocess.PIPE, env=env)
    os.close(slave)
    try:
        _, err = p.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        _, err = p.communicate()
    shown = b""
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:   # EIO: the terminal's last writer is gone
            break
        if not data:
            break
        shown += data
    os.close(master)
    return p.returncode, shown, err.decode("utf-8", "replace")


# A terminal that cannot move the cursor would get a blank screen.
code, shown, err = run_pty(["-i"], "dumb")
t.eq(code, 2, "TERM=dumb: exit status 2")
t.ok("'dumb' cannot move the cursor" in err and shown == b"",
     "TERM=dumb: a message says why, nothing is drawn", (err, shown))
# TERM is anyone's text: echoed escaped, never as the bytes it holds.
code, shown, err = run_pty(["-i"], "x\x1b[2Jy")
t.ok(code == 3 and "'x\\x1b[2Jy'" in err and "\x1b" not in err,
     "an unknown TERM holding ESC is named escaped", (code, err))

# A -p that names nothing in a saved snapshot ends as it does live and
# without -i: a message and exit 1, no browser.
snapdir = tempfile.mkdtemp(prefix="lwps-browser-missing-")
snap = os.path.join(snapdir, "snap.json")
code, _, err = run(["--save", snap])
t.eq((code, err), (0, ""), "a snapshot without pid 99999999 is saved")
for args in (["-p", "99999999"], ["--load", snap, "-p", "99999999"]):
    label = " ".join(["-i"] + args)
    code, shown, err = run_pty(["-i"] + args, "xterm-256color")
    t.ok(code == 1 and "no such process: 99999999" in err and shown == b"",
         "%s: 'no such process', exit 1, nothing drawn" % label, (code, err, shown[:200]))
shutil.rmtree(snapdir, ignore_errors=True)

if not shutil.which("tmux"):
    t.skip("the browser in a terminal", "tmux is not installed")
    t.done()

# ---- the walk through: search, threads, maps, details, resize, help, quit ----

fx = Fixture()
term = None
try:
    pid, tids = fx.shapes["threads"][0], fx.shapes["threads"][1:]
    names = ["worker one", "a) (b", "\\x1b[2J", "bad\\xff\\xfename"]
    # Wide enough for the threads' names beside %CPU under make check's
    # deep tree.
    term = Term(140, 40)
    lines = start(term, ["-d", "0.5"])
    t.ok(True, "lwps -i shows the list at 140x40")
    t.eq(term.option("#{alternate_on}"), "1", "the list is drawn on the alternate screen")
    head = lines[heading_at(lines) - 1]
    t.ok(re.match(r"processes \d+ \(kernel \d+\)  threads \d+ +R \d+ D \d+ S \d+ T \d+ t \d+ "
                  r"Z \d+ I \d+", head), "the header counts processes, threads, tasks per state",
         head)
    t.ok(re.search(r"  up [\d:-]+  load \d+\.\d\d \d+\.\d\d \d+\.\d\d", lines[0]),
         "the header shows the uptime and the load", lines[0])
    bars = [x for x in lines[1:heading_at(lines)] if re.match(r"\s*\d+\[", x)]
    ncpu = len(open("/proc/stat").read().split("\ncpu")) - 1
    t.eq(sum(len(re.findall(r"\d+\[[| ]*\d+\.\d%\]", x)) for x in bars), ncpu,
         "the header has a bar for each CPU")
    mem = [x for x in lines[1:heading_at(lines)] if "Mem[" in x]
    t.ok(mem and re.search(r"Mem\[\|*\s*[\d.]+[KMGT]?i?B?/[\d.]+[KMGT]?i?B?\]", mem[0]) and "Swp[" in mem[0],
         "the header has memory and swap bars", mem)
    t.eq(words_of(lines[heading_at(lines)])[:9],
         ["PID", "PPID", "USER", "STAT", "%CPU", "NLWP", "TIME", "RSS", "COMMAND"],
         "the list has the default columns, %CPU after STAT")

    # Search by pid as you type: the status line echoes, the row is selected.
    term.type("/" + str(pid))
    lines = term.wait(lambda s: s[-1].startswith("/%d_" % pid), what="the search prompt")
    t.ok(True, "/ shows the search as it is typed")
    term.keys("Enter")
    sel = wait_selected(term, lambda sel: words_of(sel)[:1] == [str(pid)])
    t.ok(sel and words_of(sel)[0] == str(pid), "search by pid selects the fixture's process", sel)

    # A click on the process's tree mark (the branch before its name)
    # shows its threads below it; a second click hides them.
    def mark_of(lines):
        """The screen row and column of the process's branch, or None."""
        for y, line in enumerate(lines):
            m = re.search(r"[\u251c\u2514]\u2500 ", line)
            if words_of(line)[:1] == [str(pid)] and m:
                return y, m.start()
        return None

    def threads_below(lines):
        """The names of the thread rows right below the process's row (the
        leader's first)."""
        y = mark_of(lines)[0] if mark_of(lines) else len(lines)
        return [n for x in lines[y + 1:y + 2 + len(names)] for n in names if "{" + n + "}" in x]

    lines = term.screen()
    mark = mark_of(lines)
    t.ok(mark is not None and threads_below(lines) == [], "the process's row has a tree mark, no thread below it",
         "\n".join(lines))
    if mark:
        click(term, mark[1], mark[0])
        lines = term.wait(lambda s: mark_of(s) and threads_below(s) == names, what="the threads after a click")
        sel = selected_line(term.screen(escapes=True))
        t.ok(sel is not None and words_of(sel)[0] == str(pid),
             "a click on the tree mark shows the process's threads below it, the process selected", sel)
        mark = mark_of(lines)
        click(term, mark[1], mark[0])
        lines = term.wait(lambda s: mark_of(s) and not any("{" + n + "}" in x for x in s for n in names),
                          what="the threads hidden after a second click")
        t.ok(True, "a second click on the tree mark hides them")

    # Enter: its threads inline, with tid, name and state.
    term.keys("Enter")
    lines = term.wait(lambda s: sum("{" + n + "}" in x for x in s for n in names) == 4,
                      what="the threads")
    for tid, name in zip(tids, names):
        row = [x for x in lines if "{" + name + "}" in x]
        ok = len(row) == 1 and words_of(row[0])[0] == str(tid)
        t.ok(ok, "thread %r is shown with its tid %d" % (name, tid), row)
        # A thread row: its tid, no PPID (the process's), its own user, its state.
        euid = int(proc_status("/proc/%d/task/%d/status" % (pid, tid))["Uid"].split()[1])
        t.ok(len(row) == 1 and words_of(row[0])[1:3] == [user_name(euid), "Sl"],
             "thread %r is shown with its own user, sleeping (Sl)" % name, row)
    t.ok(lines[0].startswith("lwps ") and list_shown(lines),
         "a thread named ESC[2J did not clear the screen")
    t.ok(all("\x1b" not in x for x in lines), "no raw escape byte reaches the screen")

    # The flat list: no branches, so the wait channels fit however deep the
    # tree runs (under make it runs deep).
    term.keys("t")
    lines = term.wait(lambda s: "flat" in s[-1] and
                      sum("{" + n + "}" in x for x in s for n in names) == 4, what="the flat list")
    for tid, name in zip(tids, names):
        row = [x for x in lines if "{" + name + "}" in x]
        t.ok(len(row) == 1 and re.search(r"\}  wchan=\w+", row[0]),
             "thread %r shows its wait channel" % name, row)
    term.keys("t")
    term.wait(lambda s: "flat" not in s[-1] and list_shown(s), what="the tree again")

    # m: the maps of the process, with the thread stacks.  The pages are
    # read whole from a pane tall enough to hold them: paging and reading
    # the screen after a pause would miss a page on a slow machine.
    term.resize(120, 200)
    term.wait(lambda s: len(s) == 200 and list_shown(s), what="the list at 120x200")
    term.keys("m")
    lines = term.wait(lambda s: s[0].startswith("Mappings") and
                      any(x.startswith("%d:" % pid) for x in s) and
                      any("Layout, highest address first" in x for x in s), what="the maps screen")
    t.ok(any("SEGMENT" in x and "MAPPING" in x for x in lines), "m shows the -m table")
    seen = "\n".join(lines)
    if ROOT:
        for tid in tids:
            t.ok("stack:%d" % tid in seen, "the maps mark thread %d's stack (stack:%d)" % (tid, tid))
        t.ok("thread stack %d (worker one)" % tids[0] in seen,
             "the layout picture names the stack of 'worker one'")
    else:
        t.skip("the maps mark the thread stacks", "reading other tasks' syscall needs root")
    t.ok("Layout, highest address first" in seen, "the maps screen has the layout picture")
    term.keys("q")
    term.wait(list_shown, what="the list after q")
    t.ok(True, "q on the maps screen goes back to the list")

    # d: the details of the process.
    term.keys("d")
    lines = term.wait(lambda s: s[0].startswith("Details") and
                      any(x.startswith("Process %d lwpsfx-thr" % pid) for x in s) and
                      any(x.startswith("NOFILE ") for x in s), what="the details")
    seen = "\n".join(lines)
    t.ok(re.search(r"NSpid +%d" % pid, seen), "details show the NSpid chain")
    t.ok("Tracer    none (not traced)" in seen, "details show the tracer")
    t.ok(re.search(r"By state +S 5 +\(5 threads\)", seen), "details count the threads per state")
    t.ok(re.search(r"NOFILE +max number of open files +\d+ +\d+ +files", seen),
         "details show the resource limits as --limits does")
    t.ok(re.search(r"SHARES +- +kernel structures", seen), "details show what the process shares: nothing")
    if ROOT:
        t.ok(re.search(r"Executing +libc\.so\S* pause\+0x[0-9a-f]+", seen),
             "details show where the process executes")
    else:
        t.skip("details show where the process executes", "reading other tasks' syscall needs root")
    term.keys("Escape")
    term.wait(list_shown, what="the list after Esc")
    t.ok(True, "Esc on the details goes back to the list")

    # Resizing redraws at once, down to 40x10.
    for w, h in ((80, 24), (40, 10)):
        term.resize(w, h)
        lines = term.wait(lambda s, h=h: len(s) == h and s[-1].startswith("q quit") and
                          list_shown(s), what="the list at %dx%d" % (w, h))
        t.ok(all(len(x) <= w for x in lines), "at %dx%d every line fits" % (w, h))
        sel = selected_line(term.screen(escapes=True))
        t.ok(sel is not None and words_of(sel)[0] == str(pid),
             "at %dx%d the selection is still the fixture's process" % (w, h), sel)
    term.resize(120, 40)
    term.wait(lambda s: len(s) == 40 and s[-1].startswith("q quit"), what="the list at 120x40")
    t.ok(True, "back at 120x40 the list fills the window")

    # ?: every key.
    term.keys("?")
    lines = term.wait(lambda s: s[0].startswith("Keys"), what="the help")
    for key, text in (("/", "search by name or pid as you type"), ("c", "collapse the selected"),
                      ("m", "mappings and layout"), ("q", "quit")):
        t.ok(any(x.startswith("  " + key + " ") and text in x for x in lines),
             "the help explains %r" % key)
    term.keys("q")
    term.wait(list_shown, what="the list after the help")

    # q quits: status 0, the terminal as it was.
    term.keys("q")
    status = term.read_file("status")
    t.eq(status, "status=0", "q: exit status 0")
    terminal_back(t, term, "q")

    # -L: a child forked by a thread other than the leader hangs from it.
    tf, tfl, tidle, tforker, tfc = fx.shapes["thrfork"]
    name = "-i -L: a thread's child is listed under that thread"
    if proc_children(tf, tforker) is None:
        for what in (name, "-i -L: q exits 0"):
            t.skip(what, "the kernel lacks /proc/PID/task/TID/children (CONFIG_PROC_CHILDREN)")
    else:
        term.close()
        term = Term(160, 30)
        start(term, ["-d", "1", "-L", "-p", str(tf)])
        lines = term.wait(lambda s: any("{tfk-forker}" in x for x in s) and
                          any(words_of(x)[:1] == [str(tfl)] for x in s), what="the threads' children")
        rows = [x for x in lines[3:-1] if x.strip()]
        fi = next(i for i, x in enumerate(rows) if "{tfk-forker}" in x)
        art = [re.search(r"[├└]─", x) for x in rows]
        t.ok(fi + 1 < len(rows) and words_of(rows[fi + 1])[0] == str(tfc) and art[fi] and
             art[fi + 1] and art[fi + 1].start() > art[fi].start(), name, rows)
        term.keys("q")
        t.eq(term.read_file("status"), "status=0", "-i -L: q exits 0")
finally:
    if term:
        term.close()
    fx.close()

# ---- signals ----

for sig, name, want in ((signal.SIGTERM, "SIGTERM", 143), (signal.SIGSEGV, "SIGSEGV", 139)):
    term = Term(100, 30)
    try:
        start(term, [])
        os.kill(term.child_pid(), sig)
        t.eq(term.read_file("status"), "status=%d" % want,
             "%s: lwps ends by the signal (status %d)" % (name, want))
        terminal_back(t, term, name)
    finally:
        term.close()

# Ctrl-C: the shell sees an interrupted command (and skips the rest of the line).
term = Term(100, 30)
try:
    start(term, [])
    term.keys("C-c")
    end = time.time() + 30
    while term.option("#{alternate_on}") != "0" and time.time() < end:
        time.sleep(0.1)
    term.command("echo \"after=$?\"")
    term.wait(lambda s: "after=130" in [x.strip() for x in s], what="after=130")
    t.ok(True, "Ctrl-C: lwps ends by SIGINT (status 130)")
    terminal_back(t, term, "Ctrl-C")
finally:
    term.close()

# ---- colors: TERM and NO_COLOR ----

for term_name, extra, colored in (("xterm-256color", {}, True), ("vt100", {}, False),
                                  ("xterm-256color", {"NO_COLOR": "1"}, False),
                                  ("screen", {}, True), ("linux", {}, True)):
    label = "TERM=%s%s" % (term_name, " NO_COLOR=1" if extra else "")
    term = Term(100, 30, term=term_name, extra_env=extra)
    try:
        start(term, [])
        t.eq(has_color(term.screen(escapes=True)), colored,
             "%s: %s" % (label, "colors" if colored else "no colors at all"))
        sel = selected_line(term.screen(escapes=True))
        t.ok(sel is not None, "%s: the selection is shown in reverse video" % label)
        term.keys("q")
        t.eq(term.read_file("status"), "status=0", "%s: q exits 0" % label)
    finally:
        term.close()

# A terminal without an alternate screen: q clears the last frame, so the
# prompt starts a clean screen instead of landing in the status bar.
term = Term(100, 30, term="vt100")
try:
    start(term, [])
    term.keys("q")
    t.eq(term.read_file("status"), "status=0", "TERM=vt100: q exits 0")
    lines = term.screen()
    t.ok(not any(x.startswith("q quit") or x.startswith("lwps ") for x in lines) and
         lines[0].startswith("$"), "TERM=vt100: nothing of the browser stays on the screen",
         "\n".join(lines))
    terminal_back(t, term, "TERM=vt100")
finally:
    term.close()

# ---- a saved snapshot, browsed: the whole list, no -p ----

term = Term(120, 40)
try:
    snap = os.path.join(term.dir, "snap.json")
    code, out, err = run(["--save", snap])
    t.ok(code == 0, "--save for the browser", err)
    lines = start(term, ["--load", snap])
    t.ok("a saved snapshot" in lines[-1] and len([x for x in lines[3:-1] if x.strip()]) > 10,
         "--load F -i: the snapshot's whole list", "\n".join(lines))
    term.keys("q")
    t.eq(term.read_file("status"), "status=0", "--load F -i: q exits 0")
finally:
    term.close()

# ---- a process that exits is shown as gone, then removed ----

sleeper = subprocess.Popen(["sleep", "1000"])
term = Term(200, 50)
try:
    start(term, ["-d", "1"])
    term.type("/%d" % sleeper.pid)
    term.keys("Enter")
    term.wait(lambda s: any(words_of(x)[:1] == [str(sleeper.pid)] for x in s), what="the sleeper")
    sleeper.kill()
    sleeper.wait()
    lines = term.wait(lambda s: any(words_of(x)[:1] == [str(sleeper.pid)] and "(gone)" in x
                                    for x in s), what="the sleeper marked gone")
    t.ok(True, "a process that exited is marked (gone)")
    term.wait(lambda s: not any(words_of(x)[:1] == [str(sleeper.pid)] for x in s[3:-1]),
              what="the sleeper removed")
    t.ok(True, "at the next refresh it is removed")
    # Processes come and go while the screen is read: none is ever twice.
    twice = []
    for _ in range(3):
        for key in ("Home", "NPage", "NPage"):
            term.keys(key)
            rows = [words_of(x) for x in term.screen()[3:-1]]
            pids = [w[0] for w in rows if len(w) > 1 and w[1].isdigit()]
            twice += [p for p in set(pids) if pids.count(p) > 1]
        time.sleep(1)
    t.eq(twice, [], "across refreshes no process is listed twice")
    term.keys("q")
finally:
    term.close()
    if sleeper.poll() is None:
        sleeper.kill()
        sleeper.wait()

# ---- collapse a subtree; filter; flat list; kernel threads; pause ----

def comm_of(pid):
    try:
        with open("/proc/%d/comm" % pid, "rb") as f:
            return f.read().rstrip(b"\n").decode("utf-8", "replace")
    except OSError:
        return None


def ancestors_of(pid):
    out = set()
    while True:
        try:
            ppid = int(proc_stat("/proc/%d/stat" % pid)[1][1])
        except (OSError, ValueError, IndexError):
            return out
        if ppid <= 0 or ppid in out:
            return out
        out.add(ppid)
        pid = ppid


fx = Fixture()
# Wide: the totals follow the tree's branches, which run deep under make.
term = Term(200, 50)
try:
    chain = fx.shapes["chain"]
    start(term, ["-d", "1"])
    term.type("/%d" % chain[0])
    term.keys("Enter")
    term.keys("c")
    lines = term.wait(lambda s: any(words_of(x)[:1] == [str(chain[0])] and "[+ " in x for x in s),
                      what="the collapsed chain")
    row = [x for x in lines if words_of(x)[:1] == [str(chain[0])]][0]
    t.ok("[+ %d processes, %d threads, RSS " % (len(chain), len(chain)) in row,
         "c folds the chain into one row with its totals", row)
    t.ok(not any(words_of(x)[:1] == [str(chain[1])] for x in lines),
         "the folded processes are not shown")
    term.keys("c")
    term.wait(lambda s: any(words_of(x)[:1] == [str(chain[0])] and "[+ " not in x for x in s),
              what="the chain's row without its totals")
    # The selection keeps its place on the screen, the last line when the
    # search scrolled to it: walk it down the chain, the view follows.
    for _ in chain[1:]:
        term.keys("Down")
    term.wait(lambda s: any(words_of(x)[:1] == [str(chain[-1])] for x in s),
              what="the chain unfolded")
    t.ok(True, "c again shows the subtree")

    # A name of this run's own: the filter shows it and its ancestors only.
    name = "lwpsbr%d" % (os.getpid() % 10000000)
    link = os.path.join(term.dir, name)
    os.symlink(shutil.which("sleep"), link)
    lone = subprocess.Popen([link, "1000"])
    try:
        term.type("/" + name)
        term.keys("Enter")
        term.keys("f")
        want = ancestors_of(lone.pid) | {lone.pid, 0}
        try:
            term.wait(lambda s: {int(w[0]) for w in map(words_of, s[3:-1])
                                 if w and w[0].isdigit()} == want, what="the filtered tree")
            t.ok(True, "f keeps the match and its ancestors only")
        except TimeoutError as e:
            t.ok(False, "f keeps the match and its ancestors only", e)
        t.ok("filter '%s'" % name in term.screen()[-1], "the status line names the filter")
    finally:
        lone.kill()
        lone.wait()
    term.keys("Escape")
    term.wait(lambda s: "filter" not in s[-1] and len([x for x in s[3:-1] if x.strip()]) > 30,
              what="the whole list again")
    t.ok(True, "Esc clears the filter")

    term.keys("t")
    lines = term.wait(lambda s: not any("\u251c\u2500" in x or "\u2514\u2500" in x for x in s),
                      what="the flat list")
    t.ok(True, "t shows a flat list")
    term.keys("t")
    term.wait(lambda s: any("\u251c\u2500" in x for x in s), what="the tree")
    t.ok(True, "t again shows the tree")

    term.keys("K")
    term.wait(lambda s: "kernel threads hidden" in s[-1], what="K")
    term.type("/kthreadd")
    term.keys("Enter")
    term.wait(lambda s: "no match for 'kthreadd'" in s[-1], what="no kthreadd")
    t.ok(True, "K hides the kernel threads")
    term.keys("K")
    term.type("/kthreadd")
    term.keys("Enter")
    sel = wait_selected(term, lambda sel: "[kthreadd]" in sel)
    t.ok(sel and "[kthreadd]" in sel, "K again shows them", sel)

    term.keys("p")
    lines = term.wait(lambda s: "paused" in s[-1], what="the pause")
    time.sleep(0.2)
    first = term.screen()[0]
    time.sleep(1.5)
    t.eq(term.screen()[0], first, "p freezes the picture (the clock in the header stops)")
    term.keys("q")
    t.eq(term.read_file("status"), "status=0", "q exits 0")
finally:
    term.close()
    fx.close()

# ---- a snapshot whose parents run round a cycle: every process shown ----

snapdir = tempfile.mkdtemp(prefix="lwps-browser-")
cyc = cloned_snapshot(os.path.join(snapdir, "cycle.json"), {1: 0, 10: 12, 11: 10, 12: 11, 13: 12})
term = Term(100, 30)
try:
    lines = start(term, ["--load", cyc, "-t"])
    rows = [x.split() for x in lines[heading_at(lines) + 1:] if x.split()[:1] and x.split()[0].isdigit()]
    t.eq(sorted(int(r[0]) for r in rows), [0, 1, 10, 11, 12, 13],
         "cycle of parents: the browser's tree shows every process once")
    t.ok(any(r[0] == "10" and "[ppid cycle]" in " ".join(r) for r in rows),
         "cycle of parents: the cut is marked [ppid cycle]", lines[:10])
    term.keys("q")
    t.eq(term.read_file("status"), "status=0", "cycle of parents: q exits 0")
finally:
    term.close()
    os.unlink(cyc)
    os.rmdir(snapdir)

# ---- a saved snapshot: without -p too (o->pids is NULL then) ----

snapdir = tempfile.mkdtemp(prefix="lwps-browser-snap-")
snap = os.path.join(snapdir, "snap.json")
code, _, err = run(["--save", snap])
t.eq((code, err), (0, ""), "a snapshot to browse is saved")
for args in ([], ["-p", "1"]):
    label = " ".join(["--load FILE -i"] + args)
    term = Term(120, 30)
    try:
        lines = start(term, ["--load", snap] + args)
        t.ok("snapshot taken" in lines[0], "%s: the header says it is a snapshot" % label, lines[0])
        rows = [words_of(x) for x in lines[3:-1]]
        t.ok(any(w[:1] == ["1"] for w in rows), "%s: pid 1 is listed" % label, "\n".join(lines))
        term.keys("q")
        t.eq(term.read_file("status"), "status=0", "%s: q exits 0" % label)
    finally:
        term.close()
shutil.rmtree(snapdir, ignore_errors=True)

# ---- time: %CPU per process and thread, the busiest first in a flat
# list, rows born since the last refresh marked, p keeps the picture ----

busy = Fixture(("busy",))
term = Term(140, 40)
try:
    bpid, spinner = busy.shapes["busy"][0], busy.shapes["busy"][1]
    lines = start(term, ["-d", "0.5"])
    term.keys("t")   # the flat list
    term.wait(lambda s: "flat" in s[-1], what="the flat list")
    term.keys("Home")   # the selection stayed on its row: go to the top

    def first_row(lines):
        h = heading_at(lines)
        return words_of(lines[h + 1]) if 0 < h < len(lines) - 1 else []
    lines = term.wait(lambda s: first_row(s)[:1] == [str(bpid)], what="the busy process first")
    head = words_of(lines[heading_at(lines)])
    col = head.index("%CPU")
    rows = [words_of(x) for x in lines[heading_at(lines) + 1:-1]]
    cpus = [float(r[col]) for r in rows if len(r) > col and re.match(r"^\d+\.\d$", r[col])]
    t.ok(len(cpus) > 3 and cpus == sorted(cpus, reverse=True) and cpus[0] > 0,
         "the flat list shows the busiest first by %CPU (the spinning process on top)", cpus[:5])
    term.keys("L")   # every thread a row
    term.keys("Home")
    term.type("/spinner")   # wherever a busy machine sorted it
    term.keys("Enter")
    lines = term.wait(lambda s: any("{spinner}" in x for x in s), what="the spinning thread's row")
    def cpu_of(line):   # the first figure with one decimal: %CPU
        m = re.search(r"(?<=\s)\d+\.\d(?=\s)", line)
        return float(m.group(0)) if m else -1
    row = [x for x in lines if "{spinner}" in x][0]
    rest = [x for x in lines if "{sleeper}" in x or "{ticker}" in x]
    t.ok(words_of(row)[0] == str(spinner) and all(cpu_of(row) > cpu_of(r) >= 0 for r in rest),
         "with threads shown (L), each thread's row has its own %CPU, the spinner's the most",
         (row, rest))
    term.keys("L")

    # b marks the moment; B shows what changed since: a process born.
    term.keys("b")
    term.wait(lambda s: "marked" in s[-1], what="the mark")
    born = subprocess.Popen(["sleep", "60"])
    try:
        time.sleep(0.5)
        term.keys("B")
        lines = term.wait(lambda s: s[0].startswith("Changes") and
                          any(words_of(x)[:1] == [str(born.pid)] for x in s), what="the process born")
        at = [i for i, x in enumerate(lines) if x.startswith("Processes born")]
        t.ok(at and any(words_of(x)[:1] == [str(born.pid)] for x in lines[at[0]:]),
             "B lists a process born since the mark under 'Processes born'", lines[:8])
    finally:
        born.kill()
        born.wait()
    term.keys("q")
    term.wait(list_shown, what="the list after B")
    # p: the picture (and its rates) stays; the title's clock stops.
    term.keys("p")
    time.sleep(0.3)
    frozen = term.screen()
    time.sleep(1.5)
    t.eq(term.screen()[0], frozen[0], "p freezes the picture, rates included")
    term.keys("p")
    term.keys("q")
    t.eq(term.read_file("status"), "status=0", "time in the browser: q exits 0")
finally:
    term.close()
    busy.close()


# A process started while the browser runs is marked (bold green) for the
# refresh it first appears in; only sleep processes are listed (-C), so
# its row is on screen.
term = Term(140, 40)
newborn = None
try:
    start(term, ["-d", "2", "-C", "sleep"])
    newborn = subprocess.Popen(["sleep", "60"])

    def marked(s):
        for x in s:
            plain = re.sub(r"\x1b\[[0-9;]*m", "", x)
            if words_of(plain)[:1] == [str(newborn.pid)]:
                sgr = ";".join(re.findall(r"\x1b\[([0-9;]*)m", x)).split(";")
                return "32" in sgr or "92" in sgr
        return False
    end = time.time() + 20
    seen = False
    while time.time() < end and not seen:
        seen = marked(term.capture(escapes=True))
        time.sleep(0.05)
    t.ok(seen, "a process born since the last refresh is marked")
    term.keys("q")
    t.eq(term.read_file("status"), "status=0", "-C sleep: q exits 0")
finally:
    term.close()
    if newborn:
        newborn.kill()
        newborn.wait()

# ---- htop's keys, filters, sideways scrolling and the mouse ----

fx2 = Fixture()
term = Term(80, 30)
try:
    plist = ",".join(str(p) for p in fx2.all_pids())
    vparent = fx2.shapes["vfork"][0]
    lines = start(term, ["-d", "1", "-p", plist, "-o", "+tpgid,nice,psr,wchan,vsz"])
    # The added columns come after COMMAND: scroll until they show.
    t.ok("VSZ" not in lines[heading_at(lines)], "an added column after COMMAND is off screen at first",
         lines[heading_at(lines)])
    for _ in range(12):
        term.keys(">")
    lines = term.wait(lambda s: "VSZ" in s[heading_at(s)] if heading_at(s) > 0 else False,
                      what="VSZ after scrolling right")
    t.ok(words_of(lines[heading_at(lines)])[0] == "PID" and "< " in lines[-1],
         "> scrolls the columns until an added one shows, PID kept", lines[heading_at(lines)])
    for _ in range(12):
        term.keys("<")
    term.wait(lambda s: heading_at(s) > 0 and "COMMAND" in s[heading_at(s)] and "USER" in s[heading_at(s)],
              what="the first columns back")
    t.ok(True, "< scrolls back to the first columns")
    # The wheel sideways scrolls as > and < do: a turn right shows the
    # columns one > shows, a turn left brings the first ones back.

    def columns(s):
        h = heading_at(s)
        scrolled = re.match(r"< \d+ columns", s[-1])
        return (words_of(s[h]) if h > 0 else [], scrolled.group(0) if scrolled else "")
    first = columns(term.screen())
    term.keys(">")
    by_key = columns(term.wait(lambda s: columns(s)[1] == "< 1 columns", what="one column scrolled by >"))
    term.keys("<")
    term.wait(lambda s: columns(s) == first, what="the first columns back")
    y = heading_at(term.screen()) + 2
    term.send(mouse_report(WHEEL_RIGHT, 30, y))
    by_wheel = columns(term.wait(lambda s: columns(s)[1] == "< 1 columns", what="one column scrolled by the wheel"))
    t.eq(by_wheel, by_key, "the wheel turned right (button 7) scrolls the columns as > does")
    term.send(mouse_report(WHEEL_LEFT, 30, y))
    lines = term.wait(lambda s: "< 1 columns" not in s[-1], what="the wheel turned left")
    t.eq(columns(lines), first, "the wheel turned left (button 6) scrolls them back as < does")
    # F: only tasks in state D: the vfork parent.
    term.keys("F")
    term.type("D")
    term.keys("Enter")
    lines = term.wait(lambda s: "states D" in s[-1], what="the state filter")
    rows = [words_of(x) for x in lines[heading_at(lines) + 1:-1] if words_of(x)[:1] != []]
    pids = [r[0] for r in rows if r[0].isdigit() and r[0] != "0"]
    t.eq(pids, [str(vparent)], "F D shows only the vfork parent")
    term.keys("Escape")
    lines = term.wait(lambda s: "states" not in s[-1] and len([x for x in s if str(fx2.all_pids()[0]) in x]) > 0,
                      what="every process back")
    t.ok(True, "Esc clears the state filter")
    # u: one user (root owns the fixture when run as root; else this user).
    term.keys("u")
    term.type(str(os.getuid()))
    term.keys("Enter")
    lines = term.wait(lambda s: "user %d" % os.getuid() in s[-1], what="the user filter")
    t.ok(True, "u shows one user's processes and says so")
    term.keys("Escape")
    # A click on a heading sorts by that column; again, the other way.
    lines = term.wait(lambda s: heading_at(s) > 0, what="the list")
    y, line = heading_at(lines), lines[heading_at(lines)]
    x = line.index("TIME") + 2
    click(term, x, y)
    term.wait(lambda s: "sort -TIME" in s[-1] or "sorted by TIME, descending" in s[-1],
              what="sorted by TIME")
    t.ok(True, "a click on the TIME heading sorts by it, the largest first")
    click(term, x, y)
    term.wait(lambda s: "sort TIME" in s[-1] or "sorted by TIME, ascending" in s[-1],
              what="sorted by TIME ascending")
    t.ok(True, "a second click sorts the other way")
    # Search reaches a thread of a process whose threads are folded,
    # opens it, selects the thread and highlights the text found.
    term.keys("Home")
    term.type("/worker one")
    term.keys("Enter")
    lines = term.wait(lambda s: any("{worker one}" in x for x in s), what="the thread found")
    esc = term.screen(escapes=True)
    hit = [x for x in esc if "worker one" in re.sub(r"\x1b\[[0-9;]*m", "", x)]
    t.ok(hit and re.search(r"\x1b\[[0-9;]*m(worker one)\x1b", hit[0]) is not None,
         "a search finds a folded process's thread, shows it and highlights the match", hit[:1])
    term.keys("Escape")
    # The column chooser: the first column not shown, shown.
    term.keys("C")
    lines = term.wait(lambda s: s[0].startswith("Columns"), what="the column chooser")
    at = [(i, m.group(1)) for i, x in enumerate(lines) for m in [re.match(r"\[ \] (\S+)", x)] if m]
    t.ok(len(at) > 0 and all(re.match(r"\[x\] ", x) for x in lines[1:at[0][0]]),
         "the chooser lists the columns shown, marked, then the others", lines[:4])
    name = at[0][1] if at else "?"
    click(term, 5, at[0][0] if at else 1)   # the cursor to its line
    term.wait(lambda s: (selected_line(term.screen(escapes=True)) or "").startswith("[ ] " + name),
              what="the cursor on " + name)
    term.keys("Enter")
    term.wait(lambda s: any(re.match(r"\[x\] %s\b" % re.escape(name), x) for x in s), what=name + " marked")
    term.keys("q")
    lines = term.wait(lambda s: heading_at(s) > 0 and name in s[heading_at(s)].split(), what="the column " + name)
    t.ok(True, "a column clicked in the chooser and chosen with Enter (%s) is shown in the list" % name)
    # * folds every subtree; again opens them.
    term.keys("*")
    lines = term.wait(lambda s: any("[+ " in x for x in s), what="folded subtrees")
    t.ok(True, "* collapses every subtree into a row with its totals")
    term.keys("*")
    term.wait(lambda s: not any("[+ " in x for x in s), what="every subtree open")
    t.ok(True, "* again opens them all")
    # w: the waits, D first; Enter opens a group, Enter on a thread goes
    # to it in the list.
    term.keys("w")
    lines = term.wait(lambda s: s[0].startswith("Waits") and len(s) > 2 and "in D" in s[1],
                      what="the waits screen, the group in D first")
    t.ok(True, "w shows the waits, the group with a thread in D first")
    term.keys("Enter")
    lines = term.wait(lambda s: any(words_of(x)[:1] == [str(vparent)] for x in s),
                      what="the vfork parent in its group")
    t.ok(True, "Enter on a group lists its threads")
    term.keys("Down")
    term.keys("Enter")
    sel = wait_selected(term, lambda sel: words_of(sel)[:1] == [str(vparent)])
    t.ok(sel and words_of(sel)[0] == str(vparent), "Enter on a thread selects it in the list", sel)
    # htop's function keys.
    term.keys("F5")
    term.wait(lambda s: "flat" in s[-1], what="the flat list (F5)")
    term.keys("F5")
    term.wait(lambda s: "flat" not in s[-1] and list_shown(s), what="the tree (F5 again)")
    t.ok(True, "F5 switches between the tree and the flat list")
    term.keys("F1")
    term.wait(lambda s: s[0].startswith("Keys"), what="the help (F1)")
    term.keys("q")
    term.wait(list_shown, what="the list again")
    t.ok(True, "F1 shows the keys")
    term.keys("k")
    term.wait(lambda s: "read-only" in s[-1], what="the read-only message")
    term.keys("F9")
    term.wait(lambda s: "read-only" in s[-1], what="the read-only message for F9")
    t.ok(True, "k and F9 say that lwps is read-only")
    term.keys("F10")
    t.eq(term.read_file("status"), "status=0", "F10 quits, exit status 0")
finally:
    term.close()
    fx2.close()

# ---- the details of a thread blocked on a futex: SYSCALL and WAITON
# as lwps -L prints them ----

causes = Fixture(("causes",))
term = Term(200, 40)
try:
    cpid, w1 = causes.shapes["causes"][0], causes.shapes["causes"][3]
    start(term, ["-d", "1", "-p", str(cpid)])
    term.type("/mtx-wait1")
    term.keys("Enter")
    sel = wait_selected(term, lambda sel: words_of(sel)[:1] == [str(w1)])
    t.ok(sel and words_of(sel)[0] == str(w1), "search selects the thread blocked on the mutex", sel)
    term.keys("d")
    lines = term.wait(lambda s: s[0].startswith("Details") and
                      any(x.startswith("Thread %d mtx-wait1 of process %d " % (w1, cpid)) for x in s) and
                      any(x.startswith("  WAITON ") for x in s), what="the thread's details")
    code, out, err = run(["-L", "-o", "tid,syscall,waiton", "-p", str(cpid)])
    row = [x.split(None, 2) for x in out.decode().splitlines() if words_of(x)[:1] == [str(w1)]]
    # On the first screen, under the command line: the state, the wait
    # channel, the call and what it waits on.
    top = {x.split()[0]: x.split(None, 1)[1] for x in lines[3:7] if len(x.split()) > 1}
    if code != 0 or len(row) != 1 or len(row[0]) != 3 or row[0][1] != "futex":
        t.ok(False, "lwps -L -o tid,syscall,waiton shows the waiter in futex", (code, out, err))
    else:
        syscall, waiton = row[0][1], row[0][2]
        t.eq(top.get("SYSCALL"), syscall, "the details of a thread blocked on a futex show SYSCALL futex")
        t.ok(waiton.startswith("futex 0x") and top.get("WAITON") == waiton,
             "and its WAITON as lwps -L prints it: %s" % waiton, (waiton, top))
    term.keys("q")
    term.keys("q")
    t.eq(term.read_file("status"), "status=0", "the futex waiter's details: q exits 0")
finally:
    term.close()
    causes.close()

# ---- a long command line: > past the last column slides its text ----

args = ["arg%03d" % i for i in range(1, 41)]
longer = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"] + args)
term = Term(80, 24)
try:
    with open("/proc/%d/cmdline" % longer.pid, "rb") as f:
        last = f.read().rstrip(b"\0").split(b"\0")[-1].decode()
    lines = start(term, ["-d", "1", "-p", str(longer.pid), "-o", "pid,args"])

    def row(s):
        rows = [x for x in s if words_of(x)[:1] == [str(longer.pid)]]
        return rows[0] if rows else ""
    t.ok(last == "arg040" and last not in row(lines), "a long command line is cut at the screen's edge",
         row(lines))
    for _ in range(30):
        term.keys(">")
    lines = term.wait(lambda s: "at the end of the last column" in s[-1], what="the end of the command line")
    t.ok(row(lines).rstrip().endswith(" " + last) and words_of(row(lines))[0] == str(longer.pid),
         "> past the last column slides the command line until its end shows, PID kept", row(lines))
    for _ in range(30):
        term.keys("<")
    lines = term.wait(lambda s: "at the first column" in s[-1], what="the start of the command line")
    t.ok(" " + sys.executable + " -c " in row(lines) and last not in row(lines),
         "< slides it back to its start", row(lines))
    term.keys("q")
    t.eq(term.read_file("status"), "status=0", "a long command line: q exits 0")
finally:
    term.close()
    longer.kill()
    longer.wait()

# The maps screen's D: a mapping that grows while the screen is open.
GROW = """
import mmap, sys, time
m = mmap.mmap(-1, 64 << 20)
print("ready", flush=True)
sys.stdin.readline()
for i in range(0, 32 << 20, mmap.PAGESIZE):
    m[i] = 1
print("grown", flush=True)
sys.stdin.read()
"""
grower = subprocess.Popen([sys.executable, "-c", GROW], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
term = Term(140, 40)
try:
    grower.stdout.readline()
    start(term, ["-d", "0.5", "-p", str(grower.pid)])
    term.keys("m")
    term.wait(lambda s: s[0].startswith("Mappings") and any("/dev/zero" in x for x in s), what="the maps")
    term.keys("D")
    term.wait(lambda s: any("ΔRSS" in x for x in s), what="the change columns")
    grower.stdin.write(b"go\n")
    grower.stdin.flush()
    grower.stdout.readline()

    def grown(s):
        head = [x.split() for x in s if "ΔRSS" in x]
        rows = [x.split() for x in s if "/dev/zero" in x]
        if not head or not rows:
            return False
        col = head[0].index("ΔRSS")
        return len(rows[0]) > col and rows[0][col].isdigit() and int(rows[0][col]) >= 32768
    lines = term.wait(grown, what="the mapping grown by 32 MiB")
    t.ok(True, "D on the maps screen shows a mapping's RSS growing since the screen opened")
    term.keys("q")
    term.keys("q")
    t.eq(term.read_file("status"), "status=0", "maps D: q exits 0")
finally:
    term.close()
    grower.stdin.close()
    grower.wait(timeout=20)

t.done()
