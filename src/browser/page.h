/* page.h - a scrollable page of safe text lines made of colored spans:
 * the details, maps, help and sort screens are pages. */
#ifndef LWPS_PAGE_H
#define LWPS_PAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "browser/draw.h"
#include "columns/columns.h"
#include "util/sbuf.h"

struct span {
	size_t off, len, width;      /* into the page's text */
	enum role role;
};

struct page_line {
	size_t first, n;             /* its spans */
	size_t width;
};

struct page {
	struct sbuf text;            /* escaped text only: nothing can move the cursor */
	struct span *spans;
	size_t nspans, cap_spans;
	struct page_line *lines;
	size_t nlines, cap_lines;
	bool open;                   /* the last line still takes spans */
	size_t top, left;            /* scroll position: first line, first column */
	bool has_cursor;             /* a selectable list (the sort screen) */
	size_t cursor;
};

/* Empties the page; the scroll position stays (a refresh keeps it). */
void page_clear(struct page *p);
void page_release(struct page *p);

/* Appends safe text to the current line. */
void page_put(struct page *p, enum role r, const char *s, size_t len);
void page_puts(struct page *p, enum role r, const char *s);
void page_printf(struct page *p, enum role r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Appends untrusted bytes, escaped. */
void page_put_raw(struct page *p, enum role r, const char *s, size_t len);
/* Pads the current line with blanks to display column `col`. */
void page_pad_to(struct page *p, enum role r, size_t col);
/* Ends the current line (an empty line when nothing was put). */
void page_end_line(struct page *p);

/* The role of a cell of a table in a page. */
typedef enum role (*page_cell_role)(const struct column *c, const struct row *r,
				    const char *text, size_t len);

/* Appends rows as an aligned table with a heading line, as table.c lays
 * them out; cells go through format_text. */
void page_table(struct page *p, const struct snapshot *snap, const struct row *rows, size_t n,
		const struct column *const *cols, size_t ncols, page_cell_role role);

/* Draws lines top.. in the screen rows y0..y0+h-1, `w` columns wide. */
void page_draw(struct page *p, int y0, int h, int w);
/* Scrolls (or moves the cursor) for a key; false when the key is not
 * one of the page's.  `h` is the height it is drawn with. */
bool page_key(struct page *p, int key, bool fn, int h);

#endif
