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

int layout_print(FILE *out, const struct tgroup *g, bool color)
{
	struct layout_lines lines;
	struct sbuf b = { 0 };
	int ret = 0;

	layout_build(&lines, g);
	sbuf_printf(&b, "%16s %8s %8s  %-13s %s\n", "START", "SIZE", "RSS", "SEGMENT", "WHAT");
	for (size_t i = 0; i < lines.n && ret == 0; i++) {
		put_line(&b, &lines.v[i], color);
		if (b.len > 64 * 1024) {
			if (fwrite(b.data, 1, b.len, out) != b.len)
				ret = -1;
			sbuf_reset(&b);
		}
	}
	if (ret == 0 && fwrite(b.data, 1, b.len, out) != b.len)
		ret = -1;
	sbuf_release(&b);
	layout_lines_release(&lines);
	return ret;
}
