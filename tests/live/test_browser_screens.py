"""test_browser_screens.py - every screen of lwps -i in the conditions the
browser must work in: 80x24, 40x10 and 250x70; TERM=xterm-256color,
screen-256color, tmux-256color, linux and vt100; NO_COLOR; a UTF-8 and
a C locale.  Not every combination: every screen under every TERM at
80x24, and every screen at each other size, under NO_COLOR and in the C
locale.  Each screen is opened as a user would and must show its own
text, fit the pane, and show nothing that is not the browser's (an
escape sequence printed instead of obeyed, a message from a failure);
the mouse's wheel, sideways too, works in the report form the TERM's
entry names (where it names one), and on quit the terminal is back."""

import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import Fixture, Tap  # noqa: E402
from termtest import (WHEEL_DOWN, WHEEL_LEFT, WHEEL_RIGHT, Term, has_color, heading_at,  # noqa: E402
                      list_shown, mouse_report, selected_line, start, terminal_back, words_of)

t = Tap()
if not shutil.which("tmux"):
    t.skip("the browser's screens in a terminal", "tmux is not installed")
    t.done()

# What must never be on a screen: an escape sequence (or a part of one)
# written as text, a mouse report typed as keys, an error message.
GARBAGE = re.compile(r"\x1b|\^\[|\[\?\d|\[<\d|\d+;\d+;\d+[Mm]|^lwps: |\(B|\]0;")
BRANCH = re.compile("(\u251c\u2500|\u2514\u2500|\\|-|`-) \\{")


def screens(pid, names):
    """The screens in the order they are opened: (name, keys that open
    it, what it must show, keys back to the list)."""
    def own_row(s):
        return any(words_of(x)[:1] == [str(pid)] for x in s)

    def thread_rows(s):
        return [x for x in s[heading_at(s) + 1:-1] if any("{" + n + "}" in x for n in names)]
    return (
        ("tree", ["Enter"],
         lambda s: list_shown(s) and "flat" not in s[-1] and own_row(s) and
         any(BRANCH.search(x) for x in thread_rows(s)), []),
        ("flat list", ["t"],
         lambda s: list_shown(s) and s[-1].startswith("flat ") and own_row(s) and thread_rows(s), ["t"]),
        ("details", ["d"],
         lambda s: s[0].startswith("Details") and any(x.startswith("Process %d " % pid) for x in s),
         ["q"]),
        ("maps", ["m"],
         lambda s: s[0].startswith("Mappings") and any(x.startswith("%d: " % pid) for x in s), ["q"]),
        ("waits", ["w"],
         lambda s: s[0].startswith("Waits") and
         any(re.match(r"[+-] +\d+ ", x) or x.startswith("No thread waits") for x in s), ["q"]),
        ("changes", ["b", "B"],
         lambda s: s[0].startswith("Changes since the mark") and
         any(x.startswith("Changes in the ") for x in s), ["q"]),
        ("help", ["?"],
         lambda s: s[0].startswith("Keys") and any(x.startswith("lwps -i shows") for x in s), ["q"]),
        ("column chooser", ["C"],
         lambda s: s[0].startswith("Columns") and any(x.startswith("[x] PID") for x in s), ["q"]),
    )


def wheel_works(term, sgr):
    """The wheel in the report form of the TERM: down moves the selection,
    right scrolls a column away as > does, left brings it back."""
    y = heading_at(term.screen()) + 1
    term.send(mouse_report(WHEEL_RIGHT, 5, y, sgr=sgr))
    term.wait(lambda s: s[-1].startswith("< 1 columns"), timeout=20, what="the wheel turned right")
    term.send(mouse_report(WHEEL_LEFT, 5, y, sgr=sgr))
    term.wait(lambda s: list_shown(s) and not s[-1].startswith("< "), timeout=20,
              what="the wheel turned left")
    term.send(mouse_report(WHEEL_DOWN, 5, y, sgr=sgr))
    term.wait(lambda s: list_shown(s), timeout=20, what="the list after the wheel down")


fx = Fixture(("threads",))
pid = fx.shapes["threads"][0]
names = ["worker one", "a) (b", "\\x1b[2J", "bad\\xff\\xfename"]
UTF8 = {"LC_ALL": "C.UTF-8"}
# (width, height, TERM, environment, the mouse's report form or None)
conditions = [(80, 24, term, UTF8, form) for term, form in
              (("xterm-256color", "sgr"), ("screen-256color", "x10"), ("tmux-256color", "x10"),
               ("linux", None), ("vt100", None))]
conditions += [(40, 10, "xterm-256color", UTF8, None), (250, 70, "xterm-256color", UTF8, None),
               (80, 24, "xterm-256color", {"LC_ALL": "C.UTF-8", "NO_COLOR": "1"}, None),
               (80, 24, "xterm-256color", {"LC_ALL": "C"}, None)]
try:
    for width, height, term_name, env, form in conditions:
        label = "%dx%d TERM=%s %s" % (width, height, term_name,
                                      " ".join("%s=%s" % kv for kv in sorted(env.items())))
        term = Term(width, height, term=term_name, extra_env=env)
        try:
            start(term, ["-d", "1", "-p", str(pid)])
            for name, keys, shows, back in screens(pid, [n for n in names]):
                for k in keys:
                    term.keys(k)
                try:
                    lines = term.wait(shows, timeout=20, what="the %s screen" % name)
                except TimeoutError as e:
                    t.ok(False, "%s: the %s screen shows its own text" % (label, name), e)
                    lines = term.screen()
                else:
                    t.ok(True, "%s: the %s screen shows its own text" % (label, name))
                bad = [x for x in lines if GARBAGE.search(x) or len(x) > width]
                if "LC_ALL=C " in label + " ":
                    bad += [x for x in lines if any(ord(c) > 0x7e for c in x)]
                t.ok(len(lines) == height and not bad,
                     "%s: the %s screen fills the pane with nothing else on it" % (label, name),
                     "\n".join(bad or lines))
                if "NO_COLOR" in env:
                    t.ok(not has_color(term.screen(escapes=True)), "%s: the %s screen has no color" %
                         (label, name))
                for k in back:
                    term.keys(k)
                term.wait(list_shown, timeout=20, what="the list after the %s screen" % name)
            if height > 50:
                # A chooser's cursor far down stays in view when the
                # terminal shrinks.
                term.keys("C")
                term.wait(lambda s: s[0].startswith("Columns"), timeout=20, what="the chooser")
                term.keys(*["Down"] * 50)
                term.wait(lambda s: (selected_line(term.screen(escapes=True)) or "").startswith("[")
                          and selected_line(term.screen(escapes=True)) != s[1], timeout=20,
                          what="the cursor 50 lines down")
                picked = selected_line(term.screen(escapes=True))
                term.resize(40, 10)
                try:
                    term.wait(lambda s: len(s) == 10 and (selected_line(term.screen(escapes=True)) or "")
                              [:20] == picked[:20], timeout=20, what="the cursor after the shrink")
                    t.ok(True, "%s: after a shrink to 40x10 the chooser's cursor is on screen" % label)
                except TimeoutError as e:
                    t.ok(False, "%s: after a shrink to 40x10 the chooser's cursor is on screen" % label, e)
                term.keys("q")
                term.resize(width, height)
                term.wait(lambda s: len(s) == height and list_shown(s), timeout=20, what="the list again")
            if form:
                try:
                    wheel_works(term, form == "sgr")
                    t.ok(True, "%s: the wheel scrolls (%s reports), sideways as < and >" % (label, form))
                except TimeoutError as e:
                    t.ok(False, "%s: the wheel scrolls (%s reports), sideways as < and >" % (label, form), e)
            term.keys(">")
            term.wait(lambda s: s[-1].startswith("< 1 columns"), timeout=20, what="> scrolling")
            if width < 80:
                # A search longer than the status line shows where it is typed.
                typed = "a-search-longer-than-the-line-" + str(pid)
                term.type("/" + typed)
                try:
                    term.wait(lambda s: s[-1].rstrip().endswith(typed[-(width - 2):] + "_"), timeout=20,
                              what="the end of the search typed")
                    t.ok(True, "%s: a search wider than the status line shows its end" % label)
                except TimeoutError as e:
                    t.ok(False, "%s: a search wider than the status line shows its end" % label, e)
                term.keys("Escape")
            term.keys("q")
            t.eq(term.read_file("status"), "status=0", "%s: q exits 0" % label)
            terminal_back(t, term, label)
        finally:
            term.close()
finally:
    fx.close()

t.done()
