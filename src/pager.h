/* pager.h - the article pane's view-model: which article, where, how wide.
 *
 * The reading position is top, the raw byte offset where the first shown
 * display line starts; it survives resizes and re-wrapping because it is
 * never a row number.  Moving functions return whether anything changed.
 */
#ifndef FOLIO_PAGER_H
#define FOLIO_PAGER_H

#include <stdbool.h>
#include <stddef.h>

#include "article.h"
#include "layout.h"

struct doc;
struct doc_options;
struct filter;
struct layout;

/* Positions here (top, anchor, every pos argument) are offsets into the
 * document's view; pager_source_pos and pager_goto_source speak of the
 * source's bytes, which is what positions are remembered as. */
struct pager {
	struct doc *doc;         /* owned; NULL when nothing is shown */
	struct article *article; /* the doc's view: what is laid out */
	struct layout *layout;   /* owned; for text_cols columns */
	size_t top;              /* raw offset of the first shown line */
	size_t anchor;           /* the offset the reader went to (a line
	                            start, a mark, a match): a resize shows the
	                            line holding it, so resizes never drift;
	                            it is what positions and marks remember */
	int rows;                /* text rows */
	int text_cols;           /* wrapping width */
	size_t max_top;          /* cached: top that shows the last line last */
	bool max_top_known;
	size_t ln_pos, ln_num; /* a known source line start and its number */
	long total_lines;      /* source lines, or -1 when not counted */
	/* The line index of a huge article, counted between keys:
	 * lines_before[i] is the number of newlines before byte
	 * i * PAGER_INDEX_STEP, known for i < nindexed. */
	size_t *lines_before; /* owned; NULL when the article needs none */
	size_t nindexed;
	struct article_window count_window; /* the bytes being counted */
	bool warming;                       /* the line at the top may be a long one with more of
	                 it to lay out (layout_warm) */
	struct layout_options lopts;        /* how the layout joins, chops, hangs */
	int hscroll;                        /* columns chopped lines are scrolled left by */
	double words_per_byte;              /* of the article shown, -1: not counted */
	struct filter *filter;              /* owned: only the lines that match
	                                       show (filter.h), or NULL */
};

/* The most a chopped line is scrolled horizontally. */
#define PAGER_HSCROLL_MAX 100000
/* Bytes whose words are counted for the time left of an article bigger
 * than ARTICLE_READ_MAX (a smaller one has all its words counted): the
 * rest is taken to go on as it starts, so a huge one costs no more. */
#define PAGER_WORDS_SAMPLE (16u << 10)

/* Articles up to this size have their lines counted when opened; bigger
 * ones by pager_count_lines, a step at a time. */
#define PAGER_COUNT_AT_OPEN (16u << 20)
#define PAGER_INDEX_STEP (1u << 20)

void pager_init(struct pager *p);
/* Closes the document and frees the layout. */
void pager_clear(struct pager *p);

/* Shows d (taking ownership) with view offset pos in the first row. */
void pager_open_doc(struct pager *p, struct doc *d, size_t pos);
/* Shows a as plain text (taking ownership). */
void pager_open(struct pager *p, struct article *a, size_t pos);

/* Shows d (taking ownership) in place of the document shown, whose file
 * changed on disk or which is shown another way (rendered or raw): the old
 * one is freed, the reading position is kept by its source offset, and the
 * line count starts again. */
void pager_reload_doc(struct pager *p, struct doc *d);

/* The article shown grew (article_feed): what depended on its end (the
 * layout, the last top, the line count) is found again; the position
 * stays.  Lines are counted again once it is complete. */
void pager_grew(struct pager *p);
/* Makes the document shown again with o (another width; its source shown
 * raw or rendered), keeping the reading position by its source offset. */
void pager_remake(struct pager *p, const struct doc_options *o);

/* The source offset of the reading position (anchor), and going to the
 * view line that shows source offset src. */
size_t pager_source_pos(const struct pager *p);
bool pager_goto_source(struct pager *p, size_t src);

/* Sets the text area; keeps the text at the top where it was (a document
 * whose rendering depends on the width is rendered again).  Returns
 * whether anything changed. */
bool pager_resize(struct pager *p, int rows, int text_cols);

/* Scrolls by n display lines (negative: up), clamped so the last line
 * never rises above the last row. */
bool pager_scroll(struct pager *p, long n);
/* Puts the display line holding pos at the top (clamped as above). */
bool pager_goto(struct pager *p, size_t pos);
/* Goes to source line n (1-based), or the last one. */
bool pager_goto_line(struct pager *p, long n);
bool pager_goto_percent(struct pager *p, long percent);
bool pager_goto_end(struct pager *p);

/* Goes to the start of the next (dir > 0) or previous paragraph: the first
 * line after a run of blank lines. */
bool pager_paragraph(struct pager *p, int dir);
/* Whether raw offset pos is on the screen. */
bool pager_shows(struct pager *p, size_t pos);
/* Brings pos into view: unchanged when it shows already, else with its
 * line a quarter of the way down the screen. */
bool pager_reveal(struct pager *p, size_t pos);

/* The raw offset just past the last shown line. */
size_t pager_bottom(struct pager *p);
/* How far through the article the bottom of the screen is, 0 to 100. */
int pager_percent(struct pager *p);
/* The source line number (1-based) of the top line, or -1 when counting
 * it would cost too much (a huge article far from any known point, before
 * pager_count_lines has indexed that far). */
long pager_line(struct pager *p);

/* Whether the source line at the top may be a long one that is not laid
 * out to its end yet; every move sets it again. */
bool pager_warming(const struct pager *p);
/* Lays out more of that line for about budget_us microseconds (at least
 * one block; see layout_warm).  Returns whether more remains. */
bool pager_warm(struct pager *p, long budget_us);

/* Lays the article out again with options o (kept for the articles
 * opened after it), keeping the reading position; turning chop off
 * scrolls back to the left edge. */
bool pager_set_layout(struct pager *p, const struct layout_options *o);

/* Scrolls the chopped lines cols columns to the right (negative: left),
 * within 0 and PAGER_HSCROLL_MAX; false when chop is off or nothing moves.
 * Opening another article scrolls back to the left edge. */
bool pager_hscroll_by(struct pager *p, long cols);

/* Whether a chopped line shows on the screen, and in *right whether one
 * of them goes on past the right edge at the present scroll. */
bool pager_chopped_on_screen(struct pager *p, bool *right);

/* Minutes left to read below the screen at words_per_minute, rounded up:
 * the words of the article (or of its first PAGER_WORDS_SAMPLE bytes
 * when it is big, counted once) in proportion to the bytes below the screen; -1 when
 * nothing is shown. */
long pager_minutes_left(struct pager *p, int words_per_minute);

/* Shows only the lines f matches (taking it; NULL: every line again).
 * The text at the top stays there: turning a filter on shows the first
 * matching line at or after it, turning it off shows the top line where
 * it was.  The filter stays when another article is shown (it is
 * started again over it, as less keeps its "&"), until it is turned off
 * or pager_clear drops it. */
void pager_set_filter(struct pager *p, struct filter *f);

/* The rows shown, through the filter when there is one: the row holding
 * pos (else the nearest shown one; false when none shows), and the one
 * after cur. */
bool pager_line_at(struct pager *p, size_t pos, struct dline *out);
bool pager_next(struct pager *p, const struct dline *cur, struct dline *out);

/* Whether a huge article's lines are still to be counted. */
bool pager_counting(const struct pager *p);
/* Counts more of them, for about budget_us microseconds (at least one
 * step), reading through an article window so the mapping stays small.
 * Returns true when this call finished the count: total_lines is known. */
bool pager_count_lines(struct pager *p, long budget_us);

#endif
