/* draw.h - what the browser's screens draw with: attributes by meaning
 * (colors only when the terminal has them and NO_COLOR is unset), and
 * safe text cut to a width. */
#ifndef LWPS_DRAW_H
#define LWPS_DRAW_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "model/maps.h"

enum role {
	ROLE_NORMAL,
	ROLE_TITLE,       /* a screen's first line */
	ROLE_HEADING,     /* column headings */
	ROLE_SECTION,     /* a section's name in a page */
	ROLE_DIM,         /* help text, a process that has gone */
	ROLE_BOLD,
	ROLE_RED,
	ROLE_GREEN,
	ROLE_YELLOW,
	ROLE_BLUE,
	ROLE_MAGENTA,
	ROLE_CYAN,
	ROLE_MATCH,       /* the search's text in a row */
	ROLE_COUNT
};

/* Sets up color pairs when `color`; call once after the screen exists. */
void draw_init(bool color);
attr_t draw_attr(enum role r);

/* The role of an ANSI SGR string ("\033[32m") as color.c and layout.c
 * write them, so the browser keeps their palette. */
enum role draw_role_sgr(const char *sgr);
enum role draw_role_state(char state);
/* The color of a segment's tint, as the --layout picture colors it. */
enum role draw_role_tint(enum segment_tint t);

/* Draws safe (escaped) text at y, x in at most `max` columns with attribute
 * `a`; returns the columns used.  Text never reaches past x + max. */
int draw_text(int y, int x, const char *s, size_t len, int max, attr_t a);
/* As draw_text, `*skip` columns of the text left out first (*skip goes
 * down by those there were); a wide character across that edge leaves
 * a blank for its half. */
int draw_text_from(int y, int x, const char *s, size_t len, size_t *skip, int max, attr_t a);
/* Draws `n` blanks. */
void draw_fill(int y, int x, int n, attr_t a);

#endif
