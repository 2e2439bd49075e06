/* ui.h - the terminal: set-up, the input loop, signals, restoring.
 *
 * ui_run owns the terminal from start to end: it refuses an unknown or
 * unset TERM with one line on stderr before touching anything, turns keys,
 * mouse events and resizes into app calls, and restores the terminal on
 * every way out (quit, SIGINT, SIGTERM, SIGHUP, a terminal that hangs up
 * or fails, a fatal error).
 */
#ifndef FOLIO_UI_H
#define FOLIO_UI_H

#include <stdbool.h>

#include "hyperlink.h"

struct app;

struct ui_options {
	bool utf8;                      /* the user's locale is UTF-8 */
	bool mouse;                     /* report mouse clicks and the wheel */
	const char *script;             /* read keys from this file, draw to nowhere, and
	                       print the screen on ":screen" (for tests) */
	enum hyperlink_mode hyperlinks; /* links as terminal hyperlinks (never
	                                   with a script) */
};

/* Runs the reader until it quits; returns the exit status. */
int ui_run(struct app *app, const struct ui_options *opt);

#endif
