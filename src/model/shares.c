/* shares.c - the names of what processes may share. */
#include "config.h"

#include "model/shares.h"

const char *share_kind_name(enum share_kind k)
{
	static const char *const names[SHARE_COUNT] = {
		[SHARE_VM] = "vm", [SHARE_FILES] = "files", [SHARE_FS] = "fs",
		[SHARE_SIGHAND] = "sighand", [SHARE_SYSVSEM] = "sysvsem",
	};

	return k < SHARE_COUNT ? names[k] : "";
}
