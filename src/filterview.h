/* filterview.h - the handlers of the filter (less's "&"): only the lines
 * (in a document the paragraphs and list items) that match show.
 *
 * & opens the prompt (PROMPT_FILTER): the pattern is a search pattern
 * (search.h: literal or, after C-r, a regular expression; smart case),
 * applied on Enter; an empty one turns the filter off.  The filter is
 * the pager's (pager_set_filter): it stays when another article is
 * shown, as less keeps its "&", until it is turned off.  Its scan goes
 * on between keys (filterview_idle); G waits for it to end, and a key
 * stops the wait.  Each handler has the shape of those of app.c, which
 * lists them in its tables.
 */
#ifndef FOLIO_FILTERVIEW_H
#define FOLIO_FILTERVIEW_H

#include <stdbool.h>

struct app;

/* & : opens the filter's prompt. */
unsigned filterview_prompt(struct app *app, long count);
/* Enter and Esc in it. */
unsigned filterview_accept(struct app *app);
unsigned filterview_cancel(struct app *app);

/* Whether the filter shown still scans, and a slice of that scan:
 * when it ends having found nothing, the filter is dropped with
 * "Pattern not found". */
bool filterview_busy(const struct app *app);
unsigned filterview_idle(struct app *app, long budget_us);

/* G: the end of what the filter shows, waiting for its scan when it is
 * not done (else growview_end). */
unsigned filterview_end(struct app *app);
/* Whether G waits, and what a key does then: stop waiting. */
bool filterview_waiting(const struct app *app);
unsigned filterview_stop(struct app *app);

/* The search found a match (app->finder's current one): when the
 * filter hides it, the search steps on to the next one and this returns
 * true, the match to be ignored; when every match is hidden, the search
 * ends with "Pattern not found in the lines shown". */
bool filterview_skip_hidden(struct app *app);

/* What the status line says of the filter: "&pattern  12 lines" (a "+"
 * while it scans), "" when none.  malloc'd, safe text. */
char *filterview_status(const struct app *app);

#endif
