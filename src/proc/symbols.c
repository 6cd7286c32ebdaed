/* symbols.c - where an address lies: the mapped file and the function,
 * from the file's symbol tables (libelf).
 *
 * A file is opened as elf_image.c opens it (map_files, else through the
 * process's root, the mapping's inode checked) and read with ELF_C_READ:
 * libelf then reads what it needs with pread, never mapping the file,
 * so a file another process truncates meanwhile cannot fault lwps.  Only
 * function symbols are kept, by address; a file's numbers are bounded,
 * since any user can map a file made to be large. */
#include "config.h"

#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc/elf_image.h"
#include "proc/symbols.h"
#include "util/xalloc.h"

enum {
	FILES_MAX = 1024,          /* files kept; past it the cache starts again */
	SYMBOLS_MAX = 1 << 18,     /* function symbols kept of one file */
	NAMES_MAX = 16 << 20,      /* bytes of their names */
	LOADS_MAX = 64,            /* PT_LOAD segments of one file */
};
/* The largest symbol or string table read: libelf reads a section whole. */
#define SECTION_MAX (64ull << 20)

struct sym {
	unsigned long long addr, size;
	size_t name;               /* offset into names */
	int rank;                  /* which of several names for one address wins */
};

/* A PT_LOAD segment: file offsets [offset, offset + filesz) are loaded
 * at the file's addresses from vaddr. */
struct load {
	unsigned long long offset, vaddr, filesz;
};

struct sym_file {
	unsigned long long inode;
	unsigned dev_major, dev_minor;
	bool elf;                  /* read as an ELF file */
	struct load *loads;
	size_t nloads;
	struct sym *syms;          /* by address, one per address */
	size_t nsyms;
	char *names;
};

struct symbols {
	struct sym_file *files;    /* by (device, inode) */
	size_t n, cap;
};

struct symbols *symbols_new(void)
{
	return xcalloc(1, sizeof(struct symbols));
}

static void file_release(struct sym_file *f)
{
	free(f->loads);
	free(f->syms);
	free(f->names);
}

static void forget_all(struct symbols *s)
{
	for (size_t i = 0; i < s->n; i++)
		file_release(&s->files[i]);
	s->n = 0;
}

void symbols_free(struct symbols *s)
{
	if (!s)
		return;
	forget_all(s);
	free(s->files);
	free(s);
}

/* ---- reading a file ---- */

struct reader {
	struct sym_file *f;
	size_t cap_syms;
	struct sbuf names;
};

/* Of several names for one address, the one a reader knows: the fewest
 * leading underscores (sigsuspend, not __sigsuspend), then a global
 * symbol before a weak or local one, then the shortest. */
static int rank_of(const GElf_Sym *sym, const char *name)
{
	int bind = GELF_ST_BIND(sym->st_info);
	int score = bind == STB_GLOBAL ? 2 : bind == STB_WEAK ? 1 : 0;
	size_t under = strspn(name, "_"), len = strlen(name);

	return -(int)(under < 99 ? under : 99) * 100000 + score * 10000 - (int)(len < 9999 ? len : 9999);
}

static void add_symbol(struct reader *r, const GElf_Sym *sym, const char *name)
{
	struct sym_file *f = r->f;
	size_t len = strlen(name);

	if (f->nsyms >= SYMBOLS_MAX || r->names.len + len + 1 > NAMES_MAX)
		return;
	xgrow(&f->syms, &r->cap_syms, f->nsyms + 1, sizeof(*f->syms));
	f->syms[f->nsyms++] = (struct sym){ sym->st_value, sym->st_size, r->names.len,
					    rank_of(sym, name) };
	sbuf_put(&r->names, name, len + 1);
}

/* Whether section `index` (a symbol table's strings) is small enough. */
static bool small_section(Elf *e, size_t index)
{
	Elf_Scn *scn = elf_getscn(e, index);
	GElf_Shdr sh;

	return scn && gelf_getshdr(scn, &sh) && sh.sh_size <= SECTION_MAX;
}

/* The function symbols of one symbol table section. */
static void read_symtab(struct reader *r, Elf *e, Elf_Scn *scn, const GElf_Shdr *sh)
{
	Elf_Data *d;
	size_t count;

	if (sh->sh_entsize == 0 || sh->sh_size > SECTION_MAX || !small_section(e, sh->sh_link))
		return;
	d = elf_getdata(scn, NULL);
	if (!d)
		return;
	count = sh->sh_size / sh->sh_entsize;
	for (size_t i = 1; i < count && i < (size_t)1 << 30; i++) {
		GElf_Sym sym;
		const char *name;
		int type;

		if (!gelf_getsym(d, (int)i, &sym))
			break;
		type = GELF_ST_TYPE(sym.st_info);
		if ((type != STT_FUNC && type != STT_GNU_IFUNC) || sym.st_shndx == SHN_UNDEF ||
		    sym.st_value == 0)
			continue;
		name = elf_strptr(e, sh->sh_link, sym.st_name);
		if (name && *name)
			add_symbol(r, &sym, name);
	}
}

static int by_address_best_first(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return (x->rank < y->rank) - (x->rank > y->rank);
}

/* Sorts by address and keeps the best name of each address, with the
 * largest size any of its names gives. */
static void sort_symbols(struct sym_file *f)
{
	size_t n = 0;

	if (f->nsyms)
		qsort(f->syms, f->nsyms, sizeof(*f->syms), by_address_best_first);
	for (size_t i = 0; i < f->nsyms; i++) {
		if (n && f->syms[n - 1].addr == f->syms[i].addr) {
			if (f->syms[i].size > f->syms[n - 1].size)
				f->syms[n - 1].size = f->syms[i].size;
			continue;
		}
		f->syms[n++] = f->syms[i];
	}
	f->nsyms = n;
}

static void read_loads(struct sym_file *f, Elf *e)
{
	size_t phnum;

	if (elf_getphdrnum(e, &phnum) != 0)
		return;
	for (size_t i = 0; i < phnum && f->nloads < LOADS_MAX; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(e, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (!f->loads)
			f->loads = xmalloc(LOADS_MAX * sizeof(*f->loads));
		f->loads[f->nloads++] = (struct load){ ph.p_offset, ph.p_vaddr, ph.p_filesz };
	}
}

static void read_file(struct sym_file *f, int fd)
{
	static bool ready;
	struct reader r = { .f = f };
	Elf_Scn *scn = NULL;
	Elf *e;

	if (!ready) {
		if (elf_version(EV_CURRENT) == EV_NONE)
			return;
		ready = true;
	}
	e = elf_begin(fd, ELF_C_READ, NULL);
	if (!e)
		return;
	if (elf_kind(e) == ELF_K_ELF) {
		f->elf = true;
		read_loads(f, e);
		while ((scn = elf_nextscn(e, scn))) {
			GElf_Shdr sh;

			if (gelf_getshdr(scn, &sh) && (sh.sh_type == SHT_SYMTAB || sh.sh_type == SHT_DYNSYM))
				read_symtab(&r, e, scn, &sh);
		}
		sort_symbols(f);
	}
	elf_end(e);
	f->names = r.names.data;   /* taken over from the sbuf */
}

/* ---- the cache ---- */

static int cmp_key(const struct sym_file *f, const struct vma *m)
{
	if (f->dev_major != m->dev_major)
		return f->dev_major < m->dev_major ? -1 : 1;
	if (f->dev_minor != m->dev_minor)
		return f->dev_minor < m->dev_minor ? -1 : 1;
	return (f->inode > m->inode) - (f->inode < m->inode);
}

/* The file of mapping m, read on first use; NULL when it cannot be
 * opened now (another process may open it: not remembered). */
static const struct sym_file *file_of(struct symbols *s, int pidfd, const struct vma *m)
{
	size_t lo = 0, hi = s->n;
	struct sym_file f = { m->inode, m->dev_major, m->dev_minor, false, NULL, 0, NULL, 0, NULL };
	int fd;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_key(&s->files[mid], m);

		if (c == 0)
			return &s->files[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	fd = elf_open_mapped(pidfd, m);
	if (fd < 0)
		return NULL;
	read_file(&f, fd);
	close(fd);
	if (s->n == FILES_MAX) {
		forget_all(s);
		lo = 0;
	}
	xgrow(&s->files, &s->cap, s->n + 1, sizeof(*s->files));
	memmove(&s->files[lo + 1], &s->files[lo], (s->n - lo) * sizeof(*s->files));
	s->files[lo] = f;
	s->n++;
	return &s->files[lo];
}

/* The address the file gives the byte at file offset `off`. */
static bool file_address(const struct sym_file *f, unsigned long long off, unsigned long long *addr)
{
	for (size_t i = 0; i < f->nloads; i++) {
		const struct load *l = &f->loads[i];

		if (off >= l->offset && off - l->offset < l->filesz) {
			*addr = off - l->offset + l->vaddr;
			return true;
		}
	}
	return false;
}

/* The function holding `addr`: the last symbol at or below it, if its
 * size (when it has one) reaches that far. */
static const struct sym *symbol_at(const struct sym_file *f, unsigned long long addr)
{
	size_t lo = 0, hi = f->nsyms;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (f->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	const struct sym *sym = &f->syms[lo - 1];

	return sym->size == 0 || addr - sym->addr < sym->size ? sym : NULL;
}

const struct vma *symbols_mapping_at(const struct vma *maps, size_t n, unsigned long long addr)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (maps[mid].end <= addr)
			lo = mid + 1;
		else if (maps[mid].start > addr)
			hi = mid;
		else
			return &maps[mid];
	}
	return NULL;
}

void symbols_describe(struct symbols *s, int pidfd, const struct vma *m, unsigned long long pc,
		      struct sbuf *out)
{
	unsigned long long off = pc - m->start + m->offset, addr = off;
	const struct sym_file *f;
	const struct sym *sym;
	const char *base;

	if (!m->path || m->path[0] != '/') {
		sbuf_puts(out, m->path ? m->path : "[anon]");
		sbuf_printf(out, "+0x%llx", pc - m->start);
		return;
	}
	base = strrchr(m->path, '/') + 1;
	sbuf_puts(out, *base ? base : m->path);
	f = file_of(s, pidfd, m);
	if (f && file_address(f, off, &addr) && (sym = symbol_at(f, addr))) {
		sbuf_printf(out, " %s+0x%llx", f->names + sym->name, addr - sym->addr);
		return;
	}
	sbuf_printf(out, "+0x%llx", addr);
}
