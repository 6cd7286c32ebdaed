/* live_maps.c - read a process's address space: smaps, the mm layout from
 * stat, and each blocked thread's stack pointer from task/TID/syscall.
 *
 * smaps of a large process runs to tens of megabytes, so it is read in
 * chunks and parsed one complete block at a time: memory stays at a chunk
 * plus the mappings themselves. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/exec_reasons.h"
#include "model/segments.h"
#include "proc/elf_image.h"
#include "proc/live_exec.h"
#include "proc/live_maps.h"
#include "proc/parse_maps.h"
#include "proc/parse_stat.h"
#include "proc/parse_syscall.h"
#include "proc/readfile.h"
#include "proc/scan.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

enum { CHUNK = 256 * 1024 };

enum { VMFLAGS_KEPT = 64 };

struct maps_ctx {
	struct snapshot *snap;
	struct tgroup *g;
	/* Few distinct VmFlags lines among thousands of mappings: each is
	 * kept once. */
	const char *vmflags[VMFLAGS_KEPT];
	unsigned nvmflags;
};

static const char *kept_vmflags(struct maps_ctx *c, const char *f, size_t len)
{
	const char *s;

	for (unsigned i = 0; i < c->nvmflags; i++)
		if (strncmp(c->vmflags[i], f, len) == 0 && c->vmflags[i][len] == '\0')
			return c->vmflags[i];
	s = snapshot_strndup(c->snap, f, len);
	if (c->nvmflags < VMFLAGS_KEPT)
		c->vmflags[c->nvmflags++] = s;
	return s;
}

/* The lines of a newer kernel, copied: keys and values as written, and
 * the size when the value is "N kB". */
static void keep_extra(struct maps_ctx *c, struct vma *m, const struct smaps_entry *e)
{
	struct smaps_extra *x = snapshot_alloc(c->snap, e->nextra * sizeof(*x));

	for (unsigned i = 0; i < e->nextra; i++) {
		struct scan sc;
		unsigned long long kb;

		x[i] = (struct smaps_extra){
			.key = snapshot_strndup(c->snap, e->extra[i].key, e->extra[i].key_len),
			.text = snapshot_strndup(c->snap, e->extra[i].text, e->extra[i].text_len),
		};
		size_t len = e->extra[i].text_len;

		/* "N kB": the number, then exactly " kB" at the end. */
		scan_init(&sc, e->extra[i].text, len > 3 ? len - 3 : 0);
		if (len > 3 && memcmp(e->extra[i].text + len - 3, " kB", 3) == 0 &&
		    scan_ull(&sc, &kb) == 0 && scan_at_eol(&sc) && kb <= ~0ull / 1024) {
			x[i].bytes = kb * 1024;
			x[i].is_size = true;
		}
	}
	m->extra = x;
	m->nextra = (unsigned char)e->nextra;   /* at most SMAPS_EXTRA_MAX */
}

static int add_mapping(const struct smaps_entry *e, void *ctx)
{
	struct maps_ctx *c = ctx;

	/* smaps comes in several read()s and the process may map and unmap
	 * in between: a mapping that overlaps those already read is newer
	 * and replaces them, so the list stays sorted and disjoint (a saved
	 * snapshot that was not would not load: "mappings overlap"). */
	while (c->g->nmaps && c->g->maps[c->g->nmaps - 1].end > e->map.start)
		c->g->nmaps--;
	struct vma *m = tgroup_add_vma(c->g);

	m->start = e->map.start;
	m->end = e->map.end;
	m->offset = e->map.offset;
	m->inode = e->map.inode;
	m->dev_major = e->map.dev_major;
	m->dev_minor = e->map.dev_minor;
	memcpy(m->perms, e->map.perms, sizeof(m->perms));
	m->deleted = e->map.deleted;
	if (e->map.path) {
		char *p = snapshot_alloc(c->snap, e->map.path_len + 1);

		maps_unescape_path(p, e->map.path, e->map.path_len);
		m->path = p;
		m->path_ambiguous = memmem(e->map.path, e->map.path_len, "\\012", 4) != NULL;
	}
	vma_set_values(c->snap, m, e->value);
	m->have = e->have;
	m->thp_eligible = (signed char)e->thp_eligible;
	m->vmflags = e->vmflags ? kept_vmflags(c, e->vmflags, e->vmflags_len) : NULL;
	if (e->nextra)
		keep_extra(c, m, e);
	return 0;
}

/* The start of the last header line in buf[0..len), or 0: everything
 * before it is a run of complete blocks. */
static size_t last_block_start(const char *buf, size_t len)
{
	for (size_t i = len; i > 1; i--) {
		char c = buf[i - 1];

		if (buf[i - 2] == '\n' && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return i - 1;
	}
	return 0;
}

static int read_smaps(struct snapshot *snap, int mmfd, struct tgroup *g)
{
	struct maps_ctx ctx = { .snap = snap, .g = g };
	struct buf b = { 0 };
	int fd, err = 0;

	fd = openat(mmfd, "smaps", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	xgrow(&b.data, &b.cap, CHUNK + 1, 1);
	for (;;) {
		if (b.cap - b.len < CHUNK / 4)
			xgrow(&b.data, &b.cap, b.len + CHUNK + 1, 1);
		ssize_t n = read(fd, b.data + b.len, b.cap - b.len - 1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			break;
		}
		if (n == 0) {
			if (b.len)
				err = smaps_parse(b.data, b.len, add_mapping, &ctx);
			break;
		}
		b.len += (size_t)n;
		/* The kernel hands out a page or so per read(): gather a good
		 * run of blocks before looking for where the last one starts. */
		if (b.len < CHUNK / 2)
			continue;
		size_t cut = last_block_start(b.data, b.len);

		if (cut == 0)
			continue;   /* one block so far: read more */
		err = smaps_parse(b.data, cut, add_mapping, &ctx);
		if (err)
			break;
		memmove(b.data, b.data + cut, b.len - cut);
		b.len -= cut;
	}
	close(fd);
	buf_release(&b);
	return err;
}

static void read_layout(int mmfd, struct tgroup *g, struct buf *b)
{
	struct stat_fields sf;
	struct mm_layout *ly = &g->layout;

	memset(ly, 0, sizeof(*ly));
	if (read_file_at(mmfd, "stat", b) < 0 || stat_parse(b->data, b->len, &sf) < 0)
		return;
	const unsigned long long at[LY_COUNT] = {
		[LY_START_CODE] = sf.startcode, [LY_END_CODE] = sf.endcode,
		[LY_START_DATA] = sf.start_data, [LY_END_DATA] = sf.end_data,
		[LY_START_BRK] = sf.start_brk, [LY_START_STACK] = sf.startstack,
		[LY_ARG_START] = sf.arg_start, [LY_ARG_END] = sf.arg_end,
		[LY_ENV_START] = sf.env_start, [LY_ENV_END] = sf.env_end,
	};
	/* The kernel prints 0 (or 1, for start_code and end_code) for what it
	 * will not show us: no real address is that low, so it is unknown. */
	for (int f = 0; f < LY_COUNT; f++)
		if (at[f] > 1) {
			ly->at[f] = at[f];
			ly->known |= 1u << f;
		}
	/* The current break is the end of [heap]; without a heap, start_brk. */
	for (size_t i = 0; i < g->nmaps; i++)
		if (g->maps[i].path && strcmp(g->maps[i].path, "[heap]") == 0) {
			ly->at[LY_BRK] = g->maps[i].end;
			ly->known |= 1u << LY_BRK;
		}
	if (!(ly->known & (1u << LY_BRK)) && (ly->known & (1u << LY_START_BRK))) {
		ly->at[LY_BRK] = ly->at[LY_START_BRK];
		ly->known |= 1u << LY_BRK;
	}
}

void task_take_registers(struct task *t, const char *text, size_t len)
{
	struct syscall_fields sf;

	if (syscall_parse(text, len, &sf) < 0)
		return;
	if (sf.running) {
		t->known |= TF_BIT(TF_ON_CPU);
	} else {
		t->stack_pointer = sf.sp;
		t->pc = sf.pc;
		t->known |= TF_BIT(TF_SP);
	}
}

void live_read_registers(int pidfd, struct tgroup *g, struct buf *b, bool note_denied)
{
	char path[48];

	for (size_t i = 0; i < g->ntasks; i++) {
		struct task *t = &g->tasks[i];

		/* Read with its SYSCALL in the scan: that PC goes with it. */
		if (registers_read(t))
			continue;
		snprintf(path, sizeof(path), "task/%d/syscall", (int)t->tid);
		int err = read_file_at(pidfd, path, b);

		if (err == 0)
			task_take_registers(t, b->data, b->len);
		else if (note_denied && (err == -EACCES || err == -EPERM))
			t->exec_reason = EXEC_DENIED;
	}
}

/* Where map_files may be read (CAP_SYS_ADMIN), a file's true name: smaps
 * writes a newline as "\012" and nothing else, and appends " (deleted)"
 * to a deleted file's name and to none other.  Elsewhere a name with
 * "\012" keeps the kernel's text and is marked ambiguous. */
static void true_names(struct snapshot *snap, int mmfd, struct tgroup *g)
{
	char name[64], target[PATH_MAX];
	struct stat st;

	for (size_t i = 0; i < g->nmaps; i++) {
		struct vma *m = &g->maps[i];
		ssize_t n;

		if (!m->path || m->path[0] != '/' || (!m->deleted && !m->path_ambiguous))
			continue;
		snprintf(name, sizeof(name), "map_files/%llx-%llx", m->start, m->end);
		n = readlinkat(mmfd, name, target, sizeof(target));
		if (n > 0 && (size_t)n < sizeof(target) && fstatat(mmfd, name, &st, 0) == 0) {
			m->deleted = st.st_nlink == 0;
			if (m->deleted && n > 10 && memcmp(target + n - 10, " (deleted)", 10) == 0)
				n -= 10;
			m->path = snapshot_strndup(snap, target, (size_t)n);
			m->path_ambiguous = false;
		} else if (m->path_ambiguous) {
			struct sbuf raw = { 0 };

			for (const char *p = m->path; *p; p++)
				if (*p == '\n')
					sbuf_puts(&raw, "\\012");
				else
					sbuf_putc(&raw, *p);
			m->path = snapshot_strdup(snap, sbuf_cstr(&raw));
			sbuf_release(&raw);
		}
	}
}

int live_open_mm_dir(int pidfd, const struct tgroup *g)
{
	char path[32];
	int fd;

	if (!g->mm_tid) {
		fd = fcntl(pidfd, F_DUPFD_CLOEXEC, 0);
		return fd < 0 ? -errno : fd;
	}
	snprintf(path, sizeof(path), "task/%d", (int)g->mm_tid);
	fd = openat(pidfd, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int live_read_maps(struct snapshot *snap, int procfd, struct stack_memory *stacks,
		   struct elf_cache *elves, struct symbols *syms, struct tgroup *g)
{
	struct buf b = { 0 };
	char path[16];
	int pidfd, mmfd, err;

	snprintf(path, sizeof(path), "%d", (int)g->pid);
	pidfd = openat(procfd, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (pidfd < 0) {
		err = -errno;
		goto out;
	}
	mmfd = live_open_mm_dir(pidfd, g);
	err = mmfd < 0 ? mmfd : read_smaps(snap, mmfd, g);
	if (err == 0) {
		read_layout(mmfd, g, &b);
		true_names(snap, mmfd, g);
		live_read_registers(pidfd, g, &b, false);
		if (syms)
			live_exec_describe(snap, mmfd, syms, g, g->maps, g->nmaps);
		elf_read_images(snap, pidfd, g, snap->host.page_size, elves);
		maps_classify(snap, g);
		if (stacks)
			stack_memory_update(stacks, snap, g);
	}
	if (mmfd >= 0)
		close(mmfd);
	close(pidfd);
out:
	g->maps_read = err == 0;
	g->maps_err = err;
	buf_release(&b);
	return err;
}
