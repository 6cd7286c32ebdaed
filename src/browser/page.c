/* page.c - a scrollable page of safe text lines made of colored spans. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "browser/page.h"
#include "output/format.h"
#include "util/utf8.h"
#include "util/xalloc.h"

void page_clear(struct page *p)
{
	sbuf_reset(&p->text);
	p->nspans = 0;
	p->nlines = 0;
	p->open = false;
}

void page_release(struct page *p)
{
	sbuf_release(&p->text);
	free(p->spans);
	free(p->lines);
	memset(p, 0, sizeof(*p));
}

static struct page_line *current_line(struct page *p)
{
	if (!p->open) {
		xgrow(&p->lines, &p->cap_lines, p->nlines + 1, sizeof(struct page_line));
		p->lines[p->nlines++] = (struct page_line){ p->nspans, 0, 0 };
		p->open = true;
	}
	return &p->lines[p->nlines - 1];
}

/* Records text already appended at `off` as a span of the current line. */
static void add_span(struct page *p, enum role r, size_t off, size_t width)
{
	struct page_line *l = current_line(p);
	size_t len = p->text.len - off;

	if (len == 0)
		return;
	l->width += width;
	/* Runs of one role make one span. */
	if (l->n && p->spans[p->nspans - 1].role == r) {
		p->spans[p->nspans - 1].len += len;
		p->spans[p->nspans - 1].width += width;
		return;
	}
	xgrow(&p->spans, &p->cap_spans, p->nspans + 1, sizeof(struct span));
	p->spans[p->nspans++] = (struct span){ off, len, width, r };
	l->n++;
}

void page_put(struct page *p, enum role r, const char *s, size_t len)
{
	size_t off = p->text.len;

	sbuf_put(&p->text, s, len);
	add_span(p, r, off, utf8_width(s, len));
}

void page_puts(struct page *p, enum role r, const char *s)
{
	page_put(p, r, s, strlen(s));
}

void page_printf(struct page *p, enum role r, const char *fmt, ...)
{
	struct sbuf tmp = { 0 };
	va_list ap;

	va_start(ap, fmt);
	sbuf_vprintf(&tmp, fmt, ap);
	va_end(ap);
	page_put_raw(p, r, tmp.data ? tmp.data : "", tmp.len);
	sbuf_release(&tmp);
}

void page_put_raw(struct page *p, enum role r, const char *s, size_t len)
{
	size_t off = p->text.len;
	size_t w = utf8_escape(&p->text, s, len, ESCAPE_TABLE);

	add_span(p, r, off, w);
}

void page_pad_to(struct page *p, enum role r, size_t col)
{
	struct page_line *l = current_line(p);

	if (l->width < col) {
		size_t off = p->text.len, n = col - l->width;

		for (size_t i = 0; i < n; i++)
			sbuf_putc(&p->text, ' ');
		add_span(p, r, off, n);
	}
}

void page_end_line(struct page *p)
{
	current_line(p);
	p->open = false;
}

struct cell {
	size_t off, len, width;
};

void page_table(struct page *p, const struct snapshot *snap, const struct row *rows, size_t n,
		const struct column *const *cols, size_t ncols, page_cell_role role)
{
	struct cell *cells = xcalloc(n * ncols + 1, sizeof(struct cell));
	size_t *widths = xcalloc(ncols + 1, sizeof(size_t));
	struct sbuf text = { 0 };
	struct value v;

	for (size_t c = 0; c < ncols; c++) {
		size_t h = column_header_width(cols[c]);

		widths[c] = h > (size_t)cols[c]->width ? h : (size_t)cols[c]->width;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t c = 0; c < ncols; c++) {
			struct cell *cell = &cells[i * ncols + c];

			memset(&v, 0, sizeof(v));
			cols[c]->get(&rows[i], snap, &v);
			cell->off = text.len;
			cell->width = format_text(&text, cols[c], &v, snap, &rows[i], ESCAPE_TABLE);
			cell->len = text.len - cell->off;
			if (cell->width > widths[c])
				widths[c] = cell->width;
		}
	for (size_t i = 0; i <= n; i++) {
		enum role base = i ? ROLE_NORMAL : ROLE_HEADING;
		size_t col = 0;

		for (size_t c = 0; c < ncols; c++) {
			const struct cell *cell = i ? &cells[(i - 1) * ncols + c] : NULL;
			const char *s = cell ? text.data + cell->off : column_header(cols[c]);
			size_t len = cell ? cell->len : strlen(s);
			size_t w = cell ? cell->width : column_header_width(cols[c]);
			enum role r = base;

			if (cell && role)
				r = role(cols[c], &rows[i - 1], s, len);
			if (c > 0) {
				page_put(p, base, " ", 1);
				col++;
			}
			if (cols[c]->right)
				page_pad_to(p, base, col + widths[c] - w);
			page_put(p, r, s, len);
			col += widths[c];
			if (c + 1 < ncols)
				page_pad_to(p, base, col);
		}
		page_end_line(p);
	}
	free(cells);
	free(widths);
	sbuf_release(&text);
}

void page_draw(struct page *p, int y0, int h, int w)
{
	if (p->has_cursor && p->nlines && p->cursor >= p->nlines)
		p->cursor = p->nlines - 1;
	if (p->top + (size_t)h > p->nlines)
		p->top = p->nlines > (size_t)h ? p->nlines - (size_t)h : 0;
	/* The cursor stays in view, also when the terminal shrank. */
	if (p->has_cursor && p->cursor < p->top)
		p->top = p->cursor;
	else if (p->has_cursor && p->cursor >= p->top + (size_t)h)
		p->top = p->cursor - (size_t)h + 1;
	for (int y = 0; y < h; y++) {
		size_t li = p->top + (size_t)y;
		bool selected = p->has_cursor && li == p->cursor;
		attr_t extra = selected ? A_REVERSE : A_NORMAL;
		int x = 0;

		draw_fill(y0 + y, 0, w, extra);
		if (li >= p->nlines)
			continue;
		const struct page_line *l = &p->lines[li];
		size_t skip = p->left;   /* columns scrolled off to the left */

		for (size_t k = 0; k < l->n && x < w; k++) {
			const struct span *s = &p->spans[l->first + k];

			x += draw_text_from(y0 + y, x, p->text.data + s->off, s->len, &skip, w - x,
					    draw_attr(s->role) | extra);
		}
	}
}

bool page_key(struct page *p, int key, bool fn, int h)
{
	size_t page = h > 1 ? (size_t)h - 1 : 1;
	size_t last = p->nlines ? p->nlines - 1 : 0;
	size_t *pos = p->has_cursor ? &p->cursor : &p->top;

	if (!fn && (key == 'j' || key == 'k'))
		key = key == 'j' ? KEY_DOWN : KEY_UP, fn = true;
	if (!fn && key == ' ')
		key = KEY_NPAGE, fn = true;
	if (!fn)
		return false;
	switch (key) {
	case KEY_UP:
		*pos -= *pos > 0;
		break;
	case KEY_DOWN:
		*pos += *pos < last;
		break;
	case KEY_PPAGE:
		*pos = *pos > page ? *pos - page : 0;
		break;
	case KEY_NPAGE:
		*pos = *pos + page < last ? *pos + page : last;
		break;
	case KEY_HOME:
		*pos = 0;
		break;
	case KEY_END:
		*pos = last;
		break;
	case KEY_LEFT:
		p->left = p->left > 8 ? p->left - 8 : 0;
		return true;
	case KEY_RIGHT:
		p->left += 8;
		return true;
	default:
		return false;
	}
	return true;   /* page_draw brings the cursor in view */
}
