/* columns.h - the one column table.  Text, tree, JSON and curses output,
 * --list-columns, the man page and the completions all walk it. */
#ifndef LWPS_COLUMNS_H
#define LWPS_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

#include "columns/value.h"
#include "model/json_keys.h"
#include "model/needs.h"
#include "model/snapshot.h"

/* How a value is formatted; the getter decides the value. */
enum col_format {
	CF_INT,      /* decimal */
	CF_STR,      /* escaped text / JSON string */
	CF_ARGV,     /* words joined by spaces / JSON array of strings */
	CF_KIB,      /* .i bytes: text in KiB, JSON in bytes */
	CF_TICKS,    /* .i clock ticks: text [DD-]HH:MM:SS, JSON seconds */
	CF_START,    /* .i ticks since boot: text like ps STIME, JSON epoch seconds */
	CF_ELAPSED,  /* .i ticks since boot: text [[DD-]HH:]MM:SS ago, JSON seconds */
	CF_NSPID,    /* .pids: text innermost pid, JSON array outermost first */
	CF_COUNTS,   /* .counts: text "1R,2S", JSON {"R":1,"S":2} */
	CF_ADDR,     /* .i address: text hex, JSON "0x..." string */
	CF_HEX,      /* .i: text hex (file offset), JSON number */
	CF_BIGINT,   /* .i: text decimal, JSON string (may pass 2^53: inodes) */
	CF_PATH,     /* .s path; V_NONE: text "[anon]", JSON null */
	CF_SEGMENT,  /* .s segment name, .i tid: text "stack:TID" for thread stacks */
	CF_CENTI,    /* .i hundredths: text with one decimal, JSON with two */
	CF_IDS,      /* .ids: text comma-separated ("-" for none), JSON array of numbers */
	CF_NAMES,    /* .argv: text comma-separated ("-" for none), JSON array of strings */
	CF_NLWP,     /* .i threads; .n: 1 when the threads listed differ (text "N*") */
	CF_SHARES,   /* .pids[SHARE_COUNT] by kind, 0 none: text "vm:PID,...", JSON {"vm": PID} */
	CF_LIMIT,    /* .i a limit, or the string "unlimited": text decimal, JSON as JT_LIMIT */
	CF_NSEC,     /* .i nanoseconds: text seconds to the millisecond, JSON to the nanosecond */
	CF_FRAMES,   /* .argv: text the first (innermost) frame, JSON array of strings */
};

/* Which rows a column describes. */
enum col_scope {
	SCOPE_TASK,  /* process and thread rows (the default views) */
	SCOPE_MAP,   /* mapping rows (-m); process columns may be mixed in */
	SCOPE_LIMIT, /* resource limit rows (--limits) */
};

/* A row: a process (t == NULL), one of its threads, one of its
 * mappings (m != NULL; `total` for the sum of a process's mappings), or
 * one of its resource limits (l != NULL). */
struct row {
	const struct tgroup *g;
	const struct task *t;
	const struct vma *m;
	bool total;
	const struct limit_row *l;
};

/* Every column, in the order of --output-all and --list-columns.  Code
 * names a column by its id; only the user's words (-o, -s, the browser's
 * prompts) are looked up by name. */
enum column_id {
	COL_PID, COL_LWP, COL_PPID, COL_PGID, COL_SID, COL_TPGID, COL_TTY, COL_UID, COL_USER,
	/* Credentials beyond the effective user, as ps names them. */
	COL_RUID, COL_RUSER, COL_SUID, COL_SUSER, COL_FUID, COL_FUSER, COL_GID, COL_GROUP,
	COL_RGID, COL_RGROUP, COL_SGID, COL_SGROUP, COL_FGID, COL_FGROUP, COL_SUPGID, COL_SUPGRP,
	COL_STAT, COL_STATE, COL_NLWP, COL_TSTATES, COL_PSR, COL_PRI, COL_NICE, COL_POLICY,
	COL_RTPRIO, COL_TIME, COL_START, COL_ELAPSED, COL_VSZ, COL_RSS, COL_WCHAN, COL_NSPID,
	COL_TRACER, COL_TNAME, COL_COMM, COL_COMMAND,
	/* Time: rates over the interval, changes; memory shares. */
	COL_PCPU, COL_PUSR, COL_PSYS, COL_PWAIT, COL_CSW_RATE, COL_NVCSW_RATE, COL_MINFLT_RATE,
	COL_MAJFLT_RATE, COL_READ_RATE, COL_WRITE_RATE, COL_RSS_DELTA, COL_NLWP_DELTA, COL_PMEM,
	COL_SHR, COL_USS, COL_PSS, COL_SWAP,
	/* What a process shares with others; where a thread executes. */
	COL_SHARES, COL_EXEC,
	/* Causes: what a thread waits on and where it is (model/causes.h). */
	COL_SYSCALL, COL_WAITON, COL_PC, COL_SP, COL_KSTACK, COL_RUNTIME, COL_RQWAIT, COL_SLICES,
	COL_CSW, COL_NVCSW,
	/* Mapping columns (-m). */
	COL_MAP_START, COL_MAP_END, COL_MAP_PERMS, COL_MAP_OFFSET, COL_MAP_DEV, COL_MAP_INODE,
	COL_MAP_SIZE, COL_MAP_KERNELPAGESIZE, COL_MAP_MMUPAGESIZE, COL_MAP_RSS, COL_MAP_PSS,
	COL_MAP_PSS_DIRTY, COL_MAP_SHARED_CLEAN, COL_MAP_SHARED_DIRTY, COL_MAP_PRIVATE_CLEAN,
	COL_MAP_PRIVATE_DIRTY, COL_MAP_DIRTY, COL_MAP_REFERENCED, COL_MAP_ANONYMOUS, COL_MAP_KSM,
	COL_MAP_LAZYFREE, COL_MAP_ANONHUGE, COL_MAP_SHMEMPMD, COL_MAP_FILEPMD,
	COL_MAP_SHARED_HUGETLB, COL_MAP_PRIVATE_HUGETLB, COL_MAP_SWAP, COL_MAP_SWAPPSS,
	COL_MAP_LOCKED, COL_MAP_THPELIGIBLE, COL_MAP_VMFLAGS, COL_MAP_SEGMENT, COL_MAP_TID,
	COL_MAP_THREAD, COL_MAP_MAPPING,
	/* Resource limit columns (--limits). */
	COL_LIMIT_RESOURCE, COL_LIMIT_DESCRIPTION, COL_LIMIT_SOFT, COL_LIMIT_HARD, COL_LIMIT_UNITS,
	COL_COUNT
};

struct column {
	enum column_id id;
	const char *name;        /* for -o and -s, matched case-insensitively */
	const char *header;      /* never translated */
	const char *help;        /* N_() text for --list-columns */
	enum json_key proc_key;  /* JSON key in process objects, or JK_NONE */
	enum json_key task_key;  /* JSON key in thread objects, or JK_NONE */
	enum json_key map_key;   /* JSON key in the objects of its own scope: mapping
				  * objects (-m), limit objects (--limits); or JK_NONE */
	enum col_scope scope;
	enum col_format format;
	bool right;              /* right-aligned */
	int width;               /* minimum width */
	unsigned needs;          /* NEED_* for the process value */
	unsigned task_needs;     /* extra NEED_* when shown per thread */
	void (*get)(const struct row *r, const struct snapshot *s, struct value *v);
};

extern const struct column column_table[COL_COUNT];
extern const size_t column_count;

/* The column with this id. */
static inline const struct column *column_of(enum column_id id)
{
	return &column_table[id];
}

/* Whether c is the column with this id (c may be NULL). */
static inline bool column_is(const struct column *c, enum column_id id)
{
	return c == &column_table[id];
}

/* Finds a column by name or alias (case-insensitive), or NULL.  With
 * SCOPE_MAP or SCOPE_LIMIT, that scope's columns win over process
 * columns of the same name (process columns may be shown beside mappings
 * or limits, not the reverse). */
const struct column *column_find(const char *name);
const struct column *column_find_scoped(const char *name, enum col_scope scope);

/* The task a row speaks for: its thread, or the group as a whole. */
static inline const struct task *row_task(const struct row *r)
{
	return r->t ? r->t : &r->g->self;
}

/* The header as this locale can show it: a header beyond ASCII (ΔRSS)
 * falls back to its ASCII alias (RSS_DELTA) outside a UTF-8 locale. */
const char *column_header(const struct column *c);
/* The columns it takes on a terminal. */
size_t column_header_width(const struct column *c);

/* Builds ps's STAT text (state plus < N L s l +) into buf[8]. */
void column_stat_text(const struct tgroup *g, const struct task *t, char buf[8]);

#endif
