/* list.c - the rows of the browser's main list.
 *
 * The tree comes from tree_build() (threads included when any process
 * shows them); one pass then drops what is hidden, folds collapsed
 * subtrees into their totals, and a backward pass redraws which row is
 * the last of its siblings, so tree_art draws the branches right. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "browser/list.h"
#include "util/xalloc.h"

/* ---- pid sets ---- */

static size_t pidset_find(const struct pidset *s, pid_t pid)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->v[mid] < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool pidset_has(const struct pidset *s, pid_t pid)
{
	size_t i = s ? pidset_find(s, pid) : 0;

	return s && i < s->n && s->v[i] == pid;
}

void pidset_add(struct pidset *s, pid_t pid)
{
	size_t i = pidset_find(s, pid);

	if (i < s->n && s->v[i] == pid)
		return;
	xgrow(&s->v, &s->cap, s->n + 1, sizeof(pid_t));
	memmove(s->v + i + 1, s->v + i, (s->n - i) * sizeof(pid_t));
	s->v[i] = pid;
	s->n++;
}

void pidset_del(struct pidset *s, pid_t pid)
{
	size_t i = pidset_find(s, pid);

	if (i == s->n || s->v[i] != pid)
		return;
	memmove(s->v + i, s->v + i + 1, (s->n - i - 1) * sizeof(pid_t));
	s->n--;
}

bool pidset_toggle(struct pidset *s, pid_t pid)
{
	if (pidset_has(s, pid)) {
		pidset_del(s, pid);
		return false;
	}
	pidset_add(s, pid);
	return true;
}

void pidset_prune(struct pidset *s, const struct snapshot *snap)
{
	size_t k = 0;

	for (size_t i = 0; i < s->n; i++)
		if (snapshot_find_group(snap, s->v[i]))
			s->v[k++] = s->v[i];
	s->n = k;
}

void pidset_release(struct pidset *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* ---- matching ---- */

static bool all_digits(const char *q)
{
	if (!*q)
		return false;
	for (; *q; q++)
		if (*q < '0' || *q > '9')
			return false;
	return true;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Raw bytes are compared as bytes: a name with escapes matches what can
 * be typed of it. */
static bool contains(const char *hay, const char *q)
{
	if (!hay || !*q)
		return false;
	for (; *hay; hay++) {
		size_t i = 0;

		while (q[i] && hay[i] && lower(hay[i]) == lower(q[i]))
			i++;
		if (!q[i])
			return true;
	}
	return false;
}

static bool id_starts(pid_t id, const char *q)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%d", (int)id);
	return strncmp(buf, q, strlen(q)) == 0;
}

static bool id_is(pid_t id, const char *q)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%d", (int)id);
	return strcmp(buf, q) == 0;
}

static bool names_match(const struct tgroup *g, const char *q)
{
	if (contains(g->self.comm, q))
		return true;
	for (int i = 0; g->argv_known && i < g->argc; i++)
		if (contains(g->argv[i], q))
			return true;
	return false;
}

bool list_group_matches(const struct tgroup *g, const char *q, bool deep)
{
	bool digits = all_digits(q);

	if ((digits && id_is(g->pid, q)) || names_match(g, q))
		return true;
	for (size_t i = 0; deep && i < g->ntasks; i++)
		if ((digits && id_is(g->tasks[i].tid, q)) || contains(g->tasks[i].comm, q))
			return true;
	return false;
}

bool list_row_matches(const struct row *r, const char *q)
{
	if (r->t)
		return (all_digits(q) && id_starts(r->t->tid, q)) || contains(r->t->comm, q);
	return (all_digits(q) && id_starts(r->g->pid, q)) || names_match(r->g, q);
}

bool list_row_is_id(const struct row *r, const char *q)
{
	return all_digits(q) && id_is(r->t ? r->t->tid : r->g->pid, q);
}

const struct task *list_find_task(const struct tgroup *g, pid_t tid)
{
	size_t lo = 0, hi = g->ntasks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (g->tasks[mid].tid == tid)
			return &g->tasks[mid];
		if (g->tasks[mid].tid < tid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ---- building ---- */

/* Marks the groups a filter keeps: matches, and in a tree their
 * ancestors.  Returns whether anything matched. */
static bool mark_filter(struct list *l, const struct snapshot *snap, const struct list_opts *o)
{
	bool any = false;

	xgrow(&l->keep, &l->cap_keep, snap->ngroups + 1, 1);
	memset(l->keep, 0, snap->ngroups + 1);
	for (size_t i = 0; i < snap->ngroups; i++) {
		const struct tgroup *g = &snap->groups[i];

		if (!list_group_matches(g, o->filter, true))
			continue;
		any = true;
		l->keep[i] = 1;
		/* Up the parents until one already kept; bounded against loops. */
		for (size_t steps = 0; o->tree && steps < snap->ngroups; steps++) {
			const struct tgroup *p = g->self.ppid != g->pid ?
						 snapshot_find_group(snap, g->self.ppid) : NULL;

			if (!p || l->keep[p - snap->groups])
				break;
			l->keep[p - snap->groups] = 1;
			g = p;
		}
	}
	return any;
}

static void emit(struct tree *t, const struct tgroup *g, const struct task *task, unsigned depth)
{
	xgrow(&t->rows, &t->cap, t->n + 1, sizeof(struct tree_row));
	t->rows[t->n++] = (struct tree_row){ { .g = g, .t = task }, depth, false, false, false };
}

/* The leader first, then the others by tid, as tree_build orders them. */
static void emit_threads(struct tree *t, const struct tgroup *g, unsigned depth)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t j = 0; j < g->ntasks; j++)
			if ((g->tasks[j].tid == g->pid) == (pass == 0))
				emit(t, g, &g->tasks[j], depth);
}

static bool shows_threads(const struct list_opts *o, const struct tgroup *g)
{
	return o->all_threads || pidset_has(o->expanded, g->pid);
}

static void add_to_total(struct subtotal *s, const struct tgroup *g, const struct snapshot *snap)
{
	const struct task *t = &g->self;

	s->procs++;
	if (g->tasks_read)
		s->threads += g->ntasks;
	else if (t->known & TF_BIT(TF_NLWP))
		s->threads += (unsigned long)t->nlwp;
	if (t->known & TF_BIT(TF_MEM))
		s->rss += (unsigned long long)t->rss_pages * (unsigned long)snap->host.page_size;
	if (t->known & TF_BIT(TF_TICS))
		s->ticks += t->utime + t->stime;
}

/* Whether a process's row stays: not a hidden kernel thread and, when
 * filtering, a match or the ancestor of one (idle: when anything matched). */
static bool row_kept(const struct list *l, const struct snapshot *snap, const struct list_opts *o,
		     const struct tree *t, const struct tgroup *g, bool any_match)
{
	bool idle = tree_is_idle(t, g);

	if (o->hide_kernel && g->is_kernel)
		return false;
	if (o->filter)
		return idle ? any_match : l->keep[g - snap->groups] != 0;
	return true;
}

static void prune_tree(struct list *l, const struct snapshot *snap, const struct list_opts *o,
		       bool any_match)
{
	struct tree *t = &l->tree;
	size_t k = 0;
	unsigned skip_depth = 0;
	bool skipping = false;

	for (size_t i = 0; i < t->n; i++) {
		struct tree_row r = t->rows[i];
		const struct tgroup *g = r.row.g;

		if (skipping && r.depth > skip_depth) {
			if (!r.row.t)
				add_to_total(&l->totals[l->ntotals - 1], g, snap);
			continue;
		}
		skipping = false;
		/* A thread row follows its process's row, but may come after
		 * the subtree of a child its sibling thread forked: ask its
		 * own process (a collapsed one's threads were skipped). */
		if (r.row.t) {
			if (shows_threads(o, g) && row_kept(l, snap, o, t, g, any_match))
				t->rows[k++] = r;
			continue;
		}
		if (!row_kept(l, snap, o, t, g, any_match))
			continue;
		t->rows[k++] = r;
		if (!tree_is_idle(t, g) && pidset_has(o->collapsed, g->pid)) {
			xgrow(&l->totals, &l->cap_totals, l->ntotals + 1, sizeof(struct subtotal));
			l->totals[l->ntotals++] = (struct subtotal){ .pid = g->pid };
			add_to_total(&l->totals[l->ntotals - 1], g, snap);
			skipping = true;
			skip_depth = r.depth;
		}
	}
	t->n = k;
}

static void build_flat(struct list *l, const struct snapshot *snap, const struct list_opts *o)
{
	struct view_opts vo = { .sel = o->sel, .keys = o->keys, .nkeys = o->nkeys };
	struct tree *t = &l->tree;

	view_build(&l->scratch, snap, &vo);
	t->n = 0;
	for (size_t i = 0; i < l->scratch.n; i++) {
		const struct tgroup *g = l->scratch.rows[i].g;

		if (o->hide_kernel && g->is_kernel)
			continue;
		if (o->filter && !l->keep[g - snap->groups])
			continue;
		emit(t, g, NULL, 0);
		if (shows_threads(o, g))
			emit_threads(t, g, 1);
	}
}

/* A row is the last of its siblings when no later row has its depth
 * before one of a smaller depth.  Walking backwards, later[d] says a
 * sibling follows at depth d; levels deeper than the row just seen are
 * forgotten (they were its subtree), and depth-first rows go down one
 * level at a time, so the pass is linear. */
static void fix_last(struct list *l)
{
	struct tree *t = &l->tree;
	unsigned maxd = 0;

	xgrow(&l->later, &l->cap_later, 1, 1);
	l->later[0] = 0;
	for (size_t i = t->n; i-- > 0;) {
		unsigned d = t->rows[i].depth;

		if (d > maxd) {
			xgrow(&l->later, &l->cap_later, (size_t)d + 1, 1);
			memset(l->later + maxd + 1, 0, d - maxd);
		}
		maxd = d;
		t->rows[i].last = !l->later[d];
		l->later[d] = 1;
	}
}

void list_build(struct list *l, const struct snapshot *snap, const struct list_opts *o)
{
	bool any_match = o->filter && mark_filter(l, snap, o);

	l->ntotals = 0;
	if (o->tree) {
		struct tree_opts to = {
			.sel = o->sel, .ancestors = o->ancestors,
			.threads = o->all_threads || (o->expanded && o->expanded->n),
			/* Only when no thread row is pruned away from under a child. */
			.thread_parents = o->all_threads,
			.keys = o->keys, .nkeys = o->nkeys,
		};

		tree_build(&l->tree, snap, &to);
		prune_tree(l, snap, o, any_match);
	} else {
		build_flat(l, snap, o);
	}
	fix_last(l);
}

void list_release(struct list *l)
{
	tree_release(&l->tree);
	rows_release(&l->scratch);
	free(l->totals);
	free(l->keep);
	free(l->later);
	memset(l, 0, sizeof(*l));
}

const struct subtotal *list_subtotal(const struct list *l, pid_t pid)
{
	for (size_t i = 0; i < l->ntotals; i++)
		if (l->totals[i].pid == pid)
			return &l->totals[i];
	return NULL;
}
