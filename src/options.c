/* options.c - the command line, parsed. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "util/exitcodes.h"
#include "util/i18n.h"
#include "util/xalloc.h"

enum {
	OPT_OUTPUT_ALL = 256,
	OPT_LIST_COLUMNS,
	OPT_COLOR,
	OPT_ASCII,
	OPT_ANCESTORS,
	OPT_LAYOUT,
	OPT_SAVE,
	OPT_LOAD,
	OPT_WATCH,
	OPT_COUNT,
};

static const struct option long_options[] = {
	{ "lwps", no_argument, NULL, 'L' },
	{ "tree", no_argument, NULL, 't' },
	{ "forest", no_argument, NULL, 't' },
	{ "ascii", no_argument, NULL, OPT_ASCII },
	{ "ancestors", no_argument, NULL, OPT_ANCESTORS },
	{ "maps", no_argument, NULL, 'm' },
	{ "layout", no_argument, NULL, OPT_LAYOUT },
	{ "interactive", no_argument, NULL, 'i' },
	{ "delay", required_argument, NULL, 'd' },
	{ "save", required_argument, NULL, OPT_SAVE },
	{ "load", required_argument, NULL, OPT_LOAD },
	{ "watch", required_argument, NULL, OPT_WATCH },
	{ "count", required_argument, NULL, OPT_COUNT },
	{ "pid", required_argument, NULL, 'p' },
	{ "user", required_argument, NULL, 'u' },
	{ "command", required_argument, NULL, 'C' },
	{ "output", required_argument, NULL, 'o' },
	{ "output-all", no_argument, NULL, OPT_OUTPUT_ALL },
	{ "list-columns", no_argument, NULL, OPT_LIST_COLUMNS },
	{ "sort", required_argument, NULL, 's' },
	{ "no-headings", no_argument, NULL, 'n' },
	{ "raw", no_argument, NULL, 'r' },
	{ "wide", no_argument, NULL, 'w' },
	{ "color", optional_argument, NULL, OPT_COLOR },
	{ "json", no_argument, NULL, 'J' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

void usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("lwps: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fprintf(stderr, _("Try 'lwps --help' for more information.\n"));
	exit(EXIT_USAGE);
}

/* --help and --version check their output as every view does: a write
 * error (lwps --help > /dev/full) exits 3 with a message, not 0. */
static _Noreturn void exit_after_output(void)
{
	if ((fflush(stdout) == 0 && !ferror(stdout) && fclose(stdout) == 0) || errno == EPIPE)
		exit(EXIT_OK);
	fprintf(stderr, _("lwps: write error: %s\n"), strerror(errno));
	exit(EXIT_FATAL);
}

static void print_help(void)
{
	fputs(_("Usage: lwps [OPTION]... [PID]...\n"
		"Show processes and their threads (light-weight processes) as the kernel\n"
		"reports them in /proc.\n"
		"\n"), stdout);
	fputs(_("Views:\n"
		"  (none)                 one row per process\n"
		"  -L, --lwps             one row per thread (LWP)\n"
		"  -t, --tree, --forest   processes arranged by parent; with -L, threads\n"
		"                         inside their process\n"
		"  -m, --maps             the mappings of the given processes, with smaps\n"
		"                         figures, segments and thread stacks\n"
		"      --layout           with -m, draw the address space top-down\n"
		"  -J, --json             print the view as JSON\n"
		"\n"), stdout);
	fputs(_("Interactive:\n"
		"  -i, --interactive      browse processes and threads in the terminal\n"
		"                         (press ? there for the keys)\n"
		"  -d, --delay SECS       with -i, seconds between refreshes (default 2)\n"
		"\n"), stdout);
	fputs(_("Selection (several combine as a union):\n"
		"  -p, --pid LIST         processes by id; a thread id selects its process\n"
		"  -u, --user LIST        processes by effective user name or id\n"
		"  -C, --command LIST     processes by command name\n"
		"      --ancestors        with -t, also the chain from the root to each\n"
		"                         selected process\n"
		"\n"), stdout);
	fputs(_("Output:\n"
		"  -o, --output LIST      columns to show; a leading '+' adds to the defaults\n"
		"      --output-all       show every column\n"
		"      --list-columns     list the columns with their descriptions\n"
		"  -s, --sort KEY[,KEY]   sort by columns; a leading '-' sorts descending\n"
		"  -n, --no-headings      do not print the header line\n"
		"  -r, --raw              fields separated by one space, unsafe bytes escaped\n"
		"  -w, --wide             do not cut lines to the terminal's width\n"
		"      --color[=WHEN]     color the output: auto, always or never\n"
		"      --ascii            draw the tree with ASCII characters\n"
		"\n"), stdout);
	fputs(_("Snapshots and repetition:\n"
		"      --save FILE        write a complete snapshot (threads, mappings) as\n"
		"                         JSON to FILE ('-' for standard output)\n"
		"      --load FILE        show a saved snapshot instead of the live system\n"
		"      --watch SECS       repeat the view every SECS seconds\n"
		"      --count N          with --watch, stop after N rounds\n"
		"\n"), stdout);
	fputs(_("  -h, --help             show this help and exit\n"
		"  -V, --version          show the version and exit\n"
		"\n"), stdout);
	fputs(_("Exit status: 0 success, 1 a requested process was not found or could\n"
		"not be read, 2 usage error, 3 fatal error (no /proc, write error).\n"), stdout);
}

void for_each_item(const char *list, void *ctx, void (*fn)(void *ctx, const char *item))
{
	char *copy = xstrdup(list), *save = NULL;
	int n = 0;

	for (char *tok = strtok_r(copy, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		fn(ctx, tok);
		n++;
	}
	free(copy);
	if (n == 0)
		usage_error(_("empty list '%s'"), list);
}

static bool parse_id(const char *s, long *out)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 0 || v > INT_MAX)
		return false;
	*out = v;
	return true;
}

/* A positive number of seconds, fractions allowed. */
double parse_seconds(const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v > 0) || v > 86400 * 365)
		usage_error(_("invalid number of seconds '%s'"), s);
	return v;
}

static void add_pid(void *ctx, const char *s)
{
	struct options *o = ctx;
	long v;

	if (!parse_id(s, &v) || v == 0)
		usage_error(_("invalid process id '%s'"), s);
	o->pids = xrealloc(o->pids, (o->npids + 1) * sizeof(pid_t));
	o->pids[o->npids++] = (pid_t)v;
}

static void add_user(void *ctx, const char *s)
{
	struct options *o = ctx;
	struct passwd *pw = getpwnam(s);
	long v;

	if (pw)
		v = (long)pw->pw_uid;
	else if (!parse_id(s, &v))
		usage_error(_("unknown user '%s'"), s);
	o->uids = xrealloc(o->uids, (o->nuids + 1) * sizeof(uid_t));
	o->uids[o->nuids++] = (uid_t)v;
}

static void add_name(void *ctx, const char *s)
{
	struct options *o = ctx;

	o->names = xrealloc(o->names, (o->nnames + 1) * sizeof(char *));
	o->names[o->nnames++] = xstrdup(s);
}

static void add_string(char ***list, size_t *n, const char *s)
{
	*list = xrealloc(*list, (*n + 1) * sizeof(char *));
	(*list)[(*n)++] = xstrdup(s);
}

void options_parse(struct options *o, int argc, char **argv)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->headings = true;
	o->delay = 2;
	while ((c = getopt_long(argc, argv, "Ltmid:p:u:C:o:s:nrwJhV", long_options, NULL)) != -1) {
		switch (c) {
		case 'L':
			o->lwps = true;
			break;
		case 't':
			o->tree = true;
			break;
		case OPT_ASCII:
			o->ascii = true;
			break;
		case OPT_ANCESTORS:
			o->ancestors = true;
			break;
		case 'p':
			for_each_item(optarg, o, add_pid);
			break;
		case 'u':
			for_each_item(optarg, o, add_user);
			break;
		case 'C':
			for_each_item(optarg, o, add_name);
			break;
		case 'o':
			add_string(&o->outputs, &o->noutputs, optarg);
			break;
		case OPT_OUTPUT_ALL:
			o->output_all = true;
			break;
		case OPT_LIST_COLUMNS:
			o->list_columns = true;
			break;
		case 's':
			add_string(&o->sorts, &o->nsorts, optarg);
			break;
		case 'm':
			o->maps = true;
			break;
		case OPT_LAYOUT:
			o->layout = true;
			break;
		case 'i':
			o->interactive = true;
			break;
		case 'd':
			o->delay = parse_seconds(optarg);
			o->delay_given = true;
			break;
		case OPT_SAVE:
			o->save = optarg;
			break;
		case OPT_LOAD:
			o->load = optarg;
			break;
		case OPT_WATCH:
			o->watch = parse_seconds(optarg);
			break;
		case OPT_COUNT: {
			long v;

			if (!parse_id(optarg, &v) || v == 0)
				usage_error(_("invalid --count '%s' (a whole number above 0)"), optarg);
			o->count = v;
			break;
		}
		case 'n':
			o->headings = false;
			break;
		case 'r':
			o->raw = true;
			break;
		case 'w':
			o->wide = true;
			break;
		case 'J':
			o->json = true;
			break;
		case OPT_COLOR:
			if (!optarg || strcmp(optarg, "always") == 0)
				o->color = COLOR_ALWAYS;
			else if (strcmp(optarg, "never") == 0)
				o->color = COLOR_NEVER;
			else if (strcmp(optarg, "auto") == 0)
				o->color = COLOR_AUTO;
			else
				usage_error(_("invalid --color value '%s' (auto, always, never)"), optarg);
			break;
		case 'h':
			print_help();
			exit_after_output();
		case 'V':
			printf("lwps %s\n", PACKAGE_VERSION);
			exit_after_output();
		default:
			fprintf(stderr, _("Try 'lwps --help' for more information.\n"));
			exit(EXIT_USAGE);
		}
	}
	for (int i = optind; i < argc; i++)
		for_each_item(argv[i], o, add_pid);
}

void options_release(struct options *o)
{
	for (size_t i = 0; i < o->nnames; i++)
		free(o->names[i]);
	for (size_t i = 0; i < o->noutputs; i++)
		free(o->outputs[i]);
	for (size_t i = 0; i < o->nsorts; i++)
		free(o->sorts[i]);
	free(o->names);
	free(o->outputs);
	free(o->sorts);
	free(o->pids);
	free(o->uids);
}
