/* json_writer.c - JSON text written straight to a FILE*, a value at a time. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "output/json_writer.h"
#include "util/utf8.h"

/* Written out when the buffer holds this much: big enough that each
 * fwrite() is one write(2), small enough to stay in the cache. */
enum { FLUSH_AT = 64 * 1024 };

#define SAFE_INT (1ull << 53)

static const char hex_digits[] = "0123456789abcdef";

void jw_init(struct json_writer *w, FILE *out)
{
	*w = (struct json_writer){ .out = out };
}

static void flush(struct json_writer *w)
{
	if (w->buf.len && !w->err && fwrite(w->buf.data, 1, w->buf.len, w->out) != w->buf.len)
		w->err = errno ? errno : EIO;
	w->buf.len = 0;
}

/* Between elements: the buffer is written out once it is full. */
static void flush_if_full(struct json_writer *w)
{
	if (w->buf.len >= FLUSH_AT)
		flush(w);
}

int jw_finish(struct json_writer *w)
{
	int err;

	flush(w);
	sbuf_release(&w->buf);
	err = w->err;
	w->err = 0;
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}

/* Before a key or an array element. */
static void separate(struct json_writer *w)
{
	if (w->comma)
		sbuf_putc(&w->buf, ',');
}

void jw_open_object(struct json_writer *w)
{
	separate(w);
	sbuf_putc(&w->buf, '{');
	w->comma = false;
}

void jw_close_object(struct json_writer *w)
{
	sbuf_putc(&w->buf, '}');
	w->comma = true;
	flush_if_full(w);
}

void jw_open_array(struct json_writer *w)
{
	separate(w);
	sbuf_putc(&w->buf, '[');
	w->comma = false;
}

void jw_close_array(struct json_writer *w)
{
	sbuf_putc(&w->buf, ']');
	w->comma = true;
}

void jw_newline(struct json_writer *w)
{
	sbuf_puts(&w->buf, w->comma ? ",\n" : "\n");
	w->comma = false;
}

void jw_text(struct json_writer *w, const char *text)
{
	sbuf_puts(&w->buf, text);
}

void jw_key(struct json_writer *w, enum json_key k)
{
	jw_key_name(w, json_key_name(k));
}

void jw_key_name(struct json_writer *w, const char *name)
{
	separate(w);
	sbuf_putc(&w->buf, '"');
	sbuf_puts(&w->buf, name);
	sbuf_put(&w->buf, "\":", 2);
	w->comma = false;
}

void jw_key_text(struct json_writer *w, const char *name)
{
	jw_string(w, name);
	sbuf_putc(&w->buf, ':');
	w->comma = false;
}

/* A value's opening; values are followed by a comma if more come. */
static struct sbuf *value(struct json_writer *w)
{
	separate(w);
	w->comma = true;
	return &w->buf;
}

void jw_null(struct json_writer *w)
{
	sbuf_put(value(w), "null", 4);
}

void jw_member_string(struct json_writer *w, enum json_key k, const char *s)
{
	jw_key(w, k);
	if (s)
		jw_string(w, s);
	else
		jw_null(w);
}

void jw_member_int(struct json_writer *w, enum json_key k, bool known, long long v)
{
	jw_key(w, k);
	if (known)
		jw_int(w, v);
	else
		jw_null(w);
}

void jw_member_u64(struct json_writer *w, enum json_key k, bool known, unsigned long long v)
{
	jw_key(w, k);
	if (known)
		jw_u64(w, v);
	else
		jw_null(w);
}

void jw_bool(struct json_writer *w, bool v)
{
	sbuf_puts(value(w), v ? "true" : "false");
}

void jw_int(struct json_writer *w, long long v)
{
	sbuf_put_ll(value(w), v);
}

void jw_u64(struct json_writer *w, unsigned long long v)
{
	if (v <= SAFE_INT) {
		sbuf_put_ull(value(w), v);
		return;
	}
	jw_decimal(w, v);
}

void jw_decimal(struct json_writer *w, unsigned long long v)
{
	struct sbuf *b = value(w);

	sbuf_putc(b, '"');
	sbuf_put_ull(b, v);
	sbuf_putc(b, '"');
}

void jw_address(struct json_writer *w, unsigned long long v)
{
	struct sbuf *b = value(w);

	sbuf_put(b, "\"0x", 3);
	sbuf_put_hex(b, v, 1);
	sbuf_putc(b, '"');
}

void jw_fixed(struct json_writer *w, double v, unsigned decimals)
{
	char text[64];
	int n;

	if (!isfinite(v)) {
		jw_null(w);
		return;
	}
	n = snprintf(text, sizeof(text), "%.*f", (int)decimals, v);
	if (n <= 0 || (size_t)n >= sizeof(text)) {
		jw_null(w);
		return;
	}
	/* 0.20 is 0.2 and 5.00 is 5, as the shortest form reads. */
	if (memchr(text, '.', (size_t)n)) {
		while (text[n - 1] == '0')
			n--;
		if (text[n - 1] == '.')
			n--;
	}
	if (n == 2 && memcmp(text, "-0", 2) == 0) {
		text[0] = '0';
		n = 1;
	}
	sbuf_put(value(w), text, (size_t)n);
}

/* Characters a JSON string must not hold as they are. */
static bool plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

static void put_u_escape(struct sbuf *b, uint32_t cp)
{
	char e[6] = { '\\', 'u', hex_digits[cp >> 12 & 15], hex_digits[cp >> 8 & 15],
		      hex_digits[cp >> 4 & 15], hex_digits[cp & 15] };

	sbuf_put(b, e, 6);
}

static void put_ascii_escape(struct sbuf *b, unsigned char c)
{
	static const char short_form[] = { ['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r',
					   ['\t'] = 't', ['"'] = '"', ['\\'] = '\\' };

	if (c < sizeof(short_form) && short_form[c]) {
		char e[2] = { '\\', short_form[c] };

		sbuf_put(b, e, 2);
	} else {
		put_u_escape(b, c);
	}
}

/* Appends `str` escaped for the inside of a JSON string. */
static void put_escaped(struct sbuf *b, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		size_t run = i;

		while (run < len && plain(s[run]))
			run++;
		sbuf_put(b, str + i, run - i);
		if ((i = run) == len)
			break;
		if (s[i] < 0x80) {
			put_ascii_escape(b, s[i++]);
			continue;
		}
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);

		if (n == 0) {
			sbuf_put(b, "\xef\xbf\xbd", 3);   /* U+FFFD for each invalid byte */
			i++;
		} else if (utf8_is_format_control(cp)) {
			put_u_escape(b, cp);
			i += n;
		} else {
			sbuf_put(b, str + i, n);
			i += n;
		}
	}
}

void jw_string_n(struct json_writer *w, const char *s, size_t len)
{
	struct sbuf *b = value(w);

	sbuf_putc(b, '"');
	put_escaped(b, s, len);
	sbuf_putc(b, '"');
}

void jw_string_pair(struct json_writer *w, const char *s, const char *more)
{
	struct sbuf *b = value(w);

	sbuf_putc(b, '"');
	put_escaped(b, s, strlen(s));
	put_escaped(b, more, strlen(more));
	sbuf_putc(b, '"');
}

void jw_string(struct json_writer *w, const char *s)
{
	jw_string_n(w, s, strlen(s));
}

void jw_hex_bytes(struct json_writer *w, const char *s, size_t len)
{
	struct sbuf *b = value(w);

	sbuf_putc(b, '"');
	for (size_t i = 0; i < len; i++) {
		sbuf_putc(b, hex_digits[(unsigned char)s[i] >> 4]);
		sbuf_putc(b, hex_digits[(unsigned char)s[i] & 15]);
	}
	sbuf_putc(b, '"');
}

unsigned jw_tick_decimals(long hz)
{
	unsigned places = 0;

	for (long scale = 1; scale < hz && places < 9; scale *= 10)
		places++;
	return places;
}
