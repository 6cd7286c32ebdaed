/* symbols.h - where an address of a process lies, as the file mapped
 * there and the function it falls in: "libc.so.6 epoll_wait+0x4e".
 *
 * The names come from the symbol tables of the mapped ELF files (.symtab
 * and .dynsym; no debug information needed), read with elfutils' libelf.
 * Each file is read once and found again by its device and inode, for
 * every thread and process that maps it, across refreshes. */
#ifndef LWPS_SYMBOLS_H
#define LWPS_SYMBOLS_H

#include "model/snapshot.h"
#include "util/sbuf.h"

struct symbols;

struct symbols *symbols_new(void);
/* symbols_free(NULL) does nothing. */
void symbols_free(struct symbols *s);

/* Appends where `pc` lies in `m` (a mapping that holds it) of the process
 * whose /proc directory is `pidfd`: the file's name, then the function
 * and the offset into it; without a symbol for it, "+0x..." the address
 * as the file numbers it (what addr2line takes); an anonymous mapping
 * gives its name ("[anon]", "[vdso]") and the offset into it. */
void symbols_describe(struct symbols *s, int pidfd, const struct vma *m, unsigned long long pc,
		      struct sbuf *out);

/* The mapping of `maps` (n of them, by address) that holds `addr`, or NULL. */
const struct vma *symbols_mapping_at(const struct vma *maps, size_t n, unsigned long long addr);

#endif
