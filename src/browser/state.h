/* state.h - the browser's state, shared by its files (browser.c runs the
 * loop, refresh.c reads the data, keys.c dispatches keys, screen_*.c draw
 * and take their own keys). */
#ifndef LWPS_BROWSER_STATE_H
#define LWPS_BROWSER_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "browser/browser.h"
#include "browser/list.h"
#include "browser/mouse.h"
#include "browser/page.h"
#include "output/tree_art.h"
#include "columns/choose.h"
#include "util/sbuf.h"

enum browser_screen { SCREEN_LIST, SCREEN_DETAILS, SCREEN_MAPS, SCREEN_HELP, SCREEN_SORT, SCREEN_COLUMNS,
		      SCREEN_CHANGES, SCREEN_WAITS };

enum prompt { PROMPT_NONE, PROMPT_SEARCH, PROMPT_FILTER, PROMPT_USER, PROMPT_STATE };

/* A key as get_wch() gives it: a character, or a KEY_* code when `fn`;
 * KEY_MOUSE comes with the press or the turn of the wheel it was. */
struct key {
	int code;
	bool fn;
	struct mouse_event mouse;
};

struct browser {
	struct source *src;
	const struct browser_opts *bo;
	bool ascii;                  /* tree lines in ASCII */

	/* The list's columns, and those a thread row must show somehow. */
	const struct column **cols;      /* the browser's own list: C changes it */
	size_t ncols;
	const struct column *artcol;     /* carries the tree branches */
	size_t *widths;                  /* grow as wider cells are seen */
	bool *shown;                     /* columns that fit the terminal's width */

	/* Sorting: the command line's keys, or the one picked with `s`. */
	const struct sort_key *keys;
	size_t nkeys;
	struct sort_key picked;

	struct selection sel;            /* -p (as processes), -u, -C, and the filters */
	uid_t user_filter;               /* u: the one user shown (sel.uids points here) */
	char state_filter[16];           /* F: the states shown (sel.states points here) */
	size_t hidden_left;              /* < >: columns after the first scrolled away */
	/* > past the last column scrolls its text (a long command line):
	 * the cells scrolled away, and at the last drawing the cells the
	 * column had and its widest text on screen. */
	size_t text_left, last_room, last_width;
	bool prompt_was_user;            /* the pick being typed: a user (else states) */
	/* Where the list was drawn, for the mouse: the first row's line and
	 * each column's first and last screen column (-1: not shown). */
	int rows_y;
	int *col_x0, *col_x1;

	/* The data shown. */
	struct snapshot *snap;           /* the list's, with gone processes merged in */
	struct snapshot *aux;            /* expanded processes' threads, with wchan */
	unsigned needs;                  /* what `snap` was read with */
	int read_status;                 /* the exit status a failed read calls for */
	struct pidset gone;              /* processes that exited at the last refresh */
	struct pidset expanded;          /* processes whose threads are inline */
	struct pidset collapsed;         /* subtrees folded into one row */
	size_t nprocs, nkernel, ntasks;  /* the header's counts (gone ones left out) */
	unsigned states[128];            /* tasks per state letter */
	/* The host's CPU counters at the reading before, for the bars. */
	struct cpu_ticks *cpus_before, cpu_total_before;
	int ncpus_before;
	double next_refresh;             /* CLOCK_MONOTONIC seconds */
	bool paused, tree, all_threads, hide_kernel;

	/* The list. */
	struct list list;
	bool rows_dirty;
	struct tree_art art;             /* the branches, drawn from any row on */
	unsigned char *art_marks;        /* art.more at every ART_STEP-th row */
	size_t cap_marks, art_valid, art_stride;
	size_t sel_row, top;
	size_t reveal;                   /* rows below the selection to bring on screen */
	pid_t sel_pid, sel_tid;          /* what the selection follows (tid 0: the process) */
	enum prompt prompt;
	struct sbuf query;               /* the search, as typed */
	struct sbuf filter;              /* the filter in force, or empty */
	size_t search_from;              /* the row a search being typed started at */
	struct sbuf msg;                 /* one line for the user until the next key */
	struct sbuf cell, scratch;

	/* The other screens. */
	enum browser_screen screen;
	struct page page;
	pid_t target_pid, target_tid;    /* what details and maps are about */
	bool target_gone;
	struct snapshot *dsnap;          /* details: everything about the target */
	struct snapshot *msnap;          /* maps: the target with its mappings */
	struct snapshot *mark;           /* b: the moment B compares with */
	/* The waits screen (w): its reading, what each line is, the group open. */
	struct snapshot *wsnap;
	struct wait_line {
		const char *group;       /* a group's line: what it waits on */
		pid_t pid, tid;          /* a thread's line */
	} *wlines;
	size_t nwlines;
	char *wopen;
	struct snapshot *mbase;          /* maps: the first reading since the screen opened */
	bool map_deltas;                 /* maps: D shows the changes since then */
	struct column_list map_cols;
	bool quit;
};

double browser_now(void);
/* Reads the list's data again (unless the source is fixed). */
void browser_refresh(struct browser *b);
/* Reads the expanded processes' threads again (their wait channels). */
void browser_refresh_threads(struct browser *b);
/* After a change of view: rebuild the rows, and read again at once when
 * the view needs data the last read did not fetch. */
void browser_mode_changed(struct browser *b);
/* Reads the data of the screen shown (details, maps) again. */
void browser_refresh_screen(struct browser *b);
/* Shows a message on the status line until the next key. */
void browser_say(struct browser *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* keys.c */
/* Opens a screen about the selected process (or thread). */
void browser_open(struct browser *b, enum browser_screen s);
/* Does what key k means on the screen shown. */
void browser_handle_key(struct browser *b, struct key k);

/* screen_list.c */
void list_screen_key(struct browser *b, struct key k);
/* Rebuilds the rows and finds the selected process again. */
void list_screen_rebuild(struct browser *b);

/* screen_list_draw.c */
void list_screen_draw(struct browser *b);
/* The rows the list shows below its header. */
int list_screen_height(const struct browser *b);

/* screen_details.c */
void details_read(struct browser *b);
void details_build(struct browser *b);

/* screen_maps.c */
void maps_read(struct browser *b);
void maps_build(struct browser *b);

/* screen_help.c: the help and the sort picker. */
void help_build(struct browser *b);
void sort_build(struct browser *b);
void sort_pick(struct browser *b, bool descending);
/* The column chooser: every column, the shown ones marked, in order. */
void columns_build(struct browser *b);
/* Shows or hides the column under the cursor; moves it by `by` places. */
void columns_toggle(struct browser *b);
void columns_move(struct browser *b, int by);

/* screen_waits.c: -W's groups; Enter opens one, or goes to a thread. */
void waits_read(struct browser *b);
void waits_screen_build(struct browser *b);
void waits_screen_enter(struct browser *b);

/* screen_changes.c: b marks the present moment, B shows what changed. */
void changes_mark(struct browser *b);
void changes_build(struct browser *b);

/* Draws a page screen: title, the page, and the hint line. */
void page_screen_draw(struct browser *b, const char *title);

#endif
