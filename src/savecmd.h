/* savecmd.h - the handlers of s: save a copy of the article shown.
 *
 * s opens a prompt holding the name proposed (save_default_name, in the
 * current folder) and saying what will be saved: the rendered text (what
 * --dump prints for the article at the pane's width) or the source bytes
 * (the file's, decompressed when it is compressed).  It starts as the
 * pane shows the article: a rendered document its text, plain text and a
 * document shown as source (V) their bytes; a key of the prompt
 * (save-format, C-t) switches, and the name with it while it is the one
 * proposed.  Enter saves (save_write: whole or not at all); when the
 * file exists, "overwrite it? (y/n)" is asked first and only y writes.
 * Each handler has the shape of those of app.c, which lists them.
 */
#ifndef FOLIO_SAVECMD_H
#define FOLIO_SAVECMD_H

struct app;

/* Opens the prompt for the file name. */
unsigned savecmd_save(struct app *app, long count);
/* The prompt key that switches between the text and the source; it does
 * nothing in another prompt. */
unsigned savecmd_format(struct app *app, long count);
/* The prompt was accepted (app->prompting is already PROMPT_NONE). */
unsigned savecmd_accept(struct app *app);
/* The answer to the overwrite question (app->pending). */
unsigned savecmd_key(struct app *app, int key);
/* The prompt was cancelled. */
unsigned savecmd_cancel(struct app *app);

#endif
