/* watch.c - the view once, or again every --watch seconds. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "show.h"
#include "util/exitcodes.h"
#include "util/i18n.h"
#include "util/output_error.h"
#include "watch.h"

static void sleep_seconds(double secs)
{
	struct timespec ts = { (time_t)secs, (long)((secs - (double)(time_t)secs) * 1e9) };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Before each --watch round: clear a terminal, or mark the round's time
 * in a pipe or file.  JSON rounds carry their own time. */
static void put_round_start(const struct options *o, bool tty)
{
	if (o->json)
		return;
	if (tty) {
		fputs("\033[H\033[2J", stdout);
		return;
	}
	time_t now = time(NULL);
	struct tm tm;
	char when[64];

	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %Z", &tm);
	printf("# %s\n", when);
}

int watch_run(const struct options *o, struct source *src)
{
	enum col_scope scope = choose_scope(o);
	struct run run = { .o = o };
	bool tty = isatty(STDOUT_FILENO);
	int status = EXIT_OK;

	run.cols = choose_columns(o, scope);
	run.keys = choose_sort_keys(o, scope, &run.nkeys);
	run.one_line = o->watch > 0;
	/* Rates need an earlier reading: the first round shows an interval
	 * of the same length as the others, not lifetime averages. */
	if (o->interval > 0 || (o->watch > 0 && show_wants_rates(&run))) {
		run.keep_readings = o->watch > 0;
		status = show_first_reading(&run, src);
		if (status != EXIT_OK) {
			show_release(&run);
			return status;
		}
		sleep_seconds(o->interval > 0 ? o->interval : o->watch);
	}
	for (long round = 1;; round++) {
		if (o->watch)
			put_round_start(o, tty);
		int st = show_round(&run, src);

		if (st > status)
			status = st;
		if (!o->watch || st >= EXIT_USAGE || (o->count && round >= o->count))
			break;
		/* A closed pipe with SIGPIPE ignored: end quietly instead of
		 * watching forever. */
		status = output_flush(status);
		if (status == EXIT_FATAL || ferror(stdout))
			break;
		sleep_seconds(o->watch);
	}
	show_release(&run);
	return status;
}
