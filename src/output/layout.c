/* layout.c - a process's address space drawn top-down (--layout).
 *
 * One line per region, highest address first: the mappings of one shared
 * object are grouped into one line, the main stack carries the arguments
 * and environment the kernel placed in it, and a gap of 64 KiB or more
 * is one line that gives its size. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "output/color.h"
#include "output/format.h"
#include "output/layout.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

enum { GAP_SHOWN = 64 * 1024 };

struct region {
	unsigned long long start, end, rss;
	enum segment segment;
	const struct vma *first;     /* for the label */
	unsigned count;              /* mappings grouped here */
};

static bool same_object(const struct vma *a, const struct vma *b)
{
	return a->lib && b->lib && strcmp(a->lib, b->lib) == 0;
}

/* Groups the mappings into regions, lowest address first. */
static size_t build_regions(const struct tgroup *g, struct region **out)
{
	struct region *r = xmalloc((g->nmaps + 1) * sizeof(*r));
	size_t n = 0;

	for (size_t i = 0; i < g->nmaps; i++) {
		const struct vma *m = &g->maps[i];
		struct region *last = n ? &r[n - 1] : NULL;

		/* A shared object's pieces, and the reserved gaps between them
		 * (---p of the same file), make one region. */
		if (last && last->end == m->start &&
		    (same_object(last->first, m) ||
		     (last->first->lib && m->path && strcmp(last->first->lib, m->path) == 0))) {
			last->end = m->end;
			last->rss += m->value[SM_RSS];
			last->count++;
			continue;
		}
		r[n++] = (struct region){ m->start, m->end, m->value[SM_RSS], m->segment, m, 1 };
	}
	*out = r;
	return n;
}

static const char *segment_color(enum segment s)
{
	switch (s) {
	case SEG_TEXT:
	case SEG_LIB_TEXT:
		return "\033[32m";
	case SEG_DATA:
	case SEG_BSS:
	case SEG_LIB_DATA:
	case SEG_RODATA:
	case SEG_LIB_RODATA:
		return "\033[34m";
	case SEG_HEAP:
		return "\033[33m";
	case SEG_STACK:
	case SEG_THREAD_STACK:
		return "\033[35m";
	case SEG_VDSO:
	case SEG_VVAR:
	case SEG_VSYSCALL:
		return "\033[36m";
	case SEG_GUARD:
		return "\033[2m";
	default:
		return NULL;
	}
}

static void put_label(struct sbuf *b, const struct tgroup *g, const struct region *r)
{
	const struct vma *m = r->first;

	if (r->segment == SEG_THREAD_STACK) {
		sbuf_puts(b, "thread stack");
		if (m->tid) {
			sbuf_printf(b, " %d", (int)m->tid);
			for (size_t i = 0; i < g->ntasks; i++)
				if (g->tasks[i].tid == m->tid && g->tasks[i].comm) {
					sbuf_puts(b, " (");
					utf8_escape(b, g->tasks[i].comm, strlen(g->tasks[i].comm), ESCAPE_TABLE);
					sbuf_puts(b, ")");
				}
		} else {
			sbuf_puts(b, " (thread unknown)");
		}
		return;
	}
	if (r->segment == SEG_STACK) {
		sbuf_puts(b, "main stack");
		return;
	}
	if (m->path)
		utf8_escape(b, m->path, strlen(m->path), ESCAPE_TABLE);
	else
		sbuf_puts(b, "[anon]");
	/* As -m says it: the file is not what the name now opens. */
	if (m->path && m->deleted)
		sbuf_puts(b, " (deleted)");
	if (r->count > 1)
		sbuf_printf(b, " (%u mappings)", r->count);
}

static void put_line(struct sbuf *b, unsigned long long start, unsigned long long size,
		     const char *rss, const char *segment, const char *color)
{
	struct sbuf sz = { 0 };

	format_size(&sz, size, false);
	sbuf_printf(b, "%16llx %8s %8s  ", start, sbuf_cstr(&sz), rss);
	if (color)
		sbuf_puts(b, color);
	sbuf_printf(b, "%-13s", segment);
	if (color)
		sbuf_puts(b, COLOR_RESET);
	sbuf_putc(b, ' ');
	sbuf_release(&sz);
}

/* The arguments and environment inside the main stack, top-down. */
static void put_stack_parts(struct sbuf *b, const struct tgroup *g)
{
	const struct mm_layout *ly = &g->layout;
	static const struct {
		enum layout_field start, end;
		const char *name;
	} parts[] = {
		{ LY_ENV_START, LY_ENV_END, "environment" },
		{ LY_ARG_START, LY_ARG_END, "arguments" },
	};

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		unsigned need = (1u << parts[i].start) | (1u << parts[i].end);

		if ((ly->known & need) != need)
			continue;
		put_line(b, ly->at[parts[i].start], ly->at[parts[i].end] - ly->at[parts[i].start],
			 "", "", NULL);
		sbuf_printf(b, "  %s\n", parts[i].name);
	}
}

int layout_print(FILE *out, const struct tgroup *g, bool color)
{
	struct region *r;
	size_t n = build_regions(g, &r);
	struct sbuf b = { 0 };
	int ret = 0;

	sbuf_printf(&b, "%16s %8s %8s  %-13s %s\n", "START", "SIZE", "RSS", "SEGMENT", "WHAT");
	for (size_t k = n; k-- > 0;) {
		const struct region *reg = &r[k];
		struct sbuf rss = { 0 };
		const char *seg = segment_name(reg->segment);

		format_size(&rss, reg->rss, false);
		if (reg->segment == SEG_LIB_DATA || reg->segment == SEG_LIB_RODATA ||
		    (reg->count > 1 && reg->first->lib))
			seg = "library";
		put_line(&b, reg->start, reg->end - reg->start, sbuf_cstr(&rss), seg,
			 color ? segment_color(reg->segment) : NULL);
		put_label(&b, g, reg);
		sbuf_putc(&b, '\n');
		sbuf_release(&rss);
		if (reg->segment == SEG_STACK)
			put_stack_parts(&b, g);
		if (k > 0 && reg->start - r[k - 1].end >= GAP_SHOWN) {
			struct sbuf gap = { 0 };

			format_size(&gap, reg->start - r[k - 1].end, false);
			sbuf_printf(&b, "%16s %8s %8s  %-13s (unmapped)\n", "...", sbuf_cstr(&gap), "", "gap");
			sbuf_release(&gap);
		}
		if (b.len > 64 * 1024) {
			if (fwrite(b.data, 1, b.len, out) != b.len)
				ret = -1;
			sbuf_reset(&b);
		}
	}
	if (ret == 0 && fwrite(b.data, 1, b.len, out) != b.len)
		ret = -1;
	sbuf_release(&b);
	free(r);
	return ret;
}
