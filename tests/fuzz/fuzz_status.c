/* fuzz_status.c - fuzz target for status_parse() (/proc/PID/status).
 *
 * Checks that only the known keys are reported, that every pid is in
 * range, that the NSpid list fits its array and agrees with `have`, and
 * that the Groups list lies in the buffer. */
#include "config.h"

#include "fuzz.h"
#include "proc/parse_status.h"

enum { SK_ALL = SK_TGID | SK_UID | SK_VMLCK | SK_TRACER | SK_NSPID | SK_THREADS | SK_STATE | SK_PPID |
		 SK_VMRSS | SK_GID | SK_GROUPS | SK_CSW_VOLUNTARY | SK_CSW };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_copy(data, size);
	struct status_fields f;

	status_parse(buf, size, &f);
	FUZZ_CHECK((f.have & ~(unsigned)SK_ALL) == 0);
	FUZZ_CHECK(f.nspid_len >= 0 && f.nspid_len <= STATUS_MAX_NS);
	FUZZ_CHECK(!(f.have & SK_NSPID) == (f.nspid_len == 0));
	for (int i = 0; i < f.nspid_len; i++)
		FUZZ_CHECK(f.nspid[i] >= 0);
	FUZZ_CHECK(f.tgid >= 0 && f.ppid >= 0 && f.tracer_pid >= 0 && f.threads >= 0);
	FUZZ_CHECK((f.have & SK_STATE) ? f.state != '\n' : f.state == '\0');
	FUZZ_CHECK(f.ngroups >= 0 && (f.have & SK_GROUPS || f.ngroups == 0));
	if (f.have & SK_GROUPS) {
		/* The list lies in the buffer, and every word of it is read. */
		gid_t *groups = malloc(sizeof(gid_t) * ((size_t)f.ngroups + 1));

		FUZZ_CHECK(groups != NULL);
		FUZZ_CHECK(f.groups >= buf && f.groups + f.groups_len <= buf + size);
		FUZZ_CHECK((size_t)f.ngroups <= f.groups_len);
		status_groups(&f, groups);
		free(groups);
	}
	/* The shortest line that sets a key is "Tgid:0" or "PPid:0". */
	FUZZ_CHECK(f.have == 0 || size >= 6);
	free(buf);
	return 0;
}
