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

#include "model/states.h"
#include "options.h"
#include "util/exitcodes.h"
#include "util/i18n.h"
#include "util/output_error.h"
#include "util/utf8.h"
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
	OPT_STATE,
	OPT_DIFF,
	OPT_LIMITS,
};

static const struct option long_options[] = {
	{ "lwps", no_argument, NULL, 'L' },
	{ "tree", no_argument, NULL, 't' },
	{ "forest", no_argument, NULL, 't' },
	{ "ascii", no_argument, NULL, OPT_ASCII },
	{ "ancestors", no_argument, NULL, OPT_ANCESTORS },
	{ "maps", no_argument, NULL, 'm' },
	{ "layout", no_argument, NULL, OPT_LAYOUT },
	{ "limits", no_argument, NULL, OPT_LIMITS },
	{ "waits", no_argument, NULL, 'W' },
	{ "interactive", no_argument, NULL, 'i' },
	{ "delay", required_argument, NULL, 'd' },
	{ "save", required_argument, NULL, OPT_SAVE },
	{ "load", required_argument, NULL, OPT_LOAD },
	{ "watch", required_argument, NULL, OPT_WATCH },
	{ "count", required_argument, NULL, OPT_COUNT },
	{ "interval", required_argument, NULL, 'I' },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "diff", required_argument, NULL, OPT_DIFF },
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
	exit(output_close(EXIT_OK));
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
		"  -m, --maps             the mappings of the selected processes, with smaps\n"
		"                         figures, segments and thread stacks\n"
		"      --layout           with -m, draw the address space top-down\n"
		"      --limits           the resource limits of the selected processes, as\n"
		"                         prlimit shows them\n"
		"  -W, --waits            the waiting threads grouped by what they wait on\n"
		"                         (a futex, pipe, socket, file, child or kernel\n"
		"                         function), then the running and runnable ones\n"
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
		"      --ancestors        with -t or -i, also the chain from the root to each\n"
		"                         selected process\n"
		"      --state LIST       keep only tasks in these states (R,D...): with -L\n"
		"                         threads, else processes with such a thread; narrows\n"
		"                         the other selections\n"
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
		"      --ascii            with -t or -i, draw the tree with ASCII characters\n"
		"\n"), stdout);
	fputs(_("Snapshots and repetition:\n"
		"      --save FILE        write a complete snapshot (threads, mappings) as\n"
		"                         JSON to FILE ('-' for standard output)\n"
		"      --load FILE        show a saved snapshot instead of the live system\n"
		"      --watch SECS       repeat the view every SECS seconds, rates since the\n"
		"                         round before\n"
		"      --count N          with --watch, stop after N rounds\n"
		"  -I, --interval SECS    read twice SECS apart and show the rates (%CPU...)\n"
		"                         over that interval\n"
		"      --diff OLD NEW     compare two saved snapshots: processes and threads\n"
		"                         born and exited, state changes, CPU time used,\n"
		"                         memory and mappings that changed\n"
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

/* A state letter as the kernel writes it (R S D T t Z X I P...). */
static void add_state(void *ctx, const char *s)
{
	struct options *o = ctx;
	size_t n = o->states ? strlen(o->states) : 0;

	if (strlen(s) != 1 || !task_state_find(s[0]))
		usage_error(_("unknown state '%s' (one of: %s)"), s, task_state_letters());
	if (o->states && strchr(o->states, s[0]))
		return;
	o->states = xrealloc(o->states, n + 2);
	o->states[n] = s[0];
	o->states[n + 1] = '\0';
}

static void add_string(char ***list, size_t *n, const char *s)
{
	*list = xrealloc(*list, (*n + 1) * sizeof(char *));
	(*list)[(*n)++] = xstrdup(s);
}

/* The options that need or refuse others, by the bit of each. */
enum flag {
	F_LWPS, F_TREE, F_MAPS, F_LAYOUT, F_JSON, F_RAW, F_ASCII, F_ANCESTORS, F_OUTPUT,
	F_OUTPUT_ALL, F_SORT, F_PID, F_USER, F_COMMAND, F_INTERACTIVE, F_DELAY, F_SAVE,
	F_LOAD, F_WATCH, F_COUNT, F_INTERVAL, F_STATE, F_DIFF, F_LIMITS, F_WAITS,
};

#define BIT(f) (1u << (f))

/* As the messages name them. */
static const char *const flag_names[] = {
	[F_LWPS] = "-L", [F_TREE] = "-t", [F_MAPS] = "-m", [F_LAYOUT] = "--layout",
	[F_JSON] = "-J", [F_RAW] = "-r", [F_ASCII] = "--ascii", [F_ANCESTORS] = "--ancestors",
	[F_OUTPUT] = "-o", [F_OUTPUT_ALL] = "--output-all", [F_SORT] = "-s", [F_PID] = "-p",
	[F_USER] = "-u", [F_COMMAND] = "-C", [F_INTERACTIVE] = "-i", [F_DELAY] = "-d",
	[F_SAVE] = "--save", [F_LOAD] = "--load", [F_WATCH] = "--watch", [F_COUNT] = "--count",
	[F_INTERVAL] = "-I", [F_STATE] = "--state", [F_DIFF] = "--diff", [F_LIMITS] = "--limits",
	[F_WAITS] = "-W",
};

/* An option that needs one of `others` (`needs`), or refuses each of them.
 * `alternatives` names several needed options in a message. */
struct rule {
	enum flag opt;
	unsigned others;
	bool needs;
	const char *alternatives;
};

/* Checked in this order: the first rule broken is the message. */
static const struct rule rules[] = {
	/* Two snapshots compared have a view of their own: only the
	 * selections, -J and what shapes text apply. */
	{ F_DIFF, BIT(F_LWPS) | BIT(F_TREE) | BIT(F_MAPS) | BIT(F_LAYOUT) | BIT(F_ASCII) |
	  BIT(F_ANCESTORS) | BIT(F_OUTPUT) | BIT(F_OUTPUT_ALL) | BIT(F_SORT) | BIT(F_INTERACTIVE) |
	  BIT(F_DELAY) | BIT(F_SAVE) | BIT(F_LOAD) | BIT(F_WATCH) | BIT(F_COUNT) | BIT(F_INTERVAL) |
	  BIT(F_WAITS), false, NULL },
	/* -W is a view of its own: groups of threads, its own columns. */
	{ F_WAITS, BIT(F_LWPS) | BIT(F_TREE) | BIT(F_MAPS) | BIT(F_LAYOUT) | BIT(F_INTERACTIVE) |
	  BIT(F_OUTPUT) | BIT(F_OUTPUT_ALL) | BIT(F_SORT) | BIT(F_SAVE) | BIT(F_INTERVAL) |
	  BIT(F_ANCESTORS) | BIT(F_ASCII) | BIT(F_LIMITS), false, NULL },
	{ F_LAYOUT, BIT(F_MAPS), true, NULL },
	{ F_ANCESTORS, BIT(F_TREE) | BIT(F_INTERACTIVE), true, N_("-t or -i") },
	{ F_ASCII, BIT(F_TREE) | BIT(F_INTERACTIVE), true, N_("-t or -i") },
	{ F_COUNT, BIT(F_WATCH), true, NULL },
	{ F_DELAY, BIT(F_INTERACTIVE), true, NULL },
	/* -m is a table per process: of selected ones, without threads or tree. */
	{ F_MAPS, BIT(F_PID) | BIT(F_USER) | BIT(F_COMMAND), true, N_("-p, -u or -C") },
	{ F_MAPS, BIT(F_LWPS) | BIT(F_TREE), false, NULL },
	{ F_LAYOUT, BIT(F_JSON), false, NULL },
	/* The browser has its own screens, and no output to format. */
	{ F_INTERACTIVE, BIT(F_JSON) | BIT(F_MAPS) | BIT(F_RAW) | BIT(F_SAVE) | BIT(F_WATCH),
	  false, NULL },
	/* A snapshot holds everything, in one format: no view shapes it.
	 * -n, -r, -w and --color only shape text, which JSON ignores. */
	{ F_SAVE, BIT(F_JSON) | BIT(F_LWPS) | BIT(F_TREE) | BIT(F_MAPS) | BIT(F_OUTPUT) |
	  BIT(F_OUTPUT_ALL) | BIT(F_SORT) | BIT(F_WATCH), false, NULL },
	/* A saved snapshot never changes: watching it shows the same. */
	{ F_LOAD, BIT(F_WATCH) | BIT(F_INTERVAL), false, NULL },
	/* One interval, shown once; the browser and --watch have their own. */
	{ F_INTERVAL, BIT(F_WATCH) | BIT(F_INTERACTIVE) | BIT(F_SAVE) | BIT(F_MAPS), false, NULL },
	{ F_STATE, BIT(F_MAPS) | BIT(F_SAVE), false, NULL },
	/* --limits is a table per process, once: no threads, tree, mappings
	 * or rates (a snapshot already keeps the limits). */
	{ F_LIMITS, BIT(F_LWPS) | BIT(F_TREE) | BIT(F_MAPS) | BIT(F_INTERACTIVE) | BIT(F_SAVE) |
	  BIT(F_WATCH) | BIT(F_INTERVAL) | BIT(F_DIFF), false, NULL },
};

static unsigned given_flags(const struct options *o)
{
	const bool given[] = {
		[F_LWPS] = o->lwps, [F_TREE] = o->tree, [F_MAPS] = o->maps, [F_LAYOUT] = o->layout,
		[F_JSON] = o->json, [F_RAW] = o->raw, [F_ASCII] = o->ascii,
		[F_ANCESTORS] = o->ancestors, [F_OUTPUT] = o->noutputs > 0,
		[F_OUTPUT_ALL] = o->output_all, [F_SORT] = o->nsorts > 0, [F_PID] = o->npids > 0,
		[F_USER] = o->nuids > 0, [F_COMMAND] = o->nnames > 0,
		[F_INTERACTIVE] = o->interactive, [F_DELAY] = o->delay_given,
		[F_SAVE] = o->save != NULL, [F_LOAD] = o->load != NULL, [F_WATCH] = o->watch > 0,
		[F_COUNT] = o->count > 0, [F_INTERVAL] = o->interval > 0, [F_STATE] = o->states != NULL,
		[F_DIFF] = o->diff_old != NULL,
		[F_LIMITS] = o->limits,
		[F_WAITS] = o->waits,
	};
	unsigned bits = 0;

	for (size_t f = 0; f < sizeof(given) / sizeof(given[0]); f++)
		if (given[f])
			bits |= BIT(f);
	return bits;
}

static const char *first_flag(unsigned bits)
{
	enum flag f = 0;

	while (!(bits & BIT(f)))
		f++;
	return flag_names[f];
}

/* Refuses, as a usage error, an option that does not apply. */
static void check_rules(const struct options *o)
{
	unsigned given = given_flags(o);

	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		const struct rule *r = &rules[i];
		unsigned hit = given & r->others;

		if (!(given & BIT(r->opt)))
			continue;
		if (r->needs && !hit)
			usage_error(_("%s goes with %s"), flag_names[r->opt],
				    r->alternatives ? _(r->alternatives) : first_flag(r->others));
		if (!r->needs && hit)
			usage_error(_("%s and %s do not go together"), flag_names[r->opt],
				    first_flag(hit));
	}
}

/* How many long options `name` (without "--" and "=VALUE") abbreviates;
 * an exact name counts as one. */
static size_t long_matches(const char *name)
{
	size_t len = strcspn(name, "="), n = 0;

	for (const struct option *lo = long_options; lo->name; lo++) {
		if (strncmp(lo->name, name, len) != 0)
			continue;
		if (lo->name[len] == '\0')
			return 1;
		n++;
	}
	return n;
}

/* What getopt refused in `arg` (the word it was reading), as our other
 * messages say it, the option escaped as any text from outside. */
static _Noreturn void bad_option(const char *arg, bool missing)
{
	static struct sbuf opt;   /* static: still reachable at exit */
	bool is_long = strncmp(arg, "--", 2) == 0;

	if (is_long) {
		utf8_escape(&opt, arg, strcspn(arg, "="), ESCAPE_TABLE);
	} else {
		char c = (char)optopt;

		sbuf_putc(&opt, '-');
		utf8_escape(&opt, &c, 1, ESCAPE_TABLE);
	}
	if (missing)
		usage_error(_("option '%s' needs an argument"), sbuf_cstr(&opt));
	if (!is_long)
		usage_error(_("invalid option '%s'"), sbuf_cstr(&opt));
	if (optopt)
		usage_error(_("option '%s' takes no argument"), sbuf_cstr(&opt));
	if (long_matches(arg + 2) > 1)
		usage_error(_("option '%s' is ambiguous"), sbuf_cstr(&opt));
	usage_error(_("unrecognized option '%s'"), sbuf_cstr(&opt));
}

void options_parse(struct options *o, int argc, char **argv)
{
	int c;

	/* getopt's own messages name the program as it was run
	 * ("/usr/bin/lwps: ..."): bad_option() says it as ours do. */
	opterr = 0;
	memset(o, 0, sizeof(*o));
	o->headings = true;
	o->delay = 2;
	while ((c = getopt_long(argc, argv, ":LtmWid:I:p:u:C:o:s:nrwJhV", long_options, NULL)) != -1) {
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
		case OPT_LIMITS:
			o->limits = true;
			break;
		case 'W':
			o->waits = true;
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
		case 'I':
			o->interval = parse_seconds(optarg);
			break;
		case OPT_STATE:
			for_each_item(optarg, o, add_state);
			break;
		case OPT_DIFF:
			o->diff_old = optarg;
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
			bad_option(argv[optind - 1], c == ':');
		}
	}
	/* getopt takes one argument: NEW is the first word left. */
	if (o->diff_old && optind >= argc)
		usage_error(_("--diff compares two snapshots: --diff OLD NEW"));
	if (o->diff_old)
		o->diff_new = argv[optind++];
	for (int i = optind; i < argc; i++)
		for_each_item(argv[i], o, add_pid);
	/* --list-columns lists the kind of columns -m chose, and nothing else. */
	if (!o->list_columns)
		check_rules(o);
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
	free(o->states);
}
