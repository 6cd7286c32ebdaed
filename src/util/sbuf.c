/* sbuf.c - a growable byte string. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/sbuf.h"
#include "util/xalloc.h"

void sbuf_grow(struct sbuf *b, size_t more)
{
	xgrow(&b->data, &b->cap, b->len + more + 1, 1);
}

void sbuf_puts(struct sbuf *b, const char *s)
{
	sbuf_put(b, s, strlen(s));
}

void sbuf_fill(struct sbuf *b, char c, size_t n)
{
	if (b->cap - b->len <= n)
		sbuf_grow(b, n);
	memset(b->data + b->len, c, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void sbuf_put_ull(struct sbuf *b, unsigned long long v)
{
	char digits[20];
	size_t i = sizeof(digits);

	do {
		digits[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	sbuf_put(b, digits + i, sizeof(digits) - i);
}

void sbuf_put_ll(struct sbuf *b, long long v)
{
	if (v < 0) {
		sbuf_putc(b, '-');
		/* LLONG_MIN has no positive twin: negate as unsigned. */
		sbuf_put_ull(b, 0 - (unsigned long long)v);
	} else {
		sbuf_put_ull(b, (unsigned long long)v);
	}
}

void sbuf_put_hex(struct sbuf *b, unsigned long long v, unsigned min_digits)
{
	static const char hex[] = "0123456789abcdef";
	char digits[16];
	size_t i = sizeof(digits);

	do {
		digits[--i] = hex[v & 15];
		v >>= 4;
	} while (v);
	if (min_digits > sizeof(digits) - i)
		sbuf_fill(b, '0', min_digits - (sizeof(digits) - i));
	sbuf_put(b, digits + i, sizeof(digits) - i);
}

void sbuf_vprintf(struct sbuf *b, const char *fmt, va_list ap)
{
	va_list again;
	char small[128];
	int n;

	va_copy(again, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	if (n >= 0 && (size_t)n < sizeof(small)) {
		sbuf_put(b, small, (size_t)n);
	} else if (n >= 0) {
		xgrow(&b->data, &b->cap, b->len + (size_t)n + 1, 1);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
		b->len += (size_t)n;
	}
	va_end(again);
}

void sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sbuf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *sbuf_cstr(struct sbuf *b)
{
	xgrow(&b->data, &b->cap, b->len + 1, 1);
	b->data[b->len] = '\0';
	return b->data;
}

void sbuf_reset(struct sbuf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void sbuf_release(struct sbuf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
