#include "config.h"

/* test_parse_maps.c - unit tests for src/proc/parse_maps.c (the
 * /proc/PID/maps and /proc/PID/smaps parser). */

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "proc/parse_maps.h"
#include "bounded.h"
#include "tap.h"



/* ------------------------------------------------------------------ */
/* The kernel's spelling, written out here rather than taken from the
 * parser, so a typo in its table cannot pass unnoticed. */
static const char *const key_name[SM_COUNT] = {
	[SM_SIZE] = "Size",
	[SM_KERNEL_PAGE] = "KernelPageSize",
	[SM_MMU_PAGE] = "MMUPageSize",
	[SM_RSS] = "Rss",
	[SM_PSS] = "Pss",
	[SM_PSS_DIRTY] = "Pss_Dirty",
	[SM_SHARED_CLEAN] = "Shared_Clean",
	[SM_SHARED_DIRTY] = "Shared_Dirty",
	[SM_PRIVATE_CLEAN] = "Private_Clean",
	[SM_PRIVATE_DIRTY] = "Private_Dirty",
	[SM_REFERENCED] = "Referenced",
	[SM_ANONYMOUS] = "Anonymous",
	[SM_LAZYFREE] = "LazyFree",
	[SM_ANON_HUGE] = "AnonHugePages",
	[SM_SHMEM_PMD] = "ShmemPmdMapped",
	[SM_FILE_PMD] = "FilePmdMapped",
	[SM_SHARED_HUGETLB] = "Shared_Hugetlb",
	[SM_PRIVATE_HUGETLB] = "Private_Hugetlb",
	[SM_SWAP] = "Swap",
	[SM_SWAP_PSS] = "SwapPss",
	[SM_LOCKED] = "Locked",
	[SM_KSM] = "KSM",
};

#define ALL_KEYS ((1u << SM_COUNT) - 1)
#define KB 1024ull
#define DELETED_LEN 10   /* strlen(" (deleted)") */

/* ------------------------------------------------------------------ */
/* The callback records each entry with its slices turned into offsets
 * into the parsed buffer: the buffer is gone after the parse, and the
 * offsets let parses of different copies of one text compare equal. */

#define MAX_REC 64

struct rec {
	struct smaps_entry e;  /* e.map.path and e.vmflags cleared */
	long path_off;         /* -1: no path */
	long vmflags_off;      /* -1: no VmFlags */
};

struct coll {
	const char *base;
	size_t len;
	struct rec rec[MAX_REC];
	int n;           /* entries recorded */
	int calls;       /* times the callback ran */
	int stop_at;     /* return stop_value from this call (1-based); 0: never */
	int stop_value;
	int bad_slice;   /* slices outside the buffer, or otherwise impossible */
};

static long slice_off(struct coll *c, const char *p, size_t len)
{
	uintptr_t b = (uintptr_t)c->base, q = (uintptr_t)p;

	if (!p)
		return -1;
	if (q < b || len > c->len || q - b > c->len - len) {
		c->bad_slice++;
		return -2;
	}
	return (long)(q - b);
}

static int collect(const struct smaps_entry *e, void *ctx)
{
	struct coll *c = ctx;

	c->calls++;
	if (c->n < MAX_REC) {
		struct rec *r = &c->rec[c->n++];
		size_t raw = e->map.path_len + (e->map.deleted ? DELETED_LEN : 0);

		r->e = *e;
		r->path_off = slice_off(c, e->map.path, raw);
		r->vmflags_off = slice_off(c, e->vmflags, e->vmflags_len);
		/* A path is never empty, never begins with a blank, and only
		 * a path can be deleted. */
		if (e->map.path && (e->map.path_len == 0 || e->map.path[0] == ' '))
			c->bad_slice++;
		if (!e->map.path && (e->map.path_len || e->map.deleted))
			c->bad_slice++;
		if (!e->vmflags && e->vmflags_len)
			c->bad_slice++;
		r->e.map.path = NULL;
		r->e.vmflags = NULL;
	}
	return c->stop_at && c->calls == c->stop_at ? c->stop_value : 0;
}

static int run_on(const char *buf, size_t len, struct coll *c)
{
	c->base = buf;
	c->len = len;
	c->n = 0;
	c->calls = 0;
	c->bad_slice = 0;
	return smaps_parse(buf, len, collect, c);
}

/* Parses `len` bytes of `text` from an exact-size heap copy. */
static int run_n(const char *text, size_t len, struct coll *c)
{
	char *copy = heap_copy(text, len);
	int r = run_on(copy, len, c);

	free(copy);
	return r;
}

static int run(const char *text, struct coll *c)
{
	return run_n(text, strlen(text), c);
}

static struct coll *coll_new(void)
{
	struct coll *c = calloc(1, sizeof(*c));

	if (!c)
		abort();
	return c;
}

static bool rec_equal(const struct rec *a, const struct rec *b)
{
	const struct maps_line *x = &a->e.map, *y = &b->e.map;

	if (x->start != y->start || x->end != y->end || x->offset != y->offset ||
	    x->inode != y->inode || x->dev_major != y->dev_major || x->dev_minor != y->dev_minor ||
	    memcmp(x->perms, y->perms, sizeof(x->perms)) != 0 || a->path_off != b->path_off ||
	    x->path_len != y->path_len || x->deleted != y->deleted)
		return false;
	if (a->e.have != b->e.have || a->vmflags_off != b->vmflags_off ||
	    a->e.vmflags_len != b->e.vmflags_len)
		return false;
	for (int k = 0; k < SM_COUNT; k++)
		if (a->e.value[k] != b->e.value[k])
			return false;
	return true;
}

static bool coll_equal(int ra, const struct coll *a, int rb, const struct coll *b)
{
	if (ra != rb || a->calls != b->calls || a->n != b->n)
		return false;
	for (int i = 0; i < a->n; i++)
		if (!rec_equal(&a->rec[i], &b->rec[i]))
			return false;
	return true;
}

/* ------------------------------------------------------------------ */
/* Single header lines, parsed from an exact-size heap copy. */

struct line_res {
	int ret;
	struct maps_line m;
	long path_off;   /* -1: no path */
};

static struct line_res line_n(const char *s, size_t len)
{
	struct line_res r;
	char *copy = heap_copy(s, len);

	memset(&r.m, 0xa5, sizeof(r.m));   /* must be overwritten */
	r.ret = maps_parse_line(copy, len, &r.m);
	r.path_off = r.m.path ? (long)(r.m.path - copy) : -1;
	r.m.path = NULL;
	free(copy);
	return r;
}

static struct line_res line(const char *s)
{
	return line_n(s, strlen(s));
}

/* ------------------------------------------------------------------ */
/* Real captures from the development machine (Linux 6.18, x86_64).  The
 * unknown keys KSM and THPeligible are the kernel's own. */

struct want {
	unsigned long long start, end, offset, inode;
	unsigned major, minor;
	const char *perms, *path;   /* path as printed, without " (deleted)" */
	bool deleted;
	unsigned long long kb[SM_COUNT];
	const char *vmflags;
};

/* cat /proc/self/smaps, 9 of its 38 blocks: cat's text, [heap], an
 * anonymous mapping, libc's text, [vvar], [vvar_vclock], [vdso], [stack],
 * [vsyscall] */
static const char cat_smaps[] =
	"55ef2ea9a000-55ef2ea9f000 r-xp 00002000 fe:00 247134                     /usr/bin/cat\n"
	"Size:                 20 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                  20 kB\n"
	"Pss:                  20 kB\n"
	"Pss_Dirty:             0 kB\n"
	"Shared_Clean:          0 kB\n"
	"Shared_Dirty:          0 kB\n"
	"Private_Clean:        20 kB\n"
	"Private_Dirty:         0 kB\n"
	"Referenced:           20 kB\n"
	"Anonymous:             0 kB\n"
	"KSM:                   0 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:           0\n"
	"VmFlags: rd ex mr mw me \n"
	"55ef672d5000-55ef672f6000 rw-p 00000000 00:00 0                          [heap]\n"
	"Size:                132 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                  16 kB\n"
	"Pss:                  16 kB\n"
	"Pss_Dirty:            16 kB\n"
	"Shared_Clean:          0 kB\n"
	"Shared_Dirty:          0 kB\n"
	"Private_Clean:         0 kB\n"
	"Private_Dirty:        16 kB\n"
	"Referenced:           16 kB\n"
	"Anonymous:            16 kB\n"
	"KSM:                   0 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:           0\n"
	"VmFlags: rd wr mr mw me ac \n"
	"7f2f6ed29000-7f2f6ed4b000 rw-p 00000000 00:00 0 \n"
	"Size:                136 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                   8 kB\n"
	"Pss:                   8 kB\n"
	"Pss_Dirty:             8 kB\n"
	"Shared_Clean:          0 kB\n"
	"Shared_Dirty:          0 kB\n"
	"Private_Clean:         0 kB\n"
	"Private_Dirty:         8 kB\n"
	"Referenced:            8 kB\n"
	"Anonymous:             8 kB\n"
	"KSM:                   0 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:           0\n"
	"VmFlags: rd wr mr mw me ac \n"
	"7f2f6edd2000-7f2f6ef28000 r-xp 00026000 fe:00 332835                     /usr/lib/x86_64-linux-gnu/libc.so.6\n"
	"Size:               1368 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                 824 kB\n"
	"Pss:                 139 kB\n"
	"Pss_Dirty:             0 kB\n"
	"Shared_Clean:        780 kB\n"
	"Shared_Dirty:          0 kB\n"
	"Private_Clean:        44 kB\n"
	"Private_Dirty:         0 kB\n"
	"Referenced:          824 kB\n"
	"Anonymous:             0 kB\n"
	"KSM:                   0 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:           0\n"
	"VmFlags: rd ex mr mw me \n"
	"7f2f6ef9b000-7f2f6ef9f000 r--p 00000000 00:00 0                          [vvar]\n"
	"Size:                 16 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                   0 kB\n"
	"Pss:                   0 kB\n"
	"Pss_Dirty:             0 kB\n"
	"Shared_Clean:          0 kB\n"
	"Shared_Dirty:          0 kB\n"
	"Private_Clean:         0 kB\n"
	"Private_Dirty:         0 kB\n"
	"Referenced:            0 kB\n"
	"Anonymous:             0 kB\n"
	"KSM:                   0 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:           0\n"
	"VmFlags: rd mr pf io de dd \n"
	"7f2f6ef9f000-7f2f6efa1000 r--p 00000000 00:00 0                          [vvar_vclock]\n"
	"Size:                  8 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                   0 kB\n"
	"Pss:                   0 kB\n"
	"Pss_Dirty:             0 kB\n"
	"Shared_Clean:          0 kB\n"
	"Shared_Dirty:          0 kB\n"
	"Private_Clean:         0 kB\n"
	"Private_Dirty:         0 kB\n"
	"Referenced:            0 kB\n"
	"Anonymous:             0 kB\n"
	"KSM:                   0 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:           0\n"
	"VmFlags: rd mr pf io de dd \n"
	"7f2f6efa1000-7f2f6efa3000 r-xp 00000000 00:00 0                          [vdso]\n"
	"Size:                  8 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                   4 kB\n"
	"Pss:                   0 kB\n"
	"Pss_Dirty:             0 kB\n"
	"Shared_Clean:          4 kB\n"
	"Shared_Dirty:          0 kB\n"
	"Private_Clean:         0 kB\n"
	"Private_Dirty:         0 kB\n"
	"Referenced:            4 kB\n"
	"Anonymous:             0 kB\n"
	"KSM:                   0 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:           0\n"
	"VmFlags: rd ex mr mw me de \n"
	"7ffc7d2ba000-7ffc7d2db000 rw-p 00000000 00:00 0                          [stack]\n"
	"Size:                132 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                  16 kB\n"
	"Pss:                  16 kB\n"
	"Pss_Dirty:            16 kB\n"
	"Shared_Clean:          0 kB\n"
	"Shared_Dirty:          0 kB\n"
	"Private_Clean:         0 kB\n"
	"Private_Dirty:        16 kB\n"
	"Referenced:           16 kB\n"
	"Anonymous:            16 kB\n"
	"KSM:                   0 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:           0\n"
	"VmFlags: rd wr mr mw me gd ac \n"
	"ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]\n"
	"Size:                  4 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                   0 kB\n"
	"Pss:                   0 kB\n"
	"Pss_Dirty:             0 kB\n"
	"Shared_Clean:          0 kB\n"
	"Shared_Dirty:          0 kB\n"
	"Private_Clean:         0 kB\n"
	"Private_Dirty:         0 kB\n"
	"Referenced:            0 kB\n"
	"Anonymous:             0 kB\n"
	"KSM:                   0 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:           0\n"
	"VmFlags: ex \n";

static const struct want cat_want[] = {
	{ 0x55ef2ea9a000, 0x55ef2ea9f000, 0x00002000, 247134, 0xfe, 0x00,
	  "r-xp", "/usr/bin/cat", false,
	  { 20, 4, 4, 20, 20, 0, 0, 0, 20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  "rd ex mr mw me" },
	{ 0x55ef672d5000, 0x55ef672f6000, 0x00000000, 0, 0x00, 0x00,
	  "rw-p", "[heap]", false,
	  { 132, 4, 4, 16, 16, 16, 0, 0, 0, 16, 16, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  "rd wr mr mw me ac" },
	{ 0x7f2f6ed29000, 0x7f2f6ed4b000, 0x00000000, 0, 0x00, 0x00,
	  "rw-p", NULL, false,
	  { 136, 4, 4, 8, 8, 8, 0, 0, 0, 8, 8, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  "rd wr mr mw me ac" },
	{ 0x7f2f6edd2000, 0x7f2f6ef28000, 0x00026000, 332835, 0xfe, 0x00,
	  "r-xp", "/usr/lib/x86_64-linux-gnu/libc.so.6", false,
	  { 1368, 4, 4, 824, 139, 0, 780, 0, 44, 0, 824, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  "rd ex mr mw me" },
	{ 0x7f2f6ef9b000, 0x7f2f6ef9f000, 0x00000000, 0, 0x00, 0x00,
	  "r--p", "[vvar]", false,
	  { 16, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  "rd mr pf io de dd" },
	{ 0x7f2f6ef9f000, 0x7f2f6efa1000, 0x00000000, 0, 0x00, 0x00,
	  "r--p", "[vvar_vclock]", false,
	  { 8, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  "rd mr pf io de dd" },
	{ 0x7f2f6efa1000, 0x7f2f6efa3000, 0x00000000, 0, 0x00, 0x00,
	  "r-xp", "[vdso]", false,
	  { 8, 4, 4, 4, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  "rd ex mr mw me de" },
	{ 0x7ffc7d2ba000, 0x7ffc7d2db000, 0x00000000, 0, 0x00, 0x00,
	  "rw-p", "[stack]", false,
	  { 132, 4, 4, 16, 16, 16, 0, 0, 0, 16, 16, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  "rd wr mr mw me gd ac" },
	{ 0xffffffffff600000, 0xffffffffff601000, 0x00000000, 0, 0x00, 0x00,
	  "--xp", "[vsyscall]", false,
	  { 4, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  "ex" },
};

/* /proc/self/smaps of a program that touched 4 MiB of an
 * madvise(MADV_HUGEPAGE) region, a MAP_SHARED | MAP_ANONYMOUS page (shown as
 * "/dev/zero (deleted)"), mlock()ed 12 KiB and mapped three files: one named
 * "new\nline.dat", one unlinked after mmap, one named "with space.dat"; 6 of
 * its 33 blocks */
static const char cap_smaps[] =
	"7fd7e4600000-7fd7e4a00000 rw-p 00000000 00:00 0 \n"
	"Size:               4096 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                4096 kB\n"
	"Pss:                4096 kB\n"
	"Pss_Dirty:          4096 kB\n"
	"Shared_Clean:          0 kB\n"
	"Shared_Dirty:          0 kB\n"
	"Private_Clean:         0 kB\n"
	"Private_Dirty:      4096 kB\n"
	"Referenced:         4096 kB\n"
	"Anonymous:          4096 kB\n"
	"KSM:                   0 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:      4096 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:           1\n"
	"VmFlags: rd wr mr mw me ac hg \n"
	"7fd7e4f5a000-7fd7e4f5c000 rw-s 00000000 00:01 1047                       /dev/zero (deleted)\n"
	"Size:                  8 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                   4 kB\n"
	"Pss:                   4 kB\n"
	"Pss_Dirty:             4 kB\n"
	"Shared_Clean:          0 kB\n"
	"Shared_Dirty:          0 kB\n"
	"Private_Clean:         0 kB\n"
	"Private_Dirty:         4 kB\n"
	"Referenced:            4 kB\n"
	"Anonymous:             0 kB\n"
	"KSM:                   0 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:           0\n"
	"VmFlags: rd wr sh mr mw me ms \n"
	"7fd7e4f5c000-7fd7e4f5f000 rw-p 00000000 00:00 0 \n"
	"Size:                 12 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                  12 kB\n"
	"Pss:                  12 kB\n"
	"Pss_Dirty:            12 kB\n"
	"Shared_Clean:          0 kB\n"
	"Shared_Dirty:          0 kB\n"
	"Private_Clean:         0 kB\n"
	"Private_Dirty:        12 kB\n"
	"Referenced:           12 kB\n"
	"Anonymous:            12 kB\n"
	"KSM:                   0 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:               12 kB\n"
	"THPeligible:           0\n"
	"VmFlags: rd wr mr mw me lo ac \n"
	"7fd7e5149000-7fd7e514b000 rw-s 00000000 fe:00 10953010                   /tmp/cap/new\\012line.dat\n"
	"Size:                  8 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                   4 kB\n"
	"Pss:                   4 kB\n"
	"Pss_Dirty:             4 kB\n"
	"Shared_Clean:          0 kB\n"
	"Shared_Dirty:          0 kB\n"
	"Private_Clean:         0 kB\n"
	"Private_Dirty:         4 kB\n"
	"Referenced:            4 kB\n"
	"Anonymous:             0 kB\n"
	"KSM:                   0 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:           0\n"
	"VmFlags: rd wr sh mr mw me ms \n"
	"7fd7e514b000-7fd7e514d000 rw-s 00000000 fe:00 10953090                   /tmp/cap/gone.dat (deleted)\n"
	"Size:                  8 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                   4 kB\n"
	"Pss:                   4 kB\n"
	"Pss_Dirty:             4 kB\n"
	"Shared_Clean:          0 kB\n"
	"Shared_Dirty:          0 kB\n"
	"Private_Clean:         0 kB\n"
	"Private_Dirty:         4 kB\n"
	"Referenced:            4 kB\n"
	"Anonymous:             0 kB\n"
	"KSM:                   0 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:           0\n"
	"VmFlags: rd wr sh mr mw me ms \n"
	"7fd7e514d000-7fd7e514f000 rw-s 00000000 fe:00 10952993                   /tmp/cap/with space.dat\n"
	"Size:                  8 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                   4 kB\n"
	"Pss:                   4 kB\n"
	"Pss_Dirty:             4 kB\n"
	"Shared_Clean:          0 kB\n"
	"Shared_Dirty:          0 kB\n"
	"Private_Clean:         0 kB\n"
	"Private_Dirty:         4 kB\n"
	"Referenced:            4 kB\n"
	"Anonymous:             0 kB\n"
	"KSM:                   0 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:           0\n"
	"VmFlags: rd wr sh mr mw me ms \n";

static const struct want cap_want[] = {
	{ 0x7fd7e4600000, 0x7fd7e4a00000, 0x00000000, 0, 0x00, 0x00,
	  "rw-p", NULL, false,
	  { 4096, 4, 4, 4096, 4096, 4096, 0, 0, 0, 4096, 4096, 4096, 0, 4096, 0, 0, 0, 0, 0, 0, 0 },
	  "rd wr mr mw me ac hg" },
	{ 0x7fd7e4f5a000, 0x7fd7e4f5c000, 0x00000000, 1047, 0x00, 0x01,
	  "rw-s", "/dev/zero", true,
	  { 8, 4, 4, 4, 4, 4, 0, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  "rd wr sh mr mw me ms" },
	{ 0x7fd7e4f5c000, 0x7fd7e4f5f000, 0x00000000, 0, 0x00, 0x00,
	  "rw-p", NULL, false,
	  { 12, 4, 4, 12, 12, 12, 0, 0, 0, 12, 12, 12, 0, 0, 0, 0, 0, 0, 0, 0, 12 },
	  "rd wr mr mw me lo ac" },
	{ 0x7fd7e5149000, 0x7fd7e514b000, 0x00000000, 10953010, 0xfe, 0x00,
	  "rw-s", "/tmp/cap/new\\012line.dat", false,
	  { 8, 4, 4, 4, 4, 4, 0, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  "rd wr sh mr mw me ms" },
	{ 0x7fd7e514b000, 0x7fd7e514d000, 0x00000000, 10953090, 0xfe, 0x00,
	  "rw-s", "/tmp/cap/gone.dat", true,
	  { 8, 4, 4, 4, 4, 4, 0, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  "rd wr sh mr mw me ms" },
	{ 0x7fd7e514d000, 0x7fd7e514f000, 0x00000000, 10952993, 0xfe, 0x00,
	  "rw-s", "/tmp/cap/with space.dat", false,
	  { 8, 4, 4, 4, 4, 4, 0, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  "rd wr sh mr mw me ms" },
};

/* Each key summed over the whole text, worked out separately from the
 * tables above (awk over the capture). */
static const unsigned long long cat_sum_kb[SM_COUNT] = {
	1824, 36, 36, 888, 199, 40, 784, 0, 64, 40, 888, 40, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
static const unsigned long long cap_sum_kb[SM_COUNT] = {
	4140, 24, 24, 4124, 4124, 4124, 0, 0, 0, 4124, 4124, 4108, 0, 4096, 0, 0, 0, 0, 0, 0, 12,
};

static const struct {
	const char *label, *text;
	size_t len;
	const struct want *want;
	int n;
	const unsigned long long *sum_kb;
} real[] = {
	{ "cat smaps", cat_smaps, sizeof(cat_smaps) - 1, cat_want,
	  (int)(sizeof(cat_want) / sizeof(cat_want[0])), cat_sum_kb },
	{ "test program smaps", cap_smaps, sizeof(cap_smaps) - 1, cap_want,
	  (int)(sizeof(cap_want) / sizeof(cap_want[0])), cap_sum_kb },
};
#define N_REAL (sizeof(real) / sizeof(real[0]))

/* The header fields of one recorded entry; `text` is what was parsed. */
static void check_map(const char *label, const char *text, const struct rec *r,
		      const struct want *w)
{
	const struct maps_line *m = &r->e.map;

	is_uint(m->start, w->start, "%s: start", label);
	is_uint(m->end, w->end, "%s: end", label);
	is_str(m->perms, w->perms, "%s: perms", label);
	is_uint(m->offset, w->offset, "%s: offset", label);
	is_uint(m->dev_major, w->major, "%s: major", label);
	is_uint(m->dev_minor, w->minor, "%s: minor", label);
	is_uint(m->inode, w->inode, "%s: inode", label);
	if (!w->path)
		is_int(r->path_off, -1, "%s: no path", label);
	else if (ok(r->path_off >= 0, "%s: has a path", label))
		is_mem(text + r->path_off, m->path_len, w->path, strlen(w->path), "%s: path", label);
	is_int(m->deleted, w->deleted, "%s: deleted", label);
}

static void check_entry(const char *label, const char *text, const struct rec *r,
			const struct want *w)
{
	check_map(label, text, r, w);
	is_uint(r->e.have, ALL_KEYS, "%s: have every key", label);
	for (int k = 0; k < SM_COUNT; k++)
		is_uint(r->e.value[k], w->kb[k] * KB, "%s: %s", label, key_name[k]);
	if (ok(r->vmflags_off >= 0, "%s: has VmFlags", label))
		is_mem(text + r->vmflags_off, r->e.vmflags_len, w->vmflags, strlen(w->vmflags),
		       "%s: VmFlags", label);
}

static void test_real(void)
{
	struct coll *c = coll_new();

	for (size_t i = 0; i < N_REAL; i++) {
		int ret = run_n(real[i].text, real[i].len, c);

		is_int(ret, 0, "%s: returns 0", real[i].label);
		is_int(c->calls, real[i].n, "%s: one call per mapping", real[i].label);
		is_int(c->bad_slice, 0, "%s: slices inside the buffer", real[i].label);
		for (int j = 0; j < c->n && j < real[i].n; j++) {
			char label[160];
			const struct want *w = &real[i].want[j];

			snprintf(label, sizeof(label), "%s #%d %s", real[i].label, j,
				 w->path ? w->path : "(anonymous)");
			check_entry(label, real[i].text, &c->rec[j], w);
		}
		for (int k = 0; k < SM_COUNT; k++) {
			unsigned long long sum = 0;

			for (int j = 0; j < c->n; j++)
				sum += c->rec[j].e.value[k];
			is_uint(sum, real[i].sum_kb[k] * KB, "%s: sum of %s", real[i].label,
				key_name[k]);
		}
	}
	free(c);
}

/* The same mappings as a plain maps file: the header lines alone. */
static void test_maps_file(void)
{
	static char maps[4096];
	struct coll *c = coll_new();
	size_t n = 0;
	int ret;

	for (const char *p = cat_smaps; *p; ) {
		const char *nl = strchr(p, '\n');
		size_t len = (size_t)(nl - p) + 1;

		if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')) {
			memcpy(maps + n, p, len);
			n += len;
		}
		p = nl + 1;
	}
	ret = run_n(maps, n, c);
	is_int(ret, 0, "maps file: returns 0");
	is_int(c->calls, real[0].n, "maps file: one call per line");
	for (int j = 0; j < c->n && j < real[0].n; j++) {
		char label[160];
		const struct want *w = &real[0].want[j];

		snprintf(label, sizeof(label), "maps file #%d %s", j, w->path ? w->path : "(anon)");
		check_map(label, maps, &c->rec[j], w);
		is_uint(c->rec[j].e.have, 0, "%s: no keys", label);
		is_int(c->rec[j].vmflags_off, -1, "%s: no VmFlags", label);
	}

	/* The last line without its newline, as a short read leaves it. */
	ret = run_n(maps, n - 1, c);
	is_int(ret, 0, "maps file without the final newline: returns 0");
	if (is_int(c->n, real[0].n, "maps file without the final newline: every line"))
		check_map("maps file without the final newline: last", maps, &c->rec[c->n - 1],
			  &real[0].want[real[0].n - 1]);
	free(c);
}

/* ------------------------------------------------------------------ */

static void check_line(const char *label, const char *text, unsigned long long start,
		       unsigned long long end, const char *perms, unsigned long long offset,
		       unsigned major, unsigned minor, unsigned long long inode, const char *path,
		       bool deleted)
{
	struct line_res r = line(text);

	if (!is_int(r.ret, 0, "%s: parses", label))
		return;
	is_uint(r.m.start, start, "%s: start", label);
	is_uint(r.m.end, end, "%s: end", label);
	is_str(r.m.perms, perms, "%s: perms", label);
	is_uint(r.m.offset, offset, "%s: offset", label);
	is_uint(r.m.dev_major, major, "%s: major", label);
	is_uint(r.m.dev_minor, minor, "%s: minor", label);
	is_uint(r.m.inode, inode, "%s: inode", label);
	if (!path)
		is_int(r.path_off, -1, "%s: no path", label);
	else if (ok(r.path_off >= 0, "%s: has a path", label))
		is_mem(text + r.path_off, r.m.path_len, path, strlen(path), "%s: path", label);
	is_int(r.m.deleted, deleted, "%s: deleted", label);
}

static void test_lines(void)
{
	check_line("path with spaces",
		   "00400000-0040b000 r-xp 00000000 fd:01 1049                       "
		   "/opt/my app/bin/run  tool",
		   0x400000, 0x40b000, "r-xp", 0, 0xfd, 0x01, 1049, "/opt/my app/bin/run  tool",
		   false);
	check_line("deleted memfd",
		   "7f0000000000-7f0000001000 rw-s 00000000 00:01 3                          "
		   "/memfd:ring buf (deleted)",
		   0x7f0000000000, 0x7f0000001000, "rw-s", 0, 0, 1, 3, "/memfd:ring buf", true);
	check_line("\" (deleted)\" inside the path is part of it",
		   "00400000-00401000 r--p 00000000 fd:01 7 /a (deleted)/b",
		   0x400000, 0x401000, "r--p", 0, 0xfd, 1, 7, "/a (deleted)/b", false);
	check_line("only the last \" (deleted)\" is the marker",
		   "00400000-00401000 r--p 00000000 fd:01 7 /a (deleted) (deleted)",
		   0x400000, 0x401000, "r--p", 0, 0xfd, 1, 7, "/a (deleted)", true);
	check_line("\"(deleted)\" without its space is a name",
		   "00400000-00401000 r--p 00000000 fd:01 7 /a(deleted)",
		   0x400000, 0x401000, "r--p", 0, 0xfd, 1, 7, "/a(deleted)", false);
	check_line("path with \\012",
		   "7fd7e5149000-7fd7e514b000 rw-s 00000000 fe:00 10953010                   "
		   "/tmp/cap/new\\012line.dat",
		   0x7fd7e5149000, 0x7fd7e514b000, "rw-s", 0, 0xfe, 0, 10953010,
		   "/tmp/cap/new\\012line.dat", false);
	check_line("path with a tab and trailing spaces, kept as printed",
		   "00400000-00401000 r--p 00000000 fd:01 7 /tmp/a\tb  ",
		   0x400000, 0x401000, "r--p", 0, 0xfd, 1, 7, "/tmp/a\tb  ", false);
	check_line("the padding is spaces only: a tab belongs to the path",
		   "00400000-00401000 r--p 00000000 fd:01 7   \tx",
		   0x400000, 0x401000, "r--p", 0, 0xfd, 1, 7, "\tx", false);
	check_line("[anon:my name]",
		   "7f5a8c000000-7f5a8c021000 rw-p 00000000 00:00 0                          "
		   "[anon:my name]",
		   0x7f5a8c000000, 0x7f5a8c021000, "rw-p", 0, 0, 0, 0, "[anon:my name]", false);
	check_line("[anon_shmem:NAME]",
		   "7f5a8c021000-7f5a8c023000 rw-s 00000000 00:01 2064                       "
		   "[anon_shmem:NAME]",
		   0x7f5a8c021000, 0x7f5a8c023000, "rw-s", 0, 0, 1, 2064, "[anon_shmem:NAME]", false);
	check_line("anonymous, trailing space as the kernel prints it",
		   "7f2f6ed29000-7f2f6ed4b000 rw-p 00000000 00:00 0 ",
		   0x7f2f6ed29000, 0x7f2f6ed4b000, "rw-p", 0, 0, 0, 0, NULL, false);
	check_line("anonymous, no trailing space",
		   "7f2f6ed29000-7f2f6ed4b000 rw-p 00000000 00:00 0",
		   0x7f2f6ed29000, 0x7f2f6ed4b000, "rw-p", 0, 0, 0, 0, NULL, false);
	check_line("anonymous, padded with spaces",
		   "7f2f6ed29000-7f2f6ed4b000 rw-p 00000000 00:00 0                          ",
		   0x7f2f6ed29000, 0x7f2f6ed4b000, "rw-p", 0, 0, 0, 0, NULL, false);
	check_line("major:minor 103:02",
		   "55d0c3a00000-55d0c3a2e000 r--p 00000000 103:02 2622073                   "
		   "/usr/bin/bash",
		   0x55d0c3a00000, 0x55d0c3a2e000, "r--p", 0, 0x103, 0x02, 2622073, "/usr/bin/bash",
		   false);
	check_line("[stack] at 7ffd1c5a1000",
		   "7ffd1c5a1000-7ffd1c5c2000 rw-p 00000000 00:00 0                          [stack]",
		   0x7ffd1c5a1000, 0x7ffd1c5c2000, "rw-p", 0, 0, 0, 0, "[stack]", false);
	check_line("[vsyscall] at the top of the address space",
		   "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  "
		   "[vsyscall]",
		   0xffffffffff600000, 0xffffffffff601000, "--xp", 0, 0, 0, 0, "[vsyscall]", false);
	check_line("32-bit addresses, large offset and inode",
		   "08048000-08049000 r-xp fffff000 08:01 18446744073709551615 /bin/x",
		   0x08048000, 0x08049000, "r-xp", 0xfffff000, 8, 1, 18446744073709551615ull,
		   "/bin/x", false);
	check_line("64-bit offset, no leading zeros",
		   "1000-2000 ---s ffffffffffffffff ffffffff:ffffffff 1 x",
		   0x1000, 0x2000, "---s", 0xffffffffffffffffull, 0xffffffffu, 0xffffffffu, 1, "x",
		   false);
	check_line("zero-length mapping (end == start is not end < start)",
		   "00001000-00001000 ---p 00000000 00:00 0",
		   0x1000, 0x1000, "---p", 0, 0, 0, 0, NULL, false);

	/* A 5000-byte path: pmap 4.0.2 reads maps in 1024-byte lines. */
	static char longline[6000], longpath[5001];
	for (int i = 0; i < 5000; i++)
		longpath[i] = i % 100 == 0 ? '/' : (char)('a' + i % 26);
	snprintf(longline, sizeof(longline),
		 "7f0000000000-7f0000010000 r--p 00001000 fd:01 99                         %s",
		 longpath);
	check_line("5000-byte path", longline, 0x7f0000000000, 0x7f0000010000, "r--p", 0x1000,
		   0xfd, 1, 99, longpath, false);
	strcat(longline, " (deleted)");
	check_line("5000-byte deleted path", longline, 0x7f0000000000, 0x7f0000010000, "r--p",
		   0x1000, 0xfd, 1, 99, longpath, true);
}

static void test_bad_lines(void)
{
	static const struct {
		const char *label, *text;
	} bad[] = {
		{ "empty", "" },
		{ "end < start", "00402000-00401000 r-xp 00000000 fd:01 1 /x" },
		{ "end < start by one", "00401001-00401000 r-xp 00000000 fd:01 1 /x" },
		{ "perms rwz", "00400000-00401000 rwzp 00000000 fd:01 1 /x" },
		{ "perms of 3 chars", "00400000-00401000 rwx 00000000 fd:01 1 /x" },
		{ "perms of 5 chars", "00400000-00401000 rwxps 00000000 fd:01 1 /x" },
		{ "perms share q", "00400000-00401000 rwxq 00000000 fd:01 1 /x" },
		{ "perms upper case", "00400000-00401000 RWXP 00000000 fd:01 1 /x" },
		{ "perms out of order", "00400000-00401000 wrxp 00000000 fd:01 1 /x" },
		{ "missing inode", "00400000-00401000 r-xp 00000000 fd:01" },
		{ "missing inode, trailing space", "00400000-00401000 r-xp 00000000 fd:01 " },
		{ "missing inode, path", "00400000-00401000 r-xp 00000000 fd:01  /x" },
		{ "missing offset", "00400000-00401000 r-xp fd:01 1 /x" },
		{ "missing device", "00400000-00401000 r-xp 00000000 1 /x" },
		{ "missing minor", "00400000-00401000 r-xp 00000000 fd: 1 /x" },
		{ "missing major", "00400000-00401000 r-xp 00000000 :01 1 /x" },
		{ "bad hex in start", "0040g000-00401000 r-xp 00000000 fd:01 1 /x" },
		{ "bad hex in end", "00400000-0040100z r-xp 00000000 fd:01 1 /x" },
		{ "bad hex in offset", "00400000-00401000 r-xp 0000000g fd:01 1 /x" },
		{ "bad hex in major", "00400000-00401000 r-xp 00000000 fg:01 1 /x" },
		{ "upper-case hex", "7FFD1C5A1000-7FFD1C5C2000 rw-p 00000000 00:00 0 [stack]" },
		{ "upper-case hex in end", "7ffd1c5a1000-7FFD1C5C2000 rw-p 00000000 00:00 0 [stack]" },
		{ "0x prefix", "0x400000-0x401000 r-xp 00000000 fd:01 1 /x" },
		{ "start over 64 bits", "1ffffffffffffffff-2ffffffffffffffff r-xp 0 0:0 1 /x" },
		{ "offset over 64 bits", "00400000-00401000 r-xp 10000000000000000 fd:01 1 /x" },
		{ "major over 32 bits", "00400000-00401000 r-xp 00000000 100000000:01 1 /x" },
		{ "minor over 32 bits", "00400000-00401000 r-xp 00000000 fd:100000000 1 /x" },
		{ "inode over 64 bits", "00400000-00401000 r-xp 00000000 fd:01 18446744073709551616" },
		{ "negative inode", "00400000-00401000 r-xp 00000000 fd:01 -1 /x" },
		{ "junk glued to the inode", "00400000-00401000 r-xp 00000000 fd:01 12a /x" },
		{ "hex inode", "00400000-00401000 r-xp 00000000 fd:01 ff /x" },
		{ "no dash", "00400000 00401000 r-xp 00000000 fd:01 1 /x" },
		{ "start only", "00400000" },
		{ "start and dash", "00400000-" },
		{ "no perms", "00400000-00401000" },
		{ "dash in the device", "00400000-00401000 r-xp 00000000 fd-01 1 /x" },
		{ "leading space", " 00400000-00401000 r-xp 00000000 fd:01 1 /x" },
		{ "two spaces before perms", "00400000-00401000  r-xp 00000000 fd:01 1 /x" },
		{ "tab before perms", "00400000-00401000\tr-xp 00000000 fd:01 1 /x" },
		{ "two spaces before the inode", "00400000-00401000 r-xp 00000000 fd:01  1 /x" },
		{ "tab before the path", "00400000-00401000 r-xp 00000000 fd:01 1\t/x" },
		{ "a key line", "Size:                  4 kB" },
		{ "garbage", "hello world" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct line_res r = line(bad[i].text);

		is_int(r.ret, -EINVAL, "bad line (%s): -EINVAL", bad[i].label);
		ok(r.m.start == 0 && r.m.end == 0 && r.m.perms[0] == 0 && r.path_off == -1 &&
		   r.m.path_len == 0 && !r.m.deleted, "bad line (%s): result cleared", bad[i].label);
	}

	/* The same lines in smaps, after a good block. */
	struct coll *c = coll_new();
	char buf[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int n = snprintf(buf, sizeof(buf), "00400000-00401000 r--p 00000000 00:00 0\n"
				 "Rss:  4 kB\n%s\nSize:  4 kB\n", bad[i].text);
		int ret = run_n(buf, (size_t)n, c);

		/* An empty line is skipped, so that one ends well. */
		if (!bad[i].text[0]) {
			is_int(ret, 0, "smaps, blank line: skipped");
			is_uint(c->rec[0].e.have, 1u << SM_RSS | 1u << SM_SIZE,
				"smaps, blank line: keys on either side count");
			continue;
		}
		/* A key line there is just a key. */
		if (bad[i].text[0] == 'S') {
			is_int(ret, 0, "smaps, a key line: a key");
			continue;
		}
		is_int(ret, -EINVAL, "smaps, bad line (%s): -EINVAL", bad[i].label);
		/* A bad header ends the block before it, which is complete
		 * and delivered; a line that is no header may be part of
		 * the block, which is then not. */
		if (bad[i].text[0] >= '0' && bad[i].text[0] <= '9') {
			is_int(c->calls, 1, "smaps, bad header (%s): the block before it delivered",
			       bad[i].label);
			is_uint(c->rec[0].e.have, 1u << SM_RSS,
				"smaps, bad header (%s): with its own keys only", bad[i].label);
		} else {
			is_int(c->calls, 0, "smaps, bad line (%s): its block not delivered",
			       bad[i].label);
		}
	}
	free(c);
}

/* ------------------------------------------------------------------ */

static void test_key_names(void)
{
	struct coll *c = coll_new();
	char buf[256];

	for (int k = 0; k < SM_COUNT; k++) {
		int n;

		is_str(smaps_key_name((enum smaps_key)k), key_name[k], "smaps_key_name(%d)", k);
		n = snprintf(buf, sizeof(buf), "00400000-00401000 r--p 00000000 00:00 0\n"
			     "%s:  %d kB\n", key_name[k], 3 + k);
		if (is_int(run_n(buf, (size_t)n, c), 0, "%s alone: parses", key_name[k]) &&
		    is_int(c->n, 1, "%s alone: one entry", key_name[k])) {
			unsigned long long sum = 0;

			is_uint(c->rec[0].e.have, 1u << k, "%s alone: have", key_name[k]);
			is_uint(c->rec[0].e.value[k], (3ull + (unsigned)k) * KB, "%s alone: value",
				key_name[k]);
			for (int j = 0; j < SM_COUNT; j++)
				sum += c->rec[0].e.value[j];
			is_uint(sum, (3ull + (unsigned)k) * KB, "%s alone: other keys 0", key_name[k]);
		}
	}
	is_str(smaps_key_name(SM_COUNT), NULL, "smaps_key_name(SM_COUNT) is NULL");
	is_str(smaps_key_name((enum smaps_key)-1), NULL, "smaps_key_name(-1) is NULL");

	/* Near misses of every name (and of VmFlags) are unknown keys. */
	static const char *const extra[] = { "VmFlags" };
	for (int k = 0; k <= SM_COUNT; k++) {
		const char *name = k < SM_COUNT ? key_name[k] : extra[0];
		size_t len = strlen(name);
		char v[64];

		for (int variant = 0; variant < 5; variant++) {
			int n;

			memcpy(v, name, len + 1);
			switch (variant) {
			case 0:   /* one short */
				v[len - 1] = '\0';
				break;
			case 1:   /* one long */
				v[len] = 'x';
				v[len + 1] = '\0';
				break;
			case 2:   /* first letter's case */
				v[0] = (char)(v[0] ^ 0x20);
				break;
			case 3:   /* the middle letter changed */
				v[len / 2] = v[len / 2] == '_' ? '-' : (char)(v[len / 2] ^ 0x20);
				break;
			case 4:   /* the last letter changed */
				v[len - 1] = v[len - 1] == 'z' ? 'y' : (char)(v[len - 1] + 1);
				break;
			}
			n = snprintf(buf, sizeof(buf), "00400000-00401000 r--p 00000000 00:00 0\n"
				     "%s:  5 kB\n", v);
			int ret = run_n(buf, (size_t)n, c);
			/* A first letter made lower case is not a key line. */
			if (variant == 2) {
				is_int(ret, -EINVAL, "\"%s\": not a key line", v);
				continue;
			}
			ok(ret == 0 && c->n == 1 && c->rec[0].e.have == 0 &&
			   c->rec[0].vmflags_off == -1, "\"%s\" is not \"%s\"", v, name);
		}
	}
	free(c);
}

static void test_values(void)
{
	struct coll *c = coll_new();
	char buf[256];
	static const struct {
		const char *value;
		unsigned long long bytes;
	} good[] = {
		{ " 0 kB", 0 },
		{ "                  16 kB", 16 * KB },
		{ "\t12 kB", 12 * KB },
		{ " 12 kB  ", 12 * KB },
		{ " 12   kB", 12 * KB },
		{ " 000012 kB", 12 * KB },
		{ " 18014398509481983 kB", 18014398509481983ull * KB },
	};
	static const char *const bad[] = {
		"", " ", " kB", " 12", " 12 ", " 12 k", " 12 KB", " 12 MB", " 12kB", " 12\tkB",
		" -1 kB", " +1 kB", " 1x kB", " 0x10 kB", " 12 kB x", " 12 kBB", " 12 kB 3",
		" 12.5 kB", " 18014398509481984 kB", " 99999999999999999999 kB", " 1 2 kB",
	};

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		int n = snprintf(buf, sizeof(buf), "00400000-00401000 r--p 00000000 00:00 0\n"
				 "Size:  4 kB\nRss:%s\nPss:  8 kB\n", good[i].value);

		if (!is_int(run_n(buf, (size_t)n, c), 0, "Rss:\"%s\": parses", good[i].value) ||
		    c->n != 1)
			continue;
		is_uint(c->rec[0].e.have, 1u << SM_SIZE | 1u << SM_RSS | 1u << SM_PSS,
			"Rss:\"%s\": have", good[i].value);
		is_uint(c->rec[0].e.value[SM_RSS], good[i].bytes, "Rss:\"%s\": value", good[i].value);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int n = snprintf(buf, sizeof(buf), "00400000-00401000 r--p 00000000 00:00 0\n"
				 "Size:  4 kB\nRss:%s\nPss:  8 kB\n", bad[i]);

		if (!is_int(run_n(buf, (size_t)n, c), 0, "Rss:\"%s\": the parse goes on", bad[i]) ||
		    c->n != 1)
			continue;
		is_uint(c->rec[0].e.have, 1u << SM_SIZE | 1u << SM_PSS,
			"Rss:\"%s\": left out of have", bad[i]);
		is_uint(c->rec[0].e.value[SM_RSS], 0, "Rss:\"%s\": reads 0", bad[i]);
		is_uint(c->rec[0].e.value[SM_SIZE], 4 * KB, "Rss:\"%s\": Size before it kept", bad[i]);
		is_uint(c->rec[0].e.value[SM_PSS], 8 * KB, "Rss:\"%s\": Pss after it kept", bad[i]);
	}

	/* The kernel prints each key once; if one came twice, the last
	 * line would decide, a bad one included. */
	run("00400000-00401000 r--p 00000000 00:00 0\nRss: 4 kB\nRss: 8 kB\n", c);
	is_uint(c->rec[0].e.value[SM_RSS], 8 * KB, "Rss twice: the last one");
	run("00400000-00401000 r--p 00000000 00:00 0\nRss: 4 kB\nRss: x kB\n", c);
	is_uint(c->rec[0].e.have, 0, "Rss twice, the last bad: left out");
	is_uint(c->rec[0].e.value[SM_RSS], 0, "Rss twice, the last bad: reads 0");

	/* VmFlags: the flags without the blanks around them. */
	static const char vmf[] =
		"00400000-00401000 r--p 00000000 00:00 0\nVmFlags: rd wr mr mw me ac \n";
	run(vmf, c);
	if (ok(c->n == 1 && c->rec[0].vmflags_off >= 0, "VmFlags: present"))
		is_mem(&vmf[c->rec[0].vmflags_off], c->rec[0].e.vmflags_len, "rd wr mr mw me ac", 17,
		       "VmFlags: the flags");
	run("00400000-00401000 r--p 00000000 00:00 0\nVmFlags:\n", c);
	ok(c->n == 1 && c->rec[0].vmflags_off == 40 + 8 && c->rec[0].e.vmflags_len == 0,
	   "VmFlags without flags: present, empty, at the end of its line");
	run("00400000-00401000 r--p 00000000 00:00 0\nVmFlags:   \t \n", c);
	ok(c->n == 1 && c->rec[0].vmflags_off >= 0 && c->rec[0].e.vmflags_len == 0,
	   "VmFlags with blanks only: present, empty");
	run("00400000-00401000 r--p 00000000 00:00 0\nSize: 4 kB\n", c);
	ok(c->n == 1 && c->rec[0].vmflags_off == -1 && c->rec[0].e.vmflags_len == 0,
	   "no VmFlags line: NULL");
	free(c);
}

static void test_unknown_keys(void)
{
	/* The heap block of the cat capture with keys the parser does not
	 * know spread through it. */
	static const char text[] =
		"55ef672d5000-55ef672f6000 rw-p 00000000 00:00 0                          [heap]\n"
		"FutureKey:            12 kB\n"
		"Size:                132 kB\n"
		"KernelPageSize:        4 kB\n"
		"Sizes:                 1 kB\n"
		"MMUPageSize:           4 kB\n"
		"Rss:                  16 kB\n"
		"RSS:                  99 kB\n"
		"Pss:                  16 kB\n"
		"Pss_Anon:             77 kB\n"
		"Pss_File:             77 kB\n"
		"Pss_Shmem:            77 kB\n"
		"Pss_Dirty:            16 kB\n"
		"Shared_Clean:          0 kB\n"
		"Shared_Dirty:          0 kB\n"
		"Private_Clean:         0 kB\n"
		"Private_Dirty:        16 kB\n"
		"Referenced:           16 kB\n"
		"Anonymous:            16 kB\n"
		"KSM:                   5 kB\n"
		"LazyFree:              0 kB\n"
		"AnonHugePages:         0 kB\n"
		"ShmemPmdMapped:        0 kB\n"
		"FilePmdMapped:         0 kB\n"
		"Shared_Hugetlb:        0 kB\n"
		"Private_Hugetlb:       0 kB\n"
		"Swap:                  0 kB\n"
		"SwapPss:               0 kB\n"
		"Locked:                0 kB\n"
		"THPeligible:           0\n"
		"ProtectionKey:         0\n"
		"Size                  44 kB\n"
		"Rss 55 kB\n"
		"X:\n"
		"Z\n"
		"VmFlags: rd wr mr mw me ac \n"
		"Future_Flags: a b c\n";
	struct coll *c = coll_new();
	int ret = run_n(text, sizeof(text) - 1, c);

	is_int(ret, 0, "unknown keys: parse succeeds");
	if (is_int(c->n, 1, "unknown keys: one entry"))
	{
		struct want w = cat_want[1];
		/* run_n() parses a copy it frees: the slices checked here must
		 * point into a buffer that lives on. */
		struct coll *kept = coll_new();
		const struct smaps_entry *e = &kept->rec[0].e;

		kept->base = text;
		kept->len = sizeof(text) - 1;
		is_int(smaps_parse(text, sizeof(text) - 1, collect, kept), 0, "unknown keys: parsed in place");

		w.kb[SM_KSM] = 5;   /* known since KSM got a column */
		check_entry("unknown keys", text, &c->rec[0], &w);
		is_int(e->thp_eligible, 0, "THPeligible: 0");
		/* Lines with a colon travel on as written, the first eight of
		 * the nine here; lines without one are dropped. */
		if (is_int(e->nextra, SMAPS_EXTRA_MAX, "unknown keys: the first eight kept")) {
			is_mem(e->extra[0].key, e->extra[0].key_len, "FutureKey", 9, "extra 1: key");
			is_mem(e->extra[0].text, e->extra[0].text_len, "12 kB", 5, "extra 1: value");
			is_mem(e->extra[6].key, e->extra[6].key_len, "ProtectionKey", 13, "extra 7: key");
			is_mem(e->extra[6].text, e->extra[6].text_len, "0", 1, "extra 7: value");
			is_mem(e->extra[7].key, e->extra[7].key_len, "X", 1, "extra 8: key");
			is_int((long long)e->extra[7].text_len, 0, "extra 8: empty value");
		}
		free(kept);
	}
	free(c);
}

/* ------------------------------------------------------------------ */

static void test_stop(void)
{
	struct coll *c = coll_new();
	int ret;

	c->stop_at = 3;
	c->stop_value = 7;
	ret = run(cat_smaps, c);
	is_int(ret, 7, "stop at the 3rd entry: its value returned");
	is_int(c->calls, 3, "stop at the 3rd entry: no more calls");

	c->stop_at = 1;
	c->stop_value = -42;
	ret = run(cat_smaps, c);
	is_int(ret, -42, "stop at the 1st entry with -42: returned");
	is_int(c->calls, 1, "stop at the 1st entry: no more calls");

	c->stop_at = 9;
	c->stop_value = 1;
	ret = run(cat_smaps, c);
	is_int(ret, 1, "stop at the last entry: returned");
	is_int(c->calls, 9, "stop at the last entry: 9 calls");

	/* A stop wins over a bad line after it. */
	c->stop_at = 1;
	c->stop_value = 5;
	ret = run("00400000-00401000 r--p 00000000 00:00 0\nSize: 4 kB\n~bogus\n", c);
	is_int(ret, -EINVAL, "a bad line inside the first block: -EINVAL, found before the stop");
	is_int(c->calls, 0, "a bad line inside the first block: no call");
	ret = run("00400000-00401000 r--p 00000000 00:00 0\n00402000-00401000 r--p 0 0:0 0\n", c);
	is_int(ret, 5, "stop at the entry before a bad header: the stop value");
	is_int(c->calls, 1, "stop before a bad header: 1 call");

	c->stop_at = 0;
	ret = run(cat_smaps, c);
	is_int(ret, 0, "no stop: 0");
	is_int(c->calls, 9, "no stop: 9 calls");
	free(c);
}

static void test_shapes(void)
{
	struct coll *c = coll_new();
	int ret;

	ret = run_n("", 0, c);
	is_int(ret, 0, "empty buffer: 0");
	is_int(c->calls, 0, "empty buffer: no calls");
	ret = smaps_parse(NULL, 0, collect, c);
	is_int(ret, 0, "NULL, 0: 0");
	struct maps_line m;
	is_int(maps_parse_line(NULL, 0, &m), -EINVAL, "maps_parse_line(NULL, 0): -EINVAL");
	ret = run("\n\n\n", c);
	is_int(ret, 0, "blank lines: 0");
	is_int(c->calls, 0, "blank lines: no calls");

	ret = run("Size:                  8 kB\n", c);
	is_int(ret, -EINVAL, "a key line before any header: -EINVAL");
	is_int(c->calls, 0, "a key line before any header: no calls");
	ret = run("\nVmFlags: rd\n00400000-00401000 r--p 00000000 00:00 0\n", c);
	is_int(ret, -EINVAL, "VmFlags before any header: -EINVAL");
	ret = run("THPeligible:    0\n00400000-00401000 r--p 00000000 00:00 0\n", c);
	is_int(ret, -EINVAL, "an unknown key line before any header: -EINVAL");
	static const char *const neither[] = { " Size: 4 kB", "# comment", "_x", "\xff", "~" };
	for (size_t i = 0; i < sizeof(neither) / sizeof(neither[0]); i++) {
		char buf[128];
		int n = snprintf(buf, sizeof(buf), "00400000-00401000 r--p 00000000 00:00 0\n"
				 "Size: 4 kB\n%s\n", neither[i]);

		ret = run_n(buf, (size_t)n, c);
		is_int(ret, -EINVAL, "a line neither header nor key (\"%s\"): -EINVAL", neither[i]);
	}
	ret = run_n("00400000-00401000 r--p 00000000 00:00 0\n\0Size: 4 kB\n", 52, c);
	is_int(ret, -EINVAL, "a line starting with NUL: -EINVAL");

	ret = run("00400000-00401000 r--p 00000000 00:00 0\nSize: 4 kB\n\n\n"
		  "00401000-00402000 r--p 00000000 00:00 0\n\nRss: 8 kB", c);
	is_int(ret, 0, "blank lines between blocks, no final newline: 0");
	if (is_int(c->n, 2, "blank lines between blocks: 2 entries")) {
		is_uint(c->rec[0].e.have, 1u << SM_SIZE, "first entry: Size only");
		is_uint(c->rec[1].e.have, 1u << SM_RSS, "second entry: Rss only");
		is_uint(c->rec[1].e.value[SM_RSS], 8 * KB, "second entry: Rss without newline");
	}

	/* A 5000-byte path inside smaps: the key lines after it belong to
	 * it and the next block is found (pmap 4.0.2 prints a bogus row). */
	static char buf[8000];
	size_t n = (size_t)snprintf(buf, sizeof(buf),
				    "7f0000000000-7f0000010000 r--p 00001000 fd:01 99 /");
	for (int i = 1; i < 5000; i++)
		buf[n++] = i % 100 == 0 ? '/' : 'p';
	n += (size_t)snprintf(buf + n, sizeof(buf) - n,
			      " (deleted)\nSize: 64 kB\nRss: 12 kB\nVmFlags: rd mr\n"
			      "7f0000010000-7f0000020000 rw-p 00000000 00:00 0 \nSize: 64 kB\n");
	ret = run_n(buf, n, c);
	is_int(ret, 0, "5000-byte path in smaps: 0");
	if (is_int(c->n, 2, "5000-byte path in smaps: 2 entries")) {
		is_int(c->rec[0].path_off, 49, "5000-byte path: starts after the inode");
		is_uint(c->rec[0].e.map.path_len, 5000, "5000-byte path: length");
		is_int(c->rec[0].e.map.deleted, 1, "5000-byte path: deleted");
		is_uint(c->rec[0].e.have, 1u << SM_SIZE | 1u << SM_RSS, "5000-byte path: its keys");
		is_uint(c->rec[0].e.value[SM_RSS], 12 * KB, "5000-byte path: Rss");
		is_uint(c->rec[1].e.map.start, 0x7f0000010000, "after the 5000-byte path: start");
		is_int(c->rec[1].path_off, -1, "after the 5000-byte path: anonymous");
		is_uint(c->rec[1].e.have, 1u << SM_SIZE, "after the 5000-byte path: its keys");
	}
	free(c);
}

static void test_unescape(void)
{
	char out[64];
	size_t n;

	n = maps_unescape_path(out, "/tmp/cap/new\\012line.dat", 24);
	is_mem(out, n, "/tmp/cap/new\nline.dat", 21, "\\012 decoded");
	is_int(out[n], 0, "\\012: NUL-terminated");
	n = maps_unescape_path(out, "\\012\\012x\\012", 13);
	is_mem(out, n, "\n\nx\n", 4, "\\012 at both ends and twice in a row");
	n = maps_unescape_path(out, "/a\\b\\01\\0123\\11\\\\012", 20);
	is_mem(out, n, "/a\\b\\01\n3\\11\\\n", 14, "other backslashes copied as is");
	n = maps_unescape_path(out, "/x\\01", 5);
	is_mem(out, n, "/x\\01", 5, "\\01 cut at the end: copied");
	n = maps_unescape_path(out, "/x\\012y", 5);
	is_mem(out, n, "/x\\01", 5, "\\012 cut by len: copied, nothing read past len");
	n = maps_unescape_path(out, "[heap]", 6);
	is_mem(out, n, "[heap]", 6, "no escape: copied");
	n = maps_unescape_path(out, "", 0);
	is_int((long long)n, 0, "empty: 0");
	is_int(out[0], 0, "empty: NUL-terminated");

	/* On the real capture's path, from a heap copy. */
	struct coll *c = coll_new();
	if (run(cap_smaps, c) == 0 && c->n == 6) {
		char *copy = heap_copy(cap_smaps + c->rec[3].path_off, c->rec[3].e.map.path_len);

		n = maps_unescape_path(out, copy, c->rec[3].e.map.path_len);
		is_str(out, "/tmp/cap/new\nline.dat", "real capture: \\012 decoded");
		free(copy);
	} else {
		ok(0, "real capture: parse for unescape");
	}
	free(c);
}

/* ------------------------------------------------------------------ */
/* Every prefix of a text, from an exact-size heap copy and from a copy
 * ending at an unreadable page.  Where each line ends is worked out
 * here without the parser, so the outcome of each cut is predicted:
 *
 * - a cut inside a header before its inode's first digit: -EINVAL,
 *   after every earlier block was delivered;
 * - otherwise: every block begun so far is delivered, all but the last
 *   equal to the full parse's; the last has the keys whose line is
 *   complete, with their full values, and its header equals the full
 *   one once the header's line is complete. */

struct block {
	size_t hs, he;        /* header line: start, end (its '\n' or the end) */
	size_t valid;         /* a prefix this long parses as a header */
	size_t kend[SM_COUNT];/* end of each key's line; 0: no such line */
	size_t vf, vfend;     /* just past "VmFlags:", end of its line; 0: none */
};

#define MAX_BLOCKS 64

static int find_blocks(const char *text, size_t len, struct block *b)
{
	int nb = 0;

	for (size_t i = 0; i < len; ) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t colon = i;

		while (colon < end && text[colon] != ':')
			colon++;
		if ((text[i] >= '0' && text[i] <= '9') || (text[i] >= 'a' && text[i] <= 'f')) {
			size_t p = i;
			int spaces = 0;

			if (nb == MAX_BLOCKS)
				abort();
			memset(&b[nb], 0, sizeof(b[nb]));
			b[nb].hs = i;
			b[nb].he = end;
			/* The inode follows the fourth single space. */
			while (p < end && spaces < 4)
				if (text[p++] == ' ')
					spaces++;
			b[nb].valid = p + 1;
			nb++;
		} else if (nb > 0 && colon < end) {
			for (int k = 0; k < SM_COUNT; k++)
				if (colon - i == strlen(key_name[k]) &&
				    memcmp(text + i, key_name[k], colon - i) == 0)
					b[nb - 1].kend[k] = end;
			if (colon - i == 7 && memcmp(text + i, "VmFlags", 7) == 0) {
				b[nb - 1].vf = colon + 1;
				b[nb - 1].vfend = end;
			}
		}
		i = end + 1;
	}
	return nb;
}

/* Whether `r`, parsed from the first `n` bytes, is what the prefix
 * should give for the block `b` whose full parse is `f`. */
static bool last_ok(const struct rec *r, const struct rec *f, const struct block *b, size_t n)
{
	const struct maps_line *x = &r->e.map, *y = &f->e.map;

	if (x->start != y->start || x->end != y->end || x->offset != y->offset ||
	    x->dev_major != y->dev_major || x->dev_minor != y->dev_minor ||
	    strcmp(x->perms, y->perms) != 0 || x->inode > y->inode)
		return false;
	if (n >= b->he) {
		if (x->inode != y->inode || r->path_off != f->path_off ||
		    x->path_len != y->path_len || x->deleted != y->deleted)
			return false;
	} else if (r->path_off >= 0) {
		/* A cut path runs from where the full one starts to the cut. */
		size_t raw = x->path_len + (x->deleted ? DELETED_LEN : 0);

		if (r->path_off != f->path_off || (size_t)r->path_off + raw != n)
			return false;
	}
	for (int k = 0; k < SM_COUNT; k++) {
		bool want = b->kend[k] && b->kend[k] <= n && (f->e.have & (1u << k));

		if (!!(r->e.have & (1u << k)) != want)
			return false;
		if (r->e.value[k] != (want ? f->e.value[k] : 0))
			return false;
	}
	if (!b->vf || n < b->vf)
		return r->vmflags_off == -1;
	if (n >= b->vfend)
		return r->vmflags_off == f->vmflags_off && r->e.vmflags_len == f->e.vmflags_len;
	return r->vmflags_off >= 0 && (r->e.vmflags_len == 0 ||
		(r->vmflags_off == f->vmflags_off && r->e.vmflags_len <= f->e.vmflags_len));
}

static void test_prefixes(const char *label, const char *text, size_t len)
{
	static struct block b[MAX_BLOCKS];
	struct coll *full = coll_new(), *h = coll_new(), *g = coll_new();
	struct guard gd;
	size_t bad_ret = SIZE_MAX, bad_count = SIZE_MAX, bad_before = SIZE_MAX;
	size_t bad_last = SIZE_MAX, differ = SIZE_MAX, bad_slice = SIZE_MAX;
	int nb = find_blocks(text, len, b), einval = 0;

	if (guard_init(&gd, len) < 0) {
		ok(0, "%s: mmap guard page", label);
		return;
	}
	is_int(run_on(text, len, full), 0, "%s: full parse", label);
	is_int(full->n, nb, "%s: full parse has every block", label);
	for (size_t n = 0; n <= len; n++) {
		int rh = run_n(text, n, h);
		int rg = run_on(guard_place(&gd, text, n), n, g);
		int begun = 0;

		while (begun < nb && b[begun].hs < n)
			begun++;
		bool cut_header = begun > 0 && n < b[begun - 1].valid;

		if (!coll_equal(rh, h, rg, g) && differ == SIZE_MAX)
			differ = n;
		if ((h->bad_slice || g->bad_slice) && bad_slice == SIZE_MAX)
			bad_slice = n;
		if (rh != (cut_header ? -EINVAL : 0) && bad_ret == SIZE_MAX) {
			bad_ret = n;
			diag("%s: prefix %zu returned %d", label, n, rh);
		}
		einval += rh == -EINVAL;
		if (h->calls != (cut_header ? begun - 1 : begun) && bad_count == SIZE_MAX) {
			bad_count = n;
			diag("%s: prefix %zu: %d calls for %d blocks begun", label, n, h->calls, begun);
		}
		int whole = cut_header ? h->n : h->n - 1;
		for (int i = 0; i < whole; i++)
			if (!rec_equal(&h->rec[i], &full->rec[i]) && bad_before == SIZE_MAX) {
				bad_before = n;
				diag("%s: prefix %zu: entry %d differs from the full parse", label, n, i);
			}
		if (!cut_header && h->n > 0 && h->n <= nb &&
		    !last_ok(&h->rec[h->n - 1], &full->rec[h->n - 1], &b[h->n - 1], n) &&
		    bad_last == SIZE_MAX) {
			bad_last = n;
			diag("%s: prefix %zu: the cut entry is not a prefix of the full one", label, n);
		}
	}
	guard_release(&gd);
	ok(bad_ret == SIZE_MAX, "%s: prefixes 0..%zu: -EINVAL exactly for a header cut before "
	   "its inode (%d of them), else 0", label, len, einval);
	ok(bad_count == SIZE_MAX, "%s: prefixes: one call per block begun", label);
	ok(bad_before == SIZE_MAX, "%s: prefixes: entries before the cut equal the full parse",
	   label);
	ok(bad_last == SIZE_MAX, "%s: prefixes: the cut entry has what its complete lines say",
	   label);
	ok(bad_slice == SIZE_MAX, "%s: prefixes: slices inside the prefix", label);
	ok(differ == SIZE_MAX, "%s: prefixes against a guard page give the same results", label);
	free(full);
	free(h);
	free(g);
}

static void test_all_prefixes(void)
{
	static char buf[8000];
	size_t n;

	for (size_t i = 0; i < N_REAL; i++)
		test_prefixes(real[i].label, real[i].text, real[i].len);

	n = (size_t)snprintf(buf, sizeof(buf), "00400000-00401000 r--p 00000000 fd:01 77 /");
	for (int i = 1; i < 5000; i++)
		buf[n++] = i % 100 == 0 ? '/' : 'q';
	n += (size_t)snprintf(buf + n, sizeof(buf) - n,
			      " (deleted)\nSize: 4 kB\nRss: 4 kB\nVmFlags: rd mr \n"
			      "00401000-00402000 rw-p 00000000 00:00 0 \nSize: 4 kB");
	test_prefixes("5000-byte path, no final newline", buf, n);
}

/* Random text against a guard page: no crash, no over-read, and what
 * comes back is in range.  Each line starts like a header or a key
 * line, or not at all, and goes on with random pieces. */

static uint32_t rnd(uint32_t *seed, uint32_t n)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) % n;
}

static void test_random(void)
{
	static const char *const head[] = {
		"7f00-7f01 r-xp 0 fd:01 9", "7f00-7f01 r-xp 0 fd:01 9 ", "0-ffffffffffffffff rw-s 1 0:0 0",
		"Rss:", "Size:", "Swap:", "Locked:", "VmFlags:", "THPeligible:", "Rss", "",
	};
	static const char *const frag[] = {
		" 12 kB", " 3 kB", " kB", " 4", " rd", " wr", "99999999999999999999", " (deleted)",
		" /lib/x", " [heap]", "\\012", "x", "\t", " ", "  ", "-", ":", "\xff", "ffff", "0",
		"r-xp", "fd:01",
	};
#define N_HEAD (sizeof(head) / sizeof(head[0]))
#define N_FRAG (sizeof(frag) / sizeof(frag[0]))
	struct guard gd;
	struct coll *c = coll_new();
	uint32_t seed = 4242;
	int bad = 0, entries = 0, failed = 0;
	unsigned seen = 0;

	if (guard_init(&gd, 512) < 0) {
		ok(0, "random input: mmap guard page");
		free(c);
		return;
	}
	for (int iter = 0; iter < 50000; iter++) {
		char tmp[512];
		size_t n = 0;
		uint32_t lines = 1 + rnd(&seed, 8);
		int ret;

		for (uint32_t l = 0; l < lines; l++) {
			const char *h = head[l == 0 && rnd(&seed, 4) ? 0 : rnd(&seed, N_HEAD)];
			uint32_t pieces = rnd(&seed, 4);
			size_t hl = strlen(h);

			if (n + hl + 1 > sizeof(tmp))
				break;
			memcpy(tmp + n, h, hl);
			n += hl;
			for (uint32_t i = 0; i < pieces; i++) {
				const char *fr = frag[rnd(&seed, N_FRAG)];
				size_t fl = strlen(fr);

				if (n + fl + 1 > sizeof(tmp))
					break;
				memcpy(tmp + n, fr, fl);
				n += fl;
			}
			if (l + 1 < lines || rnd(&seed, 2))
				tmp[n++] = '\n';
		}
		ret = run_on(guard_place(&gd, tmp, n), n, c);
		if ((ret != 0 && ret != -EINVAL) || c->bad_slice)
			bad++;
		failed += ret == -EINVAL;
		for (int i = 0; i < c->n; i++) {
			const struct smaps_entry *e = &c->rec[i].e;

			entries++;
			seen |= e->have;
			if (e->map.end < e->map.start || strlen(e->map.perms) != 4 ||
			    (e->have & ~ALL_KEYS))
				bad++;
			for (int k = 0; k < SM_COUNT; k++)
				if (e->value[k] % KB || (!(e->have & (1u << k)) && e->value[k]))
					bad++;
		}
	}
	guard_release(&gd);
	free(c);
	is_int(bad, 0, "50000 random inputs: results in range");
	ok(entries > 10000 && failed > 1000 && failed < 49000,
	   "random inputs: %d entries, %d inputs rejected", entries, failed);
	is_uint(seen, 1u << SM_RSS | 1u << SM_SIZE | 1u << SM_SWAP | 1u << SM_LOCKED,
		"random inputs: every key in the fragments was parsed at least once");
}

int main(void)
{
	test_real();
	test_maps_file();
	test_lines();
	test_bad_lines();
	test_key_names();
	test_values();
	test_unknown_keys();
	test_stop();
	test_shapes();
	test_unescape();
	test_all_prefixes();
	test_random();
	return done_testing();
}
