/* live_maps.h - read a process's address space from /proc. */
#ifndef LWPS_LIVE_MAPS_H
#define LWPS_LIVE_MAPS_H

#include <stddef.h>

#include "model/snapshot.h"
#include "proc/elf_cache.h"
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

#endif
