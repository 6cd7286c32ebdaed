/* screen_changes.c - mark and compare: b keeps the present moment, B shows
 * what changed since (as --diff shows two snapshots): births, exits, state
 * changes, CPU used, growth. */
#include "config.h"

#include <curses.h>

#include "browser/state.h"
#include "model/delta.h"
#include "output/diff_out.h"
#include "util/i18n.h"
#include "view/diff.h"

/* What the list reads, without the mappings (the marked moment has none). */
static struct snapshot *read_now(struct browser *b)
{
	struct live_request req = { .needs = b->needs | NEED_TASKS, .refreshing = true };
	int err;

	return source_snapshot(b->src, &req, &err);
}

void changes_mark(struct browser *b)
{
	if (!source_can_refresh(b->src)) {
		browser_say(b, _("a saved snapshot does not change: nothing to compare"));
		return;
	}
	snapshot_free(b->mark);
	b->mark = read_now(b);
	browser_say(b, b->mark ? _("marked: B shows what changed since") : _("could not read"));
}

static int put_section(void *ctx, const struct diff_section *sec)
{
	struct page *p = ctx;

	page_printf(p, ROLE_SECTION, "%s (%zu)", sec->title, sec->n);
	page_end_line(p);
	page_table(p, sec->snap, sec->rows, sec->n, sec->cols, sec->ncols, NULL);
	page_end_line(p);
	return 0;
}

void changes_build(struct browser *b)
{
	struct page *p = &b->page;
	struct snapshot *now;
	struct diff d;

	page_clear(p);
	if (!b->mark) {
		page_puts(p, ROLE_NORMAL, _("Nothing marked yet: b marks the present moment."));
		page_end_line(p);
		return;
	}
	now = read_now(b);
	if (!now || delta_attach(now, b->mark) < 0) {
		page_puts(p, ROLE_NORMAL, _("No reading later than the mark could be taken."));
		page_end_line(p);
		snapshot_free(now);
		return;
	}
	diff_build(&d, b->mark, now, &b->sel);
	page_printf(p, ROLE_BOLD, _("Changes in the %.1f seconds since the mark"), now->interval);
	page_end_line(p);
	page_end_line(p);
	diff_each_section(&d, put_section, p);
	if (p->nlines <= 2) {
		page_puts(p, ROLE_NORMAL, _("Nothing changed."));
		page_end_line(p);
	}
	diff_release(&d);
	snapshot_free(now);
}
