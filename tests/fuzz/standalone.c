/* standalone.c - a main() for the fuzz targets without libFuzzer.
 *
 *	replay_NAME FILE|DIR...
 *
 * Runs LLVMFuzzerTestOneInput once per file named, and once per file in
 * each directory named (recursively, in name order, dot-files skipped),
 * so `make check` can replay the committed corpus with any compiler.
 * Prints "N inputs" on success.  A crash or a failed invariant aborts
 * after naming the input, which a sanitizer's death callback does too. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

/* Provided by the runtime when built with a sanitizer, else NULL. */
void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

static const char *current;
static size_t ran;

static void name_current(void)
{
	static const char msg[] = "standalone: the input was ";

	if (!current)
		return;
	/* Async-signal-safe: this also runs from the signal handler. */
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0 ||
	    write(STDERR_FILENO, current, strlen(current)) < 0 || write(STDERR_FILENO, "\n", 1) < 0)
		return;
}

static void on_signal(int sig)
{
	name_current();
	signal(sig, SIG_DFL);
	raise(sig);
}

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		fprintf(stderr, "standalone: %s: %s\n", path, strerror(errno));
		return -1;
	}
	do {
		if (len == cap) {
			cap = cap ? 2 * cap : 65536;
			data = realloc(data, cap);
			if (!data)
				abort();
		}
		n = fread(data + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	if (ferror(f)) {
		fprintf(stderr, "standalone: %s: read error\n", path);
		fclose(f);
		free(data);
		return -1;
	}
	fclose(f);
	current = path;
	LLVMFuzzerTestOneInput((const uint8_t *)data, len);
	current = NULL;
	free(data);
	ran++;
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int run_path(const char *path)
{
	struct dirent **names;
	struct stat st;
	int n, rc = 0;

	if (stat(path, &st) < 0) {
		fprintf(stderr, "standalone: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return run_file(path);
	n = scandir(path, &names, NULL, by_name);
	if (n < 0) {
		fprintf(stderr, "standalone: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		size_t len = strlen(path) + strlen(names[i]->d_name) + 2;
		char *sub = malloc(len);

		if (!sub)
			abort();
		snprintf(sub, len, "%s/%s", path, names[i]->d_name);
		if (names[i]->d_name[0] != '.' && run_path(sub) < 0)
			rc = -1;
		free(sub);
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL };
	int rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	/* A sanitizer reports faults itself, with a stack: leave them to
	 * it and only ask to be called before it exits. */
	signal(SIGABRT, on_signal);
	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(name_current);
	else
		for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
			signal(sigs[i], on_signal);
	for (int i = 1; i < argc; i++)
		if (run_path(argv[i]) < 0)
			rc = 1;
	printf("%zu inputs\n", ran);
	return rc;
}
