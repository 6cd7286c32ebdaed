"""test_docs.py - the man page and the shell completions against the
program: no groff warning, every option from --help and every column from
--list-columns in the man page, and what bash completes for partial words."""

import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import LWPS, SCHEMA, Tap, run  # noqa: E402

t = Tap()
top_src = os.environ.get("TESTS_SRCDIR", os.path.join(os.path.dirname(__file__), "..")) + "/.."
man = os.environ.get("MANPAGE") or os.path.join(os.path.dirname(LWPS), "..", "man", "lwps.1")
bash_completion = os.path.join(top_src, "completions", "lwps.bash")

# 1. The man page: groff finds nothing to warn about.
p = subprocess.run(["groff", "-man", "-ww", "-z", man], capture_output=True)
t.ok(p.returncode == 0 and p.stderr == b"", "groff -man -ww -z man/lwps.1 prints no warning", p.stderr)
source = open(man, encoding="utf-8").read().replace("\\-", "-").replace("\\[*D]", "Δ")
for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COLUMNS", "JSON OUTPUT",
                "INTERACTIVE COMMANDS", "EXIT STATUS", "ENVIRONMENT", "FILES", "EXAMPLES", "SEE ALSO"):
    t.ok(re.search(r"^\.SH %s$" % section, source, re.M), "the man page has %s" % section)

# 2. Every option of --help is in the man page.
code, out, err = run(["--help"])
options = sorted(set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[a-zA-Z])(?=[ ,=\[])", out.decode())))
t.ok(len(options) >= 40, "--help lists the options", options)
for opt in options:
    t.ok(re.search(r"(^|[\s\"])%s(?![a-z-])" % re.escape(opt.replace("-", r"-")), source, re.M),
         "option %s is in the man page" % opt)

# 3. Every column of --list-columns, of both kinds, is in the man page.
for scope in ([], ["-m"], ["--limits"]):
    code, out, err = run(scope + ["--list-columns"])
    names = [line.split()[0] for line in out.decode().splitlines()]
    t.ok(len(names) > (4 if scope == ["--limits"] else 20), "--list-columns %s lists columns" % " ".join(scope))
    missing = [n for n in names if not re.search(r"^\.B %s$" % re.escape(n), source, re.M)]
    t.eq(missing, [], "every column of lwps %s --list-columns is in the man page" % " ".join(scope))


# 4. What the man page says, rendered: the mapping object's keys read as a
# list; every key of the browser's help (screen_help.c) is described.
def rendered(path):
    p = subprocess.run(["groff", "-man", "-Tutf8", "-P-cbou", "-rLL=400n", "-rHY=0", path],
                       capture_output=True, check=True)
    return " ".join(p.stdout.decode("utf-8", "replace").split())


text = rendered(man)
# Every key of the JSON Schema is described in JSON OUTPUT with the
# schema's description (both come from the key table), and the page names
# where the schema is installed.
schema = json.load(open(SCHEMA))
json_section = re.search(r"^\.SH JSON OUTPUT$(.*?)^\.SH ", source, re.S | re.M).group(1)
described = {m.group(1): m.group(2) for m in re.finditer(r"^\.B (\S+)\n[^\n]*?: (.*)\.$", json_section, re.M)}
keys = {k: p["description"] for d in schema["$defs"].values() for k, p in d.get("properties", {}).items()}
t.ok(len(keys) > 100 and all(described.get(k) == d.replace("\\", "\\e") for k, d in keys.items()),
     "every key of lwps.schema.json is in the man page with its description (%d)" % len(keys),
     sorted(k for k, d in keys.items() if described.get(k) != d))
t.ok(re.search(r"^\.IR? /\S*/lwps/lwps\.schema\.json", source, re.M),
     "the man page names where the JSON Schema is installed")
# The keys each item of INTERACTIVE COMMANDS is tagged with (the line after .TP).
section = re.search(r"^\.SH INTERACTIVE COMMANDS$(.*?)^\.SH ", source, re.S | re.M).group(1).split("\n")
tagged = {k for i, line in enumerate(section[1:]) if section[i] == ".TP"
          for k in re.findall(r'[^\s",]+', re.sub(r"^\.B[IR]* ", "", line))}
help_src = open(os.path.join(top_src, "src", "browser", "screen_help.c"), encoding="utf-8").read()
list_keys = help_src[help_src.index("list_keys[] = {"):help_src.index("};", help_src.index("list_keys[] = {"))]
keys = [k for group in re.findall(r'\{ "([^"]+)", N_', list_keys) for k in group.split()]
missing = [k for k in keys if k not in tagged and (len(k) == 1 or k.capitalize() not in tagged)]
t.ok(len(keys) > 20 and not missing, "every key the browser's help lists is in the man page", missing)

# 5. The README's -m samples start with the "PID:   command" line lwps prints.
readme = open(os.path.join(top_src, "README.md"), encoding="utf-8").read()
blocks = [b.split("\n") for b in re.findall(r"^```[a-z]*\n(.*?)^```$", readme, re.S | re.M)]
samples = [b for b in blocks if b[0].startswith("$ lwps -m ") and "|" not in b[0] and "-J" not in b[0]]
bad = [b[:2] for b in samples if not re.match(r"%s:   \S" % re.escape(b[0].split()[-1]), b[1])]
t.ok(len(samples) >= 2 and not bad, "the README's -m samples have the title line (%d)" % len(samples), bad)

# 6. The bash completion, for a few partial words.
def complete(line):
    """What bash completes for the last word of `line`."""
    words = line.split(" ")
    script = """
source %s
COMP_WORDS=(%s); COMP_CWORD=%d
_lwps
printf '%%s\\n' "${COMPREPLY[@]}"
""" % (bash_completion, " ".join("'%s'" % w for w in [LWPS] + words[1:]), len(words) - 1)
    out = subprocess.run(["bash", "-c", script], capture_output=True, text=True).stdout
    return sorted(x for x in out.split("\n") if x)


code, out, err = run(["--list-columns"])
columns = sorted(line.split()[0].lower() for line in out.decode().splitlines())
code, out, err = run(["-m", "--list-columns"])
map_columns = sorted(line.split()[0].lower() for line in out.decode().splitlines())
t.eq(complete("lwps --ou"), ["--output", "--output-all"], "--ou completes to the two --output options")
t.eq(complete("lwps -o "), columns, "-o completes to every column of --list-columns")
t.eq(complete("lwps -o p"), [c for c in columns if c.startswith("p")], "-o p completes to the p columns")
t.eq(complete("lwps -o pid,pp"), ["pid,ppid"], "-o pid,pp completes the last item of the list")
t.eq(complete("lwps -o +wc"), ["+wchan"], "-o +wc keeps the +")
t.eq(complete("lwps -s -nl"), ["-nlwp"], "-s -nl keeps the descending -")
t.eq(complete("lwps -m 1 -o pe"), [c for c in map_columns if c.startswith("pe")],
     "with -m, -o completes mapping columns")
t.eq(complete("lwps -m 1 -o rss,la"), ["rss,lazyfree"], "with -m, -o rss,la completes LAZYFREE")
t.eq(complete("lwps -m 1 -s -vm"), ["-vmflags"], "with -m, -s -vm completes VMFLAGS")
code, out, err = run(["--limits", "--list-columns"])
limit_columns = sorted(line.split()[0].lower() for line in out.decode().splitlines())
t.eq(complete("lwps --limits 1 -o "), limit_columns, "with --limits, -o completes limit columns")
me = str(os.getpid())
t.ok(me in complete("lwps -p " + me[:-1]), "-p completes process ids", me)
t.ok(me in complete("lwps " + me[:-1]), "a bare word completes process ids", me)
t.eq(complete("lwps -u roo"), ["root"], "-u completes user names")
t.eq(complete("lwps --color=al"), ["always"], "--color= completes its values")
with tempfile.TemporaryDirectory() as d:
    open(os.path.join(d, "snapshot-one.json"), "w").close()
    t.eq(complete("lwps --load %s/snap" % d), ["%s/snapshot-one.json" % d], "--load completes file names")
    t.eq(complete("lwps --save %s/snap" % d), ["%s/snapshot-one.json" % d], "--save completes file names")
# 7. The translation: complete and well-formed (msgfmt --check).
po = os.path.join(top_src, "po", "de.po")
p = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", po],
                   capture_output=True, text=True)
t.ok(p.returncode == 0 and "fuzzy" not in p.stderr and "untranslated" not in p.stderr,
     "po/de.po passes msgfmt --check with every message translated", p.stderr)
t.done()
