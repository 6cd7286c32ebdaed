/* segments.c - what each mapping of an address space is for.
 *
 * From strongest evidence to weakest: the kernel's pseudo-names ([heap],
 * [stack], [vdso] ...), the mm layout from stat (start_code, start_brk),
 * the threads' stack pointers, then the shape of a mapping: its file,
 * permissions and neighbours. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/segments.h"
#include "util/xalloc.h"

/* The largest guard and stack of a thread stack found by its shape. */
enum { GUARD_MAX = 1 << 20 };
#define STACK_MAX (256ull << 20)

/* One table: each segment's name (text and JSON) and colour. */
static const struct {
	const char *name;
	enum segment_tint tint;
} segments[SEG_COUNT] = {
	[SEG_UNKNOWN] = { "unknown", TINT_NONE },
	[SEG_TEXT] = { "text", TINT_CODE },
	[SEG_RODATA] = { "rodata", TINT_DATA },
	[SEG_RELRO] = { "relro", TINT_DATA },
	[SEG_DATA] = { "data", TINT_DATA },
	[SEG_BSS] = { "bss", TINT_DATA },
	[SEG_HEAP] = { "heap", TINT_HEAP },
	[SEG_STACK] = { "stack", TINT_STACK },
	[SEG_THREAD_STACK] = { "thread-stack", TINT_STACK },
	[SEG_LIB_TEXT] = { "lib-text", TINT_CODE },
	[SEG_LIB_RODATA] = { "lib-rodata", TINT_DATA },
	[SEG_LIB_RELRO] = { "lib-relro", TINT_DATA },
	[SEG_LIB_DATA] = { "lib-data", TINT_DATA },
	[SEG_VDSO] = { "vdso", TINT_KERNEL },
	[SEG_VVAR] = { "vvar", TINT_KERNEL },
	[SEG_VSYSCALL] = { "vsyscall", TINT_KERNEL },
	[SEG_SHM] = { "shm", TINT_NONE },
	[SEG_FILE] = { "file", TINT_NONE },
	[SEG_ANON] = { "anon", TINT_NONE },
	[SEG_ANON_NAMED] = { "anon-named", TINT_NONE },
	[SEG_GUARD] = { "guard", TINT_DIM },
	[SEG_RESERVED] = { "reserved", TINT_DIM },
};

static const char *const layout_names[LY_COUNT] = {
	[LY_START_CODE] = "start_code",
	[LY_END_CODE] = "end_code",
	[LY_START_DATA] = "start_data",
	[LY_END_DATA] = "end_data",
	[LY_START_BRK] = "start_brk",
	[LY_BRK] = "brk",
	[LY_START_STACK] = "start_stack",
	[LY_ARG_START] = "arg_start",
	[LY_ARG_END] = "arg_end",
	[LY_ENV_START] = "env_start",
	[LY_ENV_END] = "env_end",
};

const char *segment_name(enum segment s)
{
	return s < SEG_COUNT ? segments[s].name : "unknown";
}

enum segment_tint segment_tint(enum segment s)
{
	return s < SEG_COUNT ? segments[s].tint : TINT_NONE;
}

const char *layout_field_name(enum layout_field f)
{
	return f < LY_COUNT ? layout_names[f] : "";
}

static bool starts_with(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool same_file(const struct vma *a, const struct vma *b)
{
	return a->path && b->path && a->inode == b->inode && a->dev_major == b->dev_major &&
	       a->dev_minor == b->dev_minor && strcmp(a->path, b->path) == 0;
}

/* The executable's mapping: the one holding start_code, else the lowest
 * executable file mapping (the program is mapped before any library). */
static const struct vma *find_exe(const struct tgroup *g)
{
	if (g->layout.known & (1u << LY_START_CODE)) {
		const struct vma *m = maps_find(g, g->layout.at[LY_START_CODE]);

		if (m && m->path)
			return m;
	}
	for (size_t i = 0; i < g->nmaps; i++)
		if (g->maps[i].path && g->maps[i].perms[2] == 'x' && g->maps[i].path[0] == '/')
			return &g->maps[i];
	return NULL;
}

/* The files this process maps executable, sorted: a shared object is
 * looked up once per mapping in O(log n), not by a scan of every one. */
struct code_files {
	const struct vma **v;
	size_t n;
};

static int cmp_file(const struct vma *a, const struct vma *b)
{
	if (a->dev_major != b->dev_major)
		return a->dev_major < b->dev_major ? -1 : 1;
	if (a->dev_minor != b->dev_minor)
		return a->dev_minor < b->dev_minor ? -1 : 1;
	if (a->inode != b->inode)
		return a->inode < b->inode ? -1 : 1;
	return strcmp(a->path, b->path);
}

static int cmp_file_ptr(const void *a, const void *b)
{
	return cmp_file(*(const struct vma *const *)a, *(const struct vma *const *)b);
}

static void code_files_of(const struct tgroup *g, struct code_files *cf)
{
	cf->v = xmalloc((g->nmaps + 1) * sizeof(*cf->v));
	cf->n = 0;
	for (size_t i = 0; i < g->nmaps; i++)
		if (g->maps[i].perms[2] == 'x' && g->maps[i].path)
			cf->v[cf->n++] = &g->maps[i];
	qsort(cf->v, cf->n, sizeof(*cf->v), cmp_file_ptr);
}

/* A file with an executable mapping in this process is a shared object. */
static bool is_code_file(const struct code_files *cf, const struct vma *m)
{
	return bsearch(&m, cf->v, cf->n, sizeof(*cf->v), cmp_file_ptr) != NULL;
}

static bool is_shm_path(const char *p)
{
	return starts_with(p, "/dev/shm/") || starts_with(p, "/memfd:") || starts_with(p, "/SYSV") ||
	       starts_with(p, "/dev/zero") || starts_with(p, "[anon_shmem:");
}

static bool no_access(const struct vma *m)
{
	return m->perms[0] == '-' && m->perms[1] == '-' && m->perms[2] == '-';
}

/* What the program headers say about the object mapped at `m`. */
static const struct elf_image *image_of(const struct tgroup *g, const struct vma *m)
{
	for (size_t i = 0; m->path && i < g->nimages; i++)
		if (g->images[i].inode == m->inode && g->images[i].dev_major == m->dev_major &&
		    g->images[i].dev_minor == m->dev_minor)
			return &g->images[i];
	return NULL;
}

static bool in_relro(const struct elf_image *im, const struct vma *m)
{
	return im && im->relro_end > im->relro_start && m->start >= im->relro_start &&
	       m->end <= im->relro_end;
}

/* The part of a file's mapping by its permissions: code, data, or read
 * only (RELRO when the program headers place it there). */
static enum segment by_kind(const struct tgroup *g, const struct vma *m, const enum segment kinds[4])
{
	if (m->perms[2] == 'x')
		return kinds[0];
	if (m->perms[1] == 'w')
		return kinds[3];
	return in_relro(image_of(g, m), m) ? kinds[2] : kinds[1];
}

static const enum segment exe_kinds[4] = { SEG_TEXT, SEG_RODATA, SEG_RELRO, SEG_DATA };
static const enum segment lib_kinds[4] = { SEG_LIB_TEXT, SEG_LIB_RODATA, SEG_LIB_RELRO, SEG_LIB_DATA };

static enum segment classify_named(const struct tgroup *g, const struct code_files *cf, struct vma *m,
				   const struct vma *exe)
{
	const char *p = m->path;

	if (strcmp(p, "[heap]") == 0)
		return SEG_HEAP;
	if (strcmp(p, "[stack]") == 0)
		return SEG_STACK;
	if (strcmp(p, "[vdso]") == 0)
		return SEG_VDSO;
	if (starts_with(p, "[vvar"))
		return SEG_VVAR;
	if (strcmp(p, "[vsyscall]") == 0)
		return SEG_VSYSCALL;
	if (starts_with(p, "[anon:"))
		return SEG_ANON_NAMED;
	/* The loader's gaps inside an object, held with no access. */
	if (no_access(m))
		return p[0] == '/' ? SEG_RESERVED : SEG_GUARD;
	/* Before shared memory: a program run from a memfd is a program. */
	if (exe && same_file(m, exe))
		return by_kind(g, m, exe_kinds);
	if (is_shm_path(p))
		return SEG_SHM;
	if (p[0] == '/' && is_code_file(cf, m)) {
		m->lib = p;
		return by_kind(g, m, lib_kinds);
	}
	return SEG_FILE;
}

/* Anonymous memory right after an object's writable mapping is its bss
 * when the program headers say the image reaches that far; unknown
 * headers leave the neighbour's word. */
static bool is_bss_of(const struct tgroup *g, const struct vma *prev, const struct vma *m)
{
	const struct elf_image *im;

	if (!prev || !prev->path || prev->end != m->start || prev->perms[1] != 'w')
		return false;
	im = image_of(g, prev);
	return !im || m->end <= im->image_end;
}

static enum segment classify_anon(const struct tgroup *g, size_t i, const struct vma *exe)
{
	struct vma *m = &g->maps[i];
	const struct vma *prev = i > 0 ? &g->maps[i - 1] : NULL;

	if (no_access(m))
		return m->end - m->start <= GUARD_MAX ? SEG_GUARD : SEG_RESERVED;
	if (m->perms[3] == 's')
		return SEG_SHM;
	if (is_bss_of(g, prev, m)) {
		if (exe && same_file(prev, exe))
			return SEG_BSS;
		if (prev->segment == SEG_LIB_DATA) {
			m->lib = prev->lib;
			return SEG_LIB_DATA;
		}
	}
	/* Without the program's headers, the mm's own word: between its
	 * data and its heap. */
	if (!(exe && image_of(g, exe)) && (g->layout.known & (1u << LY_END_DATA)) &&
	    (g->layout.known & (1u << LY_START_BRK)) &&
	    m->start >= g->layout.at[LY_END_DATA] && m->end <= g->layout.at[LY_START_BRK] &&
	    m->perms[1] == 'w')
		return SEG_BSS;
	/* glibc puts a thread's stack just above a small guard.  Runtimes
	 * that reserve address space (sanitizer shadows, JVM and Go heaps)
	 * make the same shape at other sizes, and a single-threaded
	 * process has no thread stacks at all. */
	if (prev && prev->end == m->start && prev->segment == SEG_GUARD && !prev->path &&
	    m->perms[0] == 'r' && m->perms[1] == 'w' && m->end - m->start <= STACK_MAX &&
	    !(g->tasks_read && g->ntasks < 2))
		return SEG_THREAD_STACK;
	return SEG_ANON;
}

/* Adds `tid` to the threads whose stack `m` is, in tid order. */
static void add_stack_tid(struct snapshot *snap, struct vma *m, pid_t tid)
{
	pid_t *tids = snapshot_alloc(snap, (m->ntids + 1) * sizeof(*tids));
	unsigned at = m->ntids;

	while (at > 0 && m->tids[at - 1] > tid)
		at--;
	if (at)
		memcpy(tids, m->tids, at * sizeof(*tids));
	tids[at] = tid;
	if (m->ntids > at)
		memcpy(tids + at + 1, m->tids + at, (m->ntids - at) * sizeof(*tids));
	m->ntids++;
	m->tids = tids;
}

static bool sp_known(const struct task *t)
{
	return t->known & TF_BIT(TF_SP);
}

/* Names the stack of every thread whose stack pointer is known; returns
 * how many threads have none (running, or not readable). */
static size_t place_stacks(struct snapshot *snap, struct tgroup *g)
{
	size_t unplaced = 0;

	for (size_t t = 0; t < g->ntasks; t++) {
		const struct task *task = &g->tasks[t];
		struct vma *m;

		if (!sp_known(task)) {
			unplaced++;
			continue;
		}
		m = maps_find(g, task->stack_pointer);
		if (!m || !(m->segment == SEG_ANON || m->segment == SEG_THREAD_STACK ||
			    m->segment == SEG_ANON_NAMED))
			continue;
		m->segment = SEG_THREAD_STACK;
		add_stack_tid(snap, m, task->tid);
	}
	return unplaced;
}

void maps_carry_stack(struct snapshot *snap, struct vma *m, pid_t tid)
{
	m->segment = SEG_THREAD_STACK;
	m->stack_last_seen = true;
	add_stack_tid(snap, m, tid);
}

void maps_classify(struct snapshot *snap, struct tgroup *g)
{
	const struct vma *exe = find_exe(g);
	struct code_files cf;
	size_t unplaced;

	code_files_of(g, &cf);
	for (size_t i = 0; i < g->nmaps; i++) {
		struct vma *m = &g->maps[i];

		m->tids = NULL;
		m->ntids = 0;
		m->stack_last_seen = false;
		m->lib = NULL;
		m->segment = m->path ? classify_named(g, &cf, m, exe) : classify_anon(g, i, exe);
		/* [stack] is the main thread's by the kernel's definition. */
		if (m->segment == SEG_STACK)
			add_stack_tid(snap, m, g->pid);
	}
	free(cf.v);
	unplaced = place_stacks(snap, g);
	/* A stack-shaped region no known stack pointer lies in is a thread
	 * stack only while some thread's stack is still unplaced; otherwise
	 * it is a sigaltstack, a copy inherited across fork, a buffer. */
	for (size_t i = 0; unplaced == 0 && i < g->nmaps; i++)
		if (g->maps[i].segment == SEG_THREAD_STACK && !g->maps[i].ntids)
			g->maps[i].segment = SEG_ANON;
}

static int cmp_tid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

void stack_owners_of(const struct tgroup *g, struct stack_owners *o)
{
	size_t n = 0;

	for (size_t i = 0; i < g->nmaps; i++)
		n += g->maps[i].ntids;
	o->tids = xmalloc((n + 1) * sizeof(*o->tids));
	o->n = 0;
	for (size_t i = 0; i < g->nmaps; i++)
		for (unsigned k = 0; k < g->maps[i].ntids; k++)
			o->tids[o->n++] = g->maps[i].tids[k];
	qsort(o->tids, o->n, sizeof(*o->tids), cmp_tid);
}

bool stack_owners_has(const struct stack_owners *o, pid_t tid)
{
	return bsearch(&tid, o->tids, o->n, sizeof(*o->tids), cmp_tid) != NULL;
}

void stack_owners_release(struct stack_owners *o)
{
	free(o->tids);
	*o = (struct stack_owners){ 0 };
}

bool maps_stack_found(const struct tgroup *g, pid_t tid)
{
	struct stack_owners o;
	bool found;

	stack_owners_of(g, &o);
	found = stack_owners_has(&o, tid);
	stack_owners_release(&o);
	return found;
}

struct vma *maps_find(const struct tgroup *g, unsigned long long addr)
{
	size_t lo = 0, hi = g->nmaps;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (addr < g->maps[mid].start)
			hi = mid;
		else if (addr >= g->maps[mid].end)
			lo = mid + 1;
		else
			return &g->maps[mid];
	}
	return NULL;
}
