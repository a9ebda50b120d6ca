#!/bin/bash
# build -> VM image: pack busybox, the guest scripts and programs, the
# variant's modules and (where built) kselftest and test modules into
# out/$BASE/vm/<variant>/initramfs.cpio with the kernel's own
# usr/gen_initramfs.sh, and put the kernel beside it: the VM runs from
# these two files, so the build folder may change meanwhile (bisect).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tree/base.sh"
variant=${1:?usage: initramfs.sh VARIANT}
O=$work/build/$variant
out=$work/vm/$variant
root=$out/root

[ -f "$O/arch/x86/boot/bzImage" ] || { echo "vm: $BASE $variant is not built" >&2; exit 1; }

rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,lib,bench}
cp /bin/busybox "$root/bin/busybox"
install -m 755 "$top/vm/guest/init" "$root/init"
install -m 755 "$top"/vm/guest/*.sh "$root/bench/"
install -m 644 "$top/vm/guest/shellrc" "$root/bench/"
gcc -static -O2 -Wall -Wextra -Werror -isystem "$O/usr/include" \
	-o "$root/bench/dmabuf-alloc" "$top/vm/guest/dmabuf-alloc.c"
gcc -static -O2 -Wall -Wextra -Werror -isystem "$O/usr/include" \
	-o "$root/bench/heap-bench" "$top/vm/guest/heap-bench.c"
cp -a "$O/modules/lib/modules" "$root/lib/"
for ko in no-import/no_import.ko heap-bench/heap_bench.ko; do
	[ ! -f "$O/$ko" ] || cp "$O/$ko" "$root/bench/"
done
[ ! -d "$O/kselftest" ] || cp -a "$O/kselftest" "$root/kselftest"

cat > "$out/extra.list" <<LIST
nod /dev/console 600 0 0 c 5 1
LIST
(cd "$O" && "$tree/usr/gen_initramfs.sh" -o "$out/initramfs.cpio" \
	-u squash -g squash "$root" "$out/extra.list")
cp "$O/arch/x86/boot/bzImage" "$out/bzImage"
echo "vm: $BASE $variant: initramfs $(du -h "$out/initramfs.cpio" | cut -f1)"
