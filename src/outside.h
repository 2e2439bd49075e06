/* outside.h - what folio hands to the world outside: commands run with
 * argument vectors, and the bytes of an OSC 52 copy.
 *
 * Nothing here includes curses or knows the app.  A URL, a path or any
 * text from an article goes to a command as one argument or on its
 * standard input, never through a shell; only a command line the user
 * typed runs through /bin/sh -c.  A job says what the ui must do:
 * leave curses and give the command the terminal, or run it without the
 * terminal, or write bytes to the terminal (outside ncurses' screen model).
 */
#ifndef FOLIO_OUTSIDE_H
#define FOLIO_OUTSIDE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

/* One thing to do outside.  Every pointer is owned by the job. */
struct outside_job {
	char **argv;   /* NULL-terminated; NULL: no command */
	bool terminal; /* the command gets the terminal (curses is left) */
	bool wait_key; /* terminal: ask for Enter before the screen returns */
	bool detach;   /* no terminal, not waited for (a browser) */
	char *input;   /* fed to the command's stdin; NULL: /dev/null (or
	                     the terminal when terminal is set) */
	size_t ninput;
	char *tty_bytes; /* written to the terminal as they are; NULL none */
	size_t ntty;
	char *done; /* the message shown after a success; NULL none */
	char *what; /* what the command is, for a message on failure */
};

/* Frees what the job holds and empties it; a job may be empty already. */
void outside_job_clear(struct outside_job *j);
/* Whether the job has anything to do. */
bool outside_job_pending(const struct outside_job *j);

/* The words of a configured command line ("xclip -selection clipboard"),
 * split at blanks, no shell, no quotes; extra (may be NULL) appended as
 * one more word.  NULL when line holds no word.  The caller frees the
 * vector with outside_argv_free. */
char **outside_argv(const char *line, const char *extra);
/* argv of /bin/sh -c line: for a command the user typed. */
char **outside_shell_argv(const char *line);
void outside_argv_free(char **argv);

/* Whether name can be run: a path that is executable, or a word found
 * executable on $PATH. */
bool outside_runnable(const char *name);

/* The browser to open a URL with: the setting when not empty, else
 * $BROWSER, else xdg-open when $DISPLAY or $WAYLAND_DISPLAY is set; NULL
 * when there is none (copying the URL is then the way out).  The result
 * is borrowed from setting or the environment. */
const char *outside_browser(const char *setting);

/* len bytes as base64 (RFC 4648, padded); the caller frees it. */
char *outside_base64(const void *data, size_t len, size_t *outlen);

/* The escape sequence that puts text (len bytes, at most limit of them:
 * *cut says whether it was cut, at a UTF-8 character start) on the
 * clipboard of the terminal folio sits at: OSC 52 with base64, wrapped for
 * GNU screen's passthrough when screen (STY set, no TMUX) is in between;
 * inside tmux the plain sequence, which tmux takes with set-clipboard on.
 * The payload holds only base64 characters, so no text reaches the
 * terminal as an escape.  The caller frees it; *outlen is its length. */
char *outside_osc52(const char *text, size_t len, size_t limit, bool *cut, size_t *outlen);

/* Runs j's command and waits for it (a detached one is left running in a
 * process of its own): the child's stdin is j->input, /dev/null or the
 * terminal; without the terminal its output goes to /dev/null.  Returns
 * the exit status, or -1 with *err (the caller frees it) when it could
 * not start or died of a signal; 127 is a command not found. */
int outside_run(const struct outside_job *j, char **err);

/* Makes outside_run, from then on, watch *flag while it feeds and waits
 * for a command: once a signal handler has made it non-zero (the terminal
 * hung up, or folio was told to end), the command gets SIGHUP, once, as a
 * shell's jobs do, and what is left of its input is dropped; so a command
 * that outlives the terminal does not keep folio.  flag is borrowed for
 * good; NULL (the default) watches nothing. */
void outside_set_hangup(const volatile sig_atomic_t *flag);

#endif
