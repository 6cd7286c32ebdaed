/* elf_cache.h - what mapped ELF files' program headers say, kept across
 * refreshes, so that a file is opened and read once and then only
 * recognised by a stat.  An entry is found by the file's device and inode
 * and holds while its size, mtime and ctime are those it was read with;
 * at most a bound of them are kept, the least recently used given up. */
#ifndef LWPS_ELF_CACHE_H
#define LWPS_ELF_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

/* What placing an object needs of its program headers, wherever it is
 * loaded (elf_image.c). */
struct elf_shape {
	bool ok;                                  /* false: no ELF object to place */
	unsigned long long load_offset, load_vaddr;   /* the lowest PT_LOAD */
	unsigned long long end;                   /* the highest p_vaddr + p_memsz */
	bool relro;                               /* has a PT_GNU_RELRO */
	unsigned long long relro_vaddr, relro_memsz;
};

/* A file as a stat sees it: which one, and the marks of a change. */
struct elf_file {
	unsigned long long dev, inode;
	long long size;
	struct timespec mtime, ctime;
};

struct elf_cache_entry;

struct elf_cache {
	struct elf_cache_entry *v;    /* sorted by device and inode */
	size_t n, cap, max;
	unsigned long long clock;     /* ticks at each use: the oldest goes first */
};

/* An empty cache of at most `max` files. */
void elf_cache_init(struct elf_cache *c, size_t max);
void elf_cache_release(struct elf_cache *c);

void elf_file_of(const struct stat *st, struct elf_file *f);

/* The shape kept for the file `f`, or NULL when none is, or the file has
 * changed since (its size, mtime or ctime). */
const struct elf_shape *elf_cache_find(struct elf_cache *c, const struct elf_file *f);
/* Keeps `s` for `f`, replacing what was kept for the same file. */
void elf_cache_put(struct elf_cache *c, const struct elf_file *f, const struct elf_shape *s);

#endif
