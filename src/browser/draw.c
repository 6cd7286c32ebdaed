/* draw.c - attributes by meaning and safe text cut to a width. */
#include "config.h"

#include <string.h>

#include "browser/draw.h"
#include "model/states.h"
#include "output/color.h"
#include "util/utf8.h"

static bool have_color;

/* Without colors (vt100, NO_COLOR) every role still reads: bold, dim,
 * underline and reverse are all a vt100 has. */
static const attr_t mono[ROLE_COUNT] = {
	[ROLE_NORMAL] = A_NORMAL,
	[ROLE_TITLE] = A_BOLD,
	[ROLE_HEADING] = A_BOLD | A_UNDERLINE,
	[ROLE_SECTION] = A_BOLD,
	[ROLE_DIM] = A_DIM,
	[ROLE_BOLD] = A_BOLD,
	[ROLE_RED] = A_BOLD,
	[ROLE_GREEN] = A_NORMAL,
	[ROLE_YELLOW] = A_NORMAL,
	[ROLE_BLUE] = A_NORMAL,
	[ROLE_MAGENTA] = A_NORMAL,
	[ROLE_CYAN] = A_NORMAL,
	[ROLE_MATCH] = A_REVERSE | A_BOLD,
};

static const struct {
	short fg, bg;
	attr_t extra;
} colored[ROLE_COUNT] = {
	[ROLE_NORMAL] = { -1, -1, A_NORMAL },
	[ROLE_TITLE] = { COLOR_CYAN, -1, A_BOLD },
	[ROLE_HEADING] = { COLOR_BLACK, COLOR_GREEN, A_NORMAL },
	[ROLE_SECTION] = { COLOR_YELLOW, -1, A_BOLD },
	[ROLE_DIM] = { -1, -1, A_DIM },
	[ROLE_BOLD] = { -1, -1, A_BOLD },
	[ROLE_RED] = { COLOR_RED, -1, A_NORMAL },
	[ROLE_GREEN] = { COLOR_GREEN, -1, A_NORMAL },
	[ROLE_YELLOW] = { COLOR_YELLOW, -1, A_NORMAL },
	[ROLE_BLUE] = { COLOR_BLUE, -1, A_NORMAL },
	[ROLE_MAGENTA] = { COLOR_MAGENTA, -1, A_NORMAL },
	[ROLE_CYAN] = { COLOR_CYAN, -1, A_NORMAL },
	[ROLE_MATCH] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD },
};

void draw_init(bool color)
{
	have_color = false;
	if (!color || !has_colors() || start_color() == ERR)
		return;
	/* Keep the terminal's own background; without that, black. */
	bool dflt = use_default_colors() == OK;

	for (int r = 1; r < ROLE_COUNT; r++) {
		short fg = colored[r].fg, bg = colored[r].bg;

		if (!dflt) {
			fg = fg < 0 ? COLOR_WHITE : fg;
			bg = bg < 0 ? COLOR_BLACK : bg;
		}
		if (init_pair((short)r, fg, bg) == ERR)
			return;
	}
	have_color = true;
}

attr_t draw_attr(enum role r)
{
	if (r < 0 || r >= ROLE_COUNT)
		r = ROLE_NORMAL;
	if (!have_color)
		return mono[r];
	if (r == ROLE_NORMAL)
		return A_NORMAL;
	return COLOR_PAIR(r) | colored[r].extra;
}

enum role draw_role_sgr(const char *sgr)
{
	int n = 0;

	if (!sgr || sgr[0] != '\033' || sgr[1] != '[')
		return ROLE_NORMAL;
	for (const char *p = sgr + 2; *p >= '0' && *p <= '9' && n < 1000; p++)
		n = n * 10 + (*p - '0');
	switch (n) {
	case 1:
		return ROLE_BOLD;
	case 2:
		return ROLE_DIM;
	case 31:
		return ROLE_RED;
	case 32:
		return ROLE_GREEN;
	case 33:
		return ROLE_YELLOW;
	case 34:
		return ROLE_BLUE;
	case 35:
		return ROLE_MAGENTA;
	case 36:
		return ROLE_CYAN;
	default:
		return ROLE_NORMAL;
	}
}

enum role draw_role_state(char state)
{
	static const enum role by_hue[] = {
		[HUE_NONE] = ROLE_NORMAL, [HUE_RED] = ROLE_RED, [HUE_GREEN] = ROLE_GREEN,
		[HUE_YELLOW] = ROLE_YELLOW, [HUE_MAGENTA] = ROLE_MAGENTA,
	};

	return by_hue[task_state_hue(state)];
}

/* The picture's palette, as the text draws it. */
enum role draw_role_tint(enum segment_tint t)
{
	return t == TINT_NONE ? ROLE_NORMAL : draw_role_sgr(color_for_tint(t));
}

int draw_text(int y, int x, const char *s, size_t len, int max, attr_t a)
{
	if (max <= 0 || len == 0)
		return 0;
	size_t fit = utf8_fit(s, len, (size_t)max);

	if (fit == 0)
		return 0;
	attrset(a);
	/* ERR here means the text reached the last cell; it was drawn. */
	(void)mvaddnstr(y, x, s, (int)fit);
	return (int)utf8_width(s, fit);
}

int draw_text_from(int y, int x, const char *s, size_t len, size_t *skip, int max, attr_t a)
{
	size_t cut;
	int blank = 0;

	if (*skip == 0)
		return draw_text(y, x, s, len, max, a);
	cut = utf8_fit(s, len, *skip);
	if (cut == len) {
		*skip -= utf8_width(s, len);
		return 0;
	}
	if (utf8_width(s, cut) < *skip) {
		uint32_t cp;
		size_t n = utf8_decode((const unsigned char *)s + cut, len - cut, &cp);

		cut += n ? n : 1;
		blank = max > 0;
		draw_fill(y, x, blank, a);
	}
	*skip = 0;
	return blank + draw_text(y, x + blank, s + cut, len - cut, max - blank, a);
}

void draw_fill(int y, int x, int n, attr_t a)
{
	if (n <= 0)
		return;
	/* The window's attributes join the line's: set them too. */
	attrset(a);
	(void)mvhline(y, x, ' ' | (chtype)a, n);
}
