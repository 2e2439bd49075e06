#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "article.h"
#include "draw.h"
#include "layout.h"
#include "library.h"
#include "text.h"
#include "theme.h"
#include "xmalloc.h"

/* Glyphs with their ASCII stand-ins for terminals that are not UTF-8. */
enum glyph { G_SELECTED, G_OPEN, G_FOLDED, G_ELLIPSIS, G_UNREAD, G_COUNT };
static const char *const glyphs[2][G_COUNT] = {
	{ "\xE2\x96\xB8", "\xE2\x96\xBE", "\xE2\x96\xB8", "\xE2\x80\xA6", "\xE2\x80\xA2" },
	{ ">", "v", ">", "~", "*" },
};

static bool ascii;

void
draw_init(bool utf8)
{
	ascii = !utf8;
}

static const char *
glyph(enum glyph g)
{
	return glyphs[ascii][g];
}

/* Adds safe text, at most cols columns of it; in ASCII mode every other
 * character becomes one '?' per column so the layout still lines up.
 * Returns the columns written. */
static int
put(const char *s, size_t n, int cols, unsigned long attr)
{
	int used = 0;
	size_t fit;

	if (cols <= 0)
		return 0;
	attrset(attr);
	fit = text_fit(s, n, cols, &used);
	if (!ascii) {
		addnstr(s, (int)fit);
		return used;
	}
	for (size_t i = 0; i < fit;) {
		uint32_t cp;
		size_t k = text_decode(s + i, fit - i, &cp);
		int w = text_cp_width(cp);

		if (cp < 0x80)
			addch((chtype)cp);
		else
			for (int j = 0; j < w; j++)
				addch('?');
		i += k;
	}
	return used;
}

static void
pad(int cols, unsigned long attr)
{
	attrset(attr);
	for (int i = 0; i < cols; i++)
		addch(' ');
}

/* Adds text cut to cols columns, with an ellipsis where it was cut. */
static int
put_cut(const char *s, int cols, unsigned long attr)
{
	size_t n = strlen(s);
	int w = text_width(s, n), used;

	if (w <= cols)
		return put(s, n, cols, attr);
	used = put(s, n, cols - 1, attr);
	return used + put(glyph(G_ELLIPSIS), strlen(glyph(G_ELLIPSIS)), 1, attr);
}

static void
draw_list(struct app *app)
{
	const struct panes *p = &app->panes;
	const struct listview *lv = &app->list;
	bool focused = app->focus == FOCUS_LIST;

	for (int y = 0; y < p->body_rows; y++) {
		size_t r = lv->top + (size_t)y;
		int used = 0;
		unsigned long base;

		move(y, p->list_x);
		if (r >= lv->nrows) {
			pad(p->list_w, theme_attr(ROLE_TEXT));
			continue;
		}
		base = r == lv->sel ? theme_attr(focused ? ROLE_SELECTED : ROLE_SELECTED_DIM) : 0;
		used += put(r == lv->sel ? glyph(G_SELECTED) : " ",
		    r == lv->sel ? strlen(glyph(G_SELECTED)) : 1, p->list_w - used,
		    base | theme_attr(ROLE_TEXT));
		used += put(" ", 1, p->list_w - used, base | theme_attr(ROLE_TEXT));
		if (lv->rows[r].kind == ROW_GROUP) {
			const char *g = listview_group_name(lv, r);
			char *safe = article_safe_line(g, strlen(g));
			char *label = xasprintf("%s %s/ (%zu)",
			    glyph(lv->folded[lv->rows[r].group] ? G_FOLDED : G_OPEN), safe,
			    listview_group_size(lv, r));

			used += put_cut(label, p->list_w - used, base | theme_attr(ROLE_GROUP));
			free(label);
			free(safe);
		} else {
			const struct entry *e = &app->lib->entries[lv->rows[r].entry];
			bool unread = !lv->read[lv->rows[r].entry];

			if (e->group[0] != '\0')
				used += put("  ", 2, p->list_w - used, base);
			used += put_cut(e->title, p->list_w - used,
			    base | theme_attr(unread ? ROLE_UNREAD : ROLE_TEXT));
		}
		pad(p->list_w - used, base | theme_attr(ROLE_TEXT));
	}
}

/* Draws a pager's lines into the rectangle at (0, x) of width w. */
static void
draw_pager(struct pager *pg, int x, int w, int text_x, int rows)
{
	struct dline cur, next;
	bool have = pg->article != NULL;

	if (have)
		layout_line_at(pg->layout, pg->top, &cur);
	for (int y = 0; y < rows; y++) {
		move(y, x);
		attrset(theme_attr(ROLE_TEXT));
		if (x + w >= COLS)
			clrtoeol();
		else
			pad(w, theme_attr(ROLE_TEXT));
		if (!have)
			continue;
		move(y, text_x);
		put(cur.text, cur.len, x + w - text_x,
		    theme_attr((cur.flags & DLINE_TITLE) ? ROLE_TITLE : ROLE_TEXT));
		have = layout_next(pg->layout, &cur, &next);
		cur = next;
	}
}

static void
draw_separator(const struct app *app)
{
	const struct panes *p = &app->panes;

	cchar_t line;

	attrset(theme_attr(ROLE_SEPARATOR));
	if (ascii) {
		mvvline(0, p->sep_x, '|', p->body_rows);
		return;
	}
	/* U+2502 itself rather than ACS_VLINE, which needs a charset switch
	 * that some terminals and multiplexers get wrong. */
	setcchar(&line, L"\u2502", A_NORMAL, 0, NULL);
	mvvline_set(0, p->sep_x, &line, p->body_rows);
}

static void
draw_status(struct app *app)
{
	const struct panes *p = &app->panes;
	unsigned long attr = theme_attr(ROLE_STATUS);
	char *left, *right;
	int rw, used;

	if (app->help) {
		left = xstrdup(" Help");
		right = xasprintf("%d%% ", pager_percent(&app->help_pager));
	} else if (app->current >= 0) {
		long line = pager_line(&app->pager);
		struct pager *pg = &app->pager;

		left = xasprintf(" %ld/%zu  %s", app->current + 1, app->lib->n,
		    app->lib->entries[app->current].title);
		if (line > 0 && pg->total_lines >= 0)
			right = xasprintf("  %ld/%ld  %3d%% ", line, pg->total_lines, pager_percent(pg));
		else if (line > 0)
			right = xasprintf("  %ld  %3d%% ", line, pager_percent(pg));
		else
			right = xasprintf("  %3d%% ", pager_percent(pg));
	} else {
		left = xstrdup(" no article");
		right = xstrdup("");
	}
	rw = text_width(right, strlen(right));
	move(p->status_y, 0);
	used = put_cut(left, p->cols - rw > 0 ? p->cols - rw : p->cols, attr);
	if (rw <= p->cols - used) {
		pad(p->cols - used - rw, attr);
		put(right, strlen(right), rw, attr);
	} else {
		pad(p->cols - used, attr);
	}
	free(left);
	free(right);
}

static void
draw_prompt(struct app *app)
{
	const struct panes *p = &app->panes;

	move(p->prompt_y, 0);
	attrset(A_NORMAL);
	clrtoeol();
	if (app->message != NULL) {
		char *safe = article_safe_line(app->message, strlen(app->message));

		put_cut(safe, p->cols, theme_attr(app->message_is_error ? ROLE_ERROR : ROLE_MESSAGE));
		free(safe);
	} else if (app->count >= 0) {
		char buf[32];

		snprintf(buf, sizeof buf, "%ld", app->count);
		put(buf, strlen(buf), p->cols, theme_attr(ROLE_MESSAGE));
	}
}

static void
draw_too_small(const struct app *app)
{
	static const char notice[] = "Terminal too small";

	erase();
	move(0, 0);
	put(notice, sizeof notice - 1, app->panes.cols, A_BOLD);
}

void
draw(struct app *app, unsigned dirty)
{
	const struct panes *p = &app->panes;

	if (p->too_small) {
		draw_too_small(app);
		wnoutrefresh(stdscr);
		return;
	}
	if (dirty & DIRTY_ALL)
		erase();
	if (app->help) {
		if (dirty & (DIRTY_ALL | DIRTY_ARTICLE | DIRTY_LIST))
			draw_pager(&app->help_pager, 0, p->cols, 0, p->body_rows);
	} else {
		if (p->list && (dirty & (DIRTY_ALL | DIRTY_LIST)))
			draw_list(app);
		if (p->sep_x >= 0 && (dirty & DIRTY_ALL))
			draw_separator(app);
		if (p->article && (dirty & (DIRTY_ALL | DIRTY_ARTICLE)))
			draw_pager(&app->pager, p->art_x, p->art_w, p->text_x, p->body_rows);
	}
	if (dirty & (DIRTY_ALL | DIRTY_STATUS | DIRTY_ARTICLE | DIRTY_LIST)) {
		draw_status(app);
		draw_prompt(app);
	}
	attrset(A_NORMAL);
	move(p->prompt_y, 0);
	wnoutrefresh(stdscr);
}
