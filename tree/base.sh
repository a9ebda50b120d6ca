# Sourced by every step after $top is set: which base the step works on and
# where that base's files are.  BASE=7.3 (the mainline series, the default)
# or BASE=6.12 (its LTS/Android GKI backport).
#
#   patches/$BASE/        the series for that base (the product)
#   out/$BASE/tree        Debian's tarball as commit "base" + git am of it
#   out/$BASE/build/V     build folders; out/$BASE/vm/V/JOB.log guest logs
#   out/$BASE/bisect      every prefix; out/$BASE/docs the docs build
#
# Each base is one version of one Debian source package, downloaded with
# apt-get download and unpacked in $cache/debs: nothing is installed, so
# fetching 7.3 from trixie-backports changes nothing else on a Debian 12
# machine.
#
# $cache (BENCH_CACHE, default ~/.cache/dmabuf-heaps-bench) is what a clone
# keeps for the next one, as ccache does next to it: the source packages,
# the sparse tree/deps.sh builds, and verdicts of builds that passed
# (verdict/cache.sh).  Delete it, and CI runs cold.

BASE=${BASE:-7.3}
case $BASE in
# base_heaps: how the pristine base can build the heaps, for the benchmark's
# pristine kernel (7.3: modules that never unload; 6.12: built in only).
# base_cma_heap: the heap of the default CMA area with cma= (its stable name
# since 6.17; 6.12 names the heap after the area).
7.3)	base_pkg=linux-source-7.3 base_deb=7.3.4-1~bpo13+1
	base_suite=trixie-backports base_heaps=m base_cma_heap=default_cma_region ;;
6.12)	base_pkg=linux-source-6.12 base_deb=6.12.117-1~deb12u1
	base_suite=bookworm-security base_heaps=y base_cma_heap=reserved ;;
*)	echo "BASE must be 7.3 or 6.12, not '$BASE'" >&2; exit 2 ;;
esac
bases="7.3 6.12"	# every base with a series, mainline first
series_dir=$top/patches/$BASE
work=$top/out/$BASE
tree=$work/tree
cache=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dmabuf-heaps-bench}
tarball=$cache/debs/${base_pkg}_$base_deb/usr/src/$base_pkg.tar.xz
export BASE

# progress LABEL [COMMAND]: for a step that is otherwise silent for minutes,
# print "LABEL: M min S s" every 30 s in the background, with what COMMAND
# prints (how far it got), until progress_end.
progress() {
	local label=$1 what=${2:-} t0
	t0=$(date +%s)
	(
		while sleep 30; do
			e=$(($(date +%s) - t0))
			echo "$label: $((e / 60)) min $((e % 60)) s${what:+, $($what)}"
		done
	) &
	progress_pid=$!
}
progress_end() { [ -z "${progress_pid:-}" ] || kill "$progress_pid" 2>/dev/null || true; }

# series_worktree DIR: DIR is a worktree of the tree with the whole series
# checked out, for a step that runs while build/bisect.sh checks prefixes out
# in the tree itself (the docs build, kunit.py).
series_worktree() {
	git -C "$tree" worktree prune
	[ -d "$1" ] || git -C "$tree" worktree add -q --detach "$1" series
	git -C "$1" checkout -q -f --detach series	# whatever was edited there
}
