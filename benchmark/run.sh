#!/bin/bash
# build -> VM -> table: does modularity cost anything?  Builds the pristine
# base with the heaps built in (perf-base) and the series with the heaps as
# modules (perf-m) from the same non-debug configuration, and as a third
# kernel, to tell the cost of the series' core changes from the cost of
# being a module, the series with the heaps built in (perf-y).  Boots each
# BENCH_ROUNDS times (default 3) in the same VM setup, in turn (pristine,
# patched, patched =y, pristine, ...), runs vm/guest/heap-bench (and, with
# the series, heap_bench.ko) and writes out/benchmark/results.{md,csv,json}.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
rounds=${BENCH_ROUNDS:-3}
out=$top/out/benchmark
kernels="perf-base perf-m perf-y"

for v in $kernels; do
	"$top/build/build.sh" "$v"
	"$top/vm/initramfs.sh" "$v"
done

rm -rf "$out"; mkdir -p "$out"
for r in $(seq "$rounds"); do
	for v in $kernels; do
		echo "benchmark: round $r of $rounds, $v"
		"$top/vm/run.sh" "$v" perf
		cp "$top/out/vm/$v/perf.log" "$out/$r-$v.log"
		# A benchmark run on a kernel that splats, or that did not finish,
		# measures nothing.
		"$top/verdict/check.py" --no-ktap --name "$v perf round $r" "$out/$r-$v.log"
		if grep -q '^PERF-FAILED' "$out/$r-$v.log"; then
			grep '^PERF-FAILED' "$out/$r-$v.log" >&2
			exit 1
		fi
	done
done

"$top/benchmark/report.py" --accel "$(cat "$top/out/vm/accel")" \
	--date "$(date -u +%Y-%m-%d)" "$out"/*.log
echo "benchmark: tables in out/benchmark/results.md, .csv and .json"
