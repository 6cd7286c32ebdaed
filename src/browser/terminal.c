/* terminal.c - the browser's terminal: trying TERM, starting curses and
 * giving the terminal back as it was, also when a signal ends lwps. */
#include "config.h"

#include <curses.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "browser/draw.h"
#include "browser/mouse.h"
#include "browser/terminal.h"

/* Last: its capability macros (lines, columns...) would rename fields in
 * the headers above.  For setupterm(), to try the terminal first. */
#include <term.h>

static volatile sig_atomic_t quit_signal;   /* the quit signal caught, or 0 */

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

int terminal_install_handlers(void)
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

void terminal_reset_handlers(void)
{
	/* SIG_ERR is only for a bad signal number: these are all good. */
	for (size_t i = 0; i < LEN(quit_signals); i++)
		(void)signal(quit_signals[i], SIG_DFL);
	for (size_t i = 0; i < LEN(fatal_signals); i++)
		(void)signal(fatal_signals[i], SIG_DFL);
}

/* Appends a terminfo string without its padding ("$<5>") at *len, if it
 * fits. */
static void add_restore_text(const char *t, size_t *len)
{
	size_t n = strlen(t);

	if (*len + n < sizeof(restore_seq)) {
		memcpy(restore_seq + *len, t, n);
		*len += n;
	}
}

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

/* Whether TERM names a terminal the browser can draw on: one that moves
 * the cursor (TERM=dumb cannot: every frame would be blank).  Asked of
 * the terminfo entry alone, before newterm() sets the terminal's modes
 * (and, failing, leaks its screen). */
enum term_fit terminal_fit(void)
{
	int err;
	bool cup;

	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return TERM_UNKNOWN;
	cup = has_cap("cup");
	(void)del_curterm(cur_term);
	return cup ? TERM_FITS : TERM_BLIND;
}

/* Home and End as tmux, screen and the console send them (ESC [ 1 ~ and
 * ESC [ 4 ~) whatever TERM says: an xterm entry binds them to no key, or
 * to Find and Select (the keys in their place on a VT220). */
static void bind_home_end(void)
{
	static const struct {
		const char *seq;
		int key;
	} keys[] = { { "\033[1~", KEY_HOME }, { "\033[4~", KEY_END } };

	for (size_t i = 0; i < LEN(keys); i++) {
		int bound = key_defined(keys[i].seq);

		if (bound == 0 || bound == KEY_FIND || bound == KEY_SELECT)
			(void)define_key(keys[i].seq, keys[i].key);
	}
}

SCREEN *terminal_start(const struct options *o)
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
	bind_home_end();
	/* A terminal without these still works: the cursor shows, Esc is slow. */
	(void)curs_set(0);
	(void)set_escdelay(25);
	draw_init(want_color(o));
	bool mouse = mouse_start();

	size_t len = 0;

	add_restore_cap("rmcup", &len);
	add_restore_cap("sgr0", &len);
	add_restore_cap("cnorm", &len);
	add_restore_cap("rmkx", &len);
	/* A signal's exit leaves no mouse reporting on (endwin() would). */
	if (mouse)
		add_restore_text("\033[?1000l\033[?1002l\033[?1006l", &len);
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

void terminal_stop(SCREEN *scr)
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


int terminal_quit_signal(void)
{
	return quit_signal;
}
