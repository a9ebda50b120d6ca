#!/bin/bash
# series -> verdict, before anything is built: what a reviewer's scripts say
# about patches/$BASE, with that base's own scripts.  checkpatch --strict on
# every patch: every finding fails the run, except the documented false
# positives in verdict/checkpatch.allow ("BASE/PATCH TYPE").  kernel-doc
# -Wall on every kernel C file and header the series touches, as of the base
# and as of the series: any warning the series adds fails.
# Writes "passed failed" (one check per patch, one for kernel-doc) to
# out/$BASE/review.totals.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tree/base.sh"
allow=$top/verdict/checkpatch.allow
# checkpatch's SPDX check runs python3 and needs Debian's python3-ply and
# python3-git, not whatever python3 comes first in PATH.
export PATH=/usr/bin:$PATH
cd "$tree"	# checkpatch must run inside the kernel tree

passed=0 failed=0
for p in "$series_dir"/[0-9]*.patch; do
	name=$(basename "$p")
	[ "$name" = 0000-cover-letter.patch ] && continue
	found=$(scripts/checkpatch.pl --strict --terse --show-types --no-summary "$p" || true)
	allowed=$(grep "^$BASE/$name " "$allow" 2>/dev/null | cut -d' ' -f2 | paste -sd'|' || true)
	[ -n "$allowed" ] && found=$(echo "$found" | grep -Ev " (WARNING|CHECK|ERROR):($allowed):" || true)
	e=$(echo "$found" | grep -c ': ERROR:' || true)
	w=$(echo "$found" | grep -c ': WARNING:' || true)
	c=$(echo "$found" | grep -c ': CHECK:' || true)
	echo "checkpatch: $BASE/$name: $e errors, $w warnings, $c checks${allowed:+ (allowed: $allowed)}"
	if [ $((e + w + c)) -eq 0 ]; then
		passed=$((passed + 1))
	else
		echo "$found" | sed 's/^/checkpatch:   /'
		failed=$((failed + 1))
	fi
done

# kernel-doc on the files as of base and as of the series: the series may
# not add a warning (a file it touches may have had some before).
files=$(git diff --name-only base..series -- '*.c' '*.h' | grep -v '^tools/' || true)
kdoc() {	# kdoc REV: "file message" for each warning, without line numbers
	local dir=$work/kernel-doc/$1 f have=()
	rm -rf "$dir"
	for f in $files; do
		git cat-file -e "$1:$f" 2>/dev/null || continue
		mkdir -p "$dir/$(dirname "$f")"
		git show "$1:$f" > "$dir/$f"
		have+=("$f")
	done
	[ ${#have[@]} -eq 0 ] && return
	(cd "$dir" && "$tree/scripts/kernel-doc" -Wall -none "${have[@]}" 2>&1 || true) |
		{ grep -i 'warning' || true; } | sed -E 's/^warning: //I; s/:[0-9]+(: warning)?:? / /I' | sort
}
kdoc base > "$work/kernel-doc.base"
kdoc series > "$work/kernel-doc.series"
new=$(comm -13 "$work/kernel-doc.base" "$work/kernel-doc.series")
echo "kernel-doc: $BASE: $(echo $files | wc -w) files the series touches:" \
	"$(wc -l < "$work/kernel-doc.base") warnings before, $(wc -l < "$work/kernel-doc.series") after"
if [ -z "$new" ]; then
	passed=$((passed + 1))
else
	echo "$new" | sed 's/^/kernel-doc:   NEW: /'
	failed=$((failed + 1))
fi

echo "$passed $failed" > "$work/review.totals"
echo "review: $BASE: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
