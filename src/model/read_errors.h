/* read_errors.h - why the kernel did not give a process's file.  The
 * model keeps the errno (0 or -errno); JSON writes the errno's symbolic
 * name, data for a program and the same in every locale; text says it in
 * words when it prints it. */
#ifndef LWPS_READ_ERRORS_H
#define LWPS_READ_ERRORS_H

/* The names JSON uses, for the key table (json-doc checks they are the
 * table's below). */
#define READ_ERROR_NAMES "EACCES EPERM ENOENT ESRCH EIO"

/* The name of errno `err` (positive): EIO for one not among the names. */
const char *read_error_name(int err);

/* The errno named `name`, or 0 when it is not one of the names. */
int read_error_from_name(const char *name);

/* Why a file could not be read (err: -errno), in words: N_() text,
 * translated where it is shown. */
const char *read_error_text(int err);

/* The i-th name, or NULL past the last (for json-doc). */
const char *read_error_nth(int i);

#endif
