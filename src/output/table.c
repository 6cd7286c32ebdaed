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
	return strcmp(c->name, "STAT") == 0 || strcmp(c->name, "S") == 0;
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

int table_print(FILE *out, const struct snapshot *snap, const struct row *rows, size_t nrows,
		const struct column *const *cols, size_t ncols, const struct table_opts *o,
		const struct table_decor *decor)
{
	struct cell_ctx x = { snap, rows, decor, o->raw ? ESCAPE_RAW : ESCAPE_TABLE };
	size_t *widths = xcalloc(ncols, sizeof(size_t));
	struct sbuf text = { 0 }, lines = { 0 };
	int ret = 0;

	for (size_t c = 0; c < ncols; c++) {
		size_t h = o->headings ? strlen(cols[c]->header) : 0;
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

	for (size_t i = 0; i < nrows + 1 && ret == 0; i++) {
		bool header = i == 0;

		if (header && !o->headings)
			continue;
		size_t shown = 0;   /* display width so far */
		bool cut = false;

		for (size_t c = 0; c < ncols && !cut; c++) {
			size_t w = header ? 0 : format_cell(&x, i - 1, cols[c], &text, false);
			const char *s = header ? cols[c]->header : text.data;
			size_t len = header ? strlen(s) : text.len;
			bool last = c + 1 == ncols;
			size_t fill;
			const char *color = NULL;

			if (header)
				w = len;
			fill = o->raw || (last && !cols[c]->right) ? 0 : widths[c] - w;
			if (c > 0) {
				sbuf_putc(&lines, ' ');
				shown++;
			}
			if (o->color && header)
				color = COLOR_HEADER;
			else if (o->color && is_state_column(cols[c]) && len > 0)
				color = color_for_state(s[0]);

			/* Cut the line at the terminal's edge, as ps does. */
			size_t room = o->max_width > shown ? o->max_width - shown : 0;

			if (o->max_width && fill + w > room) {
				cut = true;
				if (fill > room)
					fill = room;
				room -= fill;
				len = utf8_fit(s, len, room);
			}
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
