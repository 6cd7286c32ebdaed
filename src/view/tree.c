/* tree.c - processes arranged by parent, threads inside their process.
 *
 * Parents come from each process's ppid (the kernel's real_parent); with
 * threads shown, a child forked by a thread other than the leader hangs
 * from that thread's row when its parent_tid is known.  A cycle of ppids
 * is broken at its lowest pid.  Every walk is iterative, so a chain
 * thousands deep cannot exhaust the stack. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "view/tree.h"

static void emit(struct tree *out, const struct tgroup *g, const struct task *t,
		 unsigned depth, bool last, bool new_pidns, bool cycle)
{
	xgrow(&out->rows, &out->cap, out->n + 1, sizeof(struct tree_row));
	out->rows[out->n++] = (struct tree_row){ { .g = g, .t = t }, depth, last, new_pidns, cycle };
}

/* Parents that lead round a cycle (a snapshot can say anything) would
 * hide every process in and under it: in each cycle the process with the
 * lowest pid loses its parent and becomes a root, marked in `cut`.  Each
 * walk goes up from an unvisited process until it meets one already seen:
 * in this walk, a cycle; in an earlier one, none. */
static void break_cycles(const struct snapshot *snap, long *parent, bool *cut)
{
	size_t n = snap->ngroups;
	size_t *walk = xcalloc(n + 1, sizeof(size_t));   /* 1 + the walk that saw it */

	for (size_t i = 0; i < n; i++) {
		long j = (long)i;

		while (j >= 0 && !walk[j]) {
			walk[j] = i + 1;
			j = parent[j];
		}
		if (j < 0 || walk[j] != i + 1)
			continue;
		long low = j;

		for (long k = parent[j]; k != j; k = parent[k])
			if (snap->groups[k].pid < snap->groups[low].pid)
				low = k;
		parent[low] = -1;
		cut[low] = true;
	}
	free(walk);
}

/* -p and -C select whole subtrees (a process and what it started); -u
 * selects the matching processes only. */
static bool roots_subtree(const struct selection *sel, const struct tgroup *g)
{
	struct selection roots = *sel;

	roots.nuids = 0;
	roots.states = NULL;   /* applied to what the others chose */
	return (roots.npids || roots.nnames) && selection_match(&roots, g);
}

static bool matches_user(const struct selection *sel, const struct tgroup *g)
{
	struct selection users = *sel;

	users.npids = 0;
	users.nnames = 0;
	users.states = NULL;
	return users.nuids && selection_match(&users, g);
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
			if (roots_subtree(&o->sel, &snap->groups[j])) {
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

		shown[i] = in_subtree[i] == INSIDE || matches_user(&o->sel, g);
	}
	if (o->ancestors) {
		for (size_t i = 0; i < n; i++) {
			const struct tgroup *g = &snap->groups[i];

			if (!roots_subtree(&o->sel, g) && !matches_user(&o->sel, g))
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

/* Index of thread `tid` in g->tasks (sorted by tid), or g->ntasks. */
static size_t find_task(const struct tgroup *g, pid_t tid)
{
	size_t lo = 0, hi = g->ntasks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (g->tasks[mid].tid < tid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < g->ntasks && g->tasks[lo].tid == tid ? lo : g->ntasks;
}

/* The node a child of group `pi` hangs from: the node of the thread that
 * forked it when that is a thread in the snapshot other than the leader
 * (`tbase` given), else the group's own. */
static size_t hang_from(const struct snapshot *snap, const size_t *tbase, size_t pi,
			const struct tgroup *child)
{
	const struct tgroup *p = &snap->groups[pi];
	size_t j;

	if (!tbase || !child->parent_tid || child->parent_tid == p->pid)
		return pi;
	j = find_task(p, child->parent_tid);
	return j < p->ntasks ? tbase[pi] + j : pi;
}

/* Index in g->tasks of the thread shown at `pos`: the leader (at `lead`,
 * or g->ntasks when absent) first, then the others by tid. */
static size_t thread_at(const struct tgroup *g, size_t lead, size_t pos)
{
	if (lead == g->ntasks)
		return pos;
	if (pos == 0)
		return lead;
	return pos - 1 < lead ? pos - 1 : pos;
}

/* A node being walked: its children kids[next..], after its group's
 * threads when it is a process shown with them. */
struct frame {
	size_t node, next;
	size_t thread, nthreads;     /* next thread position, how many */
	size_t lead;                 /* the leader's index in g->tasks */
	const struct tgroup *g;      /* the node's group; NULL for top and idle */
};

/* One build's working state.  Nodes are the groups by index, then idle
 * (pid 0), then top (the root above every shown root), then, with thread
 * parents, every task: task j of group i is node tbase[i] + j. */
struct builder {
	const struct snapshot *snap;
	const struct tree_opts *o;
	struct tree *out;
	size_t n, idle, top, nodes;
	bool whole;              /* no selection: the whole machine under idle */
	bool use_idle;
	long *parent;            /* group index of each group's parent, or -1 */
	bool *cut;               /* made a root to break a cycle */
	bool *shown;
	size_t *tbase;           /* NULL without thread parents */
	size_t *owner;           /* the node each shown group hangs from */
	size_t *start;           /* node k's children are kids[start[k]..start[k+1]) */
	struct row *kids;
};

/* Phase 1: the nodes, a thread's own when children may hang from it. */
static void number_nodes(struct builder *b)
{
	b->idle = b->n;
	b->top = b->n + 1;
	b->nodes = b->n + 2;
	if (!(b->o->threads && b->o->thread_parents))
		return;
	b->tbase = xmalloc((b->n + 1) * sizeof(size_t));
	for (size_t i = 0; i < b->n; i++) {
		b->tbase[i] = b->nodes;
		b->nodes += b->snap->groups[i].ntasks;
	}
}

/* Phase 2: each group's parent, cycles broken, and which groups show. */
static void link_parents(struct builder *b)
{
	const struct snapshot *snap = b->snap;

	b->parent = xmalloc((b->n + 1) * sizeof(long));
	b->cut = xcalloc(b->n + 1, sizeof(bool));
	b->shown = xcalloc(b->n + 1, sizeof(bool));
	for (size_t i = 0; i < b->n; i++) {
		const struct tgroup *g = &snap->groups[i];
		const struct tgroup *p = g->self.ppid != g->pid ? snapshot_find_group(snap, g->self.ppid) : NULL;

		b->parent[i] = p ? (long)(p - snap->groups) : -1;
	}
	break_cycles(snap, b->parent, b->cut);
	if (b->whole || selection_empty(&b->o->sel))
		for (size_t i = 0; i < b->n; i++)
			b->shown[i] = true;
	else
		mark_shown(snap, b->o, b->parent, b->shown);
	/* --state narrows what the selections chose. */
	for (size_t i = 0; i < b->n; i++)
		b->shown[i] = b->shown[i] && selection_states_match(&b->o->sel, &snap->groups[i]);
}

/* Phase 3: every shown group under the node it hangs from, in CSR form. */
static void hang_children(struct builder *b)
{
	size_t *start = xcalloc(b->nodes + 1, sizeof(size_t));
	size_t *fill = xmalloc(b->nodes * sizeof(size_t));

	b->owner = xmalloc((b->n + 1) * sizeof(size_t));
	for (size_t i = 0; i < b->n; i++) {
		long p = b->parent[i];

		if (!b->shown[i])
			continue;
		if (p >= 0 && b->shown[p])
			b->owner[i] = hang_from(b->snap, b->tbase, (size_t)p, &b->snap->groups[i]);
		else if (b->whole && b->snap->groups[i].self.ppid == 0)
			b->owner[i] = b->idle, b->use_idle = true;
		else
			b->owner[i] = b->top;
		start[b->owner[i] + 1]++;
	}
	if (b->use_idle)
		start[b->top + 1]++;
	for (size_t k = 1; k <= b->nodes; k++)
		start[k] += start[k - 1];

	b->kids = xmalloc((start[b->nodes] + 1) * sizeof(struct row));
	memcpy(fill, start, b->nodes * sizeof(size_t));
	for (size_t i = 0; i < b->n; i++)
		if (b->shown[i])
			b->kids[fill[b->owner[i]]++] = (struct row){ .g = &b->snap->groups[i] };
	if (b->use_idle)
		b->kids[fill[b->top]++] = (struct row){ .g = &b->out->idle };
	free(fill);
	b->start = start;
}

/* Phase 4: siblings by the sort keys, else by start time; then by pid. */
static void sort_siblings(struct builder *b)
{
	struct sort_key by_start = { column_of(COL_START), false };
	const struct sort_key *keys = b->o->nkeys ? b->o->keys : &by_start;
	size_t nkeys = b->o->nkeys ? b->o->nkeys : 1;

	for (size_t k = 0; k < b->nodes; k++)
		view_sort(b->kids + b->start[k], b->start[k + 1] - b->start[k], b->snap, keys, nkeys);
}

/* A thread row is shown when --state keeps it, or when processes it
 * forked hang from it. */
static bool thread_shown(const struct builder *b, const struct frame *f, size_t j)
{
	size_t tn = b->tbase ? b->tbase[f->node] + j : 0;

	return selection_task_match(&b->o->sel, &f->g->tasks[j]) ||
	       (b->tbase && b->start[tn + 1] > b->start[tn]);
}

/* Phase 5: the rows, depth-first with an explicit stack; a chain of
 * processes has at most one thread frame between each two. */
static void walk(struct builder *b)
{
	const size_t *start = b->start, *tbase = b->tbase;
	struct frame *stack = xmalloc((2 * b->n + 4) * sizeof(struct frame));
	size_t sp = 0;

	stack[sp++] = (struct frame){ .node = b->top, .next = start[b->top] };
	while (sp) {
		struct frame *f = &stack[sp - 1];
		unsigned depth = (unsigned)sp - 1;
		bool no_kids = f->next == start[f->node + 1];

		if (f->thread < f->nthreads) {
			size_t j = thread_at(f->g, f->lead, f->thread++);
			size_t tn = tbase ? tbase[f->node] + j : 0;

			if (!thread_shown(b, f, j))
				continue;
			while (f->thread < f->nthreads &&
			       !thread_shown(b, f, thread_at(f->g, f->lead, f->thread)))
				f->thread++;
			emit(b->out, f->g, &f->g->tasks[j], depth, f->thread == f->nthreads && no_kids,
			     false, false);
			if (tbase && start[tn + 1] > start[tn])
				stack[sp++] = (struct frame){ .node = tn, .next = start[tn], .g = f->g };
			continue;
		}
		if (no_kids) {
			sp--;
			continue;
		}
		size_t k = f->next++;
		const struct tgroup *g = b->kids[k].g;
		size_t node = g == &b->out->idle ? b->idle : (size_t)(g - b->snap->groups);
		bool threads = node < b->n && b->o->threads;

		emit(b->out, g, NULL, depth, f->next == start[f->node + 1], starts_pidns(g, f->g),
		     node < b->n && b->cut[node]);
		stack[sp++] = (struct frame){
			.node = node, .next = start[node],
			.nthreads = threads ? g->ntasks : 0,
			.lead = threads ? find_task(g, g->pid) : 0,
			.g = node < b->n ? g : NULL,
		};
	}
	free(stack);
}

void tree_build(struct tree *out, const struct snapshot *snap, const struct tree_opts *o)
{
	struct builder b = {
		.snap = snap, .o = o, .out = out, .n = snap->ngroups,
		.whole = selection_empty(&o->sel) && !o->sel.states,
	};

	out->n = 0;
	memset(&out->idle, 0, sizeof(out->idle));
	out->idle.self.comm = "swapper";
	out->idle.argv_known = true;

	number_nodes(&b);
	link_parents(&b);
	hang_children(&b);
	sort_siblings(&b);
	walk(&b);

	free(b.kids);
	free(b.shown);
	free(b.cut);
	free(b.start);
	free(b.tbase);
	free(b.owner);
	free(b.parent);
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
