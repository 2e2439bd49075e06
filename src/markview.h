/* markview.h - the handlers of marks and jumps: m and ' with the letter
 * after them, '' and the jump history.
 *
 * They live beside the model they drive (jumps.h) rather than in app.c;
 * each returns the DIRTY_* bits of what it changed, like every handler,
 * and app.c's table of handlers points at them.
 */
#ifndef FOLIO_MARKVIEW_H
#define FOLIO_MARKVIEW_H

struct app;

/* Asks for the letter of a mark to set here (m), or to go to ('). */
unsigned markview_set(struct app *app, long count);
unsigned markview_jump(struct app *app, long count);

/* The key after m or ' (app->pending says which): a letter sets or goes
 * to that mark (a-z of this article, A-Z of the collection, also as the
 * state keeps them from an earlier session); after ', ' or ` trades the
 * present for the place before the last jump.  Anything else is a
 * message. */
unsigned markview_key(struct app *app, int key);

/* Back and forward in the jump history. */
unsigned markview_back(struct app *app, long count);
unsigned markview_forward(struct app *app, long count);

#endif
