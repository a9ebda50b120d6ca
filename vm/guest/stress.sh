#!/bin/sh
# The soak run of ./bench stress: load and unload each heap module CYCLES
# times (default 1000), fuzz the allocation ioctl of every heap, CALLS
# calls each (default 500000, five times the test suite's) with a random
# seed (printed, so that a failure can be replayed with
# DMABUF_HEAP_FUZZ_SEED), fail every allocation of the heap operations in
# turn (heap-faults), then race users against unloading each heap module
# for SECONDS.
# usage: stress.sh SECONDS CMA-HEAP [CYCLES [CALLS]]
. /kselftest/kselftest/ktap_helpers.sh

race=$1 cma=$2 cycles=${3:-1000} calls=${4:-500000}

# is_heap_node HEAP: /dev/dma_heap/HEAP is the device that the heap
# registered (its dev_t is the one in /sys/class/dma_heap/HEAP/dev)
is_heap_node() {
	dev=$(stat -c '%t %T' "/dev/dma_heap/$1") || return 1
	set -- "$1" $dev	# major and minor, in hex
	[ "$(printf '%d:%d' "0x$2" "0x$3")" = "$(cat "/sys/class/dma_heap/$1/dev")" ]
}

# cycles MODULE HEAP: CYCLES times modprobe and rmmod, the heap's node
# coming (the heap's own device) and going each time; stops at the first
# failure.
cycles() {
	n=0
	while [ $n -lt "$cycles" ]; do
		modprobe "$1" && is_heap_node "$2" && rmmod "$1" &&
			[ ! -e "/dev/dma_heap/$2" ] || break
		n=$((n + 1))
	done
	echo "# $1: $n of $cycles load/unload cycles"
	[ $n -eq "$cycles" ]
}

ktap_print_header
ktap_set_plan 2
ktap_test_result "system_heap: $cycles load/unload cycles" \
	cycles system_heap system
ktap_test_result "cma_heap: $cycles load/unload cycles" \
	cycles cma_heap "$cma"
ktap_print_totals

seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
echo "# heap-fuzz seed $seed"
DMABUF_HEAP_FUZZ_SEED=$seed DMABUF_HEAP_FUZZ_CALLS=$calls DMABUF_HEAP_FUZZ_HUGE=1 \
	/kselftest/run_kselftest.sh -o 3600 -t dmabuf-heaps:heap-fuzz

# Every fault point of every operation (the test suite samples the large ones).
DMABUF_HEAP_FAULTS_MAX=0 /kselftest/run_kselftest.sh -o 3600 -t dmabuf-heaps:heap-faults

modprobe system_heap
DMABUF_HEAP_RACE_SECONDS=$race /kselftest/run_kselftest.sh \
	-o $((race + 300)) -t dmabuf-heaps:heap-module-race
# and on the CMA heap (arguments, which the kselftest runner cannot pass)
timeout $((race + 300)) /kselftest/dmabuf-heaps/heap-module-race "$race" cma_heap "$cma"
