/* fdcache.h - task files kept open between refreshes.
 *
 * A refresh that re-reads an open /proc file with pread() at offset 0
 * costs one system call instead of three (open, read, close), about half
 * the CPU of a scan.  Each open task file holds a struct file and, once
 * read, a page of kernel memory (about 4.5 KiB in all), so the cache is
 * bounded; files past the bound are opened and closed as usual. */
#ifndef LWPS_FDCACHE_H
#define LWPS_FDCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fdcache_entry;

struct fdcache {
	struct fdcache_entry *slots;
	size_t nslots;           /* a power of two, or 0 when disabled */
	size_t used;             /* live entries */
	size_t limit;            /* at most this many open files */
	unsigned gen;            /* the scan in progress */
};

/* Enables the cache for at most `limit` files (0 disables it). */
void fdcache_init(struct fdcache *c, size_t limit);
/* Closes every file. */
void fdcache_release(struct fdcache *c);

/* The open file for `key`, marked as seen in this scan, or -1. */
int fdcache_get(struct fdcache *c, uint64_t key);
/* Keeps `fd` for `key`; false (the caller closes it) when full. */
bool fdcache_put(struct fdcache *c, uint64_t key, int fd);
/* Closes and forgets the file for `key` (its task is gone). */
void fdcache_drop(struct fdcache *c, uint64_t key);

/* Starts a scan; ending it closes the files no lookup asked for. */
void fdcache_begin(struct fdcache *c);
void fdcache_end(struct fdcache *c);

#endif
