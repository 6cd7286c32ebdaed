/* view.c - selection, thread expansion and ordering of rows. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "view/view.h"
#include "util/xalloc.h"

bool selection_empty(const struct selection *sel)
{
	return !sel->by_pid && sel->npids == 0 && sel->nuids == 0 && sel->nnames == 0;
}

bool selection_task_match(const struct selection *sel, const struct task *t)
{
	return !sel->states || (t->state && strchr(sel->states, t->state));
}

bool selection_states_match(const struct selection *sel, const struct tgroup *g)
{
	if (!sel->states)
		return true;
	if (!g->tasks_read)
		return selection_task_match(sel, &g->self);
	for (const char *s = sel->states; *s; s++)
		if (g->state_counts[(unsigned char)*s])
			return true;
	return false;
}

/* Several selections combine as a union, as in ps. */
static bool union_match(const struct selection *sel, const struct tgroup *g)
{
	if (selection_empty(sel))
		return true;
	for (size_t i = 0; i < sel->npids; i++)
		if (sel->pids[i] == g->pid)
			return true;
	if (g->self.known & TF_BIT(TF_CREDS) && g->self.creds->known & CREDS_UID(CRED_EFFECTIVE))
		for (size_t i = 0; i < sel->nuids; i++)
			if (sel->uids[i] == g->self.creds->uid[CRED_EFFECTIVE])
				return true;
	for (size_t i = 0; i < sel->nnames; i++)
		if (g->self.comm && strcmp(sel->names[i], g->self.comm) == 0)
			return true;
	return false;
}

/* The union of -p, -u and -C, narrowed by --state. */
bool selection_match(const struct selection *sel, const struct tgroup *g)
{
	return union_match(sel, g) && selection_states_match(sel, g);
}

static void add_row(struct rows *out, const struct tgroup *g, const struct task *t)
{
	xgrow(&out->rows, &out->cap, out->n + 1, sizeof(struct row));
	out->rows[out->n++] = (struct row){ .g = g, .t = t };
}

void view_build(struct rows *out, const struct snapshot *snap, const struct view_opts *o)
{
	out->n = 0;
	for (size_t i = 0; i < snap->ngroups; i++) {
		const struct tgroup *g = &snap->groups[i];

		if (!selection_match(&o->sel, g))
			continue;
		if (!o->threads) {
			add_row(out, g, NULL);
			continue;
		}
		for (size_t j = 0; j < g->ntasks; j++)
			if (selection_task_match(&o->sel, &g->tasks[j]))
				add_row(out, g, &g->tasks[j]);
	}
	if (o->nkeys)
		view_sort(out->rows, out->n, snap, o->keys, o->nkeys);
}

static int cmp_ll(long long a, long long b)
{
	return (a > b) - (a < b);
}

/* Known values first, then absent, then unknown: in either direction. */
static int rank(const struct value *v)
{
	return v->kind == V_UNKNOWN ? 2 : v->kind == V_NONE ? 1 : 0;
}

/* Two known values. */
static int cmp_values(const struct value *a, const struct value *b)
{
	/* A column of numbers and words ("unlimited"): numbers first. */
	if (a->kind != b->kind)
		return cmp_ll(a->kind, b->kind);
	switch (a->kind) {
	case V_INT:
		return cmp_ll(a->i, b->i);
	case V_STR:
		return strcmp(a->s, b->s);
	case V_ARGV:
		for (int i = 0; i < a->n && i < b->n; i++) {
			int c = strcmp(a->argv[i], b->argv[i]);

			if (c)
				return c;
		}
		return cmp_ll(a->n, b->n);
	case V_PIDS:
		return cmp_ll(a->n ? a->pids[a->n - 1] : 0, b->n ? b->pids[b->n - 1] : 0);
	case V_IDS:
		for (int i = 0; i < a->n && i < b->n; i++)
			if (a->ids[i] != b->ids[i])
				return cmp_ll(a->ids[i], b->ids[i]);
		return cmp_ll(a->n, b->n);
	default:
		return 0;
	}
}

/* qsort has no context argument; the keys live here while sorting. */
static struct {
	const struct snapshot *snap;
	const struct sort_key *keys;
	size_t nkeys;
} sort_ctx;

static int cmp_rows(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	struct value va, vb;

	for (size_t k = 0; k < sort_ctx.nkeys; k++) {
		const struct column *c = sort_ctx.keys[k].col;

		memset(&va, 0, sizeof(va));
		memset(&vb, 0, sizeof(vb));
		c->get(a, sort_ctx.snap, &va);
		c->get(b, sort_ctx.snap, &vb);
		if (rank(&va) != rank(&vb))
			return cmp_ll(rank(&va), rank(&vb));
		int r = rank(&va) ? 0 : cmp_values(&va, &vb);

		if (r)
			return sort_ctx.keys[k].descending ? -r : r;
	}
	int r = cmp_ll(a->g->pid, b->g->pid);

	if (!r && a->l && b->l)   /* a process's limits keep the kernel's order */
		return cmp_ll(a->l - a->g->limits, b->l - b->g->limits);
	return r ? r : cmp_ll(row_task(a)->tid, row_task(b)->tid);
}

void view_sort(struct row *rows, size_t n, const struct snapshot *snap,
	       const struct sort_key *keys, size_t nkeys)
{
	sort_ctx.snap = snap;
	sort_ctx.keys = keys;
	sort_ctx.nkeys = nkeys;
	qsort(rows, n, sizeof(struct row), cmp_rows);
}

void rows_release(struct rows *r)
{
	free(r->rows);
	r->rows = NULL;
	r->n = r->cap = 0;
}
