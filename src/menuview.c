#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "menuview.h"
#include "xmalloc.h"

void
menuview_close(struct menuview *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->rows[i]);
	free(m->rows);
	free(m->dest);
	free(m->title);
	memset(m, 0, sizeof *m);
}

void
menuview_open(struct menuview *m, const char *title)
{
	int height = m->height;

	menuview_close(m);
	m->open = true;
	m->title = xstrdup(title);
	m->height = height > 0 ? height : 1;
}

void
menuview_add(struct menuview *m, const char *text, size_t dest)
{
	size_t cap = m->cap;

	xgrow((void **)&m->rows, &cap, m->n + 1, sizeof *m->rows);
	xgrow((void **)&m->dest, &m->cap, m->n + 1, sizeof *m->dest);
	m->rows[m->n] = xstrdup(text);
	m->dest[m->n++] = dest;
}

/* Scrolls so that the selection shows. */
static void
keep_in_view(struct menuview *m)
{
	size_t h = (size_t)m->height;

	if (m->sel < m->top)
		m->top = m->sel;
	else if (m->sel >= m->top + h)
		m->top = m->sel - h + 1;
	if (m->n > h && m->top > m->n - h)
		m->top = m->n - h;
}

void
menuview_set_height(struct menuview *m, int height)
{
	m->height = height > 0 ? height : 1;
	keep_in_view(m);
}

void
menuview_select_at(struct menuview *m, size_t pos)
{
	size_t i = 0;

	while (i + 1 < m->n && m->dest[i + 1] <= pos)
		i++;
	m->sel = i;
	keep_in_view(m);
}

bool
menuview_move(struct menuview *m, long n)
{
	size_t was = m->sel;

	if (m->n == 0)
		return false;
	if (n < 0)
		m->sel = (size_t)-n > m->sel ? 0 : m->sel - (size_t)-n;
	else
		m->sel = (size_t)n >= m->n - m->sel ? m->n - 1 : m->sel + (size_t)n;
	keep_in_view(m);
	return m->sel != was;
}
