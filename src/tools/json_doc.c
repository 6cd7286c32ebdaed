/* json_doc.c - writes, from the key table (model/json_keys.c), the JSON
 * Schema of every document lwps writes, or the man page's list of keys.
 * Run at build time:
 *	json-doc schema > lwps.schema.json
 *	json-doc man > keys.man
 * Before writing, it checks the table against the code that fills the
 * documents (the column table's keys and value formats, the segment and
 * layout names) and fails the build when they disagree. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columns/columns.h"
#include "model/exec_reasons.h"
#include "model/json_keys.h"
#include "model/maps.h"
#include "model/read_errors.h"
#include "model/shares.h"

static int problems;

static void problem(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void problem(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("json-doc: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	problems++;
}

/* The key type a column's format is written as (output/json_value.c). */
static bool type_fits(const struct json_key_info *k, enum col_format f)
{
	switch (f) {
	case CF_INT: return k->type == JT_INT;
	case CF_STR: case CF_PATH: return k->type == JT_STRING || k->type == JT_ENUM;
	case CF_SEGMENT: return k->type == JT_ENUM;
	case CF_ARGV: return k->type == JT_ARRAY && k->item == JT_STRING;
	case CF_NSPID: case CF_IDS: return k->type == JT_ARRAY && k->item == JT_INT;
	case CF_NAMES: return k->type == JT_ARRAY && k->item == JT_STRING;
	case CF_NLWP: return k->type == JT_INT;
	case CF_SHARES: return k->type == JT_OBJECT && k->object == JO_SHARES;
	case CF_LIMIT: return k->type == JT_LIMIT;
	case CF_NSEC: return k->type == JT_SECONDS;
	case CF_FRAMES: return k->type == JT_ARRAY && k->item == JT_STRING;
	case CF_KIB: return k->type == JT_U64 || k->type == JT_INT;   /* INT: a change */
	case CF_HEX: return k->type == JT_U64;
	case CF_CENTI: return k->type == JT_NUMBER;
	case CF_TICKS: case CF_START: case CF_ELAPSED: return k->type == JT_SECONDS;
	case CF_COUNTS: return k->type == JT_STATE_COUNTS;
	case CF_ADDR: return k->type == JT_ADDRESS;
	case CF_BIGINT: return k->type == JT_DECIMAL;
	}
	return false;
}

static void check_column_key(const struct column *c, enum json_key k, enum json_object in)
{
	if (k == JK_NONE)
		return;
	if (!(json_keys[k].in & JO_BIT(in)))
		problem("column %s: key '%s' is not in %s objects", c->name, json_key_name(k),
			json_object_name(in));
	else if (!type_fits(&json_keys[k], c->format))
		problem("column %s: key '%s' has another type in the key table", c->name,
			json_key_name(k));
}

/* Whether `word` is one of the space-separated `words`. */
static bool listed(const char *words, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = words; (p = strstr(p, word)); p += n)
		if ((p == words || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

/* READ_ERROR_NAMES, the key table's errno names, are the errno table's. */
static void check_read_errors(void)
{
	char names[128] = "";
	size_t n = 0;

	for (int i = 0; read_error_nth(i) && n < sizeof(names); i++)
		n += (size_t)snprintf(names + n, sizeof(names) - n, "%s%s", i ? " " : "",
				      read_error_nth(i));
	if (strcmp(names, READ_ERROR_NAMES) != 0)
		problem("READ_ERROR_NAMES is not '%s'", names);
}

static void check_table(void)
{
	check_read_errors();
	for (size_t i = 0; i < column_count; i++) {
		const struct column *c = &column_table[i];

		check_column_key(c, c->proc_key, JO_PROCESS);
		check_column_key(c, c->task_key, JO_THREAD);
		check_column_key(c, c->map_key, c->scope == SCOPE_LIMIT ? JO_RLIMIT : JO_MAP);
		/* The sum of the mappings has the amounts: the keys the table
		 * puts in maps_total (output/json_value.c). */
		if (c->scope == SCOPE_MAP && c->map_key != JK_NONE &&
		    (json_keys[c->map_key].in & JO_BIT(JO_MAP_TOTAL)) && c->format != CF_KIB)
			problem("column %s: key '%s' is in maps_total but not an amount", c->name,
				json_key_name(c->map_key));
	}
	for (int k = 0; k < SHARE_COUNT; k++)
		if (strcmp(json_key_name((enum json_key)(JK_SHARES_VM + k)),
			   share_kind_name((enum share_kind)k)) != 0)
			problem("share kind '%s' is '%s' in the key table", share_kind_name((enum share_kind)k),
				json_key_name((enum json_key)(JK_SHARES_VM + k)));
	for (int r = EXEC_NOT_READ + 1; r < EXEC_REASON_COUNT; r++)
		if (!listed(json_keys[JK_EXEC_ERROR].values, exec_reason_name((enum exec_reason)r)))
			problem("reason '%s' is not among the values of '%s'",
				exec_reason_name((enum exec_reason)r), json_key_name(JK_EXEC_ERROR));
	for (int s = 0; s < SEG_COUNT; s++)
		if (!listed(json_keys[JK_SEGMENT].values, segment_name((enum segment)s)))
			problem("segment '%s' is not among the values of '%s'",
				segment_name((enum segment)s), "segment");
	for (int f = 0; f < LY_COUNT; f++)
		if (strcmp(json_key_name((enum json_key)(JK_START_CODE + f)),
			   layout_field_name((enum layout_field)f)) != 0)
			problem("layout field '%s' is '%s' in the key table",
				layout_field_name((enum layout_field)f),
				json_key_name((enum json_key)(JK_START_CODE + f)));
	for (int k = 0; k < JK_COUNT; k++)
		if (!json_keys[k].name || !json_keys[k].in || !json_keys[k].help)
			problem("key %d has no name, object or help", k);
}

/* ---- the JSON Schema ---- */

/* A JSON string of text the table holds (plain ASCII, no quotes). */
static void put_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		putchar(*s);
	}
	putchar('"');
}

static void put_type(const struct json_key_info *k, enum json_type t);

static void put_item_type(const struct json_key_info *k)
{
	if (k->item == JT_OBJECT)
		printf("{\"$ref\": \"#/$defs/%s\"}", json_object_name(k->object));
	else
		put_type(k, k->item);
}

/* The schema of a value of type t (the key's own, or its items'). */
static void put_type(const struct json_key_info *k, enum json_type t)
{
	switch (t) {
	case JT_INT: fputs("{\"type\": \"integer\"}", stdout); return;
	case JT_U64: fputs("{\"$ref\": \"#/$defs/u64\"}", stdout); return;
	case JT_DECIMAL: fputs("{\"$ref\": \"#/$defs/decimal\"}", stdout); return;
	case JT_ADDRESS: fputs("{\"$ref\": \"#/$defs/address\"}", stdout); return;
	case JT_SECONDS: case JT_NUMBER: fputs("{\"type\": \"number\"}", stdout); return;
	case JT_STRING: fputs("{\"type\": \"string\"}", stdout); return;
	case JT_BOOL: fputs("{\"type\": \"boolean\"}", stdout); return;
	case JT_TRUE: fputs("{\"const\": true}", stdout); return;
	case JT_LIMIT: fputs("{\"$ref\": \"#/$defs/limit_value\"}", stdout); return;
	case JT_STATE_COUNTS: fputs("{\"$ref\": \"#/$defs/state_counts\"}", stdout); return;
	case JT_RAW_BYTES: fputs("{\"$ref\": \"#/$defs/raw_bytes\"}", stdout); return;
	case JT_SMAPS_EXTRA: fputs("{\"$ref\": \"#/$defs/smaps_extra\"}", stdout); return;
	case JT_OBJECT: printf("{\"$ref\": \"#/$defs/%s\"}", json_object_name(k->object)); return;
	case JT_ARRAY:
		fputs("{\"type\": \"array\", \"items\": ", stdout);
		put_item_type(k);
		fputs("}", stdout);
		return;
	case JT_ENUM:
		fputs("{\"enum\": [", stdout);
		for (const char *p = k->values; *p;) {
			size_t n = strcspn(p, " ");

			printf("%s\"%.*s\"", p == k->values ? "" : ", ", (int)n, p);
			p += n + (p[n] == ' ');
		}
		fputs("]}", stdout);
		return;
	}
}

static void put_property(const struct json_key_info *k)
{
	printf("\"%s\": {\"description\": ", k->name);
	put_str(k->help);
	fputs(k->nullable ? ", \"anyOf\": [" : ", \"allOf\": [", stdout);
	put_type(k, k->type);
	if (k->nullable)
		fputs(", {\"type\": \"null\"}", stdout);
	fputs("]}", stdout);
}

static void put_object(enum json_object o, bool last)
{
	bool first = true;

	printf("    \"%s\": {\n      \"type\": \"object\",\n      \"properties\": {", json_object_name(o));
	for (int k = 0; k < JK_COUNT; k++) {
		if (!(json_keys[k].in & JO_BIT(o)))
			continue;
		printf("%s\n        ", first ? "" : ",");
		put_property(&json_keys[k]);
		first = false;
	}
	fputs("\n      },\n      \"required\": [", stdout);
	first = true;
	for (int k = 0; k < JK_COUNT; k++)
		if ((json_keys[k].in & JO_BIT(o)) && json_keys[k].required) {
			printf("%s\"%s\"", first ? "" : ", ", json_keys[k].name);
			first = false;
		}
	printf("],\n      \"additionalProperties\": false\n    }%s\n", last ? "" : ",");
}

static void put_schema(void)
{
	printf("{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n"
	       "  \"$id\": \"urn:lwps:schema:%d\",\n"
	       "  \"title\": \"lwps JSON output, schema %d\",\n"
	       "  \"description\": \"Every document lwps %s writes: -J of each view, each line of "
	       "--watch -J, a --save file, --diff -J and -W -J.  Generated from the key table.\",\n"
	       "  \"anyOf\": [{\"$ref\": \"#/$defs/document\"}, {\"$ref\": \"#/$defs/diff\"}, "
	       "{\"$ref\": \"#/$defs/waits\"}],\n"
	       "  \"$defs\": {\n",
	       JSON_SCHEMA, JSON_SCHEMA, PACKAGE_VERSION);
	fputs("    \"u64\": {\"description\": \"an unsigned integer: a number up to 2^53, a decimal "
	      "string above\", \"anyOf\": [{\"type\": \"integer\", \"minimum\": 0, \"maximum\": "
	      "9007199254740992}, {\"type\": \"string\", \"pattern\": \"^[1-9][0-9]{15,19}$\"}]},\n"
	      "    \"decimal\": {\"type\": \"string\", \"pattern\": \"^(0|[1-9][0-9]{0,19})$\"},\n"
	      "    \"address\": {\"type\": \"string\", \"pattern\": \"^0x[0-9a-f]{1,16}$\"},\n"
	      "    \"limit_value\": {\"anyOf\": [{\"$ref\": \"#/$defs/u64\"}, {\"const\": \"unlimited\"}]},\n"
	      "    \"state_counts\": {\"type\": \"object\", \"propertyNames\": {\"pattern\": "
	      "\"^[A-Za-z]$\"}, \"additionalProperties\": {\"type\": \"integer\", \"minimum\": 1}},\n"
	      "    \"hex\": {\"type\": \"string\", \"pattern\": \"^([0-9a-f]{2})*$\"},\n"
	      "    \"raw_bytes\": {\"type\": \"object\", \"additionalProperties\": {\"anyOf\": "
	      "[{\"$ref\": \"#/$defs/hex\"}, {\"type\": \"array\", \"items\": {\"anyOf\": "
	      "[{\"$ref\": \"#/$defs/hex\"}, {\"type\": \"null\"}]}}]}},\n", stdout);
	printf("    \"smaps_extra\": {\"type\": \"object\", \"maxProperties\": %d, "
	       "\"additionalProperties\": {\"anyOf\": [{\"$ref\": \"#/$defs/u64\"}, "
	       "{\"type\": \"string\"}]}},\n", SMAPS_EXTRA_MAX);
	for (int o = 0; o < JO_COUNT; o++)
		put_object((enum json_object)o, o == JO_COUNT - 1);
	fputs("  }\n}\n", stdout);
}

/* ---- the man page ---- */

static const char *type_text(const struct json_key_info *k, enum json_type t)
{
	switch (t) {
	case JT_INT: return "integer";
	case JT_U64: return "integer (a decimal string above 2^53)";
	case JT_DECIMAL: return "integer as a decimal string";
	case JT_ADDRESS: return "string \"0x...\"";
	case JT_SECONDS: return "seconds";
	case JT_NUMBER: return "number";
	case JT_STRING: return "string";
	case JT_ENUM: return "string";
	case JT_BOOL: return "boolean";
	case JT_TRUE: return "true";
	case JT_LIMIT: return "integer (a decimal string above 2^53) or \"unlimited\"";
	case JT_STATE_COUNTS: return "object";
	case JT_RAW_BYTES: return "object";
	case JT_SMAPS_EXTRA: return "object";
	case JT_OBJECT: return json_object_name(k->object);
	case JT_ARRAY: return "array";
	}
	return "";
}

/* Text from the table as roff: a hyphen is \-, a leading dot escaped. */
static void put_roff(const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", stdout);
	for (; *s; s++) {
		if (*s == '-')
			fputs("\\-", stdout);
		else if (*s == '\\')
			fputs("\\e", stdout);
		else
			putchar(*s);
	}
}

static void put_man_key(const struct json_key_info *k)
{
	printf(".TP\n.B %s\n", k->name);
	put_roff(type_text(k, k->type));
	if (k->type == JT_ARRAY) {
		fputs(" of ", stdout);
		put_roff(k->item == JT_OBJECT ? json_object_name(k->object) : type_text(k, k->item));
		fputs(k->item == JT_OBJECT ? " objects" : "s", stdout);
	} else if (k->type == JT_OBJECT) {
		fputs(" object", stdout);
	}
	if (k->type == JT_ENUM) {
		fputs(", one of ", stdout);
		put_roff(k->values);
	}
	if (k->nullable)
		fputs(" or null", stdout);
	fputs(": ", stdout);
	put_roff(k->help);
	fputs(".\n", stdout);
}

static void put_man(void)
{
	static const char *const titles[JO_COUNT] = {
		[JO_DOCUMENT] = "The document", [JO_SNAPSHOT] = "The snapshot object (\\-\\-save)",
		[JO_HOST] = "The host object (\\-\\-save)",
		[JO_MEMORY] = "Memory and swap objects (\\-\\-save)",
		[JO_CPU_TICKS] = "The cpu_ticks object (\\-\\-save)",
		[JO_TICKS] = "A CPU's counters (\\-\\-save)", [JO_PROCESS] = "Process objects",
		[JO_THREAD] = "Thread objects (\\-L)", [JO_RAW] = "Raw objects (\\-\\-save)",
		[JO_LIMIT] = "Limit objects (\\-\\-save)", [JO_MAP] = "Mapping objects (\\-m)",
		[JO_MAP_TOTAL] = "The maps_total object (\\-m)", [JO_LAYOUT] = "The layout object (\\-m)",
		[JO_IMAGE] = "Image objects (\\-\\-save)", [JO_ROLLUP] = "The rollup object (\\-\\-save)",
		[JO_DIFF] = "The document of \\-\\-diff",
		[JO_DIFF_SNAPSHOT] = "Its old and new objects (\\-\\-diff)",
		[JO_DIFF_THREAD] = "Threads born and exited (\\-\\-diff)",
		[JO_DIFF_STATE] = "State changes (\\-\\-diff)",
		[JO_DIFF_CPU] = "CPU use (\\-\\-diff)",
		[JO_DIFF_CHANGE] = "RSS and thread count changes (\\-\\-diff)",
		[JO_DIFF_MAP] = "Mapping changes (\\-\\-diff)",
		[JO_SHARES] = "The shares object (SHARES)",
		[JO_RLIMIT] = "Resource limit objects (\\-\\-limits)",
		[JO_WAITS] = "The document of \\-W", [JO_WAIT_GROUP] = "Wait groups (\\-W)",
	};

	for (int o = 0; o < JO_COUNT; o++) {
		if (!titles[o])
			problem("object '%s' has no heading", json_object_name((enum json_object)o));
		printf(".SS %s\n", titles[o] ? titles[o] : "?");
		for (int k = 0; k < JK_COUNT; k++)
			if (json_keys[k].in & JO_BIT(o))
				put_man_key(&json_keys[k]);
	}
}

int main(int argc, char **argv)
{
	if (argc != 2 || (strcmp(argv[1], "schema") != 0 && strcmp(argv[1], "man") != 0)) {
		fputs("usage: json-doc schema|man\n", stderr);
		return 2;
	}
	check_table();
	if (problems)
		return 1;
	if (strcmp(argv[1], "schema") == 0)
		put_schema();
	else
		put_man();
	return fflush(stdout) == 0 && !ferror(stdout) && !problems ? 0 : 1;
}
