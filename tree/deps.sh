#!/bin/bash
# Install every Debian package the bench needs, and the extra packages named
# as arguments (for a command that alone needs them), and download the kernel
# source of every base. Safe to re-run; quick when everything is there.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tree/base.sh"
trap progress_end EXIT

pkgs=(
	build-essential bc bison flex libelf-dev libssl-dev kmod cpio xz-utils
	git python3 python3-git python3-ply perl rsync ccache dpkg-dev procps
	qemu-system-x86 busybox-static
	python3-sphinx python3-sphinx-rtd-theme python3-yaml
	"$@"
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}"
	progress "deps: installing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
		echo "deps: apt-get install failed for: ${missing[*]}" >&2
		exit 1
	fi
	progress_end
fi

# The kernel sources of every base (tree/base.sh): the Debian package is
# downloaded and unpacked into $cache/debs, never installed, with apt's own
# configuration pointed at a private source list and package lists in
# out/apt.  Nothing on the machine changes: no source list, no pin, no
# package from backports.
apt_dir=$top/out/apt
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=-
	-o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
	-o Dir::State::status=/dev/null -o Debug::NoLocking=1
	-o APT::Sandbox::User=root)
apt_private() {	# the private package lists, fetched once per source list
	local key=/usr/share/keyrings/debian-archive-keyring.gpg
	mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
	cat > "$apt_dir/sources.new" <<-LIST
	deb [signed-by=$key] http://deb.debian.org/debian-security bookworm-security main
	deb [signed-by=$key] http://deb.debian.org/debian trixie-backports main
	deb-src [signed-by=$key] http://deb.debian.org/debian sid main
	LIST
	if ! cmp -s "$apt_dir/sources.new" "$apt_dir/sources.list" ||
	   [ ! -f "$apt_dir/updated" ]; then
		mv "$apt_dir/sources.new" "$apt_dir/sources.list"
		apt-get "${apt_opts[@]}" update -qq
		touch "$apt_dir/updated"
	fi
}
for BASE in $bases; do
	. "$top/tree/base.sh"
	[ -f "$tarball" ] && continue
	apt_private
	echo "deps: downloading $base_pkg $base_deb ($base_suite)"
	progress "deps: downloading $base_pkg"
	deb=$cache/debs/${base_pkg}_$base_deb
	rm -rf "$deb" "$deb.tmp"; mkdir -p "$deb.tmp"
	if ! (cd "$deb.tmp" && apt-get "${apt_opts[@]}" download -qq "$base_pkg=$base_deb"); then
		echo "deps: $base_pkg=$base_deb is not in Debian's archive (any more)." >&2
		echo "deps: change base_deb in tree/base.sh to a version that is, and" >&2
		echo "deps: re-test the series on it." >&2
		exit 1
	fi
	dpkg-deb -x "$deb.tmp"/*.deb "$deb.tmp"
	rm "$deb.tmp"/*.deb
	mv "$deb.tmp" "$deb"
	progress_end
done

# sparse, the kernel's checker (make C=1): 7.3 needs one that knows
# __typeof_unqual__, which Debian 12's 0.6.4 does not, and without it kbuild
# only warns and checks nothing. Build the sparse program from the source
# package in sid (Debian 13's package is 0.6.4 too) into $cache/tools/sparse;
# nothing is installed.
sparse_dir=$cache/tools/sparse
if [ ! -x "$sparse_dir/sparse" ]; then
	apt_private
	rm -rf "$sparse_dir" "$sparse_dir.tmp"
	mkdir -p "$sparse_dir.tmp"
	echo "deps: building sparse from Debian sid's source package"
	progress "deps: building sparse"
	(cd "$sparse_dir.tmp" && apt-get "${apt_opts[@]}" source -qq sparse >/dev/null &&
		mv "$(find . -mindepth 1 -maxdepth 1 -type d)" src &&
		make -s -C src -j"$(nproc)" CC=gcc sparse >/dev/null 2>&1) ||
		{ echo "deps: could not build sparse from Debian's source package" >&2; exit 1; }
	progress_end
	mv "$sparse_dir.tmp/src" "$sparse_dir"
	rm -rf "$sparse_dir.tmp"
	echo "deps: sparse built from Debian sid's $(cd "$sparse_dir" && dpkg-parsechangelog -S Version)"
fi
