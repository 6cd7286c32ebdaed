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
};

static const struct option long_options[] = {
	{ "lwps", no_argument, NULL, 'L' },
	{ "tree", no_argument, NULL, 't' },
	{ "forest", no_argument, NULL, 't' },
	{ "ascii", no_argument, NULL, OPT_ASCII },
	{ "ancestors", no_argument, NULL, OPT_ANCESTORS },
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

__attribute__((format(printf, 1, 2), noreturn))
static void usage_error(const char *fmt, ...)
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
		"  -J, --json             print the view as JSON\n"
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
	fputs(_("  -h, --help             show this help and exit\n"
		"  -V, --version          show the version and exit\n"
		"\n"), stdout);
	fputs(_("Exit status: 0 success, 1 a requested process was not found or could\n"
		"not be read, 2 usage error, 3 fatal error (no /proc, write error).\n"), stdout);
}

/* Calls `fn` for each item of a list separated by commas or blanks. */
static void each_item(const char *list, struct options *o,
		      void (*fn)(struct options *o, const char *item))
{
	char *copy = xstrdup(list), *save = NULL;
	int n = 0;

	for (char *tok = strtok_r(copy, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		fn(o, tok);
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

static void add_pid(struct options *o, const char *s)
{
	long v;

	if (!parse_id(s, &v) || v == 0)
		usage_error(_("invalid process id '%s'"), s);
	o->pids = xrealloc(o->pids, (o->npids + 1) * sizeof(pid_t));
	o->pids[o->npids++] = (pid_t)v;
}

static void add_user(struct options *o, const char *s)
{
	struct passwd *pw = getpwnam(s);
	long v;

	if (pw)
		v = (long)pw->pw_uid;
	else if (!parse_id(s, &v))
		usage_error(_("unknown user '%s'"), s);
	o->uids = xrealloc(o->uids, (o->nuids + 1) * sizeof(uid_t));
	o->uids[o->nuids++] = (uid_t)v;
}

static void add_name(struct options *o, const char *s)
{
	o->names = xrealloc(o->names, (o->nnames + 1) * sizeof(char *));
	o->names[o->nnames++] = xstrdup(s);
}

static const struct column *need_column(const char *name)
{
	const struct column *c = column_find(name);

	if (!c)
		usage_error(_("unknown column '%s' (see --list-columns)"), name);
	return c;
}

static void add_column(struct options *o, const char *s)
{
	o->cols = xrealloc(o->cols, (o->ncols + 1) * sizeof(*o->cols));
	o->cols[o->ncols++] = need_column(s);
}

static void add_key(struct options *o, const char *s)
{
	bool desc = false;

	if (*s == '-' || *s == '+') {
		desc = *s == '-';
		s++;
	}
	o->keys = xrealloc(o->keys, (o->nkeys + 1) * sizeof(struct sort_key));
	o->keys[o->nkeys++] = (struct sort_key){ need_column(s), desc };
}

void options_parse(struct options *o, int argc, char **argv)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->headings = true;
	while ((c = getopt_long(argc, argv, "Ltp:u:C:o:s:nrwJhV", long_options, NULL)) != -1) {
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
			each_item(optarg, o, add_pid);
			break;
		case 'u':
			each_item(optarg, o, add_user);
			break;
		case 'C':
			each_item(optarg, o, add_name);
			break;
		case 'o':
			if (*optarg == '+') {
				if (o->ncols == 0)
					o->cols_add = true;
				optarg++;
			}
			each_item(optarg, o, add_column);
			break;
		case OPT_OUTPUT_ALL:
			o->output_all = true;
			break;
		case OPT_LIST_COLUMNS:
			o->list_columns = true;
			break;
		case 's':
			each_item(optarg, o, add_key);
			break;
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
			exit(EXIT_OK);
		case 'V':
			printf("lwps %s\n", PACKAGE_VERSION);
			exit(EXIT_OK);
		default:
			fprintf(stderr, _("Try 'lwps --help' for more information.\n"));
			exit(EXIT_USAGE);
		}
	}
	for (int i = optind; i < argc; i++)
		each_item(argv[i], o, add_pid);
}

void options_release(struct options *o)
{
	for (size_t i = 0; i < o->nnames; i++)
		free(o->names[i]);
	free(o->names);
	free(o->cols);
	free(o->keys);
	free(o->pids);
	free(o->uids);
}
