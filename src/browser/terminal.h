/* terminal.h - the browser's terminal and the signals that end it. */
#ifndef LWPS_BROWSER_TERMINAL_H
#define LWPS_BROWSER_TERMINAL_H

#include <curses.h>

#include "options.h"

/* SIGINT, SIGTERM, SIGHUP and SIGQUIT are noted (terminal_quit_signal());
 * a fatal signal gives the terminal back before it ends the process.
 * 0, or -1 with errno set. */
int terminal_install_handlers(void);
void terminal_reset_handlers(void);
/* The quit signal caught since the handlers were installed, or 0. */
int terminal_quit_signal(void);

enum term_fit { TERM_FITS, TERM_UNKNOWN, TERM_BLIND };

/* Whether TERM names a terminal the browser can draw on. */
enum term_fit terminal_fit(void);
/* Starts curses on stdin and stdout (colors as o->color says), or NULL. */
SCREEN *terminal_start(const struct options *o);
/* Ends curses and leaves the screen as it was before. */
void terminal_stop(SCREEN *scr);

#endif
