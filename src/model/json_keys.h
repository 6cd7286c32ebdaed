/* json_keys.h - every key lwps writes in a JSON document, described once:
 * its name, the object it belongs to, its type and what it means.  The
 * writers (output/), the loader (proc/load_json.c), the man page and the
 * JSON Schema (src/tools/json_doc.c) all use this table, so this header
 * depends on nothing above the model. */
#ifndef LWPS_JSON_KEYS_H
#define LWPS_JSON_KEYS_H

#include <stdbool.h>

/* The schema number: a later schema that changes a key's meaning gets a
 * new one.  2: maps_error is an errno name (1: English words). */
enum { JSON_SCHEMA = 2 };

/* The objects keys live in. */
enum json_object {
	JO_DOCUMENT,     /* the whole document: -J of any view, a --watch line, a --save file */
	JO_SNAPSHOT,     /* "snapshot" of a --save file */
	JO_HOST,         /* snapshot.host */
	JO_MEMORY,       /* host.memory and host.swap */
	JO_CPU_TICKS,    /* host.cpu_ticks */
	JO_TICKS,        /* one CPU's time counters */
	JO_PROCESS,
	JO_THREAD,
	JO_RAW,          /* a task's "raw" kernel fields (--save) */
	JO_LIMIT,        /* one resource limit (--save) */
	JO_MAP,          /* one mapping (-m) */
	JO_MAP_TOTAL,    /* the sum of a process's mappings */
	JO_LAYOUT,       /* the mm's layout addresses */
	JO_IMAGE,        /* a mapped ELF object's program headers, placed (--save) */
	JO_ROLLUP,       /* a process's smaps_rollup figures (--save) */
	JO_DIFF,         /* the document of --diff OLD NEW */
	JO_DIFF_SNAPSHOT,  /* its "old" and "new": which snapshot, taken when */
	JO_DIFF_THREAD,  /* a thread born or exited */
	JO_DIFF_STATE,   /* a thread whose state changed */
	JO_DIFF_CPU,     /* what a process or thread used */
	JO_DIFF_CHANGE,  /* a process's RSS or thread count that changed */
	JO_DIFF_MAP,     /* a mapping added, removed, grown or shrunk */
	JO_SHARES,       /* what a process shares with others, by kind */
	JO_RLIMIT,       /* one resource limit (--limits) */
	JO_WAITS,        /* the document of -W */
	JO_WAIT_GROUP,   /* the threads waiting on one thing (-W) */
	JO_COUNT
};

#define JO_BIT(o) (1u << (o))

/* How a value is written.  A key whose value can be unknown is also
 * `nullable`. */
enum json_type {
	JT_INT,          /* an integer that never passes 2^53 (ids, counts) */
	JT_U64,          /* an unsigned integer: a JSON number up to 2^53, a decimal
			  * string above, where a double would lose digits */
	JT_DECIMAL,      /* an unsigned integer always written as a decimal string */
	JT_ADDRESS,      /* an address as a string, "0x" and lower-case hex */
	JT_SECONDS,      /* seconds, rounded to the precision they were measured in */
	JT_NUMBER,       /* a number with a fraction (load averages) */
	JT_STRING,       /* UTF-8 text */
	JT_ENUM,         /* one of the strings in `values` */
	JT_BOOL,
	JT_TRUE,         /* present only when true */
	JT_LIMIT,        /* a JT_U64, or the string "unlimited" */
	JT_ARRAY,        /* of `item` (of `object` when item is JT_OBJECT) */
	JT_OBJECT,       /* an object of kind `object` */
	JT_STATE_COUNTS, /* an object: state letter -> number of threads */
	JT_RAW_BYTES,    /* an object: key -> its exact bytes in hex (an array of
			  * hex or null for an array of strings) */
	JT_SMAPS_EXTRA,  /* an object: smaps key -> bytes ("N kB") or its text */
};

enum json_key {
	/* The document. */
	JK_SCHEMA, JK_LWPS_VERSION, JK_TAKEN_AT, JK_FROM_SNAPSHOT, JK_INTERVAL, JK_SNAPSHOT,
	JK_PROCESSES,
	/* A saved snapshot's host facts. */
	JK_HOST, JK_KERNEL, JK_HOSTNAME, JK_PAGE_SIZE, JK_PID_MAX, JK_CLOCK_TICKS, JK_BOOT_TIME,
	JK_BOOT_ID, JK_LOAD, JK_MEMORY, JK_SWAP, JK_UPTIME, JK_CPU_TICKS,
	JK_MEM_TOTAL, JK_MEM_FREE, JK_MEM_AVAILABLE, JK_MEM_BUFFERS, JK_MEM_CACHED,
	JK_CPU_TOTAL, JK_PER_CPU,
	JK_TICKS_USER, JK_TICKS_NICE, JK_TICKS_SYSTEM, JK_TICKS_IDLE, JK_TICKS_IOWAIT,
	JK_TICKS_IRQ, JK_TICKS_SOFTIRQ, JK_TICKS_STEAL,
	/* Process and thread columns (the column table names them). */
	JK_PID, JK_TID, JK_PPID, JK_PGID, JK_SID, JK_TPGID, JK_TTY, JK_UID, JK_USER, JK_STAT,
	JK_STATE, JK_NLWP, JK_THREAD_STATES, JK_PROCESSOR, JK_PRIORITY, JK_NICE, JK_POLICY,
	JK_RT_PRIORITY, JK_CPU_TIME, JK_START_TIME, JK_ELAPSED, JK_VSZ, JK_RSS, JK_WCHAN,
	JK_NSPID, JK_TRACER_PID, JK_COMM, JK_CMDLINE,
	/* Credentials beyond the effective user (columns too). */
	JK_RUID, JK_RUSER, JK_SUID, JK_SUSER, JK_FUID, JK_FUSER, JK_GID, JK_GROUP, JK_RGID,
	JK_RGROUP, JK_SGID, JK_SGROUP, JK_FGID, JK_FGROUP, JK_SUPGID, JK_SUPGRP, JK_THREADS_LISTED,
	/* Rates over an interval (or a lifetime), changes, memory shares. */
	JK_PCPU, JK_PUSR, JK_PSYS, JK_PWAIT, JK_CSW_RATE, JK_NVCSW_RATE, JK_MINFLT_RATE,
	JK_MAJFLT_RATE, JK_READ_RATE, JK_WRITE_RATE, JK_RSS_DELTA, JK_NLWP_DELTA, JK_PMEM,
	JK_SHR, JK_USS,
	/* Causes (columns, and in a --save file what they come from), then
	 * the waits view (-W). */
	JK_SYSCALL, JK_SYSCALL_ERROR, JK_WAITON, JK_PC, JK_SP, JK_KSTACK, JK_RUNTIME, JK_RQWAIT,
	JK_SLICES, JK_CSW, JK_NVCSW, JK_RAW_SYSCALL_NR, JK_RAW_SYSCALL_ARGS, JK_RAW_WAIT_KIND,
	JK_RAW_WAIT_GROUP, JK_WAITS_WAITING, JK_WAIT_GROUPS, JK_WAITS_RUNNING, JK_GROUP_ON,
	JK_GROUP_KIND, JK_GROUP_COUNT, JK_GROUP_IN_D, JK_GROUP_PROCESSES,
	/* What a process or thread object holds besides its columns. */
	JK_RAW_BYTES, JK_THREADS, JK_CHILDREN, JK_SYNTHETIC, JK_NEW_PID_NS, JK_PPID_CYCLE,
	JK_MAPS, JK_MAPS_TOTAL, JK_LAYOUT, JK_MAPS_ERROR,
	JK_RAW, JK_TASKS_READ, JK_PARENT_TID, JK_LIMITS, JK_LIMITS_ERROR, JK_IMAGES,
	/* A task's raw kernel fields (--save). */
	JK_RAW_TTY_NR, JK_RAW_TPGID, JK_RAW_FLAGS, JK_RAW_UTIME, JK_RAW_STIME, JK_RAW_START_TICKS,
	JK_RAW_RSS_PAGES, JK_RAW_VSIZE, JK_RAW_VM_LOCKED_KB, JK_RAW_RUID, JK_RAW_WCHAN_KNOWN,
	JK_RAW_STACK_POINTER, JK_RAW_ON_CPU,
	/* A task's counters (--save), in struct task's order; absent when
	 * unknown.  Then a process's smaps_rollup, in struct mem_rollup's. */
	JK_RAW_MINFLT, JK_RAW_MAJFLT, JK_RAW_NVCSW, JK_RAW_NIVCSW, JK_RAW_RUN_NS, JK_RAW_WAIT_NS,
	JK_RAW_SLICES, JK_RAW_READ_BYTES, JK_RAW_WRITE_BYTES,
	JK_ROLLUP, JK_ROLLUP_ERROR, JK_ROLLUP_RSS, JK_ROLLUP_PSS, JK_ROLLUP_SHARED,
	JK_ROLLUP_PRIVATE, JK_ROLLUP_SWAP,
	/* --diff: the document, which snapshots, then one array per kind of
	 * change, in the order the text shows them. */
	JK_DIFF_OLD, JK_DIFF_NEW, JK_DIFF_INTERVAL, JK_PROCESSES_BORN, JK_PROCESSES_EXITED,
	JK_THREADS_BORN, JK_THREADS_EXITED, JK_STATE_CHANGES, JK_CPU_PROCESSES, JK_CPU_THREADS,
	JK_RSS_CHANGES, JK_NLWP_CHANGES, JK_MAPS_ADDED, JK_MAPS_REMOVED, JK_MAPS_GROWN,
	JK_MAPS_SHRUNK,
	JK_SIDE_FILE, JK_SIDE_TAKEN_AT, JK_SIDE_HOSTNAME,
	/* Its entries. */
	JK_DIFF_PID, JK_DIFF_TID, JK_CPU_TID, JK_DIFF_COMM,
	JK_DIFF_STATE, JK_DIFF_START_TIME, JK_DIFF_TASK_CPU, JK_STATE_BEFORE, JK_STATE_AFTER,
	JK_CPU_USED, JK_CPU_PERCENT, JK_CPU_USER, JK_CPU_SYSTEM, JK_CPU_WAIT, JK_CPU_VOLUNTARY,
	JK_CPU_INVOLUNTARY, JK_CPU_MINFLT, JK_CPU_MAJFLT, JK_CPU_READ, JK_CPU_WRITE, JK_CPU_BORN,
	JK_CHANGE_BEFORE, JK_CHANGE_AFTER, JK_CHANGE,
	JK_MAPCH_START, JK_MAPCH_END, JK_MAPCH_PERMS, JK_MAPCH_PATH, JK_MAPCH_SIZE_BEFORE,
	JK_MAPCH_SIZE_AFTER, JK_MAPCH_RSS_BEFORE, JK_MAPCH_RSS_AFTER,
	/* A mapped ELF object (--save). */
	JK_IMAGE_DEV, JK_IMAGE_INODE, JK_IMAGE_END, JK_IMAGE_RELRO_START, JK_IMAGE_RELRO_END,
	/* A resource limit (--save). */
	JK_LIMIT_RESOURCE, JK_LIMIT_SOFT, JK_LIMIT_HARD, JK_LIMIT_UNITS,
	/* A mapping (-m); the smaps sizes are also in maps_total. */
	JK_MAP_START, JK_MAP_END, JK_PERMS, JK_OFFSET, JK_DEV, JK_INODE,
	JK_SIZE, JK_KERNEL_PAGE_SIZE, JK_MMU_PAGE_SIZE, JK_PSS, JK_PSS_DIRTY, JK_SHARED_CLEAN,
	JK_SHARED_DIRTY, JK_PRIVATE_CLEAN, JK_PRIVATE_DIRTY, JK_DIRTY, JK_REFERENCED, JK_ANONYMOUS,
	JK_KSM, JK_LAZY_FREE, JK_ANON_HUGE_PAGES, JK_SHMEM_PMD_MAPPED, JK_FILE_PMD_MAPPED,
	JK_SHARED_HUGETLB, JK_PRIVATE_HUGETLB, JK_MAP_SWAP, JK_SWAP_PSS, JK_LOCKED,
	JK_THP_ELIGIBLE, JK_VM_FLAGS, JK_SEGMENT, JK_MAP_TID, JK_TIDS, JK_STACK_LAST_SEEN,
	JK_THREAD_NAME, JK_PATH, JK_DELETED, JK_PATH_AMBIGUOUS, JK_EXTRA,
	/* The mm's layout, in enum layout_field's order (model/maps.h). */
	JK_START_CODE, JK_END_CODE, JK_START_DATA, JK_END_DATA, JK_START_BRK, JK_BRK,
	JK_START_STACK, JK_ARG_START, JK_ARG_END, JK_ENV_START, JK_ENV_END,
	/* What a process shares (its kinds in enum share_kind's order), where
	 * a task executes, and the limits as --limits shows them. */
	JK_SHARES, JK_SHARES_VM, JK_SHARES_FILES, JK_SHARES_FS, JK_SHARES_SIGHAND, JK_SHARES_SYSVSEM,
	JK_EXEC, JK_EXEC_ERROR, JK_RAW_PC,
	JK_RLIMITS, JK_RLIMIT_RESOURCE, JK_RLIMIT_DESCRIPTION, JK_RLIMIT_SOFT, JK_RLIMIT_HARD,
	JK_RLIMIT_UNITS,
	JK_COUNT,
	/* No key: a column that has none in some kind of object. */
	JK_NONE = JK_COUNT
};

struct json_key_info {
	const char *name;
	unsigned in;               /* JO_BIT()s of the objects that have it */
	enum json_type type;
	enum json_type item;       /* JT_ARRAY: its elements' type */
	enum json_object object;   /* JT_OBJECT, or JT_ARRAY of JT_OBJECT */
	bool nullable;             /* null when unknown (or as `help` says) */
	bool required;             /* in every object of its kinds */
	const char *values;        /* JT_ENUM: the strings, space-separated */
	const char *help;          /* one line, for the man page and the schema */
};

extern const struct json_key_info json_keys[JK_COUNT];

static inline const char *json_key_name(enum json_key k)
{
	return json_keys[k].name;
}

/* The name of an object kind ("process", "mapping", ...). */
const char *json_object_name(enum json_object o);

#endif
