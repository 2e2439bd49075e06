#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "article.h"
#include "copycmd.h"
#include "doc.h"
#include "docview.h"
#include "filterview.h"
#include "readview.h"
#include "growview.h"
#include "help.h"
#include "keymap.h"
#include "keys.h"
#include "library.h"
#include "listcmd.h"
#include "outcmd.h"
#include "searchview.h"
#include "markview.h"
#include "rescanview.h"
#include "savecmd.h"
#include "sortview.h"
#include "state.h"
#include "text.h"
#include "timing.h"
#include "xmalloc.h"

#define COUNT_MAX 999999999L
#define WHEEL_LINES 3
/* Counting the lines of a huge article is worth less than a key: its
 * slices are shorter. */
#define COUNT_BUDGET_US 2000
/* How often the state is saved (us): each idle moment after a change. */
#define SAVE_EVERY_US 0L

const struct app_options app_default_options = {
	.sources_width = 32,
	.text_width = 0,
	.center = true,
	.split_min_cols = 80,
	.search_wrap = true,
	.search_incremental = true,
	.search = { .case_mode = SEARCH_SMART, .ignore_accents = false },
	.remember_position = true,
	.mark_read = MARK_READ_OPEN,
	.max_render = DOC_MAX_RENDER,
	.link_numbers = true,
	.styles = true,
	.browser = "",
	.copy_command = "",
	.copy_limit = 64u << 10,
	.rescan_interval = 5,
	.layout = { .reflow = LAYOUT_REFLOW_AUTO, .chop = false, .hang = true },
	.reading_speed = 230,
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

const char *
app_current_path(const struct app *app)
{
	return app->lib->entries[app->current].path;
}

/* Puts the reading position of the shown article into the state. */
static void
keep_position(struct app *app)
{
	if (app->state != NULL && app->current >= 0 && app->pager.article != NULL &&
	    app->opt.remember_position)
		state_set_position(
		    app->state, app_current_path(app), app->fp, pager_source_pos(&app->pager));
}

void
app_set_read(struct app *app, size_t e, bool read)
{
	app->list.read[e] = read;
	app->read_known[e] = true;
	if (app->state != NULL)
		state_set_read(app->state, app->lib->entries[e].path,
		    (long)e == app->current ? app->fp : 0, read);
}

bool
app_is_read(struct app *app, size_t e)
{
	struct state_article rec;

	if (!app->read_known[e]) {
		app->read_known[e] = true;
		if (app->state != NULL && state_get(app->state, app->lib->entries[e].path, 0, &rec))
			app->list.read[e] = rec.read;
	}
	return app->list.read[e];
}

static unsigned long long
fingerprint(const struct article *a)
{
	return state_fingerprint(
	    a->size, a->data, a->size < STATE_HEAD_BYTES ? a->size : STATE_HEAD_BYTES);
}

/* Takes the shown article's record from the state: where it was left, its
 * marks, and whether it was read (found by content when it moved). */
static size_t
restore(struct app *app, const struct article *a)
{
	struct state_article rec;

	app->fp = fingerprint(a);
	if (app->state == NULL || !state_get(app->state, app_current_path(app), app->fp, &rec))
		return 0;
	app->list.read[app->current] = rec.read;
	app->read_known[app->current] = true;
	for (int i = 0; i < STATE_MARKS; i++)
		if (rec.mark_set & (UINT64_C(1) << i))
			jumps_set_mark(&app->jumps, (char)state_mark_letter(i),
			    (struct position){ app->current, rec.marks[i] });
	return app->opt.remember_position && rec.position < a->size ? rec.position : 0;
}

/* The article shown could not be opened (again), for the reason err
 * (freed here): the pane is emptied and says why until another opens. */
static unsigned
open_failed(struct app *app, char *err)
{
	pager_clear(&app->pager);
	/* No bytes, no fingerprint: nothing read or set here is filed under
	 * the content of the article shown before. */
	app->fp = 0;
	free(app->open_error);
	app->open_error = article_safe_line(err, strlen(err));
	app_message(app, true, "%s", app->open_error);
	free(err);
	return DIRTY_ARTICLE | DIRTY_STATUS;
}

/* Shows entry e in the article pane, opening its file again even when it
 * is the one shown. */
static unsigned
open_article(struct app *app, long e)
{
	struct article *a;
	struct doc *d;
	struct doc_options o;
	char *err = NULL;
	size_t pos;

	keep_position(app);
	/* Lowercase marks belong to their article; with a state they are read
	 * again from it when the article is shown. */
	if (app->state != NULL)
		jumps_forget_local(&app->jumps);
	app->current = e;
	menuview_close(&app->menu);
	/* The search stays, but its state belonged to the other article. */
	finder_clear(&app->finder);
	a = library_open(app->lib, (size_t)e, true, &err);
	if (a == NULL)
		return open_failed(app, err);
	article_find_title(a, app->lib->skip);
	free(app->open_error);
	app->open_error = NULL;
	pos = restore(app, a);
	app_doc_options(app, &o);
	d = doc_open(a, &o);
	pager_open_doc(&app->pager, d, 0);
	pager_goto_source(&app->pager, pos);
	if (d->notice != NULL)
		app_message(app, false, "%s", d->notice);
	return DIRTY_ARTICLE | DIRTY_STATUS;
}

unsigned
app_show_entry(struct app *app, long e)
{
	if (e < 0 || (size_t)e >= app->lib->n || e == app->current)
		return 0;
	return open_article(app, e);
}

unsigned
app_reload(struct app *app)
{
	struct article *a;
	struct doc_options o;
	char *err = NULL;
	size_t src = pager_source_pos(&app->pager);

	/* The search's positions and article belonged to the old bytes. */
	finder_clear(&app->finder);
	menuview_close(&app->menu);
	a = library_open(app->lib, (size_t)app->current, true, &err);
	/* Bytes of its own stay shown while the file is being written (an
	 * empty or half-written archive), until it changes again. */
	if (a == NULL && app->pager.doc != NULL && article_rewatch(app->pager.doc->source)) {
		char *safe = article_safe_line(err, strlen(err));

		app_message(app, true, "%s", safe);
		free(safe);
		free(err);
		return DIRTY_STATUS;
	}
	if (a == NULL)
		return open_failed(app, err) | DIRTY_LIST;
	/* A decoded file is decoded again as far as the reader was. */
	while (a->size <= src && article_feed_ready(a) && article_feed(a, 20000))
		;
	article_find_title(a, app->lib->skip);
	/* Shown as it was: rendered or raw. */
	doc_options_of(app->pager.doc, &o);
	o.width = app->pager.text_cols;
	pager_reload_doc(&app->pager, doc_open(a, &o));
	app->fp = fingerprint(a);
	if (app->origin > app->pager.article->size)
		app->origin = app->pager.article->size;
	library_retitle(app->lib, (size_t)app->current, a->data, a->size);
	growview_reloaded(app);
	return DIRTY_ARTICLE | DIRTY_STATUS | DIRTY_LIST;
}

unsigned
app_watch(struct app *app)
{
	/* A fault means some article's pages went away, most likely the shown
	 * one's; its stat tells (a scan reads other articles). */
	bool faulted = article_guard_tripped();

	if (app->current >= 0 && app->pager.doc != NULL && article_changed(app->pager.doc->source))
		return app_reload(app);
	if (!faulted)
		return 0;
	app_message(app, true, "An article changed on disk while it was read");
	return DIRTY_STATUS;
}

/* Marks the shown article read once the reader has opened it, when that is
 * what the configuration asks for. */
static unsigned
note_opened(struct app *app)
{
	if (app->current < 0 || app->pager.article == NULL ||
	    app->opt.mark_read != MARK_READ_OPEN || app_is_read(app, (size_t)app->current))
		return 0;
	app_set_read(app, (size_t)app->current, true);
	return DIRTY_LIST;
}

/* Marks the shown article read once its end has been on the screen, when
 * that is what the configuration asks for. */
static unsigned
note_end(struct app *app)
{
	if (app->current < 0 || app->opt.mark_read != MARK_READ_END || app->pager.article == NULL ||
	    app_is_read(app, (size_t)app->current) ||
	    pager_bottom(&app->pager) < app->pager.article->size)
		return 0;
	app_set_read(app, (size_t)app->current, true);
	return DIRTY_LIST;
}

/* Selects entry e in the list and shows it, read if the article pane has
 * the focus. */
unsigned
app_open_entry(struct app *app, long e)
{
	unsigned dirty;

	listview_select_entry(&app->list, (size_t)e);
	dirty = app_show_entry(app, e) | DIRTY_LIST | DIRTY_STATUS;
	if (app->focus == FOCUS_ARTICLE)
		dirty |= note_opened(app);
	return dirty;
}

static unsigned
relayout(struct app *app)
{
	return app_resize(app, app->panes.rows, app->panes.cols);
}

unsigned
app_set_focus(struct app *app, enum focus f)
{
	unsigned dirty = DIRTY_LIST | DIRTY_ARTICLE | DIRTY_STATUS;

	if (f == FOCUS_LIST && app->zoom)
		app->zoom = false;
	app->focus = f;
	if (f == FOCUS_ARTICLE)
		dirty |= note_opened(app);
	return dirty | relayout(app);
}

/* Moves the list selection and shows what it lands on. */
unsigned
app_list_moved(struct app *app, bool moved)
{
	if (!moved)
		return 0;
	return DIRTY_LIST | DIRTY_STATUS | app_show_entry(app, listview_selected_entry(&app->list));
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
	if (app->help)
		return pager_scroll(&app->help_pager, n) ? DIRTY_ALL : 0;
	if (in_list(app))
		return app_list_moved(app, listview_move(&app->list, n));
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
	char *text = help_text(app->keymap);
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
	if (app->help)
		return pager_goto(&app->help_pager, 0) ? DIRTY_ALL : 0;
	if (!in_list(app))
		app_record_jump(app);
	if (in_list(app))
		return app_list_moved(
		    app, listview_select_nth(&app->list, count > 0 ? (size_t)count - 1 : 0));
	if (count > 0)
		return pager_moved(pager_goto_line(&app->pager, count));
	return pager_moved(pager_goto(&app->pager, 0));
}

static unsigned
h_bottom(struct app *app, long count)
{
	if (app->help)
		return pager_goto_end(&app->help_pager) ? DIRTY_ALL : 0;
	if (!in_list(app))
		app_record_jump(app);
	if (in_list(app))
		return app_list_moved(app,
		    listview_select_nth(&app->list, count > 0 ? (size_t)count - 1 : (size_t)-1));
	if (count > 0)
		return pager_moved(pager_goto_line(&app->pager, count));
	return filterview_end(app);
}

static unsigned
h_percent(struct app *app, long count)
{
	long pct = count > 0 ? count : 0;

	if (!in_list(app))
		app_record_jump(app);
	if (in_list(app)) {
		size_t n = listview_count(&app->list);

		return app_list_moved(app,
		    listview_select_nth(&app->list,
			n == 0
			    ? 0
			    : (size_t)((double)(n - 1) * (double)(pct > 100 ? 100 : pct) / 100.0)));
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
	/* Enter on an article that could not be opened tries again. */
	if (e == app->current && app->open_error != NULL)
		return open_article(app, e) | app_set_focus(app, FOCUS_ARTICLE);
	return app_show_entry(app, e) | app_set_focus(app, FOCUS_ARTICLE);
}

static unsigned
h_focus_next(struct app *app, long count)
{
	return app_set_focus(app, app->focus == FOCUS_LIST ? FOCUS_ARTICLE : FOCUS_LIST);
}

static unsigned
h_focus_list(struct app *app, long count)
{
	return app_set_focus(app, FOCUS_LIST);
}

static unsigned
h_focus_article(struct app *app, long count)
{
	return app_set_focus(app, FOCUS_ARTICLE);
}

/* Opens the article n entries after (before, n < 0) the current one. */
static unsigned
step_article(struct app *app, long n)
{
	long e = app->current >= 0 ? app->current : 0;
	long target = app->lib->n > 0 ? (long)listview_step(&app->list, (size_t)e, n, false) : 0;

	if (target == app->current) {
		app_message(app, false, n > 0 ? "Last article" : "First article");
		return DIRTY_STATUS;
	}
	app_record_jump(app);
	return app_open_entry(app, target);
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

	/* The same limits app_resize keeps to. */
	if (w < 8 || w > app->panes.cols / 2)
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

struct position
app_here(const struct app *app)
{
	return (struct position){ app->current, pager_source_pos(&app->pager) };
}

void
app_record_jump(struct app *app)
{
	if (app->current >= 0)
		jumps_record(&app->jumps, app_here(app));
}

unsigned
app_go_to(struct app *app, struct position p)
{
	unsigned dirty = 0;

	if (p.entry != app->current)
		dirty |= app_open_entry(app, p.entry);
	pager_goto_source(&app->pager, p.pos);
	return dirty | DIRTY_ARTICLE | DIRTY_STATUS;
}

unsigned
app_idle(struct app *app)
{
	struct pager *pg = &app->pager;
	size_t was = pg->nindexed, k = pg->top / PAGER_INDEX_STEP;

	if (growview_busy(app) && (app->feed_wait || !app_searching(app)))
		return growview_idle(app, app->feed_wait ? APP_IDLE_BUDGET_US : COUNT_BUDGET_US);
	if (filterview_busy(app))
		return filterview_idle(app, APP_IDLE_BUDGET_US);
	if (finder_busy(&app->finder))
		return searchview_run_finder(app, APP_IDLE_BUDGET_US);
	if (scan_busy(&app->scan))
		return searchview_run_scan(app, APP_IDLE_BUDGET_US);
	/* The status gains the top's line number when the count passes it,
	 * and the total when the count ends. */
	if (pager_counting(pg))
		return pager_count_lines(pg, COUNT_BUDGET_US) || (k >= was && k < pg->nindexed)
		    ? DIRTY_STATUS
		    : 0;
	/* A long line at the top is laid out on towards its end, which
	 * changes nothing on the screen but makes a jump into it free. */
	if (pager_warming(pg))
		pager_warm(pg, COUNT_BUDGET_US);
	return 0;
}

bool
app_searching(const struct app *app)
{
	return finder_busy(&app->finder) || scan_busy(&app->scan);
}

bool
app_busy(const struct app *app)
{
	return app_searching(app) || pager_counting(&app->pager) || pager_warming(&app->pager) ||
	    growview_busy(app) || filterview_busy(app);
}

static unsigned
h_para_next(struct app *app, long count)
{
	bool moved = false;

	for (long i = 0; i < (count > 0 ? count : 1); i++)
		moved |= pager_paragraph(&app->pager, 1);
	return pager_moved(moved);
}

static unsigned
h_para_prev(struct app *app, long count)
{
	bool moved = false;

	for (long i = 0; i < (count > 0 ? count : 1); i++)
		moved |= pager_paragraph(&app->pager, -1);
	return pager_moved(moved);
}

/* Opens the next (previous) unread article, in list order. */
static unsigned
step_unread(struct app *app, int dir)
{
	size_t e = app->current >= 0 ? (size_t)app->current : 0, next;

	while (app->lib->n > 0 && (next = listview_step(&app->list, e, dir, false)) != e)
		if (!app_is_read(app, e = next)) {
			app_record_jump(app);
			return app_go_to(app, (struct position){ (long)e, 0 });
		}
	app_message(app, false, dir > 0 ? "No unread article below" : "No unread article above");
	return DIRTY_STATUS;
}

static unsigned
h_next_unread(struct app *app, long count)
{
	return step_unread(app, 1);
}

static unsigned
h_prev_unread(struct app *app, long count)
{
	return step_unread(app, -1);
}

unsigned
app_save(struct app *app, bool force)
{
	long now = timing_now_us();
	char *err = NULL;

	if (app->state == NULL)
		return 0;
	keep_position(app);
	if (!force && now - app->last_save_us < SAVE_EVERY_US)
		return 0;
	app->last_save_us = now;
	if (!state_dirty(app->state))
		return 0;
	if (state_save(app->state, &err) == 0 && err == NULL) {
		app->save_warned = false;
		return 0;
	}
	if (err == NULL || app->save_warned) {
		free(err);
		return 0;
	}
	app->save_warned = true;
	app_message(app, true, "%s", err);
	free(err);
	return DIRTY_STATUS;
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
	[ACT_SEARCH_FORWARD] = searchview_forward,
	[ACT_SEARCH_BACKWARD] = searchview_backward,
	[ACT_SEARCH_NEXT] = searchview_next,
	[ACT_SEARCH_PREV] = searchview_prev,
	[ACT_FILTER] = filterview_prompt,
	[ACT_NEXT_HEADING] = docview_next_heading,
	[ACT_PREV_HEADING] = docview_prev_heading,
	[ACT_OUTLINE] = docview_outline,
	[ACT_LINKS] = docview_links,
	[ACT_TOGGLE_SOURCE] = docview_toggle_source,
	[ACT_TOGGLE_WRAP] = readview_toggle_wrap,
	[ACT_SCROLL_RIGHT] = readview_scroll_right,
	[ACT_SCROLL_LEFT] = readview_scroll_left,
	[ACT_MARK_SET] = markview_set,
	[ACT_MARK_JUMP] = markview_jump,
	[ACT_JUMP_BACK] = markview_back,
	[ACT_JUMP_FORWARD] = markview_forward,
	[ACT_PARA_NEXT] = h_para_next,
	[ACT_PARA_PREV] = h_para_prev,
	[ACT_NEXT_UNREAD] = h_next_unread,
	[ACT_PREV_UNREAD] = h_prev_unread,
	[ACT_TOGGLE_READ] = listcmd_toggle_read,
	[ACT_MARK_ALL_READ] = listcmd_mark_all_read,
	[ACT_UNDO] = listcmd_undo,
	[ACT_INFO] = listcmd_info,
	[ACT_SET_TITLE] = listcmd_set_title,
	[ACT_SORT] = sortview_cycle,
	[ACT_HIDE_READ] = sortview_hide_read,
	[ACT_OPEN_LINK] = outcmd_open_link,
	[ACT_COPY] = copycmd_prefix,
	[ACT_COPY_PARAGRAPH] = copycmd_paragraph,
	[ACT_COPY_RANGE] = copycmd_range,
	[ACT_COPY_LINK] = outcmd_copy_link,
	[ACT_COPY_PATH] = outcmd_copy_path,
	[ACT_PIPE] = outcmd_pipe,
	[ACT_SAVE] = savecmd_save,
	[ACT_SHELL] = outcmd_shell,
	[ACT_EDIT] = outcmd_edit,
	[ACT_FOLLOW] = growview_follow,
	[ACT_RESCAN] = rescanview_rescan,
	/* Prompt actions do nothing outside the prompt. */
	[ACT_ACCEPT] = h_none,
	[ACT_CANCEL] = h_none,
	[ACT_BACKSPACE] = h_none,
	[ACT_DELETE_WORD] = h_none,
	[ACT_CLEAR] = h_none,
	[ACT_HISTORY_PREV] = h_none,
	[ACT_HISTORY_NEXT] = h_none,
	[ACT_SAVE_FORMAT] = h_none,
};

/* Who takes the key after one that waits for it. */
static unsigned (*const pending_keys[])(struct app *app, int key) = {
	[PENDING_MARK_SET] = markview_key,
	[PENDING_MARK_JUMP] = markview_key,
	[PENDING_COPY] = copycmd_key,
	[PENDING_COPY_MARK] = copycmd_key,
	[PENDING_SAVE_CONFIRM] = savecmd_key,
};

void
app_init(struct app *app, struct library *lib, struct keymap *km, const struct app_options *opt,
    struct state *st)
{
	memset(app, 0, sizeof *app);
	app->state = st;
	app->last_save_us = timing_now_us();
	app->lib = lib;
	app->keymap = km;
	app->opt = opt != NULL ? *opt : app_default_options;
	app->current = -1;
	app->count = -1;
	app->focus = FOCUS_LIST;
	listview_init(&app->list, lib);
	app->read_known = xcalloc(lib->n + 1, sizeof *app->read_known);
	for (size_t i = 0; st != NULL && i < state_history_count(st); i++) {
		xgrow((void **)&app->history, &app->caphistory, app->nhistory + 1,
		    sizeof *app->history);
		app->history[app->nhistory++] = xstrdup(state_history_get(st, i));
	}
	pager_init(&app->pager);
	app->pager.lopts = app->opt.layout;
	pager_init(&app->help_pager);
	prompt_init(&app->prompt);
	finder_init(&app->finder);
	scan_init(&app->scan);
	app->origin_entry = -1;
	app->panes.rows = 24;
	app->panes.cols = 80;
	if (lib->n == 1 && (lib->entries[0].flags & ENTRY_EXPLICIT)) {
		app->zoom = true;
		app->focus = FOCUS_ARTICLE;
	}
	app_show_entry(app,
	    listview_selected_entry(&app->list) >= 0 ? listview_selected_entry(&app->list) : 0);
	if (app->focus == FOCUS_ARTICLE)
		note_opened(app);
}

void
app_free(struct app *app)
{
	listview_free(&app->list);
	pager_clear(&app->pager);
	pager_clear(&app->help_pager);
	menuview_close(&app->menu);
	prompt_free(&app->prompt);
	outside_job_clear(&app->job);
	save_ask_clear(&app->save);
	finder_free(&app->finder);
	scan_free(&app->scan);
	for (size_t i = 0; i < app->nhistory; i++)
		free(app->history[i]);
	free(app->history);
	jumps_free(&app->jumps);
	free(app->read_known);
	free(app->undo_read);
	free(app->last_pattern);
	free(app->message);
	free(app->open_error);
	memset(app, 0, sizeof *app);
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
	/* With the article hidden (narrow list), lay it out for the whole
	 * width it gets when shown, so positions and percentages stay true. */
	avail = p->article ? p->art_w - (p->sep_x >= 0 ? 1 : 0) : cols;
	if (avail < 1)
		avail = 1;
	p->text_w =
	    app->opt.text_width > 0 && app->opt.text_width < avail ? app->opt.text_width : avail;
	if (app->opt.center)
		p->text_x += (avail - p->text_w) / 2;
	listview_set_height(&app->list, p->body_rows);
	pager_resize(&app->pager, p->body_rows, p->text_w);
	if (app->help)
		pager_resize(&app->help_pager, p->body_rows, cols);
	menuview_set_height(&app->menu, p->body_rows - 1);
	return DIRTY_ALL;
}

/* Actions that move through the help screen; any other key closes it. */
static const bool help_moves[ACT_COUNT] = {
	[ACT_LINE_DOWN] = true,
	[ACT_LINE_UP] = true,
	[ACT_PAGE_DOWN] = true,
	[ACT_PAGE_UP] = true,
	[ACT_HALF_DOWN] = true,
	[ACT_HALF_UP] = true,
	[ACT_TOP] = true,
	[ACT_BOTTOM] = true,
};

static unsigned
help_key(struct app *app, int key)
{
	enum action a = keymap_lookup(app->keymap, CTX_ARTICLE, key);

	if (help_moves[a])
		return handlers[a](app, -1);
	app->help = false;
	pager_clear(&app->help_pager);
	return DIRTY_ALL;
}

unsigned
app_key(struct app *app, int key)
{
	enum context ctx = in_list(app) ? CTX_LIST : CTX_ARTICLE;
	unsigned dirty = 0;
	enum action a;
	long count;

	if (growview_waiting(app))
		return growview_stop(app);
	if (filterview_waiting(app))
		return filterview_stop(app);
	if (app->message != NULL) {
		free(app->message);
		app->message = NULL;
		dirty |= DIRTY_STATUS;
	}
	/* The key acts on what the file holds now. */
	dirty |= app_watch(app);
	if (app->help)
		return dirty | help_key(app, key);
	if (app->menu.open)
		return dirty | docview_menu_key(app, key);
	if (app->prompting != PROMPT_NONE)
		return dirty | searchview_prompt_key(app, key);
	if (app->pending != PENDING_NONE)
		return dirty | pending_keys[app->pending](app, key);
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
	dirty |= handlers[a](app, count);
	return dirty | note_end(app);
}

static unsigned
mouse(struct app *app, int y, int x, int button)
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
			return app_list_moved(app, listview_move(&app->list, n));
		if (on_article)
			return pager_moved(pager_scroll(&app->pager, n));
		return 0;
	}
	if (button != 1)
		return 0;
	if (on_list) {
		size_t r = app->list.top + (size_t)y;

		if (r < app->list.nrows) {
			dirty |= app_list_moved(app, listview_select_row(&app->list, r));
			if (app->list.rows[r].kind == ROW_GROUP)
				dirty |= h_toggle_group(app, -1);
		}
		if (app->focus != FOCUS_LIST)
			dirty |= app_set_focus(app, FOCUS_LIST);
		return dirty;
	}
	if (on_article && app->focus != FOCUS_ARTICLE)
		return app_set_focus(app, FOCUS_ARTICLE);
	return 0;
}

unsigned
app_mouse(struct app *app, int y, int x, int button)
{
	/* The click acts on what the file holds now. */
	unsigned dirty = app_watch(app);

	/* Like a key, a click or the wheel stops following or G's wait,
	 * and is taken for that. */
	if (growview_waiting(app))
		return dirty | growview_stop(app);
	return dirty | mouse(app, y, x, button);
}
