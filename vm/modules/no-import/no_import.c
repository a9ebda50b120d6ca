// SPDX-License-Identifier: GPL-2.0
/*
 * Uses the in-kernel heap API without MODULE_IMPORT_NS(DMA_BUF_HEAP).
 * modpost must refuse to build it, and the kernel must refuse to load it
 * when it is built anyway (KBUILD_MODPOST_WARN=1).
 */
#include <linux/dma-heap.h>
#include <linux/module.h>

static int __init no_import_init(void)
{
	struct dma_heap *heap = dma_heap_find("system");

	if (heap)
		dma_heap_put(heap);
	return 0;
}
module_init(no_import_init);

MODULE_DESCRIPTION("Heap API user that forgets to import DMA_BUF_HEAP");
MODULE_LICENSE("GPL");
