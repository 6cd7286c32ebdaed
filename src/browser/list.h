/* list.h - the rows of the browser's main list: the process tree (or a
 * flat list) with threads shown inline for some processes, collapsed
 * subtrees, hidden kernel threads and a name/pid filter.  No curses. */
#ifndef LWPS_LIST_H
#define LWPS_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "view/tree.h"
#include "view/view.h"

/* A sorted set of pids. */
struct pidset {
	pid_t *v;
	size_t n, cap;
};

bool pidset_has(const struct pidset *s, pid_t pid);
void pidset_add(struct pidset *s, pid_t pid);
void pidset_del(struct pidset *s, pid_t pid);
/* Adds when absent, removes when present; returns whether it is now in. */
bool pidset_toggle(struct pidset *s, pid_t pid);
/* Keeps only the pids that are processes of `snap`. */
void pidset_prune(struct pidset *s, const struct snapshot *snap);
void pidset_release(struct pidset *s);

/* The totals of a collapsed subtree. */
struct subtotal {
	pid_t pid;
	unsigned long procs, threads;
	unsigned long long rss;      /* bytes, of the processes whose RSS is known */
	unsigned long long ticks;    /* CPU time */
};

struct list_opts {
	struct selection sel;        /* -p, -u, -C */
	bool ancestors;              /* --ancestors (tree) */
	bool tree;                   /* else flat, in sort order */
	bool all_threads;            /* every process's threads inline */
	bool hide_kernel;
	const struct pidset *expanded;    /* processes whose threads are inline */
	const struct pidset *collapsed;   /* subtrees shown as one row (tree) */
	const char *filter;          /* only matches (and their ancestors), or NULL */
	const struct sort_key *keys;
	size_t nkeys;
};

struct list {
	struct tree tree;            /* the rows shown; depth 1 rows of a flat list are threads */
	struct subtotal *totals;     /* one per collapsed row shown */
	size_t ntotals, cap_totals;
	struct rows scratch;
	unsigned char *keep;         /* filter marks, by group index */
	size_t cap_keep;
	unsigned char *later;        /* scratch of the last-sibling pass */
	size_t cap_later;
};

void list_build(struct list *l, const struct snapshot *snap, const struct list_opts *o);
void list_release(struct list *l);
const struct subtotal *list_subtotal(const struct list *l, pid_t pid);

/* Whether a process, or a thread, matches a search: a query of digits is
 * a pid (or tid) or its beginning; any query is also looked for in the
 * name and the command line, ignoring ASCII case. */
bool list_group_matches(const struct tgroup *g, const char *q, bool deep);
bool list_row_matches(const struct row *r, const char *q);
/* Only an exact pid or tid: the first choice of a search for digits. */
bool list_row_is_id(const struct row *r, const char *q);

/* The task with id `tid` in `g` (tasks are sorted by tid), or NULL. */
const struct task *list_find_task(const struct tgroup *g, pid_t tid);

#endif
