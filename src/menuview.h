/* menuview.h - a list to choose from over the article pane: the outline's
 * headings, the links.  Plain view-model: rows of safe text, each with the
 * view offset it leads to, a selection kept in view; moves return whether
 * anything changed, and draw.c paints it.
 */
#ifndef FOLIO_MENUVIEW_H
#define FOLIO_MENUVIEW_H

#include <stdbool.h>
#include <stddef.h>

struct menuview {
	bool open;
	char *title;  /* owned; safe text */
	char **rows;  /* owned; n safe texts */
	size_t *dest; /* owned; the view offset of each row */
	size_t n, cap;
	size_t sel, top;
	int height; /* rows shown, the title row excluded */
};

/* Opens an empty menu titled title (copied); an open one is closed first. */
void menuview_open(struct menuview *m, const char *title);
/* Adds a row (text copied) leading to dest. */
void menuview_add(struct menuview *m, const char *text, size_t dest);
/* Frees the rows and closes the menu; m may be closed already. */
void menuview_close(struct menuview *m);

/* Selects the last row whose dest is at or before pos (the first row when
 * none is), so that an outline opens on the heading being read. */
void menuview_select_at(struct menuview *m, size_t pos);
void menuview_set_height(struct menuview *m, int height);
/* Moves the selection by n rows, clamped; returns whether it moved. */
bool menuview_move(struct menuview *m, long n);

#endif
