// SPDX-License-Identifier: GPL-2.0
/*
 * dmabuf-alloc: allocate one buffer from a dma-buf heap, map it, write a
 * pattern through the mapping and read it back.  Used by the demo to show a
 * heap working; prints what it did, exits non-zero on any failure.  With
 * "hold", it then keeps the buffer mapped until it is killed.
 *
 * usage: dmabuf-alloc HEAP BYTES [hold]
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/dma-buf.h>
#include <linux/dma-heap.h>

static int fail(const char *what)
{
	fprintf(stderr, "dmabuf-alloc: %s: %s\n", what, strerror(errno));
	return 1;
}

static void show_fdinfo(int fd)
{
	char path[64], line[256];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "size:", 5) || !strncmp(line, "exp_name:", 9))
			printf("  fdinfo %s", line);
	fclose(f);
}

int main(int argc, char **argv)
{
	struct dma_heap_allocation_data data = { .fd_flags = O_RDWR | O_CLOEXEC };
	struct dma_buf_sync sync = { 0 };
	char node[128];
	uint32_t *p;
	size_t i, n;
	int heap;

	if (argc < 3 || argc > 4 || (argc == 4 && strcmp(argv[3], "hold"))) {
		fprintf(stderr, "usage: dmabuf-alloc HEAP BYTES [hold]\n");
		return 2;
	}
	snprintf(node, sizeof(node), "/dev/dma_heap/%s", argv[1]);
	data.len = strtoull(argv[2], NULL, 0);

	heap = open(node, O_RDONLY | O_CLOEXEC);
	if (heap < 0)
		return fail(node);
	if (ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &data) < 0)
		return fail("DMA_HEAP_IOCTL_ALLOC");
	printf("  allocated %llu bytes from %s: dma-buf fd %u\n",
	       (unsigned long long)data.len, node, data.fd);
	show_fdinfo(data.fd);

	p = mmap(NULL, data.len, PROT_READ | PROT_WRITE, MAP_SHARED, data.fd, 0);
	if (p == MAP_FAILED)
		return fail("mmap");
	n = data.len / sizeof(*p);

	sync.flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW;
	if (ioctl(data.fd, DMA_BUF_IOCTL_SYNC, &sync) < 0)
		return fail("DMA_BUF_IOCTL_SYNC start");
	for (i = 0; i < n; i++)
		if (p[i]) {
			fprintf(stderr, "dmabuf-alloc: new buffer not zeroed at word %zu\n", i);
			return 1;
		}
	for (i = 0; i < n; i++)
		p[i] = 0x5a5a0000u ^ (uint32_t)i;
	for (i = 0; i < n; i++)
		if (p[i] != (0x5a5a0000u ^ (uint32_t)i)) {
			fprintf(stderr, "dmabuf-alloc: readback mismatch at word %zu\n", i);
			return 1;
		}
	sync.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW;
	if (ioctl(data.fd, DMA_BUF_IOCTL_SYNC, &sync) < 0)
		return fail("DMA_BUF_IOCTL_SYNC end");
	printf("  mapped it, found it zeroed, wrote and read back %zu words\n", n);

	if (argc == 4) {
		close(data.fd);
		close(heap);
		printf("  holding the mapping (buffer fd and heap fd closed)\n");
		fflush(stdout);
		pause();
	}

	munmap(p, data.len);
	close(data.fd);
	close(heap);
	printf("  unmapped and closed: buffer freed\n");
	return 0;
}
