/* test-outside.c - the model of the outside actions: base64, the OSC 52
 * sequence and its cut, argument vectors without a shell, running a job. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outside.h"
#include "tap.h"

static void
test_base64(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = { { "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" } };

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n;
		char *b = outside_base64(cases[i].in, strlen(cases[i].in), &n);

		is_str(b, cases[i].out, "base64 of the RFC 4648 vectors");
		is_int((long long)n, (long long)strlen(cases[i].out), "and its length");
		free(b);
	}
}

static void
test_osc52(void)
{
	bool cut;
	size_t n;
	char *s;

	unsetenv("STY");
	unsetenv("TMUX");
	s = outside_osc52("hi\033]0;x\a", 8, 100, &cut, &n);
	is_str(s, "\033]52;c;aGkbXTA7eAc=\a", "OSC 52: the text as base64, no raw escape");
	ok(!cut && n == strlen(s), "not cut");
	free(s);
	/* "é" is two bytes: a cut at 2 must not split it. */
	s = outside_osc52("a\303\251b", 4, 2, &cut, &n);
	is_str(s, "\033]52;c;YQ==\a", "a cut falls on a character start");
	ok(cut, "and says it cut");
	free(s);
	setenv("STY", "1.pts", 1);
	s = outside_osc52("a", 1, 10, &cut, &n);
	is_str(s, "\033P\033]52;c;YQ==\a\033\\", "GNU screen: wrapped in its passthrough");
	free(s);
	setenv("TMUX", "/tmp/t,1,0", 1);
	s = outside_osc52("a", 1, 10, &cut, &n);
	is_str(s, "\033]52;c;YQ==\a", "tmux: the plain sequence");
	free(s);
	unsetenv("STY");
	unsetenv("TMUX");
}

static void
test_argv(void)
{
	char **v = outside_argv("  xclip  -selection\tclipboard ", "http://x/a b;$(rm)");

	ok(v != NULL && v[0] != NULL, "words of a setting");
	is_str(v[0], "xclip", "first word");
	is_str(v[1], "-selection", "second");
	is_str(v[2], "clipboard", "third");
	is_str(v[3], "http://x/a b;$(rm)", "the URL one argument, as it is");
	ok(v[4] == NULL, "and nothing more");
	outside_argv_free(v);
	ok(outside_argv("   ", "u") == NULL, "a blank setting has no command");
	v = outside_shell_argv("wc -l");
	is_str(v[0], "/bin/sh", "a typed line runs through the shell");
	is_str(v[2], "wc -l", "as typed");
	outside_argv_free(v);
	ok(outside_runnable("sh"), "sh is found on PATH");
	ok(!outside_runnable("no-such-command-here"), "a missing command is not");
	ok(!outside_runnable(""), "nor an empty one");
}

static void
test_browser(void)
{
	unsetenv("BROWSER");
	unsetenv("DISPLAY");
	unsetenv("WAYLAND_DISPLAY");
	ok(outside_browser("") == NULL, "no browser and no display: none");
	setenv("WAYLAND_DISPLAY", "wayland-0", 1);
	is_str(outside_browser(""), "xdg-open", "a display: xdg-open");
	setenv("BROWSER", "lynx", 1);
	is_str(outside_browser(""), "lynx", "$BROWSER first");
	is_str(outside_browser("w3m"), "w3m", "the setting before it");
}

static void
test_run(void)
{
	char path[] = "/tmp/folio-outside.XXXXXX", *err = NULL, buf[64] = { 0 };
	struct outside_job j = { 0 };
	int fd = mkstemp(path);
	char *line;
	FILE *f;

	ok(fd >= 0, "a temp file");
	close(fd);
	line = malloc(strlen(path) + 16);
	sprintf(line, "cat >%s", path);
	j.argv = outside_shell_argv(line);
	j.input = strdup("piped\n");
	j.ninput = 6;
	j.what = strdup("cat");
	is_int(outside_run(&j, &err), 0, "a command gets its input and exits 0");
	f = fopen(path, "r");
	ok(f != NULL && fgets(buf, sizeof buf, f) != NULL, "its output is there");
	is_str(buf, "piped\n", "the input, whole");
	if (f != NULL)
		fclose(f);
	outside_job_clear(&j);
	ok(!outside_job_pending(&j), "a cleared job is empty");
	j.argv = outside_argv("no-such-command-here", NULL);
	j.what = strdup("x");
	is_int(outside_run(&j, &err), 127, "a missing command: 127");
	outside_job_clear(&j);
	j.argv = outside_argv("false", NULL);
	j.what = strdup("false");
	is_int(outside_run(&j, &err), 1, "a failing one: its status");
	outside_job_clear(&j);
	free(line);
	unlink(path);
}

/* A set hangup flag tells the command to end (SIGHUP) instead of waiting
 * for it, and outside_run says how it ended. */
static void
test_hangup(void)
{
	static volatile sig_atomic_t flag;
	struct outside_job j = { 0 };
	char *err = NULL;

	outside_set_hangup(&flag);
	flag = 1;
	j.argv = outside_argv("sleep 600", NULL);
	j.what = strdup("sleep");
	is_int(outside_run(&j, &err), -1,
	    "with the hangup flag set, a command does not keep outside_run");
	is_str(err, "sleep: killed by signal 1", "it was told with SIGHUP");
	free(err);
	err = NULL;
	outside_job_clear(&j);
	flag = 0;
	j.argv = outside_argv("true", NULL);
	j.what = strdup("true");
	is_int(outside_run(&j, &err), 0, "with the flag clear, a command runs to its end");
	outside_job_clear(&j);
	outside_set_hangup(NULL);
}

int
main(void)
{
	test_base64();
	test_osc52();
	test_argv();
	test_browser();
	test_run();
	test_hangup();
	return tap_done();
}
