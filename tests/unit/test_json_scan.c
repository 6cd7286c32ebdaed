#include "config.h"

/* test_json_scan.c - unit tests for src/proc/json_scan.c: a value ends
 * where cJSON ends it, an error is at the byte cJSON names, the depth
 * limit is cJSON's, array elements are the ones cJSON sees, and nothing
 * is read past the end of the text. */

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "proc/json_scan.h"
#include "bounded.h"
#include "tap.h"

/* Where json_skip_value() ends the value at the start of `text` (depth
 * 0): its length, or -1 - the offset of the error. */
static long skip(const char *text, size_t *elements)
{
	size_t n = strlen(text), count;
	char *copy = heap_copy(text, n);
	const char *err = NULL, *end = json_skip_value(copy, copy + n, 0, &err, &count);
	long r = end ? end - copy : -1 - (err - copy);

	if (elements)
		*elements = count;
	free(copy);
	return r;
}

static void test_values(void)
{
	static const struct {
		const char *text;
		long want;        /* the length, or -1 - the error's offset */
		const char *why;
	} cases[] = {
		{ "\"abc\",", 5, "a string ends at its quote" },
		{ "\"a\\\"b\"]", 6, "an escaped quote does not end it" },
		{ "\"a\\\\\"x", 5, "an escaped backslash does not escape the quote" },
		{ "\"a\\\\\\\"\"", 7, "three backslashes escape it" },
		{ "\"abc", -2, "a string that never ends: the byte after its quote, as cJSON says" },
		{ "\"ab\\", -2, "nor one that ends in a backslash" },
		{ "[1,[2,{\"a\":\"]}\"}],3] ", 20, "brackets in strings do not count" },
		{ "[1}", -3, "a brace closing a bracket: at the brace" },
		{ "{\"a\":[1}", -8, "a brace closing a bracket inside an object" },
		{ "[[1]", -5, "a container that never ends: at the end" },
		{ "123 ", 3, "a number ends at a blank" },
		{ "tru,", 3, "a literal at a comma (cJSON judges its bytes)" },
		{ "-1e5]", 4, "or a bracket" },
		{ "]", -1, "a closing bracket is no value" },
		{ ",", -1, "nor is a comma" },
		{ "\x01", -1, "nor a blank byte" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is_int(skip(cases[i].text, NULL), cases[i].want, "%s", cases[i].why);
}

static void test_counts(void)
{
	static const struct {
		const char *text;
		size_t want;
	} cases[] = {
		{ "[]", 0 }, { "[ \n ]", 0 }, { "[1]", 1 }, { "[ \"a,b\" ]", 1 },
		{ "[1,[2,3],{\"a\":1,\"b\":2}]", 3 }, { "{\"a\":1,\"b\":[1,2,3]}", 2 }, { "7", 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = 99;

		skip(cases[i].text, &n);
		is_uint(n, cases[i].want, "%s holds %zu", cases[i].text, cases[i].want);
	}
}

/* `levels` arrays, one inside the other. */
static char *nested(int levels)
{
	char *s = malloc(2 * (size_t)levels + 1);

	memset(s, '[', (size_t)levels);
	memset(s + levels, ']', (size_t)levels);
	s[2 * levels] = '\0';
	return s;
}

/* Where cJSON fails on `text`, or -1 when it parses it. */
static long cjson_error(const char *text)
{
	cJSON *j = cJSON_Parse(text);
	long at = j ? -1 : cJSON_GetErrorPtr() - text;

	cJSON_Delete(j);
	return at;
}

static void test_depth(void)
{
	char *ok_text = nested(JSON_DEPTH_MAX), *deep = nested(JSON_DEPTH_MAX + 1);
	const char *three = "[[[]]]", *err = NULL;
	size_t n;

	is_int(skip(ok_text, NULL), 2 * JSON_DEPTH_MAX, "%d nested arrays are JSON", JSON_DEPTH_MAX);
	is_int(cjson_error(ok_text), -1, "to cJSON too");
	is_int(skip(deep, NULL), -1 - JSON_DEPTH_MAX, "one more is not, at its bracket");
	is_int(cjson_error(deep), JSON_DEPTH_MAX, "where cJSON says");
	ok(!json_skip_value(three, three + 6, JSON_DEPTH_MAX - 2, &err, &n) && err == three + 2,
	   "the depth counts the containers around the value");
	free(ok_text);
	free(deep);
}

/* The elements a walk finds, joined by '|', or "error at N". */
static char *walk(const char *text)
{
	size_t n = strlen(text);
	char *copy = heap_copy(text, n), *out = calloc(1, 2 * n + 32);
	struct json_walk w;
	struct json_span v;

	json_walk_begin(&w, copy, copy + n, 0);
	while (json_walk_element(&w, &v)) {
		if (*out)
			strcat(out, "|");
		strncat(out, v.p, v.n);
	}
	if (w.err)
		sprintf(out, "error at %ld%s", (long)(w.err - copy), w.bad_value ? " in a value" : "");
	else if (w.after != copy + n)
		sprintf(out, "ended at %ld", (long)(w.after - copy));
	free(copy);
	return out;
}

static void test_walk(void)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "[ 1 , \"x\" ,{\"a\":[]}\n]", "1|\"x\"|{\"a\":[]}" },
		{ "[]", "" },
		{ "[1,]", "error at 3 in a value" },   /* cJSON: no value at ']' */
		{ "[1 2]", "error at 3" },             /* cJSON: ',' or ']' expected */
		{ "[1,2", "error at 4" },
		{ "[", "error at 1" },
		{ "[1,{]", "error at 4 in a value" },
		{ "[1] ", "ended at 3" },
	};
	char *got;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = walk(cases[i].text);
		is_str(got, cases[i].want, "walk of %s", cases[i].text);
		free(got);
	}
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long at = cjson_error(cases[i].text);

		got = walk(cases[i].text);
		/* Where cJSON ends the text, the walk says so too. */
		if (at >= 0 && strncmp(got, "error at ", 9) == 0)
			ok(atol(got + 9) == at || (size_t)at + 1 >= strlen(cases[i].text),
			   "%s: the error is where cJSON has it (%ld)", cases[i].text, at);
		free(got);
	}
}

static void test_members(void)
{
	const char *text = "{\"a\" : 1, \"b\\\"\":[2, 3] , \"c\":{}}";
	size_t n = strlen(text);
	struct json_walk w;
	struct json_span k, v;
	char got[128] = "";

	json_walk_begin(&w, text, text + n, 0);
	while (json_walk_member(&w, &k, &v)) {
		strncat(got, k.p, k.n);
		strcat(got, "=");
		strncat(got, v.p, v.n);
		strcat(got, ";");
	}
	is_str(got, "\"a\"=1;\"b\\\"\"=[2, 3];\"c\"={};", "members: keys with their quotes, values");
	ok(!w.err && w.after == text + n, "the walk ends after the brace");
	text = "{\"a\" 1}";
	json_walk_begin(&w, text, text + strlen(text), 0);
	ok(!json_walk_member(&w, &k, &v) && w.err, "a member without its colon is an error");
}

/* A random value of valid JSON, `depth` deep at most. */
static void random_value(char *out, size_t cap, int depth)
{
	static const char *const atoms[] = { "0", "-1.5e3", "true", "null", "\"a,]}\"", "\"\\\"\\\\\"",
					     "\"\\u00e9[\"", "12345678901234567890" };
	int kind = depth > 0 ? rand() % 4 : 0;
	size_t len = strlen(out);

	if (len + 64 > cap)
		kind = 0;
	if (kind <= 1) {
		strcat(out, atoms[rand() % 8]);
		return;
	}
	strcat(out, kind == 2 ? "[" : "{");
	for (int i = 0, n = rand() % 4; i < n && strlen(out) + 64 < cap; i++) {
		if (i)
			strcat(out, rand() % 2 ? "," : " ,\n");
		if (kind == 3)
			strcat(out, "\"k\": ");
		random_value(out, cap, depth - 1);
	}
	strcat(out, kind == 2 ? "]" : "}");
}

/* Random arrays: the walk's elements are cJSON's, one by one. */
static void test_agrees_with_cjson(void)
{
	char text[4096];
	int bad = 0;

	srand(13);
	for (int round = 0; round < 2000; round++) {
		struct json_walk w;
		struct json_span v;
		cJSON *whole, *item;
		size_t n;

		text[0] = '\0';
		strcat(text, "[");
		for (int i = 0, k = rand() % 6; i < k; i++) {
			if (i)
				strcat(text, ", ");
			random_value(text, sizeof(text) - 64, 4);
		}
		strcat(text, "]");
		n = strlen(text);
		whole = cJSON_Parse(text);
		item = whole ? whole->child : NULL;
		json_walk_begin(&w, text, text + n, 0);
		while (json_walk_element(&w, &v)) {
			cJSON *one = cJSON_ParseWithLength(v.p, v.n);
			char *a = one ? cJSON_PrintUnformatted(one) : NULL;
			char *b = item ? cJSON_PrintUnformatted(item) : NULL;

			bad += !a || !b || strcmp(a, b) != 0;
			free(a);
			free(b);
			cJSON_Delete(one);
			item = item ? item->next : NULL;
		}
		bad += !whole || w.err || item != NULL || w.after != text + n;
		cJSON_Delete(whole);
		if (bad) {
			diag("differs on %s", text);
			break;
		}
	}
	is_int(bad, 0, "2000 random arrays: the walk finds cJSON's elements");
}

/* Every prefix of a snapshot-like text against a guard page: no read past
 * its end (which would fault), and an error in every cut-short prefix. */
static void test_prefixes(void)
{
	const char *text = "{\"processes\":[{\"pid\":1,\"comm\":\"a\\\"]\",\"threads\":[{\"tid\":1}],"
			   "\"maps\":[{\"start\":\"0x1\"}]},{\"pid\":2}]}";
	size_t n = strlen(text);
	struct guard gd;
	int wrong = 0;

	if (guard_init(&gd, n) < 0) {
		ok(0, "prefixes: mmap guard page");
		return;
	}
	for (size_t len = 1; len <= n; len++) {
		const char *p = guard_place(&gd, text, len), *err = NULL;
		size_t count;
		struct json_walk w;
		struct json_span k, v;

		wrong += (json_skip_value(p, p + len, 0, &err, &count) != NULL) != (len == n);
		json_walk_begin(&w, p, p + len, 0);
		while (json_walk_member(&w, &k, &v))
			;
		wrong += (w.err == NULL) != (len == n);
	}
	guard_release(&gd);
	is_int(wrong, 0, "every prefix is cut short, the whole text is not, nothing read past the end");
}

int main(void)
{
	test_values();
	test_counts();
	test_depth();
	test_walk();
	test_members();
	test_agrees_with_cjson();
	test_prefixes();
	return done_testing();
}
