/* rematch.h - regular expressions for the search engine, through PCRE2.
 *
 * A pattern is Perl's syntax as PCRE2 reads it, in UTF mode with Unicode
 * properties (\w, \d, \b and [[:alpha:]] know every script, \p{Cyrillic}
 * works).  Matching follows the literal engine's rules where it can:
 *   - a match never spans a '\n': ^ and $ are the ends of each line, and
 *     a match that would run past the end of its line is looked for again
 *     within the line;
 *   - an empty match is none (so "^" or "x*" alone find nothing);
 *   - invalid UTF-8 in the text matches nothing but never stops a search.
 * What differs: case is folded as PCRE2 does (each character to its
 * simple folding: "strasse" does not find "straße"), and the text is
 * matched as it is, not normalised (a composed "é" and "e" + U+0301 are
 * different).  Accents are never ignored.
 *
 * Before PCRE2, a search looks for literal strings every match must
 * hold (one for each alternative at the top of the pattern: "kreml" in
 * "kreml[a-z]n"), and gives PCRE2 only the places they allow: where a
 * match would start, when the strings sit at a fixed number of
 * characters into every alternative, else the lines that hold one.  A
 * pattern with no such strings (or constructs the reading of them does
 * not know) goes to PCRE2 whole.  The matches are the same either way.
 *
 * A pattern that would take too long on a line (catastrophic
 * backtracking) is stopped by PCRE2's match and depth limits: that line
 * is passed over and counted, and the search goes on.  A find can also be
 * given a time budget (rematch_set_budget).
 *
 * A compiled pattern owns its match data: one pattern must not be used by
 * two threads at once.
 */
#ifndef FOLIO_REMATCH_H
#define FOLIO_REMATCH_H

#include <stdbool.h>
#include <stddef.h>

struct rematch;

/* Compiles pat[0..len).  Returns NULL with *err (malloc'd: "missing
 * closing parenthesis at 5", the position counted in characters from 1)
 * when the pattern is not valid or PCRE2 cannot be loaded. */
struct rematch *rematch_compile(const char *pat, size_t len, bool icase, char **err);
void rematch_free(struct rematch *re);

/* The first match that starts in text[from..limit) of text[0..len), as
 * search_find (search.h) finds one.  from must be a character boundary. */
bool rematch_find(struct rematch *re, const char *text, size_t len, size_t from, size_t limit,
    size_t *start, size_t *end);

/* With a budget (microseconds; 0, the default: none), one rematch_find
 * stops looking once it has spent that long, at the start of a line,
 * having looked at one line or chunk at least: it returns false, with
 * rematch_stopped true and *start = *end where to go on.  So a pattern
 * that is slow on every line (under the limits) still leaves a search
 * done in slices free to answer a key between them. */
void rematch_set_budget(struct rematch *re, long us);
bool rematch_stopped(const struct rematch *re);

/* How many lines were passed over because of the match limits. */
size_t rematch_skipped(const struct rematch *re);

/* For the tests and fuzzers: the number of literal strings the search
 * looks for (0: none), with *anchored whether they say where a match
 * starts; and forgetting them, so that the search goes to PCRE2 whole
 * and can be compared with the search that uses them. */
size_t rematch_literals(const struct rematch *re, bool *anchored);
void rematch_drop_literals(struct rematch *re);

/* Whether pat[0..len) has an upper-case letter that is not part of an
 * escape (\S, \W, \p{Lu} ...): what smart case looks at. */
bool rematch_has_upper(const char *pat, size_t len);

#endif
