/* screen_details.c - everything about one process or thread: every column
 * of the table with its help (what it waits on among them), the NSpid
 * chain, the tracer, the wait channel, the code it executes, the kernel
 * stack, its threads per state, and its resource limits as --limits
 * shows them. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "browser/state.h"
#include "model/delta.h"
#include "model/exec_reasons.h"
#include "model/causes.h"
#include "model/states.h"
#include "output/format.h"
#include "util/i18n.h"
#include "util/xalloc.h"
#include "view/limits_view.h"

/* All a process's files that the columns know how to read (smaps_rollup
 * too: one process, asked for by opening the screen), what it shares with
 * every other process and where its threads execute. */
static const unsigned details_needs = NEED_STAT | NEED_TASKS | NEED_PSTATUS | NEED_TSTATUS |
				      NEED_CMDLINE | NEED_WCHAN | NEED_USER | NEED_GROUP | NEED_LIMITS |
				      NEED_SCHEDSTAT | NEED_IO | NEED_ROLLUP | NEED_SHARES | NEED_EXEC |
				      NEED_SYSCALL | NEED_WAITON | NEED_KSTACK | NEED_HOST;

void details_read(struct browser *b)
{
	pid_t pid = b->target_pid;
	struct live_request req = { .needs = details_needs, .pids = &pid, .npids = 1 };
	struct snapshot *snap;
	int err;

	if (!source_can_refresh(b->src))
		return;   /* the list's picture holds it all */
	snap = source_snapshot(b->src, &req, &err);
	if (!snap || !snapshot_find_group(snap, pid)) {
		/* Keep the last picture of a process that has exited. */
		snapshot_free(snap);
		b->target_gone = true;
		return;
	}
	/* From the second reading on, the rates are over the refresh. */
	if (b->dsnap)
		delta_attach(snap, b->dsnap);
	snapshot_free(b->dsnap);
	b->dsnap = snap;
}

static void section(struct page *p, const char *name)
{
	page_end_line(p);
	page_puts(p, ROLE_SECTION, name);
	page_end_line(p);
}

static void label(struct page *p, const char *name)
{
	page_puts(p, ROLE_NORMAL, "  ");
	page_puts(p, ROLE_BOLD, name);
	page_pad_to(p, ROLE_NORMAL, 12);
}

static void put_value(struct page *p, const struct snapshot *snap, enum column_id id,
		      const struct row *r)
{
	const struct column *c = column_of(id);
	struct value v;
	struct sbuf t = { 0 };

	memset(&v, 0, sizeof(v));
	c->get(r, snap, &v);
	format_text(&t, c, &v, snap, r, ESCAPE_TABLE);
	page_put(p, ROLE_NORMAL, t.data ? t.data : "", t.len);
	sbuf_release(&t);
}

/* Every process (or thread) column, its value and what it means. */
static void put_columns(struct page *p, const struct snapshot *snap, const struct row *r)
{
	struct sbuf t = { 0 };
	struct value v;

	for (size_t i = 0; i < column_count; i++) {
		const struct column *c = &column_table[i];
		size_t w;

		if (c->scope != SCOPE_TASK)
			continue;
		memset(&v, 0, sizeof(v));
		c->get(r, snap, &v);
		sbuf_reset(&t);
		w = format_text(&t, c, &v, snap, r, ESCAPE_TABLE);
		label(p, c->header);
		page_put(p, c->format == CF_STR || c->format == CF_ARGV || c->format == CF_NAMES
			    ? ROLE_NORMAL : ROLE_CYAN,
			 t.data ? t.data : "", t.len);
		page_pad_to(p, ROLE_NORMAL, 12 + (w < 20 ? 20 : w) + 2);
		page_puts(p, ROLE_DIM, _(c->help));
		page_end_line(p);
	}
	sbuf_release(&t);
}

static void put_nspid(struct page *p, const struct task *t)
{
	label(p, "NSpid");
	if (!(t->known & TF_BIT(TF_NSPID)) || t->nspid_len < 1) {
		page_puts(p, ROLE_DIM, _("unknown"));
		page_end_line(p);
		return;
	}
	for (int i = 0; i < t->nspid_len; i++)
		page_printf(p, ROLE_CYAN, i ? " %d" : "%d", (int)t->nspid[i]);
	if (t->nspid_len > 1)
		page_puts(p, ROLE_DIM, _("   outermost namespace first; the last is its pid "
					 "inside its own namespace"));
	else
		page_puts(p, ROLE_DIM, _("   one level: not in a nested pid namespace"));
	page_end_line(p);
}

static void put_tracer(struct page *p, const struct browser *b, const struct task *t)
{
	label(p, _("Tracer"));
	if (!(t->known & TF_BIT(TF_TRACER))) {
		page_puts(p, ROLE_DIM, _("unknown"));
	} else if (t->tracer_pid == 0) {
		page_puts(p, ROLE_NORMAL, _("none (not traced)"));
	} else {
		const struct tgroup *tg = snapshot_find_task_group(b->snap, t->tracer_pid);

		page_printf(p, ROLE_YELLOW, "%d", (int)t->tracer_pid);
		if (tg && tg->self.comm) {
			page_puts(p, ROLE_NORMAL, " (");
			page_put_raw(p, ROLE_NORMAL, tg->self.comm, strlen(tg->self.comm));
			page_puts(p, ROLE_NORMAL, ")");
		}
	}
	page_end_line(p);
}

static void put_wchan(struct page *p, const struct task *t)
{
	label(p, _("Wchan"));
	if (!(t->known & TF_BIT(TF_WCHAN)))
		page_puts(p, ROLE_DIM, _("unknown (not readable)"));
	else if (!t->wchan || !*t->wchan)
		page_puts(p, ROLE_NORMAL, _("none: running or runnable"));
	else
		page_put_raw(p, ROLE_CYAN, t->wchan, strlen(t->wchan));
	page_end_line(p);
}

/* Where the task executes, or why that is unknown. */
static void put_exec(struct page *p, const struct task *t)
{
	label(p, _("Executing"));
	if (t->exec)
		page_put_raw(p, ROLE_CYAN, t->exec, strlen(t->exec));
	else if (t->exec_reason)
		page_printf(p, ROLE_DIM, _("unknown: %s"),
			    _(exec_reason_text((enum exec_reason)t->exec_reason)));
	else
		page_puts(p, ROLE_DIM, _("unknown (not read)"));
	page_end_line(p);
}

/* The whole kernel stack, innermost frame first. */
static void put_kstack(struct page *p, const struct task *t)
{
	if (!(t->known & TF_BIT(TF_KSTACK))) {
		page_puts(p, ROLE_DIM, _("  unknown (task/TID/stack is readable by root only)"));
		page_end_line(p);
		return;
	}
	if (!t->cause->nkstack) {
		page_puts(p, ROLE_DIM, _("  none: on a CPU"));
		page_end_line(p);
		return;
	}
	for (int i = 0; i < t->cause->nkstack; i++) {
		const char *f = t->cause->kstack[i];

		page_puts(p, ROLE_NORMAL, "  ");
		page_put_raw(p, i ? ROLE_NORMAL : ROLE_CYAN, f, strlen(f));
		page_end_line(p);
	}
}

static void put_threads(struct page *p, const struct snapshot *snap, const struct tgroup *g)
{
	static const enum column_id ids[] = { COL_LWP, COL_STATE, COL_PSR, COL_TIME, COL_WCHAN,
					      COL_EXEC, COL_TNAME };
	const struct column *cols[sizeof(ids) / sizeof(ids[0])];
	struct rows rows = { 0 };
	const size_t ncols = sizeof(ids) / sizeof(ids[0]);

	if (!g->tasks_read) {
		page_puts(p, ROLE_DIM, _("  not read"));
		page_end_line(p);
		return;
	}
	label(p, _("By state"));
	for (size_t i = 0; i < task_state_count; i++) {
		char letter = task_states[i].letter;
		unsigned n = g->state_counts[(unsigned char)letter];

		if (!n)
			continue;
		page_printf(p, draw_role_state(letter), "%c", letter);
		page_printf(p, ROLE_NORMAL, " %u   ", n);
	}
	page_printf(p, ROLE_DIM, _("(%zu threads)"), g->ntasks);
	page_end_line(p);
	page_end_line(p);
	for (size_t i = 0; i < ncols; i++)
		cols[i] = column_of(ids[i]);
	for (size_t j = 0; j < g->ntasks; j++) {
		xgrow(&rows.rows, &rows.cap, rows.n + 1, sizeof(struct row));
		rows.rows[rows.n++] = (struct row){ .g = g, .t = &g->tasks[j] };
	}
	page_table(p, snap, rows.rows, rows.n, cols, ncols, NULL);
	rows_release(&rows);
}

/* The limits as --limits shows them, from the one column table. */
static void put_limits(struct page *p, const struct snapshot *snap, const struct tgroup *g)
{
	static const enum column_id ids[] = { COL_LIMIT_RESOURCE, COL_LIMIT_DESCRIPTION, COL_LIMIT_SOFT,
					      COL_LIMIT_HARD, COL_LIMIT_UNITS };
	const size_t ncols = sizeof(ids) / sizeof(ids[0]);
	const struct column *cols[sizeof(ids) / sizeof(ids[0])];
	const char *why = limits_unreadable_reason(g);
	struct rows rows = { 0 };

	if (why) {
		page_printf(p, ROLE_DIM, "  %s", _(why));
		page_end_line(p);
		return;
	}
	for (size_t i = 0; i < ncols; i++)
		cols[i] = column_of(ids[i]);
	limits_rows(&rows, snap, g, NULL, 0);
	page_table(p, snap, rows.rows, rows.n, cols, ncols, NULL);
	rows_release(&rows);
}

void details_build(struct browser *b)
{
	struct page *p = &b->page;
	const struct snapshot *snap = b->dsnap ? b->dsnap : b->snap;
	const struct tgroup *g = snapshot_find_group(snap, b->target_pid);
	const struct task *t;
	struct row r;

	page_clear(p);
	if (!g) {
		page_printf(p, ROLE_BOLD, _("process %d has exited"), (int)b->target_pid);
		page_end_line(p);
		return;
	}
	t = b->target_tid ? list_find_task(g, b->target_tid) : NULL;
	r = (struct row){ .g = g, .t = t };
	if (t) {
		page_printf(p, ROLE_TITLE, _("Thread %d "), (int)t->tid);
		page_put_raw(p, ROLE_TITLE, t->comm ? t->comm : "", t->comm ? strlen(t->comm) : 0);
		page_printf(p, ROLE_NORMAL, _(" of process %d "), (int)g->pid);
	} else {
		page_printf(p, ROLE_TITLE, _("Process %d "), (int)g->pid);
	}
	page_put_raw(p, ROLE_TITLE, g->self.comm ? g->self.comm : "",
		     g->self.comm ? strlen(g->self.comm) : 0);
	if (b->target_gone)
		page_puts(p, ROLE_RED, _("  (exited: the last picture)"));
	page_end_line(p);
	label(p, column_of(COL_COMMAND)->header);
	put_value(p, snap, COL_COMMAND, &r);
	page_end_line(p);
	/* Why it waits, on the first screen: the state, the kernel function,
	 * the call it is blocked in and what that waits on (all also in the
	 * list below). */
	static const enum column_id blocked[] = { COL_STAT, COL_WCHAN, COL_SYSCALL, COL_WAITON };

	for (size_t i = 0; i < sizeof(blocked) / sizeof(blocked[0]); i++) {
		label(p, column_of(blocked[i])->header);
		put_value(p, snap, blocked[i], &r);
		page_end_line(p);
	}

	section(p, _("Status"));
	put_columns(p, snap, &r);
	section(p, _("Namespaces, tracer, wait channel, code"));
	put_nspid(p, row_task(&r));
	put_tracer(p, b, row_task(&r));
	put_wchan(p, row_task(&r));
	put_exec(p, row_task(&r));
	section(p, _("Kernel stack"));
	put_kstack(p, row_task(&r));
	section(p, _("Threads"));
	put_threads(p, snap, g);
	section(p, _("Resource limits"));
	put_limits(p, snap, g);
}
