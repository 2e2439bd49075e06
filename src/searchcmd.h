/* searchcmd.h - the search's mode: literal text or a regular expression.
 *
 * The mode is app->opt.search.regex: the search.regex setting says where
 * it starts, C-r in the prompt (toggle-regex) switches it, and it stays
 * as it was left for the searches that follow, n and N included, and
 * for the filter (filterview.h), whose prompt it switches too.  Each
 * handler has the shape of those of app.c, which lists them in its table.
 */
#ifndef FOLIO_SEARCHCMD_H
#define FOLIO_SEARCHCMD_H

struct app;
struct search_pattern;

/* Switches the mode and searches again for what the prompt holds. */
unsigned searchcmd_toggle_regex(struct app *app, long count);

/* What the prompt line starts with for a search: "/" or "?" ("&" for a
 * filter), after "Regex " in regex mode.  Static storage. */
const char *searchcmd_lead(const struct app *app);

/* Why the pattern the prompt has searched for so far (the article's or
 * the collection's) cannot be used, "regex: missing closing parenthesis
 * at 7", or NULL.  Owned by the pattern. */
const char *searchcmd_error(const struct app *app);

/* A search with pat (may be NULL) found nothing: says so on the prompt
 * line, or says why pat is not a valid regular expression. */
void searchcmd_not_found(struct app *app, const struct search_pattern *pat);

#endif
