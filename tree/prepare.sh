#!/bin/bash
# series -> tree, for one base (tree/base.sh): make out/$BASE/tree a git
# repository holding Debian's pristine kernel source as one commit (tagged
# "base"), then apply patches/$BASE with git am on branch "series".
# Re-running is a no-op while the series and the tree are unchanged; when
# the series changed, the tree is reset to base and the series re-applied.
# A tree with commits that are not in patches/$BASE is never thrown away:
# export them first (./bench export) or set FORCE=1.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tree/base.sh"
stamp=$tree/.git/bench-series

series() { ls "$series_dir"/[0-9]*.patch 2>/dev/null | grep -v '/0000-cover-letter.patch$' || true; }
series_sum() { series | xargs -r cat | sha256sum | cut -d' ' -f1; }

git_tree() { git -C "$tree" "$@"; }

make_base() {
	echo "tree: unpacking $tarball"
	progress "tree: $BASE base"
	trap progress_end EXIT
	rm -rf "$tree" "$tree.tmp"
	mkdir -p "$tree.tmp"
	[ -f "$tarball" ] || { echo "tree: no $tarball (tree/deps.sh fetches it)" >&2; exit 1; }
	tar -xJf "$tarball" -C "$tree.tmp" --strip-components=1
	mv "$tree.tmp" "$tree"
	git_tree init -q -b series
	git_tree config user.name >/dev/null ||
		git_tree config user.name "$(git -C "$top" config user.name || echo 'dmabuf-heaps bench')"
	git_tree config user.email >/dev/null ||
		git_tree config user.email "$(git -C "$top" config user.email || echo 'bench@localhost')"
	git_tree config gc.auto 0
	# -f: Debian's top-level .gitignore ignores "/*"; the base is the
	# tarball exactly, so take every file in it.
	git_tree add -A -f
	local v
	v=$(make -s -C "$tree" kernelversion)
	# Fixed dates make the base commit id depend on the source alone.
	GIT_AUTHOR_DATE='2000-01-01T00:00:00Z' GIT_COMMITTER_DATE='2000-01-01T00:00:00Z' \
		git_tree commit -q -m "Linux $v (Debian $base_pkg $base_deb)"
	git_tree tag base
	progress_end
	echo "tree: $BASE: base is Linux $v, $(git_tree rev-parse --short base)"
}

if [ ! -d "$tree/.git" ] || ! git_tree rev-parse -q --verify base >/dev/null; then
	make_base
fi

want=$(series_sum)
if [ -f "$stamp" ]; then
	read -r have_sum have_head < "$stamp"
	# build/bisect.sh checks out each prefix and returns to "series";
	# return there if it was interrupted.
	if [ "$(git_tree symbolic-ref -q HEAD || true)" != refs/heads/series ] &&
	   [ -z "$(git_tree status --porcelain --untracked-files=no)" ]; then
		git_tree checkout -q series
	fi
	head=$(git_tree rev-parse HEAD)
	if [ "$have_sum" = "$want" ] && [ "$have_head" = "$head" ] &&
	   [ -z "$(git_tree status --porcelain)" ]; then
		echo "tree: $BASE: up to date ($(series | wc -l) patches on base)"
		exit 0
	fi
	if [ "$have_head" != "$head" ] || [ -n "$(git_tree status --porcelain)" ]; then
		if [ "${FORCE:-0}" != 1 ]; then
			echo "tree: out/$BASE/tree has commits or changes not in patches/$BASE." >&2
			echo "tree: run './bench export' to keep them, or FORCE=1 to drop them." >&2
			exit 1
		fi
	fi
fi

echo "tree: $BASE: applying $(series | wc -l) patches"
git_tree am --abort >/dev/null 2>&1 || true
git_tree checkout -q -f -B series base
git_tree clean -q -fdx
if [ -n "$(series)" ]; then
	if ! series | xargs git -C "$tree" am -q --whitespace=error-all; then
		echo "tree: git am failed; patches/$BASE does not apply to its base" >&2
		git_tree am --abort || true
		exit 1
	fi
fi
echo "$want $(git_tree rev-parse HEAD)" > "$stamp"
git_tree log --oneline base..HEAD
