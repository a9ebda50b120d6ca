#!/bin/bash
# Configure a kernel tree into a build folder: tinyconfig plus Kconfig
# fragments merged with the kernel's merge_config.sh, then olddefconfig.
# O/.config is replaced only when it changes, so an unchanged configuration
# rebuilds nothing.  With --strict, every line of every fragment must have
# survived olddefconfig.
#
# usage: configure.sh [--strict] TREE O FRAGMENT...
set -euo pipefail

strict=0
[ "$1" = --strict ] && { strict=1; shift; }
tree=$1 O=$2
shift 2

# Configure in a side folder; it is kept, so that its kconfig programs are
# built only once.
cfg=$O/.config.new.d
mkdir -p "$cfg" "$O"
rm -f "$cfg/.config"
make -s -C "$tree" O="$cfg" ARCH=x86_64 tinyconfig >/dev/null
(cd "$cfg" && "$tree/scripts/kconfig/merge_config.sh" -m -O "$cfg" .config "$@" >/dev/null)
make -s -C "$tree" O="$cfg" ARCH=x86_64 olddefconfig >/dev/null

bad=0
for f in "$@"; do
	[ $strict = 1 ] || break
	while IFS= read -r line; do
		case $line in
		CONFIG_*=n) sym=${line%%=*}; want="# $sym is not set" ;;
		CONFIG_*=*) sym=${line%%=*}; want=$line ;;
		"# CONFIG_"*" is not set") sym=${line#\# }; sym=${sym%% *}; want=$line ;;
		*) continue ;;
		esac
		got=$(grep -E "^($sym=|# $sym is not set)" "$cfg/.config" || echo "# $sym is not set")
		if [ "$got" != "$want" ]; then
			echo "configure: $(basename "$f"): wanted '$want', got '$got'" >&2
			bad=1
		fi
	done < "$f"
done
[ $bad = 0 ] || { echo "configure: $O is not what the fragments ask" >&2; exit 1; }

if ! cmp -s "$cfg/.config" "$O/.config"; then
	cp "$cfg/.config" "$O/.config"
	echo "configure: ${O##*/}: new configuration"
fi
