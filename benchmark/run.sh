#!/bin/bash
# build -> VM -> table: what does the series cost?  Builds the pristine
# base (perf-base: 7.3's heaps as its own permanent modules, 6.12's built
# in) and the series with the heaps as modules (perf-m) from the same non-debug configuration, and as a third
# kernel, to tell the cost of the series' core changes from the cost of
# being a module, the series with the heaps built in (perf-y).  Boots each
# BENCH_ROUNDS times (default 3) in the same VM setup, in turn (pristine,
# patched, patched =y, pristine, ...), runs vm/guest/heap-bench (and, with
# the series, heap_bench.ko) and writes
# out/$BASE/benchmark/<accel>/results.{md,csv,json}.
# benchmark/host-ref.c adds the host's own cost of an atomic and of an
# open + close (out/$BASE/benchmark/host.txt) to read instruction counts against.
#
# With KVM the guest clock is real time.  Without it, two ways of running
# are measured (BENCH_ACCEL overrides, e.g. BENCH_ACCEL=icount):
#   icount  TCG with -icount shift=0: the guest clock counts guest
#           instructions, so results do not depend on host load and repeat
#           (almost always exactly); they count work, not cycles (an atomic instruction or a
#           cache miss counts as one).
#   tcg     TCG in real time: every cost, but emulated, and as noisy as the
#           host.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tree/base.sh"
rounds=${BENCH_ROUNDS:-3}
out=$work/benchmark
kernels="perf-base perf-m perf-y"

for v in $kernels; do
	"$top/build/build.sh" "$v"
	"$top/vm/initramfs.sh" "$v"
done

accels=${BENCH_ACCEL:-}
if [ -z "$accels" ]; then
	[ -f "$top/out/accel" ] || "$top/vm/run.sh" perf-base probe
	accels="icount tcg"
	[ "$(cat "$top/out/accel")" = kvm ] && accels=kvm
fi

mkdir -p "$out"
# The host's own figures for atomics and open + close, to read icount's
# instruction counts against (benchmark/host-ref.c).
gcc -O2 -Wall -o "$out/host-ref" "$top/benchmark/host-ref.c"
"$out/host-ref" | tee "$out/host.txt"
for accel in $accels; do
	rm -rf "${out:?}/$accel"; mkdir -p "$out/$accel"
	for r in $(seq "$rounds"); do
		for v in $kernels; do
			echo "benchmark: $accel, round $r of $rounds, $v"
			ACCEL=$accel "$top/vm/run.sh" "$v" perf
			log=$out/$accel/$r-$v.log
			cp "$work/vm/$v/perf.log" "$log"
			# A benchmark run on a kernel that splats, or that did
			# not finish, measures nothing.
			"$top/verdict/check.py" --no-ktap --name "$v perf $accel round $r" "$log"
			if grep -q '^PERF-FAILED' "$log"; then
				grep '^PERF-FAILED' "$log" >&2
				exit 1
			fi
		done
	done
	"$top/benchmark/report.py" --accel "$accel" --host "$out/host.txt" \
		--date "$(date -u +%Y-%m-%d)" "$out/$accel"/*.log
	echo "benchmark: tables in out/$BASE/benchmark/$accel/results.md, .csv and .json"
done
