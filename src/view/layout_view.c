/* layout_view.c - the lines of a process's address-space picture.
 *
 * Highest address first, as a textbook draws it: the kernel's half and
 * the non-canonical hole above user space, the main stack with the
 * arguments and environment the kernel placed in it, the libraries, the
 * heap up to brk, bss, data and text.  The mappings of one shared object
 * make one line; a gap of 64 KiB or more is a line that gives its size;
 * the addresses the mm_struct keeps (stat fields 26-28 and 45-51) are
 * marked where they fall, and so is each thread's instruction pointer
 * (the code it executes), as thread stacks are named after theirs. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "output/format.h"
#include "util/arena.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"
#include "view/layout_view.h"

enum { GAP_SHOWN = 64 * 1024 };

struct region {
	unsigned long long start, end, rss;
	enum segment segment;
	const struct vma *first;     /* for the label */
	unsigned count;              /* mappings grouped here */
};

/* The addresses marked in the picture, and what each one means. */
static const struct {
	enum layout_field field;
	const char *meaning;
} marks[] = {
	{ LY_START_STACK, "the main stack's top at exec; it grows down" },
	{ LY_BRK, "the heap's end; it grows up to here" },
	{ LY_START_BRK, "the heap begins" },
	{ LY_END_DATA, "the program's data ends" },
	{ LY_START_DATA, "the program's data begins" },
	{ LY_END_CODE, "the program's code ends" },
	{ LY_START_CODE, "the program's code begins" },
};

/* Where user space ends and the kernel's half begins; between them lie
 * addresses no page table can hold.  0 where the machine is not known. */
struct address_space_top {
	unsigned long long user_end, kernel_start;
};

static struct address_space_top space_top(const struct tgroup *g)
{
	unsigned long long highest_user = 0;

	for (size_t i = 0; i < g->nmaps; i++)
		if (g->maps[i].segment != SEG_VSYSCALL)
			highest_user = g->maps[i].end;
#if defined(__x86_64__)
	/* 4-level paging, or 5-level (LA57) once a mapping lies above. */
	if (highest_user > (1ull << 47))
		return (struct address_space_top){ 1ull << 56, 0xff00000000000000ull };
	return (struct address_space_top){ 1ull << 47, 0xffff800000000000ull };
#elif defined(__aarch64__)
	if (highest_user > (1ull << 48))
		return (struct address_space_top){ 1ull << 52, 0xfff0000000000000ull };
	return (struct address_space_top){ 1ull << 48, 0xffff000000000000ull };
#else
	(void)highest_user;
	return (struct address_space_top){ 0, 0 };
#endif
}

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
			last->rss += vma_value(m, SM_RSS);
			last->count++;
			continue;
		}
		r[n++] = (struct region){ m->start, m->end, vma_value(m, SM_RSS), m->segment, m, 1 };
	}
	*out = r;
	return n;
}

/* Where the lines go, and the text of the one being made. */
struct emitter {
	layout_emit *emit;
	void *ctx;
	struct sbuf what;
};

/* Gives `line` its WHAT, the text made so far, and emits it. */
static void emit_line(struct emitter *e, struct layout_line *line)
{
	line->what = e->what.len ? sbuf_cstr(&e->what) : "";
	e->emit(line, e->ctx);
	sbuf_reset(&e->what);
}

static void add_line(struct emitter *e, enum layout_line_kind kind, unsigned long long start,
		     unsigned long long size, const char *segment_text)
{
	struct layout_line line = { .kind = kind, .start = start, .size = size,
				    .segment = SEG_UNKNOWN, .segment_text = segment_text };

	emit_line(e, &line);
}

static void put_thread_name(struct sbuf *b, const struct tgroup *g, pid_t tid)
{
	for (size_t i = 0; i < g->ntasks; i++)
		if (g->tasks[i].tid == tid && g->tasks[i].comm) {
			sbuf_puts(b, " (");
			utf8_escape(b, g->tasks[i].comm, strlen(g->tasks[i].comm), ESCAPE_TABLE);
			sbuf_puts(b, ")");
		}
}

static void put_label(struct sbuf *b, const struct tgroup *g, const struct region *r)
{
	const struct vma *m = r->first;

	if (r->segment == SEG_THREAD_STACK) {
		sbuf_puts(b, m->ntids > 1 ? "thread stacks" : "thread stack");
		for (unsigned k = 0; k < m->ntids; k++) {
			sbuf_printf(b, "%s%d", k ? ", " : " ", (int)m->tids[k]);
			put_thread_name(b, g, m->tids[k]);
		}
		if (!m->ntids)
			sbuf_puts(b, " (thread unknown)");
		else if (m->stack_last_seen)
			sbuf_puts(b, " (last seen)");
		return;
	}
	if (r->segment == SEG_STACK) {
		sbuf_printf(b, "main stack %d", (int)g->pid);
		put_thread_name(b, g, g->pid);
		sbuf_puts(b, ", grows down");
		return;
	}
	if (r->segment == SEG_HEAP) {
		sbuf_puts(b, "[heap], grows up");
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

static bool known(const struct mm_layout *ly, enum layout_field f)
{
	return ly->known & (1u << f);
}

/* The arguments and environment in the main stack, then the marks. */
static const struct {
	enum layout_field start, end;
	const char *name;
} parts[] = {
	{ LY_ENV_START, LY_ENV_END, "environment" },
	{ LY_ARG_START, LY_ARG_END, "arguments" },
};

enum { NPARTS = sizeof(parts) / sizeof(parts[0]), NMARKS = sizeof(marks) / sizeof(marks[0]) };

struct inside {
	unsigned long long at;
	size_t index;                /* parts[index], marks[index - NPARTS], or
				      * g->tasks[index - NPARTS - NMARKS] executing */
};

static int by_address_down(const void *a, const void *b)
{
	const struct inside *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? 1 : -1;
	return (x->index > y->index) - (x->index < y->index);
}

/* "<- thread TID (name) executing: FILE FUNCTION": EXEC without the
 * offset, which the line's address already gives. */
static void put_executing(struct sbuf *what, const struct tgroup *g, const struct task *t)
{
	const char *x = t->exec, *plus = x ? strrchr(x, '+') : NULL;
	size_t len = x ? strlen(x) : 0;

	if (plus && strncmp(plus, "+0x", 3) == 0 && plus[3] &&
	    strspn(plus + 3, "0123456789abcdef") == strlen(plus + 3))
		len = (size_t)(plus - x);
	sbuf_printf(what, "<- thread %d", (int)t->tid);
	put_thread_name(what, g, t->tid);
	sbuf_puts(what, " executing");
	if (x) {
		sbuf_puts(what, ": ");
		utf8_escape(what, x, len, ESCAPE_TABLE);
	}
}

static bool executes_at(const struct task *t, unsigned long long lo, unsigned long long hi)
{
	return (t->known & TF_BIT(TF_SP)) && t->pc && t->pc >= lo && t->pc < hi;
}

/* The arguments, the environment, the marks and the threads executing in
 * [lo, hi), top-down. */
static void put_inside(struct emitter *e, const struct tgroup *g, unsigned long long lo,
		       unsigned long long hi)
{
	struct sbuf *what = &e->what;
	const struct mm_layout *ly = &g->layout;
	struct inside *in = xmalloc((NPARTS + NMARKS + g->ntasks) * sizeof(*in));
	size_t n = 0;

	for (size_t i = 0; i < NPARTS; i++)
		if (known(ly, parts[i].start) && known(ly, parts[i].end) &&
		    ly->at[parts[i].start] >= lo && ly->at[parts[i].start] < hi &&
		    ly->at[parts[i].end] >= ly->at[parts[i].start])
			in[n++] = (struct inside){ ly->at[parts[i].start], i };
	for (size_t i = 0; i < NMARKS; i++)
		if (known(ly, marks[i].field) && ly->at[marks[i].field] >= lo &&
		    ly->at[marks[i].field] < hi)
			in[n++] = (struct inside){ ly->at[marks[i].field], NPARTS + i };
	for (size_t i = 0; i < g->ntasks; i++)
		if (executes_at(&g->tasks[i], lo, hi))
			in[n++] = (struct inside){ g->tasks[i].pc, NPARTS + NMARKS + i };
	qsort(in, n, sizeof(in[0]), by_address_down);
	for (size_t k = 0; k < n; k++) {
		size_t i = in[k].index;

		if (i < NPARTS) {
			sbuf_puts(what, parts[i].name);
			add_line(e, LL_PART, in[k].at, ly->at[parts[i].end] - in[k].at, "");
		} else if (i < NPARTS + NMARKS) {
			sbuf_printf(what, "<- %s: %s", layout_field_name(marks[i - NPARTS].field),
				    marks[i - NPARTS].meaning);
			add_line(e, LL_MARK, in[k].at, 0, "");
		} else {
			put_executing(what, g, &g->tasks[i - NPARTS - NMARKS]);
			add_line(e, LL_MARK, in[k].at, 0, "");
		}
	}
	free(in);
}

/* Unmapped address space [lo, hi): the part in user space is a gap; past
 * it are the hole and the kernel's half.  Marks in it follow. */
static void put_unmapped(struct emitter *e, const struct tgroup *g,
			 const struct address_space_top *top, unsigned long long lo,
			 unsigned long long hi)
{
	struct sbuf *what = &e->what;
	if (top->user_end && hi > top->kernel_start) {
		unsigned long long from = lo > top->kernel_start ? lo : top->kernel_start;

		sbuf_puts(what, "(the kernel's half of the address space)");
		add_line(e, LL_BEYOND, from, hi - from, "kernel");
	}
	if (top->user_end && hi > top->user_end && lo < top->kernel_start) {
		unsigned long long from = lo > top->user_end ? lo : top->user_end;
		unsigned long long to = hi < top->kernel_start ? hi : top->kernel_start;

		sbuf_puts(what, "(non-canonical addresses: no page can be mapped here)");
		add_line(e, LL_BEYOND, from, to - from, "hole");
	}
	if (!top->user_end || lo < top->user_end) {
		unsigned long long to = top->user_end && hi > top->user_end ? top->user_end : hi;

		if (to - lo >= GAP_SHOWN) {
			sbuf_puts(what, "(unmapped)");
			add_line(e, LL_GAP, lo, to - lo, "gap");
		}
	}
	put_inside(e, g, lo, hi);
}

void layout_each(const struct tgroup *g, layout_emit *emit, void *ctx)
{
	struct region *r;
	size_t n = build_regions(g, &r);
	struct address_space_top top = space_top(g);
	struct emitter e = { emit, ctx, { 0 } };

	/* Above the highest mapping, to the end of the address space,
	 * unless that is [vsyscall], a page of the kernel's half itself. */
	if (n && top.user_end && r[n - 1].start < top.kernel_start)
		put_unmapped(&e, g, &top, r[n - 1].end, 0ull - 1);
	for (size_t k = n; k-- > 0;) {
		const struct region *reg = &r[k];
		const char *seg = segment_name(reg->segment);

		if (reg->segment == SEG_LIB_DATA || reg->segment == SEG_LIB_RODATA ||
		    reg->segment == SEG_LIB_RELRO || (reg->count > 1 && reg->first->lib))
			seg = "library";
		put_label(&e.what, g, reg);
		struct layout_line line = { .kind = LL_REGION, .start = reg->start,
					    .size = reg->end - reg->start, .rss = reg->rss,
					    .segment = reg->segment, .segment_text = seg };

		emit_line(&e, &line);
		put_inside(&e, g, reg->start, reg->end);
		put_unmapped(&e, g, &top, k > 0 ? r[k - 1].end : 0, reg->start);
	}
	sbuf_release(&e.what);
	free(r);
}

static void keep_line(const struct layout_line *line, void *ctx)
{
	struct layout_lines *l = ctx;

	xgrow(&l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n] = *line;
	if (*line->what)
		l->v[l->n].what = arena_strdup(l->text, line->what);
	l->n++;
}

void layout_build(struct layout_lines *l, const struct tgroup *g)
{
	*l = (struct layout_lines){ .text = arena_new() };
	layout_each(g, keep_line, l);
}

void layout_lines_release(struct layout_lines *l)
{
	arena_free(l->text);
	free(l->v);
	*l = (struct layout_lines){ 0 };
}
