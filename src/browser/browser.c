/* browser.c - lwps -i: setting up, the loop that draws, waits for a key
 * or the next refresh and hands keys on, and ending.  Read-only like the
 * rest of lwps: no key sends a signal or changes a process. */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "browser/state.h"
#include "browser/terminal.h"
#include "util/exitcodes.h"
#include "util/i18n.h"
#include "util/output_error.h"
#include "util/utf8.h"
#include "util/xalloc.h"

void browser_say(struct browser *b, const char *fmt, ...)
{
	va_list ap;
	char small[256];
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	sbuf_reset(&b->msg);
	if (n < 0)
		return;
	/* The message may quote a name: escape it like any other text. */
	utf8_escape(&b->msg, small, (size_t)n < sizeof(small) ? (size_t)n : sizeof(small) - 1,
		    ESCAPE_TABLE);
}


static void draw(struct browser *b)
{
	erase();
	if (b->screen == SCREEN_LIST)
		list_screen_draw(b);
	else if (b->screen == SCREEN_DETAILS)
		page_screen_draw(b, _("Details"));
	else if (b->screen == SCREEN_MAPS)
		page_screen_draw(b, _("Mappings"));
	else if (b->screen == SCREEN_HELP)
		page_screen_draw(b, _("Keys"));
	else if (b->screen == SCREEN_COLUMNS)
		page_screen_draw(b, _("Columns"));
	else if (b->screen == SCREEN_CHANGES)
		page_screen_draw(b, _("Changes since the mark"));
	else if (b->screen == SCREEN_WAITS)
		page_screen_draw(b, _("Waits: threads by what they wait on"));
	else
		page_screen_draw(b, _("Sort by"));
	(void)refresh();
}


/* Milliseconds until the next refresh is due; waits are capped so that a
 * signal that does not interrupt the wait is still seen soon. */
static int wait_ms(const struct browser *b)
{
	enum { CAP_MS = 1000 };
	bool refreshes = source_can_refresh(b->src) && !b->paused && b->screen != SCREEN_HELP &&
			 b->screen != SCREEN_SORT && b->screen != SCREEN_COLUMNS;

	if (!refreshes)
		return CAP_MS;
	double left = (b->next_refresh - browser_now()) * 1000;

	if (left <= 0)
		return 0;
	return left < CAP_MS ? (int)left + 1 : CAP_MS;
}

static void refresh_if_due(struct browser *b)
{
	if (!source_can_refresh(b->src) || b->paused || browser_now() < b->next_refresh)
		return;
	if (b->screen == SCREEN_LIST)
		browser_refresh(b);
	else if (b->screen == SCREEN_DETAILS || b->screen == SCREEN_MAPS ||
		 b->screen == SCREEN_CHANGES || b->screen == SCREEN_WAITS)
		browser_refresh_screen(b);
}

/* Keys typed ahead wait on the terminal (ncurses reads them as they
 * come): they are taken before an expensive refresh. */
static bool input_pending(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };

	return poll(&p, 1, 0) > 0;
}

static void run_loop(struct browser *b)
{
	while (!b->quit && !terminal_quit_signal()) {
		wint_t wch;
		int r;

		if (b->rows_dirty && b->screen == SCREEN_LIST)
			list_screen_rebuild(b);
		draw(b);
		timeout(wait_ms(b));
		r = get_wch(&wch);
		if (terminal_quit_signal())
			break;
		if (r != ERR) {
			struct key k = { .code = (int)wch, .fn = r == KEY_CODE_YES };

			if (k.fn && k.code == KEY_RESIZE)
				continue;   /* LINES and COLS are new: draw again */
			if (k.fn && mouse_report_begins(k.code)) {
				/* A release or a move does nothing (and keeps the
				 * message its press gave). */
				if (!mouse_read(&k.mouse))
					continue;
				k.code = KEY_MOUSE;
			}
			sbuf_reset(&b->msg);
			browser_handle_key(b, k);
			/* A refresh waits for the keys typed ahead, but never
			 * longer than one more delay: held keys cannot starve it. */
			if (input_pending() && browser_now() < b->next_refresh + b->bo->delay)
				continue;
		}
		refresh_if_due(b);
	}
}


static void browser_init(struct browser *b, struct source *src, const struct browser_opts *bo)
{
	memset(b, 0, sizeof(*b));
	b->src = src;
	b->bo = bo;
	b->ascii = bo->o->ascii || !utf8_locale();
	/* Room for every column: the chooser adds and removes them. */
	b->cols = xcalloc(column_count + 1, sizeof(*b->cols));
	memcpy(b->cols, bo->cols, bo->ncols * sizeof(*b->cols));
	b->ncols = bo->ncols;
	b->artcol = tree_art_column(b->cols, b->ncols);
	b->widths = xcalloc(column_count + 1, sizeof(size_t));
	b->shown = xcalloc(column_count + 1, sizeof(bool));
	b->col_x0 = xcalloc(column_count + 1, sizeof(int));
	b->col_x1 = xcalloc(column_count + 1, sizeof(int));
	b->keys = bo->keys;
	b->nkeys = bo->nkeys;
	b->sel = bo->sel;
	b->tree = true;
	b->all_threads = bo->o->lwps;
	b->screen = SCREEN_LIST;
}

static void browser_release(struct browser *b)
{
	snapshot_free(b->snap);
	snapshot_free(b->aux);
	free(b->cpus_before);
	free(b->cols);
	free(b->col_x0);
	free(b->col_x1);
	snapshot_free(b->dsnap);
	if (b->mbase != b->msnap)
		snapshot_free(b->mbase);
	snapshot_free(b->msnap);
	snapshot_free(b->mark);
	snapshot_free(b->wsnap);
	free(b->wlines);
	free(b->wopen);
	pidset_release(&b->gone);
	pidset_release(&b->expanded);
	pidset_release(&b->collapsed);
	list_release(&b->list);
	tree_art_release(&b->art);
	free(b->art_marks);
	page_release(&b->page);
	sbuf_release(&b->query);
	sbuf_release(&b->filter);
	sbuf_release(&b->msg);
	sbuf_release(&b->cell);
	sbuf_release(&b->scratch);
	free(b->map_cols.cols);
	free(b->widths);
	free(b->shown);
}

int browser_run(struct source *src, const struct browser_opts *bo)
{
	struct browser b;
	SCREEN *scr;
	enum term_fit fit;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, _("lwps: -i needs a terminal on stdin and stdout\n"));
		return EXIT_USAGE;
	}
	if (fflush(stdout) != 0)
		return output_failed(errno, EXIT_FATAL);
	browser_init(&b, src, bo);
	/* The first read comes before the screen, so its errors read plainly. */
	browser_refresh(&b);
	if (!b.snap) {
		fprintf(stderr, "lwps: %s\n", sbuf_cstr(&b.msg));
		browser_release(&b);
		return b.read_status;
	}
	if (terminal_install_handlers() < 0) {
		fprintf(stderr, _("lwps: cannot set up signal handlers: %s\n"), strerror(errno));
		browser_release(&b);
		return EXIT_FATAL;
	}
	fit = terminal_fit();
	scr = fit == TERM_FITS ? terminal_start(bo->o) : NULL;
	if (!scr) {
		const char *term = getenv("TERM");
		struct sbuf name = { 0 };

		terminal_reset_handlers();
		/* TERM is anyone's text: escape it as any other. */
		utf8_escape(&name, term ? term : "", term ? strlen(term) : 0, ESCAPE_TABLE);
		if (fit == TERM_BLIND)
			fprintf(stderr, _("lwps: the terminal '%s' cannot move the cursor, "
					  "which -i needs\n"), sbuf_cstr(&name));
		else
			fprintf(stderr, _("lwps: cannot use the terminal '%s'\n"), sbuf_cstr(&name));
		sbuf_release(&name);
		browser_release(&b);
		return fit == TERM_BLIND ? EXIT_USAGE : EXIT_FATAL;
	}
	if (!source_can_refresh(src))
		browser_say(&b, _("a saved snapshot: it does not refresh"));
	run_loop(&b);
	terminal_stop(scr);
	browser_release(&b);
	terminal_reset_handlers();
	if (terminal_quit_signal()) {
		/* End as the signal would have: the shell sees 128 + its number. */
		int sig = terminal_quit_signal();

		raise(sig);
		return 128 + sig;
	}
	return EXIT_OK;
}

