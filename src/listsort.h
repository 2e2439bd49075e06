/* listsort.h - the orders of the source list, declared once.
 *
 * LIST_SORTS lists each order with its configuration name (list_sort,
 * --sort, the reading state) and the words the status line says of it.
 * The list and --list both take their order from listsort_order, so the
 * reader and the script modes always agree.  Every order keeps the
 * folders together, in the order the scan found them, and sorts the
 * articles within each folder; ties go to the natural order of the
 * paths, so each order is total and the same on every run.
 */
#ifndef FOLIO_LISTSORT_H
#define FOLIO_LISTSORT_H

#include <stdbool.h>
#include <stddef.h>

struct library;

#define LIST_SORTS(X) \
	X(NAME, "name", "by name") \
	X(TITLE, "title", "by title") \
	X(DATE, "date", "newest first") \
	X(SIZE, "size", "largest first") \
	X(UNREAD, "unread", "unread first")

enum list_sort {
#define LIST_SORT_ENUM(id, name, says) LIST_SORT_##id,
	LIST_SORTS(LIST_SORT_ENUM)
#undef LIST_SORT_ENUM
	    LIST_SORT_COUNT
};

/* The names, indexed by enum list_sort, a NULL after the last. */
extern const char *const listsort_names[LIST_SORT_COUNT + 1];

/* The order named name, or -1. */
int listsort_lookup(const char *name);
/* What the status line says of order s ("by title"). */
const char *listsort_says(enum list_sort s);

/* Compares entries a and b of lib (of one folder) in order s: name is
 * the natural order of the scan, title ignores case (Unicode's folding),
 * date puts the newest first, size the largest, unread the unread ones
 * (read[e]: entry e has been read; only LIST_SORT_UNREAD looks at it, and
 * read may be NULL for the others).  Ties go to the natural order.
 * Negative, 0 (a == b only) or positive. */
int listsort_cmp(const struct library *lib, enum list_sort s, const bool *read, size_t a, size_t b);

/* Fills order[0..lib->n) with the entries of lib in order s. */
void listsort_order(const struct library *lib, enum list_sort s, const bool *read, size_t *order);

#endif
