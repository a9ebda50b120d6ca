// SPDX-License-Identifier: GPL-2.0
/*
 * Host reference for reading the guest's instruction counts: what an
 * uncontended atomic read-modify-write costs on the host's CPU, and what
 * open() + close() of a character device (/dev/null) costs on the host's
 * kernel.  icount counts an atomic instruction as one instruction; these
 * two figures give the scale of what the atomics the series adds can cost
 * on hardware relative to an open + close.  Prints "HOST <what> <ns>" lines, the median
 * of 5 runs.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define RUNS 5

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v)
{
	qsort(v, RUNS, sizeof(*v), cmp);
	return v[RUNS / 2];
}

int main(void)
{
	static volatile int counter;
	const long atomics = 20000000, opens = 100000;
	double atomic_ns[RUNS], plain_ns[RUNS], open_ns[RUNS], t;
	long i;

	for (int r = 0; r < RUNS; r++) {
		t = now_ns();
		for (i = 0; i < atomics; i++) {
			__atomic_fetch_add(&counter, 1, __ATOMIC_SEQ_CST);
			__atomic_fetch_sub(&counter, 1, __ATOMIC_SEQ_CST);
		}
		atomic_ns[r] = (now_ns() - t) / atomics;

		t = now_ns();
		for (i = 0; i < atomics; i++) {
			counter++;
			counter--;
		}
		plain_ns[r] = (now_ns() - t) / atomics;

		t = now_ns();
		for (i = 0; i < opens; i++) {
			int fd = open("/dev/null", O_RDONLY);

			if (fd < 0) {
				perror("/dev/null");
				return 1;
			}
			close(fd);
		}
		open_ns[r] = (now_ns() - t) / opens;
	}
	printf("HOST atomic-inc-dec-pair %.2f\n", median(atomic_ns));
	printf("HOST plain-inc-dec-pair %.2f\n", median(plain_ns));
	printf("HOST open-close-dev-null %.0f\n", median(open_ns));
	return 0;
}
