/* screen_list.c - the main list's rows and keys: rebuilding the rows and
 * keeping the selection, moving, expanding and collapsing, searching and
 * filtering.  screen_list_draw.c draws it. */
#include "config.h"

#include <curses.h>
#include <limits.h>
#include <pwd.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "browser/state.h"
#include "model/states.h"
#include "util/i18n.h"

/* ---- selection ---- */

static const struct tree_row *row_at(const struct browser *b, size_t i)
{
	return i < b->list.tree.n ? &b->list.tree.rows[i] : NULL;
}

static void remember_selection(struct browser *b)
{
	const struct tree_row *r = row_at(b, b->sel_row);

	if (!r)
		return;
	b->sel_pid = tree_is_idle(&b->list.tree, r->row.g) ? 0 : r->row.g->pid;
	b->sel_tid = r->row.t ? r->row.t->tid : 0;
}

static void select_row(struct browser *b, size_t i)
{
	size_t n = b->list.tree.n;

	if (n == 0)
		return;
	b->sel_row = i < n ? i : n - 1;
	remember_selection(b);
}

static void move_by(struct browser *b, long delta)
{
	long i = (long)b->sel_row + delta;

	select_row(b, i < 0 ? 0 : (size_t)i);
}

/* A flat list without a sort key of its own shows the busiest first, as
 * top does; the tree keeps its order (siblings by start). */
static const struct sort_key busiest_first = { &column_table[COL_PCPU], true };

void list_screen_rebuild(struct browser *b)
{
	bool by_cpu = !b->tree && b->nkeys == 0;
	struct list_opts lo = {
		.sel = b->sel,
		.ancestors = b->bo->o->ancestors,
		.tree = b->tree,
		.all_threads = b->all_threads,
		.hide_kernel = b->hide_kernel,
		.expanded = &b->expanded,
		.collapsed = &b->collapsed,
		.filter = b->filter.len ? b->filter.data : NULL,
		.keys = by_cpu ? &busiest_first : b->keys,
		.nkeys = by_cpu ? 1 : b->nkeys,
	};
	size_t offset = b->sel_row >= b->top ? b->sel_row - b->top : 0;
	size_t n, found = SIZE_MAX, proc = SIZE_MAX;

	list_build(&b->list, b->snap, &lo);
	b->rows_dirty = false;
	n = b->list.tree.n;
	b->art_valid = 0;
	b->art_stride = 1;
	for (size_t i = 0; i < n; i++)
		if (b->list.tree.rows[i].depth + 1 > b->art_stride)
			b->art_stride = b->list.tree.rows[i].depth + 1;
	/* The same process (or thread) as before; else its process; else the
	 * row that took its place. */
	for (size_t i = 0; i < n && found == SIZE_MAX; i++) {
		const struct tree_row *r = &b->list.tree.rows[i];
		pid_t pid = tree_is_idle(&b->list.tree, r->row.g) ? 0 : r->row.g->pid;
		pid_t tid = r->row.t ? r->row.t->tid : 0;

		if (pid != b->sel_pid)
			continue;
		if (tid == b->sel_tid)
			found = i;
		else if (!r->row.t && proc == SIZE_MAX)
			proc = i;
	}
	if (found == SIZE_MAX)
		found = proc != SIZE_MAX ? proc : b->sel_row;
	if (n == 0) {
		b->sel_row = b->top = 0;
		return;
	}
	b->sel_row = found < n ? found : n - 1;
	/* Keep the selected row where it was on the screen; but a list seen
	 * from its first row stays so while the selection is in view (rows
	 * sorted above the selection come on screen, not off it). */
	if (b->top == 0 && b->sel_row < (size_t)list_screen_height(b))
		b->top = 0;
	else
		b->top = b->sel_row >= offset ? b->sel_row - offset : 0;
	remember_selection(b);
}

/* ---- search and filter ---- */

/* The row of thread `tid` of `pid` (0: the process), or SIZE_MAX. */
static size_t row_of(const struct browser *b, pid_t pid, pid_t tid)
{
	for (size_t i = 0; i < b->list.tree.n; i++) {
		const struct tree_row *r = &b->list.tree.rows[i];

		if (!tree_is_idle(&b->list.tree, r->row.g) && r->row.g->pid == pid &&
		    (r->row.t ? r->row.t->tid : 0) == tid)
			return i;
	}
	return SIZE_MAX;
}

/* A thread the list does not show (its process's threads are folded, or
 * it lies in a collapsed subtree) that matches: its process opens, the
 * subtrees around it unfold, and it is selected. */
static bool search_hidden(struct browser *b, const char *q)
{
	const struct snapshot *snap = b->snap;

	for (size_t i = 0; i < snap->ngroups; i++) {
		const struct tgroup *g = &snap->groups[i];

		for (size_t j = 0; j < g->ntasks; j++) {
			struct row r = { .g = g, .t = &g->tasks[j] };

			if (g->tasks[j].tid == g->pid || !list_row_matches(&r, q) ||
			    row_of(b, g->pid, g->tasks[j].tid) != SIZE_MAX)
				continue;
			pidset_add(&b->expanded, g->pid);
			/* Unfold every collapsed subtree on the way up. */
			for (const struct tgroup *p = g; p; p = p->self.ppid != p->pid ?
				     snapshot_find_group(snap, p->self.ppid) : NULL)
				pidset_del(&b->collapsed, p->pid);
			browser_refresh_threads(b);
			list_screen_rebuild(b);
			size_t at = row_of(b, g->pid, g->tasks[j].tid);

			if (at == SIZE_MAX)
				continue;   /* filtered out: look further */
			select_row(b, at);
			browser_say(b, _("found in the threads of %d, shown now"), (int)g->pid);
			return true;
		}
	}
	return false;
}

static bool search(struct browser *b, size_t from, int dir, bool inclusive)
{
	size_t n = b->list.tree.n;
	const char *q = sbuf_cstr(&b->query);

	if (n == 0 || !*q)
		return false;
	/* While typing digits, an exact pid wins over a longer one it starts. */
	for (int pass = inclusive ? 0 : 1; pass < 2; pass++)
		for (size_t k = 0; k < n; k++) {
			size_t step = (inclusive ? k : k + 1) % n;
			size_t i = dir > 0 ? (from + step) % n : (from + n - step) % n;
			const struct tree_row *r = &b->list.tree.rows[i];

			if (tree_is_idle(&b->list.tree, r->row.g))
				continue;
			if (pass == 0 ? list_row_is_id(&r->row, q) : list_row_matches(&r->row, q)) {
				select_row(b, i);
				if (!inclusive && (dir > 0 ? i <= from : i >= from))
					browser_say(b, dir > 0 ? _("search wrapped to the top")
							       : _("search wrapped to the bottom"));
				return true;
			}
		}
	return search_hidden(b, q);
}

static void say_no_match(struct browser *b)
{
	browser_say(b, _("no match for '%s'"), sbuf_cstr(&b->query));
}

static void set_filter(struct browser *b, const char *q)
{
	sbuf_reset(&b->filter);
	if (q && *q)
		sbuf_puts(&b->filter, q);
	b->rows_dirty = true;
}

/* Drops the last character (not byte) of the query. */
static void query_backspace(struct sbuf *q)
{
	while (q->len > 0) {
		unsigned char c = (unsigned char)q->data[--q->len];

		if ((c & 0xc0) != 0x80)
			break;
	}
	sbuf_cstr(q);
}

static void apply_pick(struct browser *b);

static void prompt_key(struct browser *b, struct key k)
{
	bool filter = b->prompt == PROMPT_FILTER;
	bool picks = b->prompt == PROMPT_USER || b->prompt == PROMPT_STATE;

	if ((!k.fn && (k.code == '\n' || k.code == '\r')) || (k.fn && k.code == KEY_ENTER)) {
		if (picks) {
			apply_pick(b);
			return;
		}
		b->prompt = PROMPT_NONE;
		if (!filter && b->query.len && !search(b, b->search_from, 1, true))
			say_no_match(b);
		return;
	}
	if (!k.fn && k.code == 27) {
		b->prompt = PROMPT_NONE;
		sbuf_reset(&b->query);
		if (filter)
			set_filter(b, NULL);
		return;
	}
	if (picks && !k.fn && k.code >= 0x20) {
		/* A user name or state letters: typed, applied on Enter. */
		if (b->query.len < 64 && k.code < 0x7f)
			sbuf_putc(&b->query, (char)k.code);
		return;
	}
	if (picks) {
		if ((k.fn && k.code == KEY_BACKSPACE) || (!k.fn && (k.code == 127 || k.code == 8)))
			query_backspace(&b->query);
		return;
	}
	if ((k.fn && k.code == KEY_BACKSPACE) || (!k.fn && (k.code == 127 || k.code == 8))) {
		query_backspace(&b->query);
	} else if (!k.fn && k.code >= 0x20 && k.code != 0x7f && b->query.len < 200) {
		char mb[MB_LEN_MAX];
		mbstate_t st;
		size_t n;

		memset(&st, 0, sizeof(st));
		n = wcrtomb(mb, (wchar_t)k.code, &st);
		if (n == (size_t)-1)
			return;
		sbuf_put(&b->query, mb, n);
	} else {
		return;
	}
	if (filter) {
		set_filter(b, sbuf_cstr(&b->query));
		return;
	}
	/* As you type: from where the search began. */
	if (b->query.len && !search(b, b->search_from, 1, true))
		say_no_match(b);
}

/* u: one user's processes; F: tasks in some states (as --state).  Both
 * narrow the list like the command line's selection; Esc clears them. */
static void apply_pick(struct browser *b)
{
	const char *q = sbuf_cstr(&b->query);

	b->prompt = PROMPT_NONE;
	if (b->prompt_was_user) {
		struct passwd *pw = getpwnam(q);
		char *end;
		unsigned long id = strtoul(q, &end, 10);

		if (!*q) {
			b->sel.uids = b->bo->sel.uids;
			b->sel.nuids = b->bo->sel.nuids;
		} else if (pw || (*end == '\0' && id <= 0xffffffffUL)) {
			b->user_filter = pw ? pw->pw_uid : (uid_t)id;
			b->sel.uids = &b->user_filter;
			b->sel.nuids = 1;
		} else {
			browser_say(b, _("no user '%s'"), q);
			return;
		}
	} else {
		size_t n = 0;

		for (const char *c = q; *c && n + 1 < sizeof(b->state_filter); c++)
			if (*c != ',' && *c != ' ' && task_state_find(*c) && !memchr(b->state_filter, *c, n))
				b->state_filter[n++] = *c;
		b->state_filter[n] = '\0';
		b->sel.states = n ? b->state_filter : b->bo->sel.states;
		if (*q && !n) {
			browser_say(b, _("no state in '%s' (one of: %s)"), q, task_state_letters());
			return;
		}
	}
	sbuf_reset(&b->query);
	browser_mode_changed(b);
}

static void start_pick(struct browser *b, bool user)
{
	b->prompt = user ? PROMPT_USER : PROMPT_STATE;
	b->prompt_was_user = user;
	sbuf_reset(&b->query);
}

/* Esc: every filter off, back to the command line's selection. */
static void clear_filters(struct browser *b)
{
	if (b->filter.len)
		set_filter(b, NULL);
	b->sel = b->bo->sel;
	b->state_filter[0] = '\0';
	sbuf_reset(&b->query);
	browser_mode_changed(b);
}

static void sort_by(struct browser *b, enum column_id id)
{
	const struct column *c = column_of(id);
	bool descending = !(b->nkeys && b->keys[0].col == c && b->keys[0].descending);

	b->picked = (struct sort_key){ c, descending };
	b->keys = &b->picked;
	b->nkeys = 1;
	browser_say(b, _("sorted by %s, %s"), c->name, descending ? _("descending") : _("ascending"));
	browser_mode_changed(b);
}

/* < and >: the columns after the first slide left and right, so every
 * column chosen can be brought on screen; past the last column, > slides
 * that column's text (a long command line), < brings it back first. */
static void scroll_columns(struct browser *b, int by)
{
	enum { TEXT_STEP = 16 };

	if (by < 0 && b->text_left) {
		b->text_left = b->text_left > TEXT_STEP ? b->text_left - TEXT_STEP : 0;
	} else if (by < 0 && b->hidden_left == 0) {
		browser_say(b, _("at the first column"));
	} else if (by < 0) {
		b->hidden_left--;
	} else if (b->hidden_left + 2 < b->ncols) {
		b->hidden_left++;
	} else if (b->text_left + b->last_room < b->last_width) {
		b->text_left += TEXT_STEP;
	} else {
		browser_say(b, _("at the end of the last column"));
	}
}

static void toggle_filter(struct browser *b)
{
	if (b->filter.len) {
		set_filter(b, NULL);
		browser_say(b, _("filter off"));
	} else if (b->query.len) {
		set_filter(b, sbuf_cstr(&b->query));
	} else {
		b->prompt = PROMPT_FILTER;
		sbuf_reset(&b->query);
	}
}

/* ---- expanding and collapsing ---- */

static const struct tree_row *selected(const struct browser *b)
{
	const struct tree_row *r = row_at(b, b->sel_row);

	return r && !tree_is_idle(&b->list.tree, r->row.g) ? r : NULL;
}

static void expand(struct browser *b, bool toggle)
{
	const struct tree_row *r = selected(b);

	if (!r)
		return;
	if (b->all_threads) {
		browser_say(b, _("every thread is shown (L hides them)"));
		return;
	}
	pid_t pid = r->row.g->pid;

	if (r->row.t)
		return;
	if (pidset_has(&b->expanded, pid)) {
		if (toggle)
			pidset_del(&b->expanded, pid);
	} else {
		pidset_add(&b->expanded, pid);
	}
	/* The threads' wait channels are read now, even when paused: they
	 * add to the picture without changing what it shows. */
	b->rows_dirty = true;
	b->reveal = pidset_has(&b->expanded, pid) ? r->row.g->ntasks : 0;
	browser_refresh_threads(b);
}

static void fold_threads(struct browser *b)
{
	const struct tree_row *r = selected(b);

	if (!r)
		return;
	if (b->all_threads) {
		browser_say(b, _("every thread is shown (L hides them)"));
		return;
	}
	b->sel_tid = 0;   /* the selection goes to the process */
	pidset_del(&b->expanded, r->row.g->pid);
	b->rows_dirty = true;
}

static void collapse(struct browser *b)
{
	const struct tree_row *r = selected(b);

	if (!b->tree) {
		browser_say(b, _("c folds subtrees of the tree (t shows it)"));
		return;
	}
	if (!r)
		return;
	b->sel_tid = 0;
	pidset_toggle(&b->collapsed, r->row.g->pid);
	b->rows_dirty = true;
}

/* Whether screen column x of row i falls on its tree mark: the branches
 * before the name in the art column, and the name's first cells (a row
 * at the root has no branch). */
static bool on_tree_mark(const struct browser *b, size_t i, int x)
{
	for (size_t c = 0; c < b->ncols; c++) {
		if (b->cols[c] != b->artcol || b->col_x0[c] < 0)
			continue;
		/* The last column's text may be scrolled (> past it). */
		size_t skip = c + 1 == b->ncols ? b->text_left : 0;
		long at = (long)x - b->col_x0[c] + (long)skip;

		return at >= 0 && at < 3 * (long)(b->list.tree.rows[i].depth + 1);
	}
	return false;
}

/* The mouse: a click selects a row (on its tree mark it also opens or
 * folds the threads), a click on a heading sorts by that column (again:
 * the other way), the wheel scrolls: up and down the rows, sideways the
 * columns as < and > do. */
static void list_mouse(struct browser *b, const struct mouse_event *ev)
{
	switch (ev->button) {
	case MOUSE_WHEEL_UP:
		move_by(b, -3);
		return;
	case MOUSE_WHEEL_DOWN:
		move_by(b, 3);
		return;
	case MOUSE_WHEEL_LEFT:
		scroll_columns(b, -1);
		return;
	case MOUSE_WHEEL_RIGHT:
		scroll_columns(b, 1);
		return;
	case MOUSE_LEFT:
		break;
	default:
		return;
	}
	if (ev->y == b->rows_y - 1) {
		for (size_t c = 0; c < b->ncols; c++)
			if (b->col_x0[c] >= 0 && ev->x >= b->col_x0[c] && ev->x <= b->col_x1[c]) {
				sort_by(b, b->cols[c]->id);
				return;
			}
		return;
	}
	if (ev->y < b->rows_y || ev->y >= b->rows_y + list_screen_height(b))
		return;
	size_t i = b->top + (size_t)(ev->y - b->rows_y);

	if (i >= b->list.tree.n)
		return;
	select_row(b, i);
	if (on_tree_mark(b, i, ev->x))
		expand(b, true);
}

/* *: every subtree folded into its row, or (when some are) all opened. */
static void fold_all(struct browser *b)
{
	if (!b->tree) {
		browser_say(b, _("* folds the subtrees of the tree (t shows it)"));
		return;
	}
	if (b->collapsed.n) {
		pidset_release(&b->collapsed);
		browser_say(b, _("every subtree opened"));
	} else {
		for (size_t i = 0; i < b->snap->ngroups; i++) {
			const struct tgroup *g = &b->snap->groups[i];
			const struct tgroup *p = g->self.ppid != g->pid ?
						 snapshot_find_group(b->snap, g->self.ppid) : NULL;

			/* A process with children: its parent's child; not init. */
			if (p && p->pid != 1)
				pidset_add(&b->collapsed, p->pid);
		}
		browser_say(b, _("every subtree folded (* opens them)"));
	}
	b->rows_dirty = true;
}

/* htop's keys that would signal or renice. */
static void say_read_only(struct browser *b)
{
	browser_say(b, _("lwps is read-only: it never signals, kills or renices a process"));
}

/* ---- keys ---- */

void list_screen_key(struct browser *b, struct key k)
{
	long h = list_screen_height(b);

	if (b->prompt != PROMPT_NONE) {
		prompt_key(b, k);
		return;
	}
	if (k.fn) {
		switch (k.code) {
		case KEY_UP:
			move_by(b, -1);
			break;
		case KEY_DOWN:
			move_by(b, 1);
			break;
		case KEY_PPAGE:
			move_by(b, -h);
			break;
		case KEY_NPAGE:
			move_by(b, h);
			break;
		case KEY_HOME:
			select_row(b, 0);
			break;
		case KEY_END:
			select_row(b, SIZE_MAX);
			break;
		case KEY_RIGHT:
			expand(b, false);
			break;
		case KEY_ENTER:
			expand(b, true);
			break;
		case KEY_LEFT:
			fold_threads(b);
			break;
		case KEY_SLEFT:
			scroll_columns(b, -1);
			break;
		case KEY_SRIGHT:
			scroll_columns(b, 1);
			break;
		case KEY_F(1):
			browser_open(b, SCREEN_HELP);
			break;
		case KEY_F(3):
			list_screen_key(b, (struct key){ .code = '/' });
			break;
		case KEY_F(4):
			toggle_filter(b);
			break;
		case KEY_F(5):
			list_screen_key(b, (struct key){ .code = 't' });
			break;
		case KEY_F(6):
			browser_open(b, SCREEN_SORT);
			break;
		case KEY_F(2):
			browser_open(b, SCREEN_COLUMNS);
			break;
		case KEY_F(7):
		case KEY_F(8):
		case KEY_F(9):
			say_read_only(b);
			break;
		case KEY_F(10):
			b->quit = true;
			break;
		case KEY_MOUSE:
			list_mouse(b, &k.mouse);
			break;
		default:
			browser_say(b, _("? shows every key"));
			break;
		}
		return;
	}
	switch (k.code) {
	case 'j':
		move_by(b, 1);
		break;
	case 'k':
		say_read_only(b);
		break;
	case '\n':
	case '\r':
		expand(b, true);
		break;
	case 'L':
	case 'H':   /* htop's key for user threads */
		b->all_threads = !b->all_threads;
		browser_mode_changed(b);
		browser_say(b, b->all_threads ? _("every thread shown (H or L hides them)")
					       : _("threads hidden (H or L shows them)"));
		break;
	case 'P':
		sort_by(b, COL_PCPU);
		break;
	case 'M':
		sort_by(b, COL_RSS);
		break;
	case 'T':
		sort_by(b, COL_TIME);
		break;
	case 'u':
		start_pick(b, true);
		break;
	case 'C':
		browser_open(b, SCREEN_COLUMNS);
		break;
	case 'b':
		changes_mark(b);
		break;
	case 'B':
		browser_open(b, SCREEN_CHANGES);
		break;
	case 'w':
		browser_open(b, SCREEN_WAITS);
		break;
	case '*':
		fold_all(b);
		break;
	case 'F':
		start_pick(b, false);
		break;
	case '<':
		scroll_columns(b, -1);
		break;
	case '>':
		scroll_columns(b, 1);
		break;
	case 'K':
		b->hide_kernel = !b->hide_kernel;
		b->rows_dirty = true;
		browser_say(b, b->hide_kernel ? _("kernel threads hidden (K shows them)")
					       : _("kernel threads shown"));
		break;
	case 't':
		b->tree = !b->tree;
		browser_mode_changed(b);
		break;
	case 'c':
		collapse(b);
		break;
	case '/':
		b->prompt = PROMPT_SEARCH;
		sbuf_reset(&b->query);
		b->search_from = b->sel_row;
		break;
	case 'n':
	case 'N':
		if (!b->query.len)
			browser_say(b, _("no search yet: / starts one"));
		else if (!search(b, b->sel_row, k.code == 'n' ? 1 : -1, false))
			say_no_match(b);
		break;
	case 'f':
		toggle_filter(b);
		break;
	case 27:
		clear_filters(b);
		break;
	case 's':
		browser_open(b, SCREEN_SORT);
		break;
	case 'p':
		b->paused = !b->paused;
		browser_say(b, b->paused ? _("paused: the picture is frozen (p resumes)")
					 : _("resumed"));
		if (!b->paused && browser_now() >= b->next_refresh)
			browser_refresh(b);
		break;
	case ' ':
		browser_refresh(b);
		break;
	case '\t':
	case 'd':
		browser_open(b, SCREEN_DETAILS);
		break;
	case 'm':
		browser_open(b, SCREEN_MAPS);
		break;
	case '?':
	case 'h':
		browser_open(b, SCREEN_HELP);
		break;
	case 'q':
		b->quit = true;
		break;
	default:
		browser_say(b, _("? shows every key"));
		break;
	}
}
