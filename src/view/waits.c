/* waits.c - the waits view: the kernel's wait queues made visible.  Each
 * waiting thread is keyed by what its system call waits on (decoded by
 * the source: model/causes.h), a stopped thread by its stop, the rest by
 * the kernel function they sleep in (wchan); one sort brings the threads
 * of a key together. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/causes.h"
#include "util/xalloc.h"
#include "view/waits.h"

const char waits_on_stopped[] = "job control (T)";
const char waits_on_traced[] = "a tracer (t)";
const char waits_on_unknown[] = "neither the system call nor the wait channel could be read";

/* A waiting thread with its key. */
struct keyed {
	const char *kind, *on;
	struct row row;
};

static void key_of(const struct task *t, struct keyed *k)
{
	const struct task_cause *c = t->cause;

	if (t->known & TF_BIT(TF_WAITON) && c->wait_group) {
		k->kind = wait_kind_name(c->wait_kind);
		k->on = c->wait_group;
	} else if (t->state == 'T' || t->state == 't') {
		k->kind = "stopped";
		k->on = t->state == 'T' ? waits_on_stopped : waits_on_traced;
	} else if (t->known & TF_BIT(TF_WCHAN) && t->wchan && *t->wchan) {
		k->kind = "wchan";
		k->on = t->wchan;
	} else {
		k->kind = "unknown";
		k->on = waits_on_unknown;
	}
}

static int cmp_int(long long a, long long b)
{
	return (a > b) - (a < b);
}

/* Threads in D first, then by pid and tid. */
static int cmp_rows(const struct row *a, const struct row *b)
{
	int r = cmp_int(a->t->state != 'D', b->t->state != 'D');

	if (!r)
		r = cmp_int(a->g->pid, b->g->pid);
	return r ? r : cmp_int(a->t->tid, b->t->tid);
}

static int cmp_keyed(const void *pa, const void *pb)
{
	const struct keyed *a = pa, *b = pb;
	int r = strcmp(a->kind, b->kind);

	if (!r)
		r = strcmp(a->on, b->on);
	return r ? r : cmp_rows(&a->row, &b->row);
}

static int cmp_groups(const void *pa, const void *pb)
{
	const struct wait_group *a = pa, *b = pb;
	int r = cmp_int(b->in_d, a->in_d);

	if (!r)
		r = cmp_int(b->n, a->n);
	if (!r)
		r = strcmp(a->kind, b->kind);
	return r ? r : strcmp(a->on, b->on);
}

static int cmp_running(const void *pa, const void *pb)
{
	return cmp_rows(pa, pb);
}

void waits_build(struct waits *w, const struct snapshot *snap, const struct selection *sel)
{
	struct keyed *keyed = NULL;
	size_t nkeyed = 0, cap = 0, cap_running = 0;

	*w = (struct waits){ 0 };
	for (size_t i = 0; i < snap->ngroups; i++) {
		const struct tgroup *g = &snap->groups[i];

		if (!selection_match(sel, g))
			continue;
		for (size_t j = 0; j < g->ntasks; j++) {
			const struct task *t = &g->tasks[j];

			if (!selection_task_match(sel, t) || !(t->known & TF_BIT(TF_STATE)))
				continue;
			if (t->state == 'R') {
				xgrow(&w->running, &cap_running, w->nrunning + 1, sizeof(*w->running));
				w->running[w->nrunning++] = (struct row){ .g = g, .t = t };
			} else if (task_state_waits(t->state)) {
				xgrow(&keyed, &cap, nkeyed + 1, sizeof(*keyed));
				keyed[nkeyed] = (struct keyed){ .row = { .g = g, .t = t } };
				key_of(t, &keyed[nkeyed++]);
			}
		}
	}
	if (nkeyed)
		qsort(keyed, nkeyed, sizeof(*keyed), cmp_keyed);
	if (w->nrunning)
		qsort(w->running, w->nrunning, sizeof(*w->running), cmp_running);
	w->rows = xmalloc((nkeyed + 1) * sizeof(*w->rows));
	w->groups = xmalloc((nkeyed + 1) * sizeof(*w->groups));
	for (size_t i = 0; i < nkeyed; i++) {
		struct wait_group *grp = w->ngroups ? &w->groups[w->ngroups - 1] : NULL;

		if (!grp || strcmp(grp->kind, keyed[i].kind) || strcmp(grp->on, keyed[i].on)) {
			grp = &w->groups[w->ngroups++];
			*grp = (struct wait_group){ keyed[i].kind, keyed[i].on, &w->rows[i], 0, 0 };
		}
		w->rows[i] = keyed[i].row;
		grp->n++;
		grp->in_d += keyed[i].row.t->state == 'D';
	}
	w->waiting = nkeyed;
	if (w->ngroups)
		qsort(w->groups, w->ngroups, sizeof(*w->groups), cmp_groups);
	free(keyed);
}

void waits_release(struct waits *w)
{
	free(w->groups);
	free(w->rows);
	free(w->running);
	*w = (struct waits){ 0 };
}
