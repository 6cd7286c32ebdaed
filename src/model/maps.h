/* maps.h - a process's address space: its mappings (VMAs) with smaps
 * figures, the segment each one is, and the mm's layout from stat. */
#ifndef LWPS_MAPS_H
#define LWPS_MAPS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* The smaps keys lwps keeps, in bytes (the kernel prints kB). */
enum smaps_key {
	SM_SIZE, SM_KERNEL_PAGE, SM_MMU_PAGE, SM_RSS, SM_PSS, SM_PSS_DIRTY,
	SM_SHARED_CLEAN, SM_SHARED_DIRTY, SM_PRIVATE_CLEAN, SM_PRIVATE_DIRTY,
	SM_REFERENCED, SM_ANONYMOUS, SM_LAZYFREE, SM_ANON_HUGE, SM_SHMEM_PMD,
	SM_FILE_PMD, SM_SHARED_HUGETLB, SM_PRIVATE_HUGETLB, SM_SWAP, SM_SWAP_PSS,
	SM_LOCKED, SM_KSM,
	SM_COUNT
};

/* What a mapping is for.  The order is that of --list-columns' help. */
enum segment {
	SEG_UNKNOWN,
	SEG_TEXT,           /* the executable's code */
	SEG_RODATA,         /* the executable's read-only data and headers */
	SEG_RELRO,          /* its data made read-only after relocation */
	SEG_DATA,           /* the executable's initialised data */
	SEG_BSS,            /* zeroed data after it, below the heap */
	SEG_HEAP,           /* brk area */
	SEG_STACK,          /* the main thread's stack */
	SEG_THREAD_STACK,   /* another thread's stack (tid when known) */
	SEG_LIB_TEXT,       /* a shared object's code */
	SEG_LIB_RODATA,
	SEG_LIB_RELRO,
	SEG_LIB_DATA,
	SEG_VDSO,
	SEG_VVAR,
	SEG_VSYSCALL,
	SEG_SHM,            /* shared memory: shared anonymous, /dev/shm, memfd, SysV */
	SEG_FILE,           /* any other file */
	SEG_ANON,           /* private anonymous memory */
	SEG_ANON_NAMED,     /* [anon:NAME] */
	SEG_GUARD,          /* no permissions, at most 1 MiB: guard pages */
	SEG_RESERVED,       /* no permissions, larger: address space held back */
	SEG_COUNT
};

/* An smaps line this lwps does not know, kept as the kernel wrote it;
 * the first SMAPS_EXTRA_MAX of a mapping are kept. */
enum { SMAPS_EXTRA_MAX = 8 };

struct smaps_extra {
	const char *key;              /* "NewKey" */
	const char *text;             /* the value as written, blanks trimmed */
	unsigned long long bytes;     /* when is_size: "N kB" in bytes */
	bool is_size;
};

/* Fields are ordered by size: tens of thousands of these make up most
 * of lwps's memory for a large address space. */
struct vma {
	unsigned long long start, end, offset, inode;
	unsigned dev_major, dev_minor;
	char perms[5];
	bool deleted;                 /* the file was deleted */
	/* The kernel's text, kept as it is: its "\012" is a newline or those
	 * four characters, and map_files could not say which. */
	bool path_ambiguous;
	bool stack_last_seen;         /* a tid is from an earlier reading */
	unsigned have;                /* 1u << SM_* for each value read */
	enum segment segment;
	unsigned ntids;
	unsigned char nextra;
	signed char thp_eligible;     /* THPeligible: 0 or 1; -1 when absent */
	const char *path;             /* raw bytes; NULL when anonymous */
	const char *vmflags;          /* VmFlags: "rd wr mr ...", NULL when absent */
	const struct smaps_extra *extra;
	/* Every thread whose stack this is, lowest tid first: the kernel
	 * merges neighbouring stacks into one mapping. */
	const pid_t *tids;
	const char *lib;              /* the shared object's path for SEG_LIB_* */
	/* The smaps figures in bytes when one does not fit `kib` (past
	 * 4 TiB, or a loaded file's figure that is not whole KiB); else NULL. */
	const unsigned long long *wide;
	/* The smaps figures in KiB, as the kernel prints them: half the
	 * room of bytes in 64 bits.  Read them with vma_value(). */
	uint32_t kib[SM_COUNT];
};

/* Smaps figure `k` of `m`, in bytes. */
static inline unsigned long long vma_value(const struct vma *m, enum smaps_key k)
{
	return m->wide ? m->wide[k] : (unsigned long long)m->kib[k] << 10;
}

/* Whether `bytes` can be kept in a vma's `kib`. */
static inline bool vma_fits_kib(unsigned long long bytes)
{
	return bytes % 1024 == 0 && bytes >> 10 <= UINT32_MAX;
}

/* The sum of a process's mappings: a vma whose figures are in `bytes`. */
struct vma_sum {
	struct vma vma;
	unsigned long long bytes[SM_COUNT];
};

/* The thread whose stack `m` is (the lowest tid when several), or 0. */
static inline pid_t vma_tid(const struct vma *m)
{
	return m->ntids ? m->tids[0] : 0;
}

/* Where the kernel's mm_struct says code, data, heap, stack, arguments
 * and environment lie (/proc/PID/stat fields 26-28 and 45-51). */
enum layout_field {
	LY_START_CODE, LY_END_CODE, LY_START_DATA, LY_END_DATA, LY_START_BRK,
	LY_BRK, LY_START_STACK, LY_ARG_START, LY_ARG_END, LY_ENV_START, LY_ENV_END,
	LY_COUNT
};

/* What a mapped ELF object's program headers say, placed where it is
 * loaded: the end of its memory image (the last PT_LOAD's p_memsz, so the
 * end of its bss) and its RELRO range, both page-rounded; 0 when none. */
struct elf_image {
	unsigned long long inode;
	unsigned dev_major, dev_minor;
	unsigned long long image_end;
	unsigned long long relro_start, relro_end;
};

struct mm_layout {
	unsigned long long at[LY_COUNT];
	unsigned known;               /* 1u << LY_* for each readable address */
};

/* How a segment is coloured, the same in the text and the browser:
 * code, data, heap, stacks, pages the kernel provides, no access. */
enum segment_tint { TINT_NONE, TINT_CODE, TINT_DATA, TINT_HEAP, TINT_STACK, TINT_KERNEL, TINT_DIM };

/* The name of a segment as text and JSON show it ("lib-text", ...). */
const char *segment_name(enum segment s);
enum segment_tint segment_tint(enum segment s);
/* The JSON key of a layout field ("start_code", ...). */
const char *layout_field_name(enum layout_field f);

#endif
