// SPDX-License-Identifier: GPL-2.0
/*
 * heap_bench: time the in-kernel dma-buf heap API, for comparison with the
 * ioctl path that heap-bench measures from userspace.  On load it runs,
 * prints its results, and stays loaded doing nothing until it is removed.
 *
 *   kernel-alloc  dma_heap_buffer_alloc() and dma_buf_put() on a handle
 *                 taken once with dma_heap_find(), per buffer size
 *   find-put      one dma_heap_find() + dma_heap_put() pair, timed in
 *                 batches of 1000 pairs and divided by 1000
 *
 * and, timed the same way, the primitives that the series adds to the
 * open and allocation paths, to explain differences against the pristine
 * kernel: a module reference (try_module_get() + module_put()), a read
 * lock of an rw_semaphore, a mutex, and a kref get + put.
 *
 * Output lines (in the kernel log) have the shape of heap-bench's:
 *
 *   heap_bench: PERF <what> <bytes> <iterations> <median_ns> <p90_ns>
 *
 * The benchmark runs from a workqueue: there dma_buf_put() leaves the final
 * fput() to the delayed-fput list, and flush_delayed_fput() runs it before
 * the clock stops, so a sample includes freeing the buffer as close() does
 * for the ioctl path.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/kref.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/version.h>
#include <linux/workqueue.h>

/* Symbol namespaces are quoted strings since 6.13, bare tokens before. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
MODULE_IMPORT_NS("DMA_BUF");
MODULE_IMPORT_NS("DMA_BUF_HEAP");
#else
MODULE_IMPORT_NS(DMA_BUF);
MODULE_IMPORT_NS(DMA_BUF_HEAP);
#endif

static char *heap_name = "system";
module_param_named(heap, heap_name, charp, 0444);
MODULE_PARM_DESC(heap, "name of the heap to time");

#define WARMUP 3
#define BATCH 1000
#define ROUNDS 50

/* As in heap-bench.c; the first size has the most iterations. */
static const struct {
	size_t size;
	unsigned int iterations;
} sizes[] = {
	{ SZ_4K, 20000 },
	{ SZ_64K, 5000 },
	{ SZ_1M, 500 },
	{ SZ_16M, 60 },
	{ SZ_64M, 25 },
};

static u64 *samples;
static int result;

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static void report(const char *what, size_t size, unsigned int n)
{
	sort(samples, n, sizeof(*samples), cmp_u64, NULL);
	pr_info("PERF %s %zu %u %llu %llu\n", what, size, n,
		samples[n / 2], samples[n * 9 / 10]);
}

static DECLARE_RWSEM(bench_rwsem);
static DEFINE_MUTEX(bench_mutex);
static struct kref bench_kref = KREF_INIT(1);

static void no_release(struct kref *kref)
{
}

static void op_find_put(void)
{
	struct dma_heap *heap = dma_heap_find(heap_name);

	/* bench() checked that the heap exists; it stays while we hold it. */
	if (heap)
		dma_heap_put(heap);
}

static void op_module_ref(void)
{
	if (try_module_get(THIS_MODULE))
		module_put(THIS_MODULE);
}

static void op_rwsem_read(void)
{
	down_read(&bench_rwsem);
	up_read(&bench_rwsem);
}

static void op_mutex(void)
{
	mutex_lock(&bench_mutex);
	mutex_unlock(&bench_mutex);
}

static void op_kref(void)
{
	kref_get(&bench_kref);
	kref_put(&bench_kref, no_release);
}

/* Time ROUNDS batches of BATCH calls of op, per call. */
static void bench_op(const char *what, void (*op)(void))
{
	unsigned int i, j;
	u64 start;

	for (i = 0; i < WARMUP + ROUNDS; i++) {
		start = ktime_get_ns();
		for (j = 0; j < BATCH; j++)
			op();
		if (i >= WARMUP)
			samples[i - WARMUP] = div_u64(ktime_get_ns() - start, BATCH);
	}
	report(what, 0, ROUNDS);
}

static int alloc_once(struct dma_heap *heap, size_t size, u64 *ns)
{
	u64 start = ktime_get_ns();
	struct dma_buf *buf;

	buf = dma_heap_buffer_alloc(heap, size, O_RDWR | O_CLOEXEC, 0);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	dma_buf_put(buf);
	flush_delayed_fput();
	*ns = ktime_get_ns() - start;
	return 0;
}

static int bench(void)
{
	struct dma_heap *heap;
	unsigned int i, j;
	int ret = 0;

	heap = dma_heap_find(heap_name);
	if (!heap)
		return -ENODEV;
	bench_op("find-put", op_find_put);
	bench_op("module-get-put", op_module_ref);
	bench_op("rwsem-read", op_rwsem_read);
	bench_op("mutex", op_mutex);
	bench_op("kref-get-put", op_kref);

	for (i = 0; i < ARRAY_SIZE(sizes) && !ret; i++) {
		unsigned int n = sizes[i].iterations;
		u64 unused;

		for (j = 0; j < WARMUP && !ret; j++)
			ret = alloc_once(heap, sizes[i].size, &unused);
		for (j = 0; j < n && !ret; j++)
			ret = alloc_once(heap, sizes[i].size, &samples[j]);
		if (!ret)
			report("kernel-alloc", sizes[i].size, n);
	}
	dma_heap_put(heap);
	return ret;
}

static void bench_work(struct work_struct *work)
{
	result = bench();
}

static int __init heap_bench_init(void)
{
	struct work_struct work;

	samples = kvcalloc(sizes[0].iterations, sizeof(*samples), GFP_KERNEL);
	if (!samples)
		return -ENOMEM;
	INIT_WORK_ONSTACK(&work, bench_work);
	queue_work(system_unbound_wq, &work);
	flush_work(&work);
	destroy_work_on_stack(&work);
	kvfree(samples);
	if (result)
		pr_err("failed: %d\n", result);
	else
		pr_info("PERF-DONE\n");
	return result;
}

static void __exit heap_bench_exit(void)
{
}

module_init(heap_bench_init);
module_exit(heap_bench_exit);
MODULE_DESCRIPTION("Times the in-kernel dma-buf heap API");
MODULE_LICENSE("GPL");
