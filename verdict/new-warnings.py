#!/usr/bin/env python3
"""Compiler (W=1) and sparse warnings: patched against pristine.

usage: new-warnings.py BASE.log PATCHED.log

Both logs come from building the same objects the same way (make W=1 C=1)
on the pristine base and on the whole series.  A warning is its file and
message without line and column, so that code moving does not count; the
patched build may not have any warning the base does not have as often.
Prints the counts per file for both, every new warning, and exits 1 if
there is one.
"""
import collections
import re
import sys

DIAG = re.compile(r"^(?:.*?/)?((?:drivers|kernel|mm|include|arch|lib)/\S+?):\d+(?::\d+)?: "
                  r"(warning|error): (.*)$")


def read(path):
    found = collections.Counter()
    with open(path, errors="replace") as f:
        for line in f:
            m = DIAG.match(line.strip())
            if m:
                found[(m.group(1), m.group(2), m.group(3))] += 1
    return found


def per_file(found):
    files = collections.Counter()
    for (name, _, _), n in found.items():
        files[name] += n
    return files


def main():
    base, patched = read(sys.argv[1]), read(sys.argv[2])
    fb, fp = per_file(base), per_file(patched)
    for name in sorted(set(fb) | set(fp)):
        print(f"warnings: {name}: base {fb[name]}, patched {fp[name]}")
    print(f"warnings: total: base {sum(base.values())}, patched {sum(patched.values())}")
    new = patched - base
    for (name, kind, msg), n in sorted(new.items()):
        print(f"warnings: NEW ({n}x) {name}: {kind}: {msg}")
    if new:
        print(f"warnings: FAIL: {sum(new.values())} new W=1/sparse warnings")
        return 1
    print("warnings: no new W=1 or sparse warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
