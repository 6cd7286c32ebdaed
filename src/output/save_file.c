/* save_file.c - the file --save writes.
 *
 * A snapshot is written to a new file beside the target and renamed over
 * it once it is complete and on disk: a full disk or a crash leaves the
 * old snapshot whole, a hard link to it keeps it, and a concurrent --load
 * reads the old file or the new one, never half of one.  rename() replaces
 * a symbolic link planted at the target instead of following it, and the
 * temporary file is created with O_EXCL, so nothing is written through a
 * link.  The file holds every command line: mode 0600.  A signal that
 * ends lwps mid-save removes the temporary file. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output/save_file.h"
#include "util/xalloc.h"

/* The temporary file while it exists, for remove_pending(). */
static const char *volatile pending;

static void remove_pending(int sig)
{
	if (pending)
		unlink(pending);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Signals that end lwps; one that was ignored (nohup) stays ignored. */
static void catch_ending_signals(void)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM };
	struct sigaction sa = { .sa_handler = remove_pending }, old;

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
}

/* A new target is fine; an existing one must be a regular file. */
static int check_target(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (S_ISLNK(st.st_mode))
		return SAVE_SYMLINK;
	return S_ISREG(st.st_mode) ? 0 : SAVE_NOT_REGULAR;
}

int save_file_open(struct save_file *sf, const char *path)
{
	static const char suffix[] = ".XXXXXX";
	int err, fd;

	*sf = (struct save_file){ .path = path };
	if (strcmp(path, "-") == 0) {
		sf->fp = stdout;
		return 0;
	}
	if ((err = check_target(path)) < 0)
		return err;
	sf->tmp = xmalloc(strlen(path) + sizeof(suffix));
	strcpy(sf->tmp, path);
	strcat(sf->tmp, suffix);
	catch_ending_signals();
	pending = sf->tmp;
	/* mkostemp() opens with O_CREAT | O_EXCL and mode 0600 (less what
	 * the umask takes away). */
	fd = mkostemp(sf->tmp, O_CLOEXEC);
	if (fd < 0 || !(sf->fp = fdopen(fd, "w"))) {
		err = -errno;
		if (fd >= 0) {
			close(fd);
			unlink(sf->tmp);
		}
		pending = NULL;
		free(sf->tmp);
		sf->tmp = NULL;
		return err;
	}
	return 0;
}

/* The rename is durable once the directory is on disk too. */
static void sync_directory(const char *path)
{
	char *copy = xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

int save_file_commit(struct save_file *sf)
{
	int err = 0;

	errno = 0;
	if (!sf->tmp)
		return fflush(sf->fp) == 0 && !ferror(sf->fp) ? 0 : errno ? -errno : -EIO;
	if (fflush(sf->fp) != 0 || ferror(sf->fp) || fsync(fileno(sf->fp)) != 0)
		err = errno ? -errno : -EIO;
	if (fclose(sf->fp) != 0 && !err)
		err = -errno;
	sf->fp = NULL;
	if (!err && rename(sf->tmp, sf->path) != 0)
		err = -errno;
	pending = NULL;
	if (err)
		unlink(sf->tmp);
	else
		sync_directory(sf->path);
	free(sf->tmp);
	sf->tmp = NULL;
	return err;
}

void save_file_abort(struct save_file *sf)
{
	if (!sf->tmp)
		return;
	if (sf->fp)
		fclose(sf->fp);
	pending = NULL;
	unlink(sf->tmp);
	free(sf->tmp);
	*sf = (struct save_file){ 0 };
}
