/* screen_waits.c - the waits screen (w): -W's grouping, read again at
 * every refresh.  Enter on a group lists its threads; Enter on a thread
 * goes to it in the list. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "browser/state.h"
#include "output/format.h"
#include "util/i18n.h"
#include "util/xalloc.h"
#include "view/waits.h"

void waits_read(struct browser *b)
{
	struct live_request req = { .needs = NEED_STAT | NEED_TASKS | NEED_WAITS |
					     (b->sel.nuids ? NEED_PSTATUS : 0),
				    .refreshing = true };
	struct snapshot *snap;
	int err;

	if (!source_can_refresh(b->src) && b->wsnap)
		return;
	snap = source_snapshot(b->src, &req, &err);
	if (!snap)
		return;   /* keep the last picture */
	snapshot_free(b->wsnap);
	b->wsnap = snap;
}

/* One line per group, and under the group opened one per thread; what
 * each line is goes to b->wlines. */
void waits_screen_build(struct browser *b)
{
	struct page *p = &b->page;
	size_t cursor = p->cursor, top = p->top;
	struct waits w;
	struct sbuf t = { 0 };

	page_clear(p);
	p->has_cursor = true;
	b->nwlines = 0;
	if (!b->wsnap) {
		page_puts(p, ROLE_NORMAL, _("The waits could not be read."));
		page_end_line(p);
		return;
	}
	waits_build(&w, b->wsnap, &b->sel);
	b->wlines = xrealloc(b->wlines, (w.waiting + w.ngroups + 1) * sizeof(*b->wlines));
	for (size_t i = 0; i < w.ngroups; i++) {
		const struct wait_group *g = &w.groups[i];
		bool open = b->wopen && strcmp(b->wopen, g->on) == 0;

		page_printf(p, g->in_d ? ROLE_RED : ROLE_BOLD, "%s %5zu ", open ? "-" : "+", g->n);
		page_printf(p, ROLE_CYAN, "%-8s ", g->kind);
		sbuf_reset(&t);
		utf8_escape(&t, g->on, strlen(g->on), ESCAPE_TABLE);
		page_put(p, ROLE_NORMAL, t.data ? t.data : "", t.len);
		if (g->in_d)
			page_printf(p, ROLE_RED, _("  (%zu in D)"), g->in_d);
		page_end_line(p);
		b->wlines[b->nwlines++] = (struct wait_line){ .group = g->on };
		for (size_t k = 0; open && k < g->n; k++) {
			const struct row *r = &g->rows[k];
			const char *name = r->t && r->t->comm ? r->t->comm : "";

			page_printf(p, ROLE_NORMAL, "        %7d %7d %c  ", (int)r->g->pid,
				    (int)row_task(r)->tid, row_task(r)->state);
			sbuf_reset(&t);
			utf8_escape(&t, name, strlen(name), ESCAPE_TABLE);
			page_put(p, ROLE_NORMAL, t.data ? t.data : "", t.len);
			page_end_line(p);
			b->wlines[b->nwlines++] = (struct wait_line){ .pid = r->g->pid,
								       .tid = row_task(r)->tid };
		}
	}
	if (w.nrunning) {
		page_end_line(p);
		page_printf(p, ROLE_SECTION, _("%zu running or waiting for a CPU"), w.nrunning);
		page_end_line(p);
	}
	if (!w.ngroups) {
		page_puts(p, ROLE_NORMAL, _("No thread waits."));
		page_end_line(p);
	}
	waits_release(&w);
	sbuf_release(&t);
	p->cursor = cursor;
	p->top = top;
}

void waits_screen_enter(struct browser *b)
{
	size_t at = b->page.cursor;

	if (at >= b->nwlines)
		return;
	const struct wait_line *l = &b->wlines[at];

	if (l->group) {
		/* The key is a string of the snapshot: keep a copy. */
		bool same = b->wopen && strcmp(b->wopen, l->group) == 0;

		free(b->wopen);
		b->wopen = same ? NULL : xstrdup(l->group);
		waits_screen_build(b);
		return;
	}
	/* The thread in the list: its process's threads shown, it selected. */
	pidset_add(&b->expanded, l->pid);
	b->sel_pid = l->pid;
	b->sel_tid = l->tid == l->pid ? 0 : l->tid;
	b->screen = SCREEN_LIST;
	page_clear(&b->page);
	browser_refresh_threads(b);
	b->rows_dirty = true;
}
