/* scan.h - searching the whole collection, in bounded slices.
 *
 * A scan counts the matches of a pattern in every article of a library,
 * one slice at a time so that typing stays responsive on 10,000 articles:
 * the caller runs scan_work between keys while scan_busy says so, and
 * reads hits[] as it fills in.  Starting a new scan cancels the old one.
 */
#ifndef FOLIO_SCAN_H
#define FOLIO_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "article.h"
#include "doc.h"

struct index;
struct library;
struct search_options;
struct search_pattern;
struct snippet;

struct scan {
	struct search_pattern *pat; /* owned; NULL when no scan */
	size_t *hits;               /* owned: matches per entry in its file, n */
	size_t *listed;             /* owned: hits plus the matches in the
	                               entry's own title: what the list shows */
	bool *in_title;             /* owned: the title the entry shows matches */
	struct snippet **snippets;  /* owned: the text around each entry's first
	                               match in its file (snippet.h), NULL none */
	size_t n;
	size_t next;               /* entry being scanned */
	size_t matched;            /* entries with listed > 0 */
	struct doc *open;          /* owned: the entry being scanned, as shown */
	struct doc_options opts;   /* how entries are shown */
	size_t pos;                /* how far into it */
	struct article_window win; /* its bytes being searched */
	/* Kept from one scan to the next (scan_clear leaves them): */
	struct index *index; /* owned: the collection's index, or NULL */
	bool index_tried;    /* whether it was opened (or failed to be) */
	bool index_adds;     /* the files read are indexed (index_keeps_up) */
};

void scan_init(struct scan *s);
/* Ends the scan; the index stays open for the next. */
void scan_clear(struct scan *s);
/* Ends the scan and closes the index. */
void scan_free(struct scan *s);
/* Starts counting pat (ownership taken) in every entry of lib, in the
 * text the reader shows of each (its document made with o, or as plain
 * text when o is NULL): in its file (hits, which n and N walk through)
 * and in its own title too, if it has one (listed, which the list shows;
 * library.h).  Each entry's first match in its file leaves its snippet,
 * and in_title says whether the title it shows matches. */
void scan_start(struct scan *s, const struct library *lib, struct search_pattern *pat,
    const struct doc_options *o);
/* Starts as scan_start does, the pattern's text[0..) compiled with so as
 * pat, and uses the collection's index (index.h), opened on first use and
 * synced with lib at each start: the entries it rules out are not read
 * (their own titles are still counted), and those it wants are given to
 * it as they are read, so that the first scan builds it. */
void scan_start_indexed(struct scan *s, const struct library *lib, const char *text,
    const struct search_options *so, struct search_pattern *pat, const struct doc_options *o);
/* Does about budget_us microseconds of work; returns whether an entry got
 * its first match (the filtered list changes). */
bool scan_work(struct scan *s, const struct library *lib, long budget_us);
bool scan_busy(const struct scan *s);

#endif
