/* browser.c - lwps -i: the terminal and its restoring, the signals, the
 * refresh clock, reading the data, and the loop that hands keys to the
 * screens.  Read-only like the rest of lwps: no key sends a signal or
 * changes a process. */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "browser/state.h"
#include "util/exitcodes.h"
#include "util/i18n.h"
#include "util/output_error.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Last: its capability macros (lines, columns...) would rename fields in
 * the headers above.  For setupterm(), to try the terminal first. */
#include <term.h>

/* ---- the terminal and the signals ---- */

static volatile sig_atomic_t quit_signal;

/* What a fatal signal's handler needs to give the terminal back without
 * calling anything that is not async-signal-safe: the shell's termios,
 * and the terminal's exit sequences read once at start. */
static struct termios shell_tty;
static volatile sig_atomic_t tty_saved;
static char restore_seq[512];
static volatile sig_atomic_t restore_len;   /* set once the sequence is whole */

static const int quit_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGSYS };

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static void on_quit_signal(int sig)
{
	quit_signal = sig;
}

static void on_fatal_signal(int sig)
{
	/* Best effort: endwin() is not async-signal-safe, these calls are. */
	if (tty_saved)
		(void)tcsetattr(STDIN_FILENO, TCSANOW, &shell_tty);
	if (restore_len && write(STDOUT_FILENO, restore_seq, (size_t)restore_len) < 0)
		restore_len = 0;
	/* SA_RESETHAND put the default action back: this ends the process. */
	raise(sig);
}

static int install_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a signal should end a wait for a key. */
	sa.sa_handler = on_quit_signal;
	for (size_t i = 0; i < LEN(quit_signals); i++)
		if (sigaction(quit_signals[i], &sa, NULL) < 0)
			return -1;
	sa.sa_handler = on_fatal_signal;
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	for (size_t i = 0; i < LEN(fatal_signals); i++)
		if (sigaction(fatal_signals[i], &sa, NULL) < 0)
			return -1;
	return 0;
}

static void reset_handlers(void)
{
	/* SIG_ERR is only for a bad signal number: these are all good. */
	for (size_t i = 0; i < LEN(quit_signals); i++)
		(void)signal(quit_signals[i], SIG_DFL);
	for (size_t i = 0; i < LEN(fatal_signals); i++)
		(void)signal(fatal_signals[i], SIG_DFL);
}

/* Appends a terminfo string without its padding ("$<5>") at *len, if it
 * fits. */
static void add_restore_cap(const char *name, size_t *len)
{
	const char *s = tigetstr(name);

	if (!s || s == (const char *)-1)
		return;
	for (; *s; s++) {
		if (s[0] == '$' && s[1] == '<') {
			const char *end = strchr(s, '>');

			if (end) {
				s = end;
				continue;
			}
		}
		if (*len + 1 >= sizeof(restore_seq))
			return;
		restore_seq[(*len)++] = *s;
	}
}

/* As for text output: --color decides, else NO_COLOR; the terminal must
 * have colors too. */
static bool want_color(const struct options *o)
{
	const char *no = getenv("NO_COLOR");

	if (o->color != COLOR_AUTO)
		return o->color == COLOR_ALWAYS;
	return !(no && *no);
}

static bool has_cap(const char *name)
{
	const char *s = tigetstr(name);

	return s && s != (const char *)-1 && *s;
}

enum term_fit { TERM_FITS, TERM_UNKNOWN, TERM_BLIND };

/* Whether TERM names a terminal the browser can draw on: one that moves
 * the cursor (TERM=dumb cannot: every frame would be blank).  Asked of
 * the terminfo entry alone, before newterm() sets the terminal's modes
 * (and, failing, leaks its screen). */
static enum term_fit terminal_fit(void)
{
	int err;
	bool cup;

	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return TERM_UNKNOWN;
	cup = has_cap("cup");
	(void)del_curterm(cur_term);
	return cup ? TERM_FITS : TERM_BLIND;
}

static SCREEN *terminal_start(const struct options *o)
{
	SCREEN *scr;

	if (tcgetattr(STDIN_FILENO, &shell_tty) == 0)
		tty_saved = 1;
	scr = newterm(NULL, stdout, stdin);
	if (!scr)
		return NULL;
	set_term(scr);
	if (cbreak() == ERR || noecho() == ERR || keypad(stdscr, TRUE) == ERR) {
		endwin();
		delscreen(scr);
		return NULL;
	}
	/* A terminal without these still works: the cursor shows, Esc is slow. */
	(void)curs_set(0);
	(void)set_escdelay(25);
	draw_init(want_color(o));

	size_t len = 0;

	add_restore_cap("rmcup", &len);
	add_restore_cap("sgr0", &len);
	add_restore_cap("cnorm", &len);
	add_restore_cap("rmkx", &len);
	/* Without an alternate screen the frame would stay: clear it. */
	if (!has_cap("rmcup"))
		add_restore_cap("clear", &len);
	else if (len + 2 < sizeof(restore_seq)) {
		restore_seq[len++] = '\r';
		restore_seq[len++] = '\n';
	}
	restore_len = (sig_atomic_t)len;
	return scr;
}

static void terminal_stop(SCREEN *scr)
{
	/* No alternate screen to leave (TERM=vt100): the last frame would
	 * stay, the prompt inside its status bar.  Clear it instead. */
	bool clear_after = !has_cap("rmcup") && has_cap("clear");

	restore_len = 0;
	if (endwin() == ERR && tty_saved)
		(void)tcsetattr(STDIN_FILENO, TCSANOW, &shell_tty);
	if (clear_after) {
		(void)putp(tigetstr("clear"));
		(void)fflush(stdout);
	}
	delscreen(scr);
	tty_saved = 0;
}

/* ---- reading ---- */

double browser_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
		return (double)time(NULL);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

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

/* What the list's columns, sort keys and threads shown need, plus every
 * thread's state for the header's counts. */
static unsigned list_needs(const struct browser *b)
{
	struct options o = *b->bo->o;
	struct column_list cl = { (const struct column **)b->cols, b->ncols };
	unsigned needs;

	o.tree = b->tree;
	o.lwps = b->all_threads;
	o.maps = false;
	needs = choose_needs(&o, &cl, b->keys, b->nkeys) | NEED_TASKS;
	if (b->all_threads)
		needs |= NEED_WCHAN;
	return needs;
}

/* Thread rows show the thread's own time, its wait channel, and what the
 * columns need per thread. */
static unsigned thread_needs(const struct browser *b)
{
	unsigned needs = list_needs(b) | NEED_WCHAN;

	for (size_t i = 0; i < b->ncols; i++)
		needs |= b->cols[i]->task_needs;
	for (size_t i = 0; i < b->nkeys; i++)
		needs |= b->keys[i].col->task_needs;
	return needs;
}

static void copy_task(struct snapshot *dst, struct task *to, const struct task *from)
{
	*to = *from;
	to->comm = from->comm ? snapshot_strdup(dst, from->comm) : NULL;
	to->wchan = from->wchan ? snapshot_strdup(dst, from->wchan) : NULL;
	if (from->nspid && from->nspid_len > 0) {
		pid_t *ns = snapshot_alloc(dst, sizeof(pid_t) * (size_t)from->nspid_len);

		memcpy(ns, from->nspid, sizeof(pid_t) * (size_t)from->nspid_len);
		to->nspid = ns;
	}
}

/* A process of the last picture that exited: copied into the new one, so
 * the tree places it and it is shown as gone for one refresh. */
static void copy_gone_group(struct snapshot *dst, const struct tgroup *g)
{
	struct tgroup *c = snapshot_add_group(dst, g->pid);

	copy_task(dst, &c->self, &g->self);
	c->user = g->user ? snapshot_strdup(dst, g->user) : NULL;
	c->is_kernel = g->is_kernel;
	c->tasks_read = g->tasks_read;
	c->parent_tid = g->parent_tid;
	c->maps_err = -ESRCH;
	if (g->argv_known) {
		const char **argv = snapshot_alloc(dst, sizeof(char *) * ((size_t)g->argc + 1));

		for (int i = 0; i < g->argc; i++)
			argv[i] = snapshot_strdup(dst, g->argv[i]);
		argv[g->argc] = NULL;
		c->argv = argv;
		c->argc = g->argc;
		c->argv_known = true;
	}
	for (size_t j = 0; j < g->ntasks; j++)
		copy_task(dst, tgroup_add_task(c), &g->tasks[j]);
}

static void merge_gone(struct browser *b, struct snapshot *snap)
{
	struct pidset gone = { 0 };
	const struct snapshot *old = b->snap;

	/* Find them all first: the copies end the new groups' pid order,
	 * which snapshot_find_group() needs, until snapshot_finish(). */
	for (size_t i = 0; i < old->ngroups; i++) {
		const struct tgroup *g = &old->groups[i];

		if (!pidset_has(&b->gone, g->pid) && !snapshot_find_group(snap, g->pid))
			pidset_add(&gone, g->pid);
	}
	for (size_t i = 0; i < gone.n; i++)
		copy_gone_group(snap, snapshot_find_group(old, gone.v[i]));
	if (gone.n)
		snapshot_finish(snap);
	pidset_release(&b->gone);
	b->gone = gone;
}

static void count_tasks(struct browser *b)
{
	const struct snapshot *s = b->snap;

	b->nprocs = b->nkernel = b->ntasks = 0;
	memset(b->states, 0, sizeof(b->states));
	for (size_t i = 0; i < s->ngroups; i++) {
		const struct tgroup *g = &s->groups[i];

		if (pidset_has(&b->gone, g->pid))
			continue;
		b->nprocs++;
		b->nkernel += g->is_kernel;
		if (!g->tasks_read) {
			unsigned char st = (unsigned char)g->self.state;

			b->ntasks++;
			if ((g->self.known & TF_BIT(TF_STATE)) && st < 128)
				b->states[st]++;
			continue;
		}
		b->ntasks += g->ntasks;
		for (size_t j = 0; j < g->ntasks; j++) {
			unsigned char st = (unsigned char)g->tasks[j].state;

			if ((g->tasks[j].known & TF_BIT(TF_STATE)) && st < 128)
				b->states[st]++;
		}
	}
}

/* A saved snapshot is searched for the -p ids once: a thread id selects
 * its process, as with the live system. */
static void resolve_saved_pids(struct browser *b, const struct snapshot *snap)
{
	const struct options *o = b->bo->o;
	size_t n = 0;

	if (!o->npids)
		return;
	free(b->sel_pids);
	b->sel_pids = xcalloc(o->npids + 1, sizeof(pid_t));
	for (size_t i = 0; i < o->npids; i++) {
		const struct tgroup *g = snapshot_find_task_group(snap, o->pids[i]);

		if (g)
			b->sel_pids[n++] = g->pid;
	}
	b->sel.pids = b->sel_pids;
	b->sel.npids = n;
}

void browser_refresh_threads(struct browser *b)
{
	struct live_request req = { .needs = thread_needs(b) };
	int err;

	snapshot_free(b->aux);
	b->aux = NULL;
	if (!b->live || b->all_threads || b->expanded.n == 0)
		return;
	req.pids = b->expanded.v;
	req.npids = b->expanded.n;
	/* On failure the thread rows show what the list read. */
	b->aux = source_snapshot(b->src, &req, &err);
}

static void say_read_error(struct browser *b, int err)
{
	if (!b->live)
		browser_say(b, _("cannot load '%s': %s"), b->src->path, sbuf_cstr(b->src->err));
	else if (err == -ENOENT)
		browser_say(b, _("/proc is not mounted or not readable"));
	else
		browser_say(b, _("cannot read /proc: %s"), strerror(-err));
}

void browser_refresh(struct browser *b)
{
	struct live_request req = { .needs = list_needs(b) };
	struct snapshot *snap;
	double start, end;
	int err;

	if (b->snap && !b->live) {
		browser_say(b, _("a saved snapshot does not change"));
		return;
	}
	start = browser_now();
	snap = source_snapshot(b->src, &req, &err);
	end = browser_now();
	/* Refreshes start a delay apart, as htop's do; one that took longer
	 * than that is followed by as long a rest, so keys still get in. */
	b->next_refresh = start + b->bo->delay;
	if (b->next_refresh < end + (end - start))
		b->next_refresh = end + (end - start);
	if (!snap) {
		say_read_error(b, err);
		return;
	}
	if (!b->live)
		resolve_saved_pids(b, snap);
	if (b->snap)
		merge_gone(b, snap);
	snapshot_free(b->snap);
	b->snap = snap;
	b->needs = req.needs;
	pidset_prune(&b->expanded, snap);
	pidset_prune(&b->collapsed, snap);
	browser_refresh_threads(b);
	count_tasks(b);
	b->rows_dirty = true;
}

void browser_mode_changed(struct browser *b)
{
	b->rows_dirty = true;
	if (b->live && !b->paused && (list_needs(b) & ~b->needs))
		browser_refresh(b);
}

void browser_refresh_screen(struct browser *b)
{
	b->next_refresh = browser_now() + b->bo->delay;
	if (b->screen == SCREEN_DETAILS) {
		details_read(b);
		details_build(b);
	} else if (b->screen == SCREEN_MAPS) {
		maps_read(b);
		maps_build(b);
	}
}

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
}

/* ---- the loop ---- */

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
	else
		page_screen_draw(b, _("Sort by"));
	(void)refresh();
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
	snapshot_free(b->msnap);
	b->msnap = NULL;
	page_clear(&b->page);
	/* The list was not read while it was hidden. */
	if (b->live && !b->paused && browser_now() >= b->next_refresh)
		browser_refresh(b);
}

static int page_height(void)
{
	return LINES > 2 ? LINES - 2 : 1;
}

static void page_screen_key(struct browser *b, struct key k)
{
	if (is_back(k)) {
		back_to_list(b);
		return;
	}
	if (b->screen == SCREEN_SORT) {
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

static void handle_key(struct browser *b, struct key k)
{
	if (b->screen == SCREEN_LIST)
		list_screen_key(b, k);
	else
		page_screen_key(b, k);
}

/* Milliseconds until the next refresh is due; waits are capped so that a
 * signal that does not interrupt the wait is still seen soon. */
static int wait_ms(const struct browser *b)
{
	enum { CAP_MS = 1000 };
	bool refreshes = b->live && !b->paused && b->screen != SCREEN_HELP &&
			 b->screen != SCREEN_SORT;

	if (!refreshes)
		return CAP_MS;
	double left = (b->next_refresh - browser_now()) * 1000;

	if (left <= 0)
		return 0;
	return left < CAP_MS ? (int)left + 1 : CAP_MS;
}

static void refresh_if_due(struct browser *b)
{
	if (!b->live || b->paused || browser_now() < b->next_refresh)
		return;
	if (b->screen == SCREEN_LIST)
		browser_refresh(b);
	else if (b->screen == SCREEN_DETAILS || b->screen == SCREEN_MAPS)
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
	while (!b->quit && !quit_signal) {
		wint_t wch;
		int r;

		if (b->rows_dirty && b->screen == SCREEN_LIST)
			list_screen_rebuild(b);
		draw(b);
		timeout(wait_ms(b));
		r = get_wch(&wch);
		if (quit_signal)
			break;
		if (r != ERR) {
			struct key k = { (int)wch, r == KEY_CODE_YES };

			if (k.fn && k.code == KEY_RESIZE)
				continue;   /* LINES and COLS are new: draw again */
			sbuf_reset(&b->msg);
			handle_key(b, k);
			/* A refresh waits for the keys typed ahead, but never
			 * longer than one more delay: held keys cannot starve it. */
			if (input_pending() && browser_now() < b->next_refresh + b->bo->delay)
				continue;
		}
		refresh_if_due(b);
	}
}

/* ---- setup ---- */

static const struct column *first_of(const struct browser *b, const char *const *names)
{
	for (; *names; names++)
		for (size_t i = 0; i < b->ncols; i++)
			if (strcmp(b->cols[i]->name, *names) == 0)
				return b->cols[i];
	return NULL;
}

static void browser_init(struct browser *b, struct source *src, const struct browser_opts *bo)
{
	static const char *const art_names[] = { "COMMAND", "COMM", "TNAME", NULL };

	memset(b, 0, sizeof(*b));
	b->src = src;
	b->bo = bo;
	b->live = src->live;
	b->ascii = bo->o->ascii || !utf8_locale();
	b->cols = bo->cols;
	b->ncols = bo->ncols;
	b->artcol = first_of(b, art_names);
	if (!b->artcol && b->ncols)
		b->artcol = b->cols[b->ncols - 1];
	b->col_lwp = column_find("LWP");
	b->widths = xcalloc(b->ncols + 1, sizeof(size_t));
	b->shown = xcalloc(b->ncols + 1, sizeof(bool));
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
	snapshot_free(b->dsnap);
	snapshot_free(b->msnap);
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
	free(b->sel_pids);
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
		return b.live ? EXIT_FATAL : EXIT_USAGE;
	}
	if (install_handlers() < 0) {
		fprintf(stderr, _("lwps: cannot set up signal handlers: %s\n"), strerror(errno));
		browser_release(&b);
		return EXIT_FATAL;
	}
	fit = terminal_fit();
	scr = fit == TERM_FITS ? terminal_start(bo->o) : NULL;
	if (!scr) {
		const char *term = getenv("TERM");
		struct sbuf name = { 0 };

		reset_handlers();
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
	if (!b.live)
		browser_say(&b, _("a saved snapshot: it does not refresh"));
	run_loop(&b);
	terminal_stop(scr);
	browser_release(&b);
	reset_handlers();
	if (quit_signal) {
		/* End as the signal would have: the shell sees 128 + its number. */
		int sig = quit_signal;

		raise(sig);
		return 128 + sig;
	}
	return EXIT_OK;
}
