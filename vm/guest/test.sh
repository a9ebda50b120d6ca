#!/bin/sh
# The guest test plan: the heap provider's module life cycle (KTAP), then
# the dmabuf-heaps kselftest through the kselftest runner.
# usage: test.sh m|y   (how the heaps were built)
. /kselftest/kselftest/ktap_helpers.sh

heaps=$1
in_lsmod() { lsmod | grep -q "^$1 "; }

ktap_print_header
case $heaps in
m)
	ktap_set_plan 4
	ktap_test_result "system heap node absent before modprobe" [ ! -e /dev/dma_heap/system ]
	ktap_test_result "modprobe system_heap" modprobe system_heap
	ktap_test_result "system heap node present after modprobe" [ -c /dev/dma_heap/system ]
	ktap_test_result "lsmod lists system_heap" in_lsmod system_heap
	;;
y)
	ktap_set_plan 2
	ktap_test_result "system heap node present at boot" [ -c /dev/dma_heap/system ]
	ktap_test_result "system heap is not a module" eval ! in_lsmod system_heap
	;;
*)
	ktap_exit_fail_msg "unknown heap build '$heaps'"
	;;
esac
ktap_print_totals

/kselftest/run_kselftest.sh
