/* scan.h - bounded number scanning over a byte range (no NUL needed). */
#ifndef LWPS_SCAN_H
#define LWPS_SCAN_H

#include <stddef.h>

struct scan {
	const char *p, *end;
};

void scan_init(struct scan *sc, const char *p, size_t len);
/* Each skips leading blanks, then reads one token; 0 or -1. */
int scan_ll(struct scan *sc, long long *out);
int scan_ull(struct scan *sc, unsigned long long *out);
/* Accepts a leading '-' and stores the two's complement, as the kernel's
 * signed stat fields need. */
int scan_ull_signed(struct scan *sc, unsigned long long *out);
int scan_char(struct scan *sc, char *out);
/* Reads a hexadecimal number (no 0x prefix). */
int scan_hex(struct scan *sc, unsigned long long *out);
/* Skips blanks; returns 1 at the end of input or line. */
int scan_at_eol(struct scan *sc);

#endif
