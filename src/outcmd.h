/* outcmd.h - the handlers that reach outside folio: open a link, copy to
 * the clipboard, pipe the article to a command, edit it, run a command.
 *
 * Each has the shape of those of app.c, which lists them in its table: it
 * puts a job (outside.h) in app->job and returns REQ_OUTSIDE with the
 * DIRTY_* bits; the ui runs the job (leaving curses when the command
 * needs the terminal) and calls outcmd_done.  A URL or path goes to a
 * command as one argument, the text of a copy on its stdin or in an OSC
 * 52 sequence; only a line the user typed (|, !) goes through a shell.
 */
#ifndef FOLIO_OUTCMD_H
#define FOLIO_OUTCMD_H

#include <stddef.h>

struct app;

/* Opens link N (a count) of the links table, else the first link on
 * screen, with the browser (outside_browser); with no browser, copies the
 * URL instead and says so. */
unsigned outcmd_open_link(struct app *app, long count);
/* The same for the link whose text starts at view offset dest (the links
 * menu's choice). */
unsigned outcmd_open_link_at(struct app *app, size_t dest);
/* Copies link N, else the first link on screen, to the clipboard. */
unsigned outcmd_copy_link(struct app *app, long count);
/* Copies the path of the article shown (or selected in the list). */
unsigned outcmd_copy_path(struct app *app, long count);
/* Copies len bytes of text (malloc'd; taken over, so a passage of
 * hundreds of megabytes is held once) to the clipboard: through
 * outside.copy_command when set, else by OSC 52 cut at
 * outside.copy_limit, the message saying so; what names the text in the
 * message ("the paragraph"). */
unsigned outcmd_copy_text(struct app *app, char *text, size_t len, const char *what);
/* Open the prompt for a command line: | pipes the article's bytes to it,
 * ! runs it; both through /bin/sh -c, with the terminal.  A piped line
 * that starts with the key that copies a range after y (') and a mark
 * letter, then a blank, pipes only the source lines from that mark to
 * the line at the top (copycmd_marked): "'a wc -w". */
unsigned outcmd_pipe(struct app *app, long count);
unsigned outcmd_shell(struct app *app, long count);
/* The command prompt was accepted. */
unsigned outcmd_prompt_accept(struct app *app);
/* Opens the article shown in $VISUAL, else $EDITOR, else vi, at the line
 * at the top of the pane (+N); the article is reloaded when it changed
 * (app_watch). */
unsigned outcmd_edit(struct app *app, long count);

/* The ui ran app->job: status as outside_run returned it, err its message
 * (borrowed) when it is -1.  Clears the job and sets the message. */
unsigned outcmd_done(struct app *app, int status, const char *err);

#endif
