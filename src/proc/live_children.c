/* live_children.c - which thread of its parent forked each process.
 *
 * A ppid names the parent process; the real parent is one thread of it,
 * and only that thread's task/TID/children lists the child.  Only parents
 * with a child and more than one thread are asked, and only about their
 * other threads than the leader: a child none of them lists was forked
 * by the leader.  So most processes cost no extra file at all. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc/live_children.h"
#include "proc/parse_children.h"
#include "util/xalloc.h"

/* What is known about a group as a parent. */
enum { P_NONE, P_KIDS, P_KNOWN, P_UNKNOWN };

struct kids_reader {
	struct snapshot *snap;
	int procfd;
	struct buf *buf;
	bool unsupported;        /* the kernel has no children files */
};

static struct tgroup *parent_of(const struct snapshot *snap, const struct tgroup *g)
{
	if (!(g->self.known & TF_BIT(TF_PPID)) || g->self.ppid <= 0 || g->self.ppid == g->pid)
		return NULL;
	return snapshot_find_group(snap, g->self.ppid);
}

/* Marks the children that one thread's file lists. */
static void take_list(struct kids_reader *kr, const struct tgroup *p, pid_t tid)
{
	struct scan sc;
	pid_t pid;

	scan_init(&sc, kr->buf->data, kr->buf->len);
	while (children_next(&sc, &pid) == 1) {
		struct tgroup *c = snapshot_find_group(kr->snap, pid);

		/* A pid reused since the snapshot was read is not p's child. */
		if (c && c->self.ppid == p->pid)
			c->parent_tid = tid;
	}
}

/* Reads the children files of p's threads but the leader; false when
 * one could not be read, so the unlisted may not be the leader's. */
static bool read_threads(struct kids_reader *kr, const struct tgroup *p)
{
	char path[48];
	struct stat st;
	bool ok = true;
	int dirfd;

	snprintf(path, sizeof(path), "%d/task", (int)p->pid);
	dirfd = openat(kr->procfd, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return false;
	for (size_t j = 0; j < p->ntasks && ok; j++) {
		pid_t tid = p->tasks[j].tid;
		int err;

		if (tid == p->pid)
			continue;
		snprintf(path, sizeof(path), "%d/children", (int)tid);
		err = read_file_at(dirfd, path, kr->buf);
		if (err == 0) {
			take_list(kr, p, tid);
			continue;
		}
		/* No file in a thread that is there: CONFIG_PROC_CHILDREN is off. */
		snprintf(path, sizeof(path), "%d", (int)tid);
		if (err == -ENOENT && fstatat(dirfd, path, &st, 0) == 0)
			kr->unsupported = true;
		/* A thread that exited took its file along: nothing to read. */
		ok = !kr->unsupported && (err == -ENOENT || err == -ESRCH);
	}
	close(dirfd);
	return ok;
}

/* Whether the leader is p's only thread, so it forked every child. */
static bool leader_alone(const struct tgroup *p)
{
	return p->ntasks == 1 && p->tasks[0].tid == p->pid;
}

void live_read_children(struct snapshot *snap, int procfd, struct buf *buf)
{
	struct kids_reader kr = { snap, procfd, buf, false };
	unsigned char *state = xcalloc(snap->ngroups + 1, 1);

	for (size_t i = 0; i < snap->ngroups; i++) {
		const struct tgroup *p = parent_of(snap, &snap->groups[i]);

		if (p)
			state[p - snap->groups] = P_KIDS;
	}
	for (size_t i = 0; i < snap->ngroups; i++) {
		const struct tgroup *p = &snap->groups[i];

		if (state[i] != P_KIDS)
			continue;
		if (p->tasks_read && leader_alone(p))
			state[i] = P_KNOWN;
		else if (p->tasks_read && p->ntasks > 1 && !kr.unsupported && read_threads(&kr, p))
			state[i] = P_KNOWN;
		else
			state[i] = P_UNKNOWN;
	}
	for (size_t i = 0; i < snap->ngroups; i++) {
		struct tgroup *g = &snap->groups[i];
		const struct tgroup *p = parent_of(snap, g);

		if (p && state[p - snap->groups] == P_KNOWN && !g->parent_tid)
			g->parent_tid = p->pid;
	}
	free(state);
}
