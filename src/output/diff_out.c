/* diff_out.c - --diff OLD NEW as text: a line naming the two snapshots,
 * then one table per kind of change that has any, each under its title.
 *
 * The tables are the other views' (output/table.c): the same columns,
 * alignment and escaping, so a process born looks as `lwps` shows it.  A
 * few columns only a comparison has (what a value was before, the CPU
 * time used) are defined here; their getters find the change a row shows
 * through `shown`, as rows carry no context of their own. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/delta.h"
#include "output/diff_out.h"
#include "output/format.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* The table being printed: row i shows shown.list->v[i]. */
static struct {
	const struct diff *d;
	const struct diff_list *list;
	const struct row *rows;
} shown;

static const struct diff_entry *entry_of(const struct row *r)
{
	return &shown.list->v[r - shown.rows];
}

/* STAT in the old snapshot. */
static void get_stat_before(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct diff_entry *e = entry_of(r);
	const struct tgroup *old = snapshot_find_group(shown.d->old, r->g->pid);
	struct row was = { .g = old, .t = e->t ? e->was : NULL };

	if (!old) {
		v->kind = V_UNKNOWN;
		return;
	}
	column_of(COL_STAT)->get(&was, shown.d->old, v);
}

/* CPU time used in between, in hundredths of a second. */
static void get_used(const struct row *r, const struct snapshot *s, struct value *v)
{
	const struct task_delta *dt = row_task(r)->delta;

	v->kind = V_INT;
	v->i = (long long)((dt->utime + dt->stime) * 100 / (unsigned long long)s->host.clock_ticks);
}

static void get_rss_before(const struct row *r, const struct snapshot *s, struct value *v)
{
	v->kind = V_INT;
	v->i = (long long)r->g->self.rss_pages * s->host.page_size - r->g->self.delta->rss_bytes;
}

static void get_nlwp_before(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	v->kind = V_INT;
	v->i = r->g->self.nlwp - r->g->self.delta->nlwp;
}

static void get_size_before(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct vma *was = entry_of(r)->m_was;

	v->kind = V_INT;
	v->i = (long long)(was->end - was->start);
}

static void get_size_delta(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct vma *m = r->m, *was = entry_of(r)->m_was;

	v->kind = V_INT;
	v->i = (long long)(m->end - m->start) - (long long)(was->end - was->start);
}

/* Columns of a comparison only: no -o names them, no JSON key is theirs. */
#define DIFF_COLUMN(name, header, format, right, get) \
	{ COL_COUNT, name, header, NULL, JK_NONE, JK_NONE, JK_NONE, SCOPE_TASK, format, right, 0, 0, 0, get }

static const struct column stat_before = DIFF_COLUMN("BEFORE", "BEFORE", CF_STR, false,
						     get_stat_before);
static const struct column cpu_used = DIFF_COLUMN("USED", "USED", CF_CENTI, true, get_used);
static const struct column rss_before = DIFF_COLUMN("BEFORE", "BEFORE", CF_KIB, true,
						    get_rss_before);
static const struct column nlwp_before = DIFF_COLUMN("BEFORE", "BEFORE", CF_INT, true,
						     get_nlwp_before);
static const struct column size_before = DIFF_COLUMN("BEFORE", "BEFORE", CF_KIB, true,
						     get_size_before);
static const struct column size_delta = DIFF_COLUMN("SIZE_DELTA", "ΔSIZE", CF_KIB, true,
						    get_size_delta);

#define C(id) (&column_table[id])
#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct column *const process_cols[] = {
	C(COL_PID), C(COL_PPID), C(COL_USER), C(COL_STAT), C(COL_NLWP), C(COL_TIME), C(COL_RSS),
	C(COL_START), C(COL_COMMAND),
};
static const struct column *const thread_cols[] = {
	C(COL_PID), C(COL_LWP), C(COL_STAT), C(COL_TIME), C(COL_START), C(COL_TNAME), C(COL_COMM),
};
static const struct column *const state_cols[] = {
	C(COL_PID), C(COL_LWP), &stat_before, C(COL_STAT), C(COL_TNAME), C(COL_COMM),
};
static const struct column *const cpu_process_cols[] = {
	C(COL_PID), &cpu_used, C(COL_PCPU), C(COL_PWAIT), C(COL_CSW_RATE), C(COL_NVCSW_RATE),
	C(COL_MINFLT_RATE), C(COL_MAJFLT_RATE), C(COL_READ_RATE), C(COL_WRITE_RATE), C(COL_COMMAND),
};
static const struct column *const cpu_thread_cols[] = {
	C(COL_PID), C(COL_LWP), &cpu_used, C(COL_PCPU), C(COL_PWAIT), C(COL_CSW_RATE),
	C(COL_NVCSW_RATE), C(COL_MINFLT_RATE), C(COL_MAJFLT_RATE), C(COL_READ_RATE),
	C(COL_WRITE_RATE), C(COL_TNAME), C(COL_COMM),
};
static const struct column *const rss_cols[] = {
	C(COL_PID), &rss_before, C(COL_RSS), C(COL_RSS_DELTA), C(COL_COMMAND),
};
static const struct column *const nlwp_cols[] = {
	C(COL_PID), &nlwp_before, C(COL_NLWP), C(COL_NLWP_DELTA), C(COL_COMMAND),
};
static const struct column *const map_cols[] = {
	C(COL_PID), C(COL_MAP_START), C(COL_MAP_END), C(COL_MAP_PERMS), C(COL_MAP_SIZE),
	C(COL_MAP_RSS), C(COL_MAP_SEGMENT), C(COL_MAP_MAPPING),
};
static const struct column *const resized_cols[] = {
	C(COL_PID), C(COL_MAP_START), C(COL_MAP_END), C(COL_MAP_PERMS), &size_before,
	C(COL_MAP_SIZE), &size_delta, C(COL_MAP_RSS), C(COL_MAP_SEGMENT), C(COL_MAP_MAPPING),
};

static const struct {
	const char *title;
	const struct column *const *cols;
	size_t ncols;
} sections[DIFF_KINDS] = {
	[DIFF_PROCESS_BORN] = { N_("Processes born"), process_cols, N(process_cols) },
	[DIFF_PROCESS_EXITED] = { N_("Processes exited"), process_cols, N(process_cols) },
	[DIFF_THREAD_BORN] = { N_("Threads born"), thread_cols, N(thread_cols) },
	[DIFF_THREAD_EXITED] = { N_("Threads exited"), thread_cols, N(thread_cols) },
	[DIFF_STATE] = { N_("State changes"), state_cols, N(state_cols) },
	[DIFF_CPU_PROCESS] = { N_("CPU time used, by process"), cpu_process_cols,
			       N(cpu_process_cols) },
	[DIFF_CPU_THREAD] = { N_("CPU time used, by thread"), cpu_thread_cols, N(cpu_thread_cols) },
	[DIFF_RSS] = { N_("Resident memory changes"), rss_cols, N(rss_cols) },
	[DIFF_NLWP] = { N_("Thread count changes"), nlwp_cols, N(nlwp_cols) },
	[DIFF_MAP_ADDED] = { N_("Mappings added"), map_cols, N(map_cols) },
	[DIFF_MAP_REMOVED] = { N_("Mappings removed"), map_cols, N(map_cols) },
	[DIFF_MAP_GROWN] = { N_("Mappings grown"), resized_cols, N(resized_cols) },
	[DIFF_MAP_SHRUNK] = { N_("Mappings shrunk"), resized_cols, N(resized_cols) },
};

/* "NAME (when)", the name escaped as any text from outside. */
static void put_side(struct sbuf *b, const char *file, const struct snapshot *snap)
{
	sbuf_putc(b, '\'');
	utf8_escape(b, file, strlen(file), ESCAPE_TABLE);
	sbuf_puts(b, "' (");
	format_when(b, snap->host.taken_at);
	sbuf_putc(b, ')');
}

static int put_banner(FILE *out, const struct diff *d, const struct diff_files *f)
{
	struct sbuf host = { 0 }, from = { 0 }, to = { 0 };
	const char *name = d->new->host.hostname ? d->new->host.hostname : "?";
	int ret;

	utf8_escape(&host, name, strlen(name), ESCAPE_TABLE);
	put_side(&from, f->old_file, d->old);
	put_side(&to, f->new_file, d->new);
	ret = fprintf(out, _("# changes on %s from %s to %s, %.2f seconds\n"), sbuf_cstr(&host),
		      sbuf_cstr(&from), sbuf_cstr(&to), d->new->interval) < 0 ? -1 : 0;
	sbuf_release(&host);
	sbuf_release(&from);
	sbuf_release(&to);
	return ret;
}

void diff_each_section(const struct diff *d, diff_section_fn fn, void *ctx)
{
	for (int k = 0; k < DIFF_KINDS; k++) {
		const struct diff_list *l = &d->lists[k];
		struct row *rows;

		if (!l->n)
			continue;
		rows = xmalloc(l->n * sizeof(*rows));
		for (size_t i = 0; i < l->n; i++)
			rows[i] = (struct row){ .g = l->v[i].g, .t = l->v[i].t, .m = l->v[i].m };
		shown.d = d;
		shown.list = l;
		shown.rows = rows;
		int stop = fn(ctx, &(struct diff_section){
			.title = _(sections[k].title), .snap = diff_snapshot(d, (enum diff_kind)k),
			.rows = rows, .n = l->n, .cols = sections[k].cols, .ncols = sections[k].ncols,
		});
		shown.list = NULL;
		shown.rows = NULL;
		free(rows);
		if (stop)
			return;
	}
}

struct text_ctx {
	FILE *out;
	const struct table_opts *to;
	bool any;
	int ret;
};

static int put_section(void *ctx, const struct diff_section *sec)
{
	struct text_ctx *tc = ctx;

	tc->ret = fprintf(tc->out, "%s%s (%zu)\n", tc->any ? "\n" : "", sec->title, sec->n) < 0 ? -1 : 0;
	tc->any = true;
	if (tc->ret == 0)
		tc->ret = table_print(tc->out, sec->snap, sec->rows, sec->n, sec->cols, sec->ncols,
				      tc->to, NULL);
	return tc->ret;
}

int diff_print_text(FILE *out, const struct diff *d, const struct diff_files *f,
		    const struct table_opts *to)
{
	struct text_ctx tc = { .out = out, .to = to };

	tc.ret = to->headings ? put_banner(out, d, f) : 0;
	if (tc.ret == 0)
		diff_each_section(d, put_section, &tc);
	if (tc.ret == 0 && !tc.any && fputs(_("Nothing changed.\n"), out) < 0)
		tc.ret = -1;
	return tc.ret;
}
