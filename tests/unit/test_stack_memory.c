/* test_stack_memory.c - a running thread keeps the stack an earlier
 * reading found for it, only while that mapping is the same range and the
 * process the same one. */
#include "config.h"

#include "model/segments.h"
#include "proc/stack_memory.h"
#include "tap.h"

enum { TID_MAIN = 100, TID_BUSY = 101 };
#define GUARD 0x10000ull
#define STACK 0x11000ull
#define STACK_END 0x91000ull

/* A process of two threads: a guard page, the worker's stack above it,
 * and [stack].  The worker's stack pointer is known unless `busy`. */
static struct tgroup *make(struct snapshot *s, unsigned long long start_ticks, unsigned long long end,
			   bool busy)
{
	struct tgroup *g = snapshot_add_group(s, TID_MAIN);
	struct vma *m;
	struct task *t;

	g->self.start_ticks = start_ticks;
	g->tasks_read = true;
	t = tgroup_add_task(g);
	t->tid = TID_MAIN;
	t->stack_pointer = 0x7ff000;
	t->known = TF_BIT(TF_SP);
	t = tgroup_add_task(g);
	t->tid = TID_BUSY;
	t->stack_pointer = STACK + 0x100;
	t->known = busy ? TF_BIT(TF_ON_CPU) : TF_BIT(TF_SP);
	m = tgroup_add_vma(g);
	*m = (struct vma){ .start = GUARD, .end = STACK, .perms = "---p" };
	m = tgroup_add_vma(g);
	*m = (struct vma){ .start = STACK, .end = end, .perms = "rw-p" };
	m = tgroup_add_vma(g);
	*m = (struct vma){ .start = 0x7f0000, .end = 0x800000, .perms = "rw-p", .path = "[stack]" };
	maps_classify(s, g);
	return g;
}

static const struct vma *worker_stack(struct tgroup *g)
{
	return &g->maps[1];
}

int main(void)
{
	struct stack_memory mem = { 0 };
	struct snapshot *s1 = snapshot_new(), *s2 = snapshot_new(), *s3 = snapshot_new(),
			*s4 = snapshot_new();
	struct tgroup *g;

	g = make(s1, 5, STACK_END, false);
	stack_memory_update(&mem, s1, g);
	is_int(vma_tid(worker_stack(g)), TID_BUSY, "blocked: found by its stack pointer");
	ok(!worker_stack(g)->stack_last_seen, "blocked: not marked last seen");
	is_int(vma_tid(&g->maps[2]), TID_MAIN, "[stack] is the main thread's");

	g = make(s2, 5, STACK_END, true);
	ok(!maps_stack_found(g, TID_BUSY), "running: no stack pointer, so not found by it");
	stack_memory_update(&mem, s2, g);
	is_int(vma_tid(worker_stack(g)), TID_BUSY, "running: keeps the stack seen before");
	ok(worker_stack(g)->stack_last_seen, "running: marked last seen");
	is_int(worker_stack(g)->segment, SEG_THREAD_STACK, "running: still a thread stack");

	g = make(s3, 5, STACK_END + 0x1000, true);
	stack_memory_update(&mem, s3, g);
	is_int(vma_tid(worker_stack(g)), 0, "the mapping changed: the old attribution is dropped");

	g = make(s4, 6, STACK_END + 0x1000, true);
	stack_memory_update(&mem, s4, g);
	is_int(vma_tid(worker_stack(g)), 0, "another process with the same pid: nothing carried");

	/* Several threads in one mapping: tids in order, the lowest first,
	 * whichever came first. */
	g = make(s4, 6, STACK_END, false);
	maps_carry_stack(s4, &g->maps[1], TID_MAIN - 1);
	maps_carry_stack(s4, &g->maps[1], TID_BUSY + 1);
	is_int(g->maps[1].ntids, 3, "a carried stack joins the one placed");
	ok(g->maps[1].tids[0] == TID_MAIN - 1 && g->maps[1].tids[1] == TID_BUSY &&
	   g->maps[1].tids[2] == TID_BUSY + 1, "the tids are in order");
	is_int(vma_tid(&g->maps[1]), TID_MAIN - 1, "vma_tid() is the lowest");

	stack_memory_release(&mem);
	snapshot_free(s1);
	snapshot_free(s2);
	snapshot_free(s3);
	snapshot_free(s4);
	return done_testing();
}
