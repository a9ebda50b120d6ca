#!/usr/bin/env python3
"""The test suite's drive of ./bench shell, so that the shell cannot break
unnoticed: boot the debug-m guest of one base with its console on pipes,
wait for the prompt, type what a newcomer would, and check what comes back.

The console goes to out/BASE/vm/debug-m/shell.log; the checks made here are
appended to it as a KTAP document, and verdict/check.py judges the whole
log (the checks, BENCH-END, no kernel splat) and writes shell.totals.
"""
import os
import re
import select
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE = os.environ.get("BASE", "7.3")
OUT = f"{TOP}/out/{BASE}/vm/debug-m"


class Console:
    def __init__(self, argv):
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT)
        self.text = b""

    def wait_for(self, pattern, seconds, start=0):
        """True once PATTERN (bytes regex) appears after offset START."""
        end = time.monotonic() + seconds
        while not re.search(pattern, self.text[start:]):
            left = end - time.monotonic()
            if left <= 0:
                return False
            ready, _, _ = select.select([self.p.stdout], [], [], left)
            if ready:
                chunk = os.read(self.p.stdout.fileno(), 4096)
                if not chunk:
                    return bool(re.search(pattern, self.text[start:]))
                self.text += chunk
        return True

    def type(self, line):
        start = len(self.text)
        self.p.stdin.write(line.encode() + b"\n")
        self.p.stdin.flush()
        return start


def main():
    con = Console([f"{TOP}/vm/run.sh", "debug-m", "shell"])
    results = []
    prompt = con.wait_for(rb"guest# ", 600)
    results.append((prompt, "a prompt on the console"))
    listed = False
    if prompt:
        start = con.type("modprobe system_heap; ls /dev/dma_heap; echo SHELL-$((40 + 2))")
        if con.wait_for(rb"SHELL-42", 120, start):
            # the echoed command says "system_heap", not "system" alone
            out = re.sub(rb"\x1b\[[0-9;]*m", b"", con.text[start:])    # ls colours
            listed = re.search(rb"(^|\s)system(\s|$)", out) is not None
    results.append((listed, "modprobe system_heap; ls /dev/dma_heap lists system"))
    if prompt:
        con.type("poweroff")
    try:
        con.p.stdin.close()
        con.wait_for(rb"BENCH-END", 180)
        con.p.wait(60)
        stopped = True
    except (subprocess.TimeoutExpired, BrokenPipeError):
        con.p.kill()
        stopped = False
    results.append((stopped and con.p.returncode == 0, "poweroff ends the VM"))

    log = f"{OUT}/shell.log"
    with open(log, "w") as f:
        f.write(con.text.decode(errors="replace").replace("\r", ""))
        f.write("\n# ./bench shell, driven by vm/shell-check.py\nKTAP version 1\n")
        f.write(f"1..{len(results)}\n")
        for n, (ok, what) in enumerate(results, 1):
            f.write(f"{'' if ok else 'not '}ok {n} {what}\n")
    return subprocess.call([f"{TOP}/verdict/check.py", "--name", f"{BASE} debug-m shell",
                            "--totals", f"{OUT}/shell.totals", log])


if __name__ == "__main__":
    sys.exit(main())
