"""test_reliability.py - output errors and the read-only promise.

Output errors: for every view, a reader that goes away (`lwps | head -1`,
or a pipe closed before lwps writes, with SIGPIPE default or ignored) ends
lwps quietly; a full disk (/dev/full) is a message and exit 3.

Read-only: under strace, lwps runs no program, makes no process, sends no
signal, traces nothing and writes to no process; it opens for writing only
the --save file, and opens nothing but /proc, /sys, the files named on the
command line, and what the dynamic loader, the locale and the user database
need."""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import LWPS, Fixture, Tap  # noqa: E402

t = Tap()
tmp = tempfile.mkdtemp(prefix="lwps-rel-")
ENV = dict(os.environ, LC_ALL="C.UTF-8")
ENV.pop("COLUMNS", None)
# In a sanitizer build, LeakSanitizer's exit check clones and ptraces lwps:
# that is the tool's doing, not lwps's, so it is off for the strace runs.
TRACE_ENV = dict(ENV, ASAN_OPTIONS="detect_leaks=0")


def views(pid, snap, plist):
    """Every view, as argument lists; pid has mappings; snap is a saved file;
    --save, which reads every process's smaps, is of the fixture only."""
    P = str(pid)
    return [
        [], ["-L"], ["-t"], ["-tL"], ["-J"], ["-L", "-J"], ["-t", "-J"], ["-tL", "-J"],
        ["-L", "-r"], ["-L", "--output-all"], ["-m", P], ["-m", "--layout", P], ["-m", "-J", P],
        ["-m", "-r", P], ["--save", "-", "-p", plist], ["--load", snap, "-L"], ["--load", snap, "-m", P],
        ["--list-columns"], ["-m", "--list-columns"], ["--help"], ["-V"],
        ["--watch", "0.2", "--count", "2", "-L"],
    ]


fx = Fixture()
try:
    mpid = fx.shapes["maps"][0]
    snap = os.path.join(tmp, "snap.json")
    plist = ",".join(map(str, fx.all_pids()))
    p = subprocess.run([LWPS, "--save", snap, "-p", plist + "," + str(mpid)], env=ENV, capture_output=True)
    t.ok(p.returncode == 0 and os.path.getsize(snap) > 1000, "--save FILE for the views below", p.stderr)
    VIEWS = views(mpid, snap, plist)

    # ---- 4a. A reader that goes away.  `| head -1`, as a shell runs it.
    for args in VIEWS + [["--watch", "0.1", "-L"]]:
        cmd = " ".join("'%s'" % a for a in [LWPS] + args)
        p = subprocess.run("%s | head -1 >/dev/null; echo ${PIPESTATUS[0]}" % cmd, shell=True,
                           executable="/bin/bash", capture_output=True, env=ENV, timeout=60)
        status = int(p.stdout.strip() or -1)
        t.ok(status in (0, 128 + signal.SIGPIPE) and p.stderr == b"",
             "lwps %s | head -1 ends quietly" % " ".join(args), (status, p.stderr))

    # A pipe already closed: lwps's first write fails.  With SIGPIPE at its
    # default the signal ends it; with SIGPIPE ignored (as some shells and
    # services run programs) the write gets EPIPE, and lwps must still end,
    # quietly and at once (--watch without --count included).
    def closed_pipe(args, ignore):
        r, w = os.pipe()
        os.close(r)
        pre = (lambda: signal.signal(signal.SIGPIPE, signal.SIG_IGN)) if ignore else None
        try:
            p = subprocess.run([LWPS] + args, stdout=w, stderr=subprocess.PIPE, env=ENV,
                               preexec_fn=pre, timeout=120)
            return p.returncode, p.stderr
        except subprocess.TimeoutExpired:
            return "hang", b""
        finally:
            os.close(w)

    for args in VIEWS + [["--watch", "0.1", "-L"]]:
        code, err = closed_pipe(args, False)
        t.ok(code in (0, -signal.SIGPIPE) and err == b"",
             "lwps %s into a closed pipe: SIGPIPE or 0, no message" % " ".join(args), (code, err))
        code, err = closed_pipe(args, True)
        t.ok(code == 0 and err == b"", "lwps %s into a closed pipe, SIGPIPE ignored: exit 0 quietly"
             % " ".join(args), (code, err))

    # ---- 4b. A full disk: a message and exit 3, for every view.
    for args in VIEWS + [["--save", "-", "-p", plist], ["-J", "-p", "999999999"]]:
        with open("/dev/full", "wb") as full:
            p = subprocess.run([LWPS] + args, stdout=full, stderr=subprocess.PIPE, env=ENV, timeout=60)
        err = p.stderr.decode("utf-8", "replace")
        t.ok(p.returncode == 3 and re.search(r"(write error|cannot write).*No space left on device", err),
             "lwps %s > /dev/full: a message and exit 3" % " ".join(args), (p.returncode, err))
    # --save never writes to a device: /dev/full as the file is refused.
    p = subprocess.run([LWPS, "--save", "/dev/full", "-p", plist], env=ENV, capture_output=True)
    t.ok(p.returncode == 2 and b"'/dev/full': it is not a regular file" in p.stderr,
         "--save /dev/full: refused, not a regular file (exit 2)", (p.returncode, p.stderr))
    # A --save file that cannot be created: a message and exit 3.
    p = subprocess.run([LWPS, "--save", os.path.join(tmp, "no", "such", "dir.json")], env=ENV,
                       capture_output=True)
    t.ok(p.returncode == 3 and b"cannot write" in p.stderr and b"no/such/dir.json" in p.stderr,
         "--save into a missing directory: a message naming it and exit 3", (p.returncode, p.stderr))

    # ---- 6. Read-only, under strace.
    strace = shutil.which("strace")
    probe = subprocess.run([strace, "-f", "-qq", "-o", os.devnull, "true"], capture_output=True) if strace else None
    TRACE_VIEWS = [
        ["-L", "-o", "+wchan,nspid,tracer,start,elapsed"], ["-t"], ["-tL"], ["-J"], ["-L", "-J"],
        ["-m", str(mpid)], ["-m", "--layout", str(mpid)], ["-m", "-J", str(mpid)],
        ["--save", os.path.join(tmp, "traced.json"), "-p", ",".join(map(str, fx.all_pids()))],
        ["--load", snap, "-tL"],
        ["--load", snap, "-m", "-J", str(mpid)], ["-u", "root", "-L"], ["-C", "fixture", "-t"],
        ["--watch", "0.1", "--count", "2", "-L", "-J"],
        ["-p", ",".join(map(str, fx.all_pids())), "-L", "--output-all"],
    ]
    if not strace or probe.returncode != 0:
        why = "strace is not installed" if not strace else "strace cannot trace here: %r" % probe.stderr[:200]
        for args in TRACE_VIEWS:
            t.skip("strace lwps %s: read-only" % " ".join(args), why)
    else:
        # The message catalogs live in the configured localedir (under
        # make distcheck's own prefix, for one), which the build passes on.
        ALLOWED = ("/proc/", "/sys/", "/etc/", "/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/",
                   "/usr/share/locale/", "/usr/local/share/locale/", "/usr/share/zoneinfo/") + \
            tuple(d.rstrip("/") + "/" for d in [os.environ.get("LOCALEDIR")] if d)
        WRITE = re.compile(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND")
        for args in TRACE_VIEWS:
            log = os.path.join(tmp, "strace.log")
            cmd = [strace, "-f", "-qq", "-s", "4096", "-o", log, "-e",
                   "trace=execve,execveat,fork,vfork,clone,clone3,kill,tkill,tgkill,rt_sigqueueinfo,"
                   "rt_tgsigqueueinfo,pidfd_send_signal,ptrace,process_vm_writev,openat,open,creat,"
                   "openat2,pidfd_open,process_madvise"]
            p = subprocess.run(cmd + [LWPS] + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=TRACE_ENV, timeout=120)
            with open(log, errors="replace") as f:
                lines = [line.rstrip("\n") for line in f if line.strip()]
            named = [a for a in args if a.startswith("/")]
            save = args[args.index("--save") + 1] if "--save" in args else None
            # The save writes a temporary file beside it (FILE.XXXXXX) and
            # opens its directory to sync the rename.
            saved = re.compile(re.escape(save) + r"(\.[A-Za-z0-9]{6})?$") if save else None
            problems = []
            pids = set(line.split(None, 1)[0] for line in lines)
            fds = {}   # what each descriptor last opened: openat(FD, "relative") is under it
            if len(pids) != 1:
                problems.append("more than one process: %s" % sorted(pids))
            for line in lines:
                m = re.match(r"^\d+\s+(\w+)\((.*)$", line)
                if not m:
                    continue
                call, rest = m.groups()
                if call in ("execve", "execveat"):
                    if not rest.startswith('"%s"' % LWPS) or line is not lines[0]:
                        problems.append(line)
                elif call in ("open", "openat", "creat", "openat2"):
                    path = re.search(r'"((?:[^"\\]|\\.)*)"', rest)
                    path = path.group(1) if path else "?"
                    dirfd = re.match(r"(\d+),", rest)
                    if dirfd and not path.startswith("/"):
                        path = fds.get(dirfd.group(1), "?") + "/" + path
                    fd = re.search(r"= (\d+)$", line)
                    if fd:
                        fds[fd.group(1)] = path
                    writes = call == "creat" or WRITE.search(rest)
                    if writes and not (saved and saved.match(path) and "O_EXCL" in rest):
                        problems.append("opened for writing: " + line)
                    if not (path.startswith(ALLOWED) or path in ("/proc", "/sys") or path in named
                            or path == LWPS or (saved and saved.match(path))
                            or (save and path == os.path.dirname(save) and not writes)):
                        problems.append("opened: " + line)
                else:
                    problems.append(line)   # a process, a signal, a trace or a write to a process
            execs = [x for x in lines if re.match(r"^\d+\s+execve", x)]
            t.ok(p.returncode in (0, 1) and len(lines) > 10 and len(execs) == 1 and not problems,
                 "strace lwps %s: read-only (one exec, no child, no signal, opens only what it should)"
                 % " ".join(args), "status %d\n%s" % (p.returncode, "\n".join(problems[:10])))
finally:
    fx.close()
    shutil.rmtree(tmp, ignore_errors=True)

t.done()
