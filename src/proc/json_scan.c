/* json_scan.c - where JSON values begin and end, without building them.
 *
 * Every check here is one cJSON makes too, at the same byte, so that a
 * piece the scanner finds is the piece cJSON would have parsed. */
#include "config.h"

#include <string.h>

#include "proc/json_scan.h"

/* What a byte means while skipping: most bytes mean nothing. */
enum { B_PLAIN, B_QUOTE, B_OPEN, B_CLOSE, B_BLANK, B_PUNCT };

static const unsigned char byte_class[256] = {
	[0 ... 0x20] = B_BLANK,
	['"'] = B_QUOTE,
	['['] = B_OPEN, ['{'] = B_OPEN,
	[']'] = B_CLOSE, ['}'] = B_CLOSE,
	[','] = B_PUNCT, [':'] = B_PUNCT,
};

static inline int class_of(char c)
{
	return byte_class[(unsigned char)c];
}

const char *json_skip_blank(const char *p, const char *end)
{
	while (p < end && (unsigned char)*p <= 0x20)
		p++;
	return p;
}

/* The byte after the string whose quote is at `p`, or NULL when it never
 * ends.  A quote ends it unless an odd run of backslashes precedes it. */
static const char *skip_string(const char *p, const char *end)
{
	const char *q = p + 1;

	while ((q = memchr(q, '"', (size_t)(end - q)))) {
		size_t bs = 0;

		while (q - 1 - bs > p && q[-1 - (long)bs] == '\\')
			bs++;
		if (bs % 2 == 0)
			return q + 1;
		q++;
	}
	return NULL;
}

/* The byte after the container at `p`, and the commas directly in it.
 * Which brackets are open is one bit each (set: a brace), JSON_DEPTH_MAX
 * at most. */
static const char *skip_container(const char *p, const char *end, int depth, const char **err,
				  size_t *commas)
{
	unsigned char brace[JSON_DEPTH_MAX / 8 + 1];
	int open = 0;

	*commas = 0;
	for (; p < end; p++) {
		switch (class_of(*p)) {
		case B_QUOTE: {
			const char *q = skip_string(p, end);

			if (!q) {
				*err = p + 1;
				return NULL;
			}
			p = q - 1;
			break;
		}
		case B_OPEN:
			if (depth + open >= JSON_DEPTH_MAX) {
				*err = p;
				return NULL;
			}
			if (*p == '{')
				brace[open / 8] |= (unsigned char)(1u << (open % 8));
			else
				brace[open / 8] &= (unsigned char)~(1u << (open % 8));
			open++;
			break;
		case B_CLOSE:
			open--;
			if ((*p == '}') != ((brace[open / 8] >> (open % 8)) & 1)) {
				*err = p;
				return NULL;
			}
			if (open == 0)
				return p + 1;
			break;
		case B_PUNCT:
			*commas += *p == ',' && open == 1;
			break;
		default:
			break;
		}
	}
	*err = end;
	return NULL;
}

const char *json_skip_value(const char *p, const char *end, int depth, const char **err,
			       size_t *elements)
{
	const char *q = p;

	*elements = 0;
	if (p >= end) {
		*err = end;
		return NULL;
	}
	switch (class_of(*p)) {
	case B_QUOTE:
		if (!(q = skip_string(p, end)))
			*err = p + 1;   /* where cJSON says a string fails */
		return q;
	case B_OPEN:
		q = skip_container(p, end, depth, err, elements);
		/* Elements are one more than the commas between them. */
		if (q && class_of(*json_skip_blank(p + 1, q)) != B_CLOSE)
			++*elements;
		return q;
	default:
		/* A number or literal: cJSON judges its bytes. */
		while (q < end && class_of(*q) == B_PLAIN)
			q++;
		if (q == p) {
			*err = p;
			return NULL;
		}
		return q;
	}
}

void json_walk_begin(struct json_walk *w, const char *p, const char *end, int depth)
{
	*w = (struct json_walk){
		.at = p + 1,
		.end = end,
		.depth = depth + 1,
		.close = *p == '{' ? '}' : ']',
	};
	if (depth >= JSON_DEPTH_MAX)
		w->err = p;
}

static bool walk_fail(struct json_walk *w, const char *at, const char *bad_value)
{
	w->err = at;
	w->bad_value = bad_value;
	return false;
}

/* Past the separator before the next entry: false at the closing bracket
 * (w->after is then set) or on an error, else w->at is the entry's first
 * byte. */
static bool walk_next(struct json_walk *w)
{
	const char *p;

	if (w->err || w->after)
		return false;
	p = json_skip_blank(w->at, w->end);
	if (p < w->end && *p == w->close) {
		w->after = p + 1;
		return false;
	}
	if (w->started) {
		if (p >= w->end)
			return walk_fail(w, w->end, NULL);
		if (*p != ',')
			return walk_fail(w, p, NULL);
		p = json_skip_blank(p + 1, w->end);
	}
	w->started = true;
	w->at = p;
	return true;
}

static bool walk_value(struct json_walk *w, struct json_span *value)
{
	const char *p = w->at, *e = NULL, *q;

	if (p >= w->end)   /* no value to judge: the text ends */
		return walk_fail(w, w->end, NULL);
	if (!(q = json_skip_value(p, w->end, w->depth, &e, &w->elements)))
		return walk_fail(w, e, p);
	*value = (struct json_span){ p, (size_t)(q - p) };
	w->at = q;
	return true;
}

bool json_walk_element(struct json_walk *w, struct json_span *value)
{
	return walk_next(w) && walk_value(w, value);
}

bool json_walk_member(struct json_walk *w, struct json_span *key, struct json_span *value)
{
	const char *p, *q;

	if (!walk_next(w))
		return false;
	p = w->at;
	if (p >= w->end || *p != '"' || !(q = skip_string(p, w->end)))
		return walk_fail(w, p < w->end ? p + 1 : w->end, NULL);
	*key = (struct json_span){ p, (size_t)(q - p) };
	q = json_skip_blank(q, w->end);
	if (q >= w->end || *q != ':')
		return walk_fail(w, q, NULL);
	w->at = json_skip_blank(q + 1, w->end);
	return walk_value(w, value);
}
