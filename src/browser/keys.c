/* keys.c - what a key does: the list's keys are the list screen's, the
 * others' are here, with opening a screen and going back to the list. */
#include "config.h"

#include <curses.h>

#include "browser/state.h"
#include "util/i18n.h"

void browser_open(struct browser *b, enum browser_screen s)
{
	const struct tree_row *r;

	if (s == SCREEN_DETAILS || s == SCREEN_MAPS) {
		if (b->list.tree.n == 0)
			return;
		r = &b->list.tree.rows[b->sel_row];
		if (tree_is_idle(&b->list.tree, r->row.g)) {
			browser_say(b, _("pid 0 is the idle task: /proc has nothing about it"));
			return;
		}
		b->target_pid = r->row.g->pid;
		b->target_tid = r->row.t && s == SCREEN_DETAILS ? r->row.t->tid : 0;
		b->target_gone = false;
		b->page.top = b->page.left = 0;
		b->page.has_cursor = false;
		b->screen = s;
		browser_refresh_screen(b);
		return;
	}
	b->page.top = b->page.left = 0;
	b->page.has_cursor = false;
	b->screen = s;
	if (s == SCREEN_HELP)
		help_build(b);
	else if (s == SCREEN_SORT)
		sort_build(b);
	else if (s == SCREEN_COLUMNS)
		columns_build(b);
	else if (s == SCREEN_CHANGES)
		changes_build(b);
	else if (s == SCREEN_WAITS) {
		b->page.cursor = 0;
		waits_read(b);
		waits_screen_build(b);
	}
}


static bool is_back(struct key k)
{
	return !k.fn && (k.code == 'q' || k.code == 27);
}

static void back_to_list(struct browser *b)
{
	b->screen = SCREEN_LIST;
	snapshot_free(b->dsnap);
	b->dsnap = NULL;
	if (b->mbase != b->msnap)
		snapshot_free(b->mbase);
	snapshot_free(b->msnap);
	b->msnap = b->mbase = NULL;
	snapshot_free(b->wsnap);
	b->wsnap = NULL;
	b->nwlines = 0;
	page_clear(&b->page);
	/* The list was not read while it was hidden. */
	if (source_can_refresh(b->src) && !b->paused && browser_now() >= b->next_refresh)
		browser_refresh(b);
}

static int page_height(void)
{
	return LINES > 2 ? LINES - 2 : 1;
}

/* On a page the wheel scrolls, sideways too; a click on a line of a
 * list (the choosers, the waits) puts the cursor there. */
static void page_mouse(struct browser *b, const struct mouse_event *ev)
{
	static const int keys[] = {
		[MOUSE_WHEEL_UP] = KEY_UP, [MOUSE_WHEEL_DOWN] = KEY_DOWN,
		[MOUSE_WHEEL_LEFT] = KEY_LEFT, [MOUSE_WHEEL_RIGHT] = KEY_RIGHT,
	};
	bool vertical = ev->button == MOUSE_WHEEL_UP || ev->button == MOUSE_WHEEL_DOWN;

	if (ev->button == MOUSE_LEFT && b->page.has_cursor && ev->y >= 1 && ev->y <= page_height()) {
		size_t line = b->page.top + (size_t)(ev->y - 1);   /* the page starts on line 1 */

		if (line < b->page.nlines)
			b->page.cursor = line;
	}
	if (ev->button < MOUSE_WHEEL_UP)
		return;
	for (int i = 0; i < (vertical ? 3 : 1); i++)
		(void)page_key(&b->page, keys[ev->button], true, page_height());
}

static void page_screen_key(struct browser *b, struct key k)
{
	if (k.fn && k.code == KEY_MOUSE) {
		page_mouse(b, &k.mouse);
		return;
	}
	if (is_back(k)) {
		back_to_list(b);
		return;
	}
	if (b->screen == SCREEN_WAITS) {
		bool enter = k.fn ? k.code == KEY_ENTER : k.code == '\n' || k.code == '\r';

		if (enter) {
			waits_screen_enter(b);
			return;
		}
	}
	if (b->screen == SCREEN_COLUMNS) {
		bool enter = k.fn ? k.code == KEY_ENTER : k.code == '\n' || k.code == '\r';

		if (enter || (!k.fn && k.code == ' ')) {
			columns_toggle(b);
			return;
		}
		if (!k.fn && (k.code == '[' || k.code == ']')) {
			columns_move(b, k.code == '[' ? -1 : 1);
			return;
		}
	} else if (b->screen == SCREEN_SORT) {
		bool enter = k.fn ? k.code == KEY_ENTER : k.code == '\n' || k.code == '\r';

		if (enter) {
			sort_pick(b, false);
			back_to_list(b);
			return;
		}
		if (!k.fn && k.code == '-') {
			sort_pick(b, true);
			back_to_list(b);
			return;
		}
	} else if (!k.fn && k.code == 'D' && b->screen == SCREEN_MAPS) {
		b->map_deltas = !b->map_deltas;
		maps_build(b);
		browser_say(b, b->map_deltas ? _("changes since the screen opened (D hides them)")
					    : _("changes hidden"));
		return;
	} else if (!k.fn && k.code == 'p') {
		b->paused = !b->paused;
		browser_say(b, b->paused ? _("paused: the picture is frozen (p resumes)")
					 : _("resumed"));
		return;
	} else if (!k.fn && k.code == ' ' && b->screen != SCREEN_HELP) {
		browser_refresh_screen(b);
		return;
	} else if (!k.fn && k.code == '?') {
		browser_open(b, SCREEN_HELP);
		return;
	} else if (!k.fn && (k.code == 'm' || k.code == 'd' || k.code == '\t') &&
		   (b->screen == SCREEN_DETAILS || b->screen == SCREEN_MAPS)) {
		/* Between the details and the maps of the same process. */
		enum browser_screen to = k.code == 'm' ? SCREEN_MAPS : SCREEN_DETAILS;

		if (to != b->screen) {
			b->screen = to;
			b->page.top = b->page.left = 0;
			browser_refresh_screen(b);
		}
		return;
	}
	if (!page_key(&b->page, k.code, k.fn, page_height()))
		browser_say(b, _("q or Esc goes back; ? shows every key"));
}

void browser_handle_key(struct browser *b, struct key k)
{
	if (b->screen == SCREEN_LIST)
		list_screen_key(b, k);
	else
		page_screen_key(b, k);
}

