#!/bin/bash
# tree -> build, for every prefix of one base's series (tree/base.sh): each
# of base+1, ..., base+N must build (vmlinux and modules) with the heaps
# built in, as modules and disabled.  The three configurations are the test
# kernels' own build folders, out/$BASE/build/debug-{y,m,off}: the whole
# series is built there already (debug-y and debug-m by the test step), and
# the walk goes back from it one patch at a time, so that each prefix
# rebuilds only what its patch changed.  The walk checks the prefixes out in
# the tree itself and returns it to branch "series" at the end.
#
# On the whole series and on the base, the C files the series touches are
# also compiled with W=1 and sparse (C=1, with the sparse tree/deps.sh
# builds) in debug-m; verdict/new-warnings.py fails on any warning the
# series adds.
#
# A build that passed is kept as a verdict (verdict/cache.sh) keyed by the
# prefix's git tree id, the fragments and the tools (from which the .config
# follows); a later walk over an identical prefix and configuration reports
# that verdict instead of building again, without checking the prefix out
# or configuring for it.  The W=1/sparse logs are kept the same way.
#
# Writes out/$BASE/bisect/totals ("passed failed": one per build, one for
# the warnings comparison) for ./bench test.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tree/base.sh"
. "$top/verdict/cache.sh"
out=$work/bisect
mkdir -p "$out"
rm -f "$out/totals"
export KBUILD_BUILD_TIMESTAMP='2000-01-01' KBUILD_BUILD_USER=bench KBUILD_BUILD_HOST=bench
cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"
export CCACHE_BASEDIR=$top
sparse=$cache/tools/sparse/sparse	# built by tree/deps.sh
git_tree() { git -C "$tree" "$@"; }

[ -z "$(git_tree status --porcelain --untracked-files=no)" ] ||
	{ echo "bisect: $tree has uncommitted changes" >&2; exit 1; }
trap 'git_tree checkout -q series' EXIT
commits=$(git_tree rev-list base..series)	# newest first
total=$(echo "$commits" | wc -l)
touched=$(git_tree diff --name-only base series -- '*.c' ':!tools')

tools=$(host_tools; "$sparse" --version; contents_sum "$0" "$top/build/configure.sh")
frags() {	# frags CFG: the fragments of debug-CFG, as the test kernels use
	echo "$top/build/config/vm.config" "$top/build/config/heaps-$1.config" \
		"$top/build/config/debug.config"
}
key() {	# key KIND CFG COMMIT: what a build of KIND in debug-CFG reads, hashed:
	# the .config follows from the sources, the fragments and the tools
	{ echo "bisect $1 $2"; git_tree rev-parse "$3^{tree}"
	  contents_sum $(frags "$2"); echo "$tools"; } | verdict_key
}

# Checked out and configured only for a build that runs: a walk whose
# verdicts are all kept touches neither the tree nor the build folders.
declare -A configured	# the commit each folder's .config was made for
checkout() { [ "$(git_tree rev-parse HEAD)" = "$1" ] || git_tree checkout -q --detach "$1"; }
configure() {	# configure CFG COMMIT: the test kernel's fragments, not strict
	# (early prefixes lack later symbols); debug-off, new, starts from the
	# whole series' debug-y objects. A prefix's Kconfig decides what the
	# fragments mean: configure again whenever a Kconfig file differs.
	local was=${configured[$1]:-} new=0
	[ -f "$work/build/debug-$1/.config" ] || new=1
	if [ -z "$was" ] || ! git_tree diff --quiet "$was" "$2" -- ':(glob)**/Kconfig*'; then
		"$top/build/configure.sh" --from "$work/build/debug-y" "$tree" \
			"$work/build/debug-$1" $(frags "$1") >/dev/null || return 1
	fi
	# only a speed-up: on error, later prefixes build for nothing
	[ $new = 0 ] || forget_series_objects "$work/build/debug-$1" ||
		echo "bisect: could not clean up debug-$1" >&2
	configured[$1]=$2
}

# forget_series_objects O: a folder seeded from debug-y also holds objects
# that its own configuration does not build (with the heaps off: the heap
# core, the heaps, their tests). kbuild leaves them alone, but their .cmd
# files name files of the series, and reads_nothing_changed below would
# then build every prefix again for nothing. Delete every target whose
# .cmd file names a file the series changes (or a path ending so, such as
# usr/include/linux/dma-heap.h), with that .cmd file: the next build makes
# again those that this configuration needs (here the TEE core's).
# Called once, on a folder that configure() has just made; one seeded by
# an older bisect.sh keeps its stale .cmd files (rm -rf it).
forget_series_objects() {
	local f cmd pats=()
	while IFS= read -r f; do
		[ -z "$f" ] || pats+=(-e "/$f")
	done < <(git_tree -c core.quotePath=off diff --no-renames --name-only base series)
	[ ${#pats[@]} != 0 ] || return 0
	{ grep -rlZF --include='.*.cmd' "${pats[@]}" "$1" || [ $? = 1 ]; } |
	while IFS= read -r -d '' cmd; do	# DIR/.NAME.cmd is the target DIR/NAME's
		f=${cmd##*/.}
		rm -f "$cmd" "${cmd%/*}/${f%.cmd}"
	done
}

warnings() {	# warnings LABEL COMMIT: W=1 + sparse on the touched files there
	local O=$work/build/debug-m objs=() f k kept c
	c=$(git_tree rev-parse "$2")
	for f in $touched; do
		git_tree cat-file -e "$c:$f" 2>/dev/null && objs+=("${f%.c}.o")
	done
	k=$(key "warnings ${objs[*]}" m "$c")
	if kept=$(verdict_known "$k") && [ -f "$verdicts/$k.log" ]; then
		echo "bisect: $BASE: W=1 C=1 on $1: $kept"
		cp "$verdicts/$k.log" "$out/warnings-$1.log"
		return 0
	fi
	# (called in a condition: set -e does not apply here)
	checkout "$c" || return 1
	configure m "$c" || return 1
	for f in "${objs[@]}"; do rm -f "$O/$f"; done
	echo "bisect: $BASE: W=1 C=1 on $1: ${objs[*]}"
	if ! make -s -C "$tree" O="$O" ARCH=x86_64 CC="$cc" W=1 C=1 CHECK="$sparse" \
		"${objs[@]}" > "$out/warnings-$1.log" 2>&1; then
		echo "bisect: W=1 C=1 build failed on $1" >&2
		tail -20 "$out/warnings-$1.log" >&2
		verdict_forget "$k"
		return 1
	fi
	# kbuild turns C=1 off, with only a warning, if sparse is too old
	if grep "specified, but .* is not available" "$out/warnings-$1.log" >&2; then
		echo "bisect: sparse did not run on $1" >&2
		verdict_forget "$k"
		return 1
	fi
	mkdir -p "$verdicts"
	cp "$out/warnings-$1.log" "$verdicts/$k.log"
	verdict_keep "$k" "log kept from $(date -u '+%F %R') (same sources, fragments and tools)"
}

# reads_nothing_changed CFG COMMIT: debug-CFG was last built for $prev, and
# no file that differs between $prev and COMMIT is one that build read
# (kbuild's .cmd files name the sources and headers of every object and
# host program) or one that decides what is built (Makefiles, Kbuild and
# Kconfig files, scripts/, tools/, whose own builds name their sources
# otherwise). The build of COMMIT is then the same as that of $prev:
# kbuild would find nothing to do. Any error answers no (called in a
# condition: set -e does not apply here).
declare -A made	# the commit each folder was last built for
reads_nothing_changed() {
	local f files added pats=() rc
	[ -n "$prev" ] && [ "${made[$1]:-}" = "$prev" ] || return 1
	# A file the patch deletes is in no .cmd file, yet may matter (an asm/
	# header hides a generated one): going back adds it, so build.
	added=$(git_tree -c core.quotePath=off diff --no-renames --diff-filter=A \
		--name-only "$prev" "$2") || return 1
	[ -z "$added" ] || return 1
	files=$(git_tree -c core.quotePath=off diff --no-renames --name-only "$prev" "$2") ||
		return 1
	while IFS= read -r f; do
		[ -n "$f" ] || continue
		case /$f in
		*/Makefile* | */Kbuild* | */Kconfig* | /scripts/* | /tools/*) return 1 ;;
		esac
		pats+=(-e "/$f")
	done <<< "$files"
	[ ${#pats[@]} != 0 ] || return 0
	rc=0
	grep -rqF --include='*.cmd' "${pats[@]}" "$work/build/debug-$1" || rc=$?
	[ $rc = 1 ]	# 0: some build reads one; 2: grep failed
}

start_all=$(date +%s)
fail=0 n=0 wfail=0
prev=
declare -A last	# each configuration's result for the prefix after this one
for c in $commits; do
	subject=$(git_tree log -1 --format=%s "$c")
	nr=$(git_tree rev-list --count base.."$c")
	# A patch that changes no input of the kernel build (documentation,
	# selftests, MAINTAINERS) leaves the prefix before it building exactly
	# as the prefix with it, which the walk has just built.
	same=0
	[ -n "$prev" ] && git_tree diff --quiet "$prev" "$c" -- . \
		':!Documentation' ':!tools/testing' ':!MAINTAINERS' && same=1
	for cfg in y m off; do
		O=$work/build/debug-$cfg
		start=$(date +%s)
		k=$(key build "$cfg" "$c")
		if [ $same = 1 ] && [ "${last[$cfg]:-}" = ok ]; then
			result="ok (same build inputs as $((nr + 1))/$total)"
			[ "${made[$cfg]:-}" != "$prev" ] || made[$cfg]=$c
		elif [ "${last[$cfg]:-}" = ok ] && reads_nothing_changed "$cfg" "$c"; then
			result="ok (reads no file that $((nr + 1))/$total changes)"
			made[$cfg]=$c
			# kept too: a later walk, with nothing built, cannot tell
			verdict_keep "$k" "builds as the next prefix did, $(date -u '+%F %R')"
		elif kept=$(verdict_known "$k"); then
			result="ok ($kept)"
		else
			checkout "$c"
			configure "$cfg" "$c"
			if make -s -C "$tree" O="$O" ARCH=x86_64 CC="$cc" -j"$(nproc)" \
				vmlinux modules > "$out/$cfg.log" 2>&1; then
				result=ok made[$cfg]=$c
				verdict_keep "$k" "built $(date -u '+%F %R') from the same sources, fragments and tools"
			else
				result=FAILED; fail=$((fail + 1))
				verdict_forget "$k"
			fi
		fi
		last[$cfg]=${result%% *}
		echo "bisect: $BASE $nr/$total $cfg $result $(( $(date +%s) - start )) s: $subject"
		[ "$result" != FAILED ] || tail -20 "$out/$cfg.log" | sed 's/^/bisect:   /'
		n=$((n + 1))
	done
	if [ -z "$prev" ]; then
		warnings series "$c" || wfail=1
	fi
	prev=$c
done

warnings base base || wfail=1
git_tree checkout -q series

echo "bisect: $BASE: $((n - fail)) builds ok, $fail failed" \
	"($((n / 3)) prefixes x 3 configurations), $(( $(date +%s) - start_all )) s"
if [ $wfail = 0 ]; then
	"$top/verdict/new-warnings.py" "$out/warnings-base.log" "$out/warnings-series.log" ||
		wfail=1
fi
echo "$((n - fail + 1 - wfail)) $((fail + wfail))" > "$out/totals"
[ $fail -eq 0 ] && [ $wfail -eq 0 ]
