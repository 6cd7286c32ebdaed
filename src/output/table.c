/* table.c - rows as an aligned text table (or raw words with -r).
 *
 * Two passes: every cell is formatted once into one buffer, then column
 * widths are known and lines are written.  Cells hold only escaped text,
 * so widths are exact and a name can never move the cursor. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "output/color.h"
#include "output/format.h"
#include "output/table.h"
#include "util/xalloc.h"

struct cell {
	size_t off, len, width;
};

static void pad(struct sbuf *line, size_t n)
{
	while (n--)
		sbuf_putc(line, ' ');
}

static bool is_state_column(const struct column *c)
{
	return strcmp(c->name, "STAT") == 0 || strcmp(c->name, "S") == 0;
}

int table_print(FILE *out, const struct snapshot *snap, const struct row *rows, size_t nrows,
		const struct column *const *cols, size_t ncols, const struct table_opts *o,
		const struct table_decor *decor)
{
	enum escape_mode mode = o->raw ? ESCAPE_RAW : ESCAPE_TABLE;
	struct cell *cells = xcalloc(nrows * ncols + 1, sizeof(struct cell));
	size_t *widths = xcalloc(ncols, sizeof(size_t));
	struct sbuf text = { 0 }, line = { 0 };
	struct value v;
	int ret = 0;

	for (size_t c = 0; c < ncols; c++) {
		size_t h = o->headings ? strlen(cols[c]->header) : 0;
		size_t hint = o->raw ? 0 : (size_t)cols[c]->width;

		widths[c] = h > hint ? h : hint;
	}
	for (size_t i = 0; i < nrows; i++) {
		for (size_t c = 0; c < ncols; c++) {
			struct cell *cell = &cells[i * ncols + c];

			bool replace = false;

			cell->off = text.len;
			if (decor && decor->col == cols[c])
				cell->width += decor->prefix(decor->ctx, i, &text, &replace);
			if (!replace) {
				memset(&v, 0, sizeof(v));
				cols[c]->get(&rows[i], snap, &v);
				cell->width += format_text(&text, cols[c], &v, snap, &rows[i], mode);
			}
			cell->len = text.len - cell->off;
			if (cell->width > widths[c])
				widths[c] = cell->width;
		}
	}

	for (size_t i = 0; i < nrows + 1 && ret == 0; i++) {
		bool header = i == 0;

		if (header && !o->headings)
			continue;
		sbuf_reset(&line);
		size_t shown = 0;   /* display width so far */
		bool cut = false;

		for (size_t c = 0; c < ncols && !cut; c++) {
			const struct cell *cell = header ? NULL : &cells[(i - 1) * ncols + c];
			const char *s = header ? cols[c]->header : text.data + cell->off;
			size_t len = header ? strlen(s) : cell->len;
			size_t w = header ? len : cell->width;
			bool last = c + 1 == ncols;
			size_t fill = o->raw || (last && !cols[c]->right) ? 0 : widths[c] - w;
			const char *color = NULL;

			if (c > 0) {
				sbuf_putc(&line, ' ');
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
				pad(&line, fill);
			if (color)
				sbuf_puts(&line, color);
			sbuf_put(&line, s, len);
			if (color)
				sbuf_puts(&line, COLOR_RESET);
			if (!cols[c]->right && !last)
				pad(&line, fill);
			shown += fill + w;
		}
		sbuf_putc(&line, '\n');
		if (fwrite(line.data, 1, line.len, out) != line.len)
			ret = -1;
	}
	free(cells);
	free(widths);
	sbuf_release(&text);
	sbuf_release(&line);
	return ret;
}
