#!/bin/sh
# The demo: a short transcript of a heap module being loaded, used, refused
# unloading while busy, and unloaded.
# usage: demo.sh m|y   (how the heaps were built)
say() { echo; echo ">>> $*"; }
run() { echo "\$ $*"; "$@"; }
fail() { echo "DEMO-FAILED: $*"; exit 1; }

say "dma-buf heaps on $(uname -r), system heap built as '$1'"
run ls /dev/dma_heap/
if [ "$1" != m ]; then
	run /bench/dmabuf-alloc system 1048576 || fail "allocation"
	echo "DEMO-OK"
	exit 0
fi

say "load the system heap module"
run modprobe system_heap || fail "modprobe"
run lsmod
run ls /dev/dma_heap/

say "allocate 1 MiB from the system heap, map it, use it"
run /bench/dmabuf-alloc system 1048576 || fail "allocation"

say "a process keeps a buffer mapped: unloading is refused"
/bench/dmabuf-alloc system 1048576 hold > /tmp/holder.out &
holder=$!
i=0	# until it holds the mapping (30 s at most)
while ! grep -q holding /tmp/holder.out && [ $i -lt 150 ]; do
	sleep 0.2
	i=$((i + 1))
done
cat /tmp/holder.out
run cat /sys/module/system_heap/refcnt
run rmmod system_heap && fail "rmmod succeeded while a buffer was mapped"
run ls /dev/dma_heap/

say "a driver holds a handle and a buffer (dma_heap_consumer_test)"
run modprobe dma_heap_consumer_test heap=system || fail "consumer"
run cat /sys/module/system_heap/refcnt
run rmmod system_heap && fail "rmmod succeeded while a driver held the heap"

say "release everything: unloading succeeds, the node goes away"
echo "\$ kill $holder"; kill $holder; wait $holder
run rmmod dma_heap_consumer_test || fail "rmmod consumer"
run cat /sys/module/system_heap/refcnt
run rmmod system_heap || fail "rmmod"
run ls /dev/dma_heap/
[ -e /dev/dma_heap/system ] && fail "node still there"

say "load it again: the heap is back under the same name"
run modprobe system_heap || fail "reload"
run /bench/dmabuf-alloc system 4096 || fail "allocation after reload"
echo "DEMO-OK"
