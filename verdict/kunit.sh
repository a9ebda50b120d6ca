#!/bin/bash
# KUnit as upstream runs it: tools/testing/kunit/kunit.py run
# --kunitconfig=drivers/dma-buf --arch=x86_64, which builds a kernel of its
# own (its x86_64 QEMU configuration plus the series' .kunitconfig: the heap
# core, the system heap and the KUnit suites of drivers/dma-buf, all built
# in; no KASAN or lockdep, which the debug guests add to the same suite),
# boots it and parses the results.  It runs from a worktree of the series,
# out/$BASE/kunit-src, so that build/bisect.sh can check prefixes out in the
# tree meanwhile; the build goes to out/$BASE/kunit (ccache as for every
# build).  Tests that cannot run in that kernel report SKIP (pinning a
# module, nested locks without lockdep, opening nodes without devtmpfs; and
# one dma-buf case that needs two CPUs) and
# are not counted as passed; any other skip fails, as does a run in which
# the heap core's suite did not run.  Writes out/$BASE/kunit.totals
# ("passed failed").
#
# A run that passed is kept as a verdict (verdict/cache.sh), as a build is:
# keyed by the series' tree (without its kselftests), the tools, QEMU and
# this script, with its totals; the same sources are not built and run
# again.  The same suites run in every debug guest of the test suite all
# the same.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tree/base.sh"
. "$top/verdict/cache.sh"
out=$work/kunit
log=$out/kunit.log
rm -f "$work/kunit.totals" "$out/results.json"
# A run that ends early leaves a failure, not nothing.
trap '[ -f "$work/kunit.totals" ] || echo "0 1" > "$work/kunit.totals"' EXIT
key=$({ echo kunit.py; tree_without_heap_kselftests "$tree" series; host_tools
	/usr/bin/qemu-system-x86_64 --version | head -1
	contents_sum "$0" "$top/vm/kunit-qemu/qemu-system-x86_64"; } | verdict_key)
if kept=$(verdict_known "$key"); then
	# "passed failed" on the first line, then what passed and when
	echo "kunit: $BASE: ok ($(sed -n 2p <<< "$kept"))"
	rm -f "$log"	# an earlier run's
	head -1 <<< "$kept" > "$work/kunit.totals"
	exit 0
fi
mkdir -p "$out"
src=$work/kunit-src
series_worktree "$src"

# kunit.py tries KVM first; vm/kunit-qemu/ keeps it to what the bench probed.
[ -f "$top/out/accel" ] || "$top/vm/run.sh" debug-m probe > /dev/null
echo "kunit: $BASE: kunit.py run --kunitconfig=drivers/dma-buf --arch=x86_64 (accel $(cat "$top/out/accel"))"
rc=0
(cd "$src" && PATH=$top/vm/kunit-qemu:$PATH tools/testing/kunit/kunit.py run \
	--kunitconfig=drivers/dma-buf --arch=x86_64 --build_dir="$out/build" \
	--jobs="$(nproc)" --make_options "CC=ccache gcc" --timeout=600 \
	--json="$out/results.json") > "$log" 2>&1 || rc=$?
echo "kunit: $BASE: kunit.py exit $rc; $(grep -o 'Ran [0-9]* tests:.*' "$log" | tail -1 || echo 'no results')"
# The verdict, from kunit.py's JSON: every case passed, but for the skips
# this kernel explains (listed below); the heap core's suite ran; no
# parse errors.  Prints "passed failed".
totals=$(python3 - "$out/results.json" <<'PY'
import json, sys
# Cases that cannot run in kunit.py's kernel: built in (no module count to
# read), no lockdep, no devtmpfs on /dev while built-in tests run; and
# dma-buf's own race test, which needs two CPUs (the kernel is built
# without SMP, whatever QEMU gives it).
may_skip = {"dma-heap": ("handle_pins_module", "layered_heaps", "minor_not_reused"),
            "dma-buf-fence": ("test_race_signal_callback",)}
try:
    top = json.load(open(sys.argv[1]))
except (OSError, ValueError) as e:
    print(f"kunit:   no results: {e}", file=sys.stderr)
    print("0 1")
    sys.exit()
passed = failed = 0
suites = set()
def walk(group):
    global passed, failed
    name = group["name"]
    if group["test_cases"]:
        suites.add(name)
    for case in group["test_cases"]:
        ok = case["status"] == "PASS" or (
            case["status"] == "SKIP" and case["name"].endswith(may_skip.get(name, ())))
        if case["status"] == "SKIP" and ok:
            print(f"kunit:   {name}.{case['name']}: skipped, as expected here", file=sys.stderr)
        elif not ok:
            print(f"kunit:   {name}.{case['name']}: {case['status']}", file=sys.stderr)
        passed += case["status"] == "PASS"
        failed += not ok
    for sub in group["sub_groups"]:
        walk(sub)
walk(top)
if "dma-heap" not in suites:
    print("kunit:   the dma-heap suite did not run", file=sys.stderr)
    failed += 1
errors = top.get("misc", {}).get("errors", 0)   # older kunit.py (6.12) has no "misc"
if errors:
    print(f"kunit:   {errors} parse errors", file=sys.stderr)
    failed += 1
print(passed, failed)
PY
) || totals="0 1"
read -r passed failed <<< "$totals"
[ "$rc" = 0 ] || [ "$failed" != 0 ] || failed=1
[ "$failed" = 0 ] || tail -30 "$log" | sed 's/^/kunit:   /'
echo "$passed $failed" > "$work/kunit.totals"
[ "$failed" = 0 ] || { verdict_forget "$key"; exit 1; }
verdict_keep "$key" "$passed 0
$passed passed in kunit.py's kernel, $(date -u '+%F %R'), from the same sources, with the same tools"
