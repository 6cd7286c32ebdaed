"""termtest.py - lwps -i driven in a tmux pane as a user would: a tmux
server of its own per terminal, keys and bytes typed into the pane, and
readers of what the pane shows."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import LWPS  # noqa: E402

SGR = re.compile(r"\x1b\[([0-9;:]*)m")
SHELL = shutil.which("bash") or "/bin/sh"


class Term:
    """A tmux server of its own with one pane running a shell."""

    count = 0

    def __init__(self, width=120, height=40, term="xterm-256color", extra_env=None):
        Term.count += 1
        self.sock = "lwps-test-%d-%d" % (os.getpid(), Term.count)
        self.dir = tempfile.mkdtemp(prefix="lwps-browser-")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.dir,
            "TERM": term,
            "LC_ALL": "C.UTF-8",
            "PS1": "$ ",
        }
        env.update(extra_env or {})
        cmd = ["env", "-i"] + ["%s=%s" % kv for kv in env.items()]
        cmd += [SHELL] + (["--norc", "--noprofile"] if SHELL.endswith("bash") else [])
        self.tmux("new-session", "-d", "-s", "t", "-x", str(width), "-y", str(height),
                  " ".join(shell_quote(w) for w in cmd))
        self.wait(lambda s: any(line.startswith("$") for line in s), what="shell prompt")

    def tmux(self, *args, check=True):
        p = subprocess.run(["tmux", "-L", self.sock, "-f", "/dev/null"] + list(args),
                           capture_output=True, timeout=30)
        if check and p.returncode != 0:
            raise RuntimeError("tmux %s: %s" % (args[0], p.stderr.decode(errors="replace")))
        return p.stdout.decode("utf-8", "replace")

    def capture(self, escapes=False):
        out = self.tmux("capture-pane", "-p", "-t", "t", *(["-e"] if escapes else []))
        return out.split("\n")[:-1] if out.endswith("\n") else out.split("\n")

    def screen(self, escapes=False):
        """The visible lines (with SGR escapes when asked), once two captures
        agree: tmux may be halfway through a frame."""
        last = self.capture(escapes)
        for _ in range(50):
            time.sleep(0.05)
            now = self.capture(escapes)
            if now == last:
                return now
            last = now
        return last

    def keys(self, *keys):
        self.tmux("send-keys", "-t", "t", *keys)

    def type(self, text):
        self.tmux("send-keys", "-t", "t", "-l", text)

    def send(self, data):
        """Writes bytes into the pane as the terminal would send them."""
        self.tmux("send-keys", "-t", "t", "-H", *["%02x" % c for c in data])

    def command(self, text):
        self.type(text)
        self.keys("Enter")

    def wait(self, pred, timeout=40, what="condition"):
        """Polls the screen until pred(lines) holds; returns the lines."""
        end = time.time() + timeout
        lines = []
        while time.time() < end:
            lines = self.screen()
            if pred(lines):
                return lines
            time.sleep(0.1)
        raise TimeoutError("%s not seen; the screen was:\n%s" % (what, "\n".join(lines)))

    def option(self, fmt):
        return self.tmux("display-message", "-p", "-t", "t", fmt).strip()

    def resize(self, width, height):
        self.tmux("resize-window", "-t", "t", "-x", str(width), "-y", str(height))

    def child_pid(self):
        """The pid of the program the shell runs in the foreground."""
        shell = int(self.option("#{pane_pid}"))
        for _ in range(100):
            try:
                with open("/proc/%d/task/%d/children" % (shell, shell)) as f:
                    kids = f.read().split()
                if kids:
                    return int(kids[0])
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError("no child of the shell")

    def read_file(self, name, timeout=40):
        path = os.path.join(self.dir, name)
        end = time.time() + timeout
        while time.time() < end:
            try:
                with open(path) as f:
                    text = f.read()
                if text.endswith("\n"):
                    return text.strip()
            except OSError:
                pass
            time.sleep(0.1)
        return None

    def close(self):
        self.tmux("kill-server", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


# The mouse's buttons as reports number them.
CLICK, WHEEL_UP, WHEEL_DOWN, WHEEL_LEFT, WHEEL_RIGHT = 0, 64, 65, 66, 67


def mouse_report(button, x, y, sgr=True, release=False):
    """What a terminal sends for `button` at cell (x, y), counted from 0:
    xterm's SGR form, else the X10 form (every value plus 32)."""
    if sgr:
        return b"\x1b[<%d;%d;%d%s" % (button, x + 1, y + 1, b"m" if release else b"M")
    return bytes([0x1b, ord("["), ord("M"), 32 + (3 if release else button), 33 + x, 33 + y])


def click(term, x, y):
    """A left click (press and release) at cell (x, y)."""
    term.send(mouse_report(CLICK, x, y) + mouse_report(CLICK, x, y, release=True))


def shell_quote(word):
    return "'" + word.replace("'", "'\\''") + "'"


def plain(line):
    return SGR.sub("", line)


def selected_line(lines_with_escapes):
    """The line drawn in reverse video: the list's selection."""
    for line in lines_with_escapes:
        for m in SGR.finditer(line):
            if "7" in m.group(1).replace(":", ";").split(";"):
                return plain(line)
    return None


def wait_selected(term, pred, timeout=40):
    """Polls until the selected line satisfies pred; returns it (or the
    last one seen).  The timeout is for a stuck browser, not a slow one."""
    end = time.time() + timeout
    sel = None
    while time.time() < end:
        sel = selected_line(term.screen(escapes=True))
        if sel and pred(sel):
            break
        time.sleep(0.1)
    return sel


def has_color(lines_with_escapes):
    for line in lines_with_escapes:
        for m in SGR.finditer(line):
            for p in m.group(1).replace(":", ";").split(";"):
                if p and (30 <= int(p) <= 49 and p not in ("39", "49") or 90 <= int(p) <= 107):
                    return True
    return False


def heading_at(lines):
    """The line of the list's column headings (the header above it grows
    with the CPUs' bars), or -1."""
    for i, line in enumerate(lines):
        if line.split()[:1] == ["PID"]:
            return i
    return -1


def list_shown(lines):
    return len(lines) > 3 and lines[0].startswith("lwps ") and heading_at(lines) > 0


def start(term, args, status_file="status"):
    term.command("%s -i %s; echo \"status=$?\" > %s" % (
        shell_quote(LWPS), " ".join(shell_quote(a) for a in args),
        shell_quote(os.path.join(term.dir, status_file))))
    return term.wait(list_shown, what="the list")


def terminal_back(t, term, name):
    """After lwps: the main screen is back and the shell echoes commands
    (two tests in Tap t)."""
    t.eq(term.option("#{alternate_on}"), "0", "%s: the alternate screen is left" % name)
    word = "done-%d" % (int(time.time() * 1000) % 100000)
    term.command("echo " + word)
    try:
        term.wait(lambda s: word in [x.strip() for x in s], timeout=30, what=word)
        t.ok(True, "%s: the shell runs commands and shows their output" % name)
    except TimeoutError as e:
        t.ok(False, "%s: the shell runs commands and shows their output" % name, e)


def words_of(line):
    return line.split()
