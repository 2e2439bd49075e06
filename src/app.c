#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "article.h"
#include "keymap.h"
#include "keys.h"
#include "library.h"
#include "xmalloc.h"

#define COUNT_MAX 999999999L
#define WHEEL_LINES 3

const struct app_options app_default_options = {
	.sources_width = 32,
	.text_width = 0,
	.center = true,
	.split_min_cols = 80,
};

typedef unsigned (*handler_fn)(struct app *app, long count);

void
app_message(struct app *app, bool error, const char *fmt, ...)
{
	va_list ap;

	free(app->message);
	va_start(ap, fmt);
	app->message = xvasprintf(fmt, ap);
	va_end(ap);
	app->message_is_error = error;
}

/* Shows entry e in the article pane (a no-op when it is already there). */
static unsigned
show_entry(struct app *app, long e)
{
	struct article *a;
	char *err = NULL;

	if (e < 0 || (size_t)e >= app->lib->n || e == app->current)
		return 0;
	app->current = e;
	a = article_open(app->lib->entries[e].path, &err);
	if (a == NULL) {
		pager_clear(&app->pager);
		app_message(app, true, "%s", err);
		free(err);
		return DIRTY_ARTICLE | DIRTY_STATUS;
	}
	pager_open(&app->pager, a, 0);
	return DIRTY_ARTICLE | DIRTY_STATUS;
}

/* Marks the shown article read once the reader has opened it. */
static unsigned
mark_read(struct app *app)
{
	if (app->current < 0 || app->list.read[app->current])
		return 0;
	app->list.read[app->current] = true;
	return DIRTY_LIST;
}

static unsigned
relayout(struct app *app)
{
	return app_resize(app, app->panes.rows, app->panes.cols);
}

static unsigned
set_focus(struct app *app, enum focus f)
{
	unsigned dirty = DIRTY_LIST | DIRTY_ARTICLE | DIRTY_STATUS;

	if (f == FOCUS_LIST && app->zoom)
		app->zoom = false;
	app->focus = f;
	if (f == FOCUS_ARTICLE)
		dirty |= mark_read(app);
	return dirty | relayout(app);
}

/* Moves the list selection and shows what it lands on. */
static unsigned
list_moved(struct app *app, bool moved)
{
	if (!moved)
		return 0;
	return DIRTY_LIST | DIRTY_STATUS | show_entry(app, listview_selected_entry(&app->list));
}

static unsigned
pager_moved(bool moved)
{
	return moved ? DIRTY_ARTICLE | DIRTY_STATUS : 0;
}

static bool
in_list(const struct app *app)
{
	return app->focus == FOCUS_LIST;
}

static unsigned
scroll(struct app *app, long n)
{
	if (in_list(app))
		return list_moved(app, listview_move(&app->list, n));
	return pager_moved(pager_scroll(&app->pager, n));
}

static long
page(const struct app *app)
{
	return app->panes.body_rows > 1 ? app->panes.body_rows : 1;
}

static unsigned
h_none(struct app *app, long count)
{
	return 0;
}

static unsigned
h_quit(struct app *app, long count)
{
	return REQ_QUIT;
}

static unsigned
h_redraw(struct app *app, long count)
{
	return REQ_REDRAW | DIRTY_ALL;
}

static unsigned
h_suspend(struct app *app, long count)
{
	return REQ_SUSPEND | DIRTY_ALL;
}

static unsigned
h_help(struct app *app, long count)
{
	char *text = app_help_text(app->keymap);
	struct article *a = article_from_buffer("help", text, strlen(text));

	free(text);
	app->help = true;
	pager_init(&app->help_pager);
	pager_resize(&app->help_pager, app->panes.body_rows, app->panes.cols);
	pager_open(&app->help_pager, a, 0);
	return DIRTY_ALL;
}

static unsigned
h_line_down(struct app *app, long count)
{
	return scroll(app, count > 0 ? count : 1);
}

static unsigned
h_line_up(struct app *app, long count)
{
	return scroll(app, -(count > 0 ? count : 1));
}

static unsigned
h_page_down(struct app *app, long count)
{
	return scroll(app, count > 0 ? count : page(app));
}

static unsigned
h_page_up(struct app *app, long count)
{
	return scroll(app, -(count > 0 ? count : page(app)));
}

static unsigned
h_half_down(struct app *app, long count)
{
	return scroll(app, count > 0 ? count : (page(app) + 1) / 2);
}

static unsigned
h_half_up(struct app *app, long count)
{
	return scroll(app, -(count > 0 ? count : (page(app) + 1) / 2));
}

static unsigned
h_top(struct app *app, long count)
{
	if (in_list(app))
		return list_moved(app, listview_select_row(&app->list, count > 0 ? (size_t)count - 1 : 0));
	if (count > 0)
		return pager_moved(pager_goto_line(&app->pager, count));
	return pager_moved(pager_goto(&app->pager, 0));
}

static unsigned
h_bottom(struct app *app, long count)
{
	if (in_list(app))
		return list_moved(app, listview_select_row(&app->list,
		    count > 0 ? (size_t)count - 1 : (size_t)-1));
	if (count > 0)
		return pager_moved(pager_goto_line(&app->pager, count));
	return pager_moved(pager_goto_end(&app->pager));
}

static unsigned
h_percent(struct app *app, long count)
{
	long pct = count > 0 ? count : 0;

	if (in_list(app)) {
		size_t n = app->list.nrows;

		return list_moved(app, listview_select_row(&app->list,
		    n == 0 ? 0 : (size_t)((double)(n - 1) * (double)(pct > 100 ? 100 : pct) / 100.0)));
	}
	return pager_moved(pager_goto_percent(&app->pager, pct));
}

static unsigned
h_toggle_group(struct app *app, long count)
{
	return listview_toggle_group(&app->list) ? DIRTY_LIST | DIRTY_STATUS : 0;
}

static unsigned
h_open(struct app *app, long count)
{
	long e = listview_selected_entry(&app->list);

	if (e < 0)
		return h_toggle_group(app, count);
	return show_entry(app, e) | set_focus(app, FOCUS_ARTICLE);
}

static unsigned
h_focus_next(struct app *app, long count)
{
	return set_focus(app, app->focus == FOCUS_LIST ? FOCUS_ARTICLE : FOCUS_LIST);
}

static unsigned
h_focus_list(struct app *app, long count)
{
	return set_focus(app, FOCUS_LIST);
}

static unsigned
h_focus_article(struct app *app, long count)
{
	return set_focus(app, FOCUS_ARTICLE);
}

/* Opens the article n entries after (before, n < 0) the current one. */
static unsigned
step_article(struct app *app, long n)
{
	long e = app->current >= 0 ? app->current : 0;
	long target = e + n;
	unsigned dirty;

	if (target < 0)
		target = 0;
	if (target >= (long)app->lib->n)
		target = (long)app->lib->n - 1;
	if (target == app->current) {
		app_message(app, false, n > 0 ? "Last article" : "First article");
		return DIRTY_STATUS;
	}
	listview_select_entry(&app->list, (size_t)target);
	dirty = show_entry(app, target) | DIRTY_LIST | DIRTY_STATUS;
	if (app->focus == FOCUS_ARTICLE)
		dirty |= mark_read(app);
	return dirty;
}

static unsigned
h_next_article(struct app *app, long count)
{
	return step_article(app, count > 0 ? count : 1);
}

static unsigned
h_prev_article(struct app *app, long count)
{
	return step_article(app, -(count > 0 ? count : 1));
}

static unsigned
h_zoom(struct app *app, long count)
{
	app->zoom = !app->zoom;
	if (app->zoom)
		app->focus = FOCUS_ARTICLE;
	return DIRTY_ALL | relayout(app);
}

static unsigned
resize_split(struct app *app, int delta)
{
	int w = app->opt.sources_width + delta;

	if (w < 10 || w > app->panes.cols - 20)
		return 0;
	app->opt.sources_width = w;
	return DIRTY_ALL | relayout(app);
}

static unsigned
h_split_wider(struct app *app, long count)
{
	return resize_split(app, (int)(count > 0 && count < 1000 ? count : 4));
}

static unsigned
h_split_narrower(struct app *app, long count)
{
	return resize_split(app, -(int)(count > 0 && count < 1000 ? count : 4));
}

static const handler_fn handlers[ACT_COUNT] = {
	[ACT_NONE] = h_none,
	[ACT_QUIT] = h_quit,
	[ACT_HELP] = h_help,
	[ACT_REDRAW] = h_redraw,
	[ACT_SUSPEND] = h_suspend,
	[ACT_LINE_DOWN] = h_line_down,
	[ACT_LINE_UP] = h_line_up,
	[ACT_PAGE_DOWN] = h_page_down,
	[ACT_PAGE_UP] = h_page_up,
	[ACT_HALF_DOWN] = h_half_down,
	[ACT_HALF_UP] = h_half_up,
	[ACT_TOP] = h_top,
	[ACT_BOTTOM] = h_bottom,
	[ACT_PERCENT] = h_percent,
	[ACT_OPEN] = h_open,
	[ACT_FOCUS_NEXT] = h_focus_next,
	[ACT_FOCUS_PREV] = h_focus_next,
	[ACT_FOCUS_LIST] = h_focus_list,
	[ACT_FOCUS_ARTICLE] = h_focus_article,
	[ACT_NEXT_ARTICLE] = h_next_article,
	[ACT_PREV_ARTICLE] = h_prev_article,
	[ACT_TOGGLE_GROUP] = h_toggle_group,
	[ACT_ZOOM] = h_zoom,
	[ACT_SPLIT_WIDER] = h_split_wider,
	[ACT_SPLIT_NARROWER] = h_split_narrower,
};

void
app_init(struct app *app, struct library *lib, struct keymap *km,
    const struct app_options *opt)
{
	memset(app, 0, sizeof *app);
	app->lib = lib;
	app->keymap = km;
	app->opt = opt != NULL ? *opt : app_default_options;
	app->current = -1;
	app->count = -1;
	app->focus = FOCUS_LIST;
	listview_init(&app->list, lib);
	pager_init(&app->pager);
	pager_init(&app->help_pager);
	app->panes.rows = 24;
	app->panes.cols = 80;
	if (lib->n == 1 && (lib->entries[0].flags & ENTRY_EXPLICIT)) {
		app->zoom = true;
		app->focus = FOCUS_ARTICLE;
	}
	show_entry(app, listview_selected_entry(&app->list) >= 0 ?
	    listview_selected_entry(&app->list) : 0);
	if (app->focus == FOCUS_ARTICLE)
		mark_read(app);
}

void
app_free(struct app *app)
{
	listview_free(&app->list);
	pager_clear(&app->pager);
	pager_clear(&app->help_pager);
	free(app->message);
	app->message = NULL;
}

unsigned
app_resize(struct app *app, int rows, int cols)
{
	struct panes *p = &app->panes;
	bool narrow;
	int avail;

	memset(p, 0, sizeof *p);
	p->rows = rows;
	p->cols = cols;
	p->sep_x = -1;
	p->too_small = rows < 3 || cols < 8;
	p->body_rows = rows > 2 ? rows - 2 : 1;
	p->status_y = rows - 2;
	p->prompt_y = rows - 1;
	narrow = cols < app->opt.split_min_cols;
	p->list = !app->zoom && (!narrow || app->focus == FOCUS_LIST);
	p->article = !p->list || !narrow;
	if (p->list && p->article) {
		p->list_w = app->opt.sources_width;
		if (p->list_w > cols / 2)
			p->list_w = cols / 2;
		if (p->list_w < 8)
			p->list_w = 8;
		p->sep_x = p->list_w;
		p->art_x = p->list_w + 1;
		p->art_w = cols - p->art_x;
	} else if (p->list) {
		p->list_w = cols;
	} else {
		p->art_w = cols;
	}
	/* One column of margin beside the separator; the reading width, if
	 * any, centred in what is left. */
	p->text_x = p->art_x + (p->sep_x >= 0 ? 1 : 0);
	avail = p->art_w - (p->sep_x >= 0 ? 1 : 0);
	if (avail < 1)
		avail = 1;
	p->text_w = app->opt.text_width > 0 && app->opt.text_width < avail ?
	    app->opt.text_width : avail;
	if (app->opt.center)
		p->text_x += (avail - p->text_w) / 2;
	listview_set_height(&app->list, p->body_rows);
	pager_resize(&app->pager, p->body_rows, p->text_w);
	if (app->help)
		pager_resize(&app->help_pager, p->body_rows, cols);
	return DIRTY_ALL;
}

/* Keys that scroll the help screen; any other key closes it. */
static unsigned
help_key(struct app *app, int key)
{
	enum action a = keymap_lookup(app->keymap, CTX_ARTICLE, key);
	struct pager *hp = &app->help_pager;
	long rows = app->panes.body_rows;
	bool moved;

	switch (a) {
	case ACT_LINE_DOWN: moved = pager_scroll(hp, 1); break;
	case ACT_LINE_UP: moved = pager_scroll(hp, -1); break;
	case ACT_PAGE_DOWN: moved = pager_scroll(hp, rows); break;
	case ACT_PAGE_UP: moved = pager_scroll(hp, -rows); break;
	case ACT_HALF_DOWN: moved = pager_scroll(hp, (rows + 1) / 2); break;
	case ACT_HALF_UP: moved = pager_scroll(hp, -(rows + 1) / 2); break;
	case ACT_TOP: moved = pager_goto(hp, 0); break;
	case ACT_BOTTOM: moved = pager_goto_end(hp); break;
	default:
		app->help = false;
		pager_clear(hp);
		return DIRTY_ALL;
	}
	return moved ? DIRTY_ALL : 0;
}

unsigned
app_key(struct app *app, int key)
{
	enum context ctx = in_list(app) ? CTX_LIST : CTX_ARTICLE;
	unsigned dirty = 0;
	enum action a;
	long count;

	if (app->message != NULL) {
		free(app->message);
		app->message = NULL;
		dirty |= DIRTY_STATUS;
	}
	if (app->help)
		return dirty | help_key(app, key);
	a = keymap_lookup(app->keymap, ctx, key);
	if (key >= '0' && key <= '9' && a == ACT_NONE) {
		long c = app->count > 0 ? app->count : 0;

		app->count = c > COUNT_MAX / 10 ? COUNT_MAX : c * 10 + (key - '0');
		return dirty | DIRTY_STATUS;
	}
	count = app->count;
	app->count = -1;
	if (count >= 0)
		dirty |= DIRTY_STATUS;
	if (key == KEY_ESC_CODE && count >= 0 && a == ACT_NONE)
		return dirty;
	return dirty | handlers[a](app, count);
}

unsigned
app_mouse(struct app *app, int y, int x, int button)
{
	const struct panes *p = &app->panes;
	bool on_list = p->list && x >= p->list_x && x < p->list_x + p->list_w;
	bool on_article = p->article && x >= p->art_x && x < p->art_x + p->art_w;
	unsigned dirty = 0;

	if (y < 0 || y >= p->body_rows || app->help)
		return 0;
	if (button == 4 || button == 5) {
		long n = button == 4 ? -WHEEL_LINES : WHEEL_LINES;

		if (on_list)
			return list_moved(app, listview_move(&app->list, n));
		if (on_article)
			return pager_moved(pager_scroll(&app->pager, n));
		return 0;
	}
	if (button != 1)
		return 0;
	if (on_list) {
		size_t r = app->list.top + (size_t)y;

		if (r < app->list.nrows) {
			dirty |= list_moved(app, listview_select_row(&app->list, r));
			if (app->list.rows[r].kind == ROW_GROUP)
				dirty |= h_toggle_group(app, -1);
		}
		if (app->focus != FOCUS_LIST)
			dirty |= set_focus(app, FOCUS_LIST);
		return dirty;
	}
	if (on_article && app->focus != FOCUS_ARTICLE)
		return set_focus(app, FOCUS_ARTICLE);
	return 0;
}

struct help_ctx {
	char *buf;
	size_t len, cap;
};

static void
help_append(struct help_ctx *h, const char *s)
{
	size_t n = strlen(s);

	xgrow((void **)&h->buf, &h->cap, h->len + n + 1, 1);
	memcpy(h->buf + h->len, s, n + 1);
	h->len += n;
}

char *
app_help_text(const struct keymap *km)
{
	static const enum context shown[] = { CTX_GLOBAL, CTX_LIST, CTX_ARTICLE };
	struct help_ctx h = { 0 };

	help_append(&h, "folio keys\n\n"
	    "A count typed before a key repeats it or gives it a number: 5j, 30G, 50%.\n"
	    "Keys scroll this help; any other key closes it.\n\n");
	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		char keys[256] = "", name[KEY_NAME_MAX];
		size_t used = 0;

		for (size_t c = 0; c < sizeof shown / sizeof shown[0]; c++) {
			int k[16];
			size_t n = keymap_keys(km, shown[c], (enum action)a, k, 16);

			for (size_t i = 0; i < n && i < 16; i++) {
				int w = snprintf(keys + used, sizeof keys - used, "%s%s%s%s",
				    used > 0 ? " " : "", keys_name(k[i], name),
				    shown[c] == CTX_GLOBAL ? "" : " (",
				    shown[c] == CTX_GLOBAL ? "" : context_name(shown[c]));

				if (w < 0 || (size_t)w >= sizeof keys - used)
					break;
				used += (size_t)w;
				if (shown[c] != CTX_GLOBAL && used + 1 < sizeof keys) {
					keys[used++] = ')';
					keys[used] = '\0';
				}
			}
		}
		{
			char *line = xasprintf("%-26s %-16s %s\n", used > 0 ? keys : "(unbound)",
			    action_name((enum action)a), action_help((enum action)a));

			help_append(&h, line);
			free(line);
		}
	}
	return h.buf;
}
