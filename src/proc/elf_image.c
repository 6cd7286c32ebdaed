/* elf_image.c - where each mapped ELF object's memory image ends and
 * which part of it is RELRO, from its program headers.
 *
 * The mappings alone cannot tell a library's bss from the anonymous
 * memory the kernel placed after it, nor its RELRO from its read-only
 * data: p_memsz and PT_GNU_RELRO can.  The file is opened through
 * map_files (the very file mapped, but only for CAP_SYS_ADMIN), else
 * through the process's root, and kept only when its inode is the
 * mapping's.  What the headers say is kept across refreshes (elf_cache.h):
 * a file unchanged since is only stat'ed. */
#include "config.h"

#include <elf.h>
#include <endian.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc/elf_image.h"
#include "util/xalloc.h"

/* More program headers than any linker writes: a hostile file's count
 * is not trusted. */
enum { PHDR_MAX = 256 };

/* The few program header fields used, whatever the ELF class. */
struct phdr {
	unsigned type;
	unsigned long long offset, vaddr, filesz, memsz;
};

#if __BYTE_ORDER == __LITTLE_ENDIAN
#define HOST_DATA ELFDATA2LSB
#else
#define HOST_DATA ELFDATA2MSB
#endif

static bool full_pread(int fd, void *buf, size_t len, off_t at)
{
	ssize_t n = pread(fd, buf, len, at);

	return n >= 0 && (size_t)n == len;
}

/* One function per ELF class, alike but for the types. */
#define DEFINE_READ_PHDRS(name, Ehdr, Phdr)                                              \
	static int name(int fd, struct phdr *out)                                         \
	{                                                                                 \
		Ehdr eh;                                                                  \
		Phdr ph[PHDR_MAX];                                                        \
                                                                                          \
		if (!full_pread(fd, &eh, sizeof(eh), 0) || eh.e_phentsize != sizeof(Phdr) || \
		    eh.e_phnum > PHDR_MAX ||                                              \
		    !full_pread(fd, ph, eh.e_phnum * sizeof(Phdr), (off_t)eh.e_phoff))    \
			return -1;                                                        \
		for (unsigned i = 0; i < eh.e_phnum; i++)                                 \
			out[i] = (struct phdr){ ph[i].p_type, ph[i].p_offset, ph[i].p_vaddr,  \
						ph[i].p_filesz, ph[i].p_memsz };          \
		return eh.e_phnum;                                                        \
	}

DEFINE_READ_PHDRS(read_phdrs64, Elf64_Ehdr, Elf64_Phdr)
DEFINE_READ_PHDRS(read_phdrs32, Elf32_Ehdr, Elf32_Phdr)

/* Reads up to PHDR_MAX program headers; returns how many, or -1. */
static int read_phdrs(int fd, struct phdr *out)
{
	unsigned char ident[EI_NIDENT];

	if (!full_pread(fd, ident, sizeof(ident), 0) || memcmp(ident, ELFMAG, SELFMAG) != 0 ||
	    ident[EI_DATA] != HOST_DATA)
		return -1;
	if (ident[EI_CLASS] == ELFCLASS64)
		return read_phdrs64(fd, out);
	if (ident[EI_CLASS] == ELFCLASS32)
		return read_phdrs32(fd, out);
	return -1;
}

/* Whether `st` is the regular file mapped at `m`. */
static bool is_mapped_file(const struct stat *st, const struct vma *m)
{
	return S_ISREG(st->st_mode) && (unsigned long long)st->st_ino == m->inode;
}

/* The name, under the process's /proc directory, of the file mapped at
 * `m`, and its stat: map_files when allowed, else the path under the
 * process's root; NULL when neither is that file.  The caller frees it. */
static char *find_mapped(int pidfd, const struct vma *m, struct stat *st)
{
	char *name = xmalloc(64);
	size_t len;

	snprintf(name, 64, "map_files/%llx-%llx", m->start, m->end);
	if (fstatat(pidfd, name, st, 0) == 0 && is_mapped_file(st, m))
		return name;
	free(name);
	if (m->deleted)
		return NULL;
	len = strlen(m->path);
	name = xmalloc(len + 5);
	memcpy(name, "root", 4);
	memcpy(name + 4, m->path, len + 1);
	if (fstatat(pidfd, name, st, 0) == 0 && is_mapped_file(st, m))
		return name;
	free(name);
	return NULL;
}

int elf_open_mapped(int pidfd, const struct vma *m)
{
	struct stat st, now;
	char *name = find_mapped(pidfd, m, &st);
	int fd;

	if (!name)
		return -1;
	fd = openat(pidfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	free(name);
	/* The same file still: not one put in its place meanwhile. */
	if (fd >= 0 && (fstat(fd, &now) != 0 || !is_mapped_file(&now, m) || now.st_ino != st.st_ino)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static unsigned long long page_down(unsigned long long a, unsigned long long page)
{
	return a & ~(page - 1);
}

/* What placing needs of `n` program headers (none when n <= 0): the
 * lowest PT_LOAD, where the last one ends, the (last) PT_GNU_RELRO. */
static void shape_of(const struct phdr *ph, int n, struct elf_shape *s)
{
	const struct phdr *load0 = NULL;

	*s = (struct elf_shape){ .ok = false };
	for (int i = 0; i < n; i++) {
		if (ph[i].type == PT_GNU_RELRO) {
			s->relro = true;
			s->relro_vaddr = ph[i].vaddr;
			s->relro_memsz = ph[i].memsz;
		}
		if (ph[i].type != PT_LOAD)
			continue;
		if (!load0 || ph[i].vaddr < load0->vaddr)
			load0 = &ph[i];
		if (ph[i].vaddr + ph[i].memsz > s->end)
			s->end = ph[i].vaddr + ph[i].memsz;
	}
	if (load0) {
		s->ok = true;
		s->load_offset = load0->offset;
		s->load_vaddr = load0->vaddr;
	}
}

/* What the program headers of the file `name` say, and the file as it
 * was read (the one a stat found may have been replaced since): false
 * when it is not the file mapped at `m`. */
static bool read_shape(int pidfd, const char *name, const struct vma *m, struct elf_shape *s,
		       struct elf_file *read)
{
	struct phdr ph[PHDR_MAX];
	struct stat st;
	int fd = openat(pidfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK), n;

	*s = (struct elf_shape){ .ok = false };
	if (fd < 0)
		return true;   /* not readable: nothing to place, until it changes */
	if (fstat(fd, &st) != 0 || !is_mapped_file(&st, m)) {
		close(fd);
		return false;
	}
	elf_file_of(&st, read);
	n = read_phdrs(fd, ph);
	close(fd);
	shape_of(ph, n, s);
	return true;
}

/* Places the object where `first` (its mapping at the lowest address)
 * shows it is loaded.  False when its headers do not fit there. */
static bool place(const struct elf_shape *s, const struct vma *first, unsigned long long page,
		  struct elf_image *im)
{
	unsigned long long bias;

	if (!s->ok || page_down(s->load_offset, page) != first->offset)
		return false;
	bias = first->start - page_down(s->load_vaddr, page);
	im->image_end = page_down(bias + s->end + page - 1, page);
	if (s->relro) {
		/* As the dynamic loader protects it: both ends down. */
		im->relro_start = page_down(bias + s->relro_vaddr, page);
		im->relro_end = page_down(bias + s->relro_vaddr + s->relro_memsz, page);
	}
	return true;
}

static bool is_object(const struct tgroup *g, const struct vma *m)
{
	if (!m->path || m->path[0] != '/')
		return false;
	if ((g->layout.known & (1u << LY_START_CODE)) && g->layout.at[LY_START_CODE] >= m->start &&
	    g->layout.at[LY_START_CODE] < m->end)
		return true;
	return m->perms[2] == 'x';
}

static bool same_inode(const struct vma *a, const struct vma *b)
{
	return a->inode == b->inode && a->dev_major == b->dev_major && a->dev_minor == b->dev_minor;
}

/* What the headers of the file mapped at `first` say: kept from an
 * earlier refresh when the file is unchanged, else read (and kept).
 * False when the file cannot be found. */
static bool shape_for(int pidfd, const struct vma *first, struct elf_cache *elves,
		      struct elf_shape *s)
{
	struct stat st;
	struct elf_file seen, read;
	const struct elf_shape *kept;
	char *name = find_mapped(pidfd, first, &st);
	bool found;

	if (!name)
		return false;
	elf_file_of(&st, &seen);
	kept = elves ? elf_cache_find(elves, &seen) : NULL;
	if (kept)
		*s = *kept;
	read = seen;
	found = kept || read_shape(pidfd, name, first, s, &read);
	free(name);
	/* Kept under the file as read, which a later stat must match. */
	if (found && !kept && elves)
		elf_cache_put(elves, &read, s);
	return found;
}

void elf_read_images(struct snapshot *snap, int pidfd, struct tgroup *g, long page_size,
		     struct elf_cache *elves)
{
	struct elf_image *images = NULL;
	size_t n = 0, cap = 0;
	struct elf_shape shape;
	unsigned long long page = page_size > 0 ? (unsigned long long)page_size : 4096;

	for (size_t i = 0; i < g->nmaps; i++) {
		const struct vma *x = &g->maps[i], *first = NULL;
		bool seen = false;

		if (!is_object(g, x))
			continue;
		for (size_t k = 0; k < n && !seen; k++)
			seen = images[k].inode == x->inode && images[k].dev_major == x->dev_major &&
			       images[k].dev_minor == x->dev_minor;
		/* The object's lowest mapping holds its first PT_LOAD; the
		 * same file mapped twice is placed by the copy below x. */
		for (size_t k = i + 1; k-- > 0 && !seen;) {
			if (!same_inode(&g->maps[k], x))
				break;
			first = &g->maps[k];
		}
		if (seen || !first || !shape_for(pidfd, first, elves, &shape))
			continue;
		struct elf_image im = { x->inode, x->dev_major, x->dev_minor, 0, 0, 0 };

		if (!place(&shape, first, page, &im))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			images = xrealloc(images, cap * sizeof(*images));
		}
		images[n++] = im;
	}
	g->images = NULL;
	g->nimages = n;
	if (n) {
		struct elf_image *kept = snapshot_alloc(snap, n * sizeof(*kept));

		memcpy(kept, images, n * sizeof(*kept));
		g->images = kept;
	}
	free(images);
}
