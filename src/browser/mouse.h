/* mouse.h - clicks and the wheel, read from the terminal's own reports.
 *
 * ncurses 6.4 (mouse version 2) knows five buttons: the wheel's sideways
 * turns, buttons 6 and 7, come out of getmouse() as a right press and as
 * motion (SGR reports) or not at all (X10 reports).  So ncurses turns the
 * reports on and off (mousemask, endwin, a suspend) and the browser reads
 * them: their prefix, the entry's kmous, is bound to a key code of its
 * own, and the bytes after it are decoded here. */
#ifndef LWPS_BROWSER_MOUSE_H
#define LWPS_BROWSER_MOUSE_H

#include <stdbool.h>

enum mouse_button {
	MOUSE_LEFT,
	MOUSE_MIDDLE,
	MOUSE_RIGHT,
	MOUSE_WHEEL_UP,      /* button 4 */
	MOUSE_WHEEL_DOWN,    /* 5 */
	MOUSE_WHEEL_LEFT,    /* 6 */
	MOUSE_WHEEL_RIGHT,   /* 7 */
};

struct mouse_event {
	enum mouse_button button;
	int x, y;            /* the cell, from 0 */
};

/* After the screen is set up: asks for reports where the terminal's entry
 * says how it sends them (kmous: xterm, tmux, screen), not on the console
 * (the linux entries), where ncurses would load gpm's library, which
 * leaks.  Returns whether reports are on; without, keys do all. */
bool mouse_start(void);
/* Whether a function key's code is the start of a report. */
bool mouse_report_begins(int code);
/* Reads the rest of a report: true with *ev set for a press or a turn of
 * the wheel; false for a release, a move or bytes that are no report. */
bool mouse_read(struct mouse_event *ev);

#endif
