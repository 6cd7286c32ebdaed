#include "config.h"

/* test_utf8.c - unit tests for src/util/utf8.c: strict decoding, the
 * text escaping rule documented at the top of utf8.h, U+FFFD
 * sanitizing, display width and fitting. */

#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "util/sbuf.h"
#include "util/utf8.h"
#include "bounded.h"
#include "tap.h"


/* ------------------------------------------------------------------ */
/* A reference for well-formed UTF-8, written from Table 3-7 of the
 * Unicode Standard rather than from utf8.c: the length of the sequence
 * at s[0..len), or 0 when it is not well formed. */

static size_t ref_len(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n;

	if (len == 0)
		return 0;
	if (s[0] <= 0x7f) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (len < n || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	if (n == 2)
		*cp = (uint32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
	else if (n == 3)
		*cp = (uint32_t)(s[0] & 0x0f) << 12 | (uint32_t)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
	else
		*cp = (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3f) << 12 |
		      (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
	return n;
}

static size_t encode(uint32_t cp, unsigned char *out)
{
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (unsigned char)(0xc0 | cp >> 6);
		out[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (unsigned char)(0xe0 | cp >> 12);
		out[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (unsigned char)(0xf0 | cp >> 18);
	out[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* ------------------------------------------------------------------ */
/* utf8_decode */

static void decode_is(const char *bytes, size_t len, size_t want_n, uint32_t want_cp,
		      const char *name)
{
	char *copy = heap_copy(bytes, len);
	uint32_t cp = 0xdeadbeef;
	size_t n = utf8_decode((const unsigned char *)copy, len, &cp);

	is_uint(n, want_n, "decode %s: length %zu", name, want_n);
	if (want_n)
		is_uint(cp, want_cp, "decode %s: U+%04X", name, (unsigned)want_cp);
	free(copy);
}

static void test_decode(void)
{
	diag("utf8_decode: valid sequences");
	decode_is("A", 1, 1, 0x41, "\"A\"");
	decode_is("\0", 1, 1, 0, "NUL");
	decode_is("\x7f", 1, 1, 0x7f, "7F");
	decode_is("\xc2\x80", 2, 2, 0x80, "C2 80");
	decode_is("\xc3\xa9", 2, 2, 0xe9, "C3 A9 (e acute)");
	decode_is("\xdf\xbf", 2, 2, 0x7ff, "DF BF");
	decode_is("\xe0\xa0\x80", 3, 3, 0x800, "E0 A0 80");
	decode_is("\xe4\xb8\xad", 3, 3, 0x4e2d, "E4 B8 AD (CJK)");
	decode_is("\xed\x9f\xbf", 3, 3, 0xd7ff, "ED 9F BF (below surrogates)");
	decode_is("\xee\x80\x80", 3, 3, 0xe000, "EE 80 80 (above surrogates)");
	decode_is("\xef\xbf\xbd", 3, 3, 0xfffd, "EF BF BD");
	decode_is("\xef\xbf\xbf", 3, 3, 0xffff, "EF BF BF");
	decode_is("\xf0\x90\x80\x80", 4, 4, 0x10000, "F0 90 80 80");
	decode_is("\xf0\x9f\x98\x80", 4, 4, 0x1f600, "F0 9F 98 80 (emoji)");
	decode_is("\xf4\x8f\xbf\xbf", 4, 4, 0x10ffff, "F4 8F BF BF (U+10FFFF)");
	decode_is("\xc3\xa9XYZ", 5, 2, 0xe9, "C3 A9 followed by ASCII");
	decode_is("\xe4\xb8\xad\xe6\x96\x87", 6, 3, 0x4e2d, "two CJK characters");

	diag("utf8_decode: overlong forms");
	decode_is("\xc0\x80", 2, 0, 0, "C0 80 (overlong NUL)");
	decode_is("\xc1\xbf", 2, 0, 0, "C1 BF (overlong 7F)");
	decode_is("\xc0\xaf", 2, 0, 0, "C0 AF (overlong '/')");
	decode_is("\xe0\x80\x80", 3, 0, 0, "E0 80 80");
	decode_is("\xe0\x80\xaf", 3, 0, 0, "E0 80 AF (overlong '/')");
	decode_is("\xe0\x9f\xbf", 3, 0, 0, "E0 9F BF (overlong 7FF)");
	decode_is("\xf0\x80\x80\x80", 4, 0, 0, "F0 80 80 80");
	decode_is("\xf0\x8f\xbf\xbf", 4, 0, 0, "F0 8F BF BF (overlong FFFF)");

	diag("utf8_decode: surrogates and beyond U+10FFFF");
	decode_is("\xed\xa0\x80", 3, 0, 0, "ED A0 80 (U+D800)");
	decode_is("\xed\xb2\x80", 3, 0, 0, "ED B2 80 (U+DC80)");
	decode_is("\xed\xbf\xbf", 3, 0, 0, "ED BF BF (U+DFFF)");
	decode_is("\xf4\x90\x80\x80", 4, 0, 0, "F4 90 80 80 (U+110000)");
	decode_is("\xf5\x80\x80\x80", 4, 0, 0, "F5 80 80 80");
	decode_is("\xf7\xbf\xbf\xbf", 4, 0, 0, "F7 BF BF BF");
	decode_is("\xf8\x88\x80\x80\x80", 5, 0, 0, "F8 (5-byte form)");
	decode_is("\xfc\x84\x80\x80\x80\x80", 6, 0, 0, "FC (6-byte form)");
	decode_is("\xfe", 1, 0, 0, "FE");
	decode_is("\xff", 1, 0, 0, "FF");

	diag("utf8_decode: truncated and broken sequences");
	decode_is("\xc3", 1, 0, 0, "C3 at the end");
	decode_is("\xe4", 1, 0, 0, "E4 at the end");
	decode_is("\xe4\xb8", 2, 0, 0, "E4 B8 at the end");
	decode_is("\xf0\x9f", 2, 0, 0, "F0 9F at the end");
	decode_is("\xf0\x9f\x98", 3, 0, 0, "F0 9F 98 at the end");
	decode_is("\xc3(", 2, 0, 0, "C3 then '('");
	decode_is("\xe4(\xad", 3, 0, 0, "E4 '(' AD");
	decode_is("\xe4\xb8(", 3, 0, 0, "E4 B8 '('");
	decode_is("\xf0\x9f\x98(", 4, 0, 0, "F0 9F 98 '('");
	decode_is("\xe4\xb8\xc3\xa9", 4, 0, 0, "E4 B8 then a new lead byte");
	decode_is("\x80", 1, 0, 0, "lone 80");
	decode_is("\xbf", 1, 0, 0, "lone BF");
	decode_is("\x80\x80\x80", 3, 0, 0, "three continuation bytes");
	decode_is("\xa9", 1, 0, 0, "second byte of e acute alone");

	/* The decoded range s[0..len) is empty: there is no character, and
	 * s[0] must not be read. */
	uint32_t cp = 0;
	is_uint(utf8_decode((const unsigned char *)"A", 0, &cp), 0,
		"decode with len 0 returns 0 (does not read s[0])");

	/* Every scalar value round-trips through its encoding. */
	unsigned long bad = 0;
	for (uint32_t c = 0; c <= 0x10ffff; c++) {
		unsigned char b[4];
		size_t n;
		uint32_t got = 0;

		if (c >= 0xd800 && c <= 0xdfff)
			continue;
		n = encode(c, b);
		if (utf8_decode(b, n, &got) != n || got != c)
			bad++;
	}
	is_uint(bad, 0, "every scalar value U+0000..U+10FFFF decodes to itself");

	/* Every 1-, 2- and 3-byte string, and 4-byte strings over the
	 * interesting trail bytes, agree with the Table 3-7 reference. */
	static const unsigned char trail[] = { 0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0,
					       0xbf, 0xc0, 0xc2, 0xe0, 0xf0, 0xff };
	unsigned long mismatch = 0;
	unsigned long accepted = 0;
	for (unsigned b0 = 0; b0 < 256; b0++)
		for (unsigned b1 = 0; b1 < 256; b1++)
			for (unsigned b2 = 0; b2 < 256; b2++) {
				unsigned char s[3] = { (unsigned char)b0, (unsigned char)b1,
						       (unsigned char)b2 };
				uint32_t c1 = 0, c2 = 0;

				for (size_t len = 1; len <= 3; len++) {
					size_t want = ref_len(s, len, &c1);
					size_t got = utf8_decode(s, len, &c2);

					if (got != want || (want && c1 != c2))
						mismatch++;
				}
				if (ref_len(s, 3, &c1))
					accepted++;
			}
	for (unsigned b0 = 0xf0; b0 < 0x100; b0++)
		for (unsigned b1 = 0; b1 < 256; b1++)
			for (size_t i = 0; i < sizeof(trail); i++)
				for (size_t j = 0; j < sizeof(trail); j++) {
					unsigned char s[4] = { (unsigned char)b0, (unsigned char)b1,
							       trail[i], trail[j] };
					uint32_t c1 = 0, c2 = 0;
					size_t want = ref_len(s, 4, &c1);
					size_t got = utf8_decode(s, 4, &c2);

					if (got != want || (want && c1 != c2))
						mismatch++;
				}
	is_uint(mismatch, 0, "all 1-3 byte strings and 4-byte samples agree with Table 3-7");
	ok(accepted > 0, "the reference accepts something (%lu 3-byte windows)", accepted);
}

/* ------------------------------------------------------------------ */
/* utf8_escape */

static int is_bidi_or_c1(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The text rule of utf8.h, written out for the random tests below. */
static size_t ref_escape(struct sbuf *out, const unsigned char *s, size_t len,
			 enum escape_mode mode, int utf8)
{
	static const char hex[] = "0123456789abcdef";
	size_t width = 0;

	for (size_t i = 0; i < len;) {
		uint32_t cp = 0;
		size_t n = ref_len(s + i, len - i, &cp);
		int keep;

		if (n == 1)
			keep = s[i] >= 0x20 && s[i] != 0x7f &&
			       !(mode == ESCAPE_RAW && (s[i] == ' ' || s[i] == '\\'));
		else
			keep = n > 1 && utf8 && !is_bidi_or_c1(cp) && wcwidth((wchar_t)cp) >= 0;
		if (n > 1 && !utf8)
			n = 1;
		if (n == 0)
			n = 1;
		if (keep) {
			sbuf_put(out, (const char *)s + i, n);
			width += n == 1 ? 1 : (size_t)wcwidth((wchar_t)cp);
		} else {
			for (size_t k = 0; k < n; k++) {
				char e[4] = { '\\', 'x', hex[s[i + k] >> 4], hex[s[i + k] & 15] };

				sbuf_put(out, e, 4);
			}
			width += 4 * n;
		}
		i += n;
	}
	return width;
}

/* Escapes an exact-size heap copy of `in` and checks output and width;
 * also that the width is what utf8_width() says of the output. */
static void esc_is(const char *in, size_t inlen, enum escape_mode mode, const char *want,
		   size_t want_width, const char *name)
{
	struct sbuf sb = { 0 };
	char *copy = heap_copy(in, inlen);
	size_t w = utf8_escape(&sb, copy, inlen, mode);
	const char *m = mode == ESCAPE_RAW ? "raw" : "table";

	is_mem(sb.data, sb.len, want, strlen(want), "escape %s (%s): text", name, m);
	is_uint(w, want_width, "escape %s (%s): width %zu", name, m, want_width);
	if (utf8_locale())
		is_uint(utf8_width(sb.data, sb.len), w,
			"escape %s (%s): utf8_width of the output agrees", name, m);
	free(copy);
	sbuf_release(&sb);
}

#define ESC(lit, mode, want, width, name) esc_is(lit, sizeof(lit) - 1, mode, want, width, name)

static void test_escape_utf8(void)
{
	diag("utf8_escape in C.UTF-8");
	ESC("abc", ESCAPE_TABLE, "abc", 3, "\"abc\"");
	ESC("", ESCAPE_TABLE, "", 0, "empty");
	ESC("\x1b[2J", ESCAPE_TABLE, "\\x1b[2J", 7, "ESC [ 2 J");
	ESC("bad\xff\xfe", ESCAPE_TABLE, "bad\\xff\\xfe", 11, "bad FF FE");
	ESC("\xc2\x9b", ESCAPE_TABLE, "\\xc2\\x9b", 8, "C1 control U+009B");
	ESC("\xc2\x85", ESCAPE_TABLE, "\\xc2\\x85", 8, "C1 NEL U+0085");
	ESC("\xe2\x80\xae", ESCAPE_TABLE, "\\xe2\\x80\\xae", 12, "RIGHT-TO-LEFT OVERRIDE U+202E");
	ESC("a\xe2\x80\xaeZ", ESCAPE_TABLE, "a\\xe2\\x80\\xaeZ", 14, "RLO between letters");
	ESC("\xe2\x80\xaa", ESCAPE_TABLE, "\\xe2\\x80\\xaa", 12, "LRE U+202A");
	ESC("\xe2\x81\xa6", ESCAPE_TABLE, "\\xe2\\x81\\xa6", 12, "LRI U+2066");
	ESC("\xe2\x81\xa9", ESCAPE_TABLE, "\\xe2\\x81\\xa9", 12, "PDI U+2069");
	ESC("\xe2\x80\x8f", ESCAPE_TABLE, "\\xe2\\x80\\x8f", 12, "RLM U+200F");
	ESC("\xd8\x9c", ESCAPE_TABLE, "\\xd8\\x9c", 8, "ARABIC LETTER MARK U+061C");
	ESC("\xe2\x80\xa8", ESCAPE_TABLE, "\\xe2\\x80\\xa8", 12,
	    "LINE SEPARATOR U+2028 (not printable)");
	ESC("\xf4\x8f\xbf\xbf", ESCAPE_TABLE, "\\xf4\\x8f\\xbf\\xbf", 16,
	    "noncharacter U+10FFFF (not printable)");
	ESC("\xc3\xa9", ESCAPE_TABLE, "\xc3\xa9", 1, "e acute");
	ESC("caf\xc3\xa9", ESCAPE_TABLE, "caf\xc3\xa9", 4, "\"cafe\" with e acute");
	ESC("\xe4\xb8\xad", ESCAPE_TABLE, "\xe4\xb8\xad", 2, "CJK U+4E2D");
	ESC("a\xe4\xb8\xad\xe6\x96\x87z", ESCAPE_TABLE, "a\xe4\xb8\xad\xe6\x96\x87z", 6,
	    "ASCII and two CJK");
	ESC("\xf0\x9f\x98\x80", ESCAPE_TABLE, "\xf0\x9f\x98\x80", 2, "emoji U+1F600");
	ESC("e\xcc\x81", ESCAPE_TABLE, "e\xcc\x81", 1, "e + combining acute");
	ESC("\x7f", ESCAPE_TABLE, "\\x7f", 4, "DEL");
	ESC("a\tb\nc\r", ESCAPE_TABLE, "a\\x09b\\x0ac\\x0d", 15, "tab, newline, CR");
	ESC("a\0b", ESCAPE_TABLE, "a\\x00b", 6, "NUL byte");
	ESC("\x01\x1f", ESCAPE_TABLE, "\\x01\\x1f", 8, "01 and 1F");
	ESC(" ~", ESCAPE_TABLE, " ~", 2, "space and tilde");

	diag("utf8_escape: invalid UTF-8 is escaped byte by byte");
	ESC("\xc0\x80", ESCAPE_TABLE, "\\xc0\\x80", 8, "overlong C0 80");
	ESC("\xe0\x80\xaf", ESCAPE_TABLE, "\\xe0\\x80\\xaf", 12, "overlong E0 80 AF");
	ESC("\xed\xa0\x80", ESCAPE_TABLE, "\\xed\\xa0\\x80", 12, "surrogate ED A0 80");
	ESC("\xf4\x90\x80\x80", ESCAPE_TABLE, "\\xf4\\x90\\x80\\x80", 16, "F4 90 80 80");
	ESC("ab\xe4\xb8", ESCAPE_TABLE, "ab\\xe4\\xb8", 10, "truncated CJK at the end");
	ESC("\xe4\xb8X", ESCAPE_TABLE, "\\xe4\\xb8X", 9, "truncated CJK then X");
	ESC("\xe4\xb8\xe4\xb8\xad", ESCAPE_TABLE, "\\xe4\\xb8\xe4\xb8\xad", 10,
	    "truncated CJK then a whole one");
	ESC("\x80", ESCAPE_TABLE, "\\x80", 4, "lone continuation byte");
	ESC("\xa9\xc3", ESCAPE_TABLE, "\\xa9\\xc3", 8, "A9 C3 (swapped e acute)");

	diag("utf8_escape: raw mode");
	ESC("a b\\c", ESCAPE_RAW, "a\\x20b\\x5cc", 11, "space and backslash");
	ESC("a b\\c", ESCAPE_TABLE, "a b\\c", 5, "space and backslash");
	ESC("\\x41", ESCAPE_RAW, "\\x5cx41", 7, "literal \\x41");
	ESC("\\x41", ESCAPE_TABLE, "\\x41", 4, "literal \\x41");
	ESC("\xc3\xa9 \xe4\xb8\xad", ESCAPE_RAW, "\xc3\xa9\\x20\xe4\xb8\xad", 7, "e acute, space, CJK");
	ESC("\x7f\x1b", ESCAPE_RAW, "\\x7f\\x1b", 8, "DEL ESC");
	ESC("\t", ESCAPE_RAW, "\\x09", 4, "tab");

	/* utf8_escape appends. */
	struct sbuf sb = { 0 };

	sbuf_puts(&sb, "pre:");
	is_uint(utf8_escape(&sb, "x\x01", 2, ESCAPE_TABLE), 5, "escape appends: width of the new part");
	is_mem(sb.data, sb.len, "pre:x\\x01", 9, "escape appends after existing text");
	sbuf_release(&sb);
}

/* Undoes raw-mode escaping. */
static size_t unescape(const char *s, size_t len, char *out)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 3 < len && s[i + 1] == 'x') {
			unsigned v = 0;

			for (int k = 2; k <= 3; k++) {
				char c = s[i + (size_t)k];

				v = v * 16 + (unsigned)(c <= '9' ? c - '0' : c - 'a' + 10);
			}
			out[n++] = (char)v;
			i += 3;
		} else {
			out[n++] = s[i];
		}
	}
	return n;
}

/* Random strings built from interesting pieces. */
static size_t random_text(uint32_t *seed, char *buf, size_t cap)
{
	static const char *const piece[] = {
		"a", "Z", " ", "\\", "\\x41", "\x1b", "\n", "\t", "\x7f", "\x01", "\xff", "\xfe",
		"\x80", "\xbf", "\xc0", "\xc2", "\xe4", "\xf0", "\xf4", "\xed", "\xc3\xa9",
		"\xe4\xb8\xad", "\xf0\x9f\x98\x80", "\xc2\x9b", "\xe2\x80\xae", "\xe2\x81\xa6",
		"\xed\xa0\x80", "\xc0\x80", "\xf4\x90\x80\x80", "e\xcc\x81", "\xe2\x80\xa8",
		"\xef\xbf\xbd",
	};
	size_t n = 0;

	*seed = *seed * 1103515245u + 12345u;
	size_t want = (*seed >> 8) % 24;
	for (size_t i = 0; i < want; i++) {
		*seed = *seed * 1103515245u + 12345u;
		const char *p = piece[(*seed >> 16) % (sizeof(piece) / sizeof(piece[0]))];
		size_t l = strlen(p);

		if (n + l > cap)
			break;
		memcpy(buf + n, p, l);
		n += l;
	}
	return n;
}

/* Checks the text rule's guarantees on random input. */
static void test_escape_random(const char *loc, int utf8)
{
	uint32_t seed = 777;
	int differ = 0, unsafe = 0, lossy = 0, width_bad = 0, raw_words = 0;

	for (int iter = 0; iter < 5000; iter++) {
		char in[128], back[512];
		size_t len = random_text(&seed, in, sizeof(in));
		char *copy = heap_copy(in, len);

		for (int m = 0; m < 2; m++) {
			enum escape_mode mode = m ? ESCAPE_RAW : ESCAPE_TABLE;
			struct sbuf got = { 0 }, want = { 0 };
			size_t wg = utf8_escape(&got, copy, len, mode);
			size_t ww = ref_escape(&want, (const unsigned char *)in, len, mode, utf8);

			if (got.len != want.len || (got.len && memcmp(got.data, want.data, got.len)) ||
			    wg != ww) {
				if (!differ)
					tap_dump("input", in, len);
				differ++;
			}
			/* The output is valid UTF-8 with no control, C1 or bidi
			 * character, and in a non-UTF-8 locale plain ASCII. */
			for (size_t i = 0; i < got.len;) {
				uint32_t cp = 0;
				size_t n = ref_len((const unsigned char *)got.data + i, got.len - i, &cp);

				if (!n || cp < 0x20 || cp == 0x7f || is_bidi_or_c1(cp) ||
				    (!utf8 && cp >= 0x80) || (mode == ESCAPE_RAW && cp == ' ')) {
					unsafe++;
					break;
				}
				i += n ? n : 1;
			}
			if (mode == ESCAPE_RAW) {
				size_t bl = unescape(got.data, got.len, back);

				if (bl != len || (len && memcmp(back, in, len)))
					lossy++;
				raw_words++;
			}
			if (utf8 && utf8_width(got.data, got.len) != wg)
				width_bad++;
			sbuf_release(&got);
			sbuf_release(&want);
		}
		free(copy);
	}
	is_int(differ, 0, "%s: 5000 random strings escape as the rule says", loc);
	is_int(unsafe, 0, "%s: no control, C1, bidi or invalid byte survives escaping", loc);
	is_int(lossy, 0, "%s: raw mode output decodes back to the input exactly (%d)", loc,
	       raw_words);
	if (utf8)
		is_int(width_bad, 0, "%s: returned width equals utf8_width of the output", loc);
}

static void test_escape_c(void)
{
	diag("utf8_escape in the C locale");
	ESC("abc", ESCAPE_TABLE, "abc", 3, "\"abc\" in C");
	ESC("\xc3\xa9", ESCAPE_TABLE, "\\xc3\\xa9", 8, "e acute in C");
	ESC("\xe4\xb8\xad", ESCAPE_TABLE, "\\xe4\\xb8\\xad", 12, "CJK in C");
	ESC("\xf0\x9f\x98\x80", ESCAPE_TABLE, "\\xf0\\x9f\\x98\\x80", 16, "emoji in C");
	ESC("\xe2\x80\xae", ESCAPE_TABLE, "\\xe2\\x80\\xae", 12, "RLO in C");
	ESC("\x1b[2J", ESCAPE_TABLE, "\\x1b[2J", 7, "ESC [ 2 J in C");
	ESC("bad\xff\xfe", ESCAPE_TABLE, "bad\\xff\\xfe", 11, "bad FF FE in C");
	ESC("a b\\", ESCAPE_RAW, "a\\x20b\\x5c", 10, "raw space, backslash in C");

	/* Every byte >= 0x80 on its own. */
	int bad = 0;
	for (unsigned c = 0x80; c < 0x100; c++) {
		static const char hex[] = "0123456789abcdef";
		char in = (char)c, want[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };
		struct sbuf sb = { 0 };
		size_t w = utf8_escape(&sb, &in, 1, ESCAPE_TABLE);

		if (w != 4 || sb.len != 4 || memcmp(sb.data, want, 4))
			bad++;
		sbuf_release(&sb);
	}
	is_int(bad, 0, "C locale: each byte 80..FF alone becomes \\xHH");

	/* And every byte inside valid 2-, 3- and 4-byte characters. */
	bad = 0;
	for (uint32_t cp = 0x80; cp <= 0x10ffff; cp += 0x101) {
		unsigned char b[4];
		size_t n;
		struct sbuf sb = { 0 };

		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		n = encode(cp, b);
		if (utf8_escape(&sb, (const char *)b, n, ESCAPE_TABLE) != 4 * n || sb.len != 4 * n)
			bad++;
		for (size_t i = 0; i < sb.len; i++)
			if ((unsigned char)sb.data[i] >= 0x80)
				bad++;
		sbuf_release(&sb);
	}
	is_int(bad, 0, "C locale: every byte of valid characters is escaped");
}

/* ------------------------------------------------------------------ */
/* utf8_sanitize / utf8_valid */

static void san_is(const char *in, size_t len, const char *want, size_t wantlen, const char *name)
{
	struct sbuf sb = { 0 };
	char *copy = heap_copy(in, len);

	utf8_sanitize(&sb, copy, len);
	is_mem(sb.data, sb.len, want, wantlen, "sanitize %s", name);
	is_int(utf8_valid(copy, len), len == wantlen && memcmp(in, want, len) == 0,
	       "utf8_valid %s agrees", name);
	free(copy);
	sbuf_release(&sb);
}

#define SAN(lit, want, name) san_is(lit, sizeof(lit) - 1, want, sizeof(want) - 1, name)
#define FFFD "\xef\xbf\xbd"

/* Reference: each byte not starting a well-formed sequence becomes
 * U+FFFD (the JSON rule of utf8.h). */
static void ref_sanitize(struct sbuf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = ref_len((const unsigned char *)s + i, len - i, &cp);

		if (n) {
			sbuf_put(out, s + i, n);
			i += n;
		} else {
			sbuf_put(out, FFFD, 3);
			i++;
		}
	}
}

static void test_sanitize(void)
{
	diag("utf8_sanitize / utf8_valid");
	SAN("", "", "empty");
	SAN("plain ASCII", "plain ASCII", "ASCII");
	SAN("h\xc3\xa9llo \xe4\xb8\xad \xf0\x9f\x98\x80", "h\xc3\xa9llo \xe4\xb8\xad \xf0\x9f\x98\x80",
	    "valid mixed text");
	SAN("\x1b[1m\n\t\x7f", "\x1b[1m\n\t\x7f", "control characters (left to the JSON writer)");
	SAN("\xc2\x9b\xe2\x80\xae", "\xc2\x9b\xe2\x80\xae", "valid C1 and RLO kept");
	SAN("a\0b", "a\0b", "NUL kept");
	SAN("a\xff" "b", "a" FFFD "b", "FF");
	SAN("\xff\xfe", FFFD FFFD, "FF FE");
	SAN("\x80", FFFD, "lone continuation");
	SAN("\xc0\x80", FFFD FFFD, "overlong C0 80: one per byte");
	SAN("\xe0\x80\x80", FFFD FFFD FFFD, "overlong E0 80 80: one per byte");
	SAN("\xed\xa0\x80", FFFD FFFD FFFD, "surrogate: one per byte");
	SAN("\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD, "U+110000: one per byte");
	SAN("ab\xe4\xb8", "ab" FFFD FFFD, "truncated CJK at the end");
	SAN("\xe4\xb8" "c", FFFD FFFD "c", "truncated CJK then c");
	SAN("\xe4\xb8\xe4\xb8\xad", FFFD FFFD "\xe4\xb8\xad", "truncated CJK then a whole one");
	SAN("\xf0\x9f\x98", FFFD FFFD FFFD, "truncated emoji");
	SAN(FFFD, FFFD, "U+FFFD itself");

	struct sbuf sb = { 0 };
	sbuf_puts(&sb, "x=");
	utf8_sanitize(&sb, "\xff", 1);
	is_mem(sb.data, sb.len, "x=" FFFD, 5, "sanitize appends after existing text");
	sbuf_release(&sb);

	ok(utf8_valid("", 0), "utf8_valid on empty input");
	ok(utf8_valid("\xc3\xa9", 2), "utf8_valid on e acute");
	ok(!utf8_valid("\xc3\xa9", 1), "utf8_valid on half an e acute");
	ok(!utf8_valid("abc\xff", 4), "utf8_valid with FF at the end");

	uint32_t seed = 99;
	int differ = 0, invalid_out = 0, valid_disagree = 0;
	for (int iter = 0; iter < 5000; iter++) {
		char in[128];
		size_t len = random_text(&seed, in, sizeof(in));
		char *copy = heap_copy(in, len);
		struct sbuf got = { 0 }, want = { 0 };

		utf8_sanitize(&got, copy, len);
		ref_sanitize(&want, in, len);
		if (got.len != want.len || (got.len && memcmp(got.data, want.data, got.len)))
			differ++;
		if (!utf8_valid(got.data, got.len))
			invalid_out++;
		if (utf8_valid(copy, len) != (got.len == len && (!len || !memcmp(got.data, in, len))))
			valid_disagree++;
		sbuf_release(&got);
		sbuf_release(&want);
		free(copy);
	}
	is_int(differ, 0, "5000 random strings: sanitize replaces exactly the invalid bytes");
	is_int(invalid_out, 0, "5000 random strings: sanitized output is valid UTF-8");
	is_int(valid_disagree, 0, "5000 random strings: utf8_valid iff sanitize changes nothing");
}

/* ------------------------------------------------------------------ */
/* utf8_width / utf8_fit (safe text, UTF-8 locale) */

static void test_width_fit(void)
{
	static const char mixed[] = "a\xe4\xb8\xad" "b\xe6\x96\x87\xf0\x9f\x98\x80" "c";
	static const char *const texts[] = {
		"abc", "\xe4\xb8\xad\xe6\x96\x87", "a\xe4\xb8\xad" "b", mixed,
		"e\xcc\x81x", "\xc3\xa9t\xc3\xa9", "\\xe2\\x80\\xae\xe4\xb8\xad", "",
	};

	diag("utf8_width");
	is_uint(utf8_width("", 0), 0, "width of empty");
	is_uint(utf8_width("abc", 3), 3, "width of \"abc\"");
	is_uint(utf8_width("\xc3\xa9", 2), 1, "width of e acute");
	is_uint(utf8_width("\xe4\xb8\xad", 3), 2, "width of CJK");
	is_uint(utf8_width("\xe4\xb8\xad\xe6\x96\x87", 6), 4, "width of two CJK");
	is_uint(utf8_width(mixed, sizeof(mixed) - 1), 9, "width of a CJK b CJK emoji c");
	is_uint(utf8_width("e\xcc\x81", 3), 1, "width of e + combining acute");
	is_uint(utf8_width("\\x1b[2J", 7), 7, "width of escaped text");

	diag("utf8_fit");
	/* "a中b" = 61 | e4 b8 ad | 62 */
	static const char a_zh_b[] = "a\xe4\xb8\xad" "b";
	static const size_t want_azb[] = { 0, 1, 1, 4, 5, 5, 5 };
	for (size_t cols = 0; cols < sizeof(want_azb) / sizeof(want_azb[0]); cols++)
		is_uint(utf8_fit(a_zh_b, 5, cols), want_azb[cols], "fit \"a CJK b\" in %zu columns", cols);

	static const size_t want_zz[] = { 0, 0, 3, 3, 6, 6 };
	for (size_t cols = 0; cols < sizeof(want_zz) / sizeof(want_zz[0]); cols++)
		is_uint(utf8_fit("\xe4\xb8\xad\xe6\x96\x87", 6, cols), want_zz[cols],
			"fit two CJK in %zu columns", cols);

	is_uint(utf8_fit("abc", 3, 2), 2, "fit \"abc\" in 2 columns");
	is_uint(utf8_fit("abc", 3, 100), 3, "fit \"abc\" in 100 columns");
	is_uint(utf8_fit("", 0, 5), 0, "fit empty");
	is_uint(utf8_fit("\xf0\x9f\x98\x80x", 5, 1), 0, "fit emoji in 1 column: nothing");
	is_uint(utf8_fit("\xf0\x9f\x98\x80x", 5, 2), 4, "fit emoji in 2 columns: the emoji");
	is_uint(utf8_fit("e\xcc\x81x", 4, 1), 3, "fit e + combining in 1 column keeps the mark");
	is_uint(utf8_fit("\xc3\xa9t\xc3\xa9", 5, 2), 3, "fit e acute t e acute in 2 columns");

	/* For every text and every column count: a prefix that ends on a
	 * character boundary, fits, and is the longest that does. */
	int bad = 0;
	for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
		const char *s = texts[t];
		size_t len = strlen(s), total = utf8_width(s, len);
		char *copy = heap_copy(s, len);

		for (size_t cols = 0; cols <= total + 2; cols++) {
			size_t r = utf8_fit(copy, len, cols);
			size_t i = 0;
			uint32_t cp;

			while (i < r) {
				size_t n = ref_len((const unsigned char *)s + i, len - i, &cp);
				i += n ? n : 1;
			}
			if (i != r || r > len || utf8_width(s, r) > cols) {
				bad++;
				diag("text %zu, %zu columns: fit %zu", t, cols, r);
				continue;
			}
			if (r < len) {
				size_t n = ref_len((const unsigned char *)s + r, len - r, &cp);

				if (utf8_width(s, r + (n ? n : 1)) <= cols) {
					bad++;
					diag("text %zu, %zu columns: fit %zu is not the longest", t,
					     cols, r);
				}
			}
		}
		free(copy);
	}
	is_int(bad, 0, "fit: every text, every width: boundary, fits, longest");
}

int main(void)
{
	test_decode();

	ok(setlocale(LC_ALL, "C.UTF-8") != NULL, "setlocale C.UTF-8");
	utf8_init();
	ok(utf8_locale(), "utf8_locale() is true in C.UTF-8");
	test_escape_utf8();
	test_escape_random("C.UTF-8", 1);
	test_sanitize();
	test_width_fit();

	ok(setlocale(LC_ALL, "C") != NULL, "setlocale C");
	utf8_init();
	ok(!utf8_locale(), "utf8_locale() is false in C");
	test_escape_c();
	test_escape_random("C", 0);

	return done_testing();
}
