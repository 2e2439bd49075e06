/* search.h - the search engine: Unicode-true matching over raw article bytes.
 *
 * Semantics: the pattern and the text are compared as sequences of code
 * points in canonical decomposition (NFD, with canonical reordering of
 * combining marks), after full Unicode case folding when the search ignores
 * case, so "straße" finds "STRASSE", "чечня" finds "ЧЕЧНЯ", and a composed
 * "café" finds "cafe" + U+0301.  A match never ends in the middle of a
 * character's decomposition or before a combining mark that the pattern
 * does not include ("cafe" does not find "café"), unless accents are
 * ignored, in which case combining marks are dropped from both sides
 * ("cafe" finds "café").  Invalid UTF-8 compares as U+FFFD.  A pattern
 * never matches across a '\n'.
 *
 * Matches are reported as raw byte ranges [start, end) of the text, on
 * character boundaries, so the pager can highlight them.
 *
 * A compiled pattern caches folding tables (and a regular expression its
 * match data) as it searches, through its const pointer, so one pattern
 * must not be used by two threads at once.
 */
#ifndef FOLIO_SEARCH_H
#define FOLIO_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum search_case {
	SEARCH_SMART, /* ignore case unless the pattern has an uppercase letter */
	SEARCH_IGNORE,
	SEARCH_SENSITIVE,
};

struct search_options {
	enum search_case case_mode;
	bool ignore_accents; /* literal patterns only */
	bool regex;          /* the pattern is a regular expression (rematch.h) */
};

/* Compiles pat[0..len) (any bytes).  Never fails; an empty pattern (or one
 * that folds to nothing) matches nothing, and so does a regular expression
 * that is not valid (search_error says why).  Free with search_free.
 *
 * With opts->regex the pattern is a regular expression, matched as
 * rematch.h says (PCRE2's syntax and case folding, one line at a time,
 * no normalisation); smart case looks at its letters outside escapes.
 * Everything below works the same for both kinds. */
struct search_pattern *search_compile(
    const char *pat, size_t len, const struct search_options *opts);
void search_free(struct search_pattern *p);

/* True when the compiled pattern can match nothing (it is empty). */
bool search_is_empty(const struct search_pattern *p);
/* True when this pattern ignores case (after smart-case was decided). */
bool search_ignores_case(const struct search_pattern *p);
/* True for a regular expression, valid or not. */
bool search_is_regex(const struct search_pattern *p);
/* Why a regular expression is not valid ("missing closing parenthesis
 * at 6"), or NULL.  Owned by p. */
const char *search_error(const struct search_pattern *p);
/* Lines a regular expression passed over, over its match limits. */
size_t search_skipped(const struct search_pattern *p);
/* A regular expression can be slow on every line without reaching its
 * limits.  With a budget (microseconds; 0, the default: none), one
 * search_find of it stops after about that long, at the start of a line
 * past from: it returns false, search_stopped is true, and *start (= *end)
 * says where to go on.  Literal patterns never stop. */
void search_set_budget(struct search_pattern *p, long us);
bool search_stopped(const struct search_pattern *p);

/* For the tests and fuzzers.  Of a regular expression (rematch.h): the
 * number of literal strings its search looks for first (*anchored: they
 * say where matches start); 0 for a literal pattern.  search_plain
 * makes a search do without its shortcuts (a regular expression's
 * literals; a literal pattern's skipping to its first ASCII bytes, or
 * pairs of them), so the two searches can be compared. */
size_t search_literals(const struct search_pattern *p, bool *anchored);
void search_plain(struct search_pattern *p);

/* Finds the first match in text[0..len) that starts at or after from and
 * before limit (limit may be len; a match may extend past limit, so a long
 * text can be searched in slices without losing matches on the seams).
 * from must be a character boundary (0, or the end of an earlier match or
 * line).  Returns true and the raw range in *start, *end. */
bool search_find(const struct search_pattern *p, const char *text, size_t len, size_t from,
    size_t limit, size_t *start, size_t *end);

/* Number of non-overlapping matches in text[0..len). */
size_t search_count(const struct search_pattern *p, const char *text, size_t len);

/* For the tests: the number of code points in [from, to) whose units, as
 * the quick path of the tables gives them, differ from what a full
 * decomposition and folding computes, under the options icase, noaccents. */
size_t search_fold_mismatches(bool icase, bool noaccents, uint32_t from, uint32_t to);

#endif
