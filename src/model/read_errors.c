/* read_errors.c - the errnos a snapshot records, by name. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "model/read_errors.h"
#include "util/i18n.h"

static const struct {
	const char *name;
	int err;
} read_errors[] = {
	{ "EACCES", EACCES }, { "EPERM", EPERM }, { "ENOENT", ENOENT }, { "ESRCH", ESRCH },
	{ "EIO", EIO },
};

enum { N_READ_ERRORS = sizeof(read_errors) / sizeof(read_errors[0]) };

const char *read_error_name(int err)
{
	for (int i = 0; i < N_READ_ERRORS; i++)
		if (read_errors[i].err == err)
			return read_errors[i].name;
	return "EIO";
}

int read_error_from_name(const char *name)
{
	for (int i = 0; i < N_READ_ERRORS; i++)
		if (strcmp(read_errors[i].name, name) == 0)
			return read_errors[i].err;
	return 0;
}

const char *read_error_text(int err)
{
	if (err == -EACCES || err == -EPERM)
		return N_("permission denied");
	if (err == -ENOENT || err == -ESRCH)
		return N_("the process exited");
	return N_("the kernel refused to read it");
}

const char *read_error_nth(int i)
{
	return i >= 0 && i < N_READ_ERRORS ? read_errors[i].name : NULL;
}
