/* elf_cache.c - what mapped ELF files' program headers say, kept across
 * refreshes. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "proc/elf_cache.h"
#include "util/xalloc.h"

struct elf_cache_entry {
	struct elf_file file;
	struct elf_shape shape;
	unsigned long long used;      /* the clock at its last use */
};

void elf_cache_init(struct elf_cache *c, size_t max)
{
	*c = (struct elf_cache){ .max = max ? max : 1 };
}

void elf_cache_release(struct elf_cache *c)
{
	free(c->v);
	*c = (struct elf_cache){ 0 };
}

void elf_file_of(const struct stat *st, struct elf_file *f)
{
	*f = (struct elf_file){ (unsigned long long)st->st_dev, (unsigned long long)st->st_ino,
				(long long)st->st_size, st->st_mtim, st->st_ctim };
}

static int cmp_file(const struct elf_file *a, const struct elf_file *b)
{
	if (a->dev != b->dev)
		return a->dev < b->dev ? -1 : 1;
	if (a->inode != b->inode)
		return a->inode < b->inode ? -1 : 1;
	return 0;
}

static bool same_time(struct timespec a, struct timespec b)
{
	return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

/* Where the file is, or where it would go (*found false). */
static size_t slot(const struct elf_cache *c, const struct elf_file *f, bool *found)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = cmp_file(&c->v[mid].file, f);

		if (d == 0) {
			*found = true;
			return mid;
		}
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

const struct elf_shape *elf_cache_find(struct elf_cache *c, const struct elf_file *f)
{
	bool found;
	size_t i = slot(c, f, &found);
	struct elf_cache_entry *e;

	if (!found)
		return NULL;
	e = &c->v[i];
	if (e->file.size != f->size || !same_time(e->file.mtime, f->mtime) ||
	    !same_time(e->file.ctime, f->ctime))
		return NULL;
	e->used = ++c->clock;
	return &e->shape;
}

static void drop(struct elf_cache *c, size_t i)
{
	memmove(&c->v[i], &c->v[i + 1], (c->n - i - 1) * sizeof(*c->v));
	c->n--;
}

/* Gives up the entry used longest ago. */
static void drop_oldest(struct elf_cache *c)
{
	size_t oldest = 0;

	for (size_t i = 1; i < c->n; i++)
		if (c->v[i].used < c->v[oldest].used)
			oldest = i;
	drop(c, oldest);
}

void elf_cache_put(struct elf_cache *c, const struct elf_file *f, const struct elf_shape *s)
{
	bool found;
	size_t i = slot(c, f, &found);

	if (!found && c->n == c->max) {
		drop_oldest(c);
		i = slot(c, f, &found);
	}
	if (!found) {
		xgrow(&c->v, &c->cap, c->n + 1, sizeof(*c->v));
		memmove(&c->v[i + 1], &c->v[i], (c->n - i) * sizeof(*c->v));
		c->n++;
	}
	c->v[i] = (struct elf_cache_entry){ *f, *s, ++c->clock };
}
