# The demo as it reads best on a terminal: the guest's transcript, and of
# the kernel's console only the lines that belong to the story: during the
# demo those about the heaps and their modules, at any time a splat (the
# reports verdict/check.py fails on).  vm/run.sh keeps the whole console in
# the log file.
/^\[ *[0-9]+\.[0-9]+\]/ {
	if ($0 ~ /BUG: |WARNING: |KASAN: |UBSAN: |possible (circular|recursive) locking|inconsistent lock state|suspicious RCU usage|unreferenced object|INFO: task|Oops|general protection|Call Trace:|Kernel panic|cut here/ ||
	    (begun && $0 ~ /heap|consumer_test|no_import/))
		print
	next
}
/^BENCH-BEGIN/ { begun = 1; next }
/^BENCH-(END|KMEMLEAK)/ { next }
begun { print }
