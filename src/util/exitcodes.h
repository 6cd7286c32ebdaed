/* exitcodes.h - the documented exit statuses. */
#ifndef LWPS_EXITCODES_H
#define LWPS_EXITCODES_H

enum {
	EXIT_OK = 0,
	EXIT_PARTIAL = 1,   /* a requested PID was missing or unreadable */
	EXIT_USAGE = 2,     /* bad option, column or PID */
	EXIT_FATAL = 3,     /* no /proc, output cannot be written */
};

#endif
