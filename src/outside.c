#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "outside.h"
#include "xmalloc.h"

/* Set by a signal handler of the caller's when a command must end. */
static const volatile sig_atomic_t *hangup;

void
outside_set_hangup(const volatile sig_atomic_t *flag)
{
	hangup = flag;
}

static bool
hung_up(void)
{
	return hangup != NULL && *hangup != 0;
}

void
outside_job_clear(struct outside_job *j)
{
	outside_argv_free(j->argv);
	free(j->input);
	free(j->tty_bytes);
	free(j->done);
	free(j->what);
	memset(j, 0, sizeof *j);
}

bool
outside_job_pending(const struct outside_job *j)
{
	return j->argv != NULL || j->tty_bytes != NULL;
}

static void
push(char ***v, size_t *n, char *s)
{
	*v = xreallocarray(*v, *n + 2, sizeof **v);
	(*v)[(*n)++] = s;
	(*v)[*n] = NULL;
}

char **
outside_argv(const char *line, const char *extra)
{
	char **v = NULL;
	size_t n = 0;

	for (const char *p = line != NULL ? line : ""; *p != '\0';) {
		size_t len;

		p += strspn(p, " \t");
		len = strcspn(p, " \t");
		if (len == 0)
			break;
		push(&v, &n, xstrndup(p, len));
		p += len;
	}
	if (v == NULL)
		return NULL;
	if (extra != NULL)
		push(&v, &n, xstrdup(extra));
	return v;
}

char **
outside_shell_argv(const char *line)
{
	char **v = NULL;
	size_t n = 0;

	push(&v, &n, xstrdup("/bin/sh"));
	push(&v, &n, xstrdup("-c"));
	push(&v, &n, xstrdup(line));
	return v;
}

void
outside_argv_free(char **argv)
{
	if (argv == NULL)
		return;
	for (char **p = argv; *p != NULL; p++)
		free(*p);
	free(argv);
}

static bool
executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

bool
outside_runnable(const char *name)
{
	const char *path = getenv("PATH");

	if (name == NULL || *name == '\0')
		return false;
	if (strchr(name, '/') != NULL)
		return executable(name);
	for (const char *p = path != NULL ? path : "/usr/bin:/bin";; p++) {
		size_t len = strcspn(p, ":");
		char *full = xasprintf("%.*s/%s", (int)len, len > 0 ? p : ".", name);
		bool ok = executable(full);

		free(full);
		if (ok)
			return true;
		p += len;
		if (*p == '\0')
			return false;
	}
}

const char *
outside_browser(const char *setting)
{
	const char *b = getenv("BROWSER");
	const char *d = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY");

	if (setting != NULL && *setting != '\0')
		return setting;
	if (b != NULL && *b != '\0')
		return b;
	if ((d != NULL && *d != '\0') || (w != NULL && *w != '\0'))
		return "xdg-open";
	return NULL;
}

char *
outside_base64(const void *data, size_t len, size_t *outlen)
{
	static const char abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *s = data;
	char *out = xmalloc(len / 3 * 4 + 5), *o = out;
	size_t i = 0;

	for (; i + 3 <= len; i += 3) {
		unsigned v = (unsigned)s[i] << 16 | (unsigned)s[i + 1] << 8 | s[i + 2];

		*o++ = abc[v >> 18 & 63];
		*o++ = abc[v >> 12 & 63];
		*o++ = abc[v >> 6 & 63];
		*o++ = abc[v & 63];
	}
	if (i < len) {
		unsigned v = (unsigned)s[i] << 16 | (i + 1 < len ? (unsigned)s[i + 1] << 8 : 0);

		*o++ = abc[v >> 18 & 63];
		*o++ = abc[v >> 12 & 63];
		*o++ = i + 1 < len ? abc[v >> 6 & 63] : '=';
		*o++ = '=';
	}
	*o = '\0';
	if (outlen != NULL)
		*outlen = (size_t)(o - out);
	return out;
}

char *
outside_osc52(const char *text, size_t len, size_t limit, bool *cut, size_t *outlen)
{
	const char *tmux = getenv("TMUX"), *sty = getenv("STY");
	bool screen = (tmux == NULL || *tmux == '\0') && sty != NULL && *sty != '\0';
	char *b64, *out;
	size_t n;

	*cut = len > limit;
	if (*cut) {
		len = limit;
		/* Not in the middle of a character. */
		while (len > 0 && ((unsigned char)text[len] & 0xc0) == 0x80)
			len--;
	}
	b64 = outside_base64(text, len, &n);
	out = xasprintf(screen ? "\033P\033]52;c;%s\a\033\\" : "\033]52;c;%s\a", b64);
	free(b64);
	*outlen = strlen(out);
	return out;
}

/* In the child: stdin from fd (or kept), output to /dev/null unless the
 * terminal is the command's; then the command. */
static void
child(const struct outside_job *j, int in_fd, const sigset_t *mask)
{
	struct sigaction dfl;
	int null = open("/dev/null", O_RDWR);

	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	for (int s = 1; s < NSIG; s++)
		if (s != SIGKILL && s != SIGSTOP)
			sigaction(s, &dfl, NULL);
	/* A hangup that came since the fork ends the command now. */
	sigprocmask(SIG_SETMASK, mask, NULL);
	if (in_fd >= 0)
		dup2(in_fd, 0);
	else if (!j->terminal && null >= 0)
		dup2(null, 0);
	if (!j->terminal && null >= 0) {
		dup2(null, 1);
		dup2(null, 2);
	}
	if (j->detach)
		setsid();
	execvp(j->argv[0], j->argv);
	_exit(127);
}

/* Writes the whole input to fd, stopping quietly when the reader is gone
 * (SIGPIPE is ignored by the ui). */
static void
feed(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && errno == EINTR && !hung_up())
			continue;
		if (w <= 0)
			break;
		s += w;
		n -= (size_t)w;
	}
}

int
outside_run(const struct outside_job *j, char **err)
{
	int fds[2] = { -1, -1 }, status;
	bool told = false;
	sigset_t block, old;
	pid_t pid;

	if (j->argv == NULL)
		return 0;
	if (j->input != NULL && pipe(fds) != 0) {
		*err = xasprintf("%s: %s", j->what, strerror(errno));
		return -1;
	}
	/* Until the child has its signals back to their defaults, a signal
	 * for folio would run folio's handler in it, and be lost. */
	sigemptyset(&block);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_BLOCK, &block, &old);
	pid = fork();
	if (pid != 0)
		sigprocmask(SIG_SETMASK, &old, NULL);
	if (pid < 0) {
		*err = xasprintf("%s: %s", j->what, strerror(errno));
		if (fds[0] >= 0) {
			close(fds[0]);
			close(fds[1]);
		}
		return -1;
	}
	if (pid == 0) {
		if (fds[1] >= 0)
			close(fds[1]);
		if (j->detach) {
			/* A grandchild, so nothing is left to reap. */
			pid_t g = fork();

			if (g != 0)
				_exit(g < 0 ? 126 : 0);
		}
		child(j, fds[0], &old);
	}
	if (fds[0] >= 0) {
		close(fds[0]);
		feed(fds[1], j->input, j->ninput);
		close(fds[1]);
	}
	for (;;) {
		/* The signal that set the flag interrupts the wait. */
		if (!told && hung_up()) {
			kill(pid, SIGHUP);
			told = true;
		}
		if (waitpid(pid, &status, 0) >= 0)
			break;
		if (errno != EINTR) {
			*err = xasprintf("%s: %s", j->what, strerror(errno));
			return -1;
		}
	}
	if (WIFSIGNALED(status)) {
		*err = xasprintf("%s: killed by signal %d", j->what, WTERMSIG(status));
		return -1;
	}
	return WEXITSTATUS(status);
}
