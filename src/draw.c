#include "config.h"

#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <unigbrk.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>
#include <wchar.h>

#include "app.h"
#include "article.h"
#include "draw.h"
#include "filterview.h"
#include "growview.h"
#include "hyperlink.h"
#include "layout.h"
#include "library.h"
#include "search.h"
#include "snippet.h"
#include "sortview.h"
#include "searchcmd.h"
#include "text.h"
#include "theme.h"
#include "xmalloc.h"

/* Glyphs with their ASCII stand-ins for terminals that are not UTF-8. */
enum glyph { G_SELECTED, G_OPEN, G_FOLDED, G_ELLIPSIS, G_UNREAD, G_MORE, G_COUNT };
static const char *const glyphs[2][G_COUNT] = {
	{ "\xE2\x96\xB8", "\xE2\x96\xBE", "\xE2\x96\xB9", "\xE2\x80\xA6", "\xE2\x80\xA2",
	    "\xE2\x80\xBA" },
	{ ">", "v", "+", "~", "*", ">" },
};

static bool ascii;

/* A link on a screen row: columns [x0, x1) show link id with url; id is
 * empty for a link all on this row, which needs none to be one link. */
struct linkseg {
	int x0, x1;
	char id[16];
	char *url; /* owned: printable ASCII (hyperlink_url) */
};

struct linkrow {
	struct linkseg *v; /* owned */
	size_t n, cap;
};

/* Cells [x0, x1) of row y, which curses was handed as the terminal showed
 * them before the update, so that it left them alone; the link's cells
 * are written after it, and curses told of them then. */
struct held {
	int y, x0, x1;
};

/* The terminal hyperlinks of the screen: what each row should carry
 * (want, from the last draw of the article pane) and what the terminal
 * has (have, as last written; known: have and oldh are right).  oldh is
 * the hash curses holds of each row it believes the terminal shows
 * (hashed: curses has hashed rows, which it does in an update that does
 * not repaint it all; a repaint leaves its hashes unknown here).
 * Around one update (draw_hyperlinks_before, then draw_hyperlinks): old
 * is what curses believed the terminal showed before it, now the frame
 * drawn, given the frame handed to curses (now with the cells of some
 * links held back), after what curses believed after it, each rows x
 * cols cells with their row hashes; map[y] is the old row terminal row y
 * was moved from (hyperlink_moves); next is room for the links of each
 * row after the update. */
static struct {
	bool on, known, hashed, ready, full;
	int rows, cols;
	struct linkrow *want, *have, *next;
	cchar_t *old, *now, *given, *after;
	unsigned long *oldh, *nowh, *givenh, *afterh;
	int *map, *map2;
	cchar_t blank;
	struct held *held;
	size_t nheld, heldcap;
	char *out; /* bytes to write, built by the output callback */
	size_t len, cap;
	int at_y, at_x; /* where those bytes leave the cursor; at_y -1: unknown */
} hl;

void
draw_init(bool utf8, bool hyperlinks)
{
	ascii = !utf8;
	hl.on = hyperlinks;
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

/* Draws a snippet in cols columns, after indent blanks, its match lit;
 * returns the columns used. */
static int
draw_snippet(const struct snippet *sn, int indent, int cols)
{
	unsigned long dim = theme_attr(ROLE_TEXT), lit = theme_attr(ROLE_MATCH);
	size_t from, to, ms, me;
	bool left, right;
	int used = 0;

	if (indent > cols)
		indent = cols;
	pad(indent - 2 > 0 ? indent - 2 : 0, dim);
	used = indent - 2 > 0 ? indent - 2 : 0;
	snippet_fit(sn, cols - used, &from, &to, &left, &right);
	if (left)
		used += put(glyph(G_ELLIPSIS), strlen(glyph(G_ELLIPSIS)), 1, dim);
	ms = sn->mstart < from ? from : sn->mstart > to ? to : sn->mstart;
	me = sn->mend < ms ? ms : sn->mend > to ? to : sn->mend;
	used += put(sn->text + from, ms - from, cols - used, dim);
	used += put(sn->text + ms, me - ms, cols - used, lit);
	used += put(sn->text + me, to - me, cols - used, dim);
	if (right)
		used += put(glyph(G_ELLIPSIS), strlen(glyph(G_ELLIPSIS)), 1, dim);
	return used;
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
		if (lv->rows[r].kind == ROW_SNIPPET) {
			used += draw_snippet(lv->snippets[lv->rows[r].entry],
			    app->lib->entries[lv->rows[r].entry].group[0] != '\0' ? 4 : 2,
			    p->list_w - used);
		} else if (lv->rows[r].kind == ROW_GROUP) {
			const char *g = listview_group_name(lv, r);
			char *safe = article_safe_line(g, strlen(g));
			char *label = xasprintf("%s %s/ (%zu/%zu)",
			    glyph(lv->folded[lv->rows[r].group] ? G_FOLDED : G_OPEN), safe,
			    sortview_group_unread(app, r), listview_group_size(lv, r));

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

static void
linkrow_clear(struct linkrow *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].url);
	r->n = 0;
}

/* Forgets the links that rows [0, rows) should carry. */
static void
links_forget(void)
{
	for (int y = 0; y < hl.rows; y++)
		linkrow_clear(&hl.want[y]);
}

/* Notes the links display line d shows on row y, its text starting at
 * column x and cut at column right. */
static void
links_note(struct layout *l, const struct dline *d, int y, int x, int right)
{
	struct dlink *v;
	size_t n;

	if (!hl.on || y < 0 || y >= hl.rows)
		return;
	n = layout_links(l, d, &v);
	x += d->lead != NULL ? d->lead_cols : 0;
	for (size_t i = 0; i < n; i++) {
		int x0 = x + text_width(d->text, v[i].from);
		int x1 = x0 + text_width(d->text + v[i].from, v[i].to - v[i].from);
		char *url = hyperlink_url(v[i].target, strlen(v[i].target));
		struct linkrow *r = &hl.want[y];

		if (x1 > right)
			x1 = right;
		if (url == NULL || x0 >= x1) {
			free(url);
			continue;
		}
		xgrow((void **)&r->v, &r->cap, r->n + 1, sizeof *r->v);
		r->v[r->n].x0 = x0;
		r->v[r->n].x1 = x1;
		if (v[i].whole && x1 < right)
			r->v[r->n].id[0] = '\0';
		else
			hyperlink_id(v[i].n, r->v[r->n].id);
		r->v[r->n++].url = url;
	}
	layout_links_free(v, n);
}

/* Sizes the link rows for a rows x cols screen; a new size forgets what
 * the terminal had, since curses repaints it all. */
static void
links_size(int rows, int cols)
{
	cchar_t **cells[] = { &hl.old, &hl.now, &hl.given, &hl.after };
	unsigned long **hashes[] = { &hl.oldh, &hl.nowh, &hl.givenh, &hl.afterh };
	size_t n;

	if (rows == hl.rows && cols == hl.cols)
		return;
	for (int y = 0; y < hl.rows; y++) {
		linkrow_clear(&hl.want[y]);
		linkrow_clear(&hl.have[y]);
		linkrow_clear(&hl.next[y]);
		free(hl.want[y].v);
		free(hl.have[y].v);
		free(hl.next[y].v);
	}
	free(hl.want);
	free(hl.have);
	free(hl.next);
	free(hl.map);
	free(hl.map2);
	hl.rows = rows > 0 ? rows : 0;
	hl.cols = cols > 0 ? cols : 0;
	n = (size_t)hl.rows * (size_t)hl.cols + 1;
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
		free(*cells[i]);
		*cells[i] = xcalloc(n, sizeof **cells[i]);
		free(*hashes[i]);
		*hashes[i] = xcalloc((size_t)hl.rows + 1, sizeof **hashes[i]);
	}
	hl.want = xcalloc((size_t)hl.rows + 1, sizeof *hl.want);
	hl.have = xcalloc((size_t)hl.rows + 1, sizeof *hl.have);
	hl.next = xcalloc((size_t)hl.rows + 1, sizeof *hl.next);
	hl.map = xcalloc((size_t)hl.rows + 1, sizeof *hl.map);
	hl.map2 = xcalloc((size_t)hl.rows + 1, sizeof *hl.map2);
	hl.known = hl.ready = false;
	hl.nheld = 0;
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
draw_pager(struct pager *pg, const struct finder *f, int x, int w, int text_x, int rows, bool links)
{
	struct dline cur, next;
	bool have = pg->article != NULL;
	struct marks *m = NULL;

	if (have && f != NULL && f->pat != NULL && f->a == pg->article) {
		m = xcalloc(1, sizeof *m);
		/* Under a filter the rows shown may lie far apart: their
		 * matches are found a row at a time. */
		if (pg->filter == NULL)
			find_visible(m, f->pat, pg->article, pg->top, pager_bottom(pg));
		m->have_cur = f->have_cur;
		m->cur_start = f->cur_start;
		m->cur_end = f->cur_end;
	}
	if (have)
		have = pager_line_at(pg, pg->top, &cur);
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
		if (m != NULL && pg->filter != NULL)
			find_visible(m, f->pat, pg->article, cur.start, cur.end);
		if (cur.flags & DLINE_CHOPPED) {
			struct dline cut;
			int cols = pg->text_cols < x + w - text_x ? pg->text_cols : x + w - text_x;

			/* A chopped line shows the window the scroll puts in the
			 * pane, and a marker where it goes on to the right. */
			bool more = layout_hcut(&cur, pg->hscroll, cols, &cut);

			draw_line(&cut, more ? cols - 1 : cols, m);
			if (more) {
				move(y, text_x + cols - 1);
				put(glyph(G_MORE), strlen(glyph(G_MORE)), 1,
				    theme_attr(ROLE_QUOTE));
			}
			/* Its links are those of the window shown: one cut by
			 * an edge is written with its id. */
			if (links)
				links_note(
				    pg->layout, &cut, y, text_x, text_x + (more ? cols - 1 : cols));
		} else {
			draw_line(&cur, x + w - text_x, m);
			if (links)
				links_note(pg->layout, &cur, y, text_x, x + w);
		}
		have = pager_next(pg, &cur, &next);
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

/* Where the top of the screen is: "12/40  30%", with the minutes left to
 * read when with_time ("12/40  30%  4 min"), and where chopped lines are
 * scrolled to when some show ("col 41+": a "+" when one goes on to the
 * right).  It goes on the prompt
 * line in plain attributes, so a one-line scroll rewrites a few characters
 * and changes no colours: over a slow link every byte counts. */
static char *
position_text(struct app *app, bool with_time)
{
	struct pager *pg = app->help ? &app->help_pager : &app->pager;
	long line = app->help ? -1 : pager_line(pg), left;
	char *grow, *s, time_left[32] = "", chop[48] = "";
	bool more;

	if (pg->article == NULL)
		return xstrdup("");
	grow = app->help ? xstrdup("") : growview_status(app);
	left = app->help || !with_time ? -1 : pager_minutes_left(pg, app->opt.reading_speed);
	if (left > 0)
		snprintf(time_left, sizeof time_left, "  %ld min", left);
	if (!app->help && pager_chopped_on_screen(pg, &more)) {
		/* Where the chopped lines are scrolled to, and whether one
		 * goes on to the right. */
		if (pg->hscroll > 0)
			snprintf(chop, sizeof chop, "col %d%s  ", pg->hscroll + 1, more ? "+" : "");
		else if (more)
			snprintf(chop, sizeof chop, "col 1+  ");
	}
	if (line > 0 && pg->total_lines >= 0)
		s = xasprintf("%s%s%ld/%ld  %3d%%%s ", grow, chop, line, pg->total_lines,
		    pager_percent(pg), time_left);
	else if (line > 0)
		s = xasprintf("%s%s%ld  %3d%%%s ", grow, chop, line, pager_percent(pg), time_left);
	else
		s = xasprintf("%s%s%3d%%%s ", grow, chop, pager_percent(pg), time_left);
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
		char *filt = filterview_status(app), *count = search_counter(app);

		left =
		    xasprintf(" %zu/%zu  %s", listview_rank(&app->list, (size_t)app->current) + 1,
			app->lib->n, library_title(&app->lib->entries[app->current]));
		right = xasprintf("%s%s", filt, count);
		free(filt);
		free(count);
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
	if (app->prompting == PROMPT_SAVE && app->save.label != NULL)
		return app->save.label;
	return searchcmd_lead(app);
}

static void
draw_prompt(struct app *app)
{
	char *left, *right = position_text(app, true);
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
	/* The time left is the first to go when the line is short. */
	if (text_width(left, strlen(left)) + text_width(right, strlen(right)) + 1 >
	    app->panes.cols) {
		free(right);
		right = position_text(app, false);
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

	links_size(LINES, COLS);
	if (p->too_small || app->help || app->menu.open || !p->article)
		links_forget();
	else if (dirty & (DIRTY_ALL | DIRTY_ARTICLE))
		links_forget();
	if (p->too_small) {
		draw_too_small(app);
		wnoutrefresh(stdscr);
		return;
	}
	if (dirty & DIRTY_ALL)
		erase();
	if (app->help) {
		if (dirty & (DIRTY_ALL | DIRTY_ARTICLE | DIRTY_LIST))
			draw_pager(&app->help_pager, NULL, 0, p->cols, 0, p->body_rows, false);
	} else {
		if (p->list && (dirty & (DIRTY_ALL | DIRTY_LIST)))
			draw_list(app);
		if (p->sep_x >= 0 && (dirty & DIRTY_ALL))
			draw_separator(app);
		if (app->menu.open) {
			if (dirty & (DIRTY_ALL | DIRTY_ARTICLE))
				draw_menu(app);
		} else if (p->article && (dirty & (DIRTY_ALL | DIRTY_ARTICLE))) {
			draw_pager(&app->pager, &app->finder, p->art_x, p->art_w, p->text_x,
			    p->body_rows, true);
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
		const char *lead = prompt_lead(app);
		int x =
		    text_width(lead, strlen(lead)) + text_width(app->prompt.text, app->prompt.len);

		leaveok(stdscr, FALSE);
		curs_set(1);
		move(p->prompt_y, x < p->cols ? x : p->cols - 1);
	} else {
		leaveok(stdscr, TRUE);
		curs_set(0);
	}
	wnoutrefresh(stdscr);
}

/* ---- terminal hyperlinks, written after the update ---------------------- */

/* The output callback of tputs and vid_puts: bytes go to hl.out. */
static int
out_byte(int c)
{
	xgrow((void **)&hl.out, &hl.cap, hl.len + 1, 1);
	hl.out[hl.len++] = (char)c;
	return c;
}

static void
out_str(const char *s)
{
	while (*s != '\0')
		out_byte((unsigned char)*s++);
}

/* Moves the terminal's cursor with its own sequences: forward on the row
 * it is on, else with cup. */
static void
out_move(int y, int x)
{
	const char *s = NULL;

	if (y == hl.at_y && x == hl.at_x)
		return;
	if (y == hl.at_y && x > hl.at_x && parm_right_cursor != NULL)
		s = tiparm(parm_right_cursor, x - hl.at_x);
	if (s == NULL)
		s = tiparm(cursor_address, y, x);
	if (s != NULL)
		tputs(s, 1, out_byte);
	hl.at_y = y;
	hl.at_x = x;
}

/* Writes again cells [x0, x1) of row y, as curses believes they are, inside
 * the link id/url (or as plain cells when url is NULL), which leaves the
 * terminal showing what curses thinks it shows. */
static void
out_cells(int y, int x0, int x1, const char *id, const char *url)
{
	bool moved = false;

	for (int x = x0; x < x1;) {
		cchar_t cc;
		wchar_t w[CCHARW_MAX + 1];
		attr_t attrs;
		short pair;
		mbstate_t st;
		char mb[MB_LEN_MAX];
		int width;

		if (mvwin_wch(curscr, y, x, &cc) == ERR ||
		    getcchar(&cc, w, &attrs, &pair, NULL) == ERR)
			break;
		width = wcwidth(w[0]);
		if (!moved) {
			out_move(y, x);
			if (url != NULL) {
				out_str("\033]8;");
				if (*id != '\0') {
					out_str("id=");
					out_str(id);
				}
				out_byte(';');
				out_str(url);
				out_str("\033\\");
			}
			moved = true;
		}
		vid_puts(attrs & ~A_COLOR, pair, NULL, out_byte);
		memset(&st, 0, sizeof st);
		for (int i = 0; i < CCHARW_MAX && w[i] != L'\0'; i++) {
			size_t k = wcrtomb(mb, w[i], &st);

			if (k != (size_t)-1)
				for (size_t j = 0; j < k; j++)
					out_byte((unsigned char)mb[j]);
		}
		x += width > 1 ? width : 1;
		/* At the last column the terminal waits to wrap: a place no
		 * forward move starts from. */
		hl.at_x = x;
		if (x >= hl.cols)
			hl.at_y = -1;
	}
	if (moved && url != NULL)
		out_str("\033]8;;\033\\");
}

static bool
seg_equal(const struct linkseg *a, const struct linkseg *b)
{
	return a->x0 == b->x0 && a->x1 == b->x1 && strcmp(a->id, b->id) == 0 &&
	    strcmp(a->url, b->url) == 0;
}

static bool
row_has(const struct linkrow *r, const struct linkseg *s)
{
	for (size_t i = 0; i < r->n; i++)
		if (seg_equal(&r->v[i], s))
			return true;
	return false;
}

static void
linkrow_copy(struct linkrow *to, const struct linkrow *from)
{
	linkrow_clear(to);
	for (size_t i = 0; i < from->n; i++) {
		xgrow((void **)&to->v, &to->cap, to->n + 1, sizeof *to->v);
		to->v[to->n] = from->v[i];
		to->v[to->n++].url = xstrdup(from->v[i].url);
	}
}

/* Writes all of hl.out to fd. */
static void
out_flush(int fd)
{
	size_t o = 0;

	while (o < hl.len) {
		ssize_t k = write(fd, hl.out + o, hl.len - o);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		o += (size_t)k;
	}
	hl.len = 0;
}

/* Reads the cells of w, rows x cols, into cells, the cursor of w left
 * where it was; the hash of each row goes to hash. */
static void
read_cells(WINDOW *w, cchar_t *cells, unsigned long *hash)
{
	int cy, cx;

	getyx(w, cy, cx);
	for (int y = 0; y < hl.rows; y++) {
		unsigned long h = 0;

		for (int x = 0; x < hl.cols; x++) {
			cchar_t *cc = &cells[(size_t)y * (size_t)hl.cols + (size_t)x];
			wchar_t wc[CCHARW_MAX + 1] = { 0 };
			attr_t attrs;
			short pair;

			if (mvwin_wch(w, y, x, cc) == ERR)
				memset(cc, 0, sizeof *cc);
			else if (getcchar(cc, wc, &attrs, &pair, NULL) == ERR)
				wc[0] = 0;
			h = hyperlink_row_hash(h, (unsigned long)wc[0]);
		}
		hash[y] = h;
	}
	wmove(w, cy, cx);
}

/* Puts cells [x0, x1) of row y of cells into w, the cursor of w left
 * where it was. */
static void
put_cells(WINDOW *w, const cchar_t *cells, int y, int x0, int x1)
{
	int cy, cx;

	getyx(w, cy, cx);
	mvwadd_wchnstr(w, y, x0, cells + (size_t)y * (size_t)hl.cols + (size_t)x0, x1 - x0);
	wmove(w, cy, cx);
}

static cchar_t *
row_of(cchar_t *cells, int y)
{
	return cells + (size_t)y * (size_t)hl.cols;
}

static bool
rows_equal(cchar_t *a, int ya, cchar_t *b, int yb)
{
	return memcmp(row_of(a, ya), row_of(b, yb), (size_t)hl.cols * sizeof *a) == 0;
}

/* What curses counts to weigh a scroll: the cells of new row y (of
 * ctx, the frame handed to it) that differ from old row o, or from a
 * blank row when o is -1. */
static int
row_cost(void *ctx, int o, int y)
{
	cchar_t *now = row_of(ctx, y);
	int n = 0;

	for (int x = 0; x < hl.cols; x++)
		n += memcmp(o < 0 ? &hl.blank : &row_of(hl.old, o)[x], &now[x], sizeof now[x]) != 0;
	return n;
}

/* Works out into map how the update of old to frame (hashes h) moves
 * the rows of the terminal. */
static void
plan_moves(cchar_t *frame, const unsigned long *h, int *map)
{
	if (hl.full || !hl.known) {
		for (int y = 0; y < hl.rows; y++)
			map[y] = -1;
		return;
	}
	hyperlink_moves(hl.rows, hl.oldh, h, row_cost, frame,
	    change_scroll_region != NULL ||
		((parm_delete_line != NULL || delete_line != NULL) &&
		    (parm_insert_line != NULL || insert_line != NULL)),
	    map);
}

/* Whether cells [x0, x1) of row y of cells are each one column wide. */
static bool
narrow(cchar_t *cells, int y, int x0, int x1)
{
	for (int x = x0; x < x1; x++) {
		wchar_t wc[CCHARW_MAX + 1] = { 0 };
		attr_t attrs;
		short pair;

		if (getcchar(&row_of(cells, y)[x], wc, &attrs, &pair, NULL) == ERR ||
		    wcwidth(wc[0]) != 1)
			return false;
	}
	return true;
}

static const struct linkrow no_links;

/* The links terminal row y carried before the update, from the row it
 * was moved from. */
static const struct linkrow *
links_had(int y)
{
	return hl.map[y] >= 0 ? &hl.have[hl.map[y]] : &no_links;
}

/* Whether curses leaves terminal row y as the update found it: the row
 * it was moved from equals the frame's row. */
static bool
row_left(cchar_t *frame, int y)
{
	return hl.map[y] >= 0 && rows_equal(frame, y, hl.old, hl.map[y]);
}

void
draw_hyperlinks_before(bool full)
{
	bool held = false;

	hl.ready = false;
	if (!hl.on)
		return;
	links_size(LINES, COLS);
	if (hl.rows == 0 || hl.cols == 0)
		return;
	hl.full = full;
	{
		cchar_t bg;
		attr_t a = 0;
		short pair = 0;
		wchar_t wc[CCHARW_MAX + 1];

		if (wgetbkgrnd(stdscr, &bg) == ERR || getcchar(&bg, wc, &a, &pair, NULL) == ERR)
			a = 0, pair = 0;
		setcchar(&hl.blank, L" ", a & ~A_COLOR, back_color_erase ? pair : 0, NULL);
	}
	read_cells(curscr, hl.old, hl.afterh);
	read_cells(newscr, hl.now, hl.nowh);
	plan_moves(hl.now, hl.nowh, hl.map);
	/* The cells of each link curses would write and the links written
	 * after it again are handed to it as the terminal will show them
	 * once the rows are moved: it leaves them alone. */
	memcpy(hl.given, hl.now, (size_t)hl.rows * (size_t)hl.cols * sizeof *hl.given);
	hl.nheld = 0;
	for (int y = 0; y < hl.rows && hl.known && !hl.full; y++) {
		const struct linkrow *want = &hl.want[y], *had = links_had(y);
		bool left = row_left(hl.now, y);

		for (size_t i = 0; i < want->n; i++) {
			const struct linkseg *s = &want->v[i];

			if ((left && row_has(had, s)) || s->x1 > hl.cols ||
			    !narrow(hl.now, y, s->x0, s->x1) ||
			    (hl.map[y] >= 0 && !narrow(hl.old, hl.map[y], s->x0, s->x1)))
				continue;
			for (int x = s->x0; x < s->x1; x++)
				row_of(hl.given, y)[x] =
				    hl.map[y] >= 0 ? row_of(hl.old, hl.map[y])[x] : hl.blank;
			xgrow((void **)&hl.held, &hl.heldcap, hl.nheld + 1, sizeof *hl.held);
			hl.held[hl.nheld++] = (struct held){ .y = y, .x0 = s->x0, .x1 = s->x1 };
			held = true;
		}
	}
	if (held) {
		for (size_t i = 0; i < hl.nheld; i++)
			put_cells(newscr, hl.given, hl.held[i].y, hl.held[i].x0, hl.held[i].x1);
		read_cells(newscr, hl.given, hl.givenh);
		/* Holding the cells back must not change what curses moves. */
		plan_moves(hl.given, hl.givenh, hl.map2);
		if (memcmp(hl.map, hl.map2, (size_t)hl.rows * sizeof *hl.map) != 0) {
			for (size_t i = 0; i < hl.nheld; i++)
				put_cells(
				    newscr, hl.now, hl.held[i].y, hl.held[i].x0, hl.held[i].x1);
			hl.nheld = 0;
			held = false;
		}
	}
	if (!held) {
		memcpy(hl.given, hl.now, (size_t)hl.rows * (size_t)hl.cols * sizeof *hl.given);
		memcpy(hl.givenh, hl.nowh, (size_t)hl.rows * sizeof *hl.givenh);
	}
	hl.ready = true;
}

void
draw_hyperlinks(FILE *out)
{
	bool cut = false, leave;
	int cy, cx;

	if (!hl.on || !hl.ready)
		return;
	hl.ready = false;
	hl.at_y = -1;
	/* Where curses left the cursor, before any read moves it. */
	getyx(curscr, cy, cx);
	leave = is_leaveok(stdscr);
	read_cells(curscr, hl.after, hl.afterh);
	for (int y = 0; y < hl.rows; y++)
		cut |= !rows_equal(hl.after, y, hl.given, y);
	/* The held cells: the frame's own into newscr, and where curses
	 * updated the row, into curscr too, as they are written below. */
	for (size_t i = 0; i < hl.nheld; i++) {
		const struct held *h = &hl.held[i];

		put_cells(newscr, hl.now, h->y, h->x0, h->x1);
		if (rows_equal(hl.after, h->y, hl.given, h->y))
			put_cells(curscr, hl.now, h->y, h->x0, h->x1);
	}
	for (int y = 0; y < hl.rows; y++) {
		/* The row shows the frame handed to curses, unless it cut its
		 * update short for typed-ahead keys. */
		bool whole = rows_equal(hl.after, y, hl.given, y);
		bool left = row_left(hl.given, y);
		const struct linkrow *had = links_had(y);
		const struct linkrow *want = whole ? &hl.want[y] : &no_links;

		for (size_t i = 0; i < had->n; i++)
			if (!row_has(want, &had->v[i]))
				out_cells(y, had->v[i].x0, had->v[i].x1, NULL, NULL);
		for (size_t i = 0; i < want->n; i++) {
			bool was_held = false;

			for (size_t k = 0; k < hl.nheld && !was_held; k++)
				was_held = hl.held[k].y == y && hl.held[k].x0 == want->v[i].x0 &&
				    hl.held[k].x1 == want->v[i].x1;
			if (was_held || !left || !row_has(had, &want->v[i]))
				out_cells(
				    y, want->v[i].x0, want->v[i].x1, want->v[i].id, want->v[i].url);
		}
		linkrow_copy(&hl.next[y], want);
	}
	for (int y = 0; y < hl.rows; y++) {
		struct linkrow t = hl.have[y];

		hl.have[y] = hl.next[y];
		hl.next[y] = t;
	}
	/* curses hashed the rows it was handed, or, the first time it hashes,
	 * will hash the rows it believes the terminal shows; after a repaint
	 * it goes on with hashes of the rows before, and a cut update leaves
	 * what it holds unknown, with the rows' links. */
	memcpy(hl.oldh, hl.givenh, (size_t)hl.rows * sizeof *hl.oldh);
	if (cut)
		hl.known = false;
	else if (hl.full)
		hl.known = !hl.hashed;
	else
		hl.known = hl.hashed = true;
	hl.nheld = 0;
	wmove(curscr, cy, cx);
	if (hl.len > 0) {
		int ly = hl.at_y;

		/* Back to the attributes and the place curses believes. */
		vid_puts(A_NORMAL, 0, NULL, out_byte);
		if (!leave && !cut)
			out_move(cy, cx);
		out_flush(fileno(out));
		/* Where curses did not put the cursor itself, tell it where it is,
		 * with the cheapest move there is (a carriage return) when the
		 * row is known; mvcur writes through out's buffer. */
		if (leave || cut) {
			if (ly >= 0 && hl.at_x > 0)
				mvcur(ly, hl.at_x, ly, 0);
			else
				mvcur(-1, -1, cy, cx);
			fflush(out);
		}
	}
}
