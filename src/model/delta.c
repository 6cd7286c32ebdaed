/* delta.c - time: what each task did between two snapshots of one boot. */
#include "config.h"

#include <string.h>

#include "model/delta.h"

/* What the deltas are made of: the counters a task accumulates. */
static const unsigned counted = TF_BIT(TF_TICS) | TF_BIT(TF_FAULTS) | TF_BIT(TF_CSW) |
				TF_BIT(TF_SCHEDSTAT) | TF_BIT(TF_IO) | TF_BIT(TF_MEM) |
				TF_BIT(TF_NLWP);

bool delta_same_boot(const struct snapshot *a, const struct snapshot *b)
{
	if (a->host.boot_id && b->host.boot_id)
		return strcmp(a->host.boot_id, b->host.boot_id) == 0;
	/* btime is whole seconds; a clock step can move it by one. */
	double skew = a->host.boot_time - b->host.boot_time;

	if (skew > 1.0 || skew < -1.0)
		return false;
	return !a->host.hostname || !b->host.hostname ||
	       strcmp(a->host.hostname, b->host.hostname) == 0;
}

/* A counter that went backwards (a thread that exec'd took over its
 * leader's id) gained nothing. */
static unsigned long long gained(unsigned long long now, unsigned long long before)
{
	return now > before ? now - before : 0;
}

static bool same_task(const struct task *a, const struct task *b)
{
	return a->tid == b->tid && a->known & b->known & TF_BIT(TF_START) &&
	       a->start_ticks == b->start_ticks;
}

static void count_delta(struct task_delta *d, const struct task *now, const struct task *before,
			long page_size)
{
	static const struct task zero = { .known = ~0u };
	const struct task *b = before ? before : &zero;

	d->born = before == NULL;
	d->state_before = before && before->known & TF_BIT(TF_STATE) ? before->state : 0;
	d->known = now->known & b->known & counted;
	d->utime = gained(now->utime, b->utime);
	d->stime = gained(now->stime, b->stime);
	d->minflt = gained(now->minflt, b->minflt);
	d->majflt = gained(now->majflt, b->majflt);
	d->nvcsw = gained(now->nvcsw, b->nvcsw);
	d->nivcsw = gained(now->nivcsw, b->nivcsw);
	d->wait_ns = gained(now->wait_ns, b->wait_ns);
	d->read_bytes = gained(now->read_bytes, b->read_bytes);
	d->write_bytes = gained(now->write_bytes, b->write_bytes);
	d->rss_bytes = ((long long)now->rss_pages - (long long)b->rss_pages) * page_size;
	d->nlwp = now->nlwp - b->nlwp;
}

const struct task *delta_find_task(const struct tgroup *g, const struct task *t)
{
	size_t lo = 0, hi = g ? g->ntasks : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (g->tasks[mid].tid < t->tid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < (g ? g->ntasks : 0) && same_task(&g->tasks[lo], t) ? &g->tasks[lo] : NULL;
}

/* A process's switches and run-queue wait are its threads' sum (its own
 * status and schedstat are the leader's): known when every thread's is. */
static void sum_threads(struct task_delta *self, const struct tgroup *g,
			const struct task_delta *threads)
{
	const unsigned summed = TF_BIT(TF_CSW) | TF_BIT(TF_SCHEDSTAT);
	unsigned known = g->tasks_read && g->ntasks ? summed : 0;

	self->nvcsw = self->nivcsw = self->wait_ns = 0;
	for (size_t i = 0; i < g->ntasks; i++) {
		known &= threads[i].known;
		self->nvcsw += threads[i].nvcsw;
		self->nivcsw += threads[i].nivcsw;
		self->wait_ns += threads[i].wait_ns;
	}
	self->known = (self->known & ~summed) | known;
}

int delta_attach(struct snapshot *now, const struct snapshot *before)
{
	if (!delta_same_boot(now, before))
		return DELTA_OTHER_BOOT;
	if (!(now->host.taken_at > before->host.taken_at))
		return DELTA_NOT_LATER;
	long page = now->host.page_size;
	size_t j = 0;

	for (size_t i = 0; i < now->ngroups; i++) {
		struct tgroup *g = &now->groups[i];
		const struct tgroup *old = NULL;

		while (j < before->ngroups && before->groups[j].pid < g->pid)
			j++;
		if (j < before->ngroups && same_task(&before->groups[j].self, &g->self))
			old = &before->groups[j];
		struct task_delta *d = snapshot_alloc(now, sizeof(*d) * (g->ntasks + 1));

		count_delta(&d[0], &g->self, old ? &old->self : NULL, page);
		for (size_t k = 0; k < g->ntasks; k++) {
			count_delta(&d[k + 1], &g->tasks[k], delta_find_task(old, &g->tasks[k]), page);
			g->tasks[k].delta = &d[k + 1];
		}
		sum_threads(&d[0], g, d + 1);
		g->self.delta = &d[0];
	}
	now->interval = now->host.taken_at - before->host.taken_at;
	return 0;
}

bool delta_task_lives_on(const struct snapshot *now, const struct task *t)
{
	const struct tgroup *g = snapshot_find_group(now, t->tgid);

	if (t->tid == t->tgid)
		return g && same_task(&g->self, t);
	return delta_find_task(g, t) != NULL;
}
