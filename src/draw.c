#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <unigbrk.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "article.h"
#include "draw.h"
#include "growview.h"
#include "layout.h"
#include "library.h"
#include "search.h"
#include "searchcmd.h"
#include "text.h"
#include "theme.h"
#include "xmalloc.h"

/* Glyphs with their ASCII stand-ins for terminals that are not UTF-8. */
enum glyph { G_SELECTED, G_OPEN, G_FOLDED, G_ELLIPSIS, G_UNREAD, G_COUNT };
static const char *const glyphs[2][G_COUNT] = {
	{ "\xE2\x96\xB8", "\xE2\x96\xBE", "\xE2\x96\xB9", "\xE2\x80\xA6", "\xE2\x80\xA2" },
	{ ">", "v", "+", "~", "*" },
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
			bool unread = !app_is_read(app, lv->rows[r].entry);
			char *row = listview_row_text(lv, lv->rows[r].entry, unread);

			char hits[32] = "";
			int hw = 0;

			if (lv->filter != NULL) {
				snprintf(hits, sizeof hits, " %zu", lv->filter[lv->rows[r].entry]);
				hw = (int)strlen(hits);
				if (hw > p->list_w - used - 4)
					hw = 0;
			}
			if (e->group[0] != '\0')
				used += put("  ", 2, p->list_w - used, base);
			used += put_cut(row, p->list_w - used - hw,
			    base | theme_attr(unread ? ROLE_UNREAD : ROLE_TEXT));
			free(row);
			if (hw > 0) {
				pad(p->list_w - used - hw, base | theme_attr(ROLE_TEXT));
				used = p->list_w - hw;
				used += put(hits, (size_t)hw, hw, base | theme_attr(ROLE_MATCH));
			}
		}
		pad(p->list_w - used, base | theme_attr(ROLE_TEXT));
	}
}

/* Matches to highlight on one screen. */
struct marks {
	size_t *start, *end; /* owned, n of each */
	size_t n, cap, cap2;
	bool have_cur;
	size_t cur_start, cur_end;
};

/* Finds the matches of pat that touch the raw range [from, to). */
static void
find_visible(struct marks *m, const struct search_pattern *pat, const struct article *a,
    size_t from, size_t to)
{
	size_t p = from, s, e;

	m->n = 0;
	/* A match that begins above the screen may still end on it. */
	{
		const char *nl = from > 0 ? memrchr(a->data, '\n', from) : NULL;

		p = nl != NULL ? (size_t)(nl - a->data) + 1 : 0;
	}
	while (p < to && search_find(pat, a->data, a->size, p, to, &s, &e)) {
		if (e > from) {
			xgrow((void **)&m->start, &m->cap, m->n + 1, sizeof *m->start);
			xgrow((void **)&m->end, &m->cap2, m->n + 1, sizeof *m->end);
			m->start[m->n] = s;
			m->end[m->n++] = e;
		}
		p = e > s ? e : s + 1;
		while (p < a->size && ((unsigned char)a->data[p] & 0xC0) == 0x80)
			p++;
	}
}

static enum role
role_at(const struct marks *m, size_t raw, enum role normal)
{
	size_t lo = 0, hi;

	if (m == NULL)
		return normal;
	if (m->have_cur && raw >= m->cur_start && raw < m->cur_end)
		return ROLE_CURRENT_MATCH;
	/* Matches are in order and apart: the last one starting at or before
	 * raw is the only one that can hold it. */
	hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->start[mid] <= raw)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0 && raw < m->end[lo - 1])
		return ROLE_MATCH;
	return normal;
}

/* The role of byte i of d: a match's, else the document's, else normal. */
static enum role
byte_role(const struct dline *d, size_t i, const struct marks *m, enum role normal)
{
	enum role r =
	    d->roles != NULL && d->roles[i] != ROLE_TEXT ? (enum role)d->roles[i] : normal;

	return d->map != NULL ? role_at(m, d->base + d->map[i], r) : r;
}

/* Draws one display line: its lead, then its text in the roles of its
 * bytes, matches highlighted. */
static void
draw_line(const struct dline *d, int cols, const struct marks *m)
{
	enum role normal = (d->flags & DLINE_TITLE) ? ROLE_TITLE : ROLE_TEXT;
	const uint8_t *s = (const uint8_t *)d->text, *end = s + d->len, *run = s;
	enum role run_role;

	if (d->lead != NULL)
		cols -= put(d->lead, d->lead_len, cols, theme_attr(ROLE_QUOTE));
	if ((m == NULL || m->n == 0 || d->map == NULL) && d->roles == NULL) {
		put(d->text, d->len, cols, theme_attr(normal));
		return;
	}
	if (m != NULL && m->n == 0)
		m = NULL;
	run_role = d->len > 0 ? byte_role(d, 0, m, normal) : normal;
	while (run < end && cols > 0) {
		const uint8_t *p = run;
		enum role r = run_role;

		while (p < end) {
			const uint8_t *q = u8_grapheme_next(p, end);

			if (q < end) {
				enum role next = byte_role(d, (size_t)(q - s), m, normal);

				if (next != r) {
					run_role = next;
					p = q;
					break;
				}
			}
			p = q;
		}
		cols -= put((const char *)run, (size_t)(p - run), cols,
		    theme_attr(r) | (r != normal && normal == ROLE_TITLE ? A_BOLD : 0));
		run = p;
	}
}

/* Draws a pager's lines into the rectangle at (0, x) of width w, with the
 * matches of the finder's pattern, if any, highlighted. */
static void
draw_pager(struct pager *pg, const struct finder *f, int x, int w, int text_x, int rows)
{
	struct dline cur, next;
	bool have = pg->article != NULL;
	struct marks *m = NULL;

	if (have && f != NULL && f->pat != NULL && f->a == pg->article) {
		m = xcalloc(1, sizeof *m);
		find_visible(m, f->pat, pg->article, pg->top, pager_bottom(pg));
		m->have_cur = f->have_cur;
		m->cur_start = f->cur_start;
		m->cur_end = f->cur_end;
	}
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
		draw_line(&cur, x + w - text_x, m);
		have = layout_next(pg->layout, &cur, &next);
		cur = next;
	}
	if (m != NULL) {
		free(m->start);
		free(m->end);
		free(m);
	}
}

/* Draws the open menu (outline, links) over the article pane: its title
 * on the first row, then its rows, the selected one highlighted. */
static void
draw_menu(struct app *app)
{
	const struct panes *p = &app->panes;
	const struct menuview *m = &app->menu;
	int x = p->article ? p->art_x : 0, w = p->article ? p->art_w : p->cols;

	for (int y = 0; y < p->body_rows; y++) {
		size_t r = m->top + (size_t)(y - 1);
		unsigned long attr = theme_attr(ROLE_TEXT);
		int used = 0;

		move(y, x);
		if (y == 0) {
			attr = theme_attr(ROLE_STATUS);
			used = put_cut(m->title, w, attr);
		} else if (r < m->n) {
			if (r == m->sel)
				attr = theme_attr(ROLE_SELECTED);
			used = put(" ", 1, w, attr);
			used += put_cut(m->rows[r], w - used, attr);
		}
		pad(w - used, attr);
	}
}

/* Draws why the article shown could not be opened where its text would
 * be, wrapped to the text width like an article. */
static void
draw_open_error(const struct app *app)
{
	const struct panes *p = &app->panes;
	const char *why = app->open_error;
	struct article *a = article_from_buffer("error", why, strlen(why));
	struct layout *l = layout_create(a, p->text_w);
	struct dline cur, next;
	bool have = true;

	layout_line_at(l, 0, &cur);
	for (int y = 0; y < p->body_rows && have; y++) {
		move(y, p->text_x);
		put(cur.text, cur.len, p->art_x + p->art_w - p->text_x, theme_attr(ROLE_ERROR));
		have = layout_next(l, &cur, &next);
		cur = next;
	}
	layout_free(l);
	article_free(a);
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

/* "2/17" for the current match (a "+" while still counting), "" when
 * there is no search. */
static char *
search_counter(const struct app *app)
{
	const struct finder *f = &app->finder;
	size_t idx = finder_index(f);
	const char *more = finder_counted(f) ? "" : "+";

	if (app->prompting == PROMPT_LIST || (app->filtered && app->focus == FOCUS_LIST)) {
		return xasprintf("  %zu %s%s", app->scan.matched,
		    app->scan.matched == 1 ? "article" : "articles",
		    scan_busy(&app->scan) ? "+" : "");
	}
	if (f->pat == NULL || f->a != app->pager.article)
		return xstrdup("");
	if (!f->have_cur)
		return xstrdup("");
	if (idx == 0)
		return xasprintf("  ?/%zu%s", f->total, more);
	return xasprintf("  %zu/%zu%s", idx, f->total, more);
}

/* Where the top of the screen is: "12/40  30%".  It goes on the prompt
 * line in plain attributes, so a one-line scroll rewrites a few characters
 * and changes no colours: over a slow link every byte counts. */
static char *
position_text(struct app *app)
{
	struct pager *pg = app->help ? &app->help_pager : &app->pager;
	long line = app->help ? -1 : pager_line(pg);
	char *grow, *s;

	if (pg->article == NULL)
		return xstrdup("");
	grow = app->help ? xstrdup("") : growview_status(app);
	if (line > 0 && pg->total_lines >= 0)
		s = xasprintf("%s%ld/%ld  %3d%% ", grow, line, pg->total_lines, pager_percent(pg));
	else if (line > 0)
		s = xasprintf("%s%ld  %3d%% ", grow, line, pager_percent(pg));
	else
		s = xasprintf("%s%3d%% ", grow, pager_percent(pg));
	free(grow);
	return s;
}

/* Draws left and right on row y across the screen; left is cut with an
 * ellipsis to leave room for right, and right is dropped if it cannot fit. */
static void
draw_bar(const struct panes *p, int y, const char *left, unsigned long lattr, const char *right,
    unsigned long attr)
{
	int rw = text_width(right, strlen(right)), used;

	move(y, 0);
	used = put_cut(left, p->cols - rw - 1 > 0 ? p->cols - rw - 1 : p->cols, lattr);
	if (rw <= p->cols - used) {
		pad(p->cols - used - rw, attr);
		put(right, strlen(right), rw, attr);
	} else {
		pad(p->cols - used, attr);
	}
}

static void
draw_status(struct app *app)
{
	unsigned long attr = theme_attr(ROLE_STATUS);
	char *left, *right;

	if (app->help) {
		left = xstrdup(" Help: keys scroll, any other key closes");
		right = xstrdup("");
	} else if (app->current >= 0) {
		left = xasprintf(" %ld/%zu  %s", app->current + 1, app->lib->n,
		    library_title(&app->lib->entries[app->current]));
		right = search_counter(app);
	} else {
		left = xstrdup(" no article");
		right = xstrdup("");
	}
	draw_bar(&app->panes, app->panes.status_y, left, attr, right, attr);
	free(left);
	free(right);
}

/* What the prompt line starts with: the search's direction, or what is
 * asked. */
static const char *
prompt_lead(const struct app *app)
{
	if (app->prompting == PROMPT_TITLE)
		return "Title: ";
	if (app->prompting == PROMPT_COMMAND)
		return app->command_pipes ? "| " : "! ";
	return searchcmd_lead(app);
}

static void
draw_prompt(struct app *app)
{
	char *left, *right = position_text(app);
	enum role role = ROLE_MESSAGE;

	if (app->prompting != PROMPT_NONE) {
		char *safe = article_safe_line(app->prompt.text, app->prompt.len);
		const char *err = searchcmd_error(app);

		if (err != NULL)
			left = xasprintf("%s%s   (regex: %s)", prompt_lead(app), safe, err);
		else
			left = xasprintf("%s%s%s", prompt_lead(app), safe,
			    app->not_found ? "   (not found)" : "");
		role = app->not_found || err != NULL ? ROLE_ERROR : ROLE_MESSAGE;
		free(safe);
	} else if (app->message != NULL) {
		left = article_safe_line(app->message, strlen(app->message));
		role = app->message_is_error ? ROLE_ERROR : ROLE_MESSAGE;
	} else if (app->count >= 0) {
		left = xasprintf("%ld", app->count);
	} else {
		left = xstrdup("");
	}
	draw_bar(&app->panes, app->panes.prompt_y, left, theme_attr(role), right, A_NORMAL);
	free(left);
	free(right);
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
			draw_pager(&app->help_pager, NULL, 0, p->cols, 0, p->body_rows);
	} else {
		if (p->list && (dirty & (DIRTY_ALL | DIRTY_LIST)))
			draw_list(app);
		if (p->sep_x >= 0 && (dirty & DIRTY_ALL))
			draw_separator(app);
		if (app->menu.open) {
			if (dirty & (DIRTY_ALL | DIRTY_ARTICLE))
				draw_menu(app);
		} else if (p->article && (dirty & (DIRTY_ALL | DIRTY_ARTICLE))) {
			draw_pager(
			    &app->pager, &app->finder, p->art_x, p->art_w, p->text_x, p->body_rows);
			if (app->pager.article == NULL && app->open_error != NULL)
				draw_open_error(app);
		}
	}
	if (dirty & (DIRTY_ALL | DIRTY_STATUS | DIRTY_ARTICLE | DIRTY_LIST)) {
		draw_status(app);
		draw_prompt(app);
	}
	attrset(A_NORMAL);
	/* The cursor shows only in the prompt; elsewhere curses may leave it
	 * wherever it last wrote, which saves a move per update. */
	if (app->prompting != PROMPT_NONE) {
		int x =
		    (int)strlen(prompt_lead(app)) + text_width(app->prompt.text, app->prompt.len);

		leaveok(stdscr, FALSE);
		curs_set(1);
		move(p->prompt_y, x < p->cols ? x : p->cols - 1);
	} else {
		leaveok(stdscr, TRUE);
		curs_set(0);
	}
	wnoutrefresh(stdscr);
}
