#!/bin/bash
# tree -> build: configure and build one variant of one base (tree/base.sh)
# into out/$BASE/build/<variant>.  A variant is a source tree plus
# tinyconfig and the Kconfig fragments in build/config/ listed below
# (build/configure.sh, strict).  Incremental: an unchanged configuration
# leaves .config untouched.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tree/base.sh"
variant=${1:?usage: build.sh VARIANT}

case $variant in
debug-m|debug-y|debug-off)	# the test kernels (heaps as modules, built
	# in), and heaps disabled for build/bisect.sh; one set of fragments,
	# so that ccache serves most of one build from another
	frags="vm heaps-${variant#debug-} debug" ;;
perf-m) frags="vm perf-m" ;;		# benchmark: the series, heaps as modules
perf-y) frags="vm perf-y" ;;		# benchmark: the series, heaps built in
perf-base) frags="vm perf-$base_heaps"	# benchmark: the pristine base
	# The base commit, checked out in a worktree of the tree.
	git -C "$tree" worktree prune
	[ -d "$work/pristine" ] ||
		git -C "$tree" worktree add -q --detach "$work/pristine" base
	git -C "$work/pristine" checkout -q --detach base
	tree=$work/pristine
	;;
*) echo "build: unknown variant '$variant'" >&2; exit 2 ;;
esac

O=$work/build/$variant
mkdir -p "$O"
export KBUILD_BUILD_TIMESTAMP='2000-01-01' KBUILD_BUILD_USER=bench KBUILD_BUILD_HOST=bench
cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"
# Paths below the repository are hashed relative: a clone elsewhere hits too.
export CCACHE_BASEDIR=$top
kmake() { make -s -C "$tree" O="$O" ARCH=x86_64 CC="$cc" "$@"; }

fragfiles=()
for f in $frags; do fragfiles+=("$top/build/config/$f.config"); done
seed=()	# debug-y starts from debug-m's objects (build/configure.sh)
[ "$variant" = debug-y ] && seed=(--from "$work/build/debug-m")
"$top/build/configure.sh" --strict "${seed[@]}" "$tree" "$O" "${fragfiles[@]}"

echo "build: $BASE $variant: building ($(nproc) jobs, CC=$cc)"
touch "$O/.build-start"
built() { echo "$(find "$O" -name '*.o' -newer "$O/.build-start" | wc -l) objects built"; }
progress "build: $BASE $variant" built
trap progress_end EXIT
kmake -j"$(nproc)" bzImage modules
progress_end
kmake headers_install >/dev/null
rm -rf "$O/modules"
kmake INSTALL_MOD_PATH="$O/modules" modules_install >/dev/null

case $variant in
perf-m|perf-y)	# The in-kernel benchmark module; it needs the series' API.
	rm -rf "$O/heap-bench"; cp -r "$top/vm/modules/heap-bench" "$O/heap-bench"
	kmake M="$O/heap-bench" W=1 modules
	;;
debug-m|debug-y)
	# A module that calls the heap API without importing DMA_BUF_HEAP:
	# modpost must refuse it; built anyway, the VM checks that the kernel
	# refuses it.
	ext=$O/no-import
	rm -rf "$ext"; cp -r "$top/vm/modules/no-import" "$ext"
	if kmake M="$ext" modules > "$ext/build.log" 2>&1; then
		echo "build: modpost accepted a module that does not import DMA_BUF_HEAP" >&2
		exit 1
	fi
	# (6.12's modpost names the symbol bare, 7.3's in quotes)
	grep -Eq "uses symbol '?dma_heap_find'? from namespace '?DMA_BUF_HEAP'?, but does not import it" \
		"$ext/build.log" ||
		{ cat "$ext/build.log" >&2; echo "build: no_import failed for another reason" >&2; exit 1; }
	# KBUILD_NSDEPS=1 is how "make nsdeps" gets modpost past missing imports.
	kmake M="$ext" KBUILD_NSDEPS=1 modules > "$ext/build.log" 2>&1 ||
		{ cat "$ext/build.log" >&2; exit 1; }

	# The dmabuf-heaps kselftest, built by the kselftest build system
	# against this build's exported headers and installed with its runner.
	rm -rf "$O/kselftest"
	make -s -C "$tree/tools/testing/selftests" TARGETS=dmabuf-heaps \
		O="$O/kselftest-build" KHDR_INCLUDES="-isystem $O/usr/include" \
		INSTALL_PATH="$O/kselftest" install >/dev/null
	;;
esac
echo "build: $BASE $variant: $(kmake kernelrelease) ready in ${O#"$top"/}"
