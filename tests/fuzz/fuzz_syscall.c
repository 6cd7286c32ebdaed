/* fuzz_syscall.c - fuzz target for syscall_parse() (task/TID/syscall) and
 * kstack_parse() (task/TID/stack).
 *
 * The kernel writes "running", "-1 SP PC" for a task blocked outside a
 * system call, or "NR ARG1..ARG6 SP PC": registers may only come out of
 * 3 or 9 words, each the value of its word; the number only out of the
 * first.  Every frame kstack_parse() hands out lies within the input. */
#include "config.h"

#include <errno.h>

#include "fuzz.h"
#include "proc/parse_syscall.h"

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

/* The word as a C string, for strto*(). */
static char *word_text(const struct word *w)
{
	char *s = malloc(w->len + 1);

	if (!s)
		abort();
	memcpy(s, w->p, w->len);
	s[w->len] = '\0';
	return s;
}

static void check_hex(const struct word *w, unsigned long long v)
{
	char *s = word_text(w), *end;

	FUZZ_CHECK(w->len >= 3 && s[0] == '0' && s[1] == 'x');
	FUZZ_CHECK(strtoull(s + 2, &end, 16) == v);
	FUZZ_CHECK(strspn(end, " \t") == strlen(end));
	free(s);
}

struct frames {
	const char *buf;
	size_t len, n;
};

static void frame(void *ctx, const char *f, size_t len)
{
	struct frames *fr = ctx;

	FUZZ_CHECK(len > 0 && f >= fr->buf && f + len <= fr->buf + fr->len);
	FUZZ_CHECK(memchr(f, '\n', len) == NULL);
	fr->n++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_copy(data, size);
	struct syscall_fields sf;
	int r = syscall_parse(buf, size, &sf);

	FUZZ_CHECK(r == 0 || r == -EINVAL);
	if (r == 0 && sf.running) {
		struct word w[9];

		FUZZ_CHECK(split(buf, size, w) == 1 && w[0].len == 7);
	} else if (r == 0) {
		struct word w[9];
		size_t n = split(buf, size, w);
		char *nr = word_text(&w[0]);

		FUZZ_CHECK(n == 3 || n == 9);
		FUZZ_CHECK(strtol(nr, NULL, 10) == sf.nr && (n == 3) == (sf.nr == -1));
		free(nr);
		for (size_t i = 1; i + 2 < n; i++)
			check_hex(&w[i], sf.args[i - 1]);
		check_hex(&w[n - 2], sf.sp);
		check_hex(&w[n - 1], sf.pc);
	}
	struct frames fr = { buf, size, 0 };

	FUZZ_CHECK(kstack_parse(buf, size, frame, &fr) == fr.n);
	free(buf);
	return 0;
}
