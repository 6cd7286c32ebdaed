/* elf_image.c - where each mapped ELF object's memory image ends and
 * which part of it is RELRO, from its program headers.
 *
 * The mappings alone cannot tell a library's bss from the anonymous
 * memory the kernel placed after it, nor its RELRO from its read-only
 * data: p_memsz and PT_GNU_RELRO can.  The file is opened through
 * map_files (the very file mapped, but only for CAP_SYS_ADMIN), else
 * through the process's root, and kept only when its inode is the
 * mapping's. */
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

int elf_open_mapped(int pidfd, const struct vma *m)
{
	char name[64];
	int fd;
	struct stat st;

	snprintf(name, sizeof(name), "map_files/%llx-%llx", m->start, m->end);
	fd = openat(pidfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && !m->deleted) {
		size_t len = strlen(m->path);
		char *rooted = xmalloc(len + 5);

		memcpy(rooted, "root", 4);
		memcpy(rooted + 4, m->path, len + 1);
		fd = openat(pidfd, rooted, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
		free(rooted);
	}
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (unsigned long long)st.st_ino != m->inode) {
		close(fd);
		return -1;
	}
	return fd;
}

static unsigned long long page_down(unsigned long long a, unsigned long long page)
{
	return a & ~(page - 1);
}

/* Places the headers where `first` (the object's mapping at the lowest
 * address) shows it is loaded.  False when they do not fit. */
static bool place(const struct phdr *ph, int n, const struct vma *first, unsigned long long page,
		  struct elf_image *im)
{
	const struct phdr *load0 = NULL;
	unsigned long long end = 0, bias;

	for (int i = 0; i < n; i++) {
		if (ph[i].type != PT_LOAD)
			continue;
		if (!load0 || ph[i].vaddr < load0->vaddr)
			load0 = &ph[i];
		if (ph[i].vaddr + ph[i].memsz > end)
			end = ph[i].vaddr + ph[i].memsz;
	}
	if (!load0 || page_down(load0->offset, page) != first->offset)
		return false;
	bias = first->start - page_down(load0->vaddr, page);
	im->image_end = page_down(bias + end + page - 1, page);
	for (int i = 0; i < n; i++)
		if (ph[i].type == PT_GNU_RELRO) {
			/* As the dynamic loader protects it: both ends down. */
			im->relro_start = page_down(bias + ph[i].vaddr, page);
			im->relro_end = page_down(bias + ph[i].vaddr + ph[i].memsz, page);
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

void elf_read_images(struct snapshot *snap, int pidfd, struct tgroup *g, long page_size)
{
	struct elf_image *images = NULL;
	size_t n = 0, cap = 0;
	struct phdr ph[PHDR_MAX];
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
		if (seen || !first)
			continue;
		int fd = elf_open_mapped(pidfd, first);

		if (fd < 0)
			continue;
		int nph = read_phdrs(fd, ph);
		struct elf_image im = { x->inode, x->dev_major, x->dev_minor, 0, 0, 0 };

		close(fd);
		if (nph <= 0 || !place(ph, nph, first, page, &im))
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
