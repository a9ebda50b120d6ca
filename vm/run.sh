#!/bin/bash
# VM: boot out/$BASE/vm/<variant>/{bzImage,initramfs.cpio} in QEMU, run one
# guest job (demo, test, nocma, stress, perf or open-loop), and keep the
# serial console in out/$BASE/vm/<variant>/<job>.log; the demo shows its
# transcript on the terminal as well (verdict/check.py --story).  The job 'shell' gives
# the guest's console to this terminal instead.  Uses KVM when a probe boot
# shows that it works, TCG otherwise (ACCEL=kvm|tcg|icount overrides; icount is TCG on one
# host thread with a guest clock that advances 1 ns per guest instruction,
# which the benchmark uses to count instructions).  The job 'probe' only
# makes that choice.  The guest powers itself off; a host-side timeout kills
# a hung guest.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tree/base.sh"
usage="usage: run.sh VARIANT probe|demo|test|nocma|stress|perf|open-loop|shell"
variant=${1:?$usage}
job=${2:?$usage}
race=${RACE_SECONDS:-300}	# stress: how long the unload race runs, per module
out=$work/vm/$variant
log=$out/$job.log

case $variant in
*-m) heaps=m ;;
*-y) heaps=y ;;
perf-base) heaps=$base_heaps ;;
*) heaps=none ;;
esac

cma=cma=64M	# x86 has a default CMA area only when asked for one
[ "$job" = nocma ] && cma=

qemu_cmd() {	# qemu_cmd ACCEL JOB: cmd=(the guest's QEMU command line)
	# No 5-level paging (la57=off): 7.3's identify_cpu() clears
	# boot_cpu_data's feature words with interrupts on, and an interrupt
	# that lands before X86_FEATURE_LA57 is set again makes KASAN take a
	# per-CPU address for a wild one (rcu_is_watching() in irqentry_enter();
	# about 1 boot in 25 under TCG).  A base bug, not the series'.
	local accel=$1 run=$2 cpu=max,la57=off icount=() cpus=1
	# One CPU, but where two are the point: the unload race (nocma,
	# stress) and the benchmark. Under TCG on a busy host a second vCPU
	# doubles a guest's time (measured: two guests side by side, each
	# running 10 module load/unload cycles and 15000 heap-fuzz calls
	# twice, took 96 s with two CPUs each, 48 s with one), as one vCPU waits
	# for the other (IPIs, RCU, spinning on a lock whose holder's host
	# thread is not running).
	case $run in nocma | stress | perf | open-loop) cpus=2 ;; esac
	[ "$accel" = kvm ] && cpu=host
	[ "$accel" = tcg ] && accel=tcg,thread=multi
	if [ "$accel" = icount ]; then
		accel=tcg,thread=single
		icount=(-icount shift=0,sleep=off)
	fi
	cmd=(qemu-system-x86_64
		-accel "$accel" "${icount[@]}" -cpu "$cpu" -smp "$cpus" -m 512M
		-display none -no-reboot
		-kernel "$out/bzImage" -initrd "$out/initramfs.cpio"
		-append "console=ttyS0 panic=-1 $cma bench.run=$run bench.heaps=$heaps bench.race=$race bench.cma=$base_cma_heap")
}

boot() {	# boot ACCEL TIMEOUT LOG [JOB]: the console into LOG, a line at
	# a time, so that "tail -f LOG" follows a long run
	qemu_cmd "$1" "${4:-$job}"
	timeout -k 5 "$2" "${cmd[@]}" -monitor none -serial stdio \
		< /dev/null 2>&1 | stdbuf -oL tr -d '\r' > "$3"
}

# The nested KVM found on these machines cannot boot a kernel (MSR errors, or
# a hang in the decompressor), so only a guest that reaches BENCH-END counts.
# The answer is kept in out/accel until the next ./bench command; guests
# starting together (./bench test) wait for one probe.
exec 9> "$top/out/accel.lock"
flock 9
accel=${ACCEL:-$(cat "$top/out/accel" 2>/dev/null || true)}
if [ -z "$accel" ]; then
	accel=tcg
	if [ -w /dev/kvm ]; then
		# (in a subshell: a crashing qemu makes bash report "Aborted")
		(boot kvm 40 "$out/kvm-probe.log" probe) 2>/dev/null || true
		grep -q '^BENCH-END' "$out/kvm-probe.log" && accel=kvm
	fi
	echo "vm: KVM $( [ $accel = kvm ] && echo works || echo 'does not work here'), using $accel"
	echo "$accel" > "$top/out/accel"
fi
exec 9>&-
[ "$job" = probe ] && exit 0

if [ "$job" = shell ]; then
	# The console is this terminal (or vm/shell-check.py's pipes); QEMU's
	# multiplexer quits on Ctrl-A x.
	echo "vm: $BASE $variant: a shell in the guest ($accel); leave with poweroff or Ctrl-A x"
	qemu_cmd "$accel" shell
	exec "${cmd[@]}" -serial mon:stdio
fi

echo "vm: $BASE $variant: booting for '$job' ($accel), console in ${log#"$top"/}"
start=$(date +%s)
rc=0
progress "vm: $BASE $variant: $job"
trap progress_end EXIT
if [ "$job" = demo ]; then
	boot "$accel" 600 /dev/stdout | tee "$log" | "$top/verdict/check.py" --story || rc=$?
else
	limit=1500	# the test plan takes 9 to 15 min under TCG
	[ "$job" = stress ] && limit=$((10800 + 2 * race))	# cycles, fuzzer, faults, two races
	boot "$accel" $limit "$log" || rc=$?
fi
progress_end
echo "vm: $BASE $variant: guest ended after $(( $(date +%s) - start )) s (qemu exit $rc)"
