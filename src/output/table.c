/* table.c - rows as an aligned text table (or raw words with -r).
 *
 * Two passes over the rows: the first formats each cell only to learn the
 * column widths, the second formats it again and writes the line.  Keeping
 * every cell between the passes would cost memory the size of the output
 * (megabytes for a large process's mappings), and fresh pages cost more
 * than formatting a number twice.  Cells hold only escaped text, so widths
 * are exact and a name can never move the cursor. */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "output/color.h"
#include "output/format.h"
#include "output/table.h"
#include "util/xalloc.h"

/* Lines are gathered and written in blocks of about this size. */
enum { FLUSH_AT = 64 * 1024 };

struct cell_ctx {
	const struct snapshot *snap;
	const struct row *rows;
	const struct table_decor *decor;
	enum escape_mode mode;
};

static bool is_state_column(const struct column *c)
{
	return column_is(c, COL_STAT) || column_is(c, COL_STATE);
}

/* Writes row i's cell of column c into `text` (reset first); returns its
 * display width.  With `measure` it may only measure (integers). */
static size_t format_cell(const struct cell_ctx *x, size_t i, const struct column *c,
			  struct sbuf *text, bool measure)
{
	struct value v;
	bool replace = false;
	size_t width = 0;

	sbuf_reset(text);
	if (x->decor && x->decor->col == c)
		width += x->decor->prefix(x->decor->ctx, i, text, &replace);
	if (!replace) {
		/* tmp is written before it is read: clearing it is waste. */
		memset(&v, 0, offsetof(struct value, tmp));
		c->get(&x->rows[i], x->snap, &v);
		width += measure && width == 0
				 ? format_width(text, c, &v, x->snap, &x->rows[i], x->mode)
				 : format_text(text, c, &v, x->snap, &x->rows[i], x->mode);
	}
	return width;
}

static int flush(FILE *out, struct sbuf *b)
{
	int ret = fwrite(b->data, 1, b->len, out) == b->len ? 0 : -1;

	sbuf_reset(b);
	return ret;
}

/* The widest column that may still be narrowed: a left-aligned one
 * before the last, wider than its header; ncols when there is none.  With
 * `but`, the widest other than that one, whatever its header. */
static size_t widest(const size_t *widths, const struct column *const *cols, size_t ncols,
		     size_t but)
{
	size_t top = ncols;

	for (size_t c = 0; c + 1 < ncols; c++) {
		if (cols[c]->right || c == but)
			continue;
		if (but == ncols && widths[c] <= column_header_width(cols[c]))
			continue;
		if (top == ncols || widths[c] > widths[top])
			top = c;
	}
	return top;
}

/* Fits a line in `max` columns as ps does: the left-aligned columns before
 * the last (names, commands, paths) are narrowed, widest first and never
 * below their header, until the last column has room for its header (its
 * whole width when right-aligned).  Numbers are never narrowed: when they
 * alone are wider than the terminal, so is the line. */
static void fit_widths(size_t *widths, const struct column *const *cols, size_t ncols, size_t max)
{
	const struct column *end = cols[ncols - 1];
	size_t need = ncols - 1 + (end->right ? widths[ncols - 1] : column_header_width(end));

	for (size_t c = 0; c + 1 < ncols; c++)
		need += widths[c];
	while (need > max) {
		size_t top = widest(widths, cols, ncols, ncols);

		if (top == ncols)
			return;
		/* Down to the next widest or the header, by one at least. */
		size_t next = widest(widths, cols, ncols, top);
		size_t to = column_header_width(cols[top]);

		if (next < ncols && widths[next] > to)
			to = widths[next];
		size_t take = widths[top] > to ? widths[top] - to : 1;

		if (take > need - max)
			take = need - max;
		widths[top] -= take;
		need -= take;
	}
}

int table_print(FILE *out, const struct snapshot *snap, const struct row *rows, size_t nrows,
		const struct column *const *cols, size_t ncols, const struct table_opts *o,
		const struct table_decor *decor)
{
	struct cell_ctx x = { snap, rows, decor, o->raw ? ESCAPE_RAW : ESCAPE_TABLE };
	size_t *widths = xcalloc(ncols, sizeof(size_t));
	struct sbuf text = { 0 }, lines = { 0 };
	int ret = 0;

	for (size_t c = 0; c < ncols; c++) {
		size_t h = o->headings ? column_header_width(cols[c]) : 0;
		size_t hint = o->raw ? 0 : (size_t)cols[c]->width;

		widths[c] = h > hint ? h : hint;
	}
	/* A left-aligned last column is never padded: its width is not needed. */
	size_t measured = ncols && !cols[ncols - 1]->right ? ncols - 1 : ncols;

	if (!o->raw)
		for (size_t i = 0; i < nrows; i++)
			for (size_t c = 0; c < measured; c++) {
				size_t w = format_cell(&x, i, cols[c], &text, true);

				if (w > widths[c])
					widths[c] = w;
			}
	if (o->max_width && ncols)
		fit_widths(widths, cols, ncols, o->max_width);

	for (size_t i = 0; i < nrows + 1 && ret == 0; i++) {
		bool header = i == 0;

		if (header && !o->headings)
			continue;
		size_t shown = 0;   /* display width so far */

		for (size_t c = 0; c < ncols; c++) {
			size_t w = header ? 0 : format_cell(&x, i - 1, cols[c], &text, false);
			const char *s = header ? column_header(cols[c]) : text.data;
			size_t len = header ? strlen(s) : text.len;
			bool last = c + 1 == ncols;
			size_t fill;
			const char *color = NULL;

			if (header)
				w = column_header_width(cols[c]);
			if (c > 0) {
				sbuf_putc(&lines, ' ');
				shown++;
			}
			/* A narrowed column cuts its text; the last column gets the
			 * rest of the line, at least its header's width. */
			size_t room = widths[c];

			if (last && !cols[c]->right) {
				room = o->max_width > shown ? o->max_width - shown : 0;
				if (room < column_header_width(cols[c]))
					room = column_header_width(cols[c]);
			}
			if (o->max_width && !cols[c]->right && w > room) {
				len = utf8_fit(s, len, room);
				w = utf8_width(s, len);
			}
			fill = o->raw || (last && !cols[c]->right) || w > widths[c] ? 0 : widths[c] - w;
			if (o->color && header)
				color = COLOR_HEADER;
			else if (o->color && is_state_column(cols[c]) && len > 0)
				color = color_for_state(s[0]);

			if (cols[c]->right)
				sbuf_fill(&lines, ' ', fill);
			if (color)
				sbuf_puts(&lines, color);
			sbuf_put(&lines, s, len);
			if (color)
				sbuf_puts(&lines, COLOR_RESET);
			if (!cols[c]->right && !last)
				sbuf_fill(&lines, ' ', fill);
			shown += fill + w;
		}
		sbuf_putc(&lines, '\n');
		if (lines.len >= FLUSH_AT)
			ret = flush(out, &lines);
	}
	if (ret == 0 && lines.len)
		ret = flush(out, &lines);
	free(widths);
	sbuf_release(&text);
	sbuf_release(&lines);
	return ret;
}
