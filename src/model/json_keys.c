/* json_keys.c - every key lwps writes in a JSON document, described once. */
#include "config.h"

#include "model/exec_reasons.h"
#include "model/causes.h"
#include "model/json_keys.h"
#include "model/read_errors.h"

#define P JO_BIT(JO_PROCESS)
#define T JO_BIT(JO_THREAD)
#define M JO_BIT(JO_MAP)
#define MT (JO_BIT(JO_MAP) | JO_BIT(JO_MAP_TOTAL))
#define DOCS (JO_BIT(JO_DOCUMENT) | JO_BIT(JO_WAITS))

/* Shorthands for the common kinds of entry. */
#define VALUE(n, where, t, h) { .name = n, .in = where, .type = t, .help = h }
#define NULLABLE(n, where, t, h) { .name = n, .in = where, .type = t, .nullable = true, .help = h }
#define REQUIRED(n, where, t, h) { .name = n, .in = where, .type = t, .required = true, .help = h }
#define OBJECT(n, where, o, null, h) \
	{ .name = n, .in = where, .type = JT_OBJECT, .object = o, .nullable = null, .help = h }
#define ARRAY(n, where, it, o, null, h) \
	{ .name = n, .in = where, .type = JT_ARRAY, .item = it, .object = o, .nullable = null, .help = h }
#define BYTES(n, h) NULLABLE(n, MT, JT_U64, h " (bytes)")
#define MAP_FLAG(n, h) { .name = n, .in = M, .type = JT_BOOL, .help = h }
#define TICKS(n, h) REQUIRED(n, JO_BIT(JO_TICKS), JT_U64, h " (clock ticks since boot)")
#define LAYOUT(n, h) NULLABLE(n, JO_BIT(JO_LAYOUT), JT_ADDRESS, h)
#define COUNTER(n, h) VALUE(n, JO_BIT(JO_RAW), JT_U64, h "; absent when unknown")
#define ROLLUP(n, h) REQUIRED(n, JO_BIT(JO_ROLLUP), JT_U64, h " (bytes)")
#define DIFF_ENTRIES (JO_BIT(JO_DIFF_THREAD) | JO_BIT(JO_DIFF_STATE) | JO_BIT(JO_DIFF_CPU) | \
		      JO_BIT(JO_DIFF_CHANGE) | JO_BIT(JO_DIFF_MAP))
#define CHANGES(n, o, h) \
	{ .name = n, .in = JO_BIT(JO_DIFF), .type = JT_ARRAY, .item = JT_OBJECT, .object = o, \
	  .required = true, .help = h }
#define SIDE(n, h) \
	{ .name = n, .in = JO_BIT(JO_DIFF), .type = JT_OBJECT, .object = JO_DIFF_SNAPSHOT, \
	  .required = true, .help = h }
#define USED(n, t, h) \
	{ .name = n, .in = JO_BIT(JO_DIFF_CPU), .type = t, .nullable = true, .required = true, \
	  .help = h " in between; null when unknown" }
#define MAP_FIGURE(n, h) \
	{ .name = n, .in = JO_BIT(JO_DIFF_MAP), .type = JT_U64, .nullable = true, .required = true, \
	  .help = h " (bytes)" }

const struct json_key_info json_keys[JK_COUNT] = {
	[JK_SCHEMA] = REQUIRED("schema", DOCS | JO_BIT(JO_DIFF), JT_INT,
			       "2; a later schema that changes a key's meaning gets a new number "
			       "(--load also reads schema 1)"),
	[JK_LWPS_VERSION] = REQUIRED("lwps_version", DOCS | JO_BIT(JO_DIFF), JT_STRING,
				     "the version of lwps that wrote the document"),
	[JK_TAKEN_AT] = REQUIRED("taken_at", DOCS, JT_SECONDS,
				 "when the data was read, in seconds since the epoch"),
	[JK_FROM_SNAPSHOT] = VALUE("from_snapshot", DOCS, JT_TRUE,
				   "the data was loaded with --load"),
	[JK_INTERVAL] = VALUE("interval", JO_BIT(JO_DOCUMENT), JT_NUMBER,
			      "with -I or --watch: the seconds between the two readings the rates "
			      "cover"),
	[JK_SNAPSHOT] = OBJECT("snapshot", JO_BIT(JO_DOCUMENT), JO_SNAPSHOT, false,
			       "a --save file only: what the model needs to come back exactly"),
	[JK_PROCESSES] = { .name = "processes", .in = JO_BIT(JO_DOCUMENT), .type = JT_ARRAY,
			   .item = JT_OBJECT, .object = JO_PROCESS, .required = true,
			   .help = "process objects (with -t, the roots of the tree)" },

	[JK_HOST] = OBJECT("host", JO_BIT(JO_SNAPSHOT), JO_HOST, false, "the machine's facts"),
	[JK_KERNEL] = NULLABLE("kernel", JO_BIT(JO_HOST), JT_STRING, "the kernel's release"),
	[JK_HOSTNAME] = NULLABLE("hostname", JO_BIT(JO_HOST), JT_STRING, "the host's name"),
	[JK_PAGE_SIZE] = VALUE("page_size", JO_BIT(JO_HOST), JT_INT, "bytes in a page"),
	[JK_PID_MAX] = NULLABLE("pid_max", JO_BIT(JO_HOST), JT_INT, "the largest pid plus one"),
	[JK_CLOCK_TICKS] = VALUE("clock_ticks", JO_BIT(JO_HOST), JT_INT,
				 "clock ticks per second (USER_HZ)"),
	[JK_BOOT_TIME] = NULLABLE("boot_time", JO_BIT(JO_HOST), JT_SECONDS,
				  "when the machine booted, in seconds since the epoch; null when unknown"),
	[JK_BOOT_ID] = NULLABLE("boot_id", JO_BIT(JO_HOST), JT_STRING,
				"the kernel's random id of this boot"),
	[JK_LOAD] = ARRAY("load", JO_BIT(JO_HOST), JT_NUMBER, JO_COUNT, true,
			  "load averages over 1, 5 and 15 minutes"),
	[JK_MEMORY] = OBJECT("memory", JO_BIT(JO_HOST), JO_MEMORY, true, "memory, from /proc/meminfo"),
	[JK_SWAP] = OBJECT("swap", JO_BIT(JO_HOST), JO_MEMORY, true, "swap, from /proc/meminfo"),
	[JK_UPTIME] = NULLABLE("uptime", JO_BIT(JO_HOST), JT_SECONDS, "seconds since boot"),
	[JK_CPU_TICKS] = OBJECT("cpu_ticks", JO_BIT(JO_HOST), JO_CPU_TICKS, true,
				"CPU time counters, from /proc/stat"),
	[JK_MEM_TOTAL] = REQUIRED("total", JO_BIT(JO_MEMORY), JT_U64, "bytes in all"),
	[JK_MEM_FREE] = REQUIRED("free", JO_BIT(JO_MEMORY), JT_U64, "bytes unused"),
	[JK_MEM_AVAILABLE] = VALUE("available", JO_BIT(JO_MEMORY), JT_U64,
				   "bytes available without swapping (memory only)"),
	[JK_MEM_BUFFERS] = VALUE("buffers", JO_BIT(JO_MEMORY), JT_U64,
				 "bytes of block device buffers (memory only)"),
	[JK_MEM_CACHED] = VALUE("cached", JO_BIT(JO_MEMORY), JT_U64,
				"bytes of page cache (memory only)"),
	[JK_CPU_TOTAL] = OBJECT("total", JO_BIT(JO_CPU_TICKS), JO_TICKS, false, "every CPU's counters summed"),
	[JK_PER_CPU] = ARRAY("per_cpu", JO_BIT(JO_CPU_TICKS), JT_OBJECT, JO_TICKS, false,
			     "each CPU's counters, by CPU number"),
	[JK_TICKS_USER] = TICKS("user", "time in user mode"),
	[JK_TICKS_NICE] = TICKS("nice", "time in user mode at low priority"),
	[JK_TICKS_SYSTEM] = TICKS("system", "time in the kernel"),
	[JK_TICKS_IDLE] = TICKS("idle", "idle time"),
	[JK_TICKS_IOWAIT] = TICKS("iowait", "idle time waiting for I/O"),
	[JK_TICKS_IRQ] = TICKS("irq", "time serving interrupts"),
	[JK_TICKS_SOFTIRQ] = TICKS("softirq", "time serving softirqs"),
	[JK_TICKS_STEAL] = TICKS("steal", "time taken by other guests"),

	[JK_PID] = REQUIRED("pid", P, JT_INT, "process id (thread group id)"),
	[JK_TID] = REQUIRED("tid", T, JT_INT, "thread id"),
	[JK_PPID] = NULLABLE("ppid", P, JT_INT, "parent process id"),
	[JK_PGID] = NULLABLE("pgid", P, JT_INT, "process group id"),
	[JK_SID] = NULLABLE("sid", P, JT_INT, "session id"),
	[JK_TPGID] = NULLABLE("tpgid", P, JT_INT,
			      "foreground process group of the controlling terminal; -1: no terminal"),
	[JK_TTY] = NULLABLE("tty", P, JT_STRING, "controlling terminal; null without one"),
	[JK_UID] = NULLABLE("uid", P | T, JT_INT, "effective user id"),
	[JK_USER] = NULLABLE("user", P | T, JT_STRING,
			     "effective user name (an id without a name in decimal)"),
	[JK_STAT] = NULLABLE("stat", P | T, JT_STRING, "state with ps's modifiers, as ps prints it"),
	[JK_STATE] = NULLABLE("state", P | T, JT_STRING, "the kernel's state letter"),
	[JK_NLWP] = NULLABLE("nlwp", P, JT_INT, "number of threads"),
	[JK_THREAD_STATES] = { .name = "thread_states", .in = P, .type = JT_STATE_COUNTS,
			       .nullable = true, .help = "state letter to the number of threads in it" },
	[JK_PROCESSOR] = NULLABLE("processor", P | T, JT_INT, "processor the task last ran on"),
	[JK_PRIORITY] = NULLABLE("priority", P | T, JT_INT, "kernel priority (stat field 18)"),
	[JK_NICE] = NULLABLE("nice", P | T, JT_INT, "nice value"),
	[JK_POLICY] = NULLABLE("policy", P | T, JT_STRING,
			       "scheduling policy: TS FF RR B ISO IDL DLN, or its number"),
	[JK_RT_PRIORITY] = NULLABLE("rt_priority", P | T, JT_INT, "real-time priority"),
	[JK_CPU_TIME] = NULLABLE("cpu_time", P | T, JT_SECONDS,
				 "CPU time: the process's total, or the thread's own"),
	[JK_START_TIME] = NULLABLE("start_time", P | T, JT_SECONDS,
				   "when the task started, in seconds since the epoch"),
	[JK_ELAPSED] = NULLABLE("elapsed", P | T, JT_SECONDS, "seconds since the task started"),
	[JK_VSZ] = NULLABLE("vsz", P, JT_U64, "virtual memory size (bytes)"),
	[JK_RSS] = NULLABLE("rss", P | MT, JT_U64, "resident set size (bytes)"),
	[JK_WCHAN] = NULLABLE("wchan", P | T, JT_STRING,
			      "kernel function the task sleeps in; null when not waiting or unknown"),
	[JK_NSPID] = ARRAY("nspid", P | T, JT_INT, JO_COUNT, true,
			   "the task's pid in each pid namespace, outermost first"),
	[JK_TRACER_PID] = NULLABLE("tracer_pid", P | T, JT_INT, "pid of the tracer (ptrace), 0 for none"),
	[JK_COMM] = NULLABLE("comm", P | T, JT_STRING,
			     "command name: the process's, in a thread object the thread's own"),
	[JK_CMDLINE] = ARRAY("cmdline", P, JT_STRING, JO_COUNT, true,
			     "the command line (argv); empty for kernel threads and zombies"),
	[JK_PCPU] = NULLABLE("%cpu", P | T, JT_NUMBER,
			     "CPU use in percent of one CPU over the interval (without one: "
			     "over the task's life)"),
	[JK_PUSR] = NULLABLE("%usr", P | T, JT_NUMBER, "the part of %cpu in user mode"),
	[JK_PSYS] = NULLABLE("%sys", P | T, JT_NUMBER, "the part of %cpu in the kernel"),
	[JK_PWAIT] = NULLABLE("%wait", P | T, JT_NUMBER,
			      "percent of the time runnable but waiting for a CPU (schedstat)"),
	[JK_CSW_RATE] = NULLABLE("csw/s", P | T, JT_NUMBER,
				 "voluntary context switches per second: blocked on a wait"),
	[JK_NVCSW_RATE] = NULLABLE("nvcsw/s", P | T, JT_NUMBER,
				   "involuntary context switches per second: preempted"),
	[JK_MINFLT_RATE] = NULLABLE("minflt/s", P | T, JT_NUMBER,
				    "minor page faults per second (no disk read)"),
	[JK_MAJFLT_RATE] = NULLABLE("majflt/s", P | T, JT_NUMBER,
				    "major page faults per second (read from disk)"),
	[JK_READ_RATE] = NULLABLE("rd/s", P | T, JT_U64, "bytes read from storage per second"),
	[JK_WRITE_RATE] = NULLABLE("wr/s", P | T, JT_U64, "bytes written to storage per second"),
	[JK_RSS_DELTA] = NULLABLE("rss_delta", P, JT_INT,
				  "change of the resident set size over the interval (bytes); null "
				  "without an interval"),
	[JK_NLWP_DELTA] = NULLABLE("nlwp_delta", P, JT_INT,
				   "change of the number of threads over the interval; null without "
				   "an interval"),
	[JK_PMEM] = NULLABLE("%mem", P, JT_NUMBER, "resident set size in percent of MemTotal"),
	[JK_SHR] = NULLABLE("shr", P, JT_U64,
			    "resident memory shared with other processes (smaps_rollup, bytes)"),
	[JK_USS] = NULLABLE("uss", P, JT_U64,
			    "resident memory of this process only (smaps_rollup, bytes)"),

	[JK_SYSCALL] = NULLABLE("syscall", P | T, JT_STRING,
				"the system call the task is blocked in, by name (its number where "
				"lwps has none); \"running\" on a CPU, \"none\" outside a system call; "
				"null for a kernel thread or when task/TID/syscall cannot be read "
				"(see syscall_error); a process's is its leader's"),
	[JK_SYSCALL_ERROR] = { .name = "syscall_error", .in = P | T, .type = JT_ENUM,
			       .values = READ_ERROR_NAMES,
			       .help = "present when task/TID/syscall could not be read (another "
				       "user's task, or ptrace access refused): why, as an errno name" },
	[JK_WAITON] = NULLABLE("waiton", P | T, JT_STRING,
			       "what the system call waits on, from its arguments: a descriptor "
			       "(and who holds a pipe's other end or a socket's peer), a futex "
			       "(its mapping, the other threads waiting on it), the time a sleep "
			       "asked for, a child; null when it names nothing or is unknown"),
	[JK_PC] = NULLABLE("pc", P | T, JT_ADDRESS,
			   "the user-space instruction pointer saved at entry to the kernel; null "
			   "on a CPU (nothing saved), for a kernel thread or when unreadable"),
	[JK_SP] = NULLABLE("sp", P | T, JT_ADDRESS,
			   "the user-space stack pointer saved at entry to the kernel; null as pc"),
	[JK_KSTACK] = ARRAY("kstack", P | T, JT_STRING, JO_COUNT, true,
			    "the kernel stack, innermost frame first (task/TID/stack, root only: "
			    "null otherwise; empty on a CPU)"),
	[JK_RUNTIME] = NULLABLE("runtime", P | T, JT_SECONDS,
				"time on a CPU (schedstat); a process's is its threads' sum"),
	[JK_RQWAIT] = NULLABLE("rqwait", P | T, JT_SECONDS,
			       "time runnable, waiting on a run queue for a CPU (schedstat); a "
			       "process's is its threads' sum"),
	[JK_SLICES] = NULLABLE("slices", P | T, JT_INT,
			       "timeslices run (schedstat); a process's is its threads' sum"),
	[JK_CSW] = NULLABLE("csw", P | T, JT_INT,
			    "voluntary context switches (blocked on a wait) since the task started "
			    "(status); a process's is its threads' sum"),
	[JK_NVCSW] = NULLABLE("nvcsw", P | T, JT_INT,
			      "involuntary context switches (preempted) since the task started"),
	[JK_RAW_SYSCALL_NR] = VALUE("syscall_nr", JO_BIT(JO_RAW), JT_INT,
				    "the system call's number (-1: outside one); present when "
				    "task/TID/syscall gave it"),
	[JK_RAW_SYSCALL_ARGS] = ARRAY("syscall_args", JO_BIT(JO_RAW), JT_ADDRESS, JO_COUNT, false,
				      "its six arguments, with syscall_nr"),
	[JK_RAW_WAIT_KIND] = { .name = "wait_kind", .in = JO_BIT(JO_RAW), .type = JT_ENUM,
			       .values = WAIT_KIND_NAMES,
			       .help = "the kind of thing it waits on; present when waiton was "
				       "decoded" },
	[JK_RAW_WAIT_GROUP] = VALUE("wait_group", JO_BIT(JO_RAW), JT_STRING,
				    "the thing it waits on, alike for every task that waits on it "
				    "(what -W groups by); present with a wait_kind other than none"),
	[JK_WAITS_WAITING] = REQUIRED("waiting", JO_BIT(JO_WAITS), JT_INT,
				      "threads of the selection that wait: neither running, "
				      "runnable nor dead"),
	[JK_WAIT_GROUPS] = { .name = "groups", .in = JO_BIT(JO_WAITS), .type = JT_ARRAY,
			     .item = JT_OBJECT, .object = JO_WAIT_GROUP, .required = true,
			     .help = "the waiting threads grouped by what they wait on: groups "
				     "with threads in D first, then the largest" },
	[JK_WAITS_RUNNING] = { .name = "running", .in = JO_BIT(JO_WAITS), .type = JT_ARRAY,
			       .item = JT_OBJECT, .object = JO_PROCESS, .required = true,
			       .help = "the processes with running or runnable threads, those "
				       "threads in their threads (with rqwait, the time they waited "
				       "for a CPU)" },
	[JK_GROUP_ON] = REQUIRED("on", JO_BIT(JO_WAIT_GROUP), JT_STRING,
				 "what the threads wait on: the thing (a futex, pipe, socket, file, "
				 "descriptor or child) or the kernel function (wchan)"),
	[JK_GROUP_KIND] = { .name = "kind", .in = JO_BIT(JO_WAIT_GROUP), .type = JT_ENUM,
			    .values = WAIT_GROUP_KINDS, .required = true,
			    .help = "what on is: a kind of thing, a kernel function (wchan), "
				    "stopped threads, or threads whose wait is unknown" },
	[JK_GROUP_COUNT] = REQUIRED("count", JO_BIT(JO_WAIT_GROUP), JT_INT, "the threads waiting on it"),
	[JK_GROUP_IN_D] = REQUIRED("uninterruptible", JO_BIT(JO_WAIT_GROUP), JT_INT,
				   "of them, those in D (uninterruptible)"),
	[JK_GROUP_PROCESSES] = { .name = "processes", .in = JO_BIT(JO_WAIT_GROUP), .type = JT_ARRAY,
				 .item = JT_OBJECT, .object = JO_PROCESS, .required = true,
				 .help = "the processes of those threads, the threads in their "
					 "threads (in D first, each with its kstack where readable)" },

	[JK_RUID] = NULLABLE("ruid", P | T, JT_INT, "real user id"),
	[JK_RUSER] = NULLABLE("ruser", P | T, JT_STRING, "real user name"),
	[JK_SUID] = NULLABLE("suid", P | T, JT_INT, "saved user id"),
	[JK_SUSER] = NULLABLE("suser", P | T, JT_STRING, "saved user name"),
	[JK_FUID] = NULLABLE("fuid", P | T, JT_INT, "filesystem user id"),
	[JK_FUSER] = NULLABLE("fuser", P | T, JT_STRING, "filesystem user name"),
	[JK_GID] = NULLABLE("gid", P | T, JT_INT, "effective group id"),
	[JK_GROUP] = NULLABLE("group", P | T, JT_STRING, "effective group name"),
	[JK_RGID] = NULLABLE("rgid", P | T, JT_INT, "real group id"),
	[JK_RGROUP] = NULLABLE("rgroup", P | T, JT_STRING, "real group name"),
	[JK_SGID] = NULLABLE("sgid", P | T, JT_INT, "saved group id"),
	[JK_SGROUP] = NULLABLE("sgroup", P | T, JT_STRING, "saved group name"),
	[JK_FGID] = NULLABLE("fgid", P | T, JT_INT, "filesystem group id"),
	[JK_FGROUP] = NULLABLE("fgroup", P | T, JT_STRING, "filesystem group name"),
	[JK_SUPGID] = ARRAY("supgid", P | T, JT_INT, JO_COUNT, true, "supplementary group ids"),
	[JK_SUPGRP] = ARRAY("supgrp", P | T, JT_STRING, JO_COUNT, true,
			    "supplementary group names (an id without a name in decimal)"),
	[JK_THREADS_LISTED] = VALUE("threads_listed", P, JT_INT,
				    "present when the threads read are not as many as nlwp: how "
				    "many were (threads began or ended while they were listed)"),

	[JK_RAW_BYTES] = { .name = "raw_bytes", .in = P | T | M | DIFF_ENTRIES, .type = JT_RAW_BYTES,
			   .help = "present when a string was not valid UTF-8: under its key, "
				   "its exact bytes in hex (for cmdline, an array with null for "
				   "the valid words)" },
	[JK_THREADS] = ARRAY("threads", P, JT_OBJECT, JO_THREAD, false,
			     "with -L and in a --save file: the thread objects"),
	[JK_CHILDREN] = ARRAY("children", P | T, JT_OBJECT, JO_PROCESS, false,
			      "with -t: the processes it forked (with -t -L those a thread other "
			      "than the leader forked are in that thread's children)"),
	[JK_SYNTHETIC] = VALUE("synthetic", P, JT_TRUE,
			       "with -t: the idle task, pid 0, which is not a /proc entry"),
	[JK_NEW_PID_NS] = VALUE("new_pid_ns", P, JT_BOOL, "with -t: the process starts a pid namespace"),
	[JK_PPID_CYCLE] = VALUE("ppid_cycle", P, JT_TRUE,
				"with -t: a cycle of parents was cut here (it is a root; its ppid "
				"is unchanged)"),
	[JK_MAPS] = ARRAY("maps", P, JT_OBJECT, JO_MAP, true,
			  "with -m: the mapping objects; null when they could not be read"),
	[JK_MAPS_TOTAL] = OBJECT("maps_total", P, JO_MAP_TOTAL, true,
				 "with -m: the mappings' sizes summed; null when unreadable"),
	[JK_LAYOUT] = OBJECT("layout", P, JO_LAYOUT, true,
			     "with -m: where the mm's code, data, heap, stack, arguments and "
			     "environment lie; null when unreadable"),
	[JK_MAPS_ERROR] = { .name = "maps_error", .in = P, .type = JT_ENUM,
			    .values = READ_ERROR_NAMES,
			    .help = "present when the mappings could not be read: why, as an errno "
				    "name (schema 1: in English words)" },
	[JK_RAW] = OBJECT("raw", P | T, JO_RAW, false,
			  "a --save file only: kernel fields the shown keys only summarise"),
	[JK_TASKS_READ] = VALUE("tasks_read", P, JT_BOOL,
				"a --save file only: the threads were read"),
	[JK_PARENT_TID] = VALUE("parent_tid", P, JT_INT,
				"a --save file only: the parent's thread that forked the process, "
				"when known"),
	[JK_LIMITS] = ARRAY("limits", P, JT_OBJECT, JO_LIMIT, true,
			    "a --save file only: the resource limits; null when not read"),
	[JK_LIMITS_ERROR] = { .name = "limits_error", .in = P, .type = JT_ENUM,
			      .values = READ_ERROR_NAMES,
			      .help = "present when the limits could not be read: why, as an errno name" },
	[JK_IMAGES] = ARRAY("images", P, JT_OBJECT, JO_IMAGE, false,
			    "a --save file only: the mapped ELF objects whose program headers "
			    "were read, placed where they are loaded"),

	[JK_RAW_TTY_NR] = NULLABLE("tty_nr", JO_BIT(JO_RAW), JT_INT, "the controlling terminal's device number"),
	[JK_RAW_TPGID] = NULLABLE("tpgid", JO_BIT(JO_RAW), JT_INT, "stat's tpgid; -1: no terminal"),
	[JK_RAW_FLAGS] = NULLABLE("flags", JO_BIT(JO_RAW), JT_U64, "the kernel's PF_* flags"),
	[JK_RAW_UTIME] = NULLABLE("utime", JO_BIT(JO_RAW), JT_U64, "user time (clock ticks)"),
	[JK_RAW_STIME] = NULLABLE("stime", JO_BIT(JO_RAW), JT_U64, "system time (clock ticks)"),
	[JK_RAW_START_TICKS] = NULLABLE("start_ticks", JO_BIT(JO_RAW), JT_U64,
					"start time (clock ticks since boot)"),
	[JK_RAW_RSS_PAGES] = NULLABLE("rss_pages", JO_BIT(JO_RAW), JT_U64, "resident set size (pages)"),
	[JK_RAW_VSIZE] = NULLABLE("vsize", JO_BIT(JO_RAW), JT_U64, "virtual memory size (bytes)"),
	[JK_RAW_VM_LOCKED_KB] = NULLABLE("vm_locked_kb", JO_BIT(JO_RAW), JT_U64, "locked memory (KiB)"),
	[JK_RAW_RUID] = VALUE("ruid", JO_BIT(JO_RAW), JT_INT,
			      "the real user id, in snapshots written before it was a key of "
			      "its own (ruid); read, never written"),
	[JK_RAW_WCHAN_KNOWN] = VALUE("wchan_known", JO_BIT(JO_RAW), JT_BOOL, "wchan was read"),
	[JK_RAW_STACK_POINTER] = NULLABLE("stack_pointer", JO_BIT(JO_RAW), JT_ADDRESS,
					  "the stack pointer when the task was blocked"),
	[JK_RAW_ON_CPU] = VALUE("on_cpu", JO_BIT(JO_RAW), JT_BOOL,
				"task/TID/syscall said running: no stack pointer to read"),

	/* A task's counters since it started, each present only when known. */
	[JK_RAW_MINFLT] = COUNTER("minflt", "minor page faults (stat)"),
	[JK_RAW_MAJFLT] = COUNTER("majflt", "major page faults (stat)"),
	[JK_RAW_NVCSW] = COUNTER("nvcsw", "voluntary context switches (status); threads only"),
	[JK_RAW_NIVCSW] = COUNTER("nivcsw", "involuntary context switches (status); threads only"),
	[JK_RAW_RUN_NS] = COUNTER("run_ns", "nanoseconds on a CPU (schedstat); threads only"),
	[JK_RAW_WAIT_NS] = COUNTER("wait_ns",
				   "nanoseconds runnable, waiting for a CPU (schedstat); threads only"),
	[JK_RAW_SLICES] = COUNTER("slices", "timeslices run (schedstat); threads only"),
	[JK_RAW_READ_BYTES] = COUNTER("read_bytes", "bytes read from storage (io)"),
	[JK_RAW_WRITE_BYTES] = COUNTER("write_bytes", "bytes written to storage (io)"),
	[JK_ROLLUP] = OBJECT("rollup", P, JO_ROLLUP, true,
			     "a --save file only, when smaps_rollup was read: its figures; null "
			     "when it could not be"),
	[JK_ROLLUP_ERROR] = { .name = "rollup_error", .in = P, .type = JT_ENUM,
			      .values = "EACCES EPERM ENOENT ESRCH EIO",
			      .help = "present when smaps_rollup could not be read: why, as an errno "
				      "name" },
	[JK_ROLLUP_RSS] = ROLLUP("rss", "resident"),
	[JK_ROLLUP_PSS] = ROLLUP("pss", "proportional share: resident divided among sharers"),
	[JK_ROLLUP_SHARED] = ROLLUP("shared", "resident and shared with other processes"),
	[JK_ROLLUP_PRIVATE] = ROLLUP("private", "resident and of this process only"),
	[JK_ROLLUP_SWAP] = ROLLUP("swap", "swapped out"),

	/* --diff OLD NEW. */
	[JK_DIFF_OLD] = SIDE("old", "the earlier snapshot (--diff takes the two in either order)"),
	[JK_DIFF_NEW] = SIDE("new", "the later snapshot"),
	[JK_DIFF_INTERVAL] = REQUIRED("interval", JO_BIT(JO_DIFF), JT_NUMBER,
				      "seconds from the old snapshot to the new one"),
	[JK_PROCESSES_BORN] = CHANGES("processes_born", JO_PROCESS,
				      "processes in the new snapshot only (by pid and start time), "
				      "by pid"),
	[JK_PROCESSES_EXITED] = CHANGES("processes_exited", JO_PROCESS,
					"processes in the old snapshot only, as they were then, by pid"),
	[JK_THREADS_BORN] = CHANGES("threads_born", JO_DIFF_THREAD,
				    "threads new in a process that lived through, by pid and tid"),
	[JK_THREADS_EXITED] = CHANGES("threads_exited", JO_DIFF_THREAD,
				      "threads gone from a process that lived through"),
	[JK_STATE_CHANGES] = CHANGES("state_changes", JO_DIFF_STATE,
				     "threads in another state than before, by pid and tid"),
	[JK_CPU_PROCESSES] = CHANGES("cpu_processes", JO_DIFF_CPU,
				     "processes that used CPU time in between, the most first"),
	[JK_CPU_THREADS] = CHANGES("cpu_threads", JO_DIFF_CPU,
				   "threads that used CPU time in between, the most first"),
	[JK_RSS_CHANGES] = CHANGES("rss_changes", JO_DIFF_CHANGE,
				   "processes whose resident set size changed (bytes), the largest "
				   "change first"),
	[JK_NLWP_CHANGES] = CHANGES("nlwp_changes", JO_DIFF_CHANGE,
				    "processes whose number of threads changed, the largest change "
				    "first"),
	[JK_MAPS_ADDED] = CHANGES("maps_added", JO_DIFF_MAP,
				  "mappings new in a process whose mappings both snapshots hold, the "
				  "largest first"),
	[JK_MAPS_REMOVED] = CHANGES("maps_removed", JO_DIFF_MAP,
				    "mappings gone from such a process, the largest first"),
	[JK_MAPS_GROWN] = CHANGES("maps_grown", JO_DIFF_MAP,
				  "mappings of such a process that grew, the largest change first"),
	[JK_MAPS_SHRUNK] = CHANGES("maps_shrunk", JO_DIFF_MAP,
				   "mappings of such a process that shrank, the largest change first"),
	[JK_SIDE_FILE] = REQUIRED("file", JO_BIT(JO_DIFF_SNAPSHOT), JT_STRING,
				  "the file as given on the command line"),
	[JK_SIDE_TAKEN_AT] = REQUIRED("taken_at", JO_BIT(JO_DIFF_SNAPSHOT), JT_SECONDS,
				      "when it was taken, in seconds since the epoch"),
	[JK_SIDE_HOSTNAME] = { .name = "hostname", .in = JO_BIT(JO_DIFF_SNAPSHOT), .type = JT_STRING,
			       .nullable = true, .required = true, .help = "the host's name" },
	[JK_DIFF_PID] = REQUIRED("pid", DIFF_ENTRIES, JT_INT, "process id"),
	[JK_DIFF_TID] = REQUIRED("tid", JO_BIT(JO_DIFF_THREAD) | JO_BIT(JO_DIFF_STATE), JT_INT,
				 "thread id"),
	[JK_CPU_TID] = VALUE("tid", JO_BIT(JO_DIFF_CPU), JT_INT, "thread id (in cpu_threads)"),
	[JK_DIFF_COMM] = { .name = "comm", .in = DIFF_ENTRIES, .type = JT_STRING, .nullable = true,
			   .required = true,
			   .help = "command name: a thread's own where the entry is a thread's, "
				   "else the process's" },
	[JK_DIFF_STATE] = NULLABLE("state", JO_BIT(JO_DIFF_THREAD), JT_STRING,
				   "the kernel's state letter (then, for an exited thread)"),
	[JK_DIFF_START_TIME] = NULLABLE("start_time", JO_BIT(JO_DIFF_THREAD), JT_SECONDS,
					"when the thread started, in seconds since the epoch"),
	[JK_DIFF_TASK_CPU] = NULLABLE("cpu_time", JO_BIT(JO_DIFF_THREAD), JT_SECONDS,
				      "CPU time used in its life (up to then, for an exited thread)"),
	[JK_STATE_BEFORE] = REQUIRED("before", JO_BIT(JO_DIFF_STATE), JT_STRING,
				     "the state letter in the old snapshot"),
	[JK_STATE_AFTER] = REQUIRED("after", JO_BIT(JO_DIFF_STATE), JT_STRING,
				    "the state letter in the new snapshot"),
	[JK_CPU_USED] = REQUIRED("cpu_time", JO_BIT(JO_DIFF_CPU), JT_SECONDS,
				 "CPU time used in between (all of it for a task born in between)"),
	[JK_CPU_PERCENT] = REQUIRED("%cpu", JO_BIT(JO_DIFF_CPU), JT_NUMBER,
				    "cpu_time in percent of one CPU over the interval"),
	[JK_CPU_USER] = REQUIRED("user_time", JO_BIT(JO_DIFF_CPU), JT_SECONDS,
				 "the part of cpu_time in user mode"),
	[JK_CPU_SYSTEM] = REQUIRED("system_time", JO_BIT(JO_DIFF_CPU), JT_SECONDS,
				   "the part of cpu_time in the kernel"),
	[JK_CPU_WAIT] = USED("wait_time", JT_SECONDS, "seconds runnable but waiting for a CPU"),
	[JK_CPU_VOLUNTARY] = USED("voluntary_switches", JT_U64,
				  "context switches because it blocked on a wait"),
	[JK_CPU_INVOLUNTARY] = USED("involuntary_switches", JT_U64,
				    "context switches because it was preempted"),
	[JK_CPU_MINFLT] = USED("minor_faults", JT_U64, "minor page faults"),
	[JK_CPU_MAJFLT] = USED("major_faults", JT_U64, "major page faults (read from disk)"),
	[JK_CPU_READ] = USED("read_bytes", JT_U64, "bytes read from storage"),
	[JK_CPU_WRITE] = USED("write_bytes", JT_U64, "bytes written to storage"),
	[JK_CPU_BORN] = VALUE("born", JO_BIT(JO_DIFF_CPU), JT_TRUE,
			      "the task was born in between: its counters are all it did"),
	[JK_CHANGE_BEFORE] = REQUIRED("before", JO_BIT(JO_DIFF_CHANGE), JT_U64,
				      "the value in the old snapshot (RSS in bytes)"),
	[JK_CHANGE_AFTER] = REQUIRED("after", JO_BIT(JO_DIFF_CHANGE), JT_U64,
				     "the value in the new snapshot"),
	[JK_CHANGE] = REQUIRED("change", JO_BIT(JO_DIFF_CHANGE) | JO_BIT(JO_DIFF_MAP), JT_INT,
			       "after minus before (a mapping's size, in bytes)"),
	[JK_MAPCH_START] = REQUIRED("start", JO_BIT(JO_DIFF_MAP), JT_ADDRESS,
				    "first address of the mapping"),
	[JK_MAPCH_END] = REQUIRED("end", JO_BIT(JO_DIFF_MAP), JT_ADDRESS,
				  "address just past it (then, for a removed mapping)"),
	[JK_MAPCH_PERMS] = REQUIRED("perms", JO_BIT(JO_DIFF_MAP), JT_STRING,
				    "permissions: r w x, then p private or s shared"),
	[JK_MAPCH_PATH] = { .name = "path", .in = JO_BIT(JO_DIFF_MAP), .type = JT_STRING,
			    .nullable = true, .required = true,
			    .help = "file, [heap], [stack]...; null when anonymous" },
	[JK_MAPCH_SIZE_BEFORE] = MAP_FIGURE("size_before", "its size in the old snapshot; null when added"),
	[JK_MAPCH_SIZE_AFTER] = MAP_FIGURE("size_after", "its size in the new snapshot; null when removed"),
	[JK_MAPCH_RSS_BEFORE] = MAP_FIGURE("rss_before", "resident in the old snapshot; null when "
					   "added or unknown"),
	[JK_MAPCH_RSS_AFTER] = MAP_FIGURE("rss_after", "resident in the new snapshot; null when "
					  "removed or unknown"),

	[JK_IMAGE_DEV] = REQUIRED("dev", JO_BIT(JO_IMAGE), JT_STRING,
				  "device of the file, MAJOR:MINOR in hex"),
	[JK_IMAGE_INODE] = REQUIRED("inode", JO_BIT(JO_IMAGE), JT_DECIMAL, "inode of the file"),
	[JK_IMAGE_END] = REQUIRED("image_end", JO_BIT(JO_IMAGE), JT_ADDRESS,
				  "end of its memory image (the last PT_LOAD's p_memsz)"),
	[JK_IMAGE_RELRO_START] = REQUIRED("relro_start", JO_BIT(JO_IMAGE), JT_ADDRESS,
					  "start of its RELRO part; 0x0 when it has none"),
	[JK_IMAGE_RELRO_END] = REQUIRED("relro_end", JO_BIT(JO_IMAGE), JT_ADDRESS,
					"end of its RELRO part"),

	[JK_LIMIT_RESOURCE] = REQUIRED("resource", JO_BIT(JO_LIMIT), JT_STRING,
				       "the limit's name as /proc/PID/limits gives it"),
	[JK_LIMIT_SOFT] = REQUIRED("soft", JO_BIT(JO_LIMIT), JT_LIMIT, "the soft limit"),
	[JK_LIMIT_HARD] = REQUIRED("hard", JO_BIT(JO_LIMIT), JT_LIMIT, "the hard limit"),
	[JK_LIMIT_UNITS] = { .name = "units", .in = JO_BIT(JO_LIMIT), .type = JT_STRING,
			     .nullable = true, .required = true, .help = "its unit; null when it has none" },

	[JK_MAP_START] = REQUIRED("start", M, JT_ADDRESS, "first address of the mapping"),
	[JK_MAP_END] = VALUE("end", M, JT_ADDRESS, "address just past the mapping"),
	[JK_PERMS] = VALUE("perms", M, JT_STRING, "permissions: r w x, then p private or s shared"),
	[JK_OFFSET] = VALUE("offset", M, JT_U64, "offset into the file (bytes)"),
	[JK_DEV] = VALUE("dev", M, JT_STRING, "device of the file, MAJOR:MINOR in hex"),
	[JK_INODE] = VALUE("inode", M, JT_DECIMAL, "inode of the file"),
	[JK_SIZE] = BYTES("size", "size of the mapping"),
	[JK_KERNEL_PAGE_SIZE] = NULLABLE("kernel_page_size", M, JT_U64,
					 "size of the pages the kernel backs the mapping with (bytes)"),
	[JK_MMU_PAGE_SIZE] = NULLABLE("mmu_page_size", M, JT_U64,
				      "size of the pages the MMU maps it with (bytes)"),
	[JK_PSS] = NULLABLE("pss", P | MT, JT_U64,
			    "proportional share: resident divided among sharers (bytes)"),
	[JK_PSS_DIRTY] = BYTES("pss_dirty", "proportional share of dirty pages"),
	[JK_SHARED_CLEAN] = BYTES("shared_clean", "clean pages shared with others"),
	[JK_SHARED_DIRTY] = BYTES("shared_dirty", "dirty pages shared with others"),
	[JK_PRIVATE_CLEAN] = BYTES("private_clean", "clean pages of this process only"),
	[JK_PRIVATE_DIRTY] = BYTES("private_dirty", "dirty pages of this process only"),
	[JK_DIRTY] = BYTES("dirty", "dirty pages, shared and private"),
	[JK_REFERENCED] = BYTES("referenced", "pages referenced recently"),
	[JK_ANONYMOUS] = BYTES("anonymous", "pages not backed by a file"),
	[JK_KSM] = BYTES("ksm", "pages merged with identical ones by KSM"),
	[JK_LAZY_FREE] = BYTES("lazy_free", "pages freed with MADV_FREE, not yet reclaimed"),
	[JK_ANON_HUGE_PAGES] = BYTES("anon_huge_pages", "anonymous transparent huge pages"),
	[JK_SHMEM_PMD_MAPPED] = BYTES("shmem_pmd_mapped", "shared memory mapped with huge pages"),
	[JK_FILE_PMD_MAPPED] = BYTES("file_pmd_mapped", "file pages mapped with huge pages"),
	[JK_SHARED_HUGETLB] = BYTES("shared_hugetlb", "hugetlbfs pages shared with others"),
	[JK_PRIVATE_HUGETLB] = BYTES("private_hugetlb", "hugetlbfs pages of this process only"),
	[JK_MAP_SWAP] = NULLABLE("swap", P | MT, JT_U64, "swapped out (bytes)"),
	[JK_SWAP_PSS] = BYTES("swap_pss", "proportional share of swap"),
	[JK_LOCKED] = BYTES("locked", "locked in memory (mlock)"),
	[JK_THP_ELIGIBLE] = NULLABLE("thp_eligible", M, JT_INT,
				     "1 when the mapping may get transparent huge pages, else 0"),
	[JK_VM_FLAGS] = NULLABLE("vm_flags", M, JT_STRING,
				 "the kernel's two-letter flags of the mapping, space-separated "
				 "(rd wr ex sh mr mw me ms gd ...)"),
	[JK_SEGMENT] = { .name = "segment", .in = M, .type = JT_ENUM,
			 .values = "unknown text rodata relro data bss heap stack thread-stack lib-text "
				   "lib-rodata lib-relro lib-data vdso vvar vsyscall shm file anon "
				   "anon-named guard reserved",
			 .help = "what the mapping is (see SEGMENT)" },
	[JK_MAP_TID] = NULLABLE("tid", M, JT_INT,
				"the thread whose stack the mapping is (the lowest tid when several); "
				"else null"),
	[JK_TIDS] = ARRAY("tids", M, JT_INT, JO_COUNT, false,
			  "with tid: every thread whose stack the mapping is, lowest first"),
	[JK_STACK_LAST_SEEN] = MAP_FLAG("stack_last_seen",
					"with tid: a thread's stack was found by an earlier reading, "
					"the thread running now (stack:~TID in text)"),
	[JK_THREAD_NAME] = NULLABLE("thread_name", M, JT_STRING, "the name of that thread"),
	[JK_PATH] = NULLABLE("path", M, JT_STRING,
			     "file, [heap], [stack], [vdso], [anon:NAME]...; null when anonymous; "
			     "a deleted file's name ends in \" (deleted)\" as in smaps"),
	[JK_DELETED] = MAP_FLAG("deleted",
				"with path: the file is deleted (a file whose own name ends in "
				"\" (deleted)\" is not)"),
	[JK_PATH_AMBIGUOUS] = MAP_FLAG("path_ambiguous",
				       "with path: the kernel's text, whose \\012 may be a newline "
				       "or those four characters (map_files was not readable)"),
	[JK_EXTRA] = { .name = "extra", .in = M, .type = JT_SMAPS_EXTRA,
		       .help = "present when smaps had keys this lwps does not know (a newer "
			       "kernel's): each as the kernel wrote it, to its size in bytes when "
			       "it was \"N kB\", else to its text" },

	[JK_START_CODE] = LAYOUT("start_code", "start of the program's code"),
	[JK_END_CODE] = LAYOUT("end_code", "end of the program's code"),
	[JK_START_DATA] = LAYOUT("start_data", "start of its initialised data"),
	[JK_END_DATA] = LAYOUT("end_data", "end of its initialised data"),
	[JK_START_BRK] = LAYOUT("start_brk", "start of the heap"),
	[JK_BRK] = LAYOUT("brk", "the heap's current end"),
	[JK_START_STACK] = LAYOUT("start_stack", "the main stack's start (its highest address)"),
	[JK_ARG_START] = LAYOUT("arg_start", "start of the arguments"),
	[JK_ARG_END] = LAYOUT("arg_end", "end of the arguments"),
	[JK_ENV_START] = LAYOUT("env_start", "start of the environment"),
	[JK_ENV_END] = LAYOUT("env_end", "end of the environment"),

	[JK_SHARES] = OBJECT("shares", P, JO_SHARES, true,
			     "what the process shares with other processes (kcmp): for each kind "
			     "it shares, the lowest pid of another process sharing it; {} for none; "
			     "null when unknown (it needs ptrace access) or for a kernel thread or "
			     "a zombie"),
	[JK_SHARES_VM] = VALUE("vm", JO_BIT(JO_SHARES), JT_INT,
			       "the address space (CLONE_VM; a vfork child's until it execs)"),
	[JK_SHARES_FILES] = VALUE("files", JO_BIT(JO_SHARES), JT_INT,
				  "the file descriptor table (CLONE_FILES)"),
	[JK_SHARES_FS] = VALUE("fs", JO_BIT(JO_SHARES), JT_INT,
			       "the root, working directory and umask (CLONE_FS)"),
	[JK_SHARES_SIGHAND] = VALUE("sighand", JO_BIT(JO_SHARES), JT_INT,
				    "the signal handlers (CLONE_SIGHAND)"),
	[JK_SHARES_SYSVSEM] = VALUE("sysvsem", JO_BIT(JO_SHARES), JT_INT,
				    "the System V semaphore undo list (CLONE_SYSVSEM)"),
	[JK_EXEC] = NULLABLE("exec", P | T, JT_STRING,
			     "where the task executes: the file mapped at the instruction pointer "
			     "the kernel saved and the function there (libc.so.6 epoll_wait+0x4e); a "
			     "process's is its leader's; null when unknown (see exec_error)"),
	[JK_EXEC_ERROR] = { .name = "exec_error", .in = P | T, .type = JT_ENUM,
			    .values = EXEC_REASON_NAMES,
			    .help = "present when exec is unknown for a reason: running (on a CPU, "
				    "no instruction pointer saved), denied (it needs ptrace "
				    "access), no-user-code (a kernel thread or an exited task), "
				    "unmapped (in no mapping)" },
	[JK_RAW_PC] = NULLABLE("pc", JO_BIT(JO_RAW), JT_ADDRESS,
			       "the instruction pointer when the task was blocked"),
	[JK_RLIMITS] = ARRAY("rlimits", P, JT_OBJECT, JO_RLIMIT, true,
			     "with --limits: the process's resource limits; null when they could "
			     "not be read"),
	[JK_RLIMIT_RESOURCE] = REQUIRED("resource", JO_BIT(JO_RLIMIT), JT_STRING,
					"the resource as prlimit names it (NOFILE), or as "
					"/proc/PID/limits does when lwps does not know it"),
	[JK_RLIMIT_DESCRIPTION] = NULLABLE("description", JO_BIT(JO_RLIMIT), JT_STRING,
					   "what it limits, as prlimit says it; null when lwps does "
					   "not know the resource"),
	[JK_RLIMIT_SOFT] = VALUE("soft", JO_BIT(JO_RLIMIT), JT_LIMIT,
				 "the soft limit, which the kernel enforces"),
	[JK_RLIMIT_HARD] = VALUE("hard", JO_BIT(JO_RLIMIT), JT_LIMIT,
				 "the hard limit, up to which the soft one may be raised"),
	[JK_RLIMIT_UNITS] = NULLABLE("units", JO_BIT(JO_RLIMIT), JT_STRING,
				     "its unit, as prlimit names it; null when it has none"),
};

const char *json_object_name(enum json_object o)
{
	static const char *const names[JO_COUNT] = {
		[JO_DOCUMENT] = "document", [JO_SNAPSHOT] = "snapshot", [JO_HOST] = "host",
		[JO_MEMORY] = "memory", [JO_CPU_TICKS] = "cpu_ticks", [JO_TICKS] = "ticks",
		[JO_PROCESS] = "process", [JO_THREAD] = "thread", [JO_RAW] = "raw",
		[JO_LIMIT] = "limit", [JO_MAP] = "mapping", [JO_MAP_TOTAL] = "maps_total",
		[JO_LAYOUT] = "layout", [JO_IMAGE] = "image", [JO_ROLLUP] = "rollup",
		[JO_DIFF] = "diff", [JO_DIFF_SNAPSHOT] = "diff_snapshot",
		[JO_DIFF_THREAD] = "diff_thread", [JO_DIFF_STATE] = "state_change",
		[JO_DIFF_CPU] = "cpu_use", [JO_DIFF_CHANGE] = "change", [JO_DIFF_MAP] = "map_change",
		[JO_SHARES] = "shares", [JO_RLIMIT] = "rlimit", [JO_WAITS] = "waits",
		[JO_WAIT_GROUP] = "wait_group",
	};

	return o < JO_COUNT ? names[o] : "";
}
