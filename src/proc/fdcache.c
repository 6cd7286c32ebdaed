/* fdcache.c - task files kept open between refreshes: an open-addressing
 * table from a key (task id and file) to an open descriptor. */
#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include "proc/fdcache.h"
#include "util/xalloc.h"

struct fdcache_entry {
	uint64_t key;            /* 0: empty */
	int fd;
	unsigned seen;           /* the scan that last asked for it */
};

/* The table starts small and doubles, at most half full so that probes
 * stay short: sized for the limit at once it took 1 MiB for 32,768
 * files where a machine of 300 tasks keeps 600. */
enum { FIRST_SLOTS = 256 };

void fdcache_init(struct fdcache *c, size_t limit)
{
	*c = (struct fdcache){ .limit = limit };
	if (limit == 0)
		return;
	c->nslots = FIRST_SLOTS;
	c->slots = xcalloc(c->nslots, sizeof(*c->slots));
}

void fdcache_release(struct fdcache *c)
{
	for (size_t i = 0; i < c->nslots; i++)
		if (c->slots[i].key)
			close(c->slots[i].fd);
	free(c->slots);
	*c = (struct fdcache){ 0 };
}

/* Where `key` would sit in an empty table.  Fibonacci hashing spreads
 * consecutive ids over the table. */
static size_t home_of(const struct fdcache *c, uint64_t key)
{
	return (size_t)((key * 0x9e3779b97f4a7c15ull) >> 20) & (c->nslots - 1);
}

static size_t slot_of(const struct fdcache *c, uint64_t key)
{
	size_t i = home_of(c, key);

	while (c->slots[i].key && c->slots[i].key != key)
		i = (i + 1) & (c->nslots - 1);
	return i;
}

int fdcache_get(struct fdcache *c, uint64_t key)
{
	if (!c->nslots)
		return -1;
	struct fdcache_entry *e = &c->slots[slot_of(c, key)];

	if (!e->key)
		return -1;
	e->seen = c->gen;
	return e->fd;
}

/* Twice the slots, every entry placed again. */
static void grow(struct fdcache *c)
{
	struct fdcache_entry *old = c->slots;
	size_t n = c->nslots;

	c->nslots = 2 * n;
	c->slots = xcalloc(c->nslots, sizeof(*c->slots));
	for (size_t i = 0; i < n; i++)
		if (old[i].key)
			c->slots[slot_of(c, old[i].key)] = old[i];
	free(old);
}

bool fdcache_put(struct fdcache *c, uint64_t key, int fd)
{
	if (!c->nslots || c->used >= c->limit)
		return false;
	if (2 * (c->used + 1) > c->nslots)
		grow(c);
	struct fdcache_entry *e = &c->slots[slot_of(c, key)];

	if (e->key)
		close(e->fd);
	else
		c->used++;
	*e = (struct fdcache_entry){ key, fd, c->gen };
	return true;
}

/* Removes slot i, moving later entries of its probe run back so that
 * every lookup still finds them (no tombstones). */
static void remove_slot(struct fdcache *c, size_t i)
{
	size_t mask = c->nslots - 1, j = i;

	close(c->slots[i].fd);
	c->slots[i].key = 0;
	c->used--;
	for (;;) {
		j = (j + 1) & mask;
		if (!c->slots[j].key)
			return;
		size_t home = home_of(c, c->slots[j].key);

		/* Move j back to i when i lies on j's probe path. */
		if ((j > i && (home <= i || home > j)) || (j < i && home <= i && home > j)) {
			c->slots[i] = c->slots[j];
			c->slots[j].key = 0;
			i = j;
		}
	}
}

void fdcache_drop(struct fdcache *c, uint64_t key)
{
	if (!c->nslots)
		return;
	size_t i = slot_of(c, key);

	if (c->slots[i].key)
		remove_slot(c, i);
}

void fdcache_begin(struct fdcache *c)
{
	c->gen++;
}

void fdcache_end(struct fdcache *c)
{
	for (size_t i = 0; i < c->nslots; i++)
		/* An entry moved back into a slot already passed is seen by
		 * the next sweep; one moved forward is visited again here. */
		while (c->slots[i].key && c->slots[i].seen != c->gen)
			remove_slot(c, i);
}
