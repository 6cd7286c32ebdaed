/* snapshot.c - the model's storage and lookups. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/snapshot.h"
#include "util/arena.h"
#include "util/xalloc.h"

struct snapshot *snapshot_new(void)
{
	struct snapshot *snap = xcalloc(1, sizeof(*snap));

	snap->arena = arena_new();
	return snap;
}

void snapshot_free(struct snapshot *snap)
{
	if (!snap)
		return;
	for (size_t i = 0; i < snap->ngroups; i++) {
		free(snap->groups[i].tasks);
		free(snap->groups[i].maps);
	}
	free(snap->groups);
	arena_free(snap->arena);
	free(snap);
}

struct tgroup *snapshot_add_group(struct snapshot *snap, pid_t pid)
{
	xgrow(&snap->groups, &snap->cap_groups, snap->ngroups + 1, sizeof(struct tgroup));
	struct tgroup *g = &snap->groups[snap->ngroups++];

	memset(g, 0, sizeof(*g));
	g->pid = pid;
	return g;
}

struct task *tgroup_add_task(struct tgroup *g)
{
	xgrow(&g->tasks, &g->cap_tasks, g->ntasks + 1, sizeof(struct task));
	struct task *t = &g->tasks[g->ntasks++];

	memset(t, 0, sizeof(*t));
	return t;
}

struct vma *tgroup_add_vma(struct tgroup *g)
{
	xgrow(&g->maps, &g->cap_maps, g->nmaps + 1, sizeof(struct vma));
	struct vma *m = &g->maps[g->nmaps++];

	memset(m, 0, sizeof(*m));
	return m;
}

void vma_set_values(struct snapshot *snap, struct vma *m, const unsigned long long bytes[SM_COUNT])
{
	bool fits = true;

	for (int k = 0; k < SM_COUNT; k++)
		fits &= vma_fits_kib(bytes[k]);
	if (fits) {
		for (int k = 0; k < SM_COUNT; k++)
			m->kib[k] = (uint32_t)(bytes[k] >> 10);
		m->wide = NULL;
		return;
	}
	unsigned long long *wide = snapshot_alloc(snap, sizeof(unsigned long long) * SM_COUNT);

	memcpy(wide, bytes, sizeof(unsigned long long) * SM_COUNT);
	m->wide = wide;
}

/* Room for exactly `used + n` entries of `size` bytes, if it can be had. */
static void reserve(void *pp, size_t *cap, size_t used, size_t n, size_t size)
{
	void **p = pp, *q;

	if (n == 0 || *cap >= used + n || used + n > SIZE_MAX / size)
		return;
	if ((q = realloc(*p, (used + n) * size))) {
		*p = q;
		*cap = used + n;
	}
}

void snapshot_reserve_groups(struct snapshot *snap, size_t n)
{
	reserve(&snap->groups, &snap->cap_groups, snap->ngroups, n, sizeof(struct tgroup));
}

void tgroup_reserve(struct tgroup *g, size_t tasks, size_t vmas)
{
	reserve(&g->tasks, &g->cap_tasks, g->ntasks, tasks, sizeof(struct task));
	reserve(&g->maps, &g->cap_maps, g->nmaps, vmas, sizeof(struct vma));
}

static int cmp_group(const void *a, const void *b)
{
	pid_t x = ((const struct tgroup *)a)->pid, y = ((const struct tgroup *)b)->pid;

	return (x > y) - (x < y);
}

static int cmp_task(const void *a, const void *b)
{
	const struct task *x = a, *y = b;

	return (x->tid > y->tid) - (x->tid < y->tid);
}

void snapshot_finish(struct snapshot *snap)
{
	/* qsort's base is declared nonnull: an empty array may be NULL (UBSan). */
	if (snap->ngroups)
		qsort(snap->groups, snap->ngroups, sizeof(struct tgroup), cmp_group);
	for (size_t i = 0; i < snap->ngroups; i++) {
		struct tgroup *g = &snap->groups[i];

		if (g->ntasks)
			qsort(g->tasks, g->ntasks, sizeof(struct task), cmp_task);
		memset(g->state_counts, 0, sizeof(g->state_counts));
		for (size_t j = 0; j < g->ntasks; j++) {
			unsigned char s = (unsigned char)g->tasks[j].state;

			if ((g->tasks[j].known & TF_BIT(TF_STATE)) && s < 128)
				g->state_counts[s]++;
		}
	}
}

struct tgroup *snapshot_find_group(const struct snapshot *snap, pid_t pid)
{
	size_t lo = 0, hi = snap->ngroups;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		pid_t p = snap->groups[mid].pid;

		if (p == pid)
			return &snap->groups[mid];
		if (p < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct tgroup *snapshot_find_task_group(const struct snapshot *snap, pid_t tid)
{
	const struct tgroup *g = snapshot_find_group(snap, tid);

	if (g)
		return g;
	for (size_t i = 0; i < snap->ngroups; i++)
		for (size_t j = 0; j < snap->groups[i].ntasks; j++)
			if (snap->groups[i].tasks[j].tid == tid)
				return &snap->groups[i];
	return NULL;
}

const char *snapshot_strdup(struct snapshot *snap, const char *s)
{
	return arena_strdup(snap->arena, s);
}

const char *snapshot_strndup(struct snapshot *snap, const char *s, size_t n)
{
	return arena_strndup(snap->arena, s, n);
}

void *snapshot_alloc(struct snapshot *snap, size_t size)
{
	return arena_alloc(snap->arena, size);
}
