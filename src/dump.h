/* dump.h - the non-interactive modes: --list, --dump and --search.
 *
 * They use the same library, layout and search engine as the reader, and
 * write only sanitized text: no byte they print can act on a terminal.
 */
#ifndef FOLIO_DUMP_H
#define FOLIO_DUMP_H

#include <stddef.h>
#include <stdio.h>

struct index;
struct library;
struct search_pattern;

/* One line per article: "path<TAB>title", the title its own title when
 * it has one (library_title), for the n entries order[0..n) (the list's
 * order: sortview_list), or every entry as scanned when order is NULL.
 * Returns 0. */
int dump_list(struct library *lib, const size_t *order, size_t n, FILE *out);

/* The info of each article (info_print, its minutes at per_minute words a
 * minute: info_minutes), articles separated by an empty
 * line.  Returns 0, or 2 when an article could not be read (after a
 * message on err). */
int dump_info(struct library *lib, int per_minute, FILE *out, FILE *err);

/* Each article is read as a document made with o (o->raw: its source
 * text, o->format: in that format), as the reader shows it.  The modes
 * return 0, or 2 when an article could not be read (after a message on
 * err), having done the others. */
struct doc;
struct doc_options;

/* Every article laid out for o->width columns, as the article pane shows
 * it, articles separated by one empty line; a rendered document's links
 * follow it as a numbered list under "References". */
int dump_articles(struct library *lib, const struct doc_options *o, FILE *out, FILE *err);

/* As dump_articles, but only the display lines of the lines (in a
 * document the paragraphs and list items) that pat matches (filter.h),
 * and no references; an article with none prints nothing.  Returns 0
 * when something matched, 1 when nothing did, 2 on a read error. */
int dump_filtered(struct library *lib, const struct doc_options *o, struct search_pattern *pat,
    FILE *out, FILE *err);

/* Writes the document's display lines for width columns to out, laid
 * out with the layout options it was made with; a chopped line whole. */
void dump_doc(struct doc *d, int width, FILE *out);

/* "path<TAB>level<TAB>line<TAB>heading" for each heading (the line is a
 * line of the shown text before it is wrapped, from 1, as dump_search
 * numbers them). */
int dump_outline(struct library *lib, const struct doc_options *o, FILE *out, FILE *err);

/* "path<TAB>N<TAB>target<TAB>text" for each link, numbered from 1. */
int dump_links(struct library *lib, const struct doc_options *o, FILE *out, FILE *err);

/* What dump_search prints of each article with a match. */
enum dump_output {
	DUMP_LINES, /* "path:line:text" for each line of the shown text with one */
	DUMP_COUNT, /* "path:N", N its matches */
	DUMP_FILES, /* "path" */
};

/* grep-like output, as what says, of every article with a match; with
 * max_lines (SIZE_MAX: no limit), an article is searched only up to its
 * max_lines-th matching line (DUMP_COUNT: the matches up to there).
 * With an index (NULL: none) that answered the pattern (index_query),
 * only the articles it says may match are read; those it wants are
 * given to it as they are read.
 * Returns 0 when something matched, 1 when nothing did, 2 on a read
 * error. */
int dump_search(struct library *lib, const struct doc_options *o, const struct search_pattern *pat,
    enum dump_output what, size_t max_lines, struct index *ix, FILE *out, FILE *err);

#endif
