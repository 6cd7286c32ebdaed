/* output_error.h - the one rule for errors writing standard output: a
 * closed pipe (`lwps | head`, SIGPIPE ignored) ends quietly; anything else,
 * a full disk, is a message and exit status EXIT_FATAL. */
#ifndef LWPS_OUTPUT_ERROR_H
#define LWPS_OUTPUT_ERROR_H

/* After a write failed with errno `err`: `status` when the reader went
 * away, else EXIT_FATAL once the message is printed. */
int output_failed(int err, int status);
/* Flushes standard output: `status`, or output_failed()'s verdict. */
int output_flush(int status);
/* Flushes and closes standard output before exit: the same. */
int output_close(int status);

#endif
