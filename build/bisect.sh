#!/bin/bash
# tree -> build, for every prefix of the series: base, base+1, ..., base+N
# must each build (vmlinux and modules) with the heaps built in (bisect-y),
# as modules (bisect-m) and disabled (bisect-off).  Works in a git worktree
# of out/tree (out/bisect/tree) so that out/tree is left alone, and keeps one
# build folder per configuration, so that each prefix builds incrementally.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
wt=$top/out/bisect/tree
export KBUILD_BUILD_TIMESTAMP='2000-01-01' KBUILD_BUILD_USER=bench KBUILD_BUILD_HOST=bench
cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"

git -C "$top/out/tree" worktree prune
[ -d "$wt" ] || git -C "$top/out/tree" worktree add -q --detach "$wt" base
commits=$(git -C "$top/out/tree" rev-list --reverse base..series)
fail=0 n=0
for c in base $commits; do
	git -C "$wt" checkout -q --detach "$c"
	subject=$(git -C "$wt" log -1 --format=%s)
	for cfg in y m off; do
		O=$top/out/bisect/build-$cfg
		# A prefix's Kconfig decides what the fragment means: configure
		# every time (not strict: early prefixes lack later symbols).
		"$top/build/configure.sh" "$wt" "$O" \
			"$top/build/config/vm.config" "$top/build/config/bisect-$cfg.config" >/dev/null
		start=$(date +%s)
		if make -s -C "$wt" O="$O" ARCH=x86_64 CC="$cc" -j"$(nproc)" vmlinux modules \
			> "$O.log" 2>&1; then
			result=ok
		else
			result=FAILED; fail=$((fail + 1))
		fi
		echo "bisect: $n $cfg $result $(( $(date +%s) - start )) s: $subject"
		[ $result = ok ] || tail -20 "$O.log" | sed 's/^/bisect:   /'
	done
	n=$((n + 1))
done
echo "bisect: $((n * 3 - fail)) builds ok, $fail failed ($n prefixes x 3 configurations)"
[ $fail -eq 0 ]
