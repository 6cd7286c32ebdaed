/* screen_maps.c - one process's address space: the -m table with its
 * segments in color (thread stacks as stack:TID), then the --layout
 * picture.  smaps is read for this process only, and only while the
 * screen is shown. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "browser/state.h"
#include "model/segments.h"
#include "output/format.h"
#include "util/i18n.h"
#include "util/xalloc.h"
#include "view/layout_view.h"
#include "view/maps_view.h"

static const unsigned maps_needs = NEED_STAT | NEED_TASKS | NEED_CMDLINE | NEED_MAPS;

void maps_read(struct browser *b)
{
	pid_t pid = b->target_pid;
	struct live_request req = { .needs = maps_needs, .pids = &pid, .npids = 1 };
	struct snapshot *snap;
	struct tgroup *g;
	int err;

	if (!source_can_refresh(b->src)) {
		/* Saved with the snapshot, or not at all. */
		g = snapshot_find_group(b->snap, pid);
		if (g)
			b->src->read_maps(b->src, b->snap, g, true);
		return;
	}
	snap = source_snapshot(b->src, &req, &err);
	g = snap ? snapshot_find_group(snap, pid) : NULL;
	if (!g) {
		/* Keep the last picture of a process that has exited. */
		snapshot_free(snap);
		b->target_gone = true;
		return;
	}
	/* Failure is recorded in g->maps_err and told on the screen. */
	b->src->read_maps(b->src, snap, g, true);
	/* The first reading stays: D compares the later ones with it. */
	if (!b->mbase)
		b->mbase = snap;
	else if (b->msnap != b->mbase)
		snapshot_free(b->msnap);
	b->msnap = snap;
}

/* D: each mapping against the first reading since the screen opened,
 * matched by start address and file. */
static const struct tgroup *delta_base;

static const struct vma *base_of(const struct vma *m)
{
	const struct vma *v = delta_base ? maps_find(delta_base, m->start) : NULL;

	return v && v->start == m->start && v->inode == m->inode && v->dev_major == m->dev_major &&
	       v->dev_minor == m->dev_minor ? v : NULL;
}

static void get_size_delta(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct vma *was = r->m && !r->total ? base_of(r->m) : NULL;

	v->kind = r->m && !r->total ? V_INT : V_NONE;
	v->i = r->m ? (long long)(r->m->end - r->m->start) -
		      (was ? (long long)(was->end - was->start) : 0) : 0;
}

static void get_rss_delta(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct vma *was = r->m && !r->total ? base_of(r->m) : NULL;

	v->kind = r->m && !r->total && r->m->have & (1u << SM_RSS) ? V_INT : V_NONE;
	v->i = v->kind == V_INT ? (long long)vma_value(r->m, SM_RSS) -
				  (was ? (long long)vma_value(was, SM_RSS) : 0) : 0;
}

/* Columns of this screen only: no -o names them, no JSON key is theirs. */
static const struct column size_delta = {
	COL_COUNT, "ΔSIZE", "ΔSIZE", NULL, JK_NONE, JK_NONE, JK_NONE, SCOPE_MAP, CF_KIB, true, 6,
	0, 0, get_size_delta
};
static const struct column rss_delta = {
	COL_COUNT, "ΔRSS", "ΔRSS", NULL, JK_NONE, JK_NONE, JK_NONE, SCOPE_MAP, CF_KIB, true, 6,
	0, 0, get_rss_delta
};

static enum role cell_role(const struct column *c, const struct row *r, const char *text UNUSED,
			   size_t len UNUSED)
{
	if (r->m && !r->total && c->format == CF_SEGMENT)
		return draw_role_tint(segment_tint(r->m->segment));
	return ROLE_NORMAL;
}

/* The mapping columns -m shows by default, from the one column table. */
static void choose_map_columns(struct browser *b)
{
	struct options o;

	if (b->map_cols.cols)
		return;
	o = *b->bo->o;
	o.maps = true;
	o.json = false;
	o.output_all = false;
	o.noutputs = 0;
	b->map_cols = choose_columns(&o, SCOPE_MAP);
}

/* The --layout picture, drawn from the same lines as the text. */
static void put_layout(struct page *p, const struct tgroup *g)
{
	struct layout_lines lines;

	layout_build(&lines, g);
	for (size_t i = 0; i < lines.n; i++) {
		const struct layout_line *line = &lines.v[i];
		struct sbuf sz = { 0 }, rss = { 0 };
		enum role role = line->kind == LL_REGION ? draw_role_tint(segment_tint(line->segment))
			       : line->kind == LL_MARK || line->kind == LL_PART ? ROLE_NORMAL : ROLE_DIM;

		if (line->kind != LL_MARK)
			format_size(&sz, line->size, false);
		if (line->kind == LL_REGION)
			format_size(&rss, line->rss, false);
		if (line->kind == LL_GAP || line->kind == LL_BEYOND)
			page_printf(p, ROLE_NORMAL, "%16s %8s %8s  ", "...", sbuf_cstr(&sz), "");
		else
			page_printf(p, ROLE_NORMAL, "%16llx %8s %8s  ", line->start,
				    sz.len ? sbuf_cstr(&sz) : "", rss.len ? sbuf_cstr(&rss) : "");
		page_printf(p, role, "%-13s", line->segment_text);
		page_printf(p, ROLE_NORMAL, " %s", line->kind == LL_PART ? "  " : "");
		/* The view escaped every name for a table. */
		page_put_raw(p, ROLE_NORMAL, line->what, strlen(line->what));
		page_end_line(p);
		sbuf_release(&sz);
		sbuf_release(&rss);
	}
	layout_lines_release(&lines);
}

void maps_build(struct browser *b)
{
	struct page *p = &b->page;
	const struct snapshot *snap = b->msnap ? b->msnap : b->snap;
	const struct tgroup *g = snapshot_find_group(snap, b->target_pid);
	const char *why;
	struct row r;
	struct rows rows = { 0 };
	struct vma_sum total;

	page_clear(p);
	if (!g) {
		page_printf(p, ROLE_BOLD, _("process %d has exited"), (int)b->target_pid);
		page_end_line(p);
		return;
	}
	r = (struct row){ .g = g };
	page_printf(p, ROLE_TITLE, "%d:   ", (int)g->pid);
	{
		const struct column *cmd = column_of(COL_COMMAND);
		struct value v;
		struct sbuf t = { 0 };

		memset(&v, 0, sizeof(v));
		cmd->get(&r, snap, &v);
		format_text(&t, cmd, &v, snap, &r, ESCAPE_TABLE);
		page_put(p, ROLE_TITLE, t.data ? t.data : "", t.len);
		sbuf_release(&t);
	}
	if (b->target_gone)
		page_puts(p, ROLE_RED, _("  (exited: the last picture)"));
	page_end_line(p);
	why = maps_unreadable_reason(g);
	if (why) {
		page_end_line(p);
		page_printf(p, ROLE_BOLD, _("no mappings: %s"), _(why));
		page_end_line(p);
		return;
	}
	choose_map_columns(b);
	maps_total(g, &total);
	maps_rows(&rows, snap, g, &total.vma, NULL, 0);
	if (b->map_deltas && b->mbase) {
		/* The two changes after the sizes, before SEGMENT and MAPPING. */
		size_t n = b->map_cols.n, at = n >= 2 ? n - 2 : n;
		const struct column **cols = xcalloc(n + 3, sizeof(*cols));

		memcpy(cols, b->map_cols.cols, at * sizeof(*cols));
		cols[at] = &size_delta;
		cols[at + 1] = &rss_delta;
		memcpy(cols + at + 2, b->map_cols.cols + at, (n - at) * sizeof(*cols));
		delta_base = snapshot_find_group(b->mbase, b->target_pid);
		page_printf(p, ROLE_DIM, _("changes since %.0f seconds ago (D hides them)"),
			    snap->host.taken_at - b->mbase->host.taken_at);
		page_end_line(p);
		page_table(p, snap, rows.rows, rows.n, cols, n + 2, cell_role);
		delta_base = NULL;
		free(cols);
	} else {
		page_table(p, snap, rows.rows, rows.n, b->map_cols.cols, b->map_cols.n, cell_role);
	}
	rows_release(&rows);
	page_end_line(p);
	page_puts(p, ROLE_SECTION, _("Layout, highest address first"));
	page_end_line(p);
	put_layout(p, g);
}
