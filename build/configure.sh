#!/bin/bash
# Configure a kernel tree into a build folder: tinyconfig plus Kconfig
# fragments merged with the kernel's merge_config.sh, then olddefconfig.
# O/.config is replaced only when it changes, so an unchanged configuration
# rebuilds nothing.  With --strict, every line of every fragment must have
# survived olddefconfig.  With --from SEED, a build folder that has no
# .config yet starts as a copy of SEED, another variant's build folder of
# the same tree once it has a vmlinux: kbuild then rebuilds only what
# depends on the options that differ (fixdep's per-option dependencies),
# where an empty folder would compile every file, or with ccache at least
# preprocess every file.
#
# usage: configure.sh [--strict] [--from SEED] TREE O FRAGMENT...
set -euo pipefail

strict=0 seed=
while :; do
	case $1 in
	--strict) strict=1; shift ;;
	--from) seed=$2; shift 2 ;;
	*) break ;;
	esac
done
tree=$1 O=$2
shift 2

if [ -n "$seed" ] && [ "$seed" != "$O" ] && [ ! -f "$O/.config" ] &&
   [ -f "$seed/vmlinux" ]; then
	# Copied whole, then moved, so that an interrupted copy is not taken
	# for a build folder; without the seed's .config, a configuration
	# that fails below leaves a folder that is seeded again next time.
	rm -rf "$O" "$O.copy"
	cp -a "$seed" "$O.copy"
	rm -f "$O.copy/.config"
	# kbuild's own files name the source tree relative to the build
	# folder, the same for every variant, but objtool's build (and a few
	# generated files) name the folder itself. Renamed, objtool is not
	# rebuilt: newer than every object, it would make kbuild compile
	# everything again.
	from=$(realpath "$seed") to=$(realpath -m "$O")
	grep -rlIZF -e "$from" "$O.copy" | xargs -0r sed -i "s|$from|$to|g"
	mv "$O.copy" "$O"
	echo "configure: $(basename "$O"): starting from a copy of $(basename "$seed")"
fi

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
