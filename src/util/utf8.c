/* utf8.c - strict UTF-8 decoding and escaping of untrusted bytes. */
#include "config.h"

#include <langinfo.h>
#include <string.h>
#include <wchar.h>

#include "util/utf8.h"

static bool locale_is_utf8;

void utf8_init(void)
{
	const char *cs = nl_langinfo(CODESET);

	locale_is_utf8 = cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

bool utf8_locale(void)
{
	return locale_is_utf8;
}

size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c, min;
	size_t n;

	if (len == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are invalid. */
	if (c < min || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return n;
}

bool utf8_is_format_control(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

static void put_hex(struct sbuf *out, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char e[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };

	sbuf_put(out, e, 4);
}

size_t utf8_escape(struct sbuf *out, const char *str, size_t len, enum escape_mode mode)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t width = 0, i = 0;

	while (i < len) {
		unsigned char c = s[i];

		if (c >= 0x20 && c < 0x7f) {
			if (mode == ESCAPE_RAW && (c == ' ' || c == '\\')) {
				put_hex(out, c);
				width += 4;
				i++;
				continue;
			}
			/* Copy the whole run of plain ASCII at once. */
			size_t run = i + 1;

			while (run < len && s[run] >= 0x20 && s[run] < 0x7f &&
			       !(mode == ESCAPE_RAW && (s[run] == ' ' || s[run] == '\\')))
				run++;
			sbuf_put(out, str + i, run - i);
			width += run - i;
			i = run;
			continue;
		}
		uint32_t cp;
		size_t n = locale_is_utf8 && c >= 0x80 ? utf8_decode(s + i, len - i, &cp) : 0;
		int w = n ? wcwidth((wchar_t)cp) : -1;

		if (n && w >= 0 && !utf8_is_format_control(cp)) {
			sbuf_put(out, (const char *)s + i, n);
			width += (size_t)w;
			i += n;
			continue;
		}
		/* Escape the whole character when it was valid, else one byte. */
		for (size_t k = 0; k < (n ? n : 1); k++)
			put_hex(out, s[i + k]);
		width += 4 * (n ? n : 1);
		i += n ? n : 1;
	}
	return width;
}

void utf8_sanitize(struct sbuf *out, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, start = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);

		if (n) {
			i += n;
			continue;
		}
		sbuf_put(out, str + start, i - start);
		sbuf_put(out, "\xef\xbf\xbd", 3);
		start = ++i;
	}
	sbuf_put(out, str + start, len - start);
}

bool utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t cp;

	for (size_t i = 0, n; i < len; i += n)
		if (!(n = utf8_decode(s + i, len - i, &cp)))
			return false;
	return true;
}

static size_t char_width(const unsigned char *s, size_t len, size_t *n)
{
	uint32_t cp;

	*n = utf8_decode(s, len, &cp);
	if (!*n) {
		*n = 1;
		return 1;
	}
	int w = cp < 0x80 ? 1 : wcwidth((wchar_t)cp);

	return w < 0 ? 1 : (size_t)w;
}

size_t utf8_width(const char *str, size_t len)
{
	size_t width = 0;

	for (size_t i = 0, n; i < len; i += n)
		width += char_width((const unsigned char *)str + i, len - i, &n);
	return width;
}

size_t utf8_fit(const char *str, size_t len, size_t cols)
{
	size_t width = 0, i = 0, n;

	while (i < len) {
		size_t w = char_width((const unsigned char *)str + i, len - i, &n);

		if (width + w > cols)
			break;
		width += w;
		i += n;
	}
	return i;
}
