/* tree.c - processes arranged by parent, threads inside their process.
 *
 * Parents come from each process's ppid (the kernel's real_parent).  The
 * walk is iterative, so a chain thousands deep cannot exhaust the stack. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "view/tree.h"

static void emit(struct tree *out, const struct tgroup *g, const struct task *t,
		 unsigned depth, bool last, bool new_pidns)
{
	xgrow(&out->rows, &out->cap, out->n + 1, sizeof(struct tree_row));
	out->rows[out->n++] = (struct tree_row){ { .g = g, .t = t }, depth, last, new_pidns };
}

static bool has_pid(const struct selection *sel, pid_t pid)
{
	for (size_t i = 0; i < sel->npids; i++)
		if (sel->pids[i] == pid)
			return true;
	return false;
}

/* -u and -C select matching processes only; -p selects whole subtrees. */
static bool matches_other(const struct selection *sel, const struct tgroup *g)
{
	struct selection other = *sel;

	other.npids = 0;
	return (other.nuids || other.nnames) && selection_match(&other, g);
}

enum { UNKNOWN = 0, INSIDE, OUTSIDE };

/* Marks which groups are shown.  `parent[i]` is i's parent index or -1. */
static void mark_shown(const struct snapshot *snap, const struct tree_opts *o,
		       const long *parent, bool *shown)
{
	size_t n = snap->ngroups;
	unsigned char *in_subtree = xcalloc(n + 1, 1);
	long *path = xmalloc((n + 1) * sizeof(long));

	for (size_t i = 0; i < n; i++) {
		/* Walk up until a selected pid or a known answer, then record
		 * the answer along the path. */
		size_t len = 0;
		long j = (long)i;
		unsigned char ans = OUTSIDE;

		while (j >= 0 && len <= n) {
			if (in_subtree[j] != UNKNOWN) {
				ans = in_subtree[j];
				break;
			}
			path[len++] = j;
			if (has_pid(&o->sel, snap->groups[j].pid)) {
				ans = INSIDE;
				break;
			}
			j = parent[j];
		}
		for (size_t k = 0; k < len; k++)
			in_subtree[path[k]] = ans;
	}
	for (size_t i = 0; i < n; i++) {
		const struct tgroup *g = &snap->groups[i];

		shown[i] = in_subtree[i] == INSIDE || matches_other(&o->sel, g);
	}
	if (o->ancestors) {
		for (size_t i = 0; i < n; i++) {
			const struct tgroup *g = &snap->groups[i];

			if (!has_pid(&o->sel, g->pid) && !matches_other(&o->sel, g))
				continue;
			size_t steps = 0;

			for (long j = parent[i]; j >= 0 && !shown[j] && steps++ < n; j = parent[j])
				shown[j] = true;
		}
	}
	free(in_subtree);
	free(path);
}

static bool starts_pidns(const struct tgroup *g, const struct tgroup *parent)
{
	unsigned nspid = TF_BIT(TF_NSPID);

	return parent && (g->self.known & nspid) && (parent->self.known & nspid) &&
	       g->self.nspid_len > parent->self.nspid_len;
}

void tree_build(struct tree *out, const struct snapshot *snap, const struct tree_opts *o)
{
	size_t n = snap->ngroups;
	const size_t idle = n, top = n + 1;   /* two extra nodes */
	long *parent = xmalloc((n + 1) * sizeof(long));
	size_t *owner = xmalloc((n + 1) * sizeof(size_t));   /* node each group hangs from */
	size_t *start = xcalloc(n + 3, sizeof(size_t));
	bool *shown = xcalloc(n + 1, sizeof(bool));
	bool whole = selection_empty(&o->sel);

	out->n = 0;
	memset(&out->idle, 0, sizeof(out->idle));
	out->idle.self.comm = "swapper";
	out->idle.argv_known = true;

	for (size_t i = 0; i < n; i++) {
		const struct tgroup *g = &snap->groups[i];
		const struct tgroup *p = g->self.ppid != g->pid ? snapshot_find_group(snap, g->self.ppid) : NULL;

		parent[i] = p ? (long)(p - snap->groups) : -1;
	}
	if (whole)
		for (size_t i = 0; i < n; i++)
			shown[i] = true;
	else
		mark_shown(snap, o, parent, shown);

	/* Children in CSR form: node k's children are kids[start[k]..start[k+1]). */
	bool use_idle = false;
	for (size_t i = 0; i < n; i++) {
		if (!shown[i])
			continue;
		if (parent[i] >= 0 && shown[parent[i]])
			owner[i] = (size_t)parent[i];
		else if (whole && snap->groups[i].self.ppid == 0)
			owner[i] = idle, use_idle = true;
		else
			owner[i] = top;
		start[owner[i] + 1]++;
	}
	if (use_idle)
		start[top + 1]++;
	for (size_t k = 1; k < n + 3; k++)
		start[k] += start[k - 1];

	struct row *kids = xmalloc((start[n + 2] + 1) * sizeof(struct row));
	size_t *fill = xmalloc((n + 2) * sizeof(size_t));

	memcpy(fill, start, (n + 2) * sizeof(size_t));
	for (size_t i = 0; i < n; i++)
		if (shown[i])
			kids[fill[owner[i]]++] = (struct row){ .g = &snap->groups[i] };
	if (use_idle)
		kids[fill[top]++] = (struct row){ .g = &out->idle };

	/* Siblings by the sort keys, else by start time; then by pid. */
	struct sort_key by_start = { column_find("START"), false };
	const struct sort_key *keys = o->nkeys ? o->keys : &by_start;
	size_t nkeys = o->nkeys ? o->nkeys : 1;

	for (size_t k = 0; k < n + 2; k++)
		view_sort(kids + start[k], start[k + 1] - start[k], snap, keys, nkeys);

	/* Depth-first walk with an explicit stack of (node, next child). */
	struct frame {
		size_t node, next;
	} *stack = xmalloc((n + 3) * sizeof(struct frame));
	size_t sp = 0;

	stack[sp++] = (struct frame){ top, start[top] };
	while (sp) {
		struct frame *f = &stack[sp - 1];

		if (f->next == start[f->node + 1]) {
			sp--;
			continue;
		}
		size_t k = f->next++;
		const struct tgroup *g = kids[k].g;
		size_t node = g == &out->idle ? idle : (size_t)(g - snap->groups);
		unsigned depth = (unsigned)sp - 1;
		bool has_kids = start[node + 1] > start[node];
		const struct tgroup *pg = f->node < n ? &snap->groups[f->node] : NULL;

		emit(out, g, NULL, depth, f->next == start[f->node + 1], starts_pidns(g, pg));
		if (o->threads && g->ntasks) {
			/* The leader first, then the others by tid. */
			for (int pass = 0; pass < 2; pass++)
				for (size_t j = 0; j < g->ntasks; j++)
					if ((g->tasks[j].tid == g->pid) == (pass == 0))
						emit(out, g, &g->tasks[j], depth + 1, false, false);
			out->rows[out->n - 1].last = !has_kids;
		}
		stack[sp++] = (struct frame){ node, start[node] };
	}

	free(stack);
	free(fill);
	free(kids);
	free(shown);
	free(start);
	free(owner);
	free(parent);
}

void tree_release(struct tree *t)
{
	free(t->rows);
	t->rows = NULL;
	t->n = t->cap = 0;
}

bool tree_is_idle(const struct tree *t, const struct tgroup *g)
{
	return g == &t->idle;
}
