/* snapshot_copy.c - a process copied from one snapshot into another,
 * strings and arrays into the new one's arena. */
#include "config.h"

#include <string.h>

#include "model/causes.h"
#include "model/snapshot_copy.h"

static const char *copy_str(struct snapshot *dst, const char *s)
{
	return s ? snapshot_strdup(dst, s) : NULL;
}

static const struct creds *copy_creds(struct snapshot *dst, const struct creds *from)
{
	struct creds *c = snapshot_alloc(dst, sizeof(*c));
	size_t n = (size_t)from->ngroups;

	*c = *from;
	for (int i = 0; i < CRED_COUNT; i++) {
		c->user[i] = copy_str(dst, from->user[i]);
		c->group[i] = copy_str(dst, from->group[i]);
	}
	if (n) {
		gid_t *groups = snapshot_alloc(dst, sizeof(gid_t) * n);

		memcpy(groups, from->groups, sizeof(gid_t) * n);
		c->groups = groups;
	}
	if (from->group_names) {
		const char **names = snapshot_alloc(dst, sizeof(char *) * (n + 1));

		for (size_t i = 0; i < n; i++)
			names[i] = snapshot_strdup(dst, from->group_names[i]);
		names[n] = NULL;
		c->group_names = names;
	}
	return c;
}

static const struct task_cause *copy_cause(struct snapshot *dst, const struct task_cause *from)
{
	struct task_cause *c = snapshot_alloc(dst, sizeof(*c));

	*c = *from;
	c->name = copy_str(dst, from->name);
	c->waiton = copy_str(dst, from->waiton);
	c->wait_group = copy_str(dst, from->wait_group);
	if (from->nkstack > 0) {
		const char **frames = snapshot_alloc(dst, sizeof(char *) * (size_t)from->nkstack);

		for (int i = 0; i < from->nkstack; i++)
			frames[i] = snapshot_strdup(dst, from->kstack[i]);
		c->kstack = frames;
	}
	return c;
}

static void copy_task(struct snapshot *dst, struct task *to, const struct task *from)
{
	*to = *from;
	to->delta = NULL;   /* its rates were of the other snapshot's interval */
	to->comm = copy_str(dst, from->comm);
	to->wchan = copy_str(dst, from->wchan);
	to->exec = copy_str(dst, from->exec);
	if (from->creds)
		to->creds = copy_creds(dst, from->creds);
	if (from->cause)
		to->cause = copy_cause(dst, from->cause);
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
	c->is_kernel = g->is_kernel;
	c->tasks_read = g->tasks_read;
	c->parent_tid = g->parent_tid;
	c->shares_read = g->shares_read;
	c->shares_known = g->shares_known;
	memcpy(c->shares_with, g->shares_with, sizeof(c->shares_with));
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

