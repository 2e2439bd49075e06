/* dump.h - the non-interactive modes: --list, --dump and --search.
 *
 * They use the same library, layout and search engine as the reader, and
 * write only sanitized text: no byte they print can act on a terminal.
 */
#ifndef FOLIO_DUMP_H
#define FOLIO_DUMP_H

#include <stdio.h>

struct library;
struct search_pattern;

/* One line per article: "path<TAB>title", the title its own title when
 * it has one (library_title).  Returns 0. */
int dump_list(struct library *lib, FILE *out);

/* The info of each article (info_print), articles separated by an empty
 * line.  Returns 0, or 2 when an article could not be read (after a
 * message on err). */
int dump_info(struct library *lib, FILE *out, FILE *err);

/* Every article laid out for width columns, as the article pane shows it,
 * articles separated by one empty line.  Returns 0, or 2 when an article
 * could not be read (after a message on err). */
int dump_articles(struct library *lib, int width, FILE *out, FILE *err);

/* Writes the article's display lines for width columns to out. */
struct article;
void dump_article(const struct article *a, int width, FILE *out);

/* grep-like "path:line:text" for each source line with a match, or with
 * count set "path:N" for each article with N > 0 matches.  Returns 0 when
 * something matched, 1 when nothing did, 2 on a read error. */
int dump_search(
    struct library *lib, const struct search_pattern *pat, int count, FILE *out, FILE *err);

#endif
