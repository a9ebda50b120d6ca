#!/bin/bash
# Install every Debian package the bench needs, and the extra packages named
# as arguments (for a command that alone needs them). Safe to re-run; quick
# when everything is already there.
set -euo pipefail

# The base kernel: Debian's linux-source-6.12. BASE_DEB pins the version the
# series is tested against (see patches/0000-cover-letter.patch).
BASE_DEB=${BASE_DEB:-6.12.117-1~deb12u1}

pkgs=(
	build-essential bc bison flex libelf-dev libssl-dev kmod cpio xz-utils
	git python3 python3-git python3-ply perl rsync ccache sparse
	qemu-system-x86 busybox-static
	python3-sphinx python3-sphinx-rtd-theme python3-yaml
	"$@"
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
have_src=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || true)
[ "$have_src" = "$BASE_DEB" ] || missing+=("linux-source-6.12=$BASE_DEB")

[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
	echo "deps: apt-get install failed for: ${missing[*]}" >&2
	echo "deps: if linux-source-6.12=$BASE_DEB left the archive, set BASE_DEB" >&2
	echo "deps: to an available version and re-test the series on it." >&2
	exit 1
fi
