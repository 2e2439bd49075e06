#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "save.h"
#include "xmalloc.h"

void
save_ask_clear(struct save_ask *s)
{
	free(s->label);
	free(s->path);
	s->label = NULL;
	s->path = NULL;
	s->source = false;
}

/* Whether name ends in suffix, with something before it. */
static bool
ends_with(const char *name, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len > n && strcmp(name + len - n, suffix) == 0;
}

char *
save_default_name(const char *path, bool rendered)
{
	static const char *const packed[] = { ".gz", ".bz2", ".xz", ".zst" };
	const char *slash = strrchr(path, '/'), *base = slash != NULL ? slash + 1 : path;
	size_t len = strlen(base);
	char *name, *dot, *txt;

	if (strcmp(path, "-") == 0 || len == 0)
		base = "stdin", len = 5;
	for (size_t i = 0; i < sizeof packed / sizeof packed[0]; i++)
		if (ends_with(base, len, packed[i])) {
			len -= strlen(packed[i]);
			break;
		}
	name = xstrndup(base, len);
	if (!rendered)
		return name;
	/* A dot that starts the name (".profile") is no extension. */
	dot = strrchr(name, '.');
	if (dot != NULL && dot > name)
		name[dot - name] = '\0';
	txt = xasprintf("%s.txt", name);
	free(name);
	return txt;
}

char *
save_target(const char *typed, const char *name)
{
	const char *home = getenv("HOME");
	size_t len;
	char *path;
	struct stat st;

	typed += strspn(typed, " \t");
	len = strlen(typed);
	while (len > 0 && (typed[len - 1] == ' ' || typed[len - 1] == '\t'))
		len--;
	if (len == 0)
		return NULL;
	if (typed[0] == '~' && (len == 1 || typed[1] == '/') && home != NULL && *home != '\0')
		path = xasprintf("%s%.*s", home, (int)len - 1, typed + 1);
	else
		path = xstrndup(typed, len);
	len = strlen(path);
	if (path[len - 1] == '/' || (stat(path, &st) == 0 && S_ISDIR(st.st_mode))) {
		char *in = xasprintf("%s%s%s", path, path[len - 1] == '/' ? "" : "/", name);

		free(path);
		path = in;
	}
	return path;
}

/* Syncs the folder of path, so the rename survives a crash; a folder that
 * cannot be opened or synced loses nothing that was written. */
static void
sync_folder(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* The mode a new file gets: 0666 less the umask. */
static mode_t
new_mode(void)
{
	mode_t mask = umask(0);

	umask(mask);
	return 0666 & ~mask;
}

bool
save_write(const char *path, bool (*fill)(FILE *f, void *arg), void *arg, char **err)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash == NULL ? xstrdup(".")
				  : xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
	const char *base = slash != NULL ? slash + 1 : path;
	char *tmp = xasprintf("%s/.%s.XXXXXX", dir, base);
	struct stat st;
	mode_t mode =
	    lstat(path, &st) == 0 && S_ISREG(st.st_mode) ? st.st_mode & 07777 : new_mode();
	int fd, e = 0;
	FILE *f;
	bool ok;

	fd = mkstemp(tmp);
	if (fd < 0) {
		*err = xasprintf("Cannot save %s: %s", path, strerror(errno));
		free(tmp);
		free(dir);
		return false;
	}
	f = fdopen(fd, "w");
	if (f == NULL) {
		e = errno;
		close(fd);
		ok = false;
	} else {
		errno = 0;
		ok = fchmod(fd, mode) == 0 && fill(f, arg) && fflush(f) == 0 && !ferror(f) &&
		    fsync(fd) == 0;
		if (!ok)
			e = errno != 0 ? errno : EIO;
		if (fclose(f) != 0 && ok) {
			e = errno;
			ok = false;
		}
	}
	if (ok && rename(tmp, path) != 0) {
		e = errno;
		ok = false;
	}
	if (!ok) {
		unlink(tmp);
		*err = xasprintf("Cannot save %s: %s", path, strerror(e));
	} else {
		sync_folder(dir);
	}
	free(tmp);
	free(dir);
	return ok;
}
