/* refresh.c - the browser's data: what each screen needs read, reading
 * it again on time, and the processes that exited since the last read. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "browser/state.h"
#include "model/delta.h"
#include "model/snapshot_copy.h"
#include "util/i18n.h"
#include "util/xalloc.h"

double browser_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
		return (double)time(NULL);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}


/* What the list's columns, sort keys and threads shown need, plus every
 * thread's state for the header's counts. */
static unsigned list_needs(const struct browser *b)
{
	struct options o = *b->bo->o;
	struct column_list cl = { (const struct column **)b->cols, b->ncols };
	unsigned needs;

	o.tree = b->tree;
	o.lwps = b->all_threads;
	o.maps = false;
	needs = choose_needs(&o, &cl, b->keys, b->nkeys) | NEED_TASKS;
	if (b->all_threads)
		needs |= NEED_WCHAN;
	return needs;
}

/* Thread rows show the thread's own time, its wait channel, and what the
 * columns need per thread. */
static unsigned thread_needs(const struct browser *b)
{
	unsigned needs = list_needs(b) | NEED_WCHAN;

	for (size_t i = 0; i < b->ncols; i++)
		needs |= b->cols[i]->task_needs;
	for (size_t i = 0; i < b->nkeys; i++)
		needs |= b->keys[i].col->task_needs;
	return needs;
}

static void merge_gone(struct browser *b, struct snapshot *snap)
{
	struct pidset gone = { 0 };
	const struct snapshot *old = b->snap;

	/* Find them all first: the copies end the new groups' pid order,
	 * which snapshot_find_group() needs, until snapshot_finish(). */
	for (size_t i = 0; i < old->ngroups; i++) {
		const struct tgroup *g = &old->groups[i];

		if (!pidset_has(&b->gone, g->pid) && !snapshot_find_group(snap, g->pid))
			pidset_add(&gone, g->pid);
	}
	/* Copied into the new picture, a process that exited is placed by the
	 * tree and shown as gone for one refresh. */
	for (size_t i = 0; i < gone.n; i++)
		snapshot_copy_group(snap, snapshot_find_group(old, gone.v[i]))->maps_err = -ESRCH;
	if (gone.n)
		snapshot_finish(snap);
	pidset_release(&b->gone);
	b->gone = gone;
}

/* The per-CPU counters of the reading before, for the header's bars. */
static void keep_cpu_ticks(struct browser *b, const struct snapshot *before)
{
	const struct host_info *h = &before->host;

	b->ncpus_before = 0;
	if (!(h->known & HF_BIT(HF_CPUS)))
		return;
	b->cpus_before = xrealloc(b->cpus_before, sizeof(*h->cpus) * ((size_t)h->ncpus + 1));
	memcpy(b->cpus_before, h->cpus, sizeof(*h->cpus) * (size_t)h->ncpus);
	b->cpu_total_before = h->cpu_total;
	b->ncpus_before = h->ncpus;
}

static void count_tasks(struct browser *b)
{
	const struct snapshot *s = b->snap;

	b->nprocs = b->nkernel = b->ntasks = 0;
	memset(b->states, 0, sizeof(b->states));
	for (size_t i = 0; i < s->ngroups; i++) {
		const struct tgroup *g = &s->groups[i];

		if (pidset_has(&b->gone, g->pid))
			continue;
		b->nprocs++;
		b->nkernel += g->is_kernel;
		if (!g->tasks_read) {
			unsigned char st = (unsigned char)g->self.state;

			b->ntasks++;
			if ((g->self.known & TF_BIT(TF_STATE)) && st < 128)
				b->states[st]++;
			continue;
		}
		b->ntasks += g->ntasks;
		for (size_t j = 0; j < g->ntasks; j++) {
			unsigned char st = (unsigned char)g->tasks[j].state;

			if ((g->tasks[j].known & TF_BIT(TF_STATE)) && st < 128)
				b->states[st]++;
		}
	}
}

/* The expanded threads' fresh read shows the rates the list measured
 * for the same tasks (over the list's interval). */
static void share_rates(struct snapshot *aux, const struct snapshot *list)
{
	aux->interval = list->interval;
	for (size_t i = 0; i < aux->ngroups; i++) {
		struct tgroup *g = &aux->groups[i];
		const struct tgroup *lg = snapshot_find_group(list, g->pid);

		for (size_t j = 0; lg && j < g->ntasks; j++) {
			const struct task *lt = list_find_task(lg, g->tasks[j].tid);

			if (lt && lt->delta && lt->start_ticks == g->tasks[j].start_ticks) {
				struct task_delta *d = snapshot_alloc(aux, sizeof(*d));

				*d = *lt->delta;
				g->tasks[j].delta = d;
			}
		}
	}
}

void browser_refresh_threads(struct browser *b)
{
	struct live_request req = { .needs = thread_needs(b), .refreshing = true };
	int err;

	snapshot_free(b->aux);
	b->aux = NULL;
	if (!source_can_refresh(b->src) || b->all_threads || b->expanded.n == 0)
		return;
	req.pids = b->expanded.v;
	req.npids = b->expanded.n;
	/* On failure the thread rows show what the list read. */
	b->aux = source_snapshot(b->src, &req, &err);
	if (b->aux && b->snap)
		share_rates(b->aux, b->snap);
}

/* Says why a read failed; a failed first read ends the browser with
 * read_status. */
static void say_read_error(struct browser *b, int err)
{
	struct sbuf why = { 0 };

	b->read_status = source_explain(b->src, err, &why);
	browser_say(b, "%s", sbuf_cstr(&why));
	sbuf_release(&why);
}

void browser_refresh(struct browser *b)
{
	struct live_request req = { .needs = list_needs(b), .refreshing = true };
	struct snapshot *snap;
	double start, end;
	int err;

	if (b->snap && !source_can_refresh(b->src)) {
		browser_say(b, _("a saved snapshot does not change"));
		return;
	}
	start = browser_now();
	snap = source_snapshot(b->src, &req, &err);
	end = browser_now();
	/* Refreshes start a delay apart, as htop's do; one that took longer
	 * than that is followed by as long a rest, so keys still get in. */
	b->next_refresh = start + b->bo->delay;
	if (b->next_refresh < end + (end - start))
		b->next_refresh = end + (end - start);
	if (!snap) {
		say_read_error(b, err);
		return;
	}
	if (b->snap) {
		/* The rates of this refresh: what each task did since the last. */
		delta_attach(snap, b->snap);
		keep_cpu_ticks(b, b->snap);
		merge_gone(b, snap);
	}
	snapshot_free(b->snap);
	b->snap = snap;
	b->needs = req.needs;
	pidset_prune(&b->expanded, snap);
	pidset_prune(&b->collapsed, snap);
	browser_refresh_threads(b);
	count_tasks(b);
	b->rows_dirty = true;
}

void browser_mode_changed(struct browser *b)
{
	b->rows_dirty = true;
	if (source_can_refresh(b->src) && !b->paused && (list_needs(b) & ~b->needs))
		browser_refresh(b);
}

void browser_refresh_screen(struct browser *b)
{
	b->next_refresh = browser_now() + b->bo->delay;
	if (b->screen == SCREEN_DETAILS) {
		details_read(b);
		details_build(b);
	} else if (b->screen == SCREEN_MAPS) {
		maps_read(b);
		maps_build(b);
	} else if (b->screen == SCREEN_WAITS) {
		waits_read(b);
		waits_screen_build(b);
	} else if (b->screen == SCREEN_CHANGES) {
		size_t top = b->page.top;

		changes_build(b);
		b->page.top = top;
	}
}

