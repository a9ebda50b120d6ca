#!/bin/sh
# The benchmark run (bench.run=perf): heap-bench from userspace on the system
# heap, then, where the kernel has the in-kernel API (heap_bench.ko is only
# built for the patched kernel), the same sizes from a kernel module.
# usage: perf.sh m|y   (how the heaps were built)
if [ "$1" = m ]; then
	modprobe system_heap || { echo "PERF-FAILED: modprobe system_heap"; exit 1; }
fi
echo "PERF-KERNEL $(uname -r) heaps=$1"
sleep 2	# let boot-time work settle
/bench/heap-bench system || { echo "PERF-FAILED: heap-bench"; exit 1; }
if [ -f /bench/heap_bench.ko ]; then
	# Results come back through dmesg, not the console, so that kernel
	# and userspace output do not interleave on the serial line.
	dmesg -n 1
	insmod /bench/heap_bench.ko || { echo "PERF-FAILED: heap_bench.ko"; }
	rmmod heap_bench
	dmesg | sed -n 's/.*heap_bench: PERF/PERF/p'
	dmesg -n 7
fi
