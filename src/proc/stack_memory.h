/* stack_memory.h - which mapping was each thread's stack at the last
 * reading, so a thread running now (no stack pointer to read) keeps it. */
#ifndef LWPS_STACK_MEMORY_H
#define LWPS_STACK_MEMORY_H

#include <stddef.h>

#include "model/snapshot.h"

struct stack_seen {
	pid_t pid, tid;
	unsigned long long start_ticks;   /* the process's: a reused pid is not it */
	unsigned long long start, end;
};

struct stack_memory {
	struct stack_seen *seen;
	size_t n, cap;
};

/* Gives each thread of g whose stack was not found now the mapping it
 * had last time, when that mapping is unchanged and unattributed; then
 * remembers g's attributions for the next reading. */
void stack_memory_update(struct stack_memory *mem, struct snapshot *snap, struct tgroup *g);
void stack_memory_release(struct stack_memory *mem);

#endif
