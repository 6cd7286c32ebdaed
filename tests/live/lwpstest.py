"""lwpstest.py - shared helpers for the live tests: a TAP producer, the
fixture runner, and readers of the kernel's own files to compare with."""

import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile

LWPS = os.environ.get("LWPS") or os.path.join(os.path.dirname(__file__), "..", "..", "src", "lwps")
# The JSON Schema of lwps's documents, as built (make installs it).
SCHEMA = os.environ.get("LWPS_SCHEMA") or os.path.join(os.path.dirname(__file__), "..", "..",
                                                       "lwps.schema.json")
FIXTURE = os.environ.get("FIXTURE") or os.path.join(os.path.dirname(__file__), "fixture")


class Tap:
    """Minimal TAP 13 output; the process exits 1 when a test failed."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, diag=None):
        self.n += 1
        print(("ok" if cond else "not ok") + " %d - %s" % (self.n, name))
        if not cond:
            self.failed += 1
            if diag is not None:
                for line in str(diag).splitlines() or [""]:
                    print("# " + line)
        sys.stdout.flush()
        return cond

    def eq(self, got, want, name):
        return self.ok(got == want, name, "got:  %r\nwant: %r" % (got, want))

    def skip(self, name, reason):
        self.n += 1
        print("ok %d - %s # SKIP %s" % (self.n, name, reason))
        sys.stdout.flush()

    def done(self):
        print("1..%d" % self.n)
        sys.exit(1 if self.failed else 0)


def lwps_for_anyone(prefix):
    """A copy of lwps that any user may run (the build tree may be under a
    private home), in a new directory: (directory, path of the copy)."""
    tmp = tempfile.mkdtemp(prefix=prefix)
    os.chmod(tmp, 0o755)
    lwps = os.path.join(tmp, "lwps")
    shutil.copy2(LWPS, lwps)
    os.chmod(lwps, 0o755)
    return tmp, lwps


def run(args, env=None, input=None, check_stderr=None):
    """Runs lwps with args; returns (exit status, stdout bytes, stderr text)."""
    e = dict(os.environ)
    e.setdefault("LC_ALL", "C.UTF-8")
    e.pop("COLUMNS", None)
    if env:
        e.update(env)
    p = subprocess.run([LWPS] + list(args), capture_output=True, env=e, input=input, timeout=60)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def run_tty(args, columns, env=None):
    """Runs lwps with its output on a pseudo-terminal COLUMNS wide; returns
    (exit status, output bytes with the terminal's CR LF made LF)."""
    import pty
    e = dict(os.environ, LC_ALL="C.UTF-8", COLUMNS=str(columns))
    e.pop("NO_COLOR", None)
    if env:
        e.update(env)
    master, slave = pty.openpty()
    p = subprocess.Popen([LWPS, "--color=never"] + list(args), stdin=subprocess.DEVNULL, stdout=slave,
                         stderr=subprocess.DEVNULL, env=e)
    os.close(slave)
    out = bytearray()
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:   # EIO: the last writer closed the terminal
            break
        if not data:
            break
        out += data
    os.close(master)
    return p.wait(timeout=60), bytes(out).replace(b"\r\n", b"\n")


def run_json(args, env=None):
    """Runs lwps -J and parses strictly (no NaN, no duplicate keys)."""
    code, out, err = run(list(args) + ["-J"], env=env)
    return code, strict_json(out.decode("utf-8")), err


def cloned_snapshot(path, parents):
    """Writes to `path` a snapshot of copies of this process (saved with
    --save) under other pids: `parents` maps each pid to its ppid.  Each
    copy has one thread and the command line ["proc"]."""
    code, out, err = run(["--save", path, "-p", str(os.getpid())])
    if code != 0:
        raise RuntimeError("--save: " + err)
    with open(path) as f:
        doc = strict_json(f.read())
    template = doc["processes"][0]
    for key in ("maps", "maps_total", "layout"):
        template.pop(key, None)
    template["cmdline"] = ["proc"]
    template["threads"] = template["threads"][:1]
    procs = []
    for pid, ppid in parents.items():
        p = copy.deepcopy(template)
        p.update(pid=pid, ppid=ppid, pgid=pid, sid=pid, nlwp=1, nspid=[pid])
        p["threads"][0].update(tid=pid, nspid=[pid])
        procs.append(p)
    doc["processes"] = procs
    with open(path, "w") as f:
        json.dump(doc, f)
    return path


_validator = None


def schema_errors(doc):
    """What makes `doc` invalid against lwps.schema.json (draft 2020-12),
    as a list of "path: message" strings; empty when it is valid."""
    global _validator
    if _validator is None:
        try:
            import jsonschema
        except ImportError:
            raise RuntimeError("python3-jsonschema is not installed for %s (Debian: apt-get install "
                               "python3-jsonschema)" % sys.executable)
        with open(SCHEMA) as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        _validator = jsonschema.Draft202012Validator(schema)
    import jsonschema
    errors = []
    for e in _validator.iter_errors(doc):
        e = jsonschema.exceptions.best_match([e])
        errors.append("/" + "/".join(str(p) for p in e.absolute_path) + ": " + e.message[:200])
    return errors


def validate(doc):
    """Returns `doc`, a document lwps wrote, once it validates against the
    schema; raises ValueError naming the first few errors otherwise."""
    errors = schema_errors(doc)
    if errors:
        raise ValueError("lwps wrote JSON that %s rejects:\n  %s" % (SCHEMA, "\n  ".join(errors[:5])))
    return doc


def strict_json(text):
    """Parses a document lwps wrote: strictly (no NaN, no duplicate keys)
    and against lwps's JSON Schema, so every test that reads lwps's JSON
    checks the schema too."""
    return validate(parse_strictly(text))


def parse_strictly(text):
    def no_dupes(pairs):
        keys = [k for k, _ in pairs]
        if len(keys) != len(set(keys)):
            raise ValueError("duplicate key in %r" % keys)
        return dict(pairs)

    def no_constant(name):
        raise ValueError("non-standard constant %s" % name)

    return json.loads(text, object_pairs_hook=no_dupes, parse_constant=no_constant)


def unraw(field):
    """Decodes one field of `lwps -r` output (\\xHH escapes) to bytes."""
    out = bytearray()
    b = field.encode("utf-8", "surrogateescape") if isinstance(field, str) else field
    i = 0
    while i < len(b):
        if b[i:i + 2] == b"\\x" and i + 4 <= len(b):
            out.append(int(b[i + 2:i + 4], 16))
            i += 4
        else:
            out.append(b[i])
            i += 1
    return bytes(out)


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def proc_stat(path):
    """Parses a stat file: returns (comm bytes, fields after comm as list)."""
    data = read_bytes(path)
    open_ = data.index(b"(")
    close = data.rindex(b")")
    return data[open_ + 1:close], data[close + 2:].split()


def proc_status(path):
    out = {}
    for line in read_bytes(path).split(b"\n"):
        if b":" in line:
            k, v = line.split(b":", 1)
            out[k.decode()] = v.strip().decode("utf-8", "replace")
    return out


def tids_of(pid):
    return sorted(int(t) for t in os.listdir("/proc/%d/task" % pid))


def proc_children(pid, tid):
    """The pids in /proc/PID/task/TID/children, or None when the kernel
    has no such file (built without CONFIG_PROC_CHILDREN)."""
    try:
        return [int(x) for x in read_bytes("/proc/%d/task/%d/children" % (pid, tid)).split()]
    except FileNotFoundError:
        if os.path.isdir("/proc/%d/task/%d" % (pid, tid)):
            return None
        raise


class Fixture:
    """Starts tests/live/fixture and reads the shapes it reports.

    Each shape line is `NAME NUM...`; `skip NAME REASON` marks a shape the
    machine cannot make (e.g. ptrace denied).  `shapes` names the shapes to
    make, those made only on request among them; by default every other."""

    def __init__(self, shapes=()):
        self.proc = subprocess.Popen([FIXTURE] + list(shapes), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=sys.stderr)
        self.shapes = {}
        self.skipped = {}
        for raw in self.proc.stdout:
            words = raw.decode().split()
            if not words:
                continue
            if words[0] == "ready":
                break
            if words[0] == "skip":
                self.skipped[words[1]] = " ".join(words[2:])
            elif words[0] == "error":
                raise RuntimeError("fixture: " + " ".join(words[1:]))
            else:
                self.shapes[words[0]] = [int(w) for w in words[1:]]
        else:
            raise RuntimeError("fixture ended before it was ready")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def all_pids(self):
        """Every process id of the fixture's shapes (threads excluded)."""
        s = self.shapes
        pids = []
        for name, nums in s.items():
            if name in ("threads", "exitleader", "traced", "stopped"):
                pids.append(nums[0])
            elif name in ("zombie", "vfork"):
                pids.extend(nums[:2])
            elif name == "thrfork":
                pids.extend([nums[0], nums[1], nums[4]])
        return sorted(set(pids))
