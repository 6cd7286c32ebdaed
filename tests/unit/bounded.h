/* bounded.h - buffers that make a parser's over-read fail loudly: an
 * exact-size heap copy (caught by AddressSanitizer) and a copy that ends
 * right before an inaccessible page (caught in any build). */
#ifndef LWPS_TEST_BOUNDED_H
#define LWPS_TEST_BOUNDED_H

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct guard {
	char *map, *end;
	size_t maplen;
};

static inline int guard_init(struct guard *g, size_t maxlen)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	size_t data = (maxlen + pg - 1) / pg * pg;

	g->maplen = data + pg;
	g->map = mmap(NULL, g->maplen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (g->map == MAP_FAILED)
		return -1;
	if (mprotect(g->map + data, pg, PROT_NONE) < 0)
		return -1;
	g->end = g->map + data;
	return 0;
}

/* Copies `len` bytes so that they end right at the guard page. */
static inline const char *guard_place(struct guard *g, const char *src, size_t len)
{
	char *p = g->end - len;

	memcpy(p, src, len);
	return p;
}

static inline void guard_release(struct guard *g)
{
	munmap(g->map, g->maplen);
}

/* A heap copy of exactly `len` bytes, no terminating NUL. */
static inline char *heap_copy(const char *src, size_t len)
{
	char *p = malloc(len);

	if (!p && len)
		abort();
	if (len)
		memcpy(p, src, len);
	return p;
}

#endif
