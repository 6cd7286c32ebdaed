/* delta.c - time: what each task did between two snapshots of one boot. */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "model/delta.h"
#include "util/xalloc.h"

/* What the deltas are made of: the counters a task accumulates. */
static const unsigned counted_fields = TF_BIT(TF_TICS) | TF_BIT(TF_FAULTS) | TF_BIT(TF_CSW) |
				TF_BIT(TF_SCHEDSTAT) | TF_BIT(TF_IO) | TF_BIT(TF_MEM) |
				TF_BIT(TF_NLWP);

static bool same_boot(const struct host_info *now, const struct reading *before)
{
	if (now->boot_id && before->boot_id)
		return strcmp(now->boot_id, before->boot_id) == 0;
	/* btime is whole seconds; a clock step can move it by one.  A boot
	 * time not read is 0: then only the host names can tell. */
	double skew = now->boot_time - before->boot_time;

	if (now->boot_time > 0 && before->boot_time > 0 && (skew > 1.0 || skew < -1.0))
		return false;
	return !now->hostname || !before->hostname || strcmp(now->hostname, before->hostname) == 0;
}

static char *copy_text(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static struct counted_task counted(const struct task *t)
{
	return (struct counted_task){
		.start_ticks = t->start_ticks, .utime = t->utime, .stime = t->stime,
		.minflt = t->minflt, .majflt = t->majflt, .nvcsw = t->nvcsw, .nivcsw = t->nivcsw,
		.wait_ns = t->wait_ns, .read_bytes = t->read_bytes, .write_bytes = t->write_bytes,
		.rss_pages = t->rss_pages, .tid = t->tid, .nlwp = t->nlwp, .known = t->known,
		.state = t->state,
	};
}

struct reading *reading_of(const struct snapshot *snap)
{
	struct reading *r = xcalloc(1, sizeof(*r));
	size_t ntasks = 0, k = 0;

	for (size_t i = 0; i < snap->ngroups; i++)
		ntasks += snap->groups[i].ntasks;
	r->groups = xcalloc(snap->ngroups ? snap->ngroups : 1, sizeof(*r->groups));
	r->tasks = xcalloc(ntasks ? ntasks : 1, sizeof(*r->tasks));
	r->ngroups = snap->ngroups;
	for (size_t i = 0; i < snap->ngroups; i++) {
		const struct tgroup *g = &snap->groups[i];
		struct counted_group *c = &r->groups[i];

		*c = (struct counted_group){ counted(&g->self), r->tasks + k, g->ntasks, g->pid };
		for (size_t j = 0; j < g->ntasks; j++)
			r->tasks[k++] = counted(&g->tasks[j]);
	}
	r->boot_id = copy_text(snap->host.boot_id);
	r->hostname = copy_text(snap->host.hostname);
	r->boot_time = snap->host.boot_time;
	r->taken_at = snap->host.taken_at;
	return r;
}

void reading_free(struct reading *r)
{
	if (!r)
		return;
	free(r->groups);
	free(r->tasks);
	free(r->boot_id);
	free(r->hostname);
	free(r);
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

static bool same_counted(const struct task *a, const struct counted_task *b)
{
	return a->tid == b->tid && a->known & b->known & TF_BIT(TF_START) &&
	       a->start_ticks == b->start_ticks;
}

static void count_delta(struct task_delta *d, const struct task *now,
			const struct counted_task *before, long page_size)
{
	static const struct counted_task zero = { .known = ~0u };
	const struct counted_task *b = before ? before : &zero;

	d->born = before == NULL;
	d->state_before = before && before->known & TF_BIT(TF_STATE) ? before->state : 0;
	d->known = now->known & b->known & counted_fields;
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

/* The index of the first of n entries `size` bytes apart, sorted by the
 * pid_t at `tid_at` in each, whose tid is not below `want` (n when none):
 * for whole tasks and counted ones alike. */
static size_t first_tid_at_least(const void *v, size_t n, size_t size, size_t tid_at, pid_t want)
{
	const char *base = v;
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		pid_t tid;

		memcpy(&tid, base + mid * size + tid_at, sizeof(tid));
		if (tid < want)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct task *delta_find_task(const struct tgroup *g, const struct task *t)
{
	if (!g)
		return NULL;
	size_t at = first_tid_at_least(g->tasks, g->ntasks, sizeof(*g->tasks),
				       offsetof(struct task, tid), t->tid);

	return at < g->ntasks && same_task(&g->tasks[at], t) ? &g->tasks[at] : NULL;
}

static const struct counted_task *find_counted(const struct counted_group *g, const struct task *t)
{
	if (!g)
		return NULL;
	size_t at = first_tid_at_least(g->tasks, g->ntasks, sizeof(*g->tasks),
				       offsetof(struct counted_task, tid), t->tid);

	return at < g->ntasks && same_counted(t, &g->tasks[at]) ? &g->tasks[at] : NULL;
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

int delta_attach_reading(struct snapshot *now, const struct reading *before)
{
	if (!same_boot(&now->host, before))
		return DELTA_OTHER_BOOT;
	if (!(now->host.taken_at > before->taken_at))
		return DELTA_NOT_LATER;
	long page = now->host.page_size;
	size_t j = 0;

	for (size_t i = 0; i < now->ngroups; i++) {
		struct tgroup *g = &now->groups[i];
		const struct counted_group *old = NULL;

		while (j < before->ngroups && before->groups[j].pid < g->pid)
			j++;
		if (j < before->ngroups && same_counted(&g->self, &before->groups[j].self))
			old = &before->groups[j];
		struct task_delta *d = snapshot_alloc(now, sizeof(*d) * (g->ntasks + 1));

		count_delta(&d[0], &g->self, old ? &old->self : NULL, page);
		for (size_t k = 0; k < g->ntasks; k++) {
			count_delta(&d[k + 1], &g->tasks[k], find_counted(old, &g->tasks[k]), page);
			g->tasks[k].delta = &d[k + 1];
		}
		sum_threads(&d[0], g, d + 1);
		g->self.delta = &d[0];
	}
	now->interval = now->host.taken_at - before->taken_at;
	return 0;
}

int delta_attach(struct snapshot *now, const struct snapshot *before)
{
	struct reading *r = reading_of(before);
	int err = delta_attach_reading(now, r);

	reading_free(r);
	return err;
}

bool delta_task_lives_on(const struct snapshot *now, const struct task *t)
{
	const struct tgroup *g = snapshot_find_group(now, t->tgid);

	if (t->tid == t->tgid)
		return g && same_task(&g->self, t);
	return delta_find_task(g, t) != NULL;
}
