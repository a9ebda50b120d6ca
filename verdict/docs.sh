#!/bin/bash
# Documentation gate: build the documentation directories the series touches
# with Debian's Sphinx (make SPHINXDIRS=... htmldocs from a worktree
# out/$BASE/docs-src into out/$BASE/docs) and fail on any warning that
# points into a file the series adds or changes.  Warnings elsewhere in
# those directories are the base's and are only counted.  A build that
# passed is kept as a verdict (verdict/cache.sh) keyed by the series' tree
# (without its kselftests), Sphinx and this script; the same sources are
# not built again.
# Writes out/$BASE/docs.totals ("passed failed") for ./bench test.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tree/base.sh"
. "$top/verdict/cache.sh"
out=$work/docs
rm -f "$work/docs.totals"
key=$({ echo docs; tree_without_heap_kselftests "$tree" series; host_tools
	PATH=/usr/bin:$PATH sphinx-build --version; contents_sum "$0"; } | verdict_key)
if kept=$(verdict_known "$key"); then
	echo "docs: $BASE: ok ($kept)"
	echo "1 0" > "$work/docs.totals"
	exit 0
fi
# Always from scratch: an incremental Sphinx build reads only changed files,
# so it would not repeat a warning from a file it read before.
rm -rf "$out"
mkdir -p "$out"
# The sources: the whole series, in a worktree of its own, so that the docs
# build can run while build/bisect.sh checks prefixes out in the tree.
src=$work/docs-src
series_worktree "$src"

dirs=$(git -C "$tree" diff --name-only base series -- Documentation |
	awk -F/ 'NF > 2 { print $2 }' | sort -u | tr '\n' ' ')
touched=$(git -C "$tree" diff --name-only base series | grep -v '^tools/')
echo "docs: $BASE: building SPHINXDIRS=\"${dirs% }\" with $(PATH=/usr/bin:$PATH sphinx-build --version)"

start=$(date +%s)
# Debian's sphinx is a /usr/bin/python3 module; put that python first.
rc=0
PATH=/usr/bin:$PATH make -s -C "$src" O="$out" SPHINXDIRS="${dirs% }" htmldocs \
	> "$out/build.log" 2>&1 || rc=$?
all=$(grep -ciE 'warning|error' "$out/build.log" || true)
ours=$(grep -iE 'warning|error' "$out/build.log" | grep -F "$touched" || true)
echo "docs: $BASE: $(( $(date +%s) - start )) s, make exit $rc, $all warnings in all," \
	"$(printf '%s' "$ours" | grep -c . || true) in files of the series"
# The pages the series adds must have been built, or the gate saw nothing.
missing=
for rst in $(git -C "$tree" diff --name-only --diff-filter=A base series -- 'Documentation/*.rst'); do
	html=${rst#Documentation/}
	[ -f "$out/Documentation/output/${html%.rst}.html" ] || missing="$missing $rst"
done
[ -z "$missing" ] || { echo "docs: not built:$missing"; rc=1; }
if [ $rc != 0 ] || [ -n "$ours" ]; then
	[ -z "$ours" ] || printf '%s\n' "$ours" | sed 's/^/docs:   /'
	[ $rc = 0 ] || tail -20 "$out/build.log" | sed 's/^/docs:   /'
	echo "0 1" > "$work/docs.totals"
	verdict_forget "$key"
	exit 1
fi
echo "1 0" > "$work/docs.totals"
verdict_keep "$key" "built $(date -u '+%F %R') from the same sources, with the same tools"
