/* screen_list_draw.c - drawing the main list: the header with the
 * machine's counts, the process tree (or flat list) with threads inline,
 * and the status line.
 *
 * Only the rows on screen are formatted, each cell through format_text,
 * so a refresh costs the reading plus O(rows) of plain bookkeeping. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "browser/state.h"
#include "model/delta.h"
#include "model/states.h"
#include "output/format.h"
#include "output/tree_art.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* The header: the title, the CPU bars, memory and swap, the task
 * counts, the column headings.  A short terminal has fewer lines of bars,
 * so that the list keeps LIST_MIN rows. */
enum { CPU_BAR_MIN = 16, CPU_LINES_MAX = 8, LIST_MIN = 3 };

/* The lines the CPU bars may take: the title, memory, the counts, the
 * headings and the status line take one each. */
static int cpu_lines_max(void)
{
	int room = LINES - 5 - LIST_MIN;

	return room < 0 ? 0 : room < CPU_LINES_MAX ? room : CPU_LINES_MAX;
}

/* How many CPU bars one line holds, and how many lines they take. */
static int cpu_bars_per_line(int ncpus)
{
	int per = COLS / 40 > 1 ? COLS / 40 : 1, max = cpu_lines_max();

	if (per > 4)
		per = 4;
	if (per > ncpus)   /* two CPUs on a wide screen: two wide bars */
		per = ncpus;
	while ((ncpus + per - 1) / per > max && COLS / (per + 1) >= CPU_BAR_MIN)
		per++;
	return per;
}

static int cpu_lines(const struct browser *b)
{
	const struct host_info *h = &b->snap->host;

	if (!(h->known & HF_BIT(HF_CPUS)) || h->ncpus <= 0)
		return 0;
	int per = cpu_bars_per_line(h->ncpus), lines = (h->ncpus + per - 1) / per;

	return lines < cpu_lines_max() ? lines : cpu_lines_max();
}

static int header_lines(const struct browser *b)
{
	return 1 + cpu_lines(b) + 1 + 1 + 1;
}

int list_screen_height(const struct browser *b)
{
	int h = LINES - header_lines(b) - 1;

	return h > 1 ? h : 1;
}

/* A line of safe text at y, cut to the width, in one role. */
static void put_line(int y, const struct sbuf *s, enum role r)
{
	draw_fill(y, 0, COLS, draw_attr(r));
	draw_text(y, 0, s->data ? s->data : "", s->len, COLS, draw_attr(r));
}

/* One bar of `width` columns at (y, x): label, the parts in their roles
 * (fractions of the whole), and the text at its right end. */
struct bar_part {
	double share;
	enum role role;
};

static void draw_bar(int y, int x, int width, const char *label, const struct bar_part *parts,
		     size_t nparts, const char *text)
{
	int lw = (int)strlen(label), tw = (int)strlen(text);
	int inner = width - lw - 2;   /* between [ and ] */

	if (inner < 1)
		return;
	draw_text(y, x, label, (size_t)lw, width, draw_attr(ROLE_CYAN));
	draw_text(y, x + lw, "[", 1, 1, draw_attr(ROLE_BOLD));
	int filled = 0;

	for (size_t i = 0; i < nparts; i++) {
		double share = parts[i].share < 0 ? 0 : parts[i].share;
		int n = (int)(share * inner + 0.5);

		if (filled + n > inner)
			n = inner - filled;
		for (int k = 0; k < n; k++)
			draw_text(y, x + lw + 1 + filled + k, "|", 1, 1, draw_attr(parts[i].role));
		filled += n;
	}
	if (tw <= inner)
		draw_text(y, x + lw + 1 + inner - tw, text, (size_t)tw, tw, draw_attr(ROLE_DIM));
	draw_text(y, x + lw + 1 + inner, "]", 1, 1, draw_attr(ROLE_BOLD));
}

static unsigned long long ticks_since(unsigned long long now, unsigned long long before)
{
	return now > before ? now - before : 0;
}

/* A CPU's bar: user (and nice), system (and interrupts), iowait and
 * steal, over the last refresh (since boot at the first). */
static void draw_cpu(int y, int x, int width, const char *label, const struct cpu_ticks *now,
		     const struct cpu_ticks *before)
{
	static const struct cpu_ticks zero;
	const struct cpu_ticks *b = before ? before : &zero;
	unsigned long long user = ticks_since(now->user + now->nice, b->user + b->nice);
	unsigned long long sys = ticks_since(now->system + now->irq + now->softirq,
					     b->system + b->irq + b->softirq);
	unsigned long long io = ticks_since(now->iowait, b->iowait);
	unsigned long long steal = ticks_since(now->steal, b->steal);
	unsigned long long idle = ticks_since(now->idle, b->idle);
	double total = (double)(user + sys + io + steal + idle);
	struct bar_part parts[] = {
		{ total > 0 ? (double)user / total : 0, ROLE_GREEN },
		{ total > 0 ? (double)sys / total : 0, ROLE_RED },
		{ total > 0 ? (double)io / total : 0, ROLE_BLUE },
		{ total > 0 ? (double)steal / total : 0, ROLE_CYAN },
	};
	char text[16];

	snprintf(text, sizeof(text), "%.1f%%",
		 total > 0 ? (double)(user + sys + steal) * 100.0 / total : 0.0);
	draw_bar(y, x, width, label, parts, sizeof(parts) / sizeof(parts[0]), text);
}

static void draw_cpu_bars(struct browser *b, int y0)
{
	const struct host_info *h = &b->snap->host;
	int lines = cpu_lines(b);

	if (!lines)
		return;
	int per = cpu_bars_per_line(h->ncpus), width = COLS / per;
	bool before = b->ncpus_before == h->ncpus;

	for (int i = 0; i < h->ncpus && i / per < lines; i++) {
		char label[16];

		snprintf(label, sizeof(label), "%3d", i);
		draw_cpu(y0 + i / per, (i % per) * width, width - 1, label, &h->cpus[i],
			 before ? &b->cpus_before[i] : NULL);
	}
}

/* Memory (used, buffers and cache) and swap. */
static void draw_memory(struct browser *b, int y)
{
	const struct host_info *h = &b->snap->host;
	struct sbuf *s = &b->scratch;
	int width = COLS / 2;

	if (h->known & HF_BIT(HF_MEM) && h->mem_total) {
		double total = (double)h->mem_total;
		unsigned long long used = h->mem_total - h->mem_available;
		unsigned long long cache = h->mem_buffers + h->mem_cached;
		struct bar_part parts[] = {
			{ (double)used / total, ROLE_GREEN },
			{ (double)(cache < h->mem_available ? cache : h->mem_available) / total,
			  ROLE_YELLOW },
		};

		sbuf_reset(s);
		format_size(s, used, true);
		sbuf_putc(s, '/');
		format_size(s, h->mem_total, true);
		draw_bar(y, 0, width - 1, "Mem", parts, 2, sbuf_cstr(s));
	}
	if (h->known & HF_BIT(HF_SWAP)) {
		unsigned long long used = h->swap_total - h->swap_free;
		struct bar_part part = { h->swap_total ? (double)used / (double)h->swap_total : 0,
					 ROLE_RED };

		sbuf_reset(s);
		format_size(s, used, true);
		sbuf_putc(s, '/');
		format_size(s, h->swap_total, true);
		draw_bar(y, width, COLS - width, "Swp", &part, 1, sbuf_cstr(s));
	}
}

static void draw_figures(struct browser *b)
{
	struct sbuf *s = &b->scratch;
	const struct snapshot *snap = b->snap;
	time_t at = (time_t)snap->host.taken_at;
	struct tm tm;
	char when[64];
	const char *host = snap->host.hostname ? snap->host.hostname : "";

	sbuf_reset(s);
	/* tm is unset when the time cannot be converted: zero it. */
	if (!localtime_r(&at, &tm))
		memset(&tm, 0, sizeof(tm));
	if (snap->from_file) {
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
		sbuf_puts(s, "lwps  ");
		utf8_escape(s, host, strlen(host), ESCAPE_TABLE);
		sbuf_printf(s, _("  snapshot taken %s"), when);
	} else {
		strftime(when, sizeof(when), "%H:%M:%S", &tm);
		sbuf_puts(s, "lwps  ");
		utf8_escape(s, host, strlen(host), ESCAPE_TABLE);
		sbuf_printf(s, "  %s", when);
	}
	/* The snapshot's own host facts: a saved one shows what the live
	 * run showed. */
	const struct host_info *h = &snap->host;

	if (h->known & HF_BIT(HF_UPTIME)) {
		sbuf_puts(s, _("  up "));
		format_duration(s, (long long)h->uptime);
	}
	if (h->known & HF_BIT(HF_LOAD))
		sbuf_printf(s, _("  load %.2f %.2f %.2f"), h->load[0], h->load[1], h->load[2]);
	if (snap->interval > 0)
		sbuf_printf(s, _("  rates over %.1fs"), snap->interval);
	put_line(0, s, ROLE_TITLE);
	draw_fill(1, 0, COLS, draw_attr(ROLE_NORMAL));
	for (int y = 1; y < header_lines(b) - 2; y++)
		draw_fill(y, 0, COLS, draw_attr(ROLE_NORMAL));
	draw_cpu_bars(b, 1);
	draw_memory(b, 1 + cpu_lines(b));

	/* Processes, threads, and tasks per state; the usual states always. */
	sbuf_reset(s);
	sbuf_printf(s, _("processes %zu (kernel %zu)  threads %zu "), b->nprocs, b->nkernel,
		    b->ntasks);
	int ty = header_lines(b) - 2;
	int x = draw_text(ty, 0, s->data, s->len, COLS, draw_attr(ROLE_NORMAL));

	for (size_t i = 0; i < task_state_count && x < COLS; i++) {
		const struct task_state *st = &task_states[i];
		unsigned n = b->states[(unsigned char)st->letter];

		if (!n && !st->usual)
			continue;
		sbuf_reset(s);
		sbuf_printf(s, " %c", st->letter);
		attr_t a = n ? draw_attr(draw_role_state(st->letter)) | A_BOLD : draw_attr(ROLE_NORMAL);

		x += draw_text(ty, x, s->data, s->len, COLS - x, a);
		sbuf_reset(s);
		sbuf_printf(s, " %u", n);
		x += draw_text(ty, x, s->data, s->len, COLS - x, draw_attr(ROLE_NORMAL));
	}
}

/* The task a thread row shows: the expanded process's fresh read with
 * its wait channel, else the list's. */
static const struct task *thread_of(const struct browser *b, const struct tree_row *tr)
{
	const struct tgroup *ag = b->aux ? snapshot_find_group(b->aux, tr->row.g->pid) : NULL;
	const struct task *t = ag ? list_find_task(ag, tr->row.t->tid) : NULL;

	if (t)
		return t;
	return tr->row.t;
}

static bool shows_column(const struct browser *b, enum column_id a, enum column_id c)
{
	for (size_t i = 0; i < b->ncols; i++)
		if (column_is(b->cols[i], a) || column_is(b->cols[i], c))
			return true;
	return false;
}

/* What a thread row adds when the columns do not show it: tid, state,
 * CPU time, wait channel. */
static size_t thread_extras(struct browser *b, const struct row *r, struct sbuf *out)
{
	static const struct {
		const char *label;
		enum column_id col, also;   /* also: COL_COUNT for none */
	} extras[] = {
		{ "tid", COL_LWP, COL_PID }, { "state", COL_STATE, COL_STAT },
		{ "cpu", COL_TIME, COL_COUNT }, { "wchan", COL_WCHAN, COL_COUNT },
	};
	struct value v;
	size_t w = 0;

	for (size_t i = 0; i < sizeof(extras) / sizeof(extras[0]); i++) {
		const struct column *c = column_of(extras[i].col);

		if (shows_column(b, extras[i].col, extras[i].also))
			continue;
		memset(&v, 0, sizeof(v));
		c->get(r, b->snap, &v);
		if (v.kind == V_NONE)
			continue;   /* running: no wait channel */
		sbuf_printf(out, "  %s=", extras[i].label);
		w += strlen(extras[i].label) + 3;
		w += format_text(out, c, &v, b->snap, r, ESCAPE_TABLE);
	}
	return w;
}

struct cell {
	size_t off, len, width;      /* the text, in b->cell */
	size_t hl, hl_len;           /* a part of it drawn in `hl_role` */
	enum role role, hl_role;
};

/* "[+ 8 processes, 8 threads, RSS 4.9M, CPU 00:00:01] " before the name
 * of a collapsed row: the totals are what it is for. */
static size_t put_subtotal(struct browser *b, const struct subtotal *st, struct sbuf *out)
{
	struct sbuf rss = { 0 }, cpu = { 0 };
	size_t start = out->len;

	format_size(&rss, st->rss, true);
	format_duration(&cpu, (long long)(st->ticks / (unsigned long)b->snap->host.clock_ticks));
	sbuf_printf(out, _("[+ %lu processes, %lu threads, RSS %s, CPU %s] "), st->procs,
		    st->threads, sbuf_cstr(&rss), sbuf_cstr(&cpu));
	sbuf_release(&rss);
	sbuf_release(&cpu);
	return utf8_width(out->data + start, out->len - start);
}

static unsigned char fold_case(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* The search's text in a name cell is drawn highlighted (over what the
 * cell highlights otherwise: a thread's extras stay in plain text). */
static void mark_match(struct browser *b, struct cell *cell, const struct sbuf *out)
{
	const char *q = sbuf_cstr(&b->query), *text = out->data + cell->off;
	size_t qn = b->query.len;

	for (size_t at = 0; at + qn <= cell->len; at++) {
		size_t k = 0;

		while (k < qn && fold_case((unsigned char)text[at + k]) == fold_case((unsigned char)q[k]))
			k++;
		if (k == qn) {
			cell->hl = cell->off + at;
			cell->hl_len = qn;
			cell->hl_role = ROLE_MATCH;
			return;
		}
	}
}

/* Formats the cells of row i into b->cell. */
static void format_row(struct browser *b, size_t i, struct tree_art *art, struct cell *cells)
{
	const struct tree_row *tr = &b->list.tree.rows[i];
	struct row r = tr->row;
	bool thread = r.t != NULL;
	bool idle = tree_is_idle(&b->list.tree, r.g);
	const struct subtotal *st = thread || idle ? NULL : list_subtotal(&b->list, r.g->pid);
	bool gone = !idle && pidset_has(&b->gone, r.g->pid);
	struct value v;

	if (thread)
		r.t = thread_of(b, tr);
	for (size_t c = 0; c < b->ncols; c++) {
		const struct column *col = b->cols[c];
		struct cell *cell = &cells[c];
		struct sbuf *out = &b->cell;
		bool art_here = col == b->artcol, replace = false;

		memset(cell, 0, sizeof(*cell));
		cell->off = out->len;
		if (art_here)
			cell->width += tree_art_prefix(art, i, out, &replace);
		if (art_here && st) {
			cell->hl = out->len;
			cell->width += put_subtotal(b, st, out);
			cell->hl_len = out->len - cell->hl;
			cell->hl_role = ROLE_YELLOW;
		}
		if (!replace) {
			const struct column *shown = col;

			/* A thread row shows its tid where the pid would be, and
			 * nothing in the columns that describe only processes. */
			if (thread && col->proc_key != JK_NONE && col->task_key == JK_NONE && !art_here)
				shown = NULL;
			if (thread && column_is(col, COL_PID))
				shown = column_of(COL_LWP);
			if (shown) {
				memset(&v, 0, sizeof(v));
				shown->get(&r, b->snap, &v);
				cell->width += format_text(out, shown, &v, b->snap, &r,
							   ESCAPE_TABLE);
			}
		}
		if (art_here && (thread || gone)) {
			cell->hl = out->len;
			if (thread) {
				cell->width += thread_extras(b, &r, out);
				cell->hl_role = ROLE_CYAN;
			} else {
				sbuf_puts(out, _("  (gone)"));
				cell->width += utf8_width(out->data + cell->hl,
							  out->len - cell->hl);
				cell->hl_role = ROLE_DIM;
			}
			cell->hl_len = out->len - cell->hl;
		}
		cell->len = out->len - cell->off;
		if (art_here && b->query.len && !st && !gone)
			mark_match(b, cell, out);
		if ((column_is(col, COL_STAT) || column_is(col, COL_STATE)) && cell->len)
			cell->role = draw_role_state(out->data[cell->off]);
	}
}

static bool essential(const struct column *c)
{
	return column_is(c, COL_PID) || column_is(c, COL_LWP) || column_is(c, COL_STAT) ||
	       column_is(c, COL_STATE);
}

/* On a narrow terminal the names keep some room: the columns before them
 * other than the ids and the state go, the rightmost first. */
static void fit_columns(struct browser *b)
{
	enum { NAME_ROOM = 20 };
	size_t art = b->ncols;

	for (size_t c = 0; c < b->ncols; c++) {
		/* Scrolled away with <: after the first column, before the last. */
		b->shown[c] = c == 0 || c > b->hidden_left || c + 1 == b->ncols;
		if (b->cols[c] == b->artcol)
			art = c;
	}
	for (;;) {
		size_t x = 0, drop = b->ncols;

		for (size_t c = 0; c < art; c++)
			if (b->shown[c])
				x += b->widths[c] + 1;
		if (art == b->ncols || x + NAME_ROOM <= (size_t)COLS)
			return;
		for (size_t c = 0; c < art; c++)
			if (b->shown[c] && !essential(b->cols[c]))
				drop = c;
		if (drop == b->ncols)
			return;
		b->shown[drop] = false;
	}
}

/* What changed about a row since the refresh before: it appeared, or
 * its state is another.  Marked until the next refresh. */
enum row_change { CHANGE_NONE, CHANGE_NEW, CHANGE_STATE };

static enum row_change row_change(const struct browser *b, const struct tree_row *tr)
{
	const struct task *t;

	if (tree_is_idle(&b->list.tree, tr->row.g) || !(b->snap->interval > 0))
		return CHANGE_NONE;
	t = tr->row.t ? thread_of(b, tr) : &tr->row.g->self;
	if (!t->delta)
		return CHANGE_NONE;
	if (t->delta->born)
		return CHANGE_NEW;
	if (t->delta->state_before && t->known & TF_BIT(TF_STATE) && t->delta->state_before != t->state)
		return CHANGE_STATE;
	return CHANGE_NONE;
}

static bool is_state_column(const struct column *c)
{
	return column_is(c, COL_STAT) || column_is(c, COL_STATE);
}

static void draw_cells(struct browser *b, int y, const struct cell *cells, attr_t extra,
		       bool gone, enum row_change change)
{
	int x = 0;
	bool first = true;

	for (size_t c = 0; c < b->ncols && x < COLS; c++) {
		const struct cell *cell = &cells[c];
		const char *s = b->cell.data;
		bool last = c + 1 == b->ncols, right = b->cols[c]->right;
		size_t fill = last || b->widths[c] <= cell->width ? 0 : b->widths[c] - cell->width;
		attr_t a = draw_attr(gone ? ROLE_DIM : cell->role) | extra;
		attr_t hl = draw_attr(gone ? ROLE_DIM : cell->hl_role) | extra;

		if (change == CHANGE_NEW)
			a = draw_attr(ROLE_GREEN) | A_BOLD | extra;
		else if (change == CHANGE_STATE && is_state_column(b->cols[c]))
			a |= A_BOLD | A_UNDERLINE;
		size_t hl_end = cell->hl + cell->hl_len, end = cell->off + cell->len;

		if (!b->shown[c])
			continue;
		x += !first;
		first = false;
		if (right)
			x += (int)fill;
		if (x >= COLS)
			break;
		/* The last column's text may be scrolled (> past it). */
		size_t skip = last ? b->text_left : 0;

		if (!cell->hl_len) {
			x += draw_text_from(y, x, s + cell->off, cell->len, &skip, COLS - x, a);
		} else {
			x += draw_text_from(y, x, s + cell->off, cell->hl - cell->off, &skip, COLS - x, a);
			x += draw_text_from(y, x, s + cell->hl, cell->hl_len, &skip, COLS - x, hl);
			x += draw_text_from(y, x, s + hl_end, end - hl_end, &skip, COLS - x, a);
		}
		if (!right)
			x += (int)fill;
	}
}

static void draw_headings(struct browser *b, int y)
{
	int x = 0;
	attr_t a = draw_attr(ROLE_HEADING);

	draw_fill(y, 0, COLS, a);
	bool first = true;

	b->rows_y = y + 1;
	for (size_t c = 0; c < b->ncols; c++)
		b->col_x0[c] = b->col_x1[c] = -1;
	b->last_room = 0;
	for (size_t c = 0; c < b->ncols && x < COLS; c++) {
		const struct column *col = b->cols[c];
		const char *h = column_header(col);
		size_t len = strlen(h), w = column_header_width(col);
		bool last = c + 1 == b->ncols;
		size_t fill = !last && b->widths[c] > w ? b->widths[c] - w : 0;

		if (!b->shown[c])
			continue;
		x += !first;
		first = false;
		b->col_x0[c] = x;
		if (col->right)
			x += (int)fill;
		if (x >= COLS)
			break;
		if (last)
			b->last_room = (size_t)(COLS - x);
		x += draw_text(y, x, h, len, COLS - x, a);
		if (!col->right)
			x += (int)fill;
		b->col_x1[c] = last ? COLS - 1 : x - 1;
	}
}

static void draw_status(struct browser *b)
{
	int y = LINES - 1;
	struct sbuf *s = &b->scratch;
	attr_t a = draw_attr(ROLE_NORMAL);

	sbuf_reset(s);
	if (b->prompt != PROMPT_NONE) {
		sbuf_puts(s, b->prompt == PROMPT_FILTER ? _("filter: ") :
			     b->prompt == PROMPT_USER ? _("user (Enter: all): ") :
			     b->prompt == PROMPT_STATE ? _("states, e.g. D or RD (Enter: all): ") : "/");
		utf8_escape(s, b->query.data ? b->query.data : "", b->query.len, ESCAPE_TABLE);
		sbuf_putc(s, '_');
		a = draw_attr(ROLE_BOLD);
	} else if (b->msg.len) {
		sbuf_put(s, b->msg.data, b->msg.len);
		a = draw_attr(ROLE_BOLD);
	} else {
		if (b->paused)
			sbuf_puts(s, _("PAUSED  "));
		if (b->filter.len) {
			sbuf_puts(s, _("filter '"));
			utf8_escape(s, b->filter.data, b->filter.len, ESCAPE_TABLE);
			sbuf_puts(s, "'  ");
		}
		if (b->sel.states)
			sbuf_printf(s, _("states %s  "), b->sel.states);
		if (b->sel.nuids == 1 && b->sel.uids == &b->user_filter)
			sbuf_printf(s, _("user %u  "), (unsigned)b->user_filter);
		if (b->hidden_left)
			sbuf_printf(s, _("< %zu columns  "), b->hidden_left);
		if (b->text_left && b->ncols)
			sbuf_printf(s, _("%s shifted by %zu  "), column_header(b->cols[b->ncols - 1]),
				    b->text_left);
		if (b->nkeys)
			sbuf_printf(s, _("sort %s%s  "), b->keys[0].descending ? "-" : "",
				    b->keys[0].col->name);
		if (!b->tree)
			sbuf_puts(s, _("flat  "));
		if (b->all_threads)
			sbuf_puts(s, _("all threads  "));
		if (b->hide_kernel)
			sbuf_puts(s, _("no kthreads  "));
		sbuf_puts(s, _("q quit  ? keys  / search  Enter threads  c fold  d details  "
			       "m maps  s sort  t tree  p pause"));
	}
	/* One column short of the corner, so the terminal never scrolls; a
	 * prompt wider than that shows its end, where the typing is. */
	size_t width = utf8_width(s->data, s->len), room = COLS > 1 ? (size_t)COLS - 1 : 0;
	size_t skip = b->prompt != PROMPT_NONE && width > room ? width - room : 0;

	draw_text_from(y, 0, s->data, s->len, &skip, (int)room, a);
}

enum { ART_STEP = 512 };

/* Advances the branches' state over rows [from, to). */
static void art_walk(struct browser *b, size_t from, size_t to)
{
	bool replace;

	for (size_t i = from; i < to; i++) {
		sbuf_reset(&b->cell);
		tree_art_prefix(&b->art, i, &b->cell, &replace);
	}
	sbuf_reset(&b->cell);
}

/* Puts the branches' state where row `top` needs it.  Which ancestors
 * still have siblings below depends on every row above; the state is
 * kept every ART_STEP rows, so a screen far down a long list walks at
 * most that many rows instead of all of them. */
static void art_seek(struct browser *b, size_t top)
{
	struct tree_art *a = &b->art;
	size_t stride = b->art_stride * sizeof(bool), want = top / ART_STEP;

	a->tree = &b->list.tree;
	a->ascii = b->ascii;
	a->names_only = column_is(b->artcol, COL_TNAME);
	a->mode = ESCAPE_TABLE;
	xgrow(&a->more, &a->cap, b->art_stride, sizeof(bool));
	for (; b->art_valid <= want; b->art_valid++) {
		size_t k = b->art_valid;

		xgrow(&b->art_marks, &b->cap_marks, (k + 1) * stride, 1);
		if (k == 0) {
			memset(b->art_marks, 0, stride);
			continue;
		}
		memcpy(a->more, b->art_marks + (k - 1) * stride, stride);
		art_walk(b, (k - 1) * ART_STEP, k * ART_STEP);
		memcpy(b->art_marks + k * stride, a->more, stride);
	}
	memcpy(a->more, b->art_marks + want * stride, stride);
	art_walk(b, want * ART_STEP, top);
}

void list_screen_draw(struct browser *b)
{
	int h = list_screen_height(b), top_y = header_lines(b);
	size_t n = b->list.tree.n;

	draw_figures(b);
	/* Threads just shown come on screen, the selection staying on it. */
	if (b->reveal) {
		size_t want = b->sel_row + (b->reveal < (size_t)h ? b->reveal : (size_t)h - 1);

		if (want >= b->top + (size_t)h)
			b->top = want - (size_t)h + 1;
		b->reveal = 0;
	}
	if (b->sel_row < b->top)
		b->top = b->sel_row;
	else if (b->sel_row >= b->top + (size_t)h)
		b->top = b->sel_row - (size_t)h + 1;
	if (b->top + (size_t)h > n)
		b->top = n > (size_t)h ? n - (size_t)h : 0;

	art_seek(b, b->top);
	size_t shown = n - b->top < (size_t)h ? n - b->top : (size_t)h;
	struct cell *cells = xcalloc(shown * b->ncols + 1, sizeof(struct cell));

	b->last_width = 0;
	for (size_t k = 0; k < shown; k++) {
		struct cell *rc = &cells[k * b->ncols];

		format_row(b, b->top + k, &b->art, rc);
		for (size_t c = 0; c + 1 < b->ncols; c++)
			if (rc[c].width > b->widths[c])
				b->widths[c] = rc[c].width;
		if (b->ncols && rc[b->ncols - 1].width > b->last_width)
			b->last_width = rc[b->ncols - 1].width;
	}
	for (size_t c = 0; c + 1 < b->ncols; c++) {
		size_t hw = column_header_width(b->cols[c]);
		size_t min = hw > (size_t)b->cols[c]->width ? hw : (size_t)b->cols[c]->width;

		if (b->widths[c] < min)
			b->widths[c] = min;
	}
	fit_columns(b);
	draw_headings(b, top_y - 1);
	for (size_t k = 0; k < shown; k++) {
		size_t i = b->top + k;
		const struct tree_row *tr = &b->list.tree.rows[i];
		bool sel = i == b->sel_row;
		bool gone = !tree_is_idle(&b->list.tree, tr->row.g) &&
			    pidset_has(&b->gone, tr->row.g->pid);
		attr_t extra = sel ? A_REVERSE : A_NORMAL;
		int y = top_y + (int)k;

		if (sel)
			draw_fill(y, 0, COLS, A_REVERSE);
		draw_cells(b, y, &cells[k * b->ncols], extra, gone, gone ? CHANGE_NONE : row_change(b, tr));
	}
	if (n == 0) {
		const char *none = _("no process to show");

		if (b->filter.len)
			none = _("no process matches the filter (Esc clears it)");

		draw_text(top_y, 0, none, strlen(none), COLS, draw_attr(ROLE_DIM));
	}
	free(cells);
	draw_status(b);
}
