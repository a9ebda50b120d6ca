// SPDX-License-Identifier: GPL-2.0
/*
 * heap-bench: time dma-buf heap allocation from userspace, the same way on
 * the pristine and the patched kernel.  For each buffer size it measures
 *
 *   alloc-close   DMA_HEAP_IOCTL_ALLOC, then close() of the buffer fd
 *   alloc-touch   the same plus mmap(), writing one byte in every page,
 *                 munmap()
 *   memset        memset() of an already faulted-in buffer of that size:
 *                 the guest's bandwidth for clearing memory, the physical
 *                 reference for handing out zeroed pages
 *
 * and once per run open-close, open() and close() of the heap node.
 * Every measurement is a series of single operations timed with
 * CLOCK_MONOTONIC after a few untimed warm-up rounds; the program prints
 * the median and the 90th percentile of each series, one line each:
 *
 *   PERF <what> <bytes> <iterations> <median_ns> <p90_ns>
 *
 * usage: heap-bench [HEAP [open-close N]]   (HEAP defaults to "system")
 *
 * With "open-close N" only the open-close series runs, N times, for
 * benchmark/jump-cache.sh.  Exits non-zero on error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <linux/dma-heap.h>

#define KiB 1024UL
#define MiB (1024 * KiB)
#define WARMUP 3
#define OPEN_ITERATIONS 20000
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	size_t size;
	unsigned int iterations;
} sizes[] = {
	{ 4 * KiB, 20000 },
	{ 64 * KiB, 5000 },
	{ 1 * MiB, 500 },
	{ 16 * MiB, 60 },
	{ 64 * MiB, 25 },
};

static const char *heap_path;
static int heap_fd;
static uint64_t *samples;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "heap-bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void report(const char *what, size_t size, unsigned int n)
{
	qsort(samples, n, sizeof(*samples), cmp_u64);
	printf("PERF %s %zu %u %llu %llu\n", what, size, n,
	       (unsigned long long)samples[n / 2],
	       (unsigned long long)samples[(n * 9) / 10]);
	fflush(stdout);
}

static int alloc(size_t size)
{
	struct dma_heap_allocation_data data = {
		.len = size,
		.fd_flags = O_RDWR | O_CLOEXEC,
	};

	if (ioctl(heap_fd, DMA_HEAP_IOCTL_ALLOC, &data) < 0)
		die("DMA_HEAP_IOCTL_ALLOC");
	return data.fd;
}

/* One timed operation; "touch" also maps the buffer and writes every page. */
static uint64_t alloc_once(size_t size, int touch)
{
	long page = sysconf(_SC_PAGESIZE);
	uint64_t start = now_ns();
	int fd = alloc(size);

	if (touch) {
		volatile char *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
					MAP_SHARED, fd, 0);
		size_t off;

		if (p == MAP_FAILED)
			die("mmap");
		for (off = 0; off < size; off += page)
			p[off] = 1;
		if (munmap((void *)p, size))
			die("munmap");
	}
	if (close(fd))
		die("close");
	return now_ns() - start;
}

static void bench_alloc(size_t size, unsigned int n, int touch)
{
	unsigned int i;

	for (i = 0; i < WARMUP; i++)
		alloc_once(size, touch);
	for (i = 0; i < n; i++)
		samples[i] = alloc_once(size, touch);
	report(touch ? "alloc-touch" : "alloc-close", size, n);
}

static void bench_memset(size_t size, unsigned int n)
{
	char *buf = mmap(NULL, size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	unsigned int i;

	if (buf == MAP_FAILED)
		die("mmap of the memset buffer");
	for (i = 0; i < WARMUP + n; i++) {
		uint64_t start = now_ns();

		memset(buf, 0, size);
		/* Make the compiler keep the memset. */
		__asm__ volatile("" : : "r"(buf) : "memory");
		if (i >= WARMUP)
			samples[i - WARMUP] = now_ns() - start;
	}
	munmap(buf, size);
	report("memset", size, n);
}

static void bench_open(unsigned int n)
{
	unsigned int i;

	for (i = 0; i < WARMUP + n; i++) {
		uint64_t start = now_ns();
		int fd = open(heap_path, O_RDONLY | O_CLOEXEC);

		if (fd < 0)
			die(heap_path);
		close(fd);
		if (i >= WARMUP)
			samples[i - WARMUP] = now_ns() - start;
	}
	report("open-close", 0, n);
}

int main(int argc, char **argv)
{
	static char path[128];
	unsigned int max = OPEN_ITERATIONS, i;
	unsigned long only = 0;	/* "open-close N": that series alone */

	if (argc > 2) {
		if (argc == 4 && !strcmp(argv[2], "open-close"))
			only = strtoul(argv[3], NULL, 10);
		if (!only || only > 10000000) {
			fprintf(stderr, "usage: heap-bench [HEAP [open-close N]]\n");
			return 2;
		}
	}
	snprintf(path, sizeof(path), "/dev/dma_heap/%s",
		 argc > 1 ? argv[1] : "system");
	heap_path = path;
	if (only)
		max = only;
	else
		for (i = 0; i < ARRAY_SIZE(sizes); i++)
			if (sizes[i].iterations > max)
				max = sizes[i].iterations;
	samples = calloc(max, sizeof(*samples));
	if (!samples)
		die("calloc");

	if (only) {
		bench_open(only);
		printf("PERF-DONE\n");
		return 0;
	}

	heap_fd = open(heap_path, O_RDONLY | O_CLOEXEC);
	if (heap_fd < 0)
		die(heap_path);

	bench_open(OPEN_ITERATIONS);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		bench_alloc(sizes[i].size, sizes[i].iterations, 0);
		bench_alloc(sizes[i].size, sizes[i].iterations, 1);
		bench_memset(sizes[i].size, sizes[i].iterations);
	}
	close(heap_fd);
	printf("PERF-DONE\n");
	return 0;
}
