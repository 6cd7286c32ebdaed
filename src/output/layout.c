/* layout.c - a process's address space drawn top-down (--layout), from
 * the lines view/layout_view.c makes. */
#include "config.h"

#include "output/color.h"
#include "output/format.h"
#include "output/layout.h"
#include "util/sbuf.h"
#include "view/layout_view.h"

static void put_line(struct sbuf *b, const struct layout_line *line, bool color)
{
	struct sbuf sz = { 0 }, rss = { 0 };
	const char *tint = color && line->kind == LL_REGION ? color_for_tint(segment_tint(line->segment)) : NULL;

	if (line->kind == LL_MARK) {
		sbuf_printf(b, "%16llx %8s %8s  %-13s %s\n", line->start, "", "", "", line->what);
		return;
	}
	if (line->kind == LL_GAP || line->kind == LL_BEYOND) {
		format_size(&sz, line->size, false);
		sbuf_printf(b, "%16s %8s %8s  %-13s %s\n", "...", sbuf_cstr(&sz), "", line->segment_text,
			    line->what);
		sbuf_release(&sz);
		return;
	}
	format_size(&sz, line->size, false);
	if (line->kind == LL_REGION)
		format_size(&rss, line->rss, false);
	sbuf_printf(b, "%16llx %8s %8s  ", line->start, sbuf_cstr(&sz), rss.len ? sbuf_cstr(&rss) : "");
	if (tint)
		sbuf_puts(b, tint);
	sbuf_printf(b, "%-13s", line->segment_text);
	if (tint)
		sbuf_puts(b, COLOR_RESET);
	sbuf_printf(b, " %s%s\n", line->kind == LL_PART ? "  " : "", line->what);
	sbuf_release(&sz);
	sbuf_release(&rss);
}

struct printer {
	FILE *out;
	bool color;
	struct sbuf b;
	int ret;
};

/* Written 64 KiB at a time, as the lines come. */
static void print_line(const struct layout_line *line, void *ctx)
{
	struct printer *p = ctx;

	if (p->ret < 0)
		return;
	put_line(&p->b, line, p->color);
	if (p->b.len > 64 * 1024) {
		if (fwrite(p->b.data, 1, p->b.len, p->out) != p->b.len)
			p->ret = -1;
		sbuf_reset(&p->b);
	}
}

int layout_print(FILE *out, const struct tgroup *g, bool color)
{
	struct printer p = { out, color, { 0 }, 0 };

	sbuf_printf(&p.b, "%16s %8s %8s  %-13s %s\n", "START", "SIZE", "RSS", "SEGMENT", "WHAT");
	layout_each(g, print_line, &p);
	if (p.ret == 0 && fwrite(p.b.data, 1, p.b.len, out) != p.b.len)
		p.ret = -1;
	sbuf_release(&p.b);
	return p.ret;
}
