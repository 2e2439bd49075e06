/* listcmd.h - the handlers of what the source list knows of each entry:
 * read or unread, its info (=), and a title of the reader's own.
 *
 * Each handler has the shape of those of app.c, which lists them in its
 * table: it changes the app and returns the DIRTY_* bits of what changed.
 * An own title is kept in the reading state under the article's path, so
 * it survives restarts and renames like positions and marks; the list,
 * the status line, --list and a search of the collection use it instead
 * of the title found in the file.
 */
#ifndef FOLIO_LISTCMD_H
#define FOLIO_LISTCMD_H

#include <stdbool.h>

struct app;
struct library;
struct state;

/* Marks the selected article (focus on the list) or the one shown read
 * or unread. */
unsigned listcmd_toggle_read(struct app *app, long count);
/* Marks every article read, remembering which were not, for undo. */
unsigned listcmd_mark_all_read(struct app *app, long count);
/* Marks unread again the articles mark-all-read marked read. */
unsigned listcmd_undo(struct app *app, long count);

/* Shows the info (info.h) of the selected or shown article on the prompt
 * line.  Its words are counted once per version of the file. */
unsigned listcmd_info(struct app *app, long count);

/* Opens the prompt for the selected or shown article's own title,
 * prefilled with the title it shows. */
unsigned listcmd_set_title(struct app *app, long count);
/* The title prompt was accepted: its text becomes the entry's own title
 * (blank: the title found in the file shows again). */
unsigned listcmd_title_accept(struct app *app);

/* Gives the entries of lib the own titles st holds for them (st may be
 * NULL).  Costs nothing when st holds none. */
void listcmd_load_titles(struct library *lib, struct state *st);

#endif
