#!/usr/bin/env python3
"""Benchmark logs -> tables.

Reads the serial logs of the benchmark boots (out/benchmark/<accel>/<round>-<variant>.log),
takes their "PERF <what> <bytes> <iterations> <median_ns> <p90_ns>" lines and
writes, next to the logs:

  results.csv   every line of every boot (round, kernel, what, bytes, ...)
  results.json  the summary below, as data
  results.md    the summary as Markdown tables

Per kernel, operation and size the summary takes the median over boots of
the per-boot medians (and p90s), and shows the spread of the per-boot
medians as (max - min) / median.  The ratio is patched / pristine.

With --accel icount the guest clock counted guest instructions (QEMU
-icount shift=0: 1 ns per instruction), so the "times" are instruction
counts and are printed as such; memset there counts store iterations, not
bandwidth, so no memset fraction is given.
"""
import argparse
import csv
import json
import os
import re
import statistics
import sys

# perf-y, the series with the heaps built in, is optional: it separates what
# the series' core changes cost from what being a module costs.
KERNELS = {"perf-base": "pristine", "perf-m": "patched", "perf-y": "patched-y"}
LINE = re.compile(r"^PERF (\S+) (\d+) (\d+) (\d+) (\d+)$")


def size_name(n):
    if n >= 1 << 20:
        return f"{n >> 20} MiB"
    return f"{n >> 10} KiB"


def us(ns):
    return f"{ns / 1000:.1f}"


def count(ns):
    return f"{ns:.0f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--accel", default="?")
    ap.add_argument("--date", default="?")
    ap.add_argument("--host", help="HOST lines of benchmark/host-ref.c")
    ap.add_argument("logs", nargs="+")
    args = ap.parse_args()
    outdir = os.path.dirname(os.path.abspath(args.logs[0]))
    icount = args.accel == "icount"
    fmt = count if icount else us

    rows = []
    cpus = set()
    for path in args.logs:
        m = re.match(r"(\d+)-(perf-\w+)\.log$", os.path.basename(path))
        if not m or m.group(2) not in KERNELS:
            sys.exit(f"report: unexpected log name {path}")
        rnd, kernel = int(m.group(1)), KERNELS[m.group(2)]
        found = 0
        with open(path, errors="replace") as f:
            for line in f:
                cm = re.match(r"BENCH-BEGIN .*cpus=(\d+)", line)
                if cm:
                    cpus.add(cm.group(1))
                lm = LINE.match(line.strip())
                if lm:
                    found += 1
                    rows.append({"round": rnd, "kernel": kernel, "what": lm.group(1),
                                 "bytes": int(lm.group(2)), "iterations": int(lm.group(3)),
                                 "median_ns": int(lm.group(4)), "p90_ns": int(lm.group(5))})
        if not found:
            sys.exit(f"report: no results in {path}")

    with open(os.path.join(outdir, "results.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)

    agg = {}
    for r in rows:
        agg.setdefault((r["kernel"], r["what"], r["bytes"]), []).append(r)

    def stat(kernel, what, size):
        rs = agg.get((kernel, what, size))
        if not rs:
            return None
        meds = [r["median_ns"] for r in rs]
        med = statistics.median(meds)
        return {"boots": len(rs), "median_ns": med,
                "p90_ns": statistics.median(r["p90_ns"] for r in rs),
                "spread": (max(meds) - min(meds)) / med if med else 0.0}

    by_round = {(r["kernel"], r["what"], r["bytes"], r["round"]): r["median_ns"] for r in rows}

    def paired(kernel, what, size):
        """Per-round ratios kernel / pristine of boots run one after the
        other: slow drifts of the host's speed cancel out in each pair."""
        ratios = [by_round[(kernel, what, size, n)] / by_round[("pristine", what, size, n)]
                  for n in sorted({r["round"] for r in rows})
                  if (kernel, what, size, n) in by_round
                  and ("pristine", what, size, n) in by_round]
        return statistics.median(ratios), min(ratios), max(ratios)

    sizes = sorted({r["bytes"] for r in rows if r["what"] == "alloc-close"})
    summary = {"date": args.date, "accel": args.accel, "cpus": "/".join(sorted(cpus)),
               "rounds": max(r["round"] for r in rows), "ioctl": [], "kernel": []}
    md = []
    if icount:
        where, unit = "TCG with -icount shift=0", ("Guest instructions per operation "
                                                   "(the guest clock counts instructions)")
    else:
        where, unit = args.accel.upper(), "Times in µs"
    md.append(f"{args.date}, {summary['cpus']}-CPU guest on {where}, "
              f"{summary['rounds']} boots of each kernel in turn "
              f"(pristine, patched, ...). {unit}: median over boots "
              "of each boot's median; ± is the spread of the per-boot medians, "
              "(max - min) / median. patched/pristine is the median of the "
              "per-round ratios (boots run one after the other), with their "
              "range in brackets.")
    md.append("")
    md.append("Userspace, `DMA_HEAP_IOCTL_ALLOC` on the system heap "
              "(alloc-close: + close; alloc-touch: + mmap, write every page, munmap, close):")
    md.append("")
    have_y = any(r["kernel"] == "patched-y" for r in rows)
    ycol = " series =y / pristine |" if have_y else ""
    mcol = "" if icount else " memset fraction pristine / patched |"
    md.append("| size | operation | pristine | patched | patched/pristine "
              "| p90 pristine | p90 patched |" + mcol + ycol)
    md.append("|---|---|---|---|---|---|---|" + ("" if icount else "---|")
              + ("---|" if have_y else ""))

    def compare(what, size):
        """Pristine against patched for one operation and size: the summary
        entry and the table cells they share."""
        a, b = stat("pristine", what, size), stat("patched", what, size)
        if not a or not b:
            sys.exit(f"report: {what} {size} missing for a kernel")
        ratio, rlo, rhi = paired("patched", what, size)
        yr = paired("patched-y", what, size)[0] if have_y else None
        cells = (f"| {fmt(a['median_ns'])} ±{a['spread']:.0%} "
                 f"| {fmt(b['median_ns'])} ±{b['spread']:.0%} "
                 f"| {ratio:.3f} [{rlo:.3f}-{rhi:.3f}] "
                 f"| {fmt(a['p90_ns'])} | {fmt(b['p90_ns'])} |")
        return {"pristine": a, "patched": b, "ratio": ratio, "ratio_range": [rlo, rhi],
                "series_y_ratio": yr}, cells

    def ycell(d):
        return f" {d['series_y_ratio']:.3f} |" if have_y else ""

    for size in sizes:
        for what in ("alloc-close", "alloc-touch"):
            d, cells = compare(what, size)
            ma, mb = stat("pristine", "memset", size), stat("patched", "memset", size)
            fa = ma["median_ns"] / d["pristine"]["median_ns"]
            fb = mb["median_ns"] / d["patched"]["median_ns"]
            summary["ioctl"].append({"bytes": size, "what": what, **d,
                                     # not a bandwidth when the clock counts instructions
                                     "memset_fraction": None if icount else
                                     {"pristine": fa, "patched": fb},
                                     "memset_bytes_per_s": None if icount else {
                                         "pristine": size / ma["median_ns"] * 1e9,
                                         "patched": size / mb["median_ns"] * 1e9}})
            md.append(f"| {size_name(size)} | {what} " + cells
                      + ("" if icount else f" {fa:.2f} / {fb:.2f} |") + ycell(d))
    d, cells = compare("open-close", 0)
    summary["open_close"] = d
    md.append("| - | open-close of the node " + cells + ("" if icount else " |") + ycell(d))
    if not icount:
        md.append("")
        md.append("memset fraction: time to memset a faulted-in buffer of that size "
                  "divided by the allocation time, i.e. allocation throughput as a "
                  "fraction of the guest's memory-clearing bandwidth ("
                  + ", ".join(f"{size_name(s)}: "
                              f"{s / stat('patched', 'memset', s)['median_ns']:.2f} GB/s"
                              for s in sizes) + " on the patched kernel).")
    md.append("")
    md.append("In-kernel, kernels with the series (`heap_bench.ko`: `dma_heap_buffer_alloc` + "
              "`dma_buf_put` on a held handle, vs. the ioctl path above):")
    md.append("")
    md.append("| size | in-kernel | ioctl alloc-close | in-kernel/ioctl |"
              + (" in-kernel, series =y |" if have_y else ""))
    md.append("|---|---|---|---|" + ("---|" if have_y else ""))
    for size in sizes:
        k, u = stat("patched", "kernel-alloc", size), stat("patched", "alloc-close", size)
        if not k:
            sys.exit(f"report: kernel-alloc {size} missing")
        ky = stat("patched-y", "kernel-alloc", size) if have_y else None
        summary["kernel"].append({"bytes": size, "kernel": k, "ioctl": u,
                                  "ratio": k["median_ns"] / u["median_ns"],
                                  "kernel_series_y": ky})
        md.append(f"| {size_name(size)} | {fmt(k['median_ns'])} ±{k['spread']:.0%} "
                  f"| {fmt(u['median_ns'])} | {k['median_ns'] / u['median_ns']:.3f} |"
                  + (f" {fmt(ky['median_ns'])} ±{ky['spread']:.0%} |" if ky else ""))
    fp = stat("patched", "find-put", 0)
    summary["find_put"] = fp
    md.append("")
    md.append(f"One `dma_heap_find` + `dma_heap_put` pair: {fp['median_ns']:.0f} "
              + ("instructions " if icount else "ns ") +
              f"(median over boots of batches of 1000 pairs, ±{fp['spread']:.0%}).")

    prims = {w: stat("patched", w, 0) for w in
             ("module-get-put", "rwsem-read", "mutex", "kref-get-put")}
    if all(prims.values()):
        ns = {w: p["median_ns"] for w, p in prims.items()}
        summary["primitives_ns"] = ns
        # What the series adds on each path (see drivers/dma-buf/dma-heap.c):
        # allocation: the remove_lock read lock, and the buffer's reference
        # on the heap module; open + close: the cdev owner's module
        # reference and the heap kref (the lookup runs under RCU, which
        # costs nothing on these non-preemptible kernels).
        add_alloc = ns["rwsem-read"] + ns["module-get-put"]
        add_open = ns["module-get-put"] + ns["kref-get-put"]
        # Measured differences: the paired ratio applied to pristine.
        d_alloc = (paired("patched", "alloc-close", sizes[0])[0] - 1) * \
            stat("pristine", "alloc-close", sizes[0])["median_ns"]
        d_open = (summary["open_close"]["ratio"] - 1) * \
            summary["open_close"]["pristine"]["median_ns"]
        u = "instructions" if icount else "ns"
        md.append("")
        md.append("Primitives the series adds, per call, in-kernel on this guest: "
                  f"module reference get + put {ns['module-get-put']:.0f} {u}, "
                  f"rw_semaphore read lock + unlock {ns['rwsem-read']:.0f} {u}, "
                  f"kref get + put {ns['kref-get-put']:.0f} {u}; and "
                  f"mutex lock + unlock {ns['mutex']:.0f} {u}, which only "
                  "dma_heap_find() takes. "
                  "An allocation adds a read lock and a module reference "
                  f"({add_alloc:.0f} {u}; measured patched - pristine at "
                  f"{size_name(sizes[0])}: {d_alloc:+.0f} {u}); an open + close adds a "
                  "module reference and a kref "
                  f"({add_open:.0f} {u}; measured: {d_open:+.0f} {u}).")

    host = {}
    if args.host and os.path.exists(args.host):
        with open(args.host) as f:
            for line in f:
                hm = re.match(r"HOST (\S+) ([\d.]+)$", line.strip())
                if hm:
                    host[hm.group(1)] = float(hm.group(2))
    if icount and {"atomic-inc-dec-pair", "open-close-dev-null"} <= host.keys():
        summary["host"] = host
        pair, oc = host["atomic-inc-dec-pair"], host["open-close-dev-null"]
        md.append("")
        md.append("An instruction count weighs an atomic read-modify-write like any other "
                  "instruction. On the host's CPU an uncontended atomic increment + "
                  f"decrement pair takes {pair:.1f} ns ({host.get('plain-inc-dec-pair', 0):.1f} ns "
                  f"without the lock prefix), and the host kernel's open + close of "
                  f"/dev/null takes {oc / 1000:.1f} µs: the two atomic pairs the series adds "
                  f"to an open + close of a heap module's node (module reference, kref) "
                  f"would be {2 * pair:.0f} ns, {2 * pair / oc:.1%} of such an open + close.")

    with open(os.path.join(outdir, "results.json"), "w") as f:
        json.dump(summary, f, indent=1)
    with open(os.path.join(outdir, "results.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    print("\n".join(md))


if __name__ == "__main__":
    main()
