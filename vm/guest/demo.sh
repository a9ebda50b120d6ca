#!/bin/sh
# The demo: a short transcript of a heap module being loaded and used.
# usage: demo.sh m|y   (how the heaps were built)
say() { echo; echo ">>> $*"; }
run() { echo "\$ $*"; "$@"; }

say "dma-buf heaps on $(uname -r), system heap built as '$1'"
run ls -l /dev/dma_heap/
if [ "$1" = m ]; then
	say "load the system heap module"
	run modprobe system_heap
	run lsmod
	run ls -l /dev/dma_heap/
fi
say "allocate 1 MiB from the system heap, map it, use it"
run /bench/dmabuf-alloc system 1048576 && echo "DEMO-OK"
