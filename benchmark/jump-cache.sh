#!/bin/bash
# Why a few guest instructions can cost much more time under TCG than they
# count: where QEMU's jump cache misses while the guest opens and closes the
# heap node, on each kernel of the benchmark.
#
# TCG ends a translated block at every return, indirect jump and jump to
# another page, and finds the next block through a per-CPU jump cache of
# 4096 slots, direct-mapped by a hash of the guest PC.  Two PCs that share a
# slot and run in the same loop evict each other on every pass, and every
# miss costs a lookup in QEMU's TB hash table (qht_lookup_custom).  Which
# PCs share a slot depends only on where the kernel's code sits.
#
# A uprobe on qht_lookup_custom records every such lookup with the guest PC
# it looks for (the first field of its key in QEMU 7.2, Debian 12's).  Each
# kernel boots once (icount) for the guest job 'open-loop': 100000 open +
# close of /dev/dma_heap/system and nothing else.  benchmark/jump-cache.py
# writes out/$BASE/benchmark/jump-cache/results.md.  Needs root (uprobes).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tree/base.sh"
out=$work/benchmark/jump-cache
kernels="perf-base perf-m perf-y"
event=qemu_tcg:tb_lookup

qemu=$(command -v qemu-system-x86_64)
version=$("$qemu" --version | head -1)
case $version in
*" version 7.2."*) ;;
*) echo "jump-cache: needs QEMU 7.2 (Debian 12) for its lookup key, not: $version" >&2
   exit 1 ;;
esac

for v in $kernels; do
	"$top/build/build.sh" "$v"
	"$top/vm/initramfs.sh" "$v"
done

perf probe -q -d "$event" 2>/dev/null || true
perf probe -q -x "$qemu" -a "$event=qht_lookup_custom pc=+0(%si):x64"
trap 'perf probe -q -d "$event" 2>/dev/null || true' EXIT

rm -rf "$out"; mkdir -p "$out"
args=()
for v in $kernels; do
	echo "jump-cache: $v"
	perf record -q -e "$event" -o "$out/$v.data" -- \
		env ACCEL=icount "$top/vm/run.sh" "$v" open-loop
	log=$work/vm/$v/open-loop.log
	grep -q '^PERF-DONE' "$log" ||
		{ echo "jump-cache: $v: the guest job did not finish, see $log" >&2; exit 1; }
	perf script -i "$out/$v.data" -F trace 2>/dev/null |
		sed -n 's/.* pc=\(0x[0-9a-f]*\)$/\1/p' | sort | uniq -c > "$out/$v.pcs"
	rm "$out/$v.data"
	args+=("$v" "$out/$v.pcs" "$work/build/$v/System.map" "$log")
done
"$top/benchmark/jump-cache.py" --qemu "$version" "${args[@]}" | tee "$out/results.md"
