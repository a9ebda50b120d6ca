# Sourced by build/bisect.sh, verdict/docs.sh and verdict/kunit.sh: verdicts
# of checks that passed, kept between runs and clones in $cache/verdicts
# (tree/base.sh), as ccache keeps compiled objects.  A check is looked up by
# a key, the hash of a description of everything it reads: the git tree id
# of the sources (the whole tree, not a list of files; for the docs build
# and kunit.py, the tree without the series' kselftests), the
# configuration (the fragments it is made from), the versions of the tools
# and of the packages they use, and the script that runs the check.  Change
# any of these and the key changes, so the check runs again; a check that
# failed is never kept.  BENCH_RECHECK=1 ignores kept verdicts (and
# replaces them).
#
#   key=$(describe... | verdict_key)
#   verdict_known "$key"       prints the kept verdict, or fails
#   verdict_keep "$key" TEXT   keeps TEXT (say what passed, and when)
#   verdict_forget "$key"      the check failed: nothing kept for it

verdicts=$cache/verdicts

verdict_key() { sha256sum | cut -d' ' -f1; }

# The contents of files, for keys (not their paths: clones differ there).
contents_sum() { cat "$@" | sha256sum | cut -d' ' -f1; }

verdict_known() {
	[ "${BENCH_RECHECK:-0}" != 1 ] && [ -f "$verdicts/$1" ] && cat "$verdicts/$1"
}

# tree_without_heap_kselftests GIT_DIR REV: REV's tree without
# tools/testing/selftests/dmabuf-heaps, for the keys of the checks that do
# not read it (the docs build and kunit.py; the documentation names the
# folder, includes nothing from it): a change to the series' kselftests
# alone does not run them again.
tree_without_heap_kselftests() {	# each folder on the way, less the next
	git -C "$1" ls-tree "$2" | grep -v '	tools$'
	git -C "$1" ls-tree "$2:tools" | grep -v '	testing$'
	git -C "$1" ls-tree "$2:tools/testing" | grep -v '	selftests$'
	git -C "$1" ls-tree "$2:tools/testing/selftests" | grep -v '	dmabuf-heaps$'
}

verdict_forget() {
	rm -f "$verdicts/$1" "$verdicts/$1.log"
}

verdict_keep() {
	mkdir -p "$verdicts"
	printf '%s\n' "$2" > "$verdicts/$1.tmp"
	mv "$verdicts/$1.tmp" "$verdicts/$1"
}

# The build tools and the host packages a kernel build reads, for keys.
host_tools() {
	gcc --version | head -1
	ld --version | head -1
	make --version | head -1
	# what Kconfig probes besides the compiler (PAHOLE_VERSION, Rust)
	pahole --version 2>/dev/null || true
	rustc --version 2>/dev/null || true
	dpkg-query -W gcc-12 binutils make libelf-dev libssl-dev bison flex \
		python3 python3-sphinx python3-sphinx-rtd-theme 2>/dev/null
}
