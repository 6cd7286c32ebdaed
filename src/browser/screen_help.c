/* screen_help.c - every key (?), the sort picker (s), and the frame the
 * page screens share: a title bar, the page, a line of hints. */
#include "config.h"

#include <curses.h>
#include <string.h>

#include "browser/state.h"
#include "util/i18n.h"

struct key_help {
	const char *keys;
	const char *what;   /* N_() */
};

static const struct key_help list_keys[] = {
	{ "Up Down  j", N_("move the selection (the mouse wheel too)") },
	{ "PgUp PgDn", N_("move a screen at a time") },
	{ "Home End", N_("go to the first or the last row") },
	{ "click", N_("select a row; on its tree mark, show or hide its threads; on a heading, "
		      "sort by it (again: the other way)") },
	{ "Enter Right", N_("show the selected process's threads inline (tid, name, state, "
			    "CPU, wchan)") },
	{ "Left", N_("hide them again") },
	{ "L H", N_("show every process's threads (again: hide them)") },
	{ "K", N_("hide kernel threads (again: show them)") },
	{ "t F5", N_("tree or flat list") },
	{ "c", N_("collapse the selected subtree into one row with its totals (again: expand)") },
	{ "*", N_("collapse every subtree (again: open them all)") },
	{ "/ F3", N_("search by name or pid as you type; Enter keeps the search") },
	{ "n N", N_("next or previous match") },
	{ "f F4", N_("show only the matches, with their ancestors in the tree (again: all)") },
	{ "u", N_("show one user's processes (Enter on an empty name: every user)") },
	{ "F", N_("show only tasks in some states, e.g. D or RD (as --state)") },
	{ "Esc", N_("clear the search and every filter") },
	{ "< >", N_("scroll the columns after the first left and right (Shift-Left, "
		    "Shift-Right and the mouse wheel sideways too); past the last column, "
		    "> scrolls its text (a long command line)") },
	{ "s F6", N_("choose the sort column") },
	{ "w", N_("the waits: threads grouped by what they wait on (as -W); Enter opens a group, "
		  "on a thread goes to it in the list") },
	{ "b", N_("mark the present moment") },
	{ "B", N_("what changed since the mark, as --diff shows it: born, exited, states, CPU, "
		  "growth (kept up to date)") },
	{ "C F2", N_("choose the columns: show, hide and reorder them") },
	{ "P M T", N_("sort by %CPU, by RSS, by TIME (again: the other way)") },
	{ "p", N_("pause: freeze the picture (again: resume)") },
	{ "space", N_("refresh now") },
	{ "Tab d", N_("details of the selected process or thread: what it waits on first, then "
		      "status, namespaces, tracer, wchan, limits, threads per state") },
	{ "m", N_("mappings and layout of the selected process, with the thread stacks") },
	{ "? h F1", N_("this help") },
	{ "k F7 F8 F9", N_("nothing: lwps is read-only, it never signals or renices") },
	{ "q F10", N_("quit") },
};

static const struct key_help page_keys[] = {
	{ "Up Down PgUp PgDn", N_("scroll (the mouse wheel too)") },
	{ "Home End", N_("go to the top or the bottom") },
	{ "Left Right", N_("scroll sideways (the mouse wheel sideways too)") },
	{ "click", N_("(columns, sort, waits) put the cursor on a line") },
	{ "d m", N_("between the details and the mappings of the process") },
	{ "D", N_("(mappings) each one's change in size and RSS since the screen opened") },
	{ "p  space", N_("pause, refresh now") },
	{ "q Esc", N_("back to the list") },
};

static const struct key_help marks[] = {
	{ "{name}", N_("a thread; its tid stands in the PID column") },
	{ "[+ N processes ...]", N_("a collapsed subtree and its totals") },
	{ "(gone)", N_("the process exited; it goes at the next refresh") },
	{ "[pidns]", N_("the first process of a new pid namespace") },
	{ "[ppid cycle]", N_("its parents lead round a cycle: shown as a root") },
	{ "[depth N]", N_("a process deeper than the branches drawn") },
	{ "stack:TID", N_("(mappings) the stack of thread TID") },
};

static void put_keys(struct page *p, const struct key_help *k, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		page_puts(p, ROLE_NORMAL, "  ");
		page_puts(p, ROLE_BOLD, k[i].keys);
		page_pad_to(p, ROLE_NORMAL, 24);
		page_puts(p, ROLE_NORMAL, _(k[i].what));
		page_end_line(p);
	}
}

void help_build(struct browser *b)
{
	struct page *p = &b->page;

	page_clear(p);
	page_puts(p, ROLE_NORMAL, _("lwps -i shows processes and threads as the kernel "
				    "reports them in /proc."));
	page_end_line(p);
	page_puts(p, ROLE_NORMAL, _("It only reads: no key sends a signal, renices or changes "
				    "anything."));
	page_end_line(p);
	page_end_line(p);
	page_puts(p, ROLE_SECTION, _("The list"));
	page_end_line(p);
	put_keys(p, list_keys, sizeof(list_keys) / sizeof(list_keys[0]));
	page_end_line(p);
	page_puts(p, ROLE_SECTION, _("Details, mappings and this help"));
	page_end_line(p);
	put_keys(p, page_keys, sizeof(page_keys) / sizeof(page_keys[0]));
	page_end_line(p);
	page_puts(p, ROLE_SECTION, _("Marks"));
	page_end_line(p);
	put_keys(p, marks, sizeof(marks) / sizeof(marks[0]));
}

/* ---- sorting ---- */

/* The picker's lines: line 0 is "no key", then every process column. */
static const struct column *sort_column_at(size_t line)
{
	size_t k = 0;

	for (size_t i = 0; i < column_count; i++) {
		if (column_table[i].scope != SCOPE_TASK)
			continue;
		if (++k == line)
			return &column_table[i];
	}
	return NULL;
}

void sort_build(struct browser *b)
{
	struct page *p = &b->page;
	size_t line = 1;

	page_clear(p);
	p->has_cursor = true;
	p->cursor = 0;
	page_puts(p, ROLE_NORMAL, _("(none: the tree by start time, the flat list by pid)"));
	page_end_line(p);
	for (size_t i = 0; i < column_count; i++) {
		const struct column *c = &column_table[i];
		bool current = b->nkeys && b->keys[0].col == c;

		if (c->scope != SCOPE_TASK)
			continue;
		if (current)
			p->cursor = line;
		page_puts(p, ROLE_BOLD, c->name);
		page_pad_to(p, ROLE_NORMAL, 10);
		if (current)
			page_puts(p, ROLE_CYAN, b->keys[0].descending ? _("desc") : _("asc"));
		page_pad_to(p, ROLE_NORMAL, 16);
		page_puts(p, ROLE_NORMAL, _(c->help));
		page_end_line(p);
		line++;
	}
}

void sort_pick(struct browser *b, bool descending)
{
	const struct column *c = b->page.cursor ? sort_column_at(b->page.cursor) : NULL;

	if (!c) {
		b->nkeys = 0;
		browser_say(b, _("no sort key"));
	} else {
		/* Enter on the column already sorted by turns it around. */
		if (!descending && b->nkeys && b->keys[0].col == c && !b->keys[0].descending)
			descending = true;
		b->picked = (struct sort_key){ c, descending };
		b->keys = &b->picked;
		b->nkeys = 1;
		browser_say(b, _("sorted by %s, %s"), c->name,
			    descending ? _("descending") : _("ascending"));
	}
	browser_mode_changed(b);
}

/* ---- the frame of the page screens ---- */

void page_screen_draw(struct browser *b, const char *title)
{
	struct sbuf *s = &b->scratch;
	int h = LINES > 2 ? LINES - 2 : 1;
	attr_t a = draw_attr(ROLE_HEADING);
	const char *hint;

	sbuf_reset(s);
	sbuf_puts(s, title);
	if (b->paused)
		sbuf_puts(s, _("  [paused]"));
	draw_fill(0, 0, COLS, a);
	draw_text(0, 0, s->data, s->len, COLS, a);
	page_draw(&b->page, 1, h, COLS);
	if (b->msg.len) {
		draw_text(LINES - 1, 0, b->msg.data, b->msg.len, COLS - 1, draw_attr(ROLE_BOLD));
		return;
	}
	if (b->screen == SCREEN_SORT)
		hint = _("Enter sort ascending (again: descending)  - descending  q/Esc back");
	else if (b->screen == SCREEN_COLUMNS)
		hint = _("Enter/space show or hide  [ ] move up or down  q/Esc back");
	else if (b->screen == SCREEN_WAITS)
		hint = _("Enter opens a group, or goes to a thread in the list  q/Esc back");
	else if (b->screen == SCREEN_HELP)
		hint = _("q/Esc back  Up/Down/PgUp/PgDn scroll");
	else
		hint = _("q/Esc back  Up/Down/PgUp/PgDn/Home/End scroll  Left/Right pan  "
			 "d details  m maps  p pause  space refresh");
	draw_text(LINES - 1, 0, hint, strlen(hint), COLS - 1, draw_attr(ROLE_DIM));
}

/* ---- the column chooser ---- */

/* The chooser's lines: the shown columns in their order, then the rest
 * in the table's. */
static const struct column *chooser_column_at(const struct browser *b, size_t line)
{
	size_t k = b->ncols;

	if (line < b->ncols)
		return b->cols[line];
	for (size_t i = 0; i < column_count; i++) {
		const struct column *c = &column_table[i];
		bool shown = false;

		if (c->scope != SCOPE_TASK)
			continue;
		for (size_t j = 0; j < b->ncols; j++)
			shown |= b->cols[j] == c;
		if (!shown && k++ == line)
			return c;
	}
	return NULL;
}

void columns_build(struct browser *b)
{
	struct page *p = &b->page;
	size_t cursor = p->has_cursor ? p->cursor : 0, top = p->top;
	const struct column *c;

	page_clear(p);
	p->has_cursor = true;
	for (size_t line = 0; (c = chooser_column_at(b, line)); line++) {
		page_puts(p, line < b->ncols ? ROLE_GREEN : ROLE_DIM, line < b->ncols ? "[x] " : "[ ] ");
		page_puts(p, ROLE_BOLD, c->name);
		page_pad_to(p, ROLE_NORMAL, 16);
		page_puts(p, ROLE_NORMAL, _(c->help));
		page_end_line(p);
	}
	p->cursor = cursor;
	p->top = top;
}

/* The widths are measured again, the needs of the columns read. */
static void columns_changed(struct browser *b)
{
	memset(b->widths, 0, (column_count + 1) * sizeof(size_t));
	b->artcol = tree_art_column((const struct column *const *)b->cols, b->ncols);
	b->hidden_left = b->text_left = 0;
	columns_build(b);
	browser_mode_changed(b);
}

void columns_toggle(struct browser *b)
{
	size_t at = b->page.cursor;
	const struct column *c = chooser_column_at(b, at);

	if (!c)
		return;
	if (at < b->ncols) {
		if (b->ncols == 1) {
			browser_say(b, _("the list keeps one column at least"));
			return;
		}
		memmove(b->cols + at, b->cols + at + 1, (b->ncols - at - 1) * sizeof(*b->cols));
		b->ncols--;
		browser_say(b, _("%s hidden"), c->name);
	} else {
		/* Before the command (it takes the rest of the line), so the
		 * new column is on screen. */
		size_t to = b->ncols;

		for (size_t i = 0; i < b->ncols; i++)
			if (b->cols[i] == b->artcol)
				to = i;
		memmove(b->cols + to + 1, b->cols + to, (b->ncols - to) * sizeof(*b->cols));
		b->cols[to] = c;
		b->ncols++;
		b->page.cursor = to;
		browser_say(b, _("%s shown"), c->name);
	}
	columns_changed(b);
}

void columns_move(struct browser *b, int by)
{
	size_t at = b->page.cursor;

	if (at >= b->ncols || (by < 0 && at == 0) || (by > 0 && at + 1 >= b->ncols))
		return;
	size_t to = by < 0 ? at - 1 : at + 1;
	const struct column *c = b->cols[at];

	b->cols[at] = b->cols[to];
	b->cols[to] = c;
	b->page.cursor = to;
	columns_changed(b);
}
