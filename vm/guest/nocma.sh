#!/bin/sh
# Booted without a CMA area: the CMA heap module refuses to load, says why,
# and leaves the system heap working. This guest has two CPUs, so the
# system heap's unload race (heap-module-race) runs here too, for 30 s;
# ./bench stress runs it for 300 s on each heap module.
. /kselftest/kselftest/ktap_helpers.sh

cma_refused() {
	modprobe cma_heap 2>/tmp/modprobe.err && return 1
	sed 's/^/# /' /tmp/modprobe.err
	grep -q "No such device" /tmp/modprobe.err &&
	dmesg | grep -q "cma_heap: no .*CMA area"
}
no_cma_node() { ! ls /dev/dma_heap/ | grep -qv '^system$'; }
no_cma_area() { grep -q '^CmaTotal: *0 kB$' /proc/meminfo; }
system_heap_works() { modprobe system_heap && /bench/dmabuf-alloc system 65536 >/dev/null; }
# the race test, pointed at cma_heap, skips (exit 4, KSFT_SKIP): it cannot run
race_skips_cma() {
	/kselftest/dmabuf-heaps/heap-module-race 1 cma_heap default_cma_region \
		>/tmp/race.out 2>&1
	rc=$?
	# its reason only: its own KTAP lines are not this document's
	sed -n 's/.*# SKIP /# race: skipped: /p' /tmp/race.out
	[ $rc = 4 ]
}

ktap_print_header
ktap_set_plan 5
ktap_test_result "no CMA area: CmaTotal is 0" no_cma_area
ktap_test_result "modprobe cma_heap fails with ENODEV and a message" cma_refused
ktap_test_result "system heap loads and allocates" system_heap_works
ktap_test_result "no heap node but system" no_cma_node
ktap_test_result "heap-module-race on cma_heap skips" race_skips_cma
ktap_print_totals

# (a missing test prints no KTAP at all)
DMABUF_HEAP_RACE_SECONDS=30 \
	/kselftest/run_kselftest.sh -t dmabuf-heaps:heap-module-race ||
	echo "Bail out! heap-module-race failed or did not run"
