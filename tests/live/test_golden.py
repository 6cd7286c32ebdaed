"""test_golden.py - every frontend's formatting on fixed data: views of the
committed snapshot tests/data/snapshot.json must equal the expected files
byte for byte (tests/data/regen rebuilds them after a deliberate change)."""

import difflib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwpstest import Tap, parse_strictly, run, schema_errors  # noqa: E402

DATA = os.path.join(os.environ.get("TESTS_SRCDIR") or os.path.join(os.path.dirname(__file__), ".."), "data")
t = Tap()
env = {"LC_ALL": "C.UTF-8", "TZ": "UTC", "NO_COLOR": ""}
threads = next(line.split()[1] for line in open(os.path.join(DATA, "fixture.out")) if line.startswith("threads "))

for line in open(os.path.join(DATA, "views.txt")):
    if line.startswith("#") or not line.strip():
        continue
    name, args = line.rstrip("\n").split("\t")
    args = args.replace("@THREADS", threads).split()
    code, out, err = run(["--load", os.path.join(DATA, "snapshot.json")] + args, env=env)
    got = out + err.encode()
    with open(os.path.join(DATA, "expected", name + ".out"), "rb") as f:
        want = f.read()
    diff = "".join(difflib.unified_diff(want.decode("utf-8", "replace").splitlines(True),
                                        got.decode("utf-8", "replace").splitlines(True),
                                        "expected", "got", n=1))
    t.ok(got == want, "view %s (%s) equals tests/data/expected/%s.out" % (name, " ".join(args), name),
         diff[:3000])
    if "-J" in args:
        errors = schema_errors(parse_strictly(out.decode("utf-8")))
        t.eq(errors[:5], [], "view %s validates against lwps.schema.json" % name)
t.done()
