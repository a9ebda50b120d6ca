#!/usr/bin/env python3
"""QEMU jump-cache misses per open + close -> Markdown (benchmark/jump-cache.sh).

Arguments, per kernel: its name (perf-base, perf-m, perf-y), the counts of
TB hash-table lookups per guest PC ("COUNT 0xPC" lines, from the uprobe on
qht_lookup_custom), its System.map and the serial log of its open-loop boot
(for the number of iterations and the instruction count per open + close).

A PC looked up at least 0.9 times per open + close misses on every pass;
the rest of the lookups belong to boot and are left out.  Each such PC is
shown with its jump-cache slot, computed as QEMU 7.2 does
(tb_jmp_cache_hash_func, 12 bits of cache, 4 KiB pages): PCs that share a
slot are the ones evicting each other.
"""
import argparse
import bisect
import collections
import re
import sys

NAMES = {"perf-base": "pristine, heaps =y", "perf-m": "series, heaps =m",
         "perf-y": "series, heaps =y"}
PERF = re.compile(r"^PERF open-close 0 (\d+) (\d+) \d+$", re.M)


def slot(pc):
    """QEMU 7.2's tb_jmp_cache_hash_func() for TARGET_PAGE_BITS 12."""
    tmp = pc ^ (pc >> 6)
    return ((tmp >> 6) & 0xfc0) | (tmp & 0x3f)


def symbolizer(system_map):
    syms = []
    with open(system_map) as f:
        for line in f:
            addr, kind, name = line.split()[:3]
            if kind in "tTwW":
                syms.append((int(addr, 16), name))
    syms.sort()
    addrs = [a for a, _ in syms]

    def name(pc):
        i = bisect.bisect_right(addrs, pc) - 1
        if i < 0 or pc >= 0xffffffffa0000000:	# modules: not in System.map
            return hex(pc)
        return f"{syms[i][1]}+{pc - syms[i][0]:#x}"
    return name


def kernel(name, pcs, system_map, log):
    with open(log) as f:
        m = PERF.search(f.read())
    if not m:
        sys.exit(f"jump-cache: no open-close result in {log}")
    loops, insns = int(m.group(1)), int(m.group(2))
    counts = []
    with open(pcs) as f:
        for line in f:
            count, pc = line.split()
            counts.append((int(count), int(pc, 16)))
    every = [(c, pc) for c, pc in counts if c >= 0.9 * loops]
    sym = symbolizer(system_map)
    slots = collections.defaultdict(list)
    for c, pc in sorted(every, key=lambda e: e[1]):
        times = round(c / loops)
        slots[slot(pc)].append(sym(pc) + (f" ×{times}" if times > 1 else ""))
    return {
        "kernel": NAMES.get(name, name),
        "loops": loops,
        "insns": insns,
        "misses": sum(c for c, _ in every) / loops,
        "pcs": len(every),
        "slots": slots,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--qemu", required=True, help="QEMU's version line")
    ap.add_argument("runs", nargs="+",
                    help="NAME PCS SYSTEM_MAP LOG, once per kernel")
    args = ap.parse_args()
    if len(args.runs) % 4:
        ap.error("each kernel needs NAME PCS SYSTEM_MAP LOG")
    rows = [kernel(*args.runs[i:i + 4]) for i in range(0, len(args.runs), 4)]

    print(f"{args.qemu.strip()}, TCG with -icount shift=0 "
          f"({rows[0]['loops']} open + close of /dev/dma_heap/system per kernel).")
    print()
    print("| kernel | guest instructions per open + close "
          "| jump-cache misses per open + close | PCs | slots they share |")
    print("|---|---|---|---|---|")
    for r in rows:
        shared = sum(1 for pcs in r["slots"].values() if len(pcs) > 1)
        print(f"| {r['kernel']} | {r['insns']} | {r['misses']:.1f} "
              f"| {r['pcs']} | {shared} of {len(r['slots'])} |")
    print()
    print("PCs that miss on every open + close (×2: twice per open + close), "
          "by jump-cache slot:")
    for r in rows:
        print()
        print(f"- {r['kernel']}:")
        for s, pcs in sorted(r["slots"].items()):
            print(f"  - slot {s}: {', '.join(pcs)}")


if __name__ == "__main__":
    main()
