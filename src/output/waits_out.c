/* waits_out.c - the waits view as text: a line per group saying what its
 * threads wait on, then its threads, those in D with their kernel stack;
 * the running and runnable threads last.  The columns are aligned over
 * the whole view.  As JSON: a document of its own (JO_WAITS), whose
 * groups hold process and thread objects as -L writes them. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/causes.h"
#include "output/color.h"
#include "output/format.h"
#include "output/json_value.h"
#include "output/waits_out.h"
#include "util/i18n.h"
#include "util/xalloc.h"

static const enum column_id wait_columns[] = {
	COL_PID, COL_LWP, COL_STATE, COL_SYSCALL, COL_WCHAN, COL_TNAME, COL_WAITON,
};
static const enum column_id run_columns[] = {
	COL_PID, COL_LWP, COL_STATE, COL_PSR, COL_RQWAIT, COL_TNAME,
};
/* In JSON, besides pid and tid. */
static const enum column_id process_columns[] = { COL_COMM };
static const enum column_id wait_json_columns[] = {
	COL_STATE, COL_SYSCALL, COL_WCHAN, COL_WAITON, COL_KSTACK, COL_TNAME,
};
static const enum column_id run_json_columns[] = { COL_STATE, COL_PSR, COL_RQWAIT, COL_TNAME };

enum { GRID_MAX = 8, INDENT = 2 };

/* Columns aligned over every row they are measured on. */
struct grid {
	const struct column *cols[GRID_MAX];
	size_t widths[GRID_MAX];
	size_t n;
};

struct text {
	const struct snapshot *snap;
	const struct table_opts *o;
	enum escape_mode mode;
	struct sbuf out, cell;
};

static void grid_init(struct grid *gr, const enum column_id *ids, size_t n, const struct text *x)
{
	gr->n = n;
	for (size_t c = 0; c < n; c++) {
		gr->cols[c] = column_of(ids[c]);
		gr->widths[c] = x->o->headings ? column_header_width(gr->cols[c]) : 0;
	}
}

static void grid_measure(struct grid *gr, struct text *x, const struct row *rows, size_t n)
{
	struct value v;

	if (x->o->raw)
		return;
	for (size_t i = 0; i < n; i++)
		for (size_t c = 0; c + 1 < gr->n; c++) {
			memset(&v, 0, sizeof(v));
			gr->cols[c]->get(&rows[i], x->snap, &v);
			size_t w = format_width(&x->cell, gr->cols[c], &v, x->snap, &rows[i], x->mode);

			if (w > gr->widths[c])
				gr->widths[c] = w;
		}
}

/* One line of the grid: the header when r is NULL. */
static void grid_line(const struct grid *gr, struct text *x, const struct row *r)
{
	size_t shown = INDENT;

	sbuf_fill(&x->out, ' ', x->o->raw ? 0 : INDENT);
	for (size_t c = 0; c < gr->n; c++) {
		const struct column *col = gr->cols[c];
		bool last = c + 1 == gr->n;
		const char *s;
		size_t len, w, fill;
		const char *color = NULL;
		struct value v;

		if (r) {
			memset(&v, 0, sizeof(v));
			col->get(r, x->snap, &v);
			sbuf_reset(&x->cell);
			w = format_text(&x->cell, col, &v, x->snap, r, x->mode);
			s = x->cell.data;
			len = x->cell.len;
			if (x->o->color && column_is(col, COL_STATE) && len)
				color = color_for_state(s[0]);
		} else {
			s = column_header(col);
			len = strlen(s);
			w = column_header_width(col);
			color = x->o->color ? COLOR_HEADER : NULL;
		}
		if (c) {
			sbuf_putc(&x->out, ' ');
			shown++;
		}
		/* The last column takes what is left of the line. */
		if (last && x->o->max_width && w > 0) {
			size_t room = x->o->max_width > shown ? x->o->max_width - shown : 0;

			if (w > room && !col->right) {
				len = utf8_fit(s, len, room);
				w = utf8_width(s, len);
			}
		}
		fill = x->o->raw || (last && !col->right) || w > gr->widths[c] ? 0 : gr->widths[c] - w;
		if (col->right)
			sbuf_fill(&x->out, ' ', fill);
		if (color)
			sbuf_puts(&x->out, color);
		sbuf_put(&x->out, s, len);
		if (color)
			sbuf_puts(&x->out, COLOR_RESET);
		if (!col->right && !last)
			sbuf_fill(&x->out, ' ', fill);
		shown += fill + w;
	}
	sbuf_putc(&x->out, '\n');
}

/* A D thread's kernel stack, a frame a line under its row. */
static void put_kstack(struct text *x, const struct task *t)
{
	const char *lead = _("kernel stack:");

	if (!(t->known & TF_BIT(TF_KSTACK)) || !t->cause->nkstack)
		return;
	for (int i = 0; i < t->cause->nkstack; i++) {
		const char *f = t->cause->kstack[i];

		sbuf_fill(&x->out, ' ', 4 * INDENT);
		if (i == 0)
			sbuf_puts(&x->out, lead);
		else
			sbuf_fill(&x->out, ' ', strlen(lead));
		sbuf_putc(&x->out, ' ');
		utf8_escape(&x->out, f, strlen(f), x->mode);
		sbuf_putc(&x->out, '\n');
	}
}

/* What the group's threads wait on, and how many. */
static void put_title(struct text *x, const struct wait_group *g)
{
	const char *how = strcmp(g->kind, "wchan") == 0 ? _("in the kernel function ")
			  : strcmp(g->kind, "stopped") == 0 ? _("stopped by ")
			  : strcmp(g->kind, "unknown") == 0 ? _("unknown: ") : "";

	/* A title is words, not a field: -r escapes no space in it. */
	sbuf_puts(&x->out, how);
	utf8_escape(&x->out, g->on, strlen(g->on), ESCAPE_TABLE);
	if (g->in_d)
		sbuf_printf(&x->out, _("  (%zu waiting, %zu in D)\n"), g->n, g->in_d);
	else
		sbuf_printf(&x->out, _("  (%zu waiting)\n"), g->n);
}

static int flush(FILE *out, struct sbuf *b)
{
	int ret = b->len && fwrite(b->data, 1, b->len, out) != b->len ? -1 : 0;

	sbuf_reset(b);
	return ret;
}

static int print_text(FILE *out, const struct snapshot *snap, const struct waits *w,
		      const struct table_opts *o)
{
	struct text x = { snap, o, o->raw ? ESCAPE_RAW : ESCAPE_TABLE, { 0 }, { 0 } };
	struct grid waiting, running;
	size_t in_d = 0;
	int ret = 0;

	grid_init(&waiting, wait_columns, sizeof(wait_columns) / sizeof(wait_columns[0]), &x);
	grid_init(&running, run_columns, sizeof(run_columns) / sizeof(run_columns[0]), &x);
	grid_measure(&waiting, &x, w->rows, w->waiting);
	grid_measure(&running, &x, w->running, w->nrunning);
	for (size_t i = 0; i < w->ngroups; i++)
		in_d += w->groups[i].in_d;
	if (o->headings) {
		sbuf_printf(&x.out, _("%zu threads wait, on %zu things, %zu in D; %zu run or are "
				      "runnable\n"), w->waiting, w->ngroups, in_d, w->nrunning);
		if (w->waiting)
			grid_line(&waiting, &x, NULL);
	}
	for (size_t i = 0; i < w->ngroups && ret == 0; i++) {
		const struct wait_group *g = &w->groups[i];

		if (i && !o->raw)
			sbuf_putc(&x.out, '\n');
		put_title(&x, g);
		/* A group may hold every thread of the machine: written as it
		 * goes, 64 KiB at a time. */
		for (size_t k = 0; k < g->n && ret == 0; k++) {
			grid_line(&waiting, &x, &g->rows[k]);
			if (g->rows[k].t->state == 'D')
				put_kstack(&x, g->rows[k].t);
			if (x.out.len >= 65536)
				ret = flush(out, &x.out);
		}
	}
	if (ret == 0 && w->nrunning) {
		if (w->ngroups && !o->raw)
			sbuf_putc(&x.out, '\n');
		sbuf_printf(&x.out, _("running or runnable, with the time each waited for a CPU  (%zu)\n"),
			    w->nrunning);
		if (o->headings)
			grid_line(&running, &x, NULL);
		for (size_t k = 0; k < w->nrunning && ret == 0; k++) {
			grid_line(&running, &x, &w->running[k]);
			if (x.out.len >= 65536)
				ret = flush(out, &x.out);
		}
	}
	if (ret == 0)
		ret = flush(out, &x.out);
	sbuf_release(&x.out);
	sbuf_release(&x.cell);
	return ret;
}

/* ---- JSON ---- */

struct json_parts {
	struct json_members process, waiting, running;
};

static void members(struct json_members *jm, const enum column_id *ids, size_t n,
		    enum json_object kind)
{
	const struct column *cols[GRID_MAX];
	struct json_opts o = { .cols = cols, .ncols = n };

	for (size_t i = 0; i < n; i++)
		cols[i] = column_of(ids[i]);
	json_members_init(jm, &o, kind);
}

/* The processes of `rows` (ordered by process), their threads in each. */
static void put_processes(struct json_writer *jw, const struct json_parts *p,
			  const struct json_members *thread, const struct snapshot *snap,
			  const struct row *rows, size_t n)
{
	jw_open_array(jw);
	for (size_t i = 0; i < n;) {
		const struct tgroup *g = rows[i].g;

		jw_open_object(jw);
		json_put_members(jw, &p->process, snap, &(struct row){ .g = g });
		jw_key(jw, JK_THREADS);
		jw_open_array(jw);
		for (; i < n && rows[i].g == g; i++) {
			jw_open_object(jw);
			json_put_members(jw, thread, snap, &rows[i]);
			jw_close_object(jw);
		}
		jw_close_array(jw);
		jw_close_object(jw);
	}
	jw_close_array(jw);
}

/* A group's rows by process: those with a thread in D first, each
 * process's threads in D first.  qsort has no context: the sorted pids
 * with a thread in D live here while sorting. */
static struct {
	pid_t *pids;
	size_t n;
} in_d;

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

static bool has_d(pid_t pid)
{
	return in_d.n && bsearch(&pid, in_d.pids, in_d.n, sizeof(pid_t), cmp_pid);
}

static int cmp_by_process(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	int r = (int)has_d(b->g->pid) - (int)has_d(a->g->pid);

	if (!r)
		r = (a->g->pid > b->g->pid) - (a->g->pid < b->g->pid);
	if (!r)
		r = (int)(a->t->state != 'D') - (int)(b->t->state != 'D');
	return r ? r : (a->t->tid > b->t->tid) - (a->t->tid < b->t->tid);
}

static void put_group(struct json_writer *jw, const struct json_parts *p,
		      const struct snapshot *snap, const struct wait_group *g)
{
	struct row *rows = xmalloc((g->n + 1) * sizeof(*rows));

	memcpy(rows, g->rows, g->n * sizeof(*rows));
	/* The rows come in D first: the first in_d are those in D. */
	in_d.pids = xmalloc((g->in_d + 1) * sizeof(pid_t));
	in_d.n = g->in_d;
	for (size_t i = 0; i < g->in_d; i++)
		in_d.pids[i] = g->rows[i].g->pid;
	qsort(in_d.pids, in_d.n, sizeof(pid_t), cmp_pid);
	if (g->in_d)
		qsort(rows, g->n, sizeof(*rows), cmp_by_process);
	free(in_d.pids);
	in_d.n = 0;
	jw_open_object(jw);
	jw_key(jw, JK_GROUP_ON);
	jw_string(jw, g->on);
	jw_key(jw, JK_GROUP_KIND);
	jw_string(jw, g->kind);
	jw_key(jw, JK_GROUP_COUNT);
	jw_int(jw, (long long)g->n);
	jw_key(jw, JK_GROUP_IN_D);
	jw_int(jw, (long long)g->in_d);
	jw_key(jw, JK_GROUP_PROCESSES);
	put_processes(jw, p, &p->waiting, snap, rows, g->n);
	jw_close_object(jw);
	free(rows);
}

static int print_json(FILE *out, const struct snapshot *snap, const struct waits *w, bool one_line)
{
	struct json_parts p;
	struct json_writer jw;

	members(&p.process, process_columns, sizeof(process_columns) / sizeof(process_columns[0]),
		JO_PROCESS);
	members(&p.waiting, wait_json_columns,
		sizeof(wait_json_columns) / sizeof(wait_json_columns[0]), JO_THREAD);
	members(&p.running, run_json_columns, sizeof(run_json_columns) / sizeof(run_json_columns[0]),
		JO_THREAD);
	jw_init(&jw, out);
	json_open_document(&jw, snap, true);
	jw_key(&jw, JK_WAITS_WAITING);
	jw_int(&jw, (long long)w->waiting);
	jw_key(&jw, JK_WAIT_GROUPS);
	jw_open_array(&jw);
	for (size_t i = 0; i < w->ngroups && !jw.err; i++) {
		if (!one_line)
			jw_newline(&jw);
		put_group(&jw, &p, snap, &w->groups[i]);
	}
	jw_close_array(&jw);
	jw_key(&jw, JK_WAITS_RUNNING);
	put_processes(&jw, &p, &p.running, snap, w->running, w->nrunning);
	jw_text(&jw, "}\n");
	json_members_release(&p.process);
	json_members_release(&p.waiting);
	json_members_release(&p.running);
	return jw_finish(&jw);
}

int waits_print(FILE *out, const struct snapshot *snap, const struct waits *w,
		const struct waits_out *o)
{
	return o->json ? print_json(out, snap, w, o->one_line) : print_text(out, snap, w, &o->table);
}
