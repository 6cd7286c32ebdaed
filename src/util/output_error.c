/* output_error.c - the one rule for errors writing standard output. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/exitcodes.h"
#include "util/i18n.h"
#include "util/output_error.h"

int output_failed(int err, int status)
{
	if (err == EPIPE)
		return status;
	fprintf(stderr, _("lwps: write error: %s\n"), strerror(err ? err : EIO));
	return EXIT_FATAL;
}

int output_flush(int status)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return status;
	return output_failed(errno, status);
}

int output_close(int status)
{
	int flushed = fflush(stdout) == 0 && !ferror(stdout);

	if (flushed && fclose(stdout) == 0)
		return status;
	return output_failed(errno, status);
}
