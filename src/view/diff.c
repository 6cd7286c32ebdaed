/* diff.c - --diff: what changed between two snapshots of one boot. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/delta.h"
#include "util/xalloc.h"
#include "view/diff.h"

bool diff_in_old(enum diff_kind k)
{
	return k == DIFF_PROCESS_EXITED || k == DIFF_THREAD_EXITED || k == DIFF_MAP_REMOVED;
}

const struct snapshot *diff_snapshot(const struct diff *d, enum diff_kind k)
{
	return diff_in_old(k) ? d->old : d->new;
}

static void add(struct diff *d, enum diff_kind k, struct diff_entry e)
{
	struct diff_list *l = &d->lists[k];

	xgrow(&l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = e;
}

static unsigned long long magnitude(long long v)
{
	return v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
}

/* --state keeps a thread in one of its states in either snapshot. */
static bool task_picked(const struct selection *sel, const struct task *a, const struct task *b)
{
	return !sel->states || (a && selection_task_match(sel, a)) ||
	       (b && selection_task_match(sel, b));
}

/* The CPU time a task used in between, when known and not none. */
static void add_cpu(struct diff *d, enum diff_kind k, const struct tgroup *g, const struct task *t)
{
	const struct task_delta *dt = (t ? t : &g->self)->delta;

	if (dt && dt->known & TF_BIT(TF_TICS) && dt->utime + dt->stime > 0)
		add(d, k, (struct diff_entry){ .g = g, .t = t, .size = dt->utime + dt->stime });
}

static void add_cpu_of_group(struct diff *d, const struct selection *sel, const struct tgroup *g,
			     const struct tgroup *old)
{
	add_cpu(d, DIFF_CPU_PROCESS, g, NULL);
	for (size_t i = 0; i < g->ntasks; i++) {
		const struct task *t = &g->tasks[i];

		if (task_picked(sel, t, delta_find_task(old, t)))
			add_cpu(d, DIFF_CPU_THREAD, g, t);
	}
}

/* Threads born, exited and changing state in a process that lived through. */
static void compare_threads(struct diff *d, const struct selection *sel, const struct tgroup *old,
			    const struct tgroup *g)
{
	const unsigned state = TF_BIT(TF_STATE);

	if (!old->tasks_read || !g->tasks_read) {
		/* Threads not read: the process's own state (its leader's). */
		if (old->self.known & g->self.known & state && old->self.state != g->self.state &&
		    task_picked(sel, &old->self, &g->self))
			add(d, DIFF_STATE, (struct diff_entry){ .g = g, .was = &old->self });
		return;
	}
	for (size_t i = 0; i < g->ntasks; i++) {
		const struct task *t = &g->tasks[i], *was = delta_find_task(old, t);

		if (!task_picked(sel, t, was))
			continue;
		if (!was)
			add(d, DIFF_THREAD_BORN, (struct diff_entry){ .g = g, .t = t });
		else if (was->known & t->known & state && was->state != t->state)
			add(d, DIFF_STATE, (struct diff_entry){ .g = g, .t = t, .was = was });
	}
	for (size_t i = 0; i < old->ntasks; i++) {
		const struct task *t = &old->tasks[i];

		if (!delta_find_task(g, t) && task_picked(sel, t, NULL))
			add(d, DIFF_THREAD_EXITED, (struct diff_entry){ .g = old, .t = t });
	}
}

static bool same_file(const struct vma *a, const struct vma *b)
{
	if (a->dev_major != b->dev_major || a->dev_minor != b->dev_minor || a->inode != b->inode)
		return false;
	if (!a->path || !b->path)
		return a->path == b->path;
	return strcmp(a->path, b->path) == 0;
}

static unsigned long long vma_size(const struct vma *m)
{
	return m->end - m->start;
}

/* A mapping of both snapshots: grown, shrunk, or the same size. */
static void add_resized(struct diff *d, const struct tgroup *g, const struct vma *was,
			const struct vma *m)
{
	unsigned long long before = vma_size(was), after = vma_size(m);
	struct diff_entry e = { .g = g, .m = m, .m_was = was,
				.size = after > before ? after - before : before - after };

	if (after != before)
		add(d, after > before ? DIFF_MAP_GROWN : DIFF_MAP_SHRUNK, e);
}

/* A mapping only one snapshot has: its whole size changed. */
static void add_whole(struct diff *d, enum diff_kind k, const struct tgroup *g, const struct vma *m)
{
	add(d, k, (struct diff_entry){ .g = g, .m = m, .size = vma_size(m) });
}

/* The main stack grows down: its start moves, its end stays.  Among the
 * mappings left unmatched, it is matched by its end. */
static void match_stack(struct diff *d, const struct tgroup *old, const struct tgroup *g,
			bool *old_done, bool *done)
{
	for (size_t i = 0; i < g->nmaps; i++) {
		const struct vma *m = &g->maps[i];

		for (size_t j = 0; !done[i] && m->segment == SEG_STACK && j < old->nmaps; j++) {
			const struct vma *was = &old->maps[j];

			if (!old_done[j] && was->segment == SEG_STACK && was->end == m->end &&
			    same_file(was, m)) {
				add_resized(d, g, was, m);
				old_done[j] = done[i] = true;
			}
		}
	}
}

/* Mappings added, removed, grown and shrunk: both lists are sorted by
 * start address, so one pass pairs those of the same start and file. */
static void compare_maps(struct diff *d, const struct tgroup *old, const struct tgroup *g)
{
	bool *old_done = xcalloc(old->nmaps + 1, sizeof(bool));
	bool *done = xcalloc(g->nmaps + 1, sizeof(bool));

	for (size_t i = 0, j = 0; i < g->nmaps && j < old->nmaps;) {
		const struct vma *m = &g->maps[i], *was = &old->maps[j];

		if (m->start < was->start) {
			i++;
		} else if (was->start < m->start) {
			j++;
		} else {
			if (same_file(was, m)) {
				add_resized(d, g, was, m);
				old_done[j] = done[i] = true;
			}
			i++;
			j++;
		}
	}
	match_stack(d, old, g, old_done, done);
	for (size_t i = 0; i < g->nmaps; i++)
		if (!done[i])
			add_whole(d, DIFF_MAP_ADDED, g, &g->maps[i]);
	for (size_t j = 0; j < old->nmaps; j++)
		if (!old_done[j])
			add_whole(d, DIFF_MAP_REMOVED, old, &old->maps[j]);
	free(old_done);
	free(done);
}

static bool maps_held(const struct tgroup *g)
{
	return g->maps_read && g->maps_err == 0;
}

/* A process that lived through: what changed in it. */
static void compare_group(struct diff *d, const struct selection *sel, const struct tgroup *old,
			  const struct tgroup *g)
{
	const struct task_delta *dt = g->self.delta;

	compare_threads(d, sel, old, g);
	if (dt && dt->known & TF_BIT(TF_MEM) && dt->rss_bytes)
		add(d, DIFF_RSS, (struct diff_entry){ .g = g, .size = magnitude(dt->rss_bytes) });
	if (dt && dt->known & TF_BIT(TF_NLWP) && dt->nlwp)
		add(d, DIFF_NLWP, (struct diff_entry){ .g = g, .size = magnitude(dt->nlwp) });
	if (maps_held(old) && maps_held(g))
		compare_maps(d, old, g);
}

/* The largest change first; then by pid, tid and address. */
static int cmp_entries(const void *pa, const void *pb)
{
	const struct diff_entry *a = pa, *b = pb;
	long long ta = a->t ? a->t->tid : 0, tb = b->t ? b->t->tid : 0;
	unsigned long long ma = a->m ? a->m->start : 0, mb = b->m ? b->m->start : 0;

	if (a->size != b->size)
		return a->size > b->size ? -1 : 1;
	if (a->g->pid != b->g->pid)
		return a->g->pid < b->g->pid ? -1 : 1;
	if (ta != tb)
		return ta < tb ? -1 : 1;
	return (ma > mb) - (ma < mb);
}

/* The group of `old` that `g` of `now` is (same pid and start), or NULL. */
static const struct tgroup *earlier(const struct snapshot *old, const struct snapshot *now,
				    const struct tgroup *g)
{
	const struct tgroup *o = snapshot_find_group(old, g->pid);

	return o && delta_task_lives_on(now, &o->self) ? o : NULL;
}

void diff_build(struct diff *d, const struct snapshot *old, const struct snapshot *now,
		const struct selection *sel)
{
	memset(d, 0, sizeof(*d));
	d->old = old;
	d->new = now;
	for (size_t i = 0; i < now->ngroups; i++) {
		const struct tgroup *g = &now->groups[i], *o = earlier(old, now, g);

		if (!selection_match(sel, g) && !(o && selection_match(sel, o)))
			continue;
		if (!o)
			add(d, DIFF_PROCESS_BORN, (struct diff_entry){ .g = g });
		else
			compare_group(d, sel, o, g);
		add_cpu_of_group(d, sel, g, o);
	}
	for (size_t i = 0; i < old->ngroups; i++) {
		const struct tgroup *o = &old->groups[i];

		if (!delta_task_lives_on(now, &o->self) && selection_match(sel, o))
			add(d, DIFF_PROCESS_EXITED, (struct diff_entry){ .g = o });
	}
	for (int k = 0; k < DIFF_KINDS; k++)
		if (d->lists[k].n > 1)
			qsort(d->lists[k].v, d->lists[k].n, sizeof(struct diff_entry), cmp_entries);
}

void diff_release(struct diff *d)
{
	for (int k = 0; k < DIFF_KINDS; k++)
		free(d->lists[k].v);
	memset(d, 0, sizeof(*d));
}
