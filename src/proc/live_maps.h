/* live_maps.h - read a process's address space from /proc. */
#ifndef LWPS_LIVE_MAPS_H
#define LWPS_LIVE_MAPS_H

#include <stddef.h>

#include "model/snapshot.h"
#include "proc/elf_cache.h"
#include "proc/readfile.h"
#include "proc/stack_memory.h"
#include "proc/symbols.h"

/* Fills g's maps, layout, program headers and its tasks' stack pointers
 * from the /proc at `procfd`, and classifies the mappings; `stacks`
 * (may be NULL) carries thread stacks over from earlier readings,
 * `elves` (may be NULL) the program headers of files read before; with
 * `syms`, where each thread executes (EXEC) too.
 * Returns 0 or -errno (g->maps_err says the same). */
int live_read_maps(struct snapshot *snap, int procfd, struct stack_memory *stacks,
		   struct elf_cache *elves, struct symbols *syms, struct tgroup *g);

/* A task's saved registers from its syscall file's text: the stack
 * pointer and PC (TF_SP), or that it was on a CPU (TF_ON_CPU). */
void task_take_registers(struct task *t, const char *text, size_t len);

/* Reads the registers of each thread of g whose were not read yet, from
 * task/TID/syscall under the process's directory `pidfd`; with
 * note_denied, a thread we may not inspect gets EXEC_DENIED as why. */
void live_read_registers(int pidfd, struct tgroup *g, struct buf *b, bool note_denied);

/* The directory (a new descriptor, or -errno) whose files show g's
 * address space: the process's, or a live thread's when the leader is
 * a zombie. */
int live_open_mm_dir(int pidfd, const struct tgroup *g);

/* Whether t's registers were read in this snapshot (a stack pointer and
 * PC, or "running"): read again later, they would not go with the
 * SYSCALL read with them. */
static inline bool registers_read(const struct task *t)
{
	return t->known & (TF_BIT(TF_SP) | TF_BIT(TF_ON_CPU));
}

#endif
