#!/bin/sh
# The guest test plan: the heap provider's module, the KUnit suite of the
# heap core (run with the heaps loaded) and the namespace check (KTAP),
# then the dmabuf-heaps kselftests through the kselftest runner.
# usage: test.sh m|y CMA-HEAP   (how the heaps were built; the name of the
# default CMA area's heap: "default_cma_region" on 7.3, "reserved" on 6.12)
. /kselftest/kselftest/ktap_helpers.sh

heaps=$1 cma=$2
in_lsmod() { lsmod | grep -q "^$1 "; }

# The heap modules are loaded, and checked, before this document starts:
# the KUnit suite of the heap core, which tests the buffers of the heaps
# that are loaded, prints its own KTAP document on the console while it
# loads, and the two must not interleave. Results of the early checks:
# "0|description" (passed) or "1|description", one per line.
early=
early() {
	d=$1
	shift
	"$@" >/dev/null 2>&1
	early="$early$?|$d
"
}
case $heaps in
m)
	plan=12
	for h in system_heap:system cma_heap:$cma; do
		mod=${h%:*} node=/dev/dma_heap/${h#*:}
		early "$mod: $node absent before modprobe" [ ! -e $node ]
		early "$mod: modprobe" modprobe $mod
		early "$mod: $node present after modprobe" [ -c $node ]
		early "$mod: listed by lsmod" in_lsmod $mod
	done
	;;
y)
	plan=6
	for h in system_heap:system cma_heap:$cma; do
		mod=${h%:*} node=/dev/dma_heap/${h#*:}
		early "$mod: $node present at boot" [ -c $node ]
		early "$mod: built in, not a module" eval ! in_lsmod $mod
	done
	;;
*)
	ktap_print_header
	ktap_exit_fail_msg "unknown heap build '$heaps'"
	;;
esac

kunit_ran() {
	modprobe dma-heap_kunit || return 1
	grep -q "^ok [0-9]* dma-heap$" /sys/kernel/debug/kunit/dma-heap/results
	ran=$?
	rmmod dma-heap_kunit && return $ran
}
kunit=false
kunit_ran && kunit=true

ktap_print_header
ktap_set_plan $plan
while IFS='|' read -r rc d; do
	[ -n "$d" ] || continue
	if [ "$rc" = 0 ]; then ktap_test_pass "$d"; else ktap_test_fail "$d"; fi
done <<END
$early
END

ktap_test_result "KUnit suite dma-heap ran and passed, module unloaded" $kunit

# A module using the heap API without importing DMA_BUF_HEAP is refused.
no_import() {
	insmod /bench/no_import.ko 2>/tmp/insmod.err && return 1
	sed 's/^/# /' /tmp/insmod.err
	grep -q "Invalid argument" /tmp/insmod.err &&
	dmesg | grep -q "no_import: module uses symbol (dma_heap_find) from namespace DMA_BUF_HEAP, but does not import it"
}
ktap_test_result "module without MODULE_IMPORT_NS(DMA_BUF_HEAP) refused" no_import
if [ "$heaps" = m ]; then
	# On 7.3 the TEE core provides heaps and removes them on exit; without
	# a TEE it registers none, but its exit runs all the same.
	ktap_test_result "TEE core module loads and unloads" eval "modprobe tee && rmmod tee"
	# The kselftests start as after a fresh boot, with no heap module
	# loaded: dmabuf-heap must load them itself, or it finds no heap.
	ktap_test_result "heap modules unloaded before the kselftests" \
		eval "rmmod cma_heap system_heap && [ ! -e /dev/dma_heap/system ] && [ ! -e /dev/dma_heap/$cma ]"
fi
ktap_print_totals

if [ "$heaps" = m ]; then
	# Every dmabuf-heaps kselftest but the unload race, which needs a
	# second CPU: it runs in the nocma guest (nocma.sh), which has two.
	# heap-faults fails at most 40 fault points per operation here: a
	# module load has about 300, each failure costs a load (0.2 s).
	# ./bench stress fails every one, and runs heap-fuzz with a random
	# seed. These kernels refuse system heap buffers larger than memory,
	# so heap-fuzz may ask for them.
	set --
	for t in $(/kselftest/run_kselftest.sh -l | grep '^dmabuf-heaps:'); do
		[ "$t" = dmabuf-heaps:heap-module-race ] || set -- "$@" -t "$t"
	done
	# dmabuf-heap, heap-module, heap-fuzz, heap-faults: a shorter list
	# would pass with fewer tests, an empty one run none
	[ $# -ge 8 ] || echo "Bail out! dmabuf-heaps kselftests not listed"
	DMABUF_HEAP_FUZZ_HUGE=1 DMABUF_HEAP_FAULTS_MAX=40 \
		/kselftest/run_kselftest.sh "$@"
else
	# Only the allocation test applies: built-in heaps cannot be unloaded.
	/kselftest/run_kselftest.sh -t dmabuf-heaps:dmabuf-heap
fi
