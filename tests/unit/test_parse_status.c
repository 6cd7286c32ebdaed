#include "config.h"

/* test_parse_status.c - unit tests for src/proc/parse_status.c (the
 * /proc/PID/status parser). */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "proc/parse_status.h"
#include "bounded.h"
#include "tap.h"



/* Parses `len` bytes of `text` from an exact-size heap copy. */
static void parse_n(const char *text, size_t len, struct status_fields *f)
{
	char *copy = heap_copy(text, len);

	status_parse(copy, len, f);
	free(copy);
}

static void parse(const char *text, struct status_fields *f)
{
	parse_n(text, strlen(text), f);
}

/* ------------------------------------------------------------------ */

struct want {
	unsigned have;
	pid_t tgid, ppid;
	uid_t ruid, euid;
	unsigned long vm_locked_kb;
	pid_t tracer_pid;
	int threads;
	char state;
	int nspid_len;
	pid_t nspid[4];
	unsigned long vm_rss_kb;
	unsigned long long nvcsw, nivcsw;
};

/* Checks `have` and every field; a field whose key is missing must
 * keep its zero value. */
static void check(const char *label, const struct status_fields *f, const struct want *w)
{
	is_uint(f->have, w->have, "%s: have", label);
	is_int(f->tgid, w->tgid, "%s: Tgid", label);
	is_int(f->ppid, w->ppid, "%s: PPid", label);
	is_uint(f->uids[0], w->ruid, "%s: Uid real", label);
	is_uint(f->uids[1], w->euid, "%s: Uid effective", label);
	is_uint(f->vm_locked_kb, w->vm_locked_kb, "%s: VmLck", label);
	is_int(f->tracer_pid, w->tracer_pid, "%s: TracerPid", label);
	is_int(f->threads, w->threads, "%s: Threads", label);
	is_int(f->state, w->state, "%s: State", label);
	is_int(f->nspid_len, w->nspid_len, "%s: NSpid levels", label);
	is_uint(f->vm_rss_kb, w->vm_rss_kb, "%s: VmRSS", label);
	is_uint(f->nvcsw, w->nvcsw, "%s: voluntary_ctxt_switches", label);
	is_uint(f->nivcsw, w->nivcsw, "%s: nonvoluntary_ctxt_switches", label);
	for (int i = 0; i < w->nspid_len && i < f->nspid_len; i++)
		is_int(f->nspid[i], w->nspid[i], "%s: NSpid[%d]", label, i);
}

static void check_text(const char *label, const char *text, size_t len, const struct want *w)
{
	struct status_fields f;

	parse_n(text, len, &f);
	check(label, &f, w);
}

#define ALL (SK_TGID | SK_UID | SK_VMLCK | SK_TRACER | SK_NSPID | SK_THREADS | SK_STATE | SK_PPID | \
	     SK_VMRSS | SK_GID | SK_GROUPS | SK_CSW_VOLUNTARY | SK_CSW)

/* ------------------------------------------------------------------ */
/* Real files, captured on the development machine (Linux 6.18). */

/* cat /proc/self/status, as root */
static const char status_self[] =
	"Name:\tcat\n"
	"Umask:\t0022\n"
	"State:\tR (running)\n"
	"Tgid:\t9500\n"
	"Ngid:\t0\n"
	"Pid:\t9500\n"
	"PPid:\t9450\n"
	"TracerPid:\t0\n"
	"Uid:\t0\t0\t0\t0\n"
	"Gid:\t0\t0\t0\t0\n"
	"FDSize:\t256\n"
	"Groups:\t \n"
	"NStgid:\t9500\n"
	"NSpid:\t9500\n"
	"NSpgid:\t9450\n"
	"NSsid:\t8680\n"
	"Kthread:\t0\n"
	"VmPeak:\t    3060 kB\n"
	"VmSize:\t    3060 kB\n"
	"VmLck:\t       0 kB\n"
	"VmPin:\t       0 kB\n"
	"VmHWM:\t    1696 kB\n"
	"VmRSS:\t    1696 kB\n"
	"RssAnon:\t     108 kB\n"
	"RssFile:\t    1588 kB\n"
	"RssShmem:\t       0 kB\n"
	"VmData:\t     360 kB\n"
	"VmStk:\t     132 kB\n"
	"VmExe:\t      20 kB\n"
	"VmLib:\t    1528 kB\n"
	"VmPTE:\t      48 kB\n"
	"VmSwap:\t       0 kB\n"
	"HugetlbPages:\t       0 kB\n"
	"CoreDumping:\t0\n"
	"THP_enabled:\t1\n"
	"untag_mask:\t0xffffffffffffffff\n"
	"Threads:\t1\n"
	"SigQ:\t0/96365\n"
	"SigPnd:\t0000000000000000\n"
	"ShdPnd:\t0000000000000000\n"
	"SigBlk:\t0000000000000000\n"
	"SigIgn:\t0000000000000000\n"
	"SigCgt:\t0000000000000000\n"
	"CapInh:\t0000000000000000\n"
	"CapPrm:\t000001fffeffffff\n"
	"CapEff:\t000001fffeffffff\n"
	"CapBnd:\t000001fffeffffff\n"
	"CapAmb:\t0000000000000000\n"
	"NoNewPrivs:\t0\n"
	"Seccomp:\t0\n"
	"Seccomp_filters:\t0\n"
	"Speculation_Store_Bypass:\tvulnerable\n"
	"SpeculationIndirectBranch:\talways enabled\n"
	"Cpus_allowed:\t3\n"
	"Cpus_allowed_list:\t0-1\n"
	"Mems_allowed:\t00000000,00000000,00000000,00000000,00000000,00000000,00000000,"
	"00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,"
	"00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,"
	"00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,"
	"00000001\n"
	"Mems_allowed_list:\t0\n"
	"voluntary_ctxt_switches:\t0\n"
	"nonvoluntary_ctxt_switches:\t0\n";

/* /proc/2/status: a kernel thread has no VmLck line */
static const char status_kthreadd[] =
	"Name:\tkthreadd\n"
	"Umask:\t0022\n"
	"State:\tS (sleeping)\n"
	"Tgid:\t2\n"
	"Ngid:\t0\n"
	"Pid:\t2\n"
	"PPid:\t0\n"
	"TracerPid:\t0\n"
	"Uid:\t0\t0\t0\t0\n"
	"Gid:\t0\t0\t0\t0\n"
	"FDSize:\t64\n"
	"Groups:\t \n"
	"NStgid:\t2\n"
	"NSpid:\t2\n"
	"NSpgid:\t0\n"
	"NSsid:\t0\n"
	"Kthread:\t1\n"
	"Threads:\t1\n"
	"SigQ:\t0/96365\n"
	"SigPnd:\t0000000000000000\n"
	"ShdPnd:\t0000000000000000\n"
	"SigBlk:\t0000000000000000\n"
	"SigIgn:\tffffffffffffffff\n"
	"SigCgt:\t0000000000000000\n"
	"CapInh:\t0000000000000000\n"
	"CapPrm:\t000001ffffffffff\n"
	"CapEff:\t000001ffffffffff\n"
	"CapBnd:\t000001ffffffffff\n"
	"CapAmb:\t0000000000000000\n"
	"NoNewPrivs:\t0\n"
	"Seccomp:\t0\n"
	"Seccomp_filters:\t0\n"
	"Speculation_Store_Bypass:\tvulnerable\n"
	"SpeculationIndirectBranch:\talways enabled\n"
	"Cpus_allowed:\t3\n"
	"Cpus_allowed_list:\t0-1\n"
	"Mems_allowed:\t00000000,00000000,00000000,00000000,00000000,00000000,00000000,"
	"00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,"
	"00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,"
	"00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,"
	"00000001\n"
	"Mems_allowed_list:\t0\n"
	"voluntary_ctxt_switches:\t58\n"
	"nonvoluntary_ctxt_switches:\t0\n";

/* cat run with setresuid(1000, 1001, 1002): Uid ruid 1000, euid 1001 */
static const char status_user[] =
	"Name:\tcat\n"
	"Umask:\t0022\n"
	"State:\tR (running)\n"
	"Tgid:\t9452\n"
	"Ngid:\t0\n"
	"Pid:\t9452\n"
	"PPid:\t9450\n"
	"TracerPid:\t0\n"
	"Uid:\t1000\t1001\t1001\t1001\n"
	"Gid:\t1000\t1001\t1001\t1001\n"
	"FDSize:\t256\n"
	"Groups:\t \n"
	"NStgid:\t9452\n"
	"NSpid:\t9452\n"
	"NSpgid:\t9450\n"
	"NSsid:\t8680\n"
	"Kthread:\t0\n"
	"VmPeak:\t    3060 kB\n"
	"VmSize:\t    3060 kB\n"
	"VmLck:\t       0 kB\n"
	"VmPin:\t       0 kB\n"
	"VmHWM:\t    1716 kB\n"
	"VmRSS:\t    1716 kB\n"
	"RssAnon:\t     112 kB\n"
	"RssFile:\t    1604 kB\n"
	"RssShmem:\t       0 kB\n"
	"VmData:\t     360 kB\n"
	"VmStk:\t     132 kB\n"
	"VmExe:\t      20 kB\n"
	"VmLib:\t    1528 kB\n"
	"VmPTE:\t      44 kB\n"
	"VmSwap:\t       0 kB\n"
	"HugetlbPages:\t       0 kB\n"
	"CoreDumping:\t0\n"
	"THP_enabled:\t1\n"
	"untag_mask:\t0xffffffffffffffff\n"
	"Threads:\t1\n"
	"SigQ:\t0/96365\n"
	"SigPnd:\t0000000000000000\n"
	"ShdPnd:\t0000000000000000\n"
	"SigBlk:\t0000000000000000\n"
	"SigIgn:\t0000000001001000\n"
	"SigCgt:\t0000000000000000\n"
	"CapInh:\t0000000000000000\n"
	"CapPrm:\t0000000000000000\n"
	"CapEff:\t0000000000000000\n"
	"CapBnd:\t000001fffeffffff\n"
	"CapAmb:\t0000000000000000\n"
	"NoNewPrivs:\t0\n"
	"Seccomp:\t0\n"
	"Seccomp_filters:\t0\n"
	"Speculation_Store_Bypass:\tvulnerable\n"
	"SpeculationIndirectBranch:\talways enabled\n"
	"Cpus_allowed:\t3\n"
	"Cpus_allowed_list:\t0-1\n"
	"Mems_allowed:\t00000000,00000000,00000000,00000000,00000000,00000000,00000000,"
	"00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,"
	"00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,"
	"00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,"
	"00000001\n"
	"Mems_allowed_list:\t0\n"
	"voluntary_ctxt_switches:\t24\n"
	"nonvoluntary_ctxt_switches:\t2\n";

/* cat in a pid namespace two levels below the initial one */
static const char status_ns3[] =
	"Name:\tcat\n"
	"Umask:\t0022\n"
	"State:\tR (running)\n"
	"Tgid:\t9497\n"
	"Ngid:\t0\n"
	"Pid:\t9497\n"
	"PPid:\t9496\n"
	"TracerPid:\t0\n"
	"Uid:\t0\t0\t0\t0\n"
	"Gid:\t0\t0\t0\t0\n"
	"FDSize:\t256\n"
	"Groups:\t \n"
	"NStgid:\t9497\t3\t1\n"
	"NSpid:\t9497\t3\t1\n"
	"NSpgid:\t9450\t0\t0\n"
	"NSsid:\t8680\t0\t0\n"
	"Kthread:\t0\n"
	"VmPeak:\t    3060 kB\n"
	"VmSize:\t    3060 kB\n"
	"VmLck:\t       0 kB\n"
	"VmPin:\t       0 kB\n"
	"VmHWM:\t    1728 kB\n"
	"VmRSS:\t    1728 kB\n"
	"RssAnon:\t     112 kB\n"
	"RssFile:\t    1616 kB\n"
	"RssShmem:\t       0 kB\n"
	"VmData:\t     360 kB\n"
	"VmStk:\t     132 kB\n"
	"VmExe:\t      20 kB\n"
	"VmLib:\t    1528 kB\n"
	"VmPTE:\t      48 kB\n"
	"VmSwap:\t       0 kB\n"
	"HugetlbPages:\t       0 kB\n"
	"CoreDumping:\t0\n"
	"THP_enabled:\t1\n"
	"untag_mask:\t0xffffffffffffffff\n"
	"Threads:\t1\n"
	"SigQ:\t0/96365\n"
	"SigPnd:\t0000000000000000\n"
	"ShdPnd:\t0000000000000000\n"
	"SigBlk:\t0000000000000000\n"
	"SigIgn:\t0000000000000000\n"
	"SigCgt:\t0000000000000000\n"
	"CapInh:\t0000000000000000\n"
	"CapPrm:\t000001fffeffffff\n"
	"CapEff:\t000001fffeffffff\n"
	"CapBnd:\t000001fffeffffff\n"
	"CapAmb:\t0000000000000000\n"
	"NoNewPrivs:\t0\n"
	"Seccomp:\t0\n"
	"Seccomp_filters:\t0\n"
	"Speculation_Store_Bypass:\tvulnerable\n"
	"SpeculationIndirectBranch:\talways enabled\n"
	"Cpus_allowed:\t3\n"
	"Cpus_allowed_list:\t0-1\n"
	"Mems_allowed:\t00000000,00000000,00000000,00000000,00000000,00000000,00000000,"
	"00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,"
	"00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,"
	"00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,"
	"00000001\n"
	"Mems_allowed_list:\t0\n"
	"voluntary_ctxt_switches:\t0\n"
	"nonvoluntary_ctxt_switches:\t1\n";

/* python3 with 3 extra threads after mlock() of 64 KiB */
static const char status_mt[] =
	"Name:\tpython3\n"
	"Umask:\t0022\n"
	"State:\tR (running)\n"
	"Tgid:\t9518\n"
	"Ngid:\t0\n"
	"Pid:\t9518\n"
	"PPid:\t9515\n"
	"TracerPid:\t0\n"
	"Uid:\t0\t0\t0\t0\n"
	"Gid:\t0\t0\t0\t0\n"
	"FDSize:\t256\n"
	"Groups:\t \n"
	"NStgid:\t9518\n"
	"NSpid:\t9518\n"
	"NSpgid:\t9515\n"
	"NSsid:\t8680\n"
	"Kthread:\t0\n"
	"VmPeak:\t  303640 kB\n"
	"VmSize:\t  238120 kB\n"
	"VmLck:\t      68 kB\n"
	"VmPin:\t       0 kB\n"
	"VmHWM:\t   14044 kB\n"
	"VmRSS:\t   14044 kB\n"
	"RssAnon:\t    7160 kB\n"
	"RssFile:\t    6884 kB\n"
	"RssShmem:\t       0 kB\n"
	"VmData:\t   33116 kB\n"
	"VmStk:\t     132 kB\n"
	"VmExe:\t       4 kB\n"
	"VmLib:\t    4760 kB\n"
	"VmPTE:\t      96 kB\n"
	"VmSwap:\t       0 kB\n"
	"HugetlbPages:\t       0 kB\n"
	"CoreDumping:\t0\n"
	"THP_enabled:\t1\n"
	"untag_mask:\t0xffffffffffffffff\n"
	"Threads:\t4\n"
	"SigQ:\t0/96365\n"
	"SigPnd:\t0000000000000000\n"
	"ShdPnd:\t0000000000000000\n"
	"SigBlk:\t0000000000000000\n"
	"SigIgn:\t0000000001001000\n"
	"SigCgt:\t0000000100000002\n"
	"CapInh:\t0000000000000000\n"
	"CapPrm:\t000001fffeffffff\n"
	"CapEff:\t000001fffeffffff\n"
	"CapBnd:\t000001fffeffffff\n"
	"CapAmb:\t0000000000000000\n"
	"NoNewPrivs:\t0\n"
	"Seccomp:\t0\n"
	"Seccomp_filters:\t0\n"
	"Speculation_Store_Bypass:\tvulnerable\n"
	"SpeculationIndirectBranch:\talways enabled\n"
	"Cpus_allowed:\t3\n"
	"Cpus_allowed_list:\t0-1\n"
	"Mems_allowed:\t00000000,00000000,00000000,00000000,00000000,00000000,00000000,"
	"00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,"
	"00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,"
	"00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,"
	"00000001\n"
	"Mems_allowed_list:\t0\n"
	"voluntary_ctxt_switches:\t28\n"
	"nonvoluntary_ctxt_switches:\t4\n";

/* cat under strace: TracerPid is strace's pid */
static const char status_traced[] =
	"Name:\tcat\n"
	"Umask:\t0022\n"
	"State:\tR (running)\n"
	"Tgid:\t9580\n"
	"Ngid:\t0\n"
	"Pid:\t9580\n"
	"PPid:\t9577\n"
	"TracerPid:\t9577\n"
	"Uid:\t0\t0\t0\t0\n"
	"Gid:\t0\t0\t0\t0\n"
	"FDSize:\t256\n"
	"Groups:\t \n"
	"NStgid:\t9580\n"
	"NSpid:\t9580\n"
	"NSpgid:\t9575\n"
	"NSsid:\t8680\n"
	"Kthread:\t0\n"
	"VmPeak:\t    3060 kB\n"
	"VmSize:\t    3060 kB\n"
	"VmLck:\t       0 kB\n"
	"VmPin:\t       0 kB\n"
	"VmHWM:\t    1716 kB\n"
	"VmRSS:\t    1716 kB\n"
	"RssAnon:\t     112 kB\n"
	"RssFile:\t    1604 kB\n"
	"RssShmem:\t       0 kB\n"
	"VmData:\t     360 kB\n"
	"VmStk:\t     132 kB\n"
	"VmExe:\t      20 kB\n"
	"VmLib:\t    1528 kB\n"
	"VmPTE:\t      48 kB\n"
	"VmSwap:\t       0 kB\n"
	"HugetlbPages:\t       0 kB\n"
	"CoreDumping:\t0\n"
	"THP_enabled:\t1\n"
	"untag_mask:\t0xffffffffffffffff\n"
	"Threads:\t1\n"
	"SigQ:\t0/96365\n"
	"SigPnd:\t0000000000000000\n"
	"ShdPnd:\t0000000000000000\n"
	"SigBlk:\t0000000000000000\n"
	"SigIgn:\t0000000000000000\n"
	"SigCgt:\t0000000000000000\n"
	"CapInh:\t0000000000000000\n"
	"CapPrm:\t000001fffeffffff\n"
	"CapEff:\t000001fffeffffff\n"
	"CapBnd:\t000001fffeffffff\n"
	"CapAmb:\t0000000000000000\n"
	"NoNewPrivs:\t0\n"
	"Seccomp:\t0\n"
	"Seccomp_filters:\t0\n"
	"Speculation_Store_Bypass:\tvulnerable\n"
	"SpeculationIndirectBranch:\talways enabled\n"
	"Cpus_allowed:\t3\n"
	"Cpus_allowed_list:\t0-1\n"
	"Mems_allowed:\t00000000,00000000,00000000,00000000,00000000,00000000,00000000,"
	"00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,"
	"00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,"
	"00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,"
	"00000001\n"
	"Mems_allowed_list:\t0\n"
	"voluntary_ctxt_switches:\t230\n"
	"nonvoluntary_ctxt_switches:\t0\n";

static const struct {
	const char *label, *text;
	size_t len;
	struct want want;
} real[] = {
	{ "cat /proc/self/status", status_self, sizeof(status_self) - 1,
	  { ALL, 9500, 9450, 0, 0, 0, 0, 1, 'R', 1, { 9500 }, 1696, 0, 0 } },
	{ "/proc/2/status (kthreadd)", status_kthreadd, sizeof(status_kthreadd) - 1,
	  { ALL & ~(SK_VMLCK | SK_VMRSS), 2, 0, 0, 0, 0, 0, 1, 'S', 1, { 2 }, 0, 58, 0 } },
	{ "status with ruid 1000, euid 1001", status_user, sizeof(status_user) - 1,
	  { ALL, 9452, 9450, 1000, 1001, 0, 0, 1, 'R', 1, { 9452 }, 1716, 24, 2 } },
	{ "status in a nested pid namespace", status_ns3, sizeof(status_ns3) - 1,
	  { ALL, 9497, 9496, 0, 0, 0, 0, 1, 'R', 3, { 9497, 3, 1 }, 1728, 0, 1 } },
	{ "status of a 4-thread mlocked python3", status_mt, sizeof(status_mt) - 1,
	  { ALL, 9518, 9515, 0, 0, 68, 0, 4, 'R', 1, { 9518 }, 14044, 28, 4 } },
	{ "status of a traced cat", status_traced, sizeof(status_traced) - 1,
	  { ALL, 9580, 9577, 0, 0, 0, 9577, 1, 'R', 1, { 9580 }, 1716, 230, 0 } },
};
#define N_REAL (sizeof(real) / sizeof(real[0]))

static void test_real(void)
{
	for (size_t i = 0; i < N_REAL; i++)
		check_text(real[i].label, real[i].text, real[i].len, &real[i].want);
}

/* ------------------------------------------------------------------ */

static void test_nspid(void)
{
	struct status_fields f;
	char buf[1024];
	size_t n;

	parse("NSpid:\t4242\n", &f);
	is_uint(f.have, SK_NSPID, "NSpid 1 level: have");
	is_int(f.nspid_len, 1, "NSpid 1 level: length");
	is_int(f.nspid[0], 4242, "NSpid 1 level: [0]");

	parse("NSpid:\t4242\t17\n", &f);
	is_uint(f.have, SK_NSPID, "NSpid 2 levels: have");
	is_int(f.nspid_len, 2, "NSpid 2 levels: length");
	is_int(f.nspid[0], 4242, "NSpid 2 levels: outermost first");
	is_int(f.nspid[1], 17, "NSpid 2 levels: innermost last");

	parse("NSpid:\t4242\t17\t1\n", &f);
	is_uint(f.have, SK_NSPID, "NSpid 3 levels: have");
	is_int(f.nspid_len, 3, "NSpid 3 levels: length");
	is_int(f.nspid[0], 4242, "NSpid 3 levels: [0]");
	is_int(f.nspid[1], 17, "NSpid 3 levels: [1]");
	is_int(f.nspid[2], 1, "NSpid 3 levels: [2]");

	parse("NSpid:\t4242\t17\t1  \t\n", &f);
	is_int(f.nspid_len, 3, "NSpid with trailing blanks: 3 levels");

	/* 33 levels is the deepest a kernel can print; 34 is malformed. */
	n = (size_t)snprintf(buf, sizeof(buf), "NSpid:");
	for (int i = 0; i < STATUS_MAX_NS; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "\t%d", 1000 - i);
	buf[n++] = '\n';
	parse_n(buf, n, &f);
	is_uint(f.have, SK_NSPID, "NSpid %d levels: have", STATUS_MAX_NS);
	is_int(f.nspid_len, STATUS_MAX_NS, "NSpid %d levels: length", STATUS_MAX_NS);
	is_int(f.nspid[0], 1000, "NSpid %d levels: first", STATUS_MAX_NS);
	is_int(f.nspid[STATUS_MAX_NS - 1], 1000 - (STATUS_MAX_NS - 1), "NSpid %d levels: last",
	       STATUS_MAX_NS);
	n--;
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "\t5\n");
	parse_n(buf, n, &f);
	is_uint(f.have, 0, "NSpid %d levels: too deep, left out", STATUS_MAX_NS + 1);
	is_int(f.nspid_len, 0, "NSpid %d levels: length 0", STATUS_MAX_NS + 1);

	parse("Tgid:\t5\nPid:\t5\nNStgid:\t5\t1\n", &f);
	is_uint(f.have, SK_TGID, "missing NSpid: not in have (NStgid is another key)");
	is_int(f.nspid_len, 0, "missing NSpid: length 0");

	static const struct {
		const char *label, *text;
	} bad[] = {
		{ "no value", "NSpid:\n" },
		{ "blank value", "NSpid:\t\n" },
		{ "letters", "NSpid:\tx\n" },
		{ "letters after a pid", "NSpid:\t4242\tx\n" },
		{ "junk glued to the last pid", "NSpid:\t4242 17junk\n" },
		{ "negative pid", "NSpid:\t-1\n" },
		{ "pid over 2^31-1", "NSpid:\t2147483648\n" },
		{ "pid overflowing 64 bits", "NSpid:\t99999999999999999999\n" },
		{ "negative inner pid 4242 -17", "NSpid:\t4242\t-17\n" },
		{ "inner pid over 2^31-1: 4242 2147483648", "NSpid:\t4242\t2147483648\n" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		parse(bad[i].text, &f);
		is_uint(f.have, 0, "malformed NSpid (%s): left out of have", bad[i].label);
		is_int(f.nspid_len, 0, "malformed NSpid (%s): length 0", bad[i].label);
	}
}

static void test_uid(void)
{
	struct status_fields f;

	parse("Uid:\t1000\t1001\t1002\t1003\n", &f);
	is_uint(f.have, SK_UID, "Uid: have");
	is_uint(f.uids[0], 1000, "Uid: real is the first");
	is_uint(f.uids[1], 1001, "Uid: effective is the second");

	parse("Uid:\t4294967294\t65534\t0\t0\n", &f);
	is_uint(f.have, SK_UID, "Uid 4294967294: have");
	is_uint(f.uids[0], 4294967294u, "Uid 4294967294: value");
	is_uint(f.uids[1], 65534, "Uid 65534 (overflowuid): value");

	static const char *const bad[] = {
		"Uid:\n",
		"Uid:\t\n",
		"Uid:\t1000\n",
		"Uid:\tabc\t0\t0\t0\n",
		"Uid:\t1000\tabc\t0\t0\n",
		"Uid:\t-1\t0\t0\t0\n",
		"Uid:\t99999999999999999999\t0\t0\t0\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		parse(bad[i], &f);
		is_uint(f.have, 0, "malformed Uid #%zu: left out of have", i + 1);
		is_uint(f.uids[0], 0, "malformed Uid #%zu: ruid untouched", i + 1);
		is_uint(f.uids[1], 0, "malformed Uid #%zu: euid untouched", i + 1);
	}

	/* uid_t is 32 bits: 4294967296 (2^32) is out of range, like a pid
	 * over 2^31-1 or Threads over INT_MAX, and must not wrap to uid 0. */
	parse("Uid:\t4294967296\t4294967296\t4294967296\t4294967296\n", &f);
	is_uint(f.have, 0, "Uid 4294967296 (2^32, out of uid_t range): left out of have");
	parse("Uid:\t1000\t4294968296\t0\t0\n", &f);
	is_uint(f.have, 0, "Uid euid 4294968296 (2^32 + 1000): left out of have");
}

static void test_ids(void)
{
	struct status_fields f;
	gid_t groups[4];

	/* status_groups() reads the parsed text again: it must live on. */
	static const char ids[] = "Uid:\t1000\t1001\t1002\t1003\nGid:\t2000\t2001\t2002\t2003\n"
				  "Groups:\t4 24 27 4294967294 \n";

	status_parse(ids, sizeof(ids) - 1, &f);
	is_uint(f.have, SK_UID | SK_GID | SK_GROUPS, "Uid, Gid, Groups: have");
	is_uint(f.uids[2], 1002, "Uid: saved is the third");
	is_uint(f.uids[3], 1003, "Uid: filesystem is the fourth");
	is_uint(f.gids[0], 2000, "Gid: real is the first");
	is_uint(f.gids[1], 2001, "Gid: effective is the second");
	is_uint(f.gids[2], 2002, "Gid: saved is the third");
	is_uint(f.gids[3], 2003, "Gid: filesystem is the fourth");
	is_int(f.ngroups, 4, "Groups: four ids");
	status_groups(&f, groups);
	is_uint(groups[0], 4, "Groups: the first");
	is_uint(groups[2], 27, "Groups: the third");
	is_uint(groups[3], 4294967294u, "Groups: 4294967294");

	parse("Groups:\t \n", &f);
	is_uint(f.have, SK_GROUPS, "Groups with none: have");
	is_int(f.ngroups, 0, "Groups with none: no ids");
	parse("Groups:\n", &f);
	is_uint(f.have, SK_GROUPS, "Groups with nothing after the colon: have, no ids");

	/* A read cut inside the list must not pass for a shorter list. */
	parse("Groups:\t4 24 2", &f);
	is_uint(f.have, 0, "Groups without its newline: left out");

	static const char *const bad[] = {
		"Gid:\t1000\t1001\n", "Gid:\t1000\t1001\t1002\tx\n", "Gid:\t-1\t0\t0\t0\n",
		"Gid:\t4294967296\t0\t0\t0\n", "Uid:\t1000\t1001\n", "Uid:\t0\t0\t0\n",
		"Groups:\t4 x\n", "Groups:\t-4\n", "Groups:\t4294967296\n", "Groups:\t4 24junk\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		parse(bad[i], &f);
		is_uint(f.have, 0, "malformed ids #%zu: left out of have", i + 1);
		is_int(f.ngroups, 0, "malformed ids #%zu: no groups", i + 1);
	}
}

static void test_vmlck(void)
{
	struct status_fields f;

	parse("VmLck:\t      68 kB\n", &f);
	is_uint(f.have, SK_VMLCK, "VmLck 68 kB: have");
	is_uint(f.vm_locked_kb, 68, "VmLck 68 kB: value");

	parse("VmLck:\t       0 kB\n", &f);
	is_uint(f.have, SK_VMLCK, "VmLck 0 kB: have");
	is_uint(f.vm_locked_kb, 0, "VmLck 0 kB: value");

	parse("VmLck:\t17179869184 kB\n", &f);
	is_uint(f.have, SK_VMLCK, "VmLck 16 TiB: have");
	is_uint(f.vm_locked_kb, 17179869184UL, "VmLck 16 TiB: value");

	parse("VmPeak:\t    3060 kB\nVmSize:\t    3060 kB\nVmPin:\t       5 kB\n", &f);
	is_uint(f.have, 0, "VmLck absent: not in have (VmPin is another key)");
	is_uint(f.vm_locked_kb, 0, "VmLck absent: 0");

	parse("VmLck:\t kB\n", &f);
	is_uint(f.have, 0, "VmLck without a number: left out");
	parse("VmLck:\t99999999999999999999 kB\n", &f);
	is_uint(f.have, 0, "VmLck overflowing: left out");
}

static void test_other_keys(void)
{
	struct status_fields f;

	parse("Tgid:\t2147483647\nPPid:\t0\nTracerPid:\t1\nThreads:\t2147483647\n"
	      "State:\tZ (zombie)\n", &f);
	is_uint(f.have, SK_TGID | SK_PPID | SK_TRACER | SK_THREADS | SK_STATE, "limits: have");
	is_int(f.tgid, 2147483647, "Tgid 2147483647");
	is_int(f.ppid, 0, "PPid 0");
	is_int(f.tracer_pid, 1, "TracerPid 1");
	is_int(f.threads, 2147483647, "Threads 2147483647");
	is_int(f.state, 'Z', "State Z");

	static const char *const bad[] = {
		"Tgid:\t2147483648\n", "Tgid:\t-1\n", "Tgid:\n", "Tgid:\tx\n",
		"PPid:\t-5\n", "PPid:\t\n", "TracerPid:\t-1\n", "TracerPid:\t9999999999\n",
		"Threads:\t2147483648\n", "Threads:\t-1\n", "Threads:\t\n", "State:\n",
		"State:\t  \n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		parse(bad[i], &f);
		is_uint(f.have, 0, "malformed value #%zu left out of have", i + 1);
	}
	is_int(f.state, 0, "State with blanks only: state stays 0");

	parse("Tgid:  \t 42  \t\n", &f);
	is_uint(f.have, SK_TGID, "Tgid with extra blanks: have");
	is_int(f.tgid, 42, "Tgid with extra blanks: value");
}

static void test_unknown_keys(void)
{
	struct status_fields f;
	static const char text[] =
		"Name:\tTgid: 666\n"
		"Tgidx:\t1\n"
		"Tgi:\t2\n"
		"tgid:\t3\n"
		"Tgid 4\n"
		"Tgid\n"
		"TGID:\t5\n"
		"Uids:\t6\t6\n"
		"Uid\t7\t7\n"
		"Gids:\t8\t8\t8\t8\n"
		"Group:\t8\n"
		"NSpidx:\t9\n"
		"NStgid:\t10\t11\n"
		"NSpgid:\t12\n"
		"PPidx:\t13\n"
		"Pid:\t14\n"
		"VmLcks:\t15 kB\n"
		"VmLc:\t16 kB\n"
		"Stat:\tX\n"
		"StateX:\tY\n"
		"Threadsx:\t17\n"
		"TracerPidx:\t18\n"
		"TracerPi:\t19\n"
		"Speculation_Store_Bypass:\tvulnerable\n"
		":\t20\n"
		"\n"
		"Unknown:\t\xff\xfe\n"
		"\0\0\0\n"
		"Tgid:\t21\n";

	parse_n(text, sizeof(text) - 1, &f);
	is_uint(f.have, SK_TGID, "unknown keys ignored: only the real Tgid line counts");
	is_int(f.tgid, 21, "unknown keys ignored: Tgid is the real one");
	is_int(f.nspid_len, 0, "unknown keys ignored: no NSpid");
	is_uint(f.uids[0], 0, "unknown keys ignored: no Uid");
	is_int(f.threads, 0, "unknown keys ignored: no Threads");
}

static void test_shapes(void)
{
	struct status_fields f;

	parse_n("", 0, &f);
	is_uint(f.have, 0, "empty buffer: nothing");
	parse("\n\n\n", &f);
	is_uint(f.have, 0, "blank lines: nothing");

	parse("Tgid:\t42", &f);
	is_uint(f.have, SK_TGID, "last line without newline: have");
	is_int(f.tgid, 42, "last line without newline: Tgid");

	parse("State:\tS (sleeping)\nNSpid:\t4242\t17\t1", &f);
	is_uint(f.have, SK_STATE | SK_NSPID, "NSpid last without newline: have");
	is_int(f.nspid_len, 3, "NSpid last without newline: 3 levels");
	is_int(f.nspid[2], 1, "NSpid last without newline: innermost");

	parse("Uid:\t1\t2\t3\t4", &f);
	is_uint(f.have, SK_UID, "Uid last without newline: have");
	is_uint(f.uids[1], 2, "Uid last without newline: euid");

	/* The real file cut right before its final newline. */
	check_text("real status without its final newline", status_self,
		   sizeof(status_self) - 2, &real[0].want);

	/* A struct full of junk is reset first. */
	memset(&f, 0xa5, sizeof(f));
	parse("Tgid:\t7\n", &f);
	is_uint(f.have, SK_TGID, "dirty struct: have reset");
	is_int(f.ppid, 0, "dirty struct: PPid reset to 0");
	is_int(f.nspid_len, 0, "dirty struct: nspid_len reset to 0");
}

/* ------------------------------------------------------------------ */
/* Every prefix of a real file: a key appears in `have` only once its
 * value has begun, and with its full value once its line is complete;
 * never a read past the prefix. */

static const struct {
	const char *key;
	unsigned bit;
	int values;  /* values that must be present before it counts */
	int newline; /* 1: it counts only with its line's newline */
} keys[] = {
	{ "Tgid", SK_TGID, 1 },   { "Uid", SK_UID, 4 },       { "VmLck", SK_VMLCK, 1 },
	{ "TracerPid", SK_TRACER, 1 }, { "NSpid", SK_NSPID, 1 }, { "Threads", SK_THREADS, 1 },
	{ "State", SK_STATE, 1 }, { "PPid", SK_PPID, 1 }, { "Gid", SK_GID, 4 },
	/* A list counts only once its newline is read: its value is all of it. */
	{ "Groups", SK_GROUPS, 1000, 1 },
};
#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

struct span {
	size_t value;  /* prefixes up to here lack the key */
	size_t end;    /* prefixes from here have its full value */
	int present;
};

static struct span find_key(const char *text, size_t len, const char *key, int values)
{
	struct span s = { 0, 0, 0 };
	size_t k = strlen(key);

	for (size_t i = 0; i < len; ) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;

		if (end - i > k && memcmp(text + i, key, k) == 0 && text[i + k] == ':') {
			size_t p = i + k + 1;

			for (int v = 0; v < values; v++) {
				while (p < end && (text[p] == ' ' || text[p] == '\t'))
					p++;
				if (v + 1 < values)
					while (p < end && text[p] != ' ' && text[p] != '\t')
						p++;
			}
			s.value = p;
			s.end = end;
			s.present = 1;
			return s;
		}
		i = end + 1;
	}
	return s;
}

static int same(const struct status_fields *a, const struct status_fields *b, unsigned bits)
{
	if ((bits & SK_TGID) && a->tgid != b->tgid)
		return 0;
	if ((bits & SK_PPID) && a->ppid != b->ppid)
		return 0;
	if ((bits & SK_UID) && memcmp(a->uids, b->uids, sizeof(a->uids)) != 0)
		return 0;
	if ((bits & SK_GID) && memcmp(a->gids, b->gids, sizeof(a->gids)) != 0)
		return 0;
	if ((bits & SK_GROUPS) && (a->ngroups != b->ngroups || a->groups_len != b->groups_len ||
				   memcmp(a->groups, b->groups, a->groups_len) != 0))
		return 0;
	if ((bits & SK_VMLCK) && a->vm_locked_kb != b->vm_locked_kb)
		return 0;
	if ((bits & SK_TRACER) && a->tracer_pid != b->tracer_pid)
		return 0;
	if ((bits & SK_THREADS) && a->threads != b->threads)
		return 0;
	if ((bits & SK_STATE) && a->state != b->state)
		return 0;
	if (bits & SK_NSPID) {
		if (a->nspid_len != b->nspid_len)
			return 0;
		for (int i = 0; i < a->nspid_len; i++)
			if (a->nspid[i] != b->nspid[i])
				return 0;
	}
	return 1;
}

static void test_prefixes(const char *label, const char *text, size_t len)
{
	struct status_fields full, f, g;
	struct span spans[N_KEYS];
	struct guard gd;
	size_t early = SIZE_MAX, late = SIZE_MAX, extra = SIZE_MAX, differ = SIZE_MAX;

	if (guard_init(&gd, len) < 0) {
		ok(0, "%s: mmap guard page", label);
		return;
	}
	status_parse(text, len, &full);
	for (size_t k = 0; k < N_KEYS; k++) {
		spans[k] = find_key(text, len, keys[k].key, keys[k].values);
		spans[k].end += (size_t)keys[k].newline;
		if (spans[k].present != !!(full.have & keys[k].bit))
			diag("%s: key %s present %d but have bit %d", label, keys[k].key,
			     spans[k].present, !!(full.have & keys[k].bit));
	}
	for (size_t n = 0; n <= len; n++) {
		/* On the text itself: the groups are a slice that must outlive
		 * the parse (the guard page's copy checks the reads stop at n). */
		status_parse(text, n, &f);
		status_parse(guard_place(&gd, text, n), n, &g);
		if ((f.have & ~full.have) && extra == SIZE_MAX)
			extra = n;
		if ((f.have != g.have || !same(&f, &g, f.have)) && differ == SIZE_MAX)
			differ = n;
		for (size_t k = 0; k < N_KEYS; k++) {
			const struct span *s = &spans[k];

			if (!s->present)
				continue;
			if (n <= s->value && (f.have & keys[k].bit) && early == SIZE_MAX) {
				early = n;
				diag("prefix %zu: %s counted before its value", n, keys[k].key);
			}
			if (n >= s->end && (!(f.have & keys[k].bit) || !same(&f, &full, keys[k].bit)) &&
			    late == SIZE_MAX) {
				late = n;
				diag("prefix %zu: %s missing or wrong after its line", n, keys[k].key);
			}
		}
	}
	guard_release(&gd);
	ok(early == SIZE_MAX, "%s: prefixes 0..%zu: no key before its value", label, len);
	ok(late == SIZE_MAX, "%s: prefixes: each key with its full value once its line is complete",
	   label);
	ok(extra == SIZE_MAX, "%s: prefixes: no key the full file lacks", label);
	ok(differ == SIZE_MAX, "%s: prefixes against a guard page give the same results", label);
}

static void test_all_prefixes(void)
{
	for (size_t i = 0; i < N_REAL; i++)
		test_prefixes(real[i].label, real[i].text, real[i].len);
	static const char ns[] = "Tgid:\t4242\nUid:\t1000\t1001\t1001\t1001\nNSpid:\t4242\t17\t1";
	test_prefixes("short status, NSpid last without newline", ns, sizeof(ns) - 1);
}

/* Random bytes against a guard page: must not crash or over-read, and
 * whatever it reports must be in range. */
static void test_random(void)
{
	static const char *const frag[] = {
		"Tgid:", "Uid:", "VmLck:", "VmRSS:", "TracerPid:", "NSpid:", "Threads:", "State:", "PPid:",
		"Gid:", "Groups:", "1\t2\t3\t4",
		"voluntary_ctxt_switches:\t1\nnonvoluntary_ctxt_switches:", "\t", " ", "\n", "1", "42", "-", "99999999999999999999", "x", "\xff", ":",
	};
	struct guard gd;
	uint32_t seed = 4242;
	int bad = 0;
	unsigned seen = 0;

	if (guard_init(&gd, 256) < 0) {
		ok(0, "random input: mmap guard page");
		return;
	}
	for (int iter = 0; iter < 20000; iter++) {
		char tmp[256];
		size_t n = 0;
		struct status_fields f;

		seed = seed * 1103515245u + 12345u;
		size_t want = (seed >> 8) % 200;
		while (n < want) {
			seed = seed * 1103515245u + 12345u;
			const char *fr = frag[(seed >> 16) % (sizeof(frag) / sizeof(frag[0]))];
			size_t fl = strlen(fr);

			if (n + fl > sizeof(tmp))
				break;
			memcpy(tmp + n, fr, fl);
			n += fl;
		}
		status_parse(guard_place(&gd, tmp, n), n, &f);
		seen |= f.have;
		if ((f.have & ~(unsigned)ALL) || f.nspid_len < 0 || f.nspid_len > STATUS_MAX_NS ||
		    ((f.have & SK_NSPID) && f.nspid_len == 0) || f.tgid < 0 || f.ppid < 0 ||
		    f.tracer_pid < 0 || f.threads < 0 || f.ngroups < 0 ||
		    ((f.have & SK_GROUPS) && f.groups_len > n))
			bad++;
	}
	guard_release(&gd);
	is_int(bad, 0, "20000 random inputs: results in range");
	is_uint(seen, ALL, "random inputs: every key was parsed at least once");
}

int main(void)
{
	test_real();
	test_nspid();
	test_uid();
	test_ids();
	test_vmlck();
	test_other_keys();
	test_unknown_keys();
	test_shapes();
	test_all_prefixes();
	test_random();
	return done_testing();
}
