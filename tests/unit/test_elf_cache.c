/* test_elf_cache.c - what mapped ELF files' program headers said is found
 * again by device and inode while the file is unchanged, given up when
 * its size, mtime or ctime moves, and at most the bound is kept, the least
 * recently used given up first. */
#include "config.h"

#include "proc/elf_cache.h"
#include "tap.h"

static struct elf_file file(unsigned long long dev, unsigned long long inode)
{
	return (struct elf_file){ dev, inode, 4096, { 100, 1 }, { 100, 2 } };
}

static unsigned long long end_of(struct elf_cache *c, const struct elf_file *f)
{
	const struct elf_shape *s = elf_cache_find(c, f);

	return s ? s->end : 0;
}

int main(void)
{
	struct elf_cache c;
	struct elf_file a = file(8, 100), b = file(8, 200), d = file(9, 100), moved;

	elf_cache_init(&c, 2);
	ok(elf_cache_find(&c, &a) == NULL, "empty: nothing found");
	elf_cache_put(&c, &a, &(struct elf_shape){ .ok = true, .end = 0x1000 });
	elf_cache_put(&c, &b, &(struct elf_shape){ .ok = true, .end = 0x2000 });
	is_uint(end_of(&c, &a), 0x1000, "a file is found by device and inode");
	is_uint(end_of(&c, &b), 0x2000, "another inode is another file");
	ok(elf_cache_find(&c, &d) == NULL, "the same inode on another device is not it");

	moved = a;
	moved.mtime.tv_nsec++;
	ok(elf_cache_find(&c, &moved) == NULL, "a new mtime: changed, not found");
	moved = a;
	moved.ctime.tv_sec++;
	ok(elf_cache_find(&c, &moved) == NULL, "a new ctime (a chmod, a write): not found");
	moved = a;
	moved.size += 4096;
	ok(elf_cache_find(&c, &moved) == NULL, "a new size: not found");
	elf_cache_put(&c, &moved, &(struct elf_shape){ .ok = false });
	ok(elf_cache_find(&c, &moved) && !elf_cache_find(&c, &moved)->ok,
	   "read again, the file's new shape replaces the old (not an ELF object now)");
	ok(elf_cache_find(&c, &a) == NULL, "and the old one is gone");
	is_int((long long)c.n, 2, "replacing keeps one entry per file");

	/* Bound 2: b used after a, so a new file gives up a. */
	elf_cache_put(&c, &a, &(struct elf_shape){ .ok = true, .end = 0x1000 });
	end_of(&c, &b);
	elf_cache_put(&c, &d, &(struct elf_shape){ .ok = true, .end = 0x3000 });
	is_int((long long)c.n, 2, "at the bound, a new file takes an old one's place");
	ok(elf_cache_find(&c, &a) == NULL, "the least recently used is given up");
	is_uint(end_of(&c, &b), 0x2000, "the one used since is kept");
	is_uint(end_of(&c, &d), 0x3000, "the new one is kept");
	elf_cache_release(&c);
	ok(c.n == 0 && c.v == NULL, "released: empty");
	return done_testing();
}
