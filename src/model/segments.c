/* segments.c - what each mapping of an address space is for.
 *
 * From strongest evidence to weakest: the kernel's pseudo-names ([heap],
 * [stack], [vdso] ...), the mm layout from stat (start_code, start_brk),
 * the threads' stack pointers, then the shape of a mapping: its file,
 * permissions and neighbours. */
#include "config.h"

#include <string.h>

#include "model/segments.h"

/* The largest guard and stack of a thread stack found by its shape. */
enum { GUARD_MAX = 1 << 20 };
#define STACK_MAX (256ull << 20)

static const char *const segment_names[SEG_COUNT] = {
	[SEG_UNKNOWN] = "unknown",
	[SEG_TEXT] = "text",
	[SEG_RODATA] = "rodata",
	[SEG_DATA] = "data",
	[SEG_BSS] = "bss",
	[SEG_HEAP] = "heap",
	[SEG_STACK] = "stack",
	[SEG_THREAD_STACK] = "thread-stack",
	[SEG_LIB_TEXT] = "lib-text",
	[SEG_LIB_RODATA] = "lib-rodata",
	[SEG_LIB_DATA] = "lib-data",
	[SEG_VDSO] = "vdso",
	[SEG_VVAR] = "vvar",
	[SEG_VSYSCALL] = "vsyscall",
	[SEG_SHM] = "shm",
	[SEG_FILE] = "file",
	[SEG_ANON] = "anon",
	[SEG_ANON_NAMED] = "anon-named",
	[SEG_GUARD] = "guard",
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
	return s < SEG_COUNT ? segment_names[s] : "unknown";
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

static const struct vma *find_vma(const struct tgroup *g, unsigned long long addr)
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

/* The executable's mapping: the one holding start_code, else the lowest
 * executable file mapping (the program is mapped before any library). */
static const struct vma *find_exe(const struct tgroup *g)
{
	if (g->layout.known & (1u << LY_START_CODE)) {
		const struct vma *m = find_vma(g, g->layout.at[LY_START_CODE]);

		if (m && m->path)
			return m;
	}
	for (size_t i = 0; i < g->nmaps; i++)
		if (g->maps[i].path && g->maps[i].perms[2] == 'x' && g->maps[i].path[0] == '/')
			return &g->maps[i];
	return NULL;
}

/* A file with an executable mapping in this process is a shared object. */
static bool is_code_file(const struct tgroup *g, const struct vma *m)
{
	for (size_t i = 0; i < g->nmaps; i++)
		if (g->maps[i].perms[2] == 'x' && same_file(&g->maps[i], m))
			return true;
	return false;
}

static bool is_shm_path(const char *p)
{
	return starts_with(p, "/dev/shm/") || starts_with(p, "/memfd:") || starts_with(p, "/SYSV") ||
	       starts_with(p, "/dev/zero") || starts_with(p, "[anon_shmem:");
}

static enum segment by_kind(char perm, enum segment text, enum segment rodata, enum segment data)
{
	return perm == 'x' ? text : perm == 'w' ? data : rodata;
}

static enum segment classify_named(const struct tgroup *g, struct vma *m, const struct vma *exe)
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
	if (is_shm_path(p))
		return SEG_SHM;
	if (m->perms[0] == '-' && m->perms[1] == '-' && m->perms[2] == '-')
		return SEG_GUARD;
	char perm = m->perms[2] == 'x' ? 'x' : m->perms[1] == 'w' ? 'w' : 'r';

	if (exe && same_file(m, exe))
		return by_kind(perm, SEG_TEXT, SEG_RODATA, SEG_DATA);
	if (p[0] == '/' && is_code_file(g, m)) {
		m->lib = p;
		return by_kind(perm, SEG_LIB_TEXT, SEG_LIB_RODATA, SEG_LIB_DATA);
	}
	return SEG_FILE;
}

static enum segment classify_anon(const struct tgroup *g, size_t i, const struct vma *exe)
{
	struct vma *m = &g->maps[i];
	const struct vma *prev = i > 0 ? &g->maps[i - 1] : NULL;

	if (m->perms[0] == '-' && m->perms[1] == '-' && m->perms[2] == '-')
		return SEG_GUARD;
	if (m->perms[3] == 's')
		return SEG_SHM;
	/* Zeroed data right after a file's data mapping is its bss. */
	if (prev && prev->path && prev->end == m->start && prev->perms[1] == 'w') {
		if (exe && same_file(prev, exe))
			return SEG_BSS;
		if (prev->segment == SEG_LIB_DATA) {
			m->lib = prev->lib;
			return SEG_LIB_DATA;
		}
	}
	if ((g->layout.known & (1u << LY_END_DATA)) && (g->layout.known & (1u << LY_START_BRK)) &&
	    m->start >= g->layout.at[LY_END_DATA] && m->end <= g->layout.at[LY_START_BRK] &&
	    m->perms[1] == 'w')
		return SEG_BSS;
	/* glibc puts a thread's stack just above a small guard.  Runtimes
	 * that reserve address space (sanitizer shadows, JVM and Go heaps)
	 * make the same shape at other sizes, and a single-threaded
	 * process has no thread stacks at all. */
	if (prev && prev->end == m->start && prev->segment == SEG_GUARD && !prev->path &&
	    m->perms[0] == 'r' && m->perms[1] == 'w' && prev->end - prev->start <= GUARD_MAX &&
	    m->end - m->start <= STACK_MAX && !(g->tasks_read && g->ntasks < 2))
		return SEG_THREAD_STACK;
	return SEG_ANON;
}

void maps_classify(struct tgroup *g)
{
	const struct vma *exe = find_exe(g);

	for (size_t i = 0; i < g->nmaps; i++) {
		struct vma *m = &g->maps[i];

		m->tid = 0;
		m->lib = NULL;
		m->segment = m->path ? classify_named(g, m, exe) : classify_anon(g, i, exe);
	}
	/* A blocked thread's stack pointer names its stack for certain. */
	for (size_t t = 0; t < g->ntasks; t++) {
		const struct task *task = &g->tasks[t];
		struct vma *m;

		if (!(task->known & TF_BIT(TF_SP)))
			continue;
		m = (struct vma *)find_vma(g, task->stack_pointer);
		if (!m || m->segment == SEG_STACK)
			continue;
		if (m->segment == SEG_ANON || m->segment == SEG_THREAD_STACK || m->segment == SEG_ANON_NAMED) {
			m->segment = SEG_THREAD_STACK;
			m->tid = task->tid;
		}
	}
}
