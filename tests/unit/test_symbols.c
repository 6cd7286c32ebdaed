#include "config.h"

/* test_symbols.c - where an address lies: this test's own functions by
 * the symbol table of its own file, libc's by its .dynsym, a file that is
 * not ELF and an anonymous mapping by their offsets; the mapping that
 * holds an address, found by bisection. */

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "proc/parse_maps.h"
#include "proc/symbols.h"
#include "tap.h"

/* A function of this file, global so that .symtab names it. */
__attribute__((noinline, used)) int lwps_test_marker(int x);
__attribute__((noinline, used)) int lwps_test_marker(int x)
{
	return x * 3 + 1;
}

/* The mapping of this process that holds addr, as struct vma (its path
 * in `path`). */
static bool own_mapping(unsigned long long addr, struct vma *m, char *path, size_t size)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[4096];
	bool found = false;

	while (f && !found && fgets(line, sizeof(line), f)) {
		struct maps_line ml;
		size_t len = strcspn(line, "\n");

		if (maps_parse_line(line, len, &ml) < 0 || addr < ml.start || addr >= ml.end)
			continue;
		*m = (struct vma){ .start = ml.start, .end = ml.end, .offset = ml.offset, .inode = ml.inode,
				   .dev_major = ml.dev_major, .dev_minor = ml.dev_minor };
		if (ml.path && ml.path_len < size) {
			memcpy(path, ml.path, ml.path_len);
			path[ml.path_len] = '\0';
			m->path = path;
		}
		found = true;
	}
	if (f)
		fclose(f);
	return found;
}

static const char *describe(struct symbols *s, int self, unsigned long long addr, struct sbuf *out)
{
	static char path[4096];
	struct vma m;

	sbuf_reset(out);
	if (!own_mapping(addr, &m, path, sizeof(path)))
		return "(no mapping)";
	symbols_describe(s, self, &m, addr, out);
	return sbuf_cstr(out);
}

int main(void)
{
	struct symbols *s = symbols_new();
	int self = open("/proc/self", O_PATH | O_DIRECTORY | O_CLOEXEC);
	struct sbuf out = { 0 }, want = { 0 };
	unsigned long long marker = (unsigned long long)(uintptr_t)&lwps_test_marker;

	ok(self >= 0, "/proc/self opens");
	sbuf_printf(&want, "test_symbols lwps_test_marker+0x3");
	is_str(describe(s, self, marker + 3, &out), sbuf_cstr(&want), "a function of this file, by .symtab");
	is_str(describe(s, self, marker, &out), "test_symbols lwps_test_marker+0x0",
	       "its first instruction, again: the file was kept");

	const char *pid_fn = describe(s, self, (unsigned long long)(uintptr_t)&getpid, &out);

	ok(strncmp(pid_fn, "libc.so", 7) == 0 && strstr(pid_fn, " getpid+0x0"),
	   "libc's getpid, by .dynsym, under the name without underscores: %s", pid_fn);

	/* A file that is not ELF: its name and the offset into it. */
	char tmpl[] = "/tmp/lwps-symbols-XXXXXX";
	int fd = mkstemp(tmpl);
	char page[8192];

	memset(page, 'x', sizeof(page));
	ok(fd >= 0 && write(fd, page, sizeof(page)) == (ssize_t)sizeof(page), "a plain file is written");
	char *text = mmap(NULL, sizeof(page), PROT_READ, MAP_PRIVATE, fd, 0);
	unsigned long long at = (unsigned long long)(uintptr_t)text + 4096 + 0x10;
	char base[64];

	snprintf(base, sizeof(base), "%s+0x1010", strrchr(tmpl, '/') + 1);
	is_str(describe(s, self, at, &out), base, "a file that is not ELF: its offset");
	munmap(text, sizeof(page));
	close(fd);
	unlink(tmpl);

	/* An anonymous mapping: its name and the offset into it. */
	struct vma anon = { .start = 0x10000, .end = 0x20000, .path = NULL };
	struct vma vdso = { .start = 0x30000, .end = 0x32000, .path = "[vdso]" };

	sbuf_reset(&out);
	symbols_describe(s, self, &anon, 0x10040, &out);
	is_str(sbuf_cstr(&out), "[anon]+0x40", "an anonymous mapping");
	sbuf_reset(&out);
	symbols_describe(s, self, &vdso, 0x31000, &out);
	is_str(sbuf_cstr(&out), "[vdso]+0x1000", "a named one");

	/* The mapping holding an address, by bisection. */
	struct vma maps[3] = { { .start = 0x1000, .end = 0x2000 }, { .start = 0x3000, .end = 0x5000 },
			       { .start = 0x5000, .end = 0x6000 } };

	ok(symbols_mapping_at(maps, 3, 0x1000) == &maps[0], "the first byte of a mapping is in it");
	ok(symbols_mapping_at(maps, 3, 0x4fff) == &maps[1], "the last byte too");
	ok(symbols_mapping_at(maps, 3, 0x5000) == &maps[2], "its end is the next one's start");
	ok(symbols_mapping_at(maps, 3, 0x2000) == NULL, "a gap is in none");
	ok(symbols_mapping_at(maps, 3, 0x6000) == NULL, "past the last, none");
	ok(symbols_mapping_at(maps, 0, 0x1000) == NULL, "no mappings, none");

	sbuf_release(&out);
	sbuf_release(&want);
	close(self);
	symbols_free(s);
	symbols_free(NULL);
	return done_testing();
}
