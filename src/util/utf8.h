/* utf8.h - strict UTF-8 decoding and the escaping rules for untrusted
 * bytes (names and paths chosen by other users).
 *
 * Text rule: a byte that is a control character (0x00-0x1f, 0x7f), part
 * of an invalid UTF-8 sequence, or part of a character that is a C1
 * control, a bidirectional override or not printable in the locale, is
 * written as \xHH.  In a locale that is not UTF-8 every byte >= 0x80 is.
 * Raw mode (-r) also writes space as \x20 and backslash as \x5c, so each
 * field (each argument of a command line) is one word that can be decoded
 * exactly.
 *
 * JSON rule (output/json_writer.c): strings are always valid UTF-8; each
 * byte of an invalid sequence becomes U+FFFD; control characters (C0, DEL,
 * C1) and the bidirectional controls are written as \u and four hex
 * digits, so a JSON document shown on a terminal cannot move its cursor. */
#ifndef LWPS_UTF8_H
#define LWPS_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/sbuf.h"

enum escape_mode {
	ESCAPE_TABLE,   /* aligned table: spaces and backslashes kept */
	ESCAPE_RAW,     /* -r: one word per field */
};

/* Reads the locale's codeset; call after setlocale(). */
void utf8_init(void);
bool utf8_locale(void);

/* Decodes one character at s[0..len); returns its length (1-4), with
 * *cp set, or 0 when the bytes there are not valid UTF-8. */
size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* Appends `s` escaped by the text rule; returns its display width. */
size_t utf8_escape(struct sbuf *out, const char *s, size_t len, enum escape_mode mode);

/* Appends `s` with invalid bytes replaced by U+FFFD. */
void utf8_sanitize(struct sbuf *out, const char *s, size_t len);
bool utf8_valid(const char *s, size_t len);

/* A C1 control or a character that reorders or hides text around it:
 * escaped in both rules. */
bool utf8_is_format_control(uint32_t cp);


/* Display width of already safe text (escaped output). */
size_t utf8_width(const char *s, size_t len);
/* Length in bytes of the longest prefix of safe text `s` that fits in
 * `cols` display columns. */
size_t utf8_fit(const char *s, size_t len, size_t cols);

#endif
