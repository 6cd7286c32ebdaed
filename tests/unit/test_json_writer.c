/* test_json_writer.c - the JSON writer's escaping and number rules, on
 * byte strings an attacker can choose (names, paths) and on the values
 * where a double loses digits. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "output/json_writer.h"
#include "tap.h"

/* What the writer prints for one value written by `put`. */
static char text[256];

#define WRITTEN(call)                                                        \
	do {                                                                 \
		FILE *f = fmemopen(text, sizeof(text) - 1, "w");             \
		struct json_writer w;                                        \
		jw_init(&w, f);                                              \
		call;                                                        \
		jw_finish(&w);                                               \
		text[ftell(f)] = '\0';                                       \
		fclose(f);                                                   \
	} while (0)

static void string_is(const char *in, size_t len, const char *want, const char *name)
{
	WRITTEN(jw_string_n(&w, in, len));
	is_str(text, want, "%s", name);
}

/* The UTF-8 bytes of code point cp (below U+10000). */
static size_t encode(unsigned cp, char *buf)
{
	if (cp < 0x80) {
		buf[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		buf[0] = (char)(0xc0 | cp >> 6);
		buf[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	buf[0] = (char)(0xe0 | cp >> 12);
	buf[1] = (char)(0x80 | (cp >> 6 & 0x3f));
	buf[2] = (char)(0x80 | (cp & 0x3f));
	return 3;
}

static bool must_escape(unsigned cp)
{
	return cp < 0x20 || cp == '"' || cp == '\\' || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c ||
	       cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* Every code point of the first plane: escaped exactly when it is a
 * control, DEL, a C1 control or a bidirectional control (or " and \). */
static void test_plane(void)
{
	unsigned long wrong = 0;

	for (unsigned cp = 1; cp < 0x10000; cp++) {
		char buf[4], want[16];
		size_t n;

		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		n = encode(cp, buf);
		WRITTEN(jw_string_n(&w, buf, n));
		if (must_escape(cp))
			wrong += text[1] != '\\' || strlen(text) > 8;
		else
			wrong += snprintf(want, sizeof(want), "\"%.*s\"", (int)n, buf) < 0 ||
				 strcmp(text, want) != 0;
	}
	is_uint(wrong, 0, "each of U+0001-U+FFFF escaped exactly when a control, DEL, C1 or bidi");
}

int main(void)
{
	string_is("a\"b\\c", 5, "\"a\\\"b\\\\c\"", "quote and backslash escaped");
	string_is("\b\f\n\r\t", 5, "\"\\b\\f\\n\\r\\t\"", "the short escapes");
	string_is("\x1b[2J\x01", 5, "\"\\u001b[2J\\u0001\"", "other C0 controls as \\u00XX");
	string_is("del\x7f", 4, "\"del\\u007f\"", "DEL as \\u007f");
	string_is("c1\xc2\x85", 4, "\"c1\\u0085\"", "a C1 control (U+0085) as \\u0085");
	string_is("\xe2\x80\xae" "rtl", 6, "\"\\u202ertl\"", "a bidi override (U+202E) as \\u202e");
	string_is("bad\xff\xfename", 9, "\"bad\xef\xbf\xbd\xef\xbf\xbdname\"",
		  "each invalid byte becomes U+FFFD");
	string_is("\xe2\x82", 2, "\"\xef\xbf\xbd\xef\xbf\xbd\"", "a cut sequence: U+FFFD per byte");
	string_is("caf\xc3\xa9 \xe6\x97\xa5", 9, "\"caf\xc3\xa9 \xe6\x97\xa5\"", "valid UTF-8 kept as is");
	string_is("nul\0x", 5, "\"nul\\u0000x\"", "a NUL byte inside the length");
	string_is("\xc2\x9b" "2J", 4, "\"\\u009b2J\"", "C1 CSI U+009B");
	string_is("\xe2\x81\xa6\xe2\x81\xa9", 6, "\"\\u2066\\u2069\"", "bidi isolates U+2066, U+2069");
	string_is("\xd8\x9c\xe2\x80\x8e\xe2\x80\x8f", 8, "\"\\u061c\\u200e\\u200f\"",
		  "marks U+061C, U+200E, U+200F");
	string_is("\xc2\xa0\xe2\x80\xaf\xe2\x81\xaa\xf0\x9f\x98\x80", 12,
		  "\"\xc2\xa0\xe2\x80\xaf\xe2\x81\xaa\xf0\x9f\x98\x80\"",
		  "neighbours U+00A0, U+202F, U+206A and U+1F600 kept");
	test_plane();

	WRITTEN(jw_u64(&w, 1ull << 53));
	is_str(text, "9007199254740992", "2^53 is a number");
	WRITTEN(jw_u64(&w, (1ull << 53) + 1));
	is_str(text, "\"9007199254740993\"", "2^53 + 1 is an exact decimal string");
	WRITTEN(jw_u64(&w, 18446744073709551615ull));
	is_str(text, "\"18446744073709551615\"", "2^64 - 1 is an exact decimal string");
	WRITTEN(jw_decimal(&w, 42));
	is_str(text, "\"42\"", "a decimal (inode) is always a string");
	WRITTEN(jw_address(&w, 0x7ffc0000f000ull));
	is_str(text, "\"0x7ffc0000f000\"", "an address is \"0x\" and lower-case hex");
	WRITTEN(jw_int(&w, -1));
	is_str(text, "-1", "a negative integer");

	WRITTEN(jw_fixed(&w, 890.659999847412, 2));
	is_str(text, "890.66", "seconds rounded to 2 places");
	WRITTEN(jw_fixed(&w, 0.2, 2));
	is_str(text, "0.2", "trailing zeros dropped");
	WRITTEN(jw_fixed(&w, 5.0, 2));
	is_str(text, "5", "a whole number has no point");
	WRITTEN(jw_fixed(&w, -0.001, 2));
	is_str(text, "0", "no negative zero");
	WRITTEN(jw_fixed(&w, NAN, 2));
	is_str(text, "null", "not a number is null");
	is_uint(jw_tick_decimals(100), 2, "HZ=100: 2 places");
	is_uint(jw_tick_decimals(1000), 3, "HZ=1000: 3 places");
	is_uint(jw_tick_decimals(250), 3, "HZ=250: 3 places");

	WRITTEN((jw_open_object(&w), jw_key(&w, JK_PID), jw_int(&w, 1), jw_key(&w, JK_NSPID),
		 jw_open_array(&w), jw_int(&w, 1), jw_int(&w, 7), jw_close_array(&w),
		 jw_key(&w, JK_WCHAN), jw_null(&w), jw_close_object(&w)));
	is_str(text, "{\"pid\":1,\"nspid\":[1,7],\"wchan\":null}", "commas between members and elements");
	return done_testing();
}
