/* choose.c - the columns and sort keys a command line asks for. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "columns/choose.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/* Each list ends at COL_COUNT. */
static const enum column_id default_proc_columns[] = {
	COL_PID, COL_PPID, COL_USER, COL_STAT, COL_NLWP, COL_TIME, COL_RSS, COL_COMMAND, COL_COUNT,
};
/* No USER: a thread's is its own status's, a read per thread (ps -L has
 * none either); -o +user adds it. */
static const enum column_id default_lwp_columns[] = {
	COL_PID, COL_LWP, COL_STAT, COL_NLWP, COL_TIME, COL_TNAME, COL_COMM, COL_COUNT,
};
/* In a tree, threads show their names in the command column. */
static const enum column_id default_tree_lwp_columns[] = {
	COL_PID, COL_LWP, COL_PPID, COL_STAT, COL_NLWP, COL_TIME, COL_COMMAND, COL_COUNT,
};
static const enum column_id default_map_columns[] = {
	COL_MAP_START, COL_MAP_END, COL_MAP_PERMS, COL_MAP_SIZE, COL_MAP_RSS, COL_MAP_PSS,
	COL_MAP_DIRTY, COL_MAP_SWAP, COL_MAP_SEGMENT, COL_MAP_MAPPING, COL_COUNT,
};
/* As prlimit shows them. */
static const enum column_id default_limit_columns[] = {
	COL_LIMIT_RESOURCE, COL_LIMIT_DESCRIPTION, COL_LIMIT_SOFT, COL_LIMIT_HARD, COL_LIMIT_UNITS,
	COL_COUNT,
};

struct chooser {
	struct column_list *list;
	enum col_scope scope;
	struct sort_key *keys;
	size_t nkeys;
};

static void list_add(struct column_list *l, const struct column *c)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->cols[i] == c)
			return;
	l->cols = xrealloc(l->cols, (l->n + 1) * sizeof(*l->cols));
	l->cols[l->n++] = c;
}

static const struct column *need_column(const char *name, enum col_scope scope)
{
	const struct column *c = column_find_scoped(name, scope);

	if (!c)
		usage_error(_("unknown column '%s' (see --list-columns)"), name);
	return c;
}

static void add_named(void *ctx, const char *name)
{
	struct chooser *ch = ctx;

	list_add(ch->list, need_column(name, ch->scope));
}

static const enum column_id *defaults_for(const struct options *o)
{
	if (o->maps)
		return default_map_columns;
	if (o->limits)
		return default_limit_columns;
	if (o->lwps && o->tree)
		return default_tree_lwp_columns;
	return o->lwps ? default_lwp_columns : default_proc_columns;
}

/* JSON's default set leaves out columns whose value needs every
 * thread's status or counter files, smaps_rollup (which takes the
 * process's mm lock), kcmp against every process or the mapped files'
 * symbols, and rates unless there are two readings: those are shown
 * when asked for by name or with --output-all. */
static bool read_on_request(const struct column *c, const struct options *o)
{
	if (c->needs & NEED_PREVIOUS && !(o->interval > 0 || o->watch > 0))
		return true;
	return c->needs & (NEED_TSTATUS | NEED_SCHEDSTAT | NEED_IO | NEED_ROLLUP | NEED_SHARES |
			   NEED_EXEC | NEED_SYSCALL | NEED_KSTACK | NEED_WAITON);
}

struct column_list choose_columns(const struct options *o, enum col_scope scope)
{
	struct column_list l = { 0 };
	struct chooser ch = { &l, scope, NULL, 0 };

	if (o->output_all || (o->json && o->noutputs == 0)) {
		/* JSON of mappings or limits also describes their process in full. */
		for (size_t i = 0; i < column_count; i++)
			if ((column_table[i].scope == scope ||
			     (o->json && scope != SCOPE_TASK && column_table[i].proc_key != JK_NONE)) &&
			    (o->output_all || !read_on_request(&column_table[i], o)))
				list_add(&l, &column_table[i]);
		return l;
	}
	if (o->noutputs == 0 || o->outputs[0][0] == '+')
		for (const enum column_id *d = defaults_for(o); *d != COL_COUNT; d++) {
			list_add(&l, column_of(*d));
			/* Two readings (the browser's refreshes): what each task
			 * did between them. */
			if (*d == COL_STAT && (o->interval > 0 || o->interactive))
				list_add(&l, column_of(COL_PCPU));
		}
	for (size_t i = 0; i < o->noutputs; i++) {
		const char *list = o->outputs[i];

		for_each_item(list[0] == '+' ? list + 1 : list, &ch, add_named);
	}
	return l;
}

static void add_key(void *ctx, const char *name)
{
	struct chooser *ch = ctx;
	bool desc = false;

	if (*name == '-' || *name == '+') {
		desc = *name == '-';
		name++;
	}
	ch->keys = xrealloc(ch->keys, (ch->nkeys + 1) * sizeof(struct sort_key));
	ch->keys[ch->nkeys++] = (struct sort_key){ need_column(name, ch->scope), desc };
}

struct sort_key *choose_sort_keys(const struct options *o, enum col_scope scope, size_t *n)
{
	struct chooser ch = { NULL, scope, NULL, 0 };

	for (size_t i = 0; i < o->nsorts; i++)
		for_each_item(o->sorts[i], &ch, add_key);
	*n = ch.nkeys;
	return ch.keys;
}

unsigned choose_needs(const struct options *o, const struct column_list *l,
		      const struct sort_key *keys, size_t nkeys)
{
	unsigned needs = NEED_STAT;

	for (size_t i = 0; i < l->n; i++)
		needs |= l->cols[i]->needs | (o->lwps ? l->cols[i]->task_needs : 0);
	for (size_t i = 0; i < nkeys; i++)
		needs |= keys[i].col->needs | (o->lwps ? keys[i].col->task_needs : 0);
	if (o->nuids)
		needs |= NEED_PSTATUS;
	if (o->states)
		needs |= NEED_TASKS;     /* a process is kept for its threads' states */
	if (o->lwps)
		needs |= NEED_TASKS;
	if (o->tree)
		needs |= NEED_PSTATUS;   /* NSpid marks where a pid namespace begins */
	if (o->tree && o->lwps)
		needs |= NEED_CHILDREN;  /* a child hangs from the thread that forked it */
	if (o->maps)
		needs |= NEED_MAPS | NEED_TASKS | NEED_CMDLINE;
	if (o->limits)
		needs |= NEED_LIMITS | NEED_CMDLINE;   /* the command line titles each table */
	if (o->interactive)
		needs |= NEED_HOST;      /* the header's CPU and memory bars */
	return needs;
}

bool choose_threads_only(const struct options *o)
{
	return o->lwps && !o->tree && !o->json && !o->maps && !o->limits && !o->waits &&
	       !o->interactive;
}

enum col_scope choose_scope(const struct options *o)
{
	return o->maps ? SCOPE_MAP : o->limits ? SCOPE_LIMIT : SCOPE_TASK;
}
