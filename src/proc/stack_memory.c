/* stack_memory.c - thread stacks remembered across readings.
 *
 * A thread on a CPU has no stack pointer in task/TID/syscall, so a busy
 * thread's stack would flicker between "found" and "not found" from one
 * refresh to the next.  What an earlier reading found stays true while
 * the mapping is the same range: it is shown, marked as last seen. */
#include "config.h"

#include <stdlib.h>

#include "model/segments.h"
#include "proc/stack_memory.h"
#include "util/xalloc.h"

static bool same_process(const struct stack_seen *s, const struct tgroup *g)
{
	return s->pid == g->pid && s->start_ticks == g->self.start_ticks;
}

/* The mapping that is exactly [start, end) and nobody's stack yet. */
static struct vma *unattributed_at(struct tgroup *g, unsigned long long start, unsigned long long end)
{
	struct vma *m = maps_find(g, start);

	if (m && m->start == start && m->end == end && !m->path && m->ntids == 0 &&
	    (m->segment == SEG_THREAD_STACK || m->segment == SEG_ANON))
		return m;
	return NULL;
}

static int cmp_task_tid(const void *key, const void *t)
{
	pid_t x = *(const pid_t *)key, y = ((const struct task *)t)->tid;

	return (x > y) - (x < y);
}

/* A thread of g (tasks are sorted by tid) with no stack pointer now. */
static bool running_now(const struct tgroup *g, pid_t tid)
{
	const struct task *t = bsearch(&tid, g->tasks, g->ntasks, sizeof(*g->tasks), cmp_task_tid);

	return t && !(t->known & TF_BIT(TF_SP));
}

static void carry(const struct stack_memory *mem, struct snapshot *snap, struct tgroup *g)
{
	struct stack_owners owners;

	stack_owners_of(g, &owners);
	for (size_t i = 0; i < mem->n; i++) {
		const struct stack_seen *s = &mem->seen[i];
		struct vma *m;

		if (same_process(s, g) && !stack_owners_has(&owners, s->tid) && running_now(g, s->tid) &&
		    (m = unattributed_at(g, s->start, s->end)))
			maps_carry_stack(snap, m, s->tid);
	}
	stack_owners_release(&owners);
}

static void remember(struct stack_memory *mem, const struct tgroup *g)
{
	size_t kept = 0;

	for (size_t i = 0; i < mem->n; i++)
		if (mem->seen[i].pid != g->pid)
			mem->seen[kept++] = mem->seen[i];
	mem->n = kept;
	for (size_t i = 0; i < g->nmaps; i++) {
		const struct vma *m = &g->maps[i];

		if (m->segment != SEG_THREAD_STACK)
			continue;
		for (unsigned k = 0; k < m->ntids; k++) {
			if (mem->n == mem->cap) {
				mem->cap = mem->cap ? mem->cap * 2 : 16;
				mem->seen = xrealloc(mem->seen, mem->cap * sizeof(*mem->seen));
			}
			mem->seen[mem->n++] = (struct stack_seen){ g->pid, m->tids[k], g->self.start_ticks,
								   m->start, m->end };
		}
	}
}

void stack_memory_update(struct stack_memory *mem, struct snapshot *snap, struct tgroup *g)
{
	carry(mem, snap, g);
	remember(mem, g);
}

void stack_memory_release(struct stack_memory *mem)
{
	free(mem->seen);
	*mem = (struct stack_memory){ 0 };
}
