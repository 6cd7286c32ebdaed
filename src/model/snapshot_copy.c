/* snapshot_copy.c - a process copied from one snapshot into another,
 * strings and arrays into the new one's arena. */
#include "config.h"

#include <string.h>

#include "model/snapshot_copy.h"

static void copy_task(struct snapshot *dst, struct task *to, const struct task *from)
{
	*to = *from;
	to->delta = NULL;   /* its rates were of the other snapshot's interval */
	to->comm = from->comm ? snapshot_strdup(dst, from->comm) : NULL;
	to->wchan = from->wchan ? snapshot_strdup(dst, from->wchan) : NULL;
	if (from->nspid && from->nspid_len > 0) {
		pid_t *ns = snapshot_alloc(dst, sizeof(pid_t) * (size_t)from->nspid_len);

		memcpy(ns, from->nspid, sizeof(pid_t) * (size_t)from->nspid_len);
		to->nspid = ns;
	}
}

struct tgroup *snapshot_copy_group(struct snapshot *dst, const struct tgroup *g)
{
	struct tgroup *c = snapshot_add_group(dst, g->pid);

	copy_task(dst, &c->self, &g->self);
	c->user = g->user ? snapshot_strdup(dst, g->user) : NULL;
	c->is_kernel = g->is_kernel;
	c->tasks_read = g->tasks_read;
	c->parent_tid = g->parent_tid;
	if (g->argv_known) {
		const char **argv = snapshot_alloc(dst, sizeof(char *) * ((size_t)g->argc + 1));

		for (int i = 0; i < g->argc; i++)
			argv[i] = snapshot_strdup(dst, g->argv[i]);
		argv[g->argc] = NULL;
		c->argv = argv;
		c->argc = g->argc;
		c->argv_known = true;
	}
	for (size_t j = 0; j < g->ntasks; j++)
		copy_task(dst, tgroup_add_task(c), &g->tasks[j]);
	return c;
}

