/* sbuf.h - a growable byte string. */
#ifndef LWPS_SBUF_H
#define LWPS_SBUF_H

#include <stdarg.h>
#include <stddef.h>

struct sbuf {
	char *data;   /* NUL-terminated whenever len > 0 or after sbuf_cstr */
	size_t len, cap;
};

void sbuf_put(struct sbuf *b, const char *s, size_t n);
void sbuf_puts(struct sbuf *b, const char *s);
void sbuf_putc(struct sbuf *b, char c);
void sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_vprintf(struct sbuf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
const char *sbuf_cstr(struct sbuf *b);
void sbuf_reset(struct sbuf *b);
void sbuf_release(struct sbuf *b);

#endif
