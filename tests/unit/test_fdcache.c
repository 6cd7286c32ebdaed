/* test_fdcache.c - the table of task files kept open between refreshes:
 * every descriptor put is found again through its key after the table
 * has grown, a scan's end closes the ones it did not ask for, the limit
 * holds, and a dropped key is gone while the others stay found. */
#include "config.h"

#include <fcntl.h>
#include <unistd.h>

#include "proc/fdcache.h"
#include "tap.h"

enum { N = 700 };   /* past three doublings of the first table */

/* A key as live.c makes them: a task id, a thread bit and a file. */
static uint64_t key_of(int i)
{
	return (uint64_t)(1000 + i) << 5 | 16u | (unsigned)(i % 3);
}

static bool is_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

int main(void)
{
	struct fdcache c;
	int fds[N];
	bool all = true, found = true;

	fdcache_init(&c, N);
	fdcache_begin(&c);
	for (int i = 0; i < N; i++) {
		fds[i] = open("/dev/null", O_RDONLY | O_CLOEXEC);
		all &= fds[i] >= 0 && fdcache_put(&c, key_of(i), fds[i]);
	}
	ok(all, "%d descriptors kept", N);
	is_uint(c.used, N, "the table counts them");
	ok(c.nslots >= 2 * (size_t)N, "the table grew to stay at most half full (%zu slots)", c.nslots);
	for (int i = 0; i < N; i++)
		found &= fdcache_get(&c, key_of(i)) == fds[i];
	ok(found, "every key finds its descriptor after the growth");
	is_int(fdcache_get(&c, key_of(N)), -1, "a key never put finds nothing");
	fdcache_end(&c);

	/* A scan that asks for every other one closes the rest. */
	fdcache_begin(&c);
	for (int i = 0; i < N; i += 2)
		fdcache_get(&c, key_of(i));
	fdcache_end(&c);
	bool kept = true, closed = true;

	for (int i = 0; i < N; i++) {
		if (i % 2 == 0)
			kept &= fdcache_get(&c, key_of(i)) == fds[i] && is_open(fds[i]);
		else
			closed &= fdcache_get(&c, key_of(i)) == -1 && !is_open(fds[i]);
	}
	ok(kept, "a scan's end keeps the files it asked for");
	ok(closed, "and closes the others");
	is_uint(c.used, N / 2, "half are left");

	fdcache_drop(&c, key_of(0));
	found = true;
	for (int i = 2; i < N; i += 2)
		found &= fdcache_get(&c, key_of(i)) == fds[i];
	ok(fdcache_get(&c, key_of(0)) == -1 && !is_open(fds[0]) && found,
	   "a dropped key is gone and closed, every other still found");
	fdcache_release(&c);
	ok(!is_open(fds[2]), "release closes what is left");

	/* The limit: past it, put says no and keeps nothing. */
	struct fdcache small;
	int a = open("/dev/null", O_RDONLY | O_CLOEXEC), b = open("/dev/null", O_RDONLY | O_CLOEXEC);

	fdcache_init(&small, 1);
	fdcache_begin(&small);
	ok(fdcache_put(&small, key_of(1), a) && !fdcache_put(&small, key_of(2), b) &&
	   fdcache_get(&small, key_of(2)) == -1, "past the limit nothing more is kept");
	close(b);
	fdcache_release(&small);
	return done_testing();
}
