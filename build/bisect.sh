#!/bin/bash
# tree -> build, for every prefix of the series: base, base+1, ..., base+N
# must each build (vmlinux and modules) with the heaps built in (bisect-y),
# as modules (bisect-m) and disabled (bisect-off).  Works in a git worktree
# of out/tree (out/bisect/tree) so that out/tree is left alone, and keeps one
# build folder per configuration, so that each prefix builds incrementally.
#
# On the base and on the whole series, the C files the series touches are
# also compiled once more with W=1 and sparse (C=1) in the bisect-m
# configuration; verdict/new-warnings.py fails on any warning the series
# adds.
#
# Writes out/bisect/totals ("passed failed": one per build, one for the
# warnings comparison) for ./bench test.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
wt=$top/out/bisect/tree
export KBUILD_BUILD_TIMESTAMP='2000-01-01' KBUILD_BUILD_USER=bench KBUILD_BUILD_HOST=bench
cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"
export CCACHE_BASEDIR=$top

git -C "$top/out/tree" worktree prune
[ -d "$wt" ] || git -C "$top/out/tree" worktree add -q --detach "$wt" base
commits=$(git -C "$top/out/tree" rev-list --reverse base..series)
last=$(git -C "$top/out/tree" rev-parse series)
touched=$(git -C "$top/out/tree" diff --name-only base series -- '*.c' ':!tools')
rm -f "$top/out/bisect/totals"

warnings() {	# warnings LABEL: W=1 + sparse on the touched files present here
	local O=$top/out/bisect/build-m objs=() f
	for f in $touched; do
		[ -f "$wt/$f" ] && objs+=("${f%.c}.o")
	done
	for f in "${objs[@]}"; do rm -f "$O/$f"; done
	echo "bisect: W=1 C=1 on $1: ${objs[*]}"
	make -s -C "$wt" O="$O" ARCH=x86_64 CC="$cc" W=1 C=1 "${objs[@]}" \
		> "$top/out/bisect/warnings-$1.log" 2>&1
}

start_all=$(date +%s)
fail=0 n=0 wfail=0
prev=
for c in base $commits; do
	git -C "$wt" checkout -q --detach "$c"
	subject=$(git -C "$wt" log -1 --format=%s)
	# A prefix's Kconfig decides what the fragments mean: configure again
	# whenever a Kconfig file changed (not strict: early prefixes lack
	# later symbols).
	reconfigure=1
	[ -n "$prev" ] && git -C "$wt" diff --quiet "$prev" "$c" -- ':(glob)**/Kconfig*' &&
		reconfigure=0
	prev=$c
	for cfg in y m off; do
		O=$top/out/bisect/build-$cfg
		[ $reconfigure = 0 ] ||
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
		if [ $cfg = m ] && [ $result = ok ]; then
			label=
			[ "$c" = base ] && label=base
			[ "$c" = "$last" ] && label=series
			if [ -n "$label" ] && ! warnings $label; then
				echo "bisect: W=1 C=1 build failed on $label" >&2
				tail -20 "$top/out/bisect/warnings-$label.log" >&2
				wfail=1
			fi
		fi
	done
	n=$((n + 1))
done
echo "bisect: $((n * 3 - fail)) builds ok, $fail failed ($n prefixes x 3 configurations)," \
	"$(( $(date +%s) - start_all )) s"
if [ $wfail = 0 ] && [ -f "$top/out/bisect/warnings-series.log" ]; then
	"$top/verdict/new-warnings.py" "$top/out/bisect/warnings-base.log" \
		"$top/out/bisect/warnings-series.log" || wfail=1
else
	wfail=1
fi
echo "$((n * 3 - fail + 1 - wfail)) $((fail + wfail))" > "$top/out/bisect/totals"
[ $fail -eq 0 ] && [ $wfail -eq 0 ]
