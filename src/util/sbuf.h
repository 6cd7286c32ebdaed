/* sbuf.h - a growable byte string.
 *
 * Output of tens of thousands of rows goes through here a byte or a
 * number at a time, so the common case (room left) is inline and numbers
 * are written without printf. */
#ifndef LWPS_SBUF_H
#define LWPS_SBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct sbuf {
	char *data;   /* NUL-terminated whenever len > 0 or after sbuf_cstr */
	size_t len, cap;
};

/* Makes room for `more` bytes and the NUL after them. */
void sbuf_grow(struct sbuf *b, size_t more);

static inline void sbuf_put(struct sbuf *b, const char *s, size_t n)
{
	if (b->cap - b->len <= n)
		sbuf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static inline void sbuf_putc(struct sbuf *b, char c)
{
	if (b->cap - b->len <= 1)
		sbuf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void sbuf_puts(struct sbuf *b, const char *s);
/* `n` copies of `c`. */
void sbuf_fill(struct sbuf *b, char c, size_t n);
/* Decimal, as %llu and %lld print them. */
void sbuf_put_ull(struct sbuf *b, unsigned long long v);
void sbuf_put_ll(struct sbuf *b, long long v);
/* Lower-case hex, zero-padded to at least `min_digits` (%0*llx). */
void sbuf_put_hex(struct sbuf *b, unsigned long long v, unsigned min_digits);
void sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_vprintf(struct sbuf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
const char *sbuf_cstr(struct sbuf *b);
void sbuf_reset(struct sbuf *b);
void sbuf_release(struct sbuf *b);

#endif
