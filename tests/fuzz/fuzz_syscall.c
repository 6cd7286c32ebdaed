/* fuzz_syscall.c - fuzz target for syscall_stack_pointer()
 * (/proc/PID/task/TID/syscall).
 *
 * The kernel writes "running", "-1 SP PC" for a task blocked outside a
 * system call, or "NR ARG1..ARG6 SP PC": a stack pointer may only come
 * out of 3 or 9 words, and it must be the value of the next-to-last; the
 * instruction pointer the value of the last. */
#include "config.h"

#include <errno.h>

#include "fuzz.h"
#include "proc/live_maps.h"

struct word {
	const char *p;
	size_t len;
};

/* Words as the kernel separates them; returns how many (all of them). */
static size_t split(const char *buf, size_t len, struct word w[9])
{
	size_t n = 0, i = 0;

	while (i < len) {
		while (i < len && (buf[i] == ' ' || buf[i] == '\n'))
			i++;
		if (i == len)
			break;
		size_t start = i;

		while (i < len && buf[i] != ' ' && buf[i] != '\n')
			i++;
		if (n < 9)
			w[n] = (struct word){ buf + start, i - start };
		n++;
	}
	return n;
}

/* Whether word `s` is "0x" and hex digits worth `v`. */
static void check_hex(const struct word *s, unsigned long long v)
{
	char *word = malloc(s->len + 1), *end;

	if (!word)
		abort();
	memcpy(word, s->p, s->len);
	word[s->len] = '\0';
	FUZZ_CHECK(s->len >= 3 && word[0] == '0' && word[1] == 'x');
	FUZZ_CHECK(strtoull(word + 2, &end, 16) == v);
	FUZZ_CHECK(strspn(end, " \t") == strlen(end));
	free(word);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_copy(data, size);
	unsigned long long sp = 0, pc = 0;
	int r = syscall_stack_pointer(buf, size, &sp, &pc);

	FUZZ_CHECK(r == 0 || r == -EINVAL);
	if (r == 0) {
		struct word w[9];
		size_t n = split(buf, size, w);

		FUZZ_CHECK(n == 3 || n == 9);
		check_hex(&w[n - 2], sp);
		check_hex(&w[n - 1], pc);
	}
	free(buf);
	return 0;
}
