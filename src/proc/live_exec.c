/* live_exec.c - where each thread executes: task/TID/syscall's last word
 * is the user-space instruction pointer the kernel saved when the thread
 * entered it, and the mapping and symbol table tell what code that is.
 * A thread on a CPU has none saved; a kernel thread none at all. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/exec_reasons.h"
#include "proc/live_exec.h"
#include "proc/live_maps.h"
#include "proc/parse_maps.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

static void describe(struct snapshot *snap, int pidfd, struct symbols *syms, struct task *t,
		     const struct vma *maps, size_t nmaps, struct sbuf *text)
{
	const struct vma *m;

	if (t->known & TF_BIT(TF_ON_CPU)) {
		t->exec_reason = EXEC_RUNNING;
		return;
	}
	if (!(t->known & TF_BIT(TF_SP)))
		return;   /* not read: the reason, if any, is set */
	if (t->pc == 0) {
		t->exec_reason = EXEC_NO_USER_CODE;
		return;
	}
	m = symbols_mapping_at(maps, nmaps, t->pc);
	if (!m) {
		t->exec_reason = EXEC_UNMAPPED;
		return;
	}
	sbuf_reset(text);
	symbols_describe(syms, pidfd, m, t->pc, text);
	t->exec = snapshot_strdup(snap, sbuf_cstr(text));
	t->exec_reason = EXEC_NOT_READ;
}

void live_exec_describe(struct snapshot *snap, int pidfd, struct symbols *syms, struct tgroup *g,
			const struct vma *maps, size_t nmaps)
{
	struct sbuf text = { 0 };

	for (size_t i = 0; i < g->ntasks; i++)
		describe(snap, pidfd, syms, &g->tasks[i], maps, nmaps, &text);
	describe(snap, pidfd, syms, &g->self, maps, nmaps, &text);
	sbuf_release(&text);
}

/* The mappings of the text in `b`, their paths copied into `paths` (the
 * vmas point into it once it stops growing: see fix_paths). */
static size_t parse_mappings(const struct buf *b, struct vma **out, struct sbuf *paths)
{
	struct vma *v = NULL;
	size_t n = 0, cap = 0;

	for (const char *p = b->data, *end = b->data + b->len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct maps_line ml;

		if (maps_parse_line(p, len, &ml) == 0 && (!n || ml.start >= v[n - 1].end)) {
			xgrow(&v, &cap, n + 1, sizeof(*v));
			v[n] = (struct vma){ .start = ml.start, .end = ml.end, .offset = ml.offset,
					     .inode = ml.inode, .dev_major = ml.dev_major,
					     .dev_minor = ml.dev_minor, .deleted = ml.deleted };
			memcpy(v[n].perms, ml.perms, sizeof(v[n].perms));
			if (ml.path) {
				/* The offset, until the pool has its final address. */
				v[n].path = (const char *)(uintptr_t)(paths->len + 1);
				sbuf_grow(paths, ml.path_len + 1);
				paths->len += maps_unescape_path(paths->data + paths->len, ml.path,
								 ml.path_len) + 1;
			}
			n++;
		}
		p = nl ? nl + 1 : end;
	}
	for (size_t i = 0; i < n; i++)
		if (v[i].path)
			v[i].path = paths->data + ((uintptr_t)v[i].path - 1);
	*out = v;
	return n;
}

static bool has_pc(const struct task *t)
{
	return (t->known & TF_BIT(TF_SP)) && t->pc;
}

/* The registers of g's threads and, when its threads were not read, of
 * the process itself; the process's are its leader's. */
static void read_registers(struct tgroup *g, int pidfd, struct buf *b)
{
	live_read_registers(pidfd, g, b, true);
	for (size_t i = 0; i < g->ntasks; i++) {
		const struct task *t = &g->tasks[i];

		if (t->tid == g->pid && !registers_read(&g->self)) {
			g->self.known |= t->known & (TF_BIT(TF_SP) | TF_BIT(TF_ON_CPU));
			g->self.stack_pointer = t->stack_pointer;
			g->self.pc = t->pc;
			g->self.exec_reason = t->exec_reason;
		}
	}
	if (!g->tasks_read && !registers_read(&g->self)) {
		int err = read_file_at(pidfd, "syscall", b);

		if (err == 0)
			task_take_registers(&g->self, b->data, b->len);
		else if (err == -EACCES || err == -EPERM)
			g->self.exec_reason = EXEC_DENIED;
	}
}

static void read_group_exec(struct snapshot *snap, int procfd, struct symbols *syms,
			    struct tgroup *g, struct buf *b)
{
	bool any = false;
	struct vma *maps = NULL;
	struct sbuf paths = { 0 };
	size_t nmaps = 0;
	char name[16];
	int pidfd, dirfd;

	if (g->is_kernel) {
		for (size_t i = 0; i < g->ntasks; i++)
			g->tasks[i].exec_reason = EXEC_NO_USER_CODE;
		g->self.exec_reason = EXEC_NO_USER_CODE;
		return;
	}
	snprintf(name, sizeof(name), "%d", (int)g->pid);
	/* Gone meanwhile: every read below fails, as a file of it would. */
	pidfd = openat(procfd, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
	read_registers(g, pidfd, b);
	any = has_pc(&g->self);
	for (size_t i = 0; i < g->ntasks && !any; i++)
		any = has_pc(&g->tasks[i]);
	dirfd = any ? live_open_mm_dir(pidfd, g) : -1;
	if (dirfd >= 0 && read_file_to_end_at(dirfd, "maps", b) == 0)
		nmaps = parse_mappings(b, &maps, &paths);
	live_exec_describe(snap, dirfd, syms, g, maps, nmaps);
	if (dirfd >= 0)
		close(dirfd);
	if (pidfd >= 0)
		close(pidfd);
	free(maps);
	sbuf_release(&paths);
}

void live_read_exec(struct snapshot *snap, int procfd, struct symbols *syms, struct buf *b)
{
	for (size_t i = 0; i < snap->ngroups; i++)
		read_group_exec(snap, procfd, syms, &snap->groups[i], b);
}
