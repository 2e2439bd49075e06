/* snippet.h - where a search hit an article: the text around the hit.
 *
 * A snippet is the line that holds a match, cut to a few dozen
 * characters on each side of it, made safe text (article_safe_line: no
 * byte of it can act on a terminal) with the match's place in it; the
 * list shows it under the article's row, cut to the pane's width so that
 * the match shows, at grapheme boundaries only.
 */
#ifndef FOLIO_SNIPPET_H
#define FOLIO_SNIPPET_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes of context kept on each side of a match, before it is made safe. */
#define SNIPPET_CONTEXT 160
/* Bytes of a match kept (a longer one is cut). */
#define SNIPPET_MATCH 160

struct snippet {
	char *text;          /* owned: safe text, one line, no blank at its ends */
	size_t mstart, mend; /* the match: text[mstart..mend) */
};

/* The snippet of the match [ms, me) of buf[0..len) (any bytes; the
 * line's end is a '\n', or the end of buf): the line around it, at most
 * SNIPPET_CONTEXT bytes on each side, the cut ends dropped to whole
 * grapheme clusters, runs of blanks shown as one space.  ms <= me <= len.
 * Free with snippet_free (NULL is fine). */
struct snippet *snippet_make(const char *buf, size_t len, size_t ms, size_t me);
void snippet_free(struct snippet *s);

/* What of s shows in cols columns: text[*from..*to), whole grapheme
 * clusters, starting early enough that the match starts within the first
 * third of the columns when the line is too long to show whole (or
 * earlier, when what follows the match fits).
 * *cut_left and *cut_right say that text was left out there: one column
 * of the cols is then kept for a mark of it (an ellipsis; on the right
 * only when a column of text is left beside it).  cols < 1 shows
 * nothing. */
void snippet_fit(
    const struct snippet *s, int cols, size_t *from, size_t *to, bool *cut_left, bool *cut_right);

#endif
