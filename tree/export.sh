#!/bin/bash
# tree -> series: write the commits base..series of out/$BASE/tree to
# patches/$BASE as git format-patch --cover-letter does.  The hand-written
# part of the cover letter (subject and body) is carried over from the
# previous export.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tree/base.sh"
cover=$series_dir/0000-cover-letter.patch
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

[ -z "$(git -C "$tree" status --porcelain)" ] || {
	echo "export: out/$BASE/tree has uncommitted changes; commit them first" >&2
	exit 1
}

[ "$(git -C "$tree" symbolic-ref -q HEAD)" = refs/heads/series ] || {
	echo "export: out/$BASE/tree is not on branch series" >&2
	exit 1
}
git -C "$tree" format-patch -q --cover-letter --base=base -o "$tmp" base..series

if [ -f "$cover" ]; then
	# Keep the old subject text and the hand-written body (everything
	# before the shortlog); take the rest from the new cover letter.
	python3 - "$cover" "$tmp/0000-cover-letter.patch" <<'PY'
import re, sys
old, new = (open(p).read() for p in sys.argv[1:])
subject = re.compile(r"^(Subject: \[[^]]*\] )(.*(?:\n .*)*)", re.M)
shortlog = re.compile(r"^\S.* \(\d+\):\n", re.M)   # "Author (N):"
def parts(text):
    head, body = text.split("\n\n", 1)
    m = shortlog.search(body)
    return head, body[:m.start()], body[m.start():]
old_head, old_body, _ = parts(old)
new_head, _, new_rest = parts(new)
text = subject.search(old_head).group(2)
new_head = subject.sub(lambda m: m.group(1) + text, new_head)
open(sys.argv[2], "w").write(new_head + "\n\n" + old_body + new_rest)
PY
fi

mkdir -p "$series_dir"
rm -f "$series_dir"/*.patch
cp "$tmp"/*.patch "$series_dir/"
# Record the exported state so tree/prepare.sh sees the tree as current.
sum=$(ls "$series_dir"/[0-9]*.patch | grep -v '/0000-cover-letter.patch$' | xargs -r cat | sha256sum | cut -d' ' -f1)
echo "$sum $(git -C "$tree" rev-parse HEAD)" > "$tree/.git/bench-series"
ls "$series_dir"
