/* mouse.c - the terminal's mouse reports, decoded by the browser: xterm's
 * SGR form (ESC [ < B ; X ; Y, then M for a press or m for a release)
 * and the older X10 form (ESC [ M and three bytes, each 32 more than its
 * value).  In both, B holds the button in bits 0-1, 64 for buttons 4-7
 * (the wheel), 128 for 8-11, 32 for a move; 4, 8 and 16 are modifiers. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "browser/mouse.h"

static int report_code = -1;   /* the key code bound to the prefix, or -1 */
static bool report_sgr;        /* its form: SGR, else X10 */

/* A code above ncurses's own that no key is bound to: ncurses gives the
 * terminal's extra keys (kUP5...) codes past KEY_MAX. */
static int unbound_code(void)
{
	for (int code = KEY_MAX + 1; code < KEY_MAX + 4096; code++) {
		char *bound = keybound(code, 0);

		if (!bound)
			return code;
		free(bound);
	}
	return -1;
}

bool mouse_start(void)
{
	const char *kmous = tigetstr("kmous");
	int code;

	if (!kmous || kmous == (const char *)-1 || !*kmous || strncmp(termname(), "linux", 5) == 0)
		return false;
	/* Presses are all the browser uses; the mask only picks the mode
	 * ncurses asks for (no reports of moves). */
	if (mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL) == 0)
		return false;
	code = unbound_code();
	/* define_key drops kmous's binding to KEY_MOUSE first. */
	if (code < 0 || define_key(kmous, code) == ERR) {
		(void)mousemask(0, NULL);
		return false;
	}
	report_code = code;
	report_sgr = kmous[strlen(kmous) - 1] == '<';
	return true;
}

bool mouse_report_begins(int code)
{
	return report_code >= 0 && code == report_code;
}

/* A report's bytes come at once; a pause means there is no more of it. */
static int next_byte(void)
{
	enum { REPORT_WAIT_MS = 200 };

	timeout(REPORT_WAIT_MS);
	return getch();
}

/* B;X;Y then M or m.  Returns whether a whole report was read. */
static bool read_sgr(int v[3], bool *press)
{
	int n = 0, c;

	v[0] = v[1] = v[2] = 0;
	while ((c = next_byte()) != ERR) {
		if (c >= '0' && c <= '9') {
			if (v[n] > 100000)
				return false;
			v[n] = v[n] * 10 + (c - '0');
		} else if (c == ';' && n < 2) {
			n++;
		} else if ((c == 'M' || c == 'm') && n == 2) {
			*press = c == 'M';
			/* Cells count from 1 here. */
			v[1]--;
			v[2]--;
			return true;
		} else {
			return false;
		}
	}
	return false;
}

/* Three bytes: B, X and Y, each plus 32 (X and Y count from 1).  A
 * release is a press of no button (bits 0-1 set, bit 6 clear). */
static bool read_x10(int v[3], bool *press)
{
	for (int i = 0; i < 3; i++) {
		int c = next_byte();

		if (c == ERR || c < 32 || c > 255)
			return false;
		v[i] = c - 32 - (i > 0);
	}
	*press = true;
	return true;
}

bool mouse_read(struct mouse_event *ev)
{
	int v[3];
	bool press;

	if (!(report_sgr ? read_sgr(v, &press) : read_x10(v, &press)))
		return false;
	/* A release, a move, or buttons 8-11. */
	if (!press || v[0] & (32 | 128) || ((v[0] & 3) == 3 && !(v[0] & 64)))
		return false;
	ev->button = (v[0] & 64 ? MOUSE_WHEEL_UP : MOUSE_LEFT) + (v[0] & 3);
	ev->x = v[1];
	ev->y = v[2];
	return true;
}
