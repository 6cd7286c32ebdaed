/* live_shares.c - what each process shares with another, by kcmp(2).
 *
 * kcmp compares two tasks' kernel objects of one kind and orders them
 * (0 equal, 1 less, 2 greater; it needs ptrace-read access to both), so
 * the processes are sorted by each kind in O(n log n) comparisons and
 * neighbours that compare equal share.  Processes outside the snapshot
 * (with -p) are then each looked up in that order: O(N log n).
 *
 * A pointer the kernel leaves NULL compares equal to every other NULL:
 * kernel threads (no mm) and zombies (no mm, files or fs) are not
 * compared, and a process without a semaphore undo list has the same
 * NULL as lwps itself, so the class that holds lwps is not sharing. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "model/states.h"
#include "proc/live_shares.h"
#include "proc/parse_stat.h"
#include "proc/procdir.h"
#include "util/xalloc.h"

/* kcmp's types (linux/kcmp.h), by share_kind. */
static const int kcmp_type[SHARE_COUNT] = {
	[SHARE_VM] = 1, [SHARE_FILES] = 2, [SHARE_FS] = 3, [SHARE_SIGHAND] = 4, [SHARE_SYSVSEM] = 6,
};

struct member {
	pid_t pid;               /* the process */
	pid_t task;              /* the task compared: the leader, or a live thread */
	struct tgroup *g;        /* NULL: not in the snapshot, or lwps itself */
	size_t cls;              /* its class, once sorted */
};

/* A class of members that compared equal: the two lowest pids in it. */
struct cls {
	pid_t low, next;
	bool null;               /* it holds lwps: the kernel's NULL, not sharing */
};

struct sorter {
	int type;
	bool failed;             /* a comparison failed: the order may be off */
};

/* kcmp's order of a and b: <0, 0, >0; a failure counts as less. */
static int compare(struct sorter *s, const struct member *a, const struct member *b)
{
	long r;

	if (a->task == b->task)
		return 0;
	r = syscall(SYS_kcmp, a->task, b->task, s->type, 0, 0);
	if (r == 0)
		return 0;
	if (r == 2)
		return 1;
	if (r != 1)
		s->failed = true;
	return -1;
}

/* A merge sort: any comparison result ends it, a failed one included. */
static void merge_sort(struct sorter *s, struct member *v, struct member *tmp, size_t n)
{
	size_t half = n / 2, i = 0, j = half, k = 0;

	if (n < 2)
		return;
	merge_sort(s, v, tmp, half);
	merge_sort(s, v + half, tmp, n - half);
	while (i < half && j < n)
		tmp[k++] = compare(s, &v[j], &v[i]) < 0 ? v[j++] : v[i++];
	while (i < half)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

static void class_add(struct cls *c, pid_t pid)
{
	if (!c->low || pid < c->low) {
		c->next = c->low;
		c->low = pid;
	} else if (pid != c->low && (!c->next || pid < c->next)) {
		c->next = pid;
	}
}

/* The member of sorted v[0..n) equal to `m`, or -1. */
static long find_equal(struct sorter *s, const struct member *v, size_t n, const struct member *m)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = compare(s, m, &v[mid]);

		if (c == 0)
			return (long)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* One kind: sorts the members, groups equal neighbours, places the
 * others, and gives each process of the snapshot its partner. */
static void share_kind(enum share_kind k, struct member *v, size_t n, const struct member *others,
		       size_t nothers)
{
	struct sorter s = { kcmp_type[k], false };
	struct member *tmp = xmalloc((n + 1) * sizeof(*tmp));
	struct cls *cls = xcalloc(n + 1, sizeof(*cls));
	size_t ncls = 0;

	merge_sort(&s, v, tmp, n);
	for (size_t i = 0; i < n; i++) {
		/* Equal neighbours, checked again: a failed comparison may have
		 * left the order wrong, never two unequal ones together. */
		if (!i || compare(&s, &v[i - 1], &v[i]) != 0)
			ncls++;
		v[i].cls = ncls - 1;
		class_add(&cls[ncls - 1], v[i].pid);
		if (!v[i].g)
			cls[ncls - 1].null = true;
	}
	for (size_t i = 0; i < nothers; i++) {
		long at = find_equal(&s, v, n, &others[i]);

		if (at >= 0)
			class_add(&cls[v[at].cls], others[i].pid);
	}
	for (size_t i = 0; i < n; i++) {
		const struct cls *c = &cls[v[i].cls];
		struct tgroup *g = v[i].g;

		if (!g)
			continue;
		g->shares_known |= 1u << k;
		if (!c->null)
			g->shares_with[k] = c->low == v[i].pid ? c->next : c->low;
	}
	free(cls);
	free(tmp);
}

/* Whether kcmp may look at `task` (ptrace-read access). */
static bool comparable(pid_t task)
{
	return syscall(SYS_kcmp, task, task, kcmp_type[SHARE_SIGHAND], 0, 0) == 0;
}

struct others {
	const struct snapshot *snap;
	int procfd;
	struct buf *b;
	struct member *v;
	size_t n, cap;
};

/* A process of /proc not in the snapshot, with an address space. */
static void add_other(void *ctx, pid_t pid, const char *name)
{
	struct others *o = ctx;
	struct stat_fields sf;
	char path[32];

	if (snapshot_find_group(o->snap, pid))
		return;
	snprintf(path, sizeof(path), "%s/stat", name);
	if (read_file_at(o->procfd, path, o->b) < 0 || stat_parse(o->b->data, o->b->len, &sf) < 0 ||
	    (sf.flags & TASK_PF_KTHREAD) || sf.state == STATE_ZOMBIE)
		return;
	xgrow(&o->v, &o->cap, o->n + 1, sizeof(*o->v));
	o->v[o->n++] = (struct member){ pid, pid, NULL, 0 };
}

static bool has_mm(const struct tgroup *g)
{
	return !g->is_kernel && (g->self.state != STATE_ZOMBIE || g->mm_tid);
}

void live_read_shares(struct snapshot *snap, int procfd, bool partial, struct buf *b)
{
	struct member *v = xmalloc((snap->ngroups + 2) * sizeof(*v)), *sorted;
	struct others o = { .snap = snap, .procfd = procfd, .b = b };
	size_t n = 0;

	for (size_t i = 0; i < snap->ngroups; i++) {
		struct tgroup *g = &snap->groups[i];
		pid_t task = g->mm_tid ? g->mm_tid : g->pid;

		g->shares_read = true;
		g->shares_known = 0;
		memset(g->shares_with, 0, sizeof(g->shares_with));
		if (has_mm(g) && comparable(task))
			v[n++] = (struct member){ g->pid, task, g, 0 };
	}
	if (partial && n) {
		procdir_each(procfd, add_other, &o);
		for (size_t i = 0; i < o.n; i++)
			if (!comparable(o.v[i].task))
				o.v[i--] = o.v[--o.n];
	}
	sorted = xmalloc((n + 2) * sizeof(*sorted));
	for (int k = 0; k < SHARE_COUNT; k++) {
		size_t m = n;

		memcpy(sorted, v, n * sizeof(*v));
		/* lwps's own NULL undo list marks the class of those without. */
		if (k == SHARE_SYSVSEM)
			sorted[m++] = (struct member){ getpid(), getpid(), NULL, 0 };
		share_kind((enum share_kind)k, sorted, m, o.v, o.n);
	}
	free(sorted);
	free(o.v);
	free(v);
}
