#!/bin/bash
# series -> verdict, before anything is built: what a reviewer's scripts say
# about patches/$BASE, with that base's own scripts.  checkpatch --strict on
# every patch, kernel-doc -Wall on every kernel C file and header the series
# touches.  Every finding fails the run, except the documented false
# positives in verdict/checkpatch.allow ("BASE/PATCH TYPE").
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

files=$(git diff --name-only base..series -- '*.c' '*.h' | grep -v '^tools/' || true)
kdoc=$(scripts/kernel-doc -Wall -none $files 2>&1 || true)
n=$(echo "$kdoc" | grep -ci 'warning' || true)	# 7.3's kernel-doc says "Warning:"
echo "kernel-doc: $BASE: $(echo $files | wc -w) files the series touches: $n warnings"
if [ "$n" -eq 0 ]; then
	passed=$((passed + 1))
else
	echo "$kdoc" | sed 's/^/kernel-doc:   /'
	failed=$((failed + 1))
fi

echo "$passed $failed" > "$work/review.totals"
echo "review: $BASE: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
