#!/usr/bin/env python3
"""VM -> verdict: read one serial console log of a guest run and decide.

The run passes only if
  - the guest reached BENCH-END (it did not hang, panic or time out);
  - every KTAP/TAP document in it, at every nesting level ("# " prefixes
    of the kselftest runner, indentation of KUnit), has as many results as
    its plan says;
  - no result is "not ok", none is skipped, nothing bailed out;
  - the kernel printed no splat (BUG, WARNING, KASAN, lockdep, kmemleak,
    hung task, Oops, any stack trace).

While the kselftest heap-faults injects allocation failures (it marks the
stretch in the kernel log), the kernel reports some of them by design: a
failed vmalloc() logs a report with a stack trace, and dma_buf_vmap() warns
once when an exporter's vmap fails. There, and only there, the stack trace
of such a report (within a few lines of its first line), and one such
warning, are not splats. Any other splat still is.
"""
import argparse
import re
import sys

TIMESTAMP = re.compile(r"^\[\s*\d+\.\d+\] ")
RESULT = re.compile(r"^(not )?ok (\d+)\b ?(.*)$")
PLAN = re.compile(r"^1\.\.(\d+)")
HEADER = re.compile(r"^K?TAP version \d+$")
SPLATS = [
    (re.compile(r"\bBUG: "), "BUG"),
    (re.compile(r"\bWARNING: "), "WARNING"),
    (re.compile(r"\bKASAN: |\bUBSAN: "), "sanitizer report"),
    (re.compile(r"possible circular locking|possible recursive locking|"
                r"inconsistent lock state|lockdep is turned off|"
                r"suspicious RCU usage|INFO: trying to register non-static key"),
     "lockdep report"),
    (re.compile(r"unreferenced object 0x|new suspected memory leaks|"
                r"memory leak detector disabled"), "kmemleak leak or kmemleak off"),
    (re.compile(r"INFO: task .* blocked for more than|INFO: rcu_.* detected stall"),
     "hung task / RCU stall"),
    (re.compile(r"\bOops\b|general protection fault|Kernel panic"), "Oops/panic"),
    (re.compile(r"Call Trace:"), "stack trace"),
]
# heap-faults' marks in the kernel log; the stretch also ends where the
# test does, should it die before its end mark.
FAULTS_BEGIN = re.compile(r"heap-faults: injecting allocation failures$")
FAULTS_END = re.compile(r"heap-faults: done injecting allocation failures$|"
                        r"^(not )?ok \d+ selftests: dmabuf-heaps: heap-faults\b|^BENCH-")
# Reports the kernel prints by design for a failed allocation.
VMALLOC_REPORT = re.compile(r"^heap-faults: vmalloc error: size ")
VMAP_WARNING = re.compile(r"WARNING: (?:CPU: \d+ PID: \d+ at )?"      # 6.12 / 7.3
                          r"(?:\S*/)?drivers/dma-buf/dma-buf\.c:\d+ (?:at )?dma_buf_vmap\+")
REPORT_LINES = 40   # from a report's first line to its "Call Trace:", at most


class Doc:
    def __init__(self, depth, line):
        self.depth, self.line = depth, line
        self.plan = None
        self.results = []      # (ok, number, description, directive)
        self.has_children = False


def parse(lines):
    docs, stack, problems = [], [], []
    for n, raw in enumerate(lines, 1):
        line = TIMESTAMP.sub("", raw.rstrip("\n"))
        # Nesting: "# " from the kselftest runner, four spaces from KUnit.
        depth = 0
        while line.startswith(("# ", "    ")):
            line, depth = line[2:] if line[0] == "#" else line[4:], depth + 1
        # Close documents nested deeper than this line.
        if HEADER.match(line):
            while stack and stack[-1].depth >= depth:
                stack.pop()
            if stack:
                stack[-1].has_children = True
            doc = Doc(depth, n)
            docs.append(doc)
            stack.append(doc)
            continue
        doc = next((d for d in reversed(stack) if d.depth == depth), None)
        if doc is None:
            continue
        if line.startswith("Bail out!"):
            problems.append(f"line {n}: {line}")
        elif (m := PLAN.match(line)) and doc.plan is None:
            doc.plan = int(m.group(1))
            if "# SKIP" in line:
                problems.append(f"line {n}: whole test skipped: {line}")
        elif m := RESULT.match(line):
            desc = m.group(3)
            directive = ""
            if desc.startswith("# "):     # no description: "ok 2 # SKIP why"
                desc, directive = "", desc[2:]
            elif " # " in desc:
                desc, directive = desc.split(" # ", 1)
            doc.results.append((m.group(1) is None, int(m.group(2)), desc, directive, n))
    return docs, problems


STORY = re.compile(r"heap|consumer_test|no_import")


def story(stream):
    """The demo's terminal view of a console read from STREAM."""
    begun = False
    for l in iter(stream.readline, ""):     # each line as the guest prints it
        if TIMESTAMP.match(l):
            if any(rx.search(l) for rx, _ in SPLATS) or (begun and STORY.search(l)):
                print(l, end="", flush=True)
        elif l.startswith("BENCH-BEGIN"):
            begun = True
        elif begun and not l.startswith(("BENCH-END", "BENCH-KMEMLEAK")):
            print(l, end="", flush=True)


EMBEDDED = re.compile(r"(?<=\S)(?=\[\s*\d+\.\d+\] )")


def read_console(path):
    """The console's lines; a kernel line that the console printed inside a
    line of the guest's programs (before its newline) becomes a line of its
    own, so that neither is misread."""
    lines = []
    for l in open(path, errors="replace"):
        parts = EMBEDDED.split(l)
        lines += [p + "\n" for p in parts[:-1]] + parts[-1:]
    return lines


def splats(lines):
    """Kernel splats in LINES, but for heap-faults' expected reports."""
    found = []
    faults = vmap_warned = False
    report = None       # line number of an expected report's first line
    for n, l in enumerate(lines, 1):
        text = TIMESTAMP.sub("", l.rstrip("\n"))
        if FAULTS_BEGIN.search(text):
            faults = True
        elif FAULTS_END.search(text):
            faults, report = False, None
        if faults and (VMALLOC_REPORT.search(text) or
                       (VMAP_WARNING.search(text) and not vmap_warned)):
            vmap_warned |= bool(VMAP_WARNING.search(text))
            report = n
            continue
        for rx, what in SPLATS:
            if not rx.search(l):
                continue
            if what == "stack trace" and report and n - report <= REPORT_LINES:
                report = None   # one stack trace per report
                break
            found.append(f"line {n}: kernel {what}: {l.strip()}")
            break
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("log", nargs="?")
    ap.add_argument("--story", action="store_true",
                    help="print the demo's view of the console on stdin; judge nothing")
    ap.add_argument("--name", default="")
    ap.add_argument("--totals")
    ap.add_argument("--no-ktap", action="store_true",
                    help="the run prints no KTAP (demo); check only the end and splats")
    args = ap.parse_args()
    if args.story:
        story(sys.stdin)
        return 0
    if not args.log:
        ap.error("a log to judge, or --story")

    lines = read_console(args.log)
    problems = []
    if not any(TIMESTAMP.sub("", l).startswith("BENCH-END") for l in lines):
        problems.append("guest did not reach BENCH-END (hang, panic or timeout)")
    if not args.no_ktap and not any(l.startswith("BENCH-KMEMLEAK-SCANNED") for l in lines):
        problems.append("kmemleak scan did not run")

    problems += splats(lines)

    docs, p = parse(lines)
    problems += p
    passed = failed = skipped = 0
    for d in docs:
        if d.plan is None:
            problems.append(f"line {d.line}: KTAP document without a plan")
        elif len(d.results) != d.plan:
            problems.append(f"line {d.line}: plan 1..{d.plan} but {len(d.results)} results")
        for ok, num, desc, directive, n in d.results:
            bad_directive = directive.upper().startswith(("SKIP", "TODO", "XFAIL", "TIMEOUT"))
            if not ok:
                problems.append(f"line {n}: not ok {num} {desc} {directive}".rstrip())
            elif bad_directive:
                problems.append(f"line {n}: unexpected {directive.split()[0]}: {desc}")
            if d.has_children:
                continue    # counted through its nested document
            if not ok:
                failed += 1
            elif bad_directive:
                skipped += 1
            else:
                passed += 1
    if not args.no_ktap and not docs:
        problems.append("no KTAP output found")

    failed_total = failed + skipped + (1 if problems and not failed + skipped else 0)
    name = args.name or args.log
    print(f"verdict: {name}: {len(docs)} KTAP documents, {passed} passed, "
          f"{failed} failed, {skipped} skipped")
    for p in problems:
        print(f"verdict: {name}: FAIL: {p}")
    print(f"verdict: {name}: {'FAIL' if problems else 'PASS'}")
    if args.totals:
        with open(args.totals, "w") as f:
            f.write(f"{passed} {failed_total}\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
