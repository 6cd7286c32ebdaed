/* layout_view.h - a process's address space as a textbook draws it, top
 * down: one line per region, gap, and address the kernel's mm_struct
 * names.  The text picture (--layout) and the browser draw these lines. */
#ifndef LWPS_LAYOUT_VIEW_H
#define LWPS_LAYOUT_VIEW_H

#include <stddef.h>

#include "model/snapshot.h"
#include "util/arena.h"

enum layout_line_kind {
	LL_REGION,     /* mappings: one, or a shared object's pieces */
	LL_GAP,        /* unmapped user address space */
	LL_BEYOND,     /* past user space: the non-canonical hole, the kernel */
	LL_PART,       /* arguments or environment inside the main stack */
	LL_MARK,       /* an address the mm_struct keeps (start_brk, brk ...) */
};

struct layout_line {
	enum layout_line_kind kind;
	unsigned long long start, size;    /* size 0 for a mark */
	unsigned long long rss;            /* for a region */
	enum segment segment;              /* for a region: its colour */
	const char *segment_text;          /* the SEGMENT cell */
	const char *what;                  /* the WHAT cell, escaped for a table */
};

struct layout_lines {
	struct layout_line *v;
	size_t n, cap;
	struct arena *text;                /* the lines' strings: one free */
};

/* Gives each line of g's picture to emit(), highest address first; a
 * line's strings last until emit() returns.  Nothing is kept, so the
 * text picture of 60,000 mappings costs no more memory than the map. */
typedef void layout_emit(const struct layout_line *line, void *ctx);
void layout_each(const struct tgroup *g, layout_emit *emit, void *ctx);

/* The lines of g's picture, kept (the browser scrolls them). */
void layout_build(struct layout_lines *out, const struct tgroup *g);
void layout_lines_release(struct layout_lines *l);

#endif
